//! PostgreSQL source for stx-migrate, through tokio-postgres.
//!
//! Rows are read with `COPY (query) TO STDOUT (FORMAT binary)` and the binary tuples are decoded
//! straight into polars column builders (see `decode`); a server that refuses COPY (PgBouncer
//! setups, PostgreSQL-compatible servers) is read with a plain query instead, whose rows come
//! in the same binary value format. Types without a native decoder (intervals, arrays, enums,
//! money, network types ...) are cast to `text` by the server. The whole read runs in one
//! `REPEATABLE READ READ ONLY` transaction; with a `[read] key` it is ordered by the key,
//! resumes after a lost connection, and can be split between parallel readers sharing one
//! exported snapshot.
//!
//! URL: `postgres://user@host:port/db?sslmode=prefer&sslrootcert=/path&connect_timeout=10&application_name=stx-migrate&read=copy`;
//! the password comes from `${VAR}` in the URL, `password-env`, or `PGPASSWORD`.
#![deny(missing_docs)]

mod decode;
mod reader;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use polars::prelude::DataType;
use postgres_native_tls::MakeTlsConnector;
use stx_connector_core::resume::{spawn_resumable_read, Backoff};
use stx_connector_core::{
    report_key, BatchStream, ColumnInfo, ColumnKind, DbUrl, KeyDeclared, Location, OptionsSchema,
    PasswordOptions, ReadOptions, ReadRequest, Source, SourceDescription, SourceError,
    SourceFactory, SourceSpec, TableInfo, Transport,
};
use tokio_postgres::error::{ErrorPosition, SqlState};
use tokio_postgres::types::{Kind, Type};
use tokio_postgres::{Client, NoTls};

use decode::{ColumnPlan, Dec};
use reader::{KeyPlan, PgRead, Plan};

const CONNECTOR: &str = "postgres";
/// URL parameters this connector understands; the rest are refused (a typo in `sslmode`
/// must not silently connect without TLS).
const KNOWN_PARAMS: &[&str] = &[
    "sslmode",
    "sslrootcert",
    "connect_timeout",
    "application_name",
    "read",
];
/// Connection timeout when the URL sets none (libpq waits forever; a migration should not).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Batches decoded ahead of the consumer.
const CHANNEL_BATCHES: usize = 4;

/// Opens PostgreSQL sources (`postgres://` and `postgresql://` URLs).
pub struct PostgresFactory;

#[async_trait]
impl SourceFactory for PostgresFactory {
    fn names(&self) -> &'static [&'static str] {
        &["postgres", "postgresql"]
    }

    fn location(&self) -> Location {
        Location::Server
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<PasswordOptions>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        Ok(Box::new(PostgresSource::open(spec).await?))
    }
}

/// How rows are fetched (`read=` URL parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadMode {
    /// `COPY (...) TO STDOUT (FORMAT binary)`, the fast path.
    Copy,
    /// A plain query whose rows are streamed.
    Query,
}

enum Tls {
    Off,
    On(MakeTlsConnector),
}

/// Everything needed to open a connection; shared by a source's reads and their readers.
pub(crate) struct Connector {
    url: DbUrl,
    config: tokio_postgres::Config,
    tls: Tls,
    mode: ReadMode,
    transport: Transport,
}

