use super::*;
use futures::StreamExt;
use polars::prelude::DataFrame;
use rust_xlsxwriter::{ExcelDateTime as XlsxDate, Format, Formula, Workbook, Worksheet};
use stx_connector_core::SOURCE_ROW_COLUMN;

/// A worksheet to write: its name and what to put in it.
type Sheet<'a> = (&'a str, &'a dyn Fn(&mut Worksheet));

/// Writes a workbook with one worksheet per `(name, fill)` into `dir`.
fn workbook(dir: &Path, file: &str, sheets: Vec<Sheet<'_>>) -> PathBuf {
    let path = dir.join(file);
    let mut book = Workbook::new();
    for (name, fill) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        fill(sheet);
    }
    book.save(&path).unwrap();
    path
}

fn spec(path: &Path) -> SourceSpec {
    SourceSpec {
        path: Some(path.to_path_buf()),
        ..SourceSpec::default()
    }
}

async fn open(spec: &SourceSpec) -> Box<dyn Source> {
    XlsxFactory.open(spec).await.unwrap()
}

async fn open_err(spec: &SourceSpec) -> String {
    match XlsxFactory.open(spec).await {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    }
}

async fn read_all(
    source: &mut dyn Source,
    table: &str,
    batch: usize,
) -> (Vec<DataFrame>, DataFrame, Vec<ReadReject>) {
    let mut stream = source
        .read(
            &ReadRequest::Table(table.into()),
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
    let mut all = frames[0].clone();
    for f in &frames[1..] {
        all.vstack_mut(f).unwrap();
    }
    (frames, all, rejects)
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

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn rows(df: &DataFrame) -> Vec<u64> {
    df.column(SOURCE_ROW_COLUMN)
        .unwrap()
        .u64()
        .unwrap()
        .no_null_iter()
        .collect()
}

fn names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

fn contacts(ws: &mut Worksheet) {
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let datetime = Format::new().set_num_format("dd.mm.yyyy hh:mm:ss");
    ws.write_row(
        0,
        0,
        [
            "id", "name", "birth", "updated", "active", "amount", "phone", "note",
        ],
    )
    .unwrap();
    // Row 2: every kind of cell; the note stays empty.
    ws.write_number(1, 0, 42).unwrap();
    ws.write_string(1, 1, "Zoé").unwrap();
    ws.write_datetime_with_format(1, 2, XlsxDate::from_ymd(1965, 8, 1).unwrap(), &date)
        .unwrap();
    let at = XlsxDate::from_ymd(2024, 3, 1)
        .unwrap()
        .and_hms(10, 30, 15)
        .unwrap();
    ws.write_datetime_with_format(1, 3, at, &datetime).unwrap();
    ws.write_boolean(1, 4, true).unwrap();
    ws.write_number(1, 5, 3.5).unwrap();
    ws.write_number(1, 6, 7_561_234_567_890.0).unwrap();
    // Row 3 is entirely empty. Row 4: a whole float, a midnight datetime, a note.
    ws.write_number(3, 0, 12.0).unwrap();
    ws.write_string(3, 1, "Anna").unwrap();
    let midnight = XlsxDate::from_ymd(2000, 12, 31)
        .unwrap()
        .and_hms(0, 0, 0)
        .unwrap();
    ws.write_datetime_with_format(3, 3, midnight, &datetime)
        .unwrap();
    ws.write_boolean(3, 4, false).unwrap();
    ws.write_number(3, 5, 0.1).unwrap();
    ws.write_string(3, 7, "call back").unwrap();
    // Row 5: a formula whose cached result is an Excel error.
    ws.write_number(4, 0, 7).unwrap();
    ws.write_string(4, 1, "Err").unwrap();
    ws.write_formula(4, 5, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    // Row 6: fine again.
    ws.write_number(5, 0, -3).unwrap();
}

#[tokio::test]
async fn renders_cells_as_text_with_spreadsheet_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "book.xlsx", vec![("Contacts", &contacts)]);
    let mut source = open(&spec(&path)).await;
    let (frames, all, rejects) = read_all(source.as_mut(), "Contacts", 2).await;
    // Rows 2 and 4 in the first batch (the empty row 3 does not count), 5 and 6 in the second.
    assert_eq!(frames.len(), 2);
    assert_eq!(frames[0].height(), 2);
    assert_eq!(
        names(&all),
        vec!["_src_row", "id", "name", "birth", "updated", "active", "amount", "phone", "note"]
    );
    assert_eq!(rows(&all), vec![2, 4, 6]);
    assert_eq!(strings(&all, "id"), vec![s("42"), s("12"), s("-3")]);
    assert_eq!(strings(&all, "name"), vec![s("Zoé"), s("Anna"), None]);
    assert_eq!(strings(&all, "birth"), vec![s("01.08.1965"), None, None]);
    assert_eq!(
        strings(&all, "updated"),
        vec![s("01.03.2024 10:30:15"), s("31.12.2000"), None]
    );
    assert_eq!(strings(&all, "active"), vec![s("TRUE"), s("FALSE"), None]);
    assert_eq!(strings(&all, "amount"), vec![s("3.5"), s("0.1"), None]);
    assert_eq!(strings(&all, "phone"), vec![s("7561234567890"), None, None]);
    assert_eq!(strings(&all, "note"), vec![None, s("call back"), None]);

    assert_eq!(rejects.len(), 1, "{rejects:?}");
    let reject = &rejects[0];
    assert_eq!(reject.src_row, 5);
    assert_eq!(reject.column.as_deref(), Some("amount"));
    assert_eq!(reject.value.as_deref(), Some("#DIV/0!"));
    assert_eq!(
        reject.message,
        format!(
            "{}, sheet 'Contacts': row 5, column 'amount' (cell F5) holds the Excel error #DIV/0!; correct the formula or the value in the workbook, or clear the cell",
            path.display()
        )
    );
    assert_eq!(
        reject.values,
        vec![
            ("id".to_string(), "7".to_string()),
            ("name".to_string(), "Err".to_string()),
            ("birth".to_string(), String::new()),
            ("updated".to_string(), String::new()),
            ("active".to_string(), String::new()),
            ("amount".to_string(), "#DIV/0!".to_string()),
            ("phone".to_string(), String::new()),
            ("note".to_string(), String::new()),
        ]
    );
}

#[tokio::test]
async fn skip_rows_skips_title_rows_and_rows_count_from_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let fill = |ws: &mut Worksheet| {
        ws.write_string(0, 0, "SecuTix contact import").unwrap();
        ws.write_string(1, 0, "generated 2024").unwrap();
        ws.write_string(2, 1, "third title row").unwrap();
        ws.write_row(3, 0, ["CONTACT_NUMBER", "LAST_NAME"]).unwrap();
        ws.write_row(4, 0, ["C1", "Muster"]).unwrap();
        ws.write_row(6, 0, ["C2", "Meier"]).unwrap();
    };
    let path = workbook(dir.path(), "import.xlsx", vec![("Data", &fill)]);
    let spec = spec(&path).with("skip-rows", 3);
    let mut source = open(&spec).await;
    let (_, all, rejects) = read_all(source.as_mut(), "Data", 100).await;
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(names(&all), vec!["_src_row", "CONTACT_NUMBER", "LAST_NAME"]);
    assert_eq!(rows(&all), vec![5, 7]);
    assert_eq!(strings(&all, "LAST_NAME"), vec![s("Muster"), s("Meier")]);
    let tables = source.list_tables().await.unwrap();
    assert_eq!(tables[0].rows, Some(2));
}

