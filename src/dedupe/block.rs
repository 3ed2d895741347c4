//! Blocking: which pairs are compared at all. Several passes, each on a key built from a few
//! fields; records sharing a key (and a kind) are candidate pairs. Each pass's pair count is
//! known before a pair is made, so a pass that would explode is stopped and named.

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::config::BlockingSpec;
use super::records::{Derived, Kind, Records};

/// A field a key part reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyField {
    /// Folded first name.
    FirstName,
    /// Folded last name.
    LastName,
    /// First and last name, in either order.
    Names,
    /// Structure name without legal form.
    StructureName,
    /// Any of the e-mail addresses.
    Email,
    /// Any e-mail's local part.
    EmailLocal,
    /// Any of the phone numbers.
    Phone,
    /// yyyymmdd.
    BirthDate,
    /// yyyy.
    BirthYear,
    /// Postcode.
    Zip,
    /// Town.
    Town,
    /// LINE1's words.
    Address,
    /// Country.
    Country,
}

/// One part of a blocking key: a field, its phonetic code, or its first letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPart {
    /// The field.
    pub field: KeyField,
    /// Phonetic (Cologne and Double Metaphone: a record has a key for each).
    pub phonetic: bool,
    /// Only the first n characters.
    pub prefix: Option<usize>,
}

impl KeyPart {
    /// Parses `field`, `field:n` or `phonetic:field`.
    pub fn parse(text: &str) -> Result<KeyPart, String> {
        let (phonetic, rest) = match text.strip_prefix("phonetic:") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (name, prefix) =
            match rest.split_once(':') {
                Some((name, n)) => (
                    name,
                    Some(n.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("`{text}`: after `:` comes a number of characters")
                    })?),
                ),
                None => (rest, None),
            };
        let field = match name {
            "first-name" => KeyField::FirstName,
            "last-name" => KeyField::LastName,
            "names" => KeyField::Names,
            "structure-name" => KeyField::StructureName,
            "email" => KeyField::Email,
            "email-local" => KeyField::EmailLocal,
            "phone" => KeyField::Phone,
            "birth-date" => KeyField::BirthDate,
            "birth-year" => KeyField::BirthYear,
            "zip" => KeyField::Zip,
            "town" => KeyField::Town,
            "address" => KeyField::Address,
            "country" => KeyField::Country,
            other => {
                return Err(format!(
                    "`{other}` is not a blocking field; one of first-name, last-name, names, structure-name, email, email-local, phone, birth-date, birth-year, zip, town, address, country (with `phonetic:` before or `:n` after)"
                ))
            }
        };
        if phonetic
            && !matches!(
                field,
                KeyField::FirstName | KeyField::LastName | KeyField::StructureName
            )
        {
            return Err(format!("`{text}`: only names have a phonetic code"));
        }
        Ok(KeyPart {
            field,
            phonetic,
            prefix,
        })
    }
}

/// A blocking pass, parsed.
#[derive(Debug, Clone)]
pub struct BlockingRule {
    /// Its name.
    pub name: String,
    /// Its key parts (all must have a value).
    pub parts: Vec<KeyPart>,
}

/// The default passes: agreeing on an e-mail; a phone; the two names (either order) and the
/// birth year; the two names and the postcode; the sound of both names and the postcode (with
/// the first initial instead of the first name's sound: 21 million pairs at a million
/// generated contacts, blocks of 589); the birth date and the first two letters of the last
/// name; the address and postcode; the structure name and town; the sound of the structure
/// name and the town. A name alone makes blocks that grow with the square of the data (every
/// `Hans Müller` of the country with every other): on the generated set, adding the birth
/// year or postcode kept 99.98 % of the reachable true pairs with 43 % of the pairs.
pub fn default_rules() -> Vec<BlockingSpec> {
    let rule = |name: &str, on: &[&str]| BlockingSpec {
        name: name.to_string(),
        on: on.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        rule("email", &["email"]),
        rule("phone", &["phone"]),
        rule("names-birth-year", &["names", "birth-year"]),
        rule("names-postcode", &["names", "zip"]),
        rule(
            "names-sound-postcode",
            &["phonetic:last-name", "phonetic:first-name", "zip"],
        ),
        rule("birth-date-surname", &["birth-date", "last-name:2"]),
        rule("address-postcode", &["address", "zip"]),
        rule("structure-name-town", &["structure-name", "town"]),
        rule("structure-sound-town", &["phonetic:structure-name", "town"]),
    ]
}

