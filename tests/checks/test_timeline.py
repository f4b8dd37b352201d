"""The timeline reads forward: an event does not end before it begins."""

from __future__ import annotations

from sheets import read_sheet, shown

from factsheet.checks import timeline

TIMELINE = """
---
title: T
timeline:
  - {{date: {date}, end: {end}, event: E}}
---
"""


def checked(project, date: str, end: str) -> list[str]:
    subject = read_sheet(project, TIMELINE.format(date=date, end=end))
    return shown(timeline.dates_in_order(subject.document, subject.positions), subject)


def test_an_event_that_ends_before_it_begins_is_an_error(project):
    assert checked(project, "1939-08-20", "1939-05-11") == [
        "content/doc.md:4:29: timeline[0].end: the event ends (1939-05-11) before it begins"
        " (1939-08-20)"
    ]
    assert checked(project, "1940", "1939") != []


def test_dates_are_compared_only_as_far_as_both_are_given(project):
    assert checked(project, "1938-08", "1938") == []  # 1938 may be any day of that year
    assert checked(project, "1938-07-29", "1938-08-11") == []
    assert checked(project, "1938-08-11", "1938-08-11") == []