#[test]
fn head_gives_the_top_rows_as_text_without_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let fill = |ws: &mut Worksheet| {
        ws.write_string(0, 0, "SecuTix contact import").unwrap();
        ws.write_string(2, 1, "third").unwrap();
        ws.write_number(2, 2, 42.0).unwrap();
        ws.write_row(3, 0, ["CONTACT_NR", "LASTNAME"]).unwrap();
        ws.write_row(4, 0, ["1", "Muster"]).unwrap();
    };
    let path = workbook(dir.path(), "head.xlsx", vec![("Data", &fill)]);
    let source = XlsxSource::open(&path, XlsxOptions::default()).unwrap();
    assert_eq!(source.sheet_names(), ["Data"]);
    let head = source.head("Data", 4).unwrap();
    assert_eq!(
        head,
        vec![
            vec!["SecuTix contact import".to_string()],
            vec![],
            vec!["".to_string(), "third".into(), "42".into()],
            vec!["CONTACT_NR".to_string(), "LASTNAME".into()],
        ]
    );
    assert!(source
        .head("Nope", 4)
        .unwrap_err()
        .to_string()
        .contains("Nope"));
}

#[tokio::test]
async fn a_used_range_starting_below_and_right_of_a1_keeps_real_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let fill = |ws: &mut Worksheet| {
        // Header in B3, data from row 4; column C's header is empty.
        ws.write_string(2, 1, "id").unwrap();
        ws.write_string(2, 3, "city").unwrap();
        ws.write_row(3, 1, ["1", "x", "Bern"]).unwrap();
        ws.write_row(5, 1, ["2", "", "Genève"]).unwrap();
    };
    let path = workbook(dir.path(), "offset.xlsx", vec![("S", &fill)]);
    let mut source = open(&spec(&path)).await;
    let (_, all, rejects) = read_all(source.as_mut(), "S", 10).await;
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(names(&all), vec!["_src_row", "id", "column_3", "city"]);
    assert_eq!(rows(&all), vec![4, 6]);
    assert_eq!(strings(&all, "column_3"), vec![s("x"), None]);
    assert_eq!(strings(&all, "city"), vec![s("Bern"), s("Genève")]);
    // skip-rows counts the empty rows above the used range: 2 skips rows 1-2, not 3-4.
    let skipping = spec(&path).with("skip-rows", 2);
    let mut source = open(&skipping).await;
    let (_, again, _) = read_all(source.as_mut(), "S", 10).await;
    assert_eq!(names(&again), vec!["_src_row", "id", "column_3", "city"]);
    assert_eq!(rows(&again), vec![4, 6]);
}

