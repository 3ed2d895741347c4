//! The one streaming pass over a dump that finds its tables, their columns and where each
//! table's COPY data starts.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::Encoding;
use flate2::read::MultiGzDecoder;
use stx_connector_core::ColumnKind;

/// Statements other than CREATE TABLE are only looked at for their start: longer text
/// (a multi-row INSERT, a function body) is not kept.
const STATEMENT_PREFIX: usize = 4096;

/// The bytes a dump is read from, decompressed when it is gzip.
pub(crate) type DumpReader = Box<dyn BufRead + Send>;

/// Opens `path` for reading from its start; gzip is recognised by its magic bytes.
pub(crate) fn open_reader(path: &Path) -> std::io::Result<(DumpReader, bool)> {
    let mut file = File::open(path)?;
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        let n = file.read(&mut magic[got..])?;
        if n == 0 {
            break;
        }
        got += n;
    }
    drop(file);
    let file = File::open(path)?;
    if got == 2 && magic == [0x1f, 0x8b] {
        Ok((
            Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(BufReader::new(file)),
            )),
            true,
        ))
    } else {
        Ok((Box::new(BufReader::with_capacity(1 << 16, file)), false))
    }
}

/// A column as CREATE TABLE declares it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DeclaredColumn {
    pub name: String,
    /// The type as written (`numeric(12,2)`, `character varying(40)`).
    pub native: String,
}

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
    /// Whether the block ends with `\.`.
    pub complete: bool,
    /// The client_encoding in force.
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
    /// Whether INSERT statements fill the table (`pg_dump --inserts`).
    pub inserts: bool,
    /// File line of the first INSERT, for the error message.
    pub insert_line: u64,
}

/// A column to read: name, declared type and how it is decoded.
#[derive(Debug, Clone)]
pub(crate) struct OutColumn {
    pub name: String,
    pub native: String,
    pub kind: ColumnKind,
}

impl TableEntry {
    /// The columns a read delivers: those of the COPY, typed from CREATE TABLE.
    pub fn out_columns(&self) -> Vec<OutColumn> {
        let names: Vec<String> = match &self.copy {
            Some(c) if !c.columns.is_empty() => c.columns.clone(),
            _ => self.declared.iter().map(|c| c.name.clone()).collect(),
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
                let kind = kind_of(&native);
                OutColumn { name, native, kind }
            })
            .collect()
    }

    /// `schema.name` as written in SQL, for messages.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// How a declared PostgreSQL type is decoded.
