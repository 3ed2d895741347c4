//! `stx-migrate diff RUN_A RUN_B`: what changed between two runs of a migration, per column,
//! from the hashes the state keeps per key (values are never stored; the samples are source
//! keys, with the masked new value where run B wrote it as an UPDATE).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::keys::{Baseline, RunHistory, EMPTY, UNKNOWN};

/// Changes of one column.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ColumnDiff {
    /// SecuTix column.
    pub column: String,
    /// Keys in both runs whose value changed (emptied and filled included).
    pub changed: u64,
    /// ... of which the value became empty.
    pub emptied: u64,
    /// ... of which the value was empty before.
    pub filled: u64,
    /// Sample keys, with the masked new value when known.
    pub samples: Vec<(String, Option<String>)>,
}

/// What changed between two runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunDiff {
    /// The earlier run.
    pub run_a: String,
    /// The later run.
    pub run_b: String,
    /// Keys in run A's extraction.
    pub keys_a: u64,
    /// Keys in run B's extraction.
    pub keys_b: u64,
    /// Keys in B, not in A.
    pub added: u64,
    /// Keys in A, not in B.
    pub gone: u64,
    /// Keys in both with at least one column changed.
    pub changed: u64,
    /// Keys in both, identical.
    pub unchanged: u64,
    /// Sample keys added and gone.
    pub added_samples: Vec<String>,
    /// See `added_samples`.
    pub gone_samples: Vec<String>,
    /// Per column, in column order; columns without a change are left out.
    pub columns: Vec<ColumnDiff>,
}

/// Compares the state after run A with the state after run B. `history` holds the runs in
/// order; `changes_b` the masked changes run B recorded per key.
pub fn diff(
    history: &[RunHistory],
    run_a: &str,
    run_b: &str,
    changes_b: &HashMap<String, String>,
    samples: usize,
) -> RunDiff {
    let upto = |run: &str| {
        let end = history
            .iter()
            .position(|h| h.run_id == run)
            .map_or(0, |i| i + 1);
        &history[..end]
    };
    // Every column the runs up to B had, B's first.
    let columns = Baseline::columns_of(upto(run_b));
    let a = Baseline::fold(&columns, upto(run_a).iter().cloned());
    let b = Baseline::fold(&columns, upto(run_b).iter().cloned());
    let present = |base: &Baseline| -> BTreeMap<String, Vec<u32>> {
        base.keys
            .iter()
            .filter(|(_, k)| k.present)
            .map(|(key, k)| {
                (
                    key.clone(),
                    k.hashes.as_deref().unwrap_or_default().to_vec(),
                )
            })
            .collect()
    };
    let (in_a, in_b) = (present(&a), present(&b));
    let mut out = RunDiff {
        run_a: run_a.into(),
        run_b: run_b.into(),
        keys_a: in_a.len() as u64,
        keys_b: in_b.len() as u64,
        ..RunDiff::default()
    };
    let mut per_column: Vec<ColumnDiff> = columns
        .iter()
        .map(|c| ColumnDiff {
            column: c.clone(),
            ..ColumnDiff::default()
        })
        .collect();
    for (key, hb) in &in_b {
        let Some(ha) = in_a.get(key) else {
            out.added += 1;
            if out.added_samples.len() < samples {
                out.added_samples.push(key.clone());
            }
            continue;
        };
        let mut any = false;
        for (c, diff) in per_column.iter_mut().enumerate() {
            let (va, vb) = (
                ha.get(c).copied().unwrap_or(UNKNOWN),
                hb.get(c).copied().unwrap_or(UNKNOWN),
            );
            // A column a run did not map tells nothing about its value.
            if va == vb || va == UNKNOWN || vb == UNKNOWN {
                continue;
            }
            any = true;
            diff.changed += 1;
            diff.emptied += (vb == EMPTY) as u64;
            diff.filled += (va == EMPTY) as u64;
            if diff.samples.len() < samples {
                let value = changes_b.get(key).and_then(|changes| {
                    changes.split('\t').find_map(|kv| {
                        let (k, v) = kv.split_once('=')?;
                        (k == diff.column).then(|| v.to_string())
                    })
                });
                diff.samples.push((key.clone(), value));
            }
        }
        if any {
            out.changed += 1;
        } else {
            out.unchanged += 1;
        }
    }
    for key in in_a.keys().filter(|k| !in_b.contains_key(*k)) {
        out.gone += 1;
        if out.gone_samples.len() < samples {
            out.gone_samples.push(key.clone());
        }
    }
    out.columns = per_column.into_iter().filter(|c| c.changed > 0).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::keys::tests::row;
    use crate::runs::keys::KeyOp;

    #[test]
    fn counts_per_column_added_and_gone() {
        let cols = vec!["LASTNAME".to_string(), "EMAIL1".to_string()];
        let history = vec![
            RunHistory {
                run_id: "a".into(),
                columns: cols.clone(),
                rows: vec![
                    row("1", KeyOp::Insert, Some(vec![5, 6])),
                    row("2", KeyOp::Insert, Some(vec![7, 8])),
                    row("3", KeyOp::Insert, Some(vec![9, 10])),
                ],
            },
            RunHistory {
                run_id: "b".into(),
                columns: cols,
                rows: vec![
                    row("1", KeyOp::Update, Some(vec![5, EMPTY])),
                    row("2", KeyOp::Same, None),
                    row("3", KeyOp::Gone, None),
                    row("4", KeyOp::Insert, Some(vec![11, 12])),
                ],
            },
        ];
        let changes: HashMap<String, String> = [("1".to_string(), "EMAIL1==".to_string())].into();
        let d = diff(&history, "a", "b", &changes, 3);
        assert_eq!((d.keys_a, d.keys_b, d.added, d.gone), (3, 3, 1, 1));
        assert_eq!((d.changed, d.unchanged), (1, 1));
        assert_eq!(d.columns.len(), 1);
        let email = &d.columns[0];
        assert_eq!(
            (email.column.as_str(), email.changed, email.emptied),
            ("EMAIL1", 1, 1)
        );
        assert_eq!(
            email.samples,
            vec![("1".to_string(), Some("=".to_string()))]
        );
        assert_eq!(d.gone_samples, vec!["3".to_string()]);
    }
}
