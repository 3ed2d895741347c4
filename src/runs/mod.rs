//! Run state: every run of a migration recorded in a state store (an SQLite file beside the
//! migration file, `.stx-state.db`, its schema versioned by sqlx's migrator), with its status,
//! counts, gate result and the files it wrote. A run whose process is gone while the store
//! still says it is in progress is found by the next run and marked failed; two runs of one
//! migration at once are refused, never interleaved.
//!
//! ```text
//! begin   insert (in-progress, pid, host); stale in-progress runs of dead processes → failed;
//!         a live in-progress run of the same migration → StateError::Busy
//! finish  status, end time, counts, gate, message; the files with their SHA-256
//! list    `stx-migrate runs migration.toml`
//! ```

use std::path::{Path, PathBuf};

use serde::Serialize;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::{Executor, Row};

use crate::pipeline::RunSummary;

pub mod delta;
pub mod diff;
pub mod gone;
pub mod keys;
pub mod notify;
pub mod numbers;
pub mod reconcile;
mod service;

pub use service::{DropCandidate, DropRefusal};

pub use delta::{DeltaSpec, GonePolicy, KeyOutcome, KeyPlan, KeySlot, KeyStage};
pub use keys::{HistoryRow, KeyOp, RunHistory};
pub use numbers::{NumberPolicy, NumbersSpec};

/// The state file's name, beside the migration file.
pub const STATE_FILE: &str = ".stx-state.db";

/// The schema, versioned: `migrations/state/` at the repository root, embedded.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/state");
/// The same schema in PostgreSQL's types (`[state] url`).
static MIGRATOR_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/state-postgres");

/// Problems with the run state.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The store cannot be opened, migrated, read or written.
    #[error("{path}: run state: {message}. Hint: the state is an SQLite file beside the migration file (move it away to start a fresh history) or the PostgreSQL database of [state] url")]
    Store {
        /// The state file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// `[state]` is wrong.
    #[error("{message}")]
    Config {
        /// What is wrong.
        message: String,
    },
    /// Another run of the same migration is in progress.
    #[error("run {run_id} of migration {migration} is in progress (process {pid} on {host}, started {started_at}); wait for it to end, or stop it. Hint: `stx-migrate runs` lists the runs; a run whose process died on another machine is cleared with `stx-migrate runs MIGRATION --mark-failed {run_id}`")]
    Busy {
        /// The run in progress.
        run_id: String,
        /// Its migration.
        migration: String,
        /// Its process.
        pid: i64,
        /// Its host.
        host: String,
        /// When it started.
        started_at: String,
    },
}

/// Why a delta run, or the contact numbers of a run, cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DeltaError {
    /// Too many keys are gone: likely a partial extraction.
    #[error("{gone} of the {known} contacts that run {since} sent to SecuTix are not in this extraction ({share:.1} %, more than the {limit:.1} % [delta] max-gone-share allows); nothing was written. A partial extraction looks exactly like a mass deletion. Hint: check the extraction; if the contacts are really gone, run again with --allow-gone")]
    TooManyGone {
        /// Keys gone.
        gone: usize,
        /// Keys SecuTix holds.
        known: usize,
        /// gone / known, in percent.
        share: f64,
        /// The limit, in percent.
        limit: f64,
        /// The run compared with.
        since: String,
    },
    /// The reserved range has too few numbers left.
    #[error("[numbers]: {needed} new contacts need a number, but only {left} are left in the reserved range {from}..{to}; nothing was written. Hint: ask SecuTix for a larger range and raise `to`")]
    RangeExhausted {
        /// Numbers needed.
        needed: u64,
        /// Numbers available.
        left: u64,
        /// Range start.
        from: u64,
        /// Range end.
        to: u64,
    },
    /// The list of numbers used in SecuTix cannot be read.
    #[error("{path}: [numbers] used: {message}")]
    UsedNumbers {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// `--since` names no run.
    #[error("--since {since}: no completed run of migration {migration} has that id or tag{known}. Hint: `stx-migrate runs` lists them; `--since last` takes the latest")]
    NoSuchRun {
        /// As given.
        since: String,
        /// The migration.
        migration: String,
        /// The runs that could be named, in words.
        known: String,
    },
    /// `[numbers]` settings that contradict each other.
    #[error("[numbers]: {problems}")]
    Numbers {
        /// What is wrong, in words.
        problems: String,
    },
    /// A delta or allocated numbers without a source key.
    #[error("{what} needs [read] key: the column that identifies a contact from one extraction to the next")]
    NoKey {
        /// What needs it.
        what: String,
    },
}

