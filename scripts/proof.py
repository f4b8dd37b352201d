"""`make proof`: proofs a person can look at in a minute.

Every document in content/ and in each folder of good documents under tests/fixtures/ (a
folder of `<case>/input.md` cases, as golden/, or a content folder, as corpus/; bad/ holds
invalid inputs and is skipped) is built as `factsheet build --format pdf` builds it, every
page is rendered to PNG (pdftoppm), and all of a document's pages go side by side on one
contact sheet, with what factsheet.printed.geometry finds on them marked in red:

    output/proof/<name>/page-<n>.png   output/proof/<name>.png   output/proof/index.html

One line per document (its name, pages, contact sheet), then its findings, one a line.
Exit 1 when a document could not be built or rendered; findings alone do not fail it.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from factsheet.errors import ContentError
from factsheet.printed.edition import PrintedEdition, print_sheet
from factsheet.printed.geometry import Finding, findings
from factsheet.printed.proof import COLLECTION_FILE, booklet_edition, sheet_job
from factsheet.reader import discover, load_collection

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "output" / "proof"
FIXTURES = REPO / "tests" / "fixtures"
RESOLUTION = 60
"""Dots per inch of the page images: an A4 page is 496 by 702 pixels."""
PER_ROW = 8
GAP, BAND, LABEL = 16, 56, 30
PAPER, BACKGROUND, INK, MARK = "white", (214, 217, 222), (29, 42, 56), (220, 20, 20)


@dataclass(frozen=True, slots=True)
class Folder:
    """A content folder and the documents to proof in it; `prefix` keeps names apart."""

    prefix: str
    content: Path
    documents: tuple[Path, ...]
    single: bool = False
    """A case folder (golden/<case>/input.md): the document is named after its folder."""
    whole: bool = True
    """Whether the build takes the whole folder, and so its collection's booklet too."""


@dataclass(frozen=True, slots=True)
class Proof:
    name: str
    pages: int
    sheet: Path
    findings: tuple[Finding, ...]


def folders() -> Iterator[Folder]:
    """content/, then each folder of good documents under tests/fixtures/, in name order."""
    yield Folder("", REPO / "content", tuple(discover(REPO / "content", ())))
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "bad"):
        cases = sorted(folder.glob("*/input.md"))
        for case in cases:
            name = f"{folder.name}-{case.parent.name}"
            yield Folder(name, case.parent, (case,), single=True, whole=False)
        found = discover(folder, ()) if not cases else []
        documents = tuple(p for p in found if p.name.lower() != "readme.md")
        if documents:
            yield Folder(folder.name, folder, documents, whole=len(documents) == len(found))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():  # the last proofs; the builds in .build/ are kept, to be reused
        if old.name != ".build":
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    proofs: list[Proof] = []
    failed = 0
    for folder in folders():
        built = OUT / ".build" / (folder.prefix or "content")
        failed += build(folder, built)
        for name, pdf, printed in editions(folder, built):
            if printed is None or not pdf.is_file():
                print(f"{name}: not built", flush=True)
                failed += 1
                continue
            proof = proof_of(name, pdf, printed)
            proofs.append(proof)
            where = proof.sheet.relative_to(REPO)
            print(f"{name}: {counted(proof.pages, 'page')}, {where}", flush=True)
            for finding in proof.findings:
                print(f"  {finding}", flush=True)
    write_index(proofs)
    count = sum(len(proof.findings) for proof in proofs)
    index = (OUT / "index.html").relative_to(REPO)
    print(f"{index}: {counted(len(proofs), 'document')}, {counted(count, 'finding')}")
    return 1 if failed else 0


