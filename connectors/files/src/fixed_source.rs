//! Fixed-width text files: every column is a range of characters of the line, given in the
//! `[source]` section (`columns` or `widths`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use polars::prelude::{ChunkedBuilder, DataType};
use serde::{Deserialize, Serialize};
use stx_connector_core::{
    stream_batches, Batch, BatchStream, ColumnBuilder, ColumnInfo, ColumnKind, OptionsPick,
    OptionsSchema, ReadOptions, ReadReject, ReadRequest, Source, SourceDescription, SourceError,
    SourceFactory, SourceSpec, TableInfo,
};

use crate::encoding::{detect_encoding, EncodingChoice};

const CONNECTOR: &str = "fixed";
const SNIFF_BYTES: usize = 64 * 1024;

/// What a fixed-width column is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedKind {
    /// Text, trailing spaces removed (the mapping casts).
    Text,
    /// A whole number (spaces around it allowed); anything else rejects the row.
    Integer,
}

/// One column of a fixed-width layout, positions in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedField {
    /// Column name.
    pub name: String,
    /// 0-based character position of the first character.
    pub start: usize,
    /// Width in characters.
    pub width: usize,
    /// Text or integer.
    pub kind: FixedKind,
}

/// How to read the fixed-width files of a source.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedOptions {
    /// The columns, in line order; empty names are taken from the header line.
    pub fields: Vec<FixedField>,
    /// Whether a header line (after `skip_rows`) is there: its texts name the columns given by
    /// `widths`; with `columns` it is skipped.
    pub header: bool,
    /// Lines to skip at the top (before the header).
    pub skip_rows: usize,
    /// Text encoding.
    pub encoding: EncodingChoice,
}

fn config(message: impl Into<String>, hint: &str) -> SourceError {
    SourceError::Config {
        message: message.into(),
        hint: Some(hint.into()),
    }
}

/// The `[source]` options of a fixed-width source (`type = "fixed"`, or `columns`/`widths`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FixedConfig {
    /// Several files of the same layout, each one table: `{ name = "file.txt" }`.
    #[serde(default)]
    pub tables: BTreeMap<String, PathBuf>,
    /// The columns, each with a name, a 1-based start position (default: right after the
    /// previous column) and a width, counted in characters after decoding:
    /// `[{ name = "id", start = 1, width = 6 }, { name = "name", width = 30 }]`.
    pub columns: Option<Vec<FixedColumn>>,
    /// The widths of consecutive columns, a shorthand for `columns` without gaps; names come
    /// from the header line (`header = true`) or are `column_1` ...
    pub widths: Option<Vec<usize>>,
    /// Whether a header line is there (default false).
    pub header: Option<bool>,
    /// `utf-8` (default), `auto`, or any WHATWG label.
    pub encoding: Option<String>,
    /// Lines to skip at the top, before the header.
    pub skip_rows: Option<usize>,
}

/// One column of a fixed-width file (see [`FixedConfig::columns`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FixedColumn {
    /// Column name.
    pub name: String,
    /// 1-based position of the column's first character; default: right after the previous
    /// column (1 for the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Width in characters.
    pub width: usize,
    /// `text` (default: the mapping casts) or `integer` (Int64; a value that is not a whole
    /// number rejects its row).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

impl FixedOptions {
    /// Options from the `[source]` section: `columns` or `widths`, `header`, `skip-rows`,
    /// `encoding`. A layout whose columns overlap is refused.
    pub fn from_spec(spec: &SourceSpec) -> Result<FixedOptions, SourceError> {
        FixedConfig::from_spec(spec)?.options()
    }

    /// Character position just after the last column: text beyond it makes a line too long.
    fn end(&self) -> usize {
        self.fields
            .iter()
            .map(|f| f.start + f.width)
            .max()
            .unwrap_or(0)
    }
}

impl FixedConfig {
    /// The fixed-width options of a spec (unknown keys and wrong types are errors).
    pub fn from_spec(spec: &SourceSpec) -> Result<FixedConfig, SourceError> {
        spec.options.parse(CONNECTOR)
    }