impl Connector {
    fn from_spec(spec: &SourceSpec) -> Result<Connector, SourceError> {
        let url = DbUrl::from_spec(spec, CONNECTOR, &["PGPASSWORD"])?;
        url.only_params(KNOWN_PARAMS)?;
        // libpq's defaults: user from PGUSER or the login name, database named like the user.
        let user = url
            .user
            .clone()
            .or_else(|| non_empty_env("PGUSER"))
            .or_else(|| non_empty_env("USER"))
            .unwrap_or_else(|| "postgres".into());
        let dbname = url.database.clone().unwrap_or_else(|| user.clone());
        let mut config = tokio_postgres::Config::new();
        config
            .host(&url.host)
            .port(url.port.unwrap_or(5432))
            .user(&user)
            .dbname(&dbname)
            .application_name(url.param("application_name").unwrap_or("stx-migrate"))
            // Notice a dead peer during a long read in minutes, not hours, so it can resume.
            .keepalives_idle(Duration::from_secs(60));
        if let Some(password) = &url.password {
            config.password(password.expose());
        }
        match url.param("connect_timeout") {
            None => {
                config.connect_timeout(DEFAULT_CONNECT_TIMEOUT);
            }
            Some(t) => match t.trim().parse::<u64>() {
                Ok(0) => {}
                Ok(secs) => {
                    config.connect_timeout(Duration::from_secs(secs));
                }
                Err(_) => {
                    return Err(SourceError::Config {
                        message: format!(
                            "postgres URL: connect_timeout={t} is not a number of seconds"
                        ),
                        hint: Some("write connect_timeout=10 (0 = wait forever)".into()),
                    })
                }
            },
        }
        let mode = match url.param("read").map(str::to_ascii_lowercase).as_deref() {
            None | Some("copy") => ReadMode::Copy,
            Some("query") => ReadMode::Query,
            Some(other) => return Err(SourceError::Config {
                message: format!("postgres URL: read={other} is not a read method"),
                hint: Some(
                    "write read=copy (default, fastest) or read=query (for servers without COPY)"
                        .into(),
                ),
            }),
        };
        let (ssl_mode, tls) = tls_setup(url.param("sslmode"), url.param("sslrootcert"), &url.host)?;
        config.ssl_mode(ssl_mode);
        let transport = transport(url.param("sslmode"), url.param("sslrootcert"), &url.host);
        Ok(Connector {
            url,
            config,
            tls,
            mode,
            transport,
        })
    }

    /// The URL without its password, for messages.
    pub(crate) fn location(&self) -> String {
        self.url.redacted()
    }

    /// Opens a connection; its I/O runs in a task of its own.
    pub(crate) async fn connect(&self) -> Result<Client, tokio_postgres::Error> {
        match &self.tls {
            Tls::Off => {
                let (client, connection) = self.config.connect(NoTls).await?;
                tokio::spawn(async move {
                    let _ = connection.await;
                });
                Ok(client)
            }
            Tls::On(tls) => {
                let (client, connection) = self.config.connect(tls.clone()).await?;
                tokio::spawn(async move {
                    let _ = connection.await;
                });
                Ok(client)
            }
        }
    }

    /// The driver's error in full (server message, detail, hint, position), password removed.
    pub(crate) fn message(&self, e: &tokio_postgres::Error) -> String {
        let text = match e.as_db_error() {
            Some(db) => {
                let mut s = format!("{} {}: {}", db.severity(), db.code().code(), db.message());
                if let Some(detail) = db.detail() {
                    s.push_str(&format!(" (detail: {detail})"));
                }
                if let Some(hint) = db.hint() {
                    s.push_str(&format!(" (server hint: {hint})"));
                }
                if let Some(ErrorPosition::Original(p)) = db.position() {
                    s.push_str(&format!(" (at character {p})"));
                }
                s
            }
            None => {
                let mut s = e.to_string();
                let mut cause = std::error::Error::source(e);
                while let Some(c) = cause {
                    s.push_str(": ");
                    s.push_str(&c.to_string());
                    cause = c.source();
                }
                s
            }
        };
        self.url.scrub(&text)
    }

    fn open_error(&self, e: &tokio_postgres::Error) -> SourceError {
        let host = format!("{}:{}", self.url.host, self.url.port.unwrap_or(5432));
        let hint = match e.code() {
            Some(c) if *c == SqlState::INVALID_PASSWORD || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                "check the user name in the URL and the password variable (PGPASSWORD, or the one named by password-env / ${VAR} in the URL)".to_string()
            }
            Some(c) if *c == SqlState::INVALID_CATALOG_NAME => {
                "check the database name (the URL's path); `psql -l` lists the databases".to_string()
            }
            Some(_) => "see the server's message above".to_string(),
            None if self.message(e).contains("TLS") || self.message(e).contains("certificate") || self.message(e).contains("ssl") => {
                "check sslmode (disable, prefer, require, verify-ca, verify-full) and sslrootcert".to_string()
            }
            None => format!(
                "is the server running and reachable at {host}? check the host, the port, the firewall, and sslmode"
            ),
        };
        SourceError::Open {
            connector: CONNECTOR,
            location: self.location(),
            message: self.message(e),
            hint: Some(hint),
        }
    }
}

fn non_empty_env(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.is_empty())
}

