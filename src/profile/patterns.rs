//! What a text value looks like: e-mail, phone (and its country), a date in a known format,
//! a postcode, a country, a language, a boolean, a number, digits with leading zeros. Each
//! detector looks at one trimmed, non-empty value; the profile counts the shares.

/// The patterns a value is tested for, in the order reports list them.
pub const PATTERNS: &[&str] = &[
    "email",
    "phone",
    "date",
    "postcode",
    "country",
    "language",
    "boolean",
    "number",
    "leading-zeros",
    "upper-case",
];

/// The date formats recognised, as `date()` of `[map]` spells them.
pub const DATE_FORMATS: &[&str] = &[
    "yyyy-mm-dd",
    "dd.mm.yyyy",
    "dd/mm/yyyy",
    "mm/dd/yyyy",
    "dd-mm-yyyy",
    "yyyymmdd",
];

/// Whether `v` is an e-mail address: one `@`, a local part, a dotted domain, no spaces.
pub fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.contains(char::is_whitespace)
}

/// The country a phone number names by its international prefix (`+41`, `0041`), `national`
/// for a number starting with one 0, `unknown` otherwise; `None` when `v` is no phone number
/// (6 to 15 digits, only `+ ( ) - . /` and spaces besides).
pub fn phone_country(v: &str) -> Option<&'static str> {
    if !v
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-./".contains(c))
    {
        return None;
    }
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    if !(6..=15).contains(&digits.len()) {
        return None;
    }
    let international = if let Some(rest) = v.trim_start().strip_prefix('+') {
        Some(
            rest.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>(),
        )
    } else {
        digits.strip_prefix("00").map(str::to_string)
    };
    let Some(number) = international else {
        return Some(if digits.starts_with('0') {
            "national"
        } else {
            "unknown"
        });
    };
    const PREFIXES: &[(&str, &str)] = &[
        ("41", "CH"),
        ("33", "FR"),
        ("49", "DE"),
        ("39", "IT"),
        ("43", "AT"),
        ("32", "BE"),
        ("352", "LU"),
        ("423", "LI"),
        ("31", "NL"),
        ("34", "ES"),
        ("351", "PT"),
        ("44", "GB"),
        ("1", "US/CA"),
    ];
    Some(
        PREFIXES
            .iter()
            .filter(|(p, _)| number.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map_or("other", |(_, c)| *c),
    )
}

fn valid_date(y: u32, m: u32, d: u32) -> bool {
    (1800..=2200).contains(&y) && chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
}

/// The formats of [`DATE_FORMATS`] that read `v` as a valid date (a day ≤ 12 reads both
/// `dd/mm/yyyy` and `mm/dd/yyyy`). A time after the date (`2024-01-31 10:00:00`) is allowed.
pub fn date_formats(v: &str) -> Vec<&'static str> {
    let date = v.split([' ', 'T']).next().unwrap_or(v);
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut found = Vec::new();
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (num(&date[..4]), num(&date[4..6]), num(&date[6..]));
        if let (Some(y), Some(m), Some(d)) = (y, m, d) {
            if valid_date(y, m, d) {
                found.push("yyyymmdd");
            }
        }
        return found;
    }
    for (separator, formats) in [
        ('-', ["yyyy-mm-dd", "dd-mm-yyyy"]),
        ('.', ["", "dd.mm.yyyy"]),
        ('/', ["", "dd/mm/yyyy"]),
    ] {
        let parts: Vec<&str> = date.split(separator).collect();
        if parts.len() != 3 {
            continue;
        }
        let (Some(a), Some(b), Some(c)) = (num(parts[0]), num(parts[1]), num(parts[2])) else {
            continue;
        };
        if parts[0].len() == 4 && !formats[0].is_empty() && valid_date(a, b, c) {
            found.push(formats[0]);
        }
        if parts[2].len() == 4 && valid_date(c, b, a) {
            found.push(formats[1]);
        }
        if separator == '/' && parts[2].len() == 4 && valid_date(c, a, b) {
            found.push("mm/dd/yyyy");
        }
    }
    found
}

