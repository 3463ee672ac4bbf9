"""Format, encoding, dialect and header sniffing, and the content-over-extension rule of open_tables."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from orca_core.scan.errors import EmptyFile, UnsupportedFormat
from orca_core.scan.readers import open_tables
from orca_core.scan.readers.sniff import (
    Dialect,
    has_header,
    sniff_container,
    sniff_dialect,
    sniff_text,
    table_name_for,
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x1f\x8b\x08\x00rest", "gzip"),
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole"),
        (b"PAR1rest", "parquet"),
        (b"a,b\n1,2\n", "text"),
        (b"MZ_code,name\n1,2\n", "text"),  # a header that happens to start with an executable's magic
    ],
)
def test_container_is_decided_by_magic_bytes(head: bytes, expected: str) -> None:
    assert sniff_container(head) == expected


@pytest.mark.parametrize(
    "head",
    [
        b"%PDF-1.7\n%\xe2\xe3",
        b"\x7fELF\x02\x01\x01\x00",
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"SQLite format 3\x00",
        b"\xff\xfe\x00\x00a\x00\x00\x00",
    ],
)
def test_known_binary_formats_are_refused(head: bytes) -> None:
    with pytest.raises(UnsupportedFormat):
        sniff_container(head)


def test_empty_head_is_empty_file() -> None:
    with pytest.raises(EmptyFile):
        sniff_container(b"")


@pytest.mark.parametrize(
    ("raw", "encoding", "bom"),
    [
        ("a,b\nJosé,1\n".encode(), "utf-8", 0),
        (b"\xef\xbb\xbf" + "a,b\nJosé,1\n".encode(), "utf-8", 3),
        ("a,b\nJosé,1\n".encode("utf-16"), "utf-16", 0),
        (b"\xfe\xff" + "a,b\nJosé,1\n".encode("utf-16-be"), "utf-16", 0),
        ("a,b\nJosé,1€\n".encode("cp1252"), "cp1252", 0),
        (b"a,b\nJos\xe9,\x81\n", "latin-1", 0),  # 0x81 is undefined in CP1252
    ],
)
def test_encoding_detection(raw: bytes, encoding: str, bom: int) -> None:
    sniffed = sniff_text(raw, at_eof=True, filename="x.csv")
    assert (sniffed.encoding, sniffed.bom_bytes) == (encoding, bom)
    assert "Jos" in sniffed.sample
    assert sniffed.format == "csv"


def test_truncated_utf8_head_is_still_utf8() -> None:
    raw = ("a,b\n" + "é" * 100).encode()[:-1]  # head cut in the middle of a two-byte character
    assert sniff_text(raw, at_eof=False, filename=None).encoding == "utf-8"


@pytest.mark.parametrize(
    "raw",
    [
        b"a,b\n" + b"1,\x00\x00\x00\x002\n" * 10,
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 64 + b"\na,b\n",
    ],
)
def test_binary_text_is_refused(raw: bytes) -> None:
    with pytest.raises(UnsupportedFormat):
        sniff_text(raw, at_eof=True, filename="x.csv")


@pytest.mark.parametrize(
    "raw",
    [b"<!DOCTYPE html><html><body>x</body></html>", b"  <html>", b'<?xml version="1.0"?><a/>'],
)
def test_markup_is_refused(raw: bytes) -> None:
    with pytest.raises(UnsupportedFormat, match="HTML or XML"):
        sniff_text(raw, at_eof=True, filename="x.csv")


def test_whitespace_only_is_empty() -> None:
    with pytest.raises(EmptyFile):
        sniff_text(b"\xef\xbb\xbf \r\n\n", at_eof=True, filename=None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(b'[{"a": 1}]', "json"), (b'  \n{"a": 1}\n{"a": 2}\n', "jsonl"), (b"a,b\n", "csv")],
)
def test_json_structure_detection(raw: bytes, expected: str) -> None:
    assert sniff_text(raw, at_eof=True, filename="x.txt").format == expected


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("a,b,c\n1,2,3\n4,5,6\n", ","),
        ("a;b;c\n1,5;2,5;3\n4;5;6\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('name,note\n"Smith; John","a|b"\n"Doe; Jane","c|d"\n', ","),
    ],
)
def test_delimiter_sniffing(sample: str, delimiter: str) -> None:
    assert sniff_dialect(sample, "x.csv").delimiter == delimiter


def test_single_quote_sniffing() -> None:
    dialect = sniff_dialect("'a','b'\n'x, y','z'\n'p','q'\n", None)
    assert dialect == Dialect(delimiter=",", quotechar="'")


def test_extension_breaks_ties_for_single_column() -> None:
    assert sniff_dialect("email\nx@example.com\n", "list.tsv").delimiter == "\t"
    assert sniff_dialect("email\nx@example.com\n", "list.csv").delimiter == ","


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["id", "amount"], ["1", "2.50"], ["2", "3.10"]], True),
        ([["name", "email"], ["Ann", "ann@example.com"], ["Bob", "bob@example.com"]], True),
        ([["name", "city"], ["Ann", "Paris"], ["Bob", "Rome"]], True),
        ([["1", "2.50"], ["2", "3.10"]], False),
        ([["Ann", "ann@example.com"], ["Bob", "bob@example.com"]], False),
        ([["yes", "no"], ["no", "yes"], ["yes", "yes"]], False),
        ([["", ""], ["a", "b"]], False),
    ],
)
def test_header_detection(rows: list[list[str]], expected: bool) -> None:
    assert has_header(rows) is expected


def test_table_names_come_from_the_file_stem() -> None:
    assert table_name_for("people.csv.gz") == "people"
    assert table_name_for("report.2024.json") == "report.2024"
    assert table_name_for(None) == "data"


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in members.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("payload", "filename"),
    [
        (_zip_bytes({"readme.txt": b"hello"}), "people.csv"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "people.csv"),
        (b"%PDF-1.4\n1 0 obj\n", "people.csv"),
        (b"<html><body><table><tr><td>x</td></tr></table></body></html>", "people.csv"),
        (b"<!DOCTYPE html>\n<html></html>", "people.xlsx"),
        (b"<html>", "people.parquet"),
    ],
)
def test_content_wins_over_extension(payload: bytes, filename: str, tmp_path: Path) -> None:
    path = tmp_path / filename
    path.write_bytes(payload)
    with pytest.raises(UnsupportedFormat):
        list(open_tables(path))


def test_csv_named_json_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    path.write_bytes(b"name,age\nAnn,31\n")
    tables = list(open_tables(path))
    assert [table.source_format for table in tables] == ["csv"]
    assert tables[0].column_names == ["name", "age"]
