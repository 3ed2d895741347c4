use super::*;
use futures::StreamExt;
use polars::prelude::{AnyValue, DataFrame};
use stx_connector_core::SOURCE_ROW_COLUMN;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/fmpxml")
        .join(name)
}

fn spec(path: &Path) -> SourceSpec {
    SourceSpec {
        path: Some(path.to_path_buf()),
        ..SourceSpec::default()
    }
}

async fn open(path: &Path) -> Box<dyn Source> {
    FmpXmlFactory.open(&spec(path)).await.unwrap()
}

async fn open_err(path: &Path) -> String {
    match FmpXmlFactory.open(&spec(path)).await {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    }
}

struct Read {
    frames: Vec<DataFrame>,
    all: DataFrame,
    rejects: Vec<ReadReject>,
    warnings: Vec<ReadWarning>,
    error: Option<SourceError>,
}

async fn read_all(source: &mut dyn Source, table: &str, batch: usize) -> Read {
    let mut stream = source
        .read(
            &ReadRequest::Table(table.into()),
            &ReadOptions::batch(batch),
        )
        .await
        .unwrap();
    let mut out = Read {
        frames: Vec::new(),
        all: DataFrame::empty(),
        rejects: Vec::new(),
        warnings: Vec::new(),
        error: None,
    };
    while let Some(b) = stream.next().await {
        match b {
            Ok(b) => {
                out.frames.push(b.data);
                out.rejects.extend(b.rejects);
                out.warnings.extend(b.warnings);
            }
            Err(e) => {
                out.error = Some(e);
                assert!(
                    stream.next().await.is_none(),
                    "the stream ends after an error"
                );
                break;
            }
        }
    }
    if let Some(first) = out.frames.first() {
        let mut all = first.clone();
        for f in &out.frames[1..] {
            all.vstack_mut(f).unwrap();
        }
        out.all = all;
    }
    out
}

/// Column `name` as optional strings.
fn texts(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap()
        .as_materialized_series()
        .iter()
        .map(|v| match v {
            AnyValue::Null => None,
            AnyValue::String(s) => Some(s.to_string()),
            AnyValue::StringOwned(s) => Some(s.to_string()),
            other => panic!("not text: {other:?}"),
        })
        .collect()
}

fn src_rows(df: &DataFrame) -> Vec<u64> {
    df.column(SOURCE_ROW_COLUMN)
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[tokio::test]
async fn fmpxml_german_export_values_types_and_columns() {
    let path = fixture("kunden.xml");
    let mut source = open(&path).await;
    assert!(!source.description().has_sql_engine);
    let r = read_all(source.as_mut(), "kunden", 100).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    let df = &r.all;
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "_src_row",
            "Nr",
            "Vorname",
            "Nachname",
            "Geburtsdatum",
            "Telefon",
            "Telefon[2]",
            "Telefon[3]",
            "Erfasst",
            "Notiz"
        ]
    );
    assert_eq!(
        df.column(SOURCE_ROW_COLUMN).unwrap().dtype(),
        &DataType::UInt64
    );
    assert_eq!(src_rows(df), [1, 2, 4, 6]);
    assert_eq!(
        texts(df, "Nr"),
        [s("1001"), s("1002"), s("1.004,50"), s("1006")]
    );
    assert_eq!(
        texts(df, "Vorname"),
        [s("Zoë"), s("Jürgen"), s("Søren"), s("François")]
    );
    assert_eq!(
        texts(df, "Geburtsdatum"),
        [s("1960-12-24"), None, s("1980-05-01"), s("2000-02-29")]
    );
    assert_eq!(
        texts(df, "Telefon"),
        [s("+41 44 123 45 67"), s("+49 30 1234"), s("+45 1"), None]
    );
    assert_eq!(
        texts(df, "Telefon[2]"),
        [s("+41 79 555 12 34"), None, None, None]
    );
    assert_eq!(texts(df, "Telefon[3]"), [None, None, s("+45 3"), None]);
    assert_eq!(
        texts(df, "Erfasst"),
        [
            s("2024-01-03 14:05:09"),
            s("2024-02-15 08:00:00"),
            s("2024-06-05 09:07:03"),
            None
        ]
    );
    assert_eq!(
        texts(df, "Notiz"),
        [
            s("Rückruf & Angebot <Abo>"),
            None,
            s("Zeile 1\rZeile 2"),
            s("  Leerzeichen bleiben  ")
        ]
    );

    // Row 3: 31 February; row 5: a COL short.
    assert_eq!(r.rejects.len(), 2);
    let bad_date = &r.rejects[0];
    assert_eq!(bad_date.src_row, 3);
    assert_eq!(bad_date.column.as_deref(), Some("Geburtsdatum"));
    assert_eq!(bad_date.value.as_deref(), Some("31.02.1975"));
    assert!(
        bad_date.message.contains("dd.MM.yyyy") && bad_date.message.contains("no day 31"),
        "{}",
        bad_date.message
    );
    assert!(bad_date
        .values
        .contains(&("Vorname".to_string(), "Änne".to_string())));
    let short = &r.rejects[1];
    assert_eq!(short.src_row, 5);
    assert_eq!(short.column, None);
    assert!(
        short.message.contains("7 COL elements") && short.message.contains("8 fields"),
        "{}",
        short.message
    );
    assert!(short
        .values
        .contains(&("Nachname".to_string(), "Keller".to_string())));

    // One warning for the container column, on the first row.
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].src_row, 1);
    assert_eq!(r.warnings[0].column, "Foto");
    assert_eq!(r.warnings[0].value, "(container)");
    assert!(r.warnings[0].message.starts_with("column skipped"));
}

