//! The write stage: the contact files (on a thread of their own), then rejects, warnings and
//! the codes to create.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use polars::prelude::*;
use stx_connector_core::{ReadRequest, SOURCE_ROW_COLUMN};
use stx_connector_files::CsvHead;

use super::account::Ledger;
use super::account::{Tally, WrittenTally};
use super::flow::Settled;
use super::records::{reject_columns, write_missing_config, RejectsFile, WarningsFile};
use super::split::SEQ_COLUMN;
use super::{Prepared, RunError};
use crate::migration::OutputFormat;
use crate::writers::{
    is_contact_file_name, ContactFilesOptions, ContactFilesWriter, StagedContactFiles, WriteError,
    WrittenFile,
};

/// Where kept records go: the contact files (none under `check`) and the tally of what they
/// hold.
pub(super) struct ContactOutput {
    /// One thread per format: CSV, then XLSX (none under `check`).
    writers: Vec<WriterThread>,
    /// Kept rows held in memory (`_src_row` + SecuTix columns), for `preview`.
    in_memory: Option<DataFrame>,
    codes: Vec<String>,
    /// What the written rows hold.
    pub tally: WrittenTally,
    /// Records handed over, by `_seq`, when no writer counts them (`check`, `preview`).
    handed: Tally,
    /// Time spent handing batches over (waiting when the writer is behind).
    pub wait: Duration,
}

impl ContactOutput {
    /// The contact files of `[output]` in `out_dir`, or none (`check`).
    pub(super) fn open(
        prepared: &Prepared,
        out_dir: &Path,
        files: bool,
    ) -> Result<ContactOutput, RunError> {
        let writers = if files {
            contact_writers(prepared, out_dir)?
        } else {
            Vec::new()
        };
        Ok(ContactOutput {
            writers,
            in_memory: None,
            codes: prepared.plan.codes.clone(),
            tally: WrittenTally::new(prepared.profile.columns().len()),
            handed: Tally::default(),
            wait: Duration::ZERO,
        })
    }

    /// No file: the rows are kept in memory (`preview`), see [`ContactOutput::into_frame`].
    pub(super) fn in_memory(prepared: &Prepared) -> Result<ContactOutput, RunError> {
        let mut columns = vec![Column::new_empty(
            SOURCE_ROW_COLUMN.into(),
            &DataType::UInt64,
        )];
        columns.extend(
            prepared
                .plan
                .codes
                .iter()
                .map(|c| Column::new_empty(c.as_str().into(), &DataType::String)),
        );
        let empty = DataFrame::new(0, columns).map_err(evaluate_error)?;
        Ok(ContactOutput {
            in_memory: Some(empty),
            ..ContactOutput::open(prepared, Path::new(""), false)?
        })
    }

    /// The rows kept in memory: `_src_row` then the SecuTix columns.
    pub(super) fn into_frame(self) -> Option<DataFrame> {
        self.in_memory
    }

    /// Writes the SecuTix columns of a batch of kept records.
    pub(super) fn write(&mut self, kept: &DataFrame) -> Result<(), RunError> {
        let t = Instant::now();
        let contacts = kept
            .select(self.codes.iter().map(String::as_str))
            .map_err(evaluate_error)?;
        self.tally.add(&contacts);
        let with_rows = |codes: &[String]| {
            kept.select(
                [SEQ_COLUMN, SOURCE_ROW_COLUMN]
                    .into_iter()
                    .chain(codes.iter().map(String::as_str)),
            )
            .map_err(evaluate_error)
        };
        if let Some(frame) = self.in_memory.as_mut() {
            let with_row = kept
                .select(
                    std::iter::once(SOURCE_ROW_COLUMN).chain(self.codes.iter().map(String::as_str)),
                )
                .map_err(evaluate_error)?;
            frame.vstack_mut_owned(with_row).map_err(evaluate_error)?;
        }
        if self.writers.is_empty() {
            for seq in seqs_of(kept)?.into_no_null_iter() {
                self.handed.add(seq);
            }
        } else {
            let batch = with_rows(&self.codes)?;
            for writer in &mut self.writers {
                // A frame's columns are shared, not copied.
                writer.send(batch.clone())?;
            }
        }
        self.wait += t.elapsed();
        Ok(())
    }

