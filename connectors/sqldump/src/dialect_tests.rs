//! INSERT-format dumps of every dialect, read from fixtures made by the real tools (see
//! tests/fixtures/sqldump/README.md).

use std::path::Path;

use polars::prelude::{DataFrame, DataType};
use stx_connector_core::{ReadRequest, Source, SourceError, SourceFactory, SourceSpec};

use crate::sqldump_tests::{fixture, ints, open, read, s, temp_dump, texts};
use crate::{SqlDumpFactory, SqlDumpSource};

fn floats(df: &DataFrame, column: &str) -> Vec<Option<f64>> {
    df.column(column)
        .unwrap()
        .as_materialized_series()
        .f64()
        .unwrap()
        .iter()
        .collect()
}

fn bools(df: &DataFrame, column: &str) -> Vec<Option<bool>> {
    df.column(column)
        .unwrap()
        .as_materialized_series()
        .bool()
        .unwrap()
        .iter()
        .collect()
}

async fn counts(source: &mut dyn Source) -> Vec<(String, Option<u64>)> {
    source
        .list_tables()
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.rows))
        .collect()
}

/// Reads every table and checks the listed row count equals the rows and rejects read.
async fn counts_match_reads(source: &mut dyn Source) {
    for (table, rows) in counts(source).await {
        let r = read(source, &table, 3).await;
        let got = r.all().height() + r.rejects.len();
        assert_eq!(Some(got as u64), rows, "{table}");
    }
}

#[tokio::test]
async fn mysqldump_reads_exact_values() {
    let path = fixture("mysql_contacts.sql");
    let direct = SqlDumpSource::open(&path).unwrap();
    assert_eq!(direct.dialect(), crate::Dialect::Mysql);
    assert_eq!(direct.unknown_statements(), 0);
    let mut source = open(&path).await;
    assert_eq!(
        counts(source.as_mut()).await,
        [
            ("contacts".to_string(), Some(4)),
            ("kunden".to_string(), Some(3))
        ]
    );
    counts_match_reads(source.as_mut()).await;
    let columns = source
        .describe(&ReadRequest::Table("contacts".into()))
        .await
        .unwrap();
    let got: Vec<(&str, &str, &DataType)> = columns
        .iter()
        .map(|c| (c.name.as_str(), c.native_type.as_str(), &c.dtype))
        .collect();
    assert_eq!(got[0], ("id", "int(11)", &DataType::Int64));
    assert_eq!(got[3], ("balance", "decimal(12,2)", &DataType::String));
    assert_eq!(got[6], ("score", "double", &DataType::Float64));
    assert_eq!(got[7], ("big", "bigint(20) unsigned", &DataType::Int64));
    assert_eq!(got[9], ("photo", "blob", &DataType::String));
    let r = read(source.as_mut(), "contacts", 2).await;
    assert!(r.error.is_none());
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    let df = r.all();
    assert_eq!(ints(&df, "id"), [Some(1), Some(2), Some(3), Some(4)]);
    assert_eq!(
        texts(&df, "name"),
        [s("Müller, Jürgen"), s("Zoë 😀"), None, s("Ñandú")]
    );
    assert_eq!(
        texts(&df, "note"),
        [
            s("it's a \"quote\""),
            s("back\\slash\nnewline\ttab"),
            s("semi;colon (paren) 100%_"),
            s("cr\rend\u{1a}ctrl")
        ]
    );
    assert_eq!(
        texts(&df, "balance"),
        [s("1234.50"), s("-0.05"), s("0.00"), s("99999.99")]
    );
    assert_eq!(
        texts(&df, "seen"),
        [
            s("2024-01-31 10:00:00"),
            None,
            s("1999-12-31 23:59:59"),
            s("2024-06-01 00:00:00")
        ]
    );
    assert_eq!(
        floats(&df, "score"),
        [Some(1.5), None, Some(-22500000000.0), Some(0.0)]
    );
    assert_eq!(
        ints(&df, "big"),
        [Some(9_000_000_000), None, Some(42), Some(0)]
    );
    assert_eq!(texts(&df, "photo"), [s("0x00FF0A27"), None, s("0x"), None]);
    let df = read(source.as_mut(), "kunden", 10).await.all();
    assert_eq!(texts(&df, "ort"), [s("Zürich"), s("Genève"), s("€uro ÿ")]);
}

