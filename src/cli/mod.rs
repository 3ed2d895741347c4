//! Command line: argument parsing, human and JSON output, exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use stx_connector_core::{ReadRequest, SourceSpec};

use crate::format::FormatProfile;
use crate::migration::Migration;
use crate::pipeline::{self, RunError, RunOptions, RunSummary};

mod service;
pub use service::{BulkCommand, ServiceCommand};

/// Exit code: finished, but a quality-gate limit is exceeded (`[gate]`, `--max-reject-rate`).
pub const EXIT_REJECTS: u8 = 1;
/// Exit code: usage or configuration error (also clap's own usage errors).
pub const EXIT_CONFIG: u8 = 2;
/// Exit code: the source cannot be opened or read.
pub const EXIT_SOURCE: u8 = 3;
/// Exit code: an output cannot be written.
pub const EXIT_WRITE: u8 = 4;
/// Exit code: internal error (rows not accounted for).
pub const EXIT_INTERNAL: u8 = 5;

const AFTER_HELP: &str = "\
Examples:
  stx-migrate demo                               build a sample legacy database and migrate it
  stx-migrate inspect legacy.db                  tables, columns, types and row counts
  stx-migrate preview migration.toml -n 20       the first mapped rows, nothing written
  stx-migrate run migration.toml                 write out/<run-id>/contacts.csv, .xlsx, rejects ...
  stx-migrate run migration.toml --max-reject-rate 0.02 --json
  stx-migrate check contacts.csv                 a customer's SecuTix file: header rows, columns, every rule
  stx-migrate dedupe explain migration.toml      what [dedupe] does, defaults included
  stx-migrate runs migration.toml                the runs of a migration: status, counts, gate
  stx-migrate demo --duplicates --dir /tmp/dup   planted duplicates with their truth, deduplicated
  stx-migrate service update m.toml --export export.csv --columns EMAIL1     UPDATE rows for SecuTix
  stx-migrate service anonymize m.toml --contacts list.txt --allow-legacy-operations --confirm
  stx-migrate bulk template m.toml --export export.csv --criteria PREFCOL    SAM's [old]/[new] template

Exit codes: 0 ok, 1 quality gate exceeded ([gate], --max-reject-rate) or `check` found problems,
2 usage or configuration error,
3 source error, 4 write error, 5 internal error, 130/143 interrupted (Ctrl-C, SIGTERM).";

/// Migrate legacy contact data into SecuTix contact import files, repeatably.
#[derive(Debug, Parser)]
#[command(name = "stx-migrate", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// No progress bar, no summary (errors are still printed).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print the result as JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Log what happens on stderr (-v steps, -vv every batch); STX_LOG=debug does the same.
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a sample legacy ticketing database (SQLite) with its migration file, and migrate it.
    #[command(
        after_help = "Examples:\n  stx-migrate demo --dir /tmp/demo --contacts 10000\n  stx-migrate demo --sql postgres --contacts 300 | psql -d legacy      the same rows in a server"
    )]
    Demo(DemoArgs),
    /// Run a migration: write the SecuTix files, rejects, warnings and protocol.
    #[command(
        after_help = "Example:\n  stx-migrate run customers/migration.toml --out /tmp/run1 --max-reject-rate 0.05"
    )]
    Run(RunArgs),
    /// Show the first mapped rows as a table; nothing is written.
    #[command(after_help = "Example:\n  stx-migrate preview migration.toml -n 20")]
    Preview(PreviewArgs),
    /// List the tables of a source with row counts, and their columns with types.
    #[command(
        after_help = "Examples:\n  stx-migrate inspect legacy.db\n  stx-migrate inspect sqlite:legacy.db --table customer\n  stx-migrate inspect contacts.csv\n  stx-migrate inspect migration.toml      (the migration's source)"
    )]
    Inspect(InspectArgs),
    /// Profile a source nobody has seen: per table its rows, likely keys and foreign keys; per
    /// column nulls, distinct values, lengths, top values (masked) and the patterns found
    /// (e-mail, phone by country, date formats, postcodes, countries, languages, booleans …).
    #[command(
        after_help = "Examples:\n  stx-migrate profile legacy.db\n  stx-migrate profile kunden.csv -o profile/\n  stx-migrate profile postgres://migration@db/legacy --table customer --sample 50000\n\nWrites profile.html (self-contained, samples masked) and profile.json into --out; --json prints the JSON."
    )]
    Profile(ProfileArgs),
    /// Draft a migration file for a source: the contact table and its joins, each SecuTix
    /// column from a source column's name (EN/FR/DE/IT/ES) and content, with the function its
    /// values need, the evidence and a confidence; lookups for titles and languages.
    #[command(
        after_help = "Examples:\n  stx-migrate init legacy.db -o customer/\n  stx-migrate init kunden.csv -o kunden/ && stx-migrate check kunden/migration.toml"
    )]
    Init(InitArgs),
    /// List the columns of the SecuTix contact format (order, section, type, length, default).
    Columns(ColumnsArgs),
    /// Check a SecuTix contact file (CSV or XLSX) or a migration: every rule, the rejects,
    /// warnings and report, and no contact file written.
    #[command(
        after_help = "Examples:\n  stx-migrate check contacts.csv                          header rows, columns, every rule\n  stx-migrate check contacts.xlsx --migration m.toml     with the institution's codes, [rules] and [gate]\n  stx-migrate check migration.toml                       a run without contact files\n\nExit code 1 when the file has a header error, a row would be rejected (unless [gate] of --migration\nallows it) or a [gate] limit is exceeded."
    )]
    Check(CheckArgs),
    /// Deduplication (`[dedupe]` of a migration file): what it will do.
    #[command(subcommand)]
    Dedupe(DedupeCommand),
    /// The runs of a migration, from its run state (`.stx-state.db` beside the migration file).
    #[command(
        after_help = "Examples:\n  stx-migrate runs migration.toml\n  stx-migrate runs migration.toml --show 20261206T101500Z      one run, with its files and protocol"
    )]
    Runs(RunsArgs),
    /// What changed between two runs of a migration, per column: keys added, gone, changed,
    /// emptied, with sample keys and masked values.
    #[command(after_help = "Example:\n  stx-migrate diff migration.toml j-7 j-1")]
    Diff(DiffArgs),
    /// Compare what a run sent with an export of what SecuTix holds now: not-imported.csv
    /// and a short report; the rows not imported are sent again by the next delta run.
    #[command(
        after_help = "Example:\n  stx-migrate reconcile migration.toml j-7 --secutix-export export.csv"
    )]
    Reconcile(ReconcileArgs),
    /// Service files for contacts already in SecuTix: update, invalidate, delete, anonymize,
    /// drop (undo an import), qualify contacts with criteria and structures with a type.
    #[command(subcommand)]
    Service(ServiceCommand),
    /// SAM's bulk update of criteria and authorisations: the [old]/[new] template, its check
    /// and its UPDATE rows.
    #[command(subcommand)]
    Bulk(BulkCommand),
    /// A local web workbench over the migrations of DIR: runs (start one, watch it, download
    /// its files), rejects and warnings, duplicate review, mapping preview. Bound to
    /// 127.0.0.1; the URL printed holds a random access token.
    #[command(
        after_help = "Examples:\n  stx-migrate serve stx-demo              the demo's migration, on http://127.0.0.1:8750/?token=...\n  stx-migrate serve migrations/ --port 0  every migration of the folder, on any free port\n  stx-migrate serve . --bind 0.0.0.0      reachable from other machines (with a warning)"
    )]
    Serve(ServeArgs),
}

/// `serve` arguments.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A migration file, a folder of migration files, or a folder of migration folders.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The address to listen on. Anything but 127.0.0.1 or ::1 lets other machines reach the
    /// workbench (the token still guards it; the traffic is not encrypted).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port; the default one taken, a free one is used. 0: any free port.
    #[arg(long, default_value_t = crate::serve::DEFAULT_PORT)]
    pub port: u16,
}

