use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::SourceError;

/// The `[source]` section of a migration file, or a source given as a URL/path on the command
/// line (`stx-migrate inspect legacy.db`).
///
/// Relative paths are relative to the migration file's folder (see [`SourceSpec::resolved`]).
/// Secrets never appear here: connectors read them from environment variables.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SourceSpec {
    /// `sqlite:legacy.db`, `sqlite:///abs/legacy.db`, `csv:contacts.csv`, or a plain path whose
    /// extension says the type (`.db`, `.sqlite`, `.sqlite3`, `.csv`, `.tsv`, `.txt`).
    pub url: Option<String>,
    /// Connector name when `url` is not given: `sqlite` or `csv`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// File of the source (SQLite database, or a single CSV file whose table name is its stem),
    /// or a glob pattern or folder whose files are read as one table (`exports/*.csv`).
    pub path: Option<PathBuf>,
    /// CSV: several files, each one table: `{ customer = "customer.csv", address = "address.csv" }`.
    #[serde(default)]
    pub tables: BTreeMap<String, PathBuf>,
    /// CSV: field delimiter (`,` `;` `\t` `|`); detected from the header line when absent.
    pub delimiter: Option<String>,
    /// CSV: quote character, default `"`.
    pub quote: Option<char>,
    /// CSV: whether the first line holds column names (default true; otherwise `column_1` ...).
    pub header: Option<bool>,
    /// CSV: `utf-8` (default), `auto` (detect), or any WHATWG label: `windows-1252`,
    /// `iso-8859-15`, `utf-16le` ...
    pub encoding: Option<String>,
    /// CSV/XLSX: rows to skip before the header row (title lines above the column names; a
    /// SecuTix contact file has 3 header rows above its codes row). Row numbers in messages
    /// still count from the first line of the file.
    pub skip_rows: Option<usize>,
    /// XLSX: the worksheet to read (default: the first one).
    pub sheet: Option<String>,
    /// Fixed-width files (`type = "fixed"`): the columns, each with a name, a 1-based start
    /// position (default: right after the previous column) and a width, counted in characters
    /// after decoding: `[{ name = "id", start = 1, width = 6 }, { name = "name", width = 30 }]`.
    pub columns: Option<Vec<FixedColumn>>,
    /// Fixed-width files: the widths of consecutive columns, a shorthand for `columns` without
    /// gaps; names come from the header line (`header = true`) or are `column_1` ...
    pub widths: Option<Vec<usize>>,
    /// Database servers: environment variable holding the password (default: the server's
    /// usual one, `PGPASSWORD`, `MYSQL_PWD`, `MSSQL_PASSWORD`). Passwords are never written in
    /// a migration file or URL.
    pub password_env: Option<String>,
    /// ODBC: the connection string (`Driver={PostgreSQL Unicode};Server=db;Database=crm;Uid=u;`
    /// or `DSN=legacy;`), without password (see `password-env`).
    pub connection_string: Option<String>,
    /// ODBC: the SQL dialect of the database behind the driver (`oracle`, `access`, `filemaker`,
    /// `db2`, `postgres`, `mysql`, `mssql`, `sqlite`, `ansi`); detected from the driver's DBMS
    /// name when absent. sqldump: the dump's dialect (`postgres`, `mysql`, `mssql`, `oracle`,
    /// `sqlite`), detected from the file when absent.
    pub dialect: Option<String>,
    /// ODBC: `block` (columnar block cursors), `row` (row by row, long values fetched in parts)
    /// or `auto` (default: block unless a column is unbounded or the driver needs rows).
    pub fetch: Option<String>,
}

/// One column of a fixed-width file (see [`SourceSpec::columns`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FixedColumn {
    /// Column name.
    pub name: String,
    /// 1-based position of the column's first character; default: right after the previous
    /// column (1 for the first).
    pub start: Option<usize>,
    /// Width in characters.
    pub width: usize,
    /// `text` (default: the mapping casts) or `integer` (Int64; a value that is not a whole
    /// number rejects its row).
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

