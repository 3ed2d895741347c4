//! `stx-migrate init` through the binary on four sources nobody wrote a mapping for here (the
//! demo database, Northwind, a German CSV export, a French mysqldump): each draft is compared
//! with a hand-written mapping (`tests/fixtures/init/expected.toml`), the share of columns
//! drafted right is printed, and every draft runs as it is (`check`: no configuration error).

use std::collections::BTreeMap;
use std::path::Path;

use super::{expect, run_in};

/// (columns of the hand-written mapping drafted right, columns it has, high-confidence
/// columns drafted wrong, names of those).
fn compare(
    draft: &serde_json::Value,
    expected: &BTreeMap<String, String>,
) -> (usize, usize, Vec<String>) {
    let mapped: BTreeMap<String, (String, String)> = draft["mapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["code"].as_str().unwrap().to_string(),
                (
                    m["column"].as_str().unwrap().to_string(),
                    m["confidence"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    // A joined column is read as `alias_column`.
    let reads =
        |drafted: &str, source: &str| drafted == source || drafted.ends_with(&format!("_{source}"));
    let right = expected
        .iter()
        .filter(|(code, source)| mapped.get(*code).is_some_and(|(c, _)| reads(c, source)))
        .count();
    let wrong_high: Vec<String> = mapped
        .iter()
        .filter(|(code, (column, confidence))| {
            confidence == "high" && !expected.get(*code).is_some_and(|s| reads(column, s))
        })
        .map(|(code, (column, _))| format!("{code} ← {column}"))
        .collect();
    (right, expected.len(), wrong_high)
}

#[test]
fn drafts_match_hand_written_mappings_and_run_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    super::demo_300(d, "demo/run");
    let expected: BTreeMap<String, BTreeMap<String, String>> = toml::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/init/expected.toml")).unwrap(),
    )
    .unwrap();
    let sources = [
        ("demo", d.join("demo/legacy.db")),
        ("northwind", root.join("examples/northwind/nwind.mdb")),
        ("kunden", root.join("tests/fixtures/init/kunden.csv")),
        ("clients", root.join("tests/fixtures/init/clients.sql")),
    ];
    let (mut right, mut total) = (0, 0);
    for (name, source) in &sources {
        let out = d.join(format!("draft-{name}"));
        let (stdout, _) = expect(
            &run_in(
                d,
                &[
                    "--json",
                    "init",
                    source.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                ],
            ),
            0,
        );
        let draft: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let (r, t, wrong_high) = compare(&draft, &expected[*name]);
        println!("init {name}: {r} of {t} hand-written columns drafted right ({:.0} %), wrong with high confidence: {wrong_high:?}", r as f64 * 100.0 / t as f64);
        assert!(wrong_high.is_empty(), "{name}: {wrong_high:?}\n{draft}");
        right += r;
        total += t;
        // The draft runs as it is: `check` reads it, maps every row, and reports no
        // configuration error (exit 0, or 1 for rejected rows).
        let out = run_in(
            d,
            &["check", out.join("migration.toml").to_str().unwrap(), "-q"],
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name}: check exit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let share = right as f64 / total as f64;
    println!(
        "init: {right} of {total} hand-written columns drafted right ({:.1} %)",
        share * 100.0
    );
    assert!(share >= 0.9, "{right} of {total}");
    // An existing draft is not replaced without --force.
    let (_, stderr) = expect(
        &run_in(d, &["init", "demo/legacy.db", "-o", "draft-demo"]),
        2,
    );
    assert!(stderr.contains("--force"), "{stderr}");
    // The drafted lookups translate the data's salutations and languages.
    let titles = std::fs::read_to_string(d.join("draft-kunden/lookups/titles.csv")).unwrap();
    assert!(
        titles.contains("Herr,MR") && titles.contains("Frau,MRS") && titles.contains("Madame,MRS"),
        "{titles}"
    );
    // Persons and organisations told apart by the demo's kind column; the contact person of a
    // company fills its relay's names.
    let demo = std::fs::read_to_string(d.join("draft-demo/migration.toml")).unwrap();
    assert!(
        demo.contains("OFFICIAL_NAME = \"CASE WHEN kind = 'C' THEN collapse_spaces(company) END\"")
            && demo.contains("coalesce(first_name, t_first_name)")
            && demo.contains("a structure with its relay"),
        "{demo}"
    );
    let migration = std::fs::read_to_string(d.join("draft-kunden/migration.toml")).unwrap();
    assert!(
        migration.contains("FIRSTNAME = \"title_case("),
        "names in capitals are title-cased:\n{migration}"
    );
    assert!(
        migration.contains("date(Geburtsdatum, 'dd.mm.yyyy')"),
        "{migration}"
    );
}
