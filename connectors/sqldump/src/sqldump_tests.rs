use std::io::Write;
use std::path::{Path, PathBuf};

use futures::StreamExt;
use polars::prelude::{DataFrame, DataType};
use stx_connector_core::{
    ReadOptions, ReadReject, ReadRequest, Source, SourceError, SourceFactory, SourceSpec,
    SOURCE_ROW_COLUMN,
};

use crate::index::{kind_of, pg_encoding};
use crate::lexer::{Dialect, Lexer};
use crate::parse::{Parser, Stmt};
use crate::source::unescape;
use crate::SqlDumpFactory;

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/sqldump")
        .join(name)
}

pub(crate) async fn open(path: &Path) -> Box<dyn Source> {
    let spec = SourceSpec::from_url(&format!("sqldump:{}", path.display()));
    SqlDumpFactory.open(&spec).await.unwrap()
}

async fn open_err(path: &Path) -> String {
    let spec = SourceSpec::from_url(&format!("sqldump:{}", path.display()));
    match SqlDumpFactory.open(&spec).await {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    }
}

/// Every batch of a read, and the error that ended it, if any.
pub(crate) struct Read {
    pub frames: Vec<DataFrame>,
    pub rejects: Vec<ReadReject>,
    pub error: Option<SourceError>,
}

impl Read {
    pub fn all(&self) -> DataFrame {
        let mut all = self.frames[0].clone();
        for f in &self.frames[1..] {
            all.vstack_mut(f).unwrap();
        }
        all
    }
}

