//! `stx-migrate`: see `stx-migrate --help` and the README.

use clap::Parser;

fn main() -> std::process::ExitCode {
    stx_migrate::cli::main_with(stx_migrate::cli::Cli::parse())
}
