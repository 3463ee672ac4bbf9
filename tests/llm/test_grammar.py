"""The masker's output grammar: everything the masker emits passes it, the raw values it hides do not.

This is what lets `orca llm verify` prove from a stored request body alone that each value was masked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orca_core.llm.grammar import MaskKind, NameMask, holds_person_name, is_masked_name, is_masked_value
from orca_core.scan.categories import Category
from orca_core.scan.pii_masker import mask_name_for_egress, mask_shape, mask_value
from tests.llm.data import CANARY_VALUES

PERSONAL = [category for category in Category if category is not Category.NONE]
texts = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"[a-z]{1,12}\.[a-z]{1,12}@[a-z]{2,10}\.(se|com|org)", fullmatch=True),
    st.from_regex(r"\+?[0-9 ()-]{6,24}", fullmatch=True),
    st.from_regex(r"[A-Z]{2}[0-9]{2}[A-Z0-9 ]{11,34}", fullmatch=True),
    st.from_regex(r"(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){3}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{1,10}( [A-Z][a-z]{1,12}){1,3}", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(raw=texts, category=st.sampled_from(PERSONAL))
def test_every_category_mask_passes_its_grammar(raw, category):
    assert is_masked_value(MaskKind(category.value), mask_value(raw, category).text)


@settings(max_examples=300, deadline=None)
@given(raw=texts)
def test_every_shape_passes_the_shape_grammar(raw):
    assert is_masked_value(MaskKind.SHAPE, mask_shape(raw).text)


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.text(max_size=300), texts))
def test_masked_names_are_fixpoints(raw):
    masked = mask_name_for_egress(raw).text
    assert is_masked_name(NameMask.NAME, masked) or holds_person_name(masked)
    assert is_masked_name(NameMask.SHAPE, mask_shape(raw).text)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (MaskKind.EMAIL_ADDRESS, CANARY_VALUES["email"]),
        (MaskKind.PHONE_NUMBER, CANARY_VALUES["phone"]),
        (MaskKind.IBAN, CANARY_VALUES["iban"]),
        (MaskKind.CREDIT_CARD, CANARY_VALUES["card"]),
        (MaskKind.NATIONAL_ID, CANARY_VALUES["personnummer"]),
        (MaskKind.NATIONAL_ID, CANARY_VALUES["us_ssn"]),
        (MaskKind.PERSON_NAME, CANARY_VALUES["name"]),
        (MaskKind.STREET_ADDRESS, CANARY_VALUES["address"]),
        (MaskKind.DATE_OF_BIRTH, CANARY_VALUES["birth_date"]),
        (MaskKind.IP_ADDRESS, CANARY_VALUES["ip"]),
        (MaskKind.HEALTH_DATA, CANARY_VALUES["health"]),
        (MaskKind.PASSWORD, CANARY_VALUES["password"]),
        (MaskKind.SHAPE, CANARY_VALUES["health"]),
        (MaskKind.SHAPE, CANARY_VALUES["email"]),
    ],
)
def test_raw_values_fail_the_grammar_and_their_masks_pass(kind, raw):
    assert not is_masked_value(kind, raw)
    category = kind.category
    masked = mask_shape(raw) if category is None else mask_value(raw, category)
    assert is_masked_value(kind, masked.text)


@pytest.mark.parametrize(
    "raw",
    [
        "jane.doe@acme.com_export",
        "kund 19811228-9874",
        "DE29370400446639233214.csv",
        "tel +46 70 555 83 19",
        "notes_for_mohammed",
        "anna.svensson",
        "smith_family.xlsx",
        "Erik",
    ],
)
def test_raw_names_with_personal_data_fail_the_name_grammar(raw):
    assert not is_masked_name(NameMask.NAME, raw)
    assert is_masked_name(NameMask.NAME, mask_name_for_egress(raw).text)


def test_person_names_in_names_are_caught_and_schema_words_are_not():
    assert holds_person_name("notes about Anna Svensson")
    assert holds_person_name("margit_lindqvist_2024")
    assert not is_masked_name(NameMask.NAME, "Anna Svensson")
    for header in ("first_name", "last_name", "grant_date", "customer_id", "Geburtsdatum", "bill_total"):
        assert not holds_person_name(header), header


def test_mask_kinds_are_the_categories_plus_shape():
    """MaskKind lists the categories again (mypy must see its members): a category added to the contract
    without a mask kind would fail here, not in production."""
    from orca_core.scan.categories import Category

    expected = {category.value for category in Category if category is not Category.NONE} | {"SHAPE"}
    assert {kind.value for kind in MaskKind} == expected
    assert all(MaskKind.for_category(category).category in (category, None) for category in Category)
