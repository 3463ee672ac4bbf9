"""JSON array and JSON Lines readers: flattening, late columns, encodings and error locations."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pyarrow as pa
import pytest

from orca_core.scan.errors import EmptyFile, MalformedJson, TooManyColumns
from orca_core.scan.readers import open_tables
from orca_core.scan.tables import ReaderLimits, TableStream
from tests.scan.streams import NonSeekable

LIST = pa.list_(pa.string())


def open_one(payload: bytes, filename: str = "people.json", **kwargs: object) -> TableStream:
    tables = list(open_tables(io.BytesIO(payload), filename=filename, **kwargs))  # type: ignore[arg-type]
    assert len(tables) == 1
    return tables[0]


def rows_of(table: TableStream) -> list[dict[str, object]]:
    """Rows aligned by name across batches, as a consumer would: a missing column is null."""
    batches = list(table.batches)
    rows: list[dict[str, object]] = []
    for batch in batches:
        for row in batch.to_pylist():
            rows.append({name: row.get(name) for name in table.column_names})
    return rows


RECORDS = [
    {
        "id": 1,
        "name": "Ann",
        "address": {"city": "Paris", "geo": {"lat": 48.85}},
        "tags": ["a", "b"],
        "orders": [{"sku": "X1", "qty": 2}],
        "vip": True,
        "note": None,
    },
    {"id": 2, "name": "Bob", "address": {"city": "Rome"}, "tags": [], "vip": False, "score": 1.5},
]


def test_array_of_objects_is_flattened() -> None:
    table = open_one(json.dumps(RECORDS).encode())
    assert (table.name, table.source_format) == ("people", "json")
    assert table.column_names == [
        "id",
        "name",
        "address.city",
        "address.geo.lat",
        "tags",
        "orders",
        "vip",
        "note",
        "score",
    ]
    [batch] = list(open_one(json.dumps(RECORDS).encode()).batches)
    assert batch.schema.field("tags").type == LIST
    assert batch.schema.field("id").type == pa.string()
    rows = rows_of(table)
    assert rows[0]["address.geo.lat"] == "48.85"
    assert rows[0]["tags"] == ["a", "b"]
    assert json.loads(str(rows[0]["orders"])) == [{"sku": "X1", "qty": 2}]
    assert (rows[0]["vip"], rows[1]["vip"]) == ("true", "false")
    assert rows[0]["note"] is None and rows[1]["orders"] is None
    assert rows[1]["tags"] == [] and rows[1]["score"] == "1.5" and rows[1]["address.geo.lat"] is None


def test_json_lines_with_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in RECORDS).replace("\n", "\n\n  \n") + "\n")
    table = next(open_tables(path))
    assert (table.name, table.source_format) == ("events", "jsonl")
    rows = rows_of(table)
    assert [row["name"] for row in rows] == ["Ann", "Bob"]
    assert table.bytes_read is not None and table.bytes_read() == path.stat().st_size


def test_column_first_seen_in_a_later_batch() -> None:
    lines = [{"a": str(i)} for i in range(5)] + [{"a": "5", "late": "x"}]
    payload = "\n".join(json.dumps(line) for line in lines).encode()
    table = open_one(payload, "x.jsonl", limits=ReaderLimits(batch_rows=2))
    assert table.column_names == ["a"]
    batches = list(table.batches)
    assert [batch.num_rows for batch in batches] == [2, 2, 2]
    assert [batch.schema.names for batch in batches] == [["a"], ["a"], ["a", "late"]]
    assert batches[2].column("late").to_pylist() == [None, "x"]
    assert table.column_names == ["a", "late"]


def test_type_conflicts_keep_one_type_per_column() -> None:
    lines = [{"v": ["x"]}, {"v": "plain"}, {"w": "text"}, {"w": [1, 2]}, {"w": [{"deep": 1}]}]
    table = open_one("\n".join(json.dumps(line) for line in lines).encode(), "x.jsonl")
    [batch] = list(table.batches)
    assert batch.schema.field("v").type == LIST
    assert batch.column("v").to_pylist()[:2] == [["x"], ["plain"]]
    assert batch.schema.field("w").type == pa.string()
    assert batch.column("w").to_pylist()[2:] == ["text", "[1, 2]", '[{"deep": 1}]']


def test_records_that_are_not_objects_land_in_a_value_column() -> None:
    table = open_one(b'[1, "two", null, [3, 4]]')
    assert table.column_names == ["value"]
    assert [row["value"] for row in rows_of(table)] == ["1", "two", None, "[3, 4]"]


def test_odd_keys_are_normalised() -> None:
    record = {"": 1, "id": 2, " id ": 3, "a\u0000b": 4, "k" * 5000: 5}
    table = open_one(json.dumps([record]).encode())
    names = table.column_names
    assert names[:4] == ["column_1", "id", "id_2", "ab"]
    assert len(names[4]) <= 256
    assert rows_of(table)[0]["ab"] == "4"


@pytest.mark.parametrize(
    "encoded",
    [
        b"\xef\xbb\xbf" + json.dumps([{"name": "José"}], ensure_ascii=False).encode(),
        json.dumps([{"name": "José"}], ensure_ascii=False).encode("utf-16"),
        b"\xfe\xff" + json.dumps([{"name": "José"}], ensure_ascii=False).encode("utf-16-be"),
    ],
)
def test_encodings(encoded: bytes) -> None:
    assert rows_of(open_one(encoded)) == [{"name": "José"}]


def test_gzip_and_non_seekable_json_lines() -> None:
    payload = gzip.compress(b"".join(b'{"n": %d, "email": "u%d@example.com"}\n' % (i, i) for i in range(3000)))
    table = next(open_tables(NonSeekable(payload), filename="events.jsonl.gz"))  # type: ignore[arg-type]
    assert table.source_format == "jsonl" and table.name == "events"
    rows = rows_of(table)
    assert len(rows) == 3000 and rows[-1] == {"n": "2999", "email": "u2999@example.com"}


def test_malformed_json_lines_reports_the_line_not_the_content() -> None:
    payload = b'{"a": 1}\n\n{"a": "secret-value", oops}\n'
    with pytest.raises(MalformedJson, match="Line 3") as caught:
        rows_of(open_one(payload, "x.jsonl"))
    assert "secret" not in str(caught.value)


def test_malformed_array_reports_the_record_not_the_content() -> None:
    payload = b'[{"a": 1}, {"a": 2}, {"a": "secret-value" "b"}]'
    with pytest.raises(MalformedJson, match="record 3") as caught:
        rows_of(open_one(payload))
    assert "secret" not in str(caught.value)


def test_truncated_array_is_malformed() -> None:
    with pytest.raises(MalformedJson):
        rows_of(open_one(b'[{"a": 1}, {"a": 2'))


def test_deep_nesting_is_malformed_not_a_crash() -> None:
    payload = ('{"a": ' * 5000 + "1" + "}" * 5000 + "\n").encode()
    with pytest.raises(MalformedJson, match="Line 1"):
        rows_of(open_one(payload, "x.jsonl"))


@pytest.mark.parametrize(("payload", "filename"), [(b"[]", "x.json"), (b"\n\n", "x.jsonl"), (b"[ ]\n", "x.json")])
def test_no_records_is_empty(payload: bytes, filename: str) -> None:
    with pytest.raises(EmptyFile):
        open_one(payload, filename)


def test_too_many_fields() -> None:
    records = [{f"k{i}": i} for i in range(40)]
    with pytest.raises(TooManyColumns):
        rows_of(open_one(json.dumps(records).encode(), limits=ReaderLimits(max_columns=10)))


def test_nesting_limit_does_not_depend_on_the_recursion_limit() -> None:
    """Other code in the process may raise the interpreter's limit (mypy's API does); ours stays put."""
    import sys

    from orca_core.scan.readers.jsonl import MAX_NESTING_DEPTH

    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(50_000)
    try:
        too_deep = ('{"a": ' * (MAX_NESTING_DEPTH + 1) + "1" + "}" * (MAX_NESTING_DEPTH + 1) + "\n").encode()
        with pytest.raises(MalformedJson, match="Line 1 is nested more than"):
            rows_of(open_one(too_deep, "x.jsonl"))
        deepest = ('{"a": ' * MAX_NESTING_DEPTH + "1" + "}" * MAX_NESTING_DEPTH + "\n").encode()
        assert rows_of(open_one(deepest, "x.jsonl"))
    finally:
        sys.setrecursionlimit(previous)
