//! Stepping a query's rows into polars frames, on a thread of its own.
//!
//! sqlx copied every value of every row into an owned row and handed it over through its
//! worker thread's channel: 8.5 s for the demo's million rows, where the `sqlite3` shell
//! needs 1.8 s. Here rusqlite steps the statement and each value is read as a slice of
//! SQLite's own buffer, checked, and appended to polars' builders; the thread sends whole
//! batches, so reading overlaps the mapping of the batch before.

use std::borrow::Cow;
use std::path::PathBuf;

use futures::StreamExt;
use polars::prelude::{Column, DataFrame};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use stx_connector_core::{
    Batch, BatchStream, Cell, ColumnBuilder, ColumnKind, ReadReject, SourceError, SOURCE_ROW_COLUMN,
};

use crate::CONNECTOR;

/// Batches waiting in the channel: one being mapped, one ready; more would only hold memory.
const BATCHES_AHEAD: usize = 2;

/// What the reader thread needs: where, what, and how each column is decoded.
pub(crate) struct RowQuery {
    pub path: PathBuf,
    pub sql: String,
    pub names: Vec<String>,
    pub kinds: Vec<ColumnKind>,
    pub batch_rows: usize,
}

/// Starts the reader thread and returns its batches as a stream. Dropping the stream stops
/// the thread at its next batch.
pub(crate) fn stream_rows(query: RowQuery) -> Result<BatchStream<'static>, SourceError> {
    let (tx, rx) = tokio::sync::mpsc::channel(BATCHES_AHEAD);
    let location = query.path.display().to_string();
    std::thread::Builder::new()
        .name("stx-sqlite-read".into())
        .spawn(move || {
            if let Err(e) = read_rows(&query, &tx) {
                // The receiver may be gone already; then nobody needs the error.
                let _ = tx.blocking_send(Err(e));
            }
        })
        .map_err(|e| SourceError::Read {
            connector: CONNECTOR,
            location,
            row: None,
            message: format!("cannot start the reader thread: {e}"),
            hint: None,
        })?;
    let batches = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|batch| (batch, rx))
    });
    Ok(batches.boxed())
}

type Sender = tokio::sync::mpsc::Sender<Result<Batch, SourceError>>;

fn read_rows(query: &RowQuery, tx: &Sender) -> Result<(), SourceError> {
    let location = query.path.display().to_string();
    let sql_error = |row: Option<u64>, e: rusqlite::Error| SourceError::Read {
        connector: CONNECTOR,
        location: location.clone(),
        row,
        message: e.to_string(),
        hint: None,
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(&query.path, flags).map_err(|e| sql_error(None, e))?;
    let mut statement = conn.prepare(&query.sql).map_err(|e| sql_error(None, e))?;
    let mut rows = statement.query([]).map_err(|e| sql_error(None, e))?;
    let batch_rows = query.batch_rows.max(1);
    let mut decoder = BatchDecoder::new(&query.names, &query.kinds, batch_rows);
    let mut src_row: u64 = 1;
    while let Some(row) = rows.next().map_err(|e| sql_error(Some(src_row), e))? {
        decoder.push(row, src_row);
        src_row += 1;
        if decoder.rows_read() == batch_rows {
            let full = std::mem::replace(
                &mut decoder,
                BatchDecoder::new(&query.names, &query.kinds, batch_rows),
            );
            if tx.blocking_send(full.finish(&location)).is_err() {
                return Ok(()); // the stream was dropped: nobody reads on
            }
        }
    }
    if decoder.rows_read() > 0 {
        let _ = tx.blocking_send(decoder.finish(&location));
    }
    Ok(())
}

/// Builds one batch: rows are checked whole before any of their values is appended, so a
/// rejected row leaves nothing behind.
struct BatchDecoder<'a> {
    names: &'a [String],
    kinds: &'a [ColumnKind],
    src_rows: Vec<u64>,
    builders: Vec<ColumnBuilder>,
    rejects: Vec<ReadReject>,
}

impl<'a> BatchDecoder<'a> {
    fn new(names: &'a [String], kinds: &'a [ColumnKind], capacity: usize) -> Self {
        BatchDecoder {
            names,
            kinds,
            src_rows: Vec::with_capacity(capacity),
            builders: kinds
                .iter()
                .zip(names)
                .map(|(kind, name)| ColumnBuilder::new(*kind, name.as_str(), capacity))
                .collect(),
            rejects: Vec::new(),
        }
    }

    /// Rows taken so far, read or rejected: a batch holds `batch_rows` source rows.
    fn rows_read(&self) -> usize {
        self.src_rows.len() + self.rejects.len()
    }

    fn push(&mut self, row: &rusqlite::Row<'_>, src_row: u64) {
        let mut cells = Vec::with_capacity(self.kinds.len());
        for (i, kind) in self.kinds.iter().enumerate() {
            let decoded = row
                .get_ref(i)
                .map_err(|e| e.to_string())
                .and_then(|value| decode(*kind, value));
            match decoded {
                Ok(cell) => cells.push(cell),
                Err(problem) => {
                    self.rejects.push(self.reject(row, src_row, i, &problem));
                    return;
                }
            }
        }
        for (builder, cell) in self.builders.iter_mut().zip(cells) {
            builder.push_cell(cell);
        }
        self.src_rows.push(src_row);
    }

