//! The phone corpus, `data/phone_corpus.tsv`: for each of about 230 legacy values of the
//! countries the rules serve, what an expert reading the numbering plans expects
//! [`check_phone`] to write (E.164 or invalid) and the line type the line-type rule sees.
//!
//! The expectations are written from the plans, not from a phone library, so the corpus
//! judges the library and the rules: the cases they get wrong are in [`KNOWN_FAILURES`].

use super::{check_phone, LineKind, PhoneCheck, PhoneStyle};

const CORPUS: &str = include_str!("data/phone_corpus.tsv");

/// Corpus cases the phone rules get wrong, as (input, row country). The corpus test fails
/// on any other mismatch, and on a listed case that passes, so the list only shrinks.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// One line of the corpus.
struct Case {
    line: usize,
    input: &'static str,
    country: Option<&'static str>,
    /// The E.164 written, `None` when the value is invalid.
    expected: Option<&'static str>,
    kind: Option<LineKind>,
}

fn kind_named(name: &str) -> Option<LineKind> {
    match name {
        "mobile" => Some(LineKind::Mobile),
        "landline" => Some(LineKind::Landline),
        "mobile-or-landline" => Some(LineKind::MobileOrLandline),
        "toll-free" => Some(LineKind::TollFree),
        "other" => Some(LineKind::Other),
        _ => None,
    }
}

/// The cases, panicking with the line number on a malformed line.
fn cases() -> Vec<Case> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, text)| !text.starts_with('#') && !text.trim().is_empty())
        .map(|(i, text)| {
            let fields: Vec<&str> = text.split('\t').collect();
            let [input, country, expected, kind, _why] = fields[..] else {
                panic!(
                    "line {}: {} fields, expected 5: {text:?}",
                    i + 1,
                    fields.len()
                );
            };
            let case = Case {
                line: i + 1,
                input,
                country: (!country.is_empty()).then_some(country),
                expected: (expected != "invalid").then_some(expected),
                kind: kind_named(kind),
            };
            let well_formed = match case.expected {
                Some(e164) => e164.starts_with('+') && case.kind.is_some(),
                None => kind == "-",
            };
            assert!(well_formed, "line {}: bad expectation {text:?}", i + 1);
            case
        })
        .collect()
}

/// What the rules wrote, in the corpus' words: `+41... landline` or `invalid (reason)`.
fn outcome(case: &Case) -> String {
    match check_phone(case.input, case.country, PhoneStyle::E164) {
        PhoneCheck::Valid(phone) => format!("{} {}", phone.value, kind_name(phone.kind)),
        PhoneCheck::Invalid { reason } => format!("invalid ({reason})"),
    }
}

fn kind_name(kind: LineKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn meets_expectation(case: &Case, got: &str) -> bool {
    match (case.expected, case.kind) {
        (Some(e164), Some(kind)) => got == format!("{e164} {}", kind_name(kind)),
        _ => got.starts_with("invalid"),
    }
}

#[test]
fn corpus_meets_the_numbering_plans() {
    let cases = cases();
    let mut unexpected = Vec::new();
    let mut failing = Vec::new();
    for case in &cases {
        let got = outcome(case);
        if meets_expectation(case, &got) {
            continue;
        }
        let key = (case.input, case.country.unwrap_or(""));
        failing.push(key);
        if !KNOWN_FAILURES.contains(&key) {
            let expected = case.expected.unwrap_or("invalid");
            unexpected.push(format!(
                "line {}: {:?} in {:?}: got {got}, expected {expected} {:?}",
                case.line, case.input, case.country, case.kind
            ));
        }
    }
    let now_passing: Vec<_> = KNOWN_FAILURES
        .iter()
        .filter(|key| !failing.contains(key))
        .collect();
    assert!(
        unexpected.is_empty() && now_passing.is_empty(),
        "{} of {} cases fail unexpectedly:\n{}\nknown failures that now pass (remove them \
         from KNOWN_FAILURES): {now_passing:?}",
        unexpected.len(),
        cases.len(),
        unexpected.join("\n")
    );
}

#[test]
fn corpus_cases_are_unique() {
    // KNOWN_FAILURES names a case by input and country: two lines must not share them.
    let cases = cases();
    let mut keys: Vec<_> = cases.iter().map(|c| (c.input, c.country)).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(
        keys.len(),
        cases.len(),
        "duplicate (input, country) in the corpus"
    );
}

/// Every case's outcome, one line each, to compare two phone libraries; run with
/// `cargo test --lib quality::phone::corpus::report -- --ignored --nocapture`.
#[test]
#[ignore]
fn report() {
    for case in cases() {
        let got = outcome(&case);
        let mark = if meets_expectation(&case, &got) {
            "ok  "
        } else {
            "FAIL"
        };
        println!(
            "{mark} {:?}\t{}\t{got}",
            case.input,
            case.country.unwrap_or("-")
        );
    }
}