#[tokio::test]
async fn a_value_right_of_the_header_rejects_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let fill = |ws: &mut Worksheet| {
        ws.write_row(0, 0, ["id", "name"]).unwrap();
        ws.write_row(1, 0, ["1", "Anna"]).unwrap();
        ws.write_row(2, 0, ["2", "Bob"]).unwrap();
        ws.write_string(2, 3, "stray").unwrap();
    };
    let path = workbook(dir.path(), "wide.xlsx", vec![("Sheet1", &fill)]);
    let mut source = open(&spec(&path)).await;
    let (_, all, rejects) = read_all(source.as_mut(), "Sheet1", 10).await;
    assert_eq!(rows(&all), vec![2]);
    assert_eq!(names(&all), vec!["_src_row", "id", "name"]);
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].src_row, 3);
    assert_eq!(rejects[0].column.as_deref(), Some("column_4"));
    assert_eq!(rejects[0].value.as_deref(), Some("stray"));
    assert!(
        rejects[0].message.contains(
            "sheet 'Sheet1': row 3 has a value in column D beyond the header (2 columns)"
        ),
        "{}",
        rejects[0].message
    );
    assert_eq!(
        rejects[0].values,
        vec![
            ("id".to_string(), "2".to_string()),
            ("name".to_string(), "Bob".to_string()),
            ("column_3".to_string(), String::new()),
            ("column_4".to_string(), "stray".to_string()),
        ]
    );
}

#[tokio::test]
async fn header_false_names_columns_by_position() {
    let dir = tempfile::tempdir().unwrap();
    let fill = |ws: &mut Worksheet| {
        ws.write_row(0, 0, ["a", "b"]).unwrap();
        ws.write_row(1, 0, ["c", "d"]).unwrap();
    };
    let path = workbook(dir.path(), "plain.xlsx", vec![("P", &fill)]);
    let spec = spec(&path).with("header", false);
    let mut source = open(&spec).await;
    let (_, all, _) = read_all(source.as_mut(), "P", 10).await;
    assert_eq!(names(&all), vec!["_src_row", "column_1", "column_2"]);
    assert_eq!(rows(&all), vec![1, 2]);
    assert_eq!(strings(&all, "column_2"), vec![s("b"), s("d")]);
}

