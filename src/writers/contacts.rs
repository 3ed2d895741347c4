//! The SecuTix contact import files (CSV and XLSX), written batch by batch.

use std::path::{Path, PathBuf};

use polars::prelude::{DataFrame, DataType, StringChunked};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::atomic::{temp_path_for, AtomicFile, StagedFile, TempGuard};
use super::{ValueError, WriteError, WrittenFile};
use crate::format::FormatProfile;

/// Number of header rows of a SecuTix contact file (rows 1–3 from the profile's templates,
/// row 4 the column codes).
pub const HEADER_ROWS: usize = 4;

/// Excel's maximum number of rows per sheet.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;

/// Maximum number of data rows in one XLSX file (Excel's limit minus the header rows).
pub const EXCEL_MAX_DATA_ROWS: usize = EXCEL_MAX_ROWS - HEADER_ROWS;

/// Excel's maximum number of characters in one cell.
pub const EXCEL_MAX_STRING_CHARS: usize = 32_767;

/// Excel's maximum number of columns per sheet.
const EXCEL_MAX_COLUMNS: usize = 16_384;

/// Field delimiters SecuTix accepts: comma (contact page, the default), semicolon, TAB, pipe.
pub const ALLOWED_DELIMITERS: &[u8] = b",;\t|";

/// Creation date and time (UTC, `(year, month, day, hour, minute, second)`) recorded in every
/// XLSX file, fixed so that the same data gives byte-identical files.
pub const XLSX_CREATION_DATETIME: (u16, u8, u8, u16, u8, u8) = (2000, 1, 1, 0, 0, 0);

/// Line terminator of CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnding {
    /// `\r\n` (RFC 4180; the default).
    #[default]
    CrLf,
    /// `\n`.
    Lf,
}

/// Where and how [`ContactFilesWriter`] writes the contact files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFilesOptions {
    /// Output directory (created if missing).
    pub dir: PathBuf,
    /// File name without extension, e.g. `contacts` → `contacts.csv` / `contacts-001.csv`.
    pub file_stem: String,
    /// Write CSV files.
    pub csv: bool,
    /// Write XLSX files.
    pub xlsx: bool,
    /// CSV field delimiter: one of [`ALLOWED_DELIMITERS`] (`,` by default). With TAB nothing is
    /// quoted (SecuTix forbids quotes then) and a value containing TAB, CR or LF is an error.
    pub delimiter: u8,
    /// CSV line terminator.
    pub line_ending: LineEnding,
    /// At most this many data rows per file (`contacts-001.csv`, `contacts-002.csv` …, each
    /// with the header rows); `None` writes a single `contacts.csv` / `contacts.xlsx`, unless
    /// the workbook would outgrow a sheet (see `sheet_rows`).
    pub split_rows: Option<usize>,
    /// Data rows a sheet holds ([`EXCEL_MAX_DATA_ROWS`]; tests set fewer). Without
    /// `split_rows`, a workbook that would hold more is written in parts of this size, and
    /// the CSV files alike, so that each CSV part has its workbook.
    pub sheet_rows: usize,
    /// Deflate level of the workbook's zip container, 1 (fastest) to 9; 6 by default.
    pub xlsx_compression: u8,
    /// CSV only, beside a workbook written by another writer (on a thread of its own): the CSV
    /// files are cut where that workbook's sheets are (`sheet_rows`), as if both were written
    /// here. That writer tells the user.
    pub parts_of_a_workbook: bool,
}

/// rust_xlsxwriter's own default deflate level.
pub const DEFAULT_XLSX_COMPRESSION: u8 = 6;

