//! `stx-migrate reconcile RUN --secutix-export FILE`: what a run sent against what SecuTix
//! holds after the import, by CONTACT_NR and field by field for the columns sent.
//!
//! ```text
//! sent       rows of the run's contact files
//! imported   their CONTACT_NR is in the export
//! missing    it is not: not-imported.csv, and the next delta sends them again
//! different  imported, but a column sent differs from SecuTix's value (a phone reformatted)
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::delta::{CONTACT_NR, OPERATION};

/// Problems reading the files compared.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    /// A file cannot be read or has no CONTACT_NR column.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The run wrote no CSV contact file.
    #[error("run {run}: no CSV contact file recorded (reconcile reads the CSV files a run wrote). Hint: add \"csv\" to [output] formats")]
    NoContactFile {
        /// The run.
        run: String,
    },
}

/// A CSV table whose column codes are on one of its first rows (a SecuTix contact file has
/// header rows above them; an export may have none).
#[derive(Debug, Clone, Default)]
pub struct ContactTable {
    /// Column codes.
    pub codes: Vec<String>,
    /// Data rows (after the codes row).
    pub rows: Vec<Vec<String>>,
    /// The row of the file (1-based, the codes row counted) of each data row, for messages.
    pub row_numbers: Vec<u64>,
}

impl ContactTable {
    /// Index of a column.
    pub fn column(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c.eq_ignore_ascii_case(code))
    }
}

/// Why a file is not read as a contact table.
pub const NO_CODES_ROW: &str =
    "no row among the first ten names a CONTACT_NR column: not a SecuTix contact file or export";

/// Which columns of a table to keep, by name: a large export is read for a few of its
/// columns, not held whole.
pub type Keep<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Every column.
pub fn every_column(_: &str) -> bool {
    true
}

/// Reads a contact file or export: the codes row is the first of its first ten rows that
/// names CONTACT_NR; the delimiter is the one that splits that row.
pub fn read_contact_table(path: &Path) -> Result<ContactTable, ReconcileError> {
    read_contact_table_columns(path, &every_column)
}

/// [`read_contact_table`], keeping only the columns `keep` names.
pub fn read_contact_table_columns(
    path: &Path,
    keep: Keep<'_>,
) -> Result<ContactTable, ReconcileError> {
    let bad = |message: String| ReconcileError::File {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    parse_contact_table_columns(&String::from_utf8_lossy(&bytes), keep)
        .map_err(bad)?
        .ok_or_else(|| bad(NO_CODES_ROW.into()))
}

/// The table of a contact file's text, or `None` when none of its first ten rows names
/// CONTACT_NR in any delimiter.
pub fn parse_contact_table(text: &str) -> Result<Option<ContactTable>, String> {
    parse_contact_table_columns(text, &every_column)
}

/// [`parse_contact_table`], keeping only the columns `keep` names.
pub fn parse_contact_table_columns(
    text: &str,
    keep: Keep<'_>,
) -> Result<Option<ContactTable>, String> {
    let mut table = ContactTable::default();
    let found = stream_contact_table(text, keep, |codes, number, row| {
        if table.codes.is_empty() {
            table.codes = codes.to_vec();
        }
        table.rows.push(row);
        table.row_numbers.push(number);
        Ok(())
    })?;
    Ok(found.map(|codes| {
        table.codes = codes;
        table
    }))
}

/// Streams the data rows of a contact file's text, as [`parse_contact_table`] finds them:
/// `row(codes, file row, cells)` for each, with the cells of the kept columns only. Returns
/// the kept codes, or `None` when no codes row was found.
pub fn stream_contact_table(
    text: &str,
    keep: Keep<'_>,
    mut row: impl FnMut(&[String], u64, Vec<String>) -> Result<(), String>,
) -> Result<Option<Vec<String>>, String> {
    let text = text.trim_start_matches('\u{feff}');
    for delimiter in [b',', b';', b'\t', b'|'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let mut codes: Option<(Vec<String>, u64)> = None;
        for (i, record) in records.by_ref().take(10).enumerate() {
            let record = record.map_err(|e| e.to_string())?;
            if record.iter().any(|c| c.trim() == CONTACT_NR) {
                let names = record.iter().map(|c| c.trim().to_string()).collect();
                codes = Some((names, i as u64 + 1));
                break;
            }
        }
        let Some((all, codes_row)) = codes else {
            continue;
        };
        let kept: Vec<usize> = (0..all.len()).filter(|&i| keep(&all[i])).collect();
        let codes: Vec<String> = kept.iter().map(|&i| all[i].clone()).collect();
        for (number, record) in (codes_row + 1..).zip(records) {
            let record = record.map_err(|e| e.to_string())?;
            let cells = kept
                .iter()
                .map(|&i| record.get(i).unwrap_or("").to_string())
                .collect();
            row(&codes, number, cells)?;
        }
        return Ok(Some(codes));
    }
    Ok(None)
}

/// Reads an export as [`read_contact_table`] does, a workbook (xlsx, xlsm, xlsb, xls, ods)
/// through the spreadsheet connectors: as a SecuTix contact file (codes on row 4), else as a
/// sheet whose first row names the columns.
pub async fn read_export(path: &Path) -> Result<ContactTable, ReconcileError> {
    read_export_columns(path, &every_column).await
}

/// Whether a file is read as a workbook (xlsx, xlsm, xlsb, xls, ods, by its extension);
/// anything else is read as CSV.
pub fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
}

