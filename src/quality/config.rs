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

/// What to do with a value longer than the column allows (defined with the format profile,
/// whose `too-long` key gives a column's default, so that `format` imports nothing of
/// `quality`).
pub use crate::format::LengthOutcome;

/// What to do with a code the institution does not have (`unknown`), or with a phone number
/// of the wrong line type (`line-type`). Which values a key accepts is checked when the rules
/// are built: `unknown` takes `reject`, `drop` or `collect`; `line-type` takes `keep`, `drop`
/// or `reject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueOutcome {
    /// Reject the row.
    Reject,
    /// Empty the field, keep the row, warn.
    Drop,
    /// Keep the value as written, warn.
    Keep,
    /// Keep the value as written and list it in `missing-config.csv`, the codes to create in
    /// SecuTix before the import.
    Collect,
}

impl ValueOutcome {
    /// The name in the migration file.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueOutcome::Reject => "reject",
            ValueOutcome::Drop => "drop",
            ValueOutcome::Keep => "keep",
            ValueOutcome::Collect => "collect",
        }
    }
}

/// `[rules.COLUMN]` of the migration file. `[rules."CRIT*"]` applies to every criterion
/// column CRIT01 ... CRIT50; a key set in a specific `[rules.CRIT07]` wins over it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RuleConfig {
    /// Invalid value (e-mail, phone, country, language, date, address type, web site,
    /// number): `reject`, `drop` or `keep`. ADMIN_NUMBER and CRIT01..CRIT50 (default
    /// `reject`): a malformed cell (no `=` and no code declared by a CONFIG row, empty code,
    /// empty value).
    pub invalid: Option<InvalidOutcome>,
    /// A code or value missing from the institution's lists (`[institution] titles`,
    /// `structure-types`, `community-types`, `departments`, `admin-number-types`,
    /// `[institution.criteria]`): `reject` (default), `drop` or `collect` (kept and listed in
    /// `missing-config.csv`). TITLE, STRUCT_TYPE, COMMUNITY_TYPE, DEPARTMENT, ADMIN_NUMBER and
    /// CRIT01..CRIT50, only when their list is configured.
    pub unknown: Option<ValueOutcome>,
    /// TELEPHONE and FAX holding a number known to be mobile, CELLPHONE holding one known to
    /// be a landline: `keep` (default, kept with a warning), `drop` or `reject`.
    pub line_type: Option<ValueOutcome>,
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
