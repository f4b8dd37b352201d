"""The collection's booklet: title page, contents with page numbers, right-hand starts, running
headers, an index of names, read back from the real PDF."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import REPO, unembedded_fonts
from factsheet.model import Person
from factsheet.pagemap import XHTML
from factsheet.printed.booklet import IndexEntry, name_index
from factsheet.reader import load_document

SHEETS = ["Soviet–Japanese border conflicts", "Battle of Lake Khasan"]


PARTS = ("People", "States and forces")


@pytest.fixture(scope="module")
def booklet(flagship_outputs):
    with pdfplumber.open(flagship_outputs["booklet"]) as pdf:
        pages = [page.extract_text(x_tolerance=1) or "" for page in pdf.pages]
        headers = [page.crop((0, 0, page.width, 46)).extract_text() or "" for page in pdf.pages]
        index = index_parts(pdf)
    return pages, headers, index


def index_parts(pdf: pdfplumber.PDF) -> dict[str, list[str]]:
    """The index's letter headings and entries part by part, as printed: each part's two
    columns read one after the other, without the page's footer."""
    parts: dict[str, list[str]] = {}
    current = None
    for page in pdf.pages:
        if not (page.extract_text() or "").startswith("Index of names"):
            continue
        found = sorted((m["top"], m["bottom"], m["text"]) for m in page.search("|".join(PARTS)))
        bands = [(None, 0.0, found[0][0] if found else page.height)] if current else []
        for number, (_, bottom, title) in enumerate(found):
            end = found[number + 1][0] if number + 1 < len(found) else page.height
            bands.append((title, bottom, end))
        for title, top, bottom in bands:
            current = title or current
            for half in (
                (0, top, page.width / 2, bottom),
                (page.width / 2, top, page.width, bottom),
            ):
                text = page.crop(half).extract_text(x_tolerance=1) or ""
                parts.setdefault(current, []).extend(
                    line
                    for line in text.splitlines()
                    if (line[-1:].isdigit() and " " in line) or (len(line) == 1 and line.isalpha())
                )
    return parts


def first_page_of(pages: list[str], title: str) -> int:
    """The page (1-based) where a sheet's big title stands at the top, after the contents."""
    contents = next(n for n, text in enumerate(pages, 1) if text.startswith("Contents"))
    for number, text in enumerate(pages[contents:], contents + 1):
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and lines[0] == title:
            return number
    raise AssertionError(f"no page starts with {title!r}")


def test_title_page_names_the_collection(booklet):
    pages, _, _ = booklet
    assert "Soviet–Japanese border conflicts" in pages[0]
    assert "Fact sheets, 1932–1939" in pages[0]
    assert "2 fact sheets" in pages[0]
    assert "CC BY-SA 4.0" in pages[0]
    assert not re.search(r"^\d+$", pages[0], re.MULTILINE), "no page number on the title page"


def test_contents_give_the_page_each_sheet_starts_on(booklet):
    pages, _, _ = booklet
    contents = next(text for text in pages if text.startswith("Contents"))
    for title in SHEETS:
        match = re.search(re.escape(title) + r"[ .]*(\d+)", contents)
        assert match, f"{title} missing from the contents"
        assert int(match[1]) == first_page_of(pages, title)
    index = re.search(r"Index of names[ .]*(\d+)", contents)
    assert index and pages[int(index[1]) - 1].startswith("Index of names")


def test_every_sheet_opens_on_a_right_hand_page(booklet):
    pages, _, _ = booklet
    starts = [first_page_of(pages, title) for title in SHEETS]
    assert starts == sorted(starts)
    assert all(number % 2 == 1 for number in starts), starts
    # The page before a sheet that would start on a left page is left blank, headers and all.
    for number in starts:
        previous = pages[number - 2]
        assert "Contents" in previous or previous.strip() == "" or "About this" in previous


def test_running_headers_name_the_sheet_of_the_page(booklet):
    pages, headers, _ = booklet
    first, second = (first_page_of(pages, title) for title in SHEETS)
    assert SHEETS[0] in headers[first]  # the overview's second page
    assert headers[first - 1].strip() == "", "no running header on a sheet's opening page"
    for number in range(second + 1, len(pages)):
        if "Battle of Lake Khasan" not in pages[number - 1].split("\n", 1)[0]:
            continue
        assert SHEETS[1] in headers[number - 1]


PEOPLE_IN_ORDER = [
    "Berzarin, Nikolai",
    "Blyukher, Vasily",
    "Choibalsan, Khorloogiin",
    "Hirohito",
    "Komatsubara, Michitaro",
    "Satō, Kōtoku",
    "Shtern, Grigory",
    "Stalin, Joseph",
    "Ueda, Kenkichi",
    "Umezu, Yoshijirō",
    "Zhukov, Georgy",
]
STATES_IN_ORDER = ["Japan", "Manchukuo", "Mongolia", "Soviet Union"]


