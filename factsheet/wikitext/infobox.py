"""An article's infobox into the format's infobox: `Infobox military conflict` parameter by
parameter into facts and sides; the person, settlement and ship infoboxes in
`infobox_kinds`. Every parameter not carried over is reported, with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

from factsheet.wikitext.lines import Line, is_heading, split_lines
from factsheet.wikitext.losses import casualties, split_figure, strength
from factsheet.wikitext.markup import Gathered, Render
from factsheet.wikitext.templates import template_name

Path = tuple[object, ...]
CONFLICT = (
    "infobox military conflict",
    "infobox war",
    "infobox battle",
    "warbox",
    "infobox military operation",
    "infobox civil conflict",
)
FACTS = {
    "partof": "Part of",
    "date": "Date",
    "place": "Location",
    "location": "Location",
    "coordinates": "Coordinates",
    "territory": "Territorial changes",
    "result": "Result",
    "status": "Status",
    "notes": "Notes",
    "casus": "Casus belli",
}
IMAGE = frozenset(
    {
        "image",
        "image_name",
        "caption",
        "alt",
        "image_alt",
        "image_size",
        "image_upright",
        "upright",
        "imagesize",
        "image_caption",
    }
)
MAP = frozenset(
    {
        "map_type",
        "map_relief",
        "map_size",
        "map_marksize",
        "map_caption",
        "map_label",
        "latitude",
        "longitude",
        "map",
        "map_image",
        "map_alt",
        "map_width",
        "mapsize",
        "map_dot_label",
    }
)
LAYOUT = frozenset(
    {
        "width",
        "module",
        "embed",
        "child",
        "title",
        "combatants_header",
        "onset",
        "campaignbox",
        "nocat",
    }
)
SIDE_PARTS = ("combatant", "commander", "units", "strength", "casualties")


@dataclass
class Mapped:
    """What an infobox gives the front matter, and the comments for what it does not."""

    kind: str = "conflict"
    title: str = ""
    aliases: list[dict[str, str]] = field(default_factory=list)
    infobox: dict[str, object] = field(default_factory=dict)
    comments: dict[Path, list[str]] = field(default_factory=dict)


@dataclass
class Reading:
    """One infobox being read: the page's gathering, and where each parameter stands."""

    template: Template
    gathered: Gathered
    mapped: Mapped
    offsets: dict[str, int] = field(default_factory=dict)

    def render(self, name: str, plain: bool = False) -> Render:
        self.gathered.offset = self.offsets.get(name, self.gathered.offset)
        return Render(self.gathered, plain, name)

    def markdown(self, name: str) -> str:
        return " ".join(self.render(name)(self.value(name)).split())

    def text(self, name: str) -> str:
        return " ".join(self.render(name, True)(self.value(name)).split())

    def given_text(self, name: str) -> str:
        return self.text(name) if self.template.has(name) else ""

    def lines(self, name: str) -> list[Line]:
        return split_lines(self.value(name), self.render(name, True))

    def value(self, name: str) -> Wikicode:
        return self.template.get(name).value

    def left_out(self, name: str, why: str, path: Path = ("infobox",)) -> None:
        self.gathered.offset = self.offsets.get(name, self.gathered.offset)
        self.gathered.report(name, f"left out: {why}")
        self.mapped.comments.setdefault(path, []).append(f"{name}: left out: {why}")

    def image_left_out(self, name: str) -> None:
        """The infobox's picture, named once: images are not imported."""
        value = self.value(name)
        files = [
            str(link.title).split(":", 1)[-1].strip()
            for link in value.filter_wikilinks(recursive=True)
            if str(link.title).strip().lower().startswith(("file:", "image:"))
        ]
        shown = files[0] if files else " ".join(value.strip_code().split()).split("|")[0]
        if shown.lower().startswith(("file:", "image:")):
            shown = shown.split(":", 1)[1].strip()
        self.left_out(
            name,
            f"the image {shown or 'file'} (images are not imported: put the file beside the"
            " document and give `image:`)",
        )

    def given(self) -> list[str]:
        """The parameters with a value, in the order written."""
        return [
            str(p.name).strip()
            for p in self.template.params
            if str(p.value).strip() and not _only_comments(p.value)
        ]

    def fact(self, label: str, name: str) -> dict[str, object] | None:
        lines = self.lines(name)
        if not lines:
            return None
        shown = [s for s in (self.inline(line.code, name) for line in lines) if s]
        if not shown:
            return None
        return {"label": label, "value": shown[0] if len(shown) == 1 else shown}

    def inline(self, code: Wikicode, name: str) -> str:
        """Inline Markdown for a field that takes it; a note in it, which a field cannot
        carry as a footnote, is reported."""
        marked = len(self.gathered.notes)
        shown = " ".join(Render(self.gathered, False, name, footnotes=False)(code).split())
        for note in self.gathered.notes[marked:]:
            self.left_out(name, f"the note “{' '.join(note.split())}” (a fact takes no footnote)")
        del self.gathered.notes[marked:]
        return shown


