"""Infobox military conflict, parameter by parameter, and the other kinds' infoboxes: what
each becomes in the front matter, and the line and comment for what is left out."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from factsheet.importer import import_articles

TODAY = dt.date(2026, 12, 7)


@dataclass
class Imported:
    front: dict
    body: str
    text: str
    messages: list[str]
    failed: int


def split_document(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture
def imported(tmp_path: Path):
    def run(wikitext: str, name: str = "article.wikitext") -> Imported:
        source = tmp_path / name
        source.write_text(textwrap.dedent(wikitext).lstrip("\n"), encoding="utf-8")
        content = tmp_path / "content"
        result = import_articles([str(source)], content, force=True, today=TODAY)
        messages = [p.format(tmp_path) for p in result.problems]
        assert len(result.written) == 1, messages
        text = result.written[0].read_text(encoding="utf-8")
        front, body = split_document(text)
        return Imported(front, body, text, messages, result.failed)

    return run


THREE_SIDES = """
{{Infobox military conflict
| conflict    = War of the Three Rivers
| partof      = the [[Great Wars]]
| image       = River.jpg
| caption     = The river
| date        = {{start date|1778|4|2|df=y}} – {{end date|1783|9|3|df=y}}
| place       = [[Eastmark]] and [[Northland]]
| coordinates = {{coord|42|26|N|130|35|E}}
| territory   = Eastmark cedes the islands<br>The Free City is restored
| result      = {{plainlist|
* Northland victory
* [[Treaty of Fordwater]]
}}
| status      = Ended
| combatant1  = {{flag|Northland}}<br>
'''Supported by:'''<br>{{flagicon|Vell}} [[Kingdom of Vell|Vell]]
| combatant1a = {{flag|Ostra}}
| combatant2  = {{ubl|{{flag|Eastmark}}|[[Southern Levies]]}}
| combatant3  = [[Hill tribes]]
| commander1  = {{plainlist|
* [[Arvid Halden]]
* [[Tomas Reiner]]{{KIA}}
}}
| commander2  = [[Baron Esk]]{{POW}}<br>[[Ilse Dorn]]
| commander3  = [[Chief Oru]]{{Executed}}
| units1      = First Army<br>River Fleet
| strength1   = 42,000 troops<br>36 ships
| strength2   = c. 5,700–8,000 men
| strength3   = Unknown
| casualties1 = 3,900 killed<ref name="atlas">{{cite book |last=Teller |first=Ann |title=An Atlas of Imaginary Wars |publisher=Example Press |year=1999 |page=41}}</ref><br>4,400 wounded<br>800 died of disease
| casualties2 = {{flagicon|Eastmark}} 5,700–8,000 killed<ref name="atlas"/><br>{{flagicon|Eastmark}} 7,000+ captured<br>{{flagicon|Southern Levies}} 1,200 killed<br>12 guns lost
| casualties3 = c. 300 killed{{efn|Counted by the missionaries.}}
| notes       = Figures are disputed.
| campaignbox = {{Campaignbox Rivers}}
| map_type    = Eastmark
| latitude    = 42.4
| colour      = red
}}
The '''War of the Three Rivers''' was a war.
"""


def test_the_three_sided_war_keeps_every_side_and_its_people(imported):
    got = imported(THREE_SIDES)
    box = got.front["infobox"]
    assert got.front["title"] == "War of the Three Rivers"
    facts = {fact["label"]: fact["value"] for fact in box["facts"]}
    assert facts["Part of"] == "the Great Wars"
    assert facts["Date"] == "2 April 1778 – 3 September 1783"
    assert facts["Location"] == "Eastmark and Northland"
    assert facts["Coordinates"] == "42.43°N 130.58°E"
    assert facts["Territorial changes"] == [
        "Eastmark cedes the islands",
        "The Free City is restored",
    ]
    assert facts["Result"] == ["Northland victory", "Treaty of Fordwater"]
    assert facts["Status"] == "Ended"
    assert facts["Notes"] == "Figures are disputed."
    first, second, third = box["sides"]
    assert first["belligerents"] == [{"name": "Northland", "supported_by": ["Vell"]}, "Ostra"]
    assert first["commanders"] == ["Arvid Halden", {"name": "Tomas Reiner", "fate": "killed"}]
    assert first["units"] == ["First Army", "River Fleet"]
    assert first["strength"] == [
        {"item": "troops", "count": "42,000"},
        {"item": "ships", "count": 36},
    ]
    assert second["belligerents"] == ["Eastmark", "Southern Levies"]
    assert second["commanders"] == [{"name": "Baron Esk", "fate": "captured"}, "Ilse Dorn"]
    assert second["strength"] == [
        {"item": "men", "count": {"value": "5,700–8,000", "note": "approximately"}}
    ]
    assert third["belligerents"] == ["Hill tribes"]
    assert third["commanders"] == [{"name": "Chief Oru", "fate": "executed"}]
    assert third["casualties"] == {
        "killed": {"value": "c. 300", "note": "Counted by the missionaries."}
    }


def test_casualty_lines_become_the_breakdown_with_their_sources(imported):
    got = imported(THREE_SIDES)
    first, second, _ = got.front["infobox"]["sides"]
    assert first["casualties"] == {
        "killed": {"value": "3,900", "source": "atlas"},
        "wounded": "4,400",
        "other": [{"label": "died of disease", "count": 800}],
    }
    assert second["casualties"]["by_belligerent"] == [
        {
            "belligerent": "Eastmark",
            "killed": {"value": "5,700–8,000", "source": "atlas"},
            "captured": "7,000+",
        },
        {"belligerent": "Southern Levies", "killed": "1,200"},
    ]
    assert second["casualties"]["material"] == [{"item": "guns lost", "count": 12}]
    atlas = next(s for s in got.front["sources"] if s["id"] == "atlas")
    assert atlas == {
        "id": "atlas",
        "title": "An Atlas of Imaginary Wars",
        "author": "Ann Teller",
        "publisher": "Example Press, 1999",
    }


def test_what_is_left_out_is_one_line_each_at_its_parameter_and_a_comment_there(imported):
    got = imported(THREE_SIDES)
    lines = "\n".join(got.messages)
    assert "article.wikitext:4:3: image: warning: left out: the image River.jpg" in lines
    assert "article.wikitext:34:3: campaignbox: warning: left out: a navigation box" in lines
    assert "article.wikitext:35:3: map_type: warning: left out: the locator map" in lines
    assert (
        "article.wikitext:37:3: colour: warning: left out: not a parameter of Infobox military conflict"
        in lines
    )
    assert (
        "article.wikitext:29:3: strength3: warning: left out: “Unknown”: no figure the format reads"
        in lines
    )
    assert "# image: left out: the image River.jpg" in got.text
    side_three = got.text.index("- belligerents: [Hill tribes]")
    assert got.text.rindex("# strength3: left out:", 0, side_three) < side_three
    assert not any("caption" in m or "latitude" in m for m in got.messages), (
        "said once, with the image and the map"
    )
    assert got.failed == 0


def test_a_second_combatant_only_in_casualties3_is_civilian(imported):
    got = imported("""
        {{Infobox military conflict
        | conflict = Clash
        | combatant1 = A
        | combatant2 = B
        | casualties3 = 1,500 civilians killed
        }}
        """)
    box = got.front["infobox"]
    assert len(box["sides"]) == 2
    assert box["civilian_casualties"] == {"value": "1,500", "note": "civilians killed"}


PERSON = """
{{Infobox military person
| name          = Georgy Zhukov
| native_name   = Георгий Жуков
| image         = Zhukov.jpg
| birth_date    = {{birth date|1896|12|1|df=y}}
| birth_place   = [[Strelkovka]], [[Russian Empire]]
| death_date    = {{death date and age|1974|6|18|1896|12|1|df=y}}
| death_place   = [[Moscow]], Soviet Union
| placeofburial = [[Kremlin Wall Necropolis]]
| allegiance    = {{flag|Russian Empire}}<br>{{flag|Soviet Union}}
| branch        = [[Imperial Russian Army]]<br>[[Red Army]]
| serviceyears  = 1915–1957
| rank          = [[Marshal of the Soviet Union]]
| commands      = [[1st Army Group]]
| battles       = {{plainlist|
* [[Battles of Khalkhin Gol]]
* [[Battle of Berlin]]
}}
| awards        = [[Hero of the Soviet Union]] (four times)
| spouse        = Alexandra Zuikova
| signature     = Zhukov signature.svg
}}
'''Georgy Konstantinovich Zhukov''' was a Soviet general.
"""


def test_a_person_infobox_becomes_a_person(imported):
    got = imported(PERSON)
    front, box = got.front, got.front["infobox"]
    assert front["kind"] == "person" and front["title"] == "Georgy Zhukov"
    assert {"name": "Георгий Жуков"} in [
        a if isinstance(a, dict) else {"name": a} for a in front["aliases"]
    ]
    assert box["born"] == {"date": "1896-12-01", "place": "Strelkovka, Russian Empire"}
    assert box["died"] == {"date": "1974-06-18", "place": "Moscow, Soviet Union"}
    assert box["resting_place"] == "Kremlin Wall Necropolis"
    assert box["allegiance"] == ["Russian Empire", "Soviet Union"]
    assert box["branch"] == ["Imperial Russian Army", "Red Army"]
    assert box["service"] == {"from": "1915", "to": "1957"}
    assert box["rank"] == "Marshal of the Soviet Union"
    assert box["battles"] == ["Battles of Khalkhin Gol", "Battle of Berlin"]
    assert box["awards"] == ["Hero of the Soviet Union (four times)"]
    assert {"label": "Spouse", "value": "Alexandra Zuikova"} in box["facts"]
    assert got.failed == 0


def test_officeholder_offices_and_settlement_and_ship(imported):
    office = imported("""
        {{Infobox officeholder
        | name = Kliment Voroshilov
        | office = People's Commissar of Defence
        | term_start = 6 November 1925
        | term_end = {{end date|1940|5|7}}
        | predecessor = [[Mikhail Frunze]]
        | successor = [[Semyon Timoshenko]]
        | office2 = Chairman of the Presidium
        | term_start2 = 1953
        }}
        """).front
    assert office["infobox"]["offices"] == [
        {
            "office": "People's Commissar of Defence",
            "from": "1925-11-06",
            "to": "1940-05-07",
            "preceded_by": "Mikhail Frunze",
            "succeeded_by": "Semyon Timoshenko",
        },
        {"office": "Chairman of the Presidium", "from": "1953"},
    ]
    place = imported("""
        {{Infobox settlement
        | name = Vladivostok
        | subdivision_type = Country
        | subdivision_name = {{flag|Russia}}
        | subdivision_type1 = [[Federal subjects of Russia|Federal subject]]
        | subdivision_name1 = [[Primorsky Krai]]
        | coordinates = {{coord|43|07|N|131|54|E|display=inline,title}}
        | established_date = 2 July 1860
        | area_total_km2 = 331.16
        | elevation_m = 8
        | population_total = 603,519
        | population_as_of = [[2021 Russian census|2021]]
        | timezone = [[Vladivostok Time|VLAT]]
        | utc_offset = +10
        }}
        """).front
    assert place["kind"] == "place"
    box = place["infobox"]
    assert box["country"] == "Russia" and box["region"] == "Primorsky Krai"
    assert box["coordinates"] == {"lat": 43.11667, "lon": 131.9}
    assert box["established"] == "1860-07-02"
    assert box["area"] == {"quantity": 331.16, "unit": "km²"}
    assert box["population"] == {"quantity": "603,519", "year": "2021"}
    ship = imported("""
        {{Infobox ship begin}}
        {{Infobox ship career
        | Ship name = Futami
        | Ship operator = [[Imperial Japanese Navy]]
        | Ship builder = Fujinagata Shipyards
        | Ship laid down = 25 June 1929
        | Ship launched = {{start date|1929|11|20}}
        | Ship fate = Scrapped
        }}
        {{Infobox ship characteristics
        | Ship class = [[Atami-class gunboat|''Atami''-class]] gunboat
        | Ship displacement = {{convert|206|LT|t}}
        | Ship length = {{convert|46.3|m|ftin}}
        | Ship speed = {{convert|16|kn}}
        | Ship armament = 1 × 80 mm gun<br>5 × machine guns
        }}
        """).front
    assert ship["kind"] == "ship"
    box = ship["infobox"]
    assert box["operator"] == "Imperial Japanese Navy" and box["laid_down"] == "1929-06-25"
    assert box["launched"] == "1929-11-20" and box["ship_class"] == "Atami-class gunboat"
    assert box["displacement"] == {"quantity": 206, "unit": "long tons"}
    assert box["length"] == {"quantity": 46.3, "unit": "m"}
    assert box["speed"] == {"quantity": 16, "unit": "knots"}
    assert box["armament"] == ["1 × 80 mm gun", "5 × machine guns"]


def test_a_third_sides_people_without_its_combatants_are_reported(imported):
    got = imported("""
        {{Infobox military conflict
        | conflict = Clash
        | combatant1 = A
        | combatant2 = B
        | commander3 = C
        }}
        """)
    assert len(got.front["infobox"]["sides"]) == 2
    assert any(
        "commander3: warning: left out: a side with no combatants (combatant3 is empty)" in m
        for m in got.messages
    )


def test_an_infobox_split_over_templates_is_one_and_its_name_is_the_title(imported):
    got = imported(
        """
        {{DEFAULTSORT:Futami}}
        {{Infobox ship begin}}
        {{Infobox ship career
        | Ship name = Futami
        | Ship operator = [[Imperial Japanese Navy]]
        }}
        {{Infobox ship characteristics
        | Ship class = Atami-class gunboat
        }}
        '''Futami''' was a gunboat.
        """,
        name="some-file.wikitext",
    )
    assert got.front["title"] == "Futami" and got.front["kind"] == "ship"
    assert got.body.strip() == "**Futami** was a gunboat."
    assert not any(
        "name" in m.split(": ")[1] or "{{Infobox" in m or "DEFAULTSORT" in m for m in got.messages
    ), got.messages


def test_years_bounds_stray_tags_and_flags_of_no_belligerent(imported):
    got = imported("""
        {{Infobox military conflict
        | conflict = Long War
        | result = [[Peace]]
        <small>
        * Terms one
        * Terms two</small>
        | combatant1 = {{flag|Sweden}} {{resize|(from 1630)}}<br>{{flag|Denmark-Norway}} (1625–29)<br>[[Brandenburg-Prussia]] (1631–1635)</small>
        | combatant2 = {{flag|Spanish Empire}}<br>{{flag|Austria}} (until 1620)
        | strength2 = Over 150,000 Imperial<br>Up to 300,000 Spanish
        | casualties1 = {{flagicon|Denmark–Norway}} 15,000 - 20,000 soldiers<br>{{flagicon|Sweden}} 150,000 soldiers and mercenaries
        | casualties2 = {{flagicon|Spain}} 80,000 soldiers
        }}
        """)
    box = got.front["infobox"]
    assert {"label": "Result", "value": ["Peace", "Terms one", "Terms two"]} in box["facts"]
    first, second = box["sides"]
    assert first["belligerents"] == [
        {"name": "Sweden", "from": "1630"},
        {"name": "Denmark-Norway", "from": "1625", "to": "1629"},
        {"name": "Brandenburg-Prussia", "from": "1631", "to": "1635"},
    ]
    assert second["belligerents"] == ["Spanish Empire", {"name": "Austria", "to": "1620"}]
    assert second["strength"] == [
        {"item": "Imperial", "count": "Over 150,000"},
        {"item": "Spanish", "count": "Up to 300,000"},
    ]
    assert first["casualties"]["by_belligerent"] == [
        {"belligerent": "Denmark-Norway", "count": "15,000 - 20,000"},
        {"belligerent": "Sweden", "count": "150,000"},
    ]
    assert second["casualties"] == {"other": [{"label": "Spain: soldiers", "count": "80,000"}]}
