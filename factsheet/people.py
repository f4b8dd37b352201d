"""People's names as an index files them: the words a name sorts under, its inverted form
("Zhukov, Georgy"), and which spellings are one person and which look like one."""

from __future__ import annotations

import unicodedata

from factsheet.model import FrontMatter, Person


def people_named(meta: FrontMatter) -> tuple[Person, ...]:
    """Every person a document's structured data names, as the booklet's index lists them: each
    side's leaders and commanders, an organisation's founders and leaders, and the person a
    person's sheet is about (by its title). An office's predecessor and successor are text,
    which may say "Position established", so they are not listed."""
    box = meta.infobox
    subject = (Person(name=meta.title),) if meta.subject == "person" else ()
    if box is None:
        return subject
    sides = tuple(person for side in box.sides or () for person in side.people)
    return (*subject, *sides, *(box.founders or ()), *(box.leaders or ()))


def folded(text: str) -> str:
    """A name without case, diacritics or extra spaces: `Michitarō` and `michitaro` are one."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def diacritics(text: str) -> int:
    """How many marks a spelling carries, to show the fullest of the spellings of one name."""
    return sum(1 for c in unicodedata.normalize("NFKD", text) if unicodedata.combining(c))


def family_name(person: Person) -> str:
    """The words the index files a person under: `sort` when given, else the last word."""
    return person.sort or person.name.split()[-1]


def given_names(person: Person) -> str:
    """The rest of the name: the words before the family name when it ends the name, else
    the name without the family name's words."""
    words, family = person.name.split(), family_name(person).split()
    if words[-len(family) :] == family:
        return " ".join(words[: -len(family)])
    if words[: len(family)] == family:
        return " ".join(words[len(family) :])
    return person.name


def index_form(person: Person) -> str:
    """The name as the index prints it: "Zhukov, Georgy" when the family name ends the name,
    else as written ("Mao Zedong", "Hirohito")."""
    words, family = person.name.split(), family_name(person).split()
    if len(words) > len(family) and words[-len(family) :] == family:
        return f"{' '.join(family)}, {' '.join(words[: -len(family)])}"
    return person.name


def sort_key(person: Person) -> tuple[str, str, str]:
    """Family name, then given names, without case or diacritics; the spelling breaks ties."""
    return (folded(family_name(person)), folded(given_names(person)), person.name)


def near_spellings(one: Person, other: Person) -> bool:
    """Two spellings of one person, most likely: not the same once folded, but the same family
    name and given names at most one edit apart (a letter added, dropped, changed, or two
    neighbouring letters swapped): "Vasily"/"Vasili", not "Kenkichi"/"Kenji"."""
    if folded(one.name) == folded(other.name):
        return False
    if folded(family_name(one)) != folded(family_name(other)):
        return False
    return within_one_edit(folded(given_names(one)), folded(given_names(other)))


def within_one_edit(a: str, b: str) -> bool:
    """Whether `b` is `a` with at most one letter added, dropped or changed, or one pair of
    neighbouring letters swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    if start is None:
        return True  # one is the other, or the other plus one letter at its end
    a_rest, b_rest = a[start + 1 :], b[start + 1 :]
    swapped = a[start : start + 2] == b[start : start + 2][::-1]
    return (
        a_rest == b_rest  # changed
        or a[start:] == b_rest  # added to b
        or a_rest == b[start:]  # dropped from b
        or (swapped and a[start + 2 :] == b[start + 2 :])
    )
