//! Which contacts a service file is for: a list of contact numbers, a SecuTix export
//! filtered by a condition of the mapping language, or a run of the migration's state.
//!
//! ```text
//! read      the list, the export (CSV or workbook, codes on one of its first rows), or the
//!           run's key rows
//! filter    --where: a condition compiled like a [map] expression over the table's columns
//!           (all text); a row where it is unknown (an empty or unreadable value) is not
//!           selected, and counted with the reason
//! once      each contact number once (the first row); the others counted
//! ```

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::Serialize;

use super::ServiceError;
use crate::mapping::{compile_expression, Lookups};
use crate::runs::reconcile::{
    parse_contact_table, read_export_columns, stream_contact_table, ContactTable,
};
use crate::runs::StateStore;

/// The contact number column.
pub const CONTACT_NR: &str = "CONTACT_NR";

/// At most this many rows whose condition is unknown are named in the protocol and output.
pub const MAX_UNDECIDED_SAMPLES: usize = 20;

/// Where the contacts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionSource {
    /// A file of contact numbers: one per line, or a CSV with a CONTACT_NR column.
    Numbers(PathBuf),
    /// Contact numbers given on the command line.
    Contacts(Vec<String>),
    /// A SecuTix export (CSV or workbook).
    Export(PathBuf),
    /// The contacts a run of the migration wrote (its id or tag).
    Run(String),
}

/// A selection as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionSpec {
    /// Where the contacts come from.
    pub source: SelectionSource,
    /// `--where`: a condition over the source's columns.
    pub filter: Option<String>,
}

/// The selected rows: the source's columns, one row per contact.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Column names (an export's codes; `CONTACT_NR` for a list).
    pub columns: Vec<String>,
    /// Selected rows, in source order.
    pub rows: Vec<Vec<String>>,
    /// The source row (1-based file row, or position in a list) of each selected row.
    pub source_rows: Vec<u64>,
    /// What was read and kept, for the protocol and the summary.
    pub record: SelectionRecord,
}

/// How the selection was made: the protocol's "who selected what, how many".
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SelectionRecord {
    /// `numbers`, `contacts`, `export` or `run`.
    pub source: String,
    /// The file read (absolute), or the run.
    pub from: String,
    /// SHA-256 of the file read, when a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// `--where` as given (string literals masked under ANONYMIZE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Rows read from the source.
    pub rows_read: u64,
    /// Rows the condition holds for (all, without `--where`).
    pub matched: u64,
    /// Rows where the condition is unknown: not selected (`empty` of them for an empty
    /// value, the others for a value a function could not read: `undecided_rows`).
    pub undecided: u64,
    /// Rows where the condition is unknown because a value it reads is empty.
    pub empty: u64,
    /// Matched rows whose contact number an earlier row already had: taken once.
    pub duplicates: u64,
    /// Rows selected: one per contact.
    pub selected: u64,
    /// The first rows whose condition is unknown, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecided_rows: Vec<Undecided>,
}

/// A row the condition could not decide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Undecided {
    /// Source row.
    pub row: u64,
    /// Why (a function's message, with the value unless masked).
    pub reason: String,
}

/// What the selection may show of the values it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Messages quote the values (they are the user's own export).
    Shown,
    /// Messages never quote a value (ANONYMIZE: nothing personal in our outputs).
    Withheld,
}