impl ContactFilesOptions {
    /// Defaults: `contacts`, CSV only, comma, CRLF, no split.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ContactFilesOptions {
            dir: dir.into(),
            file_stem: "contacts".to_string(),
            csv: true,
            xlsx: false,
            delimiter: b',',
            line_ending: LineEnding::CrLf,
            split_rows: None,
            sheet_rows: EXCEL_MAX_DATA_ROWS,
            xlsx_compression: DEFAULT_XLSX_COMPRESSION,
            parts_of_a_workbook: false,
        }
    }

    fn validate(&self, profile: &FormatProfile) -> Result<(), WriteError> {
        let err = |option: &'static str, problem: String, hint: &'static str| WriteError::Options {
            option,
            problem,
            hint,
        };
        if !self.csv && !self.xlsx {
            return Err(err(
                "format",
                "neither CSV nor XLSX is selected".into(),
                "select csv, xlsx or both",
            ));
        }
        if !(1..=9).contains(&self.xlsx_compression) {
            return Err(err(
                "xlsx-compression",
                format!("{} is not a deflate level", self.xlsx_compression),
                "use 1 (fastest) to 9 (smallest); 6 is the default",
            ));
        }
        if !ALLOWED_DELIMITERS.contains(&self.delimiter) {
            return Err(err(
                "delimiter",
                format!(
                    "{:?} is not accepted by SecuTix",
                    char::from(self.delimiter)
                ),
                "use ',' (default), ';', TAB or '|'",
            ));
        }
        let stem = &self.file_stem;
        if stem.is_empty()
            || stem.starts_with('.')
            || stem.contains(['/', '\\', '\0'])
            || stem.chars().any(char::is_control)
        {
            return Err(err(
                "file-stem",
                format!("{stem:?} is not a plain file name"),
                "use a plain name without directory or extension, e.g. \"contacts\"",
            ));
        }
        match self.split_rows {
            Some(0) => {
                return Err(err(
                    "split-rows",
                    "is 0".into(),
                    "give a positive number of data rows per file, or no split-rows",
                ))
            }
            Some(n) if self.xlsx && n > EXCEL_MAX_DATA_ROWS => {
                return Err(err(
                    "split-rows",
                    format!("{n} data rows do not fit in an Excel sheet"),
                    "with XLSX output, split-rows is at most 1048572 (Excel's 1,048,576 rows minus 4 header rows)",
                ))
            }
            _ => {}
        }
        if self.xlsx && profile.width() > EXCEL_MAX_COLUMNS {
            return Err(err(
                "xlsx",
                format!(
                    "the profile has {} columns, Excel allows {EXCEL_MAX_COLUMNS}",
                    profile.width()
                ),
                "write CSV only",
            ));
        }
        Ok(())
    }
}

/// The CSV file of the current part.
struct CsvPart {
    path: PathBuf,
    writer: csv::Writer<AtomicFile>,
    rows: usize,
}

/// Above this many bytes of worksheet XML (an upper estimate, see [`xlsx_cell_xml_bytes`]) the
/// XLSX file is written with ZIP64 extensions: a zip entry without them holds at most 4 GiB.
/// A margin is left for the parts of the sheet XML written outside the rows.
const ZIP64_THRESHOLD_BYTES: u64 = (4 << 30) - (256 << 20);

/// Upper bound of the XML bytes of one `<row>` element without its cells.
const XLSX_ROW_XML_BYTES: u64 = 96;

/// Upper bound of the XML bytes of one inline string cell without its value.
const XLSX_CELL_XML_BYTES: u64 = 96;

/// The workbook of the current part, with its one constant-memory sheet (index 0).
///
/// Rows are written in order and flushed by rust_xlsxwriter to an anonymous temporary file in
/// the output directory; only the current row is held in memory.
struct XlsxPart {
    path: PathBuf,
    workbook: Workbook,
    rows: usize,
    /// Upper estimate of the sheet XML written so far (decides ZIP64, see [`ZIP64_THRESHOLD_BYTES`]).
    xml_bytes: u64,
}

impl XlsxPart {
    fn sheet(&mut self) -> Result<&mut Worksheet, WriteError> {
        sheet_of(&mut self.workbook, &self.path)
    }
}

/// The one sheet of a part's workbook.
fn sheet_of<'w>(workbook: &'w mut Workbook, path: &Path) -> Result<&'w mut Worksheet, WriteError> {
    workbook
        .worksheet_from_index(0)
        .map_err(|source| WriteError::Xlsx {
            path: path.to_path_buf(),
            source: Box::new(source),
        })
}

