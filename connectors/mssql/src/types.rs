//! SQL Server types: the polars type each one is decoded to, its name as the server spells
//! it, and the exact text of the values that are read as text (decimals, money, dates, times,
//! uniqueidentifiers, binary).
//!
//! Dates and times are computed here from the protocol's day and tick counts (tiberius without
//! its chrono/time features hands those over raw): `datetime`/`smalldatetime` count days from
//! 1900-01-01, `date`/`datetime2`/`datetimeoffset` from 0001-01-01, times count increments of
//! 10^-scale seconds.

use std::fmt::Write as _;

use stx_connector_core::ColumnKind;
use tiberius::{ColumnData, ColumnType};

/// Days from 0001-01-01 to 1900-01-01 (the `datetime` epoch).
const DAYS_0001_TO_1900: i64 = 693_595;
/// Day number (since 0001-01-01) of 9999-12-31, the last day SQL Server stores.
const LAST_DAY: i64 = 3_652_058;
/// `datetime` counts from 1900-01-01 but starts at 1753-01-01: day -53690.
const FIRST_DATETIME_DAY: i64 = -53_690;
const SECONDS_PER_DAY: i64 = 86_400;

/// Largest money magnitude that survives tiberius's trip through an `f64` exactly: above it
/// (2^51 ten-thousandths, about 225 billion) the last digit may be off.
const MONEY_EXACT_LIMIT: f64 = 2_251_799_813_685_248.0 / 10_000.0;

/// How a result column is decoded, chosen once from its protocol type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDecoder {
    /// The polars side.
    pub kind: ColumnKind,
    /// `money`/`smallmoney`: tiberius delivers them as `f64`; they are rendered as exact text
    /// with 4 decimals.
    pub money: bool,
}

impl ColumnDecoder {
    /// The decoder for a column of protocol type `t`.
    pub fn for_type(t: ColumnType) -> ColumnDecoder {
        ColumnDecoder {
            kind: kind_of_column_type(t),
            money: matches!(t, ColumnType::Money | ColumnType::Money4),
        }
    }
}

/// The polars side of a protocol column type: integers → Int64, `bit` → Boolean, `float` /
/// `real` → Float64, everything else (exact numerics, money, dates, text, binary) → String.
pub fn kind_of_column_type(t: ColumnType) -> ColumnKind {
    match t {
        ColumnType::Int1
        | ColumnType::Int2
        | ColumnType::Int4
        | ColumnType::Int8
        | ColumnType::Intn => ColumnKind::Int,
        ColumnType::Bit | ColumnType::Bitn => ColumnKind::Bool,
        ColumnType::Float4 | ColumnType::Float8 | ColumnType::Floatn => ColumnKind::Float,
        _ => ColumnKind::Text,
    }
}

/// The server's name of a protocol column type (without length: the protocol metadata tiberius
/// exposes does not carry it; `describe` gets lengths from the catalog).
pub fn native_name_of_column_type(t: ColumnType) -> &'static str {
    match t {
        ColumnType::Null => "null",
        ColumnType::Bit | ColumnType::Bitn => "bit",
        ColumnType::Int1 => "tinyint",
        ColumnType::Int2 => "smallint",
        ColumnType::Int4 | ColumnType::Intn => "int",
        ColumnType::Int8 => "bigint",
        ColumnType::Datetime4 => "smalldatetime",
        ColumnType::Float4 => "real",
        ColumnType::Float8 | ColumnType::Floatn => "float",
        ColumnType::Money => "money",
        ColumnType::Money4 => "smallmoney",
        ColumnType::Datetime | ColumnType::Datetimen => "datetime",
        ColumnType::Guid => "uniqueidentifier",
        ColumnType::Decimaln => "decimal",
        ColumnType::Numericn => "numeric",
        ColumnType::Daten => "date",
        ColumnType::Timen => "time",
        ColumnType::Datetime2 => "datetime2",
        ColumnType::DatetimeOffsetn => "datetimeoffset",
        ColumnType::BigVarBin => "varbinary",
        ColumnType::BigVarChar => "varchar",
        ColumnType::BigBinary => "binary",
        ColumnType::BigChar => "char",
        ColumnType::NVarchar => "nvarchar",
        ColumnType::NChar => "nchar",
        ColumnType::Xml => "xml",
        ColumnType::Udt => "udt",
        ColumnType::Text => "text",
        ColumnType::Image => "image",
        ColumnType::NText => "ntext",
        ColumnType::SSVariant => "sql_variant",
    }
}

