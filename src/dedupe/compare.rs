//! The comparisons: for a pair of records, one level per comparison (the best first; 0 when
//! either side has no value), as Fellegi–Sunter scores them.

use super::normalize::{Nicknames, Phonetic};
use super::records::{Derived, Kind, Records, MULTI};

/// A comparison: its name and the names of its levels (level 1 first; 0 is "no value").
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    /// Name, as in the migration file (`ignore`, `[dedupe.m.NAME]`).
    pub name: &'static str,
    /// Levels from 1 on, best first; the last is "different".
    pub levels: &'static [&'static str],
    /// What m is before EM, per level.
    pub m_start: &'static [f64],
    /// Whether the first level's weight is adjusted by the value's frequency.
    pub term_frequency: bool,
}

/// Every comparison, in the order of a pair's level vector.
pub const COMPARISONS: &[Comparison] = &[
    Comparison {
        name: "first-name",
        levels: &[
            "exact",
            "nickname",
            "similar",
            "initial",
            "alike",
            "different",
        ],
        m_start: &[0.80, 0.03, 0.07, 0.03, 0.03, 0.04],
        term_frequency: true,
    },
    Comparison {
        name: "last-name",
        levels: &["exact", "sounds-alike", "similar", "alike", "different"],
        m_start: &[0.85, 0.04, 0.05, 0.02, 0.04],
        term_frequency: true,
    },
    Comparison {
        name: "structure-name",
        levels: &["exact", "similar", "shares-words", "different"],
        m_start: &[0.80, 0.10, 0.05, 0.05],
        term_frequency: true,
    },
    Comparison {
        name: "birth-date",
        levels: &["exact", "day-month-swapped", "typo", "different"],
        m_start: &[0.90, 0.02, 0.04, 0.04],
        term_frequency: false,
    },
    Comparison {
        name: "email",
        levels: &[
            "exact",
            "same-local-part",
            "similar-local-part",
            "different",
        ],
        m_start: &[0.70, 0.10, 0.05, 0.15],
        term_frequency: false,
    },
    Comparison {
        name: "phone",
        levels: &["exact", "same-last-8-digits", "different"],
        m_start: &[0.75, 0.05, 0.20],
        term_frequency: false,
    },
    Comparison {
        name: "address",
        levels: &["exact", "similar", "different"],
        m_start: &[0.70, 0.10, 0.20],
        term_frequency: false,
    },
    Comparison {
        name: "postcode-town",
        levels: &["postcode-and-town", "postcode", "town", "different"],
        m_start: &[0.75, 0.05, 0.05, 0.15],
        term_frequency: false,
    },
];

/// Number of comparisons.
pub const N: usize = 8;

/// Index of each comparison in a level vector.
pub mod idx {
    /// first-name
    pub const FIRST: usize = 0;
    /// last-name
    pub const LAST: usize = 1;
    /// structure-name
    pub const STRUCTURE: usize = 2;
    /// birth-date
    pub const BIRTH: usize = 3;
    /// email
    pub const EMAIL: usize = 4;
    /// phone
    pub const PHONE: usize = 5;
    /// address
    pub const ADDRESS: usize = 6;
    /// postcode-town
    pub const POSTCODE: usize = 7;
}

/// The levels of a pair, and whether first and last names were read swapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Levels {
    /// Level per comparison (0: no value on one side).
    pub level: [u8; N],
    /// The first name of one record was compared with the last name of the other.
    pub swapped: bool,
}

impl Levels {
    /// The levels packed in 4 bits each (for counting patterns).
    pub fn pattern(&self) -> u32 {
        self.level
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, l)| acc | (u32::from(*l) << (4 * i)))
    }

    /// Unpacks [`Levels::pattern`].
    pub fn from_pattern(p: u32) -> [u8; N] {
        let mut level = [0u8; N];
        for (i, l) in level.iter_mut().enumerate() {
            *l = ((p >> (4 * i)) & 0xF) as u8;
        }
        level
    }
}

/// Which name of a record.
#[derive(Debug, Clone, Copy)]
enum Field {
    First,
    Last,
}

