//! What the run state knows for the service operations (`stx-migrate service`, `bulk apply`):
//! the contacts each service file touched, and which contacts an import created that are
//! still as it left them, the only ones DROP may remove.
//!
//! ```text
//! created   key_history rows of the run with op INSERT
//! changed   a later run of the migration wrote an UPDATE or INVALIDATE row for the key,
//!           or a later service file touched its contact number (service_contacts)
//! refused   changed, not imported (reconcile), or without a number (SecuTix allocated it)
//! ```

use std::collections::HashMap;

use sqlx::Row;

use super::{KeyOp, StateError, StateStore};

/// A contact that a run created, as DROP sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropCandidate {
    /// Its source key.
    pub key: String,
    /// Its contact number, when the state knows it.
    pub contact_nr: Option<String>,
    /// Why DROP must leave it alone; `None`: it may be dropped.
    pub refusal: Option<DropRefusal>,
}

/// Why a contact created by a run is not dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropRefusal {
    /// A later run or service file changed it (that run's id).
    ChangedBy(String),
    /// `reconcile` found it missing in SecuTix: there is nothing to drop.
    NotImported,
    /// SecuTix allocated its number, which the state does not know.
    NoNumber,
}

impl DropRefusal {
    /// A short name, used as the reason code of the service's refusals.
    pub fn code(&self) -> &'static str {
        match self {
            DropRefusal::ChangedBy(_) => "changed-since",
            DropRefusal::NotImported => "not-imported",
            DropRefusal::NoNumber => "no-number",
        }
    }
}

impl StateStore {
    /// The run's position among the runs of its migration.
    async fn run_order(&self, run_id: &str) -> Result<i64, StateError> {
        let order: Option<i64> = sqlx::query_scalar("SELECT run_order FROM runs WHERE run_id = $1")
            .bind(run_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.error(e))?
            .flatten();
        order.ok_or_else(|| StateError::Store {
            path: self.path.clone(),
            message: format!("run {run_id} is not recorded"),
        })
    }

    /// Records the contact numbers a service file touched.
    pub async fn record_service_contacts(
        &self,
        run_id: &str,
        migration: &str,
        numbers: &[String],
    ) -> Result<(), StateError> {
        let insert = if self.postgres {
            "INSERT INTO service_contacts (run_id, migration_name, contact_nr) \
             SELECT $1, $2, j FROM json_array_elements_text($3::json) AS j ON CONFLICT DO NOTHING"
        } else {
            "INSERT OR IGNORE INTO service_contacts (run_id, migration_name, contact_nr) \
             SELECT $1, $2, j.value FROM json_each($3) AS j"
        };
        let mut tx = self.pool.begin().await.map_err(|e| self.error(e))?;
        for chunk in numbers.chunks(50_000) {
            let json = serde_json::to_string(chunk).map_err(|e| StateError::Store {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
            sqlx::query(insert)
                .bind(run_id)
                .bind(migration)
                .bind(json)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.error(e))?;
        }
        tx.commit().await.map_err(|e| self.error(e))
    }

    /// The contact numbers a service run touched, in number order.
    pub async fn service_contacts(&self, run_id: &str) -> Result<Vec<String>, StateError> {
        let mut numbers: Vec<String> =
            sqlx::query_scalar("SELECT contact_nr FROM service_contacts WHERE run_id = $1")
                .bind(run_id)
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.error(e))?;
        numbers.sort_by(|a, b| number_order(Some(a), Some(b)));
        Ok(numbers)
    }

    /// The contacts run `run_id` created (INSERT rows), each with what keeps DROP from
    /// removing it, in contact-number order (those without a number last).
    pub async fn drop_candidates(
        &self,
        migration: &str,
        run_id: &str,
    ) -> Result<Vec<DropCandidate>, StateError> {
        let order = self.run_order(run_id).await?;
        let changed_keys = self.later(migration, order, KEYS_CHANGED_LATER).await?;
        let touched_numbers = self.later(migration, order, NUMBERS_TOUCHED_LATER).await?;
        let mut out: Vec<DropCandidate> = self
            .key_rows(run_id)
            .await?
            .into_iter()
            .filter(|row| row.op == KeyOp::Insert)
            .map(|row| {
                let changed = changed_keys.get(&row.key).or_else(|| {
                    row.contact_nr
                        .as_ref()
                        .and_then(|nr| touched_numbers.get(nr))
                });
                let refusal = if let Some(run) = changed {
                    Some(DropRefusal::ChangedBy(run.clone()))
                } else if row.not_imported {
                    Some(DropRefusal::NotImported)
                } else if row.contact_nr.is_none() {
                    Some(DropRefusal::NoNumber)
                } else {
                    None
                };
                DropCandidate {
                    key: row.key,
                    contact_nr: row.contact_nr,
                    refusal,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            number_order(a.contact_nr.as_ref(), b.contact_nr.as_ref()).then(a.key.cmp(&b.key))
        });
        Ok(out)
    }

    /// The first later run (by run order) per key or number that `query` returns.
    async fn later(
        &self,
        migration: &str,
        order: i64,
        query: &'static str,
    ) -> Result<HashMap<String, String>, StateError> {
        let rows = sqlx::query(query)
            .bind(migration)
            .bind(order)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.error(e))?;
        let mut first = HashMap::new();
        for row in rows {
            first.entry(row.get(0)).or_insert_with(|| row.get(1));
        }
        Ok(first)
    }
}

