//! Cells that a spreadsheet would run as a formula (CSV or formula injection).
//!
//! `rejects.csv` and `warnings.csv` are opened in Excel by the customer, and they repeat
//! values from the legacy data: a value such as `=HYPERLINK(…)`, `=cmd|' /C calc'!A0`,
//! `@SUM(…)` or `+1+1` would be evaluated when the file is opened. Such a cell is written with
//! an apostrophe in front, which spreadsheets read as "this is text". So that the original
//! value stays recoverable without guessing, a cell that already starts with an apostrophe
//! gets one more: **the original value is the cell without its first character whenever that
//! character is an apostrophe.**

use std::borrow::Cow;

/// Whether a spreadsheet would read `value` as a formula: it starts with `=`, `@`, a TAB or a
/// carriage return, or with `+`/`-` followed by more than a plain number or phone number
/// (`+41 22 345 67 89`, `+33 (0)7 18 60 73 47` and `-12.5` stay as they are: digits,
/// spaces, `.,/()-` carry no function call).
pub fn formula_like(value: &str) -> bool {
    let mut chars = value.chars();
    match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !chars
            .as_str()
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | ',' | '/' | '(' | ')' | '-')),
        _ => false,
    }
}

/// `value` as a spreadsheet cell that is never run: an apostrophe in front of a
/// [`formula_like`] value and of one that starts with an apostrophe already.
pub fn spreadsheet_safe(value: &str) -> Cow<'_, str> {
    if formula_like(value) || value.starts_with('\'') {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_dde_payloads_are_neutralised_and_recoverable() {
        for value in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "=cmd|' /C calc'!A0",
            "@SUM(A1:A2)",
            "+1+1",
            "-2+3",
            "\tleading tab",
            "\r=1",
            "'already quoted",
            "=",
        ] {
            let safe = spreadsheet_safe(value);
            assert!(safe.starts_with('\''), "{value:?} → {safe:?}");
            // Recovery as documented: drop the first character when it is an apostrophe.
            assert_eq!(&safe[1..], value);
        }
    }

    #[test]
    fn plain_values_numbers_and_phone_numbers_pass_unchanged() {
        for value in [
            "",
            "Müller",
            "+41 22 345 67 89",
            "+33 (0)7 18 60 73 47",
            "0041-22-345",
            "-12.5",
            "-",
            "a=b",
            "2024-01-31",
        ] {
            assert_eq!(spreadsheet_safe(value), value);
        }
    }
}
