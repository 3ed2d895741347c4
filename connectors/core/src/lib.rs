//! Shared pieces of every stx-migrate source connector: the [`Source`] trait, the
//! [`SourceSpec`] parsed from a migration file or a URL, the [`Registry`] that picks a
//! connector, column buffers that turn values into polars columns, and [`SourceError`].
//!
//! A source streams [`Batch`]es: a polars `DataFrame` whose first column is
//! [`SOURCE_ROW_COLUMN`] (lineage: the row number in the source), plus the rows that could not
//! be read, as [`ReadReject`]s, so that bad input never vanishes.
#![deny(missing_docs)]

mod buffers;
mod dburl;
mod error;
mod key_catalog;
mod registry;
pub mod resume;
mod source;
mod spec;
mod sql;
pub mod testing;

pub use buffers::{Cell, ColumnBuilder, ColumnKind};
pub use dburl::{is_local_host, redact_credentials, DbUrl, Secret};
pub use error::{AcceptedOptions, SourceError, ANY_CONNECTOR};
pub use key_catalog::{report_key, undeclared_warning, KeyDeclared};
pub use registry::{OptionsPick, OptionsSchema, Registry, SourceFactory};
pub use resume::{KeyValue, ReadOptions};
pub use source::{
    stream_batches, Batch, BatchStream, CatalogForeignKey, ColumnInfo, ReadAction, ReadReject,
    ReadRequest, ReadWarning, Source, SourceDescription, TableInfo, Transport,
};
pub use spec::{
    option_names, Location, NoOptions, PasswordOptions, Resolution, SourceOptions, SourceSpec,
};
pub use sql::{read_with_polars_sql, value_text, QueryResult, TableWarning};

/// Name of the lineage column every batch carries: the 1-based row number in the source.
///
/// For files it is the spreadsheet-style row number (header = row 1); for databases the
/// position in the read order. Together with the migration's `key` it identifies a source row
/// in rejects and reports.
pub const SOURCE_ROW_COLUMN: &str = "_src_row";

/// The largest value a file reader keeps whole (16 MiB): a CSV field or a SQL dump literal
/// above it rejects its row, and the rest of it is skipped without being held in memory, so
/// one runaway quote or a blob dumped into a text column cannot exhaust memory.
pub const MAX_VALUE_BYTES: usize = 16 << 20;
