//! Statements and INSERT tuples on top of the [`Lexer`]: the index pass and the read pass run
//! the same code, so that the rows the index counts are the rows a read delivers.

use encoding_rs::Encoding;
use stx_connector_core::MAX_VALUE_BYTES;

use crate::declared::DeclaredColumn;
use crate::lexer::{Dialect, Lexer, Tok, Unterminated};
use crate::oracle::oracle_datetime;

/// A table as a statement names it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableName {
    pub schema: String,
    pub name: String,
    /// Whether the statement named the schema.
    pub qualified: bool,
}

/// What a statement is.
#[derive(Debug)]
pub(crate) enum Stmt {
    CreateTable {
        table: TableName,
        columns: Vec<DeclaredColumn>,
    },
    /// An INSERT … VALUES; its tuples follow ([`Parser::next_tuple`]).
    Insert {
        table: TableName,
        columns: Option<Vec<String>>,
    },
    /// An INSERT this reader cannot take apart (`INSERT … SELECT`, `INSERT … SET`).
    BadInsert { table: TableName, message: String },
    Copy {
        table: TableName,
        columns: Vec<String>,
        offset: u64,
        line: u64,
        rows: u64,
    },
    /// `SET NAMES x` (MySQL) or `SET client_encoding = 'x'` (PostgreSQL).
    Encoding(String),
    /// The schema unqualified names now live in (PostgreSQL search_path).
    SearchPath(String),
    /// A statement that does not hold data (SET, DROP, LOCK, PRAGMA …).
    Ignored,
    /// A statement this reader does not know: skipped and counted.
    Unknown,
}

/// A statement and where it starts.
#[derive(Debug)]
pub(crate) struct Statement {
    pub offset: u64,
    pub line: u64,
    pub kind: Stmt,
}

/// A value of a tuple.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Null,
    /// String bytes in the dump's encoding (`Some`: a MySQL `_charset` introducer's).
    Str(Vec<u8>, Option<&'static Encoding>),
    /// A number as written.
    Num(String),
    /// Bytes (`0x…`, `X'…'`, `_binary '…'`, `HEXTORAW`).
    Bin(Vec<u8>),
    Bool(bool),
    /// Text made by a function (`TO_DATE`, `char()`), already decoded.
    Text(String),
    /// A literal longer than [`MAX_VALUE_BYTES`]: its whole length in bytes and its first
    /// bytes; the rest streamed by unkept. Its row is rejected.
    TooLong {
        bytes: u64,
        head: Vec<u8>,
    },
}

/// Bytes of an over-long literal kept for its reject.
const HEAD_BYTES: usize = 1024;

/// Characters of a token quoted in a message.
const SHOWN_CHARS: usize = 60;

/// What [`Parser::next_tuple`] found.
#[derive(Debug)]
pub(crate) enum TupleEvent {
    Row {
        /// The values; empty when the lexer does not keep text (counting).
        values: Vec<Lit>,
        /// How many values the tuple has.
        arity: usize,
        offset: u64,
        line: u64,
    },
    /// A tuple (or what stands where one should) that cannot be read.
    Bad {
        message: String,
        offset: u64,
        line: u64,
        excerpt: String,
    },
    /// The INSERT statement ended.
    Done,
    /// The input ended inside the statement.
    Cut { line: u64, message: String },
}

enum ValueError {
    Bad(String),
    /// The statement ended inside the tuple.
    End,
    Cut(String),
}

impl From<Unterminated> for ValueError {
    fn from(u: Unterminated) -> Self {
        ValueError::Cut(format!("unterminated {}", u.0))
    }
}

#[derive(Clone, Copy, PartialEq)]
enum TupleState {
    First,
    After,
    Ended,
}

/// Words that start a statement: in SQL Server scripts (no `;`) such a word at the start of
/// a line ends the statement before it.
const STATEMENT_WORDS: &[&str] = &[
    "INSERT", "SET", "CREATE", "ALTER", "USE", "DROP", "EXEC", "EXECUTE", "PRINT", "IF", "DECLARE",
    "UPDATE", "DELETE", "BEGIN", "COMMIT", "GRANT", "TRUNCATE", "GO",
];

/// Statements that hold no data and are skipped without counting.
const IGNORED: &[&str] = &[
    "SET",
    "DROP",
    "ALTER",
    "LOCK",
    "UNLOCK",
    "USE",
    "BEGIN",
    "COMMIT",
    "START",
    "ROLLBACK",
    "END",
    "PRAGMA",
    "GRANT",
    "REVOKE",
    "COMMENT",
    "SELECT",
    "ANALYZE",
    "VACUUM",
    "PRINT",
    "CREATE",
    "DELETE",
    "TRUNCATE",
    "SAVEPOINT",
    "RELEASE",
    "REINDEX",
    "CHECKPOINT",
];

