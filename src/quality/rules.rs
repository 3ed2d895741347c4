//! Column rules of the SecuTix format that rewrite values: normalise (country names to ISO
//! codes, booleans to TRUE/FALSE, dates to dd.mm.yyyy, phones to one form), repair (e-mails,
//! web-site scheme, opt-in), truncate (where the spec truncates), drop the field with a warning
//! or reject the row. They run on the mapped SecuTix columns of a batch, before the format
//! checks (length, allowed values ...), one tight loop per column.
//!
//! What happens to an invalid value follows the specification where it speaks (an invalid
//! BIRTHDATE or EMAIL1 is ignored by SecuTix: `drop`; over-long names are truncated) and is
//! configurable under `[rules.COLUMN]` where it is silent.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;

use super::config::{InvalidOutcome, LengthOutcome, RuleConfig};
use super::country::{country_code, country_suggestion, language_code};
use super::email::{check_email, EmailCheck, EmailRepairs};
use super::phone::{check_phone, PhoneCheck, PhoneStyle};
use crate::format::{ColumnKind, FormatProfile};

/// What a rule did to a value (the report's vocabulary; value rules never `Normalise`
/// with a finding: silent normalisations are not findings).
pub use crate::report::Outcome;

impl From<InvalidOutcome> for Outcome {
    fn from(o: InvalidOutcome) -> Outcome {
        match o {
            InvalidOutcome::Reject => Outcome::Reject,
            InvalidOutcome::Drop => Outcome::Drop,
            InvalidOutcome::Keep => Outcome::Keep,
        }
    }
}

/// A value a rule changed, dropped or rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleFinding {
    /// Row index within the batch.
    pub index: usize,
    /// SecuTix column.
    pub column: String,
    /// Rule name (`email`, `phone`, `country`, `birthdate-future`, `max-length` ...).
    pub rule: &'static str,
    /// What happened.
    pub outcome: Outcome,
    /// The value before the rule.
    pub value: String,
    /// Explanation for the customer.
    pub message: String,
}

#[derive(Debug, Clone)]
enum Kind {
    Country {
        invalid: InvalidOutcome,
        closest_name: bool,
    },
    Language {
        invalid: InvalidOutcome,
    },
    Email {
        invalid: InvalidOutcome,
        repairs: EmailRepairs,
    },
    Phone {
        invalid: InvalidOutcome,
        style: PhoneStyle,
    },
    BirthDate {
        invalid: InvalidOutcome,
        future: InvalidOutcome,
    },
    Boolean,
    UpperCase,
    AddressType {
        invalid: InvalidOutcome,
    },
    WebSite {
        invalid: InvalidOutcome,
    },
    Digits {
        invalid: InvalidOutcome,
    },
    Length {
        max: usize,
        outcome: LengthOutcome,
    },
}

/// The value rules of one migration, in the order they run.
#[derive(Debug, Clone, Default)]
pub struct QualityRules {
    rules: Vec<(String, Kind)>,
    institution_country: Option<String>,
    today: Option<NaiveDate>,
}