impl SelectionSpec {
    /// Reads and filters the selection. Of an export, only CONTACT_NR and the columns the
    /// condition or one of `needs` (expressions or column names) mentions are read.
    pub async fn select(
        &self,
        state: Option<(&StateStore, &str)>,
        lookups: &Lookups,
        values: Values,
        needs: &[String],
    ) -> Result<Selection, ServiceError> {
        let keep = |column: &str| {
            column == CONTACT_NR
                || self.filter.as_ref().is_some_and(|f| mentions(f, column))
                || needs.iter().any(|n| mentions(n, column))
        };
        let mut chooser = Chooser {
            filter: self.filter.as_deref(),
            lookups,
            values,
            record: SelectionRecord::default(),
            seen: HashSet::new(),
            selection: Selection::default(),
        };
        let mut record = match &self.source {
            SelectionSource::Export(path) if !crate::runs::reconcile::is_workbook(path) => {
                self.stream_export(path, &keep, &mut chooser)?
            }
            _ => {
                let (mut table, record) = self.read(state, &keep).await?;
                chooser.take(&mut table, &record.from)?;
                record
            }
        };
        let mut selection = chooser.selection;
        let counted = chooser.record;
        record.rows_read = counted.rows_read;
        record.matched = counted.matched;
        record.undecided = counted.undecided;
        record.empty = counted.empty;
        record.undecided_rows = counted.undecided_rows;
        record.duplicates = counted.duplicates;
        record.filter = self.filter.as_ref().map(|f| match values {
            Values::Shown => f.clone(),
            Values::Withheld => mask_literals(f),
        });
        record.selected = selection.rows.len() as u64;
        selection.record = record;
        Ok(selection)
    }

    /// A CSV export read row by row, filtered in batches: only the selected rows are held.
    fn stream_export(
        &self,
        path: &Path,
        keep: crate::runs::reconcile::Keep<'_>,
        chooser: &mut Chooser<'_>,
    ) -> Result<SelectionRecord, ServiceError> {
        let bytes = read_file(path)?;
        let what = shown(path);
        let mut batch = ContactTable::default();
        let mut failed: Option<ServiceError> = None;
        let codes = stream_contact_table(
            &String::from_utf8_lossy(&bytes),
            keep,
            |codes, number, row| {
                if batch.codes.is_empty() {
                    batch.codes = codes.to_vec();
                }
                batch.rows.push(row);
                batch.row_numbers.push(number);
                if batch.rows.len() >= FILTER_BATCH_ROWS {
                    if let Err(e) = chooser.take(&mut batch, &what) {
                        failed = Some(e);
                        return Err("stopped".into());
                    }
                }
                Ok(())
            },
        );
        if let Some(e) = failed {
            return Err(e);
        }
        let codes = codes
            .map_err(|message| ServiceError::Selection {
                what: what.clone(),
                message,
                hint: "give a SecuTix export with a CONTACT_NR column (CSV or workbook)".into(),
            })?
            .ok_or_else(|| ServiceError::Selection {
                what: what.clone(),
                message: crate::runs::reconcile::NO_CODES_ROW.into(),
                hint: "give a SecuTix export with a CONTACT_NR column (CSV or workbook)".into(),
            })?;
        // The last rows, and a condition checked even when the export has no row.
        batch.codes = codes;
        chooser.take(&mut batch, &what)?;
        Ok(SelectionRecord {
            source: "export".into(),
            from: what,
            sha256: Some(crate::writers::sha256_hex(&bytes)),
            ..SelectionRecord::default()
        })
    }

    /// The table the selection comes from, and its record so far.
    async fn read(
        &self,
        state: Option<(&StateStore, &str)>,
        keep: crate::runs::reconcile::Keep<'_>,
    ) -> Result<(ContactTable, SelectionRecord), ServiceError> {
        let record = |source: &str, from: String, sha256: Option<String>| SelectionRecord {
            source: source.into(),
            from,
            sha256,
            ..SelectionRecord::default()
        };
        Ok(match &self.source {
            SelectionSource::Numbers(path) => {
                let bytes = read_file(path)?;
                let table = numbers_table(path, &String::from_utf8_lossy(&bytes))?;
                (
                    table,
                    record(
                        "numbers",
                        shown(path),
                        Some(crate::writers::sha256_hex(&bytes)),
                    ),
                )
            }
            SelectionSource::Contacts(numbers) => {
                let table = ContactTable {
                    codes: vec![CONTACT_NR.into()],
                    rows: numbers.iter().map(|n| vec![n.trim().to_string()]).collect(),
                    row_numbers: (1..=numbers.len() as u64).collect(),
                };
                (table, record("contacts", "the command line".into(), None))
            }
            SelectionSource::Export(path) => {
                let bytes = read_file(path)?;
                let table =
                    read_export_columns(path, keep)
                        .await
                        .map_err(|e| ServiceError::Selection {
                            what: shown(path),
                            message: e.to_string(),
                            hint:
                                "give a SecuTix export with a CONTACT_NR column (CSV or workbook)"
                                    .into(),
                        })?;
                (
                    table,
                    record(
                        "export",
                        shown(path),
                        Some(crate::writers::sha256_hex(&bytes)),
                    ),
                )
            }
            SelectionSource::Run(run) => {
                let (store, migration) = state.ok_or_else(|| ServiceError::Selection {
                    what: format!("run {run}"),
                    message: "no run state".into(),
                    hint: "a run is selected from the migration's state".into(),
                })?;
                let run_id = super::find_run(store, migration, run).await?;
                (
                    run_table(store, &run_id).await?,
                    record("run", run_id, None),
                )
            }
        })
    }
}

