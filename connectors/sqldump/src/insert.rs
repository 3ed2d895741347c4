//! Reads one table's INSERT statements tuple by tuple, segment by segment.

use encoding_rs::Encoding;
use polars::prelude::ChunkedBuilder;
use stx_connector_core::{
    Batch, ColumnBuilder, ColumnKind, ReadAction, ReadReject, ReadWarning, SourceError,
};

use crate::index::{Compression, Convert, DumpData, OutColumn, TableEntry};
use crate::lexer::{Dialect, Lexer};
use crate::messages::{too_long_message, too_long_shown, CONNECTOR, CUT_HINT};
use crate::parse::{Lit, Parser, Stmt, TupleEvent};
use crate::pgtime::timestamptz_utc;

/// One value of a row, decoded.
pub(crate) enum Value {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

/// Appends `value` to the builder of its column.
pub(crate) fn append(builder: &mut ColumnBuilder, value: &Value) {
    match (builder, value) {
        (b, Value::Null) => b.push_null(),
        (ColumnBuilder::Int(b), Value::Int(v)) => b.append_value(*v),
        (ColumnBuilder::Float(b), Value::Float(v)) => b.append_value(*v),
        (ColumnBuilder::Bool(b), Value::Bool(v)) => b.append_value(*v),
        (ColumnBuilder::Text(b), Value::Text(v)) => b.append_value(v),
        // Values are made of the column's kind; anything else is a null.
        (b, _) => b.push_null(),
    }
}

/// What the next tuple gave.
enum Step {
    Row(u64, Vec<Value>, Vec<ReadWarning>),
    Reject(ReadReject),
    End,
    Error(SourceError),
}

/// Streams the rows of a table's INSERT statements.
pub(crate) struct InsertReader {
    data: DumpData,
    compression: Compression,
    dialect: Dialect,
    location: String,
    table: TableEntry,
    columns: Vec<OutColumn>,
    /// Per column: MySQL date/timestamp, whose zero dates are read as NULL.
    zero_dates: Vec<bool>,
    parser: Option<Parser>,
    /// The segment being read.
    seg: usize,
    in_insert: bool,
    /// Column of each value of the current INSERT's tuples, or why they cannot be read.
    mapping: Result<Vec<usize>, String>,
    encoding: &'static Encoding,
    /// Rows (tuples) read so far.
    row: u64,
    sent_batch: bool,
    finished: bool,
    pending: Option<SourceError>,
}

impl InsertReader {
    pub fn new(
        data: DumpData,
        compression: Compression,
        dialect: Dialect,
        location: String,
        table: TableEntry,
    ) -> InsertReader {
        let columns = table.out_columns(dialect);
        let zero_dates = columns
            .iter()
            .map(|c| {
                let native = c.native.to_ascii_lowercase();
                dialect == Dialect::Mysql
                    && (native.starts_with("date") || native.starts_with("timestamp"))
            })
            .collect();
        InsertReader {
            data,
            compression,
            dialect,
            location,
            table,
            columns,
            zero_dates,
            parser: None,
            seg: 0,
            in_insert: false,
            mapping: Ok(Vec::new()),
            encoding: encoding_rs::UTF_8,
            row: 0,
            sent_batch: false,
            finished: false,
            pending: None,
        }
    }

    fn io_error(&self, e: std::io::Error) -> SourceError {
        SourceError::Read {
            connector: CONNECTOR,
            location: self.location.clone(),
            row: Some(self.row + 1),
            message: format!(
                "table '{}': cannot reopen the dump: {e}",
                self.table.display
            ),
            hint: None,
        }
    }

    /// Positions the parser at segment `self.seg`; `false` when there is none left.
    fn open_segment(&mut self) -> Result<bool, SourceError> {
        let Some(segment) = self.table.segments.get(self.seg).cloned() else {
            return Ok(false);
        };
        self.encoding = segment.encoding;
        match (self.compression, self.parser.as_mut()) {
            // A compressed stream is read on from where the last segment ended.
            (Compression::Gzip | Compression::Zstd, Some(parser)) => {
                parser.lx.reposition(segment.offset, segment.line);
            }
            _ => {
                let reader = self
                    .data
                    .open_at(self.compression, segment.offset)
                    .map_err(|e| self.io_error(e))?;
                let lexer =
                    Lexer::new(Box::new(reader), self.dialect, segment.offset, segment.line);
                self.parser = Some(Parser::new(lexer));
            }
        }
        if let Some(parser) = self.parser.as_mut() {
            parser.encoding = segment.encoding;
        }
        Ok(true)
    }

