//! A glob or a folder of files of one shape read as one table (`path = "exports/*.csv"`).
//!
//! Every file is opened with the connector its type or extension names (CSV, fixed-width,
//! workbook, SecuTix file, FileMaker XML); the files are read one after the other in sorted
//! name order, and the column [`SOURCE_FILE_COLUMN`] says which file a row came from.

use std::path::{Component, Path, PathBuf};

use async_trait::async_trait;
use futures::StreamExt;
use polars::prelude::Column;
use stx_connector_core::{
    Batch, BatchStream, ColumnInfo, ReadOptions, ReadRequest, Registry, Source, SourceDescription,
    SourceError, SourceSpec, TableInfo,
};

const CONNECTOR: &str = "files";

/// The column added to every row read from a glob or folder: the file's path relative to the
/// pattern's fixed part (`2024-01.csv`, `north/contacts.csv`). Row numbers (`_src_row`) count
/// within that file.
pub const SOURCE_FILE_COLUMN: &str = "_src_file";

/// Connectors whose files can be read together (one table per file).
const MULTI_FILE_CONNECTORS: &[&str] =
    &["csv", "tsv", "fixed", "xlsx", "excel", "secutix", "fmpxml"];

fn has_glob_meta(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// Whether the spec names several files: its path is a glob pattern (`*`, `?`, `[...]`) or a
/// folder. Server URLs and ODBC connection strings never are.
pub fn is_multi_file(spec: &SourceSpec) -> bool {
    // What the location names is the registry's to tell (a spec resolved through it); a spec
    // that was not still names no files when it carries a connection string.
    if spec.names_no_files() || spec.options.contains("connection-string") {
        return false;
    }
    if spec.explicit_connector().is_some_and(|c| c == "odbc") {
        return false;
    }
    // An existing file is itself, even when its name holds `[` (`export [2024].csv`).
    spec.location_path()
        .is_some_and(|p| !p.is_file() && (p.to_str().is_some_and(has_glob_meta) || p.is_dir()))
}

/// The files a pattern or folder designates, sorted by path, and the folder they are named
/// relative to in [`SOURCE_FILE_COLUMN`].
pub fn expand_files(pattern: &Path) -> Result<(Vec<PathBuf>, PathBuf), SourceError> {
    let location = pattern.display().to_string();
    let open_error = |message: String, hint: &str| SourceError::Open {
        connector: CONNECTOR,
        location: location.clone(),
        message,
        hint: Some(hint.into()),
    };
    let (mut files, base) = if pattern.is_dir() {
        let entries = std::fs::read_dir(pattern)
            .map_err(|e| open_error(e.to_string(), "check the folder exists and can be read"))?;
        let mut files = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| open_error(e.to_string(), "check the folder can be read"))?;
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if !hidden && path.is_file() {
                files.push(path);
            }
        }
        if files.is_empty() {
            return Err(open_error(
                "the folder holds no files".into(),
                "put the export files in it, or name them with a pattern such as exports/*.csv",
            ));
        }
        (files, pattern.to_path_buf())
    } else {
        let Some(text) = pattern.to_str() else {
            return Err(open_error(
                "the pattern is not valid Unicode".into(),
                "rename the folder, or list the files in tables",
            ));
        };
        let matches = glob::glob(text).map_err(|e| {
            open_error(
                format!("'{text}' is not a valid pattern: {e}"),
                "patterns use * (any characters), ? (one character) and [abc] (one of them); [[] matches a literal [",
            )
        })?;
        let mut files = Vec::new();
        for m in matches {
            let path = m.map_err(|e| open_error(e.to_string(), "check the folders can be read"))?;
            if path.is_file() {
                files.push(path);
            }
        }
        if files.is_empty() {
            return Err(open_error(
                format!("no file matches the pattern '{text}'"),
                "check the pattern; relative patterns are relative to the migration file's folder",
            ));
        }
        (files, literal_base(pattern))
    };
    files.sort();
    Ok((files, base))
}

/// The leading folders of a pattern that hold no wildcard.
fn literal_base(pattern: &Path) -> PathBuf {
    let mut base = PathBuf::new();
    let components: Vec<Component> = pattern.components().collect();
    for (i, c) in components.iter().enumerate() {
        let is_last = i + 1 == components.len();
        if is_last || c.as_os_str().to_str().is_some_and(has_glob_meta) {
            break;
        }
        base.push(c);
    }
    base
}

/// The table name of a glob or folder: a folder's name; for a pattern, its file-name part up
/// to the first wildcard (`exports/contacts-*.csv` → `contacts`), else the last fixed folder
/// (`exports/*.csv` → `exports`).
pub fn multi_file_table_name(pattern: &Path) -> String {
    let fallback = || "data".to_string();
    if pattern.is_dir() {
        return pattern
            .file_name()
            .and_then(|n| n.to_str())
            .map_or_else(fallback, str::to_string);
    }
    let file = pattern.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = match file.rfind('.') {
        Some(i) if i > 0 => &file[..i],
        _ => file,
    };
    let fixed = stem.split(['*', '?', '[']).next().unwrap_or("");
    let fixed = fixed.trim_matches(|c: char| c == '-' || c == '_' || c == '.' || c == ' ');
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    literal_base(pattern)
        .file_name()
        .and_then(|n| n.to_str())
        .map_or_else(fallback, str::to_string)
}

