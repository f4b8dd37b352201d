"""`factsheet impose`: a booklet's pages two-up in folding order, read back from the sheets it
writes; a careless user's files and a crafted PDF each get one line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from conftest import COLLECTION, REPO
from conftest import run_factsheet as run
from factsheet.impose import Side, folding_order

A4 = (595.2756, 841.8898)
LETTER = (612.0, 792.0)


def numbered_pdf(path: Path, pages: int, size: tuple[float, float] = A4, **boxes) -> Path:
    """A PDF whose page N says 'pN' in the middle of its trim (Helvetica, no fonts to embed)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    width, height = size
    for number in range(1, pages + 1):
        text = f"BT /F1 36 Tf {width / 2 - 30:.2f} {height / 2:.2f} Td (p{number}) Tj ET"
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, width, height],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(text.encode()),
            **boxes,
        )
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def halves_text(path: Path) -> tuple[list[tuple[str, str]], list[tuple[float, float]]]:
    """Each sheet side's left and right text, and each side's size."""
    sides, sizes = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            width, height = page.width, page.height
            left = page.crop((0, 0, width / 2, height)).extract_text().strip()
            right = page.crop((width / 2, 0, width, height)).extract_text().strip()
            sides.append((left, right))
            sizes.append((width, height))
    return sides, sizes


def expected(pages: int) -> list[tuple[str, str]]:
    return [
        tuple(f"p{n}" if n else "" for n in (side.left, side.right))
        for side in folding_order(pages)
    ]


def test_folding_order_of_eight_pages():
    assert folding_order(8) == [Side(8, 1), Side(2, 7), Side(6, 3), Side(4, 5)]


@pytest.mark.parametrize("pages", range(1, 41))
def test_folding_order_holds_every_page_once_facing_its_partner(pages):
    sides = folding_order(pages)
    padded = len(sides) * 2
    assert padded % 4 == 0 and padded - pages < 4
    numbers = [n for side in sides for n in (side.left, side.right) if n is not None]
    assert sorted(numbers) == list(range(1, pages + 1))
    full = folding_order(padded)
    # On a saddle-stitched sheet the two pages of a side add up to the padded count + 1 …
    assert all(side.left + side.right == padded + 1 for side in full)
    # … and the pages past the booklet's end are the blanks.
    blank = [Side(*(n if n <= pages else None for n in (s.left, s.right))) for s in full]
    assert sides == blank


@pytest.mark.parametrize("pages", [2, 4, 6, 9])
def test_pages_in_folding_order_on_a4_landscape(tmp_path, pages):
    source = numbered_pdf(tmp_path / "booklet.pdf", pages)
    given = source.read_bytes()
    result = run("impose", "booklet.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "wrote booklet.imposed.pdf: print both sides, flipping on the short edge"
    )
    sides, sizes = halves_text(tmp_path / "booklet.imposed.pdf")
    assert sides == expected(pages)
    assert all(size == pytest.approx((841.89, 595.28), abs=0.01) for size in sizes)
    blanks = sum(1 for side in sides for text in side if not text)
    assert blanks == -pages % 4
    assert source.read_bytes() == given, "the booklet is left as it was"


def placements(path: Path) -> list[list[float]]:
    """The matrices that place the booklet's pages on the sheets."""
    found = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "cm":
                    found.append([float(v) for v in operands])
    return found