def _only_comments(code: Wikicode) -> bool:
    return (
        not str(code.strip_code()).strip()
        and not code.filter_templates()
        and not code.filter_wikilinks()
    )


def locate(template: Template, text: str, gathered: Gathered) -> dict[str, int]:
    """Where each parameter starts in the page, for the messages."""
    start = max(text.find(str(template)), 0)
    offsets, cursor = {}, start
    for param in template.params:
        at = text.find(str(param), cursor)
        if at >= 0:
            written = str(param)
            offsets[str(param.name).strip()] = at + len(written) - len(written.lstrip())
            cursor = at + len(str(param))
    gathered.offset = start
    return offsets


def is_conflict(template: Template) -> bool:
    return template_name(template) in CONFLICT


def conflict(reading: Reading) -> Mapped:
    """Infobox military conflict, parameter by parameter: facts, then two or three sides."""
    mapped = reading.mapped
    facts: list[dict[str, object]] = []
    sides: dict[int, dict[str, list[list[Line]]]] = {}
    named: dict[int, list[str]] = {}
    for name in reading.given():
        key = name.lower().replace(" ", "_")
        part = next((p for p in SIDE_PARTS if key.startswith(p)), None)
        number = key[len(part) :] if part else ""
        if part and number[:1] in "123" and number[:1] and number[1:] in ("", "a", "b", "c", "d"):
            chunks = sides.setdefault(int(number[0]), {}).setdefault(part, [])
            chunks.append(reading.lines(name))
            named.setdefault(int(number[0]), []).append(name)
            continue
        if key == "conflict":
            mapped.title = reading.text(name)
        elif key in FACTS:
            fact = reading.fact(FACTS[key], name)
            if fact:
                facts.append(fact)
        elif key in IMAGE:
            if key in ("image", "image_name"):
                reading.image_left_out(name)
        elif key in MAP:
            if key in ("map_type", "map", "map_image"):
                reading.left_out(name, "the locator map (the format has no maps)")
        elif key == "campaignbox":
            reading.left_out(name, "a navigation box (campaign box)")
        elif key in LAYOUT:
            if key in ("combatants_header", "module", "embed"):
                reading.left_out(name, "layout of Wikipedia's infobox, which the sheet sets itself")
        else:
            reading.left_out(name, "not a parameter of Infobox military conflict")
    if facts:
        mapped.infobox["facts"] = facts
    written = [
        _side(number, parts, reading)
        for number, parts in sorted(sides.items())
        if parts.get("combatant")
    ]
    civilians = sides.get(3, {}) if 3 in sides and not sides[3].get("combatant") else {}
    if len(written) >= 2:
        mapped.infobox["sides"] = written
    elif written:
        reading.left_out("combatant1", "one side only: a conflict's sides are two or more")
    for number, names in named.items():
        if sides[number].get("combatant"):
            continue
        for name in names:
            if not (number == 3 and name.lower().startswith("casualties")):
                reading.left_out(name, f"a side with no combatants (combatant{number} is empty)")
    if civilians.get("casualties"):
        _civilians([line for chunk in civilians["casualties"] for line in chunk], reading)
    return mapped


