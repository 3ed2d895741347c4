//! Database URLs (`postgres://user@host:5432/db?sslmode=require`) and the password that goes
//! with them, which never comes from a file and never leaves the connector.

use std::fmt;

use crate::{PasswordOptions, SourceError, SourceSpec};

/// A password read from the environment. `Debug` and `Display` print `***`, so it cannot end
/// up in a log, an error, the report or the protocol by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The secret itself, for the driver's login only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret replaced by `***` (driver messages sometimes
    /// echo the connection string).
    pub fn scrub(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.0, "***")
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A parsed database URL with its password resolved from the environment.
#[derive(Debug, Clone)]
pub struct DbUrl {
    /// Connector name the URL was opened with (`postgres`, `mysql`, `mssql` ...).
    pub connector: &'static str,
    /// The URL's scheme as written.
    pub scheme: String,
    /// User name, when given.
    pub user: Option<String>,
    /// Password, from `${VAR}` in the URL, `password-env`, or the connector's usual variable.
    pub password: Option<Secret>,
    /// Host name or address (default `localhost`).
    pub host: String,
    /// Port, when given.
    pub port: Option<u16>,
    /// Database (the URL's path without its leading `/`), when given.
    pub database: Option<String>,
    /// Query parameters (`sslmode=require` ...), in order.
    pub params: Vec<(String, String)>,
}

impl DbUrl {
    /// Parses `spec.url` for `connector`. The password is, in this order: `${VAR}` written in
    /// the URL's password place, the variable named by `password-env` (the spec's only option:
    /// any other is an error), or the first variable of
    /// `default_envs` that is set (`PGPASSWORD` ...). A password written into the URL itself is
    /// refused: migration files are versioned, and secrets must not be.
    pub fn from_spec(
        spec: &SourceSpec,
        connector: &'static str,
        default_envs: &[&str],
    ) -> Result<DbUrl, SourceError> {
        let options: PasswordOptions = spec.options.parse(connector)?;
        let raw = spec.url.as_deref().ok_or_else(|| SourceError::Config {
            message: format!(
                "a {connector} source needs url = \"{connector}://user@host/database\""
            ),
            hint: None,
        })?;
        let parsed = url::Url::parse(raw).map_err(|e| SourceError::Config {
            message: format!("{connector} URL is not valid: {e}"),
            hint: Some(format!(
                "write {connector}://user@host:port/database (password from an environment variable, see README)"
            )),
        })?;
        let decode = |s: &str| {
            percent_decode(s).map_err(|_| SourceError::Config {
                message: format!("{connector} URL has a bad %-escape"),
                hint: None,
            })
        };
        let user = match parsed.username() {
            "" => None,
            u => Some(decode(u)?),
        };
        let mut password = None;
        if let Some(written) = parsed.password() {
            let written = decode(written)?;
            let var = written
                .strip_prefix("${")
                .and_then(|s| s.strip_suffix('}'))
                .or_else(|| written.strip_prefix('$'))
                .filter(|v| {
                    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            match var {
                Some(var) => password = Some(env_secret(connector, var)?),
                None => {
                    return Err(SourceError::Config {
                        message: format!("the {connector} URL contains a password"),
                        hint: Some(format!(
                            "never write secrets into a URL or a migration file: put the password in an environment variable and write {}://{}:${{VAR}}@… or set password-env = \"VAR\"",
                            parsed.scheme(),
                            user.as_deref().unwrap_or("user")
                        )),
                    })
                }
            }
        }
        if password.is_none() {
            if let Some(var) = &options.password_env {
                password = Some(env_secret(connector, var)?);
            }
        }
        if password.is_none() {
            password = default_envs
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|p| !p.is_empty()))
                .map(Secret::new);
        }
        let database = parsed
            .path()
            .strip_prefix('/')
            .filter(|d| !d.is_empty())
            .map(decode)
            .transpose()?;
        Ok(DbUrl {
            connector,
            scheme: parsed.scheme().to_string(),
            user,
            password,
            host: parsed
                .host_str()
                .filter(|h| !h.is_empty())
                .unwrap_or("localhost")
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port: parsed.port(),
            database,
            params: parsed
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        })
    }

