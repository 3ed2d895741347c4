//! The one byte-level tokenizer every dialect shares: it streams the dump through a fixed
//! window, skips comments and psql/SQL*Plus line commands, and knows each dialect's quoting
//! (backslash escapes, `E''`, `N''`, `q'[…]'`, brackets, backticks) and statement ends
//! (`;`, SQL Server `GO` lines, Oracle `/` lines).

use std::io::Read;

use memchr::{memchr, memchr2, memchr_iter};
use stx_connector_core::MAX_VALUE_BYTES;

/// Bytes of the window; a token may be longer (its text is collected as it streams by).
const WINDOW: usize = 1 << 16;
/// Bytes kept before the current position when the window moves, for excerpts.
const BACK_CONTEXT: usize = 96;

/// The SQL dialect a dump is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `pg_dump` plain format (COPY or `--inserts`).
    Postgres,
    /// mysqldump / mariadb-dump.
    Mysql,
    /// SQL Server scripts (SSMS "Generate Scripts").
    Mssql,
    /// Oracle INSERT scripts (SQL Developer export, SQL*Plus).
    Oracle,
    /// The sqlite3 shell's `.dump`.
    Sqlite,
}

impl Dialect {
    /// The dialect a `[source] dialect = "…"` value names.
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name.trim().to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            "mssql" | "sqlserver" | "sql server" => Some(Dialect::Mssql),
            "oracle" => Some(Dialect::Oracle),
            "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
            _ => None,
        }
    }

    /// The name `[source] dialect` uses.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Mssql => "mssql",
            Dialect::Oracle => "oracle",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// The schema unqualified names live in.
    pub(crate) fn default_schema(self) -> &'static str {
        match self {
            Dialect::Postgres => "public",
            Dialect::Mssql => "dbo",
            _ => "",
        }
    }

    /// An unquoted identifier as the table is named. PostgreSQL folds to lower case (pg_dump
    /// relies on it); Oracle's upper-case folding is not applied, so that a script's
    /// `customer` stays `customer` for queries (names are matched case-insensitively when a
    /// CREATE TABLE and an INSERT differ).
    pub(crate) fn fold(self, word: &str) -> String {
        match self {
            Dialect::Postgres => word.to_lowercase(),
            _ => word.to_string(),
        }
    }

    /// Guesses the dialect from the first bytes of a dump (each tool leaves marks).
    pub fn detect(head: &[u8]) -> Dialect {
        let text = String::from_utf8_lossy(head).to_ascii_uppercase();
        let has = |s: &str| text.contains(s);
        let lines = || text.lines().map(str::trim);
        let mut scores = [0u32; 5];
        let mut add = |d: Dialect, points: u32, hit: bool| {
            if hit {
                scores[d as usize] += points;
            }
        };
        add(Dialect::Postgres, 10, has("POSTGRESQL DATABASE DUMP"));
        add(Dialect::Postgres, 3, has("SET CLIENT_ENCODING"));
        add(Dialect::Postgres, 3, has("PG_CATALOG."));
        add(Dialect::Postgres, 3, has("FROM STDIN;"));
        add(Dialect::Mysql, 10, has("MYSQL DUMP") || has("MARIADB DUMP"));
        add(Dialect::Mysql, 5, has("/*!40") || has("/*M!"));
        add(Dialect::Mysql, 3, has("`"));
        add(Dialect::Mysql, 3, has("LOCK TABLES") || has("ENGINE="));
        add(Dialect::Mssql, 5, has("SET IDENTITY_INSERT"));
        add(Dialect::Mssql, 5, lines().any(|l| l == "GO"));
        add(Dialect::Mssql, 3, has("[DBO]."));
        add(
            Dialect::Mssql,
            5,
            has("SET ANSI_NULLS") || has("SET QUOTED_IDENTIFIER"),
        );
        add(
            Dialect::Oracle,
            3,
            lines().any(|l| l.starts_with("PROMPT ") || l.starts_with("REM ")),
        );
        add(Dialect::Oracle, 5, has("SET DEFINE OFF"));
        add(Dialect::Oracle, 3, has("TO_DATE(") || has("TO_TIMESTAMP("));
        add(Dialect::Oracle, 2, has("Q'[") || has("Q'{"));
        add(Dialect::Oracle, 5, has("VARCHAR2"));
        add(Dialect::Sqlite, 5, has("PRAGMA FOREIGN_KEYS"));
        add(
            Dialect::Sqlite,
            5,
            lines().any(|l| l == "BEGIN TRANSACTION;"),
        );
        let all = [
            Dialect::Postgres,
            Dialect::Mysql,
            Dialect::Mssql,
            Dialect::Oracle,
            Dialect::Sqlite,
        ];
        let mut best = Dialect::Postgres;
        for d in all {
            if scores[d as usize] > scores[best as usize] {
                best = d;
            }
        }
        best
    }
}

