//! Service operations on contacts already in SecuTix: the files the contact service applies
//! to update, inactivate, delete, anonymize or drop contacts, and to qualify contacts with
//! criteria and structures with a structure type (spec §3); and SAM's bulk update of criteria
//! and authorisations through the `[old]`/`[new]` template ([`bulk`]).
//!
//! A service file is made the way a migration run is, from a source of its own:
//!
//! ```text
//! select     the contacts: numbers, a SecuTix export filtered by --where, or a run (select.rs)
//! guard      legacy operations need --allow-legacy-operations; destructive ones --confirm;
//!            an empty selection is refused
//! input      selection.csv in the run folder: one row per contact, the service's columns
//!            (STX_SOURCE_ROW, STX_REFUSED, STX_OPERATION) and what the file needs of the
//!            selection (only CONTACT_NR for INVALIDATE, DELETE, ANONYMIZE, DROP)
//! run        the pipeline over selection.csv with a [map] made for the operation (input.rs):
//!            every value rule, rejects, warnings, report, protocol (with who selected what),
//!            contact files; recorded in the run state like a run
//! after      the contact numbers written go to the state (service_contacts), so that a later
//!            DROP knows what was changed; a DROP marks its contacts not imported, so that the
//!            next delta run sends them again
//! ```
//!
//! Contacts the service must leave alone (an individual given a structure type, a contact
//! changed since the import a DROP undoes) stay in selection.csv with a reason in
//! STX_REFUSED; the [map] rejects them with `reject_if`, so they land in rejects.csv with a
//! message, like any row that is not imported.

pub mod bulk;
mod input;
pub mod select;

use std::collections::BTreeMap;

use serde::Serialize;

pub use input::{ServiceInput, SERVICE_INPUT_FILE};
pub use select::{SelectionRecord, SelectionSource, SelectionSpec, Values};

use crate::runs::{StateError, StateStore};

/// What a service file asks SecuTix to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    /// UPDATE rows with the columns given.
    Update,
    /// INVALIDATE rows: inactivated, nothing removed.
    Invalidate,
    /// DELETE rows: address and communication means removed, e-mail emptied.
    Delete,
    /// ANONYMIZE rows: personal data erased, sales kept.
    Anonymize,
    /// DROP rows: contacts of a bad import removed.
    Drop,
    /// UPDATE rows setting criteria, after the CONFIG row that declares their codes.
    QualifyContacts,
    /// UPDATE rows setting STRUCT_TYPE.
    QualifyStructures,
}

impl Operation {
    /// The OPERATION cell of the file's rows.
    pub fn file_operation(self) -> &'static str {
        match self {
            Operation::Update | Operation::QualifyContacts | Operation::QualifyStructures => {
                "UPDATE"
            }
            Operation::Invalidate => "INVALIDATE",
            Operation::Delete => "DELETE",
            Operation::Anonymize => "ANONYMIZE",
            Operation::Drop => "DROP",
        }
    }

    /// The command's name (`service qualify-contacts`).
    pub fn name(self) -> &'static str {
        match self {
            Operation::Update => "update",
            Operation::Invalidate => "invalidate",
            Operation::Delete => "delete",
            Operation::Anonymize => "anonymize",
            Operation::Drop => "drop",
            Operation::QualifyContacts => "qualify-contacts",
            Operation::QualifyStructures => "qualify-structures",
        }
    }

    /// An operation the [2025] format page no longer lists (only CONFIG, INSERT, UPDATE):
    /// written only with `--allow-legacy-operations`.
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            Operation::Invalidate | Operation::Delete | Operation::Anonymize | Operation::Drop
        )
    }

    /// An operation whose file takes contacts out of use (or erases them): written only with
    /// `--confirm`, after the count of contacts it touches is known. Its file carries only
    /// what SecuTix needs to find the contact.
    pub fn is_destructive(self) -> bool {
        self.is_legacy()
    }
}

/// A value to set: a constant, or an expression over the selection's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueSpec {
    /// Written as given (`Red|Green`, `COMPANY`).
    Constant(String),
    /// An expression of the mapping language over the selection's columns.
    Expression(String),
}