/// The mode in force for `host` (the URL's, else the default) with its CA.
fn effective_mode<'a>(
    sslmode: Option<&str>,
    rootcert: Option<&'a str>,
    host: &str,
) -> (String, Option<&'a str>) {
    match sslmode {
        Some(mode) => (mode.to_ascii_lowercase(), rootcert),
        None if stx_connector_core::is_local_host(host) => ("prefer".to_string(), rootcert),
        None => ("verify-full".to_string(), rootcert.or(Some("system"))),
    }
}

/// What [`tls_setup`] makes of the connection, for the protocol.
fn transport(sslmode: Option<&str>, rootcert: Option<&str>, host: &str) -> Transport {
    let (mode, rootcert) = effective_mode(sslmode, rootcert, host);
    let security = match mode.as_str() {
        "disable" => "plain",
        "prefer" => "tls-if-offered",
        "require" if rootcert.is_none() => "unverified-tls",
        _ => "verified-tls",
    };
    Transport {
        host: host.to_string(),
        mode,
        security,
        exposed: security != "verified-tls",
        local: stx_connector_core::is_local_host(host),
    }
}

/// libpq's sslmode semantics on native-tls: `require` encrypts without checking the
/// certificate (unless sslrootcert is given, which makes it `verify-ca`, as in libpq),
/// `verify-ca` checks the chain but not the host name, `verify-full` checks both, `prefer`
/// tries TLS without checks and falls back to plain. The default is the safe one: `prefer` on
/// this machine only, `verify-full` against the system's roots for any other host. As psql,
/// `verify-ca` and `verify-full` written by name need a CA (`sslrootcert=/path` or `system`).
/// A password that would cross the network in plain text or over unverified TLS is warned
/// about on stderr.
fn tls_setup(
    sslmode: Option<&str>,
    rootcert: Option<&str>,
    host: &str,
) -> Result<(tokio_postgres::config::SslMode, Tls), SourceError> {
    use tokio_postgres::config::SslMode;
    let local = stx_connector_core::is_local_host(host);
    let (mode, rootcert) = effective_mode(sslmode, rootcert, host);
    if matches!(mode.as_str(), "verify-ca" | "verify-full") && rootcert.is_none() {
        return Err(SourceError::Config {
            message: format!("postgres URL: sslmode={mode} needs the CA to verify against"),
            hint: Some(
                "add sslrootcert=/path/to/ca.pem (the server's CA), or sslrootcert=system to trust the system's roots"
                    .into(),
            ),
        });
    }
    let unverified = match mode.as_str() {
        "disable" | "prefer" => true,
        "require" => rootcert.is_none(),
        _ => false,
    };
    if unverified && !local {
        tracing::warn!(
            host,
            sslmode = mode.as_str(),
            "the connection to {host} is not verified TLS (sslmode={mode}): the password and the data may be read or changed on the way; use sslmode=verify-full with sslrootcert"
        );
    }
    let (ssl_mode, check_chain, check_host) = match mode.as_str() {
        "disable" => return Ok((SslMode::Disable, Tls::Off)),
        "prefer" => (SslMode::Prefer, false, false),
        "require" => (SslMode::Require, rootcert.is_some(), false),
        "verify-ca" => (SslMode::Require, true, false),
        "verify-full" => (SslMode::Require, true, true),
        other => {
            return Err(SourceError::Config {
                message: format!("postgres URL: sslmode={other} is not supported"),
                hint: Some(
                    "use sslmode=disable, prefer (default), require, verify-ca or verify-full"
                        .into(),
                ),
            })
        }
    };
    let mut builder = native_tls::TlsConnector::builder();
    builder
        .danger_accept_invalid_certs(!check_chain)
        .danger_accept_invalid_hostnames(!check_host);
    if let Some(path) = rootcert.filter(|p| !p.eq_ignore_ascii_case("system")) {
        let pem = std::fs::read(path).map_err(|e| SourceError::Config {
            message: format!("postgres URL: cannot read sslrootcert {path}: {e}"),
            hint: Some(
                "give the path of the PEM file holding the server's CA certificate(s)".into(),
            ),
        })?;
        let certs = pem_certificates(&pem);
        if certs.is_empty() {
            return Err(SourceError::Config {
                message: format!("postgres URL: sslrootcert {path} holds no PEM certificate"),
                hint: Some("the file must contain -----BEGIN CERTIFICATE----- blocks".into()),
            });
        }
        for cert in certs {
            let cert =
                native_tls::Certificate::from_pem(&cert).map_err(|e| SourceError::Config {
                    message: format!("postgres URL: sslrootcert {path}: {e}"),
                    hint: None,
                })?;
            builder.add_root_certificate(cert);
        }
        // As libpq: the given file is the only trust anchor.
        builder.disable_built_in_roots(true);
    }
    let connector = builder.build().map_err(|e| SourceError::Config {
        message: format!("postgres: cannot set up TLS: {e}"),
        hint: None,
    })?;
    Ok((ssl_mode, Tls::On(MakeTlsConnector::new(connector))))
}