/// `[state]`: where the run state is kept. Without it: `.stx-state.db` beside the migration.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StateSpec {
    /// A PostgreSQL database a team shares (`postgres://user@host:5432/db`); no password in
    /// it: it comes from the environment.
    pub url: Option<String>,
    /// The environment variable holding the password (default `PGPASSWORD`).
    pub password_env: Option<String>,
}

impl StateSpec {
    /// The store of a migration whose file is in `migration_dir`.
    pub fn location(&self, migration_dir: &Path) -> Result<StateLocation, StateError> {
        let Some(url) = &self.url else {
            return Ok(StateLocation::File(StateStore::path_for(migration_dir)));
        };
        let bad = |message: String| StateError::Config { message };
        let mut parsed =
            url::Url::parse(url).map_err(|e| bad(format!("[state] url is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            return Err(bad(format!(
                "[state] url: {}:// is not supported; the state goes to PostgreSQL (postgres://) or, without [state] url, to .stx-state.db beside the migration",
                parsed.scheme()
            )));
        }
        if parsed.password().is_some() {
            return Err(bad("[state] url holds a password: remove it, and set it in the environment (PGPASSWORD, or the variable [state] password-env names)".into()));
        }
        let shown = parsed.to_string();
        let variable = self.password_env.as_deref().unwrap_or("PGPASSWORD");
        match std::env::var(variable) {
            Ok(password) => {
                let _ = parsed.set_password(Some(&password));
            }
            Err(_) if self.password_env.is_some() => {
                return Err(bad(format!(
                    "[state] password-env names {variable}, which is not set"
                )))
            }
            Err(_) => {}
        }
        Ok(StateLocation::Postgres {
            url: parsed.to_string(),
            shown,
        })
    }
}

/// What the key stage of a run needs from the state: the runs that recorded keys, the run
/// `since` names (a delta), the numbers given before and those SecuTix uses.
pub async fn key_plan(
    state: &StateStore,
    migration: &crate::migration::Migration,
    since: Option<&str>,
    allow_gone: bool,
) -> Result<KeyPlan, crate::pipeline::RunError> {
    let name = &migration.file.migration.name;
    let history = state.history(name).await?;
    // Folded here, once: the run holds the states, not the history rows.
    let columns = keys::Baseline::columns_of(&history);
    let since_run = match since {
        Some(s) => Some(state.resolve_since(name, s, &history).await?),
        None => None,
    };
    let latest_run = history.last().map(|h| h.run_id.clone());
    // An earlier run's state first (rare: its rows are copied); the latest takes the rows.
    let earlier = match &since_run {
        Some(run) if Some(run) != latest_run.as_ref() => {
            let upto = history
                .iter()
                .position(|h| &h.run_id == run)
                .map_or(0, |i| i + 1);
            Some(std::sync::Arc::new(keys::Baseline::fold(
                &columns,
                history[..upto].iter().cloned(),
            )))
        }
        _ => None,
    };
    let latest = std::sync::Arc::new(keys::Baseline::fold(&columns, history));
    let since = since_run.map(|_| earlier.unwrap_or_else(|| latest.clone()));
    let numbers = migration.file.numbers.clone();
    if let Some(problems) = numbers
        .as_ref()
        .map(|n| n.problems())
        .filter(|p| !p.is_empty())
    {
        return Err(DeltaError::Numbers {
            problems: problems.join("; "),
        }
        .into());
    }
    let used = match numbers.as_ref().and_then(|n| n.used.as_ref()) {
        Some(path) => numbers::read_used(&migration.resolve(path))?,
        None => Default::default(),
    };
    Ok(KeyPlan {
        latest,
        since,
        allow_gone,
        delta: migration.file.delta.clone(),
        numbers,
        used,
        given: state.given_numbers(name).await?,
    })
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunStatus {
    /// Still running (or its process died: see [`StateStore::begin`]).
    InProgress,
    /// Every file written (the gate may still have failed: `gate_ok`).
    Completed,
    /// Stopped by an error.
    Failed,
    /// Stopped by Ctrl-C or SIGTERM.
    Interrupted,
}

impl RunStatus {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::InProgress => "in-progress",
            RunStatus::Completed => "completed",
            RunStatus::Failed => "failed",
            RunStatus::Interrupted => "interrupted",
        }
    }
}

