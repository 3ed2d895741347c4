//! Benchmark of the SQL dump reader (`sqldump` source) against reading the same bytes.
//!
//! ```text
//! cargo run --release -p stx-bench --bin bench-dump --
//!     [--size 1G] [--runs 3] [--dir /tmp/stx-bench-dump]
//!     [--formats pg-copy,mysql-insert] [--gzip]
//! ```
//!
//! It generates (or reuses, when `<file>.params` says it was made with the same size, seed and
//! generator version and the file still has the recorded length) one dump per format of about
//! `--size` bytes, with two tables of contact-like rows: `contacts` (ids, names with accents
//! and quotes, e-mails, dates, decimals, doubles, booleans, timestamps, NULLs, some long text
//! with tabs, newlines and backslashes) and `addresses`:
//!
//! * `pg-copy`: `dump-pg-copy.sql`, pg_dump's plain format (`COPY … FROM stdin;` blocks);
//! * `mysql-insert`: `dump-mysql-insert.sql`, mysqldump's extended INSERTs
//!   (`INSERT INTO \`t\` VALUES (…),(…);`, one line of about 1 MB per statement, backslash
//!   escapes);
//! * with `--gzip`, a `.gz` of each as well (flate2 level 1, for a quick setup: inflating is
//!   about as fast whatever the level).
//!
//! Then, `--runs` times each, for every file, in this one process:
//!
//! * `read-bytes` (baseline): the file read in 1 MiB blocks into nothing (for `.gz`: inflated
//!   into nothing) — what merely getting the bytes costs;
//! * `count-lines` (baseline): the same plus a `memchr` count of the newlines (`wc -l`);
//! * `index`: [`SqlDumpSource::open`], the indexing pass over the whole dump;
//! * `read-all`: open, then every table read through the public `Source` API into polars
//!   batches; the rows (kept + rejected) must equal the generated counts, else the
//!   measurement fails.
//!
//! A format the reader cannot read yet fails with its message on a `FAILED` line and the
//! program goes on with the next one.
//!
//! The reader decodes on one thread (`stream_batches` runs the decoder inline in the consuming
//! task). Besides wall time, each run's CPU time (user + system, `getrusage(RUSAGE_SELF)`) is
//! measured, so `mb_per_cpu_s` is the rate per busy core, which the other processes on a
//! shared machine do not disturb as much as the wall time. MB are 10^6 bytes of the SQL text
//! (the decompressed size for `.gz`). The goal printed is `read-all` ≥ 150 MB per CPU-second.
//!
//! Every result is one line starting with `RESULT`, `RATIO`, `GOAL` or `FAILED`, so
//! `grep -E '^(RESULT|RATIO|GOAL|FAILED)'` gives the table. `RATIO a/b` divides median wall
//! times (lower is better): `read-all/read-bytes` = 10 means reading rows runs at a tenth of
//! the rate of reading bytes.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, ensure, Context, Result};
use clap::Parser;
use futures::StreamExt;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use stx_bench::{median, mib, peak_rss_kb, reset_peak_rss};
use stx_connector_core::{ReadOptions, ReadRequest, Source};
use stx_connector_sqldump::SqlDumpSource;
use stx_migrate::pipeline::DEFAULT_BATCH_ROWS;

const SEED: u64 = 42;
/// Bump when the generated text changes, so that old files are not reused.
const GENERATOR_VERSION: u32 = 2;
/// Share of the target size given to `contacts`; `addresses` fills the rest.
const CONTACTS_SHARE: f64 = 0.75;
/// mysqldump starts a new INSERT when a statement would pass `net_buffer_length` (1 MB).
const INSERT_BYTES: usize = 1_000_000;
/// The decoding goal, in MB of dump per CPU-second.
const GOAL_MB_PER_CPU_S: f64 = 150.0;

#[derive(Debug, Parser)]
#[command(about = "Benchmark the SQL dump reader against reading and line-counting the file")]
struct Args {
    /// Approximate size of each generated dump: bytes, or with K, M, G (powers of 10).
    #[arg(long, default_value = "1G", value_parser = parse_size)]
    size: u64,
    /// How many times each measurement runs (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Working folder for the generated dumps (kept, and reused by the next run).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Formats to generate and measure.
    #[arg(long, value_delimiter = ',', default_value = "pg-copy,mysql-insert")]
    formats: Vec<Format>,
    /// Also measure a gzip-compressed copy of each dump.
    #[arg(long)]
    gzip: bool,
}

fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let t = t.strip_suffix('B').unwrap_or(&t);
    let (digits, factor) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 1_000),
        Some('M') => (&t[..t.len() - 1], 1_000_000),
        Some('G') => (&t[..t.len() - 1], 1_000_000_000),
        _ => (t, 1),
    };
    let value: f64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a size (examples: 1G, 200M, 5000000)"))?;
    if value <= 0.0 || value.is_nan() {
        return Err(format!("'{text}': the size must be positive"));
    }
    Ok((value * factor as f64) as u64)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// pg_dump plain format with COPY blocks.
    PgCopy,
    /// mysqldump extended INSERT statements.
    MysqlInsert,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::PgCopy => "pg-copy",
            Format::MysqlInsert => "mysql-insert",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generation

/// Values of one generated row; `None` is NULL.
enum Val<'a> {
    Null,
    Int(u64),
    /// Written as it is, unquoted (numbers, decimals; dates are text: mysqldump quotes them).
    Num(&'a str),
    Bool(bool),
    Text(&'a str),
}

/// Pools the rows are drawn from: names with accents and quotes, long notes.
struct Pools {
    first: Vec<&'static str>,
    last: Vec<&'static str>,
    streets: Vec<&'static str>,
    cities: Vec<&'static str>,
    notes: Vec<String>,
    long_notes: Vec<String>,
}

impl Pools {
    fn new(rng: &mut ChaCha8Rng) -> Pools {
        let words = [
            "client",
            "fidèle",
            "abonné",
            "saison",
            "concert",
            "billet",
            "Zürich",
            "Genève",
            "opéra",
            "réduction",
            "«VIP»",
            "groupe",
            "élève",
            "Straße",
            "naïve",
            "œuvre",
            "l'orchestre",
            "\"premium\"",
            "C:\\tickets\\",
            "Ærø",
            "Łódź",
            "Ελλάδα",
            "東京",
        ];
        let mut long_notes = Vec::new();
        for _ in 0..64 {
            let len = rng.random_range(300..4000);
            let mut text = String::new();
            while text.len() < len {
                text.push_str(words[rng.random_range(0..words.len())]);
                text.push(match rng.random_range(0..40) {
                    0 => '\n',
                    1 => '\t',
                    2..=4 => ',',
                    _ => ' ',
                });
            }
            long_notes.push(text);
        }
        Pools {
            first: vec![
                "José",
                "Zoë",
                "François",
                "Anne-Marie",
                "Jürgen",
                "Łukasz",
                "Søren",
                "Chloé",
                "Björn",
                "Renée",
                "Mª Ángeles",
                "John",
                "Mary",
                "Ødegaard",
                "Nuño",
                "Ève",
                "Marie-Thérèse",
                "Hans",
                "Giulia",
                "Noël",
            ],
            last: vec![
                "O'Brien",
                "Müller",
                "D'Angelo",
                "García",
                "Nguyễn",
                "Dupont \"le Grand\"",
                "van der Berg",
                "Šimková",
                "L'Hôte",
                "Smith",
                "Meier",
                "Rossi",
                "Bäcker",
                "Fernández",
                "Côté",
                "Back\\slash",
                "Ó Súilleabháin",
                "Weiß",
                "Lefèvre",
                "Kovač",
            ],
            streets: vec![
                "Rue du Rhône 12",
                "Bahnhofstraße 5",
                "Via dell'Orso 3",
                "Chemin des Clés 7",
                "Main Street 1",
                "Place de l'Église 2",
                "Åkervägen 14",
                "Quai Wilson \"B\" 9",
            ],
            cities: vec![
                "Genève",
                "Zürich",
                "Lausanne",
                "Fribourg",
                "Neuchâtel",
                "Biel/Bienne",
                "Sankt Gallen",
                "Delémont",
            ],
            notes: vec![
                "Call after 6pm".into(),
                "prefers 'email'".into(),
                "wheelchair seat\tneeded".into(),
                "line one\nline two".into(),
                "paid by card; invoice to \"Finance\"".into(),
                "path C:\\docs\\x".into(),
                "Abonnement résilié".into(),
            ],
            long_notes,
        }
    }
}

/// Writes one row's values in a dump's syntax.
trait RowWriter {
    fn row(&mut self, out: &mut Vec<u8>, values: &[Val<'_>]);
}

/// pg_dump COPY text: TAB-separated, `\N`, backslash escapes.
struct CopyRows;

impl RowWriter for CopyRows {
    fn row(&mut self, out: &mut Vec<u8>, values: &[Val<'_>]) {
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push(b'\t');
            }
            match v {
                Val::Null => out.extend_from_slice(b"\\N"),
                Val::Int(n) => {
                    let _ = write!(out, "{n}");
                }
                Val::Num(s) => out.extend_from_slice(s.as_bytes()),
                Val::Bool(b) => out.push(if *b { b't' } else { b'f' }),
                Val::Text(s) => {
                    for &c in s.as_bytes() {
                        match c {
                            b'\\' => out.extend_from_slice(b"\\\\"),
                            b'\t' => out.extend_from_slice(b"\\t"),
                            b'\n' => out.extend_from_slice(b"\\n"),
                            b'\r' => out.extend_from_slice(b"\\r"),
                            _ => out.push(c),
                        }
                    }
                }
            }
        }
        out.push(b'\n');
    }
}

/// mysqldump VALUES tuples: `(1,'O\'Brien',NULL,…)`, escapes as `mysql_real_escape_string`.
struct InsertRows;

impl RowWriter for InsertRows {
    fn row(&mut self, out: &mut Vec<u8>, values: &[Val<'_>]) {
        out.push(b'(');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match v {
                Val::Null => out.extend_from_slice(b"NULL"),
                Val::Int(n) => {
                    let _ = write!(out, "{n}");
                }
                Val::Num(s) => out.extend_from_slice(s.as_bytes()),
                Val::Bool(b) => out.push(if *b { b'1' } else { b'0' }),
                Val::Text(s) => {
                    out.push(b'\'');
                    for &c in s.as_bytes() {
                        match c {
                            b'\\' => out.extend_from_slice(b"\\\\"),
                            b'\'' => out.extend_from_slice(b"\\'"),
                            b'"' => out.extend_from_slice(b"\\\""),
                            b'\n' => out.extend_from_slice(b"\\n"),
                            b'\r' => out.extend_from_slice(b"\\r"),
                            0 => out.extend_from_slice(b"\\0"),
                            0x1a => out.extend_from_slice(b"\\Z"),
                            _ => out.push(c),
                        }
                    }
                    out.push(b'\'');
                }
            }
        }
        out.push(b')');
    }
}

/// What a generated dump holds.
#[derive(Debug, Clone, PartialEq)]
struct Generated {
    /// Rows per table.
    rows: BTreeMap<String, u64>,
    bytes: u64,
}

impl Generated {
    fn total_rows(&self) -> u64 {
        self.rows.values().sum()
    }

    fn to_marker(&self, params: &str) -> String {
        let rows: Vec<String> = self.rows.iter().map(|(t, n)| format!("{t}={n}")).collect();
        format!("{params}\nbytes={}\nrows {}\n", self.bytes, rows.join(" "))
    }

    fn from_marker(text: &str, params: &str) -> Option<Generated> {
        let mut lines = text.lines();
        if lines.next()? != params {
            return None;
        }
        let bytes = lines.next()?.strip_prefix("bytes=")?.parse().ok()?;
        let mut rows = BTreeMap::new();
        for pair in lines.next()?.strip_prefix("rows ")?.split(' ') {
            let (t, n) = pair.split_once('=')?;
            rows.insert(t.to_string(), n.parse().ok()?);
        }
        Some(Generated { rows, bytes })
    }
}

/// Columns of a generated table: (name, PostgreSQL type, MySQL type).
type Columns = [(&'static str, &'static str, &'static str)];

const CONTACT_COLUMNS: [(&str, &str, &str); 10] = [
    // (name, PostgreSQL type, MySQL type)
    ("id", "bigint NOT NULL", "bigint(20) NOT NULL"),
    (
        "first_name",
        "character varying(60)",
        "varchar(60) DEFAULT NULL",
    ),
    (
        "last_name",
        "character varying(80)",
        "varchar(80) DEFAULT NULL",
    ),
    (
        "email",
        "character varying(120)",
        "varchar(120) DEFAULT NULL",
    ),
    ("birth_date", "date", "date DEFAULT NULL"),
    ("balance", "numeric(12,2)", "decimal(12,2) DEFAULT NULL"),
    ("score", "double precision", "double DEFAULT NULL"),
    ("newsletter", "boolean", "tinyint(1) DEFAULT NULL"),
    (
        "created_at",
        "timestamp without time zone",
        "datetime DEFAULT NULL",
    ),
    ("notes", "text", "text DEFAULT NULL"),
];

const ADDRESS_COLUMNS: [(&str, &str, &str); 6] = [
    ("id", "bigint NOT NULL", "bigint(20) NOT NULL"),
    ("contact_id", "bigint", "bigint(20) DEFAULT NULL"),
    (
        "street",
        "character varying(120)",
        "varchar(120) DEFAULT NULL",
    ),
    ("zip", "character varying(10)", "varchar(10) DEFAULT NULL"),
    ("city", "character varying(60)", "varchar(60) DEFAULT NULL"),
    ("country", "character(2)", "char(2) DEFAULT NULL"),
];

/// Fills `out` with the values of contact `id` and calls `emit` with them.
fn contact_row(
    rng: &mut ChaCha8Rng,
    pools: &Pools,
    id: u64,
    scratch: &mut [String; 6],
    emit: &mut dyn FnMut(&[Val<'_>]),
) {
    let first = pools.first[rng.random_range(0..pools.first.len())];
    let last = pools.last[rng.random_range(0..pools.last.len())];
    let [email, birth, balance, score, created, _] = scratch;
    email.clear();
    for c in first.chars().chain(['.']).chain(last.chars()) {
        if c.is_ascii_alphanumeric() || c == '.' {
            email.push(c.to_ascii_lowercase());
        }
    }
    use std::fmt::Write as _;
    let _ = write!(email, "{id}@example.ch");
    birth.clear();
    let _ = write!(
        birth,
        "{}-{:02}-{:02}",
        rng.random_range(1930..2006),
        rng.random_range(1..13),
        rng.random_range(1..29)
    );
    balance.clear();
    let cents: i64 = rng.random_range(-1_000_000..10_000_000);
    let sign = if cents < 0 { "-" } else { "" };
    let _ = write!(
        balance,
        "{sign}{}.{:02}",
        cents.unsigned_abs() / 100,
        cents.unsigned_abs() % 100
    );
    score.clear();
    let _ = write!(score, "{}", rng.random_range(0.0..1000.0f64));
    created.clear();
    let _ = write!(
        created,
        "{}-{:02}-{:02} {:02}:{:02}:{:02}",
        rng.random_range(2010..2027),
        rng.random_range(1..13),
        rng.random_range(1..29),
        rng.random_range(0..24),
        rng.random_range(0..60),
        rng.random_range(0..60)
    );
    let notes = match rng.random_range(0..100) {
        0..=39 => Val::Null,
        40..=89 => Val::Text(&pools.notes[rng.random_range(0..pools.notes.len())]),
        _ => Val::Text(&pools.long_notes[rng.random_range(0..pools.long_notes.len())]),
    };
    fn maybe<'v>(rng: &mut ChaCha8Rng, pct: u32, v: Val<'v>) -> Val<'v> {
        if rng.random_range(0..100) < pct {
            Val::Null
        } else {
            v
        }
    }
    let newsletter = rng.random_bool(0.4);
    let values = [
        Val::Int(id),
        maybe(rng, 2, Val::Text(first)),
        Val::Text(last),
        maybe(rng, 10, Val::Text(email)),
        maybe(rng, 15, Val::Text(birth)),
        maybe(rng, 10, Val::Num(balance)),
        maybe(rng, 20, Val::Num(score)),
        maybe(rng, 5, Val::Bool(newsletter)),
        Val::Text(created),
        notes,
    ];
    emit(&values);
}

fn address_row(
    rng: &mut ChaCha8Rng,
    pools: &Pools,
    id: u64,
    contacts: u64,
    scratch: &mut String,
    emit: &mut dyn FnMut(&[Val<'_>]),
) {
    use std::fmt::Write as _;
    scratch.clear();
    let _ = write!(scratch, "{}", rng.random_range(1000..9999));
    let countries = ["CH", "FR", "DE", "IT", "AT"];
    let values = [
        Val::Int(id),
        Val::Int(rng.random_range(1..contacts.max(1) + 1)),
        Val::Text(pools.streets[rng.random_range(0..pools.streets.len())]),
        Val::Text(scratch),
        Val::Text(pools.cities[rng.random_range(0..pools.cities.len())]),
        if rng.random_range(0..20) == 0 {
            Val::Null
        } else {
            Val::Text(countries[rng.random_range(0..countries.len())])
        },
    ];
    emit(&values);
}

/// Counts what is written.
struct Counting<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the `format` dump of about `size` bytes to `path`.
fn generate(path: &Path, format: Format, size: u64) -> Result<Generated> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = Counting {
        inner: BufWriter::with_capacity(1 << 20, file),
        bytes: 0,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let pools = Pools::new(&mut rng);
    let mut rows = BTreeMap::new();
    match format {
        Format::PgCopy => out.write_all(
            b"--\n-- PostgreSQL database dump\n--\n\n\
              -- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)\n\
              -- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)\n\n\
              SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n\
              SET standard_conforming_strings = on;\n\
              SELECT pg_catalog.set_config('search_path', '', false);\n\n",
        )?,
        Format::MysqlInsert => out.write_all(
            b"-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n\
              -- Host: localhost    Database: crm\n\
              -- ------------------------------------------------------\n\
              -- Server version\t8.0.36\n\n\
              /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n\
              /*!50503 SET NAMES utf8mb4 */;\n\
              /*!40103 SET TIME_ZONE='+00:00' */;\n\
              /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\n",
        )?,
    }
    let tables: [(&str, &Columns); 2] = [
        ("contacts", &CONTACT_COLUMNS),
        ("addresses", &ADDRESS_COLUMNS),
    ];
    let mut contacts = 0u64;
    let mut buf: Vec<u8> = Vec::with_capacity(INSERT_BYTES + (1 << 16));
    let mut scratch: [String; 6] = Default::default();
    for (t, (table, columns)) in tables.iter().enumerate() {
        write_create_table(&mut out, format, table, columns)?;
        let end = if t == 0 {
            (size as f64 * CONTACTS_SHARE) as u64
        } else {
            size
        };
        let mut n = 0u64;
        let mut writer: Box<dyn RowWriter> = match format {
            Format::PgCopy => {
                let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
                writeln!(
                    out,
                    "--\n-- Data for Name: {table}; Type: TABLE DATA; Schema: public; Owner: postgres\n--\n\n\
                     COPY public.{table} ({}) FROM stdin;",
                    names.join(", ")
                )?;
                Box::new(CopyRows)
            }
            Format::MysqlInsert => {
                writeln!(
                    out,
                    "--\n-- Dumping data for table `{table}`\n--\n\nLOCK TABLES `{table}` WRITE;\n\
                     /*!40000 ALTER TABLE `{table}` DISABLE KEYS */;"
                )?;
                Box::new(InsertRows)
            }
        };
        // One statement (INSERT) or a stretch of lines (COPY) at a time in `buf`.
        while out.bytes + (buf.len() as u64) < end || n == 0 {
            n += 1;
            let start = buf.len();
            if format == Format::MysqlInsert {
                if start == 0 {
                    let _ = write!(buf, "INSERT INTO `{table}` VALUES ");
                } else {
                    buf.push(b',');
                }
            }
            let mut emit = |values: &[Val<'_>]| writer.row(&mut buf, values);
            if t == 0 {
                contact_row(&mut rng, &pools, n, &mut scratch, &mut emit);
            } else {
                let [street, ..] = &mut scratch;
                address_row(&mut rng, &pools, n, contacts, street, &mut emit);
            }
            if buf.len() >= INSERT_BYTES {
                if format == Format::MysqlInsert {
                    buf.extend_from_slice(b";\n");
                }
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        if !buf.is_empty() {
            if format == Format::MysqlInsert {
                buf.extend_from_slice(b";\n");
            }
            out.write_all(&buf)?;
            buf.clear();
        }
        match format {
            Format::PgCopy => out.write_all(b"\\.\n\n\n")?,
            Format::MysqlInsert => writeln!(
                out,
                "/*!40000 ALTER TABLE `{table}` ENABLE KEYS */;\nUNLOCK TABLES;\n"
            )?,
        }
        if t == 0 {
            contacts = n;
        }
        rows.insert(table.to_string(), n);
    }
    match format {
        Format::PgCopy => out.write_all(b"--\n-- PostgreSQL database dump complete\n--\n\n")?,
        Format::MysqlInsert => out.write_all(
            b"/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n\n-- Dump completed on 2026-11-25 12:00:00\n",
        )?,
    }
    out.flush()?;
    Ok(Generated {
        rows,
        bytes: out.bytes,
    })
}

fn write_create_table(
    out: &mut impl Write,
    format: Format,
    table: &str,
    columns: &[(&str, &str, &str)],
) -> Result<()> {
    match format {
        Format::PgCopy => {
            let cols: Vec<String> = columns
                .iter()
                .map(|(n, pg, _)| format!("    {n} {pg}"))
                .collect();
            writeln!(
                out,
                "--\n-- Name: {table}; Type: TABLE; Schema: public; Owner: postgres\n--\n\n\
                 CREATE TABLE public.{table} (\n{}\n);\n\n\n\
                 ALTER TABLE public.{table} OWNER TO postgres;\n",
                cols.join(",\n")
            )?;
        }
        Format::MysqlInsert => {
            let cols: Vec<String> = columns
                .iter()
                .map(|(n, _, my)| format!("  `{n}` {my}"))
                .collect();
            writeln!(
                out,
                "--\n-- Table structure for table `{table}`\n--\n\n\
                 DROP TABLE IF EXISTS `{table}`;\n\
                 CREATE TABLE `{table}` (\n{},\n  PRIMARY KEY (`id`)\n) \
                 ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n",
                cols.join(",\n")
            )?;
        }
    }
    Ok(())
}

/// Gzips `src` into `dst`.
fn gzip_file(src: &Path, dst: &Path) -> Result<u64> {
    let mut input = File::open(src).with_context(|| format!("opening {}", src.display()))?;
    let output = File::create(dst).with_context(|| format!("creating {}", dst.display()))?;
    let mut encoder = flate2::write::GzEncoder::new(
        BufWriter::with_capacity(1 << 20, output),
        flate2::Compression::fast(),
    );
    std::io::copy(&mut input, &mut encoder)?;
    encoder.finish()?.flush()?;
    Ok(std::fs::metadata(dst)?.len())
}

/// One dump file to measure.
struct DumpFile {
    label: String,
    path: PathBuf,
    gzip: bool,
    generated: Generated,
}

/// Generates the dumps (or reuses them, see the module header).
fn prepare(dir: &Path, args: &Args) -> Result<Vec<DumpFile>> {
    let mut files = Vec::new();
    for &format in &args.formats {
        let path = dir.join(format!("dump-{}.sql", format.name()));
        let marker = dir.join(format!("dump-{}.sql.params", format.name()));
        let params = format!(
            "format={} size={} seed={SEED} version={GENERATOR_VERSION}",
            format.name(),
            args.size
        );
        let existing = std::fs::read_to_string(&marker)
            .ok()
            .and_then(|t| Generated::from_marker(&t, &params))
            .filter(|g| std::fs::metadata(&path).map(|m| m.len()).ok() == Some(g.bytes));
        let generated = match existing {
            Some(g) => {
                println!("dump: reusing {} ({} bytes)", path.display(), g.bytes);
                g
            }
            None => {
                let _ = std::fs::remove_file(&marker);
                let started = Instant::now();
                let g = generate(&path, format, args.size)?;
                let seconds = started.elapsed().as_secs_f64();
                std::fs::write(&marker, g.to_marker(&params))
                    .with_context(|| format!("writing {}", marker.display()))?;
                println!(
                    "RESULT {:<13} {:<13} generated bytes={} rows={} seconds={seconds:.1} mb_per_s={:.0} tables={:?}",
                    format.name(),
                    "generate",
                    g.bytes,
                    g.total_rows(),
                    g.bytes as f64 / 1e6 / seconds,
                    g.rows
                );
                g
            }
        };
        if args.gzip {
            let gz = dir.join(format!("dump-{}.sql.gz", format.name()));
            let gz_marker = dir.join(format!("dump-{}.sql.gz.params", format.name()));
            let gz_params = format!("{params} gzip from bytes={}", generated.bytes);
            let reuse = std::fs::read_to_string(&gz_marker).ok().and_then(|t| {
                let (p, len) = t.trim_end().rsplit_once("\ngz_bytes=")?;
                (p == gz_params && std::fs::metadata(&gz).map(|m| m.len()).ok() == len.parse().ok())
                    .then_some(())
            });
            if reuse.is_none() {
                let _ = std::fs::remove_file(&gz_marker);
                let started = Instant::now();
                let len = gzip_file(&path, &gz)?;
                std::fs::write(&gz_marker, format!("{gz_params}\ngz_bytes={len}\n"))?;
                println!(
                    "gzip: {} → {} bytes in {:.1} s",
                    gz.display(),
                    len,
                    started.elapsed().as_secs_f64()
                );
            } else {
                println!("dump: reusing {}", gz.display());
            }
            files.push(DumpFile {
                label: format.name().to_string(),
                path: path.clone(),
                gzip: false,
                generated: generated.clone(),
            });
            files.push(DumpFile {
                label: format!("{}.gz", format.name()),
                path: gz,
                gzip: true,
                generated,
            });
        } else {
            files.push(DumpFile {
                label: format.name().to_string(),
                path,
                gzip: false,
                generated,
            });
        }
    }
    Ok(files)
}

// ---------------------------------------------------------------------------------------------
// Measuring

/// User + system CPU time of this process, in seconds.
fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage only writes the struct we hand it; RUSAGE_SELF is always valid.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    if rc != 0 {
        return f64::NAN;
    }
    // SAFETY: getrusage returned 0, so it filled the struct (and zeroed() made it valid anyway).
    let usage = unsafe { usage.assume_init() };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// The runs of one measurement on one file.
struct Runs {
    file: String,
    name: &'static str,
    bytes: u64,
    rows: u64,
    seconds: Vec<f64>,
    cpu: Vec<f64>,
    peak_rss_kb: Vec<u64>,
    failed: Option<String>,
}

impl Runs {
    fn new(file: &str, name: &'static str, bytes: u64) -> Runs {
        Runs {
            file: file.to_string(),
            name,
            bytes,
            rows: 0,
            seconds: Vec::new(),
            cpu: Vec::new(),
            peak_rss_kb: Vec::new(),
            failed: None,
        }
    }

    /// Runs `f` once (unless an earlier run failed), recording time, CPU time and rows.
    async fn run<F, Fut>(&mut self, run: usize, runs: usize, f: F)
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<u64>>,
    {
        if self.failed.is_some() {
            return;
        }
        reset_peak_rss();
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let result = f().await;
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_before;
        match result {
            Ok(rows) => {
                let peak = peak_rss_kb().unwrap_or(0);
                println!(
                    "run {run}/{runs} {:<16} {:<12} rows={rows:<10} seconds={seconds:.3} cpu_s={cpu:.3} mb_per_s={:.0} peak_rss_mib={:.1}",
                    self.file,
                    self.name,
                    self.bytes as f64 / 1e6 / seconds,
                    mib(peak)
                );
                self.rows = rows;
                self.seconds.push(seconds);
                self.cpu.push(cpu);
                self.peak_rss_kb.push(peak);
            }
            Err(e) => {
                let message = format!("{e:#}");
                println!(
                    "FAILED {:<16} {:<12} run {run}: {message}",
                    self.file, self.name
                );
                self.failed = Some(message);
            }
        }
    }

    fn median_seconds(&self) -> Option<f64> {
        (!self.seconds.is_empty()).then(|| median(&self.seconds))
    }
}

/// The file's (decompressed) bytes read in 1 MiB blocks; with `count_lines`, also counts `\n`.
fn read_bytes(path: &Path, gzip: bool, count_lines: bool) -> Result<(u64, u64)> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut reader: Box<dyn Read> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            file,
        )))
    } else {
        Box::new(file)
    };
    let mut buf = vec![0u8; 1 << 20];
    let (mut bytes, mut lines) = (0u64, 0u64);
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        if count_lines {
            lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
        }
    }
    Ok((bytes, lines))
}

/// Opens the dump and reads every table; returns the rows (kept + rejected), checked against
/// the generated counts.
async fn read_all(file: &DumpFile) -> Result<u64> {
    let path = file.path.clone();
    let mut source = SqlDumpSource::open(&path)?;
    let tables = source.table_names().await?;
    let options = ReadOptions::batch(DEFAULT_BATCH_ROWS);
    let mut total = 0u64;
    for (table, expected) in &file.generated.rows {
        ensure!(
            tables.contains(table),
            "table '{table}' not found; the reader lists {tables:?}"
        );
        let mut stream = source
            .read(&ReadRequest::Table(table.clone()), &options)
            .await
            .with_context(|| format!("reading table '{table}'"))?;
        let (mut rows, mut rejects, mut first_reject) = (0u64, 0u64, None);
        while let Some(batch) = stream.next().await {
            let batch = batch.with_context(|| format!("table '{table}' after {rows} rows"))?;
            rows += batch.rows_read() as u64;
            rejects += batch.rejects.len() as u64;
            if first_reject.is_none() {
                first_reject = batch.rejects.first().map(|r| r.message.clone());
            }
        }
        ensure!(
            rows == *expected,
            "table '{table}': read {rows} rows, the generator wrote {expected}"
        );
        if let Some(message) = first_reject {
            bail!("table '{table}': {rejects} rows rejected, the first: {message}");
        }
        total += rows;
    }
    Ok(total)
}

fn print_table(all: &[Runs]) {
    println!();
    println!(
        "{:<6} {:<16} {:<12} {:>10} {:>9} {:>9} {:>11} {:>9} {:>12} {:>9}  runs (s)",
        "",
        "file",
        "measurement",
        "rows",
        "median_s",
        "mb_per_s",
        "rows_per_s",
        "cpu_s",
        "mb_per_cpu_s",
        "rss_mib"
    );
    for r in all {
        let Some(seconds) = r.median_seconds() else {
            continue;
        };
        let cpu = median(&r.cpu);
        let mb = r.bytes as f64 / 1e6;
        let runs: Vec<String> = r.seconds.iter().map(|s| format!("{s:.3}")).collect();
        println!(
            "RESULT {:<16} {:<12} {:>10} {seconds:>9.3} {:>9.1} {:>11.0} {cpu:>9.3} {:>12.1} {:>9.1}  [{}]",
            r.file,
            r.name,
            r.rows,
            mb / seconds,
            r.rows as f64 / seconds,
            mb / cpu,
            mib(r.peak_rss_kb.iter().copied().min().unwrap_or(0)),
            runs.join(", ")
        );
    }
    for r in all {
        if let Some(message) = &r.failed {
            println!("FAILED {:<16} {:<12} {message}", r.file, r.name);
        }
    }
    let find = |file: &str, name: &str| {
        all.iter()
            .find(|r| r.file == file && r.name == name)
            .and_then(Runs::median_seconds)
    };
    let mut files: Vec<&str> = all.iter().map(|r| r.file.as_str()).collect();
    files.dedup();
    for file in &files {
        for (a, b) in [
            ("read-all", "read-bytes"),
            ("read-all", "count-lines"),
            ("index", "read-bytes"),
            ("read-all", "index"),
        ] {
            if let (Some(x), Some(y)) = (find(file, a), find(file, b)) {
                println!(
                    "RATIO  {:<16} {:<24} {:>7.2}  ({a} runs at {:.3}× the rate of {b})",
                    file,
                    format!("{a}/{b}"),
                    x / y,
                    y / x
                );
            }
        }
    }
    for r in all.iter().filter(|r| r.name == "read-all") {
        if r.seconds.is_empty() {
            continue;
        }
        let mb_per_cpu = r.bytes as f64 / 1e6 / median(&r.cpu);
        println!(
            "GOAL   {:<16} read-all {mb_per_cpu:.1} MB per CPU-second (one decoding thread) vs \
             goal ≥ {GOAL_MB_PER_CPU_S}: {}",
            r.file,
            if mb_per_cpu >= GOAL_MB_PER_CPU_S {
                "met"
            } else {
                "NOT met"
            }
        );
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    ensure!(args.runs >= 1, "--runs must be at least 1");
    ensure!(!args.formats.is_empty(), "--formats names no format");
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("stx-bench-dump"));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let dir = dir.canonicalize()?;
    println!(
        "bench-dump: size={} runs={} formats={:?} gzip={} dir={}",
        args.size,
        args.runs,
        args.formats.iter().map(|f| f.name()).collect::<Vec<_>>(),
        args.gzip,
        dir.display()
    );
    let files = prepare(&dir, &args)?;

    let mut all: Vec<Runs> = Vec::new();
    for file in &files {
        let bytes = file.generated.bytes;
        let expected_lines = {
            let (got, lines) = read_bytes(&file.path, file.gzip, true)?;
            ensure!(
                got == bytes,
                "{}: {got} bytes read, {bytes} generated",
                file.path.display()
            );
            lines
        };
        let mut plain = Runs::new(&file.label, "read-bytes", bytes);
        let mut lines = Runs::new(&file.label, "count-lines", bytes);
        let mut index = Runs::new(&file.label, "index", bytes);
        let mut full = Runs::new(&file.label, "read-all", bytes);
        for run in 1..=args.runs {
            plain
                .run(run, args.runs, || async {
                    read_bytes(&file.path, file.gzip, false)?;
                    Ok(0)
                })
                .await;
            lines
                .run(run, args.runs, || async {
                    let (_, n) = read_bytes(&file.path, file.gzip, true)?;
                    ensure!(n == expected_lines, "{n} lines, {expected_lines} before");
                    Ok(n)
                })
                .await;
            index
                .run(run, args.runs, || async {
                    // The rows the index counted (tables it cannot count give none).
                    let mut source = SqlDumpSource::open(&file.path)?;
                    let tables = source.list_tables().await?;
                    Ok(tables.iter().filter_map(|t| t.rows).sum())
                })
                .await;
            full.run(run, args.runs, || read_all(file)).await;
        }
        all.extend([plain, lines, index, full]);
    }
    print_table(&all);
    if all
        .iter()
        .all(|r| r.name != "read-all" || r.failed.is_some())
    {
        return Err(anyhow!("no dump could be read"));
    }
    Ok(())
}
