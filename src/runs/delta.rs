//! The key stage: the last whole-run stage of a run with a source key (`[read] key`). It
//! hashes every record's mapped columns, gives each contact its number (`[numbers]`), and in
//! a delta run (`run --since`) compares each record with what the state says SecuTix holds:
//!
//! ```text
//! key never emitted            → INSERT, as mapped
//! key emitted, columns changed → UPDATE: CONTACT_NR, the changed columns, `=` for emptied ones
//! key emitted, nothing changed → not written (counted as unchanged)
//! key emitted, not read now    → gone.csv (or an INVALIDATE row); too many → the run stops
//! ```
//!
//! What it decided lands in a [`KeySlot`], for the state store once the run completed.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use polars::prelude::*;
use serde::Deserialize;

use super::keys::{value_hash, Baseline, KeyOp, Known, EMPTY, UNKNOWN};
use super::numbers::{Allocator, NumberPolicy, NumbersSpec};
use super::DeltaError;
use crate::pipeline::text_column as strings;
use crate::pipeline::{
    Decided, Finding, FinishContext, LateReject, Patch, RunError, SpillDir, WholeRunStage,
    KEY_COLUMN,
};

pub use crate::pipeline::{CONTACT_NR, OPERATION};
/// Columns written on every row, an UPDATE's too: SecuTix needs them to find the contact.
const ALWAYS_WRITTEN: &[&str] = &["INSTITUTION", "ORGANIZATION"];

/// What happens to keys that are gone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GonePolicy {
    /// Listed in gone.csv only.
    #[default]
    List,
    /// Listed, and an INVALIDATE row written for each (a legacy operation: see the format
    /// specification).
    Invalidate,
}

/// `[delta]`: how a delta run (`run --since`) treats what is gone.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DeltaSpec {
    /// Highest share of the keys SecuTix holds that may be gone before the run stops
    /// (a partial extraction looks exactly like a mass deletion); `--allow-gone` overrides.
    #[serde(default = "default_max_gone_share")]
    pub max_gone_share: f64,
    /// `list` (gone.csv) or `invalidate` (gone.csv and INVALIDATE rows).
    #[serde(default)]
    pub gone: GonePolicy,
}

fn default_max_gone_share() -> f64 {
    0.05
}

impl Default for DeltaSpec {
    fn default() -> Self {
        DeltaSpec {
            max_gone_share: default_max_gone_share(),
            gone: GonePolicy::List,
        }
    }
}

/// What the key stage starts from.
#[derive(Debug, Clone, Default)]
pub struct KeyPlan {
    /// The state after the latest run that recorded keys (numbers are taken from it).
    pub latest: Arc<Baseline>,
    /// `--since`: the state after the run to compare with (`None`: a full run, everything
    /// INSERT); the same `Arc` as `latest` for `--since last`, so it is held once.
    pub since: Option<Arc<Baseline>>,
    /// `--allow-gone`.
    pub allow_gone: bool,
    /// `[delta]`.
    pub delta: DeltaSpec,
    /// `[numbers]`.
    pub numbers: Option<NumbersSpec>,
    /// Numbers already used in SecuTix (`[numbers] used`).
    pub used: HashSet<String>,
    /// Every number the state ever gave (never given to another key).
    pub given: Vec<u64>,
}

impl KeyPlan {
    /// Whether this is a delta run.
    pub fn is_delta(&self) -> bool {
        self.since.is_some()
    }

    fn needs_key(&self) -> bool {
        self.is_delta()
            || self
                .numbers
                .as_ref()
                .is_some_and(|n| n.policy == NumberPolicy::Allocate)
    }
}

/// What a run did per key, for the state store.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyEntry {
    /// Source key.
    pub key: String,
    /// What was written.
    pub op: KeyOp,
    /// Contact number.
    pub contact_nr: Option<String>,
    /// Hashes in the order of [`KeyOutcome::columns`]; `None`: unchanged.
    pub hashes: Option<Vec<u32>>,
    /// UPDATE: the changed columns with masked new values.
    pub changes: Option<String>,
}

/// Everything the key stage decided.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyOutcome {
    /// Columns hashed.
    pub columns: Vec<String>,
    /// The run a delta compared with.
    pub since: Option<String>,
    /// One per written key, then one per gone key.
    pub entries: Vec<KeyEntry>,
    /// Keys counted per operation.
    pub counts: KeyCounts,
    /// What goes into gone.csv: key, contact number, action.
    pub gone: Vec<(String, Option<String>, &'static str)>,
    /// Milliseconds spent: `state-observe` (hashing and comparing as records go by),
    /// `state-decide` (gone keys, numbers, patches).
    pub timings: Vec<(&'static str, u128)>,
}

/// Keys per operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct KeyCounts {
    /// INSERT rows.
    pub inserted: u64,
    /// UPDATE rows.
    pub updated: u64,
    /// Unchanged keys, not written.
    pub unchanged: u64,
    /// Keys gone.
    pub gone: u64,
    /// Contact numbers allocated by this run.
    pub allocated: u64,
}

