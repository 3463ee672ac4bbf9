"""What every reader produces: named tables streamed as Arrow record batches.

A reader never materialises a whole file. It yields `TableStream`s whose `batches` iterator is consumed once;
non-fatal findings (ragged rows, skipped sheets) are appended to `notes` while the stream is consumed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyarrow as pa

DEFAULT_BATCH_ROWS = 65_536


@dataclass(frozen=True)
class ReaderLimits:
    """Bounds a reader enforces before or while parsing, so hostile files fail fast."""

    max_columns: int = 2_000
    max_column_name_chars: int = 256
    # XLSX / zip containers
    max_zip_entries: int = 10_000
    max_uncompressed_bytes: int = 2 * 1024**3
    max_compression_ratio: float = 200.0
    # Parquet footer
    max_parquet_row_groups: int = 100_000
    batch_rows: int = DEFAULT_BATCH_ROWS


@dataclass
class ReaderNote:
    """A non-fatal finding about the input (e.g. `ragged_rows`): reported, never a raw value."""

    code: str
    detail: str
    count: int = 0
    row_numbers: list[int] = field(default_factory=list)  # 1-based data-row numbers, first 20 only


@dataclass
class TableStream:
    name: str
    column_names: list[str]
    batches: Iterator[pa.RecordBatch]
    source_format: str  # "csv" | "xlsx" | "parquet" | "json" | "jsonl"
    notes: list[ReaderNote] = field(default_factory=list)
    row_count_hint: int | None = None  # known up front for Parquet, else None
    # Bytes of the underlying source consumed so far (for progress bars); None when unknown.
    bytes_read: Callable[[], int] | None = None
