//! The records deduplication compares: the SecuTix columns it reads, folded and interned
//! once per distinct value (a value's count is its term frequency), a few bytes per record.

use std::collections::HashMap;

use super::normalize::{
    address_tokens, email_parts, fold_name, fold_structure, parse_date, phone_digits, Phonetic,
    PhoneticEncoders,
};

/// The kind of contact a SecuTix row creates (spec §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// First and/or last name, no structure name.
    Individual,
    /// Structure name only.
    Structure,
    /// Structure and person: a relay of the structure.
    Relay,
}

impl Kind {
    /// From which name columns are filled; `None`: no name at all.
    pub fn of(person: bool, structure: bool) -> Option<Kind> {
        match (person, structure) {
            (true, false) => Some(Kind::Individual),
            (false, true) => Some(Kind::Structure),
            (true, true) => Some(Kind::Relay),
            (false, false) => None,
        }
    }

    /// As in duplicates.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Individual => "individual",
            Kind::Structure => "structure",
            Kind::Relay => "relay",
        }
    }
}

/// Distinct values of one field; id 0 is "no value".
#[derive(Debug, Default, Clone)]
pub struct Values {
    /// The folded text of each id.
    pub text: Vec<String>,
    /// Records holding each id (its term frequency).
    pub count: Vec<u32>,
    index: HashMap<String, u32>,
    /// Records with a value.
    pub filled: u64,
}

impl Values {
    fn new() -> Values {
        Values {
            text: vec![String::new()],
            count: vec![0],
            index: HashMap::new(),
            filled: 0,
        }
    }

    /// The id of a folded value (0 when empty), counted once more.
    pub fn intern(&mut self, folded: String) -> u32 {
        if folded.is_empty() {
            return 0;
        }
        self.filled += 1;
        let id = match self.index.get(&folded) {
            Some(id) => *id,
            None => {
                let id = self.text.len() as u32;
                self.index.insert(folded.clone(), id);
                self.text.push(folded);
                self.count.push(0);
                id
            }
        };
        self.count[id as usize] += 1;
        id
    }

    /// The relative frequency of a folded text among the filled records (0 when absent).
    pub fn frequency_of(&self, text: &str) -> f64 {
        match self.index.get(text) {
            Some(id) => self.frequency(*id),
            None => 0.0,
        }
    }

    /// The relative frequency of a value among the filled records.
    pub fn frequency(&self, id: u32) -> f64 {
        if self.filled == 0 {
            return 1.0;
        }
        f64::from(self.count[id as usize]) / self.filled as f64
    }
}

/// Up to this many e-mail addresses and phone numbers per record (EMAIL1..3; TELEPHONE,
/// CELLPHONE, FAX).
pub const MULTI: usize = 3;

/// One record's SecuTix values as deduplication reads them (raw text, as written).
#[derive(Debug, Clone, Default)]
pub struct RawContact<'a> {
    /// FIRSTNAME.
    pub first: Option<&'a str>,
    /// LASTNAME.
    pub last: Option<&'a str>,
    /// OFFICIAL_NAME.
    pub structure: Option<&'a str>,
    /// BIRTHDATE.
    pub birth: Option<&'a str>,
    /// EMAIL1..3.
    pub emails: [Option<&'a str>; MULTI],
    /// TELEPHONE, CELLPHONE, FAX.
    pub phones: [Option<&'a str>; MULTI],
    /// LINE1.
    pub line1: Option<&'a str>,
    /// ZIPCODE.
    pub zip: Option<&'a str>,
    /// TOWN.
    pub town: Option<&'a str>,
    /// COUNTRY.
    pub country: Option<&'a str>,
}

/// The SecuTix columns read, in the order of [`RawContact`]'s fields.
pub const COMPARED_COLUMNS: &[&str] = &[
    "FIRSTNAME",
    "LASTNAME",
    "OFFICIAL_NAME",
    "BIRTHDATE",
    "EMAIL1",
    "EMAIL2",
    "EMAIL3",
    "TELEPHONE",
    "CELLPHONE",
    "FAX",
    "LINE1",
    "ZIPCODE",
    "TOWN",
    "COUNTRY",
];

/// Where a record comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A record of this run: its `_seq` and source row.
    Run {
        /// `_seq`.
        seq: u64,
        /// Source row.
        row: u64,
    },
    /// A contact already in SecuTix, with its contact number (row of the export file).
    Existing {
        /// CONTACT_NR.
        contact_nr: String,
        /// Data row of the export.
        row: u64,
    },
}

/// Every record of the run, columnar.
#[derive(Debug, Clone)]
pub struct Records {
    /// Where each record comes from.
    pub origin: Vec<Origin>,
    /// The record's key (`[read] key`, else `row N`).
    pub key: Vec<Box<str>>,
    /// Kind of contact.
    pub kind: Vec<Kind>,
    /// Folded first names.
    pub first: Vec<u32>,
    /// Folded last names.
    pub last: Vec<u32>,
    /// Structure names folded, legal forms left out.
    pub structure: Vec<u32>,
    /// Birth date as yyyymmdd, 0 when none.
    pub birth: Vec<u32>,
    /// E-mail addresses, lower case.
    pub emails: Vec<[u32; MULTI]>,
    /// Phone numbers, digits.
    pub phones: Vec<[u32; MULTI]>,
    /// LINE1 as sorted address words.
    pub address: Vec<u32>,
    /// Postcodes, upper case without spaces.
    pub zip: Vec<u32>,
    /// Towns folded.
    pub town: Vec<u32>,
    /// Countries.
    pub country: Vec<u32>,
    /// Value tables.
    pub first_values: Values,
    /// See `first_values`.
    pub last_values: Values,
    /// See `first_values`.
    pub structure_values: Values,
    /// See `first_values`.
    pub email_values: Values,
    /// See `first_values`.
    pub phone_values: Values,
    /// See `first_values`.
    pub address_values: Values,
    /// See `first_values`.
    pub zip_values: Values,
    /// See `first_values`.
    pub town_values: Values,
    /// See `first_values`.
    pub country_values: Values,
    /// Records without any name: never compared.
    pub nameless: u64,
    /// Records taken out before comparing (rejected by an earlier whole-run stage).
    pub skipped: Vec<bool>,
}