/// Parses the passes of the migration file (or the defaults).
pub fn parse_rules(specs: &[BlockingSpec]) -> Result<Vec<BlockingRule>, String> {
    specs
        .iter()
        .map(|s| {
            if s.on.is_empty() {
                return Err(format!("blocking rule `{}`: `on` is empty", s.name));
            }
            let parts = s
                .on
                .iter()
                .map(|p| KeyPart::parse(p).map_err(|e| format!("blocking rule `{}`: {e}", s.name)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(BlockingRule {
                name: s.name.clone(),
                parts,
            })
        })
        .collect()
}

/// What a pass found.
#[derive(Debug, Clone, PartialEq)]
pub struct PassCount {
    /// Rule name.
    pub rule: String,
    /// Candidate pairs it would make.
    pub pairs: u64,
    /// Pairs no earlier pass had found.
    pub new_pairs: u64,
    /// Largest block (records sharing one key).
    pub largest_block: u64,
    /// Stopped: it would have made more than the cap.
    pub stopped: bool,
}

/// Candidate pairs (`a < b`, record indexes) with the first pass that found each.
pub struct Candidates {
    /// Pairs packed as `a << 32 | b`, sorted.
    pub pairs: Vec<u64>,
    /// Per pass.
    pub counts: Vec<PassCount>,
}

/// Records a run can deduplicate: a pair and the pass that found it share one `u64` while
/// the passes run (28 + 28 + 8 bits), 8 bytes a pair.
pub const MAX_RECORDS: usize = 1 << 28;

/// A pair and the pass that found it, in one word: sorting orders by pair, then pass.
fn tagged(a: u32, b: u32, rule: u8) -> u64 {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    (u64::from(a) << 36) | (u64::from(b) << 8) | u64::from(rule)
}

/// Unpacks a pair.
pub fn unpack(p: u64) -> (usize, usize) {
    ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize)
}

/// The keys of record `i` for a rule (several when a field has several values).
fn keys_of(records: &Records, derived: &Derived, rule: &BlockingRule, i: usize) -> Vec<u64> {
    if records.skipped[i] {
        return Vec::new();
    }
    let mut keys: Vec<DefaultHasher> = vec![DefaultHasher::new()];
    records.kind[i].hash(&mut keys[0]);
    for part in &rule.parts {
        let values = part_values(records, derived, part, i);
        if values.is_empty() {
            return Vec::new();
        }
        let mut next = Vec::with_capacity(keys.len() * values.len());
        for k in &keys {
            for v in &values {
                let mut h = k.clone();
                v.hash(&mut h);
                next.push(h);
            }
        }
        keys = next;
    }
    let mut out: Vec<u64> = keys.into_iter().map(|h| h.finish()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn cut(text: &str, prefix: Option<usize>) -> String {
    match prefix {
        Some(n) => text.chars().take(n).collect(),
        None => text.to_string(),
    }
}

/// The values of a key part for record `i` (none: the record has no key for the rule).
fn part_values(records: &Records, derived: &Derived, part: &KeyPart, i: usize) -> Vec<String> {
    let r = records;
    let text = |values: &super::records::Values, id: u32| -> Vec<String> {
        if id == 0 {
            Vec::new()
        } else {
            vec![cut(&values.text[id as usize], part.prefix)]
        }
    };
    let sound = |sounds: &[super::normalize::Phonetic], id: u32| -> Vec<String> {
        if id == 0 {
            return Vec::new();
        }
        let s = &sounds[id as usize];
        [&s.cologne, &s.metaphone]
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(n, c)| format!("{n}{}", cut(c, part.prefix)))
            .collect()
    };
    match (part.field, part.phonetic) {
        (KeyField::FirstName, false) => text(&r.first_values, r.first[i]),
        (KeyField::FirstName, true) => sound(&derived.first_sound, r.first[i]),
        (KeyField::LastName, false) => text(&r.last_values, r.last[i]),
        (KeyField::LastName, true) => sound(&derived.last_sound, r.last[i]),
        (KeyField::StructureName, false) => text(&r.structure_values, r.structure[i]),
        (KeyField::StructureName, true) => sound(&derived.structure_sound, r.structure[i]),
        (KeyField::Names, _) => {
            let (f, l) = (r.first[i], r.last[i]);
            if f == 0 || l == 0 {
                return Vec::new();
            }
            let (f, l) = (
                cut(&r.first_values.text[f as usize], part.prefix),
                cut(&r.last_values.text[l as usize], part.prefix),
            );
            vec![if f <= l {
                format!("{f}\u{1}{l}")
            } else {
                format!("{l}\u{1}{f}")
            }]
        }
        (KeyField::Email, _) => r.emails[i]
            .iter()
            .filter(|e| **e != 0)
            .map(|e| cut(&r.email_values.text[*e as usize], part.prefix))
            .collect(),
        (KeyField::EmailLocal, _) => r.emails[i]
            .iter()
            .filter(|e| **e != 0)
            .map(|e| cut(&derived.email_parts[*e as usize].0, part.prefix))
            .collect(),
        (KeyField::Phone, _) => r.phones[i]
            .iter()
            .filter(|p| **p != 0)
            .map(|p| cut(&r.phone_values.text[*p as usize], part.prefix))
            .collect(),
        (KeyField::BirthDate, _) | (KeyField::BirthYear, _) => {
            let b = r.birth[i];
            match (b, part.field) {
                (0, _) => Vec::new(),
                (b, KeyField::BirthYear) => vec![(b / 10_000).to_string()],
                (b, _) => vec![b.to_string()],
            }
        }
        (KeyField::Zip, _) => text(&r.zip_values, r.zip[i]),
        (KeyField::Town, _) => text(&r.town_values, r.town[i]),
        (KeyField::Address, _) => text(&r.address_values, r.address[i]),
        (KeyField::Country, _) => text(&r.country_values, r.country[i]),
    }
}

/// Runs every pass and the sorted-neighbourhood pass (window `window` on the name key),
/// stopping a pass that would make more than `cap` pairs. Contacts already in SecuTix are
/// never paired with each other.
pub fn candidates(
    records: &Records,
    derived: &Derived,
    rules: &[BlockingRule],
    window: usize,
    cap: u64,
) -> Candidates {
    let n = records.len();
    assert!(
        n < MAX_RECORDS,
        "deduplication takes at most {MAX_RECORDS} records"
    );
    let mut all: Vec<u64> = Vec::new();
    let mut counts = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        let mut keyed: Vec<(u64, u32)> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                keys_of(records, derived, rule, i)
                    .into_iter()
                    .map(move |k| (k, i as u32))
            })
            .collect();
        keyed.par_sort_unstable();
        let mut pairs_total = 0u64;
        let mut largest = 0u64;
        for block in keyed.chunk_by(|x, y| x.0 == y.0) {
            let k = block.len() as u64;
            pairs_total += k * (k - 1) / 2;
            largest = largest.max(k);
        }
        let stopped = pairs_total > cap;
        if stopped {
            tracing::warn!(
                rule = rule.name.as_str(),
                pairs = pairs_total,
                cap,
                "blocking rule stopped"
            );
        } else {
            for block in keyed.chunk_by(|x, y| x.0 == y.0) {
                for (x, &(_, a)) in block.iter().enumerate() {
                    for &(_, b) in &block[x + 1..] {
                        if a != b
                            && !(records.is_existing(a as usize) && records.is_existing(b as usize))
                        {
                            all.push(tagged(a, b, r as u8));
                        }
                    }
                }
            }
        }
        counts.push(PassCount {
            rule: rule.name.clone(),
            pairs: pairs_total,
            new_pairs: 0,
            largest_block: largest,
            stopped,
        });
    }
    if window > 1 {
        let sn = rules.len() as u8;
        let mut pairs_total = 0u64;
        for kind in [Kind::Individual, Kind::Relay, Kind::Structure] {
            let mut order: Vec<(String, u32)> = (0..n)
                .filter(|&i| records.kind[i] == kind && !records.skipped[i])
                .map(|i| (name_key(records, i), i as u32))
                .filter(|(k, _)| !k.is_empty())
                .collect();
            order.par_sort_unstable();
            for (x, &(_, a)) in order.iter().enumerate() {
                for &(_, b) in order.iter().skip(x + 1).take(window - 1) {
                    if !(records.is_existing(a as usize) && records.is_existing(b as usize)) {
                        all.push(tagged(a, b, sn));
                        pairs_total += 1;
                    }
                }
            }
        }
        counts.push(PassCount {
            rule: format!("sorted-neighbourhood (window {window})"),
            pairs: pairs_total,
            new_pairs: 0,
            largest_block: window as u64,
            stopped: false,
        });
    }
    all.par_sort_unstable();
    // The first of each pair is the earliest pass that found it.
    all.dedup_by_key(|t| *t >> 8);
    for t in all.iter_mut() {
        counts[(*t & 0xFF) as usize].new_pairs += 1;
        let (a, b) = (*t >> 36, (*t >> 8) & 0x0FFF_FFFF);
        *t = (a << 32) | b;
    }
    Candidates { pairs: all, counts }
}

