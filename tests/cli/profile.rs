//! `stx-migrate profile` through the binary: the demo database and the Northwind Access file
//! profiled (keys, foreign keys, patterns, date formats, phone countries), samples masked in
//! profile.html, a sample said so, a table that is not there named.

use std::path::Path;

use super::{csv_rows, expect, run_in};

fn profile(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json", "profile"];
    all.extend_from_slice(args);
    let (stdout, _) = expect(&run_in(dir, &all), 0);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn table<'a>(p: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    p["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

fn column<'a>(t: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    t["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn first_pattern(c: &serde_json::Value) -> (&str, f64) {
    let p = &c["patterns"][0];
    (
        p["name"].as_str().unwrap_or(""),
        p["share"].as_f64().unwrap_or(0.0),
    )
}

#[test]
fn the_demo_database_is_profiled_with_keys_patterns_and_masked_samples() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    super::demo_300(d, "demo/run");
    let p = profile(d, &["demo/legacy.db", "-o", "prof"]);
    let customer = table(&p, "customer");
    assert_eq!(
        (customer["rows"].as_u64(), customer["profiled"].as_u64()),
        (Some(300), Some(300))
    );
    assert_eq!(customer["sampled"], false);
    assert_eq!(column(customer, "cust_id")["likely_key"], true);
    let (kind, share) = first_pattern(column(customer, "email"));
    assert!(kind == "email" && share > 0.9, "{kind} {share}");
    let phone = column(customer, "phone");
    assert_eq!(first_pattern(phone).0, "phone");
    assert!(
        phone["phone_countries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "CH"),
        "{phone}"
    );
    let birth = column(customer, "birth_date");
    let formats: Vec<&str> = birth["date_formats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        formats.contains(&"yyyy-mm-dd") && formats.contains(&"dd.mm.yyyy"),
        "{formats:?}"
    );
    let lang = column(customer, "lang");
    assert_eq!(first_pattern(lang).0, "language", "{lang}");
    let address = table(&p, "address");
    let fks = address["foreign_keys"].as_array().unwrap();
    assert!(
        fks.iter().any(|f| f["column"] == "cust_id"
            && f["table"] == "customer"
            && f["key"] == "cust_id"
            && f["catalog"] == true
            && f["by_name"] == true),
        "{fks:?}"
    );
    // Declared in the catalog: what the values alone suggest for the same column is left out.
    let person = table(&p, "contact_person");
    let fks = person["foreign_keys"].as_array().unwrap();
    assert_eq!(fks.len(), 1, "{fks:?}");
    assert_eq!(
        (
            fks[0]["column"].as_str(),
            fks[0]["table"].as_str(),
            fks[0]["catalog"].as_bool()
        ),
        (Some("company_id"), Some("customer"), Some(true))
    );
    // The page holds no e-mail address of the database as it is.
    let html = std::fs::read_to_string(d.join("prof/profile.html")).unwrap();
    let contacts = csv_rows(&std::fs::read(d.join("demo/run/contacts.csv")).unwrap());
    let header = &contacts[3];
    let email = header.iter().position(|h| h == "EMAIL1").unwrap();
    let addresses: Vec<&String> = contacts[4..]
        .iter()
        .map(|r| &r[email])
        .filter(|e| e.contains('@'))
        .collect();
    assert!(addresses.len() > 100);
    for a in addresses {
        assert!(!html.contains(a.as_str()), "{a} in profile.html");
    }
    assert!(d.join("prof/profile.json").exists());
    // A sample says so.
    let p = profile(
        d,
        &[
            "demo/legacy.db",
            "--table",
            "customer",
            "--sample",
            "50",
            "-o",
            "prof2",
        ],
    );
    let customer = table(&p, "customer");
    assert_eq!(
        (customer["profiled"].as_u64(), customer["sampled"].as_bool()),
        (Some(50), Some(true))
    );
    assert_eq!(p["tables"].as_array().unwrap().len(), 1);
    let (_, stderr) = expect(
        &run_in(d, &["profile", "demo/legacy.db", "--table", "nope"]),
        3,
    );
    assert!(stderr.contains("no table named 'nope'"), "{stderr}");
}

#[test]
fn the_northwind_access_file_is_profiled_with_its_foreign_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mdb = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind/nwind.mdb");
    let p = profile(d, &[mdb.to_str().unwrap(), "-o", "prof", "-q"]);
    let orders = table(&p, "Orders");
    assert_eq!(column(orders, "OrderID")["likely_key"], true);
    let fks: Vec<(String, String)> = orders["foreign_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["column"].as_str().unwrap().to_string(),
                f["table"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        fks.contains(&("CustomerID".into(), "Customers".into())),
        "{fks:?}"
    );
    assert!(
        fks.contains(&("EmployeeID".into(), "Employees".into())),
        "{fks:?}"
    );
    let customers = table(&p, "Customers");
    assert_eq!(column(customers, "CustomerID")["likely_key"], true);
    assert_eq!(first_pattern(column(customers, "Phone")).0, "phone");
    assert_eq!(first_pattern(column(customers, "Country")).0, "country");
}
