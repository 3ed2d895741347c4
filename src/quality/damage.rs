//! Spreadsheet damage, named per column: what Excel or LibreOffice does to a contact file
//! opened and saved again.
//!
//! A phone `+41914195111` becomes the number 41914195111, a postcode `06017` becomes 6017, a
//! contact number `000123` becomes 123, an 18-digit number becomes `1.23457E+17`, a date a
//! serial number or a US-style date, a boolean a word of the spreadsheet's language, a long
//! text is cut at a cell limit. Each is recognised from the values' shapes (the cell types of
//! a workbook are gone by the time its values are text) and reported once per column with its
//! count, first row and masked samples, as a *file problem*. What can be restored for certain
//! has a whole-column repair the migration opts into (`[rules.TELEPHONE] repairs =
//! ["restore-plus"]`, `[rules.ZIPCODE] repairs = ["restore-zeros"]`); contact numbers cannot
//! (their width is not known for certain), and the report says so.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::phone::{check_phone, PhoneCheck, PhoneStyle};
use crate::format::{ColumnKind, FormatProfile, ValueRule};
use crate::report::{mask_sample, FileProblem, Severity, MAX_SAMPLES};

/// A kind of damage a spreadsheet does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Damage {
    /// A phone number stored as a number: its `+` is gone.
    LostPlus,
    /// A phone number stored as a number: its leading `0` is gone.
    LostZero,
    /// A postcode shorter than its country's by leading zeros.
    ShortPostcode,
    /// Contact numbers shorter than the file's usual width: leading zeros lost.
    ShortContactNumber,
    /// A number shown in scientific notation (`1.23457E+17`): digits are lost.
    Scientific,
    /// A whole number with a trailing `.0`.
    TrailingPointZero,
    /// A date stored as the spreadsheet's serial day number.
    SerialDate,
    /// A date in another locale's order (`3/15/1970`).
    LocaleDate,
    /// A boolean in the spreadsheet's language (`WAHR`, `FAUX` …).
    SpreadsheetBoolean,
    /// A text exactly as long as a cell limit (255 or 32,767 characters): likely cut.
    CutAtLimit,
}

impl Damage {
    fn describe(self) -> &'static str {
        match self {
            Damage::LostPlus => "phone numbers that lost their leading '+' (stored as numbers); valid once it is restored",
            Damage::LostZero => "phone numbers that lost their leading 0 (stored as numbers); valid once it is restored for the row's country",
            Damage::ShortPostcode => "postcodes shorter than their country's by leading zeros (stored as numbers)",
            Damage::ShortContactNumber => "contact numbers shorter than the file's usual width: leading zeros lost (stored as numbers), and two numbers may now collide",
            Damage::Scientific => "numbers in scientific notation (digits are lost for good)",
            Damage::TrailingPointZero => "whole numbers with a trailing '.0' (stored as decimal numbers)",
            Damage::SerialDate => "dates stored as the spreadsheet's serial day numbers",
            Damage::LocaleDate => "dates written in another order (month first)",
            Damage::SpreadsheetBoolean => "booleans written in the spreadsheet's language",
            Damage::CutAtLimit => "texts exactly as long as a spreadsheet cell limit (255 or 32,767 characters): probably cut",
        }
    }

    fn remedy(self) -> &'static str {
        match self {
            Damage::LostPlus => "restore it with [rules.<column>] repairs = [\"restore-plus\"], or open the file with the column as text (see the README)",
            Damage::LostZero => "restore it with [rules.<column>] repairs = [\"restore-zero\"], or open the file with the column as text",
            Damage::ShortPostcode => "restore them with [rules.ZIPCODE] repairs = [\"restore-zeros\"], or open the file with the column as text",
            Damage::ShortContactNumber => "not repaired: the width cannot be known for certain; export the numbers again as text",
            Damage::Scientific => "not repairable: export the column again as text",
            Damage::TrailingPointZero => "format the column as text before saving, or drop the '.0' in the mapping",
            Damage::SerialDate | Damage::LocaleDate => "format the column as text dd.mm.yyyy before saving",
            Damage::SpreadsheetBoolean => "write TRUE or FALSE",
            Damage::CutAtLimit => "check the original text; save as CSV rather than in an older spreadsheet format",
        }
    }
}

/// How many, where first, and a few values, of one damage in one column.
#[derive(Debug, Default, Clone)]
struct Seen {
    count: u64,
    first_row: u64,
    samples: Vec<String>,
}

