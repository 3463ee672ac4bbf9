"""Header words: which personal-data category a column *name* points at, in several languages.

A header is split into whole tokens (non-alphanumerics, camelCase and letter/digit boundaries), lower-cased
and accent-folded (``Födelsedatum`` -> ``fodelsedatum``). Entries are phrases of one or more tokens matched on
consecutive tokens only, so ``acid_level`` never matches ``cid`` and ``e-mail`` matches the phrase ``e mail``.
Compound words (``geburtsdatum``, ``telefonnummer``) are entries of their own; a short list of compound
*heads* may also end a longer compound (``kundtelefon``), at a lower weight.

A modifier token (``verified``, ``count``, ``type``, ``has`` ...) turns a contact-point header into metadata
about the data (``email_verified``, ``phone_type``), which is not itself personal data. For health, special
category and gender columns a boolean flag *is* the personal data (``has_diabetes``, ``is_union_member``), so
``is``/``has``/``flag`` do not neutralise those.

Weights are priors in [0, 0.6]: a header alone never decides a column with more than ~0.6 confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from orca_core.scan.categories import Category, NationalIdSubtype

HEADER_CAP = 0.6
STRONG = 0.6
MEDIUM = 0.45
WEAK = 0.3

_CAMEL_1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_ALPHA_DIGIT = re.compile(r"([A-Za-z])(\d)|(\d)([A-Za-z])")
_SPLIT = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case and strip accents; the same folding the gazetteer build uses."""
    if text.isascii():
        return text.lower()
    text = text.lower().replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def tokenize(header: str) -> tuple[str, ...]:
    """Split a column name into folded whole tokens: ``customerEmail`` -> (customer, email)."""
    text = _CAMEL_2.sub(r"\1 \2", _CAMEL_1.sub(r"\1 \2", header))
    text = _ALPHA_DIGIT.sub(lambda m: f"{m.group(1) or m.group(3)} {m.group(2) or m.group(4)}", text)
    return tuple(token for token in _SPLIT.split(fold(text)) if token)


# (language, weight, "phrase|phrase|..."); phrases are written folded, tokens separated by spaces.
_Entry = tuple[str, float, str]

