//! The J-7 → J-1 → J cycle through the binary, on the demo database: a full run, a changed
//! extraction re-run as a delta (INSERT, UPDATE with only the changed columns, `=`, gone),
//! the false-delete guard, reconciliation with a SecuTix export, `diff`; contact numbers
//! allocated stably across runs; notification of a local HTTP server.

use std::collections::BTreeMap;
use std::path::Path;

use super::{expect, run_in};

/// The data rows of a SecuTix contact file, by column code.
pub(super) fn contact_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let codes_row = records
        .iter()
        .position(|r| r.iter().any(|c| c == "CONTACT_NR"))
        .expect("a codes row");
    let codes: Vec<String> = records[codes_row].iter().map(str::to_string).collect();
    records[codes_row + 1..]
        .iter()
        .map(|r| {
            codes
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

pub(super) fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(str::to_string)
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn summary(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// Runs `stx-migrate --json ARGS` in `dir`, expecting exit code 0: stdout and its JSON.
fn json_ok(dir: &Path, args: &[&str]) -> (String, serde_json::Value) {
    let args: Vec<&str> = std::iter::once("--json")
        .chain(args.iter().copied())
        .collect();
    let (stdout, _) = expect(&run_in(dir, &args), 0);
    let parsed = summary(&stdout);
    (stdout, parsed)
}

/// Runs `work` with a connection to an SQLite database, on a runtime of its own.
fn with_sqlite<T>(db: &Path, work: impl AsyncFnOnce(&mut sqlx::SqliteConnection) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", db.display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        work(&mut conn).await
    })
}

/// Runs SQL statements (this test's own, built from the demo's numbers).
fn sql(db: &Path, statements: &[String]) {
    with_sqlite(db, async |conn| {
        for s in statements {
            sqlx::query(sqlx::AssertSqlSafe(s.clone()))
                .execute(&mut *conn)
                .await
                .unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    })
}

/// The one integer an SQLite query gives.
fn sql_count(db: &Path, query: &str) -> i64 {
    with_sqlite(db, async |conn| {
        sqlx::query_scalar(sqlx::AssertSqlSafe(query.to_string()))
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    })
}

/// Customers of the J-7 file that have a number, an e-mail and a country, by number: the
/// rows the delta changes.
fn numbered_with_email(rows: &[BTreeMap<String, String>]) -> Vec<BTreeMap<String, String>> {
    rows.iter()
        .filter(|r| {
            !r["CONTACT_NR"].is_empty()
                && !r["EMAIL1"].is_empty()
                && !r["COUNTRY"].is_empty()
                && !r["LASTNAME"].is_empty()
                && r["OFFICIAL_NAME"].is_empty()
        })
        .cloned()
        .collect()
}

type Row = BTreeMap<String, String>;

fn number(r: &Row) -> String {
    r["CONTACT_NR"].clone()
}

#[test]
fn j7_j1_j_cycle_on_the_demo_database() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // J-7: a full run, tagged.
    super::demo_300(d, "demo/j7");
    let demo = d.join("demo");
    let j7 = contact_rows(&demo.join("j7/contacts.csv"));
    let picked = numbered_with_email(&j7);
    assert!(picked.len() >= 6, "{} usable rows", picked.len());
    let db = demo.join("legacy.db");
    let new_country = change_the_extraction(&db, &picked);
    let changed_columns = the_delta_writes_only_changes(&demo, &picked, new_country);
    diff_names_the_changed_columns(&demo, &changed_columns);
    a_partial_extraction_is_refused(&demo, &db);
    rows_not_imported_are_sent_again(&demo, &j7);
}

/// One last name edited, one customer deleted, one e-mail emptied, one country changed, one
/// customer added; the new country is returned.
fn change_the_extraction(db: &Path, picked: &[Row]) -> &'static str {
    let (edited, gone, emptied, moved) = (&picked[0], &picked[1], &picked[2], &picked[3]);
    let by_number =
        |n: String| format!("(SELECT cust_id FROM customer WHERE trim(cust_no) = '{n}')");
    let new_country = if moved["COUNTRY"] == "DE" { "FR" } else { "DE" };
    sql(
        db,
        &[
            format!("UPDATE customer SET last_name = 'Neuname' WHERE cust_id = {}", by_number(number(edited))),
            format!("DELETE FROM address WHERE cust_id = {}", by_number(number(gone))),
            format!("DELETE FROM customer WHERE cust_id = {}", by_number(number(gone))),
            format!("UPDATE customer SET email = NULL WHERE cust_id = {}", by_number(number(emptied))),
            format!("UPDATE address SET country = '{new_country}' WHERE addr_kind = 'MAIN' AND cust_id = {}", by_number(number(moved))),
            "INSERT INTO customer (cust_id, cust_no, kind, civility, first_name, last_name, lang, email, newsletter) \
             VALUES (900001, '7770001', 'P', 'Mr', 'Neu', 'Kunde', 'de', 'neu.kunde@example.ch', 1)".into(),
        ],
    );
    new_country
}

