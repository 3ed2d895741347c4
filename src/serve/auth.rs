//! Who may talk to the workbench: the holder of the token, from a page of this server.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::Workbench;

/// The cookie the token is traded for.
const COOKIE: &str = "stx_token";

/// Checks the Host, the token (query, cookie or bearer header) and a write's Origin; adds the
/// headers that keep other sites' pages out.
pub async fn guard(State(wb): State<Arc<Workbench>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if let Some(hosts) = &wb.hosts {
        // A page of another site reaching 127.0.0.1 through its own DNS name (rebinding)
        // sends that name as Host.
        if !hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return refuse(
                StatusCode::FORBIDDEN,
                "this server answers to its own address only",
            );
        }
    }
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if writes {
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            let same = origin
                .strip_prefix("http://")
                .is_some_and(|o| o.eq_ignore_ascii_case(host));
            if !same {
                return refuse(
                    StatusCode::FORBIDDEN,
                    "a page of another site cannot write here",
                );
            }
        }
    }
    let from_query = query_token(request.uri().query());
    let presented = from_query
        .clone()
        .or_else(|| cookie_token(headers))
        .or_else(|| {
            headers
                .get(header::AUTHORIZATION)
                .and_then(|a| a.to_str().ok())
                .and_then(|a| a.strip_prefix("Bearer "))
                .map(str::to_string)
        });
    if !presented.is_some_and(|t| same_token(&t, &wb.token)) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "open the URL stx-migrate serve printed (it holds the access token)",
        );
    }
    if from_query.is_some() && request.method() == Method::GET {
        // The token leaves the address bar (and the history) for a cookie.
        let path = request.uri().path().to_string();
        let mut response = Redirect::to(&path).into_response();
        let cookie = format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", wb.token);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return secured(response);
    }
    secured(next.run(request).await)
}

fn refuse(status: StatusCode, message: &str) -> Response {
    secured((status, axum::Json(serde_json::json!({ "error": message }))).into_response())
}

/// Headers on every answer: no foreign script, style or frame, no referrer (the token never
/// leaves in one), no type sniffing.
fn secured(mut response: Response) -> Response {
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::CACHE_CONTROL, "no-store");
    response
}

fn query_token(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .map(str::to_string)
}

fn cookie_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_string)
        })
}

/// Compares in time independent of where the strings differ.
fn same_token(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_read_from_query_and_cookie_and_compared_whole() {
        assert_eq!(query_token(Some("a=1&token=abc")), Some("abc".into()));
        assert_eq!(query_token(Some("a=1")), None);
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("x=1; stx_token=abc"),
        );
        assert_eq!(cookie_token(&headers), Some("abc".into()));
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abd", "abc"));
        assert!(!same_token("ab", "abc"));
    }
}
