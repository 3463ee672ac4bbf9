"""Parsing the LLM's answer: untrusted input, checked field by field."""

from __future__ import annotations

import json

import pytest

from orca_core.llm.contract import REASON_MAX_CHARS, InvalidAnswer, parse_answer, response_schema
from orca_core.scan.categories import Category


def answer_text(*columns: dict) -> str:
    return json.dumps({"columns": list(columns)})


def item(identifier="t0.c0", category="EMAIL_ADDRESS", confidence=0.9, subtype=None, reason="ok") -> dict:
    return {"id": identifier, "category": category, "subtype": subtype, "confidence": confidence, "reason": reason}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_answer"),
        ("not json", "invalid_json"),
        ('{"columns": {}}', "schema_mismatch"),
        ("[]", "schema_mismatch"),
    ],
)
def test_unusable_answers_raise_with_a_code(text, code):
    with pytest.raises(InvalidAnswer) as problem:
        parse_answer(text, ("t0.c0",))
    assert problem.value.code == code


def test_per_column_problems_are_recorded_and_other_columns_kept():
    parsed = parse_answer(
        answer_text(
            item("t0.c0", "EMAIL_ADDRESS"),
            item("t0.c1", "BLOOD_TYPE"),
            item("t0.c2", "NONE", confidence=1.5),
            item("t0.c3", "NONE", confidence=True),
            item("t9.c9", "NONE"),  # never asked: ignored
        ),
        ("t0.c0", "t0.c1", "t0.c2", "t0.c3", "t0.c4"),
    )
    assert parsed.answers["t0.c0"].category is Category.EMAIL_ADDRESS
    assert parsed.rejected == {
        "t0.c1": "unknown_category",
        "t0.c2": "invalid_confidence",
        "t0.c3": "invalid_confidence",
        "t0.c4": "no_answer",
    }
    assert "t9.c9" not in parsed.answers


def test_a_second_answer_for_the_same_column_cannot_replace_the_first():
    parsed = parse_answer(answer_text(item("t0.c0", "IBAN"), item("t0.c0", "NONE")), ("t0.c0",))
    assert parsed.answers["t0.c0"].category is Category.IBAN


def test_reasons_are_one_short_line_and_subtypes_are_checked():
    long_reason = "line one\nline two\u202e\x00" + "x" * 1000
    parsed = parse_answer(
        answer_text(
            item("t0.c0", "NATIONAL_ID", subtype="SE_PERSONNUMMER", reason=long_reason),
            item("t0.c1", "NATIONAL_ID", subtype="<script>"),
        ),
        ("t0.c0", "t0.c1"),
    )
    reason = parsed.answers["t0.c0"].reason
    assert len(reason) <= REASON_MAX_CHARS and "\n" not in reason and "\u202e" not in reason and "\x00" not in reason
    assert parsed.answers["t0.c0"].subtype == "SE_PERSONNUMMER"
    assert parsed.answers["t0.c1"].subtype is None


def test_the_response_schema_offers_exactly_the_contract_categories():
    schema = response_schema()
    offered = schema["properties"]["columns"]["items"]["properties"]["category"]["enum"]
    assert offered == [category.value for category in Category]
