//! Microsoft Access source for stx-migrate: `.mdb` (Jet 3/4, Access 97 to 2003) and `.accdb`
//! (ACE, Access 2007 and later) files, read natively with the pure-Rust `jetdb` crate: no
//! Windows, no ODBC driver, no Access installation.
//!
//! # Source
//!
//! ```toml
//! [source]
//! url = "access:legacy/contacts.accdb"      # relative to the migration file's folder
//! # url = "access:///data/contacts.mdb"     # absolute
//! # url = "legacy/contacts.mdb"             # a plain path: the extension says access
//! # url = "access:old.mdb?driver=mdbtools"  # the mdbtools fallback (below)
//! password-env = "CONTACTS_DB_PASSWORD"     # only for a password-protected .accdb
//! ```
//!
//! `password-env` names the environment variable holding the database password; the password
//! itself is never written in a file, a message or a log. The only URL parameter is
//! `driver=native|mdbtools` (default `native`); any other is an error.
//!
//! # What is offered
//!
//! Every user table, with its exact row count (counted by a pass over the rows that does not
//! decode their values). System tables (`MSys*`) and tables Access hides are not offered.
//! **Linked tables** (to another Access file, or over ODBC) hold no rows in this file and are
//! not offered: read the file they link to. **Saved queries** are not run: the source has no
//! SQL engine (`has_sql_engine = false`), so a migration's `query` runs on polars SQL over the
//! tables, as for CSV and spreadsheet sources.
//!
//! Rows come in the table's physical order (the order of its data pages, which is usually, but
//! not always, the order rows were added). `_src_row` is the 1-based position in that order.
//! `[read] key` must name a column of the table, but does not reorder the rows: a file does not
//! break mid-read, so there is nothing to resume. `[read] readers` is ignored, as for SQLite.
//!
//! # Types
//!
//! | Access type                       | polars  | value                                            |
//! |-----------------------------------|---------|--------------------------------------------------|
//! | Byte, Integer, Long Integer, Big Integer | Int64 |                                             |
//! | Single, Double                    | Float64 | a Single through its shortest decimal text: 1.1 stays 1.1 |
//! | Yes/No                            | Boolean | never null (Access stores it in the null mask)   |
//! | Currency                          | String  | exact, 4 decimals: `1234.5000`                   |
//! | Decimal                           | String  | exact, with the column's scale                   |
//! | Date/Time                         | String  | `YYYY-MM-DD HH:MM:SS`, always with the time, rounded to the second; any date of the years 100 to 9999 |
//! | Date/Time Extended                | String  | `YYYY-MM-DD HH:MM:SS[.fffffff]`                  |
//! | Text, Memo (plain or rich text)   | String  | rich text is its HTML; a Hyperlink is Access's `text#address#sub-address#` |
//! | Replication ID (GUID)             | String  | `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`         |
//! | Calculated                        | as its result type |                                       |
//!
//! Date/Time values are OLE day numbers: day 0 is 1899-12-30, and before it the integer part is
//! the day and the absolute value of the fraction the time of day (-1.25 is 1899-12-29
//! 06:00:00). They are converted here, not by a C library, so dates before 1900 are right.
//!
//! # What is not read
//!
//! OLE Object, Binary, Attachment and multi-value columns (and columns of a type the reader
//! does not know, or calculated columns whose result type the table's properties do not give)
//! are left out of the frame and of `describe`; each read reports every such column once, as a
//! warning on its first row. Columns Access maintains and hides (replication columns) are not
//! offered.
//!
//! # Damaged data
//!
//! A value the reader cannot decode (the row's null mask says a value is there but it cannot
//! be read, a date outside the years 100 to 9999) rejects its row, naming the column. A row
//! whose structure is damaged (which jetdb passes over) is a reject of its own, numbered where
//! it stands. A data page that cannot be read ends the read with an error.
//!
//! # The mdbtools fallback
//!
//! `driver=mdbtools` reads the file through the mdbtools ODBC driver (`stx-connector-odbc`)
//! instead. Use it only if the native reader fails on a file: it reads row by row through ODBC
//! (slower), mdbtools formats dates through the C library and mangles the dates before 1900,
//! and it cannot open encrypted `.accdb` files (so `password-env` is refused with it).
#![deny(missing_docs)]

