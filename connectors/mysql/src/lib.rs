//! MySQL and MariaDB source for stx-migrate, through mysql_async.
//!
//! # URL
//!
//! `mysql://user@host:port/database?param=value` (or `mariadb://…`; port 3306 by default).
//! The password never stands in the URL: it comes from `${VAR}` in the password place
//! (`mysql://migrator:${LEGACY_PW}@db/crm`), from `password-env = "VAR"` in `[source]`, or from
//! `MYSQL_PWD`. Without a database, every non-system schema is offered and tables are named
//! `schema.table`.
//!
//! Parameters (any other is an error, so a typo cannot silently weaken TLS):
//! - `ssl-mode=disabled|preferred|required|verify-ca|verify-identity`. `preferred`: TLS when
//!   the server offers it, without checking its certificate, else a plain connection (the
//!   default on this machine only); `required` insists on TLS; `verify-ca` also checks the
//!   certificate chain; `verify-identity` the host name too (the default for any other host,
//!   against the system's roots). Written by name, the verifying modes need `ssl-ca`.
//! - `ssl-ca=/path/ca.pem`: the CA certificate to trust (instead of the system's).
//! - `connect-timeout=secs`: how long to wait for a connection, default 30.
//!
//! # Reading
//!
//! Rows are streamed with the text protocol (`query_iter`) and decoded as they come off the
//! socket, one batch in memory at a time. The session uses utf8mb4, so every column charset
//! (latin1, cp1250, ...) arrives as UTF-8. Types: integers of every width, YEAR and BIT(n>1) →
//! Int64 (an unsigned value above `i64::MAX` rejects its row); TINYINT(1) and BIT(1) →
//! Boolean (another value than 0/1 rejects the row); FLOAT, DOUBLE → Float64; everything else
//! → String: DECIMAL exact, DATE `YYYY-MM-DD`, DATETIME/TIMESTAMP `YYYY-MM-DD HH:MM:SS[.ffffff]`
//! (TIMESTAMP in the session's time zone, the server's default), TIME `[-]HH:MM:SS[.ffffff]`,
//! ENUM, SET, JSON as text, binary strings and blobs as `0x…` hex. Zero dates (`0000-00-00`,
//! or a zero month or day) become NULL with a [`stx_connector_core::ReadWarning`].
//!
//! Each read runs in a REPEATABLE READ transaction started `WITH CONSISTENT SNAPSHOT, READ
//! ONLY`. With `[read] key`, the read is ordered by the key and, when the connection breaks,
//! resumes after the last key delivered (a new snapshot then covers the rest).
#![deny(missing_docs)]

mod connect;
mod decode;
mod read;

use std::sync::Arc;

use async_trait::async_trait;
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Row, Value};
use stx_connector_core::resume::{spawn_resumable_read, Backoff};
use stx_connector_core::{
    report_key, BatchStream, ColumnInfo, ColumnKind, DbUrl, KeyDeclared, Location, OptionsSchema,
    PasswordOptions, ReadOptions, ReadRequest, Source, SourceDescription, SourceError,
    SourceFactory, SourceSpec, TableInfo,
};

use connect::{Connector, Failure};
use decode::{native_type, Decode};
use read::{MysqlRead, ReadKey, Select};

const CONNECTOR: &str = "mysql";

/// Batches waiting between the read task and the pipeline.
const CHANNEL_BATCHES: usize = 4;

/// Schemas of the server itself, never offered as tables.
const SYSTEM_SCHEMAS: &[&str] = &["information_schema", "mysql", "performance_schema", "sys"];

/// Opens MySQL and MariaDB sources (`mysql://` and `mariadb://` URLs).
pub struct MysqlFactory;

#[async_trait]
impl SourceFactory for MysqlFactory {
    fn names(&self) -> &'static [&'static str] {
        &["mysql", "mariadb"]
    }

    fn location(&self) -> Location {
        Location::Server
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<PasswordOptions>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        Ok(Box::new(MysqlSource::open(spec).await?))
    }
}

/// A MySQL or MariaDB database. Holds one connection for the catalog; each read opens its own.
pub struct MysqlSource {
    connector: Arc<Connector>,
    conn: Option<Conn>,
}

