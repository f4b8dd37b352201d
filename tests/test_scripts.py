"""Runs of Chinese, Japanese, Korean and Mongolian script: the language each gets, in the
body (detected or marked `[text]{lang=ja}`) and in aliases, in every output."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from writers.test_epub import assert_epubcheck_clean

from conftest import ace_report, run_factsheet, violations
from factsheet.markdown import Rendering, render_body
from factsheet.model import Alias, FrontMatter
from factsheet.pipeline import Options, build
from factsheet.scripts import Run, runs, same_language, unbreakable_end

MIXED = Path(__file__).resolve().parent / "fixtures" / "scripts" / "mixed-scripts.md"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def test_runs_of_each_script_get_their_language():
    assert runs("as (ノモンハン事件, Nomonhan jiken)", "en-GB") == [
        Run("as ("),
        Run("ノモンハン事件", "ja"),
        Run(", Nomonhan jiken)"),
    ]
    assert runs("노몬한 사건 (Nomonhan)", "en") == [Run("노몬한 사건", "ko"), Run(" (Nomonhan)")]
    assert runs("write ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ, Халхын гол", "en") == [
        Run("write "),
        Run("ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ", "mn-Mong"),
        Run(", Халхын гол"),
    ]
    assert runs("ᠮᠣᠩᠭᠣᠯ", "mn") == [Run("ᠮᠣᠩᠭᠣᠯ", "mn-Mong")], "mn is written in Cyrillic"


def test_a_run_in_the_language_around_it_needs_no_tag_and_han_alone_is_only_flagged():
    assert runs("ノモンハン事件", "ja-JP") == [Run("ノモンハン事件")]
    assert runs("哈拉哈河战役", "zh-Hans") == [Run("哈拉哈河战役")]
    assert runs("the 関東軍 army", "en") == [
        Run("the "),
        Run("関東軍", han_only=True),
        Run(" army"),
    ]
    assert same_language("zh-Hant", "zh-TW") and not same_language("zh-Hant", "zh-CN")


def test_a_citation_binds_only_the_last_character_of_chinese_or_japanese_text():
    assert unbreakable_end("ハルハ河戦争・ノモンハン事件") == "件"
    assert unbreakable_end("ハルハ河の戦い」") == "い」", "a closing mark never starts a line"
    assert unbreakable_end("ノモンハンー") == "ンー", "nor a prolonged sound mark"
    assert unbreakable_end("Battle") == "Battle"
    html = render_body("as the Battle ハルハ河戦争・ノモンハン事件 [@wp] after", "en", ("wp",)).html
    assert html == (
        '<p>as the Battle <span lang="ja">ハルハ河戦争・ノモンハン事</span><span class="cited">'
        '<span lang="ja">件</span>\u00a0<a class="citation" href="#source-wp"'
        ' role="doc-biblioref">[1]</a></span> after</p>\n'
    )


def test_content_marks_a_span_and_attributes_elsewhere_stay_text():
    html = render_body("[関東軍]{lang=ja} and *bold*{.x} and [a](https://e.org){#i}", "en", ())
    assert html.html == (
        '<p><span lang="ja">関東軍</span> and <em>bold</em>{.x} and'
        ' <a href="https://e.org">a</a>{#i}</p>\n'
    )
    inside = render_body("[노몬한 사건 and ノモンハン]{lang=ko}", "en", ()).html
    assert (
        inside
        == '<p><span lang="ko">노몬한 사건 and <span lang="ja">ノモンハン</span></span></p>\n'
    )


def test_the_print_version_keeps_each_hangul_word_whole():
    html = render_body("as 노몬한 사건은 here", "en", (), Rendering(hangul_words=True)).html
    assert html == (
        '<p>as <span lang="ko"><span class="hangul-word">노몬한</span>'
        ' <span class="hangul-word">사건은</span></span> here</p>\n'
    )


def test_an_alias_is_a_text_or_a_name_with_its_language():
    meta = FrontMatter.model_validate(
        {"title": "T", "aliases": ["Nomonhan", 1939, {"name": "哈拉哈河战役", "lang": "zh-Hans"}]}
    )
    assert meta.aliases == (
        Alias(name="Nomonhan"),
        Alias(name="1939"),
        Alias(name="哈拉哈河战役", lang="zh-Hans"),
    )
    assert str(meta.aliases[0]) == "Nomonhan", "a template that prints {{ alias }} still works"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    (root / "content").mkdir()
    shutil.copy(MIXED, root / "content" / MIXED.name)
    events: list = []
    options = Options(content=root / "content", out=root / "output", formats=("epub", "html"))
    assert build(options, events.append).ok, events
    return root / "output"


def _tagged(root: etree._Element) -> list[tuple[str, str]]:
    spans = root.iterfind(".//{*}span[@lang]")
    return [(span.get("lang"), "".join(span.itertext())) for span in spans]


EXPECTED = [  # the aliases, then the body (a line end in the source ends a run)
    ("ja", "ノモンハン事件"),
    ("zh-Hans", "哈拉哈河战役"),
    ("zh-Hant", "哈拉哈河戰役"),
    ("ko", "노몬한 전투"),
    ("mn-Mong", "ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ"),
    ("ja", "ハルハ河戦争・ノモンハン事件・ハルハ河の戦い・ノモンハンの戦い・ハルハ河の戦"),
    ("ja", "闘"),
    ("ja", "ノモンハン事件」や「ハルハ河戦争」と呼ばれる国境紛争"),
    ("ja", "関東軍"),
    ("ja", "新京"),
    ("ja", "満洲国"),
    ("zh-Hans", "哈拉哈河战役是1939年5月至9月间苏联与日本在中蒙边境哈拉哈河一带发生的一场战役"),
    ("zh-Hant", "哈拉哈河戰役是1939年5月至9月間蘇聯與日本在中蒙邊境發生的戰役"),
    ("ko", "노몬한 사건은 1939년 여름 몽골과 만주국의 국경을 흐르는 할하강"),
    ("ko", "유역에서 소련군과 일본군 사이에 일어난 대규모 전투이다"),
    ("mn-Mong", "ᠬᠠᠯᠬᠠ ᠶᠢᠨ ᠭᠣᠣᠯ ᠤᠨ ᠪᠠᠢᠯᠳᠤᠭᠠᠨ"),
]


def test_the_ebook_and_the_web_page_set_lang_on_aliases_marked_spans_and_detected_runs(mixed):
    with zipfile.ZipFile(mixed / "mixed-scripts.epub") as book:
        sheet = etree.fromstring(book.read("EPUB/mixed-scripts.xhtml"))
    assert _tagged(sheet) == EXPECTED
    page = etree.parse(mixed / "mixed-scripts.html", etree.HTMLParser()).getroot()
    assert _tagged(page) == EXPECTED


def test_the_ebook_with_these_runs_passes_epubcheck_and_ace(mixed, tmp_path):
    assert_epubcheck_clean(mixed / "mixed-scripts.epub")
    assert violations(ace_report(mixed / "mixed-scripts.epub", tmp_path / "ace")) == []


def test_han_alone_in_a_text_of_no_cjk_language_is_a_warning_where_it_stands(project):
    project.write(
        "han.md",
        "---\ntitle: T\naliases: [関東軍, {name: 新京, lang: ja}]\n---\n"
        "The army ([関東軍]{lang=ja}) held 新京, and 関東軍.\n",
    )
    project.write("kanji.md", "---\ntitle: T\nlang: ja\naliases: [関東軍]\n---\n新京の関東軍。\n")
    result = run_factsheet("check", cwd=project.root)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "Han characters" in line]
    assert warnings == [
        "content/han.md:3:11: aliases[0]: warning: Han characters '関東軍' in no"
        " language: mark it as Japanese or Chinese, as {name: 関東軍, lang: ja}"
        " (or zh-Hans, zh-Hant, ko)",
        "content/han.md:5:32: body: warning: Han characters '新京' in no language:"
        " mark it as Japanese or Chinese, as [新京]{lang=ja} (or zh-Hans, zh-Hant, ko)",
        "content/han.md:5:40: body: warning: Han characters '関東軍' in no language:"
        " mark it as Japanese or Chinese, as [関東軍]{lang=ja} (or zh-Hans, zh-Hant, ko)",
    ]


def test_the_same_ideograph_takes_the_glyph_of_its_language_in_print(project):
    import pdfplumber
    import pypdfium2

    body = "".join(f"[直骨]{{lang={tag}}}\n\n" for tag in ("ja", "zh-Hans", "zh-Hant", "ja"))
    project.write("glyphs.md", f"---\ntitle: Glyphs\n---\n{body}")
    options = Options(content=project.content, out=project.out, formats=("pdf",))
    assert build(options, print).ok
    pdf_path = project.out / "glyphs.pdf"
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        boxes = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.chars if c["text"] == "直"]
    scale = 8
    image = pypdfium2.PdfDocument(pdf_path)[0].render(scale=scale).to_pil().convert("L")
    drawn = [image.crop(tuple(round(v * scale) for v in box)) for box in boxes]
    assert len(drawn) == 4
    ja, hans, hant, ja_again = drawn

    def inked(glyph) -> set[tuple[int, int]]:
        return {
            (x, y)
            for x in range(glyph.width)
            for y in range(glyph.height)
            if glyph.getpixel((x, y)) < 128
        }

    def unlike(one, other) -> float:
        """The share of ink the two drawings do not have in common."""
        return len(inked(one) ^ inked(other)) / len(inked(one) | inked(other))

    assert unlike(ja, ja_again) < 0.1, "the same language, the same glyph"
    assert min(unlike(ja, hans), unlike(ja, hant)) > 0.4, "Japanese and Chinese forms differ"
