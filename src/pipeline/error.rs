//! Why a run stops, and the exit code of each reason.

use std::path::PathBuf;

use stx_connector_core::SourceError;

use super::plan::MappingError;
use crate::format::FormatError;
use crate::migration::ConfigError;
use crate::writers::WriteError;

/// Why a run stopped. Each variant maps to an exit code (see [`RunError::exit_code`]).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The migration file is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The format profile is wrong.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// A mapping expression does not compile.
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// The source cannot be opened or read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// An output cannot be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The run state cannot be read or written, or another run of the migration is going on.
    #[error(transparent)]
    State(#[from] crate::runs::StateError),
    /// A delta run or the contact numbers cannot be made (too many keys gone, the reserved
    /// range used up, `--since` naming no run).
    #[error(transparent)]
    Delta(#[from] crate::runs::DeltaError),
    /// Deduplication cannot run as configured (`[dedupe]`, its decisions, nicknames, labels,
    /// or the export of contacts already in SecuTix).
    #[error(transparent)]
    Dedupe(#[from] crate::dedupe::DedupeError),
    /// Evaluating the mapping failed on data (a bug or an unsupported type combination).
    #[error("mapping failed on the rows of batch starting at source row {row}: {message}. Hint: run `stx-migrate preview` to see the rows; report it if the mapping is valid")]
    Evaluate {
        /// First source row of the batch.
        row: u64,
        /// polars' message.
        message: String,
    },
    /// `check` was given a file that holds no SecuTix column codes.
    #[error("{path}: not a SecuTix contact file: {message}")]
    NotAContactFile {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A source file changed (size or modification time) while it was read.
    #[error("{path} changed while it was read (its size or modification time is not what it was when the read began): the run would mix two versions of it, and nothing was written. Hint: run again once the export is complete, or on a copy")]
    SourceChanged {
        /// The file.
        path: PathBuf,
    },
    /// An output of the run would replace one of its inputs.
    #[error("{output}: this output of the run would replace an input of the migration ({input}). Hint: write the run elsewhere (--out DIR or [output] dir), not into the folder the source is read from")]
    OutputOverInput {
        /// The output file (or folder).
        output: PathBuf,
        /// The input it would replace or be read with.
        input: PathBuf,
    },
    /// The process's memory went over the run's budget.
    #[error("the run uses {used} of memory while {during}, more than its memory budget of {budget} ({origin}); it stopped before the system would kill it, and nothing was published. Hint: a query over a dump, CSV files or a workbook loads the tables it names into memory: select fewer columns or rows in the query, read one table and map the rest with lookups, load the dump into a database server and read it there, or raise [read] memory-budget if the machine has the memory")]
    MemoryBudget {
        /// Resident memory when it was seen.
        used: String,
        /// The budget.
        budget: String,
        /// Where the budget comes from.
        origin: String,
        /// What the run was doing.
        during: String,
    },
    /// Rows read ≠ written + rejected + merged + unchanged: a bug; the outputs must not be used.
    #[error("accounting mismatch: {read} rows read, {written} written + {rejected} rejected + {merged} merged + {unchanged} unchanged{problems}\nThis is a bug in stx-migrate: no contact file was published, and the other outputs in {} must not be used. Hint: report it with protocol.json and the command line", dir.display())]
    Accounting {
        /// Rows read.
        read: u64,
        /// Rows written.
        written: u64,
        /// Rows rejected.
        rejected: u64,
        /// Rows merged.
        merged: u64,
        /// Rows a delta run left out as unchanged.
        unchanged: u64,
        /// What does not add up, one line each (naming source rows).
        problems: String,
        /// Run folder.
        dir: PathBuf,
    },
}

impl RunError {
    /// Exit code: 1 file fails `check`, 2 configuration/mapping, 3 source, 4 write, 5 internal
    /// (accounting), 6 memory budget.
    pub fn exit_code(&self) -> i32 {
        match self {
            RunError::NotAContactFile { .. } => 1,
            RunError::Config(_)
            | RunError::Format(_)
            | RunError::Mapping(_)
            | RunError::OutputOverInput { .. }
            | RunError::Dedupe(_)
            | RunError::Delta(_)
            | RunError::State(crate::runs::StateError::Busy { .. })
            | RunError::State(crate::runs::StateError::Config { .. }) => 2,
            RunError::State(_) => 4,
            RunError::Source(_) | RunError::SourceChanged { .. } => 3,
            RunError::Write(_) => 4,
            RunError::Evaluate { .. } | RunError::Accounting { .. } => 5,
            RunError::MemoryBudget { .. } => super::memory::MEMORY_BUDGET_EXIT_CODE,
        }
    }
}