/// Which file a batch came from.
#[derive(Clone)]
struct FileTag {
    path: PathBuf,
    /// The path relative to the pattern's fixed part, as written in `_src_file`.
    label: String,
}

/// One file of the set.
struct Member {
    file: FileTag,
    source: Box<dyn Source>,
    /// The table of `source` holding the file's rows.
    table: String,
}

/// Several files of one shape read as one table, in sorted name order.
pub struct MultiFileSource {
    pattern: String,
    table: String,
    connector: &'static str,
    members: Vec<Member>,
    columns: Vec<ColumnInfo>,
}

impl MultiFileSource {
    /// Expands the spec's glob or folder and opens every file with `registry` (each with the
    /// spec's options). Every file must have the first file's columns, in the same order.
    pub async fn open(
        spec: &SourceSpec,
        registry: &Registry,
    ) -> Result<MultiFileSource, SourceError> {
        let Some(pattern) = spec.location_path() else {
            return Err(SourceError::Config {
                message: "the [source] section names no path".into(),
                hint: None,
            });
        };
        let location = pattern.display().to_string();
        if spec
            .options
            .get("tables")
            .is_some_and(|t| t.as_table().is_none_or(|t| !t.is_empty()))
        {
            return Err(SourceError::Config {
                message: format!(
                    "[source] sets both tables and the pattern or folder '{location}'"
                ),
                hint: Some(
                    "a pattern or folder is one table: remove tables, or list single files there"
                        .into(),
                ),
            });
        }
        let (files, base) = expand_files(&pattern)?;
        // `type` or the URL scheme, not the extension, which each file gives for itself.
        let explicit = spec.explicit_connector();
        let mut members: Vec<Member> = Vec::with_capacity(files.len());
        let mut columns: Vec<ColumnInfo> = Vec::new();
        let mut connector: Option<(String, PathBuf)> = None;
        for path in files {
            let file_spec = SourceSpec {
                url: None,
                path: Some(path.clone()),
                kind: explicit.clone(),
                resolution: None,
                ..spec.clone()
            };
            let kind = registry.connector(&file_spec).map_err(|e| SourceError::Open {
                connector: CONNECTOR,
                location: path.display().to_string(),
                message: format!("in '{location}': {e}"),
                hint: Some("set type = \"csv\" (or fixed, xlsx, secutix) in [source], or narrow the pattern to the files of one kind".into()),
            })?;
            if !MULTI_FILE_CONNECTORS.contains(&kind.as_str()) {
                return Err(SourceError::Config {
                    message: format!(
                        "'{location}': {kind} sources cannot be read from a pattern or folder"
                    ),
                    hint: Some(format!(
                        "patterns and folders work for {} files",
                        MULTI_FILE_CONNECTORS.join(", ")
                    )),
                });
            }
            match &connector {
                None => connector = Some((kind.clone(), path.clone())),
                Some((first, first_path)) if *first != kind => return Err(SourceError::Open {
                    connector: CONNECTOR,
                    location: location.clone(),
                    message: format!(
                        "{} is a {kind} file but {} is a {first} file",
                        path.display(),
                        first_path.display()
                    ),
                    hint: Some(
                        "files read as one table are of one kind: narrow the pattern or set type"
                            .into(),
                    ),
                }),
                Some(_) => {}
            }
            let mut source = registry.open(&file_spec).await?;
            let table = source
                .table_names()
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| SourceError::Open {
                    connector: CONNECTOR,
                    location: path.display().to_string(),
                    message: "the file offers no table".into(),
                    hint: None,
                })?;
            let these = source.describe(&ReadRequest::Table(table.clone())).await?;
            if let Some(first) = members.first() {
                let a: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
                let b: Vec<&str> = these.iter().map(|c| c.name.as_str()).collect();
                if a != b {
                    return Err(header_mismatch(&location, &first.file.path, &a, &path, &b));
                }
            } else {
                columns = these;
            }
            // glob drops a leading `./` that the pattern (resolved against `.`) keeps.
            let plain = |p: &Path| -> PathBuf {
                p.components().filter(|c| *c != Component::CurDir).collect()
            };
            let label = plain(&path)
                .strip_prefix(plain(&base))
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            members.push(Member {
                file: FileTag { path, label },
                source,
                table,
            });
        }
        let connector = members
            .first()
            .map(|m| m.source.description().connector)
            .unwrap_or(CONNECTOR);
        Ok(MultiFileSource {
            table: multi_file_table_name(&pattern),
            pattern: location,
            connector,
            members,
            columns,
        })
    }

    /// The files read, in order.
    pub fn files(&self) -> Vec<&Path> {
        self.members.iter().map(|m| m.file.path.as_path()).collect()
    }

    fn check_request(&self, request: &ReadRequest) -> Result<(), SourceError> {
        match request {
            ReadRequest::Table(t) if t.eq_ignore_ascii_case(&self.table) => Ok(()),
            ReadRequest::Table(t) => Err(SourceError::UnknownTable {
                connector: CONNECTOR,
                location: self.pattern.clone(),
                table: t.clone(),
                available: self.table.clone(),
            }),
            ReadRequest::Query(_) => Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.pattern.clone(),
                message: "files have no SQL engine of their own".into(),
                hint: Some("queries over files run on polars SQL (read_with_polars_sql)".into()),
            }),
        }
    }
}