pub(crate) async fn read(source: &mut dyn Source, table: &str, batch: usize) -> Read {
    let mut stream = source
        .read(
            &ReadRequest::Table(table.into()),
            &ReadOptions::batch(batch),
        )
        .await
        .unwrap();
    let mut out = Read {
        frames: Vec::new(),
        rejects: Vec::new(),
        error: None,
    };
    while let Some(b) = stream.next().await {
        match b {
            Ok(b) => {
                out.frames.push(b.data);
                out.rejects.extend(b.rejects);
            }
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    out
}

pub(crate) fn texts(df: &DataFrame, column: &str) -> Vec<Option<String>> {
    df.column(column)
        .unwrap()
        .as_materialized_series()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

pub(crate) fn ints(df: &DataFrame, column: &str) -> Vec<Option<i64>> {
    df.column(column)
        .unwrap()
        .as_materialized_series()
        .i64()
        .unwrap()
        .iter()
        .collect()
}

pub(crate) fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// Writes `text` into a temporary dump file.
pub(crate) fn temp_dump(dir: &tempfile::TempDir, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn lists_every_table_with_exact_row_counts() {
    let mut source = open(&fixture("pg_contacts.sql")).await;
    let tables: Vec<(String, Option<u64>)> = source
        .list_tables()
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.rows))
        .collect();
    assert_eq!(
        tables,
        vec![
            ("Kunden Adressen".to_string(), Some(3)),
            ("crm.contacts".to_string(), Some(2)),
            ("contacts".to_string(), Some(7)),
            ("empty_notes".to_string(), Some(0)),
        ]
    );
    let d = source.description();
    assert_eq!(d.connector, "sqldump");
    assert!(!d.has_sql_engine);
}

#[tokio::test]
async fn describes_declared_types() {
    let mut source = open(&fixture("pg_contacts.sql")).await;
    let columns = source
        .describe(&ReadRequest::Table("contacts".into()))
        .await
        .unwrap();
    let got: Vec<(String, String, DataType)> = columns
        .into_iter()
        .map(|c| (c.name, c.native_type, c.dtype))
        .collect();
    let want = [
        ("id", "integer", DataType::Int64),
        ("name", "text", DataType::String),
        ("city", "character varying(40)", DataType::String),
        ("balance", "numeric(12,2)", DataType::String),
        ("born", "date", DataType::String),
        ("active", "boolean", DataType::Boolean),
        ("score", "double precision", DataType::Float64),
        ("visits", "smallint", DataType::Int64),
        ("big", "bigint", DataType::Int64),
        ("note", "text", DataType::String),
    ];
    let want: Vec<(String, String, DataType)> = want
        .into_iter()
        .map(|(n, t, d)| (n.to_string(), t.to_string(), d))
        .collect();
    assert_eq!(got, want);
    let quoted = source
        .describe(&ReadRequest::Table("crm.Kunden Adressen".into()))
        .await
        .unwrap();
    let names: Vec<&str> = quoted.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Kunden Nr", "Straße", "PLZ", "Ort"]);
    assert_eq!(quoted[0].dtype, DataType::Int64);
    assert_eq!(quoted[2].native_type, "character varying(10)");
}

#[tokio::test]
async fn reads_exact_values_with_escapes_nulls_and_types() {
    let mut source = open(&fixture("pg_contacts.sql")).await;
    let r = read(source.as_mut(), "contacts", 1000).await;
    assert!(r.error.is_none());
    assert!(r.rejects.is_empty());
    let df = r.all();
    let src: Vec<u64> = df
        .column(SOURCE_ROW_COLUMN)
        .unwrap()
        .as_materialized_series()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(src, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(ints(&df, "id"), (1..=7).map(Some).collect::<Vec<_>>());
    assert_eq!(
        texts(&df, "name"),
        [
            s("Müller, Jürgen"),
            s("Ösi Straße"),
            s("Çelik"),
            s("Back\\Slash"),
            s("Ñandú"),
            s(""),
            s("Zoë Å")
        ]
    );
    assert_eq!(
        texts(&df, "note"),
        [
            s("plain"),
            s("tab\there"),
            s("line1\nline2"),
            s("a\\b\\\\c"),
            s("cr\rend"),
            s(""),
            None
        ]
    );
    assert_eq!(texts(&df, "city")[1], None);
    assert_eq!(
        texts(&df, "balance"),
        [
            s("1234.50"),
            s("-0.05"),
            s("0.00"),
            s("99999.99"),
            None,
            s("10.00"),
            s("5.10")
        ]
    );
    assert_eq!(texts(&df, "born")[0], s("1970-03-01"));
    assert_eq!(texts(&df, "born")[1], None);
    let active: Vec<Option<bool>> = df
        .column("active")
        .unwrap()
        .as_materialized_series()
        .bool()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        active,
        [
            Some(true),
            Some(false),
            None,
            Some(true),
            Some(false),
            Some(true),
            Some(true)
        ]
    );
    let score: Vec<Option<f64>> = df
        .column("score")
        .unwrap()
        .as_materialized_series()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        score,
        [
            Some(1.5),
            None,
            Some(-22500000000.0),
            Some(0.0),
            Some(3.25),
            Some(100.0),
            Some(0.1)
        ]
    );
    assert_eq!(
        ints(&df, "big"),
        [
            Some(9_000_000_000),
            None,
            Some(-1),
            Some(42),
            Some(0),
            Some(1),
            Some(2)
        ]
    );
    assert_eq!(ints(&df, "visits")[4], Some(-5));

    let r = read(source.as_mut(), "Kunden Adressen", 10).await;
    let df = r.all();
    assert_eq!(ints(&df, "Kunden Nr"), [Some(1), Some(2), Some(3)]);
    assert_eq!(
        texts(&df, "Straße"),
        [s("Bahnhofstraße 1"), s("Rue du Rhône 5"), None]
    );
    let r = read(source.as_mut(), "crm.contacts", 10).await;
    assert_eq!(texts(&r.all(), "emoji"), [s("Grüße 😀🎉"), None]);
}

#[tokio::test]
async fn latin1_dump_reads_the_same_frames_as_utf8() {
    let mut utf8 = open(&fixture("pg_contacts.sql")).await;
    let mut latin1 = open(&fixture("pg_contacts_latin1.sql")).await;
    assert!(std::fs::read_to_string(fixture("pg_contacts_latin1.sql")).is_err());
    for table in ["contacts", "Kunden Adressen", "empty_notes"] {
        let a = read(utf8.as_mut(), table, 3).await.all();
        let b = read(latin1.as_mut(), table, 3).await.all();
        assert!(a.equals_missing(&b), "{table}: {a} vs {b}");
    }
    let df = read(latin1.as_mut(), "contacts", 3).await.all();
    assert_eq!(texts(&df, "name")[0], s("Müller, Jürgen"));
}

#[tokio::test]
async fn table_without_data_is_one_empty_batch_with_its_columns() {
    // The LATIN1 dump was made with --exclude-table-data=crm.contacts: CREATE TABLE, no COPY.
    let mut source = open(&fixture("pg_contacts_latin1.sql")).await;
    let tables = source.list_tables().await.unwrap();
    let crm = tables.iter().find(|t| t.name == "crm.contacts").unwrap();
    assert_eq!(crm.rows, Some(0));
    let r = read(source.as_mut(), "crm.contacts", 10).await;
    assert!(r.error.is_none());
    assert_eq!(r.frames.len(), 1);
    let df = &r.frames[0];
    assert_eq!(df.height(), 0);
    let schema: Vec<(String, DataType)> = df
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.dtype().clone()))
        .collect();
    assert_eq!(
        schema,
        [
            (SOURCE_ROW_COLUMN.to_string(), DataType::UInt64),
            ("id".to_string(), DataType::Int64),
            ("emoji".to_string(), DataType::String),
            ("flag".to_string(), DataType::Boolean),
        ]
    );
    // A COPY block without rows is the same.
    let r = read(source.as_mut(), "empty_notes", 10).await;
    assert_eq!(r.frames.len(), 1);
    assert_eq!(r.frames[0].width(), 3);
    assert_eq!(r.frames[0].height(), 0);
}

