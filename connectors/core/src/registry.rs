use std::collections::BTreeSet;
use std::path::Path;

use async_trait::async_trait;
use serde::de::DeserializeOwned;

use crate::spec::{option_names, rebase, NoOptions};
use crate::{Location, Resolution, Source, SourceError, SourceOptions, SourceSpec};

/// Opens sources of one connector family, and says what of a `[source]` section is its own:
/// URL schemes and `type =` names, file extensions, options.
#[async_trait]
pub trait SourceFactory: Send + Sync {
    /// Connector names this factory answers to: `type =` values and URL schemes
    /// (`sqlite:legacy.db`). The first is the connector's name when an extension or an option
    /// picks it.
    fn names(&self) -> &'static [&'static str];

    /// What the part after one of [`SourceFactory::names`] in a URL names: files (default), a
    /// server (only when written `scheme://…`), or a connection string.
    fn location(&self) -> Location {
        Location::Files
    }

    /// File extensions, lower case and without the leading dot, that pick this connector for
    /// a plain path; compound ones (`sql.gz`) match the end of the file name.
    fn extensions(&self) -> &'static [&'static str] {
        &[]
    }

    /// Options whose presence picks this connector when neither `type` nor a URL scheme names
    /// one (`tables` for CSV, `columns` for fixed-width files).
    fn picked_by_options(&self) -> OptionsPick {
        OptionsPick::NONE
    }

    /// The connector's own `[source]` options (see [`OptionsSchema::of`]).
    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<NoOptions>()
    }

    /// Opens the source; relative paths in `spec` are already resolved.
    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError>;
}

/// Options that pick a connector by being set (see [`SourceFactory::picked_by_options`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionsPick {
    /// The options.
    pub options: &'static [&'static str],
    /// Whether they win over the file extension (a column layout makes any `.txt` or `.dat`
    /// fixed-width), or only pick when the extension says nothing.
    pub before_extension: bool,
}

impl OptionsPick {
    /// No option picks the connector.
    pub const NONE: OptionsPick = OptionsPick {
        options: &[],
        before_extension: false,
    };
}

/// A connector's `[source]` options: their names, how to check them, which hold paths.
#[derive(Clone, Copy)]
pub struct OptionsSchema {
    names: &'static [&'static str],
    check: fn(&SourceOptions, &'static str) -> Result<(), SourceError>,
    paths: &'static [&'static str],
}

impl OptionsSchema {
    /// The options of the serde struct `T` (kebab-case, `deny_unknown_fields`, every field
    /// optional); checking parses them into `T`.
    pub fn of<T: DeserializeOwned>() -> OptionsSchema {
        OptionsSchema {
            names: option_names::<T>(),
            check: |options, connector| options.parse::<T>(connector).map(drop),
            paths: &[],
        }
    }

    /// The same schema, with `keys` holding a path or a table of paths, relative to the
    /// migration's folder (`tables = { customer = "customer.csv" }`).
    pub fn with_paths(self, keys: &'static [&'static str]) -> OptionsSchema {
        OptionsSchema {
            paths: keys,
            ..self
        }
    }

    /// The option names, as written in `[source]`.
    pub fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// Parses the options: unknown keys and values of the wrong type are errors.
    pub fn check(
        &self,
        options: &SourceOptions,
        connector: &'static str,
    ) -> Result<(), SourceError> {
        (self.check)(options, connector)
    }
}

/// Picks the connector for a [`SourceSpec`] from its `type`, URL scheme, file extension or
/// options, resolves its paths and checks its options, all from what the registered factories
/// declare: the registry itself knows no connector.
#[derive(Default)]
pub struct Registry {
    factories: Vec<Box<dyn SourceFactory>>,
}

impl Registry {
    /// An empty registry; the application registers the connectors it was built with.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Adds a connector family. Earlier ones win when two claim the same option.
    pub fn register(&mut self, factory: Box<dyn SourceFactory>) -> &mut Self {
        self.factories.push(factory);
        self
    }

