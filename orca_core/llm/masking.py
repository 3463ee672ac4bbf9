"""From a finished scan (raw samples in memory) to `MaskedScan`: the one place in orca_core.llm that touches a
raw value, and it hands every one straight to `pii_masker`.

* Samples of a column the built-in classifier found personal: `mask_value(raw, category)` (the report's mask).
  Samples of a column it cleared: `mask_shape(raw)`, which reveals no letter or digit at all, so a category the
  rules missed (a free-text diagnosis, a name nobody recognised) still leaves nothing readable.
* Names (file, sheet/table, column): `mask_name_for_egress`, which keeps words and masks e-mails, digit runs,
  identifier-like tokens and every word that is a person's first or last name (`notes_for_***`). A name that
  still looks like it holds a person's name (two capitalised words no list knows, `Quillon Fentriss`) goes out
  as `mask_shape` instead (only its shape leaves).

The CLI passes a path: only its last component is a file name, directories are never sent.
"""

from __future__ import annotations

from pathlib import PurePath

from orca_core.llm.grammar import MaskKind, NameMask, holds_person_name
from orca_core.llm.payload import ColumnStats, InferredType, MaskedColumn, MaskedScan, MaskedTable
from orca_core.scan.categories import Category
from orca_core.scan.pii_masker import MaskedValue, mask_name_for_egress, mask_shape, mask_value
from orca_core.scan.report import ColumnReport, ScanReport

# How many sampled values are looked at to find `samples_per_column` distinct masks (bounds the work).
_SCAN_LIMIT = 2_000


def masked_name(raw: str) -> tuple[MaskedValue, NameMask]:
    """`mask_name_for_egress`, unless what it would send still holds a person's name: then only the shape goes."""
    masked = mask_name_for_egress(raw)
    if holds_person_name(masked.text):
        return mask_shape(raw), NameMask.SHAPE
    return masked, NameMask.NAME


def _stats(column: ColumnReport) -> ColumnStats:
    profile = column.profile
    lengths = profile.lengths or {}
    try:
        inferred = InferredType(profile.inferred_type)
    except ValueError:
        inferred = InferredType.STRING

    def whole(value: object) -> int | None:
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    mean = lengths.get("mean")
    return ColumnStats(
        inferred_type=inferred,
        row_count=int(profile.row_count),
        null_fraction=float(profile.null_fraction),
        distinct_count=int(profile.distinct_count),
        uniqueness=float(profile.uniqueness),
        free_text_score=float(profile.free_text_score),
        length_min=whole(lengths.get("min")),
        length_max=whole(lengths.get("max")),
        length_mean=float(mean) if isinstance(mean, int | float) and not isinstance(mean, bool) else None,
    )


def _samples(column: ColumnReport, kind: MaskKind, limit: int) -> tuple[MaskedValue, ...]:
    """Up to `limit` distinct masks, in sample order (deterministic: the same data gives the same request)."""
    category = kind.category
    seen: set[str] = set()
    out: list[MaskedValue] = []
    for raw in column.profile.sample_values[:_SCAN_LIMIT]:
        if raw is None or not str(raw).strip():
            continue
        masked = mask_shape(raw) if category is None else mask_value(raw, category)
        if masked.text in seen:
            continue
        seen.add(masked.text)
        out.append(masked)
        if len(out) >= limit:
            break
    return tuple(out)


def mask_column(column: ColumnReport, samples_per_column: int) -> MaskedColumn:
    verdict = column.verdict
    kind = MaskKind.for_category(verdict.category)
    name, name_mask = masked_name(column.profile.name)
    return MaskedColumn(
        name=name,
        name_mask=name_mask,
        mask=kind,
        samples=_samples(column, kind, samples_per_column),
        stats=_stats(column),
        builtin_category=Category(verdict.category),
        builtin_confidence=float(verdict.confidence),
    )


def mask_scan(report: ScanReport, samples_per_column: int) -> MaskedScan:
    """Everything the LLM may see of this scan. Raises if the masker does: the caller then sends nothing."""
    file_name, file_mask = masked_name(PurePath(report.source).name or report.source)
    tables = []
    for table in report.tables:
        table_name, table_mask = masked_name(table.name)
        columns = tuple(mask_column(column, samples_per_column) for column in table.columns)
        tables.append(MaskedTable(name=table_name, name_mask=table_mask, columns=columns))
    return MaskedScan(file_name=file_name, file_name_mask=file_mask, tables=tuple(tables))
