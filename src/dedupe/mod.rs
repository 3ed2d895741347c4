//! Deduplication of the SecuTix records of a run (`[dedupe]`), one module per step:
//!
//! ```text
//! config     [dedupe] of the migration file, defaults                    config.rs
//! normalize  folding, legal forms, phonetic keys, nicknames              normalize.rs
//! records    compared columns interned per distinct value                records.rs
//! block      blocking passes → candidate pairs, capped per pass          block.rs
//! compare    one level per comparison for a pair                         compare.rs
//! model      Fellegi–Sunter: u from random pairs, m by EM, TF, scores    model.rs
//! decisions  decisions.csv replayed                                      decisions.rs
//! cluster    links at the threshold, chaining guard, review, stable ids  cluster.rs
//! engine     the steps above in order; precision/recall with labels      engine.rs
//! survive    survivorship per SecuTix column                             survive.rs
//! stage      the whole-run stage of a migration                          stage.rs
//! output     duplicates.csv                                              output.rs
//! report     the duplicates section of report.json / report.html         report.rs
//! explain    `stx-migrate dedupe explain`                                explain.rs
//! ```

pub mod block;
pub mod cluster;
pub mod compare;
pub mod config;
pub mod decisions;
pub mod engine;
pub mod explain;
pub mod model;
pub mod normalize;
pub mod output;
pub mod records;
pub mod report;
pub mod stage;
pub mod survive;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use polars::prelude::*;
use stx_connector_core::{ReadOptions, ReadRequest, SourceSpec};

pub use config::DedupeSpec;
pub use report::DedupeReport;
pub use stage::{DedupeInputs, DedupeStage, DUPLICATES_FILE};

use crate::migration::Migration;
use records::{Origin, Records, COMPARED_COLUMNS};

