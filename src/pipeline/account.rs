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
    /// Rows merged into another contact by deduplication (`[dedupe]`).
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
    /// Problems of the input as a whole: those found before the rows were read (`check`'s
    /// header rows) and the spreadsheet damage found in the values.
    pub file_problems: Vec<crate::report::FileProblem>,
    /// What deduplication did (`[dedupe]` on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedupe: Option<crate::dedupe::report::DedupeTotals>,
    /// Rows a delta run (`--since`) did not write: SecuTix holds them as they are.
    pub rows_unchanged: u64,
    /// What the run did per source key (a run with `[read] key` and run state).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<crate::runs::delta::KeyCounts>,
    /// The same per key, for the run state (not in the summary printed).
    #[serde(skip)]
    pub keys: Option<crate::runs::KeyOutcome>,
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
        if tally.samples.len() < crate::report::MAX_SAMPLES && !value.is_empty() {
            // A sample is shown, masked, in the report: its beginning is enough.
            let sample = super::judge::excerpt(value);
            if !tally.samples.iter().any(|s| *s == sample) {
                tally.samples.push(sample.into_owned());
            }
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

/// Rows read against rows written, rejected and merged, and the ledger of where each record
/// went: the promise that nothing is lost.
pub(super) fn check_accounting(summary: &RunSummary, ledger: &Ledger) -> Result<(), RunError> {
    let problems = ledger.problems();
    let balanced = summary.rows_read
        == summary.rows_written
            + summary.rows_rejected
            + summary.rows_merged
            + summary.rows_unchanged;
    if balanced && problems.is_empty() {
        return Ok(());
    }
    Err(RunError::Accounting {
        read: summary.rows_read,
        written: summary.rows_written,
        rejected: summary.rows_rejected,
        merged: summary.rows_merged,
        unchanged: summary.rows_unchanged,
        problems: problems.iter().map(|p| format!("\n  - {p}")).collect(),
        dir: summary.out_dir.clone(),
    })
}

/// A set of `_seq` numbers, one bit per record of the run (1.25 MB for 10 M records).
#[derive(Debug, Default, Clone)]
pub(super) struct SeqSet {
    words: Vec<u64>,
    len: u64,
}

impl SeqSet {
    /// Adds `seq`; false when it was there already.
    pub(super) fn insert(&mut self, seq: u64) -> bool {
        let (word, bit) = ((seq / 64) as usize, seq % 64);
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        let fresh = self.words[word] & (1 << bit) == 0;
        self.words[word] |= 1 << bit;
        self.len += fresh as u64;
        fresh
    }

    /// Whether `seq` is in the set.
    pub(super) fn contains(&self, seq: u64) -> bool {
        self.words
            .get((seq / 64) as usize)
            .is_some_and(|w| w & (1 << (seq % 64)) != 0)
    }

    /// Number of `_seq` in the set.
    pub(super) fn len(&self) -> u64 {
        self.len
    }
}

/// Records handed on, by `_seq`, and how many came twice.
#[derive(Debug, Default, Clone)]
pub(super) struct Tally {
    /// Each `_seq` seen.
    pub seqs: SeqSet,
    /// Records whose `_seq` had been seen before.
    pub repeated: u64,
}

impl Tally {
    /// Counts the record `seq`.
    pub(super) fn add(&mut self, seq: u64) {
        if !self.seqs.insert(seq) {
            self.repeated += 1;
        }
    }

    /// Records counted, repeats included.
    pub(super) fn total(&self) -> u64 {
        self.seqs.len() + self.repeated
    }
}

/// The source row of each `_seq`: runs of consecutive source rows, a few per batch.
#[derive(Debug, Default)]
pub(super) struct RowIndex {
    /// `(first _seq, its source row)` of each run, by `_seq`.
    runs: Vec<(u64, u64)>,
}

impl RowIndex {
    /// Notes the source rows of a batch whose first record is `first_seq`.
    pub(super) fn add(&mut self, first_seq: u64, rows: impl Iterator<Item = u64>) {
        for (i, row) in rows.enumerate() {
            let seq = first_seq + i as u64;
            let continues = self
                .runs
                .last()
                .is_some_and(|(s, r)| r + (seq - s) == row && seq > *s);
            if !continues {
                self.runs.push((seq, row));
            }
        }
    }

    /// The source row of record `seq`.
    pub(super) fn source_row(&self, seq: u64) -> u64 {
        let i = self.runs.partition_point(|(s, _)| *s <= seq);
        match i.checked_sub(1).map(|i| self.runs[i]) {
            Some((s, r)) => r + (seq - s),
            None => 0,
        }
    }
}

/// Where every record of the run went, as counted by what wrote it: the contact writer (or,
/// under `check`, the hand-over), the rejects file, and the files' own row counts.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    /// Rows the source reported read.
    pub rows_read: u64,
    /// `_seq` numbers given out (rows read that were not rejected while reading).
    pub records: u64,
    /// Source rows of the records.
    pub index: RowIndex,
    /// Records written to the contact files.
    pub written: Tally,
    /// Data rows of the contact files, per format (`csv`, `xlsx`), summed over the parts.
    pub file_rows: BTreeMap<&'static str, u64>,
    /// Records written to `rejects.csv`.
    pub rejected: Tally,
    /// Rows rejected while reading written to `rejects.csv` (they have no `_seq`).
    pub read_rejects: u64,
    /// Data rows of `rejects.csv` as its writer counted them.
    pub rejects_file_rows: u64,
    /// Records merged into another by deduplication, as the hand-over to the writers left
    /// them out.
    pub merged: Tally,
    /// Records a delta run left out as unchanged.
    pub unchanged: Tally,
}

