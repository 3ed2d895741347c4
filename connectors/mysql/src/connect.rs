//! Connection options from a [`DbUrl`], TLS modes, and the classification of driver errors.

use std::path::PathBuf;
use std::time::Duration;

use mysql_async::{Conn, DriverError, Error as MyError, IoError, Opts, OptsBuilder, SslOpts};
use stx_connector_core::{DbUrl, SourceError};

use crate::CONNECTOR;

/// URL parameters the connector knows.
pub(crate) const KNOWN_PARAMS: &[&str] = &["ssl-mode", "ssl-ca", "connect-timeout"];

/// Seconds to wait for a connection when the URL sets no `connect-timeout`.
const DEFAULT_CONNECT_TIMEOUT: u64 = 30;

/// How long the server waits for us to take rows before it gives up on a result set. The
/// server default (60 s) would abort a streaming read whenever the pipeline pauses longer.
const NET_WRITE_TIMEOUT_SECS: u32 = 3600;

/// `ssl-mode`, with MySQL's names and meanings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SslMode {
    /// Never TLS.
    Disabled,
    /// TLS when the server offers it (certificate not checked), else plain.
    Preferred,
    /// TLS or fail; certificate not checked.
    Required,
    /// TLS, certificate chain checked (against `ssl-ca` when given), host name not.
    VerifyCa,
    /// TLS, certificate chain and host name checked.
    VerifyIdentity,
}

/// Everything needed to open a connection, shared by the source and its read tasks.
#[derive(Debug, Clone)]
pub(crate) struct Connector {
    pub(crate) url: DbUrl,
    ssl_mode: SslMode,
    ssl_ca: Option<PathBuf>,
    timeout: Duration,
}

/// A driver error, scrubbed of the password, with whether a reconnection could cure it.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) lost: bool,
    pub(crate) code: Option<u16>,
}

impl Connector {
    pub(crate) fn new(url: DbUrl) -> Result<Connector, SourceError> {
        url.only_params(KNOWN_PARAMS)?;
        let local = stx_connector_core::is_local_host(&url.host);
        let ssl_mode = match url.param("ssl-mode").map(|m| m.to_ascii_lowercase()) {
            // The safe default: TLS when offered on this machine only, verified TLS (the
            // system's roots) for any other host.
            None if local => SslMode::Preferred,
            None => SslMode::VerifyIdentity,
            Some(m) => match m.replace('_', "-").as_str() {
                "disabled" => SslMode::Disabled,
                "preferred" => SslMode::Preferred,
                "required" => SslMode::Required,
                "verify-ca" => SslMode::VerifyCa,
                "verify-identity" => SslMode::VerifyIdentity,
                other => return Err(SourceError::Config {
                    message: format!("{CONNECTOR} URL: ssl-mode={other} is not a known mode"),
                    hint: Some(
                        "use ssl-mode=disabled, preferred, required, verify-ca or verify-identity"
                            .into(),
                    ),
                }),
            },
        };
        let named_verification = url.param("ssl-mode").is_some()
            && matches!(ssl_mode, SslMode::VerifyCa | SslMode::VerifyIdentity);
        if named_verification && url.param("ssl-ca").is_none() {
            return Err(SourceError::Config {
                message: format!(
                    "{CONNECTOR} URL: ssl-mode={} needs the CA to verify against",
                    url.param("ssl-mode").unwrap_or_default()
                ),
                hint: Some(
                    "add ssl-ca=/path/to/ca.pem (the server's CA), or ssl-ca=system to trust the system's roots"
                        .into(),
                ),
            });
        }
        let unverified = match ssl_mode {
            SslMode::Disabled | SslMode::Preferred => true,
            SslMode::Required => url.param("ssl-ca").is_none(),
            SslMode::VerifyCa | SslMode::VerifyIdentity => false,
        };
        if unverified && !local {
            tracing::warn!(
                host = url.host.as_str(),
                "the connection to {} is not verified TLS: the password and the data may be read or changed on the way; use ssl-mode=verify-identity with ssl-ca",
                url.host
            );
        }
        // `system`: the system's roots, which is what no ssl-ca means below.
        let ssl_ca = url
            .param("ssl-ca")
            .filter(|ca| !ca.eq_ignore_ascii_case("system"))
            .map(PathBuf::from);
        if let Some(ca) = &ssl_ca {
            if !ca.is_file() {
                return Err(SourceError::Config {
                    message: format!("{CONNECTOR} URL: ssl-ca={} is not a file", ca.display()),
                    hint: Some("give the path of the server's CA certificate (PEM)".into()),
                });
            }
        }
        let timeout = match url.param("connect-timeout") {
            None => DEFAULT_CONNECT_TIMEOUT,
            Some(t) => match t.trim().parse::<u64>() {
                Ok(secs) if secs > 0 => secs,
                _ => {
                    return Err(SourceError::Config {
                        message: format!(
                            "{CONNECTOR} URL: connect-timeout={t} is not a number of seconds"
                        ),
                        hint: Some("write connect-timeout=10 (seconds, at least 1)".into()),
                    })
                }
            },
        };
        Ok(Connector {
            url,
            ssl_mode,
            ssl_ca,
            timeout: Duration::from_secs(timeout),
        })
    }

