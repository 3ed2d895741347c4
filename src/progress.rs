//! Progress bars for long steps (stderr; hidden when it is not a terminal or with --quiet).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar counting rows with their rate; a spinner when the total is unknown.
pub fn rows_bar(enabled: bool, total: Option<u64>, message: &'static str) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {human_pos}/{human_len} rows, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} {msg}: {human_pos} rows, {per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_message(message);
    bar
}

/// Progress as JSON lines on stderr for a program that runs stx-migrate (`serve`): a line
/// at each stage and at most four a second while rows are read.
pub struct Events {
    enabled: bool,
    stage: &'static str,
    last: std::time::Instant,
}

impl Events {
    /// Events, written only when `enabled`.
    pub fn new(enabled: bool) -> Events {
        Events {
            enabled,
            stage: "",
            last: std::time::Instant::now(),
        }
    }

    /// A new stage begins.
    pub fn stage(&mut self, stage: &'static str, rows_read: u64, rejected: u64) {
        self.stage = stage;
        self.write(rows_read, rejected);
    }

    /// Rows read so far, at most every 250 ms.
    pub fn rows(&mut self, rows_read: u64, rejected: u64) {
        if self.last.elapsed() >= std::time::Duration::from_millis(250) {
            self.write(rows_read, rejected);
        }
    }

    fn write(&mut self, rows_read: u64, rejected: u64) {
        if !self.enabled {
            return;
        }
        self.last = std::time::Instant::now();
        let line = serde_json::json!({
            "progress": { "stage": self.stage, "rows_read": rows_read, "rejected": rejected }
        });
        eprintln!("{line}");
    }
}
