//! Embedded reference lists for the demo generator: names, streets, cities,
//! e-mail domains, company name parts, remarks.
//!
//! Everything here is plain `&'static` data in a fixed order, so that the
//! generator stays deterministic.

/// Language of a customer (drives names, civility, street style, lang code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    Fr,
    De,
    It,
    En,
}

/// Country of a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Country {
    Ch,
    Fr,
    De,
    It,
    Uk,
}

/// Locale: a country and the language spoken there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Region {
    ChFr,
    ChDe,
    ChIt,
    Fr,
    De,
    It,
    Uk,
}

impl Region {
    /// Cumulative probabilities: ~45% Swiss (62% German-, 30% French-,
    /// 8% Italian-speaking), 25% France, 15% Germany, 8% Italy, 7% UK.
    pub(super) const WEIGHTS: [(Region, f64); 7] = [
        (Region::ChDe, 0.279),
        (Region::ChFr, 0.135),
        (Region::ChIt, 0.036),
        (Region::Fr, 0.25),
        (Region::De, 0.15),
        (Region::It, 0.08),
        (Region::Uk, 0.07),
    ];

    pub(super) fn lang(self) -> Lang {
        match self {
            Region::ChFr | Region::Fr => Lang::Fr,
            Region::ChDe | Region::De => Lang::De,
            Region::ChIt | Region::It => Lang::It,
            Region::Uk => Lang::En,
        }
    }

    pub(super) fn country(self) -> Country {
        match self {
            Region::ChFr | Region::ChDe | Region::ChIt => Country::Ch,
            Region::Fr => Country::Fr,
            Region::De => Country::De,
            Region::It => Country::It,
            Region::Uk => Country::Uk,
        }
    }
}

/// How postcodes of a city are generated.
pub(super) enum ZipRule {
    /// Numeric range, formatted with 4 (CH) or 5 (FR, DE, IT) digits.
    Range(u32, u32),
    /// UK outward codes; the inward code ("1AA") is generated.
    Uk(&'static [&'static str]),
}

/// A real city with plausible postcodes and its telephone area code
/// (national, without trunk prefix; Italian codes keep their leading 0).
pub(super) struct City {
    pub name: &'static str,
    pub zip: ZipRule,
    pub area: &'static str,
}

const fn c(name: &'static str, lo: u32, hi: u32, area: &'static str) -> City {
    City {
        name,
        zip: ZipRule::Range(lo, hi),
        area,
    }
}

