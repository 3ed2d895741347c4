//! Whole-run stages and the spill they read from.
//!
//! Deduplication, numbering and delta runs need every record of the run before they can
//! decide on one. The records that survive the value rules are therefore written to Arrow IPC
//! files on disk, one per batch (through polars, uncompressed: it is read back once, soon),
//! while each stage sees them go by; once the source is read, each stage decides, and the
//! files are read back batch by batch, in read order, for the writers. Memory holds one batch
//! and what the stages keep, never the run.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use polars_io::ipc::{IpcReader, IpcWriter};
use polars_io::{SerReader, SerWriter};

use super::records::Finding;
use super::split::SEQ_COLUMN;
use super::RunError;
use crate::writers::WriteError;

/// A record a whole-run stage takes out of the run, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LateReject {
    /// `_seq` of the record.
    pub seq: u64,
    /// What the stage found.
    pub finding: Finding,
}

/// New values for some SecuTix columns of a record (`None`: empty): a merged contact's
/// survivor takes values of the records merged into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Patch {
    /// `_seq` of the record.
    pub seq: u64,
    /// Column → new value.
    pub values: Vec<(String, Option<String>)>,
}

/// What a whole-run stage decided, each list in `_seq` order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decided {
    /// Records taken out of the run as rejects.
    pub rejects: Vec<LateReject>,
    /// Records merged into another record of the run (not written, counted as merged).
    pub merged: Vec<u64>,
    /// Records written with other values.
    pub patches: Vec<Patch>,
    /// Records SecuTix holds as they are (a delta run): not written, counted as unchanged.
    pub unchanged: Vec<u64>,
}

/// What a stage sees when it decides.
pub struct FinishContext<'a> {
    /// The spill folder (the stage's own files are there).
    pub dir: &'a SpillDir,
    /// The spilled record files, in read order (a stage may read them back).
    pub chunks: &'a [PathBuf],
    /// `_seq` of the records earlier stages rejected or merged, sorted: this stage leaves
    /// them alone.
    pub excluded: &'a [u64],
    /// What earlier stages write into records, by `_seq` (a survivor matched to a SecuTix
    /// contact is an UPDATE of its number: a later stage must not number it again).
    pub patches: &'a [Patch],
}

/// A stage that needs the whole run: it sees every kept batch as it is spilled, then decides.
pub trait WholeRunStage {
    /// Short name, for logs and timings.
    fn name(&self) -> &'static str;

    /// Sees a batch of kept records (`_seq`, `_src_row`, `_key`, the SecuTix columns, the
    /// source columns), in read order. `spill` is where the stage may keep files of its own.
    fn observe(&mut self, kept: &DataFrame, spill: &SpillDir) -> Result<(), RunError>;

    /// Sees the records of a batch rejected already (`_seq`, `_src_row`, the SecuTix
    /// columns), under `check`: a stage may count them (a number they hold) but never rejects
    /// them again.
    fn observe_rejected(
        &mut self,
        _rejected: &DataFrame,
        _spill: &SpillDir,
    ) -> Result<(), RunError> {
        Ok(())
    }

    /// Once every batch was observed: the records the stage rejects, merges or changes.
    fn finish(&mut self, ctx: &FinishContext) -> Result<Decided, RunError>;
}

/// A folder for spilled records, removed with everything in it when dropped.
pub struct SpillDir {
    path: PathBuf,
}

impl SpillDir {
    /// Creates a fresh folder `.stx-spill-<pid>-<n>` under `parent` (the run's output folder:
    /// the spill is about the size of the contact files, and `/tmp` may be memory), readable
    /// by its owner only.
    pub fn create(parent: &Path) -> Result<SpillDir, RunError> {
        let pid = std::process::id();
        let mut n = 0;
        loop {
            let path = parent.join(format!(".stx-spill-{pid}-{n}"));
            // The spill holds personal data: the folder is its owner's only (files created in
            // it cannot be reached by others whatever their own mode).
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&path) {
                Ok(()) => return Ok(SpillDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
                Err(source) => {
                    return Err(RunError::Write(WriteError::Io {
                        path,
                        action: "create the spill folder",
                        source,
                    }))
                }
            }
        }
    }