/// A token; its text (word, identifier, string content, number, hex digits) is in
/// [`Lexer::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An unquoted word (keyword or identifier), as written.
    Word,
    /// A quoted identifier (`"x"`, `` `x` ``, `[x]`), unescaped.
    Ident,
    /// A string literal, unescaped; `true` for `N'…'`.
    Str(bool),
    /// A number as written (without sign).
    Num,
    /// Hexadecimal digits of `0x…` or `X'…'`.
    Hex,
    /// Binary digits of `b'…'`.
    Bits,
    /// `::` (PostgreSQL cast).
    Cast,
    /// Any other single byte.
    Punct(u8),
    /// The end of a statement: `;`, a `GO` line, a `/` line.
    End,
    /// The end of the input.
    Eof,
}

/// A string or comment that the input ends inside.
#[derive(Debug)]
pub(crate) struct Unterminated(pub &'static str);

/// How backslashes behave inside a string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escapes {
    None,
    Mysql,
    PgE,
}

/// A token put back, with its text, dropped length, offset, line and line start.
type Pushed = (Tok, Vec<u8>, u64, u64, u64, bool);

/// Appends `bytes` to a token's `text` up to [`MAX_VALUE_BYTES`]; the rest is only counted in
/// `dropped`. A free function so that callers can pass a slice of the lexer's own window.
#[inline]
fn put(text: &mut Vec<u8>, dropped: &mut u64, bytes: &[u8]) {
    let room = MAX_VALUE_BYTES.saturating_sub(text.len());
    if bytes.len() <= room {
        text.extend_from_slice(bytes);
    } else {
        text.extend_from_slice(&bytes[..room]);
        *dropped += (bytes.len() - room) as u64;
    }
}

/// The tokenizer.
pub(crate) struct Lexer {
    src: Box<dyn Read + Send>,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// Line number at `pos` (1-based).
    line: u64,
    pub dialect: Dialect,
    /// A read error that ended the input early (a damaged compressed stream).
    pub io_error: Option<String>,
    line_has_content: bool,
    /// Open MySQL `/*!…` sections, whose content is SQL.
    cond_comment: u32,
    /// Whether string contents are collected (the index pass does not need them).
    pub keep: bool,
    /// Whether the next token starts a statement (line commands are recognised there).
    pub stmt_start: bool,
    /// The current token's text, at most [`MAX_VALUE_BYTES`] of it.
    pub text: Vec<u8>,
    /// Bytes of the current token's text beyond [`MAX_VALUE_BYTES`]: counted, not kept, so a
    /// 1 GiB literal costs 16 MiB while it streams by.
    pub text_dropped: u64,
    /// Offset and line of the current token.
    pub tok_offset: u64,
    pub tok_line: u64,
    /// Whether the current token is the first on its line.
    pub tok_line_start: bool,
    pushed: Option<Pushed>,
    /// MySQL `DELIMITER` in force, when not `;`.
    delimiter: Option<Vec<u8>>,
    /// Buffers of strings already consumed, reused for the next tokens' text (a string token
    /// hands its buffer away).
    spare: Vec<Vec<u8>>,
}

impl Lexer {
    /// A lexer over `src`, whose first byte is at `offset` on line `line`.
    pub fn new(src: Box<dyn Read + Send>, dialect: Dialect, offset: u64, line: u64) -> Lexer {
        Lexer {
            src,
            buf: vec![0; WINDOW],
            pos: 0,
            end: 0,
            eof: false,
            base: offset,
            line,
            dialect,
            io_error: None,
            line_has_content: false,
            cond_comment: 0,
            keep: true,
            stmt_start: true,
            text: Vec::new(),
            text_dropped: 0,
            tok_offset: offset,
            tok_line: line,
            tok_line_start: true,
            pushed: None,
            delimiter: None,
            spare: Vec::new(),
        }
    }

    /// Absolute offset of the next unread byte.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Line of the next unread byte.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Ensures `n` bytes are in the window when the input has them.
    #[inline]
    fn fill(&mut self, n: usize) -> bool {
        // Called for nearly every byte: the window almost always holds them already.
        if self.end - self.pos >= n {
            return true;
        }
        self.refill(n)
    }

