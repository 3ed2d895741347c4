//! One attempt at streaming a table or query: a fresh connection, a consistent snapshot, rows
//! decoded as they come off the socket, batches into the resumable-read sink.

use std::sync::Arc;

use futures::future::BoxFuture;
use futures::StreamExt;
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Row};
use stx_connector_core::resume::{AttemptError, BatchSink, ReadAttempt};
use stx_connector_core::{KeyValue, SourceError};

use crate::connect::{Connector, Failure};
use crate::decode::{hex_string, BatchBuilder};
use crate::{quote_identifier, CONNECTOR};

/// What a read selects from.
#[derive(Debug, Clone)]
pub(crate) enum Select {
    /// A table, already quoted and qualified (`` `db`.`t` ``).
    Table(String),
    /// A query in the server's SQL.
    Query(String),
}

/// The key a read is ordered by and resumes after.
#[derive(Debug, Clone)]
pub(crate) struct ReadKey {
    /// Column name as the result spells it.
    pub(crate) column: String,
    /// A binary column: its values arrive as `0x…` text and go back as `X'…'` literals.
    pub(crate) binary: bool,
}

/// A resumable read (see [`stx_connector_core::resume`]).
pub(crate) struct MysqlRead {
    pub(crate) connector: Arc<Connector>,
    pub(crate) from: Select,
    pub(crate) key: Option<ReadKey>,
    pub(crate) batch_rows: usize,
}

impl ReadAttempt for MysqlRead {
    fn attempt<'a>(
        &'a mut self,
        sink: &'a mut BatchSink,
    ) -> BoxFuture<'a, Result<(), AttemptError>> {
        Box::pin(self.run(sink))
    }
}

/// How the streaming part of an attempt ended without error.
enum Ended {
    Complete,
    ReceiverGone,
}

impl MysqlRead {
    /// The statement for this attempt: ordered by the key and, when resuming, only the rows
    /// after the last key delivered.
    pub(crate) fn sql(&self, last: Option<&KeyValue>) -> String {
        select_sql(&self.from, self.key.as_ref(), last)
    }

    async fn run(&mut self, sink: &mut BatchSink) -> Result<(), AttemptError> {
        let location = self.connector.location();
        let read_error = |f: Failure, row: Option<u64>| {
            let error = SourceError::Read {
                connector: CONNECTOR,
                location: location.clone(),
                row,
                message: f.message,
                hint: None,
            };
            if f.lost {
                AttemptError::Lost(error)
            } else {
                AttemptError::Fatal(error)
            }
        };
        let mut conn = self
            .connector
            .connect()
            .await
            .map_err(|f| read_error(f, None))?;
        begin_snapshot(&mut conn)
            .await
            .map_err(|e| read_error(self.connector.failure(&e), None))?;
        let sql = self.sql(sink.last_key());
        let ended = self.stream(&mut conn, &sql, sink).await;
        match ended {
            Ok(Ended::Complete) => {
                // A read-only transaction: COMMIT only ends it. Every row is delivered, so a
                // connection lost now changes nothing.
                let _ = conn.query_drop("COMMIT").await;
                let _ = conn.disconnect().await;
                Ok(())
            }
            Ok(Ended::ReceiverGone) => {
                stop_early(Arc::clone(&self.connector), conn);
                Ok(())
            }
            Err((f, row)) => Err(read_error(f, row)),
        }
    }

    async fn stream(
        &self,
        conn: &mut Conn,
        sql: &str,
        sink: &mut BatchSink,
    ) -> Result<Ended, (Failure, Option<u64>)> {
        let connector = &self.connector;
        let mut result = conn
            .query_iter(sql)
            .await
            .map_err(|e| (connector.failure(&e), None))?;
        let columns = result.columns().unwrap_or_else(|| Arc::from(Vec::new()));
        let mut next_row = sink.next_row();
        let mut builder = BatchBuilder::new(&columns, self.batch_rows);
        let Some(mut rows) = result
            .stream::<Row>()
            .await
            .map_err(|e| (connector.failure(&e), Some(next_row)))?
        else {
            return Ok(Ended::Complete);
        };
        // Each `next()` reads one row packet from the socket: memory stays at one batch.
        while let Some(row) = rows.next().await {
            let row = row.map_err(|e| (connector.failure(&e), Some(next_row)))?;
            builder.push(&row, next_row);
            next_row += 1;
            if builder.rows() >= self.batch_rows {
                let batch = builder.finish().map_err(|e| (polars_failure(e), None))?;
                if sink.send(batch).await.is_err() {
                    return Ok(Ended::ReceiverGone);
                }
            }
        }
        if builder.rows() > 0 {
            let batch = builder.finish().map_err(|e| (polars_failure(e), None))?;
            if sink.send(batch).await.is_err() {
                return Ok(Ended::ReceiverGone);
            }
        }
        Ok(Ended::Complete)
    }
}