const fn uk(name: &'static str, outward: &'static [&'static str], area: &'static str) -> City {
    City {
        name,
        zip: ZipRule::Uk(outward),
        area,
    }
}

pub(super) static CH_FR_CITIES: &[City] = &[
    c("Genève", 1201, 1209, "22"),
    c("Genève", 1201, 1209, "22"),
    c("Lausanne", 1003, 1018, "21"),
    c("Lausanne", 1003, 1018, "21"),
    c("Neuchâtel", 2000, 2000, "32"),
    c("Fribourg", 1700, 1700, "26"),
    c("Sion", 1950, 1951, "27"),
    c("Montreux", 1820, 1820, "21"),
    c("Nyon", 1260, 1260, "22"),
    c("Yverdon-les-Bains", 1400, 1400, "24"),
    c("La Chaux-de-Fonds", 2300, 2300, "32"),
    c("Vevey", 1800, 1800, "21"),
    c("Morges", 1110, 1110, "21"),
    c("Delémont", 2800, 2800, "32"),
    c("Martigny", 1920, 1920, "27"),
    c("Bulle", 1630, 1630, "26"),
    c("Carouge", 1227, 1227, "22"),
    c("Mézières", 1083, 1083, "21"),
];

pub(super) static CH_DE_CITIES: &[City] = &[
    c("Zürich", 8001, 8057, "44"),
    c("Zürich", 8001, 8057, "44"),
    c("Bern", 3001, 3027, "31"),
    c("Basel", 4001, 4059, "61"),
    c("Luzern", 6003, 6006, "41"),
    c("St. Gallen", 9000, 9016, "71"),
    c("Winterthur", 8400, 8411, "52"),
    c("Biel/Bienne", 2502, 2505, "32"),
    c("Thun", 3600, 3608, "33"),
    c("Aarau", 5000, 5004, "62"),
    c("Zug", 6300, 6300, "41"),
    c("Chur", 7000, 7000, "81"),
    c("Schaffhausen", 8200, 8200, "52"),
    c("Baden", 5400, 5400, "56"),
    c("Olten", 4600, 4600, "62"),
    c("Solothurn", 4500, 4500, "32"),
    c("Frauenfeld", 8500, 8500, "52"),
    c("Küsnacht", 8700, 8700, "44"),
];

pub(super) static CH_IT_CITIES: &[City] = &[
    c("Lugano", 6900, 6900, "91"),
    c("Lugano", 6900, 6900, "91"),
    c("Bellinzona", 6500, 6500, "91"),
    c("Locarno", 6600, 6600, "91"),
    c("Mendrisio", 6850, 6850, "91"),
    c("Chiasso", 6830, 6830, "91"),
    c("Ascona", 6612, 6612, "91"),
    c("Biasca", 6710, 6710, "91"),
    c("Minusio", 6648, 6648, "91"),
    c("Massagno", 6900, 6900, "91"),
    c("Giubiasco", 6512, 6512, "91"),
    c("Muralto", 6600, 6600, "91"),
    c("Stabio", 6855, 6855, "91"),
    c("Losone", 6616, 6616, "91"),
    c("Agno", 6982, 6982, "91"),
];

pub(super) static FR_CITIES: &[City] = &[
    c("Paris", 75001, 75020, "1"),
    c("Paris", 75001, 75020, "1"),
    c("Lyon", 69001, 69009, "4"),
    c("Marseille", 13001, 13016, "4"),
    c("Toulouse", 31000, 31500, "5"),
    c("Nice", 6000, 6300, "4"),
    c("Nantes", 44000, 44300, "2"),
    c("Strasbourg", 67000, 67200, "3"),
    c("Montpellier", 34000, 34090, "4"),
    c("Bordeaux", 33000, 33800, "5"),
    c("Lille", 59000, 59800, "3"),
    c("Rennes", 35000, 35700, "2"),
    c("Annecy", 74000, 74000, "4"),
    c("Grenoble", 38000, 38100, "4"),
    c("Bourg-en-Bresse", 1000, 1000, "4"),
    c("Annemasse", 74100, 74100, "4"),
    c("Dijon", 21000, 21000, "3"),
    c("Saint-Étienne", 42000, 42100, "4"),
];

pub(super) static DE_CITIES: &[City] = &[
    c("Berlin", 10115, 14199, "30"),
    c("Berlin", 10115, 14199, "30"),
    c("Hamburg", 20095, 22769, "40"),
    c("München", 80331, 81929, "89"),
    c("Köln", 50667, 51149, "221"),
    c("Frankfurt am Main", 60311, 60599, "69"),
    c("Stuttgart", 70173, 70629, "711"),
    c("Düsseldorf", 40210, 40629, "211"),
    c("Leipzig", 4103, 4357, "341"),
    c("Dresden", 1067, 1328, "351"),
    c("Hannover", 30159, 30669, "511"),
    c("Nürnberg", 90402, 90491, "911"),
    c("Bremen", 28195, 28779, "421"),
    c("Bonn", 53111, 53229, "228"),
    c("Mannheim", 68159, 68309, "621"),
    c("Freiburg im Breisgau", 79098, 79117, "761"),
    c("Lörrach", 79539, 79541, "7621"),
];

pub(super) static IT_CITIES: &[City] = &[
    c("Milano", 20121, 20162, "02"),
    c("Milano", 20121, 20162, "02"),
    c("Roma", 118, 199, "06"),
    c("Torino", 10121, 10156, "011"),
    c("Firenze", 50121, 50145, "055"),
    c("Napoli", 80121, 80147, "081"),
    c("Bologna", 40121, 40141, "051"),
    c("Venezia", 30121, 30176, "041"),
    c("Genova", 16121, 16167, "010"),
    c("Palermo", 90121, 90151, "091"),
    c("Verona", 37121, 37142, "045"),
    c("Bari", 70121, 70132, "080"),
    c("Trieste", 34121, 34151, "040"),
    c("Padova", 35121, 35143, "049"),
    c("Como", 22100, 22100, "031"),
    c("Bergamo", 24121, 24129, "035"),
    c("Forlì", 47121, 47122, "0543"),
];

pub(super) static UK_CITIES: &[City] = &[
    uk(
        "London",
        &[
            "SW1A", "W1D", "EC1A", "NW1", "SE1", "E1", "N1", "WC2N", "SW7", "W8",
        ],
        "20",
    ),
    uk(
        "London",
        &["SW3", "NW3", "SE10", "E14", "WC1E", "EC2A"],
        "20",
    ),
    uk("Manchester", &["M1", "M2", "M4", "M14", "M20"], "161"),
    uk("Birmingham", &["B1", "B2", "B5", "B15"], "121"),
    uk("Edinburgh", &["EH1", "EH2", "EH3", "EH9"], "131"),
    uk("Glasgow", &["G1", "G2", "G12", "G41"], "141"),
    uk("Leeds", &["LS1", "LS2", "LS6"], "113"),
    uk("Bristol", &["BS1", "BS6", "BS8"], "117"),
    uk("Liverpool", &["L1", "L3", "L17"], "151"),
    uk("Cardiff", &["CF10", "CF11", "CF24"], "29"),
    uk("Cambridge", &["CB1", "CB2", "CB4"], "1223"),
    uk("Oxford", &["OX1", "OX2", "OX4"], "1865"),
    uk("Belfast", &["BT1", "BT7", "BT9"], "28"),
    uk("Sheffield", &["S1", "S10", "S11"], "114"),
    uk("Nottingham", &["NG1", "NG5", "NG7"], "115"),
    uk("Brighton", &["BN1", "BN2", "BN3"], "1273"),
];

/// Letters allowed in the UK inward code.
pub(super) const UK_INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

pub(super) fn cities(region: Region) -> &'static [City] {
    match region {
        Region::ChFr => CH_FR_CITIES,
        Region::ChDe => CH_DE_CITIES,
        Region::ChIt => CH_IT_CITIES,
        Region::Fr => FR_CITIES,
        Region::De => DE_CITIES,
        Region::It => IT_CITIES,
        Region::Uk => UK_CITIES,
    }
}