impl QualityRules {
    /// The rules for the SecuTix columns in `live` (those the migration fills), with the
    /// overrides of `[rules]`. Errors name the column and the key.
    pub fn build(
        profile: &FormatProfile,
        live: &[&str],
        config: &BTreeMap<String, RuleConfig>,
        institution_country: Option<&str>,
    ) -> Result<QualityRules, String> {
        for column in config.keys() {
            if profile.column(column).is_none() {
                return Err(format!(
                    "[rules.{column}]: {column} is not a column of the format"
                ));
            }
        }
        let none = RuleConfig::default();
        let mut rules: Vec<(String, Kind)> = Vec::new();
        let mut push = |code: &str, kind: Kind| rules.push((code.to_string(), kind));
        // COUNTRY first: phones read the normalised country of their row.
        let order = |code: &str| match code {
            "COUNTRY" => 0,
            "PREF_LANG" => 1,
            _ => 2,
        };
        let mut columns: Vec<_> = profile
            .columns()
            .iter()
            .filter(|c| live.contains(&c.code.as_str()))
            .collect();
        columns.sort_by_key(|c| order(&c.code));
        for spec in columns {
            let code = spec.code.as_str();
            let cfg = config.get(code).unwrap_or(&none);
            let invalid = cfg.invalid.unwrap_or(InvalidOutcome::Drop);
            let used: &[&str] = match code {
                "COUNTRY" => {
                    let closest_name = repairs_of(code, cfg, &["closest-name"])?
                        .contains(&"closest-name".to_string());
                    push(
                        code,
                        Kind::Country {
                            invalid,
                            closest_name,
                        },
                    );
                    &["invalid", "repairs"]
                }
                "PREF_LANG" => {
                    push(code, Kind::Language { invalid });
                    &["invalid"]
                }
                "EMAIL1" | "EMAIL2" | "EMAIL3" => {
                    let names = [
                        "inner-spaces",
                        "trailing-dot",
                        "doubled-at",
                        "domain-typo",
                        "first-of-several",
                        "at-word",
                        "all",
                    ];
                    let chosen = repairs_of(code, cfg, &names)?;
                    let all = chosen.iter().any(|r| r == "all");
                    let on = |name: &str| all || chosen.iter().any(|r| r == name);
                    let repairs = EmailRepairs {
                        inner_spaces: on("inner-spaces"),
                        trailing_dot: on("trailing-dot"),
                        doubled_at: on("doubled-at"),
                        domain_typos: on("domain-typo"),
                        first_of_several: on("first-of-several"),
                        at_word: on("at-word"),
                    };
                    push(code, Kind::Email { invalid, repairs });
                    &["invalid", "repairs"]
                }
                "TELEPHONE" | "FAX" | "CELLPHONE" => {
                    let style = match cfg.style.as_deref() {
                        None | Some("e164") => PhoneStyle::E164,
                        Some("forced-country") => PhoneStyle::ForcedCountry,
                        Some("national") => PhoneStyle::National,
                        Some(other) => {
                            return Err(format!(
                                "[rules.{code}] style '{other}' is unknown (e164, forced-country, national)"
                            ))
                        }
                    };
                    push(code, Kind::Phone { invalid, style });
                    &["invalid", "style"]
                }
                "BIRTHDATE" => {
                    push(
                        code,
                        Kind::BirthDate {
                            invalid,
                            future: cfg.future.unwrap_or(InvalidOutcome::Drop),
                        },
                    );
                    &["invalid", "future"]
                }
                "OPERATION" => {
                    push(code, Kind::UpperCase);
                    &[]
                }
                "ADDR_TYPE" => {
                    push(code, Kind::AddressType { invalid });
                    &["invalid"]
                }
                "WEB_SITE" => {
                    push(code, Kind::WebSite { invalid });
                    &["invalid"]
                }
                "NB_EMPLOYEES" => {
                    push(code, Kind::Digits { invalid });
                    &["invalid"]
                }
                _ if spec.kind == ColumnKind::Boolean => {
                    push(code, Kind::Boolean);
                    &[]
                }
                _ => &[],
            };
            // Length: the spec truncates structure names; elsewhere the default stays `reject`
            // (a format check) unless configured.
            let truncating = matches!(code, "OFFICIAL_NAME" | "ADDRESS_NAME1" | "ADDRESS_NAME2");
            let too_long = cfg
                .too_long
                .or(truncating.then_some(LengthOutcome::Truncate));
            if let (Some(max), Some(outcome)) = (spec.max_length, too_long) {
                if outcome != LengthOutcome::Reject {
                    push(code, Kind::Length { max, outcome });
                }
            }
            let mut allowed: Vec<&str> = used.to_vec();
            if spec.max_length.is_some() {
                allowed.push("too-long");
            }
            for (key, set) in [
                ("invalid", cfg.invalid.is_some()),
                ("too-long", cfg.too_long.is_some()),
                ("future", cfg.future.is_some()),
                ("repairs", cfg.repairs.is_some()),
                ("style", cfg.style.is_some()),
            ] {
                if set && !allowed.contains(&key) {
                    return Err(format!(
                        "[rules.{code}] sets {key}, which no rule of {code} uses (it uses: {})",
                        if allowed.is_empty() {
                            "nothing".to_string()
                        } else {
                            allowed.join(", ")
                        }
                    ));
                }
            }
        }
        Ok(QualityRules {
            rules,
            institution_country: institution_country.map(str::to_uppercase),
            today: None,
        })
    }

