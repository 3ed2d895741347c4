//! `stx-migrate serve` as a person uses it: every endpoint over HTTP (the token, bad input
//! answered 4xx with a message, no path outside the migration folder), and the pages in
//! headless Chromium driven through WebDriver (chromedriver): start a run and watch it
//! complete, filter rejects, merge a duplicate pair, edit a mapping expression.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{expect, run_in};

/// A running `stx-migrate serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
    url: String,
    token: String,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status and body.
struct Answer {
    status: u16,
    body: String,
    headers: Vec<(String, String)>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = result.expect("the server answers");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Answer {
        status: response.status().as_u16(),
        body: response.body_mut().read_to_string().unwrap_or_default(),
        headers,
    }
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stx-migrate"))
            .current_dir(dir)
            .args(["--json", "serve", ".", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Server {
            child,
            base: format!("http://{}", ready["address"].as_str().unwrap()),
            url: ready["url"].as_str().unwrap().to_string(),
            token: ready["token"].as_str().unwrap().to_string(),
            agent,
        }
    }

    fn get(&self, path: &str) -> Answer {
        answer(
            self.agent
                .get(&format!("{}{path}", self.base))
                .header("Authorization", &format!("Bearer {}", self.token))
                .call(),
        )
    }

    fn post(&self, path: &str, body: serde_json::Value) -> Answer {
        answer(
            self.agent
                .post(&format!("{}{path}", self.base))
                .header("Authorization", &format!("Bearer {}", self.token))
                .send_json(body),
        )
    }

    /// Starts a run of `migration` from the API and waits for it to end.
    fn run(&self, migration: &str) -> serde_json::Value {
        let started = self.post(&format!("/api/runs?m={migration}"), serde_json::json!({}));
        assert_eq!(started.status, 200, "{}", started.body);
        let job = started.json()["job"].as_str().unwrap().to_string();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let j = self.get(&format!("/api/jobs/{job}")).json();
            if j["status"] != "running" {
                return j;
            }
            assert!(Instant::now() < deadline, "the run did not end: {j}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The demo (300 contacts) and the duplicates demo, each with a first run.
fn demos(d: &Path) {
    demos_of(d, 300);
}

/// The demo with `contacts` contacts and the duplicates demo (300), each with a first run.
fn demos_of(d: &Path, contacts: usize) {
    super::demo_run(d, contacts, "demo/j7");
    expect(
        &run_in(
            d,
            &[
                "demo",
                "--duplicates",
                "--dir",
                "dup",
                "--contacts",
                "300",
                "--out",
                "dup/r1",
                "-q",
            ],
        ),
        0,
    );
}

const DEMO: &str = "demo/migration.toml";
const DUP: &str = "dup/migration.toml";

#[test]
fn only_the_token_holder_gets_in_and_bad_requests_get_a_4xx_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demos(d);
    let server = Server::start(d);
    the_token_the_cookie_and_another_sites_pages(&server);
    bad_requests_get_a_4xx_with_a_message(&server);
    a_compile_error_reads_as_the_clis(d, &server);
}

/// Without the token 401; the token traded for a cookie; another site refused.
fn the_token_the_cookie_and_another_sites_pages(server: &Server) {
    let plain = |path: &str, headers: &[(&str, &str)]| {
        let mut request = server.agent.get(&format!("{}{path}", server.base));
        for (n, v) in headers {
            request = request.header(*n, *v);
        }
        answer(request.call())
    };
    // No token, a wrong one: 401 with a message.
    for headers in [vec![], vec![("Authorization", "Bearer 0000")]] {
        let a = plain("/api/migrations", &headers);
        assert_eq!(a.status, 401, "{}", a.body);
        assert!(a.json()["error"].as_str().unwrap().contains("token"));
    }
    // The token of the URL becomes a cookie, and leaves the address.
    let path = format!("/?token={}", server.token);
    let login = plain(&path, &[]);
    assert_eq!(login.status, 303);
    assert_eq!(login.header("location"), Some("/"));
    let cookie = login.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_string();
    let page = plain("/", &[("Cookie", &cookie)]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<script src=\"/app.js\""));
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"));
    // Another site: through DNS rebinding (its own Host) or a form posting here (its Origin).
    let rebound = plain(
        "/api/migrations",
        &[("Cookie", &cookie), ("Host", "evil.example:80")],
    );
    assert_eq!(rebound.status, 403);
    let forged = answer(
        server
            .agent
            .post(&format!("{}/api/runs?m={DEMO}", server.base))
            .header("Cookie", &cookie)
            .header("Origin", "http://evil.example")
            .send_json(serde_json::json!({})),
    );
    assert_eq!(forged.status, 403, "{}", forged.body);

    let migrations = server.get("/api/migrations").json();
    let ids: Vec<&str> = migrations
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [DEMO, DUP]);
}

/// Bad input: 4xx with a message, never a file outside the run.
fn bad_requests_get_a_4xx_with_a_message(server: &Server) {
    for (path, status, message) in [
        ("/api/runs?m=nope.toml", 404, "no migration 'nope.toml'"),
        ("/api/runs?m=../demo/migration.toml", 404, "no migration"),
        (
            "/api/file?m=demo/migration.toml&run=j7&name=../../../../etc/passwd",
            404,
            "wrote no file",
        ),
        (
            "/api/file?m=demo/migration.toml&run=j7&name=migration.toml",
            404,
            "wrote no file",
        ),
        (
            "/api/file?m=demo/migration.toml&run=nope&name=rejects.csv",
            404,
            "no run 'nope'",
        ),
        (
            "/api/findings?m=demo/migration.toml&run=j7&kind=secrets",
            400,
            "rejects or warnings",
        ),
        ("/api/findings?m=demo/migration.toml", 400, "run"),
        ("/api/jobs/job-99", 404, "no job"),
        (
            "/api/duplicates?m=dup/migration.toml&run=nope",
            404,
            "no run 'nope'",
        ),
        (
            "/api/mapping?m=other.toml",
            404,
            "no migration 'other.toml'",
        ),
        ("/api/nothing", 404, "no such page"),
    ] {
        let a = server.get(path);
        assert_eq!(a.status, status, "{path}: {}", a.body);
        assert!(a.body.contains(message), "{path}: {}", a.body);
        assert!(!a.body.contains("root:"), "{path}");
    }
    for (path, body, message) in [
        (
            "/api/decisions?m=dup/migration.toml",
            serde_json::json!({"decision": "maybe", "key": "1", "other": "2", "who": "x", "version": ""}),
            "not a decision",
        ),
        (
            "/api/decisions?m=dup/migration.toml",
            serde_json::json!({"decision": "merge", "key": "1", "who": "x", "version": ""}),
            "give a cluster",
        ),
        (
            "/api/decisions?m=dup/migration.toml",
            serde_json::json!({"decision": "merge", "key": "1", "other": "2", "who": " ", "version": ""}),
            "say who",
        ),
        (
            "/api/decisions?m=demo/migration.toml",
            serde_json::json!({"decision": "merge", "key": "1", "other": "2", "who": "x", "version": ""}),
            "[dedupe] decisions",
        ),
        (
            "/api/preview?m=demo/migration.toml",
            serde_json::json!({"column": "NOT_A_COLUMN", "expression": "x"}),
            "not a column",
        ),
        (
            "/api/mapping?m=demo/migration.toml",
            serde_json::json!({"column": "LASTNAME", "expression": "x", "sha256": "old"}),
            "changed since",
        ),
    ] {
        let a = server.post(path, body);
        assert!(
            (400..500).contains(&a.status),
            "{path}: {} {}",
            a.status,
            a.body
        );
        assert!(
            a.json()["error"].as_str().unwrap().contains(message),
            "{path}: {}",
            a.body
        );
    }
    let malformed = server.post(
        "/api/decisions?m=dup/migration.toml",
        serde_json::json!([1]),
    );
    assert_eq!(malformed.status, 422, "{}", malformed.body);
}

/// A compile error in the page reads as the CLI's: the same message as `preview` of the same
/// file.
fn a_compile_error_reads_as_the_clis(d: &Path, server: &Server) {
    let wrong = server.post(
        "/api/preview?m=demo/migration.toml",
        serde_json::json!({"column": "LASTNAME", "expression": "upper(last_nam)"}),
    );
    let page_error = wrong.json()["error"].as_str().unwrap().to_string();
    let text = std::fs::read_to_string(d.join(DEMO)).unwrap();
    let broken = text.replace(
        "LASTNAME = \"title_case(collapse_spaces(fix_mojibake(coalesce(last_name, cp_last_name))))\"",
        "LASTNAME = \"upper(last_nam)\"",
    );
    assert_ne!(broken, text);
    std::fs::write(d.join("demo/broken.toml"), broken).unwrap();
    let (_, stderr) = expect(&run_in(d, &["preview", "demo/broken.toml"]), 2);
    let cli_error = stderr.trim().trim_start_matches("error: ");
    // The page names the file by its absolute path, the CLI as it was given.
    let page_error = page_error
        .replace("migration.toml", "broken.toml")
        .replace(&format!("{}/", d.display()), "");
    assert_eq!(page_error, cli_error, "the page and the CLI say the same");
    assert_eq!(
        page_error.replace("migration.toml", "broken.toml"),
        cli_error,
        "the page and the CLI say the same"
    );
}

#[test]
fn runs_files_findings_decisions_and_mapping_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demos(d);
    let server = Server::start(d);
    let (run_id, out) = a_run_from_the_api_and_its_files(&server);
    findings_paged_filtered_and_masked(&server, &run_id, &out);
    decisions_and_a_conflicting_one(d, &server);
    mapping_preview_and_save(d, &server);
}