// ---------------------------------------------------------------- names

pub(super) static FR_MALE: &[&str] = &[
    "Jean",
    "Jean-Pierre",
    "Jean-Marc",
    "Pierre",
    "Jacques",
    "Michel",
    "François",
    "Philippe",
    "Alain",
    "Nicolas",
    "Olivier",
    "Christophe",
    "Stéphane",
    "Frédéric",
    "Sébastien",
    "Julien",
    "Thomas",
    "Antoine",
    "Mathieu",
    "Laurent",
    "Patrick",
    "René",
    "André",
    "Gérard",
    "Hugo",
    "Lucas",
    "Théo",
    "Noé",
    "Loïc",
    "Jérôme",
    "Benoît",
    "Cédric",
    "Raphaël",
    "Gaëtan",
    "Yves",
    "Étienne",
    "Léon",
    "Mehdi",
];

pub(super) static FR_FEMALE: &[&str] = &[
    "Marie",
    "Anne",
    "Sophie",
    "Isabelle",
    "Nathalie",
    "Catherine",
    "Christine",
    "Sylvie",
    "Valérie",
    "Céline",
    "Julie",
    "Camille",
    "Léa",
    "Chloé",
    "Zoé",
    "Manon",
    "Emma",
    "Hélène",
    "Françoise",
    "Élodie",
    "Mélanie",
    "Aurélie",
    "Geneviève",
    "Joëlle",
    "Anaïs",
    "Inès",
    "Noémie",
    "Marie-Claude",
    "Marie-Thérèse",
    "Agnès",
    "Béatrice",
    "Danièle",
    "Fatima",
];

pub(super) static DE_MALE: &[&str] = &[
    "Hans",
    "Peter",
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Martin",
    "Daniel",
    "Markus",
    "Christian",
    "Jürg",
    "Urs",
    "Beat",
    "Reto",
    "Ueli",
    "Matthias",
    "Lukas",
    "Jonas",
    "Felix",
    "Tobias",
    "Björn",
    "Jörg",
    "Günter",
    "Klaus",
    "Wolfgang",
    "Dieter",
    "Uwe",
    "Sven",
    "Hans-Peter",
    "Karl-Heinz",
    "Moritz",
    "Maximilian",
    "Fabian",
    "Rüdiger",
    "Mehmet",
];

