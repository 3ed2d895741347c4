//! SQL Server source for stx-migrate, through tiberius (TDS 7.3, SQL Server 2008 and later).
//!
//! URL: `mssql://user@host:1433/database` (or `sqlserver://…`), SQL Server authentication,
//! password from `MSSQL_PASSWORD` (or the variable named by `password-env`, or `${VAR}` in the
//! URL). Parameters: `encrypt=true|false|off` (default `true`: TLS for everything, tiberius's
//! `Required`; `false` encrypts the login only; `off` never encrypts), `trust-server-certificate=
//! true`, `ca-file=/path/ca.pem`, `connect-timeout=SECONDS` (default 15), `command-timeout=
//! SECONDS` (default: none), `instance=NAME` (a named instance found through the SQL Browser
//! when the URL gives no port).
//!
//! A read runs in its own task on its own connection, inside one `SNAPSHOT` transaction when
//! the database allows it (one consistent view of the data), and streams the result row by
//! row into batches. With `[read] key` it is ordered by the key and a lost connection resumes
//! after the last key delivered.
#![deny(missing_docs)]

mod conn;
mod decode;
mod sql;
mod types;

use std::collections::HashSet;
use std::sync::Arc;

use async_trait::async_trait;
use futures::future::BoxFuture;
use futures::TryStreamExt;
use stx_connector_core::resume::{
    spawn_resumable_read, AttemptError, Backoff, BatchSink, ReadAttempt,
};
use stx_connector_core::{
    BatchStream, ColumnInfo, Location, OptionsSchema, PasswordOptions, ReadOptions, ReadRequest,
    Source, SourceDescription, SourceError, SourceFactory, SourceSpec, TableInfo,
};
use tiberius::error::Error as TdsError;
use tiberius::{ColumnData, QueryItem, QueryStream, Row};

use conn::{
    connect, driver_message, is_lost, is_snapshot_refusal, open_error, MssqlClient, Settings,
    CONNECTOR,
};
use decode::BatchDecoder;
use sql::{
    check_wrappable, describe_query_sql, describe_table_sql, native_type_from_catalog, read_sql,
    resolve_table, top_zero_sql, CatalogTable, KeySpec, KeyType, ReadBase, BEGIN_SNAPSHOT_SQL,
    LEAVE_SNAPSHOT_SQL, LIST_TABLES_SQL, SNAPSHOT_STATE_SQL,
};
use types::{int_value, kind_of_type_name, native_name_of_column_type};

pub use sql::quote_ident;

/// Batches waiting between the reading task and the pipeline: reading overlaps processing
/// without holding more than a few batches.
const CHANNEL_BATCHES: usize = 4;

/// Opens SQL Server sources (`mssql://` and `sqlserver://` URLs, `type = "mssql"`).
pub struct MssqlFactory;

#[async_trait]
impl SourceFactory for MssqlFactory {
    fn names(&self) -> &'static [&'static str] {
        &["mssql", "sqlserver"]
    }

    fn location(&self) -> Location {
        Location::Server
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<PasswordOptions>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        Ok(Box::new(MssqlSource::open(spec).await?))
    }
}

/// A SQL Server database.
pub struct MssqlSource {
    settings: Arc<Settings>,
    /// The connection for catalog queries; reads open their own. `None` after it was lost.
    client: Option<MssqlClient>,
}