#[tokio::test]
async fn fmpxml_batch_sizes_give_the_same_rows() {
    let path = fixture("kunden.xml");
    let mut source = open(&path).await;
    let whole = read_all(source.as_mut(), "kunden", 6).await;
    assert_eq!(whole.frames.len(), 1);
    for batch in [1, 5, 6, 7] {
        let r = read_all(source.as_mut(), "Kunden", batch).await;
        assert!(r.error.is_none());
        assert!(r.all.equals_missing(&whole.all), "batch {batch}");
        assert_eq!(r.rejects, whole.rejects, "batch {batch}");
        assert_eq!(r.warnings, whole.warnings, "batch {batch}");
        let rows: Vec<usize> = r.frames.iter().map(|f| f.height()).collect();
        match batch {
            // Rows 3 and 5 are rejects: their batches hold no frame row.
            1 => assert_eq!(rows, [1, 1, 0, 1, 0, 1]),
            5 => assert_eq!(rows, [3, 1]),
            _ => assert_eq!(rows, [4]),
        }
    }
}

#[tokio::test]
async fn fmpxml_describe_and_list_tables() {
    let path = fixture("kunden.xml");
    let mut source = open(&path).await;
    let tables = source.list_tables().await.unwrap();
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].name, "kunden");
    assert_eq!(tables[0].rows, Some(6));
    let columns = source
        .describe(&ReadRequest::Table("kunden".into()))
        .await
        .unwrap();
    let described: Vec<(&str, &str)> = columns
        .iter()
        .map(|c| (c.name.as_str(), c.native_type.as_str()))
        .collect();
    assert_eq!(
        described,
        [
            ("Nr", "NUMBER"),
            ("Vorname", "TEXT"),
            ("Nachname", "TEXT"),
            ("Geburtsdatum", "DATE"),
            ("Telefon", "TEXT"),
            ("Telefon[2]", "TEXT"),
            ("Telefon[3]", "TEXT"),
            ("Erfasst", "TIMESTAMP"),
            ("Notiz", "TEXT"),
        ]
    );
    assert!(columns.iter().all(|c| c.dtype == DataType::String));
    let err = source
        .describe(&ReadRequest::Table("other".into()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no table named 'other'"), "{err}");
    let err = source
        .describe(&ReadRequest::Query("select 1".into()))
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::Query { .. }), "{err}");
}