/// Keys a later run wrote an UPDATE or INVALIDATE row for, earliest run first.
const KEYS_CHANGED_LATER: &str =
    "SELECT h.key, h.run_id FROM key_history h JOIN runs r ON r.run_id = h.run_id \
     WHERE h.migration_name = $1 AND r.run_order > $2 AND h.op IN ('UPDATE', 'INVALIDATE') \
     ORDER BY r.run_order";

/// Contact numbers a later completed service file touched, earliest run first.
const NUMBERS_TOUCHED_LATER: &str =
    "SELECT s.contact_nr, s.run_id FROM service_contacts s JOIN runs r ON r.run_id = s.run_id \
     WHERE s.migration_name = $1 AND r.run_order > $2 AND r.status = 'completed' \
     ORDER BY r.run_order";

/// Contact numbers in numeric order (shorter first, then by digits); none last.
fn number_order(a: Option<&String>, b: Option<&String>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::{RunStart, RunStatus};

    fn start(run_id: &str, operation: Option<&str>) -> RunStart {
        RunStart {
            run_id: run_id.into(),
            migration_name: "m".into(),
            migration_sha256: "abc".into(),
            source: "test".into(),
            out_dir: std::path::PathBuf::from("out").join(run_id),
            tag: None,
            operation: operation.map(str::to_string),
        }
    }

    async fn key_rows(store: &StateStore, run_id: &str, rows: &[(&str, &str, Option<&str>)]) {
        // The rows as JSON, as `record_keys` sends them.
        let json = serde_json::to_string(rows).unwrap();
        sqlx::query(
            "INSERT INTO key_history (run_id, migration_name, key, op, contact_nr) \
             SELECT $1, 'm', j.value->>0, j.value->>1, j.value->>2 FROM json_each($2) AS j",
        )
        .bind(run_id)
        .bind(json)
        .execute(&store.pool)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn drop_leaves_alone_what_was_changed_not_imported_or_numbered_by_secutix() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::open(&StateStore::path_for(dir.path()))
            .await
            .unwrap();
        for (run, operation) in [
            ("j7", None),
            ("j1", None),
            ("svc", Some("UPDATE")),
            ("j0", None),
        ] {
            store.begin(&start(run, operation)).await.unwrap();
            store
                .finish(run, RunStatus::Completed, None, Some(true), None)
                .await
                .unwrap();
        }
        key_rows(
            &store,
            "j7",
            &[
                ("a", "INSERT", Some("100")),
                ("b", "INSERT", Some("101")),
                ("c", "INSERT", Some("102")),
                ("d", "INSERT", None),
                ("e", "INSERT", Some("99")),
                ("f", "INSERT", Some("103")),
            ],
        )
        .await;
        sqlx::query("UPDATE key_history SET not_imported = TRUE WHERE key = 'e'")
            .execute(&store.pool)
            .await
            .unwrap();
        // b changed by the next run; c's number touched by a service file; f only seen again.
        key_rows(
            &store,
            "j1",
            &[("b", "UPDATE", Some("101")), ("f", "SAME", Some("103"))],
        )
        .await;
        store
            .record_service_contacts("svc", "m", &["102".into()])
            .await
            .unwrap();
        // A run after j0 does not count for j0, and j0's own rows are not "later".
        key_rows(&store, "j0", &[("a", "INSERT", Some("100"))]).await;
        let got: Vec<(String, Option<DropRefusal>)> = store
            .drop_candidates("m", "j7")
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.key, c.refusal))
            .collect();
        assert_eq!(
            got,
            vec![
                ("e".into(), Some(DropRefusal::NotImported)),
                ("a".into(), None),
                ("b".into(), Some(DropRefusal::ChangedBy("j1".into()))),
                ("c".into(), Some(DropRefusal::ChangedBy("svc".into()))),
                ("f".into(), None),
                ("d".into(), Some(DropRefusal::NoNumber)),
            ]
        );
        assert_eq!(store.service_contacts("svc").await.unwrap(), vec!["102"]);
        let svc = store
            .runs()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.run_id == "svc")
            .unwrap();
        assert_eq!(svc.operation.as_deref(), Some("UPDATE"));
    }
}
