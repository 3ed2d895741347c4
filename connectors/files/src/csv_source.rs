use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde::Deserialize;
use stx_connector_core::{
    stream_batches, Batch, BatchStream, ColumnInfo, OptionsPick, OptionsSchema, ReadAction,
    ReadOptions, ReadReject, ReadRequest, ReadWarning, Source, SourceDescription, SourceError,
    SourceFactory, SourceSpec, TableInfo,
};

use crate::encoding::{detect_encoding, looks_like_mojibake, utf16_from_nuls, EncodingChoice};

mod guard;
use guard::{FieldGuard, GuardLog, MAX_FIELD_BYTES};

const CONNECTOR: &str = "csv";
const SNIFF_BYTES: usize = 64 * 1024;

/// How to parse the CSV files of a source.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvOptions {
    /// Field delimiter; `None` detects it from the header line (`,` `;` TAB `|`).
    pub delimiter: Option<u8>,
    /// Quote character; `None` detects `"` or `'` on the header line ([`sniff_quote`]).
    pub quote: Option<u8>,
    /// Whether the first record holds the column names.
    pub header: bool,
    /// Text encoding.
    pub encoding: EncodingChoice,
    /// Records to skip before the header (title lines above the column names).
    pub skip_rows: usize,
}

/// How a CSV file is written, as detected when it is opened: what a file written back for its
/// author (the rejects of a file input) must use to open the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvLayout {
    /// Text encoding (after BOM detection and `auto` detection).
    pub encoding: &'static encoding_rs::Encoding,
    /// Whether the file starts with a byte-order mark.
    pub bom: bool,
    /// Field delimiter.
    pub delimiter: u8,
    /// Quote character.
    pub quote: u8,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: None,
            quote: None,
            header: true,
            encoding: EncodingChoice::Utf8,
            skip_rows: 0,
        }
    }
}

/// The `[source]` options of a CSV source (`type = "csv"`, `csv:` URLs, `.csv` files).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CsvConfig {
    /// Several files, each one table: `{ customer = "customer.csv", address = "address.csv" }`.
    #[serde(default)]
    pub tables: BTreeMap<String, PathBuf>,
    /// Field delimiter (`,` `;` `\t` `|`); detected from the header line when absent.
    pub delimiter: Option<String>,
    /// Quote character; detected when absent.
    pub quote: Option<char>,
    /// Whether the first line holds column names (default true; otherwise `column_1` ...).
    pub header: Option<bool>,
    /// `utf-8` (default), `auto` (detect), or any WHATWG label: `windows-1252` ...
    pub encoding: Option<String>,
    /// Rows to skip before the header row (title lines above the column names). Row numbers in
    /// messages still count from the first line of the file.
    pub skip_rows: Option<usize>,
}

impl CsvConfig {
    /// The CSV options of a spec (unknown keys and wrong types are errors).
    pub fn from_spec(spec: &SourceSpec) -> Result<CsvConfig, SourceError> {
        spec.options.parse(CONNECTOR)
    }

    /// How to parse the files: values checked (a supported delimiter, a known encoding).
    pub fn options(&self) -> Result<CsvOptions, SourceError> {
        let mut options = CsvOptions::default();
        if let Some(d) = &self.delimiter {
            options.delimiter = Some(match d.as_str() {
                "," => b',',
                ";" => b';',
                "|" => b'|',
                "\t" | "\\t" | "tab" | "TAB" => b'\t',
                other => {
                    return Err(SourceError::Config {
                        message: format!("delimiter '{other}' is not supported"),
                        hint: Some("use one of \",\", \";\", \"|\" or \"\\t\"".into()),
                    })
                }
            });
        }
        if let Some(q) = self.quote {
            if !q.is_ascii() {
                return Err(SourceError::Config {
                    message: format!("quote '{q}' must be an ASCII character"),
                    hint: None,
                });
            }
            options.quote = Some(q as u8);
        }
        if let Some(h) = self.header {
            options.header = h;
        }
        if let Some(n) = self.skip_rows {
            options.skip_rows = n;
        }
        if let Some(label) = &self.encoding {
            options.encoding = parse_encoding(label)?;
        }
        Ok(options)
    }
}

