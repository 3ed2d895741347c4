use super::*;
use futures::StreamExt;
use polars::prelude::DataFrame;
use stx_connector_core::SOURCE_ROW_COLUMN;

fn source_for(content: &[u8], options: CsvOptions) -> (tempfile::TempDir, CsvSource) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.csv");
    std::fs::write(&path, content).unwrap();
    let tables = BTreeMap::from([("people".to_string(), path)]);
    let source = CsvSource::new(tables, options).unwrap();
    (dir, source)
}

async fn read_all(source: &mut CsvSource, batch: usize) -> (Vec<DataFrame>, Vec<ReadReject>) {
    let mut stream = source
        .read(
            &ReadRequest::Table("people".into()),
            &ReadOptions::batch(batch),
        )
        .await
        .unwrap();
    let (mut frames, mut rejects) = (Vec::new(), Vec::new());
    while let Some(b) = stream.next().await {
        let b = b.unwrap();
        frames.push(b.data);
        rejects.extend(b.rejects);
    }
    (frames, rejects)
}

fn strings(df: &DataFrame, col: &str) -> Vec<Option<String>> {
    df.column(col)
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

#[tokio::test]
async fn reads_quoted_fields_with_spreadsheet_row_numbers_and_rejects_ragged_rows() {
    let csv = "id,name,remark\r\n1,Zoé,\"a, b\"\r\n2,\"Multi\nline\",\r\n3,too,many,fields\r\n4,,\"say \"\"hi\"\"\"\r\n";
    let (_dir, mut source) = source_for(csv.as_bytes(), CsvOptions::default());
    let (frames, rejects) = read_all(&mut source, 2).await;
    assert_eq!(frames.len(), 2);
    let mut all = frames[0].clone();
    all.vstack_mut(&frames[1]).unwrap();
    assert_eq!(rows(&all), vec![2, 3, 5]);
    assert_eq!(
        strings(&all, "name"),
        vec![Some("Zoé".into()), Some("Multi\nline".into()), None]
    );
    assert_eq!(strings(&all, "remark")[2].as_deref(), Some("say \"hi\""));
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].src_row, 4);
    assert!(
        rejects[0]
            .message
            .contains("row 4 has 4 fields but the header has 3"),
        "{}",
        rejects[0].message
    );
    assert_eq!(
        rejects[0].values[3],
        ("column_4".to_string(), "fields".to_string())
    );
}

#[tokio::test]
async fn invalid_utf8_rejects_the_row_with_a_hint_and_legacy_encodings_decode() {
    let latin = b"nom;ville\nZo\xe9;Gen\xe8ve\nAnna;Bern\n";
    let (_dir, mut source) = source_for(latin, CsvOptions::default());
    let (frames, rejects) = read_all(&mut source, 10).await;
    assert_eq!(rows(&frames[0]), vec![3]);
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].column.as_deref(), Some("nom"));
    assert!(
        rejects[0].message.contains("encoding = \"windows-1252\""),
        "{}",
        rejects[0].message
    );

    for encoding in [
        EncodingChoice::Auto,
        EncodingChoice::parse("windows-1252").unwrap(),
    ] {
        let (_dir, mut source) = source_for(
            latin,
            CsvOptions {
                encoding,
                ..CsvOptions::default()
            },
        );
        let (frames, rejects) = read_all(&mut source, 10).await;
        assert!(rejects.is_empty());
        assert_eq!(
            strings(&frames[0], "ville"),
            vec![Some("Genève".into()), Some("Bern".into())]
        );
    }
}