#[tokio::test]
async fn mysqldump_latin1_and_single_row_inserts_read_the_same() {
    let mut utf8 = open(&fixture("mysql_contacts.sql")).await;
    let mut latin1 = open(&fixture("mysql_contacts_latin1.sql")).await;
    let mut single = open(&fixture("mysql_contacts_single.sql")).await;
    assert!(std::fs::read_to_string(fixture("mysql_contacts_latin1.sql")).is_err());
    for table in ["contacts", "kunden"] {
        let a = read(utf8.as_mut(), table, 3).await.all();
        let c = read(single.as_mut(), table, 3).await.all();
        assert!(a.equals_missing(&c), "{table}: {a:?} vs {c:?}");
    }
    assert_eq!(counts(single.as_mut()).await, counts(utf8.as_mut()).await);
    let a = read(utf8.as_mut(), "kunden", 3).await.all();
    let b = read(latin1.as_mut(), "kunden", 3).await.all();
    assert!(a.equals_missing(&b));
    let df = read(latin1.as_mut(), "contacts", 3).await.all();
    // latin1 has no emoji: mysqldump wrote '?'. The blob's bytes are not converted.
    assert_eq!(
        texts(&df, "name"),
        [s("Müller, Jürgen"), s("Zoë ?"), None, s("Ñandú")]
    );
    assert_eq!(texts(&df, "photo")[0], s("0x00FF0A27"));
}

#[tokio::test]
async fn pg_dump_inserts_and_column_inserts_equal_copy() {
    let mut copy = open(&fixture("pg_contacts.sql")).await;
    let mut inserts = open(&fixture("pg_contacts_inserts.sql")).await;
    let mut columns = open(&fixture("pg_contacts_column_inserts.sql")).await;
    let listed = counts(copy.as_mut()).await;
    assert_eq!(counts(inserts.as_mut()).await, listed);
    assert_eq!(counts(columns.as_mut()).await, listed);
    for table in ["contacts", "Kunden Adressen", "crm.contacts", "empty_notes"] {
        let a = read(copy.as_mut(), table, 4).await;
        let b = read(inserts.as_mut(), table, 4).await;
        let c = read(columns.as_mut(), table, 4).await;
        assert!(
            b.rejects.is_empty() && c.rejects.is_empty(),
            "{:?}",
            b.rejects
        );
        assert!(b.error.is_none() && c.error.is_none());
        assert!(a.all().equals_missing(&b.all()), "{table}");
        assert!(a.all().equals_missing(&c.all()), "{table}");
    }
    counts_match_reads(inserts.as_mut()).await;
}

#[tokio::test]
async fn sqlite_dump_matches_the_mysql_dump_where_types_allow() {
    let path = fixture("sqlite_contacts.sql");
    assert_eq!(
        SqlDumpSource::open(&path).unwrap().dialect(),
        crate::Dialect::Sqlite
    );
    let mut source = open(&path).await;
    assert_eq!(
        counts(source.as_mut()).await,
        [
            ("contacts".to_string(), Some(4)),
            ("empty_one".to_string(), Some(0))
        ]
    );
    let r = read(source.as_mut(), "contacts", 3).await;
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    let df = r.all();
    assert_eq!(
        texts(&df, "Street Name"),
        [s("Bahnhofstraße 1"), None, s("x"), s("y")]
    );
    let mut mysql = open(&fixture("mysql_contacts.sql")).await;
    let my = read(mysql.as_mut(), "contacts", 3).await.all();
    let pick = ["_src_row", "id", "name", "note", "score", "photo"];
    let a = df.select(pick).unwrap();
    let b = my.select(pick).unwrap();
    assert!(a.equals_missing(&b), "{a:?} vs {b:?}");
}

