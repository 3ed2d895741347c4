//! Replays every file of the fuzz corpora (`fuzz/corpus/<target>/`) through the code the fuzz
//! targets run (`fuzz/src/harness.rs`, included here by path), so that an input that once
//! crashed a reader stays fixed without running the fuzzer. A panic fails the test and names
//! the file.

#[path = "../fuzz/src/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

/// The corpus files of `target`, sorted; the corpus must not be empty (a moved folder would
/// otherwise pass silently).
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("listing the corpus").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no input", dir.display());
    files
}

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let files = corpus(target);
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let result = std::panic::catch_unwind(|| run(&data));
        assert!(
            result.is_ok(),
            "fuzz target {target} panics on {} (reproduce: cd fuzz && cargo +nightly fuzz run \
             {target} {})",
            path.display(),
            path.display()
        );
    }
    files.len()
}

#[test]
fn csv_source_corpus_replays_without_panic() {
    let n = replay("csv_source", harness::csv_source);
    assert!(n >= 10, "only {n} csv_source corpus files");
}

#[test]
fn sqldump_corpus_replays_without_panic() {
    let n = replay("sqldump", harness::sqldump);
    assert!(n >= 10, "only {n} sqldump corpus files");
}
