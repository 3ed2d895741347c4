//! A contact file with planted duplicates of known ground truth.
//!
//! [`write_duplicates_demo`] writes `contacts.csv` (one row per contact as a legacy system
//! would export it) and `truth.csv` (which rows are the same real-world entity), to measure a
//! duplicate detector: every pair of rows sharing an `entity` is a true duplicate pair, every
//! other pair is not.
//!
//! Entities are persons (~80 %), companies (~14 %) and relays (~6 %: a person of a company).
//! About a quarter of them get one to three extra rows, each derived from the entity's row
//! with one to three [`Variation`]s (typo, swapped names, nickname, lost accents, blanked
//! fields, another phone format, another legal form …). Distinct entities are made hard to
//! tell apart on purpose: common last names, namesakes, family members sharing an address and
//! a landline, relays of the same company, companies sharing a street.
//!
//! The names, streets, cities and e-mail domains come from [`crate::data`]; the content
//! depends only on [`DuplicatesOptions`] (one `ChaCha8Rng`, hash sets used for membership
//! only).

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::data::{self, City, Country, Lang, Region, ZipRule};
use crate::generate::{fold_ascii, fold_keep_case, slug};

/// Options of the duplicates demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuplicatesOptions {
    /// Number of rows of `contacts.csv`: entities and their duplicates together.
    pub contacts: usize,
    /// Seed of the random generator; the same options always give byte-identical files.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuplicatesSummary {
    /// Rows of `contacts.csv` (and of `truth.csv`), header excluded.
    pub rows: usize,
    /// Distinct real-world entities (distinct values of `entity` in `truth.csv`).
    pub entities: usize,
    /// Rows that are an extra row of an entity (`rows - entities`).
    pub duplicate_rows: usize,
    /// True duplicate pairs: the sum over entities of n·(n−1)/2 for an entity of n rows.
    pub true_pairs: u64,
}

/// Writes `contacts.csv` and `truth.csv` into `dir` (created if missing).
///
/// `contacts.csv` (UTF-8, no BOM, comma-separated, LF line ends, RFC 4180 quoting) has the
/// columns `id,title,first_name,last_name,company,birth_date,email,phone,mobile,street,zip,
/// city,country,lang,updated_at`; `truth.csv` has `id,entity`, one line per contact. Both
/// are sorted by `id`, which is unrelated to the entity, so duplicates are not adjacent.
pub fn write_duplicates_demo(
    dir: &Path,
    options: &DuplicatesOptions,
) -> io::Result<DuplicatesSummary> {
    write_files(dir, options).map(|(summary, _)| summary)
}

/// Header of `contacts.csv`.
const CONTACTS_HEADER: &str = "id,title,first_name,last_name,company,birth_date,email,phone,\
mobile,street,zip,city,country,lang,updated_at\n";

/// Ids are `ID_BASE + 1 ..= ID_BASE + rows`, zero-padded to at least 7 digits.
const ID_BASE: usize = 1_000_000;

/// `updated_at` lies in 2005-01-01 00:00:00 ..= 2025-12-31 23:59:59.
const UPDATED_FROM_YEAR: i32 = 2005;
/// Days from 2005-01-01 to 2025-12-31 inclusive.
const UPDATED_DAYS: i64 = 7_670;
const DAY: i64 = 86_400;
/// Original rows stay this far from the end, so that a duplicate can be later.
const LATER_MARGIN: i64 = 60 * DAY;

/// Persons kept as heads of a family (their address and landline shared).
const FAMILY_RING: usize = 512;
/// Companies kept for relays (a person of a company already written).
const FIRM_RING: usize = 256;

/// Generates everything and writes both files; also returns how often each variation kind
/// was applied (for the tests).
fn write_files(
    dir: &Path,
    options: &DuplicatesOptions,
) -> io::Result<(DuplicatesSummary, [u64; VARIATION_COUNT])> {
    std::fs::create_dir_all(dir)?;
    let total = options.contacts;
    let mut generator = Gen::new(options.seed);

    // Rows as CSV lines without the id (`buf[starts[i]..starts[i + 1]]`, ending in LF),
    // with the index of their entity.
    let mut buf = String::with_capacity(total.saturating_mul(160));
    let mut starts: Vec<usize> = Vec::with_capacity(total + 1);
    let mut entity_of: Vec<usize> = Vec::with_capacity(total);
    let mut counts = [0u64; VARIATION_COUNT];
    let mut entities = 0usize;
    let mut true_pairs = 0u64;
    while entity_of.len() < total {
        let room = total - entity_of.len() - 1;
        let extra = generator.duplicate_count().min(room);
        let base = generator.entity();
        starts.push(buf.len());
        push_row(&mut buf, &base);
        entity_of.push(entities);
        for _ in 0..extra {
            let dup = generator.duplicate(&base, &mut counts);
            starts.push(buf.len());
            push_row(&mut buf, &dup);
            entity_of.push(entities);
        }
        let n = extra as u64 + 1;
        true_pairs += n * (n - 1) / 2;
        entities += 1;
    }
    starts.push(buf.len());

    // Ids: a random permutation, so that neither the order nor the id tells the entity.
    let mut order: Vec<usize> = (0..total).collect();
    for i in (1..total).rev() {
        let j = generator.rng.random_range(0..=i);
        order.swap(i, j);
    }
    let width = (ID_BASE + total).to_string().len().max(7);

    let mut contacts =
        BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join("contacts.csv"))?);
    let mut truth =
        BufWriter::with_capacity(1 << 18, std::fs::File::create(dir.join("truth.csv"))?);
    contacts.write_all(CONTACTS_HEADER.as_bytes())?;
    truth.write_all(b"id,entity\n")?;
    for (i, &row) in order.iter().enumerate() {
        let id = ID_BASE + i + 1;
        write!(contacts, "{id:0width$},")?;
        contacts.write_all(&buf.as_bytes()[starts[row]..starts[row + 1]])?;
        writeln!(truth, "{id:0width$},E{:07}", entity_of[row] + 1)?;
    }
    contacts.flush()?;
    truth.flush()?;

    let summary = DuplicatesSummary {
        rows: total,
        entities,
        duplicate_rows: total - entities,
        true_pairs,
    };
    Ok((summary, counts))
}

// ------------------------------------------------------------------ records

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Person,
    Company,
    Relay,
}

/// A telephone number: `area` is the national part before the subscriber number, without
/// the trunk prefix `0` (Italian landline codes keep their `0`, which is dialled).
#[derive(Debug, Clone)]
struct Phone {
    country: Country,
    mobile: bool,
    area: String,
    sub: String,
}

/// How a phone number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhoneStyle {
    /// `021 345 67 89` (every original row).
    National,
    /// `+41 21 345 67 89`
    International,
    /// `0041213456789`
    ZeroZero,
    /// `+41213456789`
    PlusCompact,
    /// `0213456789`
    Compact,
    /// `021.345.67.89`
    Dots,
}

