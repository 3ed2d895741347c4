//! The run report: `report.json` and a self-contained `report.html`.
//!
//! After every run the customer and the migration engineer get a report: totals, fill rate per
//! SecuTix column, rule hits per column with a few masked samples, charts, the mapping used and
//! the accounting identity (`rows read = written + rejected + merged`).
//!
//! [`Report`] is plain data: the caller fills it from the run (counts, fill per column, rule
//! hits, the `[map]`), passes every sample through [`mask_sample`] before it enters the report,
//! and writes [`Report::to_json`] as `report.json` and [`Report::to_html`] as `report.html`.
//! The page needs nothing from the network: inline CSS, inline SVG charts, no scripts (a
//! Content-Security-Policy in the page forbids them).

mod escape;
mod html;
mod mask;
mod svg;

use serde::{Deserialize, Serialize};

pub(crate) use escape::escape as escape_html;
pub use mask::{mask_finding, mask_sample};

/// At most this many samples are kept per rule (and shown in the page).
pub const MAX_SAMPLES: usize = 5;

/// At most this many rules are drawn in the rule-hits chart (the table lists them all).
pub const CHART_TOP_RULES: usize = 20;

/// Everything the report shows; serialised as `report.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The migration name (`[migration] name`).
    pub title: String,
    /// The run identifier.
    pub run_id: String,
    /// Version of `stx-migrate` that ran.
    pub tool_version: String,
    /// When the report was generated, RFC 3339, given by the caller.
    pub generated_at: String,
    /// The source without secrets, e.g. `sqlite /path/legacy.db`.
    pub source: String,
    /// SHA-256 of the migration file (hex).
    pub migration_sha256: String,
    /// Row counts of the run.
    pub counts: Counts,
    /// Every SecuTix column of the profile, in file order.
    pub columns: Vec<ColumnFill>,
    /// Rule hits, sorted by hits descending, then column, then rule (see [`Report::sort_rules`]).
    pub rules: Vec<RuleHits>,
    /// The `[map]` of the migration, in the migration file's order.
    pub mapping: Vec<MappingEntry>,
    /// Problems of the file as a whole (header rows, column order, encoding) found by
    /// `stx-migrate check`; empty for a migration run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_problems: Vec<FileProblem>,
    /// What deduplication did (`[dedupe]` on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedupe: Option<crate::dedupe::DedupeReport>,
}

/// A problem of a checked file as a whole, not of one data row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProblem {
    /// `error` (SecuTix would refuse or misread the file) or `warning`.
    pub severity: Severity,
    /// Row of the file (1-based), if the problem is on one row.
    pub row: Option<u64>,
    /// Column code or position, if the problem is in one column.
    pub column: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// How serious a [`FileProblem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The file cannot be imported as it is.
    Error,
    /// The file can be imported, but differs from what SecuTix asks.
    Warning,
}

impl Severity {
    /// The serialised name: `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Row counts of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Rows read from the source.
    pub read: u64,
    /// Rows written to the contact files.
    pub written: u64,
    /// Rows rejected (listed in `rejects.csv`).
    pub rejected: u64,
    /// Rows merged into another row.
    pub merged: u64,
    /// Rows a delta run (`--since`) did not write: SecuTix holds them as they are.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unchanged: u64,
    /// Fields dropped on written rows (listed in `warnings.csv`).
    pub warnings: u64,
    /// Written rows that are individuals.
    pub individuals: u64,
    /// Written rows that are structures.
    pub structures: u64,
    /// Written rows that are relays.
    pub relays: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Counts {
    /// Rows written, rejected, merged or left unchanged.
    pub fn accounted(&self) -> u128 {
        u128::from(self.written)
            + u128::from(self.rejected)
            + u128::from(self.merged)
            + u128::from(self.unchanged)
    }

    /// Every count with its name, as in the page's element ids (`count-<name>`) and the JSON.
    pub fn named(&self) -> [(&'static str, u64); 8] {
        [
            ("read", self.read),
            ("written", self.written),
            ("rejected", self.rejected),
            ("merged", self.merged),
            ("warnings", self.warnings),
            ("individuals", self.individuals),
            ("structures", self.structures),
            ("relays", self.relays),
        ]
    }
}

/// How many written rows have a value in one SecuTix column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnFill {
    /// The SecuTix column code, e.g. `LASTNAME`.
    pub code: String,
    /// The column's section in the format, e.g. `Individual`.
    pub section: String,
    /// Non-empty cells among the written rows.
    pub filled: u64,
}

/// How often one rule fired on one column, with a few masked samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleHits {
    /// The SecuTix column code.
    pub column: String,
    /// The rule's name, e.g. `max-length`.
    pub rule: String,
    /// What the rule did to the rows it hit.
    pub outcome: Outcome,
    /// Number of hits.
    pub hits: u64,
    /// Sample values, already masked with [`mask_sample`]; at most [`MAX_SAMPLES`].
    pub samples: Vec<String>,
}