/// Why deduplication cannot run.
#[derive(Debug, thiserror::Error)]
pub enum DedupeError {
    /// `[dedupe]` says something that cannot be done.
    #[error("[dedupe]: {message}. Hint: `stx-migrate dedupe explain migration.toml` prints what the section does; every key is in reference.toml")]
    Config {
        /// What is wrong.
        message: String,
    },
    /// decisions.csv is unreadable or malformed.
    #[error(transparent)]
    Decisions(#[from] decisions::DecisionsError),
    /// The nickname file is unreadable or malformed.
    #[error("{path}: nickname table: {message}. Hint: one `name,nickname` pair per line")]
    Nicknames {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The labels file is unreadable or malformed.
    #[error("{path}: labels: {message}. Hint: a CSV with a header and `key,entity` columns")]
    Labels {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The export of contacts already in SecuTix cannot be used.
    #[error("{path}: contacts already in SecuTix: {message}")]
    Existing {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Reads everything `[dedupe]` names (nicknames, decisions, labels, the SecuTix export) and
/// builds the stage; `None` when deduplication is off.
pub async fn stage_for(
    migration: &Migration,
    source_columns: &[String],
    secutix_columns: &[String],
    insert_defaults: &[(String, String)],
    out_dir: &std::path::Path,
    talk: bool,
    report: Arc<Mutex<Option<DedupeReport>>>,
) -> Result<Option<DedupeStage>, crate::pipeline::RunError> {
    let Some(spec) = migration.file.dedupe.clone().filter(|d| d.enabled) else {
        return Ok(None);
    };
    let mut inputs = inputs(migration, spec, source_columns, out_dir).await?;
    inputs.talk = talk;
    inputs.secutix_columns = secutix_columns.to_vec();
    inputs.insert_defaults = insert_defaults.iter().cloned().collect();
    Ok(Some(DedupeStage::new(inputs, report)?))
}

/// The stage's inputs, read from the files `[dedupe]` names.
pub async fn inputs(
    migration: &Migration,
    spec: DedupeSpec,
    source_columns: &[String],
    out_dir: &std::path::Path,
) -> Result<DedupeInputs, crate::pipeline::RunError> {
    let nicknames = nicknames(migration, &spec)?;
    let decisions = match &spec.decisions {
        Some(path) => decisions::read(&migration.resolve(path)).map_err(DedupeError::from)?,
        None => Vec::new(),
    };
    let labels = match &spec.labels {
        Some(path) => Some(stage::read_labels(&migration.resolve(path))?),
        None => None,
    };
    let existing = match &spec.existing {
        Some(e) => Some(load_existing(migration, e).await?),
        None => None,
    };
    // Blocking rules and comparison names are checked before the source is read.
    block::parse_rules(spec.blocking.as_deref().unwrap_or(&[]))
        .map_err(|message| DedupeError::Config { message })?;
    survive::Survivorship::parse(&spec.survivorship)?;
    Ok(DedupeInputs {
        spec,
        nicknames,
        decisions,
        labels,
        existing,
        source_columns: source_columns.to_vec(),
        out_dir: out_dir.to_path_buf(),
        talk: false,
        secutix_columns: Vec::new(),
        insert_defaults: Default::default(),
    })
}

/// The built-in nicknames and the file's.
pub fn nicknames(
    migration: &Migration,
    spec: &DedupeSpec,
) -> Result<normalize::Nicknames, DedupeError> {
    let mut n = if spec.no_builtin_nicknames {
        normalize::Nicknames::default()
    } else {
        normalize::Nicknames::builtin()
    };
    if let Some(path) = &spec.nicknames {
        let path = migration.resolve(path);
        let text = std::fs::read_to_string(&path).map_err(|e| DedupeError::Nicknames {
            path: path.clone(),
            message: e.to_string(),
        })?;
        n.add_csv(&text)
            .map_err(|message| DedupeError::Nicknames { path, message })?;
    }
    Ok(n)
}

/// Reads the contacts already in SecuTix: every row of the export's first table, by SecuTix
/// column names (case ignored); CONTACT_NR is required.
pub async fn load_existing(
    migration: &Migration,
    spec: &config::ExistingSpec,
) -> Result<Records, crate::pipeline::RunError> {
    let path = migration.resolve(&spec.path);
    let bad = |message: String| DedupeError::Existing {
        path: path.clone(),
        message,
    };
    let source_spec = SourceSpec {
        path: Some(path.clone()),
        kind: spec.kind.clone(),
        ..SourceSpec::default()
    };
    let resolved = crate::sources::resolve(&source_spec, std::path::Path::new("."));
    let mut source = crate::sources::open(&resolved).await?;
    let tables = source.table_names().await?;
    let Some(table) = tables.first().cloned() else {
        return Err(bad("no table".into()).into());
    };
    let request = ReadRequest::Table(table);
    let mut stream = source.read(&request, &ReadOptions::batch(50_000)).await?;
    let mut records = Records::new();
    let mut row = 0u64;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        if !batch.rejects.is_empty() {
            return Err(bad(format!(
                "{} rows cannot be read (first: source row {}); fix the export",
                batch.rejects.len(),
                batch.rejects[0].src_row
            ))
            .into());
        }
        add_existing(&mut records, &batch.data, &mut row).map_err(&bad)?;
    }
    Ok(records)
}

fn add_existing(records: &mut Records, frame: &DataFrame, row: &mut u64) -> Result<(), String> {
    let find = |name: &str| -> Option<StringChunked> {
        let column = frame
            .get_column_names()
            .into_iter()
            .find(|c| c.eq_ignore_ascii_case(name))?;
        frame
            .column(column)
            .ok()?
            .cast(&DataType::String)
            .ok()?
            .str()
            .ok()
            .cloned()
    };
    let numbers = find("CONTACT_NR")
        .ok_or("no CONTACT_NR column: the contact number is what a match updates")?;
    let columns: Vec<Option<StringChunked>> = COMPARED_COLUMNS.iter().map(|c| find(c)).collect();
    for i in 0..frame.height() {
        *row += 1;
        let Some(nr) = numbers.get(i).map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        let raw = stage::raw_contact(&columns, i);
        records.push(
            Origin::Existing {
                contact_nr: nr.to_string(),
                row: *row,
            },
            &format!("secutix:{nr}"),
            &raw,
        );
    }
    Ok(())
}
