//! The factory, the source and the COPY block reader.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use encoding_rs::Encoding;
use polars::prelude::ChunkedBuilder;
use stx_connector_core::{
    stream_batches, Batch, BatchStream, ColumnBuilder, ColumnInfo, ColumnKind, ReadOptions,
    ReadReject, ReadRequest, Source, SourceDescription, SourceError, SourceFactory, SourceSpec,
    TableInfo,
};

use crate::index::{
    index_dump, open_reader, read_line, trim_eol, DumpReader, IndexError, OutColumn, TableEntry,
};

const CONNECTOR: &str = "sqldump";
const PATH_HINT: &str =
    "check the path; relative paths are relative to the migration file's folder";
const NOT_A_DUMP_HINT: &str = "this reads PostgreSQL plain-format dumps (pg_dump > dump.sql, \
     optionally gzip-compressed); for the custom or directory format run \
     pg_restore -f dump.sql on it first";
const CUT_HINT: &str = "the dump is incomplete (cut off while copying or while pg_dump ran?): \
     dump again; the rows before this point were read";

/// Opens SQL dump files (`sqldump:legacy.sql` URLs, `type = "sqldump"`).
pub struct SqlDumpFactory;

#[async_trait]
impl SourceFactory for SqlDumpFactory {
    fn names(&self) -> &'static [&'static str] {
        &["sqldump"]
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        spec.only_options(CONNECTOR, &[])?;
        let Some(path) = spec.location_path() else {
            return Err(SourceError::Config {
                message: "a sqldump source needs path = \"dump.sql\" or url = \
                          \"sqldump:dump.sql\""
                    .into(),
                hint: None,
            });
        };
        let file = path.clone();
        let source = tokio::task::spawn_blocking(move || SqlDumpSource::open(&file))
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

/// A PostgreSQL plain-format dump (`pg_dump`), plain or gzip: every table in it is a table
/// of the source.
pub struct SqlDumpSource {
    path: PathBuf,
    gzip: bool,
    tables: Vec<TableEntry>,
}

impl SqlDumpSource {
    /// Opens the dump at `path` and indexes it in one streaming pass.
    pub fn open(path: &Path) -> Result<SqlDumpSource, SourceError> {
        let open_error = |message: String, hint: &str| SourceError::Open {
            connector: CONNECTOR,
            location: path.display().to_string(),
            message,
            hint: Some(hint.into()),
        };
        if !path.is_file() {
            return Err(open_error("no such file".into(), PATH_HINT));
        }
        let (mut reader, gzip) =
            open_reader(path).map_err(|e| open_error(e.to_string(), PATH_HINT))?;
        let index = index_dump(&mut reader).map_err(|e| match e {
            IndexError::Io(e) => open_error(
                format!("reading the dump failed: {e}"),
                "check the file is readable and, if gzip, not damaged",
            ),
            IndexError::Encoding(name, line) => open_error(
                format!("line {line}: SET client_encoding = '{name}' names an unknown encoding"),
                "dump again with pg_dump --encoding=UTF8",
            ),
            IndexError::NotADump => open_error(
                "no CREATE TABLE and no COPY statement found: this is not a pg_dump SQL dump"
                    .into(),
                NOT_A_DUMP_HINT,
            ),
        })?;
        Ok(SqlDumpSource {
            path: path.to_path_buf(),
            gzip,
            tables: index.tables,
        })
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    /// Whether the file is gzip-compressed.
    pub fn is_gzip(&self) -> bool {
        self.gzip
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
                // INSERT statements are not counted in this slice.
                rows: match (&t.copy, t.inserts) {
                    (_, true) => None,
                    (Some(c), false) => Some(c.rows),
                    (None, false) => Some(0),
                },
            })
            .collect())
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(self.tables.iter().map(|t| t.display.clone()).collect())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let table = self.table(request)?;
        Ok(table
            .out_columns()
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
        if table.inserts {
            return Err(SourceError::Read {
                connector: CONNECTOR,
                location,
                row: None,
                message: format!(
                    "table '{}' holds its rows as INSERT statements (from line {}): \
                     INSERT-format dumps (pg_dump --inserts / --column-inserts) are not read yet",
                    table.display, table.insert_line
                ),
                hint: Some(
                    "dump again without --inserts/--column-inserts (COPY is pg_dump's default)"
                        .into(),
                ),
            });
        }
        let reader = CopyReader::open(&self.path, self.gzip, location, table)?;
        Ok(stream_batches(
            reader,
            options.batch_rows,
            CopyReader::next_batch,
        ))
    }
}

