//! PostgreSQL's binary wire formats, decoded straight into polars column builders.
//!
//! Both read paths feed this module: `COPY ... TO STDOUT (FORMAT binary)` (parsed by
//! [`CopyParser`] from chunks that may split a tuple anywhere) and the plain-query fallback,
//! whose rows arrive in the same per-value binary format. One [`Dec`] is chosen per column
//! before the read; types without a native decoder are cast to `text` by the server.

use std::fmt::Write as _;
use std::sync::Arc;

use polars::prelude::{
    BooleanChunked, ChunkedBuilder, Column, DataFrame, NewChunkedArray, PlSmallStr,
};
use stx_connector_core::ColumnBuilder as Builder;
use stx_connector_core::{Batch, ColumnKind, ReadReject, SOURCE_ROW_COLUMN};
use tokio_postgres::types::{Kind, Type};

/// How one column's binary values are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dec {
    /// `int2`.
    Int2,
    /// `int4`.
    Int4,
    /// `int8`.
    Int8,
    /// `oid` (unsigned 32 bits).
    Oid,
    /// `float4`.
    Float4,
    /// `float8`.
    Float8,
    /// `bool`.
    Bool,
    /// UTF-8 text as sent (text, varchar, bpchar, name, citext, json, anything cast to text).
    Text,
    /// `jsonb`: a version byte, then text.
    Jsonb,
    /// `bytea`, rendered as PostgreSQL's hex form `\x0a1b`.
    Bytea,
    /// `numeric`, rendered exactly with its scale.
    Numeric,
    /// `date`.
    Date,
    /// `time` (without time zone).
    Time,
    /// `timestamp` (without time zone).
    Timestamp,
    /// `timestamptz`, rendered in UTC with `+00`.
    TimestampTz,
    /// `uuid`.
    Uuid,
}

impl Dec {
    /// The native decoder for `ty`, or `None` when the server should render it as text
    /// (`::text` cast): intervals, arrays, enums, money, network and geometric types ...
    pub fn for_type(ty: &Type) -> Option<Dec> {
        if let Kind::Domain(base) = ty.kind() {
            // A domain is sent in its base type's binary format.
            return Dec::for_type(base);
        }
        let dec = match *ty {
            Type::INT2 => Dec::Int2,
            Type::INT4 => Dec::Int4,
            Type::INT8 => Dec::Int8,
            Type::OID => Dec::Oid,
            Type::FLOAT4 => Dec::Float4,
            Type::FLOAT8 => Dec::Float8,
            Type::BOOL => Dec::Bool,
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::JSON | Type::UNKNOWN => {
                Dec::Text
            }
            Type::JSONB => Dec::Jsonb,
            Type::BYTEA => Dec::Bytea,
            Type::NUMERIC => Dec::Numeric,
            Type::DATE => Dec::Date,
            Type::TIME => Dec::Time,
            Type::TIMESTAMP => Dec::Timestamp,
            Type::TIMESTAMPTZ => Dec::TimestampTz,
            Type::UUID => Dec::Uuid,
            // citext is an extension type (no fixed OID); its binary form is plain text.
            _ if ty.name() == "citext" && matches!(ty.kind(), Kind::Simple) => Dec::Text,
            _ => return None,
        };
        Some(dec)
    }

    /// The polars column kind this decoder fills.
    pub fn kind(self) -> ColumnKind {
        match self {
            Dec::Int2 | Dec::Int4 | Dec::Int8 | Dec::Oid => ColumnKind::Int,
            Dec::Float4 | Dec::Float8 => ColumnKind::Float,
            Dec::Bool => ColumnKind::Bool,
            _ => ColumnKind::Text,
        }
    }
}

/// A column of the read: its name and decoder (after any `::text` cast).
#[derive(Debug, Clone)]
pub struct ColumnPlan {
    /// Result column name.
    pub name: String,
    /// Decoder of its binary values.
    pub dec: Dec,
}

fn fixed<const N: usize>(raw: &[u8], what: &str) -> Result<[u8; N], String> {
    raw.try_into().map_err(|_| {
        format!(
            "a {what} value of {} bytes (expected {N}): the server sent an unexpected format",
            raw.len()
        )
    })
}

fn utf8(raw: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(raw).map_err(|e| {
        format!(
            "bytes that are not UTF-8 (bad byte at offset {}); is the database encoding SQL_ASCII? convert the column in a query (convert_from(col::bytea, 'LATIN1'))",
            e.valid_up_to()
        )
    })
}

