"""What the documents form together, as `content/collection.yaml` describes it; no I/O here."""

from __future__ import annotations

import re
import unicodedata

from factsheet.model import License
from factsheet.values import Frozen, Lang, Slug, Text


class Collection(Frozen):
    """What the documents form together (`content/collection.yaml`)."""

    title: Text
    """The collection's title, on the booklet's and the e-book's cover."""
    subtitle: Text | None = None
    """A line under the title."""
    lang: Lang = "en"
    """The language of the collection's own pages (contents, index)."""
    description: Text | None = None
    """A paragraph on the collection, on its title page and in metadata."""
    publisher: Text | None = None
    """Who publishes the collection."""
    license: License | None = None
    """The collection's licence."""
    documents: tuple[Slug, ...] | None = None
    """The documents in reading order, by slug; default: all, by slug."""
    cover: Text | None = None
    """A cover image, as v1 allows; not used: the e-book draws its cover."""
    slug: Slug | None = None
    """The collection's file names (`output/<slug>.pdf`, `.epub`); default: from the title."""

    @property
    def name(self) -> str:
        return self.slug or slugify(self.title)


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: `Soviet–Japanese` → `soviet-japanese`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "collection"
