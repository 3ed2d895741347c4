//! SQLite source for stx-migrate, through sqlx.
//!
//! SQLite is dynamically typed: a column declared `INTEGER` may hold text. The decode strategy
//! of each column is chosen once from its declared type (SQLite's affinity rules); a value that
//! cannot be read as that type (text `'12a'` in an `INTEGER` column) rejects its row with a
//! message naming the column and value, instead of being silently turned into 0.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use polars::prelude::{Column, DataFrame};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow, SqliteValueRef};
use sqlx::{Column as _, Connection, Decode, Executor, Row, Sqlite, TypeInfo, ValueRef};
use stx_connector_core::{
    Batch, BatchStream, ColumnBuffer, ColumnInfo, ColumnKind, NoOptions, ReadOptions, ReadReject,
    ReadRequest, Source, SourceDescription, SourceError, SourceFactory, SourceSpec, TableInfo,
    SOURCE_ROW_COLUMN,
};

const CONNECTOR: &str = "sqlite";

/// Opens SQLite databases (`sqlite:` URLs, `type = "sqlite"`, `.db`/`.sqlite` files).
pub struct SqliteFactory;

#[async_trait]
impl SourceFactory for SqliteFactory {
    fn names(&self) -> &'static [&'static str] {
        &["sqlite", "sqlite3"]
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["db", "sqlite", "sqlite3", "db3"]
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        spec.options.parse::<NoOptions>(CONNECTOR)?;
        let path = spec.location_path().ok_or_else(|| SourceError::Config {
            message: "a sqlite source needs a file: url = \"sqlite:legacy.db\" or path = ..."
                .into(),
            hint: None,
        })?;
        Ok(Box::new(SqliteSource::open(&path).await?))
    }
}

/// A SQLite database opened read-only.
pub struct SqliteSource {
    path: PathBuf,
    conn: SqliteConnection,
}