pub(super) static DE_FEMALE: &[&str] = &[
    "Anna",
    "Maria",
    "Ursula",
    "Monika",
    "Sandra",
    "Andrea",
    "Claudia",
    "Barbara",
    "Regula",
    "Verena",
    "Brigitte",
    "Petra",
    "Sabine",
    "Katharina",
    "Lea",
    "Lena",
    "Mia",
    "Hannah",
    "Sophie",
    "Jana",
    "Käthi",
    "Bärbel",
    "Gisela",
    "Helga",
    "Doris",
    "Heidi",
    "Franziska",
    "Nadine",
    "Corinne",
    "Anne-Marie",
    "Jördis",
    "Ayşe",
];

pub(super) static IT_MALE: &[&str] = &[
    "Marco",
    "Luca",
    "Giuseppe",
    "Giovanni",
    "Francesco",
    "Alessandro",
    "Andrea",
    "Matteo",
    "Lorenzo",
    "Davide",
    "Stefano",
    "Paolo",
    "Roberto",
    "Massimo",
    "Antonio",
    "Niccolò",
    "Riccardo",
    "Gianluca",
    "Pierluigi",
    "Federico",
    "Simone",
    "Fabrizio",
    "Emanuele",
    "Nicolò",
    "Gian Marco",
    "Mattia",
];

pub(super) static IT_FEMALE: &[&str] = &[
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Valentina",
    "Alessia",
    "Martina",
    "Elena",
    "Federica",
    "Laura",
    "Paola",
    "Silvia",
    "Anna",
    "Maria",
    "Lucia",
    "Elisa",
    "Beatrice",
    "Aurora",
    "Ginevra",
    "Noemi",
    "Rosalba",
    "Annalisa",
    "Maria Grazia",
];

pub(super) static EN_MALE: &[&str] = &[
    "James",
    "John",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Thomas",
    "Oliver",
    "Harry",
    "George",
    "Jack",
    "Charlie",
    "Daniel",
    "Matthew",
    "Andrew",
    "Paul",
    "Mark",
    "Stephen",
    "Christopher",
    "Seán",
    "Liam",
    "Ewan",
    "Rhys",
    "Hamish",
    "Mohammed",
];

pub(super) static EN_FEMALE: &[&str] = &[
    "Mary",
    "Elizabeth",
    "Sarah",
    "Emily",
    "Olivia",
    "Amelia",
    "Isla",
    "Sophie",
    "Charlotte",
    "Jessica",
    "Emma",
    "Hannah",
    "Lucy",
    "Grace",
    "Chloë",
    "Zoë",
    "Siobhán",
    "Niamh",
    "Catriona",
    "Rebecca",
    "Victoria",
    "Eleanor",
    "Priya",
];

pub(super) static CH_FR_LAST: &[&str] = &[
    "Rochat",
    "Favre",
    "Bonvin",
    "Perret",
    "Jaccard",
    "Pittet",
    "Meylan",
    "Golay",
    "Berthoud",
    "Reymond",
    "Monnier",
    "Thévenaz",
    "Cretton",
    "Dupont",
    "Martin",
    "Dubois",
    "Chevalley",
    "Rossier",
    "Python",
    "Clément",
    "Bühler",
    "Gerber",
    "de la Tour",
    "de Montmollin",
    "de Pury",
    "Da Silva",
    "Dos Santos",
    "Ferreira",
    "Nguyen",
    "Frésard",
    "Crétin",
    "Délèze",
    "Lambiel",
    "Zufferey",
];

pub(super) static FR_LAST: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Durand",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Girard",
    "Rousseau",
    "Fontaine",
    "Chevalier",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Gaillard",
    "Besson",
    "Guérin",
    "Bérard",
    "Lemaître",
    "Benoît",
    "Renaud",
    "Faure",
    "André",
    "de la Tour",
    "de Villepin",
    "Le Goff",
    "Le Gall",
    "N'Diaye",
    "Benali",
    "Nguyen",
    "Müller",
    "Perrin",
];

pub(super) static CH_DE_LAST: &[&str] = &[
    "Müller",
    "Meier",
    "Schmid",
    "Keller",
    "Weber",
    "Huber",
    "Schneider",
    "Meyer",
    "Steiner",
    "Fischer",
    "Gerber",
    "Brunner",
    "Baumann",
    "Frei",
    "Zimmermann",
    "Moser",
    "Widmer",
    "Wyss",
    "Graf",
    "Roth",
    "von Arx",
    "von Gunten",
    "von Büren",
    "Bühler",
    "Näf",
    "Zürcher",
    "Bächtold",
    "Stöckli",
    "Hürlimann",
    "Çelik",
    "Berisha",
    "Kovačević",
    "Rüegg",
];