/// Items of a CREATE TABLE list that are not columns.
const NOT_COLUMNS: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "CHECK",
    "FOREIGN",
    "EXCLUDE",
    "LIKE",
    "KEY",
    "INDEX",
    "FULLTEXT",
    "SPATIAL",
    "PERIOD",
];

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
    "IDENTITY",
    "AUTO_INCREMENT",
    "AUTOINCREMENT",
    "COMMENT",
    "CHARSET",
    "ENABLE",
    "DISABLE",
    "VISIBLE",
    "INVISIBLE",
    "SPARSE",
    "ROWGUIDCOL",
    "MASKED",
    "AS",
    "ON",
];

/// Reads statements, and the tuples of INSERT statements.
pub(crate) struct Parser {
    pub lx: Lexer,
    /// Schema of unqualified names.
    pub default_schema: String,
    /// The encoding identifiers are decoded from.
    pub encoding: &'static Encoding,
    depth: i32,
    state: TupleState,
}

impl Parser {
    pub fn new(lx: Lexer) -> Parser {
        let default_schema = lx.dialect.default_schema().to_string();
        Parser {
            lx,
            default_schema,
            encoding: encoding_rs::UTF_8,
            depth: 0,
            state: TupleState::Ended,
        }
    }

    fn dialect(&self) -> Dialect {
        self.lx.dialect
    }

    /// The next token, keeping count of parentheses.
    fn next(&mut self) -> Result<Tok, Unterminated> {
        let tok = self.lx.next()?;
        match tok {
            Tok::Punct(b'(') => self.depth += 1,
            Tok::Punct(b')') => self.depth -= 1,
            _ => {}
        }
        Ok(tok)
    }

    fn back(&mut self, tok: Tok) {
        match tok {
            Tok::Punct(b'(') => self.depth -= 1,
            Tok::Punct(b')') => self.depth += 1,
            _ => {}
        }
        self.lx.push_back(tok);
    }

    fn text(&self) -> String {
        self.encoding
            .decode_without_bom_handling(&self.lx.text)
            .0
            .into_owned()
    }

    /// The token's text for a message: its start only, however long the token.
    fn shown(&self) -> String {
        let text = &self.lx.text;
        let head = &text[..text.len().min(SHOWN_CHARS * 4)];
        let decoded = self.encoding.decode_without_bom_handling(head).0;
        let mut out: String = decoded.chars().take(SHOWN_CHARS).collect();
        let cut = head.len() < text.len() || decoded.chars().count() > SHOWN_CHARS;
        if cut || self.lx.text_dropped > 0 {
            out.push('…');
        }
        out
    }

    /// The literal just read when it is longer than [`MAX_VALUE_BYTES`]. Its buffer is let
    /// go rather than kept for the next tokens.
    fn too_long(&mut self, tok: Tok) -> Option<Lit> {
        let long = self.lx.text_dropped > 0
            && matches!(tok, Tok::Str(_) | Tok::Num | Tok::Hex | Tok::Bits);
        if !long {
            return None;
        }
        let text = std::mem::take(&mut self.lx.text);
        Some(Lit::TooLong {
            bytes: text.len() as u64 + self.lx.text_dropped,
            head: text[..text.len().min(HEAD_BYTES)].to_vec(),
        })
    }

    fn upper(&self) -> String {
        self.text().to_ascii_uppercase()
    }

    fn is_word(&self, tok: Tok, word: &str) -> bool {
        tok == Tok::Word && self.lx.text.eq_ignore_ascii_case(word.as_bytes())
    }

    /// Skips to the end of the statement (SQL Server: or to a statement word starting a line).
    fn skip_statement(&mut self) {
        let keep = self.lx.keep;
        self.lx.keep = false;
        loop {
            match self.next() {
                Ok(Tok::End) | Ok(Tok::Eof) | Err(_) => break,
                Ok(Tok::Word)
                    if self.dialect() == Dialect::Mssql
                        && self.lx.tok_line_start
                        && self.depth <= 0
                        && STATEMENT_WORDS.contains(&self.upper().as_str()) =>
                {
                    self.back(Tok::Word);
                    break;
                }
                Ok(_) => {}
            }
        }
        self.lx.keep = keep;
        self.depth = 0;
    }

    /// The next statement; `None` at the end of the input. An INSERT leaves its tuples to
    /// [`Parser::next_tuple`]; call it until `Done` before the next statement.
    pub fn next_statement(&mut self) -> Option<Statement> {
        // Tuples of an INSERT the caller did not read are skipped.
        if self.state != TupleState::Ended {
            self.state = TupleState::Ended;
            self.skip_statement();
        }
        loop {
            self.depth = 0;
            self.lx.keep = true;
            self.lx.stmt_start = true;
            let tok = self.next().ok()?;
            let (offset, line) = (self.lx.tok_offset, self.lx.tok_line);
            let kind = match tok {
                Tok::Eof => return None,
                Tok::End => continue,
                Tok::Word => self.statement(),
                _ => {
                    self.skip_statement();
                    Stmt::Unknown
                }
            };
            return Some(Statement { offset, line, kind });
        }
    }

