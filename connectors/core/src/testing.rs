//! Helpers for live-database tests (the connectors' and the application's): which server URL
//! to use, and names that concurrent test threads and processes do not share.

use std::sync::atomic::{AtomicU64, Ordering};

/// Whether CI's `STX_REQUIRE_LIVE_DB=1` makes a missing server a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveDb {
    /// A server every machine of the project runs (PostgreSQL, MariaDB).
    Required,
    /// A server that only some machines have (SQL Server through docker/compose.yaml).
    Optional,
}

/// The URL in the environment variable `var`, or `None` after printing `skipped: …`.
///
/// # Panics
/// When `var` is unset, `need` is [`LiveDb::Required`] and `STX_REQUIRE_LIVE_DB=1`: a test
/// that must run against a live server fails instead of passing silently.
pub fn live_url(var: &str, need: LiveDb) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_string()),
        _ if need == LiveDb::Required
            && std::env::var("STX_REQUIRE_LIVE_DB").as_deref() == Ok("1") =>
        {
            panic!("{var} is not set but STX_REQUIRE_LIVE_DB=1: start the server and set {var} (see README, Development)")
        }
        _ => {
            eprintln!("skipped: {var} not set");
            None
        }
    }
}

/// `prefix_<pid>_<counter>_<nanos>`: a table or database name no other test uses.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differ_and_unset_optional_servers_skip() {
        assert_ne!(unique_name("t"), unique_name("t"));
        assert!(unique_name("stx").starts_with("stx_"));
        assert_eq!(
            live_url("STX_TESTING_SURELY_UNSET_VAR", LiveDb::Optional),
            None
        );
    }
}