impl SourceSpec {
    /// A spec from a URL or path given on the command line.
    pub fn from_url(url: &str) -> SourceSpec {
        SourceSpec {
            url: Some(url.to_string()),
            ..SourceSpec::default()
        }
    }

    /// The connector this spec asks for: `type`, else the URL scheme, else the file extension.
    pub fn connector(&self) -> Result<String, SourceError> {
        if let Some(kind) = &self.kind {
            return Ok(kind.to_ascii_lowercase());
        }
        if let Some(url) = &self.url {
            if let Some((scheme, _)) = split_scheme(url) {
                return Ok(scheme.to_ascii_lowercase());
            }
        }
        // A column layout makes a file fixed-width whatever its extension (.txt, .dat, .prn).
        if self.columns.is_some() || self.widths.is_some() {
            return Ok("fixed".into());
        }
        if let Some(url) = &self.url {
            if let Some(kind) = kind_from_extension(Path::new(url)) {
                return Ok(kind.to_string());
            }
            return Err(SourceError::Config {
                message: format!("cannot tell the source type of '{url}'"),
                hint: Some(
                    "write a URL such as sqlite:legacy.db or csv:contacts.csv, or set type = \"sqlite\"".into(),
                ),
            });
        }
        if let Some(path) = &self.path {
            if let Some(kind) = kind_from_extension(path) {
                return Ok(kind.to_string());
            }
        }
        if !self.tables.is_empty() {
            return Ok("csv".into());
        }
        if self.connection_string.is_some() {
            return Ok("odbc".into());
        }
        Err(SourceError::Config {
            message: "the [source] section names no url, type, path or tables".into(),
            hint: Some("add url = \"sqlite:legacy.db\" (or another source URL) to [source]".into()),
        })
    }

