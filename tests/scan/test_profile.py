"""Profiles: type inference, statistics, bounded distinct counting and the merge law."""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest

from orca_core.scan.profile import ColumnProfiler, ProfileOptions, value_shapes
from orca_core.scan.sketches import HyperLogLog, row_priorities


def profile_of(
    values: list,
    *,
    batch_rows: int = 1000,
    options: ProfileOptions | None = None,
    first_row: int = 0,
    arrow_type: pa.DataType | None = None,
) -> ColumnProfiler:
    profiler = ColumnProfiler("col", options or ProfileOptions())
    for start in range(0, len(values), batch_rows):
        chunk = values[start : start + batch_rows]
        profiler.update(
            pa.array(chunk, type=arrow_type), row_priorities(first_row + start, len(chunk)), first_row + start
        )
    return profiler


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "2", "-3", "40"], "integer"),
        (["1.5", "2", "3e2"], "float"),
        (["2024-01-02", "1999-12-31"], "date"),
        (["31.12.1999", "01.02.2000"], "date"),
        (["2024-01-02 10:11:12", "2024-01-02T10:11:13"], "datetime"),
        (["yes", "no", "yes"], "boolean"),
        (["abc", "12"], "string"),
        ([None, "", "NA"], "empty"),
    ],
)
def test_type_inference(values: list[str], expected: str) -> None:
    assert profile_of(values, arrow_type=pa.string()).finish().inferred_type == expected


def test_type_widens_when_a_later_batch_breaks_the_narrow_type() -> None:
    values = [str(i) for i in range(2000)] + ["1.5"] + [str(i) for i in range(500)]
    profile = profile_of(values, batch_rows=1000).finish()
    assert profile.inferred_type == "float"
    values = [str(i) for i in range(2000)] + ["not a number"]
    profile = profile_of(values, batch_rows=1000).finish()
    assert profile.inferred_type == "string"
    assert profile.numeric is None


def test_numeric_statistics_are_exact() -> None:
    rng = np.random.default_rng(1)
    numbers = rng.normal(50, 10, 5000)
    profile = profile_of([f"{x:.6f}" for x in numbers]).finish()
    assert profile.numeric is not None
    assert profile.numeric["min"] == pytest.approx(numbers.min(), abs=1e-5)
    assert profile.numeric["max"] == pytest.approx(numbers.max(), abs=1e-5)
    assert profile.numeric["mean"] == pytest.approx(numbers.mean(), abs=1e-5)
    assert profile.numeric["stddev"] == pytest.approx(numbers.std(ddof=1), abs=1e-5)
    assert profile.numeric["quantiles"]["p50"] == pytest.approx(np.median(numbers), abs=0.5)
    assert sum(profile.numeric["histogram"]["counts"]) == pytest.approx(5000, abs=10)


def test_nulls_and_null_tokens_are_counted() -> None:
    profile = profile_of(["a", None, "", "NA", "null", "b", "-", "N/A"]).finish()
    assert (profile.row_count, profile.null_count) == (8, 6)
    assert profile.null_fraction == pytest.approx(0.75)


def test_dates_report_iso_extremes() -> None:
    profile = profile_of(["1970-01-02", "2001-05-06", "1999-12-31"]).finish()
    assert profile.numeric is not None
    assert (profile.numeric["min"], profile.numeric["max"]) == ("1970-01-02", "2001-05-06")


def test_native_arrow_types_are_profiled_without_text_parsing() -> None:
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=i) for i in range(100)]
    profile = profile_of(days, arrow_type=pa.date32()).finish()
    assert profile.inferred_type == "date"
    assert profile.numeric is not None and profile.numeric["max"] == "2000-04-09"
    assert profile_of([1, 2, None], arrow_type=pa.int32()).finish().inferred_type == "integer"


def test_distinct_is_exact_below_the_bound_and_close_above() -> None:
    small = profile_of([f"v{i % 300}" for i in range(5000)]).finish()
    assert (small.distinct_count, small.distinct_exact) == (300, True)
    assert small.top_values[0]["count"] == 17 and not small.top_values[0]["approximate"]
    big = profile_of([f"user{i}" for i in range(60_000)], batch_rows=7000).finish()
    assert not big.distinct_exact
    assert big.distinct_count == pytest.approx(60_000, rel=0.03)


