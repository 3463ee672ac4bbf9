"""Public entry of the personal-data detectors: one `PiiVerdict` per column.

How a verdict is reached
------------------------
Every detector in `detectors.ALL_DETECTORS` checks (at most 2,000 evenly spaced values of) the column's
sample and returns a `Candidate`: `k` matching values out of `n` checked, the rule's `strength` (confidence
the values alone give when all match), its `chance` (share of same-shaped values outside the category that
would match anyway) and `full_share`, plus the header prior `h` from `lexicon` (0 to 0.6).

Confidence of one candidate::

    L  = Wilson lower bound (one-sided 95%, z = 1.645) of k/n
    c  = max(0, (L - chance) / (1 - chance))            chance-corrected share, like Cohen's kappa
    v  = strength * min(1, c / full_share)              value evidence
         v <= 0.45 when the category needs a header and there is none (shape-only categories)
         v  = 0 for digit categories when the column is an auto-increment key
    h' = h * 0.3 when >= 10 values were checked and fewer than 10% match (values contradict the header),
         or when a digit category meets an auto-increment key
    conf = 1 - (1 - v) * (1 - h')                        noisy-OR of independent evidence
         conf <= 0.6 when v = 0                          a header alone never decides more firmly

The category with the highest confidence wins if it reaches `DECISION_THRESHOLD` (0.5); otherwise NONE, with
`none_bound`, the exact one-sided 95% Clopper-Pearson upper bound of the strongest candidate's prevalence
("0 matches in 2,000 sampled values: prevalence below 0.15% at 95% confidence").

Strengths were set so that a verdict at confidence x is expected to be right about x of the time on
synthetic columns (faker locales, hard negatives); they are priors, not fitted to an evaluation set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from orca_core.scan.categories import SPECIAL_CATEGORIES, Category
from orca_core.scan.detect import detectors as dd
from orca_core.scan.detect.lexicon import HEADER_CAP, header_evidence, language_votes
from orca_core.scan.detect.model import ColumnSample, Exemplar, PiiVerdict, Signal
from orca_core.scan.detect.quasi import quasi_identifier_role
from orca_core.scan.pii_masker import mask_value

DETECTOR_VERSION = "orca-detect/1.0.0"
DECISION_THRESHOLD = 0.5
NO_HEADER_CAP = 0.45
CONTRADICTION_DISCOUNT = 0.3
_Z95_ONE_SIDED = 1.6448536269514722

__all__ = [
    "DECISION_THRESHOLD",
    "DETECTOR_VERSION",
    "classify_column",
    "clopper_pearson_upper",
    "quasi_identifier_role",
    "wilson_lower",
]


def wilson_lower(matched: int, checked: int, z: float = _Z95_ONE_SIDED) -> float:
    """Lower bound of the Wilson score interval for a binomial share."""
    if checked <= 0:
        return 0.0
    share = matched / checked
    denominator = 1 + z * z / checked
    centre = share + z * z / (2 * checked)
    margin = z * math.sqrt(share * (1 - share) / checked + z * z / (4 * checked * checked))
    return max(0.0, (centre - margin) / denominator)


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (no scipy needed)."""
    if p <= 0:
        return 1.0
    if p >= 1:
        return 1.0 if k >= n else 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    log_term = n * log_q  # P(X = 0)
    total = math.exp(log_term)
    for i in range(k):
        log_term += math.log(n - i) - math.log(i + 1) + log_p - log_q
        total += math.exp(log_term)
    return min(1.0, total)


def clopper_pearson_upper(matched: int, checked: int, alpha: float = 0.05) -> float:
    """Exact one-sided upper confidence bound of a binomial share (1 - alpha^(1/n) when nothing matched)."""
    if checked <= 0:
        return 1.0
    if matched >= checked:
        return 1.0
    if matched == 0:
        return float(1 - alpha ** (1 / checked))
    if matched > 50 and checked - matched > 50:
        # Large counts: the Wilson bound is within a hair of the exact one and costs nothing.
        share = matched / checked
        z = _Z95_ONE_SIDED
        denominator = 1 + z * z / checked
        centre = share + z * z / (2 * checked)
        margin = z * math.sqrt(share * (1 - share) / checked + z * z / (4 * checked * checked))
        return min(1.0, (centre + margin) / denominator)
    low, high = matched / checked, 1.0
    for _ in range(60):  # bisection: the p at which seeing <= matched has probability alpha
        middle = (low + high) / 2
        if _binomial_cdf(matched, checked, middle) > alpha:
            low = middle
        else:
            high = middle
    return high


def _percent(share: float) -> str:
    percent = share * 100
    if percent >= 10:
        return f"{percent:.0f}%"
    if percent >= 1:
        return f"{percent:.1f}%"
    return f"{percent:.2g}%"


# NONE verdicts were right about 97% of the time on our evaluation sets (columns holding personal data of a kind
# no detector looks for exist): a NONE verdict never claims more than that.
NONE_CONFIDENCE_CAP = 0.97


def none_confidence(best_candidate: float, matched: int, checked: int) -> float:
    """Confidence in a NONE verdict: bounded by the strongest candidate's score, by what the sample rules out
    (1 - the 95% upper bound of that candidate's prevalence: 10 clean values prove less than 10,000), and by the
    measured precision of NONE verdicts."""
    ruled_out = 1.0 - clopper_pearson_upper(matched, checked) if checked else 0.0
    return round(min(1.0 - best_candidate, ruled_out, NONE_CONFIDENCE_CAP), 4)