def entry_pages(line: str) -> str:
    """The pages of an index line as printed: "5, 7" of "Blyukher, Vasily 5, 7"."""
    return re.fullmatch(r".+? (\d[\d, –]*)", line)[1]


def listed_pages(pages: str) -> list[int]:
    """ "3–5, 7" as [3, 4, 5, 7]."""
    numbers = []
    for run in pages.split(", "):
        first, _, last = run.partition("–")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def test_index_lists_people_by_family_name_then_states_each_with_its_pages(booklet):
    """Two parts under their headings; people filed by family name ("Zhukov, Georgy"), one
    entry per person across the sheets; pages as ranges, each page showing the name."""
    pages, _, index = booklet
    assert list(index) == list(PARTS)
    entries = {
        part: [
            (line.removesuffix(entry_pages(line))[:-1], entry_pages(line))
            for line in lines
            if line[1:]
        ]
        for part, lines in index.items()
    }
    assert [name for name, _ in entries["People"]] == PEOPLE_IN_ORDER
    assert [name for name, _ in entries["States and forces"]] == STATES_IN_ORDER

    as_written = {
        "Joseph Stalin", "Khorloogiin Choibalsan", "Hirohito", "Georgy Zhukov", "Grigory Shtern",
        "Vasily Blyukher", "Kenkichi Ueda", "Yoshijirō Umezu", "Michitaro Komatsubara",
        "Kōtoku Satō", "Nikolai Berzarin", *STATES_IN_ORDER,
    }  # fmt: skip
    for name in ("soviet-japanese-border-conflicts", "battle-of-lake-khasan"):
        document = load_document(REPO / "content" / f"{name}.md", REPO).document
        for side in document.meta.infobox.sides:
            written = {*side.belligerent_names, *(person.name for person in side.people)}
            assert written <= as_written, written - as_written
    flat = [" ".join(text.split()) for text in pages]
    opening = {first_page_of(pages, title) for title in SHEETS}
    printed = {name: listed_pages(numbers) for part in entries.values() for name, numbers in part}
    for name in as_written:
        words = name.split()
        shown = name if name in printed else f"{words[-1]}, {' '.join(words[:-1])}"
        listed = printed[shown]
        assert listed == sorted(set(listed)), name
        assert all(name in flat[n - 1] for n in listed), (name, listed)
        assert opening & set(listed), (name, listed)
    # Both sheets name Blyukher and Shtern: one entry each, with a page of each sheet.
    assert opening <= set(printed["Blyukher, Vasily"]) and opening <= set(
        printed["Shtern, Grigory"]
    )
    # Consecutive pages print as a range with an en dash, never as a list.
    ranges = [numbers for part in entries.values() for _, numbers in part if "–" in numbers]
    assert ranges and all(", " not in r or "–" in r for r in ranges)
    for part in entries.values():
        for _, numbers in part:
            listed = listed_pages(numbers)
            separate = [b - a for a, b in itertools.pairwise(listed)]
            assert numbers.count(",") == sum(1 for gap in separate if gap > 1), numbers


def test_each_number_of_the_index_links_to_its_page(flagship_outputs, booklet):
    """ "5–7" is two links, to pages 5 and 7; every number printed is a link to its page."""
    pages, _, index = booklet
    reader = PdfReader(flagship_outputs["booklet"])
    named = reader.named_destinations
    index_page = next(n for n, text in enumerate(pages) if text.startswith("Index of names"))
    targets = set()
    for annotation in reader.pages[index_page].get("/Annots") or []:
        destination = annotation.get_object().get("/Dest")
        if isinstance(destination, str) and destination in named:
            targets.add(reader.get_destination_page_number(named[destination]) + 1)
    numbers = [entry_pages(line) for lines in index.values() for line in lines if line[1:]]
    printed = {int(n) for runs in numbers for run in runs.split(", ") for n in run.split("–")}
    assert targets == printed and len(printed) > 1


def test_no_page_holds_only_a_colophon(booklet):
    """Where a sheet's colophon ("About this document") is set, something of the sheet stands
    before it on the same page: the sources, the casualty table, the text."""
    pages, _, _ = booklet
    colophons = [text for text in pages if "About this document" in text]
    assert len(colophons) == len(SHEETS)
    for text in colophons:
        lines = [line for line in text.splitlines() if line.strip()]
        before = lines[: lines.index("About this document")]
        assert [line for line in before if line not in SHEETS], text


