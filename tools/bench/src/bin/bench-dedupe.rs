//! Benchmark of deduplication on generated contacts with planted duplicates of known truth.
//!
//! ```text
//! cargo run --release -p stx-bench --bin bench-dedupe -- [--contacts 100000,1000000] [--runs 3] [--dir /tmp/stx-bench-dedupe]
//! ```
//!
//! For each size it writes (or reuses, when `params` says it was written with the same size and
//! seed) the contacts of `stx-migrate demo --duplicates` and their `truth.csv` into
//! `--dir/<size>/`, then runs, `--runs` times each and alternating, in child processes of their
//! own:
//!
//! * `baseline`: the duplicates demo migration with `[dedupe] enabled = false`: read, map,
//!   check, write; what the same run costs without deduplication;
//! * `dedupe`: the demo migration as it is (`[dedupe] enabled = true`, `labels = "truth.csv"`).
//!
//! Each `RESULT` line gives the child's wall time and peak RSS (`ru_maxrss` from `wait4`), and
//! for `dedupe` the deduplication's own time (the `dedupe-*` steps of `protocol.json`: derive,
//! block, compare, fit, score, cluster; and the `whole-run` step, which includes reading the
//! spill back and writing duplicates.csv), the pairs compared, and, from `report.json`,
//! pairwise precision, recall and F1 against the truth and the share of true pairs blocking
//! reaches. `DEDUPE` lines give the medians, the ratio of wall times dedupe/baseline (what
//! deduplication adds to a run) and the goals (1 M contacts: ≤ 60 s, ≤ 2 GiB, F1 ≥ 0.97).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Parser;
use stx_migrate::migration::Migration;

/// Seed of the generator (the same as `stx-migrate demo`).
const SEED: u64 = 42;
/// Goals at 1 M contacts.
const GOAL_SECONDS: f64 = 60.0;
const GOAL_MIB: f64 = 2048.0;
const GOAL_F1: f64 = 0.97;

#[derive(Debug, Parser)]
#[command(about = "Benchmark deduplication: precision, recall, F1, time and peak RSS")]
struct Args {
    /// Sizes (contacts, comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "100000,1000000")]
    contacts: Vec<usize>,
    /// Runs per measurement (medians are reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Working folder.
    #[arg(long, default_value = "/tmp/stx-bench-dedupe")]
    dir: PathBuf,
    /// Internal: run this migration and print its summary.
    #[arg(long, hide = true)]
    child_run: Option<PathBuf>,
    /// Internal: the child's output folder.
    #[arg(long, hide = true)]
    child_out: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    if let (Some(migration), Some(out)) = (&args.child_run, &args.child_out) {
        let migration = Migration::load(migration)?;
        let summary = stx_migrate::pipeline::run(
            migration,
            &stx_migrate::pipeline::RunOptions {
                out_dir: Some(out.clone()),
                ..Default::default()
            },
        )
        .await?;
        println!("{}", serde_json::to_string(&summary)?);
        return Ok(());
    }
    for &n in &args.contacts {
        let dir = args.dir.join(n.to_string());
        prepare(&dir, n)?;
        bench_size(&dir, n, args.runs)?;
    }
    Ok(())
}

/// Writes the contacts, truth and both migrations unless `params` says they are there.
fn prepare(dir: &Path, n: usize) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let marker = dir.join("params");
    let params = format!("contacts={n} seed={SEED}\n");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(params.as_str()) {
        let s = stx_demo::write_duplicates_demo(
            dir,
            &stx_demo::DuplicatesOptions {
                contacts: n,
                seed: SEED,
            },
        )?;
        println!(
            "data: {} rows, {} entities, {} planted duplicates, {} true pairs",
            s.rows, s.entities, s.duplicate_rows, s.true_pairs
        );
        std::fs::write(&marker, &params)?;
    }
    stx_demo::write_duplicates_files(dir)?;
    let text = std::fs::read_to_string(dir.join("migration.toml"))?;
    let off = text.replacen("\nenabled = true\n", "\nenabled = false\n", 1);
    anyhow::ensure!(off != text, "the demo migration has no `enabled = true`");
    std::fs::write(dir.join("migration-baseline.toml"), off)?;
    Ok(())
}

struct Run {
    seconds: f64,
    peak_mib: f64,
    dedupe_seconds: f64,
    f1: f64,
}

