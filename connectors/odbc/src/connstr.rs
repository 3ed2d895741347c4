//! The ODBC connection string: where it comes from (`odbc:` URL, `odbc://DSN`,
//! `connection-string`), where the password comes from (never the file), how it is shown
//! (without the password), and the driver library behind a `Driver={name}`.

use std::path::{Path, PathBuf};

use stx_connector_core::{Secret, SourceError, SourceSpec};

use crate::CONNECTOR;

/// Keys of a connection string that hold a password.
const PASSWORD_KEYS: &[&str] = &["pwd", "password"];

/// Folders where distributions put ODBC driver libraries that `odbcinst.ini` names without a
/// path (Debian writes `Driver=psqlodbcw.so`, relying on its own driver manager's search path;
/// the driver manager built into stx-migrate does not share that path).
const DRIVER_LIBRARY_DIRS: &[&str] = &[
    "/usr/lib/x86_64-linux-gnu/odbc",
    "/usr/lib/aarch64-linux-gnu/odbc",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
    "/usr/local/lib",
    "/opt/homebrew/lib",
];

/// A connection string ready for the driver manager, with its password kept apart.
#[derive(Clone)]
pub struct ConnectionString {
    /// Attributes in order, the password's value replaced by a placeholder.
    pairs: Vec<(String, String)>,
    password: Option<Secret>,
}

impl std::fmt::Debug for ConnectionString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl ConnectionString {
    /// The connection string a spec designates: `connection-string`, or an `odbc:` URL holding
    /// one (`odbc:Driver={…};Server=…`), or `odbc://DSN` / `odbc:DSN`. The password is `${VAR}`
    /// in a `PWD=` attribute or the variable named by `password-env`; a literal one is refused.
    pub fn from_spec(spec: &SourceSpec) -> Result<ConnectionString, SourceError> {
        let options = crate::OdbcConfig::from_spec(spec)?;
        let raw = match (&options.connection_string, &spec.url) {
            (Some(cs), _) => cs.clone(),
            (None, Some(url)) => from_url(url)?,
            (None, None) => return Err(config(
                "an odbc source needs connection-string = \"Driver={…};…\" or url = \"odbc://DSN\"",
                "see reference.toml, [source] for ODBC",
            )),
        };
        let mut out = ConnectionString::parse(&raw)?;
        if let Some(var) = &options.password_env {
            if out.password.is_some() {
                return Err(config(
                    "the connection string has a PWD attribute and password-env is set too",
                    "keep one of them",
                ));
            }
            out.password = Some(env_secret(var)?);
            out.pairs.push(("PWD".into(), String::new()));
        }
        Ok(out)
    }

