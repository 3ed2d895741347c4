//! Phone numbers: parsing of legacy TELEPHONE/FAX/CELLPHONE values (spec §2.6) with the
//! libphonenumber data of the `rlibphonenumber` crate, and formatting for the SecuTix file.
//!
//! [`check_phone`] accepts what legacy systems contain: `+41 22 123 45 67`, `0041221234567`,
//! `022/123.45.67`, `(33)0134806517` (SecuTix's forced country code), `+49 (0)30 1234567`,
//! national numbers read with the row's country ... and rejects, with a reason a customer
//! understands, junk (`n/a`, `000`, `keine`), extensions (`ext. 12`, SecuTix cannot store
//! them), several numbers in one field, letters, numbers the numbering plan does not know
//! and values longer than SecuTix's `Text 15`.
//!
//! `rlibphonenumber` replaced the `phonenumber` crate (issue 15), which read Italian mobiles
//! starting 39x as `+39` plus a short number, lost Italian leading zeros, matched number
//! patterns at their start only (accepting extra trailing digits), and serialised all
//! pattern matching on one mutex. Calls into the library are guarded against panics: it
//! panics on a bad pattern in its metadata, and an odd row must not abort a migration. The
//! corpus in `data/phone_corpus.tsv` holds what the numbering plans expect (see
//! `phone_corpus.rs`).
//!
//! Performance (debug build, dependencies at opt-level 1, `timing` test): about 9 µs per
//! Swiss number, 8 µs for a mix of 8 countries; the library takes no lock, so several
//! threads go faster.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use regex::Regex;
use rlibphonenumber::{
    NotANumberError, NumberLengthType, ParseError, PhoneNumber, PhoneNumberFormat, PhoneNumberType,
    Region, ValidationError, PHONE_NUMBER_UTIL,
};

/// Maximum length of TELEPHONE, FAX and CELLPHONE in the SecuTix file (`Text 15`).
pub const MAX_PHONE_LEN: usize = 15;

/// What kind of line a number is, as far as the libphonenumber data knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    /// A mobile number.
    Mobile,
    /// A fixed line.
    Landline,
    /// The numbering plan does not tell mobile and fixed numbers apart (USA, Canada ...).
    MobileOrLandline,
    /// A free phone number (`0800 ...`).
    TollFree,
    /// Anything else the plan knows: premium rate, shared cost, VoIP, personal, pager,
    /// corporate (UAN, e.g. Swiss `058`) ...
    Other,
}

/// How phone numbers are written in the SecuTix file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneStyle {
    /// `+41221234567`.
    #[default]
    E164,
    /// `(41)221234567`: the form SecuTix documents for forcing a country code.
    ForcedCountry,
    /// `0221234567`: the national form, digits only. A number whose country calling code
    /// differs from the row's country (or when the row has no country) cannot be written
    /// nationally without changing its meaning; it is written in the
    /// [`PhoneStyle::ForcedCountry`] form instead.
    National,
}

/// A valid phone number, formatted for SecuTix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// The number in the requested [`PhoneStyle`], at most [`MAX_PHONE_LEN`] characters.
    pub value: String,
    /// The kind of line.
    pub kind: LineKind,
    /// ISO alpha-2 code of the number's region (`None` for non-geographic numbers such as
    /// `+800`).
    pub region: Option<String>,
}

/// The outcome of [`check_phone`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneCheck {
    /// A valid number.
    Valid(Phone),
    /// Not usable; `reason` says why ("not a phone number", "too short for CH", "not a valid
    /// number for DE", "has an extension ('ext. 12'): SecuTix cannot store extensions" ...).
    Invalid {
        /// Why, in words a customer understands.
        reason: String,
    },
}

/// The reason given when a national number cannot be read for lack of a country.
pub const NO_COUNTRY_REASON: &str = "no country: set COUNTRY or [institution] country";

/// The reason given when an international prefix is not followed by a calling code.
const NO_CALLING_CODE: &str = "no country calling code after '+' or '00'";

/// An extension at the end: `ext. 12`, `x12`, `poste 12`, `Durchwahl 12`, `#12` ...
static EXTENSION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}])((?:extension|extn|ext|ex|poste|post|durchwahl|dw|interne|intern|int|x|#)\s*[.:]?\s*\d{1,6})\s*$",
    )
    .expect("EXTENSION_RE compiles")
});

/// Separators between two numbers written in one field.
static SEVERAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[;,|/]|\s(?:or|ou|oder|od\.|o|u\.|und|et|and|&)\s")
        .expect("SEVERAL_RE compiles")
});

/// SecuTix's forced country code at the start: `(33)0134806517`.
static FORCED_COUNTRY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\s*(\d{1,3})\s*\)").expect("FORCED_COUNTRY_RE compiles"));

/// The `(0)` trunk marker of `+49 (0)30 1234567`.
static TRUNK_MARKER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(\[]\s*0\s*[)\]]").expect("TRUNK_MARKER_RE compiles"));

