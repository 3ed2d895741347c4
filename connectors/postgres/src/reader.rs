//! One attempt at a read (see `stx_connector_core::resume`): a snapshot transaction, COPY or a
//! plain query, optional parallel readers over key ranges sharing an exported snapshot.

use std::sync::Arc;

use futures::future::BoxFuture;
use futures::StreamExt;
use stx_connector_core::resume::{AttemptError, BatchSink, ReadAttempt};
use stx_connector_core::{KeyValue, SourceError};
use tokio::sync::mpsc;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{FromSql, ToSql, Type};
use tokio_postgres::Client;

use crate::decode::{BatchBuilder, ColumnPlan, CopyParser, PendingBatch};
use crate::{Connector, ReadMode, CONNECTOR};

/// The read's key column.
#[derive(Debug, Clone)]
pub(crate) struct KeyPlan {
    /// Result column name (exact spelling, as the batches carry it).
    pub name: String,
    /// The column in the read's SQL (`q."id"`).
    pub expr: String,
    /// Whether it is an integer (parallel readers split integer ranges).
    pub integer: bool,
}

/// What to read and how, fixed before the first attempt.
#[derive(Debug)]
pub(crate) struct Plan {
    pub cols: Arc<Vec<ColumnPlan>>,
    /// Select list over the alias `q`, with `::text` casts for the types rendered by the server.
    pub select: String,
    /// `"schema"."table" AS q` or `(query) AS q`.
    pub from: String,
    pub key: Option<KeyPlan>,
    pub batch_rows: usize,
    pub readers: usize,
    pub mode: ReadMode,
}

impl Plan {
    fn sql(&self, conditions: &[String]) -> String {
        let mut sql = format!("SELECT {} FROM {}", self.select, self.from);
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        if let Some(key) = &self.key {
            sql.push_str(" ORDER BY ");
            sql.push_str(&key.expr);
        }
        sql
    }
}

/// A read of one plan; each attempt opens its own connection(s).
pub(crate) struct PgRead {
    pub conn: Arc<Connector>,
    pub plan: Arc<Plan>,
}

/// Why reading stopped before the end.
enum Halt {
    /// The consumer went away: stop quietly.
    Gone,
    Failed(AttemptError),
}

impl From<AttemptError> for Halt {
    fn from(e: AttemptError) -> Halt {
        Halt::Failed(e)
    }
}

impl ReadAttempt for PgRead {
    fn attempt<'a>(
        &'a mut self,
        sink: &'a mut BatchSink,
    ) -> BoxFuture<'a, Result<(), AttemptError>> {
        Box::pin(async move {
            match run(&self.conn, &self.plan, sink).await {
                Ok(()) | Err(Halt::Gone) => Ok(()),
                Err(Halt::Failed(e)) => Err(e),
            }
        })
    }
}

/// Whether the error means the connection is gone (worth reconnecting): a closed socket, the
/// backend terminated (57P01 admin shutdown, 57P02 crash, 57P03 starting up), class 08.
pub(crate) fn is_lost(e: &tokio_postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        return *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
            || code.code().starts_with("08");
    }
    matches!(
        e.to_string().as_str(),
        "error communicating with the server"
            | "error connecting to server"
            | "timeout waiting for server"
    )
}

fn failure(conn: &Connector, e: &tokio_postgres::Error, row: Option<u64>) -> Halt {
    let error = SourceError::Read {
        connector: CONNECTOR,
        location: conn.location(),
        row,
        message: conn.message(e),
        hint: None,
    };
    Halt::Failed(if is_lost(e) {
        AttemptError::Lost(error)
    } else {
        AttemptError::Fatal(error)
    })
}

fn fatal(conn: &Connector, message: String, row: Option<u64>, hint: Option<&str>) -> Halt {
    Halt::Failed(AttemptError::Fatal(SourceError::Read {
        connector: CONNECTOR,
        location: conn.location(),
        row,
        message,
        hint: hint.map(str::to_string),
    }))
}

/// A key value as an SQL literal: integers as such, anything else as a quoted string that the
/// server reads as the key column's own type (an untyped literal takes the other side's type).
fn literal(v: &KeyValue) -> String {
    match v {
        KeyValue::Int(n) => n.to_string(),
        KeyValue::Text(s) => format!("'{}'", s.replace('\'', "''")),
    }
}

/// Starts the read's transaction, importing `snapshot` when given; fixes the settings that
/// shape what the server renders as text (`::text` casts), whatever the server's defaults.
async fn begin(conn: &Connector, client: &Client, snapshot: Option<&str>) -> Result<(), Halt> {
    let mut sql = String::from("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;");
    if let Some(id) = snapshot {
        // Must come first in the transaction.
        sql.push_str(&format!(
            " SET TRANSACTION SNAPSHOT '{}';",
            id.replace('\'', "''")
        ));
    }
    sql.push_str(
        " SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; \
         SET LOCAL TimeZone = 'UTC'; SET LOCAL bytea_output = 'hex'; \
         SET LOCAL standard_conforming_strings = on;",
    );
    client
        .batch_execute(&sql)
        .await
        .map_err(|e| failure(conn, &e, None))
}

