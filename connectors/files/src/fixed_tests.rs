use super::*;
use crate::test_support::{fixture, read_all, s, src_rows, texts};

fn column(name: &str, start: Option<usize>, width: usize) -> FixedColumn {
    FixedColumn {
        name: name.into(),
        start,
        width,
        kind: None,
    }
}

/// The layout of tests/fixtures/fixed/people.txt: id 1-6, name 7-26, city 27-36, zip 37-41.
fn people_spec(path: &Path) -> SourceSpec {
    SourceSpec {
        path: Some(path.to_path_buf()),
        ..SourceSpec::default()
    }
    .with(
        "columns",
        vec![
            column("id", Some(1), 6),
            column("name", Some(7), 20),
            column("city", None, 10),
            column("zip", Some(37), 5),
        ],
    )
    .with("header", true)
}

async fn open_err(spec: &SourceSpec) -> String {
    match FixedFactory.open(spec).await {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn fixed_columns_exact_values_short_lines_and_rejects() {
    let path = fixture("fixed/people.txt");
    let mut source = FixedFactory.open(&people_spec(&path)).await.unwrap();
    assert_eq!(source.table_names().await.unwrap(), vec!["people"]);
    let described: Vec<String> = source
        .describe(&ReadRequest::Table("people".into()))
        .await
        .unwrap()
        .into_iter()
        .map(|c| format!("{} {}", c.name, c.native_type))
        .collect();
    assert_eq!(
        described,
        [
            "id char(6)",
            "name char(20)",
            "city char(10)",
            "zip char(5)"
        ]
    );
    // Batches of 2 lines: the same rows as one batch.
    for batch in [2, 100] {
        let read = read_all(source.as_mut(), "people", batch).await;
        assert!(read.error.is_none());
        let df = &read.all;
        // Line 1 is the header, line 8 is empty (skipped); lines 5-7 are rejected.
        assert_eq!(src_rows(df), vec![2, 3, 4, 9]);
        assert_eq!(
            texts(df, "id"),
            vec![s("000001"), s("000002"), s("000003"), s("000007")]
        );
        // Widths count characters: "Zoé Müller" is 12 bytes but 10 characters. Trailing
        // spaces go, leading ones stay.
        assert_eq!(
            texts(df, "name"),
            vec![s("Zoé Müller"), s("Jean Dupont"), s("Anna"), s("  Padded")]
        );
        assert_eq!(
            texts(df, "city"),
            vec![s("Genève"), s("Lyon"), s("Bern"), s("Chur")]
        );
        // Line 4 stops after the city: the missing zip is NULL.
        assert_eq!(
            texts(df, "zip"),
            vec![s("1201"), s("69001"), None, s("7000")]
        );
        let r = &read.rejects;
        assert_eq!(r.len(), 3, "{r:#?}");
        let p = path.display();
        assert_eq!(r[0].src_row, 5);
        assert_eq!(r[0].column, None);
        assert_eq!(r[0].value.as_deref(), Some("EXTRA"));
        assert_eq!(
            r[0].message,
            format!("{p}: line 5 is 50 characters long, but the columns end at 41 (after column 'zip'): 'EXTRA' is beyond the layout; a column is missing from columns/widths, or the line is shifted")
        );
        assert_eq!(r[0].values[1], ("name".to_string(), "Bob".to_string()));
        assert_eq!(r[1].src_row, 6);
        assert_eq!(r[1].column.as_deref(), Some("name"));
        assert_eq!(r[1].value.as_deref(), Some("Li\\0"));
        assert_eq!(
            r[1].message,
            format!("{p}: line 6, column 'name': a NUL byte at character 9; the file is binary or UTF-16: check encoding in [source]")
        );
        assert_eq!(r[2].src_row, 7);
        assert_eq!(r[2].column.as_deref(), Some("name"));
        assert_eq!(r[2].value.as_deref(), Some("Chlo\u{FFFD}"));
        assert!(
            r[2].message.starts_with(&format!(
                "{p}: line 7, column 'name': bytes that are not UTF-8 at character 11; "
            )),
            "{}",
            r[2].message
        );
    }
    let tables = source.list_tables().await.unwrap();
    assert_eq!(
        tables[0].rows,
        Some(7),
        "data lines, rejected ones included"
    );
}

#[tokio::test]
async fn fixed_widths_take_names_from_the_header_line() {
    let spec = SourceSpec {
        path: Some(fixture("fixed/people.txt")),
        ..SourceSpec::default()
    }
    .with("widths", vec![6, 20, 10, 5])
    .with("header", true);
    let mut source = FixedFactory.open(&spec).await.unwrap();
    let read = read_all(source.as_mut(), "people", 10).await;
    let names: Vec<String> = crate::test_support::names(&read.all);
    assert_eq!(names, ["_src_row", "ID", "NAME", "CITY", "ZIP"]);
    assert_eq!(texts(&read.all, "CITY")[0], s("Genève"));
}

#[tokio::test]
async fn fixed_legacy_encoding_and_utf16_count_decoded_characters() {
    let spec = SourceSpec {
        path: Some(fixture("fixed/people-latin1.txt")),
        ..SourceSpec::default()
    }
    .with("widths", vec![6, 20, 10, 5])
    .with("encoding", "windows-1252");
    let mut source = FixedFactory.open(&spec).await.unwrap();
    let read = read_all(source.as_mut(), "people-latin1", 10).await;
    assert!(read.rejects.is_empty(), "{:?}", read.rejects);
    assert_eq!(src_rows(&read.all), vec![1, 2]);
    assert_eq!(
        texts(&read.all, "column_2"),
        vec![s("Zoé Müller"), s("François")]
    );
    assert_eq!(texts(&read.all, "column_3"), vec![s("Genève"), s("Zürich")]);
    assert_eq!(texts(&read.all, "column_4"), vec![s("1201"), s("8001")]);

    // UTF-16LE with a BOM: a BOM wins over the default utf-8.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "0042Zoé  Genève\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(&path, bytes).unwrap();
    let spec = SourceSpec {
        path: Some(path),
        ..SourceSpec::default()
    }
    .with("widths", vec![4, 5, 6]);
    let mut source = FixedFactory.open(&spec).await.unwrap();
    let read = read_all(source.as_mut(), "u16", 10).await;
    assert!(read.rejects.is_empty(), "{:?}", read.rejects);
    assert_eq!(texts(&read.all, "column_2"), vec![s("Zoé")]);
    assert_eq!(texts(&read.all, "column_3"), vec![s("Genève")]);
}

#[tokio::test]
async fn fixed_integer_columns_parse_or_reject() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.txt");
    std::fs::write(&path, "   42Bob\n  -7 Eve\n00x01Ann\n     Nil\n").unwrap();
    let spec = SourceSpec {
        path: Some(path.clone()),
        ..SourceSpec::default()
    }
    .with("skip-rows", 0)
    .with(
        "columns",
        vec![
            FixedColumn {
                kind: Some("integer".into()),
                ..column("n", None, 5)
            },
            column("who", None, 3),
        ],
    );
    let mut source = FixedFactory.open(&spec).await.unwrap();
    let columns = source
        .describe(&ReadRequest::Table("n".into()))
        .await
        .unwrap();
    assert_eq!(columns[0].dtype, DataType::Int64);
    let read = read_all(source.as_mut(), "n", 10).await;
    let n = read.all.column("n").unwrap().i64().unwrap().clone();
    let n: Vec<Option<i64>> = (0..n.len()).map(|i| n.get(i)).collect();
    assert_eq!(n, vec![Some(42), Some(-7), None]);
    assert_eq!(src_rows(&read.all), vec![1, 2, 4]);
    assert_eq!(read.rejects.len(), 1);
    assert_eq!(
        read.rejects[0].message,
        format!(
            "{}: line 3, column 'n': '00x01' is not a whole number (type = \"integer\"); fix the value, or read the column as text",
            path.display()
        )
    );
}

#[tokio::test]
async fn fixed_layout_errors_are_explained() {
    let path = fixture("fixed/people.txt");
    let with = |columns: Vec<FixedColumn>| {
        SourceSpec {
            path: Some(path.clone()),
            ..SourceSpec::default()
        }
        .with("columns", columns)
    };
    let err = open_err(&with(vec![
        column("a", Some(1), 6),
        column("b", Some(5), 3),
    ]))
    .await;
    assert!(
        err.contains("column 'b' starts at 5 but the previous column ends at 6"),
        "{err}"
    );
    let err = open_err(&with(vec![column("a", Some(0), 6)])).await;
    assert!(
        err.contains("start = 0, but positions count from 1"),
        "{err}"
    );
    let err = open_err(&with(vec![column("a", None, 2), column("a", None, 2)])).await;
    assert!(err.contains("column 'a' is named twice"), "{err}");
    let err = open_err(&with(vec![FixedColumn {
        kind: Some("date".into()),
        ..column("a", None, 2)
    }]))
    .await;
    assert!(err.contains("column 'a': unknown type 'date'"), "{err}");
    let err = open_err(&with(vec![column("a", None, 2)]).with("widths", vec![1])).await;
    assert!(err.contains("sets both columns and widths"), "{err}");
    let err = open_err(&SourceSpec {
        kind: Some("fixed".into()),
        path: Some(path.clone()),
        ..SourceSpec::default()
    })
    .await;
    assert!(err.contains("needs its column layout"), "{err}");
    let err = open_err(&with(vec![column("a", None, 2)]).with("delimiter", ";")).await;
    assert!(
        err.contains("[source] delimiter: the fixed connector has no such option (options of the fixed connector: tables, columns, widths, header, encoding, skip-rows)"),
        "{err}"
    );
}

#[test]
fn fixed_column_keys_are_checked() {
    // `columns` alone makes a file fixed-width, whatever its extension.
    let spec = SourceSpec {
        path: Some("legacy/people.txt".into()),
        ..SourceSpec::default()
    }
    .with("widths", vec![3]);
    let mut registry = stx_connector_core::Registry::new();
    registry
        .register(Box::new(crate::CsvFactory))
        .register(Box::new(FixedFactory));
    assert_eq!(registry.connector(&spec).unwrap(), "fixed");
    // A key of the layout that does not exist is named, inside the list too.
    let typo = SourceSpec::from_url("fixed:x.txt").with("columns", toml_columns());
    let err = FixedConfig::from_spec(&typo).unwrap_err().to_string();
    assert!(err.contains("columns: ") && err.contains("strat"), "{err}");
}

/// `[{ name = "id", strat = 1, width = 6 }]`: a misspelled column key.
fn toml_columns() -> Vec<std::collections::BTreeMap<&'static str, toml_like::Value>> {
    vec![std::collections::BTreeMap::from([
        ("name", toml_like::Value::Text("id")),
        ("strat", toml_like::Value::Number(1)),
        ("width", toml_like::Value::Number(6)),
    ])]
}

mod toml_like {
    /// A value of a hand-written column table.
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    pub enum Value {
        Text(&'static str),
        Number(usize),
    }
}
