"""XLSX reader: sheets as tables, cell rendering, and the container checks that run before openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import struct
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pyarrow as pa
import pytest

from orca_core.scan.errors import (
    EmptyFile,
    EncryptedWorkbook,
    MalformedXlsx,
    TooManyColumns,
    UnsafeXml,
    UnsupportedFormat,
    ZipBomb,
)
from orca_core.scan.readers import open_tables
from orca_core.scan.tables import ReaderLimits, TableStream
from tests.scan.streams import NonSeekable


def rows_of(table: TableStream) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for batch in table.batches:
        assert all(field.type == pa.string() for field in batch.schema)
        rows.extend(batch.to_pylist())
    return rows


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_all(payload: bytes, filename: str = "book.xlsx", **kwargs: object) -> list[tuple[TableStream, list]]:
    result = []
    for table in open_tables(io.BytesIO(payload), filename=filename, **kwargs):  # type: ignore[arg-type]
        result.append((table, rows_of(table)))
    return result


def test_sheets_become_tables_with_rendered_cells(tmp_path: Path) -> None:
    payload = workbook_bytes(
        {
            "People": [
                ["id", "name", "born", "joined", "score", "active", "ratio", "alarm"],
                [
                    1,
                    "Ann",
                    dt.date(1990, 5, 17),
                    dt.datetime(2024, 1, 2, 9, 30, 15),
                    3.0,
                    True,
                    0.25,
                    dt.time(7, 5),
                ],
                [2, None, dt.date(1985, 12, 1), dt.datetime(2023, 6, 7, 0, 0, 1), 10, False, 1.5, None],
            ],
            "Codes": [["code"], ["A1"], ["B2"]],
        }
    )
    path = tmp_path / "book.xlsx"
    path.write_bytes(payload)
    tables = []
    for table in open_tables(path):
        tables.append((table.name, table.source_format, table.column_names, rows_of(table)))
        assert table.bytes_read is not None
    assert [name for name, *_ in tables] == ["People", "Codes"]
    _, source_format, names, rows = tables[0]
    assert source_format == "xlsx"
    assert names == ["id", "name", "born", "joined", "score", "active", "ratio", "alarm"]
    assert rows[0] == {
        "id": "1",
        "name": "Ann",
        "born": "1990-05-17",
        "joined": "2024-01-02T09:30:15",
        "score": "3",
        "active": "true",
        "ratio": "0.25",
        "alarm": "07:05:00",
    }
    assert rows[1]["name"] is None and rows[1]["active"] == "false" and rows[1]["joined"] == "2023-06-07T00:00:01"
    assert tables[1][3] == [{"code": "A1"}, {"code": "B2"}]


def test_sheet_without_header_and_leading_blank_rows() -> None:
    payload = workbook_bytes({"Data": [[None, None], [None], [1, "ann@example.com"], [2, "bob@example.com"]]})
    [(table, rows)] = read_all(payload)
    assert table.column_names == ["column_1", "column_2"]
    assert rows == [
        {"column_1": "1", "column_2": "ann@example.com"},
        {"column_1": "2", "column_2": "bob@example.com"},
    ]


def test_mixed_type_column_and_wider_later_rows() -> None:
    payload = workbook_bytes(
        {
            "Mixed": [
                ["value", "label"],
                [1, "a"],
                ["two", "b"],
                [3.5, "c", "surprise"],
                [dt.date(2020, 1, 1), "d"],
            ]
        }
    )
    [(table, rows)] = read_all(payload)
    assert [row["value"] for row in rows] == ["1", "two", "3.5", "2020-01-01"]
    assert table.column_names == ["value", "label", "column_3"]
    assert rows[2]["column_3"] == "surprise"


def test_empty_sheets_are_skipped_with_a_note() -> None:
    payload = workbook_bytes({"Blank": [], "Data": [["a"], ["1"]], "Trailing": []})
    [(table, rows)] = read_all(payload)
    assert table.name == "Data" and rows == [{"a": "1"}]
    assert {note.code for note in table.notes} == {"empty_sheet"}
    assert sorted(note.detail for note in table.notes) == [
        "Sheet 'Blank' has no data and was skipped.",
        "Sheet 'Trailing' has no data and was skipped.",
    ]


def test_workbook_with_only_empty_sheets_is_empty() -> None:
    with pytest.raises(EmptyFile):
        read_all(workbook_bytes({"One": [], "Two": []}))


def test_too_many_columns_in_a_sheet() -> None:
    payload = workbook_bytes({"Wide": [[f"c{i}" for i in range(30)], list(range(30))]})
    with pytest.raises(TooManyColumns):
        read_all(payload, limits=ReaderLimits(max_columns=10))


def test_batches_respect_batch_rows() -> None:
    payload = workbook_bytes({"Rows": [["n"]] + [[i] for i in range(2_500)]})
    [table] = list(open_tables(io.BytesIO(payload), filename="b.xlsx", limits=ReaderLimits(batch_rows=1_000)))
    assert [batch.num_rows for batch in table.batches] == [1_000, 1_000, 500]


def test_non_seekable_source_is_spooled_and_the_spool_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool_dir))
    payload = workbook_bytes({"S": [["name"], ["Ann"]]})
    seen_during: list[int] = []
    for table in open_tables(NonSeekable(payload), filename="upload.xlsx"):  # type: ignore[arg-type]
        seen_during.append(len(list(spool_dir.iterdir())))
        assert rows_of(table) == [{"name": "Ann"}]
        assert table.bytes_read is not None and table.bytes_read() == len(payload)
    assert seen_during == [1]
    assert list(spool_dir.iterdir()) == []
    # ... and also when the workbook is refused part-way.
    with pytest.raises(ZipBomb):
        list(open_tables(NonSeekable(_bomb_by_ratio()), filename="upload.xlsx"))  # type: ignore[arg-type]
    assert list(spool_dir.iterdir()) == []


# --- zip bombs -------------------------------------------------------------------------------------------


def _bomb_by_ratio(megabytes: int = 20) -> bytes:
    buffer = io.BytesIO(workbook_bytes({"S": [["a"], ["1"]]}))
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w") as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


def _forbid_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bombs must be refused from the zip's directory alone: opening any member fails the test.

    (How fast that is is measured, not asserted: `bench/reader_safety.py`.)"""

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a zip bomb's members must never be opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", must_not_open)


