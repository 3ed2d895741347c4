//! How each result column is fetched and decoded, chosen once per column from the ODBC
//! metadata (the idea of arrow-odbc): a typed buffer where the type allows, wide text
//! (UTF-16) otherwise, so that non-ASCII text survives whatever code page the driver uses.

use std::fmt::Write;

use odbc_api::buffers::{AnyColumnBufferSlice, BufferDesc};
use odbc_api::sys::{Date, Time, Timestamp};
use odbc_api::{Bit, CursorRow, DataType, Nullable};
use polars::prelude::{ChunkedBuilder, DataType as PlDataType};
use stx_connector_core::{ColumnBuilder, ColumnKind};

use crate::dialect::Dialect;

/// Declared text lengths above this (in characters) are read row by row in parts: a block
/// buffer that large per row would cost gigabytes for a batch.
pub const LONG_TEXT_CHARS: usize = 8192;

/// A "long" text type declared at most this long is bounded (see `Strategy::for_column`).
pub const LONG_DECLARED_AS_BOUNDED: usize = 4000;

/// Binary values up to this many bytes are read (as `0x…` hex); longer ones are skipped.
pub const MAX_BINARY_BYTES: usize = 8000;

/// How one column is fetched and decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// 64-bit integer buffer.
    Int,
    /// 64-bit float buffer.
    Float,
    /// Bit buffer → Boolean.
    Bool,
    /// Date struct → `YYYY-MM-DD`.
    Date,
    /// Time struct → `HH:MM:SS`.
    Time,
    /// Timestamp struct → `YYYY-MM-DD HH:MM:SS[.fraction]`.
    Timestamp,
    /// Wide text of at most `chars` characters (UTF-16 units, with room for surrogates).
    Text {
        /// The declared length in characters.
        chars: usize,
    },
    /// Wide text of any length, fetched in parts (needs row-by-row fetching).
    LongText,
    /// Binary of at most `bytes` bytes → `0x…` hex text.
    Binary {
        /// The declared length in bytes.
        bytes: usize,
    },
    /// Not read (long binary: OLE objects, FileMaker containers, BLOBs).
    Skip,
}

impl Strategy {
    /// The strategy for a column of `data_type` in `dialect`.
    pub fn for_column(data_type: DataType, dialect: Dialect) -> Strategy {
        let text = |length: Option<std::num::NonZeroUsize>| match length.map(|l| l.get()) {
            Some(l) if l < dialect.unbounded_text_chars() && l <= LONG_TEXT_CHARS => {
                Strategy::Text { chars: l }
            }
            _ => Strategy::LongText,
        };
        match data_type {
            DataType::TinyInt | DataType::SmallInt | DataType::Integer | DataType::BigInt => {
                Strategy::Int
            }
            DataType::Numeric { precision, scale } | DataType::Decimal { precision, scale } => {
                if scale == 0 && precision > 0 && precision <= 18 {
                    Strategy::Int
                } else {
                    // Exact: the driver's text (sign, digits, point), never a float. At least
                    // 40 digits: Oracle's NUMBER without precision reaches ODBC with a
                    // precision of 0 or 38 and a scale of 0 or -127, and holds 40 digits.
                    Strategy::Text {
                        chars: precision.max(40) + 3,
                    }
                }
            }
            DataType::Real | DataType::Float { .. } | DataType::Double => {
                if dialect.numbers_as_text() {
                    Strategy::Text { chars: 130 }
                } else {
                    Strategy::Float
                }
            }
            DataType::Bit => Strategy::Bool,
            DataType::Date => Strategy::Date,
            DataType::Time { .. } => Strategy::Time,
            DataType::Timestamp { .. } => Strategy::Timestamp,
            DataType::Char { length }
            | DataType::WChar { length }
            | DataType::Varchar { length }
            | DataType::WVarchar { length } => text(length),
            // MEMO, TEXT, CLOB, LONG: drivers declare some maximum (psqlODBC says 8190 for
            // PostgreSQL's unlimited text, MariaDB 65535), values can be longer: fetched in
            // parts. But psqlODBC also calls every varchar above 255 characters "long"
            // (varchar(400) → LONGVARCHAR(400)): a declaration up to 4000 is taken at its word
            // (a longer value would reject its row, never be cut).
            DataType::LongVarchar { length } | DataType::WLongVarchar { length } => {
                match length.map(|l| l.get()) {
                    Some(l) if l <= LONG_DECLARED_AS_BOUNDED => Strategy::Text { chars: l },
                    _ => Strategy::LongText,
                }
            }
            DataType::Binary { length } | DataType::Varbinary { length } => {
                match length.map(|l| l.get()) {
                    Some(l) if l <= MAX_BINARY_BYTES => Strategy::Binary { bytes: l },
                    _ => Strategy::Skip,
                }
            }
            DataType::LongVarbinary { .. } => Strategy::Skip,
            // Intervals, GUIDs, driver-specific types: their text form, in parts.
            _ => Strategy::LongText,
        }
    }