_LEXICON: dict[Category, list[_Entry]] = {
    Category.EMAIL_ADDRESS: [
        ("en", STRONG, "email|e mail|email address|mail address|emailaddress|e mail address|mail|emails"),
        ("sv", STRONG, "epost|e post|epostadress|e postadress|mejl|mejladress|mailadress"),
        ("de", STRONG, "emailadresse|e mail adresse|mailadresse"),
        ("fr", STRONG, "courriel|adresse email|adresse mail|adresse electronique"),
        ("nl", STRONG, "emailadres|e mailadres|mailadres"),
        ("es", STRONG, "correo|correo electronico|correoelectronico"),
        ("da", STRONG, "e mail adresse|mailadresse|emailadresse"),
        ("no", STRONG, "epostadresse|e postadresse"),
        ("fi", STRONG, "sahkoposti|sahkopostiosoite|sposti"),
        ("it", STRONG, "indirizzo email|posta elettronica|indirizzo di posta elettronica|indirizzo e mail"),
        ("pl", STRONG, "adres email|adres e mail|poczta e mail|poczta elektroniczna"),
        ("pt", STRONG, "correio eletronico|endereco de email|endereco eletronico|endereco de e mail"),
    ],
    Category.PHONE_NUMBER: [
        (
            "en",
            STRONG,
            "phone|phone number|phonenumber|telephone|tel|mobile~0.45|mobile number|cell~0.45|cellphone|"
            "cell phone|fax|msisdn|phone no|contact number|home phone|work phone|mobile phone|mob~0.45|mob no|"
            "mobile no|tel no|telno|phone nr|cell number|contact no|whatsapp|business phone|other phone|telf",
        ),
        ("sv", STRONG, "telefon|telefonnummer|telnr|tel nr|mobil|mobilnummer|mobiltelefon|hemtelefon"),
        ("de", STRONG, "telefonnummer|rufnummer|handy|handynummer|mobilfunknummer|festnetz|telefax"),
        ("fr", STRONG, "telephone|numero de telephone|portable|tel portable|mobile"),
        ("nl", STRONG, "telefoonnummer|telefoon|mobiel|mobiele nummer|gsm"),
        ("es", STRONG, "telefono|numero de telefono|movil|celular"),
        ("da", STRONG, "telefonnummer|mobilnummer|tlf|tlf nr"),
        ("no", STRONG, "telefonnummer|mobilnummer|tlf|mobiltelefon"),
        ("fi", STRONG, "puhelin|puhelinnumero|matkapuhelin|puh|gsm"),
        ("it", STRONG, "telefono|numero di telefono|numero telefono|cellulare|recapito telefonico"),
        ("pl", STRONG, "telefon|numer telefonu|nr telefonu|nr tel|telefon komorkowy|komorka|tel kom"),
        ("pt", STRONG, "telefone|numero de telefone|telemovel|celular"),
    ],
    Category.PERSON_NAME: [
        (
            "en",
            STRONG,
            "first name|last name|full name|surname|given name|family name|middle name|maiden name|"
            "firstname|lastname|fullname|forename|customer name|contact name|person name|"
            "employee name|patient name|account holder|cardholder|card holder name|"
            "name of person|contact person|next of kin|addressee|recipient name|guest name|passenger name|"
            "member name|student name|attn|nachn|vorna",
        ),
        (
            "en",
            WEAK,
            "name|names|fname|lname|holder|recipient|contact|owner|display name|ship to|bill to|sold to|"
            "deliver to|attention|payee|beneficiary",
        ),
        ("sv", STRONG, "fornamn|efternamn|namn~0.45|tilltalsnamn|kontaktperson|fullstandigt namn|kundnamn"),
        ("de", STRONG, "vorname|nachname|familienname|vollstandiger name|rufname|geburtsname|kundenname"),
        ("de", WEAK, "name"),
        ("fr", STRONG, "prenom|nom de famille|nom complet|nom~0.45|nom prenom|patronyme"),
        ("nl", STRONG, "voornaam|achternaam|naam~0.45|volledige naam|roepnaam|tussenvoegsel"),
        ("es", STRONG, "nombre~0.45|apellido|apellidos|nombre completo|primer apellido|segundo apellido"),
        ("da", STRONG, "fornavn|efternavn|navn~0.45|fulde navn|mellemnavn"),
        ("no", STRONG, "fornavn|etternavn|navn~0.45|fullt navn|mellomnavn"),
        ("fi", STRONG, "etunimi|sukunimi|nimi~0.45|koko nimi|etunimet"),
        ("it", STRONG, "nome~0.45|cognome|nome completo|nominativo|nome e cognome"),
        ("pl", STRONG, "imie|nazwisko|imie i nazwisko|imiona|pelne imie"),
        ("pt", STRONG, "nome~0.45|sobrenome|nome completo|primeiro nome|ultimo nome"),
    ],
    Category.STREET_ADDRESS: [
        (
            "en",
            STRONG,
            "address|street|street address|address line|address line 1|address line 2|address 1|"
            "address 2|addr|home address|postal address|mailing address|billing address|"
            "shipping address|residential address|street name|house number|streetaddress|address1|"
            "address2|line 1|line1|stras|mailing street|billing street|shipping street",
        ),
        ("sv", STRONG, "adress|gatuadress|gata|postadress|bostadsadress|hemadress|utdelningsadress|gatunamn"),
        (
            "de",
            STRONG,
            "adresse|anschrift|strasse|str~0.3|hausnummer|postanschrift|wohnadresse|strasse und hausnummer",
        ),
        ("fr", STRONG, "adresse|rue|adresse postale|voie|adresse ligne 1|numero et rue"),
        ("nl", STRONG, "adres|straat|straatnaam|huisnummer|postadres|woonadres"),
        ("es", STRONG, "direccion|calle|domicilio|direccion postal"),
        ("da", STRONG, "adresse|vej|gade|vejnavn|postadresse|husnummer"),
        ("no", STRONG, "adresse|gate~0.45|gateadresse|postadresse|vei|gatenavn|husnummer"),
        ("fi", STRONG, "osoite|katuosoite|postiosoite|katu|lahiosoite"),
        ("it", STRONG, "indirizzo|indirizzo di residenza|residenza~0.45|domicilio"),
        ("pl", STRONG, "adres|ulica|adres zamieszkania|adres korespondencyjny"),
        ("pt", STRONG, "endereco|morada|logradouro|rua"),
    ],
    Category.DATE_OF_BIRTH: [
        (
            "en",
            STRONG,
            "date of birth|birth date|birthdate|dob|birthday|born|birth|date birth|bday|birth day|"
            "birth year|year of birth|birthyear|yob|birth dt|dt birth|gbdat",
        ),
        ("sv", STRONG, "fodelsedatum|fodd|fodelsear|fodelsedag|fodelse"),
        ("de", STRONG, "geburtsdatum|geburtstag|geboren|geburtsjahr|geb datum|gebdat"),
        ("fr", STRONG, "date de naissance|naissance|ne le|date naissance|annee de naissance"),
        ("nl", STRONG, "geboortedatum|geboren|geboortejaar|geboortedag"),
        ("es", STRONG, "fecha de nacimiento|nacimiento|fecha nacimiento|ano de nacimiento"),
        ("da", STRONG, "fodselsdato|fodselsdag|fodt|fodselsar"),
        ("no", STRONG, "fodselsdato|fodselsdag|fodt|fodselsar"),
        ("fi", STRONG, "syntymaaika|syntymapaiva|syntynyt|syntymavuosi"),
        ("it", STRONG, "data di nascita|data nascita|nascita|anno di nascita"),
        ("pl", STRONG, "data urodzenia|urodzony|urodzona|rok urodzenia|data ur"),
        ("pt", STRONG, "data de nascimento|data nascimento|nascimento"),
    ],
    Category.NATIONAL_ID: [
        (
            "en",
            STRONG,
            "national id|national identity number|national id number|personal id|personal number|"
            "identity number|id number|personal identity number|citizen id|tax id|tin|"
            "ssn|social security|social security number|socialsecuritynumber|nino|"
            "national insurance|national insurance number|ni number|nin|ni no|nat id|natl id|national identifier|"
            "personal identification number|personal code",
        ),
        ("sv", STRONG, "personnummer|personnr|pnr|samordningsnummer|person nummer"),
        (
            "de",
            STRONG,
            "steuer id|steuerid|steueridentifikationsnummer|steuer identifikationsnummer|idnr|"
            "personalausweisnummer|steuernummer",
        ),
        ("fr", STRONG, "nir|insee|numero de securite sociale|securite sociale|numero insee|numero secu"),
        ("nl", STRONG, "bsn|burgerservicenummer|sofinummer|sofi nummer"),
        ("es", STRONG, "dni|nie|nif|documento nacional de identidad|numero de identidad"),
        ("it", STRONG, "codice fiscale|codicefiscale|cod fiscale"),
        ("pl", STRONG, "pesel|numer pesel"),
        ("pt", STRONG, "numero de contribuinte|cartao de cidadao|numero de identificacao"),
        ("da", STRONG, "cpr|cpr nummer|cprnummer|cpr nr|personnummer"),
        ("no", STRONG, "fodselsnummer|fnr|personnummer|d nummer"),
        ("fi", STRONG, "hetu|henkilotunnus|sotu|henkilotunnus numero"),
    ],
    Category.PASSPORT_NUMBER: [
        (
            "en",
            STRONG,
            "passport|passport number|passport no|passport nr|passportnumber|passport id|travel document|ppt no",
        ),
        ("sv", STRONG, "pass~0.3|passnummer|passnr"),
        ("de", STRONG, "reisepass|reisepassnummer|passnummer"),
        ("fr", STRONG, "passeport|numero de passeport"),
        ("nl", STRONG, "paspoort|paspoortnummer"),
        ("es", STRONG, "pasaporte|numero de pasaporte"),
        ("da", STRONG, "pas~0.3|pasnummer"),
        ("no", STRONG, "pass~0.3|passnummer"),
        ("fi", STRONG, "passi|passinumero"),
        ("it", STRONG, "passaporto|numero passaporto|numero di passaporto"),
        ("pl", STRONG, "paszport|numer paszportu|nr paszportu"),
        ("pt", STRONG, "passaporte|numero do passaporte"),
    ],
    Category.IBAN: [
        ("en", STRONG, "iban|iban number|international bank account number|iban code"),
    ],
    Category.CREDIT_CARD: [
        (
            "en",
            STRONG,
            "credit card|card~0.45|card number|cc number|ccnum|cc~0.3|pan~0.45|creditcard|cardnumber|"
            "debit card|"
            "payment card|card no",
        ),
        ("sv", STRONG, "kortnummer|kreditkort|betalkort"),
        ("de", STRONG, "kreditkarte|kartennummer|kreditkartennummer"),
        ("fr", STRONG, "carte bancaire|numero de carte|carte de credit|cb"),
        ("nl", STRONG, "creditcard|kaartnummer|creditcardnummer"),
        ("es", STRONG, "tarjeta|numero de tarjeta|tarjeta de credito"),
        ("da", STRONG, "kortnummer|kreditkort|betalingskort"),
        ("no", STRONG, "kortnummer|kredittkort|betalingskort"),
        ("fi", STRONG, "luottokortti|kortin numero|korttinumero"),
        ("it", STRONG, "carta di credito|numero carta|numero della carta|carta~0.45"),
        ("pl", STRONG, "karta kredytowa|numer karty|karta platnicza|karta~0.45"),
        ("pt", STRONG, "cartao de credito|numero do cartao|cartao~0.45"),
    ],
    Category.BANK_ACCOUNT: [
        (
            "en",
            STRONG,
            "bank account|account number|bank account number|acct no|account no|sort code|"
            "routing number|aba|bban|bank details|bankaccount|accountnumber|acct number|acc no|acc number|"
            "acct num|account num|bank acct|bank acc|bank account no|bankn|bsb",
        ),
        ("en", WEAK, "account|acct|bank"),
        ("sv", STRONG, "kontonummer|kontonr|bankkonto|clearingnummer|clearingnr|clearing|bankgiro|plusgiro|konto~0.45"),
        (
            "de",
            STRONG,
            "kontonummer|kontonr|konto nr|kto nr|ktonr|bankkonto|bankverbindung|blz|bankleitzahl|konto~0.45",
        ),
        ("fr", STRONG, "numero de compte|compte bancaire|rib|code banque"),
        ("nl", STRONG, "rekeningnummer|bankrekening|rekening~0.45"),
        ("es", STRONG, "cuenta bancaria|numero de cuenta|cuenta~0.45|ccc"),
        ("da", STRONG, "kontonummer|bankkonto|reg nr~0.3|registreringsnummer bank|konto~0.45"),
        ("no", STRONG, "kontonummer|kontonr|bankkonto|konto~0.45"),
        ("fi", STRONG, "tilinumero|pankkitili|tili~0.45"),
        ("it", STRONG, "conto corrente|numero di conto|numero conto|conto bancario|conto~0.45"),
        ("pl", STRONG, "numer konta|nr konta|konto bankowe|numer rachunku|nr rachunku|rachunek bankowy|rachunek~0.45"),
        ("pt", STRONG, "conta bancaria|numero da conta|numero de conta|conta~0.45|nib"),
    ],
    Category.IP_ADDRESS: [
        (
            "en",
            STRONG,
            "ip|ip address|ipaddress|ipv4|ipv6|client ip|remote addr|remote ip|source ip|src ip|"
            "dst ip|host ip|ip addr|user ip",
        ),
        ("sv", STRONG, "ip adress|ipadress"),
        ("de", STRONG, "ip adresse|ipadresse"),
        ("fr", STRONG, "adresse ip"),
        ("nl", STRONG, "ip adres|ipadres"),
        ("es", STRONG, "direccion ip"),
        ("fi", STRONG, "ip osoite"),
        ("it", STRONG, "indirizzo ip"),
        ("pl", STRONG, "adres ip"),
        ("pt", STRONG, "endereco ip"),
    ],
    Category.MAC_ADDRESS: [
        (
            "en",
            STRONG,
            "mac~0.45|mac address|macaddress|hw address|hardware address|bssid|mac addr|ethernet address",
        ),
        ("sv", STRONG, "mac adress|macadress"),
        ("de", STRONG, "mac adresse"),
        ("fr", STRONG, "adresse mac"),
        ("nl", STRONG, "mac adres"),
        ("es", STRONG, "direccion mac"),
        ("fi", STRONG, "mac osoite"),
        ("it", STRONG, "indirizzo mac"),
        ("pl", STRONG, "adres mac"),
        ("pt", STRONG, "endereco mac"),
    ],
    Category.GEOLOCATION: [
        (
            "en",
            STRONG,
            "lat|latitude|lon|lng|long~0.45|longitude|geo|geolocation|location~0.3|coordinates|coords|gps|"
            "lat lon|lat lng|latlng|latlon|geo point|geopoint|position~0.3",
        ),
        ("sv", STRONG, "koordinater|position~0.3|latitud|longitud|breddgrad|langdgrad"),
        ("de", STRONG, "koordinaten|breitengrad|langengrad|standort~0.3|breite~0.3|lange~0.3"),
        ("fr", STRONG, "coordonnees|latitude|longitude|geolocalisation"),
        ("nl", STRONG, "coordinaten|breedtegraad|lengtegraad|locatie~0.3"),
        ("es", STRONG, "coordenadas|latitud|longitud|ubicacion~0.3"),
        ("da", STRONG, "koordinater|breddegrad|laengdegrad|placering~0.3"),
        ("no", STRONG, "koordinater|breddegrad|lengdegrad|posisjon~0.3"),
        ("fi", STRONG, "koordinaatit|leveysaste|pituusaste|sijainti~0.3"),
        ("it", STRONG, "latitudine|longitudine|coordinate|posizione~0.3"),
        ("pl", STRONG, "szerokosc geograficzna|dlugosc geograficzna|wspolrzedne|lokalizacja~0.3"),
        ("pt", STRONG, "coordenadas|localizacao~0.3"),
        # single coordinates and encodings; ambiguous words (Breite = width, längd = length) stay weak
        (
            "en",
            STRONG,
            "latitude deg|longitude deg|lat deg|lon deg|gps lat|gps lon|gps lng|gps latitude|gps longitude|"
            "geo lat|geo lon|geo lng|x coord~0.45|y coord~0.45|x coordinate~0.45|y coordinate~0.45|"
            "coord x~0.45|coord y~0.45|easting~0.45|northing~0.45|geohash|geo hash|geom~0.45|geometry~0.45|"
            "the geom~0.45|wkt~0.45|location point|gps position|gps coordinates|decimal degrees|latitude dd|"
            "longitude dd|lng lat|lon lat",
        ),
        ("sv", STRONG, "langd~0.3|langdgrad|breddgrad|gps position|kartkoordinater|latitud|longitud"),
        (
            "de",
            STRONG,
            "laengengrad|geographische breite|geographische lange|geogr breite|geogr lange|geo breite|geo lange",
        ),
        ("nl", STRONG, "lengtegraad|breedtegraad|lengte~0.3|breedte~0.3"),
        ("es", STRONG, "latitud|longitud|coordenada x~0.45|coordenada y~0.45"),
        ("da", STRONG, "laengdegrad|breddegrad|laengde~0.3|bredde~0.3"),
        ("no", STRONG, "lengdegrad|breddegrad|lengde~0.3|bredde~0.3"),
        ("fi", STRONG, "leveysaste|pituusaste|leveys~0.3|pituus~0.3"),
        ("it", STRONG, "latitudine|longitudine"),
        ("pl", STRONG, "szerokosc~0.3|dlugosc~0.3|szer geogr|dl geogr|szerokosc geogr|dlugosc geogr"),
    ],
    Category.HEALTH_DATA: [
        (
            "en",
            STRONG,
            "diagnosis|diagnoses|diagnosis code|icd|icd10|icd 10|medical condition|condition~0.3|"
            "medication|medications|medicine|prescription|allergy|allergies|blood type|blood group|"
            "disease|illness|symptom|symptoms|treatment~0.3|health~0.45|health status|medical history|"
            "disability|chronic condition|vaccination|vaccine|clinical notes|medical notes|"
            "sick leave|pregnancy|pregnant|hiv|smoker|bmi|drug~0.45|diabetes|diabetic|asthma|cancer|covid|"
            "depression|disabled|wheelchair|mental health|vaccinated|covid status",
        ),
        (
            "sv",
            STRONG,
            "diagnos|diagnoskod|sjukdom|lakemedel|medicin|allergi|allergier|blodgrupp|halsa|"
            "halsotillstand|behandling|symtom|sjukskrivning|funktionsnedsattning|journal~0.3",
        ),
        (
            "de",
            STRONG,
            "diagnose|krankheit|erkrankung|medikament|medikamente|allergie|allergien|blutgruppe|"
            "gesundheit|behandlung|symptome|arbeitsunfahigkeit|behinderung|vorerkrankungen",
        ),
        (
            "fr",
            STRONG,
            "diagnostic|maladie|medicament|medicaments|allergie|groupe sanguin|sante|traitement|"
            "symptomes|handicap|antecedents medicaux",
        ),
        (
            "nl",
            STRONG,
            "diagnose|ziekte|medicatie|medicijn|medicijnen|allergie|bloedgroep|gezondheid|"
            "behandeling|symptomen|handicap",
        ),
        (
            "es",
            STRONG,
            "diagnostico|enfermedad|medicamento|medicacion|alergia|alergias|grupo sanguineo|salud|"
            "tratamiento|sintomas|discapacidad",
        ),
        ("da", STRONG, "diagnose|sygdom|medicin|allergi|blodtype|helbred|behandling|symptomer|handicap"),
        ("no", STRONG, "diagnose|sykdom|medisin|legemiddel|allergi|blodtype|helse|behandling|symptomer"),
        ("fi", STRONG, "diagnoosi|sairaus|laake|laakitys|allergia|veriryhma|terveys|hoito|oireet|vamma"),
        (
            "it",
            STRONG,
            "diagnosi|malattia|patologia|patologie|farmaco|farmaci|terapia|allergia|allergie|gruppo sanguigno|"
            "salute|sintomi|disabilita|anamnesi|condizione medica",
        ),
        (
            "pl",
            STRONG,
            "diagnoza|rozpoznanie|choroba|choroby|leki|alergia|alergie|grupa krwi|zdrowie|objawy|"
            "niepelnosprawnosc|leczenie",
        ),
        (
            "pt",
            STRONG,
            "diagnostico|doenca|medicamento|medicacao|alergia|alergias|tipo sanguineo|grupo sanguineo|saude|"
            "sintomas|deficiencia|tratamento",
        ),
        # vitals, labs, vaccinations, pregnancy, disability, absence with a medical ground
        (
            "en",
            STRONG,
            "blood pressure|bp~0.3|systolic|diastolic|heart rate~0.45|pulse~0.45|glucose|blood glucose|"
            "blood sugar|hba1c|cholesterol|ldl|hdl|creatinine|egfr|lab result|lab results|lab value|"
            "test result~0.3|atc|atc code|icd code|icd10 code|icd 10 code|diagnosis codes|conditions~0.3|"
            "comorbidities|comorbidity|disabilities|impairment|immunisation|immunization|immunisations|"
            "immunizations|vaccinations|vaccine type|vaccination status|vaccinated status|drug name|"
            "prescribed|prescriptions|prescribed medication|surgery|surgeries|procedure~0.3|medical record|"
            "patient notes|clinical note|nursing notes|triage|chief complaint|presenting complaint|injury|"
            "injuries|sick note|fit note|psychiatric|therapy~0.45|pregnancy status|gestation|weeks pregnant|"
            "intolerances|food intolerance|smoking status|alcohol use|medical condition|health condition|"
            "health conditions|health issue|health issues|medical conditions|sickness reason|sickness absence~0.45|"
            "reason for absence~0.3|dose~0.3|dosage|allergen~0.3|allergens~0.3",
        ),
        (
            "sv",
            STRONG,
            "blodtryck|puls~0.45|blodsocker|provsvar|labbsvar|vaccin|vaccination|vaccinerad|graviditet|gravid|"
            "recept~0.45|ordination|funktionshinder|sjukdomar|diagnoser|atc kod|icd kod|anamnes|"
            "journalanteckning|journaltext|besvar~0.3|sjukfranvaro~0.45|sjukskriven|sjukskrivningsorsak|"
            "arbetsskada|skada~0.3|overkanslighet",
        ),
        (
            "de",
            STRONG,
            "blutdruck|puls~0.45|blutzucker|laborwert|laborwerte|befund|befunde|impfung|impfstatus|geimpft|"
            "schwangerschaft|schwanger|medikation|rezept~0.45|verordnung~0.3|behinderungsgrad|"
            "grad der behinderung|gdb|schwerbehinderung|icd code|atc code|anamnese|arztbrief|diagnosen|"
            "krankheiten|krankmeldung|au bescheinigung|verletzung|unvertraglichkeit|unvertraglichkeiten",
        ),
        (
            "fr",
            STRONG,
            "tension arterielle|pression arterielle|frequence cardiaque|glycemie|resultat d analyse|"
            "resultats biologiques|vaccin|vaccination|vaccine|grossesse|enceinte|ordonnance|posologie|"
            "pathologie|pathologies|antecedents|invalidite|blessure|intolerance|allergies|dossier medical|"
            "arret maladie|arret de travail~0.45",
        ),
        (
            "nl",
            STRONG,
            "bloeddruk|hartslag|bloedsuiker|labuitslag|uitslag~0.3|vaccinatie|gevaccineerd|zwangerschap|zwanger|"
            "recept~0.45|voorgeschreven|aandoening|aandoeningen|beperking~0.45|letsel|intolerantie|"
            "medisch dossier|ziekteverzuim~0.45|ziekmelding~0.45|klachten~0.45|diagnosecode|allergieen",
        ),
        (
            "es",
            STRONG,
            "presion arterial|tension arterial|frecuencia cardiaca|glucosa|analitica|resultado de laboratorio|"
            "vacuna|vacunacion|vacunado|embarazo|embarazada|receta~0.45|posologia|patologia|patologias|"
            "antecedentes medicos|lesion|intolerancia|historia clinica|historial medico|baja medica~0.45|"
            "incapacidad temporal~0.45|dolencia|padecimiento",
        ),
        (
            "da",
            STRONG,
            "blodtryk|puls~0.45|blodsukker|provesvar|vaccine|vaccination|graviditet|gravid|recept~0.45|"
            "laegemiddel|medicinering|funktionsnedsaettelse|skade~0.3|journal~0.3|sygemelding~0.45|"
            "sygefravaer~0.45|diagnoser|sygdomme",
        ),
        (
            "no",
            STRONG,
            "blodtrykk|puls~0.45|blodsukker|provesvar|vaksine|vaksinasjon|vaksinert|graviditet|gravid|"
            "resept~0.45|medisinering|funksjonsnedsettelse|nedsatt funksjonsevne|skade~0.3|journal~0.3|"
            "sykemelding~0.45|sykefravaer~0.45|diagnoser|sykdommer|helseopplysninger",
        ),
        (
            "fi",
            STRONG,
            "verenpaine|verensokeri|laboratoriotulos|rokote|rokotus|rokotettu|raskaus|raskaana|resepti~0.45|"
            "laakemaarays|toimintarajoite|vammaisuus|potilaskertomus|sairauspoissaolo~0.45|"
            "sairausloma~0.45|diagnoosit|sairaudet|terveystiedot|allergiat",
        ),
        (
            "it",
            STRONG,
            "pressione arteriosa|pressione sanguigna|frequenza cardiaca|glicemia|esami del sangue|esito esame|"
            "vaccino|vaccinazione|vaccinato|gravidanza|incinta|ricetta~0.45|prescrizione|posologia|lesione|"
            "infortunio|intolleranza|intolleranze|cartella clinica|malattie|certificato medico|invalidita",
        ),
        (
            "pl",
            STRONG,
            "cisnienie krwi|cisnienie tetnicze|tetno|glukoza|poziom cukru|wyniki badan|wynik badania|szczepienie|"
            "szczepienia|zaszczepiony|ciaza|w ciazy|recepta~0.45|lek~0.45|dawkowanie|uraz|nietolerancja|"
            "historia choroby|dokumentacja medyczna|zwolnienie lekarskie~0.45|schorzenie|schorzenia|"
            "choroby przewlekle|stopien niepelnosprawnosci",
        ),
    ],
    Category.GENDER: [
        ("en", STRONG, "gender|sex|gender identity|biological sex"),
        ("sv", STRONG, "kon|kjonn"),
        ("de", STRONG, "geschlecht|anrede~0.45"),
        ("fr", STRONG, "sexe|genre~0.3"),
        ("nl", STRONG, "geslacht"),
        ("es", STRONG, "sexo|genero"),
        ("da", STRONG, "kon"),
        ("no", STRONG, "kjonn"),
        ("fi", STRONG, "sukupuoli"),
        ("it", STRONG, "sesso|genere~0.3"),
        ("pl", STRONG, "plec"),
        ("pt", STRONG, "sexo|genero"),
    ],
    Category.SPECIAL_CATEGORY: [
        (
            "en",
            STRONG,
            "religion|religious|religious belief|faith|denomination|ethnicity|ethnic origin|ethnic|"
            "race~0.45|racial origin|political party|political opinion|political affiliation|party~0.3|"
            "sexual orientation|orientation~0.3|trade union|union member|union membership|"
            "philosophical belief|biometric|fingerprint|genetic|caste",
        ),
        (
            "sv",
            STRONG,
            "religion|trosuppfattning|etnicitet|etniskt ursprung|politiskt parti|parti~0.45|"
            "sexuell laggning|fackforbund|fackmedlem|fack|samfund",
        ),
        (
            "de",
            STRONG,
            "religion|konfession|glaubensbekenntnis|religionszugehorigkeit|ethnie|herkunft~0.3|partei~0.45|"
            "parteizugehorigkeit|sexuelle orientierung|gewerkschaft|gewerkschaftsmitglied",
        ),
        (
            "fr",
            STRONG,
            "religion|confession|ethnie|origine ethnique|parti politique|opinion politique|"
            "orientation sexuelle|syndicat|syndique",
        ),
        (
            "nl",
            STRONG,
            "religie|geloof|etniciteit|afkomst|politieke partij|partij~0.45|seksuele orientatie|vakbond|vakbondslid",
        ),
        (
            "es",
            STRONG,
            "religion|creencia|etnia|origen etnico|partido politico|partido~0.3|orientacion sexual|"
            "sindicato|afiliacion sindical",
        ),
        (
            "da",
            STRONG,
            "religion|trosretning|etnicitet|politisk parti|parti~0.45|seksuel orientering|fagforening",
        ),
        (
            "no",
            STRONG,
            "religion|livssyn|etnisitet|politisk parti|parti~0.45|seksuell orientering|fagforening",
        ),
        (
            "fi",
            STRONG,
            "uskonto|etnisyys|etninen tausta|puolue|poliittinen puolue|seksuaalinen suuntautuminen|ammattiliitto",
        ),
        (
            "it",
            STRONG,
            "religione|etnia|origine etnica|partito politico|partito~0.3|orientamento sessuale|sindacato|"
            "iscrizione sindacale",
        ),
        (
            "pl",
            STRONG,
            "religia|wyznanie|pochodzenie etniczne|partia~0.45|partia polityczna|orientacja seksualna|"
            "zwiazek zawodowy|przynaleznosc zwiazkowa",
        ),
        ("pt", STRONG, "religiao|etnia|origem etnica|partido politico|orientacao sexual|sindicato"),
        # beliefs, origin, politics, orientation, unions: survey and HR conventions
        (
            "en",
            STRONG,
            "religious affiliation|religious denomination|belief~0.45|beliefs~0.45|faith group|church~0.45|"
            "church membership|church tax|religious group|ethnic group|ethnic background|ethnic category|"
            "race ethnicity|racial group|ethnic minority|minority~0.3|political views|political view|"
            "political leaning|political orientation|political preference|voting intention|vote intention|"
            "voted for|vote~0.3|party membership|party member|party affiliation|sexuality|sexual preference|"
            "lgbt|lgbtq|union~0.45|union name|labor union|labour union|union affiliation|union dues|"
            "union status|unionised|unionized|union since|member of union|worldview",
        ),
        (
            "en",
            STRONG,
            "biometric data|biometrics|biometric template|fingerprint template|fingerprints|face template|"
            "face embedding|face encoding|faceprint|facial template|iris scan|iris template|iris code|"
            "retina scan|voiceprint|voice print|palm print|palmprint|dna|dna sequence|dna profile|genotype|"
            "genome|genomic|genetic test|genetic data|genetic marker|gene variant|snp genotype|brca status",
        ),
        (
            "sv",
            STRONG,
            "tro~0.45|trossamfund|religionstillhorighet|kyrkotillhorighet|kyrkomedlem|etnisk tillhorighet|"
            "etnisk bakgrund|partitillhorighet|partisympati|partimedlem|rostade pa|politisk asikt|"
            "politisk uppfattning|sexualitet|facklig tillhorighet|fackforening|fackmedlemskap|"
            "fackligt medlemskap|fackforbundsmedlem|fingeravtryck|biometri|biometrisk|genetisk|dna",
        ),
        (
            "de",
            STRONG,
            "kirchensteuer|kirchensteuermerkmal|religionsgemeinschaft|glaube|ethnische herkunft|"
            "ethnische zugehorigkeit|politische meinung|politische einstellung|wahlabsicht|parteimitglied|"
            "parteimitgliedschaft|sexualitat|gewerkschaftszugehorigkeit|gewerkschaftsmitgliedschaft|"
            "fingerabdruck|fingerabdrucke|biometrie|biometrisch|biometrische daten|genetisch|genetische daten|"
            "erbgut|genotyp",
        ),
        (
            "fr",
            STRONG,
            "appartenance religieuse|croyance|culte~0.45|appartenance ethnique|origine raciale|"
            "affiliation politique|intention de vote|sexualite|appartenance syndicale|adherent syndical|"
            "adhesion syndicale|empreinte digitale|empreintes digitales|biometrie|biometrique|"
            "donnees biometriques|genetique|donnees genetiques|adn|genotype",
        ),
        (
            "nl",
            STRONG,
            "kerkgenootschap|kerkelijke gezindte|gezindte|levensbeschouwing|etnische afkomst|"
            "migratieachtergrond|herkomst~0.3|politieke voorkeur|politieke kleur|stemvoorkeur|seksualiteit|"
            "vakbondslidmaatschap|lid vakbond|vingerafdruk|vingerafdrukken|biometrie|biometrisch|genetisch",
        ),
        (
            "es",
            STRONG,
            "confesion|creencias religiosas|grupo etnico|origen racial|raza~0.45|ideologia|ideologia politica|"
            "afiliacion politica|intencion de voto|sexualidad|afiliado sindicato|huella dactilar|huella digital|"
            "huellas dactilares|biometria|biometrico|datos biometricos|genetico|datos geneticos|adn|genotipo",
        ),
        (
            "da",
            STRONG,
            "trossamfund|religios overbevisning|folkekirkemedlem|kirkeskat|etnisk oprindelse|partitilhor|"
            "politisk overbevisning|seksualitet|fagforbund|fagforeningsmedlem|fingeraftryk|biometri|genetisk",
        ),
        (
            "no",
            STRONG,
            "tros og livssyn|trossamfunn|etnisk bakgrunn|etnisk opprinnelse|partitilhorighet|politisk syn|"
            "seksualitet|fagforeningsmedlem|fagforbund|fingeravtrykk|biometri|genetisk",
        ),
        (
            "fi",
            STRONG,
            "uskonnollinen vakaumus|uskontokunta|kirkkoon kuuluminen|seurakunta~0.45|etninen alkupera|"
            "puoluekanta|puolueen jasen|poliittinen kanta|ammattiyhdistys|liiton jasen|ammattiliiton jasenyys|"
            "sormenjalki|biometrinen|geneettinen|genotyyppi",
        ),
        (
            "it",
            STRONG,
            "confessione religiosa|credo~0.45|fede~0.45|gruppo etnico|razza~0.45|orientamento politico|"
            "opinione politica|intenzione di voto|sessualita|iscritto al sindacato|impronta digitale|"
            "impronte digitali|biometria|dati biometrici|genetico|dati genetici",
        ),
        (
            "pl",
            STRONG,
            "przynaleznosc religijna|grupa etniczna|narodowosc etniczna|poglady polityczne|"
            "przynaleznosc partyjna|orientacja polityczna|seksualnosc|czlonek zwiazku|czlonkostwo w zwiazku|"
            "odcisk palca|odciski palcow|biometria|dane biometryczne|genetyczny|dane genetyczne|genotyp",
        ),
    ],
    Category.USERNAME: [
        (
            "en",
            STRONG,
            "username|user name|login|login name|handle|screen name|screenname|nickname|nick|"
            "user handle|twitter|twitter handle|instagram|github|userid~0.3|user login|account name|"
            "alias~0.45|gamertag|uid~0.3|samaccountname|sam account name|upn|user principal name|remote user|"
            "auth user|authuser|login id|logon|logon name|user~0.3|usr~0.3",
        ),
        (
            "en",
            WEAK,
            "created by|modified by|updated by|changed by|deleted by|approved by|assignee|assigned to|"
            "reporter|author|agent|requester|requested by|submitted by|owner",
        ),
        ("sv", STRONG, "anvandarnamn|anvandare~0.45|inloggning|smeknamn"),
        ("de", STRONG, "benutzername|benutzer~0.45|anmeldename|spitzname"),
        ("fr", STRONG, "nom d utilisateur|identifiant~0.3|pseudo|login utilisateur"),
        ("nl", STRONG, "gebruikersnaam|gebruiker~0.45|inlognaam|bijnaam"),
        ("es", STRONG, "nombre de usuario|usuario~0.45|apodo"),
        ("da", STRONG, "brugernavn|bruger~0.45|kaldenavn"),
        ("no", STRONG, "brukernavn|bruker~0.45|kallenavn"),
        ("fi", STRONG, "kayttajatunnus|kayttajanimi|nimimerkki|tunnus~0.3"),
        ("it", STRONG, "nome utente|utente~0.45|soprannome"),
        ("pl", STRONG, "nazwa uzytkownika|uzytkownik~0.45|pseudonim"),
        ("pt", STRONG, "nome de usuario|nome de utilizador|usuario~0.45|utilizador~0.45|apelido~0.3"),
    ],
    Category.VEHICLE_REGISTRATION: [
        (
            "en",
            STRONG,
            "license plate|licence plate|number plate|plate~0.45|plate number|registration number~0.45|"
            "vehicle registration|reg number|reg no|registration~0.3|vrm|car registration|licenseplate|"
            "vehicle plate|plate no|plate nr|car reg|reg plate|registration plate|vehicle reg|"
            "vehicle registration number|vehicle~0.3|car~0.3|vehicle id~0.3",
        ),
        ("sv", STRONG, "registreringsnummer|regnr|reg nr|regnummer|bilnummer|fordon~0.3|bil~0.3"),
        ("de", STRONG, "kennzeichen|kfz kennzeichen|nummernschild|amtliches kennzeichen|fahrzeug~0.3|kfz~0.45"),
        ("fr", STRONG, "immatriculation|plaque|plaque d immatriculation|numero d immatriculation|vehicule~0.3"),
        ("nl", STRONG, "kenteken|kentekenplaat|nummerplaat|voertuig~0.3"),
        ("es", STRONG, "matricula|placa|numero de matricula|vehiculo~0.3"),
        ("da", STRONG, "nummerplade|registreringsnummer|regnr|koretoj~0.3"),
        ("no", STRONG, "registreringsnummer|skiltnummer|bilskilt|regnr|kjoretoy~0.3"),
        ("fi", STRONG, "rekisterinumero|rekisterikilpi|rekkari"),
        ("fi", WEAK, "ajoneuvo"),
        ("it", STRONG, "targa|numero di targa|numero targa|targa veicolo|veicolo~0.3"),
        ("pl", STRONG, "numer rejestracyjny|nr rejestracyjny|tablica rejestracyjna|nr rej|pojazd~0.3"),
        ("pt", STRONG, "placa do veiculo|matricula do veiculo|veiculo~0.3"),
    ],
    Category.PASSWORD: [
        ("en", STRONG, "password|passwd|pwd|pass phrase|passphrase|pin~0.45|secret~0.45|password hash|pw"),
        ("sv", STRONG, "losenord"),
        ("de", STRONG, "passwort|kennwort"),
        ("fr", STRONG, "mot de passe|mdp"),
        ("nl", STRONG, "wachtwoord"),
        ("es", STRONG, "contrasena|clave~0.3"),
        ("da", STRONG, "adgangskode"),
        ("no", STRONG, "passord"),
        ("fi", STRONG, "salasana"),
        ("it", STRONG, "parola d ordine"),
        ("pl", STRONG, "haslo"),
        ("pt", STRONG, "senha"),
    ],
}

