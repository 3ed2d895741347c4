//! The one streaming pass over a dump that finds its tables, their columns, where each
//! table's COPY block or INSERT statements are and how many rows they hold.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;

use encoding_rs::Encoding;
use flate2::read::MultiGzDecoder;
use stx_connector_core::ColumnKind;

use crate::declared::DeclaredColumn;
use crate::lexer::{Dialect, Lexer};
use crate::parse::{mysql_encoding, Parser, Stmt, TableName, TupleEvent};

/// The bytes a dump is read from, decompressed when it is gzip or zstd.
pub(crate) type DumpReader = Box<dyn BufRead + Send>;

/// How the dump file is compressed (recognised by magic bytes, whatever its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain text.
    None,
    /// gzip (`1f 8b`).
    Gzip,
    /// zstd (`28 b5 2f fd`).
    Zstd,
}

/// Where the dump's bytes are: a file, or memory (the fuzz entry point).
#[derive(Clone)]
pub(crate) enum DumpData {
    File(PathBuf),
    Memory(Arc<[u8]>),
}

impl DumpData {
    fn raw(&self) -> std::io::Result<Box<dyn ReadSeek>> {
        Ok(match self {
            DumpData::File(path) => Box::new(File::open(path)?),
            DumpData::Memory(bytes) => Box::new(std::io::Cursor::new(Arc::clone(bytes))),
        })
    }

    /// The compression, from the first bytes.
    pub fn compression(&self) -> std::io::Result<Compression> {
        let mut raw = self.raw()?;
        let mut magic = [0u8; 4];
        let mut got = 0;
        while got < 4 {
            let n = raw.read(&mut magic[got..])?;
            if n == 0 {
                break;
            }
            got += n;
        }
        Ok(if got >= 2 && magic[..2] == [0x1f, 0x8b] {
            Compression::Gzip
        } else if got == 4 && magic == [0x28, 0xb5, 0x2f, 0xfd] {
            Compression::Zstd
        } else {
            Compression::None
        })
    }

    /// The decompressed bytes from the start; a UTF-16 script (SSMS saves "Unicode text")
    /// is recognised by its byte order mark and read as UTF-8.
    pub fn open(&self, compression: Compression) -> std::io::Result<DumpReader> {
        let mut reader = self.open_bytes(compression)?;
        let head = reader.fill_buf()?;
        let utf16 = match head {
            [0xff, 0xfe, ..] => Some(encoding_rs::UTF_16LE),
            [0xfe, 0xff, ..] => Some(encoding_rs::UTF_16BE),
            _ => None,
        };
        Ok(match utf16 {
            Some(encoding) => Box::new(BufReader::with_capacity(
                1 << 16,
                Utf16Reader {
                    inner: reader,
                    decoder: encoding.new_decoder_with_bom_removal(),
                    out: Vec::new(),
                    pos: 0,
                    done: false,
                },
            )),
            None => reader,
        })
    }

    /// Whether the dump is UTF-16 (its offsets are those of the UTF-8 it is read as).
    fn is_utf16(&self, compression: Compression) -> std::io::Result<bool> {
        let mut reader = self.open_bytes(compression)?;
        let head = reader.fill_buf()?;
        Ok(matches!(head, [0xff, 0xfe, ..] | [0xfe, 0xff, ..]))
    }

    fn open_bytes(&self, compression: Compression) -> std::io::Result<DumpReader> {
        let raw = self.raw()?;
        Ok(match compression {
            Compression::None => Box::new(BufReader::with_capacity(1 << 16, raw)),
            Compression::Gzip => Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(BufReader::new(raw)),
            )),
            Compression::Zstd => Box::new(BufReader::with_capacity(
                1 << 16,
                zstd::stream::read::Decoder::new(raw)?,
            )),
        })
    }

    /// The decompressed bytes from `offset` on (compressed streams are read up to it).
    pub fn open_at(&self, compression: Compression, offset: u64) -> std::io::Result<DumpReader> {
        if compression == Compression::None && !self.is_utf16(compression)? {
            let mut raw = self.raw()?;
            raw.seek(SeekFrom::Start(offset))?;
            return Ok(Box::new(BufReader::with_capacity(1 << 16, raw)));
        }
        let mut reader = self.open(compression)?;
        std::io::copy(&mut (&mut reader).take(offset), &mut std::io::sink())?;
        Ok(reader)
    }
}