/// Finds spreadsheet damage batch by batch; [`DamageFinder::problems`] reports it.
#[derive(Debug, Default, Clone)]
pub struct DamageFinder {
    phones: Vec<String>,
    booleans: Vec<String>,
    dates: Vec<String>,
    texts: Vec<String>,
    country_column: Option<String>,
    institution_country: Option<String>,
    seen: BTreeMap<(String, Damage), Seen>,
    /// Digits-only contact numbers by width: how many, how many start with 0, and where.
    contact_widths: BTreeMap<usize, Widths>,
}

/// Contact numbers of one width.
#[derive(Debug, Default, Clone)]
struct Widths {
    count: u64,
    zero_padded: u64,
    seen: Seen,
}

/// Digits of a postcode, by country, where it is digits only.
fn postcode_digits(country: &str) -> Option<usize> {
    match country {
        "AT" | "BE" | "CH" | "DK" | "LI" | "LU" | "NO" | "HU" | "SI" | "BG" | "CY" | "AU"
        | "NZ" | "ZA" => Some(4),
        "DE" | "FR" | "IT" | "ES" | "US" | "FI" | "EE" | "HR" | "MC" | "SM" | "VA" | "MX"
        | "TR" | "UA" | "MA" | "DZ" | "TN" => Some(5),
        "RO" | "RU" | "IN" | "SG" | "BY" | "KZ" | "CN" => Some(6),
        _ => None,
    }
}

