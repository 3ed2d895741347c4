//! The contact service's files through the binary, on the demo's output as the SecuTix export:
//! the exact rows of each operation, the guards of the destructive ones, the anonymization scan
//! of every output, DROP against the run state, and the `[old]`/`[new]` template round trip.

use std::collections::BTreeMap;
use std::path::Path;

use super::delta::{contact_rows, csv_rows};
use super::{demo_300, expect, run_in};

const MIGRATION: &str = "demo/migration.toml";
const EXPORT: &str = "j7/contacts.csv";

type Row = BTreeMap<String, String>;

/// The non-empty cells of a contact file row.
fn filled(row: &Row) -> BTreeMap<&str, &str> {
    row.iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The cells a service row must hold: INSTITUTION, ORGANIZATION, OPERATION and CONTACT_NR,
/// plus `more`.
fn service_row<'a>(
    operation: &'a str,
    number: &'a str,
    more: &[(&'a str, &'a str)],
) -> BTreeMap<&'a str, &'a str> {
    let mut row: BTreeMap<&str, &str> = [
        ("INSTITUTION", "DEMO"),
        ("ORGANIZATION", "*"),
        ("OPERATION", operation),
        ("CONTACT_NR", number),
    ]
    .into_iter()
    .collect();
    row.extend(more.iter().copied());
    row
}

/// `check --migration` of a service file passes.
fn passes_check(d: &Path, file: &str) {
    let (stdout, _) = expect(
        &run_in(
            d,
            &["check", file, "--migration", MIGRATION, "--out", "checked"],
        ),
        0,
    );
    assert!(stdout.contains("0 rejected"), "{stdout}");
}

/// The demo with its first run in `j7`, the export the service reads.
fn demo(d: &Path) -> Vec<Row> {
    demo_300(d, "j7");
    contact_rows(&d.join(EXPORT))
}

#[test]
fn each_operation_writes_exactly_its_rows_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let export = demo(d);
    update_writes_only_the_columns_given(d, &export);
    let numbers = invalidate_from_a_list_of_numbers(d, &export);
    delete_numbers_given_on_the_command_line(d, &numbers);
    qualify_contacts_after_a_config_row(d, &export);
    qualify_structures_and_reject_individuals(d, &export);
    each_file_is_a_recorded_run_with_its_protocol(d);
}

/// UPDATE: only the columns given; the others empty (unchanged in SecuTix).
fn update_writes_only_the_columns_given(d: &Path, export: &[Row]) {
    let out = run_in(
        d,
        &[
            "service",
            "update",
            MIGRATION,
            "--export",
            EXPORT,
            "--where",
            "COUNTRY = 'DE' AND EMAIL1 IS NOT NULL",
            "--set",
            "PREF_LANG='de'",
            "--set",
            "EMAIL2='='",
            "--columns",
            "EMAIL1",
            "--out",
            "update",
            "-q",
        ],
    );
    expect(&out, 0);
    let expected: Vec<_> = export
        .iter()
        .filter(|r| r["COUNTRY"] == "DE" && !r["EMAIL1"].is_empty())
        .map(|r| {
            service_row(
                "UPDATE",
                &r["CONTACT_NR"],
                &[
                    ("PREF_LANG", "de"),
                    ("EMAIL2", "="),
                    ("EMAIL1", &r["EMAIL1"]),
                ],
            )
        })
        .collect();
    assert!(expected.len() > 5, "{} German contacts", expected.len());
    let written = contact_rows(&d.join("update/contacts.csv"));
    assert_eq!(written.iter().map(filled).collect::<Vec<_>>(), expected);
    passes_check(d, "update/contacts.csv");
}

/// INVALIDATE from a list of numbers: the number, nothing else, in the list's order.
fn invalidate_from_a_list_of_numbers<'a>(d: &Path, export: &'a [Row]) -> Vec<&'a str> {
    let numbers: Vec<&str> = export
        .iter()
        .rev()
        .take(4)
        .map(|r| r["CONTACT_NR"].as_str())
        .collect();
    std::fs::write(
        d.join("numbers.txt"),
        format!("# gone\n{}\n{}\n", numbers.join("\n"), numbers[0]),
    )
    .unwrap();
    let out = run_in(
        d,
        &[
            "service",
            "invalidate",
            MIGRATION,
            "--contacts",
            "numbers.txt",
            "--allow-legacy-operations",
            "--confirm",
            "--out",
            "invalidate",
        ],
    );
    let (_, stderr) = expect(&out, 0);
    assert!(
        stderr.contains("1 row(s) repeat a contact number"),
        "{stderr}"
    );
    let written = contact_rows(&d.join("invalidate/contacts.csv"));
    let expected: Vec<_> = numbers
        .iter()
        .map(|n| service_row("INVALIDATE", n, &[]))
        .collect();
    assert_eq!(written.iter().map(filled).collect::<Vec<_>>(), expected);
    passes_check(d, "invalidate/contacts.csv");
    numbers
}

