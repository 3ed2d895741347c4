//! One batch through the stages, and the run's findings.
//!
//! `Flow::batch` is the data flow of a batch: read rejects → map → judge → split → spill (when
//! a whole-run stage is on) or write. `Flow::finish` lets the whole-run stages decide, reads
//! the spill back into the writers, and settles rejects, warnings and codes to create.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use stx_connector_core::{Batch, TableWarning, SOURCE_ROW_COLUMN};

use super::account::{RowIndex, Tallies, Tally};
use super::contact_numbers::{UniqueContactNumbers, CONTACT_NR};
use super::judge::read_outcome;
use super::judge::Judge;
use super::map::evaluate_mapping;
use super::plan::{MigrationPlan, KEY_COLUMN};
use super::records::{Finding, RejectRecord, WarningRecord};
use super::sorted_spill::{Sorted, SortedSpill};
use super::spill::{seq_column, LateReject, Spill, WholeRunStage, RECORD_BATCH_ROWS};
use super::split::{source_column_name, source_values, split, Split, SEQ_COLUMN};
use super::write::ContactOutput;
use super::RunError;
use crate::quality::codes::MissingConfig;
use crate::quality::rules::RuleFinding;
use crate::report::Outcome;

/// The whole-run stages a migration needs; none means records go to the writers directly.
/// Contact numbers are checked first: deduplication leaves the records it rejected alone,
/// and a merged contact keeps a number no other written record has. `later` are the stages
/// the run set up (deduplication, then the run state's key stage), in that order.
pub(super) fn whole_run_stages(
    plan: &MigrationPlan,
    later: Vec<Box<dyn WholeRunStage>>,
) -> Vec<Box<dyn WholeRunStage>> {
    let mut stages: Vec<Box<dyn WholeRunStage>> = Vec::new();
    // An unfilled CONTACT_NR is empty on every row: nothing to compare.
    if plan.live.iter().any(|c| c == CONTACT_NR) {
        stages.push(Box::new(UniqueContactNumbers::new()));
    }
    stages.extend(later);
    stages
}

/// Rejects, warnings and codes to create of a run, spilled to disk as they come (see
/// [`SortedSpill`]): a run's memory does not grow with its rejects.
pub(super) struct RunFindings {
    rejects: SortedSpill<RejectRecord>,
    warnings: SortedSpill<WarningRecord>,
    /// Held back while a whole-run stage may still reject their rows.
    collected: Vec<(u64, u64, RuleFinding)>,
    missing: MissingConfig,
}

/// What a run found, settled: read back sorted by source row, warnings and codes of late
/// rejects left out.
pub(super) struct Settled {
    /// Rejected rows, by source row then read order.
    pub rejects: Sorted<RejectRecord>,
    warnings: Sorted<WarningRecord>,
    /// `_seq` of the records a whole-run stage rejected, sorted: their warnings are left out.
    late: Vec<u64>,
    /// Codes to create.
    pub missing: MissingConfig,
    /// Spreadsheet damage found in the values, one problem per column and kind.
    pub damage: Vec<crate::report::FileProblem>,
    /// Records merged into another by deduplication (left out of the contact files).
    pub merged: Tally,
    /// Records a delta run left out: SecuTix holds them as they are.
    pub unchanged: Tally,
}

impl Settled {
    /// The next warning of a written row, by source row then read order.
    pub(super) fn next_warning(&mut self) -> Result<Option<WarningRecord>, RunError> {
        while let Some(entry) = self.warnings.next_entry()? {
            if self.late.binary_search(&entry.seq).is_err() {
                return Ok(Some(entry.record));
            }
        }
        Ok(None)
    }
}

/// The stages a batch passes, with what they carry across batches.
pub(super) struct Flow<'a> {
    plan: &'a MigrationPlan,
    source_columns: &'a [String],
    judge: Judge<'a>,
    spill: Option<Spill>,
    /// `_seq` of the next data row.
    next_seq: u64,
    /// Rows read, including those rejected while reading.
    pub rows_read: u64,
    /// How often each rule fired.
    pub tallies: Tallies,
    /// The source row of each record, for the accounting's messages.
    pub index: RowIndex,
    findings: RunFindings,
}

