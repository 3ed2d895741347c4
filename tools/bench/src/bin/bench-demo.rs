//! Benchmark of the demo migration (`stx-migrate demo`) on a generated legacy database.
//!
//! ```text
//! cargo run --release -p stx-bench --bin bench-demo -- [--contacts 1000000] [--runs 3] [--dir /tmp/stx-bench]
//! ```
//!
//! It builds (or reuses, when `legacy.db.params` says it was built with the same contacts and
//! seed) the demo legacy SQLite database in `--dir`, writes the demo migration next to it, and
//! then measures, `--runs` times each, in this one process:
//!
//! * `sqlite3-baseline`: `sqlite3 -batch -noheader legacy.db "<[read] query>" > /dev/null` as a
//!   child process (skipped when `sqlite3` is not on PATH): what the SQLite engine alone needs
//!   to produce the rows as text. Its rows are counted once beforehand with `SELECT count(*)`.
//! * `extraction`: our SQLite connector alone: open the source and stream every batch of the
//!   query into polars data frames, counting rows; no mapping, nothing written.
//! * `end-to-end`: `pipeline::run` of the demo migration: read, map, check, write
//!   `contacts.csv` + `contacts.xlsx` + rejects + warnings + protocol into `--dir/out-<i>`.
//! * `end-to-end-csv`: the same with `[output] formats = ["csv"]` (`migration-csv.toml`), into
//!   `--dir/out-csv-<i>`; the difference to `end-to-end` is the cost of the XLSX file.
//! * `state-full`: `end-to-end-csv` as `stx-migrate run` does it: the run state's key stage
//!   on (each record hashed, per key), and the key rows recorded in a fresh state file.
//! * `state-delta`: then the same extraction again with `--since last`: every key compared,
//!   nothing changed, nothing written but the state: the J-1 re-run of unchanged data.
//!
//! The table shows the median of the runs. Ratios (medians of wall time, lower is better):
//!
//! * `extraction/sqlite3`: overhead of our connector (sqlx, type checks, polars frames) over
//!   the bare engine; 1.0 would mean reading costs nothing beyond SQLite itself.
//! * `end-to-end/sqlite3`: the whole run compared with the engine alone.
//! * `end-to-end/extraction`: the whole run compared with reading alone; what mapping, checks
//!   and writing add (`end-to-end-csv/extraction` likewise without XLSX).
//!
//! For the end-to-end runs, `steps` gives the medians of the pipeline's own timings from
//! `protocol.json` (prepare, read, map-and-check, write). `peak_rss` is the peak resident set
//! size (`VmHWM`) during each measurement: the peak is reset through `/proc/self/clear_refs`
//! before each one (when the kernel allows it; otherwise the values are cumulative). The reset
//! only goes down to the current RSS, and the allocator keeps memory freed by an earlier
//! measurement, so each run's value is an upper bound: max(`rss_before` (printed per run),
//! true peak). The table shows the lowest value over the runs. The last line gives the peak of
//! the whole process. The `sqlite3` child's memory is not included (the baseline's value is
//! this process's resident memory while it waits).
//!
//! Every result is one line starting with `RESULT`, `RATIO`, `STEPS` or `PEAK_RSS`, so
//! `grep ^RESULT` gives the table.
//!
//! ## `--memory`: a run's memory at scale
//!
//! ```text
//! cargo run --release -p stx-bench --bin bench-demo -- --memory --contacts 10000000 --runs 3
//! ```
//!
//! Runs the demo migration (CSV only) end to end in a child process of its own, `--runs`
//! times each: `clean` (the demo mapping as it is) and `rejects-30` (the same with
//! `BIRTHDATE` rejecting on a bad date and three customers in ten given one, about 30 % of
//! the rows rejected). Each line gives the child's peak RSS (`ru_maxrss` from `wait4`, the
//! kernel's own count for that process alone), rows/s and the rows written and rejected;
//! `MEMORY` lines give the medians and the peak over the runs against the goal (1 GiB).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use futures::StreamExt;
use stx_bench::{
    end_to_end, measure, mib, peak_rss_kb, print_ratios, print_results, reset_peak_rss, Measurement,
};
use stx_connector_core::ReadRequest;
use stx_demo::{build_legacy_database, DemoOptions};
use stx_migrate::migration::{Migration, OutputFormat};
use stx_migrate::pipeline::DEFAULT_BATCH_ROWS;

