"""Excel workbooks (.xlsx/.xlsm): every non-empty worksheet becomes a table of string columns.

The container has already passed `containers.check_zip` (zip bomb and XML declaration checks) when openpyxl
opens it in read-only, cached-values mode. Cells are rendered the way a person reads them: ISO 8601 dates,
integers without ".0", booleans as "true"/"false".
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterator
from typing import Any, BinaryIO

import pyarrow as pa

from orca_core.scan.columns import normalise_column_names
from orca_core.scan.errors import EmptyFile, MalformedXlsx, ScanError, TooManyColumns, UnsafeXml
from orca_core.scan.readers.containers import check_zip
from orca_core.scan.readers.sniff import has_header
from orca_core.scan.tables import ReaderLimits, ReaderNote, TableStream

HEAD_ROWS = 50


def render_cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()  # Excel stores dates as midnight datetimes
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _is_empty(row: tuple[Any, ...]) -> bool:
    return all(cell is None or cell == "" for cell in row)


def _trimmed(row: tuple[Any, ...]) -> list[str | None]:
    cells = [render_cell(cell) for cell in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


class _Sheet:
    def __init__(self, title: str, rows: Iterator[tuple[Any, ...]], limits: ReaderLimits) -> None:
        self.title = title
        self._rows = rows
        self._limits = limits
        self.head: list[list[str | None]] = []
        for row in rows:
            if _is_empty(row):
                continue
            self.head.append(_trimmed(row))
            if len(self.head) >= HEAD_ROWS:
                break
        self.header = has_header(self.head) if self.head else False
        width = len(self.head[0]) if self.header else max((len(row) for row in self.head), default=0)
        self._check_width(width)
        self._raw_names: list[object] = list(self.head[0]) if self.header else [""] * width
        self.names = normalise_column_names(self._raw_names, limit=limits.max_column_name_chars)

    def _check_width(self, width: int) -> None:
        if width > self._limits.max_columns:
            raise TooManyColumns(
                f"Sheet '{self.title}' has {width} columns, more than the {self._limits.max_columns} orca scans."
            )

    def _widen(self, width: int) -> None:
        self._check_width(width)
        self._raw_names.extend([""] * (width - len(self._raw_names)))
        self.names[:] = normalise_column_names(self._raw_names, limit=self._limits.max_column_name_chars)

    def _data_rows(self) -> Iterator[list[str | None]]:
        yield from self.head[1:] if self.header else self.head
        for row in self._rows:
            if not _is_empty(row):
                yield _trimmed(row)

    def batches(self) -> Iterator[pa.RecordBatch]:
        pending: list[list[str | None]] = []
        for row in self._data_rows():
            if len(row) > len(self.names):
                self._widen(len(row))
            pending.append(row)
            if len(pending) >= self._limits.batch_rows:
                yield self._batch(pending)
                pending = []
        if pending:
            yield self._batch(pending)

    def _batch(self, rows: list[list[str | None]]) -> pa.RecordBatch:
        width = len(self.names)
        columns: list[list[str | None]] = [[] for _ in range(width)]
        for row in rows:
            for position in range(width):
                columns[position].append(row[position] if position < len(row) else None)
        arrays = [pa.array(column, type=pa.string()) for column in columns]
        return pa.RecordBatch.from_arrays(arrays, names=list(self.names))


def _guarded(rows: Iterator[tuple[Any, ...]], title: str) -> Iterator[tuple[Any, ...]]:
    try:
        yield from rows
    except ScanError:
        raise
    except Exception as error:  # openpyxl raises many types (KeyError, ValueError, lxml errors) on damage
        raise MalformedXlsx(f"Sheet '{title}' is damaged and cannot be read ({type(error).__name__}).") from None


def read_xlsx(
    handle: BinaryIO,
    *,
    limits: ReaderLimits,
    total_bytes: int,
) -> Iterator[TableStream]:
    """One table per non-empty worksheet; consume each stream before advancing this iterator.

    Progress (`bytes_read`) advances by each sheet's share of the file as that sheet's batches finish.
    """
    import openpyxl  # imported here: CSV/JSON/Parquet scans need not pay its import
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise UnsafeXml("defusedxml is not installed, so orca will not parse workbook XML.")
    check_zip(handle, limits)
    handle.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except ScanError:
        raise
    except Exception as error:  # zipfile, KeyError, lxml/defusedxml syntax errors, openpyxl's own exceptions
        raise MalformedXlsx(f"The workbook cannot be opened ({type(error).__name__}).") from None
    try:
        pending_notes: list[ReaderNote] = []
        last: TableStream | None = None
        sheet_count = max(1, len(workbook.worksheets))
        finished = [0]

        def bytes_read() -> int:
            return total_bytes * finished[0] // sheet_count

        def counted(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            yield from batches
            finished[0] += 1

        for worksheet in workbook.worksheets:
            title = str(worksheet.title)
            if hasattr(worksheet, "reset_dimensions"):
                # Declared dimensions can lie (A1:XFD1048576); rows then come back only as long as they are.
                worksheet.reset_dimensions()
            rows = _guarded(worksheet.iter_rows(values_only=True), title)
            sheet = _Sheet(title, rows, limits)
            if not sheet.head:
                finished[0] += 1
                pending_notes.append(
                    ReaderNote(code="empty_sheet", detail=f"Sheet '{title}' has no data and was skipped.")
                )
                continue
            last = TableStream(
                name=title,
                column_names=sheet.names,
                batches=counted(sheet.batches()),
                source_format="xlsx",
                notes=pending_notes,
                bytes_read=bytes_read,
            )
            pending_notes = []
            yield last
        if last is None:
            raise EmptyFile("The workbook has no sheet with data.")
        # Empty sheets after the last table are reported on that table.
        last.notes.extend(pending_notes)
    finally:
        workbook.close()
