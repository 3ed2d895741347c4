//! Runs: the migration's runs from its state, a run started from the page (the CLI's own
//! `run` as a child process, its progress read from stderr), and its output files.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncBufReadExt;

use super::api::{download, ApiError, ApiResult, JobPath, Which, WhichRun};
use super::Workbench;
use crate::runs::{RunRecord, StateLocation, StateStore};
use axum::extract::Query;

/// Runs started from the page, by job id.
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Mutex<Job>>>>,
    next: std::sync::atomic::AtomicU64,
}

/// A run started from the page, as the page sees it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Job {
    /// The migration's id.
    pub migration: String,
    /// running, completed or failed.
    pub status: String,
    /// The stage the run reported last.
    pub stage: String,
    /// Rows read so far.
    pub rows_read: u64,
    /// Rows rejected so far.
    pub rejected: u64,
    /// The run's id, once known.
    pub run_id: Option<String>,
    /// Why it failed, or what the quality gate said.
    pub message: Option<String>,
    /// The child's exit code.
    pub exit_code: Option<i32>,
    /// The run's summary (its `--json`), once completed.
    pub summary: Option<serde_json::Value>,
}

/// The runs of a migration, oldest first; none before its first run.
pub async fn list(State(wb): State<Arc<Workbench>>, Query(q): Query<Which>) -> ApiResult {
    let (_, migration) = wb.migration(&q.m)?;
    let runs = recorded_runs(&migration).await?;
    Ok(Json(serde_json::json!(runs)))
}

async fn recorded_runs(
    migration: &crate::migration::Migration,
) -> Result<Vec<RunRecord>, ApiError> {
    let location = migration
        .file
        .state
        .location(&migration.dir)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    if matches!(&location, StateLocation::File(p) if !p.exists()) {
        return Ok(Vec::new());
    }
    let store = StateStore::open_at(&location)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    store
        .runs_of(&migration.file.migration.name)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))
}

/// What a run started from the page may be asked for.
#[derive(Debug, Default, Deserialize)]
pub struct StartRequest {
    /// `--since`.
    #[serde(default)]
    pub since: Option<String>,
    /// `--tag`.
    #[serde(default)]
    pub tag: Option<String>,
}

/// Starts `stx-migrate run` for the migration; answers the job id at once.
pub async fn start(
    State(wb): State<Arc<Workbench>>,
    Query(q): Query<Which>,
    body: Option<Json<StartRequest>>,
) -> ApiResult {
    let (served, _) = wb.migration(&q.m)?;
    let request = body.map(|b| b.0).unwrap_or_default();
    let mut command = tokio::process::Command::new(&wb.exe);
    command
        .arg("--json")
        .arg("run")
        .arg(&served.path)
        .arg("--progress-json")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(false);
    for (flag, value) in [("--since", &request.since), ("--tag", &request.tag)] {
        if let Some(v) = value.as_ref().filter(|v| !v.trim().is_empty()) {
            command.arg(flag).arg(v.trim());
        }
    }
    let mut child = command
        .spawn()
        .map_err(|e| ApiError::internal(format!("cannot start {}: {e}", wb.exe.display())))?;
    let id = format!(
        "job-{}",
        wb.jobs
            .next
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1
    );
    let job = Arc::new(Mutex::new(Job {
        migration: q.m.clone(),
        status: "running".into(),
        stage: "starting".into(),
        ..Job::default()
    }));
    lock(&wb.jobs.jobs).insert(id.clone(), job.clone());
    let stderr = child.stderr.take();
    let stdout = child.stdout.take();
    tokio::spawn(async move {
        // Both pipes at once: a child blocked on a full stdout would never close stderr.
        let summary_text = tokio::spawn(async move {
            let mut out = String::new();
            if let Some(mut stdout) = stdout {
                use tokio::io::AsyncReadExt;
                let _ = stdout.read_to_string(&mut out).await;
            }
            out
        });
        let mut last_error = None;
        if let Some(stderr) = stderr {
            let mut lines = tokio::io::BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                follow(&job, &line, &mut last_error);
            }
        }
        let out = summary_text.await.unwrap_or_default();
        let code = child.wait().await.ok().and_then(|s| s.code());
        let mut j = lock(&job);
        j.exit_code = code;
        let summary: Option<serde_json::Value> = serde_json::from_str(&out).ok();
        j.run_id = summary
            .as_ref()
            .and_then(|s| s["run_id"].as_str())
            .map(str::to_string);
        // 0: done; 1: done, the quality gate exceeded; anything else: no run.
        j.status = match code {
            Some(0) | Some(1) if summary.is_some() => "completed".into(),
            _ => "failed".into(),
        };
        j.stage = "done".into();
        j.message = match code {
            Some(1) => Some("quality gate exceeded".into()),
            Some(0) => None,
            _ => last_error.or_else(|| Some(format!("the run ended with exit code {code:?}"))),
        };
        if let Some(s) = &summary {
            j.rows_read = s["rows_read"].as_u64().unwrap_or(j.rows_read);
            j.rejected = s["rows_rejected"].as_u64().unwrap_or(j.rejected);
        }
        j.summary = summary;
    });
    Ok(Json(serde_json::json!({ "job": id })))
}

