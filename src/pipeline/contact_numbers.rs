//! The first whole-run stage: CONTACT_NR must be unique in the file; the first record in read
//! order keeps a number, every later one is rejected naming the row that has it.
//!
//! Memory stays bounded whatever the run's size: the numbers are spread over
//! [`PARTITIONS`] partitions by hash (equal numbers always land in the same one), written to
//! the spill folder in blocks, and each partition is checked on its own at the end, so only
//! one partition's numbers are in memory at a time.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use polars::prelude::*;
use stx_connector_core::SOURCE_ROW_COLUMN;

use super::records::Finding;
use super::spill::{Decided, FinishContext, LateReject, SpillDir, WholeRunStage};
use super::split::SEQ_COLUMN;
use super::RunError;

/// The SecuTix column this stage checks.
pub const CONTACT_NR: &str = "CONTACT_NR";

/// Number of partitions the numbers are spread over: at 10 million records, about 150,000
/// numbers per partition are in memory at the end.
pub const PARTITIONS: usize = 64;

/// Numbers buffered per partition before they are written out.
const BLOCK_ROWS: usize = 8_192;

/// Buffered numbers of one partition, and the blocks already on disk.
#[derive(Default)]
struct Partition {
    seq: Vec<u64>,
    rows: Vec<u64>,
    numbers: Vec<String>,
    /// The record was rejected already (`check`): it holds its number, but is never
    /// reported itself.
    rejected: Vec<bool>,
    blocks: Vec<PathBuf>,
}

/// Column of a spilled block: the record was rejected already.
const REJECTED_COLUMN: &str = "_rejected";

/// Rejects a record whose CONTACT_NR an earlier record of the run holds.
pub struct UniqueContactNumbers {
    partitions: Vec<Partition>,
    block_rows: usize,
}

impl Default for UniqueContactNumbers {
    fn default() -> Self {
        UniqueContactNumbers::new()
    }
}

impl UniqueContactNumbers {
    /// The stage, empty.
    pub fn new() -> UniqueContactNumbers {
        UniqueContactNumbers {
            partitions: (0..PARTITIONS).map(|_| Partition::default()).collect(),
            block_rows: BLOCK_ROWS,
        }
    }

    fn flush(&mut self, p: usize, spill: &SpillDir) -> Result<(), RunError> {
        let part = &mut self.partitions[p];
        if part.seq.is_empty() {
            return Ok(());
        }
        let frame = DataFrame::new(
            part.seq.len(),
            vec![
                Column::new(SEQ_COLUMN.into(), std::mem::take(&mut part.seq)),
                Column::new(SOURCE_ROW_COLUMN.into(), std::mem::take(&mut part.rows)),
                Column::new(CONTACT_NR.into(), std::mem::take(&mut part.numbers)),
                Column::new(REJECTED_COLUMN.into(), std::mem::take(&mut part.rejected)),
            ],
        )
        .map_err(evaluate_error)?;
        let name = format!("contact-nr-{p:02}-{:04}.arrow", part.blocks.len());
        part.blocks.push(spill.write_frame(&name, &frame)?);
        Ok(())
    }

    /// The late rejects of one partition, its records taken in read order.
    fn duplicates_in(&self, p: usize, spill: &SpillDir) -> Result<Vec<LateReject>, RunError> {
        let mut records: Vec<(u64, u64, String, bool)> = Vec::new();
        for path in &self.partitions[p].blocks {
            let block = spill.read_frame(path, None)?;
            let numbered = numbered(&block)?;
            let rejected = block
                .column(REJECTED_COLUMN)
                .and_then(|c| c.bool().cloned())
                .map_err(evaluate_error)?;
            for ((seq, row, nr), rejected) in numbered.iter().zip(rejected.iter()) {
                records.push((seq, row, nr.to_string(), rejected == Some(true)));
            }
        }
        // Rejected records were observed after the kept ones of their batch.
        records.sort_by_key(|r| r.0);
        let mut first: HashMap<&str, (u64, bool)> = HashMap::new();
        let mut found = Vec::new();
        for (seq, row, nr, rejected) in &records {
            match first.get(nr.as_str()) {
                Some(holder) if !rejected => found.push(duplicate(*seq, nr, *holder)),
                Some(_) => {}
                None => {
                    first.insert(nr, (*row, *rejected));
                }
            }
        }
        Ok(found)
    }