    /// Parses `key=value;key={value with ; and }}};…`.
    pub fn parse(raw: &str) -> Result<ConnectionString, SourceError> {
        let pairs = split_pairs(raw)?;
        let mut out = ConnectionString {
            pairs: Vec::with_capacity(pairs.len()),
            password: None,
        };
        for (key, value) in pairs {
            if PASSWORD_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                let var = value
                    .strip_prefix("${")
                    .and_then(|v| v.strip_suffix('}'))
                    .filter(|v| {
                        !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    });
                match var {
                    Some(var) => out.password = Some(env_secret(var)?),
                    None if value.is_empty() => {}
                    None => {
                        return Err(config(
                            "the ODBC connection string contains a password",
                            "never write secrets into a migration file: write PWD=${VAR} with the password in environment variable VAR, or set password-env = \"VAR\"",
                        ))
                    }
                }
                out.pairs.push((key, String::new()));
            } else {
                refuse_other_secrets(&key, &value)?;
                out.pairs.push((key, value));
            }
        }
        if out.pairs.is_empty() {
            return Err(config(
                "the ODBC connection string is empty",
                "write Driver={…};… or DSN=…",
            ));
        }
        Ok(out)
    }

    /// The value of attribute `key` (any case), when given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Sets attribute `key` (replacing it when present).
    pub fn set(&mut self, key: &str, value: &str) {
        match self
            .pairs
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            Some(pair) => pair.1 = value.to_string(),
            None => self.pairs.push((key.to_string(), value.to_string())),
        }
    }

    /// The password, for scrubbing driver messages.
    pub fn password(&self) -> Option<&Secret> {
        self.password.as_ref()
    }

    /// The string to show: the password as `***`.
    pub fn redacted(&self) -> String {
        self.render(|_| "***".to_string())
    }

    /// The string for the driver manager, password included.
    pub fn expose(&self) -> String {
        let password = self.password.as_ref().map(|p| p.expose().to_string());
        self.render(|_| password.clone().unwrap_or_default())
    }

    fn render(&self, password: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        for (key, value) in &self.pairs {
            let value = if PASSWORD_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                password(key)
            } else {
                value.clone()
            };
            out.push_str(key);
            out.push('=');
            out.push_str(&escape_value(&value));
            out.push(';');
        }
        out
    }

    /// With `Driver={name}` replaced by the driver library's full path when `odbcinst.ini`
    /// registers it without a path and the library sits in a distribution's ODBC folder. A
    /// `DSN=` whose driver is registered so gets `Driver=/full/path` put before it: the driver
    /// manager then loads that library, and the driver reads the data source's settings from
    /// `odbc.ini` itself. `drivers` are (name, library), `data_sources` (name, driver name).
    pub fn with_driver_library(
        mut self,
        drivers: &[(String, Option<String>)],
        data_sources: &[(String, String)],
    ) -> Self {
        let library_of = |driver: &str| {
            drivers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(driver))
                .and_then(|(_, library)| library.as_deref())
                .and_then(find_driver_library)
        };
        match (self.get("driver").map(str::to_string), self.get("dsn")) {
            (Some(driver), _) if !driver.contains('/') => {
                if let Some(path) = library_of(&driver) {
                    self.set("driver", &path.display().to_string());
                }
            }
            (None, Some(dsn)) => {
                let path = data_sources
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(dsn))
                    .and_then(|(_, driver)| library_of(driver));
                if let Some(path) = path {
                    // First: the driver manager takes whichever of DRIVER and DSN comes first.
                    self.pairs
                        .insert(0, ("Driver".into(), path.display().to_string()));
                }
            }
            _ => {}
        }
        self
    }
}

/// The full path of a driver library named without folder, when one of the usual folders
/// has it; `None` for a path that is already absolute or a library not found.
pub fn find_driver_library(library: &str) -> Option<PathBuf> {
    if Path::new(library).is_absolute() || library.contains('/') {
        return None;
    }
    DRIVER_LIBRARY_DIRS
        .iter()
        .map(|dir| Path::new(dir).join(library))
        .find(|p| p.is_file())
}

/// `odbc:Driver={…};…` → the string; `odbc://NAME` or `odbc:NAME` → `DSN=NAME`.
fn from_url(url: &str) -> Result<String, SourceError> {
    let rest = url
        .split_once(':')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("odbc"))
        .map(|(_, rest)| rest)
        .ok_or_else(|| {
            config(
                &format!("'{url}' is not an odbc URL"),
                "write odbc://DSN, odbc:Driver={…};…, or connection-string = \"…\"",
            )
        })?;
    if rest.contains('=') {
        return Ok(rest.to_string());
    }
    let dsn = rest.trim_start_matches("//").trim_end_matches('/');
    // odbc://user@DSN names the user; odbc://user:password@DSN would put a secret in the file.
    if let Some((user, dsn)) = dsn.rsplit_once('@') {
        if user.contains(':') {
            return Err(config(
                "the odbc URL holds a password (odbc://user:password@DSN)",
                "write odbc://user@DSN and set password-env = \"VAR\", with the password in environment variable VAR",
            ));
        }
        if user.is_empty() || dsn.is_empty() {
            return Err(config(
                "the odbc URL names no data source or no user before '@'",
                "write odbc://DSN or odbc://user@DSN",
            ));
        }
        return Ok(format!("DSN={dsn};UID={user}"));
    }
    if dsn.is_empty() {
        return Err(config(
            "the odbc URL names no data source",
            "write odbc://DSN (a data source of odbc.ini) or odbc:Driver={…};…",
        ));
    }
    Ok(format!("DSN={dsn}"))
}

