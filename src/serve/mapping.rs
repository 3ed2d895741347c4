//! The migration's `[map]` in the page: each expression editable, the first rows recomputed
//! through the same stages as a run on every change (a compile error answered with the CLI's
//! message), and a change saved into the migration file with its comments and layout kept
//! (toml_edit), so that every change stays a whole-column rule in the versioned file.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use polars::prelude::AnyValue;
use serde::Deserialize;
use toml::Spanned;

use super::api::{ApiError, ApiResult, Which};
use super::Workbench;
use crate::migration::Migration;
use axum::extract::Query;

/// At most this many rows in a preview.
const MAX_PREVIEW_ROWS: usize = 200;

/// The `[map]` entries in the file's order, and the file's version.
pub async fn entries(State(wb): State<Arc<Workbench>>, Query(q): Query<Which>) -> ApiResult {
    let (served, migration) = wb.migration(&q.m)?;
    let profile = crate::pipeline::load_profile(&migration)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let mut entries: Vec<(&String, &Spanned<String>)> = migration.file.map.iter().collect();
    entries.sort_by_key(|(_, e)| e.span().start);
    let entries: Vec<serde_json::Value> = entries
        .into_iter()
        .map(|(c, e)| serde_json::json!({ "column": c, "expression": e.get_ref() }))
        .collect();
    Ok(Json(serde_json::json!({
        "migration": served.id,
        "name": migration.file.migration.name,
        "entries": entries,
        "sha256": migration.sha256,
        "columns": profile.codes(),
    })))
}

/// An edited expression.
#[derive(Debug, Deserialize)]
pub struct Edit {
    /// The SecuTix column.
    column: String,
    /// Its new expression.
    expression: String,
    /// Preview: rows to map (default 20).
    #[serde(default)]
    rows: Option<usize>,
    /// Preview: values unmasked.
    #[serde(default)]
    show: bool,
    /// Save: the version of the file the page edited.
    #[serde(default)]
    sha256: Option<String>,
}

/// The migration with one expression replaced.
fn edited(mut migration: Migration, edit: &Edit) -> Result<Migration, ApiError> {
    let column = edit.column.trim();
    let profile = crate::pipeline::load_profile(&migration)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    if profile.column(column).is_none() {
        return Err(ApiError::bad_request(format!(
            "{column} is not a column of the SecuTix format"
        )));
    }
    if edit.expression.trim().is_empty() {
        migration.file.map.remove(column);
    } else {
        // The old entry's place, so that a compile error names its line as the CLI does.
        let span = migration
            .file
            .map
            .get(column)
            .map_or(0..0, |old| old.span());
        migration.file.map.insert(
            column.to_string(),
            Spanned::new(span, edit.expression.clone()),
        );
    }
    Ok(migration)
}