def test_f30_highly_compressed_entry_is_a_zip_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = _bomb_by_ratio()
    assert len(payload) < 200_000
    _forbid_inflating(monkeypatch)
    with pytest.raises(ZipBomb):
        read_all(payload)


def _with_declared_sizes(payload: bytes, name: bytes, declared: int) -> bytes:
    """Patch the uncompressed size an entry declares (local header and central directory) without data."""
    data = bytearray(payload)
    at = data.find(b"PK\x03\x04")
    while at >= 0:
        (name_length,) = struct.unpack_from("<H", data, at + 26)
        if data[at + 30 : at + 30 + name_length] == name:
            struct.pack_into("<L", data, at + 22, declared)
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        (name_length,) = struct.unpack_from("<H", data, at + 28)
        if data[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<L", data, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def test_f30_small_zip_declaring_gigabytes_is_refused_without_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = workbook_bytes({"S": [["a"], ["1"]]})
    payload = _with_declared_sizes(payload, b"xl/worksheets/sheet1.xml", 3_500_000_000)
    assert len(payload) < 20_000
    # Under the total limit, the ratio alone still gives it away.
    ratio_only = _with_declared_sizes(workbook_bytes({"S": [["a"]]}), b"xl/worksheets/sheet1.xml", 1_100_000_000)

    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl must not see a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_run)
    _forbid_inflating(monkeypatch)
    with pytest.raises(ZipBomb, match="expand"):
        read_all(payload)
    with pytest.raises(ZipBomb, match="compressed"):
        read_all(ratio_only)


def _zip_with_many_entries(count: int) -> bytes:
    """A stored zip of `count` empty entries with a zip64 end record, built directly (zipfile needs ~4 s)."""
    local = bytearray()
    central = bytearray()
    for number in range(count):
        name = b"f%d" % number
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
        central += (
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset)
            + name
        )
    directory_offset = len(local)
    zip64_offset = directory_offset + len(central)
    zip64_end = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(central), directory_offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_offset, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(central), directory_offset, 0)
    return bytes(local + central + zip64_end + locator + end)


