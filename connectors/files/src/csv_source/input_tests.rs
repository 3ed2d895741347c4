//! Encodings and bad input, on the fixtures of `tests/fixtures/encodings/`.

use super::*;
use futures::StreamExt;
use polars::prelude::DataFrame;
use std::io::Write;
use stx_connector_core::SOURCE_ROW_COLUMN;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/encodings")
        .join(name)
}

struct Got {
    all: Option<DataFrame>,
    rejects: Vec<ReadReject>,
    warnings: Vec<ReadWarning>,
}

async fn read(path: &Path, options: CsvOptions) -> Got {
    let tables = BTreeMap::from([("t".to_string(), path.to_path_buf())]);
    let mut source = CsvSource::new(tables, options).unwrap();
    let mut stream = source
        .read(&ReadRequest::Table("t".into()), &ReadOptions::batch(2))
        .await
        .unwrap();
    let mut out = Got {
        all: None,
        rejects: Vec::new(),
        warnings: Vec::new(),
    };
    while let Some(batch) = stream.next().await {
        let batch = batch.unwrap();
        match &mut out.all {
            None => out.all = Some(batch.data),
            Some(all) => {
                all.vstack_mut(&batch.data).unwrap();
            }
        }
        out.rejects.extend(batch.rejects);
        out.warnings.extend(batch.warnings);
    }
    out
}

fn with_encoding(label: &str) -> CsvOptions {
    CsvOptions {
        encoding: EncodingChoice::parse(label).unwrap(),
        ..CsvOptions::default()
    }
}

fn column(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(String::from))
        .collect()
}

fn rows(df: &DataFrame) -> Vec<u64> {
    df.column(SOURCE_ROW_COLUMN)
        .unwrap()
        .u64()
        .unwrap()
        .no_null_iter()
        .collect()
}

/// Every column of a frame, as text.
fn values(df: &DataFrame) -> Vec<(String, Vec<Option<String>>)> {
    ["id", "first_name", "last_name", "city", "note"]
        .iter()
        .map(|c| (c.to_string(), column(df, c)))
        .collect()
}

