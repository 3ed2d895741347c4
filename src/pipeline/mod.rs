//! A migration run: open the source, compile the mapping, stream batches through mapping and
//! rules, write the SecuTix files, the rejects, the warnings and the protocol, and check that
//! every row read is accounted for.

mod plan;
mod protocol;
mod records;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures::StreamExt;
use polars::prelude::*;
use serde::Serialize;
use stx_connector_core::{
    Batch, ReadAction, ReadOptions, ReadReject, ReadRequest, Source, SourceError, SOURCE_ROW_COLUMN,
};

pub use plan::{MappingError, MigrationPlan, PlannedCheck, KEY_COLUMN};
pub use protocol::Protocol;
pub use records::{
    write_missing_config, write_rejects, write_warnings, Finding, RejectRecord, WarningRecord,
    FILE_REJECT_COLUMNS,
};

use crate::format::{FormatError, FormatProfile};
use crate::mapping::OnError;
use crate::migration::{ConfigError, Migration, OutputFormat};
use crate::report::{Outcome, Report};
use crate::writers::{
    write_atomic, ContactFilesOptions, ContactFilesWriter, WriteError, WrittenFile,
};

/// Default rows per batch.
pub const DEFAULT_BATCH_ROWS: usize = 50_000;

/// Why a run stopped. Each variant maps to an exit code (see [`RunError::exit_code`]).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The migration file is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The format profile is wrong.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// A mapping expression does not compile.
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// The source cannot be opened or read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// An output cannot be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Evaluating the mapping failed on data (a bug or an unsupported type combination).
    #[error("mapping failed on the rows of batch starting at source row {row}: {message}. Hint: run `stx-migrate preview` to see the rows; report it if the mapping is valid")]
    Evaluate {
        /// First source row of the batch.
        row: u64,
        /// polars' message.
        message: String,
    },
    /// `check` was given a file that holds no SecuTix column codes.
    #[error("{path}: not a SecuTix contact file: {message}")]
    NotAContactFile {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Rows read ≠ written + rejected + merged: a bug; the outputs must not be used.
    #[error("accounting mismatch: {read} rows read but {written} written + {rejected} rejected + {merged} merged. This is a bug in stx-migrate; the outputs in {dir} must not be used")]
    Accounting {
        /// Rows read.
        read: u64,
        /// Rows written.
        written: u64,
        /// Rows rejected.
        rejected: u64,
        /// Rows merged.
        merged: u64,
        /// Run folder.
        dir: PathBuf,
    },
}

impl RunError {
    /// Exit code: 1 file fails `check`, 2 configuration/mapping, 3 source, 4 write, 5 internal
    /// (accounting).
    pub fn exit_code(&self) -> i32 {
        match self {
            RunError::NotAContactFile { .. } => 1,
            RunError::Config(_) | RunError::Format(_) | RunError::Mapping(_) => 2,
            RunError::Source(_) => 3,
            RunError::Write(_) => 4,
            RunError::Evaluate { .. } | RunError::Accounting { .. } => 5,
        }
    }
}

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
}

/// Counts and files of a finished run.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// Run identifier (UTC start time).
    pub run_id: String,
    /// Folder of the outputs.
    pub out_dir: PathBuf,
    /// Source rows read (including those rejected while reading).
    pub rows_read: u64,
    /// Rows written to the SecuTix files.
    pub rows_written: u64,
    /// Rows in rejects.csv.
    pub rows_rejected: u64,
    /// Rows merged into another contact (deduplication; 0 until it exists).
    pub rows_merged: u64,
    /// Fields dropped with a warning.
    pub warnings: u64,
    /// rows_rejected / rows_read (0 when nothing was read).
    pub reject_rate: f64,
    /// Every file written, contact files first.
    pub files: Vec<WrittenFile>,
    /// How often each `COLUMN/rule` fired (rejects and warnings).
    pub rule_hits: BTreeMap<String, u64>,
    /// Wall time of the run in milliseconds.
    pub elapsed_ms: u128,
}