/// Writes SecuTix contact files from a stream of batches.
///
/// Each batch must have exactly the profile's columns, in profile order, all of dtype String;
/// a null is an empty cell. Files are complete and renamed into place by
/// [`finish`](Self::finish); dropping the writer before (or after an error) removes them.
///
/// XLSX sheets are written in rust_xlsxwriter's constant-memory mode: rows go to an anonymous
/// temporary file in the output directory as they are written (removed by the OS when the
/// writer is dropped or the part is saved), so memory does not grow with the number of rows.
/// Cells are inline strings.
pub struct ContactFilesWriter {
    options: ContactFilesOptions,
    profile_name: String,
    codes: Vec<String>,
    header: [Vec<String>; 4],
    sheet_name: String,
    text_format: Format,
    part: usize,
    csv: Option<CsvPart>,
    xlsx: Option<XlsxPart>,
    staged: Vec<StagedFile>,
    data_rows: usize,
    failed: bool,
}

/// Whether `name` is a contact file the writer makes for `stem`: `contacts.csv`,
/// `contacts.xlsx`, or a part `contacts-001.csv` …
pub fn is_contact_file_name(name: &str, stem: &str) -> bool {
    [".csv", ".xlsx"].iter().any(|ext| {
        name.strip_suffix(ext).is_some_and(|base| {
            base == stem
                || base.strip_prefix(stem).is_some_and(|part| {
                    part.len() == 4
                        && part.starts_with('-')
                        && part[1..].bytes().all(|b| b.is_ascii_digit())
                })
        })
    })
}

impl ContactFilesWriter {
    /// Checks the options, creates the output directory and starts the first file(s) with the
    /// header rows.
    pub fn create(
        profile: &FormatProfile,
        options: ContactFilesOptions,
    ) -> Result<Self, WriteError> {
        options.validate(profile)?;
        std::fs::create_dir_all(&options.dir).map_err(|source| WriteError::Io {
            path: options.dir.clone(),
            action: "create the output directory",
            source,
        })?;
        let mut writer = ContactFilesWriter {
            profile_name: profile.name().to_string(),
            codes: profile.codes().iter().map(|c| c.to_string()).collect(),
            header: profile.header_rows(),
            sheet_name: profile.sheet_name().to_string(),
            text_format: Format::new().set_num_format("@"),
            options,
            part: 0,
            csv: None,
            xlsx: None,
            staged: Vec::new(),
            data_rows: 0,
            failed: false,
        };
        writer.start_part()?;
        Ok(writer)
    }

    /// Appends a batch. Its columns are checked against the profile first.
    ///
    /// A batch refused by these checks (columns, Excel row limit) leaves the writer usable; an
    /// error while writing its rows stops the writer: later calls, including
    /// [`finish`](Self::finish), return [`WriteError::Stopped`].
    pub fn write_batch(&mut self, batch: &DataFrame) -> Result<(), WriteError> {
        if self.failed {
            return Err(WriteError::Stopped);
        }
        self.check_schema(batch)?;
        let height = batch.height();
        let mut columns: Vec<&StringChunked> = Vec::with_capacity(self.codes.len());
        for code in &self.codes {
            let polars_error = |source| WriteError::Polars {
                column: code.clone(),
                source,
            };
            columns.push(
                batch
                    .column(code)
                    .map_err(polars_error)?
                    .str()
                    .map_err(polars_error)?,
            );
        }
        let mut iters: Vec<_> = columns.iter().map(|ca| ca.iter()).collect();
        let mut row: Vec<&str> = vec![""; self.codes.len()];
        for _ in 0..height {
            for (cell, values) in row.iter_mut().zip(iters.iter_mut()) {
                *cell = values.next().flatten().unwrap_or("");
            }
            if let Err(err) = self.write_row(&row) {
                self.failed = true;
                return Err(err);
            }
        }
        Ok(())
    }

    /// Completes the files and renames them into place; returns them in order (per part: CSV,
    /// then XLSX).
    pub fn finish(self) -> Result<Vec<WrittenFile>, WriteError> {
        self.stage()?.publish()
    }