    /// Completes the contact files under their temporary names (published once the run's
    /// accounting holds).
    pub(super) fn finish(self) -> Result<ContactsDone, RunError> {
        let mut writers = self.writers.into_iter();
        let Some(first) = writers.next() else {
            return Ok(ContactsDone {
                staged: None,
                busy: None,
                tally: self.tally,
                written: self.handed,
            });
        };
        // The first writer's tally counts the records; the ledger checks every format's file
        // rows against it.
        let (mut staged, mut busy, written) = first.finish()?;
        for writer in writers {
            let (workbooks, workbook_busy, _) = writer.finish()?;
            staged = StagedContactFiles::interleave(staged, workbooks);
            busy = busy.max(workbook_busy);
        }
        Ok(ContactsDone {
            staged: Some(staged),
            busy: Some(busy),
            tally: self.tally,
            written,
        })
    }
}

/// The contact files of a run, complete and waiting, with what was written.
pub(super) struct ContactsDone {
    /// The files, not yet under their final names (none under `check`).
    pub staged: Option<StagedContactFiles>,
    /// The writer's busy time.
    pub busy: Option<Duration>,
    /// What the written rows hold.
    pub tally: WrittenTally,
    /// Records the writer wrote (under `check`: handed over), by `_seq`.
    pub written: Tally,
}

fn seqs_of(frame: &DataFrame) -> Result<UInt64Chunked, RunError> {
    frame
        .column(SEQ_COLUMN)
        .and_then(|c| c.u64().cloned())
        .map_err(evaluate_error)
}

/// Names of the files a run writes besides the contact files, in the run folder.
pub(super) const REJECTS_FILE: &str = "rejects.csv";
pub(super) const WARNINGS_FILE: &str = "warnings.csv";
pub(super) const MISSING_CONFIG_FILE: &str = "missing-config.csv";
pub(super) const REPORT_JSON_FILE: &str = "report.json";
pub(super) const REPORT_HTML_FILE: &str = "report.html";
pub(super) const PROTOCOL_FILE: &str = "protocol.json";
const SIDE_FILES: &[&str] = &[
    REJECTS_FILE,
    WARNINGS_FILE,
    MISSING_CONFIG_FILE,
    REPORT_JSON_FILE,
    REPORT_HTML_FILE,
    PROTOCOL_FILE,
];

/// Refuses a run whose outputs would replace one of its inputs (`--out` into the folder of
/// the source CSV replaced it), or would land in the folder or glob the source reads (the
/// next run would read them as data).
pub(super) fn refuse_outputs_over_inputs(
    prepared: &Prepared,
    out_dir: &Path,
) -> Result<(), RunError> {
    let Ok(out_dir) = out_dir.canonicalize() else {
        return Ok(());
    };
    let stem = &prepared.migration.file.output.file_stem;
    let written_here = |name: &str| SIDE_FILES.contains(&name) || is_contact_file_name(name, stem);
    for input in &prepared.inputs {
        let clash = |output: PathBuf| RunError::OutputOverInput {
            output,
            input: input.clone(),
        };
        // A folder or glob of files: the run folder must not be (inside) what is read.
        let pattern = input.to_string_lossy().contains(['*', '?', '[']);
        let read_folder = if pattern {
            input.parent()
        } else {
            Some(input.as_path())
        };
        if let Some(folder) = read_folder.and_then(|f| f.canonicalize().ok()) {
            if folder.is_dir() && out_dir.starts_with(&folder) {
                return Err(clash(out_dir.clone()));
            }
        }
        let Ok(file) = input.canonicalize() else {
            continue;
        };
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        if file.parent() == Some(out_dir.as_path()) && name.is_some_and(|n| written_here(&n)) {
            return Err(clash(file));
        }
    }
    Ok(())
}

