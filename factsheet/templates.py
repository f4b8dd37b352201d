"""The Jinja2 environment: autoescaped, strict, user templates before the defaults."""

from __future__ import annotations

import datetime as dt
import functools
import string
import traceback
from decimal import Decimal
from pathlib import Path

import jinja2
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from factsheet.context import Breakdown, format_number, render_quantities
from factsheet.contexts import Context
from factsheet.errors import Problem
from factsheet.markdown import in_scripts, inline
from factsheet.model import Quantities
from factsheet.stylesheets import data_uri, self_contained
from factsheet.themes import ChartColours, Theme, theme_of
from factsheet.words import locale_of, translations
from factsheet.writers.job import Look

_PACKAGED = Path(__file__).parent / "templates"
_CHECKOUT = Path(__file__).parent.parent / "templates"
DEFAULT_TEMPLATES = _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


@functools.cache
def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """Templates found in `user_templates` replace the default of the same name, file by file.

    One environment per folder and process: templates compile once, and Jinja reloads any
    that change on disk."""
    folders = [user_templates] if user_templates else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, DEFAULT_TEMPLATES]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.filters["quantity"] = _quantity
    env.filters["number"] = _number
    env.filters["date"] = _date
    env.filters["markdown_inline"] = _markdown_inline
    env.filters["css_counters"] = css_counters
    env.filters["in_scripts"] = _in_scripts
    env.globals["static"] = _static
    env.globals["theme_rules"] = _theme_rules
    env.globals["chart_colours"] = _chart_colours
    return env


def render(env: jinja2.Environment, name: str, context: Context, **extra: object) -> str:
    try:
        return env.get_template(name).render({**context, **extra})
    except jinja2.TemplateError:
        raise
    except Exception as error:
        raise _user_error(error, env) from error


def _user_error(error: Exception, env: jinja2.Environment) -> Exception:
    """An error raised by code in the user's own templates (`{{ 1 // 0 }}`) is a template
    error at its line; any other is ours, and stays what it is."""
    searchpath = getattr(env.loader, "searchpath", [])
    if len(searchpath) < 2:
        return error
    mine = Path(searchpath[0]).resolve()
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if not frames or not Path(frames[-1].filename).resolve().is_relative_to(mine):
        return error
    failed = jinja2.TemplateRuntimeError(f"{type(error).__name__}: {error}")
    failed.filename, failed.lineno = frames[-1].filename, frames[-1].lineno
    return failed


def template_problem(error: jinja2.TemplateError, document: Path) -> Problem:
    """Where a template failed, as a one-line problem: the template's own file and line."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if filename is None:
        frames = traceback.extract_tb(error.__traceback__)
        templated = [frame for frame in frames if frame.filename.endswith(".j2")]
        if templated:
            filename, line = templated[-1].filename, templated[-1].lineno
    where = Path(filename) if filename else document
    return Problem(where, line or 1, 1, "(template)", f"{error.message or error} (for {document})")


def read_static(env: jinja2.Environment, name: str) -> str:
    """A CSS or other static file, found the same way as templates so users can replace it."""
    source, _, _ = env.loader.get_source(env, name)
    return source


@jinja2.pass_context
def _quantity(
    ctx: jinja2.runtime.Context, quantities: Quantities | None, note_marks=None
) -> Markup:
    if quantities is None:
        return Markup("")
    if isinstance(quantities, Decimal):  # a measure's figure with a decimal point
        return Markup(escape(format_decimal(quantities, locale=locale_of(ctx["lang"]))))
    shown = functools.partial(
        render_quantities,
        lang=ctx["lang"],
        labels=ctx["labels"],
        source_numbers=ctx["source_numbers"],
        note_marks=note_marks,
        id_prefix=ctx.get("id_prefix", ""),
    )
    if not isinstance(quantities, Breakdown):
        return shown(quantities)
    parts = Markup("; ").join(
        Markup('<span class="part">{}: {}</span>').format(label, shown(figures))
        for label, figures in quantities.parts
    )
    if quantities.total is None:
        return Markup('<span class="breakdown">{}</span>').format(parts)
    return Markup('{} <span class="breakdown">({})</span>').format(shown(quantities.total), parts)


@jinja2.pass_context
def _number(ctx: jinja2.runtime.Context, value: float) -> str:
    return format_number(value, ctx["lang"])


@jinja2.pass_context
def _date(ctx: jinja2.runtime.Context, value: str | dt.date) -> str:
    """Full or partial dates (1938, 1938-07, 1938-07-29) in the document's language."""
    locale = locale_of(ctx["lang"])
    if isinstance(value, dt.date):
        return format_date(value, format="long", locale=locale)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return format_date(dt.date(*parts), format="long", locale=locale)
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=locale)
    return str(parts[0])


@jinja2.pass_context
def _gettext(ctx: jinja2.runtime.Context, message: str) -> str:
    """`_()` in a template: the message in the language of the document being rendered."""
    return translations(ctx["lang"]).gettext(message)


@jinja2.pass_context
def _ngettext(ctx: jinja2.runtime.Context, singular: str, plural: str, count: int) -> str:
    """`{% trans count=… %}`: the plural form the document's language needs for `count`."""
    return translations(ctx["lang"]).ngettext(singular, plural, count)


def css_counters(sentence: str) -> Markup:
    """A sentence such as 'Page {page} of {pages}' as a CSS `content` value: quoted text and
    the page counters, in the order the language puts them."""
    parts = []
    for text, counter, _, _ in string.Formatter().parse(str(sentence)):
        if text:
            quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            parts.append(f'"{quoted}"')
        if counter is not None:
            if counter not in ("page", "pages"):
                raise ValueError(f"no page counter {{{counter}}} in {sentence!r}")
            parts.append(f"counter({counter})")
    return Markup(" ".join(parts))


@jinja2.pass_context
def _static(ctx: jinja2.runtime.Context, name: str) -> Markup:
    """A stylesheet for the web page, set in the page's theme, its url()s inlined through the
    build's `door`."""
    if not name.endswith(".css"):
        return Markup(read_static(ctx.environment, name))
    sheet = _theme(ctx).sheet(ctx.environment, name)
    return Markup(self_contained(sheet, ctx.get("door"), data_uri))


@jinja2.pass_context
def _theme_rules(ctx: jinja2.runtime.Context) -> list[Markup]:
    """The theme's own rules and the user's stylesheet, for the web page, after ours."""
    return [Markup(self_contained(s, ctx.get("door"), data_uri)) for s in _theme(ctx).rules]


@jinja2.pass_context
def _chart_colours(ctx: jinja2.runtime.Context) -> ChartColours:
    """The chart's colours in the theme the sheet is rendered in."""
    return _theme(ctx).chart


def _theme(ctx: jinja2.runtime.Context) -> Theme:
    """The theme the page is rendered in; the default one when none is given."""
    return ctx.get("theme") or theme_of(ctx.environment, Look())


@jinja2.pass_context
def _in_scripts(ctx: jinja2.runtime.Context, text: str) -> Markup:
    """Plain text with each run of East Asian or Mongolian script in a span with its language."""
    return Markup(in_scripts(str(text), ctx["lang"]))


@jinja2.pass_context
def _markdown_inline(ctx: jinja2.runtime.Context, text: str) -> Markup:
    sources = tuple(ctx["source_numbers"])
    return Markup(inline(text, ctx["lang"], sources, ctx.get("id_prefix", "")))
