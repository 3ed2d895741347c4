//! Values above [`MAX_VALUE_BYTES`]: their row is rejected with a short excerpt, the other
//! rows are read, and the literal is never held whole.

use std::io::Write;

use stx_connector_core::{ReadReject, MAX_VALUE_BYTES};

use crate::lexer::{Dialect, Lexer, Tok};
use crate::sqldump_tests::{ints, open, read, temp_dump, texts};

/// Bytes of the over-long value: well above the cap.
const LONG: usize = 40 << 20;

/// Longest value a reject may show for the over-long literal.
const SHOWN_MAX: usize = 300;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A mysqldump extended INSERT of three rows, the second one holding `long` in `note`.
fn mysql_dump(long: &[u8]) -> Vec<u8> {
    let mut dump = b"-- MySQL dump 10.13\nCREATE TABLE `notes` (\n  `id` int(11) NOT NULL,\n  \
        `note` longtext\n) ENGINE=InnoDB;\nINSERT INTO `notes` VALUES (1,'a'),(2,'"
        .to_vec();
    dump.extend_from_slice(long);
    dump.extend_from_slice(b"'),(3,'c');\n");
    dump
}

/// A pg_dump COPY block of three rows, the second one holding `long` in `note`.
fn pg_copy_dump(long: &[u8]) -> Vec<u8> {
    let mut dump =
        b"-- PostgreSQL database dump\nCREATE TABLE public.notes (\n    id integer,\n    \
        note text,\n    tag text\n);\nCOPY public.notes (id, note, tag) FROM stdin;\n1\ta\tx\n2\t"
            .to_vec();
    dump.extend_from_slice(long);
    dump.extend_from_slice(b"\ty\n3\tc\tz\n\\.\n");
    dump
}

/// A pg_dump `--inserts` dump with a cast after the long literal.
fn pg_insert_dump(long: &[u8]) -> Vec<u8> {
    let mut dump =
        b"-- PostgreSQL database dump\nCREATE TABLE public.notes (\n    id integer,\n    \
        note text\n);\nINSERT INTO public.notes VALUES (1, 'a');\n\
        INSERT INTO public.notes VALUES (2, E'"
            .to_vec();
    dump.extend_from_slice(long);
    dump.extend_from_slice(b"'::text);\nINSERT INTO public.notes VALUES (3, 'c');\n");
    dump
}

/// Reads table `notes` of `dump` (written gzip-compressed) and checks: rows 1 and 3 read,
/// row 2 rejected naming table, row, column and length, with short values only.
async fn assert_long_row_rejected(dump: Vec<u8>, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, name, &gzip(&dump));
    let mut source = open(&path).await;
    let r = read(source.as_mut(), "notes", 2).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    let all = r.all();
    assert_eq!(ints(&all, "id"), [Some(1), Some(3)]);
    assert_eq!(texts(&all, "note"), [Some("a".into()), Some("c".into())]);
    assert_eq!(r.rejects.len(), 1);
    assert_reject(&r.rejects[0]);
}

fn assert_reject(reject: &ReadReject) {
    assert_eq!(reject.src_row, 2);
    assert_eq!(reject.column.as_deref(), Some("note"));
    let message = &reject.message;
    for part in [
        "table 'notes'".to_string(),
        "row 2".into(),
        "column 'note'".into(),
        format!("{LONG} bytes"),
    ] {
        assert!(message.contains(&part), "{part} not in {message}");
    }
    assert!(message.len() < 1000, "{message}");
    let value = reject.value.as_deref().unwrap();
    assert!(value.len() < SHOWN_MAX, "{} bytes", value.len());
    assert!(value.starts_with("xxx") && value.ends_with(&format!("({LONG} bytes)")));
    for (column, shown) in &reject.values {
        assert!(shown.len() < SHOWN_MAX, "{column}: {} bytes", shown.len());
    }
}

#[tokio::test]
async fn mysql_literal_above_the_cap_rejects_its_row_only() {
    assert_long_row_rejected(mysql_dump(&vec![b'x'; LONG]), "notes.sql.gz").await;
}

#[tokio::test]
async fn copy_field_above_the_cap_rejects_its_row_only() {
    assert_long_row_rejected(pg_copy_dump(&vec![b'x'; LONG]), "copy.sql.gz").await;
}

#[tokio::test]
async fn pg_insert_literal_above_the_cap_with_a_cast_rejects_its_row_only() {
    assert_long_row_rejected(pg_insert_dump(&vec![b'x'; LONG]), "inserts.sql.gz").await;
}

#[tokio::test]
async fn a_value_just_under_the_cap_is_read_whole() {
    let value = vec![b'x'; MAX_VALUE_BYTES];
    let dir = tempfile::tempdir().unwrap();
    let path = temp_dump(&dir, "fits.sql", &mysql_dump(&value));
    let mut source = open(&path).await;
    let r = read(source.as_mut(), "notes", 10).await;
    assert!(r.rejects.is_empty(), "{}", r.rejects[0].message);
    let notes = texts(&r.all(), "note");
    assert_eq!(notes[1].as_deref().map(str::len), Some(MAX_VALUE_BYTES));
}

#[test]
fn the_lexer_keeps_at_most_the_cap_of_a_long_string() {
    let mut text = b"'".to_vec();
    text.extend(std::iter::repeat_n(b'y', LONG));
    text.extend_from_slice(b"' 42");
    let mut lexer = Lexer::new(Box::new(std::io::Cursor::new(text)), Dialect::Mysql, 0, 1);
    assert_eq!(lexer.next().unwrap(), Tok::Str(false));
    assert_eq!(lexer.text.len(), MAX_VALUE_BYTES);
    assert!(lexer.text.capacity() <= 2 * MAX_VALUE_BYTES);
    assert_eq!(lexer.text_dropped, (LONG - MAX_VALUE_BYTES) as u64);
    // The next token starts afresh.
    assert_eq!(lexer.next().unwrap(), Tok::Num);
    assert_eq!((lexer.text.as_slice(), lexer.text_dropped), (&b"42"[..], 0));
}