async fn run(conn: &Arc<Connector>, plan: &Arc<Plan>, sink: &mut BatchSink) -> Result<(), Halt> {
    let client = conn
        .connect()
        .await
        .map_err(|e| failure(conn, &e, Some(sink.next_row())))?;
    begin(conn, &client, None).await?;
    let mut conditions = Vec::new();
    if let (Some(key), Some(last)) = (&plan.key, sink.last_key()) {
        // A resumed read: the rows after the last key delivered. This is a new transaction, so a
        // new snapshot: rows changed since the first attempt began are read as they are now
        // (the old snapshot died with its connection). NULL keys sort last, so they come after.
        conditions.push(format!(
            "({k} > {v} OR {k} IS NULL)",
            k = key.expr,
            v = literal(last)
        ));
    }
    match &plan.key {
        Some(key) if plan.readers > 1 && key.integer => {
            parallel(conn, plan, &client, key, &conditions, sink).await?
        }
        _ => {
            let sql = plan.sql(&conditions);
            read_range(conn, plan, &client, &sql, &mut Out::Sink(sink)).await?
        }
    }
    // Read only: a failed COMMIT loses nothing, every row is delivered.
    let _ = client.batch_execute("COMMIT").await;
    Ok(())
}

/// Where a range's batches go: the sink (numbered as delivered) or a parallel reader's channel.
enum Out<'a> {
    Sink(&'a mut BatchSink),
    Chan(&'a mpsc::Sender<Msg>),
}

enum Msg {
    Batch(PendingBatch),
    Done,
    Failed(AttemptError),
}

impl Out<'_> {
    fn row(&self) -> Option<u64> {
        match self {
            Out::Sink(sink) => Some(sink.next_row()),
            Out::Chan(_) => None,
        }
    }

    async fn emit(&mut self, conn: &Connector, batch: PendingBatch) -> Result<(), Halt> {
        match self {
            Out::Sink(sink) => {
                let batch = batch
                    .into_batch(sink.next_row())
                    .map_err(|e| fatal(conn, e.to_string(), Some(sink.next_row()), None))?;
                sink.send(batch).await.map_err(|_| Halt::Gone)
            }
            Out::Chan(tx) => tx.send(Msg::Batch(batch)).await.map_err(|_| Halt::Gone),
        }
    }
}

/// A value in the binary format, whatever its type: lets the plain-query path reuse the COPY
/// decoders.
struct Raw<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(Some(raw)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Reads one SQL statement's rows into batches.
async fn read_range(
    conn: &Connector,
    plan: &Plan,
    client: &Client,
    sql: &str,
    out: &mut Out<'_>,
) -> Result<(), Halt> {
    let mut builder = BatchBuilder::new(Arc::clone(&plan.cols), plan.batch_rows);
    match plan.mode {
        ReadMode::Copy => {
            let copy = format!("COPY ({sql}) TO STDOUT (FORMAT binary)");
            let stream = client
                .copy_out(copy.as_str())
                .await
                .map_err(|e| failure(conn, &e, out.row()))?;
            futures::pin_mut!(stream);
            let mut parser = CopyParser::new();
            let mut ready = Vec::new();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| failure(conn, &e, out.row()))?;
                parser
                    .feed(&chunk, &mut builder, &mut ready)
                    .map_err(|m| fatal(conn, m, out.row(), Some("try read=query in the URL")))?;
                for batch in ready.drain(..) {
                    out.emit(conn, batch).await?;
                }
            }
            parser
                .finish()
                .map_err(|m| fatal(conn, m, out.row(), None))?;
        }
        ReadMode::Query => {
            let no_params: [&(dyn ToSql + Sync); 0] = [];
            let rows = client
                .query_raw(sql, no_params)
                .await
                .map_err(|e| failure(conn, &e, out.row()))?;
            futures::pin_mut!(rows);
            while let Some(row) = rows.next().await {
                let row = row.map_err(|e| failure(conn, &e, out.row()))?;
                if row.len() != builder.width() {
                    return Err(fatal(
                        conn,
                        format!(
                            "a row of {} columns where {} were expected",
                            row.len(),
                            builder.width()
                        ),
                        out.row(),
                        None,
                    ));
                }
                builder.push_row(|i| row.try_get::<_, Raw<'_>>(i).ok().and_then(|r| r.0));
                if builder.is_full() {
                    out.emit(conn, builder.take()).await?;
                }
            }
        }
    }
    if !builder.is_empty() {
        out.emit(conn, builder.take()).await?;
    }
    Ok(())
}

/// `[min, max]` in up to `n` consecutive ranges `(from, until)`: `from` inclusive, `until`
/// exclusive; the first has no lower bound, the last no upper bound.
pub(crate) fn split_ranges(min: i64, max: i64, n: usize) -> Vec<(Option<i64>, Option<i64>)> {
    let total = max as i128 - min as i128 + 1;
    let n = (n as i128).clamp(1, total.max(1));
    let step = (total + n - 1) / n;
    let starts: Vec<i64> = (0..n)
        .map(|i| min as i128 + i * step)
        .filter(|&lo| lo <= max as i128)
        .map(|lo| lo as i64)
        .collect();
    (0..starts.len())
        .map(|i| ((i > 0).then(|| starts[i]), starts.get(i + 1).copied()))
        .collect()
}