/// The `-----BEGIN CERTIFICATE-----` blocks of a PEM file (native-tls reads one at a time).
fn pem_certificates(pem: &[u8]) -> Vec<Vec<u8>> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let text = String::from_utf8_lossy(pem);
    let mut out = Vec::new();
    let mut rest = &text[..];
    while let Some(start) = rest.find(BEGIN) {
        let Some(len) = rest[start..].find(END) else {
            break;
        };
        let end = start + len + END.len();
        out.push(rest.as_bytes()[start..end].to_vec());
        rest = &rest[end..];
    }
    out
}

/// Quotes an identifier (`"Mixed ""Case"""`).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A relation from the catalog.
#[derive(Debug, Clone)]
struct Relation {
    oid: u32,
    schema: String,
    name: String,
    relkind: String,
    estimate: f64,
}

impl Relation {
    /// `table` in the public schema, `schema.table` elsewhere.
    fn display(&self) -> String {
        if self.schema == "public" {
            self.name.clone()
        } else {
            format!("{}.{}", self.schema, self.name)
        }
    }

    fn qualified(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

/// Splits `a."B c".d` into parts, each with whether it was quoted; `None` when unbalanced.
fn ident_parts(s: &str) -> Option<Vec<(String, bool)>> {
    let mut parts = Vec::new();
    let mut chars = s.trim().chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut part = String::new();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    '"' => break,
                    c => part.push(c),
                }
            }
            parts.push((part, true));
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
        } else {
            let mut part = String::new();
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.push(c);
                chars.next();
            }
            parts.push((part.trim().to_string(), false));
        }
        match chars.next() {
            None => return Some(parts),
            Some('.') => continue,
            Some(_) => return None,
        }
    }
}

/// 2 = exact, 1 = same ignoring case (unquoted parts only), 0 = no match.
fn part_score(actual: &str, (part, quoted): &(String, bool)) -> u8 {
    if actual == part {
        2
    } else if !quoted && actual.to_lowercase() == part.to_lowercase() {
        1
    } else {
        0
    }
}

/// Finds the relation `wanted` names: `table`, `schema.table`, `db.schema.table`, in any
/// case, quoted or not; exact spellings win, then the public schema.
fn resolve_relation<'r>(rels: &'r [Relation], wanted: &str, dbname: &str) -> Option<&'r Relation> {
    if let Some(r) = rels
        .iter()
        .find(|r| r.display() == wanted || format!("{}.{}", r.schema, r.name) == wanted)
    {
        return Some(r);
    }
    let mut parts = ident_parts(wanted)?;
    if parts.len() == 3 {
        if part_score(dbname, &parts[0]) == 0 {
            return None;
        }
        parts.remove(0);
    }
    let best = |parts: &[(String, bool)]| -> Option<&'r Relation> {
        let scored: Vec<(u8, &Relation)> = rels
            .iter()
            .filter_map(|r| {
                let score = match parts {
                    [table] => part_score(&r.name, table),
                    [schema, table] => {
                        part_score(&r.schema, schema).min(part_score(&r.name, table))
                    }
                    _ => 0,
                };
                (score > 0).then_some((score, r))
            })
            .collect();
        let top = scored.iter().map(|(s, _)| *s).max()?;
        let top: Vec<&Relation> = scored
            .iter()
            .filter(|(s, _)| *s == top)
            .map(|(_, r)| *r)
            .collect();
        if top.len() == 1 {
            return Some(top[0]);
        }
        let public: Vec<&Relation> = top.into_iter().filter(|r| r.schema == "public").collect();
        (public.len() == 1).then(|| public[0])
    };
    match parts.as_slice() {
        [_] => best(&parts),
        [db, table] => best(&parts).or_else(|| {
            // `db.table`, as MySQL users write it.
            (part_score(dbname, db) > 0)
                .then(|| best(std::slice::from_ref(table)))
                .flatten()
        }),
        _ => None,
    }
}