impl Phone {
    fn country_code(&self) -> &'static str {
        match self.country {
            Country::Ch => "41",
            Country::Fr => "33",
            Country::De => "49",
            Country::It => "39",
            Country::Uk => "44",
        }
    }

    /// The subscriber number in its usual groups.
    fn sub_groups(&self) -> Vec<&str> {
        let s = self.sub.as_str();
        match self.country {
            Country::Ch => vec![&s[..3], &s[3..5], &s[5..]],
            Country::Fr => vec![&s[..2], &s[2..4], &s[4..6], &s[6..]],
            Country::De => vec![s],
            Country::It => {
                let cut = if self.mobile || s.len() < 8 { 3 } else { 4 };
                vec![&s[..cut], &s[cut..]]
            }
            Country::Uk => match s.len() {
                8 => vec![&s[..4], &s[4..]],
                7 => vec![&s[..3], &s[3..]],
                _ => vec![s],
            },
        }
    }

    fn format(&self, style: PhoneStyle) -> String {
        let national_area = if self.country == Country::It {
            self.area.clone()
        } else {
            format!("0{}", self.area)
        };
        let groups = self.sub_groups();
        let cc = self.country_code();
        match style {
            PhoneStyle::National => format!("{national_area} {}", groups.join(" ")),
            PhoneStyle::International => format!("+{cc} {} {}", self.area, groups.join(" ")),
            PhoneStyle::ZeroZero => format!("00{cc}{}{}", self.area, self.sub),
            PhoneStyle::PlusCompact => format!("+{cc}{}{}", self.area, self.sub),
            PhoneStyle::Compact => format!("{national_area}{}", self.sub),
            PhoneStyle::Dots => format!("{national_area}.{}", groups.join(".")),
        }
    }

    /// The international number as an integer, to keep numbers of distinct entities
    /// distinct.
    fn key(&self) -> u64 {
        let mut key = 0u64;
        for b in self
            .country_code()
            .bytes()
            .chain(self.area.bytes())
            .chain(self.sub.bytes())
        {
            key = key.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
        }
        key
    }
}

/// One contact row, with what is needed to derive its duplicates.
#[derive(Debug, Clone)]
struct Record {
    kind: Kind,
    region: Region,
    title: &'static str,
    first: String,
    last: String,
    /// As written (`company_core` and `legal`, or a variation of them).
    company: String,
    company_core: String,
    /// Legal form of the company, empty when its name has none.
    legal: &'static str,
    birth: Option<(i32, u32, u32)>,
    birth_text: String,
    email: String,
    phone: Option<Phone>,
    phone_text: String,
    mobile: Option<Phone>,
    mobile_text: String,
    street: String,
    zip: String,
    city: String,
    /// Seconds since 2005-01-01 00:00:00.
    updated: i64,
}

fn country_code(country: Country) -> &'static str {
    match country {
        Country::Ch => "CH",
        Country::Fr => "FR",
        Country::De => "DE",
        Country::It => "IT",
        Country::Uk => "GB",
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::De => "de",
        Lang::It => "it",
        Lang::En => "en",
    }
}

/// Appends `s` as a CSV field: quoted when it holds a comma, a quote, CR or LF, quotes
/// doubled.
fn push_field(out: &mut String, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// `YYYY-MM-DD HH:MM:SS` of `seconds` after 2005-01-01 00:00:00.
fn format_updated(seconds: i64) -> String {
    use chrono::Datelike;
    let start = chrono::NaiveDate::from_ymd_opt(UPDATED_FROM_YEAR, 1, 1)
        .expect("valid constant date")
        .num_days_from_ce();
    let date = chrono::NaiveDate::from_num_days_from_ce_opt(start + (seconds / DAY) as i32)
        .expect("date within range");
    let secs = seconds % DAY;
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        date.year(),
        date.month(),
        date.day(),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Appends the row without its id (every column after `id`), ending in LF.
fn push_row(out: &mut String, r: &Record) {
    let country = r.region.country();
    let fields: [&str; 11] = [
        r.title,
        &r.first,
        &r.last,
        &r.company,
        &r.birth_text,
        &r.email,
        &r.phone_text,
        &r.mobile_text,
        &r.street,
        &r.zip,
        &r.city,
    ];
    for field in fields {
        push_field(out, field);
        out.push(',');
    }
    out.push_str(country_code(country));
    out.push(',');
    out.push_str(lang_code(r.region.lang()));
    out.push(',');
    out.push_str(&format_updated(r.updated));
    out.push('\n');
}

// --------------------------------------------------------------- variations

/// How a duplicate row differs from the entity's original row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Variation {
    /// `Robert` -> `Bob`, `Giuseppe` -> `Peppe`.
    Nickname,
    /// One substitution, transposition, deletion or insertion in a name.
    NameTypo,
    /// `Müller` -> `Muller` or `Mueller`, `Zoë` -> `Zoe`.
    DiacriticsLost,
    /// A name in upper or lower case.
    NameCase,
    /// First and last name swapped.
    NameSwap,
    /// `Dupont SA` / `Dupont`, `Weber GmbH` / `Weber G.m.b.H.`.
    LegalForm,
    /// E-mail, a phone, the birth date or the address blanked.
    MissingField,
    /// Same local part, another domain.
    EmailDomain,
    /// Another street, postcode and city of the same country.
    MovedAddress,
    /// `+41 21 345 67 89`, `0041213456789`, `021.345.67.89` …
    PhoneFormat,
    /// Day and month swapped, or one digit mistyped.
    BirthDate,
    /// A later `updated_at`.
    UpdatedAt,
}

const VARIATION_COUNT: usize = 12;

const VARIATIONS: [Variation; VARIATION_COUNT] = [
    Variation::Nickname,
    Variation::NameTypo,
    Variation::DiacriticsLost,
    Variation::NameCase,
    Variation::NameSwap,
    Variation::LegalForm,
    Variation::MissingField,
    Variation::EmailDomain,
    Variation::MovedAddress,
    Variation::PhoneFormat,
    Variation::BirthDate,
    Variation::UpdatedAt,
];

impl Variation {
    /// Relative frequency among the variations that apply to a row.
    fn weight(self) -> u32 {
        match self {
            Variation::Nickname => 8,
            Variation::NameTypo => 16,
            Variation::DiacriticsLost => 8,
            Variation::NameCase => 7,
            Variation::NameSwap => 4,
            Variation::LegalForm => 20,
            Variation::MissingField => 14,
            Variation::EmailDomain => 7,
            Variation::MovedAddress => 7,
            Variation::PhoneFormat => 12,
            Variation::BirthDate => 5,
            Variation::UpdatedAt => 9,
        }
    }

    /// Whether it can change `r`: companies vary their name (legal form, case, typo),
    /// address and phones; relays their person part or the legal form of their company.
    fn applies(self, r: &Record) -> bool {
        let personal = r.kind != Kind::Company;
        match self {
            Variation::Nickname => personal && nicknames(&r.first).next().is_some(),
            Variation::NameTypo | Variation::NameCase | Variation::UpdatedAt => true,
            Variation::DiacriticsLost => personal && !(r.first.is_ascii() && r.last.is_ascii()),
            Variation::NameSwap => personal && r.first != r.last,
            Variation::LegalForm => r.kind != Kind::Person && !r.legal.is_empty(),
            Variation::MissingField => {
                personal
                    && (!r.email.is_empty()
                        || r.phone.is_some()
                        || r.mobile.is_some()
                        || r.birth.is_some()
                        || !r.street.is_empty())
            }
            Variation::EmailDomain => r.kind == Kind::Person && !r.email.is_empty(),
            Variation::MovedAddress => r.kind != Kind::Relay,
            Variation::PhoneFormat => r.phone.is_some() || r.mobile.is_some(),
            Variation::BirthDate => match r.birth {
                Some((_, m, d)) => r.kind == Kind::Person && !(m == 2 && d == 29),
                None => false,
            },
        }
    }
}

/// Nicknames: (long form as in `data.rs`, short form).
static NICKNAMES: &[(&str, &str)] = &[
    // English
    ("Robert", "Bob"),
    ("Robert", "Rob"),
    ("Elizabeth", "Liz"),
    ("Elizabeth", "Beth"),
    ("William", "Bill"),
    ("William", "Will"),
    ("James", "Jim"),
    ("Michael", "Mike"),
    ("David", "Dave"),
    ("Thomas", "Tom"),
    ("Matthew", "Matt"),
    ("Andrew", "Andy"),
    ("Christopher", "Chris"),
    ("Stephen", "Steve"),
    ("Richard", "Rick"),
    ("Daniel", "Dan"),
    ("Rebecca", "Becky"),
    ("Victoria", "Vicky"),
    ("Jessica", "Jess"),
    ("Eleanor", "Ellie"),
    ("Charlotte", "Lottie"),
    ("Mary", "Molly"),
    ("Sarah", "Sally"),
    // French
    ("Jean-Pierre", "JP"),
    ("Jean-Marc", "JM"),
    ("Christophe", "Chris"),
    ("Nicolas", "Nico"),
    ("Frédéric", "Fred"),
    ("Sébastien", "Seb"),
    ("Stéphane", "Steph"),
    ("Philippe", "Phil"),
    ("Catherine", "Cathy"),
    ("Isabelle", "Isa"),
    ("Nathalie", "Nath"),
    ("Valérie", "Val"),
    ("Raphaël", "Raph"),
    // German and Swiss German
    ("Katharina", "Kathi"),
    ("Andreas", "Andi"),
    ("Michael", "Michi"),
    ("Tobias", "Tobi"),
    ("Maximilian", "Max"),
    ("Franziska", "Franzi"),
    ("Ursula", "Uschi"),
    ("Monika", "Moni"),
    ("Sabine", "Bine"),
    ("Daniel", "Dani"),
    ("Christian", "Chrigi"),
    ("Hans-Peter", "HP"),
    ("Karl-Heinz", "Kalle"),
    ("Matthias", "Matze"),
    ("Barbara", "Babs"),
    // Italian
    ("Giuseppe", "Peppe"),
    ("Giuseppe", "Beppe"),
    ("Francesco", "Franco"),
    ("Francesco", "Cesco"),
    ("Giovanni", "Gianni"),
    ("Alessandro", "Sandro"),
    ("Antonio", "Toni"),
    ("Massimo", "Max"),
    ("Federico", "Fede"),
    ("Riccardo", "Ricky"),
    ("Lorenzo", "Enzo"),
    ("Valentina", "Vale"),
    ("Emanuele", "Manu"),
    ("Beatrice", "Bea"),
];

fn nicknames(first: &str) -> impl Iterator<Item = &'static str> + '_ {
    NICKNAMES
        .iter()
        .filter(move |(long, _)| *long == first)
        .map(|(_, short)| *short)
}

/// Other spellings of a legal form (empty: written without it).
fn legal_variants(legal: &str) -> &'static [&'static str] {
    match legal {
        "SA" => &["", "", "S.A."],
        "Sàrl" => &["Sarl", "SARL", "", "S.à r.l."],
        "AG" => &["", "", "A.G."],
        "GmbH" => &["G.m.b.H.", "", "", "Gmbh"],
        "Sagl" => &["", "SAGL"],
        "SARL" => &["Sarl", "", "S.A.R.L."],
        "SAS" => &["", "S.A.S."],
        "EURL" => &[""],
        "e.V." => &["", "eV"],
        "GmbH & Co. KG" => &["GmbH & Co KG", "GmbH"],
        "Srl" => &["S.r.l.", "SRL", ""],
        "S.r.l." => &["Srl", ""],
        "S.p.A." => &["SpA", "S.P.A.", ""],
        "Sas" => &["S.a.s.", ""],
        "Ltd" => &["Limited", "Ltd.", ""],
        "Limited" => &["Ltd", ""],
        "PLC" => &["plc", ""],
        _ => &[""],
    }
}