#[tokio::test]
async fn sql_server_script_reads_exact_values() {
    let path = fixture("mssql_contacts.sql");
    assert_eq!(
        SqlDumpSource::open(&path).unwrap().dialect(),
        crate::Dialect::Mssql
    );
    let mut source = open(&path).await;
    assert_eq!(
        counts(source.as_mut()).await,
        [
            ("Contacts".to_string(), Some(4)),
            ("Orders".to_string(), Some(2))
        ]
    );
    counts_match_reads(source.as_mut()).await;
    let columns = source
        .describe(&ReadRequest::Table("Contacts".into()))
        .await
        .unwrap();
    let natives: Vec<&str> = columns.iter().map(|c| c.native_type.as_str()).collect();
    assert_eq!(
        natives,
        [
            "int",
            "nvarchar(60)",
            "nvarchar(max)",
            "decimal(12,2)",
            "date",
            "datetime",
            "float",
            "bigint",
            "bit",
            "varbinary(max)"
        ]
    );
    let r = read(source.as_mut(), "Contacts", 10).await;
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    let df = r.all();
    assert_eq!(ints(&df, "Id"), [Some(1), Some(2), Some(3), Some(4)]);
    assert_eq!(
        texts(&df, "Note"),
        [
            s("it's a \"quote\""),
            s("back\\slash\nnewline\ttab"),
            s("semi;colon (paren) 100%_"),
            s("GO")
        ]
    );
    assert_eq!(
        texts(&df, "Seen"),
        [
            s("2024-01-31T10:00:00.000"),
            None,
            s("1999-12-31T23:59:59.000"),
            s("2024-06-01T00:00:00.000")
        ]
    );
    assert_eq!(texts(&df, "Balance")[1], s("-0.05"));
    assert_eq!(
        bools(&df, "Active"),
        [Some(true), Some(false), None, Some(true)]
    );
    assert_eq!(texts(&df, "Photo"), [s("0x00FF0A27"), None, s("0x"), None]);
    let df = read(source.as_mut(), "sales.Orders", 10).await.all();
    assert_eq!(texts(&df, "Total"), [s("19.9000"), s("-5.0000")]);
    assert_eq!(
        texts(&df, "Placed"),
        [s("2024-01-31T10:00:00.1234567"), None]
    );
}

#[tokio::test]
async fn oracle_script_reads_dates_q_quotes_and_slash_lines() {
    let path = fixture("oracle_contacts.sql");
    assert_eq!(
        SqlDumpSource::open(&path).unwrap().dialect(),
        crate::Dialect::Oracle
    );
    let mut source = open(&path).await;
    assert_eq!(
        counts(source.as_mut()).await,
        [
            ("CONTACTS".to_string(), Some(4)),
            ("NOTES".to_string(), Some(3))
        ]
    );
    counts_match_reads(source.as_mut()).await;
    let columns = source
        .describe(&ReadRequest::Table("CONTACTS".into()))
        .await
        .unwrap();
    let kinds: Vec<(&str, &DataType)> = columns
        .iter()
        .map(|c| (c.native_type.as_str(), &c.dtype))
        .collect();
    assert_eq!(kinds[0], ("NUMBER(10,0)", &DataType::Int64));
    assert_eq!(kinds[3], ("NUMBER(12,2)", &DataType::String));
    assert_eq!(kinds[6], ("BINARY_DOUBLE", &DataType::Float64));
    assert_eq!(kinds[7], ("NUMBER(19,0)", &DataType::Int64));
    assert_eq!(kinds[2], ("VARCHAR2(4000 BYTE)", &DataType::String));
    let r = read(source.as_mut(), "CONTACTS", 10).await;
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    let df = r.all();
    assert_eq!(ints(&df, "ID"), [Some(1), Some(2), Some(3), Some(4)]);
    assert_eq!(
        texts(&df, "BORN"),
        [
            s("1970-03-01"),
            None,
            s("2000-02-29"),
            s("1985-07-15 00:00:00")
        ]
    );
    assert_eq!(
        texts(&df, "SEEN"),
        [
            s("2024-01-31 10:00:00.000000000"),
            None,
            s("1999-12-31 23:59:59.000000000"),
            s("2024-06-01 00:00:00.000000000")
        ]
    );
    assert_eq!(texts(&df, "NOTE")[1], s("back\\slash\nnewline\ttab"));
    assert_eq!(texts(&df, "NOTE")[3], s("/"));
    assert_eq!(texts(&df, "PHOTO"), [s("0x00FF0A27"), None, None, None]);
    assert_eq!(floats(&df, "SCORE")[2], Some(-22500000000.0));
    let df = read(source.as_mut(), "NOTES", 10).await.all();
    assert_eq!(
        texts(&df, "BODY"),
        [
            s("it's [bracketed] text"),
            s("semi; colon"),
            s("a 'quoted' word")
        ]
    );
    assert_eq!(
        texts(&df, "CREATED"),
        [s("2024-01-31 10:00:00"), s("2024-01-31"), None]
    );
}

