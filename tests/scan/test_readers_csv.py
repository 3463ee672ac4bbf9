"""Delimited text reader: dialects, headers, encodings, gzip, ragged rows, odd names and every error path."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pyarrow as pa
import pytest

from orca_core.scan.errors import EmptyFile, MalformedCsv, ScanError, TooManyColumns, UnsupportedFormat
from orca_core.scan.readers import delimited, open_tables
from orca_core.scan.tables import ReaderLimits, TableStream
from tests.scan.streams import NonSeekable


def only_table(tables: list[TableStream]) -> TableStream:
    assert len(tables) == 1
    return tables[0]


def rows_of(table: TableStream) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for batch in table.batches:
        assert all(field.type == pa.string() for field in batch.schema)
        rows.extend(batch.to_pylist())
    return rows


def read_bytes(payload: bytes, filename: str = "people.csv", **kwargs: object) -> TableStream:
    return only_table(list(open_tables(io.BytesIO(payload), filename=filename, **kwargs)))  # type: ignore[arg-type]


def test_header_and_string_columns(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"id,name,email\n1,Ann,ann@example.com\n2,,bob@example.com\n")
    table = only_table(list(open_tables(path)))
    assert (table.name, table.source_format) == ("people", "csv")
    assert table.column_names == ["id", "name", "email"]
    assert rows_of(table) == [
        {"id": "1", "name": "Ann", "email": "ann@example.com"},
        {"id": "2", "name": None, "email": "bob@example.com"},
    ]
    assert table.bytes_read is not None and table.bytes_read() == path.stat().st_size


def test_values_that_look_like_nulls_or_numbers_stay_text() -> None:
    table = read_bytes(b"code,flag\n007,NULL\n1e5,NA\n")
    assert rows_of(table) == [{"code": "007", "flag": "NULL"}, {"code": "1e5", "flag": "NA"}]


def test_file_without_header_gets_positional_names() -> None:
    table = read_bytes(b"1,Ann,ann@example.com\n2,Bob,bob@example.com\n")
    assert table.column_names == ["column_1", "column_2", "column_3"]
    assert rows_of(table)[0] == {"column_1": "1", "column_2": "Ann", "column_3": "ann@example.com"}


@pytest.mark.parametrize(
    ("payload", "filename"),
    [
        (b"name;city\nAnn;Paris\nBob;Rome\n", "x.csv"),
        (b"name\tcity\nAnn\tParis\nBob\tRome\n", "x.tsv"),
        (b"name|city\nAnn|Paris\nBob|Rome\n", "x.txt"),
        (b"name,city\r\nAnn,Paris\r\nBob,Rome\r\n", "x.csv"),
    ],
)
def test_delimiters_and_line_endings(payload: bytes, filename: str) -> None:
    table = read_bytes(payload, filename)
    assert rows_of(table) == [{"name": "Ann", "city": "Paris"}, {"name": "Bob", "city": "Rome"}]


def test_quoted_multiline_fields_and_embedded_delimiters() -> None:
    payload = b'name,address\n"Smith, Ann","1 Main St\nFlat 2\nLondon"\nBob,"say ""hi"""\n'
    table = read_bytes(payload)
    assert rows_of(table) == [
        {"name": "Smith, Ann", "address": "1 Main St\nFlat 2\nLondon"},
        {"name": "Bob", "address": 'say "hi"'},
    ]


def test_multiline_header_cell() -> None:
    table = read_bytes(b'"full\nname",age\nAnn,31\n')
    # columns.normalise_column_names drops control characters such as the newline
    assert table.column_names == ["fullname", "age"]
    assert rows_of(table) == [{"fullname": "Ann", "age": "31"}]