/// DELETE of numbers given on the command line.
fn delete_numbers_given_on_the_command_line(d: &Path, numbers: &[&str]) {
    let out = run_in(
        d,
        &[
            "service",
            "delete",
            MIGRATION,
            "--contact",
            numbers[0],
            "--contact",
            numbers[1],
            "--allow-legacy-operations",
            "--confirm",
            "--out",
            "delete",
            "-q",
        ],
    );
    expect(&out, 0);
    let written = contact_rows(&d.join("delete/contacts.csv"));
    let expected: Vec<_> = numbers[..2]
        .iter()
        .map(|n| service_row("DELETE", n, &[]))
        .collect();
    assert_eq!(written.iter().map(filled).collect::<Vec<_>>(), expected);
    passes_check(d, "delete/contacts.csv");
}

/// Qualify contacts: the CONFIG row declaring the codes, then the values only.
fn qualify_contacts_after_a_config_row(d: &Path, export: &[Row]) {
    let out = run_in(
        d,
        &[
            "service",
            "qualify-contacts",
            MIGRATION,
            "--export",
            EXPORT,
            "--where",
            "COUNTRY = 'IT'",
            "--criterion",
            "PREFCOL=Red|Green",
            "--criterion-from",
            "SEGMENT=upper(TOWN)",
            "--out",
            "criteria",
            "-q",
        ],
    );
    expect(&out, 0);
    let italian: Vec<&Row> = export.iter().filter(|r| r["COUNTRY"] == "IT").collect();
    let towns: Vec<String> = italian.iter().map(|r| r["TOWN"].to_uppercase()).collect();
    let mut expected = vec![[
        ("INSTITUTION", "DEMO"),
        ("ORGANIZATION", "*"),
        ("OPERATION", "CONFIG"),
        ("CRIT01", "PREFCOL"),
        ("CRIT02", "SEGMENT"),
    ]
    .into_iter()
    .collect::<BTreeMap<_, _>>()];
    for (r, town) in italian.iter().zip(&towns) {
        let mut row = service_row("UPDATE", &r["CONTACT_NR"], &[("CRIT01", "Red|Green")]);
        if !town.is_empty() {
            row.insert("CRIT02", town);
        }
        expected.push(row);
    }
    let written = contact_rows(&d.join("criteria/contacts.csv"));
    assert_eq!(written.iter().map(filled).collect::<Vec<_>>(), expected);
    passes_check(d, "criteria/contacts.csv");
}

/// Qualify structures: STRUCT_TYPE on structures; an individual is a reject.
fn qualify_structures_and_reject_individuals(d: &Path, export: &[Row]) {
    let out = run_in(
        d,
        &[
            "service",
            "qualify-structures",
            MIGRATION,
            "--export",
            EXPORT,
            "--where",
            "COUNTRY = 'CH'",
            "--structure-type",
            "VENUE",
            "--out",
            "structures",
            "-q",
        ],
    );
    expect(&out, 0);
    let swiss: Vec<&Row> = export.iter().filter(|r| r["COUNTRY"] == "CH").collect();
    let structures: Vec<_> = swiss
        .iter()
        .filter(|r| !r["OFFICIAL_NAME"].is_empty())
        .map(|r| service_row("UPDATE", &r["CONTACT_NR"], &[("STRUCT_TYPE", "VENUE")]))
        .collect();
    let individuals = swiss.len() - structures.len();
    assert!(!structures.is_empty() && individuals > 0);
    let written = contact_rows(&d.join("structures/contacts.csv"));
    assert_eq!(written.iter().map(filled).collect::<Vec<_>>(), structures);
    let rejects = csv_rows(&d.join("structures/rejects.csv"));
    assert_eq!(rejects.len(), individuals);
    assert!(rejects
        .iter()
        .all(|r| r["stx_rule"] == "service-individual"
            && r["stx_message"].contains("is an individual")));
    passes_check(d, "structures/contacts.csv");
}