impl<'a> Flow<'a> {
    /// The flow of a run; whole-run stages spill under `spill_parent`; `later` are the
    /// whole-run stages the run set up (see [`whole_run_stages`]).
    pub(super) fn new(
        plan: &'a MigrationPlan,
        source_columns: &'a [String],
        spill_parent: &Path,
        later: Vec<Box<dyn WholeRunStage>>,
    ) -> Result<Flow<'a>, RunError> {
        let stages = whole_run_stages(plan, later);
        let spill = if stages.is_empty() {
            None
        } else {
            Some(Spill::new(spill_parent, stages)?)
        };
        Ok(Flow {
            plan,
            source_columns,
            judge: Judge::new(plan),
            spill,
            next_seq: 0,
            rows_read: 0,
            tallies: Tallies::default(),
            index: RowIndex::default(),
            findings: RunFindings {
                rejects: SortedSpill::new("rejects", spill_parent),
                warnings: SortedSpill::new("warnings", spill_parent),
                collected: Vec::new(),
                missing: MissingConfig::default(),
            },
        })
    }

    /// Read warnings of the tables a polars-SQL query read: listed as they are, located in
    /// their table (`table.column`, the table's row and key), since a row of a join cannot be
    /// traced back to the table row it came from.
    pub(super) fn table_warnings(&mut self, warnings: Vec<TableWarning>) -> Result<(), RunError> {
        for TableWarning {
            table,
            key,
            warning,
        } in warnings
        {
            let outcome = read_outcome(warning.action);
            let column = format!("{table}.{}", warning.column);
            self.tallies.hit(&column, "read", outcome, &warning.value);
            let record = WarningRecord {
                row: warning.src_row,
                key,
                outcome: outcome.as_str(),
                finding: Finding {
                    rule: "read".into(),
                    column,
                    value: warning.value,
                    message: warning.message,
                },
            };
            // No `_seq`: no record of the run is this row, so no stage can take it away.
            self.findings.warning(u64::MAX, record)?;
        }
        Ok(())
    }

    /// One batch through every per-batch stage; its kept records are spilled for the
    /// whole-run stages, or written.
    pub(super) fn batch(
        &mut self,
        batch: Batch,
        output: &mut ContactOutput,
    ) -> Result<(), RunError> {
        self.rows_read += batch.rows_read() as u64;
        let first_seq = self.next_seq;
        let Batch {
            data,
            rejects,
            warnings,
        } = batch;
        for reject in self.judge.read_rejects(rejects, &mut self.tallies) {
            self.findings.reject(first_seq, true, reject)?;
        }
        let evaluate_error = |e: PolarsError| RunError::Evaluate {
            row: first_source_row(&data),
            message: crate::mapping::clean_polars_error(&e),
        };
        if let Ok(rows) = data
            .column(SOURCE_ROW_COLUMN)
            .and_then(|c| c.u64().cloned())
        {
            self.index.add(first_seq, rows.into_no_null_iter());
        }
        let mapped = evaluate_mapping(self.plan, &data).map_err(evaluate_error)?;
        let judged = self
            .judge
            .judge(mapped, warnings, &mut self.tallies)
            .map_err(evaluate_error)?;
        let Split {
            kept,
            rejects,
            warnings,
            collected,
            rejected,
        } = split(
            judged,
            &data,
            self.source_columns,
            &self.plan.codes,
            first_seq,
            self.spill.is_some(),
            self.plan.warnings_of_rejects,
        )
        .map_err(evaluate_error)?;
        self.next_seq += data.height() as u64;
        for (seq, reject) in rejects {
            self.findings.reject(seq, false, reject)?;
        }
        for (seq, warning) in warnings {
            self.findings.warning(seq, warning)?;
        }
        tracing::debug!(
            rows_read = self.rows_read,
            kept = kept.height(),
            "batch done"
        );
        match self.spill.as_mut() {
            Some(spill) => {
                self.findings.collected.extend(collected);
                if let Some(rejected) = rejected {
                    spill.push_rejected(&rejected)?;
                }
                spill.push(kept)
            }
            None => {
                for (_, row, f) in &collected {
                    self.findings.missing.add_finding(f, *row);
                }
                output.write(&kept)
            }
        }
    }

    /// Records given a `_seq` so far (rows read less those rejected while reading).
    pub(super) fn records(&self) -> u64 {
        self.next_seq
    }

    /// Rows rejected so far (while reading or by a rule), for progress.
    pub(super) fn rejected(&self) -> u64 {
        self.findings.rejects.pushed()
    }

    /// Lets the whole-run stages decide, writes the records they keep, and settles the
    /// findings.
    pub(super) fn finish(
        mut self,
        output: &mut ContactOutput,
    ) -> Result<(Settled, Tallies), RunError> {
        let mut late_seqs: Vec<u64> = Vec::new();
        let mut merged = Tally::default();
        let mut unchanged = Tally::default();
        if let Some(spill) = self.spill.take() {
            let source_columns = self.source_columns;
            let (tallies, findings) = (&mut self.tallies, &mut self.findings);
            let lean: Vec<String> = std::iter::once(SEQ_COLUMN.to_string())
                .chain(std::iter::once(SOURCE_ROW_COLUMN.to_string()))
                .chain(self.plan.codes.iter().cloned())
                .collect();
            spill.replay(&lean, |batch, decided| {
                let late = &decided.rejects;
                let batch = take_late_rejects(batch, late, source_columns, tallies, findings)?;
                late_seqs.extend(late.iter().map(|r| r.seq));
                // A merged record's warnings and codes to create are the survivor's no more.
                late_seqs.extend(decided.merged.iter().copied());
                // An unchanged record writes nothing: its warnings would tell of no row.
                late_seqs.extend(decided.unchanged.iter().copied());
                let batch = merge_and_patch(batch, &decided, &mut merged, &mut unchanged)?;
                // Reading back outruns the writer: handed over whole, every batch queued for
                // it would hold its text views (16 bytes a cell, ~75 MB a 50,000-row batch);
                // in record-batch slices only the queued chunks stay alive.
                let mut offset = 0;
                while offset < batch.height() {
                    output.write(&batch.slice(offset as i64, RECORD_BATCH_ROWS))?;
                    offset += RECORD_BATCH_ROWS;
                }
                Ok(())
            })?;
        }
        let mut settled = self.findings.settle(late_seqs)?;
        settled.damage = self.judge.damage();
        settled.merged = merged;
        settled.unchanged = unchanged;
        Ok((settled, self.tallies))
    }
}

