"""JSON documents as tables: a top-level array of objects (streamed with ijson) or JSON Lines.

Each record is flattened: nested objects become dotted column names (`address.city`), arrays of scalars stay
lists (`list<string>` columns), arrays holding objects or arrays are kept as JSON text. Columns are discovered
as records arrive, so a column can first appear in a later batch. Errors name the record or line number,
never its content.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import ijson
import pyarrow as pa

from orca_core.scan.columns import normalise_column_names
from orca_core.scan.errors import EmptyFile, MalformedJson, TooManyColumns
from orca_core.scan.tables import ReaderLimits, ReaderNote, TableStream

MAX_LINE_BYTES = 64 * 1024 * 1024
SCALAR_COLUMN = "value"  # where a record that is not an object (a bare number, string or list) lands
_SCALAR_TYPES = (str, int, float, bool)
_LIST_TYPE = pa.list_(pa.string())


def _render_scalar(value: object) -> str | None:
    if value is None:
        return None
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value if isinstance(value, str) else str(value)


def _render_value(value: object) -> str | list[str | None] | None:
    if isinstance(value, list):
        if all(item is None or isinstance(item, _SCALAR_TYPES) for item in value):
            return [_render_scalar(item) for item in value]
        return json.dumps(value, ensure_ascii=False, default=str)
    return _render_scalar(value)


class _TooDeep(Exception):
    pass


# Objects nested deeper than this are refused. The limit is ours, not the interpreter's recursion limit, which
# other code in the same process may raise (mypy's API sets it to 16,384).
MAX_NESTING_DEPTH = 64


def _flatten(record: dict[str, Any], prefix: str, out: dict[str, object], depth: int = 1) -> None:
    if depth > MAX_NESTING_DEPTH:
        raise _TooDeep()
    for key, value in record.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            if value:
                _flatten(value, path, out, depth + 1)
            else:
                out[path] = None
        else:
            out[path] = value


class _Columns:
    """Column-wise accumulation for one batch, with names and kinds kept across batches."""

    def __init__(self, limits: ReaderLimits, names: list[str]) -> None:
        self._limits = limits
        self._raw_paths: list[object] = []
        self._index: dict[str, int] = {}
        self._is_list: list[bool | None] = []  # None until a non-null value decides the column's type
        self.names = names  # shared with the TableStream, appended to as columns are discovered
        self._values: list[list[object]] = []
        self.rows = 0

    def _column_for(self, path: str) -> int:
        position = self._index.get(path)
        if position is None:
            if len(self._raw_paths) >= self._limits.max_columns:
                raise TooManyColumns(
                    f"The records hold more than {self._limits.max_columns} distinct fields, the most orca scans."
                )
            position = len(self._raw_paths)
            self._index[path] = position
            self._raw_paths.append(path)
            self._is_list.append(None)
            self._values.append([])
            fresh = normalise_column_names(self._raw_paths, limit=self._limits.max_column_name_chars)
            self.names.append(fresh[-1])
        return position

    def add(self, record: object) -> None:
        flat: dict[str, object] = {}
        if isinstance(record, dict):
            _flatten(record, "", flat)
        else:
            flat[SCALAR_COLUMN] = record
        for path, raw in flat.items():
            position = self._column_for(path)
            value = _render_value(raw)
            if value is not None:
                is_list = isinstance(value, list)
                decided = self._is_list[position]
                if decided is None:
                    self._is_list[position] = is_list
                elif decided and not is_list:
                    value = [value]  # type: ignore[list-item]
                elif not decided and is_list:
                    value = json.dumps(raw, ensure_ascii=False, default=str)
            column = self._values[position]
            if len(column) < self.rows:
                column.extend([None] * (self.rows - len(column)))
            column.append(value)
        self.rows += 1

    def flush(self) -> pa.RecordBatch | None:
        if not self.rows:
            return None
        arrays: list[pa.Array] = []
        for position, column in enumerate(self._values):
            if len(column) < self.rows:
                column.extend([None] * (self.rows - len(column)))
            if self._is_list[position] is None:
                self._is_list[position] = False  # fixed now, so every batch agrees on the column's type
            arrays.append(pa.array(column, type=_LIST_TYPE if self._is_list[position] else pa.string()))
            self._values[position] = []
        self.rows = 0
        return pa.RecordBatch.from_arrays(arrays, names=list(self.names))


def _array_records(stream: IO[bytes]) -> Iterator[tuple[int, object]]:
    number = 0
    try:
        for number, record in enumerate(ijson.items(stream, "item", use_float=True), start=1):
            yield number, record
    except (ijson.JSONError, ValueError, UnicodeDecodeError, RecursionError) as error:
        raise MalformedJson(
            f"The JSON is not valid at or after record {number + 1} ({type(error).__name__})."
        ) from None


def _line_records(stream: IO[bytes]) -> Iterator[tuple[int, object]]:
    line_number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        line_number += 1
        if len(line) > MAX_LINE_BYTES:
            raise MalformedJson(f"Line {line_number} is longer than 64 MB.")
        if not line.strip():
            continue
        try:
            yield line_number, json.loads(line)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise MalformedJson(f"Line {line_number} is not valid JSON.") from None


def read_json(
    stream: IO[bytes],
    *,
    lines: bool,
    name: str,
    limits: ReaderLimits,
    bytes_read: Callable[[], int] | None,
) -> TableStream:
    """One table from a JSON array (`lines=False`) or JSON Lines; reads the first batch to learn columns."""
    records: Iterable[tuple[int, object]] = _line_records(stream) if lines else _array_records(stream)
    label = "Line" if lines else "Record"
    names: list[str] = []
    columns = _Columns(limits, names)
    record_iter = iter(records)

    def next_batch() -> pa.RecordBatch | None:
        for number, record in record_iter:
            try:
                columns.add(record)
            except (_TooDeep, RecursionError):
                raise MalformedJson(
                    f"{label} {number} is nested more than {MAX_NESTING_DEPTH} objects deep."
                ) from None
            if columns.rows >= limits.batch_rows:
                break
        return columns.flush()

    first = next_batch()
    if first is None:
        raise EmptyFile("The JSON holds no records.")

    def batches() -> Iterator[pa.RecordBatch]:
        batch: pa.RecordBatch | None = first
        while batch is not None:
            yield batch
            batch = next_batch()

    notes: list[ReaderNote] = []
    return TableStream(
        name=name,
        column_names=names,
        batches=batches(),
        source_format="jsonl" if lines else "json",
        notes=notes,
        bytes_read=bytes_read,
    )
