use futures::StreamExt;
use polars::prelude::*;
use polars::sql::SQLContext;

use std::collections::HashMap;

use crate::{ReadReject, ReadRequest, ReadWarning, Source, SourceError, SOURCE_ROW_COLUMN};

/// A read warning of a table that a query read: a result row of a join cannot be traced back
/// to the table row it came from, so the warning is located in its table instead.
#[derive(Debug, Clone, PartialEq)]
pub struct TableWarning {
    /// The table the value was read from.
    pub table: String,
    /// The value of the key column in that row (`""` when the table has no such column).
    pub key: String,
    /// The warning as the connector gave it; its row counts in `table`.
    pub warning: ReadWarning,
}

/// What a query over a source without SQL engine gave.
#[derive(Debug)]
pub struct QueryResult {
    /// The result, with a `_src_row` column.
    pub data: DataFrame,
    /// Rows rejected while reading any of the tables, by row.
    pub rejects: Vec<ReadReject>,
    /// Values the connector changed or flagged while reading any of the tables.
    pub warnings: Vec<TableWarning>,
}

/// Runs `query` with polars SQL over every table of a source that has no SQL engine of its own
/// (CSV files, dumps), so a migration's joins look the same whatever the source.
///
/// Only the tables the query names are read (a dump or a folder may hold many more, some of
/// them unreadable); each is read completely and registered under its name, so memory is the
/// size of the tables the query joins. The result keeps a `_src_row` column when the query selects
/// one (e.g. `SELECT c.*` from the driving table), otherwise it is numbered 1.. in result order.
/// Rows rejected while reading any table are returned too, and so are the read warnings
/// (with the table and, when the table has a column named `key`, the row's key): nothing
/// vanishes.
pub async fn read_with_polars_sql(
    source: &mut dyn Source,
    query: &str,
    batch_rows: usize,
    key: Option<&str>,
) -> Result<QueryResult, SourceError> {
    let description = source.description();
    let tables = tables_named_in(query, source.table_names().await?);
    let mut context = SQLContext::new();
    let mut rejects = Vec::new();
    let mut warnings = Vec::new();
    for table in tables {
        let mut stream = source
            .read(
                &ReadRequest::Table(table.clone()),
                &crate::ReadOptions::batch(batch_rows),
            )
            .await?;
        let mut frames = Vec::new();
        let mut table_warnings = Vec::new();
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            rejects.extend(batch.rejects);
            table_warnings.extend(batch.warnings);
            frames.push(batch.data);
        }
        drop(stream);
        let mut frame = match frames.len() {
            // An empty table (some connectors send no batch for it) is still a table a query
            // may name: registered with its described columns and no rows.
            0 => {
                let mut columns = vec![Column::new_empty(
                    SOURCE_ROW_COLUMN.into(),
                    &DataType::UInt64,
                )];
                for c in source.describe(&ReadRequest::Table(table.clone())).await? {
                    columns.push(Column::new_empty(c.name.as_str().into(), &c.dtype));
                }
                DataFrame::new(0, columns).map_err(|e| polars_error(&description, e))?
            }
            _ => frames.remove(0),
        };
        for more in frames {
            frame
                .vstack_mut_owned(more)
                .map_err(|e| polars_error(&description, e))?;
        }
        warnings.extend(locate_warnings(&table, &frame, key, table_warnings));
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
    Ok(QueryResult {
        data: result,
        rejects,
        warnings,
    })
}

/// The warnings of one table with its name and, where the table has the key column, the key
/// of each warned row.
fn locate_warnings(
    table: &str,
    frame: &DataFrame,
    key: Option<&str>,
    warnings: Vec<ReadWarning>,
) -> Vec<TableWarning> {
    let mut keys: HashMap<u64, String> = HashMap::new();
    let key_column = key.and_then(|k| frame.column(k).ok());
    let rows = frame
        .column(SOURCE_ROW_COLUMN)
        .ok()
        .and_then(|c| c.u64().ok());
    if let (Some(key_column), Some(rows), false) = (key_column, rows, warnings.is_empty()) {
        let warned: std::collections::HashSet<u64> = warnings.iter().map(|w| w.src_row).collect();
        for (i, row) in rows.iter().enumerate() {
            let Some(row) = row.filter(|r| warned.contains(r)) else {
                continue;
            };
            if let Ok(value) = key_column.get(i) {
                keys.insert(row, value_text(value));
            }
        }
    }
    warnings
        .into_iter()
        .map(|warning| TableWarning {
            table: table.to_string(),
            key: keys.get(&warning.src_row).cloned().unwrap_or_default(),
            warning,
        })
        .collect()
}