/// `runs` arguments.
#[derive(Debug, Args)]
pub struct RunsArgs {
    /// The migration file.
    pub migration: PathBuf,
    /// Show this run (its id or tag): its record, its files with their SHA-256, and its
    /// protocol.json.
    #[arg(long, value_name = "RUN_ID")]
    pub show: Option<String>,
    /// Mark a run still recorded in progress as failed: a run whose process died on another
    /// machine sharing the state (one on this machine is found by the next run).
    #[arg(long, value_name = "RUN_ID", conflicts_with = "show")]
    pub mark_failed: Option<String>,
}

/// `dedupe` subcommands.
#[derive(Debug, Subcommand)]
pub enum DedupeCommand {
    /// Print what `[dedupe]` does, defaults included: thresholds, blocking passes,
    /// comparisons and their levels, survivorship, decisions, contacts already in SecuTix.
    #[command(after_help = "Example:\n  stx-migrate dedupe explain migration.toml")]
    Explain {
        /// The migration file.
        migration: PathBuf,
    },
}

/// `check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A SecuTix contact file (.csv, .tsv, .txt, .xlsx ...) or a migration file (.toml).
    pub file: PathBuf,
    /// Take the institution's code lists, [rules], [gate] and format profile from this
    /// migration file (its source and mapping are not used).
    #[arg(long)]
    pub migration: Option<PathBuf>,
    /// Write the report, rejects and warnings into this folder (default: FILE's folder,
    /// `<stem>-check/`; for a migration file, <output.dir>/<run-id>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Exit with code 1 when more than this share of rows is rejected; default 0 for a file.
    #[arg(long)]
    pub max_reject_rate: Option<f64>,
}

/// `demo` arguments.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the demo database, migration file and outputs.
    #[arg(long, default_value = "stx-demo")]
    pub dir: PathBuf,
    /// Number of legacy customers to generate.
    #[arg(long, default_value_t = 2500)]
    pub contacts: usize,
    /// Seed of the generator: the same seed gives the same database.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Write the run's outputs into this folder instead of DIR/out/<run-id>.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the legacy database as an SQL script for this server instead (schema and rows,
    /// the same rows as the SQLite demo), and do nothing else: load it with psql, mariadb,
    /// sqlcmd or sqlplus to migrate the demo from a server.
    #[arg(long, value_enum, value_name = "DIALECT")]
    pub sql: Option<stx_demo::SqlDialect>,
    /// Instead of the legacy database: a CSV of contacts with planted duplicates of known
    /// ground truth (typos, swapped names, nicknames, moved addresses, legal forms ...), its
    /// truth.csv, and a migration with `[dedupe]` on; then run it (the report gives precision
    /// and recall against truth.csv).
    #[arg(long, conflicts_with = "sql")]
    pub duplicates: bool,
}

/// `run` arguments.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The migration file.
    pub migration: PathBuf,
    /// Write the outputs into this folder instead of <output.dir>/<run-id>.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Exit with code 1 when more than this share of rows is rejected (0.05 = 5 %); overrides
    /// `[gate] max-reject-rate`.
    #[arg(long)]
    pub max_reject_rate: Option<f64>,
    /// Name this run in the run state (`j-7`, `j-1`, `prod`); a later run with the same tag
    /// takes it over.
    #[arg(long)]
    pub tag: Option<String>,
    /// A delta against a run: `last`, a run id or a tag. Writes INSERT rows for new keys,
    /// UPDATE rows with only the changed columns (`=` for emptied ones), nothing for
    /// unchanged keys, and gone.csv of the keys no longer extracted.
    #[arg(long, value_name = "RUN")]
    pub since: Option<String>,
    /// Write the delta even when more keys are gone than `[delta] max-gone-share` allows.
    #[arg(long, requires = "since")]
    pub allow_gone: bool,
    /// Progress as JSON lines on stderr (`{"progress":{"stage":..,"rows_read":..,"rejected":..}}`),
    /// for a program that runs stx-migrate (`serve` does).
    #[arg(long)]
    pub progress_json: bool,
}

/// `diff` arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The migration file.
    pub migration: PathBuf,
    /// The earlier run (id, tag or `last`).
    pub run_a: String,
    /// The later run (id, tag or `last`).
    pub run_b: String,
    /// Sample keys shown per column.
    #[arg(long, default_value_t = 3)]
    pub samples: usize,
}

/// `reconcile` arguments.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// The migration file.
    pub migration: PathBuf,
    /// The run whose files SecuTix imported (id, tag or `last`).
    pub run: String,
    /// An export of the contacts now in SecuTix: a SecuTix contact file or a table with a
    /// CONTACT_NR column, CSV (any delimiter) or a workbook (xlsx, xls, ods).
    #[arg(long, value_name = "FILE")]
    pub secutix_export: PathBuf,
    /// Mark the missing rows as done: the next delta does not send them again.
    #[arg(long)]
    pub mark_done: bool,
}

/// `preview` arguments.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The migration file.
    pub migration: PathBuf,
    /// Number of source rows to map.
    #[arg(short = 'n', long, default_value_t = 20)]
    pub rows: usize,
    /// Show every SecuTix column, not only those with a value.
    #[arg(long)]
    pub all_columns: bool,
}

/// `inspect` arguments.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A source URL or path (sqlite:legacy.db, legacy.db, contacts.csv) or a migration file.
    pub source: String,
    /// Only this table.
    #[arg(long)]
    pub table: Option<String>,
}

/// `profile` arguments.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// A source URL or path (sqlite:legacy.db, legacy.mdb, dump.sql, contacts.csv,
    /// kunden.xlsx, postgres://…) or a migration file (its source).
    pub source: String,
    /// Only this table.
    #[arg(long)]
    pub table: Option<String>,
    /// Rows profiled per table at most (the first ones); the output says when a table has
    /// more.
    #[arg(long, default_value_t = crate::profile::DEFAULT_SAMPLE_ROWS)]
    pub sample: u64,
    /// Folder for profile.html and profile.json.
    #[arg(long, short = 'o', default_value = ".")]
    pub out: PathBuf,
}

/// `init` arguments.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// A source URL or path (sqlite:legacy.db, legacy.mdb, dump.sql, kunden.csv, postgres://…).
    pub source: String,
    /// Folder for migration.toml and its lookups/ (created).
    #[arg(long, short = 'o', default_value = ".")]
    pub out: PathBuf,
    /// Replace an existing migration.toml.
    #[arg(long)]
    pub force: bool,
    /// Rows profiled per table at most.
    #[arg(long, default_value_t = 50_000)]
    pub sample: u64,
}

/// `columns` arguments.
#[derive(Debug, Args)]
pub struct ColumnsArgs {
    /// A custom profile instead of the built-in SecuTix format.
    #[arg(long)]
    pub profile: Option<PathBuf>,
}

/// An error with its exit code, printed as one paragraph.
pub struct Failure {
    code: u8,
    message: String,
}

impl From<RunError> for Failure {
    fn from(e: RunError) -> Self {
        Failure {
            code: e.exit_code() as u8,
            message: e.to_string(),
        }
    }
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main_with(cli: Cli) -> ExitCode {
    init_logging(cli.verbose, cli.quiet);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_INTERNAL);
        }
    };
    // An interruption drops the command's future: its writers drop their temporary files and
    // the spill folder goes, so nothing is left under a final name.
    let outcome = runtime.block_on(async {
        // Installed before the command starts, so a signal never meets the default action.
        let stop = Interruption::install();
        tokio::select! {
            result = dispatch(&cli) => result,
            signal = stop.wait() => Err(signal),
        }
    });
    if let Err(f) = &outcome {
        if f.code == 130 || f.code == 143 {
            runtime.block_on(record_interruption(&f.message));
        }
    }
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            // Whatever a message echoes of the user's input, no credential leaves through it.
            eprintln!(
                "error: {}",
                stx_connector_core::redact_credentials(&f.message)
            );
            ExitCode::from(f.code)
        }
    }
}

