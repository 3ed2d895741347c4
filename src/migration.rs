//! The migration file (`migration.toml`): one per customer migration, kept in git beside its
//! lookup tables. Strict: unknown keys are errors that name the key and its line.
//! `reference.toml` at the repository root documents every key and is parsed by a test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use stx_connector_core::SourceSpec;
use toml::Spanned;

use crate::mapping::{LookupTable, Lookups, OnError};

/// Problems with a migration file or what it refers to (lookup files, the format profile).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{path}: cannot read the migration file: {source}. Hint: check the path; `stx-migrate demo` writes a complete example")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML is malformed or has unknown/missing keys (toml's message names line and column).
    #[error("{path}: {message}Hint: every key is documented in reference.toml")]
    Parse {
        /// The file.
        path: PathBuf,
        /// toml's message with the line, a snippet and what was expected.
        message: String,
    },
    /// Well-formed TOML whose content does not make sense.
    #[error("{path}{}: {message}{}", line.map(|l| format!(":{l}")).unwrap_or_default(), hint.as_ref().map(|h| format!(". Hint: {h}")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Line of the offending key, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
}

/// The parsed migration file, exactly as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MigrationFile {
    /// `[migration]`: name and description.
    pub migration: MigrationInfo,
    /// `[source]`: where the legacy data is.
    pub source: SourceSpec,
    /// `[read]`: which table or query, and the key.
    pub read: ReadSpec,
    /// `[institution]`: what the target SecuTix institution is.
    pub institution: InstitutionSpec,
    /// `[map]`: SecuTix column → expression over source columns.
    pub map: BTreeMap<String, Spanned<String>>,
    /// `[on-error]`: SecuTix column → `reject` (default) or `drop` when a function fails.
    #[serde(default)]
    pub on_error: BTreeMap<String, Spanned<OnError>>,
    /// `[rules.COLUMN]`: what the value rules do where the SecuTix specification is silent.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<crate::quality::config::RuleConfig>>,
    /// `[lookups.NAME]`: small translation tables.
    #[serde(default)]
    pub lookups: BTreeMap<String, Spanned<LookupSpec>>,
    /// `[output]`: where and how files are written.
    #[serde(default)]
    pub output: OutputSpec,
    /// `[gate]`: limits that make a finished run exit with code 1.
    #[serde(default)]
    pub gate: GateSpec,
    /// `[dedupe]`: deduplication of the contacts before they are written.
    #[serde(default)]
    pub dedupe: Option<crate::dedupe::DedupeSpec>,
    /// `[numbers]`: the contact numbers of new contacts (keep, prefix, offset, allocate).
    #[serde(default)]
    pub numbers: Option<crate::runs::NumbersSpec>,
    /// `[delta]`: how a delta run (`run --since`) treats keys that are gone.
    #[serde(default)]
    pub delta: crate::runs::DeltaSpec,
    /// `[state]`: where the run state is kept (default: `.stx-state.db` beside this file).
    #[serde(default)]
    pub state: crate::runs::StateSpec,
    /// `[notify]`: a command to run and/or a URL to POST a summary to when a run ends.
    #[serde(default)]
    pub notify: Option<crate::runs::notify::NotifySpec>,
    /// `[bulk]`: the layout of SAM's `[old]`/`[new]` bulk-update template.
    #[serde(default)]
    pub bulk: crate::service::bulk::BulkSpec,
}

/// `[gate]`: the quality gate. A run that exceeds a limit still writes every file, then exits
/// with code 1, so a script or CI job can stop before the files are sent.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GateSpec {
    /// Highest share of rejected rows (0.02 = 2 %); `--max-reject-rate` overrides it.
    pub max_reject_rate: Option<f64>,
    /// Highest share of rows with a field dropped, repaired or truncated (warnings / rows read).
    pub max_warning_rate: Option<f64>,
    /// Highest number of hits per rule: `"COLUMN/rule" = n` (names as in the report).
    #[serde(default)]
    pub rules: BTreeMap<String, u64>,
}

