"""All the checks together: every concern's problems in one list, in file order."""

from __future__ import annotations

from sheets import read_sheet, shown

from factsheet.checks import run_checks


def test_problems_of_every_concern_come_back_in_file_order(project):
    subject = read_sheet(
        project,
        """
        ---
        title: "\ue000"
        sources: [{id: a, title: A}, {id: a, title: B}]
        infobox:
          sides:
            - casualties: {total: 1, combat: {value: 2, source: b}}
            - {}
        ---
        [x](#nowhere) [@c] [^d]

        #
        """,
    )
    found = run_checks(subject.document, subject.positions, subject.door, subject.text)
    assert shown(found, subject) == [
        "content/doc.md:2:9: title: warning: no available font can draw '\\ue000' (U+E000)",
        "content/doc.md:3:35: sources[1].id: duplicate source id 'a'",
        "content/doc.md:6:27: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 2, which does not match total 1",
        "content/doc.md:6:57: infobox.sides[0].casualties.combat.source:"
        " unknown source id 'b' (known: a, a)",
        "content/doc.md:9:1: body: warning: link '#nowhere': no heading, footnote or source"
        " of this document has that id; it is kept as text",
        "content/doc.md:9:15: body: unknown source id 'c' (known: a, a)",
        "content/doc.md:9:20: body: footnote [^d] is not defined; add a line '[^d]: …'",
        "content/doc.md:11:1: body: warning: heading without text; it is left out",
    ]