/// A run as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    /// Run id (the UTC start time, or the `--out` folder's name).
    pub run_id: String,
    /// `[migration] name`.
    pub migration_name: String,
    /// SHA-256 of the migration file.
    pub migration_sha256: String,
    /// in-progress, completed, failed, interrupted.
    pub status: String,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339, once ended.
    pub ended_at: Option<String>,
    /// Host and process that ran it.
    pub host: String,
    /// See `host`.
    pub pid: i64,
    /// stx-migrate version.
    pub tool_version: String,
    /// The source, without secrets.
    pub source: String,
    /// Output folder.
    pub out_dir: String,
    /// Counts, once completed.
    pub rows_read: Option<i64>,
    /// See `rows_read`.
    pub rows_written: Option<i64>,
    /// See `rows_read`.
    pub rows_rejected: Option<i64>,
    /// See `rows_read`.
    pub rows_merged: Option<i64>,
    /// Whether the quality gate passed.
    pub gate_ok: Option<bool>,
    /// Why it failed, or what the gate said.
    pub message: Option<String>,
    /// Its tag.
    pub tag: Option<String>,
    /// The run a delta run compared with (`--since`).
    pub since_run: Option<String>,
    /// The service operation of a `service` or `bulk apply` run; `None` for a migration run.
    pub operation: Option<String>,
    /// Files written: (path, SHA-256, rows, bytes).
    pub files: Vec<(String, String, i64, i64)>,
}

impl RunRecord {
    /// Whether `name` names this run: its id or its tag.
    pub fn is_named(&self, name: &str) -> bool {
        self.run_id == name || self.tag.as_deref() == Some(name)
    }
}

/// What is known of a run when it starts.
#[derive(Debug, Clone)]
pub struct RunStart {
    /// Run id.
    pub run_id: String,
    /// `[migration] name`.
    pub migration_name: String,
    /// SHA-256 of the migration file.
    pub migration_sha256: String,
    /// The source, without secrets.
    pub source: String,
    /// Output folder.
    pub out_dir: PathBuf,
    /// A name for the run (`--tag j-7`), taken from an earlier run that had it.
    pub tag: Option<String>,
    /// The service operation a `service` or `bulk apply` run writes (`ANONYMIZE` ...);
    /// `None` for a migration run.
    pub operation: Option<String>,
}

/// Where a migration's state is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateLocation {
    /// An SQLite file (by default `.stx-state.db` beside the migration file).
    File(PathBuf),
    /// A PostgreSQL database shared by a team (`[state] url`), its password already in.
    Postgres {
        /// The URL to connect with (holds the password: never shown).
        url: String,
        /// The URL as shown: without the password.
        shown: String,
    },
}

impl StateLocation {
    /// As shown in messages.
    pub fn shown(&self) -> PathBuf {
        match self {
            StateLocation::File(path) => path.clone(),
            StateLocation::Postgres { shown, .. } => PathBuf::from(shown),
        }
    }
}

/// The state store of a migration.
pub struct StateStore {
    pool: AnyPool,
    path: PathBuf,
    postgres: bool,
}

fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// This machine's name, as runs record it.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into())
}

/// Whether process `pid` of this host is alive.
fn process_alive(pid: i64) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

impl StateStore {
    /// The store beside a migration file: `<folder>/.stx-state.db`.
    pub fn path_for(migration_dir: &Path) -> PathBuf {
        migration_dir.join(STATE_FILE)
    }