/// The base name of a type as the catalog spells it (`nvarchar(40)` → `nvarchar`), lowercase.
pub fn base_type_name(native: &str) -> String {
    native
        .split('(')
        .next()
        .unwrap_or(native)
        .trim()
        .to_ascii_lowercase()
}

/// The polars side of a type named by the catalog (`int`, `nvarchar(40)`, `decimal(10,2)`);
/// the same mapping as [`kind_of_column_type`].
pub fn kind_of_type_name(native: &str) -> ColumnKind {
    match base_type_name(native).as_str() {
        "tinyint" | "smallint" | "int" | "bigint" => ColumnKind::Int,
        "bit" => ColumnKind::Bool,
        "float" | "real" => ColumnKind::Float,
        _ => ColumnKind::Text,
    }
}

/// Whether a value is NULL, whatever its type.
pub fn is_null(data: &ColumnData<'_>) -> bool {
    match data {
        ColumnData::U8(v) => v.is_none(),
        ColumnData::I16(v) => v.is_none(),
        ColumnData::I32(v) => v.is_none(),
        ColumnData::I64(v) => v.is_none(),
        ColumnData::F32(v) => v.is_none(),
        ColumnData::F64(v) => v.is_none(),
        ColumnData::Bit(v) => v.is_none(),
        ColumnData::String(v) => v.is_none(),
        ColumnData::Guid(v) => v.is_none(),
        ColumnData::Binary(v) => v.is_none(),
        ColumnData::Numeric(v) => v.is_none(),
        ColumnData::Xml(v) => v.is_none(),
        ColumnData::DateTime(v) => v.is_none(),
        ColumnData::SmallDateTime(v) => v.is_none(),
        ColumnData::Time(v) => v.is_none(),
        ColumnData::Date(v) => v.is_none(),
        ColumnData::DateTime2(v) => v.is_none(),
        ColumnData::DateTimeOffset(v) => v.is_none(),
    }
}

/// The protocol's name of a value's type, for messages.
pub fn value_type_name(data: &ColumnData<'_>) -> &'static str {
    match data {
        ColumnData::U8(_) => "tinyint",
        ColumnData::I16(_) => "smallint",
        ColumnData::I32(_) => "int",
        ColumnData::I64(_) => "bigint",
        ColumnData::F32(_) => "real",
        ColumnData::F64(_) => "float",
        ColumnData::Bit(_) => "bit",
        ColumnData::String(_) => "text",
        ColumnData::Guid(_) => "uniqueidentifier",
        ColumnData::Binary(_) => "binary",
        ColumnData::Numeric(_) => "decimal",
        ColumnData::Xml(_) => "xml",
        ColumnData::DateTime(_) => "datetime",
        ColumnData::SmallDateTime(_) => "smalldatetime",
        ColumnData::Time(_) => "time",
        ColumnData::Date(_) => "date",
        ColumnData::DateTime2(_) => "datetime2",
        ColumnData::DateTimeOffset(_) => "datetimeoffset",
    }
}

/// An integer value, `None` for NULL; `Err` when the value is not an integer.
pub fn int_value(data: &ColumnData<'_>) -> Result<Option<i64>, String> {
    match data {
        ColumnData::U8(v) => Ok(v.map(i64::from)),
        ColumnData::I16(v) => Ok(v.map(i64::from)),
        ColumnData::I32(v) => Ok(v.map(i64::from)),
        ColumnData::I64(v) => Ok(*v),
        other if is_null(other) => Ok(None),
        other => Err(format!(
            "a {} value in an integer column",
            value_type_name(other)
        )),
    }
}

/// A float value, `None` for NULL. A `real` goes through its shortest decimal form, so 0.1
/// stays 0.1 instead of becoming 0.10000000149011612.
pub fn float_value(data: &ColumnData<'_>) -> Result<Option<f64>, String> {
    match data {
        ColumnData::F64(v) => Ok(*v),
        ColumnData::F32(v) => Ok(v.map(|f| {
            if f.is_finite() {
                f.to_string().parse::<f64>().unwrap_or(f64::from(f))
            } else {
                f64::from(f)
            }
        })),
        other if is_null(other) => Ok(None),
        other => Err(format!(
            "a {} value in a float column",
            value_type_name(other)
        )),
    }
}

/// A `bit` value, `None` for NULL.
pub fn bool_value(data: &ColumnData<'_>) -> Result<Option<bool>, String> {
    match data {
        ColumnData::Bit(v) => Ok(*v),
        other if is_null(other) => Ok(None),
        other => Err(format!(
            "a {} value in a bit column",
            value_type_name(other)
        )),
    }
}

/// Something worth a warning about a value that was read (not as it stood).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextNote {
    /// Nothing to say.
    None,
    /// A money value too large for tiberius's `f64` to carry exactly.
    InexactMoney,
}

