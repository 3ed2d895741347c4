//! Deduplication as a whole-run stage of a migration: it reads the compared SecuTix columns
//! of every kept record as they go by, decides once the source is read, and tells the run
//! which records merge into which, what the survivors' values become, and writes
//! `duplicates.csv`.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use polars::prelude::*;
use stx_connector_core::SOURCE_ROW_COLUMN;

use super::config::{ContactNumberRule, DedupeSpec, SurvivorRule};
use super::decisions::Decision;
use super::engine::{comparer, deduplicate, explain_pair, Deduplicated};
use super::normalize::Nicknames;
use super::records::{Origin, RawContact, Records, COMPARED_COLUMNS};
use super::report::{DedupeReport, ReportBuilder};
use super::survive::Survivorship;
use super::DedupeError;
use crate::pipeline::text_column as strings;
use crate::pipeline::{
    Decided, FinishContext, Patch, RunError, SpillDir, WholeRunStage, KEY_COLUMN, SEQ_COLUMN,
};

/// Name of the file listing every cluster.
pub const DUPLICATES_FILE: &str = "duplicates.csv";

/// What the stage was given before the run: settings and files read up front.
pub struct DedupeInputs {
    /// `[dedupe]`.
    pub spec: DedupeSpec,
    /// Nicknames (built-in and the file's).
    pub nicknames: Nicknames,
    /// decisions.csv.
    pub decisions: Vec<Decision>,
    /// Labels (`key` → entity), when `labels` is set.
    pub labels: Option<HashMap<String, String>>,
    /// Contacts already in SecuTix, when `[dedupe.existing]` is set.
    pub existing: Option<Records>,
    /// The migration's source columns (to find `recency` among them).
    pub source_columns: Vec<String>,
    /// Where duplicates.csv goes.
    pub out_dir: PathBuf,
    /// Print each blocking pass's pair count on stderr before scoring.
    pub talk: bool,
    /// The SecuTix columns of the records, in file order.
    pub secutix_columns: Vec<String>,
    /// Values the run fills into an empty cell of an INSERT row, by column.
    pub insert_defaults: std::collections::HashMap<String, String>,
}

/// The stage.
pub struct DedupeStage {
    inputs: DedupeInputs,
    records: Records,
    /// Per record: filled SecuTix columns.
    filled: Vec<u16>,
    /// Per record: recency as a sortable string (empty when unknown).
    recency: Vec<Box<str>>,
    /// Per record: CONTACT_NR.
    contact_nr: Vec<Box<str>>,
    survivorship: Survivorship,
    report: Arc<Mutex<Option<DedupeReport>>>,
}

impl DedupeStage {
    /// The stage; its report lands in `report` when it finishes.
    pub fn new(
        mut inputs: DedupeInputs,
        report: Arc<Mutex<Option<DedupeReport>>>,
    ) -> Result<DedupeStage, DedupeError> {
        let survivorship = Survivorship::parse(&inputs.spec.survivorship)?;
        // Contacts already in SecuTix come first: their indexes never move.
        let records = inputs.existing.take().unwrap_or_default();
        let n = records.len();
        let contact_nr = records
            .origin
            .iter()
            .map(|o| match o {
                Origin::Existing { contact_nr, .. } => contact_nr.as_str().into(),
                Origin::Run { .. } => "".into(),
            })
            .collect();
        Ok(DedupeStage {
            inputs,
            records,
            filled: vec![0; n],
            recency: vec!["".into(); n],
            contact_nr,
            survivorship,
            report,
        })
    }

    /// The column of the frame holding `recency`: a SecuTix column, else a source column.
    fn recency_column(&self, frame: &DataFrame) -> Option<String> {
        let name = self.inputs.spec.recency.as_deref()?;
        if frame.column(name).is_ok() {
            return Some(name.to_string());
        }
        self.inputs
            .source_columns
            .iter()
            .position(|c| c == name)
            .map(crate::pipeline::source_column_name)
    }
}

/// Row `i` of the [`COMPARED_COLUMNS`] of a frame (`None`: the column is not there).
pub fn raw_contact(columns: &[Option<StringChunked>], i: usize) -> RawContact<'_> {
    let get = |c: usize| columns[c].as_ref().and_then(|col| col.get(i));
    RawContact {
        first: get(0),
        last: get(1),
        structure: get(2),
        birth: get(3),
        emails: [get(4), get(5), get(6)],
        phones: [get(7), get(8), get(9)],
        line1: get(10),
        zip: get(11),
        town: get(12),
        country: get(13),
    }
}

fn evaluate_error(e: impl std::fmt::Display) -> RunError {
    RunError::Evaluate {
        row: 0,
        message: e.to_string(),
    }
}

/// SecuTix columns of a frame: every column not starting with `_`.
fn secutix_columns(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .into_iter()
        .filter(|c| !c.starts_with('_'))
        .map(|c| c.to_string())
        .collect()
}