    /// The polars type of the column (`None` for a skipped column).
    pub fn dtype(self) -> Option<PlDataType> {
        self.kind().map(ColumnKind::dtype)
    }

    /// The column builder kind.
    pub fn kind(self) -> Option<ColumnKind> {
        Some(match self {
            Strategy::Int => ColumnKind::Int,
            Strategy::Float => ColumnKind::Float,
            Strategy::Bool => ColumnKind::Bool,
            Strategy::Skip => return None,
            _ => ColumnKind::Text,
        })
    }

    /// Whether the column needs row-by-row fetching.
    pub fn needs_rows(self) -> bool {
        matches!(self, Strategy::LongText)
    }

    /// The block buffer (`None` for a skipped column, which is not bound).
    pub fn buffer(self) -> Option<BufferDesc> {
        Some(match self {
            Strategy::Int => BufferDesc::I64 { nullable: true },
            Strategy::Float => BufferDesc::F64 { nullable: true },
            Strategy::Bool => BufferDesc::Bit { nullable: true },
            Strategy::Date => BufferDesc::Date { nullable: true },
            Strategy::Time => BufferDesc::Time { nullable: true },
            Strategy::Timestamp => BufferDesc::Timestamp { nullable: true },
            // Twice the characters: a character outside the BMP takes two UTF-16 units.
            Strategy::Text { chars } => BufferDesc::WText {
                max_str_len: chars * 2,
            },
            Strategy::Binary { bytes } => BufferDesc::Binary { max_bytes: bytes },
            // Long text is never bound (row mode); its bound size here is a fallback only.
            Strategy::LongText => BufferDesc::WText {
                max_str_len: LONG_TEXT_CHARS,
            },
            Strategy::Skip => return None,
        })
    }

    /// Bytes one row of this column takes in a block buffer.
    pub fn row_bytes(self) -> usize {
        let indicator = std::mem::size_of::<isize>();
        indicator
            + match self {
                Strategy::Int | Strategy::Float => 8,
                Strategy::Bool => 1,
                Strategy::Date | Strategy::Time => 6,
                Strategy::Timestamp => 16,
                Strategy::Text { chars } => (chars * 2 + 1) * 2,
                Strategy::LongText => (LONG_TEXT_CHARS + 1) * 2,
                Strategy::Binary { bytes } => bytes,
                Strategy::Skip => 0,
            }
    }
}

/// A value of one row, read before any of the row is appended (a later column may reject it).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// Text.
    Text(String),
}

impl Value {
    /// Appends to the builder of the column's kind.
    pub fn append(self, builder: &mut ColumnBuilder) {
        match (self, builder) {
            (Value::Int(v), ColumnBuilder::Int(b)) => b.append_value(v),
            (Value::Float(v), ColumnBuilder::Float(b)) => b.append_value(v),
            (Value::Bool(v), ColumnBuilder::Bool(b)) => b.append_value(v),
            (Value::Text(v), ColumnBuilder::Text(b)) => b.append_value(&v),
            (_, b) => b.push_null(),
        }
    }
}

