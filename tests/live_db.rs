//! The demo migration from live PostgreSQL and MariaDB servers gives exactly the files the same
//! migration gives from the SQLite demo; passwords never reach an output; `inspect` lists the
//! server's tables; the committed docker seeds are what `stx-migrate demo --sql` makes. The
//! same databases read through their ODBC drivers (psqlODBC, MariaDB Connector/ODBC) give the
//! same files too; with `STX_TEST_ODBC_ORACLE` (a connection string to the Oracle Free of
//! docker/compose.yaml, schema `legacy`), so does Oracle through Oracle's ODBC driver.
//!
//! Servers: `STX_TEST_PG_URL` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`) and
//! `STX_TEST_MYSQL_URL` (e.g. `mysql://root@127.0.0.1:3306/test`). Unset: the test is skipped,
//! unless `STX_REQUIRE_LIVE_DB=1`, which makes it fail.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stx_connector_core::testing::{live_url, unique_name, LiveDb};

const CONTACTS: &str = "300";
const SEED: &str = "7";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stx-migrate"))
}

fn run(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .expect("the binary runs")
}

fn ok(out: &Output) -> String {
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stdout
}

/// The server URL from `var`, or `None` (skip) when unset and not required.
fn server_url(var: &str) -> Option<String> {
    live_url(var, LiveDb::Required)
}

/// The demo (SQLite) run, and the seed script of `dialect` with the same rows.
fn sqlite_run_and_seed(dir: &Path, dialect: &str) -> (PathBuf, String) {
    ok(&run(
        dir,
        &[
            "demo",
            "--dir",
            "demo",
            "--contacts",
            CONTACTS,
            "--seed",
            SEED,
            "--out",
            "sqlite-run",
            "--quiet",
        ],
        &[],
    ));
    let script = ok(&run(
        dir,
        &[
            "demo",
            "--sql",
            dialect,
            "--contacts",
            CONTACTS,
            "--seed",
            SEED,
        ],
        &[],
    ));
    (dir.join("sqlite-run"), script)
}

/// Writes a copy of the demo migration reading from `url` and runs it into `out`.
fn run_from_server(dir: &Path, url: &str, out: &str, envs: &[(&str, &str)]) -> Output {
    let text = std::fs::read_to_string(dir.join("demo/migration.toml")).unwrap();
    assert!(text.contains("url = \"sqlite:legacy.db\""));
    let text = text.replace("url = \"sqlite:legacy.db\"", &format!("url = \"{url}\""));
    std::fs::write(dir.join("demo/server.toml"), text).unwrap();
    run(
        dir,
        &["run", "demo/server.toml", "--out", out, "--quiet"],
        envs,
    )
}

/// Both runs wrote the same contact, rejects and warnings files.
fn assert_same_outputs(sqlite_run: &Path, server_run: &Path) {
    for file in [
        "contacts.csv",
        "rejects.csv",
        "warnings.csv",
        "missing-config.csv",
    ] {
        let a = std::fs::read(sqlite_run.join(file)).unwrap();
        let b = std::fs::read(server_run.join(file)).unwrap();
        assert!(
            a.len() > 100 || file != "contacts.csv",
            "{file} is nearly empty"
        );
        if a != b {
            let (a, b) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
            let diff = a
                .lines()
                .zip(b.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .map(|(i, (x, y))| format!("line {}:\n sqlite: {x}\n server: {y}", i + 1))
                .unwrap_or_else(|| "one file is a prefix of the other".into());
            panic!("{file} differs: {diff}");
        }
    }
}

/// Every file under `dir` and the process output are free of `secret`.
fn assert_secret_absent(dir: &Path, out: &Output, secret: &str) {
    for stream in [&out.stdout, &out.stderr] {
        assert!(
            !String::from_utf8_lossy(stream).contains(secret),
            "secret printed"
        );
    }
    let mut stack = vec![dir.to_path_buf()];
    let mut files = 0;
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(secret),
                    "secret found in {}",
                    path.display()
                );
            }
        }
    }
    assert!(files >= 5, "the run wrote its outputs");
}