    fn statement(&mut self) -> Stmt {
        let word = self.upper();
        match word.as_str() {
            "INSERT" | "REPLACE" => self.insert_head(),
            "CREATE" => self.create(),
            "COPY" if self.dialect() == Dialect::Postgres => self.copy(),
            "SET" => self.set(),
            "SELECT" if self.dialect() == Dialect::Postgres => self.select(),
            w if IGNORED.contains(&w) => {
                self.skip_statement();
                Stmt::Ignored
            }
            _ => {
                self.skip_statement();
                Stmt::Unknown
            }
        }
    }

    /// Tokens up to the end of the statement (at most `limit`), as (token, text).
    fn rest(&mut self, limit: usize) -> Vec<(Tok, String)> {
        let mut out = Vec::new();
        loop {
            match self.next() {
                Ok(Tok::End) | Ok(Tok::Eof) | Err(_) => break,
                Ok(Tok::Word)
                    if self.dialect() == Dialect::Mssql
                        && self.lx.tok_line_start
                        && STATEMENT_WORDS.contains(&self.upper().as_str()) =>
                {
                    self.back(Tok::Word);
                    break;
                }
                Ok(tok) => {
                    if out.len() < limit {
                        out.push((tok, self.text()));
                    }
                }
            }
        }
        self.depth = 0;
        out
    }

    fn set(&mut self) -> Stmt {
        let tokens = self.rest(16);
        let words: Vec<String> = tokens.iter().map(|(_, t)| t.to_ascii_lowercase()).collect();
        let value = |i: usize| tokens.get(i).map(|(_, t)| t.clone());
        match words.first().map(String::as_str) {
            Some("names") if self.dialect() == Dialect::Mysql => {
                value(1).map(Stmt::Encoding).unwrap_or(Stmt::Ignored)
            }
            Some("client_encoding") if self.dialect() == Dialect::Postgres => {
                let at = if matches!(tokens.get(1), Some((Tok::Punct(b'='), _)))
                    || words.get(1).is_some_and(|w| w == "to")
                {
                    2
                } else {
                    1
                };
                value(at).map(Stmt::Encoding).unwrap_or(Stmt::Ignored)
            }
            Some("search_path") if self.dialect() == Dialect::Postgres => {
                let at = if words.get(1).is_some_and(|w| w == "=" || w == "to") {
                    2
                } else {
                    1
                };
                value(at).map(Stmt::SearchPath).unwrap_or(Stmt::Ignored)
            }
            _ => Stmt::Ignored,
        }
    }

    /// `SELECT pg_catalog.set_config('search_path', 'crm', false);`
    fn select(&mut self) -> Stmt {
        let tokens = self.rest(16);
        let at = tokens
            .iter()
            .position(|(t, s)| *t == Tok::Str(false) && s == "search_path");
        match at.and_then(|i| tokens.get(i + 2)) {
            Some((Tok::Str(_), value)) => Stmt::SearchPath(value.clone()),
            _ => Stmt::Ignored,
        }
    }

    /// `schema.name`, `[dbo].[T]`, `"HR"."T"`, `` `t` ``; the token after it is read next.
    fn qualified_name(&mut self, first: Tok) -> Option<TableName> {
        let mut parts = Vec::new();
        let mut tok = first;
        loop {
            match tok {
                Tok::Word => parts.push(self.dialect().fold(&self.text())),
                Tok::Ident => parts.push(self.text()),
                _ => return None,
            }
            let next = self.next().ok()?;
            if next == Tok::Punct(b'.') {
                tok = self.next().ok()?;
            } else {
                self.back(next);
                break;
            }
        }
        let name = parts.pop()?;
        let qualified = !parts.is_empty();
        let schema = parts.pop().unwrap_or_else(|| self.default_schema.clone());
        Some(TableName {
            schema,
            name,
            qualified,
        })
    }