/// Writes `rejects.csv` (in the input's own layout for a CSV table), `warnings.csv` and
/// `missing-config.csv`, each sorted by source row, and notes in `ledger` what went to
/// `rejects.csv`.
pub(super) fn write_findings(
    prepared: &Prepared,
    out_dir: &Path,
    input_layout: Option<&CsvHead>,
    settled: &mut Settled,
    ledger: &mut Ledger,
) -> Result<Vec<WrittenFile>, RunError> {
    let columns = reject_columns(&prepared.source_columns, settled.rejects.column_names());
    let mut rejects = RejectsFile::create(&out_dir.join(REJECTS_FILE), columns, input_layout)?;
    while let Some(entry) = settled.rejects.next_entry()? {
        if entry.read {
            ledger.read_rejects += 1;
        } else {
            ledger.rejected.add(entry.seq);
        }
        rejects.write(&entry.record)?;
    }
    let rejects = rejects.finish()?;
    ledger.rejects_file_rows = rejects.rows as u64;
    let mut warnings = WarningsFile::create(&out_dir.join(WARNINGS_FILE))?;
    while let Some(warning) = settled.next_warning()? {
        warnings.write(&warning)?;
    }
    Ok(vec![
        rejects,
        warnings.finish()?,
        write_missing_config(
            &out_dir.join(MISSING_CONFIG_FILE),
            &settled.missing.entries(),
        )?,
    ])
}

fn evaluate_error(e: PolarsError) -> RunError {
    RunError::Evaluate {
        row: 0,
        message: e.to_string(),
    }
}

/// The contact files of `[output]`, each format written on a thread of its own: building and
/// compressing the workbook takes several times as long as the CSV file (1 M demo rows:
/// 16 s against 3 s of CPU), and one thread for both held the CSV file back by as much.
fn contact_writers(prepared: &Prepared, out_dir: &Path) -> Result<Vec<WriterThread>, RunError> {
    let output = &prepared.migration.file.output;
    let csv = output.formats.contains(&OutputFormat::Csv);
    let xlsx = output.formats.contains(&OutputFormat::Xlsx);
    let options = ContactFilesOptions {
        file_stem: output.file_stem.clone(),
        csv,
        xlsx,
        delimiter: output.delimiter.as_bytes()[0],
        split_rows: output.split_rows,
        xlsx_compression: output
            .xlsx_compression
            .unwrap_or(crate::writers::DEFAULT_XLSX_COMPRESSION),
        ..ContactFilesOptions::new(out_dir)
    };
    let formats = if csv && xlsx {
        vec![
            ContactFilesOptions {
                xlsx: false,
                parts_of_a_workbook: true,
                ..options.clone()
            },
            ContactFilesOptions {
                csv: false,
                ..options
            },
        ]
    } else {
        vec![options]
    };
    let mut writers = Vec::with_capacity(formats.len());
    for options in formats {
        writers.push(WriterThread::start(
            ContactFilesWriter::create(&prepared.profile, options)?,
            prepared.plan.codes.clone(),
        ));
    }
    Ok(writers)
}

/// The layout of a CSV input read as a whole table, for rejects written like the input; `None`
/// for databases, spreadsheets and queries (their rejects list the source columns).
pub(super) fn input_file_layout(
    prepared: &Prepared,
) -> Result<Option<stx_connector_files::CsvHead>, RunError> {
    let spec = &prepared.spec;
    let ReadRequest::Table(table) = &prepared.request else {
        return Ok(None);
    };
    // Files of a glob or folder share no single layout: their rejects list `_src_file`.
    if stx_connector_files::is_multi_file(spec)
        || !matches!(spec.connector()?.as_str(), "csv" | "tsv")
    {
        return Ok(None);
    }
    Ok(stx_connector_files::csv_table_head(spec, table)?)
}

/// The contact-file writer on a thread of its own, so that writing (XLSX compression is
/// single-threaded) overlaps reading and mapping of the next batches. A bounded channel keeps
/// at most two batches in flight.
struct WriterThread {
    sender: Option<std::sync::mpsc::SyncSender<DataFrame>>,
    handle: Option<std::thread::JoinHandle<WriterResult>>,
    /// Set when the run ends without [`WriterThread::finish`] (an error, an interruption):
    /// the thread then drops its files instead of renaming them into place.
    abandoned: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Files staged, the time the writer was busy, and the records it wrote.
type WriterResult = Result<(StagedContactFiles, Duration, Tally), WriteError>;

impl WriterThread {
    /// `codes`: the columns written; batches also carry `_seq` and `_src_row`.
    fn start(mut writer: ContactFilesWriter, codes: Vec<String>) -> WriterThread {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<DataFrame>(2);
        let abandoned = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let abandoned_here = abandoned.clone();
        let handle = std::thread::spawn(move || {
            let mut busy = Duration::ZERO;
            let mut written = Tally::default();
            let polars = |e: PolarsError| WriteError::Polars {
                column: SEQ_COLUMN.into(),
                source: e,
            };
            for batch in receiver {
                let t = Instant::now();
                let batch = fault::drop_row_for_test(batch).map_err(polars)?;
                writer.write_batch(
                    &batch
                        .select(codes.iter().map(String::as_str))
                        .map_err(polars)?,
                )?;
                let seqs = batch
                    .column(SEQ_COLUMN)
                    .and_then(|c| c.u64().cloned())
                    .map_err(polars)?;
                for seq in seqs.into_no_null_iter() {
                    written.add(seq);
                }
                busy += t.elapsed();
            }
            if abandoned_here.load(std::sync::atomic::Ordering::SeqCst) {
                // Dropping the writer removes its temporary files: nothing of a failed run
                // stands under a final name.
                return Err(WriteError::Stopped);
            }
            let t = Instant::now();
            let staged = writer.stage()?;
            Ok((staged, busy + t.elapsed(), written))
        });
        WriterThread {
            sender: Some(sender),
            handle: Some(handle),
            abandoned,
        }
    }

