//! The factory, the source and the COPY block reader.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use encoding_rs::Encoding;
use serde::Deserialize;
use stx_connector_core::{
    stream_batches, Batch, BatchStream, ColumnInfo, ColumnKind, OptionsSchema, ReadOptions,
    ReadReject, ReadRequest, Source, SourceDescription, SourceError, SourceFactory, SourceSpec,
    TableInfo, MAX_VALUE_BYTES,
};

use crate::index::{
    index_dump, trim_eol, Compression, DumpData, DumpReader, IndexError, OutColumn, TableEntry,
};
use crate::insert::{
    append, assemble, builders_for, converted_text, parse_float, InsertReader, Value,
};
use crate::lexer::Dialect;
use crate::messages::{too_long_message, too_long_shown, CONNECTOR, CUT_HINT};

const PATH_HINT: &str =
    "check the path; relative paths are relative to the migration file's folder";
const NOT_A_DUMP_HINT: &str = "this reads SQL scripts (pg_dump plain format, mysqldump, SQL \
     Server and Oracle INSERT scripts, sqlite3 .dump; plain, gzip or zstd); for pg_dump's \
     custom or directory format run pg_restore -f dump.sql on it first";

/// The `[source]` options of a SQL dump (`type = "sqldump"`, `.sql` ... files).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DumpConfig {
    /// The dump's dialect (`postgres`, `mysql`, `mssql`, `oracle`, `sqlite`); detected from the
    /// file when absent.
    pub dialect: Option<String>,
}

/// Opens SQL dump files (`sqldump:legacy.sql` URLs, `type = "sqldump"`).
pub struct SqlDumpFactory;

#[async_trait]
impl SourceFactory for SqlDumpFactory {
    fn names(&self) -> &'static [&'static str] {
        &["sqldump"]
    }

    fn extensions(&self) -> &'static [&'static str] {
        // legacy.sql.gz, legacy.sql.zst: the dump's extension under the compression's.
        &["sql", "dump", "sql.gz", "sql.zst", "dump.gz", "dump.zst"]
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<DumpConfig>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        let config: DumpConfig = spec.options.parse(CONNECTOR)?;
        let dialect = match config.dialect.as_deref() {
            None => None,
            Some(name) => Some(Dialect::from_name(name).ok_or_else(|| {
                SourceError::Config {
                    message: format!("[source] dialect = \"{name}\" is not a SQL dump dialect"),
                    hint: Some(
                        "use postgres, mysql, mssql, oracle or sqlite, or leave dialect out to \
                     detect it from the file"
                            .into(),
                    ),
                }
            })?),
        };
        let Some(path) = spec.location_path() else {
            return Err(SourceError::Config {
                message: "a sqldump source needs path = \"dump.sql\" or url = \
                          \"sqldump:dump.sql\""
                    .into(),
                hint: None,
            });
        };
        let file = path.clone();
        let source = tokio::task::spawn_blocking(move || SqlDumpSource::open_with(&file, dialect))
            .await
            .map_err(|e| SourceError::Open {
                connector: CONNECTOR,
                location: path.display().to_string(),
                message: format!("indexing the dump failed: {e}"),
                hint: None,
            })??;
        Ok(Box::new(source))
    }
}

/// A SQL dump (pg_dump, mysqldump, SQL Server or Oracle script, sqlite3 .dump), plain, gzip
/// or zstd: every table in it is a table of the source.
pub struct SqlDumpSource {
    path: PathBuf,
    data: DumpData,
    compression: Compression,
    dialect: Dialect,
    pub(crate) tables: Vec<TableEntry>,
    unknown_statements: u64,
}

impl SqlDumpSource {
    /// Opens the dump at `path` (dialect detected) and indexes it in one streaming pass.
    pub fn open(path: &Path) -> Result<SqlDumpSource, SourceError> {
        SqlDumpSource::open_with(path, None)
    }

    /// Opens the dump at `path` in `dialect` (detected from the file when `None`).
    pub fn open_with(path: &Path, dialect: Option<Dialect>) -> Result<SqlDumpSource, SourceError> {
        if !path.is_file() {
            return Err(SourceError::Open {
                connector: CONNECTOR,
                location: path.display().to_string(),
                message: "no such file".into(),
                hint: Some(PATH_HINT.into()),
            });
        }
        SqlDumpSource::open_data(path, DumpData::File(path.to_path_buf()), dialect)
    }

