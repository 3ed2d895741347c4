//! The memory budget of a run: stop early, with a message saying why and what to do, rather
//! than be killed by the kernel.
//!
//! A query over a source without an SQL engine (a dump, CSV files, a workbook) loads the
//! tables it names into memory before polars joins them, so such a run's memory grows with
//! those tables. The process's resident memory is watched against a budget: while the source
//! is prepared (tables loaded, the join run) by a thread that ends the process cleanly — no
//! output exists yet — and between batches by the run itself, which then removes what it
//! started.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::RunError;
use crate::migration::Migration;

/// Exit code of a run stopped by its memory budget.
pub const MEMORY_BUDGET_EXIT_CODE: i32 = 6;

/// Share of the machine's memory (or of the cgroup limit, when smaller) a run may use when
/// the migration sets no `[read] memory-budget`.
const DEFAULT_SHARE: f64 = 0.75;

/// How often the watcher looks at the process's memory while the source is prepared.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// The most resident memory a run may use.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryBudget {
    /// Bytes.
    pub bytes: u64,
    /// Where the figure comes from, for messages.
    pub origin: String,
}

impl MemoryBudget {
    /// `[read] memory-budget` of the migration, else [`DEFAULT_SHARE`] of the memory this
    /// process may have; `None` where neither can be known (no `/proc`).
    pub fn of(migration: &Migration) -> Option<MemoryBudget> {
        let available = memory_limit();
        match &migration.file.read.memory_budget {
            Some(text) => parse_budget(text, available).map(|bytes| MemoryBudget {
                bytes,
                origin: format!("[read] memory-budget = \"{text}\""),
            }),
            None => available.map(|total| MemoryBudget {
                bytes: (total as f64 * DEFAULT_SHARE) as u64,
                origin: format!(
                    "the default, {:.0} % of the {} this machine gives the process; set [read] memory-budget to change it",
                    DEFAULT_SHARE * 100.0,
                    human(total)
                ),
            }),
        }
    }

    /// An error when the process's resident memory is over the budget.
    pub fn check(&self, during: &str) -> Result<(), RunError> {
        match resident_bytes() {
            Some(used) if used > self.bytes => Err(self.exceeded(used, during)),
            _ => Ok(()),
        }
    }

    fn exceeded(&self, used: u64, during: &str) -> RunError {
        RunError::MemoryBudget {
            used: human(used),
            budget: human(self.bytes),
            origin: self.origin.clone(),
            during: during.to_string(),
        }
    }

    /// Watches the process's memory until the guard is dropped; over the budget, the process
    /// ends with [`MEMORY_BUDGET_EXIT_CODE`] and the message. For the prepare stage only: it
    /// writes nothing that would need removing.
    pub fn watch(&self, during: &'static str) -> WatchGuard {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let budget = self.clone();
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                if let Err(e) = budget.check(during) {
                    eprintln!("error: {e}");
                    std::process::exit(MEMORY_BUDGET_EXIT_CODE);
                }
                std::thread::park_timeout(WATCH_EVERY);
            }
        });
        WatchGuard {
            stop,
            thread: Some(thread),
        }
    }
}

/// Stops the watcher when dropped.
pub struct WatchGuard {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// `4 GiB`, `800MiB`, `2 GB`, `60%` (of the memory this process may have) as bytes.
pub fn parse_budget(text: &str, available: Option<u64>) -> Option<u64> {
    let t = text.trim();
    if let Some(share) = t.strip_suffix('%') {
        let share: f64 = share.trim().parse().ok()?;
        if !(share > 0.0 && share <= 100.0) {
            return None;
        }
        return available.map(|a| (a as f64 * share / 100.0) as u64);
    }
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return None,
    };
    let bytes = number * factor as f64;
    (bytes >= (16 << 20) as f64).then_some(bytes as u64)
}

fn human(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

/// Resident memory of this process (`/proc/self/statm`), in bytes.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// The memory this process may have: the machine's (`MemTotal`), or its cgroup's limit when
/// smaller (a container).
fn memory_limit() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let total_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    let total = total_kb * 1024;
    let cgroup = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok());
    Some(cgroup.map_or(total, |c| c.min(total)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_read_in_binary_and_decimal_units_and_as_a_share() {
        assert_eq!(parse_budget("4 GiB", None), Some(4 << 30));
        assert_eq!(parse_budget("800MiB", None), Some(800 << 20));
        assert_eq!(parse_budget("1.5 GB", None), Some(1_500_000_000));
        assert_eq!(parse_budget("50%", Some(8 << 30)), Some(4 << 30));
        assert_eq!(parse_budget("50%", None), None);
        for bad in ["", "4", "4 parsecs", "0%", "150%", "1 KiB", "GiB"] {
            assert_eq!(parse_budget(bad, Some(8 << 30)), None, "{bad:?}");
        }
    }

    #[test]
    fn a_budget_below_what_the_process_holds_is_exceeded_and_says_what_to_do() {
        let budget = MemoryBudget {
            bytes: 1,
            origin: "[read] memory-budget = \"1 B\"".into(),
        };
        let message = budget.check("reading").unwrap_err().to_string();
        assert!(message.contains("memory budget"), "{message}");
        assert!(message.contains("[read] memory-budget"), "{message}");
        let roomy = MemoryBudget {
            bytes: u64::MAX,
            origin: String::new(),
        };
        assert!(roomy.check("reading").is_ok());
    }
}