/// Everything needed before the first row is read.
pub struct Prepared {
    /// The migration.
    pub migration: Migration,
    /// The target format.
    pub profile: FormatProfile,
    /// The open source.
    pub source: Box<dyn Source>,
    /// What to read.
    pub request: ReadRequest,
    /// The compiled mapping.
    pub plan: MigrationPlan,
    /// Source columns, in source order (without the lineage column).
    pub source_columns: Vec<String>,
    /// Batch size, key and readers for the connector.
    pub read_options: ReadOptions,
    /// Result of a polars-SQL query over a source without SQL engine, already read.
    materialized: Option<(DataFrame, Vec<ReadReject>)>,
    /// Time spent opening and compiling.
    pub prepare_time: Duration,
}

/// The target format of a migration: the built-in profile or `[output] profile`, with header
/// row templates from `[output] header-rows` when given.
pub fn load_profile(migration: &Migration) -> Result<FormatProfile, RunError> {
    let output = &migration.file.output;
    let profile = match &output.profile {
        Some(path) => FormatProfile::from_path(&migration.resolve(path))?,
        None => FormatProfile::builtin(),
    };
    Ok(match &output.header_rows {
        Some(templates) => profile.with_header_rows(templates.clone())?,
        None => profile,
    })
}

/// Opens the source and compiles the mapping against its columns; no row is read yet except
/// for queries over sources without an SQL engine, which run on polars SQL here.
pub async fn prepare(migration: Migration) -> Result<Prepared, RunError> {
    let started = Instant::now();
    let profile = load_profile(&migration)?;
    let lookups = migration.load_lookups()?;
    let mut source = crate::sources::open(&migration.source_spec()).await?;
    let read = &migration.file.read;
    let read_options = read.options(DEFAULT_BATCH_ROWS);
    let request = match (&read.table, &read.query) {
        (Some(t), _) => ReadRequest::Table(t.clone()),
        (None, Some(q)) => ReadRequest::Query(q.clone()),
        (None, None) => unreachable!("Migration::check requires table or query"),
    };
    let mut materialized = None;
    let mut schema = Schema::default();
    schema.insert(SOURCE_ROW_COLUMN.into(), DataType::UInt64);
    let description = source.description();
    match (&request, description.has_sql_engine) {
        (ReadRequest::Query(q), false) => {
            let (frame, rejects) = stx_connector_core::read_with_polars_sql(
                source.as_mut(),
                q,
                read_options.batch_rows,
            )
            .await?;
            for (name, dtype) in frame.schema().iter() {
                schema.insert(name.clone(), dtype.clone());
            }
            // The lineage column keeps its own type (u64).
            schema.insert(SOURCE_ROW_COLUMN.into(), DataType::UInt64);
            let frame = frame
                .lazy()
                .with_column(col(SOURCE_ROW_COLUMN).cast(DataType::UInt64))
                .collect()
                .map_err(|e| RunError::Evaluate {
                    row: 0,
                    message: e.to_string(),
                })?;
            materialized = Some((frame, rejects));
        }
        _ => {
            for column in source.describe(&request).await? {
                schema.insert(column.name.as_str().into(), column.dtype);
            }
        }
    }
    let source_columns: Vec<String> = schema
        .iter_names()
        .map(|n| n.to_string())
        .filter(|n| n != SOURCE_ROW_COLUMN)
        .collect();
    let plan = MigrationPlan::build(&migration, &profile, &schema, &lookups)?;
    tracing::info!(
        connector = description.connector,
        location = %description.location,
        columns = source_columns.len(),
        mapped = migration.file.map.len(),
        checks = plan.mapping_checks.len() + plan.format_checks.len(),
        "source opened and mapping compiled"
    );
    Ok(Prepared {
        migration,
        profile,
        source,
        request,
        plan,
        source_columns,
        read_options,
        materialized,
        prepare_time: started.elapsed(),
    })
}

/// What one batch became.
pub struct Processed {
    /// Kept rows: `_src_row` then the SecuTix columns in profile order, all text.
    pub kept: DataFrame,
    /// Rows not imported.
    pub rejects: Vec<RejectRecord>,
    /// Fields dropped on kept rows.
    pub warnings: Vec<WarningRecord>,
}