/// A table of the catalog.
#[derive(Debug, Clone)]
struct CatalogTable {
    schema: String,
    name: String,
    kind: String,
    rows: Option<u64>,
}

/// A column of a table or query result.
#[derive(Debug, Clone)]
struct SourceColumn {
    name: String,
    native_type: String,
    kind: ColumnKind,
    binary: bool,
    /// The table column it is read from (schema, table, column), when the server names one.
    origin: Option<(String, String, String)>,
}

impl MysqlSource {
    /// Connects (failing early with a hint when the server, the login or the database is
    /// wrong). The password comes from the environment, see the crate documentation.
    pub async fn open(spec: &SourceSpec) -> Result<MysqlSource, SourceError> {
        let url = DbUrl::from_spec(spec, CONNECTOR, &["MYSQL_PWD"])?;
        let connector = Connector::new(url)?;
        let conn = connector
            .connect()
            .await
            .map_err(|f| connector.open_error(f))?;
        Ok(MysqlSource {
            connector: Arc::new(connector),
            conn: Some(conn),
        })
    }

    fn location(&self) -> String {
        self.connector.location()
    }

    fn query_error(&self, f: Failure, hint: &str) -> SourceError {
        SourceError::Query {
            connector: CONNECTOR,
            location: self.location(),
            message: f.message,
            hint: Some(hint.to_string()),
        }
    }

    /// The catalog connection, reconnected when the server dropped it (idle timeout).
    async fn conn(&mut self) -> Result<&mut Conn, SourceError> {
        let alive = match self.conn.as_mut() {
            Some(conn) => conn.ping().await.is_ok(),
            None => false,
        };
        if !alive {
            self.conn = None;
            let conn = self
                .connector
                .connect()
                .await
                .map_err(|f| self.connector.open_error(f))?;
            self.conn = Some(conn);
        }
        self.conn.as_mut().ok_or_else(|| SourceError::Open {
            connector: CONNECTOR,
            location: self.connector.location(),
            message: "no connection".into(),
            hint: None,
        })
    }

