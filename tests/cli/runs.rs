//! The run state through the binary: runs recorded with status, counts and files; a failed
//! run with its reason; `runs --show`.

use std::path::Path;

use super::{copy_dir, expect, run_in};

#[test]
fn runs_are_recorded_listed_and_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dedupe"),
        d,
    );
    let (stdout, _) = expect(&run_in(d, &["runs", "migration.toml"]), 0);
    assert!(stdout.contains("no run yet"), "{stdout}");
    let tagged = |out: &str| {
        run_in(
            d,
            &["run", "migration.toml", "--out", out, "-q", "--tag", "j-1"],
        )
    };
    expect(&tagged("j-7"), 0);
    // A later run takes the tag over.
    expect(&tagged("j-1"), 0);
    // A run that fails is recorded with its reason.
    std::fs::rename(d.join("contacts.csv"), d.join("gone.csv")).unwrap();
    let out = run_in(d, &["run", "migration.toml", "--out", "broken", "-q"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(d.join(".stx-state.db").exists());
    let (stdout, _) = expect(&run_in(d, &["runs", "migration.toml", "--json"]), 0);
    let runs: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let runs = runs.as_array().unwrap();
    let status: Vec<(&str, &str)> = runs
        .iter()
        .map(|r| (r["run_id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            ("j-7", "completed"),
            ("j-1", "completed"),
            ("broken", "failed")
        ]
    );
    assert_eq!(runs[0]["rows_read"], 24);
    assert_eq!(runs[0]["rows_merged"], 8);
    assert_eq!(runs[0]["gate_ok"], true);
    assert_eq!(runs[0]["tag"], serde_json::Value::Null);
    assert_eq!(runs[1]["tag"], "j-1");
    assert!(runs[2]["message"]
        .as_str()
        .unwrap()
        .contains("contacts.csv"));
    let files = runs[0]["files"].as_array().unwrap();
    assert!(files
        .iter()
        .any(|f| f[0].as_str().unwrap().ends_with("duplicates.csv")
            && f[1].as_str().unwrap().len() == 64));
    let (stdout, _) = expect(&run_in(d, &["runs", "migration.toml", "--show", "j-1"]), 0);
    // (j-1 is both a run id and the tag of that same run.)
    let shown: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(shown["run"]["run_id"], "j-1");
    assert_eq!(shown["protocol"]["counts"]["read"], 24, "{shown}");
    let (_, stderr) = expect(&run_in(d, &["runs", "migration.toml", "--show", "nope"]), 2);
    assert!(stderr.contains("no run nope"), "{stderr}");
}
