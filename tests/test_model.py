"""The document model: quantity forms, intervals, immutability."""

from __future__ import annotations

import pydantic
import pytest

from factsheet.model import FrontMatter, Person, Quantity, Side, span


@pytest.mark.parametrize(
    ("raw", "kind", "interval"),
    [
        (33000, "exact", (33000, 33000)),
        ({"approx": 21000}, "approx", (18900.0, 23100.0)),
        ({"min": 26211, "max": 28169}, "range", (26211, 28169)),
        ({"at_least": 46}, "at_least", (46, float("inf"))),
        ("several", "text", None),
        ({"value": 526, "note": "Japanese sources"}, "exact", (526, 526)),
    ],
)
def test_quantity_forms(raw, kind, interval):
    quantity = Quantity.model_validate(raw)
    assert quantity.kind == kind
    assert (
        quantity.interval() == pytest.approx(interval) if interval else quantity.interval() is None
    )


def test_span_covers_every_member_and_text_makes_it_unknown():
    a, b = Quantity.model_validate(526), Quantity.model_validate({"min": 900, "max": 3000})
    assert span((a, b)) == (526, 3000)
    assert span((a, Quantity.model_validate("many"))) is None


def test_models_are_frozen():
    meta = FrontMatter.model_validate({"title": "T"})
    with pytest.raises(pydantic.ValidationError):
        meta.title = "Other"


def test_a_single_count_and_a_list_of_counts_are_both_tuples():
    meta = FrontMatter.model_validate(
        {
            "title": "T",
            "infobox": {
                "sides": [
                    {"casualties": {"total": 5}},
                    {"casualties": {"total": [{"value": 1}, {"value": 9, "note": "claim"}]}},
                ]
            },
        }
    )
    first, second = meta.infobox.sides
    assert len(first.casualties.total) == 1
    assert [q.value for q in second.casualties.total] == [1, 9]


def test_side_name_defaults_to_its_belligerents():
    meta = FrontMatter.model_validate(
        {"title": "T", "infobox": {"sides": [{"belligerents": ["A", "B"]}, {"name": "C side"}]}}
    )
    assert [s.display_name for s in meta.infobox.sides] == ["A, B", "C side"]


def test_numbers_in_text_fields_are_read_as_text():
    meta = FrontMatter.model_validate(
        {"title": 1984, "infobox": {"facts": [{"label": "Date", "value": 1939}]}}
    )
    assert meta.title == "1984" and meta.infobox.facts[0].value == "1939"


def test_a_leader_or_commander_is_a_name_or_a_name_with_a_sort_key():
    side = Side.model_validate(
        {"leaders": ["Joseph Stalin", 1939], "commanders": [{"name": "Mao Zedong", "sort": "Mao"}]}
    )
    assert side.leaders == (Person(name="Joseph Stalin"), Person(name="1939"))
    assert side.commanders[0].sort == "Mao" and side.leaders[0].sort is None
    assert [str(person) for person in side.people] == ["Joseph Stalin", "1939", "Mao Zedong"]
    with pytest.raises(pydantic.ValidationError):
        side.leaders[0].name = "Lenin"
    for bad in ({"name": "Mao Zedong", "sort": ""}, {"name": "Mao Zedong", "sort": None}, True):
        with pytest.raises(pydantic.ValidationError):
            Person.model_validate(bad)


def test_a_person_dumps_as_written_so_v1_data_stays_the_same():
    side = Side.model_validate({"leaders": ["Hirohito", {"name": "Mao Zedong", "sort": "Mao"}]})
    dumped = side.model_dump(mode="json", exclude_none=True)
    assert dumped["leaders"] == ["Hirohito", {"name": "Mao Zedong", "sort": "Mao"}]
    assert Side.model_validate(dumped) == side
