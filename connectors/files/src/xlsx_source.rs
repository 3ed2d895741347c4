//! Spreadsheets (xlsx, xlsm, xlsb, xls, ods) as sources: every worksheet is a table, every
//! column is read as text.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use calamine::{open_workbook_auto, CellErrorType, Data, ExcelDateTime, Range, Reader, SheetType};
use polars::prelude::DataType;
use serde::Deserialize;
use stx_connector_core::{
    stream_batches, Batch, BatchStream, ColumnInfo, OptionsSchema, ReadOptions, ReadReject,
    ReadRequest, Source, SourceDescription, SourceError, SourceFactory, SourceSpec, TableInfo,
};

use crate::csv_source::unique_names;
use crate::xlsx_guard::{check_declared_sizes, without_panic};

const CONNECTOR: &str = "xlsx";
/// The extensions of the workbooks calamine reads.
pub(crate) const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];
const NATIVE_TYPE: &str = "cell";
const PATH_HINT: &str =
    "check the path; relative paths are relative to the migration file's folder";

/// How to read the sheets of a workbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XlsxOptions {
    /// The worksheet to offer (and read by default); `None` offers every worksheet.
    pub sheet: Option<String>,
    /// Whether the first non-empty row (after `skip_rows`) holds the column names.
    pub header: bool,
    /// Rows to skip at the top of the sheet before the header (title rows), counted from row 1.
    pub skip_rows: usize,
}

/// The `[source]` options of a workbook source (`type = "xlsx"`, `.xlsx` ... files).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct XlsxConfig {
    /// The worksheet to read (default: every one is a table).
    pub sheet: Option<String>,
    /// Whether the first non-empty row holds the column names (default true).
    pub header: Option<bool>,
    /// Rows to skip before the header row (title rows).
    pub skip_rows: Option<usize>,
}

impl XlsxOptions {
    /// Options from the `[source]` section (`sheet`, `header`, `skip-rows`).
    pub fn from_spec(spec: &SourceSpec) -> Result<XlsxOptions, SourceError> {
        let config: XlsxConfig = spec.options.parse(CONNECTOR)?;
        Ok(XlsxOptions {
            sheet: config.sheet,
            header: config.header.unwrap_or(true),
            skip_rows: config.skip_rows.unwrap_or(0),
        })
    }
}

/// Opens spreadsheet sources (`xlsx:` or `excel:` URLs, `type = "xlsx"`, `.xlsx` `.xlsm` `.xlsb`
/// `.xls` `.ods` files).
pub struct XlsxFactory;

#[async_trait]
impl SourceFactory for XlsxFactory {
    fn names(&self) -> &'static [&'static str] {
        &["xlsx", "excel"]
    }

    fn extensions(&self) -> &'static [&'static str] {
        WORKBOOK_EXTENSIONS
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<XlsxConfig>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        let options = XlsxOptions::from_spec(spec)?;
        let Some(path) = spec.location_path() else {
            return Err(SourceError::Config {
                message: "an xlsx source needs path = \"file.xlsx\" or url = \"xlsx:file.xlsx\""
                    .into(),
                hint: None,
            });
        };
        Ok(Box::new(XlsxSource::open(&path, options)?))
    }
}

/// A workbook whose worksheets are tables (named as the sheets are).
pub struct XlsxSource {
    path: PathBuf,
    options: XlsxOptions,
    /// The sheets offered as tables, in workbook order (only `options.sheet` when set).
    sheets: Vec<String>,
}

