//! SQLite source for stx-migrate: the catalog through sqlx, the rows through rusqlite on a
//! thread of their own (`rows.rs`, which says why).
//!
//! SQLite is dynamically typed: a column declared `INTEGER` may hold text. The decode strategy
//! of each column is chosen once from its declared type (SQLite's affinity rules); a value that
//! cannot be read as that type (text `'12a'` in an `INTEGER` column) rejects its row with a
//! message naming the column and value, instead of being silently turned into 0.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Column as _, Connection, Executor, Row, TypeInfo};
use stx_connector_core::{
    BatchStream, ColumnInfo, ColumnKind, NoOptions, ReadOptions, ReadRequest, Source,
    SourceDescription, SourceError, SourceFactory, SourceSpec, TableInfo,
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
        let batch_rows = options.batch_rows.max(1);
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
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let kinds: Vec<ColumnKind> = columns
            .iter()
            .map(|c| kind_for_declared_type(&c.native_type))
            .collect();
        rows::stream_rows(rows::RowQuery {
            path: self.path.clone(),
            sql,
            names,
            kinds,
            batch_rows,
        })
    }
}

mod rows;

#[cfg(test)]
mod tests;
