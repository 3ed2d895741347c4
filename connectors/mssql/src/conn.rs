//! Connection settings from the URL, connecting, and what driver errors mean (a lost
//! connection worth a reconnect, or a mistake to report with a hint).

use std::path::PathBuf;
use std::time::Duration;

use stx_connector_core::{DbUrl, SourceError, SourceSpec};
use tiberius::error::{Error as TdsError, IoErrorKind};
use tiberius::{AuthMethod, Client, Config, EncryptionLevel, SqlBrowser};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

/// Connector name in messages.
pub const CONNECTOR: &str = "mssql";

/// The usual password variable.
pub const PASSWORD_ENV: &str = "MSSQL_PASSWORD";

/// Default TCP port of SQL Server.
pub const DEFAULT_PORT: u16 = 1433;

/// URL query parameters the connector knows.
pub const KNOWN_PARAMS: &[&str] = &[
    "encrypt",
    "trust-server-certificate",
    "ca-file",
    "connect-timeout",
    "command-timeout",
    "instance",
];

/// A client on a tokio TCP stream.
pub type MssqlClient = Client<Compat<TcpStream>>;

/// How the server's certificate is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The system's certificate store.
    System,
    /// Any certificate (`trust-server-certificate=true`).
    Any,
    /// The system store plus this CA (`ca-file=`).
    CaFile(PathBuf),
}

/// Everything needed to open a connection; the password stays inside `url` (a `Secret`).
#[derive(Clone)]
pub struct Settings {
    /// The parsed URL (password from the environment, redacted in `Debug`).
    pub url: DbUrl,
    /// TCP port (`None` with a named instance: the SQL Browser tells).
    pub port: Option<u16>,
    /// Named instance, resolved through the SQL Browser when no port is given.
    pub instance: Option<String>,
    /// `encrypt=`: `true` → Required, `false` → Off (only the login is encrypted), `off` →
    /// NotSupported; default Required (tiberius's default with TLS support).
    pub encryption: EncryptionLevel,
    /// Certificate trust.
    pub trust: Trust,
    /// Bound on TCP connect plus login.
    pub connect_timeout: Duration,
    /// Bound on each wait for the server during a query (`None`: wait as long as it takes, the
    /// default: a sorted read of a big table can take minutes before its first row).
    pub command_timeout: Option<Duration>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("url", &self.url.redacted())
            .field("port", &self.port)
            .field("instance", &self.instance)
            .field("encryption", &self.encryption)
            .field("trust", &self.trust)
            .field("connect_timeout", &self.connect_timeout)
            .field("command_timeout", &self.command_timeout)
            .finish()
    }
}

fn config_error(message: String, hint: &str) -> SourceError {
    SourceError::Config {
        message,
        hint: Some(hint.to_string()),
    }
}

fn parse_bool(name: &str, value: &str) -> Result<bool, SourceError> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(config_error(
            format!("mssql URL parameter {name}={value} is not true or false"),
            &format!("write {name}=true or {name}=false"),
        )),
    }
}

fn parse_secs(name: &str, value: &str) -> Result<Duration, SourceError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            config_error(
                format!("mssql URL parameter {name}={value} is not a number of seconds"),
                &format!("write {name}=30 (seconds, above 0)"),
            )
        })
}