/// The run in progress (its state store and run id), so that an interruption can be recorded.
static CURRENT_RUN: std::sync::Mutex<Option<(crate::runs::StateLocation, String)>> =
    std::sync::Mutex::new(None);

fn set_current_run(run: Option<(crate::runs::StateLocation, String)>) {
    *CURRENT_RUN.lock().unwrap_or_else(|e| e.into_inner()) = run;
}

/// Marks the run in progress interrupted, once the command's future is dropped.
async fn record_interruption(message: &str) {
    let current = CURRENT_RUN.lock().unwrap_or_else(|e| e.into_inner()).take();
    let Some((location, run_id)) = current else {
        return;
    };
    let recorded = async {
        let store = crate::runs::StateStore::open_at(&location).await?;
        store
            .finish(
                &run_id,
                crate::runs::RunStatus::Interrupted,
                None,
                None,
                Some(message),
            )
            .await
    };
    if let Err(e) = recorded.await {
        eprintln!("warning: the run could not be recorded as interrupted: {e}");
    }
}

/// Ctrl-C (exit 130) and SIGTERM (exit 143, what a scheduler or `kill` sends), caught so that
/// the command's future is dropped (its destructors remove temporary files) instead of the
/// process dying where it stands. The run yields after every batch, so a signal is acted on
/// within a batch; one that arrives while the last files are being written is too late.
struct Interruption {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Interruption {
    fn install() -> Interruption {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let signals = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(int), Ok(term)) => Some((int, term)),
                // No handler: the default action (the process ends) stays.
                _ => None,
            };
            Interruption { signals }
        }
        #[cfg(not(unix))]
        Interruption {}
    }

    async fn wait(self) -> Failure {
        let interrupted = |code: u8, name: &str| {
            Failure::new(
                code,
                format!("interrupted by {name}: the run stopped; its temporary files were removed and no output was left under a final name"),
            )
        };
        #[cfg(unix)]
        {
            let Some((mut int, mut term)) = self.signals else {
                return std::future::pending().await;
            };
            tokio::select! {
                _ = int.recv() => interrupted(130, "SIGINT (Ctrl-C)"),
                _ = term.recv() => interrupted(143, "SIGTERM"),
            }
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => interrupted(130, "Ctrl-C"),
                Err(_) => std::future::pending().await,
            }
        }
    }
}

/// Our own crates' targets: what `-v` turns up. Libraries stay at `error` unless asked for.
const OWN_TARGETS: &[&str] = &["stx_migrate", "stx_connector", "stx_demo"];

/// The log filter: by default our warnings and libraries' errors only (sqlx's "slow
/// statement" or odbc-api's driver diagnostics are not the user's business); `-q` errors
/// only; `-v` our steps and libraries' warnings; `-vv` every batch. `STX_LOG` overrides all.
fn log_filter(verbose: u8, quiet: bool, stx_log: Option<String>) -> String {
    if let Some(filter) = stx_log {
        return filter;
    }
    let (ours, libraries) = match (quiet, verbose) {
        (true, 0) => ("error", "error"),
        (_, 0) => ("warn", "error"),
        (_, 1) => ("info", "warn"),
        _ => ("debug", "warn"),
    };
    let mut filter = libraries.to_string();
    for target in OWN_TARGETS {
        filter.push_str(&format!(",{target}={ours}"));
    }
    filter
}

fn init_logging(verbose: u8, quiet: bool) {
    let filter = log_filter(verbose, quiet, std::env::var("STX_LOG").ok());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

async fn dispatch(cli: &Cli) -> Result<u8, Failure> {
    match &cli.command {
        Command::Demo(args) => demo(cli, args).await,
        Command::Run(args) => {
            let migration = Migration::load(&args.migration).map_err(RunError::from)?;
            let request = RunRequest {
                out: args.out.clone(),
                max_reject_rate: args.max_reject_rate,
                tag: args.tag.clone(),
                since: args.since.clone(),
                allow_gone: args.allow_gone,
                progress_json: args.progress_json,
            };
            run_and_report(cli, migration, request).await
        }
        Command::Preview(args) => preview(cli, args).await,
        Command::Inspect(args) => inspect(cli, args).await,
        Command::Profile(args) => profile(cli, args).await,
        Command::Init(args) => init(cli, args).await,
        Command::Columns(args) => columns(cli, args),
        Command::Check(args) => check(cli, args).await,
        Command::Dedupe(DedupeCommand::Explain { migration }) => dedupe_explain(cli, migration),
        Command::Runs(args) => runs(cli, args).await,
        Command::Diff(args) => diff(cli, args).await,
        Command::Reconcile(args) => reconcile(cli, args).await,
        Command::Service(command) => service::service(cli, command).await,
        Command::Bulk(command) => service::bulk(cli, command).await,
        Command::Serve(args) => serve(cli, args).await,
    }
}

async fn serve(cli: &Cli, args: &ServeArgs) -> Result<u8, Failure> {
    let options = crate::serve::ServeOptions {
        dir: args.dir.clone(),
        bind: args.bind,
        port: args.port,
    };
    let bound = crate::serve::bind(&options).await.map_err(|e| {
        let code = match e {
            crate::serve::ServeError::NoMigration { .. } => EXIT_CONFIG,
            _ => EXIT_WRITE,
        };
        Failure::new(code, e.to_string())
    })?;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: --bind {}: other machines can reach the workbench; the token guards it, but the traffic (token and personal data) is not encrypted",
            args.bind
        );
    }
    if cli.json {
        let ready = serde_json::json!({
            "url": bound.url,
            "address": bound.address.to_string(),
            "token": bound.token,
            "migrations": bound.migrations,
        });
        println!("{ready}");
    } else {
        println!(
            "stx-migrate serve: {} migration(s) of {}\n  open {}\n  (Ctrl-C stops it)",
            bound.migrations.len(),
            args.dir.display(),
            bound.url
        );
    }
    // A program reading the URL gets it before the first request.
    std::io::Write::flush(&mut std::io::stdout()).ok();
    bound
        .run()
        .await
        .map_err(|e| Failure::new(EXIT_WRITE, format!("the workbench stopped: {e}")))?;
    Ok(0)
}

/// A run named by id, tag or `last` among the runs that recorded keys.
async fn named_run(
    store: &crate::runs::StateStore,
    migration: &Migration,
    history: &[crate::runs::RunHistory],
    name: &str,
) -> Result<String, Failure> {
    Ok(store
        .resolve_since(&migration.file.migration.name, name, history)
        .await
        .map_err(RunError::from)?)
}

/// A migration, its state store and the runs that recorded keys.
async fn migration_history(
    path: &Path,
) -> Result<
    (
        Migration,
        crate::runs::StateStore,
        Vec<crate::runs::RunHistory>,
    ),
    Failure,
> {
    let migration = Migration::load(path).map_err(RunError::from)?;
    let store = open_state(&migration).await?;
    let history = store
        .history(&migration.file.migration.name)
        .await
        .map_err(RunError::from)?;
    Ok((migration, store, history))
}

