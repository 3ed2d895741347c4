//! ODBC source for stx-migrate, on odbc-api: Oracle, Access, FileMaker, DB2 and any database
//! with an ODBC driver.
//!
//! # Connecting
//!
//! - `url = "odbc://legacy"`: the data source `legacy` of `odbc.ini`.
//! - `url = "odbc:Driver={PostgreSQL Unicode};Server=db;Database=crm;Uid=migrator;"`, or
//!   `type = "odbc"` with `connection-string = "…"`.
//! - The password is never written in the file: `PWD=${VAR}` in the connection string, or
//!   `password-env = "VAR"` (appended as `PWD`). A literal `PWD=`/`Password=` is refused, and
//!   messages show the string with `PWD=***`.
//!
//! The driver manager is unixODBC, built into stx-migrate (no `libodbc` needed to build). It
//! reads `odbcinst.ini` and `odbc.ini` from `/etc`, or from the folder in `ODBCSYSINI`.
//! Distributions register drivers without a path (`Driver=psqlodbcw.so`); such a library is
//! looked up in the distribution's ODBC folders and named by its full path (for a DSN, put
//! before it: the driver then reads the data source's settings from `odbc.ini` itself).
//!
//! # Reading
//!
//! Each read opens its own connection on a thread of its own and hands batches over a
//! bounded channel. A decode strategy is chosen once per column from the ODBC metadata:
//!
//! | ODBC type | read as |
//! |---|---|
//! | TINYINT … BIGINT, DECIMAL/NUMERIC(p ≤ 18, 0) | Int64 |
//! | REAL, FLOAT, DOUBLE | Float64 (Oracle: exact text) |
//! | other DECIMAL/NUMERIC | exact text, as the driver renders it |
//! | BIT | Boolean |
//! | DATE, TIME, TIMESTAMP | text `YYYY-MM-DD`, `HH:MM:SS`, `YYYY-MM-DD HH:MM:SS[.fff]` |
//! | CHAR, VARCHAR, their wide and long forms, anything else | text, fetched as UTF-16 |
//! | BINARY/VARBINARY up to 8000 bytes | `0x…` hex text |
//! | long binary (BLOB, OLE object, FileMaker container) | skipped, one warning per column |
//!
//! `fetch = "auto"` (default) binds columnar block buffers (up to 64 MiB per block) when every
//! column is bounded: a (W)VARCHAR of at most 8192 characters, or a "long" type declared at
//! most 4000 long (psqlODBC calls every varchar above 255 characters long). An unbounded text
//! column (MEMO, LONG, CLOB, TEXT, `VARCHAR(MAX)`, FileMaker text) makes the read go row by
//! row, each long value fetched in parts, so nothing is cut. If a driver sends a value longer
//! than its buffer, the row is rejected naming the column (never cut silently); `fetch = "row"`
//! reads it. `fetch = "block"` insists on block cursors.
//!
//! # Dialects
//!
//! `dialect =` or detected from the driver's DBMS name: `oracle` (NLS settings fixed per
//! session so numbers and dates read as text do not depend on the locale; NUMBER read exactly;
//! `ROWNUM`), `access` (`[names]`, `TOP`; the mdbtools driver reads row by row), `filemaker`
//! (text fields declared 1,000,000 characters are unbounded; containers skipped), `db2`
//! (`FETCH FIRST`), `postgres`, `mysql`, `mssql`, `sqlite`, `ansi`.
//!
//! There is no snapshot or resume over ODBC: a read is one statement (consistent where the
//! database makes a statement consistent), and `[read] key` only orders it.
#![deny(missing_docs)]

mod connstr;
mod decode;
mod dialect;
mod read;
#[cfg(test)]
mod tests;

use std::path::Path;

use async_trait::async_trait;
use odbc_api::{Connection, ConnectionOptions, Cursor, ResultSetMetadata};
use serde::Deserialize;
use stx_connector_core::{
    BatchStream, ColumnInfo, Location, OptionsPick, OptionsSchema, ReadOptions, ReadRequest,
    Source, SourceDescription, SourceError, SourceFactory, SourceSpec, TableInfo,
};