    fn next_step(&mut self) -> Step {
        loop {
            if self.finished {
                return Step::End;
            }
            if self.in_insert {
                let Some(parser) = self.parser.as_mut() else {
                    self.in_insert = false;
                    continue;
                };
                match parser.next_tuple() {
                    TupleEvent::Row {
                        values,
                        offset,
                        line,
                        ..
                    } => {
                        self.row += 1;
                        return self.convert_row(values, offset, line);
                    }
                    TupleEvent::Bad {
                        message,
                        offset,
                        line,
                        excerpt,
                    } => {
                        self.row += 1;
                        let message = format!(
                            "{}: table '{}' row {} (line {line}, byte {offset}): {message}; \
                             near: {excerpt}",
                            self.location, self.table.display, self.row
                        );
                        return Step::Reject(self.reject(Vec::new(), None, None, message));
                    }
                    TupleEvent::Done => {
                        self.in_insert = false;
                        continue;
                    }
                    TupleEvent::Cut { line, message } => {
                        self.finished = true;
                        let io = parser
                            .lx
                            .io_error
                            .as_ref()
                            .map(|e| format!(" (reading failed: {e})"))
                            .unwrap_or_default();
                        return Step::Error(SourceError::Read {
                            connector: CONNECTOR,
                            location: self.location.clone(),
                            row: Some(self.row + 1),
                            message: format!(
                                "table '{}': the dump ends inside an INSERT statement after \
                                 row {} (line {line}): {message}{io}",
                                self.table.display, self.row
                            ),
                            hint: Some(CUT_HINT.into()),
                        });
                    }
                }
            }
            let at_end = match &self.parser {
                None => true,
                Some(p) => self
                    .table
                    .segments
                    .get(self.seg)
                    .is_none_or(|s| p.lx.offset() >= s.end),
            };
            if at_end {
                if self.parser.is_some() {
                    self.seg += 1;
                }
                match self.open_segment() {
                    Ok(true) => {}
                    Ok(false) => {
                        self.finished = true;
                        return Step::End;
                    }
                    Err(e) => {
                        self.finished = true;
                        return Step::Error(e);
                    }
                }
            }
            let Some(parser) = self.parser.as_mut() else {
                self.finished = true;
                return Step::End;
            };
            let Some(stmt) = parser.next_statement() else {
                self.finished = true;
                return Step::End;
            };
            match stmt.kind {
                Stmt::Insert { columns, .. } => {
                    self.mapping = self.map_columns(columns);
                    self.in_insert = true;
                }
                Stmt::BadInsert { message, .. } => {
                    self.row += 1;
                    let message = format!(
                        "{}: table '{}' row {} (line {}, byte {}): {message}",
                        self.location, self.table.display, self.row, stmt.line, stmt.offset
                    );
                    return Step::Reject(self.reject(Vec::new(), None, None, message));
                }
                _ => {}
            }
        }
    }

    fn map_columns(&self, list: Option<Vec<String>>) -> Result<Vec<usize>, String> {
        let Some(list) = list else {
            return Ok((0..self.columns.len()).collect());
        };
        list.iter()
            .map(|name| {
                self.columns
                    .iter()
                    .position(|c| c.name == *name)
                    .or_else(|| {
                        self.columns
                            .iter()
                            .position(|c| c.name.eq_ignore_ascii_case(name))
                    })
                    .ok_or_else(|| {
                        format!(
                            "the INSERT names column '{name}', which the table's CREATE TABLE \
                             does not have"
                        )
                    })
            })
            .collect()
    }

    fn reject(
        &self,
        values: Vec<(String, String)>,
        column: Option<String>,
        value: Option<String>,
        message: String,
    ) -> ReadReject {
        ReadReject {
            src_row: self.row,
            values,
            column,
            value,
            message,
        }
    }

