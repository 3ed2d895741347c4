//! The demo of stx-migrate: a legacy contact database to migrate, and the migration.
//!
//! - [`build_legacy_database`] writes a realistic, deliberately dirty legacy ticketing
//!   database (SQLite) with three tables: `customer`, `address` and `contact_person`.
//! - [`write_sql_script`] prints the same rows as an SQL script for PostgreSQL, MariaDB,
//!   SQL Server or Oracle (`stx-migrate demo --sql`, the seeds under `docker/`).
//! - [`write_demo_files`] writes the migration that reads them (`examples/demo/`, embedded).
//! - [`write_duplicates_demo`] writes a contact file with planted duplicates and the ground
//!   truth of who is who (`contacts.csv`, `truth.csv`), to measure duplicate detection.
//!
//! It is used by `stx-migrate demo`, by the integration and golden tests (small sizes) and by
//! the benchmarks (1,000,000 contacts). It is a crate of its own because none of it is needed
//! to migrate a customer's data: the product library does not carry 4,000 lines of names and
//! generator code, and the generator does not depend on the product.
//!
//! The content depends only on [`DemoOptions`]: the same options always give
//! the same rows (no clock, no hash-map iteration order; a single
//! `ChaCha8Rng` seeded with [`DemoOptions::seed`]).
//!
//! Rows are generated on a separate thread and written by the caller's task
//! in one transaction with reused multi-row `INSERT` statements.
#![warn(missing_docs)]

mod data;
mod duplicates;
mod files;
mod generate;
mod sql_script;

pub use duplicates::{write_duplicates_demo, DuplicatesOptions, DuplicatesSummary};
pub use files::{write_demo_files, write_duplicates_files, DEMO_FILES, DUPLICATES_FILES};
pub use sql_script::{write_sql_script, SqlDialect};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteLockingMode, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

use generate::{AddressRow, Chunk, ContactPersonRow, CustomerRow, Generator};

/// Options for the generated legacy database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of rows in `customer` (persons, companies and planted
    /// duplicates together).
    pub contacts: usize,
    /// Seed of the random generator; the same seed and size always give the
    /// same database content.
    pub seed: u64,
}