impl Settings {
    /// Reads `mssql://user@host:port/database?encrypt=…` (or `sqlserver://…`).
    pub fn from_spec(spec: &SourceSpec) -> Result<Settings, SourceError> {
        let url = DbUrl::from_spec(spec, CONNECTOR, &[PASSWORD_ENV])?;
        url.only_params(KNOWN_PARAMS)?;
        if url.user.is_none() {
            return Err(config_error(
                format!("the mssql URL {} names no user", url.redacted()),
                "write mssql://user@host:1433/database (SQL Server authentication; the password comes from MSSQL_PASSWORD or password-env)",
            ));
        }
        if url.password.is_none() {
            return Err(config_error(
                format!("no password for the mssql source {}", url.redacted()),
                "export MSSQL_PASSWORD=… (or name another variable with password-env = \"VAR\")",
            ));
        }
        let encryption = match url.param("encrypt").map(str::to_ascii_lowercase).as_deref() {
            None | Some("true") | Some("yes") | Some("required") => EncryptionLevel::Required,
            Some("false") | Some("no") => EncryptionLevel::Off,
            Some("off") => EncryptionLevel::NotSupported,
            Some(other) => {
                return Err(config_error(
                    format!("mssql URL parameter encrypt={other} is not known"),
                    "write encrypt=true (TLS for everything, the default), encrypt=false (TLS for the login only) or encrypt=off (no TLS at all)",
                ))
            }
        };
        let trust_any = url
            .param("trust-server-certificate")
            .map(|v| parse_bool("trust-server-certificate", v))
            .transpose()?
            .unwrap_or(false);
        let trust = match (trust_any, url.param("ca-file")) {
            (true, Some(_)) => {
                return Err(config_error(
                    "mssql URL sets both trust-server-certificate=true and ca-file".into(),
                    "keep ca-file (the server's certificate is checked against that CA) and drop trust-server-certificate",
                ))
            }
            (true, None) => Trust::Any,
            (false, Some(path)) => {
                let path = PathBuf::from(path);
                if !path.is_file() {
                    return Err(config_error(
                        format!("mssql URL parameter ca-file={}: no such file", path.display()),
                        "give the path of the CA certificate (PEM or DER) that signed the server's certificate",
                    ));
                }
                Trust::CaFile(path)
            }
            (false, None) => Trust::System,
        };
        let connect_timeout = url
            .param("connect-timeout")
            .map(|v| parse_secs("connect-timeout", v))
            .transpose()?
            .unwrap_or(Duration::from_secs(15));
        let command_timeout = url
            .param("command-timeout")
            .map(|v| parse_secs("command-timeout", v))
            .transpose()?;
        let instance = url
            .param("instance")
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(str::to_string);
        // As in ADO.NET, an explicit port wins over the instance name.
        let port = match (url.port, &instance) {
            (Some(port), _) => Some(port),
            (None, Some(_)) => None,
            (None, None) => Some(DEFAULT_PORT),
        };
        Ok(Settings {
            port,
            instance: if url.port.is_some() { None } else { instance },
            encryption,
            trust,
            connect_timeout,
            command_timeout,
            url,
        })
    }

    /// Where the source is, without the password.
    pub fn location(&self) -> String {
        self.url.redacted()
    }

    /// The tiberius configuration (holds the password: never print it).
    pub fn config(&self) -> Config {
        let mut config = Config::new();
        config.host(&self.url.host);
        if let Some(port) = self.port {
            config.port(port);
        }
        if let Some(instance) = &self.instance {
            config.instance_name(instance);
        }
        if let Some(db) = &self.url.database {
            config.database(db);
        }
        config.application_name("stx-migrate");
        config.authentication(AuthMethod::sql_server(
            self.url.user.as_deref().unwrap_or_default(),
            self.url
                .password
                .as_ref()
                .map(|p| p.expose())
                .unwrap_or_default(),
        ));
        config.encryption(self.encryption);
        match &self.trust {
            Trust::System => {}
            Trust::Any => config.trust_cert(),
            Trust::CaFile(path) => config.trust_cert_ca(path.display()),
        }
        config.handshake_timeout(Some(self.connect_timeout));
        config.command_timeout(self.command_timeout);
        // Legacy nvarchar data can hold unpaired surrogates: read them as U+FFFD (the decoder
        // warns about each) rather than failing the whole read.
        config.lossy_utf16_decoding(true);
        config
    }

    /// `host:port` or `host\instance`, for messages.
    pub fn endpoint(&self) -> String {
        match (&self.instance, self.port) {
            (Some(instance), _) => format!("{}\\{instance}", self.url.host),
            (None, Some(port)) => format!("{}:{port}", self.url.host),
            (None, None) => self.url.host.clone(),
        }
    }
}

/// Opens a connection and logs in, following one routing redirect (Azure SQL gateways).
pub async fn connect(settings: &Settings) -> Result<MssqlClient, TdsError> {
    let attempt = async {
        let mut config = settings.config();
        let tcp = open_tcp(&config, settings.instance.is_some()).await?;
        match Client::connect(config.clone(), tcp.compat_write()).await {
            Err(TdsError::Routing { host, port }) => {
                config.host(&host);
                config.port(port);
                let tcp = open_tcp(&config, false).await?;
                Client::connect(config, tcp.compat_write()).await
            }
            other => other,
        }
    };
    match tokio::time::timeout(settings.connect_timeout, attempt).await {
        Ok(result) => result,
        Err(_) => Err(TdsError::Io {
            kind: IoErrorKind::TimedOut,
            message: format!(
                "no answer within {} s",
                settings.connect_timeout.as_secs_f64()
            ),
        }),
    }
}

async fn open_tcp(config: &Config, named: bool) -> Result<TcpStream, TdsError> {
    let tcp = if named {
        TcpStream::connect_named(config).await?
    } else {
        TcpStream::connect(config.get_addr()).await?
    };
    tcp.set_nodelay(true)?;
    Ok(tcp)
}

