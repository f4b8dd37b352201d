"""Casualty totals against their parts, and by_belligerent entries against their side."""

from __future__ import annotations

from sheets import read_sheet, shown

from factsheet.checks import sums

SIDES = """
---
title: T
lang: {lang}
infobox:
  sides:
    - belligerents: [Alpha, Beta]
      casualties: {casualties}
    - {{}}
---
"""


def checked(project, casualties: str, lang: str = "en") -> list[str]:
    subject = read_sheet(project, SIDES.format(lang=lang, casualties=casualties))
    return shown(sums.casualties(subject.document, subject.positions), subject)


def test_parts_given_in_full_that_fall_short_of_the_total_are_a_warning(project):
    assert checked(project, "{total: 20, combat: 10, non_combat: 5}") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 15, which does not match total 20"
    ]


def test_one_part_alone_may_fall_short_but_not_exceed_the_total(project):
    assert checked(project, "{total: 20, combat: 10}") == []
    assert checked(project, "{total: 20, non_combat: 25}") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 25, which does not match total 20"
    ]


def test_ranges_lower_bounds_and_approximations_are_compared_as_intervals(project):
    assert checked(project, "{total: {approx: 100}, combat: 95, non_combat: 10}") == []
    assert checked(project, "{total: {min: 1000, max: 2000}, combat: {at_least: 2500}}") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 2,500+, which does not match total 1,000–2,000"
    ]
    assert checked(project, "{total: {approx: 100}, combat: 50, non_combat: 30}") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 80, which does not match total 90–110"
    ]


def test_numbers_in_the_message_are_written_in_the_documents_language(project):
    assert checked(project, "{total: 1000, combat: 2501}", lang="fr") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 2\u202f501, which does not match total 1\u202f000"
    ]


def test_a_total_or_part_given_only_as_text_is_not_summed(project):
    assert checked(project, "{total: many, combat: 5000}") == []
    assert checked(project, "{total: 10, combat: some, non_combat: 50}") == []


def test_by_belligerent_counts_against_the_total_only_short_when_every_one_is_named(project):
    assert checked(project, "{total: 10, by_belligerent: [{belligerent: Alpha, count: 5}]}") == []
    both = "[{belligerent: Alpha, count: 3}, {belligerent: Beta, count: 4}]"
    assert checked(project, f"{{total: 10, by_belligerent: {both}}}") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " by_belligerent adds up to 7, which does not match total 10"
    ]


def test_both_sums_at_one_total_keep_their_order(project):
    many = "[{belligerent: Alpha, count: 30}]"
    assert checked(project, f"{{total: 10, combat: 20, by_belligerent: {many}}}") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 20, which does not match total 10",
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " by_belligerent adds up to 30, which does not match total 10",
    ]


def test_a_belligerent_not_on_its_side_is_an_error_with_a_suggestion(project):
    entries = "[{belligerent: Alpah, count: 1}, {belligerent: Gamma, count: 2}]"
    assert checked(project, f"{{by_belligerent: {entries}}}") == [
        "content/doc.md:7:51: infobox.sides[0].casualties.by_belligerent[0].belligerent:"
        " 'Alpah' is not among this side's belligerents (Alpha, Beta); did you mean 'Alpha'?",
        "content/doc.md:7:83: infobox.sides[0].casualties.by_belligerent[1].belligerent:"
        " 'Gamma' is not among this side's belligerents (Alpha, Beta)",
    ]


def test_a_side_without_belligerents_says_none_are_listed(project):
    subject = read_sheet(
        project,
        """
        ---
        title: T
        infobox:
          sides:
            - {}
            - name: Them
              casualties: {by_belligerent: [{belligerent: Alpha, count: 1}]}
        ---
        """,
    )
    assert shown(sums.casualties(subject.document, subject.positions), subject) == [
        "content/doc.md:7:51: infobox.sides[1].casualties.by_belligerent[0].belligerent:"
        " 'Alpha' is not among this side's belligerents (none listed)"
    ]


def test_killed_wounded_missing_and_captured_each_stay_within_the_total(project):
    assert checked(project, "{total: 250, killed: 200, wounded: 40}") == []
    assert checked(project, "{total: 250, killed: 307}") == [
        "content/doc.md:7:40: infobox.sides[0].casualties.killed: warning:"
        " killed (307) is more than total 250"
    ]
    assert checked(project, "{total: {min: 200, max: 300}, killed: {approx: 280}}") == []


def test_killed_wounded_missing_and_captured_together_stay_within_the_total(project):
    assert checked(project, "{total: 250, killed: 200, wounded: 60, missing: several}") == []
    assert checked(project, "{total: 250, killed: 200, wounded: 60}") == [
        "content/doc.md:7:27: infobox.sides[0].casualties.total: warning:"
        " killed + wounded adds up to 260, more than total 250"
    ]
