//! Column plans (how each Jet column is read, chosen once per column) and value decoding.

use std::collections::HashMap;

use jetdb::{column_flags, ColumnDef, ColumnType, TableDef, Value};
pub(crate) use stx_connector_core::Cell;
use stx_connector_core::ColumnKind;

/// How the values of one column are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decode {
    /// Byte, Integer, Long Integer, Big Integer → Int64.
    Int,
    /// Single (through its shortest decimal text), Double → Float64.
    Float,
    /// Yes/No → Boolean.
    Bool,
    /// Text, Memo, Hyperlink → String.
    Text,
    /// Currency → exact text with 4 decimals.
    Currency,
    /// Decimal → exact text with the column's scale.
    Decimal,
    /// Date/Time (an OLE day number) → `YYYY-MM-DD HH:MM:SS`.
    DateTime,
    /// Date/Time Extended → `YYYY-MM-DD HH:MM:SS[.fffffff]`.
    DateTimeExtended,
    /// Replication ID → `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
    Guid,
}

impl Decode {
    /// The column kind (and so the polars type) the values end up as.
    pub(crate) fn kind(self) -> ColumnKind {
        match self {
            Decode::Int => ColumnKind::Int,
            Decode::Float => ColumnKind::Float,
            Decode::Bool => ColumnKind::Bool,
            _ => ColumnKind::Text,
        }
    }
}

/// What is done with one column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Read with this decoder.
    Read(Decode),
    /// Left out of the frame, with one warning per read: binary data, attachments,
    /// multi-value fields, calculated columns of unknown result type, unknown types.
    Skip {
        /// What the warning shows as value, e.g. `(OLE Object)`.
        value: String,
        /// The warning's message.
        message: String,
    },
    /// A column Access maintains and hides from users (replication columns): not offered.
    Hidden,
}

/// One column of a table and its plan.
#[derive(Debug, Clone)]
pub(crate) struct ColumnPlan {
    /// Index in `TableDef::columns` (what `TableRows::with_columns` takes).
    pub index: usize,
    /// Column name.
    pub name: String,
    /// The Jet type as Access names it (`Text(40)`, `Long Integer` ...).
    pub native_type: String,
    /// What to do with it.
    pub plan: Plan,
}

/// The plan of every column of `table`, in the table's design order. `calculated` holds the
/// result types of its calculated columns (jetdb's `calculated_column_types_in`).
pub(crate) fn plan_columns(
    table: &TableDef,
    calculated: &HashMap<String, ColumnType>,
) -> Vec<ColumnPlan> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(index, col)| {
            let (native_type, plan) = plan_column(table, col, calculated);
            ColumnPlan {
                index,
                name: col.name.clone(),
                native_type,
                plan,
            }
        })
        .collect()
}

fn plan_column(
    table: &TableDef,
    col: &ColumnDef,
    calculated: &HashMap<String, ColumnType>,
) -> (String, Plan) {
    // A variable-length calculated column caches its value in the type of its result, which
    // the table's properties give; without it jetdb reads only nulls.
    if col.is_calculated && !col.is_fixed {
        return match calculated.get(&col.name.to_ascii_lowercase()) {
            Some(&result) => {
                let native = format!("Calculated ({})", type_name(result, None));
                let plan = plan_for_type(result, &col.name, &native);
                (native, plan)
            }
            None => (
                "Calculated".to_string(),
                Plan::Skip {
                    value: "(Calculated)".into(),
                    message: format!(
                        "column skipped: {} is a calculated column whose result type cannot be read from the table's properties, not read",
                        col.name
                    ),
                },
            ),
        };
    }
    let native = type_name(col.col_type, Some((table, col)));
    if col.is_hidden() {
        return (native, Plan::Hidden);
    }
    let plan = plan_for_type(col.col_type, &col.name, &native);
    (native, plan)
}

