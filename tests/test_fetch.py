"""The door to files: project files only, nothing outside, no network."""

from __future__ import annotations

import pytest

from factsheet.fetch import RefusedReference, project_file


def test_project_files_are_served(tmp_path):
    (tmp_path / "img.png").write_bytes(b"png")
    assert project_file("img.png", tmp_path, tmp_path) == (tmp_path / "img.png").resolve()


@pytest.mark.parametrize("reference", ["../secret.txt", "/etc/passwd", "http://127.0.0.1:9/x.png"])
def test_references_outside_the_project_are_refused(tmp_path, reference):
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    with pytest.raises(RefusedReference):
        project_file(reference, root, root)


def test_a_symlink_out_of_the_project_is_refused(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(RefusedReference, match="outside the project"):
        project_file("link.txt", root, root)