    /// Tables and views of every non-system schema.
    async fn catalog(&mut self) -> Result<Vec<CatalogTable>, SourceError> {
        let connector = Arc::clone(&self.connector);
        let rows: Vec<Row> = self
            .conn()
            .await?
            .query(
                "SELECT table_schema, table_name, table_type, table_rows \
                 FROM information_schema.tables \
                 WHERE table_schema NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys') \
                 ORDER BY table_schema, table_name",
            )
            .await
            .map_err(|e| self.query_error(connector.failure(&e), "the user needs to see information_schema.tables"))?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let kind = match text(r, 2).as_str() {
                    "VIEW" => "view",
                    "BASE TABLE" | "SYSTEM VERSIONED" => "table",
                    _ => return None,
                };
                Some(CatalogTable {
                    schema: text(r, 0),
                    name: text(r, 1),
                    kind: kind.to_string(),
                    rows: match r.as_ref(3) {
                        Some(Value::Bytes(b)) => {
                            std::str::from_utf8(b).ok().and_then(|s| s.parse().ok())
                        }
                        Some(Value::UInt(n)) => Some(*n),
                        Some(Value::Int(n)) => u64::try_from(*n).ok(),
                        _ => None,
                    },
                })
            })
            .filter(|t| !SYSTEM_SCHEMAS.contains(&t.schema.to_ascii_lowercase().as_str()))
            .collect())
    }

    /// The name a table is listed under: plain in the URL's database, else `schema.table`.
    fn listed_name(&self, t: &CatalogTable) -> String {
        match &self.connector.url.database {
            Some(db) if *db == t.schema => t.name.clone(),
            _ => format!("{}.{}", t.schema, t.name),
        }
    }

    fn listed(&self, catalog: &[CatalogTable]) -> Vec<TableInfo> {
        let db = self.connector.url.database.as_deref();
        catalog
            .iter()
            .filter(|t| db.is_none_or(|d| d == t.schema))
            .map(|t| TableInfo {
                name: self.listed_name(t),
                kind: t.kind.clone(),
                // The server's estimate (information_schema.tables.table_rows); views have none.
                rows: if t.kind == "view" { None } else { t.rows },
            })
            .collect()
    }

    /// Finds the table a name designates: `table`, `schema.table`, quoted with backticks or
    /// double quotes or not, exact case first, then any case when that is unambiguous.
    async fn resolve(&mut self, requested: &str) -> Result<CatalogTable, SourceError> {
        let catalog = self.catalog().await?;
        let db = self.connector.url.database.clone();
        let mut candidates: Vec<(Option<String>, String)> = Vec::new();
        // The whole name as a table name (it may contain dots), then split at a dot.
        candidates.push((db.clone(), unquote(requested.trim())));
        if let Some((schema, table)) = split_qualified(requested.trim()) {
            candidates.push((Some(schema), table));
        }
        let matches = |exact: bool| -> Vec<&CatalogTable> {
            let eq = |a: &str, b: &str| {
                if exact {
                    a == b
                } else {
                    a.eq_ignore_ascii_case(b)
                }
            };
            for (schema, table) in &candidates {
                let found: Vec<&CatalogTable> = catalog
                    .iter()
                    .filter(|t| eq(&t.name, table))
                    .filter(|t| schema.as_deref().is_none_or(|s| eq(&t.schema, s)))
                    .collect();
                if !found.is_empty() {
                    return found;
                }
            }
            Vec::new()
        };
        let found = match matches(true) {
            f if f.len() == 1 => f,
            _ => matches(false),
        };
        if found.len() == 1 {
            return Ok(found[0].clone());
        }
        let available = self
            .listed(&catalog)
            .into_iter()
            .map(|t| t.name)
            .collect::<Vec<_>>()
            .join(", ");
        Err(SourceError::UnknownTable {
            connector: CONNECTOR,
            location: self.location(),
            table: requested.to_string(),
            available: if found.len() > 1 {
                format!("{available}; the name is ambiguous: qualify it as schema.table")
            } else {
                available
            },
        })
    }

    async fn table_columns(
        &mut self,
        table: &CatalogTable,
    ) -> Result<Vec<SourceColumn>, SourceError> {
        let connector = Arc::clone(&self.connector);
        let rows: Vec<Row> = self
            .conn()
            .await?
            .exec(
                "SELECT column_name, column_type, data_type FROM information_schema.columns \
                 WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                (table.schema.as_str(), table.name.as_str()),
            )
            .await
            .map_err(|e| {
                self.query_error(
                    connector.failure(&e),
                    "the user needs to see information_schema.columns",
                )
            })?;
        Ok(rows
            .iter()
            .map(|r| {
                let native_type = text(r, 1);
                let data_type = text(r, 2).to_ascii_lowercase();
                SourceColumn {
                    origin: Some((table.schema.clone(), table.name.clone(), text(r, 0))),
                    name: text(r, 0),
                    kind: kind_for_column_type(&data_type, &native_type),
                    binary: matches!(
                        data_type.as_str(),
                        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob"
                    ),
                    native_type,
                }
            })
            .collect())
    }

    /// The result columns of a query, from the server's metadata of the prepared statement
    /// (nothing is executed).
    async fn query_columns(&mut self, sql: &str) -> Result<Vec<SourceColumn>, SourceError> {
        let connector = Arc::clone(&self.connector);
        let conn = self.conn().await?;
        let statement = match conn.prep(sql).await {
            Ok(s) => s,
            Err(e) => {
                return Err(self.query_error(
                    connector.failure(&e),
                    "check the query in the server's own SQL, and table and column names with `stx-migrate inspect`",
                ))
            }
        };
        let columns = statement.columns();
        let _ = conn.close(statement).await;
        Ok(columns
            .iter()
            .map(|c| {
                let decode = Decode::for_column(c);
                let origin = (!c.org_table_ref().is_empty()).then(|| {
                    (
                        c.schema_str().into_owned(),
                        c.org_table_str().into_owned(),
                        c.org_name_str().into_owned(),
                    )
                });
                SourceColumn {
                    origin,
                    name: c.name_str().into_owned(),
                    native_type: native_type(c),
                    kind: decode.kind(),
                    binary: decode == Decode::Hex,
                }
            })
            .collect())
    }

    /// What the catalog declares about the key read from `origin` (schema, table, column):
    /// the table's primary key or a unique index on it alone (NOT NULL). `Unknown` when the
    /// catalog cannot be asked.
    async fn key_declared(&mut self, origin: Option<&(String, String, String)>) -> KeyDeclared {
        let Some((schema, table, column)) = origin else {
            return KeyDeclared::Undeclared {
                table: "the query's result (the key is computed, no table's column)".into(),
            };
        };
        let Ok(conn) = self.conn().await else {
            return KeyDeclared::Unknown;
        };
        let params = (schema.as_str(), table.as_str(), column.as_str());
        let rows: Vec<(String, String)> = match conn.exec(KEY_INDEX_SQL, params).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::debug!("the catalog query on the key failed: {e}");
                return KeyDeclared::Unknown;
            }
        };
        let table = format!("{schema}.{table}");
        if rows.iter().any(|(index, _)| index == "PRIMARY") {
            return KeyDeclared::PrimaryKey { table };
        }
        match rows.into_iter().find(|(_, nullable)| nullable == "NO") {
            Some((index, _)) => KeyDeclared::UniqueNotNull { table, index },
            None => KeyDeclared::Undeclared { table },
        }
    }

    /// What a request reads, and its columns.
    async fn plan(
        &mut self,
        request: &ReadRequest,
    ) -> Result<(Select, Vec<SourceColumn>), SourceError> {
        match request {
            ReadRequest::Table(name) => {
                let table = self.resolve(name).await?;
                let columns = self.table_columns(&table).await?;
                let from = format!(
                    "{}.{}",
                    quote_identifier(&table.schema),
                    quote_identifier(&table.name)
                );
                Ok((Select::Table(from), columns))
            }
            ReadRequest::Query(sql) => {
                let sql = sql.trim().trim_end_matches(';').trim_end().to_string();
                let columns = self.query_columns(&sql).await?;
                Ok((Select::Query(sql), columns))
            }
        }
    }
}