/// Server errors after which the session is gone: severity 20 and above closes the connection;
/// the codes are the usual transient ones (shutdown, killed session, Azure failover, deadlock
/// victim) after which a new connection can carry on.
pub fn server_error_is_lost(code: u32, class: u8) -> bool {
    class >= 20
        || matches!(
            code,
            233 | 596
                | 1205
                | 6005
                | 6006
                | 10053
                | 10054
                | 10060
                | 40143
                | 40197
                | 40501
                | 40613
                | 49918
                | 49919
                | 49920
        )
}

/// Whether a driver error means the connection is lost (reconnecting may help).
pub fn is_lost(error: &TdsError) -> bool {
    match error {
        TdsError::Io { .. } => true,
        TdsError::Server(e) => server_error_is_lost(e.code(), e.class()),
        // A connection left unusable by a broken read says so in a protocol error.
        TdsError::Protocol(msg) => msg.contains("can no longer be used"),
        _ => false,
    }
}

/// SQL Server error 3952 (and its siblings): snapshot isolation is not allowed here.
pub fn is_snapshot_refusal(error: &TdsError) -> bool {
    matches!(error.code(), Some(3952 | 3951 | 3960 | 3961))
}

/// The driver's message, with the server's error number, password scrubbed.
pub fn driver_message(url: &DbUrl, error: &TdsError) -> String {
    let text = match error {
        TdsError::Server(e) => format!("{} (SQL Server error {})", e.message(), e.code()),
        other => other.to_string(),
    };
    url.scrub(&text)
}

