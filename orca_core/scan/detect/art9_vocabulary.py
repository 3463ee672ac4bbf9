"""More value vocabularies for GDPR Art. 9 data (health, beliefs, origin, politics, orientation, unions).

Entries are written as people write them (accents, hyphens, apostrophes); `gazetteers` folds them with the
same `folded_phrase` a cell value goes through, so "Bündnis 90/Die Grünen" matches "bundnis 90 die grunen".
Each list covers en, sv, de, fr, nl, es, da, no, fi, it and pl.

What is deliberately *not* here: words that are everyday business words in the same shape ("stress", "pain
relief", "sick leave", "vitamins", "first aid"). An absence-type column (vacation / parental leave / sick
leave) names no diagnosis: a sick-leave *column* is health data by its header, an absence *type* is an HR
category. Product and shop categories ("Cold & Flu", "Allergy") are handled by the detector's context rule.
"""

from __future__ import annotations

HEALTH_MORE: tuple[str, ...] = (
    # ---- en: diagnoses and conditions
    "prediabetes", "gestational diabetes", "hypotension", "arrhythmia", "tachycardia", "bradycardia",
    "cardiomyopathy", "deep vein thrombosis", "dvt", "pulmonary embolism", "thrombosis", "aneurysm",
    "peripheral artery disease", "emphysema", "cystic fibrosis", "sinusitis", "tonsillitis", "otitis media",
    "ear infection", "urinary tract infection", "uti", "kidney stones", "gallstones", "cirrhosis",
    "fatty liver disease", "gastritis", "gerd", "acid reflux", "irritable bowel syndrome", "diverticulitis",
    "pancreatitis", "graves disease", "hashimoto s thyroiditis", "hashimoto", "addison s disease",
    "osteopenia", "scoliosis", "tendinitis", "carpal tunnel syndrome", "sciatica", "herniated disc",
    "slipped disc", "whiplash", "acl tear", "meniscus tear", "plantar fasciitis", "motor neurone disease",
    "huntington s disease", "cerebral palsy", "spina bifida", "down syndrome", "muscular dystrophy",
    "neuropathy", "vertigo", "tinnitus", "macular degeneration", "conjunctivitis", "rosacea", "vitiligo",
    "dermatitis", "atopic dermatitis", "shingles", "chickenpox", "measles", "mumps", "rubella", "malaria",
    "dengue", "lyme disease", "hiv positive", "chlamydia", "gonorrhea", "gonorrhoea", "syphilis", "herpes",
    "long covid", "covid positive", "mrsa", "anorexia nervosa", "binge eating disorder",
    "generalized anxiety disorder", "generalised anxiety disorder", "panic disorder", "panic attacks",
    "social anxiety", "postnatal depression", "postpartum depression", "seasonal affective disorder",
    "borderline personality disorder", "personality disorder", "psychosis", "self harm", "suicidal ideation",
    "dyslexia", "dyspraxia", "dyscalculia", "asperger syndrome", "aspergers", "autism spectrum disorder",
    "tourette syndrome", "learning disability", "intellectual disability", "visual impairment",
    "hearing impairment", "mobility impairment", "partially sighted", "hard of hearing", "amputee",
    "paraplegia", "quadriplegia", "tetraplegia", "chronic pain", "endometriosis", "pcos",
    "polycystic ovary syndrome", "menopause", "ectopic pregnancy", "preeclampsia", "pre eclampsia",
    "erectile dysfunction", "incontinence", "anaphylaxis", "egg allergy", "milk allergy", "dairy allergy",
    "soy allergy", "wheat allergy", "fish allergy", "sesame allergy", "dust mite allergy", "cat allergy",
    "sulfa allergy", "aspirin allergy", "no known allergies", "no known drug allergies", "nkda", "nka",
    "lactose intolerant", "coeliac", "celiac", "type i diabetes", "type ii diabetes", "t2dm", "t1dm",
    "hypertensive", "depressed", "headache", "fever", "cough", "persistent cough", "nausea", "vomiting",
    "dizziness", "fatigue", "shortness of breath", "chest pain", "abdominal pain", "sore throat",
    "diarrhea", "diarrhoea", "loss of smell", "loss of taste", "palpitations", "joint pain", "rash",
    "weeks pregnant", "first trimester", "second trimester", "third trimester", "obese", "overweight",
    "underweight", "seizures", "stroke survivor", "heart murmur", "kidney disease", "liver disease",
    "lung disease", "mental illness", "sickle cell anemia", "sickle cell disease", "thalassemia",
    "haemophilia", "hemophilia",
    # ---- en: procedures, vaccinations
    "appendectomy", "tonsillectomy", "cholecystectomy", "hysterectomy", "mastectomy", "knee replacement",
    "hip replacement", "bypass surgery", "coronary bypass", "angioplasty", "pacemaker", "chemotherapy",
    "radiotherapy", "radiation therapy", "dialysis", "colonoscopy", "endoscopy", "biopsy", "cataract surgery",
    "caesarean section", "c section", "physiotherapy", "psychotherapy", "cognitive behavioural therapy",
    "blood transfusion", "organ transplant", "kidney transplant", "vasectomy", "ivf", "ivf treatment",
    "mmr vaccine", "bcg vaccine", "dtap", "tdap", "hpv vaccine", "flu vaccine", "influenza vaccine",
    "covid vaccine", "covid 19 vaccine", "pfizer biontech", "comirnaty", "spikevax", "vaxzevria",
    "astrazeneca vaccine", "hepatitis b vaccine", "tetanus", "tetanus vaccine", "polio vaccine",
    "pneumococcal vaccine", "shingles vaccine", "fully vaccinated", "partially vaccinated", "unvaccinated",
    "not vaccinated", "booster dose",
    # ---- medications: international non-proprietary names and common groups
    "azithromycin", "doxycycline", "ciprofloxacin", "clarithromycin", "cephalexin", "flucloxacillin",
    "nitrofurantoin", "trimethoprim", "metronidazole", "fluconazole", "acyclovir", "aciclovir",
    "valacyclovir", "oseltamivir", "naproxen", "diclofenac", "celecoxib", "ketoprofen", "metamizole",
    "fentanyl", "buprenorphine", "methadone", "naloxone", "hydrocodone", "hydromorphone", "alprazolam",
    "clonazepam", "oxazepam", "temazepam", "zopiclone", "mirtazapine", "duloxetine", "paroxetine",
    "bupropion", "amitriptyline", "nortriptyline", "trazodone", "vortioxetine", "aripiprazole",
    "haloperidol", "clozapine", "lamotrigine", "sodium valproate", "valproate", "carbamazepine",
    "levetiracetam", "topiramate", "phenytoin", "atomoxetine", "lisdexamfetamine", "dexamfetamine",
    "donepezil", "memantine", "levodopa", "carbidopa", "sumatriptan", "propranolol", "atenolol",
    "carvedilol", "nebivolol", "valsartan", "candesartan", "irbesartan", "telmisartan", "perindopril",
    "nifedipine", "diltiazem", "verapamil", "spironolactone", "indapamide", "bendroflumethiazide",
    "digoxin", "amiodarone", "dabigatran", "edoxaban", "heparin", "enoxaparin", "pravastatin", "ezetimibe",
    "fenofibrate", "glipizide", "gliclazide", "glimepiride", "sitagliptin", "empagliflozin",
    "dapagliflozin", "liraglutide", "dulaglutide", "tirzepatide", "insulin aspart", "insulin lispro",
    "insulin detemir", "liothyronine", "carbimazole", "methimazole", "hydrocortisone", "dexamethasone",
    "budesonide", "fluticasone", "beclometasone", "salmeterol", "formoterol", "tiotropium", "ipratropium",
    "lansoprazole", "ranitidine", "famotidine", "loperamide", "mesalazine", "ondansetron",
    "metoclopramide", "domperidone", "lactulose", "tamsulosin", "finasteride", "sildenafil", "tadalafil",
    "oxybutynin", "alendronate", "alendronic acid", "allopurinol", "colchicine", "hydroxychloroquine",
    "sulfasalazine", "azathioprine", "mycophenolate", "tacrolimus", "ciclosporin", "cyclosporine",
    "etanercept", "infliximab", "rituximab", "trastuzumab", "pembrolizumab", "nivolumab", "tamoxifen",
    "letrozole", "anastrozole", "imatinib", "cyclophosphamide", "cisplatin", "doxorubicin", "fexofenadine",
    "desloratadine", "hydroxyzine", "epipen", "adrenaline auto injector", "isotretinoin", "estradiol",
    "levonorgestrel", "medroxyprogesterone", "tenofovir", "emtricitabine", "antiretroviral",
    "antiretroviral therapy", "antidepressant", "antidepressants", "antibiotic", "antibiotics",
    "antihistamine", "antihistamines", "beta blocker", "beta blockers", "statin", "statins",
    "anticoagulant", "anticoagulants", "blood thinner", "blood thinners", "inhaler", "insulin pump",
    "chemo", "metformine", "metformina", "ibuprofene", "paracetamolo", "paracetamol", "amoxicilline",
    "amoxicilina", "amoxicillina", "omeprazol", "omeprazolo", "simvastatina", "atorvastatina",
    "levotiroxina", "levotiroxine", "insuline", "insulina", "insuliini", "insulin", "kortison", "cortisone",
    "morfin", "morfina", "morphin", "penicillin v", "kåvepenin", "waran", "trombyl", "sobril", "imovane",
    "propavan", "sertralin", "citalopram", "escitalopram", "lergigan", "treo", "voltaren", "novalgin",
    "ibumetin", "pamol", "burana", "panadol", "tachipirina", "nolotil", "enantyum", "apap",
    # ---- sv
    "typ 2 diabetes", "typ 1 diabetes", "cancer", "prostatacancer", "lungcancer", "tjocktarmscancer",
    "förmaksflimmer", "kärlkramp", "ledgångsreumatism", "artros", "benskörhet", "osteoporos", "ryggont",
    "ländryggssmärta", "diskbråck", "bipolär sjukdom", "schizofreni", "alzheimers sjukdom",
    "parkinsons sjukdom", "eksem", "celiaki", "nötallergi", "pälsdjursallergi", "hösnuva",
    "bihåleinflammation", "öroninflammation", "urinvägsinfektion", "influensa", "förkylning", "halsfluss",
    "magsjuka", "hjärnskakning", "fraktur", "benbrott", "graviditetsdiabetes", "missfall", "synnedsättning",
    "hörselnedsättning", "rullstolsburen", "dyslexi", "sömnapné", "sömnlöshet", "njursvikt",
    "kronisk njursjukdom", "hepatit", "tuberkulos", "anorexi", "bulimi", "ätstörning",
    "självskadebeteende", "panikångest", "social fobi", "tvångssyndrom", "huvudvärk", "yrsel",
    "illamående", "depression", "utmattning", "diabetes typ 1", "diabetes typ 2", "högt blodtryck",
    # ---- de
    "diabetes mellitus typ 2", "typ 2 diabetes", "typ-2-diabetes", "asthma bronchiale", "hypertonie",
    "depressionen", "panikstörung", "prostatakrebs", "darmkrebs", "leukämie", "vorhofflimmern",
    "koronare herzkrankheit", "khk", "rheumatoide arthritis", "arthrose", "osteoporose", "rückenschmerzen",
    "epilepsie", "adhs", "autismus", "bipolare störung", "schizophrenie", "alzheimer krankheit",
    "morbus parkinson", "parkinson krankheit", "multiple sklerose", "schuppenflechte", "neurodermitis",
    "zöliakie", "erdnussallergie", "pollenallergie", "tierhaarallergie", "penicillinallergie", "grippe",
    "erkältung", "mittelohrentzündung", "harnwegsinfekt", "gehirnerschütterung", "knochenbruch",
    "essstörung", "magersucht", "bulimie", "sehbehinderung", "hörbehinderung", "schwerbehindert",
    "schwerbehinderung", "gehbehinderung", "rollstuhlfahrer", "legasthenie", "schlafapnoe",
    "schlafstörung", "niereninsuffizienz", "tuberkulose", "schwangerschaftsdiabetes", "fehlgeburt",
    "gicht", "hashimoto thyreoiditis", "schilddrüsenunterfunktion", "schilddrüsenüberfunktion",
    "kopfschmerzen", "übelkeit", "schwindel", "husten",
    # ---- fr
    "diabète", "diabète de type 2", "diabète de type 1", "anxiété", "trouble anxieux",
    "cancer de la prostate", "cancer du poumon", "cancer colorectal", "leucémie",
    "accident vasculaire cérébral", "infarctus du myocarde", "fibrillation auriculaire",
    "polyarthrite rhumatoïde", "arthrose", "ostéoporose", "lombalgie", "mal de dos", "hernie discale",
    "épilepsie", "tdah", "autisme", "trouble bipolaire", "schizophrénie", "démence",
    "maladie d'alzheimer", "maladie de parkinson", "sclérose en plaques", "eczéma", "maladie coeliaque",
    "intolérance au lactose", "rhume des foins", "allergie au pollen", "allergie à la pénicilline",
    "grippe", "bronchite", "otite", "infection urinaire", "commotion cérébrale", "épuisement professionnel",
    "anorexie", "boulimie", "trouble alimentaire", "déficience visuelle", "malvoyant", "malentendant",
    "fauteuil roulant", "dyslexie", "apnée du sommeil", "insomnie", "insuffisance rénale", "hépatite",
    "tuberculose", "diabète gestationnel", "fausse couche", "obésité", "céphalées", "nausées", "toux",
    # ---- nl
    "diabetes type 2", "diabetes type 1", "hypertensie", "paniekstoornis", "prostaatkanker", "longkanker",
    "darmkanker", "leukemie", "herseninfarct", "boezemfibrilleren", "reumatoïde artritis", "rugpijn",
    "autisme", "bipolaire stoornis", "schizofrenie", "ziekte van alzheimer", "ziekte van parkinson",
    "multiple sclerose", "eczeem", "coeliakie", "lactose intolerantie", "hooikoorts", "pinda-allergie",
    "notenallergie", "griep", "oorontsteking", "blaasontsteking", "hersenschudding", "botbreuk",
    "overspannen", "eetstoornis", "slechtziend", "slechthorend", "doof", "rolstoelgebruiker", "dyslexie",
    "slaapapneu", "slapeloosheid", "nierfalen", "tuberculose", "zwangerschapsdiabetes", "miskraam",
    "overgewicht", "hoofdpijn", "misselijkheid", "duizeligheid", "hoesten",
    # ---- es
    "diabetes tipo 2", "diabetes tipo 1", "hipertensión", "presión arterial alta", "trastorno de ansiedad",
    "cáncer", "cáncer de próstata", "cáncer de pulmón", "cáncer colorrectal", "leucemia",
    "accidente cerebrovascular", "infarto de miocardio", "fibrilación auricular", "artritis reumatoide",
    "artrosis", "dolor lumbar", "lumbalgia", "hernia discal", "tdah", "autismo", "trastorno bipolar",
    "esquizofrenia", "enfermedad de alzheimer", "enfermedad de parkinson", "esclerosis múltiple", "eccema",
    "enfermedad celíaca", "celiaquía", "intolerancia a la lactosa", "alergia al polen",
    "alergia a la penicilina", "alergia a los frutos secos", "gripe", "bronquitis", "otitis",
    "infección urinaria", "conmoción cerebral", "fractura", "anorexia", "trastorno alimentario",
    "discapacidad visual", "discapacidad auditiva", "silla de ruedas", "dislexia", "apnea del sueño",
    "insomnio", "insuficiencia renal", "hepatitis", "tuberculosis", "diabetes gestacional",
    "aborto espontáneo", "sobrepeso", "dolor de cabeza", "náuseas", "mareos",
    # ---- da
    "type 2 diabetes", "type 1 diabetes", "forhøjet blodtryk", "prostatakræft", "lungekræft", "tarmkræft",
    "leukæmi", "blodprop i hjernen", "blodprop i hjertet", "atrieflimren", "leddegigt", "slidgigt",
    "knogleskørhed", "rygsmerter", "diskusprolaps", "epilepsi", "autisme", "bipolar lidelse", "skizofreni",
    "alzheimers sygdom", "parkinsons sygdom", "sklerose", "cøliaki", "høfeber", "nøddeallergi",
    "lungebetændelse", "bronkitis", "mellemørebetændelse", "blærebetændelse", "hjernerystelse",
    "knoglebrud", "spiseforstyrrelse", "synshandicap", "hørehandicap", "kørestolsbruger", "ordblindhed",
    "søvnapnø", "søvnløshed", "nyresvigt", "svangerskabsdiabetes", "hovedpine", "kvalme", "svimmelhed",
    # ---- no
    "depresjon", "prostatakreft", "lungekreft", "tarmkreft", "leukemi", "hjerteinfarkt", "atrieflimmer",
    "leddgikt", "beinskjørhet", "ryggsmerter", "schizofreni", "alzheimers sykdom", "parkinsons sykdom",
    "multippel sklerose", "laktoseintoleranse", "høysnue", "nøtteallergi", "bronkitt", "ørebetennelse",
    "urinveisinfeksjon", "beinbrudd", "utbrenthet", "synshemmet", "hørselshemmet", "rullestolbruker",
    "dysleksi", "søvnapné", "søvnløshet", "nyresvikt", "svangerskapsdiabetes", "spontanabort",
    "hodepine", "svimmelhet",
    # ---- fi
    "tyypin 1 diabetes", "ahdistuneisuushäiriö", "paniikkihäiriö", "eturauhassyöpä", "keuhkosyöpä",
    "suolistosyöpä", "leukemia", "aivoinfarkti", "eteisvärinä", "nivelreuma", "nivelrikko",
    "osteoporoosi", "selkäkipu", "välilevyn pullistuma", "epilepsia", "autismi",
    "kaksisuuntainen mielialahäiriö", "skitsofrenia", "dementia", "muistisairaus", "alzheimerin tauti",
    "parkinsonin tauti", "ms tauti", "psoriaasi", "atooppinen ihottuma", "keliakia", "laktoosi-intoleranssi",
    "siitepölyallergia", "pähkinäallergia", "influenssa", "flunssa", "keuhkoputkentulehdus",
    "korvatulehdus", "virtsatieinfektio", "aivotärähdys", "murtuma", "työuupumus", "syömishäiriö",
    "näkövamma", "kuulovamma", "pyörätuoli", "lukihäiriö", "uniapnea", "unettomuus",
    "munuaisten vajaatoiminta", "hepatiitti", "tuberkuloosi", "raskausdiabetes", "keskenmeno", "ylipaino",
    "diabetes", "päänsärky", "pahoinvointi", "huimaus", "yskä",
    # ---- it
    "diabete", "diabete di tipo 2", "diabete di tipo 1", "diabete mellito", "ipertensione",
    "pressione alta", "depressione", "ansia", "disturbo d'ansia", "attacchi di panico", "cancro", "tumore",
    "carcinoma", "cancro al seno", "tumore al seno", "tumore alla prostata", "tumore al polmone",
    "infarto del miocardio", "scompenso cardiaco", "insufficienza cardiaca", "fibrillazione atriale",
    "artrite reumatoide", "artrosi", "osteoporosi", "mal di schiena", "ernia del disco", "emicrania",
    "epilessia", "disturbo bipolare", "demenza", "morbo di alzheimer", "morbo di parkinson",
    "sclerosi multipla", "psoriasi", "dermatite", "celiachia", "intolleranza al lattosio",
    "allergia al polline", "allergia alle arachidi", "allergia alla penicillina", "polmonite", "bronchite",
    "cistite", "infezione urinaria", "commozione cerebrale", "frattura", "anoressia", "disturbo alimentare",
    "ipovedente", "non vedente", "sedia a rotelle", "dislessia", "apnea notturna", "insonnia",
    "insufficienza renale", "epatite", "tubercolosi", "gravidanza", "incinta", "diabete gestazionale",
    "aborto spontaneo", "obesità", "sovrappeso", "mal di testa", "nausea", "vertigini", "tosse",
    # ---- pl
    "cukrzyca", "cukrzyca typu 2", "cukrzyca typu 1", "nadciśnienie", "nadciśnienie tętnicze", "depresja",
    "zaburzenia lękowe", "nerwica", "nowotwór", "rak piersi", "rak prostaty", "rak płuc",
    "rak jelita grubego", "białaczka", "udar", "udar mózgu", "zawał serca", "niewydolność serca",
    "migotanie przedsionków", "reumatoidalne zapalenie stawów", "choroba zwyrodnieniowa stawów",
    "osteoporoza", "ból pleców", "dyskopatia", "migrena", "padaczka", "epilepsja", "autyzm",
    "choroba afektywna dwubiegunowa", "schizofrenia", "demencja", "otępienie", "choroba alzheimera",
    "choroba parkinsona", "stwardnienie rozsiane", "łuszczyca", "atopowe zapalenie skóry", "celiakia",
    "nietolerancja laktozy", "alergia na pyłki", "alergia na orzeszki", "alergia na penicylinę",
    "katar sienny", "grypa", "zapalenie płuc", "zapalenie oskrzeli", "zapalenie ucha", "zapalenie pęcherza",
    "wstrząśnienie mózgu", "złamanie", "wypalenie zawodowe", "anoreksja", "zaburzenia odżywiania",
    "niedowidzenie", "niedosłuch", "głuchota", "wózek inwalidzki", "dysleksja", "bezdech senny",
    "bezsenność", "niewydolność nerek", "zapalenie wątroby", "gruźlica", "ciąża", "w ciąży",
    "cukrzyca ciążowa", "poronienie", "otyłość", "nadwaga", "ból głowy", "nudności", "zawroty głowy",
    "kaszel", "gorączka",
)