/// The unique indexes on one column alone (schema, table, column), with whether the column
/// allows NULL.
const KEY_INDEX_SQL: &str = "SELECT s.index_name, c.is_nullable \
     FROM information_schema.statistics s \
     JOIN information_schema.columns c ON c.table_schema = s.table_schema \
     AND c.table_name = s.table_name AND c.column_name = s.column_name \
     WHERE s.table_schema = ? AND s.table_name = ? AND s.column_name = ? \
     AND s.non_unique = 0 AND s.seq_in_index = 1 \
     AND NOT EXISTS (SELECT 1 FROM information_schema.statistics t \
     WHERE t.table_schema = s.table_schema AND t.table_name = s.table_name \
     AND t.index_name = s.index_name AND t.seq_in_index = 2)";

/// Quotes a MySQL identifier with backticks (`` `a``b` ``).
pub fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// How a column declared with `column_type` (information_schema) is decoded; the same rules
/// as for result metadata.
fn kind_for_column_type(data_type: &str, column_type: &str) -> ColumnKind {
    let column_type = column_type.to_ascii_lowercase();
    match data_type {
        "tinyint" if column_type.starts_with("tinyint(1)") => ColumnKind::Bool,
        "bit" if column_type == "bit(1)" => ColumnKind::Bool,
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "year" | "bit" => {
            ColumnKind::Int
        }
        "float" | "double" | "real" | "double precision" => ColumnKind::Float,
        _ => ColumnKind::Text,
    }
}

/// `name` without surrounding backticks or double quotes (doubled quotes inside undone).
fn unquote(name: &str) -> String {
    for q in ['`', '"'] {
        if name.len() >= 2 && name.starts_with(q) && name.ends_with(q) {
            let inner = &name[1..name.len() - 1];
            return inner.replace(&format!("{q}{q}"), &q.to_string());
        }
    }
    name.to_string()
}

/// `schema.table` split at the first dot outside quotes, both parts unquoted.
fn split_qualified(name: &str) -> Option<(String, String)> {
    let mut quote: Option<char> = None;
    for (i, c) in name.char_indices() {
        match (quote, c) {
            (None, '`' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '.') => {
                let (schema, table) = (&name[..i], &name[i + 1..]);
                if schema.is_empty() || table.is_empty() {
                    return None;
                }
                return Some((unquote(schema), unquote(table)));
            }
            _ => {}
        }
    }
    None
}