/// The URL with its database replaced by `database` (the path of a server URL).
/// Runs the demo migration from `demo/<dump>` (read without a server) and compares its files
/// with the SQLite run.
fn assert_dump_run_matches(d: &Path, dump: &str, out: &str, sqlite_run: &Path) {
    // A dump has no SQL engine: the query runs on polars SQL, whose joins take only
    // equalities in ON; the same filters move into derived tables.
    let text = std::fs::read_to_string(d.join("demo/migration.toml")).unwrap();
    let polars_sql = text
        .replace(
            "url = \"sqlite:legacy.db\"",
            &format!("url = \"sqldump:{dump}\""),
        )
        .replace(
            "LEFT JOIN address a ON a.cust_id = c.cust_id AND a.addr_kind = 'MAIN'",
            "LEFT JOIN (SELECT * FROM address WHERE addr_kind = 'MAIN') a ON a.cust_id = c.cust_id",
        )
        .replace(
            "LEFT JOIN contact_person p ON p.company_id = c.cust_id AND p.is_main = 1",
            "LEFT JOIN (SELECT * FROM contact_person WHERE is_main = 1) p ON p.company_id = c.cust_id",
        );
    assert_eq!(
        polars_sql.matches("SELECT * FROM").count(),
        2,
        "the demo query changed"
    );
    assert!(polars_sql.contains(dump), "the demo source changed");
    let config = format!("demo/{out}.toml");
    std::fs::write(d.join(&config), polars_sql).unwrap();
    ok(&run(d, &["run", &config, "--out", out, "--quiet"], &[]));
    assert_same_outputs(sqlite_run, &d.join(out));
}

fn with_database(url: &str, database: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("a server URL");
    parsed.set_path(&format!("/{database}"));
    parsed.to_string()
}

/// The URL with `user:${var}@` as its credentials (the test servers do not check passwords).
fn with_password_variable(url: &str, var: &str) -> String {
    let after_scheme = url.find("://").unwrap() + 3;
    let rest = &url[after_scheme..];
    let (user, host) = match rest.split_once('@') {
        Some((user, host)) => (user.split(':').next().unwrap().to_string(), host),
        None => ("root".to_string(), rest),
    };
    format!("{}{user}:${{{var}}}@{host}", &url[..after_scheme])
}