impl WholeRunStage for DedupeStage {
    fn name(&self) -> &'static str {
        "dedupe"
    }

    fn observe(&mut self, kept: &DataFrame, _spill: &SpillDir) -> Result<(), RunError> {
        let seq = kept
            .column(SEQ_COLUMN)
            .and_then(|c| c.u64().cloned())
            .map_err(evaluate_error)?;
        let rows = kept
            .column(SOURCE_ROW_COLUMN)
            .and_then(|c| c.u64().cloned())
            .map_err(evaluate_error)?;
        let keys = strings(kept, KEY_COLUMN);
        let columns: Vec<Option<StringChunked>> =
            COMPARED_COLUMNS.iter().map(|c| strings(kept, c)).collect();
        let recency = self.recency_column(kept).and_then(|c| strings(kept, &c));
        let numbers = strings(kept, "CONTACT_NR");
        // Filled SecuTix columns per row, column by column.
        let mut filled_of_row = vec![0u16; kept.height()];
        for column in secutix_columns(kept) {
            if let Some(values) = strings(kept, &column) {
                for (slot, v) in filled_of_row.iter_mut().zip(values.iter()) {
                    *slot += v.is_some_and(|v| !v.is_empty()) as u16;
                }
            }
        }
        for (i, filled) in filled_of_row.iter().enumerate() {
            let raw = raw_contact(&columns, i);
            let row = rows.get(i).unwrap_or(0);
            let key = match keys.as_ref().and_then(|k| k.get(i)) {
                Some(k) if !k.is_empty() => k.to_string(),
                _ => format!("row {row}"),
            };
            let origin = Origin::Run {
                seq: seq.get(i).unwrap_or(0),
                row,
            };
            if self.records.push(origin, &key, &raw) {
                self.filled.push(*filled);
                let when = recency
                    .as_ref()
                    .and_then(|c| c.get(i))
                    .map(recency_key)
                    .unwrap_or_default();
                self.recency.push(when.into());
                let nr = numbers.as_ref().and_then(|c| c.get(i)).unwrap_or("");
                self.contact_nr.push(nr.into());
            }
        }
        Ok(())
    }

    fn finish(&mut self, ctx: &FinishContext) -> Result<Decided, RunError> {
        let excluded: BTreeSet<u64> = ctx.excluded.iter().copied().collect();
        for i in 0..self.records.len() {
            if let Origin::Run { seq, .. } = self.records.origin[i] {
                if excluded.contains(&seq) {
                    self.records.skip(i);
                }
            }
        }
        let spec = &self.inputs.spec;
        let talk = self.inputs.talk;
        let cap = spec.max_pairs_per_rule();
        let mut on_blocking = |passes: &[super::block::PassCount]| {
            for pass in passes {
                if pass.stopped {
                    eprintln!(
                        "warning: dedupe blocking pass `{}` stopped: it would compare {} pairs (largest block {} records), more than max-pairs-per-rule {cap}; add a key part to make it stricter, or raise the cap",
                        pass.rule, pass.pairs, pass.largest_block
                    );
                } else if talk {
                    eprintln!(
                        "dedupe: blocking pass {:<34} {:>12} pairs ({} new, largest block {})",
                        pass.rule, pass.pairs, pass.new_pairs, pass.largest_block
                    );
                }
            }
        };
        let found = deduplicate(
            &self.records,
            spec,
            &self.inputs.nicknames,
            &self.inputs.decisions,
            self.inputs.labels.as_ref(),
            &mut on_blocking,
        )
        .map_err(|message| RunError::Dedupe(DedupeError::Config { message }))?;
        for w in &found.decision_warnings {
            eprintln!("warning: {w}");
        }
        let members = self.member_values(ctx, &found)?;
        let plan = self.settle(&found, &members)?;
        let comparer = comparer(&self.records, &found.derived, &self.inputs.nicknames, spec)
            .map_err(|message| RunError::Dedupe(DedupeError::Config { message }))?;
        let explain = |a: u32, b: u32| explain_pair(&self.records, &comparer, &found.model, a, b);
        let mut builder = ReportBuilder::new(spec, &self.records, &found);
        let path = self.inputs.out_dir.join(DUPLICATES_FILE);
        let written = super::output::write_duplicates(
            &path,
            &self.records,
            &found,
            &plan,
            &members,
            &explain,
            &mut builder,
        )?;
        let mut report = builder.finish();
        report.file = Some(written);
        *self.report.lock().unwrap_or_else(|e| e.into_inner()) = Some(report);
        Ok(plan.decided)
    }
}