/// A catalog value as text.
fn text(row: &Row, i: usize) -> String {
    match row.as_ref(i) {
        Some(Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(Value::NULL) | None => String::new(),
        Some(Value::Int(n)) => n.to_string(),
        Some(Value::UInt(n)) => n.to_string(),
        Some(other) => format!("{other:?}"),
    }
}

#[async_trait]
impl Source for MysqlSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: true,
        }
    }

    fn transport(&self) -> Option<stx_connector_core::Transport> {
        Some(self.connector.transport())
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        let catalog = self.catalog().await?;
        Ok(self.listed(&catalog))
    }

    async fn foreign_keys(
        &mut self,
    ) -> Result<Vec<stx_connector_core::CatalogForeignKey>, SourceError> {
        let connector = Arc::clone(&self.connector);
        // Single-column keys only: a key of several columns has a position 2.
        let rows: Vec<Row> = self
            .conn()
            .await?
            .query(
                "SELECT k.table_schema, k.table_name, k.column_name, \
                        k.referenced_table_schema, k.referenced_table_name, k.referenced_column_name \
                 FROM information_schema.key_column_usage k \
                 WHERE k.referenced_table_name IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM information_schema.key_column_usage m \
                   WHERE m.constraint_schema = k.constraint_schema AND m.constraint_name = k.constraint_name \
                   AND m.table_name = k.table_name AND m.ordinal_position > 1)",
            )
            .await
            .map_err(|e| {
                self.query_error(
                    connector.failure(&e),
                    "the user needs to see information_schema.key_column_usage",
                )
            })?;
        let name = |schema: String, table: String| {
            self.listed_name(&CatalogTable {
                schema,
                name: table,
                kind: "table".into(),
                rows: None,
            })
        };
        Ok(rows
            .iter()
            .map(|r| stx_connector_core::CatalogForeignKey {
                table: name(text(r, 0), text(r, 1)),
                column: text(r, 2),
                references: name(text(r, 3), text(r, 4)),
                key: text(r, 5),
            })
            .collect())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let (_, columns) = self.plan(request).await?;
        Ok(columns
            .into_iter()
            .map(|c| ColumnInfo {
                name: c.name,
                native_type: c.native_type,
                dtype: c.kind.dtype(),
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let (from, columns) = self.plan(request).await?;
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = columns.iter().find(|c| !seen.insert(c.name.as_str())) {
            return Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.location(),
                message: format!("the result has two columns named '{}'", dup.name),
                hint: Some(format!("alias one of them, e.g. a.{0} AS a_{0}", dup.name)),
            });
        }
        let key = match &options.key {
            None => None,
            Some(wanted) => {
                // MySQL column names are case-insensitive; the sink must look the key up under
                // the name the result gives it.
                let column = columns
                    .iter()
                    .find(|c| c.name == *wanted)
                    .or_else(|| columns.iter().find(|c| c.name.eq_ignore_ascii_case(wanted)))
                    .ok_or_else(|| SourceError::Query {
                        connector: CONNECTOR,
                        location: self.location(),
                        message: format!("the key column '{wanted}' is not in the {request}"),
                        hint: Some(format!(
                            "[read] key must name a column of the result: {}",
                            columns
                                .iter()
                                .map(|c| c.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    })?;
                Some(ReadKey {
                    column: column.name.clone(),
                    binary: column.binary,
                })
            }
        };
        if let Some(key) = &key {
            let column = columns.iter().find(|c| c.name == key.column);
            let declared = self
                .key_declared(column.and_then(|c| c.origin.as_ref()))
                .await;
            report_key(
                &declared,
                &key.column,
                matches!(request, ReadRequest::Query(_)),
            );
        }
        let sink_key = key.as_ref().map(|k| k.column.clone());
        let reader = MysqlRead {
            connector: Arc::clone(&self.connector),
            from,
            key,
            batch_rows: options.batch_rows.max(1),
        };
        Ok(spawn_resumable_read(
            reader,
            sink_key,
            Backoff::default(),
            CHANNEL_BATCHES,
        ))
    }
}

#[cfg(test)]
mod tests;