#[tokio::test]
async fn demo_from_postgres_equals_demo_from_sqlite() {
    let Some(url) = server_url("STX_TEST_PG_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (sqlite_run, script) = sqlite_run_and_seed(d, "postgres");

    let database = unique_name("stx_demo");
    let (admin, admin_conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("STX_TEST_PG_URL reachable");
    tokio::spawn(admin_conn);
    admin
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .await
        .unwrap();
    let db_url = with_database(&url, &database);
    {
        let (client, conn) = tokio_postgres::connect(&db_url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let task = tokio::spawn(conn);
        client.batch_execute(&script).await.expect("seed loads");
        drop(client);
        let _ = task.await;
    }

    let secret = unique_name("pg-secret");
    let var = "STX_LIVE_TEST_PG_SECRET";
    let secret_url = with_password_variable(&db_url, var);
    let out = run_from_server(d, &secret_url, "pg-run", &[(var, &secret)]);
    ok(&out);
    assert_same_outputs(&sqlite_run, &d.join("pg-run"));
    assert_secret_absent(&d.join("pg-run"), &out, &secret);
    // A failing run (no such table) names the table, not the password.
    let text = std::fs::read_to_string(d.join("demo/server.toml")).unwrap();
    std::fs::write(
        d.join("demo/broken.toml"),
        text.replace("FROM customer c", "FROM no_such_table c"),
    )
    .unwrap();
    let out = run(
        d,
        &["run", "demo/broken.toml", "--out", "pg-broken"],
        &[(var, &secret)],
    );
    assert_eq!(out.status.code(), Some(3), "a source error: {out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no_such_table") && !stderr.contains(&secret),
        "{stderr}"
    );

    let out = run(d, &["inspect", &secret_url], &[(var, &secret)]);
    let listing = ok(&out);
    for table in ["customer", "address", "contact_person"] {
        assert!(listing.contains(table), "{listing}");
    }
    assert!(!listing.contains(&secret));

    // Its pg_dump, read without a server, gives the same files too.
    let dump = d.join("demo/legacy.sql");
    let dumped = Command::new("pg_dump")
        .arg("--no-owner")
        .arg("-f")
        .arg(&dump)
        .arg(&db_url)
        .output()
        .expect("pg_dump runs (Debian's postgresql-client)");
    assert!(dumped.status.success(), "{dumped:?}");
    assert_dump_run_matches(d, "legacy.sql", "pg-dump-run", &sqlite_run);

    // The same database through psqlODBC gives the same files.
    if let Some(driver) = stx_connector_odbc::testing::driver("PostgreSQL Unicode") {
        let parsed = url::Url::parse(&db_url).unwrap();
        let odbc = format!(
            "odbc:Driver={{{driver}}};Server={};Port={};Database={database};Uid={};PWD=${{{var}}};",
            parsed.host_str().unwrap(),
            parsed.port().unwrap_or(5432),
            parsed.username()
        );
        let out = run_from_server(d, &odbc, "pg-odbc-run", &[(var, &secret)]);
        ok(&out);
        assert_same_outputs(&sqlite_run, &d.join("pg-odbc-run"));
        assert_secret_absent(&d.join("pg-odbc-run"), &out, &secret);
        let listing = ok(&run(d, &["inspect", &odbc], &[(var, &secret)]));
        assert!(
            listing.contains("contact_person") && !listing.contains(&secret),
            "{listing}"
        );
    }

    admin
        .batch_execute(&format!("DROP DATABASE {database} WITH (FORCE)"))
        .await
        .unwrap();
}

#[tokio::test]
async fn demo_from_mariadb_equals_demo_from_sqlite() {
    use mysql_async::prelude::Queryable;
    let Some(url) = server_url("STX_TEST_MYSQL_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (sqlite_run, script) = sqlite_run_and_seed(d, "mariadb");

    let database = unique_name("stx_demo");
    let pool_opts = mysql_async::Opts::from_url(&url).expect("STX_TEST_MYSQL_URL parses");
    let mut admin = mysql_async::Conn::new(pool_opts)
        .await
        .expect("STX_TEST_MYSQL_URL reachable");
    admin
        .query_drop(format!("CREATE DATABASE {database} CHARACTER SET utf8mb4"))
        .await
        .unwrap();
    admin.query_drop(format!("USE {database}")).await.unwrap();
    admin.query_drop(script).await.expect("seed loads");

    let secret = unique_name("my-secret");
    let var = "STX_LIVE_TEST_MY_SECRET";
    let db_url = with_database(&url, &database);
    let out = run_from_server(d, &db_url, "my-run", &[]);
    ok(&out);
    assert_same_outputs(&sqlite_run, &d.join("my-run"));
    // A password from a variable that the server refuses: the error does not show it.
    let secret_url = with_password_variable(&db_url, var);
    let secret_url = secret_url.replacen("root:", "stx_no_such_user:", 1);
    let out = run(d, &["inspect", &secret_url], &[(var, &secret)]);
    assert_ne!(out.status.code(), Some(0));
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(&secret));
    }
    let listing = ok(&run(d, &["inspect", &db_url], &[]));
    for table in ["customer", "address", "contact_person"] {
        assert!(listing.contains(table), "{listing}");
    }
    // The same database through MariaDB Connector/ODBC gives the same files.
    if let Some(driver) = stx_connector_odbc::testing::driver("MariaDB Unicode") {
        let parsed = url::Url::parse(&db_url).unwrap();
        let odbc = format!(
            "odbc:Driver={{{driver}}};Server={};Port={};Database={database};User={};CHARSET=utf8mb4;",
            parsed.host_str().unwrap(),
            parsed.port().unwrap_or(3306),
            parsed.username()
        );
        let out = run_from_server(d, &odbc, "my-odbc-run", &[]);
        ok(&out);
        assert_same_outputs(&sqlite_run, &d.join("my-odbc-run"));
    }

    // Its mysqldump (extended INSERTs), read without a server, gives the same files too.
    let parsed = url::Url::parse(&db_url).unwrap();
    let dumped = Command::new("mysqldump")
        .arg(format!("--host={}", parsed.host_str().unwrap()))
        .arg(format!("--port={}", parsed.port().unwrap_or(3306)))
        .arg(format!("--user={}", parsed.username()))
        .arg(format!(
            "--result-file={}",
            d.join("demo/legacy-my.sql").display()
        ))
        .arg(&database)
        .output()
        .expect("mysqldump runs (Debian's mariadb-client)");
    assert!(dumped.status.success(), "{dumped:?}");
    assert_dump_run_matches(d, "legacy-my.sql", "my-dump-run", &sqlite_run);

    admin
        .query_drop(format!("DROP DATABASE {database}"))
        .await
        .unwrap();
    admin.disconnect().await.unwrap();
}

/// The seeds under docker/ are what `stx-migrate demo --sql` makes today.
#[test]
fn docker_seeds_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dialect in ["postgres", "mariadb", "mssql", "oracle"] {
        let out = bin()
            .args(["demo", "--sql", dialect, "--contacts", "300"])
            .output()
            .unwrap();
        let made = ok(&out);
        let path = root.join(format!("docker/seed/{dialect}.sql"));
        if std::env::var_os("STX_UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &made).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == made,
            "{} is out of date: run `stx-migrate demo --sql {dialect} --contacts 300 > {}`",
            path.display(),
            path.display()
        );
    }
}