mod decode;
mod read;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use jetdb::{
    calculated_column_types_in, read_catalog, read_table_def, CatalogEntry, ColumnType, FileError,
    ObjectType, PageReader, TableDef, TableRows,
};
use stx_connector_core::{
    stream_batches, BatchStream, ColumnInfo, OptionsSchema, PasswordOptions, ReadOptions,
    ReadRequest, Secret, Source, SourceDescription, SourceError, SourceFactory, SourceSpec,
    TableInfo,
};

use crate::decode::{plan_columns, ColumnPlan, Plan};
use crate::read::TableReader;

const CONNECTOR: &str = "access";
const PATH_HINT: &str =
    "check the path; relative paths are relative to the migration file's folder";
/// What to do about a file the native reader cannot read completely.
pub(crate) const REPAIR_HINT: &str =
    "the file may be damaged: run Compact and Repair on a copy in Access, or try the mdbtools fallback (url = \"access:FILE?driver=mdbtools\")";

/// Opens Access databases (`access:` URLs, `type = "access"`, `.mdb`/`.accdb` files).
pub struct AccessFactory;

/// Which reader opens the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Driver {
    Native,
    Mdbtools,
}

#[async_trait]
impl SourceFactory for AccessFactory {
    fn names(&self) -> &'static [&'static str] {
        &["access"]
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["mdb", "accdb"]
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<PasswordOptions>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        let options: PasswordOptions = spec.options.parse(CONNECTOR)?;
        let driver = driver_of(spec)?;
        let path = spec.location_path().ok_or_else(|| SourceError::Config {
            message: "an access source needs a file: url = \"access:legacy.accdb\" or path = ..."
                .into(),
            hint: None,
        })?;
        match driver {
            Driver::Native => {
                let password = match &options.password_env {
                    Some(var) => Some((var.clone(), password_from_env(var)?)),
                    None => None,
                };
                Ok(Box::new(AccessSource::open(&path, password)?))
            }
            Driver::Mdbtools => {
                if options.password_env.is_some() {
                    return Err(SourceError::Config {
                        message: "password-env cannot be used with driver=mdbtools".into(),
                        hint: Some(
                            "mdbtools cannot read encrypted .accdb files; use the native driver (remove ?driver=mdbtools)"
                                .into(),
                        ),
                    });
                }
                check_file(&path)?;
                stx_connector_odbc::open_mdbtools(&path).await
            }
        }
    }
}

/// The `driver` URL parameter; any other parameter is an error.
fn driver_of(spec: &SourceSpec) -> Result<Driver, SourceError> {
    let query = spec
        .url
        .as_deref()
        .and_then(|u| u.split_once('?'))
        .map_or("", |(_, q)| q);
    let mut driver = Driver::Native;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "driver" => {
                driver = match value.to_ascii_lowercase().as_str() {
                    "native" => Driver::Native,
                    "mdbtools" => Driver::Mdbtools,
                    _ => {
                        return Err(SourceError::Config {
                            message: format!("driver={value} in the access URL is not a driver"),
                            hint: Some("write driver=native (the default) or driver=mdbtools".into()),
                        })
                    }
                }
            }
            _ => {
                return Err(SourceError::Config {
                    message: format!("the access URL has an unknown parameter '{key}'"),
                    hint: Some(
                        "the only parameter is driver=native|mdbtools; the password goes in password-env"
                            .into(),
                    ),
                })
            }
        }
    }
    Ok(driver)
}

fn password_from_env(var: &str) -> Result<Secret, SourceError> {
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => Ok(Secret::new(value)),
        _ => Err(SourceError::Config {
            message: format!("password-env names the environment variable {var}, which is not set"),
            hint: Some(format!(
                "set {var} to the database password in the environment that runs stx-migrate"
            )),
        }),
    }
}

fn check_file(path: &Path) -> Result<(), SourceError> {
    if path.is_file() {
        return Ok(());
    }
    Err(SourceError::Open {
        connector: CONNECTOR,
        location: path.display().to_string(),
        message: "no such file".into(),
        hint: Some(PATH_HINT.into()),
    })
}

