//! What the comparisons see: names folded (case, diacritics, German umlaut spellings),
//! structure names without their legal form, phonetic keys, nicknames, e-mail parts, dates.

use std::collections::HashMap;

use rphonetic::{Cologne, DoubleMetaphone, Encoder, Phonex};
use unicode_normalization::UnicodeNormalization;

/// A name folded for comparison: lower case, diacritics gone, `ae`/`oe`/`ue` read as the
/// umlaut they spell and `ß` as `ss`, every run of other characters one space.
/// `Müller`, `Mueller` and `MULLER` all fold to `muller`.
pub fn fold_name(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut space = false;
    for c in value.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ł' | 'Ł' => out.push('l'),
            c if c.is_alphanumeric() => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.extend(c.to_lowercase());
            }
            _ => space = true,
        }
    }
    umlaut_spellings(&out)
}

/// `ae`, `oe`, `ue` → `a`, `o`, `u` (German spelling of ä, ö, ü without the dots), except
/// after a vowel or `q`, where they are two letters (`Rouet`, `Raphael`, `Manuel` keep theirs
/// only in that position; both sides fold the same way, so equality is what counts).
fn umlaut_spellings(folded: &str) -> String {
    let bytes = folded.as_bytes();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b'a' | b'o' | b'u')
            && bytes.get(i + 1) == Some(&b'e')
            && !(i > 0 && matches!(bytes[i - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b'q'))
        {
            out.push(c as char);
            i += 2;
            continue;
        }
        // Folded text is ASCII letters, digits, spaces, or other scripts' letters.
        let ch = folded[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Legal forms left out of structure names (folded, as whole words): `Dupont SA` = `Dupont`.
pub const LEGAL_FORMS: &[&str] = &[
    "sa",
    "ag",
    "gmbh",
    "g m b h",
    "sarl",
    "s a r l",
    "sarl",
    "sas",
    "sasu",
    "eurl",
    "snc",
    "sci",
    "scs",
    "sca",
    "spa",
    "s p a",
    "srl",
    "s r l",
    "sagl",
    "snc",
    "sas",
    "ltd",
    "limited",
    "plc",
    "llc",
    "inc",
    "corp",
    "co",
    "kg",
    "ohg",
    "gbr",
    "ug",
    "ev",
    "e v",
    "eg",
    "bv",
    "nv",
    "sl",
    "s l",
    "sa de cv",
    "ab",
    "as",
    "oy",
    "kft",
    "sro",
    "s r o",
    "asbl",
    "association",
    "verein",
    "stiftung",
    "fondation",
    "fondazione",
    "foundation",
    "cie",
    "et cie",
    "und co",
    "co kg",
    "gmbh co kg",
    "ltda",
    "sc",
    "scop",
];

/// A structure name folded, without legal forms, `&`/`et`/`und`/`and`/`the`/`la`/`le`.
pub fn fold_structure(value: &str) -> String {
    let folded = fold_name(value);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        // Longest legal form spelled as several one-letter words first (`g m b h`).
        for form in LEGAL_FORMS {
            let parts: Vec<&str> = form.split(' ').collect();
            if words.len() >= i + parts.len() && words[i..i + parts.len()] == parts[..] {
                i += parts.len();
                continue 'words;
            }
        }
        if !matches!(
            words[i],
            "et" | "und" | "and" | "the" | "la" | "le" | "les" | "der" | "die" | "das" | "il"
        ) {
            kept.push(words[i]);
        }
        i += 1;
    }
    if kept.is_empty() {
        folded
    } else {
        kept.join(" ")
    }
}

/// Phonetic keys of a folded name: Cologne phonetics (German), Phonex (French) and the
/// primary Double Metaphone code (English and the rest). Two names sound alike when any of
/// the three agree and is not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Phonetic {
    /// Kölner Phonetik.
    pub cologne: String,
    /// Phonex.
    pub phonex: String,
    /// Double Metaphone, primary.
    pub metaphone: String,
}

/// The phonetic encoders, built once.
pub struct PhoneticEncoders {
    cologne: Cologne,
    phonex: Phonex,
    metaphone: DoubleMetaphone,
}

impl Default for PhoneticEncoders {
    fn default() -> Self {
        PhoneticEncoders {
            cologne: Cologne,
            phonex: Phonex::default(),
            metaphone: DoubleMetaphone::new(Some(6)),
        }
    }
}

