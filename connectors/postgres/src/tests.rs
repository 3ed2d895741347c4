//! Live tests against the server named by `STX_TEST_PG_URL`
//! (`postgres://postgres@127.0.0.1:5432/postgres` in CI). Each test makes its own uniquely
//! named objects and drops them at the end.

use super::*;
use polars::prelude::{AnyValue, DataFrame};
use stx_connector_core::testing::{live_url, unique_name, LiveDb};
use stx_connector_core::{Batch, SOURCE_ROW_COLUMN};

const URL_VAR: &str = "STX_TEST_PG_URL";

fn test_url() -> Option<String> {
    live_url(URL_VAR, LiveDb::Required)
}

macro_rules! live_url {
    () => {
        match test_url() {
            Some(url) => url,
            None => return,
        }
    };
}

fn unique(prefix: &str) -> String {
    unique_name(prefix)
}

fn with_param(url: &str, param: &str) -> String {
    if url.contains('?') {
        format!("{url}&{param}")
    } else {
        format!("{url}?{param}")
    }
}

/// A setup connection, under its own application_name so that kill tests spare it.
async fn admin(url: &str) -> Client {
    let spec = SourceSpec::from_url(&with_param(url, "application_name=stx-test-admin"));
    let conn = Connector::from_spec(&spec).unwrap();
    conn.connect()
        .await
        .expect("the test server is not reachable")
}

async fn open(url: &str) -> PostgresSource {
    PostgresSource::open(&SourceSpec::from_url(url))
        .await
        .unwrap_or_else(|e| panic!("cannot open {url}: {e}"))
}

async fn read_batches(
    source: &mut PostgresSource,
    request: ReadRequest,
    options: ReadOptions,
) -> Result<Vec<Batch>, SourceError> {
    let mut stream = source.read(&request, &options).await?;
    let mut out = Vec::new();
    while let Some(batch) = stream.next().await {
        out.push(batch?);
    }
    Ok(out)
}

fn concat(batches: &[Batch]) -> DataFrame {
    let mut frames = batches.iter().map(|b| b.data.clone());
    let mut out = frames.next().expect("no batch");
    for f in frames {
        out.vstack_mut(&f).unwrap();
    }
    out
}

fn table(name: &str) -> ReadRequest {
    ReadRequest::Table(name.into())
}

fn query(sql: &str) -> ReadRequest {
    ReadRequest::Query(sql.into())
}

fn keyed(batch_rows: usize, key: &str, readers: usize) -> ReadOptions {
    ReadOptions {
        batch_rows,
        key: Some(key.into()),
        readers,
    }
}

fn strs(df: &DataFrame, column: &str) -> Vec<Option<String>> {
    let c = df.column(column).unwrap().str().unwrap();
    (0..c.len()).map(|i| c.get(i).map(str::to_string)).collect()
}

fn ints(df: &DataFrame, column: &str) -> Vec<Option<i64>> {
    let c = df.column(column).unwrap().i64().unwrap();
    (0..c.len()).map(|i| c.get(i)).collect()
}

fn src_rows(df: &DataFrame) -> Vec<u64> {
    let c = df.column(SOURCE_ROW_COLUMN).unwrap().u64().unwrap();
    (0..c.len()).map(|i| c.get(i).unwrap()).collect()
}

fn cell(df: &DataFrame, column: &str, row: usize) -> String {
    let c = df.column(column).unwrap();
    if let Ok(s) = c.str() {
        return s.get(row).unwrap_or("NULL").to_string();
    }
    match c.get(row).unwrap() {
        AnyValue::Null => "NULL".into(),
        other => other.to_string(),
    }
}