#[tokio::test]
async fn fmpxml_us_formats_and_mismatches() {
    let url = format!("fmpxml:{}", fixture("contacts_us.xml").display());
    let mut source = FmpXmlFactory
        .open(&SourceSpec::from_url(&url))
        .await
        .unwrap();
    let r = read_all(source.as_mut(), "contacts_us", 2).await;
    assert!(r.error.is_none());
    assert!(r.warnings.is_empty());
    let df = &r.all;
    assert_eq!(src_rows(df), [1, 2]);
    assert_eq!(texts(df, "Name"), [s("Ann O'Neil"), s("Bob Smith")]);
    assert_eq!(texts(df, "Birthday"), [s("1960-12-24"), s("1976-07-04")]);
    assert_eq!(texts(df, "Call time"), [s("15:05:09"), s("00:00:00")]);
    assert_eq!(
        texts(df, "Modified"),
        [s("2024-01-02 12:30:00"), s("2023-12-31 23:59:59")]
    );
    assert_eq!(r.rejects.len(), 2);
    assert_eq!(r.rejects[0].src_row, 3);
    assert_eq!(r.rejects[0].column.as_deref(), Some("Birthday"));
    assert_eq!(r.rejects[0].value.as_deref(), Some("24.12.1960"));
    assert!(r.rejects[0].message.contains("'M/d/yyyy'"));
    assert_eq!(r.rejects[1].src_row, 4);
    assert_eq!(r.rejects[1].column.as_deref(), Some("Call time"));
    assert_eq!(r.rejects[1].value.as_deref(), Some("13:00:00"));
    assert!(r.rejects[1].message.contains("'h:mm:ss a'"));
}

#[test]
fn fmpxml_patterns() {
    let read = |format: &str, value: &str| Pattern::parse(format).unwrap().read(value);
    let date = |format: &str, value: &str| read(format, value).map(|p| p.date());
    let time = |format: &str, value: &str| read(format, value).map(|p| p.time());
    assert_eq!(date("M/d/yyyy", "2/3/2024").unwrap(), "2024-02-03");
    assert_eq!(date("MM/dd/yyyy", "02/03/2024").unwrap(), "2024-02-03");
    assert_eq!(date("d.M.yyyy", "2.3.2024").unwrap(), "2024-03-02");
    assert_eq!(date("dd.MM.yyyy", "02.03.2024").unwrap(), "2024-03-02");
    assert_eq!(date("yyyy-MM-dd", "2024-03-02").unwrap(), "2024-03-02");
    assert_eq!(time("h:mm:ss a", "12:15:00 PM").unwrap(), "12:15:00");
    assert_eq!(time("hh:mm:ss a", "01:15:00 am").unwrap(), "01:15:00");
    assert_eq!(time("HH:mm:ss", "23:59:59").unwrap(), "23:59:59");
    assert_eq!(time("H:mm:ss", "7:05:00").unwrap(), "07:05:00");
    assert!(date("M/d/yyyy", "2/29/2023").is_err());
    assert!(date("M/d/yyyy", "13/1/2023").is_err());
    assert!(date("M/d/yyyy", "1/1/23").is_err());
    assert!(date("M/d/yyyy", "1/1/2023x").is_err());
    assert!(date("yyyy-MM-dd", "").is_err());
    assert!(time("h:mm:ss a", "13:00:00 PM").is_err());
    assert!(time("HH:mm:ss", "24:00:00").is_err());
    assert!(time("HH:mm:ss", "10:60:00").is_err());
    assert!(Pattern::parse("EEE d MMM yyyy").is_err());
}

fn write_variant(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let text = std::fs::read_to_string(fixture("kunden.xml")).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, edit(&text)).unwrap();
    path
}

