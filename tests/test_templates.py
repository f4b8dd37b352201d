"""The Jinja2 environment: user templates first, autoescape, strict undefined."""

from __future__ import annotations

import jinja2
import pytest

from factsheet.templates import DEFAULT_TEMPLATES, environment, read_static


def test_defaults_include_one_layout_per_output_and_shared_partials():
    names = set(environment().list_templates())
    assert {"print.html.j2", "ebook.xhtml.j2", "page.html.j2"} <= names
    assert {"partials/infobox.html.j2", "partials/casualties.html.j2"} <= names
    for layout in ("print.html.j2", "ebook.xhtml.j2", "page.html.j2"):
        source = (DEFAULT_TEMPLATES / layout).read_text() + (
            DEFAULT_TEMPLATES / "partials/article.html.j2"
        ).read_text()
        assert "partials/article.html.j2" in source
        assert "partials/infobox.html.j2" in source
        # The sections after the body come from the context's `sections`, as the e-book's
        # table of contents does.
        assert '{% include "partials/" ~ section.name ~ ".html.j2" %}' in source
    sections = ("timeline", "casualties", "sources", "colophon")
    assert {f"partials/{name}.html.j2" for name in sections} <= names


def test_user_templates_replace_defaults_file_by_file(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "colophon.html.j2").write_text("<footer>mine</footer>")
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.css").write_text("body { color: red; }")
    env = environment(tmp_path)
    assert env.get_template("partials/colophon.html.j2").render() == "<footer>mine</footer>"
    assert read_static(env, "css/print.css") == "body { color: red; }"
    assert env.get_template("partials/infobox.html.j2").filename.startswith(str(DEFAULT_TEMPLATES))


def test_autoescape_is_on():
    env = environment()
    assert env.from_string("{{ x }}").render(x="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_undefined_names_are_errors():
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ missing }}").render()