/// Applies the plan batch after batch, remembering what must be unique across the run.
pub struct Engine<'a> {
    plan: &'a MigrationPlan,
    source_columns: &'a [String],
    contact_numbers: HashMap<String, u64>,
    /// What the value rules carry from batch to batch (codes declared by CONFIG rows).
    rule_state: crate::quality::rules::RuleState,
    /// How often each rule fired on each column: `(column, rule)` → tally.
    pub rule_hits: BTreeMap<(String, String), RuleTally>,
    /// Codes kept under `unknown = "collect"`, for `missing-config.csv`.
    pub missing: crate::quality::codes::MissingConfig,
}

/// How often a rule fired on a column, what it did, and the first distinct values it fired on
/// (unmasked: mask them before they leave the run, see `report::mask_sample`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTally {
    /// What the rule did.
    pub outcome: Outcome,
    /// How many times.
    pub hits: u64,
    /// Up to five distinct values.
    pub samples: Vec<String>,
}

impl<'a> Engine<'a> {
    /// An engine for a plan; `source_columns` are listed in rejects.
    pub fn new(plan: &'a MigrationPlan, source_columns: &'a [String]) -> Engine<'a> {
        Engine {
            plan,
            source_columns,
            contact_numbers: HashMap::new(),
            rule_state: Default::default(),
            rule_hits: BTreeMap::new(),
            missing: Default::default(),
        }
    }

    fn hit(&mut self, column: &str, rule: &str, outcome: Outcome, value: &str) {
        let tally = self
            .rule_hits
            .entry((column.to_string(), rule.to_string()))
            .or_insert_with(|| RuleTally {
                outcome,
                hits: 0,
                samples: Vec::new(),
            });
        tally.hits += 1;
        if tally.samples.len() < crate::report::MAX_SAMPLES
            && !value.is_empty()
            && !tally.samples.iter().any(|s| s == value)
        {
            tally.samples.push(value.to_string());
        }
    }

    /// Maps one batch, applies the rules, and splits kept rows from rejected ones.
    pub fn process(&mut self, batch: Batch) -> Result<Processed, RunError> {
        let mut rejects: Vec<RejectRecord> = Vec::new();
        for r in batch.rejects {
            self.hit(
                r.column.as_deref().unwrap_or("(row)"),
                "read",
                Outcome::Reject,
                r.value.as_deref().unwrap_or(""),
            );
            let key = self
                .plan
                .key
                .as_ref()
                .and_then(|k| r.values.iter().find(|(n, _)| n == k))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            rejects.push(RejectRecord {
                row: r.src_row,
                key,
                findings: vec![Finding {
                    rule: "read".into(),
                    column: r.column.clone().unwrap_or_default(),
                    value: r.value.clone().unwrap_or_default(),
                    message: r.message.clone(),
                }],
                values: r.values,
            });
        }
        let read_warnings = batch.warnings;
        let data = batch.data;
        let height = data.height();
        let first_row = data
            .column(SOURCE_ROW_COLUMN)
            .ok()
            .and_then(|c| c.u64().ok().and_then(|c| c.get(0)))
            .unwrap_or(0);
        let evaluate_error = |e: PolarsError| RunError::Evaluate {
            row: first_row,
            message: crate::mapping::clean_polars_error(&e),
        };
        let mut evaluated = self.plan.evaluate_mapping(&data).map_err(evaluate_error)?;
        let rule_findings = self
            .plan
            .quality
            .apply(&mut evaluated, &mut self.rule_state)
            .map_err(evaluate_error)?;
        let evaluated = self
            .plan
            .evaluate_checks(evaluated)
            .map_err(evaluate_error)?;
        let rows: Vec<u64> = evaluated
            .column(SOURCE_ROW_COLUMN)
            .map_err(evaluate_error)?
            .u64()
            .map_err(evaluate_error)?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect();
        let keys = evaluated
            .column(KEY_COLUMN)
            .map_err(evaluate_error)?
            .str()
            .map_err(evaluate_error)?
            .clone();
        let key_of = |i: usize| keys.get(i).unwrap_or("").to_string();

        let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); height];
        // Batch index of each warning, to drop those of rows that end up rejected.
        let mut warnings: Vec<(usize, WarningRecord)> = Vec::new();
        let mut hits: Vec<(String, String, Outcome, String)> = Vec::new();
        // Values the connector changed while reading (a zero date read as NULL).
        for w in read_warnings {
            let Ok(i) = rows.binary_search(&w.src_row) else {
                continue;
            };
            let outcome = match w.action {
                ReadAction::Dropped => Outcome::Drop,
                ReadAction::Replaced => Outcome::Repair,
                ReadAction::Kept => Outcome::Keep,
            };
            hits.push((w.column.clone(), "read".into(), outcome, w.value.clone()));
            warnings.push((
                i,
                WarningRecord {
                    row: w.src_row,
                    key: key_of(i),
                    outcome: outcome.as_str(),
                    finding: Finding {
                        rule: "read".into(),
                        column: w.column,
                        value: w.value,
                        message: w.message,
                    },
                },
            ));
        }
        let checks = self
            .plan
            .mapping_checks
            .iter()
            .enumerate()
            .map(|(i, c)| (c, format!("_m{i}"), format!("_mv{i}")))
            .chain(
                self.plan
                    .format_checks
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c, format!("_f{i}"), format!("_fv{i}"))),
            )
            .collect::<Vec<_>>();
        for (check, mask_name, value_name) in checks {
            let mask = evaluated
                .column(&mask_name)
                .map_err(evaluate_error)?
                .bool()
                .map_err(evaluate_error)?;
            if !mask.any() {
                continue;
            }
            let values = evaluated
                .column(&value_name)
                .map_err(evaluate_error)?
                .str()
                .map_err(evaluate_error)?;
            for (i, failed) in mask.iter().enumerate() {
                if failed != Some(true) {
                    continue;
                }
                let value = values.get(i).unwrap_or("").to_string();
                let finding = Finding {
                    rule: check.rule.clone(),
                    column: check.column.clone(),
                    message: check.message.replace("{value}", &value),
                    value,
                };
                let outcome = match check.on_error {
                    OnError::Reject => Outcome::Reject,
                    OnError::Drop => Outcome::Drop,
                };
                hits.push((
                    check.column.clone(),
                    check.rule.clone(),
                    outcome,
                    finding.value.clone(),
                ));
                match check.on_error {
                    OnError::Reject => findings[i].push(finding),
                    OnError::Drop => warnings.push((
                        i,
                        WarningRecord {
                            row: rows[i],
                            key: key_of(i),
                            outcome: "drop",
                            finding,
                        },
                    )),
                }
            }
        }
        // Codes to create, listed once the row is known to be imported (like warnings: a
        // rejected row's codes may be wrong in other ways, e.g. too long).
        let mut collected = Vec::new();
        for f in rule_findings {
            let outcome = f.outcome;
            if outcome == Outcome::Collect {
                collected.push(f.clone());
            }
            hits.push((
                f.column.clone(),
                f.rule.to_string(),
                outcome,
                f.value.clone(),
            ));
            let i = f.index;
            let finding = Finding {
                rule: f.rule.to_string(),
                column: f.column,
                value: f.value,
                message: f.message,
            };
            match outcome {
                Outcome::Reject => findings[i].push(finding),
                other => warnings.push((
                    i,
                    WarningRecord {
                        row: rows[i],
                        key: key_of(i),
                        outcome: other.as_str(),
                        finding,
                    },
                )),
            }
        }
        // CONTACT_NR must be unique in the file: the first row keeps it.
        if let Ok(numbers) = evaluated
            .column("CONTACT_NR")
            .and_then(|c| c.str().cloned())
        {
            for (i, nr) in numbers.iter().enumerate() {
                let Some(nr) = nr else { continue };
                if !findings[i].is_empty() {
                    continue;
                }
                if let Some(first) = self.contact_numbers.get(nr) {
                    findings[i].push(Finding {
                        rule: "contact-number-unique".into(),
                        column: "CONTACT_NR".into(),
                        value: nr.to_string(),
                        message: format!("CONTACT_NR {nr} is already used by source row {first}; contact numbers must be unique in the file"),
                    });
                    hits.push((
                        "CONTACT_NR".into(),
                        "contact-number-unique".into(),
                        Outcome::Reject,
                        nr.to_string(),
                    ));
                } else {
                    self.contact_numbers.insert(nr.to_string(), rows[i]);
                }
            }
        }
        for (column, rule, outcome, value) in hits {
            self.hit(&column, &rule, outcome, &value);
        }
        let mut keep = Vec::with_capacity(height);
        for (i, f) in findings.into_iter().enumerate() {
            if f.is_empty() {
                keep.push(true);
                continue;
            }
            keep.push(false);
            let values = self
                .source_columns
                .iter()
                .map(|name| {
                    let text = data
                        .column(name)
                        .ok()
                        .and_then(|c| c.get(i).ok())
                        .map(any_value_text)
                        .unwrap_or_default();
                    (name.clone(), text)
                })
                .collect();
            rejects.push(RejectRecord {
                row: rows[i],
                key: key_of(i),
                findings: f,
                values,
            });
        }
        for f in collected.iter().filter(|f| keep[f.index]) {
            self.missing.add_finding(f, rows[f.index]);
        }
        // Warnings of rejected rows would only repeat what the reject says.
        let warnings: Vec<WarningRecord> = warnings
            .into_iter()
            .filter(|(i, _)| keep[*i])
            .map(|(_, w)| w)
            .collect();
        let mask = BooleanChunked::from_slice("keep".into(), &keep);
        let mut columns = vec![SOURCE_ROW_COLUMN.to_string()];
        columns.extend(self.plan.codes.iter().cloned());
        let kept = evaluated
            .filter(&mask)
            .and_then(|df| df.select(columns))
            .map_err(evaluate_error)?;
        Ok(Processed {
            kept,
            rejects,
            warnings,
        })
    }
}

