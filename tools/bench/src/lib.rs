//! Measuring helpers shared by the benchmark programs in `src/bin/` (`bench-demo`, `bench-db`,
//! `bench-dump`): wall time, rows/s and peak memory per run, medians, and the
//! `RESULT`/`STEPS`/`RATIO` lines they print.
//!
//! The benchmarks are a crate of their own so `cargo install` of stx-migrate installs the
//! product alone, and the product's manifest lists nothing only a measurement uses (anyhow,
//! rand, flate2, memchr). Run them with `cargo run --release -p stx-bench --bin <name> -- …`.
#![warn(missing_docs)]

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};

/// The runs of one measurement.
pub struct Measurement {
    /// Name in the table.
    pub name: &'static str,
    /// Rows of each run.
    pub rows: Vec<u64>,
    /// Wall time of each run.
    pub seconds: Vec<f64>,
    /// Peak RSS during each run (an upper bound, see [`measure`]).
    pub peak_rss_kb: Vec<u64>,
    /// Pipeline step timings (ms) per run, for end-to-end runs.
    pub steps: Vec<Vec<(String, u64)>>,
}

impl Measurement {
    /// A measurement without runs yet.
    pub fn new(name: &'static str) -> Self {
        Measurement {
            name,
            rows: Vec::new(),
            seconds: Vec::new(),
            peak_rss_kb: Vec::new(),
            steps: Vec::new(),
        }
    }

    /// Median wall time of the runs.
    pub fn median_seconds(&self) -> f64 {
        median(&self.seconds)
    }
}

/// Median of `values` (NaN when empty).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// A `/proc/self/status` field in kB (`VmHWM`: peak resident set size, `VmRSS`: current).
pub fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Peak resident set size of this process in kB.
pub fn peak_rss_kb() -> Option<u64> {
    status_kb("VmHWM")
}

/// Resets `VmHWM` to the current RSS; false when the kernel refuses.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// kB in MiB.
pub fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// Runs `f`, timing it and recording the rows it returns and the peak RSS during it.
pub async fn measure<F, Fut>(m: &mut Measurement, run: usize, runs: usize, f: F) -> Result<()>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(u64, Vec<(String, u64)>)>>,
{
    reset_peak_rss();
    let rss_before = status_kb("VmRSS").unwrap_or(0);
    let started = Instant::now();
    let (rows, steps) = f()
        .await
        .with_context(|| format!("{} (run {run})", m.name))?;
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_rss_kb().unwrap_or(0);
    println!(
        "run {run}/{runs} {:<16} rows={rows:<9} seconds={seconds:.3} rows_per_s={:.0} peak_rss_mib={:.1} rss_before_mib={:.1}",
        m.name,
        rows as f64 / seconds,
        mib(peak),
        mib(rss_before)
    );
    m.rows.push(rows);
    m.seconds.push(seconds);
    m.peak_rss_kb.push(peak);
    if !steps.is_empty() {
        m.steps.push(steps);
    }
    Ok(())
}

/// Prints the `RESULT` line (median time, rows/s, lowest peak RSS, every run) and the `STEPS`
/// line (median pipeline step timings) of each measurement.
pub fn print_results(measurements: &[&Measurement]) {
    println!();
    println!(
        "{:<6} {:<22} {:>9} {:>9} {:>11} {:>13}  runs (s)",
        "", "measurement", "rows", "median_s", "rows_per_s", "peak_rss_mib"
    );
    for m in measurements.iter().filter(|m| !m.seconds.is_empty()) {
        let rows = m.rows.iter().copied().max().unwrap_or(0);
        let seconds = m.median_seconds();
        // Each run's value is an upper bound of its true peak (see the header): keep the lowest.
        let peak = m.peak_rss_kb.iter().copied().min().unwrap_or(0);
        let runs: Vec<String> = m.seconds.iter().map(|s| format!("{s:.3}")).collect();
        println!(
            "RESULT {:<22} {rows:>9} {seconds:>9.3} {:>11.0} {:>13.1}  [{}]",
            m.name,
            rows as f64 / seconds,
            mib(peak),
            runs.join(", ")
        );
    }
    for m in measurements.iter().filter(|m| !m.steps.is_empty()) {
        let names: Vec<String> = m.steps[0].iter().map(|(k, _)| k.clone()).collect();
        let parts: Vec<String> = names
            .iter()
            .map(|name| {
                let values: Vec<f64> = m
                    .steps
                    .iter()
                    .filter_map(|s| s.iter().find(|(k, _)| k == name))
                    .map(|(_, ms)| *ms as f64 / 1000.0)
                    .collect();
                format!("{name}={:.3}", median(&values))
            })
            .collect();
        println!("STEPS  {:<22} {}  (median s)", m.name, parts.join(" "));
    }
}

/// Prints a `RATIO a/b` line (median wall time of `a` over that of `b`) for each pair whose
/// measurements both ran.
pub fn print_ratios(measurements: &[&Measurement], pairs: &[(&str, &str)]) {
    let by_name = |name: &str| {
        measurements
            .iter()
            .find(|m| m.name == name && !m.seconds.is_empty())
            .map(|m| m.median_seconds())
    };
    for (a, b) in pairs {
        if let (Some(x), Some(y)) = (by_name(a), by_name(b)) {
            println!("RATIO  {:<36} {:>7.2}", format!("{a}/{b}"), x / y);
        }
    }
}

/// A full run into `out` (removed first); returns rows read and the protocol's step timings.
pub async fn end_to_end(
    migration: &stx_migrate::migration::Migration,
    out: PathBuf,
) -> Result<(u64, Vec<(String, u64)>)> {
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    let summary = stx_migrate::pipeline::run(
        migration.clone(),
        &stx_migrate::pipeline::RunOptions {
            out_dir: Some(out.clone()),
            progress: false,
            ..stx_migrate::pipeline::RunOptions::default()
        },
    )
    .await?;
    Ok((summary.rows_read, protocol_steps(&out)?))
}

/// The step timings (`timings_ms`) of the protocol.json in a run folder.
pub fn protocol_steps(out: &std::path::Path) -> Result<Vec<(String, u64)>> {
    let protocol: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("protocol.json"))?)?;
    Ok(protocol["timings_ms"]
        .as_object()
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default())
}

/// Runs this benchmark program again as a child process with `args`, and returns what it
/// printed on stdout, its wall seconds and its peak RSS in KiB (`ru_maxrss` from `wait4`: the
/// kernel's count for that process alone). Fails when the child fails.
pub fn run_self_as_child(args: &[&std::ffi::OsStr]) -> Result<(String, f64, u64)> {
    use std::process::{Command, Stdio};
    let started = Instant::now();
    let child = Command::new(std::env::current_exe()?)
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the child run")?;
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.context("child stdout")?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut text)?;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet waited for; the pointers are valid for the call.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        waited == pid,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    anyhow::ensure!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the child run failed (status {status})"
    );
    Ok((text, seconds, usage.ru_maxrss as u64))
}