def test_ragged_rows_are_kept_and_reported() -> None:
    lines = ["a,b,c"] + [f"{i},{i},{i}" for i in range(1, 30)]
    lines[3] = "short,row"  # data row 3
    lines[5] = "x,y,z,zzextra"  # data row 5
    for number in range(10, 35):
        if number < len(lines):
            lines[number] = "only"
    table = read_bytes(("\n".join(lines) + "\n").encode())
    rows = rows_of(table)
    assert len(rows) == 29  # nothing dropped
    assert {"a": "short", "b": "row", "c": None} in [{k: r.get(k) for k in "abc"} for r in rows]
    extra = [row for row in rows if row.get("column_4") is not None]
    assert extra == [{"a": "x", "b": "y", "c": "z", "column_4": "zzextra"}]
    assert table.column_names == ["a", "b", "c", "column_4"]
    [note] = table.notes
    assert note.code == "ragged_rows"
    assert note.count == 22
    assert note.row_numbers[:3] == [3, 5, 10]
    assert len(note.row_numbers) == 20
    assert "zzlonely" not in note.detail and "zzextra" not in note.detail


@pytest.mark.parametrize(
    "encoded",
    [
        "name,city\nJosé,Zürich\nŁukasz,Kraków\n".encode(),
        b"\xef\xbb\xbf" + "name,city\nJosé,Zürich\nŁukasz,Kraków\n".encode(),
        "name,city\nJosé,Zürich\nŁukasz,Kraków\n".encode("utf-16"),  # little-endian with BOM
        b"\xfe\xff" + "name,city\nJosé,Zürich\nŁukasz,Kraków\n".encode("utf-16-be"),
    ],
)
def test_unicode_encodings(encoded: bytes) -> None:
    table = read_bytes(encoded)
    assert table.column_names == ["name", "city"]
    assert rows_of(table) == [{"name": "José", "city": "Zürich"}, {"name": "Łukasz", "city": "Kraków"}]


def test_cp1252_fallback() -> None:
    table = read_bytes("name,price\nJosé,5 €\nRenée,“7”\n".encode("cp1252"))
    assert rows_of(table) == [{"name": "José", "price": "5 €"}, {"name": "Renée", "price": "“7”"}]


def test_latin1_fallback_when_cp1252_cannot_decode() -> None:
    table = read_bytes(b"name,code\nJos\xe9,\x81x\n")
    assert rows_of(table) == [{"name": "José", "code": "\x81x"}]


def test_invalid_utf8_after_the_sniffed_head_is_decoded_and_noted() -> None:
    head = b"name,city\n" + b"Ann,Paris\n" * 20_000  # > 64 KB of clean UTF-8
    table = read_bytes(head + b"Jos\xe9,Z\xfcrich\n")
    rows = rows_of(table)
    assert rows[-1] == {"name": "José", "city": "Zürich"}
    assert [note.code for note in table.notes] == ["mixed_encoding"]


def test_gzip_compressed_path_and_stream(tmp_path: Path) -> None:
    payload = b"name,email\n" + b"".join(b"user%d,user%d@example.com\n" % (i, i) for i in range(5000))
    path = tmp_path / "people.csv.gz"
    path.write_bytes(gzip.compress(payload))
    table = only_table(list(open_tables(path)))
    assert table.name == "people"
    rows = rows_of(table)
    assert len(rows) == 5000 and rows[4999] == {"name": "user4999", "email": "user4999@example.com"}
    assert table.bytes_read is not None and table.bytes_read() == path.stat().st_size
    streamed = only_table(list(open_tables(NonSeekable(path.read_bytes()), filename="x.gz")))  # type: ignore[arg-type]
    assert len(rows_of(streamed)) == 5000


def test_non_seekable_source() -> None:
    payload = b"name,age\n" + b"Ann,31\n" * 30_000
    table = only_table(list(open_tables(NonSeekable(payload), filename="upload.csv")))  # type: ignore[arg-type]
    assert len(rows_of(table)) == 30_000


def test_odd_column_names_are_normalised_deterministically() -> None:
    long_name = "n" * 5000
    header = f'id,id,,"a\x00b",{long_name},"  spaced   out  "\n'
    payload = (header + "1,2,3,4,5,6\n").encode()
    first = read_bytes(payload)
    second = read_bytes(payload)
    assert first.column_names == second.column_names
    names = first.column_names
    assert names[:4] == ["id", "id_2", "column_3", "ab"]
    assert len(names[4]) <= 256 and names[4].startswith("nnnn")
    assert names[5] == "spaced out"
    assert rows_of(first)[0]["ab"] == "4"


