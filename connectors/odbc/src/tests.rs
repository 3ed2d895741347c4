//! Tests through real drivers: psqlODBC and MariaDB Connector/ODBC against the local servers,
//! the SQLite ODBC driver, and mdbtools on the Northwind Access file.
//!
//! A driver that is not registered skips its tests, unless `STX_REQUIRE_ODBC_DRIVERS=1`
//! (`.ci/run`, which installs them and points `ODBCSYSINI` at `tests/odbc/`).

use futures::StreamExt;
use odbc_api::ConnectionOptions;
use polars::prelude::*;
use stx_connector_core::testing::unique_name;
use stx_connector_core::{Batch, ReadOptions, ReadRequest, Source, SourceSpec};

use super::*;

use crate::testing::driver;

fn pg_connection_string() -> Option<String> {
    let driver = driver("PostgreSQL Unicode")?;
    // The same server as the native connector's tests (STX_TEST_PG_URL), reached through ODBC.
    let url = stx_connector_core::testing::live_url(
        "STX_TEST_PG_URL",
        stx_connector_core::testing::LiveDb::Required,
    )?;
    let u = url::Url::parse(&url).ok()?;
    Some(format!(
        "Driver={{{driver}}};Server={};Port={};Database={};Uid={};BoolsAsChar=0;",
        u.host_str().unwrap_or("127.0.0.1"),
        u.port().unwrap_or(5432),
        u.path().trim_start_matches('/'),
        u.username()
    ))
}

fn mariadb_connection_string() -> Option<String> {
    let driver = driver("MariaDB Unicode")?;
    let url = stx_connector_core::testing::live_url(
        "STX_TEST_MYSQL_URL",
        stx_connector_core::testing::LiveDb::Required,
    )?;
    let u = url::Url::parse(&url).ok()?;
    Some(format!(
        "Driver={{{driver}}};Server={};Port={};Database={};User={};CHARSET=utf8mb4;",
        u.host_str().unwrap_or("127.0.0.1"),
        u.port().unwrap_or(3306),
        u.path().trim_start_matches('/'),
        u.username()
    ))
}