fn any_value_text(v: AnyValue<'_>) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        other => other.to_string(),
    }
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
    let (run_id, out_dir) = match &options.out_dir {
        Some(dir) => (
            dir.file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("run")
                .to_string(),
            dir.clone(),
        ),
        None => new_run_id(&migration.resolve(&migration.file.output.dir)),
    };
    let mut prepared = prepare(migration).await?;
    std::fs::create_dir_all(&out_dir).map_err(|source| WriteError::Io {
        path: out_dir.clone(),
        action: "create the output folder",
        source,
    })?;
    let mut writer = if options.check_only {
        None
    } else {
        Some(contact_writer(&prepared, &out_dir)?)
    };
    let input_layout = input_file_layout(&prepared)?;
    // No total: counting rows first would cost a pass over the source (a full read of a CSV
    // file, a scan for count(*)); the spinner shows rows and rows/s instead.
    let progress = crate::progress::rows_bar(options.progress, None, "migrating");
    let mut timings: BTreeMap<String, u128> = BTreeMap::new();
    timings.insert("prepare".into(), prepared.prepare_time.as_millis());
    let (mut read_time, mut map_time, mut write_time) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut rows_read, mut rows_written) = (0u64, 0u64);
    let mut rejects: Vec<RejectRecord> = Vec::new();
    let mut warnings: Vec<WarningRecord> = Vec::new();
    let mut written = WrittenTally::new(prepared.profile.columns().len());
    // The engine borrows the plan while the stream borrows the source: split the borrows.
    let prepared_ref: &mut Prepared = &mut prepared;
    let mut engine = Engine::new(&prepared_ref.plan, &prepared_ref.source_columns);
    {
        let mut stream = batches_from(
            &mut prepared_ref.source,
            &prepared_ref.request,
            &prepared_ref.read_options,
            &mut prepared_ref.materialized,
        )
        .await?;
        loop {
            let t = Instant::now();
            let next = stream.next().await;
            read_time += t.elapsed();
            let Some(batch) = next else { break };
            let batch = batch?;
            rows_read += batch.rows_read() as u64;
            let t = Instant::now();
            let processed = engine.process(batch)?;
            map_time += t.elapsed();
            let t = Instant::now();
            let contacts =
                processed
                    .kept
                    .drop(SOURCE_ROW_COLUMN)
                    .map_err(|e| RunError::Evaluate {
                        row: 0,
                        message: e.to_string(),
                    })?;
            rows_written += contacts.height() as u64;
            let kept = contacts.height();
            written.add(&contacts);
            if let Some(writer) = writer.as_mut() {
                writer.send(contacts)?;
            }
            write_time += t.elapsed();
            tracing::debug!(
                rows_read,
                kept,
                rejected = processed.rejects.len(),
                "batch done"
            );
            rejects.extend(processed.rejects);
            warnings.extend(processed.warnings);
            progress.set_position(rows_read);
        }
    }
    progress.finish_and_clear();
    let tallies = std::mem::take(&mut engine.rule_hits);
    let rule_hits: BTreeMap<String, u64> = tallies
        .iter()
        .map(|((column, rule), t)| (format!("{column}/{rule}"), t.hits))
        .collect();
    let missing = std::mem::take(&mut engine.missing);
    drop(engine);
    let t = Instant::now();
    let mut files = Vec::new();
    if let Some(writer) = writer {
        let (contact_files, writer_busy) = writer.finish()?;
        files = contact_files;
        timings.insert("write-contacts".into(), writer_busy.as_millis());
    }
    rejects.sort_by_key(|r| r.row);
    warnings.sort_by_key(|w| w.row);
    files.push(write_rejects(
        &out_dir.join("rejects.csv"),
        &rejects,
        &prepared.source_columns,
        input_layout.as_ref(),
    )?);
    files.push(write_warnings(&out_dir.join("warnings.csv"), &warnings)?);
    files.push(write_missing_config(
        &out_dir.join("missing-config.csv"),
        &missing.entries(),
    )?);
    write_time += t.elapsed();
    timings.insert("read".into(), read_time.as_millis());
    timings.insert("map-and-check".into(), map_time.as_millis());
    timings.insert("write-wait".into(), write_time.as_millis());
    let rows_rejected = rejects.len() as u64;
    let rows_merged = 0;
    let accounting_ok = rows_read == rows_written + rows_rejected + rows_merged;
    let mut summary = RunSummary {
        run_id: run_id.clone(),
        out_dir: out_dir.clone(),
        rows_read,
        rows_written,
        rows_rejected,
        rows_merged,
        warnings: warnings.len() as u64,
        reject_rate: if rows_read == 0 {
            0.0
        } else {
            rows_rejected as f64 / rows_read as f64
        },
        files,
        rule_hits: rule_hits.clone(),
        elapsed_ms: 0,
    };
    timings.insert("total".into(), started.elapsed().as_millis());
    summary.elapsed_ms = started.elapsed().as_millis();
    let report = build_report(
        &prepared,
        &summary,
        &tallies,
        &written,
        started_at,
        &options.file_problems,
    );
    summary.files.push(write_atomic(
        &out_dir.join("report.json"),
        report.to_json().as_bytes(),
    )?);
    summary.files.push(write_atomic(
        &out_dir.join("report.html"),
        report.to_html().as_bytes(),
    )?);
    if !options.check_only {
        let protocol = Protocol::new(
            &prepared,
            &summary,
            rule_hits,
            timings,
            started_at,
            accounting_ok,
        );
        let protocol_file = protocol.write(&out_dir.join("protocol.json"))?;
        summary.files.push(protocol_file);
    }
    if !accounting_ok {
        return Err(RunError::Accounting {
            read: rows_read,
            written: rows_written,
            rejected: rows_rejected,
            merged: rows_merged,
            dir: out_dir,
        });
    }
    Ok(summary)
}