/// Seed of the demo database (the same as `stx-migrate demo`).
const SEED: u64 = 42;

#[derive(Debug, Parser)]
#[command(about = "Benchmark the demo migration: sqlite3 baseline, extraction, end-to-end")]
struct Args {
    /// Number of contacts in the generated legacy database.
    #[arg(long, default_value_t = 1_000_000)]
    contacts: usize,
    /// How many times each measurement runs (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Working folder: database, migration files and outputs.
    #[arg(long, default_value = "/tmp/stx-bench")]
    dir: PathBuf,
    /// Measure whole runs in child processes (peak RSS, rows/s), clean and with ~30 % rejects.
    #[arg(long)]
    memory: bool,
    /// Internal: run this migration into `--child-out` and print its summary (a `--memory`
    /// child).
    #[arg(long, hide = true)]
    child_run: Option<PathBuf>,
    /// Internal: output folder of a `--child-run`.
    #[arg(long, hide = true)]
    child_out: Option<PathBuf>,
}

/// The memory goal of a run, whatever its size and number of rejects.
const MEMORY_GOAL_MIB: f64 = 1024.0;

/// Writes `migration-rejects.toml`: the CSV-only demo migration where three customers in ten
/// get a date that is not one, and `BIRTHDATE` rejects instead of dropping.
fn write_rejecting_migration(dir: &Path) -> Result<Migration> {
    let source = dir.join("migration-csv.toml");
    let text = std::fs::read_to_string(&source)
        .with_context(|| format!("reading {}", source.display()))?;
    let mut doc: toml::Table = text
        .parse()
        .context("parsing the CSV-only demo migration")?;
    let birthdate = "date(CASE WHEN cust_id % 10 < 3 THEN 'not a date' ELSE birth_date END, 'yyyy-mm-dd', 'dd.mm.yyyy', 'dd/mm/yyyy', 'yyyymmdd')";
    doc.get_mut("map")
        .and_then(toml::Value::as_table_mut)
        .context("the demo migration has no [map]")?
        .insert("BIRTHDATE".into(), toml::Value::String(birthdate.into()));
    if let Some(on_error) = doc.get_mut("on-error").and_then(toml::Value::as_table_mut) {
        on_error.remove("BIRTHDATE");
    }
    let path = dir.join("migration-rejects.toml");
    std::fs::write(&path, toml::to_string(&doc)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(Migration::load(&path)?)
}

/// A `--memory` child: one run, its summary as JSON on stdout.
async fn child_run(migration: &Path, out: &Path) -> Result<()> {
    let migration = Migration::load(migration)?;
    let summary = stx_migrate::pipeline::run(
        migration,
        &stx_migrate::pipeline::RunOptions {
            out_dir: Some(out.to_path_buf()),
            ..stx_migrate::pipeline::RunOptions::default()
        },
    )
    .await?;
    println!("{}", serde_json::to_string(&summary)?);
    Ok(())
}

/// One run in a child process: its summary, wall seconds and peak RSS in KiB.
fn run_child(migration: &Path, out: &Path) -> Result<(serde_json::Value, f64, u64)> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    let (text, seconds, peak_kb) = stx_bench::run_self_as_child(&[
        "--child-run".as_ref(),
        migration.as_os_str(),
        "--child-out".as_ref(),
        out.as_os_str(),
    ])?;
    let summary: serde_json::Value = serde_json::from_str(text.trim())
        .with_context(|| format!("the child's summary: {text}"))?;
    Ok((summary, seconds, peak_kb))
}

