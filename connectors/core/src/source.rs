use async_trait::async_trait;
use futures::stream::BoxStream;
use futures::StreamExt;
use polars::prelude::{Column, DataFrame, DataType};
use serde::Serialize;

use crate::{ReadOptions, SourceError};

/// What to read: a whole table, or a query in the source's own SQL (or polars SQL for
/// sources without an SQL engine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadRequest {
    /// Every row of one table (for a CSV source: one file).
    Table(String),
    /// The result of a query.
    Query(String),
}

impl std::fmt::Display for ReadRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadRequest::Table(t) => write!(f, "table {t}"),
            ReadRequest::Query(_) => f.write_str("query"),
        }
    }
}

/// A table (or view, or file) the source offers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableInfo {
    /// Name to use in `table =` or in a query; qualified `schema.table` where the source has
    /// schemas and the table is not in the default one.
    pub name: String,
    /// `table`, `view` or `file`.
    pub kind: String,

    /// Row count (exact for SQLite and files, an estimate where the source only estimates).
    pub rows: Option<u64>,
}

/// A foreign key the source's catalog declares (single-column ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogForeignKey {
    /// The referring table, named as [`TableInfo::name`] names it.
    pub table: String,
    /// Its column.
    pub column: String,
    /// The referred table.
    pub references: String,
    /// Its column.
    pub key: String,
}

/// A column of a table or query result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnInfo {
    /// Column name as the source spells it.
    pub name: String,
    /// The source's own type name (`INTEGER`, `varchar(40)`, `text` ...).
    pub native_type: String,
    /// The polars type the connector decodes it to.
    #[serde(serialize_with = "serialize_dtype")]
    pub dtype: DataType,
}

fn serialize_dtype<S: serde::Serializer>(dtype: &DataType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&dtype.to_string())
}

/// A source row that could not be read into the batch (wrong field count, undecodable bytes,
/// a value that does not fit its declared type). It goes to the rejects file.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReject {
    /// 1-based source row number (see [`crate::SOURCE_ROW_COLUMN`]).
    pub src_row: u64,
    /// The row's values as read, `(column, value)`, lossily decoded where needed.
    pub values: Vec<(String, String)>,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// The offending value, when one is.
    pub value: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// A value that was read, but not as it stood (a MySQL zero date read as NULL), or that looks
/// wrong (mojibake): the row is kept and the finding goes to the warnings file.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadWarning {
    /// 1-based source row number.
    pub src_row: u64,
    /// The column.
    pub column: String,
    /// The value as the source held it.
    pub value: String,
    /// What was done and why.
    pub message: String,
    /// What happened to the value; the warnings file and the report count it under this.
    pub action: ReadAction,
}

/// What a reader did with a value it warns about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAction {
    /// The value was not read (NULL instead: a zero date, a skipped BLOB).
    Dropped,
    /// The value was read with parts replaced (invalid UTF-16 units as U+FFFD).
    Replaced,
    /// The value was read as it stands; it only looks wrong.
    Kept,
}

/// One batch of rows.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The rows read, with [`crate::SOURCE_ROW_COLUMN`] as first column.
    pub data: DataFrame,
    /// Rows of this stretch of the source that could not be read.
    pub rejects: Vec<ReadReject>,
    /// Values of kept rows that were changed while reading.
    pub warnings: Vec<ReadWarning>,
}

impl Batch {
    /// Rows this batch accounts for: read into the frame plus rejected while reading.
    pub fn rows_read(&self) -> usize {
        self.data.height() + self.rejects.len()
    }
}

/// A stream of batches; an `Err` item ends the read.
pub type BatchStream<'a> = BoxStream<'a, Result<Batch, SourceError>>;

impl Batch {
    /// A batch of text columns: the lineage column from `src_rows`, then one column per name
    /// (`names` and `columns` in the same order, each as long as `src_rows`).
    pub fn from_text_columns(
        src_rows: Vec<u64>,
        names: &[String],
        columns: Vec<Vec<Option<String>>>,
        rejects: Vec<ReadReject>,
    ) -> polars::prelude::PolarsResult<Batch> {
        let height = src_rows.len();
        let mut out = Vec::with_capacity(names.len() + 1);
        out.push(Column::new(crate::SOURCE_ROW_COLUMN.into(), src_rows));
        for (name, values) in names.iter().zip(columns) {
            out.push(Column::new(name.as_str().into(), values));
        }
        Ok(Batch {
            data: DataFrame::new(height, out)?,
            rejects,
            warnings: Vec::new(),
        })
    }
}

