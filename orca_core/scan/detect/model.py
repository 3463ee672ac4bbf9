"""Input and output types of column classification (the contract between the engine and the detectors)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from orca_core.scan.categories import Category
from orca_core.scan.pii_masker import MaskedValue


@dataclass(frozen=True)
class ColumnSample:
    """What the classifier may look at for one column.

    `values` is a bounded uniform sample of the column's non-null values rendered as strings (never the whole
    column); `row_numbers[i]` is the 1-based data-row number of `values[i]`.
    """

    name: str
    values: Sequence[str]
    row_numbers: Sequence[int]
    inferred_type: str  # "integer" | "float" | "boolean" | "date" | "datetime" | "string" | "list" | "empty"
    row_count: int
    null_count: int
    distinct_estimate: int
    table_name: str = ""
    sibling_names: Sequence[str] = ()  # other column names of the table, for context


@dataclass(frozen=True)
class Signal:
    """One piece of evidence that fired, e.g. ('header:email', 0.45) or ('values:luhn', 0.97)."""

    name: str
    weight: float


@dataclass(frozen=True)
class Exemplar:
    row_number: int
    masked: MaskedValue


@dataclass
class PiiVerdict:
    category: Category
    confidence: float  # calibrated, in [0, 1]
    subtype: str | None = None
    special_category: bool = False
    signals: list[Signal] = field(default_factory=list)
    sample_size: int = 0
    validated_share: float = 0.0  # share of sampled values that validated for the winning category
    exemplars: list[Exemplar] = field(default_factory=list)  # at most 5, masked
    derived: dict[str, bool] = field(default_factory=dict)  # e.g. {"birth_date": True, "sex": True}
    none_bound: str | None = None  # for NONE: what the sample rules out, as a sentence
    detector_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
