//! A migration run, one module per stage of the data flow:
//!
//! ```text
//! prepare  open the source, compile the mapping                     prepare.rs, plan.rs
//! read     batches from the source (or a polars-SQL query result)   prepare.rs
//! map      every SecuTix column computed from the source columns    map.rs
//! judge    value rules and checks → findings per row                judge.rs
//! split    kept records | rejects, warnings of kept rows            split.rs
//! (whole run) records spilled to disk, stages decide on the run     spill.rs, contact_numbers.rs
//! write    contact files on their own thread; rejects, warnings     write.rs, records.rs
//! account  tallies, report, protocol, read = written + rejected     account.rs, protocol.rs
//! ```
//!
//! `flow.rs` strings the per-batch stages together; [`run`] below reads like the list above.

mod account;
mod contact_numbers;
mod error;
mod flow;
mod judge;
mod map;
mod memory;
mod plan;
mod prepare;
mod preview;
mod protocol;
mod records;
mod sorted_spill;
mod spill;
mod split;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures::StreamExt;

pub use account::{RuleTally, RunSummary, Tallies};
pub use contact_numbers::{UniqueContactNumbers, CONTACT_NR};
pub use error::RunError;
pub use memory::{parse_budget, MemoryBudget, MEMORY_BUDGET_EXIT_CODE};
pub use plan::{MappingError, MigrationPlan, PlannedCheck, KEY_COLUMN, OPERATION};
pub use prepare::{load_profile, prepare, Prepared, DEFAULT_BATCH_ROWS};
pub use preview::{preview, PreviewResult};
pub use protocol::Protocol;
pub use records::{
    write_missing_config, Finding, RejectRecord, RejectsFile, WarningRecord, WarningsFile,
    FILE_REJECT_COLUMNS,
};
pub use spill::{
    seq_column, text_column, Decided, FinishContext, LateReject, Patch, Spill, SpillDir,
    WholeRunStage,
};
pub use split::source_column_name;
pub use split::SEQ_COLUMN;

use crate::migration::Migration;
use crate::writers::{write_atomic, WriteError};
use flow::Flow;
use write::ContactOutput;

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Write into this folder instead of `<output.dir>/<run-id>/`.
    pub out_dir: Option<PathBuf>,
    /// Show a progress bar on stderr (hidden anyway when stderr is not a terminal).
    pub progress: bool,
    /// Check only (`stx-migrate check`): every rule runs and the rejects, warnings and report
    /// are written, but no contact file and no protocol.
    pub check_only: bool,
    /// Problems of the input file found before its rows were read (header rows of a SecuTix
    /// file under `check`), shown in the report.
    pub file_problems: Vec<crate::report::FileProblem>,
    /// The run state's view of the source keys (`run`, `demo`): what earlier runs emitted,
    /// and `--since` for a delta run. `None`: nothing is followed per key.
    pub keys: Option<crate::runs::KeyPlan>,
    /// A service file's request, recorded in the protocol.
    pub service: Option<crate::service::ServiceRecord>,
    /// Progress as JSON lines on stderr (`run --progress-json`, read by `serve`).
    pub progress_events: bool,
}

fn new_run_id(base: &Path) -> (String, PathBuf) {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let mut id = stamp.clone();
    let mut n = 2;
    while base.join(&id).exists() {
        id = format!("{stamp}-{n}");
        n += 1;
    }
    let dir = base.join(&id);
    (id, dir)
}