    /// A file in the folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// Writes a frame as one Arrow IPC file.
    pub fn write_frame(&self, name: &str, frame: &DataFrame) -> Result<PathBuf, RunError> {
        let path = self.file(name);
        write_ipc(&path, frame)?;
        Ok(path)
    }

    /// Reads back a file written by [`SpillDir::write_frame`], all columns or those named.
    pub fn read_frame(
        &self,
        path: &Path,
        columns: Option<Vec<String>>,
    ) -> Result<DataFrame, RunError> {
        let file = File::open(path).map_err(|source| {
            RunError::Write(WriteError::Io {
                path: path.to_path_buf(),
                action: "read the spill file",
                source,
            })
        })?;
        // Not rechunked: concatenating the record batches' string views took 222 MB for a
        // 50,000-row batch (massif, demo run); the stages and writers take chunked columns.
        IpcReader::new(file)
            .with_columns(columns)
            .set_rechunk(false)
            .finish()
            .map_err(|e| spill_error(path, e))
    }
}

impl Drop for SpillDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Rows per Arrow record batch in a spill file: the writer encodes a record batch in memory
/// before writing it, and one record batch per 50,000-row batch of ~120 text columns took
/// 40 MB (massif, 20,000-row demo run); 4,096 rows take a twelfth of that.
pub const RECORD_BATCH_ROWS: usize = 4_096;

/// The frame as chunks of [`RECORD_BATCH_ROWS`] (the IPC writer writes a record batch per
/// chunk).
fn in_record_batches(frame: &DataFrame) -> PolarsResult<DataFrame> {
    let mut out = frame.slice(0, RECORD_BATCH_ROWS);
    let mut offset = RECORD_BATCH_ROWS;
    while offset < frame.height() {
        out.vstack_mut(&frame.slice(offset as i64, RECORD_BATCH_ROWS))?;
        offset += RECORD_BATCH_ROWS;
    }
    Ok(out)
}

/// Writes `frame` to `path` as one Arrow IPC file.
fn write_ipc(path: &Path, frame: &DataFrame) -> Result<(), RunError> {
    let io_error = |source| {
        RunError::Write(WriteError::Io {
            path: path.to_path_buf(),
            action: "write the spill file",
            source,
        })
    };
    let file = File::create(path).map_err(io_error)?;
    let mut frame = in_record_batches(frame).map_err(|e| spill_error(path, e))?;
    // The oldest level writes strings as offsets + bytes: a string view column of a
    // filtered batch still points into the buffers of the whole batch (often shared by
    // several columns), and the views level writes those buffers whole, for every column.
    IpcWriter::new(std::io::BufWriter::new(file))
        .with_compat_level(CompatLevel::oldest())
        .with_parallel(false)
        .finish(&mut frame)
        .map_err(|e| spill_error(path, e))
}

/// Writes the spilled batches on a thread of its own: encoding a batch and handing it to the
/// kernel took 12 % of a demo run's CPU time on the thread that reads, maps and judges
/// (perf, 1 M rows). At most [`SPILL_BATCHES_AHEAD`] batches wait for it.
struct SpillWriter {
    sender: Option<std::sync::mpsc::SyncSender<(PathBuf, DataFrame)>>,
    handle: Option<std::thread::JoinHandle<Result<(), RunError>>>,
}

/// Batches handed to the spill writer and not yet written.
const SPILL_BATCHES_AHEAD: usize = 2;