#[tokio::test]
async fn batch_boundaries_do_not_change_the_rows() {
    let mut source = open(&fixture("pg_contacts.sql")).await;
    let whole = read(source.as_mut(), "contacts", 1000).await.all();
    for (batch, batches) in [(1, 7), (6, 2), (7, 1), (8, 1)] {
        let r = read(source.as_mut(), "contacts", batch).await;
        assert_eq!(r.frames.len(), batches, "batch {batch}");
        assert!(r.frames.iter().all(|f| f.height() <= batch));
        assert!(r.all().equals_missing(&whole), "batch {batch}");
    }
}

#[tokio::test]
async fn gzip_is_detected_by_magic_and_reads_like_plain() {
    let dir = tempfile::tempdir().unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(&std::fs::read(fixture("pg_contacts.sql")).unwrap())
        .unwrap();
    // Named .dat: detection must not rely on the name.
    let gz = temp_dump(&dir, "dump.dat", &encoder.finish().unwrap());
    let mut plain = open(&fixture("pg_contacts.sql")).await;
    let mut zipped = open(&gz).await;
    assert_eq!(
        plain.list_tables().await.unwrap(),
        zipped.list_tables().await.unwrap()
    );
    for table in ["contacts", "Kunden Adressen", "crm.contacts", "empty_notes"] {
        let a = read(plain.as_mut(), table, 2).await.all();
        let b = read(zipped.as_mut(), table, 2).await.all();
        assert!(a.height() > 0 || table == "empty_notes");
        assert!(a.equals_missing(&b), "{table}");
    }
}

#[tokio::test]
async fn dump_cut_inside_a_copy_block_delivers_rows_then_fails() {
    let text = std::fs::read_to_string(fixture("pg_contacts.sql")).unwrap();
    let at = text.find("4\tBack").unwrap() + 10;
    let line = text[..at].lines().count();
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "cut.sql", &text.as_bytes()[..at]);
    let mut source = open(&path).await;
    let tables = source.list_tables().await.unwrap();
    let contacts = tables.iter().find(|t| t.name == "contacts").unwrap();
    assert_eq!(contacts.rows, Some(3));
    // Its CREATE TABLE comes before the cut, its COPY after: listed, no rows.
    let empty = tables.iter().find(|t| t.name == "empty_notes").unwrap();
    assert_eq!(empty.rows, Some(0));
    let r = read(source.as_mut(), "contacts", 2).await;
    assert_eq!(r.all().height(), 3);
    assert_eq!(ints(&r.all(), "id"), [Some(1), Some(2), Some(3)]);
    let err = r.error.expect("an error after the rows");
    let SourceError::Read { row, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*row, Some(4));
    let message = err.to_string();
    assert!(message.contains("table 'contacts'"), "{message}");
    assert!(message.contains("after row 3"), "{message}");
    assert!(message.contains(&format!("(line {line})")), "{message}");
}