impl Batch {
    /// A batch from the lineage column's row numbers and one finished builder per column (in
    /// order, each as long as `src_rows`).
    pub fn from_builders(
        src_rows: Vec<u64>,
        builders: impl IntoIterator<Item = crate::ColumnBuilder>,
        rejects: Vec<ReadReject>,
        warnings: Vec<ReadWarning>,
    ) -> polars::prelude::PolarsResult<Batch> {
        let height = src_rows.len();
        let mut columns = vec![Column::new(crate::SOURCE_ROW_COLUMN.into(), src_rows)];
        columns.extend(builders.into_iter().map(crate::ColumnBuilder::finish));
        Ok(Batch {
            data: DataFrame::new(height, columns)?,
            rejects,
            warnings,
        })
    }
}

/// Streams the batches of a reader that works synchronously (files): `next_batch` is called
/// for each batch until it yields `None`; an error ends the stream after being yielded.
pub fn stream_batches<R: Send + 'static>(
    reader: R,
    batch_rows: usize,
    next_batch: fn(&mut R, usize) -> Result<Option<Batch>, SourceError>,
) -> BatchStream<'static> {
    let batch_rows = batch_rows.max(1);
    futures::stream::unfold(Some(reader), move |state| async move {
        let mut reader = state?;
        match next_batch(&mut reader, batch_rows) {
            Ok(Some(batch)) => Some((Ok(batch), Some(reader))),
            Ok(None) => None,
            Err(e) => Some((Err(e), None)),
        }
    })
    .boxed()
}

/// Where the data comes from, safe to print and to store in the protocol (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceDescription {
    /// Connector family (`sqlite`, `csv`, ...).
    pub connector: &'static str,
    /// Path or URL with any password removed.
    pub location: String,
    /// Whether the source runs SQL itself; if not, queries run on polars SQL over its tables.
    pub has_sql_engine: bool,
}

/// How the connection to a database server travels, recorded in `protocol.json`: whether a
/// password (and the data) could be read or changed on the way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Transport {
    /// Server host.
    pub host: String,
    /// The TLS mode in force as the URL names it (`sslmode`, `ssl-mode`), or its default.
    pub mode: String,
    /// `verified-tls` (certificate chain checked, and the host name where the mode says so),
    /// `unverified-tls` (encrypted, certificate not checked), `tls-if-offered` (TLS when the
    /// server offers it, unverified, else plain text) or `plain`.
    pub security: &'static str,
    /// The password and the data could be read or changed on the way: not verified TLS.
    pub exposed: bool,
    /// The host is this machine (loopback or a socket): nothing crosses a network.
    pub local: bool,
}

/// A readable source: a database, a dump, a set of files.
#[async_trait]
pub trait Source: Send {
    /// Connector, location (without secrets) and capabilities.
    fn description(&self) -> SourceDescription;

    /// How the connection to the server travels; `None` for files (nothing crosses a
    /// network) and for drivers that do not say (ODBC).
    fn transport(&self) -> Option<Transport> {
        None
    }

    /// Tables, views or files the source offers, with row counts where cheap.
    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError>;

    /// Names of the tables, without counting rows (which can cost a pass over the data).
    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(self
            .list_tables()
            .await?
            .into_iter()
            .map(|t| t.name)
            .collect())
    }

    /// Columns and their types for a table or a query, without reading the rows.
    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError>;

    /// The single-column foreign keys the catalog declares; none where the source has no
    /// catalog (files, dumps) or the connector does not read it.
    async fn foreign_keys(&mut self) -> Result<Vec<CatalogForeignKey>, SourceError> {
        Ok(Vec::new())
    }

    /// Streams the rows of a table or query in batches of at most `options.batch_rows` rows.
    /// Server connectors order by `options.key` when it is set and resume after it when the
    /// connection breaks (see [`crate::resume`]).
    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError>;
}
