use super::*;
use futures::StreamExt;
use polars::prelude::{DataFrame, DataType};
use stx_connector_core::{Batch, ReadReject, SOURCE_ROW_COLUMN};

async fn make_db(dir: &Path) -> PathBuf {
    let path = dir.join("legacy.db");
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    for sql in [
        "CREATE TABLE person (id INTEGER PRIMARY KEY, name VARCHAR(40), score REAL, vip BOOLEAN, born DATE, misc)",
        "INSERT INTO person VALUES (1, 'Zoé', 1.5, 1, '1970-01-02', X'00ff')",
        "INSERT INTO person VALUES (2, NULL, 2, 0, NULL, 42)",
        "INSERT INTO person VALUES (3, 'Bob', 'n/a', 'yes', '31.02.1980', 'x')",
        "INSERT INTO person VALUES (4, 123, '3.25', 't', NULL, NULL)",
        "INSERT INTO person VALUES (5, 'Eve', NULL, 7, NULL, NULL)",
        "CREATE TABLE \"odd \"\"name\" (a TEXT)",
        "CREATE VIEW v_person AS SELECT id, upper(name) AS uname FROM person",
    ] {
        conn.execute(sql).await.unwrap();
    }
    path
}

async fn read_all(source: &mut SqliteSource, request: ReadRequest, batch: usize) -> Vec<Batch> {
    let mut stream = source
        .read(&request, &ReadOptions::batch(batch))
        .await
        .unwrap();
    let mut out = Vec::new();
    while let Some(b) = stream.next().await {
        out.push(b.unwrap());
    }
    out
}

#[tokio::test]
async fn reads_declared_types_and_rejects_values_that_do_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_db(dir.path()).await;
    let mut source = SqliteSource::open(&path).await.unwrap();
    let batches = read_all(&mut source, ReadRequest::Table("person".into()), 2).await;
    assert_eq!(batches.len(), 3, "5 rows in batches of 2");
    let rows: usize = batches.iter().map(|b| b.rows_read()).sum();
    assert_eq!(rows, 5);
    let first = &batches[0].data;
    assert_eq!(first.get_column_names()[0].as_str(), SOURCE_ROW_COLUMN);
    assert_eq!(first.column("id").unwrap().dtype(), &DataType::Int64);
    assert_eq!(first.column("score").unwrap().dtype(), &DataType::Float64);
    assert_eq!(first.column("vip").unwrap().dtype(), &DataType::Boolean);
    assert_eq!(first.column("born").unwrap().dtype(), &DataType::String);
    // Row 1 has a BLOB that is not UTF-8 in the untyped column: rejected, not mangled.
    let rejects: Vec<&ReadReject> = batches.iter().flat_map(|b| &b.rejects).collect();
    let rejected_rows: Vec<u64> = rejects.iter().map(|r| r.src_row).collect();
    // Row 1: binary misc; row 3: 'n/a' in REAL; row 5: 7 in BOOLEAN.
    assert_eq!(rejected_rows, vec![1, 3, 5]);
    assert_eq!(rejects[1].column.as_deref(), Some("score"));
    assert_eq!(rejects[1].value.as_deref(), Some("n/a"));
    assert!(
        rejects[1].message.contains("CAST(score AS TEXT)"),
        "{}",
        rejects[1].message
    );
    assert_eq!(rejects[2].column.as_deref(), Some("vip"));
    // Row 4: text that parses in numeric columns is accepted; an integer in a text column is text.
    let all: Vec<DataFrame> = batches.iter().map(|b| b.data.clone()).collect();
    let row4 = all
        .iter()
        .find(|d| {
            d.height() > 0 && d.column(SOURCE_ROW_COLUMN).unwrap().u64().unwrap().get(0) == Some(4)
        })
        .unwrap();
    assert_eq!(
        row4.column("name").unwrap().str().unwrap().get(0),
        Some("123")
    );
    assert_eq!(
        row4.column("score").unwrap().f64().unwrap().get(0),
        Some(3.25)
    );
    assert_eq!(
        row4.column("vip").unwrap().bool().unwrap().get(0),
        Some(true)
    );
}

#[tokio::test]
async fn lists_tables_views_and_describes_queries() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_db(dir.path()).await;
    let mut source = SqliteSource::open(&path).await.unwrap();
    let tables = source.list_tables().await.unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["odd \"name", "person", "v_person"]);
    assert_eq!(tables[1].rows, Some(5));
    assert_eq!(tables[2].kind, "view");
    let cols = source
        .describe(&ReadRequest::Query(
            "SELECT id, name || '!' AS shout FROM person".into(),
        ))
        .await
        .unwrap();
    assert_eq!(cols[0].name, "id");
    assert_eq!(cols[0].dtype, DataType::Int64);
    assert_eq!(cols[1].name, "shout");
    assert_eq!(cols[1].dtype, DataType::String);
    let batches = read_all(&mut source, ReadRequest::Table("odd \"name".into()), 10).await;
    assert_eq!(batches.iter().map(|b| b.rows_read()).sum::<usize>(), 0);
}

#[tokio::test]
async fn helpful_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = SqliteSource::open(&dir.path().join("nope.db"))
        .await
        .err()
        .unwrap();
    assert!(missing.to_string().contains("no such file"), "{missing}");
    let not_db = dir.path().join("text.db");
    std::fs::write(
        &not_db,
        "this is not a database, just some text that is long enough to look like a header",
    )
    .unwrap();
    let err = SqliteSource::open(&not_db).await.err().unwrap();
    assert!(err.to_string().contains("SQLite 3 database"), "{err}");
    let path = make_db(dir.path()).await;
    let mut source = SqliteSource::open(&path).await.unwrap();
    let err = source
        .read(
            &ReadRequest::Table("persons".into()),
            &ReadOptions::batch(10),
        )
        .await
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("no table named 'persons'") && err.to_string().contains("person"),
        "{err}"
    );
    let err = source
        .read(
            &ReadRequest::Query(
                "SELECT p.id, q.id FROM person p JOIN person q ON p.id = q.id".into(),
            ),
            &ReadOptions::batch(10),
        )
        .await
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("two columns named 'id'") && err.to_string().contains("AS a_id"),
        "{err}"
    );
    let err = source
        .describe(&ReadRequest::Query("SELECT nope FROM person".into()))
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn affinity_rules() {
    assert_eq!(kind_for_declared_type("BIGINT"), ColumnKind::Int);
    assert_eq!(kind_for_declared_type("varchar(20)"), ColumnKind::Text);
    assert_eq!(
        kind_for_declared_type("DOUBLE PRECISION"),
        ColumnKind::Float
    );
    assert_eq!(kind_for_declared_type("NUMERIC(10,2)"), ColumnKind::Text);
    assert_eq!(kind_for_declared_type(""), ColumnKind::Text);
    assert_eq!(quote_identifier("a\"b"), "\"a\"\"b\"");
}

/// The rows come from a reader thread: a stream dropped after its first batch stops it, and
/// the file is free for the next read.
#[tokio::test]
async fn a_dropped_stream_stops_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_db(dir.path()).await;
    let mut source = SqliteSource::open(&path).await.unwrap();
    {
        let mut stream = source
            .read(&ReadRequest::Table("person".into()), &ReadOptions::batch(1))
            .await
            .unwrap();
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(first.rows_read(), 1);
    }
    let again = read_all(&mut source, ReadRequest::Table("person".into()), 100).await;
    assert_eq!(again.iter().map(|b| b.rows_read()).sum::<usize>(), 5);
}