#[tokio::test]
async fn every_encoding_of_the_same_file_reads_the_same_values() {
    let utf8 = read(&fixture("contacts.utf8.csv"), CsvOptions::default()).await;
    let expected = utf8.all.unwrap();
    assert_eq!(
        column(&expected, "note"),
        vec![
            Some("Straße 5".into()),
            Some("Ærø".into()),
            Some("Prix: 12 €, «œuvre»".into()),
            Some("¿Qué?".into()),
            Some("naïve façade".into()),
        ]
    );
    assert_eq!(
        column(&expected, "last_name")[..2],
        [Some("Müller".into()), Some("Østergaard".into())]
    );
    // (file, encoding to name, what `auto` and the default (utf-8) find: None = not that).
    let cases: [(&str, &str, Option<&'static encoding_rs::Encoding>); 9] = [
        ("contacts.utf8-bom.csv", "utf-8", Some(encoding_rs::UTF_8)),
        (
            "contacts.utf16le-bom.csv",
            "utf-16le",
            Some(encoding_rs::UTF_16LE),
        ),
        (
            "contacts.utf16be-bom.csv",
            "utf-16be",
            Some(encoding_rs::UTF_16BE),
        ),
        (
            "contacts.utf16le.csv",
            "utf-16le",
            Some(encoding_rs::UTF_16LE),
        ),
        (
            "contacts.utf16be.csv",
            "utf-16be",
            Some(encoding_rs::UTF_16BE),
        ),
        ("contacts.windows-1252.csv", "windows-1252", None),
        ("contacts.iso-8859-15.csv", "iso-8859-15", None),
        ("contacts.macintosh.csv", "macintosh", None),
        ("contacts.macintosh.csv", "mac-roman", None),
    ];
    for (file, label, found) in cases {
        let path = fixture(file);
        let named = read(&path, with_encoding(label)).await;
        assert!(named.rejects.is_empty(), "{file}: {:?}", named.rejects);
        assert_eq!(
            values(named.all.as_ref().unwrap()),
            values(&expected),
            "{file}"
        );
        assert_eq!(rows(named.all.as_ref().unwrap()), vec![2, 3, 4, 5, 6]);
        if let Some(encoding) = found {
            for options in [CsvOptions::default(), with_encoding("auto")] {
                let (layout, _) = csv_head(&path, &options, 1).unwrap();
                assert_eq!(layout.encoding, encoding, "{file}");
                assert_eq!(layout.delimiter, b';', "{file}");
                let got = read(&path, options).await;
                assert_eq!(
                    values(got.all.as_ref().unwrap()),
                    values(&expected),
                    "{file}"
                );
            }
        }
    }
    // chardetng recognises windows-1252 (it never answers mac-roman: that must be named).
    let auto = read(&fixture("contacts.windows-1252.csv"), with_encoding("auto")).await;
    assert_eq!(values(auto.all.as_ref().unwrap()), values(&expected));

    // ISO-8859-1 has no € and no œ: its file lacks row 3, and the other rows are the same.
    let latin1 = read(
        &fixture("contacts.iso-8859-1.csv"),
        with_encoding("iso-8859-1"),
    )
    .await;
    let latin1 = latin1.all.unwrap();
    let without_3: Vec<(String, Vec<Option<String>>)> = values(&expected)
        .into_iter()
        .map(|(name, mut column)| {
            column.remove(2);
            (name, column)
        })
        .collect();
    assert_eq!(values(&latin1), without_3);
}

#[tokio::test]
async fn a_nul_byte_rejects_its_row_only() {
    let path = fixture("nul-byte.csv");
    let got = read(&path, CsvOptions::default()).await;
    let all = got.all.unwrap();
    assert_eq!(rows(&all), vec![2, 4]);
    assert_eq!(
        column(&all, "name"),
        vec![Some("Anna".into()), Some("Carl".into())]
    );
    assert_eq!(got.rejects.len(), 1);
    let reject = &got.rejects[0];
    assert_eq!(reject.src_row, 3);
    assert_eq!(reject.column.as_deref(), Some("name"));
    assert_eq!(reject.value.as_deref(), Some("Bo\\0b"));
    assert_eq!(
        reject.message,
        format!(
            "{}: row 3 (line 3), column 'name': the value holds a NUL byte (shown as \\0) at byte 2: \"Bo\\0b\"; NUL is no character of any text: remove it (a file full of them is UTF-16: set encoding = \"utf-16le\")",
            path.display()
        )
    );
}

#[tokio::test]
async fn an_unclosed_quote_rejects_the_last_row_naming_the_line_where_it_opened() {
    let path = fixture("open-quote.csv");
    let got = read(&path, CsvOptions::default()).await;
    let all = got.all.unwrap();
    // The row before, itself on two lines, is kept.
    assert_eq!(rows(&all), vec![2]);
    assert_eq!(column(&all, "note"), vec![Some("two\nlines".into())]);
    assert_eq!(got.rejects.len(), 1);
    let reject = &got.rejects[0];
    assert_eq!(reject.src_row, 3);
    assert_eq!(reject.column.as_deref(), Some("note"));
    assert_eq!(
        reject.value.as_deref(),
        Some("starts here\n3;Carl;lost\n4;Dora;lost too\n")
    );
    assert_eq!(
        reject.message,
        format!(
            "{}: row 3 (line 4), column 'note': the quote opened on line 4 is never closed, so everything from there to the end of the file was read as one value; close the quote (a quote inside a quoted value is written twice: \"\"), then send the rows from line 4 on again",
            path.display()
        )
    );
    assert_eq!(reject.values[1], ("name".to_string(), "Bob".to_string()));
}

#[tokio::test]
async fn a_line_in_another_encoding_is_rejected_with_its_line_and_bytes() {
    let path = fixture("mixed-encodings.csv");
    let got = read(&path, CsvOptions::default()).await;
    let all = got.all.unwrap();
    assert_eq!(rows(&all), vec![2, 4]);
    assert_eq!(
        column(&all, "city"),
        vec![Some("Genève".into()), Some("Zürich".into())]
    );
    assert_eq!(got.rejects.len(), 1);
    let reject = &got.rejects[0];
    assert_eq!(reject.src_row, 3);
    assert_eq!(reject.column.as_deref(), Some("name"));
    assert_eq!(reject.value.as_deref(), Some("Zo\\xE9"));
    assert_eq!(
        reject.message,
        format!(
            "{}: row 3 (line 3), column 'name': bytes that are not UTF-8 at offset 2 (hex E9): \"Zo\\xE9\"; the file is probably in a legacy encoding, or this line was pasted from one: set encoding = \"windows-1252\" (or \"auto\") in [source] if every accented line is affected, otherwise correct this line",
            path.display()
        )
    );
    // The rejects file still shows the row as it can be read.
    assert_eq!(
        reject.values[2],
        ("city".to_string(), "Gen\u{FFFD}ve".to_string())
    );
}

#[tokio::test]
async fn mojibake_is_kept_and_flagged_once_per_column() {
    let path = fixture("mojibake.csv");
    let got = read(&path, CsvOptions::default()).await;
    let all = got.all.unwrap();
    assert!(got.rejects.is_empty());
    assert_eq!(
        column(&all, "first_name"),
        vec![
            Some("Anna".into()),
            Some("RenÃ©".into()),
            Some("Ãlvaro".into()),
            Some("FranÃ§ois".into()),
        ]
    );
    let flagged: Vec<(u64, &str, &str)> = got
        .warnings
        .iter()
        .map(|w| (w.src_row, w.column.as_str(), w.value.as_str()))
        .collect();
    assert_eq!(
        flagged,
        vec![(3, "first_name", "RenÃ©"), (3, "city", "ZÃ¼rich")]
    );
    assert_eq!(
        got.warnings[0].message,
        format!(
            "{}: row 3 (line 3), column 'first_name': 'RenÃ©' looks like UTF-8 text that was once read as windows-1252 (mojibake, e.g. 'Ã©' for 'é'); kept as read, and only the column's first such value is listed: map the column with fix_mojibake(first_name) to repair every value that round-trips",
            path.display()
        )
    );
}

#[tokio::test]
async fn a_200_mb_field_is_rejected_without_holding_it() {
    // Generated here, never committed: header, a row, a row with a 200 MB quoted value
    // spread over two lines, a row after it.
    const BIG: usize = 200_000_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    {
        let mut file = std::io::BufWriter::new(File::create(&path).unwrap());
        file.write_all(b"id;name;note\n1;Anna;short\n2;Bob;\"")
            .unwrap();
        // BIG bytes between the quotes: x's, a line break in the middle, x's.
        let chunk = vec![b'x'; 1 << 20];
        for half in [BIG / 2, BIG / 2 - 1] {
            let mut left = half;
            while left > 0 {
                let n = left.min(chunk.len());
                file.write_all(&chunk[..n]).unwrap();
                left -= n;
            }
            if half == BIG / 2 {
                file.write_all(b"\n").unwrap();
            }
        }
        file.write_all(b"\"\n3;Carl;end\n").unwrap();
    }
    let got = read(&path, CsvOptions::default()).await;
    let all = got.all.unwrap();
    assert_eq!(rows(&all), vec![2, 4]);
    assert_eq!(
        column(&all, "note"),
        vec![Some("short".into()), Some("end".into())]
    );
    assert_eq!(got.rejects.len(), 1);
    let reject = &got.rejects[0];
    assert_eq!(reject.src_row, 3);
    assert_eq!(reject.column.as_deref(), Some("note"));
    // The opening and closing quotes count.
    assert_eq!(
        reject.message,
        format!(
            "{}: row 3 (line 3), column 'note': the value starting on line 3 is 200000002 bytes long, more than the 16 MiB a field may hold (only its start is kept here); usually a quote closed much later than meant: check the quotes from line 3 on",
            path.display()
        )
    );
    assert_eq!(
        reject.value.as_deref().map(|v| v.chars().count()),
        Some(201)
    );
    assert_eq!(
        reject.values[2].1,
        format!("{}… ({} bytes)", "x".repeat(200), MAX_FIELD_BYTES - 1)
    );
}

#[tokio::test]
async fn lines_are_those_of_the_file_with_crlf_and_values_on_several_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.csv");
    std::fs::write(
        &path,
        b"id;name\r\n1;A\r\n2;\"two\r\nlines\"\r\n\r\n3;B\0\r\n4;Zo\xe9\r\n",
    )
    .unwrap();
    let got = read(&path, CsvOptions::default()).await;
    assert_eq!(rows(got.all.as_ref().unwrap()), vec![2, 3]);
    let found: Vec<(u64, String)> = got
        .rejects
        .iter()
        .map(|r| {
            let at = r.message.find(" (line").unwrap();
            (r.src_row, r.message[at..at + 9].to_string())
        })
        .collect();
    // Row 4 starts on line 6: row 3 spans lines 3-4, line 5 is blank.
    assert_eq!(
        found,
        vec![(4, " (line 6)".to_string()), (5, " (line 7)".to_string())]
    );
}

