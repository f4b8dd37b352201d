"""The rules docs/architecture.md states about the package, checked on its source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factsheet"
MODULES = sorted(PACKAGE.rglob("*.py"))


def imported(path: Path) -> set[str]:
    """The top-level names of the modules a file imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_package_has_its_modules():
    assert len(MODULES) > 40 and PACKAGE / "printed" / "edition.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_only_the_printed_edition_imports_weasyprint():
    importers = {p.relative_to(PACKAGE).parts[0] for p in MODULES if "weasyprint" in imported(p)}
    assert importers == {"printed"}


def test_no_regular_expression_touches_rendered_html():
    """The writers, the e-book builder and the contexts set the body through markdown-it's
    render rules; a regular expression among them would be editing HTML."""
    places = [*(PACKAGE / "writers").glob("*.py"), *(PACKAGE / "ebook").glob("*.py")]
    places += [PACKAGE / "context.py", PACKAGE / "contexts.py", PACKAGE / "printed" / "booklet.py"]
    assert [p.name for p in places if "re" in imported(p)] == []