    fn insert_head(&mut self) -> Stmt {
        let mut tok = match self.next() {
            Ok(t) => t,
            Err(_) => return Stmt::Unknown,
        };
        while tok == Tok::Word
            && ["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"]
                .contains(&self.upper().as_str())
        {
            tok = match self.next() {
                Ok(t) => t,
                Err(_) => return Stmt::Unknown,
            };
        }
        let Some(table) = self.qualified_name(tok) else {
            self.skip_statement();
            return Stmt::Unknown;
        };
        if self.dialect() == Dialect::Sqlite && table.name.starts_with("sqlite_") {
            self.skip_statement();
            return Stmt::Ignored;
        }
        let mut columns = None;
        let mut tok = self.next();
        if let Ok(Tok::Punct(b'(')) = tok {
            let mut list = Vec::new();
            loop {
                match self.next() {
                    Ok(Tok::Word) => list.push(self.dialect().fold(&self.text())),
                    Ok(Tok::Ident) => list.push(self.text()),
                    Ok(Tok::Punct(b',')) => {}
                    Ok(Tok::Punct(b')')) => break,
                    _ => {
                        self.skip_statement();
                        return Stmt::BadInsert {
                            table,
                            message: "its column list cannot be read".into(),
                        };
                    }
                }
            }
            columns = Some(list);
            tok = self.next();
        }
        // PostgreSQL: OVERRIDING SYSTEM VALUE.
        while let Ok(Tok::Word) = tok {
            if ["OVERRIDING", "SYSTEM", "USER", "VALUE"].contains(&self.upper().as_str())
                && !self.is_word(Tok::Word, "VALUES")
            {
                if self.is_word(Tok::Word, "VALUE") && self.dialect() == Dialect::Mysql {
                    break;
                }
                tok = self.next();
            } else {
                break;
            }
        }
        match tok {
            Ok(Tok::Word)
                if self.is_word(Tok::Word, "VALUES") || self.is_word(Tok::Word, "VALUE") =>
            {
                self.state = TupleState::First;
                self.depth = 0;
                Stmt::Insert { table, columns }
            }
            _ => {
                let what = self.shown();
                self.skip_statement();
                Stmt::BadInsert {
                    table,
                    message: format!(
                        "an INSERT without VALUES (… {what} …) cannot be read from a dump"
                    ),
                }
            }
        }
    }

    fn create(&mut self) -> Stmt {
        loop {
            match self.next() {
                Ok(Tok::Word) => {
                    let w = self.upper();
                    if w == "TABLE" {
                        break;
                    }
                    if ![
                        "OR",
                        "REPLACE",
                        "GLOBAL",
                        "LOCAL",
                        "TEMPORARY",
                        "TEMP",
                        "UNLOGGED",
                    ]
                    .contains(&w.as_str())
                    {
                        self.skip_statement();
                        return Stmt::Ignored;
                    }
                }
                _ => {
                    self.skip_statement();
                    return Stmt::Ignored;
                }
            }
        }
        let mut tok = self.next();
        if let Ok(Tok::Word) = tok {
            if self.is_word(Tok::Word, "IF") {
                let _ = self.next();
                let _ = self.next();
                tok = self.next();
            }
        }
        let Some(table) = tok.ok().and_then(|t| self.qualified_name(t)) else {
            self.skip_statement();
            return Stmt::Ignored;
        };
        let mut columns = Vec::new();
        if let Ok(Tok::Punct(b'(')) = self.next() {
            let mut item: Vec<(Tok, String)> = Vec::new();
            loop {
                let tok = match self.next() {
                    Ok(Tok::End) | Ok(Tok::Eof) | Err(_) => break,
                    Ok(t) => t,
                };
                let closing = tok == Tok::Punct(b')') && self.depth == 0;
                if (tok == Tok::Punct(b',') && self.depth == 1) || closing {
                    if let Some(c) = self.column(&item) {
                        columns.push(c);
                    }
                    item.clear();
                    if closing {
                        break;
                    }
                    continue;
                }
                if item.len() < 64 {
                    item.push((tok, self.text()));
                }
            }
        }
        self.skip_statement();
        Stmt::CreateTable { table, columns }
    }