    /// Opens a dump held in memory (`location` names it in messages).
    pub(crate) fn open_memory(
        bytes: &[u8],
        dialect: Option<Dialect>,
    ) -> Result<SqlDumpSource, SourceError> {
        let data = DumpData::Memory(std::sync::Arc::from(bytes));
        SqlDumpSource::open_data(Path::new("<memory>"), data, dialect)
    }

    fn open_data(
        path: &Path,
        data: DumpData,
        dialect: Option<Dialect>,
    ) -> Result<SqlDumpSource, SourceError> {
        let open_error = |message: String, hint: &str| SourceError::Open {
            connector: CONNECTOR,
            location: path.display().to_string(),
            message,
            hint: Some(hint.into()),
        };
        let io = |e: std::io::Error| open_error(e.to_string(), PATH_HINT);
        let compression = data.compression().map_err(io)?;
        let dialect = match dialect {
            Some(d) => d,
            None => {
                let mut head = Vec::new();
                let reader = data.open(compression).map_err(io)?;
                // A damaged compressed stream still gives what it has.
                let _ = std::io::Read::read_to_end(
                    &mut std::io::Read::take(reader, 256 * 1024),
                    &mut head,
                );
                Dialect::detect(&head)
            }
        };
        let reader = data.open(compression).map_err(io)?;
        let index = index_dump(reader, dialect).map_err(|e| match e {
            IndexError::Encoding(name, line) => open_error(
                format!("line {line}: the dump sets the encoding '{name}', which is not known"),
                "dump again in UTF-8 (pg_dump --encoding=UTF8, mysqldump \
                 --default-character-set=utf8mb4)",
            ),
            IndexError::NotADump => open_error(
                format!(
                    "no CREATE TABLE, INSERT or COPY statement found (read as a {} dump): \
                     this is not a SQL dump",
                    dialect.name()
                ),
                NOT_A_DUMP_HINT,
            ),
        })?;
        if index.unknown_statements > 0 {
            // An UPDATE or DELETE in a dump changes data this reader does not apply: say so
            // on every open (inspect, preview, run), not only in the docs.
            tracing::warn!(
                "{}: {} statement(s) of a kind this reader does not apply (UPDATE, DELETE, \
                 procedure calls …) were skipped; tables are read as their CREATE TABLE, \
                 INSERT and COPY statements leave them",
                path.display(),
                index.unknown_statements
            );
        }
        Ok(SqlDumpSource {
            path: path.to_path_buf(),
            data,
            compression,
            dialect,
            tables: index.tables,
            unknown_statements: index.unknown_statements,
        })
    }