/// Compares records with what is derived from their values.
pub struct Comparer<'a> {
    /// The records.
    pub records: &'a Records,
    /// Derived values.
    pub derived: &'a Derived,
    /// Nicknames.
    pub nicknames: &'a Nicknames,
    /// Comparisons left out (`ignore`).
    pub ignored: [bool; N],
}

/// Jaro-Winkler from which two names are "similar" (one typo in a name of 6–8 letters).
const SIMILAR: f64 = 0.92;
/// Jaro-Winkler from which two names are "alike".
const ALIKE: f64 = 0.80;

impl Comparer<'_> {
    /// The levels of records `a` and `b`.
    pub fn levels(&self, a: usize, b: usize) -> Levels {
        let r = self.records;
        let mut out = Levels::default();
        let person = r.kind[a] != Kind::Structure && r.kind[b] != Kind::Structure;
        if person {
            let first = |i: usize| self.name(Field::First, i);
            let last = |i: usize| self.name(Field::Last, i);
            let straight = (
                self.first_name(first(a), first(b)),
                self.last_name(last(a), last(b)),
            );
            // Swapped only when it reads clearly better: both names agree that way.
            let better = |(f, l): (u8, u8)| {
                let good = |x: u8, limit: u8| x >= 1 && x <= limit;
                (good(f, 3) as u8) + (good(l, 3) as u8)
            };
            let swapped = if better(straight) < 2 {
                (
                    self.first_name(first(a), last(b)),
                    self.last_name(last(a), first(b)),
                )
            } else {
                (0, 0)
            };
            if better(swapped) == 2 && better(straight) < 2 {
                out.level[idx::FIRST] = swapped.0;
                out.level[idx::LAST] = swapped.1;
                out.swapped = true;
            } else {
                out.level[idx::FIRST] = straight.0;
                out.level[idx::LAST] = straight.1;
            }
            out.level[idx::BIRTH] = birth_date(r.birth[a], r.birth[b]);
        }
        if r.kind[a] != Kind::Individual && r.kind[b] != Kind::Individual {
            out.level[idx::STRUCTURE] = self.structure_name(r.structure[a], r.structure[b]);
        }
        out.level[idx::EMAIL] = self.email(&r.emails[a], &r.emails[b]);
        if matches!(out.level[idx::EMAIL], 2 | 3) && self.local_part_is_the_name(a, b) {
            // `reto.mueller@` at two providers says no more than the two names already said:
            // namesakes get the same address at another provider.
            out.level[idx::EMAIL] = 0;
        }
        out.level[idx::PHONE] = self.phone(&r.phones[a], &r.phones[b]);
        out.level[idx::ADDRESS] = self.address(r.address[a], r.address[b]);
        out.level[idx::POSTCODE] = self.postcode_town(a, b);
        for (level, ignored) in out.level.iter_mut().zip(self.ignored) {
            if ignored {
                *level = 0;
            }
        }
        out
    }

    /// A first or last name of record `i`: its text and phonetic codes (`None`: none).
    fn name(&self, field: Field, i: usize) -> Option<(&str, &Phonetic)> {
        let r = self.records;
        let (values, sounds, id) = match field {
            Field::First => (&r.first_values, &self.derived.first_sound, r.first[i]),
            Field::Last => (&r.last_values, &self.derived.last_sound, r.last[i]),
        };
        (id != 0).then(|| (values.text[id as usize].as_str(), &sounds[id as usize]))
    }

    fn first_name(&self, a: Option<(&str, &Phonetic)>, b: Option<(&str, &Phonetic)>) -> u8 {
        let (Some((x, sx)), Some((y, sy))) = (a, b) else {
            return 0;
        };
        if x == y {
            return 1;
        }
        if self.nicknames.related(x, y) {
            return 2;
        }
        let jw = jaro_winkler(x, y);
        // `Stephanie`/`Stefanie`: spelled apart, heard alike.
        let heard = sx.agrees(sy) && x.chars().next() == y.chars().next() && jw >= ALIKE;
        if jw >= SIMILAR || heard || compound_part(x, y) {
            return 3;
        }
        if is_initial_of(x, y) || is_initial_of(y, x) {
            return 4;
        }
        if jw >= ALIKE {
            return 5;
        }
        6
    }

    fn last_name(&self, a: Option<(&str, &Phonetic)>, b: Option<(&str, &Phonetic)>) -> u8 {
        let (Some((x, sx)), Some((y, sy))) = (a, b) else {
            return 0;
        };
        if x == y {
            return 1;
        }
        // Sounding alike counts only for names of the same beginning: `Maier`/`Meyer`, not
        // `Martin`/`Mardon`.
        if sx.agrees(sy) && x.chars().next() == y.chars().next() {
            return 2;
        }
        let jw = jaro_winkler(x, y);
        if jw >= SIMILAR || within_one_edit(x, y) || compound_part(x, y) {
            return 3;
        }
        if jw >= ALIKE {
            return 4;
        }
        5
    }

    fn structure_name(&self, a: u32, b: u32) -> u8 {
        if a == 0 || b == 0 {
            return 0;
        }
        if a == b {
            return 1;
        }
        let (x, y) = (
            self.records.structure_values.text[a as usize].as_str(),
            self.records.structure_values.text[b as usize].as_str(),
        );
        if jaro_winkler(x, y) >= SIMILAR || within_one_edit(x, y) {
            return 2;
        }
        let wx: Vec<&str> = x.split(' ').filter(|w| w.len() > 2).collect();
        let wy: Vec<&str> = y.split(' ').filter(|w| w.len() > 2).collect();
        let shared = wx.iter().filter(|w| wy.contains(w)).count();
        if shared > 0 && shared * 2 >= wx.len().max(wy.len()) {
            return 3;
        }
        4
    }

    fn email(&self, a: &[u32; MULTI], b: &[u32; MULTI]) -> u8 {
        let mut best = 0u8;
        for &x in a.iter().filter(|x| **x != 0) {
            for &y in b.iter().filter(|y| **y != 0) {
                let level = if x == y {
                    1
                } else {
                    let (lx, dx) = &self.derived.email_parts[x as usize];
                    let (ly, dy) = &self.derived.email_parts[y as usize];
                    if lx == ly && !generic_local_part(lx) {
                        2
                    } else if dx == dy && jaro_winkler(lx, ly) >= SIMILAR {
                        3
                    } else {
                        4
                    }
                };
                if best == 0 || level < best {
                    best = level;
                }
            }
        }
        best
    }

    /// Whether both records have the same first and last name and an e-mail local part made
    /// of those names only (`reto.mueller`, `mueller.reto`, `r.mueller`, `retomueller`).
    fn local_part_is_the_name(&self, a: usize, b: usize) -> bool {
        let r = self.records;
        fn text(values: &super::records::Values, id: u32) -> &str {
            values.text[id as usize].as_str()
        }
        let (fa, la) = (
            text(&r.first_values, r.first[a]),
            text(&r.last_values, r.last[a]),
        );
        let (fb, lb) = (
            text(&r.first_values, r.first[b]),
            text(&r.last_values, r.last[b]),
        );
        if fa.is_empty() || la.is_empty() || fa != fb || la != lb {
            return false;
        }
        let letters = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        let (first, last) = (letters(fa), letters(la));
        let initial: String = first.chars().take(1).collect();
        let forms = [
            format!("{first}{last}"),
            format!("{last}{first}"),
            format!("{initial}{last}"),
            format!("{last}{initial}"),
            last.clone(),
        ];
        r.emails[a].iter().filter(|e| **e != 0).any(|e| {
            let local = letters(&super::normalize::fold_name(
                &self.derived.email_parts[*e as usize].0,
            ));
            forms.contains(&local)
        })
    }

    fn phone(&self, a: &[u32; MULTI], b: &[u32; MULTI]) -> u8 {
        let mut best = 0u8;
        for &x in a.iter().filter(|x| **x != 0) {
            for &y in b.iter().filter(|y| **y != 0) {
                let level = if x == y {
                    1
                } else {
                    let px = &self.records.phone_values.text[x as usize];
                    let py = &self.records.phone_values.text[y as usize];
                    if last_digits(px, 8) == last_digits(py, 8) {
                        2
                    } else {
                        3
                    }
                };
                if best == 0 || level < best {
                    best = level;
                }
            }
        }
        best
    }

    fn address(&self, a: u32, b: u32) -> u8 {
        if a == 0 || b == 0 {
            return 0;
        }
        if a == b {
            return 1;
        }
        let x = &self.records.address_values.text[a as usize];
        let y = &self.records.address_values.text[b as usize];
        let wx: Vec<&str> = x.split(' ').collect();
        let wy: Vec<&str> = y.split(' ').collect();
        let shared = wx.iter().filter(|w| wy.contains(w)).count();
        let union = wx.len() + wy.len() - shared;
        // Same house number and street words mostly shared, or one typo in the whole line.
        let numbers_agree = wx
            .iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .all(|w| wy.contains(w));
        if (numbers_agree && shared * 10 >= union * 6) || within_one_edit(x, y) {
            return 2;
        }
        3
    }

    fn postcode_town(&self, a: usize, b: usize) -> u8 {
        let r = self.records;
        let (ca, cb) = (r.country[a], r.country[b]);
        if ca != 0 && cb != 0 && ca != cb {
            return 4;
        }
        let zip = (r.zip[a] != 0 && r.zip[b] != 0).then(|| r.zip[a] == r.zip[b]);
        let town = (r.town[a] != 0 && r.town[b] != 0).then(|| r.town[a] == r.town[b]);
        match (zip, town) {
            (None, None) => 0,
            (Some(true), Some(true)) => 1,
            (Some(true), _) => 2,
            (_, Some(true)) => 3,
            _ => 4,
        }
    }
}

