//! The read loop: its own connection on its own thread, block or row fetching, batches over a
//! bounded channel.

use std::collections::HashSet;

use futures::StreamExt;
use odbc_api::buffers::ColumnarDynBuffer;
use odbc_api::{Cursor, DataType, ResultSetMetadata};
use stx_connector_core::{
    Batch, BatchStream, ColumnBuilder, ReadAction, ReadReject, ReadWarning, SourceError,
    SOURCE_ROW_COLUMN,
};
use tokio::sync::mpsc;

use crate::connstr::ConnectionString;
use crate::decode::{self, Problem, Strategy, Value};
use crate::dialect::Dialect;
use crate::FetchMode;

/// Batches waiting between the read thread and the pipeline.
const CHANNEL_BATCHES: usize = 4;

/// Memory one block of bound buffers may take.
const BLOCK_BYTES: usize = 64 << 20;

/// Everything a read needs to open its own connection.
#[derive(Clone)]
pub(crate) struct Target {
    pub cs: ConnectionString,
    pub dialect: Dialect,
    pub fetch: FetchMode,
    pub quote: Option<char>,
    pub connector: &'static str,
    pub location: String,
}

/// A result column and how it is read.
#[derive(Debug, Clone)]
pub(crate) struct SourceColumn {
    pub name: String,
    pub native_type: String,
    pub strategy: Strategy,
}

/// Names, types and strategies of a result's columns.
pub(crate) fn describe_columns(
    meta: &mut impl ResultSetMetadata,
    dialect: Dialect,
) -> Result<Vec<SourceColumn>, odbc_api::Error> {
    let count = meta.num_result_cols()?.max(0) as u16;
    let mut columns = Vec::with_capacity(count as usize);
    for i in 1..=count {
        // SQLDescribeCol, not SQLColAttribute: mdbtools answers the latter with empty names.
        let mut description = odbc_api::ColumnDescription::default();
        meta.describe_col(i, &mut description)?;
        let name = description.name_to_string().unwrap_or_default();
        let name = match name.trim_end_matches('\0') {
            "" => format!("column_{i}"),
            n => n.to_string(),
        };
        let data_type = match description.data_type {
            DataType::Unknown => meta.col_data_type(i).unwrap_or(DataType::Unknown),
            known => known,
        };
        columns.push(SourceColumn {
            name,
            native_type: type_name(data_type),
            strategy: Strategy::for_column(data_type, dialect),
        });
    }
    Ok(columns)
}

/// The SQL name of an ODBC type, with its length or precision.
pub(crate) fn type_name(t: DataType) -> String {
    let len = |l: Option<std::num::NonZeroUsize>| l.map_or(String::new(), |l| format!("({l})"));
    match t {
        DataType::Unknown => "UNKNOWN".into(),
        DataType::Char { length } => format!("CHAR{}", len(length)),
        DataType::WChar { length } => format!("WCHAR{}", len(length)),
        DataType::Varchar { length } => format!("VARCHAR{}", len(length)),
        DataType::WVarchar { length } => format!("WVARCHAR{}", len(length)),
        DataType::LongVarchar { length } => format!("LONGVARCHAR{}", len(length)),
        DataType::WLongVarchar { length } => format!("WLONGVARCHAR{}", len(length)),
        DataType::Numeric { precision, scale } => format!("NUMERIC({precision},{scale})"),
        DataType::Decimal { precision, scale } => format!("DECIMAL({precision},{scale})"),
        DataType::Integer => "INTEGER".into(),
        DataType::SmallInt => "SMALLINT".into(),
        DataType::TinyInt => "TINYINT".into(),
        DataType::BigInt => "BIGINT".into(),
        DataType::Bit => "BIT".into(),
        DataType::Real => "REAL".into(),
        DataType::Float { precision } => format!("FLOAT({precision})"),
        DataType::Double => "DOUBLE".into(),
        DataType::Date => "DATE".into(),
        DataType::Time { precision } => format!("TIME({precision})"),
        DataType::Timestamp { precision } => format!("TIMESTAMP({precision})"),
        DataType::Binary { length } => format!("BINARY{}", len(length)),
        DataType::Varbinary { length } => format!("VARBINARY{}", len(length)),
        DataType::LongVarbinary { length } => format!("LONGVARBINARY{}", len(length)),
        other => format!("{other:?}").to_ascii_uppercase(),
    }
}

