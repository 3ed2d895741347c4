//! Live tests against the server named by `STX_TEST_MYSQL_URL` (CI:
//! `mysql://root@127.0.0.1:3306/test`). Each test makes its own uniquely named tables.

use super::*;
use futures::StreamExt;
use polars::prelude::{DataFrame, DataType};
use stx_connector_core::testing::{self, LiveDb};
use stx_connector_core::{Batch, ReadReject, ReadWarning, SOURCE_ROW_COLUMN};

const URL_VAR: &str = "STX_TEST_MYSQL_URL";

/// The live server's URL, or `None` (test skipped) when it is not configured.
fn live_url() -> Option<String> {
    testing::live_url(URL_VAR, LiveDb::Required)
}

fn unique(prefix: &str) -> String {
    testing::unique_name(prefix)
}

/// A setup connection (utf8mb4, sql_mode '' so that zero dates can be written).
async fn admin(url: &str) -> Conn {
    let db = DbUrl::from_spec(&SourceSpec::from_url(url), CONNECTOR, &["MYSQL_PWD"]).unwrap();
    let connector = Connector::new(db).unwrap();
    let mut conn = connector
        .connect()
        .await
        .unwrap_or_else(|f| panic!("cannot connect to {URL_VAR}: {}", f.message));
    conn.query_drop("SET SESSION sql_mode = ''").await.unwrap();
    conn
}

