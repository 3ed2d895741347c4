use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::SourceError;

/// The `[source]` section of a migration file, or a source given as a URL/path on the command
/// line (`stx-migrate inspect legacy.db`).
///
/// Only what every connector shares is typed here: where the source is (`url`, `type`,
/// `path`). Every other key is the picked connector's, kept as written in [`SourceOptions`]
/// and parsed by the connector into its own options struct. Relative paths are relative to the
/// migration file's folder (see [`crate::Registry::resolve`]). Secrets never appear here:
/// connectors read them from environment variables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceSpec {
    /// `sqlite:legacy.db`, `sqlite:///abs/legacy.db`, `csv:contacts.csv`, `postgres://…`, or a
    /// plain path whose extension says the type (the extensions each connector claims).
    pub url: Option<String>,
    /// Connector name when `url` is not given (`type = "csv"`).
    pub kind: Option<String>,
    /// File of the source (SQLite database, or a single CSV file whose table name is its stem),
    /// or a glob pattern or folder whose files are read as one table (`exports/*.csv`).
    pub path: Option<PathBuf>,
    /// Every other key of `[source]`: the connector's own options (`delimiter`, `sheet`, ...).
    pub options: SourceOptions,
    /// What the registry made of the spec ([`crate::Registry::resolve`]); never read from a
    /// file. `None` for a spec that did not go through the registry.
    pub resolution: Option<Resolution>,
}

/// What a spec's location names, as told by the connector that answers to its URL scheme or
/// `type` (see [`crate::SourceFactory::location`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Location {
    /// A file, a glob or a folder, relative to the migration file's folder.
    #[default]
    Files,
    /// A database server (`postgres://host/db`): no path to resolve.
    Server,
    /// An ODBC connection string or data source name: no path to resolve either.
    ConnectionString,
}

/// What [`crate::Registry::resolve`] decided for a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The connector picked from `type`, URL scheme, extension or options; `None` when none
    /// could be told (a folder, whose files each name their own).
    pub connector: Option<String>,
    /// What the spec's location names.
    pub location: Location,
}

/// The connector-specific keys of `[source]`, as written: key (kebab-case) → TOML value.
///
/// A connector turns them into its own options struct with [`SourceOptions::parse`], which
/// names the offending key and the options the connector accepts when one is wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceOptions(toml::Table);

impl SourceSpec {
    /// A spec from a URL or path given on the command line.
    pub fn from_url(url: &str) -> SourceSpec {
        SourceSpec {
            url: Some(url.to_string()),
            ..SourceSpec::default()
        }
    }

    /// The same spec with the option `key` set to `value` (programmatic specs and tests); a
    /// `None` or a value TOML cannot hold leaves the key unset.
    pub fn with(mut self, key: &str, value: impl Serialize) -> SourceSpec {
        self.options.set(key, value);
        self
    }

    /// The connector this spec asks for: `type`, else the URL scheme, else the one the registry
    /// picked when it resolved the spec (by extension or options). Use
    /// [`crate::Registry::connector`] for a spec that did not go through the registry.
    pub fn connector(&self) -> Result<String, SourceError> {
        if let Some(name) = self.explicit_connector() {
            return Ok(name);
        }
        if let Some(name) = self.resolution.as_ref().and_then(|r| r.connector.clone()) {
            return Ok(name);
        }
        let what = self
            .url
            .clone()
            .or_else(|| self.path.as_ref().map(|p| p.display().to_string()));
        Err(SourceError::Config {
            message: match what {
                Some(what) => format!(
                    "cannot tell the source type of '{}'",
                    crate::redact_credentials(&what)
                ),
                None => "the [source] section names no url, type, path or tables".into(),
            },
            hint: Some(
                "write a URL such as sqlite:legacy.db or csv:contacts.csv, or set type = \"sqlite\""
                    .into(),
            ),
        })
    }

    /// The connector named by `type` or the URL scheme (lower-cased), if any.
    pub fn explicit_connector(&self) -> Option<String> {
        if let Some(kind) = &self.kind {
            return Some(kind.to_ascii_lowercase());
        }
        let (scheme, _) = split_scheme(self.url.as_deref()?)?;
        Some(scheme.to_ascii_lowercase())
    }

    /// The URL's scheme (lower-cased) and whether the rest starts with `//`.
    pub fn url_scheme(&self) -> Option<(String, bool)> {
        let (scheme, rest) = split_scheme(self.url.as_deref()?)?;
        Some((scheme.to_ascii_lowercase(), rest.starts_with("//")))
    }