#[tokio::test]
async fn dialect_key_overrides_detection_and_unknown_values_fail() {
    let path = fixture("mysql_contacts.sql");
    let spec = |dialect: &str| {
        SourceSpec {
            url: Some(format!("sqldump:{}", path.display())),
            ..SourceSpec::default()
        }
        .with("dialect", dialect)
    };
    let err = match SqlDumpFactory.open(&spec("klingon")).await {
        Ok(_) => panic!("opened"),
        Err(e) => e,
    };
    assert!(matches!(err, SourceError::Config { .. }));
    assert!(err.to_string().contains("dialect = \"klingon\""), "{err}");
    let mut source = SqlDumpFactory.open(&spec("MySQL")).await.unwrap();
    assert_eq!(read(source.as_mut(), "kunden", 5).await.all().height(), 3);
    // Read as PostgreSQL, the backslash escapes are no escapes: the rows do not parse alike.
    let mut wrong = SqlDumpFactory.open(&spec("postgres")).await.unwrap();
    let r = read(wrong.as_mut(), "kunden", 5).await;
    assert_eq!(r.all().height() + r.rejects.len(), 3);
}

#[tokio::test]
async fn malformed_statements_are_rejected_and_their_neighbours_kept() {
    let dump = "CREATE TABLE `t` (`id` int(11), `name` varchar(10));\n\
        INSERT INTO `t` VALUES (1,'a'),(2,'b','extra'),(3,'c');\n\
        INSERT INTO `t` VALUES (4,FOO(1)),(5,'e');\n\
        INSERT INTO `t` VALUES (6,'f');\n\
        INSERT INTO `t` VALUES (x7,'g');\n\
        INSERT INTO `t` VALUES ('eight','h');\n\
        UPDATE `t` SET name = 'z';\n\
        INSERT INTO `t` (`id`, `nope`) VALUES (9,'i');\n\
        INSERT INTO `t` VALUES (10,'j');\n";
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "bad.sql", dump.as_bytes());
    assert_eq!(SqlDumpSource::open(&path).unwrap().unknown_statements(), 1);
    let mut source = open(&path).await;
    assert_eq!(counts(source.as_mut()).await, [("t".to_string(), Some(10))]);
    let r = read(source.as_mut(), "t", 3).await;
    assert!(r.error.is_none());
    assert_eq!(
        ints(&r.all(), "id"),
        [Some(1), Some(3), Some(5), Some(6), Some(10)]
    );
    let rejects: Vec<(u64, Option<String>)> = r
        .rejects
        .iter()
        .map(|j| (j.src_row, j.column.clone()))
        .collect();
    assert_eq!(
        rejects,
        [
            (2, None),
            (4, None),
            (7, None),
            (8, Some("id".to_string())),
            (9, None)
        ]
    );
    let m: Vec<&str> = r.rejects.iter().map(|j| j.message.as_str()).collect();
    assert!(
        m[0].contains("wrong number of values: expected 2"),
        "{}",
        m[0]
    );
    assert!(m[0].contains("table 't' row 2 (line 2, byte"), "{}", m[0]);
    assert!(m[0].contains("bad.sql"), "{}", m[0]);
    assert!(m[1].contains("unknown function FOO()"), "{}", m[1]);
    assert!(m[1].contains("line 3"), "{}", m[1]);
    assert!(m[1].contains("near: "), "{}", m[1]);
    assert!(m[2].contains("'X7'"), "{}", m[2]);
    assert!(m[3].contains("'eight' in column 'id'"), "{}", m[3]);
    assert!(m[4].contains("column 'nope'"), "{}", m[4]);
    // A reject shows the whole tuple as written, named by column.
    let shown = |i: usize| -> Vec<(String, String)> { r.rejects[i].values.clone() };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(shown(3), [pair("id", "eight"), pair("name", "h")]);
    assert_eq!(r.rejects[3].value.as_deref(), Some("eight"));
    assert_eq!(
        shown(0),
        [pair("id", "2"), pair("name", "b"), pair("value_3", "extra")]
    );
}