CLINICAL_MORE: tuple[str, ...] = (
    # single words; two or more in one long value make it a clinical note
    "presented", "presents", "complains", "complaint", "hx", "rx", "dx", "prn", "bid", "tid", "referred",
    "examination", "ecg", "ekg", "ultrasound", "bloods", "headache", "dizziness", "vomiting", "rash",
    "swelling", "wound", "sutures", "inflammation", "prognosis", "outpatient", "inpatient", "physician",
    "oncology", "cardiology", "mmhg", "mmol", "bpm", "diagnosed", "medications", "allergies",
    "besvar", "huvudvark", "yrsel", "illamaende", "recept", "ordinerat", "ordinerad", "remiss",
    "vardcentral", "akuten", "inlagd", "utskriven", "blodprov", "tablett", "tabletter", "blodtryck",
    "patientin", "beschwerden", "kopfschmerzen", "ubelkeit", "schwindel", "verordnet", "rezept",
    "uberweisung", "hausarzt", "entlassen", "blutdruck", "befund", "diagnostiziert", "therapie",
    "tabletten", "dosis", "taglich", "patiente", "douleurs", "cephalees", "nausees", "vertiges", "prescrit",
    "ordonnance", "posologie", "hospitalise", "hospitalisation", "comprime", "comprimes", "antecedents",
    "toux", "patient", "klachten", "hoofdpijn", "misselijkheid", "voorgeschreven", "verwijzing", "huisarts",
    "opgenomen", "bloeddruk", "dagelijks", "hoest", "paciente", "cefalea", "nauseas", "mareo", "recetado",
    "receta", "ingresado", "presion", "comprimidos", "diagnosticado", "sintomas", "hovedpine",
    "kvalme", "svimmelhed", "ordineret", "henvisning", "indlagt", "udskrevet", "blodtryk", "daglig",
    "hoste", "diagnosticeret", "symptomer", "pasient", "hodepine", "svimmelhet", "forskrevet", "resept",
    "innlagt", "utskrevet", "blodtrykk", "fastlege", "potilas", "paansarky", "pahoinvointi", "huimaus",
    "maaratty", "lahete", "verenpaine", "tabletti", "tabletit", "paivittain", "yska", "diagnoosi", "oireet",
    "laake", "laakitys", "paziente", "dolore", "vertigini", "prescritto", "ricetta", "ricoverato",
    "dimesso", "ospedale", "pressione", "compresse", "terapia", "diagnosi", "sintomi", "febbre", "tosse",
    "farmaco", "pacjent", "pacjentka", "nudnosci", "zawroty", "przepisano", "recepta",
    "skierowanie", "szpital", "przyjety", "wypisany", "cisnienie", "tabletki", "dziennie", "kaszel",
    "goraczka", "lekarz", "leczenie", "objawy", "rozpoznanie", "diagnoza",
)