    /// Completes the files under their temporary names: [`StagedContactFiles::publish`]
    /// renames them into place, dropping them removes them.
    pub fn stage(mut self) -> Result<StagedContactFiles, WriteError> {
        if self.failed {
            return Err(WriteError::Stopped);
        }
        self.stage_part()?;
        Ok(StagedContactFiles {
            staged: std::mem::take(&mut self.staged),
            dir: self.options.dir.clone(),
            stem: self.options.file_stem.clone(),
        })
    }

    /// Number of data rows written so far (all parts).
    pub fn rows_written(&self) -> usize {
        self.data_rows
    }

    fn check_schema(&self, batch: &DataFrame) -> Result<(), WriteError> {
        let schema_error = |problem: String, hint: &'static str| WriteError::Schema {
            profile: self.profile_name.clone(),
            problem,
            hint,
        };
        let names: Vec<&str> = batch.columns().iter().map(|c| c.name().as_str()).collect();
        if names.len() != self.codes.len() || names.iter().zip(&self.codes).any(|(n, c)| n != c) {
            let missing: Vec<&str> = self
                .codes
                .iter()
                .map(String::as_str)
                .filter(|c| !names.contains(c))
                .collect();
            let extra: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| !self.codes.iter().any(|c| c == n))
                .collect();
            let problem = if !missing.is_empty() || !extra.is_empty() {
                format!(
                    "{} column(s), profile has {}; missing: {missing:?}; unexpected: {extra:?}",
                    names.len(),
                    self.codes.len()
                )
            } else {
                let (i, (name, code)) = names
                    .iter()
                    .zip(&self.codes)
                    .enumerate()
                    .find(|(_, (n, c))| *n != c)
                    .unwrap_or((0, (&"", &self.codes[0])));
                format!(
                    "column #{} is {name:?}, the profile expects {code:?} there",
                    i + 1
                )
            };
            return Err(schema_error(
                problem,
                "select the profile's codes, in profile order, before writing",
            ));
        }
        for column in batch.columns() {
            if column.dtype() != &DataType::String {
                return Err(schema_error(
                    format!(
                        "column {} has dtype {}, expected String",
                        column.name(),
                        column.dtype()
                    ),
                    "cast every column to String (a null is written as an empty cell)",
                ));
            }
        }
        Ok(())
    }

    fn part_path(&self, ext: &str) -> PathBuf {
        let stem = &self.options.file_stem;
        let name = if self.options.split_rows.is_some() || self.part > 1 {
            part_name(stem, self.part, ext)
        } else {
            format!("{stem}.{ext}")
        };
        self.options.dir.join(name)
    }

    /// Data rows per part: `split_rows`, else a sheet's rows when a workbook is written.
    fn part_limit(&self) -> Option<usize> {
        let workbook = self.options.xlsx || self.options.parts_of_a_workbook;
        self.options
            .split_rows
            .or(workbook.then_some(self.options.sheet_rows))
    }

    /// The workbook outgrew a sheet without `split_rows`: the first part, staged under the
    /// single-file name, becomes part 001 of a split, and the user is told.
    fn split_for_the_sheet(&mut self) {
        let stem = &self.options.file_stem;
        for staged in &mut self.staged {
            let ext = if staged.path().extension().is_some_and(|e| e == "xlsx") {
                "xlsx"
            } else {
                "csv"
            };
            staged.set_path(self.options.dir.join(part_name(stem, 1, ext)));
        }
        if !self.options.xlsx {
            return; // the workbook's own writer tells
        }
        tracing::warn!(
            "more than {rows} contacts: a sheet holds {rows} data rows (Excel's limit is {EXCEL_MAX_ROWS} rows with the {HEADER_ROWS} header rows), so the files are written in parts {stem}-001, {stem}-002 … of {rows} rows each, CSV and XLSX alike; set [output] split-rows to choose the size",
            rows = self.options.sheet_rows,
        );
    }

    /// Opens the next part's files and writes their header rows.
    fn start_part(&mut self) -> Result<(), WriteError> {
        self.part += 1;
        if self.options.csv {
            let path = self.part_path("csv");
            let file = AtomicFile::create(&path)?;
            let tab = self.options.delimiter == b'\t';
            let writer = csv::WriterBuilder::new()
                .delimiter(self.options.delimiter)
                .quote_style(if tab {
                    csv::QuoteStyle::Never
                } else {
                    csv::QuoteStyle::Necessary
                })
                .terminator(match self.options.line_ending {
                    LineEnding::CrLf => csv::Terminator::CRLF,
                    LineEnding::Lf => csv::Terminator::Any(b'\n'),
                })
                .has_headers(false)
                .from_writer(file);
            let mut part = CsvPart {
                path,
                writer,
                rows: 0,
            };
            for (i, row) in self.header.iter().enumerate() {
                if tab {
                    check_tab_free(&part.path, row, &self.codes, || {
                        format!("header row {}", i + 1)
                    })?;
                }
                write_csv_record(&mut part, row)?;
            }
            self.csv = Some(part);
        }
        if self.options.xlsx {
            let path = self.part_path("xlsx");
            let mut part = XlsxPart {
                workbook: new_workbook(&self.options.dir, self.options.xlsx_compression).map_err(
                    |source| WriteError::Xlsx {
                        path: path.clone(),
                        source: Box::new(source),
                    },
                )?,
                path,
                rows: 0,
                xml_bytes: 0,
            };
            let last_col = (self.codes.len() - 1) as u16;
            let sheet = part.sheet()?;
            let configured = sheet
                .set_name(&self.sheet_name)
                .and_then(|sheet| sheet.set_column_range_format(0, last_col, &self.text_format))
                .map(|_| ());
            if let Err(source) = configured {
                return Err(WriteError::Xlsx {
                    path: part.path,
                    source: Box::new(source),
                });
            }
            for (r, row) in self.header.iter().enumerate() {
                let cells = row.iter().map(String::as_str);
                write_xlsx_row(&mut part, r, cells, &self.codes, || {
                    format!("header row {}", r + 1)
                })?;
            }
            self.xlsx = Some(part);
        }
        Ok(())
    }

    /// Completes the current part's files (without renaming them yet).
    fn stage_part(&mut self) -> Result<(), WriteError> {
        if let Some(part) = self.csv.take() {
            let CsvPart { path, writer, rows } = part;
            let mut file = writer.into_inner().map_err(|e| WriteError::Io {
                path: temp_path_for(&path),
                action: "write",
                source: e.into_error(),
            })?;
            file.set_rows(rows);
            self.staged.push(file.stage()?);
        }
        if let Some(part) = self.xlsx.take() {
            self.staged.push(stage_xlsx(part)?);
        }
        Ok(())
    }

    fn write_row(&mut self, row: &[&str]) -> Result<(), WriteError> {
        if let Some(limit) = self.part_limit() {
            let part_rows = match (&self.csv, &self.xlsx) {
                (Some(p), _) => p.rows,
                (None, Some(p)) => p.rows,
                (None, None) => 0,
            };
            if part_rows >= limit {
                self.stage_part()?;
                if self.options.split_rows.is_none() && self.part == 1 {
                    self.split_for_the_sheet();
                }
                self.start_part()?;
            }
        }
        self.data_rows += 1;
        let data_row = self.data_rows;
        if let Some(part) = self.csv.as_mut() {
            if self.options.delimiter == b'\t' {
                let file_row = HEADER_ROWS + part.rows + 1;
                check_tab_free(&part.path, row, &self.codes, || {
                    format!("row {file_row} (data row {data_row} of the run)")
                })?;
            }
            write_csv_record(part, row)?;
            part.rows += 1;
        }
        if let Some(part) = self.xlsx.as_mut() {
            if part.rows >= EXCEL_MAX_DATA_ROWS {
                return Err(WriteError::ExcelRowLimit {
                    path: part.path.clone(),
                    data_rows: part.rows + 1,
                });
            }
            let r = HEADER_ROWS + part.rows;
            write_xlsx_row(part, r, row.iter().copied(), &self.codes, || {
                format!("row {} (data row {data_row} of the run)", r + 1)
            })?;
            part.rows += 1;
        }
        Ok(())
    }
}

