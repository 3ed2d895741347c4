//! End-to-end tests of the `stx-migrate` binary: real fixtures, golden files, bad input.
//!
//! Golden files live in `tests/golden/`; after an intended change of output, regenerate them
//! with `STX_UPDATE_GOLDEN=1 cargo test --test cli` and review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stx-migrate"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the exit code, that nothing panicked, and returns (stdout, stderr).
fn expect(out: &Output, code: i32) -> (String, String) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "panic:\n{stderr}"
    );
    (stdout, stderr)
}

fn golden_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares a produced file with its golden copy (or rewrites the golden copy).
fn assert_golden(name: &str, file: &str, actual: &[u8]) {
    let path = golden_dir(name).join(file);
    if std::env::var_os("STX_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with STX_UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let (e, a) = (text(&expected), text(actual));
        let line = e
            .lines()
            .zip(a.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(e.lines().count().min(a.lines().count()));
        panic!(
            "{} differs from golden at line {}:\n  golden: {:?}\n  actual: {:?}",
            path.display(),
            line + 1,
            e.lines().nth(line),
            a.lines().nth(line)
        );
    }
}

/// `stx-migrate demo` with 300 contacts in `d/demo`, its run in `d/<out>`.
fn demo_300(d: &Path, out: &str) {
    demo_run(d, 300, out);
}

/// `stx-migrate demo` with `contacts` contacts in `d/demo`, its run in `d/<out>`.
fn demo_run(d: &Path, contacts: usize, out: &str) {
    let contacts = contacts.to_string();
    let args = [
        "demo",
        "--dir",
        "demo",
        "--contacts",
        &contacts,
        "--out",
        out,
        "-q",
    ];
    expect(&run_in(d, &args), 0);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The protocol without what changes from run to run (times, paths).
fn stable_protocol(p: &serde_json::Value) -> serde_json::Value {
    let mut p = p.clone();
    let o = p.as_object_mut().unwrap();
    for k in ["run_id", "started_at", "finished_at", "timings_ms"] {
        o.remove(k);
    }
    o["migration"].as_object_mut().unwrap().remove("path");
    o["source"].as_object_mut().unwrap().remove("location");
    // The report carries the run id and date, so its bytes differ from run to run.
    o["outputs"]
        .as_array_mut()
        .unwrap()
        .retain(|f| !f["file"].as_str().unwrap().starts_with("report."));
    p
}

fn read_xlsx(path: &Path) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let sheet = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn demo_migration_matches_golden_and_reruns_identically() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run_in(
        d,
        &[
            "demo",
            "--dir",
            "demo",
            "--contacts",
            "300",
            "--seed",
            "7",
            "--out",
            "run1",
        ],
    );
    let (stdout, _) = expect(&out, 0);
    assert!(stdout.contains("300 customers"), "{stdout}");
    assert!(stdout.contains("read = "), "{stdout}");
    let run1 = d.join("run1");
    for file in ["contacts.csv", "rejects.csv", "warnings.csv"] {
        assert_golden("demo-300", file, &std::fs::read(run1.join(file)).unwrap());
    }
    let protocol = json(&run1.join("protocol.json"));
    let counts = &protocol["counts"];
    let read = counts["read"].as_u64().unwrap();
    assert_eq!(read, 300);
    assert_eq!(
        read,
        counts["written"].as_u64().unwrap()
            + counts["rejected"].as_u64().unwrap()
            + counts["merged"].as_u64().unwrap()
    );
    assert!(protocol["accounting_ok"].as_bool().unwrap());
    assert!(
        counts["warnings"].as_u64().unwrap() > 0,
        "the demo plants bad birth dates and titles"
    );
    assert_eq!(
        protocol["migration"]["text"].as_str().unwrap(),
        std::fs::read_to_string(d.join("demo/migration.toml")).unwrap()
    );
    assert_golden(
        "demo-300",
        "protocol.json",
        serde_json::to_string_pretty(&stable_protocol(&protocol))
            .unwrap()
            .as_bytes(),
    );

    // The report tells the same numbers as the protocol, with masked samples.
    let report = json(&run1.join("report.json"));
    for k in ["read", "written", "rejected", "merged", "warnings"] {
        assert_eq!(report["counts"][k], counts[k], "report count {k}");
    }
    let kinds =
        ["individuals", "structures", "relays"].map(|k| report["counts"][k].as_u64().unwrap());
    assert_eq!(
        kinds.iter().sum::<u64>(),
        counts["written"].as_u64().unwrap(),
        "every written row has a kind"
    );
    assert!(
        kinds.iter().all(|k| *k > 0),
        "the demo has persons, companies and contact persons: {kinds:?}"
    );
    let html = std::fs::read_to_string(run1.join("report.html")).unwrap();
    assert!(
        html.contains(&format!("id=\"count-read\">{read}<")),
        "report.html shows the rows read"
    );
    let rules = report["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .map(|r| r["hits"].as_u64().unwrap())
            .sum::<u64>()
            > 0
    );
    for rule in rules.iter().filter(|r| r["column"] == "BIRTHDATE") {
        for sample in rule["samples"].as_array().unwrap() {
            // Only a year may survive masking: no day or month digits.
            let digits = sample
                .as_str()
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .count();
            assert!(
                digits == 0 || digits == 4,
                "birth dates are masked: {sample}"
            );
        }
    }

    // The same mapping on the same data: every output byte-identical but the protocol's times.
    let out = run_in(
        d,
        &["run", "demo/migration.toml", "--out", "run2", "--quiet"],
    );
    let (stdout, _) = expect(&out, 0);
    assert!(stdout.is_empty(), "--quiet prints nothing: {stdout}");
    for file in [
        "contacts.csv",
        "contacts.xlsx",
        "rejects.csv",
        "warnings.csv",
    ] {
        assert_eq!(
            std::fs::read(run1.join(file)).unwrap(),
            std::fs::read(d.join("run2").join(file)).unwrap(),
            "{file} differs between runs"
        );
    }
    assert_eq!(
        stable_protocol(&protocol),
        stable_protocol(&json(&d.join("run2/protocol.json")))
    );

    // The xlsx holds the csv's rows, every cell a string (leading zeros kept).
    let csv = csv_rows(&std::fs::read(run1.join("contacts.csv")).unwrap());
    let xlsx = read_xlsx(&run1.join("contacts.xlsx"));
    assert_eq!(xlsx.len(), csv.len());
    assert_eq!(csv[3][3], "CONTACT_NR");
    for (x, c) in xlsx.iter().zip(&csv) {
        let x: Vec<String> = x
            .iter()
            .map(|cell| match cell {
                calamine::Data::String(s) => s.clone(),
                calamine::Data::Empty => String::new(),
                other => panic!("non-text cell {other:?}"),
            })
            .collect();
        assert_eq!(&x[..], &c[..x.len()]);
        assert!(c[x.len()..].iter().all(String::is_empty));
    }
    assert!(
        csv.iter().skip(4).any(|r| r[3].starts_with('0')),
        "contact numbers with leading zeros"
    );
}

#[test]
fn csv_sources_join_with_polars_sql_and_bad_rows_land_in_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv-shop"),
        d,
    );
    let out = run_in(d, &["run", "migration.toml", "--out", "out", "--json"]);
    let (stdout, _) = expect(&out, 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_read"], 8);
    assert_eq!(summary["rows_written"], 4);
    assert_eq!(summary["rows_rejected"], 4);
    assert_eq!(summary["warnings"], 1);
    for file in ["contacts.csv", "rejects.csv", "warnings.csv"] {
        assert_golden(
            "csv-shop",
            file,
            &std::fs::read(d.join("out").join(file)).unwrap(),
        );
    }
    let rejects = text(&std::fs::read(d.join("out/rejects.csv")).unwrap());
    assert!(
        rejects.contains("row 5 has 10 fields but the header has 9"),
        "{rejects}"
    );
    assert!(
        rejects.contains("encoding = \"\"windows-1252\"\""),
        "{rejects}"
    );

    // Too many rejects for the gate: exit code 1, files still written.
    let out = run_in(
        d,
        &[
            "run",
            "migration.toml",
            "--out",
            "gated",
            "--quiet",
            "--max-reject-rate",
            "0.25",
        ],
    );
    let (_, stderr) = expect(&out, 1);
    assert!(stderr.contains("50.00 % of rows rejected"), "{stderr}");

    // The gate of the migration file: every exceeded limit is named.
    let gated = std::fs::read_to_string(d.join("migration.toml")).unwrap()
        + "\n[gate]\nmax-warning-rate = 0.1\n[gate.rules]\n\"TITLE/lookup\" = 0\n\"BIRTHDATE/date\" = 1\n";
    std::fs::write(d.join("gated.toml"), gated).unwrap();
    let out = run_in(d, &["run", "gated.toml", "--out", "gated2", "--quiet"]);
    let (_, stderr) = expect(&out, 1);
    assert!(
        stderr.contains("12.50 % warnings per row read, above max-warning-rate 10.00 %"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rule TITLE/lookup fired 1 times, above its limit 0"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("BIRTHDATE/date"),
        "within its limit: {stderr}"
    );
    assert!(d.join("gated/contacts.csv").exists());
}

/// The shipped Northwind example: customers (structure + relay) and employees (individuals)
/// read straight from the Access file, as golden files; the same migration through the mdbtools
/// ODBC driver gives the same contacts (Northwind has no date before 1900).
#[test]
fn northwind_example_from_the_access_file_matches_golden() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind"),
        d,
    );
    let out = run_in(d, &["run", "migration.toml", "--out", "out", "--json"]);
    let (stdout, _) = expect(&out, 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_read"], 100, "91 customers and 9 employees");
    assert_eq!(
        summary["rows_written"].as_u64().unwrap() + summary["rows_rejected"].as_u64().unwrap(),
        100
    );
    for file in ["contacts.csv", "rejects.csv", "warnings.csv"] {
        assert_golden(
            "northwind",
            file,
            &std::fs::read(d.join("out").join(file)).unwrap(),
        );
    }
    let contacts = csv_rows(&std::fs::read(d.join("out/contacts.csv")).unwrap());
    let header = &contacts[3];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let alfki = contacts
        .iter()
        .find(|r| r[col("OFFICIAL_NAME")] == "Alfreds Futterkiste")
        .expect("ALFKI");
    assert_eq!(
        (
            alfki[col("FIRSTNAME")].as_str(),
            alfki[col("LASTNAME")].as_str()
        ),
        ("Maria", "Anders"),
        "structure and relay on one row"
    );
    let davolio = contacts
        .iter()
        .find(|r| r[col("LASTNAME")] == "Davolio")
        .expect("employee 1");
    assert_eq!(davolio[col("OFFICIAL_NAME")], "", "an individual");
    assert_eq!(davolio[col("BIRTHDATE")], "08.12.1948");

    if stx_connector_odbc::testing::driver("MDBTools").is_some() {
        let text = std::fs::read_to_string(d.join("migration.toml")).unwrap();
        let via = text.replace(
            "url = \"access:nwind.mdb\"",
            "url = \"access:nwind.mdb?driver=mdbtools\"",
        );
        assert_ne!(via, text);
        std::fs::write(d.join("mdbtools.toml"), via).unwrap();
        let out = run_in(
            d,
            &["run", "mdbtools.toml", "--out", "via-mdbtools", "--quiet"],
        );
        expect(&out, 0);
        assert_eq!(
            std::fs::read(d.join("via-mdbtools/contacts.csv")).unwrap(),
            std::fs::read(d.join("out/contacts.csv")).unwrap()
        );
    }
}