/// Sort key of the sorted-neighbourhood pass: last name, first name, or the structure name.
fn name_key(records: &Records, i: usize) -> String {
    let r = records;
    let last = &r.last_values.text[r.last[i] as usize];
    let first = &r.first_values.text[r.first[i] as usize];
    let structure = &r.structure_values.text[r.structure[i] as usize];
    match r.kind[i] {
        Kind::Structure => structure.clone(),
        _ => format!("{last} {first} {structure}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedupe::records::{Origin, RawContact};

    #[test]
    fn passes_count_pairs_before_making_them_and_stop_at_the_cap() {
        let mut r = Records::new();
        for i in 0..10 {
            let raw = RawContact {
                first: Some("Jean"),
                last: Some(if i < 6 { "Dupont" } else { "Martin" }),
                emails: [
                    Some(if i % 2 == 0 { "a@x.ch" } else { "b@x.ch" }),
                    None,
                    None,
                ],
                ..RawContact::default()
            };
            r.push(Origin::Run { seq: i, row: i + 1 }, &i.to_string(), &raw);
        }
        let d = Derived::of(&r);
        let rules = parse_rules(&[
            BlockingSpec {
                name: "email".into(),
                on: vec!["email".into()],
            },
            BlockingSpec {
                name: "names".into(),
                on: vec!["names".into()],
            },
        ])
        .unwrap();
        let c = candidates(&r, &d, &rules, 0, 100);
        assert_eq!(c.counts[0].pairs, 20); // 2 blocks of 5
        assert_eq!(c.counts[1].pairs, 15 + 6); // 6 Dupont, 4 Martin
        assert_eq!(
            c.pairs.len() as u64,
            c.counts.iter().map(|c| c.new_pairs).sum::<u64>()
        );
        let capped = candidates(&r, &d, &rules, 0, 18);
        assert!(capped.counts.iter().all(|c| c.stopped));
        assert!(capped.pairs.is_empty());
        assert!(KeyPart::parse("phonetic:zip").is_err());
        assert!(KeyPart::parse("last-name:x").is_err());
        assert_eq!(KeyPart::parse("last-name:2").unwrap().prefix, Some(2));
    }
}
