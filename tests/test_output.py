"""Atomic writes: a good file survives a failed write, and no temp file is left."""

from __future__ import annotations

import os

import pytest

from factsheet.output import write_atomic


def test_write_creates_folders_and_replaces_the_file(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(target.parent) == ["a.pdf"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    write_atomic(target, b"good")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"good"
    assert os.listdir(tmp_path) == ["a.pdf"]
