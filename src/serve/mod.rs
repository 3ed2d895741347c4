//! `stx-migrate serve`: a local web workbench over the same engine, files and state as the
//! CLI, for the people a migration engineer works with (the customer's staff fixing rejects,
//! the person deciding which duplicates to merge).
//!
//! ```text
//! serve DIR    the migrations of DIR (a migration file, a folder holding *.toml migrations,
//!              or a folder of such folders), on http://127.0.0.1:PORT/?token=...
//! access       a random token in the printed URL (as Jupyter does); the page trades it for
//!              an HttpOnly, SameSite=Strict cookie; scripts send `Authorization: Bearer`.
//!              The Host header must name this server (no DNS rebinding), a POST's Origin
//!              must be this server's, and every page forbids framing and foreign scripts
//! runs         runs.rs: the state's runs; a run started from the page is `stx-migrate run
//!              --json --progress-json` as a child process, its progress read from stderr
//! findings     rejects.csv / warnings.csv filtered and paged on the server
//! duplicates   duplicates.csv's clusters with their waterfalls; decisions.csv written with
//!              who/when, a conflicting concurrent decision refused (409)
//! mapping      [map] previewed on the first rows with each edit; saved through toml_edit
//! assets       the page, its script and style, compiled into the binary (works offline)
//! ```

mod api;
mod assets;
mod auth;
mod decisions;
mod duplicates;
mod findings;
mod mapping;
mod runs;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::migration::Migration;

/// The default port; when it is taken, a free one is used.
pub const DEFAULT_PORT: u16 = 8750;

/// Why the workbench cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// DIR holds no migration.
    #[error("{dir}: no migration file found (a *.toml with [migration], [source] ...). Hint: give a migration file, its folder, or a folder of migration folders")]
    NoMigration {
        /// The folder.
        dir: PathBuf,
    },
    /// The address cannot be bound.
    #[error(
        "cannot listen on {address}: {message}. Hint: another --port, or --port 0 for any free one"
    )]
    Bind {
        /// The address.
        address: SocketAddr,
        /// What failed.
        message: String,
    },
    /// No random token.
    #[error("cannot make an access token: {0}")]
    Token(String),
}

/// A migration the workbench serves.
#[derive(Debug, Clone)]
pub struct Served {
    /// Its id in URLs: the file's path relative to DIR.
    pub id: String,
    /// The file.
    pub path: PathBuf,
}

/// What every request shares.
pub struct Workbench {
    /// Migrations by id.
    pub migrations: BTreeMap<String, Served>,
    /// The access token.
    token: String,
    /// Host headers this server answers to (`None`: any, `--bind` to all addresses).
    hosts: Option<Vec<String>>,
    /// Runs started from the page.
    jobs: runs::Jobs,
    /// The stx-migrate binary that runs them.
    exe: PathBuf,
    /// Cached findings of run folders.
    findings: findings::Cache,
    /// Serialises writes of decisions.csv and migration files.
    writing: tokio::sync::Mutex<()>,
}

impl Workbench {
    /// The migration `id` names, loaded now (the file may have changed since the last request).
    pub fn migration(&self, id: &str) -> Result<(Served, Migration), api::ApiError> {
        let served = self
            .migrations
            .get(id)
            .cloned()
            .ok_or_else(|| api::ApiError::not_found(format!("no migration '{id}' here")))?;
        let migration =
            Migration::load(&served.path).map_err(|e| api::ApiError::bad_request(e.to_string()))?;
        Ok((served, migration))
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// A migration file or a folder.
    pub dir: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
}

/// A bound server, ready to run.
pub struct Bound {
    listener: tokio::net::TcpListener,
    router: axum::Router,
    /// Where it listens.
    pub address: SocketAddr,
    /// The URL to open, token included.
    pub url: String,
    /// The token.
    pub token: String,
    /// The migrations served.
    pub migrations: Vec<String>,
}

impl Bound {
    /// Serves until the process ends.
    pub async fn run(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router).await
    }
}

/// Finds the migrations, makes the token and binds the port.
pub async fn bind(options: &ServeOptions) -> Result<Bound, ServeError> {
    let migrations = discover(&options.dir);
    if migrations.is_empty() {
        return Err(ServeError::NoMigration {
            dir: options.dir.clone(),
        });
    }
    let token = random_token().map_err(|e| ServeError::Token(e.to_string()))?;
    let listener = listen(options).await?;
    let address = listener.local_addr().map_err(|e| ServeError::Bind {
        address: SocketAddr::new(options.bind, options.port),
        message: e.to_string(),
    })?;
    let port = address.port();
    let hosts = if options.bind.is_unspecified() {
        None
    } else {
        let mut hosts = vec![format!("{}:{port}", host_of(options.bind))];
        if options.bind.is_loopback() {
            hosts.push(format!("localhost:{port}"));
            hosts.push(format!("127.0.0.1:{port}"));
            hosts.push(format!("[::1]:{port}"));
        }
        Some(hosts)
    };
    let shown_host = if options.bind.is_unspecified() {
        crate::runs::host_name()
    } else {
        host_of(options.bind)
    };
    let url = format!("http://{shown_host}:{port}/?token={token}");
    let ids = migrations.keys().cloned().collect();
    let workbench = Arc::new(Workbench {
        migrations,
        token: token.clone(),
        hosts,
        jobs: runs::Jobs::default(),
        exe: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("stx-migrate")),
        findings: findings::Cache::default(),
        writing: tokio::sync::Mutex::new(()),
    });
    Ok(Bound {
        listener,
        router: api::router(workbench),
        address,
        url,
        token,
        migrations: ids,
    })
}

async fn listen(options: &ServeOptions) -> Result<tokio::net::TcpListener, ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    match tokio::net::TcpListener::bind(address).await {
        Ok(l) => Ok(l),
        // The default port taken: any free one, as a second Jupyter does.
        Err(_) if options.port == DEFAULT_PORT => {
            let any = SocketAddr::new(options.bind, 0);
            tokio::net::TcpListener::bind(any)
                .await
                .map_err(|e| ServeError::Bind {
                    address: any,
                    message: e.to_string(),
                })
        }
        Err(e) => Err(ServeError::Bind {
            address,
            message: e.to_string(),
        }),
    }
}

fn host_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// 24 random bytes from the system, in hex.
fn random_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// The migrations under `dir`: the file itself, or the `*.toml` migration files of the folder
/// and of its subfolders (one level), by path relative to `dir`.
pub fn discover(dir: &Path) -> BTreeMap<String, Served> {
    let mut found = BTreeMap::new();
    let mut consider = |path: PathBuf, base: &Path| {
        if path.extension().is_some_and(|e| e == "toml") && Migration::load(&path).is_ok() {
            let id = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            // Absolute: a run started from the page is a child process reading it.
            let path = std::path::absolute(&path).unwrap_or(path);
            found.insert(id.clone(), Served { id, path });
        }
    };
    if dir.is_file() {
        let base = dir.parent().unwrap_or(Path::new("."));
        consider(dir.to_path_buf(), base);
        return found;
    }
    let entries = |d: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    for path in entries(dir) {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            for inner in entries(&path) {
                consider(inner, dir);
            }
        } else {
            consider(path, dir);
        }
    }
    found
}