pub(super) static DE_LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Krüger",
    "Hofmann",
    "Lehmann",
    "Köhler",
    "Çelik",
    "Yılmaz",
    "Özdemir",
    "Nowak",
    "von Weizsäcker",
    "von der Heide",
    "Groß",
    "Weiß",
    "Jäger",
];

pub(super) static CH_IT_LAST: &[&str] = &[
    "Bernasconi",
    "Cattaneo",
    "Pedrazzini",
    "Fumagalli",
    "Molinari",
    "Zanetti",
    "Rossi",
    "Bianchi",
    "Ferrari",
    "Beltrami",
    "Croce",
    "Galli",
    "Guidotti",
    "Lepori",
    "Soldati",
    "Di Stefano",
    "Dell'Acqua",
    "Canepa",
    "Ghirlanda",
    "Mombelli",
    "Pellanda",
    "Togni",
];

pub(super) static IT_LAST: &[&str] = &[
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Costa",
    "Giordano",
    "Mancini",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Di Stefano",
    "Dell'Acqua",
    "Lo Russo",
    "D'Angelo",
    "Fontana",
    "Pellegrini",
    "Niccolò",
    "Santoro",
    "Barbieri",
    "Mazzà",
];

pub(super) static UK_LAST: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "O'Neill",
    "O'Brien",
    "McDonald",
    "MacLeod",
    "Fitzgerald",
    "Patel",
    "Khan",
    "Singh",
    "Smith-Jones",
    "Brontë",
];

pub(super) fn first_names(lang: Lang, female: bool) -> &'static [&'static str] {
    match (lang, female) {
        (Lang::Fr, false) => FR_MALE,
        (Lang::Fr, true) => FR_FEMALE,
        (Lang::De, false) => DE_MALE,
        (Lang::De, true) => DE_FEMALE,
        (Lang::It, false) => IT_MALE,
        (Lang::It, true) => IT_FEMALE,
        (Lang::En, false) => EN_MALE,
        (Lang::En, true) => EN_FEMALE,
    }
}

pub(super) fn last_names(region: Region) -> &'static [&'static str] {
    match region {
        Region::ChFr => CH_FR_LAST,
        Region::Fr => FR_LAST,
        Region::ChDe => CH_DE_LAST,
        Region::De => DE_LAST,
        Region::ChIt => CH_IT_LAST,
        Region::It => IT_LAST,
        Region::Uk => UK_LAST,
    }
}

// -------------------------------------------------------------- streets

pub(super) static CH_FR_STREETS: &[&str] = &[
    "Rue du Lac",
    "Rue de la Gare",
    "Avenue de la Gare",
    "Chemin des Vignes",
    "Route de Lausanne",
    "Rue du Marché",
    "Avenue de France",
    "Chemin de la Forêt",
    "Rue des Alpes",
    "Quai du Mont-Blanc",
    "Boulevard Carl-Vogt",
    "Rue de Genève",
    "Place de la Palud",
    "Rue Centrale",
    "Avenue du Léman",
    "Chemin du Pré-Fleuri",
    "Rue de l'Hôpital",
    "Grand-Rue",
    "Route du Jorat",
];

pub(super) static FR_STREETS: &[&str] = &[
    "rue de la République",
    "avenue Jean-Jaurès",
    "boulevard Victor-Hugo",
    "rue Pasteur",
    "place de la Mairie",
    "rue du Général-de-Gaulle",
    "allée des Tilleuls",
    "impasse des Lilas",
    "chemin du Moulin",
    "rue Nationale",
    "quai de la Loire",
    "rue Émile-Zola",
    "avenue Foch",
    "rue des Écoles",
    "cours Lafayette",
    "rue de Rivoli",
    "rue du Faubourg Saint-Honoré",
];

pub(super) static CH_DE_STREETS: &[&str] = &[
    "Bahnhofstrasse",
    "Hauptstrasse",
    "Dorfstrasse",
    "Kirchweg",
    "Seestrasse",
    "Schulstrasse",
    "Gartenstrasse",
    "Industriestrasse",
    "Bergstrasse",
    "Poststrasse",
    "Rosenweg",
    "Feldstrasse",
    "Zürcherstrasse",
    "Bernstrasse",
    "Marktgasse",
    "Kramgasse",
    "Limmatquai",
    "Höheweg",
];