/// [`read_export`], keeping only the columns `keep` names.
pub async fn read_export_columns(
    path: &Path,
    keep: Keep<'_>,
) -> Result<ContactTable, ReconcileError> {
    if !is_workbook(path) {
        return read_contact_table_columns(path, keep);
    }
    let mut last = String::new();
    for kind in ["secutix", "xlsx"] {
        match read_workbook(path, kind, keep).await {
            Ok(table) if table.column(CONTACT_NR).is_some() => return Ok(table),
            Ok(_) => last = "no CONTACT_NR column on its first sheet".into(),
            Err(e) => last = e,
        }
    }
    Err(ReconcileError::File {
        path: path.to_path_buf(),
        message: last,
    })
}

async fn read_workbook(path: &Path, kind: &str, keep: Keep<'_>) -> Result<ContactTable, String> {
    use futures::StreamExt;
    use stx_connector_core::{ReadOptions, ReadRequest, SourceSpec};
    let spec = SourceSpec {
        path: Some(path.to_path_buf()),
        kind: Some(kind.to_string()),
        ..SourceSpec::default()
    };
    let resolved = crate::sources::resolve(&spec, Path::new("."));
    let mut source = crate::sources::open(&resolved)
        .await
        .map_err(|e| e.to_string())?;
    let tables = source.table_names().await.map_err(|e| e.to_string())?;
    let table = tables.first().cloned().ok_or("no sheet")?;
    let mut stream = source
        .read(&ReadRequest::Table(table), &ReadOptions::batch(50_000))
        .await
        .map_err(|e| e.to_string())?;
    let mut out = ContactTable::default();
    while let Some(batch) = stream.next().await {
        let frame = batch.map_err(|e| e.to_string())?.data;
        let columns: Vec<(String, Option<polars::prelude::StringChunked>)> = frame
            .columns()
            .iter()
            .filter(|c| !matches!(c.name().as_str(), "_src_row" | "_src_file") && keep(c.name()))
            .map(|c| {
                let text = c.cast(&polars::prelude::DataType::String).ok();
                (
                    c.name().to_string(),
                    text.and_then(|t| t.str().ok().cloned()),
                )
            })
            .collect();
        if out.codes.is_empty() {
            out.codes = columns.iter().map(|(n, _)| n.clone()).collect();
        }
        let source_rows = frame
            .column("_src_row")
            .ok()
            .and_then(|c| c.cast(&polars::prelude::DataType::UInt64).ok());
        for i in 0..frame.height() {
            let number = source_rows
                .as_ref()
                .and_then(|c| c.u64().ok().and_then(|c| c.get(i)))
                .unwrap_or(out.rows.len() as u64 + 2);
            out.row_numbers.push(number);
            out.rows.push(
                columns
                    .iter()
                    .map(|(_, v)| v.as_ref().and_then(|v| v.get(i)).unwrap_or("").to_string())
                    .collect(),
            );
        }
    }
    Ok(out)
}

/// A column imported with another value, counted, with masked samples.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Different {
    /// How many rows.
    pub rows: u64,
    /// Up to three (contact number, masked sent value, masked SecuTix value).
    pub samples: Vec<(String, String, String)>,
}

/// The result of a reconciliation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reconciliation {
    /// The run.
    pub run_id: String,
    /// Rows of the run's contact files.
    pub sent: u64,
    /// ... whose CONTACT_NR is in the export.
    pub imported: u64,
    /// ... whose CONTACT_NR is not.
    pub missing: u64,
    /// Rows sent without a CONTACT_NR (SecuTix numbered them): not matched.
    pub unnumbered: u64,
    /// Imported rows with at least one column different.
    pub imported_different: u64,
    /// Per column.
    pub different: BTreeMap<String, Different>,
    /// Contact numbers missing, in file order.
    #[serde(skip)]
    pub missing_numbers: Vec<String>,
}

