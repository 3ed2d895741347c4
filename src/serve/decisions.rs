//! Decisions taken in the page, written to the migration's `decisions.csv` (the file the CLI
//! replays on every run) with who took them and when.
//!
//! Two reviewers at once: each decision carries the version (SHA-256) of the file its page
//! loaded. When the file changed since, a decision about a pair or cluster that someone
//! else decided differently in the meantime is refused (409) with that decision, never
//! silently overwritten; a decision about anything else is added to what the other wrote.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use super::api::{ApiError, ApiResult, Which};
use super::Workbench;
use crate::migration::Migration;
use axum::extract::Query;

/// The columns a new decisions.csv gets; `by` and `at` are the workbench's additions (the
/// CLI reads columns by name and ignores them).
const HEADER: [&str; 7] = ["decision", "cluster", "key", "other", "note", "by", "at"];

/// A decision sent by the page.
#[derive(Debug, Deserialize)]
pub struct Decide {
    /// merge, split or keep-apart.
    decision: String,
    #[serde(default)]
    cluster: Option<String>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    other: Option<String>,
    #[serde(default)]
    note: Option<String>,
    /// Who decides.
    who: String,
    /// The version of decisions.csv the page showed ("" when there was none).
    version: String,
}

fn path_of(migration: &Migration) -> Result<std::path::PathBuf, ApiError> {
    let file = migration
        .file
        .dedupe
        .as_ref()
        .and_then(|d| d.decisions.as_ref())
        .ok_or_else(|| {
            ApiError::bad_request(
                "the migration keeps no decisions: set [dedupe] decisions = \"decisions.csv\"",
            )
        })?;
    Ok(migration.resolve(file))
}

/// decisions.csv as a table.
struct DecisionsFile {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// SHA-256 of the file ("" when there is none yet).
    version: String,
}

/// The decisions file as a table and its version; none yet: empty.
fn load(path: &std::path::Path) -> Result<DecisionsFile, ApiError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(DecisionsFile {
                header: HEADER.map(String::from).to_vec(),
                rows: Vec::new(),
                version: String::new(),
            })
        }
        Err(e) => return Err(ApiError::internal(format!("{}: {e}", path.display()))),
    };
    let version = crate::writers::sha256_hex(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let bad = |e: csv::Error| ApiError::internal(format!("{}: {e}", path.display()));
    let header: Vec<String> = reader
        .headers()
        .map_err(bad)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record.map_err(bad)?.iter().map(str::to_string).collect());
    }
    Ok(DecisionsFile {
        header,
        rows,
        version,
    })
}

/// The current decisions (as objects by column) and the file's version.
pub fn current(migration: &Migration) -> Result<(Vec<serde_json::Value>, String), ApiError> {
    let Ok(path) = path_of(migration) else {
        return Ok((Vec::new(), String::new()));
    };
    let DecisionsFile {
        header,
        rows,
        version,
    } = load(&path)?;
    let lines = rows
        .iter()
        .map(|r| {
            let object: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .zip(r)
                .map(|(h, v)| (h.clone(), serde_json::Value::String(v.clone())))
                .collect();
            serde_json::Value::Object(object)
        })
        .collect();
    Ok((lines, version))
}

/// What a decision is about: a cluster, a pair (either order) or a record alone.
fn target(cluster: &str, key: &str, other: &str) -> (String, String, String) {
    let (a, b) = if key <= other {
        (key, other)
    } else {
        (other, key)
    };
    (cluster.to_string(), a.to_string(), b.to_string())
}

/// Records a decision; 409 when someone decided the same thing otherwise since the page
/// loaded.
pub async fn decide(
    State(wb): State<Arc<Workbench>>,
    Query(q): Query<Which>,
    Json(d): Json<Decide>,
) -> ApiResult {
    let verdict = d.decision.trim().to_ascii_lowercase();
    if !matches!(verdict.as_str(), "merge" | "split" | "keep-apart") {
        return Err(ApiError::bad_request(format!(
            "'{}' is not a decision: merge, split or keep-apart",
            d.decision
        )));
    }
    let who = d.who.trim();
    if who.is_empty() || who.len() > 100 {
        return Err(ApiError::bad_request(
            "say who decides (a name, at most 100 characters)",
        ));
    }
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
    let (cluster, key, other) = (text(&d.cluster), text(&d.key), text(&d.other));
    let valid = (!cluster.is_empty() && key.is_empty() && other.is_empty())
        || (cluster.is_empty() && !key.is_empty() && !other.is_empty())
        || (cluster.is_empty() && !key.is_empty() && other.is_empty() && verdict == "split");
    if !valid {
        return Err(ApiError::bad_request(
            "give a cluster, or a key and another key (a key alone only with split)",
        ));
    }
    let (_, migration) = wb.migration(&q.m)?;
    let path = path_of(&migration)?;
    let _writing = wb.writing.lock().await;
    let DecisionsFile {
        mut header,
        mut rows,
        version,
    } = load(&path)?;
    for column in HEADER {
        if !header.iter().any(|h| h.eq_ignore_ascii_case(column)) {
            header.push(column.to_string());
        }
    }
    let at = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let cell = |row: &Vec<String>, name: &str| {
        at(name)
            .and_then(|i| row.get(i))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let wanted = target(&cluster, &key, &other);
    let same = |row: &Vec<String>| {
        target(
            &cell(row, "cluster"),
            &cell(row, "key"),
            &cell(row, "other"),
        ) == wanted
    };
    if version != d.version {
        if let Some(theirs) = rows.iter().find(|r| same(r)) {
            if cell(theirs, "decision").to_ascii_lowercase() != verdict {
                return Err(ApiError::conflict(format!(
                    "{} decided '{}' for this at {} while your page was open; reload and decide again",
                    or_someone(&cell(theirs, "by")),
                    cell(theirs, "decision"),
                    or_someone(&cell(theirs, "at")),
                )));
            }
        }
    }
    // A new decision on the same thing replaces the one the page showed.
    rows.retain(|r| !same(r));
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut row = vec![String::new(); header.len()];
    for (name, value) in [
        ("decision", verdict.as_str()),
        ("cluster", cluster.as_str()),
        ("key", key.as_str()),
        ("other", other.as_str()),
        ("note", text(&d.note).as_str()),
        ("by", who),
        ("at", now.as_str()),
    ] {
        if let Some(i) = at(name) {
            row[i] = value.to_string();
        }
    }
    rows.push(row);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |e: csv::Error| ApiError::internal(e.to_string());
    writer.write_record(&header).map_err(write)?;
    for r in &rows {
        let mut r = r.clone();
        r.resize(header.len(), String::new());
        writer.write_record(&r).map_err(write)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    crate::writers::write_atomic(&path, &bytes).map_err(|e| ApiError::internal(e.to_string()))?;
    // The file must still read as the CLI reads it.
    crate::dedupe::decisions::parse(&path, &String::from_utf8_lossy(&bytes))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let version = crate::writers::sha256_hex(&bytes);
    Ok(Json(serde_json::json!({
        "version": version,
        "file": path,
        "decisions": rows.len(),
    })))
}

fn or_someone(v: &str) -> &str {
    if v.is_empty() {
        "someone"
    } else {
        v
    }
}