/// Appends the text form of a non-NULL value to `out`. Returns `Ok(false)` for NULL (nothing
/// appended), `Err` for a value that cannot be represented (a day count out of range).
///
/// Forms: integers and floats as Rust prints them; `bit` as `true`/`false`; decimals with
/// their scale (`12.30`); money with 4 decimals; `date` `YYYY-MM-DD`; `time` `HH:MM:SS` plus
/// as many fraction digits as its scale; `datetime` `YYYY-MM-DD HH:MM:SS.fff` (as SQL Server
/// prints it); `smalldatetime` `YYYY-MM-DD HH:MM:SS`; `datetime2` with its scale's digits;
/// `datetimeoffset` local time then ` +HH:MM`; uniqueidentifier uppercase (as SQL Server prints
/// it); binary `0x` + uppercase hex; xml as its text.
pub fn write_text(
    data: &ColumnData<'_>,
    money: bool,
    out: &mut String,
) -> Result<(bool, TextNote), String> {
    let mut note = TextNote::None;
    match data {
        ColumnData::U8(Some(v)) => write!(out, "{v}").ok(),
        ColumnData::I16(Some(v)) => write!(out, "{v}").ok(),
        ColumnData::I32(Some(v)) => write!(out, "{v}").ok(),
        ColumnData::I64(Some(v)) => write!(out, "{v}").ok(),
        ColumnData::F32(Some(v)) => write!(out, "{v}").ok(),
        ColumnData::F64(Some(v)) if money => {
            if v.abs() >= MONEY_EXACT_LIMIT {
                note = TextNote::InexactMoney;
            }
            write_money(*v, out);
            Some(())
        }
        ColumnData::F64(Some(v)) => write!(out, "{v}").ok(),
        ColumnData::Bit(Some(v)) => {
            out.push_str(if *v { "true" } else { "false" });
            Some(())
        }
        ColumnData::String(Some(s)) => {
            out.push_str(s);
            Some(())
        }
        ColumnData::Guid(Some(g)) => {
            let mut buf = [0u8; 36];
            out.push_str(g.hyphenated().encode_upper(&mut buf));
            Some(())
        }
        ColumnData::Binary(Some(b)) => {
            write_hex(b, out);
            Some(())
        }
        ColumnData::Numeric(Some(n)) => {
            write_scaled(n.value(), n.scale(), out);
            Some(())
        }
        ColumnData::Xml(Some(x)) => {
            out.push_str(x.as_ref().as_ref());
            Some(())
        }
        ColumnData::DateTime(Some(dt)) => {
            write_datetime(i64::from(dt.days()), dt.seconds_fragments(), out)?;
            Some(())
        }
        ColumnData::SmallDateTime(Some(dt)) => {
            write_smalldatetime(dt.days(), dt.seconds_fragments(), out)?;
            Some(())
        }
        ColumnData::Date(Some(d)) => {
            write_date(i64::from(d.days()), out)?;
            Some(())
        }
        ColumnData::Time(Some(t)) => {
            write_time(t.increments(), t.scale(), out)?;
            Some(())
        }
        ColumnData::DateTime2(Some(dt)) => {
            write_datetime2(
                i64::from(dt.date().days()),
                dt.time().increments(),
                dt.time().scale(),
                out,
            )?;
            Some(())
        }
        ColumnData::DateTimeOffset(Some(dto)) => {
            let dt = dto.datetime2();
            write_datetimeoffset(
                i64::from(dt.date().days()),
                dt.time().increments(),
                dt.time().scale(),
                dto.offset(),
                out,
            )?;
            Some(())
        }
        _ => None,
    }
    .map_or(Ok((false, note.clone())), |()| Ok((true, note)))
}