/// An Access database file, read with jetdb.
pub struct AccessSource {
    path: PathBuf,
    /// The variable the password came from, and the password.
    password: Option<(String, Secret)>,
    /// The catalog (MSysObjects), read once: table pages and table properties.
    catalog: Vec<CatalogEntry>,
    /// Indexes in `catalog` of the user tables, in catalog order.
    tables: Vec<usize>,
}

impl AccessSource {
    /// Opens the database at `path`; `password` is `(variable name, password)` for a
    /// password-protected `.accdb`. Fails with a hint when the file is missing, is not an
    /// Access database, or is encrypted and no (or a wrong) password is given.
    pub fn open(
        path: &Path,
        password: Option<(String, Secret)>,
    ) -> Result<AccessSource, SourceError> {
        check_file(path)?;
        let mut source = AccessSource {
            path: path.to_path_buf(),
            password,
            catalog: Vec::new(),
            tables: Vec::new(),
        };
        let mut reader = source.page_reader()?;
        source.catalog = read_catalog(&mut reader).map_err(|e| source.open_error(e))?;
        source.tables = source
            .catalog
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.object_type == ObjectType::Table
                    && !e.is_system_or_hidden()
                    && !e.name.starts_with("MSys")
            })
            .map(|(i, _)| i)
            .collect();
        Ok(source)
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn page_reader(&self) -> Result<PageReader, SourceError> {
        let password = self.password.as_ref().map(|(_, p)| p.expose());
        PageReader::open_with_password(&self.path, password).map_err(|e| self.open_error(e))
    }

    fn open_error(&self, e: FileError) -> SourceError {
        let var = self.password.as_ref().map(|(v, _)| v.as_str());
        let (message, hint) = match e {
            FileError::Format(_) | FileError::FileTooSmall { .. } => (
                format!("not a Microsoft Access database ({e})"),
                "check that the path names the .mdb/.accdb file itself; a file renamed to .mdb, a truncated copy or a lock file (.ldb/.laccdb) cannot be read".to_string(),
            ),
            FileError::PasswordRequired => (
                "the database is encrypted with a password".to_string(),
                "put the database password in an environment variable and set password-env = \"VARIABLE\" in [source]".to_string(),
            ),
            FileError::InvalidPassword => (
                format!(
                    "the password in the environment variable {} is not the database's password",
                    var.unwrap_or("?")
                ),
                "check the variable's value (Access passwords are case-sensitive)".to_string(),
            ),
            FileError::UnsupportedEncryption { reason } => (
                format!("the file's encryption is not supported: {reason}"),
                "open the file in Access, remove the database password (File > Info > Decrypt Database) and read that copy".to_string(),
            ),
            FileError::Io(io) => (
                io.to_string(),
                "check that the file can be read (permissions) and is not being written".to_string(),
            ),
            other => (other.to_string(), REPAIR_HINT.to_string()),
        };
        let message = match &self.password {
            Some((_, secret)) => secret.scrub(&message),
            None => message,
        };
        SourceError::Open {
            connector: CONNECTOR,
            location: self.location(),
            message,
            hint: Some(hint),
        }
    }

    fn read_error(&self, table: &str, e: FileError) -> SourceError {
        SourceError::Read {
            connector: CONNECTOR,
            location: format!("{}, table '{table}'", self.location()),
            row: None,
            message: e.to_string(),
            hint: Some(REPAIR_HINT.into()),
        }
    }

    /// The user tables, in catalog order.
    pub fn table_list(&self) -> Vec<String> {
        self.tables
            .iter()
            .map(|&i| self.catalog[i].name.clone())
            .collect()
    }

    /// The catalog entry of the table a request names: exact, else the only one equal
    /// ignoring case (Access names are case-insensitive).
    fn entry_of(&self, request: &ReadRequest) -> Result<&CatalogEntry, SourceError> {
        let wanted = match request {
            ReadRequest::Table(t) => t,
            ReadRequest::Query(_) => {
                return Err(SourceError::Query {
                    connector: CONNECTOR,
                    location: self.location(),
                    message: "the access connector has no SQL engine: it reads tables, not queries"
                        .into(),
                    hint: Some(
                        "queries over an Access file run on polars SQL over its tables (read_with_polars_sql); saved Access queries are not run"
                            .into(),
                    ),
                })
            }
        };
        let entries = self.tables.iter().map(|&i| &self.catalog[i]);
        if let Some(e) = entries.clone().find(|e| &e.name == wanted) {
            return Ok(e);
        }
        let mut folded = entries.filter(|e| e.name.to_lowercase() == wanted.to_lowercase());
        match (folded.next(), folded.next()) {
            (Some(e), None) => Ok(e),
            _ => Err(SourceError::UnknownTable {
                connector: CONNECTOR,
                location: self.location(),
                table: wanted.clone(),
                available: self.table_list().join(", "),
            }),
        }
    }

    /// The table's definition, the result types of its calculated columns, and its plans.
    fn table(
        &self,
        reader: &mut PageReader,
        entry: &CatalogEntry,
    ) -> Result<OpenTable, SourceError> {
        let def = read_table_def(reader, &entry.name, entry.table_page)
            .map_err(|e| self.read_error(&entry.name, e))?;
        let calculated = calculated_column_types_in(&self.catalog, &def);
        let plans = plan_columns(&def, &calculated);
        Ok(OpenTable {
            def,
            calculated,
            plans,
        })
    }
}