/// Source rows listed in a mismatch message at most.
const LISTED_ROWS: usize = 20;

impl Ledger {
    /// Rows merged into another contact.
    pub(super) fn rows_merged(&self) -> u64 {
        self.merged.total()
    }

    /// Rows a delta run left out as unchanged.
    pub(super) fn rows_unchanged(&self) -> u64 {
        self.unchanged.total()
    }

    /// Rows written to the contact files.
    pub(super) fn rows_written(&self) -> u64 {
        self.written.total()
    }

    /// What does not add up, each as a sentence naming the rows.
    pub(super) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.rows_read != self.records + self.read_rejects {
            problems.push(format!(
                "{} rows read, but {} records went on and {} were rejected while reading",
                self.rows_read, self.records, self.read_rejects
            ));
        }
        let (mut missing, mut twice) = (Vec::new(), Vec::new());
        for seq in 0..self.records {
            let places = self.written.seqs.contains(seq) as u8
                + self.rejected.seqs.contains(seq) as u8
                + self.merged.seqs.contains(seq) as u8
                + self.unchanged.seqs.contains(seq) as u8;
            match places {
                0 => missing.push(seq),
                1 => {}
                _ => twice.push(seq),
            }
        }
        if !missing.is_empty() {
            problems.push(format!(
                "{} source row(s) neither in a contact file nor in rejects.csv nor merged nor unchanged: {}",
                missing.len(),
                self.listed(&missing)
            ));
        }
        if !twice.is_empty() {
            problems.push(format!(
                "{} source row(s) in more than one of a contact file, rejects.csv, the merged and the unchanged rows: {}",
                twice.len(),
                self.listed(&twice)
            ));
        }
        for (what, repeated) in [
            ("a contact file", self.written.repeated),
            ("rejects.csv", self.rejected.repeated),
            ("the merged rows", self.merged.repeated),
            ("the unchanged rows", self.unchanged.repeated),
        ] {
            if repeated > 0 {
                problems.push(format!("{repeated} record(s) written twice to {what}"));
            }
        }
        for (format, rows) in &self.file_rows {
            if *rows != self.written.total() {
                problems.push(format!(
                    "the {format} contact file(s) hold {rows} data rows, the writer wrote {}",
                    self.written.total()
                ));
            }
        }
        let rejected = self.rejected.total() + self.read_rejects;
        if self.rejects_file_rows != rejected {
            problems.push(format!(
                "rejects.csv holds {} rows, {rejected} were rejected",
                self.rejects_file_rows
            ));
        }
        problems
    }

    fn listed(&self, seqs: &[u64]) -> String {
        let mut rows: Vec<String> = seqs
            .iter()
            .take(LISTED_ROWS)
            .map(|s| self.index.source_row(*s).to_string())
            .collect();
        if seqs.len() > LISTED_ROWS {
            rows.push(format!("… ({} more)", seqs.len() - LISTED_ROWS));
        }
        format!("source row {}", rows.join(", "))
    }
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
        // A name is a value other than the erase marker; only INSERT rows create contacts.
        let present = |name: &str| -> Vec<bool> {
            match contacts.column(name).and_then(|c| c.str().cloned()) {
                Ok(c) => c.iter().map(|v| v.is_some_and(|v| v != "=")).collect(),
                Err(_) => vec![false; contacts.height()],
            }
        };
        let inserts: Vec<bool> = match contacts.column("OPERATION").and_then(|c| c.str().cloned()) {
            Ok(c) => c
                .iter()
                .map(|v| v.is_none_or(|v| v.trim().eq_ignore_ascii_case("INSERT")))
                .collect(),
            Err(_) => vec![true; contacts.height()],
        };
        let (first, last, official) = (
            present("FIRSTNAME"),
            present("LASTNAME"),
            present("OFFICIAL_NAME"),
        );
        for i in (0..contacts.height()).filter(|i| inserts[*i]) {
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
            unchanged: summary.rows_unchanged,
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
        file_problems: summary.file_problems.clone(),
        dedupe: None,
    };
    report.sort_rules();
    report
}