fn polars_failure(e: polars::prelude::PolarsError) -> Failure {
    Failure {
        message: e.to_string(),
        lost: false,
        code: None,
    }
}

/// REPEATABLE READ plus a consistent snapshot taken now: the read sees the data as of its
/// start, whatever other sessions write meanwhile (InnoDB; MyISAM has no snapshots).
async fn begin_snapshot(conn: &mut Conn) -> Result<(), mysql_async::Error> {
    conn.query_drop("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        .await?;
    match conn
        .query_drop("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
        .await
    {
        // Servers before MySQL 5.6 / MariaDB 10.0 have no READ ONLY here.
        Err(mysql_async::Error::Server(e)) if e.code == 1064 => {
            conn.query_drop("START TRANSACTION WITH CONSISTENT SNAPSHOT")
                .await
        }
        other => other,
    }
}

/// The consumer stopped early. Dropping (or disconnecting) a connection with a pending result
/// makes mysql_async read the rest of it, possibly millions of rows; `KILL QUERY` from a
/// second connection ends the result set first. Runs in the background, best effort.
fn stop_early(connector: Arc<Connector>, conn: Conn) {
    let id = conn.id();
    tokio::spawn(async move {
        let kill = async {
            if let Ok(mut side) = connector.connect().await {
                let _ = side.query_drop(format!("KILL QUERY {id}")).await;
                let _ = side.disconnect().await;
            }
        };
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), kill).await;
        drop(conn);
    });
}

/// The last key delivered, as an SQL literal. Text goes as a hex literal with a charset
/// introducer, which needs no escaping whatever `sql_mode` says and is coercible, so the
/// comparison uses the key column's own collation, the one `ORDER BY` sorts with.
pub(crate) fn key_literal(value: &KeyValue, binary: bool) -> String {
    match value {
        KeyValue::Int(n) => n.to_string(),
        KeyValue::Text(s) => {
            if binary {
                if let Some(hex) = s.strip_prefix("0x") {
                    if hex.len() % 2 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return format!("X'{hex}'");
                    }
                }
            }
            let hex = hex_string(s.as_bytes());
            format!("_utf8mb4 X'{}'", &hex[2..])
        }
    }
}

/// The statement of an attempt: the table or query, ordered by the key and starting after
/// `last` when there is a key.
fn select_sql(from: &Select, key: Option<&ReadKey>, last: Option<&KeyValue>) -> String {
    let Some(key) = key else {
        return match from {
            Select::Table(t) => format!("SELECT * FROM {t}"),
            Select::Query(q) => q.clone(),
        };
    };
    let (from, column) = match from {
        Select::Table(t) => (t.clone(), quote_identifier(&key.column)),
        Select::Query(q) => (
            // On lines of its own, so a trailing `-- comment` cannot swallow the `)`.
            format!("(\n{q}\n) AS `stx_src`"),
            format!("`stx_src`.{}", quote_identifier(&key.column)),
        ),
    };
    match last {
        None => format!("SELECT * FROM {from} ORDER BY {column}"),
        Some(value) => format!(
            "SELECT * FROM {from} WHERE {column} > {} ORDER BY {column}",
            key_literal(value, key.binary)
        ),
    }
}

#[cfg(test)]
mod sql_tests {
    use super::*;

    #[test]
    fn a_query_is_wrapped_on_lines_of_its_own() {
        let from = Select::Query("SELECT id FROM t -- the legacy ids".into());
        let key = ReadKey {
            column: "id".into(),
            binary: false,
        };
        let sql = select_sql(&from, Some(&key), Some(&KeyValue::Int(41)));
        assert_eq!(
            sql,
            "SELECT * FROM (\nSELECT id FROM t -- the legacy ids\n) AS `stx_src` WHERE `stx_src`.`id` > 41 ORDER BY `stx_src`.`id`"
        );
        assert_eq!(
            select_sql(&from, None, None),
            "SELECT id FROM t -- the legacy ids"
        );
    }
}