def test_an_a4_page_is_set_at_a5_and_a_letter_page_at_half_letter(tmp_path):
    numbered_pdf(tmp_path / "a4.pdf", 4)
    numbered_pdf(tmp_path / "letter.pdf", 4, LETTER)
    assert run("impose", "a4.pdf", cwd=tmp_path).returncode == 0
    assert run("impose", "letter.pdf", cwd=tmp_path).returncode == 0
    for matrix in placements(tmp_path / "a4.imposed.pdf"):
        assert matrix[0] == pytest.approx(2**-0.5, abs=1e-4) == matrix[3]  # A4 to A5
    _, sizes = halves_text(tmp_path / "letter.imposed.pdf")
    assert sizes[0] == pytest.approx((792, 612)), "Letter pages go on Letter sheets"
    for matrix in placements(tmp_path / "letter.imposed.pdf"):
        assert matrix[0] == pytest.approx(396 / 612, abs=1e-4)  # half-Letter is 5.5 × 8.5 in
    result = run("impose", "a4.pdf", "--sheet", "letter", "--out", "on-letter.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert halves_text(tmp_path / "on-letter.pdf")[1][0] == pytest.approx((792, 612))


def test_the_trim_is_imposed_not_the_bleed_and_marks(tmp_path):
    bled = 15 * 72 / 25.4
    width, height = A4[0] + 2 * bled, A4[1] + 2 * bled
    trim = [bled, bled, bled + A4[0], bled + A4[1]]
    numbered_pdf(tmp_path / "bled.pdf", 4, (width, height), TrimBox=trim)
    assert run("impose", "bled.pdf", cwd=tmp_path).returncode == 0
    with pikepdf.open(tmp_path / "bled.imposed.pdf") as pdf:
        forms = list(pdf.pages[0].Resources.XObject.values())
        assert [float(v) for v in forms[0].BBox] == pytest.approx(trim)
    for matrix in placements(tmp_path / "bled.imposed.pdf"):
        assert matrix[0] == pytest.approx(2**-0.5, abs=1e-4)


def test_the_collection_booklet_imposes_reproducibly(tmp_path):
    import shutil

    from factsheet.pipeline import Options, build

    shutil.copytree(REPO / "content", tmp_path / "content")
    options = Options(content=tmp_path / "content", out=tmp_path / "output", formats=("pdf",))
    assert build(options, print).ok
    booklet = tmp_path / "output" / f"{COLLECTION}.pdf"
    with pikepdf.open(booklet) as pdf:
        pages = len(pdf.pages)
    assert run("impose", str(booklet), "--out", "one.pdf", cwd=tmp_path).returncode == 0
    assert run("impose", str(booklet), "--out", "two.pdf", cwd=tmp_path).returncode == 0
    one = (tmp_path / "one.pdf").read_bytes()
    assert one == (tmp_path / "two.pdf").read_bytes()
    with pikepdf.open(tmp_path / "one.pdf") as imposed:
        assert len(imposed.pages) == 2 * -(-pages // 4)
        assert str(imposed.docinfo.Title) == "Soviet–Japanese border conflicts"


def write_raw_pdf(path: Path, objects: list[str]) -> Path:
    """A PDF of the given objects, with a correct cross-reference table: what a crafter sends."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(out)
    return path


PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"


def doubling_tree(levels: int) -> list[str]:
    """A page tree of 2**levels pages made of `levels` nodes, each listing its child twice."""
    objects = ["", PAGE.replace("2 0 R", "3 0 R")]
    for level in range(levels):
        child = len(objects)
        objects.append(
            f"<< /Type /Pages /Kids [{child} 0 R {child} 0 R] /Count {2 ** (level + 1)} >>"
        )
    objects[0] = f"<< /Type /Catalog /Pages {len(objects)} 0 R >>"
    return objects


CRAFTED = {
    "recursive": (
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            PAGE,
        ],
        "not a readable PDF (",
    ),
    "doubling": (doubling_tree(60), "not a readable PDF ("),
    "enormous-page": (
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            PAGE,
            PAGE.replace("100 100", "99999999 99999999"),
        ],
        "page 2 is 1e+08 × 1e+08 pt, outside PDF's 3 to 14,400 pt",
    ),
    "flat-page": (
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            PAGE,
            PAGE.replace("100 100", "100 0"),
        ],
        "page 2 is 100 × 0 pt, outside PDF's 3 to 14,400 pt",
    ),
    "many-pages": (
        ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [{kids}] /Count 1001 >>"]
        + [PAGE] * 1001,
        "1,001 pages is more than the 1,000 imposed",
    ),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_pdf_gets_one_line(tmp_path, name):
    objects, message = CRAFTED[name]
    kids = " ".join(f"{n} 0 R" for n in range(3, len(objects) + 1))
    objects = [body.replace("{kids}", kids) for body in objects]
    write_raw_pdf(tmp_path / f"{name}.pdf", objects)
    result = run("impose", f"{name}.pdf", cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"factsheet: {name}.pdf: ") and message in line, line
    assert not (tmp_path / f"{name}.imposed.pdf").exists()


def careless(tmp_path: Path, name: str) -> Path:
    """The files a careless user might give."""
    path = tmp_path / name
    if name == "empty.pdf":
        path.write_bytes(b"")
    elif name == "notes.pdf":
        path.write_text("Meeting notes, not a PDF\n")
    elif name == "one-page.pdf":
        numbered_pdf(path, 1)
    elif name == "locked.pdf":
        numbered_pdf(tmp_path / "open.pdf", 4)
        with pikepdf.open(tmp_path / "open.pdf") as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
    elif name == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("empty.pdf", 1, "factsheet: empty.pdf: the file is empty, not a PDF"),
        ("notes.pdf", 1, "factsheet: notes.pdf: not a readable PDF ("),
        (
            "one-page.pdf",
            1,
            "factsheet: one-page.pdf: the PDF has 1 page(s); a booklet needs 2 or more",
        ),
        (
            "locked.pdf",
            1,
            "factsheet: locked.pdf: the PDF is encrypted; impose the unencrypted one",
        ),
        ("folder", 2, "factsheet: error: folder: a folder; give the booklet's PDF"),
        ("missing.pdf", 2, "factsheet: error: missing.pdf: no file; give the booklet's PDF"),
    ],
)
def test_a_careless_user_gets_one_line(tmp_path, name, code, message):
    source = careless(tmp_path, name)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("impose", name, cwd=tmp_path)
    assert result.returncode == code
    (line,) = result.stderr.splitlines()
    assert line.startswith(message), line
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing written"
    if source.is_file():
        assert "Traceback" not in result.stderr


def test_the_booklet_itself_is_never_overwritten(tmp_path):
    source = numbered_pdf(tmp_path / "booklet.pdf", 4)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result = run("impose", "booklet.pdf", "--out", "./booklet.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "factsheet: error: --out: booklet.pdf is the booklet itself; name a new file"
    ]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    (tmp_path / "sheets").mkdir()
    result = run("impose", "booklet.pdf", "--out", "sheets", cwd=tmp_path)
    assert result.returncode == 2
    assert "--out: sheets is a folder" in result.stderr
