//! Before the first row: the profile, the open source, the compiled mapping, and the batch
//! stream a run reads (the read stage).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures::StreamExt;
use polars::prelude::*;
use stx_connector_core::{
    Batch, BatchStream, ReadOptions, ReadReject, ReadRequest, Source, SourceSpec, TableWarning,
    SOURCE_ROW_COLUMN,
};

use super::plan::MigrationPlan;
use super::RunError;
use crate::format::FormatProfile;
use crate::migration::Migration;

/// Default rows per batch.
pub const DEFAULT_BATCH_ROWS: usize = 50_000;

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
    pub(super) materialized: Option<(DataFrame, Vec<ReadReject>)>,
    /// `[source]` resolved against the migration's folder.
    pub(super) spec: SourceSpec,
    /// What the run reads from disk (see [`input_paths`]).
    pub(super) inputs: Vec<PathBuf>,
    /// Read warnings of the tables such a query read, located in their tables.
    pub(super) query_warnings: Vec<TableWarning>,
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
    let spec = migration.source_spec();
    let inputs = input_paths(&migration, &spec);
    let mut source = crate::sources::open(&spec).await?;
    let read = &migration.file.read;
    let read_options = read.options(DEFAULT_BATCH_ROWS);
    let request = match (&read.table, &read.query) {
        (Some(t), _) => ReadRequest::Table(t.clone()),
        (None, Some(q)) => ReadRequest::Query(q.clone()),
        (None, None) => unreachable!("Migration::check requires table or query"),
    };
    let mut materialized = None;
    let mut query_warnings = Vec::new();
    let mut schema = Schema::default();
    schema.insert(SOURCE_ROW_COLUMN.into(), DataType::UInt64);
    let description = source.description();
    match (&request, description.has_sql_engine) {
        (ReadRequest::Query(q), false) => {
            let result = stx_connector_core::read_with_polars_sql(
                source.as_mut(),
                q,
                read_options.batch_rows,
                read.key.as_deref(),
            )
            .await?;
            let (frame, rejects) = (result.data, result.rejects);
            query_warnings = result.warnings;
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
        query_warnings,
        spec,
        inputs,
        prepare_time: started.elapsed(),
    })
}

/// The read stage: the source's batches, or those of a query already run on polars SQL (its
/// read rejects come with the first batch). Takes the parts of [`Prepared`] it needs, so that
/// the other stages may borrow the plan meanwhile.
pub(super) async fn read_batches<'s>(
    source: &'s mut Box<dyn Source>,
    request: &ReadRequest,
    options: &ReadOptions,
    materialized: &mut Option<(DataFrame, Vec<ReadReject>)>,
) -> Result<BatchStream<'s>, RunError> {
    if let Some((frame, rejects)) = materialized.take() {
        let batches = slice_batches(frame, rejects, options.batch_rows);
        return Ok(futures::stream::iter(batches).boxed());
    }
    Ok(source.read(request, options).await?)
}
/// A materialised query result cut into batches; at least one batch, so that the read
/// rejects are delivered even when no row was kept.
fn slice_batches(
    frame: DataFrame,
    rejects: Vec<ReadReject>,
    batch_rows: usize,
) -> Vec<Result<Batch, stx_connector_core::SourceError>> {
    let n = batch_rows.max(1);
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
    out
}

/// What a run reads from disk: the migration file, its lookup files, the source's file,
/// folder or glob, and the files of a `tables` option.
fn input_paths(migration: &Migration, spec: &SourceSpec) -> Vec<PathBuf> {
    let mut inputs = vec![migration.path.clone()];
    for spec in migration.file.lookups.values() {
        if let Some(file) = &spec.get_ref().file {
            inputs.push(migration.resolve(file));
        }
    }
    if let Some(path) = spec.location_path() {
        inputs.push(path);
    }
    if let Some(toml_value) = spec.options.get("tables") {
        if let Some(tables) = toml_value.as_table() {
            for path in tables.values().filter_map(|v| v.as_str()) {
                inputs.push(migration.resolve(Path::new(path)));
            }
        }
    }
    inputs
}

/// The size and modification time of the source's files when the read began: a file that
/// changes while it is read (an export still being written, a re-export) would give a mix of
/// two versions.
pub(super) struct SourceFiles(Vec<(PathBuf, u64, Option<std::time::SystemTime>)>);

impl SourceFiles {
    /// The source's files (not its folder or glob: those are listed file by file by their
    /// connector) as they are now.
    pub(super) fn watch(prepared: &Prepared) -> SourceFiles {
        let migration_path = &prepared.migration.path;
        let files = prepared
            .inputs
            .iter()
            .filter(|p| *p != migration_path)
            .filter_map(|p| {
                let meta = std::fs::metadata(p).ok().filter(|m| m.is_file())?;
                Some((p.clone(), meta.len(), meta.modified().ok()))
            })
            .collect();
        SourceFiles(files)
    }

    /// Fails when a watched file's size or modification time is not what it was.
    pub(super) fn unchanged(&self) -> Result<(), RunError> {
        for (path, len, modified) in &self.0 {
            let now = std::fs::metadata(path).ok();
            let same = now
                .as_ref()
                .is_some_and(|m| m.len() == *len && m.modified().ok() == *modified);
            if !same {
                return Err(RunError::SourceChanged { path: path.clone() });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_changes_while_read_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, "id\n1\n").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let watched = SourceFiles(vec![(path.clone(), meta.len(), meta.modified().ok())]);
        assert!(watched.unchanged().is_ok());
        std::fs::write(&path, "id\n1\n2\n").unwrap();
        let error = watched.unchanged().unwrap_err().to_string();
        assert!(
            error.contains("export.csv") && error.contains("changed"),
            "{error}"
        );
    }
}