#[tokio::test]
async fn truncated_gzip_delivers_rows_before_the_cut_then_fails() {
    // Enough rows that the cut falls inside the COPY block of `big`.
    let mut dump = String::from("CREATE TABLE public.big (\n    id integer,\n    t text\n);\n\nCOPY public.big (id, t) FROM stdin;\n");
    for i in 1..=20_000 {
        dump.push_str(&format!("{i}\trow {i} {}\n", i * 7919 % 10007));
    }
    dump.push_str("\\.\n");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(dump.as_bytes()).unwrap();
    let gz = encoder.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let whole = temp_dump(&dir, "big.sql.gz", &gz);
    let cut = temp_dump(&dir, "cut.sql.gz", &gz[..gz.len() / 2]);
    let mut source = open(&whole).await;
    let r = read(source.as_mut(), "big", 5000).await;
    assert!(r.error.is_none());
    assert_eq!(r.all().height(), 20_000);
    let mut source = open(&cut).await;
    let listed = source.list_tables().await.unwrap()[0].rows.unwrap();
    assert!(listed > 100 && listed < 20_000, "{listed}");
    let r = read(source.as_mut(), "big", 5000).await;
    let got = r.all();
    assert_eq!(got.height() as u64, listed);
    assert_eq!(ints(&got, "id").last(), Some(&Some(listed as i64)));
    let message = r.error.expect("an error at the cut").to_string();
    assert!(message.contains("table 'big'"), "{message}");
    assert!(
        message.contains(&format!("at row {}", listed + 1)),
        "{message}"
    );
}

#[tokio::test]
async fn bad_rows_are_rejected_not_dropped() {
    let text = std::fs::read_to_string(fixture("pg_contacts.sql")).unwrap();
    let text = text
        // Wrong field count: two fields glued together.
        .replace("3\tÇelik\tGenève", "3\tÇelik Genève")
        // Not an integer.
        .replace(
            "5\tÑandú\tLugano\t\\N\t1985-07-15\tf\t3.25\t-5",
            "5\tÑandú\tLugano\t\\N\t1985-07-15\tf\t3.25\tfive",
        );
    let mut bytes = text.into_bytes();
    // Invalid UTF-8 in a UTF8 dump.
    let at = bytes.windows(4).position(|w| w == b"Chur").unwrap();
    bytes[at + 1] = 0xff;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "bad.sql", &bytes);
    let mut source = open(&path).await;
    let r = read(source.as_mut(), "contacts", 2).await;
    assert!(r.error.is_none());
    assert_eq!(ints(&r.all(), "id"), [Some(1), Some(2), Some(4), Some(6)]);
    let rejects: Vec<(u64, Option<String>, Option<String>)> = r
        .rejects
        .iter()
        .map(|j| (j.src_row, j.column.clone(), j.value.clone()))
        .collect();
    assert_eq!(
        rejects,
        [
            (3, None, None),
            (5, Some("visits".into()), Some("five".into())),
            (7, Some("city".into()), Some("C\u{fffd}ur".into())),
        ]
    );
    assert!(
        r.rejects[0]
            .message
            .contains("expected 10 fields (the COPY's columns), found 9"),
        "{}",
        r.rejects[0].message
    );
    assert!(r.rejects[0].message.contains("row 3"));
    assert_eq!(
        r.rejects[0].values[1],
        ("name".into(), "Çelik Genève".into())
    );
    assert!(
        r.rejects[2].message.contains("UTF-8"),
        "{}",
        r.rejects[2].message
    );
}

