"""`orca scan` as a user runs it: exit codes, JSON Lines, --out, and the readable table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "docs" / "examples"


def orca(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "orca_core.cli", *args], capture_output=True, text=True, cwd=REPO, timeout=300
    )


def test_table_output_for_the_bundled_example() -> None:
    result = orca("scan", "docs/examples/customers.csv")
    assert result.returncode == 0, result.stderr
    assert "EMAIL_ADDRESS" in result.stdout and "SE_PERSONNUMMER" in result.stdout


def test_json_lines_in_the_order_given_with_exit_codes(tmp_path: Path) -> None:
    bogus = tmp_path / "really_an_elf.csv"
    bogus.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200))
    out = tmp_path / "reports.jsonl"
    result = orca(
        "scan",
        "--json",
        "--out",
        str(out),
        "docs/examples/customers.csv",
        str(bogus),
        "docs/examples/accounts_with_passwords.csv",
    )
    assert result.returncode == 3  # raw passwords win over the unreadable file
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["source"] for line in lines] == [
        "docs/examples/customers.csv",
        str(bogus),
        "docs/examples/accounts_with_passwords.csv",
    ]
    assert lines[1]["error"] == "unsupported_format"
    assert lines[2]["raw_passwords"]["found"] is True
    assert lines[2]["raw_passwords"]["columns"][0]["column"] == "password"


def test_unreadable_input_exits_2_with_its_code(tmp_path: Path) -> None:
    missing = orca("scan", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "file_not_found" in missing.stderr
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = orca("scan", "--json", str(empty))
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"] == "empty_file"


def test_passwords_are_never_printed() -> None:
    result = orca("scan", "--json", "docs/examples/accounts_with_passwords.csv")
    assert result.returncode == 3
    passwords = [line.split(",")[2] for line in (EXAMPLES / "accounts_with_passwords.csv").read_text().splitlines()[1:]]
    assert not [p for p in passwords if p in result.stdout or p in result.stderr]