/// Whether `v` looks like a postcode: 4 or 5 digits (CH, AT, BE, LU, DK; DE, FR, IT, ES).
pub fn is_postcode(v: &str) -> bool {
    (4..=5).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `v` is one of the usual spellings of a boolean.
pub fn is_boolean(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "0" | "1"
            | "true"
            | "false"
            | "t"
            | "f"
            | "yes"
            | "no"
            | "y"
            | "n"
            | "oui"
            | "non"
            | "ja"
            | "nein"
            | "si"
            | "x"
    )
}

/// Whether `v` is a number (an integer or a decimal with `.`, optionally signed).
pub fn is_number(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    !v.is_empty()
        && v.bytes().filter(|b| *b == b'.').count() <= 1
        && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && v.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `v` is digits with a leading zero that a number type would lose (`0041…`, `01234`).
pub fn has_leading_zero(v: &str) -> bool {
    v.len() > 1 && v.starts_with('0') && v.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `v` has letters and every one is upper case (`MÜLLER`, `ST. GALLEN`).
pub fn is_upper_case(v: &str) -> bool {
    v.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !v.chars().any(char::is_lowercase)
}

/// Every pattern `v` (trimmed, not empty) matches, with the date formats that read it.
pub fn matches(v: &str) -> (Vec<&'static str>, Vec<&'static str>, Option<&'static str>) {
    let mut found = Vec::new();
    if is_email(v) {
        found.push("email");
    }
    let dates = date_formats(v);
    let phone = phone_country(v);
    // A short digit string is rather a number or a postcode than a phone, and a date is a
    // date.
    if phone.is_some() && dates.is_empty() && v.chars().filter(char::is_ascii_digit).count() >= 8 {
        found.push("phone");
    }
    if !dates.is_empty() {
        found.push("date");
    }
    if is_postcode(v) {
        found.push("postcode");
    }
    // One letter is no country (`P` is Portugal's vehicle code, and a person's kind).
    if v.chars().count() >= 2 && crate::quality::country::country_code(v).is_some() {
        found.push("country");
    }
    if crate::quality::country::language_code(v).is_some() {
        found.push("language");
    }
    if is_boolean(v) {
        found.push("boolean");
    }
    if is_number(v) {
        found.push("number");
    }
    if has_leading_zero(v) {
        found.push("leading-zeros");
    }
    if is_upper_case(v) {
        found.push("upper-case");
    }
    let phone = phone.filter(|_| found.contains(&"phone"));
    (found, dates, phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_recognised() {
        assert!(is_email("anna.muster@example.ch"));
        assert!(!is_email("anna muster@example.ch") && !is_email("anna@localhost"));
        assert_eq!(phone_country("+41 79 123 45 67"), Some("CH"));
        assert_eq!(phone_country("0033 1 23 45 67 89"), Some("FR"));
        assert_eq!(phone_country("+352 26 12 34"), Some("LU"));
        assert_eq!(phone_country("079 123 45 67"), Some("national"));
        assert_eq!(phone_country("12ab"), None);
        assert_eq!(date_formats("2024-02-29"), ["yyyy-mm-dd"]);
        assert_eq!(date_formats("31.12.1999"), ["dd.mm.yyyy"]);
        assert_eq!(date_formats("03/04/2020"), ["dd/mm/yyyy", "mm/dd/yyyy"]);
        assert_eq!(date_formats("13/04/2020"), ["dd/mm/yyyy"]);
        assert_eq!(date_formats("19850304"), ["yyyymmdd"]);
        assert_eq!(date_formats("2023-02-30"), Vec::<&str>::new());
        assert_eq!(date_formats("2024-01-31 10:00:00"), ["yyyy-mm-dd"]);
        assert!(is_postcode("1003") && is_postcode("75001") && !is_postcode("123"));
        assert!(is_boolean("Oui") && is_boolean("0") && !is_boolean("maybe"));
        assert!(is_number("-12.5") && !is_number("1.2.3") && !is_number("."));
        assert!(has_leading_zero("01234") && !has_leading_zero("0"));
        let (found, _, _) = matches("Schweiz");
        assert_eq!(found, ["country"]);
        let (found, dates, _) = matches("12.03.1975");
        assert_eq!((found, dates), (vec!["date"], vec!["dd.mm.yyyy"]));
    }
}