#[tokio::test]
async fn bom_utf16_tabs_and_headerless_files() {
    let (_dir, mut source) = source_for(b"\xEF\xBB\xBFa|b\n1|2\n", CsvOptions::default());
    let (frames, _) = read_all(&mut source, 10).await;
    assert_eq!(
        strings(&frames[0], "a"),
        vec![Some("1".into())],
        "BOM skipped, pipe sniffed"
    );

    let utf16: Vec<u8> = "\u{feff}x\ty\nÄ\t2\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let options = CsvOptions {
        encoding: EncodingChoice::Auto,
        ..CsvOptions::default()
    };
    let (_dir, mut source) = source_for(&utf16, options);
    let (frames, _) = read_all(&mut source, 10).await;
    assert_eq!(strings(&frames[0], "x"), vec![Some("Ä".into())]);

    let options = CsvOptions {
        header: false,
        ..CsvOptions::default()
    };
    let (_dir, mut source) = source_for(b"1,2\n3,4\n", options);
    let (frames, _) = read_all(&mut source, 10).await;
    assert_eq!(rows(&frames[0]), vec![1, 2]);
    assert_eq!(
        strings(&frames[0], "column_2"),
        vec![Some("2".into()), Some("4".into())]
    );
    let cols = source
        .describe(&ReadRequest::Table("people".into()))
        .await
        .unwrap();
    assert_eq!(cols.len(), 2);
}

#[tokio::test]
async fn empty_files_duplicate_headers_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.csv");
    std::fs::write(&path, "").unwrap();
    let mut source = CsvSource::new(
        BTreeMap::from([("e".to_string(), path)]),
        CsvOptions::default(),
    )
    .unwrap();
    let err = source
        .describe(&ReadRequest::Table("e".into()))
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("empty"), "{err}");

    let (_dir, mut source) = source_for(b"n,n,\n1,2,3\n", CsvOptions::default());
    let cols: Vec<String> = source
        .describe(&ReadRequest::Table("people".into()))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(cols, vec!["n", "n_2", "column_3"]);
    assert_eq!(source.list_tables().await.unwrap()[0].rows, Some(1));
    assert!(source
        .read(&ReadRequest::Table("nope".into()), &ReadOptions::batch(1))
        .await
        .is_err());
    assert_eq!(
        source.table_names().await.unwrap(),
        vec!["people".to_string()]
    );
}

#[test]
fn delimiter_sniffing_ignores_quoted_text() {
    assert_eq!(sniff_delimiter(b"a;b;\"c,d,e\"\n", b'"'), b';');
    assert_eq!(sniff_delimiter(b"a\tb\n", b'"'), b'\t');
    assert_eq!(sniff_delimiter(b"single\n", b'"'), b',');
}

#[tokio::test]
async fn skipped_title_rows_keep_file_row_numbers_and_layout_is_reported() {
    // Title rows without delimiters above a semicolon header: the delimiter is sniffed on the
    // header line, data rows keep the line numbers of the file.
    let content =
        b"Export 2026\nall customers\nname;city\nZo\xc3\xa9;Gen\xc3\xa8ve\nMax;Bern;extra\n";
    let options = CsvOptions {
        skip_rows: 2,
        ..CsvOptions::default()
    };
    let (dir, mut source) = source_for(content, options.clone());
    let (frames, rejects) = read_all(&mut source, 10).await;
    assert_eq!(rows(&frames[0]), vec![4]);
    assert_eq!(strings(&frames[0], "city"), vec![Some("Genève".into())]);
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].src_row, 5);

    let (layout, head) = csv_head(&dir.path().join("people.csv"), &options, 3).unwrap();
    assert_eq!(layout.delimiter, b';');
    assert_eq!(layout.encoding, encoding_rs::UTF_8);
    assert!(!layout.bom);
    assert_eq!(
        head,
        vec![
            vec!["Export 2026".to_string()],
            vec!["all customers".to_string()],
            vec!["name".to_string(), "city".to_string()],
        ]
    );

    // A UTF-16 file with its BOM is read as UTF-16 even when UTF-8 is configured.
    let utf16: Vec<u8> = "\u{feff}a|b\nÄ|2\n"
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    let (dir, mut source) = source_for(&utf16, CsvOptions::default());
    let (frames, _) = read_all(&mut source, 10).await;
    assert_eq!(strings(&frames[0], "a"), vec![Some("Ä".into())]);
    let (layout, _) = csv_head(&dir.path().join("people.csv"), &CsvOptions::default(), 1).unwrap();
    assert_eq!(layout.encoding, encoding_rs::UTF_16BE);
    assert!(layout.bom);
    assert_eq!(layout.delimiter, b'|');
}