impl PhoneticEncoders {
    /// The keys of a folded name (letters only are encoded).
    pub fn encode(&self, folded: &str) -> Phonetic {
        let letters: String = folded.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        if letters.is_empty() {
            return Phonetic::default();
        }
        Phonetic {
            cologne: self.cologne.encode(&letters),
            phonex: self.phonex.encode(&letters),
            metaphone: self.metaphone.encode(&letters),
        }
    }
}

impl Phonetic {
    /// Whether any of the keys agree.
    pub fn agrees(&self, other: &Phonetic) -> bool {
        let same = |a: &str, b: &str| !a.is_empty() && a == b;
        same(&self.cologne, &other.cologne)
            || same(&self.phonex, &other.phonex)
            || same(&self.metaphone, &other.metaphone)
    }
}

/// First names and their nicknames, both folded: a name maps to the canonical forms it may
/// stand for (`bob` → `robert`; `robert` → `robert`).
#[derive(Debug, Clone, Default)]
pub struct Nicknames {
    canonical: HashMap<String, Vec<String>>,
}

/// The built-in table: `name,nickname` lines, common in French, German, Italian and English.
pub const BUILTIN_NICKNAMES: &str = include_str!("data/nicknames.csv");

impl Nicknames {
    /// The built-in table.
    pub fn builtin() -> Nicknames {
        let mut n = Nicknames::default();
        n.add_csv(BUILTIN_NICKNAMES)
            .expect("the built-in nickname table is well formed");
        n
    }

    /// Adds `name,nickname` lines (a header line `name,nickname` is skipped). Returns the
    /// number of pairs added, or the first bad line.
    pub fn add_csv(&mut self, text: &str) -> Result<usize, String> {
        let mut added = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, nick)) = line.split_once([',', ';', '\t']) else {
                return Err(format!(
                    "line {}: expected `name,nickname`, found {line:?}",
                    i + 1
                ));
            };
            let (name, nick) = (fold_name(name), fold_name(nick));
            if i == 0 && name == "name" {
                continue;
            }
            if name.is_empty() || nick.is_empty() {
                return Err(format!("line {}: an empty name in {line:?}", i + 1));
            }
            for (k, v) in [(nick.clone(), name.clone()), (name.clone(), name)] {
                let entry = self.canonical.entry(k).or_default();
                if !entry.contains(&v) {
                    entry.push(v);
                }
            }
            added += 1;
        }
        Ok(added)
    }

    /// Whether two different folded first names are a name and its nickname (or two nicknames
    /// of one name).
    pub fn related(&self, a: &str, b: &str) -> bool {
        match (self.canonical.get(a), self.canonical.get(b)) {
            (Some(x), Some(y)) => x.iter().any(|n| y.contains(n)),
            _ => false,
        }
    }

    /// Number of names known.
    pub fn len(&self) -> usize {
        self.canonical.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
    }
}

/// A date as `(year, month, day)` from `dd.mm.yyyy` (what the BIRTHDATE rule writes) or
/// `yyyy-mm-dd`.
pub fn parse_date(value: &str) -> Option<(u16, u8, u8)> {
    let v = value.trim();
    let parts: Vec<&str> = v.split(['.', '-', '/']).collect();
    if parts.len() != 3 {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    let (d, m, y) = if parts[0].len() == 4 {
        (n(parts[2])?, n(parts[1])?, n(parts[0])?)
    } else {
        (n(parts[0])?, n(parts[1])?, n(parts[2])?)
    };
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) || !(1000..=9999).contains(&y) {
        return None;
    }
    Some((y as u16, m as u8, d as u8))
}