/// Compares the rows sent with the export. `=` sent means "erase": SecuTix should hold nothing.
pub fn reconcile(run_id: &str, sent: &[ContactTable], export: &ContactTable) -> Reconciliation {
    let mut out = Reconciliation {
        run_id: run_id.into(),
        ..Reconciliation::default()
    };
    let Some(export_nr) = export.column(CONTACT_NR) else {
        return out;
    };
    let held: HashMap<&str, &Vec<String>> = export
        .rows
        .iter()
        .filter_map(|r| r.get(export_nr).map(|n| (n.trim(), r)))
        .filter(|(n, _)| !n.is_empty())
        .collect();
    for table in sent {
        let Some(nr) = table.column(CONTACT_NR) else {
            continue;
        };
        // Sent column → its place in the export.
        let pairs: Vec<(usize, &str, Option<usize>)> = table
            .codes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.as_str() != OPERATION && c.as_str() != CONTACT_NR)
            .map(|(i, c)| (i, c.as_str(), export.column(c)))
            .collect();
        for row in &table.rows {
            out.sent += 1;
            let number = row.get(nr).map(|s| s.trim()).unwrap_or("");
            if number.is_empty() {
                out.unnumbered += 1;
                continue;
            }
            let Some(there) = held.get(number) else {
                out.missing += 1;
                out.missing_numbers.push(number.to_string());
                continue;
            };
            out.imported += 1;
            let mut differs = false;
            for (i, code, j) in &pairs {
                let Some(j) = j else { continue };
                let sent_value = row.get(*i).map(|s| s.trim()).unwrap_or("");
                if sent_value.is_empty() {
                    continue;
                }
                let expected = if sent_value == "=" { "" } else { sent_value };
                let held_value = there.get(*j).map(|s| s.trim()).unwrap_or("");
                if held_value == expected {
                    continue;
                }
                differs = true;
                let d = out.different.entry(code.to_string()).or_default();
                d.rows += 1;
                if d.samples.len() < 3 {
                    d.samples.push((
                        number.to_string(),
                        crate::report::mask_sample(code, sent_value),
                        crate::report::mask_sample(code, held_value),
                    ));
                }
            }
            out.imported_different += differs as u64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_workbook_export_is_read_by_its_first_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, v) in ["CONTACT_NR", "LASTNAME"].iter().enumerate() {
            sheet.write_string(0, c as u16, *v).unwrap();
        }
        sheet.write_string(1, 0, "0042").unwrap();
        sheet.write_string(1, 1, "Doe").unwrap();
        book.save(&path).unwrap();
        let table = read_export(&path).await.unwrap();
        assert_eq!(table.codes, ["CONTACT_NR", "LASTNAME"]);
        assert_eq!(table.rows, [["0042", "Doe"]]);
    }

    #[test]
    fn contact_files_and_exports_are_compared_by_number_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let sent_path = dir.path().join("contacts.csv");
        std::fs::write(
            &sent_path,
            "Header,,,\nOPERATION,CONTACT_NR,LASTNAME,EMAIL1\nINSERT,101,Doe,a@x.ch\nINSERT,102,Roe,\nUPDATE,103,,=\n,,Nobody,\n",
        )
        .unwrap();
        let export_path = dir.path().join("export.csv");
        std::fs::write(
            &export_path,
            "CONTACT_NR;LASTNAME;EMAIL1\n101;DOE;a@x.ch\n103;Poe;old@x.ch\n",
        )
        .unwrap();
        let sent = read_contact_table(&sent_path).unwrap();
        let export = read_contact_table(&export_path).unwrap();
        let r = reconcile("r1", &[sent], &export);
        assert_eq!((r.sent, r.imported, r.missing, r.unnumbered), (4, 2, 1, 1));
        assert_eq!(r.missing_numbers, vec!["102".to_string()]);
        assert_eq!(r.imported_different, 2);
        assert_eq!(r.different["LASTNAME"].rows, 1);
        assert_eq!(r.different["EMAIL1"].rows, 1, "an erased value still held");
        let plain = dir.path().join("plain.csv");
        std::fs::write(&plain, "A,B\n1,2\n").unwrap();
        assert!(read_contact_table(&plain)
            .unwrap_err()
            .to_string()
            .contains("CONTACT_NR"));
    }
}