#[tokio::test]
async fn small_insert_dump_is_read_with_counts() {
    let dump = b"SET client_encoding = 'UTF8';\n\
        CREATE TABLE public.people (\n    id integer,\n    name text\n);\n\
        INSERT INTO public.people VALUES (1, 'a;b');\n\
        INSERT INTO public.people VALUES (2, 'c');\n\
        CREATE TABLE public.nothing (\n    id integer\n);\n";
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "inserts.sql", dump);
    let mut source = open(&path).await;
    let tables = source.list_tables().await.unwrap();
    assert_eq!(tables[0].name, "people");
    assert_eq!(tables[0].rows, Some(2));
    assert_eq!(tables[1].rows, Some(0));
    let r = read(source.as_mut(), "people", 10).await;
    assert!(r.error.is_none());
    assert_eq!(texts(&r.all(), "name"), [s("a;b"), s("c")]);
    let r = read(source.as_mut(), "nothing", 10).await;
    assert_eq!(r.frames.len(), 1);
    assert_eq!(r.frames[0].height(), 0);
}

#[tokio::test]
async fn a_file_that_is_not_a_dump_fails_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "notes.sql", b"id,name\n1,Anna\n");
    let message = open_err(&path).await;
    assert!(message.contains("this is not a SQL dump"), "{message}");
    assert!(message.contains("Hint: "), "{message}");
    let message = open_err(&dir.path().join("missing.sql")).await;
    assert!(message.contains("no such file"), "{message}");
}

#[tokio::test]
async fn names_queries_and_unknown_tables() {
    let mut source = open(&fixture("pg_contacts.sql")).await;
    let a = read(source.as_mut(), "public.contacts", 100).await.all();
    let b = read(source.as_mut(), "CONTACTS", 100).await.all();
    assert!(a.equals_missing(&b));
    assert_eq!(a.height(), 7);
    let err = source
        .describe(&ReadRequest::Table("nope".into()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Kunden Adressen, crm.contacts, contacts"),
        "{err}"
    );
    let err = source
        .describe(&ReadRequest::Query("select 1".into()))
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::Query { .. }));
}

// polars SQL blocks on its own runtime: it needs tokio's multi-threaded one.
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn polars_sql_runs_over_the_dump_tables() {
    let mut source = open(&fixture("pg_contacts.sql")).await;
    let stx_connector_core::QueryResult {
        data: df, rejects, ..
    } = stx_connector_core::read_with_polars_sql(
        source.as_mut(),
        "SELECT c.name, k.\"Ort\" FROM contacts c \
         JOIN \"Kunden Adressen\" k ON c.id = k.\"Kunden Nr\" ORDER BY c.id",
        2,
        None,
    )
    .await
    .unwrap();
    assert!(rejects.is_empty());
    assert_eq!(
        texts(&df, "name"),
        [s("Müller, Jürgen"), s("Ösi Straße"), s("Çelik")]
    );
    assert_eq!(texts(&df, "Ort"), [s("Zürich"), s("Genève"), s("Bern")]);
    // The empty table is registered (from its one empty batch) and can be queried.
    let df = stx_connector_core::read_with_polars_sql(
        source.as_mut(),
        "SELECT id, body FROM empty_notes",
        2,
        None,
    )
    .await
    .unwrap()
    .data;
    assert_eq!(df.height(), 0);
    assert_eq!(df.column("id").unwrap().dtype(), &DataType::Int64);
}

#[test]
fn copy_escapes_are_undone() {
    assert_eq!(unescape(b"a\\tb\\nc\\rd\\\\e").as_ref(), b"a\tb\nc\rd\\e");
    assert_eq!(unescape(b"\\b\\f\\v").as_ref(), [8, 12, 11]);
    assert_eq!(unescape(b"\\101\\60\\7x").as_ref(), b"A0\x07x");
    assert_eq!(unescape(b"\\x41\\x4g\\xz").as_ref(), b"A\x04gxz");
    assert_eq!(unescape(b"\\303\\274").as_ref(), "ü".as_bytes());
    assert_eq!(unescape(b"\\q end\\").as_ref(), b"q end\\");
}