pub use connstr::{find_driver_library, ConnectionString};
pub use decode::Strategy;
pub use dialect::Dialect;

const CONNECTOR: &str = "odbc";

/// The `[source]` options of an ODBC source (`type = "odbc"`, `odbc:` URLs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OdbcConfig {
    /// Environment variable holding the password (no default).
    pub password_env: Option<String>,
    /// The connection string (`Driver={PostgreSQL Unicode};Server=db;Database=crm;Uid=u;` or
    /// `DSN=legacy;`), without password.
    pub connection_string: Option<String>,
    /// The SQL dialect of the database behind the driver (`oracle`, `access`, `filemaker`,
    /// `db2`, `postgres`, `mysql`, `mssql`, `sqlite`, `ansi`); detected when absent.
    pub dialect: Option<String>,
    /// `block`, `row` or `auto` (default).
    pub fetch: Option<String>,
}

impl OdbcConfig {
    /// The ODBC options of a spec (unknown keys and wrong types are errors).
    pub fn from_spec(spec: &SourceSpec) -> Result<OdbcConfig, SourceError> {
        spec.options.parse(CONNECTOR)
    }
}

/// How rows are fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchMode {
    /// Block cursors unless a column is unbounded.
    Auto,
    /// Columnar block cursors only.
    Block,
    /// Row by row, long values in parts.
    Row,
}

impl FetchMode {
    fn from_spec(value: Option<&str>) -> Result<FetchMode, SourceError> {
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            None | Some("auto") => Ok(FetchMode::Auto),
            Some("block") => Ok(FetchMode::Block),
            Some("row") => Ok(FetchMode::Row),
            Some(other) => Err(SourceError::Config {
                message: format!("fetch = \"{other}\" is not a fetch mode"),
                hint: Some("fetch is auto, block or row".into()),
            }),
        }
    }
}

/// Opens ODBC sources (`odbc://DSN`, `odbc:Driver=…`, `type = "odbc"`).
pub struct OdbcFactory;

#[async_trait]
impl SourceFactory for OdbcFactory {
    fn names(&self) -> &'static [&'static str] {
        &["odbc"]
    }

    fn location(&self) -> Location {
        Location::ConnectionString
    }

    fn picked_by_options(&self) -> OptionsPick {
        OptionsPick {
            options: &["connection-string"],
            before_extension: false,
        }
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<OdbcConfig>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        // Connecting may wait on the network (login timeouts): not on a runtime worker.
        let spec = spec.clone();
        let source = tokio::task::spawn_blocking(move || OdbcSource::open(&spec))
            .await
            .map_err(|e| SourceError::Open {
                connector: CONNECTOR,
                location: "odbc".into(),
                message: format!("the connecting thread failed: {e}"),
                hint: None,
            })??;
        Ok(Box::new(source))
    }
}

/// Opens an Access file through the mdbtools ODBC driver (the fallback of the `access`
/// connector): row by row, and dates before 1900 come out wrong (a limit of mdbtools).
pub async fn open_mdbtools(path: &Path) -> Result<Box<dyn Source>, SourceError> {
    let location = path.display().to_string();
    if !path.is_file() {
        return Err(SourceError::Open {
            connector: "access",
            location,
            message: "no such file".into(),
            hint: Some("check the path (relative paths are relative to the migration file)".into()),
        });
    }
    let registered = registered_drivers();
    let driver = match registered
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("MDBTools"))
    {
        Some((name, _)) => name.clone(),
        None => ["libmdbodbcW.so", "libmdbodbc.so"]
            .iter()
            .find_map(|lib| find_driver_library(lib))
            .map(|p| p.display().to_string())
            .ok_or_else(|| SourceError::Open {
                connector: "access",
                location: location.clone(),
                message: "the mdbtools ODBC driver is not installed".into(),
                hint: Some(
                    "install it (Debian: apt-get install odbc-mdbtools), or read the file natively: drop ?driver=mdbtools"
                        .into(),
                ),
            })?,
    };
    let mut cs = ConnectionString::parse("Driver=x")?;
    cs.set("Driver", &driver);
    cs.set("DBQ", &location);
    let source = OdbcSource::connect(
        cs,
        Some(Dialect::Access),
        FetchMode::Row,
        "access",
        location,
    )?;
    Ok(Box::new(source))
}

