//! FileMaker XML exports (`File > Export Records > XML`, grammar FMPXMLRESULT) as a source.
//!
//! The grammar handled:
//!
//! ```xml
//! <FMPXMLRESULT xmlns="http://www.filemaker.com/fmpxmlresult">
//!   <ERRORCODE>0</ERRORCODE>
//!   <DATABASE DATEFORMAT="M/d/yyyy" TIMEFORMAT="h:mm:ss a" NAME="Kunden.fmp12" .../>
//!   <METADATA><FIELD NAME="Telefon" TYPE="TEXT" MAXREPEAT="2" .../> ...</METADATA>
//!   <RESULTSET FOUND="3">
//!     <ROW RECORDID="1" MODID="1"><COL><DATA>+41 1</DATA><DATA>+41 2</DATA></COL> ...</ROW>
//!   </RESULTSET>
//! </FMPXMLRESULT>
//! ```
//!
//! The file is one table named after its stem, streamed with quick-xml (never loaded whole):
//! one reader is kept across batches. Columns follow METADATA; every column is text
//! (`_src_row` is the 1-based ROW position):
//!
//! - TEXT and NUMBER: the text as written (FileMaker numbers hold whatever was typed, so they
//!   are not parsed);
//! - DATE → `YYYY-MM-DD`, TIME → `HH:MM:SS`, TIMESTAMP → `YYYY-MM-DD HH:MM:SS`, read with the
//!   DATEFORMAT / TIMEFORMAT the file declares (`M/d/yyyy`, `dd.MM.yyyy`, `yyyy-MM-dd`,
//!   `h:mm:ss a`, `HH:mm:ss` …). A value that does not match rejects its row;
//! - repeating fields (MAXREPEAT > 1): repetition 1 goes to `Name`, repetitions 2..n to
//!   `Name[2]` … `Name[n]`, right after `Name`;
//! - CONTAINER fields hold files, which are not read: the column is left out, with one
//!   warning per such column on the first row.
//!
//! An empty COL (no DATA) or an empty DATA is a null. A ROW whose COL count differs from
//! METADATA rejects the row. ERRORCODE ≠ 0, another root element (FMPDSORESULT) or a file that
//! is not XML fail at open; malformed XML after the header ends the read with an error naming
//! the row and byte offset, after the rows before it were delivered. Files in another
//! encoding than UTF-8 (declared in the XML declaration, or a UTF-16 BOM) are transcoded;
//! byte offsets then count the UTF-8 text.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use polars::prelude::DataType;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use stx_connector_core::{
    stream_batches, Batch, BatchStream, ColumnInfo, NoOptions, ReadAction, ReadOptions, ReadReject,
    ReadRequest, ReadWarning, Source, SourceDescription, SourceError, SourceFactory, SourceSpec,
    TableInfo,
};

use crate::csv_source::unique_names;

const CONNECTOR: &str = "fmpxml";
const PATH_HINT: &str =
    "check the path; relative paths are relative to the migration file's folder";
const GRAMMAR_HINT: &str = "in FileMaker use File > Export Records, type XML, and choose the \
     FMPXMLRESULT grammar (FMPDSORESULT and other XML are not read)";
const DAMAGED_HINT: &str = "the file is damaged or incomplete (cut off while copying?): export \
     it again from FileMaker; the rows before this point were read";

/// Opens FileMaker XML exports (`fmpxml:export.xml` URLs, `type = "fmpxml"`, `.xml` files).
pub struct FmpXmlFactory;

#[async_trait]
impl SourceFactory for FmpXmlFactory {
    fn names(&self) -> &'static [&'static str] {
        &["fmpxml"]
    }

    fn extensions(&self) -> &'static [&'static str] {
        // FileMaker's XML export (FMPXMLRESULT), the only XML a legacy source sends us.
        &["xml"]
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        spec.options.parse::<NoOptions>(CONNECTOR)?;
        let Some(path) = spec.location_path() else {
            return Err(SourceError::Config {
                message:
                    "an fmpxml source needs path = \"export.xml\" or url = \"fmpxml:export.xml\""
                        .into(),
                hint: None,
            });
        };
        Ok(Box::new(FmpXmlSource::open(&path)?))
    }
}

