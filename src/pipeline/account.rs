//! The account stage: what each rule did (tallies), what the written rows hold, the run's
//! summary and report, and the check that every row read is written, rejected or merged.

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;
use serde::Serialize;

use super::{Prepared, RunError};
use crate::report::{Outcome, Report};
use crate::writers::WrittenFile;

/// Counts and files of a finished run.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// Run identifier (UTC start time).
    pub run_id: String,
    /// Folder of the outputs.
    pub out_dir: PathBuf,
    /// Source rows read (including those rejected while reading).
    pub rows_read: u64,
    /// Rows written to the SecuTix files.
    pub rows_written: u64,
    /// Rows in rejects.csv.
    pub rows_rejected: u64,
    /// Rows merged into another contact (deduplication; 0 until it exists).
    pub rows_merged: u64,
    /// Fields dropped with a warning.
    pub warnings: u64,
    /// rows_rejected / rows_read (0 when nothing was read).
    pub reject_rate: f64,
    /// Every file written, contact files first.
    pub files: Vec<WrittenFile>,
    /// How often each `COLUMN/rule` fired (rejects and warnings).
    pub rule_hits: BTreeMap<String, u64>,
    /// Wall time of the run in milliseconds.
    pub elapsed_ms: u128,
}

/// How often a rule fired on a column, what it did, and the first distinct values it fired on
/// (unmasked: mask them before they leave the run, see `report::mask_sample`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTally {
    /// What the rule did.
    pub outcome: Outcome,
    /// How many times.
    pub hits: u64,
    /// Up to five distinct values.
    pub samples: Vec<String>,
}

/// How often each rule fired on each column: `(column, rule)` → tally.
#[derive(Debug, Default)]
pub struct Tallies {
    by_rule: BTreeMap<(String, String), RuleTally>,
}

impl Tallies {
    /// Counts one firing of `rule` on `column` and remembers `value` among the samples.
    pub fn hit(&mut self, column: &str, rule: &str, outcome: Outcome, value: &str) {
        let tally = self
            .by_rule
            .entry((column.to_string(), rule.to_string()))
            .or_insert_with(|| RuleTally {
                outcome,
                hits: 0,
                samples: Vec::new(),
            });
        tally.hits += 1;
        if tally.samples.len() < crate::report::MAX_SAMPLES
            && !value.is_empty()
            && !tally.samples.iter().any(|s| s == value)
        {
            tally.samples.push(value.to_string());
        }
    }

    /// `COLUMN/rule` → hits, for the summary and the protocol.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.by_rule
            .iter()
            .map(|((column, rule), t)| (format!("{column}/{rule}"), t.hits))
            .collect()
    }
}

/// Rows read against rows written, rejected and merged: the promise that nothing is lost.
pub(super) fn check_accounting(summary: &RunSummary) -> Result<(), RunError> {
    if summary.rows_read == summary.rows_written + summary.rows_rejected + summary.rows_merged {
        return Ok(());
    }
    Err(RunError::Accounting {
        read: summary.rows_read,
        written: summary.rows_written,
        rejected: summary.rows_rejected,
        merged: summary.rows_merged,
        dir: summary.out_dir.clone(),
    })
}

/// What the written rows hold: filled cells per SecuTix column and the kinds of contact.
pub(super) struct WrittenTally {
    filled: Vec<u64>,
    individuals: u64,
    structures: u64,
    relays: u64,
}

impl WrittenTally {
    pub(super) fn new(columns: usize) -> WrittenTally {
        WrittenTally {
            filled: vec![0; columns],
            individuals: 0,
            structures: 0,
            relays: 0,
        }
    }

    /// Counts a batch of written rows (SecuTix columns in profile order).
    pub(super) fn add(&mut self, contacts: &DataFrame) {
        for (slot, column) in self.filled.iter_mut().zip(contacts.columns()) {
            *slot += (column.len() - column.null_count()) as u64;
        }
        let present = |name: &str| -> Vec<bool> {
            match contacts.column(name) {
                Ok(c) => c.is_not_null().iter().map(|v| v.unwrap_or(false)).collect(),
                Err(_) => vec![false; contacts.height()],
            }
        };
        let (first, last, official) = (
            present("FIRSTNAME"),
            present("LASTNAME"),
            present("OFFICIAL_NAME"),
        );
        for i in 0..contacts.height() {
            // Spec §4.1: names only → individual; structure name only → structure; both → a
            // structure and its relay.
            match (first[i] || last[i], official[i]) {
                (true, false) => self.individuals += 1,
                (false, true) => self.structures += 1,
                (true, true) => self.relays += 1,
                (false, false) => {}
            }
        }
    }
}

pub(super) fn build_report(
    prepared: &Prepared,
    summary: &RunSummary,
    tallies: &Tallies,
    written: &WrittenTally,
    started_at: chrono::DateTime<chrono::Utc>,
    file_problems: &[crate::report::FileProblem],
) -> Report {
    let m = &prepared.migration;
    let d = prepared.source.description();
    let profile = &prepared.profile;
    let mut mapping: Vec<crate::report::MappingEntry> = m
        .file
        .map
        .iter()
        .map(|(column, e)| crate::report::MappingEntry {
            column: column.clone(),
            expression: e.get_ref().clone(),
        })
        .collect();
    mapping.sort_by_key(|e| profile.position(&e.column));
    let mut report = Report {
        title: m.file.migration.name.clone(),
        run_id: summary.run_id.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        generated_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        source: format!("{} {}", d.connector, d.location),
        migration_sha256: m.sha256.clone(),
        counts: crate::report::Counts {
            read: summary.rows_read,
            written: summary.rows_written,
            rejected: summary.rows_rejected,
            merged: summary.rows_merged,
            warnings: summary.warnings,
            individuals: written.individuals,
            structures: written.structures,
            relays: written.relays,
        },
        columns: profile
            .columns()
            .iter()
            .zip(&written.filled)
            .map(|(c, filled)| crate::report::ColumnFill {
                code: c.code.clone(),
                section: c.section.clone(),
                filled: *filled,
            })
            .collect(),
        rules: tallies
            .by_rule
            .iter()
            .map(|((column, rule), t)| crate::report::RuleHits {
                column: column.clone(),
                rule: rule.clone(),
                outcome: t.outcome,
                hits: t.hits,
                samples: t
                    .samples
                    .iter()
                    .map(|v| crate::report::mask_sample(column, v))
                    .collect(),
            })
            .collect(),
        mapping,
        file_problems: file_problems.to_vec(),
    };
    report.sort_rules();
    report
}
