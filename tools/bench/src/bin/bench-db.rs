//! Benchmark of the live database connectors against the servers' own command-line clients.
//!
//! ```text
//! cargo run --release -p stx-bench --bin bench-db --
//!     [--contacts 1000000] [--runs 3] [--only postgres|mariadb]
//!     [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--mysql-url mysql://root@127.0.0.1:3306/test]
//! ```
//!
//! It loads (once; reused while the marker table `stx_bench_params` says the same contacts and
//! seed) the demo's legacy database into a database `stx_bench` on each server, with
//! `stx-migrate demo --sql` scripts run by `psql` / `mariadb`. The measured table is `customer`
//! read as 15 columns (`cust_id` … `remark`). Then, `--runs` times each, in this one process:
//!
//! * `psql-copy-binary`: `psql -c "COPY (SELECT …) TO STDOUT (FORMAT binary)" > /dev/null`;
//! * `pg-extraction`: our PostgreSQL connector streaming the same query into polars frames;
//! * `pg-end-to-end`: a migration of those 15 columns (the demo's mapping and rules, key
//!   `cust_id`, CSV output only): read, map, check, write;
//! * `mariadb-client`: `mariadb --quick -N -e "SELECT …" > /dev/null`;
//! * `my-extraction`, `my-end-to-end`: the same through our MySQL/MariaDB connector;
//! * `pg-odbc-extraction`: the PostgreSQL extraction through our ODBC connector and psqlODBC
//!   (`PostgreSQL Unicode`, cursor-based fetching), when the driver is registered.
//!
//! `RATIO` lines divide median wall times: `pg-extraction/psql-copy-binary` = 1.25 means our
//! extraction takes 1.25 × the time of psql's binary COPY, i.e. runs at 0.8 × its rate. The
//! issue's goals in those terms: extraction ≤ 1.25 × psql COPY and ≤ 1.11 × the mariadb client;
//! end-to-end ≤ 2 × psql COPY.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use futures::StreamExt;
use stx_bench::{end_to_end, measure, print_ratios, print_results, reset_peak_rss, Measurement};
use stx_connector_core::{ReadOptions, ReadRequest, SourceSpec};
use stx_demo::{write_sql_script, DemoOptions, SqlDialect};
use stx_migrate::migration::Migration;
use stx_migrate::pipeline::DEFAULT_BATCH_ROWS;

const SEED: u64 = 42;
const DATABASE: &str = "stx_bench";
const COLUMNS: &str = "cust_id, cust_no, kind, civility, first_name, last_name, company, \
    birth_date, lang, email, phone, mobile, fax, newsletter, remark";

#[derive(Debug, Parser)]
#[command(about = "Benchmark the PostgreSQL and MariaDB connectors against psql and mariadb")]
struct Args {
    /// Rows of the contact table.
    #[arg(long, default_value_t = 1_000_000)]
    contacts: usize,
    /// How many times each measurement runs (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Working folder: seed scripts, migration files and outputs.
    #[arg(long, default_value = "/tmp/stx-bench-db")]
    dir: PathBuf,
    /// A server database URL to connect to first (the benchmark creates `stx_bench` beside it).
    #[arg(
        long,
        env = "STX_TEST_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pg_url: String,
    /// Likewise for MariaDB / MySQL.
    #[arg(
        long,
        env = "STX_TEST_MYSQL_URL",
        default_value = "mysql://root@127.0.0.1:3306/test"
    )]
    mysql_url: String,
    /// psqlODBC options for `pg-odbc-extraction` (cursor-based fetching by default: without
    /// `UseDeclareFetch` psqlODBC loads the whole result into memory first).
    #[arg(long, default_value = "UseDeclareFetch=1;Fetch=10000;")]
    psqlodbc_options: String,
    /// Measure one server only.
    #[arg(long, value_parser = ["postgres", "mariadb"])]
    only: Option<String>,
}