fn bench_size(dir: &Path, n: usize, runs: usize) -> Result<()> {
    let (mut base, mut dedupe): (Vec<Run>, Vec<Run>) = (Vec::new(), Vec::new());
    for run in 1..=runs {
        for (name, file) in [
            ("baseline", "migration-baseline.toml"),
            ("dedupe", "migration.toml"),
        ] {
            let out = dir.join(format!("out-{name}-{run}"));
            let _ = std::fs::remove_dir_all(&out);
            let (text, seconds, peak_kb) = stx_bench::run_self_as_child(&[
                "--child-run".as_ref(),
                dir.join(file).as_os_str(),
                "--child-out".as_ref(),
                out.as_os_str(),
            ])?;
            let summary: serde_json::Value = serde_json::from_str(text.trim())
                .with_context(|| format!("the child's summary: {text}"))?;
            let r = measured(&out, &summary, seconds, peak_kb)?;
            println!(
                "RESULT {name:<8} contacts={n} run={run} seconds={:.2} peak_rss_mib={:.1} written={} merged={} dedupe_seconds={:.2} {}",
                r.seconds,
                r.peak_mib,
                summary["rows_written"],
                summary["rows_merged"],
                r.dedupe_seconds,
                quality_line(&out)?,
            );
            let _ = std::fs::remove_dir_all(&out);
            if name == "baseline" {
                base.push(r)
            } else {
                dedupe.push(r)
            }
        }
    }
    let med = |runs: &[Run], f: fn(&Run) -> f64| {
        stx_bench::median(&runs.iter().map(f).collect::<Vec<_>>())
    };
    let (dt, bt) = (med(&dedupe, |r| r.seconds), med(&base, |r| r.seconds));
    let stage = med(&dedupe, |r| r.dedupe_seconds);
    let peak = dedupe.iter().map(|r| r.peak_mib).fold(0.0, f64::max);
    let f1 = med(&dedupe, |r| r.f1);
    println!(
        "DEDUPE contacts={n} median_seconds={dt:.2} baseline_median_seconds={bt:.2} ratio_dedupe_over_baseline={:.2} median_dedupe_stage_seconds={stage:.2} max_peak_rss_mib={peak:.1} baseline_peak_rss_mib={:.1} f1={f1:.4}",
        dt / bt,
        base.iter().map(|r| r.peak_mib).fold(0.0, f64::max),
    );
    if n >= 1_000_000 {
        println!(
            "GOALS contacts={n} stage_seconds_le_{GOAL_SECONDS}={} peak_le_{GOAL_MIB}_mib={} f1_ge_{GOAL_F1}={}",
            stage <= GOAL_SECONDS,
            peak <= GOAL_MIB,
            f1 >= GOAL_F1
        );
    }
    Ok(())
}

/// Times and quality of one run, from its protocol and report.
fn measured(out: &Path, summary: &serde_json::Value, seconds: f64, peak_kb: u64) -> Result<Run> {
    let protocol: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("protocol.json")).context("protocol.json")?,
    )?;
    let timings = &protocol["timings_ms"];
    let dedupe_ms: u64 = timings
        .as_object()
        .map(|t| {
            t.iter()
                .filter(|(k, _)| k.starts_with("dedupe-"))
                .filter_map(|(_, v)| v.as_u64())
                .sum()
        })
        .unwrap_or(0);
    let f1 = summary["dedupe"]["quality"]["f1"].as_f64().unwrap_or(0.0);
    Ok(Run {
        seconds,
        peak_mib: stx_bench::mib(peak_kb),
        dedupe_seconds: dedupe_ms as f64 / 1000.0,
        f1,
    })
}

/// `precision=… recall=… f1=… blocking_recall=… pairs=…` from report.json.
fn quality_line(out: &Path) -> Result<String> {
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("report.json")).context("report.json")?,
    )?;
    let d = &report["dedupe"];
    if d.is_null() {
        return Ok(String::new());
    }
    let q = &d["quality"];
    Ok(format!(
        "pairs_compared={} precision={:.4} recall={:.4} f1={:.4} blocking_recall={:.4} true_pairs={} merged_clusters={} review_clusters={}",
        d["pairs_compared"],
        q["precision"].as_f64().unwrap_or(0.0),
        q["recall"].as_f64().unwrap_or(0.0),
        q["f1"].as_f64().unwrap_or(0.0),
        q["blocking_recall"].as_f64().unwrap_or(0.0),
        q["true_pairs"],
        d["merged_clusters"],
        d["review_clusters"],
    ))
}