/// Runs a migration end to end and writes every output.
pub async fn run(migration: Migration, options: &RunOptions) -> Result<RunSummary, RunError> {
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let (run_id, out_dir) = run_folder(&migration, options);
    let budget = MemoryBudget::of(&migration);
    let watch = budget
        .as_ref()
        .map(|b| b.watch("loading the source and running its query"));
    let mut prepared = prepare(migration).await?;
    drop(watch);
    open_run_folder(&prepared, &out_dir)?;
    let input_layout = write::input_file_layout(&prepared)?;
    let source_files = prepare::SourceFiles::watch(&prepared);
    let mut output = ContactOutput::open(&prepared, &out_dir, !options.check_only)?;
    // No total: counting rows first would cost a pass over the source (a full read of a CSV
    // file, a scan for count(*)); the spinner shows rows and rows/s instead.
    let progress = crate::progress::rows_bar(options.progress, None, "migrating");
    let mut events = crate::progress::Events::new(options.progress_events);
    events.stage("reading", 0, 0);
    let mut timings: BTreeMap<String, u128> = BTreeMap::new();
    timings.insert("prepare".into(), prepared.prepare_time.as_millis());
    let (mut read_time, mut flow_time) = (Duration::ZERO, Duration::ZERO);
    let (later, dedupe_report, key_slot) = later_stages(&prepared, options, &out_dir).await?;
    // The stages borrow the plan while the stream borrows the source: split the borrows.
    let p: &mut Prepared = &mut prepared;
    let mut flow = Flow::new(&p.plan, &p.source_columns, &out_dir, later)?;
    flow.table_warnings(std::mem::take(&mut p.query_warnings))?;
    {
        let mut stream = prepare::read_batches(
            &mut p.source,
            &p.request,
            &p.read_options,
            &mut p.materialized,
        )
        .await?;
        loop {
            let t = Instant::now();
            let next = stream.next().await;
            read_time += t.elapsed();
            let Some(batch) = next else { break };
            let t = Instant::now();
            flow.batch(batch?, &mut output)?;
            if let Some(budget) = &budget {
                budget.check("reading and mapping rows")?;
            }
            flow_time += t.elapsed();
            progress.set_position(flow.rows_read);
            events.rows(flow.rows_read, flow.rejected());
            // A source read inline never returns Pending: yield, so that an interruption
            // (Ctrl-C, SIGTERM) is seen between batches.
            tokio::task::yield_now().await;
        }
    }
    progress.finish_and_clear();
    events.stage("whole-run", flow.rows_read, flow.rejected());
    source_files.unchanged()?;
    let mut ledger = account::Ledger {
        rows_read: flow.rows_read,
        records: flow.records(),
        index: std::mem::take(&mut flow.index),
        ..account::Ledger::default()
    };
    let t = Instant::now();
    let (mut settled, tallies) = flow.finish(&mut output)?;
    timings.insert("whole-run".into(), t.elapsed().as_millis());
    ledger.merged = std::mem::take(&mut settled.merged);
    ledger.unchanged = std::mem::take(&mut settled.unchanged);
    let keys = take_key_outcome(&key_slot, &mut timings);
    let dedupe_report = take_dedupe_report(&dedupe_report, &mut timings);
    let write_wait = output.wait;
    let contacts = output.finish()?;
    if let Some(busy) = contacts.busy {
        timings.insert("write-contacts".into(), busy.as_millis());
    }
    ledger.written = contacts.written;
    if let Some(staged) = &contacts.staged {
        ledger.file_rows = staged.rows_by_format();
    }
    let t = Instant::now();
    let side_files = write::write_findings(
        &prepared,
        &out_dir,
        input_layout.as_ref(),
        &mut settled,
        &mut ledger,
    )?;
    timings.insert("read".into(), read_time.as_millis());
    timings.insert(
        "map-and-check".into(),
        flow_time.saturating_sub(write_wait).as_millis(),
    );
    timings.insert("write-wait".into(), (write_wait + t.elapsed()).as_millis());
    let rows_read = ledger.rows_read;
    let rows_rejected = ledger.rejects_file_rows;
    let mut summary = RunSummary {
        run_id,
        out_dir: out_dir.clone(),
        rows_read,
        rows_written: ledger.rows_written(),
        rows_rejected,
        rows_merged: ledger.rows_merged(),
        warnings: side_files[1].rows as u64,
        reject_rate: if rows_read == 0 {
            0.0
        } else {
            rows_rejected as f64 / rows_read as f64
        },
        files: Vec::new(),
        rule_hits: tallies.counts(),
        elapsed_ms: started.elapsed().as_millis(),
        file_problems: options
            .file_problems
            .iter()
            .cloned()
            .chain(std::mem::take(&mut settled.damage))
            .collect(),
        dedupe: dedupe_report.as_ref().map(|d| d.totals()),
        rows_unchanged: ledger.rows_unchanged(),
        delta: keys.as_ref().map(|k| k.counts),
        keys: None,
    };
    let accounted = account::check_accounting(&summary, &ledger);
    // Contact files go into place only when every row is accounted for: they are what
    // SecuTix imports.
    if let (Some(staged), true) = (contacts.staged, accounted.is_ok()) {
        summary.files = staged.publish()?;
    }
    summary.files.extend(side_files);
    if let Some(keys) = &keys {
        summary.files.extend(crate::runs::gone::write_gone_files(
            &prepared, &out_dir, keys,
        )?);
    }
    summary.keys = keys;
    if let Some(file) = dedupe_report.as_ref().and_then(|d| d.file.clone()) {
        summary.files.push(file);
    }
    timings.insert("total".into(), started.elapsed().as_millis());
    write_report_and_protocol(
        &prepared,
        &mut summary,
        &tallies,
        &contacts.tally,
        started_at,
        options,
        timings,
        accounted.is_ok(),
        dedupe_report,
    )?;
    accounted?;
    Ok(summary)
}