/// Each service file is a run of the migration's state, with its protocol.
fn each_file_is_a_recorded_run_with_its_protocol(d: &Path) {
    let (stdout, _) = expect(&run_in(d, &["--json", "runs", MIGRATION]), 0);
    let runs: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let operations: Vec<(&str, Option<&str>)> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["run_id"].as_str().unwrap(), r["operation"].as_str()))
        .collect();
    assert_eq!(
        operations,
        vec![
            ("j7", None),
            ("update", Some("UPDATE")),
            ("invalidate", Some("INVALIDATE")),
            ("delete", Some("DELETE")),
            ("criteria", Some("UPDATE")),
            ("structures", Some("UPDATE")),
        ]
    );
    let protocol = super::json(&d.join("update/protocol.json"));
    let service = &protocol["service"];
    assert_eq!(service["command"], "service update");
    assert_eq!(
        service["selection"]["filter"],
        "COUNTRY = 'DE' AND EMAIL1 IS NOT NULL"
    );
    assert_eq!(service["selection"]["rows_read"], 300);
    assert_eq!(
        service["contacts"],
        expected_len(&d.join("update/contacts.csv"))
    );
    assert!(service["requested_by"].as_str().unwrap().contains('@'));
}

fn expected_len(path: &Path) -> u64 {
    contact_rows(path).len() as u64
}