    /// The dialect the dump is read in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Statements skipped because this reader does not know them (UPDATE, DELETE, procedure
    /// bodies …; SET, DROP, LOCK, PRAGMA and the like are not counted).
    pub fn unknown_statements(&self) -> u64 {
        self.unknown_statements
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    /// Whether the file is gzip-compressed.
    pub fn is_gzip(&self) -> bool {
        self.compression == Compression::Gzip
    }

    /// How the file is compressed.
    pub fn compression(&self) -> Compression {
        self.compression
    }

    fn table(&self, request: &ReadRequest) -> Result<&TableEntry, SourceError> {
        let wanted = match request {
            ReadRequest::Table(t) => t,
            ReadRequest::Query(_) => {
                return Err(SourceError::Query {
                    connector: CONNECTOR,
                    location: self.location(),
                    message: "SQL dumps are read without a database server".into(),
                    hint: Some(
                        "queries over dump tables run on polars SQL over the tables \
                         (read_with_polars_sql)"
                            .into(),
                    ),
                })
            }
        };
        let found = self
            .tables
            .iter()
            .find(|t| t.display == *wanted)
            .or_else(|| self.tables.iter().find(|t| t.qualified() == *wanted))
            .or_else(|| {
                self.tables
                    .iter()
                    .find(|t| t.display.eq_ignore_ascii_case(wanted))
            });
        found.ok_or_else(|| SourceError::UnknownTable {
            connector: CONNECTOR,
            location: self.location(),
            table: wanted.clone(),
            available: self
                .tables
                .iter()
                .map(|t| t.display.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

#[async_trait]
impl Source for SqlDumpSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: false,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        Ok(self
            .tables
            .iter()
            .map(|t| TableInfo {
                name: t.display.clone(),
                kind: "table".into(),
                rows: Some(t.rows()),
            })
            .collect())
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(self.tables.iter().map(|t| t.display.clone()).collect())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let table = self.table(request)?;
        Ok(table
            .out_columns(self.dialect)
            .into_iter()
            .map(|c| ColumnInfo {
                dtype: c.kind.dtype(),
                name: c.name,
                native_type: c.native,
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let table = self.table(request)?.clone();
        let location = self.location();
        if table.copy.is_none() {
            let reader = InsertReader::new(
                self.data.clone(),
                self.compression,
                self.dialect,
                location,
                table,
            );
            return Ok(stream_batches(
                reader,
                options.batch_rows,
                InsertReader::next_batch,
            ));
        }
        let reader = CopyReader::open(&self.data, self.compression, location, table)?;
        Ok(stream_batches(
            reader,
            options.batch_rows,
            CopyReader::next_batch,
        ))
    }
}

/// Reads one table's COPY block batch by batch.
struct CopyReader {
    /// `None` for a table without a COPY block (zero rows).
    reader: Option<DumpReader>,
    location: String,
    table: TableEntry,
    columns: Vec<OutColumn>,
    encoding: &'static Encoding,
    /// Rows read so far (the `_src_row` of the last row).
    row: u64,
    /// File line of the next data row.
    line: u64,
    sent_batch: bool,
    done: bool,
    pending: Option<SourceError>,
    buf: Vec<u8>,
    /// Fields of the line in `buf` cut at [`MAX_VALUE_BYTES`]: (index, whole length).
    cuts: Vec<(usize, u64)>,
}

impl CopyReader {
    fn open(
        data: &DumpData,
        compression: Compression,
        location: String,
        table: TableEntry,
    ) -> Result<CopyReader, SourceError> {
        let columns = table.out_columns(Dialect::Postgres);
        let io_error = |e: std::io::Error| SourceError::Read {
            connector: CONNECTOR,
            location: location.clone(),
            row: None,
            message: format!("cannot reopen the dump: {e}"),
            hint: Some(PATH_HINT.into()),
        };
        let (reader, encoding, line) = match &table.copy {
            None => (None, encoding_rs::UTF_8, 0),
            Some(copy) => {
                let reader: DumpReader =
                    data.open_at(compression, copy.offset).map_err(io_error)?;
                (Some(reader), copy.encoding, copy.first_line)
            }
        };
        Ok(CopyReader {
            reader,
            location,
            table,
            columns,
            encoding,
            row: 0,
            line,
            sent_batch: false,
            done: false,
            pending: None,
            buf: Vec::new(),
            cuts: Vec::new(),
        })
    }

    fn read_error(&self, row: u64, message: String, hint: &str) -> SourceError {
        SourceError::Read {
            connector: CONNECTOR,
            location: self.location.clone(),
            row: Some(row),
            message,
            hint: Some(hint.into()),
        }
    }

    /// The next data row's raw bytes (in `self.buf`, without the newline), `false` at `\.`.
    fn next_line(&mut self) -> Result<bool, SourceError> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(false);
        };
        if self.done {
            return Ok(false);
        }
        let n = read_copy_line(reader.as_mut(), &mut self.buf, &mut self.cuts).map_err(|e| {
            SourceError::Read {
                connector: CONNECTOR,
                location: self.location.clone(),
                row: Some(self.row + 1),
                message: format!(
                    "table '{}': reading line {} failed: {e}",
                    self.table.display, self.line
                ),
                hint: Some(CUT_HINT.into()),
            }
        })?;
        let cut = n == 0 || !self.buf.ends_with(b"\n");
        if !cut && trim_eol(&self.buf) == b"\\." {
            self.done = true;
            return Ok(false);
        }
        if cut {
            self.done = true;
            return Err(self.read_error(
                self.row + 1,
                format!(
                    "table '{}': the dump ends inside its COPY block after row {} \
                     (line {}), without the closing \\.",
                    self.table.display, self.row, self.line
                ),
                CUT_HINT,
            ));
        }
        self.buf.pop();
        Ok(true)
    }

    /// Decodes the row in `self.buf` (row number `row`), or the reject it makes.
    fn decode_row(&self, row: u64) -> Result<Vec<Value>, ReadReject> {
        let line = self.line;
        let raw: Vec<&[u8]> = self.buf.split(|b| *b == b'\t').collect();
        let fields: Vec<Option<Cow<'_, [u8]>>> = raw
            .iter()
            .map(|f| (*f != b"\\N").then(|| unescape(f)))
            .collect();
        let column_name = |i: usize| {
            self.columns
                .get(i)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| format!("field_{}", i + 1))
        };
        let values = || -> Vec<(String, String)> {
            fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let text = match f {
                        None => "\\N".to_string(),
                        Some(bytes) => self.encoding.decode_without_bom_handling(bytes).0.into(),
                    };
                    (column_name(i), text)
                })
                .collect()
        };
        let reject = |column: Option<String>, value: Option<String>, message: String| ReadReject {
            src_row: row,
            values: values(),
            column,
            value,
            message: format!(
                "{}: table '{}' row {row} (line {line}): {message}",
                self.location, self.table.display
            ),
        };
        if let Some(&(field, bytes)) = self.cuts.first() {
            return Err(self.too_long_reject(row, &fields, field, bytes));
        }
        if fields.len() != self.columns.len() {
            return Err(reject(
                None,
                None,
                format!(
                    "wrong field count: expected {} fields (the COPY's columns), found {}; \
                     the dump is damaged or was edited",
                    self.columns.len(),
                    fields.len()
                ),
            ));
        }
        let mut out = Vec::with_capacity(fields.len());
        for (column, field) in self.columns.iter().zip(&fields) {
            let Some(bytes) = field else {
                out.push(Value::Null);
                continue;
            };
            let text = match self
                .encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
            {
                Some(text) => text,
                None => {
                    let lossy = self
                        .encoding
                        .decode_without_bom_handling(bytes)
                        .0
                        .into_owned();
                    return Err(reject(
                        Some(column.name.clone()),
                        Some(lossy),
                        format!(
                            "column '{}' holds bytes that are not valid {} (the dump's \
                             client_encoding)",
                            column.name,
                            self.encoding.name()
                        ),
                    ));
                }
            };
            let bad = |what: &str| {
                reject(
                    Some(column.name.clone()),
                    Some(text.to_string()),
                    format!(
                        "'{text}' in column '{}' ({}) is not {what}",
                        column.name, column.native
                    ),
                )
            };
            out.push(match column.kind {
                ColumnKind::Int => match text.parse::<i64>() {
                    Ok(v) => Value::Int(v),
                    Err(_) => return Err(bad("a 64-bit integer")),
                },
                ColumnKind::Float => match parse_float(&text, column.convert) {
                    Some(v) => Value::Float(v),
                    None => return Err(bad("a number")),
                },
                ColumnKind::Bool => match &*text {
                    "t" | "true" => Value::Bool(true),
                    "f" | "false" => Value::Bool(false),
                    _ => return Err(bad("a boolean (t or f)")),
                },
                ColumnKind::Text => Value::Text(converted_text(text.into_owned(), column.convert)),
            });
        }
        Ok(out)
    }

    /// The reject of a row whose field `field` is `bytes` long, above [`MAX_VALUE_BYTES`]:
    /// that field is shown by its start and length, the others as read.
    fn too_long_reject(
        &self,
        row: u64,
        fields: &[Option<Cow<'_, [u8]>>],
        field: usize,
        bytes: u64,
    ) -> ReadReject {
        let name = |i: usize| {
            self.columns
                .get(i)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| format!("field_{}", i + 1))
        };
        let text = |f: &Option<Cow<'_, [u8]>>| match f {
            None => "\\N".to_string(),
            Some(b) => self.encoding.decode_without_bom_handling(b).0.into_owned(),
        };
        let head = fields.get(field).map(text).unwrap_or_default();
        let shown = too_long_shown(&head, bytes);
        let values = (0..fields.len())
            .map(|i| {
                let value = if i == field {
                    shown.clone()
                } else {
                    text(&fields[i])
                };
                (name(i), value)
            })
            .collect();
        ReadReject {
            src_row: row,
            values,
            column: Some(name(field)),
            value: Some(shown),
            message: format!(
                "{}: table '{}' row {row} (line {}): {}",
                self.location,
                self.table.display,
                self.line,
                too_long_message(&name(field), bytes)
            ),
        }
    }

    fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let mut builders = builders_for(&self.columns, batch_rows);
        let mut src_rows: Vec<u64> = Vec::with_capacity(batch_rows);
        let mut rejects = Vec::new();
        let mut seen = 0;
        while seen < batch_rows {
            match self.next_line() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) if seen == 0 && self.sent_batch => return Err(e),
                Err(e) => {
                    // Deliver the rows read so far; the error ends the stream next time.
                    self.pending = Some(e);
                    break;
                }
            }
            self.row += 1;
            seen += 1;
            let row = self.row;
            match self.decode_row(row) {
                Ok(values) => {
                    for (builder, value) in builders.iter_mut().zip(values) {
                        append(builder, &value);
                    }
                    src_rows.push(row);
                }
                Err(reject) => rejects.push(reject),
            }
            self.line += 1;
        }
        // An empty table still sends one empty batch, so that polars SQL can register it.
        if seen == 0 && self.sent_batch {
            return Ok(None);
        }
        self.sent_batch = true;
        assemble(&self.location, src_rows, builders, rejects, Vec::new()).map(Some)
    }
}