#[test]
fn create_table_columns_skip_constraints() {
    let sql =
        "CREATE TABLE crm.\"Kunden \"\"A\"\"\" (\n    \"Mixed Case\" numeric(12,2) NOT NULL,\n    \
               name character varying(40) DEFAULT 'a, b'::character varying,\n    \
               at timestamp(3) without time zone,\n    tags text[],\n    \
               CONSTRAINT c CHECK ((a > 0)),\n    PRIMARY KEY (\"Mixed Case\", name),\n    \
               UNIQUE (name)\n);";
    let (schema, name, columns) = parse_create_table(Dialect::Postgres, sql);
    assert_eq!((schema.as_str(), name.as_str()), ("crm", "Kunden \"A\""));
    let got: Vec<(&str, &str)> = columns
        .iter()
        .map(|c| (c.name.as_str(), c.native.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Mixed Case", "numeric(12,2)"),
            ("name", "character varying(40)"),
            ("at", "timestamp(3) without time zone"),
            ("tags", "text[]"),
        ]
    );
    let mut parser = parser_over(
        Dialect::Postgres,
        b"COPY t (a, \"B c\") FROM stdin;\n1\t2\n\\.\n",
    );
    parser.default_schema = "legacy".into();
    let Some(Stmt::Copy {
        table,
        columns,
        rows,
        ..
    }) = parser.next_statement().map(|s| s.kind)
    else {
        panic!("no COPY")
    };
    assert_eq!(
        (table.schema.as_str(), table.name.as_str(), rows),
        ("legacy", "t", 1)
    );
    assert_eq!(columns, ["a", "B c"]);
}

#[test]
fn types_and_encodings_are_mapped() {
    use stx_connector_core::ColumnKind;
    let pg = |t| kind_of(Dialect::Postgres, t);
    assert_eq!(pg("bigint"), ColumnKind::Int);
    assert_eq!(pg("double precision"), ColumnKind::Float);
    assert_eq!(pg("boolean"), ColumnKind::Bool);
    assert_eq!(pg("integer[]"), ColumnKind::Text);
    assert_eq!(pg("numeric(12,2)"), ColumnKind::Text);
    // As the live MySQL connector reads them.
    let my = |t| kind_of(Dialect::Mysql, t);
    for boolean in [
        "tinyint(1)",
        "TINYINT(1) unsigned",
        "bool",
        "BOOLEAN",
        "bit(1)",
    ] {
        assert_eq!(my(boolean), ColumnKind::Bool, "{boolean}");
    }
    for int in [
        "tinyint(4)",
        "tinyint",
        "int(11)",
        "bigint unsigned",
        "bit(8)",
        "year",
    ] {
        assert_eq!(my(int), ColumnKind::Int, "{int}");
    }
    assert_eq!(my("decimal(10,0)"), ColumnKind::Text);
    assert_eq!(my("datetime"), ColumnKind::Text);
    assert_eq!(pg_encoding("UTF8"), Some(encoding_rs::UTF_8));
    assert_eq!(pg_encoding("LATIN1"), Some(encoding_rs::WINDOWS_1252));
    assert_eq!(pg_encoding("WIN1250"), Some(encoding_rs::WINDOWS_1250));
    assert_eq!(pg_encoding("LATIN9"), Some(encoding_rs::ISO_8859_15));
    assert_eq!(pg_encoding("KLINGON"), None);
}

/// A parser over `text`.
fn parser_over(dialect: Dialect, text: &[u8]) -> Parser {
    let reader = std::io::Cursor::new(text.to_vec());
    Parser::new(Lexer::new(Box::new(reader), dialect, 0, 1))
}

/// The first CREATE TABLE of `sql`: schema, name, columns.
fn parse_create_table(
    dialect: Dialect,
    sql: &str,
) -> (String, String, Vec<crate::declared::DeclaredColumn>) {
    let mut parser = parser_over(dialect, sql.as_bytes());
    while let Some(stmt) = parser.next_statement() {
        if let Stmt::CreateTable { table, columns } = stmt.kind {
            return (table.schema, table.name, columns);
        }
    }
    panic!("no CREATE TABLE in {sql}")
}