/// A cell as text, as rejects and warnings list source values: NULL is empty, text as is,
/// anything else in polars' rendering.
pub fn value_text(value: AnyValue<'_>) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        other => other.to_string(),
    }
}

/// The source's tables that `query` names (bare or schema-qualified), compared without regard
/// to case: reading a table too many costs time, one too few fails the query. When the query
/// does not parse, every table: polars SQL then reports the syntax error itself.
fn tables_named_in(query: &str, tables: Vec<String>) -> Vec<String> {
    let Ok(named) = polars::sql::extract_table_identifiers(query, false, true) else {
        return tables;
    };
    let named: Vec<String> = named.iter().map(|n| n.to_lowercase()).collect();
    let qualified: Vec<String> = polars::sql::extract_table_identifiers(query, true, true)
        .unwrap_or_default()
        .iter()
        .map(|n| n.to_lowercase())
        .collect();
    tables
        .into_iter()
        .filter(|t| {
            let t = t.to_lowercase();
            named.contains(&t) || qualified.contains(&t)
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use async_trait::async_trait;

    use super::*;
    use crate::{BatchStream, ColumnInfo, ReadOptions, SourceDescription, TableInfo};

    /// Three tables: `people` with one row, `empty` that sends no batch at all, `broken` whose
    /// read fails.
    struct TwoTables;

    #[async_trait]
    impl Source for TwoTables {
        fn description(&self) -> SourceDescription {
            SourceDescription {
                connector: "test",
                location: "memory".into(),
                has_sql_engine: false,
            }
        }

        async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
            Ok(["people", "empty", "broken"]
                .map(|name| TableInfo {
                    name: name.into(),
                    kind: "table".into(),
                    rows: None,
                })
                .to_vec())
        }

        async fn describe(&mut self, _: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
            Ok(vec![ColumnInfo {
                name: "id".into(),
                native_type: "int".into(),
                dtype: DataType::Int64,
            }])
        }

        async fn read(
            &mut self,
            request: &ReadRequest,
            _: &ReadOptions,
        ) -> Result<BatchStream<'_>, SourceError> {
            let batches = match request {
                ReadRequest::Table(t) if t == "people" => vec![Ok(crate::Batch {
                    data: df!(SOURCE_ROW_COLUMN => [1u64], "id" => [7i64]).unwrap(),
                    rejects: Vec::new(),
                    warnings: Vec::new(),
                })],
                ReadRequest::Table(t) if t == "broken" => {
                    return Err(SourceError::Read {
                        connector: "test",
                        location: "memory".into(),
                        row: None,
                        message: "broken is read".into(),
                        hint: None,
                    })
                }
                _ => Vec::new(),
            };
            Ok(futures::stream::iter(batches).boxed())
        }
    }

    // polars SQL blocks inside: it needs the multi-threaded runtime, as the pipeline has.
    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn an_empty_table_can_be_named_in_a_query() {
        let QueryResult {
            data: frame,
            rejects,
            ..
        } = read_with_polars_sql(
            &mut TwoTables,
            "SELECT p.id, e.id AS other FROM people p LEFT JOIN empty e ON e.id = p.id",
            10,
            None,
        )
        .await
        .unwrap();
        assert!(rejects.is_empty());
        assert_eq!(frame.height(), 1);
        assert_eq!(frame.column("id").unwrap().i64().unwrap().get(0), Some(7));
        assert_eq!(frame.column("other").unwrap().null_count(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn only_the_tables_a_query_names_are_read() {
        let result = read_with_polars_sql(
            &mut TwoTables,
            "WITH p AS (SELECT id FROM people) SELECT * FROM p",
            10,
            None,
        )
        .await
        .unwrap();
        assert_eq!(result.data.height(), 1);
        let error = read_with_polars_sql(&mut TwoTables, "SELECT * FROM broken", 10, None)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("broken is read"), "{error}");
        assert_eq!(
            tables_named_in(
                "SELECT * FROM a JOIN s.b ON a.x = b.x WHERE a.y IN (SELECT y FROM c)",
                ["a", "s.b", "c", "d"].map(String::from).to_vec()
            ),
            ["a", "s.b", "c"]
        );
    }

    /// A query reaches the source's own tables only: polars' table functions that read files
    /// by path are not compiled in, so a migration's query cannot read other files.
    #[tokio::test]
    async fn a_query_cannot_read_files_by_path() {
        // A file that exists and reads as CSV (one column of lines).
        let secret = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        for function in ["read_csv", "read_ipc", "read_parquet", "read_json"] {
            let query = format!("SELECT * FROM {function}('{}')", secret.display());
            let result = read_with_polars_sql(&mut TwoTables, &query, 10, None).await;
            assert!(result.is_err(), "{function} read a file");
        }
    }
}
