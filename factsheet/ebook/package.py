"""The e-book's zip, written by ebooklib and then made reproducible."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import PurePosixPath

from ebooklib import epub


def package(book: epub.EpubBook, spine: list[epub.EpubItem], when: dt.datetime, lang: str) -> bytes:
    book.add_item(epub.EpubNcx())
    book.spine = spine
    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"raise_exceptions": True, "mtime": when})
    return normalised_zip(buffer.getvalue(), when.timetuple()[:6], lang)


def normalised_zip(data: bytes, when: tuple[int, ...], lang: str) -> bytes:
    """The zip rewritten for reproducibility: one timestamp on every entry, `mimetype` first
    and stored, the rest in a fixed order; the package document gets its language."""
    stamp = max(when, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "mimetype", PurePosixPath(n).parts))
        for name in names:
            content = source.read(name)
            if name.endswith(".opf"):
                content = content.replace(b"<package ", f'<package xml:lang="{lang}" '.encode(), 1)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