/// J-1: the delta of the changed extraction; returns the columns it changed.
fn the_delta_writes_only_changes(
    demo: &Path,
    picked: &[Row],
    new_country: &str,
) -> std::collections::BTreeSet<String> {
    let (edited, gone, emptied, moved) = (&picked[0], &picked[1], &picked[2], &picked[3]);
    let (stdout, s) = json_ok(
        demo,
        &[
            "run",
            "migration.toml",
            "--since",
            "last",
            "--out",
            "j1",
            "--tag",
            "j-1",
        ],
    );
    let read = s["rows_read"].as_u64().unwrap();
    assert_eq!(
        read,
        s["rows_written"].as_u64().unwrap()
            + s["rows_rejected"].as_u64().unwrap()
            + s["rows_merged"].as_u64().unwrap()
            + s["rows_unchanged"].as_u64().unwrap(),
        "{stdout}"
    );
    assert_eq!(s["delta"]["inserted"], 1, "{stdout}");
    assert_eq!(s["delta"]["updated"], 3, "{stdout}");
    assert_eq!(s["delta"]["gone"], 1, "{stdout}");
    let j1 = contact_rows(&demo.join("j1/contacts.csv"));
    assert_eq!(j1.len(), 4, "{j1:?}");
    let row_of = |n: String| {
        j1.iter()
            .find(|r| r["CONTACT_NR"] == n)
            .unwrap_or_else(|| panic!("{n} in {j1:?}"))
    };
    let filled = |r: &BTreeMap<String, String>| -> BTreeMap<String, String> {
        r.iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let update = |n: String, column: &str, value: &str| {
        let expected: BTreeMap<String, String> = [
            ("OPERATION", "UPDATE"),
            ("CONTACT_NR", n.as_str()),
            ("INSTITUTION", "DEMO"),
            ("ORGANIZATION", "*"),
            (column, value),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(filled(row_of(n.clone())), expected);
    };
    update(number(edited), "LASTNAME", "Neuname");
    update(number(emptied), "EMAIL1", "=");
    // A new country may change how the value rules write other columns (a postcode gets the
    // new country's leading zero): those are changed columns too, and only those.
    let row = filled(row_of(number(moved)));
    assert_eq!(row["COUNTRY"], new_country);
    let mut changed_columns: std::collections::BTreeSet<String> =
        ["EMAIL1".to_string(), "LASTNAME".to_string()].into();
    for (column, value) in &row {
        if !["OPERATION", "CONTACT_NR", "INSTITUTION", "ORGANIZATION"].contains(&column.as_str()) {
            assert_ne!(
                &moved[column], value,
                "{column} unchanged but written: {row:?}"
            );
            changed_columns.insert(column.clone());
        }
    }
    let inserted = row_of("7770001".into());
    assert_eq!(inserted["LASTNAME"], "Kunde");
    assert!(inserted["OPERATION"].is_empty() || inserted["OPERATION"] == "INSERT");
    // The delta file is a SecuTix file as `check` reads it: every UPDATE row importable.
    let (stdout, checked) = json_ok(
        demo,
        &["check", "j1/contacts.csv", "--migration", "migration.toml"],
    );
    assert_eq!(checked["rows_rejected"], 0, "{stdout}");
    let report = std::fs::read_to_string(demo.join("j1/report.html")).unwrap();
    assert!(
        report.contains("Every row read is accounted for")
            && report.contains(&format!(
                "id=\"count-unchanged\">{}</span>",
                s["rows_unchanged"]
            )),
        "the report's identity counts the unchanged rows"
    );
    let gone_rows = csv_rows(&demo.join("j1/gone.csv"));
    assert_eq!(gone_rows.len(), 1);
    assert_eq!(gone_rows[0]["contact_nr"], number(gone));
    assert_eq!(gone_rows[0]["action"], "listed");

    changed_columns
}

/// diff j7 → j-1: per column.
fn diff_names_the_changed_columns(
    demo: &Path,
    changed_columns: &std::collections::BTreeSet<String>,
) {
    let (stdout, diff) = json_ok(demo, &["diff", "migration.toml", "j7", "j-1"]);
    assert_eq!(
        (
            diff["added"].as_u64(),
            diff["gone"].as_u64(),
            diff["changed"].as_u64()
        ),
        (Some(1), Some(1), Some(3)),
        "{stdout}"
    );
    let columns: Vec<&str> = diff["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["column"].as_str().unwrap())
        .collect();
    assert_eq!(
        columns
            .iter()
            .copied()
            .map(str::to_string)
            .collect::<std::collections::BTreeSet<_>>(),
        *changed_columns
    );
}

/// A second delta writes nothing; a third of the customers missing stops the run before
/// writing, unless `--allow-gone`.
fn a_partial_extraction_is_refused(demo: &Path, db: &Path) {
    // A second delta on the same extraction: nothing to write.
    let (stdout, s) = json_ok(
        demo,
        &["run", "migration.toml", "--since", "last", "--out", "j1b"],
    );
    assert_eq!(
        (s["rows_written"].as_u64(), s["delta"]["gone"].as_u64()),
        (Some(0), Some(0)),
        "{stdout}"
    );

    // The false-delete guard: a third of the customers missing stops the run before writing.
    sql(db, &["DELETE FROM address WHERE cust_id IN (SELECT cust_id FROM customer WHERE cust_id % 3 = 0)".into(),
               "DELETE FROM contact_person WHERE company_id IN (SELECT cust_id FROM customer WHERE cust_id % 3 = 0)".into(),
               "DELETE FROM customer WHERE cust_id % 3 = 0".into()]);
    let (_, stderr) = expect(
        &run_in(
            demo,
            &[
                "run",
                "migration.toml",
                "--since",
                "last",
                "--out",
                "partial",
                "-q",
            ],
        ),
        2,
    );
    assert!(
        stderr.contains("are not in this extraction") && stderr.contains("--allow-gone"),
        "{stderr}"
    );
    assert!(!demo.join("partial/contacts.csv").exists());
    let (stdout, s) = json_ok(
        demo,
        &[
            "run",
            "migration.toml",
            "--since",
            "j-1",
            "--allow-gone",
            "--out",
            "j",
        ],
    );
    let gone_now = s["delta"]["gone"].as_u64().unwrap();
    assert!(gone_now > 50, "{stdout}");
    assert_eq!(csv_rows(&demo.join("j/gone.csv")).len() as u64, gone_now);
}

/// Reconciliation with an export missing two J-7 rows (one other last name); the next delta
/// sends the missing ones again.
fn rows_not_imported_are_sent_again(demo: &Path, j7: &[Row]) {
    // Reconciliation: SecuTix holds the J-7 rows except two, one with another phone.
    let export = demo.join("export.csv");
    let mut kept: Vec<&BTreeMap<String, String>> =
        j7.iter().filter(|r| !r["CONTACT_NR"].is_empty()).collect();
    let dropped: Vec<String> = kept.drain(..2).map(number).collect();
    let mut w = csv::Writer::from_path(&export).unwrap();
    w.write_record(["CONTACT_NR", "LASTNAME", "EMAIL1"])
        .unwrap();
    for (i, r) in kept.iter().enumerate() {
        let last = if i == 0 {
            "Other".to_string()
        } else {
            r["LASTNAME"].clone()
        };
        w.write_record([
            r["CONTACT_NR"].as_str(),
            last.as_str(),
            r["EMAIL1"].as_str(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let (stdout, r) = json_ok(
        demo,
        &[
            "reconcile",
            "migration.toml",
            "j7",
            "--secutix-export",
            "export.csv",
        ],
    );
    assert_eq!(r["missing"], 2, "{stdout}");
    assert_eq!(r["different"]["LASTNAME"]["rows"], 1, "{stdout}");
    let not_imported = csv_rows(&demo.join("j7/not-imported.csv"));
    let listed: Vec<String> = not_imported
        .iter()
        .map(|r| r["contact_nr"].clone())
        .collect();
    assert_eq!(listed, dropped);
    assert!(not_imported.iter().all(|r| !r["key"].is_empty()));
    // The next delta sends what SecuTix did not import again (unless it is gone since).
    let gone_since: Vec<String> = csv_rows(&demo.join("j/gone.csv"))
        .into_iter()
        .map(|r| r["contact_nr"].clone())
        .collect();
    let expected: Vec<&String> = dropped.iter().filter(|n| !gone_since.contains(n)).collect();
    assert!(!expected.is_empty(), "the demo's seed keeps one of them");
    let (stdout, s) = json_ok(
        demo,
        &["run", "migration.toml", "--since", "last", "--out", "again"],
    );
    assert_eq!(
        s["delta"]["inserted"].as_u64(),
        Some(expected.len() as u64),
        "{stdout}"
    );
    let again: Vec<String> = contact_rows(&demo.join("again/contacts.csv"))
        .into_iter()
        .map(|r| r["CONTACT_NR"].clone())
        .collect();
    assert_eq!(again.iter().collect::<Vec<_>>(), expected);
}

#[test]
fn allocated_numbers_are_stable_across_runs_and_never_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let write_source = |ids: &[u32]| {
        let mut text = String::from("id,first,last\n");
        for id in ids {
            text.push_str(&format!("{id},Anna{id},Muster{id}\n"));
        }
        std::fs::write(d.join("people.csv"), text).unwrap();
    };
    let migration = |to: u32| {
        format!(
            "[migration]\nname = \"numbers\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n\
             [institution]\ncode = \"DEMO\"\n[map]\nFIRSTNAME = \"first\"\nLASTNAME = \"last\"\n\
             [output]\nformats = [\"csv\"]\n[numbers]\npolicy = \"allocate\"\nfrom = 5000\nto = {to}\nused = \"used.txt\"\n"
        )
    };
    std::fs::write(d.join("migration.toml"), migration(5009)).unwrap();
    std::fs::write(d.join("used.txt"), "5001\n").unwrap();
    let numbers = |out: &str| -> BTreeMap<String, String> {
        contact_rows(&d.join(out).join("contacts.csv"))
            .into_iter()
            .map(|r| (r["FIRSTNAME"].clone(), r["CONTACT_NR"].clone()))
            .collect()
    };
    write_source(&[1, 2, 3]);
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "r1", "-q"]),
        0,
    );
    let first = numbers("r1");
    assert_eq!(
        first.values().cloned().collect::<Vec<_>>(),
        ["5000", "5002", "5003"],
        "5001 is used in SecuTix"
    );
    // Key 2 gone, key 4 new: 4 gets a fresh number, not 2's.
    write_source(&[1, 3, 4]);
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "r2", "-q"]),
        0,
    );
    let second = numbers("r2");
    assert_eq!(second["Anna1"], first["Anna1"]);
    assert_eq!(second["Anna3"], first["Anna3"]);
    assert_eq!(second["Anna4"], "5004");
    // Key 2 back: its own number again.
    write_source(&[1, 2, 3, 4, 5]);
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "r3", "-q"]),
        0,
    );
    let third = numbers("r3");
    assert_eq!(third["Anna2"], first["Anna2"]);
    assert_eq!(third["Anna4"], "5004");
    assert_eq!(third["Anna5"], "5005");
    // A range too small for the new keys stops the run before anything is written.
    std::fs::write(d.join("migration.toml"), migration(5006)).unwrap();
    write_source(&[1, 2, 3, 4, 5, 6, 7, 8]);
    let (_, stderr) = expect(
        &run_in(d, &["run", "migration.toml", "--out", "r4", "-q"]),
        2,
    );
    assert!(
        stderr.contains("3 new contacts need a number, but only 1 are left"),
        "{stderr}"
    );
    assert!(!d.join("r4/contacts.csv").exists());
}