def test_f30_zip_with_100k_entries_is_refused_from_its_end_record(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = _zip_with_many_entries(100_000)
    assert zipfile.ZipFile(io.BytesIO(payload)).namelist()[:2] == ["f0", "f1"]  # a real, valid zip

    def must_not_list(*args: object, **kwargs: object) -> None:
        raise AssertionError("100k entries must be refused before the central directory is parsed")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", must_not_list)
    with pytest.raises(ZipBomb, match="entries"):
        read_all(payload)


# --- unsafe XML ------------------------------------------------------------------------------------------


def _replace_member(payload: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(payload))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    ("member", "content"),
    [
        ("xl/worksheets/sheet1.xml", BILLION_LAUGHS),
        ("xl/worksheets/sheet1.xml", EXTERNAL_ENTITY),
        ("xl/workbook.xml", EXTERNAL_ENTITY.replace(b"worksheet", b"workbook")),
        ("[Content_Types].xml", b"<!-- note --><!doctype Types SYSTEM 'http://example.com/x.dtd'><Types/>"),
        ("docProps/core.xml", EXTERNAL_ENTITY.decode().replace("UTF-8", "UTF-16").encode("utf-16")),
    ],
)
def test_f31_xml_declarations_are_refused_before_parsing(
    member: str, content: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = _replace_member(workbook_bytes({"S": [["a"], ["1"]]}), member, content)

    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("no XML parser may run on a document with a DOCTYPE")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_run)
    with pytest.raises(UnsafeXml) as caught:
        read_all(payload)
    assert "root:" not in str(caught.value) and "lol" not in str(caught.value)


def test_f31_defusedxml_is_active_for_openpyxl() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


# --- other containers ------------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(stream_names: list[str]) -> bytes:
    """A minimal, structurally valid OLE2 compound file: header, one FAT sector, one directory sector.

    olefile is not a dependency, so the file is crafted by hand with exactly the fields the detector walks:
    sector shift, the FAT sector listed in the header DIFAT, the first directory sector and its chain, and
    128-byte directory entries (UTF-16LE name, name length, entry type). Streams hold no data; only the
    directory names matter to tell an encrypted OOXML package (EncryptionInfo + EncryptedPackage) apart.
    """
    header = bytearray(512)
    header[0:8] = OLE_MAGIC
    struct.pack_into("<5H", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, 512-byte sectors
    struct.pack_into("<3L", header, 44, 1, 1, 0)  # one FAT sector; directory starts at sector 1
    struct.pack_into("<L", header, 56, 4096)
    struct.pack_into("<4L", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # no mini FAT, no extra DIFAT
    struct.pack_into("<109L", header, 76, 0, *([0xFFFFFFFF] * 108))  # sector 0 holds the FAT
    fat = struct.pack("<128L", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray()
    for entry_type, name in [(5, "Root Entry")] + [(2, name) for name in stream_names]:
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry = bytearray(128)
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), entry_type, 1)
        struct.pack_into("<3L", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        directory += entry
    directory += b"\0" * (512 - len(directory))
    return bytes(header + fat + directory)


def test_encrypted_workbook_is_recognised() -> None:
    payload = ole_file(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])
    with pytest.raises(EncryptedWorkbook):
        read_all(payload, filename="secret.xlsx")
    with pytest.raises(EncryptedWorkbook):  # also when streamed and under another name
        list(open_tables(NonSeekable(payload), filename="upload.bin"))  # type: ignore[arg-type]


def test_legacy_xls_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="xls"):
        read_all(ole_file(["Workbook", "\x05SummaryInformation"]), filename="old.xls")


def test_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnsupportedFormat):
        read_all(buffer.getvalue(), filename="sheet.xlsx")


def test_damaged_workbook_is_malformed() -> None:
    payload = _replace_member(workbook_bytes({"S": [["a"], ["1"]]}), "xl/workbook.xml", b"<workbook><sheets")
    with pytest.raises(MalformedXlsx):
        read_all(payload)


def test_truncated_zip_is_malformed() -> None:
    payload = workbook_bytes({"S": [["a"], ["1"]]})
    with pytest.raises(MalformedXlsx):
        read_all(payload[: len(payload) // 2])
