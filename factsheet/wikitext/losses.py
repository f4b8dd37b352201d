"""A side's strength and casualties from the infobox's lines, through the format's own figure
reader (`c. 20,000`, `5,700–8,000`, `7,000+`): each line a figure with what it counts, the
belligerent its flag shows, and the source its ref cites."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from factsheet.figures import APPROXIMATE, read_figure
from factsheet.wikitext.lines import Line, is_heading

Figure = str | dict[str, object]
KILLED = ("killed", "dead", "deaths", "died", "kia", "fatalities", "executed")
WOUNDED = ("wounded", "injured", "wia")
MISSING = ("missing", "mia")
CAPTURED = ("captured", "prisoners", "prisoner", "pow", "pows", "surrendered", "taken")
TOTAL = ("casualties", "casualty", "total", "losses", "killed or wounded", "killed and wounded")
MATERIAL = (
    "tank",
    "aircraft",
    "plane",
    "airplane",
    "ship",
    "gun",
    "vehicle",
    "armoured",
    "armored",
    "artillery",
    "horse",
    "truck",
    "car",
    "destroyed",
    "sunk",
    "damaged",
    "boat",
    "vessel",
    "submarine",
    "cruiser",
    "destroyer",
    "battleship",
    "carrier",
    "helicopter",
    "locomotive",
    "train",
    "mortar",
    "rifle",
    "machine gun",
    "tankette",
)
FIELDS = ("killed", "wounded", "missing", "captured")


def split_figure(text: str) -> tuple[str, str, str] | None:
    """(label, figure, rest) of `Total: 33,000 casualties`, `c. 20,000 men`; None when the
    line holds no figure the format reads. An approximate range (`c. 7,000–20,000`), which
    the format cannot write, is kept as the range with `approximately` in the rest."""
    label, sep, value = text.partition(":")
    if not sep or any(c.isdigit() for c in label):
        label, value = "", text
    words = value.split()
    for end in range(len(words), 0, -1):
        candidate = " ".join(words[:end]).rstrip(",;")
        rest = " ".join(words[end:]).strip(" ,;")
        for written, said in (
            (candidate, rest),
            (_unapproximated(candidate), f"{rest} (approximately)".strip()),
        ):
            try:
                if written and read_figure(written) is not None:
                    return label.strip(), written, said
            except ValueError:
                continue
    return _bounded(label.strip(), words)


BOUNDS = (
    "over",
    "more than",
    "up to",
    "under",
    "fewer than",
    "less than",
    "nearly",
    "almost",
    "around",
    "roughly",
    "approximately",
    "some",
    "estimated",
    "est.",
)
"""Words before a figure that the format has no form for: the figure keeps them, as text."""


def _bounded(label: str, words: list[str]) -> tuple[str, str, str] | None:
    """`Over 150,000 Imperial` → the figure `Over 150,000` (text, printed as written) and
    the rest; None when the words before the figure are not such a bound."""
    for end in range(1, min(len(words), 3)):
        bound = " ".join(words[:end]).casefold()
        figure = words[end].rstrip(",;")
        try:
            readable = read_figure(figure) is not None
        except ValueError:
            readable = False
        if bound in BOUNDS and readable:
            written = " ".join([*words[:end], figure])
            return label, written[:1].upper() + written[1:], " ".join(words[end + 1 :]).strip(" ,;")
    return None


def _unapproximated(candidate: str) -> str:
    lowered = candidate.casefold()
    for word in APPROXIMATE:
        if lowered.startswith(word) and any(dash in candidate for dash in "–—-"):
            return candidate[len(word) :].strip()
    return ""


def _figure(figure: str, line: Line, note: str = "") -> Figure:
    notes = [n for n in (note, *line.notes) if n]
    plain: Figure = int(figure) if figure.isdigit() else figure
    if not line.cited and not notes:
        return plain
    written: dict[str, object] = {"value": plain}
    if notes:
        written["note"] = "; ".join(notes)
    if line.cited:
        written["source"] = line.cited[0]
    return written


def _parenthesis(rest: str) -> tuple[str, str]:
    """`killed (Soviet claim)` → (`killed`, `Soviet claim`)."""
    if rest.endswith(")") and "(" in rest:
        before, _, inside = rest[:-1].rpartition("(")
        return before.strip(), inside.strip()
    return rest, ""


def _belligerent(line: Line, belligerents: list[str]) -> str:
    """The side's belligerent whose flag the line shows."""
    for flag in line.flags:
        for name in belligerents:
            if same_state(flag, name):
                return name
    return ""


def same_state(one: str, other: str) -> bool:
    """Whether two names are one state's: equal, or the shorter is whole words of the longer
    (`Germany` in `Nazi Germany`, not `Russia` in `Prussia`), without case or kind of dash."""
    words, others = _folded(one).split(), _folded(other).split()
    short, long = sorted((words, others), key=len)
    return bool(short) and any(
        long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)
    )


def _folded(name: str) -> str:
    return name.casefold().replace("–", "-").replace("—", "-")


