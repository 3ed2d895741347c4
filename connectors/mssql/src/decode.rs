//! Rows of a result into polars columns, one batch at a time.
//!
//! Each row is first decoded into a reusable staging area (numbers by value, text either
//! borrowed from the row or written into one reused scratch string), and only pushed into the
//! column builders when every column decoded: a row that cannot be read becomes a
//! [`ReadReject`] whole, and the builders never need to take a value back.

use polars::prelude::{ChunkedBuilder, Column as PlColumn, DataFrame, PolarsResult};
use stx_connector_core::ColumnBuilder as Builder;
use stx_connector_core::{
    Batch, ColumnKind, ReadAction, ReadReject, ReadWarning, SOURCE_ROW_COLUMN,
};
use tiberius::{Column, ColumnData};

use crate::types::{
    bool_value, float_value, int_value, is_null, lossy_text, value_type_name, write_text,
    ColumnDecoder, TextNote,
};

/// A decoded value waiting for the rest of its row.
#[derive(Debug, Clone, Copy)]
enum Staged {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    /// The row's own string (fetched again when pushed, to avoid a copy).
    RowText,
    /// Text written into the scratch string at this range.
    Scratch(usize, usize),
}

/// Builds batches from the rows of one result set.
pub struct BatchDecoder {
    names: Vec<String>,
    decoders: Vec<ColumnDecoder>,
    capacity: usize,
    builders: Vec<Builder>,
    src_rows: Vec<u64>,
    rejects: Vec<ReadReject>,
    warnings: Vec<ReadWarning>,
    staged: Vec<Staged>,
    scratch: String,
}

impl BatchDecoder {
    /// A decoder for a result with these columns (names already checked unique), batches of
    /// `capacity` rows.
    pub fn new(columns: &[Column], capacity: usize) -> BatchDecoder {
        let names: Vec<String> = columns.iter().map(|c| c.name().to_string()).collect();
        let decoders: Vec<ColumnDecoder> = columns
            .iter()
            .map(|c| ColumnDecoder::for_type(c.column_type()))
            .collect();
        let mut decoder = BatchDecoder {
            names,
            decoders,
            capacity,
            builders: Vec::new(),
            src_rows: Vec::with_capacity(capacity),
            rejects: Vec::new(),
            warnings: Vec::new(),
            staged: Vec::with_capacity(columns.len()),
            scratch: String::new(),
        };
        decoder.builders = decoder.fresh_builders();
        decoder
    }

    fn fresh_builders(&self) -> Vec<Builder> {
        self.names
            .iter()
            .zip(&self.decoders)
            .map(|(name, d)| Builder::new(d.kind, name, self.capacity))
            .collect()
    }

    /// Rows accounted for in the current batch (read or rejected).
    pub fn rows(&self) -> usize {
        self.src_rows.len() + self.rejects.len()
    }