RELIGION_MORE: tuple[str, ...] = (
    # en
    "church of scotland", "church of ireland", "eastern orthodox", "coptic", "coptic orthodox", "quaker",
    "seventh day adventist", "adventist", "evangelical lutheran", "reformed", "calvinist", "unitarian",
    "latter day saints", "lds", "jehovah s witnesses", "jehovahs witness", "shiite", "shia muslim",
    "sunni muslim", "ahmadiyya", "alevi", "sufi", "orthodox jewish", "reform jewish", "zoroastrian",
    "rastafarian", "wiccan", "humanist", "secular", "non religious", "nonreligious", "not religious",
    "no religious affiliation", "unaffiliated", "religiously unaffiliated", "nothing in particular",
    "non believer", "nonbeliever", "spiritual but not religious", "free church", "christian other",
    "any other religion", "other religion", "druze", "taoism", "confucian", "animist", "scientology",
    "mennonite", "amish", "episcopalian", "congregational", "christian orthodox", "orthodox christian",
    "evangelical christian", "born again christian", "catholicism", "protestantism", "muslim sunni",
    "muslim shia",
    # sv
    "kristendom", "frikyrka", "frikyrklig", "pingstkyrkan", "pingstvän", "katolska kyrkan", "ortodox",
    "syrisk ortodox", "muslim", "judendom", "buddhist", "hindu", "ingen religion", "religionslös",
    "icke troende", "troende", "sunnimuslim", "shiamuslim", "equmeniakyrkan", "ateism",
    # de
    "römisch-katholisch", "evangelisch-lutherisch", "evangelisch lutherisch", "altkatholisch",
    "freikirchlich", "griechisch-orthodox", "orthodox", "islamisch", "christ", "christin", "muslima",
    "jüdin", "alevitisch", "neuapostolisch", "zeugen jehovas", "keine religionszugehörigkeit",
    "ohne religionszugehörigkeit", "nicht religiös", "gottgläubig",
    # fr
    "protestante", "chrétien", "chrétienne", "orthodoxe", "hindoue", "sans religion", "aucune religion",
    "évangélique", "témoin de jéhovah", "judaïsme", "christianisme", "bouddhisme", "athéisme",
    "non croyant", "croyant",
    # nl
    "rooms-katholiek", "protestantse kerk", "pkn", "hindoeïstisch", "boeddhistisch", "atheïst", "agnost",
    "geen religie", "geen geloof", "niet gelovig", "gelovig", "evangelisch", "islam", "jodendom",
    "christendom", "nederlands hervormd",
    # es
    "católico", "católica", "cristiana", "evangélica", "ortodoxa", "musulmán", "musulmana", "judío", "judía",
    "hindú", "sij", "atea", "agnóstica", "sin religión", "ninguna religión", "testigo de jehová",
    "creyente", "no creyente", "católico practicante", "católico no practicante", "islam", "judaísmo",
    "budismo", "cristianismo", "ateísmo",
    # da / no
    "den danske folkekirke", "jøde", "jødisk", "frikirke", "den norske kirke", "human-etisk forbund",
    "humanetiker", "livssynsløs", "pinsemenigheten", "frikirken", "muslim", "katolikk", "ikke troende",
    # fi
    "evankelis-luterilainen", "ortodoksinen", "agnostikko", "ei uskontoa", "ev.lut.", "ev lut",
    "helluntailainen", "vapaakirkko", "uskonnottomat", "kristinusko", "islamilainen",
    # it
    "cattolico", "cattolica", "cristiana", "ortodosso", "ortodossa", "musulmano", "ebreo", "ebrea",
    "ebraico", "buddista", "induista", "atea", "agnostica", "nessuna religione", "testimone di geova",
    "valdese", "cattolicesimo", "ebraismo", "non credente", "credente",
    # pl
    "katoliczka", "katolicki", "rzymskokatolicki", "rzymsko-katolickie", "chrześcijanin", "chrześcijanka",
    "prawosławny", "prawosławna", "prawosławie", "ewangelik", "ewangelicki", "luteranin", "muzułmanin",
    "muzułmanka", "żyd", "żydówka", "judaizm", "buddysta", "hinduista", "ateista", "ateistka", "agnostyk",
    "bezwyznaniowy", "bezwyznaniowa", "bez wyznania", "świadek jehowy", "niewierzący", "niewierząca",
    "wierzący", "wierząca", "katolicyzm", "islam",
)