/// The text of a value for a reject or a warning: never fails (a broken value says so).
pub fn lossy_text(data: &ColumnData<'_>, money: bool) -> String {
    let mut out = String::new();
    match write_text(data, money, &mut out) {
        Ok(_) => out,
        Err(problem) => format!("<{problem}>"),
    }
}

/// `0x` and the bytes in uppercase hex, as SQL Server prints binary values.
pub fn write_hex(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(2 + bytes.len() * 2);
    out.push_str("0x");
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
}

/// An integer `value` scaled by 10^-`scale`, exactly: `(1230, 2)` → `12.30`, `(-5, 2)` → `-0.05`.
pub fn write_scaled(value: i128, scale: u8, out: &mut String) {
    if value < 0 {
        out.push('-');
    }
    let magnitude = value.unsigned_abs();
    if scale == 0 {
        let _ = write!(out, "{magnitude}");
        return;
    }
    let pow = 10u128.pow(u32::from(scale));
    let _ = write!(
        out,
        "{}.{:0width$}",
        magnitude / pow,
        magnitude % pow,
        width = usize::from(scale)
    );
}

/// Money (received as `f64` = ten-thousandths / 10^4) back to its exact 4-decimal text.
pub fn write_money(value: f64, out: &mut String) {
    let scaled = (value * 10_000.0).round();
    write_scaled(scaled as i128, 4, out);
}

/// (year, month, day) of the day `days` after 0001-01-01 in the proleptic Gregorian calendar
/// (the calendar SQL Server uses for every date type).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's civil_from_days, counted from 0000-03-01 (306 days before 0001-01-01),
    // so leap days fall at the end of the computed year.
    let z = days + 306;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days from 0001-01-01 to `year-month-day` (inverse of [`civil_from_days`]; tests only).
#[cfg(test)]
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 306
}

/// `YYYY-MM-DD` of the day `days` after 0001-01-01.
pub fn write_date(days: i64, out: &mut String) -> Result<(), String> {
    if !(0..=LAST_DAY).contains(&days) {
        return Err(format!(
            "day number {days} is outside 0001-01-01..9999-12-31"
        ));
    }
    let (y, m, d) = civil_from_days(days);
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
    Ok(())
}

/// `HH:MM:SS` and `scale` fraction digits of `increments` 10^-scale seconds after midnight.
pub fn write_time(increments: u64, scale: u8, out: &mut String) -> Result<(), String> {
    if scale > 7 {
        return Err(format!("time scale {scale} is above 7"));
    }
    let pow = 10u64.pow(u32::from(scale));
    let seconds = increments / pow;
    if seconds >= SECONDS_PER_DAY as u64 {
        return Err(format!("time of {increments} increments is past midnight"));
    }
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if scale > 0 {
        let _ = write!(
            out,
            ".{:0width$}",
            increments % pow,
            width = usize::from(scale)
        );
    }
    Ok(())
}

/// `datetime`: days since 1900-01-01 and 1/300 s ticks since midnight, as
/// `YYYY-MM-DD HH:MM:SS.fff` with the milliseconds rounded as SQL Server prints them (.000,
/// .003, .007).
pub fn write_datetime(days: i64, ticks: u32, out: &mut String) -> Result<(), String> {
    if !(FIRST_DATETIME_DAY..=LAST_DAY - DAYS_0001_TO_1900).contains(&days) {
        return Err(format!(
            "datetime day number {days} is outside 1753-01-01..9999-12-31"
        ));
    }
    let millis = (u64::from(ticks) * 10 + 1) / 3;
    if millis >= SECONDS_PER_DAY as u64 * 1000 {
        return Err(format!("datetime time of {ticks} ticks is past midnight"));
    }
    write_date(days + DAYS_0001_TO_1900, out)?;
    out.push(' ');
    write_time(millis, 3, out)
}

