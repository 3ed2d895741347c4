use super::*;
use crate::test_support::{fixture, names, read_all, s, src_rows, texts};
use crate::{CsvFactory, FixedFactory, SecutixFactory, XlsxFactory};

fn registry() -> Registry {
    let mut registry = Registry::new();
    registry
        .register(Box::new(CsvFactory))
        .register(Box::new(XlsxFactory))
        .register(Box::new(FixedFactory))
        .register(Box::new(SecutixFactory));
    registry
}

fn spec(path: &Path) -> SourceSpec {
    SourceSpec {
        path: Some(path.to_path_buf()),
        ..SourceSpec::default()
    }
}

async fn open(spec: &SourceSpec) -> MultiFileSource {
    assert!(is_multi_file(spec));
    MultiFileSource::open(spec, &registry()).await.unwrap()
}

async fn open_err(spec: &SourceSpec) -> String {
    match MultiFileSource::open(spec, &registry()).await {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn glob_of_csv_files_is_one_table_in_name_order() {
    let pattern = fixture("glob/exports/*.csv");
    for path in [pattern.clone(), fixture("glob/exports")] {
        let mut source = open(&spec(&path)).await;
        assert_eq!(source.table_names().await.unwrap(), vec!["exports"]);
        assert_eq!(source.files().len(), 2, "the hidden .keep is not read");
        assert!(source.description().location.ends_with(" (2 files)"));
        assert_eq!(source.description().connector, "csv");
        let columns: Vec<String> = source
            .describe(&ReadRequest::Table("exports".into()))
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(columns, ["_src_file", "id", "name", "city"]);
        assert_eq!(source.list_tables().await.unwrap()[0].rows, Some(5));
        let read = read_all(&mut source, "exports", 2).await;
        assert!(read.error.is_none());
        let df = &read.all;
        assert_eq!(names(df), ["_src_row", "_src_file", "id", "name", "city"]);
        assert_eq!(
            texts(df, "_src_file"),
            vec![
                s("2024-01.csv"),
                s("2024-01.csv"),
                s("2024-02.csv"),
                s("2024-02.csv")
            ]
        );
        // Row numbers count within each file (header = row 1).
        assert_eq!(src_rows(df), vec![2, 3, 2, 4]);
        assert_eq!(
            texts(df, "name"),
            vec![s("Zoé"), s("Jean"), s("Anna"), s("Li")]
        );
        assert_eq!(read.rejects.len(), 1);
        let r = &read.rejects[0];
        assert_eq!(r.src_row, 3);
        assert_eq!(
            r.values[0],
            ("_src_file".to_string(), "2024-02.csv".to_string())
        );
        assert!(
            r.message
                .contains("2024-02.csv: row 3 has 4 fields but the header has 3"),
            "{}",
            r.message
        );
    }
    // A relative pattern with `./` (as resolved against the current folder) labels the same.
    let mut source = open(&spec(Path::new(
        "./../../tests/fixtures/glob/exports/*.csv",
    )))
    .await;
    let read = read_all(&mut source, "exports", 10).await;
    assert_eq!(texts(&read.all, "_src_file")[0], s("2024-01.csv"));
    // A pattern with a fixed start names the table after it.
    let source = open(&spec(&fixture("glob/exports/2024-*.csv"))).await;
    assert_eq!(source.table, "2024");
}

#[tokio::test]
async fn glob_errors_name_the_pattern_and_the_files() {
    let err = open_err(&spec(&fixture("glob/odd/*.csv"))).await;
    let (a, b) = (fixture("glob/odd/a.csv"), fixture("glob/odd/b.csv"));
    assert!(
        err.contains(&format!(
            "the columns of {} differ from those of {} (the first file): missing city; extra zip",
            b.display(),
            a.display()
        )),
        "{err}"
    );
    let pattern = fixture("glob/exports/*.xlsx");
    let err = open_err(&spec(&pattern)).await;
    assert!(
        err.contains(&format!(
            "no file matches the pattern '{}'",
            pattern.display()
        )),
        "{err}"
    );
    let err = open_err(
        &spec(&fixture("glob/exports/*.csv"))
            .with("tables", std::collections::BTreeMap::from([("x", "x.csv")])),
    )
    .await;
    assert!(err.contains("sets both tables and the pattern"), "{err}");

    // Files of different kinds in one folder.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.csv"), "id\n1\n").unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "id").unwrap();
    book.save(dir.path().join("b.xlsx")).unwrap();
    let err = open_err(&spec(dir.path())).await;
    assert!(
        err.contains("b.xlsx is a xlsx file but") && err.contains("a.csv is a csv file"),
        "{err}"
    );
    // Not a glob: a single file (even with a bracket in its name), a server URL.
    let bracket = dir.path().join("export [2024].csv");
    std::fs::write(&bracket, "id\n1\n").unwrap();
    assert!(!is_multi_file(&spec(&bracket)));
    assert!(!is_multi_file(&spec(&fixture("glob/odd/a.csv"))));
    assert!(!is_multi_file(&SourceSpec::from_url(
        "postgres://u@db:5432/x?sslmode=require"
    )));
}

#[tokio::test]
async fn glob_of_fixed_width_and_workbook_files() {
    let fixed = spec(&fixture("glob/fixed/*.dat")).with("widths", vec![3, 5]);
    let mut source = open(&fixed).await;
    assert_eq!(source.table_names().await.unwrap(), vec!["fixed"]);
    let read = read_all(&mut source, "fixed", 10).await;
    assert_eq!(
        texts(&read.all, "column_1"),
        vec![s("001"), s("002"), s("004")]
    );
    assert_eq!(
        texts(&read.all, "column_2"),
        vec![s("Anna"), s("Bob"), s("Zoé")]
    );
    assert_eq!(
        texts(&read.all, "_src_file"),
        vec![s("p1.dat"), s("p1.dat"), s("p2.dat")]
    );
    assert_eq!(read.rejects.len(), 1);
    assert_eq!(read.rejects[0].src_row, 1);
    assert!(
        read.rejects[0]
            .message
            .contains("p2.dat: line 1 is 15 characters long"),
        "{}",
        read.rejects[0].message
    );

    let dir = tempfile::tempdir().unwrap();
    for (file, name) in [("north.xlsx", "Anna"), ("south.xlsx", "Bob")] {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "name").unwrap();
        sheet.write_string(1, 0, name).unwrap();
        book.save(dir.path().join(file)).unwrap();
    }
    let mut source = open(&spec(&dir.path().join("*.xlsx"))).await;
    let table = source.table_names().await.unwrap().remove(0);
    let read = read_all(&mut source, &table, 10).await;
    assert_eq!(texts(&read.all, "name"), vec![s("Anna"), s("Bob")]);
    assert_eq!(
        texts(&read.all, "_src_file"),
        vec![s("north.xlsx"), s("south.xlsx")]
    );
    assert_eq!(src_rows(&read.all), vec![2, 2]);
}

#[test]
fn table_names_of_patterns() {
    let name = |p: &str| multi_file_table_name(Path::new(p));
    assert_eq!(name("/m/exports/*.csv"), "exports");
    assert_eq!(name("/m/exports/contacts-*.csv"), "contacts");
    assert_eq!(name("/m/exports/*/contacts.csv"), "contacts");
    assert_eq!(name("*.csv"), "data");
    assert_eq!(
        literal_base(Path::new("/m/exports/*/c.csv")),
        PathBuf::from("/m/exports")
    );
}