/// A value rejected after others were converted: the row shows every value as written.
#[tokio::test]
async fn a_rejected_value_late_in_the_tuple_shows_the_whole_row() {
    let dump = "CREATE TABLE `t` (`id` int(11), `name` varchar(10), `n` int(11), `d` date);\n\
        INSERT INTO `t` VALUES (1,'a',2,'2024-01-31'),(2,'Zoé','x3','0000-00-00'),(3,'c',4,NULL);\n";
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "late.sql", dump.as_bytes());
    let mut source = open(&path).await;
    let r = read(source.as_mut(), "t", 10).await;
    assert_eq!(ints(&r.all(), "id"), [Some(1), Some(3)]);
    assert_eq!(r.rejects.len(), 1);
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        r.rejects[0].values,
        [
            pair("id", "2"),
            pair("name", "Zoé"),
            pair("n", "x3"),
            pair("d", "0000-00-00")
        ]
    );
    assert_eq!(r.rejects[0].column.as_deref(), Some("n"));
    assert!(
        r.rejects[0].message.contains("'x3' in column 'n'"),
        "{}",
        r.rejects[0].message
    );
}

#[tokio::test]
async fn truncated_insert_dump_delivers_rows_then_fails() {
    let text = std::fs::read(fixture("mysql_contacts.sql")).unwrap();
    let at = text.windows(9).position(|w| w == b"(3,NULL,'").unwrap() + 12;
    let line = text[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "cut.sql", &text[..at]);
    let mut source = open(&path).await;
    assert_eq!(
        counts(source.as_mut()).await,
        [("contacts".to_string(), Some(2))]
    );
    let r = read(source.as_mut(), "contacts", 10).await;
    assert_eq!(ints(&r.all(), "id"), [Some(1), Some(2)]);
    let err = r.error.expect("an error at the cut");
    let SourceError::Read { row, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*row, Some(3));
    let message = err.to_string();
    assert!(message.contains("table 'contacts'"), "{message}");
    assert!(message.contains("after row 2"), "{message}");
    assert!(message.contains(&format!("(line {line})")), "{message}");
}

#[tokio::test]
async fn zstd_is_detected_by_magic_and_reads_like_plain() {
    let plain = std::fs::read(fixture("pg_contacts_inserts.sql")).unwrap();
    let packed = zstd::stream::encode_all(&plain[..], 3).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "dump.bin", &packed);
    let direct = SqlDumpSource::open(&path).unwrap();
    assert_eq!(direct.compression(), crate::Compression::Zstd);
    let mut a = open(&fixture("pg_contacts_inserts.sql")).await;
    let mut b = open(&path).await;
    assert_eq!(counts(a.as_mut()).await, counts(b.as_mut()).await);
    for table in ["contacts", "Kunden Adressen", "crm.contacts"] {
        let x = read(a.as_mut(), table, 2).await.all();
        let y = read(b.as_mut(), table, 2).await.all();
        assert!(x.height() > 0);
        assert!(x.equals_missing(&y), "{table}");
    }
    // Cut off: the rows before the cut (if a zstd block got through), then an error; the
    // file may also be too short to hold a whole block: then it is no dump. Never a panic.
    let cut = temp_dump(&dir, "cut.sql.zst", &packed[..packed.len() * 3 / 4]);
    let spec = SourceSpec::from_url(&format!("sqldump:{}", cut.display()));
    if let Ok(mut c) = SqlDumpFactory.open(&spec).await {
        for (table, _) in counts(c.as_mut()).await {
            let _ = read(c.as_mut(), &table, 2).await;
        }
    }
}

