"""Merging the built-in verdict with the LLM's: who wins, and why.

The built-in verdict is evidence from the values themselves; the LLM saw only masked values, names and statistics.
So the LLM decides only where the rules had little to go on:

==============================================  ===============================================================
built-in verdict                                the LLM's answer can ...
==============================================  ===============================================================
checksum-validated (Luhn, mod-97, national ID   nothing: a value that passes a checksum is stronger than any
check digits) or PASSWORD                       reading of masked text, and raw-password handling is the
                                                detectors' alone. Prompt injection therefore cannot touch them.
value-backed (>= half the sampled values        nothing: disagreement is recorded, the built-in verdict stands.
matched the category's rule)
weak (header-only, or few values matched)       demote it to NONE, or replace it with another category, when
                                                confident (>= 0.7) and more confident than the rules.
NONE                                            add a category the rules missed (free-text health notes, Art. 9
                                                data, unusual headers) when confident (>= 0.6).
==============================================  ===============================================================

Two categories of answer are never taken: PASSWORD (raw-password handling is the detectors' alone), and, over a
verdict the rules reached by checking values, a category whose values the rules validate by format or checksum
(e-mail, phone, IBAN, card, bank account, national ID, IP, MAC): had the values been of that kind, the validator
would have matched them, and the LLM saw only their masks. A verdict the LLM won carries its confidence capped at
0.85 (self-reported, from masked input: not calibrated like the rules').
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Any

from orca_core.llm.contract import LlmAnswer
from orca_core.scan.categories import SPECIAL_CATEGORIES, Category
from orca_core.scan.detect.model import PiiVerdict, Signal

ADD_THRESHOLD = 0.6
OVERRULE_THRESHOLD = 0.7
LLM_CONFIDENCE_CAP = 0.85
VALUE_BACKED_SHARE = 0.5
# Categories the detectors check value by value with a format or checksum validator.
VALUE_VALIDATED = frozenset(
    {
        Category.EMAIL_ADDRESS,
        Category.PHONE_NUMBER,
        Category.IBAN,
        Category.CREDIT_CARD,
        Category.BANK_ACCOUNT,
        Category.NATIONAL_ID,
        Category.IP_ADDRESS,
        Category.MAC_ADDRESS,
    }
)
_CHECKSUM_RULES = ("values:luhn_iin", "values:iban_mod97", "values:national_account_checksum", "values:checksum:")


class Strength(enum.StrEnum):
    CHECKSUM = "checksum_validated"
    PASSWORD = "password_detector"  # noqa: S105 - a strength label
    VALUE_BACKED = "value_backed"
    WEAK = "weak"
    NONE = "none"


def builtin_strength(verdict: PiiVerdict) -> Strength:
    if verdict.category is Category.PASSWORD:
        return Strength.PASSWORD
    if verdict.category is Category.NONE:
        return Strength.NONE
    for signal in verdict.signals:
        if signal.name.startswith(_CHECKSUM_RULES) and signal.weight >= VALUE_BACKED_SHARE:
            return Strength.CHECKSUM
    if verdict.validated_share >= VALUE_BACKED_SHARE:
        return Strength.VALUE_BACKED
    return Strength.WEAK


@dataclass(frozen=True)
class MergeDecision:
    verdict: PiiVerdict  # the final verdict
    winner: str  # "builtin" | "llm" | "agreed"
    why: str

    @property
    def changed(self) -> bool:
        return self.winner == "llm"


def _llm_verdict(builtin: PiiVerdict, answer: LlmAnswer) -> PiiVerdict:
    confidence = round(min(answer.confidence, LLM_CONFIDENCE_CAP), 4)
    personal = answer.category is not Category.NONE
    return replace(
        builtin,
        category=answer.category,
        confidence=confidence,
        subtype=answer.subtype if personal else None,
        special_category=answer.category in SPECIAL_CATEGORIES,
        signals=[*builtin.signals, Signal(f"llm:{answer.category.value}", confidence)],
        exemplars=list(builtin.exemplars) if personal else [],
        derived={} if answer.category is not builtin.category else dict(builtin.derived),
        none_bound=None if personal else "the LLM judged the built-in header-only guess wrong",
        extra=dict(builtin.extra),
    )


def merge(builtin: PiiVerdict, answer: LlmAnswer | None) -> MergeDecision:
    """The final verdict for one column given the built-in verdict and the LLM's (valid) answer, if any."""
    if answer is None:
        return MergeDecision(builtin, "builtin", "no usable LLM answer")
    strength = builtin_strength(builtin)
    if answer.category is builtin.category:
        return MergeDecision(builtin, "agreed", "the LLM agrees with the built-in verdict")
    if strength is Strength.CHECKSUM:
        return MergeDecision(builtin, "builtin", "checksum-validated values are never overruled by the LLM")
    if strength is Strength.PASSWORD:
        return MergeDecision(builtin, "builtin", "raw-password verdicts belong to the built-in detector alone")
    if answer.category is Category.PASSWORD:
        return MergeDecision(builtin, "builtin", "the LLM cannot assign PASSWORD")
    if answer.category in VALUE_VALIDATED and builtin.sample_size > 0:
        return MergeDecision(
            builtin, "builtin", f"the sampled values fail the rules' {answer.category.value} validator"
        )
    if strength is Strength.VALUE_BACKED:
        return MergeDecision(
            builtin,
            "builtin",
            f"{builtin.validated_share:.0%} of sampled values matched the built-in category's rule",
        )
    if strength is Strength.NONE:
        if answer.confidence >= ADD_THRESHOLD:
            return MergeDecision(
                _llm_verdict(builtin, answer), "llm", "the rules found nothing; the LLM added a category"
            )
        return MergeDecision(builtin, "builtin", f"the LLM's confidence is below {ADD_THRESHOLD}")
    # weak built-in verdict: header-only or few matching values
    if answer.confidence >= OVERRULE_THRESHOLD and answer.confidence > builtin.confidence:
        why = (
            "the LLM demoted a weak built-in guess (header only or few matching values)"
            if answer.category is Category.NONE
            else "the LLM replaced a weak built-in guess (header only or few matching values)"
        )
        return MergeDecision(_llm_verdict(builtin, answer), "llm", why)
    return MergeDecision(builtin, "builtin", "the LLM was not confident enough to overrule the built-in guess")


def evidence(
    builtin: PiiVerdict, decision: MergeDecision, answer: LlmAnswer | None, *, source: str, rejected: str | None
) -> dict[str, Any]:
    """`pii.evidence.llm` of one column: both verdicts, the winner and why."""
    out: dict[str, Any] = {
        "source": source,  # "request" | "cache" | "none"
        "builtin": {
            "category": builtin.category.value,
            "confidence": round(builtin.confidence, 4),
            "strength": builtin_strength(builtin).value,
        },
        "answer": answer.as_dict() if answer is not None else None,
        "winner": decision.winner,
        "why": decision.why,
    }
    if rejected is not None:
        out["rejected"] = rejected
    return out
