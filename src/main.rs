//! `stx-migrate`: see `stx-migrate --help` and the README.

use clap::Parser;

fn main() -> std::process::ExitCode {
    restore_default_sigpipe();
    stx_migrate::cli::main_with(stx_migrate::cli::Cli::parse())
}

/// `stx-migrate inspect … | head` must end quietly when `head` closes the pipe, as other
/// Unix tools do. Rust ignores SIGPIPE, which turns the closed pipe into a panic in `println!`.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