/// The URL with its database replaced by `database`.
fn with_database(url: &str, database: &str) -> Result<String> {
    let mut parsed = url::Url::parse(url).with_context(|| format!("parsing {url}"))?;
    parsed.set_path(&format!("/{database}"));
    Ok(parsed.to_string())
}

fn run_tool(command: &mut Command, what: &str) -> Result<String> {
    let out = command
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .with_context(|| format!("running {what} (is it installed?)"))?;
    ensure!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn psql(url: &str) -> Command {
    let mut c = Command::new("psql");
    c.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]);
    c
}

/// `mariadb` client arguments for a `mysql://user@host:port/db` URL (no password support:
/// the benchmark runs against local test servers).
fn mariadb(url: &str) -> Result<Command> {
    let parsed = url::Url::parse(url)?;
    let mut c = Command::new("mariadb");
    c.arg(format!(
        "--host={}",
        parsed.host_str().unwrap_or("127.0.0.1")
    ))
    .arg(format!("--port={}", parsed.port().unwrap_or(3306)))
    .arg(format!(
        "--user={}",
        if parsed.username().is_empty() {
            "root"
        } else {
            parsed.username()
        }
    ))
    .arg("--protocol=tcp");
    if let Some(db) = parsed.path().strip_prefix('/').filter(|d| !d.is_empty()) {
        c.arg(format!("--database={db}"));
    }
    Ok(c)
}