/// The demo's seed scripts for every server (the files under docker/seed are made the same
/// way) and `sqlite3 .dump` of its SQLite database, read as dumps without any server, give
/// the same files as the SQLite run. Needs no live database, only Debian's sqlite3.
#[test]
fn demo_from_seed_scripts_and_sqlite_dump_equals_demo_from_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (sqlite_run, _) = sqlite_run_and_seed(d, "postgres");
    for dialect in ["postgres", "mariadb", "mssql", "oracle"] {
        let script = ok(&run(
            d,
            &[
                "demo",
                "--sql",
                dialect,
                "--contacts",
                CONTACTS,
                "--seed",
                SEED,
            ],
            &[],
        ));
        let file = format!("seed-{dialect}.sql");
        std::fs::write(d.join("demo").join(&file), script).unwrap();
        assert_dump_run_matches(d, &file, &format!("{dialect}-seed-run"), &sqlite_run);
    }
    let dumped = Command::new("sqlite3")
        .arg(d.join("demo/legacy.db"))
        .arg(".dump")
        .output()
        .expect("sqlite3 runs (Debian's sqlite3)");
    assert!(dumped.status.success(), "{dumped:?}");
    std::fs::write(d.join("demo/legacy-sqlite.sql"), &dumped.stdout).unwrap();
    assert_dump_run_matches(d, "legacy-sqlite.sql", "sqlite-dump-run", &sqlite_run);
}

/// One column of each common PostgreSQL type, and rows with edge values and NULLs.
const PG_TYPES: &str = "id integer PRIMARY KEY, b boolean, s smallint, i integer, bi bigint, \
    n0 numeric(10,0), n2 numeric(10,2), r real, d double precision, t text, vc varchar(20), \
    c3 char(3), dt date, ts timestamp, tstz timestamptz, tm time, by bytea, u uuid, j json";
const PG_ROWS: &str = "(1, true, -32768, 2147483647, -9223372036854775808, 1234567890, \
    -12345678.91, 0.1, 0.1, E'tab\\tx ''q'' \\\\', 'Zoë', 'ab', '2024-01-31', \
    '2024-01-31 10:00:00.5', '2024-01-31 10:00:00.25+05:30', '23:59:59.123', '\\x00ff', \
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}'), \
    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
    NULL, NULL, NULL), \
    (3, false, 0, 0, 0, 0, 0, 3.4028235e38, 1e308, '', '', 'a', '0001-01-01', \
    '1999-12-31 23:59:59', '1999-12-31 23:59:59-08', '00:00:00', '\\x', \
    '00000000-0000-0000-0000-000000000000', '[]')";