/// Problems with one value that keep or reject its row.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The value did not fit its buffer: the row is rejected (never silently cut).
    Truncated {
        /// The value's full length in characters (or bytes), when the driver said.
        length: Option<usize>,
        /// What the buffer held.
        kept: usize,
    },
    /// Text that was not valid UTF-16, read with replacement characters (a warning).
    InvalidUtf16,
    /// The driver could not convert the value (conversion error): the row is rejected.
    Driver(String),
}

/// Reads column `column` (1-based) of the current row with `strategy`, in parts for long text.
pub fn read_value(
    row: &mut CursorRow<'_>,
    column: u16,
    strategy: Strategy,
    text_buf: &mut Vec<u16>,
    binary_buf: &mut Vec<u8>,
) -> Result<(Value, Option<Problem>), odbc_api::Error> {
    Ok(match strategy {
        Strategy::Int => {
            let mut v = Nullable::<i64>::null();
            match row.get_data(column, &mut v) {
                Ok(()) => (v.into_opt().map_or(Value::Null, Value::Int), None),
                // Some drivers (mdbtools) convert to no 64-bit integer: take their text.
                Err(e) => {
                    parsed_text(row, column, text_buf, e, |t| t.parse().ok().map(Value::Int))?
                }
            }
        }
        Strategy::Float => {
            let mut v = Nullable::<f64>::null();
            match row.get_data(column, &mut v) {
                Ok(()) => (v.into_opt().map_or(Value::Null, Value::Float), None),
                Err(e) => parsed_text(row, column, text_buf, e, |t| {
                    t.parse().ok().map(Value::Float)
                })?,
            }
        }
        Strategy::Bool => typed(row, column, |b: Bit| Value::Bool(b.as_bool()))?,
        Strategy::Date => typed(row, column, |d: Date| Value::Text(format_date(&d)))?,
        Strategy::Time => typed(row, column, |t: Time| Value::Text(format_time(&t)))?,
        Strategy::Timestamp => typed(row, column, |t: Timestamp| {
            Value::Text(format_timestamp(&t))
        })?,
        Strategy::Text { .. } | Strategy::LongText => {
            if row.get_wide_text(column, text_buf)? {
                let (text, problem) = decode_utf16(text_buf);
                (Value::Text(text), problem)
            } else {
                (Value::Null, None)
            }
        }
        Strategy::Binary { .. } => {
            if row.get_binary(column, binary_buf)? {
                (Value::Text(hex(binary_buf)), None)
            } else {
                (Value::Null, None)
            }
        }
        Strategy::Skip => (Value::Null, None),
    })
}

/// A fixed-size value of the current row, converted by the driver to `T`.
fn typed<T: odbc_api::Pod>(
    row: &mut CursorRow<'_>,
    column: u16,
    to_value: impl FnOnce(T) -> Value,
) -> Result<(Value, Option<Problem>), odbc_api::Error> {
    let mut v = Nullable::<T>::null();
    row.get_data(column, &mut v)?;
    Ok((v.into_opt().map_or(Value::Null, to_value), None))
}

/// The column's text, parsed, when the typed conversion failed with `error`; the error
/// stands when the text does not parse either.
fn parsed_text(
    row: &mut CursorRow<'_>,
    column: u16,
    text_buf: &mut Vec<u16>,
    error: odbc_api::Error,
    parse: impl Fn(&str) -> Option<Value>,
) -> Result<(Value, Option<Problem>), odbc_api::Error> {
    match row.get_wide_text(column, text_buf) {
        Err(_) => return Err(error),
        Ok(false) => return Ok((Value::Null, None)),
        Ok(true) => {}
    }
    let text = String::from_utf16_lossy(text_buf);
    match parse(text.trim()) {
        Some(v) => Ok((v, None)),
        None => Ok((
            Value::Text(text.clone()),
            Some(Problem::Driver(format!(
                "'{text}' is not a number of this column's type"
            ))),
        )),
    }
}