/// Parses a raw legacy phone value. `country` is the row's ISO alpha-2 COUNTRY, else the
/// institution's; it is case-insensitive, and an unknown code is treated as absent.
///
/// International numbers (leading `+` or `00`, or SecuTix's `(33)` forced country code) do
/// not need `country`; national numbers do.
pub fn check_phone(raw: &str, country: Option<&str>, style: PhoneStyle) -> PhoneCheck {
    match analyse(raw, country, style) {
        Ok(phone) => PhoneCheck::Valid(phone),
        Err(reason) => PhoneCheck::Invalid { reason },
    }
}

/// For CELLPHONE: whether `kind` may stand in a mobile column (Mobile or MobileOrLandline).
pub fn fits_mobile_column(kind: LineKind) -> bool {
    matches!(kind, LineKind::Mobile | LineKind::MobileOrLandline)
}

/// For TELEPHONE/FAX: whether `kind` may stand in a landline column (everything but Mobile),
/// so the caller can warn on a mobile number in TELEPHONE.
pub fn fits_landline_column(kind: LineKind) -> bool {
    kind != LineKind::Mobile
}

/// The row's country as the library knows it, with its country calling code.
fn known_country(country: Option<&str>) -> Option<(Region, u16)> {
    let region = Region::from_code(country?.trim()).ok()?;
    let code = PHONE_NUMBER_UTIL.get_country_code_for_region(region)?;
    Some((region, u16::try_from(code).ok()?))
}

fn analyse(raw: &str, country: Option<&str>, style: PhoneStyle) -> Result<Phone, String> {
    let text = raw.trim();
    refuse_junk_and_extensions(text)?;
    refuse_several_numbers(text, country, style)?;
    refuse_odd_characters(text)?;
    let row = known_country(country);
    let reading = read_number(text, row)?;
    let value = written(&reading, row, style)?;
    if value.len() > MAX_PHONE_LEN {
        return Err(format!(
            "'{value}' is {} characters long, SecuTix stores at most {MAX_PHONE_LEN}",
            value.len()
        ));
    }
    Ok(Phone {
        value,
        kind: reading.kind,
        region: reading.region,
    })
}

/// Empty values, too few digits, only zeros, and a number followed by an extension.
fn refuse_junk_and_extensions(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("empty".to_string());
    }
    let digit_count = text.chars().filter(char::is_ascii_digit).count();
    if digit_count < 3 || text.chars().filter(char::is_ascii_digit).all(|c| c == '0') {
        return Err("not a phone number".to_string());
    }
    if let Some(ext) = EXTENSION_RE.captures(text).and_then(|c| c.get(1)) {
        // Only when what precedes looks like a number (not "x1" alone).
        let before = text[..ext.start()]
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        if before >= 6 {
            return Err(format!(
                "has an extension ('{}'): SecuTix cannot store extensions",
                ext.as_str().trim()
            ));
        }
    }
    Ok(())
}

/// Several numbers: two or more pieces that are valid numbers on their own. A separator
/// inside one number ("0049 30 / 1234567", "022/123.45.67") does not count. The pieces hold
/// no separator, so the recursion through [`analyse`] is one level deep.
fn refuse_several_numbers(
    text: &str,
    country: Option<&str>,
    style: PhoneStyle,
) -> Result<(), String> {
    let parts: Vec<&str> = SEVERAL_RE.split(text).collect();
    if parts.len() < 2 {
        return Ok(());
    }
    let valid_parts = parts
        .iter()
        .filter(|part| part.chars().filter(char::is_ascii_digit).count() >= 6)
        .filter(|part| analyse(part, country, style).is_ok())
        .count();
    if valid_parts >= 2 {
        return Err("several numbers in one field".to_string());
    }
    Ok(())
}