/// Where the key stage leaves its outcome.
pub type KeySlot = Arc<Mutex<Option<KeyOutcome>>>;

/// A record as the stage keeps it until it decides.
/// Boxed slices, not `String`s and `Vec`s: a million of these are held until the run ends.
struct Seen {
    seq: u64,
    key: Box<str>,
    legacy: Option<Box<str>>,
    op: KeyOp,
    /// New hashes when they differ from the state's.
    hashes: Option<Box<[u32]>>,
    /// UPDATE: indexes of the changed columns, and which of them became empty.
    changed: Box<[(usize, bool)]>,
    changes: Option<Box<str>>,
    /// The latest state's number of the key, and whether the key was in its extraction
    /// (looked up once, as the record goes by).
    known_nr: Option<Box<str>>,
    known_present: Option<bool>,
}

/// See the module documentation.
pub struct KeyStage {
    plan: KeyPlan,
    /// For each column of the run, its place in the state's hashes (`None`: the state has
    /// not got it).
    place: Vec<Option<usize>>,
    /// Time spent hashing and comparing records as they go by.
    observe_time: std::time::Duration,
    columns: Vec<String>,
    seen: Vec<Seen>,
    keys: HashMap<Box<str>, u64>,
    rejects: Vec<LateReject>,
    slot: KeySlot,
}

impl KeyStage {
    /// The stage for a run whose filled SecuTix columns are `codes`.
    pub fn new(plan: &KeyPlan, codes: &[String], slot: KeySlot) -> KeyStage {
        let columns: Vec<String> = codes
            .iter()
            .filter(|c| *c != OPERATION && *c != CONTACT_NR)
            .cloned()
            .collect();
        // Both states were folded with the same columns.
        let place = columns
            .iter()
            .map(|c| plan.latest.columns.iter().position(|s| s == c))
            .collect();
        KeyStage {
            plan: plan.clone(),
            place,
            observe_time: std::time::Duration::ZERO,
            columns,
            seen: Vec::new(),
            keys: HashMap::new(),
            rejects: Vec::new(),
            slot,
        }
    }

    /// The state after the latest run.
    fn latest(&self) -> &Baseline {
        &self.plan.latest
    }

    /// The state a delta compares with (`None`: a full run).
    fn since(&self) -> Option<&Baseline> {
        self.plan.since.as_deref()
    }

    fn reject(&mut self, seq: u64, column: &str, value: &str, message: String) {
        self.rejects.push(LateReject {
            seq,
            finding: Finding {
                rule: "state".into(),
                column: column.into(),
                value: value.into(),
                message,
            },
        });
    }

    /// Column `i` of the run in a key's stored hashes; a column the state has not got, or
    /// had not when the key was last sent, is [`UNKNOWN`].
    fn stored(&self, old: &[u32], i: usize) -> u32 {
        self.place[i]
            .and_then(|j| old.get(j).copied())
            .unwrap_or(UNKNOWN)
    }

    /// Whether column `i` changed: an empty value where the state knows nothing is no change.
    fn differs(&self, old: &[u32], i: usize, new: u32) -> bool {
        match self.stored(old, i) {
            UNKNOWN => new != EMPTY,
            stored => stored != new,
        }
    }

    /// What the record of `key` with `hashes` is against the state compared with, its
    /// changed columns (index, emptied), and whether it equals the latest state.
    /// `latest` is the key's entry in the latest state, looked up once by the caller.
    fn compare(
        &self,
        key: &str,
        latest: Option<&Known>,
        hashes: &[u32],
    ) -> (KeyOp, Vec<(usize, bool)>, bool) {
        let changes = |known: Option<&Known>| -> Option<Vec<(usize, bool)>> {
            let old = known.and_then(|k| k.hashes.as_deref())?;
            Some(
                hashes
                    .iter()
                    .enumerate()
                    .filter(|(i, new)| self.differs(old, *i, **new))
                    .map(|(i, new)| (i, *new == EMPTY))
                    .collect(),
            )
        };
        let against_latest = changes(latest);
        let same_as_latest = against_latest.as_ref().is_some_and(|c| c.is_empty());
        let Some(since) = self.since() else {
            return (KeyOp::Insert, Vec::new(), same_as_latest);
        };
        // `--since last`: the same state, compared once.
        let against_since = match std::ptr::eq(since, self.latest()) {
            true => against_latest,
            false => changes(since.keys.get(key)),
        };
        match against_since {
            None => (KeyOp::Insert, Vec::new(), same_as_latest),
            Some(changed) if changed.is_empty() => (KeyOp::Same, changed, same_as_latest),
            Some(changed) => (KeyOp::Update, changed, same_as_latest),
        }
    }

