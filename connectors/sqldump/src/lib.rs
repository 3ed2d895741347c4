//! SQL dump files as a source, read without a database server.
//!
//! # Read in this slice
//!
//! PostgreSQL **plain-format** dumps written by `pg_dump` (`dump.sql`), plain or
//! gzip-compressed (recognised by the gzip magic bytes, whatever the file is called):
//!
//! - Opening makes one streaming pass over the file (never the whole file in memory) and
//!   indexes every `CREATE TABLE` (column names and declared types; table constraints such as
//!   `CONSTRAINT …` or `PRIMARY KEY (…)` are not columns) and every `COPY … FROM stdin;` block
//!   (where its data starts, its exact row count). `SET client_encoding` and the search path
//!   are followed; `--`/`/* */` comments, quoted strings, `$$` bodies and psql
//!   meta-commands (`\connect`, `\restrict`) are skipped.
//! - Every table is a source table, named `name`, or `schema.name` when several schemas hold
//!   a table of that name (the `public` one keeps the bare name). `schema.name` is accepted
//!   for every table.
//! - A read seeks to the table's COPY block (gzip: streams up to it) and decodes the COPY text
//!   format batch by batch: TAB-separated fields, `\N` is NULL, the escapes `\\ \t \n \r \b
//!   \f \v`, octal `\ooo` and hex `\xhh`, `\.` ends the block. Values are decoded from the
//!   dump's client_encoding (UTF8, LATIN1, WIN1252 …).
//! - Types: integer types → Int64, `double precision`/`real` → Float64, `boolean` → Boolean,
//!   everything else (numeric, dates, timestamps, arrays, json …) → String exactly as pg_dump
//!   wrote it. `_src_row` is the 1-based row number within the table's COPY block.
//! - Bad data: a value that does not parse as its type, bytes that are not valid in the
//!   encoding, or a wrong field count reject the row (row, column, value, message). A dump
//!   cut off inside a COPY block delivers the rows before, then fails naming the table, row
//!   and line. A file with no `CREATE TABLE` and no `COPY` fails at open.
//! - A table with a CREATE TABLE and no data is read as zero rows (one empty batch).
//!
//! # Not read yet
//!
//! - `INSERT` statements (`pg_dump --inserts`, `--column-inserts`): such tables are listed,
//!   and reading them fails with an error saying so (never zero rows silently);
//! - mysqldump/MariaDB, SQL Server, Oracle and SQLite (`.dump`) scripts;
//! - pg_dump's custom, directory and tar formats (convert with `pg_restore -f dump.sql`);
//! - zstd, bzip2 or xz compression (only gzip).
#![deny(missing_docs)]

mod index;
mod source;

pub use source::{SqlDumpFactory, SqlDumpSource};

#[cfg(test)]
mod sqldump_tests;