/// `Müller` -> `Mueller`, `Weiß` -> `Weiss` (then any other accent dropped).
fn german_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            _ => out.push(c),
        }
    }
    fold_keep_case(&out)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Trades and shops: `{L}` last name.
fn trade_templates(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => &[
            "Garage {L}",
            "Boulangerie {L}",
            "Menuiserie {L}",
            "Fiduciaire {L}",
            "Imprimerie {L}",
            "Transports {L}",
            "Librairie {L}",
            "Cabinet {L}",
            "{L} Immobilier",
            "Électricité {L}",
        ],
        Lang::De => &[
            "Garage {L}",
            "Bäckerei {L}",
            "Schreinerei {L}",
            "Treuhand {L}",
            "Druckerei {L}",
            "Transporte {L}",
            "Buchhandlung {L}",
            "Malerei {L}",
            "{L} Immobilien",
            "Elektro {L}",
        ],
        Lang::It => &[
            "Garage {L}",
            "Panetteria {L}",
            "Falegnameria {L}",
            "Fiduciaria {L}",
            "Tipografia {L}",
            "Trasporti {L}",
            "Libreria {L}",
            "Studio {L}",
            "{L} Immobiliare",
            "Elettricità {L}",
        ],
        Lang::En => &[
            "{L} Motors",
            "{L} Bakery",
            "{L} Joinery",
            "{L} Accountants",
            "{L} Printing",
            "{L} Transport",
            "{L} Books",
            "{L} Consulting",
            "{L} Estates",
            "{L} Electrical",
        ],
    }
}

// ---------------------------------------------------------------- generator

struct Gen {
    rng: ChaCha8Rng,
    /// E-mail addresses in use (each belongs to one entity).
    emails: HashSet<String>,
    /// Phone numbers in use (shared only on purpose: families, relays).
    phones: HashSet<u64>,
    /// `core|city` of the companies in use.
    companies: HashSet<String>,
    families: Vec<Record>,
    firms: Vec<Record>,
}