async fn exec_all(conn: &mut Conn, statements: &[String]) {
    for sql in statements {
        conn.query_drop(sql.as_str())
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

async fn drop_tables(conn: &mut Conn, names: &[&str]) {
    for name in names {
        let _ = conn
            .query_drop(format!("DROP TABLE IF EXISTS {}", quote_identifier(name)))
            .await;
    }
}

async fn open(url: &str) -> MysqlSource {
    MysqlSource::open(&SourceSpec::from_url(url))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Everything a read yields, batches kept apart.
struct ReadOut {
    batches: Vec<Batch>,
    error: Option<String>,
}

impl ReadOut {
    fn frame(&self) -> DataFrame {
        let mut frames = self.batches.iter().map(|b| b.data.clone());
        let mut all = frames.next().unwrap_or_default();
        for f in frames {
            all.vstack_mut_owned(f).unwrap();
        }
        all
    }
    fn rejects(&self) -> Vec<&ReadReject> {
        self.batches.iter().flat_map(|b| &b.rejects).collect()
    }
    fn warnings(&self) -> Vec<&ReadWarning> {
        self.batches.iter().flat_map(|b| &b.warnings).collect()
    }
    fn sizes(&self) -> Vec<usize> {
        self.batches.iter().map(|b| b.rows_read()).collect()
    }
}

async fn read(source: &mut MysqlSource, request: ReadRequest, options: ReadOptions) -> ReadOut {
    let mut stream = source
        .read(&request, &options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = ReadOut {
        batches: Vec::new(),
        error: None,
    };
    while let Some(item) = stream.next().await {
        match item {
            Ok(b) => out.batches.push(b),
            Err(e) => {
                out.error = Some(e.to_string());
                break;
            }
        }
    }
    out
}

fn keyed(batch_rows: usize, key: &str) -> ReadOptions {
    ReadOptions {
        key: Some(key.to_string()),
        ..ReadOptions::batch(batch_rows)
    }
}

fn ints(frame: &DataFrame, column: &str) -> Vec<Option<i64>> {
    frame
        .column(column)
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect()
}

fn strs(frame: &DataFrame, column: &str) -> Vec<Option<String>> {
    frame
        .column(column)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.map(str::to_string))
        .collect()
}

fn bools(frame: &DataFrame, column: &str) -> Vec<Option<bool>> {
    frame
        .column(column)
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect()
}

fn floats(frame: &DataFrame, column: &str) -> Vec<Option<f64>> {
    frame
        .column(column)
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect()
}

fn src_rows(frame: &DataFrame) -> Vec<u64> {
    frame
        .column(SOURCE_ROW_COLUMN)
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_types_edge_values_nulls_zero_dates_and_rejects() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let t = unique("stx_types");
    let q = quote_identifier(&t);
    exec_all(
        &mut admin,
        &[
            format!(
                "CREATE TABLE {q} (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, \
                 mi MEDIUMINT, i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, de DECIMAL(30,10), \
                 fl FLOAT, db DOUBLE, b1 BIT(1), b12 BIT(12), t1 TINYINT(1), yr YEAR, tm TIME(6), d DATE, \
                 dt DATETIME(6), ts TIMESTAMP NULL DEFAULT NULL, en ENUM('a','b'), st SET('x','y'), js JSON, \
                 vc VARCHAR(40), tx TEXT, bl BLOB, vb VARBINARY(8)) ENGINE=InnoDB"
            ),
            format!(
                "INSERT INTO {q} VALUES (1, -128, 0, -32768, -8388608, -2147483648, 0, -9223372036854775808, 0, \
                 '-12345678901234567890.0123456789', 1.5, -2.25e300, b'0', b'0', 0, 1901, '-838:59:59.000000', \
                 '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-02 00:00:01', 'a', '', '{{\"a\": [1, 2]}}', \
                 'héllo', 'some text', 0x00FF, X'')"
            ),
            format!(
                "INSERT INTO {q} VALUES (2, 127, 255, 32767, 8388607, 2147483647, 4294967295, 9223372036854775807, \
                 9223372036854775807, '12345678901234567890.0123456789', -0.25, 1.7976931348623157e308, b'1', \
                 b'111111111111', 1, 2155, '100:00:00.5', '9999-12-31', '9999-12-31 23:59:59.999999', \
                 '2038-01-19 03:14:07', 'b', 'x,y', '[]', 'emoji 😀', '', X'', 0xDEADBEEF)"
            ),
            format!("INSERT INTO {q} (id) VALUES (3)"),
            // Row 4: a BIGINT UNSIGNED above i64::MAX rejects the row.
            format!("INSERT INTO {q} (id, bu, vc) VALUES (4, 18446744073709551615, 'too big')"),
            // Rows 5 and 6: zero dates, whole and partial; the rows are kept.
            format!(
                "INSERT INTO {q} (id, d, dt, ts, tm) VALUES (5, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '-01:02:03')"
            ),
            format!("INSERT INTO {q} (id, d, dt) VALUES (6, '2021-00-10', '2021-03-00 10:00:00')"),
            // Row 7: TINYINT(1) holding 5 is no boolean.
            format!("INSERT INTO {q} (id, t1) VALUES (7, 5)"),
        ],
    )
    .await;
    let mut source = open(&url).await;
    let out = read(&mut source, ReadRequest::Table(t.clone()), keyed(100, "id")).await;
    assert_eq!(out.error, None);
    let f = out.frame();
    let dtype = |c: &str| f.column(c).unwrap().dtype().clone();
    for c in [
        "id", "ti", "tu", "si", "mi", "i", "iu", "bi", "bu", "b12", "yr",
    ] {
        assert_eq!(dtype(c), DataType::Int64, "{c}");
    }
    for c in ["b1", "t1"] {
        assert_eq!(dtype(c), DataType::Boolean, "{c}");
    }
    for c in ["fl", "db"] {
        assert_eq!(dtype(c), DataType::Float64, "{c}");
    }
    for c in [
        "de", "tm", "d", "dt", "ts", "en", "st", "js", "vc", "tx", "bl", "vb",
    ] {
        assert_eq!(dtype(c), DataType::String, "{c}");
    }
    assert_eq!(f.get_column_names()[0].as_str(), SOURCE_ROW_COLUMN);
    assert_eq!(
        ints(&f, "id"),
        vec![Some(1), Some(2), Some(3), Some(5), Some(6)]
    );
    assert_eq!(src_rows(&f), vec![1, 2, 3, 5, 6]);
    assert_eq!(ints(&f, "ti")[..3], [Some(-128), Some(127), None]);
    assert_eq!(ints(&f, "tu")[..3], [Some(0), Some(255), None]);
    assert_eq!(ints(&f, "si")[..2], [Some(-32768), Some(32767)]);
    assert_eq!(ints(&f, "mi")[..2], [Some(-8388608), Some(8388607)]);
    assert_eq!(ints(&f, "i")[..2], [Some(-2147483648), Some(2147483647)]);
    assert_eq!(ints(&f, "iu")[..2], [Some(0), Some(4294967295)]);
    assert_eq!(ints(&f, "bi")[..3], [Some(i64::MIN), Some(i64::MAX), None]);
    assert_eq!(ints(&f, "bu")[..3], [Some(0), Some(i64::MAX), None]);
    assert_eq!(
        strs(&f, "de")[..3],
        [
            Some("-12345678901234567890.0123456789".into()),
            Some("12345678901234567890.0123456789".into()),
            None
        ]
    );
    assert_eq!(floats(&f, "fl")[..3], [Some(1.5), Some(-0.25), None]);
    assert_eq!(
        floats(&f, "db")[..3],
        [Some(-2.25e300), Some(f64::MAX), None]
    );
    assert_eq!(bools(&f, "b1")[..3], [Some(false), Some(true), None]);
    assert_eq!(ints(&f, "b12")[..3], [Some(0), Some(4095), None]);
    assert_eq!(bools(&f, "t1")[..3], [Some(false), Some(true), None]);
    assert_eq!(ints(&f, "yr")[..3], [Some(1901), Some(2155), None]);
    assert_eq!(
        strs(&f, "tm"),
        vec![
            Some("-838:59:59.000000".into()),
            Some("100:00:00.500000".into()),
            None,
            Some("-01:02:03.000000".into()),
            None
        ]
    );
    assert_eq!(
        strs(&f, "d"),
        vec![
            Some("1000-01-01".into()),
            Some("9999-12-31".into()),
            None,
            None,
            None
        ]
    );
    assert_eq!(
        strs(&f, "dt")[..3],
        [
            Some("1000-01-01 00:00:00.000000".into()),
            Some("9999-12-31 23:59:59.999999".into()),
            None
        ]
    );
    assert_eq!(
        strs(&f, "ts")[..3],
        [
            Some("1970-01-02 00:00:01".into()),
            Some("2038-01-19 03:14:07".into()),
            None
        ]
    );
    assert_eq!(
        strs(&f, "en")[..3],
        [Some("a".into()), Some("b".into()), None]
    );
    assert_eq!(
        strs(&f, "st")[..3],
        [Some("".into()), Some("x,y".into()), None]
    );
    let js = strs(&f, "js");
    assert!(js[0].as_deref().unwrap().contains("\"a\""), "{js:?}");
    assert_eq!(js[1].as_deref(), Some("[]"));
    assert_eq!(
        strs(&f, "vc")[..3],
        [Some("héllo".into()), Some("emoji 😀".into()), None]
    );
    assert_eq!(
        strs(&f, "tx")[..3],
        [Some("some text".into()), Some("".into()), None]
    );
    assert_eq!(
        strs(&f, "bl")[..3],
        [Some("0x00FF".into()), Some("0x".into()), None]
    );
    assert_eq!(
        strs(&f, "vb")[..3],
        [Some("0x".into()), Some("0xDEADBEEF".into()), None]
    );
    // Row 3: NULL in every column but the key.
    let row3 = f.slice(2, 1);
    for c in row3.columns().iter().skip(2) {
        assert_eq!(c.null_count(), 1, "{}", c.name());
    }

    let rejects = out.rejects();
    assert_eq!(rejects.len(), 2, "{rejects:?}");
    assert_eq!(rejects[0].src_row, 4);
    assert_eq!(rejects[0].column.as_deref(), Some("bu"));
    assert_eq!(rejects[0].value.as_deref(), Some("18446744073709551615"));
    assert!(
        rejects[0].message.contains("'bu'") && rejects[0].message.contains("18446744073709551615"),
        "{}",
        rejects[0].message
    );
    assert!(rejects[0]
        .values
        .contains(&("vc".to_string(), "too big".to_string())));
    assert_eq!(rejects[1].src_row, 7);
    assert_eq!(rejects[1].column.as_deref(), Some("t1"));
    assert!(
        rejects[1].message.contains("TINYINT(1)"),
        "{}",
        rejects[1].message
    );

    let warnings = out.warnings();
    let seen: Vec<(u64, &str, &str)> = warnings
        .iter()
        .map(|w| (w.src_row, w.column.as_str(), w.value.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (5, "d", "0000-00-00"),
            (5, "dt", "0000-00-00 00:00:00.000000"),
            (5, "ts", "0000-00-00 00:00:00"),
            (6, "d", "2021-00-10"),
            (6, "dt", "2021-03-00 10:00:00.000000"),
        ]
    );
    assert!(
        warnings[0].message.contains("zero date"),
        "{}",
        warnings[0].message
    );

    // describe: the server's own type names, and the dtypes the read produced.
    let described = source
        .describe(&ReadRequest::Table(t.clone()))
        .await
        .unwrap();
    let native = |c: &str| {
        described
            .iter()
            .find(|d| d.name == c)
            .map(|d| (d.native_type.clone(), d.dtype.clone()))
            .unwrap()
    };
    assert_eq!(native("t1"), ("tinyint(1)".into(), DataType::Boolean));
    assert_eq!(native("vc"), ("varchar(40)".into(), DataType::String));
    assert_eq!(native("en"), ("enum('a','b')".into(), DataType::String));
    assert_eq!(native("de"), ("decimal(30,10)".into(), DataType::String));
    assert_eq!(native("b1").1, DataType::Boolean);
    assert_eq!(native("b12").1, DataType::Int64);
    let (iu, iu_dtype) = native("iu");
    assert!(iu.starts_with("int") && iu.ends_with("unsigned"), "{iu}");
    assert_eq!(iu_dtype, DataType::Int64);
    for d in &described {
        assert_eq!(&d.dtype, f.column(&d.name).unwrap().dtype(), "{}", d.name);
    }
    drop_tables(&mut admin, &[&t]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_column_charsets_arrive_as_utf8() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let t = unique("stx_charset");
    let q = quote_identifier(&t);
    exec_all(
        &mut admin,
        &[
            format!(
                "CREATE TABLE {q} (id INT PRIMARY KEY, l1 VARCHAR(20) CHARACTER SET latin1, \
                 cp VARCHAR(20) CHARACTER SET cp1250, u8 VARCHAR(20) CHARACTER SET utf8mb4, \
                 ch CHAR(5) CHARACTER SET latin1, tx TEXT CHARACTER SET cp1250)"
            ),
            // MySQL's latin1 is Windows-1252, which has € but no ł.
            format!("INSERT INTO {q} VALUES (1, 'é ß €', 'é ß € ł', 'é ß € ł 😀', 'ß', 'Łódź')"),
        ],
    )
    .await;
    // Stored in the column's own charset, not as UTF-8.
    let stored: Vec<Row> = admin
        .query(format!("SELECT HEX(l1), HEX(cp) FROM {q}"))
        .await
        .unwrap();
    assert_eq!(text(&stored[0], 0), "E920DF2080");
    assert_eq!(text(&stored[0], 1), "E920DF208020B3");
    let mut source = open(&url).await;
    let out = read(
        &mut source,
        ReadRequest::Table(t.clone()),
        ReadOptions::batch(10),
    )
    .await;
    assert_eq!(out.error, None);
    let f = out.frame();
    assert_eq!(strs(&f, "l1"), vec![Some("é ß €".into())]);
    assert_eq!(strs(&f, "cp"), vec![Some("é ß € ł".into())]);
    assert_eq!(strs(&f, "u8"), vec![Some("é ß € ł 😀".into())]);
    assert_eq!(strs(&f, "ch"), vec![Some("ß".into())]);
    assert_eq!(strs(&f, "tx"), vec![Some("Łódź".into())]);
    drop_tables(&mut admin, &[&t]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_quoted_identifiers_empty_tables_and_batch_boundaries() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let odd = format!("{} Odd `Name`", unique("Stx"));
    let odd_column = "My `Col` umn";
    let empty = unique("stx_empty");
    let ten = unique("stx_ten");
    exec_all(
        &mut admin,
        &[
            format!(
                "CREATE TABLE {} (id INT PRIMARY KEY, {} VARCHAR(10))",
                quote_identifier(&odd),
                quote_identifier(odd_column)
            ),
            format!("INSERT INTO {} VALUES (1, 'y'), (2, 'x')", quote_identifier(&odd)),
            format!("CREATE TABLE {} (id INT PRIMARY KEY, v TEXT)", quote_identifier(&empty)),
            format!("CREATE TABLE {} (id INT PRIMARY KEY, v TEXT)", quote_identifier(&ten)),
            format!(
                "INSERT INTO {} VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e'),(6,'f'),(7,'g'),(8,'h'),(9,'i'),(10,'j')",
                quote_identifier(&ten)
            ),
        ],
    )
    .await;
    let mut source = open(&url).await;
    let database = DbUrl::from_spec(&SourceSpec::from_url(&url), CONNECTOR, &[])
        .unwrap()
        .database
        .unwrap();
    // The name as is, quoted, qualified, and in another case.
    for name in [
        odd.clone(),
        quote_identifier(&odd),
        format!("{database}.{}", quote_identifier(&odd)),
        odd.to_uppercase(),
    ] {
        let out = read(
            &mut source,
            ReadRequest::Table(name.clone()),
            keyed(10, odd_column),
        )
        .await;
        assert_eq!(out.error, None, "{name}");
        let f = out.frame();
        assert_eq!(
            strs(&f, odd_column),
            vec![Some("x".into()), Some("y".into())],
            "{name}"
        );
        assert_eq!(ints(&f, "id"), vec![Some(2), Some(1)], "{name}");
    }
    let tables = source.list_tables().await.unwrap();
    assert!(
        tables.iter().any(|t| t.name == odd && t.kind == "table"),
        "{tables:?}"
    );

    let out = read(
        &mut source,
        ReadRequest::Table(empty.clone()),
        ReadOptions::batch(10),
    )
    .await;
    assert_eq!(out.error, None);
    assert_eq!(out.sizes(), Vec::<usize>::new());
    let cols = source
        .describe(&ReadRequest::Table(empty.clone()))
        .await
        .unwrap();
    assert_eq!(cols.len(), 2);

    for (batch_rows, sizes) in [
        (1, vec![1; 10]),
        (10, vec![10]),
        (9, vec![9, 1]),
        (11, vec![10]),
        (3, vec![3, 3, 3, 1]),
    ] {
        let out = read(
            &mut source,
            ReadRequest::Table(ten.clone()),
            keyed(batch_rows, "id"),
        )
        .await;
        assert_eq!(out.error, None);
        assert_eq!(out.sizes(), sizes, "batch_rows {batch_rows}");
        let f = out.frame();
        assert_eq!(src_rows(&f), (1..=10).collect::<Vec<u64>>());
        assert_eq!(ints(&f, "id"), (1..=10).map(Some).collect::<Vec<_>>());
        for b in &out.batches {
            assert_eq!(b.data.get_column_names()[0].as_str(), SOURCE_ROW_COLUMN);
        }
    }
    drop_tables(&mut admin, &[&odd, &empty, &ten]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_queries_catalog_and_errors() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let person = unique("stx_person");
    let address = unique("stx_address");
    let view = unique("stx_view");
    let (p, a) = (quote_identifier(&person), quote_identifier(&address));
    exec_all(
        &mut admin,
        &[
            format!("CREATE TABLE {p} (id INT UNSIGNED PRIMARY KEY, name VARCHAR(40), vip TINYINT(1), born DATE)"),
            format!("CREATE TABLE {a} (id INT PRIMARY KEY, person_id INT, city VARCHAR(40))"),
            format!("INSERT INTO {p} VALUES (1, 'Zoé', 1, '1970-01-02'), (2, 'Bob', 0, NULL), (3, 'Eve', NULL, NULL)"),
            format!("INSERT INTO {a} VALUES (10, 1, 'Genève'), (11, 2, 'Bern'), (12, 2, 'Basel')"),
            format!("ANALYZE TABLE {p}"),
            format!("CREATE VIEW {} AS SELECT id, UPPER(name) AS uname FROM {p}", quote_identifier(&view)),
        ],
    )
    .await;
    let mut source = open(&url).await;
    let description = source.description();
    assert_eq!(description.connector, "mysql");
    assert!(description.has_sql_engine);

    let join = format!(
        "SELECT p.id, p.name, p.vip, a.id AS address_id, a.city FROM {p} p JOIN {a} a ON a.person_id = p.id;"
    );
    let cols = source
        .describe(&ReadRequest::Query(join.clone()))
        .await
        .unwrap();
    let summary: Vec<(&str, &str, DataType)> = cols
        .iter()
        .map(|c| (c.name.as_str(), c.native_type.as_str(), c.dtype.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("id", "int unsigned", DataType::Int64),
            ("name", "varchar", DataType::String),
            ("vip", "tinyint(1)", DataType::Boolean),
            ("address_id", "int", DataType::Int64),
            ("city", "varchar", DataType::String),
        ]
    );
    for options in [ReadOptions::batch(2), keyed(2, "ADDRESS_ID")] {
        let out = read(&mut source, ReadRequest::Query(join.clone()), options).await;
        assert_eq!(out.error, None);
        let mut f = out.frame();
        assert_eq!(src_rows(&f), vec![1, 2, 3]);
        f = f.sort(["address_id"], Default::default()).unwrap();
        assert_eq!(ints(&f, "address_id"), vec![Some(10), Some(11), Some(12)]);
        assert_eq!(
            strs(&f, "city"),
            vec![
                Some("Genève".into()),
                Some("Bern".into()),
                Some("Basel".into())
            ]
        );
        assert_eq!(bools(&f, "vip"), vec![Some(true), Some(false), Some(false)]);
    }

    let tables = source.list_tables().await.unwrap();
    let mine = tables.iter().find(|t| t.name == person).unwrap();
    assert_eq!(mine.kind, "table");
    assert_eq!(mine.rows, Some(3));
    let v = tables.iter().find(|t| t.name == view).unwrap();
    assert_eq!(v.kind, "view");
    let out = read(
        &mut source,
        ReadRequest::Table(view.clone()),
        keyed(10, "id"),
    )
    .await;
    assert_eq!(strs(&out.frame(), "uname")[0].as_deref(), Some("ZOÉ"));

    // Without a database in the URL every schema is listed, qualified.
    let database = DbUrl::from_spec(&SourceSpec::from_url(&url), CONNECTOR, &[])
        .unwrap()
        .database
        .unwrap();
    let (base, _) = url.split_once(&format!("/{database}")).unwrap();
    let mut everywhere = open(base).await;
    let all = everywhere.list_tables().await.unwrap();
    let qualified = format!("{database}.{person}");
    assert!(all.iter().any(|t| t.name == qualified), "{all:?}");
    let out = read(
        &mut everywhere,
        ReadRequest::Table(qualified),
        ReadOptions::batch(10),
    )
    .await;
    assert_eq!(out.frame().height(), 3);

    // Errors: unknown table (listing the tables), duplicate names, bad SQL, unknown key.
    let err = source
        .read(
            &ReadRequest::Table(format!("{person}_nope")),
            &ReadOptions::batch(10),
        )
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("no table named") && err.contains(&person),
        "{err}"
    );
    let err = source
        .read(
            &ReadRequest::Query(format!(
                "SELECT p.id, a.id FROM {p} p JOIN {a} a ON a.person_id = p.id"
            )),
            &ReadOptions::batch(10),
        )
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("two columns named 'id'") && err.contains("AS a_id"),
        "{err}"
    );
    let err = source
        .describe(&ReadRequest::Query(format!("SELECT nope FROM {p}")))
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("query failed") && err.contains("nope"),
        "{err}"
    );
    let err = source
        .read(&ReadRequest::Table(person.clone()), &keyed(10, "missing"))
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("key column 'missing'") && err.contains("name"),
        "{err}"
    );
    let _ = admin
        .query_drop(format!("DROP VIEW {}", quote_identifier(&view)))
        .await;
    drop_tables(&mut admin, &[&person, &address]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_snapshot_hides_rows_written_after_the_read_started() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let t = unique("stx_snapshot");
    let q = quote_identifier(&t);
    fill(&mut admin, &q, 20_000).await;
    let mut source = open(&url).await;
    let mut stream = source
        .read(&ReadRequest::Table(t.clone()), &keyed(100, "id"))
        .await
        .unwrap();
    let first = stream.next().await.unwrap().unwrap();
    let mut total = first.rows_read();
    // Committed (autocommit) while the read is under way: new rows, changed rows, gone rows.
    exec_all(
        &mut admin,
        &[
            format!("INSERT INTO {q} (id, pad) VALUES (20001, 'new'), (20002, 'new')"),
            format!("UPDATE {q} SET pad = 'changed' WHERE id = 19999"),
            format!("DELETE FROM {q} WHERE id = 20000"),
        ],
    )
    .await;
    let mut last = Vec::new();
    while let Some(b) = stream.next().await {
        let b = b.unwrap();
        total += b.rows_read();
        last = strs(&b.data, "pad");
    }
    assert_eq!(total, 20_000);
    assert!(last.iter().all(|p| p.as_deref() != Some("changed")));
    drop(stream);
    drop_tables(&mut admin, &[&t]).await;
}

/// Fills `(id INT PRIMARY KEY, pad CHAR(200))` with ids 1..=rows (doubling, so it is quick).
async fn fill(admin: &mut Conn, q: &str, rows: u32) {
    exec_all(
        admin,
        &[format!(
            "CREATE TABLE {q} (id INT PRIMARY KEY, pad CHAR(200) NOT NULL) ENGINE=InnoDB"
        )],
    )
    .await;
    let first: Vec<String> = (1..=rows.min(1000))
        .map(|i| format!("({i}, REPEAT('x', 200))"))
        .collect();
    exec_all(
        admin,
        &[format!("INSERT INTO {q} VALUES {}", first.join(","))],
    )
    .await;
    let mut have = rows.min(1000);
    while have < rows {
        exec_all(
            admin,
            &[format!(
                "INSERT INTO {q} (id, pad) SELECT id + {have}, pad FROM {q} WHERE id + {have} <= {rows}"
            )],
        )
        .await;
        have = (have * 2).min(rows);
    }
}

/// Kills the connection reading `table` (found in the process list by its statement).
async fn kill_reader(admin: &mut Conn, table: &str) -> u64 {
    for _ in 0..100 {
        let ids: Vec<Row> = admin
            .query(format!(
                "SELECT id FROM information_schema.processlist WHERE info LIKE '%{table}%' AND id <> CONNECTION_ID()"
            ))
            .await
            .unwrap();
        if let Some(row) = ids.first() {
            let id = text(row, 0);
            admin.query_drop(format!("KILL {id}")).await.unwrap();
            return id.parse().unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no connection reading {table} in the process list");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_killed_read_resumes_after_the_last_key() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let t = unique("stx_resume");
    let rows = 200_000u32;
    fill(&mut admin, &quote_identifier(&t), rows).await;
    let mut source = open(&url).await;
    let mut stream = source
        .read(&ReadRequest::Table(t.clone()), &keyed(500, "id"))
        .await
        .unwrap();
    let mut ids: Vec<i64> = Vec::new();
    let mut src: Vec<u64> = Vec::new();
    let mut killed = None;
    let mut batches = 0;
    while let Some(b) = stream.next().await {
        let b = b.unwrap_or_else(|e| panic!("{e}"));
        batches += 1;
        ids.extend(ints(&b.data, "id").into_iter().flatten());
        src.extend(src_rows(&b.data));
        if batches == 3 {
            killed = Some(kill_reader(&mut admin, &t).await);
        }
    }
    assert!(killed.is_some());
    assert_eq!(ids.len(), rows as usize);
    assert_eq!(
        ids,
        (1..=i64::from(rows)).collect::<Vec<_>>(),
        "no loss, no duplicate"
    );
    assert_eq!(src, (1..=u64::from(rows)).collect::<Vec<_>>());
    // The resumed read ran on a new connection.
    let processes: Vec<Row> = admin
        .query(format!(
            "SELECT id FROM information_schema.processlist WHERE id = {}",
            killed.unwrap()
        ))
        .await
        .unwrap();
    assert!(processes.is_empty());
    drop(stream);
    drop_tables(&mut admin, &[&t]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_killed_read_without_key_fails_with_a_hint() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let t = unique("stx_nokey");
    fill(&mut admin, &quote_identifier(&t), 100_000).await;
    let mut source = open(&url).await;
    let mut stream = source
        .read(&ReadRequest::Table(t.clone()), &ReadOptions::batch(500))
        .await
        .unwrap();
    let mut batches = 0;
    let mut error = None;
    while let Some(b) = stream.next().await {
        match b {
            Ok(_) => {
                batches += 1;
                if batches == 3 {
                    kill_reader(&mut admin, &t).await;
                }
            }
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        }
    }
    let error = error.expect("the killed read must fail");
    assert!(error.contains("[read] key"), "{error}");
    drop(stream);
    drop_tables(&mut admin, &[&t]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_stopping_early_ends_the_server_side_query() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let t = unique("stx_early");
    fill(&mut admin, &quote_identifier(&t), 100_000).await;
    let mut source = open(&url).await;
    let mut stream = source
        .read(&ReadRequest::Table(t.clone()), &ReadOptions::batch(100))
        .await
        .unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().rows_read(), 100);
    drop(stream);
    // The reader notices at its next send, then kills its query and closes.
    let mut gone = false;
    for _ in 0..200 {
        let left: Vec<Row> = admin
            .query(format!(
                "SELECT id FROM information_schema.processlist WHERE info LIKE '%{t}%' AND id <> CONNECTION_ID()"
            ))
            .await
            .unwrap();
        if left.is_empty() {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(gone, "the abandoned query still runs");
    drop_tables(&mut admin, &[&t]).await;
}

/// What the catalog declares about column `column` of what `request` reads.
async fn declared(source: &mut MysqlSource, request: ReadRequest, column: &str) -> KeyDeclared {
    let (_, columns) = source.plan(&request).await.unwrap();
    let found = columns.into_iter().find(|c| c.name == column).unwrap();
    source.key_declared(found.origin.as_ref()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_the_catalog_says_whether_a_key_is_a_primary_key_or_unique_not_null() {
    let Some(url) = live_url() else { return };
    let mut admin = admin(&url).await;
    let (t, bare) = (unique("stx_keys"), unique("stx_nokeys"));
    exec_all(
        &mut admin,
        &[
            format!(
                "CREATE TABLE {t} (id INT PRIMARY KEY, u INT UNIQUE, un INT NOT NULL UNIQUE, \
                 pair_a INT NOT NULL, pair_b INT NOT NULL, UNIQUE KEY pair (pair_a, pair_b))"
            ),
            format!("INSERT INTO {t} VALUES (1, 1, 1, 1, 1), (2, 2, 2, 1, 2)"),
            format!("CREATE TABLE {bare} (id INT, name VARCHAR(10))"),
            format!("INSERT INTO {bare} VALUES (1, 'a'), (2, 'b')"),
        ],
    )
    .await;
    let mut source = open(&url).await;
    let schema = source.connector.url.database.clone().unwrap();
    let (qt, qbare) = (format!("{schema}.{t}"), format!("{schema}.{bare}"));
    let table = |name: &str| ReadRequest::Table(name.into());
    assert_eq!(
        declared(&mut source, table(&t), "id").await,
        KeyDeclared::PrimaryKey { table: qt.clone() }
    );
    assert_eq!(
        declared(&mut source, table(&t), "un").await,
        KeyDeclared::UniqueNotNull {
            table: qt.clone(),
            index: "un".into()
        }
    );
    // Unique but nullable; part of a two-column key; no index at all.
    for column in ["u", "pair_a"] {
        let got = declared(&mut source, table(&t), column).await;
        assert_eq!(
            got,
            KeyDeclared::Undeclared { table: qt.clone() },
            "{column}"
        );
    }
    assert_eq!(
        declared(&mut source, table(&bare), "id").await,
        KeyDeclared::Undeclared { table: qbare }
    );
    // A query's column is traced to its table; a computed one is no table's.
    let joined = format!("SELECT k.id AS cust, b.name FROM {t} k JOIN {bare} b ON b.id = k.id");
    assert_eq!(
        declared(&mut source, ReadRequest::Query(joined), "cust").await,
        KeyDeclared::PrimaryKey { table: qt }
    );
    let computed = ReadRequest::Query(format!("SELECT id * 2 AS k FROM {t}"));
    assert!(matches!(
        declared(&mut source, computed, "k").await,
        KeyDeclared::Undeclared { table } if table.contains("computed")
    ));
    // Undeclared, the key still reads (checked while streaming).
    let out = read(&mut source, table(&bare), keyed(10, "id")).await;
    assert_eq!(out.error, None);
    assert_eq!(ints(&out.frame(), "id"), [Some(1), Some(2)]);
    drop_tables(&mut admin, &[&t, &bare]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_passwords_never_show_in_errors() {
    let secret = format!("Sec-{}-pW", std::process::id());
    std::env::set_var("STX_MY_TEST_SECRET", &secret);
    // Nothing listens on port 1.
    let err = MysqlSource::open(&SourceSpec::from_url(
        "mysql://root:${STX_MY_TEST_SECRET}@127.0.0.1:1/test?connect-timeout=5",
    ))
    .await
    .err()
    .unwrap();
    let (shown, debug) = (err.to_string(), format!("{err:?}"));
    assert!(
        !shown.contains(&secret) && !debug.contains(&secret),
        "{shown} / {debug}"
    );
    assert!(
        shown.contains("cannot open") && shown.contains("127.0.0.1:1"),
        "{shown}"
    );
    assert!(shown.contains("root:***@"), "{shown}");

    // A user that does not exist, against the real server.
    let Some(url) = live_url() else { return };
    let db = DbUrl::from_spec(&SourceSpec::from_url(&url), CONNECTOR, &[]).unwrap();
    let wrong = format!(
        "mysql://stx_nobody_{}:${{STX_MY_TEST_SECRET}}@{}:{}/{}",
        std::process::id(),
        db.host,
        db.port.unwrap_or(3306),
        db.database.as_deref().unwrap_or("test")
    );
    let err = MysqlSource::open(&SourceSpec::from_url(&wrong))
        .await
        .err()
        .unwrap();
    let (shown, debug) = (err.to_string(), format!("{err:?}"));
    assert!(
        !shown.contains(&secret) && !debug.contains(&secret),
        "{shown} / {debug}"
    );
    assert!(
        shown.contains("Access denied") && shown.contains("MYSQL_PWD"),
        "{shown}"
    );
}

#[tokio::test]
async fn mysql_url_parameters_are_checked() {
    let err = |url: &str| {
        let url = url.to_string();
        async move {
            MysqlSource::open(&SourceSpec::from_url(&url))
                .await
                .err()
                .unwrap()
                .to_string()
        }
    };
    let e = err("mysql://root@127.0.0.1:1/test?sslmode=require").await;
    assert!(
        e.contains("unknown parameter") && e.contains("ssl-mode"),
        "{e}"
    );
    let e = err("mysql://root@127.0.0.1:1/test?ssl-mode=sometimes").await;
    assert!(e.contains("ssl-mode=sometimes"), "{e}");
    let e = err("mysql://root@127.0.0.1:1/test?connect-timeout=soon").await;
    assert!(e.contains("connect-timeout"), "{e}");
    let e = err("mysql://root@127.0.0.1:1/test?ssl-ca=/nonexistent/ca.pem").await;
    assert!(e.contains("ssl-ca"), "{e}");
    let e = err("mariadb://root:hunter2@127.0.0.1:1/test").await;
    assert!(
        e.contains("contains a password") && !e.contains("hunter2"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_ssl_modes_against_the_live_server() {
    let Some(url) = live_url() else { return };
    let sep = if url.contains('?') { '&' } else { '?' };
    // preferred (the default) and disabled work whether or not the server offers TLS.
    for mode in ["preferred", "disabled"] {
        let mut source = open(&format!("{url}{sep}ssl-mode={mode}&connect-timeout=10")).await;
        source.list_tables().await.unwrap();
    }
    let mut admin = admin(&url).await;
    let have_ssl: Vec<Row> = admin.query("SHOW VARIABLES LIKE 'have_ssl'").await.unwrap();
    let tls = have_ssl.first().map(|r| text(r, 1)) == Some("YES".into());
    let required = MysqlSource::open(&SourceSpec::from_url(&format!(
        "{url}{sep}ssl-mode=required"
    )))
    .await;
    if tls {
        assert!(required.is_ok());
    } else {
        let e = required.err().unwrap().to_string();
        assert!(e.contains("TLS") || e.contains("SSL"), "{e}");
    }
}

#[test]
fn mysql_identifiers_and_names() {
    assert_eq!(quote_identifier("a`b"), "`a``b`");
    assert_eq!(unquote("`a``b`"), "a`b");
    assert_eq!(unquote("\"x y\""), "x y");
    assert_eq!(
        split_qualified("db.`t.x`"),
        Some(("db".to_string(), "t.x".to_string()))
    );
    assert_eq!(
        split_qualified("`d.b`.t"),
        Some(("d.b".to_string(), "t".to_string()))
    );
    assert_eq!(split_qualified("plain"), None);
    assert_eq!(
        kind_for_column_type("tinyint", "tinyint(1) unsigned"),
        ColumnKind::Bool
    );
    assert_eq!(
        kind_for_column_type("tinyint", "tinyint(4)"),
        ColumnKind::Int
    );
    assert_eq!(kind_for_column_type("bit", "bit(12)"), ColumnKind::Int);
    assert_eq!(
        kind_for_column_type("decimal", "decimal(10,2)"),
        ColumnKind::Text
    );
    assert_eq!(
        read::key_literal(&stx_connector_core::KeyValue::Text("a'b".into()), false),
        "_utf8mb4 X'612762'"
    );
    assert_eq!(
        read::key_literal(&stx_connector_core::KeyValue::Text("0x00FF".into()), true),
        "X'00FF'"
    );
    assert_eq!(
        read::key_literal(&stx_connector_core::KeyValue::Int(-5), false),
        "-5"
    );
}
