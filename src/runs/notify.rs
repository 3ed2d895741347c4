//! `[notify]`: when a run ends, run a command and/or POST a JSON summary to a URL, like the
//! e-mail the SecuTix and CRM.COM importers send on completion. A notification that fails is a
//! warning: the run's outcome stays what it was.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// When to notify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotifyOn {
    /// The run completed and passed the gate.
    Completed,
    /// The run completed but exceeded the quality gate.
    Gate,
    /// The run failed or was interrupted.
    Failed,
}

/// `[notify]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NotifySpec {
    /// A shell command (`sh -c`), given the summary in `STX_RUN_JSON` and `STX_RUN_ID`,
    /// `STX_RUN_STATUS`, `STX_MIGRATION`.
    pub command: Option<String>,
    /// A URL the summary is POSTed to as JSON; `${VAR}` is replaced by the environment
    /// variable VAR (a token stays out of the file), and the URL is never printed.
    pub url: Option<String>,
    /// When: `completed`, `gate`, `failed` (default: all three).
    #[serde(default = "all_outcomes")]
    pub on: Vec<NotifyOn>,
    /// Seconds the command or the POST may take (default 10).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

fn all_outcomes() -> Vec<NotifyOn> {
    vec![NotifyOn::Completed, NotifyOn::Gate, NotifyOn::Failed]
}

fn default_timeout() -> u64 {
    10
}

/// What is sent.
#[derive(Debug, Clone, Serialize)]
pub struct RunNotice {
    /// `[migration] name`.
    pub migration: String,
    /// Run id.
    pub run_id: String,
    /// completed, gate or failed.
    pub outcome: NotifyOn,
    /// The run state's status (completed, failed, interrupted).
    pub status: String,
    /// Why it failed or what the gate said.
    pub message: Option<String>,
    /// Counts, when it completed.
    pub rows_read: Option<u64>,
    /// See `rows_read`.
    pub rows_written: Option<u64>,
    /// See `rows_read`.
    pub rows_rejected: Option<u64>,
    /// See `rows_read`.
    pub rows_merged: Option<u64>,
    /// See `rows_read`.
    pub rows_unchanged: Option<u64>,
    /// The run folder.
    pub out_dir: String,
}

/// Replaces `${VAR}` by the environment's VAR; a variable that is not set is an error naming it.
pub fn expand_env(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            return Err("an unclosed ${ in [notify] url".into());
        };
        let name = &rest[start + 2..start + end];
        let value = std::env::var(name)
            .map_err(|_| format!("[notify] url uses ${{{name}}}, which is not set"))?;
        out.push_str(&value);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Sends the notice as configured; every problem comes back as a warning.
pub fn notify(spec: &NotifySpec, notice: &RunNotice) -> Vec<String> {
    if !spec.on.contains(&notice.outcome) {
        return Vec::new();
    }
    let json = serde_json::to_string(notice).unwrap_or_default();
    let timeout = Duration::from_secs(spec.timeout_seconds.max(1));
    let mut warnings = Vec::new();
    if let Some(command) = &spec.command {
        if let Err(e) = run_command(command, notice, &json, timeout) {
            warnings.push(format!("[notify] command: {e}"));
        }
    }
    if let Some(url) = &spec.url {
        if let Err(e) = post(url, &json, timeout) {
            warnings.push(format!("[notify] url: {e}"));
        }
    }
    warnings
}

fn run_command(
    command: &str,
    notice: &RunNotice,
    json: &str,
    timeout: Duration,
) -> Result<(), String> {
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("STX_RUN_JSON", json)
        .env("STX_RUN_ID", &notice.run_id)
        .env("STX_RUN_STATUS", &notice.status)
        .env("STX_MIGRATION", &notice.migration)
        .stdin(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start `sh`: {e}"))?;
    let started = std::time::Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => return Err(format!("exited with {status}")),
            None if started.elapsed() > timeout => {
                let _ = child.kill();
                return Err(format!(
                    "still running after {} s: stopped",
                    timeout.as_secs()
                ));
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn post(url: &str, json: &str, timeout: Duration) -> Result<(), String> {
    let url = expand_env(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    // The URL may hold a token: errors name the host only.
    let host = url::Url::parse(&url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "the URL".into());
    let response = agent
        .post(&url)
        .header("Content-Type", "application/json")
        .send(json)
        .map_err(|e| {
            format!(
                "POST to {host} failed: {}",
                without_url(&e.to_string(), &url)
            )
        })?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("POST to {host} answered {status}"))
    }
}

fn without_url(message: &str, url: &str) -> String {
    message.replace(url, "<url>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_variables_fill_the_url_and_missing_ones_are_named() {
        std::env::set_var("STX_NOTIFY_TEST_TOKEN", "s3cret");
        assert_eq!(
            expand_env("https://h/x/${STX_NOTIFY_TEST_TOKEN}?a=1").unwrap(),
            "https://h/x/s3cret?a=1"
        );
        let e = expand_env("https://h/${STX_NOTIFY_NOT_SET_ANYWHERE}").unwrap_err();
        assert!(e.contains("STX_NOTIFY_NOT_SET_ANYWHERE"), "{e}");
    }
}