async fn diff(cli: &Cli, args: &DiffArgs) -> Result<u8, Failure> {
    let (migration, store, history) = migration_history(&args.migration).await?;
    let a = named_run(&store, &migration, &history, &args.run_a).await?;
    let b = named_run(&store, &migration, &history, &args.run_b).await?;
    let changes = store.run_changes(&b).await.map_err(RunError::from)?;
    let d = crate::runs::diff::diff(&history, &a, &b, &changes, args.samples);
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
        return Ok(0);
    }
    println!("{} → {}", d.run_a, d.run_b);
    println!(
        "  keys      {} → {}: {} added, {} gone, {} changed, {} unchanged",
        d.keys_a, d.keys_b, d.added, d.gone, d.changed, d.unchanged
    );
    if !d.added_samples.is_empty() {
        println!("  added     e.g. {}", d.added_samples.join(", "));
    }
    if !d.gone_samples.is_empty() {
        println!("  gone      e.g. {}", d.gone_samples.join(", "));
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY);
    table.set_header([
        "column",
        "changed",
        "emptied",
        "filled",
        "samples (key: masked new value)",
    ]);
    for c in &d.columns {
        let samples: Vec<String> = c
            .samples
            .iter()
            .map(|(k, v)| match v {
                Some(v) => format!("{k}: {v}"),
                None => k.clone(),
            })
            .collect();
        table.add_row([
            c.column.clone(),
            c.changed.to_string(),
            c.emptied.to_string(),
            c.filled.to_string(),
            samples.join("; "),
        ]);
    }
    if !d.columns.is_empty() {
        println!("{table}");
    }
    Ok(0)
}

