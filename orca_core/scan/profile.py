"""One-pass, mergeable column profiles over Arrow batches.

Per column: inferred type, row/null counts, distinct count (exact up to a bound, then HyperLogLog), moments and
min/max for numbers and dates, string length statistics, top values, and a bounded uniform sample (bottom-k by
row priority) from which quantiles, histograms, value shapes, the free-text score and the PII classifier's input
are derived. Memory per column is bounded whatever the row count.

Type inference on text columns is a lattice walked once per batch: a column starts as a candidate for
integer -> float -> date -> datetime, each batch is cast to the narrowest candidate still standing (one vectorised
cast when it succeeds), and a failed cast eliminates that candidate for good. A column that fits none is text.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from orca_core.scan.sketches import U64, BottomKSample, HyperLogLog, Moments, ValueCounter

# polars is here for one small call per column and batch (hashing values for the HyperLogLog), made from the
# engine's own profiling threads. Its default pool of one thread per core spins between those calls and takes the
# cores from the profiling threads (measured: the profile pass took a quarter longer). One polars thread is enough;
# the setting only counts before polars is first imported, and an operator's own setting wins.
os.environ.setdefault("POLARS_MAX_THREADS", "1")
import polars as pl

NULL_TOKENS = pa.array(
    ["", "NA", "N/A", "n/a", "NULL", "null", "Null", "None", "none", "NaN", "nan", "-", "#N/A"], pa.string()
)
BOOLEAN_TOKENS = frozenset({"true", "false", "yes", "no", "y", "n", "t", "f", "ja", "nej", "nein", "oui", "non"})
NUMERIC_CANDIDATES = ("integer", "float")
TEMPORAL_CANDIDATES = ("date", "datetime")
DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d-%m-%Y")
HASH_SEED = 0x0C0A
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ProfileOptions:
    sample_size: int = 10_000  # values kept per column for quantiles, shapes and classification
    exact_distinct_bound: int = 10_000  # exact distinct counts and top values up to this many distinct values
    top_k: int = 10
    histogram_bins: int = 10


_NULL_TOKEN_MAX_BYTES = max(len(token.as_py().encode()) for token in NULL_TOKENS)


def _value_offsets(text: pa.Array) -> npt.NDArray[np.int32]:
    """Where each value of a string array starts and ends in its data buffer (len + 1 offsets)."""
    return np.frombuffer(text.buffers()[1], dtype=np.int32, count=len(text) + 1, offset=4 * text.offset)


def _text_is_present(text: pa.Array) -> pa.Array | None:
    """True where a text cell holds a value: not null and not a null token such as `NA` or `-` (None: all do).

    Null tokens are short, so membership is only tested on the few short cells (`is_in` over whole batches of
    long strings costs more than the rest of the profile); byte lengths come straight from the offsets.
    """
    if len(text) == 0:
        return None
    short = np.diff(_value_offsets(text)) <= _NULL_TOKEN_MAX_BYTES
    if text.null_count:
        short &= np.asarray(pc.is_valid(text).to_numpy(zero_copy_only=False), dtype=bool)
    short_positions = np.flatnonzero(short)
    if short_positions.size == 0:
        return pc.is_valid(text) if text.null_count else None
    present = pc.is_valid(text)
    is_token = pc.is_in(text.take(pa.array(short_positions)), value_set=NULL_TOKENS).to_numpy(zero_copy_only=False)
    mask = present.to_numpy(zero_copy_only=False).copy()
    mask[short_positions[is_token]] = False
    return pa.array(mask)


def _text_lengths(text: pa.Array) -> pa.Array:
    """Length of each value in characters. When the batch is ASCII that is its byte length, read from the offsets
    for free; one scan of the value bytes decides, where counting characters decodes every value."""
    data = text.buffers()[2]
    if data is not None:
        offsets = _value_offsets(text)
        used = np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
        if used.size and used.max() >= 0x80:
            return pc.utf8_length(text)
    return pc.binary_length(text)


def _arrow_kind(arrow_type: pa.DataType) -> str:
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "float"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_timestamp(arrow_type):
        return "datetime"
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return "list"
    if pa.types.is_null(arrow_type):
        return "empty"
    return "string"


def _to_epoch_seconds(array: pa.Array) -> pa.Array:
    """Dates and timestamps as float seconds since 1970 (for moments, quantiles and histograms)."""
    if pa.types.is_date(array.type):
        days = pc.cast(pc.cast(array, pa.date32()), pa.int32())
        return pc.multiply(pc.cast(days, pa.float64()), 86_400.0)
    unit_per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[array.type.unit]
    ints = pc.cast(array.cast(pa.timestamp(array.type.unit)), pa.int64())
    return pc.divide(pc.cast(ints, pa.float64()), float(unit_per_second))


def _epoch_to_text(seconds: float, kind: str) -> str:
    moment = EPOCH + timedelta(seconds=seconds)
    return moment.date().isoformat() if kind == "date" else moment.replace(tzinfo=None).isoformat()


SHAPE_SAMPLE = 2_000
_SHAPE_CLASSES_BOUND = 65_536


class _ShapeClasses(dict[int, str]):
    """Code point -> its shape character (`A` upper case, `a` other letters, `9` digits, else itself).

    Filled on first sight of each character, so `str.translate` classifies a whole value in one C-level pass
    (per-class Unicode regex passes cost several times more). Bounded, so hostile text cannot grow it forever.
    """

    def __missing__(self, code_point: int) -> str:
        character = chr(code_point)
        category = unicodedata.category(character)
        if category == "Lu":
            shape = "A"
        elif category in ("Ll", "Lo", "Lt", "Lm"):
            shape = "a"
        elif category == "Nd":
            shape = "9"
        else:
            shape = character
        if len(self) < _SHAPE_CLASSES_BOUND:
            self[code_point] = shape
        return shape


_SHAPE_CLASSES = _ShapeClasses()


def value_shapes(values: list[str]) -> list[str]:
    """`John Smith 42` -> `Aaaa Aaaaa 99` for many values at once. Runs longer than 4 of one class become
    `aaaa+`; shapes are capped at 40 characters."""
    if not values:
        return []
    classified = pa.array([value.translate(_SHAPE_CLASSES) for value in values], pa.string())
    shaped = pc.replace_substring_regex(classified, r"(AAAA)A+|(aaaa)a+|(9999)9+", r"\1\2\3+")
    return [v if len(v) <= 40 else v[:40] + "…" for v in shaped.to_pylist()]


@dataclass
class ColumnProfiler:
    """Accumulates one column's profile batch by batch; `merge` combines profiles of disjoint row ranges."""

    name: str
    options: ProfileOptions = field(default_factory=ProfileOptions)
    row_count: int = 0
    null_count: int = 0
    source_kind: str | None = None  # Arrow-level kind of the first non-null batch
    candidates: list[str] = field(default_factory=lambda: list(NUMERIC_CANDIDATES + TEMPORAL_CANDIDATES))
    date_format: str | None = None
    values: Moments = field(default_factory=Moments)  # numbers, or dates/datetimes as epoch seconds
    lengths: Moments = field(default_factory=Moments)  # text lengths in characters
    counter: ValueCounter = field(init=False)
    hll: HyperLogLog = field(default_factory=HyperLogLog)
    sample: BottomKSample = field(init=False)
    list_items: int = 0
    distinct_type: pa.DataType | None = None  # Arrow type of counted values: hashes must use one type

    def __post_init__(self) -> None:
        self.counter = ValueCounter(bound=self.options.exact_distinct_bound)
        self.sample = BottomKSample(k=self.options.sample_size)

    # ----------------------------------------------------------------------------------------------- update
    @property
    def kind(self) -> str:
        if self.source_kind in (None, "empty"):
            return "empty"
        if self.source_kind != "string":
            return self.source_kind
        return self.candidates[0] if self.candidates else "string"

    def add_nulls(self, count: int) -> None:
        """Rows of a batch that lacks this column entirely (JSON keys appear late)."""
        self.row_count += count
        self.null_count += count

    def update(self, array: pa.Array, priorities: U64, first_row: int) -> None:
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        total = len(array)
        self.row_count += total
        if pa.types.is_dictionary(array.type):
            array = array.cast(array.type.value_type)
        if pa.types.is_large_string(array.type) or pa.types.is_string_view(array.type):
            array = array.cast(pa.string())
        kind = _arrow_kind(array.type)
        if kind == "string" and not pa.types.is_string(array.type):
            array = array.cast(pa.string())
        valid = self._presence(array, kind)  # None: every cell holds a value (the common case, kept cheap)
        non_null = array if valid is None else array.filter(valid)
        self.null_count += total - len(non_null)
        if len(non_null) == 0:
            return
        if self.source_kind in (None, "empty"):
            self.source_kind = kind
        elif self.source_kind != kind:
            # Types drifting between batches (rare: Parquet schemas are fixed, text is always text): treat as text.
            non_null = non_null.cast(pa.string())
            self.source_kind = "string"
            self.candidates = []
            self.values = Moments()
        if valid is None:
            valid_priorities = priorities
            valid_rows = np.arange(first_row + 1, first_row + total + 1, dtype=np.int64)
        else:
            valid_mask = np.asarray(valid.to_numpy(zero_copy_only=False), dtype=bool)
            valid_priorities = priorities[valid_mask]
            valid_rows = np.flatnonzero(valid_mask) + first_row + 1

        if self.source_kind == "list":
            self._update_list(non_null, valid_priorities, valid_rows)
            return
        if self.source_kind == "string":
            self._update_text(non_null)
        else:
            self._update_typed(non_null)
        self._update_distinct(non_null)
        self._update_sample(non_null, valid_priorities, valid_rows)

    @staticmethod
    def _presence(array: pa.Array, kind: str) -> pa.Array | None:
        """Boolean mask of cells holding a value, or None when all do."""
        if kind == "string":
            return _text_is_present(array)
        if kind == "float":
            nan = pc.is_nan(array.cast(pa.float64()))
            if array.null_count == 0 and not pc.any(nan).as_py():
                return None
            return pc.and_(pc.is_valid(array), pc.invert(pc.fill_null(nan, True)))
        return pc.is_valid(array) if array.null_count else None

    def _update_text(self, text: pa.Array) -> None:
        while self.candidates:
            # A failed Arrow cast costs as much as a full one, so a candidate must first parse a short head.
            head_ok = len(text) <= 64 or self._try_parse(text.slice(0, 64), self.candidates[0]) is not None
            parsed = self._try_parse(text, self.candidates[0]) if head_ok else None
            if parsed is not None:
                if self.candidates[0] in TEMPORAL_CANDIDATES:
                    parsed = _to_epoch_seconds(parsed)
                self._add_moments(self.values, parsed)
                # Text that parsed as a number or date is ASCII: byte length == character length, and free.
                self._add_moments(self.lengths, pc.binary_length(text))
                return
            failed = self.candidates.pop(0)
            if failed in NUMERIC_CANDIDATES or not self.candidates:
                self.values = Moments()  # earlier batches' numbers are meaningless for the wider type
            if failed == "float":
                self.values = Moments()
        self.values = Moments()
        self._add_moments(self.lengths, _text_lengths(text))

    def _try_parse(self, text: pa.Array, candidate: str) -> pa.Array | None:
        try:
            if candidate == "integer":
                return pc.cast(text, pa.int64())
            if candidate == "float":
                return pc.cast(text, pa.float64())
            if candidate == "date":
                if self.date_format is None:
                    try:
                        return pc.cast(text, pa.date32())
                    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                        pass
                    for fmt in DATE_FORMATS:
                        try:
                            parsed = pc.strptime(text, format=fmt, unit="s")
                        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                            continue
                        self.date_format = fmt
                        return pc.cast(parsed, pa.date32())
                    return None
                return pc.cast(pc.strptime(text, format=self.date_format, unit="s"), pa.date32())
            if candidate == "datetime":
                try:
                    return pc.cast(text, pa.timestamp("us"))
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    return pc.cast(text, pa.timestamp("us", tz="UTC"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        return None

    def _update_typed(self, typed: pa.Array) -> None:
        kind = self.source_kind
        if kind in ("integer", "float"):
            self._add_moments(self.values, typed)
        elif kind in ("date", "datetime"):
            self._add_moments(self.values, _to_epoch_seconds(typed))

    @staticmethod
    def _add_moments(moments: Moments, numbers: pa.Array) -> None:
        # Unchecked: integers beyond 2**53 (19-digit ids) round to the nearest double, as moments should.
        numbers = numbers.cast(pa.float64(), safe=False)
        if numbers.null_count:
            numbers = numbers.drop_null()
        count = len(numbers)
        if count == 0:
            return
        mean = pc.mean(numbers).as_py()
        variance = pc.variance(numbers, ddof=0).as_py() or 0.0
        # numpy's NaN-skipping fmin/fmax agree with Arrow's min_max and cost a tenth of it on doubles.
        doubles = numbers.to_numpy()
        minimum, maximum = float(np.fmin.reduce(doubles)), float(np.fmax.reduce(doubles))
        moments.add_batch(count, mean, variance * count, minimum, maximum)

    def _update_distinct(self, non_null: pa.Array) -> None:
        if self.distinct_type is None:
            self.distinct_type = non_null.type
        elif non_null.type != self.distinct_type:
            non_null = non_null.cast(self.distinct_type)
        if self.counter.overflowed:
            self._add_to_hll(non_null)
            return
        counted = pc.value_counts(non_null)
        if len(counted) > self.counter.bound:
            # This batch alone overflows the bound: hash it as it is rather than count it in Python first.
            self._hash_exact_into_hll(self.counter)
            self.counter.stop()
            self._add_to_hll(non_null)
            return
        spilled = self.counter.add(counted.field("values").to_pylist(), counted.field("counts").to_pylist())
        if spilled:  # just overflowed: from now on the HyperLogLog counts, starting with everything seen
            self._add_to_hll(pa.array(spilled, type=self.distinct_type))

    def _add_to_hll(self, values: pa.Array) -> None:
        if pa.types.is_string(values.type):
            # polars keeps text in the view layout. Converting in Arrow releases the GIL; polars holds it for
            # its own conversion, stalling the other profiling threads. The hashes are the same.
            values = values.cast(pa.string_view())
        self.hll.add_hashes(pl.from_arrow(values).hash(HASH_SEED).to_numpy())  # type: ignore[union-attr]

    def _update_sample(self, non_null: pa.Array, priorities: U64, rows: npt.NDArray[np.int64]) -> None:
        chosen = np.flatnonzero(priorities < self.sample.threshold)
        if chosen.size == 0:
            return
        if chosen.size > self.sample.k:
            chosen = chosen[np.argpartition(priorities[chosen], self.sample.k - 1)[: self.sample.k]]
        picked = non_null.take(pa.array(chosen))
        self.sample.add(priorities[chosen], picked, rows[chosen])

    def _update_list(self, lists: pa.Array, priorities: U64, rows: npt.NDArray[np.int64]) -> None:
        self._add_moments(self.lengths, pc.list_value_length(lists))
        items = pc.list_flatten(lists).cast(pa.string())
        self.list_items += len(items)
        parents = pc.list_parent_indices(lists).to_numpy()
        self._update_distinct(items)
        self._update_sample(items, priorities[parents], rows[parents])

    # ------------------------------------------------------------------------------------------------ merge
    def merge(self, other: ColumnProfiler) -> None:
        """Combine with the profile of a disjoint row range of the same column."""
        if other.source_kind not in (None, "empty"):
            if self.source_kind in (None, "empty"):
                self.source_kind = other.source_kind
                self.candidates = list(other.candidates)
                self.date_format = other.date_format
            elif self.source_kind != other.source_kind:
                self.source_kind, self.candidates = "string", []
            else:
                self.candidates = [c for c in self.candidates if c in other.candidates]
        if self.kind != other.kind or self.kind == "string":
            self.values = Moments()
        else:
            self.values.merge(other.values)
        self.row_count += other.row_count
        self.null_count += other.null_count
        self.lengths.merge(other.lengths)
        self.distinct_type = self.distinct_type or other.distinct_type
        if self.counter.overflowed and not other.counter.overflowed:
            self._hash_exact_into_hll(other.counter)
        elif other.counter.overflowed and not self.counter.overflowed:
            self._hash_exact_into_hll(self.counter)
        spilled = self.counter.merge(other.counter)
        if spilled:
            self._add_to_hll(pa.array(spilled, type=self.distinct_type))
        self.hll.merge(other.hll)
        self.sample.merge(other.sample)
        self.list_items += other.list_items

    def _hash_exact_into_hll(self, counter: ValueCounter) -> None:
        if counter.counts:
            self._add_to_hll(pa.array(list(counter.counts), type=self.distinct_type))

    # ----------------------------------------------------------------------------------------------- finish
    def distinct_count(self) -> tuple[int, bool]:
        """(count, exact?)"""
        if self.counter.counts is not None:
            return len(self.counter.counts), True
        if self.counter.counts is None and not self.hll.registers.any():
            return 0, True
        return min(self.hll.estimate(), self.row_count - self.null_count), False

    def finish(self) -> ColumnProfile:
        kind = self.kind
        non_null = self.row_count - self.null_count
        distinct, exact = self.distinct_count()
        sample, sample_row_numbers = self.sample.ordered()
        sample_values = [] if sample is None else sample.to_pylist()
        text_sample = [_as_text(v) for v in sample_values]
        counts = self.counter.counts
        if (
            kind == "string"
            and counts
            and len(counts) <= 2
            and all(str(k).strip().lower() in BOOLEAN_TOKENS for k in counts)
        ):
            kind = "boolean"
        profile = ColumnProfile(
            name=self.name,
            inferred_type=kind,
            row_count=self.row_count,
            null_count=self.null_count,
            null_fraction=(self.null_count / self.row_count) if self.row_count else 0.0,
            distinct_count=distinct,
            distinct_exact=exact,
            uniqueness=(distinct / non_null) if non_null else 0.0,
            sample_values=text_sample,
            sample_rows=sample_row_numbers.tolist(),
        )
        if kind in ("integer", "float", "date", "datetime") and self.values.count:
            numbers = _arrow_sample_numbers(sample, kind, self.date_format) if sample is not None else None
            if numbers is None:
                numbers = np.array(_sample_numbers(sample_values, kind), dtype=np.float64)
            profile.numeric = _numeric_summary(self.values, numbers, kind, self.options.histogram_bins)
        if self.lengths.count:
            profile.lengths = {
                "min": self.lengths.minimum,
                "max": self.lengths.maximum,
                "mean": _round(self.lengths.mean),
                "stddev": _round(self.lengths.stddev),
            }
        profile.top_values = self._top_values(text_sample, non_null)
        shapes = Counter(value_shapes(text_sample[:SHAPE_SAMPLE]))
        profile.patterns = [{"pattern": p, "share": _round(n / len(text_sample))} for p, n in shapes.most_common(5)]
        profile.free_text_score = _free_text_score(text_sample, kind)
        return profile

    def _top_values(self, text_sample: list[str], non_null: int) -> list[dict[str, Any]]:
        k = self.options.top_k
        if self.counter.counts is not None:
            ranked = sorted(self.counter.counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:k]
            return [{"value": _as_text(v), "count": n, "approximate": False} for v, n in ranked]
        # Past the exact bound: heavy hitters estimated from the uniform sample (only values seen twice).
        sample_counts = Counter(text_sample)
        scale = non_null / max(len(text_sample), 1)
        ranked_sample = [(v, n) for v, n in sample_counts.most_common(k) if n > 1]
        return [{"value": v, "count": round(n * scale), "approximate": True} for v, n in ranked_sample]


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _round(value: float | None, digits: int = 4) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, digits)


def _sample_numbers(sample_values: list[Any], kind: str) -> list[float]:
    numbers: list[float] = []
    for value in sample_values:
        try:
            if isinstance(value, datetime):
                aware = value if value.tzinfo else value.replace(tzinfo=UTC)
                numbers.append((aware - EPOCH).total_seconds())
            elif isinstance(value, date):
                numbers.append(float((value - date(1970, 1, 1)).days * 86_400))
            elif kind in ("date", "datetime"):
                text = str(value)
                parsed = datetime.fromisoformat(text) if "-" in text[:5] else None
                if parsed is not None:
                    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
                    numbers.append((aware - EPOCH).total_seconds())
            else:
                numbers.append(float(value))
        except (TypeError, ValueError):
            continue
    return [n for n in numbers if math.isfinite(n)]


def _arrow_sample_numbers(sample: pa.Array, kind: str, date_format: str | None) -> npt.NDArray[np.float64] | None:
    """`_sample_numbers` in a few Arrow kernels instead of Python calls per value, for the samples where both give
    the same doubles: every value already passed this very cast while the column was profiled, and Python parses
    what Arrow's parsers accept to the same number. None: use `_sample_numbers`."""
    sample_type = sample.type
    text = pa.types.is_string(sample_type)
    numeric = pa.types.is_integer(sample_type) or pa.types.is_floating(sample_type)
    try:
        if kind in NUMERIC_CANDIDATES and (text or numeric):
            numbers = pc.cast(sample, pa.float64(), safe=False)
        elif kind == "date" and (pa.types.is_date(sample_type) or (text and date_format is None)):
            numbers = _to_epoch_seconds(pc.cast(sample, pa.date32()) if text else sample)
        elif kind == "datetime" and pa.types.is_timestamp(sample_type) and sample_type.unit != "ns":
            numbers = _to_epoch_seconds(sample)
        elif kind == "datetime" and text:
            try:
                numbers = _to_epoch_seconds(pc.cast(sample, pa.timestamp("us")))
            except pa.ArrowInvalid:
                numbers = _to_epoch_seconds(pc.cast(sample, pa.timestamp("us", tz="UTC")))
        else:
            return None
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    doubles = numbers.to_numpy(zero_copy_only=False)
    finite: npt.NDArray[np.float64] = doubles[np.isfinite(doubles)]
    return finite


def _numeric_summary(moments: Moments, numbers: npt.NDArray[np.float64], kind: str, bins: int) -> dict[str, Any]:
    temporal = kind in ("date", "datetime")

    def render(x: float | None) -> Any:
        if x is None:
            return None
        return _epoch_to_text(x, kind) if temporal else _round(x, 6)

    summary: dict[str, Any] = {
        "min": render(moments.minimum),
        "max": render(moments.maximum),
        "mean": render(moments.mean),
        "stddev": (_round(moments.stddev / 86_400, 4) if temporal else _round(moments.stddev, 6))
        if moments.stddev is not None
        else None,
    }
    if temporal:
        summary["stddev_unit"] = "days"
    if numbers.size:
        qs = np.quantile(numbers, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])
        summary["quantiles"] = {
            name: render(float(q))
            for name, q in zip(("p01", "p05", "p25", "p50", "p75", "p95", "p99"), qs, strict=True)
        }
        low, high = moments.minimum, moments.maximum
        assert low is not None and high is not None
        if high > low:
            counts, edges = np.histogram(numbers, bins=bins, range=(low, high))
            scale = moments.count / numbers.size
            summary["histogram"] = {
                "edges": [render(float(e)) for e in edges],
                "counts": [round(float(c) * scale) for c in counts],
                "estimated_from_sample": numbers.size < moments.count,
            }
    return summary