/// An `encoding` option: `utf-8`, `auto` or a WHATWG label.
pub(crate) fn parse_encoding(label: &str) -> Result<EncodingChoice, SourceError> {
    EncodingChoice::parse(label).ok_or_else(|| SourceError::Config {
        message: format!("unknown encoding '{label}'"),
        hint: Some(
            "use utf-8, auto, windows-1252, iso-8859-15, utf-16le ... (WHATWG labels)".into(),
        ),
    })
}

impl CsvOptions {
    /// Options from the `[source]` section.
    pub fn from_spec(spec: &SourceSpec) -> Result<CsvOptions, SourceError> {
        CsvConfig::from_spec(spec)?.options()
    }
}

/// Opens CSV sources (`csv:` URLs, `type = "csv"`, `.csv`/`.tsv`/`.txt` files, `tables = {...}`).
pub struct CsvFactory;

#[async_trait]
impl SourceFactory for CsvFactory {
    fn names(&self) -> &'static [&'static str] {
        &["csv", "tsv"]
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["csv", "tsv", "txt"]
    }

    fn picked_by_options(&self) -> OptionsPick {
        OptionsPick {
            options: &["tables"],
            before_extension: false,
        }
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<CsvConfig>().with_paths(&["tables"])
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        let config = CsvConfig::from_spec(spec)?;
        let options = config.options()?;
        let tables = file_tables(spec, config.tables);
        if tables.is_empty() {
            return Err(SourceError::Config {
                message:
                    "a csv source needs path = \"file.csv\" or tables = { name = \"file.csv\" }"
                        .into(),
                hint: None,
            });
        }
        Ok(Box::new(CsvSource::new(tables, options)?))
    }
}

/// The tables of a file spec: `tables`, plus the file of `path`/`url` named by its stem.
pub(crate) fn file_tables(
    spec: &SourceSpec,
    mut tables: BTreeMap<String, PathBuf>,
) -> BTreeMap<String, PathBuf> {
    if let Some(path) = spec.location_path() {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("data")
            .to_string();
        tables.insert(name, path);
    }
    tables
}

/// How a CSV file is written and the rows above its data, so that a file for its author (the
/// rejects of a file input) can be written the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvHead {
    /// Encoding, BOM, delimiter and quote.
    pub layout: CsvLayout,
    /// The rows above the data as read: title rows, then the header row (none for a file
    /// without header).
    pub rows: Vec<Vec<String>>,
}

/// The [`CsvHead`] of the file behind `table` of a CSV spec, read as the source reads it;
/// `None` when the spec has no such table.
pub fn csv_table_head(spec: &SourceSpec, table: &str) -> Result<Option<CsvHead>, SourceError> {
    let config = CsvConfig::from_spec(spec)?;
    let options = config.options()?;
    let Some(path) = file_tables(spec, config.tables).remove(table) else {
        return Ok(None);
    };
    let head_rows = options.skip_rows + usize::from(options.header);
    let (layout, rows) = csv_head(&path, &options, head_rows)?;
    Ok(Some(CsvHead { layout, rows }))
}

/// One or more CSV files, each a table.
pub struct CsvSource {
    tables: BTreeMap<String, PathBuf>,
    options: CsvOptions,
}

impl CsvSource {
    /// A source over `tables` (name → file); every file must exist.
    pub fn new(
        tables: BTreeMap<String, PathBuf>,
        options: CsvOptions,
    ) -> Result<CsvSource, SourceError> {
        for path in tables.values() {
            if !path.is_file() {
                return Err(SourceError::Open {
                    connector: CONNECTOR,
                    location: path.display().to_string(),
                    message: "no such file".into(),
                    hint: Some("check the path; relative paths are relative to the migration file's folder".into()),
                });
            }
        }
        Ok(CsvSource { tables, options })
    }