/// The SecuTix values of the records in clusters, read back from the spill: only the
/// filled cells, by column index (a full row of ~95 optional strings per member took 1 GB at
/// a million contacts).
pub struct MemberValues {
    /// SecuTix columns, in file order.
    pub columns: Vec<String>,
    /// `_seq` → (column index, value) of the filled cells, by column index.
    values: HashMap<u64, Vec<(u16, Box<str>)>>,
}

impl MemberValues {
    /// The value of column `c` of record `seq` (`None`: empty, or not a member).
    pub fn value(&self, seq: u64, c: usize) -> Option<&str> {
        let cells = self.values.get(&seq)?;
        let i = cells
            .binary_search_by_key(&(c as u16), |(col, _)| *col)
            .ok()?;
        Some(&cells[i].1)
    }

    /// The value of the column named `name` of record `seq`.
    pub fn named(&self, seq: u64, name: &str) -> Option<&str> {
        let c = self.columns.iter().position(|n| n == name)?;
        self.value(seq, c)
    }
}

/// What the run does with each cluster.
pub struct Settlement {
    /// Per group (same order as `Deduplicated::groups`): the surviving record of the run,
    /// when the cluster merges.
    pub survivor: Vec<Option<u32>>,
    /// Per group: the SecuTix contact it updates.
    pub updates: Vec<Option<u32>>,
    /// Merges and patches for the run.
    pub decided: Decided,
}

impl DedupeStage {
    fn member_values(
        &self,
        ctx: &FinishContext,
        found: &Deduplicated,
    ) -> Result<MemberValues, RunError> {
        let wanted: BTreeSet<u64> = found
            .groups
            .iter()
            .flat_map(|g| g.members())
            .filter_map(|m| match self.records.origin[m as usize] {
                Origin::Run { seq, .. } => Some(seq),
                Origin::Existing { .. } => None,
            })
            .collect();
        let mut values = HashMap::new();
        let columns = self.inputs.secutix_columns.clone();
        let mut wanted_columns = columns.clone();
        wanted_columns.push(SEQ_COLUMN.to_string());
        for path in ctx.chunks {
            if wanted.is_empty() {
                break;
            }
            // The SecuTix columns only: the source's columns travel in the spill too.
            let frame = ctx.dir.read_frame(path, Some(wanted_columns.clone()))?;
            let seq = frame
                .column(SEQ_COLUMN)
                .and_then(|c| c.u64().cloned())
                .map_err(evaluate_error)?;
            let rows: Vec<usize> = (0..frame.height())
                .filter(|i| seq.get(*i).is_some_and(|s| wanted.contains(&s)))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let cols: Vec<Option<StringChunked>> =
                columns.iter().map(|c| strings(&frame, c)).collect();
            for i in rows {
                let cells: Vec<(u16, Box<str>)> = cols
                    .iter()
                    .enumerate()
                    .filter_map(|(c, col)| {
                        let v = col.as_ref()?.get(i).filter(|v| !v.is_empty())?;
                        Some((c as u16, v.into()))
                    })
                    .collect();
                values.insert(seq.get(i).unwrap_or(0), cells);
            }
        }
        Ok(MemberValues { columns, values })
    }

    /// Survivors, contact numbers, merged records and the survivors' values.
    fn settle(&self, found: &Deduplicated, members: &MemberValues) -> Result<Settlement, RunError> {
        let spec = &self.inputs.spec;
        let rules = self
            .survivorship
            .for_columns(&members.columns)
            .map_err(RunError::Dedupe)?;
        let mut decided = Decided::default();
        let mut survivors = Vec::with_capacity(found.groups.len());
        let mut updates = Vec::with_capacity(found.groups.len());
        let seq_of = |m: u32| match self.records.origin[m as usize] {
            Origin::Run { seq, .. } => Some(seq),
            Origin::Existing { .. } => None,
        };
        for group in &found.groups {
            if group.held.is_some() {
                survivors.push(None);
                updates.push(None);
                continue;
            }
            let run: Vec<u32> = group
                .merged
                .iter()
                .copied()
                .filter(|m| seq_of(*m).is_some())
                .collect();
            let existing = group
                .merged
                .iter()
                .copied()
                .find(|m| self.records.is_existing(*m as usize));
            let order = self.priority(&run, spec.survivor.unwrap_or_default());
            let Some(&survivor) = order.first() else {
                survivors.push(None);
                updates.push(existing);
                continue;
            };
            survivors.push(Some(survivor));
            updates.push(existing);
            let survivor_seq = seq_of(survivor).unwrap_or(0);
            for m in &order[1..] {
                decided.merged.push(seq_of(*m).unwrap_or(0));
            }
            let ordered: Vec<u64> = order.iter().filter_map(|m| seq_of(*m)).collect();
            let recency: Vec<&str> = order
                .iter()
                .map(|m| self.recency[*m as usize].as_ref())
                .collect();
            let mut patch: Vec<(String, Option<String>)> = Vec::new();
            for (c, column) in members.columns.iter().enumerate() {
                let own = members.value(survivor_seq, c).map(str::to_string);
                let value = if column == "CONTACT_NR" {
                    self.contact_number(&order, existing, spec.contact_number.unwrap_or_default())
                } else if column == "OPERATION" && existing.is_some() {
                    Some("UPDATE".to_string())
                } else {
                    // A value the run filled in for an INSERT is no member's own: it neither
                    // wins over a member's value nor goes into an UPDATE, where it would
                    // overwrite what SecuTix holds (an empty cell leaves it unchanged).
                    let default = self.inputs.insert_defaults.get(column).map(String::as_str);
                    let candidates: Vec<Option<&str>> = ordered
                        .iter()
                        .map(|seq| members.value(*seq, c).filter(|v| Some(*v) != default))
                        .collect();
                    let picked = rules[c].pick(&candidates, &recency);
                    match (picked, existing) {
                        (Some(v), _) => Some(v.to_string()),
                        (None, None) => default.map(str::to_string),
                        (None, Some(_)) => None,
                    }
                };
                if value != own {
                    patch.push((column.clone(), value));
                }
            }
            if !patch.is_empty() {
                decided.patches.push(Patch {
                    seq: survivor_seq,
                    values: patch,
                });
            }
        }
        decided.merged.sort_unstable();
        decided.patches.sort_by_key(|p| p.seq);
        Ok(Settlement {
            survivor: survivors,
            updates,
            decided,
        })
    }