    /// The value of query parameter `name`, when given.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Fails on query parameters the connector does not know (a typo in `sslmode` would
    /// otherwise silently connect without TLS).
    pub fn only_params(&self, known: &[&str]) -> Result<(), SourceError> {
        let unknown: Vec<&str> = self
            .params
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !known.iter().any(|n| n.eq_ignore_ascii_case(k)))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        Err(SourceError::Config {
            message: format!(
                "{} URL has unknown parameter(s): {}",
                self.connector,
                unknown.join(", ")
            ),
            hint: Some(format!("known parameters: {}", known.join(", "))),
        })
    }

    /// The URL without any password, for messages, the report and the protocol.
    pub fn redacted(&self) -> String {
        let mut out = format!("{}://", self.scheme);
        if let Some(user) = &self.user {
            out.push_str(user);
            if self.password.is_some() {
                out.push_str(":***");
            }
            out.push('@');
        }
        if self.host.contains(':') {
            out.push_str(&format!("[{}]", self.host));
        } else {
            out.push_str(&self.host);
        }
        if let Some(port) = self.port {
            out.push_str(&format!(":{port}"));
        }
        if let Some(db) = &self.database {
            out.push('/');
            out.push_str(db);
        }
        if !self.params.is_empty() {
            let query: Vec<String> = self
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            out.push('?');
            out.push_str(&query.join("&"));
        }
        out
    }

    /// `text` with the password (if any) replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        match &self.password {
            Some(secret) => secret.scrub(text),
            None => text.to_string(),
        }
    }
}

fn env_secret(connector: &str, var: &str) -> Result<Secret, SourceError> {
    match std::env::var(var) {
        Ok(value) => Ok(Secret::new(value)),
        Err(_) => Err(SourceError::Config {
            message: format!("the {connector} password variable {var} is not set"),
            hint: Some(format!("export {var}=… before running stx-migrate")),
        }),
    }
}

fn percent_decode(s: &str) -> Result<String, ()> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or(())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(url: &str) -> SourceSpec {
        SourceSpec::from_url(url)
    }

    #[test]
    fn parts_and_redaction() {
        std::env::set_var("STX_DBURL_TEST_PW", "s3cr:et@/x");
        let url = DbUrl::from_spec(
            &spec(
                "postgres://migr%40tor:${STX_DBURL_TEST_PW}@db.example:6543/legacy?sslmode=require",
            ),
            "postgres",
            &[],
        )
        .unwrap();
        assert_eq!(url.user.as_deref(), Some("migr@tor"));
        assert_eq!(url.password.as_ref().unwrap().expose(), "s3cr:et@/x");
        assert_eq!(url.host, "db.example");
        assert_eq!(url.port, Some(6543));
        assert_eq!(url.database.as_deref(), Some("legacy"));
        assert_eq!(url.param("SSLMODE"), Some("require"));
        let shown = url.redacted();
        assert_eq!(
            shown,
            "postgres://migr@tor:***@db.example:6543/legacy?sslmode=require"
        );
        assert!(!format!("{url:?}").contains("s3cr"));
        assert_eq!(url.scrub("login s3cr:et@/x failed"), "login *** failed");
        assert!(url.only_params(&["sslmode"]).is_ok());
        assert!(url
            .only_params(&["connect_timeout"])
            .unwrap_err()
            .to_string()
            .contains("sslmode"));
    }

    #[test]
    fn literal_passwords_are_refused_and_variables_must_exist() {
        let err = DbUrl::from_spec(&spec("mysql://root:hunter2@h/db"), "mysql", &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("contains a password") && !err.contains("hunter2"),
            "{err}"
        );
        let err = DbUrl::from_spec(&spec("mysql://root:${STX_UNSET_VAR_X}@h/db"), "mysql", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("STX_UNSET_VAR_X is not set"), "{err}");
    }

    #[test]
    fn password_env_and_default_variables() {
        std::env::set_var("STX_DBURL_TEST_PW2", "pw2");
        std::env::set_var("STX_DBURL_TEST_DEFAULT", "pw3");
        let mut s = spec("postgres://u@h/db");
        let url = DbUrl::from_spec(&s, "postgres", &["STX_DBURL_TEST_DEFAULT"]).unwrap();
        assert_eq!(url.password.unwrap().expose(), "pw3");
        s = s.with("password-env", "STX_DBURL_TEST_PW2");
        let url = DbUrl::from_spec(&s, "postgres", &["STX_DBURL_TEST_DEFAULT"]).unwrap();
        assert_eq!(url.password.unwrap().expose(), "pw2");
        let url = DbUrl::from_spec(&spec("postgres://h"), "postgres", &[]).unwrap();
        assert!(url.password.is_none() && url.user.is_none() && url.database.is_none());
        assert_eq!(url.redacted(), "postgres://h");
    }
}