/// A FileMaker FMPXMLRESULT export: one table, named after the file's stem.
pub struct FmpXmlSource {
    path: PathBuf,
    table: String,
    layout: Arc<Layout>,
}

impl FmpXmlSource {
    /// Opens the export at `path` and reads its header (ERRORCODE, DATABASE, METADATA).
    pub fn open(path: &Path) -> Result<FmpXmlSource, SourceError> {
        if !path.is_file() {
            return Err(open_error(path, "no such file".into(), PATH_HINT));
        }
        let reader = RowReader::open(path)?;
        let table = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into());
        Ok(FmpXmlSource {
            path: path.to_path_buf(),
            table,
            layout: reader.layout,
        })
    }

    /// The table's name (the file's stem).
    pub fn table_name(&self) -> &str {
        &self.table
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn check_request(&self, request: &ReadRequest) -> Result<(), SourceError> {
        match request {
            ReadRequest::Table(t) if t.eq_ignore_ascii_case(&self.table) => Ok(()),
            ReadRequest::Table(t) => Err(SourceError::UnknownTable {
                connector: CONNECTOR,
                location: self.location(),
                table: t.clone(),
                available: self.table.clone(),
            }),
            ReadRequest::Query(_) => Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.location(),
                message: "FileMaker XML exports have no SQL engine of their own".into(),
                hint: Some(
                    "queries over XML exports run on polars SQL over the table (read_with_polars_sql)"
                        .into(),
                ),
            }),
        }
    }
}

#[async_trait]
impl Source for FmpXmlSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: false,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        // Counted, not taken from RESULTSET FOUND: the count must match what a read delivers.
        let mut reader = RowReader::open(&self.path)?;
        let mut rows = 0u64;
        while reader.next_row()?.is_some() {
            rows += 1;
            reader.row = rows;
        }
        Ok(vec![TableInfo {
            name: self.table.clone(),
            kind: "file".into(),
            rows: Some(rows),
        }])
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(vec![self.table.clone()])
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        self.check_request(request)?;
        let layout = &self.layout;
        let mut out = Vec::with_capacity(layout.names.len());
        for field in &layout.fields {
            if let Some(first) = field.first_col {
                for j in 0..field.repeat {
                    out.push(ColumnInfo {
                        name: layout.names[first + j].clone(),
                        native_type: field.native.clone(),
                        dtype: DataType::String,
                    });
                }
            }
        }
        Ok(out)
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        self.check_request(request)?;
        let reader = RowReader::open(&self.path)?;
        Ok(stream_batches(
            reader,
            options.batch_rows,
            RowReader::next_batch,
        ))
    }
}

fn open_error(path: &Path, message: String, hint: &str) -> SourceError {
    SourceError::Open {
        connector: CONNECTOR,
        location: path.display().to_string(),
        message,
        hint: Some(hint.into()),
    }
}

/// What a FIELD declares its values to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// TEXT, NUMBER (and any type we do not know): the text as written.
    Text,
    Date,
    Time,
    Timestamp,
    Container,
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: Kind,
    /// The TYPE attribute as written, for `describe`.
    native: String,
    /// MAXREPEAT (at least 1).
    repeat: usize,
    /// Index in `Layout::names` of the column of repetition 1; `None` for containers.
    first_col: Option<usize>,
}

/// The header of an export: fields, output columns and date/time patterns.
#[derive(Debug)]
struct Layout {
    location: String,
    fields: Vec<Field>,
    names: Vec<String>,
    date_format: String,
    time_format: String,
    date: Result<Pattern, String>,
    time: Result<Pattern, String>,
    timestamp: Result<Pattern, String>,
}