pub(crate) fn kind_of(native: &str) -> ColumnKind {
    let lower = native.trim().to_ascii_lowercase();
    if lower.ends_with(']') {
        return ColumnKind::Text;
    }
    let lower = lower.strip_prefix("pg_catalog.").unwrap_or(&lower);
    let base = lower.split('(').next().unwrap_or(lower).trim();
    match base {
        "smallint" | "integer" | "bigint" | "int" | "int2" | "int4" | "int8" | "serial"
        | "smallserial" | "bigserial" | "serial2" | "serial4" | "serial8" => ColumnKind::Int,
        "double precision" | "real" | "float" | "float4" | "float8" => ColumnKind::Float,
        "boolean" | "bool" => ColumnKind::Bool,
        _ => ColumnKind::Text,
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

/// Where a statement scanner stands between lines.
#[derive(Debug, Default)]
struct Lexer {
    /// Inside '…' (`true` in the second field: an E'…' string with backslash escapes).
    single: Option<bool>,
    double: bool,
    dollar: Option<Vec<u8>>,
    block_comment: u32,
}

impl Lexer {
    /// Scans one line; returns whether a `;` outside quotes and comments ended a statement.
    fn scan(&mut self, line: &[u8]) -> bool {
        let mut ended = false;
        let mut i = 0;
        while i < line.len() {
            let c = line[i];
            if let Some(tag) = &self.dollar {
                if line[i..].starts_with(tag) {
                    i += tag.len();
                    self.dollar = None;
                } else {
                    i += 1;
                }
                continue;
            }
            if let Some(escapes) = self.single {
                if escapes && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == b'\'' {
                    self.single = None;
                }
                i += 1;
                continue;
            }
            if self.double {
                if c == b'"' {
                    self.double = false;
                }
                i += 1;
                continue;
            }
            if self.block_comment > 0 {
                if line[i..].starts_with(b"*/") {
                    self.block_comment -= 1;
                    i += 2;
                } else if line[i..].starts_with(b"/*") {
                    self.block_comment += 1;
                    i += 2;
                } else {
                    i += 1;
                }
                continue;
            }
            match c {
                b'-' if line[i..].starts_with(b"--") => break,
                b'/' if line[i..].starts_with(b"/*") => {
                    self.block_comment = 1;
                    i += 2;
                    continue;
                }
                b'\'' => {
                    let escapes = i > 0
                        && (line[i - 1] == b'E' || line[i - 1] == b'e')
                        && (i < 2 || !is_ident_byte(line[i - 2]));
                    self.single = Some(escapes);
                }
                b'"' => self.double = true,
                b'$' if i == 0 || !is_ident_byte(line[i - 1]) => {
                    let rest = &line[i + 1..];
                    let tag_len = rest.iter().take_while(|b| is_ident_byte(**b)).count();
                    let starts_ok = rest.first().is_none_or(|b| !b.is_ascii_digit());
                    if starts_ok && rest.get(tag_len) == Some(&b'$') {
                        let tag = line[i..i + tag_len + 2].to_vec();
                        i += tag.len();
                        self.dollar = Some(tag);
                        continue;
                    }
                }
                b';' => ended = true,
                _ => {}
            }
            i += 1;
        }
        ended
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// What the index pass found.
#[derive(Debug)]
pub(crate) struct DumpIndex {
    pub tables: Vec<TableEntry>,
}

/// A problem with the dump's structure found while indexing.
#[derive(Debug)]
pub(crate) enum IndexError {
    Io(std::io::Error),
    /// `SET client_encoding` names an encoding that is not known.
    Encoding(String, u64),
    /// Neither CREATE TABLE nor COPY.
    NotADump,
}

impl From<std::io::Error> for IndexError {
    fn from(e: std::io::Error) -> Self {
        IndexError::Io(e)
    }
}

/// Reads one line (with its `\n`) into `buf`; returns its length (0 at the end).
pub(crate) fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    buf.clear();
    reader.read_until(b'\n', buf)
}

/// Like [`read_line`], but a compressed stream that breaks off (a truncated `.gz`) ends the
/// index like the end of the file, so that the rows before the cut stay readable; the read
/// then fails at the cut.
fn read_line_or_end(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    match read_line(reader, buf) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            buf.clear();
            Ok(0)
        }
        other => other,
    }
}

/// Strips the line end (`\n`, and a `\r` before it).
pub(crate) fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Indexes the dump in one pass.
pub(crate) fn index_dump(reader: &mut dyn BufRead) -> Result<DumpIndex, IndexError> {
    let mut builder = Builder::default();
    let mut encoding: &'static Encoding = encoding_rs::UTF_8;
    let mut search_schema = String::from("public");
    let mut lexer = Lexer::default();
    let mut stmt: Vec<u8> = Vec::new();
    let mut in_stmt = false;
    let mut keep_all = false;
    let mut stmt_line = 0u64;
    let mut buf = Vec::new();
    let mut offset = 0u64;
    let mut line_no = 0u64;
    loop {
        let n = read_line_or_end(reader, &mut buf)?;
        if n == 0 {
            break;
        }
        offset += n as u64;
        line_no += 1;
        let line = trim_eol(&buf);
        if !in_stmt {
            let start = trim_start(line);
            if start.is_empty() || start.starts_with(b"--") {
                continue;
            }
            // psql meta-commands (`\connect`, `\restrict`) are lines, not statements.
            if start[0] == b'\\' {
                continue;
            }
            in_stmt = true;
            stmt.clear();
            stmt_line = line_no;
            keep_all = starts_with_words(start, &["CREATE", "TABLE"])
                || starts_with_words(start, &["CREATE", "UNLOGGED", "TABLE"]);
        }
        if keep_all || stmt.len() < STATEMENT_PREFIX {
            stmt.extend_from_slice(line);
            stmt.push(b'\n');
        }
        if !lexer.scan(line) {
            continue;
        }
        in_stmt = false;
        lexer = Lexer::default();
        let (text, _, _) = encoding.decode(&stmt);
        let text = text.trim();
        let upper = text.to_ascii_uppercase();
        if let Some(value) = set_value(text, "client_encoding") {
            encoding = pg_encoding(&value).ok_or(IndexError::Encoding(value, stmt_line))?;
        } else if let Some(value) = set_value(text, "search_path") {
            if let Some(first) = value.split(',').next() {
                search_schema = first.trim().trim_matches('"').to_string();
            }
        } else if let Some(value) = search_path_config(text) {
            if let Some(first) = value.split(',').next().filter(|s| !s.trim().is_empty()) {
                search_schema = first.trim().trim_matches('"').to_string();
            }
        } else if upper.starts_with("CREATE") {
            if let Some((schema, name, columns)) = parse_create_table(text, &search_schema) {
                builder.entry(schema, name).declared = columns;
            }
        } else if upper.starts_with("INSERT") {
            if let Some((schema, name)) = parse_insert(text, &search_schema) {
                let entry = builder.entry(schema, name);
                if !entry.inserts {
                    entry.inserts = true;
                    entry.insert_line = stmt_line;
                }
            }
        } else if upper.starts_with("COPY") && upper.trim_end_matches(';').ends_with("STDIN") {
            let Some((schema, name, columns)) = parse_copy(text, &search_schema) else {
                continue;
            };
            let mut block = CopyBlock {
                columns,
                offset,
                first_line: line_no + 1,
                rows: 0,
                complete: false,
                encoding,
            };
            loop {
                let n = read_line_or_end(reader, &mut buf)?;
                if n == 0 {
                    break;
                }
                offset += n as u64;
                line_no += 1;
                if trim_eol(&buf) == b"\\." {
                    block.complete = true;
                    break;
                }
                // A last line without its newline is a row cut off: not counted.
                if buf.ends_with(b"\n") {
                    block.rows += 1;
                }
            }
            builder.entry(schema, name).copy = Some(block);
        }
    }
    if builder.tables.is_empty() {
        return Err(IndexError::NotADump);
    }
    Ok(DumpIndex {
        tables: builder.finish(),
    })
}

#[derive(Default)]
struct Builder {
    tables: Vec<TableEntry>,
    by_key: HashMap<(String, String), usize>,
}

impl Builder {
    fn entry(&mut self, schema: String, name: String) -> &mut TableEntry {
        let key = (schema.clone(), name.clone());
        let i = *self.by_key.entry(key).or_insert_with(|| {
            self.tables.push(TableEntry {
                schema,
                name,
                display: String::new(),
                declared: Vec::new(),
                copy: None,
                inserts: false,
                insert_line: 0,
            });
            self.tables.len() - 1
        });
        &mut self.tables[i]
    }

    fn finish(mut self) -> Vec<TableEntry> {
        let mut count: HashMap<String, usize> = HashMap::new();
        for t in &self.tables {
            *count.entry(t.name.clone()).or_default() += 1;
        }
        for t in &mut self.tables {
            t.display = if count[&t.name] == 1 || t.schema == "public" {
                t.name.clone()
            } else {
                format!("{}.{}", t.schema, t.name)
            };
        }
        self.tables
    }
}

fn trim_start(line: &[u8]) -> &[u8] {
    let n = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &line[n..]
}

/// Whether `text` starts with `words` (case-insensitive, separated by whitespace).
fn starts_with_words(text: &[u8], words: &[&str]) -> bool {
    let mut rest = text;
    for word in words {
        rest = trim_start(rest);
        if rest.len() < word.len() || !rest[..word.len()].eq_ignore_ascii_case(word.as_bytes()) {
            return false;
        }
        rest = &rest[word.len()..];
        if rest.first().is_some_and(|b| is_ident_byte(*b)) {
            return false;
        }
    }
    true
}

/// Skips `word` (case-insensitive, whole word) at the start of `s`.
fn eat_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let s = s.trim_start();
    let head = s.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &s[word.len()..];
    if rest.bytes().next().is_some_and(is_ident_byte) {
        return None;
    }
    Some(rest)
}