    fn column(&self, item: &[(Tok, String)]) -> Option<DeclaredColumn> {
        let (first, name) = item.first()?;
        let name = match first {
            Tok::Word => {
                if NOT_COLUMNS.contains(&name.to_ascii_uppercase().as_str()) {
                    return None;
                }
                self.dialect().fold(name)
            }
            Tok::Ident => name.clone(),
            _ => return None,
        };
        let mut native = String::new();
        let mut depth = 0;
        for (i, (tok, text)) in item.iter().enumerate().skip(1) {
            let upper = text.to_ascii_uppercase();
            if depth == 0 && *tok == Tok::Word {
                let charset = upper == "CHARACTER"
                    && item
                        .get(i + 1)
                        .is_some_and(|(_, t)| t.eq_ignore_ascii_case("SET"));
                if charset || AFTER_TYPE.contains(&upper.as_str()) {
                    break;
                }
            }
            match tok {
                Tok::Punct(b'(') => {
                    depth += 1;
                    native.push('(');
                }
                Tok::Punct(b')') => {
                    depth -= 1;
                    native.push(')');
                }
                Tok::Punct(c) => native.push(*c as char),
                Tok::Word | Tok::Ident | Tok::Num => {
                    if native
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_alphanumeric() || c == ')' || c == ']' || c == '_')
                    {
                        native.push(' ');
                    }
                    native.push_str(text);
                }
                _ => {}
            }
        }
        Some(DeclaredColumn {
            name,
            native: native.trim().to_string(),
        })
    }

    fn copy(&mut self) -> Stmt {
        let tok = match self.next() {
            Ok(t) => t,
            Err(_) => return Stmt::Unknown,
        };
        let Some(table) = self.qualified_name(tok) else {
            self.skip_statement();
            return Stmt::Ignored;
        };
        let mut columns = Vec::new();
        let mut stdin = false;
        let mut in_list = false;
        loop {
            match self.next() {
                Ok(Tok::End) => break,
                Ok(Tok::Eof) | Err(_) => return Stmt::Ignored,
                Ok(Tok::Punct(b'(')) if columns.is_empty() && !stdin => in_list = true,
                Ok(Tok::Punct(b')')) => in_list = false,
                Ok(Tok::Word) if in_list => columns.push(self.dialect().fold(&self.text())),
                Ok(Tok::Ident) if in_list => columns.push(self.text()),
                Ok(Tok::Word) if self.is_word(Tok::Word, "STDIN") => stdin = true,
                Ok(_) => {}
            }
        }
        if !stdin {
            return Stmt::Ignored;
        }
        let (offset, line) = self.lx.start_copy_data();
        let (rows, _complete) = self.lx.copy_rows();
        Stmt::Copy {
            table,
            columns,
            offset,
            line,
            rows,
        }
    }

    /// The next tuple of the current INSERT (values are only evaluated when `keep`).
    pub fn next_tuple(&mut self) -> TupleEvent {
        let keep = self.lx.keep;
        match self.state {
            TupleState::Ended => return TupleEvent::Done,
            TupleState::First => {}
            TupleState::After => {
                let tok = match self.next() {
                    Ok(t) => t,
                    Err(u) => return self.cut(&format!("unterminated {}", u.0)),
                };
                match tok {
                    Tok::Punct(b',') => {}
                    Tok::End => {
                        self.state = TupleState::Ended;
                        return TupleEvent::Done;
                    }
                    Tok::Eof if self.dialect() == Dialect::Mssql => {
                        self.state = TupleState::Ended;
                        return TupleEvent::Done;
                    }
                    Tok::Eof => return self.cut("the statement has no closing ;"),
                    Tok::Word if ["ON", "RETURNING"].contains(&self.upper().as_str()) => {
                        self.state = TupleState::Ended;
                        self.skip_statement();
                        return TupleEvent::Done;
                    }
                    Tok::Word if self.lx.tok_line_start => {
                        // No `;` (SQL Server scripts): the next statement begins.
                        self.back(tok);
                        self.state = TupleState::Ended;
                        return TupleEvent::Done;
                    }
                    _ => {
                        let message = format!(
                            "expected ',' or the end of the statement after a tuple, found '{}'",
                            self.shown()
                        );
                        return self.bad_statement(message);
                    }
                }
            }
        }
        self.lx.keep = keep;
        self.depth = 0;
        let (offset, line) = match self.next() {
            Ok(Tok::Punct(b'(')) => (self.lx.tok_offset, self.lx.tok_line),
            Ok(Tok::Eof) => return self.cut("the statement ends before its tuple"),
            Ok(_) => {
                let message = format!("expected a '(' tuple of values, found '{}'", self.shown());
                return self.bad_statement(message);
            }
            Err(u) => return self.cut(&format!("unterminated {}", u.0)),
        };
        let mut values = Vec::new();
        let mut arity = 0;
        loop {
            match self.value(keep) {
                Ok(v) => {
                    arity += 1;
                    if keep {
                        values.push(v);
                    }
                }
                Err(ValueError::Bad(message)) => return self.bad_tuple(message, offset, line),
                Err(ValueError::End) => return self.ended_in_tuple(offset, line),
                Err(ValueError::Cut(what)) => return self.cut(&what),
            }
            match self.next() {
                Ok(Tok::Punct(b',')) => {}
                Ok(Tok::Punct(b')')) => break,
                Ok(Tok::End) => return self.ended_in_tuple(offset, line),
                Ok(Tok::Eof) => return self.cut("the input ends inside a tuple"),
                Ok(_) => {
                    let message = format!("unexpected '{}' after a value", self.shown());
                    return self.bad_tuple(message, offset, line);
                }
                Err(u) => return self.cut(&format!("unterminated {}", u.0)),
            }
        }
        self.state = TupleState::After;
        TupleEvent::Row {
            values,
            arity,
            offset,
            line,
        }
    }

    fn cut(&mut self, message: &str) -> TupleEvent {
        self.state = TupleState::Ended;
        TupleEvent::Cut {
            line: self.lx.line(),
            message: message.to_string(),
        }
    }

    /// A token where the statement cannot go on: reported at it, the rest of the statement
    /// skipped.
    fn bad_statement(&mut self, message: String) -> TupleEvent {
        let bad = self.bad(message);
        self.state = TupleState::Ended;
        self.skip_statement();
        bad
    }

    fn bad(&self, message: String) -> TupleEvent {
        TupleEvent::Bad {
            message,
            offset: self.lx.tok_offset,
            line: self.lx.tok_line,
            excerpt: self.lx.excerpt(self.lx.tok_offset.saturating_sub(40)),
        }
    }

    /// A bad value: the rest of its tuple is skipped, the statement goes on.
    fn bad_tuple(&mut self, message: String, offset: u64, line: u64) -> TupleEvent {
        let excerpt = self.lx.excerpt(offset);
        let (at, at_line) = (self.lx.tok_offset, self.lx.tok_line);
        let keep = self.lx.keep;
        self.lx.keep = false;
        let mut ended = false;
        while self.depth > 0 {
            match self.next() {
                Ok(Tok::End) => {
                    ended = true;
                    break;
                }
                Ok(Tok::Eof) | Err(_) => {
                    self.state = TupleState::Ended;
                    return self.cut(&format!("{message}, and the input ends inside the tuple"));
                }
                Ok(_) => {}
            }
        }
        self.lx.keep = keep;
        self.state = if ended {
            TupleState::Ended
        } else {
            TupleState::After
        };
        let _ = (offset, line);
        TupleEvent::Bad {
            message,
            offset: at,
            line: at_line,
            excerpt,
        }
    }

    fn ended_in_tuple(&mut self, offset: u64, line: u64) -> TupleEvent {
        self.state = TupleState::Ended;
        TupleEvent::Bad {
            message: "the statement ends inside a tuple (a ')' is missing)".into(),
            offset,
            line,
            excerpt: self.lx.excerpt(offset),
        }
    }

    fn value(&mut self, keep: bool) -> Result<Lit, ValueError> {
        let tok = self.next()?;
        if let Some(lit) = keep.then(|| self.too_long(tok)).flatten() {
            self.skip_casts()?;
            return Ok(lit);
        }
        let lit = match tok {
            Tok::Punct(sign @ (b'-' | b'+')) => match self.next()? {
                Tok::Num => {
                    let text = self.text();
                    Lit::Num(if sign == b'-' {
                        format!("-{text}")
                    } else {
                        text
                    })
                }
                _ => return Err(ValueError::Bad(format!("'{}' after a sign", self.shown()))),
            },
            // Counting (the index pass): no value is built, so nothing is allocated.
            Tok::Num | Tok::Str(_) if !keep => Lit::Null,
            Tok::Num => Lit::Num(self.text()),
            Tok::Str(_) => Lit::Str(std::mem::take(&mut self.lx.text), None),
            Tok::Hex => {
                if keep {
                    Lit::Bin(hex_bytes(&self.lx.text).ok_or_else(|| {
                        ValueError::Bad(format!("'{}' is not hexadecimal", self.shown()))
                    })?)
                } else {
                    Lit::Null
                }
            }
            Tok::Bits => match u64::from_str_radix(&self.text(), 2) {
                Ok(v) => Lit::Num(v.to_string()),
                Err(_) => {
                    return Err(ValueError::Bad(format!(
                        "b'{}' is not binary",
                        self.shown()
                    )))
                }
            },
            // NULL is most of a dump's words: no upper-cased copy for it.
            Tok::Word if self.lx.text.eq_ignore_ascii_case(b"NULL") => Lit::Null,
            Tok::Word => {
                let word = self.upper();
                match word.as_str() {
                    "NULL" => Lit::Null,
                    "TRUE" => Lit::Bool(true),
                    "FALSE" => Lit::Bool(false),
                    _ if word.starts_with('_') && self.dialect() == Dialect::Mysql => {
                        let charset = word[1..].to_ascii_lowercase();
                        let tok = self.next()?;
                        if let Some(lit) = self.too_long(tok) {
                            self.skip_casts()?;
                            return Ok(lit);
                        }
                        match tok {
                            Tok::Str(_) if charset == "binary" => {
                                Lit::Bin(std::mem::take(&mut self.lx.text))
                            }
                            Tok::Str(_) => match mysql_encoding(&charset) {
                                Some(enc) => Lit::Str(std::mem::take(&mut self.lx.text), Some(enc)),
                                None => {
                                    return Err(ValueError::Bad(format!(
                                        "unknown character set introducer _{charset}"
                                    )))
                                }
                            },
                            Tok::Hex => Lit::Bin(hex_bytes(&self.lx.text).unwrap_or_default()),
                            _ => {
                                return Err(ValueError::Bad(format!(
                                    "_{charset} is not followed by a string"
                                )))
                            }
                        }
                    }
                    _ => {
                        let shown = self.shown().to_ascii_uppercase();
                        let next = self.next()?;
                        if next != Tok::Punct(b'(') {
                            self.back(next);
                            return Err(ValueError::Bad(format!(
                                "'{shown}' is not a value this reader knows"
                            )));
                        }
                        self.function(&word, keep)?
                    }
                }
            }
            Tok::End => return Err(ValueError::End),
            Tok::Eof => return Err(ValueError::Cut("the input ends inside a tuple".into())),
            Tok::Punct(b')') => {
                self.back(tok);
                return Err(ValueError::Bad("a value is missing".into()));
            }
            _ => {
                return Err(ValueError::Bad(format!(
                    "'{}' is not a value",
                    self.shown()
                )))
            }
        };
        self.skip_casts()?;
        Ok(lit)
    }

    /// PostgreSQL casts after a value: `'2024-01-31'::date`, `'x'::character varying`.
    fn skip_casts(&mut self) -> Result<(), ValueError> {
        loop {
            let tok = self.next()?;
            if tok != Tok::Cast {
                self.back(tok);
                return Ok(());
            }
            self.skip_type()?;
        }
    }

    /// Skips a type name up to `,` or `)` at the current depth.
    fn skip_type(&mut self) -> Result<(), ValueError> {
        let base = self.depth;
        loop {
            let tok = self.next()?;
            match tok {
                // The type's own parentheses (`numeric(12,2)`) do not end it.
                Tok::Punct(b')') if self.depth < base => {
                    self.back(tok);
                    return Ok(());
                }
                Tok::Punct(b',') | Tok::Cast if self.depth <= base => {
                    self.back(tok);
                    return Ok(());
                }
                Tok::End => return Err(ValueError::End),
                Tok::Eof => return Err(ValueError::Cut("the input ends inside a type".into())),
                _ => {}
            }
        }
    }

    /// Arguments up to the closing `)`.
    fn args(&mut self, keep: bool) -> Result<Vec<Lit>, ValueError> {
        let mut out = Vec::new();
        let tok = self.next()?;
        if tok == Tok::Punct(b')') {
            return Ok(out);
        }
        self.back(tok);
        loop {
            out.push(self.value(keep)?);
            match self.next()? {
                Tok::Punct(b',') => {}
                Tok::Punct(b')') => return Ok(out),
                Tok::End => return Err(ValueError::End),
                _ => {
                    return Err(ValueError::Bad(format!(
                        "unexpected '{}' in a function call",
                        self.shown()
                    )))
                }
            }
        }
    }

    fn function(&mut self, name: &str, keep: bool) -> Result<Lit, ValueError> {
        let bad = |m: String| Err(ValueError::Bad(m));
        match name {
            "CAST" => {
                let inner = self.value(keep)?;
                let tok = self.next()?;
                if !self.is_word(tok, "AS") {
                    return bad(format!("CAST(… {} …): AS expected", self.shown()));
                }
                self.skip_type()?;
                match self.next()? {
                    Tok::Punct(b')') => Ok(inner),
                    _ => bad("CAST(…) is not closed".into()),
                }
            }
            "CONVERT" if self.dialect() == Dialect::Mssql => {
                self.skip_type()?;
                match self.next()? {
                    Tok::Punct(b',') => {}
                    _ => return bad("CONVERT(type, value) expected".into()),
                }
                let mut args = self.args(keep)?;
                if args.is_empty() {
                    return bad("CONVERT without a value".into());
                }
                Ok(args.swap_remove(0))
            }
            _ => {
                let args = self.args(keep)?;
                if !keep {
                    return match name {
                        "TO_DATE" | "TO_TIMESTAMP" | "REPLACE" | "CHAR" | "CHR" | "NCHAR"
                        | "HEXTORAW" | "EMPTY_BLOB" | "EMPTY_CLOB" | "UNISTR" => Ok(Lit::Null),
                        _ => bad(format!("unknown function {name}()")),
                    };
                }
                eval_function(name, args)
            }
        }
    }
}