/// The contact files of `[output]`, written on their own thread.
fn contact_writer(prepared: &Prepared, out_dir: &Path) -> Result<WriterThread, RunError> {
    let output = &prepared.migration.file.output;
    let options = ContactFilesOptions {
        file_stem: output.file_stem.clone(),
        csv: output.formats.contains(&OutputFormat::Csv),
        xlsx: output.formats.contains(&OutputFormat::Xlsx),
        delimiter: output.delimiter.as_bytes()[0],
        split_rows: output.split_rows,
        ..ContactFilesOptions::new(out_dir)
    };
    Ok(WriterThread::start(ContactFilesWriter::create(
        &prepared.profile,
        options,
    )?))
}

/// The layout of a CSV input read as a whole table, for rejects written like the input; `None`
/// for databases, spreadsheets and queries (their rejects list the source columns).
fn input_file_layout(
    prepared: &Prepared,
) -> Result<Option<stx_connector_files::CsvHead>, RunError> {
    let spec = prepared.migration.source_spec();
    let ReadRequest::Table(table) = &prepared.request else {
        return Ok(None);
    };
    // Files of a glob or folder share no single layout: their rejects list `_src_file`.
    if stx_connector_files::is_multi_file(&spec)
        || !matches!(spec.connector()?.as_str(), "csv" | "tsv")
    {
        return Ok(None);
    }
    Ok(stx_connector_files::csv_table_head(&spec, table)?)
}