/// Reads one COPY data line into `buf` (line end included), keeping at most
/// [`MAX_VALUE_BYTES`] of each tab-separated field: the index and whole length of each field
/// cut go to `cuts`, and the rest of it is read past, never held. Returns the bytes read.
fn read_copy_line(
    reader: &mut dyn std::io::BufRead,
    buf: &mut Vec<u8>,
    cuts: &mut Vec<(usize, u64)>,
) -> std::io::Result<usize> {
    buf.clear();
    cuts.clear();
    let (mut field, mut field_len, mut total) = (0usize, 0u64, 0usize);
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let stop = memchr::memchr2(b'\t', b'\n', available);
        let content = stop.unwrap_or(available.len());
        let kept = field_len.min(MAX_VALUE_BYTES as u64) as usize;
        let room = (MAX_VALUE_BYTES - kept).min(content);
        buf.extend_from_slice(&available[..room]);
        field_len += content as u64;
        let separator = stop.map(|i| available[i]);
        let used = content + usize::from(separator.is_some());
        reader.consume(used);
        total += used;
        let Some(separator) = separator else {
            continue;
        };
        if field_len > MAX_VALUE_BYTES as u64 {
            cuts.push((field, field_len));
        }
        buf.push(separator);
        if separator == b'\n' {
            return Ok(total);
        }
        field += 1;
        field_len = 0;
    }
    if field_len > MAX_VALUE_BYTES as u64 {
        cuts.push((field, field_len));
    }
    Ok(total)
}

/// Undoes COPY text-format escapes: `\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, octal `\ooo`,
/// hex `\xhh`; any other escaped byte stands for itself.
pub(crate) fn unescape(field: &[u8]) -> Cow<'_, [u8]> {
    // Most fields hold no backslash: they are used where they stand, not copied.
    if !field.contains(&b'\\') {
        return Cow::Borrowed(field);
    }
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let c = field[i];
        if c != b'\\' || i + 1 == field.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = field[i + 1];
        i += 2;
        match e {
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                let mut digits = 1;
                while digits < 3 && i < field.len() && (b'0'..=b'7').contains(&field[i]) {
                    v = v * 8 + u32::from(field[i] - b'0');
                    i += 1;
                    digits += 1;
                }
                out.push((v & 0xff) as u8);
            }
            b'x' if i < field.len() && field[i].is_ascii_hexdigit() => {
                let mut v = 0u32;
                let mut digits = 0;
                while digits < 2 && i < field.len() && field[i].is_ascii_hexdigit() {
                    v = v * 16 + (field[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                    digits += 1;
                }
                out.push(v as u8);
            }
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}