/// Letters, characters no phone number contains, and a `+` anywhere but at the start.
fn refuse_odd_characters(text: &str) -> Result<(), String> {
    if let Some(start) = text.find(char::is_alphabetic) {
        let word: String = text[start..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        return Err(format!("contains text ('{word}')"));
    }
    if let Some(c) = text.chars().find(|&c| !is_phone_char(c)) {
        return Err(format!("character '{c}' not allowed in a phone number"));
    }
    let plus_count = text.matches('+').count();
    if plus_count > 1 || (plus_count == 1 && !text.starts_with('+')) {
        return Err("misplaced '+'".to_string());
    }
    Ok(())
}

/// A number the library read and found valid.
struct Reading {
    number: PhoneNumber,
    code: u16,
    /// The national significant number, with Italian leading zeros.
    nsn: String,
    kind: LineKind,
    region: Option<String>,
}

/// Reads a number written internationally without the row's country, a national one with
/// it: an international number read with a country would lose that country's trunk prefix
/// when both share it (and the row's country says nothing about a `+39` number).
fn read_number(text: &str, row: Option<(Region, u16)>) -> Result<Reading, String> {
    let (international, body) = dialled_digits(text, row.map(|(_, code)| code));
    let parsed = if international {
        // "+0041 ...": the IDD written after the plus goes too.
        let body = if text.starts_with('+') {
            body.strip_prefix("00").unwrap_or(&body)
        } else {
            &body
        };
        if body.is_empty() || body.starts_with('0') {
            return Err(NO_CALLING_CODE.to_string());
        }
        parse(&format!("+{body}"), None)
    } else {
        let Some((region, _)) = row else {
            return Err(NO_COUNTRY_REASON.to_string());
        };
        parse(&body, Some(region))
    };
    let row_place = row.map(|(region, _)| region.as_region_str().to_string());
    let number = parsed.map_err(|e| parse_error_reason(e, international, &body, row_place))?;
    if number.extension.as_deref().is_some_and(|e| !e.is_empty()) {
        return Err("has an extension: SecuTix cannot store extensions".to_string());
    }
    classify(number)
}

/// International (a leading `+` or `00`, or SecuTix's `(33)`) or not, and the digits to
/// dial after the `+` or `00`, without the `(0)` trunk marker.
fn dialled_digits(text: &str, row_code: Option<u16>) -> (bool, String) {
    if let Some((code, rest)) = forced_country_code(text, row_code) {
        (true, digits_after_trunk_marker(&format!("{code}{rest}")))
    } else if let Some(rest) = text.strip_prefix('+') {
        (true, digits_after_trunk_marker(rest))
    } else {
        let digits = only_digits(text);
        match digits.strip_prefix("00") {
            Some(rest) => (true, digits_after_trunk_marker_in_digits(text, rest)),
            None => (false, digits),
        }
    }
}

/// The line type and region of a parsed number; an error when the plan does not know it.
fn classify(number: PhoneNumber) -> Result<Reading, String> {
    let code = u16::try_from(number.country_code).unwrap_or_default();
    let nsn = number.get_national_significant_number();
    let Some((kind, region)) = guarded(|| (number.get_type(), number.get_region_code())) else {
        return Err("could not be checked (phone library error)".to_string());
    };
    let kind = match kind {
        PhoneNumberType::Unknown => return Err(invalid_number_reason(&number, code)),
        PhoneNumberType::Mobile => LineKind::Mobile,
        PhoneNumberType::FixedLine => LineKind::Landline,
        PhoneNumberType::FixedLineOrMobile => LineKind::MobileOrLandline,
        PhoneNumberType::TollFree => LineKind::TollFree,
        _ => LineKind::Other,
    };
    let region = region
        .filter(|r| *r != Region::World)
        .map(|r| r.as_region_str().to_string());
    Ok(Reading {
        number,
        code,
        nsn,
        kind,
        region,
    })
}

/// The number in `style`.
fn written(
    reading: &Reading,
    row: Option<(Region, u16)>,
    style: PhoneStyle,
) -> Result<String, String> {
    let Reading {
        number, code, nsn, ..
    } = reading;
    let same_code_as_row = row.is_some_and(|(_, row_code)| row_code == *code);
    Ok(match style {
        PhoneStyle::E164 => format!("+{code}{nsn}"),
        PhoneStyle::ForcedCountry => format!("({code}){nsn}"),
        PhoneStyle::National if same_code_as_row => {
            let national =
                guarded(|| number.format_as(PhoneNumberFormat::National).into_owned())
                    .ok_or_else(|| "could not be formatted (phone library error)".to_string())?;
            only_digits(&national)
        }
        PhoneStyle::National => format!("({code}){nsn}"),
    })
}

/// Separators legacy data uses inside a phone number; every one of them is dropped.
fn is_phone_char(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_whitespace()
        || matches!(
            c,
            '+' | '('
                | ')'
                | '['
                | ']'
                | '.'
                | '-'
                | '/'
                | '\''
                | '_'
                | ','
                | ';'
                | ':'
                | '|'
                | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00B7}'
        )
}

fn only_digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The digits of an international number's rest, without the `(0)` trunk marker, except in
/// a country whose numbers keep their leading 0 after the country code (Italy, San Marino,
/// Vatican): there `+39 (0)2 …` dials the 0.
fn digits_after_trunk_marker(rest: &str) -> String {
    let kept = only_digits(&TRUNK_MARKER_RE.replace_all(rest, "0"));
    if keeps_leading_zero(&kept) {
        kept
    } else {
        only_digits(&TRUNK_MARKER_RE.replace_all(rest, ""))
    }
}

/// Whether dialled digits (after `+` or `00`) are of a country that keeps its leading 0.
fn keeps_leading_zero(digits: &str) -> bool {
    let d = digits.strip_prefix("00").unwrap_or(digits);
    ["39", "378", "379"].iter().any(|code| d.starts_with(code))
}

/// Same for a number written with `00`: the marker is looked for in the original text.
fn digits_after_trunk_marker_in_digits(text: &str, fallback: &str) -> String {
    if TRUNK_MARKER_RE.is_match(text) {
        let digits = digits_after_trunk_marker(text);
        digits.strip_prefix("00").unwrap_or(&digits).to_string()
    } else {
        fallback.to_string()
    }
}

/// `(33)0134806517` → `Some((33, "0134806517"))`. A parenthesised group starting with `0`
/// is an area code (`(0114) 847 8346`), and so is a 3-digit group when the row's country
/// uses the North American plan (`(212) 555-1234` in the USA). A group that is no country
/// calling code at all (`(22) 123 45 67`) is not taken as one either.
fn forced_country_code(text: &str, row_code: Option<u16>) -> Option<(u16, &str)> {
    let caps = FORCED_COUNTRY_RE.captures(text)?;
    let group = caps.get(1)?.as_str();
    if group.starts_with('0') || (row_code == Some(1) && group.len() == 3) {
        return None;
    }
    let code: u16 = group.parse().ok()?;
    PHONE_NUMBER_UTIL.get_region_for_country_code(code.into())?;
    Some((code, &text[caps.get(0)?.end()..]))
}