/// A run started from the API completes and is listed with its files.
fn a_run_from_the_api_and_its_files(server: &Server) -> (String, PathBuf) {
    let job = server.run(DEMO);
    assert_eq!(job["status"], "completed", "{job}");
    assert_eq!(job["rows_read"], 300);
    let run_id = job["run_id"].as_str().unwrap().to_string();
    let runs = server.get(&format!("/api/runs?m={DEMO}")).json();
    let listed: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["run_id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["j7", run_id.as_str()]);
    let record = &runs[1];
    let out = PathBuf::from(record["out_dir"].as_str().unwrap());
    for name in [
        "contacts.csv",
        "rejects.csv",
        "warnings.csv",
        "missing-config.csv",
        "report.html",
        "protocol.json",
    ] {
        let a = server.get(&format!("/api/file?m={DEMO}&run={run_id}&name={name}"));
        assert_eq!(a.status, 200, "{name}");
        assert_eq!(
            a.body.as_bytes(),
            std::fs::read(out.join(name)).unwrap(),
            "{name}"
        );
        assert!(a.header("content-disposition").unwrap().contains(name));
    }
    (run_id, out)
}

/// Findings: paged, filtered, masked unless asked.
fn findings_paged_filtered_and_masked(server: &Server, run_id: &str, out: &Path) {
    let warnings = super::delta::csv_rows(&out.join("warnings.csv"));
    let total = warnings.len();
    let first = server
        .get(&format!(
            "/api/findings?m={DEMO}&run={run_id}&kind=warnings&limit=7"
        ))
        .json();
    assert_eq!(first["total"], total);
    assert_eq!(first["rows"].as_array().unwrap().len(), 7);
    let second = server
        .get(&format!(
            "/api/findings?m={DEMO}&run={run_id}&kind=warnings&limit=7&offset=7"
        ))
        .json();
    let rows = |p: &serde_json::Value| -> Vec<u64> {
        p["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["row"].as_u64().unwrap())
            .collect()
    };
    let (a, b) = (rows(&first), rows(&second));
    assert!(
        a.windows(2).all(|w| w[0] <= w[1]) && a.last() <= b.first(),
        "sorted by source row: {a:?} {b:?}"
    );
    let phone = server
        .get(&format!(
            "/api/findings?m={DEMO}&run={run_id}&kind=warnings&rule=phone&limit=500"
        ))
        .json();
    let expected_phone = warnings.iter().filter(|w| w["rule"] == "phone").count();
    assert_eq!(phone["matched"], expected_phone);
    assert!(phone["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["rule"] == "phone"));
    let masked = &phone["rows"][0];
    let shown = &server
        .get(&format!(
            "/api/findings?m={DEMO}&run={run_id}&kind=warnings&rule=phone&limit=1&show=true"
        ))
        .json()["rows"][0];
    assert_ne!(masked["value"], shown["value"]);
    assert!(masked["value"].as_str().unwrap().contains('*'));
    assert!(!masked["message"]
        .as_str()
        .unwrap()
        .contains(shown["value"].as_str().unwrap()));
}

/// Duplicates: a merge, then a conflicting decision from a page that loaded before it
/// (refused), and another one from that page (added).
fn decisions_and_a_conflicting_one(d: &Path, server: &Server) {
    let clusters = server
        .get(&format!("/api/duplicates?m={DUP}&run=r1"))
        .json();
    let version = clusters["version"].as_str().unwrap().to_string();
    let review = clusters["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "review")
        .expect("a cluster for review");
    let member = review["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["linked_to"] != "")
        .unwrap();
    let (key, other) = (
        member["key"].as_str().unwrap(),
        member["linked_to"].as_str().unwrap(),
    );
    let waterfall = member["waterfall"].as_array().unwrap();
    assert_eq!(waterfall[0][0], "prior");
    let bits: f64 = waterfall
        .iter()
        .map(|s| s[2].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    let score: f64 = member["score"].as_str().unwrap().parse().unwrap();
    assert!(
        (bits - score).abs() < 0.05,
        "the waterfall sums to the score: {bits} vs {score}"
    );
    let merged = server.post(
        &format!("/api/decisions?m={DUP}"),
        serde_json::json!({"decision": "merge", "key": key, "other": other, "who": "anna", "version": version}),
    );
    assert_eq!(merged.status, 200, "{}", merged.body);
    let conflict = server.post(
        &format!("/api/decisions?m={DUP}"),
        serde_json::json!({"decision": "keep-apart", "key": other, "other": key, "who": "bob", "version": version}),
    );
    assert_eq!(conflict.status, 409, "{}", conflict.body);
    assert!(
        conflict.body.contains("anna decided 'merge'"),
        "{}",
        conflict.body
    );
    // Another pair decided from the same stale page is added, not lost.
    let other_cluster = clusters["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster"] != review["cluster"])
        .unwrap();
    let apart = server.post(
        &format!("/api/decisions?m={DUP}"),
        serde_json::json!({"decision": "split", "cluster": other_cluster["cluster"], "who": "bob", "version": version}),
    );
    assert_eq!(apart.status, 200, "{}", apart.body);
    let decisions = std::fs::read_to_string(d.join("dup/decisions.csv")).unwrap();
    let lines: Vec<&str> = decisions.lines().collect();
    assert_eq!(lines[0], "decision,cluster,key,other,note,by,at");
    assert!(
        lines[1].starts_with(&format!("merge,,{key},{other},,anna,")),
        "{decisions}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "split,{},,,,bob,",
            other_cluster["cluster"].as_str().unwrap()
        )),
        "{decisions}"
    );
    assert_eq!(lines.len(), 3);
    // The CLI replays the file: the next run reads it without complaint.
    expect(&run_in(d, &["run", DUP, "--out", "dup/r2", "-q"]), 0);
}

/// Mapping: preview of an edit, then saved with the file's comments kept.
fn mapping_preview_and_save(d: &Path, server: &Server) {
    let mapping = server.get(&format!("/api/mapping?m={DEMO}")).json();
    let sha = mapping["sha256"].as_str().unwrap().to_string();
    assert!(mapping["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["column"] == "LASTNAME"));
    let preview = server.post(
        &format!("/api/preview?m={DEMO}"),
        serde_json::json!({"column": "LASTNAME", "expression": "upper(last_name)", "rows": 5, "show": true}),
    ).json();
    let columns = preview["columns"].as_array().unwrap();
    let at = columns.iter().position(|c| c == "LASTNAME").unwrap();
    let values: Vec<&str> = preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["cells"][at]["value"].as_str().unwrap())
        .collect();
    assert!(
        values.iter().any(|v| !v.is_empty()) && values.iter().all(|v| v.to_uppercase() == *v),
        "{values:?}"
    );
    let before = std::fs::read_to_string(d.join(DEMO)).unwrap();
    let saved = server.post(
        &format!("/api/mapping?m={DEMO}"),
        serde_json::json!({"column": "LASTNAME", "expression": "upper(last_name)", "sha256": sha}),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let after = std::fs::read_to_string(d.join(DEMO)).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].1, "LASTNAME = \"upper(last_name)\"");
    assert_eq!(
        before.lines().count(),
        after.lines().count(),
        "comments and layout kept"
    );
    // A stale page cannot overwrite it.
    let stale = server.post(
        &format!("/api/mapping?m={DEMO}"),
        serde_json::json!({"column": "LASTNAME", "expression": "last_name", "sha256": sha}),
    );
    assert_eq!(stale.status, 409);
}

// ---- in a browser ----------------------------------------------------------------------------

/// chromedriver with headless Chromium, or why not.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .agent
            .delete(&format!("{}/session/{}", self.base, self.session))
            .call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start() -> Option<Browser> {
        let chromium = std::env::var("STX_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let driver_path =
            std::env::var("STX_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let required = std::env::var("STX_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        if !Path::new(&chromium).exists() || !Path::new(&driver_path).exists() {
            assert!(!required, "STX_REQUIRE_BROWSER=1 but {chromium} or {driver_path} is missing (Debian: chromium chromium-driver)");
            eprintln!("skipped: no {chromium} or {driver_path} (Debian: apt-get install chromium chromium-driver)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = serde_json::json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]}
        }}});
        let created = answer(
            agent
                .post(&format!("{base}/session"))
                .send_json(capabilities),
        )
        .json();
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("{created}"))
            .to_string();
        Some(Browser {
            driver,
            base,
            session,
            agent,
        })
    }

    fn call(&self, method: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let a = match method {
            "GET" => answer(self.agent.get(&url).call()),
            _ => answer(self.agent.post(&url).send_json(body)),
        };
        let v = a.json();
        assert!(v["value"]["error"].is_null(), "{method} {path}: {v}");
        v["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", serde_json::json!({ "url": url }));
    }

    /// Waits for a CSS selector and returns the element.
    fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let url = format!("{}/session/{}/element", self.base, self.session);
            let v = answer(
                self.agent
                    .post(&url)
                    .send_json(serde_json::json!({"using": "css selector", "value": css})),
            )
            .json();
            if let Some(id) = v["value"][ELEMENT].as_str() {
                return id.to_string();
            }
            assert!(Instant::now() < deadline, "no {css} on the page");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &format!("/element/{id}/click"),
            serde_json::json!({}),
        );
    }

    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.call(
            "GET",
            &format!("/element/{id}/text"),
            serde_json::Value::Null,
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &format!("/element/{id}/clear"),
            serde_json::json!({}),
        );
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            serde_json::json!({ "text": text }),
        );
    }

    fn script(&self, script: &str) -> serde_json::Value {
        self.call(
            "POST",
            "/execute/sync",
            serde_json::json!({ "script": script, "args": [] }),
        )
    }

    /// Waits until `check` holds for the text of `css`.
    fn wait_text(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let t = self.text(css);
            if check(&t) {
                return t;
            }
            assert!(Instant::now() < deadline, "{css}: '{t}'");
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let png = self.call("GET", "/screenshot", serde_json::Value::Null);
        base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap()
    }
}