pub(super) static DE_STREETS: &[&str] = &[
    "Bahnhofstraße",
    "Hauptstraße",
    "Schillerstraße",
    "Goethestraße",
    "Lindenallee",
    "Am Markt",
    "Friedrichstraße",
    "Berliner Straße",
    "Kastanienweg",
    "Mühlenweg",
    "Ringstraße",
    "Königsallee",
    "Karl-Marx-Allee",
    "Unter den Linden",
    "Münchner Straße",
    "Schloßstraße",
];

pub(super) static IT_STREETS: &[&str] = &[
    "Via Roma",
    "Via Garibaldi",
    "Corso Italia",
    "Via Mazzini",
    "Piazza del Duomo",
    "Via Dante Alighieri",
    "Viale Europa",
    "Via Cavour",
    "Corso Vittorio Emanuele II",
    "Via Verdi",
    "Via dei Mille",
    "Via Nazionale",
    "Via XX Settembre",
    "Piazza San Marco",
    "Via Libertà",
];

pub(super) static CH_IT_STREETS: &[&str] = &[
    "Via Nassa",
    "Via San Gottardo",
    "Piazza della Riforma",
    "Via Cantonale",
    "Lungolago Motta",
    "Via Pretorio",
    "Via Ciseri",
    "Viale Stazione",
    "Via Municipio",
    "Via ai Monti",
    "Via Canova",
    "Piazza Grande",
];

pub(super) static UK_STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Church Lane",
    "Baker Street",
    "King's Road",
    "Victoria Road",
    "Queen Street",
    "Park Avenue",
    "Mill Lane",
    "The Crescent",
    "Abbey Road",
    "Oxford Street",
    "St John's Wood Road",
    "Green Lane",
    "Manor Road",
    "London Road",
];

pub(super) fn streets(region: Region) -> &'static [&'static str] {
    match region {
        Region::ChFr => CH_FR_STREETS,
        Region::Fr => FR_STREETS,
        Region::ChDe => CH_DE_STREETS,
        Region::De => DE_STREETS,
        Region::ChIt => CH_IT_STREETS,
        Region::It => IT_STREETS,
        Region::Uk => UK_STREETS,
    }
}

// ------------------------------------------------------- e-mail domains

pub(super) static CH_DOMAINS: &[&str] = &[
    "bluewin.ch",
    "bluewin.ch",
    "bluewin.ch",
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "hispeed.ch",
    "sunrise.ch",
    "gmx.ch",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "protonmail.ch",
    "swissonline.ch",
];

pub(super) static FR_DOMAINS: &[&str] = &[
    "orange.fr",
    "orange.fr",
    "free.fr",
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "laposte.net",
    "hotmail.fr",
    "wanadoo.fr",
    "sfr.fr",
    "yahoo.fr",
    "outlook.fr",
];

pub(super) static DE_DOMAINS: &[&str] = &[
    "gmx.de",
    "gmx.de",
    "web.de",
    "web.de",
    "t-online.de",
    "gmail.com",
    "gmail.com",
    "yahoo.de",
    "posteo.de",
    "outlook.de",
    "freenet.de",
];

pub(super) static IT_DOMAINS: &[&str] = &[
    "libero.it",
    "libero.it",
    "gmail.com",
    "gmail.com",
    "virgilio.it",
    "tiscali.it",
    "alice.it",
    "hotmail.it",
    "yahoo.it",
];

pub(super) static UK_DOMAINS: &[&str] = &[
    "gmail.com",
    "gmail.com",
    "btinternet.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "outlook.com",
    "sky.com",
    "icloud.com",
];

pub(super) fn domains(country: Country) -> &'static [&'static str] {
    match country {
        Country::Ch => CH_DOMAINS,
        Country::Fr => FR_DOMAINS,
        Country::De => DE_DOMAINS,
        Country::It => IT_DOMAINS,
        Country::Uk => UK_DOMAINS,
    }
}

/// Mistyped domains: (correct, typo).  Every typo here is *not* a domain
/// used for clean addresses.
pub(super) static DOMAIN_TYPOS: &[(&str, &str)] = &[
    ("gmail.com", "gmial.com"),
    ("gmail.com", "gmail.con"),
    ("gmail.com", "gmai.com"),
    ("gmail.com", "gmail.co"),
    ("hotmail.com", "hotmial.com"),
    ("hotmail.fr", "hotmial.fr"),
    ("bluewin.ch", "bluewin.cj"),
    ("bluewin.ch", "bleuwin.ch"),
    ("orange.fr", "ornage.fr"),
    ("gmx.de", "gmx.d"),
    ("web.de", "wed.de"),
    ("libero.it", "libero.ti"),
    ("yahoo.com", "yaho.com"),
];