/// One stderr line of the child: a progress event, or the error it ends with.
fn follow(job: &Mutex<Job>, line: &str, last_error: &mut Option<String>) {
    if let Ok(event) = serde_json::from_str::<serde_json::Value>(line) {
        let p = &event["progress"];
        if p.is_object() {
            let mut j = lock(job);
            j.stage = p["stage"].as_str().unwrap_or("").to_string();
            j.rows_read = p["rows_read"].as_u64().unwrap_or(0);
            j.rejected = p["rejected"].as_u64().unwrap_or(0);
            return;
        }
    }
    if let Some(message) = line.strip_prefix("error: ") {
        *last_error = Some(message.to_string());
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A job's state.
pub async fn job(State(wb): State<Arc<Workbench>>, id: JobPath) -> ApiResult {
    let job = lock(&wb.jobs.jobs)
        .get(id.0.as_str())
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("no job {}", id.0)))?;
    let j = lock(&job).clone();
    Ok(Json(serde_json::json!(j)))
}

/// The run as recorded, with its folder.
pub async fn run_record(wb: &Workbench, migration: &str, run: &str) -> Result<RunRecord, ApiError> {
    let (_, m) = wb.migration(migration)?;
    recorded_runs(&m)
        .await?
        .into_iter()
        .find(|r| r.is_named(run))
        .ok_or_else(|| ApiError::not_found(format!("no run '{run}' of migration '{migration}'")))
}

/// `?m=&run=&name=`.
#[derive(Debug, Deserialize)]
pub struct FileQuery {
    /// The migration.
    pub m: String,
    /// The run.
    pub run: String,
    /// A file the run recorded, by name.
    pub name: String,
}

/// A file the run wrote, as a download: only a file the state records for the run, by its
/// name, so no path of the request reaches the file system.
pub async fn file(State(wb): State<Arc<Workbench>>, Query(q): Query<FileQuery>) -> Response {
    match file_bytes(&wb, &q).await {
        Ok(bytes) => download(&q.name, bytes),
        Err(e) => e.into_response(),
    }
}

async fn file_bytes(wb: &Workbench, q: &FileQuery) -> Result<Vec<u8>, ApiError> {
    let record = run_record(wb, &q.m, &q.run).await?;
    let path = record
        .files
        .iter()
        .map(|f| std::path::PathBuf::from(&f.0))
        .find(|p| p.file_name().and_then(|n| n.to_str()) == Some(q.name.as_str()))
        .ok_or_else(|| {
            ApiError::not_found(format!("run {} wrote no file '{}'", record.run_id, q.name))
        })?;
    std::fs::read(&path).map_err(|e| ApiError::not_found(format!("{}: {e}", path.display())))
}

/// The run folder of `?m=&run=`.
pub async fn run_folder(wb: &Workbench, q: &WhichRun) -> Result<std::path::PathBuf, ApiError> {
    Ok(std::path::PathBuf::from(
        run_record(wb, &q.m, &q.run).await?.out_dir,
    ))
}