    fn path_of(&self, request: &ReadRequest) -> Result<&Path, SourceError> {
        match request {
            ReadRequest::Table(t) => {
                self.tables
                    .get(t)
                    .map(|p| p.as_path())
                    .ok_or_else(|| SourceError::UnknownTable {
                        connector: CONNECTOR,
                        location: self.location(),
                        table: t.clone(),
                        available: self.tables.keys().cloned().collect::<Vec<_>>().join(", "),
                    })
            }
            ReadRequest::Query(_) => Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.location(),
                message: "CSV files have no SQL engine of their own".into(),
                hint: Some("queries over CSV run on polars SQL (read_with_polars_sql)".into()),
            }),
        }
    }

    fn location(&self) -> String {
        let paths: Vec<String> = self
            .tables
            .values()
            .map(|p| p.display().to_string())
            .collect();
        paths.join(", ")
    }
}

#[async_trait]
impl Source for CsvSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: false,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        let mut out = Vec::new();
        for (name, path) in &self.tables {
            let mut reader = CsvReader::open(path, &self.options)?;
            let mut rows = 0u64;
            while reader.next_record()?.is_some() {
                rows += 1;
            }
            out.push(TableInfo {
                name: name.clone(),
                kind: "file".into(),
                rows: Some(rows),
            });
        }
        Ok(out)
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(self.tables.keys().cloned().collect())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let path = self.path_of(request)?;
        let reader = CsvReader::open(path, &self.options)?;
        Ok(reader
            .names
            .iter()
            .map(|n| ColumnInfo {
                name: n.clone(),
                native_type: "text".into(),
                dtype: polars::prelude::DataType::String,
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let batch_rows = options.batch_rows;
        let path = self.path_of(request)?;
        let reader = CsvReader::open(path, &self.options)?;
        Ok(stream_batches(reader, batch_rows, CsvReader::next_batch))
    }
}

/// A CSV file being read record by record, with row numbers as a spreadsheet shows them.
struct CsvReader {
    path: PathBuf,
    reader: csv::Reader<FieldGuard<Box<dyn Read + Send>>>,
    /// What the byte guard under the parser found (open quotes, cut fields).
    guard: Arc<Mutex<GuardLog>>,
    /// Columns already named in a mojibake warning (one warning per column).
    mojibake_flagged: Vec<bool>,
    names: Vec<String>,
    record: csv::ByteRecord,
    /// Row number of the next record (header = row 1).
    next_row: u64,
    /// Whether bytes must be checked for UTF-8 (they are already UTF-8 after decoding).
    check_utf8: bool,
    /// A record read ahead (headerless files: to learn the width).
    pending: Option<Record>,
    /// How the file is written.
    layout: CsvLayout,
}

/// The layout of a CSV file and its first `rows` records as text (lossy for bytes that do not
/// decode), read with `options` except `skip_rows` and `header`: for checks of header rows.
pub fn csv_head(
    path: &Path,
    options: &CsvOptions,
    rows: usize,
) -> Result<(CsvLayout, Vec<Vec<String>>), SourceError> {
    let raw = CsvOptions {
        header: false,
        skip_rows: 0,
        ..options.clone()
    };
    // The delimiter is sniffed on the header line, which is `skip_rows` lines down.
    let mut reader = CsvReader::open_with_sniff_line(path, &raw, options.skip_rows)?;
    let mut out = Vec::new();
    while out.len() < rows {
        let Some((_, record)) = reader.next_record()? else {
            break;
        };
        out.push(
            record
                .fields
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        );
    }
    Ok((reader.layout, out))
}

impl CsvReader {
    fn open(path: &Path, options: &CsvOptions) -> Result<CsvReader, SourceError> {
        Self::open_with_sniff_line(path, options, options.skip_rows)
    }

    /// Opens the file; the delimiter, unless given, is sniffed on line `sniff_line` (0-based).
    fn open_with_sniff_line(
        path: &Path,
        options: &CsvOptions,
        sniff_line: usize,
    ) -> Result<CsvReader, SourceError> {
        let io_error = |e: io::Error| SourceError::Open {
            connector: CONNECTOR,
            location: path.display().to_string(),
            message: e.to_string(),
            hint: None,
        };
        let mut file = File::open(path).map_err(io_error)?;
        let mut prefix = Vec::with_capacity(SNIFF_BYTES);
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)
            .map_err(io_error)?;
        let complete = prefix.len() < SNIFF_BYTES;
        let bom = encoding_rs::Encoding::for_bom(&prefix);
        let encoding = match (options.encoding, bom) {
            // A BOM says what the file is, whatever was configured (the decoder honours it too).
            (EncodingChoice::Utf8 | EncodingChoice::Named(_), Some((e, _))) => e,
            // UTF-8 has no NUL bytes: a file full of them is UTF-16 saved without its BOM.
            (EncodingChoice::Utf8, None) => utf16_from_nuls(&prefix).unwrap_or(encoding_rs::UTF_8),
            (EncodingChoice::Named(e), None) => e,
            (EncodingChoice::Auto, _) => detect_encoding(&prefix, complete),
        };
        let raw: Box<dyn Read + Send> = Box::new(io::Cursor::new(prefix).chain(file));
        let (mut input, check_utf8): (Box<dyn Read + Send>, bool) =
            if encoding == encoding_rs::UTF_8 {
                (Box::new(SkipUtf8Bom::new(raw)), true)
            } else {
                let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .bom_override(true)
                    .build(raw);
                (Box::new(decoder), false)
            };
        let (delimiter, quote) = match (options.delimiter, options.quote) {
            (Some(d), Some(q)) => (d, q),
            (delimiter, quote) => {
                // Sniff on the (decoded) header line, then replay what was read.
                let mut head = Vec::new();
                let mut line_start = 0;
                let mut lines = 0;
                let mut byte = [0u8; 1];
                while head.len() < SNIFF_BYTES * (sniff_line + 1) {
                    match input.read(&mut byte).map_err(io_error)? {
                        0 => break,
                        _ => {
                            head.push(byte[0]);
                            if byte[0] == b'\n' {
                                if lines == sniff_line {
                                    break;
                                }
                                lines += 1;
                                line_start = head.len();
                            }
                        }
                    }
                }
                let line = &head[line_start.min(head.len())..];
                let q = quote.unwrap_or_else(|| sniff_quote(line));
                let d = delimiter.unwrap_or_else(|| sniff_delimiter(line, q));
                input = Box::new(io::Cursor::new(head).chain(input));
                (d, q)
            }
        };
        let guard = Arc::new(Mutex::new(GuardLog::default()));
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quote(quote)
            .has_headers(false)
            .flexible(true)
            .from_reader(FieldGuard::new(input, delimiter, quote, Arc::clone(&guard)));
        let mut this = CsvReader {
            path: path.to_path_buf(),
            reader,
            guard,
            mojibake_flagged: Vec::new(),
            names: Vec::new(),
            record: csv::ByteRecord::new(),
            next_row: 1,
            check_utf8,
            pending: None,
            layout: CsvLayout {
                encoding,
                bom: bom.is_some(),
                delimiter,
                quote,
            },
        };
        for _ in 0..options.skip_rows {
            if this.raw_next()?.is_none() {
                break;
            }
            this.next_row += 1;
        }
        if options.header {
            match this.raw_next()? {
                Some(Record {
                    fault: Some(fault),
                    line,
                    ..
                }) => {
                    let message = match fault {
                        Fault::OpenQuote { line: opened } => format!(
                            "the header (line {line}) has a quote opened on line {opened} that is never closed"
                        ),
                        Fault::TooLong { bytes, .. } => format!(
                            "the header (line {line}) has a value of {bytes} bytes: this is no header"
                        ),
                    };
                    return Err(SourceError::Read {
                        connector: CONNECTOR,
                        location: path.display().to_string(),
                        row: Some(this.next_row),
                        message,
                        hint: Some(
                            "check the quotes of the header line, or set quote to the file's quote character"
                                .into(),
                        ),
                    });
                }
                Some(Record { fields: header, .. }) => {
                    this.names = unique_names(header.iter().enumerate().map(|(i, f)| {
                        let name = String::from_utf8_lossy(f).trim().to_string();
                        if name.is_empty() {
                            format!("column_{}", i + 1)
                        } else {
                            name
                        }
                    }));
                    this.next_row += 1;
                }
                None => {
                    return Err(SourceError::Read {
                        connector: CONNECTOR,
                        location: path.display().to_string(),
                        row: None,
                        message: "the file is empty: no header line".into(),
                        hint: Some("send the file again, or set header = false".into()),
                    })
                }
            }
        } else {
            // Without a header the first record gives the width; keep it for reading.
            let width = this.peek_width()?;
            this.names = (1..=width).map(|i| format!("column_{i}")).collect();
        }
        this.mojibake_flagged = vec![false; this.names.len()];
        Ok(this)
    }

    fn read_error(&self, e: csv::Error) -> SourceError {
        SourceError::Read {
            connector: CONNECTOR,
            location: self.path.display().to_string(),
            row: Some(self.next_row),
            message: e.to_string(),
            hint: None,
        }
    }

    /// The next record as parsed, with its line and what the guard found in it.
    fn raw_next(&mut self) -> Result<Option<Record>, SourceError> {
        let mut fields = std::mem::take(&mut self.record);
        match self.reader.read_byte_record(&mut fields) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(self.read_error(e)),
        }
        let (start, parser_line) = fields.position().map_or((0, 1), |p| (p.byte(), p.line()));
        let end = self.reader.position().byte();
        let mut log = self.guard.lock().unwrap_or_else(|e| e.into_inner());
        let within = |at: u64| start <= at && at < end;
        let fault = match log.open_quote_at_eof {
            Some((line, at)) if within(at) => Some(Fault::OpenQuote { line }),
            _ => log
                .cuts
                .iter()
                .find(|c| within(c.at))
                .map(|c| Fault::TooLong {
                    field: c.field,
                    bytes: c.bytes,
                    line: c.line,
                }),
        };
        let line = log.take_record_line(start).unwrap_or(parser_line);
        Ok(Some(Record {
            fields,
            line,
            fault,
        }))
    }

    fn peek_width(&mut self) -> Result<usize, SourceError> {
        // csv::Reader cannot un-read: keep the first record pending.
        match self.raw_next()? {
            Some(r) => {
                let width = r.fields.len();
                self.pending = Some(r);
                Ok(width)
            }
            None => Ok(0),
        }
    }

    /// The next data record and its row number.
    fn next_record(&mut self) -> Result<Option<(u64, Record)>, SourceError> {
        let record = match self.pending.take() {
            Some(r) => Some(r),
            None => self.raw_next()?,
        };
        Ok(record.map(|r| {
            let row = self.next_row;
            self.next_row += 1;
            (row, r)
        }))
    }

    fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        let width = self.names.len();
        let mut src_rows: Vec<u64> = Vec::with_capacity(batch_rows);
        let mut columns: Vec<Vec<Option<String>>> =
            (0..width).map(|_| Vec::with_capacity(batch_rows)).collect();
        let mut rejects = Vec::new();
        let mut warnings = Vec::new();
        let mut seen = 0;
        while seen < batch_rows {
            let Some((row, record)) = self.next_record()? else {
                break;
            };
            seen += 1;
            if let Some(reject) = self.check_record(row, &record) {
                rejects.push(reject);
                continue;
            }
            for (i, field) in record.fields.iter().enumerate() {
                // Validated above (or already UTF-8 after decoding).
                let text = String::from_utf8_lossy(field).into_owned();
                if !self.mojibake_flagged[i] && looks_like_mojibake(&text) {
                    self.mojibake_flagged[i] = true;
                    warnings.push(self.mojibake_warning(row, &record, i, &text));
                }
                columns[i].push(if text.is_empty() { None } else { Some(text) });
            }
            src_rows.push(row);
        }
        if seen == 0 {
            return Ok(None);
        }
        let mut batch =
            Batch::from_text_columns(src_rows, &self.names, columns, rejects).map_err(|e| {
                SourceError::Read {
                    connector: CONNECTOR,
                    location: self.path.display().to_string(),
                    row: None,
                    message: e.to_string(),
                    hint: None,
                }
            })?;
        batch.warnings = warnings;
        Ok(Some(batch))
    }

    fn mojibake_warning(&self, row: u64, record: &Record, i: usize, text: &str) -> ReadWarning {
        let column = &self.names[i];
        ReadWarning {
            action: ReadAction::Kept,
            src_row: row,
            column: column.clone(),
            value: text.to_string(),
            message: format!(
                "{}: row {row} (line {}), column '{column}': '{text}' looks like UTF-8 text that was once read as windows-1252 (mojibake, e.g. 'Ã©' for 'é'); kept as read, and only the column's first such value is listed: map the column with fix_mojibake({}) to repair every value that round-trips",
                self.path.display(),
                record.line,
                mapping_name(column),
            ),
        }
    }

    fn check_record(&self, row: u64, record: &Record) -> Option<ReadReject> {
        let fields = &record.fields;
        let line = record.line;
        let path = self.path.display();
        let name = |i: usize| {
            self.names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("column_{}", i + 1))
        };
        let values = || -> Vec<(String, String)> {
            fields
                .iter()
                .enumerate()
                .map(|(i, f)| (name(i), value_as_read(f)))
                .collect()
        };
        let reject = |column: Option<usize>, message: String| {
            Some(ReadReject {
                src_row: row,
                values: values(),
                column: column.map(name),
                value: column.and_then(|i| fields.get(i)).map(shown),
                message,
            })
        };
        match record.fault {
            Some(Fault::OpenQuote { line: opened }) => {
                let last = fields.len().saturating_sub(1);
                return reject(
                    Some(last),
                    format!(
                        "{path}: row {row} (line {line}), column '{}': the quote opened on line {opened} is never closed, so everything from there to the end of the file was read as one value; close the quote (a quote inside a quoted value is written twice: \"\"), then send the rows from line {opened} on again",
                        name(last)
                    ),
                );
            }
            Some(Fault::TooLong {
                field,
                bytes,
                line: starts,
            }) => {
                return reject(
                    Some(field),
                    format!(
                        "{path}: row {row} (line {line}), column '{}': the value starting on line {starts} is {bytes} bytes long, more than the {} MiB a field may hold (only its start is kept here); usually a quote closed much later than meant: check the quotes from line {starts} on",
                        name(field),
                        MAX_FIELD_BYTES >> 20
                    ),
                );
            }
            None => {}
        }
        if fields.len() != self.names.len() {
            return reject(
                None,
                format!(
                    "{path}: row {row} has {} fields but the header has {}; usually a delimiter inside an unquoted value or a missing closing quote",
                    fields.len(),
                    self.names.len()
                ),
            );
        }
        for (i, field) in fields.iter().enumerate() {
            if let Some(at) = field.iter().position(|&b| b == 0) {
                return reject(
                    Some(i),
                    format!(
                        "{path}: row {row} (line {line}), column '{}': the value holds a NUL byte (shown as \\0) at byte {at}: \"{}\"; NUL is no character of any text: remove it (a file full of them is UTF-16: set encoding = \"utf-16le\")",
                        name(i),
                        shown(field)
                    ),
                );
            }
            if !self.check_utf8 {
                continue;
            }
            if let Err(e) = std::str::from_utf8(field) {
                let at = e.valid_up_to();
                let bad = &field[at..at + e.error_len().unwrap_or(field.len() - at)];
                let hex: Vec<String> = bad.iter().map(|b| format!("{b:02X}")).collect();
                return reject(
                    Some(i),
                    format!(
                        "{path}: row {row} (line {line}), column '{}': bytes that are not UTF-8 at offset {at} (hex {}): \"{}\"; the file is probably in a legacy encoding, or this line was pasted from one: set encoding = \"windows-1252\" (or \"auto\") in [source] if every accented line is affected, otherwise correct this line",
                        name(i),
                        hex.join(" "),
                        shown(field)
                    ),
                );
            }
        }
        None
    }
}