/// A FileMaker XML export is a source by its extension: `inspect` shows its one table with the
/// repeating field spread over columns and the container field left out.
#[test]
fn filemaker_xml_export_is_inspected_by_extension() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fmpxml/kunden.xml");
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["inspect", fixture.to_str().unwrap()]);
    let (stdout, _) = expect(&out, 0);
    assert!(stdout.contains("kunden (file, 6 rows)"), "{stdout}");
    assert!(stdout.contains("Telefon[3]"), "{stdout}");
    assert!(
        !stdout.contains("Foto"),
        "the container field is not offered: {stdout}"
    );
}

#[test]
fn split_files_tab_delimiter_and_header_rows_from_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv-shop"),
        d,
    );
    let m = std::fs::read_to_string(d.join("migration.toml")).unwrap().replace(
        "[output]\nformats = [\"csv\", \"xlsx\"]",
        "[output]\nformats = [\"csv\"]\nsplit-rows = 3\ndelimiter = \"\\t\"\nheader-rows = [\"S:{section}\", \"L:{label}\", \"T:{type}\"]",
    );
    std::fs::write(d.join("migration.toml"), m).unwrap();
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "out", "--quiet"]),
        0,
    );
    let one = std::fs::read_to_string(d.join("out/contacts-001.csv")).unwrap();
    let two = std::fs::read_to_string(d.join("out/contacts-002.csv")).unwrap();
    assert_eq!(one.lines().count(), 4 + 3);
    assert_eq!(two.lines().count(), 4 + 1);
    assert!(one.starts_with("S:Global fields\t"), "{one}");
    assert!(one.lines().nth(1).unwrap().starts_with("L:Institution\t"));
    assert!(one
        .lines()
        .nth(3)
        .unwrap()
        .starts_with("INSTITUTION\tORGANIZATION\tOPERATION\tCONTACT_NR"));
    assert!(!d.join("out/contacts.xlsx").exists());
}

#[test]
fn inspect_preview_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    expect(
        &run_in(d, &["demo", "--dir", "demo", "--contacts", "50", "--quiet"]),
        0,
    );

    let (stdout, _) = expect(&run_in(d, &["inspect", "demo/legacy.db"]), 0);
    assert!(stdout.contains("customer (table, 50 rows)"), "{stdout}");
    assert!(
        stdout.contains("birth_date") && stdout.contains("contact_person"),
        "{stdout}"
    );
    let (stdout, _) = expect(
        &run_in(
            d,
            &[
                "inspect",
                "sqlite:demo/legacy.db",
                "--table",
                "address",
                "--json",
            ],
        ),
        0,
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["tables"][0]["table"]["name"], "address");
    assert_eq!(v["tables"][0]["columns"][0]["name"], "addr_id");
    let (stdout, _) = expect(&run_in(d, &["inspect", "demo/migration.toml"]), 0);
    assert!(stdout.contains("sqlite source"), "{stdout}");

    let runs = || std::fs::read_dir(d.join("demo/out")).unwrap().count();
    assert_eq!(runs(), 1, "demo ran the migration once");
    let (stdout, _) = expect(
        &run_in(d, &["preview", "demo/migration.toml", "-n", "5"]),
        0,
    );
    assert!(
        stdout.contains("CONTACT_NR") && stdout.contains("5 rows read"),
        "{stdout}"
    );
    let (stdout, _) = expect(
        &run_in(d, &["preview", "demo/migration.toml", "-n", "3", "--json"]),
        0,
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["rows_read"], 3);
    assert_eq!(runs(), 1, "preview writes nothing");

    let (stdout, _) = expect(&run_in(d, &["columns"]), 0);
    assert!(
        stdout.contains("(93 columns)") && stdout.contains(" 93 CRIT50"),
        "{stdout}"
    );
}

#[test]
fn empty_source_writes_header_rows_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("people.csv"), "id,name\n").unwrap();
    std::fs::write(
        d.join("m.toml"),
        "[migration]\nname = \"e\"\n[source]\nurl = \"csv:people.csv\"\n[read]\ntable = \"people\"\n[institution]\ncode = \"X\"\n[map]\nLASTNAME = \"name\"\n",
    )
    .unwrap();
    let (stdout, _) = expect(&run_in(d, &["run", "m.toml", "--out", "out"]), 0);
    assert!(stdout.contains("0 read = 0 written"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(d.join("out/contacts.csv"))
            .unwrap()
            .lines()
            .count(),
        4
    );
    assert_eq!(read_xlsx(&d.join("out/contacts.xlsx")).len(), 4);
}

/// Each bad input gives one clear message naming what and where, and its exit code.
#[test]
fn bad_input_is_explained_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = "[migration]\nname = \"b\"\n[source]\nurl = \"csv:people.csv\"\n[read]\ntable = \"people\"\n[institution]\ncode = \"X\"\n[map]\nLASTNAME = \"upper(name)\"\n";
    std::fs::write(d.join("people.csv"), "id,name\n1,Zoé\n").unwrap();
    let case = |file: &str, content: &str, code: i32, needles: &[&str]| {
        std::fs::write(d.join(file), content).unwrap();
        let (_, stderr) = expect(&run_in(d, &["run", file, "--out", "out", "--quiet"]), code);
        for n in needles {
            assert!(stderr.contains(n), "{file}: expected {n:?} in:\n{stderr}");
        }
        assert_eq!(
            stderr
                .trim()
                .lines()
                .filter(|l| l.starts_with("error:"))
                .count(),
            1,
            "{stderr}"
        );
    };
    // Configuration: exit 2.
    let (_, stderr) = expect(&run_in(d, &["run", "missing.toml"]), 2);
    assert!(
        stderr.contains("missing.toml") && stderr.contains("cannot read"),
        "{stderr}"
    );
    case(
        "typo.toml",
        &base.replace("table =", "tabel ="),
        2,
        &["typo.toml", "line 6", "tabel"],
    );
    case(
        "col.toml",
        &base.replace("upper(name)", "upper(nmae)"),
        2,
        &[
            "col.toml:10: [map] LASTNAME",
            "unknown column 'nmae'",
            "did you mean name",
        ],
    );
    case(
        "fn.toml",
        &base.replace("upper(name)", "uppr(name)"),
        2,
        &["unknown function 'uppr()'"],
    );
    case(
        "target.toml",
        &base.replace("LASTNAME =", "LAST_NAME ="),
        2,
        &["'LAST_NAME' is not a column", "LASTNAME"],
    );
    case(
        "key.toml",
        &base.replace("table = \"people\"", "table = \"people\"\nkey = \"nope\""),
        2,
        &["no column 'nope'"],
    );
    // Source: exit 3.
    case(
        "nofile.toml",
        &base.replace("people.csv", "nobody.csv"),
        3,
        &["nobody.csv", "no such file"],
    );
    std::fs::write(
        d.join("fake.db"),
        "just text, not a database at all, long enough for a header....",
    )
    .unwrap();
    case(
        "notdb.toml",
        &base.replace("csv:people.csv", "sqlite:fake.db"),
        3,
        &["fake.db", "SQLite 3 database"],
    );
    std::fs::write(d.join("empty.csv"), "").unwrap();
    case(
        "empty.toml",
        &base
            .replace("people.csv", "empty.csv")
            .replace("\"people\"", "\"empty\""),
        3,
        &["empty.csv", "empty"],
    );
    case(
        "table.toml",
        &base.replace("table = \"people\"", "table = \"persons\""),
        3,
        &["no table named 'persons'"],
    );
    // Clap usage errors: exit 2 too.
    expect(&run_in(d, &["run"]), 2);
    expect(&run_in(d, &["frobnicate"]), 2);
    let (stdout, _) = expect(&run_in(d, &["--help"]), 0);
    assert!(stdout.contains("Exit codes: 0 ok"), "{stdout}");
}

