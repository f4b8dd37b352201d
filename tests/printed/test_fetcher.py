"""The URL fetcher WeasyPrint calls: the project's door, in WeasyPrint's terms."""

from __future__ import annotations

import pytest
from weasyprint.urls import FatalURLFetchingError

from factsheet.fetch import Door
from factsheet.printed.fetcher import ProjectFetcher


def test_weasyprint_fetcher_refuses_outside_files_and_network(tmp_path):
    fetcher = ProjectFetcher(Door(tmp_path))
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch("http://127.0.0.1:9/")
    (tmp_path / "ok.css").write_text("p {}")
    response = fetcher.fetch((tmp_path / "ok.css").as_uri())
    assert response is not None