async fn batches_from<'s>(
    source: &'s mut Box<dyn Source>,
    request: &ReadRequest,
    options: &ReadOptions,
    materialized: &mut Option<(DataFrame, Vec<ReadReject>)>,
) -> Result<stx_connector_core::BatchStream<'s>, RunError> {
    if let Some((frame, rejects)) = materialized.take() {
        let n = options.batch_rows.max(1);
        let mut out = Vec::new();
        let mut rejects = Some(rejects);
        let mut offset = 0;
        while offset < frame.height() || rejects.is_some() {
            let data = frame.slice(offset as i64, n);
            offset += n;
            out.push(Ok(Batch {
                data,
                rejects: rejects.take().unwrap_or_default(),
                warnings: Vec::new(),
            }));
        }
        return Ok(futures::stream::iter(out).boxed());
    }
    Ok(source.read(request, options).await?)
}

/// What the written rows hold: filled cells per SecuTix column and the kinds of contact.
struct WrittenTally {
    filled: Vec<u64>,
    individuals: u64,
    structures: u64,
    relays: u64,
}

impl WrittenTally {
    fn new(columns: usize) -> WrittenTally {
        WrittenTally {
            filled: vec![0; columns],
            individuals: 0,
            structures: 0,
            relays: 0,
        }
    }