/// `report.json` without what changes from run to run (run id, date, paths, version).
fn stable_report(report: &serde_json::Value) -> serde_json::Value {
    let mut r = report.clone();
    let o = r.as_object_mut().unwrap();
    for k in [
        "run_id",
        "generated_at",
        "tool_version",
        "source",
        "migration_sha256",
    ] {
        o.remove(k);
    }
    r
}

#[test]
fn check_reports_one_violation_of_each_rule_in_the_files_own_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check"),
        d,
    );
    let out = run_in(
        d,
        &[
            "check",
            "contacts.csv",
            "--migration",
            "institution.toml",
            "--out",
            "out",
            "--json",
        ],
    );
    let (stdout, stderr) = expect(&out, 1);
    assert!(
        stderr.contains("of rows rejected, above max-reject-rate 0.00 %"),
        "{stderr}"
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_read"], 115);
    assert_eq!(
        summary["rows_read"].as_u64(),
        Some(
            summary["rows_written"].as_u64().unwrap() + summary["rows_rejected"].as_u64().unwrap()
        )
    );
    assert_eq!(
        summary["file_problems"][0]["message"]
            .as_str()
            .unwrap()
            .split(". ")
            .next()
            .unwrap(),
        "header row 2 differs from the profile in 1 of 93 columns, first TITLE: 'Civilité' where the profile has 'Title'"
    );
    let out_dir = d.join("out");
    let mut produced: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    produced.sort();
    assert_eq!(
        produced,
        [
            "missing-config.csv",
            "rejects.csv",
            "report.html",
            "report.json",
            "warnings.csv"
        ],
        "check writes no contact file and no protocol"
    );
    // Paths in read errors name the temporary folder.
    let local = |file: &str| {
        text(&std::fs::read(out_dir.join(file)).unwrap())
            .replace(&d.display().to_string(), "<dir>")
            .into_bytes()
    };
    for file in ["rejects.csv", "warnings.csv", "missing-config.csv"] {
        assert_golden("check", file, &local(file));
    }
    let report = json(&out_dir.join("report.json"));
    let stable = serde_json::to_string_pretty(&stable_report(&report)).unwrap() + "\n";
    assert_golden("check", "report.json", stable.as_bytes());

    // The rejects keep the input's 4 header rows and columns, then the stx_* columns.
    let rejects = csv_rows(&std::fs::read(out_dir.join("rejects.csv")).unwrap());
    let input = csv_rows(&std::fs::read(d.join("contacts.csv")).unwrap());
    for i in 0..4 {
        assert_eq!(rejects[i][..93], input[i][..], "header row {}", i + 1);
    }
    assert_eq!(
        rejects[3][93..],
        [
            "stx_row",
            "stx_rule",
            "stx_column",
            "stx_value",
            "stx_message"
        ]
    );
    let first = &rejects[4];
    let row: usize = first[93].parse().unwrap();
    assert_eq!(
        first[..93],
        input[row - 1][..],
        "the rejected row as written"
    );
    assert!(rejects[4..]
        .windows(2)
        .all(|w| w[0][93].parse::<u64>().unwrap() < w[1][93].parse::<u64>().unwrap()));

    // Every column of the profile has a rule that fired on this file.
    let columns: serde_json::Value =
        serde_json::from_str(&text(&run_in(d, &["columns", "--json"]).stdout)).unwrap();
    let hit: std::collections::BTreeSet<&str> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["column"].as_str().unwrap())
        .collect();
    let codes: Vec<&str> = columns
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 93);
    let missed: Vec<&&str> = codes.iter().filter(|c| !hit.contains(**c)).collect();
    assert!(missed.is_empty(), "no rule fired on {missed:?}");
}

#[test]
fn check_passes_our_own_files_and_refuses_what_secutix_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_run(d, 200, "demo/run");
    // What a run writes passes the check, as CSV and as XLSX.
    for file in ["demo/run/contacts.csv", "demo/run/contacts.xlsx"] {
        let out = run_in(
            d,
            &[
                "check",
                file,
                "--migration",
                "demo/migration.toml",
                "--json",
            ],
        );
        let (stdout, _) = expect(&out, 0);
        let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(summary["rows_rejected"], 0, "{file}: {stdout}");
        assert!(summary["rows_read"].as_u64().unwrap() > 150, "{stdout}");
        assert_eq!(summary["file_problems"], serde_json::json!([]));
    }
    assert!(d.join("demo/run/contacts-check/report.html").exists());

    // The same file as UTF-16 with TAB: rejects come back as UTF-16 (BOM) with TAB.
    let csv = std::fs::read_to_string(d.join("demo/run/contacts.csv")).unwrap();
    let mut rows = csv_rows(csv.as_bytes());
    rows[6][3] = "12-34".into(); // CONTACT_NR with a dash, on row 7
    let tab: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
    let utf16: Vec<u8> = "\u{feff}"
        .encode_utf16()
        .chain(tab.encode_utf16())
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(d.join("utf16.txt"), &utf16).unwrap();
    let out = run_in(d, &["check", "utf16.txt", "--out", "u16", "--json"]);
    let (stdout, _) = expect(&out, 1);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_rejected"], 1, "{stdout}");
    let bytes = std::fs::read(d.join("u16/rejects.csv")).unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xFE], "UTF-16LE BOM");
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let back = String::from_utf16(&units).unwrap();
    let lines: Vec<&str> = back.lines().collect();
    assert_eq!(lines.len(), 5, "4 header rows and the rejected row");
    assert!(lines[3].ends_with("\tstx_row\tstx_rule\tstx_column\tstx_value\tstx_message"));
    assert!(
        lines[4].contains("\t7\tcontact-number\tCONTACT_NR\t12-34\t"),
        "{}",
        lines[4]
    );

    // windows-1252 is a file error; a file without codes is no contact file.
    let mut latin_rows: Vec<Vec<String>> = rows[..5].to_vec();
    latin_rows[4][9] = "Zoé".into(); // FIRSTNAME
    let latin: Vec<u8> = latin_rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(",")
                + "\r\n"
        })
        .collect::<String>()
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect();
    std::fs::write(d.join("latin.csv"), &latin).unwrap();
    let out = run_in(d, &["check", "latin.csv", "--out", "latin"]);
    let (stdout, stderr) = expect(&out, 1);
    assert!(
        stdout.contains("error: the file is encoded in windows-1252"),
        "{stdout}"
    );
    assert!(stderr.contains("1 file error(s)"), "{stderr}");
    std::fs::write(d.join("people.csv"), "name,city\nZoé,Genève\n").unwrap();
    let out = run_in(d, &["check", "people.csv"]);
    let (_, stderr) = expect(&out, 1);
    assert!(
        stderr.contains(
            "people.csv: not a SecuTix contact file: no row among the first 2 holds SecuTix column codes"
        ),
        "{stderr}"
    );
}

/// Writes `text` to `dir/name`.
/// The names in a folder, sorted.
/// `check FILE --migration M --out OUT --json` in `dir`: the summary, after asserting `code`.
fn check_json(dir: &Path, file: &str, migration: &str, out: &str, code: i32) -> serde_json::Value {
    let output = run_in(
        dir,
        &[
            "check",
            file,
            "--migration",
            migration,
            "--out",
            out,
            "--json",
        ],
    );
    let (stdout, _) = expect(&output, code);
    serde_json::from_str(&stdout).unwrap()
}

