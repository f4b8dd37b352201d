"""Interface words from the gettext catalogues: complete catalogues, CLDR's fallbacks, and a
sheet built in each language with its words, numbers, dates and quotation marks."""

from __future__ import annotations

import datetime as dt
import string
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from babel.lists import format_list
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from factsheet.contexts import build_context, printed_sheet
from factsheet.pipeline import Options, build
from factsheet.reader import load_document
from factsheet.templates import css_counters, environment, render
from factsheet.words import LOCALES, labels_for, locale_of, quotation_marks
from factsheet.writers.job import PrintSettings

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = LOCALES / "factsheet.pot"
CATALOGUES = sorted(path.parent.parent.name for path in LOCALES.glob("*/LC_MESSAGES/*.po"))
ENGLISH = {"en", "en_001", "en_CA"}
"""The source language, and world and Canadian English, which change only the words they spell
otherwise."""


def _read(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def _keys(catalog) -> set[tuple[str | None, str | tuple[str, ...]]]:
    return {(message.context, message.id) for message in catalog if message.id}


def test_the_template_holds_every_message_the_code_and_templates_use():
    """A word added to a template or the code without `make catalogues` fails here."""
    with (REPO / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {
        (context, message)
        for _, _, message, _, context in extract_from_dir(
            str(REPO), method_map, options_map, comment_tags=("TRANSLATORS:",)
        )
    }
    assert found == _keys(_read(TEMPLATE))


def test_the_languages_promised_have_catalogues():
    promised = [
        *("de", "en", "en_001", "en_CA", "es", "fr", "ja", "ko", "mn", "ru"),
        *("zh_Hans", "zh_Hant"),
    ]
    assert promised == CATALOGUES


@pytest.mark.parametrize("name", CATALOGUES)
def test_each_catalogue_translates_every_message_of_the_template(name):
    catalog = _read(LOCALES / name / "LC_MESSAGES" / "factsheet.po")
    assert _keys(catalog) == _keys(_read(TEMPLATE))
    translated = {
        message.id
        for message in catalog
        if message.id
        and all(message.string if isinstance(message.string, tuple) else [message.string])
    }
    if name == "en":
        assert translated == set()  # the messages are its words
    elif name in ENGLISH:
        assert translated == {"License"}
    else:
        assert translated == {message.id for message in catalog if message.id}
    assert not [message.id for message in catalog if message.id and message.fuzzy]


@pytest.mark.parametrize("name", sorted(set(CATALOGUES) - ENGLISH))
def test_translations_keep_their_placeholders_and_print_safely(name):
    """A translation is printed as it is (not escaped) into HTML text and attributes."""
    catalog = _read(LOCALES / name / "LC_MESSAGES" / "factsheet.po")
    assert list(catalog.check()) == []  # Babel's own checks: python-format placeholders
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        assert _fields(message.string) == _fields(message.id), message.id
        assert not set(message.string) & set('<>&"'), message.string


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize(
    ("lang", "licence", "quotes", "words"),
    [
        ("en-AU", "Licence", "“”‘’", "Casualties and losses"),
        ("en-150", "Licence", "“”‘’", "Casualties and losses"),
        ("en-US", "License", "“”‘’", "Casualties and losses"),
        ("en-CA", "Licence", "“”‘’", "Casualties and losses"),  # CLDR: en-CA is not en-001
        ("zh-TW", "授權條款", "「」『』", "傷亡與損失"),
        ("zh-HK", "授權條款", "「」『』", "傷亡與損失"),
        ("zh-CN", "许可协议", "“”‘’", "伤亡与损失"),
        ("zh", "许可协议", "“”‘’", "伤亡与损失"),
        ("es-MX", "Licencia", "“”‘’", "Bajas y pérdidas"),
        ("de-AT", "Lizenz", "„“‚‘", "Verluste"),
        ("pt", "License", "“”‘’", "Casualties and losses"),
        ("pt-BR", "License", "“”‘’", "Casualties and losses"),
    ],
)
def test_a_locale_falls_back_along_cldr_parents_then_to_english(lang, licence, quotes, words):
    labels = labels_for(lang)
    assert (labels["license"], labels["casualties"]) == (licence, words)
    assert "".join(quotation_marks(lang)) == quotes


def test_french_sets_narrow_no_break_spaces_inside_its_guillemets():
    """CLDR's French marks, inner ones too (« », where the old table had ‹ ›)."""
    assert quotation_marks("fr") == ["«\u202f", "\u202f»", "«\u202f", "\u202f»"]


SHEET = """\
---
title: A small sheet
lang: {lang}
license: {{name: CC0}}
sources:
  - {{id: src, title: A source, accessed: 2026-01-10}}
infobox:
  sides:
    - belligerents: [North]
      strength:
        - {{item: troops, count: 12345}}
      casualties:
        total: {{approx: 1200}}
        killed: 526
    - belligerents: [South]
      casualties:
        total: 800
timeline:
  - {{date: 1938-07-29, event: Fighting}}
  - {{date: 1939-05, event: Again}}
---

He wrote "a 'b' c".

See [@src].
"""

LANGUAGES = {
    # lang: casualties heading, killed, licence, page line, 12345, c. 1,200, dates, quote
    "en": (
        "Casualties and losses",
        "Killed",
        "License",
        '"Page " counter(page) " of " counter(pages)',
        "12,345",
        "c.\u00a01,200",
        ("July 29, 1938", "May 1939", "January 10, 2026"),
        "“a ‘b’ c”",
    ),
    "en-GB": (
        "Casualties and losses",
        "Killed",
        "Licence",
        '"Page " counter(page) " of " counter(pages)',
        "12,345",
        "c.\u00a01,200",
        ("29 July 1938", "May 1939", "10 January 2026"),
        "“a ‘b’ c”",
    ),
    "fr": (
        "Pertes",
        "Tués",
        "Licence",
        '"Page " counter(page) " sur " counter(pages)',
        "12\u202f345",
        "env.\u00a01\u202f200",
        ("29 juillet 1938", "mai 1939", "10 janvier 2026"),
        "«\u202fa «\u202fb\u202f» c\u202f»",
    ),
    "de": (
        "Verluste",
        "Gefallen",
        "Lizenz",
        '"Seite " counter(page) " von " counter(pages)',
        "12.345",
        "ca.\u00a01.200",
        ("29. Juli 1938", "Mai 1939", "10. Januar 2026"),
        "„a ‚b‘ c“",
    ),
    "ru": (
        "Потери",
        "Убитые",
        "Лицензия",
        '"Страница " counter(page) " из " counter(pages)',
        "12\u00a0345",
        "ок.\u00a01\u00a0200",
        ("29 июля 1938\u202fг.", "май 1939\u202fг.", "10 января 2026\u202fг."),
        "«a „b“ c»",
    ),
    "ja": (
        "損害",
        "戦死",
        "ライセンス",
        'counter(page) " / " counter(pages) " ページ"',
        "12,345",
        "約1,200",
        ("1938年7月29日", "1939年5月", "2026年1月10日"),
        "「a 『b』 c」",
    ),
    "mn": (
        "Хохирол",
        "Алагдсан",
        "Лиценз",
        '"Хуудас " counter(page) " / " counter(pages)',
        "12,345",
        "ойролцоогоор\u00a01,200",
        (
            "1938\u202fоны долоодугаар сарын 29",
            "1939\u202fоны тавдугаар сар",
            "2026\u202fоны нэгдүгээр сарын 10",
        ),
        "“a ‘b’ c”",
    ),
    "zh-Hans": (
        "伤亡与损失",
        "阵亡",
        "许可协议",
        '"第 " counter(page) " 页，共 " counter(pages) " 页"',
        "12,345",
        "约1,200",
        ("1938年7月29日", "1939年5月", "2026年1月10日"),
        "“a ‘b’ c”",
    ),
    "zh-Hant": (
        "傷亡與損失",
        "陣亡",
        "授權條款",
        '"第 " counter(page) " 頁，共 " counter(pages) " 頁"',
        "12,345",
        "約1,200",
        ("1938年7月29日", "1939年5月", "2026年1月10日"),
        "「a 『b』 c」",
    ),
    "ko": (
        "사상자 및 손실",
        "전사",
        "라이선스",
        'counter(page) " / " counter(pages) "쪽"',
        "12,345",
        "약\u00a01,200",
        ("1938년 7월 29일", "1939년 5월", "2026년 1월 10일"),
        "“a ‘b’ c”",
    ),
    "es": (
        "Bajas y pérdidas",
        "Muertos",
        "Licencia",
        '"Página " counter(page) " de " counter(pages)',
        "12.345",
        "aprox.\u00a01.200",
        ("29 de julio de 1938", "mayo de 1939", "10 de enero de 2026"),
        "“a ‘b’ c”",
    ),
}


def _sheet(project, lang: str) -> tuple[lxml.html.HtmlElement, str]:
    """The web page of a sheet in `lang`, parsed, and its print HTML as text."""
    path = project.write(f"sheet-{lang.lower()}.md", SHEET.format(lang=lang))
    document = load_document(path, project.root).document
    when = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    page = render(environment(), "page.html.j2", build_context(document, when=when))
    context = printed_sheet(document, when)
    printed = render(environment(), "print.html.j2", context, page=PrintSettings())
    return lxml.html.fromstring(page), printed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_sheet_is_built_in_its_language(project, lang):
    heading, killed, licence, page_line, number, approx, dates, quote = LANGUAGES[lang]
    page, printed = _sheet(project, lang)
    assert page.get("lang") == lang
    assert page.xpath("string(//h2[@id='fs-casualties-title'])") == heading
    rows = page.xpath("//table[caption]//tr/th[@scope='row']/text()")
    assert killed in rows
    assert page.xpath("string(//p[@class='license'])") == f"{licence}: CC0."
    assert f"@bottom-right {{ content: {page_line}; }}" in printed
    infobox = page.xpath("string(//aside[@id='fs-infobox'])")
    assert number in infobox and approx in infobox
    timeline = page.xpath("string(//section[@id='fs-timeline'])")
    assert dates[0] in timeline and dates[1] in timeline
    assert dates[2] in page.xpath("string(//section[@id='fs-sources'])")
    assert quote in page.xpath("string(//article//p[contains(., 'He wrote')])")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_accessibility_summary_reads_as_one_sentence_in_each_language(lang):
    labels = labels_for(lang)
    parts = [labels[f"a11y_{name}"] for name in ("toc", "headings", "notes")]
    summary = labels["a11y_summary"].format(parts=format_list(parts, locale=locale_of(lang)))
    assert summary == SUMMARIES[lang]


SUMMARIES = {
    "en": "The fact sheet is text with a table of contents, headings in order, and pop-up"
    " footnotes.",
    "en-GB": "The fact sheet is text with a table of contents, headings in order and pop-up"
    " footnotes.",
    "fr": "La fiche est un texte avec une table des matières, des titres ordonnés et des notes"
    " en fenêtre.",
    "de": "Das Faktenblatt ist Text mit Inhaltsverzeichnis, geordneten Überschriften und"
    " Fußnoten als Einblendung.",
    "ru": "Справка — текст с оглавлением, упорядоченными заголовками и всплывающими сносками.",
    "ja": "このファクトシートは、目次、順序立った見出し、ポップアップ表示の脚注を備えたテキストです。",
    "mn": "Энэ танилцуулга нь дараах зүйлсийг агуулсан текст юм: агуулгын жагсаалт, дэс"
    " дараалсан гарчгууд, гарч ирэх зүүлтүүд.",
    "zh-Hans": "本资料页为文本，包含目录、有序的标题和弹出式脚注。",
    "zh-Hant": "本資料頁為文字內容，包含目錄、有序的標題和彈出式註腳。",
    "ko": "이 자료는 텍스트로 구성되며 다음을 제공합니다: 목차, 순서대로 된 제목 및 팝업 각주.",
    "es": "La ficha es un texto con un índice, títulos ordenados y notas al pie emergentes.",
}


def test_a_japanese_sheet_prints_and_reads_in_japanese(project, tmp_path):
    """The whole build in a CJK language: the PDF's text and its page line, and the e-book's
    accessibility summary."""
    project.write("sheet.md", SHEET.format(lang="ja"))
    events: list = []
    options = Options(content=project.content, out=project.out, formats=("pdf", "epub"))
    assert build(options, events.append).ok, [str(e) for e in events]
    text = subprocess.run(
        ["pdftotext", "-layout", str(project.out / "sheet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for words in ("損害", "戦死", "ライセンス: CC0.", "1 / 1 ページ", "「a 『b』 c」", "12,345"):
        assert words in text, words
    with zipfile.ZipFile(project.out / "sheet.epub") as book:
        opf = next(name for name in book.namelist() if name.endswith(".opf"))
        package = book.read(opf).decode()
    assert (
        '<meta property="schema:accessibilitySummary">このファクトシートは、目次、'
        "順序立った見出し、見出し付きのデータ表、文章で説明したグラフ、"
        "印刷版のページ番号を備えたテキストです。</meta>"
    ) in package


def test_user_templates_keep_the_labels_mapping_beside_gettext(tmp_path):
    """Templates written for `labels` still work; the words that became sentences are gone."""
    (tmp_path / "mine.html.j2").write_text(
        '{{ labels.belligerents }} · {{ _("Belligerents") }} · {{ labels.approx }}'
        ' · {{ _("Not in any catalogue") }}\n',
        encoding="utf-8",
    )
    shown = render(
        environment(tmp_path), "mine.html.j2", {"lang": "fr", "labels": labels_for("fr")}
    )
    assert shown == "Belligérants · Belligérants · env.\u00a0{number} · Not in any catalogue\n"
    assert not {"page", "of", "sheets", "accessed", "figure"} & labels_for("fr").keys()


def test_the_page_line_becomes_css_strings_and_counters_in_the_languages_order():
    assert css_counters("{page} / {pages} ページ") == 'counter(page) " / " counter(pages) " ページ"'
    assert css_counters('Seite {page} "\\" <') == '"Seite " counter(page) " \\"\\\\\\" \\3c "'
    with pytest.raises(ValueError, match=r"no page counter \{chapter\} in '\{chapter\}'"):
        css_counters("{chapter}")