/// Loads the demo rows into `stx_bench` unless its marker says they are there.
fn prepare_server(dir: &Path, dialect: SqlDialect, url: &str, contacts: usize) -> Result<String> {
    let params = format!("contacts={contacts} seed={SEED}");
    let db_url = with_database(url, DATABASE)?;
    let marker_sql = "SELECT params FROM stx_bench_params";
    let current = match dialect {
        SqlDialect::Postgres => {
            run_tool(psql(&db_url).args(["-A", "-t", "-c", marker_sql]), "psql").ok()
        }
        _ => run_tool(mariadb(&db_url)?.args(["-N", "-e", marker_sql]), "mariadb").ok(),
    };
    if current.as_deref() == Some(params.as_str()) {
        println!("{dialect:?}: reusing database {DATABASE} ({params})");
        return Ok(db_url);
    }
    let script = dir.join(format!("seed-{dialect:?}.sql").to_lowercase());
    let started = Instant::now();
    {
        let file = std::fs::File::create(&script)?;
        let mut out = std::io::BufWriter::new(file);
        write_sql_script(
            &DemoOptions {
                contacts,
                seed: SEED,
            },
            dialect,
            &mut out,
        )?;
        std::io::Write::flush(&mut out)?;
    }
    let file = || std::fs::File::open(&script);
    match dialect {
        SqlDialect::Postgres => {
            run_tool(
                psql(url).args([
                    "-c",
                    &format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"),
                ]),
                "psql",
            )?;
            run_tool(
                psql(url).args(["-c", &format!("CREATE DATABASE {DATABASE}")]),
                "psql",
            )?;
            run_tool(psql(&db_url).stdin(file()?), "psql (loading the seed)")?;
            run_tool(
                // Separate -c: psql runs a multi-statement -c in one transaction, where VACUUM fails.
                psql(&db_url).args([
                    "-c",
                    "VACUUM ANALYZE",
                    "-c",
                    &format!("CREATE TABLE stx_bench_params AS SELECT '{params}'::text AS params"),
                ]),
                "psql",
            )?;
        }
        _ => {
            run_tool(
                mariadb(url)?.args(["-e", &format!("DROP DATABASE IF EXISTS {DATABASE}; CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4")]),
                "mariadb",
            )?;
            run_tool(
                mariadb(&db_url)?.stdin(file()?),
                "mariadb (loading the seed)",
            )?;
            run_tool(
                mariadb(&db_url)?.args(["-e", &format!("ANALYZE TABLE customer; CREATE TABLE stx_bench_params AS SELECT '{params}' AS params")]),
                "mariadb",
            )?;
        }
    }
    println!(
        "{dialect:?}: loaded {contacts} contacts into {DATABASE} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(db_url)
}

/// Our connector alone: every batch of the 15-column query into polars frames.
async fn extraction(url: &str) -> Result<u64> {
    let mut source = stx_migrate::sources::open(&SourceSpec::from_url(url)).await?;
    let request = ReadRequest::Query(format!("SELECT {COLUMNS} FROM customer"));
    let mut stream = source
        .read(&request, &ReadOptions::batch(DEFAULT_BATCH_ROWS))
        .await?;
    let mut rows = 0u64;
    while let Some(batch) = stream.next().await {
        rows += batch?.rows_read() as u64;
    }
    Ok(rows)
}

/// The demo migration's mapping and rules over the 15 columns, CSV output only.
fn write_migration(dir: &Path, name: &str, url: &str) -> Result<Migration> {
    let mut doc: toml::Table = stx_demo::DEMO_FILES[0].1.parse()?;
    let mut source = toml::Table::new();
    source.insert("url".into(), url.into());
    doc.insert("source".into(), toml::Value::Table(source));
    doc.insert(
        "read".into(),
        toml::Value::Table({
            let mut t = toml::Table::new();
            t.insert("key".into(), "cust_id".into());
            t.insert(
                "query".into(),
                format!("SELECT {COLUMNS} FROM customer").into(),
            );
            t
        }),
    );
    let map: toml::Table = r#"
CONTACT_NR = "trim(cust_no)"
TITLE = "lookup('titles', civility)"
FIRSTNAME = "title_case(collapse_spaces(fix_mojibake(first_name)))"
LASTNAME = "title_case(collapse_spaces(fix_mojibake(last_name)))"
BIRTHDATE = "date(birth_date, 'yyyy-mm-dd', 'dd.mm.yyyy', 'dd/mm/yyyy', 'yyyymmdd')"
PREF_LANG = "lookup('languages', lang)"
REMARK = "remark"
OFFICIAL_NAME = "collapse_spaces(company)"
TELEPHONE = "phone"
CELLPHONE = "mobile"
FAX = "fax"
EMAIL1 = "lower(trim(email))"
EMAIL = "CASE newsletter WHEN 1 THEN TRUE WHEN 0 THEN FALSE END"
"#
    .parse()?;
    doc.insert("map".into(), toml::Value::Table(map));
    let output = doc
        .entry("output")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let Some(output) = output.as_table_mut() else {
        bail!("[output] of the demo migration is not a table");
    };
    output.insert("formats".into(), toml::Value::Array(vec!["csv".into()]));
    let path = dir.join(name);
    std::fs::write(&path, toml::to_string(&doc)?)?;
    Ok(Migration::load(&path)?)
}

/// A client command with its output to /dev/null; returns once it exited successfully.
fn baseline(mut command: Command, what: &str) -> Result<()> {
    let out = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("running {what}"))?;
    ensure!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

struct Server {
    dialect: SqlDialect,
    url: String,
    baseline: Measurement,
    extract: Measurement,
    full: Measurement,
    /// The same extraction through the server's ODBC driver, when it is registered.
    odbc: Option<(String, Measurement)>,
}

/// The connection string of psqlODBC to the database of `url`, cursor-based (`UseDeclareFetch`:
/// without it psqlODBC loads the whole result into memory before the first row).
fn psqlodbc_url(url: &str, options: &str) -> Result<Option<String>> {
    let Some(driver) = stx_connector_odbc::testing::driver("PostgreSQL Unicode") else {
        return Ok(None);
    };
    let parsed = url::Url::parse(url)?;
    Ok(Some(format!(
        "odbc:Driver={{{driver}}};Server={};Port={};Database={};Uid={};BoolsAsChar=0;{options}",
        parsed.host_str().unwrap_or("127.0.0.1"),
        parsed.port().unwrap_or(5432),
        parsed.path().trim_start_matches('/'),
        if parsed.username().is_empty() {
            "postgres"
        } else {
            parsed.username()
        }
    )))
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    ensure!(
        args.runs >= 1 && args.contacts >= 1,
        "--runs and --contacts must be at least 1"
    );
    std::fs::create_dir_all(&args.dir)?;
    let dir = args.dir.canonicalize()?;
    stx_demo::write_demo_files(&dir)?;
    reset_peak_rss();
    println!(
        "bench-db: contacts={} runs={} dir={}",
        args.contacts,
        args.runs,
        dir.display()
    );
    let select = format!("SELECT {COLUMNS} FROM customer");
    let mut servers = Vec::new();
    if args.only.as_deref() != Some("mariadb") {
        servers.push(Server {
            dialect: SqlDialect::Postgres,
            url: prepare_server(&dir, SqlDialect::Postgres, &args.pg_url, args.contacts)?,
            baseline: Measurement::new("psql-copy-binary"),
            extract: Measurement::new("pg-extraction"),
            full: Measurement::new("pg-end-to-end"),
            odbc: None,
        });
    }
    if args.only.as_deref() != Some("postgres") {
        servers.push(Server {
            dialect: SqlDialect::Mariadb,
            url: prepare_server(&dir, SqlDialect::Mariadb, &args.mysql_url, args.contacts)?,
            baseline: Measurement::new("mariadb-client"),
            extract: Measurement::new("my-extraction"),
            full: Measurement::new("my-end-to-end"),
            odbc: None,
        });
    }
    let rows = args.contacts as u64;
    for server in &mut servers {
        if server.dialect == SqlDialect::Postgres {
            server.odbc = psqlodbc_url(&server.url, &args.psqlodbc_options)?
                .map(|url| (url, Measurement::new("pg-odbc-extraction")));
        }
        let migration = write_migration(
            &dir,
            &format!("bench-{:?}.toml", server.dialect).to_lowercase(),
            &server.url,
        )?;
        for run in 1..=args.runs {
            let command = match server.dialect {
                SqlDialect::Postgres => {
                    let mut c = psql(&server.url);
                    c.args(["-c", &format!("COPY ({select}) TO STDOUT (FORMAT binary)")]);
                    c
                }
                _ => {
                    let mut c = mariadb(&server.url)?;
                    c.args(["--quick", "-N", "-e", &select]);
                    c
                }
            };
            measure(&mut server.baseline, run, args.runs, || async {
                baseline(command, "the client baseline")?;
                Ok((rows, Vec::new()))
            })
            .await?;
            let url = server.url.clone();
            measure(&mut server.extract, run, args.runs, || async move {
                Ok((extraction(&url).await?, Vec::new()))
            })
            .await?;
            if let Some((url, m)) = &mut server.odbc {
                let url = url.clone();
                measure(m, run, args.runs, || async move {
                    Ok((extraction(&url).await?, Vec::new()))
                })
                .await?;
            }
            let out = dir.join(format!("out-{:?}-{run}", server.dialect).to_lowercase());
            measure(&mut server.full, run, args.runs, || {
                end_to_end(&migration, out)
            })
            .await?;
        }
        for m in [&server.extract, &server.full]
            .into_iter()
            .chain(server.odbc.as_ref().map(|(_, m)| m))
        {
            ensure!(
                m.rows.iter().all(|&r| r == rows),
                "{}: read {:?} rows, expected {rows}",
                m.name,
                m.rows
            );
        }
    }
    let all: Vec<&Measurement> = servers
        .iter()
        .flat_map(|s| {
            [&s.baseline, &s.extract, &s.full]
                .into_iter()
                .chain(s.odbc.as_ref().map(|(_, m)| m))
        })
        .collect();
    print_results(&all);
    print_ratios(
        &all,
        &[
            ("pg-extraction", "psql-copy-binary"),
            ("pg-end-to-end", "psql-copy-binary"),
            ("my-extraction", "mariadb-client"),
            ("my-end-to-end", "mariadb-client"),
            ("pg-end-to-end", "pg-extraction"),
            ("pg-odbc-extraction", "pg-extraction"),
            ("pg-odbc-extraction", "psql-copy-binary"),
            ("my-end-to-end", "my-extraction"),
        ],
    );
    Ok(())
}