/// What a rule did when it fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The row was not imported.
    Reject,
    /// The field was dropped; the row was imported.
    Drop,
    /// The value was repaired.
    Repair,
    /// The value was cut to the column's maximum length.
    Truncate,
    /// The value was normalised (same meaning, canonical form).
    Normalise,
    /// The value could not be validated and was kept as written, with a warning.
    Keep,
    /// A code the institution lacks was kept as written and listed in `missing-config.csv`,
    /// so that SecuTix creates it before the import.
    Collect,
}

impl Outcome {
    /// Every outcome, in the order of the chart legend.
    pub const ALL: [Outcome; 7] = [
        Outcome::Reject,
        Outcome::Drop,
        Outcome::Repair,
        Outcome::Truncate,
        Outcome::Normalise,
        Outcome::Keep,
        Outcome::Collect,
    ];

    /// The serialised name: `reject`, `drop`, `repair`, `truncate`, `normalise`, `keep`,
    /// `collect`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Reject => "reject",
            Outcome::Drop => "drop",
            Outcome::Repair => "repair",
            Outcome::Truncate => "truncate",
            Outcome::Normalise => "normalise",
            Outcome::Keep => "keep",
            Outcome::Collect => "collect",
        }
    }
}

/// One line of the migration's `[map]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingEntry {
    /// The SecuTix column code.
    pub column: String,
    /// The mapping expression, as written in the migration file.
    pub expression: String,
}

impl Report {
    /// `rows read = written + rejected + merged + unchanged`.
    pub fn accounting_ok(&self) -> bool {
        let c = &self.counts;
        u128::from(c.read) == c.accounted()
    }

    /// Sorts [`rules`](Self::rules) by hits descending, then column, then rule, and keeps at
    /// most [`MAX_SAMPLES`] samples per rule. Call it once the rules are collected.
    pub fn sort_rules(&mut self) {
        self.rules.sort_by(rule_order);
        for rule in &mut self.rules {
            rule.samples.truncate(MAX_SAMPLES);
        }
    }

    /// The self-contained HTML page (no network: inline CSS, inline SVG charts, no scripts).
    ///
    /// Every count is in an element with the id `count-<name>` (`count-read`, …,
    /// `count-relays`) holding plain digits; the big visible numbers are grouped with a narrow
    /// no-break space. Every text from the report is HTML-escaped.
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self)
            .expect("a Report has only string keys and plain values: it always serialises");
        json.push('\n');
        json
    }

    /// Reads a report back from [`to_json`](Self::to_json)'s output.
    pub fn from_json(json: &str) -> serde_json::Result<Report> {
        serde_json::from_str(json)
    }
}

