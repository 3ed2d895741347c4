//! Reads from a server that survive a dropped connection.
//!
//! A connector's read runs as a task that sends batches through a [`BatchSink`]; the sink
//! remembers how many rows went out and the last value of the read's key. When the connection
//! breaks ([`AttemptError::Lost`]), [`spawn_resumable_read`] waits (exponential backoff) and
//! starts a new attempt, which reads the rows after [`BatchSink::last_key`] — ordered by the key,
//! so nothing is lost or read twice. Without a key only a read that has not delivered a row yet
//! is retried.

use std::time::Duration;

use futures::future::BoxFuture;
use futures::StreamExt;
use polars::prelude::{AnyValue, DataFrame, DataType};

use crate::{Batch, BatchStream, SourceError};

/// Value of the key column in the last row delivered, where a resumed read starts after.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyValue {
    /// An integer key.
    Int(i64),
    /// Any other key, as text (compare in the source's own type: cast the parameter).
    Text(String),
}

/// How a source is read (besides which table or query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Rows per batch, at most.
    pub batch_rows: usize,
    /// Column that orders the read and lets a broken read resume after the last key received
    /// (`[read] key`). Server connectors read `ORDER BY key` when it is set.
    pub key: Option<String>,
    /// Parallel readers over key ranges (`[read] readers`, PostgreSQL only; 1 = one reader).
    pub readers: usize,
}

impl ReadOptions {
    /// One reader, no key, batches of `batch_rows`.
    pub fn batch(batch_rows: usize) -> ReadOptions {
        ReadOptions {
            batch_rows: batch_rows.max(1),
            key: None,
            readers: 1,
        }
    }
}

/// Why an attempt at reading stopped early.
#[derive(Debug)]
pub enum AttemptError {
    /// The connection broke (server gone, backend killed, network): worth reconnecting.
    Lost(SourceError),
    /// Anything else (bad query, undecodable data): the read ends with this error.
    Fatal(SourceError),
}

/// One attempt at a read: connects, reads from after `sink.last_key()` (or from the start),
/// numbers rows from `sink.next_row()`, and sends batches into the sink until done.
pub trait ReadAttempt: Send + 'static {
    /// Runs one attempt.
    fn attempt<'a>(
        &'a mut self,
        sink: &'a mut BatchSink,
    ) -> BoxFuture<'a, Result<(), AttemptError>>;
}

/// Waits between reconnection attempts: `first`, then doubling up to `max`, `attempts` times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Reconnections tried before giving up.
    pub attempts: u32,
    /// First wait.
    pub first: Duration,
    /// Longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            attempts: 6,
            first: Duration::from_millis(250),
            max: Duration::from_secs(8),
        }
    }
}

impl Backoff {
    /// The wait before reconnection number `n` (1-based), `None` past the last one.
    pub fn delay(&self, n: u32) -> Option<Duration> {
        if n == 0 || n > self.attempts {
            return None;
        }
        let factor = 1u32.checked_shl(n - 1).unwrap_or(u32::MAX);
        Some(self.first.saturating_mul(factor).min(self.max))
    }
}

/// Where an attempt sends its batches; tracks rows sent and the last key.
pub struct BatchSink {
    tx: tokio::sync::mpsc::Sender<Result<Batch, SourceError>>,
    key: Option<String>,
    last_key: Option<KeyValue>,
    next_row: u64,
}

/// The consumer stopped reading (the run ended early): the attempt should just return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiverGone;

impl BatchSink {
    /// Source row number (1-based) of the next row to deliver.
    pub fn next_row(&self) -> u64 {
        self.next_row
    }

    /// Key of the last row delivered, `None` before the first row (or without a key).
    pub fn last_key(&self) -> Option<&KeyValue> {
        self.last_key.as_ref()
    }

    /// Delivers a batch; its rows count as read, and its key column's last value becomes the
    /// point to resume after.
    pub async fn send(&mut self, batch: Batch) -> Result<(), ReceiverGone> {
        let rows = batch.rows_read() as u64;
        if rows == 0 {
            return Ok(());
        }
        if let Some(key) = &self.key {
            if let Err(unsafe_key) = keys_continue(&batch, key, self.last_key.as_ref()) {
                // A resumed read (`WHERE key > last`) would lose or repeat rows: stop here.
                let _ = self.tx.send(Err(unsafe_key)).await;
                return Err(ReceiverGone);
            }
            if let Some(value) = batch_last_key(&batch, key) {
                self.last_key = Some(value);
            }
        }
        self.next_row += rows;
        self.tx.send(Ok(batch)).await.map_err(|_| ReceiverGone)
    }
}