/// Writes `people.csv` with `rows` generated people (`id,name,mail`) and `m.toml` migrating
/// it (`extra_read`: more `[read]` keys), for the tests of long runs.
fn write_people_and_migration(d: &Path, rows: usize, name: &str, extra_read: &str) {
    use std::io::Write as _;
    let mut csv = std::io::BufWriter::new(std::fs::File::create(d.join("big.csv")).unwrap());
    writeln!(csv, "id,name,mail").unwrap();
    for i in 0..rows {
        writeln!(csv, "{i},Name {i},person{i}@example.ch").unwrap();
    }
    drop(csv);
    write_file(
        d,
        "m.toml",
        &format!("[migration]\nname = \"{name}\"\n[source]\npath = \"big.csv\"\n[read]\ntable = \"big\"\nkey = \"id\"\n{extra_read}[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\nEMAIL1 = \"mail\"\n"),
    );
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The data rows' values of SecuTix column `code` in a contacts.csv (codes on row 4).
fn contact_column(path: &Path, code: &str) -> Vec<String> {
    let contacts = csv_rows(&std::fs::read(path).unwrap());
    let at = contacts[3].iter().position(|c| c == code).unwrap();
    contacts[4..].iter().map(|r| r[at].clone()).collect()
}

fn write_file(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn fixed_width_file_is_read_with_its_column_layout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fixed");
    std::fs::copy(fixtures.join("people.txt"), d.join("people.txt")).unwrap();
    write_file(
        d,
        "m.toml",
        r#"[migration]
name = "fixed"
[source]
path = "people.txt"
header = true
columns = [
  { name = "id", start = 1, width = 6 },
  { name = "name", start = 7, width = 20 },
  { name = "city", width = 10 },
  { name = "zip", start = 37, width = 5 },
]
[read]
table = "people"
[institution]
code = "X"
[map]
CONTACT_NR = "id"
LASTNAME = "trim(name)"
TOWN = "city"
ZIPCODE = "zip"
"#,
    );
    let (stdout, _) = expect(&run_in(d, &["inspect", "m.toml"]), 0);
    assert!(
        stdout.contains("fixed source") && stdout.contains("char(20)"),
        "{stdout}"
    );
    let (stdout, _) = expect(&run_in(d, &["run", "m.toml", "--out", "out", "--json"]), 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_read"], 7, "{stdout}");
    assert_eq!(summary["rows_written"], 4, "{stdout}");
    assert_eq!(summary["rows_rejected"], 3, "{stdout}");
    let contacts = csv_rows(&std::fs::read(d.join("out/contacts.csv")).unwrap());
    let col = |code: &str| contacts[3].iter().position(|c| c == code).unwrap();
    let people: Vec<(String, String, String, String)> = contacts[4..]
        .iter()
        .map(|r| {
            (
                r[col("CONTACT_NR")].clone(),
                r[col("LASTNAME")].clone(),
                r[col("TOWN")].clone(),
                r[col("ZIPCODE")].clone(),
            )
        })
        .collect();
    let p = |a: &str, b: &str, c: &str, z: &str| (a.into(), b.into(), c.into(), z.into());
    assert_eq!(
        people,
        vec![
            p("000001", "Zoé Müller", "Genève", "1201"),
            p("000002", "Jean Dupont", "Lyon", "69001"),
            p("000003", "Anna", "Bern", ""),
            p("000007", "Padded", "Chur", "7000"),
        ]
    );
    let rejects = text(&std::fs::read(d.join("out/rejects.csv")).unwrap());
    for expected in [
        "people.txt: line 5 is 50 characters long, but the columns end at 41 (after column 'zip'): 'EXTRA' is beyond the layout",
        "people.txt: line 6, column 'name': a NUL byte at character 9",
        "people.txt: line 7, column 'name': bytes that are not UTF-8 at character 11",
    ] {
        assert!(rejects.contains(expected), "{expected}\n{rejects}");
    }
}

#[test]
fn secutix_file_written_by_run_reads_back_to_the_same_contacts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_run(d, 60, "run1");
    let written = std::fs::read(d.join("run1/contacts.csv")).unwrap();
    let rows = csv_rows(&written);
    let codes = rows[3].clone();
    assert_eq!(codes.len(), 93);

    // inspect: the columns are the codes of row 4, the header rows are not data.
    let (stdout, _) = expect(
        &run_in(d, &["inspect", "secutix:run1/contacts.csv", "--json"]),
        0,
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let table = &v["tables"][0];
    assert_eq!(table["table"]["name"], "contacts");
    assert_eq!(table["table"]["rows"], (rows.len() - 4) as u64);
    let names: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, codes);

    // Every column mapped onto itself: the run writes the same file again, from the CSV and
    // from the workbook.
    let map: String = codes.iter().map(|c| format!("{c} = '\"{c}\"'\n")).collect();
    for (source, out) in [
        ("run1/contacts.csv", "back-csv"),
        ("run1/contacts.xlsx", "back-xlsx"),
    ] {
        write_file(
            d,
            "m.toml",
            &format!(
                "[migration]\nname = \"back\"\n[source]\nurl = \"secutix:{source}\"\n[read]\ntable = \"contacts\"\nkey = \"CONTACT_NR\"\n[institution]\ncode = \"DEMO\"\norganization = \"*\"\ncountry = \"CH\"\n[map]\n{map}"
            ),
        );
        let (stdout, _) = expect(&run_in(d, &["run", "m.toml", "--out", out, "--json"]), 0);
        let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(summary["rows_rejected"], 0, "{source}: {stdout}");
        let again = std::fs::read(d.join(out).join("contacts.csv")).unwrap();
        assert!(
            again == written,
            "{source}: contacts.csv differs after the round trip"
        );
    }

    // A malformed header stops at open.
    write_file(d, "plain.csv", "INSTITUTION,CONTACT_NR\nDEMO,1\n");
    let (_, stderr) = expect(&run_in(d, &["inspect", "secutix:plain.csv"]), 3);
    assert!(
        stderr
            .contains("row 1 holds the column codes, but a SecuTix contact file has them in row 4"),
        "{stderr}"
    );
}

#[test]
fn glob_of_exports_is_one_table_with_the_file_of_each_row() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glob");
    copy_dir(&fixtures, d);
    let (stdout, _) = expect(&run_in(d, &["inspect", "exports/*.csv"]), 0);
    assert!(
        stdout.contains("exports") && stdout.contains("_src_file") && stdout.contains("(2 files)"),
        "{stdout}"
    );
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"glob\"\n[source]\npath = \"exports/*.csv\"\n[read]\ntable = \"exports\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\nTOWN = \"city\"\nREMARK = \"_src_file\"\n",
    );
    let (stdout, _) = expect(&run_in(d, &["run", "m.toml", "--out", "out", "--json"]), 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_read"], 5, "{stdout}");
    assert_eq!(summary["rows_written"], 4, "{stdout}");
    assert_eq!(summary["rows_rejected"], 1, "{stdout}");
    let contacts = csv_rows(&std::fs::read(d.join("out/contacts.csv")).unwrap());
    let col = |code: &str| contacts[3].iter().position(|c| c == code).unwrap();
    let got: Vec<(String, String)> = contacts[4..]
        .iter()
        .map(|r| (r[col("LASTNAME")].clone(), r[col("REMARK")].clone()))
        .collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        got,
        vec![
            pair("Zoé", "2024-01.csv"),
            pair("Jean", "2024-01.csv"),
            pair("Anna", "2024-02.csv"),
            pair("Li", "2024-02.csv"),
        ]
    );
    let rejects = text(&std::fs::read(d.join("out/rejects.csv")).unwrap());
    assert!(
        rejects.contains("2024-02.csv: row 3 has 4 fields but the header has 3")
            && rejects.contains("_src_file"),
        "{rejects}"
    );

    // Files of another shape, and a pattern without files.
    let (_, stderr) = expect(&run_in(d, &["inspect", "odd/*.csv"]), 3);
    assert!(
        stderr.contains("b.csv differ from those of")
            && stderr.contains("a.csv (the first file): missing city; extra zip"),
        "{stderr}"
    );
    let (_, stderr) = expect(&run_in(d, &["inspect", "exports/*.tsv"]), 3);
    assert!(
        stderr.contains("no file matches the pattern") && stderr.contains("exports/*.tsv"),
        "{stderr}"
    );
}

/// `stx-migrate … | head -1`: the reader closes the pipe early and the program ends on SIGPIPE
/// like other Unix tools, without a panic message. The demo's SQL script for 3,000 contacts is
/// far more than a pipe buffer holds, so the writer meets the closed pipe.
#[cfg(unix)]
#[test]
fn a_closed_output_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    let mut child = bin()
        .args(["demo", "--sql", "postgres", "--contacts", "3000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // The reader is dropped here: the pipe is closed with most of the listing unread.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.signal() == Some(SIGPIPE),
        "{:?} {stderr}",
        out.status
    );
}

/// Linux's (and every BSD's) signal number of SIGPIPE.
#[cfg(unix)]
const SIGPIPE: i32 = 13;

/// Suspected mojibake is kept as read and listed once per column in warnings.csv with the
/// outcome `keep`; `fix_mojibake` in the mapping repairs it.
#[test]
fn mojibake_is_kept_with_a_keep_warning_and_repaired_by_the_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(
        d,
        "people.csv",
        "id;name;city\n1;RenÃ©;ZÃ¼rich\n2;Anna;GenÃ¨ve\n3;Zoé;Bern\n",
    );
    let config = |name_rule: &str| {
        format!(
            "[migration]\nname = \"moji\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"{name_rule}\"\nTOWN = \"city\"\n"
        )
    };
    write_file(d, "kept.toml", &config("name"));
    let (stdout, _) = expect(
        &run_in(d, &["run", "kept.toml", "--out", "kept", "--json"]),
        0,
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_written"], 3, "{stdout}");
    let warnings = csv_rows(&std::fs::read(d.join("kept/warnings.csv")).unwrap());
    let read: Vec<(String, String, String)> = warnings[1..]
        .iter()
        .filter(|r| r[2] == "read")
        .map(|r| (r[3].clone(), r[4].clone(), r[5].clone()))
        .collect();
    let triple = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        read,
        vec![
            triple("name", "keep", "RenÃ©"),
            triple("city", "keep", "ZÃ¼rich"),
        ],
        "{warnings:?}"
    );
    let contacts = csv_rows(&std::fs::read(d.join("kept/contacts.csv")).unwrap());
    let last = contacts[3].iter().position(|c| c == "LASTNAME").unwrap();
    assert_eq!(contacts[4][last], "RenÃ©");

    write_file(d, "fixed.toml", &config("fix_mojibake(name)"));
    expect(&run_in(d, &["run", "fixed.toml", "--out", "fixed"]), 0);
    let contacts = csv_rows(&std::fs::read(d.join("fixed/contacts.csv")).unwrap());
    let names: Vec<&str> = contacts[4..].iter().map(|r| r[last].as_str()).collect();
    assert_eq!(names, ["René", "Anna", "Zoé"]);
}

