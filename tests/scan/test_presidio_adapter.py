"""presidio adapter: offline analyzer, embedded-PII counts for free text, orca validators as recognizers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from orca_core.scan.detect.presidio_adapter import (
    STRUCTURED_ENTITIES,
    as_presidio_recognizer,
    build_analyzer,
    find_embedded_pii,
)


def luhn_valid(text: str) -> bool:
    digits = [int(ch) for ch in text if ch.isdigit()]
    if len(digits) < 12:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def test_analyzer_builds_and_runs_with_the_network_blocked() -> None:
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from orca_core.scan.detect.presidio_adapter import build_analyzer, find_embedded_pii
        analyzer = build_analyzer()
        assert "en" in analyzer.supported_languages
        counts = find_embedded_pii(["write to jane.doe@example.com please"])
        assert counts == {"EMAIL_ADDRESS": 1}, counts
        print("offline-ok")
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "offline-ok" in done.stdout
    assert "Downloading" not in done.stderr


def test_build_analyzer_is_cached_and_has_the_pattern_recognizers() -> None:
    analyzer = build_analyzer()
    assert build_analyzer() is analyzer
    entities = set(analyzer.get_supported_entities(language="en"))
    assert {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "IBAN_CODE",
        "IP_ADDRESS",
        "US_SSN",
        "UK_NINO",
    } <= entities
    assert "PERSON" not in entities  # no NER model here


FREE_TEXT_WITH_PII = [
    "Customer asked us to email jane.doe@example.com about the refund.",
    "Please call my mobile phone +46 70 123 45 67 after 5pm, thanks",
    "Paid with card 4111 1111 1111 1111 but it was declined",
    "Wire it to IBAN GB82 WEST 1234 5698 7654 32 next week",
    "Login came from 203.0.113.77 which looks odd",
    "Contact: bob.smith@example.org, phone number 212-555-0199",
]


def test_free_text_with_embedded_pii_returns_counts() -> None:
    counts = find_embedded_pii(FREE_TEXT_WITH_PII)
    assert counts["EMAIL_ADDRESS"] == 2
    assert counts["PHONE_NUMBER"] >= 2
    assert counts["CREDIT_CARD"] == 1
    assert counts["IBAN_CODE"] == 1
    assert counts["IP_ADDRESS"] == 1
    assert set(counts) <= set(STRUCTURED_ENTITIES)
    assert all(isinstance(v, int) for v in counts.values())


def test_free_text_without_pii_returns_no_structured_entities() -> None:
    values = [
        "The delivery arrived on time and the packaging was fine.",
        "Great product, would buy again. Five stars!",
        "Meeting moved to Thursday; agenda unchanged.",
        "Order 1234 shipped in 3 boxes",
        "",
        "Version 2.5 fixes the login bug.",
    ]
    assert find_embedded_pii(values) == {}


def test_samples_are_bounded() -> None:
    values = ["mail me at someone@example.com"] * 50
    assert find_embedded_pii(values, max_values=7) == {"EMAIL_ADDRESS": 7}
    # the email sits beyond the first max_chars characters: not examined
    late = ["x " * 100 + "someone@example.com"]
    assert find_embedded_pii(late, max_chars=50) == {}
    assert find_embedded_pii(late, max_chars=500) == {"EMAIL_ADDRESS": 1}


def test_wrapped_validator_rejects_pattern_matches_that_fail_validation() -> None:
    recognizer = as_presidio_recognizer("orca_card", "ORCA_CARD", luhn_valid, r"\b\d{16}\b", ["card"])
    results = recognizer.analyze("cards 4111111111111111 and 4111111111111112", entities=["ORCA_CARD"])
    assert len(results) == 1
    assert (results[0].start, results[0].end) == (6, 22)
    assert results[0].score == pytest.approx(1.0)
    assert recognizer.validate_result("4111111111111112") is False


def test_wrapped_validator_inside_the_analyzer_and_raising_validator() -> None:
    card = as_presidio_recognizer("orca_card", "ORCA_CARD", luhn_valid, r"\b\d{16}\b", ["card"])
    analyzer = build_analyzer([card])
    assert build_analyzer([card]) is analyzer
    assert analyzer is not build_analyzer()
    found = analyzer.analyze("card 4111111111111111 / 1234567812345678", language="en", entities=["ORCA_CARD"])
    assert [(r.start, r.end) for r in found] == [(5, 21)]

    def broken(_: str) -> bool:
        raise ValueError("validator bug")

    fragile = as_presidio_recognizer("orca_broken", "ORCA_BROKEN", broken, r"\b\d{4}\b", [])
    assert fragile.analyze("code 1234", entities=["ORCA_BROKEN"]) == []


def test_prose_without_digits_at_signs_or_colons_never_loads_presidio() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from orca_core.scan.detect.presidio_adapter import find_embedded_pii\n"
        "assert find_embedded_pii(['great product, arrived late', 'would buy again']) == {}\n"
        "print('presidio_analyzer' in sys.modules, 'spacy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_only_candidate_values_are_analysed_and_entities_are_still_found() -> None:
    from orca_core.scan.detect.presidio_adapter import find_embedded_pii

    prose = ["lovely weather today"] * 50
    with_contacts = ["please mail jane.doe@example.com about the order", "server at 10.20.30.40 is down"]
    found = find_embedded_pii(prose + with_contacts)
    assert found.get("EMAIL_ADDRESS") == 1 and found.get("IP_ADDRESS") == 1


def test_orca_detectors_are_usable_as_presidio_recognizers() -> None:
    from faker import Faker
    from stdnum import iban as stdnum_iban

    from orca_core.scan.detect.presidio_adapter import LANGUAGE, build_analyzer, orca_recognizers

    recognizers = orca_recognizers()
    analyzer = build_analyzer(recognizers)
    entities = [r.supported_entities[0] for r in recognizers]
    fake = Faker("sv_SE")
    fake.seed_instance(4)
    personnummer = fake.ssn()
    iban = Faker("de_DE").iban()
    assert stdnum_iban.is_valid(iban)
    text = f"Kunden har personnummer {personnummer} och konto {iban}."
    found = {r.entity_type for r in analyzer.analyze(text=text, language=LANGUAGE, entities=entities)}
    assert {"ORCA_SE_PERSONNUMMER", "ORCA_IBAN"} <= found
    broken = personnummer[:-1] + str((int(personnummer[-1]) + 1) % 10)
    broken_iban = iban[:2] + f"{(int(iban[2:4]) + 1) % 100:02d}" + iban[4:]
    text = f"Kunden har personnummer {broken} och konto {broken_iban}."
    found = {r.entity_type for r in analyzer.analyze(text=text, language=LANGUAGE, entities=entities)}
    assert "ORCA_SE_PERSONNUMMER" not in found and "ORCA_IBAN" not in found
