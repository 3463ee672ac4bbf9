"""The HELD-OUT detection set (bench/heldout) is current, deterministic, varied, and its identifiers are real.

Files are read back here without orca's readers, so a label naming a column the file does not have, or a
"valid" identifier that does not validate, fails here rather than skewing the accuracy figures.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from schwifty import IBAN
from stdnum import luhn
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.se import personnummer
from stdnum.us import ssn

from bench.heldout import generate as gen
from bench.heldout.values import JUNK
from orca_core.scan.categories import Category, NationalIdSubtype
from orca_core.scan.columns import normalise_column_names

REPO = Path(__file__).resolve().parents[2]
LABELS: dict[str, Any] = json.loads(gen.LABELS_PATH.read_text(encoding="utf-8"))
MANIFEST: dict[str, Any] = json.loads(gen.MANIFEST_PATH.read_text(encoding="utf-8"))
JUNK_VALUES = {j.lower() for j in JUNK} | {""}

_NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")

VALIDATORS: dict[str, Callable[[str], bool]] = {
    "US_SSN": ssn.is_valid,
    "SE_PERSONNUMMER": personnummer.is_valid,
    "UK_NINO": lambda value: bool(_NINO.match(value.replace(" ", "").upper())),
    "DK_CPR": cpr.is_valid,
    "FI_HETU": hetu.is_valid,
    "NO_FNR": fodselsnummer.is_valid,
    "NL_BSN": bsn.is_valid,
    "ES_DNI": lambda value: dni.is_valid(value) or nie.is_valid(value),
    "FR_NIR": nir.is_valid,
    "DE_STEUER_ID": idnr.is_valid,
    "IT_CODICE_FISCALE": codicefiscale.is_valid,
    "PL_PESEL": pesel.is_valid,
}

# One file per format/quirk, regenerated in the determinism test.
SUBSET = [
    "cdr_20240301.csv.gz",
    "newsletter_subscribers.csv",
    "meldeschein_2024.txt",
    "hr_payroll_pa.xlsx",
    "kyc_onboarding.parquet",
    "webshop_orders.jsonl",
    "pnr_bookings.json",
]


def _flatten(record: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in record.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value:
            _flatten(value, path, out)
        else:
            out[path] = value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return json.dumps(value)
    return str(value)


@cache
def read_back(file_name: str) -> dict[str, dict[str, list[str | None]]]:
    """table -> column -> values (as text, None for missing), parsed without orca."""
    meta = MANIFEST[file_name]
    payload = (gen.FILES_DIR / file_name).read_bytes()
    stem = file_name.removesuffix(".gz").rsplit(".", 1)[0]
    if meta["format"] == "csv":
        if meta.get("gzip"):
            payload = gzip.decompress(payload)
        encoding = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(meta["encoding"], meta["encoding"])
        rows = list(csv.reader(io.StringIO(payload.decode(encoding), newline=""), delimiter=meta["delimiter"]))
        null = meta.get("null", "")
        if meta.get("header", True):
            names, body = normalise_column_names(rows[0]), rows[1:]
        else:
            names, body = [f"column_{i}" for i in range(1, len(rows[0]) + 1)], rows
        return {stem: {n: [r[i] if r[i] != null else None for r in body] for i, n in enumerate(names)}}
    if meta["format"] == "xlsx":
        book = load_workbook(io.BytesIO(payload), read_only=True)
        tables = {}
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            names = normalise_column_names(list(rows[0]))
            tables[sheet.title] = {n: [_text(r[i]) for r in rows[1:]] for i, n in enumerate(names)}
        return tables
    if meta["format"] == "parquet":
        table = pq.read_table(io.BytesIO(payload))
        columns: dict[str, list[str | None]] = {}
        for field_name in table.column_names:
            column = table.column(field_name).combine_chunks()
            if pa.types.is_struct(column.type):
                for child in column.type:
                    values = column.field(child.name).to_pylist()
                    columns[f"{field_name}.{child.name}"] = [_text(x) for x in values]
            else:
                columns[field_name] = [_text(x) for x in column.to_pylist()]
        return {stem: columns}
    text = payload.decode("utf-8")
    records = (
        [json.loads(line) for line in text.splitlines() if line.strip()]
        if meta["format"] == "jsonl"
        else (json.loads(text))
    )
    flat = []
    for record in records:
        out: dict[str, Any] = {}
        _flatten(record, "", out)
        flat.append(out)
    names = sorted({key for record in flat for key in record})
    return {stem: {n: [_text(record.get(n)) for record in flat] for n in names}}


def _labelled(category: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (f, t, c, label)
        for f, tables in LABELS.items()
        for t, columns in tables.items()
        for c, label in columns.items()
        if label["category"] == category
    ]


def _values(file_name: str, table: str, column: str) -> list[str]:
    raw = read_back(file_name)[table][column]
    out = []
    for value in raw:
        if value is None:
            continue
        if value.startswith("["):
            out += [str(item) for item in json.loads(value)]
        elif value.strip().lower() not in JUNK_VALUES:
            out.append(value.strip())
    return out


def test_labels_cover_the_generator_and_files_exist() -> None:
    assert set(LABELS) == set(gen.REGISTRY) == set(MANIFEST)
    for name in LABELS:
        assert (gen.FILES_DIR / name).is_file(), f"{name} missing: run uv run python bench/heldout/generate.py"


def test_size_and_shape() -> None:
    columns = [label for tables in LABELS.values() for cols in tables.values() for label in cols.values()]
    assert len(LABELS) >= 20
    assert len(columns) >= 250
    formats = {meta["format"] for meta in MANIFEST.values()}
    assert {"csv", "xlsx", "parquet", "json", "jsonl"} <= formats
    assert any(meta.get("header") is False for meta in MANIFEST.values()), "one CSV must have no header"
    assert any(len(LABELS[f]) > 1 for f, m in MANIFEST.items() if m["format"] == "xlsx"), "multi-sheet XLSX"
    assert len({m.get("delimiter") for m in MANIFEST.values() if m["format"] == "csv"}) >= 3
    assert len({m.get("encoding") for m in MANIFEST.values() if m["format"] == "csv"}) >= 3
    assert Counter(label["category"] for label in columns)["NONE"] >= 0.4 * len(columns)
    total = sum((gen.FILES_DIR / name).stat().st_size for name in LABELS)
    assert total < 8_000_000
    for meta in MANIFEST.values():
        for rows in meta["tables"].values():
            assert 150 <= rows <= 1500


def test_every_category_at_least_five_times_in_three_files() -> None:
    for category in Category:
        where = _labelled(category.value)
        assert len(where) >= 5, f"{category}: only {len(where)} columns"
        assert len({f for f, *_ in where}) >= 3, f"{category}: only in {len({f for f, *_ in where})} files"
    subtypes = {label["subtype"] for *_, label in _labelled("NATIONAL_ID")}
    assert subtypes == {s.value for s in NationalIdSubtype}
    for *_, label in (x for c in Category for x in _labelled(c.value)):
        assert (label["subtype"] is not None) == (label["category"] == "NATIONAL_ID")


@pytest.mark.parametrize("file_name", sorted(LABELS))
def test_labels_name_the_columns_the_file_has(file_name: str) -> None:
    tables = read_back(file_name)
    assert set(tables) == set(LABELS[file_name])
    for table, columns in LABELS[file_name].items():
        assert set(tables[table]) == set(columns), f"{file_name}/{table}"
        assert len(next(iter(tables[table].values()))) == MANIFEST[file_name]["tables"][table]
        for column, values in tables[table].items():
            filled = [v for v in values if v not in (None, "")]
            assert len(filled) >= 0.55 * len(values), f"{file_name}/{table}/{column} is mostly empty"


def test_national_ids_validate() -> None:
    for file_name, table, column, label in _labelled("NATIONAL_ID"):
        values = _values(file_name, table, column)
        bad = [value for value in values if not VALIDATORS[label["subtype"]](value)]
        assert values and not bad, f"{file_name}/{table}/{column} ({label['subtype']}): {bad[:3]}"


def test_ibans_and_cards_validate() -> None:
    for file_name, table, column, _ in _labelled("IBAN"):
        bad = [v for v in _values(file_name, table, column) if not IBAN(v, allow_invalid=True).is_valid]
        assert not bad, f"{file_name}/{table}/{column}: {bad[:3]}"
    for file_name, table, column, _ in _labelled("CREDIT_CARD"):
        digits = [re.sub(r"[ -]", "", v) for v in _values(file_name, table, column)]
        bad = [d for d in digits if not (d.isdigit() and len(d) in (15, 16) and luhn.is_valid(d))]
        assert not bad, f"{file_name}/{table}/{column}: {bad[:3]}"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    labels = gen.generate(tmp_path, only=SUBSET)
    for name in SUBSET:
        assert (tmp_path / "files" / name).read_bytes() == (gen.FILES_DIR / name).read_bytes(), name
        assert labels[name] == LABELS[name]


def test_generation_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    names = ["sf_contacts_export.csv", "survey_2024.xlsx"]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    cmd = [sys.executable, str(REPO / "bench/heldout/generate.py"), "--out", str(tmp_path), "--only", *names]
    subprocess.run(cmd, check=True, env=env, cwd=REPO, capture_output=True)
    for name in names:
        assert (tmp_path / "files" / name).read_bytes() == (gen.FILES_DIR / name).read_bytes(), name


def test_languages_and_personal_columns_spread() -> None:
    languages = set()
    for meta in MANIFEST.values():
        languages |= set(meta["language"].split("+"))
    assert {"en", "sv", "de", "fr", "nl", "es", "da", "no", "fi", "it", "pl"} <= languages
    per_file: dict[str, Counter[str]] = defaultdict(Counter)
    for f, tables in LABELS.items():
        for columns in tables.values():
            per_file[f].update(label["category"] for label in columns.values())
    assert all(counts["NONE"] >= 2 for counts in per_file.values()), "every file has hard NONE neighbours"