/// UTF-16 text read as UTF-8.
struct Utf16Reader {
    inner: DumpReader,
    decoder: encoding_rs::Decoder,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Read for Utf16Reader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let room = self
                .decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            self.out.resize(room.max(16), 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(input, &mut self.out, last);
            self.inner.consume(read);
            self.out.truncate(written);
            self.pos = 0;
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A file or a cursor.
pub(crate) trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// A `COPY … FROM stdin;` block.
#[derive(Debug, Clone)]
pub(crate) struct CopyBlock {
    /// Column names in COPY order (empty when the COPY names none: all columns, in order).
    pub columns: Vec<String>,
    /// Byte offset (in the decompressed dump) of the first data row.
    pub offset: u64,
    /// File line number (1-based) of the first data row.
    pub first_line: u64,
    /// Complete data rows before `\.` (or before the end of the file).
    pub rows: u64,
    /// The client_encoding in force.
    pub encoding: &'static Encoding,
}

/// A run of consecutive INSERT statements of one table.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    /// Offset (in the decompressed dump) and line of its first statement.
    pub offset: u64,
    pub line: u64,
    /// Offset just after its last statement.
    pub end: u64,
    /// The encoding in force (`SET NAMES`, `client_encoding`).
    pub encoding: &'static Encoding,
}

/// Everything the index knows of one table.
#[derive(Debug, Clone)]
pub(crate) struct TableEntry {
    pub schema: String,
    pub name: String,
    /// The name the source offers: `name`, or `schema.name` when `name` is not unique.
    pub display: String,
    /// From CREATE TABLE (empty when the dump holds only data).
    pub declared: Vec<DeclaredColumn>,
    pub copy: Option<CopyBlock>,
    /// Where its INSERT statements are.
    pub segments: Vec<Segment>,
    /// Tuples of its INSERT statements (rows and rejects a read delivers).
    pub insert_rows: u64,
    /// The first INSERT's column list (names the columns of a table without CREATE TABLE).
    pub insert_columns: Option<Vec<String>>,
    /// Values in the first tuple (a table with neither CREATE TABLE nor column list).
    pub first_arity: usize,
}

/// A column to read: name, declared type and how it is decoded.
#[derive(Debug, Clone)]
pub(crate) struct OutColumn {
    pub name: String,
    pub native: String,
    pub kind: ColumnKind,
    /// Binary type: values are read as `0x…` hexadecimal.
    pub binary: bool,
    /// What else is done to its values to read them as the live connector does.
    pub convert: Convert,
}

/// How a column's values become what the dialect's live connector reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Convert {
    /// The value as written, parsed into the column's kind.
    AsWritten,
    /// PostgreSQL `real`: read as a 32-bit float and widened, as the server sends it (0.1 is
    /// 0.10000000149011612).
    Float4,
    /// PostgreSQL `timestamp with time zone`: shifted to UTC (`+00`), as the live connector
    /// reads it, whatever time zone pg_dump ran in.
    TimestampTzUtc,
    /// MySQL `bit(n)`: the bytes mysqldump writes as a string (`'\0'`) or `0x…` are a
    /// big-endian number (bit(1): a boolean).
    Bits,
}

/// The [`Convert`] of a column declared `native` in `dialect`.
pub(crate) fn convert_of(dialect: Dialect, native: &str) -> Convert {
    let lower = native.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("pg_catalog.").unwrap_or(&lower);
    let base = lower.split('(').next().unwrap_or(lower).trim();
    match dialect {
        Dialect::Postgres if matches!(base, "real" | "float4") => Convert::Float4,
        // `time with time zone` has no date to shift: it stays as written, as live.
        Dialect::Postgres if base == "timestamptz" || lower.ends_with("with time zone") => {
            if base.starts_with("time ") {
                Convert::AsWritten
            } else {
                Convert::TimestampTzUtc
            }
        }
        Dialect::Mysql if base == "bit" => Convert::Bits,
        _ => Convert::AsWritten,
    }
}

impl TableEntry {
    /// The columns a read delivers: those of the COPY or CREATE TABLE, typed from CREATE
    /// TABLE; a table without CREATE TABLE has the first INSERT's columns (or `col1`…`colN`)
    /// as text.
    pub fn out_columns(&self, dialect: Dialect) -> Vec<OutColumn> {
        let names: Vec<String> = match &self.copy {
            Some(c) if !c.columns.is_empty() => c.columns.clone(),
            _ if !self.declared.is_empty() => {
                self.declared.iter().map(|c| c.name.clone()).collect()
            }
            _ => match &self.insert_columns {
                Some(list) => list.clone(),
                None => (1..=self.first_arity).map(|i| format!("col{i}")).collect(),
            },
        };
        names
            .into_iter()
            .map(|name| {
                let native = self
                    .declared
                    .iter()
                    .find(|c| c.name == name)
                    .map(|c| c.native.clone())
                    .unwrap_or_else(|| "unknown".into());
                let kind = kind_of(dialect, &native);
                let binary = is_binary(dialect, &native);
                let convert = convert_of(dialect, &native);
                OutColumn {
                    name,
                    native,
                    kind,
                    binary,
                    convert,
                }
            })
            .collect()
    }