fn people(ws: &mut Worksheet) {
    ws.write_row(0, 0, [" id ", "name", "", "name"]).unwrap();
    ws.write_row(1, 0, ["1", "Anna", "x", "A."]).unwrap();
    ws.write_row(3, 0, ["2", "Bob", "y", "B."]).unwrap();
    ws.write_row(4, 0, ["3", "Cleo", "z", "C."]).unwrap();
}

fn orders(ws: &mut Worksheet) {
    ws.write_row(0, 0, ["order", "contact"]).unwrap();
    ws.write_row(1, 0, ["O1", "1"]).unwrap();
}

fn empty(_: &mut Worksheet) {}

#[tokio::test]
async fn every_sheet_is_a_table_with_counts_and_column_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(
        dir.path(),
        "book.xlsx",
        vec![("People", &people), ("Orders", &orders), ("Empty", &empty)],
    );
    let mut source = open(&spec(&path)).await;
    assert_eq!(
        source.description(),
        SourceDescription {
            connector: "xlsx",
            location: path.display().to_string(),
            has_sql_engine: false,
        }
    );
    assert_eq!(
        source.list_tables().await.unwrap(),
        vec![
            TableInfo {
                name: "People".into(),
                kind: "sheet".into(),
                rows: Some(3),
            },
            TableInfo {
                name: "Orders".into(),
                kind: "sheet".into(),
                rows: Some(1),
            },
            TableInfo {
                name: "Empty".into(),
                kind: "sheet".into(),
                rows: Some(0),
            },
        ]
    );
    let columns = source
        .describe(&ReadRequest::Table("People".into()))
        .await
        .unwrap();
    let described: Vec<(&str, &str, &DataType)> = columns
        .iter()
        .map(|c| (c.name.as_str(), c.native_type.as_str(), &c.dtype))
        .collect();
    assert_eq!(
        described,
        vec![
            ("id", "cell", &DataType::String),
            ("name", "cell", &DataType::String),
            ("column_3", "cell", &DataType::String),
            ("name_2", "cell", &DataType::String),
        ]
    );
    let err = source
        .describe(&ReadRequest::Table("Empty".into()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sheet 'Empty': read failed: the sheet is empty: no header row"),
        "{err}"
    );
    // Several sheets and none chosen: the file's stem names no sheet.
    let err = source
        .describe(&ReadRequest::Table("book".into()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("no table named 'book' (tables: People, Orders, Empty)"),
        "{err}"
    );
    let err = source
        .read(
            &ReadRequest::Query("SELECT 1".into()),
            &ReadOptions::batch(10),
        )
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("query failed: spreadsheets have no SQL engine of their own")
            && err.contains("polars SQL"),
        "{err}"
    );
}

#[tokio::test]
async fn the_sheet_option_chooses_one_sheet_which_becomes_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(
        dir.path(),
        "book.xlsx",
        vec![("People", &people), ("Orders", &orders)],
    );
    let spec = SourceSpec::from_url(&format!("xlsx:{}", path.display())).with("sheet", "Orders");
    let mut source = open(&spec).await;
    assert_eq!(source.table_names().await.unwrap(), vec!["Orders"]);
    let (_, all, _) = read_all(source.as_mut(), "Orders", 10).await;
    assert_eq!(strings(&all, "order"), vec![s("O1")]);
    // The file's stem reads the chosen sheet, as it names a single CSV file's table.
    let (_, all, _) = read_all(source.as_mut(), "book", 10).await;
    assert_eq!(strings(&all, "contact"), vec![s("1")]);
    let err = source
        .describe(&ReadRequest::Table("People".into()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("no table named 'People' (tables: Orders)"),
        "{err}"
    );
}