fn eval_function(name: &str, mut args: Vec<Lit>) -> Result<Lit, ValueError> {
    // A function of an over-long literal is that literal's reject.
    if let Some(i) = args.iter().position(|a| matches!(a, Lit::TooLong { .. })) {
        return Ok(args.swap_remove(i));
    }
    let bad = |m: String| Err(ValueError::Bad(m));
    let text = |lit: &Lit| -> Option<Vec<u8>> {
        match lit {
            Lit::Str(b, _) | Lit::Bin(b) => Some(b.clone()),
            Lit::Num(t) | Lit::Text(t) => Some(t.as_bytes().to_vec()),
            Lit::Bool(b) => Some(b.to_string().into_bytes()),
            Lit::Null | Lit::TooLong { .. } => None,
        }
    };
    match name {
        "TO_DATE" | "TO_TIMESTAMP" => {
            if args.len() < 2 {
                return bad(format!("{name}() needs a value and a format"));
            }
            let (Some(value), Some(format)) = (text(&args[0]), text(&args[1])) else {
                return Ok(Lit::Null);
            };
            let value = String::from_utf8_lossy(&value);
            let format = String::from_utf8_lossy(&format);
            match oracle_datetime(&value, &format) {
                Ok(iso) => Ok(Lit::Text(iso)),
                Err(m) => bad(format!("{name}('{value}', '{format}'): {m}")),
            }
        }
        "REPLACE" => {
            if args.len() != 3 {
                return bad("replace() needs 3 arguments".into());
            }
            let (Some(s), Some(from), Some(to)) = (text(&args[0]), text(&args[1]), text(&args[2]))
            else {
                return Ok(Lit::Null);
            };
            Ok(replace_bytes(&s, &from, &to))
        }
        "CHAR" | "CHR" | "NCHAR" => {
            let mut out = String::new();
            for a in &args {
                let code = text(a)
                    .and_then(|t| String::from_utf8_lossy(&t).trim().parse::<u32>().ok())
                    .and_then(char::from_u32);
                match code {
                    Some(c) => out.push(c),
                    None => return bad(format!("{name}() of something that is no code point")),
                }
            }
            Ok(Lit::Text(out))
        }
        "HEXTORAW" => match args.first().and_then(text) {
            Some(t) => match hex_bytes(&t) {
                Some(b) => Ok(Lit::Bin(b)),
                None => bad("HEXTORAW() of something that is not hexadecimal".into()),
            },
            None => Ok(Lit::Null),
        },
        "EMPTY_BLOB" => Ok(Lit::Bin(Vec::new())),
        "EMPTY_CLOB" => Ok(Lit::Str(Vec::new(), None)),
        "UNISTR" => match args.first().and_then(text) {
            Some(t) => Ok(Lit::Text(unistr(&String::from_utf8_lossy(&t)))),
            None => Ok(Lit::Null),
        },
        _ => bad(format!("unknown function {name}()")),
    }
}

