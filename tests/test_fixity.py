"""What an output's key covers: the templates it renders, found in Jinja's syntax tree."""

from __future__ import annotations

import jinja2

from factsheet.fixity import TemplateFiles


def environment(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates))


def template_closure(env: jinja2.Environment, roots: tuple[str, ...]) -> set[str]:
    return TemplateFiles(env).closure(roots)


def templates_digest(env: jinja2.Environment, roots: tuple[str, ...], styles) -> str:
    return TemplateFiles(env).digest(roots, styles)


TEMPLATES = {
    "page.html.j2": '{% include "partials/a.html.j2" %}{{ static("css/page.css") }}',
    "print.html.j2": '{% for s in sections %}{% include "partials/" ~ s ~ ".html.j2" %}{% endfor %}',
    "partials/a.html.j2": '{% from "partials/macros.j2" import m %}{{ m() }}',
    "partials/b.html.j2": "b",
    "partials/macros.j2": "{% macro m() %}m{% endmacro %}",
    "partials/b.svg.j2": "not an html partial",
    "css/page.css": "p {}",
    "css/booklet.css": "p {}",
    "broken.html.j2": '{% if %}{% include "partials/b.html.j2" %}',
    "missing.html.j2": '{% include "partials/none.html.j2" %}',
}


def test_the_closure_follows_includes_imports_and_static_files():
    env = environment(TEMPLATES)
    assert template_closure(env, ("page.html.j2",)) == {
        "page.html.j2",
        "partials/a.html.j2",
        "partials/macros.j2",
        "css/page.css",
    }


def test_a_name_built_from_a_variable_takes_every_template_its_constant_ends_allow():
    env = environment(TEMPLATES)
    assert template_closure(env, ("print.html.j2",)) == {
        "print.html.j2",
        "partials/a.html.j2",
        "partials/b.html.j2",
        "partials/macros.j2",  # a.html.j2 imports it
    }


def test_a_broken_or_missing_template_is_hashed_not_raised():
    env = environment(TEMPLATES)
    assert template_closure(env, ("broken.html.j2",)) == {"broken.html.j2"}
    assert "partials/none.html.j2" in template_closure(env, ("missing.html.j2",))
    assert templates_digest(env, ("missing.html.j2",), ())


def test_a_format_key_changes_with_its_own_files_only():
    before = templates_digest(environment(TEMPLATES), ("page.html.j2",), ("css/page.css",))
    changed = environment({**TEMPLATES, "css/booklet.css": "p { color: red }"})
    assert templates_digest(changed, ("page.html.j2",), ("css/page.css",)) == before
    changed = environment({**TEMPLATES, "partials/macros.j2": "{% macro m() %}n{% endmacro %}"})
    assert templates_digest(changed, ("page.html.j2",), ("css/page.css",)) != before


def test_each_template_is_parsed_once_for_every_format_that_uses_it():
    files = TemplateFiles(environment(TEMPLATES))
    first = files.digest(("page.html.j2",), ("css/page.css",))
    files.env = None  # a second digest must need nothing it has not read already
    assert files.digest(("page.html.j2",), ("css/page.css",)) == first
