"""The scan pipeline: readers -> one-pass profiles -> PII verdicts -> masked report.

Each table is streamed once. Per batch, every column's profiler runs on a small thread pool (Arrow and polars
kernels release the GIL, so columns profile in parallel on the available cores). After the last batch the
bounded per-column samples go to the classifier, and everything that leaves is masked by `report.py`.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from orca_core.scan import quasi
from orca_core.scan.categories import Category
from orca_core.scan.detect.model import ColumnSample, PiiVerdict
from orca_core.scan.prefetch import prefetch
from orca_core.scan.profile import ColumnProfile, ColumnProfiler, ProfileOptions
from orca_core.scan.readers import open_tables
from orca_core.scan.report import ColumnReport, ScanReport, TableReport, build_raw_password_summary
from orca_core.scan.sketches import BottomKSample, row_priorities
from orca_core.scan.tables import ReaderLimits, ReaderNote, TableStream

FREE_TEXT_THRESHOLD = 0.5
# For inputs this large, the classifier's lazily loaded tables (gazetteers, number-plan metadata) load on a
# background thread while the profile pass runs instead of after it. presidio is not warmed: it is loaded only
# when a free-text column holds something it could find (see presidio_adapter.find_embedded_pii).
WARM_UP_MIN_BYTES = 16 * 1024 * 1024
_warm_up_lock = threading.Lock()
_warm_up_started = False


# One value per validator family: the first check of each loads its tables (python-stdnum's country modules,
# phonenumbers' region metadata, gazetteers), which is what a cold classification spends most of its time on.
_WARM_UP_VALUES = {
    "email": "x@example.com",
    "ssn": "536-90-4399",
    "personnummer": "811228-9874",
    "phone": "+46 70 123 45 67",
    "card": "4111 1111 1111 1111",
    "iban": "DE89370400440532013000",
    "date_of_birth": "1980-02-29",
    "name": "Anna Svensson",
    "address": "Storgatan 12",
    "ip": "192.0.2.1",
}


def _warm_up() -> None:
    from orca_core.scan.detect.classify import classify_column

    for name, value in _WARM_UP_VALUES.items():
        classify_column(ColumnSample(name, [value] * 3, [1, 2, 3], "string", 3, 0, 1))


def _start_warm_up() -> None:
    global _warm_up_started
    with _warm_up_lock:
        if _warm_up_started:
            return
        _warm_up_started = True
    threading.Thread(target=_warm_up, name="orca-warm-up", daemon=True).start()


@dataclass(frozen=True)
class ScanOptions:
    sample_rows: int = 10_000  # values per column kept for classification, quantiles and shapes
    full: bool = False  # classify on a sample of up to `FULL_SAMPLE_ROWS` values per column instead
    threads: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    limits: ReaderLimits = field(default_factory=ReaderLimits)
    embedded_pii: bool = True  # search free-text columns for embedded personal data (presidio, bounded)


FULL_SAMPLE_ROWS = 1_000_000


@dataclass(frozen=True)
class Progress:
    table: str
    rows_done: int
    bytes_done: int | None
    bytes_total: int | None


ProgressCallback = Callable[[Progress], None]


def scan_path(
    path: Path,
    options: ScanOptions | None = None,
    progress: ProgressCallback | None = None,
    source: str | None = None,
) -> ScanReport:
    """Scan a file on disk. `source` is what the report calls it (defaults to the path as given)."""
    total = path.stat().st_size if path.exists() else None
    return scan_source(
        path,
        source=source if source is not None else str(path),
        filename=path.name,
        options=options,
        progress=progress,
        bytes_total=total,
    )


def scan_source(
    source_data: Path | BinaryIO,
    *,
    source: str,
    filename: str | None,
    options: ScanOptions | None = None,
    progress: ProgressCallback | None = None,
    bytes_total: int | None = None,
) -> ScanReport:
    """Scan any readable source (a path or a binary stream, e.g. an S3 body) in one pass."""
    options = options or ScanOptions()
    started = time.perf_counter()
    if bytes_total is None or bytes_total >= WARM_UP_MIN_BYTES:
        _start_warm_up()
    tables: list[TableReport] = []
    fmt = "unknown"
    with ThreadPoolExecutor(max_workers=options.threads, thread_name_prefix="orca-profile") as pool:
        for stream in open_tables(source_data, filename=filename, limits=options.limits):
            fmt = stream.source_format
            tables.append(_scan_table(stream, options, pool, progress, bytes_total))
    report = ScanReport(source=source, format=fmt, tables=tables)
    report.raw_passwords = build_raw_password_summary(tables)
    report.duration_seconds = round(time.perf_counter() - started, 3)
    return report


def _profile_stream(
    stream: TableStream,
    options: ScanOptions,
    pool: ThreadPoolExecutor,
    progress: ProgressCallback | None,
    bytes_total: int | None,
) -> tuple[dict[str, ColumnProfiler], int, BottomKSample]:
    sample_size = FULL_SAMPLE_ROWS if options.full else options.sample_rows
    profile_options = ProfileOptions(sample_size=sample_size)
    profilers: dict[str, ColumnProfiler] = {name: ColumnProfiler(name, profile_options) for name in stream.column_names}
    table_rows = BottomKSample(k=options.sample_rows)  # row numbers of a uniform row sample (quasi-identifiers)
    rows_done = 0
    for batch in prefetch(stream.batches):
        count = batch.num_rows
        if count == 0:
            continue
        priorities = row_priorities(rows_done, count)
        futures = []
        seen: set[str] = set()
        for index, name in enumerate(batch.schema.names):
            profiler = profilers.get(name)
            if profiler is None:  # a column that first appears in this batch (JSON): earlier rows were null
                profiler = profilers[name] = ColumnProfiler(name, profile_options)
                profiler.add_nulls(rows_done)
            seen.add(name)
            futures.append(pool.submit(profiler.update, batch.column(index), priorities, rows_done))
        for name, profiler in profilers.items():
            if name not in seen:
                profiler.add_nulls(count)
        chosen = np.flatnonzero(priorities < table_rows.threshold)
        if chosen.size:
            rows = chosen.astype(np.int64) + rows_done + 1
            table_rows.add(priorities[chosen], pa.array(rows), rows)
        for future in futures:
            future.result()
        rows_done += count
        if progress is not None:
            done = stream.bytes_read() if stream.bytes_read is not None else None
            progress(Progress(stream.name, rows_done, done, bytes_total))
    return profilers, rows_done, table_rows


def _scan_table(
    stream: TableStream,
    options: ScanOptions,
    pool: ThreadPoolExecutor,
    progress: ProgressCallback | None,
    bytes_total: int | None,
) -> TableReport:
    profilers, row_count, table_rows = _profile_stream(stream, options, pool, progress, bytes_total)
    profiles = list(pool.map(lambda p: p.finish(), profilers.values()))
    names = [profile.name for profile in profiles]
    verdicts = list(pool.map(lambda p: _classify(p, stream.name, names, options), profiles))
    columns = [ColumnReport(profile=p, verdict=v) for p, v in zip(profiles, verdicts, strict=True)]
    sampled_rows, _ = table_rows.items()
    return TableReport(
        name=stream.name,
        row_count=row_count,
        columns=columns,
        notes=list(stream.notes),
        quasi_identifiers=quasi.find_quasi_identifiers(profiles, verdicts, [int(r) for r in sampled_rows]),
    )


def _classify(profile: ColumnProfile, table_name: str, names: list[str], options: ScanOptions) -> PiiVerdict:
    from orca_core.scan.detect.classify import classify_column

    sample = ColumnSample(
        name=profile.name,
        values=profile.sample_values,
        row_numbers=profile.sample_rows,
        inferred_type=profile.inferred_type,
        row_count=profile.row_count,
        null_count=profile.null_count,
        distinct_estimate=profile.distinct_count,
        table_name=table_name,
        sibling_names=[n for n in names if n != profile.name],
    )
    verdict = classify_column(sample)
    if options.embedded_pii and profile.free_text_score >= FREE_TEXT_THRESHOLD and verdict.category is Category.NONE:
        from orca_core.scan.detect.presidio_adapter import find_embedded_pii

        found = find_embedded_pii(profile.sample_values)
        if found:
            verdict.extra["embedded_pii"] = found
    return verdict


def iter_reader_notes(report: ScanReport) -> Iterator[ReaderNote]:
    for table in report.tables:
        yield from table.notes