impl GateSpec {
    /// The limits the counts exceed, in words; empty when the run passes.
    pub fn failures(
        &self,
        rows_read: u64,
        rejected: u64,
        warnings: u64,
        rule_hits: &BTreeMap<String, u64>,
    ) -> Vec<String> {
        let rate = |n: u64| {
            if rows_read == 0 {
                0.0
            } else {
                n as f64 / rows_read as f64
            }
        };
        let mut out = Vec::new();
        if let Some(max) = self.max_reject_rate {
            if rate(rejected) > max {
                out.push(format!(
                    "{:.2} % of rows rejected, above max-reject-rate {:.2} %",
                    rate(rejected) * 100.0,
                    max * 100.0
                ));
            }
        }
        if let Some(max) = self.max_warning_rate {
            if rate(warnings) > max {
                out.push(format!(
                    "{:.2} % warnings per row read, above max-warning-rate {:.2} %",
                    rate(warnings) * 100.0,
                    max * 100.0
                ));
            }
        }
        for (rule, max) in &self.rules {
            let hits = rule_hits.get(rule).copied().unwrap_or(0);
            if hits > *max {
                out.push(format!(
                    "rule {rule} fired {hits} times, above its limit {max}"
                ));
            }
        }
        out
    }
}

/// `[migration]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MigrationInfo {
    /// Short name of the migration (customer, scope).
    pub name: String,
    /// Free text.
    pub description: Option<String>,
}

/// `[read]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ReadSpec {
    /// Read a whole table (or CSV file) ...
    pub table: Option<String>,
    /// ... or the result of a query (the source's SQL; polars SQL for CSV sources).
    pub query: Option<String>,
    /// Column that identifies a source row stably (lineage in rejects and reports).
    pub key: Option<String>,
    /// Rows per batch (memory vs. overhead); default 50,000.
    pub batch_rows: Option<usize>,
    /// PostgreSQL: parallel readers over ranges of `key` (an integer column), sharing one
    /// snapshot; default 1.
    pub readers: Option<usize>,
    /// The most memory the run may use (`4 GiB`, `800 MiB`, `60%` of the machine's); default
    /// 75 % of the machine's (or of the container's limit).
    pub memory_budget: Option<String>,
}

impl ReadSpec {
    /// How the connector reads: batch size, key (ordering and resume), readers.
    pub fn options(&self, default_batch_rows: usize) -> stx_connector_core::ReadOptions {
        stx_connector_core::ReadOptions {
            batch_rows: self.batch_rows.unwrap_or(default_batch_rows).max(1),
            key: self.key.clone(),
            readers: self.readers.unwrap_or(1).max(1),
        }
    }
}

/// `[institution]`: the institution and its code lists (the value rules check TITLE,
/// STRUCT_TYPE, COMMUNITY_TYPE, DEPARTMENT, ADMIN_NUMBER and CRIT01..CRIT50 against them; see
/// `quality::codes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct InstitutionSpec {
    /// SecuTix institution code, written to INSTITUTION unless mapped.
    pub code: String,
    /// Organisation code, written to ORGANIZATION unless mapped (default `*` = all).
    pub organization: Option<String>,
    /// ISO 3166 alpha-2 country of the institution.
    pub country: Option<String>,
    /// TITLE codes of the institution (its list of values, without `CONTACT_TITLE/`).
    /// Not set: TITLE codes are not checked.
    pub titles: Option<Vec<String>>,
    /// STRUCT_TYPE codes (structure types defined in SecuTix).
    pub structure_types: Option<Vec<String>>,
    /// COMMUNITY_TYPE codes.
    pub community_types: Option<Vec<String>>,
    /// DEPARTMENT codes (the list SecuTix supplies).
    pub departments: Option<Vec<String>>,
    /// ADMIN_NUMBER type codes (`SIRET` ...).
    pub admin_number_types: Option<Vec<String>>,
    /// `[institution.criteria]`: criterion code → its values (an empty list: free text).
    pub criteria: Option<BTreeMap<String, Vec<String>>>,
}

/// `[lookups.NAME]`: a CSV file next to the migration file, or inline values.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LookupSpec {
    /// CSV file (UTF-8, header row) relative to the migration file.
    pub file: Option<PathBuf>,
    /// Column of the file holding the legacy value (default `from`).
    pub key_column: Option<String>,
    /// Column of the file holding the SecuTix value (default `to`).
    pub value_column: Option<String>,
    /// Inline entries instead of a file.
    pub values: Option<BTreeMap<String, String>>,
    /// Compare keys case-sensitively (default false: `MME`, `mme` and `Mme` are one key).
    #[serde(default)]
    pub case_sensitive: bool,
}