/// Runs a call into the phone library; `None` if it panicked (see the module doc).
fn guarded<T>(call: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(call)).ok()
}

/// `PHONE_NUMBER_UTIL.parse`, never panicking.
fn parse(text: &str, region: Option<Region>) -> Result<PhoneNumber, ParseError> {
    guarded(|| PHONE_NUMBER_UTIL.parse(text, region)).unwrap_or(Err(ParseError::NotANumber(
        NotANumberError::NotMatchedValidNumberPattern,
    )))
}

fn parse_error_reason(
    error: ParseError,
    international: bool,
    body: &str,
    row_place: Option<String>,
) -> String {
    use ParseError as E;
    let place = row_place.unwrap_or_else(|| "its country".to_string());
    match error {
        E::InvalidCountryCode if international => {
            let shown: String = body.chars().take(3).collect();
            format!("unknown country calling code (+{shown}...)")
        }
        E::TooShortNsn | E::TooShortAfterIdd if !international => format!("too short for {place}"),
        E::TooShortNsn | E::TooShortAfterIdd => "too short".to_string(),
        E::TooLongNsn => "too long".to_string(),
        _ => "not a phone number".to_string(),
    }
}

/// Why a parsed number is not valid: its length, measured against ordinary (fixed and
/// mobile) numbers of its country, which say best what is too short or long, or its digits.
fn invalid_number_reason(number: &PhoneNumber, code: u16) -> String {
    let place = match PHONE_NUMBER_UTIL.get_region_for_country_code(code.into()) {
        Some(region) if region != Region::World => region.as_region_str().to_string(),
        _ => format!("+{code}"),
    };
    let length = guarded(|| {
        PHONE_NUMBER_UTIL
            .is_possible_number_for_type_with_reason(number, PhoneNumberType::FixedLineOrMobile)
    });
    match length {
        // A local-only length lacks its area code.
        Some(Err(ValidationError::TooShort) | Ok(NumberLengthType::IsPossibleLocalOnly)) => {
            format!("too short for {place}")
        }
        Some(Err(ValidationError::TooLong)) => format!("too long for {place}"),
        _ => format!("not a valid number for {place}"),
    }
}

