"""Header words: whole-token matching, folding, phrases, compounds, modifiers, languages."""

from __future__ import annotations

import pytest

from orca_core.scan.categories import Category as C
from orca_core.scan.categories import NationalIdSubtype as S
from orca_core.scan.detect.lexicon import HEADER_CAP, header_evidence, language_votes, tokenize


@pytest.mark.parametrize(
    ("header", "tokens"),
    [
        ("customerEmailAddress", ("customer", "email", "address")),
        ("HTTPServerName", ("http", "server", "name")),
        ("Födelsedatum", ("fodelsedatum",)),
        ("e-mail", ("e", "mail")),
        ("address_line2", ("address", "line", "2")),
        ("  First  Name ", ("first", "name")),
        ("STRASSE", ("strasse",)),
        ("Straße", ("strasse",)),
        ("", ()),
    ],
)
def test_tokenize(header: str, tokens: tuple[str, ...]) -> None:
    assert tokenize(header) == tokens


@pytest.mark.parametrize(
    ("header", "category"),
    [
        ("email", C.EMAIL_ADDRESS),
        ("E-Mail", C.EMAIL_ADDRESS),
        ("epost", C.EMAIL_ADDRESS),
        ("courriel", C.EMAIL_ADDRESS),
        ("sähköposti", C.EMAIL_ADDRESS),
        ("correo_electronico", C.EMAIL_ADDRESS),
        ("telefonnummer", C.PHONE_NUMBER),
        ("Telefoonnummer", C.PHONE_NUMBER),
        ("puhelinnumero", C.PHONE_NUMBER),
        ("kundtelefonnummer", C.PHONE_NUMBER),
        ("date of birth", C.DATE_OF_BIRTH),
        ("DateOfBirth", C.DATE_OF_BIRTH),
        ("födelsedatum", C.DATE_OF_BIRTH),
        ("fodelsedatum", C.DATE_OF_BIRTH),
        ("Geburtsdatum", C.DATE_OF_BIRTH),
        ("date_de_naissance", C.DATE_OF_BIRTH),
        ("geboortedatum", C.DATE_OF_BIRTH),
        ("fecha_nacimiento", C.DATE_OF_BIRTH),
        ("fødselsdato", C.DATE_OF_BIRTH),
        ("syntymäaika", C.DATE_OF_BIRTH),
        ("first_name", C.PERSON_NAME),
        ("förnamn", C.PERSON_NAME),
        ("Nachname", C.PERSON_NAME),
        ("prénom", C.PERSON_NAME),
        ("achternaam", C.PERSON_NAME),
        ("apellido", C.PERSON_NAME),
        ("efternavn", C.PERSON_NAME),
        ("etternavn", C.PERSON_NAME),
        ("sukunimi", C.PERSON_NAME),
        ("gatuadress", C.STREET_ADDRESS),
        ("Straße", C.STREET_ADDRESS),
        ("postadresse", C.STREET_ADDRESS),
        ("rue", C.STREET_ADDRESS),
        ("direccion", C.STREET_ADDRESS),
        ("katuosoite", C.STREET_ADDRESS),
        ("personnummer", C.NATIONAL_ID),
        ("ssn", C.NATIONAL_ID),
        ("hetu", C.NATIONAL_ID),
        ("BSN", C.NATIONAL_ID),
        ("kön", C.GENDER),
        ("Geschlecht", C.GENDER),
        ("sexe", C.GENDER),
        ("sukupuoli", C.GENDER),
        ("kjønn", C.GENDER),
        ("passnummer", C.PASSPORT_NUMBER),
        ("passeport", C.PASSPORT_NUMBER),
        ("kontonummer", C.BANK_ACCOUNT),
        ("rekeningnummer", C.BANK_ACCOUNT),
        ("tilinumero", C.BANK_ACCOUNT),
        ("ip_address", C.IP_ADDRESS),
        ("mac_address", C.MAC_ADDRESS),
        ("latitude", C.GEOLOCATION),
        ("diagnos", C.HEALTH_DATA),
        ("blood_type", C.HEALTH_DATA),
        ("has_diabetes", C.HEALTH_DATA),
        ("religion", C.SPECIAL_CATEGORY),
        ("is_union_member", C.SPECIAL_CATEGORY),
        ("fackförbund", C.SPECIAL_CATEGORY),
        ("användarnamn", C.USERNAME),
        ("Benutzername", C.USERNAME),
        ("registreringsnummer", C.VEHICLE_REGISTRATION),
        ("kennzeichen", C.VEHICLE_REGISTRATION),
        ("kenteken", C.VEHICLE_REGISTRATION),
        ("lösenord", C.PASSWORD),
        ("iban", C.IBAN),
        ("card_number", C.CREDIT_CARD),
    ],
)
def test_multilingual_headers(header: str, category: C) -> None:
    evidence = header_evidence(header)
    assert evidence.prior(category) > 0, (header, evidence.priors)
    assert evidence.prior(category) <= HEADER_CAP