    /// Members of the run in survivor order: the survivor first, then the others by the same
    /// rule.
    fn priority(&self, run: &[u32], rule: SurvivorRule) -> Vec<u32> {
        let mut order = run.to_vec();
        // `run` is sorted by index, which is read order.
        match rule {
            SurvivorRule::FirstRead => {}
            SurvivorRule::LastRead => order.reverse(),
            SurvivorRule::MostComplete => {
                order.sort_by_key(|m| std::cmp::Reverse(self.filled[*m as usize]))
            }
            SurvivorRule::MostRecent => {
                order.reverse();
                order.sort_by(|a, b| self.recency[*b as usize].cmp(&self.recency[*a as usize]));
            }
        }
        order
    }

    fn contact_number(
        &self,
        order: &[u32],
        existing: Option<u32>,
        rule: ContactNumberRule,
    ) -> Option<String> {
        if let Some(e) = existing {
            return Some(self.contact_nr[e as usize].to_string());
        }
        let nr = |m: &u32| Some(self.contact_nr[*m as usize].as_ref()).filter(|n| !n.is_empty());
        let pick = match rule {
            ContactNumberRule::Survivor => order.first().and_then(nr),
            ContactNumberRule::Lowest => order
                .iter()
                .filter_map(nr)
                .min_by(|a, b| numeric_order(a, b)),
            ContactNumberRule::Oldest => {
                let mut by_age: Vec<u32> = order.to_vec();
                by_age.sort_by(|a, b| {
                    let (ra, rb) = (&self.recency[*a as usize], &self.recency[*b as usize]);
                    match (ra.is_empty(), rb.is_empty()) {
                        (false, false) => ra.cmp(rb).then(a.cmp(b)),
                        _ => a.cmp(b),
                    }
                });
                by_age.iter().find_map(nr)
            }
        };
        pick.map(str::to_string)
    }
}

/// Numbers compared as numbers when both are digits (leading zeros ignored), else as text.
fn numeric_order(a: &str, b: &str) -> std::cmp::Ordering {
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if digits(a) && digits(b) {
        let (ta, tb) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
        ta.len().cmp(&tb.len()).then(ta.cmp(tb)).then(a.cmp(b))
    } else {
        a.cmp(b)
    }
}

/// A recency value as a sortable text: dates in `dd.mm.yyyy` (or `/`, `-`) turned into
/// `yyyymmdd`, then the digits of the time; other values as they are.
pub fn recency_key(value: &str) -> String {
    let v = value.trim();
    let (date, rest) = v.split_at(v.find([' ', 'T']).unwrap_or(v.len()));
    match super::normalize::parse_date(date) {
        Some((y, m, d)) => {
            let time: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
            format!("{y:04}{m:02}{d:02}{time}")
        }
        None => v.to_string(),
    }
}

/// Reads `labels` (`key,entity`).
pub fn read_labels(path: &Path) -> Result<HashMap<String, String>, DedupeError> {
    let bad = |message: String| DedupeError::Labels {
        path: path.to_path_buf(),
        message,
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let mut out = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(format!("line {}: {e}", i + 2)))?;
        match (record.get(0), record.get(1)) {
            (Some(k), Some(e)) => {
                out.insert(k.trim().to_string(), e.trim().to_string());
            }
            _ => return Err(bad(format!("line {}: expected key,entity", i + 2))),
        }
    }
    Ok(out)
}
