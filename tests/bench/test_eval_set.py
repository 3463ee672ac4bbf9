"""The detection-quality evaluation set is consistent: current, complete, varied, and its labels are true.

These tests read the generated files back independently of orca's readers, so a label that names a column
the file does not have, or a "valid" identifier that does not validate, fails here.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

from bench.eval import generate as gen
from orca_core.scan.categories import Category, NationalIdSubtype
from orca_core.scan.columns import normalise_column_names

LABELS: dict[str, Any] = json.loads(gen.LABELS_PATH.read_text(encoding="utf-8"))
MANIFEST: dict[str, Any] = json.loads(gen.MANIFEST_PATH.read_text(encoding="utf-8"))

_NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


def _nino_valid(value: str) -> bool:
    return bool(_NINO.match(value.replace(" ", "").upper()))


def _se_valid(value: str) -> bool:
    """Personnummer, or samordningsnummer (day + 60), which python-stdnum 2.x does not accept yet."""
    if personnummer.is_valid(value):
        return True
    digits = re.sub(r"\D", "", value)[-10:]
    if len(digits) != 10 or not luhn.is_valid(digits):
        return False
    return 1 <= int(digits[2:4]) <= 12 and 61 <= int(digits[4:6]) <= 91


def _card_valid(value: str) -> bool:
    digits = re.sub(r"[ -]", "", value)
    return digits.isdigit() and 13 <= len(digits) <= 19 and luhn.is_valid(digits)


def _iban_valid(value: str) -> bool:
    return IBAN(value, allow_invalid=True).is_valid


NATIONAL_ID_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "US_SSN": ssn.is_valid,
    "SE_PERSONNUMMER": _se_valid,
    "UK_NINO": _nino_valid,
    "DK_CPR": cpr.is_valid,
    "FI_HETU": hetu.is_valid,
    "NO_FNR": fodselsnummer.is_valid,
    "NL_BSN": bsn.is_valid,
    "ES_DNI": lambda v: dni.is_valid(v) or nie.is_valid(v),
    "FR_NIR": nir.is_valid,
    "DE_STEUER_ID": idnr.is_valid,
    "IT_CODICE_FISCALE": codicefiscale.is_valid,
    "PL_PESEL": pesel.is_valid,
}
# Negative look-alikes (label NONE) and the check each must fail.
LOOKALIKE_CHECKS: dict[str, Callable[[str], bool]] = {
    "ssn_bad9": lambda v: ssn.is_valid(v) or bsn.is_valid(v),
    "card_bad16": _card_valid,
    "iban_bad": _iban_valid,
}


# --- an independent reader of the generated files --------------------------------------------------------


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _read_tables(path: Path, info: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """table -> column -> values (None for null/missing)."""
    fmt = info["format"]
    if fmt == "csv":
        raw = path.read_bytes()
        if path.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        rows = list(csv.reader(io.StringIO(raw.decode(info["encoding"]), newline=""), delimiter=info["delimiter"]))
        header = normalise_column_names(rows[0] if info["header"] else [""] * len(rows[0]))
        body = rows[1:] if info["header"] else rows
        table = {name: [row[i] or None for row in body] for i, name in enumerate(header)}
        return {next(iter(info["tables"])): table}
    if fmt == "xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        tables = {}
        for sheet in workbook.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            header = normalise_column_names(list(rows[0]))
            tables[sheet.title] = {name: [row[i] for row in rows[1:]] for i, name in enumerate(header)}
        workbook.close()
        return tables
    if fmt == "parquet":
        table = pq.read_table(path).flatten()
        return {next(iter(info["tables"])): {name: table.column(name).to_pylist() for name in table.column_names}}
    text = path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else json.loads(text)
    flat = [_flatten(r) for r in records]
    names = list(dict.fromkeys(k for r in flat for k in r))
    return {next(iter(info["tables"])): {name: [r.get(name) for r in flat] for name in names}}


@pytest.fixture(scope="module")
def contents() -> dict[str, dict[str, dict[str, list[Any]]]]:
    return {name: _read_tables(gen.FILES_DIR / name, info) for name, info in MANIFEST.items()}


def _columns() -> list[tuple[str, str, str, dict[str, Any]]]:
    return [(f, t, c, label) for f, tables in LABELS.items() for t, cols in tables.items() for c, label in cols.items()]


# --- tests -----------------------------------------------------------------------------------------------


def test_labels_and_manifest_match_the_generator_specs() -> None:
    assert gen.build_labels() == LABELS
    assert gen.build_manifest() == MANIFEST


def test_regenerating_gives_identical_bytes_and_labels(tmp_path: Path) -> None:
    subset = [
        "kunder_dk.csv",
        "crm_export_nl.csv",
        "adherents_fr.csv",
        "customers_se.csv.gz",
        "clientes_es.csv",
        "pazienti_it.csv",
        "signups_dk.jsonl",
        "potilaat_fi.parquet",
        "survey_results.xlsx",
    ]
    labels = gen.generate(tmp_path / "files", tmp_path / "labels.json", only=subset)
    assert labels == LABELS
    assert (tmp_path / "labels.json").read_bytes() == gen.LABELS_PATH.read_bytes()
    for name in subset:
        fresh = tmp_path / "files" / name
        if name.endswith(".parquet"):
            assert pq.read_table(fresh).equals(pq.read_table(gen.FILES_DIR / name)), name
        else:
            assert fresh.read_bytes() == (gen.FILES_DIR / name).read_bytes(), name


def test_every_labelled_file_exists_and_has_exactly_the_labelled_columns(contents: dict[str, Any]) -> None:
    on_disk = {p.name for p in gen.FILES_DIR.iterdir() if p.is_file()}
    assert set(LABELS) == on_disk
    for file_name, tables in LABELS.items():
        assert set(contents[file_name]) == set(tables), file_name
        for table_name, cols in tables.items():
            assert set(contents[file_name][table_name]) == set(cols), (file_name, table_name)


def test_size_and_format_coverage(contents: dict[str, Any]) -> None:
    assert len(LABELS) >= 25
    assert len(_columns()) >= 250
    assert {info["format"] for info in MANIFEST.values()} >= {"csv", "xlsx", "parquet", "json", "jsonl"}
    assert {info["encoding"] for info in MANIFEST.values()} >= {"utf-8", "latin-1", "utf-16"}
    assert any(not info["header"] for info in MANIFEST.values())
    assert len({info["header_language"] for info in MANIFEST.values()} - {"-"}) >= 8
    total = sum(p.stat().st_size for p in gen.FILES_DIR.iterdir())
    assert total < 15 * 1024**2
    for file_name, tables in contents.items():
        for table_name, cols in tables.items():
            n_rows = len(next(iter(cols.values())))
            assert 200 <= n_rows <= 2000, (file_name, table_name, n_rows)


def test_every_category_appears_in_at_least_six_columns_across_three_files() -> None:
    columns: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    for file_name, _table, _col, label in _columns():
        Category(label["category"])  # the label is part of the contract
        columns[label["category"]] += 1
        files[label["category"]].add(file_name)
    for category in Category:
        assert columns[category.value] >= 6, category
        assert len(files[category.value]) >= 3, category
    assert columns["NONE"] / sum(columns.values()) >= 0.30


def test_every_national_id_subtype_is_present() -> None:
    subtypes = {label["subtype"] for *_, label in _columns() if label["category"] == "NATIONAL_ID"}
    assert subtypes == {s.value for s in NationalIdSubtype}
    assert all(label["subtype"] is None for *_, label in _columns() if label["category"] != "NATIONAL_ID")


def _share(values: list[Any], check: Callable[[str], bool]) -> float:
    present = [str(v).strip() for v in values if v is not None and str(v).strip()]
    assert len(present) >= 100
    return sum(1 for v in present if check(v)) / len(present)


def test_positive_identifiers_validate(contents: dict[str, Any]) -> None:
    checked = 0
    for file_name, table_name, col, label in _columns():
        values = contents[file_name][table_name][col]
        if label["category"] == "NATIONAL_ID":
            check = NATIONAL_ID_VALIDATORS[label["subtype"]]
        elif label["category"] == "IBAN":
            check = _iban_valid
        elif label["category"] == "CREDIT_CARD":
            check = _card_valid
        else:
            continue
        checked += 1
        assert _share(values, check) >= 0.95, (file_name, table_name, col)
    assert checked >= 40


def test_negative_lookalikes_do_not_validate(contents: dict[str, Any]) -> None:
    checked = 0
    for file_name, info in MANIFEST.items():
        for table_name, table in info["tables"].items():
            for col, kind in table["columns"].items():
                if kind in LOOKALIKE_CHECKS:
                    assert LABELS[file_name][table_name][col]["category"] == "NONE"
                    assert _share(contents[file_name][table_name][col], LOOKALIKE_CHECKS[kind]) == 0.0, col
                    checked += 1
    assert checked >= 3


def test_validators_tell_real_from_lookalike() -> None:
    """Guard against a validator that accepts anything, which would make the two tests above vacuous."""
    assert NATIONAL_ID_VALIDATORS["US_SSN"]("912-34-5678") is False
    assert NATIONAL_ID_VALIDATORS["UK_NINO"]("ZZ123456T") is False
    assert NATIONAL_ID_VALIDATORS["DE_STEUER_ID"]("12345678901") is False
    assert NATIONAL_ID_VALIDATORS["SE_PERSONNUMMER"]("701063-2392") is False
    assert NATIONAL_ID_VALIDATORS["SE_PERSONNUMMER"]("701063-2391")  # a samordningsnummer
    assert _card_valid("4111 1111 1111 1112") is False
    assert _iban_valid("DE00370400440532013000") is False
    assert _card_valid("4111 1111 1111 1111") and _iban_valid("DE89370400440532013000")