    /// Decodes one row (`cells` in column order) as source row `src_row`.
    pub fn push(&mut self, cells: &[ColumnData<'static>], src_row: u64) {
        self.staged.clear();
        self.scratch.clear();
        let mut problem = None;
        for (i, data) in cells.iter().enumerate() {
            let Some(decoder) = self.decoders.get(i) else {
                break;
            };
            match stage(data, *decoder, &mut self.scratch) {
                Ok((staged, note)) => {
                    self.staged.push(staged);
                    if let Some(message) = note {
                        self.warnings.push(ReadWarning {
                            action: ReadAction::Replaced,
                            src_row,
                            column: self.names[i].clone(),
                            value: lossy_text(data, decoder.money),
                            message,
                        });
                    }
                }
                Err(message) => {
                    problem = Some((i, message));
                    break;
                }
            }
        }
        if problem.is_none() && self.staged.len() < self.names.len() {
            problem = Some((
                self.staged.len(),
                "the row has fewer values than the result has columns".to_string(),
            ));
        }
        if let Some((i, message)) = problem {
            let values: Vec<(String, String)> = self
                .names
                .iter()
                .zip(cells)
                .zip(&self.decoders)
                .map(|((n, d), dec)| (n.clone(), lossy_text(d, dec.money)))
                .collect();
            let value = values.get(i).map(|(_, v)| v.clone());
            self.rejects.push(ReadReject {
                src_row,
                values,
                column: self.names.get(i).cloned(),
                value,
                message: format!(
                    "column '{}' holds {message}; CAST it to nvarchar in a query to read it as text",
                    self.names.get(i).map(String::as_str).unwrap_or("?")
                ),
            });
            return;
        }
        for ((builder, staged), data) in self.builders.iter_mut().zip(&self.staged).zip(cells) {
            match (builder, *staged) {
                (Builder::Int(b), Staged::Int(v)) => b.append_value(v),
                (Builder::Float(b), Staged::Float(v)) => b.append_value(v),
                (Builder::Bool(b), Staged::Bool(v)) => b.append_value(v),
                (Builder::Text(b), Staged::Scratch(from, to)) => {
                    b.append_value(&self.scratch[from..to])
                }
                (Builder::Text(b), Staged::RowText) => match data {
                    ColumnData::String(Some(s)) => b.append_value(s.as_ref()),
                    _ => b.append_null(),
                },
                (Builder::Int(b), _) => b.append_null(),
                (Builder::Float(b), _) => b.append_null(),
                (Builder::Bool(b), _) => b.append_null(),
                (Builder::Text(b), _) => b.append_null(),
            }
        }
        self.src_rows.push(src_row);
    }

    /// The batch so far; the decoder starts a new one.
    pub fn finish(&mut self) -> PolarsResult<Batch> {
        let fresh = self.fresh_builders();
        let builders = std::mem::replace(&mut self.builders, fresh);
        let src_rows = std::mem::replace(&mut self.src_rows, Vec::with_capacity(self.capacity));
        let height = src_rows.len();
        let mut columns = Vec::with_capacity(builders.len() + 1);
        columns.push(PlColumn::new(SOURCE_ROW_COLUMN.into(), src_rows));
        columns.extend(builders.into_iter().map(Builder::finish));
        Ok(Batch {
            data: DataFrame::new(height, columns)?,
            rejects: std::mem::take(&mut self.rejects),
            warnings: std::mem::take(&mut self.warnings),
        })
    }
}

/// Decodes one value for its column; the note is a warning to record for the value.
fn stage(
    data: &ColumnData<'_>,
    decoder: ColumnDecoder,
    scratch: &mut String,
) -> Result<(Staged, Option<String>), String> {
    if is_null(data) {
        return Ok((Staged::Null, None));
    }
    let staged = match decoder.kind {
        ColumnKind::Int => Staged::Int(int_value(data)?.unwrap_or_default()),
        ColumnKind::Float => Staged::Float(float_value(data)?.unwrap_or_default()),
        ColumnKind::Bool => Staged::Bool(bool_value(data)?.unwrap_or_default()),
        ColumnKind::Text => {
            if let ColumnData::String(Some(s)) = data {
                // Lossy UTF-16 decoding put U+FFFD where the server held unpaired surrogates.
                let note = s.contains('\u{FFFD}').then(|| {
                    "the text held invalid UTF-16 (an unpaired surrogate), read as U+FFFD"
                        .to_string()
                });
                return Ok((Staged::RowText, note));
            }
            let from = scratch.len();
            let (_, note) = write_text(data, decoder.money, scratch).map_err(|e| {
                format!("a {} value that cannot be read: {e}", value_type_name(data))
            })?;
            let note = (note == TextNote::InexactMoney).then(|| {
                "money beyond 225 billion reaches the connector as a float: the last digits may be off; CAST it to decimal(19,4) in a query to read it exactly".to_string()
            });
            return Ok((Staged::Scratch(from, scratch.len()), note));
        }
    };
    Ok((staged, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::DataType;
    use std::borrow::Cow;
    use tiberius::numeric::Numeric;
    use tiberius::time::{Date, DateTime2, Time};
    use tiberius::ColumnType;

    fn columns() -> Vec<Column> {
        [
            ("id", ColumnType::Int4),
            ("name", ColumnType::NVarchar),
            ("amount", ColumnType::Decimaln),
            ("paid", ColumnType::Money),
            ("score", ColumnType::Float8),
            ("vip", ColumnType::Bitn),
            ("seen", ColumnType::Datetime2),
        ]
        .into_iter()
        .map(|(n, t)| Column::new(n.to_string(), t))
        .collect()
    }

    fn row(id: i32, name: Option<&'static str>) -> Vec<ColumnData<'static>> {
        vec![
            ColumnData::I32(Some(id)),
            ColumnData::String(name.map(Cow::Borrowed)),
            ColumnData::Numeric(Some(Numeric::new_with_scale(i128::from(id) * 101, 2))),
            ColumnData::F64(Some(1.5)),
            ColumnData::F64(None),
            ColumnData::Bit(Some(id % 2 == 0)),
            ColumnData::DateTime2(Some(DateTime2::new(Date::new(738_944), Time::new(0, 3)))),
        ]
    }

    #[test]
    fn rows_become_typed_columns_after_the_lineage_column() {
        let mut d = BatchDecoder::new(&columns(), 4);
        d.push(&row(1, Some("Zoé")), 1);
        d.push(&row(2, None), 2);
        assert_eq!(d.rows(), 2);
        let batch = d.finish().unwrap();
        assert_eq!(d.rows(), 0, "a new batch starts empty");
        let f = &batch.data;
        let names: Vec<&str> = f.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(
            names,
            ["_src_row", "id", "name", "amount", "paid", "score", "vip", "seen"]
        );
        let dtypes: Vec<DataType> = f.dtypes();
        assert_eq!(
            dtypes,
            [
                DataType::UInt64,
                DataType::Int64,
                DataType::String,
                DataType::String,
                DataType::String,
                DataType::Float64,
                DataType::Boolean,
                DataType::String
            ]
        );
        assert_eq!(f.column("name").unwrap().str().unwrap().get(0), Some("Zoé"));
        assert_eq!(f.column("name").unwrap().str().unwrap().get(1), None);
        assert_eq!(
            f.column("amount").unwrap().str().unwrap().get(1),
            Some("2.02")
        );
        assert_eq!(
            f.column("paid").unwrap().str().unwrap().get(0),
            Some("1.5000")
        );
        assert_eq!(f.column("score").unwrap().null_count(), 2);
        assert_eq!(f.column("vip").unwrap().bool().unwrap().get(1), Some(true));
        assert_eq!(
            f.column("seen").unwrap().str().unwrap().get(0),
            Some("2024-02-29 00:00:00.000")
        );
        assert!(batch.rejects.is_empty() && batch.warnings.is_empty());
    }

    #[test]
    fn undecodable_rows_are_rejected_whole_and_odd_values_warned() {
        let mut d = BatchDecoder::new(&columns(), 4);
        d.push(&row(1, Some("ok")), 7);
        let mut bad = row(2, Some("bad"));
        bad[6] = ColumnData::DateTime2(Some(DateTime2::new(Date::new(9_999_999), Time::new(0, 0))));
        d.push(&bad, 8);
        let mut odd = row(3, Some("lone \u{FFFD} surrogate"));
        odd[3] = ColumnData::F64(Some(900_000_000_000.5));
        d.push(&odd, 9);
        let mut short = row(4, None);
        short.truncate(3);
        d.push(&short, 10);
        assert_eq!(d.rows(), 4);
        let batch = d.finish().unwrap();
        assert_eq!(batch.data.height(), 2);
        let kept: Vec<u64> = batch
            .data
            .column("_src_row")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(kept, [7, 9]);
        assert_eq!(batch.rejects.len(), 2);
        let r = &batch.rejects[0];
        assert_eq!((r.src_row, r.column.as_deref()), (8, Some("seen")));
        assert!(r.message.contains("day number 9999999"), "{}", r.message);
        assert_eq!(r.values[1], ("name".to_string(), "bad".to_string()));
        assert!(r.value.as_deref().unwrap().starts_with('<'));
        assert!(batch.rejects[1].message.contains("fewer values"));
        let w: Vec<(u64, &str)> = batch
            .warnings
            .iter()
            .map(|w| (w.src_row, w.column.as_str()))
            .collect();
        assert_eq!(w, [(9, "name"), (9, "paid")]);
        assert!(batch.warnings[1].message.contains("decimal(19,4)"));
        // The columns stayed aligned: row 9's values follow row 7's.
        assert_eq!(
            batch.data.column("id").unwrap().i64().unwrap().get(1),
            Some(3)
        );
    }

    /// Decoding speed in this (debug) build: `cargo test --workspace --lib -- --ignored
    /// decode_throughput --nocapture`.
    #[test]
    #[ignore]
    fn decode_throughput() {
        let rows: Vec<Vec<ColumnData<'static>>> = (0..1_000_000)
            .map(|i| row(i, Some("Some Person Name")))
            .collect();
        let start = std::time::Instant::now();
        let mut d = BatchDecoder::new(&columns(), 50_000);
        let mut total = 0;
        for (i, r) in rows.iter().enumerate() {
            d.push(r, i as u64 + 1);
            if d.rows() == 50_000 {
                total += d.finish().unwrap().data.height();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{total} rows x 7 columns decoded in {secs:.2} s: {:.0} rows/s",
            total as f64 / secs
        );
    }
}