    /// Every connector name known, for messages and `--help`.
    pub fn names(&self) -> Vec<&'static str> {
        self.factories
            .iter()
            .flat_map(|f| f.names().iter().copied())
            .collect()
    }

    /// The registered factories, in order.
    pub fn factories(&self) -> impl Iterator<Item = &dyn SourceFactory> {
        self.factories.iter().map(|f| &**f)
    }

    /// The factory answering to `name` (lower case).
    pub fn factory(&self, name: &str) -> Option<&dyn SourceFactory> {
        self.factories
            .iter()
            .find(|f| f.names().contains(&name))
            .map(|f| &**f)
    }

    /// The connector the spec asks for: `type`, else the URL scheme, else options that win over
    /// the extension, else the extension of the URL or path, else other picking options.
    pub fn connector(&self, spec: &SourceSpec) -> Result<String, SourceError> {
        if let Some(name) = spec.explicit_connector() {
            return Ok(name);
        }
        if let Some(name) = self.picked_by_options(spec, true) {
            return Ok(name);
        }
        if let Some(url) = &spec.url {
            if let Some(name) = self.by_extension(Path::new(url)) {
                return Ok(name.to_string());
            }
            return Err(SourceError::Config {
                message: format!(
                    "cannot tell the source type of '{}'",
                    crate::redact_credentials(url)
                ),
                hint: Some(
                    "write a URL such as sqlite:legacy.db or csv:contacts.csv, or set type = \"sqlite\"".into(),
                ),
            });
        }
        if let Some(name) = spec.path.as_deref().and_then(|p| self.by_extension(p)) {
            return Ok(name.to_string());
        }
        if let Some(name) = self.picked_by_options(spec, false) {
            return Ok(name);
        }
        Err(SourceError::Config {
            message: "the [source] section names no url, type, path or tables".into(),
            hint: Some("add url = \"sqlite:legacy.db\" (or another source URL) to [source]".into()),
        })
    }

    fn picked_by_options(&self, spec: &SourceSpec, before_extension: bool) -> Option<String> {
        self.factories.iter().find_map(|f| {
            let pick = f.picked_by_options();
            (pick.before_extension == before_extension
                && pick.options.iter().any(|o| spec.options.contains(o)))
            .then(|| f.names()[0].to_string())
        })
    }

    /// The connector whose extension ends the file name (the longest such), if any.
    fn by_extension(&self, path: &Path) -> Option<&'static str> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        self.factories
            .iter()
            .flat_map(|f| f.extensions().iter().map(move |ext| (f.names()[0], *ext)))
            .filter(|(_, ext)| {
                // A name that is only the extension (`.csv`) has none, as for Path::extension.
                name.len() > ext.len() + 1
                    && name.ends_with(ext)
                    && name[..name.len() - ext.len()].ends_with('.')
            })
            .max_by_key(|(_, ext)| ext.len())
            .map(|(connector, _)| connector)
    }

    /// What the spec's location names: a server for `scheme://…` of a server connector, a
    /// connection string for a connector of those, else files.
    fn location(&self, spec: &SourceSpec, connector: Option<&str>) -> Location {
        if let Some((scheme, slashes)) = spec.url_scheme() {
            let location = self.factory(&scheme).map(|f| f.location());
            if slashes && location == Some(Location::Server) {
                return Location::Server;
            }
        }
        match connector
            .and_then(|c| self.factory(c))
            .map(|f| f.location())
        {
            Some(Location::ConnectionString) => Location::ConnectionString,
            _ => Location::Files,
        }
    }

    /// The spec with what the registry makes of it recorded ([`SourceSpec::resolution`]),
    /// paths untouched.
    pub fn identify(&self, spec: &SourceSpec) -> SourceSpec {
        let connector = self.connector(spec).ok();
        let location = self.location(spec, connector.as_deref());
        SourceSpec {
            resolution: Some(Resolution {
                connector,
                location,
            }),
            ..spec.clone()
        }
    }

    /// The spec identified, with relative file paths made relative to `base` (the migration's
    /// folder): the location and the options the connectors declare as paths. Server URLs and
    /// connection strings are left alone.
    pub fn resolve(&self, spec: &SourceSpec, base: &Path) -> SourceSpec {
        let mut out = self.identify(spec);
        if out.names_no_files() {
            return out;
        }
        if let Some(path) = spec.location_path() {
            out.path = Some(rebase(base, &path));
        }
        let path_keys: BTreeSet<&str> = self
            .factories
            .iter()
            .flat_map(|f| f.options().paths.iter().copied())
            .collect();
        for key in path_keys {
            match out.options.get_mut(key) {
                Some(toml::Value::String(p)) => *p = rebase_text(base, p),
                Some(toml::Value::Table(table)) => {
                    for (_, value) in table.iter_mut() {
                        if let toml::Value::String(p) = value {
                            *p = rebase_text(base, p);
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Checks the spec's options against its connector before anything is opened: a key the
    /// connector does not have, or a value of the wrong type, is an error naming the key. When
    /// no connector can be told yet (a folder), every key must belong to some connector.
    pub fn check(&self, spec: &SourceSpec) -> Result<(), SourceError> {
        match self.connector(spec) {
            Ok(name) => match self.factory(&name) {
                Some(factory) => factory.options().check(&spec.options, factory.names()[0]),
                // Opening says which connectors there are.
                None => Ok(()),
            },
            Err(_) => {
                let known: Vec<&'static str> = self.all_options().into_iter().collect();
                match spec.options.keys().find(|k| !known.contains(k)) {
                    None => Ok(()),
                    Some(key) => Err(SourceError::BadOption {
                        connector: crate::ANY_CONNECTOR,
                        key: Some(key.to_string()),
                        problem: "no connector has such an option".into(),
                        accepted: known,
                        hint: Some("check the spelling".into()),
                    }),
                }
            }
        }
    }

    /// Every option of every connector.
    pub fn all_options(&self) -> BTreeSet<&'static str> {
        self.factories
            .iter()
            .flat_map(|f| f.options().names().iter().copied())
            .collect()
    }

    /// Opens the source the spec describes.
    pub async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        let name = self.connector(spec)?;
        let factory = self.factory(&name).ok_or_else(|| SourceError::Config {
            message: format!("no connector named '{name}' in this build"),
            hint: Some(format!("known connectors: {}", self.names().join(", "))),
        })?;
        factory.open(spec).await
    }
}

fn rebase_text(base: &Path, path: &str) -> String {
    rebase(base, Path::new(path)).to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde::Deserialize;

    use super::*;

    /// A factory that declares what it is told to, and opens nothing.
    struct Fake {
        names: &'static [&'static str],
        location: Location,
        extensions: &'static [&'static str],
        pick: OptionsPick,
        options: OptionsSchema,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case", deny_unknown_fields)]
    #[allow(dead_code)]
    struct CsvLike {
        tables: Option<std::collections::BTreeMap<String, PathBuf>>,
        delimiter: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct FixedLike {
        widths: Option<Vec<usize>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case", deny_unknown_fields)]
    #[allow(dead_code)]
    struct OdbcLike {
        connection_string: Option<String>,
    }

    #[async_trait]
    impl SourceFactory for Fake {
        fn names(&self) -> &'static [&'static str] {
            self.names
        }
        fn location(&self) -> Location {
            self.location
        }
        fn extensions(&self) -> &'static [&'static str] {
            self.extensions
        }
        fn picked_by_options(&self) -> OptionsPick {
            self.pick
        }
        fn options(&self) -> OptionsSchema {
            self.options
        }
        async fn open(&self, _spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
            Err(SourceError::Config {
                message: format!("{} opened", self.names[0]),
                hint: None,
            })
        }
    }

    fn fake(names: &'static [&'static str], extensions: &'static [&'static str]) -> Fake {
        Fake {
            names,
            location: Location::Files,
            extensions,
            pick: OptionsPick::NONE,
            options: OptionsSchema::of::<NoOptions>(),
        }
    }

    fn registry() -> Registry {
        let mut r = Registry::new();
        r.register(Box::new(fake(&["sqlite"], &["db", "sqlite", "sqlite3"])))
            .register(Box::new(Fake {
                pick: OptionsPick {
                    options: &["tables"],
                    before_extension: false,
                },
                options: OptionsSchema::of::<CsvLike>().with_paths(&["tables"]),
                ..fake(&["csv", "tsv"], &["csv", "tsv", "txt"])
            }))
            .register(Box::new(Fake {
                pick: OptionsPick {
                    options: &["widths"],
                    before_extension: true,
                },
                options: OptionsSchema::of::<FixedLike>(),
                ..fake(&["fixed"], &[])
            }))
            .register(Box::new(Fake {
                location: Location::Server,
                ..fake(&["postgres", "postgresql"], &[])
            }))
            .register(Box::new(Fake {
                location: Location::ConnectionString,
                pick: OptionsPick {
                    options: &["connection-string"],
                    before_extension: false,
                },
                options: OptionsSchema::of::<OdbcLike>(),
                ..fake(&["odbc"], &[])
            }))
            .register(Box::new(fake(
                &["sqldump"],
                &["sql", "dump", "sql.gz", "sql.zst", "dump.gz", "dump.zst"],
            )));
        r
    }

    #[test]
    fn connector_from_type_scheme_extension_or_options() {
        let r = registry();
        let of = |url: &str| r.connector(&SourceSpec::from_url(url));
        let spec = SourceSpec {
            kind: Some("CSV".into()),
            ..Default::default()
        };
        assert_eq!(r.connector(&spec).unwrap(), "csv");
        assert_eq!(of("sqlite:legacy.db").unwrap(), "sqlite");
        assert_eq!(of("data/people.CSV").unwrap(), "csv");
        assert_eq!(of("x.sqlite3").unwrap(), "sqlite");
        assert!(of("legacy.unknown").is_err());
        assert_eq!(of("dumps/legacy.sql").unwrap(), "sqldump");
        assert_eq!(of("legacy.SQL.gz").unwrap(), "sqldump");
        assert_eq!(of("legacy.dump.zst").unwrap(), "sqldump");
        assert!(of("contacts.csv.gz").is_err());
        assert!(of(".csv").is_err(), "a hidden file has no extension");
        let odbc = SourceSpec::default().with("connection-string", "DSN=legacy");
        assert_eq!(r.connector(&odbc).unwrap(), "odbc");
        let tables = SourceSpec::default().with(
            "tables",
            [("a", "a.csv")]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
        assert_eq!(r.connector(&tables).unwrap(), "csv");
        // A column layout wins over the extension; tables do not.
        let fixed = SourceSpec::from_url("KUNDEN.txt").with("widths", [6, 30]);
        assert_eq!(r.connector(&fixed).unwrap(), "fixed");
        assert!(r.connector(&SourceSpec::default()).is_err());
    }

    #[test]
    fn resolve_against_base() {
        let r = registry();
        let spec = r.resolve(&SourceSpec::from_url("sqlite:legacy.db"), Path::new("/m"));
        assert_eq!(spec.path.as_deref(), Some(Path::new("/m/legacy.db")));
        assert_eq!(spec.connector().unwrap(), "sqlite");
        let spec = r.resolve(&SourceSpec::from_url("sqlite:///abs.db"), Path::new("/m"));
        assert_eq!(spec.path.as_deref(), Some(Path::new("/abs.db")));
        let plain = r.resolve(&SourceSpec::from_url("x.db"), Path::new("/m"));
        assert_eq!(
            plain.connector().unwrap(),
            "sqlite",
            "the registry's pick is kept"
        );
        let server = SourceSpec::from_url("postgres://u@db:5432/legacy");
        let resolved = r.resolve(&server, Path::new("/m"));
        assert!(resolved.names_no_files());
        assert_eq!(resolved.path, None);
        // A connection string is no path: left alone when resolving against the folder.
        let url = SourceSpec::from_url("odbc:Driver={SQLite3};Database=rel.db;");
        let resolved = r.resolve(&url, Path::new("/m"));
        assert!(resolved.names_no_files());
        assert_eq!(resolved.path, None);
        let tables = SourceSpec {
            kind: Some("csv".into()),
            ..Default::default()
        }
        .with(
            "tables",
            [("a", "a.csv"), ("b", "/abs/b.csv")]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
        let resolved = r.resolve(&tables, Path::new("/m"));
        let t = resolved.options.get("tables").unwrap().as_table().unwrap();
        assert_eq!(t["a"].as_str(), Some("/m/a.csv"));
        assert_eq!(t["b"].as_str(), Some("/abs/b.csv"));
    }

    #[test]
    fn options_are_checked_against_the_picked_connector() {
        let r = registry();
        let err = r
            .check(&SourceSpec::from_url("x.db").with("delimiter", ";"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("delimiter: the sqlite connector has no such option"),
            "{err}"
        );
        assert!(r
            .check(&SourceSpec::from_url("x.csv").with("delimiter", ";"))
            .is_ok());
        // No connector yet (a folder): the key must be some connector's.
        let folder = SourceSpec::from_url("exports/");
        assert!(r.check(&folder.clone().with("delimiter", ";")).is_ok());
        let err = r
            .check(&folder.with("delimitr", ";"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("delimitr: no connector has such an option"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn open_goes_to_the_picked_factory() {
        let r = registry();
        let err = r
            .open(&SourceSpec::from_url("a.sql.gz"))
            .await
            .err()
            .unwrap();
        assert!(err.to_string().contains("sqldump opened"), "{err}");
        let err = r.open(&SourceSpec::from_url("nope:x")).await.err().unwrap();
        assert!(
            err.to_string().contains("no connector named 'nope'"),
            "{err}"
        );
    }
}