    /// Rows a read delivers (kept and rejected).
    pub fn rows(&self) -> u64 {
        match &self.copy {
            Some(c) => c.rows,
            None => self.insert_rows,
        }
    }

    /// `schema.name` as written in SQL, for messages.
    pub fn qualified(&self) -> String {
        if self.schema.is_empty() {
            self.name.clone()
        } else {
            format!("{}.{}", self.schema, self.name)
        }
    }
}

/// How a declared type is decoded: integers → Int64, floating point → Float64, booleans →
/// Boolean, everything else (decimals, dates, text) → String exactly as written.
pub(crate) fn kind_of(dialect: Dialect, native: &str) -> ColumnKind {
    let lower = native.trim().to_ascii_lowercase();
    if lower.ends_with(']') {
        return ColumnKind::Text;
    }
    let lower = lower.strip_prefix("pg_catalog.").unwrap_or(&lower);
    let base = lower.split('(').next().unwrap_or(lower).trim();
    let first = base.split_whitespace().next().unwrap_or("");
    match dialect {
        Dialect::Postgres => match base {
            "smallint" | "integer" | "bigint" | "int" | "int2" | "int4" | "int8" | "serial"
            | "smallserial" | "bigserial" | "serial2" | "serial4" | "serial8" => ColumnKind::Int,
            "double precision" | "real" | "float" | "float4" | "float8" => ColumnKind::Float,
            "boolean" | "bool" => ColumnKind::Bool,
            _ => ColumnKind::Text,
        },
        // bigint unsigned is read as Int64 too: values above 2^63-1 are rejected, named.
        // As the live MySQL connector reads them: tinyint(1) (what BOOLEAN becomes), BOOL,
        // BOOLEAN and bit(1) are booleans, so a mapping means the same over a dump.
        Dialect::Mysql => match first {
            "tinyint" if lower.replace(' ', "").starts_with("tinyint(1)") => ColumnKind::Bool,
            "bool" | "boolean" => ColumnKind::Bool,
            "bit" if lower.replace(' ', "").starts_with("bit(1)") => ColumnKind::Bool,
            "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "year"
            | "bit" => ColumnKind::Int,
            "float" | "double" | "real" => ColumnKind::Float,
            _ => ColumnKind::Text,
        },
        Dialect::Mssql => match first {
            "tinyint" | "smallint" | "int" | "bigint" => ColumnKind::Int,
            "float" | "real" => ColumnKind::Float,
            "bit" => ColumnKind::Bool,
            _ => ColumnKind::Text,
        },
        Dialect::Oracle => match first {
            "integer" | "int" | "smallint" => ColumnKind::Int,
            "binary_float" | "binary_double" | "float" => ColumnKind::Float,
            "number" => {
                // NUMBER(p) / NUMBER(p,0) with p ≤ 19 (Java longs) is Int64, values beyond it
                // are rejected, named; NUMBER and decimals stay text.
                let args: Vec<&str> = lower
                    .split_once('(')
                    .map(|(_, a)| a.trim_end_matches(')').split(',').map(str::trim).collect())
                    .unwrap_or_default();
                let precision = args.first().and_then(|p| p.parse::<u32>().ok());
                let scale_zero = args.get(1).is_none_or(|s| *s == "0");
                match precision {
                    Some(p) if p <= 19 && scale_zero => ColumnKind::Int,
                    _ => ColumnKind::Text,
                }
            }
            _ => ColumnKind::Text,
        },
        // SQLite type affinity.
        Dialect::Sqlite => {
            if lower.contains("int") {
                ColumnKind::Int
            } else if lower.contains("char") || lower.contains("clob") || lower.contains("text") {
                ColumnKind::Text
            } else if lower.contains("real") || lower.contains("floa") || lower.contains("doub") {
                ColumnKind::Float
            } else {
                ColumnKind::Text
            }
        }
    }
}

