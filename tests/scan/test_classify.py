"""The public entry: verdict shape, confidence caps, the NONE bound, masked exemplars, quasi-identifiers."""

from __future__ import annotations

import dataclasses
import json
import random
from collections import Counter

import pytest
from faker import Faker

from orca_core.scan.categories import Category as C
from orca_core.scan.detect.classify import (
    DETECTOR_VERSION,
    _context,
    classify_column,
    classify_values,
    clopper_pearson_upper,
    none_bound_sentence,
    quasi_identifier_role,
    wilson_lower,
)
from orca_core.scan.detect.model import ColumnSample
from orca_core.scan.pii_masker import MaskedValue

RNG = random.Random(3)


def _fake(locale: str = "en_US") -> Faker:
    fake = Faker(locale)
    fake.seed_instance(21)
    return fake


def _sample(name: str, values: list[str], siblings: tuple[str, ...] = ()) -> ColumnSample:
    rows = [10 + 3 * i for i in range(len(values))]
    return ColumnSample(
        name=name,
        values=values,
        row_numbers=rows,
        inferred_type="string",
        row_count=len(values) * 3,
        null_count=0,
        distinct_estimate=len(set(values)),
        sibling_names=siblings,
    )


def _serialise(verdict: object) -> str:
    def default(value: object) -> object:
        if isinstance(value, MaskedValue):
            return value.text
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        return str(value)

    return json.dumps(dataclasses.asdict(verdict), default=default)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("email", [RNG.choice(["yes", "no"]) for _ in range(200)]),  # header says email, values say flag
        ("phone", ["n/a"] * 5),
        ("social_security_number", [str(RNG.randrange(1, 9)) for _ in range(50)]),
        ("religion", [RNG.choice(["A", "B", "C"]) for _ in range(100)]),
    ],
)
def test_header_alone_never_exceeds_the_cap(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    if verdict.category is not C.NONE:
        assert verdict.confidence <= 0.6
    else:
        assert verdict.confidence >= 0.4


def test_header_contradicted_by_values_is_none() -> None:
    verdict = classify_values("email", [RNG.choice(["yes", "no"]) for _ in range(200)])
    assert verdict.category is C.NONE


def test_values_alone_decide_with_a_checksum() -> None:
    verdict = classify_values("column_17", [_fake("pl_PL").ssn() for _ in range(500)])
    assert verdict.category is C.NATIONAL_ID and verdict.subtype == "PL_PESEL"
    assert verdict.confidence >= 0.9
    assert not any(signal.name.startswith("header:") for signal in verdict.signals)


def test_header_raises_confidence_over_values_alone() -> None:
    emails = [_fake().email() for _ in range(300)]
    assert classify_values("email", emails).confidence > classify_values("c", emails).confidence


def test_mixed_share_lowers_confidence() -> None:
    fake = _fake()
    clean = [fake.email() for _ in range(400)]
    dirty = clean[:200] + [fake.word() for _ in range(200)]
    assert classify_values("c", clean).confidence > classify_values("c", dirty).confidence


def test_verdict_evidence_and_masked_exemplars() -> None:
    fake = _fake("sv_SE")
    values = [fake.ssn() for _ in range(300)]
    verdict = classify_column(_sample("personnummer", values, ("namn", "adress")))
    assert verdict.category is C.NATIONAL_ID
    assert verdict.detector_version == DETECTOR_VERSION
    assert verdict.sample_size > 0 and verdict.validated_share == 1.0
    assert 1 <= len(verdict.exemplars) <= 5
    rows = {10 + 3 * i for i in range(len(values))}
    for exemplar in verdict.exemplars:
        assert isinstance(exemplar.masked, MaskedValue)
        assert exemplar.row_number in rows
    assert any(s.name.startswith("values:checksum") and s.weight > 0.9 for s in verdict.signals)


@pytest.mark.parametrize(
    "make",
    [
        lambda: [_fake().email() for _ in range(200)],
        lambda: [_fake("sv_SE").ssn() for _ in range(200)],
        lambda: [_fake().credit_card_number() for _ in range(200)],
        lambda: [_fake("de_DE").iban() for _ in range(200)],
        lambda: [_fake().name() for _ in range(200)],
    ],
)
def test_no_raw_value_in_serialised_verdict(make: object) -> None:
    values: list[str] = make()  # type: ignore[operator]
    verdict = classify_values("c", values)
    assert verdict.category is not C.NONE
    text = _serialise(verdict)
    leaked = [value for value in values if value in text]
    assert leaked == []


def test_none_bound_sentence_rule_of_three() -> None:
    assert none_bound_sentence(0, 10_000) == (
        "0 matches in 10,000 sampled values: prevalence below 0.03% at 95% confidence"
    )
    assert clopper_pearson_upper(0, 100) == pytest.approx(0.0295, abs=1e-4)
    assert clopper_pearson_upper(1, 100) == pytest.approx(0.0466, abs=1e-3)  # exact binomial
    assert wilson_lower(100, 100) > 0.97
    assert wilson_lower(0, 100) == 0.0


def test_none_verdict_carries_the_bound() -> None:
    verdict = classify_values("comment", [_fake().sentence() for _ in range(500)])
    assert verdict.category is C.NONE
    assert verdict.none_bound is not None
    assert "sampled values: prevalence below" in verdict.none_bound
    assert verdict.exemplars == []


def test_empty_column() -> None:
    verdict = classify_values("email", [])
    assert verdict.category is C.NONE and verdict.none_bound


def test_special_category_flag() -> None:
    verdict = classify_values("diagnos", [RNG.choice(["E11.9", "J45.0", "I10"]) for _ in range(100)])
    assert verdict.category is C.HEALTH_DATA and verdict.special_category


def test_sequential_ids_are_not_national_ids() -> None:
    values = [str(123456789 + i) for i in range(2000)]
    verdict = classify_values("bsn_like_key", values)
    assert verdict.category is C.NONE


@pytest.mark.parametrize(
    ("name", "values", "role"),
    [
        ("zip", ["90210", "10001", "60601"] * 10, "zip"),
        ("postnummer", ["114 55", "411 06", "211 20"] * 10, "postcode"),
        ("PLZ", ["10115", "80331", "50667"] * 10, "postcode"),
        ("birth_date", ["1980-01-02", "1975-05-05"] * 10, "birth_date"),
        ("kön", ["K", "M"] * 10, "gender"),
        ("age", ["34", "56", "21"] * 10, "age"),
        ("ort", ["Stockholm", "Göteborg"] * 10, "city"),
        ("col", ["female", "male", "female"] * 10, "gender"),
        ("amount", ["10.5", "20.1"] * 10, None),
        ("order_date", ["2024-01-02"] * 10, None),
    ],
)
def test_quasi_identifier_role(name: str, values: list[str], role: str | None) -> None:
    assert quasi_identifier_role(name, values) == role


def test_none_confidence_reflects_how_much_the_sample_rules_out() -> None:
    from orca_core.scan.detect.classify import NONE_CONFIDENCE_CAP, classify_column

    def verdict(values: list[str]):
        return classify_column(
            ColumnSample("status", values, list(range(1, len(values) + 1)), "string", len(values), 0, len(set(values)))
        )

    few, many = verdict(["open", "closed"] * 5), verdict(["open", "closed"] * 2000)
    assert few.category is many.category is C.NONE
    assert few.confidence < many.confidence <= NONE_CONFIDENCE_CAP
    assert few.confidence < 0.8  # ten clean values rule out little


@pytest.mark.parametrize("size", [0, 1, 7, 400, 2000, 2500])
def test_working_subsamples_are_evenly_spaced_and_shuffled_by_their_size(size: int) -> None:
    values = [f"v{i % 977}" for i in range(size)]
    ctx = _context(ColumnSample("col", values, list(range(1, size + 1)), "string", size, 0, size))
    for budget in (2000, 600, 400, 3):
        picked_budget = min(budget, len(ctx.values))
        step = len(ctx.values) / picked_budget if picked_budget else 1
        expected = [ctx.values[int(i * step)] for i in range(picked_budget)]
        random.Random(picked_budget).shuffle(expected)
        assert list(ctx.counts(budget).items()) == list(Counter(expected).items())


def test_blank_values_are_left_out_of_the_working_sample() -> None:
    values = ["a", " ", "", "\t\u00a0", "b", "\u2003"]
    ctx = _context(ColumnSample("col", values, list(range(1, 7)), "string", 6, 0, 4))
    assert ctx.values == ["a", "b"]