def build(folder: Folder, out: Path) -> int:
    """`factsheet build --format pdf` of the folder's documents; its problems are shown."""
    selection = () if folder.whole else tuple(map(str, folder.documents))
    command = [sys.executable, "-m", "factsheet", "build", *selection]
    command += ["--content", str(folder.content), "--out", str(out), "--format", "pdf"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return 0
    for line in result.stderr.splitlines():
        print(f"  {line}", flush=True)
    return 1


def editions(folder: Folder, built: Path) -> Iterator[tuple[str, Path, PrintedEdition | None]]:
    """Each document's proof name, its built PDF and its printed edition laid out again for
    the geometry checks (None when it does not load)."""
    for path in folder.documents:
        try:
            job = sheet_job(path, folder.content, printing=None)
        except ContentError:
            yield folder.prefix or path.stem, built / "missing.pdf", None  # build showed why
            continue
        slug = job.document.slug
        name = folder.prefix if folder.single else "-".join(filter(None, (folder.prefix, slug)))
        yield name, built / f"{slug}.pdf", print_sheet(job)
    if folder.whole and (folder.content / COLLECTION_FILE).is_file():
        collection = load_collection(folder.content / COLLECTION_FILE, None)
        name = "-".join(filter(None, (folder.prefix, collection.name)))
        yield name, built / f"{collection.name}.pdf", booklet_edition(folder.content)


def proof_of(name: str, pdf: Path, printed: PrintedEdition) -> Proof:
    """The document's pages as PNG, and its contact sheet with the findings marked."""
    pages_dir = OUT / name
    shutil.rmtree(pages_dir, ignore_errors=True)
    pages_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["pdftoppm", "-r", str(RESOLUTION), "-png", str(pdf), f"{scratch}/page"], check=True
        )
        # pdftoppm pads the page number to the width of the last one: page-01.png.
        for rendered in Path(scratch).glob("page-*.png"):
            number = int(rendered.stem.removeprefix("page-"))
            shutil.move(rendered, pages_dir / f"page-{number}.png")
    pages = sorted(pages_dir.glob("page-*.png"), key=lambda p: int(p.stem.removeprefix("page-")))
    found = tuple(findings(printed))
    sheet = OUT / f"{name}.png"
    contact_sheet(name, pages, found).save(sheet, optimize=True)
    return Proof(name, len(pages), sheet, found)


def contact_sheet(name: str, pages: list[Path], found: tuple[Finding, ...]) -> Image.Image:
    """All pages side by side under the document's name, each numbered, findings in red."""
    images = [Image.open(page).convert("RGB") for page in pages]
    width, height = images[0].size
    columns = min(len(images), PER_ROW)
    rows = -(-len(images) // PER_ROW)
    sheet = Image.new(
        "RGB",
        (GAP + columns * (width + GAP), BAND + rows * (height + LABEL + GAP)),
        BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    title, small = ImageFont.load_default(size=26), ImageFont.load_default(size=18)
    summary = ", ".join(
        [counted(len(images), "page")] + [counted(len(found), "finding")] * bool(found)
    )
    draw.text((GAP, 14), f"{name}   {summary}", fill=INK, font=title)
    # WeasyPrint's CSS pixels to the image's; the proofs have no bleed, so the image is the trim.
    scale = RESOLUTION / 96
    for index, image in enumerate(images):
        left = GAP + index % PER_ROW * (width + GAP)
        top = BAND + index // PER_ROW * (height + LABEL + GAP)
        sheet.paste(image, (left, top))
        draw.rectangle((left - 1, top - 1, left + width, top + height), outline=(120, 120, 120))
        for number, finding in enumerate(found, start=1):
            if finding.page == index + 1:
                x0, y0, x1, y1 = (round(v * scale) for v in finding.rect)
                box = (left + x0 - 2, top + y0 - 2, left + x1 + 2, top + y1 + 2)
                draw.rectangle(box, outline=MARK, width=3)
                draw.text((box[0], max(top, box[1] - 20)), str(number), fill=MARK, font=small)
        draw.text((left + width // 2, top + height + 6), str(index + 1), fill=INK, font=small)
    return sheet


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def write_index(proofs: list[Proof]) -> None:
    """output/proof/index.html: every contact sheet, its pages and its findings."""
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>Proofs</title>',
        "<style>body{font-family:sans-serif;margin:1em;background:#eee}"
        "img{max-width:100%;border:1px solid #999}li.finding{color:#b00}</style></head><body>",
        "<h1>Proofs</h1>",
    ]
    for proof in proofs:
        sheet, name = html.escape(proof.sheet.name), html.escape(proof.name)
        pages = " ".join(
            f'<a href="{name}/page-{n}.png">{n}</a>' for n in range(1, proof.pages + 1)
        )
        notes = "".join(
            f'<li class="finding">{number}. {html.escape(str(finding))}</li>'
            for number, finding in enumerate(proof.findings, start=1)
        )
        parts += [
            f'<h2 id="{name}">{name}</h2>',
            f"<p>{counted(proof.pages, 'page')}: {pages}</p>",
            f"<ul>{notes}</ul>" if notes else "<p>No findings.</p>",
            f'<p><a href="{sheet}"><img src="{sheet}" alt="The pages of {name}"/></a></p>',
        ]
    parts.append("</body></html>\n")
    (OUT / "index.html").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