fn plan_for_type(ty: ColumnType, name: &str, native: &str) -> Plan {
    let decode = match ty {
        ColumnType::Boolean => Decode::Bool,
        ColumnType::Byte | ColumnType::Int | ColumnType::Long | ColumnType::BigInt => Decode::Int,
        ColumnType::Float | ColumnType::Double => Decode::Float,
        ColumnType::Money => Decode::Currency,
        ColumnType::Numeric => Decode::Decimal,
        ColumnType::Timestamp => Decode::DateTime,
        ColumnType::DateTimeExtended => Decode::DateTimeExtended,
        ColumnType::Text | ColumnType::Memo => Decode::Text,
        ColumnType::Guid => Decode::Guid,
        ColumnType::Ole | ColumnType::Binary | ColumnType::ComplexType => {
            return Plan::Skip {
                value: format!("({native})"),
                message: format!("column skipped: {name} is binary/attachment data, not read"),
            }
        }
        _ => {
            return Plan::Skip {
                value: format!("({native})"),
                message: format!(
                    "column skipped: {name} has a column type the Access reader does not know ({ty}), not read"
                ),
            }
        }
    };
    Plan::Read(decode)
}

/// The name Access's table designer gives `ty`; with the column, sizes and hyperlinks too.
pub(crate) fn type_name(ty: ColumnType, column: Option<(&TableDef, &ColumnDef)>) -> String {
    match ty {
        ColumnType::Boolean => "Yes/No".into(),
        ColumnType::Byte => "Byte".into(),
        ColumnType::Int => "Integer".into(),
        ColumnType::Long => "Long Integer".into(),
        ColumnType::BigInt => "Big Integer".into(),
        ColumnType::Money => "Currency".into(),
        ColumnType::Float => "Single".into(),
        ColumnType::Double => "Double".into(),
        ColumnType::Timestamp => "Date/Time".into(),
        ColumnType::DateTimeExtended => "Date/Time Extended".into(),
        ColumnType::Text => match column {
            Some((table, col)) => format!("Text({})", table.shown_size(col)),
            None => "Text".into(),
        },
        ColumnType::Memo => match column {
            Some((_, col)) if col.flags & column_flags::HYPERLINK != 0 => "Hyperlink".into(),
            _ => "Memo".into(),
        },
        ColumnType::Ole => "OLE Object".into(),
        ColumnType::Binary => match column {
            Some((_, col)) => format!("Binary({})", col.col_size),
            None => "Binary".into(),
        },
        ColumnType::Guid => "Replication ID".into(),
        ColumnType::Numeric => match column {
            Some((_, col)) => format!("Decimal({},{})", col.precision, col.scale),
            None => "Decimal".into(),
        },
        ColumnType::ComplexType => "Attachment/Multi-value".into(),
        ColumnType::Unknown(b) => format!("Unknown(0x{b:02X})"),
        other => other.to_string(),
    }
}

/// Why a value could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// The value as far as known.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// Decodes one value with the column's decoder.
pub(crate) fn decode(decode: Decode, value: Value) -> Result<Cell<'static>, Problem> {
    Ok(match (decode, value) {
        (_, Value::Null) => Cell::Null,
        (Decode::Int, Value::Byte(n)) => Cell::Int(n.into()),
        (Decode::Int, Value::Int(n)) => Cell::Int(n.into()),
        (Decode::Int, Value::Long(n)) => Cell::Int(n.into()),
        (Decode::Int, Value::BigInt(n)) => Cell::Int(n),
        (Decode::Float, Value::Float(f)) => Cell::Float(widen(f)),
        (Decode::Float, Value::Double(f)) => Cell::Float(f),
        (Decode::Bool, Value::Bool(b)) => Cell::Bool(b),
        (Decode::Text, Value::Text(s)) => Cell::Text(s.into()),
        (Decode::Currency, Value::Money(s)) => Cell::Text(s.into()),
        (Decode::Decimal, Value::Numeric(s)) => Cell::Text(s.into()),
        (Decode::DateTime, Value::Timestamp(t)) => match ole_date_time(t) {
            Some(text) => Cell::Text(text.into()),
            None => {
                return Err(Problem {
                    value: Some(format!("{t:?}")),
                    message: format!(
                        "the day number {t:?} is not a date Access can hold (years 100 to 9999); the file may be damaged"
                    ),
                })
            }
        },
        (Decode::DateTimeExtended, Value::DateTimeExtended(s)) => Cell::Text(with_time(s).into()),
        (Decode::Guid, Value::Guid(s)) => Cell::Text(s.to_ascii_uppercase().into()),
        (_, other) => {
            return Err(Problem {
                message: format!(
                    "the Access reader returned {} where the column's type promises another kind of value",
                    variant_name(&other)
                ),
                value: Some(render(&other)),
            })
        }
    })
}

