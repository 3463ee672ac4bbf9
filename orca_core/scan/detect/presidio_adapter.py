"""Bridge to presidio: embedded-PII counts for free-text columns, and orca validators as recognizers.

presidio is used offline only: no spaCy language model can be downloaded, so the analyzer runs on a blank
English spaCy pipeline (tokenizer only, plus a lower-casing "lemmatizer" so presidio's context words still
raise scores) with presidio's pattern recognizers. NER entities (PERSON, LOCATION) are therefore never
produced here; names and addresses come from orca's own detectors.

presidio is imported lazily (it pulls in spaCy, ~1-3 s): importing this module is cheap.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer, PatternRecognizer

# tldextract (used by presidio's email recognizer) fetches the public suffix list at first use unless told
# not to; an empty list of URLs makes it use its bundled snapshot. Must be set before presidio is imported.
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""

LANGUAGE: Final = "en"
DEFAULT_SCORE_THRESHOLD: Final = 0.5
_LEMMA_COMPONENT: Final = "orca_lowercase_lemma"
# Regions presidio's phone recognizer tries for numbers written without a country prefix.
_PHONE_REGIONS: Final = ("US", "GB", "SE", "DK", "NO", "FI", "DE", "FR", "NL", "ES", "IE", "BE", "AT", "CH")

# Structured entities presidio can find without an NLP model. URL and DATE_TIME are left out on purpose:
# a URL or a date in free text is not personal data by itself, and both fire constantly on ordinary prose.
STRUCTURED_ENTITIES: Final = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "MAC_ADDRESS",
    "US_SSN",
    "UK_NINO",
    "UK_NHS",
    "FI_PERSONAL_IDENTITY_CODE",
    "PL_PESEL",
    "ES_NIF",
    "ES_NIE",
    "IT_FISCAL_CODE",
)

# Every entity in STRUCTURED_ENTITIES contains a digit (phones, cards, IBANs, IPv4, national ids), an '@'
# (emails), a ':' (IPv6, MAC) or a dashed hex pair (MAC `AA-BB-...`): a value without any cannot hold one.
_MAY_HOLD_ENTITY: Final = re.compile(r"[0-9@:]|[A-Fa-f]{2}-[A-Fa-f]{2}-")

_lock = threading.Lock()
_analyzers: dict[tuple[int, ...], tuple[AnalyzerEngine, tuple[EntityRecognizer, ...]]] = {}


def _blank_nlp_engine() -> Any:
    """A presidio NLP engine over `spacy.blank("en")`: tokens and a lower-case lemma, no model download."""
    import spacy
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Language.has_factory(_LEMMA_COMPONENT):

        @Language.component(_LEMMA_COMPONENT)
        def _lowercase_lemma(doc: Doc) -> Doc:
            for token in doc:
                token.lemma_ = token.lower_
            return doc

    class BlankSpacyNlpEngine(SpacyNlpEngine):
        def load(self) -> None:
            nlp = spacy.blank(LANGUAGE)
            nlp.add_pipe(_LEMMA_COMPONENT)
            self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]  # presidio declares it None

    return BlankSpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "blank"}])


def _predefined_recognizers() -> list[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        EsNieRecognizer,
        EsNifRecognizer,
        FiPersonalIdentityCodeRecognizer,
        IbanRecognizer,
        IpRecognizer,
        ItFiscalCodeRecognizer,
        MacAddressRecognizer,
        NhsRecognizer,
        PhoneRecognizer,
        PlPeselRecognizer,
        UkNinoRecognizer,
        UsSsnRecognizer,
    )

    recognizers: list[EntityRecognizer] = [
        EmailRecognizer(),
        PhoneRecognizer(supported_regions=_PHONE_REGIONS),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        MacAddressRecognizer(),
        UsSsnRecognizer(),
        UkNinoRecognizer(),
        NhsRecognizer(),
        FiPersonalIdentityCodeRecognizer(supported_language=LANGUAGE),
        PlPeselRecognizer(supported_language=LANGUAGE),
        EsNifRecognizer(supported_language=LANGUAGE),
        EsNieRecognizer(supported_language=LANGUAGE),
        ItFiscalCodeRecognizer(supported_language=LANGUAGE),
    ]
    return recognizers


def build_analyzer(extra_recognizers: Sequence[EntityRecognizer] = ()) -> AnalyzerEngine:
    """An offline presidio `AnalyzerEngine` with the pattern recognizers orca uses, plus `extra_recognizers`.

    Built on first use and cached per set of extra recognizers (by identity; the cache keeps them alive), so
    repeated calls are free. Never downloads anything.
    """
    extras = tuple(extra_recognizers)
    key = tuple(id(r) for r in extras)
    with _lock:
        cached = _analyzers.get(key)
        if cached is not None:
            return cached[0]
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        for recognizer in [*_predefined_recognizers(), *extras]:
            registry.add_recognizer(recognizer)
        analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=_shared_nlp_engine(),
            supported_languages=[LANGUAGE],
            default_score_threshold=DEFAULT_SCORE_THRESHOLD,
        )
        _analyzers[key] = (analyzer, extras)
        return analyzer


_nlp_engine: Any = None


def _shared_nlp_engine() -> Any:
    global _nlp_engine
    if _nlp_engine is None:
        engine = _blank_nlp_engine()
        engine.load()
        _nlp_engine = engine
    return _nlp_engine


def find_embedded_pii(
    values: Sequence[str],
    *,
    max_values: int = 200,
    max_chars: int = 2000,
    score_threshold: float = DEFAULT_SCORE_THRESHOLD,
) -> dict[str, int]:
    """For a free-text column: in how many of the sampled values does each structured entity type occur?

    Runs presidio on at most `max_values` values, each cut to `max_chars` characters, and returns
    `{entity_type: number_of_values_containing_it}` for results scoring at least `score_threshold` (entity
    types with no hit are absent). Counts are per value, not per occurrence, so `count / sampled` is a share.
    No text is returned. Meant for free-text columns: never run it cell by cell over whole structured
    columns (about 1-2 ms per value).
    """
    candidates: list[str] = []
    for value in values:
        if len(candidates) >= max_values:
            break
        if isinstance(value, str) and value.strip() and _MAY_HOLD_ENTITY.search(value[:max_chars]):
            candidates.append(value[:max_chars])
    if not candidates:
        # None of STRUCTURED_ENTITIES can occur without a digit, '@', ':' or a dashed hex pair, so presidio
        # (and its seconds of spaCy imports) is not even loaded for prose without them.
        return {}
    analyzer = build_analyzer()
    counts: dict[str, int] = {}
    for text in candidates:
        results = analyzer.analyze(
            text=text,
            language=LANGUAGE,
            entities=list(STRUCTURED_ENTITIES),
            score_threshold=score_threshold,
        )
        for entity_type in {result.entity_type for result in results}:
            counts[entity_type] = counts.get(entity_type, 0) + 1
    return counts


def as_presidio_recognizer(
    name: str,
    entity: str,
    validator: Callable[[str], bool],
    pattern: str,
    context: Sequence[str],
) -> PatternRecognizer:
    """Wrap one of orca's validators as a presidio `PatternRecognizer`.

    A regex match scores 0.5 until `validate_result` runs `validator` on the matched text: a valid match
    scores 1.0, an invalid one is dropped (as is one whose validator raises). `context` words raise the score
    of matches near them, as in presidio's own recognizers.
    """
    from presidio_analyzer import Pattern, PatternRecognizer

    class OrcaValidatedRecognizer(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            try:
                return bool(validator(pattern_text))
            except Exception:
                return False

    return OrcaValidatedRecognizer(
        supported_entity=entity,
        name=name,
        patterns=[Pattern(name=name, regex=pattern, score=0.5)],
        context=list(context),
        supported_language=LANGUAGE,
    )


# orca's validators as presidio recognizers: a presidio user gets orca's checksum-validated national ids, IBANs
# and cards. Each pattern only proposes candidates; the validator (check digits, dates, ranges) decides.
_ORCA_PATTERNS: Final = {
    "SE_PERSONNUMMER": (r"\b(?:\d{2})?\d{6}[-+]?\d{4}\b", ("personnummer", "samordningsnummer", "pnr")),
    "US_SSN": (r"\b\d{3}-\d{2}-\d{4}\b|\b\d{9}\b", ("ssn", "social security")),
    "UK_NINO": (r"\b[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]\b", ("nino", "national insurance")),
    "DK_CPR": (r"\b\d{6}-?\d{4}\b", ("cpr", "personnummer")),
    "FI_HETU": (r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Ya-y]\b", ("hetu", "henkilötunnus", "henkilotunnus")),
    "NO_FNR": (r"\b\d{6} ?\d{5}\b", ("fødselsnummer", "fodselsnummer", "fnr")),
    "NL_BSN": (r"\b\d{9}\b|\b\d{4}\.\d{2}\.\d{3}\b", ("bsn", "burgerservicenummer")),
    "ES_DNI": (r"\b[XYZxyz]?\d{7,8}-?[A-Za-z]\b", ("dni", "nie", "nif")),
    "FR_NIR": (r"\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}\b", ("nir", "sécurité sociale")),
    "DE_STEUER_ID": (r"\b\d{2} ?\d{3} ?\d{3} ?\d{3}\b", ("steuer", "steueridentifikationsnummer", "idnr")),
    "IT_CODICE_FISCALE": (r"\b[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z]\b", ("codice fiscale", "cf")),
    "PL_PESEL": (r"\b\d{11}\b", ("pesel",)),
    "IBAN": (r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", ("iban", "account")),
    "CREDIT_CARD": (r"\b(?:\d[ -]?){12,18}\d\b", ("card", "visa", "mastercard", "kort", "karte", "carte")),
}


def orca_recognizers() -> list[PatternRecognizer]:
    """orca's validated detectors as presidio `PatternRecognizer`s, entity names prefixed `ORCA_`.

    Usage: `build_analyzer(orca_recognizers())`, or `AnalyzerEngine().registry.add_recognizer(r)` for each.
    """
    from orca_core.scan.detect import validators

    checks: dict[str, Callable[[str], bool]] = {
        "SE_PERSONNUMMER": validators.is_se_personnummer,
        "US_SSN": validators.is_us_ssn,
        "UK_NINO": validators.is_uk_nino,
        "DK_CPR": validators.is_dk_cpr,
        "FI_HETU": validators.is_fi_hetu,
        "NO_FNR": validators.is_no_fnr,
        "NL_BSN": validators.is_nl_bsn,
        "ES_DNI": validators.is_es_dni,
        "FR_NIR": validators.is_fr_nir,
        "DE_STEUER_ID": validators.is_de_steuer_id,
        "IT_CODICE_FISCALE": validators.is_it_codice_fiscale,
        "PL_PESEL": validators.is_pl_pesel,
        "IBAN": validators.is_iban,
        "CREDIT_CARD": validators.is_credit_card,
    }
    return [
        as_presidio_recognizer(
            f"Orca{kind.title().replace('_', '')}Recognizer", f"ORCA_{kind}", checks[kind], pattern, context
        )
        for kind, (pattern, context) in _ORCA_PATTERNS.items()
    ]