fn first_source_row(data: &DataFrame) -> u64 {
    data.column(SOURCE_ROW_COLUMN)
        .ok()
        .and_then(|c| c.u64().ok().and_then(|c| c.get(0)))
        .unwrap_or(0)
}

/// Turns the records of `batch` that a whole-run stage rejected into rejects, and returns the
/// others.
fn take_late_rejects(
    batch: DataFrame,
    late: &[LateReject],
    source_columns: &[String],
    tallies: &mut Tallies,
    findings: &mut RunFindings,
) -> Result<DataFrame, RunError> {
    if late.is_empty() {
        return Ok(batch);
    }
    let error = evaluate_error;
    let seq = seq_column(&batch)?;
    let rows = batch
        .column(SOURCE_ROW_COLUMN)
        .and_then(|c| c.u64().cloned())
        .map_err(error)?;
    let keys = batch
        .column(KEY_COLUMN)
        .and_then(|c| c.str().cloned())
        .map_err(error)?;
    let mut keep = vec![true; batch.height()];
    let mut next = late.iter().peekable();
    for (i, s) in seq.iter().enumerate() {
        let Some(reject) = next.next_if(|r| Some(r.seq) == s) else {
            continue;
        };
        keep[i] = false;
        let f = &reject.finding;
        tallies.hit(&f.column, &f.rule, Outcome::Reject, &f.value);
        let values = source_values(&batch, i, source_columns, |c, _| source_column_name(c));
        let record = RejectRecord {
            row: rows.get(i).unwrap_or(0),
            key: keys.get(i).unwrap_or("").to_string(),
            findings: vec![f.clone()],
            values,
        };
        findings.reject(reject.seq, false, record)?;
    }
    let mask = BooleanChunked::from_slice("keep".into(), &keep);
    batch.filter(&mask).map_err(error)
}