    #[cold]
    #[inline(never)]
    fn refill(&mut self, n: usize) -> bool {
        while self.end - self.pos < n && !self.eof {
            if self.end == self.buf.len() {
                let from = self.pos.saturating_sub(BACK_CONTEXT);
                if from > 0 {
                    self.buf.copy_within(from..self.end, 0);
                    self.base += from as u64;
                    self.pos -= from;
                    self.end -= from;
                } else {
                    let len = self.buf.len();
                    self.buf.resize(len * 2, 0);
                }
            }
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(k) => self.end += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.io_error = Some(e.to_string());
                    self.eof = true;
                }
            }
        }
        self.end - self.pos >= n
    }

    #[inline]
    fn peek_at(&mut self, n: usize) -> Option<u8> {
        if self.fill(n + 1) {
            Some(self.buf[self.pos + n])
        } else {
            None
        }
    }

    /// Moves `n` bytes on (they must be in the window), counting lines.
    fn advance(&mut self, n: usize) {
        let span = &self.buf[self.pos..self.pos + n];
        // Most spans are a token's few bytes, where a plain loop beats the SIMD count's setup.
        let newlines = if n < 64 {
            span.iter().filter(|&&b| b == b'\n').count()
        } else {
            memchr_iter(b'\n', span).count()
        };
        if newlines > 0 {
            self.line += newlines as u64;
            self.line_has_content = false;
        }
        self.pos += n;
    }

    /// Skips discarded input up to absolute `offset` (compressed streams cannot seek).
    pub fn skip_to(&mut self, offset: u64) {
        while self.offset() < offset {
            if !self.fill(1) {
                return;
            }
            let n = ((offset - self.offset()) as usize).min(self.end - self.pos);
            self.pos += n;
        }
    }

    /// Moves on to absolute `offset` (ahead) and starts a statement there, on `line`.
    pub fn reposition(&mut self, offset: u64, line: u64) {
        self.pushed = None;
        self.skip_to(offset);
        self.line = line;
        self.line_has_content = false;
        self.cond_comment = 0;
        self.delimiter = None;
        self.stmt_start = true;
    }

    /// Skips the rest of the line, its newline included; whether there was a newline.
    pub fn skip_line(&mut self) -> bool {
        loop {
            if !self.fill(1) {
                return false;
            }
            match memchr(b'\n', &self.buf[self.pos..self.end]) {
                Some(i) => {
                    self.advance(i + 1);
                    return true;
                }
                None => {
                    let n = self.end - self.pos;
                    self.pos += n;
                }
            }
        }
    }

    /// The rest of the current line (up to `max` bytes) when it is that short.
    fn short_line(&mut self, max: usize) -> Option<Vec<u8>> {
        self.fill(max + 2);
        let window = &self.buf[self.pos..self.end];
        match memchr(b'\n', window) {
            Some(i) if i <= max + 1 => Some(window[..i].to_vec()),
            None if self.eof && window.len() <= max => Some(window.to_vec()),
            _ => None,
        }
    }

    /// A short excerpt of the input before and at the current position.
    pub fn excerpt(&self, from: u64) -> String {
        let start_abs = from.max(self.base).max(self.offset().saturating_sub(60));
        let start = ((start_abs - self.base) as usize).min(self.pos);
        let stop = (self.pos + 30).min(self.end);
        let text = String::from_utf8_lossy(&self.buf[start..stop]);
        let flat: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        flat.trim().to_string()
    }

    /// The index pass's fast way over a MySQL extended INSERT: right after a tuple, skips the
    /// `, (…)` tuples that follow as long as each lies whole in the window and is simple
    /// (numbers, words and `'…'` strings with backslash escapes; no nested parentheses, other
    /// quotes or comments). Returns how many it skipped; anything else is left to the tokens,
    /// which count it as before.
    pub fn skip_simple_tuples(&mut self) -> u64 {
        if self.dialect != Dialect::Mysql || self.pushed.is_some() || self.delimiter.is_some() {
            return 0;
        }
        let window = &self.buf[self.pos..self.end];
        let mut committed = 0;
        let mut tuples = 0;
        let mut i = 0;
        'tuples: loop {
            while window.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            if window.get(i) != Some(&b',') {
                break;
            }
            i += 1;
            while window.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            if window.get(i) != Some(&b'(') {
                break;
            }
            i += 1;
            loop {
                let Some(&b) = window.get(i) else {
                    break 'tuples;
                };
                match b {
                    b')' => {
                        i += 1;
                        committed = i;
                        tuples += 1;
                        continue 'tuples;
                    }
                    b'\'' => {
                        i += 1;
                        // To the closing quote: `\x` escapes a byte, `''` is a quote.
                        loop {
                            let Some(k) = memchr2(b'\'', b'\\', &window[i..]) else {
                                break 'tuples;
                            };
                            i += k;
                            if window[i] == b'\\' {
                                if i + 2 > window.len() {
                                    break 'tuples;
                                }
                                i += 2;
                                continue;
                            }
                            if window.get(i + 1) == Some(&b'\'') {
                                i += 2;
                                continue;
                            }
                            if i + 1 >= window.len() {
                                // The quote may be the first of a doubled one in the next window.
                                break 'tuples;
                            }
                            i += 1;
                            break;
                        }
                    }
                    b'(' | b'"' | b'`' | b'#' | b'/' | b'*' | b';' => break 'tuples,
                    b'-' if window.get(i + 1) == Some(&b'-') => break 'tuples,
                    _ => i += 1,
                }
            }
        }
        if committed > 0 {
            self.advance(committed);
            self.line_has_content = true;
        }
        tuples
    }

    /// Gives a consumed string's buffer back for later tokens (a few, of modest size).
    pub fn recycle(&mut self, mut buf: Vec<u8>) {
        if self.spare.len() < 64 && buf.capacity() <= 1 << 16 {
            buf.clear();
            self.spare.push(buf);
        }
    }

    /// Puts the current token back: the next [`Lexer::next`] returns it again.
    pub fn push_back(&mut self, tok: Tok) {
        let text = std::mem::take(&mut self.text);
        self.pushed = Some((
            tok,
            text,
            self.text_dropped,
            self.tok_offset,
            self.tok_line,
            self.tok_line_start,
        ));
    }

    /// The next token.
    pub fn next(&mut self) -> Result<Tok, Unterminated> {
        if let Some((tok, text, dropped, offset, line, start)) = self.pushed.take() {
            self.text = text;
            self.text_dropped = dropped;
            self.tok_offset = offset;
            self.tok_line = line;
            self.tok_line_start = start;
            return Ok(tok);
        }
        let tok = self.scan()?;
        self.stmt_start = matches!(tok, Tok::End);
        Ok(tok)
    }

    fn scan(&mut self) -> Result<Tok, Unterminated> {
        let mysql = self.dialect == Dialect::Mysql;
        loop {
            if !self.fill(1) {
                self.tok_offset = self.offset();
                self.tok_line = self.line;
                return Ok(Tok::Eof);
            }
            let c = self.buf[self.pos];
            match c {
                b'\n' => {
                    self.advance(1);
                    continue;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                    self.pos += 1;
                    continue;
                }
                // A UTF-8 byte order mark at the start.
                0xef if self.offset() == 0
                    && self.peek_at(1) == Some(0xbb)
                    && self.peek_at(2) == Some(0xbf) =>
                {
                    self.pos += 3;
                    continue;
                }
                b'-' if self.peek_at(1) == Some(b'-') => {
                    self.skip_line();
                    continue;
                }
                b'#' if mysql => {
                    self.skip_line();
                    continue;
                }
                b'/' if self.peek_at(1) == Some(b'*') => {
                    if mysql {
                        let skip = match (self.peek_at(2), self.peek_at(3)) {
                            (Some(b'!'), _) => Some(3),
                            (Some(b'M'), Some(b'!')) => Some(4),
                            _ => None,
                        };
                        if let Some(skip) = skip {
                            let mut n = skip;
                            while self.peek_at(n).is_some_and(|b| b.is_ascii_digit()) {
                                n += 1;
                            }
                            // `/*M!999999\- enable the sandbox mode */` is a marker, not SQL.
                            if self.peek_at(n) != Some(b'\\') {
                                self.advance(n);
                                self.cond_comment += 1;
                                continue;
                            }
                        }
                    }
                    self.skip_block_comment()?;
                    continue;
                }
                b'*' if self.cond_comment > 0 && self.peek_at(1) == Some(b'/') => {
                    self.pos += 2;
                    self.cond_comment -= 1;
                    continue;
                }
                _ => {}
            }
            let line_start = !self.line_has_content;
            if line_start {
                if let Some(tok) = self.line_command(c) {
                    match tok {
                        Some(tok) => return Ok(tok),
                        None => continue,
                    }
                }
            }
            self.tok_offset = self.offset();
            self.tok_line = self.line;
            self.tok_line_start = line_start;
            self.line_has_content = true;
            return self.token(c);
        }
    }

    /// Lines that are no SQL: `GO` and `/` end a statement, psql `\…` and SQL*Plus
    /// commands (`REM`, `PROMPT`, `SET …`) are skipped. `Some(None)`: skipped, go on.
    fn line_command(&mut self, c: u8) -> Option<Option<Tok>> {
        match self.dialect {
            Dialect::Mssql if c == b'G' || c == b'g' => {
                let line = self.short_line(24)?;
                let text = String::from_utf8_lossy(&line).trim().to_ascii_uppercase();
                let rest = text.strip_prefix("GO")?;
                if !rest.trim().chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                self.mark();
                self.skip_line();
                Some(Some(Tok::End))
            }
            Dialect::Oracle if c == b'/' => {
                let line = self.short_line(16)?;
                if String::from_utf8_lossy(&line).trim() != "/" {
                    return None;
                }
                self.mark();
                self.skip_line();
                Some(Some(Tok::End))
            }
            // mysqldump --triggers/--routines: `DELIMITER ;;` changes the statement end.
            Dialect::Mysql if (c == b'D' || c == b'd') && self.stmt_start => {
                let line = self.short_line(40)?;
                let text = String::from_utf8_lossy(&line).trim().to_string();
                let (word, rest) = text.split_once(char::is_whitespace)?;
                if !word.eq_ignore_ascii_case("DELIMITER") {
                    return None;
                }
                let rest = rest.trim();
                self.delimiter =
                    (rest != ";" && !rest.is_empty()).then(|| rest.as_bytes().to_vec());
                self.skip_line();
                Some(None)
            }
            Dialect::Postgres if c == b'\\' && self.stmt_start => {
                self.skip_line();
                Some(None)
            }
            Dialect::Oracle if self.stmt_start => {
                if c == b'@' {
                    self.skip_line();
                    return Some(None);
                }
                let mut word = Vec::new();
                let mut n = 0;
                while let Some(b) = self.peek_at(n) {
                    if !b.is_ascii_alphabetic() || n > 12 {
                        break;
                    }
                    word.push(b.to_ascii_uppercase());
                    n += 1;
                }
                const COMMANDS: &[&[u8]] = &[
                    b"REM",
                    b"REMARK",
                    b"PROMPT",
                    b"SET",
                    b"SPOOL",
                    b"WHENEVER",
                    b"EXIT",
                    b"QUIT",
                    b"CONNECT",
                    b"CONN",
                    b"DEFINE",
                    b"UNDEFINE",
                    b"SHOW",
                    b"COLUMN",
                    b"TTITLE",
                    b"BTITLE",
                    b"HOST",
                    b"PAUSE",
                    b"ACCEPT",
                    b"VARIABLE",
                ];
                if COMMANDS.contains(&word.as_slice()) {
                    self.skip_line();
                    return Some(None);
                }
                None
            }
            _ => None,
        }
    }

    fn mark(&mut self) {
        self.tok_offset = self.offset();
        self.tok_line = self.line;
        self.tok_line_start = true;
        self.clear_text();
    }

    fn skip_block_comment(&mut self) -> Result<(), Unterminated> {
        self.advance(2);
        let mut depth = 1u32;
        let nests = self.dialect == Dialect::Postgres;
        loop {
            if !self.fill(2) {
                // A last byte alone cannot close the comment.
                let n = self.end - self.pos;
                self.advance(n);
                return Err(Unterminated("comment"));
            }
            let window = &self.buf[self.pos..self.end];
            match memchr2(b'*', b'/', window) {
                None => {
                    let n = window.len();
                    self.advance(n);
                }
                Some(i) => {
                    self.advance(i);
                    let (a, b) = (self.buf[self.pos], self.peek_at(1));
                    if a == b'*' && b == Some(b'/') {
                        self.advance(2);
                        depth -= 1;
                        if depth == 0 {
                            return Ok(());
                        }
                    } else if nests && a == b'/' && b == Some(b'*') {
                        self.advance(2);
                        depth += 1;
                    } else {
                        self.advance(1);
                    }
                }
            }
        }
    }

    fn is_word_byte(&self, b: u8) -> bool {
        b.is_ascii_alphanumeric()
            || b == b'_'
            || b == b'$'
            || b >= 0x80
            || (b == b'#' && self.dialect != Dialect::Mysql)
            || (b == b'@' && self.dialect == Dialect::Mssql)
    }

    /// Empties the token's text for the next token.
    fn clear_text(&mut self) {
        self.text.clear();
        self.text_dropped = 0;
    }

    fn token(&mut self, c: u8) -> Result<Tok, Unterminated> {
        self.clear_text();
        if self.text.capacity() == 0 {
            if let Some(buf) = self.spare.pop() {
                self.text = buf;
            }
        }
        let mysql = self.dialect == Dialect::Mysql;
        if let Some(delimiter) = self.delimiter.clone() {
            let len = delimiter.len();
            if self.fill(len) && self.buf[self.pos..self.pos + len] == delimiter[..] {
                self.pos += len;
                return Ok(Tok::End);
            }
            if c == b';' {
                self.pos += 1;
                return Ok(Tok::Punct(c));
            }
        }
        match c {
            b';' => {
                self.pos += 1;
                Ok(Tok::End)
            }
            b'\'' => {
                self.pos += 1;
                self.quoted(
                    b'\'',
                    if mysql { Escapes::Mysql } else { Escapes::None },
                    self.keep,
                )?;
                Ok(Tok::Str(false))
            }
            b'"' if mysql => {
                self.pos += 1;
                self.quoted(b'"', Escapes::Mysql, self.keep)?;
                Ok(Tok::Str(false))
            }
            b'"' => {
                self.pos += 1;
                self.quoted(b'"', Escapes::None, true)?;
                Ok(Tok::Ident)
            }
            b'`' => {
                self.pos += 1;
                self.quoted(b'`', Escapes::None, true)?;
                Ok(Tok::Ident)
            }
            b'[' if self.dialect == Dialect::Mssql => {
                self.pos += 1;
                self.quoted(b']', Escapes::None, true)?;
                Ok(Tok::Ident)
            }
            b':' if self.peek_at(1) == Some(b':') => {
                self.pos += 2;
                Ok(Tok::Cast)
            }
            b'0' if matches!(self.peek_at(1), Some(b'x' | b'X'))
                && self.peek_at(2).is_some_and(|b| b.is_ascii_hexdigit()) =>
            {
                self.pos += 2;
                while let Some(b) = self.peek_at(0) {
                    if !b.is_ascii_hexdigit() {
                        break;
                    }
                    if self.keep {
                        put(&mut self.text, &mut self.text_dropped, &[b]);
                    }
                    self.pos += 1;
                }
                Ok(Tok::Hex)
            }
            // `0x` alone: an empty binary value (SQL Server, MySQL).
            b'0' if matches!(self.peek_at(1), Some(b'x' | b'X'))
                && matches!(self.dialect, Dialect::Mssql | Dialect::Mysql)
                && !self.peek_at(2).is_some_and(|b| self.is_word_byte(b)) =>
            {
                self.pos += 2;
                Ok(Tok::Hex)
            }
            b'0'..=b'9' => {
                self.number();
                Ok(Tok::Num)
            }
            b'.' if self.peek_at(1).is_some_and(|b| b.is_ascii_digit()) => {
                self.number();
                Ok(Tok::Num)
            }
            b'$' if self.dialect == Dialect::Postgres => match self.dollar_tag() {
                Some(tag) => {
                    self.dollar_quoted(&tag)?;
                    Ok(Tok::Str(false))
                }
                None => {
                    self.pos += 1;
                    Ok(Tok::Punct(c))
                }
            },
            _ if self.is_word_byte(c) => {
                // Fast path: the word ends inside the window.
                let window = &self.buf[self.pos..self.end];
                if let Some(n) = window.iter().position(|&b| !self.is_word_byte(b)) {
                    put(&mut self.text, &mut self.text_dropped, &window[..n]);
                    self.pos += n;
                }
                while let Some(b) = self.peek_at(0) {
                    if !self.is_word_byte(b) {
                        break;
                    }
                    put(&mut self.text, &mut self.text_dropped, &[b]);
                    self.pos += 1;
                }
                if self.peek_at(0) == Some(b'\'') {
                    if let Some(tok) = self.prefixed_string()? {
                        return Ok(tok);
                    }
                }
                Ok(Tok::Word)
            }
            _ => {
                self.pos += 1;
                Ok(Tok::Punct(c))
            }
        }
    }

    /// `N'…'`, `E'…'`, `X'…'`, `B'…'`, `q'[…]'`: the word just read is a string prefix.
    fn prefixed_string(&mut self) -> Result<Option<Tok>, Unterminated> {
        let prefix = self.text.to_ascii_uppercase();
        let oracle = self.dialect == Dialect::Oracle;
        match prefix.as_slice() {
            b"N" => {
                self.pos += 1;
                let esc = if self.dialect == Dialect::Mysql {
                    Escapes::Mysql
                } else {
                    Escapes::None
                };
                self.quoted(b'\'', esc, self.keep)?;
                Ok(Some(Tok::Str(true)))
            }
            b"E" if self.dialect == Dialect::Postgres => {
                self.pos += 1;
                self.quoted(b'\'', Escapes::PgE, self.keep)?;
                Ok(Some(Tok::Str(false)))
            }
            b"X" => {
                self.pos += 1;
                self.quoted(b'\'', Escapes::None, self.keep)?;
                Ok(Some(Tok::Hex))
            }
            b"B" => {
                self.pos += 1;
                self.quoted(b'\'', Escapes::None, true)?;
                Ok(Some(Tok::Bits))
            }
            b"Q" | b"NQ" if oracle => {
                self.pos += 1;
                self.q_quoted()?;
                Ok(Some(Tok::Str(prefix.len() == 2)))
            }
            _ => Ok(None),
        }
    }

    fn number(&mut self) {
        // Fast path: digits with at most one dot, ended inside the window by a byte that is
        // no exponent; anything else takes the byte-by-byte way below from the start.
        let window = &self.buf[self.pos..self.end];
        let mut i = 0;
        let mut dot = false;
        while let Some(&b) = window.get(i) {
            match b {
                b'0'..=b'9' => i += 1,
                b'.' if !dot => {
                    dot = true;
                    i += 1;
                }
                _ => break,
            }
        }
        if window.get(i).is_some_and(|b| !matches!(b, b'e' | b'E')) {
            put(&mut self.text, &mut self.text_dropped, &window[..i]);
            self.pos += i;
            return;
        }
        let mut seen_dot = false;
        let mut seen_exp = false;
        while let Some(b) = self.peek_at(0) {
            let take = match b {
                b'0'..=b'9' => true,
                b'.' if !seen_dot && !seen_exp => {
                    seen_dot = true;
                    true
                }
                b'e' | b'E'
                    if !seen_exp
                        && (self.peek_at(1).is_some_and(|d| d.is_ascii_digit())
                            || (matches!(self.peek_at(1), Some(b'+' | b'-'))
                                && self.peek_at(2).is_some_and(|d| d.is_ascii_digit()))) =>
                {
                    seen_exp = true;
                    put(&mut self.text, &mut self.text_dropped, &[b]);
                    self.pos += 1;
                    if let Some(sign @ (b'+' | b'-')) = self.peek_at(0) {
                        put(&mut self.text, &mut self.text_dropped, &[sign]);
                        self.pos += 1;
                    }
                    continue;
                }
                _ => false,
            };
            if !take {
                break;
            }
            put(&mut self.text, &mut self.text_dropped, &[b]);
            self.pos += 1;
        }
    }

    /// Reads a quoted text up to its closing `close` (the opening one is consumed); a doubled
    /// `close` stands for itself.
    fn quoted(&mut self, close: u8, escapes: Escapes, keep: bool) -> Result<(), Unterminated> {
        self.clear_text();
        loop {
            if !self.fill(1) {
                return Err(Unterminated(if close == b'\'' {
                    "string"
                } else {
                    "quoted identifier"
                }));
            }
            let window = &self.buf[self.pos..self.end];
            let found = if escapes == Escapes::None {
                memchr(close, window)
            } else {
                memchr2(close, b'\\', window)
            };
            let Some(i) = found else {
                if keep {
                    put(&mut self.text, &mut self.text_dropped, window);
                }
                let n = window.len();
                self.advance(n);
                continue;
            };
            if keep {
                put(&mut self.text, &mut self.text_dropped, &window[..i]);
            }
            self.advance(i);
            if self.buf[self.pos] == b'\\' {
                if !self.fill(2) {
                    self.advance(1);
                    return Err(Unterminated("string"));
                }
                let e = self.buf[self.pos + 1];
                self.advance(2);
                self.escape(e, escapes, keep);
                continue;
            }
            if self.peek_at(1) == Some(close) {
                if keep {
                    put(&mut self.text, &mut self.text_dropped, &[close]);
                }
                self.advance(2);
                continue;
            }
            self.advance(1);
            self.line_has_content = true;
            return Ok(());
        }
    }

    fn escape(&mut self, e: u8, escapes: Escapes, keep: bool) {
        let mut out = [0u8; 4];
        let bytes: &[u8] = match (escapes, e) {
            (_, b'n') => b"\n",
            (_, b'r') => b"\r",
            (_, b't') => b"\t",
            (_, b'b') => b"\x08",
            (Escapes::Mysql, b'0') => b"\0",
            (Escapes::Mysql, b'Z') => b"\x1a",
            // MySQL keeps the backslash of \% and \_ (they matter only to LIKE).
            (Escapes::Mysql, b'%') => b"\\%",
            (Escapes::Mysql, b'_') => b"\\_",
            (Escapes::PgE, b'f') => b"\x0c",
            (Escapes::PgE, b'v') => b"\x0b",
            (Escapes::PgE, b'0'..=b'7') => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match self.peek_at(0) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out[0] = (v & 0xff) as u8;
                &out[..1]
            }
            (Escapes::PgE, b'x') => {
                let mut v = 0u32;
                for _ in 0..2 {
                    match self.peek_at(0).and_then(|d| (d as char).to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                out[0] = v as u8;
                &out[..1]
            }
            (Escapes::PgE, b'u' | b'U') => {
                let digits = if e == b'u' { 4 } else { 8 };
                let mut v = 0u32;
                for _ in 0..digits {
                    match self.peek_at(0).and_then(|d| (d as char).to_digit(16)) {
                        Some(d) => {
                            v = v.wrapping_mul(16).wrapping_add(d);
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                let c = char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER);
                let s = c.encode_utf8(&mut out);
                &s.as_bytes()[..s.len()]
            }
            _ => {
                out[0] = e;
                &out[..1]
            }
        };
        if keep {
            put(&mut self.text, &mut self.text_dropped, bytes);
        }
    }

    /// `$tag$` (or `$$`) at the current position: PostgreSQL dollar quoting.
    fn dollar_tag(&mut self) -> Option<Vec<u8>> {
        let mut n = 1;
        while let Some(b) = self.peek_at(n) {
            if b == b'$' {
                break;
            }
            let ok =
                b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 || (n > 1 && b.is_ascii_digit());
            if !ok || n > 64 {
                return None;
            }
            n += 1;
        }
        self.peek_at(n)?;
        Some(self.buf[self.pos..self.pos + n + 1].to_vec())
    }

    /// A dollar-quoted body (function bodies): everything up to the closing `tag`.
    fn dollar_quoted(&mut self, tag: &[u8]) -> Result<(), Unterminated> {
        self.clear_text();
        self.advance(tag.len());
        loop {
            if !self.fill(tag.len()) {
                let n = self.end - self.pos;
                self.advance(n);
                return Err(Unterminated("dollar-quoted string"));
            }
            let window = &self.buf[self.pos..self.end];
            match memchr(b'$', window) {
                None => {
                    if self.keep {
                        put(&mut self.text, &mut self.text_dropped, window);
                    }
                    let n = window.len();
                    self.advance(n);
                }
                Some(i) => {
                    if self.keep {
                        put(&mut self.text, &mut self.text_dropped, &window[..i]);
                    }
                    self.advance(i);
                    if self.fill(tag.len()) && self.buf[self.pos..].starts_with(tag) {
                        self.advance(tag.len());
                        self.line_has_content = true;
                        return Ok(());
                    }
                    if self.keep {
                        put(&mut self.text, &mut self.text_dropped, b"$");
                    }
                    self.advance(1);
                }
            }
        }
    }

    /// Oracle's `q'[…]'` (the `q'` is consumed up to the quote).
    fn q_quoted(&mut self) -> Result<(), Unterminated> {
        self.clear_text();
        let Some(open) = self.peek_at(0) else {
            return Err(Unterminated("q-quoted string"));
        };
        self.advance(1);
        let close = match open {
            b'[' => b']',
            b'{' => b'}',
            b'(' => b')',
            b'<' => b'>',
            other => other,
        };
        loop {
            if !self.fill(1) {
                return Err(Unterminated("q-quoted string"));
            }
            let window = &self.buf[self.pos..self.end];
            let Some(i) = memchr(close, window) else {
                if self.keep {
                    put(&mut self.text, &mut self.text_dropped, window);
                }
                let n = window.len();
                self.advance(n);
                continue;
            };
            if self.keep {
                put(&mut self.text, &mut self.text_dropped, &window[..i]);
            }
            self.advance(i);
            if self.peek_at(1) == Some(b'\'') {
                self.advance(2);
                self.line_has_content = true;
                return Ok(());
            }
            if self.keep {
                put(&mut self.text, &mut self.text_dropped, &[close]);
            }
            self.advance(1);
        }
    }

    /// After `COPY … FROM stdin;`: skips the rest of its line; the data starts there.
    pub fn start_copy_data(&mut self) -> (u64, u64) {
        self.pushed = None;
        self.skip_line();
        (self.offset(), self.line)
    }

    /// Counts COPY data rows up to `\.`; whether the block is complete.
    pub fn copy_rows(&mut self) -> (u64, bool) {
        let mut rows = 0;
        loop {
            self.fill(4);
            let window = &self.buf[self.pos..self.end];
            if window.is_empty() {
                return (rows, false);
            }
            if window.starts_with(b"\\.\n")
                || window.starts_with(b"\\.\r\n")
                || (self.eof && (window == b"\\." || window == b"\\.\r"))
            {
                self.skip_line();
                self.line_has_content = false;
                self.stmt_start = true;
                return (rows, true);
            }
            if self.skip_line() {
                rows += 1;
            } else {
                return (rows, false);
            }
        }
    }
}