    fn push(
        &mut self,
        frame: &DataFrame,
        rejected: bool,
        spill: &SpillDir,
    ) -> Result<(), RunError> {
        let numbered = numbered(frame)?;
        for (seq, row, nr) in numbered.iter() {
            let p = partition_of(nr);
            let part = &mut self.partitions[p];
            part.seq.push(seq);
            part.rows.push(row);
            part.numbers.push(nr.to_string());
            part.rejected.push(rejected);
            if part.seq.len() >= self.block_rows {
                self.flush(p, spill)?;
            }
        }
        Ok(())
    }
}

/// The `_seq`, `_src_row` and CONTACT_NR columns of a frame.
struct Numbered {
    seq: UInt64Chunked,
    rows: UInt64Chunked,
    numbers: StringChunked,
}

fn numbered(frame: &DataFrame) -> Result<Numbered, RunError> {
    let columns = || -> PolarsResult<Numbered> {
        Ok(Numbered {
            seq: frame.column(SEQ_COLUMN)?.u64()?.clone(),
            rows: frame.column(SOURCE_ROW_COLUMN)?.u64()?.clone(),
            numbers: frame.column(CONTACT_NR)?.str()?.clone(),
        })
    };
    columns().map_err(evaluate_error)
}

impl Numbered {
    /// The records that have a number, in frame order.
    fn iter(&self) -> impl Iterator<Item = (u64, u64, &str)> + '_ {
        let rows = self
            .seq
            .iter()
            .zip(self.rows.iter())
            .zip(self.numbers.iter());
        rows.filter_map(|((seq, row), nr)| Some((seq?, row?, nr?)))
    }
}

/// A record whose number `holder` (its source row, and whether it was rejected) has.
fn duplicate(seq: u64, nr: &str, holder: (u64, bool)) -> LateReject {
    let (first, rejected) = holder;
    let after = if rejected {
        " (a row rejected for another reason: once it is fixed, the two collide)"
    } else {
        ""
    };
    LateReject {
        seq,
        finding: Finding {
            rule: "contact-number-unique".into(),
            column: CONTACT_NR.into(),
            value: nr.to_string(),
            message: format!("CONTACT_NR {nr} is already used by source row {first}{after}; contact numbers must be unique in the file"),
        },
    }
}

/// The partition of a number: a fixed hash, so that runs are repeatable.
fn partition_of(nr: &str) -> usize {
    // DefaultHasher::new() has fixed keys (unlike RandomState).
    let mut hasher = std::hash::DefaultHasher::new();
    nr.hash(&mut hasher);
    (hasher.finish() % PARTITIONS as u64) as usize
}

fn evaluate_error(e: PolarsError) -> RunError {
    RunError::Evaluate {
        row: 0,
        message: e.to_string(),
    }
}