/// The type's name as a user would write it (`int4`, `varchar`, `text[]`, `mood`).
fn type_name(ty: &Type) -> String {
    match ty.kind() {
        Kind::Array(inner) => format!("{}[]", inner.name()),
        _ => ty.name().to_string(),
    }
}

fn dtype_of(ty: &Type) -> DataType {
    Dec::for_type(ty)
        .map_or(ColumnKind::Text, Dec::kind)
        .dtype()
}

/// A PostgreSQL database.
pub struct PostgresSource {
    conn: Arc<Connector>,
    client: Client,
    /// Whether the server accepts binary COPY (probed once, on the first read).
    copy_ok: Option<bool>,
}

impl std::fmt::Debug for PostgresSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresSource")
            .field("location", &self.conn.location())
            .field("read", &self.conn.mode)
            .finish()
    }
}

impl PostgresSource {
    /// Connects to the database `spec.url` names; fails with a hint when it cannot.
    pub async fn open(spec: &SourceSpec) -> Result<PostgresSource, SourceError> {
        let conn = Connector::from_spec(spec)?;
        let client = conn.connect().await.map_err(|e| conn.open_error(&e))?;
        Ok(PostgresSource {
            conn: Arc::new(conn),
            client,
            copy_ok: None,
        })
    }

    fn location(&self) -> String {
        self.conn.location()
    }

    fn query_error(&self, e: &tokio_postgres::Error, hint: &str) -> SourceError {
        SourceError::Query {
            connector: CONNECTOR,
            location: self.location(),
            message: self.conn.message(e),
            hint: Some(hint.to_string()),
        }
    }

    /// The metadata connection, reopened when it was lost (a killed backend, a restart).
    async fn client(&mut self) -> Result<&Client, SourceError> {
        if self.client.is_closed() {
            self.client = self
                .conn
                .connect()
                .await
                .map_err(|e| self.conn.open_error(&e))?;
        }
        Ok(&self.client)
    }

    async fn relations(&mut self) -> Result<Vec<Relation>, SourceError> {
        let sql = "SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, c.reltuples::float8 \
                   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition \
                   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";
        let rows = self.client().await?.query(sql, &[]).await.map_err(|e| {
            self.query_error(
                &e,
                "the catalog query failed; is this PostgreSQL 10 or later?",
            )
        })?;
        let mut rels: Vec<Relation> = rows
            .iter()
            .map(|r| Relation {
                oid: r.get(0),
                schema: r.get(1),
                name: r.get(2),
                relkind: r.get(3),
                estimate: r.get(4),
            })
            .collect();
        rels.sort_by_key(|r| r.display());
        Ok(rels)
    }