#[test]
fn a_finished_run_notifies_a_local_http_server_and_a_command() {
    use std::io::{Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        // Headers, then Content-Length bytes of body.
        loop {
            let n = stream.read(&mut buf).unwrap();
            received.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&received).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if received.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .unwrap();
        String::from_utf8_lossy(&received).to_string()
    });
    std::fs::write(d.join("people.csv"), "id,last\n1,Muster\n").unwrap();
    std::fs::write(
        d.join("migration.toml"),
        format!(
            "[migration]\nname = \"notified\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n\
             [institution]\ncode = \"DEMO\"\n[map]\nLASTNAME = \"last\"\n[output]\nformats = [\"csv\"]\n\
             [notify]\ncommand = \"echo \\\"$STX_RUN_ID $STX_RUN_STATUS\\\" > notified.txt\"\n\
             url = \"http://127.0.0.1:{port}/hook/${{STX_TEST_HOOK_TOKEN}}\"\n"
        ),
    )
    .unwrap();
    let out = super::bin()
        .current_dir(d)
        .env("STX_TEST_HOOK_TOKEN", "tok3n")
        .args(["run", "migration.toml", "--out", "n1", "-q"])
        .output()
        .unwrap();
    let (_, stderr) = expect(&out, 0);
    assert!(!stderr.contains("warning"), "{stderr}");
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /hook/tok3n "), "{request}");
    let body = &request[request.find("\r\n\r\n").unwrap() + 4..];
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["run_id"], "n1");
    assert_eq!(json["outcome"], "completed");
    assert_eq!(json["rows_written"], 1);
    assert_eq!(
        std::fs::read_to_string(d.join("notified.txt"))
            .unwrap()
            .trim(),
        "n1 completed"
    );
    // A notification that fails is a warning: the run still succeeds.
    let out = super::bin()
        .current_dir(d)
        .env_remove("STX_TEST_HOOK_TOKEN")
        .args(["run", "migration.toml", "--out", "n2", "-q"])
        .output()
        .unwrap();
    let (_, stderr) = expect(&out, 0);
    assert!(
        stderr.contains("STX_TEST_HOOK_TOKEN") && stderr.contains("warning"),
        "{stderr}"
    );
    assert!(!stderr.contains("tok3n"));
}

