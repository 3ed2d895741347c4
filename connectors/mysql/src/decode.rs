//! Turns text-protocol rows into polars columns.
//!
//! `query_iter` (the text protocol) hands every value over as the bytes the server printed:
//! numbers in ASCII, dates and times already in ISO form (with the column's own fractional
//! digits), text in the connection's character set (utf8mb4, so every column charset arrives as
//! UTF-8). Each column gets one decoding strategy from its metadata; values go straight into
//! polars builders, without a `String` per value.

use mysql_async::consts::{ColumnFlags, ColumnType};
use mysql_async::{Column, Row, Value};
use polars::prelude::{ChunkedBuilder, Column as PlColumn, DataFrame, PlSmallStr, PolarsResult};
use stx_connector_core::ColumnBuilder as Builder;
use stx_connector_core::{
    Batch, ColumnKind, ReadAction, ReadReject, ReadWarning, SOURCE_ROW_COLUMN,
};

/// MySQL's `binary` character set: BINARY, VARBINARY and BLOB columns carry it, and are bytes,
/// not text.
const BINARY_CHARSET: u16 = 63;

/// Largest buffer reserved up front per column; a huge `batch_rows` grows as rows come.
const MAX_PREALLOCATED_ROWS: usize = 65_536;

/// How one result column is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decode {
    /// Signed integers (and YEAR).
    Int,
    /// Unsigned integers: values above `i64::MAX` reject their row.
    UInt,
    /// TINYINT(1), MySQL's BOOL: 0 or 1.
    TinyBool,
    /// FLOAT, DOUBLE.
    Float,
    /// BIT(1): one byte, 0 or 1.
    BitBool,
    /// BIT(n > 1): big-endian bytes.
    BitInt,
    /// Text as the server printed it (strings, DECIMAL, TIME, ENUM, SET, JSON).
    Text,
    /// DATE, DATETIME, TIMESTAMP: text, except zero dates, which become NULL with a warning.
    Date,
    /// Binary strings and blobs, rendered `0x…` in hexadecimal.
    Hex,
}

impl Decode {
    /// The strategy for a result column, from its wire type, flags, length and charset.
    pub(crate) fn for_column(column: &Column) -> Decode {
        use ColumnType::*;
        let flags = column.flags();
        let unsigned = flags.contains(ColumnFlags::UNSIGNED_FLAG);
        let binary = column.character_set() == BINARY_CHARSET;
        match column.column_type() {
            // TINYINT(1) is how MySQL spells BOOL; the display width comes as the length.
            MYSQL_TYPE_TINY if column.column_length() == 1 => Decode::TinyBool,
            MYSQL_TYPE_TINY | MYSQL_TYPE_SHORT | MYSQL_TYPE_INT24 | MYSQL_TYPE_LONG
            | MYSQL_TYPE_LONGLONG | MYSQL_TYPE_YEAR => {
                if unsigned {
                    Decode::UInt
                } else {
                    Decode::Int
                }
            }
            MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => Decode::Float,
            MYSQL_TYPE_BIT if column.column_length() == 1 => Decode::BitBool,
            MYSQL_TYPE_BIT => Decode::BitInt,
            MYSQL_TYPE_DATE
            | MYSQL_TYPE_NEWDATE
            | MYSQL_TYPE_DATETIME
            | MYSQL_TYPE_DATETIME2
            | MYSQL_TYPE_TIMESTAMP
            | MYSQL_TYPE_TIMESTAMP2 => Decode::Date,
            // Numeric and temporal text, and JSON (MySQL 8 flags it binary, but it is UTF-8).
            MYSQL_TYPE_DECIMAL
            | MYSQL_TYPE_NEWDECIMAL
            | MYSQL_TYPE_TIME
            | MYSQL_TYPE_TIME2
            | MYSQL_TYPE_JSON
            | MYSQL_TYPE_NULL
            | MYSQL_TYPE_ENUM
            | MYSQL_TYPE_SET => Decode::Text,
            MYSQL_TYPE_GEOMETRY | MYSQL_TYPE_VECTOR => Decode::Hex,
            _ if flags.intersects(ColumnFlags::ENUM_FLAG | ColumnFlags::SET_FLAG) => Decode::Text,
            _ if binary => Decode::Hex,
            _ => Decode::Text,
        }
    }