impl Default for DemoOptions {
    /// 2,500 contacts, seed 42.
    fn default() -> Self {
        DemoOptions {
            contacts: 2500,
            seed: 42,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    /// Rows written to `customer`.
    pub customers: usize,
    /// Rows written to `address`.
    pub addresses: usize,
    /// Rows written to `contact_person`.
    pub contact_persons: usize,
}

/// Errors while building the demo database.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The directory that should hold the database could not be created.
    #[error(
        "cannot create the directory {} for the demo database: {source}; \
         check the path and your permissions, or choose another location",
        .path.display()
    )]
    CreateDirectory {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An existing file at the target path could not be removed.
    #[error(
        "cannot replace the existing file {}: {source}; close any program that \
         has it open, check your permissions, or choose another path",
        .path.display()
    )]
    RemoveExisting {
        /// The file that could not be removed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The SQLite file could not be created or opened.
    #[error(
        "cannot create the demo database {}: {source}; check that the location \
         is writable and is not a directory",
        .path.display()
    )]
    Open {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        source: sqlx::Error,
    },
    /// Writing rows (or the schema) failed.
    #[error(
        "cannot write the demo database {}: {source}; check free disk space and \
         permissions, then run the command again",
        .path.display()
    )]
    Write {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        source: sqlx::Error,
    },
    /// The background generator could not start or stopped unexpectedly.
    #[error(
        "the demo data generator for {} failed: {reason}; this is a bug in \
         stx-migrate, please report it with the command you ran",
        .path.display()
    )]
    Generator {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// Schema of the legacy database (tables only; indexes come after loading).
const SCHEMA: &str = "
CREATE TABLE customer (
  cust_id     INTEGER PRIMARY KEY,
  cust_no     TEXT,
  kind        TEXT NOT NULL,
  civility    TEXT,
  first_name  TEXT,
  last_name   TEXT,
  company     TEXT,
  birth_date  TEXT,
  lang        TEXT,
  email       TEXT,
  phone       TEXT,
  mobile      TEXT,
  fax         TEXT,
  newsletter  INTEGER,
  remark      TEXT,
  created_at  TEXT
);
CREATE TABLE address (
  addr_id     INTEGER PRIMARY KEY,
  cust_id     INTEGER NOT NULL REFERENCES customer(cust_id),
  addr_kind   TEXT NOT NULL,
  street      TEXT,
  street2     TEXT,
  zip         TEXT,
  city        TEXT,
  country     TEXT
);
CREATE TABLE contact_person (
  person_id   INTEGER PRIMARY KEY,
  company_id  INTEGER NOT NULL REFERENCES customer(cust_id),
  is_main     INTEGER NOT NULL,
  civility    TEXT,
  first_name  TEXT,
  last_name   TEXT,
  job_title   TEXT,
  email       TEXT,
  phone       TEXT
);
";

const INDEXES: &str = "
CREATE INDEX address_cust ON address(cust_id);
CREATE INDEX contact_person_company ON contact_person(company_id);
";

const CUSTOMER_INSERT: &str = "INSERT INTO customer (cust_id, cust_no, kind, civility, \
    first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, \
    remark, created_at) VALUES ";
const CUSTOMER_COLUMNS: usize = 16;
const ADDRESS_INSERT: &str = "INSERT INTO address (addr_id, cust_id, addr_kind, street, \
    street2, zip, city, country) VALUES ";
const ADDRESS_COLUMNS: usize = 8;
const PERSON_INSERT: &str = "INSERT INTO contact_person (person_id, company_id, is_main, \
    civility, first_name, last_name, job_title, email, phone) VALUES ";
const PERSON_COLUMNS: usize = 9;

/// Customers per generated chunk and per `INSERT` (16 × 500 = 8,000
/// parameters, well under SQLite's limit of 32,766).
const CUSTOMER_BATCH: usize = 500;
/// Addresses per `INSERT` (8 × 1,000 parameters).
const ADDRESS_BATCH: usize = 1000;
/// Contact persons per `INSERT` (9 × 800 parameters).
const PERSON_BATCH: usize = 800;
/// Chunks buffered between the generator thread and the writer.
const CHANNEL_DEPTH: usize = 4;

/// Creates (overwriting if present) the SQLite file at `path` and fills it.
///
/// Missing parent directories are created. The content depends only on
/// `options`; see the module documentation for the tables.
pub async fn build_legacy_database(
    path: &Path,
    options: &DemoOptions,
) -> Result<DemoSummary, DemoError> {
    prepare_path(path)?;

    let connect = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Memory)
        .synchronous(SqliteSynchronous::Off)
        .locking_mode(SqliteLockingMode::Exclusive)
        .foreign_keys(false)
        .pragma("cache_size", "-65536")
        .pragma("temp_store", "MEMORY")
        .disable_statement_logging();
    let mut conn = SqliteConnection::connect_with(&connect)
        .await
        .map_err(|source| DemoError::Open {
            path: path.to_path_buf(),
            source,
        })?;

    let result = fill(&mut conn, path, options).await;
    let closed = conn.close().await;
    let summary = result?;
    closed.map_err(|source| DemoError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(summary)
}

/// Creates the parent directory and removes a previous database with its
/// journal files.
fn prepare_path(path: &Path) -> Result<(), DemoError> {
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() && !parent.exists() {
            std::fs::create_dir_all(parent).map_err(|source| DemoError::CreateDirectory {
                path: parent.to_path_buf(),
                source,
            })?;
        }
    }
    let mut candidates = vec![path.to_path_buf()];
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        candidates.push(PathBuf::from(name));
    }
    for file in candidates {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(DemoError::RemoveExisting { path: file, source }),
        }
    }
    Ok(())
}

/// Builds `INSERT ... VALUES (?, ?), (?, ?)` for `rows` rows.
fn insert_sql(head: &str, columns: usize, rows: usize) -> Arc<str> {
    let mut group = String::with_capacity(columns * 2 + 2);
    group.push('(');
    for i in 0..columns {
        if i > 0 {
            group.push(',');
        }
        group.push('?');
    }
    group.push(')');
    let mut sql = String::with_capacity(head.len() + rows * (group.len() + 1));
    sql.push_str(head);
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&group);
    }
    Arc::from(sql)
}

/// Multi-row insert statements, built once for full batches so that SQLite
/// prepares each of them once (sqlx caches prepared statements by SQL text).
struct Statements {
    customers: Arc<str>,
    addresses: Arc<str>,
    persons: Arc<str>,
}