/// Drivers the driver manager knows: name and library.
fn registered_drivers() -> Vec<(String, Option<String>)> {
    odbc_api::environment()
        .and_then(|env| env.drivers())
        .map(|drivers| {
            drivers
                .into_iter()
                .map(|d| (d.description, d.attributes.get("Driver").cloned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Helpers for tests that need a real ODBC driver (this crate's and the application's).
pub mod testing {
    /// The driver's name when the driver manager knows it. Otherwise `None` after printing
    /// `skipped: …`, or a panic under `STX_REQUIRE_ODBC_DRIVERS=1` (`.ci/run` installs the
    /// drivers and registers them in `tests/odbc/odbcinst.ini`), so that a test meant to go
    /// through a driver cannot pass silently without it.
    pub fn driver(name: &str) -> Option<String> {
        if super::registered_drivers()
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            return Some(name.to_string());
        }
        if std::env::var("STX_REQUIRE_ODBC_DRIVERS").as_deref() == Ok("1") {
            panic!(
                "ODBC driver '{name}' is not registered but STX_REQUIRE_ODBC_DRIVERS=1 (ODBCSYSINI={:?})",
                std::env::var("ODBCSYSINI")
            );
        }
        eprintln!("skipped: ODBC driver '{name}' not registered");
        None
    }
}

/// Data sources the driver manager knows: name and driver name.
fn registered_data_sources() -> Vec<(String, String)> {
    odbc_api::environment()
        .and_then(|env| env.data_sources())
        .map(|sources| {
            sources
                .into_iter()
                .map(|s| (s.server_name, s.driver))
                .collect()
        })
        .unwrap_or_default()
}

/// A database reached through an ODBC driver.
pub struct OdbcSource {
    conn: Connection<'static>,
    target: read::Target,
    location: String,
    /// Whether queries go to the driver; mdbtools' SQL is too small for a migration's joins,
    /// so the Access fallback runs them on polars SQL like the native Access reader.
    sql_engine: bool,
}

/// A table of the catalog.
#[derive(Debug, Clone)]
struct CatalogTable {
    schema: Option<String>,
    name: String,
    kind: &'static str,
}

impl OdbcSource {
    /// Connects with the spec's connection string (see the crate documentation).
    pub fn open(spec: &SourceSpec) -> Result<OdbcSource, SourceError> {
        let config = OdbcConfig::from_spec(spec)?;
        let cs = ConnectionString::from_spec(spec)?;
        let dialect = config
            .dialect
            .as_deref()
            .map(Dialect::from_name)
            .transpose()?;
        let fetch = FetchMode::from_spec(config.fetch.as_deref())?;
        let location = format!("odbc:{}", cs.redacted());
        OdbcSource::connect(cs, dialect, fetch, CONNECTOR, location)
    }

    fn connect(
        cs: ConnectionString,
        dialect: Option<Dialect>,
        fetch: FetchMode,
        connector: &'static str,
        location: String,
    ) -> Result<OdbcSource, SourceError> {
        let cs = cs.with_driver_library(&registered_drivers(), &registered_data_sources());
        let mut target = read::Target {
            cs,
            dialect: dialect.unwrap_or(Dialect::Ansi),
            fetch,
            quote: None,
            connector,
            location: location.clone(),
        };
        let conn = target.connect()?;
        let dbms = conn
            .database_management_system_name()
            .unwrap_or_default()
            .trim_end_matches('\0')
            .to_string();
        if dialect.is_none() {
            target.dialect = Dialect::detect(&dbms);
        }
        target.setup_session(&conn)?;
        target.quote = conn.identifier_quote_char().ok().flatten();
        // mdbtools cannot fill block buffers (platform notes): rows it is.
        if dbms.to_ascii_lowercase().starts_with("mdbtools") && target.fetch == FetchMode::Auto {
            target.fetch = FetchMode::Row;
        }
        // `-v` shows why a read behaves as it does.
        tracing::info!(
            dbms = %dbms,
            dialect = target.dialect.name(),
            fetch = ?target.fetch,
            "ODBC connection"
        );
        Ok(OdbcSource {
            conn,
            target,
            location,
            sql_engine: connector == CONNECTOR,
        })
    }

    /// The dialect in use (given or detected).
    pub fn dialect(&self) -> Dialect {
        self.target.dialect
    }

    fn query_error(&self, e: odbc_api::Error, hint: &str) -> SourceError {
        SourceError::Query {
            connector: self.target.connector,
            location: self.location.clone(),
            message: self.target.scrub(&e.to_string()),
            hint: Some(hint.to_string()),
        }
    }

    /// Tables and views of the catalog (`SQLTables`), without the system's.
    fn catalog(&self) -> Result<Vec<CatalogTable>, SourceError> {
        let hint = "the driver's catalog function failed; name the table in a query instead";
        let mut stmt = self
            .conn
            .preallocate()
            .map_err(|e| self.query_error(e, hint))?;
        let mut cursor = stmt
            .tables_cursor("", "", "", "TABLE,VIEW")
            .map_err(|e| self.query_error(e, hint))?;
        let mut out = Vec::new();
        let mut buf = Vec::new();
        // By position: some drivers (mdbtools) name the catalog's columns with empty strings.
        let mut text =
            |row: &mut odbc_api::CursorRow<'_>, col: u16| catalog_text(row, col, &mut buf);
        while let Some(mut row) = cursor.next_row().map_err(|e| self.query_error(e, hint))? {
            let schema = text(&mut row, 2).filter(|s| !s.is_empty());
            let Some(name) = text(&mut row, 3).filter(|s| !s.is_empty()) else {
                continue;
            };
            let kind = match text(&mut row, 4)
                .unwrap_or_default()
                .to_ascii_uppercase()
                .as_str()
            {
                // Access "views" are saved queries of the Access engine, which no driver
                // outside Windows runs.
                "VIEW" if self.target.dialect == Dialect::Access => continue,
                "VIEW" => "view",
                "TABLE" | "BASE TABLE" => "table",
                _ => continue,
            };
            let dialect = self.target.dialect;
            if schema
                .as_deref()
                .is_some_and(|s| dialect.is_system_schema(s))
                || dialect.is_system_table(&name)
            {
                continue;
            }
            out.push(CatalogTable { schema, name, kind });
        }
        out.sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        Ok(out)
    }

    /// Column names and the database's type names (`SQLColumns`: TYPE_NAME with COLUMN_SIZE
    /// and DECIMAL_DIGITS); empty when the driver's catalog function fails.
    fn catalog_types(&self, table: &CatalogTable) -> Vec<(String, String)> {
        let Ok(mut stmt) = self.conn.preallocate() else {
            return Vec::new();
        };
        // "" would mean "no schema" to some drivers (SQLite's): match any, then check names.
        let schema = table.schema.as_deref().unwrap_or("%");
        let Ok(mut cursor) = stmt.columns_cursor("", schema, &table.name, "") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut text =
            |row: &mut odbc_api::CursorRow<'_>, col: u16| catalog_text(row, col, &mut buf);
        while let Ok(Some(mut row)) = cursor.next_row() {
            if text(&mut row, 3).is_some_and(|t| t != table.name) {
                continue;
            }
            let (Some(name), Some(type_name)) = (text(&mut row, 4), text(&mut row, 6)) else {
                continue;
            };
            let size = text(&mut row, 7).filter(|s| !s.is_empty() && s != "0");
            let digits = text(&mut row, 9).filter(|s| !s.is_empty() && s != "0");
            let sized = type_name.contains('(')
                || !type_name.to_ascii_lowercase().contains("char")
                    && !type_name.to_ascii_lowercase().contains("number")
                    && !type_name.to_ascii_lowercase().contains("numeric")
                    && !type_name.to_ascii_lowercase().contains("decimal");
            let shown = match (sized, size, digits) {
                (true, _, _) | (false, None, _) => type_name,
                (false, Some(size), None) => format!("{type_name}({size})"),
                (false, Some(size), Some(digits)) => format!("{type_name}({size},{digits})"),
            };
            out.push((name, shown));
        }
        out
    }

    /// The name a table is listed under: plain when no other schema has a table of that
    /// name, else `schema.table`.
    fn listed_name(catalog: &[CatalogTable], t: &CatalogTable) -> String {
        let clashes = catalog
            .iter()
            .filter(|o| o.name.eq_ignore_ascii_case(&t.name))
            .count();
        match &t.schema {
            Some(schema) if clashes > 1 => format!("{schema}.{}", t.name),
            _ => t.name.clone(),
        }
    }

    /// The table a name designates: as listed, `schema.table`, quoted or not, exact case
    /// first, then any case when unambiguous.
    fn resolve(&self, requested: &str) -> Result<CatalogTable, SourceError> {
        let catalog = self.catalog()?;
        let wanted = unquote(requested.trim());
        let qualified = |t: &CatalogTable| match &t.schema {
            Some(s) => format!("{s}.{}", t.name),
            None => t.name.clone(),
        };
        for exact in [true, false] {
            let eq = |a: &str, b: &str| {
                if exact {
                    a == b
                } else {
                    a.eq_ignore_ascii_case(b)
                }
            };
            let found: Vec<&CatalogTable> = catalog
                .iter()
                .filter(|t| eq(&qualified(t), &wanted) || eq(&t.name, &wanted))
                .collect();
            if found.len() == 1 {
                return Ok(found[0].clone());
            }
        }
        Err(SourceError::UnknownTable {
            connector: self.target.connector,
            location: self.location.clone(),
            table: requested.to_string(),
            available: catalog
                .iter()
                .map(|t| OdbcSource::listed_name(&catalog, t))
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The SELECT that reads a request, ordered by `key` when given.
    /// With the catalog table a table request resolved to (one catalog pass per request).
    fn select(
        &self,
        request: &ReadRequest,
        key: Option<&str>,
    ) -> Result<(String, Option<CatalogTable>), SourceError> {
        let target = &self.target;
        let quoted_key = key.map(|k| target.dialect.quote(k, target.quote));
        Ok(match request {
            ReadRequest::Table(name) => {
                let t = self.resolve(name)?;
                let table = target
                    .dialect
                    .quote_table(t.schema.as_deref(), &t.name, target.quote);
                let sql = match quoted_key {
                    Some(k) => format!("SELECT * FROM {table} ORDER BY {k}"),
                    None => format!("SELECT * FROM {table}"),
                };
                (sql, Some(t))
            }
            ReadRequest::Query(sql) => {
                let sql = match quoted_key {
                    Some(k) => target.dialect.order_by(sql, &k),
                    None => sql.trim().trim_end_matches(';').to_string(),
                };
                (sql, None)
            }
        })
    }

    /// Columns of a statement's result, from its metadata: prepared without executing where
    /// the driver allows, else executed limited to one row (nothing fetched).
    fn columns_of(&self, sql: &str) -> Result<Vec<read::SourceColumn>, SourceError> {
        let hint =
            "check the query in the database's own SQL, and names with `stx-migrate inspect`";
        if self.target.fetch != FetchMode::Row {
            if let Ok(mut prepared) = self.conn.prepare(sql) {
                if prepared.num_result_cols().is_ok_and(|n| n > 0) {
                    if let Ok(columns) = self.target.columns(&mut prepared) {
                        return Ok(columns);
                    }
                }
            }
        }
        let limited = match self.target.dialect {
            // mdbtools' SQL has no subqueries: run the statement itself, fetch nothing.
            Dialect::Access => sql.to_string(),
            d => d.limit(sql, 1),
        };
        let mut cursor = self
            .conn
            .execute(&limited, (), None)
            .map_err(|e| self.query_error(e, hint))?
            .ok_or_else(|| SourceError::Query {
                connector: self.target.connector,
                location: self.location.clone(),
                message: "the statement returns no result set".into(),
                hint: Some("read a SELECT".into()),
            })?;
        self.target.columns(&mut cursor)
    }
}

/// Column `col` of a catalog row as text (`None` for NULL or a driver error).
fn catalog_text(row: &mut odbc_api::CursorRow<'_>, col: u16, buf: &mut Vec<u8>) -> Option<String> {
    match row.get_text(col, buf) {
        Ok(true) => Some(
            String::from_utf8_lossy(buf)
                .trim_end_matches('\0')
                .to_string(),
        ),
        _ => None,
    }
}

fn unquote(name: &str) -> String {
    name.split('.')
        .map(|part| {
            let p = part.trim();
            p.strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .or_else(|| p.strip_prefix('[').and_then(|p| p.strip_suffix(']')))
                .or_else(|| p.strip_prefix('`').and_then(|p| p.strip_suffix('`')))
                .unwrap_or(p)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[async_trait]
impl Source for OdbcSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: self.target.connector,
            location: self.location.clone(),
            has_sql_engine: self.sql_engine,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        // Catalog calls are short and synchronous; they run on the calling thread.
        let catalog = self.catalog()?;
        Ok(catalog
            .iter()
            .map(|t| TableInfo {
                name: OdbcSource::listed_name(&catalog, t),
                kind: t.kind.to_string(),
                // ODBC has no cheap row count; counting would read every table.
                rows: None,
            })
            .collect())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let (sql, table) = self.select(request, None)?;
        // The database's own type names (NUMBER(19), NVARCHAR2(20), MEMO) from the catalog;
        // the decoding follows the result's metadata, which is what a read sees.
        let native = table.map(|t| self.catalog_types(&t)).unwrap_or_default();
        Ok(self
            .columns_of(&sql)?
            .into_iter()
            .filter_map(|c| {
                let native_type = native
                    .iter()
                    .find(|(n, _)| *n == c.name)
                    .map_or(c.native_type, |(_, t)| t.clone());
                c.strategy.dtype().map(|dtype| ColumnInfo {
                    name: c.name,
                    native_type,
                    dtype,
                })
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let (sql, _) = self.select(request, options.key.as_deref())?;
        Ok(read::spawn(self.target.clone(), sql, options.batch_rows))
    }
}

impl read::Target {
    fn connect(&self) -> Result<Connection<'static>, SourceError> {
        let env = odbc_api::environment().map_err(|e| SourceError::Open {
            connector: self.connector,
            location: self.location.clone(),
            message: e.to_string(),
            hint: Some("the ODBC driver manager could not start".into()),
        })?;
        env.connect_with_connection_string(&self.cs.expose(), ConnectionOptions::default())
            .map_err(|e| {
                let message = self.scrub(&e.to_string());
                let hint = if message.contains("Can't open lib")
                    || message.contains("not found")
                    || message.contains("IM002")
                {
                    "the driver or data source is not registered: `odbcinst -q -d` lists drivers, `odbcinst -q -s` data sources; set ODBCSYSINI to the folder of the odbcinst.ini/odbc.ini to use, or write Driver=/full/path/to/driver.so"
                } else {
                    "check server, database, user and the password variable"
                };
                SourceError::Open {
                    connector: self.connector,
                    location: self.location.clone(),
                    message,
                    hint: Some(hint.into()),
                }
            })
    }

    fn setup_session(&self, conn: &Connection<'_>) -> Result<(), SourceError> {
        for statement in self.dialect.session_setup() {
            conn.execute(statement, (), None)
                .map_err(|e| SourceError::Open {
                    connector: self.connector,
                    location: self.location.clone(),
                    message: self.scrub(&e.to_string()),
                    hint: Some(format!(
                        "the {} session setting failed; set dialect = \"ansi\" to skip it",
                        self.dialect.name()
                    )),
                })?;
        }
        Ok(())
    }

    /// A driver message with the password removed.
    fn scrub(&self, message: &str) -> String {
        match self.cs.password() {
            Some(p) => p.scrub(message),
            None => message.to_string(),
        }
    }

    /// The result columns of a statement, with their strategies.
    fn columns(
        &self,
        meta: &mut impl ResultSetMetadata,
    ) -> Result<Vec<read::SourceColumn>, SourceError> {
        read::describe_columns(meta, self.dialect).map_err(|e| SourceError::Query {
            connector: self.connector,
            location: self.location.clone(),
            message: self.scrub(&e.to_string()),
            hint: Some("the driver could not describe the result columns".into()),
        })
    }
}