/// A dump with statements the reader does not apply (an UPDATE) says so on stderr, and its
/// INSERTed rows are read as they stand.
#[test]
fn a_dump_with_an_update_warns_that_it_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(
        d,
        "legacy.sql",
        "CREATE TABLE `people` (`id` int(11) NOT NULL, `name` varchar(40));\n\
         INSERT INTO `people` VALUES (1,'Zoé'),(2,'Jean');\n\
         UPDATE `people` SET `name` = 'Anna' WHERE `id` = 2;\n",
    );
    let (stdout, stderr) = expect(&run_in(d, &["inspect", "sqldump:legacy.sql"]), 0);
    assert!(
        stdout.contains("people") && stdout.contains('2'),
        "{stdout}"
    );
    assert!(
        stderr.contains("legacy.sql: 1 statement(s) of a kind this reader does not apply"),
        "{stderr}"
    );
}

/// CONTACT_NR must be unique across the whole run, not one batch: with batches of 2 rows the
/// later holders of a number are rejected (the whole-run stage reads the spilled records
/// back), with their source values; their warnings and codes to create leave with them, and
/// the spill folder is gone afterwards.
#[test]
fn contact_numbers_are_unique_across_batches_and_late_rejects_take_their_warnings_along() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(
        d,
        "people.csv",
        "id;nr;name;mail;title\n\
         1;10;Anna;anna@example.ch;MR\n\
         2;20;Beat;not-a-mail;DR\n\
         3;30;Cora;cora@example.ch;PROF\n\
         4;10;Dora;dora(at)nowhere;SIR\n\
         5;40;Emil;emil@example.ch;MR\n\
         6;20;Fritz;fritz@example.ch;MR\n",
    );
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"unique\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\nbatch-rows = 2\n\
         [institution]\ncode = \"X\"\ntitles = [\"MR\", \"UNDEFINED\"]\n\
         [rules.TITLE]\nunknown = \"collect\"\n[rules.EMAIL1]\nrepairs = []\n\
         [map]\nCONTACT_NR = \"nr\"\nLASTNAME = \"name\"\nEMAIL1 = \"mail\"\nTITLE = \"title\"\n",
    );
    let (stdout, _) = expect(&run_in(d, &["run", "m.toml", "--out", "out", "--json"]), 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (
            &summary["rows_read"],
            &summary["rows_written"],
            &summary["rows_rejected"]
        ),
        (&6.into(), &4.into(), &2.into()),
        "{stdout}"
    );
    let out = d.join("out");
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 3, "{rejects}");
    assert!(
        lines[1].starts_with("4;10;Dora;dora(at)nowhere;SIR;5;"),
        "{rejects}"
    );
    assert!(
        lines[1].contains("CONTACT_NR 10 is already used by source row 2"),
        "{rejects}"
    );
    assert!(
        lines[2].starts_with("6;20;Fritz;fritz@example.ch;MR;7;"),
        "{rejects}"
    );
    assert!(
        lines[2].contains("CONTACT_NR 20 is already used by source row 3"),
        "{rejects}"
    );
    // Beat's dropped e-mail stays a warning; Dora's left with her row.
    let warnings = std::fs::read_to_string(out.join("warnings.csv")).unwrap();
    assert!(warnings.contains("not-a-mail"), "{warnings}");
    assert!(!warnings.contains("dora(at)nowhere"), "{warnings}");
    // DR and PROF are codes to create; Dora's SIR is not, her row is not imported.
    let missing = std::fs::read_to_string(out.join("missing-config.csv")).unwrap();
    assert!(
        missing.contains("DR") && missing.contains("PROF"),
        "{missing}"
    );
    assert!(!missing.contains("SIR"), "{missing}");
    let numbers = contact_column(&out.join("contacts.csv"), "CONTACT_NR");
    assert_eq!(numbers, ["10", "20", "30", "40"]);
    let names = file_names(&out);
    assert!(
        !names.iter().any(|n| n.starts_with(".stx-spill")),
        "spill folder left behind"
    );
}

/// Read warnings survive a polars-SQL query: a MySQL zero date inside a join over a dump, and
/// mojibake inside a join over two CSV files, are `read` lines of warnings.csv naming the
/// table's column, its row and key, and the value.
#[test]
fn read_warnings_of_tables_joined_by_a_query_reach_warnings_csv() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(
        d,
        "legacy.sql",
        "-- MySQL dump 10.13  Distrib 8.0.36\n\
         CREATE TABLE `customer` (`id` int NOT NULL, `name` varchar(20), `born` date, PRIMARY KEY (`id`));\n\
         INSERT INTO `customer` VALUES (1,'Anna','0000-00-00'),(2,'Beat','1980-01-02');\n\
         CREATE TABLE `orders` (`id` int NOT NULL, `cust` int);\n\
         INSERT INTO `orders` VALUES (10,1),(11,2);\n",
    );
    write_file(
        d,
        "dump.toml",
        "[migration]\nname = \"joined\"\n[source]\npath = \"legacy.sql\"\n[read]\nquery = \"SELECT c.id, c.name, c.born FROM customer c JOIN orders o ON o.cust = c.id ORDER BY c.id\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\nBIRTHDATE = \"born\"\n",
    );
    expect(
        &run_in(d, &["run", "dump.toml", "--out", "dump", "--quiet"]),
        0,
    );
    let warnings = csv_rows(&std::fs::read(d.join("dump/warnings.csv")).unwrap());
    let read: Vec<&Vec<String>> = warnings[1..].iter().filter(|r| r[2] == "read").collect();
    assert_eq!(read.len(), 1, "{warnings:?}");
    // row, key, rule, column, outcome, value
    assert_eq!(
        read[0][..6],
        ["1", "1", "read", "customer.born", "drop", "0000-00-00"],
        "{warnings:?}"
    );

    write_file(d, "people.csv", "id;name\n1;RenÃ©\n2;Anna\n");
    write_file(d, "towns.csv", "id;town\n1;ZÃ¼rich\n2;Bern\n");
    write_file(
        d,
        "csv.toml",
        "[migration]\nname = \"joined\"\n[source]\ntables = { people = \"people.csv\", towns = \"towns.csv\" }\n[read]\nquery = \"SELECT p.id, p.name, t.town FROM people p JOIN towns t ON t.id = p.id\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\nTOWN = \"town\"\n",
    );
    expect(
        &run_in(d, &["run", "csv.toml", "--out", "csv", "--quiet"]),
        0,
    );
    let warnings = csv_rows(&std::fs::read(d.join("csv/warnings.csv")).unwrap());
    let mut read: Vec<Vec<String>> = warnings[1..]
        .iter()
        .filter(|r| r[2] == "read")
        .map(|r| r[..6].to_vec())
        .collect();
    read.sort();
    let line = |row: &str, column: &str, value: &str| {
        [row, "1", "read", column, "keep", value]
            .map(String::from)
            .to_vec()
    };
    assert_eq!(
        read,
        [
            line("2", "people.name", "RenÃ©"),
            line("2", "towns.town", "ZÃ¼rich")
        ],
        "{warnings:?}"
    );
}

/// A URL the tool cannot place, or an ODBC string it cannot use, is named in the error
/// without the password it holds.
#[test]
fn errors_never_echo_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = "my_sql://root:SecretEcho1@db.example/crm";
    write_file(
        d,
        "m.toml",
        &format!("[migration]\nname = \"leak\"\n[source]\nurl = \"{url}\"\n[read]\ntable = \"t\"\n[institution]\ncode = \"X\"\n[map]\nLASTNAME = \"name\"\n"),
    );
    for args in [vec!["run", "m.toml"], vec!["inspect", url]] {
        let out = run_in(d, &args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_ne!(out.status.code(), Some(0), "{stderr}");
        assert!(
            !stdout.contains("SecretEcho1") && !stderr.contains("SecretEcho1"),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("my_sql://root:***@db.example"),
            "{args:?}: {stderr}"
        );
    }
}

