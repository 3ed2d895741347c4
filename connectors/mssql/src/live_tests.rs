//! Tests against a real SQL Server, run when `STX_TEST_MSSQL_URL` is set
//! (`mssql://sa@localhost:1433/master?trust-server-certificate=true`, password in
//! `MSSQL_PASSWORD`); skipped with a printed line otherwise. No SQL Server runs in CI, so
//! `STX_REQUIRE_LIVE_DB` does not make them mandatory. Each test creates its own uniquely
//! named table and drops it.

use futures::StreamExt;
use polars::prelude::{AnyValue, DataType};
use stx_connector_core::testing::{live_url, unique_name, LiveDb};
use stx_connector_core::{Batch, SOURCE_ROW_COLUMN};

use super::*;

const URL_VAR: &str = "STX_TEST_MSSQL_URL";

fn live_spec() -> Option<SourceSpec> {
    live_url(URL_VAR, LiveDb::Optional).map(|url| SourceSpec::from_url(&url))
}

fn unique_table(tag: &str) -> String {
    unique_name(&format!("stx_live_{tag}"))
}

async fn run(spec: &SourceSpec, sql: &str) {
    let settings = Settings::from_spec(spec).unwrap();
    let mut client = connect(&settings).await.unwrap_or_else(|e| {
        panic!(
            "{URL_VAR} is set but the server is unreachable: {}",
            open_error(&settings, &e)
        )
    });
    let stream = client
        .simple_query(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    stream
        .into_results()
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn read_all(
    source: &mut MssqlSource,
    request: ReadRequest,
    options: ReadOptions,
) -> Vec<Batch> {
    let mut stream = source.read(&request, &options).await.unwrap();
    let mut out = Vec::new();
    while let Some(b) = stream.next().await {
        out.push(b.unwrap());
    }
    out
}

/// Column `name` of all batches as text (`None` for NULL), whatever its dtype.
fn column_text(batches: &[Batch], name: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for b in batches {
        let c = b
            .data
            .column(name)
            .unwrap_or_else(|_| panic!("no column {name}"));
        for i in 0..c.len() {
            out.push(match c.get(i).unwrap() {
                AnyValue::Null => None,
                AnyValue::String(s) => Some(s.to_string()),
                AnyValue::StringOwned(s) => Some(s.to_string()),
                other => Some(other.to_string()),
            });
        }
    }
    out
}

const CREATE_COLUMNS: &str = "id int PRIMARY KEY, c_tinyint tinyint, c_smallint smallint, c_int int, \
c_bigint bigint, c_bit bit, c_decimal decimal(38,10), c_numeric numeric(5,2), c_money money, \
c_smallmoney smallmoney, c_float float, c_real real, c_char char(3), c_varchar varchar(10), \
c_nchar nchar(2), c_nvarchar nvarchar(40), c_nvarcharmax nvarchar(max), c_text text, c_ntext ntext, \
c_date date, c_time time(7), c_time0 time(0), c_datetime datetime, c_smalldatetime smalldatetime, \
c_datetime2 datetime2(7), c_datetime2_3 datetime2(3), c_dto datetimeoffset(7), c_guid uniqueidentifier, \
c_varbinary varbinary(max), c_binary binary(4), c_image image, c_xml xml";

const ROW_MIN: &str = "(1, 0, -32768, -2147483648, -9223372036854775808, 0, \
-9999999999999999999999999999.9999999999, -999.99, -123456789.1234, -214748.3648, -1.79E+308, -3.4E+38, \
'a', 'héllo', N'東', N'O''Brien', N'Zoé 🎉', 'legacy', N'ntext ü', '0001-01-01', '00:00:00', '00:00:00', \
'1753-01-01T00:00:00', '1900-01-01T00:00:00', '0001-01-01T00:00:00', '2024-02-29T01:02:03.123', \
'2024-01-01T00:30:00.1234567+01:30', '00000000-0000-0000-0000-000000000000', 0x, 0x01, 0xAB, N'<a x=\"1\">t</a>')";

const ROW_MAX: &str = "(2, 255, 32767, 2147483647, 9223372036854775807, 1, \
9999999999999999999999999999.9999999999, 0.05, 200000000000.1234, 214748.3647, 1.5, 0.1, \
'abc', 'x''y', N'ab', N'', REPLICATE(CAST(N'é' AS nvarchar(max)), 5000), 'x', N'y', '9999-12-31', \
'23:59:59.9999999', '23:59:59', '9999-12-31T23:59:59.997', '2079-06-06T23:59:00', \
'9999-12-31T23:59:59.9999999', '2000-02-29T00:00:00.007', '2020-02-29T23:00:00-05:00', \
'6F9619FF-8B86-D011-B42D-00C04FC964FF', 0x00FF10, 0x01020304, 0xABCD, N'<r/>')";

#[tokio::test]
async fn live_reads_every_type_with_edge_values_and_nulls() {
    let Some(spec) = live_spec() else { return };
    let table = unique_table("types");
    let quoted = format!("[dbo].{}", quote_ident(&table));
    run(&spec, &format!("CREATE TABLE {quoted} ({CREATE_COLUMNS})")).await;
    run(
        &spec,
        &format!("INSERT INTO {quoted} VALUES {ROW_MIN}, {ROW_MAX}; INSERT INTO {quoted} (id) VALUES (3)"),
    )
    .await;
    let outcome = tokio::spawn({
        let spec = spec.clone();
        let table = table.clone();
        async move { check_every_type(&spec, &table).await }
    })
    .await;
    run(&spec, &format!("DROP TABLE {quoted}")).await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
}

async fn check_every_type(spec: &SourceSpec, table: &str) {
    let mut source = MssqlSource::open(spec).await.unwrap();
    let batches = read_all(
        &mut source,
        ReadRequest::Table(table.to_uppercase()),
        ReadOptions::batch(2),
    )
    .await;
    assert_eq!(batches.len(), 2);
    assert!(
        batches.iter().all(|b| b.rejects.is_empty()),
        "{:?}",
        batches[0].rejects
    );
    let frame = &batches[0].data;
    assert_eq!(frame.get_column_names()[0].as_str(), SOURCE_ROW_COLUMN);
    for (name, dtype) in [
        ("c_tinyint", DataType::Int64),
        ("c_bigint", DataType::Int64),
        ("c_bit", DataType::Boolean),
        ("c_float", DataType::Float64),
        ("c_real", DataType::Float64),
        ("c_decimal", DataType::String),
        ("c_money", DataType::String),
        ("c_date", DataType::String),
        ("c_guid", DataType::String),
    ] {
        assert_eq!(frame.column(name).unwrap().dtype(), &dtype, "{name}");
    }
    let expect = |name: &str, values: [Option<&str>; 3]| {
        let got = column_text(&batches, name);
        let want: Vec<Option<String>> = values.iter().map(|v| v.map(str::to_string)).collect();
        assert_eq!(got, want, "{name}");
    };
    expect(SOURCE_ROW_COLUMN, [Some("1"), Some("2"), Some("3")]);
    expect("c_tinyint", [Some("0"), Some("255"), None]);
    expect("c_smallint", [Some("-32768"), Some("32767"), None]);
    expect("c_int", [Some("-2147483648"), Some("2147483647"), None]);
    expect(
        "c_bigint",
        [
            Some("-9223372036854775808"),
            Some("9223372036854775807"),
            None,
        ],
    );
    expect("c_bit", [Some("false"), Some("true"), None]);
    expect(
        "c_decimal",
        [
            Some("-9999999999999999999999999999.9999999999"),
            Some("9999999999999999999999999999.9999999999"),
            None,
        ],
    );
    expect("c_numeric", [Some("-999.99"), Some("0.05"), None]);
    expect(
        "c_money",
        [Some("-123456789.1234"), Some("200000000000.1234"), None],
    );
    expect(
        "c_smallmoney",
        [Some("-214748.3648"), Some("214748.3647"), None],
    );
    let floats: Vec<Option<f64>> = batches
        .iter()
        .flat_map(|b| {
            b.data
                .column("c_float")
                .unwrap()
                .f64()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(floats, vec![Some(-1.79e308), Some(1.5), None]);
    let reals: Vec<Option<f64>> = batches
        .iter()
        .flat_map(|b| {
            b.data
                .column("c_real")
                .unwrap()
                .f64()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(reals, vec![Some(-3.4e38), Some(0.1), None]);
    expect("c_char", [Some("a  "), Some("abc"), None]);
    expect("c_varchar", [Some("héllo"), Some("x'y"), None]);
    expect("c_nchar", [Some("東 "), Some("ab"), None]);
    expect("c_nvarchar", [Some("O'Brien"), Some(""), None]);
    let long = "é".repeat(5000);
    expect("c_nvarcharmax", [Some("Zoé 🎉"), Some(long.as_str()), None]);
    expect("c_text", [Some("legacy"), Some("x"), None]);
    expect("c_ntext", [Some("ntext ü"), Some("y"), None]);
    expect("c_date", [Some("0001-01-01"), Some("9999-12-31"), None]);
    expect(
        "c_time",
        [Some("00:00:00.0000000"), Some("23:59:59.9999999"), None],
    );
    expect("c_time0", [Some("00:00:00"), Some("23:59:59"), None]);
    expect(
        "c_datetime",
        [
            Some("1753-01-01 00:00:00.000"),
            Some("9999-12-31 23:59:59.997"),
            None,
        ],
    );
    expect(
        "c_smalldatetime",
        [
            Some("1900-01-01 00:00:00"),
            Some("2079-06-06 23:59:00"),
            None,
        ],
    );
    expect(
        "c_datetime2",
        [
            Some("0001-01-01 00:00:00.0000000"),
            Some("9999-12-31 23:59:59.9999999"),
            None,
        ],
    );
    expect(
        "c_datetime2_3",
        [
            Some("2024-02-29 01:02:03.123"),
            Some("2000-02-29 00:00:00.007"),
            None,
        ],
    );
    expect(
        "c_dto",
        [
            Some("2024-01-01 00:30:00.1234567 +01:30"),
            Some("2020-02-29 23:00:00.0000000 -05:00"),
            None,
        ],
    );
    expect(
        "c_guid",
        [
            Some("00000000-0000-0000-0000-000000000000"),
            Some("6F9619FF-8B86-D011-B42D-00C04FC964FF"),
            None,
        ],
    );
    expect("c_varbinary", [Some("0x"), Some("0x00FF10"), None]);
    expect("c_binary", [Some("0x01000000"), Some("0x01020304"), None]);
    expect("c_image", [Some("0xAB"), Some("0xABCD"), None]);
    expect("c_xml", [Some("<a x=\"1\">t</a>"), Some("<r/>"), None]);

    // The catalog: listed with its row estimate, described with lengths and precisions.
    let tables = source.list_tables().await.unwrap();
    let listed = tables.iter().find(|t| t.name == table).expect("listed");
    assert_eq!((listed.kind.as_str(), listed.rows), ("table", Some(3)));
    let columns = source
        .describe(&ReadRequest::Table(table.into()))
        .await
        .unwrap();
    let native = |name: &str| {
        columns
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .native_type
            .clone()
    };
    assert_eq!(native("c_nvarchar"), "nvarchar(40)");
    assert_eq!(native("c_nvarcharmax"), "nvarchar(max)");
    assert_eq!(native("c_decimal"), "decimal(38,10)");
    assert_eq!(native("c_datetime2"), "datetime2(7)");
    assert_eq!(native("c_time0"), "time(0)");
    assert_eq!(native("c_char"), "char(3)");
    assert_eq!(native("c_varbinary"), "varbinary(max)");
    assert_eq!(native("c_money"), "money");
    assert_eq!(columns.len(), 32);
    let query = format!(
        "SELECT id, c_nvarchar AS n, c_decimal FROM [dbo].{}",
        quote_ident(table)
    );
    let described = source.describe(&ReadRequest::Query(query)).await.unwrap();
    let shown: Vec<(&str, &str)> = described
        .iter()
        .map(|c| (c.name.as_str(), c.native_type.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("id", "int"),
            ("n", "nvarchar(40)"),
            ("c_decimal", "decimal(38,10)")
        ]
    );
}

#[tokio::test]
async fn live_keyed_reads_follow_the_key() {
    let Some(spec) = live_spec() else { return };
    let table = unique_table("keyed");
    let quoted = format!("[dbo].{}", quote_ident(&table));
    run(
        &spec,
        &format!("CREATE TABLE {quoted} (id int PRIMARY KEY, code nvarchar(10), seen datetime)"),
    )
    .await;
    run(
        &spec,
        &format!(
            "INSERT INTO {quoted} VALUES (30, N'c', '2020-01-03T00:00:00.003'), (10, N'a', '2020-01-01T00:00:00'), \
             (20, N'b''', '2020-01-02T00:00:00.007'), (40, N'd', NULL)"
        ),
    )
    .await;
    let outcome = tokio::spawn({
        let spec = spec.clone();
        let table = table.clone();
        async move {
            let mut source = MssqlSource::open(&spec).await.unwrap();
            let keyed = |key: &str| ReadOptions {
                batch_rows: 1,
                key: Some(key.into()),
                readers: 1,
            };
            let batches =
                read_all(&mut source, ReadRequest::Table(table.clone()), keyed("ID")).await;
            assert_eq!(batches.len(), 4);
            assert_eq!(
                column_text(&batches, "id"),
                ["10", "20", "30", "40"].map(|s| Some(s.to_string()))
            );
            let query = format!(
                "SELECT id, code FROM [dbo].{} WHERE id < 40;",
                quote_ident(&table)
            );
            let batches = read_all(&mut source, ReadRequest::Query(query), keyed("code")).await;
            assert_eq!(
                column_text(&batches, "code"),
                ["a", "b'", "c"].map(|s| Some(s.to_string()))
            );
            assert_eq!(
                column_text(&batches, SOURCE_ROW_COLUMN),
                ["1", "2", "3"].map(|s| Some(s.to_string()))
            );
            // Resume SQL for each key type is accepted by the server.
            let resumed = read_sql(
                &ReadBase::Table {
                    schema: "dbo".into(),
                    table: table.clone(),
                },
                Some(&KeySpec {
                    column: "seen".into(),
                    ty: KeyType::for_native_type("datetime").unwrap(),
                }),
                Some(&stx_connector_core::KeyValue::Text(
                    "2020-01-02 00:00:00.007".into(),
                )),
            )
            .unwrap();
            let batches = read_all(
                &mut source,
                ReadRequest::Query(resumed),
                ReadOptions::batch(10),
            )
            .await;
            assert_eq!(column_text(&batches, "id"), vec![Some("30".to_string())]);
            let err = source
                .read(
                    &ReadRequest::Table(format!("{table}_missing")),
                    &ReadOptions::batch(10),
                )
                .await
                .err()
                .unwrap()
                .to_string();
            assert!(
                err.contains("no table named") && err.contains(&table),
                "{err}"
            );
        }
    })
    .await;
    run(&spec, &format!("DROP TABLE {quoted}")).await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
}

#[tokio::test]
async fn live_wrong_password_is_refused_without_echoing_it() {
    let Some(spec) = live_spec() else { return };
    if spec.url.as_deref().is_some_and(|u| u.contains(":$")) {
        println!("skipped: the URL names its password variable, which wins over password-env");
        return;
    }
    let wrong = format!("wrong-Pw-{}", std::process::id());
    std::env::set_var("STX_MSSQL_LIVE_WRONG_PW", &wrong);
    let spec = spec.with("password-env", "STX_MSSQL_LIVE_WRONG_PW");
    let err = MssqlSource::open(&spec).await.unwrap_err().to_string();
    assert!(
        err.contains("18456") && err.contains("login failed"),
        "{err}"
    );
    assert!(!err.contains(&wrong), "{err}");
}