# Compound heads that may end a longer folded token (``kundtelefonnummer``, ``kundenemail``), per category.
_COMPOUND_HEADS: dict[Category, tuple[str, ...]] = {
    Category.EMAIL_ADDRESS: ("email", "epost", "epostadress", "emailadresse", "emailadres", "mailadresse"),
    Category.PHONE_NUMBER: (
        "telefon",
        "telefonnummer",
        "mobilnummer",
        "telefoonnummer",
        "puhelinnumero",
        "phonenumber",
        "phone",
    ),
    Category.STREET_ADDRESS: ("adresse", "adress", "anschrift", "osoite", "gatuadress", "strasse"),
    Category.DATE_OF_BIRTH: ("geburtsdatum", "fodelsedatum", "fodselsdato", "geboortedatum", "birthdate"),
    Category.NATIONAL_ID: ("personnummer",),
    Category.PERSON_NAME: ("vorname", "nachname", "fornamn", "efternamn", "voornaam", "achternaam"),
}

MODIFIERS: frozenset[str] = frozenset(
    {
        "verified",
        "verify",
        "verification",
        "validated",
        "confirmed",
        "count",
        "counts",
        "cnt",
        "type",
        "types",
        "kind",
        "flag",
        "is",
        "has",
        "enabled",
        "disabled",
        "opt",
        "optin",
        "optout",
        "status",
        "consent",
        "valid",
        "bounced",
        "bounce",
        "unsubscribed",
        "subscribed",
        "length",
        "len",
        "format",
        "provider",
        "domain",
        "hash",
        "hashed",
        "md5",
        "sha1",
        "sha256",
        "salt",
        "changed",
        "updated",
        "last changed",
        "reset",
        "expiry",
        "expires",
        "expired",
        "policy",
        "strength",
        "hint",
        "required",
        "allowed",
        "missing",
        "present",
        "exists",
        "country",
        "region",
        "prefix",
        "ext",
        "extension",
        "code",
        "mask",
        "masked",
        "template",
    }
)