/// One record as parsed, with what the guard knows about it.
struct Record {
    fields: csv::ByteRecord,
    /// Line of the file where the record starts (1-based).
    line: u64,
    fault: Option<Fault>,
}

/// Why a record cannot be read as it stands, known from the guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// The quote opened on `line` is never closed: the record runs to the end of the file.
    OpenQuote { line: u64 },
    /// Field `field`, starting on `line`, is `bytes` long: more than [`MAX_FIELD_BYTES`].
    TooLong { field: usize, bytes: u64, line: u64 },
}

/// Longest value shown in a message or reject (in characters).
const SHOWN_CHARS: usize = 200;

/// A field for messages: its text, NUL as `\0`, bytes that are not UTF-8 as `\xE9`, cut after
/// [`SHOWN_CHARS`] characters.
fn shown(field: &[u8]) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for chunk in field.utf8_chunks() {
        for c in chunk.valid().chars() {
            if chars == SHOWN_CHARS {
                out.push('…');
                return out;
            }
            chars += 1;
            match c {
                '\0' => out.push_str("\\0"),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
            chars += 1;
        }
    }
    out
}

/// A field of a rejected row as the rejects file holds it: as read (lossily decoded, so a
/// customer can correct the row in place), except one above 1 MiB, which no one corrects in a
/// CSV file: it is cut, with its length noted.
fn value_as_read(field: &[u8]) -> String {
    if field.len() > 1 << 20 {
        format!("{} ({} bytes)", shown(field), field.len())
    } else {
        String::from_utf8_lossy(field).into_owned()
    }
}