    /// The layout and reading options, checked: a layout whose columns overlap is refused.
    pub fn options(&self) -> Result<FixedOptions, SourceError> {
        const LAYOUT_HINT: &str = "write columns = [{ name = \"id\", start = 1, width = 6 }, { name = \"name\", width = 30 }] or widths = [6, 30]";
        let fields = match (&self.columns, &self.widths) {
            (Some(_), Some(_)) => {
                return Err(config(
                    "a fixed-width source sets both columns and widths",
                    "keep one: columns (names and positions) or widths (consecutive columns)",
                ))
            }
            (Some(columns), None) if !columns.is_empty() => {
                let mut fields = Vec::with_capacity(columns.len());
                let mut next = 0usize;
                for (i, c) in columns.iter().enumerate() {
                    let name = c.name.trim();
                    if name.is_empty() {
                        return Err(config(
                            format!("columns[{i}] has an empty name"),
                            LAYOUT_HINT,
                        ));
                    }
                    if fields.iter().any(|f: &FixedField| f.name == name) {
                        return Err(config(
                            format!("column '{name}' is named twice in columns"),
                            "give every column its own name",
                        ));
                    }
                    let start = match c.start {
                        Some(0) => {
                            return Err(config(
                                format!("column '{name}': start = 0, but positions count from 1"),
                                "the first character of a line is at start = 1",
                            ))
                        }
                        Some(s) => s - 1,
                        None => next,
                    };
                    if c.width == 0 {
                        return Err(config(format!("column '{name}' has width 0"), LAYOUT_HINT));
                    }
                    if start < next {
                        return Err(config(
                            format!(
                                "column '{name}' starts at {} but the previous column ends at {}: columns overlap or are out of order",
                                start + 1,
                                next
                            ),
                            "list the columns left to right; start counts characters from 1",
                        ));
                    }
                    let kind = match c.kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
                        None | Some("text") => FixedKind::Text,
                        Some("integer") => FixedKind::Integer,
                        Some(other) => return Err(config(
                            format!("column '{name}': unknown type '{other}'"),
                            "use type = \"text\" (the default: the mapping casts) or \"integer\"",
                        )),
                    };
                    next = start + c.width;
                    fields.push(FixedField {
                        name: name.to_string(),
                        start,
                        width: c.width,
                        kind,
                    });
                }
                fields
            }
            (None, Some(widths)) if !widths.is_empty() => {
                let mut start = 0;
                let mut fields = Vec::with_capacity(widths.len());
                for (i, &width) in widths.iter().enumerate() {
                    if width == 0 {
                        return Err(config(format!("widths[{i}] is 0"), LAYOUT_HINT));
                    }
                    fields.push(FixedField {
                        name: String::new(),
                        start,
                        width,
                        kind: FixedKind::Text,
                    });
                    start += width;
                }
                fields
            }
            _ => {
                return Err(config(
                    "a fixed-width source needs its column layout",
                    LAYOUT_HINT,
                ))
            }
        };
        let encoding = match &self.encoding {
            None => EncodingChoice::Utf8,
            Some(label) => crate::csv_source::parse_encoding(label)?,
        };
        Ok(FixedOptions {
            fields,
            header: self.header.unwrap_or(false),
            skip_rows: self.skip_rows.unwrap_or(0),
            encoding,
        })
    }
}

/// Opens fixed-width sources (`type = "fixed"`, `fixed:` URLs, or any file with `columns` or
/// `widths` in `[source]`).
pub struct FixedFactory;

#[async_trait]
impl SourceFactory for FixedFactory {
    fn names(&self) -> &'static [&'static str] {
        &["fixed"]
    }

    fn picked_by_options(&self) -> OptionsPick {
        // A column layout makes a file fixed-width whatever its extension (.txt, .dat, .prn).
        OptionsPick {
            options: &["columns", "widths"],
            before_extension: true,
        }
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<FixedConfig>().with_paths(&["tables"])
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        let layout = FixedConfig::from_spec(spec)?;
        let options = layout.options()?;
        let tables = crate::csv_source::file_tables(spec, layout.tables);
        if tables.is_empty() {
            return Err(config(
                "a fixed-width source needs path = \"file.txt\" or tables = { name = \"file.txt\" }",
                "set path in [source]",
            ));
        }
        Ok(Box::new(FixedSource::new(tables, options)?))
    }
}