# Tokens that, for health/special/gender columns, describe the data rather than neutralise it.
_FLAG_LIKE: frozenset[str] = frozenset({"is", "has", "flag", "status", "type", "code", "opt", "consent"})
_FLAG_EXEMPT: frozenset[Category] = frozenset(
    {Category.HEALTH_DATA, Category.SPECIAL_CATEGORY, Category.GENDER, Category.DATE_OF_BIRTH}
)

# Tokens that say the column holds business identifiers or amounts, not people: shape-only matches
# (digit strings that look like phones, ids or accounts) should not count there.
NEGATIVE_CONTEXT: frozenset[str] = frozenset(
    {
        "order",
        "orders",
        "invoice",
        "sku",
        "product",
        "item",
        "ticket",
        "tracking",
        "shipment",
        "shipping id",
        "transaction",
        "txn",
        "batch",
        "serial",
        "reference",
        "ref",
        "ean",
        "gtin",
        "isbn",
        "upc",
        "price",
        "amount",
        "qty",
        "quantity",
        "total",
        "sum",
        "uuid",
        "guid",
        "checksum",
        "version",
        "build",
        "sequence",
        "seq",
        "row",
        "index",
        "idx",
        "bestellnummer",
        "ordernummer",
        "artikel",
        "artikelnummer",
        "rechnung",
        "faktura",
        "fakturanummer",
        "commande",
        "pedido",
        "factura",
        "tilaus",
        "lasku",
        "cost",
        "revenue",
        "salary",
        "wage",
        "wages",
        "income",
        "gehalt",
        "salaire",
        "salario",
        "stipendio",
        "palkka",
        "wynagrodzenie",
        "bonus",
        "discount",
        "fee",
        "balance",
        "score",
        "rating",
        "duration",
        "weight",
        "height",
        "temperature",
        "year",
        "month",
        "day",
        "page",
        "port",
        "timestamp",
        "created",
        "updated",
        "modified",
        "shipped",
        "delivered",
        "ordered",
        "paid",
        "due",
        "expiry",
        "company",
        "organisation",
        "organization",
        "org",
        "vendor",
        "supplier",
        "store",
        "shop",
        "warehouse",
        "file",
        "filename",
        "path",
        "url",
        "product name",
        "brand",
        "category",
        "model",
        "device",
        "session",
        "request",
        "job",
        "event",
        "campaign",
        "table",
        "column",
        "server",
        "host",
        "hostname",
    }
)

