//! Rejected rows and field warnings, and the CSV side files that list them.

use std::path::Path;

use serde::Serialize;

use crate::writers::{write_atomic, WriteError, WrittenFile};

/// One problem found on a source row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Rule or function (`date`, `lookup`, `max-length`, `read` ...).
    pub rule: String,
    /// SecuTix column (or source column for read problems), if any.
    pub column: String,
    /// The offending value.
    pub value: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// A source row that is not imported.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectRecord {
    /// Source row number.
    pub row: u64,
    /// Source key, when the migration declares one.
    pub key: String,
    /// Every problem of the row; the first is shown in the rule/column/value columns.
    pub findings: Vec<Finding>,
    /// The row's source values as read: `(column, value)`.
    pub values: Vec<(String, String)>,
}

/// A field left empty on an imported row (its column's `[on-error]` is `drop`).
#[derive(Debug, Clone, PartialEq)]
pub struct WarningRecord {
    /// Source row number.
    pub row: u64,
    /// Source key.
    pub key: String,
    /// What was done to the field: `drop`, `repair` or `truncate`.
    pub outcome: &'static str,
    /// The problem.
    pub finding: Finding,
}

/// Writes `rejects.csv`: row, key, rule, column, value, message, then the source columns
/// as read, so the customer sees the row as it was and why it was not imported.
pub fn write_rejects(
    path: &Path,
    rejects: &[RejectRecord],
    source_columns: &[String],
) -> Result<WrittenFile, WriteError> {
    let mut columns: Vec<String> = source_columns.to_vec();
    // Rows read with extra fields (ragged CSV) carry columns the header does not have.
    for r in rejects {
        for (name, _) in &r.values {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec!["row", "key", "rule", "column", "value", "message"];
    header.extend(columns.iter().map(String::as_str));
    write_record(&mut out, path, header)?;
    for r in rejects {
        let first = r.findings.first();
        let message = r
            .findings
            .iter()
            .map(|f| {
                if f.column.is_empty() {
                    f.message.clone()
                } else {
                    format!("{}: {}", f.column, f.message)
                }
            })
            .collect::<Vec<_>>()
            .join(" | ");
        let row = r.row.to_string();
        let mut record: Vec<&str> = vec![
            &row,
            &r.key,
            first.map(|f| f.rule.as_str()).unwrap_or(""),
            first.map(|f| f.column.as_str()).unwrap_or(""),
            first.map(|f| f.value.as_str()).unwrap_or(""),
            &message,
        ];
        for c in &columns {
            record.push(
                r.values
                    .iter()
                    .find(|(n, _)| n == c)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or(""),
            );
        }
        write_record(&mut out, path, record)?;
    }
    finish(out, path, rejects.len())
}

/// Writes `warnings.csv`: row, key, rule, column, outcome, value, message.
pub fn write_warnings(path: &Path, warnings: &[WarningRecord]) -> Result<WrittenFile, WriteError> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    write_record(
        &mut out,
        path,
        vec![
            "row", "key", "rule", "column", "outcome", "value", "message",
        ],
    )?;
    for w in warnings {
        let row = w.row.to_string();
        let f = &w.finding;
        write_record(
            &mut out,
            path,
            vec![
                &row, &w.key, &f.rule, &f.column, w.outcome, &f.value, &f.message,
            ],
        )?;
    }
    finish(out, path, warnings.len())
}

fn write_record(
    out: &mut csv::Writer<Vec<u8>>,
    path: &Path,
    record: Vec<&str>,
) -> Result<(), WriteError> {
    out.write_record(record).map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        action: "write",
        source: std::io::Error::other(e.to_string()),
    })
}

fn finish(out: csv::Writer<Vec<u8>>, path: &Path, rows: usize) -> Result<WrittenFile, WriteError> {
    let bytes = out.into_inner().map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        action: "write",
        source: std::io::Error::other(e.to_string()),
    })?;
    let mut file = write_atomic(path, &bytes)?;
    file.rows = rows;
    Ok(file)
}