/// The error for a file whose columns differ from the first file's.
fn header_mismatch(
    location: &str,
    first: &Path,
    a: &[&str],
    other: &Path,
    b: &[&str],
) -> SourceError {
    let missing: Vec<&str> = a.iter().copied().filter(|c| !b.contains(c)).collect();
    let extra: Vec<&str> = b.iter().copied().filter(|c| !a.contains(c)).collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        parts.push(format!("extra {}", extra.join(", ")));
    }
    if parts.is_empty() {
        parts.push(format!(
            "the same columns in another order ({} instead of {})",
            b.join(", "),
            a.join(", ")
        ));
    }
    SourceError::Open {
        connector: CONNECTOR,
        location: location.to_string(),
        message: format!(
            "the columns of {} differ from those of {} (the first file): {}",
            other.display(),
            first.display(),
            parts.join("; ")
        ),
        hint: Some("files read as one table must have the same columns in the same order: fix or move out the odd file, or read it on its own".into()),
    }
}

/// Adds the file's column to a batch and names the file in its rejects and warnings.
fn tag(mut batch: Batch, member: &FileTag) -> Result<Batch, SourceError> {
    let label = member.label.as_str();
    let height = batch.data.height();
    batch
        .data
        .insert_column(
            1,
            Column::new(SOURCE_FILE_COLUMN.into(), vec![label; height]),
        )
        .map_err(|e| SourceError::Read {
            connector: CONNECTOR,
            location: member.path.display().to_string(),
            row: None,
            message: e.to_string(),
            hint: None,
        })?;
    let full = member.path.display().to_string();
    for r in &mut batch.rejects {
        r.values
            .insert(0, (SOURCE_FILE_COLUMN.to_string(), label.to_string()));
        if !r.message.contains(&full) {
            r.message = format!("{label}: {}", r.message);
        }
    }
    for w in &mut batch.warnings {
        w.message = format!("{label}: {}", w.message);
    }
    Ok(batch)
}

#[async_trait]
impl Source for MultiFileSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: self.connector,
            location: format!("{} ({} files)", self.pattern, self.members.len()),
            has_sql_engine: false,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        let mut rows = Some(0u64);
        for m in &mut self.members {
            let n = m
                .source
                .list_tables()
                .await?
                .into_iter()
                .find(|t| t.name == m.table)
                .and_then(|t| t.rows);
            rows = rows.zip(n).map(|(a, b)| a + b);
        }
        Ok(vec![TableInfo {
            name: self.table.clone(),
            kind: "files".into(),
            rows,
        }])
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(vec![self.table.clone()])
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        self.check_request(request)?;
        let mut out = vec![ColumnInfo {
            name: SOURCE_FILE_COLUMN.into(),
            native_type: "file".into(),
            dtype: polars::prelude::DataType::String,
        }];
        out.extend(self.columns.iter().cloned());
        Ok(out)
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        self.check_request(request)?;
        struct State<'a> {
            members: std::slice::IterMut<'a, Member>,
            current: Option<(BatchStream<'a>, FileTag)>,
            options: ReadOptions,
            failed: bool,
        }
        let state = State {
            members: self.members.iter_mut(),
            current: None,
            options: options.clone(),
            failed: false,
        };
        Ok(futures::stream::unfold(state, |mut st| async move {
            loop {
                if st.failed {
                    return None;
                }
                if let Some((stream, member)) = &mut st.current {
                    match stream.next().await {
                        Some(Ok(batch)) => {
                            let tagged = tag(batch, member);
                            st.failed = tagged.is_err();
                            return Some((tagged, st));
                        }
                        Some(Err(e)) => {
                            st.failed = true;
                            return Some((Err(e), st));
                        }
                        None => st.current = None,
                    }
                } else {
                    let Member {
                        file,
                        source,
                        table,
                    } = st.members.next()?;
                    let request = ReadRequest::Table(table.clone());
                    match source.read(&request, &st.options).await {
                        Ok(stream) => st.current = Some((stream, file.clone())),
                        Err(e) => {
                            st.failed = true;
                            return Some((Err(e), st));
                        }
                    }
                }
            }
        })
        .boxed())
    }
}

#[cfg(test)]
#[path = "multi_tests.rs"]
mod tests;
