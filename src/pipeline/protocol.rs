//! `protocol.json`: what was run, on what, with which mapping, and what came out.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use stx_connector_core::{ReadRequest, SourceDescription};

use super::{Prepared, RunSummary};
use crate::writers::{write_atomic, WriteError, WrittenFile};

/// The protocol of one run. Everything but timings and timestamps is identical when the
/// same mapping runs on the same data.
#[derive(Debug, Clone, Serialize)]
pub struct Protocol {
    /// `stx-migrate` and its version.
    pub tool: Tool,
    /// Run identifier.
    pub run_id: String,
    /// Start, RFC 3339 UTC.
    pub started_at: String,
    /// End, RFC 3339 UTC.
    pub finished_at: String,
    /// The migration file: path, name, SHA-256 and its full text.
    pub migration: MigrationRecord,
    /// The target format.
    pub profile: ProfileRecord,
    /// The source, without secrets.
    pub source: SourceDescription,
    /// How the connection to the database server travelled (`security`: `verified-tls`,
    /// `unverified-tls`, `tls-if-offered` or `plain`; `exposed`: the password and the data
    /// could be read on the way); absent for files and ODBC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<stx_connector_core::Transport>,
    /// What was read: `table` or `query`, and the key.
    pub read: BTreeMap<String, String>,
    /// Row counts.
    pub counts: Counts,
    /// Whether rows read = written + rejected + merged + unchanged.
    pub accounting_ok: bool,
    /// Hits per `COLUMN/rule`.
    pub rule_hits: BTreeMap<String, u64>,
    /// Milliseconds per step.
    pub timings_ms: BTreeMap<String, u128>,
    /// Files written (names relative to the run folder) with sizes and SHA-256.
    pub outputs: Vec<OutputRecord>,
    /// A service file's request (`stx-migrate service`, `bulk apply`): who selected which
    /// contacts, how, and how many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<crate::service::ServiceRecord>,
}

/// Tool name and version.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// Always `stx-migrate`.
    pub name: &'static str,
    /// Crate version.
    pub version: &'static str,
}

/// The migration file used.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationRecord {
    /// Path as given.
    pub path: String,
    /// `[migration] name`.
    pub name: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The file's text.
    pub text: String,
}

/// The format profile used.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileRecord {
    /// Profile name.
    pub name: String,
    /// Profile version.
    pub version: String,
    /// Where it came from (built-in or a path).
    pub origin: String,
    /// SHA-256 of its text.
    pub sha256: String,
}

/// Row counts of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Read from the source.
    pub read: u64,
    /// Written to the SecuTix files.
    pub written: u64,
    /// In rejects.csv.
    pub rejected: u64,
    /// Merged into another contact.
    pub merged: u64,
    /// Left out by a delta run: SecuTix holds them as they are.
    #[serde(skip_serializing_if = "is_zero")]
    pub unchanged: u64,
    /// Fields dropped (warnings.csv).
    pub warnings: u64,
}

/// One output file.
#[derive(Debug, Clone, Serialize)]
pub struct OutputRecord {
    /// File name within the run folder.
    pub file: String,
    /// csv, xlsx ...
    pub format: &'static str,
    /// Data rows.
    pub rows: usize,
    /// Size.
    pub bytes: u64,
    /// SHA-256.
    pub sha256: String,
}

impl Protocol {
    /// Builds the protocol of a finished run.
    pub fn new(
        prepared: &Prepared,
        summary: &RunSummary,
        rule_hits: BTreeMap<String, u64>,
        timings_ms: BTreeMap<String, u128>,
        started_at: chrono::DateTime<chrono::Utc>,
        accounting_ok: bool,
        service: Option<crate::service::ServiceRecord>,
    ) -> Protocol {
        let m = &prepared.migration;
        let mut read = BTreeMap::new();
        match &prepared.request {
            ReadRequest::Table(t) => read.insert("table".to_string(), t.clone()),
            ReadRequest::Query(q) => read.insert("query".to_string(), q.clone()),
        };
        if let Some(k) = &prepared.plan.key {
            read.insert("key".into(), k.clone());
        }
        Protocol {
            tool: Tool {
                name: "stx-migrate",
                version: env!("CARGO_PKG_VERSION"),
            },
            run_id: summary.run_id.clone(),
            started_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            finished_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            migration: MigrationRecord {
                path: m.path.display().to_string(),
                name: m.file.migration.name.clone(),
                sha256: m.sha256.clone(),
                text: m.text.clone(),
            },
            profile: ProfileRecord {
                name: prepared.profile.name().to_string(),
                version: prepared.profile.version().to_string(),
                origin: prepared.profile.origin().to_string(),
                sha256: prepared.profile.sha256().to_string(),
            },
            source: prepared.source.description(),
            transport: prepared.source.transport(),
            read,
            counts: Counts {
                read: summary.rows_read,
                written: summary.rows_written,
                rejected: summary.rows_rejected,
                merged: summary.rows_merged,
                unchanged: summary.rows_unchanged,
                warnings: summary.warnings,
            },
            accounting_ok,
            rule_hits,
            timings_ms,
            outputs: summary
                .files
                .iter()
                .map(|f| OutputRecord {
                    file: f
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    format: f.format,
                    rows: f.rows,
                    bytes: f.bytes,
                    sha256: f.sha256.clone(),
                })
                .collect(),
            service,
        }
    }

    /// Writes the protocol as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<WrittenFile, WriteError> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(|e| WriteError::Io {
            path: path.to_path_buf(),
            action: "serialise the protocol",
            source: std::io::Error::other(e),
        })?;
        bytes.push(b'\n');
        write_atomic(path, &bytes)
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
