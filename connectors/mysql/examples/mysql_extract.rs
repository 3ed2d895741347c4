//! Extraction speed of the MySQL/MariaDB source: reads a table through the connector and
//! reports rows per second.
//!
//! ```text
//! STX_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//!   target/release/examples/mysql_extract [--create ROWS] [TABLE] [BATCH_ROWS]
//! ```
//!
//! `--create ROWS` first (re)creates `TABLE` (default `stx_bench_contacts`) as a 15-column
//! contact table with ROWS synthetic rows. Compare with
//! `time mariadb --quick -N -e "SELECT * FROM test.stx_bench_contacts" > /dev/null`.

use std::time::Instant;

use futures::StreamExt;
use mysql_async::prelude::Queryable;
use stx_connector_core::{ReadOptions, ReadRequest, Source, SourceSpec};
use stx_connector_mysql::{quote_identifier, MysqlSource};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("STX_TEST_MYSQL_URL")
        .map_err(|_| "set STX_TEST_MYSQL_URL=mysql://user@host:port/database")?;
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut create = None;
    if args.first().map(String::as_str) == Some("--create") {
        create = Some(args.get(1).ok_or("--create ROWS")?.parse::<u64>()?);
        args.drain(..2);
    }
    let table = args
        .first()
        .cloned()
        .unwrap_or_else(|| "stx_bench_contacts".into());
    let batch_rows: usize = args
        .get(1)
        .map(|b| b.parse())
        .transpose()?
        .unwrap_or(50_000);
    if let Some(rows) = create {
        create_table(&url, &table, rows).await?;
    }
    let mut source = MysqlSource::open(&SourceSpec::from_url(&url)).await?;
    let start = Instant::now();
    let mut stream = source
        .read(
            &ReadRequest::Table(table.clone()),
            &ReadOptions::batch(batch_rows),
        )
        .await?;
    let (mut rows, mut rejects, mut warnings, mut columns) = (0usize, 0usize, 0usize, 0usize);
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        rows += batch.data.height();
        rejects += batch.rejects.len();
        warnings += batch.warnings.len();
        columns = batch.data.width();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{table}: {rows} rows x {columns} columns ({rejects} rejects, {warnings} warnings) in {secs:.2} s = {:.0} rows/s",
        rows as f64 / secs
    );
    Ok(())
}

/// A contact table like the ones migrations read: ids, names, address, dates, flags, amounts.
async fn create_table(url: &str, table: &str, rows: u64) -> Result<(), Box<dyn std::error::Error>> {
    let opts = mysql_async::Opts::from_url(url)?;
    let mut conn = mysql_async::Conn::new(opts).await?;
    let t = quote_identifier(table);
    let ids = quote_identifier(&format!("{table}_ids"));
    for sql in [
        format!("DROP TABLE IF EXISTS {t}, {ids}"),
        format!("CREATE TABLE {ids} (id INT PRIMARY KEY)"),
        format!("INSERT INTO {ids} VALUES (1)"),
    ] {
        conn.query_drop(sql).await?;
    }
    let mut have = 1u64;
    while have < rows {
        conn.query_drop(format!(
            "INSERT INTO {ids} SELECT id + {have} FROM {ids} WHERE id + {have} <= {rows}"
        ))
        .await?;
        have = (have * 2).min(rows);
    }
    conn.query_drop(format!(
        "CREATE TABLE {t} (id INT PRIMARY KEY, title VARCHAR(10), first_name VARCHAR(40), \
         last_name VARCHAR(40), email VARCHAR(80), phone VARCHAR(30), street VARCHAR(80), \
         zip VARCHAR(10), city VARCHAR(40), country CHAR(2), birth_date DATE, created_at DATETIME, \
         vip TINYINT(1), balance DECIMAL(10,2), lang VARCHAR(5)) DEFAULT CHARSET=utf8mb4"
    ))
    .await?;
    conn.query_drop(format!(
        "INSERT INTO {t} SELECT id, ELT(1 + id % 3, 'Mr', 'Mrs', 'Dr'), \
         CONCAT(ELT(1 + id % 5, 'Zoé', 'Jean', 'Anna', 'Luca', 'Mia'), id % 97), \
         CONCAT(ELT(1 + id % 4, 'Müller', 'Dupont', 'Rossi', 'Smith'), '-', id % 1013), \
         CONCAT('user', id, '@example.org'), CONCAT('+41 79 ', LPAD(id % 10000000, 7, '0')), \
         CONCAT(id % 300, ' Rue de la Gare'), LPAD(1000 + id % 9000, 4, '0'), \
         ELT(1 + id % 4, 'Genève', 'Zürich', 'Lausanne', 'Bern'), ELT(1 + id % 3, 'CH', 'FR', 'DE'), \
         IF(id % 50 = 0, NULL, DATE('1950-01-01') + INTERVAL (id % 20000) DAY), \
         TIMESTAMP('2015-01-01 08:00:00') + INTERVAL (id * 37) SECOND, id % 7 = 0, \
         (id % 100000) / 100, ELT(1 + id % 3, 'fr', 'de', 'en') FROM {ids}"
    ))
    .await?;
    conn.query_drop(format!("DROP TABLE {ids}")).await?;
    conn.disconnect().await?;
    println!("created {table} with {rows} rows");
    Ok(())
}