/// One or more fixed-width files of the same layout, each a table.
pub struct FixedSource {
    tables: BTreeMap<String, PathBuf>,
    options: FixedOptions,
}

impl FixedSource {
    /// A source over `tables` (name → file); every file must exist.
    pub fn new(
        tables: BTreeMap<String, PathBuf>,
        options: FixedOptions,
    ) -> Result<FixedSource, SourceError> {
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
        Ok(FixedSource { tables, options })
    }

    fn location(&self) -> String {
        let paths: Vec<String> = self
            .tables
            .values()
            .map(|p| p.display().to_string())
            .collect();
        paths.join(", ")
    }

    fn path_of(&self, request: &ReadRequest) -> Result<&Path, SourceError> {
        match request {
            ReadRequest::Table(t) => {
                self.tables
                    .get(t)
                    .map(PathBuf::as_path)
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
                message: "fixed-width files have no SQL engine of their own".into(),
                hint: Some("queries over files run on polars SQL (read_with_polars_sql)".into()),
            }),
        }
    }
}

#[async_trait]
impl Source for FixedSource {
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
            let mut reader = FixedReader::open(path, &self.options)?;
            let mut rows = 0u64;
            while reader.next_line()?.is_some() {
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
        let reader = FixedReader::open(self.path_of(request)?, &self.options)?;
        Ok(reader
            .fields
            .iter()
            .map(|f| ColumnInfo {
                name: f.name.clone(),
                native_type: match f.kind {
                    FixedKind::Text => format!("char({})", f.width),
                    FixedKind::Integer => format!("integer({})", f.width),
                },
                dtype: match f.kind {
                    FixedKind::Text => DataType::String,
                    FixedKind::Integer => DataType::Int64,
                },
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let reader = FixedReader::open(self.path_of(request)?, &self.options)?;
        Ok(stream_batches(
            reader,
            options.batch_rows,
            FixedReader::next_batch,
        ))
    }
}

/// A fixed-width file being read line by line (line numbers count every line from 1).
struct FixedReader {
    path: PathBuf,
    input: Box<dyn BufRead + Send>,
    fields: Vec<FixedField>,
    end: usize,
    /// Encoding name for messages.
    encoding: &'static encoding_rs::Encoding,
    /// Raw UTF-8 input: each line is validated (decoded input is UTF-8 already, with U+FFFD
    /// where a byte did not decode).
    check_utf8: bool,
    /// Number of the line read last.
    line_no: u64,
    buf: Vec<u8>,
}

/// One data line, split into its fields.
enum Line {
    Row(Vec<Cell>),
    Reject(ReadReject),
}

/// One value of a line, parsed once for its column's type.
enum Cell {
    Null,
    Text(String),
    Int(i64),
}

impl FixedReader {
    fn open(path: &Path, options: &FixedOptions) -> Result<FixedReader, SourceError> {
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
            // A byte-order mark says what the file is, as for CSV.
            (EncodingChoice::Utf8 | EncodingChoice::Named(_), Some((e, _))) => e,
            (EncodingChoice::Utf8, None) => encoding_rs::UTF_8,
            (EncodingChoice::Named(e), None) => e,
            (EncodingChoice::Auto, _) => detect_encoding(&prefix, complete),
        };
        let raw = io::Cursor::new(prefix).chain(file);
        let (input, check_utf8): (Box<dyn BufRead + Send>, bool) = if encoding == encoding_rs::UTF_8
        {
            (Box::new(BufReader::new(raw)), true)
        } else {
            let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(raw);
            (Box::new(BufReader::new(decoder)), false)
        };
        let mut this = FixedReader {
            path: path.to_path_buf(),
            input,
            fields: options.fields.clone(),
            end: options.end(),
            encoding,
            check_utf8,
            line_no: 0,
            buf: Vec::new(),
        };
        for _ in 0..options.skip_rows {
            if !this.raw_line()? {
                break;
            }
        }
        if options.header {
            if !this.raw_line()? {
                return Err(SourceError::Read {
                    connector: CONNECTOR,
                    location: path.display().to_string(),
                    row: None,
                    message: "the file is empty: no header line".into(),
                    hint: Some("send the file again, or set header = false".into()),
                });
            }
            let text = String::from_utf8_lossy(&this.buf).into_owned();
            let chars: Vec<char> = text.chars().collect();
            for (i, f) in this.fields.iter_mut().enumerate() {
                if f.name.is_empty() {
                    let from = f.start.min(chars.len());
                    let to = (f.start + f.width).min(chars.len());
                    let name: String = chars[from..to].iter().collect();
                    f.name = name.trim().to_string();
                    if f.name.is_empty() {
                        f.name = format!("column_{}", i + 1);
                    }
                }
            }
        }
        // Names still missing (widths without header); duplicates from a header get _2, _3.
        let mut seen: Vec<String> = Vec::new();
        for (i, f) in this.fields.iter_mut().enumerate() {
            if f.name.is_empty() {
                f.name = format!("column_{}", i + 1);
            }
            let base = f.name.clone();
            let mut n = 2;
            while seen.contains(&f.name) {
                f.name = format!("{base}_{n}");
                n += 1;
            }
            seen.push(f.name.clone());
        }
        Ok(this)
    }

    /// Reads the next line into `buf` without its line end; false at the end of the file.
    fn raw_line(&mut self) -> Result<bool, SourceError> {
        self.buf.clear();
        let n = self
            .input
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| SourceError::Read {
                connector: CONNECTOR,
                location: self.path.display().to_string(),
                row: Some(self.line_no + 1),
                message: e.to_string(),
                hint: None,
            })?;
        if n == 0 {
            return Ok(false);
        }
        self.line_no += 1;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        if self.line_no == 1 && self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.buf.drain(..3);
        }
        Ok(true)
    }