/// A postcode with the zeros a spreadsheet took from its front put back, when the country's
/// postcodes are digits only and it is shorter.
pub fn restore_postcode(value: &str, country: &str) -> Option<String> {
    let width = postcode_digits(country)?;
    let v = value.trim();
    (!v.is_empty() && v.len() < width && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{v:0>width$}"))
}

/// A phone number with the `+` a spreadsheet took put back, when that makes it valid.
pub fn restore_plus(value: &str) -> Option<String> {
    let v = value.trim();
    let digits = v.len() >= 8 && v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with('0');
    if !digits {
        return None;
    }
    let restored = format!("+{v}");
    matches!(
        check_phone(&restored, None, PhoneStyle::E164),
        PhoneCheck::Valid(_)
    )
    .then_some(restored)
}

/// A phone number with the leading 0 a spreadsheet took put back, when that makes it a valid
/// national number of `country` (some countries' plans also read it without the 0: it is
/// still damage, the national form has it).
pub fn restore_zero(value: &str, country: Option<&str>) -> Option<String> {
    let v = value.trim();
    let digits = v.len() >= 6 && v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with('0');
    if !digits || country.is_none() {
        return None;
    }
    let restored = format!("0{v}");
    matches!(
        check_phone(&restored, country, PhoneStyle::E164),
        PhoneCheck::Valid(_)
    )
    .then_some(restored)
}

impl DamageFinder {
    /// A finder for the columns of `profile`; phones and postcodes read their row's country
    /// from its country column, else `institution_country`.
    pub fn new(profile: &FormatProfile, institution_country: Option<String>) -> DamageFinder {
        let of = |keep: &dyn Fn(&crate::format::ColumnSpec) -> bool| -> Vec<String> {
            profile
                .columns()
                .iter()
                .filter(|c| keep(c))
                .map(|c| c.code.clone())
                .collect()
        };
        DamageFinder {
            phones: of(&|c| {
                matches!(
                    c.value_rule(),
                    ValueRule::PhoneFixed | ValueRule::PhoneMobile
                )
            }),
            booleans: of(&|c| c.kind == ColumnKind::Boolean),
            dates: of(&|c| c.kind == ColumnKind::Date),
            texts: of(&|_| true),
            country_column: of(&|c| c.value_rule() == ValueRule::Country)
                .into_iter()
                .next(),
            institution_country: institution_country.map(|c| c.to_ascii_uppercase()),
            ..DamageFinder::default()
        }
    }

    fn note(&mut self, column: &str, damage: Damage, row: u64, value: &str) {
        let seen = self
            .seen
            .entry((column.to_string(), damage))
            .or_insert_with(|| Seen {
                first_row: row,
                ..Seen::default()
            });
        seen.count += 1;
        if seen.samples.len() < MAX_SAMPLES && !seen.samples.iter().any(|s| s == value) {
            seen.samples.push(value.to_string());
        }
    }

    /// Looks at a batch of SecuTix columns as written (before any value rule), `rows` the
    /// source row of each.
    pub fn observe(&mut self, frame: &DataFrame, rows: &[u64]) -> PolarsResult<()> {
        let countries: Option<StringChunked> = match &self.country_column {
            Some(c) => frame.column(c).ok().and_then(|c| c.str().ok().cloned()),
            None => None,
        };
        let country_of = |i: usize| -> Option<String> {
            countries
                .as_ref()
                .and_then(|c| c.get(i))
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| c.len() == 2)
                .or_else(|| self.institution_country.clone())
        };
        let mut found: Vec<(String, Damage, u64, String)> = Vec::new();
        for code in &self.texts {
            let Ok(values) = frame.column(code).and_then(|c| c.str().cloned()) else {
                continue;
            };
            let phone = self.phones.contains(code);
            let boolean = self.booleans.contains(code);
            let date = self.dates.contains(code);
            for (i, value) in values.iter().enumerate() {
                let Some(value) = value.filter(|v| !v.is_empty()) else {
                    continue;
                };
                let row = rows.get(i).copied().unwrap_or(0);
                let country = || country_of(i);
                for damage in damages_of(code, value, phone, boolean, date, country) {
                    found.push((code.clone(), damage, row, value.to_string()));
                }
                if code == "CONTACT_NR" && value.bytes().all(|b| b.is_ascii_digit()) {
                    let width = self.contact_widths.entry(value.len()).or_default();
                    width.count += 1;
                    width.zero_padded += u64::from(value.starts_with('0'));
                    if width.seen.count == 0 {
                        width.seen.first_row = row;
                    }
                    width.seen.count += 1;
                    if width.seen.samples.len() < MAX_SAMPLES {
                        width.seen.samples.push(value.to_string());
                    }
                }
            }
        }
        for (code, damage, row, value) in found {
            self.note(&code, damage, row, &value);
        }
        Ok(())
    }

    /// The damage found, one problem per column and kind.
    pub fn problems(mut self) -> Vec<FileProblem> {
        self.contact_numbers();
        self.seen
            .iter()
            .map(|((column, damage), seen)| {
                let samples: Vec<String> = seen
                    .samples
                    .iter()
                    .map(|s| format!("'{}'", mask_sample(column, s)))
                    .collect();
                FileProblem {
                    severity: Severity::Warning,
                    row: Some(seen.first_row),
                    column: Some(column.clone()),
                    message: format!(
                        "spreadsheet damage: {} {} (first on row {}; e.g. {}): {}",
                        seen.count,
                        damage.describe(),
                        seen.first_row,
                        samples.join(", "),
                        damage.remedy().replace("<column>", column)
                    ),
                }
            })
            .collect()
    }

    /// Contact numbers: most digits-only numbers share a width and some of those start with
    /// 0 (the width is kept with zeros); the shorter ones lost their zeros.
    fn contact_numbers(&mut self) {
        let total: u64 = self.contact_widths.values().map(|w| w.count).sum();
        let Some((&width, usual)) = self.contact_widths.iter().max_by_key(|(_, w)| w.count) else {
            return;
        };
        if total < 5 || usual.count * 10 < total * 8 || usual.zero_padded == 0 {
            return;
        }
        let mut short = Seen::default();
        for (_, w) in self.contact_widths.range(..width) {
            if short.count == 0 || w.seen.first_row < short.first_row {
                short.first_row = w.seen.first_row;
            }
            short.count += w.count;
            short.samples.extend(w.seen.samples.iter().cloned());
        }
        short.samples.truncate(MAX_SAMPLES);
        if short.count > 0 {
            self.seen.insert(
                ("CONTACT_NR".to_string(), Damage::ShortContactNumber),
                short,
            );
        }
    }
}

/// The damages one value shows.
fn damages_of(
    code: &str,
    value: &str,
    phone: bool,
    boolean: bool,
    date: bool,
    country: impl Fn() -> Option<String>,
) -> Vec<Damage> {
    let mut found = Vec::new();
    let v = value.trim();
    if is_scientific(v) {
        found.push(Damage::Scientific);
    } else if v.len() > 2
        && v.ends_with(".0")
        && v[..v.len() - 2].bytes().all(|b| b.is_ascii_digit())
    {
        found.push(Damage::TrailingPointZero);
    }
    // Counting characters only where the bytes could reach a limit: this runs on every cell.
    if value.len() >= 255 && matches!(value.chars().count(), 255 | 32_767) {
        found.push(Damage::CutAtLimit);
    }
    if phone {
        if restore_plus(v).is_some() {
            found.push(Damage::LostPlus);
        } else if restore_zero(v, country().as_deref()).is_some() {
            found.push(Damage::LostZero);
        }
    }
    if code == "ZIPCODE" && country().is_some_and(|c| restore_postcode(v, &c).is_some()) {
        found.push(Damage::ShortPostcode);
    }
    if date {
        if is_serial_date(v) {
            found.push(Damage::SerialDate);
        } else if is_month_first(v) {
            found.push(Damage::LocaleDate);
        }
    }
    if boolean && is_spreadsheet_boolean(v) {
        found.push(Damage::SpreadsheetBoolean);
    }
    found
}