impl SpillWriter {
    fn start() -> Result<SpillWriter, RunError> {
        let (sender, receiver) =
            std::sync::mpsc::sync_channel::<(PathBuf, DataFrame)>(SPILL_BATCHES_AHEAD);
        let handle = std::thread::Builder::new()
            .name("stx-spill-write".into())
            .spawn(move || {
                for (path, frame) in receiver {
                    write_ipc(&path, &frame)?;
                }
                Ok(())
            })
            .map_err(|source| {
                RunError::Write(WriteError::Io {
                    path: PathBuf::new(),
                    action: "start the spill writer thread",
                    source,
                })
            })?;
        Ok(SpillWriter {
            sender: Some(sender),
            handle: Some(handle),
        })
    }

    /// Hands a batch over; if the thread stopped on an error, returns that error.
    fn send(&mut self, path: PathBuf, frame: DataFrame) -> Result<(), RunError> {
        let sent = self
            .sender
            .as_ref()
            .is_some_and(|s| s.send((path, frame)).is_ok());
        if sent {
            return Ok(());
        }
        self.finish()?;
        Err(RunError::Write(WriteError::Stopped))
    }

    /// Waits until every batch handed over is on disk.
    fn finish(&mut self) -> Result<(), RunError> {
        drop(self.sender.take());
        match self.handle.take().map(std::thread::JoinHandle::join) {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(e))) => Err(e),
            Some(Err(_)) => Err(RunError::Evaluate {
                row: 0,
                message: "the spill writer thread panicked".into(),
            }),
        }
    }
}

impl Drop for SpillWriter {
    /// The spill folder is removed after this: the thread must have stopped writing into it.
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

fn spill_error(path: &Path, e: PolarsError) -> RunError {
    RunError::Write(WriteError::Io {
        path: path.to_path_buf(),
        action: "write or read the spill file",
        source: std::io::Error::other(e.to_string()),
    })
}

/// The kept records of a run on disk, with the whole-run stages that watch them.
pub struct Spill {
    /// Declared before `dir`, so dropped first: the thread has stopped writing into the
    /// folder before the folder is removed.
    writer: SpillWriter,
    dir: SpillDir,
    /// Files of spilled batches, with the `_seq` of their last record (`None`: empty batch).
    chunks: Vec<(PathBuf, Option<u64>)>,
    stages: Vec<Box<dyn WholeRunStage>>,
}

impl Spill {
    /// A spill under `parent` for `stages` (at least one: without a stage, records go to the
    /// writers straight away).
    pub fn new(parent: &Path, stages: Vec<Box<dyn WholeRunStage>>) -> Result<Spill, RunError> {
        let dir = SpillDir::create(parent)?;
        Ok(Spill {
            writer: SpillWriter::start()?,
            dir,
            chunks: Vec::new(),
            stages,
        })
    }

    /// Shows a batch to every stage and writes it to disk.
    pub fn push(&mut self, kept: DataFrame) -> Result<(), RunError> {
        for stage in &mut self.stages {
            stage.observe(&kept, &self.dir)?;
        }
        let last = last_seq(&kept)?;
        let path = self
            .dir
            .file(&format!("records-{:06}.arrow", self.chunks.len()));
        self.writer.send(path.clone(), kept)?;
        self.chunks.push((path, last));
        Ok(())
    }

    /// Shows the records of a batch rejected already to every stage (see
    /// [`WholeRunStage::observe_rejected`]).
    pub fn push_rejected(&mut self, rejected: &DataFrame) -> Result<(), RunError> {
        for stage in &mut self.stages {
            stage.observe_rejected(rejected, &self.dir)?;
        }
        Ok(())
    }

