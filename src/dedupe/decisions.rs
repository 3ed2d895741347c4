//! `decisions.csv`: what a person decided about pairs and clusters, replayed on every run.
//!
//! ```text
//! decision,cluster,key,other,note
//! merge,,C-1001,C-2002,same person (checked by phone)
//! keep-apart,,C-1001,C-3003,father and son
//! split,D3f9a0c12b7e1,,,household, not one person
//! merge,D77b2e0a9c4d2,,,
//! split,,C-4004,,wrong e-mail typed at the desk
//! ```
//!
//! A pair (`key` and `other`): `merge` links them whatever their score; `keep-apart` and
//! `split` never put them in one cluster. A cluster (`cluster` as printed in
//! duplicates.csv): `merge` links all its members; `split` and `keep-apart` keep every two of
//! them apart. A record alone (`key`, `split`): taken out of any cluster. A decision naming a
//! key or cluster this run does not have is a warning, not an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::cluster::Constraints;

/// What a person decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Same contact.
    Merge,
    /// Not one contact.
    Split,
    /// Never in one cluster.
    KeepApart,
}

/// One line of decisions.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Line in the file (1-based, the header is line 1).
    pub line: usize,
    /// The verdict.
    pub verdict: Verdict,
    /// A cluster id, for a decision about a whole cluster.
    pub cluster: Option<String>,
    /// A record key.
    pub key: Option<String>,
    /// The other record's key, for a pair.
    pub other: Option<String>,
}

/// Problems reading decisions.csv.
#[derive(Debug, thiserror::Error)]
pub enum DecisionsError {
    /// The file cannot be read.
    #[error("{path}: cannot read the decisions file: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line that says nothing usable.
    #[error("{path}:{line}: {message}. Hint: columns are decision,cluster,key,other,note; decision is merge, split or keep-apart")]
    Line {
        /// The file.
        path: PathBuf,
        /// Its line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads decisions.csv; a missing file is no decision.
pub fn read(path: &Path) -> Result<Vec<Decision>, DecisionsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(DecisionsError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    parse(path, &text)
}

/// Parses the text of decisions.csv.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Decision>, DecisionsError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let bad = |line: usize, message: String| DecisionsError::Line {
        path: path.to_path_buf(),
        line,
        message,
    };
    let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let decision_col = column("decision").ok_or_else(|| bad(1, "no `decision` column".into()))?;
    let (cluster_col, key_col, other_col) = (column("cluster"), column("key"), column("other"));
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| bad(line, e.to_string()))?;
        let field = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let Some(word) = field(Some(decision_col)) else {
            continue;
        };
        let verdict = match word.to_ascii_lowercase().as_str() {
            "merge" => Verdict::Merge,
            "split" => Verdict::Split,
            "keep-apart" | "keep_apart" => Verdict::KeepApart,
            other => return Err(bad(line, format!("`{other}` is not a decision"))),
        };
        let d = Decision {
            line,
            verdict,
            cluster: field(cluster_col),
            key: field(key_col),
            other: field(other_col),
        };
        match (&d.cluster, &d.key, &d.other, verdict) {
            (Some(_), None, None, _) => {}
            (None, Some(_), Some(_), _) => {}
            (None, Some(_), None, Verdict::Split) => {}
            _ => {
                return Err(bad(
                    line,
                    "give a cluster, or a key and another key (a key alone only with split)".into(),
                ))
            }
        }
        out.push(d);
    }
    Ok(out)
}

/// The decisions as constraints on record indexes, and a warning for each decision that
/// names what this run does not have.
pub fn constraints(
    decisions: &[Decision],
    index_of_key: &HashMap<&str, u32>,
    members_of_cluster: &HashMap<String, Vec<u32>>,
) -> (Constraints, Vec<String>) {
    let mut c = Constraints::default();
    let mut warnings = Vec::new();
    let find = |key: &str, line: usize, warnings: &mut Vec<String>| {
        let found = index_of_key.get(key).copied();
        if found.is_none() {
            warnings.push(format!(
                "decisions.csv line {line}: no record has key {key:?} in this run; the decision is kept in the file and skipped"
            ));
        }
        found
    };
    for d in decisions {
        match (&d.cluster, &d.key, &d.other) {
            (Some(id), _, _) => {
                let Some(members) = members_of_cluster.get(id) else {
                    warnings.push(format!(
                        "decisions.csv line {}: no cluster {id} in this run (its members changed, or it was split); the decision is skipped",
                        d.line
                    ));
                    continue;
                };
                for (x, &a) in members.iter().enumerate() {
                    for &b in &members[x + 1..] {
                        match d.verdict {
                            Verdict::Merge => c.must.push((a, b)),
                            Verdict::Split | Verdict::KeepApart => {
                                c.cannot.insert((a.min(b), a.max(b)));
                            }
                        }
                    }
                }
            }
            (None, Some(key), None) => {
                if let Some(i) = find(key, d.line, &mut warnings) {
                    c.alone.insert(i);
                }
            }
            (None, Some(key), Some(other)) => {
                let a = find(key, d.line, &mut warnings);
                let b = find(other, d.line, &mut warnings);
                if let (Some(a), Some(b)) = (a, b) {
                    match d.verdict {
                        Verdict::Merge => c.must.push((a, b)),
                        Verdict::Split | Verdict::KeepApart => {
                            c.cannot.insert((a.min(b), a.max(b)));
                        }
                    }
                }
            }
            (None, None, _) => {}
        }
    }
    // A pair kept apart is never merged, even if another line says merge: apart is safer.
    c.must
        .retain(|(a, b)| !c.cannot.contains(&((*a).min(*b), (*a).max(*b))));
    (c, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_parse_and_unknown_keys_are_warnings() {
        let text = "decision,cluster,key,other,note\nmerge,,A,B,same\nkeep-apart,,A,C,\nsplit,D1,,,\nsplit,,Z,,\nmerge,,A,C,\n";
        let d = parse(Path::new("decisions.csv"), text).unwrap();
        assert_eq!(d.len(), 5);
        let keys: HashMap<&str, u32> = [("A", 0), ("B", 1), ("C", 2)].into_iter().collect();
        let clusters: HashMap<String, Vec<u32>> = HashMap::new();
        let (c, warnings) = constraints(&d, &keys, &clusters);
        assert_eq!(c.must, vec![(0, 1)], "keep-apart wins over merge");
        assert!(c.cannot.contains(&(0, 2)));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("no cluster D1"));
        assert!(warnings[1].contains("\"Z\""));
        let e = parse(
            Path::new("d.csv"),
            "decision,cluster,key,other\nfuse,,A,B\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("d.csv:2"), "{e}");
        let e = parse(
            Path::new("d.csv"),
            "decision,cluster,key,other\nmerge,,A,\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("a key alone only with split"), "{e}");
        assert!(read(Path::new("/nonexistent/decisions.csv"))
            .unwrap()
            .is_empty());
    }
}