fn evaluate_error(e: PolarsError) -> RunError {
    RunError::Evaluate {
        row: 0,
        message: e.to_string(),
    }
}

/// The `_seq` column of a batch read back from the spill.
/// Leaves out the records merged into another and those unchanged since the delta's run
/// (counting them), and writes the new values of the others.
fn merge_and_patch(
    batch: DataFrame,
    decided: &super::spill::Decided,
    merged_tally: &mut Tally,
    unchanged_tally: &mut Tally,
) -> Result<DataFrame, RunError> {
    let (merged, patches, unchanged) = (&decided.merged, &decided.patches, &decided.unchanged);
    if merged.is_empty() && patches.is_empty() && unchanged.is_empty() {
        return Ok(batch);
    }
    let error = evaluate_error;
    let seq = seq_column(&batch)?;
    let mut batch = batch;
    if !patches.is_empty() {
        let mut by_column: BTreeMap<&str, Vec<(usize, Option<&str>)>> = BTreeMap::new();
        for (i, s) in seq.iter().enumerate() {
            let Some(s) = s else { continue };
            // A record may have a patch from more than one stage: applied in stage order.
            let first = patches.partition_point(|p| p.seq < s);
            for patch in patches[first..].iter().take_while(|p| p.seq == s) {
                for (column, value) in &patch.values {
                    by_column
                        .entry(column.as_str())
                        .or_default()
                        .push((i, value.as_deref()));
                }
            }
        }
        for (column, changes) in by_column {
            let Ok(current) = batch.column(column).and_then(|c| c.str().cloned()) else {
                continue;
            };
            let mut values: Vec<Option<&str>> = current.iter().collect();
            for (i, v) in changes {
                values[i] = v;
            }
            let replaced = Column::new(column.into(), values);
            batch.with_column(replaced).map_err(error)?;
        }
    }
    if merged.is_empty() && unchanged.is_empty() {
        return Ok(batch);
    }
    let keep: Vec<bool> = seq
        .iter()
        .map(|s| match s {
            Some(s) if merged.binary_search(&s).is_ok() => {
                merged_tally.add(s);
                false
            }
            Some(s) if unchanged.binary_search(&s).is_ok() => {
                unchanged_tally.add(s);
                false
            }
            _ => true,
        })
        .collect();
    let mask = BooleanChunked::from_slice("keep".into(), &keep);
    batch.filter(&mask).map_err(error)
}

impl RunFindings {
    /// A rejected row; `read`: rejected while reading (`seq` is then its batch's first).
    fn reject(&mut self, seq: u64, read: bool, record: RejectRecord) -> Result<(), RunError> {
        self.rejects.push(record.row, seq, seq, read, record)
    }

    /// A warning of a row, sorted by source row then arrival.
    fn warning(&mut self, seq: u64, record: WarningRecord) -> Result<(), RunError> {
        self.warnings.push(record.row, 0, seq, false, record)
    }

    /// Counts the codes to create of the rows kept to the end, and reads rejects and warnings
    /// back sorted by source row (then read order).
    fn settle(mut self, mut late_seqs: Vec<u64>) -> Result<Settled, RunError> {
        late_seqs.sort_unstable();
        let late = |seq: &u64| late_seqs.binary_search(seq).is_ok();
        for (seq, row, f) in std::mem::take(&mut self.collected) {
            if !late(&seq) {
                self.missing.add_finding(&f, row);
            }
        }
        Ok(Settled {
            rejects: self.rejects.finish()?,
            warnings: self.warnings.finish()?,
            late: late_seqs,
            missing: self.missing,
            damage: Vec::new(),
            merged: Tally::default(),
            unchanged: Tally::default(),
        })
    }
}