/// One column of each common MySQL/MariaDB type, and rows with edge values and NULLs.
const MY_TYPES: &str = "id int PRIMARY KEY, t1 tinyint(1), bo BOOL, b1 bit(1), b8 bit(8), \
    ti tinyint, si smallint, i int, bi bigint, d0 decimal(10,0), d2 decimal(10,2), f float, \
    db double, vc varchar(20), c3 char(3), tx text, dt date, dtm datetime, \
    ts timestamp NULL DEFAULT NULL, tm time, y year, bl blob, e enum('a','b')";
const MY_ROWS: &str = "(1, 1, 0, b'1', b'10000001', -128, -32768, -2147483648, \
    -9223372036854775808, 1234567890, -12345678.91, 0.1, 0.1, 'tab\\tx ''q'' \\\\', 'ab', 'Zoë', \
    '2024-01-31', '2024-01-31 10:00:00', '2024-01-31 10:00:00', '-838:59:59', 2024, x'00ff', \
    'b'), \
    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
    NULL, NULL, NULL, NULL, NULL, NULL, NULL), \
    (3, 0, 1, b'0', b'0', 127, 0, 0, 0, 0, 0, 3.40282e38, 1e308, '', 'a', '', '0000-00-00', \
    '0000-00-00 00:00:00', '1999-12-31 23:59:59', '00:00:00', 1901, '', 'a')";

/// Every batch of a read of `table`, stacked, with the rejects' messages and the warnings'
/// columns.
async fn read_table(
    source: &mut dyn stx_connector_core::Source,
    table: &str,
    options: stx_connector_core::ReadOptions,
) -> (polars::prelude::DataFrame, Vec<String>, Vec<String>) {
    use futures::StreamExt;
    let request = stx_connector_core::ReadRequest::Table(table.into());
    let mut stream = source.read(&request, &options).await.unwrap();
    let (mut frame, mut rejects, mut warnings) =
        (None::<polars::prelude::DataFrame>, vec![], vec![]);
    while let Some(batch) = stream.next().await {
        let batch = batch.unwrap();
        rejects.extend(batch.rejects.into_iter().map(|r| r.message));
        warnings.extend(batch.warnings.into_iter().map(|w| w.column));
        match frame.as_mut() {
            None => frame = Some(batch.data),
            Some(f) => {
                f.vstack_mut(&batch.data).unwrap();
            }
        }
    }
    (frame.unwrap(), rejects, warnings)
}

/// Read live with key `id` (the dump's order).
fn by_id() -> stx_connector_core::ReadOptions {
    stx_connector_core::ReadOptions {
        key: Some("id".into()),
        ..stx_connector_core::ReadOptions::batch(1000)
    }
}

/// Column by column: the dump's name, dtype and values equal the live read's. Every
/// disagreement is listed in the failure.
fn assert_frames_agree(
    what: &str,
    live: &polars::prelude::DataFrame,
    dump: &polars::prelude::DataFrame,
) {
    let mut disagreements = Vec::new();
    for column in live.columns() {
        let name = column.name().as_str();
        let Ok(other) = dump.column(name) else {
            disagreements.push(format!("{name}: missing from the dump"));
            continue;
        };
        if column.dtype() != other.dtype() {
            disagreements.push(format!(
                "{name}: live {} vs dump {}",
                column.dtype(),
                other.dtype()
            ));
        } else if !column
            .as_materialized_series()
            .equals_missing(other.as_materialized_series())
        {
            disagreements.push(format!(
                "{name}: live {:?} vs dump {:?}",
                column.as_materialized_series(),
                other.as_materialized_series()
            ));
        }
    }
    if live.width() != dump.width() {
        disagreements.push(format!(
            "width: live {} vs dump {}",
            live.width(),
            dump.width()
        ));
    }
    assert!(
        disagreements.is_empty(),
        "{what}:\n{}",
        disagreements.join("\n")
    );
}