/// The digits of a phone number, `+` kept (E.164 after the phone rules).
pub fn phone_digits(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

/// An e-mail address lower-cased and split at its last `@`: (local part, domain).
pub fn email_parts(value: &str) -> Option<(String, String)> {
    let v = value.trim().to_lowercase();
    let (local, domain) = v.rsplit_once('@')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    // `jean.dupont+tickets` is `jean.dupont`'s.
    let local = local.split('+').next().unwrap_or(local);
    Some((local.to_string(), domain.to_string()))
}

/// Address words folded, house numbers kept, common street-type words read alike
/// (`Strasse`/`Str`/`Straße`, `Rue`, `Avenue`/`Av`, `Via`, `Road`/`Rd`).
pub fn address_tokens(value: &str) -> Vec<String> {
    let folded = fold_name(value);
    let mut tokens: Vec<String> = Vec::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        // German compounds: `Bahnhofstrasse` = `Bahnhofstr` = `Bahnhof strasse`.
        let w = w
            .strip_suffix("strasse")
            .or_else(|| w.strip_suffix("str"))
            .filter(|s| !s.is_empty())
            .inspect(|_| tokens.push("str".to_string()))
            .unwrap_or(w);
        let t = match w {
            "strasse" | "str" => "str",
            // Folded: `avenue` reads `avenu`, `rue` reads `ru` (the umlaut spellings).
            "avenu" | "av" | "ave" => "av",
            "boulevard" | "bd" | "blvd" => "bd",
            "chemin" | "ch" => "ch",
            "route" | "rte" => "rte",
            "place" | "pl" => "pl",
            "road" | "rd" => "rd",
            "street" | "st" => "st",
            "piazza" | "p" | "pza" => "pza",
            "viale" | "v" => "viale",
            "de" | "du" | "des" | "la" | "le" | "les" | "di" | "del" | "della" | "the" | "d"
            | "l" => continue,
            other => other,
        };
        tokens.push(t.to_string());
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_diacritics_and_case_fold_alike() {
        assert_eq!(fold_name("Müller"), "muller");
        assert_eq!(fold_name("Mueller"), "muller");
        assert_eq!(fold_name("MULLER"), "muller");
        assert_eq!(fold_name("Bérénice"), "berenice");
        assert_eq!(fold_name("Strauß"), "strauss");
        assert_eq!(fold_name("  Jean-Pierre "), "jean pierre");
        assert_eq!(fold_name("Manuel"), fold_name("MANUEL"));
        assert_eq!(fold_name("Raphaël"), fold_name("RAPHAEL"));
    }

    #[test]
    fn legal_forms_are_left_out_of_structure_names() {
        assert_eq!(fold_structure("Dupont SA"), "dupont");
        assert_eq!(fold_structure("Weber G.m.b.H."), "weber");
        assert_eq!(fold_structure("Weber GmbH & Co. KG"), "weber");
        assert_eq!(fold_structure("Martin Sàrl"), "martin");
        assert_eq!(fold_structure("Rossi S.p.A."), "rossi");
        assert_eq!(fold_structure("Smith Limited"), "smith");
        // A name that is only a legal form stays what it is.
        assert_eq!(fold_structure("SA"), "sa");
    }

    #[test]
    fn phonetic_keys_hear_french_and_german_spellings() {
        let p = PhoneticEncoders::default();
        assert!(p.encode("meier").agrees(&p.encode("mayer")));
        assert!(p.encode("schmidt").agrees(&p.encode("schmitt")));
        assert!(p.encode("thibault").agrees(&p.encode("thibaut")));
        assert!(!p.encode("martin").agrees(&p.encode("weber")));
        assert_eq!(p.encode("").cologne, "");
    }

    #[test]
    fn nicknames_relate_both_ways_and_through_the_name() {
        let mut n = Nicknames::default();
        n.add_csv("name,nickname\nRobert,Bob\nRobert,Rob\nJohannes,Hans\n")
            .unwrap();
        assert!(n.related("bob", "robert"));
        assert!(n.related("robert", "bob"));
        assert!(n.related("bob", "rob"));
        assert!(!n.related("bob", "hans"));
        assert!(n.add_csv("Robert\n").is_err());
        assert!(Nicknames::builtin().related("bill", "william"));
    }

    #[test]
    fn dates_emails_phones_and_addresses() {
        assert_eq!(parse_date("14.03.1975"), Some((1975, 3, 14)));
        assert_eq!(parse_date("1975-03-14"), Some((1975, 3, 14)));
        assert_eq!(parse_date("32.01.1975"), None);
        assert_eq!(
            email_parts("Jean.Dupont+shop@Bluewin.ch"),
            Some(("jean.dupont".into(), "bluewin.ch".into()))
        );
        assert_eq!(email_parts("nobody"), None);
        assert_eq!(phone_digits("+41 21 345 67 89"), "+41213456789");
        assert_eq!(
            address_tokens("Bahnhofstrasse 12"),
            address_tokens("Bahnhofstr. 12")
        );
        assert_eq!(
            address_tokens("12, Avenue de la Gare"),
            address_tokens("Av. Gare 12")
        );
    }
}