/// Aborts the parallel readers' tasks when the attempt ends, however it ends.
struct Readers(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Readers {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// Parallel readers: this connection exports its snapshot and reads the first key range; one
/// more connection per other range imports the snapshot and decodes ahead into a bounded
/// channel. Ranges are delivered in key order, so the result (and its row numbering) is that
/// of a single reader.
async fn parallel(
    conn: &Arc<Connector>,
    plan: &Arc<Plan>,
    client: &Client,
    key: &KeyPlan,
    conditions: &[String],
    sink: &mut BatchSink,
) -> Result<(), Halt> {
    let snapshot: String = client
        .query_one("SELECT pg_catalog.pg_export_snapshot()", &[])
        .await
        .map_err(|e| failure(conn, &e, None))?
        .get(0);
    let mut bounds = format!(
        "SELECT min({k})::int8, max({k})::int8 FROM {from}",
        k = key.expr,
        from = plan.from
    );
    if !conditions.is_empty() {
        bounds.push_str(" WHERE ");
        bounds.push_str(&conditions.join(" AND "));
    }
    let row = client
        .query_one(bounds.as_str(), &[])
        .await
        .map_err(|e| failure(conn, &e, None))?;
    let ranges = match (row.get::<_, Option<i64>>(0), row.get::<_, Option<i64>>(1)) {
        (Some(min), Some(max)) => split_ranges(min, max, plan.readers),
        _ => vec![(None, None)],
    };
    let range_sql = |(from, until): (Option<i64>, Option<i64>)| {
        let mut c = conditions.to_vec();
        let k = &key.expr;
        match (from, until) {
            (Some(from), Some(until)) => c.push(format!("{k} >= {from} AND {k} < {until}")),
            (None, Some(until)) => c.push(format!("{k} < {until}")),
            // The last range also takes NULL keys, which a single reader delivers last.
            (Some(from), None) => c.push(format!("({k} >= {from} OR {k} IS NULL)")),
            (None, None) => {}
        }
        plan.sql(&c)
    };
    let mut readers = Readers(Vec::new());
    let mut channels = Vec::new();
    for &range in &ranges[1..] {
        let (tx, rx) = mpsc::channel::<Msg>(CHANNEL_PER_READER);
        let sql = range_sql(range);
        let conn = Arc::clone(conn);
        let plan = Arc::clone(plan);
        let snapshot = snapshot.clone();
        readers.0.push(tokio::spawn(async move {
            let result = async {
                let client = conn.connect().await.map_err(|e| failure(&conn, &e, None))?;
                begin(&conn, &client, Some(&snapshot)).await?;
                read_range(&conn, &plan, &client, &sql, &mut Out::Chan(&tx)).await?;
                let _ = client.batch_execute("COMMIT").await;
                Ok::<(), Halt>(())
            }
            .await;
            let _ = match result {
                Ok(()) => tx.send(Msg::Done).await,
                Err(Halt::Failed(e)) => tx.send(Msg::Failed(e)).await,
                Err(Halt::Gone) => Ok(()),
            };
        }));
        channels.push(rx);
    }
    let first = range_sql(ranges[0]);
    read_range(conn, plan, client, &first, &mut Out::Sink(sink)).await?;
    for mut rx in channels {
        loop {
            match rx.recv().await {
                Some(Msg::Batch(batch)) => Out::Sink(sink).emit(conn, batch).await?,
                Some(Msg::Done) => break,
                Some(Msg::Failed(e)) => return Err(Halt::Failed(e)),
                None => {
                    return Err(fatal(
                        conn,
                        "a parallel reader stopped without finishing its range".into(),
                        Some(sink.next_row()),
                        Some("run again with readers = 1"),
                    ))
                }
            }
        }
    }
    drop(readers);
    Ok(())
}

/// Batches a parallel reader decodes ahead of delivery.
const CHANNEL_PER_READER: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_the_keys_once() {
        assert_eq!(
            split_ranges(1, 9, 3),
            vec![(None, Some(4)), (Some(4), Some(7)), (Some(7), None)]
        );
        assert_eq!(split_ranges(5, 5, 3), vec![(None, None)]);
        assert_eq!(
            split_ranges(1, 2, 3),
            vec![(None, Some(2)), (Some(2), None)]
        );
        assert_eq!(
            split_ranges(0, 4, 4),
            vec![(None, Some(2)), (Some(2), Some(4)), (Some(4), None)]
        );
        let wide = split_ranges(i64::MIN, i64::MAX, 2);
        assert_eq!(wide, vec![(None, Some(0)), (Some(0), None)]);
        assert_eq!(literal(&KeyValue::Text("O'Brien".into())), "'O''Brien'");
        assert_eq!(literal(&KeyValue::Int(-3)), "-3");
    }
}