impl SqliteSource {
    /// Opens the database file read-only; fails with a hint when it is missing or not SQLite.
    pub async fn open(path: &Path) -> Result<SqliteSource, SourceError> {
        let location = path.display().to_string();
        if !path.is_file() {
            return Err(SourceError::Open {
                connector: CONNECTOR,
                location,
                message: "no such file".into(),
                hint: Some(
                    "check the path; relative paths are relative to the migration file's folder"
                        .into(),
                ),
            });
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .create_if_missing(false);
        let open_error = |e: sqlx::Error| SourceError::Open {
            connector: CONNECTOR,
            location: location.clone(),
            message: e.to_string(),
            hint: Some(
                "is this a SQLite 3 database? `file` or `sqlite3 FILE .tables` tells".into(),
            ),
        };
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(open_error)?;
        // Opening is lazy: touch the schema so a non-database file fails here, not mid-run.
        conn.execute("SELECT count(*) FROM sqlite_master")
            .await
            .map_err(open_error)?;
        Ok(SqliteSource {
            path: path.to_path_buf(),
            conn,
        })
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn query_error(&self, e: sqlx::Error) -> SourceError {
        SourceError::Query {
            connector: CONNECTOR,
            location: self.location(),
            message: e.to_string(),
            hint: Some("check table and column names with `stx-migrate inspect`".into()),
        }
    }

    async fn table_names(&mut self) -> Result<Vec<(String, String)>, SourceError> {
        let rows = sqlx::query(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&mut self.conn)
        .await
        .map_err(|e| self.query_error(e))?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
            .collect())
    }

    async fn sql_for(&mut self, request: &ReadRequest) -> Result<String, SourceError> {
        match request {
            ReadRequest::Query(q) => Ok(q.clone()),
            ReadRequest::Table(t) => {
                let names = self.table_names().await?;
                if !names.iter().any(|(n, _)| n == t) {
                    return Err(SourceError::UnknownTable {
                        connector: CONNECTOR,
                        location: self.location(),
                        table: t.clone(),
                        available: names
                            .into_iter()
                            .map(|(n, _)| n)
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
                Ok(format!("SELECT * FROM {}", quote_identifier(t)))
            }
        }
    }
}

/// Quotes an SQLite identifier (`"a""b"`).
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// SQLite's type-affinity rules (section 3.1 of the SQLite datatype page), mapped to how we
/// decode: INT → integers, CHAR/CLOB/TEXT → text, REAL/FLOA/DOUB → floats, BOOL → booleans,
/// anything else (NUMERIC, DATE, BLOB, none) → text, which loses nothing.
pub fn kind_for_declared_type(declared: &str) -> ColumnKind {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        ColumnKind::Int
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        ColumnKind::Text
    } else if t.contains("BOOL") {
        ColumnKind::Bool
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        ColumnKind::Float
    } else {
        ColumnKind::Text
    }
}

#[async_trait]
impl Source for SqliteSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: true,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        let mut out = Vec::new();
        for (name, kind) in self.table_names().await? {
            let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT count(*) FROM {}",
                quote_identifier(&name)
            )))
            .fetch_one(&mut self.conn)
            .await
            .map_err(|e| self.query_error(e))?;
            out.push(TableInfo {
                name,
                kind,
                rows: Some(count as u64),
            });
        }
        Ok(out)
    }

    async fn foreign_keys(
        &mut self,
    ) -> Result<Vec<stx_connector_core::CatalogForeignKey>, SourceError> {
        let mut out = Vec::new();
        for (table, kind) in self.table_names().await? {
            if kind != "table" {
                continue;
            }
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "PRAGMA foreign_key_list({})",
                quote_identifier(&table)
            )))
            .fetch_all(&mut self.conn)
            .await
            .map_err(|e| self.query_error(e))?;
            // (id, seq, table, from, to, …): a key of several columns has several seq.
            let mut columns: std::collections::BTreeMap<
                i64,
                Vec<(String, String, Option<String>)>,
            > = std::collections::BTreeMap::new();
            for r in rows {
                let id: i64 = r.get(0);
                columns
                    .entry(id)
                    .or_default()
                    .push((r.get(2), r.get(3), r.get(4)));
            }
            for parts in columns.into_values().filter(|p| p.len() == 1) {
                let (references, column, key) = parts.into_iter().next().expect("one part");
                out.push(stx_connector_core::CatalogForeignKey {
                    table: table.clone(),
                    column,
                    references,
                    // `REFERENCES t` alone names the primary key.
                    key: key.unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        if let ReadRequest::Table(table) = request {
            // PRAGMA gives the declared types even for an empty table.
            self.sql_for(request).await?;
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "PRAGMA table_info({})",
                quote_identifier(table)
            )))
            .fetch_all(&mut self.conn)
            .await
            .map_err(|e| self.query_error(e))?;
            return Ok(rows
                .iter()
                .map(|r| {
                    let name: String = r.get("name");
                    let native_type: String = r.get("type");
                    let dtype = kind_for_declared_type(&native_type).dtype();
                    ColumnInfo {
                        name,
                        native_type,
                        dtype,
                    }
                })
                .collect());
        }
        let sql = self.sql_for(request).await?;
        let prepared = (&mut self.conn)
            .prepare(sqlx::SqlSafeStr::into_sql_str(sqlx::AssertSqlSafe(sql)))
            .await
            .map_err(|e| self.query_error(e))?;
        Ok(sqlx::Statement::columns(&prepared)
            .iter()
            .map(|c| {
                let native_type = c.type_info().name().to_string();
                let dtype = kind_for_declared_type(&native_type).dtype();
                ColumnInfo {
                    name: c.name().to_string(),
                    native_type,
                    dtype,
                }
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let batch_rows = options.batch_rows;
        let columns = self.describe(request).await?;
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = columns.iter().find(|c| !seen.insert(c.name.as_str())) {
            return Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.location(),
                message: format!("the result has two columns named '{}'", dup.name),
                hint: Some(format!("alias one of them, e.g. a.{0} AS a_{0}", dup.name)),
            });
        }
        // describe() has already checked that the table exists.
        let sql = match request {
            ReadRequest::Table(t) => format!("SELECT * FROM {}", quote_identifier(t)),
            ReadRequest::Query(q) => q.clone(),
        };
        let location = self.location();
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let kinds: Vec<ColumnKind> = columns
            .iter()
            .map(|c| kind_for_declared_type(&c.native_type))
            .collect();
        let mut next_row: u64 = 1;
        let batch_rows = batch_rows.max(1);
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut self.conn);
        let stream = rows.chunks(batch_rows).map(move |chunk| {
            let mut decoder = BatchDecoder::new(&names, &kinds, chunk.len());
            for row in chunk {
                let row = row.map_err(|e| SourceError::Read {
                    connector: CONNECTOR,
                    location: location.clone(),
                    row: Some(next_row),
                    message: e.to_string(),
                    hint: None,
                })?;
                decoder.push(&row, next_row);
                next_row += 1;
            }
            decoder.finish().map_err(|e| SourceError::Read {
                connector: CONNECTOR,
                location: location.clone(),
                row: None,
                message: e.to_string(),
                hint: None,
            })
        });
        Ok(stream.into_stream().boxed())
    }
}