# Tokens that name a numeric thing other than a phone number (quantities, money, counters, keys of business
# records, postcodes, durations, sizes, clocks, versions, years), in every product language. A digit column
# under such a header is never a phone number, however phone-like its digits (lexicon prior or not).
NUMERIC_CONTEXT: frozenset[str] = frozenset(
    {
        # en
        "amount", "amt", "price", "total", "subtotal", "sum", "qty", "quantity", "count", "cnt", "balance",
        "cost", "revenue", "turnover", "budget", "invoice", "invoices", "order", "orders", "customer id",
        "customer number", "customer no", "account id", "account number", "meter", "meter number", "serial",
        "serial number", "serialno", "postcode", "zip", "zipcode", "postal", "postal code", "duration",
        "seconds", "secs", "millis", "ms", "minutes", "bytes", "size", "filesize", "timestamp", "epoch", "unix",
        "ts", "version", "year", "imei", "iccid", "isbn", "ean", "gtin", "sku", "barcode", "batch", "lot",
        "tracking", "shipment", "transaction", "txn", "ticket", "case number", "reference", "ref", "score",
        "population", "latitude", "longitude", "lat", "lon", "lng", "views", "clicks", "impressions",
        # sv
        "belopp", "summa", "pris", "antal", "totalt", "saldo", "kundnummer", "kundnr", "fakturanummer",
        "fakturanr", "ordernummer", "ordernr", "matare", "matarnummer", "postnummer", "postnr", "varaktighet",
        "tidsstampel", "artikelnummer", "serienummer", "langd", "vikt",
        # de
        "betrag", "summe", "preis", "anzahl", "menge", "gesamt", "kontostand", "kundennummer", "kundennr",
        "rechnungsnummer", "rechnung", "bestellnummer", "bestellung", "zahler", "zahlernummer", "postleitzahl",
        "plz", "dauer", "jahr", "zeitstempel", "seriennummer", "auftragsnummer",
        # fr
        "montant", "prix", "quantite", "nombre", "solde", "numero client", "facture", "commande", "compteur",
        "code postal", "duree", "annee", "horodatage", "numero de serie", "numero de commande",
        # nl
        "bedrag", "prijs", "totaal", "aantal", "hoeveelheid", "klantnummer", "factuurnummer", "factuur",
        "bestelnummer", "bestelling", "meterstand", "meternummer", "duur", "jaar", "tijdstempel",
        # es
        "importe", "precio", "cantidad", "numero de cliente", "factura", "pedido", "contador", "codigo postal",
        "duracion", "ano", "marca de tiempo", "numero de pedido",
        # da / no
        "belob", "belop", "antall", "kundenummer", "ordrenummer", "maler", "malernummer", "varighed",
        "varighet", "tidsstempel",
        # fi
        "hinta", "maara", "yhteensa", "asiakasnumero", "laskunumero", "tilausnumero", "mittari",
        "postinumero", "kesto", "vuosi", "aikaleima", "sarjanumero",
        # it
        "importo", "prezzo", "totale", "quantita", "codice cliente", "fattura", "ordine", "contatore", "cap",
        "durata", "anno", "numero ordine", "numero di serie", "matricola",
        # pl
        "kwota", "cena", "suma", "ilosc", "liczba", "numer klienta", "faktura", "zamowienie", "licznik",
        "kod pocztowy", "czas trwania", "rok", "numer seryjny", "numer zamowienia",
    }
)  # fmt: skip