impl XlsxSource {
    /// Opens the workbook at `path` and checks that the sheet `options` names exists.
    pub fn open(path: &Path, options: XlsxOptions) -> Result<XlsxSource, SourceError> {
        if !path.is_file() {
            return Err(SourceError::Open {
                connector: CONNECTOR,
                location: path.display().to_string(),
                message: "no such file".into(),
                hint: Some(PATH_HINT.into()),
            });
        }
        let workbook = open_workbook(path)?;
        let all: Vec<String> = workbook
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .collect();
        if all.is_empty() {
            return Err(SourceError::Open {
                connector: CONNECTOR,
                location: path.display().to_string(),
                message: "the workbook has no worksheets".into(),
                hint: Some("export the data to a worksheet (chart sheets hold no rows)".into()),
            });
        }
        let sheets = match &options.sheet {
            None => all,
            Some(wanted) => match find_sheet(&all, wanted) {
                Some(name) => vec![name.to_string()],
                None => {
                    return Err(SourceError::UnknownTable {
                        connector: CONNECTOR,
                        location: path.display().to_string(),
                        table: wanted.clone(),
                        available: all.join(", "),
                    })
                }
            },
        };
        Ok(XlsxSource {
            path: path.to_path_buf(),
            options,
            sheets,
        })
    }

    /// The worksheets offered as tables, in workbook order (never empty).
    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// The sheet read when a migration names the file rather than a sheet: the sheet chosen
    /// with `sheet`, or the only worksheet of the workbook.
    pub fn default_sheet(&self) -> Option<&str> {
        match self.sheets.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// The sheet a request reads: a sheet name (exact, else ignoring case), or, when there is
    /// a default sheet, the file's stem (the table name a single CSV file would have).
    fn sheet_of(&self, request: &ReadRequest) -> Result<String, SourceError> {
        match request {
            ReadRequest::Table(t) => {
                if let Some(name) = find_sheet(&self.sheets, t) {
                    return Ok(name.to_string());
                }
                let stem = self.path.file_stem().and_then(|s| s.to_str());
                match self.default_sheet() {
                    Some(name) if stem.is_some_and(|s| s.eq_ignore_ascii_case(t)) => {
                        Ok(name.to_string())
                    }
                    _ => Err(SourceError::UnknownTable {
                        connector: CONNECTOR,
                        location: self.location(),
                        table: t.clone(),
                        available: self.sheets.join(", "),
                    }),
                }
            }
            ReadRequest::Query(_) => Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.location(),
                message: "spreadsheets have no SQL engine of their own".into(),
                hint: Some(
                    "queries over spreadsheets run on polars SQL over the sheets (read_with_polars_sql)"
                        .into(),
                ),
            }),
        }
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    /// The first `rows` rows of `sheet` as text (index 0 = spreadsheet row 1; empty rows and
    /// cells are empty strings; Excel errors as their text), for checks of header rows. xlsx
    /// and xlsb stream their cells, so only the top of the sheet is parsed; xls and ods are
    /// read whole.
    pub fn head(&self, sheet: &str, rows: usize) -> Result<Vec<Vec<String>>, SourceError> {
        let mut head: Vec<Vec<String>> = vec![Vec::new(); rows];
        let mut put = |(row, col): (u32, u32), cell: &Data| {
            if let Some(line) = head.get_mut(row as usize) {
                let col = col as usize;
                if line.len() <= col {
                    line.resize(col + 1, String::new());
                }
                line[col] = cell_text(cell);
            }
        };
        let read_error = |message: String| self.sheet_error(sheet, message);
        let book = open_workbook(&self.path)?;
        without_panic(
            || head_of(book, sheet, rows, &mut put, &read_error),
            |panic| {
                read_error(format!(
                    "the spreadsheet reader failed on this sheet: {panic}"
                ))
            },
        )?;
        Ok(head)
    }

