//! Tests on the real fixture files. Expected row counts come from the mdbtools CLI
//! (`mdb-count FILE TABLE`, mdbtools 1.0), run once by hand; expected values from
//! `mdb-export FILE TABLE`, except dates before 1900, which mdb-export mangles: those are
//! computed from the OLE day numbers jetdb reports (day 0 = 1899-12-30), checked with
//! Python's `date(1899, 12, 30) + timedelta(days)`.

use super::*;
use crate::decode::{decode, mask_says_stored, ole_date_time, widen, Cell, Decode};
use futures::StreamExt;
use jetdb::Value;
use polars::prelude::{AnyValue, DataFrame, DataType};
use stx_connector_core::{Batch, ReadReject, ReadWarning, Registry, SOURCE_ROW_COLUMN};

/// `url` resolved against `base` by a registry holding this connector.
fn resolved(url: &str, base: &Path) -> SourceSpec {
    let mut registry = Registry::new();
    registry.register(Box::new(AccessFactory));
    registry.resolve(&SourceSpec::from_url(url), base)
}

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

fn nwind() -> PathBuf {
    fixture("examples/northwind/nwind.mdb")
}

fn date_test() -> PathBuf {
    fixture("tests/fixtures/access/DateTestDatabase.mdb")
}

fn sample_accdb() -> PathBuf {
    fixture("tests/fixtures/access/ASampleDatabase.accdb")
}

fn open(path: &Path) -> AccessSource {
    AccessSource::open(path, None).unwrap()
}

async fn open_url(url: &str) -> Result<Box<dyn Source>, SourceError> {
    AccessFactory.open(&SourceSpec::from_url(url)).await
}