/// Output container formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputFormat {
    /// `contacts.csv`.
    Csv,
    /// `contacts.xlsx`.
    Xlsx,
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OutputSpec {
    /// Folder for runs, relative to the migration file; each run writes `DIR/<run-id>/`.
    #[serde(default = "default_out_dir")]
    pub dir: PathBuf,
    /// Which files to write.
    #[serde(default = "default_formats")]
    pub formats: Vec<OutputFormat>,
    /// CSV delimiter: `,` (default), `;`, `|` or `\t`.
    #[serde(default = "default_delimiter")]
    pub delimiter: String,
    /// Split the contact file into files of at most this many data rows.
    pub split_rows: Option<usize>,
    /// Base name of the contact files.
    #[serde(default = "default_file_stem")]
    pub file_stem: String,
    /// A custom format profile (TOML, same keys as formats/secutix-contact.toml).
    pub profile: Option<PathBuf>,
    /// Templates of header rows 1–3 (placeholders {section} {label} {type} {mandatory}).
    pub header_rows: Option<Vec<String>>,
    /// Deflate level of contacts.xlsx, 1 (fastest, larger) to 9; default 6.
    pub xlsx_compression: Option<u8>,
}

fn default_out_dir() -> PathBuf {
    PathBuf::from("out")
}
fn default_formats() -> Vec<OutputFormat> {
    vec![OutputFormat::Csv, OutputFormat::Xlsx]
}
fn default_delimiter() -> String {
    ",".into()
}
fn default_file_stem() -> String {
    "contacts".into()
}

impl Default for OutputSpec {
    fn default() -> Self {
        OutputSpec {
            dir: default_out_dir(),
            formats: default_formats(),
            delimiter: default_delimiter(),
            split_rows: None,
            file_stem: default_file_stem(),
            profile: None,
            header_rows: None,
            xlsx_compression: None,
        }
    }
}

/// A loaded migration: the parsed file plus where it lives and its exact text and hash.
#[derive(Debug, Clone)]
pub struct Migration {
    /// Parsed content.
    pub file: MigrationFile,
    /// Path as given.
    pub path: PathBuf,
    /// Folder that relative paths are relative to.
    pub dir: PathBuf,
    /// The file's text (copied into the protocol).
    pub text: String,
    /// SHA-256 of the text, lower-case hex.
    pub sha256: String,
    /// `check` of a file: values are judged as written (the rules name what they would
    /// change instead of changing it) and the migration's own values (INSTITUTION,
    /// ORGANIZATION) fill no empty cell.
    pub as_written: bool,
}