/// Reads the dump at `path` (without a server) and checks it against the live read.
async fn assert_dump_agrees(
    what: &str,
    path: &Path,
    table: &str,
    live: &(polars::prelude::DataFrame, Vec<String>, Vec<String>),
) {
    let mut dump = stx_connector_sqldump::SqlDumpSource::open(path).unwrap();
    let read = read_table(
        &mut dump,
        table,
        stx_connector_core::ReadOptions::batch(1000),
    )
    .await;
    assert_eq!(read.1, live.1, "{what}: rejects");
    assert_eq!(read.2, live.2, "{what}: warnings (columns)");
    assert_frames_agree(what, &live.0, &read.0);
}

#[tokio::test]
async fn postgres_types_read_the_same_live_and_from_pg_dump() {
    let Some(url) = server_url("STX_TEST_PG_URL") else {
        return;
    };
    let table = unique_name("stx_types");
    let (admin, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("STX_TEST_PG_URL reachable");
    tokio::spawn(conn);
    admin
        .batch_execute(&format!(
            "CREATE TABLE {table} ({PG_TYPES}); INSERT INTO {table} VALUES {PG_ROWS};"
        ))
        .await
        .unwrap();
    let spec = stx_connector_core::SourceSpec::from_url(&url);
    let mut live_source = stx_connector_postgres::PostgresSource::open(&spec)
        .await
        .unwrap();
    let live = read_table(&mut live_source, &table, by_id()).await;
    assert_eq!(live.0.height(), 3);
    let dir = tempfile::tempdir().unwrap();
    for (name, flags) in [("copy", &[][..]), ("inserts", &["--inserts"][..])] {
        let path = dir.path().join(format!("{name}.sql"));
        // A dump session in another time zone than the server's.
        let dumped = Command::new("pg_dump")
            .env("PGTZ", "Europe/Zurich")
            .args(["--no-owner", "-t", &table, "-f"])
            .arg(&path)
            .args(flags)
            .arg(&url)
            .output()
            .expect("pg_dump runs (Debian's postgresql-client)");
        assert!(dumped.status.success(), "{dumped:?}");
        assert_dump_agrees(&format!("pg_dump {name}"), &path, &table, &live).await;
    }
    admin
        .batch_execute(&format!("DROP TABLE {table}"))
        .await
        .unwrap();
}

#[tokio::test]
async fn mariadb_types_read_the_same_live_and_from_mysqldump() {
    use mysql_async::prelude::Queryable;
    let Some(url) = server_url("STX_TEST_MYSQL_URL") else {
        return;
    };
    let table = unique_name("stx_types");
    let opts = mysql_async::Opts::from_url(&url).expect("STX_TEST_MYSQL_URL parses");
    let mut admin = mysql_async::Conn::new(opts).await.expect("reachable");
    admin.query_drop("SET SESSION sql_mode = ''").await.unwrap();
    admin
        .query_drop(format!(
            "CREATE TABLE {table} ({MY_TYPES}) CHARACTER SET utf8mb4"
        ))
        .await
        .unwrap();
    admin
        .query_drop(format!("INSERT INTO {table} VALUES {MY_ROWS}"))
        .await
        .unwrap();
    let spec = stx_connector_core::SourceSpec::from_url(&url);
    let mut live_source = stx_connector_mysql::MysqlSource::open(&spec).await.unwrap();
    let live = read_table(&mut live_source, &table, by_id()).await;
    assert_eq!(live.0.height(), 3);
    let parsed = url::Url::parse(&url).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, flags) in [("plain", &[][..]), ("hex-blob", &["--hex-blob"][..])] {
        let path = dir.path().join(format!("{name}.sql"));
        let dumped = Command::new("mysqldump")
            .arg(format!("--host={}", parsed.host_str().unwrap()))
            .arg(format!("--port={}", parsed.port().unwrap_or(3306)))
            .arg(format!("--user={}", parsed.username()))
            .arg(format!("--result-file={}", path.display()))
            .args(flags)
            .arg(parsed.path().trim_start_matches('/'))
            .arg(&table)
            .output()
            .expect("mysqldump runs (Debian's mariadb-client)");
        assert!(dumped.status.success(), "{dumped:?}");
        assert_dump_agrees(&format!("mysqldump {name}"), &path, &table, &live).await;
    }
    admin
        .query_drop(format!("DROP TABLE {table}"))
        .await
        .unwrap();
    admin.disconnect().await.unwrap();
}