// -------------------------------------------------------- company names

pub(super) static FR_WORDS: &[&str] = &[
    "Jorat",
    "Lac",
    "Léman",
    "Jura",
    "Mont-Blanc",
    "Soleil",
    "Lys",
    "Rhône",
    "Vignes",
    "Alpes",
    "Grütli",
    "Passage",
    "Crochetan",
    "Galpon",
];
pub(super) static DE_WORDS: &[&str] = &[
    "See",
    "Rhein",
    "Berg",
    "Stern",
    "Rössli",
    "Schlachthaus",
    "Hirschen",
    "Löwen",
    "Bären",
    "Neumarkt",
    "Hechtplatz",
    "Kreuz",
];
pub(super) static IT_WORDS: &[&str] = &[
    "Lago", "Sole", "Ticino", "Arte", "Stella", "Monte", "Ceresio", "Verbano", "Fenice", "Gottardo",
];
pub(super) static EN_WORDS: &[&str] = &[
    "Acme",
    "Phoenix",
    "Orchard",
    "Riverside",
    "Crown",
    "Kingfisher",
    "Globe",
    "Lyric",
    "Apollo",
    "Meridian",
];

pub(super) fn company_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => FR_WORDS,
        Lang::De => DE_WORDS,
        Lang::It => IT_WORDS,
        Lang::En => EN_WORDS,
    }
}

/// Templates: `{W}` word, `{L}` last name, `{C}` city, `{S}` legal suffix.
pub(super) static FR_COMPANY: &[&str] = &[
    "Théâtre du {W} {S}",
    "Association {W} Culture",
    "{L} & Fils {S}",
    "Festival de {C}",
    "{L} Événements {S}",
    "Fondation {L}",
    "Orchestre de Chambre de {C}",
    "Cie du {W}",
    "Opéra de {C}",
    "Les Amis du Théâtre de {C}",
    "Billetterie {W} {S}",
    "Garage {L} {S}",
    "Pharmacie du {W}",
    "Ville de {C}",
];
pub(super) static DE_COMPANY: &[&str] = &[
    "{L} & Söhne {S}",
    "{L} {S}",
    "Stadttheater {C}",
    "Kulturverein {C}",
    "{L} Events {S}",
    "Musikgesellschaft {C}",
    "Stiftung {L}",
    "Konzertagentur {L} {S}",
    "Theater am {W}",
    "Schreinerei {L} {S}",
    "Bäckerei {L}",
    "Gemeinde {C}",
    "Brauerei zum {W} {S}",
];
pub(super) static IT_COMPANY: &[&str] = &[
    "Teatro Sociale {S}",
    "Teatro {W} {S}",
    "{L} {S}",
    "{L} & Figli {S}",
    "Associazione Culturale {W}",
    "Filarmonica di {C}",
    "Fondazione {L}",
    "Eventi {W} {S}",
    "Pasticceria {L}",
    "Comune di {C}",
];
pub(super) static EN_COMPANY: &[&str] = &[
    "Acme Events {S}",
    "{L} & Partners {S}",
    "{C} Arts Trust",
    "{L} Productions {S}",
    "{W} Theatre Company",
    "The {W} Group {S}",
    "{C} Philharmonic Society",
    "{L} & Sons {S}",
];

pub(super) fn company_templates(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => FR_COMPANY,
        Lang::De => DE_COMPANY,
        Lang::It => IT_COMPANY,
        Lang::En => EN_COMPANY,
    }
}

pub(super) fn legal_suffixes(region: Region) -> &'static [&'static str] {
    match region {
        Region::ChFr => &["SA", "SA", "Sàrl"],
        Region::ChDe => &["AG", "AG", "GmbH"],
        Region::ChIt => &["SA", "Sagl"],
        Region::Fr => &["SA", "SARL", "SAS", "EURL"],
        Region::De => &["GmbH", "GmbH", "AG", "e.V.", "GmbH & Co. KG"],
        Region::It => &["Srl", "S.r.l.", "S.p.A.", "Sas"],
        Region::Uk => &["Ltd", "Ltd", "Limited", "PLC", "LLP"],
    }
}