fn err_of<T>(result: Result<T, SourceError>) -> SourceError {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

async fn batches(
    source: &mut dyn Source,
    table: &str,
    options: &ReadOptions,
) -> Result<Vec<Batch>, SourceError> {
    let mut stream = source
        .read(&ReadRequest::Table(table.into()), options)
        .await?;
    let mut out = Vec::new();
    while let Some(batch) = stream.next().await {
        out.push(batch?);
    }
    Ok(out)
}

/// Every batch of a table: the frames stacked, the rejects and the warnings.
async fn read_all(
    source: &mut dyn Source,
    table: &str,
    batch_rows: usize,
) -> (DataFrame, Vec<ReadReject>, Vec<ReadWarning>, usize) {
    let all = batches(source, table, &ReadOptions::batch(batch_rows))
        .await
        .unwrap();
    let count = all.len();
    let mut frame: Option<DataFrame> = None;
    let (mut rejects, mut warnings) = (Vec::new(), Vec::new());
    for b in all {
        assert!(b.rows_read() <= batch_rows, "batch larger than asked");
        rejects.extend(b.rejects);
        warnings.extend(b.warnings);
        match &mut frame {
            None => frame = Some(b.data),
            Some(f) => {
                f.vstack_mut_owned(b.data).unwrap();
            }
        }
    }
    (frame.expect("at least one batch"), rejects, warnings, count)
}

fn text(frame: &DataFrame, column: &str, row: usize) -> Option<String> {
    match frame.column(column).unwrap().get(row).unwrap() {
        AnyValue::Null => None,
        AnyValue::String(s) => Some(s.to_string()),
        AnyValue::StringOwned(s) => Some(s.to_string()),
        other => panic!("{column} row {row} is not text: {other:?}"),
    }
}

fn int(frame: &DataFrame, column: &str, row: usize) -> Option<i64> {
    match frame.column(column).unwrap().get(row).unwrap() {
        AnyValue::Null => None,
        AnyValue::Int64(n) => Some(n),
        other => panic!("{column} row {row} is not Int64: {other:?}"),
    }
}

fn float(frame: &DataFrame, column: &str, row: usize) -> Option<f64> {
    match frame.column(column).unwrap().get(row).unwrap() {
        AnyValue::Null => None,
        AnyValue::Float64(f) => Some(f),
        other => panic!("{column} row {row} is not Float64: {other:?}"),
    }
}

fn src_rows(frame: &DataFrame) -> Vec<u64> {
    frame
        .column(SOURCE_ROW_COLUMN)
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

/// The index of the row whose `column` is `value`.
fn row_where(frame: &DataFrame, column: &str, value: &str) -> usize {
    (0..frame.height())
        .find(|&i| text(frame, column, i).as_deref() == Some(value))
        .unwrap_or_else(|| panic!("no row with {column} = {value}"))
}

#[tokio::test]
async fn access_lists_user_tables_with_exact_counts() {
    let mut source = open(&nwind());
    let mut tables = source.list_tables().await.unwrap();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let got: Vec<(&str, &str, Option<u64>)> = tables
        .iter()
        .map(|t| (t.name.as_str(), t.kind.as_str(), t.rows))
        .collect();
    // mdb-count examples/northwind/nwind.mdb TABLE, for each table mdb-tables lists.
    assert_eq!(
        got,
        vec![
            ("Categories", "table", Some(8)),
            ("Customers", "table", Some(91)),
            ("Employees", "table", Some(9)),
            ("Order Details", "table", Some(2155)),
            ("Orders", "table", Some(830)),
            ("Products", "table", Some(77)),
            ("Shippers", "table", Some(3)),
            ("Suppliers", "table", Some(29)),
            ("Umsätze", "table", Some(830)),
        ]
    );
    // Saved queries ("Invoices") and system tables are not offered; names come without a pass.
    let names = source.table_names().await.unwrap();
    assert_eq!(names.len(), 9);
    assert!(!names
        .iter()
        .any(|n| n == "Invoices" || n.starts_with("MSys")));

    // DateTestDatabase.mdb also holds a hidden system table (f_…_Data): not offered.
    let mut dates = open(&date_test());
    let tables = dates.list_tables().await.unwrap();
    assert_eq!(tables.len(), 1);
    assert_eq!(
        (tables[0].name.as_str(), tables[0].rows),
        ("DateTest", Some(6))
    );
    // ASampleDatabase.accdb: one table; its saved queries are not offered.
    let mut sample = open(&sample_accdb());
    let tables = sample.list_tables().await.unwrap();
    assert_eq!(tables.len(), 1);
    assert_eq!(
        (tables[0].name.as_str(), tables[0].rows),
        ("Asset Items", Some(65))
    );
}

#[tokio::test]
async fn access_reads_customers_with_accents() {
    let mut source = open(&nwind());
    let (frame, rejects, warnings, _) = read_all(&mut source, "Customers", 50_000).await;
    assert!(rejects.is_empty() && warnings.is_empty());
    assert_eq!(frame.height(), 91);
    assert_eq!(src_rows(&frame), (1..=91).collect::<Vec<u64>>());
    let names: Vec<&str> = frame
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(names[0], SOURCE_ROW_COLUMN);
    assert_eq!(names[1], "CustomerID");
    assert_eq!(names.len(), 12, "_src_row and 11 columns");
    // Table order is mdb-export's: ALFKI first.
    assert_eq!(text(&frame, "CustomerID", 0).as_deref(), Some("ALFKI"));
    assert_eq!(
        text(&frame, "CompanyName", 0).as_deref(),
        Some("Alfreds Futterkiste")
    );
    assert_eq!(
        text(&frame, "ContactName", 0).as_deref(),
        Some("Maria Anders")
    );
    assert_eq!(text(&frame, "City", 0).as_deref(), Some("Berlin"));
    assert_eq!(text(&frame, "Region", 0), None, "NULL stays null");
    // Jet3 text in code page 1252, decoded to UTF-8.
    let blonp = row_where(&frame, "CustomerID", "BLONP");
    assert_eq!(
        text(&frame, "CompanyName", blonp).as_deref(),
        Some("Blondel père et fils")
    );
    assert_eq!(
        text(&frame, "ContactName", blonp).as_deref(),
        Some("Frédérique Citeaux")
    );
    assert_eq!(
        text(&frame, "Address", blonp).as_deref(),
        Some("24, place Kléber")
    );
    let frank = row_where(&frame, "CustomerID", "FRANK");
    assert_eq!(text(&frame, "City", frank).as_deref(), Some("München"));
    let bergs = row_where(&frame, "CustomerID", "BERGS");
    assert_eq!(text(&frame, "City", bergs).as_deref(), Some("Luleå"));
}

#[tokio::test]
async fn access_describes_jet_types() {
    let mut source = open(&nwind());
    let columns = source
        .describe(&ReadRequest::Table("Employees".into()))
        .await
        .unwrap();
    let got: Vec<(&str, &str, DataType)> = columns
        .iter()
        .map(|c| (c.name.as_str(), c.native_type.as_str(), c.dtype.clone()))
        .collect();
    // mdb-schema shows the same types; Photo (OLE) is left out.
    assert_eq!(
        got,
        vec![
            ("EmployeeID", "Long Integer", DataType::Int64),
            ("LastName", "Text(20)", DataType::String),
            ("FirstName", "Text(10)", DataType::String),
            ("Title", "Text(30)", DataType::String),
            ("TitleOfCourtesy", "Text(25)", DataType::String),
            ("BirthDate", "Date/Time", DataType::String),
            ("HireDate", "Date/Time", DataType::String),
            ("Address", "Text(60)", DataType::String),
            ("City", "Text(15)", DataType::String),
            ("Region", "Text(15)", DataType::String),
            ("PostalCode", "Text(10)", DataType::String),
            ("Country", "Text(15)", DataType::String),
            ("HomePhone", "Text(24)", DataType::String),
            ("Extension", "Text(4)", DataType::String),
            ("Notes", "Memo", DataType::String),
            ("ReportsTo", "Long Integer", DataType::Int64),
        ]
    );
    let products = source
        .describe(&ReadRequest::Table("Products".into()))
        .await
        .unwrap();
    let find = |name: &str| products.iter().find(|c| c.name == name).unwrap();
    assert_eq!(find("UnitPrice").native_type, "Currency");
    assert_eq!(find("UnitPrice").dtype, DataType::String);
    assert_eq!(find("UnitsInStock").native_type, "Integer");
    assert_eq!(find("UnitsInStock").dtype, DataType::Int64);
    assert_eq!(find("Discontinued").native_type, "Yes/No");
    assert_eq!(find("Discontinued").dtype, DataType::Boolean);
    let details = source
        .describe(&ReadRequest::Table("Order Details".into()))
        .await
        .unwrap();
    let discount = details.iter().find(|c| c.name == "Discount").unwrap();
    assert_eq!(
        (discount.native_type.as_str(), &discount.dtype),
        ("Single", &DataType::Float64)
    );
    // Categories.Picture is an OLE Object too: not described.
    let categories = source
        .describe(&ReadRequest::Table("Categories".into()))
        .await
        .unwrap();
    let names: Vec<&str> = categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["CategoryID", "CategoryName", "Description"]);
}

#[tokio::test]
async fn access_reads_employees_dates_and_skips_the_photo_once() {
    let mut source = open(&nwind());
    for batch_rows in [1, 2, 8, 9, 10] {
        let (frame, rejects, warnings, _) = read_all(&mut source, "Employees", batch_rows).await;
        assert!(rejects.is_empty());
        assert_eq!(frame.height(), 9);
        assert!(frame.column("Photo").is_err(), "the OLE column is not read");
        assert_eq!(warnings.len(), 1, "one warning per skipped column");
        let w = &warnings[0];
        assert_eq!(w.src_row, 1);
        assert_eq!(w.column, "Photo");
        assert_eq!(w.value, "(OLE Object)");
        assert_eq!(
            w.message,
            "column skipped: Photo is binary/attachment data, not read"
        );
        // mdb-export: Davolio 12/08/48, hired 05/01/92; Fuller 02/19/52 (OLE days 17875,
        // 33725, 19043).
        let nancy = row_where(&frame, "LastName", "Davolio");
        assert_eq!(
            text(&frame, "BirthDate", nancy).as_deref(),
            Some("1948-12-08 00:00:00")
        );
        assert_eq!(
            text(&frame, "HireDate", nancy).as_deref(),
            Some("1992-05-01 00:00:00")
        );
        assert!(text(&frame, "Notes", nancy)
            .unwrap()
            .contains("member of Toastmasters International"));
        assert_eq!(
            text(&frame, "Address", nancy).as_deref(),
            Some("507 - 20th Ave. E.\r\nApt. 2A")
        );
        assert_eq!(int(&frame, "EmployeeID", nancy), Some(1));
        assert_eq!(int(&frame, "ReportsTo", nancy), Some(2));
        let andrew = row_where(&frame, "LastName", "Fuller");
        assert_eq!(
            text(&frame, "BirthDate", andrew).as_deref(),
            Some("1952-02-19 00:00:00")
        );
        assert_eq!(int(&frame, "ReportsTo", andrew), None);
    }
}

#[tokio::test]
async fn access_reads_currency_exactly_and_singles_without_noise() {
    let mut source = open(&nwind());
    let (products, rejects, _, _) = read_all(&mut source, "Products", 1000).await;
    assert!(rejects.is_empty());
    let chai = row_where(&products, "ProductName", "Chai");
    // mdb-export: 1,"Chai",1,1,"10 boxes x 20 bags",18.0000,39,0,10,0
    assert_eq!(
        text(&products, "UnitPrice", chai).as_deref(),
        Some("18.0000")
    );
    assert_eq!(int(&products, "UnitsInStock", chai), Some(39));
    assert_eq!(
        products.column("Discontinued").unwrap().get(chai).unwrap(),
        AnyValue::Boolean(false)
    );

    let (orders, _, _, _) = read_all(&mut source, "Orders", 100).await;
    assert_eq!(orders.height(), 830);
    let (i, _) = (0..orders.height())
        .map(|i| (i, int(&orders, "OrderID", i)))
        .find(|(_, id)| *id == Some(10248))
        .unwrap();
    // mdb-export: 10248,"VINET",5,"08/04/94 00:00:00",…,32.3800,…,"Reims"
    assert_eq!(text(&orders, "Freight", i).as_deref(), Some("32.3800"));
    assert_eq!(
        text(&orders, "OrderDate", i).as_deref(),
        Some("1994-08-04 00:00:00")
    );
    assert_eq!(text(&orders, "ShipCity", i).as_deref(), Some("Reims"));

    let (details, _, _, _) = read_all(&mut source, "Order Details", 50_000).await;
    assert_eq!(details.height(), 2155);
    // mdb-export prints 10250,51,42.4000,35,0.15000001: the Single 0.15 with float noise.
    let row = (0..details.height())
        .find(|&i| {
            int(&details, "OrderID", i) == Some(10250) && int(&details, "ProductID", i) == Some(51)
        })
        .unwrap();
    assert_eq!(float(&details, "Discount", row), Some(0.15));
    assert_eq!(text(&details, "UnitPrice", row).as_deref(), Some("42.4000"));
    assert_eq!(int(&details, "Quantity", row), Some(35));
}

#[tokio::test]
async fn access_reads_a_table_with_a_non_ascii_name() {
    let mut source = open(&nwind());
    let (frame, rejects, _, _) = read_all(&mut source, "Umsätze", 500).await;
    assert!(rejects.is_empty());
    assert_eq!(frame.height(), 830);
    // Access names are case-insensitive.
    let (lower, _, _, _) = read_all(&mut source, "umsätze", 500).await;
    assert!(lower.equals_missing(&frame));
}

#[tokio::test]
async fn access_reads_dates_before_1900_and_up_to_9999() {
    let mut source = open(&date_test());
    let (frame, rejects, warnings, _) = read_all(&mut source, "DateTest", 100).await;
    assert!(rejects.is_empty() && warnings.is_empty());
    assert_eq!(frame.height(), 6);
    let row = |id: i64| {
        (0..frame.height())
            .find(|&i| int(&frame, "IDCol", i) == Some(id))
            .unwrap()
    };
    let dates = |id: i64| {
        let i = row(id);
        ["DateTimeCol", "DateCol", "TimeCol"].map(|c| text(&frame, c, i).unwrap())
    };
    // OLE days 44532 (mdb-export agrees: 12/02/21).
    assert_eq!(dates(1), ["2021-12-02 00:00:00"; 3]);
    // OLE day 2958101 = 364 days before 9999-12-31 (day 2958465).
    assert_eq!(dates(2), ["9999-01-01 00:00:00"; 3]);
    // OLE days -728, -363 and 2: 1899-12-30 minus 728 days (1898 and 1899 are not leap
    // years: -365 is 1898-12-30, -730 is 1897-12-30); mdb-export prints 01/00/00.
    assert_eq!(
        dates(3),
        [
            "1898-01-01 00:00:00",
            "1899-01-01 00:00:00",
            "1900-01-01 00:00:00"
        ]
    );
    // OLE days -463126, -462760, -462395 (Python: date(1899,12,30) + timedelta(days)).
    assert_eq!(
        dates(4),
        [
            "0632-01-01 00:00:00",
            "0633-01-01 00:00:00",
            "0634-01-01 00:00:00"
        ]
    );
    assert_eq!(
        text(&frame, "LongTextCol", row(6)).as_deref(),
        Some("New line\r\nin field")
    );
    assert_eq!(
        text(&frame, "ShortTextCol", row(5)).as_deref(),
        Some("Escaped new line \\r\\n in field")
    );
}

#[tokio::test]
async fn access_reads_an_accdb_file() {
    let mut source = open(&sample_accdb());
    let columns = source
        .describe(&ReadRequest::Table("Asset Items".into()))
        .await
        .unwrap();
    let native: Vec<&str> = columns.iter().map(|c| c.native_type.as_str()).collect();
    // Text sizes in characters (ACE stores two bytes a character).
    assert_eq!(
        native,
        vec![
            "Text(5)",
            "Text(20)",
            "Text(25)",
            "Text(25)",
            "Text(40)",
            "Text(20)",
            "Text(15)",
            "Date/Time",
            "Currency",
            "Long Integer",
            "Text(1)",
            "Text(5)",
            "Memo"
        ]
    );
    let (frame, rejects, warnings, _) = read_all(&mut source, "Asset Items", 64).await;
    assert!(rejects.is_empty() && warnings.is_empty());
    assert_eq!(frame.height(), 65);
    // mdb-export: "30050","Computer Hardware","GEO Rocket","220ZX","Computer","Sales",
    // "344-667","09/02/97 00:00:00",1995.5000,12,"A","44577",
    assert_eq!(text(&frame, "Asset No", 0).as_deref(), Some("30050"));
    assert_eq!(text(&frame, "Make", 0).as_deref(), Some("GEO Rocket"));
    assert_eq!(
        text(&frame, "Acquired", 0).as_deref(),
        Some("1997-09-02 00:00:00")
    );
    assert_eq!(text(&frame, "Cost", 0).as_deref(), Some("1995.5000"));
    assert_eq!(int(&frame, "Warranty", 0), Some(12));
    assert_eq!(text(&frame, "Comments", 0), None);
    assert_eq!(text(&frame, "Cost", 1).as_deref(), Some("2450.0000"));
}

#[tokio::test]
async fn access_batch_boundaries_give_the_same_frame() {
    let mut source = open(&nwind());
    let (whole, _, _, count) = read_all(&mut source, "Customers", 91).await;
    assert_eq!(count, 1);
    for (batch_rows, batches) in [(1, 91), (90, 2), (92, 1), (30, 4)] {
        let (frame, rejects, _, count) = read_all(&mut source, "Customers", batch_rows).await;
        assert!(rejects.is_empty());
        assert_eq!(count, batches, "batches of {batch_rows}");
        assert!(frame.equals_missing(&whole), "batches of {batch_rows}");
    }
}

#[tokio::test]
async fn access_unknown_table_lists_the_tables() {
    let mut source = open(&nwind());
    let err = err_of(batches(&mut source, "Kunden", &ReadOptions::batch(10)).await);
    assert!(matches!(err, SourceError::UnknownTable { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("'Kunden'") && text.contains("Customers") && text.contains("Umsätze"),
        "{text}"
    );
    assert!(
        !text.contains("MSys") && !text.contains("Invoices"),
        "{text}"
    );
    let err = err_of(source.describe(&ReadRequest::Table("Kunden".into())).await);
    assert!(matches!(err, SourceError::UnknownTable { .. }), "{err}");
}

#[tokio::test]
async fn access_open_errors_have_hints() {
    let missing = fixture("tests/fixtures/access/nope.mdb");
    let err = err_of(open_url(&format!("access://{}", missing.display())).await);
    assert!(matches!(err, SourceError::Open { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("nope.mdb") && text.contains("no such file") && text.contains("Hint"),
        "{text}"
    );
    // The fallback reports a missing file the same way.
    let err = err_of(open_url(&format!("access://{}?driver=mdbtools", missing.display())).await);
    assert!(err.to_string().contains("no such file"), "{err}");

    // A file that is not an Access database.
    let not_access = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let err = err_of(AccessSource::open(&not_access, None));
    assert!(matches!(err, SourceError::Open { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("not a Microsoft Access database") && text.contains("Hint"),
        "{text}"
    );
}

#[tokio::test]
async fn access_url_forms_and_parameters() {
    let path = nwind();
    let abs = std::fs::canonicalize(&path).unwrap();
    for url in [
        format!("access://{}", abs.display()),
        format!("access:{}", abs.display()),
        format!("access://{}?driver=native", abs.display()),
        abs.display().to_string(),
    ] {
        let spec = resolved(&url, Path::new("/"));
        let mut source = AccessFactory.open(&spec).await.unwrap();
        let description = source.description();
        assert_eq!(description.connector, "access");
        assert!(!description.has_sql_engine);
        assert_eq!(description.location, abs.display().to_string());
        assert_eq!(source.table_names().await.unwrap().len(), 9, "{url}");
    }
    // A relative URL resolved against the migration's folder.
    let spec = resolved("access:northwind/nwind.mdb", &fixture("examples"));
    assert!(AccessFactory.open(&spec).await.is_ok());

    let err = err_of(open_url(&format!("access://{}?mode=ro", abs.display())).await);
    let text = err.to_string();
    assert!(matches!(err, SourceError::Config { .. }), "{text}");
    assert!(
        text.contains("'mode'") && text.contains("driver=native|mdbtools"),
        "{text}"
    );
    let err = err_of(open_url(&format!("access://{}?driver=odbc", abs.display())).await);
    assert!(err.to_string().contains("driver=odbc"), "{err}");
    // Options of other connectors are refused.
    let spec = SourceSpec::from_url(&format!("access://{}", abs.display())).with("delimiter", ";");
    assert!(err_of(AccessFactory.open(&spec).await)
        .to_string()
        .contains("delimiter"));
}

#[tokio::test]
async fn access_password_env() {
    let path = nwind();
    let spec = SourceSpec::from_url(&format!("access://{}", path.display()))
        .with("password-env", "STX_ACCESS_TEST_NO_SUCH_VARIABLE");
    let err = err_of(AccessFactory.open(&spec).await);
    assert!(
        err.to_string().contains("STX_ACCESS_TEST_NO_SUCH_VARIABLE"),
        "{err}"
    );
    // An unencrypted file opens with a password too (jetdb ignores it).
    std::env::set_var("STX_ACCESS_TEST_PASSWORD", "s3cret-value");
    let spec = SourceSpec::from_url(&format!("access://{}", path.display()))
        .with("password-env", "STX_ACCESS_TEST_PASSWORD");
    let mut source = AccessFactory.open(&spec).await.unwrap();
    assert_eq!(source.table_names().await.unwrap().len(), 9);
    // The fallback cannot decrypt: refused rather than ignored.
    let spec = SourceSpec {
        url: Some(format!("access://{}?driver=mdbtools", path.display())),
        ..spec
    };
    let err = err_of(AccessFactory.open(&spec).await);
    assert!(!err.to_string().contains("s3cret-value"));
    assert!(err.to_string().contains("mdbtools"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn access_queries_run_on_polars_sql() {
    let mut source = open(&nwind());
    let query = ReadRequest::Query("SELECT * FROM Customers".into());
    for err in [
        err_of(source.describe(&query).await),
        err_of(
            source
                .read(&query, &ReadOptions::batch(10))
                .await
                .map(|_| ()),
        ),
    ] {
        assert!(matches!(err, SourceError::Query { .. }), "{err}");
        assert!(err.to_string().contains("polars SQL"), "{err}");
    }
    // And they do, over the tables.
    let stx_connector_core::QueryResult {
        data: frame,
        rejects,
        ..
    } = stx_connector_core::read_with_polars_sql(
        &mut source,
        "SELECT c.CompanyName, count(*) AS n FROM Orders o JOIN Customers c ON o.CustomerID = c.CustomerID WHERE c.CustomerID = 'ALFKI' GROUP BY c.CompanyName",
        10_000,
        None,
    )
    .await
    .unwrap();
    assert!(rejects.is_empty());
    assert_eq!(frame.height(), 1);
    assert_eq!(
        text(&frame, "CompanyName", 0).as_deref(),
        Some("Alfreds Futterkiste")
    );
}

#[tokio::test]
async fn access_key_must_be_a_column_and_keeps_table_order() {
    let mut source = open(&nwind());
    let (whole, _, _, _) = read_all(&mut source, "Customers", 40).await;
    for key in ["CustomerID", "customerid"] {
        let options = ReadOptions {
            batch_rows: 40,
            key: Some(key.into()),
            readers: 4,
        };
        let all = batches(&mut source, "Customers", &options).await.unwrap();
        let mut frame = all[0].data.clone();
        for b in &all[1..] {
            frame.vstack_mut(&b.data).unwrap();
        }
        assert!(frame.equals_missing(&whole), "key {key}: table order");
    }
    for (table, key) in [("Customers", "Nope"), ("Employees", "Photo")] {
        let options = ReadOptions {
            batch_rows: 10,
            key: Some(key.into()),
            readers: 1,
        };
        let err = err_of(batches(&mut source, table, &options).await);
        let text = err.to_string();
        assert!(matches!(err, SourceError::Config { .. }), "{text}");
        assert!(text.contains(&format!("key = \"{key}\"")), "{text}");
        assert!(
            text.contains("LastName") || text.contains("CompanyName"),
            "{text}"
        );
    }
}

/// Copies DateTestDatabase.mdb and damages it: row 1's short text gets an unpaired UTF-16
/// surrogate, row 2's DateTimeCol a day number no date has, and row 6's entry in the page's
/// row table makes it one byte long. Pages may be RC4-obfuscated (Jet4), so bytes are changed
/// by XOR-ing the plaintext difference into the file, which works either way.
fn damaged_copy(dir: &Path) -> PathBuf {
    let source = date_test();
    let copy = dir.join("damaged.mdb");
    std::fs::copy(&source, &copy).unwrap();
    let mut reader = PageReader::open(&source).unwrap();
    let catalog = read_catalog(&mut reader).unwrap();
    let entry = jetdb::find_table(&catalog, "DateTest").unwrap();
    let table = read_table_def(&mut reader, &entry.name, entry.table_page).unwrap();
    let format = reader.format();
    let page = table.data_pages[0];
    let plain = reader.read_page_copy(page).unwrap();
    let mut damaged = plain.clone();

    // Row index 0: compressed "Hello" is FF FE 48 65 6C 6C 6F; in 48 00 01 D8 6F the 00
    // switches to uncompressed UTF-16, 01 D8 is U+D801 alone (invalid) and 6F is left over.
    let (start, size) = jetdb::find_row(format, &plain, page, 0).unwrap();
    let hello = [0xFF, 0xFE, b'H', b'e', b'l', b'l', b'o'];
    let at = (start..start + size - hello.len())
        .rev()
        .find(|&i| plain[i..i + hello.len()] == hello)
        .expect("compressed text 'Hello' in row 1");
    damaged[at + 3..at + 6].copy_from_slice(&[0x00, 0x01, 0xD8]);

    // Row index 1: DateTimeCol = 1e300.
    let (start, _) = jetdb::find_row(format, &plain, page, 1).unwrap();
    let col = table
        .columns
        .iter()
        .find(|c| c.name == "DateTimeCol")
        .unwrap();
    let at = start + 2 + col.fixed_offset as usize;
    damaged[at..at + 8].copy_from_slice(&1e300f64.to_le_bytes());

    // Row index 5: starts one byte before row 4 does, so it is one byte long.
    let entry_at = |row: usize| format.data_row_count_pos + 2 + row * 2;
    let offset4 = u16::from_le_bytes([plain[entry_at(4)], plain[entry_at(4) + 1]])
        & jetdb::format::row::OFFSET_MASK;
    let e5 = entry_at(5);
    damaged[e5..e5 + 2].copy_from_slice(&(offset4 - 1).to_le_bytes());

    let mut file = std::fs::read(&copy).unwrap();
    let base = page as usize * format.page_size;
    for (i, (a, b)) in plain.iter().zip(&damaged).enumerate() {
        file[base + i] ^= a ^ b;
    }
    std::fs::write(&copy, file).unwrap();
    copy
}

#[tokio::test]
async fn access_damaged_values_and_rows_become_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_copy(dir.path());
    let mut source = open(&path);
    let tables = source.list_tables().await.unwrap();
    assert_eq!(tables[0].rows, Some(6), "the damaged row still counts");
    for batch_rows in [1, 2, 100] {
        let (frame, rejects, _, _) = read_all(&mut source, "DateTest", batch_rows).await;
        assert_eq!(src_rows(&frame), vec![3, 4, 5], "batches of {batch_rows}");
        let got: Vec<(u64, Option<&str>)> = rejects
            .iter()
            .map(|r| (r.src_row, r.column.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, Some("ShortTextCol")),
                (2, Some("DateTimeCol")),
                (6, None)
            ],
            "{rejects:#?}"
        );
        assert!(
            rejects[0].message.contains("cannot decode"),
            "{}",
            rejects[0].message
        );
        assert_eq!(rejects[0].value, None);
        // The values that could be read travel with the reject.
        assert!(rejects[0]
            .values
            .contains(&("IDCol".to_string(), "1".to_string())));
        assert_eq!(
            rejects[1].value.as_deref(),
            Some("1e300"),
            "{:?}",
            rejects[1]
        );
        assert!(rejects[1].message.contains("not a date Access can hold"));
        assert!(
            rejects[2].message.contains("cannot be read"),
            "{}",
            rejects[2].message
        );
        assert!(rejects
            .iter()
            .all(|r| r.message.contains("driver=mdbtools")));
    }
}

#[test]
fn access_ole_dates() {
    let d = |t: f64| ole_date_time(t);
    assert_eq!(d(0.0).as_deref(), Some("1899-12-30 00:00:00"));
    assert_eq!(d(1.5).as_deref(), Some("1899-12-31 12:00:00"));
    assert_eq!(d(2.0).as_deref(), Some("1900-01-01 00:00:00"));
    // Before the epoch the fraction is the time of day, counted forward.
    assert_eq!(d(-1.25).as_deref(), Some("1899-12-29 06:00:00"));
    assert_eq!(d(-0.5).as_deref(), Some("1899-12-30 12:00:00"));
    // 1900 is not a leap year; 2000 is.
    assert_eq!(d(60.0).as_deref(), Some("1900-02-28 00:00:00"));
    assert_eq!(d(61.0).as_deref(), Some("1900-03-01 00:00:00"));
    assert_eq!(d(36_585.0).as_deref(), Some("2000-02-29 00:00:00"));
    // 13:30:15 is 48615 s; the double is not exact, rounding to the second makes it so.
    assert_eq!(
        d(44_532.0 + 48_615.0 / 86_400.0).as_deref(),
        Some("2021-12-02 13:30:15")
    );
    // Half a second before midnight rounds up to the next day.
    assert_eq!(
        d(44_532.0 + 86_399.6 / 86_400.0).as_deref(),
        Some("2021-12-03 00:00:00")
    );
    assert_eq!(
        d(-1.0 - 86_399.6 / 86_400.0).as_deref(),
        Some("1899-12-30 00:00:00")
    );
    // The first and last days Access holds, and beyond.
    assert_eq!(d(-657_434.0).as_deref(), Some("0100-01-01 00:00:00"));
    assert_eq!(d(2_958_465.5).as_deref(), Some("9999-12-31 12:00:00"));
    assert_eq!(d(-657_435.0), None);
    assert_eq!(d(2_958_466.0), None);
    assert_eq!(d(f64::NAN), None);
    assert_eq!(d(f64::INFINITY), None);
}

#[test]
fn access_value_decoding() {
    assert_eq!(widen(1.1f32), 1.1);
    assert_eq!(widen(0.15f32), 0.15);
    assert_eq!(widen(-3.4e38f32), -3.4e38);
    assert_eq!(
        decode(Decode::Float, Value::Float(1.1)),
        Ok(Cell::Float(1.1))
    );
    assert_eq!(decode(Decode::Int, Value::Byte(255)), Ok(Cell::Int(255)));
    assert_eq!(decode(Decode::Int, Value::Int(-2)), Ok(Cell::Int(-2)));
    assert_eq!(
        decode(Decode::Int, Value::BigInt(i64::MIN)),
        Ok(Cell::Int(i64::MIN))
    );
    assert_eq!(
        decode(Decode::Currency, Value::Money("-0.0100".into())),
        Ok(Cell::Text("-0.0100".into()))
    );
    assert_eq!(
        decode(
            Decode::DateTimeExtended,
            Value::DateTimeExtended("2021-06-14".into())
        ),
        Ok(Cell::Text("2021-06-14 00:00:00".into()))
    );
    assert_eq!(
        decode(
            Decode::Guid,
            Value::Guid("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}".into())
        ),
        Ok(Cell::Text("{6BA7B810-9DAD-11D1-80B4-00C04FD430C8}".into()))
    );
    assert_eq!(decode(Decode::Text, Value::Null), Ok(Cell::Null));
    // A value of the wrong kind is a problem, not a panic or a silent null.
    let problem = decode(Decode::DateTimeExtended, Value::Binary(vec![1, 2, 3])).unwrap_err();
    assert_eq!(problem.value.as_deref(), Some("(3 bytes of binary data)"));
    assert!(problem.message.contains("binary data"));
}

#[test]
fn access_null_mask() {
    // Jet4 row: column count 3 (u16), data, mask 0b101: columns 0 and 2 hold values.
    let row = [3, 0, 9, 9, 9, 0b101];
    assert!(mask_says_stored(&row, false, 0));
    assert!(!mask_says_stored(&row, false, 1));
    assert!(mask_says_stored(&row, false, 2));
    assert!(!mask_says_stored(&row, false, 9), "beyond the mask: null");
    // Jet3: one byte of column count.
    let row = [2, 7, 7, 0b10];
    assert!(mask_says_stored(&row, true, 1));
    assert!(!mask_says_stored(&row, true, 0));
    assert!(!mask_says_stored(&[], true, 0));
}