/// Runs SQL statements on a PostgreSQL server (the test's own).
fn pg_execute(url: &str, statement: String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        // Unprepared: one call may hold several statements.
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone()))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    });
}

/// The run state in a PostgreSQL database (`[state] url`): runs and per-key state recorded
/// there, a delta taken against it, a password in the URL refused.
#[test]
fn run_state_in_postgres() {
    let Some(admin) = server_url("STX_TEST_PG_URL") else {
        return;
    };
    let database = unique_name("stx_state");
    pg_execute(&admin, format!("CREATE DATABASE {database}"));
    let mut state_url = url::Url::parse(&admin).unwrap();
    state_url.set_path(&database);
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let migration = |url: &str| {
        format!(
            "[migration]\nname = \"pg-state\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n\
             [institution]\ncode = \"DEMO\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"last\"\n[output]\nformats = [\"csv\"]\n\
             [state]\nurl = \"{url}\"\n"
        )
    };
    std::fs::write(d.join("migration.toml"), migration(state_url.as_str())).unwrap();
    std::fs::write(
        d.join("people.csv"),
        "id,last\n1,Muster\n2,Beispiel\n3,Probe\n",
    )
    .unwrap();
    ok(&run(
        d,
        &["run", "migration.toml", "--out", "j7", "-q", "--tag", "j-7"],
        &[],
    ));
    std::fs::write(
        d.join("people.csv"),
        "id,last\n1,Muster\n2,Anders\n3,Probe\n4,Neu\n",
    )
    .unwrap();
    let stdout = ok(&run(
        d,
        &[
            "--json",
            "run",
            "migration.toml",
            "--since",
            "j-7",
            "--out",
            "j1",
        ],
        &[],
    ));
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["delta"]["inserted"], 1, "{stdout}");
    assert_eq!(summary["delta"]["updated"], 1, "{stdout}");
    assert_eq!(summary["rows_unchanged"], 2, "{stdout}");
    assert!(
        !d.join(".stx-state.db").exists(),
        "the state is in PostgreSQL"
    );
    let stdout = ok(&run(d, &["--json", "runs", "migration.toml"], &[]));
    let runs: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let listed: Vec<(&str, &str)> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["run_id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, [("j7", "completed"), ("j1", "completed")]);
    assert_eq!(runs[0]["gate_ok"], true);
    // Service files recorded there too: DROP of J-7 leaves 2 (updated by J-1) and 1 (touched
    // by a service file) alone.
    ok(&run(
        d,
        &[
            "service",
            "update",
            "migration.toml",
            "--contact",
            "1",
            "--set",
            "LASTNAME='Muster-Probe'",
            "--out",
            "svc",
            "-q",
        ],
        &[],
    ));
    ok(&run(
        d,
        &[
            "service",
            "drop",
            "migration.toml",
            "--run",
            "j-7",
            "--allow-legacy-operations",
            "--confirm",
            "--out",
            "drop",
            "-q",
        ],
        &[],
    ));
    let dropped = std::fs::read_to_string(d.join("drop/contacts.csv")).unwrap();
    let rows: Vec<&str> = dropped.lines().skip(4).collect();
    assert_eq!(rows.len(), 1, "{dropped}");
    assert!(rows[0].starts_with("DEMO,,DROP,3,"), "{dropped}");
    let rejects = std::fs::read_to_string(d.join("drop/rejects.csv")).unwrap();
    assert!(rejects.contains("changed after run j7"), "{rejects}");
    // A password written into the URL is refused, without echoing it.
    let mut with_password = state_url.clone();
    with_password.set_password(Some("hunter2")).unwrap();
    std::fs::write(d.join("migration.toml"), migration(with_password.as_str())).unwrap();
    let out = run(d, &["run", "migration.toml", "--out", "bad", "-q"], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("holds a password") && !stderr.contains("hunter2"),
        "{stderr}"
    );
    pg_execute(&admin, format!("DROP DATABASE {database} WITH (FORCE)"));
}