/// The first rows mapped with the edit: each cell's value and verdict (ok, or the outcome of
/// a rule that fired on it), the rejected rows with their findings; or the compile error.
pub async fn preview(
    State(wb): State<Arc<Workbench>>,
    Query(q): Query<Which>,
    Json(edit): Json<Edit>,
) -> ApiResult {
    let (_, migration) = wb.migration(&q.m)?;
    let migration = edited(migration, &edit)?;
    let rows = edit.rows.unwrap_or(20).clamp(1, MAX_PREVIEW_ROWS);
    let result = match preview_apart(migration, rows).await? {
        Ok(r) => r,
        // The page shows it at the expression: the same message as the CLI.
        Err(e) => return Ok(Json(serde_json::json!({ "error": e.to_string() }))),
    };
    let kept = &result.kept;
    let shown: Vec<&polars::prelude::Column> = kept
        .columns()
        .iter()
        .filter(|c| c.name().as_str() != stx_connector_core::SOURCE_ROW_COLUMN)
        .filter(|c| c.null_count() < c.len() || c.name().as_str() == edit.column)
        .collect();
    let source_rows = kept.column(stx_connector_core::SOURCE_ROW_COLUMN).ok();
    let mut out_rows = Vec::new();
    for i in 0..kept.height() {
        let row = source_rows
            .and_then(|c| c.get(i).ok())
            .map(|v| v.to_string())
            .unwrap_or_default();
        let cells: Vec<serde_json::Value> = shown
            .iter()
            .map(|c| {
                let value = match c.get(i) {
                    Ok(AnyValue::Null) | Err(_) => String::new(),
                    Ok(AnyValue::String(s)) => s.to_string(),
                    Ok(other) => other.to_string(),
                };
                let column = c.name().as_str();
                let verdict = result
                    .warnings
                    .iter()
                    .find(|w| w.row.to_string() == row && w.finding.column == column)
                    .map(|w| {
                        let f = &w.finding;
                        let message = match edit.show {
                            true => f.message.clone(),
                            false => crate::report::mask_finding(column, &f.value, &f.message).1,
                        };
                        (w.outcome.to_string(), message)
                    });
                let value = if edit.show {
                    value
                } else {
                    crate::report::mask_sample(column, &value)
                };
                serde_json::json!({
                    "value": value,
                    "verdict": verdict.as_ref().map(|v| v.0.as_str()).unwrap_or("ok"),
                    "message": verdict.map(|v| v.1),
                })
            })
            .collect();
        out_rows.push(serde_json::json!({ "row": row, "cells": cells }));
    }
    let rejects: Vec<serde_json::Value> = result
        .rejects
        .iter()
        .map(|r| {
            let findings: Vec<serde_json::Value> = r
                .findings
                .iter()
                .map(|f| {
                    let (value, message) = match edit.show {
                        true => (f.value.clone(), f.message.clone()),
                        false => crate::report::mask_finding(&f.column, &f.value, &f.message),
                    };
                    serde_json::json!({"column": f.column, "rule": f.rule, "value": value, "message": message})
                })
                .collect();
            serde_json::json!({ "row": r.row, "findings": findings })
        })
        .collect();
    Ok(Json(serde_json::json!({
        "rows_read": result.rows_read,
        "columns": shown.iter().map(|c| c.name().to_string()).collect::<Vec<_>>(),
        "rows": out_rows,
        "rejects": rejects,
        "masked": !edit.show,
    })))
}

/// A preview on a thread and runtime of its own: the pipeline's futures hold the source's
/// connection, which is not `Send`, so they cannot run on the server's shared runtime.
async fn preview_apart(
    migration: Migration,
    rows: usize,
) -> Result<Result<crate::pipeline::PreviewResult, crate::pipeline::RunError>, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("stx-serve-preview".into())
        .spawn(move || {
            // Multi-threaded: polars' own async code refuses a current-thread runtime.
            let result = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
                .map(|rt| rt.block_on(crate::pipeline::preview(migration, rows)));
            let _ = tx.send(result);
        })
        .map_err(|e| ApiError::internal(format!("cannot start the preview: {e}")))?;
    rx.await
        .map_err(|_| ApiError::internal("the preview stopped"))?
        .map_err(ApiError::internal)
}

/// Saves an expression into the migration file (comments and layout kept); refused when the
/// file changed since the page loaded it, or when the expression does not compile.
pub async fn save(
    State(wb): State<Arc<Workbench>>,
    Query(q): Query<Which>,
    Json(edit): Json<Edit>,
) -> ApiResult {
    let _writing = wb.writing.lock().await;
    let (served, migration) = wb.migration(&q.m)?;
    if edit.sha256.as_deref() != Some(migration.sha256.as_str()) {
        return Err(ApiError::conflict(
            "the migration file changed since this page loaded it; reload, then edit again",
        ));
    }
    let text = migration.text.clone();
    let checked = edited(migration, &edit)?;
    // Compiled against the source's columns, as a run would: one row is enough.
    if let Err(e) = preview_apart(checked, 1).await? {
        return Err(ApiError::bad_request(e.to_string()));
    }
    let column = edit.column.trim();
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| ApiError::internal(e.to_string()))?;
    let map = document
        .entry("map")
        .or_insert(toml_edit::table())
        .as_table_like_mut()
        .ok_or_else(|| ApiError::internal("[map] is not a table"))?;
    if edit.expression.trim().is_empty() {
        map.remove(column);
    } else if let Some(value) = map.get_mut(column).and_then(|i| i.as_value_mut()) {
        // The comment and spacing around the old value stay.
        let decor = value.decor().clone();
        *value = toml_edit::Value::from(edit.expression.as_str());
        *value.decor_mut() = decor;
    } else {
        map.insert(column, toml_edit::value(edit.expression.as_str()));
    }
    let new_text = document.to_string();
    // What is written must load as a migration.
    Migration::from_text(&served.path, new_text.clone())
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    crate::writers::write_atomic(&served.path, new_text.as_bytes())
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let saved = Migration::load(&served.path).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(
        serde_json::json!({ "sha256": saved.sha256, "file": served.path }),
    ))
}