# Tokens that name an event in a record's life (or a period's bound): a date column headed by one of them is
# when something happened to a record, not when somebody was born.
EVENT_CONTEXT: frozenset[str] = frozenset(
    {
        # en
        "start", "started", "end", "ended", "hire", "hired", "join", "joined", "joining", "entry", "exit",
        "created", "create", "creation", "updated", "update", "modified", "changed", "deleted", "visit",
        "visited", "admission", "admitted", "discharge", "discharged", "appointment", "order", "ordered",
        "ship", "shipped", "shipping", "delivery", "delivered", "invoice", "invoiced", "payment", "paid",
        "due", "expiry", "expires", "expiration", "valid", "validity", "issue", "issued", "registration",
        "registered", "booking", "booked", "checkin", "check in", "checkout", "check out", "contract",
        "last login", "login", "logon", "timestamp", "ts", "since", "member since", "effective", "closed",
        "opened", "submitted", "approved", "received", "sent", "scheduled", "renewal", "termination",
        "terminated", "resignation", "leave", "leaving", "arrival", "departure", "event", "transaction",
        "purchase", "signup", "signed", "enrolled", "enrollment", "enrolment", "onboarding", "last seen",
        "accessed", "published", "posted", "from", "to", "until", "deadline", "release", "launch",
        "inspection", "service", "maintenance", "treatment", "test", "sample", "collection", "death", "deceased",
        # sv
        "anstallningsdatum", "anstalld", "startdatum", "slutdatum", "skapad", "uppdaterad", "andrad",
        "besok", "besoksdatum", "inskrivning", "utskrivning", "bokning", "bokad", "leverans", "leveransdatum",
        "faktura", "fakturadatum", "forfallodatum", "betalning", "betaldatum", "giltig", "utgang",
        "registrerad", "registrering", "avtal", "inlogg", "inloggning", "tidsstampel", "sedan", "fran",
        "till", "orderdatum", "inflyttning", "utflyttning", "avslut",
        # de
        "eintritt", "eintrittsdatum", "austritt", "austrittsdatum", "beginn", "ende", "erstellt", "angelegt",
        "geandert", "aktualisiert", "besuch", "aufnahme", "aufnahmedatum", "entlassung", "termin",
        "bestellung", "bestelldatum", "lieferung", "lieferdatum", "versand", "rechnung", "rechnungsdatum",
        "zahlung", "zahlungsdatum", "falligkeit", "fallig", "ablauf", "gultig", "gultigkeit", "ausgestellt",
        "registrierung", "buchung", "buchungsdatum", "vertrag", "vertragsbeginn", "zeitstempel", "seit",
        "von", "bis", "anmeldung", "kundigung",
        # fr
        "debut", "fin", "embauche", "entree", "sortie", "cree", "modifie", "mise a jour",
        "visite", "rendez vous", "commande", "livraison", "expedition", "facture",
        "facturation", "paiement", "echeance", "validite", "emission", "inscription",
        "reservation", "contrat", "horodatage", "depuis", "adhesion",
        # nl
        "begin", "einde", "indienst", "indiensttreding", "uitdienst", "aangemaakt", "gewijzigd", "bijgewerkt",
        "bezoek", "opname", "ontslag", "afspraak", "bestelling", "besteldatum", "levering", "leverdatum",
        "verzending", "factuur", "factuurdatum", "betaling", "betaaldatum", "vervaldatum", "geldig",
        "uitgifte", "registratie", "boeking", "tijdstempel", "sinds", "lid sinds", "inschrijving",
        # es
        "inicio", "alta", "baja", "ingreso", "salida", "creacion", "creado", "modificado", "actualizado",
        "visita", "cita", "pedido", "entrega", "envio", "factura", "pago", "vencimiento", "caducidad",
        "validez", "emision", "registro", "reserva", "contrato", "desde", "hasta",
        # da / no
        "ansaettelse", "ansettelse", "ansat", "ansatt", "startdato", "slutdato", "sluttdato", "oprettet",
        "opprettet", "opdateret", "oppdatert", "besog", "indlaeggelse", "innleggelse", "udskrivning",
        "aftale", "avtale", "bestilling", "forfald",
        "forfall", "gyldig", "udstedt", "utstedt", "registreret", "registrert", "kontrakt",
        "tidsstempel", "siden", "fra", "til",
        # fi
        "alkaen", "alku", "loppu", "alkupaiva", "loppupaiva", "tyosuhde", "luotu", "paivitetty", "muokattu",
        "kaynti", "tulo", "lahto", "aloituspaiva", "alkamispaiva", "paattymispaiva", "luontipaiva",
        "muokkauspaiva", "tilauspaiva", "toimituspaiva", "laskutuspaiva", "maksupaiva", "kayntipaiva",
        "ajanvaraus", "tilaus", "toimitus", "lasku", "maksu", "erapaiva",
        "voimassa", "myonnetty", "rekisteroity", "varaus", "sopimus", "aikaleima", "asti",
        # it
        "inizio", "fine", "assunzione", "ingresso", "uscita", "creazione", "creato", "modificato",
        "aggiornato", "ricovero", "dimissione", "appuntamento", "ordine", "consegna", "spedizione",
        "fattura", "pagamento", "scadenza", "validita", "emissione", "registrazione", "prenotazione",
        "contratto", "dal", "al", "iscrizione",
        # pl
        "poczatek", "koniec", "zatrudnienie", "zatrudnienia", "przyjecie", "wyjscie", "utworzono",
        "utworzenia", "zmodyfikowano", "aktualizacja", "wizyta", "wizyty", "wypis", "zamowienie",
        "zamowienia", "dostawa", "dostawy", "wysylka", "faktury", "platnosc", "platnosci",
        "waznosc", "waznosci", "wydania", "rejestracja", "rejestracji", "rezerwacja", "umowa",
        "umowy", "od", "do",
    }
)  # fmt: skip

