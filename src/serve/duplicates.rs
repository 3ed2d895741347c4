//! The duplicate clusters of a run (`duplicates.csv`): each member with the compared values
//! side by side and the waterfall of the pair that links it (the prior and each comparison's
//! bits, which sum to the score), and the decisions already taken.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use super::api::{ApiError, ApiResult, WhichRun};
use super::Workbench;
use axum::extract::Query;

/// A member of a cluster.
#[derive(Debug, Clone, Serialize)]
struct Member {
    key: String,
    row: String,
    role: String,
    score: String,
    probability: String,
    linked_to: String,
    /// Compared columns → value (masked unless shown).
    values: Vec<(String, String)>,
    /// (comparison, level, bits), the prior first.
    waterfall: Vec<(String, String, String)>,
}

/// A cluster.
#[derive(Debug, Clone, Serialize)]
struct Cluster {
    cluster: String,
    status: String,
    kind: String,
    members: Vec<Member>,
}

/// The clusters of the run, review first, and the decisions file's lines and version.
pub async fn clusters(State(wb): State<Arc<Workbench>>, Query(q): Query<WhichRun>) -> ApiResult {
    let folder = super::runs::run_folder(&wb, &q).await?;
    let path = folder.join("duplicates.csv");
    if !path.exists() {
        return Ok(Json(serde_json::json!({
            "clusters": [], "decisions": [], "version": "",
            "note": "this run wrote no duplicates.csv: [dedupe] is off, or no duplicate was found",
        })));
    }
    let mut clusters = read_clusters(&path, q.show)?;
    // Clusters held for review first: they wait for a person.
    clusters.sort_by_key(|c| (c.status != "review", c.cluster.clone()));
    let (_, migration) = wb.migration(&q.m)?;
    let (decisions, version) = super::decisions::current(&migration)?;
    Ok(Json(serde_json::json!({
        "clusters": clusters,
        "decisions": decisions,
        "version": version,
        "masked": !q.show,
    })))
}

fn read_clusters(path: &std::path::Path, show: bool) -> Result<Vec<Cluster>, ApiError> {
    let bad = |e: &dyn std::fmt::Display| ApiError::internal(format!("{}: {e}", path.display()));
    let mut reader = csv::Reader::from_path(path).map_err(|e| bad(&e))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| bad(&e))?
        .iter()
        .map(str::to_string)
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let values_from = at("reason").map_or(0, |i| i + 1);
    let values_to = at("w:prior").unwrap_or(header.len());
    let mut by_cluster: BTreeMap<String, Cluster> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(&e))?;
        let get = |name: &str| {
            at(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_string()
        };
        let values = (values_from..values_to)
            .map(|i| {
                let column = header[i].clone();
                let value = record.get(i).unwrap_or("");
                let shown = if show {
                    value.to_string()
                } else {
                    crate::report::mask_sample(&column, value)
                };
                (column, shown)
            })
            .collect();
        let mut waterfall = vec![("prior".to_string(), String::new(), get("w:prior"))];
        for (i, h) in header.iter().enumerate() {
            if let Some(comparison) = h.strip_prefix("l:") {
                waterfall.push((
                    comparison.to_string(),
                    record.get(i).unwrap_or("").to_string(),
                    get(&format!("w:{comparison}")),
                ));
            }
        }
        let member = Member {
            key: get("key"),
            row: get("row"),
            role: get("role"),
            score: get("score"),
            probability: get("probability"),
            linked_to: get("linked_to"),
            values,
            waterfall,
        };
        by_cluster
            .entry(get("cluster"))
            .or_insert_with(|| Cluster {
                cluster: get("cluster"),
                status: get("status"),
                kind: get("kind"),
                members: Vec::new(),
            })
            .members
            .push(member);
    }
    Ok(by_cluster.into_values().collect())
}