ETHNICITY_MORE: tuple[str, ...] = (
    # US census (OMB) and UK census categories
    "black or african american", "american indian or alaska native",
    "native hawaiian or other pacific islander", "some other race", "non hispanic", "not hispanic",
    "middle eastern or north african", "mena", "white english welsh scottish northern irish or british",
    "gypsy or irish traveller", "irish traveller", "any other white background", "white and black caribbean",
    "white and black african", "white and asian", "mixed white and black caribbean",
    "mixed white and black african", "mixed white and asian", "any other mixed background",
    "any other mixed or multiple ethnic background", "asian or asian british", "asian other",
    "any other asian background", "black african caribbean or black british", "any other black background",
    "black other", "any other ethnic group", "other ethnic group", "white european", "white other european",
    "mixed ethnicity", "biracial", "afro caribbean", "afro-caribbean", "latin american",
    # EU: minorities and migration-background categories used in statistics
    "sinti", "traveller", "irish traveler", "moroccan", "surinamese", "antillean",
    "migration background", "migrant background", "western migration background",
    "non western migration background", "native dutch", "autochtoon", "allochtoon",
    "westerse migratieachtergrond", "niet-westerse migratieachtergrond", "marokkaans", "surinaams",
    "antilliaans", "turks", "migrationshintergrund", "mit migrationshintergrund", "ohne migrationshintergrund",
    "sinti und roma", "kurdisch", "utländsk bakgrund", "svensk bakgrund", "utrikes född", "inrikes född",
    "samisk", "same", "romsk", "tornedaling", "tornedalingar", "saamelainen", "ulkomaalaistaustainen",
    "suomalaistaustainen", "maghrébin", "nord-africain", "afro-descendant", "antillais", "gitano", "gitana",
    "mestizo", "mestiza", "indígena", "afrodescendiente", "afroamericano", "caucásico", "caucasico",
    "rom", "romanì", "dansk oprindelse", "indvandrer", "efterkommer", "vestlig", "ikke-vestlig",
    "kvensk", "kven", "innvandrer", "norskfødt med innvandrerforeldre", "romska", "śląska", "kaszubska",
    "łemkowska", "romowie", "ślązak", "kaszub",
)

