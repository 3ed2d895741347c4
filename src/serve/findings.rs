//! Rejects and warnings of a run, filtered by rule, column and outcome and paged on the
//! server: the page holds one page of a file of hundreds of thousands of lines.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::api::{ApiError, ApiResult};
use super::Workbench;
use axum::extract::Query;

/// At most this many lines per page.
const MAX_PAGE: usize = 500;

/// One line of rejects.csv or warnings.csv.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// Source row.
    pub row: u64,
    /// Source key.
    pub key: String,
    /// Rule.
    pub rule: String,
    /// SecuTix column.
    pub column: String,
    /// reject, drop, repair ...
    pub outcome: String,
    /// The value.
    pub value: String,
    /// What is wrong.
    pub message: String,
}

/// A file read, with the size and time it had.
struct Cached {
    stamp: (u64, std::time::SystemTime),
    lines: Arc<Vec<Line>>,
}

/// Files read, by path.
#[derive(Default)]
pub struct Cache {
    files: Mutex<HashMap<PathBuf, Cached>>,
}

impl Cache {
    fn lines(&self, path: &Path, outcome: &str) -> Result<Arc<Vec<Line>>, ApiError> {
        let meta = std::fs::metadata(path)
            .map_err(|e| ApiError::not_found(format!("{}: {e}", path.display())))?;
        let stamp = (meta.len(), meta.modified().unwrap_or(std::time::UNIX_EPOCH));
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(cached) = files.get(path).filter(|c| c.stamp == stamp) {
            return Ok(cached.lines.clone());
        }
        let lines = Arc::new(read_lines(path, outcome)?);
        files.insert(
            path.to_path_buf(),
            Cached {
                stamp,
                lines: lines.clone(),
            },
        );
        Ok(lines)
    }
}

/// Reads a findings file: a run's (`row,key,rule,column,...`) or a file check's (its own
/// columns, then `stx_row,stx_rule,...`).
fn read_lines(path: &Path, default_outcome: &str) -> Result<Vec<Line>, ApiError> {
    let bad = |e: &dyn std::fmt::Display| ApiError::internal(format!("{}: {e}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| bad(&e))?;
    let header = reader.headers().map_err(|e| bad(&e))?.clone();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == format!("stx_{name}"))
            .or_else(|| header.iter().position(|h| h == name))
    };
    let (row, key, rule, column, outcome, value, message) = (
        at("row"),
        at("key"),
        at("rule"),
        at("column"),
        at("outcome"),
        at("value"),
        at("message"),
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(&e))?;
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        out.push(Line {
            row: get(row).parse().unwrap_or(0),
            key: get(key),
            rule: get(rule),
            column: get(column),
            outcome: outcome
                .map(|_| get(outcome))
                .unwrap_or_else(|| default_outcome.to_string()),
            value: get(value),
            message: get(message),
        });
    }
    Ok(out)
}

/// `?m=&run=&kind=&rule=&column=&outcome=&offset=&limit=&show=`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    m: String,
    run: String,
    /// rejects (default) or warnings.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    offset: usize,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    show: bool,
}

/// A page of a run's rejects or warnings, sorted by source row, with the filters' choices.
pub async fn page(State(wb): State<Arc<Workbench>>, Query(q): Query<PageQuery>) -> ApiResult {
    let which = super::api::WhichRun {
        m: q.m.clone(),
        run: q.run.clone(),
        show: q.show,
    };
    let folder = super::runs::run_folder(&wb, &which).await?;
    let (file, outcome) = match q.kind.as_deref().unwrap_or("rejects") {
        "rejects" => ("rejects.csv", "reject"),
        "warnings" => ("warnings.csv", "warning"),
        other => {
            return Err(ApiError::bad_request(format!(
                "kind '{other}': rejects or warnings"
            )))
        }
    };
    let lines = wb.findings.lines(&folder.join(file), outcome)?;
    let wanted =
        |v: &Option<String>, actual: &str| v.as_deref().is_none_or(|w| w.is_empty() || w == actual);
    let matched: Vec<&Line> = lines
        .iter()
        .filter(|l| wanted(&q.rule, &l.rule) && wanted(&q.column, &l.column))
        .filter(|l| wanted(&q.outcome, &l.outcome))
        .collect();
    let limit = q.limit.unwrap_or(100).clamp(1, MAX_PAGE);
    let rows: Vec<Line> = matched
        .iter()
        .skip(q.offset)
        .take(limit)
        .map(|l| if q.show { (*l).clone() } else { masked(l) })
        .collect();
    let choices = |f: fn(&Line) -> &str| -> BTreeSet<String> {
        lines
            .iter()
            .map(|l| f(l).to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    Ok(Json(serde_json::json!({
        "file": file,
        "total": lines.len(),
        "matched": matched.len(),
        "offset": q.offset,
        "limit": limit,
        "rows": rows,
        "rules": choices(|l| &l.rule),
        "columns": choices(|l| &l.column),
        "outcomes": choices(|l| &l.outcome),
        "masked": !q.show,
    })))
}

/// A line with its value masked as the report masks it, in the message too.
fn masked(line: &Line) -> Line {
    let (value, message) = crate::report::mask_finding(&line.column, &line.value, &line.message);
    Line {
        value,
        message,
        ..line.clone()
    }
}