    /// The polars type the strategy produces.
    pub(crate) fn kind(self) -> ColumnKind {
        match self {
            Decode::Int | Decode::UInt | Decode::BitInt => ColumnKind::Int,
            Decode::TinyBool | Decode::BitBool => ColumnKind::Bool,
            Decode::Float => ColumnKind::Float,
            Decode::Text | Decode::Date | Decode::Hex => ColumnKind::Text,
        }
    }
}

/// The server's type name for a result column (for `describe` of a query), reconstructed from
/// the metadata: `int unsigned`, `tinyint(1)`, `decimal(30,10)`, `varchar`, `datetime(6)` ...
pub(crate) fn native_type(column: &Column) -> String {
    use ColumnType::*;
    let flags = column.flags();
    let unsigned = flags.contains(ColumnFlags::UNSIGNED_FLAG);
    let binary = column.character_set() == BINARY_CHARSET;
    let decimals = column.decimals();
    let fsp = |base: &str| {
        // 31 (0x1f) means "not fixed" for computed values.
        if decimals > 0 && decimals <= 6 {
            format!("{base}({decimals})")
        } else {
            base.to_string()
        }
    };
    let int = |base: &str| {
        if unsigned {
            format!("{base} unsigned")
        } else {
            base.to_string()
        }
    };
    match column.column_type() {
        MYSQL_TYPE_TINY if column.column_length() == 1 => int("tinyint(1)"),
        MYSQL_TYPE_TINY => int("tinyint"),
        MYSQL_TYPE_SHORT => int("smallint"),
        MYSQL_TYPE_INT24 => int("mediumint"),
        MYSQL_TYPE_LONG => int("int"),
        MYSQL_TYPE_LONGLONG => int("bigint"),
        MYSQL_TYPE_YEAR => "year".into(),
        MYSQL_TYPE_FLOAT => "float".into(),
        MYSQL_TYPE_DOUBLE => "double".into(),
        MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL => {
            // The length counts the sign and the decimal point.
            let scale = u32::from(decimals);
            let precision = column
                .column_length()
                .saturating_sub(u32::from(scale > 0))
                .saturating_sub(u32::from(!unsigned));
            int(&format!("decimal({precision},{scale})"))
        }
        MYSQL_TYPE_BIT => format!("bit({})", column.column_length()),
        MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE => "date".into(),
        MYSQL_TYPE_DATETIME | MYSQL_TYPE_DATETIME2 => fsp("datetime"),
        MYSQL_TYPE_TIMESTAMP | MYSQL_TYPE_TIMESTAMP2 => fsp("timestamp"),
        MYSQL_TYPE_TIME | MYSQL_TYPE_TIME2 => fsp("time"),
        MYSQL_TYPE_JSON => "json".into(),
        MYSQL_TYPE_NULL => "null".into(),
        MYSQL_TYPE_ENUM => "enum".into(),
        MYSQL_TYPE_SET => "set".into(),
        MYSQL_TYPE_GEOMETRY => "geometry".into(),
        MYSQL_TYPE_VECTOR => "vector".into(),
        _ if flags.contains(ColumnFlags::ENUM_FLAG) => "enum".into(),
        _ if flags.contains(ColumnFlags::SET_FLAG) => "set".into(),
        MYSQL_TYPE_STRING => if binary { "binary" } else { "char" }.into(),
        MYSQL_TYPE_VARCHAR | MYSQL_TYPE_VAR_STRING => {
            if binary { "varbinary" } else { "varchar" }.into()
        }
        MYSQL_TYPE_TINY_BLOB | MYSQL_TYPE_MEDIUM_BLOB | MYSQL_TYPE_LONG_BLOB | MYSQL_TYPE_BLOB => {
            if binary { "blob" } else { "text" }.into()
        }
        other => format!("{other:?}")
            .trim_start_matches("MYSQL_TYPE_")
            .to_ascii_lowercase(),
    }
}

