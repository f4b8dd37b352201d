"""factsheet: typeset PDF fact sheets, EPUB 3 e-books and HTML pages from structured facts."""

__version__ = "0.1.0"
