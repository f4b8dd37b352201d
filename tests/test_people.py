"""People's names as the index files them: family name, inverted form, folding, near
spellings."""

from __future__ import annotations

import pytest

from factsheet.model import FrontMatter, Person
from factsheet.people import (
    folded,
    index_form,
    near_spellings,
    people_named,
    sort_key,
    within_one_edit,
)


def person(name: str, sort: str | None = None) -> Person:
    return Person.model_validate({"name": name} | ({"sort": sort} if sort else {}))


@pytest.mark.parametrize(
    ("name", "sort", "shown", "key"),
    [
        ("Georgy Zhukov", None, "Zhukov, Georgy", ("zhukov", "georgy")),
        ("Hirohito", None, "Hirohito", ("hirohito", "")),
        ("Mao Zedong", "Mao", "Mao Zedong", ("mao", "zedong")),
        ("Khorloogiin Choibalsan", "Choibalsan", "Choibalsan, Khorloogiin", ("choibalsan", "khorloogiin")),
        ("Charles de Gaulle", "de Gaulle", "de Gaulle, Charles", ("de gaulle", "charles")),
        ("Vladimir Lenin", "Ulyanov", "Vladimir Lenin", ("ulyanov", "vladimir lenin")),
        ("Kōtoku Satō", None, "Satō, Kōtoku", ("sato", "kotoku")),
    ],
)  # fmt: skip
def test_family_name_inverted_form_and_sort_key(name, sort, shown, key):
    assert index_form(person(name, sort)) == shown
    assert sort_key(person(name, sort)) == (*key, name)


def test_folding_drops_case_diacritics_and_extra_spaces():
    assert folded("Michitarō  KOMATSUBARA") == folded("michitaro Komatsubara")
    assert folded("Michitarō Komatsubara") == "michitaro komatsubara"


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("vasily", "vasili", True),  # changed
        ("michitaro", "michitarou", True),  # added
        ("grigory", "grigry", True),  # dropped
        ("georgy", "goergy", True),  # swapped
        ("kenkichi", "kenji", False),
        ("georgy", "yuri", False),
        ("abcd", "badc", False),  # two swaps
    ],
)
def test_within_one_edit(a, b, near):
    assert within_one_edit(a, b) is near
    assert within_one_edit(b, a) is near


def test_near_spellings_share_a_family_name_and_differ_by_one_edit_elsewhere():
    assert near_spellings(person("Vasili Blyukher"), person("Vasily Blyukher"))
    assert not near_spellings(person("Michitaro Komatsubara"), person("Michitarō Komatsubara"))
    assert not near_spellings(person("Kenji Ueda"), person("Kenkichi Ueda"))
    assert not near_spellings(person("Shunroku Hata"), person("Hikosaburō Hata"))
    assert not near_spellings(person("Vasily Blyukher"), person("Vasily Blücher"))
    assert near_spellings(person("Mao Zedong", "Mao"), person("Mao Zdong", "Mao"))


def test_the_people_a_document_names():
    """A person sheet's subject by its title, each side's leaders and commanders, an
    organisation's founders and leaders; not an office's predecessor (text, which may say
    "Position established")."""
    person = FrontMatter.model_validate(
        {
            "title": "Georgy Zhukov",
            "kind": "person",
            "infobox": {"offices": [{"office": "Minister", "preceded_by": "Nikolai Bulganin"}]},
        }
    )
    assert [p.name for p in people_named(person)] == ["Georgy Zhukov"]
    army = FrontMatter.model_validate(
        {
            "title": "Kwantung Army",
            "kind": "organisation",
            "infobox": {"founders": ["A Founder"], "leaders": [{"name": "Ueda", "role": "c"}]},
        }
    )
    assert [p.name for p in people_named(army)] == ["A Founder", "Ueda"]
    conflict = FrontMatter.model_validate(
        {
            "title": "Battle",
            "infobox": {
                "sides": [
                    {"belligerents": ["A"], "leaders": ["Stalin"], "commanders": ["Zhukov"]},
                    {"belligerents": ["B"], "commanders": ["Ueda"]},
                ]
            },
        }
    )
    assert [p.name for p in people_named(conflict)] == ["Stalin", "Zhukov", "Ueda"]
