//! The files of a delta run about the keys that are gone: `gone.csv` (every gone key, its
//! contact number and what was done), and with `[delta] gone = "invalidate"` a SecuTix
//! contact file `<stem>-invalidate.csv` of INVALIDATE rows.

use std::io::Write;
use std::path::Path;

use polars::prelude::*;

use super::delta::{KeyOutcome, CONTACT_NR, OPERATION};
use crate::pipeline::{Prepared, RunError};
use crate::writers::{
    AtomicFile, ContactFilesOptions, ContactFilesWriter, WriteError, WrittenFile,
};

/// Name of the list of gone keys in the run folder.
pub const GONE_FILE: &str = "gone.csv";

/// gone.csv (a delta run only) and the INVALIDATE file (when rows are to be invalidated).
pub fn write_gone_files(
    prepared: &Prepared,
    out_dir: &Path,
    keys: &KeyOutcome,
) -> Result<Vec<WrittenFile>, RunError> {
    let mut files = Vec::new();
    if keys.since.is_none() {
        return Ok(files);
    }
    files.push(write_gone_list(&out_dir.join(GONE_FILE), keys)?);
    let invalidate: Vec<&str> = keys
        .gone
        .iter()
        .filter(|(_, _, action)| *action == "invalidate")
        .filter_map(|(_, nr, _)| nr.as_deref())
        .collect();
    if !invalidate.is_empty() {
        files.extend(write_invalidate_file(prepared, out_dir, &invalidate)?);
    }
    Ok(files)
}

fn write_gone_list(path: &Path, keys: &KeyOutcome) -> Result<WrittenFile, RunError> {
    let mut file = AtomicFile::create(path)?;
    let io = |e: std::io::Error| {
        RunError::Write(WriteError::Io {
            path: path.to_path_buf(),
            action: "write",
            source: e,
        })
    };
    let mut csv = csv::Writer::from_writer(Vec::new());
    let since = keys.since.as_deref().unwrap_or("");
    let csv_error = |e: csv::Error| io(std::io::Error::other(e));
    csv.write_record(["key", "contact_nr", "last_run", "action"])
        .map_err(csv_error)?;
    for (key, nr, action) in &keys.gone {
        csv.write_record([key.as_str(), nr.as_deref().unwrap_or(""), since, action])
            .map_err(csv_error)?;
    }
    let bytes = csv.into_inner().map_err(|e| io(e.into_error()))?;
    file.write_all(&bytes).map_err(io)?;
    file.set_rows(keys.gone.len());
    Ok(file.commit()?)
}

/// One INVALIDATE row per gone contact: its number and the institution columns, nothing else.
fn write_invalidate_file(
    prepared: &Prepared,
    out_dir: &Path,
    numbers: &[&str],
) -> Result<Vec<WrittenFile>, RunError> {
    let output = &prepared.migration.file.output;
    let institution = &prepared.migration.file.institution;
    let options = ContactFilesOptions {
        file_stem: format!("{}-invalidate", output.file_stem),
        delimiter: output.delimiter.as_bytes()[0],
        ..ContactFilesOptions::new(out_dir)
    };
    let mut writer = ContactFilesWriter::create(&prepared.profile, options)?;
    let n = numbers.len();
    let columns: Vec<Column> = prepared
        .profile
        .codes()
        .iter()
        .map(|code| {
            let filled = |v: Option<&str>| Column::new((*code).into(), vec![v; n]);
            match *code {
                OPERATION => filled(Some("INVALIDATE")),
                CONTACT_NR => Column::new((*code).into(), numbers.to_vec()),
                "INSTITUTION" => filled(Some(institution.code.as_str())),
                "ORGANIZATION" => filled(institution.organization.as_deref()),
                _ => filled(None),
            }
        })
        .collect();
    let frame = DataFrame::new(n, columns).map_err(|e| RunError::Evaluate {
        row: 0,
        message: e.to_string(),
    })?;
    writer.write_batch(&frame)?;
    Ok(writer.finish()?)
}