    /// Hands a batch over; if the writer has stopped on an error, returns that error.
    fn send(&mut self, batch: DataFrame) -> Result<(), RunError> {
        let sent = self.sender.as_ref().is_some_and(|s| s.send(batch).is_ok());
        if sent {
            return Ok(());
        }
        // The thread ended early: its result holds the error.
        self.join()?;
        Err(RunError::Write(WriteError::Stopped))
    }

    /// Closes the channel, waits for the files and returns them staged, with the writer's
    /// busy time and the records it wrote.
    fn finish(mut self) -> Result<(StagedContactFiles, Duration, Tally), RunError> {
        self.join()
    }

    fn join(&mut self) -> Result<(StagedContactFiles, Duration, Tally), RunError> {
        drop(self.sender.take());
        self.wait()
    }

    fn wait(&mut self) -> Result<(StagedContactFiles, Duration, Tally), RunError> {
        let Some(handle) = self.handle.take() else {
            return Err(RunError::Write(WriteError::Stopped));
        };
        match handle.join() {
            Ok(result) => Ok(result?),
            Err(_) => Err(RunError::Evaluate {
                row: 0,
                message: "the contact-file writer thread panicked".into(),
            }),
        }
    }
}

impl Drop for WriterThread {
    /// A run that ends early (an error in a later stage, a source error) abandons its contact
    /// files: the thread is told before the channel closes, and waited for, so that its
    /// temporary files are gone when the run returns.
    fn drop(&mut self) {
        if self.handle.is_some() {
            self.abandoned
                .store(true, std::sync::atomic::Ordering::SeqCst);
            drop(self.sender.take());
            let _ = self.wait();
        }
    }
}

/// Faults made on purpose, in debug builds only, so that tests of the whole binary can see the
/// accounting catch them.
mod fault {
    use polars::prelude::*;

    /// With `STX_TEST_DROP_ROW=<source row>` (debug builds only), the record of that source
    /// row is dropped on its way to the writer: the accounting must then fail the run.
    pub(super) fn drop_row_for_test(batch: DataFrame) -> PolarsResult<DataFrame> {
        #[cfg(debug_assertions)]
        if let Some(row) = std::env::var("STX_TEST_DROP_ROW")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            let rows = batch.column(stx_connector_core::SOURCE_ROW_COLUMN)?.u64()?;
            let keep: BooleanChunked = rows.iter().map(|r| Some(r != Some(row))).collect();
            return batch.filter(&keep);
        }
        Ok(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_abandoned_by_a_failed_run_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let profile = crate::format::FormatProfile::builtin();
        let options = ContactFilesOptions {
            xlsx: true,
            ..ContactFilesOptions::new(dir.path())
        };
        let codes: Vec<String> = profile.codes().iter().map(|c| c.to_string()).collect();
        let mut thread = WriterThread::start(
            ContactFilesWriter::create(&profile, options).unwrap(),
            codes.clone(),
        );
        let mut columns = vec![
            Column::new(SEQ_COLUMN.into(), [0u64]),
            Column::new(SOURCE_ROW_COLUMN.into(), [1u64]),
        ];
        columns.extend(
            codes
                .iter()
                .map(|c| Column::new(c.as_str().into(), [Some("x")])),
        );
        thread.send(DataFrame::new(1, columns).unwrap()).unwrap();
        drop(thread);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