impl Layout {
    fn new(
        location: String,
        mut fields: Vec<Field>,
        date_format: String,
        time_format: String,
    ) -> Layout {
        let mut raw_names = Vec::new();
        for field in &mut fields {
            if field.kind == Kind::Container {
                continue;
            }
            field.first_col = Some(raw_names.len());
            raw_names.push(field.name.clone());
            for j in 2..=field.repeat {
                raw_names.push(format!("{}[{j}]", field.name));
            }
        }
        let date = Pattern::parse(&date_format);
        let time = Pattern::parse(&time_format);
        let timestamp = Pattern::parse(&format!("{date_format} {time_format}"));
        Layout {
            location,
            fields,
            names: unique_names(raw_names.into_iter()),
            date_format,
            time_format,
            date,
            time,
            timestamp,
        }
    }

    /// The name of COL `i`, repetition `j` (0-based) in rejects: the output column, or the
    /// FIELD name for containers, or `COL<n>` beyond METADATA.
    fn value_name(&self, i: usize, j: usize) -> String {
        let base = match self.fields.get(i) {
            Some(f) => match f.first_col {
                Some(first) if j < f.repeat => return self.names[first + j].clone(),
                _ => f.name.clone(),
            },
            None => format!("COL{}", i + 1),
        };
        if j == 0 {
            base
        } else {
            format!("{base}[{}]", j + 1)
        }
    }

    /// The row's values as read, for a reject.
    fn reject_values(&self, cols: &[Vec<String>]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, col) in cols.iter().enumerate() {
            if col.is_empty() {
                out.push((self.value_name(i, 0), String::new()));
            }
            for (j, value) in col.iter().enumerate() {
                out.push((self.value_name(i, j), value.clone()));
            }
        }
        out
    }

    /// One ROW as output values, or the reject it makes.
    fn convert(&self, row: u64, cols: &[Vec<String>]) -> Result<Vec<Option<String>>, ReadReject> {
        let reject = |column: Option<String>, value: Option<String>, message: String| ReadReject {
            src_row: row,
            values: self.reject_values(cols),
            column,
            value,
            message: format!("{}: ROW {row}: {message}", self.location),
        };
        if cols.len() != self.fields.len() {
            return Err(reject(
                None,
                None,
                format!(
                    "the row has {} COL elements but METADATA declares {} fields; the export is \
                     inconsistent: export it again from FileMaker",
                    cols.len(),
                    self.fields.len()
                ),
            ));
        }
        let mut out = vec![None; self.names.len()];
        for (field, col) in self.fields.iter().zip(cols) {
            let Some(first) = field.first_col else {
                continue;
            };
            if col.len() > field.repeat {
                return Err(reject(
                    Some(field.name.clone()),
                    Some(col.join(" | ")),
                    format!(
                        "field '{}' holds {} repetitions but METADATA declares MAXREPEAT {}; \
                         export it again from FileMaker",
                        field.name,
                        col.len(),
                        field.repeat
                    ),
                ));
            }
            for (j, raw) in col.iter().enumerate() {
                if raw.is_empty() {
                    continue;
                }
                let (pattern, format, render): (_, String, fn(&Parts) -> String) = match field.kind
                {
                    Kind::Text | Kind::Container => {
                        out[first + j] = Some(raw.clone());
                        continue;
                    }
                    Kind::Date => (&self.date, self.date_format.clone(), Parts::date),
                    Kind::Time => (&self.time, self.time_format.clone(), Parts::time),
                    Kind::Timestamp => (
                        &self.timestamp,
                        format!("{} {}", self.date_format, self.time_format),
                        Parts::timestamp,
                    ),
                };
                let column = self.names[first + j].clone();
                let parsed = match pattern {
                    Ok(p) => p.read(raw.trim()).map_err(|why| {
                        format!(
                            "'{raw}' in column '{column}' does not match the format '{format}' \
                             the file declares ({why}); correct the value in FileMaker"
                        )
                    }),
                    Err(e) => Err(format!(
                        "'{raw}' in column '{column}' cannot be read: the file declares the \
                         format '{format}', which is not supported ({e}); export with a \
                         numeric date format such as M/d/yyyy or dd.MM.yyyy"
                    )),
                };
                match parsed {
                    Ok(parts) => out[first + j] = Some(render(&parts)),
                    Err(message) => return Err(reject(Some(column), Some(raw.clone()), message)),
                }
            }
        }
        Ok(out)
    }
}