/// Rows filtered at once: the condition runs on batches of this many rows, so that only the
/// selected rows of a large export are held.
const FILTER_BATCH_ROWS: usize = 65_536;

/// Filters batches of rows and keeps the selected ones, each contact once.
struct Chooser<'a> {
    filter: Option<&'a str>,
    lookups: &'a Lookups,
    values: Values,
    /// Counts so far.
    record: SelectionRecord,
    seen: HashSet<String>,
    selection: Selection,
}

impl Chooser<'_> {
    /// Filters `batch` (emptied) into the selection.
    fn take(&mut self, batch: &mut ContactTable, what: &str) -> Result<(), ServiceError> {
        let table = ContactTable {
            codes: batch.codes.clone(),
            rows: std::mem::take(&mut batch.rows),
            row_numbers: std::mem::take(&mut batch.row_numbers),
        };
        let number = table
            .column(CONTACT_NR)
            .ok_or_else(|| ServiceError::Selection {
                what: what.to_string(),
                message: "no CONTACT_NR column".into(),
                hint: "a SecuTix export names its columns by code (CONTACT_NR, FIRSTNAME ...)"
                    .into(),
            })?;
        let keep = match self.filter {
            Some(filter) => {
                filter_rows(&table, filter, self.lookups, self.values, &mut self.record)?
            }
            None => vec![true; table.rows.len()],
        };
        if self.selection.columns.is_empty() {
            self.selection.columns = table.codes.clone();
        }
        self.record.rows_read += table.rows.len() as u64;
        self.record.matched += keep.iter().filter(|k| **k).count() as u64;
        for ((row, source_row), keep) in table.rows.into_iter().zip(table.row_numbers).zip(keep) {
            if !keep {
                continue;
            }
            let nr = row.get(number).map(|n| n.trim()).unwrap_or("");
            // Rows without a number stay: the file rejects them, visibly.
            if !nr.is_empty() && !self.seen.insert(nr.to_string()) {
                self.record.duplicates += 1;
                continue;
            }
            self.selection.rows.push(row);
            self.selection.source_rows.push(source_row);
        }
        Ok(())
    }
}