    async fn resolve(&mut self, table: &str) -> Result<Relation, SourceError> {
        let rels = self.relations().await?;
        let dbname = self
            .conn
            .config
            .get_dbname()
            .unwrap_or_default()
            .to_string();
        match resolve_relation(&rels, table, &dbname) {
            Some(r) => Ok(r.clone()),
            None => Err(SourceError::UnknownTable {
                connector: CONNECTOR,
                location: self.location(),
                table: table.to_string(),
                available: rels
                    .iter()
                    .map(Relation::display)
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The SQL whose result is read, and a label for messages.
    async fn base_sql(
        &mut self,
        request: &ReadRequest,
    ) -> Result<(String, String, String), SourceError> {
        match request {
            ReadRequest::Table(t) => {
                let rel = self.resolve(t).await?;
                let q = rel.qualified();
                Ok((
                    format!("SELECT * FROM {q}"),
                    q,
                    format!("table {}", rel.display()),
                ))
            }
            ReadRequest::Query(q) => {
                let trimmed = q
                    .trim()
                    .trim_end_matches(|c: char| c == ';' || c.is_whitespace());
                // On lines of its own, so a trailing `-- comment` cannot swallow the `)`.
                Ok((q.clone(), format!("(\n{trimmed}\n)"), "query".into()))
            }
        }
    }

    async fn prepare(&mut self, sql: &str) -> Result<tokio_postgres::Statement, SourceError> {
        let hint = "check the SQL in psql; `stx-migrate inspect` lists tables and columns";
        match self.client().await?.prepare(sql).await {
            Ok(s) => Ok(s),
            Err(e) => Err(self.query_error(&e, hint)),
        }
    }

    /// Whether the server does binary COPY; asked once. PgBouncer in some modes and
    /// PostgreSQL-compatible servers refuse it (0A000 feature_not_supported, or a syntax
    /// error): those are read with a plain query.
    async fn copy_supported(&mut self) -> Result<bool, SourceError> {
        if let Some(ok) = self.copy_ok {
            return Ok(ok);
        }
        let client = self.client().await?;
        let probe = async {
            let stream = client
                .copy_out("COPY (SELECT 1) TO STDOUT (FORMAT binary)")
                .await?;
            futures::pin_mut!(stream);
            while let Some(chunk) = stream.next().await {
                chunk?;
            }
            Ok::<(), tokio_postgres::Error>(())
        };
        let ok = match probe.await {
            Ok(()) => true,
            Err(e) if reader::is_lost(&e) => return Err(self.conn.open_error(&e)),
            Err(e) => {
                eprintln!(
                    "note: {} refuses binary COPY ({}); reading with plain queries",
                    self.location(),
                    self.conn.message(&e)
                );
                false
            }
        };
        self.copy_ok = Some(ok);
        Ok(ok)
    }

    /// What the catalog declares about the result column `column` as a key: its table's
    /// primary key or a unique index on it alone (NOT NULL), from the table and column the
    /// server names as its origin. `Unknown` when the catalog cannot be asked.
    async fn key_declared(&mut self, column: &tokio_postgres::Column) -> KeyDeclared {
        let origin = column.table_oid().zip(column.column_id());
        let Some((table, attnum)) = origin.filter(|(t, n)| *t != 0 && *n > 0) else {
            return KeyDeclared::Undeclared {
                table: "the query's result (the key is computed, no table's column)".into(),
            };
        };
        let Ok(client) = self.client().await else {
            return KeyDeclared::Unknown;
        };
        match client.query(KEY_INDEX_SQL, &[&table, &attnum]).await {
            Ok(rows) => key_declared_from(&rows),
            Err(e) => {
                tracing::debug!("the catalog query on the key failed: {e}");
                KeyDeclared::Unknown
            }
        }
    }

    async fn plan(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<Plan, SourceError> {
        let (sql, from, label) = self.base_sql(request).await?;
        let stmt = self.prepare(&sql).await?;
        let columns = stmt.columns();
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = columns.iter().find(|c| !seen.insert(c.name())) {
            return Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.location(),
                message: format!("the result has two columns named '{}'", dup.name()),
                hint: Some(format!(
                    "alias one of them, e.g. a.{0} AS a_{0}",
                    dup.name()
                )),
            });
        }
        let mut select = Vec::with_capacity(columns.len());
        let mut cols = Vec::with_capacity(columns.len());
        for c in columns {
            let expr = format!("q.{}", quote_ident(c.name()));
            match Dec::for_type(c.type_()) {
                Some(dec) => {
                    select.push(expr);
                    cols.push(ColumnPlan {
                        name: c.name().to_string(),
                        dec,
                    });
                }
                None => {
                    // The server renders the long tail of types (intervals, arrays, enums ...).
                    select.push(format!("{expr}::text"));
                    cols.push(ColumnPlan {
                        name: c.name().to_string(),
                        dec: Dec::Text,
                    });
                }
            }
        }
        let names: Vec<&str> = columns.iter().map(|c| c.name()).collect();
        let key = match &options.key {
            None => None,
            Some(k) => {
                let exact = names.iter().position(|n| n == k);
                let folded: Vec<usize> = (0..names.len())
                    .filter(|&i| names[i].eq_ignore_ascii_case(k))
                    .collect();
                let Some(i) = exact.or((folded.len() == 1).then(|| folded[0])) else {
                    return Err(SourceError::Config {
                        message: format!("[read] key = \"{k}\" is not a column of the {label}"),
                        hint: Some(format!("name one of its columns: {}", names.join(", "))),
                    });
                };
                let declared = self.key_declared(&columns[i]).await;
                report_key(
                    &declared,
                    names[i],
                    matches!(request, ReadRequest::Query(_)),
                );
                Some(KeyPlan {
                    name: names[i].to_string(),
                    expr: format!("q.{}", quote_ident(names[i])),
                    integer: matches!(cols[i].dec, Dec::Int2 | Dec::Int4 | Dec::Int8),
                })
            }
        };
        if options.readers > 1 {
            match &key {
                None => {
                    return Err(SourceError::Config {
                        message: format!("[read] readers = {} needs a key to split the read", options.readers),
                        hint: Some("set [read] key = \"<integer column>\" (the primary key, say), or readers = 1".into()),
                    })
                }
                Some(k) if !k.integer => {
                    return Err(SourceError::Config {
                        message: format!(
                            "[read] readers = {} splits the read into ranges of the key, but key '{}' is not an integer column",
                            options.readers, k.name
                        ),
                        hint: Some("use an integer key (smallint, integer, bigint) for parallel readers, or readers = 1".into()),
                    })
                }
                Some(_) => {}
            }
        }
        let wanted = self.conn.mode;
        let mode = match wanted {
            ReadMode::Query => ReadMode::Query,
            ReadMode::Copy if self.copy_supported().await? => ReadMode::Copy,
            ReadMode::Copy => ReadMode::Query,
        };
        Ok(Plan {
            cols: Arc::new(cols),
            select: select.join(", "),
            from: format!("{from} AS q"),
            key,
            batch_rows: options.batch_rows.max(1),
            readers: options.readers.max(1),
            mode,
        })
    }
}

/// The unique indexes on one column alone (`$1` table, `$2` column number), primary key
/// first, with the column's NOT NULL; one row with a NULL index when there is none. Partial
/// and invalid indexes do not count; INCLUDE columns do not matter.
const KEY_INDEX_SQL: &str = "SELECT $1::oid::regclass::text, i.indexrelid::regclass::text, \
     i.indisprimary, a.attnotnull \
     FROM pg_catalog.pg_attribute a \
     LEFT JOIN pg_catalog.pg_index i ON i.indrelid = a.attrelid AND i.indisunique \
     AND i.indisvalid AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum AND i.indpred IS NULL \
     WHERE a.attrelid = $1 AND a.attnum = $2 \
     ORDER BY i.indisprimary DESC NULLS LAST";

/// [`KeyDeclared`] from the rows of [`KEY_INDEX_SQL`].
fn key_declared_from(rows: &[tokio_postgres::Row]) -> KeyDeclared {
    let Some(first) = rows.first() else {
        return KeyDeclared::Unknown;
    };
    let table: String = first.get(0);
    let index: Option<String> = first.get(1);
    let primary: Option<bool> = first.get(2);
    let not_null: bool = first.get(3);
    match (index, primary) {
        (Some(_), Some(true)) => KeyDeclared::PrimaryKey { table },
        (Some(index), _) if not_null => KeyDeclared::UniqueNotNull { table, index },
        _ => KeyDeclared::Undeclared { table },
    }
}

#[async_trait]
impl Source for PostgresSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: true,
        }
    }