/// `1.23457E+17`, `4E+10`.
fn is_scientific(v: &str) -> bool {
    let Some((mantissa, exponent)) = v.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mut parts = mantissa.splitn(2, ['.', ',']);
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next().unwrap_or("0");
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// A day number between 1900 and 2100 as spreadsheets count them (1 = 1900-01-01).
fn is_serial_date(v: &str) -> bool {
    let whole = v.strip_suffix(".0").unwrap_or(v);
    whole.len() <= 5
        && whole.bytes().all(|b| b.is_ascii_digit())
        && whole
            .parse::<u32>()
            .is_ok_and(|n| (1..=73_050).contains(&n))
}

/// `m/d/yyyy` with a day over 12: written month first.
fn is_month_first(v: &str) -> bool {
    let parts: Vec<&str> = v.split('/').collect();
    let [month, day, year] = parts.as_slice() else {
        return false;
    };
    let number = |s: &str| s.parse::<u32>().ok();
    matches!(
        (number(month), number(day), number(year)),
        (Some(1..=12), Some(13..=31), Some(_))
    ) && year.len() >= 2
}

/// Booleans as spreadsheets in other languages write them.
fn is_spreadsheet_boolean(v: &str) -> bool {
    [
        "WAHR",
        "FALSCH",
        "VRAI",
        "FAUX",
        "VERO",
        "FALSO",
        "VERDADERO",
        "WAAR",
        "ONWAAR",
    ]
    .iter()
    .any(|w| v.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_damage_is_recognised_by_its_shape() {
        let none = || None;
        let ch = || Some("CH".to_string());
        let fr = || Some("FR".to_string());
        assert_eq!(
            damages_of("TELEPHONE", "41914195111", true, false, false, ch),
            [Damage::LostPlus]
        );
        assert_eq!(
            damages_of("TELEPHONE", "919 41 95 11", true, false, false, ch),
            []
        );
        assert_eq!(
            damages_of("TELEPHONE", "914195111", true, false, false, ch),
            [Damage::LostZero]
        );
        assert_eq!(
            damages_of("ZIPCODE", "6017", false, false, false, fr),
            [Damage::ShortPostcode]
        );
        assert_eq!(damages_of("ZIPCODE", "8001", false, false, false, ch), []);
        assert_eq!(
            damages_of("REMARK", "1.23457E+17", false, false, false, none),
            [Damage::Scientific]
        );
        assert_eq!(
            damages_of("CONTACT_NR", "123.0", false, false, false, none),
            [Damage::TrailingPointZero]
        );
        assert_eq!(
            damages_of("BIRTHDATE", "25642", false, false, true, none),
            [Damage::SerialDate]
        );
        assert_eq!(
            damages_of("BIRTHDATE", "3/15/1970", false, false, true, none),
            [Damage::LocaleDate]
        );
        assert_eq!(
            damages_of("BIRTHDATE", "15.03.1970", false, false, true, none),
            []
        );
        assert_eq!(
            damages_of("LETTER", "WAHR", false, true, false, none),
            [Damage::SpreadsheetBoolean]
        );
        assert_eq!(damages_of("LETTER", "TRUE", false, true, false, none), []);
        let cut = "x".repeat(255);
        assert_eq!(
            damages_of("REMARK", &cut, false, false, false, none),
            [Damage::CutAtLimit]
        );
    }

    #[test]
    fn repairs_restore_exactly_what_was_lost_and_nothing_else() {
        assert_eq!(restore_plus("41914195111").as_deref(), Some("+41914195111"));
        assert_eq!(restore_plus("0914195111"), None);
        assert_eq!(restore_plus("12"), None);
        assert_eq!(
            restore_zero("914195111", Some("CH")).as_deref(),
            Some("0914195111")
        );
        assert_eq!(restore_zero("914195111", None), None);
        assert_eq!(restore_postcode("6017", "FR").as_deref(), Some("06017"));
        assert_eq!(restore_postcode("184", "IT").as_deref(), Some("00184"));
        assert_eq!(restore_postcode("8001", "CH"), None);
        assert_eq!(restore_postcode("SW1A", "GB"), None);
    }
}