#[test]
fn the_quote_is_detected_on_the_header_line() {
    assert_eq!(sniff_quote(b"'id';'name'\r\n"), b'\'');
    assert_eq!(sniff_quote(b"'id'\n"), b'\'');
    assert_eq!(sniff_quote(b"\"id\";\"name\"\n"), b'"');
    assert_eq!(sniff_quote(b"id;name\n"), b'"');
    // Apostrophes inside names are no quotes.
    assert_eq!(sniff_quote(b"id;O'Neill's;name\n"), b'"');
    assert_eq!(sniff_quote(b"'id';name\n"), b'"');
}

#[tokio::test]
async fn single_quoted_files_read_with_the_detected_quote() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("single.csv");
    std::fs::write(&path, "'id';'name'\n'1';'O''Neill; Mary'\n'2';'Zoé'\n").unwrap();
    let got = read(&path, CsvOptions::default()).await;
    assert!(got.rejects.is_empty(), "{:?}", got.rejects);
    assert_eq!(
        column(got.all.as_ref().unwrap(), "name"),
        vec![Some("O'Neill; Mary".into()), Some("Zoé".into())]
    );
    let (layout, _) = csv_head(&path, &CsvOptions::default(), 1).unwrap();
    assert_eq!((layout.delimiter, layout.quote), (b';', b'\''));
}
