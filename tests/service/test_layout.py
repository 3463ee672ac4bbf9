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


def test_the_api_process_does_not_load_the_numeric_stack():
    """The API streams uploads; its memory is a product figure (a 1 GB upload under 300 MB of RSS). The scan
    engine's numeric stack (pyarrow, numpy, polars, pandas, presidio) belongs in the worker, not in every API
    process: importing the app and building it must not load any of it."""
    import subprocess
    import sys

    probe = (
        "import sys; import api.app; api.app.create_app(); "
        "print(','.join(sorted(m for m in ('pyarrow', 'numpy', 'polars', 'pandas', 'presidio_analyzer', "
        "'spacy', 'google.genai') if m in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""