def strength(
    lines: list[Line], belligerents: list[str], left_out: Callable[[str], None]
) -> list[dict[str, object]]:
    """A side's strength: a row per figure, under the belligerent its flag, label or heading
    names; another heading (`Initial:`) becomes the figure's note."""
    counted: list[dict[str, object]] = []
    for line, context in _in_context(lines, belligerents):
        split = split_figure(line.text)
        if split is None:
            left_out(f"“{line.text}”: no figure the format reads")
            continue
        label, figure, rest = split
        rest, note = _parenthesis(rest)
        belligerent = _belligerent(line, belligerents) or _named(label, belligerents)
        belligerent = belligerent or context.belligerent
        if label and not _named(label, belligerents):
            rest = f"{label} {rest}".strip() if rest else label
        entry: dict[str, object] = {"belligerent": belligerent} if belligerent else {}
        if rest or not belligerent:
            entry["item"] = rest or "troops"
        notes = "; ".join(part for part in (context.heading, note) if part)
        entry["count"] = _figure(figure, line, notes)
        counted.append(entry)
    return counted


def casualties(lines: list[Line], belligerents: list[str]) -> dict[str, object]:
    """The side's casualties: totals and breakdown, each belligerent's (named by a line's
    flag, its label or the heading above it), material, other losses, notes."""
    found: dict[str, list[Figure]] = {}
    by_belligerent: dict[str, dict[str, list[Figure]]] = {}
    material, other, notes = [], [], []
    for line, context in _in_context(lines, belligerents):
        split = split_figure(line.text)
        if split is None:
            notes.append(f"{context.heading}: {line.text}" if context.heading else line.text)
            continue
        label, figure, rest = split
        rest, note = _parenthesis(rest)
        belligerent = _belligerent(line, belligerents) or _named(label, belligerents)
        belligerent = belligerent or context.belligerent
        if belligerent and _named(label, belligerents):
            label = ""  # `Prussia: 3,000 killed`: the label said whose
        words = f"{label} {rest}".casefold()
        kind = _kind(words)
        qualifier = context.heading or (
            label if label and _kind(label.casefold()) == "other" else ""
        )
        if line.flags and not belligerent and kind != "material":
            qualifier = line.flags[0]  # a flag of none of the side's belligerents
        if qualifier and kind != "material":
            kind, rest = "other", f"{qualifier}: {rest or label or 'losses'}"
        if kind in FIELDS and _said_more(words, kind):
            note = "; ".join(part for part in (rest or label, note) if part)
        quantity = _figure(figure, line, note)
        if kind == "material":
            material.append({"item": rest or label, "count": quantity})
        elif belligerent and len(belligerents) > 1:
            mine = by_belligerent.setdefault(belligerent, {})
            if kind == "other":
                mine.setdefault("other", []).append({"label": rest or label, "count": quantity})
            else:
                mine.setdefault("count" if kind == "total" else kind, []).append(quantity)
        elif kind == "other":
            other.append({"label": (rest or label), "count": quantity})
        else:
            found.setdefault(kind, []).append(quantity)
    written: dict[str, object] = {key: _one(values) for key, values in found.items()}
    if by_belligerent:
        written["by_belligerent"] = [
            {"belligerent": name, **{k: v if k == "other" else _one(v) for k, v in figures.items()}}
            for name, figures in by_belligerent.items()
        ]
    if other:
        written["other"] = other
    if material:
        written["material"] = material
    if notes:
        written["notes"] = notes
    return written


@dataclass(frozen=True, slots=True)
class Context:
    """What the heading above a line says: the belligerent it names, or else its words."""

    belligerent: str = ""
    heading: str = ""


def _in_context(lines: list[Line], belligerents: list[str]) -> Iterator[tuple[Line, Context]]:
    """Each line that is not a heading, with the heading above it (`'''Germans:'''`)."""
    context = Context()
    for line in lines:
        if is_heading(line):
            words = line.text.rstrip(":").strip()
            named = _named(words, belligerents)
            context = Context(named, "" if named or words.casefold() == "total" else words)
            continue
        yield line, context


def _named(words: str, belligerents: list[str]) -> str:
    """The side's belligerent these words name (`Prussia`, `Great Britain`), if one."""
    return next((name for name in belligerents if words and same_state(words, name)), "")


FILLER = frozenset("in action soldiers men troops personnel total and or mercenaries".split())


def _said_more(words: str, kind: str) -> bool:
    """Whether a line says more than its field's name (`dead from all causes`, not `killed`):
    then its words are kept as the figure's note."""
    keywords = set(dict(zip(FIELDS, (KILLED, WOUNDED, MISSING, CAPTURED), strict=True))[kind])
    tokens = set(words.replace(",", " ").replace(":", " ").split())
    return bool(tokens - keywords - FILLER)


def _one(values: list[Figure]) -> Figure | list[Figure]:
    return values[0] if len(values) == 1 else values


def _kind(words: str) -> str:
    tokens = set(words.replace(",", " ").replace("/", " ").split())
    material = any(
        token in (word, f"{word}s", f"{word}es") or (" " in word and word in words)
        for word in MATERIAL
        for token in tokens
    )
    if material and not tokens & {"men", "soldiers", "troops"}:
        return "material"
    if "disease" in tokens or "accident" in tokens or "accidents" in tokens:
        return "other"
    if "killed or wounded" in words or "killed and wounded" in words:
        return "total"
    mentioned = [
        k
        for k, said in zip(FIELDS, (KILLED, WOUNDED, MISSING, CAPTURED), strict=True)
        if tokens & set(said)
    ]
    if len(mentioned) > 1:
        return "other"  # `killed and missing`: one figure for two fields
    for kind, keywords in (
        ("killed", KILLED),
        ("wounded", WOUNDED),
        ("missing", MISSING),
        ("captured", CAPTURED),
    ):
        if tokens & set(keywords):
            return kind
    if tokens & set(TOTAL) or not tokens - FILLER:
        return "total"  # `1,129,619 men`: the side's losses in all
    return "other"