    /// Counts a batch of written rows (SecuTix columns in profile order).
    fn add(&mut self, contacts: &DataFrame) {
        for (slot, column) in self.filled.iter_mut().zip(contacts.columns()) {
            *slot += (column.len() - column.null_count()) as u64;
        }
        let present = |name: &str| -> Vec<bool> {
            match contacts.column(name) {
                Ok(c) => c.is_not_null().iter().map(|v| v.unwrap_or(false)).collect(),
                Err(_) => vec![false; contacts.height()],
            }
        };
        let (first, last, official) = (
            present("FIRSTNAME"),
            present("LASTNAME"),
            present("OFFICIAL_NAME"),
        );
        for i in 0..contacts.height() {
            // Spec §4.1: names only → individual; structure name only → structure; both → a
            // structure and its relay.
            match (first[i] || last[i], official[i]) {
                (true, false) => self.individuals += 1,
                (false, true) => self.structures += 1,
                (true, true) => self.relays += 1,
                (false, false) => {}
            }
        }
    }
}

fn build_report(
    prepared: &Prepared,
    summary: &RunSummary,
    tallies: &BTreeMap<(String, String), RuleTally>,
    written: &WrittenTally,
    started_at: chrono::DateTime<chrono::Utc>,
    file_problems: &[crate::report::FileProblem],
) -> Report {
    let m = &prepared.migration;
    let d = prepared.source.description();
    let profile = &prepared.profile;
    let mut mapping: Vec<crate::report::MappingEntry> = m
        .file
        .map
        .iter()
        .map(|(column, e)| crate::report::MappingEntry {
            column: column.clone(),
            expression: e.get_ref().clone(),
        })
        .collect();
    mapping.sort_by_key(|e| profile.position(&e.column));
    let mut report = Report {
        title: m.file.migration.name.clone(),
        run_id: summary.run_id.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        generated_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        source: format!("{} {}", d.connector, d.location),
        migration_sha256: m.sha256.clone(),
        counts: crate::report::Counts {
            read: summary.rows_read,
            written: summary.rows_written,
            rejected: summary.rows_rejected,
            merged: summary.rows_merged,
            warnings: summary.warnings,
            individuals: written.individuals,
            structures: written.structures,
            relays: written.relays,
        },
        columns: profile
            .columns()
            .iter()
            .zip(&written.filled)
            .map(|(c, filled)| crate::report::ColumnFill {
                code: c.code.clone(),
                section: c.section.clone(),
                filled: *filled,
            })
            .collect(),
        rules: tallies
            .iter()
            .map(|((column, rule), t)| crate::report::RuleHits {
                column: column.clone(),
                rule: rule.clone(),
                outcome: t.outcome,
                hits: t.hits,
                samples: t
                    .samples
                    .iter()
                    .map(|v| crate::report::mask_sample(column, v))
                    .collect(),
            })
            .collect(),
        mapping,
        file_problems: file_problems.to_vec(),
    };
    report.sort_rules();
    report
}

