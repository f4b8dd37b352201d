"""The archival PDF, the manifest, extraction and the BagIt package, as an archive checks them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from conftest import FLAGSHIP, REPO, run_factsheet, tiny_png, unembedded_fonts
from factsheet.bag import verify_bag
from factsheet.extract import extract
from factsheet.pipeline import Options, build

ARCHIVE = f"archive/{FLAGSHIP}.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    (root / "content").mkdir()
    shutil.copyfile(REPO / "content" / f"{FLAGSHIP}.md", root / "content" / f"{FLAGSHIP}.md")
    assert build(Options(content=root / "content", out=root / "output"), lambda e: None).ok
    return root


def test_archival_pdf_is_pdfa_3b_tagged_with_embedded_fonts(built):
    with pikepdf.open(built / "output" / ARCHIVE) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        assert unembedded_fonts(pdf) == []
        assert "/Encrypt" not in pdf.trailer
        assert "/OpenAction" not in pdf.Root and "/JavaScript" not in pdf.Root.get("/Names", {})
        # No external references: no stream kept in another file, no action that opens one.
        for thing in pdf.objects:
            if isinstance(thing, pikepdf.Stream):
                assert "/F" not in thing.stream_dict and "/FFilter" not in thing.stream_dict
                assert thing.stream_dict.get("/Subtype") != "/Ref"
            elif isinstance(thing, pikepdf.Dictionary):
                assert thing.get("/S") not in ("/Launch", "/GoToR", "/ImportData", "/JavaScript")
        assert pdf.check_pdf_syntax() == []


def test_qpdf_finds_no_error(built):
    for name in (ARCHIVE, f"{FLAGSHIP}.pdf"):
        result = subprocess.run(
            ["qpdf", "--check", str(built / "output" / name)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors found" in result.stdout


def test_xmp_agrees_with_the_document_information(built):
    with pikepdf.open(built / "output" / ARCHIVE) as pdf:
        meta = pdf.open_metadata()
        info = pdf.docinfo
        assert meta["dc:title"] == str(info.Title) == "Soviet–Japanese border conflicts"
        assert meta["dc:creator"] == ["Wikipedia contributors"] == [str(info.Author)]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["pdf:Keywords"] == str(info.Keywords)
        assert meta["dc:language"] == {"en-GB"}
        assert meta["dc:rights"] == "CC BY-SA 4.0"
        assert meta["xmpRights:WebStatement"] == "https://creativecommons.org/licenses/by-sa/4.0/"
        assert meta["xmp:CreateDate"].replace("-", "") == str(info.CreationDate).removeprefix("D:")
        assert meta["xmp:ModifyDate"].replace("-", "") == str(info.ModDate).removeprefix("D:")


def test_the_source_and_the_data_travel_inside(built):
    with pikepdf.open(built / "output" / ARCHIVE) as pdf:
        files = {str(spec.UF): (str(spec.AFRelationship), spec) for spec in pdf.Root.AF}
        assert {name: kind for name, (kind, _) in files.items()} == {
            f"{FLAGSHIP}.md": "/Source",
            f"{FLAGSHIP}.factsheet.json": "/Data",
        }
        source = files[f"{FLAGSHIP}.md"][1].EF.F
        assert source.read_bytes() == (built / "content" / f"{FLAGSHIP}.md").read_bytes()
        assert str(source.Subtype) == "/text/markdown"
        data = json.loads(files[f"{FLAGSHIP}.factsheet.json"][1].EF.F.read_bytes())
    assert data["schema"] == "factsheet-document" and data["schema_version"] == 1
    assert data["front_matter"]["infobox"]["sides"][0]["casualties"]["total"] == [{"value": 33000}]
    # Leaders and commanders without a sort key are names, as the file writes them.
    assert data["front_matter"]["infobox"]["sides"][1]["leaders"] == ["Hirohito"]


def test_manifest_lists_every_output_with_hashes_inputs_and_versions(built):
    import hashlib

    manifest = json.loads((built / "output" / "manifest.json").read_text())
    assert set(manifest["tools"]) == {"factsheet", "weasyprint", "ebooklib", "pango"}
    paths = [entry["path"] for entry in manifest["outputs"]]
    assert paths == sorted([ARCHIVE, f"{FLAGSHIP}.epub", f"{FLAGSHIP}.html", f"{FLAGSHIP}.pdf"])
    for entry in manifest["outputs"]:
        data = (built / "output" / entry["path"]).read_bytes()
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
        [source] = entry["inputs"]
        assert source["path"] == f"content/{FLAGSHIP}.md"
        text = (built / "content" / f"{FLAGSHIP}.md").read_bytes()
        assert source["sha256"] == hashlib.sha256(text).hexdigest()


def test_extracting_and_rebuilding_gives_the_same_files(built, tmp_path):
    extracted = extract(built / "output" / ARCHIVE, tmp_path / "content")
    assert sorted((item.path.name, item.relationship) for item in extracted) == [
        (f"{FLAGSHIP}.factsheet.json", "Data"),
        (f"{FLAGSHIP}.md", "Source"),
    ]
    assert build(Options(content=tmp_path / "content", out=tmp_path / "output"), print).ok
    for name in (ARCHIVE, f"{FLAGSHIP}.pdf", f"{FLAGSHIP}.epub", f"{FLAGSHIP}.html"):
        assert (tmp_path / "output" / name).read_bytes() == (built / "output" / name).read_bytes()


def test_a_bundle_round_trips_with_its_images_and_their_date(project, tmp_path):
    project.write(
        "map-sheet/index.md", "---\ntitle: Map\nupdated: 2024-05-01\n---\n![The map](maps/a.png)\n"
    )
    (project.content / "map-sheet" / "maps").mkdir()
    (project.content / "map-sheet" / "maps" / "a.png").write_bytes(tiny_png())
    assert build(Options(content=project.content, out=project.out, formats=("archive",)), print).ok
    extracted = extract(project.out / "archive" / "map-sheet.pdf", tmp_path / "back")
    found = sorted(
        (item.path.relative_to(tmp_path / "back").as_posix(), item.relationship)
        for item in extracted
    )
    assert found == [
        ("map-sheet.factsheet.json", "Data"),
        ("map-sheet/index.md", "Source"),
        ("map-sheet/maps/a.png", "Source"),
    ]
    assert (tmp_path / "back" / "map-sheet" / "maps" / "a.png").read_bytes() == tiny_png()
    may_2024 = 1_714_521_600  # 2024-05-01T00:00:00Z, the document's date, as the PDF records it
    assert {item.path.stat().st_mtime for item in extracted} == {may_2024}


def test_one_changed_input_byte_changes_every_output(built, tmp_path):
    shutil.copytree(built / "content", tmp_path / "content")
    source = tmp_path / "content" / f"{FLAGSHIP}.md"
    source.write_text(source.read_text().replace("Northeast Asia}", "North-east Asia}"))
    assert build(Options(content=tmp_path / "content", out=tmp_path / "output"), print).ok
    for name in (ARCHIVE, f"{FLAGSHIP}.pdf", f"{FLAGSHIP}.epub", f"{FLAGSHIP}.html"):
        assert (tmp_path / "output" / name).read_bytes() != (built / "output" / name).read_bytes()
    with (
        pikepdf.open(tmp_path / "output" / ARCHIVE) as new,
        pikepdf.open(built / "output" / ARCHIVE) as old,
    ):
        assert bytes(new.trailer.ID[0]) != bytes(old.trailer.ID[0])


def test_archive_package_validates_and_names_an_altered_file(built, tmp_path):
    shutil.copytree(built / "content", tmp_path / "content")
    result = run_factsheet("archive", "--out", "bag", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    bag = tmp_path / "bag"
    assert sorted(p.relative_to(bag / "data").as_posix() for p in (bag / "data").rglob("*.*")) == [
        ARCHIVE,
        f"epub/{FLAGSHIP}.epub",
        "manifest.json",
        f"sources/{FLAGSHIP}.md",
    ]
    assert (bag / "manifest-sha256.txt").is_file() and (bag / "manifest-sha512.txt").is_file()
    import bagit

    bagit.Bag(str(bag)).validate()
    assert verify_bag(bag) == []
    assert run_factsheet("verify", "bag", cwd=tmp_path).returncode == 0

    altered = bag / "data" / "sources" / f"{FLAGSHIP}.md"
    altered.write_bytes(altered.read_bytes().replace(b"1932", b"1933"))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag)).validate()
    bad = run_factsheet("verify", "bag", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.strip() == f"bag: data/sources/{FLAGSHIP}.md: changed (sha256 does not match)"


def test_the_id_follows_the_templates_and_the_print_settings(built, tmp_path):
    """The first half of /ID hashes every input and the page as the templates render it."""
    from factsheet.writers.job import PrintSettings

    def first_id(out, **options) -> bytes:
        content = built / "content"
        assert build(Options(content=content, out=out, formats=("archive",), **options), print).ok
        with pikepdf.open(out / ARCHIVE) as pdf:
            return bytes(pdf.trailer.ID[0])

    mine = tmp_path / "mine" / "partials"
    mine.mkdir(parents=True)
    (mine / "colophon.html.j2").write_text('<footer class="colophon">Our museum</footer>\n')
    plain = first_id(tmp_path / "plain")
    assert first_id(tmp_path / "again") == plain
    assert first_id(tmp_path / "letter", printing=PrintSettings(paper="letter")) != plain
    assert first_id(tmp_path / "templates", templates=mine.parent) != plain
    # A template that leaves the page as it was leaves the /ID as it was.
    same = tmp_path / "same" / "partials"
    same.mkdir(parents=True)
    default = REPO / "templates" / "partials" / "colophon.html.j2"
    (same / "colophon.html.j2").write_text(default.read_text(encoding="utf-8") + "{# ours #}")
    assert first_id(tmp_path / "unchanged", templates=same.parent) == plain


def test_the_writer_alone_attaches_the_sources_to_the_printed_edition(flagship_printed):
    import io

    from factsheet.writers import archive

    job, printed = flagship_printed
    with pikepdf.open(io.BytesIO(archive.write(job, printed))) as written:
        assert len(written.pages) == len(printed.layout.pages)
        assert sorted(written.attachments) == sorted(
            [*(Path(name).name for name in job.files), f"{job.document.slug}.factsheet.json"]
        )