/// Whether any value of a fetched block column was cut (from the indicators).
pub fn block_has_truncation(slice: AnyColumnBufferSlice<'_>, strategy: Strategy) -> bool {
    match strategy {
        Strategy::Text { .. } | Strategy::LongText => slice
            .as_wide_text()
            .is_some_and(|v| v.has_truncated_values().is_some()),
        Strategy::Binary { .. } => slice
            .as_binary()
            .is_some_and(|v| v.has_truncated_values().is_some()),
        _ => false,
    }
}

/// Whether row `index` of a block column that has cut values is one of them. odbc-api shows
/// the buffer's length, not the indicator, per row: a value that fills the buffer is taken as
/// cut. Text buffers hold twice the declared characters, so such a value is over its
/// declaration either way.
pub fn block_problem(
    slice: AnyColumnBufferSlice<'_>,
    strategy: Strategy,
    index: usize,
) -> Option<Problem> {
    let (length, max) = match strategy {
        Strategy::Text { .. } | Strategy::LongText => {
            let view = slice.as_wide_text()?;
            (view.get(index).map(<[u16]>::len), view.max_len())
        }
        Strategy::Binary { bytes } => {
            let view = slice.as_binary()?;
            (view.get(index).map(<[u8]>::len), bytes)
        }
        _ => return None,
    };
    (length? >= max).then_some(Problem::Truncated {
        length: None,
        kept: max,
    })
}

/// Appends rows `keep` (indices into the block) of one fetched column to `builder`; text that
/// is not valid UTF-16 is replaced and reported through `on_invalid(index)`.
pub fn append_block(
    slice: AnyColumnBufferSlice<'_>,
    strategy: Strategy,
    keep: &[usize],
    builder: &mut ColumnBuilder,
    mut on_invalid: impl FnMut(usize, String),
) {
    match (strategy, builder) {
        (Strategy::Int, ColumnBuilder::Int(b)) => {
            if let Some(view) = slice.as_nullable_slice::<i64>() {
                for &i in keep {
                    b.append_option(view.get(i).copied());
                }
            }
        }
        (Strategy::Float, ColumnBuilder::Float(b)) => {
            if let Some(view) = slice.as_nullable_slice::<f64>() {
                for &i in keep {
                    b.append_option(view.get(i).copied());
                }
            }
        }
        (Strategy::Bool, ColumnBuilder::Bool(b)) => {
            if let Some(view) = slice.as_nullable_slice::<Bit>() {
                for &i in keep {
                    b.append_option(view.get(i).map(|v| v.as_bool()));
                }
            }
        }
        (Strategy::Date, ColumnBuilder::Text(b)) => {
            if let Some(view) = slice.as_nullable_slice::<Date>() {
                for &i in keep {
                    b.append_option(view.get(i).map(format_date));
                }
            }
        }
        (Strategy::Time, ColumnBuilder::Text(b)) => {
            if let Some(view) = slice.as_nullable_slice::<Time>() {
                for &i in keep {
                    b.append_option(view.get(i).map(format_time));
                }
            }
        }
        (Strategy::Timestamp, ColumnBuilder::Text(b)) => {
            if let Some(view) = slice.as_nullable_slice::<Timestamp>() {
                for &i in keep {
                    b.append_option(view.get(i).map(format_timestamp));
                }
            }
        }
        (Strategy::Text { .. } | Strategy::LongText, ColumnBuilder::Text(b)) => {
            if let Some(view) = slice.as_wide_text() {
                let mut text = String::new();
                for &i in keep {
                    match view.get(i) {
                        None => b.append_null(),
                        Some(units) => {
                            text.clear();
                            if decode_utf16_into(units, &mut text) {
                                on_invalid(i, text.clone());
                            }
                            b.append_value(&text);
                        }
                    }
                }
            }
        }
        (Strategy::Binary { .. }, ColumnBuilder::Text(b)) => {
            if let Some(view) = slice.as_binary() {
                for &i in keep {
                    b.append_option(view.get(i).map(hex));
                }
            }
        }
        (_, b) => {
            for _ in keep {
                b.push_null();
            }
        }
    }
}