/// `contacts-001.csv` …: the name of part `part`.
fn part_name(stem: &str, part: usize, ext: &str) -> String {
    format!("{stem}-{part:03}.{ext}")
}

/// Contact files complete under their temporary names, waiting for the run's accounting.
pub struct StagedContactFiles {
    staged: Vec<StagedFile>,
    dir: PathBuf,
    stem: String,
}

impl StagedContactFiles {
    /// The files of a CSV writer and of an XLSX writer of the same records (see
    /// [`ContactFilesOptions::parts_of_a_workbook`]) as one set, in the order one writer of
    /// both would give: per part, CSV then XLSX.
    pub fn interleave(csv: StagedContactFiles, xlsx: StagedContactFiles) -> StagedContactFiles {
        let mut staged = Vec::with_capacity(csv.staged.len() + xlsx.staged.len());
        let mut workbooks = xlsx.staged.into_iter();
        for part in csv.staged {
            staged.push(part);
            staged.extend(workbooks.next());
        }
        staged.extend(workbooks);
        StagedContactFiles {
            staged,
            dir: csv.dir,
            stem: csv.stem,
        }
    }

    /// Data rows of the files, summed per format (`csv`, `xlsx`).
    pub fn rows_by_format(&self) -> std::collections::BTreeMap<&'static str, u64> {
        let mut rows = std::collections::BTreeMap::new();
        for staged in &self.staged {
            *rows.entry(staged.format()).or_insert(0) += staged.rows() as u64;
        }
        rows
    }

    /// Renames the files into place and removes contact files of an earlier run in the same
    /// folder; returns them in order (per part: CSV, then XLSX).
    pub fn publish(self) -> Result<Vec<WrittenFile>, WriteError> {
        let mut written = Vec::with_capacity(self.staged.len());
        for staged in self.staged {
            written.push(staged.publish()?);
        }
        remove_stale_contact_files(&self.dir, &self.stem, &written)?;
        Ok(written)
    }
}

