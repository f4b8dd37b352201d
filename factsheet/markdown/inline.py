"""Inline Markdown for the short fields of the front matter (infobox values, table notes)."""

from __future__ import annotations

from factsheet.markdown.parse import new_env, unlink
from factsheet.markdown.render import Rendering, renderer


def inline(text: str, lang: str, source_ids: tuple[str, ...], id_prefix: str = "") -> str:
    """Inline Markdown (emphasis, links, citations) for short fields such as infobox values;
    raw HTML there is always text, and so is a link other than http(s), mailto or a source.
    `id_prefix` goes before the ids its links point at, as before the output's own."""
    env = new_env(source_ids)
    md = renderer(lang)
    tokens = md.parseInline(text, env)
    unlink(tokens, {f"source-{sid}" for sid in source_ids}, documents=False)
    return md.renderer.render(
        tokens, md.options, env | {"rendering": Rendering(id_prefix=id_prefix), "langs": [lang]}
    )