/// `--memory`: clean and rejecting runs in child processes, peak RSS and rows/s of each.
fn memory_runs(dir: &Path, runs: usize) -> Result<()> {
    let variants = [
        ("clean", dir.join("migration-csv.toml")),
        ("rejects-30", dir.join("migration-rejects.toml")),
    ];
    for (name, migration) in &variants {
        let (mut peaks, mut rates) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            let out = dir.join(format!("out-{name}-{run}"));
            let (summary, seconds, peak_kb) = run_child(migration, &out)?;
            let read = summary["rows_read"].as_u64().unwrap_or(0);
            println!(
                "RESULT {name:<12} run={run} rows_read={read} written={} rejected={} seconds={seconds:.1} rows_per_s={:.0} peak_rss_mib={:.1}",
                summary["rows_written"],
                summary["rows_rejected"],
                read as f64 / seconds,
                mib(peak_kb),
            );
            peaks.push(mib(peak_kb));
            rates.push(read as f64 / seconds);
            let _ = std::fs::remove_dir_all(&out);
        }
        let max_peak = peaks.iter().copied().fold(0.0, f64::max);
        println!(
            "MEMORY {name:<12} median_peak_rss_mib={:.1} max_peak_rss_mib={max_peak:.1} median_rows_per_s={:.0} goal_mib={MEMORY_GOAL_MIB} within_goal={}",
            stx_bench::median(&peaks),
            stx_bench::median(&rates),
            max_peak < MEMORY_GOAL_MIB,
        );
    }
    Ok(())
}

