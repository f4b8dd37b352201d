"""Property tests: whatever document comes in, the build ends with whole outputs or clean errors."""

from __future__ import annotations

import zipfile

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from factsheet.errors import ContentError
from factsheet.pipeline import Options, build
from factsheet.reader import load_document
from factsheet.values import FATES

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co"), blacklist_characters="\ufeff"),
    max_size=40,
)
quantity = st.one_of(
    st.integers(min_value=-5, max_value=10**7),
    text,
    st.fixed_dictionaries({"approx": st.integers(0, 10**6)}),
    st.fixed_dictionaries({"min": st.integers(0, 10**5), "max": st.integers(0, 10**6)}),
    st.fixed_dictionaries({"at_least": st.integers(0, 10**5)}),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
)
year = st.one_of(st.integers(1500, 2100), st.sampled_from(["1938-07", "1938-02-30", "x"]))
belligerent = st.one_of(
    text,
    st.fixed_dictionaries(
        {"name": text},
        optional={
            "from": year,
            "to": year,
            "group": text,
            "supported_by": st.lists(text, max_size=2),
        },
    ),
)
person = st.one_of(
    text,
    st.fixed_dictionaries(
        {"name": text},
        optional={
            "role": text,
            "fate": st.sampled_from(["killed", "died", "captured", "missing"]),
            "sort": text,
        },
    ),
)
by_belligerent = st.fixed_dictionaries(
    {},
    optional={
        "belligerent": text,
        "belligerents": st.lists(text, max_size=3),
        "part": text,
        "count": quantity,
        "killed": quantity,
        "wounded": quantity,
        "other": st.lists(st.fixed_dictionaries({"label": text, "count": quantity}), max_size=2),
    },
)
side = st.fixed_dictionaries(
    {},
    optional={
        "belligerents": st.lists(belligerent, max_size=3),
        "commanders": st.lists(person, max_size=3),
        "strength": st.lists(
            st.fixed_dictionaries(
                {"count": quantity},
                optional={"item": text, "belligerent": text, "service": text, "date": year},
            ),
            max_size=2,
        ),
        "casualties": st.fixed_dictionaries(
            {},
            optional={
                "total": quantity,
                "combat": quantity,
                "killed": quantity,
                "by_belligerent": st.lists(by_belligerent, max_size=2),
            },
        ),
        "bogus": text,
    },
)
fact = st.one_of(
    st.fixed_dictionaries({"label": text, "value": text}),
    st.fixed_dictionaries({"label": text, "value": st.lists(text, max_size=3)}),
    st.fixed_dictionaries({"label": text, "quantity": quantity}, optional={"unit": text}),
    st.fixed_dictionaries({"heading": text}, optional={"label": text}),
)
front = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(text, st.integers(), st.none()),
        "lang": st.sampled_from(["en", "fr", "de", "xx-yy", ""]),
        "kind": st.sampled_from(["conflict", "person", "ship", "persn"]),
        "aliases": st.lists(text, max_size=3),
        "infobox": st.fixed_dictionaries(
            {},
            optional={
                "facts": st.lists(fact, max_size=3),
                "sides": st.lists(side, max_size=3),
                "civilian_casualties": quantity,
                "born": st.fixed_dictionaries({}, optional={"date": year, "place": text}),
                "length": st.fixed_dictionaries(
                    {"quantity": st.one_of(quantity, st.floats(-10, 10**6))},
                    optional={"unit": text},
                ),
            },
        ),
        "timeline": st.lists(
            st.fixed_dictionaries(
                {"date": st.sampled_from(["1938", "1938-07-29", "19", "1938-13"]), "event": text}
            ),
            max_size=2,
        ),
    },
)
body = st.text(max_size=300)


def document(front_matter: dict, narrative: str) -> str:
    return "---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\n" + narrative


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front, body)
def test_loading_any_document_gives_a_model_or_located_errors(project, front_matter, narrative):
    path = project.write("doc.md", document(front_matter, narrative))
    try:
        load_document(path, project.root)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            line = problem.format()
            assert "\n" not in line and line.startswith(str(path))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front, body)