    /// Opens (creating it on first use) and migrates the store.
    pub async fn open(path: &Path) -> Result<StateStore, StateError> {
        StateStore::open_at(&StateLocation::File(path.to_path_buf())).await
    }

    /// Opens and migrates the store at `location`: an SQLite file (created on first use, WAL,
    /// a 10 s busy timeout) or a PostgreSQL database. Both go through sqlx's Any driver, so one
    /// set of queries serves both (`$N` parameters, booleans read as integers).
    pub async fn open_at(location: &StateLocation) -> Result<StateStore, StateError> {
        sqlx::any::install_default_drivers();
        let shown = location.shown();
        let err = |e: &dyn std::fmt::Display| StateError::Store {
            path: shown.clone(),
            message: e.to_string(),
        };
        let (url, postgres) = match location {
            StateLocation::File(path) => (format!("sqlite://{}?mode=rwc", path.display()), false),
            StateLocation::Postgres { url, .. } => (url.clone(), true),
        };
        let options = AnyPoolOptions::new().max_connections(1);
        let options = if postgres {
            options
        } else {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    Ok(())
                })
            })
        };
        let pool = options.connect(&url).await.map_err(|e| err(&e))?;
        let migrator = if postgres {
            &MIGRATOR_POSTGRES
        } else {
            &MIGRATOR
        };
        migrator.run(&pool).await.map_err(|e| err(&e))?;
        Ok(StateStore {
            pool,
            path: shown,
            postgres,
        })
    }

    fn error(&self, e: sqlx::Error) -> StateError {
        StateError::Store {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Records a run as in progress. Runs of this host left in progress by a process that is
    /// gone are marked failed first; a live one of the same migration refuses this one.
    pub async fn begin(&self, start: &RunStart) -> Result<(), StateError> {
        let host = host_name();
        let mut tx = self.pool.begin().await.map_err(|e| self.error(e))?;
        if self.postgres {
            // SQLite serialises writers; on a shared PostgreSQL two runs starting at once
            // would both see no run in progress: one lock for every begin.
            sqlx::query("SELECT pg_advisory_xact_lock(31731)")
                .execute(&mut *tx)
                .await
                .map_err(|e| self.error(e))?;
        }
        let open = sqlx::query(
            "SELECT run_id, migration_name, pid, host, started_at FROM runs WHERE status = 'in-progress'",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        for row in open {
            let (run_id, name, pid, run_host, started_at): (String, String, i64, String, String) =
                (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            if run_host == host && !process_alive(pid) {
                sqlx::query(
                    "UPDATE runs SET status = 'failed', ended_at = $1, message = $2 WHERE run_id = $3",
                )
                .bind(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .bind(format!(
                    "its process ({pid}) ended without finishing the run: found by run {}",
                    start.run_id
                ))
                .bind(&run_id)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.error(e))?;
            } else if name == start.migration_name {
                // A run of another machine cannot be checked from here: `runs --mark-failed`.
                return Err(StateError::Busy {
                    run_id,
                    migration: name,
                    pid,
                    host: run_host,
                    started_at,
                });
            }
        }
        sqlx::query(
            "INSERT INTO runs (run_id, migration_name, migration_sha256, status, started_at, host, pid, tool_version, source, out_dir, operation) \
             VALUES ($1, $2, $3, 'in-progress', $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (run_id) DO UPDATE SET status = 'in-progress', started_at = excluded.started_at, \
             ended_at = NULL, pid = excluded.pid, host = excluded.host, migration_sha256 = excluded.migration_sha256, \
             source = excluded.source, operation = excluded.operation, \
             rows_read = NULL, rows_written = NULL, rows_rejected = NULL, rows_merged = NULL, gate_ok = NULL, message = NULL",
        )
        .bind(&start.run_id)
        .bind(&start.migration_name)
        .bind(&start.migration_sha256)
        .bind(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .bind(&host)
        .bind(i64::from(std::process::id()))
        .bind(env!("CARGO_PKG_VERSION"))
        .bind(&start.source)
        .bind(absolute(&start.out_dir))
        .bind(&start.operation)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        for statement in [
            "DELETE FROM run_files WHERE run_id = $1",
            "DELETE FROM key_history WHERE run_id = $1",
            "DELETE FROM service_contacts WHERE run_id = $1",
        ] {
            sqlx::query(statement)
                .bind(&start.run_id)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.error(e))?;
        }
        sqlx::query(
            "UPDATE runs SET columns = NULL, since_run = NULL, run_order = \
             (SELECT COALESCE(MAX(run_order), 0) + 1 FROM runs WHERE migration_name = $1) WHERE run_id = $2",
        )
        .bind(&start.migration_name)
        .bind(&start.run_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        if let Some(tag) = &start.tag {
            sqlx::query("UPDATE runs SET tag = NULL WHERE migration_name = $1 AND tag = $2")
                .bind(&start.migration_name)
                .bind(tag)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.error(e))?;
            sqlx::query("UPDATE runs SET tag = $1 WHERE run_id = $2")
                .bind(tag)
                .bind(&start.run_id)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.error(e))?;
        }
        tx.commit().await.map_err(|e| self.error(e))
    }

    /// Records how a run ended: its counts and files when it wrote them, and what it did
    /// per source key.
    pub async fn finish(
        &self,
        run_id: &str,
        status: RunStatus,
        summary: Option<&RunSummary>,
        gate_ok: Option<bool>,
        message: Option<&str>,
    ) -> Result<(), StateError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.error(e))?;
        if let Some(keys) = summary.and_then(|s| s.keys.as_ref()) {
            self.record_keys(&mut tx, run_id, keys).await?;
        }
        let count = |f: fn(&RunSummary) -> u64| summary.map(|s| f(s) as i64);
        sqlx::query(
            "UPDATE runs SET status = $1, ended_at = $2, rows_read = $3, rows_written = $4, rows_rejected = $5, rows_merged = $6, gate_ok = $7, message = $8 WHERE run_id = $9",
        )
        .bind(status.as_str())
        .bind(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .bind(count(|s| s.rows_read))
        .bind(count(|s| s.rows_written))
        .bind(count(|s| s.rows_rejected))
        .bind(count(|s| s.rows_merged))
        .bind(gate_ok)
        .bind(message)
        .bind(run_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        for f in summary.map(|s| s.files.as_slice()).unwrap_or(&[]) {
            sqlx::query("INSERT INTO run_files (run_id, path, sha256, rows, bytes) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (run_id, path) DO UPDATE SET sha256 = excluded.sha256, rows = excluded.rows, bytes = excluded.bytes")
                .bind(run_id)
                // Absolute: `runs --show` and `reconcile` may run from another folder.
                .bind(absolute(&f.path))
                .bind(&f.sha256)
                .bind(f.rows as i64)
                .bind(f.bytes as i64)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.error(e))?;
        }
        tx.commit().await.map_err(|e| self.error(e))
    }

    /// The key rows of a run, in batches of multi-row INSERTs (one statement per row took
    /// most of a run's end at a million keys).
    async fn record_keys(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        run_id: &str,
        keys: &KeyOutcome,
    ) -> Result<(), StateError> {
        sqlx::query("UPDATE runs SET columns = $1, since_run = $2 WHERE run_id = $3")
            .bind(keys.columns.join("\t"))
            .bind(&keys.since)
            .bind(run_id)
            .execute(&mut **tx)
            .await
            .map_err(|e| self.error(e))?;
        let name: String = sqlx::query_scalar("SELECT migration_name FROM runs WHERE run_id = $1")
            .bind(run_id)
            .fetch_one(&mut **tx)
            .await
            .map_err(|e| self.error(e))?;
        // A run's key rows go in as JSON arrays that the database unpacks itself: one
        // statement per 50,000 rows instead of a bound parameter per value (a million rows
        // took 27.7 s through multi-row INSERTs, bench-demo).
        const ROWS: usize = 50_000;
        let insert = if self.postgres {
            "INSERT INTO key_history (run_id, migration_name, key, op, contact_nr, hashes, changes) \
             SELECT $1, $2, j->>0, j->>1, j->>2, decode(j->>3, 'hex'), j->>4 \
             FROM json_array_elements($3::json) AS j"
        } else {
            "INSERT INTO key_history (run_id, migration_name, key, op, contact_nr, hashes, changes) \
             SELECT $1, $2, j.value->>0, j.value->>1, j.value->>2, unhex(j.value->>3), j.value->>4 \
             FROM json_each($3) AS j"
        };
        for chunk in keys.entries.chunks(ROWS) {
            // key, op, contact number, hashes in hex, changes.
            type JsonRow<'a> = (
                &'a str,
                &'a str,
                Option<&'a str>,
                Option<String>,
                Option<&'a str>,
            );
            let rows: Vec<JsonRow> = chunk
                .iter()
                .map(|e| {
                    (
                        e.key.as_str(),
                        e.op.as_str(),
                        e.contact_nr.as_deref(),
                        e.hashes
                            .as_deref()
                            .map(|h| hex::encode(keys::pack_hashes(h))),
                        e.changes.as_deref(),
                    )
                })
                .collect();
            let json = serde_json::to_string(&rows).map_err(|e| StateError::Store {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
            sqlx::query(insert)
                .bind(run_id)
                .bind(&name)
                .bind(json)
                .execute(&mut **tx)
                .await
                .map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// The runs of a migration that recorded keys (completed), oldest first, with their rows.
    pub async fn history(&self, migration: &str) -> Result<Vec<RunHistory>, StateError> {
        let runs = sqlx::query(
            "SELECT run_id, columns FROM runs WHERE migration_name = $1 AND status = 'completed' \
             AND columns IS NOT NULL ORDER BY run_order, started_at",
        )
        .bind(migration)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.error(e))?;
        let mut out = Vec::with_capacity(runs.len());
        for run in runs {
            let run_id: String = run.get(0);
            let columns: String = run.get(1);
            let rows = self.key_rows(&run_id).await?;
            out.push(RunHistory {
                run_id,
                columns: columns.split('\t').map(str::to_string).collect(),
                rows,
            });
        }
        Ok(out)
    }

    /// A run's key rows, read as one JSON array the database builds (row by row through the
    /// driver took seconds per million rows).
    pub(crate) async fn key_rows(&self, run_id: &str) -> Result<Vec<HistoryRow>, StateError> {
        let select = if self.postgres {
            "SELECT COALESCE(json_agg(json_build_array(key, op, contact_nr, encode(hashes, 'hex'), not_imported))::text, '[]') \
             FROM key_history WHERE run_id = $1"
        } else {
            "SELECT json_group_array(json_array(key, op, contact_nr, hex(hashes), not_imported)) \
             FROM key_history WHERE run_id = $1"
        };
        let json: String = sqlx::query_scalar(select)
            .bind(run_id)
            .fetch_one(&self.pool)
            .await
            .map_err(|e| self.error(e))?;
        type Row = (
            String,
            String,
            Option<String>,
            Option<String>,
            serde_json::Value,
        );
        let rows: Vec<Row> = serde_json::from_str(&json).map_err(|e| StateError::Store {
            path: self.path.clone(),
            message: format!("key rows of run {run_id}: {e}"),
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(key, op, contact_nr, hashes, not_imported)| {
                Some(HistoryRow {
                    key,
                    op: KeyOp::parse(&op)?,
                    contact_nr,
                    // SQLite's hex() of NULL is ''.
                    hashes: hashes
                        .filter(|h| !h.is_empty())
                        .and_then(|h| hex::decode(h).ok())
                        .map(|h| keys::unpack_hashes(&h)),
                    not_imported: not_imported.as_bool().unwrap_or(false)
                        || not_imported.as_i64().unwrap_or(0) != 0,
                })
            })
            .collect())
    }

    /// The run `since` names: `last` (the latest that recorded keys), a run id or a tag.
    pub async fn resolve_since(
        &self,
        migration: &str,
        since: &str,
        history: &[RunHistory],
    ) -> Result<String, DeltaError> {
        let found = if since == "last" {
            history.last().map(|h| h.run_id.clone())
        } else if history.iter().any(|h| h.run_id == since) {
            Some(since.to_string())
        } else {
            let tagged: Option<String> = sqlx::query_scalar(
                "SELECT run_id FROM runs WHERE migration_name = $1 AND tag = $2",
            )
            .bind(migration)
            .bind(since)
            .fetch_optional(&self.pool)
            .await
            .ok()
            .flatten();
            tagged.filter(|run| history.iter().any(|h| &h.run_id == run))
        };
        found.ok_or_else(|| DeltaError::NoSuchRun {
            since: since.to_string(),
            migration: migration.to_string(),
            known: if history.is_empty() {
                " (none recorded source keys yet: run it once without --since)".into()
            } else {
                format!(
                    " (runs with keys: {})",
                    history
                        .iter()
                        .map(|h| h.run_id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        })
    }

    /// The masked changes a run recorded, per key (UPDATE rows).
    pub async fn run_changes(
        &self,
        run_id: &str,
    ) -> Result<std::collections::HashMap<String, String>, StateError> {
        let rows = sqlx::query(
            "SELECT key, changes FROM key_history WHERE run_id = $1 AND changes IS NOT NULL",
        )
        .bind(run_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.error(e))?;
        Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Marks keys as not imported by SecuTix after run `run_id` (the next delta sends them
    /// again), or as imported after all (`not_imported` false: `reconcile --mark-done`): the
    /// row marked is the key's latest INSERT or UPDATE up to that run, what SecuTix was sent.
    pub async fn set_not_imported(
        &self,
        migration: &str,
        run_id: &str,
        keys: &[String],
        not_imported: bool,
    ) -> Result<(), StateError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.error(e))?;
        for key in keys {
            sqlx::query(
                "UPDATE key_history SET not_imported = $1 WHERE key = $2 AND run_id = ( \
                 SELECT h.run_id FROM key_history h JOIN runs r ON r.run_id = h.run_id \
                 WHERE h.migration_name = $3 AND h.key = $2 AND h.op IN ('INSERT', 'UPDATE') \
                 AND r.run_order <= (SELECT run_order FROM runs WHERE run_id = $4) \
                 ORDER BY r.run_order DESC LIMIT 1)",
            )
            .bind(not_imported)
            .bind(key)
            .bind(migration)
            .bind(run_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.error(e))?;
        }
        tx.commit().await.map_err(|e| self.error(e))
    }

    /// Marks a run in progress as failed (its process died where the next run cannot see it);
    /// false when no run of the migration with that id is in progress.
    pub async fn mark_failed(
        &self,
        migration: &str,
        run_id: &str,
        message: &str,
    ) -> Result<bool, StateError> {
        let done = sqlx::query(
            "UPDATE runs SET status = 'failed', ended_at = $1, message = $2 \
             WHERE migration_name = $3 AND run_id = $4 AND status = 'in-progress'",
        )
        .bind(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .bind(message)
        .bind(migration)
        .bind(run_id)
        .execute(&self.pool)
        .await
        .map_err(|e| self.error(e))?;
        Ok(done.rows_affected() == 1)
    }

    /// Every contact number the state gave to a key of the migration.
    pub async fn given_numbers(&self, migration: &str) -> Result<Vec<u64>, StateError> {
        let numbers: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT contact_nr FROM key_history WHERE migration_name = $1 AND contact_nr IS NOT NULL",
        )
        .bind(migration)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.error(e))?;
        Ok(numbers.iter().filter_map(|n| n.parse().ok()).collect())
    }

    /// The runs of one migration (a state may hold other migrations' runs: a shared database,
    /// a folder of migrations), oldest first, with their files.
    pub async fn runs_of(&self, migration: &str) -> Result<Vec<RunRecord>, StateError> {
        let mut runs = self.runs().await?;
        runs.retain(|r| r.migration_name == migration);
        Ok(runs)
    }

    /// Every run, oldest first, with its files.
    pub async fn runs(&self) -> Result<Vec<RunRecord>, StateError> {
        let rows = sqlx::query(
            "SELECT run_id, migration_name, migration_sha256, status, started_at, ended_at, host, pid, tool_version, source, out_dir, \
             rows_read, rows_written, rows_rejected, rows_merged, CASE WHEN gate_ok THEN 1 WHEN NOT gate_ok THEN 0 END, message, tag, since_run, operation FROM runs \
             ORDER BY started_at, run_order, run_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.error(e))?;
        // Every run's files in one query, grouped by run.
        let mut files: std::collections::HashMap<String, Vec<(String, String, i64, i64)>> =
            std::collections::HashMap::new();
        for f in sqlx::query(
            "SELECT run_id, path, sha256, rows, bytes FROM run_files ORDER BY run_id, path",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.error(e))?
        {
            files
                .entry(f.get(0))
                .or_default()
                .push((f.get(1), f.get(2), f.get(3), f.get(4)));
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let run_id: String = r.get(0);
            let files = files.remove(&run_id).unwrap_or_default();
            out.push(RunRecord {
                run_id,
                migration_name: r.get(1),
                migration_sha256: r.get(2),
                status: r.get(3),
                started_at: r.get(4),
                ended_at: r.get(5),
                host: r.get(6),
                pid: r.get(7),
                tool_version: r.get(8),
                source: r.get(9),
                out_dir: r.get(10),
                rows_read: r.get(11),
                rows_written: r.get(12),
                rows_rejected: r.get(13),
                rows_merged: r.get(14),
                gate_ok: r.get::<Option<i64>, _>(15).map(|g| g != 0),
                message: r.get(16),
                tag: r.get(17),
                since_run: r.get(18),
                operation: r.get(19),
                files,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(run_id: &str, name: &str) -> RunStart {
        RunStart {
            run_id: run_id.into(),
            migration_name: name.into(),
            migration_sha256: "abc".into(),
            source: "csv contacts.csv".into(),
            out_dir: PathBuf::from("out").join(run_id),
            tag: None,
            operation: None,
        }
    }

    #[tokio::test]
    async fn runs_are_recorded_a_dead_one_is_failed_and_a_live_one_refuses_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = StateStore::path_for(dir.path());
        let store = StateStore::open(&path).await.unwrap();
        store.begin(&start("r1", "m")).await.unwrap();
        // This process is alive: a second run of the same migration is refused...
        let busy = store.begin(&start("r2", "m")).await.unwrap_err();
        assert!(
            matches!(busy, StateError::Busy { ref run_id, .. } if run_id == "r1"),
            "{busy}"
        );
        // ... but another migration's run may go on.
        store.begin(&start("o1", "other")).await.unwrap();
        store
            .finish("o1", RunStatus::Completed, None, Some(true), None)
            .await
            .unwrap();
        store
            .finish("r1", RunStatus::Completed, None, Some(false), Some("gate"))
            .await
            .unwrap();
        // A run left in progress by a process that is gone is failed by the next one.
        store.begin(&start("r3", "m")).await.unwrap();
        sqlx::query("UPDATE runs SET pid = 2147483000 WHERE run_id = 'r3'")
            .execute(&store.pool)
            .await
            .unwrap();
        drop(store);
        let store = StateStore::open(&path).await.unwrap();
        store.begin(&start("r4", "m")).await.unwrap();
        let runs = store.runs().await.unwrap();
        let status: std::collections::BTreeSet<(&str, &str)> = runs
            .iter()
            .map(|r| (r.run_id.as_str(), r.status.as_str()))
            .collect();
        let expected: std::collections::BTreeSet<(&str, &str)> = [
            ("r1", "completed"),
            ("o1", "completed"),
            ("r3", "failed"),
            ("r4", "in-progress"),
        ]
        .into_iter()
        .collect();
        assert_eq!(status, expected);
        let r3 = runs.iter().find(|r| r.run_id == "r3").unwrap();
        assert!(r3
            .message
            .as_deref()
            .unwrap()
            .contains("ended without finishing"));
        assert_eq!(
            runs.iter().find(|r| r.run_id == "r1").unwrap().gate_ok,
            Some(false)
        );
    }
}