/// `smalldatetime`: days since 1900-01-01 and minutes since midnight, as
/// `YYYY-MM-DD HH:MM:SS`.
pub fn write_smalldatetime(days: u16, minutes: u16, out: &mut String) -> Result<(), String> {
    if minutes >= 1440 {
        return Err(format!("smalldatetime minute {minutes} is past midnight"));
    }
    write_date(i64::from(days) + DAYS_0001_TO_1900, out)?;
    out.push(' ');
    write_time(u64::from(minutes) * 60, 0, out)
}

/// `datetime2`: days since 0001-01-01 and time increments, as `YYYY-MM-DD HH:MM:SS[.f…]`.
pub fn write_datetime2(
    days: i64,
    increments: u64,
    scale: u8,
    out: &mut String,
) -> Result<(), String> {
    write_date(days, out)?;
    out.push(' ');
    write_time(increments, scale, out)
}

/// `datetimeoffset`: the protocol carries UTC plus the offset in minutes; SQL Server prints
/// the local time and the offset: `YYYY-MM-DD HH:MM:SS[.f…] +HH:MM`.
pub fn write_datetimeoffset(
    utc_days: i64,
    increments: u64,
    scale: u8,
    offset_minutes: i16,
    out: &mut String,
) -> Result<(), String> {
    if scale > 7 {
        return Err(format!("datetimeoffset scale {scale} is above 7"));
    }
    if offset_minutes.unsigned_abs() > 14 * 60 {
        return Err(format!(
            "offset of {offset_minutes} minutes is beyond ±14:00"
        ));
    }
    let per_second = 10i128.pow(u32::from(scale));
    let per_day = per_second * i128::from(SECONDS_PER_DAY);
    let local = i128::from(utc_days) * per_day
        + i128::from(increments)
        + i128::from(offset_minutes) * 60 * per_second;
    let days = local.div_euclid(per_day) as i64;
    let time = local.rem_euclid(per_day) as u64;
    write_datetime2(days, time, scale, out)?;
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let abs = offset_minutes.unsigned_abs();
    let _ = write!(out, " {sign}{:02}:{:02}", abs / 60, abs % 60);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::DataType;
    use std::borrow::Cow;
    use tiberius::numeric::Numeric;
    use tiberius::time::{Date, DateTime, DateTime2, DateTimeOffset, SmallDateTime, Time};
    use tiberius::xml::XmlData;
    use tiberius::Uuid;

    fn text(data: ColumnData<'_>, money: bool) -> Option<String> {
        let mut out = String::new();
        let (present, _) = write_text(&data, money, &mut out).unwrap();
        present.then_some(out)
    }

    fn day(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d)
    }

    #[test]
    fn calendar_known_days() {
        assert_eq!(civil_from_days(0), (1, 1, 1));
        assert_eq!(day(1, 1, 1), 0);
        assert_eq!(day(1900, 1, 1), DAYS_0001_TO_1900);
        assert_eq!(civil_from_days(DAYS_0001_TO_1900), (1900, 1, 1));
        assert_eq!(day(1970, 1, 1), 719_162);
        assert_eq!(day(9999, 12, 31), LAST_DAY);
        assert_eq!(civil_from_days(LAST_DAY), (9999, 12, 31));
        assert_eq!(day(1753, 1, 1) - DAYS_0001_TO_1900, FIRST_DATETIME_DAY);
        // Leap days: 2000 and 2024 are leap years, 1900 and 2100 are not.
        assert_eq!(civil_from_days(day(2000, 2, 28) + 1), (2000, 2, 29));
        assert_eq!(civil_from_days(day(2024, 2, 29) + 1), (2024, 3, 1));
        assert_eq!(civil_from_days(day(1900, 2, 28) + 1), (1900, 3, 1));
        assert_eq!(civil_from_days(day(2100, 2, 28) + 1), (2100, 3, 1));
        assert_eq!(day(2001, 1, 1) - day(2000, 1, 1), 366);
        assert_eq!(day(1901, 1, 1) - day(1900, 1, 1), 365);
        // Every day of four centuries round-trips and advances by exactly one day.
        let mut prev = civil_from_days(day(1899, 12, 31));
        for n in day(1900, 1, 1)..day(2300, 1, 1) {
            let (y, m, d) = civil_from_days(n);
            assert_eq!(days_from_civil(y, m, d), n);
            assert!((y, m, d) > prev, "{n}");
            prev = (y, m, d);
        }
    }

    #[test]
    fn dates_and_times_as_text() {
        let mut s = String::new();
        write_date(0, &mut s).unwrap();
        assert_eq!(s, "0001-01-01");
        s.clear();
        write_date(LAST_DAY, &mut s).unwrap();
        assert_eq!(s, "9999-12-31");
        assert!(write_date(LAST_DAY + 1, &mut String::new()).is_err());
        assert!(write_date(-1, &mut String::new()).is_err());

        s.clear();
        write_time(0, 0, &mut s).unwrap();
        assert_eq!(s, "00:00:00");
        s.clear();
        write_time(863_999_999_999, 7, &mut s).unwrap();
        assert_eq!(s, "23:59:59.9999999");
        s.clear();
        write_time(45_296_123, 3, &mut s).unwrap();
        assert_eq!(s, "12:34:56.123");
        assert!(write_time(864_000_000_000, 7, &mut String::new()).is_err());

        // datetime: 1900-01-01 is day 0; ticks are 1/300 s, printed as SQL Server does.
        s.clear();
        write_datetime(0, 0, &mut s).unwrap();
        assert_eq!(s, "1900-01-01 00:00:00.000");
        for (ticks, shown) in [
            (1, "00:00:00.003"),
            (2, "00:00:00.007"),
            (3, "00:00:00.010"),
        ] {
            s.clear();
            write_datetime(0, ticks, &mut s).unwrap();
            assert_eq!(&s[11..], shown);
        }
        s.clear();
        write_datetime(FIRST_DATETIME_DAY, 0, &mut s).unwrap();
        assert_eq!(s, "1753-01-01 00:00:00.000");
        s.clear();
        write_datetime(2_958_463, 25_919_999, &mut s).unwrap();
        assert_eq!(s, "9999-12-31 23:59:59.997");
        s.clear();
        write_datetime(day(2024, 2, 29) - DAYS_0001_TO_1900, 300 * 3661, &mut s).unwrap();
        assert_eq!(s, "2024-02-29 01:01:01.000");
        assert!(write_datetime(FIRST_DATETIME_DAY - 1, 0, &mut String::new()).is_err());

        s.clear();
        write_smalldatetime(0, 0, &mut s).unwrap();
        assert_eq!(s, "1900-01-01 00:00:00");
        s.clear();
        write_smalldatetime(65_535, 1439, &mut s).unwrap();
        assert_eq!(s, "2079-06-06 23:59:00");
        assert!(write_smalldatetime(0, 1440, &mut String::new()).is_err());

        s.clear();
        write_datetime2(day(2000, 2, 29), 1, 7, &mut s).unwrap();
        assert_eq!(s, "2000-02-29 00:00:00.0000001");
        s.clear();
        write_datetime2(day(1, 1, 1), 0, 0, &mut s).unwrap();
        assert_eq!(s, "0001-01-01 00:00:00");

        // datetimeoffset: UTC on the wire, printed in local time.
        s.clear();
        write_datetimeoffset(day(2020, 12, 31), 23 * 3600 * 100 + 3000, 2, 90, &mut s).unwrap();
        assert_eq!(s, "2021-01-01 00:30:30.00 +01:30");
        s.clear();
        write_datetimeoffset(day(2020, 3, 1), 3600, 0, -300, &mut s).unwrap();
        assert_eq!(s, "2020-02-29 20:00:00 -05:00");
        s.clear();
        write_datetimeoffset(day(9999, 12, 31), 0, 0, 0, &mut s).unwrap();
        assert_eq!(s, "9999-12-31 00:00:00 +00:00");
    }

    #[test]
    fn exact_numbers_as_text() {
        let mut s = String::new();
        for (value, scale, shown) in [
            (1230, 2, "12.30"),
            (-5, 2, "-0.05"),
            (0, 4, "0.0000"),
            (42, 0, "42"),
            (
                -99_999_999_999_999_999_999_999_999_999_999_999_999i128,
                38,
                "-0.99999999999999999999999999999999999999",
            ),
        ] {
            s.clear();
            write_scaled(value, scale, &mut s);
            assert_eq!(s, shown);
        }
        for (money, shown) in [
            (12.34, "12.3400"),
            (-0.0001, "-0.0001"),
            (214_748.364_7, "214748.3647"),
            (-214_748.364_8, "-214748.3648"),
            (123_456_789.012_3, "123456789.0123"),
        ] {
            s.clear();
            write_money(money, &mut s);
            assert_eq!(s, shown);
        }
    }

    #[test]
    fn protocol_types_map_to_dtypes_and_names() {
        use ColumnType as T;
        let cases = [
            (T::Int1, DataType::Int64, "tinyint"),
            (T::Int2, DataType::Int64, "smallint"),
            (T::Int4, DataType::Int64, "int"),
            (T::Int8, DataType::Int64, "bigint"),
            (T::Intn, DataType::Int64, "int"),
            (T::Bit, DataType::Boolean, "bit"),
            (T::Bitn, DataType::Boolean, "bit"),
            (T::Float4, DataType::Float64, "real"),
            (T::Float8, DataType::Float64, "float"),
            (T::Floatn, DataType::Float64, "float"),
            (T::Decimaln, DataType::String, "decimal"),
            (T::Numericn, DataType::String, "numeric"),
            (T::Money, DataType::String, "money"),
            (T::Money4, DataType::String, "smallmoney"),
            (T::Datetime, DataType::String, "datetime"),
            (T::Datetimen, DataType::String, "datetime"),
            (T::Datetime4, DataType::String, "smalldatetime"),
            (T::Daten, DataType::String, "date"),
            (T::Timen, DataType::String, "time"),
            (T::Datetime2, DataType::String, "datetime2"),
            (T::DatetimeOffsetn, DataType::String, "datetimeoffset"),
            (T::Guid, DataType::String, "uniqueidentifier"),
            (T::BigVarChar, DataType::String, "varchar"),
            (T::BigChar, DataType::String, "char"),
            (T::NVarchar, DataType::String, "nvarchar"),
            (T::NChar, DataType::String, "nchar"),
            (T::Text, DataType::String, "text"),
            (T::NText, DataType::String, "ntext"),
            (T::BigVarBin, DataType::String, "varbinary"),
            (T::BigBinary, DataType::String, "binary"),
            (T::Image, DataType::String, "image"),
            (T::Xml, DataType::String, "xml"),
            (T::SSVariant, DataType::String, "sql_variant"),
        ];
        for (t, dtype, name) in cases {
            assert_eq!(kind_of_column_type(t).dtype(), dtype, "{t:?}");
            assert_eq!(native_name_of_column_type(t), name, "{t:?}");
            // The catalog's spelling maps the same way as the protocol type.
            assert_eq!(kind_of_type_name(name).dtype(), dtype, "{name}");
        }
        assert!(ColumnDecoder::for_type(T::Money).money);
        assert!(ColumnDecoder::for_type(T::Money4).money);
        assert!(!ColumnDecoder::for_type(T::Float8).money);
        assert_eq!(kind_of_type_name("NVARCHAR(40)"), ColumnKind::Text);
        assert_eq!(kind_of_type_name("decimal(10,2)"), ColumnKind::Text);
        assert_eq!(kind_of_type_name(" BigInt "), ColumnKind::Int);
    }

    #[test]
    fn values_of_every_type_decode() {
        assert_eq!(int_value(&ColumnData::U8(Some(255))), Ok(Some(255)));
        assert_eq!(int_value(&ColumnData::I16(Some(-32768))), Ok(Some(-32768)));
        assert_eq!(
            int_value(&ColumnData::I32(Some(i32::MIN))),
            Ok(Some(i64::from(i32::MIN)))
        );
        assert_eq!(
            int_value(&ColumnData::I64(Some(i64::MAX))),
            Ok(Some(i64::MAX))
        );
        assert_eq!(int_value(&ColumnData::I32(None)), Ok(None));
        assert!(int_value(&ColumnData::String(Some("1".into()))).is_err());
        assert_eq!(float_value(&ColumnData::F32(Some(0.1))), Ok(Some(0.1)));
        assert_eq!(
            float_value(&ColumnData::F64(Some(-1.5e300))),
            Ok(Some(-1.5e300))
        );
        assert_eq!(float_value(&ColumnData::F64(None)), Ok(None));
        assert_eq!(bool_value(&ColumnData::Bit(Some(true))), Ok(Some(true)));
        assert_eq!(bool_value(&ColumnData::Bit(None)), Ok(None));
        assert!(bool_value(&ColumnData::I32(Some(1))).is_err());

        let guid = Uuid::parse_str("6f9619ff-8b86-d011-b42d-00c04fc964ff").unwrap();
        let date = Date::new(days_from_civil(2024, 2, 29) as u32);
        let cases: Vec<(ColumnData<'static>, bool, &str)> = vec![
            (
                ColumnData::Numeric(Some(Numeric::new_with_scale(-123_456, 2))),
                false,
                "-1234.56",
            ),
            (
                ColumnData::F64(Some(922_337_203.580_7)),
                true,
                "922337203.5807",
            ),
            (ColumnData::F64(Some(-1.25)), true, "-1.2500"),
            (ColumnData::F64(Some(2.5)), false, "2.5"),
            (
                ColumnData::String(Some(Cow::Borrowed("Zoé 東京 🎉"))),
                false,
                "Zoé 東京 🎉",
            ),
            (
                ColumnData::Guid(Some(guid)),
                false,
                "6F9619FF-8B86-D011-B42D-00C04FC964FF",
            ),
            (
                ColumnData::Binary(Some(Cow::Owned(vec![0x00, 0xAB, 0x0f]))),
                false,
                "0x00AB0F",
            ),
            (ColumnData::Binary(Some(Cow::Owned(vec![]))), false, "0x"),
            (
                ColumnData::Xml(Some(Cow::Owned(XmlData::new("<a>1</a>")))),
                false,
                "<a>1</a>",
            ),
            (ColumnData::Date(Some(date)), false, "2024-02-29"),
            (
                ColumnData::Time(Some(Time::new(452_961_234_567, 7))),
                false,
                "12:34:56.1234567",
            ),
            (
                ColumnData::DateTime(Some(DateTime::new(-53_690, 0))),
                false,
                "1753-01-01 00:00:00.000",
            ),
            (
                ColumnData::SmallDateTime(Some(SmallDateTime::new(1, 61))),
                false,
                "1900-01-02 01:01:00",
            ),
            (
                ColumnData::DateTime2(Some(DateTime2::new(date, Time::new(1234, 3)))),
                false,
                "2024-02-29 00:00:01.234",
            ),
            (
                ColumnData::DateTimeOffset(Some(DateTimeOffset::new(
                    DateTime2::new(date, Time::new(0, 0)),
                    -60,
                ))),
                false,
                "2024-02-28 23:00:00 -01:00",
            ),
            (ColumnData::Bit(Some(false)), false, "false"),
            (ColumnData::I16(Some(-7)), false, "-7"),
        ];
        for (data, money, shown) in cases {
            assert_eq!(
                text(data.clone(), money).as_deref(),
                Some(shown),
                "{data:?}"
            );
            assert!(!is_null(&data));
        }
        // NULL of every type.
        let nulls: Vec<ColumnData<'static>> = vec![
            ColumnData::U8(None),
            ColumnData::I16(None),
            ColumnData::I32(None),
            ColumnData::I64(None),
            ColumnData::F32(None),
            ColumnData::F64(None),
            ColumnData::Bit(None),
            ColumnData::String(None),
            ColumnData::Guid(None),
            ColumnData::Binary(None),
            ColumnData::Numeric(None),
            ColumnData::Xml(None),
            ColumnData::DateTime(None),
            ColumnData::SmallDateTime(None),
            ColumnData::Time(None),
            ColumnData::Date(None),
            ColumnData::DateTime2(None),
            ColumnData::DateTimeOffset(None),
        ];
        for data in nulls {
            assert!(is_null(&data), "{data:?}");
            assert_eq!(text(data.clone(), false), None);
            assert_eq!(lossy_text(&data, false), "");
        }
        // Huge money is flagged: the f64 tiberius delivers cannot carry every digit.
        let mut s = String::new();
        let (_, note) =
            write_text(&ColumnData::F64(Some(900_000_000_000_000.5)), true, &mut s).unwrap();
        assert_eq!(note, TextNote::InexactMoney);
        // A corrupt day count is an error, not a panic.
        assert!(lossy_text(
            &ColumnData::DateTime(Some(DateTime::new(i32::MAX, 0))),
            false
        )
        .starts_with('<'));
    }
}