#[test]
fn destructive_operations_are_guarded_and_bad_requests_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d);
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "service",
            "delete",
            MIGRATION,
            "--export",
            EXPORT,
            "--where",
            "COUNTRY = 'FR'",
            "--out",
            "x",
        ];
        a.extend_from_slice(extra);
        a
    };
    let (_, stderr) = expect(&run_in(d, &args(&["--confirm"])), 2);
    assert!(
        stderr.contains("DELETE is not on the current SecuTix format page")
            && stderr.contains("--allow-legacy-operations"),
        "{stderr}"
    );
    let (_, stderr) = expect(&run_in(d, &args(&["--allow-legacy-operations"])), 2);
    let french = contact_rows(&d.join(EXPORT))
        .iter()
        .filter(|r| r["COUNTRY"] == "FR")
        .count();
    assert!(
        stderr.contains(&format!("DELETE would touch {french} contact(s)"))
            && stderr.contains("--confirm"),
        "{stderr}"
    );
    let mut empty = args(&["--allow-legacy-operations", "--confirm"]);
    empty[6] = "COUNTRY = 'XX'";
    let (_, stderr) = expect(&run_in(d, &empty), 2);
    assert!(
        stderr.contains("nothing to DELETE: 0 of 300 rows"),
        "{stderr}"
    );
    assert!(!d.join("x").exists(), "a refused request writes nothing");

    for (args, message) in [
        (
            vec![
                "service",
                "qualify-contacts",
                MIGRATION,
                "--contact",
                "1",
                "--criterion",
                "PREFCOL=Purple",
            ],
            "'Purple' is not one of its values (Red, Green, Blue)",
        ),
        (
            vec![
                "service",
                "qualify-structures",
                MIGRATION,
                "--contact",
                "1",
                "--structure-type",
                "VENUE",
            ],
            "must tell structures from individuals",
        ),
        (
            vec![
                "service",
                "update",
                MIGRATION,
                "--contact",
                "1",
                "--set",
                "CONTACT_NR='2'",
            ],
            "the service fills CONTACT_NR itself",
        ),
        (
            vec![
                "service",
                "update",
                MIGRATION,
                "--export",
                EXPORT,
                "--set",
                "EMAIL1=lower(E_MAIL)",
            ],
            "--set EMAIL1",
        ),
        (
            vec![
                "service",
                "invalidate",
                MIGRATION,
                "--export",
                EXPORT,
                "--run",
                "j7",
                "--confirm",
            ],
            "exactly one of",
        ),
        (
            vec![
                "service",
                "drop",
                MIGRATION,
                "--run",
                "nope",
                "--allow-legacy-operations",
                "--confirm",
            ],
            "has no run with that id or tag",
        ),
    ] {
        let (_, stderr) = expect(
            &run_in(d, &args),
            if message.contains("no run") { 3 } else { 2 },
        );
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn anonymize_leaves_no_personal_data_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let export = demo(d);
    // Individuals with every kind of personal data, selected by name: the condition itself
    // names them.
    let chosen: Vec<&Row> = export
        .iter()
        .filter(|r| {
            [
                "FIRSTNAME",
                "LASTNAME",
                "EMAIL1",
                "TELEPHONE",
                "LINE1",
                "BIRTHDATE",
            ]
            .iter()
            .all(|c| !r[*c].is_empty())
        })
        .take(3)
        .collect();
    assert_eq!(chosen.len(), 3, "the demo has individuals with full data");
    let names: Vec<String> = chosen
        .iter()
        .map(|r| format!("'{}'", r["LASTNAME"]))
        .collect();
    let condition = format!("LASTNAME IN ({})", names.join(", "));
    let args = [
        "--json",
        "service",
        "anonymize",
        MIGRATION,
        "--export",
        EXPORT,
        "--where",
        &condition,
        "--allow-legacy-operations",
        "--confirm",
        "--out",
        "anon",
    ];
    let out = run_in(d, &args);
    let (stdout, stderr) = expect(&out, 0);
    let written = contact_rows(&d.join("anon/contacts.csv"));
    let numbers: Vec<&str> = written.iter().map(|r| r["CONTACT_NR"].as_str()).collect();
    for r in &chosen {
        assert!(numbers.contains(&r["CONTACT_NR"].as_str()));
    }
    assert!(
        written.iter().all(|r| filled(r).len() == 4),
        "only what finds the contact"
    );

    let personal: Vec<&str> = chosen
        .iter()
        .flat_map(|r| {
            [
                "FIRSTNAME",
                "LASTNAME",
                "EMAIL1",
                "TELEPHONE",
                "CELLPHONE",
                "LINE1",
                "LINE2",
                "BIRTHDATE",
                "EMAIL2",
            ]
            .map(|c| r[c].as_str())
        })
        .filter(|v| v.chars().count() >= 4)
        .collect();
    assert!(personal.len() >= 15, "{personal:?}");
    let mut scanned = vec![
        ("stdout".to_string(), stdout.into_bytes()),
        ("stderr".into(), stderr.into_bytes()),
    ];
    for entry in std::fs::read_dir(d.join("anon")).unwrap() {
        let path = entry.unwrap().path();
        scanned.push((path.display().to_string(), std::fs::read(&path).unwrap()));
    }
    // The run state too: the database and its write-ahead log.
    for entry in std::fs::read_dir(d.join("demo")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(".stx-state.db") {
            scanned.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    assert!(
        scanned.len() >= 10,
        "{:?}",
        scanned.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    for (name, bytes) in &scanned {
        for value in &personal {
            let found = bytes.windows(value.len()).any(|w| w == value.as_bytes());
            assert!(!found, "{name} holds '{value}' of an anonymized contact");
        }
    }
    let protocol = super::json(&d.join("anon/protocol.json"));
    assert_eq!(
        protocol["service"]["selection"]["filter"],
        "LASTNAME IN ('…', '…', '…')"
    );
}

#[test]
fn drop_takes_the_unchanged_contacts_of_a_run_and_the_next_delta_sends_them_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let export = demo(d);
    let numbered: Vec<&Row> = export
        .iter()
        .filter(|r| !r["CONTACT_NR"].is_empty())
        .collect();
    // A later service file changes two contacts: DROP leaves them alone.
    let changed = [
        numbered[0]["CONTACT_NR"].as_str(),
        numbered[1]["CONTACT_NR"].as_str(),
    ];
    let out = run_in(
        d,
        &[
            "service",
            "update",
            MIGRATION,
            "--contact",
            changed[0],
            "--contact",
            changed[1],
            "--set",
            "PREF_LANG='fr'",
            "--out",
            "fix",
            "-q",
        ],
    );
    expect(&out, 0);
    let (_, stderr) = expect(
        &run_in(
            d,
            &[
                "service",
                "drop",
                MIGRATION,
                "--run",
                "j7",
                "--allow-legacy-operations",
            ],
        ),
        2,
    );
    assert!(
        stderr.contains(&format!(
            "DROP would touch {} contact(s)",
            numbered.len() - 2
        )),
        "{stderr}"
    );
    let out = run_in(
        d,
        &[
            "service",
            "drop",
            MIGRATION,
            "--run",
            "j7",
            "--allow-legacy-operations",
            "--confirm",
            "--out",
            "drop",
            "-q",
        ],
    );
    expect(&out, 0);
    let dropped: Vec<String> = contact_rows(&d.join("drop/contacts.csv"))
        .iter()
        .map(|r| {
            assert_eq!(r["OPERATION"], "DROP");
            r["CONTACT_NR"].clone()
        })
        .collect();
    let mut expected: Vec<String> = numbered
        .iter()
        .map(|r| r["CONTACT_NR"].clone())
        .filter(|n| !changed.contains(&n.as_str()))
        .collect();
    expected.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    assert_eq!(dropped, expected);
    let rejects = csv_rows(&d.join("drop/rejects.csv"));
    let refused: Vec<&str> = rejects.iter().map(|r| r["CONTACT_NR"].as_str()).collect();
    assert_eq!(refused, changed);
    assert!(rejects
        .iter()
        .all(|r| r["stx_message"].contains("was changed after run j7")));
    // A second DROP finds nothing left to drop.
    let (_, stderr) = expect(
        &run_in(
            d,
            &[
                "service",
                "drop",
                MIGRATION,
                "--run",
                "j7",
                "--allow-legacy-operations",
                "--confirm",
            ],
        ),
        2,
    );
    assert!(stderr.contains("nothing to DROP"), "{stderr}");
    // The dropped contacts are gone from SecuTix: the next delta run sends them again.
    let out = run_in(
        d,
        &["--json", "run", MIGRATION, "--since", "last", "--out", "j1"],
    );
    let (stdout, _) = expect(&out, 0);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let again: Vec<String> = contact_rows(&d.join("j1/contacts.csv"))
        .iter()
        .filter(|r| r["OPERATION"] == "INSERT" && !r["CONTACT_NR"].is_empty())
        .map(|r| r["CONTACT_NR"].clone())
        .collect();
    let mut again_sorted = again.clone();
    again_sorted.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    assert_eq!(again_sorted, expected, "{summary}");
}

/// Edits cells of a template: (row of the data, header, value).
fn edit(path: &Path, edits: &[(usize, &str, &str)], delimiter: u8) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    for (row, header, value) in edits {
        let column = rows[0]
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("{header}"));
        rows[row + 1][column] = value.to_string();
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn bulk_template_edit_check_apply_and_check_of_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let export = demo(d);
    let template = template_of_the_french_contacts(d, &export);
    let new_email = edit_and_check(d, &template, template.len());
    apply_writes_only_the_changes(d, &template, new_email);
}

/// `bulk template` of the French contacts: the export's numbers and [old] values, [new] empty.
fn template_of_the_french_contacts(d: &Path, export: &[Row]) -> Vec<Row> {
    let out = run_in(
        d,
        &[
            "bulk",
            "template",
            MIGRATION,
            "--export",
            EXPORT,
            "--where",
            "COUNTRY = 'FR'",
            "--criteria",
            "PREFCOL,VIP",
            "--authorisations",
            "EMAIL,CNIL_O",
            "-o",
            "bulk.csv",
            "-q",
        ],
    );
    expect(&out, 0);
    let template = csv_rows(&d.join("bulk.csv"));
    let french: Vec<&Row> = export.iter().filter(|r| r["COUNTRY"] == "FR").collect();
    assert_eq!(template.len(), french.len());
    for (t, e) in template.iter().zip(&french) {
        assert_eq!(t["CONTACT_NR"], e["CONTACT_NR"]);
        assert_eq!(t["[old]EMAIL"], e["EMAIL"]);
        assert_eq!(t["[new]EMAIL"], "");
    }
    let text = std::fs::read_to_string(d.join("bulk.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "CONTACT_NR",
            "[old]PREFCOL",
            "[new]PREFCOL",
            "[old]VIP",
            "[new]VIP",
            "[old]EMAIL",
            "[new]EMAIL",
            "[old]CNIL_O",
            "[new]CNIL_O"
        ]
    );
    template
}

/// Edits: two good changes, a value the criterion lacks, an edited [old], a repeated key;
/// `bulk check` rejects the three bad rows. Returns the new EMAIL value of row 1.
fn edit_and_check(d: &Path, template: &[Row], contacts: usize) -> &'static str {
    let flip = |old: &str| {
        if old == "TRUE" {
            ("FALSE", "f")
        } else {
            ("TRUE", "t")
        }
    };
    let (flipped, _) = flip(&template[3]["[old]EMAIL"]);
    let (new_email, new_email_written) = flip(&template[1]["[old]EMAIL"]);
    let first = template[0]["CONTACT_NR"].clone();
    edit(
        &d.join("bulk.csv"),
        &[
            (0, "[new]PREFCOL", "Red|Blue"),
            (1, "[new]EMAIL", new_email_written),
            (2, "[new]VIP", "PLATINUM"),
            (3, "[old]EMAIL", flipped),
            (4, "CONTACT_NR", &first),
            (5, "[new]CNIL_O", "t"),
        ],
        b',',
    );
    let args = [
        "bulk",
        "check",
        "bulk.csv",
        "--migration",
        MIGRATION,
        "--export",
        EXPORT,
    ];
    let (stdout, _) = expect(&run_in(d, &args), 1);
    assert!(stdout.contains("3 rejected"), "{stdout}");
    let rejects = csv_rows(&d.join("bulk-check/rejects.csv"));
    let rules: Vec<&str> = rejects.iter().map(|r| r["stx_rule"].as_str()).collect();
    assert_eq!(rules, ["criterion-value", "old-changed", "key-duplicate"]);
    assert_eq!(rejects[0]["stx_row"], "4");
    let report = super::json(&d.join("bulk-check/report.json"));
    let counts = &report["counts"];
    assert_eq!(counts["read"], contacts);
    assert_eq!(counts["written"], 3);
    assert_eq!(counts["rejected"], 3);
    assert_eq!(counts["unchanged"], contacts - 6);
    new_email
}

