"""Sources cited and defined, links and their targets, footnotes, images through the Door."""

from __future__ import annotations

import urllib.parse

from hypothesis import given, settings
from hypothesis import strategies as st
from sheets import read_sheet, shown

from factsheet.checks import references
from factsheet.checks.references import _scheme


def test_every_repeated_source_id_is_named_at_its_id(project):
    subject = read_sheet(
        project,
        """
        ---
        title: T
        sources:
          - {id: a, title: A}
          - {id: a, title: B}
          - {id: b, title: C}
          - {id: a, title: D}
        ---
        """,
    )
    found = references.duplicate_source_ids(subject.document, subject.positions)
    assert shown(found, subject) == [
        "content/doc.md:5:10: sources[1].id: duplicate source id 'a'",
        "content/doc.md:7:10: sources[3].id: duplicate source id 'a'",
    ]


def test_front_matter_addresses_lead_to_the_web_or_a_mailbox(project):
    subject = read_sheet(
        project,
        """
        ---
        title: T
        sources:
          - {id: a, title: A, url: "mailto:editor@example.org"}
          - {id: b, title: B, url: "https://example.org/b"}
          - {id: c, title: C, url: "sources/c.pdf"}
        license: {name: L, url: "file:///etc/licence"}
        ---
        """,
    )
    found = references.web_addresses(subject.document, subject.positions)
    assert shown(found, subject) == [
        "content/doc.md:6:28: sources[2].url: expected an http(s) or mailto address,"
        " got 'sources/c.pdf'",
        "content/doc.md:7:25: license.url: expected an http(s) or mailto address,"
        " got 'file:///etc/licence'",
    ]


def test_a_numbers_source_is_one_of_the_documents_wherever_it_stands(project):
    subject = read_sheet(
        project,
        """
        ---
        title: T
        sources: [{id: wp, title: W}]
        infobox:
          sides:
            - strength: [{item: men, count: {value: 5, source: wq}}]
              casualties:
                killed: {value: 1, source: wp}
                material:
                  - {item: tanks, count: [{value: 1, source: wp}, {value: 2, source: nyt}]}
            - {}
        ---
        """,
    )
    found = references.quantity_sources(subject.document, subject.positions)
    assert shown(found, subject) == [
        "content/doc.md:6:56: infobox.sides[0].strength[0].count.source:"
        " unknown source id 'wq'; did you mean 'wp'? (known: wp)",
        "content/doc.md:10:78: infobox.sides[0].casualties.material[0].count[1].source:"
        " unknown source id 'nyt' (known: wp)",
    ]


def test_a_citation_without_any_sources_says_none_are_listed(project):
    subject = read_sheet(project, "---\ntitle: T\n---\nOne.\n\n> Quoted [@x] twice [@x].\n")
    assert shown(references.citations(subject.document), subject) == [
        "content/doc.md:6:10: body: unknown source id 'x' (known: none are listed under sources:)",
        "content/doc.md:6:21: body: unknown source id 'x' (known: none are listed under sources:)",
    ]


def test_an_undefined_footnote_in_a_quote_counts_the_quote_mark_in_its_column(project):
    subject = read_sheet(project, "---\ntitle: T\n---\n> Quoted[^q].\n")
    assert shown(references.undefined_footnotes(subject.document), subject) == [
        "content/doc.md:4:9: body: footnote [^q] is not defined; add a line '[^q]: …'"
    ]


def test_links_are_kept_refused_or_warned_about_each_with_its_reason(project):
    project.write("other.md", "---\ntitle: O\n---\n")
    subject = read_sheet(
        project,
        """
        ---
        title: T
        ---
        # Start

        [a](other.md) [b](gone.md) [c](gone.md#x) [d](#start) [e](#end)
        [f](DATA:text/plain,x) [g](notes.txt) [h](nowhere) [i](https://example.org)
        """,
    )
    assert shown(references.links(subject.document), subject) == [
        "content/doc.md:6:15: body: warning: link 'gone.md': no document 'gone'"
        " in the content folder",
        "content/doc.md:6:28: body: warning: link 'gone.md#x': no document 'gone'"
        " in the content folder",
        "content/doc.md:6:55: body: warning: link '#end': no heading, footnote or source of"
        " this document has that id; it is kept as text",
        "content/doc.md:7:1: body: link 'DATA:text/plain,x': links to data: addresses are"
        " not allowed",
        "content/doc.md:7:24: body: link 'notes.txt': links to files are not allowed; link"
        " another document (name.md), an http(s) or mailto address, or a #heading of this"
        " document",
        "content/doc.md:7:39: body: warning: link 'nowhere': not another document (name.md),"
        " an http(s) or mailto address, or a #heading; it is kept as text",
    ]


def test_images_are_files_of_the_content_folder_that_are_images(project):
    (project.root / "outside.png").write_bytes(b"not even a picture")
    (project.content / "broken.png").write_bytes(b"not a picture either")
    subject = read_sheet(
        project,
        """
        ---
        title: T
        image: {file: gone.png, alt: Nothing}
        ---
        ![a](../outside.png) ![b](broken.png) ![c](https://example.org/c.png)
        """,
    )
    found = references.images(subject.document, subject.positions, subject.door)
    assert shown(found, subject) == [
        "content/doc.md:3:15: image.file: image 'gone.png' does not exist",
        "content/doc.md:5:1: body: image '../outside.png' lies outside the content folder",
        "content/doc.md:5:22: body: image 'broken.png' is not an image (its name ends in .png)",
        "content/doc.md:5:39: body: image 'https://example.org/c.png': only files inside"
        " the project can be used",
    ]


def test_a_document_is_a_file_or_a_bundle_in_the_content_folder(project):
    project.write("one.md", "x")
    project.write("two/index.md", "x")
    project.write("three/notes.md", "x")
    found = [references.has_document(project.content, s) for s in ("one", "two", "three")]
    assert found == [True, True, False]


def test_a_web_address_problem_shows_at_most_eighty_characters():
    assert references.web_address_problem("https://example.org/x") is None
    assert references.web_address_problem("mailto:a@example.org") is None
    assert references.web_address_problem("x" * 100) == (
        f"expected an http(s) or mailto address, got '{'x' * 80}'"
    )


def test_a_links_scheme_is_read_as_urlsplit_reads_it():
    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet="aZ9+.-:/ \x01\t\n\r@%#?é", max_size=12))
    def same(url: str) -> None:
        assert _scheme(url) == urllib.parse.urlsplit(url).scheme.lower()

    same()