/// Whether a declared type holds bytes (read as `0x…` hexadecimal text). PostgreSQL
/// `bytea` stays as pg_dump wrote it (`\x…`), as in COPY blocks.
pub(crate) fn is_binary(dialect: Dialect, native: &str) -> bool {
    let lower = native.trim().to_ascii_lowercase();
    let first = lower
        .split(|c: char| c == '(' || c.is_whitespace())
        .next()
        .unwrap_or("");
    match dialect {
        Dialect::Postgres => false,
        Dialect::Mysql => matches!(
            first,
            "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob"
        ),
        Dialect::Mssql => matches!(first, "binary" | "varbinary" | "image" | "rowversion"),
        Dialect::Oracle => matches!(first, "raw" | "blob") || lower.starts_with("long raw"),
        Dialect::Sqlite => lower.contains("blob"),
    }
}

/// The encoding_rs encoding of a PostgreSQL encoding name (`UTF8`, `LATIN1`, `WIN1252` …).
pub(crate) fn pg_encoding(name: &str) -> Option<&'static Encoding> {
    let upper = name.trim().to_ascii_uppercase().replace(['-', '_'], "");
    let label = match upper.as_str() {
        "UTF8" | "UNICODE" | "SQLASCII" => "utf-8",
        // encoding_rs (WHATWG) reads ISO-8859-1 as windows-1252, its superset.
        "LATIN1" => "iso-8859-1",
        "LATIN2" => "iso-8859-2",
        "LATIN3" => "iso-8859-3",
        "LATIN4" => "iso-8859-4",
        "LATIN5" => "iso-8859-9",
        "LATIN6" => "iso-8859-10",
        "LATIN7" => "iso-8859-13",
        "LATIN8" => "iso-8859-14",
        "LATIN9" => "iso-8859-15",
        "LATIN10" => "iso-8859-16",
        "KOI8R" | "KOI8" => "koi8-r",
        "KOI8U" => "koi8-u",
        "SJIS" | "SHIFTJIS" => "shift_jis",
        "EUCJP" => "euc-jp",
        "EUCKR" | "UHC" => "euc-kr",
        "EUCCN" => "gbk",
        "WIN866" => "ibm866",
        "BIG5" => "big5",
        "GBK" => "gbk",
        "GB18030" => "gb18030",
        other => {
            if let Some(num) = other.strip_prefix("WIN") {
                return Encoding::for_label(format!("windows-{num}").as_bytes());
            }
            if let Some(rest) = other.strip_prefix("ISO8859") {
                return Encoding::for_label(format!("iso-8859-{rest}").as_bytes());
            }
            return Encoding::for_label(name.trim().as_bytes());
        }
    };
    Encoding::for_label(label.as_bytes())
}

/// What the index pass found.
#[derive(Debug)]
pub(crate) struct DumpIndex {
    pub tables: Vec<TableEntry>,
    /// Statements skipped because this reader does not know them (not SET, DROP, LOCK … ).
    pub unknown_statements: u64,
}

/// A problem with the dump's structure found while indexing.
#[derive(Debug)]
pub(crate) enum IndexError {
    /// `SET client_encoding` / `SET NAMES` names an encoding that is not known.
    Encoding(String, u64),
    /// Neither CREATE TABLE, COPY nor INSERT.
    NotADump,
}

