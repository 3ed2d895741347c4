//! Writers for SecuTix contact files and side files.
//!
//! * [`ContactFilesWriter`] streams batches of mapped contacts into the SecuTix contact import
//!   file(s): CSV and/or XLSX, the four header rows of the [`FormatProfile`](crate::format::FormatProfile),
//!   optionally split into parts of at most `split_rows` data rows.
//! * [`write_atomic`] and [`AtomicFile`] write side files (rejects, protocol …).
//!
//! Every file is written under a temporary name (`.name.partial`) in its final directory and
//! renamed once complete; on error or when a writer is dropped unfinished, the temporary files
//! are removed. Output is deterministic: the same batches give byte-identical files.

use std::path::PathBuf;

mod atomic;
mod contacts;
mod spreadsheet;
#[cfg(test)]
mod tests;

pub use atomic::{format_of, temp_path_for, write_atomic, AtomicFile, WrittenFile};
pub use contacts::{
    is_contact_file_name, ContactFilesOptions, ContactFilesWriter, LineEnding, StagedContactFiles,
    ALLOWED_DELIMITERS, DEFAULT_XLSX_COMPRESSION, EXCEL_MAX_DATA_ROWS, EXCEL_MAX_ROWS,
    EXCEL_MAX_STRING_CHARS, HEADER_ROWS, XLSX_CREATION_DATETIME,
};
pub use spreadsheet::{formula_like, spreadsheet_safe};

/// The SHA-256 of bytes, in lower-case hex: how outputs, inputs and versions are named in
/// protocols and the run state.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// A value that cannot be written to a file (see [`WriteError::Value`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {location}, column {column}: {problem}\nhint: {hint}", path.display())]
pub struct ValueError {
    /// The file being written.
    pub path: PathBuf,
    /// Where in the file, e.g. `row 7 (data row 3 of the run)` or `header row 2`.
    pub location: String,
    /// Column code.
    pub column: String,
    /// What is wrong.
    pub problem: String,
    /// How to fix it.
    pub hint: &'static str,
}

/// Error writing an output file. Every message names the file (or the offending option or
/// column) and ends with a hint.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file system operation failed.
    #[error("{}: cannot {action}: {source}\nhint: check that the output directory exists, is writable and has free space", path.display())]
    Io {
        /// The file concerned (often the temporary `.name.partial` file).
        path: PathBuf,
        /// What was being done, e.g. `create`, `rename into place`.
        action: &'static str,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The writer options are invalid.
    #[error("invalid output option {option}: {problem}\nhint: {hint}")]
    Options {
        /// The option, e.g. `delimiter`.
        option: &'static str,
        /// What is wrong.
        problem: String,
        /// How to fix it.
        hint: &'static str,
    },
    /// A batch does not have the columns of the format profile.
    #[error("batch does not match format profile {profile}: {problem}\nhint: {hint}")]
    Schema {
        /// Name of the format profile.
        profile: String,
        /// What is wrong, e.g. which column differs.
        problem: String,
        /// How to fix it.
        hint: &'static str,
    },
    /// A value cannot be written to this file format.
    #[error("{0}")]
    Value(Box<ValueError>),
    /// The data does not fit in one Excel sheet.
    #[error("{}: {data_rows} data rows plus {HEADER_ROWS} header rows exceed Excel's limit of {EXCEL_MAX_ROWS} rows per sheet\nhint: set split-rows (at most {EXCEL_MAX_DATA_ROWS}) to write several files, or write CSV only", path.display())]
    ExcelRowLimit {
        /// The Excel file.
        path: PathBuf,
        /// Number of data rows it would need.
        data_rows: usize,
    },
    /// The CSV writer failed.
    #[error("{}: cannot write CSV: {source}\nhint: check that the output directory is writable and has free space", path.display())]
    Csv {
        /// The file being written.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: csv::Error,
    },
    /// The XLSX writer failed.
    #[error("{}: cannot write the Excel file: {source}\nhint: check that the output directory is writable and has free space", path.display())]
    Xlsx {
        /// The file being written.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: Box<rust_xlsxwriter::XlsxError>,
    },
    /// An earlier error stopped the contact files writer; its files were not completed.
    #[error("the contact files writer stopped at an earlier error; its files were not completed\nhint: fix the error reported first and run again")]
    Stopped,
    /// A column of the batch could not be read.
    #[error("cannot read column {column} of the batch: {source}\nhint: the columns of a batch must all have dtype String")]
    Polars {
        /// Column code.
        column: String,
        /// Underlying error.
        #[source]
        source: polars::error::PolarsError,
    },
}