def test_sample_is_bounded_and_uniform() -> None:
    values = [str(i) for i in range(50_000)]
    profile = profile_of(values, batch_rows=4096, options=ProfileOptions(sample_size=1000)).finish()
    assert len(profile.sample_values) == 1000
    sampled = [int(v) for v in profile.sample_values]
    assert profile.sample_rows == [v + 1 for v in sampled]  # row numbers are 1-based
    assert 20_000 < float(np.mean(sampled)) < 30_000  # a prefix sample would average ~500


def _comparable(profiler: ColumnProfiler) -> dict:
    p = profiler.finish()
    return {
        "type": p.inferred_type,
        "rows": p.row_count,
        "nulls": p.null_count,
        "distinct": (p.distinct_count, p.distinct_exact),
        "top": p.top_values,
        "sample": (p.sample_values, p.sample_rows),
        "lengths": p.lengths,
        "numeric": {k: v for k, v in (p.numeric or {}).items() if k in ("min", "max")},
        "mean": (p.numeric or {}).get("mean"),
        "hll": profiler.hll.registers.tobytes(),
    }


@pytest.mark.parametrize("kind", ["categorical", "unique", "numeric", "mixed_nulls"])
def test_profile_of_parts_merges_into_profile_of_whole(kind: str) -> None:
    rnd = random.Random(kind)
    n = 30_000
    if kind == "categorical":
        values = [rnd.choice(["red", "green", "blue", None]) for _ in range(n)]
    elif kind == "unique":
        values = [f"id-{i}-{rnd.random()}" for i in range(n)]
    elif kind == "numeric":
        values = [str(rnd.randint(-1000, 1000)) for _ in range(n)]
    else:
        values = [rnd.choice([None, "", "x", str(rnd.random())]) for _ in range(n)]
    options = ProfileOptions(sample_size=500, exact_distinct_bound=2000)
    whole = profile_of(values, batch_rows=4000, options=options)
    cut = 13_337
    left = profile_of(values[:cut], batch_rows=4000, options=options)
    right = profile_of(values[cut:], batch_rows=4000, options=options, first_row=cut)
    left.merge(right)
    merged, expected = _comparable(left), _comparable(whole)
    if expected["mean"] is not None:
        assert math.isclose(merged.pop("mean"), expected.pop("mean"), rel_tol=1e-9)
    assert merged == expected


def test_hyperloglog_merge_equals_union() -> None:
    a, b, both = HyperLogLog(), HyperLogLog(), HyperLogLog()
    rng = np.random.default_rng(3)
    ha = rng.integers(0, 2**64 - 1, 5000, dtype=np.uint64, endpoint=True)
    hb = rng.integers(0, 2**64 - 1, 7000, dtype=np.uint64, endpoint=True)
    a.add_hashes(ha)
    b.add_hashes(hb)
    both.add_hashes(np.concatenate([ha, hb]))
    a.merge(b)
    assert a.estimate() == both.estimate()
    assert a.estimate() == pytest.approx(12_000, rel=0.03)


def test_value_shapes() -> None:
    assert value_shapes(["John Smith 42", "Åsa", "AB-123456"]) == ["Aaaa Aaaaa 99", "Aaa", "AA-9999+"]


def test_integers_beyond_double_precision_are_profiled() -> None:
    huge = [str(10**18 + i * 7919) for i in range(100)]
    profile = profile_of(huge).finish()
    assert profile.inferred_type == "integer"
    assert profile.numeric is not None and profile.numeric["max"] == pytest.approx(float(huge[-1]))
    native = profile_of([2**62 + i for i in range(100)], arrow_type=pa.int64()).finish()
    assert native.numeric is not None and native.numeric["min"] == pytest.approx(2.0**62)


@pytest.mark.parametrize(("setting", "threads"), [(None, 1), ("2", 2)])
def test_polars_runs_one_thread_unless_the_operator_says_otherwise(setting: str | None, threads: int) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "POLARS_MAX_THREADS"}
    if setting is not None:
        environment["POLARS_MAX_THREADS"] = setting
    code = "import orca_core.scan.profile, polars; print(polars.thread_pool_size())"
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    assert int(result.stdout) == threads
