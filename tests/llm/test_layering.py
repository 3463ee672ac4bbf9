"""orca_core.llm sits above the scan engine: nothing under orca_core/scan imports it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_scan_never_imports_llm():
    offenders = []
    for path in (ROOT / "orca_core" / "scan").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "orca_core.llm" or name.startswith("orca_core.llm.") for name in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