/// One value after the checking pass; text is re-borrowed from the row when pushed.
#[derive(Debug, Clone, Copy)]
enum Parsed {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text,
    Hex,
    ZeroDate,
}

/// Collects the rows of one batch: kept rows into column builders, undecodable rows as
/// rejects, zero dates as warnings.
pub(crate) struct BatchBuilder {
    names: Vec<PlSmallStr>,
    decodes: Vec<Decode>,
    capacity: usize,
    src_rows: Vec<u64>,
    builders: Vec<Builder>,
    parsed: Vec<Parsed>,
    hex: String,
    rejects: Vec<ReadReject>,
    warnings: Vec<ReadWarning>,
}

impl BatchBuilder {
    /// A builder for the result's columns, sized for `batch_rows`.
    pub(crate) fn new(columns: &[Column], batch_rows: usize) -> BatchBuilder {
        let names: Vec<PlSmallStr> = columns
            .iter()
            .map(|c| PlSmallStr::from(c.name_str().as_ref()))
            .collect();
        let decodes: Vec<Decode> = columns.iter().map(Decode::for_column).collect();
        let capacity = batch_rows.clamp(1, MAX_PREALLOCATED_ROWS);
        let builders = names
            .iter()
            .zip(&decodes)
            .map(|(n, d)| Builder::new(d.kind(), n.clone(), capacity))
            .collect();
        BatchBuilder {
            names,
            decodes,
            capacity,
            src_rows: Vec::with_capacity(capacity),
            builders,
            parsed: Vec::with_capacity(columns.len()),
            hex: String::new(),
            rejects: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Rows accounted for so far: kept plus rejected.
    pub(crate) fn rows(&self) -> usize {
        self.src_rows.len() + self.rejects.len()
    }

    /// Decodes one row numbered `src_row`: kept whole, or rejected whole.
    pub(crate) fn push(&mut self, row: &Row, src_row: u64) {
        // Pass 1 checks and parses every value, so a bad value in a late column rejects the
        // row before anything was appended to the builders (which cannot pop).
        self.parsed.clear();
        for i in 0..self.decodes.len() {
            match parse(self.decodes[i], row.as_ref(i)) {
                Ok(p) => self.parsed.push(p),
                Err(problem) => {
                    self.reject(row, src_row, i, problem);
                    return;
                }
            }
        }
        for i in 0..self.decodes.len() {
            let bytes = match row.as_ref(i) {
                Some(Value::Bytes(b)) => b.as_slice(),
                _ => &[],
            };
            match (&mut self.builders[i], self.parsed[i]) {
                (Builder::Int(b), Parsed::Int(v)) => b.append_value(v),
                (Builder::Float(b), Parsed::Float(v)) => b.append_value(v),
                (Builder::Bool(b), Parsed::Bool(v)) => b.append_value(v),
                (Builder::Text(b), Parsed::Text) => {
                    // Checked in pass 1.
                    b.append_value(std::str::from_utf8(bytes).unwrap_or_default())
                }
                (Builder::Text(b), Parsed::Hex) => {
                    hex_into(&mut self.hex, bytes);
                    b.append_value(self.hex.as_str());
                }
                (Builder::Text(b), Parsed::ZeroDate) => {
                    b.append_null();
                    let value = String::from_utf8_lossy(bytes).into_owned();
                    self.warnings.push(ReadWarning {
                        action: ReadAction::Dropped,
                        src_row,
                        column: self.names[i].to_string(),
                        message: format!(
                            "zero date '{value}' in column '{}' read as NULL: MySQL zero dates (zero year, month or day) are no real dates",
                            self.names[i]
                        ),
                        value,
                    });
                }
                (Builder::Int(b), _) => b.append_null(),
                (Builder::Float(b), _) => b.append_null(),
                (Builder::Bool(b), _) => b.append_null(),
                (Builder::Text(b), _) => b.append_null(),
            }
        }
        self.src_rows.push(src_row);
    }

    fn reject(&mut self, row: &Row, src_row: u64, column: usize, problem: String) {
        let values: Vec<(String, String)> = self
            .names
            .iter()
            .enumerate()
            .map(|(j, n)| (n.to_string(), render(self.decodes[j], row.as_ref(j))))
            .collect();
        let name = self.names[column].to_string();
        let value = render(self.decodes[column], row.as_ref(column));
        self.rejects.push(ReadReject {
            src_row,
            values,
            column: Some(name.clone()),
            value: Some(value),
            message: format!("column '{name}': {problem}"),
        });
    }

    /// The batch so far; the builder starts over empty.
    pub(crate) fn finish(&mut self) -> PolarsResult<Batch> {
        let height = self.src_rows.len();
        let mut columns = Vec::with_capacity(self.names.len() + 1);
        columns.push(PlColumn::new(
            SOURCE_ROW_COLUMN.into(),
            std::mem::replace(&mut self.src_rows, Vec::with_capacity(self.capacity)),
        ));
        for ((builder, name), decode) in
            self.builders.iter_mut().zip(&self.names).zip(&self.decodes)
        {
            let fresh = Builder::new(decode.kind(), name.clone(), self.capacity);
            columns.push(std::mem::replace(builder, fresh).finish());
        }
        Ok(Batch {
            data: DataFrame::new(height, columns)?,
            rejects: std::mem::take(&mut self.rejects),
            warnings: std::mem::take(&mut self.warnings),
        })
    }
}

fn parse(decode: Decode, value: Option<&Value>) -> Result<Parsed, String> {
    let bytes = match value {
        None | Some(Value::NULL) => return Ok(Parsed::Null),
        Some(Value::Bytes(b)) => b.as_slice(),
        // The text protocol only sends bytes; anything else is a driver surprise.
        Some(other) => return Err(format!("unexpected value {other:?} from the driver")),
    };
    match decode {
        Decode::Int => parse_i64(bytes)
            .map(Parsed::Int)
            .ok_or_else(|| format!("'{}' is not an integer", String::from_utf8_lossy(bytes))),
        Decode::UInt => match parse_u64(bytes) {
            Some(v) => i64::try_from(v).map(Parsed::Int).map_err(|_| too_big(v)),
            None => Err(format!(
                "'{}' is not an unsigned integer",
                String::from_utf8_lossy(bytes)
            )),
        },
        Decode::TinyBool => match parse_i64(bytes) {
            Some(0) => Ok(Parsed::Bool(false)),
            Some(1) => Ok(Parsed::Bool(true)),
            _ => Err(format!(
                "TINYINT(1) (MySQL's BOOL) holds {}, neither 0 nor 1; read it as a number with a query: SELECT …, CAST(col AS SIGNED) AS col",
                String::from_utf8_lossy(bytes)
            )),
        },
        Decode::Float => std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .map(Parsed::Float)
            .ok_or_else(|| format!("'{}' is not a number", String::from_utf8_lossy(bytes))),
        Decode::BitBool => match bits(bytes) {
            0 => Ok(Parsed::Bool(false)),
            1 => Ok(Parsed::Bool(true)),
            v => Err(format!("BIT(1) holds {v}")),
        },
        Decode::BitInt => {
            if bytes.len() > 8 {
                return Err(format!("BIT value {} is longer than 64 bits", hex_string(bytes)));
            }
            let v = bits(bytes);
            i64::try_from(v).map(Parsed::Int).map_err(|_| too_big(v))
        }
        Decode::Text => match std::str::from_utf8(bytes) {
            Ok(_) => Ok(Parsed::Text),
            Err(e) => Err(format!(
                "text that is not UTF-8 (bad byte at offset {}); read it as bytes with a query: SELECT …, HEX(col) AS col",
                e.valid_up_to()
            )),
        },
        Decode::Date => {
            if is_zero_date(bytes) {
                Ok(Parsed::ZeroDate)
            } else if std::str::from_utf8(bytes).is_ok() {
                Ok(Parsed::Text)
            } else {
                Err("a date that is not text".into())
            }
        }
        Decode::Hex => Ok(Parsed::Hex),
    }
}

fn too_big(v: u64) -> String {
    format!(
        "unsigned value {v} does not fit a 64-bit signed integer (at most {}); read it as text with a query: SELECT …, CAST(col AS CHAR) AS col",
        i64::MAX
    )
}

/// A value as text for the rejects file.
fn render(decode: Decode, value: Option<&Value>) -> String {
    match value {
        None | Some(Value::NULL) => String::new(),
        Some(Value::Bytes(b)) => match decode {
            Decode::Hex => hex_string(b),
            Decode::BitBool | Decode::BitInt if b.len() <= 8 => bits(b).to_string(),
            Decode::BitBool | Decode::BitInt => hex_string(b),
            _ => String::from_utf8_lossy(b).into_owned(),
        },
        Some(other) => format!("{other:?}"),
    }
}

/// A MySQL zero date or a date with a zero month or day (`0000-00-00`, `2021-00-10`,
/// `0000-00-00 00:00:00`): not a date any other system accepts.
pub(crate) fn is_zero_date(b: &[u8]) -> bool {
    b.len() >= 10 && (&b[5..7] == b"00" || &b[8..10] == b"00")
}

/// ASCII decimal to i64, without going through `str`.
pub(crate) fn parse_i64(b: &[u8]) -> Option<i64> {
    let (negative, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?;
        v = if negative {
            v.checked_sub(i64::from(d))?
        } else {
            v.checked_add(i64::from(d))?
        };
    }
    Some(v)
}

/// ASCII decimal to u64.
pub(crate) fn parse_u64(b: &[u8]) -> Option<u64> {
    let digits = b.strip_prefix(b"+").unwrap_or(b);
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    Some(v)
}

/// A BIT value: big-endian bytes.
fn bits(b: &[u8]) -> u64 {
    b.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x))
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn hex_into(out: &mut String, bytes: &[u8]) {
    out.clear();
    out.reserve(2 + 2 * bytes.len());
    out.push_str("0x");
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
}

/// `0x…` uppercase hexadecimal, as MySQL's `HEX()` prints bytes.
pub(crate) fn hex_string(bytes: &[u8]) -> String {
    let mut s = String::new();
    hex_into(&mut s, bytes);
    s
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn integers_parse_at_the_limits() {
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_i64(b"9223372036854775808"), None);
        assert_eq!(parse_i64(b"-"), None);
        assert_eq!(parse_i64(b"12a"), None);
        assert_eq!(parse_i64(b"-128"), Some(-128));
        assert_eq!(parse_u64(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_u64(b"18446744073709551616"), None);
        assert_eq!(parse_u64(b"-1"), None);
    }

    #[test]
    fn zero_dates_and_hex() {
        assert!(is_zero_date(b"0000-00-00"));
        assert!(is_zero_date(b"0000-00-00 00:00:00"));
        assert!(is_zero_date(b"2021-00-10"));
        assert!(is_zero_date(b"2021-03-00 10:00:00.000000"));
        assert!(!is_zero_date(b"2021-03-10"));
        assert!(!is_zero_date(b"0000-01-01"));
        assert!(!is_zero_date(b"10:00:00"));
        assert_eq!(hex_string(&[0, 0xab, 0xff]), "0x00ABFF");
        assert_eq!(hex_string(&[]), "0x");
        assert_eq!(bits(&[0x0f, 0xff]), 4095);
    }
}