/// Starts the read thread and returns the stream of its batches.
pub(crate) fn spawn(target: Target, sql: String, batch_rows: usize) -> BatchStream<'static> {
    let (tx, rx) = mpsc::channel(CHANNEL_BATCHES);
    let batch_rows = batch_rows.max(1);
    // A named thread: profiles and debuggers show where the ODBC driver's time goes.
    let thread = std::thread::Builder::new().name("stx-odbc-read".into());
    let (connector, location) = (target.connector, target.location.clone());
    let spawned = thread.spawn(move || {
        let mut reader = Reader {
            target: &target,
            tx: &tx,
            batch_rows,
        };
        if let Err(e) = reader.run(&sql) {
            // The receiver may be gone (the pipeline stopped early): nothing to tell then.
            let _ = tx.blocking_send(Err(e));
        }
    });
    if let Err(e) = spawned {
        let failed = SourceError::Read {
            connector,
            location,
            row: None,
            message: format!("cannot start the read thread: {e}"),
            hint: None,
        };
        return futures::stream::once(async move { Err(failed) }).boxed();
    }
    futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
    .boxed()
}

/// The pipeline dropped the stream: stop reading.
struct Stopped;

struct Reader<'a> {
    target: &'a Target,
    tx: &'a mpsc::Sender<Result<Batch, SourceError>>,
    batch_rows: usize,
}

/// The batch being filled.
struct Pending {
    src_rows: Vec<u64>,
    builders: Vec<Option<ColumnBuilder>>,
    rejects: Vec<ReadReject>,
    warnings: Vec<ReadWarning>,
}

