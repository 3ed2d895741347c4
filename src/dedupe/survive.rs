//! Survivorship: where each SecuTix column of a merged contact takes its value from.
//!
//! The members of a cluster come in survivor order (the surviving record first). Rules:
//! `survivor` (its value, even empty), `non-empty` (its value, else the next member's that is
//! not empty: the default), `most-recent` (the non-empty value of the most recent member by
//! `recency`), `longest`, `prefer:VALUE` (VALUE when any member has it, else `non-empty`:
//! `prefer:FALSE` keeps a refusal of consent; the default of the authorisation columns).

use std::collections::BTreeMap;

use super::DedupeError;

/// A column's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueRule {
    /// The survivor's own value.
    Survivor,
    /// The first non-empty value in survivor order.
    NonEmpty,
    /// The non-empty value of the most recent member.
    MostRecent,
    /// The longest value (ties: survivor order).
    Longest,
    /// This value when any member has it.
    Prefer(String),
}

/// Authorisation columns: a refusal survives by default.
pub const AUTHORISATIONS: &[&str] = &[
    "CNIL_O", "PARTNER", "CNIL_T", "SMS_MMS", "LETTER", "PHONE", "EMAIL",
];

impl ValueRule {
    /// Parses a rule as written in `[dedupe.survivorship]`.
    pub fn parse(text: &str) -> Result<ValueRule, String> {
        Ok(match text {
            "survivor" => ValueRule::Survivor,
            "non-empty" => ValueRule::NonEmpty,
            "most-recent" => ValueRule::MostRecent,
            "longest" => ValueRule::Longest,
            other => match other.strip_prefix("prefer:") {
                Some(v) if !v.is_empty() => ValueRule::Prefer(v.to_string()),
                _ => {
                    return Err(format!(
                        "`{other}` is not a survivorship rule; one of survivor, non-empty, most-recent, longest, prefer:VALUE"
                    ))
                }
            },
        })
    }

    /// The default rule of a column.
    pub fn default_for(column: &str) -> ValueRule {
        match column {
            "INSTITUTION" | "ORGANIZATION" | "OPERATION" => ValueRule::Survivor,
            c if AUTHORISATIONS.contains(&c) => ValueRule::Prefer("FALSE".into()),
            _ => ValueRule::NonEmpty,
        }
    }

    /// The value kept: `values` in survivor order, `recency` of each member (sortable text,
    /// empty when unknown).
    pub fn pick<'a>(&self, values: &[Option<&'a str>], recency: &[&str]) -> Option<&'a str> {
        let non_empty = || values.iter().flatten().copied().next();
        match self {
            ValueRule::Survivor => values.first().copied().flatten(),
            ValueRule::NonEmpty => non_empty(),
            ValueRule::MostRecent => {
                let mut best: Option<(&str, &'a str)> = None;
                for (v, r) in values.iter().zip(recency) {
                    if let Some(v) = v {
                        if best.is_none_or(|(br, _)| *r > br) {
                            best = Some((r, v));
                        }
                    }
                }
                best.map(|(_, v)| v)
            }
            ValueRule::Longest => {
                let mut best: Option<&'a str> = None;
                for v in values.iter().flatten() {
                    if best.is_none_or(|b| v.chars().count() > b.chars().count()) {
                        best = Some(v);
                    }
                }
                best
            }
            ValueRule::Prefer(wanted) => values
                .iter()
                .flatten()
                .copied()
                .find(|v| v.eq_ignore_ascii_case(wanted))
                .or_else(non_empty),
        }
    }
}

/// `[dedupe.survivorship]` parsed.
#[derive(Debug, Clone, Default)]
pub struct Survivorship {
    rules: BTreeMap<String, ValueRule>,
}

impl Survivorship {
    /// Parses the table (column → rule).
    pub fn parse(table: &BTreeMap<String, String>) -> Result<Survivorship, DedupeError> {
        let mut rules = BTreeMap::new();
        for (column, text) in table {
            if column == "CONTACT_NR" {
                return Err(DedupeError::Config {
                    message: "[dedupe.survivorship] CONTACT_NR: the contact number follows `contact-number` (survivor, lowest, oldest)".into(),
                });
            }
            let rule = ValueRule::parse(text).map_err(|e| DedupeError::Config {
                message: format!("[dedupe.survivorship] {column}: {e}"),
            })?;
            rules.insert(column.clone(), rule);
        }
        Ok(Survivorship { rules })
    }

    /// The rule of each column, in order; a rule for a column the file does not have is an
    /// error.
    pub fn for_columns(&self, columns: &[String]) -> Result<Vec<ValueRule>, DedupeError> {
        if let Some(unknown) = self.rules.keys().find(|k| !columns.contains(k)) {
            return Err(DedupeError::Config {
                message: format!(
                    "[dedupe.survivorship] {unknown}: not a SecuTix column of this migration's files"
                ),
            });
        }
        Ok(columns
            .iter()
            .map(|c| {
                self.rules
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| ValueRule::default_for(c))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_pick_as_documented() {
        let values = [None, Some("a@x.ch"), Some("longer@x.ch")];
        let recency = ["20200101", "20240101", "20220101"];
        assert_eq!(ValueRule::Survivor.pick(&values, &recency), None);
        assert_eq!(ValueRule::NonEmpty.pick(&values, &recency), Some("a@x.ch"));
        assert_eq!(
            ValueRule::MostRecent.pick(&values, &recency),
            Some("a@x.ch")
        );
        assert_eq!(
            ValueRule::Longest.pick(&values, &recency),
            Some("longer@x.ch")
        );
        let consent = [Some("TRUE"), Some("FALSE")];
        assert_eq!(
            ValueRule::default_for("EMAIL").pick(&consent, &["", ""]),
            Some("FALSE")
        );
        assert_eq!(
            ValueRule::parse("prefer:TRUE"),
            Ok(ValueRule::Prefer("TRUE".into()))
        );
        assert!(ValueRule::parse("newest").is_err());
        let table: BTreeMap<String, String> = [("EMAIL1".to_string(), "most-recent".to_string())]
            .into_iter()
            .collect();
        let s = Survivorship::parse(&table).unwrap();
        assert!(s.for_columns(&["LASTNAME".into()]).is_err());
        let rules = s
            .for_columns(&["EMAIL1".into(), "OPERATION".into()])
            .unwrap();
        assert_eq!(rules, vec![ValueRule::MostRecent, ValueRule::Survivor]);
    }
}