/// A re-run into the same folder leaves exactly its own contact files: parts of an earlier
/// run (`contacts-003.csv` when this one wrote two parts, `contacts.csv` beside new parts,
/// `contacts.xlsx` when only CSV is written now) would be imported as if they were new.
fn remove_stale_contact_files(
    dir: &Path,
    stem: &str,
    written: &[WrittenFile],
) -> Result<(), WriteError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = is_contact_file_name(&name, stem);
        let path = entry.path();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if ours && is_file && !written.iter().any(|w| w.path == path) {
            std::fs::remove_file(&path).map_err(|source| WriteError::Io {
                path,
                action: "remove the earlier run's",
                source,
            })?;
        }
    }
    Ok(())
}

fn write_csv_record<S: AsRef<[u8]>>(part: &mut CsvPart, row: &[S]) -> Result<(), WriteError> {
    part.writer
        .write_record(row)
        .map_err(|source| WriteError::Csv {
            path: part.path.clone(),
            source,
        })
}

/// With TAB as delimiter SecuTix forbids quoting, so TAB, CR and LF cannot be written.
fn check_tab_free<S: AsRef<str>>(
    path: &Path,
    row: &[S],
    codes: &[String],
    location: impl Fn() -> String,
) -> Result<(), WriteError> {
    for (value, code) in row.iter().zip(codes) {
        let value = value.as_ref();
        if let Some(c) = value.chars().find(|c| matches!(c, '\t' | '\r' | '\n')) {
            let what = match c {
                '\t' => "a TAB",
                '\r' => "a carriage return",
                _ => "a line feed",
            };
            return Err(WriteError::Value(Box::new(ValueError {
                path: path.to_path_buf(),
                location: location(),
                column: code.clone(),
                problem: format!(
                    "value {value:?} contains {what}, which a TAB-delimited file cannot hold (SecuTix forbids quotes with TAB)"
                ),
                hint: "use another delimiter (',' ';' '|'), or clean the value in the mapping (e.g. replace tabs and line breaks with spaces)",
            })));
        }
    }
    Ok(())
}

