"""The profile's vectorised shortcuts give what the plain computation they replace gives.

Each shortcut (character lengths read from byte offsets, null tokens found among short cells only, a batch
that overflows the exact distinct bound on its own, value shapes by translation table, sample numbers parsed by
Arrow) is compared with a straightforward reference on inputs chosen to hit its edges: nulls, null tokens, empty
strings, non-ASCII and non-Latin text, sliced arrays, and typed Arrow columns beside text ones.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from orca_core.scan.profile import (
    NULL_TOKENS,
    ColumnProfiler,
    ProfileOptions,
    _arrow_sample_numbers,
    _sample_numbers,
    _text_is_present,
    _text_lengths,
    value_shapes,
)
from orca_core.scan.sketches import row_priorities

MIXED_TEXT = [
    "Ann",
    None,
    "",
    "NA",
    "-",
    "n/a",
    "x",
    "Åsa Öberg",
    "ǅemal ᾈ",
    "漢字かな",
    "٣٤٥",
    " ",
    "null",
    "NULLS",
    "e\u0301",
    "🙂 ok",
    "#N/A",
    "12",
    "None",
    "nan",
]


def _slices(values: list[str | None]) -> list[pa.Array]:
    whole = pa.array(values, pa.string())
    return [whole, whole.slice(3), whole.slice(1, 9), whole.slice(7, 6), whole.slice(len(values))]


@pytest.mark.parametrize("ascii_only", [True, False])
def test_text_lengths_count_characters(ascii_only: bool) -> None:
    values = [v for v in MIXED_TEXT if v is not None and (v.isascii() or not ascii_only)]
    for text in _slices(values):
        assert _text_lengths(text).to_pylist() == pc.utf8_length(text).to_pylist()


def test_null_tokens_are_found_among_short_cells_only() -> None:
    for text in _slices(MIXED_TEXT):
        expected = [v is not None and v not in NULL_TOKENS.to_pylist() for v in text.to_pylist()]
        present = _text_is_present(text)
        assert (present.to_pylist() if present is not None else [True] * len(text)) == expected
    assert _text_is_present(pa.array(["long enough", "also long"], pa.string())) is None


def _profiler(batches: list[list[str]], options: ProfileOptions) -> ColumnProfiler:
    profiler = ColumnProfiler("col", options)
    row = 0
    for values in batches:
        profiler.update(pa.array(values, pa.string()), row_priorities(row, len(values)), row)
        row += len(values)
    return profiler


def test_a_batch_past_the_exact_bound_counts_like_values_crossing_it_one_by_one() -> None:
    options = ProfileOptions(sample_size=200, exact_distinct_bound=500)
    values = [f"user-{i % 3000}" for i in range(6000)]
    at_once = _profiler([values[:100], values[100:]], options)  # the second batch alone exceeds the bound
    in_steps = _profiler([values[i : i + 50] for i in range(0, len(values), 50)], options)
    assert at_once.counter.overflowed and in_steps.counter.overflowed
    assert np.array_equal(at_once.hll.registers, in_steps.hll.registers)
    assert at_once.finish().distinct_count == pytest.approx(3000, rel=0.03)


def test_value_shapes_classify_every_letter_and_digit_like_unicode_classes() -> None:
    values = [v for v in MIXED_TEXT if v] + ["AAAAAAaaaaaa999999", "ⅫⅣ ⓐ ½", "x" * 60, "ÀÉÎÕÜ àéîõü ǈ"]
    shaped = pa.array(values, pa.string())
    for pattern, shape in ((r"\p{Lu}", "A"), (r"[\p{Ll}\p{Lo}\p{Lt}\p{Lm}]", "a"), (r"\p{Nd}", "9")):
        shaped = pc.replace_substring_regex(shaped, pattern, shape)
    for run in ("AAAA", "aaaa", "9999"):
        shaped = pc.replace_substring_regex(shaped, f"({run}){run[0]}+", r"\1+")
    expected = [v if len(v) <= 40 else v[:40] + "…" for v in shaped.to_pylist()]
    assert value_shapes(values) == expected


def _python_numbers(sample: pa.Array, kind: str) -> list[float]:
    return _sample_numbers(sample.to_pylist(), kind)


@pytest.mark.parametrize(
    ("sample", "kind"),
    [
        (pa.array(["1", "-40", "007", "+5", str(2**60 + 1)], pa.string()), "integer"),
        (pa.array(["1.5", "2", "3e2", "-0.25", "1e308", "inf", "nan"], pa.string()), "float"),
        (pa.array([2**62 + 1, -3, 0], pa.int64()), "integer"),
        (pa.array([0.1, float("inf"), -2.5], pa.float64()), "float"),
        (pa.array(["2024-01-02", "1969-12-31", "1900-02-28"], pa.string()), "date"),
        (pa.array([dt.date(1950, 5, 6), dt.date(2030, 1, 1)], pa.date32()), "date"),
        (
            pa.array(
                ["2024-01-02 10:11:12", "2024-01-02T10:11:12.5", "1970-01-01T00:00:00.000001", "2024-01-02"],
                pa.string(),
            ),
            "datetime",
        ),
        (pa.array(["2024-01-02T10:11:12Z", "2024-01-02T10:11:12+01:30", "2024-01-02 23:00-0200"]), "datetime"),
        (pa.array([dt.datetime(2001, 2, 3, 4, 5, 6, 789)], pa.timestamp("us")), "datetime"),
        (pa.array([dt.datetime(2001, 2, 3, 4, 5, 6)], pa.timestamp("s", tz="Europe/Stockholm")), "datetime"),
        (pa.array([dt.datetime(2001, 2, 3, 4, 5, 6, 7000)], pa.timestamp("ms")), "datetime"),
    ],
)
def test_sample_numbers_by_arrow_equal_parsing_each_value(sample: pa.Array, kind: str) -> None:
    numbers = _arrow_sample_numbers(sample, kind, None)
    assert numbers is not None
    assert numbers.tolist() == _python_numbers(sample, kind)


@pytest.mark.parametrize(
    ("sample", "kind", "date_format"),
    [
        (pa.array(["31.12.1999", "01.02.2000"], pa.string()), "date", "%d.%m.%Y"),  # Python skips these
        (pa.array(["2024-01-02", "02.01.2024"], pa.string()), "date", None),  # parts merged with two layouts
        (pa.array(["1_000", "2"], pa.string()), "integer", None),  # Python's float() reads what Arrow does not
        (pa.array([1, 2], pa.decimal128(5, 2)), "float", None),
        (pa.array([1], pa.timestamp("ns")), "datetime", None),
    ],
)
def test_samples_arrow_cannot_read_alike_fall_back_to_python(
    sample: pa.Array, kind: str, date_format: str | None
) -> None:
    assert _arrow_sample_numbers(sample, kind, date_format) is None


def test_profiles_of_mixed_text_keep_their_statistics() -> None:
    rnd = random.Random(3)
    values = [rnd.choice(MIXED_TEXT) for _ in range(5000)]
    profile = _profiler([values[i : i + 700] for i in range(0, len(values), 700)], ProfileOptions()).finish()
    present = [v for v in values if v is not None and v not in NULL_TOKENS.to_pylist()]
    assert (profile.row_count, profile.null_count) == (len(values), len(values) - len(present))
    lengths = [len(v) for v in present]
    assert profile.lengths is not None
    assert (profile.lengths["min"], profile.lengths["max"]) == (min(lengths), max(lengths))
    assert profile.lengths["mean"] == pytest.approx(sum(lengths) / len(lengths), abs=1e-4)
    assert profile.distinct_count == len(set(present)) and profile.distinct_exact
    ranked = sorted(Counter(present).items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(t["value"], t["count"]) for t in profile.top_values] == ranked