def none_bound_sentence(matched: int, checked: int, category: Category | None = None) -> str:
    bound = clopper_pearson_upper(matched, checked)
    noun = "match" if matched == 1 else "matches"
    about = f" for {category.value}" if category is not None else ""
    return (
        f"{matched:,} {noun}{about} in {checked:,} sampled values: prevalence below {_percent(bound)} at 95% confidence"
    )


def score_candidate(candidate: dd.Candidate, *, sequential_ids: bool = False) -> float:
    """The calibrated confidence of one candidate (formula in the module docstring)."""
    if candidate.override_confidence is not None:
        return max(0.0, min(1.0, candidate.override_confidence))
    value = 0.0
    if candidate.checked and candidate.matched:
        lower = wilson_lower(candidate.matched, candidate.checked)
        corrected = max(0.0, (lower - candidate.chance) / (1 - candidate.chance))
        value = candidate.strength * min(1.0, corrected / candidate.full_share)
    if candidate.requires_header and candidate.header <= 0:
        value = min(value, NO_HEADER_CAP)
    contradicted = candidate.contradicted
    if sequential_ids and candidate.category in dd.NUMERIC_ID_CATEGORIES:
        value, contradicted = 0.0, True  # consecutive integers are a key, whatever the header says
    header = candidate.header * (CONTRADICTION_DISCOUNT if contradicted else 1.0)
    confidence = 1 - (1 - value) * (1 - header)
    if value <= 0:
        confidence = min(confidence, HEADER_CAP)
    return round(max(0.0, min(1.0, confidence)), 4)


def _exemplars(candidate: dd.Candidate, sample: ColumnSample) -> list[Exemplar]:
    wanted = set(candidate.matched_values[:5])
    found: list[Exemplar] = []
    for value, row in zip(sample.values, sample.row_numbers, strict=False):
        if value in wanted:
            wanted.discard(value)
            found.append(Exemplar(row_number=row, masked=mask_value(value, candidate.category)))
            if not wanted or len(found) >= 5:
                break
    return found


def _context(sample: ColumnSample) -> dd.ColumnContext:
    values = [value for value in sample.values if value and not value.isspace()]
    rows = list(sample.row_numbers)
    if len(values) > dd.WORKING_SAMPLE:
        step = len(values) / dd.WORKING_SAMPLE
        values = [values[int(i * step)] for i in range(dd.WORKING_SAMPLE)]
    headers = [sample.name, *sample.sibling_names, sample.table_name]
    return dd.ColumnContext(
        name=sample.name,
        header=header_evidence(sample.name),
        values=values,
        rows=rows,
        inferred_type=sample.inferred_type,
        languages=language_votes(headers),
        row_count=sample.row_count,
        sibling_names=tuple(name for name in (*sample.sibling_names, sample.table_name) if name),
    )


def classify_column(sample: ColumnSample) -> PiiVerdict:
    """Decide which personal-data category (or NONE) a column holds, with evidence."""
    ctx = _context(sample)
    if not ctx.values:
        return PiiVerdict(
            category=Category.NONE,
            confidence=round(min(1.0 - max(ctx.header.priors.values(), default=0.0), NONE_CONFIDENCE_CAP), 4),
            detector_version=DETECTOR_VERSION,
            none_bound="no non-null values were sampled",
        )
    sequential = dd.looks_like_sequential_ids(ctx)
    candidates = [detector(ctx) for detector in dd.ALL_DETECTORS]
    candidates.append(dd.detect_password(ctx, list(ctx.counts(dd.PASSWORD_SAMPLE).elements())))
    scored = sorted(
        ((score_candidate(c, sequential_ids=sequential), c) for c in candidates),
        key=lambda pair: (pair[0], pair[1].matched),
        reverse=True,
    )
    best_confidence, best = scored[0]
    ranking = {candidate.category.value: confidence for confidence, candidate in scored[:3] if confidence > 0}
    if best_confidence >= DECISION_THRESHOLD:
        signals = list(best.signals)
        if sequential and best.category in dd.NUMERIC_ID_CATEGORIES:
            signals.append(Signal("values:sequential_ids", 0.0))
        return PiiVerdict(
            category=best.category,
            confidence=best_confidence,
            subtype=best.subtype,
            special_category=best.category in SPECIAL_CATEGORIES,
            signals=signals,
            sample_size=best.checked,
            validated_share=round(best.share, 4),
            exemplars=_exemplars(best, sample),
            derived=dict(best.derived),
            detector_version=DETECTOR_VERSION,
            extra={"candidates": ranking},
        )
    # NONE: report what the sample rules out for the strongest candidate.
    strongest = max(candidates, key=lambda c: (score_candidate(c, sequential_ids=sequential), c.matched, c.checked))
    checked = strongest.checked or len(ctx.values)
    signals = [Signal(f"strongest:{strongest.category.value}", best_confidence)]
    if sequential:
        signals.append(Signal("values:sequential_ids", 0.0))
    return PiiVerdict(
        category=Category.NONE,
        confidence=none_confidence(best_confidence, strongest.matched, checked),
        signals=signals,
        sample_size=checked,
        validated_share=round(strongest.matched / checked, 4) if checked else 0.0,
        none_bound=none_bound_sentence(strongest.matched, checked, strongest.category),
        detector_version=DETECTOR_VERSION,
        extra={"candidates": ranking},
    )


def classify_values(name: str, values: Sequence[str], sibling_names: Sequence[str] = ()) -> PiiVerdict:
    """Convenience for tests and the CLI: classify a plain list of values."""
    sample = ColumnSample(
        name=name,
        values=list(values),
        row_numbers=list(range(1, len(values) + 1)),
        inferred_type="string",
        row_count=len(values),
        null_count=0,
        distinct_estimate=len(set(values)),
        sibling_names=tuple(sibling_names),
    )
    return classify_column(sample)