    /// Fixes "today" for the future-date rule (tests; by default the run's date).
    pub fn with_today(mut self, today: NaiveDate) -> QualityRules {
        self.today = Some(today);
        self
    }

    /// Applies every rule to the batch's SecuTix columns (text), rewriting them in place, and
    /// returns what each rule did.
    pub fn apply(&self, frame: &mut DataFrame) -> PolarsResult<Vec<RuleFinding>> {
        let mut findings = Vec::new();
        let today = self
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        for (code, kind) in &self.rules {
            let values = frame.column(code)?.str()?.clone();
            let countries: Option<StringChunked> = match kind {
                Kind::Phone { .. } => frame
                    .column("COUNTRY")
                    .ok()
                    .and_then(|c| c.str().ok().cloned()),
                _ => None,
            };
            let mut changes: Vec<(usize, Option<String>)> = Vec::new();
            for (i, value) in values.iter().enumerate() {
                let Some(value) = value else { continue };
                if value == "=" {
                    continue; // "erase the stored value": passed through untouched
                }
                let country = countries
                    .as_ref()
                    .and_then(|c| c.get(i))
                    .map(str::to_string)
                    .or_else(|| self.institution_country.clone());
                let verdict = judge(kind, value, country.as_deref(), today);
                let mut finding = |rule: &'static str, outcome: Outcome, message: String| {
                    findings.push(RuleFinding {
                        index: i,
                        column: code.clone(),
                        rule,
                        outcome,
                        value: value.to_string(),
                        message,
                    })
                };
                match verdict {
                    Verdict::Keep => {}
                    Verdict::Normalise(new) => changes.push((i, Some(new))),
                    Verdict::Repair(rule, new, message) => {
                        finding(rule, Outcome::Repair, message);
                        changes.push((i, Some(new)));
                    }
                    Verdict::Truncate(new, message) => {
                        finding("max-length", Outcome::Truncate, message);
                        changes.push((i, Some(new)));
                    }
                    Verdict::Invalid(rule, outcome, message) => {
                        let outcome = Outcome::from(outcome);
                        finding(rule, outcome, message);
                        if outcome == Outcome::Drop {
                            changes.push((i, None));
                        }
                    }
                    Verdict::TooLongDrop(message) => {
                        finding("max-length", Outcome::Drop, message);
                        changes.push((i, None));
                    }
                }
            }
            if !changes.is_empty() {
                let rewritten = rewrite(&values, &changes);
                frame.with_column(rewritten.with_name(code.as_str().into()).into_column())?;
            }
        }
        findings.sort_by_key(|f| f.index);
        Ok(findings)
    }
}

fn repairs_of(code: &str, cfg: &RuleConfig, known: &[&str]) -> Result<Vec<String>, String> {
    let chosen = cfg.repairs.clone().unwrap_or_default();
    for r in &chosen {
        if !known.contains(&r.as_str()) {
            return Err(format!(
                "[rules.{code}] repairs: unknown repair '{r}' (known: {})",
                known.join(", ")
            ));
        }
    }
    Ok(chosen)
}