/// Secrets a connection string may carry besides `PWD`: another password attribute
/// (`SSLPassword`, `KeyStorePwd` …) or Oracle's `Uid=user/password@tns`. None may be written in
/// a migration file, and only `PWD` can come from the environment.
fn refuse_other_secrets(key: &str, value: &str) -> Result<(), SourceError> {
    let lower = key.to_ascii_lowercase();
    if (lower.contains("password") || lower.ends_with("pwd")) && !value.is_empty() {
        return Err(config(
            &format!("the ODBC connection string has a {key} attribute, a secret"),
            "never write secrets into a migration file; only PWD=${VAR} (or password-env) can come from the environment: set this one in the data source (odbc.ini) or the driver's configuration",
        ));
    }
    let user_key = matches!(lower.as_str(), "uid" | "user" | "user id" | "username");
    if user_key && value.contains('/') {
        return Err(config(
            &format!("the ODBC connection string's {key} holds a password (user/password form)"),
            "write the user alone (Uid=scott) and the password as PWD=${VAR}, with the password in environment variable VAR",
        ));
    }
    Ok(())
}

/// Splits a connection string into attributes; `{…}` values may hold `;`, `}}` is a `}`.
fn split_pairs(raw: &str) -> Result<Vec<(String, String)>, SourceError> {
    let mut pairs = Vec::new();
    let mut chars = raw.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ';' || c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        for c in chars.by_ref() {
            if c == '=' {
                break;
            }
            key.push(c);
        }
        let key = key.trim().to_string();
        let mut value = String::new();
        if chars.peek() == Some(&'{') {
            chars.next();
            loop {
                match chars.next() {
                    Some('}') if chars.peek() == Some(&'}') => {
                        chars.next();
                        value.push('}');
                    }
                    Some('}') => break,
                    Some(c) => value.push(c),
                    None => {
                        return Err(config(
                            &format!(
                                "the ODBC connection string's value of {key} has no closing }}"
                            ),
                            "close the braces, and double a } inside a braced value",
                        ))
                    }
                }
            }
            while chars.peek().is_some_and(|c| *c != ';') {
                chars.next();
            }
        } else {
            while let Some(c) = chars.peek() {
                if *c == ';' {
                    break;
                }
                value.push(*c);
                chars.next();
            }
            value = value.trim().to_string();
        }
        if key.is_empty() {
            return Err(config(
                "the ODBC connection string has an attribute without a name",
                "write key=value pairs separated by ;",
            ));
        }
        pairs.push((key, value));
    }
}

/// A value braced when it holds characters with a meaning in connection strings.
fn escape_value(value: &str) -> String {
    if value.contains([';', '{', '}', '=']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("{{{}}}", value.replace('}', "}}"))
    } else {
        value.to_string()
    }
}

fn env_secret(var: &str) -> Result<Secret, SourceError> {
    match std::env::var(var) {
        Ok(v) => Ok(Secret::new(v)),
        Err(_) => Err(config(
            &format!("environment variable {var} (the ODBC password) is not set"),
            &format!("export {var}=… before running"),
        )),
    }
}

