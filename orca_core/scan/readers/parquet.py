"""Parquet files streamed row group by row group, keeping native Arrow types.

Before any data is read the footer is vetted: column and row-group counts against the limits, and the
key-value metadata for Python extension types or pickle payloads (refused without ever unpickling: the
check looks at raw bytes and walks pickle opcodes with `pickletools`, which executes nothing). Struct
columns are flattened to dotted names; types a profiler has no use for natively (binary, dictionary, map,
union, lists of structs, ...) become strings.
"""

from __future__ import annotations

import base64
import binascii
import json
import pickletools
from collections.abc import Iterator
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq
import pyarrow.types as pat

from orca_core.scan.columns import normalise_column_names
from orca_core.scan.errors import FileTooLarge, MalformedParquet, TooManyColumns, UnsafeParquet
from orca_core.scan.tables import ReaderLimits, TableStream

PY_EXTENSION_NAME = b"arrow.py_extension_type"
# Opcodes that import or call something: a pickle holding one could run code when loaded.
_CODE_OPCODES = {"GLOBAL", "STACK_GLOBAL", "REDUCE", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX", "BUILD", "EXT1"}


def _is_code_pickle(payload: bytes) -> bool:
    if not payload or payload[:1] not in (b"\x80", b"c", b"(", b"]", b"}", b"i", b"o"):
        return False
    try:
        return any(opcode.name in _CODE_OPCODES for opcode, _, _ in pickletools.genops(payload))
    except Exception:  # not a pickle at all: genops raises on the first byte that is not an opcode
        return False


def _check_payloads(metadata: dict[bytes, bytes] | None, where: str) -> None:
    for key, value in (metadata or {}).items():
        if PY_EXTENSION_NAME in key or PY_EXTENSION_NAME in value:
            raise UnsafeParquet(f"The file's {where} declares a Python extension type, which orca refuses to load.")
        if _is_code_pickle(value):
            raise UnsafeParquet(f"The file's {where} carries a Python pickle, which orca refuses to load.")


def _check_file_metadata(metadata: dict[bytes, bytes] | None) -> None:
    _check_payloads(metadata, "metadata")
    serialized = (metadata or {}).get(b"ARROW:schema")
    if serialized:
        try:
            schema_bytes = base64.b64decode(serialized, validate=False)
        except (binascii.Error, ValueError):
            schema_bytes = serialized
        if PY_EXTENSION_NAME in schema_bytes:
            raise UnsafeParquet("The file's schema declares a Python extension type, which orca refuses to load.")


def _check_schema(schema: pa.Schema) -> None:
    _check_payloads(schema.metadata, "schema metadata")

    def walk(field: pa.Field) -> None:
        _check_payloads(field.metadata, "column metadata")
        field_type = field.type
        if isinstance(field_type, pa.ExtensionType) and field_type.extension_name == PY_EXTENSION_NAME.decode():
            raise UnsafeParquet("The file declares a Python extension type, which orca refuses to load.")
        for position in range(field_type.num_fields):
            walk(field_type.field(position))

    for field in schema:
        walk(field)


# --- conversion ------------------------------------------------------------------------------------------


def _kept_scalar(data_type: pa.DataType) -> bool:
    return bool(
        pat.is_boolean(data_type)
        or pat.is_integer(data_type)
        or (pat.is_floating(data_type) and not pat.is_float16(data_type))
        or pat.is_decimal(data_type)
        or pat.is_string(data_type)
        or pat.is_temporal(data_type)
    )


def _render_python(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.hex()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _as_strings(array: pa.Array) -> pa.Array:
    try:
        return array.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return pa.array([_render_python(value) for value in array.to_pylist()], type=pa.string())


def _convert(array: pa.Array) -> pa.Array:
    data_type = array.type
    if isinstance(data_type, pa.BaseExtensionType):
        return _convert(array.storage)
    if pat.is_dictionary(data_type):
        return _convert(array.dictionary_decode())
    if pat.is_large_string(data_type) or pat.is_string_view(data_type):
        return array.cast(pa.string())
    if _kept_scalar(data_type):
        return array
    if pat.is_float16(data_type):
        return array.cast(pa.float32())
    if pat.is_null(data_type):
        return pa.nulls(len(array), type=pa.string())
    if pat.is_list(data_type) or pat.is_large_list(data_type) or pat.is_fixed_size_list(data_type):
        value_type = data_type.value_type
        if _kept_scalar(value_type) and not pat.is_large_string(value_type):
            try:
                return array.cast(pa.list_(value_type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
    return _as_strings(array)


def _leaf_names(data_type: pa.DataType, prefix: str, out: list[str]) -> None:
    data_type = _plain_type(data_type)
    if pat.is_struct(data_type):
        for position in range(data_type.num_fields):
            child = data_type.field(position)
            _leaf_names(child.type, f"{prefix}.{child.name}", out)
    else:
        out.append(prefix)


def _leaf_arrays(array: pa.Array, out: list[pa.Array]) -> None:
    if isinstance(array.type, pa.BaseExtensionType):
        array = array.storage
    if pat.is_struct(array.type):
        for child in array.flatten():  # children with the parent's nulls applied
            _leaf_arrays(child, out)
    else:
        out.append(_convert(array))


def _plain_type(data_type: pa.DataType) -> pa.DataType:
    return data_type.storage_type if isinstance(data_type, pa.BaseExtensionType) else data_type


def read_parquet(
    handle: BinaryIO | str,
    *,
    name: str,
    limits: ReaderLimits,
    total_bytes: int,
) -> TableStream:
    """One table; the file must stay open until the stream's batches are consumed."""
    try:
        parquet_file = pq.ParquetFile(handle)
        metadata = parquet_file.metadata
    except (pa.ArrowException, OSError, ValueError) as error:
        raise MalformedParquet(f"The Parquet file is damaged or truncated ({type(error).__name__}).") from None
    _check_file_metadata(metadata.metadata)
    if metadata.num_columns > limits.max_columns:
        raise TooManyColumns(
            f"The file has {metadata.num_columns} columns, more than the {limits.max_columns} orca scans."
        )
    if metadata.num_row_groups > limits.max_parquet_row_groups:
        raise FileTooLarge(
            f"The file has {metadata.num_row_groups} row groups, more than the "
            f"{limits.max_parquet_row_groups} orca reads."
        )
    try:
        schema = parquet_file.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as error:
        raise MalformedParquet(f"The Parquet schema cannot be read ({type(error).__name__}).") from None
    _check_schema(schema)
    raw_names: list[str] = []
    for field in schema:
        _leaf_names(field.type, field.name, raw_names)
    if len(raw_names) > limits.max_columns:
        raise TooManyColumns(f"The file has {len(raw_names)} columns, more than the {limits.max_columns} orca scans.")
    column_names = normalise_column_names(list(raw_names), limit=limits.max_column_name_chars)
    footer_bytes = max(0, total_bytes - sum(_group_bytes(metadata, g) for g in range(metadata.num_row_groups)))
    progress = [footer_bytes]

    def batches() -> Iterator[pa.RecordBatch]:
        for group in range(metadata.num_row_groups):
            try:
                for batch in parquet_file.iter_batches(batch_size=limits.batch_rows, row_groups=[group]):
                    leaves: list[pa.Array] = []
                    for column in batch.columns:
                        _leaf_arrays(column, leaves)
                    yield pa.RecordBatch.from_arrays(leaves, names=column_names)
            except (pa.ArrowException, OSError, ValueError, EOFError) as error:
                raise MalformedParquet(
                    f"Row group {group + 1} of the Parquet file is damaged ({type(error).__name__})."
                ) from None
            progress[0] = min(total_bytes, progress[0] + _group_bytes(metadata, group))

    return TableStream(
        name=name,
        column_names=column_names,
        batches=batches(),
        source_format="parquet",
        row_count_hint=metadata.num_rows,
        bytes_read=lambda: progress[0],
    )


def _group_bytes(metadata: pq.FileMetaData, group: int) -> int:
    row_group = metadata.row_group(group)
    size = row_group.total_compressed_size if hasattr(row_group, "total_compressed_size") else 0
    if not size:
        size = sum(row_group.column(c).total_compressed_size for c in range(row_group.num_columns))
    return int(size)