impl Gen {
    fn new(seed: u64) -> Self {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(seed),
            emails: HashSet::new(),
            phones: HashSet::new(),
            companies: HashSet::new(),
            families: Vec::with_capacity(FAMILY_RING),
            firms: Vec::with_capacity(FIRM_RING),
        }
    }

    // ------------------------------------------------------------ basics

    fn p(&mut self, probability: f64) -> bool {
        self.rng.random::<f64>() < probability
    }

    fn idx(&mut self, len: usize) -> usize {
        debug_assert!(len > 0);
        self.rng.random_range(0..len)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.idx(items.len())]
    }

    /// Skewed towards the head of the list (the common names come first in `data.rs`).
    fn pick_common<T: Copy>(&mut self, items: &[T]) -> T {
        let u = self.rng.random::<f64>();
        let i = ((u * u * u) * items.len() as f64) as usize;
        items[i.min(items.len() - 1)]
    }

    fn num(&mut self, lo: u32, hi: u32) -> u32 {
        self.rng.random_range(lo..=hi)
    }

    /// `len` random digits, the first one in `first_lo..=9`.
    fn digits(&mut self, len: usize, first_lo: u8) -> String {
        let mut s = String::with_capacity(len);
        for i in 0..len {
            let lo = if i == 0 { first_lo } else { 0 };
            s.push(char::from(b'0' + self.rng.random_range(lo..=9u8)));
        }
        s
    }

    fn letter(&mut self) -> char {
        char::from(b'a' + self.rng.random_range(0..26u8))
    }

    fn region(&mut self) -> Region {
        let mut r = self.rng.random::<f64>();
        for (region, weight) in Region::WEIGHTS {
            if r < weight {
                return region;
            }
            r -= weight;
        }
        Region::ChDe
    }

    /// Extra rows of the next entity: none for ~75 %, else mostly one.
    fn duplicate_count(&mut self) -> usize {
        let r = self.rng.random::<f64>();
        if r < 0.75 {
            0
        } else if r < 0.945 {
            1
        } else if r < 0.985 {
            2
        } else {
            3
        }
    }

    fn updated(&mut self) -> i64 {
        self.rng.random_range(0..UPDATED_DAYS * DAY - LATER_MARGIN)
    }

    fn title(&mut self, female: bool) -> &'static str {
        if self.p(0.12) {
            ""
        } else if female {
            "MRS"
        } else {
            "MR"
        }
    }

    fn birth(&mut self) -> (i32, u32, u32) {
        let y = self.num(1930, 2007) as i32;
        let m = self.num(1, 12);
        let d = self.num(1, days_in_month(y, m));
        (y, m, d)
    }

    // ---------------------------------------------------------- addresses

    fn city(&mut self, region: Region) -> &'static City {
        let cities = data::cities(region);
        &cities[self.idx(cities.len())]
    }

    fn street_line(&mut self, region: Region, name: &str) -> String {
        let n = if self.p(0.7) {
            self.num(1, 40)
        } else {
            self.num(1, 180)
        };
        match region {
            Region::Fr | Region::Uk => format!("{n} {name}"),
            Region::It | Region::ChIt if self.p(0.3) => format!("{name}, {n}"),
            _ => format!("{name} {n}"),
        }
    }

    fn zip(&mut self, region: Region, city: &City) -> String {
        match city.zip {
            ZipRule::Range(lo, hi) => {
                let n = self.num(lo, hi);
                if region.country() == Country::Ch {
                    format!("{n:04}")
                } else {
                    format!("{n:05}")
                }
            }
            ZipRule::Uk(outward) => {
                let out = self.pick(outward);
                let d = self.num(0, 9);
                let a = char::from(self.pick(data::UK_INWARD_LETTERS));
                let b = char::from(self.pick(data::UK_INWARD_LETTERS));
                format!("{out} {d}{a}{b}")
            }
        }
    }

    /// A new address in `region`: (city, street, zip).
    fn address(&mut self, region: Region) -> (&'static City, String, String) {
        let city = self.city(region);
        let name = self.pick(data::streets(region));
        let street = self.street_line(region, name);
        let zip = self.zip(region, city);
        (city, street, zip)
    }

    // ------------------------------------------------------------- phones

    fn landline(&mut self, country: Country, area: &str) -> Phone {
        let len = match country {
            Country::Ch => 7,
            Country::Fr => 8,
            Country::De => match area.len() {
                2 => 7 + self.idx(2),
                3 => 7,
                _ => 6,
            },
            Country::It => 10 - area.len(),
            Country::Uk => match area.len() {
                2 => 8,
                3 => 7,
                _ => 6,
            },
        };
        let sub = if country == Country::Uk && area == "20" {
            let first = self.pick(&['3', '7', '8']);
            format!("{first}{}", self.digits(len - 1, 0))
        } else {
            self.digits(len, 2)
        };
        Phone {
            country,
            mobile: false,
            area: area.to_string(),
            sub,
        }
    }

    fn mobile(&mut self, country: Country) -> Phone {
        let (area, sub) = match country {
            Country::Ch => {
                let area = self.pick(&["79", "79", "78", "76", "77", "75"]).to_string();
                (area, self.digits(7, 1))
            }
            Country::Fr => {
                if self.p(0.75) {
                    ("6".to_string(), self.digits(8, 0))
                } else {
                    ("7".to_string(), self.digits(8, 3))
                }
            }
            Country::De => {
                let area = self
                    .pick(&[
                        "151", "152", "157", "160", "162", "170", "171", "172", "173", "174",
                        "175", "176", "177", "178", "179",
                    ])
                    .to_string();
                let len = 7 + self.idx(2);
                (area, self.digits(len, 1))
            }
            Country::It => {
                let area = self
                    .pick(&[
                        "320", "328", "329", "333", "335", "338", "339", "340", "345", "347",
                        "348", "349", "366", "380", "388", "392",
                    ])
                    .to_string();
                (area, self.digits(7, 1))
            }
            Country::Uk => {
                let second = self.pick(&['1', '2', '3', '4', '5', '7', '8', '9']);
                let area = format!("7{second}{}", self.digits(2, 0));
                (area, self.digits(6, 0))
            }
        };
        Phone {
            country,
            mobile: true,
            area,
            sub,
        }
    }

    /// A number no other entity has.
    fn unique_phone(&mut self, country: Country, area: &str, mobile: bool) -> Phone {
        let mut phone = self.new_phone(country, area, mobile);
        for _ in 0..8 {
            if self.phones.insert(phone.key()) {
                break;
            }
            phone = self.new_phone(country, area, mobile);
        }
        phone
    }

    fn new_phone(&mut self, country: Country, area: &str, mobile: bool) -> Phone {
        if mobile {
            self.mobile(country)
        } else {
            self.landline(country, area)
        }
    }

    // ------------------------------------------------------------ e-mails

    /// A personal address no other entity has: `jean.dupont@bluewin.ch`, `j.dupont@…`,
    /// `dupont72@…`.
    fn person_email(
        &mut self,
        first: &str,
        last: &str,
        region: Region,
        birth: Option<(i32, u32, u32)>,
    ) -> String {
        let german = region.lang() == Lang::De;
        let f = fold_ascii(first, german);
        let l = fold_ascii(last, german);
        let initial = f.chars().next().map_or(String::new(), String::from);
        let domains = data::domains(region.country());
        for attempt in 0..10 {
            let r = self.rng.random::<f64>();
            let n = match birth {
                Some((y, _, _)) if attempt == 0 && self.p(0.6) => (y % 100) as u32,
                _ => self.num(1, 99),
            };
            let local = if attempt >= 4 {
                format!("{f}.{l}{}", self.num(100, 9999))
            } else if r < 0.45 {
                format!("{f}.{l}")
            } else if r < 0.6 {
                format!("{initial}.{l}")
            } else if r < 0.7 {
                format!("{f}{l}")
            } else if r < 0.82 {
                format!("{l}{n:02}")
            } else {
                format!("{f}.{l}{n:02}")
            };
            let domain = self.pick(domains);
            let email = format!("{local}@{domain}");
            if self.emails.insert(email.clone()) {
                return email;
            }
        }
        let email = format!("{f}.{l}.{}@{}", self.emails.len(), domains[0]);
        self.emails.insert(email.clone());
        email
    }

    /// `info@garage-favre.ch`; the city joins the domain when the name is taken elsewhere.
    fn company_email(&mut self, core: &str, region: Region, city: &City) -> String {
        let tld = match region.country() {
            Country::Ch => "ch",
            Country::Fr => "fr",
            Country::De => "de",
            Country::It => "it",
            Country::Uk => "co.uk",
        };
        let mailboxes = data::company_mailbox(region.lang());
        let name = slug(core);
        let domains = [
            format!("{name}.{tld}"),
            format!("{name}-{}.{tld}", slug(city.name)),
        ];
        for domain in &domains {
            for _ in 0..3 {
                let email = format!("{}@{domain}", self.pick(mailboxes));
                if self.emails.insert(email.clone()) {
                    return email;
                }
            }
        }
        String::new()
    }

    /// A relay's address at its company: `jean.dupont@garage-favre.ch`.
    fn relay_email(&mut self, first: &str, last: &str, company_email: &str) -> String {
        let Some((_, domain)) = company_email.split_once('@') else {
            return String::new();
        };
        let f = fold_ascii(first, false);
        let l = fold_ascii(last, false);
        let initial = f.chars().next().map_or(String::new(), String::from);
        for local in [format!("{f}.{l}"), format!("{initial}.{l}"), f.clone()] {
            let email = format!("{local}@{domain}");
            if self.emails.insert(email.clone()) {
                return email;
            }
        }
        String::new()
    }

    // ----------------------------------------------------------- entities

    fn entity(&mut self) -> Record {
        let r = self.rng.random::<f64>();
        if r < 0.80 {
            if !self.families.is_empty() && self.p(0.06) {
                let i = self.idx(self.families.len());
                let head = self.families[i].clone();
                self.family_member(head)
            } else {
                self.person()
            }
        } else if r < 0.94 {
            let firm = self.company();
            if self.firms.len() < FIRM_RING {
                self.firms.push(firm.clone());
            } else if self.p(0.2) {
                let slot = self.idx(FIRM_RING);
                self.firms[slot] = firm.clone();
            }
            firm
        } else {
            self.relay()
        }
    }

    fn remember_family(&mut self, person: &Record) {
        if self.families.len() < FAMILY_RING {
            self.families.push(person.clone());
        } else if self.p(0.08) {
            let slot = self.idx(FAMILY_RING);
            self.families[slot] = person.clone();
        }
    }

    fn person(&mut self) -> Record {
        let region = self.region();
        let lang = region.lang();
        let country = region.country();
        let female = self.p(0.5);
        let first = self.pick(data::first_names(lang, female));
        let last = self.pick_common(data::last_names(region));
        let title = self.title(female);
        let (city, street, zip) = self.address(region);
        let birth = self.p(0.85).then(|| self.birth());
        let email = if self.p(0.85) {
            self.person_email(first, last, region, birth)
        } else {
            String::new()
        };
        let phone = self
            .p(0.55)
            .then(|| self.unique_phone(country, city.area, false));
        let mobile = self
            .p(0.7)
            .then(|| self.unique_phone(country, city.area, true));
        let updated = self.updated();
        let record = Record {
            kind: Kind::Person,
            region,
            title,
            first: first.to_string(),
            last: last.to_string(),
            company: String::new(),
            company_core: String::new(),
            legal: "",
            birth,
            birth_text: birth.map_or(String::new(), |(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            email,
            phone_text: phone
                .as_ref()
                .map_or(String::new(), |p| p.format(PhoneStyle::National)),
            phone,
            mobile_text: mobile
                .as_ref()
                .map_or(String::new(), |p| p.format(PhoneStyle::National)),
            mobile,
            street,
            zip,
            city: city.name.to_string(),
            updated,
        };
        self.remember_family(&record);
        record
    }

    /// Another person of `head`'s household: same last name, address and landline, another
    /// first name and birth date, an e-mail and a mobile of their own.
    fn family_member(&mut self, head: Record) -> Record {
        let region = head.region;
        let female = self.p(0.5);
        let mut first = self.pick(data::first_names(region.lang(), female));
        for _ in 0..8 {
            if first != head.first {
                break;
            }
            first = self.pick(data::first_names(region.lang(), female));
        }
        if first == head.first {
            first = if female { "Anna" } else { "Thomas" };
        }
        let mut birth = Some(self.birth());
        if birth == head.birth {
            birth = Some(self.birth());
        }
        let email = if self.p(0.7) {
            self.person_email(first, &head.last, region, birth)
        } else {
            String::new()
        };
        let mobile = self
            .p(0.7)
            .then(|| self.unique_phone(region.country(), "", true));
        let record = Record {
            title: self.title(female),
            first: first.to_string(),
            birth,
            birth_text: birth.map_or(String::new(), |(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            email,
            mobile_text: mobile
                .as_ref()
                .map_or(String::new(), |p| p.format(PhoneStyle::National)),
            mobile,
            updated: self.updated(),
            ..head
        };
        self.remember_family(&record);
        record
    }

    /// (core, legal form): a name no other company of `city` has.
    fn company_name(&mut self, region: Region, city: &City) -> (String, &'static str) {
        let lang = region.lang();
        let mut fallback = None;
        for attempt in 0..24 {
            let last = self.pick_common(data::last_names(region));
            let suffix = self.pick(data::legal_suffixes(region));
            let (core, legal) = match (attempt / 8, self.idx(4)) {
                (0, 0) => {
                    let template = self.pick(data::company_templates(lang));
                    let word = self.pick(data::company_words(lang));
                    let core = template
                        .replace(" {S}", "")
                        .replace("{W}", word)
                        .replace("{L}", last)
                        .replace("{C}", city.name);
                    let legal = if template.contains("{S}") { suffix } else { "" };
                    (core, legal)
                }
                (0, 1) => {
                    let template = self.pick(trade_templates(lang));
                    let legal = if self.p(0.5) { suffix } else { "" };
                    (template.replace("{L}", last), legal)
                }
                (0, _) | (1, 0) => {
                    let other = self.pick(data::last_names(region));
                    if other == last {
                        continue;
                    }
                    let joint = if self.p(0.7) { " & " } else { "-" };
                    (format!("{last}{joint}{other}"), suffix)
                }
                _ => {
                    let template = self.pick(trade_templates(lang));
                    let other = self.pick(data::last_names(region));
                    let joint = format!("{last} & {other}");
                    (template.replace("{L}", &joint), suffix)
                }
            };
            if self.companies.insert(format!("{core}|{}", city.name)) {
                return (core, legal);
            }
            fallback = Some((core, legal));
        }
        fallback.unwrap_or_else(|| ("Société".to_string(), ""))
    }

    fn company(&mut self) -> Record {
        let region = self.region();
        let country = region.country();
        // A quarter share a building or a street with a company of the same city.
        let neighbour = if !self.firms.is_empty() && self.p(0.25) {
            let i = self.idx(self.firms.len());
            let firm = &self.firms[i];
            (firm.region == region)
                .then(|| (firm.city.clone(), firm.street.clone(), firm.zip.clone()))
        } else {
            None
        };
        let (city, street, zip) = match neighbour {
            Some((city_name, street, zip)) => {
                let city = data::cities(region)
                    .iter()
                    .find(|c| c.name == city_name)
                    .unwrap_or(&data::cities(region)[0]);
                let street = if self.p(0.5) {
                    street
                } else {
                    // Same street, another number.
                    let name = street
                        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ',' || c == ' ')
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
                    self.street_line(region, name)
                };
                (city, street, zip)
            }
            None => self.address(region),
        };
        let (core, legal) = self.company_name(region, city);
        let email = if self.p(0.85) {
            self.company_email(&core, region, city)
        } else {
            String::new()
        };
        let phone = self
            .p(0.92)
            .then(|| self.unique_phone(country, city.area, false));
        let mobile = self
            .p(0.08)
            .then(|| self.unique_phone(country, city.area, true));
        Record {
            kind: Kind::Company,
            region,
            title: "",
            first: String::new(),
            last: String::new(),
            company: if legal.is_empty() {
                core.clone()
            } else {
                format!("{core} {legal}")
            },
            company_core: core,
            legal,
            birth: None,
            birth_text: String::new(),
            email,
            phone_text: phone
                .as_ref()
                .map_or(String::new(), |p| p.format(PhoneStyle::National)),
            phone,
            mobile_text: mobile
                .as_ref()
                .map_or(String::new(), |p| p.format(PhoneStyle::National)),
            mobile,
            street,
            zip,
            city: city.name.to_string(),
            updated: self.updated(),
        }
    }

    /// A person of a company: half of them work for a company already written (same name,
    /// address and switchboard as its row and as its other relays).
    fn relay(&mut self) -> Record {
        let firm = if !self.firms.is_empty() && self.p(0.5) {
            let i = self.idx(self.firms.len());
            self.firms[i].clone()
        } else {
            self.company()
        };
        let region = firm.region;
        let female = self.p(0.5);
        let first = self.pick(data::first_names(region.lang(), female));
        let last = self.pick_common(data::last_names(region));
        let email = if self.p(0.85) {
            self.relay_email(first, last, &firm.email)
        } else {
            String::new()
        };
        let (phone, phone_text) = if firm.phone.is_some() && self.p(0.6) {
            (firm.phone.clone(), firm.phone_text.clone())
        } else {
            let area = data::cities(region)
                .iter()
                .find(|c| c.name == firm.city)
                .map_or("", |c| c.area);
            if area.is_empty() {
                (None, String::new())
            } else {
                let p = self.unique_phone(region.country(), area, false);
                let text = p.format(PhoneStyle::National);
                (Some(p), text)
            }
        };
        let mobile = self
            .p(0.4)
            .then(|| self.unique_phone(region.country(), "", true));
        Record {
            kind: Kind::Relay,
            title: self.title(female),
            first: first.to_string(),
            last: last.to_string(),
            email,
            phone,
            phone_text,
            mobile_text: mobile
                .as_ref()
                .map_or(String::new(), |p| p.format(PhoneStyle::National)),
            mobile,
            updated: self.updated(),
            ..firm
        }
    }

    // --------------------------------------------------------- duplicates

    /// An extra row of `base` with one to three variations (counted in `counts`).
    fn duplicate(&mut self, base: &Record, counts: &mut [u64; VARIATION_COUNT]) -> Record {
        let wanted = match self.rng.random::<f64>() {
            r if r < 0.6 => 1,
            r if r < 0.9 => 2,
            _ => 3,
        };
        let mut candidates: Vec<Variation> = VARIATIONS
            .iter()
            .copied()
            .filter(|v| v.applies(base))
            .collect();
        let mut chosen = Vec::with_capacity(wanted);
        while chosen.len() < wanted && !candidates.is_empty() {
            let total: u32 = candidates.iter().map(|v| v.weight()).sum();
            let mut r = self.rng.random_range(0..total);
            let mut i = 0;
            while r >= candidates[i].weight() {
                r -= candidates[i].weight();
                i += 1;
            }
            chosen.push(candidates.swap_remove(i));
        }
        chosen.sort();
        let mut dup = base.clone();
        let mut applied = 0;
        for v in chosen {
            if self.apply(v, &mut dup) {
                counts[v as usize] += 1;
                applied += 1;
            }
        }
        if applied == 0 && self.apply(Variation::UpdatedAt, &mut dup) {
            counts[Variation::UpdatedAt as usize] += 1;
        }
        dup
    }

    /// Applies `v` to `r`; false when it could not change anything.
    fn apply(&mut self, v: Variation, r: &mut Record) -> bool {
        match v {
            Variation::Nickname => {
                let options: Vec<&'static str> = nicknames(&r.first).collect();
                if options.is_empty() {
                    return false;
                }
                r.first = self.pick(&options).to_string();
                true
            }
            Variation::NameTypo => {
                if r.kind == Kind::Company {
                    r.company = self.typo(&r.company);
                } else if self.p(0.4) {
                    r.first = self.typo(&r.first);
                } else {
                    r.last = self.typo(&r.last);
                }
                true
            }
            Variation::DiacriticsLost => {
                let mut changed = false;
                let german = r.region.lang() == Lang::De && self.p(0.6);
                for name in [&mut r.first, &mut r.last] {
                    if !name.is_ascii() {
                        let folded = if german {
                            german_fold(name)
                        } else {
                            fold_keep_case(name)
                        };
                        changed |= folded != *name;
                        *name = folded;
                    }
                }
                changed
            }
            Variation::NameCase => {
                let upper = self.p(0.6);
                let case = |s: &str| {
                    let changed = if upper {
                        s.to_uppercase()
                    } else {
                        s.to_lowercase()
                    };
                    if changed == s {
                        s.to_lowercase()
                    } else {
                        changed
                    }
                };
                if r.kind == Kind::Company {
                    r.company = case(&r.company);
                } else {
                    match self.idx(5) {
                        0 => r.first = case(&r.first),
                        1 | 2 => r.last = case(&r.last),
                        _ => {
                            r.first = case(&r.first);
                            r.last = case(&r.last);
                        }
                    }
                }
                true
            }
            Variation::NameSwap => {
                std::mem::swap(&mut r.first, &mut r.last);
                r.first != r.last
            }
            Variation::LegalForm => {
                let alt = self.pick(legal_variants(r.legal));
                r.company = if alt.is_empty() {
                    r.company_core.clone()
                } else {
                    format!("{} {alt}", r.company_core)
                };
                true
            }
            Variation::MissingField => {
                let mut present = Vec::with_capacity(5);
                if !r.email.is_empty() {
                    present.extend([0, 0]);
                }
                if !r.phone_text.is_empty() {
                    present.push(1);
                }
                if !r.mobile_text.is_empty() {
                    present.push(2);
                }
                if !r.birth_text.is_empty() {
                    present.extend([3, 3]);
                }
                if !r.street.is_empty() {
                    present.push(4);
                }
                if present.is_empty() {
                    return false;
                }
                match self.pick(&present) {
                    0 => r.email.clear(),
                    1 => r.phone_text.clear(),
                    2 => r.mobile_text.clear(),
                    3 => r.birth_text.clear(),
                    _ => {
                        r.street.clear();
                        r.zip.clear();
                        r.city.clear();
                    }
                }
                true
            }
            Variation::EmailDomain => {
                let Some((local, domain)) = r.email.split_once('@') else {
                    return false;
                };
                let domains = data::domains(r.region.country());
                for _ in 0..6 {
                    let other = self.pick(domains);
                    if other == domain {
                        continue;
                    }
                    let email = format!("{local}@{other}");
                    if self.emails.insert(email.clone()) {
                        r.email = email;
                        return true;
                    }
                }
                false
            }
            Variation::MovedAddress => {
                for _ in 0..4 {
                    let (city, street, zip) = self.address(r.region);
                    if street != r.street {
                        r.street = street;
                        r.zip = zip;
                        r.city = city.name.to_string();
                        return true;
                    }
                }
                false
            }
            Variation::PhoneFormat => {
                let style = self.pick(&[
                    PhoneStyle::International,
                    PhoneStyle::International,
                    PhoneStyle::ZeroZero,
                    PhoneStyle::PlusCompact,
                    PhoneStyle::Compact,
                    PhoneStyle::Dots,
                ]);
                let which = match (&r.phone, &r.mobile) {
                    (Some(_), Some(_)) => self.idx(3),
                    (Some(_), None) => 0,
                    (None, Some(_)) => 1,
                    (None, None) => return false,
                };
                if which != 1 {
                    if let Some(p) = &r.phone {
                        r.phone_text = p.format(style);
                    }
                }
                if which != 0 {
                    if let Some(p) = &r.mobile {
                        r.mobile_text = p.format(style);
                    }
                }
                true
            }
            Variation::BirthDate => {
                let Some((y, m, d)) = r.birth else {
                    return false;
                };
                let (y, m, d) = if d <= 12 && d != m && self.p(0.6) {
                    (y, d, m)
                } else if self.p(0.5) {
                    // Last digit of the year.
                    let mut digit = self.num(0, 9) as i32;
                    if digit == y % 10 {
                        digit = (digit + 1) % 10;
                    }
                    (y - y % 10 + digit, m, d)
                } else {
                    // One digit of the day, staying a real date.
                    let dim = days_in_month(y, m);
                    let options: Vec<u32> = (0..10)
                        .map(|k| d - d % 10 + k)
                        .chain((0..4).map(|t| t * 10 + d % 10))
                        .filter(|&x| x != d && x >= 1 && x <= dim)
                        .collect();
                    (y, m, self.pick(&options))
                };
                r.birth_text = format!("{y:04}-{m:02}-{d:02}");
                true
            }
            Variation::UpdatedAt => {
                let room = (UPDATED_DAYS * DAY - 1 - r.updated).min(3 * 365 * DAY);
                r.updated += self.rng.random_range(3600..=room.max(3600));
                true
            }
        }
    }

    /// One substitution, transposition, deletion or insertion, rarely on the first letter.
    fn typo(&mut self, s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        for _ in 0..12 {
            if n == 0 {
                break;
            }
            let lo = usize::from(n > 1 && !self.p(0.05));
            let pos = self.rng.random_range(lo.min(n - 1)..n);
            if !chars[pos].is_alphabetic() {
                continue;
            }
            let mut c = chars.clone();
            match self.idx(4) {
                0 => {
                    let letter = self.letter();
                    c[pos] = if chars[pos].is_uppercase() {
                        letter.to_ascii_uppercase()
                    } else {
                        letter
                    };
                }
                1 if pos + 1 < n => c.swap(pos, pos + 1),
                2 if n > 2 => {
                    c.remove(pos);
                }
                _ => {
                    let letter = self.letter();
                    c.insert(pos.max(1), letter);
                }
            }
            let out: String = c.into_iter().collect();
            if out != s && !out.trim().is_empty() {
                return out;
            }
        }
        format!("{s}{}", self.letter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    const COLUMNS: [&str; 15] = [
        "id",
        "title",
        "first_name",
        "last_name",
        "company",
        "birth_date",
        "email",
        "phone",
        "mobile",
        "street",
        "zip",
        "city",
        "country",
        "lang",
        "updated_at",
    ];

    fn generate(
        contacts: usize,
        seed: u64,
    ) -> (tempfile::TempDir, DuplicatesSummary, [u64; VARIATION_COUNT]) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (summary, counts) =
            write_files(dir.path(), &DuplicatesOptions { contacts, seed }).expect("writes");
        (dir, summary, counts)
    }

    /// Parses an RFC 4180 file with LF line ends (quoted fields may hold commas, quotes
    /// and line breaks); every record must have as many fields as the header.
    fn read(path: &Path) -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(path).expect("UTF-8 file");
        assert!(text.ends_with('\n'), "no final line end");
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => {
                    quoted = false;
                    assert!(
                        matches!(chars.peek(), Some(',' | '\n')),
                        "text after a closing quote"
                    );
                }
                (true, c) => field.push(c),
                (false, '"') if field.is_empty() => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut field)),
                (false, '\n') => {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                (false, c) => {
                    assert!(c != '"' && c != '\r', "bare quote or CR");
                    field.push(c);
                }
            }
        }
        assert!(
            !quoted && record.is_empty() && field.is_empty(),
            "unterminated"
        );
        let width = records.first().map_or(0, Vec::len);
        assert!(records.iter().all(|r| r.len() == width), "ragged rows");
        records
    }

    #[test]
    fn same_options_give_identical_files() {
        let (a, _, _) = generate(2000, 7);
        let (b, _, _) = generate(2000, 7);
        for file in ["contacts.csv", "truth.csv"] {
            let left = std::fs::read(a.path().join(file)).expect("read");
            let right = std::fs::read(b.path().join(file)).expect("read");
            assert!(left == right, "{file} differs between two runs");
        }
        let (c, _, _) = generate(2000, 8);
        let other = std::fs::read(c.path().join("contacts.csv")).expect("read");
        let first = std::fs::read(a.path().join("contacts.csv")).expect("read");
        assert!(other != first, "the seed changes nothing");
    }

    #[test]
    fn public_function_writes_into_a_new_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("a").join("b");
        let summary = write_duplicates_demo(
            &target,
            &DuplicatesOptions {
                contacts: 300,
                seed: 1,
            },
        )
        .expect("writes");
        assert_eq!(summary.rows, 300);
        assert!(target.join("contacts.csv").is_file());
        assert!(target.join("truth.csv").is_file());
        let empty = write_duplicates_demo(
            &dir.path().join("empty"),
            &DuplicatesOptions {
                contacts: 0,
                seed: 1,
            },
        )
        .expect("writes");
        assert_eq!((empty.rows, empty.entities, empty.true_pairs), (0, 0, 0));
    }

    #[test]
    fn rows_ids_and_truth_agree() {
        let (dir, summary, _) = generate(2000, 42);
        let text = std::fs::read_to_string(dir.path().join("contacts.csv")).expect("read");
        assert!(text.starts_with("id,title,"), "header or BOM");
        assert!(!text.contains('\r'), "CR in the file");
        let contacts = read(&dir.path().join("contacts.csv"));
        let truth = read(&dir.path().join("truth.csv"));
        assert_eq!(contacts[0], COLUMNS);
        assert_eq!(truth[0], ["id", "entity"]);
        let (contacts, truth) = (&contacts[1..], &truth[1..]);
        assert_eq!(contacts.len(), 2000);
        assert_eq!(summary.rows, 2000);
        assert_eq!(truth.len(), contacts.len());
        let mut previous = String::new();
        let mut groups: HashMap<&str, u64> = HashMap::new();
        for (row, t) in contacts.iter().zip(truth) {
            assert_eq!(row.len(), COLUMNS.len(), "{row:?}");
            let id = &row[0];
            assert!(
                id.len() >= 7 && id.bytes().all(|b| b.is_ascii_digit()),
                "{id}"
            );
            assert!(*id > previous, "ids not sorted or not unique: {id}");
            previous = id.clone();
            assert_eq!(&t[0], id, "truth is not in the order of contacts");
            assert!(t[1].starts_with('E') && t[1].len() == 8, "{}", t[1]);
            *groups.entry(&t[1]).or_default() += 1;
        }
        assert_eq!(groups.len(), summary.entities);
        assert_eq!(summary.duplicate_rows, summary.rows - summary.entities);
        let pairs: u64 = groups.values().map(|n| n * (n - 1) / 2).sum();
        assert_eq!(pairs, summary.true_pairs);
        // Duplicates are not adjacent: few consecutive ids belong to one entity.
        let adjacent = truth.windows(2).filter(|w| w[0][1] == w[1][1]).count();
        assert!(adjacent < 20, "{adjacent} adjacent duplicates");
    }

    #[test]
    fn duplicates_and_every_variation_are_present() {
        let (dir, summary, counts) = generate(20_000, 3);
        let share = summary.duplicate_rows as f64 / summary.rows as f64;
        assert!((0.17..0.32).contains(&share), "duplicate share {share}");
        let with_duplicates = {
            let truth = read(&dir.path().join("truth.csv"));
            let mut groups: HashMap<String, usize> = HashMap::new();
            for t in &truth[1..] {
                *groups.entry(t[1].clone()).or_default() += 1;
            }
            let big = groups.values().filter(|&&n| n > 1).count();
            assert!(
                groups.values().any(|&n| n == 4),
                "no entity with 3 duplicates"
            );
            big as f64 / groups.len() as f64
        };
        assert!((0.2..0.3).contains(&with_duplicates), "{with_duplicates}");
        for v in VARIATIONS {
            assert!(counts[v as usize] > 0, "{v:?} never applied: {counts:?}");
        }
        let applied: u64 = counts.iter().sum();
        let per_row = applied as f64 / summary.duplicate_rows as f64;
        assert!(
            (1.2..2.0).contains(&per_row),
            "{per_row} variations per duplicate"
        );
    }

    #[test]
    fn kinds_fields_and_formats_are_plausible() {
        let (dir, _, _) = generate(20_000, 11);
        let contacts = read(&dir.path().join("contacts.csv"));
        let rows = &contacts[1..];
        let (mut persons, mut companies, mut relays) = (0usize, 0usize, 0usize);
        let mut quoted_comma = false;
        for row in rows {
            let (first, last, company) = (&row[2], &row[3], &row[4]);
            match (first.is_empty() && last.is_empty(), company.is_empty()) {
                (false, true) => persons += 1,
                (true, false) => {
                    companies += 1;
                    assert!(row[1].is_empty() && row[5].is_empty(), "{row:?}");
                }
                (false, false) => {
                    relays += 1;
                    assert!(row[5].is_empty(), "{row:?}");
                }
                (true, true) => panic!("nameless row {row:?}"),
            }
            assert!(["", "MR", "MRS"].contains(&row[1].as_str()), "{row:?}");
            let email = &row[6];
            assert!(
                email.is_empty() || email.matches('@').count() == 1,
                "e-mail {email}"
            );
            for phone in [&row[7], &row[8]] {
                assert!(
                    phone
                        .bytes()
                        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'.')),
                    "phone {phone}"
                );
                if !phone.is_empty() {
                    check_phone(phone, &row[12], phone == &row[8]);
                }
            }
            quoted_comma |= row[9].contains(',');
            let birth = &row[5];
            if !birth.is_empty() {
                chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d")
                    .unwrap_or_else(|e| panic!("{birth}: {e}"));
            }
            let updated = chrono::NaiveDateTime::parse_from_str(&row[14], "%Y-%m-%d %H:%M:%S")
                .unwrap_or_else(|e| panic!("{}: {e}", row[14]));
            let year = chrono::Datelike::year(&updated.date());
            assert!((2005..=2025).contains(&year), "{updated}");
            assert!(["CH", "FR", "DE", "IT", "GB"].contains(&row[12].as_str()));
            assert!(["fr", "de", "it", "en"].contains(&row[13].as_str()));
        }
        assert!(quoted_comma, "no street with a comma (quoting untested)");
        let total = rows.len() as f64;
        let shares = (
            persons as f64 / total,
            companies as f64 / total,
            relays as f64 / total,
        );
        assert!((0.74..0.86).contains(&shares.0), "{shares:?}");
        assert!((0.10..0.18).contains(&shares.1), "{shares:?}");
        assert!((0.03..0.09).contains(&shares.2), "{shares:?}");
    }

    /// National digits of a number as written, checked against the country's plan.
    fn check_phone(phone: &str, country: &str, mobile: bool) {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let cc = match country {
            "CH" => "41",
            "FR" => "33",
            "DE" => "49",
            "IT" => "39",
            _ => "44",
        };
        let international = phone.starts_with('+') || digits.starts_with("00");
        let national = if international {
            let rest = digits.trim_start_matches("00");
            let rest = rest.strip_prefix(cc).unwrap_or_else(|| panic!("{phone}"));
            if country == "IT" {
                rest.to_string()
            } else {
                format!("0{rest}")
            }
        } else {
            digits
        };
        let ok = match (country, mobile) {
            ("CH", false) => {
                national.len() == 10
                    && national.starts_with('0')
                    && !["075", "076", "077", "078", "079"]
                        .iter()
                        .any(|p| national.starts_with(p))
            }
            ("CH", true) => {
                national.len() == 10
                    && ["075", "076", "077", "078", "079"]
                        .iter()
                        .any(|p| national.starts_with(p))
            }
            ("FR", false) => {
                national.len() == 10
                    && ["01", "02", "03", "04", "05"]
                        .iter()
                        .any(|p| national.starts_with(p))
            }
            ("FR", true) => {
                national.len() == 10 && (national.starts_with("06") || national.starts_with("07"))
            }
            ("DE", false) => {
                (9..=12).contains(&national.len())
                    && national.starts_with('0')
                    && !national.starts_with("01")
            }
            ("DE", true) => {
                (11..=12).contains(&national.len())
                    && ["015", "016", "017"]
                        .iter()
                        .any(|p| national.starts_with(p))
            }
            ("IT", false) => national.len() == 10 && national.starts_with('0'),
            ("IT", true) => national.len() == 10 && national.starts_with('3'),
            (_, false) => {
                national.len() == 11 && (national.starts_with("01") || national.starts_with("02"))
            }
            (_, true) => {
                national.len() == 11 && national.starts_with("07") && !national.starts_with("076")
            }
        };
        assert!(
            ok,
            "{country} {} {phone} ({national})",
            if mobile { "mobile" } else { "landline" }
        );
    }

    #[test]
    fn distinct_entities_are_hard_to_tell_apart() {
        let (dir, _, _) = generate(20_000, 5);
        let contacts = read(&dir.path().join("contacts.csv"));
        let truth = read(&dir.path().join("truth.csv"));
        let mut namesakes: BTreeMap<(String, String, String), std::collections::BTreeSet<String>> =
            BTreeMap::new();
        let mut households: BTreeMap<(String, String, String), std::collections::BTreeSet<String>> =
            BTreeMap::new();
        let mut emails: HashMap<String, String> = HashMap::new();
        for (row, t) in contacts[1..].iter().zip(&truth[1..]) {
            if row[4].is_empty() {
                namesakes
                    .entry((row[2].clone(), row[3].clone(), row[12].clone()))
                    .or_default()
                    .insert(t[1].clone());
                if !row[7].is_empty() && !row[9].is_empty() {
                    households
                        .entry((row[3].clone(), row[9].clone(), row[7].clone()))
                        .or_default()
                        .insert(t[1].clone());
                }
            }
            if !row[6].is_empty() {
                let owner = emails.entry(row[6].clone()).or_insert_with(|| t[1].clone());
                assert_eq!(owner, &t[1], "one e-mail for two entities: {}", row[6]);
            }
        }
        let shared_names = namesakes.values().filter(|e| e.len() > 1).count();
        let families = households.values().filter(|e| e.len() > 1).count();
        assert!(shared_names > 100, "{shared_names} namesakes");
        assert!(families > 50, "{families} households");
    }

    #[test]
    fn tables_are_consistent() {
        let all: Vec<&str> = [Lang::Fr, Lang::De, Lang::It, Lang::En]
            .iter()
            .flat_map(|&l| {
                data::first_names(l, false)
                    .iter()
                    .chain(data::first_names(l, true))
                    .copied()
            })
            .collect();
        assert!(NICKNAMES.len() >= 40);
        for (long, short) in NICKNAMES {
            assert!(all.contains(long), "{long} is not a first name of data.rs");
            assert_ne!(long, short);
        }
        let mut out = String::new();
        push_field(&mut out, "Via Roma, 12");
        push_field(&mut out, "say \"hi\"");
        push_field(&mut out, "plain");
        assert_eq!(out, "\"Via Roma, 12\"\"say \"\"hi\"\"\"plain");
        assert_eq!(german_fold("Müller"), "Mueller");
        assert_eq!(fold_keep_case("Müller"), "Muller");
        assert_eq!(fold_keep_case("Zoë"), "Zoe");
        let phone = Phone {
            country: Country::Ch,
            mobile: false,
            area: "21".to_string(),
            sub: "3456789".to_string(),
        };
        assert_eq!(phone.format(PhoneStyle::National), "021 345 67 89");
        assert_eq!(phone.format(PhoneStyle::International), "+41 21 345 67 89");
        assert_eq!(phone.format(PhoneStyle::ZeroZero), "0041213456789");
        assert_eq!(phone.format(PhoneStyle::Dots), "021.345.67.89");
        let milan = Phone {
            country: Country::It,
            mobile: false,
            area: "02".to_string(),
            sub: "12345678".to_string(),
        };
        assert_eq!(milan.format(PhoneStyle::National), "02 1234 5678");
        assert_eq!(milan.format(PhoneStyle::International), "+39 02 1234 5678");
        assert_eq!(format_updated(0), "2005-01-01 00:00:00");
        assert_eq!(
            format_updated(UPDATED_DAYS * DAY - 1),
            "2025-12-31 23:59:59"
        );
    }

    /// `CARGO_TARGET_DIR=… cargo test --release -p stx-demo timed_duplicates -- --ignored
    /// --nocapture` (`STX_DUP_CONTACTS` to change the size, `STX_DUP_DIR` to keep the files).
    #[test]
    #[ignore = "benchmark; run explicitly"]
    fn timed_duplicates() {
        let contacts = std::env::var("STX_DUP_CONTACTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        let dir = tempfile::tempdir().expect("tempdir");
        let target = std::env::var_os("STX_DUP_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| dir.path().to_path_buf());
        let start = std::time::Instant::now();
        let (summary, counts) =
            write_files(&target, &DuplicatesOptions { contacts, seed: 42 }).expect("writes");
        println!("{summary:?} in {:.2?}", start.elapsed());
        for v in VARIATIONS {
            println!("{v:?}: {}", counts[v as usize]);
        }
    }
}