async fn reconcile(cli: &Cli, args: &ReconcileArgs) -> Result<u8, Failure> {
    use crate::runs::reconcile as rc;
    let (migration, store, history) = migration_history(&args.migration).await?;
    let run_id = named_run(&store, &migration, &history, &args.run).await?;
    let runs = store.runs().await.map_err(RunError::from)?;
    let run = runs
        .iter()
        .find(|r| r.run_id == run_id)
        .ok_or_else(|| Failure::new(EXIT_CONFIG, format!("no run {run_id}")))?;
    let stem = &migration.file.output.file_stem;
    let sent_files: Vec<PathBuf> = run
        .files
        .iter()
        .map(|(path, ..)| PathBuf::from(path))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.ends_with(".csv") && crate::writers::is_contact_file_name(n, stem)
            })
        })
        .collect();
    let fail = |e: rc::ReconcileError| Failure::new(EXIT_CONFIG, e.to_string());
    if sent_files.is_empty() {
        return Err(fail(rc::ReconcileError::NoContactFile { run: run_id }));
    }
    let sent = sent_files
        .iter()
        .map(|p| rc::read_contact_table(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    let export = rc::read_export(&args.secutix_export).await.map_err(fail)?;
    let result = rc::reconcile(&run_id, &sent, &export);
    // Each contact number's key as of that run.
    let upto = history
        .iter()
        .position(|h| h.run_id == run_id)
        .map_or(0, |i| i + 1);
    let state = crate::runs::keys::Baseline::fold(&[], history[..upto].iter().cloned());
    let keys: std::collections::HashMap<String, String> = state
        .keys
        .into_iter()
        .filter_map(|(key, known)| known.contact_nr.map(|n| (n, key)))
        .collect();
    let missing_keys: Vec<String> = result
        .missing_numbers
        .iter()
        .filter_map(|n| keys.get(n).cloned())
        .collect();
    store
        .set_not_imported(
            &migration.file.migration.name,
            &run_id,
            &missing_keys,
            !args.mark_done,
        )
        .await
        .map_err(RunError::from)?;
    let out_dir = PathBuf::from(&run.out_dir);
    let mut csv = csv::Writer::from_writer(Vec::new());
    let by_number: std::collections::HashMap<&String, &String> = keys.iter().collect();
    let _ = csv.write_record(["contact_nr", "key", "reason"]);
    for n in &result.missing_numbers {
        let key = by_number.get(n).map(|k| k.as_str()).unwrap_or("");
        let _ = csv.write_record([n.as_str(), key, "not in the SecuTix export"]);
    }
    let bytes = csv.into_inner().unwrap_or_default();
    crate::writers::write_atomic(&out_dir.join("not-imported.csv"), &bytes)
        .map_err(RunError::from)?;
    let json = serde_json::to_string_pretty(&result).unwrap_or_default();
    crate::writers::write_atomic(&out_dir.join("reconcile.json"), json.as_bytes())
        .map_err(RunError::from)?;
    if cli.json {
        println!("{json}");
        return Ok(0);
    }
    println!("reconcile {run_id} with {}", args.secutix_export.display());
    println!("  sent       {:>8} rows", result.sent);
    println!("  imported   {:>8}", result.imported);
    println!(
        "  missing    {:>8}  see {}{}",
        result.missing,
        out_dir.join("not-imported.csv").display(),
        match (result.missing > 0, args.mark_done) {
            (true, false) => "; the next delta run sends them again",
            (true, true) => "; marked done: not sent again",
            _ => "",
        }
    );
    if result.unnumbered > 0 {
        println!(
            "  unnumbered {:>8}  sent without CONTACT_NR (SecuTix numbered them): not matched",
            result.unnumbered
        );
    }
    println!(
        "  different  {:>8}  imported with another value in at least one column",
        result.imported_different
    );
    for (column, d) in &result.different {
        let samples: Vec<String> = d
            .samples
            .iter()
            .map(|(n, a, b)| format!("{n}: {a} → {b}"))
            .collect();
        println!("    {column:<16} {:>6}  {}", d.rows, samples.join("; "));
    }
    Ok(0)
}

async fn runs(cli: &Cli, args: &RunsArgs) -> Result<u8, Failure> {
    let migration = Migration::load(&args.migration).map_err(RunError::from)?;
    let location = state_location(&migration)?;
    let path = location.shown();
    if matches!(&location, crate::runs::StateLocation::File(p) if !p.exists()) {
        if cli.json {
            println!("[]");
        } else {
            println!("no run yet: {} does not exist", path.display());
        }
        return Ok(0);
    }
    let store = crate::runs::StateStore::open_at(&location)
        .await
        .map_err(RunError::from)?;
    let all = store
        .runs_of(&migration.file.migration.name)
        .await
        .map_err(RunError::from)?;
    if let Some(id) = &args.mark_failed {
        let marked = store
            .mark_failed(
                &migration.file.migration.name,
                id,
                &format!(
                    "marked failed by hand (`runs --mark-failed`) on {}",
                    crate::runs::host_name()
                ),
            )
            .await
            .map_err(RunError::from)?;
        if !marked {
            return Err(Failure::new(
                EXIT_CONFIG,
                format!("no run {id} in progress in {}", path.display()),
            ));
        }
        println!("run {id}: marked failed");
        return Ok(0);
    }
    if let Some(id) = &args.show {
        let Some(run) = all.iter().find(|r| r.is_named(id)) else {
            return Err(Failure::new(
                EXIT_CONFIG,
                format!(
                    "no run {id} in {}; `stx-migrate runs {}` lists them",
                    path.display(),
                    args.migration.display()
                ),
            ));
        };
        let protocol = std::fs::read_to_string(Path::new(&run.out_dir).join("protocol.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        let shown = serde_json::json!({ "run": run, "protocol": protocol });
        println!(
            "{}",
            serde_json::to_string_pretty(&shown).unwrap_or_default()
        );
        return Ok(0);
    }
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        return Ok(0);
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY);
    table.set_header([
        "run", "tag", "since", "service", "status", "started", "ended", "read", "written",
        "rejected", "merged", "gate", "message",
    ]);
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in &all {
        table.add_row([
            r.run_id.clone(),
            r.tag.clone().unwrap_or_default(),
            r.since_run.clone().unwrap_or_default(),
            r.operation.clone().unwrap_or_default(),
            r.status.clone(),
            r.started_at.clone(),
            r.ended_at.clone().unwrap_or_default(),
            n(r.rows_read),
            n(r.rows_written),
            n(r.rows_rejected),
            n(r.rows_merged),
            match r.gate_ok {
                Some(true) => "ok".into(),
                Some(false) => "exceeded".into(),
                None => String::new(),
            },
            r.message.clone().unwrap_or_default(),
        ]);
    }
    println!("{table}");
    Ok(0)
}

fn dedupe_explain(cli: &Cli, path: &Path) -> Result<u8, Failure> {
    let migration = Migration::load(path).map_err(RunError::from)?;
    let spec = migration.file.dedupe.clone().unwrap_or_default();
    let nicknames = crate::dedupe::nicknames(&migration, &spec).map_err(RunError::from)?;
    let decisions = match &spec.decisions {
        Some(p) => crate::dedupe::decisions::read(&migration.resolve(p))
            .map_err(|e| RunError::from(crate::dedupe::DedupeError::from(e)))?
            .len(),
        None => 0,
    };
    crate::dedupe::block::parse_rules(spec.blocking.as_deref().unwrap_or(&[]))
        .map_err(|message| RunError::from(crate::dedupe::DedupeError::Config { message }))?;
    if cli.json {
        println!(
            "{}",
            serde_json::json!({ "explain": crate::dedupe::explain::explain(&spec, &nicknames, decisions) })
        );
    } else {
        print!(
            "{}",
            crate::dedupe::explain::explain(&spec, &nicknames, decisions)
        );
    }
    Ok(0)
}

fn checked_rate(rate: Option<f64>) -> Result<Option<f64>, Failure> {
    match rate {
        Some(r) if !(0.0..=1.0).contains(&r) => Err(Failure::new(
            EXIT_CONFIG,
            format!("--max-reject-rate {r} must be between 0 and 1 (0.05 = 5 %)"),
        )),
        other => Ok(other),
    }
}

async fn check(cli: &Cli, args: &CheckArgs) -> Result<u8, Failure> {
    let max_reject_rate = checked_rate(args.max_reject_rate)?;
    let is_migration = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let options = RunOptions {
        progress: !cli.quiet && !cli.json,
        ..RunOptions::default()
    };
    if is_migration {
        if args.migration.is_some() {
            return Err(Failure::new(
                EXIT_CONFIG,
                "--migration is for checking a contact file; a migration file is checked on its own",
            ));
        }
        let migration = Migration::load(&args.file).map_err(RunError::from)?;
        let mut gate = migration.file.gate.clone();
        if max_reject_rate.is_some() {
            gate.max_reject_rate = max_reject_rate;
        }
        let options = RunOptions {
            out_dir: args.out.clone(),
            ..options
        };
        let summary = crate::check::check_migration(migration, options).await?;
        return Ok(report_summary(cli, &summary, &gate, &[], true, None));
    }
    let config = match &args.migration {
        Some(path) => Some(Migration::load(path).map_err(RunError::from)?),
        None => None,
    };
    let mut gate = config
        .as_ref()
        .map(|m| m.file.gate.clone())
        .unwrap_or_default();
    // A file sent for import should import whole: any rejected row fails the check unless the
    // migration's gate or the option says otherwise.
    gate.max_reject_rate = max_reject_rate.or(gate.max_reject_rate).or(Some(0.0));
    let out_dir = args.out.clone().unwrap_or_else(|| {
        let stem = args
            .file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("file");
        args.file
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!("{stem}-check"))
    });
    // The default folder sits beside the customer's file, where anyone who can drop that file
    // can drop a link too: a link there is refused, not followed (`--out` is the user's word).
    let linked = std::fs::symlink_metadata(&out_dir).is_ok_and(|m| m.file_type().is_symlink());
    if args.out.is_none() && linked {
        return Err(Failure::new(
            EXIT_CONFIG,
            format!(
                "{} is a symbolic link: check writes its findings into a folder of its own. Hint: remove the link, or name the folder with --out",
                out_dir.display()
            ),
        ));
    }
    let options = RunOptions {
        out_dir: Some(out_dir),
        ..options
    };
    let checked = crate::check::check_file(&args.file, config, options).await?;
    Ok(report_summary(
        cli,
        &checked.summary,
        &gate,
        &checked.problems,
        true,
        None,
    ))
}

/// Prints a run's or check's result and returns its exit code (gate and file errors → 1).
/// `extra`'s keys join the JSON result.
fn report_summary(
    cli: &Cli,
    summary: &RunSummary,
    gate: &crate::migration::GateSpec,
    problems: &[crate::report::FileProblem],
    check: bool,
    extra: Option<serde_json::Value>,
) -> u8 {
    if cli.json {
        let mut value = serde_json::to_value(summary).unwrap_or_default();
        if check {
            value["file_problems"] = serde_json::to_value(problems).unwrap_or_default();
        }
        if let Some(serde_json::Value::Object(extra)) = extra {
            for (k, v) in extra {
                value[k] = v;
            }
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else if !cli.quiet {
        for p in problems {
            let place = match (p.row, &p.column) {
                (Some(r), Some(c)) => format!("row {r}, {c}: "),
                (Some(r), None) => format!("row {r}: "),
                (None, Some(c)) => format!("{c}: "),
                (None, None) => String::new(),
            };
            println!("{}: {place}{}", p.severity.as_str(), p.message);
        }
        print_summary(summary, check);
    }
    let failures = gate.failures(
        summary.rows_read,
        summary.rows_rejected,
        summary.warnings,
        &summary.rule_hits,
    );
    for f in &failures {
        eprintln!("stx-migrate: quality gate: {f}");
    }
    let file_errors = problems
        .iter()
        .filter(|p| p.severity == crate::report::Severity::Error)
        .count();
    if file_errors > 0 {
        eprintln!(
            "stx-migrate: check: {file_errors} file error(s): the file cannot be imported as it is"
        );
    }
    if failures.is_empty() && file_errors == 0 {
        0
    } else {
        EXIT_REJECTS
    }
}

async fn demo(cli: &Cli, args: &DemoArgs) -> Result<u8, Failure> {
    if let Some(dialect) = args.sql {
        let options = stx_demo::DemoOptions {
            contacts: args.contacts,
            seed: args.seed,
        };
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        stx_demo::write_sql_script(&options, dialect, &mut out)
            .and_then(|()| std::io::Write::flush(&mut out))
            .map_err(|e| Failure::new(EXIT_WRITE, format!("cannot write the SQL script: {e}")))?;
        return Ok(0);
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        Failure::new(
            EXIT_WRITE,
            format!("{}: cannot create the demo folder: {e}", args.dir.display()),
        )
    })?;
    if args.duplicates {
        return demo_duplicates(cli, args).await;
    }
    let db = args.dir.join("legacy.db");
    let options = stx_demo::DemoOptions {
        contacts: args.contacts,
        seed: args.seed,
    };
    let built = stx_demo::build_legacy_database(&db, &options)
        .await
        .map_err(|e| Failure::new(EXIT_WRITE, e.to_string()))?;
    stx_demo::write_demo_files(&args.dir).map_err(|e| {
        Failure::new(
            EXIT_WRITE,
            format!(
                "{}: cannot write the demo migration: {e}",
                args.dir.display()
            ),
        )
    })?;
    if !cli.quiet && !cli.json {
        println!(
            "demo: wrote {} ({} customers, {} addresses, {} contact persons) and {}",
            db.display(),
            built.customers,
            built.addresses,
            built.contact_persons,
            args.dir.join("migration.toml").display()
        );
    }
    let migration = Migration::load(&args.dir.join("migration.toml")).map_err(RunError::from)?;
    run_and_report(cli, migration, RunRequest::to(args.out.clone())).await
}

/// `demo --duplicates`: contacts with planted duplicates, their truth, and a migration that
/// deduplicates them.
async fn demo_duplicates(cli: &Cli, args: &DemoArgs) -> Result<u8, Failure> {
    let options = stx_demo::DuplicatesOptions {
        contacts: args.contacts,
        seed: args.seed,
    };
    let written = stx_demo::write_duplicates_demo(&args.dir, &options)
        .and_then(|summary| stx_demo::write_duplicates_files(&args.dir).map(|()| summary))
        .map_err(|e| {
            Failure::new(
                EXIT_WRITE,
                format!(
                    "{}: cannot write the duplicates demo: {e}",
                    args.dir.display()
                ),
            )
        })?;
    if !cli.quiet && !cli.json {
        println!(
            "demo: wrote {} ({} contacts of {} people and companies, {} planted duplicates, {} true pairs in truth.csv) and {}",
            args.dir.join("contacts.csv").display(),
            written.rows,
            written.entities,
            written.duplicate_rows,
            written.true_pairs,
            args.dir.join("migration.toml").display()
        );
    }
    let migration = Migration::load(&args.dir.join("migration.toml")).map_err(RunError::from)?;
    run_and_report(cli, migration, RunRequest::to(args.out.clone())).await
}

/// What `run` (or `demo`) was asked for beyond the migration file.
#[derive(Debug, Default)]
struct RunRequest {
    out: Option<PathBuf>,
    progress_json: bool,
    max_reject_rate: Option<f64>,
    tag: Option<String>,
    since: Option<String>,
    allow_gone: bool,
}

impl RunRequest {
    fn to(out: Option<PathBuf>) -> RunRequest {
        RunRequest {
            out,
            ..RunRequest::default()
        }
    }
}

/// Where a migration's run state is: `[state] url`, else `.stx-state.db` beside it.
fn state_location(migration: &Migration) -> Result<crate::runs::StateLocation, RunError> {
    Ok(migration.file.state.location(&migration.dir)?)
}

/// The state store of a migration, opened (and created on first use).
async fn open_state(migration: &Migration) -> Result<crate::runs::StateStore, RunError> {
    Ok(crate::runs::StateStore::open_at(&state_location(migration)?).await?)
}

async fn run_and_report(
    cli: &Cli,
    migration: Migration,
    request: RunRequest,
) -> Result<u8, Failure> {
    let max_reject_rate = checked_rate(request.max_reject_rate)?;
    let mut gate = migration.file.gate.clone();
    if max_reject_rate.is_some() {
        gate.max_reject_rate = max_reject_rate;
    }
    let options = RunOptions {
        out_dir: request.out.clone(),
        progress: !cli.quiet && !cli.json && !request.progress_json,
        progress_events: request.progress_json,
        ..RunOptions::default()
    };
    // The run id is fixed before the run so that the state records it as in progress.
    let (run_id, out_dir) = pipeline::run_folder(&migration, &options);
    let state = open_state(&migration).await?;
    let keys = crate::runs::key_plan(
        &state,
        &migration,
        request.since.as_deref(),
        request.allow_gone,
    )
    .await?;
    let options = RunOptions {
        out_dir: Some(out_dir.clone()),
        keys: Some(keys),
        ..options
    };
    let notify = migration.file.notify.clone();
    let migration_name = migration.file.migration.name.clone();
    state
        .begin(&crate::runs::RunStart {
            run_id: run_id.clone(),
            migration_name: migration_name.clone(),
            migration_sha256: migration.sha256.clone(),
            source: source_without_secrets(&migration),
            out_dir: out_dir.clone(),
            tag: request.tag.clone(),
            operation: None,
        })
        .await
        .map_err(RunError::from)?;
    let location = state_location(&migration)?;
    let result = run_begun(&state, &run_id, location, migration, &options).await;
    let (outcome, status, message, code) = match &result {
        Ok(summary) => {
            let code = report_summary(cli, summary, &gate, &[], false, None);
            let message = record_completed(&state, &run_id, summary, code).await?;
            let outcome = match code == 0 {
                true => crate::runs::notify::NotifyOn::Completed,
                false => crate::runs::notify::NotifyOn::Gate,
            };
            (outcome, "completed", message, code)
        }
        Err(e) => (
            crate::runs::notify::NotifyOn::Failed,
            "failed",
            Some(e.to_string()),
            0,
        ),
    };
    if let Some(spec) = &notify {
        let summary = result.as_ref().ok();
        let notice = crate::runs::notify::RunNotice {
            migration: migration_name,
            run_id,
            outcome,
            status: status.into(),
            message,
            rows_read: summary.map(|s| s.rows_read),
            rows_written: summary.map(|s| s.rows_written),
            rows_rejected: summary.map(|s| s.rows_rejected),
            rows_merged: summary.map(|s| s.rows_merged),
            rows_unchanged: summary.map(|s| s.rows_unchanged),
            out_dir: out_dir.display().to_string(),
        };
        let spec = spec.clone();
        let warnings =
            tokio::task::spawn_blocking(move || crate::runs::notify::notify(&spec, &notice))
                .await
                .unwrap_or_default();
        for w in warnings {
            eprintln!("warning: {w}");
        }
    }
    match result {
        Ok(_) => Ok(code),
        Err(e) => Err(e.into()),
    }
}

/// Runs the pipeline for a run the state has begun: an interruption is recorded through
/// [`CURRENT_RUN`], a failure is recorded failed.
async fn run_begun(
    state: &crate::runs::StateStore,
    run_id: &str,
    location: crate::runs::StateLocation,
    migration: Migration,
    options: &RunOptions,
) -> Result<RunSummary, RunError> {
    set_current_run(Some((location, run_id.to_string())));
    let result = pipeline::run(migration, options).await;
    set_current_run(None);
    if let Err(e) = &result {
        record_failed(state, run_id, &e.to_string()).await;
    }
    result
}

/// Records a run failed; a failure to record it is a warning (the run's own error is the
/// one to report).
async fn record_failed(state: &crate::runs::StateStore, run_id: &str, message: &str) {
    let failed = crate::runs::RunStatus::Failed;
    if let Err(s) = state
        .finish(run_id, failed, None, None, Some(message))
        .await
    {
        eprintln!("warning: {s}");
    }
}

/// Records a run completed, with the verdict of its gate (`code` 0: passed); returns the
/// message recorded.
async fn record_completed(
    state: &crate::runs::StateStore,
    run_id: &str,
    summary: &RunSummary,
    code: u8,
) -> Result<Option<String>, RunError> {
    let gate_ok = code == 0;
    let message = (!gate_ok).then(|| "quality gate exceeded".to_string());
    let completed = crate::runs::RunStatus::Completed;
    state
        .finish(
            run_id,
            completed,
            Some(summary),
            Some(gate_ok),
            message.as_deref(),
        )
        .await?;
    Ok(message)
}

/// The source as the run state records it: its type and where it is, never a password.
fn source_without_secrets(migration: &Migration) -> String {
    let spec = &migration.file.source;
    if let Some(u) = &spec.url {
        if let Ok(mut parsed) = url::Url::parse(u) {
            let _ = parsed.set_password(None);
            return parsed.to_string();
        }
        return u.clone();
    }
    let kind = spec.kind.clone().unwrap_or_default();
    let path = spec
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    format!("{kind} {path}").trim().to_string()
}

fn print_summary(s: &RunSummary, check: bool) {
    let pct = |n: u64| {
        if s.rows_read == 0 {
            0.0
        } else {
            n as f64 * 100.0 / s.rows_read as f64
        }
    };
    let (what, kept) = if check {
        ("check", "importable")
    } else {
        ("run", "written")
    };
    println!("{what} {} → {}", s.run_id, s.out_dir.display());
    println!("  read      {:>10} rows", s.rows_read);
    println!(
        "  {kept:<9} {:>10} ({:.1} %)",
        s.rows_written,
        pct(s.rows_written)
    );
    println!(
        "  rejected  {:>10} ({:.1} %)  see rejects.csv",
        s.rows_rejected,
        pct(s.rows_rejected)
    );
    println!("  merged    {:>10}", s.rows_merged);
    if let Some(d) = &s.dedupe {
        println!(
            "  dedupe    {:>10} clusters merged, {} update a SecuTix contact, {} for review ({} records), {} pairs compared; see duplicates.csv",
            d.merged_clusters, d.update_clusters, d.review_clusters, d.records_review, d.pairs_compared
        );
        if let Some(q) = &d.quality {
            println!(
                "  labels    precision {:.4}, recall {:.4}, F1 {:.4}; blocking reaches {:.4} of {} true pairs",
                q.precision, q.recall, q.f1, q.blocking_recall, q.true_pairs
            );
        }
    }
    if let Some(d) = &s.delta {
        println!(
            "  keys      {:>10} INSERT, {} UPDATE, {} unchanged (not written), {} gone{}",
            d.inserted,
            d.updated,
            d.unchanged,
            d.gone,
            if d.allocated > 0 {
                format!(", {} contact numbers allocated", d.allocated)
            } else {
                String::new()
            }
        );
    }
    println!(
        "  warnings  {:>10} fields dropped, see warnings.csv",
        s.warnings
    );
    let unchanged = match s.rows_unchanged {
        0 => String::new(),
        n => format!(" + {n} unchanged"),
    };
    println!(
        "  check     {} read = {} {kept} + {} rejected + {} merged{unchanged}: ok",
        s.rows_read, s.rows_written, s.rows_rejected, s.rows_merged
    );
    let secs = s.elapsed_ms as f64 / 1000.0;
    if secs > 0.0 {
        println!(
            "  time      {:.2} s, {:.0} rows/s",
            secs,
            s.rows_read as f64 / secs
        );
    }
    let mut hits: Vec<(&String, &u64)> = s.rule_hits.iter().collect();
    hits.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !hits.is_empty() {
        let top: Vec<String> = hits
            .iter()
            .take(8)
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        println!("  rules     {}", top.join(", "));
    }
    println!("  files");
    for f in &s.files {
        println!(
            "    {:<40} {:>9} rows {:>12} bytes",
            f.path.display(),
            f.rows,
            f.bytes
        );
    }
}

async fn preview(cli: &Cli, args: &PreviewArgs) -> Result<u8, Failure> {
    let migration = Migration::load(&args.migration).map_err(RunError::from)?;
    let result = pipeline::preview(migration, args.rows).await?;
    let kept = &result.kept;
    if cli.json {
        let mut rows = Vec::new();
        for i in 0..kept.height() {
            let mut row = serde_json::Map::new();
            for c in kept.columns() {
                let v = c.get(i).map(|v| match v {
                    polars::prelude::AnyValue::Null => serde_json::Value::Null,
                    polars::prelude::AnyValue::String(s) => {
                        serde_json::Value::String(s.to_string())
                    }
                    other => serde_json::Value::String(other.to_string()),
                });
                row.insert(c.name().to_string(), v.unwrap_or(serde_json::Value::Null));
            }
            rows.push(serde_json::Value::Object(row));
        }
        let rejects: Vec<serde_json::Value> = result
            .rejects
            .iter()
            .map(|r| serde_json::json!({"row": r.row, "key": r.key, "findings": r.findings}))
            .collect();
        println!(
            "{}",
            serde_json::json!({"rows_read": result.rows_read, "rows": rows, "rejects": rejects})
        );
        return Ok(0);
    }
    let shown: Vec<&polars::prelude::Column> = kept
        .columns()
        .iter()
        .filter(|c| {
            args.all_columns
                || c.null_count() < c.len()
                || c.name().as_str() == stx_connector_core::SOURCE_ROW_COLUMN
        })
        .collect();
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_header(shown.iter().map(|c| {
        if c.name().as_str() == stx_connector_core::SOURCE_ROW_COLUMN {
            "row".to_string()
        } else {
            c.name().to_string()
        }
    }));
    for i in 0..kept.height() {
        table.add_row(shown.iter().map(|c| match c.get(i) {
            Ok(polars::prelude::AnyValue::Null) | Err(_) => String::new(),
            Ok(polars::prelude::AnyValue::String(s)) => s.to_string(),
            Ok(other) => other.to_string(),
        }));
    }
    println!("{table}");
    println!(
        "{} rows read, {} kept, {} rejected, {} fields dropped",
        result.rows_read,
        kept.height(),
        result.rejects.len(),
        result.warnings.len()
    );
    for r in &result.rejects {
        let reasons: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.column, f.message))
            .collect();
        println!(
            "  rejected row {}{}: {}",
            r.row,
            if r.key.is_empty() {
                String::new()
            } else {
                format!(" (key {})", r.key)
            },
            reasons.join(" | ")
        );
    }
    for w in &result.warnings {
        println!(
            "  row {}: {} dropped: {}",
            w.row, w.finding.column, w.finding.message
        );
    }
    Ok(0)
}