POLITICAL_MORE: tuple[str, ...] = (
    # US, UK
    "democratic party", "democrats", "republicans", "gop", "constitution party", "working families party",
    "tory", "tories", "liberal democrat", "dup", "democratic unionist party", "sinn fein", "sinn féin",
    "sdlp", "alliance party", "green party of england and wales", "scottish green party", "reform",
    "brexit party",
    # se
    "socialdemokrat", "moderat", "sverigedemokrat", "kristdemokrat", "centerpartist", "vansterpartist",
    "miljöpartist", "liberal", "feministiskt initiativ", "vänsterpartiet", "miljöpartiet",
    # de
    "cdu/csu", "cdu csu", "linke", "die linke", "grüne", "die grünen", "bündnis 90/die grünen",
    "freie wähler", "die partei", "npd", "piratenpartei", "volt", "ödp", "bündnis sahra wagenknecht",
    # fr
    "ensemble", "les républicains", "rassemblement national", "front national", "la france insoumise",
    "lfi", "europe écologie les verts", "eelv", "les écologistes", "reconquête", "modem", "horizons",
    "parti communiste français", "pcf", "udi", "nouveau front populaire", "nupes",
    # nl
    "pvda-groenlinks", "groenlinks-pvda", "gl-pvda", "sgp", "partij voor de dieren", "pvdd", "denk",
    "ja21", "forum voor democratie", "fvd", "50plus", "nieuw sociaal contract", "boerburgerbeweging",
    "socialistische partij",
    # es
    "partido socialista obrero español", "erc", "esquerra republicana", "junts", "junts per catalunya",
    "pnv", "eh bildu", "bildu", "bng", "izquierda unida", "más país", "más madrid", "coalición canaria",
    # dk
    "moderaterne", "socialistisk folkeparti", "danmarksdemokraterne", "liberal alliance", "konservative",
    "alternativet", "nye borgerlige", "kristendemokraterne",
    # no
    "rødt", "kristelig folkeparti", "krf", "miljøpartiet de grønne", "mdg", "frp", "høyre",
    "arbeiderpartiet", "pasientfokus",
    # fi
    "suomen sosialidemokraattinen puolue", "kansallinen kokoomus", "suomen keskusta", "vihreä liitto",
    "svenska folkpartiet", "kristillisdemokraatit", "liike nyt", "sdp", "vihreät",
    # it
    "partito democratico", "fratelli d'italia", "fdi", "lega", "lega nord", "forza italia",
    "movimento 5 stelle", "m5s", "italia viva", "azione", "alleanza verdi e sinistra", "avs",
    "più europa", "sinistra italiana",
    # pl
    "prawo i sprawiedliwość", "platforma obywatelska", "koalicja obywatelska", "lewica", "nowa lewica",
    "trzecia droga", "polska 2050", "polskie stronnictwo ludowe", "psl", "konfederacja", "razem",
    "partia razem",
    # european parliament groups
    "epp", "european people s party", "s&d", "renew europe", "greens/efa", "ecr",
    "identity and democracy", "patriots for europe",
    # political-opinion answers
    "left wing", "right wing", "centre left", "centre right", "center left", "center right", "far left",
    "far right", "very liberal", "very conservative", "somewhat liberal", "somewhat conservative",
    "progressive", "anarchist", "nationalist", "apolitical", "moderate", "leaning left", "leaning right",
    "vänster", "höger", "mitten", "links", "rechts", "mitte", "gauche", "droite", "centre gauche",
    "centre droit", "izquierda", "derecha", "centro izquierda", "centro derecha", "vasemmisto", "oikeisto",
    "sinistra", "destra", "centrosinistra", "centrodestra", "lewica", "prawica", "centrum",
)