/// `bulk apply` as it is: the good rows only, with only their changed values.
fn apply_writes_only_the_changes(d: &Path, template: &[Row], new_email: &str) {
    let out = run_in(
        d,
        &[
            "bulk",
            "apply",
            "bulk.csv",
            "--migration",
            MIGRATION,
            "--export",
            EXPORT,
            "--out",
            "applied",
            "-q",
        ],
    );
    expect(&out, 1);
    let written = contact_rows(&d.join("applied/contacts.csv"));
    let config: BTreeMap<&str, &str> = [
        ("INSTITUTION", "DEMO"),
        ("ORGANIZATION", "*"),
        ("OPERATION", "CONFIG"),
        ("CRIT01", "PREFCOL"),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        written.iter().map(filled).collect::<Vec<_>>(),
        vec![
            config,
            service_row(
                "UPDATE",
                &template[0]["CONTACT_NR"],
                &[("CRIT01", "Red|Blue")]
            ),
            service_row(
                "UPDATE",
                &template[1]["CONTACT_NR"],
                &[("EMAIL", new_email)]
            ),
            service_row("UPDATE", &template[5]["CONTACT_NR"], &[("CNIL_O", "TRUE")]),
        ]
    );
    assert_eq!(csv_rows(&d.join("applied/bulk-rejects.csv")).len(), 3);
    passes_check(d, "applied/contacts.csv");
}