#[tokio::test]
async fn the_only_sheet_is_the_default_and_sheet_names_ignore_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "contacts.xlsx", vec![("Export", &orders)]);
    let spec = spec(&path).with("sheet", "EXPORT");
    let mut source = open(&spec).await;
    assert_eq!(source.table_names().await.unwrap(), vec!["Export"]);
    let (_, all, _) = read_all(source.as_mut(), "contacts", 10).await;
    assert_eq!(rows(&all), vec![2]);
}

#[tokio::test]
async fn open_errors_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(
        dir.path(),
        "book.xlsx",
        vec![("People", &people), ("Orders", &orders)],
    );
    let unknown = spec(&path).with("sheet", "Nope");
    assert_eq!(
        open_err(&unknown).await,
        format!(
            "xlsx source {}: no table named 'Nope' (tables: People, Orders)",
            path.display()
        )
    );

    let delimiter = spec(&path).with("delimiter", ";");
    assert_eq!(
        open_err(&delimiter).await,
        "source configuration: [source] delimiter: the xlsx connector has no such option (options of the xlsx connector: sheet, header, skip-rows). Hint: check the spelling, and that type or url name the connector you mean"
    );

    let missing = dir.path().join("missing.xlsx");
    let err = open_err(&spec(&missing)).await;
    assert!(
        err.starts_with(&format!(
            "xlsx source {}: cannot open: no such file. Hint: check the path",
            missing.display()
        )),
        "{err}"
    );

    let fake = dir.path().join("fake.xlsx");
    std::fs::write(&fake, "id;name\n1;Anna\n").unwrap();
    let err = open_err(&spec(&fake)).await;
    assert!(
        err.starts_with(&format!(
            "xlsx source {}: cannot open: not a spreadsheet that can be read: ",
            fake.display()
        )) && err.contains("Hint: the xlsx connector reads .xlsx, .xlsm, .xlsb, .xls and .ods"),
        "{err}"
    );

    let err = open_err(&SourceSpec {
        kind: Some("xlsx".into()),
        ..SourceSpec::default()
    })
    .await;
    assert!(err.contains("an xlsx source needs path"), "{err}");
}

#[test]
fn numbers_render_without_exponent_or_trailing_zeros() {
    assert_eq!(format_float(12.0), "12");
    assert_eq!(format_float(-0.0), "0");
    assert_eq!(format_float(3.5), "3.5");
    assert_eq!(format_float(0.1), "0.1");
    assert_eq!(format_float(7_561_234_567_890.0), "7561234567890");
    assert_eq!(format_float(1e21), "1000000000000000000000");
    assert_eq!(format_float(1.5e-7), "0.00000015");
    assert_eq!(
        render(&Data::Int(41_234_567_890_123)),
        Ok(Some("41234567890123".into()))
    );
    assert_eq!(render(&Data::String(String::new())), Ok(None));
    assert_eq!(
        render(&Data::Error(CellErrorType::NA)),
        Err(CellErrorType::NA)
    );
}

#[test]
fn dates_times_and_durations_render_as_text() {
    use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
    let dt = |v: f64, t| format_datetime(&ExcelDateTime::new(v, t, false));
    // 1965-08-01 is serial 23955.
    assert_eq!(dt(23955.0, DateTime), "01.08.1965");
    assert_eq!(dt(23955.5, DateTime), "01.08.1965 12:00:00");
    assert_eq!(
        dt(23955.0 + 1.5 / 86_400.0, DateTime),
        "01.08.1965 00:00:01.500"
    );
    assert_eq!(dt(0.75, DateTime), "18:00:00");
    assert_eq!(dt(1.25, TimeDelta), "30:00:00");
    assert_eq!(
        format_datetime(&ExcelDateTime::new(22493.0, DateTime, true)),
        "01.08.1965"
    );
    assert_eq!(format_iso_datetime("1965-08-01"), "01.08.1965");
    assert_eq!(format_iso_datetime("1965-08-01T00:00:00"), "01.08.1965");
    assert_eq!(
        format_iso_datetime("2024-03-01T10:30:15"),
        "01.03.2024 10:30:15"
    );
    assert_eq!(
        format_iso_datetime("2024-03-01T10:30:15.250"),
        "01.03.2024 10:30:15.250"
    );
    assert_eq!(format_iso_datetime("PT10H30M00S"), "PT10H30M00S");
    assert_eq!(
        render(&Data::DurationIso("PT1H".into())),
        Ok(Some("PT1H".into()))
    );
}