/// Strips the line end (`\n`, and a `\r` before it).
pub(crate) fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Indexes the dump in one pass.
pub(crate) fn index_dump(reader: DumpReader, dialect: Dialect) -> Result<DumpIndex, IndexError> {
    let mut parser = Parser::new(Lexer::new(Box::new(reader), dialect, 0, 1));
    let mut builder = Builder::default();
    let mut encoding: &'static Encoding = encoding_rs::UTF_8;
    let mut unknown = 0u64;
    // The table whose INSERT came last (no other data statement since): its segment grows.
    let mut last_insert: Option<usize> = None;
    while let Some(stmt) = parser.next_statement() {
        let (at, at_line) = (stmt.offset, stmt.line);
        match stmt.kind {
            Stmt::Encoding(name) => {
                let found = match dialect {
                    Dialect::Mysql => mysql_encoding(&name),
                    _ => pg_encoding(&name),
                };
                encoding = found.ok_or(IndexError::Encoding(name, stmt.line))?;
                parser.encoding = encoding;
                last_insert = None;
            }
            Stmt::SearchPath(value) => {
                if let Some(first) = value.split(',').next().filter(|s| !s.trim().is_empty()) {
                    parser.default_schema = first.trim().trim_matches('"').to_string();
                }
            }
            Stmt::CreateTable { table, columns } => {
                let i = builder.resolve(table);
                builder.tables[i].declared = columns;
                last_insert = None;
            }
            Stmt::Copy {
                table,
                columns,
                offset,
                line,
                rows,
                ..
            } => {
                let i = builder.resolve(table);
                builder.tables[i].copy = Some(CopyBlock {
                    columns,
                    offset,
                    first_line: line,
                    rows,
                    encoding,
                });
                last_insert = None;
            }
            Stmt::Insert { table, columns } => {
                let i = builder.resolve(table);
                parser.lx.keep = false;
                let entry = &mut builder.tables[i];
                if entry.segments.is_empty() {
                    entry.insert_columns = columns;
                }
                let mut rows = 0;
                loop {
                    match parser.next_tuple() {
                        TupleEvent::Row { arity, .. } => {
                            if entry.first_arity == 0 {
                                entry.first_arity = arity;
                            }
                            rows += 1 + parser.lx.skip_simple_tuples();
                        }
                        TupleEvent::Bad { .. } => rows += 1,
                        TupleEvent::Done | TupleEvent::Cut { .. } => break,
                    }
                }
                add_segment(
                    entry,
                    rows,
                    last_insert == Some(i),
                    (at, at_line),
                    parser.lx.offset(),
                    encoding,
                );
                last_insert = Some(i);
            }
            Stmt::BadInsert { table, .. } => {
                let i = builder.resolve(table);
                add_segment(
                    &mut builder.tables[i],
                    1,
                    last_insert == Some(i),
                    (at, at_line),
                    parser.lx.offset(),
                    encoding,
                );
                last_insert = Some(i);
            }
            Stmt::Unknown => unknown += 1,
            Stmt::Ignored => {}
        }
    }
    if builder.tables.is_empty() {
        return Err(IndexError::NotADump);
    }
    Ok(DumpIndex {
        tables: builder.finish(dialect),
        unknown_statements: unknown,
    })
}

/// Records an INSERT statement of `rows` tuples: it extends the table's last segment when it
/// follows it directly, else starts one.
fn add_segment(
    entry: &mut TableEntry,
    rows: u64,
    extend: bool,
    (offset, line): (u64, u64),
    end: u64,
    encoding: &'static Encoding,
) {
    entry.insert_rows += rows;
    match entry.segments.last_mut() {
        Some(last) if extend => last.end = end,
        _ => entry.segments.push(Segment {
            offset,
            line,
            end,
            encoding,
        }),
    }
}

#[derive(Default)]
struct Builder {
    tables: Vec<TableEntry>,
    /// Whether each table was first named with its schema.
    qualified: Vec<bool>,
    by_key: HashMap<(String, String), usize>,
}

impl Builder {
    /// The table a statement names: the same schema and name, else the only table of that
    /// name (an INSERT may qualify differently from its CREATE TABLE), else a new table.
    fn resolve(&mut self, table: TableName) -> usize {
        let key = (table.schema.clone(), table.name.clone());
        if let Some(i) = self.by_key.get(&key) {
            return *i;
        }
        // Tables whose schemas are both written out stay apart (crm.t, public.t).
        let same_name: Vec<usize> = (0..self.tables.len())
            .filter(|i| self.tables[*i].name.eq_ignore_ascii_case(&table.name))
            .filter(|i| !(table.qualified && self.qualified[*i]))
            .collect();
        if let [only] = same_name.as_slice() {
            let i = *only;
            self.by_key.insert(key, i);
            return i;
        }
        self.tables.push(TableEntry {
            schema: table.schema,
            name: table.name,
            display: String::new(),
            declared: Vec::new(),
            copy: None,
            segments: Vec::new(),
            insert_rows: 0,
            insert_columns: None,
            first_arity: 0,
        });
        self.qualified.push(table.qualified);
        let i = self.tables.len() - 1;
        self.by_key.insert(key, i);
        i
    }

    fn finish(mut self, dialect: Dialect) -> Vec<TableEntry> {
        let mut count: HashMap<String, usize> = HashMap::new();
        for t in &self.tables {
            *count.entry(t.name.clone()).or_default() += 1;
        }
        for t in &mut self.tables {
            t.display = if count[&t.name] == 1
                || t.schema.is_empty()
                || t.schema == dialect.default_schema()
            {
                t.name.clone()
            } else {
                format!("{}.{}", t.schema, t.name)
            };
        }
        self.tables
    }
}