/// The contact-file writer on a thread of its own, so that writing (XLSX compression is
/// single-threaded) overlaps reading and mapping of the next batches. A bounded channel keeps
/// at most two batches in flight.
struct WriterThread {
    sender: Option<std::sync::mpsc::SyncSender<DataFrame>>,
    handle: Option<std::thread::JoinHandle<WriterResult>>,
}

/// Files written and the time the writer was busy.
type WriterResult = Result<(Vec<WrittenFile>, Duration), WriteError>;

impl WriterThread {
    fn start(mut writer: ContactFilesWriter) -> WriterThread {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<DataFrame>(2);
        let handle = std::thread::spawn(move || {
            let mut busy = Duration::ZERO;
            for batch in receiver {
                let t = Instant::now();
                writer.write_batch(&batch)?;
                busy += t.elapsed();
            }
            let t = Instant::now();
            let files = writer.finish()?;
            Ok((files, busy + t.elapsed()))
        });
        WriterThread {
            sender: Some(sender),
            handle: Some(handle),
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

    /// Closes the channel, waits for the files and returns them with the writer's busy time.
    fn finish(mut self) -> Result<(Vec<WrittenFile>, Duration), RunError> {
        self.join()
    }

    fn join(&mut self) -> Result<(Vec<WrittenFile>, Duration), RunError> {
        drop(self.sender.take());
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

/// The first rows of a migration as they would be written, without writing anything.
pub struct PreviewResult {
    /// Kept rows (`_src_row` + SecuTix columns).
    pub kept: DataFrame,
    /// Rejected rows among them.
    pub rejects: Vec<RejectRecord>,
    /// Dropped fields.
    pub warnings: Vec<WarningRecord>,
    /// Rows read.
    pub rows_read: u64,
}

/// Maps the first `limit` source rows.
pub async fn preview(migration: Migration, limit: usize) -> Result<PreviewResult, RunError> {
    let mut prepared = prepare(migration).await?;
    let p: &mut Prepared = &mut prepared;
    let mut engine = Engine::new(&p.plan, &p.source_columns);
    let options = ReadOptions {
        batch_rows: p.read_options.batch_rows.min(limit.max(1)),
        ..p.read_options.clone()
    };
    let mut stream = batches_from(&mut p.source, &p.request, &options, &mut p.materialized).await?;
    let mut kept: Option<DataFrame> = None;
    let (mut rejects, mut warnings, mut rows_read) = (Vec::new(), Vec::new(), 0u64);
    while (rows_read as usize) < limit {
        let Some(batch) = stream.next().await else {
            break;
        };
        let mut batch = batch?;
        let room = limit - rows_read as usize;
        if batch.rows_read() > room {
            batch.rejects.truncate(room);
            let data_room = room - batch.rejects.len();
            batch.data = batch.data.slice(0, data_room);
        }
        rows_read += batch.rows_read() as u64;
        let processed = engine.process(batch)?;
        rejects.extend(processed.rejects);
        warnings.extend(processed.warnings);
        kept = Some(match kept {
            None => processed.kept,
            Some(mut k) => {
                k.vstack_mut_owned(processed.kept)
                    .map_err(|e| RunError::Evaluate {
                        row: 0,
                        message: e.to_string(),
                    })?;
                k
            }
        });
    }
    let kept = match kept {
        Some(k) => k,
        None => {
            let mut columns = vec![Column::new_empty(
                SOURCE_ROW_COLUMN.into(),
                &DataType::UInt64,
            )];
            columns.extend(
                p.plan
                    .codes
                    .iter()
                    .map(|c| Column::new_empty(c.as_str().into(), &DataType::String)),
            );
            DataFrame::new(0, columns).map_err(|e| RunError::Evaluate {
                row: 0,
                message: e.to_string(),
            })?
        }
    };
    rejects.sort_by_key(|r: &RejectRecord| r.row);
    Ok(PreviewResult {
        kept,
        rejects,
        warnings,
        rows_read,
    })
}