#[test]
fn a_real_templates_spelling_is_kept_and_empty_new_can_mean_erase() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo(d);
    // A template as SAM might spell it: its own key, prefixes and delimiter.
    std::fs::write(
        d.join("sam.csv"),
        "Contact number;[OLD] EMAIL;[NEW] EMAIL\n",
    )
    .unwrap();
    let migration = std::fs::read_to_string(d.join(MIGRATION)).unwrap();
    std::fs::write(
        d.join("demo/erase.toml"),
        format!("{migration}\n[bulk]\ntemplate = \"../sam.csv\"\nempty-new = \"erase\"\nkey-column = \"Contact number\"\n"),
    )
    .unwrap();
    let out = run_in(
        d,
        &[
            "bulk",
            "template",
            "demo/erase.toml",
            "--export",
            EXPORT,
            "--where",
            "EMAIL = 'TRUE'",
            "--authorisations",
            "EMAIL",
            "-o",
            "t.csv",
            "-q",
        ],
    );
    expect(&out, 0);
    let text = std::fs::read_to_string(d.join("t.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("Contact number;[OLD] EMAIL;[NEW] EMAIL"));
    // [new] is filled with the current value: a row nobody edits changes nothing.
    let first: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(&first[1..], ["TRUE", "TRUE"]);
    edit(&d.join("t.csv"), &[(0, "[NEW] EMAIL", "")], b';');
    let out = run_in(
        d,
        &[
            "bulk",
            "apply",
            "t.csv",
            "--migration",
            "demo/erase.toml",
            "--export",
            EXPORT,
            "--out",
            "erased",
            "-q",
        ],
    );
    expect(&out, 0);
    let written = contact_rows(&d.join("erased/contacts.csv"));
    assert_eq!(
        written.iter().map(filled).collect::<Vec<_>>(),
        vec![service_row("UPDATE", first[0], &[("EMAIL", "=")])]
    );
    passes_check(d, "erased/contacts.csv");
}