/// Every natively decoded type and a few server-rendered ones, with edge values and NULLs.
async fn make_types_table(admin: &Client, t: &str) -> bool {
    let citext = admin
        .batch_execute("CREATE EXTENSION IF NOT EXISTS citext")
        .await
        .is_ok();
    let ci = if citext { "citext" } else { "text" };
    admin
        .batch_execute(&format!(
            r#"
            CREATE TYPE {t}_mood AS ENUM ('happy', 'sad');
            CREATE DOMAIN {t}_pos AS int4 CHECK (VALUE > 0);
            CREATE TABLE {t} (
                id int4 PRIMARY KEY, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, b bool,
                n numeric, n2 numeric(10,2), tx text, vc varchar(20), c char(5), nm name,
                ci {ci}, by bytea, d date, tm time, ts timestamp, tz timestamptz,
                iv interval, u uuid, j json, jb jsonb, e {t}_mood, dom {t}_pos, arr int4[],
                tarr text[], mon money, ip inet, o oid);
            INSERT INTO {t} VALUES
            (1, -32768, -2147483648, -9223372036854775808, 'NaN', '-Infinity', false,
             '-123456789012345678901234567890.123456789012345678901234567890', 12.5, '',
             'Zoë 🎉', 'ab', 'name', 'MiXeD', '\x00ff10', '0044-03-15 BC', '00:00:00',
             '1999-12-31 23:59:59.999999', '2024-02-29 12:34:56.789+02',
             '1 year 2 mons 3 days 04:05:06.5', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
             '{{"a": [1, 2]}}', '{{"b": "é", "a": 1}}', 'sad', 42, '{{1,2,NULL}}',
             '{{"a b",c}}', 12.34, '192.168.0.1/24', 4294967295),
            (2, 32767, 2147483647, 9223372036854775807, 'Infinity', 1e308, true, 'NaN', 0,
             E'e\u0301 combining', 'x', 'abcde', '', '', '\x', 'infinity', '24:00:00',
             'infinity', '-infinity', '-1 days', '00000000-0000-0000-0000-000000000000',
             '[]', '[]', 'happy', 1, '{{}}', '{{}}', -1, '::1', 0),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL),
            (4, 0, 0, 0, 1.5, 'NaN', NULL, '100000000000000000000', -0.01, 'tab	and
newline', '''quoted''', NULL, NULL, NULL, NULL, '2000-02-29', '12:34:56.000001',
             '0044-03-15 10:00:00 BC', '2000-01-01 00:00:00.5+00', NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (5, 1, 1, 1, 0, 0, NULL, 'Infinity', 99999999.99, NULL, NULL, NULL, NULL, NULL,
             NULL, '-infinity', NULL, '-infinity', '0044-03-15 10:00:00 BC', NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (6, NULL, NULL, NULL, NULL, NULL, NULL, '-Infinity', NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, '5874897-12-31', NULL, '294276-12-31 23:59:59.999999',
             '4713-11-24 00:00:00 BC', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL),
            (7, NULL, NULL, NULL, NULL, NULL, NULL, '0.000001000', 0.1, NULL, NULL, NULL,
             NULL, NULL, NULL, '4714-11-24 BC', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            "#
        ))
        .await
        .unwrap();
    citext
}

async fn drop_types_table(admin: &Client, t: &str) {
    admin
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS {t}; DROP TYPE IF EXISTS {t}_mood; DROP DOMAIN IF EXISTS {t}_pos;"
        ))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_type_decodes_with_edge_values_and_nulls() {
    let url = live_url!();
    let admin = admin(&url).await;
    let t = unique("stx_types");
    let citext = make_types_table(&admin, &t).await;
    let mut source = open(&url).await;
    let batches = read_batches(&mut source, table(&t), keyed(3, "id", 1))
        .await
        .unwrap();
    assert_eq!(
        batches.iter().map(Batch::rows_read).collect::<Vec<_>>(),
        vec![3, 3, 1]
    );
    assert!(batches.iter().all(|b| b.rejects.is_empty()));
    let df = concat(&batches);
    assert_eq!(src_rows(&df), (1..=7).collect::<Vec<u64>>());
    let dtype = |c: &str| df.column(c).unwrap().dtype().clone();
    for c in ["i2", "i4", "i8", "o"] {
        assert_eq!(dtype(c), DataType::Int64, "{c}");
    }
    assert_eq!(dtype("f4"), DataType::Float64);
    assert_eq!(dtype("f8"), DataType::Float64);
    assert_eq!(dtype("b"), DataType::Boolean);
    // The domain over int4 decodes as its base type.
    assert_eq!(dtype("dom"), DataType::Int64);
    for c in [
        "n", "tx", "by", "d", "tm", "ts", "tz", "iv", "u", "j", "jb", "e", "arr", "mon", "ip",
    ] {
        assert_eq!(dtype(c), DataType::String, "{c}");
    }
    assert_eq!(ints(&df, "i2")[..2], [Some(-32768), Some(32767)]);
    assert_eq!(ints(&df, "i4")[..2], [Some(-2147483648), Some(2147483647)]);
    assert_eq!(ints(&df, "i8")[..2], [Some(i64::MIN), Some(i64::MAX)]);
    assert_eq!(ints(&df, "o")[..2], [Some(4294967295), Some(0)]);
    let f4 = df.column("f4").unwrap().f64().unwrap();
    assert!(f4.get(0).unwrap().is_nan());
    assert_eq!(f4.get(1), Some(f64::INFINITY));
    assert_eq!(f4.get(3), Some(1.5));
    let f8 = df.column("f8").unwrap().f64().unwrap();
    assert_eq!(f8.get(0), Some(f64::NEG_INFINITY));
    assert_eq!(f8.get(1), Some(1e308));
    assert!(f8.get(3).unwrap().is_nan());
    let b = df.column("b").unwrap().bool().unwrap();
    assert_eq!(
        (b.get(0), b.get(1), b.get(2)),
        (Some(false), Some(true), None)
    );
    let expect = |c: &str, want: &[&str]| {
        let got: Vec<String> = (0..want.len()).map(|i| cell(&df, c, i)).collect();
        assert_eq!(got, want, "column {c}");
    };
    expect(
        "n",
        &[
            "-123456789012345678901234567890.123456789012345678901234567890",
            "NaN",
            "NULL",
            "100000000000000000000",
            "Infinity",
            "-Infinity",
            "0.000001000",
        ],
    );
    expect(
        "n2",
        &[
            "12.50",
            "0.00",
            "NULL",
            "-0.01",
            "99999999.99",
            "NULL",
            "0.10",
        ],
    );
    expect(
        "tx",
        &["", "e\u{301} combining", "NULL", "tab\tand\nnewline"],
    );
    expect("vc", &["Zoë 🎉", "x", "NULL", "'quoted'"]);
    expect("c", &["ab   ", "abcde", "NULL"]);
    expect("nm", &["name", "", "NULL"]);
    expect("ci", &["MiXeD", "", "NULL"]);
    expect("by", &["\\x00ff10", "\\x", "NULL"]);
    expect(
        "d",
        &[
            "0044-03-15 BC",
            "infinity",
            "NULL",
            "2000-02-29",
            "-infinity",
            "5874897-12-31",
            "4714-11-24 BC",
        ],
    );
    expect("tm", &["00:00:00", "24:00:00", "NULL", "12:34:56.000001"]);
    expect(
        "ts",
        &[
            "1999-12-31 23:59:59.999999",
            "infinity",
            "NULL",
            "0044-03-15 10:00:00 BC",
            "-infinity",
            "294276-12-31 23:59:59.999999",
        ],
    );
    expect(
        "tz",
        &[
            "2024-02-29 10:34:56.789+00",
            "-infinity",
            "NULL",
            "2000-01-01 00:00:00.5+00",
            "0044-03-15 10:00:00+00 BC",
            "4713-11-24 00:00:00+00 BC",
        ],
    );
    expect(
        "iv",
        &["1 year 2 mons 3 days 04:05:06.5", "-1 days", "NULL"],
    );
    expect(
        "u",
        &[
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "00000000-0000-0000-0000-000000000000",
            "NULL",
        ],
    );
    expect("j", &["{\"a\": [1, 2]}", "[]", "NULL"]);
    expect("jb", &["{\"a\": 1, \"b\": \"é\"}", "[]", "NULL"]);
    expect("e", &["sad", "happy", "NULL"]);
    expect("dom", &["42", "1", "NULL"]);
    expect("arr", &["{1,2,NULL}", "{}", "NULL"]);
    expect("tarr", &["{\"a b\",c}", "{}", "NULL"]);
    expect("mon", &["$12.34", "-$1.00", "NULL"]);
    expect("ip", &["192.168.0.1/24", "::1/128", "NULL"]);
    // Row 3: NULL in every column but the key.
    for c in df.get_column_names() {
        if c.as_str() != "id" && c.as_str() != SOURCE_ROW_COLUMN {
            assert_eq!(cell(&df, c.as_str(), 2), "NULL", "column {c}");
        }
    }
    // The server's own rendering agrees with the binary decoders on every value.
    let oracle = read_batches(
        &mut source,
        query(&format!(
            "SELECT id, n::text AS n, n2::text AS n2, by::text AS by, d::text AS d, tm::text AS tm, \
             ts::text AS ts, tz::text AS tz, u::text AS u, jb::text AS jb, ci::text AS ci FROM {t} ORDER BY id"
        )),
        ReadOptions::batch(100),
    )
    .await
    .unwrap();
    let oracle = concat(&oracle);
    for c in ["n", "n2", "by", "d", "tm", "ts", "tz", "u", "jb", "ci"] {
        assert_eq!(strs(&df, c), strs(&oracle, c), "column {c}");
    }
    let described = source.describe(&table(&t)).await.unwrap();
    let native = |c: &str| {
        described
            .iter()
            .find(|i| i.name == c)
            .map(|i| (i.native_type.clone(), i.dtype.clone()))
            .unwrap()
    };
    assert_eq!(native("n2"), ("numeric(10,2)".into(), DataType::String));
    assert_eq!(
        native("vc"),
        ("character varying(20)".into(), DataType::String)
    );
    assert_eq!(native("i8"), ("bigint".into(), DataType::Int64));
    assert_eq!(native("arr"), ("integer[]".into(), DataType::String));
    assert_eq!(native("dom").1, DataType::Int64);
    assert_eq!(native("f4").1, DataType::Float64);
    if citext {
        assert_eq!(native("ci"), ("citext".into(), DataType::String));
    }
    drop_types_table(&admin, &t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_query_fallback_reads_the_same_frame() {
    let url = live_url!();
    let admin = admin(&url).await;
    let t = unique("stx_fallback");
    make_types_table(&admin, &t).await;
    let mut copy = open(&url).await;
    let mut plain = open(&with_param(&url, "read=query")).await;
    for request in [
        table(&t),
        query(&format!("SELECT * FROM {t} WHERE id <> 4")),
    ] {
        let a = concat(
            &read_batches(&mut copy, request.clone(), keyed(2, "id", 1))
                .await
                .unwrap(),
        );
        let b = concat(
            &read_batches(&mut plain, request, keyed(2, "id", 1))
                .await
                .unwrap(),
        );
        assert!(a.equals_missing(&b), "COPY:\n{a}\nquery:\n{b}");
    }
    let parallel = concat(
        &read_batches(&mut plain, table(&t), keyed(2, "id", 3))
            .await
            .unwrap(),
    );
    let single = concat(
        &read_batches(&mut copy, table(&t), keyed(2, "id", 1))
            .await
            .unwrap(),
    );
    assert!(parallel.equals_missing(&single));
    drop_types_table(&admin, &t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quoted_identifiers_schemas_and_table_lookup() {
    let url = live_url!();
    let admin = admin(&url).await;
    let schema = unique("stx_schema");
    let spaced = unique("with space");
    admin
        .batch_execute(&format!(
            r#"CREATE SCHEMA {schema};
               CREATE TABLE {schema}."Mixed Case" ("Id" int PRIMARY KEY, "with space" varchar(40), "Quote""d" numeric(10,2));
               INSERT INTO {schema}."Mixed Case" VALUES (1, 'a', 1.5), (2, NULL, NULL);
               CREATE TABLE public."{spaced}" (x text);
               INSERT INTO public."{spaced}" VALUES ('only row');
               CREATE VIEW {schema}.v AS SELECT "Id" * 10 AS tenfold FROM {schema}."Mixed Case";
               CREATE MATERIALIZED VIEW {schema}.mv AS SELECT 1 AS one;
               ANALYZE {schema}."Mixed Case";"#
        ))
        .await
        .unwrap();
    let mut source = open(&url).await;
    let mixed = format!("{schema}.Mixed Case");
    for name in [
        mixed.clone(),
        format!("{schema}.\"Mixed Case\""),
        format!("{}.\"Mixed Case\"", schema.to_uppercase()),
        format!("\"{schema}\".\"Mixed Case\""),
        format!(
            "{}.{schema}.\"Mixed Case\"",
            source.conn.config.get_dbname().unwrap()
        ),
        format!("{schema}.mixed case"),
    ] {
        let df = concat(
            &read_batches(&mut source, table(&name), ReadOptions::batch(10))
                .await
                .unwrap(),
        );
        assert_eq!(
            df.get_column_names()[1..]
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["Id", "with space", "Quote\"d"],
            "{name}"
        );
        assert_eq!(
            strs(&df, "Quote\"d"),
            [Some("1.50".to_string()), None],
            "{name}"
        );
    }
    for name in [
        spaced.clone(),
        format!("\"{spaced}\""),
        format!("public.\"{spaced}\""),
        spaced.to_uppercase(),
    ] {
        let df = concat(
            &read_batches(&mut source, table(&name), ReadOptions::batch(10))
                .await
                .unwrap(),
        );
        assert_eq!(strs(&df, "x"), [Some("only row".to_string())], "{name}");
    }
    // A quoted name is exact: the upper-case spelling does not exist.
    let err = read_batches(
        &mut source,
        table(&format!("\"{}\"", spaced.to_uppercase())),
        ReadOptions::batch(10),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, SourceError::UnknownTable { .. }), "{err}");
    let tables = source.list_tables().await.unwrap();
    let find = |n: &str| tables.iter().find(|t| t.name == n).cloned();
    let mixed_info = find(&mixed).unwrap();
    assert_eq!(
        (mixed_info.kind.as_str(), mixed_info.rows),
        ("table", Some(2))
    );
    assert_eq!(find(&format!("{schema}.v")).unwrap().kind, "view");
    assert_eq!(find(&format!("{schema}.mv")).unwrap().kind, "view");
    assert_eq!(
        find(&spaced).unwrap().rows,
        None,
        "never analyzed: no estimate"
    );
    assert!(tables
        .iter()
        .all(|t| !t.name.starts_with("pg_catalog.") && !t.name.starts_with("information_schema.")));
    let view = concat(
        &read_batches(
            &mut source,
            table(&format!("{schema}.v")),
            keyed(10, "tenfold", 1),
        )
        .await
        .unwrap(),
    );
    assert_eq!(ints(&view, "tenfold"), [Some(10), Some(20)]);
    let cols = source.describe(&table(&mixed)).await.unwrap();
    assert_eq!(cols[1].native_type, "character varying(40)");
    assert_eq!(cols[2].native_type, "numeric(10,2)");
    assert_eq!(cols[0].dtype, DataType::Int64);
    admin
        .batch_execute(&format!(
            "DROP SCHEMA {schema} CASCADE; DROP TABLE public.\"{spaced}\";"
        ))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_tables_and_batch_boundaries() {
    let url = live_url!();
    let admin = admin(&url).await;
    let t = unique("stx_batches");
    admin
        .batch_execute(&format!(
            "CREATE TABLE {t} (id int PRIMARY KEY, v text); \
             INSERT INTO {t} SELECT g, 'v' || g FROM generate_series(1, 5) g; \
             CREATE TABLE {t}_empty (id int, v text);"
        ))
        .await
        .unwrap();
    let mut source = open(&url).await;
    for (batch_rows, sizes) in [
        (1, vec![1, 1, 1, 1, 1]),
        (5, vec![5]),
        (4, vec![4, 1]),
        (6, vec![5]),
        (2, vec![2, 2, 1]),
    ] {
        for options in [
            ReadOptions::batch(batch_rows),
            keyed(batch_rows, "id", 1),
            keyed(batch_rows, "id", 3),
        ] {
            let batches = read_batches(&mut source, table(&t), options.clone())
                .await
                .unwrap();
            let got: Vec<usize> = batches.iter().map(Batch::rows_read).collect();
            if options.readers == 1 {
                assert_eq!(got, sizes, "{options:?}");
            }
            let df = concat(&batches);
            assert_eq!(src_rows(&df), vec![1, 2, 3, 4, 5], "{options:?}");
            if options.key.is_some() {
                assert_eq!(ints(&df, "id"), (1..=5).map(Some).collect::<Vec<_>>());
            }
        }
    }
    let empty = format!("{t}_empty");
    let batches = read_batches(&mut source, table(&empty), keyed(10, "id", 2))
        .await
        .unwrap();
    assert!(batches.is_empty());
    let batches = read_batches(&mut source, table(&empty), ReadOptions::batch(10))
        .await
        .unwrap();
    assert!(batches.is_empty());
    let cols = source.describe(&table(&empty)).await.unwrap();
    assert_eq!(cols.len(), 2);
    admin
        .batch_execute(&format!("DROP TABLE {t}; DROP TABLE {t}_empty;"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_joins_and_helpful_errors() {
    let url = live_url!();
    let admin = admin(&url).await;
    let p = unique("stx_person");
    admin
        .batch_execute(&format!(
            "CREATE TABLE {p} (id int PRIMARY KEY, name text); \
             CREATE TABLE {p}_addr (person int, city text); \
             INSERT INTO {p} VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy'); \
             INSERT INTO {p}_addr VALUES (1, 'Genève'), (2, 'Bern'), (1, 'Zürich');"
        ))
        .await
        .unwrap();
    let mut source = open(&url).await;
    let join = format!(
        "SELECT p.id, p.name, a.city FROM {p} p JOIN {p}_addr a ON a.person = p.id -- trailing comment\n;"
    );
    let df = concat(
        &read_batches(&mut source, query(&join), ReadOptions::batch(2))
            .await
            .unwrap(),
    );
    assert_eq!(df.height(), 3);
    let keyed_df = concat(
        &read_batches(&mut source, query(&join), keyed(2, "city", 1))
            .await
            .unwrap(),
    );
    assert_eq!(
        strs(&keyed_df, "city"),
        ["Bern", "Genève", "Zürich"].map(|s| Some(s.to_string()))
    );
    let cols = source.describe(&query(&join)).await.unwrap();
    assert_eq!(
        cols.iter()
            .map(|c| (c.name.as_str(), c.native_type.as_str()))
            .collect::<Vec<_>>(),
        [("id", "int4"), ("name", "text"), ("city", "text")]
    );
    // Two columns named id.
    let dup = format!("SELECT p.id, a.person AS id FROM {p} p JOIN {p}_addr a ON a.person = p.id");
    let err = read_batches(&mut source, query(&dup), ReadOptions::batch(2))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("two columns named 'id'") && err.contains("AS a_id"),
        "{err}"
    );
    // A syntax error names the problem and where it is.
    let err = read_batches(
        &mut source,
        query(&format!("SELECT id FRM {p}")),
        ReadOptions::batch(2),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("syntax error") && err.contains("42601") && err.contains("at character"),
        "{err}"
    );
    let err = source
        .describe(&query(&format!("SELECT nope FROM {p}")))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("nope") && err.contains("does not exist"),
        "{err}"
    );
    // An unknown table lists the tables there are.
    let err = read_batches(
        &mut source,
        table(&format!("{p}_nope")),
        ReadOptions::batch(2),
    )
    .await
    .unwrap_err();
    match &err {
        SourceError::UnknownTable { available, .. } => {
            assert!(available.contains(&format!("{p}_addr")), "{err}")
        }
        other => panic!("{other}"),
    }
    // Keys and readers.
    let err = read_batches(&mut source, table(&p), keyed(2, "nope", 1))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("[read] key = \"nope\"") && err.contains("id, name"),
        "{err}"
    );
    let err = read_batches(
        &mut source,
        table(&p),
        ReadOptions {
            batch_rows: 2,
            key: None,
            readers: 2,
        },
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("readers = 2") && err.contains("[read] key"),
        "{err}"
    );
    let err = read_batches(&mut source, table(&p), keyed(2, "name", 2))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("not an integer column"), "{err}");
    // A key spelled in another case resolves to the column.
    let df = concat(
        &read_batches(&mut source, table(&p), keyed(2, "ID", 1))
            .await
            .unwrap(),
    );
    assert_eq!(ints(&df, "id"), [Some(1), Some(2), Some(3)]);
    // An error while the rows stream (division by zero at row 3) ends the read with it.
    let err = read_batches(
        &mut source,
        query(&format!("SELECT 10 / (3 - id) AS x FROM {p} ORDER BY id")),
        ReadOptions::batch(1),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("division by zero"), "{err}");
    admin
        .batch_execute(&format!("DROP TABLE {p}; DROP TABLE {p}_addr;"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_readers_match_a_single_reader_and_keep_the_snapshot() {
    let url = live_url!();
    let admin = admin(&url).await;
    let t = unique("stx_parallel");
    // Keys with gaps and negatives.
    admin
        .batch_execute(&format!(
            "CREATE TABLE {t} (id int8, v text); \
             INSERT INTO {t} SELECT g * 3 - 5000, md5(g::text) FROM generate_series(1, 20000) g;"
        ))
        .await
        .unwrap();
    let mut source = open(&url).await;
    let single = read_batches(&mut source, table(&t), keyed(700, "id", 1))
        .await
        .unwrap();
    let single = concat(&single);
    assert_eq!(single.height(), 20000);
    for readers in [2, 3, 7] {
        let parallel = concat(
            &read_batches(&mut source, table(&t), keyed(700, "id", readers))
                .await
                .unwrap(),
        );
        assert!(parallel.equals_missing(&single), "readers = {readers}");
    }
    // Rows committed by another connection once the read has started are not in the result.
    for readers in [1, 3] {
        let mut stream = source
            .read(&table(&t), &keyed(100, "id", readers))
            .await
            .unwrap();
        let first = stream.next().await.unwrap().unwrap();
        admin
            .batch_execute(&format!(
                "INSERT INTO {t} SELECT g * 3 - 4999, 'late' FROM generate_series(1, 20000, 97) g"
            ))
            .await
            .unwrap();
        let mut batches = vec![first];
        while let Some(b) = stream.next().await {
            batches.push(b.unwrap());
        }
        drop(stream);
        let df = concat(&batches);
        assert!(
            df.equals_missing(&single),
            "readers = {readers}: {} rows",
            df.height()
        );
        admin
            .batch_execute(&format!("DELETE FROM {t} WHERE v = 'late'"))
            .await
            .unwrap();
    }
    // A NULL key would be lost or repeated by a resumed read (WHERE id > last): refused.
    admin
        .batch_execute(&format!("INSERT INTO {t} VALUES (NULL, 'null key')"))
        .await
        .unwrap();
    let err = read_batches(&mut source, table(&t), keyed(700, "id", 1))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("id is NULL"), "{err}");
    admin
        .batch_execute(&format!("DROP TABLE {t}"))
        .await
        .unwrap();
}

/// Reads `t` with small batches and kills the read's backends (found by application_name)
/// from another connection once the first batches have arrived.
async fn read_with_a_kill(
    url: &str,
    app: &str,
    t: &str,
    options: ReadOptions,
) -> (Vec<Batch>, Option<String>, i64) {
    let admin = admin(url).await;
    let mut source = open(&with_param(url, &format!("application_name={app}"))).await;
    let mut stream = source.read(&table(t), &options).await.unwrap();
    let mut batches = Vec::new();
    let mut killed = 0;
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(b) => batches.push(b),
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        }
        if batches.len() == 3 {
            let row = admin
                .query_one(
                    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE application_name = $1 AND pid <> pg_backend_pid()) k",
                    &[&app],
                )
                .await
                .unwrap();
            killed = row.get(0);
        }
    }
    (batches, error, killed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_backend_resumes_after_the_last_key() {
    let url = live_url!();
    let admin = admin(&url).await;
    let t = unique("stx_resume");
    // Wide rows, so the read is still streaming when the kill comes.
    admin
        .batch_execute(&format!(
            "CREATE TABLE {t} (id int8 PRIMARY KEY, pad text); \
             INSERT INTO {t} SELECT g, repeat('x', 200) || g FROM generate_series(1, 200000) g;"
        ))
        .await
        .unwrap();
    let app = unique("stx-migrate-resume");
    let (batches, error, killed) = read_with_a_kill(&url, &app, &t, keyed(1000, "id", 1)).await;
    assert_eq!(error, None);
    assert!(
        killed >= 2,
        "the reader's and the metadata backends were killed ({killed})"
    );
    let df = concat(&batches);
    assert_eq!(df.height(), 200_000);
    assert_eq!(ints(&df, "id"), (1..=200_000).map(Some).collect::<Vec<_>>());
    assert_eq!(src_rows(&df), (1..=200_000).collect::<Vec<u64>>());
    // The same with parallel readers.
    let app = unique("stx-migrate-resume-par");
    let (batches, error, killed) = read_with_a_kill(&url, &app, &t, keyed(1000, "id", 3)).await;
    assert_eq!(error, None);
    assert!(killed >= 2, "{killed}");
    let df = concat(&batches);
    assert_eq!(ints(&df, "id"), (1..=200_000).map(Some).collect::<Vec<_>>());
    assert_eq!(src_rows(&df), (1..=200_000).collect::<Vec<u64>>());
    // Without a key the read cannot resume: it fails and says how to make it resumable.
    let app = unique("stx-migrate-nokey");
    let (batches, error, killed) = read_with_a_kill(&url, &app, &t, ReadOptions::batch(1000)).await;
    assert!(killed >= 1);
    let error = error.expect("the read should fail");
    assert!(error.contains("[read] key"), "{error}");
    assert!(batches.len() < 200, "{} batches", batches.len());
    admin
        .batch_execute(&format!("DROP TABLE {t}"))
        .await
        .unwrap();
}

/// What the catalog declares about column `column` of the result of `sql`.
async fn declared(source: &mut PostgresSource, sql: &str, column: &str) -> KeyDeclared {
    let stmt = source.prepare(sql).await.unwrap();
    let at = stmt.columns().iter().position(|c| c.name() == column);
    source.key_declared(&stmt.columns()[at.unwrap()]).await
}

#[tokio::test]
async fn the_catalog_says_whether_a_key_is_a_primary_key_or_unique_not_null() {
    let url = live_url!();
    let admin = admin(&url).await;
    let (t, bare) = (unique("stx_keys"), unique("stx_nokeys"));
    admin
        .batch_execute(&format!(
            "CREATE TABLE {t} (id int PRIMARY KEY, u int UNIQUE, un int NOT NULL, \
             pair_a int NOT NULL, pair_b int NOT NULL, part int NOT NULL, \
             UNIQUE (pair_a, pair_b)); \
             CREATE UNIQUE INDEX {t}_un ON {t} (un); \
             CREATE UNIQUE INDEX {t}_part ON {t} (part) WHERE part > 0; \
             INSERT INTO {t} VALUES (1, 1, 1, 1, 1, 1), (2, 2, 2, 1, 2, 2); \
             CREATE TABLE {bare} (id int, name text); \
             INSERT INTO {bare} VALUES (1, 'a'), (2, 'b');"
        ))
        .await
        .unwrap();
    let mut source = open(&url).await;
    let all = format!("SELECT * FROM {t}");
    let undeclared = || KeyDeclared::Undeclared { table: t.clone() };
    assert_eq!(
        declared(&mut source, &all, "id").await,
        KeyDeclared::PrimaryKey { table: t.clone() }
    );
    assert_eq!(
        declared(&mut source, &all, "un").await,
        KeyDeclared::UniqueNotNull {
            table: t.clone(),
            index: format!("{t}_un")
        }
    );
    // Unique but nullable; part of a two-column key; unique only where part > 0.
    for column in ["u", "pair_a", "part"] {
        assert_eq!(
            declared(&mut source, &all, column).await,
            undeclared(),
            "{column}"
        );
    }
    // A query's column is traced to its table; a computed one is no table's.
    let joined = format!("SELECT k.id AS cust, b.name FROM {t} k JOIN {bare} b USING (id)");
    assert_eq!(
        declared(&mut source, &joined, "cust").await,
        KeyDeclared::PrimaryKey { table: t.clone() }
    );
    let computed = format!("SELECT id * 2 AS k FROM {t}");
    assert!(matches!(
        declared(&mut source, &computed, "k").await,
        KeyDeclared::Undeclared { table } if table.contains("computed")
    ));
    assert_eq!(
        declared(&mut source, &format!("SELECT * FROM {bare}"), "id").await,
        KeyDeclared::Undeclared {
            table: bare.clone()
        }
    );
    // Undeclared, the key still reads (checked while streaming).
    let batches = read_batches(&mut source, table(&bare), keyed(10, "id", 1))
        .await
        .unwrap();
    assert_eq!(ints(&concat(&batches), "id"), [Some(1), Some(2)]);
    admin
        .batch_execute(&format!("DROP TABLE {t}; DROP TABLE {bare}"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_never_appear_in_errors_or_debug_output() {
    let url = live_url!();
    let secret = format!("Pw-{}-s3cr3t", unique("x"));
    std::env::set_var("STX_PG_TEST_SECRET", &secret);
    // Wrong port: nothing listens there.
    let spec = SourceSpec::from_url(
        "postgres://postgres:${STX_PG_TEST_SECRET}@127.0.0.1:1/postgres?connect_timeout=5",
    );
    let err = PostgresSource::open(&spec).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(&secret), "{shown}");
    assert!(
        shown.contains("127.0.0.1:1") && shown.contains("postgres:***@"),
        "{shown}"
    );
    let err = PostgresFactory.open(&spec).await.err().unwrap();
    assert!(!format!("{err} {err:?}").contains(&secret));
    // The real server (trust auth accepts any password): the source, its errors, its reads.
    let parsed = url::Url::parse(&url).unwrap();
    let mut with_secret = parsed.clone();
    with_secret
        .set_password(Some("${STX_PG_TEST_SECRET}"))
        .unwrap();
    let with_secret = with_secret.as_str().replace("%7B", "{").replace("%7D", "}");
    let mut source = open(&with_secret).await;
    let shown = format!("{source:?} {:?}", source.description());
    assert!(!shown.contains(&secret) && shown.contains("***"), "{shown}");
    let err = source
        .describe(&query("SELECT FROM nowhere_at_all"))
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret));
    let err = read_batches(
        &mut source,
        table("no_such_table_here"),
        ReadOptions::batch(5),
    )
    .await
    .unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret));
    // A password written into the URL is refused without being echoed.
    let err = PostgresSource::open(&SourceSpec::from_url(&format!(
        "postgres://u:{secret}@127.0.0.1/db"
    )))
    .await
    .unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_parameters_tls_and_application_name() {
    let url = live_url!();
    let app = |source_url: &str| {
        let source_url = source_url.to_string();
        async move {
            let mut source = open(&source_url).await;
            let df = concat(
                &read_batches(
                    &mut source,
                    query("SELECT current_setting('application_name') AS app, \
                           coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls"),
                    ReadOptions::batch(1),
                )
                .await
                .unwrap(),
            );
            (cell(&df, "app", 0), cell(&df, "tls", 0))
        }
    };
    assert_eq!(app(&url).await.0, "stx-migrate");
    assert_eq!(
        app(&with_param(&url, "application_name=other&read=QUERY"))
            .await
            .0,
        "other"
    );
    assert_eq!(app(&with_param(&url, "sslmode=disable")).await.1, "false");
    for bad in [
        "sslmode=bogus",
        "sslmod=require",
        "read=fast",
        "connect_timeout=soon",
        "sslrootcert=/nonexistent/ca.pem",
    ] {
        let err = PostgresSource::open(&SourceSpec::from_url(&with_param(&url, bad)))
            .await
            .unwrap_err();
        assert!(matches!(err, SourceError::Config { .. }), "{bad}: {err}");
    }
    let admin = admin(&url).await;
    let ssl_on: String = admin.query_one("SHOW ssl", &[]).await.unwrap().get(0);
    if ssl_on == "on" {
        // require: encrypted, certificate not checked (libpq semantics).
        assert_eq!(app(&with_param(&url, "sslmode=require")).await.1, "true");
        assert_eq!(app(&with_param(&url, "sslmode=prefer")).await.1, "true");
        // verify-full against the system roots: a self-signed test certificate is refused.
        let cert: String = admin
            .query_one("SHOW ssl_cert_file", &[])
            .await
            .unwrap()
            .get(0);
        let err = PostgresSource::open(&SourceSpec::from_url(&with_param(
            &url,
            "sslmode=verify-full",
        )))
        .await
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("sslmode") || err.contains("certificate") || err.contains("TLS"),
            "{err}"
        );
        // verify-ca with the server's own certificate as the root, when this test can read it.
        if std::path::Path::new(&cert).is_file() && std::fs::read(&cert).is_ok() {
            let ok = PostgresSource::open(&SourceSpec::from_url(&with_param(
                &url,
                &format!("sslmode=verify-ca&sslrootcert={cert}"),
            )))
            .await;
            assert!(ok.is_ok(), "{:?}", ok.err().map(|e| e.to_string()));
        }
    } else {
        eprintln!("TLS checks skipped: the server has ssl = off");
    }
}