/// The text of a fetched block value (for a reject's values), lossily.
pub fn block_text(
    slice: AnyColumnBufferSlice<'_>,
    strategy: Strategy,
    index: usize,
) -> Option<String> {
    match strategy {
        Strategy::Int => slice
            .as_nullable_slice::<i64>()?
            .get(index)
            .map(|v| v.to_string()),
        Strategy::Float => slice
            .as_nullable_slice::<f64>()?
            .get(index)
            .map(|v| v.to_string()),
        Strategy::Bool => slice
            .as_nullable_slice::<Bit>()?
            .get(index)
            .map(|v| v.as_bool().to_string()),
        Strategy::Date => slice
            .as_nullable_slice::<Date>()?
            .get(index)
            .map(format_date),
        Strategy::Time => slice
            .as_nullable_slice::<Time>()?
            .get(index)
            .map(format_time),
        Strategy::Timestamp => slice
            .as_nullable_slice::<Timestamp>()?
            .get(index)
            .map(format_timestamp),
        Strategy::Text { .. } | Strategy::LongText => slice
            .as_wide_text()?
            .get(index)
            .map(String::from_utf16_lossy),
        Strategy::Binary { .. } => slice.as_binary()?.get(index).map(hex),
        Strategy::Skip => None,
    }
}

/// UTF-16 → String; invalid surrogates become U+FFFD and are reported.
pub fn decode_utf16(units: &[u16]) -> (String, Option<Problem>) {
    let mut text = String::with_capacity(units.len());
    let invalid = decode_utf16_into(units, &mut text);
    (text, invalid.then_some(Problem::InvalidUtf16))
}

