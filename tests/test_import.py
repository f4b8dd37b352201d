"""`factsheet import` as a user runs it: a real process, its messages and exit codes; what a
careless user brings (a missing file, a file in another encoding, a second import) and what
an attacker brings (entities in an export, a page that asks for the network)."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest
import yaml

from conftest import run_factsheet

ARTICLE = """{{Infobox military conflict
| conflict = Battle of Example Hill
| date = {{start date|1938|7|29}}
| combatant1 = {{flag|USSR}}
| combatant2 = {{flag|Japan}}
| casualties1 = 792 killed
| casualties2 = 526 killed
| weird = x
}}
The '''Battle of Example Hill''' was fought near [[Other Battle|the other battle]]. {{Weird template|secret}}

== Course ==
It ended quickly.
"""
OTHER = """{{Infobox military conflict
| conflict = Other Battle
| combatant1 = A
| combatant2 = B
}}
'''Other Battle''' came after [[Battle of Example Hill]].
"""


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_import_writes_a_document_that_builds_and_says_what_it_left_out(tmp_path):
    (tmp_path / "hill.wikitext").write_text(ARTICLE, encoding="utf-8")
    done = run_factsheet("import", "hill.wikitext", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wrote content/battle-of-example-hill.md" in done.stdout
    assert (
        "hill.wikitext:8:3: weird: warning: left out: not a parameter of Infobox military conflict"
        in done.stderr
    )
    assert (
        "hill.wikitext:10:" in done.stderr
        and "the template {{Weird template}}, which import does not know" in done.stderr
    )
    assert "Traceback" not in done.stderr
    written = tmp_path / "content" / "battle-of-example-hill.md"
    text = written.read_text(encoding="utf-8")
    assert "secret" not in text and "{{" not in text, "an unknown template is never pasted in"
    assert "# weird: left out: not a parameter of Infobox military conflict" in text
    front = _front(written)
    assert front["license"]["name"] == "CC BY-SA 4.0" and front["authors"] == [
        "Wikipedia contributors"
    ]
    assert front["sources"][0]["url"] == "https://en.wikipedia.org/wiki/Battle_of_Example_Hill"
    assert front["infobox"]["sides"][0]["belligerents"] == ["Soviet Union"]
    checked = run_factsheet("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_a_second_import_keeps_the_document_unless_forced(tmp_path):
    (tmp_path / "hill.wikitext").write_text(ARTICLE, encoding="utf-8")
    assert run_factsheet("import", "hill.wikitext", cwd=tmp_path).returncode == 0
    written = tmp_path / "content" / "battle-of-example-hill.md"
    written.write_text(
        written.read_text(encoding="utf-8") + "\nMy own paragraph.\n", encoding="utf-8"
    )
    again = run_factsheet("import", "hill.wikitext", cwd=tmp_path)
    assert again.returncode == 1
    assert (
        "content/battle-of-example-hill.md not written: it exists; --force replaces it"
        in again.stderr
    )
    assert "My own paragraph." in written.read_text(encoding="utf-8")
    forced = run_factsheet("import", "hill.wikitext", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "My own paragraph." not in written.read_text(encoding="utf-8")


def test_pages_of_one_import_link_to_each_other(tmp_path):
    (tmp_path / "hill.wikitext").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "other.wikitext").write_text(OTHER, encoding="utf-8")
    done = run_factsheet(
        "import", "hill.wikitext", "other.wikitext", "--content", "docs", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "[the other battle](other-battle.md)" in (
        tmp_path / "docs" / "battle-of-example-hill.md"
    ).read_text(encoding="utf-8")
    assert "[Battle of Example Hill](battle-of-example-hill.md)" in (
        tmp_path / "docs" / "other-battle.md"
    ).read_text(encoding="utf-8")


def test_the_project_files_content_folder_is_where_documents_go(tmp_path):
    (tmp_path / "factsheet.toml").write_text('content = "articles"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "hill.wikitext").write_text(ARTICLE, encoding="utf-8")
    done = run_factsheet("import", "hill.wikitext", cwd=tmp_path / "sub")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "articles" / "battle-of-example-hill.md").is_file()


def test_careless_sources_are_one_line_each_and_the_rest_are_imported(tmp_path):
    (tmp_path / "hill.wikitext").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "latin1.wikitext").write_bytes("'''Caf\xe9'''".encode("latin-1"))
    (tmp_path / "notes.xml").write_text("<notes><note>hi</note></notes>", encoding="utf-8")
    (tmp_path / "broken.xml").write_text(
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><page>', encoding="utf-8"
    )
    done = run_factsheet(
        "import",
        "missing.wikitext",
        "latin1.wikitext",
        "notes.xml",
        "broken.xml",
        "hill.wikitext",
        cwd=tmp_path,
    )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert any(
        line.startswith("missing.wikitext:1:1: (source): cannot be read: No such file")
        for line in lines
    ), lines
    assert any(
        "latin1.wikitext:1:1: (source): not UTF-8 text (byte 7)" in line for line in lines
    ), lines
    assert any("notes.xml:1:1: (source): " in line for line in lines), lines
    assert any(
        line.startswith("broken.xml:1:1: (source): ") and "not a MediaWiki export" in line
        for line in lines
    ), lines
    assert "Traceback" not in done.stderr
    assert (tmp_path / "content" / "battle-of-example-hill.md").is_file()


def test_an_export_never_expands_entities_or_reads_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    export = f"""<?xml version="1.0"?>
<!DOCTYPE mediawiki [<!ENTITY leak SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" xml:lang="en">
  <page><title>Leaky Page</title><revision><id>42</id><timestamp>2026-11-26T10:00:00Z</timestamp>
  <text xml:space="preserve">'''Leaky Page''' is &leak; and &c;.</text></revision></page>
</mediawiki>"""
    (tmp_path / "leak.xml").write_text(export, encoding="utf-8")
    done = run_factsheet("import", "leak.xml", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    for written in (tmp_path / "content").glob("*.md") if (tmp_path / "content").exists() else []:
        text = written.read_text(encoding="utf-8")
        assert "TOP-SECRET-VALUE" not in text and "aaaaaaaaaa" not in text


def test_an_export_of_two_pages_gives_two_documents_with_their_revisions(tmp_path):
    page = """<page><title>{title}</title><ns>0</ns><revision><id>{rev}</id><timestamp>2017-10-29T00:56:32Z</timestamp><text xml:space="preserve">'''{title}''' is a page.</text></revision></page>"""
    export = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" xml:lang="en">'
        + page.format(title="First Page", rev=101)
        + "\n"
        + page.format(title="Second Page", rev=202)
        + "</mediawiki>"
    )
    (tmp_path / "two.xml").write_text(export, encoding="utf-8")
    done = run_factsheet("import", "two.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    second = _front(tmp_path / "content" / "second-page.md")
    assert second["updated"] == "2017-10-29"
    assert (
        second["sources"][0]["url"]
        == "https://en.wikipedia.org/w/index.php?title=Second_Page&oldid=202"
    )


def test_an_address_is_fetched_only_with_allow_remote(tmp_path):
    done = run_factsheet(
        "import", "https://en.wikipedia.org/wiki/Battle_of_Lake_Khasan", cwd=tmp_path
    )
    assert done.returncode == 1
    assert "fetching from the network needs --allow-remote" in done.stderr
    bad = run_factsheet("import", "wikipedia:en:", "--allow-remote", cwd=tmp_path)
    assert bad.returncode == 1 and "expected an article's address" in bad.stderr


@pytest.fixture
def wiki():
    """A MediaWiki API on 127.0.0.1 that answers for one article, and records what was asked."""
    asked: list[str] = []
    answer = {
        "query": {
            "pages": [
                {
                    "title": "Battle of Example Hill",
                    "revisions": [
                        {
                            "revid": 777,
                            "timestamp": "2026-11-20T08:00:00Z",
                            "slots": {"main": {"content": ARTICLE}},
                        }
                    ],
                }
            ]
        }
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_allow_remote_fetches_the_article_and_records_its_revision(tmp_path, wiki):
    base, asked = wiki
    done = run_factsheet(
        "import", f"{base}/wiki/Battle_of_Example_Hill", "--allow-remote", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (
        asked and asked[0].startswith("/w/api.php?") and "titles=Battle+of+Example+Hill" in asked[0]
    )
    front = _front(tmp_path / "content" / "battle-of-example-hill.md")
    assert (
        front["sources"][0]["url"] == f"{base}/w/index.php?title=Battle_of_Example_Hill&oldid=777"
    )
    assert (
        front["updated"] == "2026-11-20" and front["url"] == f"{base}/wiki/Battle_of_Example_Hill"
    )


@pytest.mark.parametrize(
    "wikitext",
    [
        "A.<ref name=a>{{r|a}}</ref> B.<ref name=a/>",
        "Text " + "{{nowrap|" * 3000 + "x" + "}}" * 3000,
        "'''''" * 2000 + "x",
        "A" + "<ref>" * 500 + "x" + "</ref>" * 500,
        "[[" * 3000 + "x" + "]]" * 3000,
        "{|\n" * 300 + "x" + "\n|}" * 300,
    ],
    ids=[
        "ref-citing-itself",
        "deep-templates",
        "bold-italic-runs",
        "nested-refs",
        "nested-links",
        "nested-tables",
    ],
)
def test_crafted_wikitext_is_imported_or_refused_in_one_line(tmp_path, wikitext):
    (tmp_path / "crafted.wikitext").write_text(wikitext, encoding="utf-8")
    done = run_factsheet("import", "crafted.wikitext", cwd=tmp_path)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr[
        -2000:
    ]
    assert done.returncode in (0, 1), done.stderr[-2000:]
    if done.returncode == 0:
        assert run_factsheet("check", cwd=tmp_path).returncode == 0


def test_file_names_from_titles_keep_word_breaks_and_need_no_latin_letters(tmp_path):
    (tmp_path / "a.wikitext").write_text(
        "{{Infobox military conflict|conflict=Soviet–Japanese border conflicts|combatant1=A|combatant2=B}}",
        encoding="utf-8",
    )
    (tmp_path / "b.wikitext").write_text(
        "{{Infobox military conflict|conflict=沖縄戦|combatant1=A|combatant2=B}}", encoding="utf-8"
    )
    done = run_factsheet("import", "a.wikitext", "b.wikitext", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == [
        "article-2.md",
        "soviet-japanese-border-conflicts.md",
    ]


def test_docs_list_every_template_and_parameter_the_import_reads():
    from factsheet.wikitext import infobox, infobox_kinds, templates

    docs = (Path(__file__).parent.parent / "docs" / "import.md").read_text(encoding="utf-8").lower()
    missing = [
        name for name in (*templates.HANDLERS, *templates.QUIET) if f"`{{{{{name}}}}}`" not in docs
    ]
    assert not missing, f"docs/import.md does not name these templates: {missing}"
    parameters = [
        *infobox.FACTS,
        "conflict",
        "combatant1",
        "commander1",
        "units1",
        "strength1",
        "casualties1",
        *infobox_kinds.PERSON_FACTS,
        *infobox_kinds.PERSON_LISTS,
        *infobox_kinds.PERSON_TEXTS,
        *infobox_kinds.SHIP_DATES,
        *infobox_kinds.SHIP_TEXTS,
        *infobox_kinds.SHIP_MEASURES,
        *infobox_kinds.DEGREES,
    ]
    missing = [name for name in parameters if f"`{name.lower()}`" not in docs]
    assert not missing, f"docs/import.md does not name these parameters: {missing}"


def test_wikitext_is_read_as_a_tree_never_by_regular_expressions():
    import ast

    package = Path(__file__).parent.parent / "factsheet"
    for module in [*sorted((package / "wikitext").glob("*.py")), package / "importer.py"]:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not imported & {"re", "regex"}, f"{module.name} imports regular expressions"


def test_a_page_in_another_language_keeps_it_and_sets_its_dates_so(tmp_path):
    export = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" xml:lang="ja"><page>'
        "<title>張鼓峰事件</title><revision><id>5</id><timestamp>2026-01-02T00:00:00Z</timestamp>"
        '<text xml:space="preserve">{{Infobox military conflict|conflict=張鼓峰事件'
        "|date={{start date|1938|7|29}} – {{end date|1938|8|11}}|combatant1=A|combatant2=B}}"
        "'''張鼓峰事件'''は国境紛争である。</text></revision></page></mediawiki>"
    )
    (tmp_path / "ja.xml").write_text(export, encoding="utf-8")
    done = run_factsheet("import", "ja.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    front = _front(tmp_path / "content" / "article-1.md")
    assert front["lang"] == "ja" and front["title"] == "張鼓峰事件"
    assert front["infobox"]["facts"] == [
        {"label": "Date", "value": "1938年7月29日 – 1938年8月11日"}
    ]
    assert (
        front["url"]
        == "https://ja.wikipedia.org/wiki/%E5%BC%B5%E9%BC%93%E5%B3%B0%E4%BA%8B%E4%BB%B6"
    )


def test_a_content_folder_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "hill.wikitext").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = run_factsheet("import", "hill.wikitext", "--content", "notes.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "factsheet: error: --content: cannot write documents into notes.txt: it is a file"
    )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_exports_redirects_and_talk_pages_are_named_and_left_out(tmp_path):
    export = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" xml:lang="en">'
        '<page><title>Khasan</title><ns>0</ns><redirect title="Battle of Lake Khasan" />'
        '<revision><id>1</id><text xml:space="preserve">#REDIRECT [[Battle of Lake Khasan]]</text></revision></page>\n'
        "<page><title>Talk:Khasan</title><ns>1</ns>"
        '<revision><id>2</id><text xml:space="preserve">A talk.</text></revision></page>\n'
        "<page><title>Khasan Lake</title><ns>0</ns>"
        "<revision><id>3</id><text xml:space=\"preserve\">'''Khasan Lake''' is a lake.</text></revision></page>"
        "</mediawiki>"
    )
    (tmp_path / "three.xml").write_text(export, encoding="utf-8")
    done = run_factsheet("import", "three.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        "three.xml:1:1: (page): warning: left out: the page 'Khasan': a redirect to Battle of Lake Khasan"
        in done.stderr
    )
    assert (
        "(page): warning: left out: the page 'Talk:Khasan': not an article (namespace 1)"
        in done.stderr
    )
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["khasan-lake.md"]


def test_a_wikitext_files_address_is_said_to_be_a_guess(tmp_path):
    (tmp_path / "hill.wikitext").write_text(ARTICLE, encoding="utf-8")
    done = run_factsheet("import", "hill.wikitext", cwd=tmp_path)
    assert (
        "hill.wikitext:1:1: url: warning: the article's address is made from its title, which a wikitext file does not give: check it"
        in done.stderr
    )
    assert "# url: the article's address is made from its title" in (
        tmp_path / "content" / "battle-of-example-hill.md"
    ).read_text(encoding="utf-8")


def test_the_docs_show_the_stalingrad_report_and_front_matter_as_the_import_writes_them(tmp_path):
    docs = (Path(__file__).parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    start = docs.index("The Battle of Stalingrad (`tests/fixtures/wikitext/")
    shown = docs[start : docs.index("A comment for a side stands over that side", start)]
    blocks = [block.split("\n", 1)[1] for block in shown.split("```")[1::2]]
    fixture = Path(__file__).parent / "fixtures" / "wikitext" / "battle-of-stalingrad.wikitext"
    (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    done = run_factsheet("import", fixture.name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = [line.rstrip() for line in done.stderr.splitlines()]
    written = [
        line.rstrip()
        for line in (tmp_path / "content" / "battle-of-stalingrad.md")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    messages, ending, front = blocks
    for line in [*messages.splitlines(), *ending.splitlines()]:
        assert line == "…" or line.rstrip() in report, line
    for line in front.splitlines():
        assert line.strip() == "…" or line.rstrip() in written, line


def test_a_permanent_link_fetches_that_revision(tmp_path, wiki):
    base, asked = wiki
    address = f"{base}/w/index.php?title=Battle_of_Example_Hill&oldid=777"
    done = run_factsheet("import", address, "--allow-remote", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "revids=777" in asked[0] and "titles=" not in asked[0]
