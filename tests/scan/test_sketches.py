"""Sketch internals against plain reference computations: HyperLogLog registers and the bottom-k sample."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from orca_core.scan.sketches import BottomKSample, HyperLogLog, ValueCounter


def _reference_registers(hashes: np.ndarray, precision: int) -> np.ndarray:
    registers = np.zeros(1 << precision, dtype=np.uint8)
    for value in hashes.tolist():
        index = value >> (64 - precision)
        rest = value & ((1 << (64 - precision)) - 1)
        rank = (64 - precision) - rest.bit_length() + 1
        registers[index] = max(registers[index], rank)
    return registers


def test_hyperloglog_ranks_are_leading_zeros_plus_one() -> None:
    rng = np.random.default_rng(11)
    for precision in (11, 14, 16):  # the register arithmetic is exact while 64 - precision <= 53 bits
        width = 64 - precision
        rests = [0, 1, 2, 3, (1 << width) - 1, 1 << (width - 1), (1 << (width - 1)) - 1]
        edges = [(register << width) | rest for register, rest in enumerate(rests)] + [2**64 - 1]
        for hashes in (np.array(edges, dtype=np.uint64), rng.integers(0, 2**64 - 1, 20_000, dtype=np.uint64)):
            hll = HyperLogLog(precision)
            hll.add_hashes(hashes)
            assert np.array_equal(hll.registers, _reference_registers(hashes, precision))


def test_bottom_k_keeps_the_smallest_priorities_in_order() -> None:
    rng = np.random.default_rng(5)
    sample = BottomKSample(k=300)
    everything: list[tuple[int, int]] = []
    first_row = 0
    for size in (50, 700, 1, 0, 1200, 333):
        priorities = rng.integers(0, 2**64 - 1, size, dtype=np.uint64)
        rows = np.arange(first_row + 1, first_row + size + 1, dtype=np.int64)
        sample.add(priorities, pa.array(rows * 10), rows)
        everything.extend(zip(priorities.tolist(), rows.tolist(), strict=True))
        first_row += size
    expected = sorted(everything)[:300]
    values, rows = sample.ordered()
    assert values is not None
    assert rows.tolist() == [row for _, row in expected]
    assert values.to_pylist() == [row * 10 for _, row in expected]
    assert sample.items() == ([row * 10 for _, row in expected], [row for _, row in expected])
    assert BottomKSample(k=3).ordered()[0] is None


def test_value_counter_stops_and_keeps_nothing() -> None:
    counter = ValueCounter(bound=3)
    assert counter.add(["a", "b"], [2, 1]) == []
    counter.stop()
    assert counter.overflowed and counter.add(["c"], [1]) == []