/// Renders a value of a text-rendered decoder (`Numeric`, dates, `Bytea` ...) into `out`.
pub fn render(dec: Dec, raw: &[u8], out: &mut String) -> Result<(), String> {
    match dec {
        Dec::Text => out.push_str(utf8(raw)?),
        Dec::Jsonb => out.push_str(jsonb(raw)?),
        Dec::Bytea => render_bytea(raw, out),
        Dec::Numeric => render_numeric(raw, out)?,
        Dec::Date => render_date(i32::from_be_bytes(fixed(raw, "date")?), out)?,
        Dec::Time => render_time(i64::from_be_bytes(fixed(raw, "time")?), out)?,
        Dec::Timestamp => {
            render_timestamp(i64::from_be_bytes(fixed(raw, "timestamp")?), false, out)?
        }
        Dec::TimestampTz => {
            render_timestamp(i64::from_be_bytes(fixed(raw, "timestamptz")?), true, out)?
        }
        Dec::Uuid => render_uuid(&fixed(raw, "uuid")?, out),
        Dec::Int2 => write_int(out, i16::from_be_bytes(fixed(raw, "int2")?).into()),
        Dec::Int4 => write_int(out, i32::from_be_bytes(fixed(raw, "int4")?).into()),
        Dec::Int8 => write_int(out, i64::from_be_bytes(fixed(raw, "int8")?)),
        Dec::Oid => write_int(out, u32::from_be_bytes(fixed(raw, "oid")?).into()),
        Dec::Float4 => {
            let _ = write!(out, "{}", f32::from_be_bytes(fixed(raw, "float4")?));
        }
        Dec::Float8 => {
            let _ = write!(out, "{}", f64::from_be_bytes(fixed(raw, "float8")?));
        }
        Dec::Bool => out.push_str(if bool_of(raw)? { "true" } else { "false" }),
    }
    Ok(())
}

fn write_int(out: &mut String, v: i64) {
    let _ = write!(out, "{v}");
}

fn bool_of(raw: &[u8]) -> Result<bool, String> {
    Ok(fixed::<1>(raw, "bool")?[0] != 0)
}