/// `SET name = 'value';` → value.
fn set_value(text: &str, name: &str) -> Option<String> {
    let rest = eat_word(text, "SET")?;
    let rest = eat_word(rest, name)?.trim_start();
    let rest = rest
        .strip_prefix('=')
        .or_else(|| eat_word(rest, "TO"))?
        .trim();
    let value = rest.trim_end_matches(';').trim();
    Some(value.trim_matches('\'').to_string())
}

/// `SELECT pg_catalog.set_config('search_path', 'crm', false);` → `crm`.
fn search_path_config(text: &str) -> Option<String> {
    let rest = eat_word(text, "SELECT")?;
    let at = rest.find("set_config('search_path',")?;
    let rest = rest[at + "set_config('search_path',".len()..].trim_start();
    let rest = rest.strip_prefix('\'')?;
    let end = rest.find('\'')?;
    Some(rest[..end].to_string())
}

/// One identifier (`"Mixed Case"` with `""` inside, or unquoted, folded to lower case) and
/// what follows it.
pub(crate) fn parse_ident(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if rest[i + 1..].starts_with('"') {
                    out.push('"');
                    chars.next();
                } else {
                    return Some((out, &rest[i + 1..]));
                }
            } else {
                out.push(c);
            }
        }
        None
    } else {
        let len = s
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '$'))
            .map(|(i, _)| i)
            .unwrap_or(s.len());
        if len == 0 {
            return None;
        }
        Some((s[..len].to_lowercase(), &s[len..]))
    }
}