/// `unistr('a\000ab')`: `\XXXX`, `\+XXXXXX`, `\uXXXX`, `\UXXXXXXXX` escapes.
fn unistr(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let digits = match chars.peek() {
            Some('\\') => {
                chars.next();
                out.push('\\');
                continue;
            }
            Some('+') => {
                chars.next();
                6
            }
            Some('u') => {
                chars.next();
                4
            }
            Some('U') => {
                chars.next();
                8
            }
            _ => 4,
        };
        let hex: String = (0..digits).filter_map(|_| chars.next()).collect();
        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
            Some(ch) => out.push(ch),
            None => {
                out.push('\\');
                out.push_str(&hex);
            }
        }
    }
    out
}

/// `replace(s, from, to)`; a result above [`MAX_VALUE_BYTES`] is not built (a few bytes
/// replaced by long ones could make it any size).
fn replace_bytes(s: &[u8], from: &[u8], to: &[u8]) -> Lit {
    if from.is_empty() {
        return Lit::Str(s.to_vec(), None);
    }
    let hits = memchr::memmem::find_iter(s, from).count() as u64;
    let bytes = s.len() as u64 - hits * from.len() as u64 + hits * to.len() as u64;
    if bytes > MAX_VALUE_BYTES as u64 {
        let head = s[..s.len().min(HEAD_BYTES)].to_vec();
        return Lit::TooLong { bytes, head };
    }
    let mut out = Vec::with_capacity(s.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(s, from) {
        if at < last {
            continue;
        }
        out.extend_from_slice(&s[last..at]);
        out.extend_from_slice(to);
        last = at + from.len();
    }
    out.extend_from_slice(&s[last..]);
    Lit::Str(out, None)
}

/// Bytes of hexadecimal digits.
pub(crate) fn hex_bytes(digits: &[u8]) -> Option<Vec<u8>> {
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16)?;
            let lo = (p[1] as char).to_digit(16)?;
            Some((hi * 16 + lo) as u8)
        })
        .collect()
}

