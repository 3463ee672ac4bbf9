"""Imports point one way: api -> orca_core <- worker. orca_core never imports the processes that use it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported_top_levels(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_orca_core_never_imports_api_or_worker():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "orca_core").rglob("*.py")
        if _imported_top_levels(path) & {"api", "worker", "fastapi", "starlette"}
    ]
    assert offenders == []
