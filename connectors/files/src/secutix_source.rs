//! SecuTix contact import files as a source (CSV or workbook): 4 header rows, the column codes
//! in row 4, data from row 5. An export of contacts already in SecuTix read this way can feed
//! matching.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde::Deserialize;
use stx_connector_core::{
    BatchStream, ColumnInfo, OptionsSchema, ReadOptions, ReadRequest, Source, SourceDescription,
    SourceError, SourceFactory, SourceSpec, TableInfo,
};

use crate::csv_source::{csv_head, CsvConfig, CsvOptions, CsvSource};
use crate::xlsx_source::{XlsxOptions, XlsxSource, WORKBOOK_EXTENSIONS};

const CONNECTOR: &str = "secutix";

/// Header rows of a SecuTix contact file: rows 1–3 (section, label, type; their texts are
/// not read) and row 4 with the column codes.
pub const SECUTIX_HEADER_ROWS: usize = 4;

/// The column every SecuTix contact file has and matching needs.
const KEY_CODE: &str = "CONTACT_NR";

/// The `[source]` options of a SecuTix contact file (`type = "secutix"`, `secutix:` URLs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SecutixConfig {
    /// CSV files: field delimiter (detected on the codes row when absent).
    pub delimiter: Option<String>,
    /// CSV files: quote character.
    pub quote: Option<char>,
    /// CSV files: text encoding.
    pub encoding: Option<String>,
    /// Workbooks: the worksheet to read.
    pub sheet: Option<String>,
}

/// Whether `cell` looks like a SecuTix column code (`CONTACT_NR`, `CRIT01`, `EMAIL1`).
fn is_code(cell: &str) -> bool {
    let mut chars = cell.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Whether a row is a codes row: every cell a code, one of them `CONTACT_NR`.
fn is_codes_row(row: &[String]) -> bool {
    let cells: Vec<&str> = row.iter().map(|c| c.trim()).collect();
    let used: Vec<&str> = cells
        .iter()
        .copied()
        .rev()
        .skip_while(|c| c.is_empty())
        .collect();
    !used.is_empty() && used.iter().all(|c| is_code(c)) && used.contains(&KEY_CODE)
}

/// Checks the header rows of a SecuTix contact file (`rows` = the first 4 rows as text) and
/// returns the column codes of row 4; the error says what is wrong with which row and cell.
pub fn secutix_codes(location: &str, rows: &[Vec<String>]) -> Result<Vec<String>, SourceError> {
    let result = row4_codes(location, rows);
    if result.is_err() {
        // The likeliest mistake: a plain CSV with the codes as its only header row.
        if let Some(first) = rows
            .iter()
            .take(SECUTIX_HEADER_ROWS - 1)
            .position(|r| is_codes_row(r))
        {
            return Err(SourceError::Open {
                connector: CONNECTOR,
                location: location.to_string(),
                message: format!(
                    "row {} holds the column codes, but a SecuTix contact file has them in row 4",
                    first + 1
                ),
                hint: Some("a file with the codes in its first row is a plain CSV: read it with type = \"csv\" (or skip-rows up to the codes row)".into()),
            });
        }
    }
    result
}

fn row4_codes(location: &str, rows: &[Vec<String>]) -> Result<Vec<String>, SourceError> {
    let error = |message: String, hint: &str| SourceError::Open {
        connector: CONNECTOR,
        location: location.to_string(),
        message,
        hint: Some(hint.into()),
    };
    const LAYOUT: &str = "a SecuTix contact file has 4 header rows (rows 1-3: section, label, type; row 4: the column codes such as INSTITUTION, CONTACT_NR) and its data from row 5";
    if rows.len() < SECUTIX_HEADER_ROWS {
        return Err(error(
            format!(
                "the file has {} row(s), fewer than the 4 header rows of a SecuTix contact file",
                rows.len()
            ),
            LAYOUT,
        ));
    }
    let row = &rows[SECUTIX_HEADER_ROWS - 1];
    // Trailing empty cells (a spreadsheet's used range) are no columns.
    let width = row
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    let mut codes: Vec<String> = Vec::with_capacity(width);
    for (i, cell) in row[..width].iter().enumerate() {
        let code = cell.trim();
        if code.is_empty() {
            return Err(error(
                format!("row 4, column {}: the column code is empty", i + 1),
                LAYOUT,
            ));
        }
        if !is_code(code) {
            return Err(error(
                format!(
                    "row 4, column {}: '{code}' is not a SecuTix column code (upper-case letters, digits and _)",
                    i + 1
                ),
                LAYOUT,
            ));
        }
        if let Some(j) = codes.iter().position(|c| c == code) {
            return Err(error(
                format!(
                    "row 4: column code '{code}' appears twice (columns {} and {})",
                    j + 1,
                    i + 1
                ),
                "keep every column once, as in the SecuTix template",
            ));
        }
        codes.push(code.to_string());
    }
    if codes.is_empty() {
        return Err(error("row 4 is empty: no column codes".into(), LAYOUT));
    }
    if !codes.iter().any(|c| c == KEY_CODE) {
        return Err(error(
            format!("row 4 has no {KEY_CODE} column: {}", codes.join(", ")),
            LAYOUT,
        ));
    }
    Ok(codes)
}

/// Opens SecuTix contact files (`type = "secutix"`, `secutix:contacts.csv`): CSV (delimiter
/// sniffed, BOM and UTF-16 honoured) or workbooks (xlsx, xlsm, xlsb, xls, ods).
pub struct SecutixFactory;

#[async_trait]
impl SourceFactory for SecutixFactory {
    fn names(&self) -> &'static [&'static str] {
        &["secutix"]
    }

    fn options(&self) -> OptionsSchema {
        OptionsSchema::of::<SecutixConfig>()
    }

    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        spec.options.parse::<SecutixConfig>(CONNECTOR)?;
        let Some(path) = spec.location_path() else {
            return Err(SourceError::Config {
                message: "a secutix source needs path = \"contacts.csv\" or url = \"secutix:contacts.csv\"".into(),
                hint: None,
            });
        };
        Ok(Box::new(SecutixSource::open(&path, spec).await?))
    }
}