impl Statements {
    fn new() -> Self {
        Statements {
            customers: insert_sql(CUSTOMER_INSERT, CUSTOMER_COLUMNS, CUSTOMER_BATCH),
            addresses: insert_sql(ADDRESS_INSERT, ADDRESS_COLUMNS, ADDRESS_BATCH),
            persons: insert_sql(PERSON_INSERT, PERSON_COLUMNS, PERSON_BATCH),
        }
    }

    fn sql(full: &Arc<str>, head: &str, columns: usize, batch: usize, rows: usize) -> Arc<str> {
        if rows == batch {
            Arc::clone(full)
        } else {
            insert_sql(head, columns, rows)
        }
    }
}

async fn fill(
    conn: &mut SqliteConnection,
    path: &Path,
    options: &DemoOptions,
) -> Result<DemoSummary, DemoError> {
    let write_err = |source| DemoError::Write {
        path: path.to_path_buf(),
        source,
    };
    let total = options.contacts;
    let seed = options.seed;

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Chunk>(CHANNEL_DEPTH);
    let generator = std::thread::Builder::new()
        .name("stx-demo-generator".to_string())
        .spawn(move || {
            let mut generator = Generator::new(seed, total);
            let mut next = 1usize;
            while next <= total {
                let end = (next + CUSTOMER_BATCH - 1).min(total);
                let mut chunk = Chunk {
                    customers: Vec::with_capacity(end + 1 - next),
                    addresses: Vec::with_capacity(CUSTOMER_BATCH + CUSTOMER_BATCH / 8),
                    persons: Vec::with_capacity(CUSTOMER_BATCH / 4),
                };
                for id in next..=end {
                    generator.fill(id as i64, &mut chunk);
                }
                next = end + 1;
                if sender.blocking_send(chunk).is_err() {
                    // The writer gave up (it reports its own error).
                    return;
                }
            }
        })
        .map_err(|e| DemoError::Generator {
            path: path.to_path_buf(),
            reason: format!("cannot start the generator thread: {e}"),
        })?;

    let statements = Statements::new();
    let mut tx = conn.begin().await.map_err(write_err)?;
    sqlx::raw_sql(SCHEMA)
        .execute(&mut *tx)
        .await
        .map_err(write_err)?;

    let mut summary = DemoSummary {
        customers: 0,
        addresses: 0,
        contact_persons: 0,
    };
    let mut addresses: Vec<AddressRow> = Vec::with_capacity(2 * ADDRESS_BATCH);
    let mut persons: Vec<ContactPersonRow> = Vec::with_capacity(2 * PERSON_BATCH);
    while let Some(chunk) = receiver.recv().await {
        summary.customers += chunk.customers.len();
        insert_customers(&mut tx, &statements, chunk.customers)
            .await
            .map_err(write_err)?;
        addresses.extend(chunk.addresses);
        while addresses.len() >= ADDRESS_BATCH {
            let batch: Vec<AddressRow> = addresses.drain(..ADDRESS_BATCH).collect();
            summary.addresses += batch.len();
            insert_addresses(&mut tx, &statements, batch)
                .await
                .map_err(write_err)?;
        }
        persons.extend(chunk.persons);
        while persons.len() >= PERSON_BATCH {
            let batch: Vec<ContactPersonRow> = persons.drain(..PERSON_BATCH).collect();
            summary.contact_persons += batch.len();
            insert_persons(&mut tx, &statements, batch)
                .await
                .map_err(write_err)?;
        }
    }
    summary.addresses += addresses.len();
    insert_addresses(&mut tx, &statements, addresses)
        .await
        .map_err(write_err)?;
    summary.contact_persons += persons.len();
    insert_persons(&mut tx, &statements, persons)
        .await
        .map_err(write_err)?;

    if generator.join().is_err() || summary.customers != total {
        return Err(DemoError::Generator {
            path: path.to_path_buf(),
            reason: format!("it stopped after {} of {total} contacts", summary.customers),
        });
    }

    sqlx::raw_sql(INDEXES)
        .execute(&mut *tx)
        .await
        .map_err(write_err)?;
    tx.commit().await.map_err(write_err)?;
    Ok(summary)
}