/// One element of a date or time format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Year,
    Month,
    Day,
    Hour24,
    Hour12,
    Minute,
    Second,
    AmPm,
    /// A separator; a space matches any run of spaces.
    Lit(char),
}

/// A parsed DATEFORMAT / TIMEFORMAT (Java-style letters as FileMaker writes them).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern(Vec<Token>);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Parts {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Parts {
    fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
    fn time(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }
    fn timestamp(&self) -> String {
        format!("{} {}", self.date(), self.time())
    }
}

impl Pattern {
    fn parse(format: &str) -> Result<Pattern, String> {
        let chars: Vec<char> = format.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let mut n = 1;
            while i + n < chars.len() && chars[i + n] == c && c.is_ascii_alphabetic() {
                n += 1;
            }
            let token = match (c, n) {
                ('y', 4) => Token::Year,
                ('M', 1 | 2) => Token::Month,
                ('d', 1 | 2) => Token::Day,
                ('H', 1 | 2) => Token::Hour24,
                ('h', 1 | 2) => Token::Hour12,
                ('m', 1 | 2) => Token::Minute,
                ('s', 1 | 2) => Token::Second,
                ('a', 1) => Token::AmPm,
                (c, _) if c.is_alphabetic() => {
                    return Err(format!(
                        "'{}' is not a supported part",
                        c.to_string().repeat(n)
                    ))
                }
                (c, _) => Token::Lit(c),
            };
            tokens.push(token);
            i += n;
        }
        Ok(Pattern(tokens))
    }

    /// Reads `value`; the error says which part is wrong.
    fn read(&self, value: &str) -> Result<Parts, String> {
        let bytes = value.as_bytes();
        let mut at = 0;
        let mut parts = Parts::default();
        let mut pm: Option<bool> = None;
        let mut hour12 = false;
        for token in &self.0 {
            let (min, max, what) = match token {
                Token::Lit(' ') => {
                    let start = at;
                    while at < bytes.len() && bytes[at] == b' ' {
                        at += 1;
                    }
                    if at == start {
                        return Err("a space is missing".into());
                    }
                    continue;
                }
                Token::Lit(c) => {
                    if value[at..].starts_with(*c) {
                        at += c.len_utf8();
                        continue;
                    }
                    return Err(format!("'{c}' expected at position {}", at + 1));
                }
                Token::AmPm => {
                    let rest = value[at..].to_ascii_uppercase();
                    pm = if rest.starts_with("AM") {
                        Some(false)
                    } else if rest.starts_with("PM") {
                        Some(true)
                    } else {
                        return Err("AM or PM expected".into());
                    };
                    at += 2;
                    continue;
                }
                Token::Year => (4, 4, "year"),
                Token::Month => (1, 2, "month"),
                Token::Day => (1, 2, "day"),
                Token::Hour24 | Token::Hour12 => (1, 2, "hour"),
                Token::Minute => (1, 2, "minute"),
                Token::Second => (1, 2, "second"),
            };
            let start = at;
            while at < bytes.len() && at - start < max && bytes[at].is_ascii_digit() {
                at += 1;
            }
            if at - start < min {
                return Err(format!("the {what} is missing"));
            }
            let number: u32 = value[start..at].parse().unwrap_or(0);
            match token {
                Token::Year => parts.year = number,
                Token::Month => parts.month = number,
                Token::Day => parts.day = number,
                Token::Hour24 => parts.hour = number,
                Token::Hour12 => {
                    parts.hour = number;
                    hour12 = true;
                }
                Token::Minute => parts.minute = number,
                _ => parts.second = number,
            }
        }
        if at != bytes.len() {
            return Err(format!("unexpected '{}' at the end", &value[at..]));
        }
        if let Some(pm) = pm {
            if !(hour12 && (1..=12).contains(&parts.hour)) {
                return Err("the hour is not 1 to 12".into());
            }
            parts.hour = match (pm, parts.hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
        }
        let has = |t: Token| self.0.contains(&t);
        if has(Token::Month) && !(1..=12).contains(&parts.month) {
            return Err("the month is not 1 to 12".into());
        }
        if has(Token::Day) && (parts.day < 1 || parts.day > days_in_month(parts.year, parts.month))
        {
            return Err(format!("month {} has no day {}", parts.month, parts.day));
        }
        if parts.hour > 23 {
            return Err("the hour is above 23".into());
        }
        if parts.minute > 59 || parts.second > 59 {
            return Err("minutes and seconds go up to 59".into());
        }
        Ok(parts)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// The value of attribute `name` of `e` (entities resolved), if present and well-formed.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The file as UTF-8 for quick-xml, which reads nothing else: UTF-8 (with or without BOM)
/// as it is, so invalid bytes stay errors; a UTF-16 BOM or another encoding declared in
/// `<?xml … encoding="…"?>` (ISO-8859-1, windows-1252 …) transcoded by encoding_rs.
fn decoded_file(path: &Path) -> Result<Box<dyn Read + Send>, SourceError> {
    let mut file = File::open(path).map_err(|e| open_error(path, e.to_string(), PATH_HINT))?;
    let mut head = Vec::with_capacity(512);
    (&mut file)
        .take(512)
        .read_to_end(&mut head)
        .map_err(|e| open_error(path, e.to_string(), PATH_HINT))?;
    let file = std::io::Cursor::new(head.clone()).chain(file);
    let utf16_bom = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let encoding = if utf16_bom {
        None
    } else {
        match declared_encoding(&head) {
            None => return Ok(Box::new(file)),
            Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
                Some(e) if e == encoding_rs::UTF_8 => return Ok(Box::new(file)),
                Some(e) => Some(e),
                None => {
                    return Err(open_error(
                        path,
                        format!("the XML declaration names the unknown encoding '{label}'"),
                        "export again from FileMaker (it writes UTF-8)",
                    ))
                }
            },
        }
    };
    Ok(Box::new(
        encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(encoding)
            .build(file),
    ))
}

/// The `encoding` of an XML declaration at the start of `head`.
fn declared_encoding(head: &[u8]) -> Option<String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let head = head.strip_prefix(b"<?xml")?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let rest = &decl[decl.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// A streaming reader positioned inside RESULTSET, kept across batches.
struct RowReader {
    xml: Reader<BufReader<Box<dyn Read + Send>>>,
    buf: Vec<u8>,
    layout: Arc<Layout>,
    /// ROW elements read so far.
    row: u64,
    /// RESULTSET has ended (or failed).
    done: bool,
    /// An error met after some rows of a batch: returned by the next call, once those rows
    /// have been delivered.
    pending: Option<SourceError>,
}

impl RowReader {
    /// Opens `path` and reads the header up to the start of RESULTSET.
    fn open(path: &Path) -> Result<RowReader, SourceError> {
        let mut xml = Reader::from_reader(BufReader::new(decoded_file(path)?));
        let mut buf = Vec::new();
        let mut root = false;
        let mut in_errorcode = false;
        let mut code = String::new();
        let mut fields = Vec::new();
        let (mut date_format, mut time_format) = (String::new(), String::new());
        let not_xml = |xml: &Reader<BufReader<Box<dyn Read + Send>>>, e: String| {
            open_error(
                path,
                format!(
                    "not a well-formed XML file (byte offset {}): {e}",
                    xml.error_position()
                ),
                GRAMMAR_HINT,
            )
        };
        let empty_resultset;
        loop {
            let event = match xml.read_event_into(&mut buf) {
                Ok(event) => event,
                Err(e) => return Err(not_xml(&xml, e.to_string())),
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let is_empty = matches!(event, Event::Empty(_));
                    let name = e.local_name().as_ref().to_string();
                    if !root {
                        root = true;
                        if name != "FMPXMLRESULT" {
                            return Err(open_error(
                                path,
                                format!(
                                    "the root element is <{name}>, not <FMPXMLRESULT>: this is \
                                     not a FileMaker XML export in the FMPXMLRESULT grammar"
                                ),
                                GRAMMAR_HINT,
                            ));
                        }
                        continue;
                    }
                    match name.as_str() {
                        "ERRORCODE" => in_errorcode = !is_empty,
                        "DATABASE" => {
                            date_format = attribute(e, "DATEFORMAT").unwrap_or_default();
                            time_format = attribute(e, "TIMEFORMAT").unwrap_or_default();
                        }
                        "FIELD" => {
                            let native = attribute(e, "TYPE").unwrap_or_default();
                            let kind = match native.to_ascii_uppercase().as_str() {
                                "DATE" => Kind::Date,
                                "TIME" => Kind::Time,
                                "TIMESTAMP" => Kind::Timestamp,
                                "CONTAINER" => Kind::Container,
                                _ => Kind::Text,
                            };
                            let name = attribute(e, "NAME")
                                .filter(|n| !n.is_empty())
                                .unwrap_or_else(|| format!("column_{}", fields.len() + 1));
                            let repeat = attribute(e, "MAXREPEAT")
                                .and_then(|r| r.trim().parse::<usize>().ok())
                                .unwrap_or(1)
                                .max(1);
                            fields.push(Field {
                                name,
                                kind,
                                native,
                                repeat,
                                first_col: None,
                            });
                        }
                        "RESULTSET" => {
                            empty_resultset = is_empty;
                            break;
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if in_errorcode => code.push_str(&t.xml10_content()),
                Event::End(ref e) if e.local_name().as_ref() == "ERRORCODE" => {
                    in_errorcode = false;
                    if code.trim() != "0" {
                        return Err(open_error(
                            path,
                            format!(
                                "FileMaker reported error {} (ERRORCODE) when it wrote this \
                                 export",
                                code.trim()
                            ),
                            "the export is incomplete or empty: fix the problem in FileMaker \
                             (see its error code list) and export again",
                        ));
                    }
                }
                Event::Eof => {
                    let message = if root {
                        "the file ends before RESULTSET: it holds no rows (cut off?)".to_string()
                    } else {
                        "no XML element found: this is not an XML file".to_string()
                    };
                    return Err(open_error(path, message, GRAMMAR_HINT));
                }
                _ => {}
            }
            buf.clear();
        }
        buf.clear();
        if fields.is_empty() {
            return Err(open_error(
                path,
                "METADATA declares no FIELD".into(),
                "export at least one field from FileMaker",
            ));
        }
        let location = path.display().to_string();
        let layout = Layout::new(location, fields, date_format, time_format);
        Ok(RowReader {
            xml,
            buf,
            layout: Arc::new(layout),
            row: 0,
            done: empty_resultset,
            pending: None,
        })
    }

    fn read_error(&self, message: String, offset: u64) -> SourceError {
        SourceError::Read {
            connector: CONNECTOR,
            location: self.layout.location.clone(),
            row: Some(self.row + 1),
            message: format!("{message} (ROW {}, byte offset {offset})", self.row + 1),
            hint: Some(DAMAGED_HINT.into()),
        }
    }

    /// The next ROW's COLs (each the texts of its DATA elements), `None` after RESULTSET.
    fn next_row(&mut self) -> Result<Option<Vec<Vec<String>>>, SourceError> {
        if self.done {
            return Ok(None);
        }
        let mut cols: Option<Vec<Vec<String>>> = None;
        let mut col: Option<Vec<String>> = None;
        let mut data: Option<String> = None;
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => {
                    self.done = true;
                    let offset = self.xml.error_position();
                    return Err(self.read_error(format!("malformed XML: {e}"), offset));
                }
            };
            match event {
                Event::Start(e) => match e.local_name().as_ref() {
                    "ROW" => cols = Some(Vec::new()),
                    "COL" => col = Some(Vec::new()),
                    "DATA" => data = Some(String::new()),
                    _ => {}
                },
                Event::Empty(e) => match e.local_name().as_ref() {
                    "ROW" => return Ok(Some(Vec::new())),
                    "COL" => {
                        if let Some(cols) = cols.as_mut() {
                            cols.push(Vec::new());
                        }
                    }
                    "DATA" => {
                        if let Some(col) = col.as_mut() {
                            col.push(String::new());
                        }
                    }
                    _ => {}
                },
                Event::Text(t) => {
                    if let Some(data) = data.as_mut() {
                        data.push_str(&t.xml10_content());
                    }
                }
                Event::CData(t) => {
                    if let Some(data) = data.as_mut() {
                        data.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(data) = data.as_mut() {
                        let resolved = match r.resolve_char_ref() {
                            Ok(Some(c)) => Some(c.to_string()),
                            Ok(None) => resolve_predefined_entity(&r).map(str::to_string),
                            Err(_) => None,
                        };
                        match resolved {
                            Some(text) => data.push_str(&text),
                            None => {
                                let message = format!("unknown entity reference &{};", &*r);
                                self.done = true;
                                let offset = self.xml.buffer_position();
                                return Err(self.read_error(message, offset));
                            }
                        }
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "DATA" => {
                        if let (Some(col), Some(text)) = (col.as_mut(), data.take()) {
                            col.push(text);
                        }
                    }
                    "COL" => {
                        if let (Some(cols), Some(done)) = (cols.as_mut(), col.take()) {
                            cols.push(done);
                        }
                    }
                    "ROW" => {
                        if let Some(cols) = cols {
                            return Ok(Some(cols));
                        }
                    }
                    "RESULTSET" => {
                        self.done = true;
                        return Ok(None);
                    }
                    _ => {}
                },
                Event::Eof => {
                    self.done = true;
                    let offset = self.xml.buffer_position();
                    return Err(self.read_error(
                        "the file ends inside RESULTSET (it is cut off)".into(),
                        offset,
                    ));
                }
                _ => {}
            }
        }
    }

    fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let layout = Arc::clone(&self.layout);
        let mut src_rows: Vec<u64> = Vec::with_capacity(batch_rows);
        let mut columns: Vec<Vec<Option<String>>> = (0..layout.names.len())
            .map(|_| Vec::with_capacity(batch_rows))
            .collect();
        let mut rejects = Vec::new();
        let mut warnings = Vec::new();
        let mut seen = 0;
        while seen < batch_rows {
            let cols = match self.next_row() {
                Ok(Some(cols)) => cols,
                Ok(None) => break,
                Err(e) if seen == 0 => return Err(e),
                Err(e) => {
                    // Deliver the rows read so far; the error ends the stream next time.
                    self.pending = Some(e);
                    break;
                }
            };
            self.row += 1;
            seen += 1;
            let row = self.row;
            if row == 1 {
                for field in layout.fields.iter().filter(|f| f.kind == Kind::Container) {
                    warnings.push(ReadWarning {
                        action: ReadAction::Dropped,
                        src_row: row,
                        column: field.name.clone(),
                        value: "(container)".into(),
                        message: "column skipped: FileMaker container fields hold files, which \
                                  are not read"
                            .into(),
                    });
                }
            }
            match layout.convert(row, &cols) {
                Ok(values) => {
                    for (column, value) in columns.iter_mut().zip(values) {
                        column.push(value);
                    }
                    src_rows.push(row);
                }
                Err(reject) => rejects.push(reject),
            }
        }
        if seen == 0 {
            return Ok(None);
        }
        let mut batch = Batch::from_text_columns(src_rows, &layout.names, columns, rejects)
            .map_err(|e| SourceError::Read {
                connector: CONNECTOR,
                location: layout.location.clone(),
                row: None,
                message: e.to_string(),
                hint: None,
            })?;
        batch.warnings = warnings;
        Ok(Some(batch))
    }
}

#[cfg(test)]
#[path = "fmpxml_tests.rs"]
mod fmpxml_tests;