/// A workbook for one part: fixed creation time (byte-identical output) and the temporary file
/// of constant-memory sheets in `dir`, the output directory: it has room for the output anyway,
/// unlike a `/tmp` that may be small or held in memory.
fn new_workbook(dir: &Path, compression: u8) -> Result<Workbook, XlsxError> {
    let (y, mo, d, h, mi, s) = XLSX_CREATION_DATETIME;
    let created = ExcelDateTime::from_ymd(y, mo, d)?.and_hms(h, mi, s)?;
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(compression);
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    workbook.set_tempdir(dir)?;
    workbook.add_worksheet_with_constant_memory()?;
    Ok(workbook)
}

/// Upper bound of the XML bytes rust_xlsxwriter writes for `value` in an inline string cell:
/// `&`, `<`, `>`, control characters and `_x` escapes grow by at most 6 bytes each.
pub(super) fn xlsx_cell_xml_bytes(value: &str) -> u64 {
    let escaped = value
        .bytes()
        .filter(|b| matches!(b, b'&' | b'<' | b'>' | b'_') || *b < 0x20)
        .count();
    XLSX_CELL_XML_BYTES + value.len() as u64 + 6 * escaped as u64
}

/// Writes one sheet row (rows in increasing order: the sheet is in constant-memory mode);
/// every non-empty cell is a string with the Text number format.
///
/// Cells are written without a format of their own: rust_xlsxwriter gives an unformatted cell
/// its column's format (every column has the Text format, see `start_part`) and writes that
/// style on the cell (`s="1"`), so the file is the same as with the format passed per cell,
/// without looking the format up in the workbook's format table for every cell (that lookup
/// hashes the whole `Format` and was a third of the XLSX writing time).
fn write_xlsx_row<'a>(
    part: &mut XlsxPart,
    row: usize,
    cells: impl Iterator<Item = &'a str>,
    codes: &[String],
    location: impl Fn() -> String,
) -> Result<(), WriteError> {
    let mut xml_bytes = XLSX_ROW_XML_BYTES;
    let sheet = sheet_of(&mut part.workbook, &part.path)?;
    for (col, (value, code)) in cells.zip(codes).enumerate() {
        if value.is_empty() {
            continue;
        }
        if value.len() > EXCEL_MAX_STRING_CHARS && value.chars().count() > EXCEL_MAX_STRING_CHARS {
            return Err(WriteError::Value(Box::new(ValueError {
                path: part.path.clone(),
                location: location(),
                column: code.clone(),
                problem: format!(
                    "value has {} characters, more than Excel's {EXCEL_MAX_STRING_CHARS} per cell",
                    value.chars().count()
                ),
                hint: "check the column's max-length rule, or write CSV only",
            })));
        }
        xml_bytes += xlsx_cell_xml_bytes(value);
        if let Err(source) = sheet.write_string(row as u32, col as u16, value) {
            return Err(WriteError::Xlsx {
                path: part.path.clone(),
                source: Box::new(source),
            });
        }
    }
    part.xml_bytes += xml_bytes;
    Ok(())
}

/// Saves a part's workbook under its temporary name.
fn stage_xlsx(part: XlsxPart) -> Result<StagedFile, WriteError> {
    let XlsxPart {
        path,
        mut workbook,
        rows,
        xml_bytes,
    } = part;
    let temp = temp_path_for(&path);
    let guard = TempGuard::new(temp.clone());
    // Only sheets that might not fit in a plain zip entry use ZIP64, which some readers lack.
    workbook.use_zip_large_file(xml_bytes > ZIP64_THRESHOLD_BYTES);
    let file = super::atomic::create_private(&temp)?;
    workbook
        .save_to_writer(std::io::BufWriter::new(file))
        .map_err(|source| WriteError::Xlsx {
            path: path.clone(),
            source: Box::new(source),
        })?;
    // Closes the sheet's temporary file.
    drop(workbook);
    StagedFile::from_closed(guard, path, "xlsx", rows)
}