def test_building_any_document_gives_whole_outputs_or_a_clean_error(
    project, front_matter, narrative
):
    project.write("doc.md", document(front_matter, narrative))
    events: list = []
    report = build(
        Options(content=project.content, out=project.out, formats=("html", "epub")), events.append
    )
    if report.ok:
        assert (project.out / "doc.html").read_text().rstrip().endswith("</html>")
        with zipfile.ZipFile(project.out / "doc.epub") as book:
            for name in book.namelist():
                if name.endswith(".xhtml"):
                    etree.fromstring(book.read(name))
    else:
        assert events and all("\n" not in str(event) for event in events)


name = st.text(alphabet="abcdefghijkmnoprstuvwyz", min_size=3, max_size=10).map(str.title)


@st.composite
def v2_conflict(draw) -> tuple[dict, list[str]]:
    """A valid conflict using format v2's fields, and every name it must show."""
    shown: list[str] = []
    sides = []
    for _ in range(draw(st.integers(2, 3))):
        names = draw(st.lists(name, min_size=1, max_size=4, unique=True))
        belligerents = []
        for each in names:
            entry: dict = {"name": each}
            if draw(st.booleans()):
                start = draw(st.integers(1900, 1950))
                entry |= {"from": start, "to": start + draw(st.integers(0, 5))}
            if draw(st.booleans()):
                entry["group"] = draw(st.sampled_from(["Allies", "Axis", "Support"]))
            if draw(st.booleans()):
                entry["supported_by"] = draw(st.lists(name, min_size=1, max_size=2))
                shown += entry["supported_by"]
            belligerents.append(entry)
        commanders = [
            {"name": who, "role": draw(name), "fate": draw(st.sampled_from(FATES))}
            for who in draw(st.lists(name, max_size=3))
        ]
        shown += names + [c["name"] for c in commanders] + [c["role"] for c in commanders]
        count = draw(st.integers(10, 10**6))
        by_belligerent = [
            {"belligerent": names[0], "count": f"{count:,}", "killed": count // 2},
            *([{"belligerents": names[:2], "count": f"c. {count:,}"}] if len(names) > 1 else []),
        ]
        sides.append(
            {
                "belligerents": belligerents,
                "commanders": commanders,
                "strength": [{"count": f"{count:,}+", "belligerent": names[0], "service": "army"}],
                "casualties": {"total": f"{count * 3:,}", "by_belligerent": by_belligerent},
            }
        )
    facts = [
        {"heading": draw(name)},
        {"label": "Result", "value": draw(st.lists(name, min_size=1, max_size=3))},
        {"label": "Area", "quantity": f"{draw(st.integers(1, 10**6)):,}", "unit": "km²"},
    ]
    shown += [facts[0]["heading"], *facts[1]["value"]]
    civilians = f"{draw(st.integers(1, 10**5)):,}–{draw(st.integers(10**5, 10**6)):,}"
    front = {
        "title": draw(name),
        "lang": draw(st.sampled_from(["en", "fr", "ru", "ja"])),
        "infobox": {"facts": facts, "sides": sides, "civilian_casualties": civilians},
    }
    return front, shown


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(v2_conflict())
def test_any_valid_v2_conflict_builds_and_shows_every_name(project, conflict):
    front_matter, shown = conflict
    project.write("doc.md", document(front_matter, "Text.\n"))
    events: list = []
    report = build(
        Options(content=project.content, out=project.out, formats=("html", "epub")), events.append
    )
    assert report.ok, [str(event) for event in events]
    page = etree.HTML((project.out / "doc.html").read_bytes())
    text = " ".join("".join(page.itertext()).split())
    assert [each for each in shown if each not in text] == []
    with zipfile.ZipFile(project.out / "doc.epub") as book:
        sheet = etree.fromstring(book.read("EPUB/doc.xhtml"))
    assert [each for each in shown if each not in "".join(sheet.itertext())] == []