/// Checks that the batch's keys continue the read safely: none is NULL, none equals the key
/// before it (the read is ordered by the key, so a duplicate is next to its twin whatever the
/// server's collation), and integer keys increase. Other key types are not checked.
fn keys_continue(batch: &Batch, key: &str, before: Option<&KeyValue>) -> Result<(), SourceError> {
    let Ok(column) = batch.data.column(key) else {
        return Ok(());
    };
    let rows = batch
        .data
        .column(crate::SOURCE_ROW_COLUMN)
        .ok()
        .and_then(|c| c.u64().ok().cloned());
    let row_at = |i: usize| rows.as_ref().and_then(|r| r.get(i));
    let unsafe_key = |i: usize, problem: String| {
        SourceError::Read {
        connector: "keyed read",
        location: format!("[read] key {key}"),
        row: row_at(i),
        message: format!("{problem}: a read that resumes after the last key (WHERE {key} > …) would lose or repeat rows"),
        hint: Some("declare as [read] key a column that is unique and never NULL (the table's primary key), or remove key to read without resuming".into()),
    }
    };
    if column.dtype().is_integer() {
        let Ok(ints) = column.cast(&DataType::Int64) else {
            return Ok(());
        };
        let Ok(ints) = ints.i64().cloned() else {
            return Ok(());
        };
        let mut previous = match before {
            Some(KeyValue::Int(k)) => Some(*k),
            _ => None,
        };
        for (i, value) in ints.iter().enumerate() {
            let Some(value) = value else {
                return Err(unsafe_key(i, format!("{key} is NULL")));
            };
            if previous.is_some_and(|p| value <= p) {
                let p = previous.unwrap_or_default();
                return Err(unsafe_key(
                    i,
                    format!(
                        "{key} {value} comes after {p}: the key is not unique (or not ordered)"
                    ),
                ));
            }
            previous = Some(value);
        }
    } else if let Ok(texts) = column.str() {
        let mut previous: Option<&str> = match before {
            Some(KeyValue::Text(t)) => Some(t.as_str()),
            _ => None,
        };
        for (i, value) in texts.iter().enumerate() {
            let Some(value) = value else {
                return Err(unsafe_key(i, format!("{key} is NULL")));
            };
            if previous == Some(value) {
                return Err(unsafe_key(
                    i,
                    format!("{key} '{value}' appears twice: the key is not unique"),
                ));
            }
            previous = Some(value);
        }
    }
    Ok(())
}

/// The key of the batch's last source row: its last kept row, or a rejected row read after it
/// (a resumed read must not read a trailing rejected row twice).
fn batch_last_key(batch: &Batch, key: &str) -> Option<KeyValue> {
    let last_kept_row = batch
        .data
        .column(crate::SOURCE_ROW_COLUMN)
        .ok()
        .and_then(|c| c.u64().ok()?.last());
    let last_reject = batch.rejects.iter().max_by_key(|r| r.src_row);
    match last_reject {
        Some(reject) if last_kept_row.is_none_or(|kept| reject.src_row > kept) => {
            let (_, text) = reject.values.iter().find(|(name, _)| name == key)?;
            Some(match text.parse::<i64>() {
                Ok(n) if n.to_string() == *text => KeyValue::Int(n),
                _ => KeyValue::Text(text.clone()),
            })
        }
        _ => last_key_value(&batch.data, key),
    }
}

/// The value of `key` in the frame's last row, when the column exists and is not null there.
pub fn last_key_value(frame: &DataFrame, key: &str) -> Option<KeyValue> {
    let column = frame.column(key).ok()?;
    if column.is_empty() {
        return None;
    }
    match column.get(column.len() - 1).ok()? {
        AnyValue::Null => None,
        AnyValue::Int64(v) => Some(KeyValue::Int(v)),
        AnyValue::Int32(v) => Some(KeyValue::Int(v.into())),
        AnyValue::Int16(v) => Some(KeyValue::Int(v.into())),
        AnyValue::Int8(v) => Some(KeyValue::Int(v.into())),
        AnyValue::UInt32(v) => Some(KeyValue::Int(v.into())),
        AnyValue::UInt16(v) => Some(KeyValue::Int(v.into())),
        AnyValue::UInt8(v) => Some(KeyValue::Int(v.into())),
        AnyValue::String(s) => Some(KeyValue::Text(s.to_string())),
        AnyValue::StringOwned(s) => Some(KeyValue::Text(s.to_string())),
        other => Some(KeyValue::Text(other.to_string())),
    }
}