/// Runs statements on a connection of its own (set-up, not the code under test).
fn execute(cs: &str, statements: &[&str]) {
    let env = odbc_api::environment().unwrap();
    let cs = ConnectionString::parse(cs)
        .unwrap()
        .with_driver_library(&registered_drivers(), &registered_data_sources());
    let conn = env
        .connect_with_connection_string(&cs.expose(), ConnectionOptions::default())
        .unwrap();
    for s in statements {
        conn.execute(s, (), None)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
}

fn spec(cs: &str) -> SourceSpec {
    SourceSpec {
        kind: Some("odbc".into()),
        ..SourceSpec::default()
    }
    .with("connection-string", cs)
}

async fn read_all(source: &mut dyn Source, request: &ReadRequest, batch: usize) -> Vec<Batch> {
    let mut stream = source
        .read(request, &ReadOptions::batch(batch))
        .await
        .unwrap();
    let mut out = Vec::new();
    while let Some(b) = stream.next().await {
        out.push(b.unwrap());
    }
    out
}

fn stack(batches: &[Batch]) -> DataFrame {
    let mut iter = batches.iter();
    let mut frame = iter.next().unwrap().data.clone();
    for b in iter {
        frame.vstack_mut(&b.data).unwrap();
    }
    frame
}

fn text(frame: &DataFrame, column: &str, row: usize) -> Option<String> {
    frame
        .column(column)
        .unwrap()
        .str()
        .unwrap()
        .get(row)
        .map(str::to_string)
}

#[tokio::test]
async fn postgres_types_through_psqlodbc() {
    let Some(cs) = pg_connection_string() else {
        return;
    };
    let table = unique_name("stx_odbc_types");
    let long = "ä".repeat(20_000);
    // 400 characters outside the BMP: 800 UTF-16 units in a varchar(400) column.
    let emoji = "😀".repeat(400);
    execute(
        &cs,
        &[
            &format!(
                "CREATE TABLE {table} (id int PRIMARY KEY, big bigint, amount numeric(12,2), huge numeric(30,0), \
                 ratio real, score double precision, active boolean, born date, seen timestamp, at time, \
                 name varchar(20), notes text, raw bytea, remark varchar(400))"
            ),
            &format!(
                "INSERT INTO {table} VALUES \
                 (1, 9007199254740993, 1234.50, 123456789012345678901234567890, 1.5, 0.1, true, '1760-06-05', '2026-11-25 08:09:10.25', '23:59:58', 'Zoë 😀 Ωmega', '{long}', '\\x00ff', '{emoji}'), \
                 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
            ),
        ],
    );
    let mut source = OdbcSource::open(&spec(&cs)).unwrap();
    assert_eq!(source.dialect(), Dialect::Postgres);
    let request = ReadRequest::Table(table.clone());
    let columns = source.describe(&request).await.unwrap();
    let types: Vec<(String, polars::prelude::DataType)> = columns
        .iter()
        .map(|c| (c.name.clone(), c.dtype.clone()))
        .collect();
    assert_eq!(
        types[0],
        ("id".to_string(), polars::prelude::DataType::Int64)
    );
    assert_eq!(types[4].1, polars::prelude::DataType::Float64);
    assert_eq!(types[6].1, polars::prelude::DataType::Boolean);
    assert_eq!(
        types[2].1,
        polars::prelude::DataType::String,
        "numeric(12,2) is exact text"
    );
    // Type names from the catalog (SQLColumns), as the database spells them.
    assert_eq!(columns[2].native_type, "numeric(12,2)");
    assert_eq!(columns[10].native_type, "varchar(20)");
    // bytea is long binary through psqlODBC: not read, so not described.
    assert!(!columns.iter().any(|c| c.name == "raw"), "{columns:?}");

    let batches = read_all(&mut source, &request, 1000).await;
    let frame = stack(&batches);
    assert_eq!(frame.height(), 2);
    let int = |c: &str| frame.column(c).unwrap().i64().unwrap().get(0);
    assert_eq!(int("id"), Some(1));
    assert_eq!(int("big"), Some(9_007_199_254_740_993));
    assert_eq!(text(&frame, "amount", 0).as_deref(), Some("1234.50"));
    assert_eq!(
        text(&frame, "huge", 0).as_deref(),
        Some("123456789012345678901234567890")
    );
    assert_eq!(
        frame.column("ratio").unwrap().f64().unwrap().get(0),
        Some(1.5)
    );
    assert_eq!(
        frame.column("score").unwrap().f64().unwrap().get(0),
        Some(0.1)
    );
    assert_eq!(
        frame.column("active").unwrap().bool().unwrap().get(0),
        Some(true)
    );
    assert_eq!(text(&frame, "born", 0).as_deref(), Some("1760-06-05"));
    assert_eq!(
        text(&frame, "seen", 0).as_deref(),
        Some("2026-11-25 08:09:10.25")
    );
    assert_eq!(text(&frame, "at", 0).as_deref(), Some("23:59:58"));
    assert_eq!(text(&frame, "name", 0).as_deref(), Some("Zoë 😀 Ωmega"));
    // 20,000 characters through a driver that declares 8190: read in parts, not cut.
    assert_eq!(text(&frame, "notes", 0), Some(long));
    for c in frame.get_column_names() {
        if c.as_str() != SOURCE_ROW && c.as_str() != "id" {
            assert!(frame.column(c).unwrap().get(1).unwrap().is_null(), "{c}");
        }
    }
    // One warning for the skipped bytea column, on the first row.
    let warnings: Vec<_> = batches.iter().flat_map(|b| b.warnings.clone()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].column, "raw");
    assert_eq!(warnings[0].src_row, 1);
    // psqlODBC calls varchar(400) LONGVARCHAR(400): still a bounded block read, and the
    // buffer has room for surrogate pairs.
    let mut block = OdbcSource::open(&spec(&cs).with("fetch", "block")).unwrap();
    let request = ReadRequest::Query(format!("SELECT id, remark FROM {table} ORDER BY id"));
    let batches = read_all(&mut block, &request, 10).await;
    assert!(batches.iter().all(|b| b.rejects.is_empty()));
    assert_eq!(text(&stack(&batches), "remark", 0), Some(emoji));
    execute(&cs, &[&format!("DROP TABLE {table}")]);
}

