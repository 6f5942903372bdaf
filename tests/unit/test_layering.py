"""The core never imports the shell: swapwatch/ is usable without Prefect, flows or tasks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"prefect", "flows", "tasks", "warehouse"}
CORE_FILES = sorted((ROOT / "swapwatch").rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_imports_no_shell(path: Path) -> None:
    assert not imported_roots(path) & FORBIDDEN


def test_warehouse_imports_no_prefect() -> None:
    for path in (ROOT / "warehouse").rglob("*.py"):
        assert not imported_roots(path) & {"prefect", "flows", "tasks"}, path


def test_nothing_hands_a_url_to_feedparser_or_trafilatura() -> None:
    for path in [*CORE_FILES, *(ROOT / "tasks").rglob("*.py"), *(ROOT / "flows").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "fetch_url(" not in text, path
        assert "feedparser.parse(url" not in text, path


def test_only_the_fetch_module_does_http() -> None:
    http_clients = {"httpx", "requests", "urllib3", "aiohttp"}
    allowed = {"fetch.py", "netguard.py"}
    for path in CORE_FILES:
        if path.name in allowed:
            continue
        assert not imported_roots(path) & http_clients, path