_WORD = re.compile(r"[^\W\d_]{2,}")


def _free_text_score(sample: list[str], kind: str) -> float:
    """0 = codes/identifiers/categories, 1 = prose: words per value, spaces, length spread and variety."""
    if kind != "string" or not sample:
        return 0.0
    subset = sample[:500]
    words = [len(_WORD.findall(v)) for v in subset]
    mean_words = sum(words) / len(words)
    multiword = sum(1 for w in words if w >= 3) / len(words)
    distinct = len(set(subset)) / len(subset)
    mean_len = sum(len(v) for v in subset) / len(subset)
    score = 0.45 * min(mean_words / 8.0, 1.0) + 0.3 * multiword + 0.15 * distinct + 0.1 * min(mean_len / 60.0, 1.0)
    return round(min(score, 1.0), 3)


@dataclass
class ColumnProfile:
    """The finished profile of one column. `sample_values` never leave the process unmasked (see report.py)."""

    name: str
    inferred_type: str
    row_count: int
    null_count: int
    null_fraction: float
    distinct_count: int
    distinct_exact: bool
    uniqueness: float
    sample_values: list[str]
    sample_rows: list[int]
    numeric: dict[str, Any] | None = None
    lengths: dict[str, Any] | None = None
    top_values: list[dict[str, Any]] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    free_text_score: float = 0.0