/// `--out` into the folder the source CSV is read from would replace `contacts.csv`, the
/// source itself: refused (exit 2) before anything is written; a folder source likewise.
#[test]
fn a_run_never_writes_over_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let source = "id;name\n1;Anna\n";
    write_file(d, "contacts.csv", source);
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"self\"\n[source]\npath = \"contacts.csv\"\n[read]\ntable = \"contacts\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\n",
    );
    let (_, stderr) = expect(&run_in(d, &["run", "m.toml", "--out", "."]), 2);
    assert!(stderr.contains("would replace an input"), "{stderr}");
    assert!(stderr.contains("contacts.csv"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(d.join("contacts.csv")).unwrap(),
        source
    );
    assert!(!d.join("rejects.csv").exists());

    std::fs::create_dir(d.join("exports")).unwrap();
    write_file(&d.join("exports"), "a.csv", source);
    write_file(
        d,
        "folder.toml",
        "[migration]\nname = \"folder\"\n[source]\ntype = \"csv\"\npath = \"exports\"\n[read]\ntable = \"exports\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\n",
    );
    let (_, stderr) = expect(
        &run_in(d, &["run", "folder.toml", "--out", "exports/run"]),
        2,
    );
    assert!(stderr.contains("would replace an input"), "{stderr}");
    assert!(
        !d.join("exports/run").exists(),
        "the refused run left its folder"
    );
    // Elsewhere, the same migrations run.
    expect(&run_in(d, &["run", "m.toml", "--out", "out", "--quiet"]), 0);
}

/// `check`'s default folder beside the customer's file is refused when it is a symbolic link
/// (it would send the findings wherever the link points).
#[cfg(unix)]
#[test]
fn check_refuses_a_linked_findings_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let elsewhere = d.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let sample = std::fs::read_dir(&file)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .expect("a CSV fixture for check");
    std::fs::copy(&sample, d.join("customer.csv")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, d.join("customer-check")).unwrap();
    let (_, stderr) = expect(&run_in(d, &["check", "customer.csv"]), 2);
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

/// What the output files cannot hold is a row reject, found before anything is written: a
/// line break in a TAB-delimited file, a value longer than an Excel cell in a workbook.
#[test]
fn values_the_output_cannot_hold_are_row_rejects_not_a_stopped_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // ADMIN_NUMBER has no maximum length of its own and, without a list of types, no code
    // check: only the workbook's cell limit stands in its way.
    let long = format!("SIRET={}", "1".repeat(40_000));
    write_file(
        d,
        "people.csv",
        &format!("id,name,remark,admin\n1,Anna,fine,\n2,Beat,\"two\nlines\",\n3,Cora,ok,{long}\n"),
    );
    let config = |output: &str| {
        format!(
            "[migration]\nname = \"limits\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[output]\n{output}\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\nREMARK = \"remark\"\nADMIN_NUMBER = \"admin\"\n"
        )
    };
    write_file(
        d,
        "tab.toml",
        &config("formats = [\"csv\"]\ndelimiter = \"\\t\""),
    );
    let (stdout, _) = expect(
        &run_in(d, &["run", "tab.toml", "--out", "tab", "--json"]),
        0,
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_rejected"], 1, "{stdout}");
    let rejects = std::fs::read_to_string(d.join("tab/rejects.csv")).unwrap();
    assert!(rejects.contains("tab-file"), "{rejects}");

    write_file(d, "xlsx.toml", &config("formats = [\"csv\", \"xlsx\"]"));
    let (stdout, _) = expect(
        &run_in(d, &["run", "xlsx.toml", "--out", "xlsx", "--json"]),
        0,
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["rows_written"], 2, "{stdout}");
    let rejects = std::fs::read_to_string(d.join("xlsx/rejects.csv")).unwrap();
    assert!(
        rejects.contains("excel-cell-limit"),
        "{}",
        &rejects[..200.min(rejects.len())]
    );
    // The long value stands whole once, in its source column; the value column and the
    // message quote its beginning and its length.
    let rows = csv_rows(rejects.as_bytes());
    let header = &rows[0];
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let cora = rows.iter().find(|r| r[0] == "3").unwrap();
    assert_eq!(cora[at("admin")], long);
    let value = &cora[at("stx_value")];
    assert!(
        value.chars().count() < 1_100 && value.ends_with("(40006 characters)"),
        "{}",
        &value[..100]
    );
    assert!(cora[at("stx_message")].len() < 1_000);
}

/// SIGTERM during a run: exit 143, a message saying so, and nothing left behind (no
/// `.partial` file, no contact file under its final name, no spill folder).
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_people_and_migration(d, 400_000, "long", "batch-rows = 5000\n");
    let child = bin()
        .current_dir(d)
        .args(["run", "m.toml", "--out", "out", "--quiet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Until the run has written something: its folder holds temporary files.
    let started = std::time::Instant::now();
    while !std::fs::read_dir(d.join("out")).is_ok_and(|mut e| e.next().is_some()) {
        assert!(
            started.elapsed().as_secs() < 60,
            "the run never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let (_, stderr) = expect(&out, 143);
    assert!(stderr.contains("interrupted by SIGTERM"), "{stderr}");
    let left = file_names(&d.join("out"));
    assert!(left.is_empty(), "left behind: {left:?}");
    // The run state says so.
    let (stdout, _) = expect(&run_in(d, &["runs", "m.toml", "--json"]), 0);
    let runs: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(runs[0]["status"], "interrupted", "{runs}");
    assert!(runs[0]["message"].as_str().unwrap().contains("SIGTERM"));
    // The next run starts clean: not refused as a run in progress, and recorded completed.
    expect(
        &run_in(d, &["run", "m.toml", "--out", "again", "--quiet"]),
        0,
    );
    let (stdout, _) = expect(&run_in(d, &["runs", "m.toml", "--json"]), 0);
    let runs: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(runs[1]["status"], "completed", "{runs}");
}

/// A mysqldump whose `CREATE TABLE` says BOOLEAN (mysqldump writes tinyint(1)) is read as the
/// live MariaDB connector reads it, booleans, so `CASE WHEN active = 1` means the same.
#[test]
fn a_boolean_column_of_a_mysqldump_reads_as_the_live_connector_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(
        d,
        "legacy.sql",
        "-- MySQL dump 10.13  Distrib 8.0.36\n\
         CREATE TABLE `customer` (`id` int NOT NULL, `name` varchar(20), `active` BOOLEAN, `vip` tinyint(1), `flag` bit(1));\n\
         INSERT INTO `customer` VALUES (1,'Anna',1,0,0x01),(2,'Beat',0,1,0x00);\n",
    );
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"bool\"\n[source]\npath = \"legacy.sql\"\n[read]\nquery = \"SELECT id, name, CASE WHEN active = 1 THEN 'active' ELSE 'inactive' END AS state, vip, flag FROM customer ORDER BY id\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\nREMARK = \"state\"\n",
    );
    expect(&run_in(d, &["run", "m.toml", "--out", "out", "--quiet"]), 0);
    let states = contact_column(&d.join("out/contacts.csv"), "REMARK");
    assert_eq!(states, ["active", "inactive"]);
    let (stdout, _) = expect(
        &run_in(d, &["inspect", "legacy.sql", "--table", "customer"]),
        0,
    );
    for line in ["active", "vip", "flag"] {
        let described = stdout
            .lines()
            .find(|l| l.contains(line))
            .unwrap_or_default();
        assert!(
            described.to_lowercase().contains("bool"),
            "{line}: {stdout}"
        );
    }
}

/// The accounting counts what the writers wrote: a row dropped on its way to the writer (a
/// fault made on purpose, in debug builds only) fails the run with exit code 5, names the
/// source row, and publishes no contact file.
#[cfg(debug_assertions)]
#[test]
fn a_row_lost_on_its_way_to_the_writer_fails_the_run_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(d, "people.csv", "id,name\n1,Anna\n2,Beat\n3,Cora\n4,Dora\n");
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"lost\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[output]\nformats = [\"csv\", \"xlsx\"]\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\n",
    );
    expect(&run_in(d, &["run", "m.toml", "--out", "ok", "--quiet"]), 0);
    let out = bin()
        .current_dir(d)
        .env("STX_TEST_DROP_ROW", "4")
        .args(["run", "m.toml", "--out", "lost"])
        .output()
        .unwrap();
    let (_, stderr) = expect(&out, 5);
    assert!(stderr.contains("accounting mismatch"), "{stderr}");
    assert!(
        stderr.contains(
            "1 source row(s) neither in a contact file nor in rejects.csv nor merged nor unchanged: source row 4"
        ),
        "{stderr}"
    );
    let names = file_names(&d.join("lost"));
    assert!(
        !names.iter().any(|n| n.starts_with("contacts")),
        "contact files published: {names:?}"
    );
    let protocol = json(&d.join("lost/protocol.json"));
    assert_eq!(protocol["accounting_ok"], false, "{protocol}");
}