/// A column name as a mapping expression (and SQL) names it: quoted unless a plain
/// identifier.
pub fn mapping_name(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// Makes column names unique (`name`, `name_2` ...) because a frame cannot hold two columns of
/// the same name.
pub(crate) fn unique_names(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let mut candidate = name.clone();
        let mut n = 2;
        while out.contains(&candidate) {
            candidate = format!("{name}_{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

/// The quote of a header line: `'` when the line has no `"` and every field is wrapped in `'`
/// (`'id';'name'`), else `"`. A lone apostrophe (`O'Neill`) does not count: only a line whose
/// fields all start and end with it.
fn sniff_quote(line: &[u8]) -> u8 {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.contains(&b'"') || line.len() < 2 {
        return b'"';
    }
    let wrapped = |delimiter: u8| {
        line.split(|&b| b == delimiter).all(|field| {
            field.len() >= 2 && field.first() == Some(&b'\'') && field.last() == Some(&b'\'')
        })
    };
    // A single field must be wrapped too; with a delimiter, the line must hold it.
    let single = wrapped(0);
    let with_delimiter = [b',', b';', b'\t', b'|']
        .iter()
        .any(|&d| line.contains(&d) && wrapped(d));
    if single || with_delimiter {
        b'\''
    } else {
        b'"'
    }
}

/// The delimiter among `,` `;` TAB `|` that occurs most often outside quotes in the first line.
fn sniff_delimiter(line: &[u8], quote: u8) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in line {
        if b == quote {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4)
        .max_by_key(|&i| (counts[i], usize::MAX - i))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Skips a UTF-8 byte-order mark at the start of a stream.
struct SkipUtf8Bom<R> {
    inner: R,
    checked: bool,
    pending: Vec<u8>,
}

impl<R: Read> SkipUtf8Bom<R> {
    fn new(inner: R) -> Self {
        SkipUtf8Bom {
            inner,
            checked: false,
            pending: Vec::new(),
        }
    }
}

impl<R: Read> Read for SkipUtf8Bom<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.checked {
            self.checked = true;
            let mut head = [0u8; 3];
            let mut got = 0;
            while got < 3 {
                let n = self.inner.read(&mut head[got..])?;
                if n == 0 {
                    break;
                }
                got += n;
            }
            if head[..got] != [0xEF, 0xBB, 0xBF] {
                self.pending = head[..got].to_vec();
            }
        }
        if !self.pending.is_empty() {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod input_tests;