ORIENTATION_MORE: tuple[str, ...] = (
    "gay man", "gay woman", "gay or lesbian", "lesbian or gay", "demisexual", "other sexual orientation",
    "heterosexual or straight", "straight or heterosexual", "lgbtq+", "lgbtqia", "lgbtqia+", "homo",
    "asexuell", "pansexuell", "schwul", "hétérosexuel", "hétérosexuelle", "homosexuelle", "bisexuelle",
    "asexuel", "asexuelle", "pansexuel", "pansexuelle", "aseksueel", "panseksueel", "lesbiana",
    "bøsse", "lesbisk", "aseksuel", "panseksuel", "heterofil", "homofil", "bifil", "skeiv",
    "aseksuell", "panseksuell", "aseksuaali", "panseksuaali", "eterosessuale", "omosessuale", "lesbica",
    "bisessuale", "asessuale", "pansessuale", "heteroseksualny", "heteroseksualna", "homoseksualny",
    "homoseksualna", "gej", "lesbijka", "biseksualny", "biseksualna", "aseksualny", "aseksualna",
    "bög", "flata", "queer", "bisexual", "pansexual",
)

UNION_MORE: tuple[str, ...] = (
    # se
    "akademikerna", "seko", "handels", "handelsanställdas förbund", "byggnads", "elektrikerförbundet",
    "gs facket", "gs-facket", "livs", "transport", "svenska transportarbetareförbundet", "lärarförbundet",
    "sveriges lärare", "lärarnas riksförbund", "vårdförbundet", "ledarna", "sveriges ingenjörer", "jusek",
    "akavia", "naturvetarna", "fastighets", "målarna", "hotell och restaurang facket", "pappers",
    "journalistförbundet", "finansförbundet", "polisförbundet", "fackförbundet st", "st",
    "kommunalarbetareförbundet", "saco-s",
    # de
    "ver.di", "ig bce", "ig bau", "gew", "evg", "ngg", "gdp", "marburger bund", "dbb", "komba", "gdl",
    "vereinigung cockpit", "ufo",
    # fr
    "fo", "force ouvrière", "cfe-cgc", "cftc", "unsa", "fsu", "solidaires", "sud",
    # nl
    "vcp", "de unie", "fnv metaal", "fnv zorg en welzijn", "fnv overheid", "cnv vakmensen", "ac",
    # es
    "comisiones obreras", "cnt", "uso", "csif", "ela", "lab", "cig", "ccoo", "ugt",
    # dk
    "foa", "fag og arbejde", "dansk metal", "metal", "krifa", "dm", "djøf", "ida", "dansk sygeplejeråd",
    "dsr", "bupl", "fh", "fagbevægelsens hovedorganisation", "akademikerne", "ftf", "3f", "hk",
    "hk danmark", "serviceforbundet", "dansk el-forbund", "blik og rør",
    # no
    "fellesforbundet", "ys", "unio", "parat", "delta", "el og it forbundet", "handel og kontor",
    "hk norge", "utdanningsforbundet", "norsk sykepleierforbund", "nsf", "tekna", "nito",
    "industri energi", "fellesorganisasjonen", "lo norge", "lo stat",
    # fi
    "sttk", "akava", "pro", "ammattiliitto pro", "teollisuusliitto", "tehy", "super", "oaj", "jyty",
    "erto", "ytn", "tek", "rakennusliitto", "akt", "palvelualojen ammattiliitto",
    "julkisten ja hyvinvointialojen liitto",
    # it
    "cgil", "cisl", "uil", "ugl", "usb", "cobas", "fiom", "fiom cgil", "fim cisl", "uilm", "fp cgil",
    # pl
    "solidarność", "nszz solidarność", "opzz", "forum związków zawodowych", "fzz", "znp", "ozzl",
    "ozzpip", "sierpień 80", "inicjatywa pracownicza",
    # uk
    "rcn", "royal college of nursing", "neu", "national education union", "nasuwt", "pcs", "cwu",
    "usdaw", "rmt", "aslef", "bma", "ucu", "community", "prospect", "equity", "musicians union", "fbu",
    "tuc", "nipsa", "eis", "bectu", "unite the union",
    # us
    "afl-cio", "aflcio", "afscme", "aft", "nea", "uaw", "united auto workers", "ufcw", "ibew", "cwa",
    "usw", "united steelworkers", "liuna", "unite here", "ilwu", "national nurses united",
    "international brotherhood of teamsters", "service employees international union",
    # membership answers
    "member", "non-member", "not a member", "union member", "no union", "non union member",
)

