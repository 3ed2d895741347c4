//! What the state knows per source key: the hash of each mapped column, the contact number,
//! whether the key was in the last run; folded from the rows of `key_history`, run by run.
//!
//! A value's hash is the low half of its xxh3, kept apart from two markers: [`EMPTY`] (no
//! value) and [`UNKNOWN`] (the column was not mapped when the key was last emitted: any value
//! it has now is new to SecuTix).

use std::collections::HashMap;

use serde::Serialize;

/// The hash of an empty cell.
pub const EMPTY: u32 = 0;
/// The hash of a column the key's last emitted record did not have.
pub const UNKNOWN: u32 = 1;

/// The hash of a value as the state keeps it.
pub fn value_hash(value: Option<&str>) -> u32 {
    match value {
        None | Some("") => EMPTY,
        Some(v) => match xxhash_rust::xxh3::xxh3_64(v.as_bytes()) as u32 {
            EMPTY | UNKNOWN => 2,
            h => h,
        },
    }
}

/// Hashes as stored: 4 bytes each, big-endian.
pub fn pack_hashes(hashes: &[u32]) -> Vec<u8> {
    hashes.iter().flat_map(|h| h.to_be_bytes()).collect()
}

/// See [`pack_hashes`].
pub fn unpack_hashes(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// What a run did with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum KeyOp {
    /// An INSERT row was written.
    Insert,
    /// An UPDATE row with the changed columns was written.
    Update,
    /// The key was read and had not changed: nothing written.
    Same,
    /// Emitted before, not in this extraction: listed in gone.csv.
    Gone,
    /// Emitted before, not in this extraction: an INVALIDATE row was written.
    Invalidate,
}

impl KeyOp {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyOp::Insert => "INSERT",
            KeyOp::Update => "UPDATE",
            KeyOp::Same => "SAME",
            KeyOp::Gone => "GONE",
            KeyOp::Invalidate => "INVALIDATE",
        }
    }

    /// See [`KeyOp::as_str`].
    pub fn parse(s: &str) -> Option<KeyOp> {
        Some(match s {
            "INSERT" => KeyOp::Insert,
            "UPDATE" => KeyOp::Update,
            "SAME" => KeyOp::Same,
            "GONE" => KeyOp::Gone,
            "INVALIDATE" => KeyOp::Invalidate,
            _ => return None,
        })
    }
}

/// A row of `key_history` as read back.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    /// Source key.
    pub key: String,
    /// What the run did.
    pub op: KeyOp,
    /// The contact number, when known.
    pub contact_nr: Option<String>,
    /// Hashes in the order of the run's columns; `None`: as at the key's previous row.
    pub hashes: Option<Vec<u32>>,
    /// `reconcile` found the row missing in SecuTix.
    pub not_imported: bool,
}

/// The key rows of one run, as stored.
#[derive(Debug, Clone)]
pub struct RunHistory {
    /// The run.
    pub run_id: String,
    /// The columns its hashes follow.
    pub columns: Vec<String>,
    /// Its rows.
    pub rows: Vec<HistoryRow>,
}

/// What the state knows of a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    /// Its contact number in SecuTix (given, kept or allocated).
    pub contact_nr: Option<String>,
    /// Hashes of what SecuTix holds, in the order of [`Baseline::columns`]; `None`: never
    /// imported (its INSERT was not imported, or it was never emitted).
    pub hashes: Option<Box<[u32]>>,
    /// In the extraction of the latest run folded.
    pub present: bool,
    /// An INVALIDATE row was written for it.
    pub invalidated: bool,
}

/// The state of every key as of one run: what a delta compares against.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// The run it is the state after (`None`: no run recorded keys yet).
    pub run_id: Option<String>,
    /// The columns the hashes follow (the current run's).
    pub columns: Vec<String>,
    /// Per source key.
    pub keys: HashMap<String, Known>,
}

impl Baseline {
    /// The columns of a history: the latest run's, then those only earlier runs had.
    pub fn columns_of(history: &[RunHistory]) -> Vec<String> {
        let mut columns: Vec<String> = Vec::new();
        for run in history.iter().rev() {
            for c in &run.columns {
                if !columns.contains(c) {
                    columns.push(c.clone());
                }
            }
        }
        columns
    }

