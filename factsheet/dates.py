"""The dates the content format takes: partial dates of events, real days, and the days an
e-book's files can carry; each refused with a message that says why."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if not isinstance(value, str) or not (match := _PARTIAL_DATE.match(value)):
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as error:
        raise ValueError(f"expected a real date, got {value!r} ({error})") from None
    return value


_MONTH, _DAY_OF_MONTH = "(0[1-9]|1[0-2])", "(0[1-9]|[12][0-9]|3[01])"
PARTIAL_DATE_FORMS = {
    "anyOf": [
        {"type": "string", "pattern": rf"^\d{{4}}(-{_MONTH}(-{_DAY_OF_MONTH})?)?$"},
        {"type": "integer", "minimum": 1, "maximum": 9999},
    ]
}
"""A partial date in the JSON Schema: `1938`, `1938-07` or `1938-07-29`, or a year as a number."""
PartialDate = Annotated[str, BeforeValidator(_partial_date), WithJsonSchema(PARTIAL_DATE_FORMS)]


def ends_before(later: str, earlier: str) -> bool:
    """Whether the partial date `later` ends before `earlier` starts, compared as far as both
    are given (1938 is not before 1938-08: it may be any day of that year)."""
    common = min(len(later), len(earlier))
    return later[:common] < earlier[:common]


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _real_day(value: object) -> object:
    # YAML leaves a date that does not exist (1942-06-31) as text: say why it is not a date.
    if isinstance(value, str) and (match := _DAY.match(value)):
        try:
            dt.date(*(int(part) for part in match.groups()))
        except ValueError as error:
            raise ValueError(f"expected a real date, got {value!r} ({error})") from None
    return value


DAY_FORM = {"type": "string", "format": "date", "pattern": rf"^\d{{4}}-{_MONTH}-{_DAY_OF_MONTH}$"}
Day = Annotated[dt.date, BeforeValidator(_real_day), WithJsonSchema(DAY_FORM)]

FIRST_DAY, LAST_DAY = dt.date(1980, 1, 1), dt.date(2107, 12, 31)
"""The dates a ZIP file (the EPUB) can hold; a document's date is written into its entries."""


def _writable_day(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(
            f"expected a date from {FIRST_DAY} to {LAST_DAY} (the dates an e-book's files"
            f" can carry), got '{value}'"
        )
    return value


DocumentDay = Annotated[Day, AfterValidator(_writable_day)]
