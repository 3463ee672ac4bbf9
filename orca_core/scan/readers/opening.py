"""`open_tables(source)`: turns a file into named Arrow table streams (re-exported by the package).

The format is decided from content (magic bytes, then text sniffing); the file name only breaks ties (a
`.tsv` prefers tabs) and names the table. Streamed formats (CSV/TSV, JSON, JSON Lines, optionally gzip
compressed) are read front to back once; XLSX and Parquet need random access, so a source that cannot seek is
spooled to a temporary file that is deleted when reading ends, also on error.

Resources: for single-table formats (CSV, JSON, Parquet) the open source belongs to the stream's `batches`
iterator and closes when it ends. For XLSX the workbook stays open while `open_tables` is iterated: consume
each sheet's batches before asking for the next sheet.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from orca_core.scan.errors import (
    MalformedCsv,
    MalformedJson,
    MalformedParquet,
    ScanError,
    UnsupportedFormat,
)
from orca_core.scan.readers.containers import check_ole
from orca_core.scan.readers.delimited import read_delimited
from orca_core.scan.readers.jsonl import read_json
from orca_core.scan.readers.parquet import read_parquet
from orca_core.scan.readers.sniff import HEAD_BYTES, sniff_container, sniff_text, table_name_for
from orca_core.scan.readers.source import (
    ByteSource,
    Utf8Transcoder,
    random_access_file,
    seekable_at_start,
    text_stream,
)
from orca_core.scan.readers.xlsx import read_xlsx
from orca_core.scan.tables import ReaderLimits, TableStream

__all__ = ["ReaderLimits", "TableStream", "open_tables"]

_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def _owning(
    batches: Iterator[pa.RecordBatch], resources: ExitStack, error_type: type[ScanError]
) -> Iterator[pa.RecordBatch]:
    with resources:
        try:
            yield from batches
        except ScanError:
            raise
        except _STREAM_ERRORS as error:
            raise error_type(f"The file could not be read to the end ({type(error).__name__}).") from None


def _hand_over(table: TableStream, resources: ExitStack, error_type: type[ScanError]) -> TableStream:
    table.batches = _owning(table.batches, resources, error_type)
    return table


def open_tables(
    source: Path | str | BinaryIO,
    *,
    filename: str | None = None,
    limits: ReaderLimits = ReaderLimits(),  # noqa: B008 - frozen dataclass, safe as a default
) -> Iterator[TableStream]:
    """Yield one `TableStream` per table in `source` (a path or a binary file object, seekable or not).

    Raises a `ScanError` subclass for anything orca cannot or will not read; messages never quote content.
    """
    path: Path | None = None
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        filename = filename or path.name
    name = table_name_for(filename)
    with ExitStack() as stack:
        if path is not None:
            try:
                raw: BinaryIO = stack.enter_context(path.open("rb"))
            except OSError as error:
                raise UnsupportedFormat(f"The file cannot be opened ({type(error).__name__}).") from None
            caller_seekable = True
        else:
            raw = source  # type: ignore[assignment]
            caller_seekable = seekable_at_start(raw)
        source_bytes = ByteSource(raw)
        head = source_bytes.peek_head(HEAD_BYTES)
        container = sniff_container(head)

        if container in ("zip", "ole", "parquet"):
            handle = random_access_file(raw if caller_seekable else None, source_bytes, stack)
            handle.seek(0, 2)
            total_bytes = handle.tell()
            handle.seek(0)
            if container == "ole":
                check_ole(handle)
            elif container == "zip":
                yield from read_xlsx(handle, limits=limits, total_bytes=total_bytes)
            else:
                table = read_parquet(handle, name=name, limits=limits, total_bytes=total_bytes)
                yield _hand_over(table, stack.pop_all(), MalformedParquet)
            return

        text_source = source_bytes
        if container == "gzip":
            decompressed = gzip.GzipFile(fileobj=source_bytes, mode="rb")
            stack.callback(decompressed.close)
            text_source = ByteSource(decompressed)
            try:
                head = text_source.peek_head(HEAD_BYTES)
            except _STREAM_ERRORS:
                raise UnsupportedFormat("The file is a damaged gzip archive.") from None
            if sniff_container(head) != "text":
                raise UnsupportedFormat("The gzip archive holds something other than a text table.")
        sniffed = sniff_text(head, at_eof=len(head) < HEAD_BYTES, filename=filename)
        text_source.skip_head(sniffed.bom_bytes)

        def bytes_read() -> int:
            return source_bytes.consumed

        resources = stack.pop_all()
        try:
            if sniffed.format == "csv":
                table = read_delimited(
                    text_source, sniffed, name=name, filename=filename, limits=limits, bytes_read=bytes_read
                )
                table = _hand_over(table, resources, MalformedCsv)
            else:
                json_bytes: io.BufferedReader
                if sniffed.encoding == "utf-8":
                    json_bytes = io.BufferedReader(text_source, 1024 * 1024)
                else:
                    json_bytes = io.BufferedReader(Utf8Transcoder(text_stream(text_source, sniffed.encoding)))
                table = read_json(
                    json_bytes,
                    lines=sniffed.format == "jsonl",
                    name=name,
                    limits=limits,
                    bytes_read=bytes_read,
                )
                table = _hand_over(table, resources, MalformedJson)
        except ScanError:
            resources.close()
            raise
        except _STREAM_ERRORS as error:
            resources.close()
            error_type = MalformedCsv if sniffed.format == "csv" else MalformedJson
            raise error_type(f"The file could not be read ({type(error).__name__}).") from None
        except BaseException:
            resources.close()
            raise
        yield table
