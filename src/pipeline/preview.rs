//! `preview`: the first rows of a migration through the same stages as a run, kept in memory
//! instead of written.

use futures::StreamExt;
use polars::prelude::*;
use stx_connector_core::ReadOptions;

use super::flow::Flow;
use super::prepare::{prepare, read_batches, Prepared};
use super::records::{RejectRecord, WarningRecord};
use super::write::ContactOutput;
use super::RunError;
use crate::migration::Migration;

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
    let mut output = ContactOutput::in_memory(&prepared)?;
    let p: &mut Prepared = &mut prepared;
    // A whole-run stage of a preview spills at most `limit` rows.
    let mut flow = Flow::new(
        &p.plan,
        &p.source_columns,
        &std::env::temp_dir(),
        Vec::new(),
    )?;
    flow.table_warnings(std::mem::take(&mut p.query_warnings))?;
    let options = ReadOptions {
        batch_rows: p.read_options.batch_rows.min(limit.max(1)),
        ..p.read_options.clone()
    };
    {
        let mut stream =
            read_batches(&mut p.source, &p.request, &options, &mut p.materialized).await?;
        while (flow.rows_read as usize) < limit {
            let Some(batch) = stream.next().await else {
                break;
            };
            let mut batch = batch?;
            let room = limit - flow.rows_read as usize;
            if batch.rows_read() > room {
                batch.rejects.truncate(room);
                let data_room = room - batch.rejects.len();
                batch.data = batch.data.slice(0, data_room);
            }
            flow.batch(batch, &mut output)?;
        }
    }
    let rows_read = flow.rows_read;
    let (mut settled, _) = flow.finish(&mut output)?;
    let kept = output.into_frame().unwrap_or_default();
    let mut warnings = Vec::new();
    while let Some(w) = settled.next_warning()? {
        warnings.push(w);
    }
    Ok(PreviewResult {
        kept,
        rejects: settled
            .rejects
            .collect()?
            .into_iter()
            .map(|e| e.record)
            .collect(),
        warnings,
        rows_read,
    })
}