#[cfg(test)]
mod ledger_tests {
    use super::*;

    fn ledger(records: u64) -> Ledger {
        let mut ledger = Ledger {
            rows_read: records,
            records,
            ..Ledger::default()
        };
        // Source rows start at 2 (a header line), with a gap after record 4.
        ledger.index.add(0, [2, 3, 4, 5, 6].into_iter());
        ledger.index.add(5, 10..10 + records - 5);
        ledger
    }

    #[test]
    fn a_complete_run_adds_up() {
        let mut l = ledger(8);
        for seq in [0, 1, 2, 4, 5, 7] {
            l.written.add(seq);
        }
        for seq in [3, 6] {
            l.rejected.add(seq);
        }
        l.file_rows.insert("csv", 6);
        l.file_rows.insert("xlsx", 6);
        l.rejects_file_rows = 2;
        assert_eq!(l.problems(), Vec::<String>::new());
    }

    #[test]
    fn a_row_dropped_on_its_way_to_the_writer_is_named_by_its_source_row() {
        let mut l = ledger(8);
        for seq in [0, 1, 2, 4, 7] {
            l.written.add(seq);
        }
        for seq in [3, 6] {
            l.rejected.add(seq);
        }
        l.file_rows.insert("csv", 5);
        l.rejects_file_rows = 2;
        let problems = l.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        // Record 5 came from source row 10 (after the gap).
        assert!(
            problems[0].contains("1 source row(s) neither") && problems[0].ends_with("row 10"),
            "{problems:?}"
        );
    }

    #[test]
    fn csv_and_xlsx_that_disagree_and_repeats_are_problems() {
        let mut l = ledger(5);
        for seq in [0, 1, 2, 3, 4, 4] {
            l.written.add(seq);
        }
        l.file_rows.insert("csv", 6);
        l.file_rows.insert("xlsx", 5);
        let problems = l.problems().join("\n");
        assert!(problems.contains("1 record(s) written twice to a contact file"));
        assert!(problems.contains("the xlsx contact file(s) hold 5 data rows, the writer wrote 6"));
        assert!(!problems.contains("csv contact"));
    }

    #[test]
    fn the_row_index_finds_rows_across_runs() {
        let l = ledger(9);
        assert_eq!(l.index.source_row(0), 2);
        assert_eq!(l.index.source_row(4), 6);
        assert_eq!(l.index.source_row(5), 10);
        assert_eq!(l.index.source_row(8), 13);
    }
}
