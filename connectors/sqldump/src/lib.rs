//! SQL dump files as a source, read without a database server.
//!
//! # What is read
//!
//! Plain SQL scripts, plain, gzip- or zstd-compressed (recognised by their magic bytes,
//! whatever the file is called), UTF-8 or UTF-16 with a byte order mark (SSMS "Unicode
//! text"; read as UTF-8, so offsets are those of the UTF-8 text and reads stream up to
//! them), in five dialects, detected from the file's marks (the tool's header, `/*!40101`, backticks, `GO` lines, `SET IDENTITY_INSERT`, `PROMPT`/`REM`,
//! `TO_DATE`, `PRAGMA`, `BEGIN TRANSACTION;`) or set with `[source] dialect = "postgres" |
//! "mysql" | "mssql" | "oracle" | "sqlite"`:
//!
//! - **pg_dump** plain format: `COPY … FROM stdin` blocks, `--inserts`, `--column-inserts`
//!   (`E'…'` strings, `'…'::type` casts), `SET client_encoding`, search path, `\connect`,
//!   `$$` function bodies.
//! - **mysqldump / mariadb-dump**: extended INSERTs with many tuples, `INSERT IGNORE`,
//!   `REPLACE`, backslash escapes (`\0 \' \" \b \n \r \t \Z \\`; `\%` and `\_` keep
//!   their backslash, as in MySQL), `_binary '…'`, `_utf8mb4'…'`, `0x…`, `X'…'`, `b'…'`,
//!   `/*!40101 SET NAMES latin1 */` (MySQL latin1 = windows-1252), `#` comments, conditional
//!   comments, `LOCK TABLES`, backticks, `DELIMITER ;;` (trigger and routine bodies are
//!   skipped whole).
//! - **SQL Server** scripts (SSMS "Generate Scripts"): `[dbo].[T]`, `GO` lines, statements
//!   without `;`, `INSERT [T] (…) VALUES (…)`, `N'…'`, `CAST(x AS type)` and `CONVERT(type, x)`
//!   (the value is `x` as written), `SET IDENTITY_INSERT`.
//! - **Oracle** INSERT scripts (SQL Developer export, SQL*Plus): `TO_DATE`/`TO_TIMESTAMP`
//!   converted to ISO (`2024-01-31 10:00:00`, `2024-01-31` when the format has no time,
//!   fractional seconds as written; elements YYYY RRRR YY RR MM MON MONTH DD HH24 HH12 HH MI
//!   SS FF[1-9] AM/PM X, others reject the row naming them), `q'[…]'` quoting, `HEXTORAW`,
//!   `REM`/`PROMPT`/`SET …` lines, `/` terminator lines, `"SCHEMA"."TABLE"`.
//! - **sqlite3 `.dump`**: `INSERT INTO "t" VALUES(…)`, `X'…'` blobs, `replace('…','\n',
//!   char(10))`, `char(…)`, `unistr('…')`, `PRAGMA`/`BEGIN TRANSACTION`.
//!
//! # How
//!
//! One byte-level tokenizer (`lexer`, memchr over a 64 KiB window) knows every dialect's
//! quoting, comments and statement ends; the statement and tuple parser (`parse`) runs on
//! it. Opening makes one streaming pass (`index`): CREATE TABLE columns and types, COPY
//! blocks, and per table its INSERT statements as segments (runs of consecutive statements of
//! that table; one table in several batches is one table) with the exact tuple count.
//! Statements this reader does not know (UPDATE, procedure bodies …) are skipped and counted
//! ([`SqlDumpSource::unknown_statements`]); SET, DROP, LOCK, PRAGMA and such are skipped
//! silently. A read (`insert`) seeks to each segment (a compressed stream is read on up to
//! it) and streams tuple by tuple: memory holds one batch and the value being read, never a
//! whole statement.
//!
//! # Tables and types
//!
//! Tables are named `name`, or `schema.name` when several schemas hold that name. Columns
//! come from CREATE TABLE; an INSERT with a column list is mapped by name (other columns are
//! NULL), without one in CREATE TABLE order. A table without CREATE TABLE takes its columns
//! from its first INSERT's column list, else `col1`…`colN`, all text. Types: integers →
//! Int64 (mysql `int(11)`, `bigint unsigned` – values beyond Int64 are rejected –, mssql
//! `[int]`, Oracle `NUMBER(p,0)` with p ≤ 19, sqlite INTEGER affinity), floating point →
//! Float64, booleans (pg `boolean`, mssql `bit`) → Boolean, everything else (decimals,
//! `NUMBER`, dates, times) → String exactly as written. Binary columns (blob, varbinary, raw,
//! sqlite BLOB) and binary literals are `0x…` uppercase hex text, as the MySQL connector
//! reads them; pg `bytea` stays as pg_dump wrote it. MySQL zero dates are read as NULL with a
//! warning. `_src_row` is the 1-based tuple number within the table.
//!
//! # Bad input
//!
//! A tuple with the wrong number of values, an unparsable literal, an unknown function or an
//! INSERT without VALUES is a reject naming the file, table, row, line, byte offset and an
//! excerpt; the rest of the statement and the statements around it are read. A dump cut off
//! inside an INSERT or COPY delivers the rows before the cut, then fails naming the table,
//! row and line. Nothing panics, whatever the bytes (`fuzzing::read_dump_bytes`).
//!
//! # Not read
//!
//! pg_dump's custom, directory and tar formats (convert with `pg_restore -f dump.sql`);
//! bzip2 or xz; UTF-16 without a byte order mark; `INSERT … SELECT`.
#![deny(missing_docs)]

mod declared;
mod index;
mod insert;
mod lexer;
mod messages;
mod oracle;
mod parse;
mod pgtime;
mod source;

pub use index::Compression;
pub use lexer::Dialect;
pub use source::{DumpConfig, SqlDumpFactory, SqlDumpSource};

/// Entry points for fuzz targets: not part of the API.
#[doc(hidden)]
pub mod fuzzing {
    use futures::StreamExt;
    use stx_connector_core::{ReadOptions, ReadRequest, Source};

    use crate::{Dialect, SqlDumpSource};

    /// Opens `bytes` as a dump (dialect detected, or every dialect when `all_dialects`), lists,
    /// describes and reads every table to the end. Returns the rows and rejects read; must
    /// never panic, whatever the bytes.
    pub fn read_dump_bytes(bytes: &[u8], all_dialects: bool) -> u64 {
        let dialects: Vec<Option<Dialect>> = if all_dialects {
            vec![
                Some(Dialect::Postgres),
                Some(Dialect::Mysql),
                Some(Dialect::Mssql),
                Some(Dialect::Oracle),
                Some(Dialect::Sqlite),
            ]
        } else {
            vec![None]
        };
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
            return 0;
        };
        let mut total = 0;
        for dialect in dialects {
            let Ok(mut source) = SqlDumpSource::open_memory(bytes, dialect) else {
                continue;
            };
            total += runtime.block_on(async {
                let mut rows = 0u64;
                let names = source.table_names().await.unwrap_or_default();
                for name in names {
                    let request = ReadRequest::Table(name);
                    let _ = source.describe(&request).await;
                    let Ok(mut stream) = source.read(&request, &ReadOptions::batch(7)).await else {
                        continue;
                    };
                    while let Some(batch) = stream.next().await {
                        match batch {
                            Ok(b) => rows += b.rows_read() as u64,
                            Err(_) => break,
                        }
                    }
                }
                rows
            });
        }
        total
    }
}

#[cfg(test)]
mod dialect_tests;
#[cfg(test)]
mod sqldump_tests;
#[cfg(test)]
mod value_cap_tests;