    fn reject(&self, row: &rusqlite::Row<'_>, src_row: u64, i: usize, problem: &str) -> ReadReject {
        let name = &self.names[i];
        ReadReject {
            src_row,
            values: self
                .names
                .iter()
                .enumerate()
                .map(|(j, n)| (n.clone(), raw_text(row, j)))
                .collect(),
            column: Some(name.clone()),
            value: Some(raw_text(row, i)),
            message: format!(
                "column '{name}' is declared {:?} but holds {problem}; CAST it in the query (e.g. CAST({name} AS TEXT)) to read it as text",
                self.kinds[i]
            ),
        }
    }

    fn finish(self, location: &str) -> Result<Batch, SourceError> {
        let height = self.src_rows.len();
        let mut columns = Vec::with_capacity(self.builders.len() + 1);
        columns.push(Column::new(SOURCE_ROW_COLUMN.into(), self.src_rows));
        columns.extend(self.builders.into_iter().map(ColumnBuilder::finish));
        let data = DataFrame::new(height, columns).map_err(|e| SourceError::Read {
            connector: CONNECTOR,
            location: location.to_string(),
            row: None,
            message: e.to_string(),
            hint: None,
        })?;
        Ok(Batch {
            data,
            rejects: self.rejects,
            warnings: Vec::new(),
        })
    }
}

/// `value` as a column of `kind` keeps it, or what is wrong with it. SQLite's storage class
/// of each value decides, not the declared type: an `INTEGER` column may hold text.
fn decode(kind: ColumnKind, value: ValueRef<'_>) -> Result<Cell<'_>, String> {
    Ok(match (kind, value) {
        (_, ValueRef::Null) => Cell::Null,
        (ColumnKind::Int, ValueRef::Integer(n)) => Cell::Int(n),
        (ColumnKind::Int, ValueRef::Real(f)) => {
            if f.fract() != 0.0 || !f.is_finite() {
                return Err(format!("the non-integer number {f}"));
            }
            Cell::Int(f as i64)
        }
        (ColumnKind::Int, text) => {
            let s = text_of(text)?;
            Cell::Int(s.trim().parse().map_err(|_| format!("the text '{s}'"))?)
        }
        (ColumnKind::Float, ValueRef::Integer(n)) => Cell::Float(n as f64),
        (ColumnKind::Float, ValueRef::Real(f)) => Cell::Float(f),
        (ColumnKind::Float, text) => {
            let s = text_of(text)?;
            Cell::Float(s.trim().parse().map_err(|_| format!("the text '{s}'"))?)
        }
        (ColumnKind::Bool, ValueRef::Integer(n)) => match n {
            0 => Cell::Bool(false),
            1 => Cell::Bool(true),
            n => return Err(format!("the number {n}")),
        },
        (ColumnKind::Bool, ValueRef::Real(f)) => return Err(format!("the number {f}")),
        (ColumnKind::Bool, text) => {
            let s = text_of(text)?;
            match s.trim().to_ascii_lowercase().as_str() {
                "1" | "t" | "true" | "y" | "yes" => Cell::Bool(true),
                "0" | "f" | "false" | "n" | "no" => Cell::Bool(false),
                _ => return Err(format!("the text '{s}'")),
            }
        }
        (ColumnKind::Text, ValueRef::Integer(n)) => Cell::Text(Cow::Owned(n.to_string())),
        (ColumnKind::Text, ValueRef::Real(f)) => Cell::Text(Cow::Owned(f.to_string())),
        (ColumnKind::Text, text) => Cell::Text(Cow::Borrowed(text_of(text)?)),
    })
}

/// A TEXT or BLOB value as UTF-8 text, or why it is not.
fn text_of(value: ValueRef<'_>) -> Result<&str, String> {
    let (bytes, what) = match value {
        ValueRef::Blob(b) => (b, "binary"),
        ValueRef::Text(b) => (b, "text"),
        // Numbers are decoded by the caller; nothing else reaches here.
        _ => return Err("a value that is neither text nor a number".into()),
    };
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "{what} bytes that are not UTF-8 (bad byte at offset {}): '{}'",
            e.valid_up_to(),
            String::from_utf8_lossy(bytes)
        )
    })
}

/// A value as text for the rejects file, whatever its storage class.
fn raw_text(row: &rusqlite::Row<'_>, i: usize) -> String {
    match row.get_ref(i) {
        Ok(ValueRef::Integer(n)) => n.to_string(),
        Ok(ValueRef::Real(f)) => f.to_string(),
        Ok(ValueRef::Text(b) | ValueRef::Blob(b)) => String::from_utf8_lossy(b).into_owned(),
        Ok(ValueRef::Null) | Err(_) => String::new(),
    }
}
