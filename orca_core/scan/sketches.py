"""Mergeable summaries for one-pass profiling: moments, HyperLogLog, exact-then-bounded counters, bottom-k samples.

Every summary here obeys `summary(A) merged with summary(B) == summary(A + B)` (exactly, or within the stated
error for HyperLogLog), so a file can be split across workers and the parts combined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

U64 = npt.NDArray[np.uint64]

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def splitmix64(values: U64) -> U64:
    """A strong 64-bit mixer (SplitMix64 finaliser), vectorised."""
    x = values + _GOLDEN
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    result: U64 = x ^ (x >> np.uint64(31))
    return result


def row_priorities(first_row: int, count: int, seed: int = 0x0C0A) -> U64:
    """Deterministic pseudo-random priority of each row, a function of its global index only.

    Bottom-k samples keep the rows with the smallest priorities; because the priority depends on the row index
    alone, samples of disjoint row ranges merge into exactly the sample of the whole.
    """
    with np.errstate(over="ignore"):
        index = np.arange(first_row, first_row + count, dtype=np.uint64) ^ np.uint64(seed)
        return splitmix64(index)


@dataclass
class Moments:
    """Count, mean, sum of squared deviations (Chan et al. parallel merge), min and max."""

    count: int = 0
    mean: float = 0.0
    m2: float = 0.0
    minimum: float | None = None
    maximum: float | None = None

    def add_batch(self, count: int, mean: float, m2: float, minimum: float, maximum: float) -> None:
        self.merge(Moments(count, mean, m2, minimum, maximum))

    def merge(self, other: Moments) -> None:
        if other.count == 0:
            return
        if self.count == 0:
            self.count, self.mean, self.m2 = other.count, other.mean, other.m2
            self.minimum, self.maximum = other.minimum, other.maximum
            return
        total = self.count + other.count
        delta = other.mean - self.mean
        self.mean += delta * other.count / total
        self.m2 += other.m2 + delta * delta * self.count * other.count / total
        self.count = total
        assert self.minimum is not None and self.maximum is not None
        assert other.minimum is not None and other.maximum is not None
        self.minimum = min(self.minimum, other.minimum)
        self.maximum = max(self.maximum, other.maximum)

    @property
    def stddev(self) -> float | None:
        if self.count < 2:
            return None
        return math.sqrt(self.m2 / (self.count - 1))


class HyperLogLog:
    """HyperLogLog with 2^p one-byte registers (p=14: 16 KiB, standard error ~0.8%)."""

    def __init__(self, precision: int = 14) -> None:
        self.precision = precision
        self.registers = np.zeros(1 << precision, dtype=np.uint8)

    def add_hashes(self, hashes: U64) -> None:
        if hashes.size == 0:
            return
        p = self.precision
        index = hashes >> np.uint64(64 - p)
        rest = (hashes & np.uint64((1 << (64 - p)) - 1)).astype(np.float64)
        # rank = position of the leftmost 1-bit in the remaining 64-p bits (64-p+1 when all zero). The bit length
        # is read from the double's exponent field, exact because 64-p <= 53 bits fit its mantissa (0.0 reads 0).
        bit_length = np.maximum((rest.view(np.int64) >> 52) - 1022, 0)
        rank = ((64 - p + 1) - bit_length).astype(np.uint8)
        # Ranks are geometric and registers only grow: once they have filled, few hashes can raise one, and
        # comparing first is far cheaper than the unbuffered read-modify-write of `maximum.at` over every hash.
        raises = rank > self.registers[index]
        np.maximum.at(self.registers, index[raises], rank[raises])

    def merge(self, other: HyperLogLog) -> None:
        if other.precision != self.precision:
            raise ValueError("cannot merge HyperLogLogs of different precision")
        np.maximum(self.registers, other.registers, out=self.registers)

    def estimate(self) -> int:
        m = float(self.registers.size)
        alpha = 0.7213 / (1.0 + 1.079 / m)
        raw = alpha * m * m / float(np.sum(np.ldexp(1.0, -self.registers.astype(np.int64))))
        zeros = int(np.count_nonzero(self.registers == 0))
        if raw <= 2.5 * m and zeros:
            return round(m * math.log(m / zeros))  # linear counting for small cardinalities
        return round(raw)


@dataclass
class ValueCounter:
    """Exact value counts while the column has at most `bound` distinct values; then it stops (overflowed)."""

    bound: int = 10_000
    counts: dict[Any, int] | None = field(default_factory=dict)

    @property
    def overflowed(self) -> bool:
        return self.counts is None

    def add(self, values: list[Any], counts: list[int]) -> list[Any]:
        """Count values; on the call that overflows the bound, return every distinct value seen so far
        (so the caller can hand them to a HyperLogLog) and stop counting. Otherwise return []."""
        if self.counts is None:
            return []
        current = self.counts
        for value, count in zip(values, counts, strict=True):
            current[value] = current.get(value, 0) + count
        if len(current) > self.bound:
            self.counts = None
            return list(current)
        return []

    def stop(self) -> None:
        """Stop counting: the caller has handed every value seen to a HyperLogLog instead."""
        self.counts = None

    def merge(self, other: ValueCounter) -> list[Any]:
        """Merge exact counts; returns the distinct values of both sides if the merge overflows the bound."""
        if self.counts is None or other.counts is None:
            self.counts = None
            return []
        return self.add(list(other.counts), list(other.counts.values()))


@dataclass
class BottomKSample:
    """The k items with the smallest row priorities seen so far: a uniform sample without replacement.

    Values are kept as Arrow arrays (converted to Python only by `items`), so keeping the sample is cheap.
    """

    k: int
    priorities: list[U64] = field(default_factory=list)
    values: list[pa.Array] = field(default_factory=list)
    rows: list[npt.NDArray[np.int64]] = field(default_factory=list)
    _size: int = 0
    _threshold: np.uint64 = field(default_factory=lambda: np.uint64(0xFFFFFFFFFFFFFFFF))

    @property
    def threshold(self) -> np.uint64:
        """Items with a priority at or above this cannot enter the sample (the k-th smallest so far)."""
        return self._threshold

    def add(self, priorities: U64, values: pa.Array, rows: npt.NDArray[np.int64]) -> None:
        if priorities.size == 0:
            return
        self.priorities.append(priorities)
        self.values.append(values)
        self.rows.append(rows)
        self._size += int(priorities.size)
        if self._size > 2 * self.k:
            self._compact()

    def _compact(self) -> None:
        if not self.priorities:
            return
        priorities = np.concatenate(self.priorities)
        rows = np.concatenate(self.rows)
        kinds = {chunk.type for chunk in self.values}
        chunks = self.values if len(kinds) == 1 else [chunk.cast(pa.string()) for chunk in self.values]
        values = pa.concat_arrays(chunks)
        if priorities.size > self.k:
            keep = np.argpartition(priorities, self.k - 1)[: self.k]
            priorities, rows = priorities[keep], rows[keep]
            values = values.take(pa.array(keep))
            self._threshold = np.uint64(priorities.max())
        self.priorities = [priorities]
        self.rows = [rows]
        self.values = [values]
        self._size = int(priorities.size)

    def merge(self, other: BottomKSample) -> None:
        for p, v, r in zip(other.priorities, other.values, other.rows, strict=True):
            self.add(p, v, r)

    def ordered(self) -> tuple[pa.Array | None, npt.NDArray[np.int64]]:
        """(values, 1-based row numbers) ordered by priority; at most k. Values are None when none were added."""
        self._compact()
        if not self.values:
            return None, np.empty(0, dtype=np.int64)
        order = np.argsort(self.priorities[0], kind="stable")
        return self.values[0].take(pa.array(order)), self.rows[0][order]

    def items(self) -> tuple[list[Any], list[int]]:
        """`ordered` as Python values."""
        values, rows = self.ordered()
        return ([] if values is None else values.to_pylist()), rows.tolist()