fn jsonb(raw: &[u8]) -> Result<&str, String> {
    match raw.split_first() {
        Some((1, text)) => utf8(text),
        _ => Err("a jsonb value in an unknown binary version".into()),
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn render_bytea(raw: &[u8], out: &mut String) {
    out.reserve(2 + raw.len() * 2);
    out.push_str("\\x");
    for b in raw {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
}

fn render_uuid(raw: &[u8; 16], out: &mut String) {
    for (i, b) in raw.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
}

/// "00" to "99": two digits with one lookup (dates and times are on the hot path).
const TWO_DIGITS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Appends `v % 100` as two digits.
#[inline]
fn push2(out: &mut String, v: u32) {
    let i = (v % 100) as usize * 2;
    out.push(TWO_DIGITS[i] as char);
    out.push(TWO_DIGITS[i + 1] as char);
}

/// Appends `v % 10000` as four digits.
#[inline]
fn push4(out: &mut String, v: u32) {
    push2(out, v / 100);
    push2(out, v);
}

/// Appends `v` zero-padded to `width` digits (more when it is longer).
fn push_padded(out: &mut String, v: u64, width: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = v;
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for _ in (buf.len() - i)..width {
        out.push('0');
    }
    for &d in &buf[i..] {
        out.push(d as char);
    }
}

/// Binary `numeric`: ndigits, weight, sign, dscale (i16 each), then base-10000 digits.
/// Rendered like PostgreSQL's numeric_out: exact, with `dscale` fraction digits.
pub fn render_numeric(raw: &[u8], out: &mut String) -> Result<(), String> {
    if raw.len() < 8 {
        return Err(format!(
            "a numeric value of {} bytes (at least 8 expected)",
            raw.len()
        ));
    }
    let word = |i: usize| u16::from_be_bytes([raw[i], raw[i + 1]]);
    let ndigits = word(0) as i16;
    let weight = word(2) as i16 as i64;
    let sign = word(4);
    let dscale = word(6);
    match sign {
        0xC000 => {
            out.push_str("NaN");
            return Ok(());
        }
        0xD000 => {
            out.push_str("Infinity");
            return Ok(());
        }
        0xF000 => {
            out.push_str("-Infinity");
            return Ok(());
        }
        0x0000 | 0x4000 => {}
        other => {
            return Err(format!(
                "a numeric value with an unknown sign word {other:#06x}"
            ))
        }
    }
    if ndigits < 0 || raw.len() != 8 + 2 * ndigits as usize || dscale > 0x3FFF {
        return Err("a malformed numeric value".into());
    }
    let ndigits = ndigits as i64;
    let digit = |d: i64| -> u16 {
        if d < 0 || d >= ndigits {
            0
        } else {
            word(8 + 2 * d as usize)
        }
    };
    if (0..ndigits).any(|d| digit(d) >= 10000) {
        return Err("a numeric value with a digit out of range".into());
    }
    if sign == 0x4000 {
        out.push('-');
    }
    if weight < 0 {
        out.push('0');
    } else {
        for d in 0..=weight {
            let dig = digit(d) as u64;
            if d == 0 {
                push_padded(out, dig, 1);
            } else {
                push4(out, dig as u32);
            }
        }
    }
    if dscale > 0 {
        out.push('.');
        let mut left = dscale as usize;
        let mut d = weight + 1;
        while left > 0 {
            let dig = digit(d);
            let group = [dig / 1000, dig / 100 % 10, dig / 10 % 10, dig % 10];
            for &g in &group[..left.min(4)] {
                out.push((b'0' + g as u8) as char);
            }
            left -= left.min(4);
            d += 1;
        }
    }
    Ok(())
}

/// PostgreSQL's date epoch (2000-01-01) as a Julian day.
const PG_EPOCH_JDATE: i64 = 2_451_545;
const USECS_PER_DAY: i64 = 86_400_000_000;

/// Julian day → (year, month, day), PostgreSQL's j2date. Year 0 is 1 BC.
fn j2date(jd: i64) -> (i64, u32, u32) {
    let mut julian = jd as u64 + 32044;
    let mut quad = julian / 146_097;
    let extra = (julian - quad * 146_097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146_097;
    quad = julian / 1461;
    julian -= quad * 1461;
    let mut y = julian * 4 / 1461;
    let day_of_year = if y != 0 {
        (julian + 305) % 365
    } else {
        (julian + 306) % 366
    };
    julian = day_of_year + 123;
    y += quad * 4;
    let year = y as i64 - 4800;
    let quad = julian * 2141 / 65536;
    let day = julian - 7834 * quad / 256;
    let month = (quad + 10) % 12 + 1;
    (year, month as u32, day as u32)
}

/// Appends `YYYY-MM-DD` for days since 2000-01-01; returns whether the year is BC.
fn push_ymd(out: &mut String, days: i64) -> Result<bool, String> {
    let jd = days + PG_EPOCH_JDATE;
    // Far beyond PostgreSQL's own range (4713 BC .. 5874897 AD): not a real value.
    if !(0..=2_147_483_647 + PG_EPOCH_JDATE).contains(&jd) {
        return Err(format!("a date out of range ({days} days from 2000-01-01)"));
    }
    let (year, month, day) = j2date(jd);
    let bc = year <= 0;
    let shown = if bc { 1 - year } else { year };
    if shown < 10_000 {
        push4(out, shown as u32);
    } else {
        push_padded(out, shown as u64, 4);
    }
    out.push('-');
    push2(out, month);
    out.push('-');
    push2(out, day);
    Ok(bc)
}

/// Binary `date` (days since 2000-01-01) as `YYYY-MM-DD`, `infinity`, or `0044-03-15 BC`.
pub fn render_date(days: i32, out: &mut String) -> Result<(), String> {
    match days {
        i32::MAX => out.push_str("infinity"),
        i32::MIN => out.push_str("-infinity"),
        _ => {
            if push_ymd(out, days.into())? {
                out.push_str(" BC");
            }
        }
    }
    Ok(())
}

/// `HH:MM:SS` plus `.ffffff` without trailing zeros, like PostgreSQL's output.
fn push_hms(out: &mut String, usecs: i64) {
    let secs = usecs / 1_000_000;
    let frac = usecs % 1_000_000;
    // At most 24 hours (render_time checks), so two digits each.
    push2(out, (secs / 3600) as u32);
    out.push(':');
    push2(out, (secs / 60 % 60) as u32);
    out.push(':');
    push2(out, (secs % 60) as u32);
    if frac != 0 {
        let mut frac = frac as u64;
        let mut width = 6;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        out.push('.');
        push_padded(out, frac, width);
    }
}

/// Binary `time` (microseconds since midnight) as `HH:MM:SS[.ffffff]`.
pub fn render_time(usecs: i64, out: &mut String) -> Result<(), String> {
    if !(0..=USECS_PER_DAY).contains(&usecs) {
        return Err(format!("a time out of range ({usecs} microseconds)"));
    }
    push_hms(out, usecs);
    Ok(())
}

/// Binary `timestamp[tz]` (microseconds since 2000-01-01 00:00 [UTC]) as
/// `YYYY-MM-DD HH:MM:SS[.ffffff][+00][ BC]`, or `infinity` / `-infinity`.
pub fn render_timestamp(usecs: i64, utc: bool, out: &mut String) -> Result<(), String> {
    match usecs {
        i64::MAX => out.push_str("infinity"),
        i64::MIN => out.push_str("-infinity"),
        _ => {
            let days = usecs.div_euclid(USECS_PER_DAY);
            let bc = push_ymd(out, days)?;
            out.push(' ');
            push_hms(out, usecs.rem_euclid(USECS_PER_DAY));
            if utc {
                out.push_str("+00");
            }
            if bc {
                out.push_str(" BC");
            }
        }
    }
    Ok(())
}

/// Decoding into the shared column builder.
trait PushValue {
    /// Decodes one non-null value; on error nothing is appended.
    fn push(&mut self, dec: Dec, raw: &[u8], fmt: &mut String) -> Result<(), String>;
}

impl PushValue for Builder {
    #[inline]
    fn push(&mut self, dec: Dec, raw: &[u8], fmt: &mut String) -> Result<(), String> {
        match (self, dec) {
            (Builder::Int(b), Dec::Int8) => b.append_value(i64::from_be_bytes(fixed(raw, "int8")?)),
            (Builder::Int(b), Dec::Int4) => {
                b.append_value(i32::from_be_bytes(fixed(raw, "int4")?).into())
            }
            (Builder::Int(b), Dec::Int2) => {
                b.append_value(i16::from_be_bytes(fixed(raw, "int2")?).into())
            }
            (Builder::Int(b), Dec::Oid) => {
                b.append_value(u32::from_be_bytes(fixed(raw, "oid")?).into())
            }
            (Builder::Float(b), Dec::Float8) => {
                b.append_value(f64::from_be_bytes(fixed(raw, "float8")?))
            }
            (Builder::Float(b), Dec::Float4) => {
                b.append_value(f32::from_be_bytes(fixed(raw, "float4")?).into())
            }
            (Builder::Bool(b), Dec::Bool) => b.append_value(bool_of(raw)?),
            (Builder::Text(b), Dec::Text) => b.append_value(utf8(raw)?),
            (Builder::Text(b), Dec::Jsonb) => b.append_value(jsonb(raw)?),
            (Builder::Text(b), dec) => {
                fmt.clear();
                render(dec, raw, fmt)?;
                b.append_value(fmt.as_str());
            }
            (_, dec) => {
                return Err(format!(
                    "internal error: no {dec:?} decoder for this column"
                ))
            }
        }
        Ok(())
    }
}

/// Rows decoded but not numbered yet: the source row numbers are given when the batch is
/// delivered ([`PendingBatch::into_batch`]), so parallel readers can decode ahead.
pub struct PendingBatch {
    columns: Vec<Column>,
    /// Rows read (decoded and rejected), in read order.
    rows: usize,
    /// Positions (0-based, in read order) of the rejected rows, which hold nulls in `columns`.
    rejected: Vec<usize>,
    /// The rejects, `src_row` relative to the batch (0-based) until delivered.
    rejects: Vec<ReadReject>,
}

impl PendingBatch {
    /// Rows read, rejects included.
    #[cfg(test)]
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The batch with source rows numbered from `first_row`.
    pub fn into_batch(self, first_row: u64) -> polars::prelude::PolarsResult<Batch> {
        let src: Vec<u64> = (first_row..first_row + self.rows as u64).collect();
        let mut columns = Vec::with_capacity(self.columns.len() + 1);
        columns.push(Column::new(SOURCE_ROW_COLUMN.into(), src));
        columns.extend(self.columns);
        let mut data = DataFrame::new(self.rows, columns)?;
        if !self.rejected.is_empty() {
            let mut keep = vec![true; self.rows];
            for &i in &self.rejected {
                keep[i] = false;
            }
            data = data.filter(&BooleanChunked::from_slice(PlSmallStr::EMPTY, &keep))?;
        }
        let rejects = self
            .rejects
            .into_iter()
            .map(|mut r| {
                r.src_row += first_row;
                r
            })
            .collect();
        Ok(Batch {
            data,
            rejects,
            warnings: Vec::new(),
        })
    }
}

/// Builds batches of at most `batch_rows` rows from binary tuples.
pub struct BatchBuilder {
    cols: Arc<Vec<ColumnPlan>>,
    builders: Vec<Builder>,
    rows: usize,
    rejected: Vec<usize>,
    rejects: Vec<ReadReject>,
    batch_rows: usize,
    fmt: String,
}

impl BatchBuilder {
    /// A builder for `cols`, cutting batches at `batch_rows` rows.
    pub fn new(cols: Arc<Vec<ColumnPlan>>, batch_rows: usize) -> BatchBuilder {
        let batch_rows = batch_rows.max(1);
        let mut out = BatchBuilder {
            cols,
            builders: Vec::new(),
            rows: 0,
            rejected: Vec::new(),
            rejects: Vec::new(),
            batch_rows,
            fmt: String::with_capacity(64),
        };
        out.builders = out.fresh_builders();
        out
    }

    fn fresh_builders(&self) -> Vec<Builder> {
        // A huge batch size must not preallocate gigabytes up front.
        let capacity = self.batch_rows.min(65_536);
        self.cols
            .iter()
            .map(|c| Builder::new(c.dec.kind(), &c.name, capacity))
            .collect()
    }

    /// Number of result columns.
    pub fn width(&self) -> usize {
        self.cols.len()
    }

    /// Whether the batch has reached its size.
    pub fn is_full(&self) -> bool {
        self.rows >= self.batch_rows
    }

    /// Whether no row was added since the last [`BatchBuilder::take`].
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Adds one row; `field(i)` is column i's raw binary value (`None` = NULL). A value that
    /// cannot be decoded rejects the row (kept as a [`ReadReject`]), it never panics.
    #[inline]
    pub fn push_row<'a>(&mut self, field: impl Fn(usize) -> Option<&'a [u8]>) {
        let n = self.cols.len();
        for i in 0..n {
            let dec = self.cols[i].dec;
            let builder = &mut self.builders[i];
            match field(i) {
                None => builder.push_null(),
                Some(raw) => {
                    if let Err(problem) = builder.push(dec, raw, &mut self.fmt) {
                        self.reject(i, problem, &field);
                        break;
                    }
                }
            }
        }
        self.rows += 1;
    }

    #[cold]
    fn reject<'a>(
        &mut self,
        at: usize,
        problem: String,
        field: &impl Fn(usize) -> Option<&'a [u8]>,
    ) {
        // The row stays in the builders as nulls and is filtered out when the batch is built.
        for b in &mut self.builders[at..] {
            b.push_null();
        }
        let show = |j: usize| -> String {
            let Some(raw) = field(j) else {
                return String::new();
            };
            let mut s = String::new();
            match render(self.cols[j].dec, raw, &mut s) {
                Ok(()) => s,
                Err(_) if matches!(self.cols[j].dec, Dec::Text | Dec::Jsonb) => {
                    String::from_utf8_lossy(raw).into_owned()
                }
                Err(_) => {
                    let mut hex = String::new();
                    render_bytea(raw, &mut hex);
                    hex
                }
            }
        };
        let name = &self.cols[at].name;
        self.rejects.push(ReadReject {
            src_row: self.rows as u64,
            values: (0..self.cols.len())
                .map(|j| (self.cols[j].name.clone(), show(j)))
                .collect(),
            column: Some(name.clone()),
            value: Some(show(at)),
            message: format!("column '{name}' holds {problem}"),
        });
        self.rejected.push(self.rows);
    }

    /// The rows so far as a batch; the builder starts a new one.
    pub fn take(&mut self) -> PendingBatch {
        let fresh = self.fresh_builders();
        let builders = std::mem::replace(&mut self.builders, fresh);
        let out = PendingBatch {
            columns: builders.into_iter().map(Builder::finish).collect(),
            rows: self.rows,
            rejected: std::mem::take(&mut self.rejected),
            rejects: std::mem::take(&mut self.rejects),
        };
        self.rows = 0;
        out
    }
}

/// The 11-byte signature that starts a binary COPY stream.
const COPY_SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Header,
    Tuples,
    Done,
}

/// Parses a binary COPY stream (header, tuples, trailer) from chunks of any size; a tuple split
/// across chunks waits in a carry-over buffer.
pub struct CopyParser {
    state: CopyState,
    carry: Vec<u8>,
    /// Field ranges (start, length) of the tuple being decoded, relative to its start.
    fields: Vec<Option<(usize, usize)>>,
}

impl Default for CopyParser {
    fn default() -> Self {
        CopyParser::new()
    }
}

impl CopyParser {
    /// A parser at the start of a stream.
    pub fn new() -> CopyParser {
        CopyParser {
            state: CopyState::Header,
            carry: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// Decodes every complete tuple of `chunk` (after the bytes carried over) into `out`; each
    /// batch that fills up goes to `ready`. An error means the stream is not binary COPY data
    /// of this shape: the read cannot go on.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        out: &mut BatchBuilder,
        ready: &mut Vec<PendingBatch>,
    ) -> Result<(), String> {
        if self.carry.is_empty() {
            let used = parse(&mut self.state, &mut self.fields, chunk, out, ready)?;
            self.carry.extend_from_slice(&chunk[used..]);
        } else {
            self.carry.extend_from_slice(chunk);
            let carry = std::mem::take(&mut self.carry);
            let used = parse(&mut self.state, &mut self.fields, &carry, out, ready);
            self.carry = carry;
            self.carry.drain(..used?);
        }
        Ok(())
    }

    /// Checks that the stream ended where it should (after the trailer).
    pub fn finish(&self) -> Result<(), String> {
        if self.state != CopyState::Done || !self.carry.is_empty() {
            return Err(format!(
                "the COPY stream ended early ({} bytes of an incomplete row{})",
                self.carry.len(),
                if self.state == CopyState::Header {
                    ", no header"
                } else {
                    ""
                }
            ));
        }
        Ok(())
    }
}

/// Parses from `buf`; returns how many bytes were consumed (complete units only).
fn parse(
    state: &mut CopyState,
    fields: &mut Vec<Option<(usize, usize)>>,
    buf: &[u8],
    out: &mut BatchBuilder,
    ready: &mut Vec<PendingBatch>,
) -> Result<usize, String> {
    let mut pos = 0;
    loop {
        let rest = &buf[pos..];
        match *state {
            CopyState::Header => {
                if rest.len() < 19 {
                    if !COPY_SIGNATURE.starts_with(&rest[..rest.len().min(11)]) {
                        return Err(
                            "the COPY stream does not start with the binary signature".into()
                        );
                    }
                    return Ok(pos);
                }
                if &rest[..11] != COPY_SIGNATURE {
                    return Err("the COPY stream does not start with the binary signature".into());
                }
                let flags = u32::from_be_bytes(rest[11..15].try_into().unwrap_or_default());
                if flags & (1 << 16) != 0 {
                    return Err(
                        "the COPY stream carries OIDs, which this reader does not expect".into(),
                    );
                }
                let ext = u32::from_be_bytes(rest[15..19].try_into().unwrap_or_default()) as usize;
                if rest.len() < 19 + ext {
                    return Ok(pos);
                }
                pos += 19 + ext;
                *state = CopyState::Tuples;
            }
            CopyState::Tuples => match scan_tuple(rest, out.width(), fields)? {
                Scan::Incomplete => return Ok(pos),
                Scan::Trailer => {
                    pos += 2;
                    *state = CopyState::Done;
                }
                Scan::Tuple(len) => {
                    let tuple = &rest[..len];
                    let fields = &*fields;
                    out.push_row(|i| fields[i].map(|(s, l)| &tuple[s..s + l]));
                    pos += len;
                    if out.is_full() {
                        ready.push(out.take());
                    }
                }
            },
            CopyState::Done => {
                if !rest.is_empty() {
                    return Err(format!(
                        "{} bytes after the end of the COPY data",
                        rest.len()
                    ));
                }
                return Ok(pos);
            }
        }
    }
}

enum Scan {
    Incomplete,
    Trailer,
    Tuple(usize),
}

/// Finds the extent of the tuple at the start of `buf` and the ranges of its fields.
#[inline]
fn scan_tuple(
    buf: &[u8],
    width: usize,
    fields: &mut Vec<Option<(usize, usize)>>,
) -> Result<Scan, String> {
    if buf.len() < 2 {
        return Ok(Scan::Incomplete);
    }
    let count = i16::from_be_bytes([buf[0], buf[1]]);
    if count == -1 {
        return Ok(Scan::Trailer);
    }
    if count < 0 || count as usize != width {
        return Err(format!(
            "a COPY row with {count} fields where the query has {width} columns"
        ));
    }
    fields.clear();
    let mut p = 2;
    for _ in 0..width {
        let Some(len) = buf.get(p..p + 4) else {
            return Ok(Scan::Incomplete);
        };
        let len = i32::from_be_bytes([len[0], len[1], len[2], len[3]]);
        p += 4;
        if len == -1 {
            fields.push(None);
            continue;
        }
        if len < 0 {
            return Err(format!("a COPY field with length {len}"));
        }
        let len = len as usize;
        if buf.len() < p + len {
            return Ok(Scan::Incomplete);
        }
        fields.push(Some((p, len)));
        p += len;
    }
    Ok(Scan::Tuple(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{AnyValue, DataType};

    fn numeric(ndigits: i16, weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> String {
        let mut raw = Vec::new();
        raw.extend_from_slice(&ndigits.to_be_bytes());
        raw.extend_from_slice(&weight.to_be_bytes());
        raw.extend_from_slice(&sign.to_be_bytes());
        raw.extend_from_slice(&dscale.to_be_bytes());
        for d in digits {
            raw.extend_from_slice(&d.to_be_bytes());
        }
        let mut s = String::new();
        render_numeric(&raw, &mut s)
            .map(|_| s)
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn numerics_render_exactly_with_their_scale() {
        assert_eq!(numeric(2, 0, 0, 2, &[12, 5000]), "12.50");
        assert_eq!(numeric(0, 0, 0, 0, &[]), "0");
        assert_eq!(numeric(0, 0, 0, 3, &[]), "0.000");
        assert_eq!(numeric(1, 1, 0x4000, 0, &[1]), "-10000");
        assert_eq!(numeric(3, 2, 0, 0, &[1, 2, 3]), "100020003");
        assert_eq!(numeric(1, -1, 0, 4, &[1]), "0.0001");
        assert_eq!(numeric(1, -2, 0x4000, 8, &[1]), "-0.00000001");
        assert_eq!(numeric(2, 0, 0, 6, &[3, 1415]), "3.141500");
        assert_eq!(numeric(2, 0, 0, 1, &[3, 1415]), "3.1");
        assert_eq!(numeric(0, 0, 0xC000, 0, &[]), "NaN");
        assert_eq!(numeric(0, 0, 0xD000, 0, &[]), "Infinity");
        assert_eq!(numeric(0, 0, 0xF000, 0, &[]), "-Infinity");
        assert!(numeric(1, 0, 0, 0, &[10000]).starts_with("ERR"));
        assert!(numeric(2, 0, 0, 0, &[1]).starts_with("ERR"), "too short");
        assert!(numeric(0, 0, 0x1234, 0, &[]).starts_with("ERR"));
        let mut s = String::new();
        assert!(render_numeric(&[0, 1], &mut s).is_err());
    }

    fn date(days: i32) -> String {
        let mut s = String::new();
        render_date(days, &mut s).unwrap();
        s
    }

    fn ts(usecs: i64, utc: bool) -> String {
        let mut s = String::new();
        render_timestamp(usecs, utc, &mut s).unwrap();
        s
    }

    #[test]
    fn dates_times_and_timestamps_render_like_postgres() {
        assert_eq!(date(0), "2000-01-01");
        assert_eq!(date(-1), "1999-12-31");
        assert_eq!(date(59), "2000-02-29");
        assert_eq!(date(i32::MAX), "infinity");
        assert_eq!(date(i32::MIN), "-infinity");
        // Day counts checked with `SELECT '0044-03-15 BC'::date - '2000-01-01'::date`.
        assert_eq!(date(-746_117), "0044-03-15 BC");
        // 4714-11-24 BC, the first day PostgreSQL accepts.
        assert_eq!(date(-2_451_545), "4714-11-24 BC");
        // 0001-01-01 and the day before it (1 BC, year 0).
        assert_eq!(date(-730_119), "0001-01-01");
        assert_eq!(date(-730_120), "0001-12-31 BC");
        assert_eq!(date(2_914_635), "9980-01-01");
        assert_eq!(date(2_936_550), "10040-01-01");
        let mut s = String::new();
        assert!(
            render_date(-2_451_546, &mut s).is_err(),
            "before Julian day 0"
        );
        let mut s = String::new();
        render_time(0, &mut s).unwrap();
        assert_eq!(s, "00:00:00");
        s.clear();
        render_time(45_296_789_000, &mut s).unwrap();
        assert_eq!(s, "12:34:56.789");
        s.clear();
        render_time(86_400_000_000, &mut s).unwrap();
        assert_eq!(s, "24:00:00");
        assert!(render_time(-1, &mut s).is_err());
        assert_eq!(ts(0, false), "2000-01-01 00:00:00");
        assert_eq!(ts(1, true), "2000-01-01 00:00:00.000001+00");
        assert_eq!(ts(-1, false), "1999-12-31 23:59:59.999999");
        assert_eq!(ts(-500_000, true), "1999-12-31 23:59:59.5+00");
        assert_eq!(ts(i64::MAX, true), "infinity");
        assert_eq!(ts(i64::MIN, false), "-infinity");
        let bc = -746_117 * USECS_PER_DAY + 36_000_000_000;
        assert_eq!(ts(bc, true), "0044-03-15 10:00:00+00 BC");
        assert_eq!(ts(bc, false), "0044-03-15 10:00:00 BC");
    }

    #[test]
    fn bytea_uuid_and_other_renderings() {
        let mut s = String::new();
        render(Dec::Bytea, &[0x0a, 0x1b, 0xff], &mut s).unwrap();
        assert_eq!(s, "\\x0a1bff");
        s.clear();
        render(Dec::Bytea, &[], &mut s).unwrap();
        assert_eq!(s, "\\x");
        s.clear();
        let uuid: Vec<u8> = (0u8..16).map(|i| i * 17).collect();
        render(Dec::Uuid, &uuid, &mut s).unwrap();
        assert_eq!(s, "00112233-4455-6677-8899-aabbccddeeff");
        s.clear();
        assert!(render(Dec::Uuid, &uuid[..15], &mut s).is_err());
        render(Dec::Jsonb, b"\x01{\"a\": 1}", &mut s).unwrap();
        assert_eq!(s, "{\"a\": 1}");
        assert!(render(Dec::Jsonb, b"\x02{}", &mut s).is_err());
    }

    fn cols() -> Arc<Vec<ColumnPlan>> {
        Arc::new(vec![
            ColumnPlan {
                name: "id".into(),
                dec: Dec::Int4,
            },
            ColumnPlan {
                name: "name".into(),
                dec: Dec::Text,
            },
            ColumnPlan {
                name: "d".into(),
                dec: Dec::Date,
            },
            ColumnPlan {
                name: "ok".into(),
                dec: Dec::Bool,
            },
        ])
    }

    fn tuple(out: &mut Vec<u8>, fields: &[Option<&[u8]>]) {
        out.extend_from_slice(&(fields.len() as i16).to_be_bytes());
        for f in fields {
            match f {
                None => out.extend_from_slice(&(-1i32).to_be_bytes()),
                Some(v) => {
                    out.extend_from_slice(&(v.len() as i32).to_be_bytes());
                    out.extend_from_slice(v);
                }
            }
        }
    }

    /// A stream of `rows` rows (row 3 has invalid UTF-8), header and trailer included.
    fn stream(rows: i32) -> Vec<u8> {
        let mut s = COPY_SIGNATURE.to_vec();
        s.extend_from_slice(&0u32.to_be_bytes());
        s.extend_from_slice(&4u32.to_be_bytes());
        s.extend_from_slice(b"ext!");
        for i in 1..=rows {
            let name = if i == 3 {
                b"bad \xff".to_vec()
            } else {
                format!("n{i}").into_bytes()
            };
            let id = i.to_be_bytes();
            let d = (i * 400).to_be_bytes();
            let name_field = if i == 5 { None } else { Some(&name[..]) };
            tuple(&mut s, &[Some(&id), name_field, Some(&d), Some(&[1])]);
        }
        s.extend_from_slice(&(-1i16).to_be_bytes());
        s
    }

    fn run(data: &[u8], split: &[usize], batch_rows: usize) -> Result<Vec<Batch>, String> {
        let mut parser = CopyParser::new();
        let mut out = BatchBuilder::new(cols(), batch_rows);
        let mut ready = Vec::new();
        let mut start = 0;
        for &end in split.iter().chain(std::iter::once(&data.len())) {
            parser.feed(&data[start..end], &mut out, &mut ready)?;
            start = end;
        }
        parser.finish()?;
        if !out.is_empty() {
            ready.push(out.take());
        }
        let mut next = 1;
        Ok(ready
            .into_iter()
            .map(|p| {
                let rows = p.rows() as u64;
                let b = p.into_batch(next).unwrap();
                next += rows;
                b
            })
            .collect())
    }

    fn summary(batches: &[Batch]) -> (Vec<u64>, Vec<i64>, Vec<Option<String>>, Vec<u64>) {
        let mut src = Vec::new();
        let mut ids = Vec::new();
        let mut names = Vec::new();
        let mut rejects = Vec::new();
        for b in batches {
            src.extend(
                b.data
                    .column(SOURCE_ROW_COLUMN)
                    .unwrap()
                    .u64()
                    .unwrap()
                    .into_no_null_iter(),
            );
            ids.extend(
                b.data
                    .column("id")
                    .unwrap()
                    .i64()
                    .unwrap()
                    .into_no_null_iter(),
            );
            let name = b.data.column("name").unwrap().str().unwrap();
            names.extend((0..name.len()).map(|i| name.get(i).map(str::to_string)));
            rejects.extend(b.rejects.iter().map(|r| r.src_row));
        }
        (src, ids, names, rejects)
    }

    #[test]
    fn tuples_split_anywhere_decode_the_same() {
        let data = stream(7);
        let whole = run(&data, &[], 3).unwrap();
        let expected = summary(&whole);
        assert_eq!(expected.0, vec![1, 2, 4, 5, 6, 7]);
        assert_eq!(expected.1, vec![1, 2, 4, 5, 6, 7]);
        assert_eq!(expected.2[3], None, "row 5's name is NULL");
        assert_eq!(expected.3, vec![3], "row 3 is rejected, not dropped");
        let reject = &whole[0].rejects[0];
        assert_eq!(reject.column.as_deref(), Some("name"));
        assert_eq!(reject.value.as_deref(), Some("bad \u{fffd}"));
        assert!(reject.message.contains("not UTF-8"), "{}", reject.message);
        assert_eq!(
            reject.values[2],
            ("d".to_string(), "2003-04-15".to_string())
        );
        assert_eq!(
            whole.iter().map(|b| b.rows_read()).collect::<Vec<_>>(),
            vec![3, 3, 1]
        );
        let d = whole[0].data.column("d").unwrap();
        assert_eq!(d.dtype(), &DataType::String);
        assert_eq!(d.get(0).unwrap(), AnyValue::String("2001-02-04"));
        // Every single split point, and byte-by-byte feeding.
        for cut in 1..data.len() {
            assert_eq!(
                summary(&run(&data, &[cut], 3).unwrap()),
                expected,
                "cut at {cut}"
            );
        }
        let every: Vec<usize> = (1..data.len()).collect();
        assert_eq!(summary(&run(&data, &every, 3).unwrap()), expected);
        for batch_rows in [1, 6, 7, 8, 100] {
            let got = run(&data, &[10, 40], batch_rows).unwrap();
            assert_eq!(summary(&got), expected, "batch_rows {batch_rows}");
            assert_eq!(got.iter().map(|b| b.rows_read()).sum::<usize>(), 7);
        }
    }

    #[test]
    fn truncated_or_malformed_streams_are_errors_not_panics() {
        let data = stream(4);
        for cut in 0..data.len() {
            let err = run(&data[..cut], &[], 2).unwrap_err();
            assert!(
                err.contains("ended early") || err.contains("signature"),
                "{cut}: {err}"
            );
        }
        let mut extra = data.clone();
        extra.push(0);
        assert!(run(&extra, &[], 2).unwrap_err().contains("after the end"));
        let mut wrong = COPY_SIGNATURE.to_vec();
        wrong.extend_from_slice(&[0; 8]);
        tuple(&mut wrong, &[Some(b"x")]);
        assert!(run(&wrong, &[], 2).unwrap_err().contains("1 fields"));
        assert!(run(b"COPY garbage that is long", &[], 2)
            .unwrap_err()
            .contains("signature"));
        let mut negative = COPY_SIGNATURE.to_vec();
        negative.extend_from_slice(&[0; 8]);
        negative.extend_from_slice(&4i16.to_be_bytes());
        negative.extend_from_slice(&(-7i32).to_be_bytes());
        assert!(run(&negative, &[], 2).unwrap_err().contains("length -7"));
        // A fixed-size value of the wrong size rejects the row instead of panicking.
        let mut short = COPY_SIGNATURE.to_vec();
        short.extend_from_slice(&[0; 8]);
        tuple(&mut short, &[Some(&[0, 1]), Some(b"a"), None, Some(&[1])]);
        short.extend_from_slice(&(-1i16).to_be_bytes());
        let got = run(&short, &[], 2).unwrap();
        assert_eq!(got[0].data.height(), 0);
        assert!(got[0].rejects[0].message.contains("int4 value of 2 bytes"));
        assert_eq!(got[0].rejects[0].value.as_deref(), Some("\\x0001"));
    }
}
