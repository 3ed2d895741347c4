//! `[rules.COLUMN]` of the migration file: what the value rules do where the SecuTix
//! specification is silent (see `reference.toml`).

use serde::Deserialize;

/// What to do with an invalid value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidOutcome {
    /// Reject the row.
    Reject,
    /// Empty the field, keep the row, warn.
    Drop,
    /// Keep the value as written, warn (for values SecuTix may accept though they cannot be
    /// validated, e.g. phone numbers in ranges libphonenumber does not know).
    Keep,
}

/// What to do with a value longer than the column allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthOutcome {
    /// Reject the row.
    Reject,
    /// Empty the field, warn.
    Drop,
    /// Cut to the maximum length, warn.
    Truncate,
}

/// `[rules.COLUMN]` of the migration file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RuleConfig {
    /// Invalid value (e-mail, phone, country, language, date, address type, web site,
    /// number): `reject` or `drop`.
    pub invalid: Option<InvalidOutcome>,
    /// Too long: `reject`, `drop` or `truncate`.
    pub too_long: Option<LengthOutcome>,
    /// BIRTHDATE in the future: `reject` or `drop`.
    pub future: Option<InvalidOutcome>,
    /// Opt-in repairs. E-mail columns: `inner-spaces`, `trailing-dot`, `doubled-at`,
    /// `domain-typo`, `first-of-several`, `at-word`, or `all`. COUNTRY: `closest-name`.
    pub repairs: Option<Vec<String>>,
    /// Phone columns: how numbers are written: `e164` (default, `+41221234567`),
    /// `forced-country` (`(41)221234567`, SecuTix's own form) or `national` (`0221234567`).
    pub style: Option<String>,
}
