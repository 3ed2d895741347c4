use super::*;
use crate::test_support::{fixture, names, read_all, s, src_rows, texts};

/// The rows of a CSV file as the csv crate reads them (the reference for the round trip).
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn spec(path: &Path) -> SourceSpec {
    SourceSpec {
        kind: Some("secutix".into()),
        path: Some(path.to_path_buf()),
        ..SourceSpec::default()
    }
}

async fn open_err(spec: &SourceSpec) -> String {
    match SecutixFactory.open(spec).await {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    }
}

/// Asserts that `df` holds exactly the data rows of `rows` (row 4 = the column names, data
/// from row 5, empty cells NULL), numbered from 5.
fn assert_same_as_file(df: &polars::prelude::DataFrame, rows: &[Vec<String>]) {
    let codes = &rows[3];
    let mut expected_names = vec!["_src_row".to_string()];
    expected_names.extend(codes.iter().cloned());
    assert_eq!(names(df), expected_names);
    let data = &rows[4..];
    assert_eq!(src_rows(df), (5..5 + data.len() as u64).collect::<Vec<_>>());
    for (i, code) in codes.iter().enumerate() {
        let expected: Vec<Option<String>> = data
            .iter()
            .map(|r| Some(r[i].clone()).filter(|v| !v.is_empty()))
            .collect();
        assert_eq!(texts(df, code), expected, "column {code}");
    }
}

#[tokio::test]
async fn secutix_file_written_by_our_writer_reads_back_the_same() {
    // The first rows of the demo's golden contacts.csv, as written by src/writers.
    let path = fixture("secutix-source/contacts.csv");
    let rows = csv_rows(&path);
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[3].len(), 93);
    let mut source = SecutixFactory.open(&spec(&path)).await.unwrap();
    assert_eq!(source.description().connector, "secutix");
    assert_eq!(source.table_names().await.unwrap(), vec!["contacts"]);
    let tables = source.list_tables().await.unwrap();
    assert_eq!(tables[0].rows, Some(5), "header rows are not data");
    let columns = source
        .describe(&ReadRequest::Table("contacts".into()))
        .await
        .unwrap();
    assert_eq!(columns.len(), 93);
    assert_eq!(columns[3].name, "CONTACT_NR");
    let read = read_all(source.as_mut(), "contacts", 2).await;
    assert!(read.rejects.is_empty() && read.error.is_none());
    assert_eq!(read.batches, 3);
    assert_same_as_file(&read.all, &rows);
    assert_eq!(texts(&read.all, "CONTACT_NR")[0], s("0001632"));
    assert_eq!(texts(&read.all, "LASTNAME")[0], s("Krüger"));
    assert_eq!(texts(&read.all, "LETTER_SALUTATION")[0], None);
}

#[tokio::test]
async fn secutix_workbook_and_utf16_tab_files_read_the_same() {
    let rows = csv_rows(&fixture("secutix-source/contacts.csv"));
    let dir = tempfile::tempdir().unwrap();

    // A workbook, every cell text, as our xlsx writer writes it.
    let xlsx = dir.path().join("export.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Contacts").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32, c as u16, value).unwrap();
            }
        }
    }
    book.save(&xlsx).unwrap();
    let mut source = SecutixFactory.open(&spec(&xlsx)).await.unwrap();
    assert_eq!(source.table_names().await.unwrap(), vec!["export"]);
    let read = read_all(source.as_mut(), "export", 100).await;
    assert!(read.rejects.is_empty(), "{:?}", read.rejects);
    assert_same_as_file(&read.all, &rows);

    // SecuTix's "UNICODE" variant: UTF-16LE with BOM, TAB-separated (detected).
    let u16 = dir.path().join("unicode.txt");
    let text: String = rows
        .iter()
        .map(|r| r.join("\t") + "\r\n")
        .collect::<String>();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(&u16, bytes).unwrap();
    let mut source = SecutixFactory.open(&spec(&u16)).await.unwrap();
    let read = read_all(source.as_mut(), "unicode", 100).await;
    assert!(read.rejects.is_empty(), "{:?}", read.rejects);
    assert_same_as_file(&read.all, &rows);
}

#[tokio::test]
async fn secutix_malformed_headers_are_errors_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "INSTITUTION,CONTACT_NR\nDEMO,1\n",
            "row 1 holds the column codes, but a SecuTix contact file has them in row 4",
        ),
        (
            "a,b\nc,d\ne,f\n",
            "the file has 3 row(s), fewer than the 4 header rows of a SecuTix contact file",
        ),
        (
            "a,b,c\nd,e,f\ng,h,i\nINSTITUTION,CONTACT_NR,CONTACT_NR\n",
            "row 4: column code 'CONTACT_NR' appears twice (columns 2 and 3)",
        ),
        (
            "a,b\nc,d\ne,f\nINSTITUTION,contact_nr\n",
            "row 4, column 2: 'contact_nr' is not a SecuTix column code",
        ),
        (
            "a,b\nc,d\ne,f\nINSTITUTION,LASTNAME\n",
            "row 4 has no CONTACT_NR column: INSTITUTION, LASTNAME",
        ),
        (
            "a,b,c\nd,e,f\ng,h,i\nINSTITUTION,,CONTACT_NR\n",
            "row 4, column 2: the column code is empty",
        ),
    ];
    for (i, (content, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.csv"));
        std::fs::write(&path, content).unwrap();
        let err = open_err(&spec(&path)).await;
        assert!(
            err.contains(&format!("{}: cannot open: {expected}", path.display())),
            "case {i}: {err}"
        );
    }
    // Header rows are the format's: header and skip-rows are not options.
    let err = open_err(&spec(&fixture("secutix-source/contacts.csv")).with("skip-rows", 3)).await;
    assert!(
        err.contains("[source] skip-rows: the secutix connector has no such option (options of the secutix connector: delimiter, quote, encoding, sheet)"),
        "{err}"
    );
}