    /// Lets every stage decide, then reads the records back batch by batch, in read order.
    /// `each` gets a batch and what the stages decided about its records; a batch without a
    /// late reject holds only the `lean` columns (what the writers need: reading the source
    /// columns back would only cost memory).
    pub fn replay(
        mut self,
        lean: &[String],
        mut each: impl FnMut(DataFrame, Decided) -> Result<(), RunError>,
    ) -> Result<(), RunError> {
        let decided = self.decide()?;
        let (mut rejects, mut merged, mut patches, mut unchanged): (
            &[LateReject],
            &[u64],
            &[Patch],
            &[u64],
        ) = (
            &decided.rejects,
            &decided.merged,
            &decided.patches,
            &decided.unchanged,
        );
        for (path, last) in &self.chunks {
            let upto = |seq: u64| last.is_some_and(|last| seq <= last);
            let r = rejects.partition_point(|x| upto(x.seq));
            let m = merged.partition_point(|x| upto(*x));
            let p = patches.partition_point(|x| upto(x.seq));
            let u = unchanged.partition_point(|x| upto(*x));
            let columns = if r == 0 { Some(lean.to_vec()) } else { None };
            let batch = self.dir.read_frame(path, columns)?;
            each(
                batch,
                Decided {
                    rejects: rejects[..r].to_vec(),
                    merged: merged[..m].to_vec(),
                    patches: patches[..p].to_vec(),
                    unchanged: unchanged[..u].to_vec(),
                },
            )?;
            rejects = &rejects[r..];
            merged = &merged[m..];
            patches = &patches[p..];
            unchanged = &unchanged[u..];
            // Disk is given back as the run goes.
            let _ = std::fs::remove_file(path);
        }
        Ok(())
    }

    /// Every stage's decisions, in `_seq` order; a record two stages reject is rejected
    /// once, with the first stage's finding; a later stage never sees the records an earlier
    /// one rejected.
    fn decide(&mut self) -> Result<Decided, RunError> {
        // A stage may read the records back: they must all be on disk.
        self.writer.finish()?;
        let mut all = Decided::default();
        let chunks: Vec<PathBuf> = self.chunks.iter().map(|(p, _)| p.clone()).collect();
        for stage in &mut self.stages {
            let started = std::time::Instant::now();
            let mut excluded: Vec<u64> = all.rejects.iter().map(|r| r.seq).collect();
            excluded.extend(&all.merged);
            excluded.sort_unstable();
            // Stable: a record's patches stay in stage order.
            all.patches.sort_by_key(|p| p.seq);
            let found = stage.finish(&FinishContext {
                dir: &self.dir,
                chunks: &chunks,
                excluded: &excluded,
                patches: &all.patches,
            })?;
            tracing::debug!(
                stage = stage.name(),
                rejected = found.rejects.len(),
                merged = found.merged.len(),
                ms = started.elapsed().as_millis() as u64,
                "whole-run stage done"
            );
            all.rejects.extend(found.rejects);
            all.merged.extend(found.merged);
            all.patches.extend(found.patches);
            all.unchanged.extend(found.unchanged);
        }
        all.rejects.sort_by_key(|r| r.seq);
        all.rejects.dedup_by_key(|r| r.seq);
        all.merged.sort_unstable();
        all.merged.dedup();
        all.patches.sort_by_key(|p| p.seq);
        all.unchanged.sort_unstable();
        all.unchanged.dedup();
        Ok(all)
    }
}

fn last_seq(batch: &DataFrame) -> Result<Option<u64>, RunError> {
    Ok(seq_column(batch)?.last())
}

/// A column of a batch of records as text (`None` when the batch has no such column).
pub fn text_column(frame: &DataFrame, name: &str) -> Option<StringChunked> {
    let column = frame.column(name).ok()?;
    let cast = column.cast(&DataType::String).ok()?;
    cast.str().ok().cloned()
}

/// The `_seq` column of a batch of kept records.
pub fn seq_column(batch: &DataFrame) -> Result<UInt64Chunked, RunError> {
    batch
        .column(SEQ_COLUMN)
        .and_then(|c| c.u64().cloned())
        .map_err(|e| RunError::Evaluate {
            row: 0,
            message: e.to_string(),
        })
}
