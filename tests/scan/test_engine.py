"""The scan pipeline end to end: every format, the report schema, and no raw personal value in any output."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from faker import Faker

from orca_core.scan.engine import ScanOptions, scan_path

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text())
EXPECTED = {
    "email": "EMAIL_ADDRESS",
    "full_name": "PERSON_NAME",
    "iban": "IBAN",
    "card": "CREDIT_CARD",
    "ssn": "NATIONAL_ID",
    "order_ref": "NONE",
    "amount": "NONE",
    "status": "NONE",
}


def _rows(n: int = 400) -> list[dict[str, object]]:
    fake = Faker("en_US")
    fake.seed_instance(11)
    rnd = random.Random(11)
    return [
        {
            "email": fake.email(),
            "full_name": fake.name(),
            "iban": fake.iban(),
            "card": fake.credit_card_number(card_type="visa16"),
            "ssn": fake.ssn(),
            "order_ref": f"ORD-{rnd.randint(100000, 999999)}",
            "amount": round(rnd.uniform(1, 500), 2),
            "status": rnd.choice(["open", "closed", "pending"]),
        }
        for _ in range(n)
    ]


def _write(fmt: str, rows: list[dict[str, object]], directory: Path) -> Path:
    names = list(rows[0])
    if fmt == "csv":
        path = directory / "people.csv"
        lines = [",".join(names)] + [",".join(str(r[n]) for n in names) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        path = directory / "people.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "people"
        sheet.append(names)
        for r in rows:
            sheet.append([r[n] for n in names])
        book.save(path)
    elif fmt == "parquet":
        path = directory / "people.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=100)
    else:
        path = directory / "people.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def people() -> list[dict[str, object]]:
    return _rows()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_every_format_yields_the_same_verdicts_and_a_schema_valid_report(fmt: str, people, tmp_path) -> None:
    report = scan_path(_write(fmt, people, tmp_path)).to_dict()
    jsonschema.validate(report, SCHEMA)
    (table,) = report["tables"]
    assert table["row_count"] == len(people)
    verdicts = {c["name"]: c["pii"]["category"] for c in table["columns"]}
    assert verdicts == EXPECTED
    ssn = next(c for c in table["columns"] if c["name"] == "ssn")
    assert ssn["pii"]["subtype"] == "US_SSN"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_no_raw_personal_value_appears_anywhere_in_the_report(fmt: str, people, tmp_path) -> None:
    text = json.dumps(scan_path(_write(fmt, people, tmp_path)).to_dict(), ensure_ascii=False)
    personal = [n for n, c in EXPECTED.items() if c != "NONE"]
    leaked = [str(r[n]) for r in people for n in personal if str(r[n]) in text]
    assert leaked == []
    # Non-personal columns may show their values: the report is useful, not blank.
    assert any(str(r["status"]) in text for r in people)


def test_personal_columns_mask_top_values_extremes_and_patterns(tmp_path) -> None:
    path = tmp_path / "dob.csv"
    fake = Faker()
    fake.seed_instance(3)
    births = [fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat() for _ in range(300)]
    path.write_text("date_of_birth\n" + "\n".join(births) + "\n")
    (column,) = scan_path(path).to_dict()["tables"][0]["columns"]
    assert column["pii"]["category"] == "DATE_OF_BIRTH"
    profile = column["profile"]
    assert profile["masked"] is True
    shown = [
        profile["numeric"]["min"],
        profile["numeric"]["max"],
        *profile["numeric"]["quantiles"].values(),
        *profile["numeric"]["histogram"]["edges"],
        *(tv["value"] for tv in profile["top_values"]),
    ]
    assert not set(shown) & set(births)
    assert all("**" in str(value) for value in shown)


def test_reader_notes_and_quasi_identifiers_reach_the_report(tmp_path) -> None:
    fake = Faker()
    fake.seed_instance(5)
    rnd = random.Random(5)
    lines = ["birth_date,postcode,gender,amount"]
    for _ in range(500):
        lines.append(
            f"{fake.date_of_birth().isoformat()},{rnd.randint(10000, 99999)},{rnd.choice('MF')},{rnd.randint(1, 9)}"
        )
    lines.append("1990-01-01,12345")  # ragged: too few fields
    path = tmp_path / "census.csv"
    path.write_text("\n".join(lines) + "\n")
    table = scan_path(path).to_dict()["tables"][0]
    assert any(note["code"] == "ragged_rows" for note in table["notes"])
    combos = {tuple(sorted(q["columns"])) for q in table["quasi_identifiers"]}
    assert ("birth_date", "gender", "postcode") in combos
    top = table["quasi_identifiers"][0]
    assert top["unique_share"] > 0.9 and top["exact"] is True


def test_sample_rows_bounds_the_classifier_input(people, tmp_path) -> None:
    path = _write("csv", people, tmp_path)
    report = scan_path(path, ScanOptions(sample_rows=100)).to_dict()
    sizes = {c["pii"]["evidence"]["sample_size"] for c in report["tables"][0]["columns"]}
    assert max(sizes) <= 100
