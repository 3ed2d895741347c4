use futures::StreamExt;
use polars::prelude::*;
use polars::sql::SQLContext;

use crate::{ReadReject, ReadRequest, Source, SourceError, SOURCE_ROW_COLUMN};

/// Runs `query` with polars SQL over every table of a source that has no SQL engine of its own
/// (CSV files, dumps), so a migration's joins look the same whatever the source.
///
/// Every table is read completely and registered under its name; memory is therefore the size
/// of the tables the source holds. The result keeps a `_src_row` column when the query selects
/// one (e.g. `SELECT c.*` from the driving table), otherwise it is numbered 1.. in result order.
/// Rows rejected while reading any table are returned too: nothing vanishes.
pub async fn read_with_polars_sql(
    source: &mut dyn Source,
    query: &str,
    batch_rows: usize,
) -> Result<(DataFrame, Vec<ReadReject>), SourceError> {
    let description = source.description();
    let tables = source.table_names().await?;
    let mut context = SQLContext::new();
    let mut rejects = Vec::new();
    for table in tables {
        let mut stream = source
            .read(
                &ReadRequest::Table(table.clone()),
                &crate::ReadOptions::batch(batch_rows),
            )
            .await?;
        let mut frames = Vec::new();
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            rejects.extend(batch.rejects);
            frames.push(batch.data);
        }
        drop(stream);
        let mut frame = match frames.len() {
            0 => continue,
            _ => frames.remove(0),
        };
        for more in frames {
            frame
                .vstack_mut_owned(more)
                .map_err(|e| polars_error(&description, e))?;
        }
        context.register(&table, frame.lazy());
    }
    let result = context
        .execute(query)
        .and_then(|lf| lf.collect())
        .map_err(|e| SourceError::Query {
            connector: description.connector,
            location: description.location.clone(),
            message: e.to_string(),
            hint: Some(
                "the query runs on polars SQL over the source's tables (one per file); check table and column names with `stx-migrate inspect`".into(),
            ),
        })?;
    let result = if result.schema().contains(SOURCE_ROW_COLUMN) {
        result
    } else {
        let height = result.height();
        let numbers: Vec<u64> = (1..=height as u64).collect();
        let mut columns = vec![Column::new(SOURCE_ROW_COLUMN.into(), numbers)];
        columns.extend(result.columns().iter().cloned());
        DataFrame::new(height, columns).map_err(|e| polars_error(&description, e))?
    };
    rejects.sort_by_key(|r| r.src_row);
    Ok((result, rejects))
}

fn polars_error(description: &crate::SourceDescription, e: PolarsError) -> SourceError {
    SourceError::Read {
        connector: description.connector,
        location: description.location.clone(),
        row: None,
        message: e.to_string(),
        hint: None,
    }
}
