"""Wikipedia articles into the content format: `factsheet import`.

`pages` reads the sources (a wikitext file, a MediaWiki XML export, an article fetched with
`--allow-remote`); `markup` turns wikicode into Markdown and text, with `templates` for the
templates articles use inside their text and `citations` for their references; `infobox`
and `infobox_kinds` map the infoboxes; `losses` reads casualty and strength lines; `narrative`
writes the body; `document` writes the file, with a comment where something was left out.
"""