@pytest.mark.parametrize(
    "header",
    [
        "acid_level",
        "email_verified",
        "has_email",
        "email_count",
        "phone_type",
        "is_email_enabled",
        "email_opt_in",
        "phone_status",
        "product_name",
        "company name",
        "file_name",
        "order_id",
        "created_at",
        "description",
        "amount",
        "emailed",
    ],
)
def test_non_personal_headers(header: str) -> None:
    evidence = header_evidence(header)
    assert not ({C.EMAIL_ADDRESS, C.PHONE_NUMBER, C.PERSON_NAME, C.NATIONAL_ID} & set(evidence.priors)), (
        header,
        evidence.priors,
    )


def test_modifier_is_reported() -> None:
    assert header_evidence("email_verified").modifier == "verified"


def test_phrase_inside_longer_phrase_does_not_count_for_another_category() -> None:
    assert set(header_evidence("email_address").priors) == {C.EMAIL_ADDRESS}
    assert set(header_evidence("ip_address").priors) == {C.IP_ADDRESS}
    assert set(header_evidence("street_address").priors) == {C.STREET_ADDRESS}


def test_subtype_hints() -> None:
    assert header_evidence("personnummer").subtype_hint is S.SE_PERSONNUMMER
    assert header_evidence("cpr_nr").subtype_hint is S.DK_CPR
    assert header_evidence("codice_fiscale").subtype_hint is S.IT_CODICE_FISCALE
    assert header_evidence("Steuer-ID").subtype_hint is S.DE_STEUER_ID
    assert header_evidence("customer_id").subtype_hint is None


def test_negative_context() -> None:
    assert header_evidence("order_number").negative_context
    assert not header_evidence("phone").negative_context


def test_language_votes_from_sibling_headers() -> None:
    votes = language_votes(["förnamn", "efternamn", "postnummer", "ort", "telefon"])
    assert votes.most_common(1)[0][0] == "sv"
    votes = language_votes(["Vorname", "Nachname", "PLZ", "Geburtsdatum"])
    assert votes.most_common(1)[0][0] == "de"


@pytest.mark.parametrize(
    ("header", "category"),
    [
        ("car_reg", C.VEHICLE_REGISTRATION),
        ("targa", C.VEHICLE_REGISTRATION),
        ("numer_rejestracyjny", C.VEHICLE_REGISTRATION),
        ("passaporto", C.PASSPORT_NUMBER),
        ("nr_paszportu", C.PASSPORT_NUMBER),
        ("diagnosi", C.HEALTH_DATA),
        ("indirizzo", C.STREET_ADDRESS),
        ("cognome", C.PERSON_NAME),
        ("nazwisko", C.PERSON_NAME),
        ("data_di_nascita", C.DATE_OF_BIRTH),
        ("data_urodzenia", C.DATE_OF_BIRTH),
        ("numer_konta", C.BANK_ACCOUNT),
        ("kontonr", C.BANK_ACCOUNT),
        ("acc_no", C.BANK_ACCOUNT),
        ("mob", C.PHONE_NUMBER),
        ("numero_di_telefono", C.PHONE_NUMBER),
        ("nin", C.NATIONAL_ID),
        ("remote_user", C.USERNAME),
        ("nome_utente", C.USERNAME),
        ("MobilePhone", C.PHONE_NUMBER),
        ("MailingStreet", C.STREET_ADDRESS),
        ("givenName", C.PERSON_NAME),
        ("ship_to", C.PERSON_NAME),
        ("display_name", C.PERSON_NAME),
        ("sesso", C.GENDER),
        ("plec", C.GENDER),
    ],
)
def test_more_header_conventions(header: str, category: C) -> None:
    evidence = header_evidence(header)
    assert evidence.prior(category) > 0, (header, evidence.priors)
    assert evidence.prior(category) <= HEADER_CAP


@pytest.mark.parametrize("header", ["column_2", "col7", "x8", "Unnamed: 3", "field_12", "V5", "col_b"])
def test_placeholder_headers_carry_no_evidence(header: str) -> None:
    evidence = header_evidence(header)
    assert not evidence.priors
    assert not evidence.negative_context and not evidence.non_person_name


def test_organisation_and_money_headers() -> None:
    for header in ("Hersteller", "manufacturer", "Krankenkasse", "method", "insurer"):
        assert header_evidence(header).non_person_name, header
    for header in ("salary", "gross_wage", "Gehalt"):
        assert header_evidence(header).negative_context, header
    assert header_evidence("agent").prior(C.USERNAME) <= 0.3  # a weak hint: values must read as handles