/// One value of a row, decoded.
enum Value {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
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
}

impl CopyReader {
    fn open(
        path: &Path,
        gzip: bool,
        location: String,
        table: TableEntry,
    ) -> Result<CopyReader, SourceError> {
        let columns = table.out_columns();
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
                let reader: DumpReader = if gzip {
                    // gzip cannot seek: stream up to the block.
                    let (mut reader, _) = open_reader(path).map_err(io_error)?;
                    std::io::copy(&mut (&mut reader).take(copy.offset), &mut std::io::sink())
                        .map_err(io_error)?;
                    reader
                } else {
                    let mut file = std::fs::File::open(path).map_err(io_error)?;
                    file.seek(SeekFrom::Start(copy.offset)).map_err(io_error)?;
                    Box::new(std::io::BufReader::with_capacity(1 << 16, file))
                };
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
        let n = read_line(reader.as_mut(), &mut self.buf).map_err(|e| SourceError::Read {
            connector: CONNECTOR,
            location: self.location.clone(),
            row: Some(self.row + 1),
            message: format!(
                "table '{}': reading line {} failed: {e}",
                self.table.display, self.line
            ),
            hint: Some(CUT_HINT.into()),
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
        let fields: Vec<Option<Vec<u8>>> = raw
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
                ColumnKind::Float => match text.parse::<f64>() {
                    Ok(v) => Value::Float(v),
                    Err(_) => return Err(bad("a number")),
                },
                ColumnKind::Bool => match &*text {
                    "t" | "true" => Value::Bool(true),
                    "f" | "false" => Value::Bool(false),
                    _ => return Err(bad("a boolean (t or f)")),
                },
                ColumnKind::Text => Value::Text(text.into_owned()),
            });
        }
        Ok(out)
    }

    fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let mut builders: Vec<ColumnBuilder> = self
            .columns
            .iter()
            .map(|c| ColumnBuilder::new(c.kind, c.name.as_str(), batch_rows))
            .collect();
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
                        append(builder, value);
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
        Batch::from_builders(src_rows, builders, rejects, Vec::new())
            .map(Some)
            .map_err(|e| SourceError::Read {
                connector: CONNECTOR,
                location: self.location.clone(),
                row: None,
                message: e.to_string(),
                hint: None,
            })
    }
}

fn append(builder: &mut ColumnBuilder, value: Value) {
    match (builder, value) {
        (b, Value::Null) => b.push_null(),
        (ColumnBuilder::Int(b), Value::Int(v)) => b.append_value(v),
        (ColumnBuilder::Float(b), Value::Float(v)) => b.append_value(v),
        (ColumnBuilder::Bool(b), Value::Bool(v)) => b.append_value(v),
        (ColumnBuilder::Text(b), Value::Text(v)) => b.append_value(&v),
        // decode_row makes values of the column's kind; anything else is a null.
        (b, _) => b.push_null(),
    }
}

/// Undoes COPY text-format escapes: `\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, octal `\ooo`,
/// hex `\xhh`; any other escaped byte stands for itself.
pub(crate) fn unescape(field: &[u8]) -> Vec<u8> {
    if !field.contains(&b'\\') {
        return field.to_vec();
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
    out
}