def test_header_only_file_has_columns_and_no_rows() -> None:
    table = read_bytes(b"name,email\n")
    assert table.column_names == ["name", "email"]
    assert rows_of(table) == []


def test_batches_are_bounded_by_batch_rows() -> None:
    payload = b"n\n" + b"".join(b"%d\n" % i for i in range(10_000))
    table = read_bytes(payload, limits=ReaderLimits(batch_rows=1_000))
    sizes = [batch.num_rows for batch in table.batches]
    assert sum(sizes) == 10_000 and max(sizes) <= 1_000


def test_large_file_is_streamed_not_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 MiB blocks make the file 40 blocks long, so pyarrow's read-ahead (a few blocks, on its own thread)
    # cannot have consumed half of it by the time the first batch arrives, however the machine is loaded.
    monkeypatch.setattr(delimited, "BLOCK_BYTES", 1024 * 1024)
    path = tmp_path / "big.csv"
    row = b"someone@example.com,+44 20 7946 0000,London,Some free text here\n"
    with path.open("wb") as handle:
        handle.write(b"email,phone,city,notes\n")
        for _ in range(10):
            handle.write(row * 60_000)  # ~40 MB in total
    table = only_table(list(open_tables(path)))
    assert table.bytes_read is not None
    batches = iter(table.batches)
    next(batches)
    assert table.bytes_read() < path.stat().st_size // 2  # only the first blocks have been read
    total = 1 + sum(batch.num_rows for batch in batches)
    assert total > 1 and table.bytes_read() == path.stat().st_size


@pytest.mark.parametrize("payload", [b"", b"\xef\xbb\xbf", b"\n\n  \r\n"])
def test_empty_files(payload: bytes) -> None:
    with pytest.raises(EmptyFile):
        read_bytes(payload)


@pytest.mark.parametrize(
    "payload",
    [
        bytes(range(256)) * 64,
        b"name,value\nAnn,\x00\x00\x00secret\x00\n",
        b"\x13\x37" * 5_000,
    ],
)
def test_binary_garbage_is_refused(payload: bytes) -> None:
    with pytest.raises((UnsupportedFormat, MalformedCsv)):
        rows_of(read_bytes(payload))


def test_unclosed_quote_spanning_blocks_is_malformed() -> None:
    payload = b'name,note\nAnn,"secret-value ' + b"x" * (9 * 1024 * 1024) + b"\nBob,ok\n"
    with pytest.raises(MalformedCsv) as caught:
        rows_of(read_bytes(payload))
    assert "secret-value" not in str(caught.value)
    assert caught.value.code == "malformed_csv"


def test_too_many_columns() -> None:
    header = ",".join(f"c{i}" for i in range(50))
    with pytest.raises(TooManyColumns):
        read_bytes((header + "\n" + header + "\n").encode(), limits=ReaderLimits(max_columns=10))


def test_ragged_row_past_the_column_limit_is_refused() -> None:
    payload = b"a,b\n1,2\n" + b",".join(b"v" for _ in range(30)) + b"\n"
    table = read_bytes(payload, limits=ReaderLimits(max_columns=10))
    with pytest.raises(TooManyColumns):
        rows_of(table)


def test_errors_carry_stable_codes() -> None:
    with pytest.raises(ScanError) as caught:
        read_bytes(b"")
    assert caught.value.to_dict()["error"] == "empty_file"


def test_ascii_columns_become_text_without_the_validating_cast() -> None:
    raw = pa.array([b"plain", None, b"", b"Jos\xc3\xa9", b"x\x00y", b"tail"], pa.binary())
    for column in (raw, raw.slice(1), raw.slice(4), raw.slice(0, 3), raw.slice(6)):
        assert delimited._utf8(column).equals(column.cast(pa.string()))
    with pytest.raises(pa.ArrowInvalid):
        delimited._utf8(pa.array([b"ok", b"Jos\xe9"], pa.binary()))