    fn convert_row(&self, mut values: Vec<Lit>, offset: u64, line: u64) -> Step {
        let row = self.row;
        // Row texts and the message prefix are made only for a reject: the good rows, nearly
        // all of them, allocate nothing but their values.
        let prefix = || {
            format!(
                "{}: table '{}' row {row} (line {line}, byte {offset})",
                self.location, self.table.display
            )
        };
        let mapping = match &self.mapping {
            Ok(m) => m,
            Err(message) => {
                let shown = self.shown(&values, None, 0);
                return Step::Reject(self.reject(
                    shown,
                    None,
                    None,
                    format!("{}: {message}", prefix()),
                ));
            }
        };
        if values.len() != mapping.len() {
            let message = format!(
                "{}: wrong number of values: expected {} (the {}), found {}",
                prefix(),
                mapping.len(),
                if mapping.len() == self.columns.len() {
                    "table's columns"
                } else {
                    "INSERT's column list"
                },
                values.len()
            );
            let shown = self.shown(&values, None, 0);
            return Step::Reject(self.reject(shown, None, None, message));
        }
        let mut out: Vec<Value> = (0..self.columns.len()).map(|_| Value::Null).collect();
        let mut warnings = Vec::new();
        for (i, &col) in mapping.iter().enumerate() {
            let lit = std::mem::replace(&mut values[i], Lit::Null);
            match self.convert(lit, col) {
                Ok((value, warning)) => {
                    if let Some((shown_value, message)) = warning {
                        warnings.push(ReadWarning {
                            action: ReadAction::Dropped,
                            src_row: row,
                            column: self.columns[col].name.clone(),
                            value: shown_value,
                            message,
                        });
                    }
                    out[col] = value;
                }
                Err((shown_value, message)) => {
                    let message = format!("{}: {message}", prefix());
                    let mut shown = self.shown(&values, Some(&out), i);
                    shown[i].1 = shown_value.clone();
                    return Step::Reject(self.reject(
                        shown,
                        Some(self.columns[col].name.clone()),
                        Some(shown_value),
                        message,
                    ));
                }
            }
        }
        Step::Row(row, out, warnings)
    }

    /// A tuple's values as a reject shows them, named by column. With `converted`, the first
    /// `done` values were already converted into it (and taken from `values`).
    fn shown(
        &self,
        values: &[Lit],
        converted: Option<&[Value]>,
        done: usize,
    ) -> Vec<(String, String)> {
        let mapping = self.mapping.as_ref().ok();
        values
            .iter()
            .enumerate()
            .map(|(i, lit)| {
                let col = mapping.and_then(|m| m.get(i)).copied();
                let name = col
                    .and_then(|c| self.columns.get(c))
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| format!("value_{}", i + 1));
                let text = match (converted, col) {
                    (Some(out), Some(c)) if i < done => show_value(&out[c]),
                    _ => show(lit, self.encoding),
                };
                (name, text)
            })
            .collect()
    }