enum Verdict {
    Keep,
    Normalise(String),
    Repair(&'static str, String, String),
    Truncate(String, String),
    Invalid(&'static str, InvalidOutcome, String),
    TooLongDrop(String),
}

fn judge(kind: &Kind, value: &str, country: Option<&str>, today: NaiveDate) -> Verdict {
    let changed = |new: String| {
        if new == value {
            Verdict::Keep
        } else {
            Verdict::Normalise(new)
        }
    };
    match kind {
        Kind::Country { invalid, closest_name } => match country_code(value) {
            Some(code) => changed(code.to_string()),
            None => match (closest_name, country_suggestion(value)) {
                (true, Some((code, name))) => Verdict::Repair(
                    "country",
                    code.to_string(),
                    format!("'{value}' is not a country name; taken as {name} ({code}), the closest name"),
                ),
                (_, suggestion) => Verdict::Invalid(
                    "country",
                    *invalid,
                    format!(
                        "'{value}' is not an ISO 3166 country code or a country name{}",
                        suggestion.map(|(c, n)| format!(" (closest: {n} = {c}; enable repairs = [\"closest-name\"] or map it)")).unwrap_or_default()
                    ),
                ),
            },
        },
        Kind::Language { invalid } => match language_code(value) {
            Some(code) => changed(code.to_string()),
            None => Verdict::Invalid("language", *invalid, format!("'{value}' is not an ISO 639-1 language code or a language name")),
        },
        Kind::Email { invalid, repairs } => match check_email(value, repairs) {
            EmailCheck::Valid(v) => changed(v),
            EmailCheck::Repaired { value: v, repairs } => {
                let names: Vec<String> = repairs
                    .iter()
                    .map(|r| serde_json::to_value(r).ok().and_then(|j| j.as_str().map(String::from)).unwrap_or_default())
                    .collect();
                Verdict::Repair("email-repair", v.clone(), format!("'{value}' repaired to '{v}' ({})", names.join(", ")))
            }
            EmailCheck::Invalid { reason, repairable_with } => Verdict::Invalid(
                "email",
                *invalid,
                format!(
                    "'{value}' is not a valid e-mail address: {reason}{}",
                    repairable_with
                        .and_then(|r| serde_json::to_value(r).ok())
                        .and_then(|j| j.as_str().map(|s| format!(" (the repair '{s}' would fix it: [rules.COLUMN] repairs)")))
                        .unwrap_or_default()
                ),
            ),
        },
        Kind::Phone { invalid, style } => match check_phone(value, country, *style) {
            PhoneCheck::Valid(p) => changed(p.value),
            PhoneCheck::Invalid { reason } => {
                Verdict::Invalid("phone", *invalid, format!("'{value}' is not a valid phone number: {reason}"))
            }
        },
        Kind::BirthDate { invalid, future } => match parse_birth_date(value) {
            Some(d) if d > today => Verdict::Invalid(
                "birthdate-future",
                *future,
                format!("birth date '{value}' is in the future"),
            ),
            Some(d) => changed(d.format("%d.%m.%Y").to_string()),
            None => Verdict::Invalid(
                "birthdate",
                *invalid,
                format!("'{value}' is not a real date (dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd)"),
            ),
        },
        Kind::Boolean => match value.trim().to_lowercase().as_str() {
            "true" | "t" | "1" | "yes" | "y" | "oui" | "ja" => changed("TRUE".into()),
            "false" | "f" | "0" | "no" | "n" | "non" | "nein" => changed("FALSE".into()),
            // Left as is: the format check rejects it with its own message.
            _ => Verdict::Keep,
        },
        Kind::UpperCase => changed(value.trim().to_uppercase()),
        Kind::AddressType { invalid } => {
            let upper = value.trim().to_uppercase();
            let mut seen = String::new();
            let ok = !upper.is_empty()
                && upper.chars().all(|c| {
                    let fresh = matches!(c, 'M' | 'S' | 'B') && !seen.contains(c);
                    seen.push(c);
                    fresh
                });
            if ok {
                changed(upper)
            } else {
                Verdict::Invalid(
                    "address-type",
                    *invalid,
                    format!("'{value}' is not an address type: M (main), S (shipment), B (billing), each at most once, e.g. MB"),
                )
            }
        }
        Kind::WebSite { invalid } => {
            let v = value.trim();
            if v.contains(char::is_whitespace) || !v.contains('.') {
                Verdict::Invalid("web-site", *invalid, format!("'{value}' is not a web address"))
            } else if v.starts_with("http://") || v.starts_with("https://") {
                changed(v.to_string())
            } else {
                let fixed = format!("http://{v}");
                Verdict::Repair("web-site-scheme", fixed.clone(), format!("'{value}' has no http:// prefix, which SecuTix requires: written '{fixed}'"))
            }
        }
        Kind::Digits { invalid } => {
            let cleaned: String = value.chars().filter(|c| !matches!(c, ' ' | '\'' | '’' | '\u{a0}' | '\u{202f}')).collect();
            if !cleaned.is_empty() && cleaned.chars().all(|c| c.is_ascii_digit()) {
                changed(cleaned)
            } else {
                Verdict::Invalid("number", *invalid, format!("'{value}' is not a whole number (digits only)"))
            }
        }
        Kind::Length { max, outcome } => {
            let n = value.chars().count();
            if n <= *max {
                return Verdict::Keep;
            }
            match outcome {
                LengthOutcome::Truncate => {
                    let cut: String = value.chars().take(*max).collect();
                    Verdict::Truncate(cut, format!("{n} characters, cut to the {max} allowed"))
                }
                LengthOutcome::Drop => Verdict::TooLongDrop(format!("{n} characters, more than the {max} allowed")),
                LengthOutcome::Reject => Verdict::Keep,
            }
        }
    }
}

/// A birth date in one of the forms SecuTix accepts (dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy) or
/// ISO (yyyy-mm-dd).
pub fn parse_birth_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    ["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
        .filter(|d| chrono::Datelike::year(d) >= 1000)
}

fn rewrite(values: &StringChunked, changes: &[(usize, Option<String>)]) -> StringChunked {
    let mut next = changes.iter().peekable();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| match next.peek() {
            Some((j, new)) if *j == i => {
                next.next();
                new.clone()
            }
            _ => v.map(str::to_string),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn run(
        config: &[(&str, RuleConfig)],
        columns: &[(&str, Vec<Option<&str>>)],
    ) -> (DataFrame, Vec<RuleFinding>) {
        let profile = FormatProfile::builtin();
        let live: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        let config: BTreeMap<String, RuleConfig> = config
            .iter()
            .map(|(c, r)| (c.to_string(), r.clone()))
            .collect();
        let rules = QualityRules::build(&profile, &live, &config, Some("CH"))
            .unwrap()
            .with_today(today());
        let mut frame = DataFrame::new_infer_height(
            columns
                .iter()
                .map(|(c, v)| Column::new((*c).into(), v.clone()))
                .collect(),
        )
        .unwrap();
        let findings = rules.apply(&mut frame).unwrap();
        (frame, findings)
    }

    fn col(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
        frame
            .column(name)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(String::from))
            .collect()
    }

    #[test]
    fn birth_dates_booleans_operation_and_erase_marker() {
        let (frame, findings) = run(
            &[],
            &[
                (
                    "BIRTHDATE",
                    vec![
                        Some("1975-03-14"),
                        Some("14/03/1975"),
                        Some("31.02.1980"),
                        Some("01.01.2031"),
                        Some("="),
                        None,
                    ],
                ),
                (
                    "CNIL_O",
                    vec![
                        Some("true"),
                        Some("F"),
                        Some("oui"),
                        Some("0"),
                        Some("maybe"),
                        None,
                    ],
                ),
                (
                    "OPERATION",
                    vec![
                        Some("insert"),
                        Some(" update "),
                        Some("INSERT"),
                        None,
                        None,
                        None,
                    ],
                ),
            ],
        );
        assert_eq!(
            col(&frame, "BIRTHDATE"),
            vec![
                Some("14.03.1975".into()),
                Some("14.03.1975".into()),
                None,
                None,
                Some("=".into()),
                None
            ]
        );
        assert_eq!(
            col(&frame, "CNIL_O"),
            vec![
                Some("TRUE".into()),
                Some("FALSE".into()),
                Some("TRUE".into()),
                Some("FALSE".into()),
                Some("maybe".into()),
                None
            ]
        );
        assert_eq!(
            col(&frame, "OPERATION")[..3],
            [
                Some("INSERT".into()),
                Some("UPDATE".into()),
                Some("INSERT".into())
            ]
        );
        let rules: Vec<(usize, &str, Outcome)> = findings
            .iter()
            .map(|f| (f.index, f.rule, f.outcome))
            .collect();
        assert_eq!(
            rules,
            vec![
                (2, "birthdate", Outcome::Drop),
                (3, "birthdate-future", Outcome::Drop)
            ]
        );
    }

    #[test]
    fn configured_outcomes_truncation_and_structure_names() {
        let long = "x".repeat(120);
        let reject = RuleConfig {
            future: Some(InvalidOutcome::Reject),
            ..Default::default()
        };
        let (frame, findings) = run(
            &[
                ("BIRTHDATE", reject),
                (
                    "LINE1",
                    RuleConfig {
                        too_long: Some(LengthOutcome::Drop),
                        ..Default::default()
                    },
                ),
            ],
            &[
                ("BIRTHDATE", vec![Some("2030-01-01"), None]),
                ("OFFICIAL_NAME", vec![Some(long.as_str()), Some("Short SA")]),
                ("LINE1", vec![None, Some(long.as_str())]),
            ],
        );
        assert_eq!(
            col(&frame, "BIRTHDATE")[0].as_deref(),
            Some("2030-01-01"),
            "rejected rows keep their value"
        );
        assert_eq!(
            col(&frame, "OFFICIAL_NAME")[0].as_ref().map(|s| s.len()),
            Some(100)
        );
        assert_eq!(col(&frame, "LINE1")[1], None);
        let got: Vec<(usize, &str, Outcome)> = findings
            .iter()
            .map(|f| (f.index, f.rule, f.outcome))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "birthdate-future", Outcome::Reject),
                (0, "max-length", Outcome::Truncate),
                (1, "max-length", Outcome::Drop)
            ]
        );
    }

    #[test]
    fn address_type_web_site_and_employee_numbers() {
        let (frame, findings) = run(
            &[],
            &[
                (
                    "ADDR_TYPE",
                    vec![Some("mb"), Some("MM"), Some("X"), Some("BSM")],
                ),
                (
                    "WEB_SITE",
                    vec![
                        Some("www.theatre.ch"),
                        Some("https://x.ch"),
                        Some("not a site"),
                        None,
                    ],
                ),
                (
                    "NB_EMPLOYEES",
                    vec![Some("1'200"), Some("12"), Some("about 10"), None],
                ),
            ],
        );
        assert_eq!(
            col(&frame, "ADDR_TYPE"),
            vec![Some("MB".into()), None, None, Some("BSM".into())]
        );
        assert_eq!(
            col(&frame, "WEB_SITE"),
            vec![
                Some("http://www.theatre.ch".into()),
                Some("https://x.ch".into()),
                None,
                None
            ]
        );
        assert_eq!(
            col(&frame, "NB_EMPLOYEES"),
            vec![Some("1200".into()), Some("12".into()), None, None]
        );
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.outcome == Outcome::Repair)
                .count(),
            1
        );
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.outcome == Outcome::Drop)
                .count(),
            4
        );
    }

    #[test]
    fn invalid_values_can_be_kept_as_written_with_a_warning() {
        let keep = RuleConfig {
            invalid: Some(InvalidOutcome::Keep),
            ..Default::default()
        };
        let (frame, findings) = run(
            &[("TELEPHONE", keep)],
            &[
                ("TELEPHONE", vec![Some("n/a"), Some("+41 22 123 45 67")]),
                ("CELLPHONE", vec![Some("n/a"), None]),
            ],
        );
        assert_eq!(
            col(&frame, "TELEPHONE")[0].as_deref(),
            Some("n/a"),
            "kept as written"
        );
        assert_eq!(col(&frame, "CELLPHONE")[0], None, "the default drops");
        let got: Vec<(&str, Outcome)> = findings
            .iter()
            .map(|f| (f.column.as_str(), f.outcome))
            .collect();
        assert_eq!(
            got,
            vec![("TELEPHONE", Outcome::Keep), ("CELLPHONE", Outcome::Drop)]
        );
    }

    #[test]
    fn configuration_errors_name_column_and_key() {
        let profile = FormatProfile::builtin();
        let bad = |column: &str, cfg: RuleConfig| {
            let config = BTreeMap::from([(column.to_string(), cfg)]);
            QualityRules::build(&profile, &[column], &config, None).unwrap_err()
        };
        assert!(bad("NOPE", RuleConfig::default()).contains("[rules.NOPE]"));
        let e = bad(
            "FIRSTNAME",
            RuleConfig {
                future: Some(InvalidOutcome::Drop),
                ..Default::default()
            },
        );
        assert!(e.contains("[rules.FIRSTNAME] sets future"), "{e}");
        let e = bad(
            "EMAIL1",
            RuleConfig {
                repairs: Some(vec!["magic".into()]),
                ..Default::default()
            },
        );
        assert!(e.contains("unknown repair 'magic'"), "{e}");
    }
}