/// The contacts a run wrote: its key rows with a contact number (INSERT, UPDATE or
/// INVALIDATE), else, for a run that followed no key, the numbers of its contact files.
async fn run_table(store: &StateStore, run_id: &str) -> Result<ContactTable, ServiceError> {
    use crate::runs::KeyOp;
    let rows = store.key_rows(run_id).await?;
    let mut table = ContactTable {
        codes: vec![CONTACT_NR.into(), "KEY".into(), "OP".into()],
        ..ContactTable::default()
    };
    let written = |op: KeyOp| matches!(op, KeyOp::Insert | KeyOp::Update | KeyOp::Invalidate);
    let mut rows: Vec<_> = rows.into_iter().filter(|r| written(r.op)).collect();
    rows.sort_by(|a, b| {
        let order = |r: &crate::runs::HistoryRow| {
            r.contact_nr
                .as_ref()
                .map(|n| (n.len(), n.clone()))
                .unwrap_or((usize::MAX, String::new()))
        };
        order(a).cmp(&order(b)).then_with(|| a.key.cmp(&b.key))
    });
    for (i, row) in rows.into_iter().enumerate() {
        table.rows.push(vec![
            row.contact_nr.unwrap_or_default(),
            row.key,
            row.op.as_str().into(),
        ]);
        table.row_numbers.push(i as u64 + 1);
    }
    if !table.rows.is_empty() {
        return Ok(table);
    }
    // A run without keys: the numbers in the contact files it wrote.
    let runs = store.runs().await?;
    let files: Vec<PathBuf> = runs
        .iter()
        .filter(|r| r.run_id == run_id)
        .flat_map(|r| r.files.iter())
        .map(|f| PathBuf::from(&f.0))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "csv")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with("rejects") && !n.starts_with("warnings"))
        })
        .collect();
    for path in files {
        let Ok(contacts) = crate::runs::reconcile::read_contact_table(&path) else {
            continue;
        };
        let (Some(nr), op) = (contacts.column(CONTACT_NR), contacts.column("OPERATION")) else {
            continue;
        };
        for row in &contacts.rows {
            let number = row.get(nr).cloned().unwrap_or_default();
            let operation = op.and_then(|o| row.get(o)).cloned().unwrap_or_default();
            if number.trim().is_empty() || operation.eq_ignore_ascii_case("CONFIG") {
                continue;
            }
            table.rows.push(vec![number, String::new(), operation]);
            table.row_numbers.push(table.rows.len() as u64);
        }
    }
    Ok(table)
}

/// A file of contact numbers: a table with a CONTACT_NR column, else one number per line
/// (blank lines and `#` comments skipped).
fn numbers_table(path: &Path, text: &str) -> Result<ContactTable, ServiceError> {
    if let Ok(Some(table)) = parse_contact_table(text) {
        return Ok(table);
    }
    let mut table = ContactTable {
        codes: vec![CONTACT_NR.into()],
        ..ContactTable::default()
    };
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.contains([',', ';', '\t']) {
            return Err(ServiceError::Selection {
                what: shown(path),
                message: format!(
                    "line {}: '{line}' holds several values and the file has no CONTACT_NR header",
                    i + 1
                ),
                hint: "one contact number per line, or a CSV whose header names CONTACT_NR".into(),
            });
        }
        table.rows.push(vec![line.to_string()]);
        table.row_numbers.push(i as u64 + 1);
    }
    Ok(table)
}

/// Which rows the condition holds for; rows where it is unknown are counted in `record`.
fn filter_rows(
    table: &ContactTable,
    filter: &str,
    lookups: &Lookups,
    values: Values,
    record: &mut SelectionRecord,
) -> Result<Vec<bool>, ServiceError> {
    let frame = table_frame(table)?;
    let compiled = compile_expression(filter, frame.schema(), lookups).map_err(|e| {
        ServiceError::Expression {
            option: "--where".into(),
            expression: filter.into(),
            message: e.to_string(),
        }
    })?;
    let mut exprs = vec![compiled.expr.alias("__keep")];
    for (i, check) in compiled.checks.iter().enumerate() {
        exprs.push(check.failed.clone().alias(format!("__failed{i}")));
        exprs.push(check.value.clone().alias(format!("__value{i}")));
    }
    let result = frame
        .lazy()
        .select(exprs)
        .collect()
        .map_err(|e| ServiceError::Expression {
            option: "--where".into(),
            expression: filter.into(),
            message: crate::mapping::clean_polars_error(&e),
        })?;
    let keep = result
        .column("__keep")
        .map_err(|e| polars_failure(filter, &e))?;
    let keep = keep.bool().map_err(|_| ServiceError::Expression {
        option: "--where".into(),
        expression: filter.into(),
        message: format!(
            "the condition gives {}, not true or false; compare it, e.g. COUNTRY = 'CH'",
            keep.dtype()
        ),
    })?;
    let mut out = Vec::with_capacity(table.rows.len());
    for (i, kept) in keep.iter().enumerate() {
        out.push(kept == Some(true));
        if kept.is_some() {
            continue;
        }
        record.undecided += 1;
        let Some(reason) = failed_check(&result, &compiled.checks, i, values) else {
            record.empty += 1;
            continue;
        };
        if record.undecided_rows.len() < MAX_UNDECIDED_SAMPLES {
            record.undecided_rows.push(Undecided {
                row: table.row_numbers.get(i).copied().unwrap_or(i as u64 + 1),
                reason,
            });
        }
    }
    Ok(out)
}