/// Width and height of a PNG, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let be = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    (be(16), be(20))
}

#[test]
fn the_workbench_in_headless_chromium() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 2,500 contacts: the demo then has rows rejected too.
    demos_of(d, 2500);
    let server = Server::start(d);
    let keep = std::env::var_os("STX_SERVE_KEEP_DIR").map(PathBuf::from);

    // The runs page: page weight and time to first render.
    browser.open(&server.url);
    browser.wait_text("#runs-table tbody", |t| t.contains("j7"));
    let timing = browser.script(
        "const n = performance.getEntriesByType('navigation')[0]; \
         const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint'); \
         const bytes = performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, n.transferSize); \
         return { fcp: paint ? paint.startTime : null, dom: n.domContentLoadedEventEnd, bytes: bytes };",
    );
    eprintln!(
        "runs page: first contentful paint {} ms, DOMContentLoaded {} ms, {} bytes transferred",
        timing["fcp"], timing["dom"], timing["bytes"]
    );

    // Start the demo's run and watch it complete.
    browser.click("#start-run");
    browser.wait_text("#job-status", |t| t == "Completed");
    let rows = browser.text("#job-rows");
    assert_eq!(rows, "2500");
    browser.wait_text("#runs-table tbody", |t| t.lines().count() >= 2);
    let shot = browser.screenshot();
    let (w, h) = png_size(&shot);
    assert!(
        w >= 1000 && h >= 600 && shot.len() > 20_000,
        "{w}x{h}, {} bytes",
        shot.len()
    );
    if let Some(k) = &keep {
        std::fs::create_dir_all(k).unwrap();
        std::fs::write(k.join("workbench-runs.png"), &shot).unwrap();
    }

    // Rejects and warnings: filter by a rule.
    browser.click("#tab-findings");
    browser.click("#findings-kind option[value='warnings']");
    browser.wait_text("#findings-count", |t| t.contains("warnings.csv"));
    browser.click("#filter-rule option[value='phone']");
    let count = browser.wait_text("#findings-count", |t| {
        t.contains("warnings.csv") && !t.starts_with(&format!("{} of", 0))
    });
    let rules = browser.script("return [...document.querySelectorAll('#findings-table tbody tr td:nth-child(3)')].map(td => td.textContent);");
    let rules = rules.as_array().unwrap();
    assert!(
        !rules.is_empty() && rules.iter().all(|r| r == "phone"),
        "{count}: {rules:?}"
    );
    // The rejects of the run, in the same table: as many lines as rejects.csv has.
    browser.click("#findings-kind option[value='rejects']");
    let count = browser.wait_text("#findings-count", |t| t.contains("rejects.csv"));
    // Records, not lines: a legacy remark may hold a line break.
    let expected = csv::Reader::from_path(d.join("demo/j7/rejects.csv"))
        .unwrap()
        .records()
        .count();
    assert!(expected > 0, "the 2,500-contact demo rejects rows");
    assert!(
        count.starts_with(&format!("{expected} of {expected} lines of rejects.csv")),
        "{count}"
    );
    if let Some(k) = &keep {
        std::fs::write(k.join("workbench-rejects.png"), browser.screenshot()).unwrap();
    }

    // Duplicates: merge a pair of the duplicates demo, found in decisions.csv.
    browser.click(&format!("#migration option[value='{DUP}']"));
    browser.wait_text("#runs-table tbody", |t| t.contains("r1"));
    browser.click("#tab-duplicates");
    browser.type_into("#who", "Claire");
    browser.wait_text("#duplicates-count", |t| t.contains("clusters"));
    let pair = browser.script("const p = document.querySelector('.cluster .pair'); return [p.dataset.key, p.dataset.other];");
    browser.click(".cluster .pair button[data-decision='merge']");
    browser.wait_text("#message", |t| t.contains("written to decisions.csv"));
    let decisions = std::fs::read_to_string(d.join("dup/decisions.csv")).unwrap();
    let line = decisions.lines().nth(1).unwrap_or("");
    assert!(
        line.starts_with(&format!(
            "merge,,{},{},,Claire,",
            pair[0].as_str().unwrap(),
            pair[1].as_str().unwrap()
        )),
        "{decisions}"
    );
    if let Some(k) = &keep {
        std::fs::write(k.join("workbench-duplicates.png"), browser.screenshot()).unwrap();
    }

    // Mapping: an edit changes the preview; a wrong one shows the error at the expression.
    browser.click(&format!("#migration option[value='{DEMO}']"));
    browser.click("#show");
    browser.click("#tab-mapping");
    let area = "textarea[data-column='LASTNAME']";
    browser.type_into(area, "upper(last_name) || '!'");
    browser.wait_text("#preview", |t| t.contains('!'));
    let edited = browser.script(
        "return [...document.querySelectorAll('#preview td[data-edited]')].map(td => td.textContent).filter(v => v);",
    );
    let edited = edited.as_array().unwrap();
    assert!(
        !edited.is_empty()
            && edited.iter().all(|v| {
                let v = v.as_str().unwrap();
                v.ends_with('!') && v.to_uppercase() == v
            }),
        "{edited:?}"
    );
    browser.type_into(area, "upper(last_nam)");
    let error = browser.wait_text("[data-error-for='LASTNAME']", |t| !t.is_empty());
    assert!(error.contains("unknown column 'last_nam'"), "{error}");
    if let Some(k) = &keep {
        std::fs::write(k.join("workbench-mapping.png"), browser.screenshot()).unwrap();
    }
}