    /// Fails when the spec sets options that `connector` does not use (a `delimiter` on a
    /// SQLite source is a mistake, not something to ignore silently).
    pub fn only_options(&self, connector: &str, used: &[&str]) -> Result<(), SourceError> {
        let set: Vec<&str> = [
            ("tables", !self.tables.is_empty()),
            ("delimiter", self.delimiter.is_some()),
            ("quote", self.quote.is_some()),
            ("header", self.header.is_some()),
            ("encoding", self.encoding.is_some()),
            ("skip-rows", self.skip_rows.is_some()),
            ("sheet", self.sheet.is_some()),
            ("columns", self.columns.is_some()),
            ("widths", self.widths.is_some()),
            ("password-env", self.password_env.is_some()),
            ("connection-string", self.connection_string.is_some()),
            ("dialect", self.dialect.is_some()),
            ("fetch", self.fetch.is_some()),
        ]
        .into_iter()
        .filter(|(name, is_set)| *is_set && !used.contains(name))
        .map(|(name, _)| name)
        .collect();
        if set.is_empty() {
            return Ok(());
        }
        Err(SourceError::Config {
            message: format!(
                "[source] sets {} but the {connector} connector has no such option",
                set.join(", ")
            ),
            hint: Some("remove it, or check type/url name the connector you mean".into()),
        })
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

    /// Whether the URL names a database server (`postgres://…`), which has no file path.
    pub fn is_server_url(&self) -> bool {
        self.url
            .as_deref()
            .and_then(split_scheme)
            .is_some_and(|(scheme, rest)| {
                rest.starts_with("//")
                    && SERVER_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
            })
    }

    /// The same spec with relative file paths made relative to `base` (the migration's folder).
    pub fn resolved(&self, base: &Path) -> SourceSpec {
        if self.is_server_url() || self.connector().is_ok_and(|c| c == "odbc") {
            return self.clone();
        }
        let mut out = self.clone();
        let fix = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        if let Some(path) = self.location_path() {
            out.path = Some(fix(&path));
        }
        out.tables = self
            .tables
            .iter()
            .map(|(k, v)| (k.clone(), fix(v)))
            .collect();
        out
    }
}

/// URL schemes of database servers (no file path to resolve).
pub const SERVER_SCHEMES: &[&str] = &[
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mssql",
    "sqlserver",
];

fn split_scheme(url: &str) -> Option<(&str, &str)> {
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

fn kind_from_extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "db" | "sqlite" | "sqlite3" | "db3" => Some("sqlite"),
        "csv" | "tsv" | "txt" => Some("csv"),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some("xlsx"),
        "mdb" | "accdb" => Some("access"),
        // FileMaker's XML export (FMPXMLRESULT), the only XML a legacy source sends us.
        "xml" => Some("fmpxml"),
        "sql" | "dump" => Some("sqldump"),
        // legacy.sql.gz, legacy.sql.zst: the extension under the compression's.
        "gz" | "zst" => path
            .file_stem()
            .map(Path::new)
            .and_then(kind_from_extension)
            .filter(|kind| *kind == "sqldump"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connector_from_type_scheme_or_extension() {
        let spec = SourceSpec {
            kind: Some("CSV".into()),
            ..Default::default()
        };
        assert_eq!(spec.connector().unwrap(), "csv");
        assert_eq!(
            SourceSpec::from_url("sqlite:legacy.db")
                .connector()
                .unwrap(),
            "sqlite"
        );
        assert_eq!(
            SourceSpec::from_url("data/people.CSV").connector().unwrap(),
            "csv"
        );
        assert_eq!(
            SourceSpec::from_url("x.sqlite3").connector().unwrap(),
            "sqlite"
        );
        assert!(SourceSpec::from_url("legacy.unknown").connector().is_err());
        assert_eq!(
            SourceSpec::from_url("data/nwind.MDB").connector().unwrap(),
            "access"
        );
        assert_eq!(
            SourceSpec::from_url("crm.accdb").connector().unwrap(),
            "access"
        );
        assert_eq!(
            SourceSpec::from_url("export/kunden.xml")
                .connector()
                .unwrap(),
            "fmpxml"
        );
        assert_eq!(
            SourceSpec::from_url("dumps/legacy.sql")
                .connector()
                .unwrap(),
            "sqldump"
        );
        assert_eq!(
            SourceSpec::from_url("legacy.SQL.gz").connector().unwrap(),
            "sqldump"
        );
        assert_eq!(
            SourceSpec::from_url("legacy.dump.zst").connector().unwrap(),
            "sqldump"
        );
        assert!(SourceSpec::from_url("contacts.csv.gz").connector().is_err());
        let odbc = SourceSpec {
            connection_string: Some("DSN=legacy".into()),
            ..SourceSpec::default()
        };
        assert_eq!(odbc.connector().unwrap(), "odbc");
        // A connection string is no path: left alone when resolving against the folder.
        let url = SourceSpec::from_url("odbc:Driver={SQLite3};Database=rel.db;");
        assert_eq!(url.resolved(Path::new("/m")), url);
        assert!(SourceSpec::default().connector().is_err());
    }

    #[test]
    fn options_a_connector_does_not_use_are_errors() {
        let spec = SourceSpec {
            delimiter: Some(";".into()),
            encoding: Some("auto".into()),
            ..SourceSpec::from_url("x.db")
        };
        let err = spec.only_options("sqlite", &[]).unwrap_err().to_string();
        assert!(
            err.contains("delimiter, encoding") && err.contains("sqlite"),
            "{err}"
        );
        assert!(spec.only_options("csv", &["delimiter", "encoding"]).is_ok());
    }

    #[test]
    fn location_paths() {
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

    #[test]
    fn resolved_against_base() {
        let spec = SourceSpec::from_url("sqlite:legacy.db").resolved(Path::new("/m"));
        assert_eq!(spec.path.unwrap(), PathBuf::from("/m/legacy.db"));
        let spec = SourceSpec::from_url("sqlite:///abs.db").resolved(Path::new("/m"));
        assert_eq!(spec.path.unwrap(), PathBuf::from("/abs.db"));
        let server = SourceSpec::from_url("postgres://u@db:5432/legacy");
        assert!(server.is_server_url());
        assert_eq!(server.resolved(Path::new("/m")), server);
    }
}