    /// The contact number of each record kept, or the reason it has none (a reject).
    fn numbers(
        &mut self,
        excluded: &[u64],
        earlier: &[Patch],
    ) -> Result<(HashMap<u64, Option<String>>, u64), RunError> {
        // Numbers an earlier stage wrote (deduplication): the number of the SecuTix contact a
        // survivor updates stands; a survivor's number taken from a merged record is its
        // legacy number.
        let mut earlier_numbers: HashMap<u64, (String, bool)> = HashMap::new();
        for p in earlier {
            let update = p
                .values
                .iter()
                .any(|(c, v)| c == OPERATION && v.as_deref() == Some("UPDATE"));
            for (c, v) in &p.values {
                if let (true, Some(v)) = (c == CONTACT_NR, v) {
                    earlier_numbers.insert(p.seq, (v.clone(), update));
                }
            }
        }
        let mut out = HashMap::new();
        let spec = self.plan.numbers.clone();
        let mut allocator = spec.as_ref().and_then(|s| match (s.policy, s.from, s.to) {
            (NumberPolicy::Allocate, Some(from), Some(to)) => {
                Some(Allocator::new(from, to, self.plan.given.iter().copied()))
            }
            _ => None,
        });
        let mut short = 0u64;
        let mut failures = Vec::new();
        for s in &self.seen {
            if excluded.binary_search(&s.seq).is_ok() {
                continue;
            }
            let legacy = match earlier_numbers.get(&s.seq) {
                Some((n, true)) => {
                    out.insert(s.seq, Some(n.clone()));
                    continue;
                }
                Some((n, false)) => Some(n.clone()),
                None => s.legacy.as_deref().map(str::to_string),
            };
            let known = s.known_nr.as_deref().map(str::to_string);
            let number = match &spec {
                None => Ok(legacy.clone().filter(|l| !l.is_empty()).or(known)),
                // A key keeps the number it was given from the range; one it had before the
                // range was set (a legacy number) is replaced by one from the range.
                Some(spec) if spec.policy == NumberPolicy::Allocate => {
                    match known.filter(|n| n.parse::<u64>().is_ok_and(|n| spec.in_range(n))) {
                        Some(n) => Ok(Some(n)),
                        None => match allocator.as_mut().and_then(|a| a.next(&self.plan.used)) {
                            Some(n) => Ok(Some(n.to_string())),
                            None => {
                                short += 1;
                                Ok(None)
                            }
                        },
                    }
                }
                Some(spec) => spec.from_legacy(legacy.as_deref()).and_then(|n| {
                    // A number SecuTix holds is a collision only for a contact it does not
                    // hold yet.
                    if s.op == KeyOp::Insert
                        && known.as_deref() != Some(&n)
                        && self.plan.used.contains(&n)
                    {
                        Err(format!(
                            "contact number {n} is already used in SecuTix ([numbers] used)"
                        ))
                    } else {
                        Ok(Some(n))
                    }
                }),
            };
            match number {
                Ok(n) => {
                    out.insert(s.seq, n);
                }
                Err(message) => failures.push((s.seq, legacy.clone().unwrap_or_default(), message)),
            }
        }
        if short > 0 {
            let spec = spec.as_ref().expect("allocation has a spec");
            return Err(DeltaError::RangeExhausted {
                needed: short + allocator.as_ref().map_or(0, |a| a.handed),
                left: allocator.as_ref().map_or(0, |a| a.handed),
                from: spec.from.unwrap_or(0),
                to: spec.to.unwrap_or(0),
            }
            .into());
        }
        for (seq, value, message) in failures {
            self.reject(seq, CONTACT_NR, &value, message);
        }
        Ok((out, allocator.map_or(0, |a| a.handed)))
    }

