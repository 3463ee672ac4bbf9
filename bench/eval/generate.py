"""Deterministic generator of orca's detection-quality evaluation set.

    uv run python bench/eval/generate.py            # writes bench/eval/files/, labels.json, manifest.json
    uv run python bench/eval/generate.py --only orders_us.csv --out /tmp/x

Every table draws from its own RNG and fakers seeded from the file and table name, so regenerating one file
gives the same bytes as regenerating all of them. Ground truth comes from the column kinds in `specs.py`,
never from the values, so labels.json can be rebuilt without generating anything.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
import re
import sys
import zipfile
import zlib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import time_machine
from faker import Faker
from openpyxl import Workbook

if __package__ in (None, ""):  # run as a script: make `bench.eval` and `orca_core` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.eval.kinds import KINDS, LOCALES, Ctx
from bench.eval.specs import FILES, LATIN1_SAFE, Col, FileSpec, Table
from orca_core.scan.columns import normalise_column_names

EVAL_DIR = Path(__file__).resolve().parent
FILES_DIR = EVAL_DIR / "files"
LABELS_PATH = EVAL_DIR / "labels.json"
MANIFEST_PATH = EVAL_DIR / "manifest.json"

# Junk that real exports carry in otherwise personal columns.
BAD_VALUES = ["n/a", "unknown", "-", "test", "?", "0", "xxx", "TBD", "none", "see notes", "N.N.", "999"]
NULL_RATES = [0.0, 0.0, 0.01, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3]
_FIXED_TIME = datetime(2025, 1, 1)
GENERATED_ON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _seed(*parts: str) -> int:
    return zlib.crc32("/".join(parts).encode("utf-8"))


_FAKERS: dict[str, Faker] = {}


def _fakers() -> dict[str, Faker]:
    if not _FAKERS:
        for loc in LOCALES:
            _FAKERS[loc] = Faker(loc)
    return _FAKERS


def column_names(spec: FileSpec, table: Table) -> list[str]:
    """Column names as orca names them (headerless CSV: `column_1..n`)."""
    raw: list[object] = [col.header for col in table.cols] if spec.header else [""] * len(table.cols)
    return normalise_column_names(raw)


def build_labels(specs: Iterable[FileSpec] = FILES) -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for spec in specs:
        tables: dict[str, Any] = {}
        for table in spec.tables:
            tables[table.name] = {
                name: {"category": KINDS[col.kind].category, "subtype": KINDS[col.kind].subtype}
                for name, col in zip(column_names(spec, table), table.cols, strict=True)
            }
        labels[spec.name] = tables
    return labels


def build_manifest(specs: Iterable[FileSpec] = FILES) -> dict[str, Any]:
    manifest: dict[str, Any] = {}
    for spec in specs:
        manifest[spec.name] = {
            "format": spec.fmt,
            "header_language": spec.lang,
            "encoding": spec.encoding,
            "delimiter": spec.delimiter,
            "header": spec.header,
            "tables": {
                table.name: {
                    "rows": table.rows,
                    "columns": {n: col.kind for n, col in zip(column_names(spec, table), table.cols, strict=True)},
                }
                for table in spec.tables
            },
        }
    return manifest


# --- values ----------------------------------------------------------------------------------------------


def _column_values(ctx: Ctx, col: Col, rows: int, typed: bool) -> list[Any]:
    """One column's values with nulls, stray whitespace and a few junk values mixed in."""
    rng = ctx.rng
    spec_kind = KINDS[col.kind]
    null_rate = col.opts.get("nulls", rng.choice(NULL_RATES))
    personal = spec_kind.category != "NONE"
    bad_rate = col.opts.get("bad", rng.uniform(0.01, 0.03) if personal else 0.0)
    ws_rate = rng.choice([0.0, 0.0, 0.0, 0.02, 0.05])
    values: list[Any] = []
    for row in range(rows):
        ctx.row = row
        value = spec_kind.make(ctx, col.opts)  # always drawn, so nulls do not shift the value stream
        if rng.random() < null_rate:
            value = None
        elif isinstance(value, str) and rng.random() < ws_rate:
            value = rng.choice([f" {value}", f"{value} ", f"  {value}  "])
        values.append(value)
    # An exact share of junk among the non-null values (a coin per row can stray far from 1-3%).
    present = [i for i, v in enumerate(values) if v is not None]
    for i in rng.sample(present, round(bad_rate * len(present))):
        values[i] = rng.choice(BAD_VALUES) if (isinstance(values[i], str) or not typed) else None
    return values


def generate_table(spec: FileSpec, table: Table, typed: bool) -> dict[str, list[Any]]:
    """Column name -> values for one table; `typed` keeps native types (Parquet) for junk handling."""
    fakers = _fakers()
    for loc, fake in fakers.items():
        fake.seed_instance(_seed(spec.name, table.name, loc))
    pool = LATIN1_SAFE if spec.encoding == "latin-1" else LOCALES
    ctx = Ctx(random.Random(_seed(spec.name, table.name)), fakers, table.locales, table.lang, pool)
    names = column_names(spec, table)
    # Some faker providers (es_ES nif/nie) draw from the module-level `random`, not the seeded instance:
    # seed it too, and put the caller's state back afterwards.
    saved = random.getstate()
    random.seed(_seed(spec.name, table.name, "module-random"))
    try:
        return {name: _column_values(ctx, col, table.rows, typed) for name, col in zip(names, table.cols, strict=True)}
    finally:
        random.setstate(saved)