/// `profile` of a live PostgreSQL database: the foreign key its catalog declares, and the
/// patterns of the rows read from the server.
#[test]
fn profile_reads_a_postgres_catalog() {
    let Some(admin) = server_url("STX_TEST_PG_URL") else {
        return;
    };
    let database = unique_name("stx_profile");
    pg_execute(&admin, format!("CREATE DATABASE {database}"));
    let mut url = url::Url::parse(&admin).unwrap();
    url.set_path(&database);
    pg_execute(
        url.as_str(),
        "CREATE TABLE kunde (kd_id integer PRIMARY KEY, vorname text, nachname text, email text); \
         CREATE TABLE adresse (adr_id integer PRIMARY KEY, kunde integer REFERENCES kunde (kd_id), plz text, ort text); \
         INSERT INTO kunde VALUES (1, 'Anna', 'Muster', 'anna@example.ch'), (2, 'Beat', 'Keller', 'beat@example.ch'), (3, 'Cora', 'Graf', 'cora@example.ch'); \
         INSERT INTO adresse VALUES (10, 1, '8001', 'Zürich'), (11, 2, '3012', 'Bern')"
            .into(),
    );
    let tmp = tempfile::tempdir().unwrap();
    let stdout = ok(&run(
        tmp.path(),
        &["--json", "profile", url.as_str(), "-o", "p"],
        &[],
    ));
    let p: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let tables = p["tables"].as_array().unwrap();
    let adresse = tables.iter().find(|t| t["name"] == "adresse").unwrap();
    let fk = &adresse["foreign_keys"][0];
    assert_eq!(
        (
            fk["column"].as_str(),
            fk["table"].as_str(),
            fk["key"].as_str(),
            fk["catalog"].as_bool()
        ),
        (Some("kunde"), Some("kunde"), Some("kd_id"), Some(true)),
        "{adresse}"
    );
    let kunde = tables.iter().find(|t| t["name"] == "kunde").unwrap();
    let email = kunde["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "email")
        .unwrap();
    assert_eq!(email["patterns"][0]["name"], "email");
    pg_execute(&admin, format!("DROP DATABASE {database} WITH (FORCE)"));
}

/// `profile` of a live MariaDB database: the foreign key its catalog declares.
#[tokio::test]
async fn profile_reads_a_mariadb_catalog() {
    use mysql_async::prelude::Queryable;
    let Some(url) = server_url("STX_TEST_MYSQL_URL") else {
        return;
    };
    let (parent, child) = (unique_name("stx_kunde"), unique_name("stx_adresse"));
    let opts = mysql_async::Opts::from_url(&url).expect("STX_TEST_MYSQL_URL parses");
    let mut admin = mysql_async::Conn::new(opts).await.expect("reachable");
    for statement in [
        format!("CREATE TABLE {parent} (kd_id int PRIMARY KEY, nachname varchar(40)) ENGINE=InnoDB"),
        format!("CREATE TABLE {child} (adr_id int PRIMARY KEY, kunde int, ort varchar(40), FOREIGN KEY (kunde) REFERENCES {parent} (kd_id)) ENGINE=InnoDB"),
        format!("INSERT INTO {parent} VALUES (1, 'Muster'), (2, 'Keller')"),
        format!("INSERT INTO {child} VALUES (10, 1, 'Bern')"),
    ] {
        admin.query_drop(statement).await.unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        tmp.path(),
        &["--json", "profile", &url, "--table", &child, "-o", "p"],
        &[],
    );
    for table in [&child, &parent] {
        admin
            .query_drop(format!("DROP TABLE {table}"))
            .await
            .unwrap();
    }
    let p: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    let fk = &p["tables"][0]["foreign_keys"][0];
    assert_eq!(
        (
            fk["column"].as_str(),
            fk["table"].as_str(),
            fk["key"].as_str(),
            fk["catalog"].as_bool()
        ),
        (
            Some("kunde"),
            Some(parent.as_str()),
            Some("kd_id"),
            Some(true)
        ),
        "{p}"
    );
}