    /// Keys the state holds, present in the run compared with, and not read now.
    fn gone(&self) -> Vec<(String, Option<String>)> {
        let Some(since) = self.since() else {
            return Vec::new();
        };
        let mut gone: Vec<(String, Option<String>)> = since
            .keys
            .iter()
            .filter(|(k, known)| {
                known.present && known.hashes.is_some() && !self.keys.contains_key(k.as_str())
            })
            .map(|(k, known)| (k.clone(), known.contact_nr.clone()))
            .collect();
        gone.sort();
        gone
    }

    fn guard(&self, gone: usize) -> Result<(), RunError> {
        let Some(since) = self.since() else {
            return Ok(());
        };
        let known = since.active();
        let share = if known == 0 {
            0.0
        } else {
            gone as f64 / known as f64
        };
        if share > self.plan.delta.max_gone_share && !self.plan.allow_gone {
            return Err(DeltaError::TooManyGone {
                gone,
                known,
                share: share * 100.0,
                limit: self.plan.delta.max_gone_share * 100.0,
                since: since.run_id.clone().unwrap_or_default(),
            }
            .into());
        }
        Ok(())
    }

    fn update_patch(&self, s: &Seen, number: &str) -> Patch {
        let changed: HashMap<usize, bool> = s.changed.iter().copied().collect();
        let mut values = vec![
            (OPERATION.to_string(), Some("UPDATE".to_string())),
            (CONTACT_NR.to_string(), Some(number.to_string())),
        ];
        for (i, column) in self.columns.iter().enumerate() {
            match changed.get(&i) {
                // SecuTix leaves an empty cell alone: an emptied value is erased with `=`.
                Some(true) => values.push((column.clone(), Some("=".into()))),
                Some(false) => {}
                None if ALWAYS_WRITTEN.contains(&column.as_str()) => {}
                None => values.push((column.clone(), None)),
            }
        }
        Patch { seq: s.seq, values }
    }
}

impl WholeRunStage for KeyStage {
    fn name(&self) -> &'static str {
        "state"
    }

    fn observe(&mut self, kept: &DataFrame, _spill: &SpillDir) -> Result<(), RunError> {
        let started = std::time::Instant::now();
        let result = self.observe_batch(kept);
        self.observe_time += started.elapsed();
        result
    }

    fn finish(&mut self, ctx: &FinishContext) -> Result<Decided, RunError> {
        let started = std::time::Instant::now();
        let (decided, mut outcome) = self.decide(ctx)?;
        outcome.timings = vec![
            ("state-observe", self.observe_time.as_millis()),
            ("state-decide", started.elapsed().as_millis()),
        ];
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
        Ok(decided)
    }
}

impl KeyStage {
    /// Hashes a batch's records and compares each with the state.
    fn observe_batch(&mut self, kept: &DataFrame) -> Result<(), RunError> {
        let seqs = crate::pipeline::seq_column(kept)?;
        let keys = strings(kept, KEY_COLUMN);
        let numbers = strings(kept, CONTACT_NR);
        let values: Vec<Option<StringChunked>> =
            self.columns.iter().map(|c| strings(kept, c)).collect();
        let needs_key = self.plan.needs_key();
        for i in 0..kept.height() {
            let Some(seq) = seqs.get(i) else { continue };
            let key = keys.as_ref().and_then(|k| k.get(i)).unwrap_or("");
            if key.is_empty() {
                if needs_key {
                    self.reject(seq, KEY_COLUMN, "", "the record has no source key ([read] key is empty): a delta run or allocated contact numbers follow a contact by its key".into());
                }
                continue;
            }
            if let Some(first) = self.keys.get(key) {
                if needs_key {
                    let message = format!("source key {key} appears twice in this extraction (first as record {first}): a delta run or allocated contact numbers need [read] key to identify one contact");
                    self.reject(seq, KEY_COLUMN, key, message);
                }
                continue;
            }
            self.keys.insert(key.into(), seq);
            let hashes: Vec<u32> = values
                .iter()
                .map(|v| value_hash(v.as_ref().and_then(|v| v.get(i))))
                .collect();
            let known = self.latest().keys.get(key);
            let (op, changed, same_as_latest) = self.compare(key, known, &hashes);
            let changes = (op == KeyOp::Update).then(|| {
                changed
                    .iter()
                    .map(|(c, emptied)| {
                        let column = &self.columns[*c];
                        let value = match emptied {
                            true => "=".to_string(),
                            false => values[*c]
                                .as_ref()
                                .and_then(|v| v.get(i))
                                .map(|v| crate::report::mask_sample(column, v))
                                .unwrap_or_default(),
                        };
                        format!("{column}={value}")
                    })
                    .collect::<Vec<_>>()
                    .join("\t")
            });
            let known_nr = known.and_then(|k| k.contact_nr.as_deref()).map(Box::from);
            let known_present = known.map(|k| k.present);
            self.seen.push(Seen {
                known_nr,
                known_present,
                seq,
                key: key.into(),
                legacy: numbers.as_ref().and_then(|n| n.get(i)).map(Box::from),
                op,
                hashes: (!same_as_latest).then(|| hashes.into_boxed_slice()),
                changed: changed.into_boxed_slice(),
                changes: changes.map(String::into_boxed_str),
            });
        }
        Ok(())
    }