#[tokio::test]
async fn tables_without_create_table_take_names_from_the_insert() {
    let dump = b"INSERT INTO people (id, name) VALUES (1, 'Ann'), (2, NULL);\n\
        INSERT INTO pairs VALUES (1, 'x', 2.5);\n";
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "data.sql", dump);
    let mut source = open(&path).await;
    let df = read(source.as_mut(), "people", 10).await.all();
    assert_eq!(texts(&df, "id"), [s("1"), s("2")]);
    assert_eq!(texts(&df, "name"), [s("Ann"), None]);
    let df = read(source.as_mut(), "pairs", 10).await.all();
    assert_eq!(texts(&df, "col3"), [s("2.5")]);
}

#[test]
fn garbage_nul_bytes_and_every_cut_never_panic() {
    let read_all = crate::fuzzing::read_dump_bytes;
    read_all(b"", true);
    read_all(b"\0\0\0INSERT\0 INTO t VALUES (\0,'\0');", true);
    read_all(b"INSERT INTO t VALUES ((((((((", true);
    read_all(b"/*!40101 */ */ */ INSERT INTO `t` VALUES (_binary", true);
    read_all(b"COPY t FROM stdin;\n\\.", true);
    read_all(b"\x28\xb5\x2f\xfd garbage", true);
    read_all(b"\x1f\x8b garbage", true);
    read_all(
        b"INSERT INTO t VALUES (TO_DATE('x','YYYY-MM-DD'), CAST(1 AS), q'",
        true,
    );
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let alphabet = b"(),'\"`[];\n\\INSERT VALUES0x-/*#GO";
            alphabet[(seed % alphabet.len() as u64) as usize]
        })
        .collect();
    read_all(&noise, true);
    for name in [
        "mysql_contacts.sql",
        "mssql_contacts.sql",
        "oracle_contacts.sql",
        "sqlite_contacts.sql",
        "pg_contacts_inserts.sql",
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        for cut in (0..bytes.len()).step_by(53) {
            read_all(&bytes[..cut], false);
        }
        assert!(read_all(&bytes, false) > 0, "{name}");
    }
    let _ = Path::new("");
}

#[tokio::test]
async fn mysql_and_pg_literal_forms() {
    let dir = tempfile::tempdir().unwrap();
    let mysql = "-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\n\
        CREATE TABLE `m` (`id` int(11), `t` text, `b` varbinary(8), `bits` bit(3)) \
        ENGINE=InnoDB DEFAULT CHARSET=latin1;\n\
        # a hash comment\n\
        /*!40000 ALTER TABLE `m` DISABLE KEYS */;\n\
        INSERT IGNORE INTO `m` VALUES (1,_utf8mb4'caf\\xc3\\xa9','\\0\\b',b'101');\n\
        REPLACE INTO `m` (`id`, `t`, `b`) VALUES (2,'100\\% \\_x \\\\ \\Z',_binary 'a\\'b'),\
        (3,_latin1'caf\\xe9',X'0A0b');\n\
        INSERT INTO `m` VALUES (4,\"dq \\\"x\\\"\",0x,NULL) ON DUPLICATE KEY UPDATE t=VALUES(t);\n\
        DELIMITER ;;\n\
        /*!50003 CREATE*/ /*!50003 TRIGGER `tr` AFTER INSERT ON `m` FOR EACH ROW BEGIN \
        UPDATE `m` SET t = 'x'; INSERT INTO `log` VALUES (NEW.id); END */;;\n\
        DELIMITER ;\n";
    // The \\xc3 above is the Rust escape of a raw byte, not a MySQL escape.
    let bytes: Vec<u8> = mysql
        .replace("\\xc3\\xa9", "é")
        .replace("caf\\xe9", "caf\u{1}")
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { 0xe9 } else { b })
        .collect();
    let path = temp_dump(&dir, "m.sql", &bytes);
    let mut source = open(&path).await;
    // The trigger body's INSERT is no data: no table `log`.
    assert_eq!(counts(source.as_mut()).await, [("m".to_string(), Some(4))]);
    let r = read(source.as_mut(), "m", 10).await;
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    let df = r.all();
    assert_eq!(ints(&df, "id"), [Some(1), Some(2), Some(3), Some(4)]);
    assert_eq!(
        texts(&df, "t"),
        [
            s("café"),
            s("100\\% \\_x \\ \u{1a}"),
            s("café"),
            s("dq \"x\"")
        ]
    );
    assert_eq!(
        texts(&df, "b"),
        [s("0x0008"), s("0x612762"), s("0x0A0B"), s("0x")]
    );
    // bit(n) is an integer, as the live MySQL connector reads it (bit(1) a boolean).
    assert_eq!(ints(&df, "bits"), [Some(5), None, None, None]);

    let pg = "-- PostgreSQL database dump\nSET client_encoding = 'UTF8';\n\
        CREATE FUNCTION f() RETURNS void AS $body$ BEGIN INSERT INTO p VALUES (9); END; $body$;\n\
        CREATE FUNCTION g() RETURNS void AS $$ INSERT INTO p VALUES (8); $$ LANGUAGE sql;\n\
        CREATE TABLE public.p (id integer, t text, d date, n numeric(5,2), f double precision);\n\
        INSERT INTO public.p VALUES (1, E'a\\nb\\x41\\101\\u00e9', '2024-01-31'::date, \
        '1.50'::numeric(5,2), '-Infinity'::double precision);\n\
        INSERT INTO public.p VALUES (2, 'it''s'::character varying, NULL, -3, 1e3), \
        (3, U, NULL, NULL, NULL);\n";
    let path = temp_dump(&dir, "p.sql", pg.as_bytes());
    let mut source = open(&path).await;
    let r = read(source.as_mut(), "p", 10).await;
    let df = r.all();
    assert_eq!(texts(&df, "t"), [s("a\nbAAé"), s("it's")]);
    assert_eq!(texts(&df, "d"), [s("2024-01-31"), None]);
    assert_eq!(texts(&df, "n"), [s("1.50"), s("-3")]);
    assert_eq!(floats(&df, "f"), [Some(f64::NEG_INFINITY), Some(1000.0)]);
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(r.rejects[0].src_row, 3);
}