/// Hits descending, then column, then rule.
fn rule_order(a: &RuleHits, b: &RuleHits) -> std::cmp::Ordering {
    b.hits
        .cmp(&a.hits)
        .then_with(|| a.column.cmp(&b.column))
        .then_with(|| a.rule.cmp(&b.rule))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small but complete report used by the tests of this module and its submodules.
    pub(crate) fn sample_report() -> Report {
        Report {
            title: "acme".into(),
            run_id: "20250314T091200Z".into(),
            tool_version: "0.1.0".into(),
            generated_at: "2025-03-14T09:12:41Z".into(),
            source: "sqlite /data/legacy.db".into(),
            migration_sha256: "3f2a".repeat(16),
            counts: Counts {
                read: 2500,
                written: 2410,
                rejected: 71,
                merged: 19,
                unchanged: 0,
                warnings: 133,
                individuals: 2301,
                structures: 97,
                relays: 12,
            },
            columns: vec![
                ColumnFill {
                    code: "CONTACT_NR".into(),
                    section: "Contact".into(),
                    filled: 2410,
                },
                ColumnFill {
                    code: "FIRSTNAME".into(),
                    section: "Individual".into(),
                    filled: 2290,
                },
                ColumnFill {
                    code: "FAX".into(),
                    section: "Communication means".into(),
                    filled: 0,
                },
            ],
            rules: vec![
                RuleHits {
                    column: "EMAIL1".into(),
                    rule: "email".into(),
                    outcome: Outcome::Drop,
                    hits: 64,
                    samples: vec!["j***@gmail.con".into()],
                },
                RuleHits {
                    column: "BIRTHDATE".into(),
                    rule: "date".into(),
                    outcome: Outcome::Reject,
                    hits: 32,
                    samples: vec!["**.**.1975".into()],
                },
            ],
            mapping: vec![MappingEntry {
                column: "FIRSTNAME".into(),
                expression: "title_case(first_name)".into(),
            }],
            file_problems: vec![FileProblem {
                severity: Severity::Warning,
                row: Some(2),
                column: Some("TITLE".into()),
                message: "header row 2 differs from the profile".into(),
            }],
            dedupe: None,
        }
    }

    #[test]
    fn json_round_trips() {
        let report = sample_report();
        let json = report.to_json();
        assert!(json.ends_with("}\n"), "{json}");
        assert!(
            json.contains("\n  \"title\": \"acme\""),
            "pretty printed: {json}"
        );
        assert!(
            json.contains("\"outcome\": \"drop\""),
            "kebab-case outcome: {json}"
        );
        assert_eq!(Report::from_json(&json).unwrap(), report);
    }

    #[test]
    fn outcomes_serialise_in_kebab_case() {
        for outcome in Outcome::ALL {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(json, format!("\"{}\"", outcome.as_str()));
            assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), outcome);
        }
    }

    #[test]
    fn accounting_identity() {
        let mut report = sample_report();
        assert!(report.accounting_ok());
        report.counts.merged += 1;
        assert!(!report.accounting_ok());
        report.counts = Counts::default();
        assert!(report.accounting_ok(), "0 = 0 + 0 + 0");
        report.counts.written = u64::MAX;
        report.counts.rejected = 1;
        report.counts.read = 0;
        assert!(!report.accounting_ok(), "no overflow wrapping to 0");
    }

    #[test]
    fn sort_rules_orders_by_hits_then_column_then_rule_and_caps_samples() {
        let mut report = sample_report();
        let hit = |column: &str, rule: &str, hits: u64| RuleHits {
            column: column.into(),
            rule: rule.into(),
            outcome: Outcome::Repair,
            hits,
            samples: (0..8).map(|i| i.to_string()).collect(),
        };
        report.rules = vec![
            hit("LASTNAME", "b", 5),
            hit("EMAIL1", "x", 5),
            hit("LASTNAME", "a", 5),
            hit("ZIPCODE", "z", 90),
        ];
        report.sort_rules();
        let order: Vec<_> = report
            .rules
            .iter()
            .map(|r| format!("{}/{}", r.column, r.rule))
            .collect();
        assert_eq!(order, ["ZIPCODE/z", "EMAIL1/x", "LASTNAME/a", "LASTNAME/b"]);
        assert!(report.rules.iter().all(|r| r.samples.len() == MAX_SAMPLES));
    }
}