impl Migration {
    /// Reads, parses and checks a migration file.
    pub fn load(path: &Path) -> Result<Migration, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Migration::from_text(path, text)
    }

    /// Parses and checks migration text as if read from `path`.
    pub fn from_text(path: &Path, text: String) -> Result<Migration, ConfigError> {
        let file: MigrationFile = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        let migration = Migration {
            file,
            path: path.to_path_buf(),
            dir,
            text,
            sha256,
            as_written: false,
        };
        migration.check()?;
        Ok(migration)
    }

    /// The 1-based line of a byte offset in the file.
    pub fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn invalid(&self, line: Option<usize>, message: String, hint: Option<&str>) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.clone(),
            line,
            message,
            hint: hint.map(String::from),
        }
    }

    fn check(&self) -> Result<(), ConfigError> {
        self.check_source()?;
        let f = &self.file;
        match (&f.read.table, &f.read.query) {
            (Some(_), Some(_)) => {
                return Err(self.invalid(
                    None,
                    "[read] has both table and query".into(),
                    Some("keep one of them"),
                ))
            }
            (None, None) => {
                return Err(self.invalid(
                    None,
                    "[read] needs table = \"...\" or query = \"...\"".into(),
                    Some("`stx-migrate inspect <source>` lists the tables"),
                ))
            }
            _ => {}
        }
        if f.read.batch_rows == Some(0) {
            return Err(self.invalid(None, "[read] batch-rows must be at least 1".into(), None));
        }
        if let Some(budget) = &f.read.memory_budget {
            if crate::pipeline::parse_budget(budget, Some(u64::MAX / 2)).is_none() {
                return Err(self.invalid(
                    None,
                    format!("[read] memory-budget = \"{budget}\" is not a memory size"),
                    Some("write a size of at least 16 MiB, such as \"4 GiB\" or \"800 MiB\", or a share of the machine's memory such as \"60%\""),
                ));
            }
        }
        let code = f.institution.code.trim();
        if code.is_empty() || code.len() > 15 {
            return Err(self.invalid(
                None,
                format!("[institution] code '{code}' must have 1 to 15 characters"),
                Some("the SecuTix institution code, e.g. \"DEMO\""),
            ));
        }
        for (column, on_error) in &f.on_error {
            if !f.map.contains_key(column) {
                return Err(self.invalid(
                    Some(self.line_of(on_error.span().start)),
                    format!("[on-error] names {column}, which [map] does not map"),
                    None,
                ));
            }
        }
        for (name, spec) in &f.lookups {
            let line = Some(self.line_of(spec.span().start));
            match (&spec.get_ref().file, &spec.get_ref().values) {
                (Some(_), Some(_)) => {
                    return Err(self.invalid(line, format!("[lookups.{name}] has both file and values"), Some("keep one")))
                }
                (None, None) => {
                    return Err(self.invalid(
                        line,
                        format!("[lookups.{name}] needs file = \"lookups/{name}.csv\" or values = {{ ... }}"),
                        None,
                    ))
                }
                _ => {}
            }
        }
        if f.output.formats.is_empty() {
            return Err(self.invalid(
                None,
                "[output] formats is empty".into(),
                Some("formats = [\"csv\", \"xlsx\"]"),
            ));
        }
        if !matches!(f.output.delimiter.as_str(), "," | ";" | "|" | "\t") {
            return Err(self.invalid(
                None,
                format!(
                    "[output] delimiter '{}' is not one SecuTix accepts",
                    f.output.delimiter.escape_default()
                ),
                Some("use \",\" (default), \";\", \"|\" or \"\\t\""),
            ));
        }
        for (name, value) in [
            ("max-reject-rate", f.gate.max_reject_rate),
            ("max-warning-rate", f.gate.max_warning_rate),
        ] {
            if let Some(v) = value {
                if !(0.0..=1.0).contains(&v) {
                    return Err(self.invalid(
                        None,
                        format!("[gate] {name} = {v} must be between 0 and 1"),
                        Some("0.05 means 5 %"),
                    ));
                }
            }
        }
        for rule in f.gate.rules.keys() {
            if !rule.contains('/') {
                return Err(self.invalid(
                    None,
                    format!("[gate.rules] '{rule}' must be COLUMN/rule, e.g. \"EMAIL1/email\""),
                    Some("the names are those of the report and protocol.json (rule_hits)"),
                ));
            }
        }
        if f.output.split_rows == Some(0) {
            return Err(self.invalid(None, "[output] split-rows must be at least 1".into(), None));
        }
        Ok(())
    }

    /// The `[source]` spec with its connector picked and paths resolved against the
    /// migration's folder.
    pub fn source_spec(&self) -> SourceSpec {
        crate::sources::resolve(&self.file.source, &self.dir)
    }

    /// `[source]` keys are the picked connector's to know: a misspelled key, or one of another
    /// connector, is an error now, with its line, not when the source is opened.
    fn check_source(&self) -> Result<(), ConfigError> {
        let err = match crate::sources::registry().check(&self.file.source) {
            Ok(()) => return Ok(()),
            Err(err) => err,
        };
        let stx_connector_core::SourceError::BadOption {
            connector,
            key,
            problem,
            accepted,
            hint,
        } = err
        else {
            return Err(self.invalid(None, err.to_string(), None));
        };
        let accepted = stx_connector_core::AcceptedOptions {
            connector,
            accepted: &accepted,
        };
        let (line, key) = match &key {
            Some(key) => (self.source_key_line(key), format!("{key}: ")),
            None => (None, String::new()),
        };
        Err(self.invalid(
            line,
            format!("[source] {key}{problem} ({accepted})"),
            hint.as_deref(),
        ))
    }

    /// The line of `key` in `[source]` (that of its value, which starts on the key's line).
    fn source_key_line(&self, key: &str) -> Option<usize> {
        #[derive(Deserialize)]
        struct Spans {
            #[serde(default)]
            source: BTreeMap<String, Spanned<toml::Value>>,
        }
        let spans: Spans = toml::from_str(&self.text).ok()?;
        Some(self.line_of(spans.source.get(key)?.span().start))
    }

    /// A path from the migration file, resolved against its folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.dir.join(path)
        }
    }

    /// Loads every `[lookups]` table.
    pub fn load_lookups(&self) -> Result<Lookups, ConfigError> {
        let mut lookups = Lookups::default();
        for (name, spec) in &self.file.lookups {
            let line = Some(self.line_of(spec.span().start));
            let spec = spec.get_ref();
            let mut table = LookupTable {
                case_insensitive: !spec.case_sensitive,
                ..Default::default()
            };
            let mut entries: Vec<(String, String)> = Vec::new();
            if let Some(values) = &spec.values {
                entries.extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            if let Some(file) = &spec.file {
                let path = self.resolve(file);
                let key_column = spec.key_column.as_deref().unwrap_or("from");
                let value_column = spec.value_column.as_deref().unwrap_or("to");
                entries.extend(read_lookup_csv(&path, key_column, value_column).map_err(
                    |message| {
                        self.invalid(
                            line,
                            format!("[lookups.{name}]: {}: {message}", path.display()),
                            None,
                        )
                    },
                )?);
            }
            for (key, value) in entries {
                let normalised = table.normalise(&key);
                if let Some(previous) = table.entries.get(&normalised) {
                    if previous != &value {
                        return Err(self.invalid(
                            line,
                            format!("[lookups.{name}]: key '{key}' maps to both '{previous}' and '{value}'"),
                            Some("keys are compared trimmed and case-insensitively unless case-sensitive = true"),
                        ));
                    }
                }
                table.entries.insert(normalised, value);
            }
            lookups.insert(name, table);
        }
        Ok(lookups)
    }
}