    /// The file path the spec designates: `path`, else the URL without its scheme.
    pub fn location_path(&self) -> Option<PathBuf> {
        if let Some(path) = &self.path {
            return Some(path.clone());
        }
        let url = self.url.as_deref()?;
        let rest = match split_scheme(url) {
            Some((_, rest)) => rest,
            None => url,
        };
        // sqlite:///abs/path keeps its leading slash; sqlite://rel/path is relative.
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let rest = rest.split('?').next().unwrap_or(rest);
        if rest.is_empty() {
            None
        } else {
            Some(PathBuf::from(rest))
        }
    }

    /// Whether the registry found that the spec names a database server or a connection
    /// string rather than files.
    pub fn names_no_files(&self) -> bool {
        self.resolution
            .as_ref()
            .is_some_and(|r| r.location != Location::Files)
    }
}

impl SourceOptions {
    /// Whether no option is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `key` is set.
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The keys set, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The value of `key` as written.
    pub fn get(&self, key: &str) -> Option<&toml::Value> {
        self.0.get(key)
    }

    /// The value of `key`, for the registry's path resolution.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut toml::Value> {
        self.0.get_mut(key)
    }

    /// Sets `key` to `value`; a `None` or a value TOML cannot hold removes the key.
    pub fn set(&mut self, key: &str, value: impl Serialize) {
        match toml::Value::try_from(value) {
            Ok(value) => {
                self.0.insert(key.to_string(), value);
            }
            Err(_) => {
                self.0.remove(key);
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<toml::Value> {
        self.0.remove(key)
    }

    /// Only the options `keep` says yes to.
    pub fn filtered(&self, keep: impl Fn(&str) -> bool) -> SourceOptions {
        SourceOptions(
            self.0
                .iter()
                .filter(|(k, _)| keep(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }

    /// Parses the options into `connector`'s options struct `T` (a serde struct with
    /// `deny_unknown_fields`, every field optional). A key `T` does not have, or a value of the
    /// wrong type, is a [`SourceError::BadOption`] naming the key and the accepted options.
    pub fn parse<T: DeserializeOwned>(&self, connector: &'static str) -> Result<T, SourceError> {
        let accepted = option_names::<T>();
        let bad = |key: Option<&str>, problem: String, hint: Option<&str>| SourceError::BadOption {
            connector,
            key: key.map(String::from),
            problem,
            accepted: accepted.to_vec(),
            hint: hint.map(String::from),
        };
        if let Some(key) = self.keys().find(|k| !accepted.contains(k)) {
            return Err(bad(
                Some(key),
                format!("the {connector} connector has no such option"),
                Some("check the spelling, and that type or url name the connector you mean"),
            ));
        }
        let whole = match toml::Value::Table(self.0.clone()).try_into::<T>() {
            Ok(parsed) => return Ok(parsed),
            Err(e) => e.message().to_string(),
        };
        // Name the key whose value is wrong: the first that fails alone (every field of a
        // connector's options is optional, so one key alone parses unless it is the culprit).
        for (key, value) in &self.0 {
            let alone = toml::Table::from_iter([(key.clone(), value.clone())]);
            if let Err(e) = toml::Value::Table(alone).try_into::<T>() {
                return Err(bad(Some(key), e.message().to_string(), None));
            }
        }
        Err(bad(None, whole, None))
    }
}

/// The `[source]` keys a connector's options struct `T` accepts (its serde field names).
pub fn option_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    // T::deserialize asks the probe for a struct and hands it the field names.
    let _ = T::deserialize(FieldProbe(&mut names));
    names
}

/// A deserializer that records the field names of the struct asked of it, then fails.
struct FieldProbe<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldProbe<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field names recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Options of a connector that has none: any key is an error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoOptions {}

/// The one option of database servers and password-protected files (PostgreSQL, MySQL,
/// SQL Server, Access).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PasswordOptions {
    /// Environment variable holding the password (default: the server's usual one,
    /// `PGPASSWORD`, `MYSQL_PWD`, `MSSQL_PASSWORD`). Passwords are never written in a
    /// migration file or URL.
    pub password_env: Option<String>,
}

impl<'de> Deserialize<'de> for SourceSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SourceSpec, D::Error> {
        deserializer.deserialize_map(SpecVisitor)
    }
}

struct SpecVisitor;

impl<'de> Visitor<'de> for SpecVisitor {
    type Value = SourceSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the [source] table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SourceSpec, A::Error> {
        let mut spec = SourceSpec::default();
        while let Some(key) = map.next_key::<String>()? {
            let duplicate = match key.as_str() {
                "url" => spec.url.replace(map.next_value()?).is_some(),
                "type" => spec.kind.replace(map.next_value()?).is_some(),
                "path" => spec.path.replace(map.next_value()?).is_some(),
                // The connector's: checked by the registry once it knows the connector.
                _ => spec
                    .options
                    .0
                    .insert(key.clone(), map.next_value()?)
                    .is_some(),
            };
            if duplicate {
                return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
            }
        }
        Ok(spec)
    }
}

pub(crate) fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    // A Windows drive letter (C:\...) is not a scheme.
    let is_scheme = scheme.len() > 1
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-')
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
    is_scheme.then_some((scheme, rest))
}

/// `path` made relative to `base` unless absolute.
pub(crate) fn rebase(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case", deny_unknown_fields)]
    struct Demo {
        delimiter: Option<String>,
        skip_rows: Option<usize>,
        columns: Option<Vec<DemoColumn>>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct DemoColumn {
        name: String,
    }

    fn from_toml(text: &str) -> SourceSpec {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn common_keys_are_typed_the_rest_are_options() {
        let spec = from_toml("url = \"csv:x.csv\"\ntype = \"csv\"\npath = \"x.csv\"\ndelimiter = \";\"\nskip-rows = 2\n");
        assert_eq!(spec.url.as_deref(), Some("csv:x.csv"));
        assert_eq!(spec.kind.as_deref(), Some("csv"));
        assert_eq!(spec.path, Some(PathBuf::from("x.csv")));
        assert_eq!(
            spec.options.keys().collect::<Vec<_>>(),
            ["delimiter", "skip-rows"]
        );
        let demo: Demo = spec.options.parse("demo").unwrap();
        assert_eq!(demo.delimiter.as_deref(), Some(";"));
        assert_eq!(demo.skip_rows, Some(2));
        let err = toml::from_str::<SourceSpec>("url = 5").unwrap_err();
        assert!(err.to_string().contains("url"), "{err}");
    }

    #[test]
    fn option_errors_name_key_connector_and_accepted_options() {
        assert_eq!(
            option_names::<Demo>(),
            ["delimiter", "skip-rows", "columns"]
        );
        assert!(option_names::<NoOptions>().is_empty());
        let err = from_toml("delimitr = \";\"")
            .options
            .parse::<Demo>("demo")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "source configuration: [source] delimitr: the demo connector has no such option \
             (options of the demo connector: delimiter, skip-rows, columns). Hint: check the \
             spelling, and that type or url name the connector you mean"
        );
        let err = from_toml("delimiter = \";\"\nskip-rows = \"two\"")
            .options
            .parse::<Demo>("demo")
            .unwrap_err();
        assert!(
            matches!(&err, SourceError::BadOption { key: Some(k), .. } if k == "skip-rows"),
            "{err}"
        );
        let err = from_toml("columns = [{ name = \"id\", strat = 1 }]")
            .options
            .parse::<Demo>("demo")
            .unwrap_err()
            .to_string();
        assert!(err.contains("columns: ") && err.contains("strat"), "{err}");
        let err = from_toml("sheet = \"x\"")
            .options
            .parse::<NoOptions>("sqlite")
            .unwrap_err()
            .to_string();
        assert!(err.contains("sheet: the sqlite connector has no such option (options of the sqlite connector: none)"), "{err}");
    }

    #[test]
    fn programmatic_options() {
        let spec = SourceSpec::from_url("x.csv")
            .with("delimiter", ";")
            .with("skip-rows", 3usize)
            .with("sheet", None::<String>);
        let demo: Demo = spec.options.parse("demo").unwrap();
        assert_eq!(demo.skip_rows, Some(3));
        assert!(!spec.options.contains("sheet"));
    }

    #[test]
    fn explicit_connector_and_location_paths() {
        assert_eq!(
            SourceSpec::from_url("SQLite:legacy.db")
                .connector()
                .unwrap(),
            "sqlite"
        );
        assert_eq!(
            SourceSpec::from_url(r"C:\data\x.csv").explicit_connector(),
            None
        );
        let err = SourceSpec::from_url("legacy.db").connector().unwrap_err();
        assert!(err
            .to_string()
            .contains("cannot tell the source type of 'legacy.db'"));
        let p = |u: &str| SourceSpec::from_url(u).location_path().unwrap();
        assert_eq!(p("sqlite:legacy.db"), PathBuf::from("legacy.db"));
        assert_eq!(p("sqlite://legacy.db"), PathBuf::from("legacy.db"));
        assert_eq!(
            p("sqlite:///abs/legacy.db"),
            PathBuf::from("/abs/legacy.db")
        );
        assert_eq!(p("sqlite://legacy.db?mode=ro"), PathBuf::from("legacy.db"));
        assert_eq!(p("plain/file.csv"), PathBuf::from("plain/file.csv"));
    }
}