/// A service operation as asked for on the command line.
#[derive(Debug, Clone)]
pub struct ServiceRequest {
    /// What to do.
    pub operation: Operation,
    /// For which contacts.
    pub selection: SelectionSpec,
    /// UPDATE: SecuTix column → expression over the selection's columns.
    pub set: Vec<(String, String)>,
    /// Qualify contacts: criterion code → its values.
    pub criteria: Vec<(String, ValueSpec)>,
    /// Qualify structures: the structure type.
    pub structure_type: Option<ValueSpec>,
    /// `--confirm`.
    pub confirm: bool,
    /// `--allow-legacy-operations`.
    pub allow_legacy: bool,
}

/// What a service run did, in its protocol: who selected what, and how many.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRecord {
    /// `service anonymize`, `bulk apply` ...
    pub command: String,
    /// The OPERATION of the file's rows.
    pub operation: String,
    /// Who asked (the user and host that ran the command).
    pub requested_by: String,
    /// How the contacts were selected.
    pub selection: SelectionRecord,
    /// The values set (UPDATE, criteria, structure type), column → expression or value.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    /// Contacts left alone, per reason (they are in rejects.csv).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub refused: BTreeMap<String, u64>,
    /// Contacts the file touches (selected, with a number, not refused).
    pub contacts: u64,
}

impl ServiceRecord {
    /// The contacts left alone, in words: `3 individual, 2 changed-since (by j1)`.
    pub fn refusals(&self) -> String {
        self.refused
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why a service file is not written.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The selection cannot be read.
    #[error("{what}: {message}. Hint: {hint}")]
    Selection {
        /// The file or run.
        what: String,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// An expression of the command line does not compile or gives no condition.
    #[error("{option} \"{expression}\": {message}")]
    Expression {
        /// The option (`--where`, `--set EMAIL1`).
        option: String,
        /// As given.
        expression: String,
        /// What is wrong.
        message: String,
    },
    /// A legacy operation without `--allow-legacy-operations`.
    #[error("{operation} is not on the current SecuTix format page, which lists only CONFIG, INSERT and UPDATE rows ({operation} comes from the older [OLD]/[EXT] pages); nothing was written. Hint: confirm with SecuTix that the contact service still applies {operation} rows, then add --allow-legacy-operations")]
    Legacy {
        /// The OPERATION.
        operation: &'static str,
    },
    /// A destructive operation without `--confirm`.
    #[error("{operation} would touch {contacts} contact(s) ({selection}); nothing was written. SecuTix cannot undo it: check the count, then run again with --confirm")]
    NotConfirmed {
        /// The OPERATION.
        operation: &'static str,
        /// Contacts the file would touch.
        contacts: u64,
        /// The selection, in words.
        selection: String,
    },
    /// Nothing to write.
    #[error("nothing to {operation}: {why}; nothing was written")]
    Empty {
        /// The OPERATION.
        operation: &'static str,
        /// Why, in words.
        why: String,
    },
    /// The request contradicts the migration's configuration or itself.
    #[error("{0}")]
    Config(String),
    /// The run state.
    #[error(transparent)]
    State(#[from] StateError),
    /// A file of the service cannot be written.
    #[error("{path}: {message}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// What failed.
        message: String,
    },
}

impl ServiceError {
    /// The exit code (see `cli`): 2 for what the command asked, 3 for a selection that
    /// cannot be read, 4 for the state or a file that cannot be written.
    pub fn exit_code(&self) -> u8 {
        match self {
            ServiceError::Selection { .. } => 3,
            ServiceError::State(StateError::Busy { .. } | StateError::Config { .. }) => 2,
            ServiceError::State(_) | ServiceError::Write { .. } => 4,
            _ => 2,
        }
    }
}

/// The run a selection names: its id or tag, among the migration's runs.
pub async fn find_run(
    store: &StateStore,
    migration: &str,
    run: &str,
) -> Result<String, ServiceError> {
    let mine = store.runs_of(migration).await?;
    mine.iter()
        .find(|r| r.is_named(run))
        .map(|r| r.run_id.clone())
        .ok_or_else(|| ServiceError::Selection {
            what: format!("--run {run}"),
            message: format!("migration {migration} has no run with that id or tag"),
            hint: format!(
                "`stx-migrate runs` lists them{}",
                mine.last()
                    .map(|r| format!(" (the latest is {})", r.run_id))
                    .unwrap_or_default()
            ),
        })
}

/// Who runs the command: `user@host`.
pub fn requested_by() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "unknown".into());
    format!("{user}@{}", crate::runs::host_name())
}