impl Default for Records {
    fn default() -> Self {
        Records::new()
    }
}

impl Records {
    /// No record yet.
    pub fn new() -> Records {
        Records {
            origin: Vec::new(),
            key: Vec::new(),
            kind: Vec::new(),
            first: Vec::new(),
            last: Vec::new(),
            structure: Vec::new(),
            birth: Vec::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            address: Vec::new(),
            zip: Vec::new(),
            town: Vec::new(),
            country: Vec::new(),
            first_values: Values::new(),
            last_values: Values::new(),
            structure_values: Values::new(),
            email_values: Values::new(),
            phone_values: Values::new(),
            address_values: Values::new(),
            zip_values: Values::new(),
            town_values: Values::new(),
            country_values: Values::new(),
            nameless: 0,
            skipped: Vec::new(),
        }
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.kind.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }

    /// Adds a record; one without any name is counted and left out (`false`).
    pub fn push(&mut self, origin: Origin, key: &str, raw: &RawContact) -> bool {
        fn present(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty() && *v != "=")
        }
        let first = present(raw.first).map(fold_name).unwrap_or_default();
        let last = present(raw.last).map(fold_name).unwrap_or_default();
        let structure = present(raw.structure)
            .map(fold_structure)
            .unwrap_or_default();
        let Some(kind) = Kind::of(!first.is_empty() || !last.is_empty(), !structure.is_empty())
        else {
            self.nameless += 1;
            return false;
        };
        self.origin.push(origin);
        self.skipped.push(false);
        self.key.push(key.into());
        self.kind.push(kind);
        let first = self.first_values.intern(first);
        self.first.push(first);
        let last = self.last_values.intern(last);
        self.last.push(last);
        let structure = self.structure_values.intern(structure);
        self.structure.push(structure);
        self.birth.push(
            present(raw.birth)
                .and_then(parse_date)
                .map(|(y, m, d)| u32::from(y) * 10_000 + u32::from(m) * 100 + u32::from(d))
                .unwrap_or(0),
        );
        let mut emails = [0; MULTI];
        for (slot, e) in emails.iter_mut().zip(raw.emails.iter()) {
            if let Some(e) = present(*e) {
                if email_parts(e).is_some() {
                    *slot = self.email_values.intern(e.to_lowercase());
                }
            }
        }
        self.emails.push(emails);
        let mut phones = [0; MULTI];
        for (slot, p) in phones.iter_mut().zip(raw.phones.iter()) {
            if let Some(p) = present(*p) {
                let digits = phone_digits(p);
                // Fewer than six digits is not a number anyone dials.
                if digits.trim_start_matches('+').len() >= 6 {
                    *slot = self.phone_values.intern(digits);
                }
            }
        }
        self.phones.push(phones);
        let address = present(raw.line1)
            .map(|l| address_tokens(l).join(" "))
            .unwrap_or_default();
        let address = self.address_values.intern(address);
        self.address.push(address);
        let zip = present(raw.zip)
            .map(|z| {
                z.chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_uppercase()
            })
            .unwrap_or_default();
        let zip = self.zip_values.intern(zip);
        self.zip.push(zip);
        let town = present(raw.town).map(fold_name).unwrap_or_default();
        let town = self.town_values.intern(town);
        self.town.push(town);
        let country = present(raw.country)
            .map(str::to_uppercase)
            .unwrap_or_default();
        let country = self.country_values.intern(country);
        self.country.push(country);
        true
    }

    /// Takes record `i` out of every comparison.
    pub fn skip(&mut self, i: usize) {
        self.skipped[i] = true;
    }

    /// Whether a record is a contact already in SecuTix.
    pub fn is_existing(&self, i: usize) -> bool {
        matches!(self.origin[i], Origin::Existing { .. })
    }
}

/// What is derived once per distinct value for the comparisons and blocking keys.
#[derive(Debug, Default)]
pub struct Derived {
    /// Phonetic keys of first names, by id.
    pub first_sound: Vec<Phonetic>,
    /// Phonetic keys of last names, by id.
    pub last_sound: Vec<Phonetic>,
    /// Phonetic keys of structure names, by id.
    pub structure_sound: Vec<Phonetic>,
    /// E-mail (local part, domain), by id.
    pub email_parts: Vec<(String, String)>,
}

impl Derived {
    /// Derives everything from the value tables.
    pub fn of(records: &Records) -> Derived {
        let encoders = PhoneticEncoders::default();
        let sounds = |values: &Values| -> Vec<Phonetic> {
            values.text.iter().map(|t| encoders.encode(t)).collect()
        };
        Derived {
            first_sound: sounds(&records.first_values),
            last_sound: sounds(&records.last_values),
            structure_sound: sounds(&records.structure_values),
            email_parts: records
                .email_values
                .text
                .iter()
                .map(|e| email_parts(e).unwrap_or_default())
                .collect(),
        }
    }
}
