"""Images are what their names say, of a size a reader can open; SVG without active parts.

Every output carries a document's images (the PDF draws them, the EPUB packs them, the HTML
page inlines them), so each is checked once when the document is loaded, and every SVG is
cleaned on its way into any output: no scripts, no event attributes, no foreign objects, no
references outside the image itself, no entities.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import tinycss2
from lxml import etree
from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 50_000_000
"""Pixels an image may have: a 50-megapixel photograph, not a decompression bomb."""

FORMATS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "GIF": (".gif",), "WEBP": (".webp",)}
"""Pillow's name of each bitmap format that e-book readers show, and its file endings."""
SVG_ENDING = ".svg"
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ACTIVE = frozenset({"script", "foreignObject", "iframe", "handler", "listener"})
"""SVG elements that run code or pull in other documents."""
EMBEDS = frozenset({"image", "use", "feImage"})
"""SVG elements that show what their href names, and nothing without it."""


class BadImage(Exception):
    """An image file that no output can carry; the message follows the image's name."""


def check_image(path: Path) -> None:
    """Raise BadImage unless the file is a whole image of the format its name says."""
    ending = path.suffix.lower()
    if ending == SVG_ENDING:
        clean_svg(path.read_bytes())
        return
    names = ", ".join(e for endings in FORMATS.values() for e in endings)
    if not any(ending in endings for endings in FORMATS.values()):
        raise BadImage(f"is not an image file factsheet can use (use {names} or .svg)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    raise BadImage(_too_big(f" ({width} × {height})"))
                image.verify()
            with Image.open(path) as image:
                image.load()  # verify() does not decode, and a cut-off file decodes short
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise BadImage(_too_big("")) from None
    except UnidentifiedImageError:
        raise BadImage(f"is not an image (its name ends in {ending})") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise BadImage(f"is damaged or cut off ({error})") from None
    if ending not in FORMATS.get(kind or "", ()):
        raise BadImage(f"is a {kind} image, but its name ends in {ending}; rename it")


def _too_big(size: str) -> str:
    return f"has more than {MAX_PIXELS:,} pixels{size}; scale it down"


def clean_svg(data: bytes) -> bytes:
    """The SVG without scripts, event attributes, foreign objects, entities, references
    outside itself (hrefs other than #fragments, CSS with url() or @import); BadImage if it
    is not well-formed SVG."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise BadImage(f"is not well-formed SVG ({error.msg})") from None
    if root.tag != f"{{{SVG}}}svg":
        raise BadImage("is not an SVG image (its root element is not <svg>)")
    for node in list(root.iter()):
        if isinstance(node, etree._Entity) or _active(node):
            _remove(node)
        elif isinstance(node.tag, str):
            for name, value in list(node.attrib.items()):
                local = etree.QName(name).localname
                if (
                    local.lower().startswith("on")
                    or (local == "href" and not value.strip().startswith("#"))
                    or (local == "style" and _refers_outside(value))
                ):
                    del node.attrib[name]
                    if local == "href" and etree.QName(node).localname in EMBEDS:
                        _remove(node)  # an image or use that shows nothing now
                        break
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _active(node: etree._Element) -> bool:
    if not isinstance(node.tag, str):
        return False
    name = etree.QName(node).localname
    return name in ACTIVE or (name == "style" and _refers_outside(node.text or ""))


def _refers_outside(css: str) -> bool:
    """Whether CSS names another resource (url(), @import), read with a real CSS tokenizer."""
    return any(_has_url(token) for token in tinycss2.parse_component_value_list(css))


def _has_url(token) -> bool:
    if token.type == "url" or (token.type == "at-keyword" and token.lower_value == "import"):
        return True
    if token.type == "function" and token.lower_name in ("url", "src"):
        return True
    return any(_has_url(child) for child in getattr(token, "content", None) or ())


def _remove(node: etree._Element) -> None:
    """Take a node out of the tree, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