    fn transport(&self) -> Option<Transport> {
        Some(self.conn.transport.clone())
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        Ok(self
            .relations()
            .await?
            .into_iter()
            .map(|r| TableInfo {
                name: r.display(),
                kind: if matches!(r.relkind.as_str(), "v" | "m") {
                    "view".into()
                } else {
                    "table".into()
                },
                // -1: never analyzed (PostgreSQL 14+), so no estimate.
                rows: (r.estimate >= 0.0).then_some(r.estimate as u64),
            })
            .collect())
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(self
            .relations()
            .await?
            .iter()
            .map(Relation::display)
            .collect())
    }

    async fn foreign_keys(
        &mut self,
    ) -> Result<Vec<stx_connector_core::CatalogForeignKey>, SourceError> {
        let sql = "SELECT cn.nspname::text, c.relname::text, a.attname::text, \
                          rn.nspname::text, r.relname::text, ra.attname::text \
                   FROM pg_catalog.pg_constraint k \
                   JOIN pg_catalog.pg_class c ON c.oid = k.conrelid \
                   JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace \
                   JOIN pg_catalog.pg_class r ON r.oid = k.confrelid \
                   JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace \
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
                   JOIN pg_catalog.pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1] \
                   WHERE k.contype = 'f' AND array_length(k.conkey, 1) = 1";
        let rows =
            self.client().await?.query(sql, &[]).await.map_err(|e| {
                self.query_error(&e, "the catalog's foreign keys could not be read")
            })?;
        let name = |schema: String, table: String| {
            if schema == "public" {
                table
            } else {
                format!("{schema}.{table}")
            }
        };
        Ok(rows
            .iter()
            .map(|r| stx_connector_core::CatalogForeignKey {
                table: name(r.get(0), r.get(1)),
                column: r.get(2),
                references: name(r.get(3), r.get(4)),
                key: r.get(5),
            })
            .collect())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        match request {
            ReadRequest::Table(t) => {
                let rel = self.resolve(t).await?;
                let stmt = self
                    .prepare(&format!("SELECT * FROM {}", rel.qualified()))
                    .await?;
                let rows = self
                    .client()
                    .await?
                    .query(
                        "SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod) \
                         FROM pg_catalog.pg_attribute a \
                         WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                        &[&rel.oid],
                    )
                    .await
                    .map_err(|e| self.query_error(&e, "the catalog query failed"))?;
                Ok(stmt
                    .columns()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let native_type = rows
                            .get(i)
                            .filter(|r| r.get::<_, String>(0) == c.name())
                            .map(|r| r.get::<_, String>(1))
                            .unwrap_or_else(|| type_name(c.type_()));
                        ColumnInfo {
                            name: c.name().to_string(),
                            native_type,
                            dtype: dtype_of(c.type_()),
                        }
                    })
                    .collect())
            }
            ReadRequest::Query(q) => {
                let stmt = self.prepare(q).await?;
                Ok(stmt
                    .columns()
                    .iter()
                    .map(|c| ColumnInfo {
                        name: c.name().to_string(),
                        native_type: type_name(c.type_()),
                        dtype: dtype_of(c.type_()),
                    })
                    .collect())
            }
        }
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let plan = self.plan(request, options).await?;
        let key = plan.key.as_ref().map(|k| k.name.clone());
        let read = PgRead {
            conn: Arc::clone(&self.conn),
            plan: Arc::new(plan),
        };
        Ok(spawn_resumable_read(
            read,
            key,
            Backoff::default(),
            CHANNEL_BATCHES,
        ))
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tls_tests {
    use super::*;
    use tokio_postgres::config::SslMode;

    #[test]
    fn the_protocol_records_how_the_password_travels() {
        let t = transport(None, None, "127.0.0.1");
        assert_eq!(
            (t.security, t.exposed, t.local),
            ("tls-if-offered", true, true)
        );
        let t = transport(None, None, "db.example.ch");
        assert_eq!(
            (t.mode.as_str(), t.security, t.exposed),
            ("verify-full", "verified-tls", false)
        );
        let t = transport(Some("require"), None, "db.example.ch");
        assert_eq!(
            (t.security, t.exposed, t.local),
            ("unverified-tls", true, false)
        );
        let t = transport(Some("require"), Some("/ca.pem"), "db.example.ch");
        assert_eq!(t.security, "verified-tls");
        let t = transport(Some("disable"), None, "db.example.ch");
        assert_eq!((t.security, t.exposed), ("plain", true));
    }

    #[test]
    fn the_default_is_verified_tls_except_on_this_machine() {
        use stx_connector_core::is_local_host;
        assert!(is_local_host("127.0.0.1") && is_local_host("localhost"));
        assert!(is_local_host("[::1]") && is_local_host("/var/run/postgresql"));
        assert!(!is_local_host("db.example.ch") && !is_local_host("10.0.0.5"));
        // This machine: TLS when the server offers it, plain text otherwise.
        assert!(matches!(
            tls_setup(None, None, "127.0.0.1").unwrap().0,
            SslMode::Prefer
        ));
        // Another host: TLS required and verified against the system's roots.
        assert!(matches!(
            tls_setup(None, None, "db.example.ch").unwrap().0,
            SslMode::Require
        ));
        // Verification named without a CA is refused, as psql refuses it.
        for mode in ["verify-ca", "verify-full"] {
            let err = tls_setup(Some(mode), None, "db.example.ch")
                .err()
                .unwrap()
                .to_string();
            assert!(err.contains("sslrootcert"), "{err}");
        }
        assert!(tls_setup(Some("verify-full"), Some("system"), "db.example.ch").is_ok());
        // Asked for by name, plain text still works (with a warning on stderr).
        assert!(matches!(
            tls_setup(Some("disable"), None, "db.example.ch").unwrap().0,
            SslMode::Disable
        ));
    }
}