def _side(number: int, chunks: dict[str, list[list[Line]]], reading: Reading) -> dict[str, object]:
    path: Path = ("infobox", "sides", number - 1)
    side: dict[str, object] = {}
    belligerents = [b for chunk in chunks.get("combatant", []) for b in _belligerents(chunk)]
    parts = {part: [line for chunk in found for line in chunk] for part, found in chunks.items()}
    names = [b if isinstance(b, str) else b["name"] for b in belligerents]
    if len(set(names)) < len(names):  # one state under two headings: name the side once each
        side["name"] = ", ".join(dict.fromkeys(names))
    side["belligerents"] = belligerents
    named = [line for line in parts.get("commander", []) if line.text.strip(" †‡*")]
    commanders = [_person(line) for line in named if not is_heading(line)]
    if commanders:
        side["commanders"] = commanders
    units = [line.text for line in parts.get("units", []) if line.text and not is_heading(line)]
    for part in ("combatant", "commander", "units"):
        for line in parts.get(part, []):
            for note in line.notes:
                reading.left_out(
                    f"{part}{number}",
                    f"the note “{' '.join(note.split())}” (a name takes none)",
                    path,
                )
    if units:
        side["units"] = units

    counted = strength(
        parts.get("strength", []),
        names,
        lambda why: reading.left_out(f"strength{number}", why, path),
    )
    if counted:
        side["strength"] = counted
    lost = casualties(parts.get("casualties", []), names)
    if lost:
        side["casualties"] = lost
    return side


def _belligerents(lines: list[Line]) -> list[object]:
    """Names, with the groups their headings give and who `Supported by:` lists."""
    found: list[object] = []
    group, supporting = "", False
    for line in lines:
        name = line.text.strip(" †*")
        if not name:
            continue  # a line that was only a reference
        if is_heading(line):
            heading = name.rstrip(":").strip()
            supporting = heading.casefold().startswith(("support", "supported"))
            group = "" if supporting else heading
            continue
        if supporting and found:
            last = found[-1] if isinstance(found[-1], dict) else {"name": found[-1]}
            last.setdefault("supported_by", []).append(name)
            found[-1] = last
            continue
        name, years = _years(name)
        entry = {"name": name} | years | ({"group": group} if group else {})
        found.append(entry if len(entry) > 1 else name)
    return found


def _years(name: str) -> tuple[str, dict[str, str]]:
    """`Sweden (from 1630)`, `Bohemia (until 1620)`, `Denmark–Norway (1625–29)`: the name,
    and the years the belligerent fought as `from` and `to`."""
    if not name.endswith(")") or "(" not in name:
        return name, {}
    bare, _, inside = name[:-1].rpartition("(")
    words = inside.replace("–", " – ").replace("-", " – ").split()
    years = [w for w in words if w.isdigit() and len(w) in (2, 4)]
    if not years or len(years) > 2 or len(years[0]) != 4 or len(words) > 4:
        return name, {}
    if len(years) == 2 and len(years[1]) == 2:
        years[1] = years[0][:2] + years[1]
    first = words[0].casefold()
    if first in ("until", "to", "before") and len(years) == 1:
        return bare.strip(), {"to": years[0]}
    if first in ("from", "since", "after") and len(years) == 1:
        return bare.strip(), {"from": years[0]}
    if first == years[0] and len(years) == 2 and years[0] <= years[1]:
        return bare.strip(), {"from": years[0], "to": years[1]}
    return name, {}


def _person(line: Line) -> object:
    name = line.text.strip(" †‡*")
    fate = next(
        (f for f in line.fates if f in ("killed", "died", "wounded", "captured", "executed")), ""
    )
    return {"name": name, "fate": fate} if fate else name


def _civilians(lines: list[Line], reading: Reading) -> None:
    figures = []
    for line in lines:
        split = split_figure(line.text)
        if split is None:
            reading.left_out("casualties3", f"“{line.text}”: no figure the format reads")
            continue
        label, figure, rest = split
        note = " ".join(part for part in (label, rest) if part)
        entry: dict[str, object] = {"value": figure}
        if note:
            entry["note"] = note
        if line.cited:
            entry["source"] = line.cited[0]
        figures.append(entry if len(entry) > 1 else figure)
    if figures:
        reading.mapped.infobox["civilian_casualties"] = figures[0] if len(figures) == 1 else figures