# Compound date words whose head is an event ("anstallningsdatum", "Eintrittsdatum", "leveringsdato").
_EVENT_COMPOUND_HEADS: tuple[str, ...] = (
    "anstallning", "ansaettelse", "ansettelse", "eintritt", "austritt", "leverans", "lever", "liefer",
    "bestell", "order", "faktur", "rechnung", "betal", "zahlung", "besok", "besog", "bezoek", "registr",
    "bokning", "booking", "buchung", "start", "slut", "end", "utskriv", "inskriv", "aufnahme", "entlass",
    "vervallen", "forfall", "ablauf", "giltig", "gultig", "gyldig", "skapa", "opret", "oppret", "inflytt",
)  # fmt: skip
_BIRTH_DATE_WORDS: frozenset[str] = frozenset(
    {"geburtsdatum", "fodelsedatum", "fodselsdato", "geboortedatum", "birthdate", "syntymaaika"}
)

# Heads that turn "name"-like headers into non-person names.
NON_PERSON_NAME_CONTEXT: frozenset[str] = frozenset(
    {
        "product",
        "company",
        "file",
        "filename",
        "table",
        "column",
        "brand",
        "street",
        "city",
        "town",
        "country",
        "region",
        "state",
        "store",
        "shop",
        "business",
        "organisation",
        "organization",
        "org",
        "project",
        "team",
        "department",
        "dept",
        "host",
        "hostname",
        "server",
        "domain",
        "category",
        "model",
        "device",
        "app",
        "application",
        "service",
        "event",
        "campaign",
        "item",
        "sku",
        "field",
        "bucket",
        "key",
        "role",
        "group",
        "plan",
        "tier",
        "package",
        "bank",
        "branch",
        "vendor",
        "supplier",
        "merchant",
        "foretag",
        "firma",
        "produkt",
        "firmenname",
        "entreprise",
        "societe",
        "bedrijf",
        "bedrijfsnaam",
        "empresa",
        "yritys",
        "tuote",
        "venue",
        "site",
        "place",
        "location",
        "school",
        "hotel",
        "vessel",
        "course",
        "job",
        "title",
        "label",
        "screen",
        "user",
        "login",
        # organisations whose names are often surnames (Bosch, Ford, Barmer): makers, insurers, carriers
        "manufacturer",
        "maker",
        "make",
        "carrier",
        "airline",
        "insurer",
        "insurance",
        "publisher",
        "employer",
        "club",
        "university",
        "hersteller",
        "marke",
        "fabrikat",
        "krankenkasse",
        "versicherung",
        "arbeitgeber",
        "tillverkare",
        "forsakringsbolag",
        "fabrikant",
        "verzekeraar",
        "fabricant",
        "assureur",
        "fabricante",
        "aseguradora",
        "produttore",
        "assicurazione",
        "producent",
        "ubezpieczyciel",
        "valmistaja",
        "vakuutusyhtio",
        "method",
        "verb",
    }
)

_SUBTYPE_HINTS: dict[str, NationalIdSubtype] = {
    "ssn": NationalIdSubtype.US_SSN,
    "social security": NationalIdSubtype.US_SSN,
    "social security number": NationalIdSubtype.US_SSN,
    "socialsecuritynumber": NationalIdSubtype.US_SSN,
    "personnummer": NationalIdSubtype.SE_PERSONNUMMER,
    "personnr": NationalIdSubtype.SE_PERSONNUMMER,
    "pnr": NationalIdSubtype.SE_PERSONNUMMER,
    "samordningsnummer": NationalIdSubtype.SE_PERSONNUMMER,
    "nino": NationalIdSubtype.UK_NINO,
    "national insurance": NationalIdSubtype.UK_NINO,
    "national insurance number": NationalIdSubtype.UK_NINO,
    "ni number": NationalIdSubtype.UK_NINO,
    "cpr": NationalIdSubtype.DK_CPR,
    "cpr nummer": NationalIdSubtype.DK_CPR,
    "cprnummer": NationalIdSubtype.DK_CPR,
    "cpr nr": NationalIdSubtype.DK_CPR,
    "hetu": NationalIdSubtype.FI_HETU,
    "henkilotunnus": NationalIdSubtype.FI_HETU,
    "sotu": NationalIdSubtype.FI_HETU,
    "fodselsnummer": NationalIdSubtype.NO_FNR,
    "fnr": NationalIdSubtype.NO_FNR,
    "d nummer": NationalIdSubtype.NO_FNR,
    "bsn": NationalIdSubtype.NL_BSN,
    "burgerservicenummer": NationalIdSubtype.NL_BSN,
    "sofinummer": NationalIdSubtype.NL_BSN,
    "sofi nummer": NationalIdSubtype.NL_BSN,
    "dni": NationalIdSubtype.ES_DNI,
    "nie": NationalIdSubtype.ES_DNI,
    "nif": NationalIdSubtype.ES_DNI,
    "nir": NationalIdSubtype.FR_NIR,
    "insee": NationalIdSubtype.FR_NIR,
    "securite sociale": NationalIdSubtype.FR_NIR,
    "numero de securite sociale": NationalIdSubtype.FR_NIR,
    "numero insee": NationalIdSubtype.FR_NIR,
    "numero secu": NationalIdSubtype.FR_NIR,
    "steuer id": NationalIdSubtype.DE_STEUER_ID,
    "steuerid": NationalIdSubtype.DE_STEUER_ID,
    "steueridentifikationsnummer": NationalIdSubtype.DE_STEUER_ID,
    "idnr": NationalIdSubtype.DE_STEUER_ID,
    "steuer identifikationsnummer": NationalIdSubtype.DE_STEUER_ID,
    "codice fiscale": NationalIdSubtype.IT_CODICE_FISCALE,
    "codicefiscale": NationalIdSubtype.IT_CODICE_FISCALE,
    "cod fiscale": NationalIdSubtype.IT_CODICE_FISCALE,
    "pesel": NationalIdSubtype.PL_PESEL,
    "numer pesel": NationalIdSubtype.PL_PESEL,
}

# Language of a national-id subtype and a default phone region per language, for tie-breaking.
SUBTYPE_LANGUAGE: dict[NationalIdSubtype, str] = {
    NationalIdSubtype.US_SSN: "en",
    NationalIdSubtype.UK_NINO: "en",
    NationalIdSubtype.SE_PERSONNUMMER: "sv",
    NationalIdSubtype.DK_CPR: "da",
    NationalIdSubtype.FI_HETU: "fi",
    NationalIdSubtype.NO_FNR: "no",
    NationalIdSubtype.NL_BSN: "nl",
    NationalIdSubtype.ES_DNI: "es",
    NationalIdSubtype.FR_NIR: "fr",
    NationalIdSubtype.DE_STEUER_ID: "de",
    NationalIdSubtype.IT_CODICE_FISCALE: "it",
    NationalIdSubtype.PL_PESEL: "pl",
}
LANGUAGE_REGIONS: dict[str, tuple[str, ...]] = {
    "en": ("US", "GB", "IE"),
    "sv": ("SE",),
    "de": ("DE", "AT", "CH"),
    "fr": ("FR", "BE", "CH"),
    "nl": ("NL", "BE"),
    "es": ("ES",),
    "da": ("DK",),
    "no": ("NO",),
    "fi": ("FI",),
    "it": ("IT",),
    "pl": ("PL",),
    "pt": ("PT", "BR"),
}