#[test]
fn dialects_are_detected_from_their_marks() {
    use crate::Dialect;
    let cases: [(&[u8], Dialect); 6] = [
        (b"--\n-- PostgreSQL database dump\n--\n", Dialect::Postgres),
        (
            b"/*M!999999\\- enable the sandbox mode */\n-- MariaDB dump 10.19\n",
            Dialect::Mysql,
        ),
        (b"INSERT INTO `t` VALUES (1);\n", Dialect::Mysql),
        (b"SET IDENTITY_INSERT [dbo].[T] ON\nGO\n", Dialect::Mssql),
        (b"REM INSERTING into X\nSET DEFINE OFF;\n", Dialect::Oracle),
        (
            b"PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n",
            Dialect::Sqlite,
        ),
    ];
    for (head, want) in cases {
        assert_eq!(
            Dialect::detect(head),
            want,
            "{}",
            String::from_utf8_lossy(head)
        );
    }
    assert_eq!(Dialect::from_name("MariaDB"), Some(Dialect::Mysql));
    assert_eq!(Dialect::from_name("db2"), None);
}

#[tokio::test]
async fn utf16_sql_server_script_reads_like_utf8() {
    let text = std::fs::read_to_string(fixture("mssql_contacts.sql")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut bytes = vec![0xff, 0xfe];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "unicode.sql", &bytes);
    let mut a = open(&fixture("mssql_contacts.sql")).await;
    let mut b = open(&path).await;
    assert_eq!(counts(a.as_mut()).await, counts(b.as_mut()).await);
    for table in ["Contacts", "Orders"] {
        let x = read(a.as_mut(), table, 3).await.all();
        let y = read(b.as_mut(), table, 3).await.all();
        assert!(x.height() > 0);
        assert!(x.equals_missing(&y), "{table}");
    }
}