/// `schema.name` or `name` (in `default_schema`).
fn parse_qualified<'a>(s: &'a str, default_schema: &str) -> Option<(String, String, &'a str)> {
    let (first, rest) = parse_ident(s)?;
    if let Some(after_dot) = rest.strip_prefix('.') {
        let (second, rest) = parse_ident(after_dot)?;
        Some((first, second, rest))
    } else {
        Some((default_schema.to_string(), first, rest))
    }
}

/// Splits at commas outside parentheses and quotes.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    let (mut single, mut double) = (false, false);
    for (i, c) in s.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '(' if !single && !double => depth += 1,
            ')' if !single && !double => depth -= 1,
            ',' if !single && !double && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The text between the first `(` of `s` and its matching `)`, and what follows.
fn paren_body(s: &str) -> Option<(&str, &str)> {
    let open = s.find('(')?;
    let mut depth = 0i32;
    let (mut single, mut double) = (false, false);
    for (i, c) in s[open..].char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '(' if !single && !double => depth += 1,
            ')' if !single && !double => {
                depth -= 1;
                if depth == 0 {
                    return Some((&s[open + 1..open + i], &s[open + i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// `CREATE [UNLOGGED] TABLE [IF NOT EXISTS] schema.name ( … );` → schema, name, columns.
pub(crate) fn parse_create_table(
    text: &str,
    default_schema: &str,
) -> Option<(String, String, Vec<DeclaredColumn>)> {
    let rest = eat_word(text, "CREATE")?;
    let rest = eat_word(rest, "UNLOGGED").unwrap_or(rest);
    let rest = eat_word(rest, "TABLE")?;
    let rest = eat_word(rest, "IF")
        .and_then(|r| eat_word(r, "NOT"))
        .and_then(|r| eat_word(r, "EXISTS"))
        .unwrap_or(rest);
    let (schema, name, rest) = parse_qualified(rest, default_schema)?;
    let mut columns = Vec::new();
    // `CREATE TABLE t OF type` or `PARTITION OF` have no own column list to read.
    if rest.trim_start().starts_with('(') {
        let (body, _) = paren_body(rest)?;
        for item in split_top_level(body) {
            if let Some(column) = parse_column(item) {
                columns.push(column);
            }
        }
    }
    Some((schema, name, columns))
}

/// Words that end a column's type.
const AFTER_TYPE: &[&str] = &[
    "NOT",
    "NULL",
    "DEFAULT",
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "CHECK",
    "REFERENCES",
    "GENERATED",
    "COLLATE",
    "COMPRESSION",
    "STORAGE",
];

/// Table constraints and other items of the list that are not columns.
const NOT_COLUMNS: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "CHECK",
    "FOREIGN",
    "EXCLUDE",
    "LIKE",
];

fn parse_column(item: &str) -> Option<DeclaredColumn> {
    let item = item.trim();
    if item.is_empty() || NOT_COLUMNS.iter().any(|w| eat_word(item, w).is_some()) {
        return None;
    }
    let (name, rest) = parse_ident(item)?;
    // The type runs up to the first keyword outside parentheses and quotes.
    let rest = rest.trim();
    let mut end = rest.len();
    let (mut depth, mut double) = (0i32, false);
    let mut word_start = None;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => double = !double,
            '(' if !double => depth += 1,
            ')' if !double => depth -= 1,
            _ => {}
        }
        let in_word = !double && depth == 0 && (c.is_alphanumeric() || c == '_');
        match (in_word, word_start) {
            (true, None) => {
                let prev_ok = i == 0 || rest[..i].ends_with(char::is_whitespace);
                if prev_ok && AFTER_TYPE.iter().any(|w| eat_word(&rest[i..], w).is_some()) {
                    end = i;
                    break;
                }
                word_start = Some(i);
            }
            (false, Some(_)) => word_start = None,
            _ => {}
        }
    }
    Some(DeclaredColumn {
        name,
        native: rest[..end].trim().to_string(),
    })
}

/// `COPY schema.name (a, "B c") FROM stdin;` → schema, name, columns.
pub(crate) fn parse_copy(
    text: &str,
    default_schema: &str,
) -> Option<(String, String, Vec<String>)> {
    let rest = eat_word(text, "COPY")?;
    let (schema, name, rest) = parse_qualified(rest, default_schema)?;
    let mut columns = Vec::new();
    if rest.trim_start().starts_with('(') {
        let (body, _) = paren_body(rest)?;
        for item in split_top_level(body) {
            let (column, _) = parse_ident(item)?;
            columns.push(column);
        }
    }
    Some((schema, name, columns))
}

/// `INSERT INTO schema.name …` → schema, name.
fn parse_insert(text: &str, default_schema: &str) -> Option<(String, String)> {
    let rest = eat_word(text, "INSERT")?;
    let rest = eat_word(rest, "INTO")?;
    let (schema, name, _) = parse_qualified(rest, default_schema)?;
    Some((schema, name))
}
