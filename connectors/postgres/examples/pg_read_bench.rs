//! Extraction speed of the PostgreSQL source next to `psql ... COPY ... (FORMAT binary) >
//! /dev/null` on the same table: a generated 1M-row, 15-column contact table.
//!
//! ```text
//! STX_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!   cargo run --release --example pg_read_bench -- [rows]
//! ```
//! The table `stx_bench_contacts_<rows>` is created when missing and kept for the next run
//! (`STX_BENCH_DROP=1` drops it at the end). Only release builds give meaningful figures.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures::StreamExt;
use stx_connector_core::{ReadOptions, ReadRequest, Source, SourceSpec};
use stx_connector_postgres::PostgresSource;

const RUNS: usize = 3;

#[tokio::main]
async fn main() {
    let url = std::env::var("STX_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let rows: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("rows must be a number"))
        .unwrap_or(1_000_000);
    let table = format!("stx_bench_contacts_{rows}");
    let existing = psql(&url, &format!("SELECT count(*) FROM {table}"));
    if existing.is_none() {
        eprintln!("creating {table} ({rows} rows) ...");
        let create = format!(
            "CREATE TABLE {table} AS SELECT g::int8 AS id, \
             'First' || (g % 997) AS first_name, 'Lastname-' || (g % 5003) AS last_name, \
             'user' || g || '@example.com' AS email, '+41 79 ' || lpad((g % 10000000)::text, 7, '0') AS phone, \
             (g % 300) || ' Rue de la Gare' AS street, lpad((1000 + g % 9000)::text, 4, '0') AS zip, \
             (ARRAY['Genève', 'Zürich', 'Lausanne', 'Bern'])[1 + g % 4] AS city, 'CH'::char(2) AS country, \
             DATE '1950-01-01' + (g % 20000) AS birth_date, \
             TIMESTAMPTZ '2020-01-01 00:00:00+00' + g * INTERVAL '1 second' AS created_at, \
             TIMESTAMP '2021-06-01 12:00:00' + g * INTERVAL '1.5 seconds' AS updated_at, \
             (g % 7 = 0) AS vip, ((g % 100000) / 100.0)::numeric(12,2) AS balance, \
             (g % 1000) / 7.0::float8 AS score \
             FROM generate_series(1, {rows}) g; ALTER TABLE {table} ADD PRIMARY KEY (id); ANALYZE {table};"
        );
        psql(&url, &create).expect("cannot create the benchmark table (is psql installed?)");
    }
    let copy = format!("COPY (SELECT * FROM {table}) TO STDOUT (FORMAT binary)");
    let mut psql_best = Duration::MAX;
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new("psql")
            .args(["-X", "-q", "-d", &url, "-c", &copy])
            .stdout(Stdio::null())
            .status()
            .expect("psql");
        assert!(status.success());
        psql_best = psql_best.min(start.elapsed());
    }
    // The ceiling: tokio-postgres draining the same COPY stream without decoding it.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    let mut raw_best = Duration::MAX;
    for _ in 0..RUNS {
        let start = Instant::now();
        let stream = client.copy_out(copy.as_str()).await.expect("copy");
        futures::pin_mut!(stream);
        let mut bytes = 0usize;
        while let Some(chunk) = stream.next().await {
            bytes += chunk.expect("chunk").len();
        }
        assert!(bytes > 0);
        raw_best = raw_best.min(start.elapsed());
    }
    let mut source = PostgresSource::open(&SourceSpec::from_url(&url))
        .await
        .expect("open");
    let request = ReadRequest::Table(table.clone());
    let variants = [
        ("stx read (COPY, 1 reader)", ReadOptions::batch(50_000)),
        (
            "stx read (COPY, key id)",
            ReadOptions {
                batch_rows: 50_000,
                key: Some("id".into()),
                readers: 1,
            },
        ),
        (
            "stx read (COPY, key id, 2 readers)",
            ReadOptions {
                batch_rows: 50_000,
                key: Some("id".into()),
                readers: 2,
            },
        ),
    ];
    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!(
        "{:<36} {:>8.3} s {:>10.0} rows/s",
        "psql COPY binary > /dev/null",
        psql_best.as_secs_f64(),
        rate(psql_best)
    );
    println!(
        "{:<36} {:>8.3} s {:>10.0} rows/s  ({:.2} x psql)",
        "tokio-postgres copy_out, no decoding",
        raw_best.as_secs_f64(),
        rate(raw_best),
        psql_best.as_secs_f64() / raw_best.as_secs_f64()
    );
    for (label, options) in variants {
        let mut best = Duration::MAX;
        for _ in 0..RUNS {
            let start = Instant::now();
            let mut stream = source.read(&request, &options).await.expect("read");
            let mut got = 0u64;
            while let Some(batch) = stream.next().await {
                got += batch.expect("batch").rows_read() as u64;
            }
            assert_eq!(got, rows);
            best = best.min(start.elapsed());
        }
        println!(
            "{label:<36} {:>8.3} s {:>10.0} rows/s  ({:.2} x psql)",
            best.as_secs_f64(),
            rate(best),
            psql_best.as_secs_f64() / best.as_secs_f64()
        );
    }
    if std::env::var("STX_BENCH_DROP").as_deref() == Ok("1") {
        psql(&url, &format!("DROP TABLE {table}"));
    }
}

/// Runs `sql` with psql; its output, or `None` when it failed.
fn psql(url: &str, sql: &str) -> Option<String> {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            url,
            "-c",
            sql,
        ])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