/// The phone corpus: the numbering plans' expectations, in `data/phone_corpus.tsv`.
#[cfg(test)]
#[path = "phone_corpus.rs"]
mod corpus;

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(value: &str, kind: LineKind, region: &str) -> PhoneCheck {
        PhoneCheck::Valid(Phone {
            value: value.to_string(),
            kind,
            region: Some(region.to_string()),
        })
    }

    fn bad(reason: &str) -> PhoneCheck {
        PhoneCheck::Invalid {
            reason: reason.to_string(),
        }
    }

    use LineKind::*;

    /// Fails with every mismatch of a table, so one run shows them all.
    fn assert_table(failures: Vec<String>) {
        assert!(
            failures.is_empty(),
            "{} case(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn valid_numbers_in_e164() {
        let cases: &[(&str, Option<&str>, &str, LineKind, &str)] = &[
            // Switzerland
            (
                "+41 22 123 45 67",
                Some("CH"),
                "+41221234567",
                Landline,
                "CH",
            ),
            ("+41 22 123 45 67", None, "+41221234567", Landline, "CH"),
            (
                "+41 22 123 45 67",
                Some("DE"),
                "+41221234567",
                Landline,
                "CH",
            ),
            ("0041221234567", Some("CH"), "+41221234567", Landline, "CH"),
            ("0041221234567", None, "+41221234567", Landline, "CH"),
            ("0041 (0)22 123 45 67", None, "+41221234567", Landline, "CH"),
            ("0041 22 / 123 45 67", None, "+41221234567", Landline, "CH"),
            (
                "0049 30 / 1234567",
                Some("CH"),
                "+49301234567",
                Landline,
                "DE",
            ),
            ("+41 (0)22 123 45 67", None, "+41221234567", Landline, "CH"),
            ("+41 (0) 22 123 45 67", None, "+41221234567", Landline, "CH"),
            ("+41 [0]22 123 45 67", None, "+41221234567", Landline, "CH"),
            ("+41 022 123 45 67", None, "+41221234567", Landline, "CH"),
            ("+0041 22 123 45 67", None, "+41221234567", Landline, "CH"),
            ("+00 41 22 123 45 67", None, "+41221234567", Landline, "CH"),
            ("022/123.45.67", Some("CH"), "+41221234567", Landline, "CH"),
            ("022 123 45 67", Some("CH"), "+41221234567", Landline, "CH"),
            ("022 123 45 67", Some("ch"), "+41221234567", Landline, "CH"),
            (
                " 022-123-45-67 ",
                Some(" Ch "),
                "+41221234567",
                Landline,
                "CH",
            ),
            (
                "022\u{a0}123\u{a0}45\u{a0}67",
                Some("CH"),
                "+41221234567",
                Landline,
                "CH",
            ),
            (
                "022 – 123 45 67",
                Some("CH"),
                "+41221234567",
                Landline,
                "CH",
            ),
            (
                "(022) 123 45 67",
                Some("CH"),
                "+41221234567",
                Landline,
                "CH",
            ),
            ("0221234567", Some("CH"), "+41221234567", Landline, "CH"),
            ("22 123 45 67", Some("CH"), "+41221234567", Landline, "CH"),
            (
                "41 22 123 45 67",
                Some("CH"),
                "+41221234567",
                Landline,
                "CH",
            ),
            ("022 123 45 67;", Some("CH"), "+41221234567", Landline, "CH"),
            ("079 123 45 67", Some("CH"), "+41791234567", Mobile, "CH"),
            ("+41 79 123 45 67", Some("FR"), "+41791234567", Mobile, "CH"),
            // A national number read with the wrong country can be valid there too.
            ("079 123 45 67", Some("FR"), "+33791234567", Mobile, "FR"),
            ("0800 123 456", Some("CH"), "+41800123456", TollFree, "CH"),
            ("0900 123 456", Some("CH"), "+41900123456", Other, "CH"),
            ("058 123 45 67", Some("CH"), "+41581234567", Other, "CH"),
            // SecuTix forced country code
            ("(33)0134806517", None, "+33134806517", Landline, "FR"),
            ("(33)0134806517", Some("CH"), "+33134806517", Landline, "FR"),
            ("(33)0677744594", Some("CH"), "+33677744594", Mobile, "FR"),
            (
                "(33) 1 34 80 65 17",
                Some("CH"),
                "+33134806517",
                Landline,
                "FR",
            ),
            ("(41)(0)22 123 45 67", None, "+41221234567", Landline, "CH"),
            ("(39)0212345678", None, "+390212345678", Landline, "IT"),
            (
                "(1) 212 555 1234",
                None,
                "+12125551234",
                MobileOrLandline,
                "US",
            ),
            // Area code in parentheses, not a country code
            (
                "(0114) 222 2000",
                Some("GB"),
                "+441142222000",
                Landline,
                "GB",
            ),
            (
                "(0114) 222 2000",
                Some("gb"),
                "+441142222000",
                Landline,
                "GB",
            ),
            (
                "(212) 555-1234",
                Some("US"),
                "+12125551234",
                MobileOrLandline,
                "US",
            ),
            (
                "(416) 555-1234",
                Some("CA"),
                "+14165551234",
                MobileOrLandline,
                "CA",
            ),
            // France
            ("01 40 15 80 00", Some("FR"), "+33140158000", Landline, "FR"),
            ("0169395090", Some("FR"), "+33169395090", Landline, "FR"),
            ("06 88 48 87 10", Some("FR"), "+33688488710", Mobile, "FR"),
            ("+33 6 88 48 87 10", None, "+33688488710", Mobile, "FR"),
            ("+33 (0)6 88 48 87 10", None, "+33688488710", Mobile, "FR"),
            ("+330688488710", Some("CH"), "+33688488710", Mobile, "FR"),
            // Germany
            ("030-1234567", Some("DE"), "+49301234567", Landline, "DE"),
            (
                "030 / 123 45 67",
                Some("DE"),
                "+49301234567",
                Landline,
                "DE",
            ),
            ("+49 (0)30 1234567", None, "+49301234567", Landline, "DE"),
            (
                "+49 (0)30 1234567",
                Some("CH"),
                "+49301234567",
                Landline,
                "DE",
            ),
            (
                "0049 30 1234567",
                Some("CH"),
                "+49301234567",
                Landline,
                "DE",
            ),
            ("0176 12345678", Some("DE"), "+4917612345678", Mobile, "DE"),
            (
                "+49 176 12345678",
                Some("IT"),
                "+4917612345678",
                Mobile,
                "DE",
            ),
            // Italy: the leading 0 is part of the number, even internationally.
            ("+39 02 1234 5678", None, "+390212345678", Landline, "IT"),
            (
                "+39 02 1234 5678",
                Some("CH"),
                "+390212345678",
                Landline,
                "IT",
            ),
            (
                "+39 02 1234 5678",
                Some("IT"),
                "+390212345678",
                Landline,
                "IT",
            ),
            ("02 1234 5678", Some("IT"), "+390212345678", Landline, "IT"),
            (
                "0039 06 1234 5678",
                Some("CH"),
                "+390612345678",
                Landline,
                "IT",
            ),
            ("+39 333 123 4567", None, "+393331234567", Mobile, "IT"),
            ("333 123 4567", Some("IT"), "+393331234567", Mobile, "IT"),
            // UK, Austria, USA
            ("+44 20 7946 0958", None, "+442079460958", Landline, "GB"),
            ("020 7946 0958", Some("GB"), "+442079460958", Landline, "GB"),
            ("07912 345678", Some("GB"), "+447912345678", Mobile, "GB"),
            ("+43 1 234 56 78", None, "+4312345678", Landline, "AT"),
            (
                "+1 650 253 0000",
                Some("CH"),
                "+16502530000",
                MobileOrLandline,
                "US",
            ),
            (
                "650-253-0000",
                Some("US"),
                "+16502530000",
                MobileOrLandline,
                "US",
            ),
            (
                "1 650 253 0000",
                Some("US"),
                "+16502530000",
                MobileOrLandline,
                "US",
            ),
            (
                "011 41 22 123 45 67",
                Some("US"),
                "+41221234567",
                Landline,
                "CH",
            ),
        ];
        let mut failures = Vec::new();
        for (raw, country, value, kind, region) in cases {
            let got = check_phone(raw, *country, PhoneStyle::E164);
            if got != ok(value, *kind, region) {
                failures.push(format!(
                    "{raw:?} {country:?}: got {got:?}, expected {value}"
                ));
            }
        }
        assert_table(failures);
    }

    #[test]
    fn styles() {
        use PhoneStyle::*;
        let cases: &[(&str, Option<&str>, PhoneStyle, &str)] = &[
            ("022 123 45 67", Some("CH"), E164, "+41221234567"),
            ("022 123 45 67", Some("CH"), ForcedCountry, "(41)221234567"),
            ("022 123 45 67", Some("CH"), National, "0221234567"),
            ("079 123 45 67", Some("CH"), National, "0791234567"),
            ("+33 6 88 48 87 10", Some("FR"), National, "0688488710"),
            (
                "+33 6 88 48 87 10",
                Some("FR"),
                ForcedCountry,
                "(33)688488710",
            ),
            ("(33)0134806517", Some("FR"), National, "0134806517"),
            ("030-1234567", Some("DE"), National, "0301234567"),
            ("0176 12345678", Some("DE"), National, "017612345678"),
            (
                "0176 12345678",
                Some("DE"),
                ForcedCountry,
                "(49)17612345678",
            ),
            ("+39 02 1234 5678", Some("IT"), National, "0212345678"),
            (
                "+39 02 1234 5678",
                Some("IT"),
                ForcedCountry,
                "(39)0212345678",
            ),
            ("+39 333 123 4567", Some("IT"), National, "3331234567"),
            ("020 7946 0958", Some("GB"), National, "02079460958"),
            ("(212) 555-1234", Some("US"), National, "2125551234"),
            ("+1 416 555 1234", Some("US"), National, "4165551234"),
            // Foreign to the row (or no row country): national would change the meaning.
            ("+33 6 88 48 87 10", Some("CH"), National, "(33)688488710"),
            ("+39 02 1234 5678", Some("CH"), National, "(39)0212345678"),
            ("+41 22 123 45 67", None, National, "(41)221234567"),
            ("+41 22 123 45 67", Some("XX"), National, "(41)221234567"),
        ];
        let mut failures = Vec::new();
        for (raw, country, style, value) in cases {
            let got = check_phone(raw, *country, *style);
            if !matches!(&got, PhoneCheck::Valid(phone) if phone.value == *value) {
                failures.push(format!(
                    "{raw:?} {country:?} {style:?}: got {got:?}, expected {value}"
                ));
            }
        }
        assert_table(failures);
    }

    #[test]
    fn invalid_numbers_and_reasons() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            // Empty and junk
            ("", Some("CH"), "empty"),
            ("   ", Some("CH"), "empty"),
            ("n/a", Some("CH"), "not a phone number"),
            ("N/A", None, "not a phone number"),
            ("-", Some("CH"), "not a phone number"),
            ("?", Some("CH"), "not a phone number"),
            ("0", Some("CH"), "not a phone number"),
            ("000", Some("CH"), "not a phone number"),
            ("00 00 00 00 00", Some("FR"), "not a phone number"),
            ("+", Some("CH"), "not a phone number"),
            ("keine", Some("DE"), "not a phone number"),
            ("aucun", Some("FR"), "not a phone number"),
            ("tbd", Some("CH"), "not a phone number"),
            ("xxx", Some("CH"), "not a phone number"),
            ("same", Some("CH"), "not a phone number"),
            ("--- ---", Some("CH"), "not a phone number"),
            // Too short / too long / not in the numbering plan
            ("123", Some("CH"), "too short for CH"),
            ("1", Some("CH"), "not a phone number"),
            ("12", Some("CH"), "not a phone number"),
            ("12345", Some("CH"), "too short for CH"),
            ("022 123 45", Some("CH"), "too short for CH"),
            ("+41 79 123 45 6", None, "too short for CH"),
            ("+41 22 123 45 678", None, "too long for CH"),
            ("022 123 45 67 89", Some("CH"), "too long for CH"),
            ("012 345 67 89", Some("CH"), "not a valid number for CH"),
            ("01 23 45 67", Some("FR"), "too short for FR"),
            ("012 345 678", Some("ES"), "not a valid number for ES"),
            ("0000 123456", Some("DE"), NO_CALLING_CODE),
            ("+0 22 123 45 67", None, NO_CALLING_CODE),
            ("00 0 22 123 45 67", Some("CH"), NO_CALLING_CODE),
            ("+49 10 1234567", None, "not a valid number for DE"),
            ("07700 900123", Some("GB"), "not a valid number for GB"),
            (
                "+999 1234567",
                None,
                "unknown country calling code (+999...)",
            ),
            (
                "00999 1234567",
                Some("CH"),
                "unknown country calling code (+999...)",
            ),
            ("+1 253 0000", None, "too short for US"),
            // No country
            ("022 123 45 67", None, NO_COUNTRY_REASON),
            ("022 123 45 67", Some(""), NO_COUNTRY_REASON),
            ("022 123 45 67", Some("XX"), NO_COUNTRY_REASON),
            ("022 123 45 67", Some("UK"), NO_COUNTRY_REASON),
            ("022 123 45 67", Some("Switzerland"), NO_COUNTRY_REASON),
            ("41221234567", None, NO_COUNTRY_REASON),
            ("(22) 123 45 67", None, NO_COUNTRY_REASON),
            ("(0114) 222 2000", None, NO_COUNTRY_REASON),
            // Extensions
            (
                "+41 22 123 45 67 ext. 12",
                None,
                "has an extension ('ext. 12'): SecuTix cannot store extensions",
            ),
            (
                "022 123 45 67 x12",
                Some("CH"),
                "has an extension ('x12'): SecuTix cannot store extensions",
            ),
            (
                "022 123 45 67x12",
                Some("CH"),
                "has an extension ('x12'): SecuTix cannot store extensions",
            ),
            (
                "01 40 15 80 00 poste 123",
                Some("FR"),
                "has an extension ('poste 123'): SecuTix cannot store extensions",
            ),
            (
                "030 1234567 Durchwahl 12",
                Some("DE"),
                "has an extension ('Durchwahl 12'): SecuTix cannot store extensions",
            ),
            (
                "+1 650 253 0000 #123",
                None,
                "has an extension ('#123'): SecuTix cannot store extensions",
            ),
            (
                "+1 650 253 0000 EXT: 4",
                None,
                "has an extension ('EXT: 4'): SecuTix cannot store extensions",
            ),
            // Several numbers
            (
                "022 123 45 67 / 079 123 45 67",
                Some("CH"),
                "several numbers in one field",
            ),
            (
                "022 123 45 67; 079 123 45 67",
                Some("CH"),
                "several numbers in one field",
            ),
            (
                "+41 22 123 45 67 ou +41 79 123 45 67",
                None,
                "several numbers in one field",
            ),
            (
                "030 1234567 oder 0176 12345678",
                Some("DE"),
                "several numbers in one field",
            ),
            (
                "022 123 45 67 / 021 123 45 67 / 079 123 45 67",
                Some("CH"),
                "several numbers in one field",
            ),
            // An appended alternative ending is not a second number: too long as one.
            ("022 123 45 67 / 68", Some("CH"), "too long for CH"),
            ("022 123 45 67 / 079 123 45", Some("CH"), "too long for CH"),
            // Letters and odd characters
            ("Tel. 022 123 45 67", Some("CH"), "contains text ('Tel')"),
            (
                "022 123 45 67 (privé)",
                Some("CH"),
                "contains text ('privé')",
            ),
            ("1-800-FLOWERS", Some("US"), "contains text ('FLOWERS')"),
            (
                "079 123 45 67 abends",
                Some("CH"),
                "contains text ('abends')",
            ),
            (
                "*22 123 45 67",
                Some("CH"),
                "character '*' not allowed in a phone number",
            ),
            (
                "022 123 45 67!",
                Some("CH"),
                "character '!' not allowed in a phone number",
            ),
            ("022 123 45 67 +", Some("CH"), "misplaced '+'"),
            ("++41 22 123 45 67", None, "misplaced '+'"),
            // Longer than Text 15
            (
                "+43 664 1234567890",
                None,
                "'+436641234567890' is 16 characters long, SecuTix stores at most 15",
            ),
            (
                "+49 30 123456789012",
                None,
                "'+4930123456789012' is 17 characters long, SecuTix stores at most 15",
            ),
        ];
        let mut failures = Vec::new();
        for (raw, country, reason) in cases {
            let got = check_phone(raw, *country, PhoneStyle::E164);
            if got != bad(reason) {
                failures.push(format!(
                    "{raw:?} {country:?}: got {got:?}, expected {reason:?}"
                ));
            }
        }
        assert_table(failures);
    }

    #[test]
    fn length_limit_depends_on_the_style() {
        // 15 digits after the country code's brackets: too long in ForcedCountry only.
        assert_eq!(
            check_phone("+43 664 123456789", None, PhoneStyle::E164),
            ok("+43664123456789", Mobile, "AT")
        );
        assert_eq!(
            check_phone("+43 664 123456789", None, PhoneStyle::ForcedCountry),
            bad("'(43)664123456789' is 16 characters long, SecuTix stores at most 15")
        );
        assert_eq!(
            check_phone("0664 123456789", Some("AT"), PhoneStyle::National),
            ok("0664123456789", Mobile, "AT")
        );
    }

    #[test]
    fn column_fit() {
        let cases = [
            (Mobile, true, false),
            (Landline, false, true),
            (MobileOrLandline, true, true),
            (TollFree, false, true),
            (Other, false, true),
        ];
        for (kind, mobile, landline) in cases {
            assert_eq!(fits_mobile_column(kind), mobile, "{kind:?}");
            assert_eq!(fits_landline_column(kind), landline, "{kind:?}");
        }
    }

    #[test]
    fn serde_names() {
        assert_eq!(
            serde_json::to_string(&[Mobile, Landline, MobileOrLandline, TollFree, Other]).unwrap(),
            r#"["mobile","landline","mobile-or-landline","toll-free","other"]"#
        );
        assert_eq!(
            serde_json::to_string(&[
                PhoneStyle::E164,
                PhoneStyle::ForcedCountry,
                PhoneStyle::National
            ])
            .unwrap(),
            r#"["e164","forced-country","national"]"#
        );
        let style: PhoneStyle = serde_json::from_str(r#""forced-country""#).unwrap();
        assert_eq!(style, PhoneStyle::ForcedCountry);
        assert_eq!(PhoneStyle::default(), PhoneStyle::E164);
    }

    /// Timing of parse + format (prints µs per number, also on 2 threads, and the invalid
    /// numbers per generated kind); run with
    /// `cargo test --lib quality::phone::tests::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing() {
        use std::collections::BTreeMap;
        use std::time::Instant;
        const N: usize = 100_000;
        let swiss: Vec<(String, &str)> = (0..N)
            .map(|i| {
                let area = [22, 79, 31, 44, 76][i % 5];
                (
                    format!("0{area} {:03} {:02} {:02}", 100 + i % 900, i % 97, i % 89),
                    "CH",
                )
            })
            .collect();
        let mixed: Vec<(String, &str)> = (0..N)
            .map(|i| match i % 8 {
                0 => (format!("022 {:03} 45 67", 100 + i % 900), "CH"),
                1 => (format!("+33 6 {:02} 48 87 10", i % 100), "CH"),
                2 => (format!("030 {:07}", 1_000_000 + i), "DE"),
                3 => (format!("+39 02 {:04} 5678", i % 10_000), "CH"),
                4 => (format!("020 7946 {:04}", i % 10_000), "GB"),
                5 => (format!("(212) 555-{:04}", i % 10_000), "US"),
                6 => (format!("+43 1 {:07}", i), "CH"),
                _ => (
                    format!("{} {:04} {:04}", 6 + i % 3, i % 10_000, i % 7_000),
                    "ES",
                ),
            })
            .collect();
        let run = |numbers: &[(String, &str)]| -> (f64, usize) {
            let start = Instant::now();
            let valid = numbers
                .iter()
                .filter(|(s, c)| {
                    matches!(
                        check_phone(s, Some(c), PhoneStyle::National),
                        PhoneCheck::Valid(_)
                    )
                })
                .count();
            (
                start.elapsed().as_secs_f64() * 1e6 / numbers.len() as f64,
                valid,
            )
        };
        // Every region's example fixed and mobile numbers: patterns of all regions in use.
        let examples: Vec<String> = PHONE_NUMBER_UTIL
            .get_supported_regions()
            .flat_map(|region| {
                [PhoneNumberType::FixedLine, PhoneNumberType::Mobile]
                    .into_iter()
                    .filter_map(move |t| {
                        PHONE_NUMBER_UTIL
                            .get_example_number_for_type_and_region(region, t)
                            .ok()
                    })
                    .map(|n| format!("+{}{}", n.country_code, n.get_national_significant_number()))
            })
            .collect();
        let world: Vec<(String, &str)> = (0..N)
            .map(|i| (examples[i % examples.len()].clone(), "CH"))
            .collect();
        let rss = || {
            std::fs::read_to_string("/proc/self/status")
                .unwrap_or_default()
                .lines()
                .find(|l| l.starts_with("VmRSS"))
                .unwrap_or_default()
                .to_string()
        };
        let rss_before = rss();
        let (world_us, world_valid) = run(&world);
        println!("memory {rss_before} -> {}", rss());
        println!(
            "{} example numbers of {} regions, cycled: {world_valid} valid of {N}, {world_us:.1} µs/number",
            examples.len(),
            PHONE_NUMBER_UTIL.get_supported_regions().len()
        );
        let (swiss_us, swiss_valid) = run(&swiss);
        let (mixed_us, mixed_valid) = run(&mixed);
        let start = Instant::now();
        std::thread::scope(|scope| {
            for half in mixed.chunks(N / 2) {
                scope.spawn(move || run(half));
            }
        });
        let threaded_us = start.elapsed().as_secs_f64() * 1e6 / N as f64;
        let mut invalid: BTreeMap<usize, (usize, String)> = BTreeMap::new();
        for (i, (s, c)) in mixed.iter().enumerate() {
            if let PhoneCheck::Invalid { reason } = check_phone(s, Some(c), PhoneStyle::E164) {
                let entry = invalid
                    .entry(i % 8)
                    .or_insert((0, format!("{s} ({c}): {reason}")));
                entry.0 += 1;
            }
        }
        println!("CH only: {swiss_valid} valid of {N}, {swiss_us:.1} µs/number");
        println!("mixed 8 countries: {mixed_valid} valid, {mixed_us:.1} µs/number");
        println!("mixed on 2 threads: {threaded_us:.1} µs/number (wall clock)");
        println!("invalid per kind: {invalid:?}");
    }
}
