//! Rejected rows and field warnings, and the CSV side files that list them.

use std::path::Path;

use serde::Serialize;
use stx_connector_files::CsvHead;

use crate::quality::codes::MissingCode;
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

/// Columns appended to the input's own columns in the rejects of a file input; the prefix keeps
/// them apart from the input's column names.
pub const FILE_REJECT_COLUMNS: [&str; 5] = [
    "stx_row",
    "stx_rule",
    "stx_column",
    "stx_value",
    "stx_message",
];

/// Writes `rejects.csv`. For a database source: row, key, rule, column, value, message, then
/// the source columns as read, so the customer sees the row as it was and why it was not
/// imported. For a CSV file (`layout`): the input's own header rows, columns, delimiter and
/// encoding, followed by [`FILE_REJECT_COLUMNS`], so the customer can fix the rows in place,
/// delete those columns and send the file again.
pub fn write_rejects(
    path: &Path,
    rejects: &[RejectRecord],
    source_columns: &[String],
    layout: Option<&CsvHead>,
) -> Result<WrittenFile, WriteError> {
    if let Some(layout) = layout {
        return write_file_rejects(path, rejects, source_columns, layout);
    }
    let columns = reject_columns(source_columns, rejects);
    let mut out = side_file();
    let mut header = vec!["row", "key", "rule", "column", "value", "message"];
    header.extend(columns.iter().map(String::as_str));
    write_record(&mut out, path, header)?;
    for r in rejects {
        let first = r.findings.first();
        let message = joined_message(r);
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

/// The source columns, then those only rows read with extra fields (ragged CSV) carry.
fn reject_columns(source_columns: &[String], rejects: &[RejectRecord]) -> Vec<String> {
    let mut columns: Vec<String> = source_columns.to_vec();
    for r in rejects {
        for (name, _) in &r.values {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    columns
}

/// Every finding of a reject in one text, column first.
fn joined_message(r: &RejectRecord) -> String {
    r.findings
        .iter()
        .map(|f| {
            if f.column.is_empty() {
                f.message.clone()
            } else {
                format!("{}: {}", f.column, f.message)
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn write_file_rejects(
    path: &Path,
    rejects: &[RejectRecord],
    source_columns: &[String],
    layout: &CsvHead,
) -> Result<WrittenFile, WriteError> {
    let csv_layout = &layout.layout;
    let columns = reject_columns(source_columns, rejects);
    let width = columns.len();
    let mut out = csv::WriterBuilder::new()
        .delimiter(csv_layout.delimiter)
        .quote(csv_layout.quote)
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let last_head = layout.rows.len().saturating_sub(1);
    for (i, row) in layout.rows.iter().enumerate() {
        let mut record: Vec<&str> = row.iter().map(String::as_str).collect();
        record.resize(width.max(record.len()), "");
        if i == last_head {
            record.extend(FILE_REJECT_COLUMNS);
        } else {
            record.extend([""; FILE_REJECT_COLUMNS.len()]);
        }
        write_record(&mut out, path, record)?;
    }
    for r in rejects {
        let first = r.findings.first();
        let message = joined_message(r);
        let row = r.row.to_string();
        let mut record: Vec<&str> = columns
            .iter()
            .map(|c| {
                r.values
                    .iter()
                    .find(|(n, _)| n == c)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("")
            })
            .collect();
        record.extend([
            row.as_str(),
            first.map(|f| f.rule.as_str()).unwrap_or(""),
            first.map(|f| f.column.as_str()).unwrap_or(""),
            first.map(|f| f.value.as_str()).unwrap_or(""),
            message.as_str(),
        ]);
        write_record(&mut out, path, record)?;
    }
    let bytes = encode_like_input(&csv_bytes(out, path)?, csv_layout);
    let mut file = write_atomic(path, &bytes)?;
    file.rows = rejects.len();
    Ok(file)
}

/// UTF-8 text re-encoded in the input's encoding, with its BOM if it had one. encoding_rs
/// only decodes UTF-16 (its encoder writes UTF-8 for it, as the WHATWG standard says), so
/// UTF-16 is encoded here.
fn encode_like_input(utf8: &[u8], layout: &stx_connector_files::CsvLayout) -> Vec<u8> {
    let text = String::from_utf8_lossy(utf8);
    let encoding = layout.encoding;
    let mut out = Vec::with_capacity(utf8.len() + 3);
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        let little = encoding == encoding_rs::UTF_16LE;
        let units = layout
            .bom
            .then_some(0xFEFF_u16)
            .into_iter()
            .chain(text.encode_utf16());
        for unit in units {
            out.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        return out;
    }
    if encoding == encoding_rs::UTF_8 {
        if layout.bom {
            out.extend([0xEF, 0xBB, 0xBF]);
        }
        out.extend(text.as_bytes());
        return out;
    }
    // Values came from this encoding, so every character maps back; one that does not (a
    // replacement character from an undecodable byte) becomes an HTML reference, visibly.
    let (bytes, _, _) = encoding.encode(&text);
    out.extend(bytes.iter());
    out
}

/// Writes `warnings.csv`: row, key, rule, column, outcome, value, message.
pub fn write_warnings(path: &Path, warnings: &[WarningRecord]) -> Result<WrittenFile, WriteError> {
    let mut out = side_file();
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

/// Writes `missing-config.csv`: column, code, value, rows, first_row — the codes kept by
/// `unknown = "collect"`, to create in SecuTix before the import.
pub fn write_missing_config(
    path: &Path,
    entries: &[MissingCode],
) -> Result<WrittenFile, WriteError> {
    let mut out = side_file();
    write_record(
        &mut out,
        path,
        vec!["column", "code", "value", "rows", "first_row"],
    )?;
    for e in entries {
        let (rows, first_row) = (e.rows.to_string(), e.first_row.to_string());
        write_record(
            &mut out,
            path,
            vec![&e.column, &e.code, &e.value, &rows, &first_row],
        )?;
    }
    finish(out, path, entries.len())
}

/// A side file in memory: comma, RFC 4180 quoting, CRLF.
fn side_file() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn csv_bytes(out: csv::Writer<Vec<u8>>, path: &Path) -> Result<Vec<u8>, WriteError> {
    out.into_inner().map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        action: "write",
        source: std::io::Error::other(e.to_string()),
    })
}

fn finish(out: csv::Writer<Vec<u8>>, path: &Path, rows: usize) -> Result<WrittenFile, WriteError> {
    let bytes = csv_bytes(out, path)?;
    let mut file = write_atomic(path, &bytes)?;
    file.rows = rows;
    Ok(file)
}