/// Runs `reader` as a task and streams its batches; reconnects after a lost connection (see
/// the module documentation). At most `channel_batches` batches wait between the reader task
/// and the consumer, so reading overlaps processing without unbounded memory.
pub fn spawn_resumable_read<R: ReadAttempt>(
    mut reader: R,
    key: Option<String>,
    backoff: Backoff,
    channel_batches: usize,
) -> BatchStream<'static> {
    let (tx, rx) = tokio::sync::mpsc::channel(channel_batches.max(1));
    let mut sink = BatchSink {
        tx,
        key,
        last_key: None,
        next_row: 1,
    };
    tokio::spawn(async move {
        let mut failures = 0u32;
        loop {
            let first_row_of_attempt = sink.next_row;
            let error = match reader.attempt(&mut sink).await {
                Ok(()) => return,
                Err(AttemptError::Fatal(e)) => e,
                Err(AttemptError::Lost(e)) => {
                    if sink.next_row > first_row_of_attempt {
                        failures = 0;
                    }
                    failures += 1;
                    let resumable = sink.key.is_some() || sink.next_row == 1;
                    match backoff.delay(failures).filter(|_| resumable) {
                        Some(wait) => {
                            note_reconnection(&e, failures, wait);
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        None if !resumable => with_hint(
                            e,
                            "the connection broke after rows were delivered and the read has no key: set [read] key = \"<unique column>\" so a broken read resumes where it stopped",
                        ),
                        None => with_hint(
                            e,
                            &format!("gave up after {} reconnections; check the server and the network, then run again", backoff.attempts),
                        ),
                    }
                }
            };
            let _ = sink.tx.send(Err(error)).await;
            return;
        }
    });
    futures::stream::unfold(rx, |mut rx| async move {
        let item = rx.recv().await?;
        Some((item, rx))
    })
    .boxed()
}

// The core crate does not log; a lost connection is worth a line on stderr all the same.
fn note_reconnection(error: &SourceError, attempt: u32, wait: Duration) {
    eprintln!(
        "warning: {error}; reconnecting in {} ms (attempt {attempt})",
        wait.as_millis()
    );
}