/// The message of the first check that failed on row `i`.
fn failed_check(
    result: &DataFrame,
    checks: &[crate::mapping::Check],
    i: usize,
    values: Values,
) -> Option<String> {
    checks.iter().enumerate().find_map(|(n, check)| {
        let failed = result
            .column(&format!("__failed{n}"))
            .ok()?
            .bool()
            .ok()?
            .get(i)?;
        if !failed {
            return None;
        }
        let value = match values {
            Values::Shown => result
                .column(&format!("__value{n}"))
                .ok()?
                .str()
                .ok()?
                .get(i)
                .unwrap_or("")
                .to_string(),
            Values::Withheld => "…".into(),
        };
        Some(format!(
            "{}: {}",
            check.rule,
            check.message.replace("{value}", &value)
        ))
    })
}

fn polars_failure(filter: &str, e: &PolarsError) -> ServiceError {
    ServiceError::Expression {
        option: "--where".into(),
        expression: filter.into(),
        message: crate::mapping::clean_polars_error(e),
    }
}

/// The table as text columns (an empty cell is NULL, as in a source), named uniquely.
fn table_frame(table: &ContactTable) -> Result<DataFrame, ServiceError> {
    let mut names: HashSet<String> = HashSet::new();
    let mut columns = Vec::with_capacity(table.codes.len());
    for (c, code) in table.codes.iter().enumerate() {
        let mut name = if code.is_empty() {
            format!("column_{}", c + 1)
        } else {
            code.clone()
        };
        while !names.insert(name.clone()) {
            name.push('_');
        }
        let values: StringChunked = table
            .rows
            .iter()
            .map(|r| {
                r.get(c)
                    .map(String::as_str)
                    .filter(|v| !v.trim().is_empty())
            })
            .collect();
        columns.push(values.with_name(name.into()).into_column());
    }
    DataFrame::new(table.rows.len(), columns).map_err(|e| ServiceError::Selection {
        what: "the selection".into(),
        message: e.to_string(),
        hint: String::new(),
    })
}

/// Whether an expression names `column`: the name as a whole word (`LASTNAME` in
/// `upper(LASTNAME)`, not in `LASTNAME2`). A false hit only keeps one column more.
pub fn mentions(expression: &str, column: &str) -> bool {
    if column.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    expression.match_indices(column).any(|(at, _)| {
        !word(expression[..at].chars().next_back())
            && !word(expression[at + column.len()..].chars().next())
    })
}

/// The condition with every quoted literal replaced by `'…'`: under ANONYMIZE a condition
/// that names a person (`LASTNAME = 'Muster'`) is not kept.
pub fn mask_literals(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut chars = expression.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            out.push(c);
            continue;
        }
        // Inside a literal until a quote that is not doubled ('it''s').
        loop {
            match chars.next() {
                Some('\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                }
                Some('\'') | None => break,
                Some(_) => {}
            }
        }
        out.push_str("'…'");
    }
    out
}

fn read_file(path: &Path) -> Result<Vec<u8>, ServiceError> {
    std::fs::read(path).map_err(|e| ServiceError::Selection {
        what: shown(path),
        message: e.to_string(),
        hint: "check the path".into(),
    })
}

fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export() -> ContactTable {
        ContactTable {
            codes: vec![
                "CONTACT_NR".into(),
                "LASTNAME".into(),
                "LAST_ACTIVITY".into(),
            ],
            rows: vec![
                vec!["100".into(), "Muster".into(), "31.12.2018".into()],
                vec!["101".into(), "Meier".into(), "01.01.2019".into()],
                vec!["102".into(), "Keller".into(), "".into()],
                vec!["103".into(), "Huber".into(), "2018-13-45".into()],
                vec!["100".into(), "Muster".into(), "01.06.2010".into()],
            ],
            row_numbers: vec![5, 6, 7, 8, 9],
        }
    }

    #[test]
    fn a_date_condition_selects_older_rows_and_counts_the_undecided() {
        let mut record = SelectionRecord::default();
        let keep = filter_rows(
            &export(),
            "date(LAST_ACTIVITY, 'dd.mm.yyyy') < '2019-01-01'",
            &Lookups::default(),
            Values::Shown,
            &mut record,
        )
        .unwrap();
        assert_eq!(keep, vec![true, false, false, false, true]);
        assert_eq!((record.undecided, record.empty), (2, 1));
        assert_eq!(record.undecided_rows.len(), 1);
        assert_eq!(record.undecided_rows[0].row, 8);
        assert!(
            record.undecided_rows[0]
                .reason
                .contains("'2018-13-45' is not a real date"),
            "{:?}",
            record.undecided_rows
        );
        // Withheld: the reason keeps no value.
        let mut record = SelectionRecord::default();
        filter_rows(
            &export(),
            "date(LAST_ACTIVITY, 'dd.mm.yyyy') < '2019-01-01'",
            &Lookups::default(),
            Values::Withheld,
            &mut record,
        )
        .unwrap();
        assert!(!record.undecided_rows[0].reason.contains("2018-13-45"));
    }

    #[test]
    fn a_condition_that_is_not_one_or_does_not_compile_is_refused() {
        let refused = |filter: &str| {
            let mut record = SelectionRecord::default();
            filter_rows(
                &export(),
                filter,
                &Lookups::default(),
                Values::Shown,
                &mut record,
            )
            .unwrap_err()
            .to_string()
        };
        for (filter, message) in [
            ("LASTNAME", "not true or false"),
            (
                "LAST_NAME = 'x'",
                "--where \"LAST_NAME = 'x'\": unknown column 'LAST_NAME'",
            ),
            (
                "date(LAST_ACTIVITY, 'dd.mm.yyyy') < 'yesterday'",
                "'yesterday' is compared with a date",
            ),
        ] {
            let e = refused(filter);
            assert!(e.contains(message), "{filter}: {e}");
        }
    }

    #[tokio::test]
    async fn each_contact_is_selected_once_and_rows_without_number_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("numbers.txt");
        std::fs::write(&path, "# to inactivate\n100\n\n0042\n100\n 7 \n").unwrap();
        let spec = SelectionSpec {
            source: SelectionSource::Numbers(path.clone()),
            filter: None,
        };
        let s = spec
            .select(None, &Lookups::default(), Values::Shown, &[])
            .await
            .unwrap();
        assert_eq!(s.rows, vec![vec!["100"], vec!["0042"], vec!["7"]]);
        assert_eq!(s.source_rows, vec![2, 4, 6]);
        assert_eq!(
            (s.record.rows_read, s.record.duplicates, s.record.selected),
            (4, 1, 3)
        );
        std::fs::write(&path, "100;200\n").unwrap();
        let e = spec
            .select(None, &Lookups::default(), Values::Shown, &[])
            .await
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 1") && e.contains("CONTACT_NR header"),
            "{e}"
        );
    }

    #[test]
    fn a_column_is_mentioned_as_a_whole_word() {
        assert!(mentions("upper(LASTNAME) = 'X'", "LASTNAME"));
        assert!(mentions("\"Contact number\" IS NULL", "Contact number"));
        assert!(!mentions("LASTNAME2 = 'X'", "LASTNAME"));
        assert!(!mentions("MY_LASTNAME = 'X'", "LASTNAME"));
    }

    #[test]
    fn literals_are_masked_quotes_and_all() {
        assert_eq!(
            mask_literals("LASTNAME = 'O''Neil' AND COUNTRY IN ('CH', 'FR')"),
            "LASTNAME = '…' AND COUNTRY IN ('…', '…')"
        );
    }
}
