"""Characters no installed font draws, named by the field or the body they stand in.

U+E000 to U+E004 are private-use characters, which no font this project installs draws
(the catalogue's glyph-strict entry relies on that too)."""

from __future__ import annotations

from sheets import read_sheet, shown

from factsheet.checks import glyphs


def test_a_character_is_named_once_at_its_first_place_in_its_field_or_the_body(project):
    subject = read_sheet(
        project,
        """
        ---
        # \ue001 in a comment before any field
        title: "A \ue000 title"
        sources:
          - {id: a, title: "\ue002"}
        ---
        Again \ue000, and \ue003 in the body; \ue002 again.
        """,
    )
    found = glyphs.undrawn_characters(subject.document, subject.positions, subject.text)
    assert shown(found, subject) == [
        "content/doc.md:2:3: (front matter): warning: no available font can draw '\\ue001'"
        " (U+E001)",
        "content/doc.md:3:11: title: warning: no available font can draw '\\ue000' (U+E000)",
        "content/doc.md:5:21: sources[0].title: warning: no available font can draw '\\ue002' (U+E002)",
        "content/doc.md:7:14: body: warning: no available font can draw '\\ue003' (U+E003)",
    ]


def test_a_text_every_font_draws_gives_nothing(project):
    subject = read_sheet(project, "---\ntitle: Plain\n---\nText, with a tab\tand spaces.\n")
    assert list(glyphs.undrawn_characters(subject.document, subject.positions, subject.text)) == []