    pub(crate) fn location(&self) -> String {
        self.url.redacted()
    }

    /// Whether `ssl-ca` names a CA (a file or `system`): `required` then checks the chain.
    fn ca_given(&self) -> bool {
        self.url.param("ssl-ca").is_some()
    }

    /// How the connection travels, for the protocol.
    pub(crate) fn transport(&self) -> stx_connector_core::Transport {
        let verified = self.ca_given();
        let (mode, security) = match self.ssl_mode {
            SslMode::Disabled => ("disabled", "plain"),
            SslMode::Preferred => ("preferred", "tls-if-offered"),
            SslMode::Required if verified => ("required", "verified-tls"),
            SslMode::Required => ("required", "unverified-tls"),
            SslMode::VerifyCa => ("verify-ca", "verified-tls"),
            SslMode::VerifyIdentity => ("verify-identity", "verified-tls"),
        };
        stx_connector_core::Transport {
            host: self.url.host.clone(),
            mode: mode.to_string(),
            security,
            exposed: security != "verified-tls",
            local: stx_connector_core::is_local_host(&self.url.host),
        }
    }

    fn opts(&self, tls: bool) -> Opts {
        let url = &self.url;
        let mut builder = OptsBuilder::default()
            .ip_or_hostname(url.host.clone())
            .tcp_port(url.port.unwrap_or(3306))
            .user(url.user.clone())
            .pass(url.password.as_ref().map(|p| p.expose().to_string()))
            .db_name(url.database.clone())
            // Otherwise mysql_async reconnects through the Unix socket for 127.0.0.1, which
            // logs in as a different account (root@localhost instead of root@127.0.0.1).
            .prefer_socket(false)
            .tcp_keepalive(Some(Duration::from_secs(60)))
            .init(vec![
                // Every column charset (latin1, cp1250, ...) arrives converted to UTF-8.
                "SET NAMES utf8mb4".to_string(),
                format!("SET SESSION net_write_timeout = {NET_WRITE_TIMEOUT_SECS}"),
            ]);
        if tls {
            let mut ssl = SslOpts::default();
            match self.ssl_mode {
                SslMode::Disabled => {}
                // With a CA, `required` checks the chain, as the warning and the protocol say.
                SslMode::Required if self.ca_given() => {
                    ssl = ssl.with_danger_skip_domain_validation(true);
                }
                SslMode::Preferred | SslMode::Required => {
                    ssl = ssl
                        .with_danger_accept_invalid_certs(true)
                        .with_danger_skip_domain_validation(true);
                }
                SslMode::VerifyCa => ssl = ssl.with_danger_skip_domain_validation(true),
                SslMode::VerifyIdentity => {}
            }
            if let Some(ca) = &self.ssl_ca {
                ssl = ssl
                    .with_root_certs(vec![ca.clone().into()])
                    .with_disable_built_in_roots(true);
            }
            builder = builder.ssl_opts(Some(ssl));
        }
        Opts::from(builder)
    }

    /// Opens a connection (TLS as the URL's `ssl-mode` says) within the connect timeout.
    pub(crate) async fn connect(&self) -> Result<Conn, Failure> {
        let tls = self.ssl_mode != SslMode::Disabled;
        match self.try_connect(tls).await {
            Err(Attempt::Driver(MyError::Driver(DriverError::NoClientSslFlagFromServer)))
                if self.ssl_mode == SslMode::Preferred =>
            {
                // The server has no TLS: `preferred` means plain then.
                self.try_connect(false)
                    .await
                    .map_err(|e| self.failure_of(e))
            }
            other => other.map_err(|e| self.failure_of(e)),
        }
    }