#[test]
fn column_letters() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(27), "AB");
    assert_eq!(column_letter(701), "ZZ");
    assert_eq!(column_letter(702), "AAA");
}

#[tokio::test]
async fn text_keeps_leading_zeros_and_numbers_read_in_their_shortest_exact_form() {
    let dir = tempfile::tempdir().unwrap();
    let fill = |ws: &mut Worksheet| {
        ws.write_row(0, 0, ["zip", "sum", "price", "shown_zip"])
            .unwrap();
        ws.write_string(1, 0, "00123").unwrap();
        // What a cell computing =0.1+0.2 holds: the f64 next to 0.3, not 0.3.
        ws.write_number(1, 1, 0.1 + 0.2).unwrap();
        ws.write_number(1, 2, 1234.1).unwrap();
        // A number shown with leading zeros by its format: the file holds 123.
        let zip = Format::new().set_num_format("00000");
        ws.write_number_with_format(1, 3, 123, &zip).unwrap();
    };
    let path = workbook(dir.path(), "zips.xlsx", vec![("Zips", &fill)]);
    let mut source = open(&spec(&path)).await;
    let (_, all, rejects) = read_all(source.as_mut(), "Zips", 10).await;
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(strings(&all, "zip"), vec![s("00123")]);
    assert_eq!(strings(&all, "sum"), vec![s("0.30000000000000004")]);
    assert_eq!(strings(&all, "price"), vec![s("1234.1")]);
    // Number formats are not applied: lpad(shown_zip, 5, '0') restores the zeros.
    assert_eq!(strings(&all, "shown_zip"), vec![s("123")]);
    // Excel writes some typed values with 17 digits ("8.3000000000000007"): the same f64 as
    // 8.3, so they read as typed.
    assert_eq!(format_float("8.3000000000000007".parse().unwrap()), "8.3");
}

/// `tests/fixtures/xlsx/types.ods`: a minimal OpenDocument workbook written with Python's
/// zipfile (no office suite on the build machines): a title sheet, then "Kunden" with a title
/// row above the header, text with leading zeros, dates, a datetime, floats, booleans.
#[tokio::test]
async fn ods_cells_read_like_xlsx_cells_with_sheet_and_header_row_chosen() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/xlsx/types.ods");
    let mut all_sheets = open(&spec(&path)).await;
    assert_eq!(
        all_sheets.table_names().await.unwrap(),
        vec!["Title", "Kunden"]
    );
    let spec = spec(&path).with("sheet", "kunden").with("skip-rows", 1);
    let mut source = open(&spec).await;
    assert_eq!(source.table_names().await.unwrap(), vec!["Kunden"]);
    let (_, all, rejects) = read_all(source.as_mut(), "Kunden", 10).await;
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(
        names(&all),
        vec!["_src_row", "zip", "name", "born", "amount", "count", "active", "updated"]
    );
    assert_eq!(rows(&all), vec![3, 4]);
    assert_eq!(strings(&all, "zip"), vec![s("00123"), s("08001")]);
    assert_eq!(strings(&all, "name"), vec![s("Zoé Müller"), s("Søren")]);
    assert_eq!(strings(&all, "born"), vec![s("01.08.1965"), None]);
    assert_eq!(
        strings(&all, "amount"),
        vec![s("0.30000000000000004"), s("8.3")]
    );
    assert_eq!(strings(&all, "count"), vec![s("42"), s("12")]);
    assert_eq!(strings(&all, "active"), vec![s("TRUE"), s("FALSE")]);
    assert_eq!(
        strings(&all, "updated"),
        vec![s("01.03.2024 10:30:15"), s("31.12.2000")]
    );
}