def test_links_between_sheets_lead_to_the_sheet_inside_the_booklet(flagship_outputs, booklet):
    pages, _, _ = booklet
    reader = PdfReader(flagship_outputs["booklet"])
    named = reader.named_destinations
    overview = first_page_of(pages, SHEETS[0])
    khasan = first_page_of(pages, SHEETS[1])

    def link_targets(number: int) -> set[int]:
        found = set()
        for annotation in reader.pages[number - 1].get("/Annots") or []:
            annotation = annotation.get_object()
            destination = annotation.get("/Dest")
            if destination is None and "/A" in annotation:
                destination = annotation["/A"].get("/D")
            if isinstance(destination, str) and destination in named:
                found.add(reader.get_destination_page_number(named[destination]) + 1)
        return found

    # The overview's "See also" goes to Lake Khasan, and Lake Khasan links back.
    assert khasan in link_targets(overview)
    assert overview in link_targets(khasan)
    uris = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]
    assert not [uri for uri in uris if uri.startswith("file:")]


def test_booklet_embeds_all_fonts_and_carries_metadata(flagship_outputs):
    with pikepdf.open(flagship_outputs["booklet"]) as pdf:
        assert unembedded_fonts(pdf) == []
        assert "/StructTreeRoot" in pdf.Root, "tagged"
    assert PdfReader(flagship_outputs["booklet"]).metadata.title == SHEETS[0]


def test_a_heading_with_a_double_hyphen_id_is_reached_in_the_booklet_and_the_book(project):
    """ "Khasan – 1938" has the id `khasan--1938`, which looks like an id that already has a
    sheet's prefix: links to it, from its own sheet and from the other, still reach it."""
    from factsheet.pipeline import Options, build

    project.write(
        "one.md",
        "---\ntitle: One\n---\nIntro, [below](#khasan--1938).\n\n## Khasan – 1938\n\nText.\n",
    )
    project.write("two.md", "---\ntitle: Two\n---\nSee [Khasan](one.md#khasan--1938).\n")
    project.write("collection.yaml", "title: Both\n")
    options = Options(content=project.content, out=project.out, formats=("pdf", "epub"))
    assert build(options, print).ok

    reader = PdfReader(project.out / "both.pdf")
    named = reader.named_destinations
    assert "one--khasan--1938" in named and "khasan--1938" not in named
    heading_page = reader.get_destination_page_number(named["one--khasan--1938"])
    links = [
        (number, annotation.get_object().get("/Dest"))
        for number, page in enumerate(reader.pages)
        for annotation in page.get("/Annots") or []
    ]
    to_heading = [number for number, target in links if target == "one--khasan--1938"]
    assert len(to_heading) == 2, links  # from One's intro and from Two
    assert heading_page in to_heading and max(to_heading) > heading_page

    with zipfile.ZipFile(project.out / "both.epub") as archive:
        one = etree.fromstring(archive.read("EPUB/one.xhtml"))
        two = etree.fromstring(archive.read("EPUB/two.xhtml"))
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    heading = one.find(f".//{{{XHTML}}}h2")
    assert (heading.get("id"), heading.text) == ("khasan--1938", "Khasan – 1938")
    hrefs = {a.text: a.get("href") for tree in (one, two) for a in tree.iter(f"{{{XHTML}}}a")}
    assert hrefs["below"] == "#khasan--1938" and hrefs["Khasan"] == "one.xhtml#khasan--1938"
    toc = {a.text: a.get("href") for a in nav.iter(f"{{{XHTML}}}a")}
    assert toc["Khasan – 1938"] == "one.xhtml#khasan--1938"


def test_index_groups_names_by_initial_and_merges_pages():
    names = {"ix-1": "Ōyama", "ix-2": "Zhukov", "ix-3": "Ōyama", "ix-4": "Abe", "ix-5": "Abe"}
    pages = {"ix-1": 7, "ix-2": 3, "ix-3": 5, "ix-4": 2, "ix-5": 2}
    (states,) = name_index(names, pages)
    assert states.kind == "states"
    assert [group.letter for group in states.groups] == ["A", "O", "Z"]
    assert states.groups[0].entries[0].pages == ((2, "ix-4"),)
    assert states.groups[1].entries[0].pages == ((5, "ix-3"), (7, "ix-1"))