/// Builds the demo database unless `legacy.db.params` says the existing one has these options.
async fn prepare_database(dir: &Path, contacts: usize) -> Result<()> {
    let db = dir.join("legacy.db");
    let marker = dir.join("legacy.db.params");
    let params = format!("contacts={contacts} seed={SEED}\n");
    if db.exists() && std::fs::read_to_string(&marker).ok().as_deref() == Some(params.as_str()) {
        println!("database: reusing {} ({})", db.display(), params.trim());
        return Ok(());
    }
    let _ = std::fs::remove_file(&marker);
    let started = Instant::now();
    let summary = build_legacy_database(
        &db,
        &DemoOptions {
            contacts,
            seed: SEED,
        },
    )
    .await
    .with_context(|| format!("building {}", db.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    std::fs::write(&marker, &params).with_context(|| format!("writing {}", marker.display()))?;
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "RESULT {:<22} rows={:<9} seconds={seconds:.3} rows_per_s={:.0} customers={} addresses={} contact_persons={} db_mib={:.1}",
        "generate-database",
        summary.customers,
        summary.customers as f64 / seconds,
        summary.customers,
        summary.addresses,
        summary.contact_persons,
        size as f64 / (1 << 20) as f64,
    );
    Ok(())
}

/// Writes `migration-csv.toml`: the demo migration with `[output] formats = ["csv"]`.
fn write_csv_only_migration(dir: &Path) -> Result<Migration> {
    let source = dir.join("migration.toml");
    let text = std::fs::read_to_string(&source)
        .with_context(|| format!("reading {}", source.display()))?;
    let mut doc: toml::Table = text.parse().context("parsing the demo migration")?;
    let output = doc
        .entry("output")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let Some(output) = output.as_table_mut() else {
        bail!("[output] of the demo migration is not a table");
    };
    output.insert(
        "formats".into(),
        toml::Value::Array(vec![toml::Value::String("csv".into())]),
    );
    let path = dir.join("migration-csv.toml");
    std::fs::write(&path, toml::to_string(&doc)?)
        .with_context(|| format!("writing {}", path.display()))?;
    let migration = Migration::load(&path)?;
    ensure!(
        migration.file.output.formats == [OutputFormat::Csv],
        "{} does not select CSV only",
        path.display()
    );
    Ok(migration)
}

/// Rows of the query, counted by sqlite3 itself.
fn sqlite3_count(db: &Path, query: &str) -> Result<u64> {
    let out = Command::new("sqlite3")
        .args(["-batch", "-noheader"])
        .arg(db)
        .arg(format!("SELECT count(*) FROM ({query});"))
        .output()
        .context("running sqlite3")?;
    ensure!(
        out.status.success(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
}

fn sqlite3_on_path() -> bool {
    Command::new("sqlite3")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// The query through sqlite3's CLI, output discarded.
fn sqlite3_baseline(db: &Path, query: &str) -> Result<()> {
    let status = Command::new("sqlite3")
        .args(["-batch", "-noheader"])
        .arg(db)
        .arg(query)
        .stdout(Stdio::null())
        .status()
        .context("running sqlite3")?;
    ensure!(status.success(), "sqlite3 exited with {status}");
    Ok(())
}

/// Every batch of the query through our connector; returns the rows read.
async fn extraction(migration: &Migration, query: &str) -> Result<u64> {
    let mut source = stx_migrate::sources::open(&migration.source_spec()).await?;
    let options = migration.file.read.options(DEFAULT_BATCH_ROWS);
    let request = ReadRequest::Query(query.to_string());
    let mut stream = source.read(&request, &options).await?;
    let mut rows = 0u64;
    while let Some(batch) = stream.next().await {
        rows += batch?.rows_read() as u64;
    }
    Ok(rows)
}

fn print_summary(measurements: &[&Measurement], clear_refs: bool) {
    print_results(measurements);
    print_ratios(
        measurements,
        &[
            ("extraction", "sqlite3-baseline"),
            ("end-to-end", "sqlite3-baseline"),
            ("end-to-end-csv", "sqlite3-baseline"),
            ("end-to-end", "extraction"),
            ("end-to-end-csv", "extraction"),
            ("end-to-end", "end-to-end-csv"),
            ("state-full", "end-to-end-csv"),
            ("state-delta", "end-to-end-csv"),
        ],
    );
    if !clear_refs {
        println!("note: /proc/self/clear_refs refused; peak_rss_mib values are cumulative");
    }
}

/// A run with the run state in `state` (see `state-full`, `state-delta`); returns rows read and
/// the protocol's step timings plus `state-store` (recording the run and its keys).
async fn with_state(
    migration: &Migration,
    out: PathBuf,
    state: &Path,
    since: Option<&str>,
) -> Result<(u64, Vec<(String, u64)>)> {
    use stx_migrate::runs::{key_plan, RunStart, RunStatus, StateStore};
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let store = StateStore::open(state).await?;
    let plan = key_plan(&store, migration, since, false).await?;
    let run_id = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("run")
        .to_string();
    store
        .begin(&RunStart {
            run_id: run_id.clone(),
            migration_name: migration.file.migration.name.clone(),
            migration_sha256: migration.sha256.clone(),
            source: "bench".into(),
            out_dir: out.clone(),
            tag: None,
            operation: None,
        })
        .await?;
    let summary = stx_migrate::pipeline::run(
        migration.clone(),
        &stx_migrate::pipeline::RunOptions {
            out_dir: Some(out.clone()),
            keys: Some(plan),
            ..stx_migrate::pipeline::RunOptions::default()
        },
    )
    .await?;
    let started = std::time::Instant::now();
    store
        .finish(
            &run_id,
            RunStatus::Completed,
            Some(&summary),
            Some(true),
            None,
        )
        .await?;
    let mut steps = stx_bench::protocol_steps(&out)?;
    steps.push(("state-store".into(), started.elapsed().as_millis() as u64));
    Ok((summary.rows_read, steps))
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(migration) = &args.child_run {
        let out = args
            .child_out
            .as_deref()
            .context("--child-run needs --child-out")?;
        return child_run(migration, out).await;
    }
    ensure!(args.runs >= 1, "--runs must be at least 1");
    ensure!(args.contacts >= 1, "--contacts must be at least 1");
    let dir = &args.dir;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let dir = dir.canonicalize()?;
    let clear_refs = reset_peak_rss();
    println!(
        "bench-demo: contacts={} runs={} dir={}",
        args.contacts,
        args.runs,
        dir.display()
    );

    prepare_database(&dir, args.contacts).await?;
    let mut process_peak = peak_rss_kb().unwrap_or(0);
    stx_demo::write_demo_files(&dir)
        .with_context(|| format!("writing the demo migration into {}", dir.display()))?;
    let migration = Migration::load(&dir.join("migration.toml"))?;
    let csv_migration = write_csv_only_migration(&dir)?;
    let Some(query) = migration.file.read.query.clone() else {
        bail!("the demo migration has no [read] query");
    };
    let db = dir.join("legacy.db");
    if args.memory {
        write_rejecting_migration(&dir)?;
        return memory_runs(&dir, args.runs);
    }

    let sqlite3 = sqlite3_on_path();
    let expected_rows = if sqlite3 {
        Some(sqlite3_count(&db, &query)?)
    } else {
        println!("sqlite3 is not on PATH: no baseline");
        None
    };

    let mut baseline = Measurement::new("sqlite3-baseline");
    let mut extract = Measurement::new("extraction");
    let mut full = Measurement::new("end-to-end");
    let mut csv_only = Measurement::new("end-to-end-csv");
    let mut state_full = Measurement::new("state-full");
    let mut state_delta = Measurement::new("state-delta");
    let runs = args.runs;
    for run in 1..=runs {
        if let Some(rows) = expected_rows {
            measure(&mut baseline, run, runs, || async {
                sqlite3_baseline(&db, &query)?;
                Ok((rows, Vec::new()))
            })
            .await?;
            process_peak = process_peak.max(peak_rss_kb().unwrap_or(0));
        }
        measure(&mut extract, run, runs, || async {
            Ok((extraction(&migration, &query).await?, Vec::new()))
        })
        .await?;
        process_peak = process_peak.max(peak_rss_kb().unwrap_or(0));
        measure(&mut full, run, runs, || {
            end_to_end(&migration, dir.join(format!("out-{run}")))
        })
        .await?;
        process_peak = process_peak.max(peak_rss_kb().unwrap_or(0));
        measure(&mut csv_only, run, runs, || {
            end_to_end(&csv_migration, dir.join(format!("out-csv-{run}")))
        })
        .await?;
        process_peak = process_peak.max(peak_rss_kb().unwrap_or(0));
        let state = dir.join(format!("state-{run}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", state.display()));
        }
        measure(&mut state_full, run, runs, || {
            with_state(
                &csv_migration,
                dir.join(format!("out-state-{run}")),
                &state,
                None,
            )
        })
        .await?;
        process_peak = process_peak.max(peak_rss_kb().unwrap_or(0));
        measure(&mut state_delta, run, runs, || {
            with_state(
                &csv_migration,
                dir.join(format!("out-delta-{run}")),
                &state,
                Some("last"),
            )
        })
        .await?;
        process_peak = process_peak.max(peak_rss_kb().unwrap_or(0));
        println!(
            "STATE run={run} state_file_mib={:.1}",
            std::fs::metadata(&state).map_or(0.0, |m| m.len() as f64 / 1048576.0)
        );
    }
    for m in [&extract, &full, &csv_only, &state_full, &state_delta] {
        if let Some(expected) = expected_rows {
            ensure!(
                m.rows.iter().all(|&r| r == expected),
                "{}: read {:?} rows, sqlite3 counts {expected}",
                m.name,
                m.rows
            );
        }
    }

    print_summary(
        &[
            &baseline,
            &extract,
            &full,
            &csv_only,
            &state_full,
            &state_delta,
        ],
        clear_refs,
    );
    let end_peak = peak_rss_kb().unwrap_or(0);
    println!(
        "PEAK_RSS process_vmhwm_mib={:.1} (max over all phases{})",
        mib(process_peak.max(end_peak)),
        if clear_refs {
            ", VmHWM reset before each measurement"
        } else {
            ""
        }
    );
    Ok(())
}