/// Decodes rows into column buffers, one strategy per column.
struct BatchDecoder<'a> {
    names: &'a [String],
    kinds: &'a [ColumnKind],
    src_rows: Vec<u64>,
    buffers: Vec<ColumnBuffer>,
    rejects: Vec<ReadReject>,
}

impl<'a> BatchDecoder<'a> {
    fn new(names: &'a [String], kinds: &'a [ColumnKind], capacity: usize) -> Self {
        BatchDecoder {
            names,
            kinds,
            src_rows: Vec::with_capacity(capacity),
            buffers: kinds
                .iter()
                .map(|k| ColumnBuffer::new(*k, capacity))
                .collect(),
            rejects: Vec::new(),
        }
    }

    fn push(&mut self, row: &SqliteRow, src_row: u64) {
        for i in 0..self.names.len() {
            let decoded = row
                .try_get_raw(i)
                .map_err(|e| e.to_string())
                .and_then(|value| decode_into(&mut self.buffers[i], value));
            if let Err(problem) = decoded {
                // Undo the values already pushed for this row, then reject it whole.
                for buffer in &mut self.buffers[..i] {
                    buffer.pop();
                }
                self.rejects.push(ReadReject {
                    src_row,
                    values: self.names.iter().enumerate().map(|(j, n)| (n.clone(), raw_text(row, j))).collect(),
                    column: Some(self.names[i].clone()),
                    value: Some(raw_text(row, i)),
                    message: format!(
                        "column '{}' is declared {:?} but holds {problem}; CAST it in the query (e.g. CAST({} AS TEXT)) to read it as text",
                        self.names[i], self.kinds[i], self.names[i]
                    ),
                });
                return;
            }
        }
        self.src_rows.push(src_row);
    }

    fn finish(mut self) -> polars::prelude::PolarsResult<Batch> {
        let height = self.src_rows.len();
        let mut columns = Vec::with_capacity(self.names.len() + 1);
        columns.push(Column::new(
            SOURCE_ROW_COLUMN.into(),
            std::mem::take(&mut self.src_rows),
        ));
        for (buffer, name) in self.buffers.iter_mut().zip(self.names) {
            columns.push(buffer.take_column(name));
        }
        Ok(Batch {
            data: DataFrame::new(height, columns)?,
            rejects: self.rejects,
            warnings: Vec::new(),
        })
    }
}

/// SQLite's storage class of one value (NULL is handled before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Storage {
    Integer,
    Real,
    Text,
    Blob,
}

impl Storage {
    fn of(value: &SqliteValueRef<'_>) -> Storage {
        match value.type_info().name() {
            "INTEGER" => Storage::Integer,
            "REAL" => Storage::Real,
            "BLOB" => Storage::Blob,
            _ => Storage::Text,
        }
    }
}