#[test]
fn kept_legacy_numbers_invalidated_when_gone_and_a_full_rerun_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("migration.toml"),
        "[migration]\nname = \"prefixed\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n\
         [institution]\ncode = \"DEMO\"\n[map]\nCONTACT_NR = \"nr\"\nLASTNAME = \"last\"\n[output]\nformats = [\"csv\"]\n\
         [numbers]\npolicy = \"prefix\"\nprefix = \"9\"\nfrom = 900\nto = 999\n\
         [delta]\ngone = \"invalidate\"\nmax-gone-share = 0.5\n",
    )
    .unwrap();
    std::fs::write(
        d.join("people.csv"),
        "id,nr,last\n1,11,Muster\n2,12,Beispiel\n3,1234,Zulang\n4,x4,Probe\n",
    )
    .unwrap();
    let (stdout, s) = json_ok(d, &["run", "migration.toml", "--out", "r1"]);
    // 91234 is outside 900..999 (the numbers stage), x4 is no number (the value rules): both
    // rejected, naming the reason.
    assert_eq!(s["rows_rejected"], 2, "{stdout}");
    let rejects = std::fs::read_to_string(d.join("r1/rejects.csv")).unwrap();
    assert!(
        rejects.contains("91234 is outside the reserved range 900..999")
            && rejects.contains("'x4' is not a valid CONTACT_NR"),
        "{rejects}"
    );
    let numbers: Vec<String> = contact_rows(&d.join("r1/contacts.csv"))
        .into_iter()
        .map(|r| r["CONTACT_NR"].clone())
        .collect();
    assert_eq!(numbers, ["911", "912"]);
    // The same input again, in full: the same bytes.
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "r1b", "-q"]),
        0,
    );
    assert_eq!(
        std::fs::read(d.join("r1/contacts.csv")).unwrap(),
        std::fs::read(d.join("r1b/contacts.csv")).unwrap()
    );
    // ... and no key row in the state: a key as the run before left it records nothing.
    let rows = |run: &str| {
        sql_count(
            &d.join(".stx-state.db"),
            &format!("SELECT count(*) FROM key_history WHERE run_id = '{run}'"),
        )
    };
    assert_eq!((rows("r1"), rows("r1b")), (2, 0));
    // Key 2 gone: an INVALIDATE row with its number.
    std::fs::write(d.join("people.csv"), "id,nr,last\n1,11,Muster\n").unwrap();
    let (stdout, s) = json_ok(
        d,
        &["run", "migration.toml", "--since", "last", "--out", "r2"],
    );
    assert_eq!(s["delta"]["gone"], 1, "{stdout}");
    let invalidate = contact_rows(&d.join("r2/contacts-invalidate.csv"));
    assert_eq!(invalidate.len(), 1);
    assert_eq!(invalidate[0]["OPERATION"], "INVALIDATE");
    assert_eq!(invalidate[0]["CONTACT_NR"], "912");
    assert_eq!(csv_rows(&d.join("r2/gone.csv"))[0]["action"], "invalidate");
    let (stdout, _) = expect(&run_in(d, &["runs", "migration.toml"]), 0);
    assert!(
        stdout.contains("r2") && stdout.contains("completed"),
        "{stdout}"
    );
}