    /// A value of `column`; a warning `(value, message)` when it was changed.
    #[allow(clippy::type_complexity)]
    fn convert(
        &self,
        lit: Lit,
        col: usize,
    ) -> Result<(Value, Option<(String, String)>), (String, String)> {
        let column = &self.columns[col];
        let text = match lit {
            Lit::Null => return Ok((Value::Null, None)),
            Lit::TooLong { bytes, head } => {
                let start = self.encoding.decode_without_bom_handling(&head).0;
                return Err((
                    too_long_shown(&start, bytes),
                    too_long_message(&column.name, bytes),
                ));
            }
            Lit::Bin(bytes) if column.convert == Convert::Bits => {
                return bits_value(&bytes, column).map(|v| (v, None));
            }
            Lit::Str(bytes, _) if column.convert == Convert::Bits => {
                return bits_value(&bytes, column).map(|v| (v, None));
            }
            Lit::Bin(bytes) => {
                if column.kind == ColumnKind::Text {
                    return Ok((Value::Text(hex(&bytes)), None));
                }
                // A bit(1) value as mysqldump writes it (0x01, b'1', _binary '\1').
                if column.kind == ColumnKind::Bool && bytes.len() == 1 && bytes[0] <= 1 {
                    return Ok((Value::Bool(bytes[0] == 1), None));
                }
                let shown = hex(&bytes);
                return Err((
                    shown.clone(),
                    format!(
                        "binary value {shown} in column '{}' ({})",
                        column.name, column.native
                    ),
                ));
            }
            Lit::Bool(b) => {
                return match column.kind {
                    ColumnKind::Bool => Ok((Value::Bool(b), None)),
                    ColumnKind::Int => Ok((Value::Int(i64::from(b)), None)),
                    ColumnKind::Text => Ok((Value::Text(b.to_string()), None)),
                    ColumnKind::Float => Err((
                        b.to_string(),
                        format!(
                            "{b} in column '{}' ({}) is not a number",
                            column.name, column.native
                        ),
                    )),
                }
            }
            Lit::Str(bytes, charset) => {
                if column.binary {
                    return Ok((Value::Text(hex(&bytes)), None));
                }
                let encoding = charset.unwrap_or(self.encoding);
                let decoded = if encoding == encoding_rs::UTF_8 {
                    String::from_utf8(bytes).map_err(|e| e.into_bytes())
                } else {
                    match encoding.decode_without_bom_handling_and_without_replacement(&bytes) {
                        Some(text) => Ok(text.into_owned()),
                        None => Err(bytes),
                    }
                };
                match decoded {
                    Ok(text) => text,
                    Err(bytes) => {
                        let lossy = encoding.decode_without_bom_handling(&bytes).0.into_owned();
                        return Err((
                            lossy,
                            format!(
                                "column '{}' holds bytes that are not valid {} (the dump's \
                                 encoding)",
                                column.name,
                                encoding.name()
                            ),
                        ));
                    }
                }
            }
            Lit::Num(text) | Lit::Text(text) => text,
        };
        let bad = |what: &str| {
            Err((
                text.clone(),
                format!(
                    "'{text}' in column '{}' ({}) is not {what}",
                    column.name, column.native
                ),
            ))
        };
        match column.kind {
            ColumnKind::Int => match text.trim().parse::<i64>() {
                Ok(v) => Ok((Value::Int(v), None)),
                Err(_) => bad("a 64-bit integer"),
            },
            ColumnKind::Float => match parse_float(text.trim(), column.convert) {
                Some(v) => Ok((Value::Float(v), None)),
                None => bad("a number"),
            },
            ColumnKind::Bool => match text.trim().to_ascii_lowercase().as_str() {
                "t" | "true" | "1" | "y" | "yes" | "on" => Ok((Value::Bool(true), None)),
                "f" | "false" | "0" | "n" | "no" | "off" => Ok((Value::Bool(false), None)),
                _ => bad("a boolean"),
            },
            ColumnKind::Text => {
                if self.zero_dates[col]
                    && (text.starts_with("0000-00-00")
                        || text.get(5..10).is_some_and(|md| md.contains("00")))
                    && is_zero_date(&text)
                {
                    let message = format!(
                        "zero date '{text}' in column '{}' read as NULL: MySQL zero dates \
                         (zero year, month or day) are no real dates",
                        column.name
                    );
                    return Ok((Value::Null, Some((text, message))));
                }
                Ok((Value::Text(converted_text(text, column.convert)), None))
            }
        }
    }

    /// The next batch of at most `batch_rows` rows (kept and rejected).
    pub fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let mut builders = builders_for(&self.columns, batch_rows);
        let mut src_rows: Vec<u64> = Vec::with_capacity(batch_rows.min(1 << 16));
        let mut rejects = Vec::new();
        let mut warnings = Vec::new();
        let mut seen = 0;
        while seen < batch_rows {
            match self.next_step() {
                Step::Row(row, values, w) => {
                    for (builder, value) in builders.iter_mut().zip(values) {
                        append(builder, &value);
                        // The builder copied the text: its buffer serves the next string.
                        if let (Value::Text(text), Some(parser)) = (value, self.parser.as_mut()) {
                            parser.lx.recycle(text.into_bytes());
                        }
                    }
                    src_rows.push(row);
                    warnings.extend(w);
                }
                Step::Reject(r) => rejects.push(r),
                Step::End => break,
                Step::Error(e) if seen == 0 && self.sent_batch => return Err(e),
                Step::Error(e) => {
                    // Deliver the rows read so far; the error ends the stream next time.
                    self.pending = Some(e);
                    break;
                }
            }
            seen += 1;
        }
        if seen == 0 && self.sent_batch {
            return Ok(None);
        }
        self.sent_batch = true;
        assemble(&self.location, src_rows, builders, rejects, warnings).map(Some)
    }
}