/// A table about to be read.
struct OpenTable {
    def: TableDef,
    /// Result types of its calculated columns.
    calculated: HashMap<String, ColumnType>,
    plans: Vec<ColumnPlan>,
}

#[async_trait]
impl Source for AccessSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.location(),
            has_sql_engine: false,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        let mut reader = self.page_reader()?;
        let mut out = Vec::with_capacity(self.tables.len());
        for &i in &self.tables {
            let entry = &self.catalog[i];
            let table = read_table_def(&mut reader, &entry.name, entry.table_page)
                .map_err(|e| self.read_error(&entry.name, e))?;
            // Counted the way read() numbers rows: readable rows plus damaged ones.
            let none = HashMap::new();
            let mut rows = TableRows::new(&table, &none).with_columns(&[]);
            let mut count: u64 = 0;
            while rows
                .next_row(&mut reader)
                .map_err(|e| self.read_error(&entry.name, e))?
                .is_some()
            {
                count += 1;
            }
            out.push(TableInfo {
                name: entry.name.clone(),
                kind: "table".into(),
                rows: Some(count + rows.skipped_rows() as u64),
            });
        }
        Ok(out)
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(self.table_list())
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let entry = self.entry_of(request)?;
        let mut reader = self.page_reader()?;
        let plans = self.table(&mut reader, entry)?.plans;
        Ok(plans
            .into_iter()
            .filter_map(|p| match p.plan {
                Plan::Read(decode) => Some(ColumnInfo {
                    name: p.name,
                    native_type: p.native_type,
                    dtype: decode.kind().dtype(),
                }),
                Plan::Skip { .. } | Plan::Hidden => None,
            })
            .collect())
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let entry = self.entry_of(request)?;
        let mut reader = self.page_reader()?;
        let OpenTable {
            def,
            calculated,
            plans,
        } = self.table(&mut reader, entry)?;
        if let Some(key) = &options.key {
            let names: Vec<&str> = plans
                .iter()
                .filter(|p| matches!(p.plan, Plan::Read(_)))
                .map(|p| p.name.as_str())
                .collect();
            let found = names.contains(&key.as_str())
                || names.iter().filter(|n| n.eq_ignore_ascii_case(key)).count() == 1;
            if !found {
                return Err(SourceError::Config {
                    message: format!(
                        "[read] key = \"{key}\" is not a column of table '{}'",
                        entry.name
                    ),
                    hint: Some(format!("name one of its columns: {}", names.join(", "))),
                });
            }
        }
        let location = format!("{}, table '{}'", self.location(), entry.name);
        let reader = TableReader::new(location, reader, def, calculated, plans);
        Ok(stream_batches(
            reader,
            options.batch_rows,
            TableReader::next_batch,
        ))
    }
}

#[cfg(test)]
mod tests;