const SOURCE_ROW: &str = stx_connector_core::SOURCE_ROW_COLUMN;

#[tokio::test]
async fn block_and_row_fetching_agree_at_every_batch_boundary() {
    let Some(cs) = pg_connection_string() else {
        return;
    };
    let table = unique_name("stx_odbc_batches");
    execute(
        &cs,
        &[
            &format!("CREATE TABLE {table} (id int, name varchar(30), city varchar(40))"),
            &format!(
                "INSERT INTO {table} SELECT g, 'Name ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'Zürich ' || g END FROM generate_series(1, 57) g"
            ),
        ],
    );
    let request = ReadRequest::Query(format!("SELECT * FROM {table} ORDER BY id"));
    let mut reference: Option<DataFrame> = None;
    for fetch in ["block", "row"] {
        let mut source = OdbcSource::open(&spec(&cs).with("fetch", fetch)).unwrap();
        for batch in [1, 56, 57, 58, 1000] {
            let batches = read_all(&mut source, &request, batch).await;
            assert!(batches.iter().all(|b| b.data.height() <= batch));
            let frame = stack(&batches);
            assert_eq!(frame.height(), 57, "{fetch} {batch}");
            let rows: Vec<u64> = frame
                .column(SOURCE_ROW)
                .unwrap()
                .u64()
                .unwrap()
                .into_no_null_iter()
                .collect();
            assert_eq!(rows, (1..=57).collect::<Vec<u64>>());
            match &reference {
                None => reference = Some(frame),
                Some(r) => assert!(r.equals_missing(&frame), "{fetch} {batch}"),
            }
        }
    }
    execute(&cs, &[&format!("DROP TABLE {table}")]);
}

#[tokio::test]
async fn a_value_longer_than_the_block_buffer_is_rejected_not_cut() {
    let Some(cs) = pg_connection_string() else {
        return;
    };
    let mut source = OdbcSource::open(&spec(&cs).with("fetch", "block")).unwrap();
    let request = ReadRequest::Query(
        "SELECT g AS id, CASE WHEN g = 2 THEN repeat('x', 20000) ELSE 'short' END AS notes FROM generate_series(1, 3) g ORDER BY g"
            .into(),
    );
    let batches = read_all(&mut source, &request, 10).await;
    let frame = stack(&batches);
    assert_eq!(frame.height(), 2);
    let rejects: Vec<_> = batches.iter().flat_map(|b| b.rejects.clone()).collect();
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].src_row, 2);
    assert_eq!(rejects[0].column.as_deref(), Some("notes"));
    assert!(
        rejects[0].message.contains("8192"),
        "{}",
        rejects[0].message
    );
    assert!(rejects[0].message.contains("fetch = \"row\""));
}