/// `jean` in `jean pierre`: one name is a whole word of the other.
fn compound_part(x: &str, y: &str) -> bool {
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    short.len() >= 3 && long.contains(' ') && long.split(' ').any(|w| w == short)
}

/// `j` or `j p` of `jean pierre`.
fn is_initial_of(initials: &str, name: &str) -> bool {
    let letters: Vec<&str> = initials.split(' ').collect();
    if !letters.iter().all(|l| l.chars().count() == 1) {
        return false;
    }
    let words: Vec<&str> = name.split(' ').collect();
    letters.len() <= words.len() && letters.iter().zip(&words).all(|(l, w)| w.starts_with(l))
}

/// Local parts shared by many people: `info@`, `contact@`.
fn generic_local_part(local: &str) -> bool {
    matches!(
        local,
        "info"
            | "contact"
            | "office"
            | "mail"
            | "admin"
            | "hello"
            | "sales"
            | "kontakt"
            | "bureau"
            | "accueil"
            | "service"
            | "noreply"
            | "no-reply"
            | "team"
            | "secretariat"
    )
}

fn last_digits(number: &str, n: usize) -> &str {
    let digits = number.trim_start_matches('+');
    &digits[digits.len().saturating_sub(n)..]
}

/// Jaro-Winkler similarity, as strsim computes it, without its allocations for names of up
/// to 64 ASCII characters (what folded names are): strsim allocates two flag vectors a call,
/// and comparing four name pairs per candidate made that most of the time at a million
/// contacts. Longer or non-ASCII texts go to strsim.
pub fn jaro_winkler(x: &str, y: &str) -> f64 {
    let (a, b) = (x.as_bytes(), y.as_bytes());
    if !x.is_ascii() || !y.is_ascii() || a.len() > 64 || b.len() > 64 {
        return strsim::jaro_winkler(x, y);
    }
    let jaro = jaro_ascii(a, b);
    if jaro <= 0.7 {
        return jaro;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(p, q)| p == q).count();
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

fn jaro_ascii(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for (j, cb) in b.iter().enumerate().take(hi).skip(lo) {
            if b_flags & (1 << j) == 0 && ca == cb {
                a_flags |= 1 << i;
                b_flags |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, ca) in a.iter().enumerate() {
        if a_flags & (1 << i) == 0 {
            continue;
        }
        while b_flags & (1 << j) == 0 {
            j += 1;
        }
        if *ca != b[j] {
            transpositions += 1;
        }
        j += 1;
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0
}

/// Whether two texts are at most one edit apart (one substitution, insertion, deletion, or
/// transposition of neighbours): Damerau-Levenshtein ≤ 1 without building its matrix. strsim's
/// `damerau_levenshtein` allocated a hash map and a matrix per call and made comparing take
/// 3.4 µs a pair on 100,000 contacts.
pub fn within_one_edit(x: &str, y: &str) -> bool {
    if x.is_ascii() && y.is_ascii() {
        return within_one_edit_bytes(x.as_bytes(), y.as_bytes());
    }
    let (x, y): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
    within_one_edit_bytes(&x, &y)
}

fn within_one_edit_bytes<T: PartialEq>(x: &[T], y: &[T]) -> bool {
    let (x, y) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if y.len() - x.len() > 1 {
        return false;
    }
    let prefix = x.iter().zip(y).take_while(|(a, b)| a == b).count();
    if prefix == x.len() {
        return true; // equal, or one character appended
    }
    if x.len() == y.len() {
        // One substitution, or two neighbours swapped.
        let (xs, ys) = (&x[prefix..], &y[prefix..]);
        xs[1..] == ys[1..]
            || (xs.len() >= 2 && xs[0] == ys[1] && xs[1] == ys[0] && xs[2..] == ys[2..])
    } else {
        // One character inserted in the longer.
        x[prefix..] == y[prefix + 1..]
    }
}

/// Birth dates as yyyymmdd.
fn birth_date(a: u32, b: u32) -> u8 {
    if a == 0 || b == 0 {
        return 0;
    }
    if a == b {
        return 1;
    }
    let (ya, ma, da) = (a / 10_000, a / 100 % 100, a % 100);
    let (yb, mb, db) = (b / 10_000, b / 100 % 100, b % 100);
    if ya == yb && ma == db && da == mb {
        return 2;
    }
    let digits = |v: u32| -> [u8; 8] {
        let mut d = [0u8; 8];
        let mut v = v;
        for slot in d.iter_mut().rev() {
            *slot = (v % 10) as u8;
            v /= 10;
        }
        d
    };
    if within_one_edit_bytes(&digits(a), &digits(b)) {
        return 3;
    }
    4
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedupe::records::{Origin, RawContact};

    fn records(rows: &[RawContact]) -> Records {
        let mut r = Records::new();
        for (i, raw) in rows.iter().enumerate() {
            r.push(
                Origin::Run {
                    seq: i as u64,
                    row: i as u64 + 1,
                },
                &i.to_string(),
                raw,
            );
        }
        r
    }

    fn levels(a: RawContact, b: RawContact) -> Levels {
        let r = records(&[a, b]);
        let d = Derived::of(&r);
        let n = Nicknames::builtin();
        Comparer {
            records: &r,
            derived: &d,
            nicknames: &n,
            ignored: [false; N],
        }
        .levels(0, 1)
    }

    fn person<'a>(first: &'a str, last: &'a str) -> RawContact<'a> {
        RawContact {
            first: Some(first),
            last: Some(last),
            ..RawContact::default()
        }
    }

    #[test]
    fn names_fold_swap_and_nicknames() {
        let l = levels(person("Jürgen", "Müller"), person("JUERGEN", "MULLER"));
        assert_eq!((l.level[idx::FIRST], l.level[idx::LAST]), (1, 1));
        let l = levels(person("Anna", "Keller"), person("Keller", "Anna"));
        assert!(l.swapped);
        assert_eq!((l.level[idx::FIRST], l.level[idx::LAST]), (1, 1));
        let l = levels(person("William", "Smith"), person("Bill", "Smith"));
        assert_eq!(l.level[idx::FIRST], 2);
        let l = levels(person("Stephanie", "Meier"), person("Stefanie", "Mayer"));
        assert_eq!((l.level[idx::FIRST], l.level[idx::LAST]), (3, 2));
        let l = levels(person("J.", "Dupont"), person("Jean", "Dupont"));
        assert_eq!(l.level[idx::FIRST], 4);
        let l = levels(person("Paul", "Dupont"), person("Marie", "Weber"));
        assert_eq!((l.level[idx::FIRST], l.level[idx::LAST]), (6, 5));
        assert_eq!(l.level[idx::BIRTH], 0, "no birth date: no level");
    }

    #[test]
    fn jaro_winkler_agrees_with_strsim() {
        let names = [
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "jellyfish",
            "smellyfish",
            "muller",
            "mueller",
            "a",
            "",
            "stephanie",
            "stefanie",
            "jean pierre",
            "jean",
            "ab",
            "ba",
            "zoe",
            "zoë",
        ];
        for x in names {
            for y in names {
                let (ours, theirs) = (jaro_winkler(x, y), strsim::jaro_winkler(x, y));
                assert!((ours - theirs).abs() < 1e-12, "{x} {y}: {ours} vs {theirs}");
            }
        }
    }

    #[test]
    fn one_edit_apart_is_damerau_levenshtein_at_most_one() {
        for (x, y, within) in [
            ("muller", "muller", true),
            ("muller", "mueller", true),
            ("muller", "mulelr", true),
            ("muller", "mulxer", true),
            ("muller", "mull", false),
            ("muller", "mlluer", false),
            ("zoë", "zoé", true),
            ("", "a", true),
            ("ab", "ba", true),
            ("abc", "cab", false),
        ] {
            assert_eq!(within_one_edit(x, y), within, "{x} {y}");
            assert_eq!(
                strsim::damerau_levenshtein(x, y) <= 1,
                within,
                "strsim agrees on {x} {y}"
            );
        }
    }

    #[test]
    fn dates_emails_phones_and_places() {
        let with = |birth, email, phone, zip, town| RawContact {
            birth: Some(birth),
            emails: [Some(email), None, None],
            phones: [Some(phone), None, None],
            zip: Some(zip),
            town: Some(town),
            ..person("A", "B")
        };
        let l = levels(
            with(
                "03.04.1970",
                "ab70@x.ch",
                "+41213456789",
                "1000",
                "Lausanne",
            ),
            with("04.03.1970", "AB70@y.ch", "0213456789", "1000", "LAUSANNE"),
        );
        assert_eq!(l.level[idx::BIRTH], 2);
        assert_eq!(l.level[idx::EMAIL], 2);
        assert_eq!(l.level[idx::PHONE], 2);
        assert_eq!(l.level[idx::POSTCODE], 1);
        // A local part that only spells the two names says nothing the names did not.
        let l = levels(
            with("03.04.1970", "a.b@x.ch", "+41213456789", "1000", "Lausanne"),
            with("03.04.1970", "b.a@y.ch", "+41213456789", "1000", "Lausanne"),
        );
        assert_eq!(
            l.level[idx::EMAIL],
            4,
            "different local parts stay different"
        );
        let l = levels(
            with("03.04.1970", "a.b@x.ch", "+41213456789", "1000", "Lausanne"),
            with("03.04.1970", "a.b@y.ch", "+41213456789", "1000", "Lausanne"),
        );
        assert_eq!(l.level[idx::EMAIL], 0);
        let l = levels(
            with(
                "03.04.1970",
                "info@x.ch",
                "+41213456789",
                "1000",
                "Lausanne",
            ),
            with(
                "03.04.1971",
                "info@y.ch",
                "+41213456789",
                "1004",
                "Lausanne",
            ),
        );
        assert_eq!(l.level[idx::BIRTH], 3);
        assert_eq!(l.level[idx::EMAIL], 4, "info@ is nobody's own");
        assert_eq!(l.level[idx::PHONE], 1);
        assert_eq!(l.level[idx::POSTCODE], 3);
    }

    #[test]
    fn people_and_structures_are_compared_on_what_they_are() {
        let company = |name| RawContact {
            structure: Some(name),
            ..RawContact::default()
        };
        let l = levels(company("Dupont SA"), company("DUPONT"));
        assert_eq!(l.level[idx::STRUCTURE], 1);
        assert_eq!(l.level[idx::FIRST], 0);
        let l = levels(company("Weber GmbH"), person("Hans", "Weber"));
        assert_eq!(l.level[idx::STRUCTURE], 0);
        assert_eq!(l.level[idx::LAST], 0);
    }
}