impl std::fmt::Debug for MssqlSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MssqlSource")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl MssqlSource {
    /// Connects and logs in; fails with a hint when the server, the login or the database is
    /// wrong.
    pub async fn open(spec: &SourceSpec) -> Result<MssqlSource, SourceError> {
        let settings = Settings::from_spec(spec)?;
        let client = connect(&settings)
            .await
            .map_err(|e| open_error(&settings, &e))?;
        Ok(MssqlSource {
            settings: Arc::new(settings),
            client: Some(client),
        })
    }

    fn location(&self) -> String {
        self.settings.location()
    }

    fn query_error(&self, error: &TdsError, hint: &str) -> SourceError {
        SourceError::Query {
            connector: CONNECTOR,
            location: self.location(),
            message: driver_message(&self.settings.url, error),
            hint: Some(hint.to_string()),
        }
    }

    /// The catalog connection, reconnecting when it was lost.
    async fn client(&mut self) -> Result<&mut MssqlClient, SourceError> {
        if self.client.is_none() {
            let client = connect(&self.settings)
                .await
                .map_err(|e| open_error(&self.settings, &e))?;
            self.client = Some(client);
        }
        Ok(self.client.as_mut().expect("connected above"))
    }

    /// Runs `f` on the catalog connection, once more on a fresh connection when the first
    /// one turns out to be lost (an idle connection may have been dropped by the server).
    async fn with_client<T>(
        &mut self,
        f: impl for<'c> Fn(&'c mut MssqlClient) -> BoxFuture<'c, Result<T, TdsError>>,
    ) -> Result<Result<T, TdsError>, SourceError> {
        for retry in [false, true] {
            let client = self.client().await?;
            match f(client).await {
                Err(e) if is_lost(&e) && !retry => self.client = None,
                other => return Ok(other),
            }
        }
        unreachable!("the second attempt returns")
    }

    /// The rows of the first result of `sql` (catalog queries: small).
    async fn fetch(&mut self, sql: &str) -> Result<Result<Vec<Row>, TdsError>, SourceError> {
        let sql = sql.to_string();
        self.with_client(move |client| {
            let sql = sql.clone();
            Box::pin(async move { client.simple_query(sql).await?.into_first_result().await })
        })
        .await
    }

    /// The result columns of `sql`, reading no row.
    async fn metadata(
        &mut self,
        sql: &str,
    ) -> Result<Result<Vec<tiberius::Column>, TdsError>, SourceError> {
        let sql = sql.to_string();
        self.with_client(move |client| {
            let sql = sql.clone();
            Box::pin(async move {
                let mut stream = client.simple_query(sql).await?;
                let columns = stream
                    .columns()
                    .await?
                    .map(<[_]>::to_vec)
                    .unwrap_or_default();
                stream.into_results().await?;
                Ok(columns)
            })
        })
        .await
    }

    async fn catalog(&mut self) -> Result<Vec<CatalogTable>, SourceError> {
        let rows = self.fetch(LIST_TABLES_SQL).await?.map_err(|e| {
            self.query_error(
                &e,
                "the login needs to see the catalog (sys.tables, sys.views) of the database",
            )
        })?;
        Ok(rows
            .iter()
            .map(|r| CatalogTable {
                schema: text_at(r, 0).unwrap_or_default(),
                name: text_at(r, 1).unwrap_or_default(),
                kind: text_at(r, 2).unwrap_or_else(|| "table".into()),
                rows: int_at(r, 3).map(|n| n.max(0) as u64),
            })
            .collect())
    }

    async fn resolve(&mut self, wanted: &str) -> Result<CatalogTable, SourceError> {
        let tables = self.catalog().await?;
        match resolve_table(wanted, &tables, self.settings.url.database.as_deref()) {
            Some(t) => Ok(t.clone()),
            None => Err(SourceError::UnknownTable {
                connector: CONNECTOR,
                location: self.location(),
                table: wanted.to_string(),
                available: tables
                    .iter()
                    .map(CatalogTable::display_name)
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    async fn describe_table(
        &mut self,
        table: &CatalogTable,
    ) -> Result<Vec<ColumnInfo>, SourceError> {
        let rows = self
            .fetch(&describe_table_sql(&table.schema, &table.name))
            .await?
            .map_err(|e| {
                self.query_error(
                    &e,
                    "the login needs to see the table's columns (INFORMATION_SCHEMA.COLUMNS)",
                )
            })?;
        Ok(rows
            .iter()
            .map(|r| {
                let native_type = native_type_from_catalog(
                    &text_at(r, 1).unwrap_or_default(),
                    int_at(r, 2),
                    int_at(r, 3),
                    int_at(r, 4),
                    int_at(r, 5),
                );
                ColumnInfo {
                    name: text_at(r, 0).unwrap_or_default(),
                    dtype: kind_of_type_name(&native_type).dtype(),
                    native_type,
                }
            })
            .collect())
    }

    /// A query's columns: `sp_describe_first_result_set` (types with lengths), else the
    /// metadata of `SELECT TOP 0 * FROM (query)` (type names only).
    async fn describe_query(&mut self, query: &str) -> Result<Vec<ColumnInfo>, SourceError> {
        let described = self.fetch(&describe_query_sql(query)).await?;
        let first_error = match described {
            Ok(rows) if !rows.is_empty() => {
                if let Some(columns) = columns_from_description(&rows) {
                    return Ok(columns);
                }
                None
            }
            Ok(_) => None,
            Err(e) => Some(e),
        };
        match self.metadata(&top_zero_sql(query)).await? {
            Ok(columns) if !columns.is_empty() || first_error.is_none() => Ok(columns
                .iter()
                .map(|c| {
                    let native_type = native_name_of_column_type(c.column_type()).to_string();
                    ColumnInfo {
                        name: c.name().to_string(),
                        dtype: kind_of_type_name(&native_type).dtype(),
                        native_type,
                    }
                })
                .collect()),
            Ok(_) => Err(self.query_error(
                first_error.as_ref().expect("checked above"),
                "check the query with sqlcmd or SQL Server Management Studio",
            )),
            Err(e) => Err(self.query_error(
                first_error.as_ref().unwrap_or(&e),
                "check the query with sqlcmd or SQL Server Management Studio",
            )),
        }
    }

    async fn key_spec(
        &mut self,
        base: &ReadBase,
        table: Option<&CatalogTable>,
        key: &str,
    ) -> Result<KeySpec, SourceError> {
        let columns = match (base, table) {
            (ReadBase::Query(q), _) => {
                check_wrappable(q).map_err(|(message, hint)| SourceError::Query {
                    connector: CONNECTOR,
                    location: self.location(),
                    message,
                    hint: Some(hint),
                })?;
                self.describe_query(q).await?
            }
            (ReadBase::Table { .. }, Some(t)) => self.describe_table(t).await?,
            (ReadBase::Table { .. }, None) => unreachable!("tables are resolved first"),
        };
        let what = match table {
            Some(t) => format!("table {}", t.display_name()),
            None => "the query".to_string(),
        };
        let exact = columns.iter().find(|c| c.name == key);
        let folded: Vec<&ColumnInfo> = columns
            .iter()
            .filter(|c| c.name.to_lowercase() == key.to_lowercase())
            .collect();
        let column = match (exact, folded.as_slice()) {
            (Some(c), _) => c,
            (None, [c]) => *c,
            _ => {
                return Err(SourceError::Config {
                    message: format!("[read] key = \"{key}\" is not a column of {what}"),
                    hint: Some(format!(
                        "columns: {}",
                        columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                })
            }
        };
        let ty = KeyType::for_native_type(&column.native_type).map_err(|why| SourceError::Config {
            message: format!("[read] key = \"{key}\": {why}"),
            hint: Some("choose a unique column of an orderable type (integer, text, date, uniqueidentifier)".into()),
        })?;
        Ok(KeySpec {
            column: column.name.clone(),
            ty,
        })
    }
}

/// Columns from the rows of `sp_describe_first_result_set`, found by the names of its
/// result's columns; `None` when those are not there.
fn columns_from_description(rows: &[Row]) -> Option<Vec<ColumnInfo>> {
    let first = rows.first()?;
    let index = |name: &str| first.columns().iter().position(|c| c.name() == name);
    let (name_at, type_at) = (index("name")?, index("system_type_name")?);
    let hidden_at = index("is_hidden");
    Some(
        rows.iter()
            .filter(|r| {
                !hidden_at.is_some_and(|i| {
                    matches!(r.get_column_data(i), Ok(ColumnData::Bit(Some(true))))
                })
            })
            .map(|r| {
                let native_type = text_at(r, type_at).unwrap_or_default();
                ColumnInfo {
                    name: text_at(r, name_at).unwrap_or_default(),
                    dtype: kind_of_type_name(&native_type).dtype(),
                    native_type,
                }
            })
            .collect(),
    )
}

fn text_at(row: &Row, i: usize) -> Option<String> {
    match row.get_column_data(i).ok()? {
        ColumnData::String(Some(s)) => Some(s.to_string()),
        _ => None,
    }
}

fn int_at(row: &Row, i: usize) -> Option<i64> {
    match row.get_column_data(i).ok()? {
        ColumnData::Numeric(Some(n)) if n.scale() == 0 => i64::try_from(n.value()).ok(),
        other => int_value(other).ok().flatten(),
    }
}

#[async_trait]
impl Source for MssqlSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: true,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        Ok(self
            .catalog()
            .await?
            .into_iter()
            .map(|t| TableInfo {
                name: t.display_name(),
                rows: if t.kind == "view" {
                    None
                } else {
                    Some(t.rows.unwrap_or(0))
                },
                kind: t.kind,
            })
            .collect())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        match request {
            ReadRequest::Table(name) => {
                let table = self.resolve(name).await?;
                self.describe_table(&table).await
            }
            ReadRequest::Query(q) => self.describe_query(q).await,
        }
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let (base, table) = match request {
            ReadRequest::Table(name) => {
                let t = self.resolve(name).await?;
                (
                    ReadBase::Table {
                        schema: t.schema.clone(),
                        table: t.name.clone(),
                    },
                    Some(t),
                )
            }
            ReadRequest::Query(q) => (ReadBase::Query(q.clone()), None),
        };
        let key = match options.key.as_deref() {
            Some(k) => Some(self.key_spec(&base, table.as_ref(), k).await?),
            None => None,
        };
        let task = ReadTask {
            settings: self.settings.clone(),
            base,
            key: key.clone(),
            batch_rows: options.batch_rows.max(1),
            warned: false,
        };
        Ok(spawn_resumable_read(
            task,
            key.map(|k| k.column),
            Backoff::default(),
            CHANNEL_BATCHES,
        ))
    }
}

/// One read: each attempt connects, reads after the sink's last key, and streams batches.
struct ReadTask {
    settings: Arc<Settings>,
    base: ReadBase,
    key: Option<KeySpec>,
    batch_rows: usize,
    /// The snapshot warning is printed once per read, not once per reconnection.
    warned: bool,
}

impl ReadAttempt for ReadTask {
    fn attempt<'a>(
        &'a mut self,
        sink: &'a mut BatchSink,
    ) -> BoxFuture<'a, Result<(), AttemptError>> {
        Box::pin(self.run(sink))
    }
}

impl ReadTask {
    fn location(&self) -> String {
        self.settings.location()
    }

    /// A driver error as the attempt's outcome: lost connections are retried, the rest ends
    /// the read.
    fn failure(&self, error: &TdsError, row: Option<u64>, hint: Option<&str>) -> AttemptError {
        let message = driver_message(&self.settings.url, error);
        if is_lost(error) {
            return AttemptError::Lost(SourceError::Read {
                connector: CONNECTOR,
                location: self.location(),
                row,
                message,
                hint: None,
            });
        }
        let hint = hint.map(str::to_string).or_else(|| match error.code() {
            Some(1033) => Some("remove the ORDER BY from the query: with [read] key the rows are read in key order".into()),
            Some(208) => Some("check the table names in the query (stx-migrate inspect lists them)".into()),
            Some(207) => Some("check the column names in the query".into()),
            Some(229) => Some("the login lacks SELECT permission on an object the read uses".into()),
            _ => None,
        });
        AttemptError::Fatal(match row {
            None => SourceError::Query {
                connector: CONNECTOR,
                location: self.location(),
                message,
                hint,
            },
            Some(_) => SourceError::Read {
                connector: CONNECTOR,
                location: self.location(),
                row,
                message,
                hint: hint.or_else(|| Some("a value the driver cannot decode (e.g. varchar bytes invalid in the column's code page) stops the read: CAST the column in a query to find it".into())),
            },
        })
    }

    fn fatal(&self, message: String, hint: &str) -> AttemptError {
        AttemptError::Fatal(SourceError::Query {
            connector: CONNECTOR,
            location: self.location(),
            message,
            hint: Some(hint.to_string()),
        })
    }

    fn warn_once(&mut self, why: &str) {
        if self.warned {
            return;
        }
        self.warned = true;
        let db = self
            .settings
            .url
            .database
            .as_deref()
            .unwrap_or("<database>");
        eprintln!(
            "warning: mssql source {}: {why}; reading under the default isolation (rows changed during the read may be missed or read twice). For one consistent view run: ALTER DATABASE {} SET ALLOW_SNAPSHOT_ISOLATION ON",
            self.location(),
            sql::quote_ident(db)
        );
    }

    /// Starts the snapshot transaction when the database allows it (or cannot tell); returns
    /// whether one is open.
    async fn begin_snapshot(&mut self, client: &mut MssqlClient) -> Result<bool, AttemptError> {
        let state = match client.simple_query(SNAPSHOT_STATE_SQL).await {
            Ok(stream) => match stream.into_first_result().await {
                Ok(rows) => rows.first().and_then(|r| int_at(r, 0)),
                Err(e) if is_lost(&e) => return Err(self.failure(&e, None, None)),
                Err(_) => None,
            },
            Err(e) if is_lost(&e) => return Err(self.failure(&e, None, None)),
            Err(_) => None,
        };
        if matches!(state, Some(s) if s != 1) {
            self.warn_once("snapshot isolation is not enabled in this database");
            return Ok(false);
        }
        let begun = match client.simple_query(BEGIN_SNAPSHOT_SQL).await {
            Ok(stream) => stream.into_results().await.map(|_| ()),
            Err(e) => Err(e),
        };
        match begun {
            Ok(()) => Ok(true),
            Err(e) if is_lost(&e) => Err(self.failure(&e, None, None)),
            Err(e) => {
                let why = format!(
                    "the server refused a snapshot transaction ({})",
                    driver_message(&self.settings.url, &e)
                );
                self.warn_once(&why);
                Ok(false)
            }
        }
    }

    async fn run(&mut self, sink: &mut BatchSink) -> Result<(), AttemptError> {
        let mut client = connect(&self.settings).await.map_err(|e| {
            if is_lost(&e) {
                AttemptError::Lost(open_error(&self.settings, &e))
            } else {
                AttemptError::Fatal(open_error(&self.settings, &e))
            }
        })?;
        let mut in_snapshot = self.begin_snapshot(&mut client).await?;
        let sql = read_sql(&self.base, self.key.as_ref(), sink.last_key())
            .map_err(|e| self.fatal(e, "the read's key column must hold values of one type"))?;
        loop {
            // The stream borrows the client: finish with it inside this statement.
            let outcome = match client.simple_query(sql.as_str()).await {
                Ok(stream) => Ok(self.consume(stream, sink).await),
                Err(e) => Err(e),
            };
            match outcome {
                Ok(result) => return result,
                Err(e) if in_snapshot && is_snapshot_refusal(&e) => {
                    // The database (or one a view reaches into) does not allow snapshots.
                    in_snapshot = false;
                    self.warn_once(&driver_message(&self.settings.url, &e));
                    let left = match client.simple_query(LEAVE_SNAPSHOT_SQL).await {
                        Ok(stream) => stream.into_results().await.map(|_| ()),
                        Err(e) => Err(e),
                    };
                    left.map_err(|e| self.failure(&e, None, None))?;
                }
                Err(e) => return Err(self.failure(&e, None, None)),
            }
        }
    }

    /// Streams the result into batches.
    async fn consume(
        &mut self,
        mut stream: QueryStream<'_>,
        sink: &mut BatchSink,
    ) -> Result<(), AttemptError> {
        let mut decoder: Option<BatchDecoder> = None;
        let mut result_sets = 0;
        loop {
            let pending = decoder.as_ref().map_or(0, |d| d.rows() as u64);
            let item = match stream.try_next().await {
                Ok(Some(item)) => item,
                Ok(None) => break,
                Err(e) => return Err(self.failure(&e, Some(sink.next_row() + pending), None)),
            };
            match item {
                QueryItem::Metadata(meta) => {
                    result_sets += 1;
                    if result_sets > 1 {
                        return Err(self.fatal(
                            "the query returned more than one result set".into(),
                            "read one SELECT per source; put other statements in a view or a separate read",
                        ));
                    }
                    self.check_columns(meta.columns())?;
                    decoder = Some(BatchDecoder::new(meta.columns(), self.batch_rows));
                }
                QueryItem::Row(row) => {
                    let Some(d) = decoder.as_mut() else {
                        return Err(self.fatal(
                            "a row came before its columns".into(),
                            "report this as a driver problem",
                        ));
                    };
                    let cells = row.into_token_row();
                    d.push(cells.iter().as_slice(), sink.next_row() + pending);
                    if d.rows() >= self.batch_rows {
                        let batch = d
                            .finish()
                            .map_err(|e| self.fatal(e.to_string(), "report this as a bug"))?;
                        if sink.send(batch).await.is_err() {
                            return Ok(());
                        }
                    }
                }
            }
        }
        if let Some(mut d) = decoder {
            if d.rows() > 0 {
                let batch = d
                    .finish()
                    .map_err(|e| self.fatal(e.to_string(), "report this as a bug"))?;
                let _ = sink.send(batch).await;
            }
        }
        Ok(())
    }

    /// Result columns must have distinct, non-empty names (they become the frame's columns),
    /// and must include the key.
    fn check_columns(&self, columns: &[tiberius::Column]) -> Result<(), AttemptError> {
        let mut seen = HashSet::new();
        for (i, c) in columns.iter().enumerate() {
            if c.name().is_empty() {
                return Err(self.fatal(
                    format!("column {} of the result has no name", i + 1),
                    "give every computed column a name: expression AS name",
                ));
            }
            if !seen.insert(c.name()) {
                return Err(self.fatal(
                    format!("the result has two columns named '{}'", c.name()),
                    &format!("alias one of them, e.g. a.{0} AS a_{0}", c.name()),
                ));
            }
        }
        if let Some(key) = &self.key {
            if !seen.contains(key.column.as_str()) {
                return Err(self.fatal(
                    format!("the result has no column '{}' ([read] key)", key.column),
                    "the key must be one of the read's columns",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod mock_tests;

#[cfg(test)]
mod live_tests;