/// The source a command names: a migration file's, or a URL or path.
fn named_source(source: &str) -> Result<SourceSpec, Failure> {
    Ok(if source.ends_with(".toml") {
        Migration::load(Path::new(source))
            .map_err(RunError::from)?
            .source_spec()
    } else {
        crate::sources::resolve(&SourceSpec::from_url(source), Path::new("."))
    })
}

async fn init(cli: &Cli, args: &InitArgs) -> Result<u8, Failure> {
    let source_error =
        |e: stx_connector_core::SourceError| Failure::new(EXIT_SOURCE, e.to_string());
    let target = args.out.join("migration.toml");
    if target.exists() && !args.force {
        return Err(Failure::new(
            EXIT_CONFIG,
            format!(
                "{} exists: give --force to replace it, or another -o folder",
                target.display()
            ),
        ));
    }
    let spec = named_source(&args.source)?;
    let mut source = crate::sources::open(&spec).await.map_err(source_error)?;
    let progress = !cli.quiet && !cli.json;
    let profiled = crate::profile::profile(source.as_mut(), None, args.sample.max(1), progress)
        .await
        .map_err(source_error)?;
    let Some(draft) = crate::init::draft(&profiled) else {
        return Err(Failure::new(
            EXIT_SOURCE,
            format!("{}: no table to draft from", args.source),
        ));
    };
    // A file keeps its absolute path (the migration may live elsewhere); a URL stays as given.
    let local = Path::new(&args.source);
    let source_line = if local.exists() {
        let abs = std::path::absolute(local).unwrap_or_else(|_| local.to_path_buf());
        format!(
            "path = {}",
            crate::init::toml_string(&abs.display().to_string())
        )
    } else {
        format!("url = {}", crate::init::toml_string(&args.source))
    };
    let name = names_for_migration(&draft.table);
    let text = crate::init::render(&draft, &source_line, &profiled.source, &name);
    let write_error =
        |e: std::io::Error| Failure::new(EXIT_WRITE, format!("{}: {e}", args.out.display()));
    std::fs::create_dir_all(args.out.join("lookups")).map_err(write_error)?;
    for (name, csv) in &draft.lookups {
        crate::writers::write_atomic(
            &args.out.join(format!("lookups/{name}.csv")),
            csv.as_bytes(),
        )
        .map_err(RunError::from)?;
    }
    crate::writers::write_atomic(&target, text.as_bytes()).map_err(RunError::from)?;
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&draft).unwrap_or_default()
        );
        return Ok(0);
    }
    if !cli.quiet {
        println!(
            "{} drafted: contacts from {}{}",
            target.display(),
            draft.table,
            draft
                .key
                .as_ref()
                .map(|k| format!(", key {k}"))
                .unwrap_or_default()
        );
        for j in &draft.joins {
            println!("  joined  {} on {} ({})", j.table, j.column, j.main);
        }
        for m in &draft.mapped {
            println!(
                "  {:<14} ← {:<24} {:<6} {}",
                m.code,
                m.column,
                m.confidence.as_str(),
                m.evidence
            );
        }
        if !draft.unmatched.is_empty() {
            println!("  not mapped: {}", draft.unmatched.join("; "));
        }
        println!(
            "next: set [institution] code, then `stx-migrate preview {}`",
            target.display()
        );
    }
    Ok(0)
}

