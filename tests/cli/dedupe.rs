//! Deduplication through the binary: golden duplicates.csv, waterfalls that add up, decisions
//! replayed, a match against the contacts already in SecuTix, `dedupe explain`, and the
//! duplicates demo measured against its truth.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{assert_golden, copy_dir, csv_rows, expect, json, run_in, text};

fn fixture(dir: &Path) {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dedupe"),
        dir,
    );
}

/// duplicates.csv as maps column → value.
fn duplicates(out: &Path) -> Vec<BTreeMap<String, String>> {
    let rows = csv_rows(&std::fs::read(out.join("duplicates.csv")).unwrap());
    let header = rows[0].clone();
    rows[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// Keys merged together, as sets per cluster (survivor and merged members only).
fn merged_sets(rows: &[BTreeMap<String, String>]) -> BTreeSet<Vec<String>> {
    let mut by_cluster: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rows {
        if r["role"] == "survivor" || r["role"] == "merged" {
            by_cluster
                .entry(r["cluster"].clone())
                .or_default()
                .push(r["key"].clone());
        }
    }
    by_cluster
        .into_values()
        .filter(|v| v.len() > 1)
        .map(|mut v| {
            v.sort();
            v
        })
        .collect()
}

/// Hundredths of a printed number.
fn hundredths(v: &str) -> i64 {
    (v.parse::<f64>().unwrap() * 100.0).round() as i64
}

#[test]
fn dedupe_merges_explains_every_score_and_reruns_identically() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fixture(d);
    let (stdout, stderr) = expect(
        &run_in(d, &["run", "migration.toml", "--out", "out1", "--json"]),
        0,
    );
    let summary: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    let (read, written, rejected, merged) = (
        summary["rows_read"].as_u64().unwrap(),
        summary["rows_written"].as_u64().unwrap(),
        summary["rows_rejected"].as_u64().unwrap(),
        summary["rows_merged"].as_u64().unwrap(),
    );
    assert_eq!(read, 24);
    assert_eq!(read, written + rejected + merged, "{summary}");
    let out = d.join("out1");
    let rows = duplicates(&out);
    let sets = merged_sets(&rows);
    let expected: BTreeSet<Vec<String>> = [
        vec!["C-1001", "C-1002"],
        vec!["C-1003", "C-1004"],
        vec!["C-1005", "C-1006"],
        vec!["C-2001", "C-2002"],
        vec!["C-3001", "C-3002"],
        vec!["C-4001", "C-4002"],
        vec!["C-6001", "C-6002"],
        vec!["C-8001", "C-8002"],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect();
    assert_eq!(
        sets,
        expected,
        "merged clusters\n{}",
        text(&std::fs::read(out.join("duplicates.csv")).unwrap())
    );
    assert_eq!(merged, 8);
    // The household member, the namesake, the colleague and the other Weber stay apart.
    for r in &rows {
        if ["C-1007", "C-1009", "C-3003", "C-2003"].contains(&r["key"].as_str()) {
            assert_ne!(r["role"], "merged", "{r:?}");
            assert_ne!(r["role"], "survivor", "{r:?}");
        }
    }
    // Every score is the sum of its printed contributions, exactly.
    let mut scored = 0;
    for r in &rows {
        if r["score"].is_empty() {
            continue;
        }
        let sum: i64 = r
            .iter()
            .filter(|(k, v)| k.starts_with("w:") && !v.is_empty())
            .map(|(_, v)| hundredths(v))
            .sum();
        assert_eq!(sum, hundredths(&r["score"]), "{r:?}");
        scored += 1;
    }
    assert!(scored >= 8);
    // The most recent record survives with the lowest contact number of its cluster.
    let contacts = csv_rows(&std::fs::read(out.join("contacts.csv")).unwrap());
    let header = &contacts[3];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let muller: Vec<&Vec<String>> = contacts[4..]
        .iter()
        .filter(|r| r[col("CONTACT_NR")] == "1001")
        .collect();
    assert_eq!(muller.len(), 1);
    assert_eq!(
        muller[0][col("FIRSTNAME")],
        "JUERGEN",
        "the 2023 record survives"
    );
    assert_eq!(muller[0][col("CELLPHONE")], "+41791234567");
    assert!(contacts[4..].iter().all(|r| r[col("CONTACT_NR")] != "1002"));
    // report.html: the section, the histogram with both thresholds, waterfalls summing to
    // their scores.
    let html = text(&std::fs::read(out.join("report.html")).unwrap());
    assert!(html.contains(r#"id="duplicates""#));
    assert!(
        html.contains(r#"data-threshold="threshold""#)
            && html.contains(r#"data-threshold="review from""#)
    );
    let mut waterfalls = 0;
    for svg in html.split(r#"<svg class="waterfall""#).skip(1) {
        let sum = svg
            .split(r#"data-sum=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let bars: i64 = svg
            .split("</svg>")
            .next()
            .unwrap()
            .split(r#"data-weight=""#)
            .skip(1)
            .map(|w| hundredths(w.split('"').next().unwrap()))
            .sum();
        assert_eq!(bars, hundredths(sum));
        waterfalls += 1;
    }
    assert!(waterfalls >= 8);
    assert_golden(
        "dedupe",
        "duplicates.csv",
        &std::fs::read(out.join("duplicates.csv")).unwrap(),
    );
    assert_golden(
        "dedupe",
        "contacts.csv",
        &std::fs::read(out.join("contacts.csv")).unwrap(),
    );
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "out2", "-q"]),
        0,
    );
    for f in [
        "duplicates.csv",
        "contacts.csv",
        "rejects.csv",
        "warnings.csv",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(d.join("out2").join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
    let protocol = json(&out.join("protocol.json"));
    assert_eq!(protocol["accounting_ok"], true);
}

#[test]
fn decisions_are_replayed_and_a_secutix_contact_is_updated_not_duplicated() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fixture(d);
    std::fs::write(
        d.join("decisions.csv"),
        "decision,cluster,key,other,note\nkeep-apart,,C-1001,C-1002,two people\nmerge,,C-7001,C-7002,moved to Rome\nsplit,,C-9999,,gone since\n",
    )
    .unwrap();
    let (_, stderr) = expect(
        &run_in(d, &["run", "migration.toml", "--out", "out", "-q"]),
        0,
    );
    assert!(
        stderr.contains("decisions.csv line 4") && stderr.contains("C-9999"),
        "{stderr}"
    );
    let sets = merged_sets(&duplicates(&d.join("out")));
    let pair = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
    assert!(!sets.contains(&pair("C-1001", "C-1002")), "{sets:?}");
    assert!(sets.contains(&pair("C-7001", "C-7002")), "{sets:?}");
    let rows = duplicates(&d.join("out"));
    let laura: Vec<_> = rows.iter().filter(|r| r["key"] == "C-7001").collect();
    assert_eq!(laura[0]["reason"], "decisions.csv");

    // The same contacts against an export of SecuTix: Anna Keller exists there.
    std::fs::remove_file(d.join("decisions.csv")).unwrap();
    let mut migration = std::fs::read_to_string(d.join("migration.toml")).unwrap();
    migration = migration.replace(
        "[output]",
        "[dedupe.existing]\npath = \"secutix-export.csv\"\ntype = \"csv\"\n\n[output]",
    );
    std::fs::write(d.join("migration.toml"), migration).unwrap();
    let (stdout, _) = expect(
        &run_in(d, &["run", "migration.toml", "--out", "ex", "--json"]),
        0,
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["dedupe"]["update_clusters"], 1, "{summary}");
    let rows = duplicates(&d.join("ex"));
    let keller: Vec<_> = rows
        .iter()
        .filter(|r| r["status"] == "update")
        .map(|r| (r["key"].clone(), r["role"].clone()))
        .collect();
    assert!(
        keller.contains(&("secutix:900001".into(), "existing".into())),
        "{keller:?}"
    );
    assert!(
        rows.iter()
            .filter(|r| r["key"] == "secutix:900003")
            .all(|r| r["role"] == "review"),
        "the namesake born 1951 is another person"
    );
    let contacts = csv_rows(&std::fs::read(d.join("ex/contacts.csv")).unwrap());
    let header = &contacts[3];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let updates: Vec<_> = contacts[4..]
        .iter()
        .filter(|r| r[col("OPERATION")] == "UPDATE")
        .map(|r| (r[col("CONTACT_NR")].clone(), r[col("LASTNAME")].clone()))
        .collect();
    assert_eq!(
        updates,
        vec![("900001".to_string(), "Anna".to_string())],
        "the 2024 record (names swapped) survives as the update"
    );

    // With allocated numbers: new contacts are numbered from the range, the update keeps the
    // number of the SecuTix contact it updates.
    let migration = std::fs::read_to_string(d.join("migration.toml")).unwrap()
        + "\n[numbers]\npolicy = \"allocate\"\nfrom = 950000\nto = 950999\n";
    std::fs::write(d.join("migration.toml"), migration).unwrap();
    expect(
        &run_in(d, &["run", "migration.toml", "--out", "ex-num", "-q"]),
        0,
    );
    let contacts = csv_rows(&std::fs::read(d.join("ex-num/contacts.csv")).unwrap());
    let rows: Vec<(String, String)> = contacts[4..]
        .iter()
        .map(|r| (r[col("OPERATION")].clone(), r[col("CONTACT_NR")].clone()))
        .collect();
    assert!(
        rows.contains(&("UPDATE".to_string(), "900001".to_string())),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .filter(|(op, _)| op != "UPDATE")
            .all(|(_, n)| (950000..=950999).contains(&n.parse::<u32>().unwrap())),
        "{rows:?}"
    );
}

#[test]
fn dedupe_explain_names_the_defaults_and_bad_settings_are_config_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fixture(d);
    let (stdout, _) = expect(&run_in(d, &["dedupe", "explain", "migration.toml"]), 0);
    for needle in [
        "threshold",
        "names-sound-postcode",
        "(default)",
        "first-name",
        "prefer:FALSE",
        "most-recent",
    ] {
        assert!(stdout.contains(needle), "{needle}:\n{stdout}");
    }
    let migration = std::fs::read_to_string(d.join("migration.toml")).unwrap();
    std::fs::write(
        d.join("bad.toml"),
        migration.replace(
            "enabled = true",
            "enabled = true\nblocking = [{ name = \"x\", on = [\"shoe-size\"] }]",
        ),
    )
    .unwrap();
    let (_, stderr) = expect(&run_in(d, &["run", "bad.toml", "--out", "bad"]), 2);
    assert!(
        stderr.contains("shoe-size") && stderr.contains("blocking rule `x`"),
        "{stderr}"
    );
}

#[test]
fn the_duplicates_demo_is_deduplicated_against_its_truth() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("dup");
    let (stdout, stderr) = expect(
        &run_in(
            tmp.path(),
            &[
                "demo",
                "--duplicates",
                "--dir",
                d.to_str().unwrap(),
                "--contacts",
                "4000",
                "--out",
                d.join("out").to_str().unwrap(),
                "--json",
            ],
        ),
        0,
    );
    let summary: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    let q = &summary["dedupe"]["quality"];
    let f1 = q["f1"].as_f64().unwrap();
    let recall = q["blocking_recall"].as_f64().unwrap();
    assert!(f1 >= 0.9, "F1 {f1}: {q}");
    assert!(recall >= 0.95, "blocking recall {recall}: {q}");
    let read = summary["rows_read"].as_u64().unwrap();
    assert_eq!(
        read,
        summary["rows_written"].as_u64().unwrap()
            + summary["rows_rejected"].as_u64().unwrap()
            + summary["rows_merged"].as_u64().unwrap()
    );
}