/// Values a spreadsheet would run are neutralised in rejects.csv and warnings.csv (an
/// apostrophe in front, recoverable), kept in contacts.csv (SecuTix reads text) with a
/// `formula-like` warning, and exactly `=` (SecuTix's erase marker) passes without one.
#[test]
fn formula_like_values_are_neutralised_in_side_files_and_flagged_in_contacts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(
        d,
        "people.csv",
        "id,name,remark,mail\n\
         1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",=,anna@example.ch\n\
         2,,+41 22 345 67 89,=cmd|' /C calc'!A0\n\
         3,'quoted,@SUM(1),cora@example.ch\n",
    );
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"formulas\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n[institution]\ncode = \"X\"\n[rules.EMAIL1]\nrepairs = []\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\nREMARK = \"remark\"\nEMAIL1 = \"mail\"\n",
    );
    let (stdout, _) = expect(&run_in(d, &["run", "m.toml", "--out", "out", "--json"]), 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (&summary["rows_written"], &summary["rows_rejected"]),
        (&2.into(), &1.into()),
        "{stdout}"
    );
    let out = d.join("out");
    let rejects = csv_rows(&std::fs::read(out.join("rejects.csv")).unwrap());
    // Row 2 has no name: rejected, its values listed, the formula neutralised.
    let beat = rejects.iter().find(|r| r[0] == "2").unwrap();
    assert!(
        beat.contains(&"'=cmd|' /C calc'!A0".to_string()),
        "{beat:?}"
    );
    assert!(beat.contains(&"+41 22 345 67 89".to_string()), "{beat:?}");
    let warnings = csv_rows(&std::fs::read(out.join("warnings.csv")).unwrap());
    let flagged: Vec<(&str, &str)> = warnings
        .iter()
        .filter(|w| w[2] == "formula-like")
        .map(|w| (w[3].as_str(), w[5].as_str()))
        .collect();
    assert_eq!(
        flagged,
        [
            ("LASTNAME", "'=HYPERLINK(\"http://x\",\"y\")"),
            ("REMARK", "'@SUM(1)")
        ],
        "{warnings:?}"
    );
    assert!(warnings
        .iter()
        .filter(|w| w[2] == "formula-like")
        .all(|w| w[4] == "keep"));
    // contacts.csv holds the values as SecuTix will read them, the erase marker included.
    let names = contact_column(&out.join("contacts.csv"), "LASTNAME");
    assert_eq!(names, ["=HYPERLINK(\"http://x\",\"y\")", "'quoted"]);
    let remarks = contact_column(&out.join("contacts.csv"), "REMARK");
    assert_eq!(remarks, ["=", "@SUM(1)"]);
}

/// The output disk fills up: exit code 4, the file named, nothing left behind (a 256 KiB
/// tmpfs in a mount namespace of its own).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_ends_the_run_cleanly_with_exit_code_4() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_people_and_migration(d, 20_000, "full", "");
    std::fs::create_dir(d.join("small")).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=256k tmpfs small || exit 99\n\
         '{}' run m.toml --out small/run --quiet\n\
         code=$?\n\
         echo \"left: $(ls -A small/run 2>/dev/null | tr '\\n' ' ')\"\n\
         exit $code",
        env!("CARGO_BIN_EXE_stx-migrate")
    );
    let out = std::process::Command::new("unshare")
        .current_dir(d)
        .args(["-m", "sh", "-c", &script])
        .output()
        .expect("unshare runs");
    let (stdout, stderr) = expect(&out, 4);
    // The file that filled the disk is named (the spill of the whole-run stage or a contact
    // file, whichever grew first).
    assert!(stderr.contains("small/run/"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(stdout.trim(), "left:", "{stdout}");
}

/// A run over its memory budget stops with exit code 6 and says what to change, and
/// publishes nothing (the binary alone holds more than the 16 MiB asked for here).
#[test]
fn a_run_over_its_memory_budget_stops_with_exit_code_6() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(d, "people.csv", "id,name\n1,Anna\n2,Beat\n");
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"budget\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\nmemory-budget = \"16 MiB\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"name\"\n",
    );
    let (_, stderr) = expect(&run_in(d, &["run", "m.toml", "--out", "out"]), 6);
    assert!(
        stderr.contains("more than its memory budget of"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[read] memory-budget = \"16 MiB\""),
        "{stderr}"
    );
    let left = if d.join("out").exists() {
        file_names(&d.join("out"))
    } else {
        Vec::new()
    };
    assert!(!left.iter().any(|n| n.starts_with("contacts")), "{left:?}");
    write_file(
        d,
        "bad.toml",
        &std::fs::read_to_string(d.join("m.toml"))
            .unwrap()
            .replace("16 MiB", "lots"),
    );
    let (_, stderr) = expect(&run_in(d, &["run", "bad.toml", "--out", "bad"]), 2);
    assert!(stderr.contains("is not a memory size"), "{stderr}");
}

/// An UPDATE or CONFIG row carries exactly what was mapped: the profile's defaults (TITLE
/// UNDEFINED, ORGANIZATION *) fill INSERT rows only, so an update never overwrites a stored
/// value with a default. `=` is no name, TOWN and TOWN_COMPLEMENT share 99 characters, a
/// web address keeps the scheme it has, and the report counts the contacts INSERT rows
/// create.
#[test]
fn update_rows_carry_only_what_was_mapped_and_the_format_rules_read_values_as_secutix_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let town = "T".repeat(60);
    let complement = "C".repeat(40);
    write_file(
        d,
        "people.csv",
        &format!(
            "nr,op,mail,first,last,web,town,compl\n\
             100,UPDATE,new@mail.ch,,,,,\n\
             101,,anna@mail.ch,Anna,Muster,HTTP://ACME.CH,Genève,\n\
             102,INSERT,beat@mail.ch,=,,,,\n\
             103,,cora@mail.ch,Cora,,,{town},{complement}\n\
             104,,dora@mail.ch,Dora,,acme.ch,{town},{}\n",
            &complement[..39]
        ),
    );
    write_file(
        d,
        "m.toml",
        "[migration]\nname = \"update\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"nr\"\n[institution]\ncode = \"X\"\n[map]\nCONTACT_NR = \"nr\"\nOPERATION = \"op\"\nEMAIL1 = \"mail\"\nFIRSTNAME = \"first\"\nLASTNAME = \"last\"\nWEB_SITE = \"web\"\nTOWN = \"town\"\nTOWN_COMPLEMENT = \"compl\"\n",
    );
    let (stdout, _) = expect(&run_in(d, &["run", "m.toml", "--out", "out", "--json"]), 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (&summary["rows_written"], &summary["rows_rejected"]),
        (&3.into(), &2.into()),
        "{stdout}"
    );
    let rows = csv_rows(&std::fs::read(d.join("out/contacts.csv")).unwrap());
    let codes = &rows[3];
    let update = &rows[4];
    let filled: Vec<(&str, &str)> = codes
        .iter()
        .zip(update)
        .filter(|(_, v)| !v.is_empty())
        .map(|(c, v)| (c.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        filled,
        [
            ("INSTITUTION", "X"),
            ("OPERATION", "UPDATE"),
            ("CONTACT_NR", "100"),
            ("EMAIL1", "new@mail.ch")
        ]
    );
    let value =
        |row: &[String], code: &str| row[codes.iter().position(|c| c == code).unwrap()].clone();
    let anna = &rows[5];
    assert_eq!(value(anna, "TITLE"), "UNDEFINED");
    assert_eq!(value(anna, "ORGANIZATION"), "*");
    assert_eq!(value(anna, "OPERATION"), "INSERT");
    assert_eq!(value(anna, "WEB_SITE"), "http://ACME.CH");
    assert_eq!(value(&rows[6], "WEB_SITE"), "http://acme.ch");
    let rejects = std::fs::read_to_string(d.join("out/rejects.csv")).unwrap();
    let rejected: Vec<Vec<String>> = csv_rows(rejects.as_bytes());
    let rule_of = |nr: &str| {
        let row = rejected.iter().find(|r| r[0] == nr).unwrap();
        row[rejected[0].iter().position(|h| h == "stx_rule").unwrap()].clone()
    };
    assert_eq!(rule_of("102"), "names-required");
    assert_eq!(rule_of("103"), "town-length");
    let report = json(&d.join("out/report.json"));
    assert_eq!(report["counts"]["individuals"], 2, "{}", report["counts"]);
}

/// `check` judges what SecuTix will read: a value a rule would normalise is a warning naming
/// the form SecuTix needs (and a rejected row's warnings are listed too), a length is judged
/// on the value as written, an empty INSTITUTION is a finding even with `--migration`, and a
/// UTF-8 byte-order mark and quotes in a TAB file are file problems.
#[test]
fn check_judges_values_as_written_and_names_bom_and_tab_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_run(d, 20, "demo/run");
    let csv = std::fs::read_to_string(d.join("demo/run/contacts.csv")).unwrap();
    let mut rows = csv_rows(csv.as_bytes());
    let codes = rows[3].clone();
    let at = |code: &str| codes.iter().position(|c| c == code).unwrap();
    let (country, institution, phone) = (at("COUNTRY"), at("INSTITUTION"), at("TELEPHONE"));
    rows[4][country] = "ch".into(); // normalised to CH by a run
    rows[5][institution] = String::new(); // a run would fill it from the migration
    rows[6][phone] = "+44 (0)20 7946 0958".into(); // 19 characters as written, Text 15
                                                   // A quote in a TAB file.
    rows[7][at("LASTNAME")] = "O\"Brien".into();
    // Row 9 takes the number of row 6, which is rejected for its INSTITUTION.
    let taken = rows[5][at("CONTACT_NR")].clone();
    rows[8][at("CONTACT_NR")] = taken;
    let tab: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
    std::fs::write(d.join("tab.txt"), format!("\u{feff}{tab}")).unwrap();
    let summary = check_json(d, "tab.txt", "demo/migration.toml", "c", 1);
    let problems = summary["file_problems"].to_string();
    assert!(problems.contains("byte-order mark"), "{problems}");
    assert!(
        problems.contains("quote character(s) in a TAB-delimited file, the first on row 8"),
        "{problems}"
    );
    let warnings = csv_rows(&std::fs::read(d.join("c/warnings.csv")).unwrap());
    assert!(
        warnings.iter().any(|w| w[2] == "as-written"
            && w[3] == "COUNTRY"
            && w[5] == "ch"
            && w[6].contains("the form it needs is 'CH'")),
        "{warnings:?}"
    );
    let rejects = std::fs::read_to_string(d.join("c/rejects.csv")).unwrap();
    assert!(
        rejects.contains("INSTITUTION is mandatory and empty"),
        "{rejects}"
    );
    assert!(rejects.contains("max-length"), "{rejects}");
    assert!(
        rejects.contains("is already used by source row 6 (a row rejected for another reason"),
        "{rejects}"
    );
}

