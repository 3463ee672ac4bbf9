"""Word lists the value detectors look things up in: names, cities, street words, gender, health, Art. 9 terms.

Person first/last names and city/country names come from ``data/*.txt.gz`` (built from faker's locale
providers by ``data/build.py``). The small closed vocabularies are written out here by hand, folded
(lower-case, no accents) in the nine product languages plus a few neighbours. Everything is loaded once.
"""

from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache
from pathlib import Path

from orca_core.scan.detect.lexicon import fold

_DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> frozenset[str]:
    with gzip.open(_DATA / name, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


@cache
def first_names() -> frozenset[str]:
    return _load("first_names.txt.gz")


@cache
def last_names() -> frozenset[str]:
    return _load("last_names.txt.gz")


@cache
def places() -> frozenset[str]:
    """City, town and country names (folded)."""
    return _load("cities.txt.gz")


# Name-list entries that are far more often ordinary words in business data: they never count alone.
COMMON_WORDS: frozenset[str] = frozenset({
    "will", "may", "june", "april", "august", "page", "long", "young", "white", "black", "green", "brown", "gray",
    "grey", "rose", "guy", "mark", "bill", "art", "hope", "joy", "faith", "grace", "love", "king", "queen",
    "price", "cash", "bank", "hall", "street", "house", "field", "wood", "stone", "hill", "lane", "park", "ford",
    "new", "old", "red", "blue", "gold", "silver", "active", "inactive", "pending", "open", "closed", "yes", "no",
    "true", "false", "none", "null", "unknown", "other", "test", "admin", "user", "customer", "standard", "basic",
    "premium", "pro", "plus", "max", "mini", "small", "medium", "large", "north", "south", "east", "west",
    "summer", "winter", "spring", "autumn", "sale", "free", "paid", "online", "store", "shop", "service",
    "support", "sales", "marketing", "finance", "city", "town", "van", "von", "de", "la", "le", "del", "da",
    "di", "du", "des", "der", "den", "het", "el", "los", "las", "and", "och", "und", "et", "y", "og", "ja",
    "man", "woman", "male", "female", "chair", "table", "desk", "lamp", "apple", "orange", "lemon",
})

# ---------------------------------------------------------------- streets
STREET_WORDS: frozenset[str] = frozenset({
    # en
    "street", "st", "road", "rd", "avenue", "ave", "av", "lane", "ln", "drive", "dr", "court", "ct", "place", "pl",
    "boulevard", "blvd", "way", "terrace", "crescent", "close", "square", "sq", "highway", "hwy", "parkway",
    "pkwy", "circle", "cir", "trail", "row", "mews", "grove", "gardens", "walk", "hill", "plaza", "alley",
    "path", "pike", "route", "apt", "suite", "unit", "flat", "po box", "loop", "crossing", "point", "ridge",
    # sv
    "gatan", "gata", "vagen", "vag", "torget", "torg", "stigen", "backe", "backen", "grand", "granden", "alle",
    "allen", "plan", "stig", "leden", "esplanaden",
    # de
    "strasse", "str", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer", "chaussee", "steig", "pfad",
    # fr
    "rue", "avenue", "boulevard", "bd", "chemin", "impasse", "allee", "place", "quai", "route", "cours",
    "passage", "square", "voie", "rte",
    # es / it / pt
    "calle", "c", "avenida", "avda", "paseo", "plaza", "camino", "carrera", "ronda", "travesia", "via", "viale",
    "piazza", "corso", "largo", "rua", "praca", "travessa", "ul", "ulica", "aleja", "al",
    # nl
    "straat", "laan", "plein", "gracht", "weg", "kade", "singel", "dijk", "steeg", "dreef", "hof",
    # da / no
    "vej", "gade", "alle", "plads", "vaenge", "gate", "veien", "vei", "vegen", "veg", "plass", "torv",
    # fi
    "katu", "tie", "kuja", "polku", "tori", "raitti", "rinne", "kaari", "aukio", "vayla", "puistikko", "katu",
})
# Compound endings ("Storgatan", "Hauptstraße", "Kalverstraat", "Mannerheimintie").
STREET_SUFFIXES: tuple[str, ...] = (
    "gatan", "gata", "vagen", "vag", "torget", "backen", "granden", "strasse", "str.", "weg", "platz", "allee",
    "gasse", "ring", "damm", "straat", "laan", "plein", "gracht", "kade", "singel", "dijk", "vej", "gade", "gate",
    "veien", "vei", "vegen", "katu", "tie", "kuja", "polku", "stien", "stigen", "alle", "plads", "torv",
    "ufer", "steig", "pfad", "markt", "boulevard", "hof", "dreef", "avenue", "gränd", "grand", "kaari", "rinne",
)

# ---------------------------------------------------------------- gender
GENDER_FEMALE: frozenset[str] = frozenset({
    "f", "female", "woman", "women", "w", "weiblich", "frau", "kvinna", "kvinnor", "k", "kvinde", "kvinne",
    "nainen", "n", "femme", "feminin", "mujer", "femenino", "femenina", "vrouw", "vrouwelijk", "v", "femmina",
    "donna", "kobieta", "girl", "fem", "mrs", "ms", "miss", "mme", "madame", "mlle", "sra", "senora", "mevrouw",
    "fru", "frk", "kvindelig", "kvinnelig", "naispuolinen", "zenski", "feminino", "mulher",
})
GENDER_MALE: frozenset[str] = frozenset({
    "m", "male", "man", "men", "mannlich", "herr", "h", "mand", "mann", "mies", "homme", "masculin", "hombre",
    "masculino", "man", "mannelijk", "maschio", "uomo", "mezczyzna", "boy", "mr", "monsieur", "sr", "senor",
    "meneer", "dhr", "mandlig", "mannlig", "miespuolinen", "muski", "homem",
})
GENDER_OTHER: frozenset[str] = frozenset({
    "x", "d", "o", "u", "other", "others", "unknown", "divers", "diverse", "non binary", "nonbinary", "nb",
    "enby", "genderqueer", "genderfluid", "agender", "transgender", "trans", "intersex", "prefer not to say",
    "not specified", "unspecified", "annat", "annan", "ickebinar", "icke binar", "andet", "annet", "muu", "autre",
    "non binaire", "otro", "otra", "no binario", "anders", "non binair", "altro", "inne", "neutral", "n a",
    "not stated", "undisclosed", "declined", "ukjent", "okand", "ukendt", "tuntematon", "inconnu", "desconocido",
    "onbekend", "unbekannt", "mx", "0", "1", "2", "9",
})
# ISO/IEC 5218 digit codes only count when the header says gender.
GENDER_CODES: frozenset[str] = frozenset({"0", "1", "2", "9"})

# ---------------------------------------------------------------- health (GDPR Art. 9: data concerning health)
HEALTH_TERMS: frozenset[str] = frozenset({
    # diagnoses, en
    "diabetes", "type 1 diabetes", "type 2 diabetes", "diabetes mellitus", "asthma", "hypertension",
    "high blood pressure", "depression", "major depression", "anxiety", "anxiety disorder", "cancer",
    "breast cancer", "lung cancer", "prostate cancer", "leukemia", "leukaemia", "lymphoma", "melanoma", "tumor",
    "tumour", "copd", "arthritis", "rheumatoid arthritis", "osteoarthritis", "migraine", "epilepsy", "hiv", "aids",
    "hepatitis", "hepatitis b", "hepatitis c", "tuberculosis", "pneumonia", "bronchitis", "influenza", "flu",
    "covid", "covid 19", "obesity", "stroke", "heart failure", "heart disease", "coronary artery disease",
    "myocardial infarction", "heart attack", "atrial fibrillation", "angina", "dementia", "alzheimer",
    "alzheimers", "alzheimer s disease", "parkinson", "parkinsons", "parkinson s disease", "schizophrenia",
    "bipolar", "bipolar disorder", "adhd", "autism", "multiple sclerosis", "psoriasis", "eczema",
    "celiac disease", "coeliac disease", "crohn s disease", "crohns disease", "ulcerative colitis",
    "osteoporosis", "anemia", "anaemia", "hypothyroidism", "hyperthyroidism", "chronic kidney disease",
    "kidney failure", "fracture", "back pain", "low back pain", "insomnia", "ptsd", "ocd", "eating disorder",
    "anorexia", "bulimia", "gout", "glaucoma", "cataract", "sleep apnea", "sleep apnoea", "fibromyalgia",
    "chronic fatigue", "lupus", "sepsis", "appendicitis", "concussion", "hypercholesterolemia",
    "high cholesterol", "pregnant", "pregnancy", "infertility", "miscarriage", "substance abuse", "alcoholism",
    "addiction", "hay fever", "peanut allergy", "nut allergy", "penicillin allergy", "lactose intolerance",
    "gluten intolerance", "shellfish allergy", "pollen allergy", "latex allergy", "bee sting allergy",
    "disability", "wheelchair user", "hearing loss", "blind", "deaf", "diabetic", "asthmatic", "epileptic",
    # sv
    "astma", "hogt blodtryck", "depression", "angest", "bröstcancer", "brostcancer", "kol", "reumatism",
    "migran", "epilepsi", "lunginflammation", "hjartsvikt", "demens", "allergi", "fetma", "hjartinfarkt",
    "jordnotsallergi", "notallergi", "laktosintolerans", "glutenintolerans", "pollenallergi", "graviditet",
    "gravid", "utbrandhet", "utmattningssyndrom", "diabetes typ 2", "diabetes typ 1", "cancer",
    # de
    "bluthochdruck", "angststorung", "krebs", "brustkrebs", "lungenkrebs", "rheuma", "migrane",
    "lungenentzundung", "schlaganfall", "herzinsuffizienz", "demenz", "allergie", "adipositas", "herzinfarkt",
    "zuckerkrankheit", "nussallergie", "laktoseintoleranz", "heuschnupfen", "schwanger", "schwangerschaft",
    "bandscheibenvorfall", "burnout", "diabetes typ 2",
    # fr
    "diabete", "asthme", "dépression", "anxiete", "cancer du sein", "epilepsie", "pneumonie", "avc",
    "insuffisance cardiaque", "demence", "obesite", "infarctus", "allergie aux arachides", "enceinte",
    "grossesse", "hypertension arterielle", "maladie de crohn",
    # nl
    "suikerziekte", "hoge bloeddruk", "depressie", "angststoornis", "kanker", "borstkanker", "longontsteking",
    "beroerte", "hartfalen", "dementie", "obesitas", "hartinfarct", "pinda allergie", "pinda allergie",
    "zwanger", "zwangerschap", "reuma",
    # es
    "hipertension", "depresion", "ansiedad", "cancer de mama", "migrana", "epilepsia", "neumonia", "ictus",
    "insuficiencia cardiaca", "demencia", "alergia", "obesidad", "infarto", "embarazada", "embarazo", "asma",
    # da / no
    "sukkersyge", "forhojet blodtryk", "angst", "kraeft", "brystkraeft", "migraene", "lungebetaendelse",
    "slagtilfaelde", "hjertesvigt", "fedme", "blodprop", "hoyt blodtrykk", "kreft", "brystkreft", "migrene",
    "lungebetennelse", "hjerneslag", "hjertesvikt", "gravid", "graviditet", "diabetes type 2",
    # fi
    "verenpainetauti", "kohonnut verenpaine", "masennus", "ahdistus", "syopa", "rintasyopa", "migreeni",
    "keuhkokuume", "aivohalvaus", "sydamen vajaatoiminta", "dementia", "allergia", "lihavuus",
    "sydaninfarkti", "raskaus", "raskaana", "tyypin 2 diabetes", "astma", "epilepsia", "diabetes",
    # medications (international non-proprietary names and common brands)
    "metformin", "insulin", "insulin glargine", "ibuprofen", "paracetamol", "acetaminophen", "aspirin",
    "atorvastatin", "simvastatin", "rosuvastatin", "lisinopril", "amlodipine", "metoprolol", "omeprazole",
    "esomeprazole", "pantoprazole", "levothyroxine", "salbutamol", "albuterol", "prednisolone", "prednisone",
    "amoxicillin", "penicillin", "sertraline", "fluoxetine", "citalopram", "escitalopram", "venlafaxine",
    "warfarin", "apixaban", "rivaroxaban", "clopidogrel", "losartan", "hydrochlorothiazide", "gabapentin",
    "pregabalin", "tramadol", "morphine", "oxycodone", "codeine", "diazepam", "lorazepam", "zolpidem",
    "methotrexate", "adalimumab", "furosemide", "bisoprolol", "ramipril", "enalapril", "cetirizine",
    "loratadine", "montelukast", "ventolin", "alvedon", "ipren", "panodil", "waran", "levaxin", "novorapid",
    "lantus", "ozempic", "semaglutide", "lithium", "quetiapine", "olanzapine", "risperidone", "methylphenidate",
    "ritalin", "concerta", "humira", "xanax", "prozac", "zoloft", "lipitor", "glucophage", "eutirox",
    "euthyrox", "nexium", "ibuprofeno", "paracetamolo", "metformina",
})
# Words that make a free-text note clinical when two or more occur together.
CLINICAL_WORDS: frozenset[str] = frozenset({
    "patient", "diagnosed", "diagnosis", "prescribed", "prescription", "symptoms", "symptom", "chronic", "acute",
    "treatment", "therapy", "mg", "dose", "dosage", "surgery", "hospital", "admitted", "discharged", "pain",
    "fever", "cough", "nausea", "blood", "pressure", "medication", "clinic", "gp", "doctor", "nurse", "allergic",
    "allergy", "infection", "injury", "sick", "illness", "disease", "condition", "medical", "vaccinated",
    "vaccine", "referral", "x ray", "mri", "scan", "biopsy", "tablet", "tablets", "daily", "twice",
    "patienten", "patient", "diagnos", "behandling", "lakemedel", "smarta", "feber", "sjukhus", "lakare",
    "diagnose", "behandlung", "schmerzen", "krankenhaus", "arzt", "fieber", "douleur", "traitement", "medecin",
    "hopital", "fievre", "behandeling", "pijn", "ziekenhuis", "arts", "koorts", "dolor", "tratamiento",
    "medico", "hospital", "fiebre", "smerter", "sygehus", "laege", "sykehus", "lege", "kipu", "hoito",
    "sairaala", "laakari", "kuume", "sjuk", "krank", "malade", "ziek", "enfermo", "syg", "syk", "sairas",
})

# ---------------------------------------------------------------- special categories (GDPR Art. 9)
RELIGION_TERMS: frozenset[str] = frozenset({
    "christian", "christianity", "catholic", "roman catholic", "protestant", "lutheran", "evangelical",
    "orthodox", "greek orthodox", "russian orthodox", "anglican", "church of england", "baptist", "methodist",
    "presbyterian", "pentecostal", "mormon", "jehovah s witness", "muslim", "islam", "islamic", "sunni", "shia",
    "jewish", "judaism", "hindu", "hinduism", "buddhist", "buddhism", "sikh", "sikhism", "atheist", "atheism",
    "agnostic", "jain", "bahai", "taoist", "shinto", "pagan", "spiritual", "no religion", "kristen", "katolik",
    "katolsk", "protestantisk", "muslimsk", "judisk", "jude", "hinduisk", "ateist", "agnostiker",
    "svenska kyrkan", "christlich", "katholisch", "romisch katholisch", "evangelisch", "protestantisch",
    "muslimisch", "moslem", "judisch", "hinduistisch", "buddhistisch", "konfessionslos", "ohne konfession",
    "chretien", "catholique", "musulman", "musulmane", "juif", "juive", "hindou", "bouddhiste", "athee",
    "agnostique", "christelijk", "christen", "katholiek", "rooms katholiek", "protestants", "hervormd",
    "gereformeerd", "moslim", "islamitisch", "joods", "hindoe", "boeddhist", "atheist", "cristiano", "catolico",
    "protestante", "evangelico", "musulman", "judio", "hindu", "budista", "ateo", "agnostico", "folkekirken",
    "jodisk", "kristitty", "luterilainen", "ortodoksi", "katolinen", "muslimi", "juutalainen", "ateisti",
    "uskonnoton", "evankelis luterilainen", "buddhalainen", "hindulainen",
})
ETHNICITY_TERMS: frozenset[str] = frozenset({
    "asian", "black", "white", "hispanic", "latino", "latina", "latinx", "caucasian", "african american",
    "native american", "american indian", "alaska native", "pacific islander", "native hawaiian", "mixed",
    "mixed race", "multiracial", "two or more races", "arab", "middle eastern", "roma", "romani", "sami",
    "indigenous", "aboriginal", "white british", "white irish", "white other", "black african",
    "black caribbean", "black british", "asian british", "indian", "pakistani", "bangladeshi", "chinese",
    "hispanic or latino", "not hispanic or latino", "non hispanic white", "non hispanic black", "east asian",
    "south asian", "southeast asian", "north african", "sub saharan african", "kurdish", "turkish", "somali",
    "jewish",
})
POLITICAL_TERMS: frozenset[str] = frozenset({
    "democrat", "democratic", "democratic party", "republican", "republican party", "libertarian", "green party",
    "labour", "labour party", "conservative", "conservative party", "liberal democrats", "lib dem", "snp",
    "plaid cymru", "reform uk", "ukip", "socialist", "communist", "social democrat", "socialdemokraterna",
    "moderaterna", "sverigedemokraterna", "centerpartiet", "vansterpartiet", "liberalerna", "kristdemokraterna",
    "miljopartiet", "cdu", "csu", "spd", "fdp", "afd", "die linke", "grune", "bundnis 90 die grunen", "bsw",
    "renaissance", "les republicains", "rassemblement national", "la france insoumise", "parti socialiste",
    "europe ecologie les verts", "reconquete", "vvd", "pvda", "cda", "d66", "pvv", "groenlinks", "christenunie",
    "bbb", "nsc", "psoe", "vox", "podemos", "sumar", "ciudadanos", "partido popular", "socialdemokratiet",
    "venstre", "det konservative folkeparti", "dansk folkeparti", "enhedslisten", "radikale venstre",
    "arbeiderpartiet", "hoyre", "fremskrittspartiet", "senterpartiet", "sosialistisk venstreparti",
    "kokoomus", "perussuomalaiset", "sdp", "keskusta", "vihreat", "vasemmistoliitto", "rkp",
    "independent", "liberal", "green", "left", "right", "centre", "center",
})
ORIENTATION_TERMS: frozenset[str] = frozenset({
    "heterosexual", "homosexual", "gay", "lesbian", "bisexual", "straight", "asexual", "pansexual", "queer",
    "questioning", "lgbt", "lgbtq", "heterosexuell", "homosexuell", "bisexuell", "heterosexuel", "homosexuel",
    "bisexuel", "heteroseksueel", "homoseksueel", "biseksueel", "lesbisch", "lesbienne", "lesbiana",
    "heteroseksuel", "homoseksuel", "biseksuel", "heteroseksuell", "homoseksuell", "biseksuell",
    "heteroseksuaali", "homoseksuaali", "biseksuaali", "lesbo", "bog", "hetero",
})
UNION_TERMS: frozenset[str] = frozenset({
    "union member", "trade union member", "unionised", "unionized", "non union", "unite", "unison", "gmb",
    "teamsters", "afl cio", "seiu", "verdi", "ig metall", "kommunal", "unionen", "if metall", "vision", "sif",
    "tco", "lo", "saco", "dgb", "cgt", "cfdt", "fnv", "cnv", "ccoo", "ugt", "3f", "hk", "fagforbundet", "sak",
    "jhl", "pam",
})
# Ethnicity and politics words that are everyday words elsewhere (colours, directions): never enough alone.
AMBIGUOUS_SPECIAL: frozenset[str] = frozenset({
    "black", "white", "mixed", "green", "left", "right", "centre", "center", "independent", "liberal",
    "conservative", "venstre", "hoyre", "indian", "chinese", "turkish", "vision", "renaissance", "unite",
    "straight", "hetero", "spiritual", "sak", "pam", "lo", "hk", "3f", "sif", "bog",
})

_WORD = re.compile(r"[a-z0-9]+")


def folded_words(value: str) -> list[str]:
    return _WORD.findall(fold(value))


@lru_cache(maxsize=65536)
def folded_phrase(value: str) -> str:
    """The whole value as one folded phrase: 'Non-Binary ' -> 'non binary'."""
    return " ".join(_WORD.findall(fold(value)))


def phrases_in(words: list[str], vocabulary: frozenset[str], longest: int = 4) -> list[str]:
    """Vocabulary phrases (1..longest consecutive words) found in `words`."""
    found: list[str] = []
    for start in range(len(words)):
        for size in range(1, min(longest, len(words) - start) + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in vocabulary:
                found.append(phrase)
    return found