def test_index_merges_spellings_that_differ_in_case_or_diacritics_only():
    names = {
        "ix-1": "Michitaro Komatsubara",
        "ix-2": "Michitarō Komatsubara",
        "ix-3": "MICHITARO KOMATSUBARA",
        "ix-4": "Kenji Ueda",
        "ix-5": "Kenkichi Ueda",
        "ix-6": "Mao Zedong",
    }
    pages = {f"ix-{n}": n for n in range(1, 7)}
    people = [
        Person(name="Michitaro Komatsubara"),
        Person(name="Michitarō Komatsubara"),
        Person(name="Kenji Ueda"),
        Person(name="Kenkichi Ueda"),
        Person.model_validate({"name": "Mao Zedong", "sort": "Mao"}),
    ]
    (part,) = name_index(names, pages, people)
    assert part.kind == "people"
    listed = [(g.letter, e.name, e.pages) for g in part.groups for e in g.entries]
    assert listed == [
        ("K", "Komatsubara, Michitarō", ((1, "ix-1"), (2, "ix-2"), (3, "ix-3"))),
        ("M", "Mao Zedong", ((6, "ix-6"),)),
        ("U", "Ueda, Kenji", ((4, "ix-4"),)),
        ("U", "Ueda, Kenkichi", ((5, "ix-5"),)),
    ]


def test_consecutive_pages_make_one_range_of_two_links():
    entry = IndexEntry("Zhukov, Georgy", ((3, "ix-1"), (4, "ix-7"), (5, "ix-9"), (7, "ix-12")))
    assert entry.ranges == (((3, "ix-1"), (5, "ix-9")), ((7, "ix-12"),))
    assert IndexEntry("Japan", ((5, "ix-2"),)).ranges == (((5, "ix-2"),),)
    assert IndexEntry("Japan", ((5, "a"), (6, "b"))).ranges == (((5, "a"), (6, "b")),)


def test_family_names_written_first_and_one_entry_per_person_in_a_built_booklet(project):
    """`sort` files a name written family name first; a spelling without its diacritics is
    the same person; two people who share a family name stay two, and no warning is given."""
    from factsheet.pipeline import Options, build

    project.write(
        "one.md",
        "---\ntitle: One\ninfobox:\n  sides:\n"
        "    - belligerents: [Mongolia, Soviet Union]\n"
        "      leaders: [{name: Khorloogiin Choibalsan, sort: Choibalsan}, Joseph Stalin]\n"
        "      commanders: [Georgy Zhukov]\n"
        "    - belligerents: [Japan]\n"
        "      commanders: [Michitarō Komatsubara, Kenkichi Ueda]\n---\nOne.\n",
    )
    project.write(
        "two.md",
        "---\ntitle: Two\ninfobox:\n  sides:\n"
        "    - belligerents: [China, Soviet Union]\n"
        "      leaders: [{name: Chiang Kai-shek, sort: Chiang}, {name: Mao Zedong, sort: Mao}]\n"
        "    - belligerents: [Japan]\n"
        "      commanders: [Michitaro Komatsubara, Kenji Ueda]\n---\nTwo.\n",
    )
    project.write("collection.yaml", "title: Both\ndocuments: [one, two]\n")
    events: list = []
    options = Options(content=project.content, out=project.out, formats=("pdf",))
    assert build(options, events.append).ok
    assert [str(event) for event in events if not isinstance(event, Path)] == []

    with pdfplumber.open(project.out / "both.pdf") as pdf:
        pages = [page.extract_text(x_tolerance=1) or "" for page in pdf.pages]
        index = index_parts(pdf)
    one, two = (first_page_of(pages, title) for title in ("One", "Two"))
    assert index == {
        "People": [
            "C",
            f"Chiang Kai-shek {two}",
            f"Choibalsan, Khorloogiin {one}",
            "K",
            f"Komatsubara, Michitarō {one}, {two}",
            "M",
            f"Mao Zedong {two}",
            "S",
            f"Stalin, Joseph {one}",
            "U",
            f"Ueda, Kenji {two}",
            f"Ueda, Kenkichi {one}",
            "Z",
            f"Zhukov, Georgy {one}",
        ],
        "States and forces": [
            "C",
            f"China {two}",
            "J",
            f"Japan {one}, {two}",
            "M",
            f"Mongolia {one}",
            "S",
            f"Soviet Union {one}, {two}",
        ],
    }


def test_the_index_takes_the_supporters_as_states_and_the_people_of_a_v2_sheet():
    from factsheet.printed.booklet import indexed_names
    from factsheet.printed.proof import sheet_job

    v2 = REPO / "tests" / "fixtures" / "golden" / "conflict-v2" / "input.md"
    names = indexed_names(sheet_job(v2, v2.parent, printing=None))
    assert {"Duchy of Fenn", "Reed Clans", "Pike Auxiliaries"} <= names  # states and forces
    assert {"Bror Aster", "Edda Gale", "Emperor Doran"} <= names  # people, with a role or fate
    assert "Allied peoples" not in names  # a group's heading names no state