/// A migration name from a table name: lower case, words joined by `-`.
fn names_for_migration(table: &str) -> String {
    let mut out = String::new();
    for c in table.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

async fn profile(cli: &Cli, args: &ProfileArgs) -> Result<u8, Failure> {
    let source_error =
        |e: stx_connector_core::SourceError| Failure::new(EXIT_SOURCE, e.to_string());
    if args.sample == 0 {
        return Err(Failure::new(EXIT_CONFIG, "--sample must be at least 1"));
    }
    let spec = named_source(&args.source)?;
    let mut source = crate::sources::open(&spec).await.map_err(source_error)?;
    let progress = !cli.quiet && !cli.json;
    let profiled = crate::profile::profile(
        source.as_mut(),
        args.table.as_deref(),
        args.sample,
        progress,
    )
    .await
    .map_err(source_error)?;
    let json = serde_json::to_string_pretty(&profiled).unwrap_or_default();
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::new(EXIT_WRITE, format!("{}: {e}", args.out.display())))?;
    let html = crate::writers::write_atomic(
        &args.out.join("profile.html"),
        crate::profile::html::render(&profiled).as_bytes(),
    )
    .map_err(RunError::from)?;
    crate::writers::write_atomic(&args.out.join("profile.json"), json.as_bytes())
        .map_err(RunError::from)?;
    if cli.json {
        println!("{json}");
        return Ok(0);
    }
    for t in &profiled.tables {
        print_table_profile(t);
    }
    if !cli.quiet {
        println!("\n{} (and profile.json)", html.path.display());
    }
    Ok(0)
}