    /// Folds history rows, run after run, into the state after the last one (the rows are
    /// moved in: a million keys are not copied). Hashes are rearranged into `columns` (a
    /// column a run did not have is [`UNKNOWN`]).
    pub fn fold(columns: &[String], runs: impl IntoIterator<Item = RunHistory>) -> Baseline {
        let mut baseline = Baseline {
            run_id: None,
            columns: columns.to_vec(),
            keys: HashMap::new(),
        };
        for run in runs {
            let place: Vec<Option<usize>> = columns
                .iter()
                .map(|c| run.columns.iter().position(|r| r == c))
                .collect();
            let arrange = |hashes: &[u32]| -> Box<[u32]> {
                place
                    .iter()
                    .map(|p| p.and_then(|i| hashes.get(i).copied()).unwrap_or(UNKNOWN))
                    .collect()
            };
            // A run records changes only: a key it does not name is as the run before left it
            // (a key no longer extracted has a GONE or INVALIDATE row).
            for row in run.rows {
                let known = baseline.keys.entry(row.key).or_insert(Known {
                    contact_nr: None,
                    hashes: None,
                    present: false,
                    invalidated: false,
                });
                if row.contact_nr.is_some() {
                    known.contact_nr = row.contact_nr;
                }
                match row.op {
                    KeyOp::Gone => known.present = false,
                    KeyOp::Invalidate => {
                        known.present = false;
                        known.invalidated = true;
                    }
                    KeyOp::Insert | KeyOp::Update | KeyOp::Same => {
                        known.present = true;
                        known.invalidated = false;
                        // What SecuTix did not import it does not hold: the next delta
                        // sends it again (an INSERT whole, an UPDATE's changes again).
                        if !row.not_imported {
                            if let Some(h) = &row.hashes {
                                known.hashes = Some(arrange(h));
                            }
                        }
                    }
                }
            }
            baseline.run_id = Some(run.run_id);
        }
        baseline
    }

    /// Keys that SecuTix holds and that were in the latest extraction: what may go.
    pub fn active(&self) -> usize {
        self.keys
            .values()
            .filter(|k| k.present && k.hashes.is_some())
            .count()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A history row of key `key` numbered `9<key>`.
    pub(crate) fn row(key: &str, op: KeyOp, hashes: Option<Vec<u32>>) -> HistoryRow {
        HistoryRow {
            key: key.into(),
            op,
            contact_nr: Some(format!("9{key}")),
            hashes,
            not_imported: false,
        }
    }

    #[test]
    fn hashes_keep_their_markers_apart_and_survive_storage() {
        assert_eq!(value_hash(None), EMPTY);
        assert_eq!(value_hash(Some("")), EMPTY);
        let h = value_hash(Some("Anna"));
        assert!(h > UNKNOWN);
        assert_ne!(h, value_hash(Some("Anne")));
        assert_eq!(unpack_hashes(&pack_hashes(&[h, 7, 0])), vec![h, 7, 0]);
    }

    #[test]
    fn the_fold_follows_runs_and_rearranges_columns() {
        let columns: Vec<String> = ["FIRSTNAME", "LASTNAME", "EMAIL1"]
            .map(String::from)
            .to_vec();
        let run1 = RunHistory {
            run_id: "r1".to_string(),
            columns: vec!["LASTNAME".to_string(), "FIRSTNAME".to_string()],
            rows: vec![
                row("1", KeyOp::Insert, Some(vec![10, 11])),
                row("2", KeyOp::Insert, Some(vec![20, 21])),
            ],
        };
        let mut not_imported = row("3", KeyOp::Insert, Some(vec![30, 31, 32]));
        not_imported.not_imported = true;
        let run2 = RunHistory {
            run_id: "r2".to_string(),
            columns: columns.clone(),
            rows: vec![
                row("1", KeyOp::Same, None),
                row("2", KeyOp::Gone, None),
                not_imported,
            ],
        };
        let b = Baseline::fold(&columns, [run1.clone(), run2.clone()]);
        assert_eq!(b.run_id.as_deref(), Some("r2"));
        let one = &b.keys["1"];
        assert_eq!(one.hashes.as_deref(), Some(&[11, 10, UNKNOWN][..]));
        assert!(one.present);
        assert!(!b.keys["2"].present);
        // Not imported: known by its number, never held by SecuTix.
        assert_eq!(b.keys["3"].hashes, None);
        assert_eq!(b.keys["3"].contact_nr.as_deref(), Some("93"));
        assert_eq!(b.active(), 1);
        // As of the first run only.
        let first = Baseline::fold(&columns, [run1.clone()]);
        assert_eq!(
            Baseline::columns_of(&[run1, run2]),
            ["FIRSTNAME", "LASTNAME", "EMAIL1"]
        );
        assert!(first.keys["2"].present);
        assert_eq!(first.active(), 2);
    }
}