def _render(value: Any, col: Col, spec: FileSpec) -> Any:
    """Text rendering used by CSV (everything) and JSON/XLSX (dates, and booleans in CSV only)."""
    if value is None:
        return None
    if isinstance(value, bool):
        yes, no = col.opts.get("bool", ("true", "false"))
        return yes if value else no
    if isinstance(value, datetime):
        return value.strftime(col.opts.get("fmt", "%Y-%m-%d %H:%M:%S"))
    if isinstance(value, date):
        return value.strftime(col.opts.get("fmt", "%Y-%m-%d"))
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if spec.delimiter == ";" and col.kind in {"price", "measure"} else text
    if isinstance(value, list):
        return "|".join(value)
    return value if isinstance(value, str) else str(value)


# --- writers ---------------------------------------------------------------------------------------------


def _write_csv(spec: FileSpec, path: Path) -> None:
    table = spec.tables[0]
    columns = generate_table(spec, table, typed=False)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=spec.delimiter,
        lineterminator=spec.newline,
        quoting=csv.QUOTE_ALL if spec.quote_all else csv.QUOTE_MINIMAL,
    )
    if spec.header:
        writer.writerow([col.header for col in table.cols])
    rendered = [[_render(v, col, spec) for v in vals] for col, vals in zip(table.cols, columns.values(), strict=True)]
    for row in zip(*rendered, strict=True):
        writer.writerow(["" if v is None else v for v in row])
    data = buffer.getvalue().encode(spec.encoding, errors="replace")
    if spec.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    path.write_bytes(data)


def _write_xlsx(spec: FileSpec, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "orca eval generator"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    for table in spec.tables:
        sheet = workbook.create_sheet(title=table.name)
        columns = generate_table(spec, table, typed=False)
        sheet.append([col.header for col in table.cols])
        cells = []
        for col, vals in zip(table.cols, columns.values(), strict=True):
            if "fmt" in col.opts or "bool" in col.opts:
                cells.append([_render(v, col, spec) for v in vals])
            else:
                cells.append(vals)
        for row in zip(*cells, strict=True):
            sheet.append(list(row))
    workbook.save(path)
    _freeze_zip_times(path)


def _freeze_zip_times(path: Path) -> None:
    """openpyxl stamps the save time into docProps/core.xml and the zip entries; pin both so XLSX bytes are
    reproducible and regenerating does not churn the committed files."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as original:
        entries = [(info, original.read(info.filename)) for info in original.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as frozen:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + stamp.encode(), data)
            pinned = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = info.external_attr
            frozen.writestr(pinned, data)


def _nest(flat: dict[str, Any], drop_none: bool) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in flat.items():
        if value is None and drop_none:
            continue
        node = record
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return record


def _records(spec: FileSpec, for_json: bool) -> list[dict[str, Any]]:
    table = spec.tables[0]
    columns = generate_table(spec, table, typed=not for_json)
    rng = random.Random(_seed(spec.name, "nulls"))
    records = []
    for i in range(table.rows):
        flat = {}
        for col, (name, vals) in zip(table.cols, columns.items(), strict=True):
            value = vals[i]
            if for_json and isinstance(value, date | datetime):
                value = value.isoformat() if "fmt" not in col.opts else _render(value, col, spec)
            flat[name] = value
        # JSON producers either write null or leave the key out; mix both.
        records.append(_nest(flat, drop_none=for_json and rng.random() < 0.5))
    return records


def _write_json(spec: FileSpec, path: Path) -> None:
    records = _records(spec, for_json=True)
    if spec.fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")


def _write_parquet(spec: FileSpec, path: Path) -> None:
    table = pa.Table.from_pylist(_records(spec, for_json=False))
    pq.write_table(table, path, compression="snappy")


WRITERS = {
    "csv": _write_csv,
    "xlsx": _write_xlsx,
    "parquet": _write_parquet,
    "json": _write_json,
    "jsonl": _write_json,
}


def generate(
    out_dir: Path = FILES_DIR, labels_path: Path | None = LABELS_PATH, only: Iterable[str] | None = None
) -> dict[str, Any]:
    """Write the files (all, or only the named ones) and the full labels.json/manifest.json; return labels.

    faker draws birth dates and national ids relative to today, so the clock is pinned to the day the set was
    made: regenerating on any later day gives the same bytes.
    """
    with time_machine.travel(GENERATED_ON, tick=False):
        return _generate(out_dir, labels_path, only)


def _generate(out_dir: Path, labels_path: Path | None, only: Iterable[str] | None) -> dict[str, Any]:
    wanted = set(only) if only is not None else None
    out_dir.mkdir(parents=True, exist_ok=True)
    for spec in FILES:
        if wanted is None or spec.name in wanted:
            WRITERS[spec.fmt](spec, out_dir / spec.name)
    labels = build_labels()
    if labels_path is not None:
        labels_path.write_text(json.dumps(labels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        manifest_path = labels_path.with_name("manifest.json")
        manifest_path.write_text(json.dumps(build_manifest(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=FILES_DIR, help="directory for the data files")
    parser.add_argument("--labels", type=Path, default=LABELS_PATH, help="where labels.json goes")
    parser.add_argument("--only", nargs="*", help="file names to (re)generate; default all")
    args = parser.parse_args()
    labels = generate(args.out, args.labels, args.only)
    n_cols = sum(len(cols) for tables in labels.values() for cols in tables.values())
    size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(f"{len(labels)} files, {n_cols} labelled columns, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
