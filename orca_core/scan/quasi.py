"""Quasi-identifiers: columns that are not identifying alone but single people out together.

Birth date + postcode + gender famously identify most of a population. We look for columns playing such roles,
then measure, on the table's uniform row sample, the share of rows whose combination of values is unique. On a
sample this overstates uniqueness in the full table for large tables and is exact when the whole table fits in
the sample; the report says which.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

from orca_core.scan.categories import Category
from orca_core.scan.detect.model import PiiVerdict
from orca_core.scan.profile import ColumnProfile

ROLE_BY_CATEGORY = {Category.DATE_OF_BIRTH: "birth_date", Category.GENDER: "gender"}
MAX_COMBINATION = 3


def find_quasi_identifiers(
    profiles: list[ColumnProfile], verdicts: list[PiiVerdict], sampled_rows: list[int]
) -> list[dict[str, Any]]:
    from orca_core.scan.detect.classify import quasi_identifier_role

    roles: dict[str, str] = {}
    lookups: dict[str, dict[int, str]] = {}
    for profile, verdict in zip(profiles, verdicts, strict=True):
        role = ROLE_BY_CATEGORY.get(verdict.category)
        if role is None and verdict.category is Category.NONE:
            role = quasi_identifier_role(profile.name, profile.sample_values[:500])
        if role is None:
            continue
        roles[profile.name] = role
        lookups[profile.name] = dict(zip(profile.sample_rows, profile.sample_values, strict=True))
    if len(roles) < 2 or not sampled_rows:
        return []
    table_rows = max((p.row_count for p in profiles), default=0)
    findings: list[dict[str, Any]] = []
    names = list(roles)
    for size in range(2, min(MAX_COMBINATION, len(names)) + 1):
        for combo in combinations(names, size):
            keys = [tuple(lookups[c].get(row) for c in combo) for row in sampled_rows]
            keys = [k for k in keys if all(part is not None for part in k)]
            if not keys:
                continue
            counts = Counter(keys)
            unique_share = sum(1 for k in keys if counts[k] == 1) / len(keys)
            findings.append(
                {
                    "columns": list(combo),
                    "roles": [roles[c] for c in combo],
                    "unique_share": round(unique_share, 4),
                    "rows_examined": len(keys),
                    "exact": len(sampled_rows) >= table_rows,
                }
            )
    findings.sort(key=lambda f: (-f["unique_share"], len(f["columns"])))
    return findings[:10]