# Answers a survey adds to any sensitive question: they count only next to real answers or a header.
NEUTRAL_ANSWERS: tuple[str, ...] = (
    "prefer not to say", "prefer not to answer", "rather not say", "i prefer not to say", "not stated",
    "not specified", "unknown", "declined", "decline to answer", "decline to state", "other", "none",
    "no answer", "don't know", "dont know", "do not know", "refused", "not disclosed", "n/a",
    "vill ej uppge", "vill inte svara", "vill inte uppge", "annat", "annan", "ingen", "vet ej",
    "uppgift saknas", "keine angabe", "möchte ich nicht sagen", "sonstige", "andere", "keine",
    "weiß nicht", "k.a.", "préfère ne pas répondre", "ne souhaite pas répondre", "autre", "aucune",
    "aucun", "ne sait pas", "non renseigné", "nsp", "zeg ik liever niet", "wil ik niet zeggen", "anders",
    "geen", "weet niet", "onbekend", "prefiero no decirlo", "prefiero no responder", "otro", "otra",
    "ninguna", "ninguno", "no sabe", "ns/nc", "no contesta", "ønsker ikke at oplyse", "vil ikke oplyse",
    "andet", "ved ikke", "uoplyst", "ønsker ikke å oppgi", "vil ikke oppgi", "annet", "vet ikke",
    "uoppgitt", "en halua sanoa", "en halua vastata", "muu", "ei mikään", "en osaa sanoa", "eos",
    "preferisco non rispondere", "preferisco non dirlo", "altro", "altra", "nessuna", "nessuno", "non so",
    "non dichiarato", "wolę nie mówić", "wolę nie odpowiadać", "odmowa odpowiedzi", "inne", "inna",
    "żadna", "żadne", "brak", "nie wiem", "trudno powiedzieć",
)