/// A SecuTix contact file read as one table named by the file's stem: columns named by the
/// codes of row 4, rows numbered as a spreadsheet shows them (the first data row is 5).
pub struct SecutixSource {
    inner: Box<dyn Source>,
    path: PathBuf,
    /// The table of `inner` holding the data (file stem for CSV, the sheet for workbooks).
    inner_table: String,
    table: String,
    codes: Vec<String>,
}

impl SecutixSource {
    /// Opens the file and checks its header rows (a malformed header is an error here, before
    /// any row is read). Options used: `delimiter`, `quote`, `encoding` (CSV), `sheet`.
    pub async fn open(path: &Path, spec: &SourceSpec) -> Result<SecutixSource, SourceError> {
        let config: SecutixConfig = spec.options.parse(CONNECTOR)?;
        if !path.is_file() {
            return Err(SourceError::Open {
                connector: CONNECTOR,
                location: path.display().to_string(),
                message: "no such file".into(),
                hint: Some(
                    "check the path; relative paths are relative to the migration file's folder"
                        .into(),
                ),
            });
        }
        let location = path.display().to_string();
        let table = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("contacts")
            .to_string();
        let skip_rows = SECUTIX_HEADER_ROWS - 1;
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let (inner, inner_table, rows): (Box<dyn Source>, String, Vec<Vec<String>>) =
            if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
                if config.delimiter.is_some() || config.quote.is_some() || config.encoding.is_some()
                {
                    return Err(SourceError::Config {
                        message: format!(
                            "{location}: delimiter, quote and encoding apply to CSV files, not workbooks"
                        ),
                        hint: Some("remove them from [source]".into()),
                    });
                }
                let source = XlsxSource::open(
                    path,
                    XlsxOptions {
                        sheet: config.sheet.clone(),
                        header: true,
                        skip_rows,
                    },
                )?;
                let sheet = source
                    .default_sheet()
                    .or_else(|| source.sheet_names().first().map(String::as_str))
                    .unwrap_or_default()
                    .to_string();
                let rows = source.head(&sheet, SECUTIX_HEADER_ROWS)?;
                (Box::new(source), sheet, rows)
            } else {
                if config.sheet.is_some() {
                    return Err(SourceError::Config {
                        message: format!("{location}: sheet applies to workbooks, not CSV files"),
                        hint: Some("remove it from [source]".into()),
                    });
                }
                let options = CsvOptions {
                    header: true,
                    skip_rows,
                    ..CsvConfig {
                        delimiter: config.delimiter.clone(),
                        quote: config.quote,
                        encoding: config.encoding.clone(),
                        ..CsvConfig::default()
                    }
                    .options()?
                };
                // The delimiter is sniffed on the codes row (row 4).
                let (_, rows) = csv_head(path, &options, SECUTIX_HEADER_ROWS)?;
                let source = CsvSource::new(
                    BTreeMap::from([(table.clone(), path.to_path_buf())]),
                    options,
                )?;
                (Box::new(source), table.clone(), rows)
            };
        let codes = secutix_codes(&location, &rows)?;
        Ok(SecutixSource {
            inner,
            path: path.to_path_buf(),
            inner_table,
            table,
            codes,
        })
    }

    /// The column codes of row 4, in file order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    fn request(&self, request: &ReadRequest) -> Result<ReadRequest, SourceError> {
        match request {
            ReadRequest::Table(t) if t.eq_ignore_ascii_case(&self.table) => {
                Ok(ReadRequest::Table(self.inner_table.clone()))
            }
            ReadRequest::Table(t) => Err(SourceError::UnknownTable {
                connector: CONNECTOR,
                location: self.path.display().to_string(),
                table: t.clone(),
                available: self.table.clone(),
            }),
            ReadRequest::Query(_) => Err(SourceError::Query {
                connector: CONNECTOR,
                location: self.path.display().to_string(),
                message: "a SecuTix file has no SQL engine of its own".into(),
                hint: Some("queries over files run on polars SQL (read_with_polars_sql)".into()),
            }),
        }
    }
}

#[async_trait]
impl Source for SecutixSource {
    fn description(&self) -> SourceDescription {
        SourceDescription {
            connector: CONNECTOR,
            location: self.path.display().to_string(),
            has_sql_engine: false,
        }
    }

    async fn list_tables(&mut self) -> Result<Vec<TableInfo>, SourceError> {
        let inner = self.inner.list_tables().await?;
        let rows = inner
            .into_iter()
            .find(|t| t.name == self.inner_table)
            .and_then(|t| t.rows);
        Ok(vec![TableInfo {
            name: self.table.clone(),
            kind: "file".into(),
            rows,
        }])
    }

    async fn table_names(&mut self) -> Result<Vec<String>, SourceError> {
        Ok(vec![self.table.clone()])
    }

    async fn describe(&mut self, request: &ReadRequest) -> Result<Vec<ColumnInfo>, SourceError> {
        let request = self.request(request)?;
        self.inner.describe(&request).await
    }

    async fn read(
        &mut self,
        request: &ReadRequest,
        options: &ReadOptions,
    ) -> Result<BatchStream<'_>, SourceError> {
        let request = self.request(request)?;
        self.inner.read(&request, options).await
    }
}

#[cfg(test)]
#[path = "secutix_tests.rs"]
mod tests;