#[tokio::test]
async fn postgres_catalog_keys_and_errors() {
    let Some(cs) = pg_connection_string() else {
        return;
    };
    let table = unique_name("stx_odbc_Catalog");
    execute(
        &cs,
        &[
            &format!("CREATE TABLE \"{table}\" (\"Kunden Nr\" int, name varchar(10))"),
            &format!("INSERT INTO \"{table}\" VALUES (3, 'c'), (1, 'a'), (2, 'b')"),
        ],
    );
    let mut source = OdbcSource::open(&spec(&cs)).unwrap();
    let tables = source.list_tables().await.unwrap();
    assert!(
        tables.iter().any(|t| t.name == table && t.kind == "table"),
        "{tables:?}"
    );
    assert!(
        !tables.iter().any(|t| t.name.starts_with("pg_")),
        "system tables listed"
    );
    // Any case, quoted or not; ordered by a key with a space in its name.
    for name in [
        table.clone(),
        table.to_ascii_uppercase(),
        format!("\"{table}\""),
    ] {
        let mut stream = source
            .read(
                &ReadRequest::Table(name.clone()),
                &ReadOptions {
                    key: Some("Kunden Nr".into()),
                    ..ReadOptions::batch(10)
                },
            )
            .await
            .unwrap();
        let batch = stream.next().await.unwrap().unwrap();
        let names: Vec<_> = (0..3)
            .map(|i| text(&batch.data, "name", i).unwrap())
            .collect();
        assert_eq!(names, ["a", "b", "c"], "{name}");
    }
    let err = source
        .describe(&ReadRequest::Table("no_such_table_here".into()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no table named") && err.contains(&table),
        "{err}"
    );
    let err = match source
        .read(
            &ReadRequest::Query("SELEC nonsense".into()),
            &ReadOptions::batch(5),
        )
        .await
    {
        Ok(mut stream) => stream.next().await.unwrap().unwrap_err().to_string(),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("query failed") && err.contains("syntax"),
        "{err}"
    );
    let err = source
        .describe(&ReadRequest::Query("SELECT 1 AS a, 2 AS a".into()))
        .await
        .map(|_| ())
        .and(Ok(()));
    assert!(
        err.is_ok(),
        "describing duplicate names is fine; reading them is refused"
    );
    let mut stream = source
        .read(
            &ReadRequest::Query("SELECT 1 AS a, 2 AS a".into()),
            &ReadOptions::batch(5),
        )
        .await
        .unwrap();
    let err = stream.next().await.unwrap().unwrap_err().to_string();
    assert!(err.contains("two columns named 'a'"), "{err}");
    execute(&cs, &[&format!("DROP TABLE \"{table}\"")]);
}

#[tokio::test]
async fn passwords_never_reach_messages() {
    let Some(cs) = pg_connection_string() else {
        return;
    };
    // The trust-authenticated test server ignores the password; a wrong database makes the
    // driver talk back, and what it says must not carry the password.
    let secret = "S3cret-odbc-pw";
    // SAFETY: the variable is unique to this test and read only by it.
    unsafe { std::env::set_var("STX_ODBC_TEST_PW", secret) };
    let bad = cs.replace("Database=", "Database=no_such_db_stx_");
    let err = match OdbcSource::open(&spec(&bad).with("password-env", "STX_ODBC_TEST_PW")) {
        Ok(_) => panic!("a missing database opened"),
        Err(e) => e,
    };
    let text = format!("{err} {err:?}");
    assert!(!text.contains(secret), "{text}");
    assert!(text.contains("PWD=***"), "{text}");
    let source = OdbcSource::open(&spec(&cs).with("password-env", "STX_ODBC_TEST_PW")).unwrap();
    let description = source.description();
    assert!(!description.location.contains(secret));
    assert_eq!(description.connector, "odbc");
}

#[tokio::test]
async fn mariadb_text_in_any_charset_arrives_as_unicode() {
    let Some(cs) = mariadb_connection_string() else {
        return;
    };
    let table = unique_name("stx_odbc_maria");
    execute(
        &cs,
        &[
            &format!(
                "CREATE TABLE {table} (id int, latin varchar(20) CHARACTER SET latin1, modern varchar(20) CHARACTER SET utf8mb4, \
                 amount decimal(10,2), at datetime, memo mediumtext) DEFAULT CHARSET=utf8mb4"
            ),
            &format!("INSERT INTO {table} VALUES (1, 'Müller Françoise', 'Łódź 😀', 10.05, '1899-12-30 06:00:00', REPEAT('é', 30000)), (2, NULL, NULL, NULL, NULL, NULL)"),
        ],
    );
    let mut source = OdbcSource::open(&spec(&cs)).unwrap();
    assert_eq!(source.dialect(), Dialect::Mysql);
    let tables = source.list_tables().await.unwrap();
    assert!(tables.iter().any(|t| t.name == table), "{tables:?}");
    let frame = stack(&read_all(&mut source, &ReadRequest::Table(table.clone()), 100).await);
    assert_eq!(
        text(&frame, "latin", 0).as_deref(),
        Some("Müller Françoise")
    );
    assert_eq!(text(&frame, "modern", 0).as_deref(), Some("Łódź 😀"));
    assert_eq!(text(&frame, "amount", 0).as_deref(), Some("10.05"));
    assert_eq!(
        text(&frame, "at", 0).as_deref(),
        Some("1899-12-30 06:00:00")
    );
    assert_eq!(
        text(&frame, "memo", 0).map(|m| m.chars().count()),
        Some(30_000)
    );
    assert_eq!(text(&frame, "latin", 1), None);
    execute(&cs, &[&format!("DROP TABLE {table}")]);
}

#[tokio::test]
async fn sqlite_through_its_odbc_driver() {
    let Some(driver) = driver("SQLite3") else {
        return;
    };
    let dir = std::env::temp_dir().join(unique_name("stx_odbc_sqlite"));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("legacy.db");
    let cs = format!("Driver={{{driver}}};Database={};", db.display());
    execute(
        &cs,
        &[
            "CREATE TABLE kunde (id INTEGER PRIMARY KEY, name VARCHAR(40), ort TEXT, umsatz REAL)",
            "INSERT INTO kunde VALUES (1, 'Grüße AG', 'Genève', 12.5), (2, 'Ørsted', NULL, NULL)",
        ],
    );
    let mut source = OdbcSource::open(&spec(&cs)).unwrap();
    assert_eq!(source.dialect(), Dialect::Sqlite);
    let tables = source.list_tables().await.unwrap();
    assert_eq!(
        tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["kunde"]
    );
    let frame = stack(&read_all(&mut source, &ReadRequest::Table("KUNDE".into()), 10).await);
    assert_eq!(frame.height(), 2);
    assert_eq!(text(&frame, "name", 0).as_deref(), Some("Grüße AG"));
    assert_eq!(text(&frame, "ort", 0).as_deref(), Some("Genève"));
    assert_eq!(text(&frame, "name", 1).as_deref(), Some("Ørsted"));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn access_northwind_through_mdbtools() {
    if driver("MDBTools").is_none() {
        return;
    }
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/northwind/nwind.mdb");
    let mut source = open_mdbtools(&path).await.unwrap();
    assert_eq!(source.description().connector, "access");
    // Queries run on polars SQL over the tables, as with the native reader.
    assert!(!source.description().has_sql_engine);
    let tables = source.table_names().await.unwrap();
    for t in ["Customers", "Employees", "Order Details"] {
        assert!(tables.iter().any(|n| n == t), "{t} missing from {tables:?}");
    }
    assert!(!tables.iter().any(|n| n.starts_with("MSys")), "{tables:?}");
    let batches = read_all(source.as_mut(), &ReadRequest::Table("Customers".into()), 40).await;
    let frame = stack(&batches);
    assert_eq!(frame.height(), 91);
    assert_eq!(batches.len(), 3);
    assert_eq!(text(&frame, "CustomerID", 0).as_deref(), Some("ALFKI"));
    assert_eq!(
        text(&frame, "CompanyName", 0).as_deref(),
        Some("Alfreds Futterkiste")
    );
    let employees = read_all(
        source.as_mut(),
        &ReadRequest::Table("Employees".into()),
        100,
    )
    .await;
    let warnings: Vec<_> = employees.iter().flat_map(|b| b.warnings.clone()).collect();
    assert!(warnings.iter().any(|w| w.column == "Photo"), "{warnings:?}");
    let employees = stack(&employees);
    assert_eq!(employees.height(), 9);
    assert!(employees.column("Photo").is_err());
    assert_eq!(text(&employees, "LastName", 0).as_deref(), Some("Davolio"));
    let missing = open_mdbtools(std::path::Path::new("/no/such/file.mdb")).await;
    assert!(missing.is_err());
}

#[test]
fn fetch_modes_and_options() {
    assert_eq!(FetchMode::from_spec(None).unwrap(), FetchMode::Auto);
    assert_eq!(FetchMode::from_spec(Some("ROW")).unwrap(), FetchMode::Row);
    assert!(FetchMode::from_spec(Some("bulk")).is_err());
    let err = match OdbcSource::open(&spec("DSN=x").with("delimiter", ";")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("opened"),
    };
    assert!(err.contains("delimiter"), "{err}");
    let err = match OdbcSource::open(&spec("Driver={No Such Driver Anywhere};Server=x")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("opened"),
    };
    assert!(err.contains("odbcinst"), "{err}");
    assert_eq!(unquote("\"crm\".[Kunden]"), "crm.Kunden");
}

/// Oracle through Oracle's ODBC driver, against the Oracle Free of docker/compose.yaml (user
/// `legacy`, seeded with the demo's 300 contacts): runs only where `STX_TEST_ODBC_ORACLE`
/// holds a connection string such as
/// `Driver={Oracle 23 ODBC driver};Dbq=//127.0.0.1:1521/FREEPDB1;Uid=legacy;PWD=${ORACLE_PASSWORD};`.
#[tokio::test]
async fn oracle_through_its_odbc_driver() {
    let Some(cs) = stx_connector_core::testing::live_url(
        "STX_TEST_ODBC_ORACLE",
        stx_connector_core::testing::LiveDb::Optional,
    ) else {
        return;
    };
    let mut source = OdbcSource::open(&spec(&cs)).unwrap();
    assert_eq!(source.dialect(), Dialect::Oracle);
    let tables = source.table_names().await.unwrap();
    for t in ["CUSTOMER", "ADDRESS", "CONTACT_PERSON"] {
        assert!(tables.iter().any(|n| n == t), "{t} missing from {tables:?}");
    }
    assert!(!tables.iter().any(|n| n.starts_with("SYS.")), "{tables:?}");
    let batches = read_all(
        &mut source,
        &ReadRequest::Query("SELECT * FROM customer ORDER BY cust_id".into()),
        128,
    )
    .await;
    let frame = stack(&batches);
    assert_eq!(frame.height(), 300);
    // NUMBER(19) holds more than an i64: exact text.
    assert_eq!(text(&frame, "CUST_ID", 0).as_deref(), Some("1"));
    // The session's NLS settings make numbers and dates read as text locale-independent.
    let frame = stack(
        &read_all(
            &mut source,
            &ReadRequest::Query(
                "SELECT 1.5 AS x, TO_CHAR(1.5) AS t, DATE '2026-11-25' AS d, 12345678901234567890 AS big FROM dual".into(),
            ),
            10,
        )
        .await,
    );
    assert_eq!(text(&frame, "T", 0).as_deref(), Some("1.5"));
    assert_eq!(text(&frame, "D", 0).as_deref(), Some("2026-11-25 00:00:00"));
    assert_eq!(
        text(&frame, "BIG", 0).as_deref(),
        Some("12345678901234567890")
    );
    let x = frame.column("X").unwrap();
    let shown = match x.dtype() {
        polars::prelude::DataType::String => text(&frame, "X", 0).unwrap(),
        _ => x.get(0).unwrap().to_string(),
    };
    assert_eq!(shown, "1.5");
}

/// `odbc://DSN`: the data source of `tests/odbc/odbc.ini` (registered where `.ci/run` points
/// `ODBCSYSINI`).
#[tokio::test]
async fn a_data_source_name_from_odbc_ini() {
    let registered = registered_data_sources()
        .iter()
        .any(|(name, _)| name == "stx_test_pg");
    if !registered {
        assert_ne!(
            std::env::var("STX_REQUIRE_ODBC_DRIVERS").as_deref(),
            Ok("1"),
            "data source stx_test_pg is not registered (ODBCSYSINI={:?})",
            std::env::var("ODBCSYSINI")
        );
        eprintln!("skipped: data source stx_test_pg not registered");
        return;
    }
    let mut source = OdbcSource::open(&SourceSpec::from_url("odbc://stx_test_pg")).unwrap();
    assert_eq!(source.dialect(), Dialect::Postgres);
    assert_eq!(source.description().location, "odbc:DSN=stx_test_pg;");
    let frame = stack(
        &read_all(
            &mut source,
            &ReadRequest::Query("SELECT 41 + 1 AS answer, true AS yes".into()),
            10,
        )
        .await,
    );
    assert_eq!(
        frame.column("answer").unwrap().i64().unwrap().get(0),
        Some(42)
    );
    assert_eq!(
        frame.column("yes").unwrap().bool().unwrap().get(0),
        Some(true)
    );
}
