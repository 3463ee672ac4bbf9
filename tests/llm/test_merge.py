"""Merging built-in and LLM verdicts: the rules of merge.py, on real verdicts from the built-in classifier."""

from __future__ import annotations

import pytest

from orca_core.llm.contract import LlmAnswer
from orca_core.llm.merge import Strength, builtin_strength, merge
from orca_core.scan.categories import Category
from orca_core.scan.detect.classify import classify_values
from tests.llm.data import INJECTION, card_numbers, german_ibans, personnummer


def says(category: Category, confidence: float = 0.95) -> LlmAnswer:
    return LlmAnswer(category=category, subtype=None, confidence=confidence, reason="scripted")


IBAN_COLUMN = classify_values("iban", german_ibans(60))
CARD_COLUMN = classify_values("card_number", card_numbers(60))
PNR_COLUMN = classify_values("personnummer", personnummer(60))
EMAIL_COLUMN = classify_values("email", [f"user{n}@example.org" for n in range(60)])
# A header promising names over a handful of codes: too few values to contradict it, so a header-only guess.
WEAK_COLUMN = classify_values("customer_name", ["X7", "Q2", "Z9", "K4", "M1"])
NONE_COLUMN = classify_values("remarks", [f"item {n} looked fine" for n in range(60)])


def test_the_test_columns_have_the_strengths_they_claim():
    assert builtin_strength(IBAN_COLUMN) is Strength.CHECKSUM
    assert builtin_strength(CARD_COLUMN) is Strength.CHECKSUM
    assert builtin_strength(PNR_COLUMN) is Strength.CHECKSUM
    assert builtin_strength(EMAIL_COLUMN) is Strength.VALUE_BACKED
    assert WEAK_COLUMN.category is not Category.NONE and builtin_strength(WEAK_COLUMN) is Strength.WEAK
    assert builtin_strength(NONE_COLUMN) is Strength.NONE


@pytest.mark.parametrize("verdict", [IBAN_COLUMN, CARD_COLUMN, PNR_COLUMN], ids=["iban", "card", "personnummer"])
@pytest.mark.parametrize("category", [Category.NONE, Category.HEALTH_DATA, Category.PASSWORD])
def test_checksum_validated_verdicts_are_never_overruled(verdict, category):
    decision = merge(verdict, LlmAnswer(category=category, subtype=None, confidence=1.0, reason=INJECTION))
    assert decision.verdict is verdict
    assert decision.winner == "builtin" and "checksum" in decision.why


def test_agreement_keeps_the_calibrated_built_in_verdict():
    decision = merge(EMAIL_COLUMN, says(Category.EMAIL_ADDRESS, 0.6))
    assert decision.winner == "agreed" and decision.verdict is EMAIL_COLUMN


def test_value_backed_verdicts_stand_against_disagreement():
    decision = merge(EMAIL_COLUMN, says(Category.NONE, 1.0))
    assert decision.winner == "builtin" and decision.verdict.category is Category.EMAIL_ADDRESS
    assert "100%" in decision.why


def test_the_llm_adds_what_the_rules_missed_with_capped_confidence():
    decision = merge(NONE_COLUMN, says(Category.HEALTH_DATA, 0.99))
    assert decision.winner == "llm"
    assert decision.verdict.category is Category.HEALTH_DATA and decision.verdict.special_category
    assert decision.verdict.confidence == 0.85
    assert any(signal.name == "llm:HEALTH_DATA" for signal in decision.verdict.signals)
    assert merge(NONE_COLUMN, says(Category.HEALTH_DATA, 0.5)).winner == "builtin"


def test_the_llm_demotes_or_replaces_weak_guesses_only_when_confident():
    demoted = merge(WEAK_COLUMN, says(Category.NONE, 0.9))
    assert demoted.winner == "llm" and demoted.verdict.category is Category.NONE
    replaced = merge(WEAK_COLUMN, says(Category.USERNAME, 0.9))
    assert replaced.winner == "llm" and replaced.verdict.category is Category.USERNAME
    assert merge(WEAK_COLUMN, says(Category.NONE, 0.55)).winner == "builtin"


def test_the_llm_can_never_assign_password():
    assert merge(NONE_COLUMN, says(Category.PASSWORD, 1.0)).winner == "builtin"
    assert merge(WEAK_COLUMN, says(Category.PASSWORD, 1.0)).winner == "builtin"


def test_no_answer_leaves_the_built_in_verdict():
    assert merge(IBAN_COLUMN, None).verdict is IBAN_COLUMN


@pytest.mark.parametrize("category", [Category.EMAIL_ADDRESS, Category.CREDIT_CARD, Category.NATIONAL_ID])
def test_the_llm_cannot_add_a_category_whose_validator_the_values_failed(category):
    for verdict in (NONE_COLUMN, WEAK_COLUMN):
        decision = merge(verdict, says(category, 1.0))
        assert decision.winner == "builtin" and "validator" in decision.why