impl WholeRunStage for UniqueContactNumbers {
    fn name(&self) -> &'static str {
        "contact-number-unique"
    }

    fn observe(&mut self, kept: &DataFrame, spill: &SpillDir) -> Result<(), RunError> {
        self.push(kept, false, spill)
    }

    fn observe_rejected(&mut self, rejected: &DataFrame, spill: &SpillDir) -> Result<(), RunError> {
        self.push(rejected, true, spill)
    }

    fn finish(&mut self, ctx: &FinishContext) -> Result<Decided, RunError> {
        let spill = ctx.dir;
        let mut found = Vec::new();
        for p in 0..PARTITIONS {
            self.flush(p, spill)?;
            found.extend(self.duplicates_in(p, spill)?);
        }
        found.sort_by_key(|r| r.seq);
        Ok(Decided {
            rejects: found,
            ..Decided::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(seq: &[u64], rows: &[u64], numbers: &[Option<&str>]) -> DataFrame {
        DataFrame::new(
            seq.len(),
            vec![
                Column::new(SEQ_COLUMN.into(), seq),
                Column::new(SOURCE_ROW_COLUMN.into(), rows),
                Column::new(CONTACT_NR.into(), numbers),
            ],
        )
        .unwrap()
    }

    #[test]
    fn later_holders_of_a_number_are_rejected_naming_the_first_across_batches_and_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let spill = SpillDir::create(dir.path()).unwrap();
        // Small blocks: partitions are written out several times during the run.
        let mut stage = UniqueContactNumbers {
            block_rows: 3,
            ..UniqueContactNumbers::new()
        };
        stage
            .observe(
                &kept(&[0, 1, 2], &[2, 3, 4], &[Some("7"), None, Some("8")]),
                &spill,
            )
            .unwrap();
        stage
            .observe(&kept(&[3, 4], &[5, 6], &[Some("8"), Some("7")]), &spill)
            .unwrap();
        let many: Vec<String> = (0..PARTITIONS * 10).map(|i| format!("n{i}")).collect();
        let seq: Vec<u64> = (5..5 + many.len() as u64).collect();
        let numbers: Vec<Option<&str>> = many.iter().map(|s| Some(s.as_str())).collect();
        stage.observe(&kept(&seq, &seq, &numbers), &spill).unwrap();
        let next = 5 + many.len() as u64;
        stage
            .observe(&kept(&[next], &[next], &[Some("n1")]), &spill)
            .unwrap();
        let found = rejects_of(&mut stage, &spill);
        assert!(stage.partitions.iter().any(|p| p.blocks.len() > 2));
        let summary: Vec<(u64, String, String)> = found
            .iter()
            .map(|r| (r.seq, r.finding.value.clone(), r.finding.message.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (3, "8".into(), "CONTACT_NR 8 is already used by source row 4; contact numbers must be unique in the file".into()),
                (4, "7".into(), "CONTACT_NR 7 is already used by source row 2; contact numbers must be unique in the file".into()),
                (next, "n1".into(), "CONTACT_NR n1 is already used by source row 6; contact numbers must be unique in the file".into()),
            ]
        );
    }

    /// The stage's late rejects, nothing excluded.
    fn rejects_of(stage: &mut UniqueContactNumbers, spill: &SpillDir) -> Vec<LateReject> {
        stage
            .finish(&FinishContext {
                dir: spill,
                chunks: &[],
                excluded: &[],
                patches: &[],
            })
            .unwrap()
            .rejects
    }

    #[test]
    fn partitions_are_fixed_run_to_run() {
        assert_eq!(partition_of("100"), partition_of("100"));
        let used: std::collections::BTreeSet<usize> =
            (0..1000).map(|i| partition_of(&i.to_string())).collect();
        assert!(
            used.len() > PARTITIONS / 2,
            "numbers spread over {} partitions",
            used.len()
        );
    }

    #[test]
    fn a_number_held_by_a_rejected_row_is_reported_on_the_later_kept_row() {
        let dir = tempfile::tempdir().unwrap();
        let spill = SpillDir::create(dir.path()).unwrap();
        let mut stage = UniqueContactNumbers::new();
        stage
            .observe(&kept(&[1, 2], &[3, 4], &[Some("5"), Some("6")]), &spill)
            .unwrap();
        // Seq 0 (row 2) was rejected for another reason; seq 3 (row 5) too, after a kept 6.
        stage
            .observe_rejected(&kept(&[0, 3], &[2, 5], &[Some("5"), Some("6")]), &spill)
            .unwrap();
        let found = rejects_of(&mut stage, &spill);
        let summary: Vec<(u64, bool)> = found
            .iter()
            .map(|r| {
                (
                    r.seq,
                    r.finding.message.contains("rejected for another reason"),
                )
            })
            .collect();
        assert_eq!(summary, [(1, true)]);
    }
}