/// Creates the run folder, or refuses it (removing it again when it was created empty) when
/// its outputs would replace or land among the inputs.
fn open_run_folder(prepared: &Prepared, out_dir: &Path) -> Result<(), RunError> {
    let created = !out_dir.exists();
    std::fs::create_dir_all(out_dir).map_err(|source| WriteError::Io {
        path: out_dir.to_path_buf(),
        action: "create the output folder",
        source,
    })?;
    if let Err(refused) = write::refuse_outputs_over_inputs(prepared, out_dir) {
        if created {
            // Only an empty folder goes: nothing was written into it yet.
            let _ = std::fs::remove_dir(out_dir);
        }
        return Err(refused);
    }
    Ok(())
}

/// The whole-run stages the run sets up after the contact-number check: deduplication, then
/// the key stage; with the slots their outcomes land in.
async fn later_stages(
    prepared: &Prepared,
    options: &RunOptions,
    out_dir: &Path,
) -> Result<
    (
        Vec<Box<dyn WholeRunStage>>,
        DedupeSlot,
        crate::runs::KeySlot,
    ),
    RunError,
> {
    let (dedupe, dedupe_report) = dedupe_stage(prepared, out_dir, options.progress).await?;
    let key_slot = crate::runs::KeySlot::default();
    let mut later: Vec<Box<dyn WholeRunStage>> = dedupe.into_iter().collect();
    later.extend(key_stage(prepared, options, &key_slot)?);
    Ok((later, dedupe_report, key_slot))
}

/// What the key stage decided once it finished, its steps added to the timings.
fn take_key_outcome(
    slot: &crate::runs::KeySlot,
    timings: &mut BTreeMap<String, u128>,
) -> Option<crate::runs::KeyOutcome> {
    let keys = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    for (step, ms) in keys.iter().flat_map(|k| &k.timings) {
        timings.insert((*step).to_string(), *ms);
    }
    keys
}