/// A Single widened to f64 through its shortest decimal text, so 1.1f32 becomes 1.1 and not
/// 1.100000023841858 (the digits Access shows are the ones kept).
pub(crate) fn widen(f: f32) -> f64 {
    if f.is_finite() {
        f.to_string().parse().unwrap_or(f64::from(f))
    } else {
        f64::from(f)
    }
}

/// A Date/Time Extended value always with its time, like the Date/Time columns.
fn with_time(s: String) -> String {
    if s.len() == 10 {
        s + " 00:00:00"
    } else {
        s
    }
}

/// The day of 0100-01-01 and of 9999-12-31, the first and last dates Access holds, as OLE day
/// numbers.
const FIRST_DAY: i64 = -657_434;
const LAST_DAY: i64 = 2_958_465;
/// 1899-12-30 (OLE day 0) in days since 1970-01-01.
const OLE_EPOCH_FROM_UNIX: i64 = -25_569;

/// An OLE Automation date (days since 1899-12-30, the time of day as the fraction) as
/// `YYYY-MM-DD HH:MM:SS`, rounded to the second; `None` outside the years 100 to 9999.
///
/// Before the epoch the day is the integer part (toward zero) and the time of day the absolute
/// value of the fraction: -1.25 is 1899-12-29 06:00:00, as Access shows it.
pub(crate) fn ole_date_time(t: f64) -> Option<String> {
    if !(t > (FIRST_DAY - 1) as f64 && t < (LAST_DAY + 1) as f64) {
        return None;
    }
    let mut days = t.trunc() as i64;
    let mut seconds = (t.fract().abs() * 86_400.0).round() as i64;
    if seconds >= 86_400 {
        // Rounded up to midnight: the time runs forward from the date, so it is the next day,
        // for dates before the epoch too.
        days += 1;
        seconds -= 86_400;
    }
    if !(FIRST_DAY..=LAST_DAY).contains(&days) {
        return None;
    }
    let (y, m, d) = civil_from_days(days + OLE_EPOCH_FROM_UNIX);
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    ))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A value as text for the rejects file, whatever it is.
pub(crate) fn render(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Byte(n) => n.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Long(n) => n.to_string(),
        Value::BigInt(n) => n.to_string(),
        Value::Float(f) => widen(*f).to_string(),
        Value::Double(f) => f.to_string(),
        Value::Text(s)
        | Value::Money(s)
        | Value::Numeric(s)
        | Value::Guid(s)
        | Value::DateTimeExtended(s) => s.clone(),
        Value::Binary(b) => format!("({} bytes of binary data)", b.len()),
        Value::Timestamp(t) => ole_date_time(*t).unwrap_or_else(|| format!("{t:?}")),
        other => format!("{other:?}"),
    }
}

fn variant_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "a null",
        Value::Bool(_) => "a Yes/No",
        Value::Byte(_) | Value::Int(_) | Value::Long(_) | Value::BigInt(_) => "an integer",
        Value::Float(_) | Value::Double(_) => "a floating-point number",
        Value::Text(_) => "text",
        Value::Binary(_) => "binary data",
        Value::Money(_) => "a Currency value",
        Value::Numeric(_) => "a Decimal value",
        Value::Timestamp(_) => "a Date/Time value",
        Value::Guid(_) => "a GUID",
        Value::DateTimeExtended(_) => "a Date/Time Extended value",
        _ => "a value of another kind",
    }
}

/// Whether the null mask of a row (its raw bytes) says column `col_num` holds a value, read
/// the way jetdb reads it: the mask is the last ceil(columns/8) bytes, one bit per column, set
/// when the column is not null. Used to tell a real null from a value jetdb could not decode
/// (which it returns as null).
pub(crate) fn mask_says_stored(row: &[u8], is_jet3: bool, col_num: u16) -> bool {
    let col_count = if is_jet3 {
        row.first().map(|&b| usize::from(b))
    } else {
        row.get(..2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let Some(col_count) = col_count else {
        return false;
    };
    let Some(mask_start) = row.len().checked_sub(col_count.div_ceil(8)) else {
        return false;
    };
    let mask = &row[mask_start..];
    let byte = usize::from(col_num) / 8;
    mask.get(byte)
        .is_some_and(|b| b & (1 << (col_num % 8)) != 0)
}