async fn insert_customers(
    conn: &mut SqliteConnection,
    statements: &Statements,
    rows: Vec<CustomerRow>,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = Statements::sql(
        &statements.customers,
        CUSTOMER_INSERT,
        CUSTOMER_COLUMNS,
        CUSTOMER_BATCH,
        rows.len(),
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for r in rows {
        query = query
            .bind(r.cust_id)
            .bind(r.cust_no)
            .bind(r.kind)
            .bind(r.civility)
            .bind(r.first_name)
            .bind(r.last_name)
            .bind(r.company)
            .bind(r.birth_date)
            .bind(r.lang)
            .bind(r.email)
            .bind(r.phone)
            .bind(r.mobile)
            .bind(r.fax)
            .bind(r.newsletter)
            .bind(r.remark)
            .bind(r.created_at);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

async fn insert_addresses(
    conn: &mut SqliteConnection,
    statements: &Statements,
    rows: Vec<AddressRow>,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = Statements::sql(
        &statements.addresses,
        ADDRESS_INSERT,
        ADDRESS_COLUMNS,
        ADDRESS_BATCH,
        rows.len(),
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for r in rows {
        query = query
            .bind(r.addr_id)
            .bind(r.cust_id)
            .bind(r.addr_kind)
            .bind(r.street)
            .bind(r.street2)
            .bind(r.zip)
            .bind(r.city)
            .bind(r.country);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

async fn insert_persons(
    conn: &mut SqliteConnection,
    statements: &Statements,
    rows: Vec<ContactPersonRow>,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = Statements::sql(
        &statements.persons,
        PERSON_INSERT,
        PERSON_COLUMNS,
        PERSON_BATCH,
        rows.len(),
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for r in rows {
        query = query
            .bind(r.person_id)
            .bind(r.company_id)
            .bind(r.is_main)
            .bind(r.civility)
            .bind(r.first_name)
            .bind(r.last_name)
            .bind(r.job_title)
            .bind(r.email)
            .bind(r.phone);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Row;

    async fn build(dir: &Path, name: &str, contacts: usize, seed: u64) -> (PathBuf, DemoSummary) {
        let path = dir.join(name);
        let summary = build_legacy_database(&path, &DemoOptions { contacts, seed })
            .await
            .expect("demo database builds");
        (path, summary)
    }

    async fn open(path: &Path) -> SqliteConnection {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .disable_statement_logging();
        SqliteConnection::connect_with(&options)
            .await
            .expect("demo database opens")
    }

    /// Every row of every table as text, in primary-key order.
    async fn dump(path: &Path) -> Vec<String> {
        let mut conn = open(path).await;
        let mut lines = Vec::new();
        for table in ["customer", "address", "contact_person"] {
            let rows = sqlx::query(AssertSqlSafe(format!("SELECT * FROM {table} ORDER BY 1")))
                .fetch_all(&mut conn)
                .await
                .expect("select");
            for row in rows {
                let mut line = table.to_string();
                for i in 0..row.len() {
                    let value: Option<String> = row.try_get_unchecked(i).expect("column");
                    line.push_str(&format!("|{value:?}"));
                }
                lines.push(line);
            }
        }
        lines
    }

    async fn count(conn: &mut SqliteConnection, sql: &'static str) -> usize {
        let n: i64 = sqlx::query(sql)
            .fetch_one(&mut *conn)
            .await
            .expect("count")
            .get(0);
        usize::try_from(n).expect("non-negative count")
    }

    /// Text columns of `customer`, in `cust_id` order.
    async fn customer_column(
        conn: &mut SqliteConnection,
        sql: &'static str,
    ) -> Vec<Vec<Option<String>>> {
        sqlx::query(sql)
            .fetch_all(&mut *conn)
            .await
            .expect("select")
            .into_iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        row.try_get_unchecked::<Option<String>, _>(i)
                            .expect("column")
                    })
                    .collect()
            })
            .collect()
    }

    #[derive(Debug, PartialEq)]
    enum Birth {
        Valid(chrono::NaiveDate),
        /// Looks like a date (digits in a known shape) but does not exist.
        Impossible,
        Junk,
    }

    fn classify_birth(s: &str) -> Birth {
        use chrono::NaiveDate;
        let parts: Option<(i32, u32, u32)> = if s.len() == 10 && s.as_bytes()[4] == b'-' {
            Some((
                s[..4].parse().unwrap_or(-1),
                s[5..7].parse().unwrap_or(99),
                s[8..].parse().unwrap_or(99),
            ))
        } else if s.len() == 10 && matches!(s.as_bytes()[2], b'.' | b'/') {
            Some((
                s[6..].parse().unwrap_or(-1),
                s[3..5].parse().unwrap_or(99),
                s[..2].parse().unwrap_or(99),
            ))
        } else if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            Some((
                s[..4].parse().unwrap_or(-1),
                s[4..6].parse().unwrap_or(99),
                s[6..].parse().unwrap_or(99),
            ))
        } else {
            None
        };
        match parts {
            Some((y, m, d)) if y >= 0 && m < 99 && d < 99 => {
                match NaiveDate::from_ymd_opt(y, m, d) {
                    Some(date) if y > 0 => Birth::Valid(date),
                    _ => Birth::Impossible,
                }
            }
            _ => Birth::Junk,
        }
    }

    /// A clean e-mail: trimmed, lower-case ASCII, one '@', a known top-level
    /// domain, no known typo.
    fn clean_email(e: &str) -> bool {
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        let Some((local, domain)) = e.split_once('@') else {
            return false;
        };
        let tld = domain.rsplit('.').next().unwrap_or("");
        !local.is_empty()
            && local.chars().all(allowed)
            && domain.chars().all(allowed)
            && domain.contains('.')
            && !domain.ends_with('.')
            && ["ch", "com", "fr", "de", "it", "net", "uk"].contains(&tld)
            && !data::DOMAIN_TYPOS.iter().any(|(_, typo)| *typo == domain)
    }

    #[tokio::test]
    async fn same_seed_gives_same_content_and_other_seed_differs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, sa) = build(dir.path(), "a.db", 600, 7).await;
        let (b, sb) = build(dir.path(), "b.db", 600, 7).await;
        let (c, _) = build(dir.path(), "c.db", 600, 8).await;
        assert_eq!(sa, sb);
        let (da, db, dc) = (dump(&a).await, dump(&b).await, dump(&c).await);
        assert!(da.len() > 600, "dump too small: {}", da.len());
        assert_eq!(da, db, "same options must give the same rows");
        assert_ne!(da, dc, "another seed must give other rows");
        let differing = da.iter().zip(&dc).filter(|(x, y)| x != y).count();
        assert!(
            differing > 500,
            "only {differing} rows differ between seeds"
        );
    }

    #[tokio::test]
    async fn row_counts_match_summary_and_existing_file_is_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, big) = build(dir.path(), "demo.db", 1500, 3).await;
        assert_eq!(big.customers, 1500);
        // Rebuilding a smaller database at the same path replaces it.
        let (path2, small) = build(dir.path(), "demo.db", 1000, 3).await;
        assert_eq!(path, path2);
        assert!(small.addresses < big.addresses);
        let mut conn = open(&path).await;
        assert_eq!(
            count(&mut conn, "SELECT COUNT(*) FROM customer").await,
            small.customers
        );
        assert_eq!(
            count(&mut conn, "SELECT COUNT(*) FROM address").await,
            small.addresses
        );
        assert_eq!(
            count(&mut conn, "SELECT COUNT(*) FROM contact_person").await,
            small.contact_persons
        );
        assert_eq!(small.customers, 1000);
        assert_eq!(
            count(&mut conn, "SELECT MIN(cust_id) FROM customer").await,
            1
        );
        assert_eq!(
            count(&mut conn, "SELECT MAX(cust_id) FROM customer").await,
            1000
        );
        assert!(small.contact_persons > 50, "{small:?}");
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut conn)
            .await
            .expect("foreign key check");
        assert!(broken.is_empty(), "{} dangling references", broken.len());
        let indexes = count(
            &mut conn,
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' \
             AND name IN ('address_cust', 'contact_person_company')",
        )
        .await;
        assert_eq!(indexes, 2);
    }

    #[tokio::test]
    async fn zero_contacts_gives_empty_tables() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, summary) = build(dir.path(), "nested/dir/empty.db", 0, 1).await;
        assert_eq!(
            summary,
            DemoSummary {
                customers: 0,
                addresses: 0,
                contact_persons: 0
            }
        );
        assert_eq!(dump(&path).await, Vec::<String>::new());
    }

    #[tokio::test]
    async fn unusable_path_is_reported_with_the_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"x").expect("write");
        let path = file.join("demo.db");
        let err = build_legacy_database(&path, &DemoOptions::default())
            .await
            .expect_err("a file cannot hold a database");
        let message = err.to_string();
        assert!(message.contains("not-a-dir"), "{message}");
    }

    #[tokio::test]
    async fn companies_have_exactly_one_main_contact_person() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, _) = build(dir.path(), "demo.db", 3000, 11).await;
        let mut conn = open(&path).await;
        let with_persons = count(
            &mut conn,
            "SELECT COUNT(DISTINCT company_id) FROM contact_person",
        )
        .await;
        assert!(with_persons > 200, "{with_persons}");
        let wrong_main = count(
            &mut conn,
            "SELECT COUNT(*) FROM (SELECT company_id FROM contact_person \
             GROUP BY company_id HAVING SUM(is_main) <> 1 OR COUNT(*) > 2)",
        )
        .await;
        assert_eq!(wrong_main, 0);
        let not_companies = count(
            &mut conn,
            "SELECT COUNT(*) FROM contact_person p JOIN customer c ON c.cust_id = p.company_id \
             WHERE c.kind <> 'C'",
        )
        .await;
        assert_eq!(not_companies, 0);
        let bad_flags = count(
            &mut conn,
            "SELECT COUNT(*) FROM contact_person WHERE is_main NOT IN (0, 1)",
        )
        .await;
        assert_eq!(bad_flags, 0);
    }

    #[tokio::test]
    async fn proportions_are_sane_on_5000_contacts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, summary) = build(dir.path(), "demo.db", 5000, 42).await;
        let mut conn = open(&path).await;
        let total = summary.customers as f64;

        let persons = count(&mut conn, "SELECT COUNT(*) FROM customer WHERE kind = 'P'").await;
        let companies = count(&mut conn, "SELECT COUNT(*) FROM customer WHERE kind = 'C'").await;
        assert_eq!(persons + companies, summary.customers);
        let person_share = persons as f64 / total;
        assert!(
            (0.75..0.85).contains(&person_share),
            "persons {person_share}"
        );

        // Addresses: one MAIN for ~93%, BILL for ~10%, never two MAIN.
        let main = count(
            &mut conn,
            "SELECT COUNT(DISTINCT cust_id) FROM address WHERE addr_kind = 'MAIN'",
        )
        .await;
        let main_rows = count(
            &mut conn,
            "SELECT COUNT(*) FROM address WHERE addr_kind = 'MAIN'",
        )
        .await;
        let bill = count(
            &mut conn,
            "SELECT COUNT(DISTINCT cust_id) FROM address WHERE addr_kind = 'BILL'",
        )
        .await;
        assert_eq!(main, main_rows, "a customer has two MAIN addresses");
        assert!((0.89..0.97).contains(&(main as f64 / total)), "main {main}");
        assert!((0.06..0.14).contains(&(bill as f64 / total)), "bill {bill}");
        let orphan_bill = count(
            &mut conn,
            "SELECT COUNT(*) FROM address b WHERE addr_kind = 'BILL' AND NOT EXISTS \
             (SELECT 1 FROM address m WHERE m.cust_id = b.cust_id AND m.addr_kind = 'MAIN')",
        )
        .await;
        assert_eq!(orphan_bill, 0);

        // Birth dates: ~30% NULL, ~4% of all persons impossible/future/junk.
        let births = customer_column(
            &mut conn,
            "SELECT birth_date FROM customer WHERE kind = 'P' ORDER BY cust_id",
        )
        .await;
        let present: Vec<&str> = births.iter().filter_map(|r| r[0].as_deref()).collect();
        let null_share = 1.0 - present.len() as f64 / persons as f64;
        assert!((0.25..0.4).contains(&null_share), "birth NULL {null_share}");
        let cutoff = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("date");
        let (mut impossible, mut future, mut junk) = (0usize, 0usize, 0usize);
        for b in &present {
            match classify_birth(b) {
                Birth::Valid(d) if d > cutoff => future += 1,
                Birth::Valid(_) => {}
                Birth::Impossible => impossible += 1,
                Birth::Junk => junk += 1,
            }
        }
        let dirty = (impossible + future + junk) as f64 / present.len() as f64;
        assert!((0.03..0.10).contains(&dirty), "dirty birth dates {dirty}");
        assert!(
            impossible > 0 && future > 0 && junk > 0,
            "{impossible} {future} {junk}"
        );
        let companies_with_birth = count(
            &mut conn,
            "SELECT COUNT(*) FROM customer WHERE kind = 'C' AND birth_date IS NOT NULL",
        )
        .await;
        assert_eq!(companies_with_birth, 0);

        // E-mails: ~15% NULL, ~8% of the others dirty.
        let emails =
            customer_column(&mut conn, "SELECT email FROM customer ORDER BY cust_id").await;
        let present: Vec<&str> = emails.iter().filter_map(|r| r[0].as_deref()).collect();
        let null_share = 1.0 - present.len() as f64 / total;
        assert!(
            (0.10..0.25).contains(&null_share),
            "email NULL {null_share}"
        );
        let dirty =
            present.iter().filter(|e| !clean_email(e)).count() as f64 / present.len() as f64;
        assert!((0.04..0.14).contains(&dirty), "dirty e-mails {dirty}");

        // cust_no: mostly 7 digits, a few dirty ones.
        let numbers =
            customer_column(&mut conn, "SELECT cust_no FROM customer ORDER BY cust_id").await;
        let seven = numbers
            .iter()
            .filter(|r| {
                r[0].as_deref()
                    .is_some_and(|n| n.len() == 7 && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .count() as f64;
        assert!(
            (0.98..0.999).contains(&(seven / total)),
            "7-digit cust_no {seven}"
        );
    }

    #[tokio::test]
    async fn mojibake_and_planted_duplicates_are_present() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, _) = build(dir.path(), "demo.db", 5000, 42).await;
        let mut conn = open(&path).await;
        let persons = count(&mut conn, "SELECT COUNT(*) FROM customer WHERE kind = 'P'").await;

        let names = customer_column(
            &mut conn,
            "SELECT first_name, last_name FROM customer WHERE kind = 'P' ORDER BY cust_id",
        )
        .await;
        // UTF-8 read as windows-1252: encoding back to windows-1252 gives
        // valid UTF-8 with accents (genuine 'Bächtold' does not).
        let repaired = |name: &str| -> Option<String> {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(name);
            if unmappable || bytes.as_ref() == name.as_bytes() {
                return None;
            }
            String::from_utf8(bytes.into_owned()).ok()
        };
        let broken: Vec<(String, String)> = names
            .iter()
            .flatten()
            .flatten()
            .filter_map(|n| repaired(n).map(|r| (n.clone(), r)))
            .collect();
        let share = broken.len() as f64 / persons as f64;
        assert!((0.002..0.03).contains(&share), "mojibake share {share}");
        assert!(broken.iter().any(|(n, _)| n.contains('Ã')), "{broken:?}");

        // Duplicates: persons sharing an e-mail (case and spaces ignored) or
        // a phone number, under different customer numbers.
        let shared_email = count(
            &mut conn,
            "SELECT COUNT(*) FROM (SELECT lower(trim(email)) e FROM customer \
             WHERE kind = 'P' AND email LIKE '%@%' GROUP BY e \
             HAVING COUNT(DISTINCT coalesce(cust_no, '')) > 1)",
        )
        .await;
        let shared_phone = count(
            &mut conn,
            "SELECT COUNT(*) FROM (SELECT phone FROM customer \
             WHERE kind = 'P' AND length(phone) > 8 GROUP BY phone HAVING COUNT(*) > 1)",
        )
        .await;
        let planted = (shared_email + shared_phone) as f64 / persons as f64;
        assert!((0.01..0.06).contains(&planted), "duplicates {planted}");
        // Some duplicate lost the accent of its first name.
        let lost_accent = count(
            &mut conn,
            "SELECT COUNT(*) FROM customer a JOIN customer b ON lower(trim(a.email)) = \
             lower(trim(b.email)) AND a.cust_id < b.cust_id \
             WHERE a.kind = 'P' AND b.kind = 'P' AND a.first_name LIKE '%é%' \
             AND upper(b.first_name) = upper(replace(a.first_name, 'é', 'e'))",
        )
        .await;
        assert!(lost_accent > 0, "no duplicate without accent");
    }

    #[tokio::test]
    async fn dates_do_not_depend_on_the_clock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, _) = build(dir.path(), "demo.db", 3000, 5).await;
        let mut conn = open(&path).await;
        let rows = customer_column(
            &mut conn,
            "SELECT birth_date, created_at FROM customer ORDER BY cust_id",
        )
        .await;
        let first = chrono::NaiveDate::from_ymd_opt(1998, 1, 1).expect("date");
        let last = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("date");
        let mut previous_year = 0;
        let mut future = 0;
        for row in &rows {
            // Future birth dates use fixed far-future years (2031..=2039),
            // never "today + x".
            if let Some(Birth::Valid(d)) = row[0].as_deref().map(classify_birth) {
                if d > last {
                    use chrono::Datelike;
                    assert!((2031..=2039).contains(&d.year()), "{d}");
                    future += 1;
                }
            }
            let created = row[1].as_deref().expect("created_at is always set");
            let stamp = chrono::NaiveDateTime::parse_from_str(created, "%Y-%m-%d %H:%M:%S")
                .unwrap_or_else(|e| panic!("{created}: {e}"));
            assert!(stamp.date() >= first && stamp.date() <= last, "{created}");
            // created_at grows with cust_id (a few days of jitter aside).
            let year: i32 = created[..4].parse().expect("year");
            assert!(year + 1 >= previous_year, "{created} after {previous_year}");
            previous_year = previous_year.max(year);
        }
        assert!(future > 0, "no future birth date planted");
        let years: std::collections::BTreeSet<&str> = rows
            .iter()
            .filter_map(|r| r[1].as_deref().map(|c| &c[..4]))
            .collect();
        assert!(years.len() >= 25, "created_at spans only {years:?}");
    }

    #[tokio::test]
    async fn codes_use_the_documented_spellings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, _) = build(dir.path(), "demo.db", 5000, 9).await;
        let mut conn = open(&path).await;
        let langs = customer_column(
            &mut conn,
            "SELECT DISTINCT lang FROM customer WHERE lang IS NOT NULL",
        )
        .await;
        for l in langs.iter().flatten().flatten() {
            assert!(
                [
                    "F",
                    "fr",
                    "français",
                    "D",
                    "DE",
                    "Deutsch",
                    "I",
                    "it",
                    "E",
                    "en"
                ]
                .contains(&l.as_str()),
                "lang {l:?}"
            );
        }
        let countries = customer_column(
            &mut conn,
            "SELECT DISTINCT country FROM address WHERE country IS NOT NULL",
        )
        .await;
        let known = [
            "CH",
            "ch",
            "Suisse",
            "Schweiz",
            "Svizzera",
            "Switzerland",
            "FR",
            "France",
            "DE",
            "Deutschland",
            "Germany",
            "IT",
            "Italia",
            "UK",
            "GB",
            "United Kingdom",
        ];
        let found: Vec<&str> = countries
            .iter()
            .flatten()
            .flatten()
            .map(String::as_str)
            .collect();
        for c in &found {
            assert!(known.contains(c), "country {c:?}");
        }
        assert!(found.len() >= 14, "{found:?}");
        let civilities = customer_column(
            &mut conn,
            "SELECT DISTINCT civility FROM customer WHERE civility IS NOT NULL",
        )
        .await;
        let base = [
            "",
            "m.",
            "mme",
            "mlle",
            "herr",
            "frau",
            "sig.",
            "sig.ra",
            "mr",
            "mrs",
            "ms",
            "dr",
            "société",
            "firma",
            "ditta",
            "company",
        ];
        for c in civilities.iter().flatten().flatten() {
            let norm = c.trim().to_lowercase();
            let norm_dot = format!("{}.", norm.trim_end_matches('.'));
            let bare = norm.trim_end_matches('.');
            assert!(
                base.contains(&norm.as_str())
                    || base.contains(&bare)
                    || base.contains(&norm_dot.as_str()),
                "civility {c:?}"
            );
        }
        let kinds = customer_column(
            &mut conn,
            "SELECT DISTINCT addr_kind FROM address ORDER BY 1",
        )
        .await;
        assert_eq!(
            kinds,
            vec![
                vec![Some("BILL".to_string())],
                vec![Some("MAIN".to_string())]
            ]
        );
    }

    #[test]
    fn build_future_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let options = DemoOptions::default();
        let future = build_legacy_database(Path::new("unused.db"), &options);
        assert_send(&future);
        drop(future);
    }

    /// Timing run: `STX_DEMO_CONTACTS=1000000 cargo test --release --lib
    /// demo::tests::timed_build -- --ignored --nocapture`; set
    /// `STX_DEMO_PATH` to keep the database.
    #[tokio::test]
    #[ignore = "benchmark; run explicitly"]
    async fn timed_build() {
        let contacts = std::env::var("STX_DEMO_CONTACTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = std::env::var_os("STX_DEMO_PATH")
            .map(PathBuf::from)
            .unwrap_or_else(|| dir.path().join("bench.db"));
        let start = std::time::Instant::now();
        let summary = build_legacy_database(&path, &DemoOptions { contacts, seed: 42 })
            .await
            .expect("demo database builds");
        println!("{summary:?} in {:.2?}", start.elapsed());
    }
}