/// Fillers appended to build company names longer than 100 characters.
pub(super) fn long_company_filler(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => &[
            " pour la promotion des arts de la scène",
            ", de la musique et de la danse",
            " en Suisse romande et dans les régions limitrophes",
            " - section billetterie et abonnements",
        ],
        Lang::De => &[
            " zur Förderung der darstellenden Künste",
            ", der Musik und des Tanzes",
            " in der Region und den angrenzenden Kantonen",
            " - Abteilung Billettverkauf und Abonnemente",
        ],
        Lang::It => &[
            " per la promozione delle arti dello spettacolo",
            ", della musica e della danza",
            " nella Svizzera italiana e nelle regioni limitrofe",
            " - sezione biglietteria e abbonamenti",
        ],
        Lang::En => &[
            " for the Promotion of the Performing Arts",
            ", Music and Dance",
            " in the Region and Neighbouring Counties",
            " - Box Office and Subscriptions Department",
        ],
    }
}

pub(super) fn company_mailbox(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => &[
            "info",
            "info",
            "contact",
            "billetterie",
            "admin",
            "secretariat",
        ],
        Lang::De => &["info", "info", "kontakt", "kasse", "office", "sekretariat"],
        Lang::It => &[
            "info",
            "info",
            "contatto",
            "biglietteria",
            "amministrazione",
        ],
        Lang::En => &["info", "info", "hello", "boxoffice", "office", "accounts"],
    }
}

/// Job titles of contact persons: (male form, female form).
pub(super) fn job_titles(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Fr => &[
            ("Directeur", "Directrice"),
            ("Responsable billetterie", "Responsable billetterie"),
            ("Administrateur", "Administratrice"),
            ("Chargé de communication", "Chargée de communication"),
            ("Secrétaire général", "Secrétaire générale"),
            ("Comptable", "Comptable"),
            ("Président", "Présidente"),
        ],
        Lang::De => &[
            ("Geschäftsführer", "Geschäftsführerin"),
            ("Leiter Marketing", "Leiterin Marketing"),
            ("Intendant", "Intendantin"),
            ("Kassenleiter", "Kassenleiterin"),
            ("Sekretariat", "Sekretariat"),
            ("Buchhaltung", "Buchhaltung"),
            ("Präsident", "Präsidentin"),
        ],
        Lang::It => &[
            ("Direttore artistico", "Direttrice artistica"),
            ("Responsabile biglietteria", "Responsabile biglietteria"),
            ("Amministratore", "Amministratrice"),
            ("Segretario", "Segretaria"),
            ("Presidente", "Presidente"),
        ],
        Lang::En => &[
            ("Box Office Manager", "Box Office Manager"),
            ("Managing Director", "Managing Director"),
            ("Head of Marketing", "Head of Marketing"),
            ("Finance Officer", "Finance Officer"),
            ("Chair", "Chair"),
        ],
    }
}

/// Free-text remarks: commas, quotes, semicolons, tabs and newlines to
/// exercise CSV quoting.
pub(super) static REMARKS: &[&str] = &[
    "Abonné depuis 1998, place 12 rang B",
    "Prefers \"aisle\" seats, no balcony",
    "VIP; invite to premieres\nCall before 6 pm",
    "Rollstuhl, Begleitperson gratis",
    "Ne pas appeler le dimanche",
    "Attention: doublon possible, vérifier l'adresse",
    "Ha pagato in contanti \"sempre\"",
    "Newsletter returned (bounce), 2x",
    "Tel. privé: voir fiche papier",
    "Kunde wünscht Rechnung per Post,\nnicht per E-Mail",
    "Sponsor 2019; \"Gold\" package",
    "Adresse incomplète\r\nà compléter",
    "Allergie: Nüsse",
    "Member of the Friends' circle\tsince 2004",
    "Billets à retirer à la caisse",
    "Verstorben? Post kam zurück",
    "\"Do not mail\"",
    "Sconto studenti, tessera n. 4411",
];

/// Unparseable birth dates.
pub(super) static JUNK_DATES: &[&str] = &[
    "unknown",
    "?",
    "n/a",
    "-",
    "inconnu",
    "unbekannt",
    "xx.xx.xxxx",
    "1975?",
    "see remark",
];

/// Unusable phone numbers.
pub(super) static JUNK_PHONES: &[&str] = &[
    "n/a", "123", "-", "0", "?", "000", "keine", "aucun", "tbd", "xxx", "same",
];