# Everyday words, abbreviations and national adjectives that only count under a special-category header
# or next to two unambiguous answers: a colour, a direction, a job ("st"), a city ("Roma").
AMBIGUOUS_MORE: tuple[str, ...] = (
    "reformed", "secular", "humanist", "christ", "ortodox", "orthodox", "croyant", "creyente", "credente",
    "troende", "gelovig", "wierzący", "wierząca", "moderate", "progressive", "reform", "ensemble",
    "horizons", "linke", "lega", "azione", "razem", "centrum", "mitte", "links", "rechts", "gauche", "droite",
    "izquierda", "derecha", "sinistra", "destra", "lewica", "prawica", "vänster", "höger", "mitten",
    "vasemmisto", "oikeisto", "denk", "volt", "delta", "super", "pro", "metal", "community", "prospect",
    "equity", "handels", "transport", "livs", "pappers", "fastighets", "ledarna", "unio", "parat",
    "solidaires", "sud", "member", "non-member", "not a member", "homo", "same", "rom", "vestlig",
    "ikke-vestlig", "turks", "traveller", "bifil", "mena", "lab", "ela", "uso", "tek", "ys", "fh", "ac",
    "dm", "ida", "st", "fo", "cig", "usb", "aft", "nea", "cwa", "eis", "neu", "pcs", "bma", "ufo", "gdp",
    "dbb", "evg", "ngg", "akt", "fzz", "epp", "ecr", "gop", "kven", "udi", "sgp", "krf", "frp", "mdg",
    "dup", "avs", "psl", "fdi", "erc", "bng", "pnv", "pkn", "lds", "erto", "ytn", "jyty", "oaj", "tehy",
    "uaw", "cnt", "bupl", "dsr", "foa", "ftf", "nsf", "rmt", "cwu", "fbu", "tuc", "rcn", "nito",
    "tory", "junts", "modem", "reconquista", "migration background", "transport", "christin", "sinti",
    "apolitical", "nationalist", "anarchist",
)