/// Appends the decoded text; true when a replacement was needed.
fn decode_utf16_into(units: &[u16], out: &mut String) -> bool {
    // ASCII fast path: most legacy contact data is.
    if units.iter().all(|&u| u < 0x80) {
        // Narrowed as bytes (a loop the compiler vectorises), then checked as UTF-8 in one
        // pass, instead of encoding char by char.
        let mut bytes = std::mem::take(out).into_bytes();
        bytes.extend(units.iter().map(|&u| u as u8));
        *out = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        return false;
    }
    let mut invalid = false;
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => out.push(c),
            Err(_) => {
                invalid = true;
                out.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    invalid
}

/// `YYYY-MM-DD` (years before 1 as the driver gives them, with a sign).
pub fn format_date(d: &Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// `HH:MM:SS`.
pub fn format_time(t: &Time) -> String {
    format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second)
}

/// `YYYY-MM-DD HH:MM:SS`, then the fraction of a second without trailing zeros, as the
/// native connectors print timestamps.
pub fn format_timestamp(t: &Timestamp) -> String {
    let mut out = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    if t.fraction > 0 {
        // ODBC's fraction counts nanoseconds.
        let digits = format!("{:09}", t.fraction);
        let _ = write!(out, ".{}", digits.trim_end_matches('0'));
    }
    out
}

/// `0x` and lowercase hex digits, as the MySQL connector prints binary strings.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use super::*;

    fn len(n: usize) -> Option<NonZeroUsize> {
        NonZeroUsize::new(n)
    }

    #[test]
    fn strategies_from_metadata() {
        let s = |t| Strategy::for_column(t, Dialect::Ansi);
        assert_eq!(s(DataType::Integer), Strategy::Int);
        assert_eq!(s(DataType::BigInt), Strategy::Int);
        assert_eq!(
            s(DataType::Decimal {
                precision: 10,
                scale: 0
            }),
            Strategy::Int
        );
        assert_eq!(
            s(DataType::Decimal {
                precision: 38,
                scale: 0
            }),
            Strategy::Text { chars: 43 }
        );
        assert_eq!(
            s(DataType::Numeric {
                precision: 10,
                scale: 2
            }),
            Strategy::Text { chars: 43 }
        );
        assert_eq!(s(DataType::Double), Strategy::Float);
        assert_eq!(s(DataType::Bit), Strategy::Bool);
        assert_eq!(s(DataType::Timestamp { precision: 6 }), Strategy::Timestamp);
        assert_eq!(
            s(DataType::WVarchar { length: len(40) }),
            Strategy::Text { chars: 40 }
        );
        assert_eq!(s(DataType::Varchar { length: None }), Strategy::LongText);
        assert_eq!(
            s(DataType::LongVarchar { length: len(8190) }),
            Strategy::LongText
        );
        assert_eq!(
            s(DataType::WVarchar { length: len(8193) }),
            Strategy::LongText
        );
        assert_eq!(
            s(DataType::WLongVarchar { length: len(400) }),
            Strategy::Text { chars: 400 }
        );
        assert_eq!(
            s(DataType::LongVarchar { length: len(65535) }),
            Strategy::LongText
        );
        assert_eq!(
            s(DataType::Varbinary { length: len(16) }),
            Strategy::Binary { bytes: 16 }
        );
        assert_eq!(s(DataType::LongVarbinary { length: None }), Strategy::Skip);
        assert_eq!(s(DataType::Unknown), Strategy::LongText);
        // Oracle's NUMBER without precision, however the driver declares it: exact text.
        assert_eq!(
            s(DataType::Decimal {
                precision: 0,
                scale: -127
            }),
            Strategy::Text { chars: 43 }
        );
        assert_eq!(
            s(DataType::Decimal {
                precision: 38,
                scale: 0
            }),
            Strategy::Text { chars: 43 }
        );
        // Oracle's NUMBER without precision comes as a float type: read exactly, as text.
        assert_eq!(
            Strategy::for_column(DataType::Float { precision: 126 }, Dialect::Oracle),
            Strategy::Text { chars: 130 }
        );
        // FileMaker declares text fields a million characters long: unbounded.
        assert_eq!(
            Strategy::for_column(
                DataType::WVarchar {
                    length: len(1_000_000)
                },
                Dialect::FileMaker
            ),
            Strategy::LongText
        );
        assert_eq!(
            Strategy::for_column(DataType::WVarchar { length: len(100) }, Dialect::FileMaker),
            Strategy::Text { chars: 100 }
        );
        assert!(Strategy::LongText.needs_rows());
        assert!(!Strategy::Text { chars: 3 }.needs_rows());
        assert_eq!(Strategy::Skip.dtype(), None);
        assert_eq!(Strategy::Date.dtype(), Some(PlDataType::String));
    }

    #[test]
    fn dates_times_and_binary_as_text() {
        let ts = Timestamp {
            year: 1760,
            month: 6,
            day: 5,
            hour: 7,
            minute: 8,
            second: 9,
            fraction: 120_000_000,
        };
        assert_eq!(format_timestamp(&ts), "1760-06-05 07:08:09.12");
        assert_eq!(
            format_timestamp(&Timestamp { fraction: 0, ..ts }),
            "1760-06-05 07:08:09"
        );
        assert_eq!(
            format_date(&Date {
                year: 2026,
                month: 1,
                day: 2
            }),
            "2026-01-02"
        );
        assert_eq!(
            format_time(&Time {
                hour: 23,
                minute: 0,
                second: 5
            }),
            "23:00:05"
        );
        assert_eq!(hex(&[0, 0xab, 0x10]), "0x00ab10");
    }

    #[test]
    fn utf16_with_lone_surrogates_is_replaced_and_reported() {
        let units: Vec<u16> = "Zoë 😀".encode_utf16().collect();
        assert_eq!(decode_utf16(&units), ("Zoë 😀".to_string(), None));
        let (text, problem) = decode_utf16(&[0x41, 0xD800, 0x42]);
        assert_eq!(text, "A\u{FFFD}B");
        assert_eq!(problem, Some(Problem::InvalidUtf16));
    }

    #[test]
    fn values_append_to_their_builders() {
        let mut b = ColumnBuilder::new(ColumnKind::Int, "n", 2);
        Value::Int(3).append(&mut b);
        Value::Null.append(&mut b);
        let c = b.finish();
        assert_eq!(c.null_count(), 1);
        assert_eq!(c.i64().unwrap().get(0), Some(3));
    }
}