/// The error for a failed connect or login, with a hint for the usual causes.
pub fn open_error(settings: &Settings, error: &TdsError) -> SourceError {
    let endpoint = settings.endpoint();
    let hint = match error {
        TdsError::Io { kind, .. } if *kind == IoErrorKind::ConnectionRefused => format!(
            "nothing accepts connections at {endpoint}: is SQL Server running and TCP/IP enabled (SQL Server Configuration Manager)? A named instance listens on its own port: give it in the URL (host:port) or use ?instance=NAME"
        ),
        TdsError::Io { kind, .. } if *kind == IoErrorKind::TimedOut => format!(
            "no answer from {endpoint}: check the host name, the port, and any firewall between; raise connect-timeout=SECONDS for a slow network"
        ),
        TdsError::Io { .. } => format!(
            "check that {endpoint} is a SQL Server and reachable from here"
        ),
        TdsError::Server(e) if e.code() == 18456 => "login failed: check the user name and the password (MSSQL_PASSWORD, or the variable named by password-env), and that the server allows SQL Server authentication (mixed mode)".into(),
        TdsError::Server(e) if e.code() == 4060 => "the database does not exist or the login has no access to it: check the database in the URL path".into(),
        TdsError::Server(e) if e.code() == 18452 => "the server accepts only Windows logins: enable SQL Server authentication (mixed mode) or use a SQL login".into(),
        TdsError::Tls(_) => "TLS failed: if the server's certificate is self-signed, add ca-file=/path/to/ca.pem (or trust-server-certificate=true on a network you trust); if the server has no TLS at all, use encrypt=off".into(),
        TdsError::Conversion(msg) if msg.contains("SQL browser") || msg.contains("browser instance") => "the SQL Browser (UDP 1434) did not answer for that instance: give the instance's port in the URL instead (host:port)".into(),
        TdsError::Protocol(msg) if msg.to_ascii_lowercase().contains("encrypt") => "the server and the client disagree on encryption: try encrypt=off if the server does not support TLS".into(),
        _ => "check the URL, the user and the password".into(),
    };
    SourceError::Open {
        connector: CONNECTOR,
        location: settings.location(),
        message: driver_message(&settings.url, error),
        hint: Some(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> Result<Settings, SourceError> {
        std::env::set_var("STX_MSSQL_CONN_TEST_PW", "pw-conn-Zq9");
        let mut spec = SourceSpec::from_url(url);
        spec.options.set("password-env", "STX_MSSQL_CONN_TEST_PW");
        Settings::from_spec(&spec)
    }

    #[test]
    fn url_parts_and_defaults() {
        let s = settings("mssql://migrator@db.example/legacy").unwrap();
        assert_eq!(s.url.host, "db.example");
        assert_eq!(s.port, Some(1433));
        assert_eq!(s.url.database.as_deref(), Some("legacy"));
        assert_eq!(s.encryption, EncryptionLevel::Required);
        assert_eq!(s.trust, Trust::System);
        assert_eq!(s.connect_timeout, Duration::from_secs(15));
        assert_eq!(s.command_timeout, None);
        assert_eq!(s.endpoint(), "db.example:1433");
        assert_eq!(s.config().get_addr(), "db.example:1433");
        assert_eq!(s.location(), "mssql://migrator:***@db.example/legacy");

        let s = settings("sqlserver://u@h:14330/db?encrypt=false&trust-server-certificate=true&connect-timeout=2.5&command-timeout=60").unwrap();
        assert_eq!(s.port, Some(14330));
        assert_eq!(s.encryption, EncryptionLevel::Off);
        assert_eq!(s.trust, Trust::Any);
        assert_eq!(s.connect_timeout, Duration::from_millis(2500));
        assert_eq!(s.command_timeout, Some(Duration::from_secs(60)));
        assert!(s.location().starts_with("sqlserver://"));

        let s = settings("mssql://u@h/db?encrypt=off").unwrap();
        assert_eq!(s.encryption, EncryptionLevel::NotSupported);

        let s = settings("mssql://u@h/db?instance=SQLEXPRESS").unwrap();
        assert_eq!((s.port, s.instance.as_deref()), (None, Some("SQLEXPRESS")));
        assert_eq!(s.endpoint(), "h\\SQLEXPRESS");
        // An explicit port wins over the instance.
        let s = settings("mssql://u@h:2000/db?instance=SQLEXPRESS").unwrap();
        assert_eq!((s.port, s.instance.as_deref()), (Some(2000), None));
    }

    #[test]
    fn bad_urls_are_refused_with_hints() {
        let err = |u: &str| settings(u).unwrap_err().to_string();
        assert!(err("mssql://u@h/db?sslmode=require").contains("unknown parameter(s): sslmode"));
        assert!(err("mssql://u@h/db?encrypt=maybe").contains("encrypt=off"));
        assert!(err("mssql://u@h/db?trust-server-certificate=perhaps").contains("true or false"));
        assert!(err("mssql://u@h/db?connect-timeout=soon").contains("seconds"));
        assert!(err("mssql://u@h/db?ca-file=/nonexistent/ca.pem").contains("no such file"));
        assert!(err("mssql://h/db").contains("names no user"));
        let ca = std::env::temp_dir().join(format!("stx-mssql-ca-{}.pem", std::process::id()));
        std::fs::write(&ca, "x").unwrap();
        let both = format!(
            "mssql://u@h/db?trust-server-certificate=true&ca-file={}",
            ca.display()
        );
        assert!(err(&both).contains("both"));
        let s = settings(&format!("mssql://u@h/db?ca-file={}", ca.display())).unwrap();
        assert_eq!(s.trust, Trust::CaFile(ca.clone()));
        let _ = std::fs::remove_file(ca);
        // A literal password in the URL is refused and not echoed.
        let e = Settings::from_spec(&SourceSpec::from_url("mssql://u:hunter2xyz@h/db"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("contains a password") && !e.contains("hunter2xyz"),
            "{e}"
        );
        // A spec option the connector does not use.
        let mut spec = SourceSpec::from_url("mssql://u@h/db");
        spec.options.set("delimiter", ";");
        assert!(Settings::from_spec(&spec).is_err());
    }

    #[test]
    fn password_stays_out_of_debug_and_messages() {
        let s = settings("mssql://u@h/db").unwrap();
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("pw-conn-Zq9") && shown.contains("***"),
            "{shown}"
        );
        let e = TdsError::Protocol("login echoed pw-conn-Zq9 back".into());
        let msg = open_error(&s, &e).to_string();
        assert!(!msg.contains("pw-conn-Zq9") && msg.contains("***"), "{msg}");
    }

    #[test]
    fn lost_connections_are_told_from_mistakes() {
        assert!(is_lost(&TdsError::Io {
            kind: IoErrorKind::UnexpectedEof,
            message: "No more packets in the wire".into()
        }));
        assert!(is_lost(&TdsError::Protocol(
            "connection was left out of sync ... and can no longer be used; open a new connection"
                .into()
        )));
        assert!(!is_lost(&TdsError::Protocol("bad token".into())));
        assert!(!is_lost(&TdsError::Utf8));
        assert!(server_error_is_lost(596, 21), "killed session");
        assert!(server_error_is_lost(6005, 14), "shutdown in progress");
        assert!(
            server_error_is_lost(40613, 17),
            "azure database unavailable"
        );
        assert!(server_error_is_lost(1205, 13), "deadlock victim: retry");
        assert!(!server_error_is_lost(208, 16), "invalid object name");
        assert!(!server_error_is_lost(18456, 14), "login failed");
    }
}
