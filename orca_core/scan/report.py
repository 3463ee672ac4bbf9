"""The scan report: the one type the CLI prints, the service stores and the API serves.

`to_dict()` is the only way a report leaves the process, and every value in it that came from a cell goes through
`pii_masker`: columns classified as personal data show masked top values, extremes, quantiles, histogram edges and
coarse shapes; non-personal columns may show their values (truncated). The dict follows
`docs/report.schema.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from orca_core.scan.categories import Category
from orca_core.scan.detect.model import PiiVerdict
from orca_core.scan.pii_masker import mask_for_report
from orca_core.scan.profile import ColumnProfile
from orca_core.scan.tables import ReaderNote

REPORT_VERSION = "1"
_SHAPE_RUNS = re.compile(r"([Aa9])\1*\+?")


def _coarse_shape(pattern: str) -> str:
    """`Aaaa+ Aaaa 99` -> `Aa+ Aa+ 9+`: character classes only, no lengths (for personal columns)."""
    return _SHAPE_RUNS.sub(lambda m: m.group(1) + "+", pattern)


@dataclass
class ColumnReport:
    profile: ColumnProfile
    verdict: PiiVerdict

    @property
    def is_personal(self) -> bool:
        return self.verdict.category is not Category.NONE

    def _show(self, value: Any) -> Any:
        if value is None or (isinstance(value, int | float) and not self.is_personal):
            return value
        return mask_for_report(str(value), self.verdict.category).text

    def profile_dict(self) -> dict[str, Any]:
        p = self.profile
        out: dict[str, Any] = {
            "inferred_type": p.inferred_type,
            "row_count": p.row_count,
            "null_count": p.null_count,
            "null_fraction": round(p.null_fraction, 6),
            "distinct_count": p.distinct_count,
            "distinct_exact": p.distinct_exact,
            "uniqueness": round(p.uniqueness, 6),
            "free_text_score": p.free_text_score,
            "masked": self.is_personal,
        }
        if p.numeric is not None:
            numeric = dict(p.numeric)
            for key in ("min", "max", "mean"):
                numeric[key] = self._show(numeric.get(key))
            if "quantiles" in numeric:
                numeric["quantiles"] = {k: self._show(v) for k, v in numeric["quantiles"].items()}
            if "histogram" in numeric:
                histogram = dict(numeric["histogram"])
                histogram["edges"] = [self._show(e) for e in histogram["edges"]]
                numeric["histogram"] = histogram
            out["numeric"] = numeric
        if p.lengths is not None:
            out["lengths"] = p.lengths
        out["top_values"] = [{**tv, "value": self._show(tv["value"])} for tv in p.top_values]
        out["patterns"] = [
            {
                "pattern": _coarse_shape(pt["pattern"]) if self.is_personal else pt["pattern"],
                "share": pt["share"],
            }
            for pt in p.patterns
        ]
        return out

    def pii_dict(self) -> dict[str, Any]:
        v = self.verdict
        evidence: dict[str, Any] = {
            "signals": [{"name": s.name, "weight": round(s.weight, 4)} for s in v.signals],
            "sample_size": v.sample_size,
            "validated_share": round(v.validated_share, 4),
            "exemplars": [{"row": e.row_number, "value": e.masked.text} for e in v.exemplars[:5]],
            "detector_version": v.detector_version,
        }
        if v.derived:
            evidence["derived"] = dict(v.derived)
        if v.none_bound:
            evidence["none_bound"] = v.none_bound
        if "embedded_pii" in v.extra:
            evidence["embedded_pii"] = dict(v.extra["embedded_pii"])
        return {
            "category": v.category.value,
            "subtype": v.subtype,
            "confidence": round(v.confidence, 4),
            "special_category": v.special_category,
            "evidence": evidence,
        }

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.profile.name, "profile": self.profile_dict(), "pii": self.pii_dict()}


@dataclass
class TableReport:
    name: str
    row_count: int
    columns: list[ColumnReport]
    notes: list[ReaderNote] = field(default_factory=list)
    quasi_identifiers: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "row_count": self.row_count,
            "columns": [c.to_dict() for c in self.columns],
            "notes": [
                {"code": n.code, "detail": n.detail, "count": n.count, "row_numbers": n.row_numbers[:20]}
                for n in self.notes
            ],
            "quasi_identifiers": self.quasi_identifiers,
        }


@dataclass
class ScanReport:
    source: str
    format: str
    tables: list[TableReport]
    raw_passwords: dict[str, Any] = field(default_factory=dict)
    duration_seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        from orca_core.scan.detect.classify import DETECTOR_VERSION

        return {
            "report_version": REPORT_VERSION,
            "source": self.source,
            "format": self.format,
            "detector_version": DETECTOR_VERSION,
            "tables": [t.to_dict() for t in self.tables],
            "raw_passwords": self.raw_passwords,
            "duration_seconds": self.duration_seconds,
        }

    @property
    def has_raw_passwords(self) -> bool:
        return bool(self.raw_passwords.get("found"))


def build_raw_password_summary(tables: list[TableReport]) -> dict[str, Any]:
    columns = [
        {"table": t.name, "column": c.profile.name, "confidence": round(c.verdict.confidence, 4)}
        for t in tables
        for c in t.columns
        if c.verdict.category is Category.PASSWORD
    ]
    return {"found": bool(columns), "columns": columns}