fn config(message: &str, hint: &str) -> SourceError {
    SourceError::Config {
        message: message.to_string(),
        hint: Some(format!("{hint} ({CONNECTOR} connector)")),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn secrets_other_than_pwd_are_refused_and_never_echoed() {
        for raw in [
            "Driver=x;SSLPassword=k3y",
            "Driver=x;KeyStorePwd=k3y",
            "Driver={Oracle};Dbq=orcl;Uid=scott/tiger@orcl",
        ] {
            let err = ConnectionString::parse(raw).unwrap_err().to_string();
            assert!(!err.contains("k3y") && !err.contains("tiger"), "{err}");
            assert!(err.contains("secret") || err.contains("password"), "{err}");
        }
        let err = from_url("odbc://scott:tiger@legacy")
            .unwrap_err()
            .to_string();
        assert!(
            !err.contains("tiger") && err.contains("holds a password"),
            "{err}"
        );
        assert_eq!(
            from_url("odbc://scott@legacy").unwrap(),
            "DSN=legacy;UID=scott"
        );
        assert_eq!(from_url("odbc://legacy").unwrap(), "DSN=legacy");
        // Empty secret attributes and plain users pass.
        assert!(ConnectionString::parse("DSN=x;SSLPassword=;Uid=scott").is_ok());
    }

    use super::*;

    fn spec(url: &str) -> SourceSpec {
        SourceSpec::from_url(url)
    }

    #[test]
    fn urls_dsns_and_connection_strings() {
        let cs = ConnectionString::from_spec(&spec("odbc://legacy")).unwrap();
        assert_eq!(cs.expose(), "DSN=legacy;");
        let cs = ConnectionString::from_spec(&spec("odbc:legacy")).unwrap();
        assert_eq!(cs.expose(), "DSN=legacy;");
        let cs = ConnectionString::from_spec(&spec(
            "odbc:Driver={PostgreSQL Unicode};Server=db;Database=crm;",
        ))
        .unwrap();
        assert_eq!(cs.get("DRIVER"), Some("PostgreSQL Unicode"));
        assert_eq!(cs.get("server"), Some("db"));
        assert_eq!(
            cs.expose(),
            "Driver=PostgreSQL Unicode;Server=db;Database=crm;"
        );
        assert!(ConnectionString::from_spec(&spec("odbc://")).is_err());
        assert!(ConnectionString::from_spec(&SourceSpec::default()).is_err());
    }

    #[test]
    fn braces_hold_separators_and_doubled_closing_braces() {
        let cs = ConnectionString::parse("Driver={A;b}};c};X = 1 ;").unwrap();
        assert_eq!(cs.get("driver"), Some("A;b};c"));
        assert_eq!(cs.get("x"), Some("1"));
        assert_eq!(cs.expose(), "Driver={A;b}};c};X=1;");
        assert!(ConnectionString::parse("Driver={open").is_err());
        assert!(ConnectionString::parse(";;").is_err());
    }

    #[test]
    fn passwords_come_from_the_environment_only() {
        let err = ConnectionString::parse("DSN=x;PWD=hunter2").unwrap_err();
        assert!(err.to_string().contains("contains a password"), "{err}");
        assert!(!err.to_string().contains("hunter2"));
        // PATH is set in every test environment; it stands in for a password variable.
        let path = std::env::var("PATH").unwrap();
        let cs = ConnectionString::parse("DSN=x;Pwd=${PATH};Uid=u").unwrap();
        assert_eq!(cs.redacted(), "DSN=x;Pwd=***;Uid=u;");
        assert!(cs.expose().contains(&escape_value(&path)));
        assert!(!format!("{cs:?}").contains(&path));
        let with_env = SourceSpec::default()
            .with("connection-string", "DSN=x;UID=u")
            .with("password-env", "PATH");
        let cs = ConnectionString::from_spec(&with_env).unwrap();
        assert_eq!(cs.redacted(), "DSN=x;UID=u;PWD=***;");
        let missing = with_env.with("password-env", "STX_SURELY_UNSET_VARIABLE");
        let err = ConnectionString::from_spec(&missing).unwrap_err();
        assert!(err.to_string().contains("STX_SURELY_UNSET_VARIABLE"));
    }

    #[test]
    fn driver_names_registered_without_path_get_one_when_found() {
        let dir = tempdir_with("libfake_odbc_driver.so");
        // A registration pointing at a file that exists nowhere is left alone.
        let cs = ConnectionString::parse("Driver={Fake};Server=x").unwrap();
        let registered = vec![("Fake".to_string(), Some("libnowhere_odbc.so".to_string()))];
        assert_eq!(
            cs.clone()
                .with_driver_library(&registered, &[])
                .get("driver"),
            Some("Fake")
        );
        // An absolute registration is the driver manager's business.
        let registered = vec![(
            "Fake".to_string(),
            Some(dir.join("libfake_odbc_driver.so").display().to_string()),
        )];
        assert_eq!(
            cs.with_driver_library(&registered, &[]).get("driver"),
            Some("Fake")
        );
        assert_eq!(find_driver_library("/abs/x.so"), None);
        // A library that is in a distribution folder on this machine (libc, on Debian's
        // x86_64 layout) is named by its full path, for a driver and for a DSN's driver.
        let Some(libc) = find_driver_library("libc.so.6") else {
            return;
        };
        let registered = vec![("Fake".to_string(), Some("libc.so.6".to_string()))];
        let cs = ConnectionString::parse("Driver={Fake};Server=x").unwrap();
        assert_eq!(
            cs.with_driver_library(&registered, &[]).get("driver"),
            Some(libc.to_str().unwrap())
        );
        let dsn = ConnectionString::parse("DSN=legacy;Uid=u").unwrap();
        let sources = vec![("LEGACY".to_string(), "fake".to_string())];
        assert_eq!(
            dsn.clone()
                .with_driver_library(&registered, &sources)
                .expose(),
            format!("Driver={};DSN=legacy;Uid=u;", libc.display())
        );
        assert_eq!(
            dsn.with_driver_library(&registered, &[]).expose(),
            "DSN=legacy;Uid=u;"
        );
    }

    fn tempdir_with(file: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("stx-odbc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(file), b"").unwrap();
        dir
    }
}
