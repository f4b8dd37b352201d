"""Property tests: whatever document comes in, the build ends with whole outputs or clean errors."""

from __future__ import annotations

import zipfile

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from factsheet.errors import ContentError
from factsheet.load import load_document
from factsheet.pipeline import Options, build

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
side = st.fixed_dictionaries(
    {},
    optional={
        "belligerents": st.lists(text, max_size=3),
        "commanders": st.lists(text, max_size=3),
        "casualties": st.fixed_dictionaries(
            {}, optional={"total": quantity, "combat": quantity, "killed": quantity}
        ),
        "bogus": text,
    },
)
front = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(text, st.integers(), st.none()),
        "lang": st.sampled_from(["en", "fr", "de", "xx-yy", ""]),
        "aliases": st.lists(text, max_size=3),
        "infobox": st.fixed_dictionaries(
            {},
            optional={
                "facts": st.lists(
                    st.fixed_dictionaries({"label": text, "value": text}), max_size=3
                ),
                "sides": st.lists(side, max_size=3),
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
