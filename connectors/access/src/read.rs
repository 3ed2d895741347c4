//! Streaming the rows of one table in batches.

use std::collections::HashMap;

use jetdb::{find_row, ColumnType, FileError, PageReader, RowPosition, TableDef, TableRows};
use stx_connector_core::{Batch, ColumnBuilder, ReadAction, ReadReject, ReadWarning, SourceError};

use crate::decode::{decode, mask_says_stored, Cell, ColumnPlan, Decode, Plan, Problem};
use crate::{CONNECTOR, REPAIR_HINT};

/// A column that is read: its plan and decoder.
struct ReadColumn {
    plan: ColumnPlan,
    decode: Decode,
}

/// Reads one table row by row (jetdb's `TableRows`), a batch at a time.
pub(crate) struct TableReader {
    /// `path, table 'name'` for messages.
    location: String,
    reader: PageReader,
    table: TableDef,
    calculated: HashMap<String, ColumnType>,
    columns: Vec<ReadColumn>,
    /// Indexes in `table.columns` of the columns read.
    read_indexes: Vec<usize>,
    /// `(column, value, message)` of the columns left out, warned about once.
    skipped: Vec<(String, String, String)>,
    warned: bool,
    /// Where the next batch continues.
    next: RowPosition,
    next_src_row: u64,
    done: bool,
}

impl TableReader {
    pub(crate) fn new(
        location: String,
        reader: PageReader,
        table: TableDef,
        calculated: HashMap<String, ColumnType>,
        plans: Vec<ColumnPlan>,
    ) -> TableReader {
        let mut columns = Vec::new();
        let mut skipped = Vec::new();
        for plan in plans {
            match &plan.plan {
                Plan::Read(decode) => columns.push(ReadColumn {
                    decode: *decode,
                    plan,
                }),
                Plan::Skip { value, message } => {
                    skipped.push((plan.name.clone(), value.clone(), message.clone()))
                }
                Plan::Hidden => {}
            }
        }
        let read_indexes = columns.iter().map(|c| c.plan.index).collect();
        TableReader {
            location,
            reader,
            table,
            calculated,
            columns,
            read_indexes,
            skipped,
            warned: false,
            next: RowPosition::default(),
            next_src_row: 1,
            done: false,
        }
    }