    /// The next data line (empty lines are skipped, as the CSV reader does).
    fn next_line(&mut self) -> Result<Option<(u64, Line)>, SourceError> {
        loop {
            if !self.raw_line()? {
                return Ok(None);
            }
            if !self.buf.is_empty() {
                return Ok(Some((self.line_no, self.split())));
            }
        }
    }

    /// The field whose character range holds character `at`.
    fn field_at(&self, at: usize) -> Option<&FixedField> {
        self.fields
            .iter()
            .find(|f| at >= f.start && at < f.start + f.width)
    }

    /// Splits the line in `buf` into fields, or says why the line is rejected.
    fn split(&self) -> Line {
        let line = self.line_no;
        let path = self.path.display();
        let text = String::from_utf8_lossy(&self.buf);
        let chars: Vec<char> = text.chars().collect();
        let slice = |from: usize, width: usize| -> String {
            let from = from.min(chars.len());
            let to = (from + width).min(chars.len());
            chars[from..to].iter().collect()
        };
        let values = || -> Vec<(String, String)> {
            self.fields
                .iter()
                .map(|f| {
                    (
                        f.name.clone(),
                        // A NUL would end up raw in rejects.csv.
                        slice(f.start, f.width)
                            .trim_end_matches(' ')
                            .replace('\0', "\\0"),
                    )
                })
                .collect()
        };
        let column_words = |at: usize| match self.field_at(at) {
            Some(f) => (Some(f.name.clone()), format!("column '{}'", f.name)),
            None => (None, "between columns".to_string()),
        };
        let reject = |column: Option<String>, value: String, message: String| {
            Line::Reject(ReadReject {
                src_row: line,
                values: values(),
                column,
                value: Some(value),
                message,
            })
        };
        // Undecodable bytes: for raw UTF-8 the first invalid byte, else the replacement
        // character the decoder put in its place.
        let bad = if self.check_utf8 {
            std::str::from_utf8(&self.buf).err().map(|e| {
                let valid = std::str::from_utf8(&self.buf[..e.valid_up_to()]).unwrap_or("");
                valid.chars().count()
            })
        } else {
            chars.iter().position(|&c| c == char::REPLACEMENT_CHARACTER)
        };
        if let Some(at) = bad {
            let (column, words) = column_words(at);
            let field_value = match self.field_at(at) {
                Some(f) => slice(f.start, f.width).trim_end_matches(' ').to_string(),
                None => slice(at, 1),
            };
            let hint = if self.check_utf8 {
                "the file is probably in a legacy encoding: set encoding = \"windows-1252\" (or \"auto\") in [source]".to_string()
            } else {
                format!(
                    "the file is not valid {}: check encoding in [source]",
                    self.encoding.name()
                )
            };
            return reject(
                column,
                field_value,
                format!(
                    "{path}: line {line}, {words}: bytes that are not {} at character {}; {hint}",
                    self.encoding.name(),
                    at + 1
                ),
            );
        }
        if let Some(at) = chars.iter().position(|&c| c == '\0') {
            let (column, words) = column_words(at);
            let field_value = match self.field_at(at) {
                Some(f) => slice(f.start, f.width),
                None => String::new(),
            };
            return reject(
                column,
                field_value.trim_end_matches(' ').replace('\0', "\\0"),
                format!(
                    "{path}: line {line}, {words}: a NUL byte at character {}; the file is binary or UTF-16: check encoding in [source]",
                    at + 1
                ),
            );
        }
        if chars.len() > self.end {
            let extra: String = chars[self.end..].iter().collect();
            let extra = extra.trim();
            if !extra.is_empty() {
                let last = self
                    .fields
                    .iter()
                    .max_by_key(|f| f.start)
                    .map(|f| f.name.as_str())
                    .unwrap_or("");
                return reject(
                    None,
                    extra.to_string(),
                    format!(
                        "{path}: line {line} is {} characters long, but the columns end at {} (after column '{last}'): '{}' is beyond the layout; a column is missing from columns/widths, or the line is shifted",
                        chars.len(),
                        self.end,
                        extra
                    ),
                );
            }
        }
        let mut out = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            if f.start >= chars.len() {
                // A short line: the missing trailing fields are NULL.
                out.push(Cell::Null);
                continue;
            }
            let value = slice(f.start, f.width);
            let value = value.trim_end_matches(' ');
            let trimmed = value.trim();
            out.push(match f.kind {
                _ if trimmed.is_empty() && (f.kind == FixedKind::Integer || value.is_empty()) => {
                    Cell::Null
                }
                FixedKind::Text => Cell::Text(value.to_string()),
                // `parse` takes an optional sign and digits only, as a whole number is written.
                FixedKind::Integer => match trimmed.parse::<i64>() {
                    Ok(n) => Cell::Int(n),
                    Err(_) => {
                        return reject(
                            Some(f.name.clone()),
                            value.to_string(),
                            format!(
                                "{path}: line {line}, column '{}': '{value}' is not a whole number (type = \"integer\"); fix the value, or read the column as text",
                                f.name
                            ),
                        )
                    }
                },
            });
        }
        Line::Row(out)
    }

    fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        let mut src_rows: Vec<u64> = Vec::with_capacity(batch_rows);
        let mut builders: Vec<ColumnBuilder> = self
            .fields
            .iter()
            .map(|f| {
                let kind = match f.kind {
                    FixedKind::Text => ColumnKind::Text,
                    FixedKind::Integer => ColumnKind::Int,
                };
                ColumnBuilder::new(kind, f.name.as_str(), batch_rows)
            })
            .collect();
        let mut rejects = Vec::new();
        let mut seen = 0;
        while seen < batch_rows {
            let Some((line, parsed)) = self.next_line()? else {
                break;
            };
            seen += 1;
            match parsed {
                Line::Reject(r) => rejects.push(r),
                Line::Row(values) => {
                    for (builder, value) in builders.iter_mut().zip(values) {
                        match (builder, value) {
                            (ColumnBuilder::Text(b), Cell::Text(v)) => b.append_value(&v),
                            (ColumnBuilder::Int(b), Cell::Int(v)) => b.append_value(v),
                            (b, _) => b.push_null(),
                        }
                    }
                    src_rows.push(line);
                }
            }
        }
        if seen == 0 {
            return Ok(None);
        }
        let batch = Batch::from_builders(src_rows, builders, rejects, Vec::new()).map_err(|e| {
            SourceError::Read {
                connector: CONNECTOR,
                location: self.path.display().to_string(),
                row: None,
                message: e.to_string(),
                hint: None,
            }
        })?;
        Ok(Some(batch))
    }
}

#[cfg(test)]
#[path = "fixed_tests.rs"]
mod tests;