fn with_hint(error: SourceError, extra: &str) -> SourceError {
    match error {
        SourceError::Read {
            connector,
            location,
            row,
            message,
            hint: _,
        } => SourceError::Read {
            connector,
            location,
            row,
            message,
            hint: Some(extra.to_string()),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{Column, DataFrame};

    fn batch(keys: std::ops::Range<i64>) -> Batch {
        let n = keys.end - keys.start;
        let keys: Vec<i64> = keys.collect();
        Batch {
            data: DataFrame::new(n as usize, vec![Column::new("id".into(), keys)]).unwrap(),
            rejects: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Serves keys 0..total in batches of 3 and loses the connection after `fail_after` rows
    /// of each attempt, resuming from the sink's last key.
    struct Flaky {
        total: i64,
        fail_after: i64,
    }

    impl ReadAttempt for Flaky {
        fn attempt<'a>(
            &'a mut self,
            sink: &'a mut BatchSink,
        ) -> BoxFuture<'a, Result<(), AttemptError>> {
            Box::pin(async move {
                let mut next = match sink.last_key() {
                    Some(KeyValue::Int(k)) => k + 1,
                    _ => 0,
                };
                let mut sent = 0;
                while next < self.total {
                    if sent >= self.fail_after {
                        return Err(AttemptError::Lost(SourceError::Read {
                            connector: "test",
                            location: "t".into(),
                            row: Some(sink.next_row()),
                            message: "connection reset".into(),
                            hint: None,
                        }));
                    }
                    let end = (next + 3).min(self.total);
                    if sink.send(batch(next..end)).await.is_err() {
                        return Ok(());
                    }
                    sent += end - next;
                    next = end;
                }
                Ok(())
            })
        }
    }

    fn quick() -> Backoff {
        Backoff {
            attempts: 3,
            first: Duration::from_millis(1),
            max: Duration::from_millis(4),
        }
    }

    async fn collect(stream: BatchStream<'static>) -> (Vec<i64>, Option<String>) {
        let mut keys = Vec::new();
        let mut stream = stream;
        while let Some(item) = stream.next().await {
            match item {
                Ok(b) => keys.extend(
                    b.data
                        .column("id")
                        .unwrap()
                        .i64()
                        .unwrap()
                        .into_no_null_iter(),
                ),
                Err(e) => return (keys, Some(e.to_string())),
            }
        }
        (keys, None)
    }

    #[tokio::test]
    async fn a_keyed_read_resumes_after_the_last_key() {
        let flaky = Flaky {
            total: 20,
            fail_after: 6,
        };
        let (keys, error) =
            collect(spawn_resumable_read(flaky, Some("id".into()), quick(), 2)).await;
        assert_eq!(error, None);
        assert_eq!(keys, (0..20).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn without_a_key_a_read_that_delivered_rows_fails_with_a_hint() {
        let flaky = Flaky {
            total: 20,
            fail_after: 6,
        };
        let (keys, error) = collect(spawn_resumable_read(flaky, None, quick(), 2)).await;
        assert_eq!(keys.len(), 6);
        let error = error.unwrap();
        assert!(
            error.contains("connection reset") && error.contains("[read] key"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn a_read_that_never_progresses_gives_up_after_the_backoff() {
        let flaky = Flaky {
            total: 20,
            fail_after: 0,
        };
        let (keys, error) =
            collect(spawn_resumable_read(flaky, Some("id".into()), quick(), 2)).await;
        assert!(keys.is_empty());
        assert!(error.unwrap().contains("gave up after 3 reconnections"));
    }

    #[test]
    fn a_trailing_rejected_row_is_the_resume_point() {
        let mut b = batch(0..3);
        b.data
            .insert_column(
                0,
                Column::new(crate::SOURCE_ROW_COLUMN.into(), vec![1u64, 2, 3]),
            )
            .unwrap();
        assert_eq!(batch_last_key(&b, "id"), Some(KeyValue::Int(2)));
        b.rejects.push(crate::ReadReject {
            src_row: 4,
            values: vec![("id".into(), "7".into())],
            column: None,
            value: None,
            message: "bad".into(),
        });
        assert_eq!(batch_last_key(&b, "id"), Some(KeyValue::Int(7)));
        b.rejects[0].values[0].1 = "k-9".into();
        assert_eq!(batch_last_key(&b, "id"), Some(KeyValue::Text("k-9".into())));
    }

    #[tokio::test]
    async fn a_key_that_repeats_or_is_null_stops_the_read_naming_it() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let mut sink = BatchSink {
            tx,
            key: Some("id".into()),
            last_key: None,
            next_row: 1,
        };
        assert!(sink.send(batch(0..3)).await.is_ok());
        // 2 again at the start of the next batch: a duplicate across batches.
        assert!(sink.send(batch(2..4)).await.is_err());
        assert!(rx.recv().await.unwrap().is_ok());
        let error = rx.recv().await.unwrap().unwrap_err().to_string();
        assert!(
            error.contains("id 2 comes after 2") && error.contains("primary key"),
            "{error}"
        );

        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let mut sink = BatchSink {
            tx,
            key: Some("code".into()),
            last_key: None,
            next_row: 1,
        };
        let texts = |values: &[Option<&str>]| Batch {
            data: DataFrame::new(values.len(), vec![Column::new("code".into(), values)]).unwrap(),
            rejects: Vec::new(),
            warnings: Vec::new(),
        };
        assert!(sink.send(texts(&[Some("a"), Some("B")])).await.is_ok());
        assert!(sink.send(texts(&[Some("c"), None])).await.is_err());
        assert!(rx.recv().await.unwrap().is_ok());
        let error = rx.recv().await.unwrap().unwrap_err().to_string();
        assert!(error.contains("code is NULL"), "{error}");
    }

    #[test]
    fn backoff_doubles_up_to_its_limit() {
        let b = Backoff {
            attempts: 5,
            first: Duration::from_millis(100),
            max: Duration::from_millis(500),
        };
        let waits: Vec<_> = (1..=6).map(|n| b.delay(n).map(|d| d.as_millis())).collect();
        assert_eq!(
            waits,
            vec![Some(100), Some(200), Some(400), Some(500), Some(500), None]
        );
    }
}
