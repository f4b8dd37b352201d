"""Any wikitext at all, made of the pieces real articles are made of and put together at
random: the import writes a document that passes the checks, or says in one line why not;
it never fails inside, and never lets template syntax through."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factsheet.importer import import_articles

PIECES = [
    "{{",
    "}}",
    "|",
    "=",
    "[[",
    "]]",
    "[",
    "]",
    "'''",
    "''",
    "<ref>",
    "</ref>",
    "<ref name=a/>",
    '<ref name="a">',
    "<br>",
    "<small>",
    "</small>",
    "\n",
    "\n\n",
    "\n* ",
    "\n# ",
    "\n== H ==\n",
    "{{flag|",
    "{{flagicon|",
    "{{KIA}}",
    "{{plainlist|",
    "{{ubl|",
    "{{start date|1938|7|29}}",
    "{{circa|",
    "{{convert|5|km}}",
    "{{efn|",
    "{{sfn|Coox|1985|p=3}}",
    "{{cite web|title=",
    "{{nihongo|",
    "{{lang|ja|",
    "{{coord|42|26|N|130|35|E}}",
    "Infobox military conflict",
    "combatant1",
    "casualties2",
    "strength1",
    "commander3",
    "5,700–8,000",
    "c. 20,000",
    "7,000+",
    "killed",
    "wounded",
    "captured",
    "tanks",
    "Japan",
    "Soviet Union",
    "張鼓峰",
    "*",
    "_",
    "#",
    "<",
    ">",
    "&amp;",
    "&",
    "<!--",
    "-->",
    "{|",
    "|}",
    "<nowiki>",
    "</nowiki>",
    "{{{1}}}",
    "[[File:X.png|thumb]]",
    "[[Category:C]]",
    "[[:ja:張]]",
    "https://example.org/",
    "\t",
    "—",
    "1939.",
    "{{Infobox person|name=",
    "birth_date",
    "{{Infobox ship begin}}",
]
wikitext = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=60).map("".join)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(wikitext)
def test_any_wikitext_imports_to_a_checked_document_or_a_located_line(tmp_path, text):
    folder = tmp_path / "run"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    source = folder / "any.wikitext"
    source.write_text(text, encoding="utf-8")
    result = import_articles([str(source)], folder / "content", today=dt.date(2026, 12, 7))
    for problem in result.problems:
        line = problem.format()
        assert "\n" not in line and problem.line >= 1 and problem.column >= 1
    assert result.ok, [p.format() for p in result.problems if p.severity.value == "error"]
    (written,) = result.written
    assert written.parent == folder / "content" and Path(written).suffix == ".md"


PARAMETERS = [
    "conflict",
    "partof",
    "date",
    "place",
    "coordinates",
    "result",
    "territory",
    "combatant1",
    "combatant2",
    "combatant3",
    "combatant1a",
    "commander1",
    "commander2",
    "commander3",
    "units1",
    "strength1",
    "strength2",
    "casualties1",
    "casualties2",
    "casualties3",
    "notes",
    "image",
    "campaignbox",
    "name",
    "birth_date",
    "office",
    "term_start",
    "Ship name",
]
value = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=12).map("".join)
infobox = st.lists(st.tuples(st.sampled_from(PARAMETERS), value), max_size=14).map(
    lambda params: (
        "{{Infobox military conflict\n"
        + "".join(f"| {name} = {given}\n" for name, given in params)
        + "}}\n'''Subject''' text."
    )
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(infobox)
@example(
    "{{Infobox military conflict\n| combatant1 = {{\n| combatant2 = {{}}{{Infobox person|name=\n}}"
)
@example("{{Infobox military conflict\n| conflict = {{sfn|Coox|1985|p=3}}\n}}")
def test_any_infobox_imports_to_a_checked_document_or_a_located_line(tmp_path, text):
    test_any_wikitext_imports_to_a_checked_document_or_a_located_line.hypothesis.inner_test(
        tmp_path, text
    )