    /// Cells below the first `skip` rows that the workbook stores as numbers or dates rather
    /// than text, per column (0-based): how many, and the first one's row (1-based). A
    /// spreadsheet keeps no leading zero or `+` of a number: in a text column, such a cell is
    /// where a value was changed.
    pub fn number_cells(
        &self,
        sheet: &str,
        skip: usize,
    ) -> Result<std::collections::BTreeMap<u32, (u64, u32)>, SourceError> {
        let mut found: std::collections::BTreeMap<u32, (u64, u32)> = Default::default();
        let mut put = |(row, col): (u32, u32), cell: &Data| {
            let number = matches!(
                cell,
                Data::Float(_) | Data::Int(_) | Data::DateTime(_) | Data::DurationIso(_)
            );
            if number && row as usize >= skip {
                let entry = found.entry(col).or_insert((0, row + 1));
                entry.0 += 1;
            }
        };
        let read_error = |message: String| self.sheet_error(sheet, message);
        let book = open_workbook(&self.path)?;
        without_panic(
            || head_of(book, sheet, usize::MAX, &mut put, &read_error),
            |panic| {
                read_error(format!(
                    "the spreadsheet reader failed on this sheet: {panic}"
                ))
            },
        )?;
        Ok(found)
    }

    /// A read error of `sheet`.
    fn sheet_error(&self, sheet: &str, message: String) -> SourceError {
        SourceError::Read {
            connector: CONNECTOR,
            location: format!("{}, sheet '{sheet}'", self.location()),
            row: None,
            message,
            hint: Some("open the workbook in a spreadsheet program and save it again".into()),
        }
    }

    fn sheet_reader(&self, sheet: &str) -> Result<SheetReader, SourceError> {
        let mut workbook = open_workbook(&self.path)?;
        let read_error = |message: String| self.sheet_error(sheet, message);
        let range = without_panic(
            || {
                workbook
                    .worksheet_range(sheet)
                    .map_err(|e| read_error(e.to_string()))
            },
            |panic| {
                read_error(format!(
                    "the spreadsheet reader failed on this sheet: {panic}"
                ))
            },
        )?;
        Ok(SheetReader::new(
            &self.path,
            sheet,
            range,
            self.options.header,
            self.options.skip_rows,
        ))
    }
}

/// Puts the cells of the first `rows` rows of `sheet` of `book`.
fn head_of(
    book: calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    rows: usize,
    mut put: impl FnMut((u32, u32), &Data),
    read_error: &dyn Fn(String) -> SourceError,
) -> Result<(), SourceError> {
    match book {
        calamine::Sheets::Xlsx(mut book) => {
            let mut cells = book
                .worksheet_cells_reader(sheet)
                .map_err(|e| read_error(e.to_string()))?;
            head_cells(|| cells.next_cell(), rows, &mut put).map_err(read_error)?;
        }
        calamine::Sheets::Xlsb(mut book) => {
            let mut cells = book
                .worksheet_cells_reader(sheet)
                .map_err(|e| read_error(e.to_string()))?;
            head_cells(|| cells.next_cell(), rows, &mut put).map_err(read_error)?;
        }
        mut book => {
            let range = book
                .worksheet_range(sheet)
                .map_err(|e| read_error(e.to_string()))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, col, cell) in range.used_cells() {
                put((top + row as u32, left + col as u32), cell);
            }
        }
    }
    Ok(())
}

/// Feeds the cells of a streaming reader to `put` until the first cell below row `rows`
/// (cells come row by row).
fn head_cells<'a, E: std::fmt::Display>(
    mut next_cell: impl FnMut() -> Result<Option<calamine::Cell<calamine::DataRef<'a>>>, E>,
    rows: usize,
    mut put: impl FnMut((u32, u32), &Data),
) -> Result<(), String> {
    while let Some(cell) = next_cell().map_err(|e| e.to_string())? {
        if cell.get_position().0 as usize >= rows {
            break;
        }
        put(cell.get_position(), &Data::from(cell.get_value().clone()));
    }
    Ok(())
}