fn read_lookup_csv(
    path: &Path,
    key_column: &str,
    value_column: &str,
) -> Result<Vec<(String, String)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| format!("cannot read: {e}"))?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                format!(
                    "no column '{name}' (columns: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                )
            })
    };
    let (k, v) = (find(key_column)?, find(value_column)?);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 2))?;
        out.push((record[k].to_string(), record[v].to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[migration]
name = "t"
[source]
url = "sqlite:legacy.db"
[read]
table = "customer"
[institution]
code = "DEMO"
[map]
LASTNAME = "upper(last_name)"
"#;

    fn load(text: &str) -> Result<Migration, ConfigError> {
        Migration::from_text(Path::new("/m/migration.toml"), text.to_string())
    }

    #[test]
    fn minimal_file_parses_with_defaults() {
        let m = load(MINIMAL).unwrap();
        assert_eq!(
            m.file.output.formats,
            vec![OutputFormat::Csv, OutputFormat::Xlsx]
        );
        assert_eq!(m.source_spec().path.unwrap(), PathBuf::from("/m/legacy.db"));
        assert_eq!(m.line_of(m.file.map["LASTNAME"].span().start), 11);
        assert_eq!(m.sha256.len(), 64);
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let err = load(&MINIMAL.replace("[read]\n", "[read]\ntabel = \"x\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("tabel") && err.contains("line 7"), "{err}");
        let err = load(&MINIMAL.replace("[map]", "[mapp]"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("mapp"), "{err}");
        // Inside a fixed-width column too.
        let err = load(&MINIMAL.replace(
            "url = \"sqlite:legacy.db\"\n",
            "url = \"fixed:KUNDEN.DAT\"\ncolumns = [{ name = \"id\", width = 6, strat = 1 }]\n",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("strat") && err.contains(":6: [source] columns"),
            "{err}"
        );
    }

    #[test]
    fn source_options_are_the_picked_connectors() {
        let with = |url: &str, option: &str| {
            load(&MINIMAL.replace(
                "url = \"sqlite:legacy.db\"\n",
                &format!("url = \"{url}\"\n{option}\n"),
            ))
        };
        // Misspelled: the key, its line, the connector and what it accepts.
        let err = with("contacts.csv", "delimitr = \";\"")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("migration.toml:6: [source] delimitr: the csv connector has no such option (options of the csv connector: tables, delimiter, quote, header, encoding, skip-rows)"),
            "{err}"
        );
        // Another connector's option.
        let err = with("sqlite:legacy.db", "sheet = \"Kunden\"")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":6: [source] sheet: the sqlite connector has no such option (options of the sqlite connector: none)"),
            "{err}"
        );
        // A value of the wrong type.
        let err = with("contacts.csv", "header = \"yes\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":6: [source] header: invalid type"), "{err}");
        // A folder names no connector yet: the key must be some connector's.
        assert!(with("exports/", "delimiter = \";\"").is_ok());
        let err = with("exports/", "delimitr = \";\"")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":6: [source] delimitr: no connector has such an option (options of all connectors: "),
            "{err}"
        );
        // Options of the picked connector load; values are the connector's to check at open.
        let m = with("sqldump:legacy.sql.gz", "dialect = \"mysql\"").unwrap();
        let spec = m.source_spec();
        assert_eq!(spec.connector().unwrap(), "sqldump");
        assert_eq!(spec.path.unwrap(), PathBuf::from("/m/legacy.sql.gz"));
        let server = with("postgres://u@db/legacy", "password-env = \"PW\"").unwrap();
        assert_eq!(server.source_spec().path, None, "a server URL is no path");
    }

    #[test]
    fn inconsistent_sections_are_explained() {
        let err = load(&MINIMAL.replace("table = \"customer\"", ""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("[read] needs table"), "{err}");
        let err = load(&format!("{MINIMAL}\n[on-error]\nFIRSTNAME = \"drop\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("FIRSTNAME") && err.contains(":14"), "{err}");
        let err = load(&format!("{MINIMAL}\n[output]\ndelimiter = \"#\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("delimiter"), "{err}");
    }

    #[test]
    fn gate_limits() {
        let m = load(&format!("{MINIMAL}\n[gate]\nmax-reject-rate = 0.1\nmax-warning-rate = 0.5\n[gate.rules]\n\"EMAIL1/email\" = 2\n")).unwrap();
        let hits = BTreeMap::from([("EMAIL1/email".to_string(), 3u64)]);
        let failures = m.file.gate.failures(100, 11, 10, &hits);
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(failures[0].contains("11.00 % of rows rejected"));
        assert!(failures[1].contains("EMAIL1/email fired 3 times"));
        assert!(
            m.file
                .gate
                .failures(100, 10, 50, &BTreeMap::new())
                .is_empty(),
            "limits are inclusive"
        );
        assert!(m.file.gate.failures(0, 0, 0, &BTreeMap::new()).is_empty());
        let err = load(&format!("{MINIMAL}\n[gate]\nmax-reject-rate = 5\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("between 0 and 1"), "{err}");
        let err = load(&format!("{MINIMAL}\n[gate.rules]\nemail = 1\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("COLUMN/rule"), "{err}");
    }

    #[test]
    fn institution_code_lists() {
        let m = load(&MINIMAL.replace(
            "code = \"DEMO\"\n",
            "code = \"DEMO\"\ntitles = [\"MR\", \"MRS\"]\nadmin-number-types = [\"SIRET\"]\n[institution.criteria]\nPREFCOL = [\"Red\"]\nNOTE = []\n",
        ))
        .unwrap();
        let lists = m.file.institution.clone();
        assert_eq!(
            lists.titles,
            Some(vec!["MR".to_string(), "MRS".to_string()])
        );
        assert_eq!(lists.admin_number_types, Some(vec!["SIRET".to_string()]));
        assert_eq!(lists.structure_types, None, "not configured: not checked");
        let criteria = lists.criteria.unwrap();
        assert_eq!(criteria["PREFCOL"], ["Red"]);
        assert!(criteria["NOTE"].is_empty());
        // Without lists, every list is unset (only code, organization and country remain).
        let minimal = load(MINIMAL).unwrap().file.institution;
        assert_eq!(
            InstitutionSpec {
                code: minimal.code.clone(),
                organization: minimal.organization.clone(),
                country: minimal.country.clone(),
                ..Default::default()
            },
            minimal
        );
        let err =
            load(&MINIMAL.replace("code = \"DEMO\"\n", "code = \"DEMO\"\ntitle = [\"MR\"]\n"))
                .unwrap_err()
                .to_string();
        assert!(err.contains("title") && err.contains("titles"), "{err}");
    }

    #[test]
    fn lookups_from_values_and_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("titles.csv"), "from,to\nM.,MR\nMme,MRS\n").unwrap();
        let text = format!(
            "{MINIMAL}\n[lookups.titles]\nfile = \"titles.csv\"\n[lookups.lang]\nvalues = {{ F = \"fr\", D = \"de\" }}\n"
        );
        let m = Migration::from_text(&dir.path().join("migration.toml"), text).unwrap();
        let lookups = m.load_lookups().unwrap();
        assert_eq!(lookups.get("titles").unwrap().get(" MME "), Some("MRS"));
        assert_eq!(lookups.get("lang").unwrap().get("f"), Some("fr"));
        let clash = format!("{MINIMAL}\n[lookups.x]\nvalues = {{ a = \"1\", A = \"2\" }}\n");
        let err = Migration::from_text(&dir.path().join("m.toml"), clash)
            .unwrap()
            .load_lookups()
            .unwrap_err();
        assert!(err.to_string().contains("maps to both"), "{err}");
    }
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    /// reference.toml documents every key: it must parse, and every optional key must be set
    /// in it (add new keys there when adding them here).
    #[test]
    fn reference_file_parses_and_sets_every_key() {
        let text = include_str!("../reference.toml");
        let f: MigrationFile = toml::from_str(text).expect("reference.toml parses");
        assert!(f.migration.description.is_some());
        let s = &f.source;
        assert!(s.url.is_some() && s.kind.is_some() && s.path.is_some());
        // Every option of every connector is documented, and only those.
        let registry = crate::sources::registry();
        let documented: std::collections::BTreeSet<&str> = s.options.keys().collect();
        assert_eq!(documented, registry.all_options(), "[source] options");
        // Each connector's share of the reference parses with that connector's types.
        for factory in registry.factories() {
            let names = factory.options().names();
            let own = s.options.filtered(|k| names.contains(&k));
            factory
                .options()
                .check(&own, factory.names()[0])
                .unwrap_or_else(|e| panic!("{}: {e}", factory.names()[0]));
        }
        let fixed_names = stx_connector_core::option_names::<stx_connector_files::FixedConfig>();
        let fixed: stx_connector_files::FixedConfig = s
            .options
            .filtered(|k| fixed_names.contains(&k))
            .parse("fixed")
            .unwrap();
        assert!(!fixed.tables.is_empty() && fixed.widths.is_some());
        let fixed = fixed.columns.expect("[source] columns");
        assert!(fixed.iter().all(|c| !c.name.is_empty() && c.width > 0));
        assert!(fixed.iter().any(|c| c.start.is_some() && c.kind.is_some()));
        assert!(fixed.iter().any(|c| c.start.is_none()));
        let r = &f.read;
        assert!(
            r.table.is_some()
                && r.query.is_some()
                && r.key.is_some()
                && r.batch_rows.is_some()
                && r.readers.is_some()
        );
        assert!(f.institution.organization.is_some() && f.institution.country.is_some());
        let bulk = &f.bulk;
        assert!(bulk.template.is_some(), "[bulk] template");
        assert_eq!(
            (bulk.key_column.as_str(), bulk.delimiter.as_str()),
            ("CONTACT_NR", ",")
        );
        let i = &f.institution;
        assert!(
            i.titles.is_some()
                && i.structure_types.is_some()
                && i.community_types.is_some()
                && i.departments.is_some()
                && i.admin_number_types.is_some()
        );
        let criteria = i.criteria.as_ref().expect("[institution.criteria]");
        assert!(
            criteria.values().any(Vec::is_empty),
            "a free-text criterion"
        );
        let d = f.dedupe.as_ref().expect("[dedupe]");
        assert!(
            d.enabled
                && d.threshold.is_some()
                && d.review_from.is_some()
                && d.chain_floor.is_some()
                && d.max_cluster.is_some()
                && d.max_pairs_per_rule.is_some()
                && d.window.is_some()
                && d.veto.is_some()
                && d.veto_margin.is_some()
                && d.prior.is_some()
                && d.em_iterations.is_some()
                && d.u_sample_pairs.is_some()
                && d.term_frequency.is_some()
                && d.nicknames.is_some()
                && d.decisions.is_some()
                && d.survivor.is_some()
                && d.contact_number.is_some()
                && d.recency.is_some()
                && d.report_clusters.is_some()
                && d.labels.is_some()
                && d.existing.as_ref().is_some_and(|e| e.kind.is_some())
                && d.blocking.as_ref().is_some_and(|b| !b.is_empty())
                && !d.m.is_empty()
                && !d.u.is_empty()
                && !d.survivorship.is_empty()
        );
        crate::dedupe::block::parse_rules(d.blocking.as_deref().unwrap_or(&[])).unwrap();
        crate::dedupe::survive::Survivorship::parse(&d.survivorship).unwrap();
        let n = f.numbers.as_ref().expect("[numbers]");
        assert!(
            n.from.is_some()
                && n.to.is_some()
                && n.prefix.is_some()
                && n.offset.is_some()
                && n.used.is_some()
                && n.problems().is_empty()
        );
        assert_eq!(f.delta.gone, crate::runs::GonePolicy::List);
        assert!(f.state.url.is_some() && f.state.password_env.is_some());
        let notify = f.notify.as_ref().expect("[notify]");
        assert!(notify.command.is_some() && notify.url.is_some() && notify.on.len() == 3);
        assert!(!f.map.is_empty() && !f.on_error.is_empty());
        let rule = |c: &str| f.rules[c].get_ref().clone();
        assert!(rule("EMAIL1").invalid.is_some() && rule("EMAIL1").repairs.is_some());
        assert!(rule("TELEPHONE").style.is_some() && rule("BIRTHDATE").future.is_some());
        assert!(rule("LINE1").too_long.is_some());
        assert!(rule("TELEPHONE").line_type.is_some() && rule("TITLE").unknown.is_some());
        let crit = rule(crate::quality::rules::CRITERIA_WILDCARD);
        assert!(crit.unknown.is_some() && crit.invalid.is_some() && crit.too_long.is_some());
        // The [rules] and code lists of the reference make sense together.
        let profile = crate::format::FormatProfile::builtin();
        let live: Vec<&str> = profile.columns().iter().map(|c| c.code.as_str()).collect();
        let rules = f
            .rules
            .iter()
            .map(|(k, v)| (k.clone(), v.get_ref().clone()))
            .collect();
        crate::quality::rules::QualityRules::build(
            &profile,
            &live,
            &rules,
            f.institution.country.as_deref(),
            &f.institution,
        )
        .expect("the reference's [rules] build");
        let titles = f.lookups["titles"].get_ref();
        assert!(
            titles.file.is_some() && titles.key_column.is_some() && titles.value_column.is_some()
        );
        assert!(f.lookups["languages"].get_ref().values.is_some());
        assert!(
            f.gate.max_reject_rate.is_some()
                && f.gate.max_warning_rate.is_some()
                && !f.gate.rules.is_empty()
        );
        let o = &f.output;
        assert!(o.split_rows.is_some() && o.profile.is_some() && o.header_rows.is_some());
        assert_eq!(o.xlsx_compression, Some(6));
        // With one of table/query removed, and a [source] of one connector, it passes the
        // semantic checks too.
        Migration::from_text(Path::new("reference.toml"), runnable_reference())
            .expect("reference is valid once table is removed");
    }

    /// reference.toml with one of table/query removed and its [source], which sets the options
    /// of every connector at once, cut down to its URL.
    fn runnable_reference() -> String {
        let text = include_str!("../reference.toml").replacen("table = \"customer\"\n", "", 1);
        let start = text.find("\n[source]\n").expect("[source]") + 1;
        let end = start + text[start..].find("\n[read]\n").expect("[read]") + 1;
        format!(
            "{}[source]\nurl = \"sqlite:legacy.db\"\n\n{}",
            &text[..start],
            &text[end..]
        )
    }

    /// Every mapping of the reference compiles against a source that has its columns.
    #[test]
    fn reference_mappings_compile() {
        use polars::prelude::{DataType, Schema};
        let m = Migration::from_text(Path::new("reference.toml"), runnable_reference()).unwrap();
        let mut schema = Schema::default();
        for c in [
            "cust_no",
            "civility",
            "first_name",
            "last_name",
            "birth_date",
            "lang",
            "kind",
            "company",
            "street",
            "zip",
            "city",
            "country",
            "email",
        ] {
            schema.insert(c.into(), DataType::String);
        }
        schema.insert("newsletter".into(), DataType::Int64);
        let mut lookups = Lookups::default();
        for name in ["titles", "languages", "countries"] {
            lookups.insert(name, LookupTable::default());
        }
        for (column, expr) in &m.file.map {
            crate::mapping::compile_expression(expr.get_ref(), &schema, &lookups)
                .unwrap_or_else(|e| panic!("{column}: {e}"));
        }
    }
}