# Extra everyday header words that only say which language a table is written in.
_LANGUAGE_WORDS: dict[str, str] = {
    "kund": "sv",
    "ort": "sv",
    "postnummer": "sv",
    "postort": "sv",
    "belopp": "sv",
    "datum": "sv",
    "lan": "sv",
    "kommun": "sv",
    "anstalld": "sv",
    "kunde": "de",
    "plz": "de",
    "stadt": "de",
    "wohnort": "de",
    "betrag": "de",
    "land": "de",
    "kundennummer": "de",
    "ville": "fr",
    "code postal": "fr",
    "pays": "fr",
    "montant": "fr",
    "client": "fr",
    "klant": "nl",
    "postcode": "nl",
    "woonplaats": "nl",
    "plaats": "nl",
    "bedrag": "nl",
    "ciudad": "es",
    "codigo postal": "es",
    "pais": "es",
    "cliente": "es",
    "importe": "es",
    "postnr": "da",
    "by": "da",
    "kommune": "da",
    "belob": "da",
    "kunde nr": "da",
    "poststed": "no",
    "fylke": "no",
    "belop": "no",
    "kaupunki": "fi",
    "postinumero": "fi",
    "asiakas": "fi",
    "summa": "fi",
    "kunta": "fi",
    "citta": "it",
    "cognome": "it",
    "comune": "it",
    "miasto": "pl",
    "nazwisko": "pl",
    "imie": "pl",
    "zip": "en",
    "zipcode": "en",
    "state": "en",
    "county": "en",
    "customer": "en",
    "city": "en",
}


@dataclass(frozen=True)
class HeaderEvidence:
    """What the column name says: prior per category, national-id subtype hint and context flags."""

    tokens: tuple[str, ...]
    priors: dict[Category, float] = field(default_factory=dict)
    phrases: dict[Category, str] = field(default_factory=dict)
    subtype_hint: NationalIdSubtype | None = None
    modifier: str | None = None  # the modifier token that neutralised contact-point categories
    negative_context: bool = False
    non_person_name: bool = False
    numeric_context: bool = False  # names a numeric thing other than a phone number (amount, zip, year ...)
    event_context: bool = False  # names an event of a record (hire, order, created ...), not a birth

    def prior(self, category: Category) -> float:
        return self.priors.get(category, 0.0)


def _build_index() -> tuple[dict[tuple[str, ...], list[tuple[Category, float, str]]], int]:
    index: dict[tuple[str, ...], list[tuple[Category, float, str]]] = {}
    longest = 1
    for category, entries in _LEXICON.items():
        for language, weight, phrases in entries:
            for entry in phrases.split("|"):
                phrase, _, override = entry.partition("~")
                key = tuple(phrase.split())
                longest = max(longest, len(key))
                index.setdefault(key, []).append((category, float(override) if override else weight, language))
    return index, longest


_INDEX, _LONGEST = _build_index()


def _ngrams(tokens: Sequence[str], longest: int) -> Iterable[tuple[int, int, tuple[str, ...]]]:
    for start in range(len(tokens)):
        for size in range(1, min(longest, len(tokens) - start) + 1):
            yield start, start + size, tuple(tokens[start : start + size])


# Names that spreadsheets, dataframes and headerless exports give columns ("column_2", "Unnamed: 3", "col7",
# "field3", "x8", "V5"): they say nothing about the contents, neither for nor against a category.
_PLACEHOLDER_WORDS: frozenset[str] = frozenset(
    {
        "column",
        "columns",
        "col",
        "field",
        "fld",
        "unnamed",
        "var",
        "variable",
        "attr",
        "attribute",
        "feature",
        "kolumna",
    }
)


def is_placeholder_header(tokens: Sequence[str]) -> bool:
    """Every token is a number, a single letter or a generic word such as ``column``."""
    return bool(tokens) and all(token.isdigit() or len(token) == 1 or token in _PLACEHOLDER_WORDS for token in tokens)


@lru_cache(maxsize=4096)
def header_evidence(header: str) -> HeaderEvidence:
    """Category priors from a column name (whole-token phrase matches, modifiers applied)."""
    tokens = tokenize(header)
    if is_placeholder_header(tokens):
        return HeaderEvidence(tokens=tokens)
    priors: dict[Category, float] = {}
    phrases: dict[Category, str] = {}
    covered: dict[Category, set[int]] = {}
    for start, end, gram in _ngrams(tokens, _LONGEST):
        for category, weight, _language in _INDEX.get(gram, ()):
            # Longer phrases (more tokens) are more specific: give them a small bonus, still capped.
            bonus = 0.05 * (len(gram) - 1)
            score = min(HEADER_CAP, weight + bonus)
            previous = priors.get(category, 0.0)
            if score > previous or (score == previous and end - start > len(covered.get(category, ()))):
                priors[category] = score
                phrases[category] = " ".join(gram)
                covered[category] = set(range(start, end))
    # A phrase inside a longer phrase of another category is not evidence ("address" in "email address").
    for category in list(priors):
        span = covered[category]
        if any(other is not category and span < covered[other] for other in covered if other in priors):
            del priors[category]
            phrases.pop(category, None)
    for category, heads in _COMPOUND_HEADS.items():
        if category in priors:
            continue
        for token in tokens:
            if any(token.endswith(head) and len(token) > len(head) + 2 for head in heads):
                priors[category] = MEDIUM
                phrases[category] = token
                covered[category] = {tokens.index(token)}
                break
    hint = None
    for _start, _end, gram in _ngrams(tokens, 4):
        hint = _SUBTYPE_HINTS.get(" ".join(gram), hint)
        if hint is not None:
            break
    modifier = None
    for position, token in enumerate(tokens):
        if token not in MODIFIERS:
            continue
        for category in list(priors):
            if position in covered.get(category, set()):
                continue  # the modifier is part of the phrase itself ("blood type", "pin code")
            if category in _FLAG_EXEMPT and token in _FLAG_LIKE:
                continue
            if category is Category.PASSWORD and token in {"hash", "hashed", "md5", "sha1", "sha256", "salt"}:
                continue  # password_hash is still about passwords; the password module judges hashing
            del priors[category]
            phrases.pop(category, None)
            modifier = token
    token_set = set(tokens)
    bigrams = {f"{a} {b}" for a, b in pairwise(tokens)}
    negative = bool((token_set | bigrams) & NEGATIVE_CONTEXT)
    numeric = bool((token_set | bigrams) & NUMERIC_CONTEXT)
    event = bool((token_set | bigrams) & EVENT_CONTEXT) or any(
        token.endswith(("datum", "dato", "date")) and token not in _BIRTH_DATE_WORDS and len(token) > 6
        for token in tokens
        if any(token.startswith(head) for head in _EVENT_COMPOUND_HEADS)
    )
    non_person = bool(token_set & NON_PERSON_NAME_CONTEXT)
    if (
        non_person
        and Category.PERSON_NAME in priors
        and phrases.get(Category.PERSON_NAME)
        in {
            "name",
            "names",
            "nom",
            "naam",
            "nombre",
            "navn",
            "nimi",
            "namn",
            "owner",
            "contact",
            "holder",
            "display name",
            "full name",
        }
    ):
        del priors[Category.PERSON_NAME]
    return HeaderEvidence(
        tokens=tokens,
        priors=priors,
        phrases=phrases,
        subtype_hint=hint,
        modifier=modifier,
        negative_context=negative,
        non_person_name=non_person,
        numeric_context=numeric,
        event_context=event,
    )


def _vocabulary_phrases() -> tuple[frozenset[tuple[str, ...]], int]:
    phrases = set(_INDEX)
    for words in (
        MODIFIERS,
        NEGATIVE_CONTEXT,
        NUMERIC_CONTEXT,
        EVENT_CONTEXT,
        NON_PERSON_NAME_CONTEXT,
        _BIRTH_DATE_WORDS,
        _PLACEHOLDER_WORDS,
        _SUBTYPE_HINTS.keys(),
        _LANGUAGE_WORDS.keys(),
    ):
        phrases.update(tuple(phrase.split()) for phrase in words)
    return frozenset(phrases), max(len(phrase) for phrase in phrases)


_VOCABULARY, _VOCABULARY_LONGEST = _vocabulary_phrases()


def header_vocabulary_flags(tokens: Sequence[str]) -> tuple[bool, ...]:
    """Which of a name's folded tokens belong to a header word or phrase this module knows (any category,
    modifier, context or language word): `iris` in `iris_scan`, `name` in `first_name`. A token counts only
    inside a whole phrase, so `iris` alone is not covered by `iris scan`."""
    covered = [False] * len(tokens)
    for start, end, gram in _ngrams(tokens, _VOCABULARY_LONGEST):
        if gram in _VOCABULARY:
            covered[start:end] = [True] * (end - start)
    return tuple(covered)


def language_votes(headers: Iterable[str]) -> Counter[str]:
    """Which languages a table's column names are written in (for region and subtype tie-breaks)."""
    votes: Counter[str] = Counter()
    for header in headers:
        tokens = tokenize(header)
        for _start, _end, gram in _ngrams(tokens, _LONGEST):
            key = " ".join(gram)
            language = _LANGUAGE_WORDS.get(key)
            if language:
                votes[language] += 1
            for _category, _weight, entry_language in _INDEX.get(gram, ()):
                votes[entry_language] += 1
    return votes
