"""How a printed sheet is arranged on its pages: decided from a first layout of the sheet
(factsheet.printed.arrange) and read by the print templates through the print context."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Arrangement:
    """Where the printed sheet breaks and what it holds; the default sets everything in order."""

    infobox_breaks: frozenset[int] = frozenset()
    """Rows of the infobox (counted from 0) that begin a page, under a "(continued)" band."""
    infobox_clearance: float = 0.0
    """Room (CSS px) the infobox leaves at the foot of each page it is on, where its rows would
    run into the footnotes (WeasyPrint does not keep a float out of the footnote area)."""
    unhyphenated: frozenset[int] = frozenset()
    """Paragraphs of the narrative (the nth <p>, from 1) set without hyphenation, where
    WeasyPrint set a hyphenated line across the infobox."""
    casualties_at: int | None = None
    """The part of the body (0: the lead) the casualty section is set before, close to the
    infobox; None: after the narrative, as the other outputs set it."""
    kept: int | None = None
    """How many parts of the body the sheet prints (the lead and the sections after it) to fit
    its page budget; None: all of them."""
    budget: int | None = None
    """The most pages the sheet may take (`--pages`, or `print: {pages: N}`)."""
    list_splits: tuple[tuple[str, tuple[int, ...]], ...] = ()
    """Lists of names (leaders, commanders, units) set as two rows, so that the page may end
    between them: the list's name and how many names of each side the first row holds."""

    def split_of(self, part: str) -> tuple[int, ...] | None:
        """How many names of each side the first row of the list `part` holds, if it is split."""
        return next((counts for name, counts in self.list_splits if name == part), None)