/// Whether `host` is this machine (loopback or a Unix socket folder): the only place where a
/// password may travel without verified TLS unless a URL asks for it by name.
pub fn is_local_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.is_empty()
        || host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `text` with every credential that URL-like or connection-string text in it may carry
/// replaced by `***`: the password of `scheme://user:password@host`, the value of any
/// `…password…=` or `PWD=` key of a connection string, and the password of an Oracle
/// `user/password@tns` user. For messages that echo what the user wrote (an unknown URL
/// scheme, a driver's complaint), where no parsed [`DbUrl`] knows the secret yet.
pub fn redact_credentials(text: &str) -> String {
    redact_key_values(&redact_url_userinfo(text))
}

/// `scheme://user:password@host` → `scheme://user:***@host`, for every `://` in `text`.
fn redact_url_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, after) = rest.split_at(at + 3);
        out.push_str(before);
        // The authority ends at the path, query, fragment, or the end of the quoted word.
        let end = after
            .find(|c: char| matches!(c, '/' | '?' | '#' | '\'' | '"' | '`') || c.is_whitespace())
            .unwrap_or(after.len());
        let authority = &after[..end];
        match authority.rfind('@') {
            Some(at_sign) => {
                let userinfo = &authority[..at_sign];
                match userinfo.find(':') {
                    Some(colon) => {
                        out.push_str(&userinfo[..=colon]);
                        out.push_str("***");
                    }
                    None => out.push_str(userinfo),
                }
                out.push_str(&authority[at_sign..]);
            }
            None => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `PWD=secret;`, `Password={se;cret}`, `SSLPassword=…`, `Uid=scott/tiger@tns` → `***` in
/// place of the secret.
fn redact_key_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let (head, tail) = rest.split_at(eq + 1);
        out.push_str(head);
        let key_start = head[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .map_or(0, |i| i + 1);
        let key = head[key_start..eq].to_ascii_lowercase();
        let value_end = if tail.starts_with('{') {
            tail.find('}').map_or(tail.len(), |i| i + 1)
        } else {
            tail.find(|c: char| matches!(c, ';' | '\'' | '"' | '`') || c.is_whitespace())
                .unwrap_or(tail.len())
        };
        let value = &tail[..value_end];
        let secret_key = key.contains("password") || key == "pwd" || key.ends_with("pwd");
        if secret_key && !value.is_empty() {
            out.push_str("***");
        } else if matches!(key.as_str(), "uid" | "user" | "user id" | "username")
            && value.contains('/')
        {
            // Oracle's user/password@tns form.
            let slash = value.find('/').unwrap_or(value.len());
            let at = value[slash..].find('@').map_or(value.len(), |i| slash + i);
            out.push_str(&value[..=slash]);
            out.push_str("***");
            out.push_str(&value[at..]);
        } else {
            out.push_str(value);
        }
        rest = &tail[value_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod redact_tests {
    use super::redact_credentials;

    #[test]
    fn credentials_in_urls_and_connection_strings_are_redacted() {
        let cases = [
            (
                "cannot tell the source type of 'my_sql://root:SecretEcho1@db.example/crm'",
                "cannot tell the source type of 'my_sql://root:***@db.example/crm'",
            ),
            (
                "odbc://scott:tiger@legacy_dsn",
                "odbc://scott:***@legacy_dsn",
            ),
            ("postgres://migrator@db/crm", "postgres://migrator@db/crm"),
            ("mysql://a:b:c@host", "mysql://a:***@host"),
            (
                "odbc:Driver={PostgreSQL Unicode};Server=db;Uid=migrator;PWD=hunter2;Database=crm",
                "odbc:Driver={PostgreSQL Unicode};Server=db;Uid=migrator;PWD=***;Database=crm",
            ),
            (
                "Driver=x;Password={se;cret};SSLPassword=k3y",
                "Driver=x;Password=***;SSLPassword=***",
            ),
            (
                "Uid=scott/tiger@orcl;Dbq=orcl",
                "Uid=scott/***@orcl;Dbq=orcl",
            ),
            ("sqlite:legacy.db?mode=ro", "sqlite:legacy.db?mode=ro"),
            ("no secrets here", "no secrets here"),
        ];
        for (text, expected) in cases {
            assert_eq!(redact_credentials(text), expected, "{text}");
        }
    }
}