fn print_table_profile(t: &crate::profile::TableProfile) {
    let rows = t.rows_said();
    let unreadable = match t.unreadable {
        0 => String::new(),
        n => format!(", {n} rows could not be read"),
    };
    println!("\n{} — {rows}{unreadable}", t.name);
    let keys = t.likely_keys();
    if !keys.is_empty() {
        println!("  likely key: {}", keys.join(", "));
    }
    for fk in &t.foreign_keys {
        let how = if fk.catalog {
            "declared"
        } else {
            "inferred from the values"
        };
        println!(
            "  foreign key: {} → {}.{} ({how})",
            fk.column, fk.table, fk.key
        );
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY);
    table.set_header([
        "column",
        "type",
        "null+blank",
        "distinct",
        "length",
        "patterns",
        "top values",
    ]);
    for c in &t.columns {
        let pct = |n: u64| {
            if t.profiled == 0 {
                0.0
            } else {
                n as f64 * 100.0 / t.profiled as f64
            }
        };
        let mut patterns: Vec<String> = c
            .patterns
            .iter()
            .take(3)
            .map(|p| format!("{} {:.0}%", p.name, p.share * 100.0))
            .collect();
        if let Some(f) = c.date_formats.first() {
            patterns.push(format!("[{}]", f.name));
        }
        if c.mojibake > 0 {
            patterns.push(format!("mojibake {}", c.mojibake));
        }
        let top: Vec<String> = c
            .top
            .iter()
            .take(3)
            .map(|(v, n)| format!("{v} ×{n}"))
            .collect();
        table.add_row([
            c.name.clone(),
            c.native_type.clone(),
            format!("{:.1} %", pct(c.nulls + c.blanks)),
            format!("{}{}", c.distinct, if c.distinct_exact { "" } else { "+" }),
            match (c.min_length, c.max_length) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => String::new(),
            },
            patterns.join(", "),
            top.join("; "),
        ]);
    }
    println!("{table}");
}

async fn inspect(cli: &Cli, args: &InspectArgs) -> Result<u8, Failure> {
    let source_error =
        |e: stx_connector_core::SourceError| Failure::new(EXIT_SOURCE, e.to_string());
    let spec = if args.source.ends_with(".toml") {
        Migration::load(Path::new(&args.source))
            .map_err(RunError::from)?
            .source_spec()
    } else {
        let spec = SourceSpec::from_url(&args.source);
        crate::sources::resolve(&spec, Path::new("."))
    };
    let mut source = crate::sources::open(&spec).await.map_err(source_error)?;
    let mut tables = source.list_tables().await.map_err(source_error)?;
    if let Some(t) = &args.table {
        tables.retain(|x| &x.name == t);
        if tables.is_empty() {
            return Err(Failure::new(
                EXIT_SOURCE,
                format!("{}: no table named '{t}'", source.description().location),
            ));
        }
    }
    let mut out = Vec::new();
    for table in &tables {
        let columns = source
            .describe(&ReadRequest::Table(table.name.clone()))
            .await
            .map_err(source_error)?;
        out.push((table.clone(), columns));
    }
    if cli.json {
        let value: Vec<serde_json::Value> = out
            .iter()
            .map(|(t, cols)| serde_json::json!({"table": t, "columns": cols}))
            .collect();
        println!(
            "{}",
            serde_json::json!({"source": source.description(), "tables": value})
        );
        return Ok(0);
    }
    let d = source.description();
    println!("{} source {}", d.connector, d.location);
    for (t, cols) in out {
        // Servers only estimate: a table never analysed (or a view) has no estimate.
        let rows = match t.rows {
            Some(r) if d.has_sql_engine && d.connector != "sqlite" => format!("~{r} rows"),
            Some(r) => format!("{r} rows"),
            None => "row count unknown".into(),
        };
        println!("\n{} ({}, {rows})", t.name, t.kind);
        let type_width = cols
            .iter()
            .map(|c| c.native_type.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(12, 40);
        for c in cols {
            println!(
                "  {:<32} {:<type_width$} → {}",
                c.name, c.native_type, c.dtype
            );
        }
    }
    Ok(0)
}

fn columns(cli: &Cli, args: &ColumnsArgs) -> Result<u8, Failure> {
    let profile = match &args.profile {
        Some(p) => {
            FormatProfile::from_path(p).map_err(|e| Failure::new(EXIT_CONFIG, e.to_string()))?
        }
        None => FormatProfile::builtin(),
    };
    if cli.json {
        let cols: Vec<serde_json::Value> = profile
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| serde_json::json!({"position": i + 1, "code": c.code, "section": c.section, "label": c.label, "type": c.kind.as_str(), "max_length": c.max_length, "mandatory": c.mandatory.as_str(), "default": c.default, "values": c.values}))
            .collect();
        println!("{}", serde_json::Value::Array(cols));
        return Ok(0);
    }
    println!(
        "{} {} ({} columns)",
        profile.name(),
        profile.version(),
        profile.columns().len()
    );
    for (i, c) in profile.columns().iter().enumerate() {
        println!(
            "{:>3} {:<18} {:<22} {:<10} {:>5} {:<12} {}",
            i + 1,
            c.code,
            c.section,
            c.kind.as_str(),
            c.max_length.map(|m| m.to_string()).unwrap_or_default(),
            c.mandatory.as_str(),
            c.default.as_deref().unwrap_or("")
        );
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_warnings_need_verbose_and_quiet_leaves_errors_only() {
        let filter = |v, q| {
            let text = log_filter(v, q, None);
            let directives: Vec<String> = text.split(',').map(str::to_string).collect();
            directives
        };
        // sqlx's "slow statement" is a WARN of target sqlx::query: off by default and with -q.
        assert_eq!(filter(0, false)[0], "error");
        assert!(filter(0, false).contains(&"stx_migrate=warn".to_string()));
        assert!(filter(0, true).iter().all(|d| d.ends_with("error")));
        assert_eq!(filter(1, false)[0], "warn");
        assert!(filter(1, false).contains(&"stx_connector=info".to_string()));
        assert!(filter(2, false).contains(&"stx_migrate=debug".to_string()));
        assert_eq!(log_filter(0, true, Some("sqlx=debug".into())), "sqlx=debug");
    }
}
