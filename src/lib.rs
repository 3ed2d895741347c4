//! stx-migrate: migrate legacy contact data into SecuTix contact import files.
//!
//! The binary (`src/main.rs`) is a thin shell over this library; see `docs/ARCHITECTURE.md`.
#![warn(missing_docs)]

pub mod check;
pub mod cli;
pub mod dedupe;
pub mod format;
pub mod init;
pub mod mapping;
pub mod migration;
pub mod pipeline;
pub mod profile;
pub mod progress;
pub mod quality;
pub mod report;
pub mod runs;
pub mod serve;
pub mod service;
pub mod sources;
pub mod writers;