#[tokio::test]
async fn fmpxml_truncated_file_keeps_rows_then_fails() {
    let dir = tempfile::tempdir().unwrap();
    // Cut inside row 4's Nachname DATA.
    let path = write_variant(dir.path(), "kunden.xml", |t| {
        let at = t.find("Ødegård").unwrap();
        t[..at + 3].to_string()
    });
    let mut source = open(&path).await;
    for batch in [1, 2, 100] {
        let r = read_all(source.as_mut(), "kunden", batch).await;
        assert_eq!(src_rows(&r.all), [1, 2], "batch {batch}");
        assert_eq!(r.rejects.len(), 1);
        match r.error {
            Some(SourceError::Read {
                row: Some(4),
                ref message,
                ..
            }) => assert!(
                message.contains("ROW 4") && message.contains("byte offset"),
                "{message}"
            ),
            other => panic!("{other:?}"),
        }
    }
    let err = source.list_tables().await.unwrap_err();
    assert!(
        matches!(err, SourceError::Read { row: Some(4), .. }),
        "{err}"
    );

    // Malformed in the middle: a mismatched end tag in row 2.
    let path = write_variant(dir.path(), "bad.xml", |t| {
        t.replacen("<DATA>Weiß</DATA>", "<DATA>Weiß</DATO>", 1)
    });
    let mut source = open(&path).await;
    let r = read_all(source.as_mut(), "bad", 10).await;
    assert_eq!(src_rows(&r.all), [1]);
    let err = r.error.expect("an error");
    let text = err.to_string();
    assert!(
        matches!(err, SourceError::Read { row: Some(2), .. }) && text.contains("byte offset"),
        "{text}"
    );
}

#[tokio::test]
async fn fmpxml_open_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_variant(dir.path(), "err.xml", |t| {
        t.replacen("<ERRORCODE>0</ERRORCODE>", "<ERRORCODE>802</ERRORCODE>", 1)
    });
    let err = open_err(&path).await;
    assert!(
        err.contains("cannot open") && err.contains("error 802"),
        "{err}"
    );

    let err = open_err(&fixture("kunden_fmpdsoresult.xml")).await;
    assert!(
        err.contains("<FMPDSORESULT>") && err.contains("FMPXMLRESULT grammar"),
        "{err}"
    );

    let path = dir.path().join("notes.xml");
    std::fs::write(&path, "Nr;Name\n1;Zoë\n").unwrap();
    let err = open_err(&path).await;
    assert!(err.contains("not an XML file"), "{err}");

    let path = dir.path().join("other.xml");
    std::fs::write(&path, "<?xml version=\"1.0\"?><invoice><n>1</n></invoice>").unwrap();
    let err = open_err(&path).await;
    assert!(err.contains("<invoice>"), "{err}");

    let err = open_err(&dir.path().join("missing.xml")).await;
    assert!(err.contains("no such file"), "{err}");

    let mut with_option = spec(&fixture("kunden.xml"));
    with_option.options.set("delimiter", ";");
    assert!(FmpXmlFactory.open(&with_option).await.is_err());
}

#[tokio::test]
async fn fmpxml_empty_resultset_reads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_variant(dir.path(), "leer.xml", |t| {
        let start = t.find("<RESULTSET").unwrap();
        let end = t.find("</RESULTSET>").unwrap() + "</RESULTSET>".len();
        format!("{}<RESULTSET FOUND=\"0\"/>{}", &t[..start], &t[end..])
    });
    let mut source = open(&path).await;
    assert_eq!(source.list_tables().await.unwrap()[0].rows, Some(0));
    let r = read_all(source.as_mut(), "leer", 10).await;
    assert!(r.frames.is_empty() && r.rejects.is_empty() && r.error.is_none());
}

#[tokio::test]
async fn fmpxml_other_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("kunden.xml"))
        .unwrap()
        .replacen("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", 1);
    // Latin-1 bytes: every character of the fixture is below U+0100.
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    let path = dir.path().join("latin.xml");
    std::fs::write(&path, bytes).unwrap();
    let mut source = open(&path).await;
    let r = read_all(source.as_mut(), "latin", 100).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(
        texts(&r.all, "Vorname"),
        [s("Zoë"), s("Jürgen"), s("Søren"), s("François")]
    );

    // UTF-8 with a BOM, and UTF-16 LE with a BOM.
    let text = std::fs::read_to_string(fixture("kunden.xml")).unwrap();
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.replacen("UTF-8", "UTF-16", 1).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    for (name, bytes) in [("bom8.xml", utf8), ("bom16.xml", utf16)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut source = open(&path).await;
        let table = name.trim_end_matches(".xml");
        let r = read_all(source.as_mut(), table, 100).await;
        assert!(r.error.is_none(), "{name}: {:?}", r.error);
        assert_eq!(texts(&r.all, "Nachname")[3], s("Lefèvre"), "{name}");
        assert_eq!(source.list_tables().await.unwrap()[0].rows, Some(6));
    }
}