/// The encoding of a MySQL character set name (`SET NAMES latin1`, `_utf8mb4'…'`).
pub(crate) fn mysql_encoding(name: &str) -> Option<&'static Encoding> {
    let name = name
        .trim()
        .trim_matches(|c| c == '\'' || c == '"')
        .to_ascii_lowercase();
    let label = match name.as_str() {
        "utf8" | "utf8mb3" | "utf8mb4" => "utf-8",
        // MySQL's latin1 is windows-1252.
        "latin1" | "ascii" => "windows-1252",
        "latin2" => "iso-8859-2",
        "latin5" => "iso-8859-9",
        "latin7" => "iso-8859-13",
        "cp1250" => "windows-1250",
        "cp1251" => "windows-1251",
        "cp1256" => "windows-1256",
        "cp1257" => "windows-1257",
        "cp866" => "ibm866",
        "greek" => "iso-8859-7",
        "hebrew" => "iso-8859-8",
        "koi8r" => "koi8-r",
        "koi8u" => "koi8-u",
        "sjis" | "cp932" => "shift_jis",
        "ujis" | "eucjpms" => "euc-jp",
        "euckr" => "euc-kr",
        "gbk" | "gb2312" => "gbk",
        "gb18030" => "gb18030",
        "big5" => "big5",
        other => other,
    };
    Encoding::for_label(label.as_bytes())
}