#[tokio::test]
async fn a_table_in_several_batches_is_one_table_plain_gzip_and_zstd() {
    use std::io::Write;
    let mut dump =
        String::from("CREATE TABLE t (id integer, v text);\nCREATE TABLE u (id integer);\n");
    for batch in 0..3 {
        dump.push_str(&format!(
            "INSERT INTO t VALUES ({}, 'a'), ({}, 'b');\nINSERT INTO t VALUES ({}, 'c');\n",
            batch * 10 + 1,
            batch * 10 + 2,
            batch * 10 + 3
        ));
        dump.push_str(&format!("INSERT INTO u VALUES ({batch});\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = temp_dump(&dir, "t.sql", dump.as_bytes());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(dump.as_bytes()).unwrap();
    let gz = temp_dump(&dir, "t.sql.gz", &gz.finish().unwrap());
    let zst = temp_dump(
        &dir,
        "t.sql.zst",
        &zstd::stream::encode_all(dump.as_bytes(), 1).unwrap(),
    );
    let direct = SqlDumpSource::open(&plain).unwrap();
    assert_eq!(direct.tables[0].segments.len(), 3);
    let want = [1, 2, 3, 11, 12, 13, 21, 22, 23].map(Some).to_vec();
    for path in [plain, gz, zst] {
        let mut source = open(&path).await;
        assert_eq!(
            counts(source.as_mut()).await,
            [("t".to_string(), Some(9)), ("u".to_string(), Some(3))]
        );
        for batch in [1, 4, 100] {
            let df = read(source.as_mut(), "t", batch).await.all();
            assert_eq!(ints(&df, "id"), want, "{}", path.display());
            let rows: Vec<u64> = df
                .column("_src_row")
                .unwrap()
                .as_materialized_series()
                .u64()
                .unwrap()
                .into_no_null_iter()
                .collect();
            assert_eq!(rows, (1..=9).collect::<Vec<u64>>());
        }
        let df = read(source.as_mut(), "u", 2).await.all();
        assert_eq!(ints(&df, "id"), [Some(0), Some(1), Some(2)]);
    }
}

/// The index pass skips simple MySQL tuples without tokens: over many windows, with escapes,
/// doubled quotes, parentheses and semicolons inside strings, a function call and bad tuples,
/// its count equals the rows read plus the rejects, tuple for tuple.
#[tokio::test]
async fn mysql_index_fast_path_counts_every_tuple() {
    let mut dump = String::from("CREATE TABLE `t` (`id` int(11), `name` varchar(200));\n");
    let mut expected = 0u64;
    for statement in 0..4 {
        dump.push_str("INSERT INTO `t` VALUES ");
        for i in 0..3000u64 {
            if i > 0 {
                dump.push(',');
            }
            let id = statement * 10_000 + i;
            let value = match i % 9 {
                0 => format!("({id},'plain')"),
                1 => format!("({id},'it\\'s; (a) \\\\')"),
                2 => format!("({id},'doubled '' quote')"),
                3 => format!("( {id} , NULL )"),
                4 => format!("({id},'back\\\\slash at end\\\\')"),
                5 => format!("({id},CONCAT('a','b'))"),
                6 => format!("({id},'{}')", "x".repeat((i % 150) as usize)),
                7 => format!("(-{id},'neg')"),
                _ => format!("({id},'new\\nline')"),
            };
            dump.push_str(&value);
            expected += 1;
        }
        dump.push_str(";\n");
    }
    // A malformed tuple and a tuple of the wrong arity, both counted as one row each.
    dump.push_str("INSERT INTO `t` VALUES (1,'a'),(2,'b','extra'),(x3,'c'),(4,'d');\n");
    expected += 4;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "many.sql", dump.as_bytes());
    assert!(dump.len() > 4 * (1 << 16), "spans several windows");
    let mut source = open(&path).await;
    assert_eq!(
        counts(source.as_mut()).await,
        [("t".to_string(), Some(expected))]
    );
    let r = read(source.as_mut(), "t", 1000).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    let rejects: Vec<u64> = r.rejects.iter().map(|j| j.src_row).collect();
    // CONCAT is a function this reader does not know: one reject per such tuple.
    let concat_tuples = 4 * (0..3000).filter(|i| i % 9 == 5).count();
    assert_eq!(rejects.len(), concat_tuples + 2, "{:?}", &r.rejects[..1]);
    assert_eq!(r.all().height() as u64 + r.rejects.len() as u64, expected);
    let names = r.all();
    let names = names.column("name").unwrap().str().unwrap();
    assert_eq!(names.get(1), Some("it's; (a) \\"));
    assert_eq!(names.get(2), Some("doubled ' quote"));
    assert_eq!(names.get(3), None);
    assert_eq!(names.get(4), Some("back\\slash at end\\"));
}