    /// Gone keys, numbers, and what becomes of each record.
    fn decide(&mut self, ctx: &FinishContext) -> Result<(Decided, KeyOutcome), RunError> {
        let gone = self.gone();
        self.guard(gone.len())?;
        let (numbers, allocated) = self.numbers(ctx.excluded, ctx.patches)?;
        let mut decided = Decided::default();
        let mut outcome = KeyOutcome {
            columns: self.columns.clone(),
            since: self.since().and_then(|b| b.run_id.clone()),
            ..KeyOutcome::default()
        };
        outcome.counts.allocated = allocated;
        let mut rejected: Vec<u64> = self.rejects.iter().map(|r| r.seq).collect();
        rejected.sort_unstable();
        let seen = std::mem::take(&mut self.seen);
        for s in seen {
            if ctx.excluded.binary_search(&s.seq).is_ok() || rejected.binary_search(&s.seq).is_ok()
            {
                continue;
            }
            let number = numbers.get(&s.seq).cloned().flatten();
            match s.op {
                KeyOp::Same => {
                    decided.unchanged.push(s.seq);
                    outcome.counts.unchanged += 1;
                }
                KeyOp::Update => {
                    let Some(n) = number.as_deref() else {
                        self.reject(s.seq, CONTACT_NR, "", format!("source key {} changed, but its SecuTix contact number is unknown, so no UPDATE row can name it. Hint: map CONTACT_NR, set [numbers], or let `stx-migrate reconcile` read a SecuTix export", s.key));
                        continue;
                    };
                    decided.patches.push(self.update_patch(&s, n));
                    outcome.counts.updated += 1;
                }
                _ => {
                    if let Some(n) = &number {
                        if s.legacy.as_deref() != Some(n.as_str()) {
                            decided.patches.push(Patch {
                                seq: s.seq,
                                values: vec![(CONTACT_NR.to_string(), Some(n.clone()))],
                            });
                        }
                    }
                    outcome.counts.inserted += 1;
                }
            }
            // The state keeps changes only: a key as the latest run left it writes no row (a
            // re-run of a million unchanged keys records nothing per key).
            let changed = s.hashes.is_some()
                || s.known_present != Some(true)
                || s.known_nr.as_deref() != number.as_deref()
                || s.op == KeyOp::Update
                || (s.op == KeyOp::Insert && self.since().is_some());
            if changed {
                outcome.entries.push(KeyEntry {
                    key: s.key.into(),
                    op: s.op,
                    contact_nr: number,
                    hashes: s.hashes.map(Vec::from),
                    changes: s.changes.map(String::from),
                });
            }
        }
        let invalidate = self.plan.delta.gone == GonePolicy::Invalidate;
        let mut invalidated = std::collections::HashSet::new();
        for (key, contact_nr) in gone {
            let action = match (&contact_nr, invalidate) {
                (Some(_), true) => "invalidate",
                (None, true) => "listed: no contact number to invalidate",
                _ => "listed",
            };
            if action == "invalidate" {
                invalidated.insert(key.clone());
            }
            outcome.counts.gone += 1;
            outcome.gone.push((key, contact_nr, action));
        }
        // Keys of the latest extraction not read now are gone from the state's view, whether
        // or not this run lists them (a full run lists nothing).
        let mut absent: Vec<(&String, &Option<String>)> = self
            .latest()
            .keys
            .iter()
            .filter(|(k, known)| known.present && !self.keys.contains_key(k.as_str()))
            .map(|(k, known)| (k, &known.contact_nr))
            .collect();
        absent.sort();
        for (key, contact_nr) in absent {
            let op = match invalidated.contains(key) {
                true => KeyOp::Invalidate,
                false => KeyOp::Gone,
            };
            outcome.entries.push(KeyEntry {
                key: key.clone(),
                op,
                contact_nr: contact_nr.clone(),
                hashes: None,
                changes: None,
            });
        }
        decided.rejects = std::mem::take(&mut self.rejects);
        decided.rejects.sort_by_key(|r| r.seq);
        Ok((decided, outcome))
    }
}