fn decode_into(buffer: &mut ColumnBuffer, value: SqliteValueRef<'_>) -> Result<(), String> {
    if value.is_null() {
        buffer.push_null();
        return Ok(());
    }
    let storage = Storage::of(&value);
    let decode_err = |e: sqlx::error::BoxDynError| e.to_string();
    match buffer {
        ColumnBuffer::Int(v) => {
            let n = match storage {
                Storage::Integer => <i64 as Decode<Sqlite>>::decode(value).map_err(decode_err)?,
                Storage::Real => {
                    let f = <f64 as Decode<Sqlite>>::decode(value).map_err(decode_err)?;
                    if f.fract() != 0.0 || !f.is_finite() {
                        return Err(format!("the non-integer number {f}"));
                    }
                    f as i64
                }
                _ => {
                    let s = text_of(value, storage)?;
                    s.trim()
                        .parse::<i64>()
                        .map_err(|_| format!("the text '{s}'"))?
                }
            };
            v.push(Some(n));
        }
        ColumnBuffer::Float(v) => {
            let f = match storage {
                Storage::Integer => {
                    <i64 as Decode<Sqlite>>::decode(value).map_err(decode_err)? as f64
                }
                Storage::Real => <f64 as Decode<Sqlite>>::decode(value).map_err(decode_err)?,
                _ => {
                    let s = text_of(value, storage)?;
                    s.trim()
                        .parse::<f64>()
                        .map_err(|_| format!("the text '{s}'"))?
                }
            };
            v.push(Some(f));
        }
        ColumnBuffer::Bool(v) => {
            let b = match storage {
                Storage::Integer => {
                    match <i64 as Decode<Sqlite>>::decode(value).map_err(decode_err)? {
                        0 => false,
                        1 => true,
                        n => return Err(format!("the number {n}")),
                    }
                }
                _ => {
                    let s = text_of(value, storage)?;
                    match s.trim().to_ascii_lowercase().as_str() {
                        "1" | "t" | "true" | "y" | "yes" => true,
                        "0" | "f" | "false" | "n" | "no" => false,
                        _ => return Err(format!("the text '{s}'")),
                    }
                }
            };
            v.push(Some(b));
        }
        ColumnBuffer::Text(v) => {
            let s = match storage {
                Storage::Integer => <i64 as Decode<Sqlite>>::decode(value)
                    .map_err(decode_err)?
                    .to_string(),
                Storage::Real => <f64 as Decode<Sqlite>>::decode(value)
                    .map_err(decode_err)?
                    .to_string(),
                _ => text_of(value, storage)?,
            };
            v.push(Some(s));
        }
    }
    Ok(())
}

fn text_of(value: SqliteValueRef<'_>, storage: Storage) -> Result<String, String> {
    let bytes = <&[u8] as Decode<Sqlite>>::decode(value).map_err(|e| e.to_string())?;
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!(
            "{} bytes that are not UTF-8 (bad byte at offset {}): '{}'",
            if storage == Storage::Blob {
                "binary"
            } else {
                "text"
            },
            e.valid_up_to(),
            String::from_utf8_lossy(bytes)
        )),
    }
}

/// A value as text for the rejects file, whatever its storage class.
fn raw_text(row: &SqliteRow, i: usize) -> String {
    let Ok(value) = row.try_get_raw(i) else {
        return String::new();
    };
    if value.is_null() {
        return String::new();
    }
    match value.type_info().name() {
        "INTEGER" => <i64 as Decode<Sqlite>>::decode(value)
            .map(|n| n.to_string())
            .unwrap_or_default(),
        "REAL" => <f64 as Decode<Sqlite>>::decode(value)
            .map(|n| n.to_string())
            .unwrap_or_default(),
        _ => <&[u8] as Decode<Sqlite>>::decode(value)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests;