/// A contact file saved by a spreadsheet: numbers stored as numbers (a phone without its `+`,
/// a postcode without its leading zero, a contact number without its zeros), a serial date,
/// scientific notation and a boolean in German. `check` names each damage once per column
/// with its count, and the opt-in repairs restore the original values exactly.
#[test]
fn spreadsheet_damage_is_named_per_column_and_the_repairs_restore_the_originals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_run(d, 20, "demo/run");
    let csv = std::fs::read_to_string(d.join("demo/run/contacts.csv")).unwrap();
    let rows = csv_rows(csv.as_bytes());
    let codes = rows[3].clone();
    let at = |code: &str| codes.iter().position(|c| c == code).unwrap() as u16;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().take(4).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    // Ten contacts as the spreadsheet left them; the originals in comments.
    for i in 0..10u32 {
        let r = 4 + i;
        let nr = format!("00001{i:02}");
        sheet.write_string(r, at("INSTITUTION"), "DEMO").unwrap();
        sheet
            .write_string(r, at("LASTNAME"), format!("Name {i}"))
            .unwrap();
        sheet.write_string(r, at("COUNTRY"), "FR").unwrap();
        match i {
            // CONTACT_NR 0000100 → 100, as a number.
            0 => sheet.write_number(r, at("CONTACT_NR"), 100.0).unwrap(),
            _ => sheet.write_string(r, at("CONTACT_NR"), &nr).unwrap(),
        };
        if i < 3 {
            // +33612345678 → 33612345678; postcode 06017 → 6017.
            sheet
                .write_number(r, at("CELLPHONE"), 33_612_345_670.0 + f64::from(i))
                .unwrap();
            sheet.write_number(r, at("ZIPCODE"), 6017.0).unwrap();
        }
        if i == 3 {
            sheet.write_number(r, at("BIRTHDATE"), 25_642.0).unwrap();
            sheet.write_string(r, at("REMARK"), "1.23457E+17").unwrap();
            sheet.write_string(r, at("LETTER"), "WAHR").unwrap();
        }
    }
    workbook.save(d.join("damaged.xlsx")).unwrap();
    let summary = check_json(d, "damaged.xlsx", "demo/migration.toml", "c", 1);
    let problems: Vec<(String, String)> = summary["file_problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["message"]
                .as_str()
                .unwrap()
                .starts_with("spreadsheet damage")
        })
        .map(|p| {
            (
                p["column"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let said = |column: &str, words: &str| {
        problems
            .iter()
            .any(|(c, m)| c == column && m.contains(words))
    };
    assert!(
        said("CELLPHONE", "3 phone numbers that lost their leading '+'"),
        "{problems:#?}"
    );
    assert!(
        said("ZIPCODE", "3 postcodes shorter than their country's"),
        "{problems:#?}"
    );
    assert!(
        said(
            "CONTACT_NR",
            "1 contact numbers shorter than the file's usual width"
        ),
        "{problems:#?}"
    );
    assert!(said("BIRTHDATE", "serial day numbers"), "{problems:#?}");
    assert!(said("REMARK", "scientific notation"), "{problems:#?}");
    assert!(said("LETTER", "spreadsheet's language"), "{problems:#?}");
    // The workbook's own cell types: numbers in text columns.
    assert!(
        said(
            "CONTACT_NR",
            "1 cell(s) of CONTACT_NR, a text column, are stored as numbers"
        ),
        "{problems:#?}"
    );
    assert!(said("CELLPHONE", "3 cell(s) of CELLPHONE"), "{problems:#?}");
    // The repairs, opted into by the migration, give back exactly what was written before.
    let migration = std::fs::read_to_string(d.join("demo/migration.toml")).unwrap();
    std::fs::write(
        d.join("demo/repair.toml"),
        format!("{migration}\n[rules.CELLPHONE]\nrepairs = [\"restore-plus\"]\n"),
    )
    .unwrap();
    let out = run_in(
        d,
        &[
            "check",
            "damaged.xlsx",
            "--migration",
            "demo/repair.toml",
            "--out",
            "r",
            "--json",
        ],
    );
    expect(&out, 1);
    let warnings = csv_rows(&std::fs::read(d.join("r/warnings.csv")).unwrap());
    let mut needed: Vec<(String, String)> = warnings
        .iter()
        .filter(|w| w[2] == "restore-plus" || w[2] == "restore-zeros")
        .map(|w| {
            (
                w[5].clone(),
                w[6].rsplit('\'').nth(1).unwrap_or("").to_string(),
            )
        })
        .collect();
    needed.sort();
    assert_eq!(
        needed,
        [
            ("33612345670".to_string(), "+33612345670".to_string()),
            ("33612345671".into(), "+33612345671".into()),
            ("33612345672".into(), "+33612345672".into()),
            ("6017".into(), "06017".into()),
            ("6017".into(), "06017".into()),
            ("6017".into(), "06017".into()),
        ],
        "{warnings:#?}"
    );
}

/// Our own demo `contacts.csv`, opened in LibreOffice Calc and saved as `.xlsx` (a real
/// spreadsheet program, headless): `check` names the phones that lost their `+` and the
/// postcodes that lost their zeros, and the repairs give back exactly the values of the CSV.
/// Needs `soffice` (Debian's libreoffice-calc-nogui); skipped without it unless
/// `STX_REQUIRE_LIBREOFFICE=1`, as in CI.
#[test]
fn a_file_saved_by_libreoffice_is_recognised_and_restored_exactly() {
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("STX_REQUIRE_LIBREOFFICE").as_deref() != Ok("1"),
            "STX_REQUIRE_LIBREOFFICE=1 but soffice is not on PATH"
        );
        eprintln!("skipped: soffice (LibreOffice) is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_run(d, 200, "demo/run");
    let profile_dir = d.join("lo-profile");
    let converted = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile_dir.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir", "lo"])
        .arg("demo/run/contacts.csv")
        .current_dir(d)
        .output()
        .unwrap();
    assert!(d.join("lo/contacts.xlsx").exists(), "{converted:?}");
    let original = csv_rows(&std::fs::read(d.join("demo/run/contacts.csv")).unwrap());
    let codes = original[3].clone();
    let repairs = "\n[rules.TELEPHONE]\nrepairs = [\"restore-plus\"]\n[rules.FAX]\nrepairs = [\"restore-plus\"]\n[rules.CELLPHONE]\nrepairs = [\"restore-plus\"]\n";
    let migration = std::fs::read_to_string(d.join("demo/migration.toml")).unwrap();
    std::fs::write(d.join("demo/repair.toml"), format!("{migration}{repairs}")).unwrap();
    let summary = check_json(d, "lo/contacts.xlsx", "demo/repair.toml", "c", 0);
    let problems = summary["file_problems"].to_string();
    for column in ["TELEPHONE", "CELLPHONE"] {
        assert!(
            problems.contains(&format!(
                "\"column\":\"{column}\",\"message\":\"spreadsheet damage:"
            )),
            "{column}: {problems}"
        );
    }
    // Every contact number lost its zeros alike: their shapes cannot tell, the cell types do.
    assert!(
        problems.contains("of CONTACT_NR, a text column, are stored as numbers"),
        "{problems}"
    );
    let warnings = csv_rows(&std::fs::read(d.join("c/warnings.csv")).unwrap());
    let mut restored = 0;
    for w in warnings.iter().skip(1) {
        if w[2] != "restore-plus" && w[2] != "restore-zeros" {
            continue;
        }
        let row: usize = w[0].parse().unwrap();
        let column = codes.iter().position(|c| *c == w[3]).unwrap();
        let needed = w[6].rsplit('\'').nth(1).unwrap();
        assert_eq!(needed, original[row - 1][column], "{w:?}");
        restored += 1;
    }
    assert!(restored > 100, "{restored} values restored");
}

#[path = "cli/dedupe.rs"]
mod dedupe;

#[path = "cli/runs.rs"]
mod runs;

#[path = "cli/delta.rs"]
mod delta;

#[path = "cli/profile.rs"]
mod profile;

#[path = "cli/init.rs"]
mod init;

#[path = "cli/service.rs"]
mod service;

#[path = "cli/serve.rs"]
mod serve;