/// The sheet of `sheets` named `wanted`: exact, else the only one equal ignoring case.
fn find_sheet<'a>(sheets: &'a [String], wanted: &str) -> Option<&'a str> {
    if let Some(exact) = sheets.iter().find(|s| *s == wanted) {
        return Some(exact);
    }
    let mut folded = sheets
        .iter()
        .filter(|s| s.to_lowercase() == wanted.to_lowercase());
    match (folded.next(), folded.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// Opens the workbook with calamine once its declared sizes are checked; a panic in calamine
/// is an error naming the file.
fn open_workbook(
    path: &Path,
) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>, SourceError> {
    check_declared_sizes(path, CONNECTOR)?;
    without_panic(
        || open_checked(path),
        |panic| SourceError::Open {
            connector: CONNECTOR,
            location: path.display().to_string(),
            message: format!("the spreadsheet reader failed on this workbook: {panic}"),
            hint: Some(
                "the workbook is damaged or was not written by a spreadsheet program: open it \
                 in one and save it again, or export the sheet as CSV"
                    .into(),
            ),
        },
    )
}

fn open_checked(
    path: &Path,
) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>, SourceError> {
    open_workbook_auto(path).map_err(|e| SourceError::Open {
        connector: CONNECTOR,
        location: path.display().to_string(),
        message: format!("not a spreadsheet that can be read: {e}"),
        hint: Some(
            "the xlsx connector reads .xlsx, .xlsm, .xlsb, .xls and .ods workbooks; a CSV file \
             renamed to .xlsx or a password-protected workbook cannot be read: save it again \
             from the spreadsheet program as .xlsx without a password, or use a csv: source"
                .into(),
        ),
    })
}

#[async_trait]
impl Source for XlsxSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: false,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        let mut out = Vec::with_capacity(self.sheets.len());
        for sheet in &self.sheets {
            let reader = self.sheet_reader(sheet)?;
            out.push(TableInfo {
                name: sheet.clone(),
                kind: "sheet".into(),
                rows: Some(reader.count_rows()),
            });
        }
        Ok(out)
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(self.sheets.clone())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let sheet = self.sheet_of(request)?;
        let reader = self.sheet_reader(&sheet)?;
        if reader.names.is_empty() {
            return Err(SourceError::Read {
                connector: CONNECTOR,
                location: reader.location(),
                row: None,
                message: if self.options.header {
                    "the sheet is empty: no header row".into()
                } else {
                    "the sheet is empty".into()
                },
                hint: Some(if self.options.skip_rows > 0 {
                    format!(
                        "skip-rows = {} skips the sheet's first {} rows; check it, and check sheet names the sheet with the data",
                        self.options.skip_rows, self.options.skip_rows
                    )
                } else {
                    "check sheet names the sheet with the data".into()
                }),
            });
        }
        Ok(reader
            .names
            .iter()
            .map(|n| ColumnInfo {
                name: n.clone(),
                native_type: NATIVE_TYPE.into(),
                dtype: DataType::String,
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let batch_rows = options.batch_rows;
        let sheet = self.sheet_of(request)?;
        let reader = self.sheet_reader(&sheet)?;
        Ok(stream_batches(reader, batch_rows, SheetReader::next_batch))
    }
}

/// The rows of one loaded sheet, read in batches, with row numbers as the spreadsheet shows
/// them.
struct SheetReader {
    path: PathBuf,
    sheet: String,
    range: Range<Data>,
    /// Absolute (0-based) row and column of the range's first cell.
    first_row: u32,
    first_col: u32,
    /// Column names; the header's width (empty when the sheet has no header row).
    names: Vec<String>,
    /// Index in `range` of the next row to read.
    next: usize,
}

impl SheetReader {
    fn new(path: &Path, sheet: &str, range: Range<Data>, header: bool, skip: usize) -> Self {
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let height = range.height();
        // Rows above the range are empty rows of the sheet: they count towards `skip`.
        let mut next = skip.saturating_sub(first_row as usize).min(height);
        while next < height && row_is_empty(&range[next]) {
            next += 1;
        }
        let names = if next >= height {
            Vec::new()
        } else if header {
            let cells = &range[next];
            next += 1;
            let width = cells
                .iter()
                .rposition(|c| !cell_is_empty(c))
                .map_or(0, |i| i + 1);
            unique_names(cells[..width].iter().enumerate().map(|(i, cell)| {
                let name = cell_text(cell).trim().to_string();
                if name.is_empty() {
                    default_name(first_col, i)
                } else {
                    name
                }
            }))
        } else {
            (0..range.width())
                .map(|i| default_name(first_col, i))
                .collect()
        };
        SheetReader {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            range,
            first_row,
            first_col,
            names,
            next,
        }
    }

    fn location(&self) -> String {
        format!("{}, sheet '{}'", self.path.display(), self.sheet)
    }

    /// The spreadsheet row number (1-based) of range row `index`.
    fn row_number(&self, index: usize) -> u64 {
        u64::from(self.first_row) + index as u64 + 1
    }

    /// Data rows left (entirely empty rows are not rows of the data).
    fn count_rows(&self) -> u64 {
        (self.next..self.range.height())
            .filter(|&i| !row_is_empty(&self.range[i]))
            .count() as u64
    }

    fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        let width = self.names.len();
        let mut src_rows: Vec<u64> = Vec::with_capacity(batch_rows);
        let mut columns: Vec<Vec<Option<String>>> =
            (0..width).map(|_| Vec::with_capacity(batch_rows)).collect();
        let mut rejects = Vec::new();
        let mut seen = 0;
        while seen < batch_rows && self.next < self.range.height() {
            let index = self.next;
            self.next += 1;
            let cells = &self.range[index];
            if row_is_empty(cells) {
                continue;
            }
            seen += 1;
            let row = self.row_number(index);
            if let Some(reject) = self.check_row(row, cells) {
                rejects.push(reject);
                continue;
            }
            for (i, column) in columns.iter_mut().enumerate() {
                column.push(cells.get(i).and_then(|c| render(c).ok().flatten()));
            }
            src_rows.push(row);
        }
        if seen == 0 {
            return Ok(None);
        }
        Batch::from_text_columns(src_rows, &self.names, columns, rejects)
            .map(Some)
            .map_err(|e| SourceError::Read {
                connector: CONNECTOR,
                location: self.location(),
                row: None,
                message: e.to_string(),
                hint: None,
            })
    }

    fn column_name(&self, i: usize) -> String {
        self.names
            .get(i)
            .cloned()
            .unwrap_or_else(|| default_name(self.first_col, i))
    }

    /// An Excel error in a cell, or a value right of the header, rejects the row.
    fn check_row(&self, row: u64, cells: &[Data]) -> Option<ReadReject> {
        let width = self.names.len();
        let values = || -> Vec<(String, String)> {
            let last = cells
                .iter()
                .rposition(|c| !cell_is_empty(c))
                .map_or(0, |i| i + 1);
            (0..last.max(width))
                .map(|i| {
                    let text = cells.get(i).map(cell_text).unwrap_or_default();
                    (self.column_name(i), text)
                })
                .collect()
        };
        for (i, cell) in cells.iter().enumerate() {
            let letter = column_letter(self.first_col as usize + i);
            if i >= width {
                if cell_is_empty(cell) {
                    continue;
                }
                return Some(ReadReject {
                    src_row: row,
                    values: values(),
                    column: Some(self.column_name(i)),
                    value: Some(cell_text(cell)),
                    message: format!(
                        "{}: row {row} has a value in column {letter} beyond the header ({} columns); give the column a name in the header row, or delete the stray value",
                        self.location(),
                        width
                    ),
                });
            }
            if let Data::Error(e) = cell {
                return Some(ReadReject {
                    src_row: row,
                    values: values(),
                    column: Some(self.names[i].clone()),
                    value: Some(e.to_string()),
                    message: format!(
                        "{}: row {row}, column '{}' (cell {letter}{row}) holds the Excel error {e}; correct the formula or the value in the workbook, or clear the cell",
                        self.location(),
                        self.names[i]
                    ),
                });
            }
        }
        None
    }
}

/// `column_N`, N the spreadsheet's column number (A = 1) of range column `index`.
fn default_name(first_col: u32, index: usize) -> String {
    format!("column_{}", first_col as usize + index + 1)
}

/// The spreadsheet letters of a 0-based column number (`0` → `A`, `27` → `AB`).
fn column_letter(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

fn cell_is_empty(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    }
}

fn row_is_empty(cells: &[Data]) -> bool {
    cells.iter().all(cell_is_empty)
}

/// A cell as text for names and reject values: its rendering, its error text, or "".
fn cell_text(cell: &Data) -> String {
    match render(cell) {
        Ok(v) => v.unwrap_or_default(),
        Err(e) => e.to_string(),
    }
}

/// A cell as the text a migration maps: `None` for an empty cell, `Err` for an Excel error.
fn render(cell: &Data) -> Result<Option<String>, CellErrorType> {
    Ok(Some(match cell {
        Data::Empty => return Ok(None),
        Data::String(s) if s.is_empty() => return Ok(None),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_float(*f),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(dt) => format_datetime(dt),
        Data::DateTimeIso(s) => format_iso_datetime(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(e.clone()),
    }))
}

/// Whole numbers without decimals or exponent (`12.0` → `12`), others in Rust's shortest
/// round-trip form (`3.5`, `0.1`).
fn format_float(f: f64) -> String {
    if f == 0.0 {
        // Also -0.0.
        "0".into()
    } else {
        // Display never uses an exponent and drops a `.0`.
        format!("{f}")
    }
}

/// `dd.mm.yyyy` at midnight, `dd.mm.yyyy HH:MM:SS` otherwise, `HH:MM:SS` for a time of day
/// alone (serial value below 1), `[h]:mm:ss` for a duration; `.mmm` when there are
/// milliseconds.
fn format_datetime(dt: &ExcelDateTime) -> String {
    let value = dt.as_f64();
    if dt.is_duration() {
        let total_ms = (value.abs() * 86_400_000.0).round() as u64;
        let sign = if value < 0.0 { "-" } else { "" };
        let (secs, ms) = (total_ms / 1000, total_ms % 1000);
        let mut out = format!(
            "{sign}{}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        if ms != 0 {
            out.push_str(&format!(".{ms:03}"));
        }
        return out;
    }
    let (year, month, day, hour, min, sec, milli) = dt.to_ymd_hms_milli();
    let time = if milli != 0 {
        format!("{hour:02}:{min:02}:{sec:02}.{milli:03}")
    } else {
        format!("{hour:02}:{min:02}:{sec:02}")
    };
    if (0.0..1.0).contains(&value) {
        return time;
    }
    let date = format!("{day:02}.{month:02}.{year:04}");
    if (hour, min, sec, milli) == (0, 0, 0, 0) {
        date
    } else {
        format!("{date} {time}")
    }
}

/// An ISO date or datetime (OpenDocument cells: `1965-08-01`, `2024-03-01T10:30:00`) the same
/// way as [`format_datetime`]; any other text as it is.
fn format_iso_datetime(s: &str) -> String {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let [y, m, d] = parts.as_slice() else {
        return s.to_string();
    };
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return s.to_string();
    }
    let date = format!("{d}.{m}.{y}");
    let Some(time) = time else {
        return date;
    };
    let (hms, fraction) = match time.split_once('.') {
        Some((hms, f)) => (hms, f.trim_end_matches('0')),
        None => (time, ""),
    };
    let hms_ok = hms.len() == 8
        && hms.bytes().enumerate().all(|(i, b)| {
            if i == 2 || i == 5 {
                b == b':'
            } else {
                b.is_ascii_digit()
            }
        });
    if !hms_ok || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    match (hms, fraction) {
        ("00:00:00", "") => date,
        (_, "") => format!("{date} {hms}"),
        // Milliseconds as for Excel cells (`.250`), finer fractions as written.
        (_, f) => format!("{date} {hms}.{f:0<3}"),
    }
}

#[cfg(test)]
#[path = "xlsx_tests.rs"]
mod tests;