/// The run state's key stage, when the run follows source keys (see [`RunOptions::keys`]).
fn key_stage(
    prepared: &Prepared,
    options: &RunOptions,
    slot: &crate::runs::KeySlot,
) -> Result<Option<Box<dyn WholeRunStage>>, RunError> {
    let Some(plan) = &options.keys else {
        return Ok(None);
    };
    let allocate = plan
        .numbers
        .as_ref()
        .is_some_and(|n| n.policy == crate::runs::NumberPolicy::Allocate);
    if prepared.migration.file.read.key.is_none() {
        let what = match (plan.is_delta(), allocate) {
            (true, _) => "a delta run (--since)",
            (_, true) => "[numbers] policy = \"allocate\"",
            _ => return Ok(None),
        };
        return Err(crate::runs::DeltaError::NoKey { what: what.into() }.into());
    }
    // Only the columns the migration fills: the others are empty on every row.
    Ok(Some(Box::new(crate::runs::KeyStage::new(
        plan,
        &prepared.plan.live,
        slot.clone(),
    ))))
}

/// Where the deduplication stage leaves its report when it finishes.
type DedupeSlot = std::sync::Arc<std::sync::Mutex<Option<crate::dedupe::DedupeReport>>>;

/// The deduplication stage when `[dedupe]` is on (its files read now: nicknames, decisions,
/// labels, the SecuTix export), and the slot its report lands in.
async fn dedupe_stage(
    prepared: &Prepared,
    out_dir: &Path,
    talk: bool,
) -> Result<(Option<Box<dyn WholeRunStage>>, DedupeSlot), RunError> {
    let slot = DedupeSlot::default();
    let stage = crate::dedupe::stage_for(
        &prepared.migration,
        &prepared.source_columns,
        &prepared.plan.codes,
        &prepared.plan.insert_defaults,
        out_dir,
        talk,
        slot.clone(),
    )
    .await?;
    Ok((stage.map(|s| Box::new(s) as Box<dyn WholeRunStage>), slot))
}

/// The deduplication's report once the stage finished, its steps added to the timings.
fn take_dedupe_report(
    slot: &DedupeSlot,
    timings: &mut BTreeMap<String, u128>,
) -> Option<crate::dedupe::DedupeReport> {
    let report = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    for (step, ms) in report.iter().flat_map(|d| &d.timings) {
        timings.insert(format!("dedupe-{step}"), *ms);
    }
    report
}

/// The run's identifier and folder: `--out` as given, else a fresh `<output.dir>/<run-id>/`.
pub fn run_folder(migration: &Migration, options: &RunOptions) -> (String, PathBuf) {
    match &options.out_dir {
        Some(dir) => (
            dir.file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("run")
                .to_string(),
            dir.clone(),
        ),
        None => new_run_id(&migration.resolve(&migration.file.output.dir)),
    }
}

/// report.json, report.html and (not under `check`) protocol.json.
#[allow(clippy::too_many_arguments)]
fn write_report_and_protocol(
    prepared: &Prepared,
    summary: &mut RunSummary,
    tallies: &Tallies,
    written: &account::WrittenTally,
    started_at: chrono::DateTime<chrono::Utc>,
    options: &RunOptions,
    timings: BTreeMap<String, u128>,
    accounting_ok: bool,
    dedupe: Option<crate::dedupe::DedupeReport>,
) -> Result<(), RunError> {
    let mut report = account::build_report(prepared, summary, tallies, written, started_at);
    report.dedupe = dedupe;
    let out_dir = summary.out_dir.clone();
    summary.files.push(write_atomic(
        &out_dir.join(write::REPORT_JSON_FILE),
        report.to_json().as_bytes(),
    )?);
    summary.files.push(write_atomic(
        &out_dir.join(write::REPORT_HTML_FILE),
        report.to_html().as_bytes(),
    )?);
    if !options.check_only {
        let protocol = Protocol::new(
            prepared,
            summary,
            summary.rule_hits.clone(),
            timings,
            started_at,
            accounting_ok,
            options.service.clone(),
        );
        let protocol_file = protocol.write(&out_dir.join(write::PROTOCOL_FILE))?;
        summary.files.push(protocol_file);
    }
    Ok(())
}
