//! The routes: the page and its assets, and the JSON API its script calls.

use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::{assets, auth, decisions, duplicates, findings, mapping, runs, Workbench};

/// An answer that is not a success: a status and a message the page shows.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// 400.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
    /// 409: someone else wrote first.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::CONFLICT,
            message: message.into(),
        }
    }
    /// 500.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

/// JSON or an error.
pub type ApiResult = Result<Json<serde_json::Value>, ApiError>;

/// `?m=ID`: the migration a request is about.
#[derive(Debug, Deserialize)]
pub struct Which {
    /// The migration's id.
    pub m: String,
}

/// `?m=ID&run=RUN`.
#[derive(Debug, Deserialize)]
pub struct WhichRun {
    /// The migration's id.
    pub m: String,
    /// The run's id.
    pub run: String,
    /// Show personal data unmasked.
    #[serde(default)]
    pub show: bool,
}

/// Every route, behind the token guard.
pub fn router(workbench: Arc<Workbench>) -> Router {
    Router::new()
        .route("/", get(assets::page))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/api/migrations", get(migrations))
        .route("/api/runs", get(runs::list).post(runs::start))
        .route("/api/jobs/{job}", get(runs::job))
        .route("/api/file", get(runs::file))
        .route("/api/findings", get(findings::page))
        .route("/api/duplicates", get(duplicates::clusters))
        .route("/api/decisions", post(decisions::decide))
        .route("/api/mapping", get(mapping::entries).post(mapping::save))
        .route("/api/preview", post(mapping::preview))
        .fallback(|| async { ApiError::not_found("no such page") })
        .layer(axum::middleware::from_fn_with_state(
            workbench.clone(),
            auth::guard,
        ))
        .with_state(workbench)
}

async fn migrations(State(wb): State<Arc<Workbench>>) -> ApiResult {
    let list: Vec<serde_json::Value> = wb
        .migrations
        .values()
        .map(|s| {
            let name = crate::migration::Migration::load(&s.path)
                .map(|m| m.file.migration.name)
                .unwrap_or_default();
            serde_json::json!({ "id": s.id, "name": name, "path": s.path })
        })
        .collect();
    Ok(Json(serde_json::json!(list)))
}

/// A file's bytes as a download.
pub fn download(name: &str, bytes: Vec<u8>) -> Response {
    let kind = match name.rsplit('.').next() {
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("html") => "text/html; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
    let disposition = format!(
        "attachment; filename=\"{}\"",
        name.replace(['"', '\\', '\r', '\n'], "_")
    );
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// `/api/jobs/{job}`'s path.
pub type JobPath = UrlPath<String>;
