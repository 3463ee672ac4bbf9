"""Delimited text (CSV, TSV, semicolon, pipe) streamed through pyarrow's block reader.

The common path does no per-row Python work: pyarrow parses 16 MB blocks with every column forced to binary,
and each block is validated as UTF-8 by one vectorised cast to string. Python only runs for rare rows: ragged
rows (re-parsed and kept) and values that are not valid UTF-8 after all (decoded as CP1252/Latin-1).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from orca_core.scan.columns import normalise_column_names
from orca_core.scan.errors import MalformedCsv, TooManyColumns
from orca_core.scan.readers.sniff import Dialect, TextSniff, has_header, parse_sample, sniff_dialect
from orca_core.scan.readers.source import ReadableBytes, ReadAheadGate
from orca_core.scan.tables import ReaderLimits, ReaderNote, TableStream

BLOCK_BYTES = 8 * 1024 * 1024
READ_AHEAD_BLOCKS = 3
MAX_NOTED_ROWS = 20


def _arrow_encoding(encoding: str) -> str:
    return "utf8" if encoding == "utf-8" else encoding


class _RaggedRows:
    """Collects rows whose field count differs from the header; they are re-parsed in Python and kept."""

    def __init__(self, dialect: Dialect, header_present: bool) -> None:
        self._dialect = dialect
        self._header_offset = 1 if header_present else 0
        self.pending: list[tuple[int | None, str]] = []
        self.note: ReaderNote | None = None
        self.header_rejected = False

    def handle(self, row: Any) -> str:
        number: int | None = row.number
        if number == 1 and self._header_offset:
            self.header_rejected = True
        self.pending.append((number, row.text))
        return "skip"

    def drain(self) -> list[tuple[int | None, list[str]]]:
        parsed: list[tuple[int | None, list[str]]] = []
        for number, text in self.pending:
            reader = csv.reader(
                text.splitlines(keepends=True) or [""],
                delimiter=self._dialect.delimiter,
                quotechar=self._dialect.quotechar,
            )
            fields: list[str] = []
            try:
                for record in reader:
                    fields.extend(record)
            except csv.Error:
                fields = text.split(self._dialect.delimiter)
            data_number = None if number is None else number - self._header_offset
            parsed.append((data_number, fields))
        self.pending.clear()
        return parsed

    def record(self, numbers: list[int | None], notes: list[ReaderNote]) -> None:
        if self.note is None:
            self.note = ReaderNote(code="ragged_rows", detail="")
            notes.append(self.note)
        self.note.count += len(numbers)
        for number in numbers:
            if number is not None and len(self.note.row_numbers) < MAX_NOTED_ROWS:
                self.note.row_numbers.append(number)
        self.note.detail = (
            f"{self.note.count} row(s) had a different number of fields than the header; short rows were "
            "padded with empty values and extra fields were kept in additional columns."
        )


def _utf8(column: pa.Array) -> pa.Array:
    """A parsed binary column as text; raises `ArrowInvalid` when it is not UTF-8. ASCII bytes are UTF-8 as they
    stand: one pass over them to say so costs half of the validating cast."""
    data = column.buffers()[2]
    if data is not None and len(column):
        offsets = np.frombuffer(column.buffers()[1], dtype=np.int32, count=len(column) + 1, offset=4 * column.offset)
        used = np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
        if used.size and used.max() >= 0x80:
            return column.cast(pa.string())
    return column.view(pa.string())


def _decode_lossy(column: pa.Array) -> pa.Array:
    values: list[str | None] = []
    for raw in column.to_pylist():
        if raw is None:
            values.append(None)
            continue
        try:
            values.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                values.append(raw.decode("cp1252"))
            except UnicodeDecodeError:
                values.append(raw.decode("latin-1"))
    return pa.array(values, type=pa.string())


class _DelimitedBatches:
    def __init__(
        self,
        stream: ReadableBytes,
        sniffed: TextSniff,
        dialect: Dialect,
        header_row: list[str] | None,
        width: int,
        limits: ReaderLimits,
        notes: list[ReaderNote],
        column_names: list[str],
    ) -> None:
        self._stream = stream
        self._sniffed = sniffed
        self._dialect = dialect
        self._header_present = header_row is not None
        self._raw_names: list[object] = list(header_row) if header_row is not None else [""] * width
        self._width = width
        self._limits = limits
        self._notes = notes
        self._names = column_names  # shared with the TableStream; grows if ragged rows bring extra fields
        self._ragged = _RaggedRows(dialect, self._header_present)
        self._encoding_noted = False

    def _open(self) -> pa_csv.CSVStreamingReader:
        field_names = [f"f{position}" for position in range(self._width)]
        return pa_csv.open_csv(
            self._gate,
            read_options=pa_csv.ReadOptions(
                column_names=field_names,
                block_size=BLOCK_BYTES,
                # Single-threaded parsing keeps physical row numbers for ragged-row notes; measured as fast
                # as the threaded reader for this all-binary schema.
                use_threads=False,
                encoding=_arrow_encoding(self._sniffed.encoding),
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=self._dialect.delimiter,
                quote_char=self._dialect.quotechar,
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=True,
                invalid_row_handler=self._ragged.handle,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(field_names, pa.binary()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )

    def _to_strings(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        arrays: list[pa.Array] = []
        for column in batch.columns:
            try:
                arrays.append(_utf8(column))
            except pa.ArrowInvalid:
                arrays.append(_decode_lossy(column))
                self._note_encoding()
        return pa.RecordBatch.from_arrays(arrays, names=self._names[: len(arrays)])

    def _note_encoding(self) -> None:
        if not self._encoding_noted:
            self._encoding_noted = True
            self._notes.append(
                ReaderNote(
                    code="mixed_encoding",
                    detail="Some values were not valid UTF-8 and were read as Windows-1252/Latin-1 text.",
                )
            )

    def _ragged_batch(self) -> pa.RecordBatch | None:
        parsed = self._ragged.drain()
        if not parsed:
            return None
        widest = max(len(fields) for _, fields in parsed)
        if widest > len(self._raw_names):
            if widest > self._limits.max_columns:
                raise TooManyColumns(
                    f"A row has {widest} fields, more than the {self._limits.max_columns} columns orca scans."
                )
            self._raw_names.extend([""] * (widest - len(self._raw_names)))
            self._names[:] = normalise_column_names(self._raw_names, limit=self._limits.max_column_name_chars)
        self._ragged.record([number for number, _ in parsed], self._notes)
        columns: list[list[str | None]] = [[] for _ in range(widest)]
        for _, fields in parsed:
            for position in range(widest):
                value = fields[position] if position < len(fields) else None
                columns[position].append(value if value else None)
        arrays = [pa.array(column, type=pa.string()) for column in columns]
        return pa.RecordBatch.from_arrays(arrays, names=self._names[:widest])

    def _slices(self, batch: pa.RecordBatch) -> Iterator[pa.RecordBatch]:
        step = max(1, self._limits.batch_rows)
        for start in range(0, batch.num_rows, step):
            yield batch.slice(start, step)

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        # Each parsed batch is one block of input: the consumer releases a block per batch and the source may
        # run at most READ_AHEAD_BLOCKS ahead, so memory stays bounded whatever pyarrow's read-ahead wants.
        self._gate = ReadAheadGate(self._stream, ahead_bytes=READ_AHEAD_BLOCKS * BLOCK_BYTES)
        try:
            yield from self._batches()
        finally:
            self._gate.open_fully()

    def _batches(self) -> Iterator[pa.RecordBatch]:
        reader = self._read_guarded(self._open)
        first = True
        while True:
            batch = self._read_guarded(reader.read_next_batch, end_ok=True)
            self._gate.release(BLOCK_BYTES)
            if batch is None:
                break
            if first and self._header_present and not self._ragged.header_rejected:
                batch = batch.slice(1)
            first = False
            if batch.num_rows:
                yield from self._slices(self._to_strings(batch))
            extra = self._ragged_batch()
            if extra is not None:
                yield extra
        extra = self._ragged_batch()
        if extra is not None:
            yield extra

    @staticmethod
    def _read_guarded(read: Callable[[], Any], *, end_ok: bool = False) -> Any:
        try:
            return read()
        except StopIteration:
            if end_ok:
                return None
            raise
        except pa.ArrowInvalid as error:
            # pyarrow's own messages can quote row text, so they never reach the user.
            if "straddl" in str(error):
                raise MalformedCsv(
                    "A row is longer than 8 MB or a quoted field is never closed, so the file cannot be "
                    "split into rows."
                ) from None
            raise MalformedCsv("The file could not be parsed as delimited text.") from None
        except (pa.ArrowException, OSError, EOFError, UnicodeDecodeError) as error:
            raise MalformedCsv(f"The file could not be read to the end ({type(error).__name__}).") from None


def read_delimited(
    stream: ReadableBytes,
    sniffed: TextSniff,
    *,
    name: str,
    filename: str | None,
    limits: ReaderLimits,
    bytes_read: Callable[[], int] | None,
) -> TableStream:
    """One table from delimited text, read lazily from `stream` as its batches are consumed."""
    dialect = sniff_dialect(sniffed.sample, filename)
    sample_rows = parse_sample(sniffed.sample, dialect)
    if not sample_rows:
        raise MalformedCsv("No rows could be read from the file.")
    header = has_header(sample_rows)
    if header:
        width = len(sample_rows[0])
    else:
        width = max(len(row) for row in sample_rows[: min(len(sample_rows), 20)])
    if width > limits.max_columns:
        raise TooManyColumns(f"The file has {width} columns, more than the {limits.max_columns} orca scans.")
    raw_names: list[object] = list(sample_rows[0]) if header else [""] * width
    column_names = normalise_column_names(raw_names, limit=limits.max_column_name_chars)
    notes: list[ReaderNote] = []
    producer = _DelimitedBatches(
        stream,
        sniffed,
        dialect,
        sample_rows[0] if header else None,
        width,
        limits,
        notes,
        column_names,
    )

    return TableStream(
        name=name,
        column_names=column_names,
        batches=iter(producer),
        source_format="csv",
        notes=notes,
        bytes_read=bytes_read,
    )