#[test]
fn a_run_in_progress_on_another_machine_refuses_a_run_until_marked_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("people.csv"), "id,last\n1,Muster\n").unwrap();
    std::fs::write(
        d.join("migration.toml"),
        "[migration]\nname = \"shared\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n\
         [institution]\ncode = \"DEMO\"\n[map]\nLASTNAME = \"last\"\n[output]\nformats = [\"csv\"]\n",
    )
    .unwrap();
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "r1", "-q"]),
        0,
    );
    sql(
        &d.join(".stx-state.db"),
        &["INSERT INTO runs (run_id, migration_name, migration_sha256, status, started_at, host, pid, tool_version, source, out_dir) \
           VALUES ('other', 'shared', 'x', 'in-progress', '2026-12-06T10:00:00Z', 'elsewhere.example', 4242, '0', 'csv', '/x')".into()],
    );
    let (_, stderr) = expect(
        &run_in(d, &["run", "migration.toml", "--out", "r2", "-q"]),
        2,
    );
    assert!(
        stderr.contains("run other of migration shared is in progress")
            && stderr.contains("elsewhere.example")
            && stderr.contains("--mark-failed other"),
        "{stderr}"
    );
    expect(
        &run_in(d, &["runs", "migration.toml", "--mark-failed", "other"]),
        0,
    );
    let (_, stderr) = expect(
        &run_in(d, &["runs", "migration.toml", "--mark-failed", "other"]),
        2,
    );
    assert!(stderr.contains("no run other in progress"), "{stderr}");
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "r2", "-q"]),
        0,
    );
    let (stdout, _) = expect(&run_in(d, &["--json", "runs", "migration.toml"]), 0);
    let runs: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let other = runs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["run_id"] == "other")
        .unwrap();
    assert_eq!(other["status"], "failed");
    assert!(other["message"]
        .as_str()
        .unwrap()
        .contains("marked failed by hand"));
}