impl Reader<'_> {
    fn run(&mut self, sql: &str) -> Result<(), SourceError> {
        let target = self.target;
        let conn = target.connect()?;
        target.setup_session(&conn)?;
        let mut cursor = conn
            .execute(sql, (), None)
            .map_err(|e| self.query_error(e))?
            .ok_or_else(|| SourceError::Query {
                connector: target.connector,
                location: target.location.clone(),
                message: "the statement returns no result set".into(),
                hint: Some("read a SELECT".into()),
            })?;
        let columns = target.columns(&mut cursor)?;
        self.check_names(&columns)?;
        let by_rows = match target.fetch {
            FetchMode::Row => true,
            FetchMode::Block => false,
            FetchMode::Auto => columns.iter().any(|c| c.strategy.needs_rows()),
        };
        let result = if by_rows {
            self.rows(cursor, &columns)
        } else {
            self.blocks(cursor, &columns)
        };
        match result {
            Ok(()) | Err(ReadEnd::Stopped(Stopped)) => Ok(()),
            Err(ReadEnd::Failed(e)) => Err(e),
        }
    }

    fn check_names(&self, columns: &[SourceColumn]) -> Result<(), SourceError> {
        let mut seen = HashSet::new();
        for c in columns {
            if !seen.insert(c.name.as_str()) || c.name == SOURCE_ROW_COLUMN {
                return Err(SourceError::Query {
                    connector: self.target.connector,
                    location: self.target.location.clone(),
                    message: format!("the result has two columns named '{}'", c.name),
                    hint: Some("give the columns distinct names with AS in the query".into()),
                });
            }
        }
        Ok(())
    }

    fn query_error(&self, e: odbc_api::Error) -> SourceError {
        SourceError::Query {
            connector: self.target.connector,
            location: self.target.location.clone(),
            message: self.target.scrub(&e.to_string()),
            hint: Some(
                "check the query in the database's own SQL, and names with `stx-migrate inspect`"
                    .into(),
            ),
        }
    }

    fn fetch_error(&self, e: odbc_api::Error, after_row: u64, by_rows: bool) -> SourceError {
        SourceError::Read {
            connector: self.target.connector,
            location: self.target.location.clone(),
            row: Some(after_row + 1),
            message: self.target.scrub(&e.to_string()),
            hint: Some(if by_rows {
                "the driver failed on this row; a CAST in a query can read the column as text"
                    .into()
            } else {
                "the driver failed on a block of rows starting here; fetch = \"row\" finds the row and column".into()
            }),
        }
    }

    fn pending(&self, columns: &[SourceColumn]) -> Pending {
        Pending {
            src_rows: Vec::with_capacity(self.batch_rows),
            builders: columns
                .iter()
                .map(|c| {
                    c.strategy
                        .kind()
                        .map(|k| ColumnBuilder::new(k, c.name.as_str(), self.batch_rows))
                })
                .collect(),
            rejects: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Sends the batch and starts a new one.
    fn flush(&self, pending: &mut Pending, columns: &[SourceColumn]) -> Result<(), ReadEnd> {
        let next = self.pending(columns);
        let done = std::mem::replace(pending, next);
        let batch = Batch::from_builders(
            done.src_rows,
            done.builders.into_iter().flatten(),
            done.rejects,
            done.warnings,
        )
        .map_err(|e| {
            ReadEnd::Failed(SourceError::Read {
                connector: self.target.connector,
                location: self.target.location.clone(),
                row: None,
                message: e.to_string(),
                hint: None,
            })
        })?;
        self.tx
            .blocking_send(Ok(batch))
            .map_err(|_| ReadEnd::Stopped(Stopped))
    }

    /// One warning per skipped (long binary) column, on the first row.
    fn skipped_warnings(&self, pending: &mut Pending, columns: &[SourceColumn], first_row: u64) {
        for c in columns.iter().filter(|c| c.strategy == Strategy::Skip) {
            pending.warnings.push(ReadWarning {
                action: ReadAction::Dropped,
                src_row: first_row,
                column: c.name.clone(),
                value: format!("({})", c.native_type),
                message: format!(
                    "column '{}' skipped: {} holds binary data (BLOB, OLE object, container), which is not read",
                    c.name, c.native_type
                ),
            });
        }
    }

    fn blocks(&self, cursor: impl Cursor, columns: &[SourceColumn]) -> Result<(), ReadEnd> {
        let row_bytes: usize = columns
            .iter()
            .map(|c| c.strategy.row_bytes())
            .sum::<usize>()
            .max(1);
        let rowset = (BLOCK_BYTES / row_bytes).clamp(1, self.batch_rows);
        let bound: Vec<(usize, u16, odbc_api::buffers::BufferDesc)> = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.strategy.buffer().map(|d| (i, i as u16 + 1, d)))
            .collect();
        let buffer = ColumnarDynBuffer::from_descs_and_indices(
            rowset,
            bound.iter().map(|(_, col, desc)| (*col, *desc)),
        );
        let mut block = cursor
            .bind_buffer(buffer)
            .map_err(|e| ReadEnd::Failed(self.fetch_error(e, 0, false)))?;
        let mut pending = self.pending(columns);
        let mut row_number: u64 = 0;
        let mut keep: Vec<usize> = Vec::with_capacity(rowset);
        loop {
            let fetched = match block.fetch() {
                Ok(Some(b)) => b,
                Ok(None) => break,
                Err(e) => return Err(ReadEnd::Failed(self.fetch_error(e, row_number, false))),
            };
            let rows = fetched.num_rows();
            if row_number == 0 && rows > 0 {
                self.skipped_warnings(&mut pending, columns, 1);
            }
            // Rows with a value cut by the driver go to the rejects, whole.
            let cut: Vec<usize> = bound
                .iter()
                .enumerate()
                .filter(|(b, (ci, _, _))| {
                    decode::block_has_truncation(fetched.column(*b), columns[*ci].strategy)
                })
                .map(|(b, _)| b)
                .collect();
            keep.clear();
            for r in 0..rows {
                let problem = cut.iter().find_map(|&b| {
                    let ci = bound[b].0;
                    decode::block_problem(fetched.column(b), columns[ci].strategy, r)
                        .map(|p| (ci, p))
                });
                match problem {
                    None => keep.push(r),
                    Some((ci, problem)) => {
                        let values = bound
                            .iter()
                            .enumerate()
                            .map(|(b, (cj, _, _))| {
                                let c = &columns[*cj];
                                (
                                    c.name.clone(),
                                    decode::block_text(fetched.column(b), c.strategy, r)
                                        .unwrap_or_default(),
                                )
                            })
                            .collect();
                        pending.rejects.push(self.reject(
                            row_number + r as u64 + 1,
                            values,
                            &columns[ci],
                            problem,
                        ));
                    }
                }
            }
            for (b, (ci, _, _)) in bound.iter().enumerate() {
                let column = &columns[*ci];
                if let Some(builder) = pending.builders[*ci].as_mut() {
                    let warnings = &mut pending.warnings;
                    decode::append_block(
                        fetched.column(b),
                        column.strategy,
                        &keep,
                        builder,
                        |i, text| {
                            warnings.push(invalid_text_warning(
                                row_number + i as u64 + 1,
                                column,
                                text,
                            ));
                        },
                    );
                }
            }
            pending
                .src_rows
                .extend(keep.iter().map(|&r| row_number + r as u64 + 1));
            row_number += rows as u64;
            if pending.src_rows.len() + pending.rejects.len() >= self.batch_rows {
                self.flush(&mut pending, columns)?;
            }
        }
        if !pending.src_rows.is_empty() || !pending.rejects.is_empty() || row_number == 0 {
            self.flush(&mut pending, columns)?;
        }
        Ok(())
    }

    fn rows(&self, mut cursor: impl Cursor, columns: &[SourceColumn]) -> Result<(), ReadEnd> {
        let mut pending = self.pending(columns);
        let mut row_number: u64 = 0;
        let mut text_buf = Vec::new();
        let mut binary_buf = Vec::new();
        let mut values: Vec<(Value, Option<Problem>)> = Vec::with_capacity(columns.len());
        loop {
            let mut row = match cursor.next_row() {
                Ok(Some(row)) => row,
                Ok(None) => break,
                Err(e) => return Err(ReadEnd::Failed(self.fetch_error(e, row_number, true))),
            };
            row_number += 1;
            if row_number == 1 {
                self.skipped_warnings(&mut pending, columns, 1);
            }
            values.clear();
            for (i, c) in columns.iter().enumerate() {
                let read = decode::read_value(
                    &mut row,
                    i as u16 + 1,
                    c.strategy,
                    &mut text_buf,
                    &mut binary_buf,
                );
                values.push(match read {
                    Ok(v) => v,
                    Err(e) => (
                        Value::Null,
                        Some(Problem::Driver(self.target.scrub(&e.to_string()))),
                    ),
                });
            }
            let fatal = values.iter().enumerate().find_map(|(i, (_, p))| match p {
                Some(p @ (Problem::Driver(_) | Problem::Truncated { .. })) => Some((i, p.clone())),
                _ => None,
            });
            if let Some((i, problem)) = fatal {
                let shown = columns
                    .iter()
                    .zip(&values)
                    .filter(|(c, _)| c.strategy != Strategy::Skip)
                    .map(|(c, (v, _))| (c.name.clone(), value_text(v)))
                    .collect();
                pending
                    .rejects
                    .push(self.reject(row_number, shown, &columns[i], problem));
            } else {
                for (i, (value, problem)) in values.drain(..).enumerate() {
                    if problem == Some(Problem::InvalidUtf16) {
                        pending.warnings.push(invalid_text_warning(
                            row_number,
                            &columns[i],
                            value_text(&value),
                        ));
                    }
                    if let Some(builder) = pending.builders[i].as_mut() {
                        value.append(builder);
                    }
                }
                pending.src_rows.push(row_number);
            }
            if pending.src_rows.len() + pending.rejects.len() >= self.batch_rows {
                self.flush(&mut pending, columns)?;
            }
        }
        if !pending.src_rows.is_empty() || !pending.rejects.is_empty() || row_number == 0 {
            self.flush(&mut pending, columns)?;
        }
        Ok(())
    }

    fn reject(
        &self,
        src_row: u64,
        values: Vec<(String, String)>,
        column: &SourceColumn,
        problem: Problem,
    ) -> ReadReject {
        let value = values
            .iter()
            .find(|(name, _)| *name == column.name)
            .map(|(_, v)| v.clone());
        let message = match problem {
            Problem::Truncated { length, kept } => format!(
                "the value of column '{}' ({}) is longer than the {kept} UTF-16 units buffered for it{}: not cut, rejected. Hint: set fetch = \"row\" in [source] to read values of any length",
                column.name,
                column.native_type,
                length.map_or(String::new(), |l| format!(" ({l} units)")),
            ),
            Problem::Driver(message) => format!(
                "the driver could not read column '{}' ({}): {message}",
                column.name, column.native_type
            ),
            Problem::InvalidUtf16 => format!("column '{}' holds invalid UTF-16", column.name),
        };
        ReadReject {
            src_row,
            values,
            column: Some(column.name.clone()),
            value,
            message,
        }
    }
}

fn invalid_text_warning(src_row: u64, column: &SourceColumn, text: String) -> ReadWarning {
    ReadWarning {
        action: ReadAction::Replaced,
        src_row,
        column: column.name.clone(),
        value: text,
        message: format!(
            "column '{}' held text that is not valid UTF-16; the bad units were replaced by U+FFFD",
            column.name
        ),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => t.clone(),
    }
}

/// Why a fetch loop ended early.
enum ReadEnd {
    Stopped(Stopped),
    Failed(SourceError),
}

impl From<Stopped> for ReadEnd {
    fn from(s: Stopped) -> Self {
        ReadEnd::Stopped(s)
    }
}