/// A float as the live connector reads it: PostgreSQL `real` through f32.
pub(crate) fn parse_float(text: &str, convert: Convert) -> Option<f64> {
    match convert {
        Convert::Float4 => text.parse::<f32>().ok().map(f64::from),
        _ => text.parse::<f64>().ok(),
    }
}

/// Text as the live connector reads it: PostgreSQL `timestamptz` in UTC.
pub(crate) fn converted_text(text: String, convert: Convert) -> String {
    match convert {
        Convert::TimestampTzUtc => timestamptz_utc(&text).unwrap_or(text),
        _ => text,
    }
}

/// The value of MySQL `bit(n)` bytes (big-endian), as the live connector reads it: bit(1)
/// a boolean, wider ones an integer.
fn bits_value(bytes: &[u8], column: &OutColumn) -> Result<Value, (String, String)> {
    let shown = hex(bytes);
    let number =
        (bytes.len() <= 8).then(|| bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)));
    let value = match (column.kind, number) {
        (ColumnKind::Bool, Some(n @ (0 | 1))) => Some(Value::Bool(n == 1)),
        (ColumnKind::Int, Some(n)) => i64::try_from(n).ok().map(Value::Int),
        _ => None,
    };
    value.ok_or_else(|| {
        let message = format!(
            "bits {shown} in column '{}' ({}) are not a value of that column",
            column.name, column.native
        );
        (shown, message)
    })
}

/// One builder per column, for a batch of `rows`.
pub(crate) fn builders_for(columns: &[OutColumn], rows: usize) -> Vec<ColumnBuilder> {
    columns
        .iter()
        .map(|c| ColumnBuilder::new(c.kind, c.name.as_str(), rows))
        .collect()
}

/// The batch of the rows appended to `builders`; polars' error becomes a read error.
pub(crate) fn assemble(
    location: &str,
    src_rows: Vec<u64>,
    builders: Vec<ColumnBuilder>,
    rejects: Vec<ReadReject>,
    warnings: Vec<ReadWarning>,
) -> Result<Batch, SourceError> {
    Batch::from_builders(src_rows, builders, rejects, warnings).map_err(|e| SourceError::Read {
        connector: CONNECTOR,
        location: location.to_string(),
        row: None,
        message: e.to_string(),
        hint: None,
    })
}

/// `0000-00-00`, `2024-00-10 …`: a MySQL date with a zero year, month or day.
fn is_zero_date(text: &str) -> bool {
    let date = text.get(..10).unwrap_or("");
    let parts: Vec<&str> = date.split('-').collect();
    parts.len() == 3 && parts.iter().any(|p| p.chars().all(|c| c == '0'))
}

/// `0x…` uppercase hexadecimal, as the MySQL connector renders bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(2 + 2 * bytes.len());
    s.push_str("0x");
    for &b in bytes {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// A value as text for reject files.
/// A converted value as a reject shows it.
fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Int(v) => v.to_string(),
        Value::Float(v) => v.to_string(),
        Value::Bool(v) => v.to_string(),
        Value::Text(t) => t.clone(),
    }
}

fn show(lit: &Lit, encoding: &'static Encoding) -> String {
    match lit {
        Lit::Null => "NULL".into(),
        Lit::Str(b, charset) => charset
            .unwrap_or(encoding)
            .decode_without_bom_handling(b)
            .0
            .into_owned(),
        Lit::Num(t) | Lit::Text(t) => t.clone(),
        Lit::Bin(b) => hex(b),
        Lit::Bool(b) => b.to_string(),
        Lit::TooLong { bytes, head } => {
            too_long_shown(&encoding.decode_without_bom_handling(head).0, *bytes)
        }
    }
}