    async fn try_connect(&self, tls: bool) -> Result<Conn, Attempt> {
        match tokio::time::timeout(self.timeout, Conn::new(self.opts(tls))).await {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(e)) => Err(Attempt::Driver(e)),
            Err(_) => Err(Attempt::Timeout),
        }
    }

    fn failure_of(&self, e: Attempt) -> Failure {
        match e {
            Attempt::Driver(e) => self.failure(&e),
            Attempt::Timeout => Failure {
                message: format!("no connection within {} s", self.timeout.as_secs()),
                lost: true,
                code: None,
            },
        }
    }

    /// The driver's error as a [`Failure`], password removed.
    pub(crate) fn failure(&self, e: &MyError) -> Failure {
        // mysql_async's own Display repeats its category ("Input/output error: Input/output
        // error: ..."); say it once.
        let message = match e {
            MyError::Io(IoError::Io(io)) => format!("connection lost: {io}"),
            MyError::Server(s) => format!("server error {} ({}): {}", s.code, s.state, s.message),
            MyError::Driver(d) => d.to_string(),
            other => other.to_string(),
        };
        Failure {
            message: self.url.scrub(&message),
            lost: is_lost(e),
            code: match e {
                MyError::Server(s) => Some(s.code),
                _ => None,
            },
        }
    }

    /// A failed connection as the error `open` reports, with a hint per cause.
    pub(crate) fn open_error(&self, f: Failure) -> SourceError {
        let hint = match f.code {
            Some(1045) | Some(1698) => "check the user name in the URL and the password: it comes from ${VAR} in the URL, password-env, or MYSQL_PWD".to_string(),
            Some(1044) | Some(1049) => "check the database name in the URL and the user's grants".to_string(),
            Some(1040) => "the server has too many connections; try again later".to_string(),
            _ if f.message.contains("TLS") || f.message.contains("SSL") => format!(
                "TLS failed with ssl-mode={}; check ssl-ca, or the server's TLS setup",
                self.url.param("ssl-mode").unwrap_or("preferred")
            ),
            _ if f.lost => format!(
                "is the server running and reachable at {}:{}? check host, port and firewall (connect-timeout={} s)",
                self.url.host,
                self.url.port.unwrap_or(3306),
                self.timeout.as_secs()
            ),
            _ => "check the URL (mysql://user@host:port/database)".to_string(),
        };
        SourceError::Open {
            connector: CONNECTOR,
            location: self.location(),
            message: f.message,
            hint: Some(hint),
        }
    }
}

enum Attempt {
    Driver(MyError),
    Timeout,
}

/// Server error codes that mean the connection (not the query) is gone: shutdown, killed,
/// network trouble, timeouts. MariaDB and MySQL numbers both.
const LOST_CODES: &[u16] = &[
    1040, // too many connections (transient)
    1053, // server shutdown in progress
    1077, 1078, 1079, // shutdown notices
    1152, 1184, // aborted connection
    1158, 1159, 1160, 1161, // network read/write errors and timeouts
    1317, // query interrupted (KILL QUERY)
    1927, // MariaDB: connection was killed
    2006, 2013, // server has gone away, lost connection
    3169, // MySQL: session was killed
    4031, // MySQL: disconnected by the server because of inactivity
];

/// Whether reconnecting could cure `e`.
pub(crate) fn is_lost(e: &MyError) -> bool {
    match e {
        MyError::Io(IoError::Io(_)) => true,
        MyError::Driver(DriverError::ConnectionClosed | DriverError::PacketOutOfOrder) => true,
        MyError::Server(s) => LOST_CODES.contains(&s.code),
        _ => false,
    }
}

#[cfg(test)]
mod tls_default_tests {
    use super::*;

    fn connector(url: &str) -> Result<Connector, SourceError> {
        let spec = stx_connector_core::SourceSpec::from_url(url);
        Connector::new(DbUrl::from_spec(&spec, CONNECTOR, &["MYSQL_PWD"]).unwrap())
    }

    #[test]
    fn the_default_is_verified_tls_except_on_this_machine() {
        let local = connector("mysql://root@127.0.0.1/test").unwrap();
        assert_eq!(local.ssl_mode, SslMode::Preferred);
        let remote = connector("mysql://app@db.example.ch/crm").unwrap();
        assert_eq!(remote.ssl_mode, SslMode::VerifyIdentity);
        assert!(remote.ssl_ca.is_none(), "the system's roots");
        for mode in ["verify-ca", "verify-identity"] {
            let err = connector(&format!("mysql://app@db.example.ch/crm?ssl-mode={mode}"))
                .err()
                .unwrap()
                .to_string();
            assert!(err.contains("ssl-ca"), "{err}");
        }
        let system =
            connector("mysql://app@db.example.ch/crm?ssl-mode=verify-identity&ssl-ca=system");
        assert!(system.is_ok_and(|c| c.ssl_ca.is_none()));
    }

    #[test]
    fn the_protocol_records_how_the_password_travels() {
        let t = connector("mysql://root@127.0.0.1/test")
            .unwrap()
            .transport();
        assert_eq!(
            (t.security, t.exposed, t.local),
            ("tls-if-offered", true, true)
        );
        let t = connector("mysql://app@db.example.ch/crm")
            .unwrap()
            .transport();
        assert_eq!(
            (t.security, t.exposed, t.local),
            ("verified-tls", false, false)
        );
        let t = connector("mysql://app@db.example.ch/crm?ssl-mode=required")
            .unwrap()
            .transport();
        assert_eq!(
            (t.mode.as_str(), t.security, t.exposed),
            ("required", "unverified-tls", true)
        );
        let t = connector("mysql://app@db.example.ch/crm?ssl-mode=required&ssl-ca=system")
            .unwrap()
            .transport();
        assert_eq!(t.security, "verified-tls");
        let t = connector("mysql://app@db.example.ch/crm?ssl-mode=disabled")
            .unwrap()
            .transport();
        assert_eq!((t.security, t.exposed), ("plain", true));
    }
}