#[test]
fn a_column_mapped_later_is_sent_where_it_has_a_value() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("people.csv"),
        "id,first,last\n1,Anna,Muster\n2,,Beispiel\n",
    )
    .unwrap();
    let migration = |extra: &str| {
        format!(
            "[migration]\nname = \"grown\"\n[source]\npath = \"people.csv\"\n[read]\ntable = \"people\"\nkey = \"id\"\n\
             [institution]\ncode = \"DEMO\"\n[map]\nCONTACT_NR = \"id\"\nLASTNAME = \"last\"\n{extra}[output]\nformats = [\"csv\"]\n"
        )
    };
    std::fs::write(d.join("migration.toml"), migration("")).unwrap();
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "r1", "-q"]),
        0,
    );
    std::fs::write(
        d.join("migration.toml"),
        migration("FIRSTNAME = \"first\"\n"),
    )
    .unwrap();
    let (stdout, s) = json_ok(
        d,
        &["run", "migration.toml", "--since", "last", "--out", "r2"],
    );
    assert_eq!(
        (s["delta"]["updated"].as_u64(), s["rows_unchanged"].as_u64()),
        (Some(1), Some(1)),
        "{stdout}"
    );
    let rows = contact_rows(&d.join("r2/contacts.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0]["CONTACT_NR"].as_str(),
            rows[0]["FIRSTNAME"].as_str(),
            rows[0]["LASTNAME"].as_str()
        ),
        ("1", "Anna", "")
    );
}
