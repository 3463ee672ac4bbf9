# ruff: noqa: E501  (one line per group of columns reads better than one column per line)
"""What the evaluation set contains: every file, table and column, with its kind (and so its label).

Headers are in the language of the system the file pretends to come from; some are cryptic (`x5`, `c_mail`)
or misleading (`name` holding product names, `address` holding IP addresses) so values must decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Col:
    header: str
    kind: str
    opts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    name: str
    rows: int
    locales: list[str]
    lang: str
    cols: list[Col]


@dataclass(frozen=True)
class FileSpec:
    name: str
    fmt: str  # csv | xlsx | parquet | json | jsonl
    lang: str  # language of the headers ("-" for headerless files)
    tables: list[Table]
    delimiter: str = ","
    encoding: str = "utf-8"
    header: bool = True
    newline: str = "\n"
    quote_all: bool = False


def c(header: str, kind: str, **opts: Any) -> Col:
    return Col(header, kind, opts)


def _stem(name: str) -> str:
    return name.split(".", 1)[0]


def single(name: str, fmt: str, lang: str, locales: list[str], rows: int, cols: list[Col], **kw: Any) -> FileSpec:
    return FileSpec(name, fmt, lang, [Table(_stem(name), rows, locales, lang, cols)], **kw)


# fmt: off
SE, GB, US, DE, FR, NL = ["sv_SE"], ["en_GB"], ["en_US"], ["de_DE"], ["fr_FR"], ["nl_NL"]
ES, DK, NO, FI, IT, PL = ["es_ES"], ["da_DK"], ["no_NO"], ["fi_FI"], ["it_IT"], ["pl_PL"]
MIXED = ["en_US", "en_GB", "sv_SE", "de_DE", "fr_FR", "nl_NL", "es_ES", "da_DK", "no_NO", "fi_FI", "it_IT",
         "pl_PL"]
LATIN1_SAFE = ["de_DE", "fr_FR", "nl_NL", "es_ES", "da_DK", "sv_SE", "fi_FI", "it_IT", "en_GB", "en_US"]

ISO, DMY_DOT, DMY_SLASH, MDY, DMY_DASH, YMD_COMPACT = "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%Y%m%d"

CSV_FILES: list[FileSpec] = [
    single("customers_se.csv.gz", "csv", "sv", SE, 1200, [
        c("kundnr", "seq_id", nulls=0), c("förnamn", "first_name"), c("efternamn", "last_name"),
        c("personnummer", "nid_SE_PERSONNUMMER"), c("e-post", "email"), c("mobilnummer", "phone", style="mixed"),
        c("gatuadress", "street"), c("ort", "city"), c("födelsedatum", "dob", fmt=ISO), c("kön", "gender"),
        c("bankkonto", "bank_account", country="SE"), c("registrerad", "timestamp"),
        c("nyhetsbrev", "flag", bool=("ja", "nej")), c("antal_ordrar", "count"), c("valuta", "currency"),
    ], delimiter=";"),
    single("patients_de.csv", "csv", "de", DE, 800, [
        c("Patienten-Nr", "seq_id", nulls=0), c("Vorname", "first_name"), c("Nachname", "last_name"),
        c("Geburtsdatum", "dob", fmt=DMY_DOT), c("Geschlecht", "gender"), c("Steuer-ID", "nid_DE_STEUER_ID"),
        c("Straße", "street"), c("Wohnort", "city"), c("Diagnose", "diagnosis"), c("ICD-10", "icd10"),
        c("Medikation", "medication"), c("Blutgruppe", "blood_group"), c("Konfession", "religion"),
        c("Krankenkasse", "company"), c("Aufnahmedatum", "event_date", fmt=DMY_DOT), c("IBAN", "iban", pretty=0.6),
        c("Bemerkung", "comment"),
    ], delimiter=";", encoding="latin-1", newline="\r\n"),
    single("orders_us.csv", "csv", "en", US, 2000, [
        c("order_id", "seq_id", nulls=0, start=500000), c("order_number", "order_no_phone", nulls=0),
        c("customer_email", "email"), c("ship_to", "full_name"), c("shipping_address", "full_address"),
        c("phone", "phone", style="national"), c("sku", "sku"), c("product_name", "product_name"),
        c("qty", "quantity"), c("unit_price", "price"), c("currency", "currency", values=["USD"]),
        c("order_date", "timestamp"), c("status", "status"), c("cc_number", "card"),
        c("tracking_no", "token", prefix="1Z", length=16), c("coupon_code", "token", length=8),
        c("email_verified", "flag", bool=("true", "false")), c("gift_message", "comment"),
        c("gift_card_no", "card_bad16"),
    ]),
    single("employees_uk.csv", "csv", "en", GB, 600, [
        c("employee_id", "code_id", prefix="EMP", nulls=0), c("full_name", "full_name"),
        c("ni_number", "nid_UK_NINO"), c("date_of_birth", "dob", fmt=DMY_SLASH), c("work_email", "email"),
        c("mobile", "phone", style="intl"), c("home_address", "full_address"),
        c("bank_details", "bank_account", country="GB"), c("passport_no", "passport", country="GB"),
        c("car_reg", "plate"), c("union_member", "union", lang="en"), c("temp_password", "password"),
        c("department", "department"), c("job_title", "job_title"), c("salary", "price", lo=21000, hi=98000),
        c("start_date", "event_date", fmt=DMY_SLASH),
    ], encoding="utf-8-sig"),
    single("crm_export_nl.csv", "csv", "-", NL, 700, [
        c("", "seq_id", nulls=0), c("", "full_name"), c("", "email"), c("", "nid_NL_BSN"),
        c("", "phone", style="mixed"), c("", "iban", pretty=0.2), c("", "street"), c("", "city"),
        c("", "dob", fmt=DMY_DASH), c("", "status", lang="nl"), c("", "price"),
    ], delimiter="|", header=False),
    single("web_access_log.csv", "csv", "en", MIXED, 2000, [
        c("ts", "timestamp", nulls=0), c("client_ip", "ipv4"), c("client_ipv6", "ipv6"),
        c("method", "enum", values=["GET", "GET", "POST", "PUT", "DELETE"]), c("path", "http_path"),
        c("status", "http_status"), c("bytes", "quantity", lo=120, hi=250000), c("user_agent", "user_agent"),
        c("remote_user", "username"), c("session_id", "uuid"), c("request_ms", "measure", lo=1, hi=900),
    ], delimiter="\t"),
    single("adherents_fr.csv", "csv", "fr", FR, 500, [
        c("n_adherent", "seq_id", nulls=0), c("nom", "last_name"), c("prénom", "first_name"),
        c("nir", "nid_FR_NIR"), c("date_de_naissance", "dob", fmt=DMY_SLASH), c("sexe", "gender"),
        c("téléphone", "phone", style="national"), c("courriel", "email"), c("adresse", "street"),
        c("ville", "city"), c("syndicat", "union"), c("parti_politique", "party"),
        c("cotisation", "price", lo=20, hi=240), c("iban", "iban", pretty=0.7),
        c("statut", "enum", values=["actif", "radié", "suspendu"]), c("commentaire", "comment"),
    ], delimiter=";", encoding="utf-16"),
    single("kunder_dk.csv", "csv", "da", DK, 400, [
        c("kundenr", "seq_id", nulls=0), c("cpr_nr", "nid_DK_CPR"), c("navn", "full_name"),
        c("adresse", "street"), c("bynavn", "city"), c("telefon", "phone", style="mixed"), c("email", "email"),
        c("køn", "gender"), c("kontonummer", "bank_account", country="DK"),
        c("oprettet", "event_date", fmt=DMY_DASH), c("nyhedsbrev", "flag", bool=("ja", "nej")),
        c("antal_køb", "count"),
    ]),
    single("brukere_no.csv", "csv", "no", NO, 450, [
        c("bruker_id", "uuid", nulls=0), c("fødselsnummer", "nid_NO_FNR"), c("fornavn", "first_name"),
        c("etternavn", "last_name"), c("e-post", "email"), c("mobil", "phone", style="intl"),
        c("postadresse", "street"), c("kontonummer", "bank_account", country="NO"),
        c("passnummer", "passport", country="NO"), c("kjønn", "gender"), c("fagforening", "union"),
        c("bil_regnr", "plate"), c("sist_innlogget", "timestamp"), c("poeng", "count", mean=200),
    ], delimiter=";"),
    single("henkilosto_fi.csv", "csv", "fi", FI, 350, [
        c("henkilönumero", "seq_id", nulls=0), c("henkilötunnus", "nid_FI_HETU"), c("etunimi", "first_name"),
        c("sukunimi", "last_name"), c("sähköposti", "email"), c("puhelin", "phone", style="mixed"),
        c("katuosoite", "street"), c("kaupunki", "city"), c("syntymäaika", "dob", fmt=DMY_DOT),
        c("sukupuoli", "gender"), c("tilinumero", "iban", pretty=0.8), c("palkka", "price", lo=2200, hi=7400),
        c("osasto", "department"), c("aloituspäivä", "event_date", fmt=DMY_DOT),
    ], newline="\r\n"),
    single("clientes_es.csv", "csv", "es", ES, 900, [
        c("id_cliente", "seq_id", nulls=0), c("dni_nie", "nid_ES_DNI"), c("nombre", "first_name"),
        c("apellidos", "last_name"), c("correo_electronico", "email"), c("telefono", "phone", style="mixed"),
        c("direccion", "street"), c("ciudad", "city"), c("fecha_nacimiento", "dob", fmt=DMY_SLASH),
        c("matricula", "plate"), c("iban", "iban"), c("sexo", "gender"), c("orientacion_sexual", "orientation"),
        c("importe", "price"), c("fecha_alta", "event_date", fmt=DMY_SLASH),
    ], quote_all=True),
    single("pazienti_it.csv", "csv", "it", IT, 300, [
        c("id", "seq_id", nulls=0), c("codice_fiscale", "nid_IT_CODICE_FISCALE"), c("nome", "first_name"),
        c("cognome", "last_name"), c("data_di_nascita", "dob", fmt=DMY_SLASH), c("sesso", "gender"),
        c("diagnosi", "diagnosis"), c("farmaco", "medication"), c("telefono", "phone", style="mixed"),
        c("indirizzo", "street"), c("città", "city"), c("reparto", "department"),
        c("data_ricovero", "event_date", fmt=DMY_SLASH), c("note", "comment", lang="en"),
    ], delimiter=";"),
    single("klienci_pl.csv", "csv", "-", PL, 500, [
        c("", "seq_id", nulls=0), c("", "full_name"), c("", "nid_PL_PESEL"), c("", "phone", style="mixed"),
        c("", "email"), c("", "street"), c("", "city"), c("", "bank_account", country="PL"),
        c("", "dob", fmt=ISO), c("", "price"), c("", "sku"),
    ], header=False),
    single("device_inventory.csv", "csv", "en", MIXED, 400, [
        c("asset_tag", "code_id", prefix="AT", width=5, nulls=0), c("hostname", "hostname"),
        c("serial_number", "token", length=12), c("mac_address", "mac"), c("wifi", "mac", style="dash"), c("address", "ipv4", private=0.9),
        c("owner_email", "email"), c("owner", "full_name"), c("admin_password", "password"),
        c("os_version", "version"), c("purchase_date", "event_date", fmt=ISO), c("site", "city"),
    ]),
    single("legacy_dump.csv", "csv", "en", MIXED, 600, [
        c("col1", "seq_id", nulls=0), c("x2", "full_name"), c("c_mail", "email"), c("tel_no", "phone", style="e164"),
        c("x5", "ip_mixed"), c("col6", "mac"), c("col7", "password"), c("x8", "username"), c("f9", "card"),
        c("fld10", "sha256"), c("x11", "dob", fmt=ISO), c("x12", "nid_US_SSN"), c("x13", "uuid"),
        c("x14", "price"), c("x15", "nid_FR_NIR"), c("x16", "iban"), c("x17", "geo_pair"),
    ]),
    single("products_catalog.csv", "csv", "en", MIXED, 1000, [
        c("product_id", "seq_id", nulls=0), c("sku", "sku"), c("ean", "ean13"), c("name", "product_name"),
        c("description", "comment"), c("price", "price"), c("currency", "currency"),
        c("stock_qty", "quantity", lo=0, hi=900), c("size", "size"), c("colour", "hex_color"),
        c("supplier", "company"), c("country_of_origin", "country_code"), c("weight_kg", "measure", hi=40, digits=2),
        c("created_at", "timestamp"),
    ]),
    single("payments_ledger.csv", "csv", "en", MIXED, 800, [
        c("ledger_id", "uuid", nulls=0), c("txn_ref", "card_bad16"), c("contract_ref", "iban_bad"),
        c("case_number", "ssn_bad9"), c("order_no", "order_no_phone"), c("amount", "price"),
        c("currency", "currency"), c("booked_at", "timestamp"), c("md5_checksum", "md5"),
        c("payer_iban", "iban"), c("payer_name", "full_name"), c("memo", "comment", lang="en"),
    ]),
    single("forum_users.csv", "csv", "en", MIXED, 700, [
        c("user_id", "seq_id", nulls=0), c("handle", "username"), c("display_name", "full_name"),
        c("email", "email"), c("pwd", "password"), c("password_hash", "bcrypt"),
        c("email_verified", "flag", bool=("1", "0")), c("email_count", "count", mean=3),
        c("signup_ip", "ip_mixed"), c("post_count", "count", mean=40), c("contact", "phone", style="mixed"), c("last_seen", "timestamp"),
        c("country", "country_code"),
    ], newline="\r\n"),
]

XLSX_FILES: list[FileSpec] = [
    FileSpec("hr_master.xlsx", "xlsx", "en", [
        Table("Employees", 400, US, "en", [
            c("emp_no", "seq_id", nulls=0), c("name", "full_name"), c("ssn", "nid_US_SSN"), c("dob", "dob"),
            c("gender", "gender", lang="en_short"), c("personal_email", "email"),
            c("home_phone", "phone", style="national"), c("address", "full_address"),
            c("passport", "passport", country="US"), c("ethnicity", "ethnicity", lang="en"),
            c("hire_date", "event_date"), c("department", "department"), c("manager_id", "quantity", lo=1000, hi=1400),
        ]),
        Table("Payroll", 400, GB, "en", [
            c("emp_no", "seq_id", nulls=0), c("account_number", "bank_account", country="US"),
            c("ni_no", "nid_UK_NINO"), c("iban", "iban"), c("gross_salary", "price", lo=2000, hi=9000),
            c("tax_code", "enum", values=["1257L", "BR", "D0", "K475", "1100L"]), c("pay_date", "event_date"),
            c("currency", "currency", values=["GBP", "USD"]),
        ]),
        Table("Sick leave", 250, US, "en", [
            c("emp_no", "seq_id", nulls=0), c("from_date", "event_date"), c("to_date", "event_date"),
            c("reason", "diagnosis"), c("icd10", "icd10"), c("medication", "medication"),
            c("certified", "flag"), c("claim_no", "ssn_bad9"),
        ]),
        Table("Parking", 200, GB, "en", [
            c("emp_no", "seq_id", nulls=0), c("car_reg", "plate"), c("car_make", "car_brand"),
            c("permit_no", "code_id", prefix="P", width=4), c("zone", "enum", values=["A", "B", "C"]),
        ]),
    ]),
    FileSpec("fleet_nl.xlsx", "xlsx", "nl", [
        Table("Voertuigen", 300, NL, "nl", [
            c("kenteken", "plate"), c("merk", "car_brand"), c("bouwjaar", "year"),
            c("kilometerstand", "quantity", lo=1000, hi=400000), c("laatste_apk", "event_date"),
        ]),
        Table("Bestuurders", 250, NL, "nl", [
            c("naam", "full_name"), c("bsn", "nid_NL_BSN"), c("telefoon", "phone", style="mixed"),
            c("e-mailadres", "email"), c("geboortedatum", "dob", fmt=DMY_DASH),
        ]),
        Table("Ritten", 600, NL, "nl", [
            c("rit_id", "seq_id", nulls=0), c("voertuig", "plate"), c("start_tijd", "timestamp"),
            c("breedtegraad", "lat"), c("lengtegraad", "lon"), c("afstand_km", "measure", hi=600),
            c("kastje_mac", "mac", style="colon"),
            c("brandstof", "enum", values=["diesel", "benzine", "elektrisch", "hybride"]),
        ]),
    ]),
    FileSpec("survey_results.xlsx", "xlsx", "en", [
        Table("Responses", 700, MIXED, "en", [
            c("respondent_id", "uuid", nulls=0), c("submitted_at", "timestamp"), c("gender", "gender"),
            c("religion", "religion"), c("ethnicity", "ethnicity"), c("sexual_orientation", "orientation"),
            c("political_affiliation", "party"), c("satisfaction", "rating"), c("comments", "comment"),
            c("country", "country_code"),
        ]),
        Table("Respuestas ES", 300, ES, "es", [
            c("id_respuesta", "uuid", nulls=0), c("sexo", "gender"), c("orientación", "orientation"),
            c("partido", "party"), c("valoración", "rating"), c("comentario", "comment"),
        ]),
    ]),
    FileSpec("klinik_se.xlsx", "xlsx", "sv", [
        Table("Patienter", 500, SE, "sv", [
            c("patient_id", "seq_id", nulls=0), c("personnummer", "nid_SE_PERSONNUMMER", long=True),
            c("namn", "full_name"), c("adress", "full_address"), c("telefon", "phone", style="mixed"),
            c("födelsedag", "dob"), c("kön", "gender"),
        ]),
        Table("Recept", 800, SE, "sv", [
            c("recept_id", "uuid", nulls=0), c("personnr", "nid_SE_PERSONNUMMER"), c("läkemedel", "medication"),
            c("diagnoskod", "icd10"), c("diagnos", "diagnosis"), c("utfärdat", "event_date"),
            c("antal_uttag", "quantity", lo=1, hi=4),
        ]),
    ]),
    FileSpec("accounts_db_dump.xlsx", "xlsx", "en", [
        Table("users", 600, MIXED, "en", [
            c("id", "seq_id", nulls=0), c("login", "username"), c("email", "email"), c("password", "password"),
            c("password_hash", "bcrypt"), c("last_login_ip", "ipv4"), c("last_device_mac", "mac"),
            c("failed_logins", "count", mean=1), c("email_verified", "flag"), c("created", "timestamp"),
        ]),
        Table("sessions", 500, MIXED, "en", [
            c("session_id", "uuid", nulls=0), c("user_id", "quantity", lo=1000, hi=1600), c("ip", "ipv6"),
            c("started", "timestamp"), c("token_sha256", "sha256"),
        ]),
    ]),
    FileSpec("bestellungen_de.xlsx", "xlsx", "de", [
        Table("Bestellungen", 700, DE, "de", [
            c("Bestellnummer", "order_no_phone", nulls=0), c("Kunde", "full_name"), c("E-Mail", "email"),
            c("Telefon", "phone", style="mixed"), c("Lieferadresse", "street"), c("Stadt", "city"),
            c("Kreditkarte", "card"), c("Artikel", "product_name"), c("Menge", "quantity"), c("Preis", "price"),
            c("Bestelldatum", "event_date"), c("Status", "status"), c("Vertragsnummer", "iban_bad"),
        ]),
        Table("Artikel", 300, DE, "de", [
            c("Artikelnummer", "sku"), c("Bezeichnung", "product_name"), c("EAN", "ean13"), c("Preis", "price"),
            c("Lagerbestand", "quantity", lo=0, hi=500), c("Hersteller", "company"),
        ]),
        Table("Mitarbeiter", 200, DE, "de", [
            c("Personalnummer", "seq_id", nulls=0), c("Name", "full_name"), c("Steuer-ID", "nid_DE_STEUER_ID"),
            c("Geburtsdatum", "dob", fmt=DMY_DOT), c("Gewerkschaft", "union"), c("Religion", "religion"),
            c("Reisepassnummer", "passport", country="DE"),
        ]),
    ]),
]

PARQUET_FILES: list[FileSpec] = [
    single("transactions.parquet", "parquet", "en", MIXED, 1500, [
        c("txn_id", "seq_id", nulls=0), c("card_number", "card"), c("iban", "iban"), c("amount", "price"),
        c("currency", "currency"), c("merchant", "company"), c("txn_ts", "timestamp"), c("lat", "lat"),
        c("lon", "lon"), c("is_fraud", "flag", p=0.02), c("mcc", "quantity", lo=1000, hi=9999),
        c("auth_code", "token", length=6),
    ]),
    single("potilaat_fi.parquet", "parquet", "fi", FI, 500, [
        c("potilas_id", "seq_id", nulls=0), c("hetu", "nid_FI_HETU"), c("nimi", "full_name"),
        c("syntymäpäivä", "dob"), c("sukupuoli", "gender"), c("diagnoosi", "diagnosis"), c("icd10", "icd10"),
        c("lääke", "medication"), c("käyntipäivä", "event_date"), c("kunta", "city"),
    ]),
    single("telemetry.parquet", "parquet", "en", MIXED, 2000, [
        c("device_id", "uuid", nulls=0), c("device_mac", "mac"), c("ipv6", "ipv6"), c("lat", "lat"),
        c("lon", "lon"), c("temperature_c", "measure", lo=-25, hi=45), c("battery_pct", "quantity", lo=0, hi=100),
        c("recorded_at", "timestamp"), c("firmware", "version"), c("signal_dbm", "quantity", lo=-110, hi=-40),
    ]),
    single("users_nested.parquet", "parquet", "en", PL + US, 400, [
        c("user_id", "seq_id", nulls=0), c("username", "username"), c("profile.first_name", "first_name"),
        c("profile.last_name", "last_name"), c("profile.birth_date", "dob"), c("contact.email", "email"),
        c("contact.phone", "phone", style="e164"), c("address.street", "street"), c("address.city", "city"),
        c("address.country", "country_code"), c("ids.pesel", "nid_PL_PESEL"),
        c("ids.customer_no", "code_id", prefix="C", width=7),
    ]),
    single("signups_nordic.parquet", "parquet", "en", SE + DK + NO, 600, [
        c("signup_id", "seq_id", nulls=0), c("country", "country_code", values=["SE", "DK", "NO"]),
        c("personnummer", "nid_SE_PERSONNUMMER"), c("cpr_nummer", "nid_DK_CPR"),
        c("fodselsnummer", "nid_NO_FNR"), c("pass_nr", "passport"), c("email", "email"), c("phone", "phone", style="intl"),
        c("created", "timestamp"), c("plan", "enum", values=["free", "basic", "pro"]),
        c("monthly_fee", "price", lo=0, hi=30),
    ]),
]

JSON_FILES: list[FileSpec] = [
    single("profiles.json", "json", "en", MIXED, 500, [
        c("id", "seq_id", nulls=0), c("username", "username"), c("email", "email"), c("name.first", "first_name"),
        c("name.last", "last_name"), c("address.street", "street"), c("address.city", "city"),
        c("geo.lat", "lat"), c("geo.lon", "lon"), c("password", "password"),
        c("preferences.newsletter", "flag"), c("preferences.language", "enum", values=["en", "sv", "de", "fr"]),
        c("payment.card", "card"), c("payment.card_brand", "enum", values=["visa", "mastercard", "amex"]),
        c("tags", "tags"), c("created_at", "timestamp"),
    ]),
    single("events.jsonl", "jsonl", "en", MIXED, 1500, [
        c("event_id", "uuid", nulls=0), c("ts", "timestamp", nulls=0),
        c("type", "enum", values=["page_view", "add_to_cart", "purchase", "login", "logout"]),
        c("user.id", "quantity", lo=1, hi=90000), c("user.login", "username"), c("user.ip", "ip_mixed"),
        c("device.mac", "mac"), c("device.os", "version"), c("location", "geo_pair"),
        c("payload.sku", "sku"), c("payload.amount", "price"),
    ]),
    single("kyc_es.jsonl", "jsonl", "es", ES, 400, [
        c("solicitud_id", "uuid", nulls=0), c("cliente.nombre", "full_name"), c("cliente.dni", "nid_ES_DNI"),
        c("cliente.fecha_nacimiento", "dob", fmt=ISO), c("cliente.nacionalidad", "country_code"),
        c("documento.pasaporte", "passport", country="ES"), c("cuenta.iban", "iban", pretty=0.5),
        c("contacto.telefono", "phone", style="mixed"), c("contacto.email", "email"),
        c("estado", "enum", values=["pendiente", "aprobado", "rechazado"]), c("creado", "timestamp"),
    ]),
    single("reservas_it.json", "json", "it", IT, 350, [
        c("prenotazione", "seq_id", nulls=0), c("ospite.nome", "full_name"),
        c("ospite.codice_fiscale", "nid_IT_CODICE_FISCALE"), c("ospite.passaporto", "passport", country="IT"),
        c("ospite.telefono", "phone", style="intl"), c("ospite.email", "email"), c("veicolo.targa", "plate"),
        c("pagamento.carta", "card"), c("pagamento.importo", "price"), c("arrivo", "event_date", fmt=ISO),
        c("partenza", "event_date", fmt=ISO), c("camera", "quantity", lo=100, hi=520),
    ]),
    single("support_tickets.json", "json", "en", MIXED, 600, [
        c("ticket_id", "code_id", prefix="T", width=6, nulls=0), c("subject", "comment"), c("body", "comment"),
        c("priority", "enum", values=["low", "normal", "high", "urgent"]), c("customer.email", "email"),
        c("customer.phone", "phone", style="mixed"), c("customer.name", "full_name", order="last_first"),
        c("agent", "username"), c("created", "timestamp"), c("sla_breached", "flag", p=0.1),
        c("channel", "enum", values=["email", "phone", "chat", "web"]),
    ]),
    single("signups_dk.jsonl", "jsonl", "da", DK, 400, [
        c("id", "seq_id", nulls=0), c("cpr", "nid_DK_CPR", compact=True), c("navn", "full_name", order="upper_last"),
        c("email", "email"), c("telefon", "phone", style="mixed"), c("adgangskode", "password"),
        c("ip", "ipv4"), c("oprettet", "timestamp"), c("kommune", "city"),
    ]),
]

FILES: list[FileSpec] = CSV_FILES + XLSX_FILES + PARQUET_FILES + JSON_FILES
# fmt: on