    /// The next batch of at most `batch_rows` rows (plus rows found damaged on the way), or
    /// `None` at the end of the table.
    pub(crate) fn next_batch(&mut self, batch_rows: usize) -> Result<Option<Batch>, SourceError> {
        if self.done {
            return Ok(None);
        }
        let capacity = batch_rows.min(self.table.num_rows as usize).max(1);
        let mut builders: Vec<ColumnBuilder> = self
            .columns
            .iter()
            .map(|c| ColumnBuilder::new(c.decode.kind(), c.plan.name.as_str(), capacity))
            .collect();
        let mut src_rows: Vec<u64> = Vec::with_capacity(capacity);
        let mut rejects = Vec::new();
        let mut count = 0;
        let is_jet3 = self.reader.header().version.is_jet3();
        // TableRows borrows the table: a fresh one per batch, continuing where the last ended.
        let mut rows = TableRows::new(&self.table, &self.calculated)
            .with_columns(&self.read_indexes)
            .starting_at(self.next);
        while count < batch_rows {
            let skipped_before = rows.skipped_rows();
            let next = rows.next_row(&mut self.reader);
            // Rows jetdb passes over because their structure is damaged: rejects, in place.
            for _ in skipped_before..rows.skipped_rows() {
                rejects.push(unreadable_row(&self.table.name, self.next_src_row));
                self.next_src_row += 1;
                count += 1;
            }
            let row = match next {
                Ok(Some(row)) => row,
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    return Err(SourceError::Read {
                        connector: CONNECTOR,
                        location: self.location.clone(),
                        row: Some(self.next_src_row),
                        message: e.to_string(),
                        hint: Some(REPAIR_HINT.into()),
                    });
                }
            };
            let src_row = self.next_src_row;
            self.next_src_row += 1;
            count += 1;
            let mut values = row.values;
            let mut cells: Vec<Result<Cell, Problem>> = self
                .columns
                .iter()
                .map(|c| {
                    let value = std::mem::replace(&mut values[c.plan.index], jetdb::Value::Null);
                    decode(c.decode, value)
                })
                .collect();
            // jetdb returns null for a value it cannot decode: the row's null mask tells.
            if cells.iter().any(|c| matches!(c, Ok(Cell::Null))) {
                let stored = stored_columns(
                    &mut self.reader,
                    &self.table,
                    row.position,
                    is_jet3,
                    &self.columns,
                )
                .map_err(|e| SourceError::Read {
                    connector: CONNECTOR,
                    location: self.location.clone(),
                    row: Some(src_row),
                    message: e.to_string(),
                    hint: Some(REPAIR_HINT.into()),
                })?;
                for ((cell, column), stored) in cells.iter_mut().zip(&self.columns).zip(stored) {
                    if stored && matches!(cell, Ok(Cell::Null)) {
                        *cell = Err(Problem {
                            value: None,
                            message: format!(
                                "column '{}' ({}) holds a value the Access reader cannot decode (damaged or unsupported data)",
                                column.plan.name, column.plan.native_type
                            ),
                        });
                    }
                }
            }
            if cells.iter().any(Result::is_err) {
                rejects.push(reject(src_row, &self.columns, &cells));
                continue;
            }
            for (builder, cell) in builders.iter_mut().zip(cells.into_iter().flatten()) {
                builder.push_cell(cell);
            }
            src_rows.push(src_row);
        }
        self.next = rows.position();
        if count == 0 {
            return Ok(None);
        }
        let mut warnings = Vec::new();
        if !self.warned {
            self.warned = true;
            let first = src_rows
                .first()
                .or(rejects.first().map(|r: &ReadReject| &r.src_row))
                .copied()
                .unwrap_or(1);
            warnings = self
                .skipped
                .iter()
                .map(|(column, value, message)| ReadWarning {
                    action: ReadAction::Dropped,
                    src_row: first,
                    column: column.clone(),
                    value: value.clone(),
                    message: message.clone(),
                })
                .collect();
        }
        Batch::from_builders(src_rows, builders, rejects, warnings)
            .map(Some)
            .map_err(|e| SourceError::Read {
                connector: CONNECTOR,
                location: self.location.clone(),
                row: None,
                message: e.to_string(),
                hint: None,
            })
    }
}

/// Which read columns the row at `position` holds a value for, per its null mask.
fn stored_columns(
    reader: &mut PageReader,
    table: &TableDef,
    position: RowPosition,
    is_jet3: bool,
    columns: &[ReadColumn],
) -> Result<Vec<bool>, FileError> {
    let Some(&page) = table.data_pages.get(position.page as usize) else {
        return Ok(vec![false; columns.len()]);
    };
    let format = reader.format();
    let data = reader.read_page(page)?;
    let (start, size) = find_row(format, data, page, position.row)?;
    let row = &data[start..start + size];
    Ok(columns
        .iter()
        .map(|c| {
            let col_num = table.columns[c.plan.index].col_num;
            c.decode != Decode::Bool && mask_says_stored(row, is_jet3, col_num)
        })
        .collect())
}

fn reject(src_row: u64, columns: &[ReadColumn], cells: &[Result<Cell, Problem>]) -> ReadReject {
    let values = columns
        .iter()
        .zip(cells)
        .map(|(c, cell)| {
            let text = match cell {
                Ok(cell) => cell.text(),
                Err(p) => p.value.clone().unwrap_or_default(),
            };
            (c.plan.name.clone(), text)
        })
        .collect();
    let problems: Vec<(&ReadColumn, &Problem)> = columns
        .iter()
        .zip(cells)
        .filter_map(|(c, cell)| cell.as_ref().err().map(|p| (c, p)))
        .collect();
    let (column, value) = match problems.first() {
        Some((c, p)) => (Some(c.plan.name.clone()), p.value.clone()),
        None => (None, None),
    };
    let message = problems
        .iter()
        .map(|(c, p)| format!("{}: {}", c.plan.name, p.message))
        .collect::<Vec<_>>()
        .join("; ");
    ReadReject {
        src_row,
        values,
        column,
        value,
        message: format!("{message}. Hint: {REPAIR_HINT}"),
    }
}

fn unreadable_row(table: &str, src_row: u64) -> ReadReject {
    ReadReject {
        src_row,
        values: Vec::new(),
        column: None,
        value: None,
        message: format!(
            "a row of table '{table}' cannot be read (its structure is damaged), so none of its values are known. Hint: {REPAIR_HINT}"
        ),
    }
}
