//! SAM's bulk update of criteria and authorisations (spec §5.3): a CSV with the contact
//! number and, per field, an `[old]FIELD` column (the value at export time) and a
//! `[new]FIELD` column to fill in.
//!
//! ```text
//! template   for the contacts of an export (filtered by --where) and the fields chosen:
//!            the key, [old] from the export, [new] empty (or the old value, see empty-new)
//! check      key present, digits, unique; every [new] value allowed (criteria: the
//!            institution's values; authorisations: TRUE/true/T/t, FALSE/false/F/f, empty,
//!            or '=' to erase); [old] unchanged from the export when one is given; rows where
//!            nothing changes counted; rejects.csv in the template's shape, report.json/html
//! apply      the rows that pass become UPDATE rows carrying only the changed values (a
//!            CONFIG row first declares the criteria's columns): a service run
//! ```
//!
//! The header spelling, key column and delimiter are not published (open point 9): they are
//! `[bulk]` settings, or read from a real template's header (`[bulk] template`, `--like`).
//! What an empty `[new]` cell means is open too: `[bulk] empty-new`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::select::{SelectionRecord, CONTACT_NR};
use super::ServiceError;
use crate::format::FormatProfile;
use crate::migration::Migration;
use crate::report::{FileProblem, Outcome, Severity};
use crate::runs::reconcile::ContactTable;

/// The section of the format's authorisation columns.
const AUTHORISATION_SECTION: &str = "Authorization";
/// SecuTix's erase marker.
const ERASE: &str = "=";

/// `[bulk]`: how SAM's `[old]`/`[new]` template is written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct BulkSpec {
    /// The column holding the contact number (default `CONTACT_NR`).
    #[serde(default = "default_key")]
    pub key_column: String,
    /// Prefix of the columns with the value at export time (default `[old]`).
    #[serde(default = "default_old")]
    pub old_prefix: String,
    /// Prefix of the columns to fill in (default `[new]`).
    #[serde(default = "default_new")]
    pub new_prefix: String,
    /// Delimiter: `,` (default), `;`, `|` or `\t`.
    #[serde(default = "default_delimiter")]
    pub delimiter: String,
    /// A real template downloaded from SAM: its header row gives the key column, prefixes
    /// and delimiter (relative to the migration file).
    pub template: Option<PathBuf>,
    /// What an empty `[new]` cell means: `unchanged` (default) or `erase`. Under `erase`,
    /// `bulk template` fills `[new]` with the current value, so that a row nobody edits
    /// changes nothing.
    #[serde(default)]
    pub empty_new: EmptyNew,
}

/// What an empty `[new]` cell means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmptyNew {
    /// Nothing changes (`=` erases).
    #[default]
    Unchanged,
    /// The value is erased (when there was one).
    Erase,
}

fn default_key() -> String {
    CONTACT_NR.into()
}
fn default_old() -> String {
    "[old]".into()
}
fn default_new() -> String {
    "[new]".into()
}
fn default_delimiter() -> String {
    ",".into()
}

impl Default for BulkSpec {
    fn default() -> Self {
        BulkSpec {
            key_column: default_key(),
            old_prefix: default_old(),
            new_prefix: default_new(),
            delimiter: default_delimiter(),
            template: None,
            empty_new: EmptyNew::default(),
        }
    }
}

/// The spelling of a template: key column, prefixes, delimiter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The key column.
    pub key_column: String,
    /// `[old]` as spelled.
    pub old_prefix: String,
    /// `[new]` as spelled.
    pub new_prefix: String,
    /// The delimiter.
    pub delimiter: u8,
}

impl Layout {
    /// The layout `[bulk]` gives, or the one a real template's header shows.
    pub fn of(migration: &Migration, like: Option<&Path>) -> Result<Layout, ServiceError> {
        let spec = &migration.file.bulk;
        let from = like
            .map(Path::to_path_buf)
            .or_else(|| spec.template.as_ref().map(|t| migration.resolve(t)));
        if let Some(path) = from {
            let text = std::fs::read_to_string(&path).map_err(|e| ServiceError::Selection {
                what: path.display().to_string(),
                message: e.to_string(),
                hint: "give a template downloaded from SAM ([bulk] template or --like)".into(),
            })?;
            let header = text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap_or("");
            return Layout::from_header(header).ok_or_else(|| ServiceError::Selection {
                what: path.display().to_string(),
                message: "its first line has no [old]/[new] column pair".into(),
                hint: "the template's header names the contact column and [old]FIELD, [new]FIELD columns".into(),
            });
        }
        let delimiter = match spec.delimiter.as_str() {
            "," => b',',
            ";" => b';',
            "|" => b'|',
            "\t" | "\\t" => b'\t',
            other => {
                return Err(ServiceError::Config(format!(
                    "[bulk] delimiter = \"{other}\": use \",\", \";\", \"|\" or \"\\t\""
                )))
            }
        };
        Ok(Layout {
            key_column: spec.key_column.clone(),
            old_prefix: spec.old_prefix.clone(),
            new_prefix: spec.new_prefix.clone(),
            delimiter,
        })
    }

    /// Reads the spelling off a header line: the delimiter that splits it most, the prefixes
    /// as written before the first `[old]` and `[new]` fields (any case, spaces kept), and
    /// the first column that is neither as key.
    pub fn from_header(header: &str) -> Option<Layout> {
        let delimiter = [b',', b';', b'\t', b'|']
            .into_iter()
            .max_by_key(|d| header.matches(char::from(*d)).count())?;
        let fields = split_line(header, delimiter);
        let old = fields.iter().find_map(|f| prefix_of(f, "old"))?;
        let new = fields.iter().find_map(|f| prefix_of(f, "new"))?;
        let key = fields
            .iter()
            .find(|f| prefix_of(f, "old").is_none() && prefix_of(f, "new").is_none())?;
        Some(Layout {
            key_column: key.trim().to_string(),
            old_prefix: old,
            new_prefix: new,
            delimiter,
        })
    }

    /// The field a header cell names under `prefix`, if it has it (any case, spaces around
    /// the bracket allowed).
    fn field<'a>(&self, cell: &'a str, prefix: &str) -> Option<&'a str> {
        let cell = cell.trim();
        let bare = prefix.trim();
        let head = cell.get(..bare.len())?;
        head.eq_ignore_ascii_case(bare)
            .then(|| cell[bare.len()..].trim())
            .filter(|f| !f.is_empty())
    }
}

/// `[old]` (or `[new]`) as spelled at the start of a header cell, with the spaces after it.
fn prefix_of(cell: &str, word: &str) -> Option<String> {
    let trimmed = cell.trim_start();
    let close = trimmed.find(']')?;
    let inside = trimmed.strip_prefix('[')?[..close - 1].trim();
    if !inside.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &trimmed[close + 1..];
    let spaces = rest.len() - rest.trim_start().len();
    Some(trimmed[..close + 1 + spaces].to_string())
}

fn split_line(line: &str, delimiter: u8) -> Vec<String> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(line.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// What a field of the template is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// A criterion: its values (empty: free text).
    Criterion(Vec<String>),
    /// An authorisation column (TRUE/FALSE).
    Authorisation,
}

/// The kind of `field` for this migration, if it is a criterion of `[institution.criteria]`
/// or an authorisation column of the format.
pub fn field_kind(
    field: &str,
    migration: &Migration,
    profile: &FormatProfile,
) -> Option<FieldKind> {
    if let Some(values) = migration
        .file
        .institution
        .criteria
        .as_ref()
        .and_then(|c| c.get(field))
    {
        return Some(FieldKind::Criterion(values.clone()));
    }
    authorisations(profile)
        .iter()
        .any(|a| a.eq_ignore_ascii_case(field))
        .then_some(FieldKind::Authorisation)
}

/// The format's authorisation columns (CNIL_O ... EMAIL).
pub fn authorisations(profile: &FormatProfile) -> Vec<String> {
    profile
        .columns()
        .iter()
        .filter(|c| c.section == AUTHORISATION_SECTION)
        .map(|c| c.code.clone())
        .collect()
}

/// An authorisation value as SecuTix wants it, if it is one (`=` erases; empty is empty).
pub fn authorisation_value(value: &str) -> Option<&'static str> {
    match value.trim() {
        "TRUE" | "true" | "T" | "t" => Some("TRUE"),
        "FALSE" | "false" | "F" | "f" => Some("FALSE"),
        "" => Some(""),
        ERASE => Some(ERASE),
        _ => None,
    }
}

/// A value in the form two values are compared in: authorisations as TRUE/FALSE, criteria as
/// their values sorted.
fn comparable(kind: &FieldKind, value: &str) -> String {
    match kind {
        FieldKind::Authorisation => authorisation_value(value)
            .map(str::to_string)
            .unwrap_or_else(|| value.trim().to_string()),
        FieldKind::Criterion(_) => {
            let mut values: Vec<&str> = value
                .split('|')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            values.sort_unstable();
            values.dedup();
            values.join("|")
        }
    }
}

/// Criterion values as written to the file: trimmed, each once, in the order given.
fn written_values(value: &str) -> String {
    let mut seen = Vec::new();
    for v in value.split('|').map(str::trim).filter(|v| !v.is_empty()) {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    seen.join("|")
}

/// The current value of a field for each contact of an export: a column named like the field,
/// else (criteria) the values of `CODE=...` cells of its CRITnn columns.
pub struct ExportValues {
    by_contact: HashMap<String, usize>,
    table: ContactTable,
}

impl ExportValues {
    /// Indexes an export by contact number.
    pub fn new(table: ContactTable) -> ExportValues {
        let nr = table.column(CONTACT_NR);
        let by_contact = nr
            .map(|nr| {
                table
                    .rows
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| Some((r.get(nr)?.trim().to_string(), i)))
                    .collect()
            })
            .unwrap_or_default();
        ExportValues { by_contact, table }
    }

    /// The current values of `fields` for `contacts` in an export: only CONTACT_NR, the
    /// fields' columns and the criterion columns of those contacts' rows are held.
    pub async fn read(
        path: &Path,
        fields: &[&str],
        contacts: &std::collections::HashSet<String>,
    ) -> Result<ExportValues, ServiceError> {
        let keep = |column: &str| {
            column == CONTACT_NR
                || fields.iter().any(|f| f.eq_ignore_ascii_case(column))
                || crate::quality::codes::is_criterion(column)
        };
        let unreadable = |message: String| ServiceError::Selection {
            what: path.display().to_string(),
            message,
            hint: "give the SecuTix export the template was made from (CSV or workbook)".into(),
        };
        if !crate::runs::reconcile::is_workbook(path) {
            // Streamed: the rows of other contacts are never held.
            let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
            let mut table = ContactTable::default();
            let mut nr = None;
            let codes = crate::runs::reconcile::stream_contact_table(
                &String::from_utf8_lossy(&bytes),
                &keep,
                |codes, number, row| {
                    let at = *nr.get_or_insert_with(|| codes.iter().position(|c| c == CONTACT_NR));
                    if at.is_some_and(|at| row.get(at).is_some_and(|n| contacts.contains(n.trim())))
                    {
                        table.rows.push(row);
                        table.row_numbers.push(number);
                    }
                    Ok(())
                },
            )
            .map_err(unreadable)?;
            table.codes =
                codes.ok_or_else(|| unreadable(crate::runs::reconcile::NO_CODES_ROW.into()))?;
            return Ok(ExportValues::new(table));
        }
        let mut table = crate::runs::reconcile::read_export_columns(path, &keep)
            .await
            .map_err(|e| unreadable(e.to_string()))?;
        if let Some(nr) = table.column(CONTACT_NR) {
            let wanted = |r: &Vec<String>| r.get(nr).is_some_and(|n| contacts.contains(n.trim()));
            (table.rows, table.row_numbers) = std::mem::take(&mut table.rows)
                .into_iter()
                .zip(std::mem::take(&mut table.row_numbers))
                .filter(|(r, _)| wanted(r))
                .unzip();
        }
        Ok(ExportValues::new(table))
    }

    /// The position of a column (any case).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.table.column(name)
    }

    /// The export's rows.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.table.rows
    }

    /// Whether the export can tell the current value of `field`.
    pub fn knows(&self, field: &str, kind: &FieldKind) -> bool {
        self.table.column(field).is_some()
            || (matches!(kind, FieldKind::Criterion(_)) && !self.criterion_columns().is_empty())
    }

    fn criterion_columns(&self) -> Vec<usize> {
        (0..self.table.codes.len())
            .filter(|&i| crate::quality::codes::is_criterion(&self.table.codes[i]))
            .collect()
    }

    /// The contact's current value of `field`; `None` when the contact is not in the export.
    pub fn value(&self, contact: &str, field: &str, kind: &FieldKind) -> Option<String> {
        let row = &self.table.rows[*self.by_contact.get(contact.trim())?];
        if let Some(c) = self.table.column(field) {
            return Some(row.get(c).cloned().unwrap_or_default().trim().to_string());
        }
        let mut values = Vec::new();
        if matches!(kind, FieldKind::Criterion(_)) {
            for c in self.criterion_columns() {
                let cell = row.get(c).map(String::as_str).unwrap_or("");
                if let Some((code, v)) = cell.split_once('=') {
                    if code.trim() == field {
                        values.extend(v.split('|').map(str::trim).filter(|v| !v.is_empty()));
                    }
                }
            }
        }
        Some(values.join("|"))
    }
}

/// A field of a template: its name, kind and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The criterion code or authorisation column.
    pub name: String,
    /// What it is.
    pub kind: FieldKind,
    /// Its `[old]` column.
    pub old: Option<usize>,
    /// Its `[new]` column.
    pub new: usize,
}

/// A template as read back: its rows, key and fields.
#[derive(Debug, Clone)]
pub struct BulkFile {
    /// The file.
    pub path: PathBuf,
    /// Its spelling.
    pub layout: Layout,
    /// The header row.
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Vec<String>>,
    /// The key column.
    pub key: Option<usize>,
    /// The fields with a `[new]` column.
    pub fields: Vec<Field>,
    /// Problems of the file as a whole.
    pub problems: Vec<FileProblem>,
    /// SHA-256 of the file as read.
    pub sha256: String,
}

impl BulkFile {
    /// Reads an edited template.
    pub fn read(
        path: &Path,
        layout: Layout,
        migration: &Migration,
        profile: &FormatProfile,
    ) -> Result<BulkFile, ServiceError> {
        let bytes = std::fs::read(path).map_err(|e| ServiceError::Selection {
            what: path.display().to_string(),
            message: e.to_string(),
            hint: "give the edited template".into(),
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        // The file's own delimiter wins over the setting when its header says so.
        let header_line = text.lines().next().unwrap_or("");
        let layout = match Layout::from_header(header_line) {
            Some(seen) if seen.delimiter != layout.delimiter => Layout {
                delimiter: seen.delimiter,
                ..layout
            },
            _ => layout,
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(layout.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header: Vec<String> = match records.next() {
            Some(Ok(r)) => r.iter().map(|c| c.trim().to_string()).collect(),
            Some(Err(e)) => return Err(csv_error(path, &e)),
            None => Vec::new(),
        };
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(path, &e))?;
            rows.push(record.iter().map(str::to_string).collect());
        }
        let mut file = BulkFile {
            path: path.to_path_buf(),
            key: header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(&layout.key_column)),
            layout,
            header,
            rows,
            fields: Vec::new(),
            problems: Vec::new(),
            sha256: crate::writers::sha256_hex(&bytes),
        };
        file.find_fields(migration, profile);
        Ok(file)
    }

    /// The contact numbers of the rows (trimmed).
    pub fn contacts(&self) -> std::collections::HashSet<String> {
        let Some(key) = self.key else {
            return Default::default();
        };
        self.rows
            .iter()
            .filter_map(|r| r.get(key))
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect()
    }

    fn find_fields(&mut self, migration: &Migration, profile: &FormatProfile) {
        let problem = |column: Option<&str>, message: String| FileProblem {
            severity: Severity::Error,
            row: Some(1),
            column: column.map(str::to_string),
            message,
        };
        if self.key.is_none() {
            self.problems.push(problem(
                None,
                format!(
                    "no key column '{}' in the header: every row must name its contact ([bulk] key-column)",
                    self.layout.key_column
                ),
            ));
        }
        for (i, cell) in self.header.iter().enumerate() {
            let Some(name) = self.layout.field(cell, &self.layout.new_prefix) else {
                continue;
            };
            let Some(kind) = field_kind(name, migration, profile) else {
                self.problems.push(problem(
                    Some(cell),
                    format!("'{name}' is neither a criterion of [institution.criteria] nor an authorisation column of the format: its values cannot be checked"),
                ));
                continue;
            };
            let old = self.header.iter().position(|h| {
                self.layout
                    .field(h, &self.layout.old_prefix)
                    .is_some_and(|f| f == name)
            });
            self.fields.push(Field {
                name: name.to_string(),
                kind,
                old,
                new: i,
            });
        }
        if self.fields.is_empty() {
            self.problems.push(problem(
                None,
                format!(
                    "no '{}FIELD' column: nothing to update",
                    self.layout.new_prefix
                ),
            ));
        }
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> ServiceError {
    ServiceError::Selection {
        what: path.display().to_string(),
        message: e.to_string(),
        hint: "save the template as CSV".into(),
    }
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Data row index.
    pub row: usize,
    /// Rule name.
    pub rule: &'static str,
    /// The header cell.
    pub column: String,
    /// The value.
    pub value: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// A field's change on one row: the value to write (`=` erases).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Index into [`BulkFile::fields`].
    pub field: usize,
    /// What to write.
    pub value: String,
}

/// The verdict on a template.
#[derive(Debug, Clone)]
pub struct BulkCheck {
    /// The file.
    pub file: BulkFile,
    /// Every problem found, in row order.
    pub findings: Vec<Finding>,
    /// Rejected rows.
    pub rejected: std::collections::BTreeSet<usize>,
    /// The changes of each row that passes and changes something, in row order.
    pub changes: Vec<(usize, Vec<Change>)>,
    /// Rows that pass and change nothing.
    pub unchanged: u64,
}

impl BulkCheck {
    /// Checks every row of `file` (against `export` when given).
    pub fn run(file: BulkFile, export: Option<&ExportValues>, empty_new: EmptyNew) -> BulkCheck {
        let mut check = BulkCheck {
            file,
            findings: Vec::new(),
            rejected: Default::default(),
            changes: Vec::new(),
            unchanged: 0,
        };
        if check
            .file
            .problems
            .iter()
            .any(|p| p.severity == Severity::Error)
        {
            return check;
        }
        let mut first_row: HashMap<String, usize> = HashMap::new();
        for i in 0..check.file.rows.len() {
            let before = check.findings.len();
            let contact = check.key_of(i, &mut first_row);
            let changes = contact
                .as_ref()
                .map(|c| check.row_changes(i, c, export, empty_new))
                .unwrap_or_default();
            if check.findings.len() > before {
                check.rejected.insert(i);
            } else if changes.is_empty() {
                check.unchanged += 1;
            } else {
                check.changes.push((i, changes));
            }
        }
        check
    }

    fn cell(&self, row: usize, column: usize) -> &str {
        self.file.rows[row]
            .get(column)
            .map(String::as_str)
            .unwrap_or("")
    }

    fn find(
        &mut self,
        row: usize,
        rule: &'static str,
        column: usize,
        value: &str,
        message: String,
    ) {
        self.findings.push(Finding {
            row,
            rule,
            column: self.file.header.get(column).cloned().unwrap_or_default(),
            value: value.to_string(),
            message,
        });
    }

    /// The row's contact number, if present, digits only and not on an earlier row.
    fn key_of(&mut self, i: usize, first_row: &mut HashMap<String, usize>) -> Option<String> {
        let key = self.file.key?;
        let value = self.cell(i, key).trim().to_string();
        if value.is_empty() {
            self.find(
                i,
                "key-missing",
                key,
                "",
                "no contact number: the row names no contact".into(),
            );
            return None;
        }
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            self.find(
                i,
                "key-invalid",
                key,
                &value,
                format!("'{value}' is not a contact number (digits only)"),
            );
            return None;
        }
        if let Some(first) = first_row.get(&value) {
            let message = format!(
                "contact {value} is already on row {}: one row per contact",
                first + 2
            );
            self.find(i, "key-duplicate", key, &value, message);
            return None;
        }
        first_row.insert(value.clone(), i);
        Some(value)
    }

    /// The changes of a row, its findings recorded.
    fn row_changes(
        &mut self,
        i: usize,
        contact: &str,
        export: Option<&ExportValues>,
        empty_new: EmptyNew,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        let key = self.file.key.unwrap_or(0);
        if export.is_some_and(|e| !e.by_contact.contains_key(contact)) {
            self.find(
                i,
                "not-in-export",
                key,
                contact,
                format!("contact {contact} is not in the export the template was made from"),
            );
            return changes;
        }
        for f in 0..self.file.fields.len() {
            let field = self.file.fields[f].clone();
            let new = self.cell(i, field.new).trim().to_string();
            if !self.allowed(i, &field, &new) {
                continue;
            }
            let old = field.old.map(|o| self.cell(i, o).trim().to_string());
            if let (Some(old), Some(o), Some(export)) = (&old, field.old, export) {
                let current = export
                    .value(contact, &field.name, &field.kind)
                    .unwrap_or_default();
                if comparable(&field.kind, old) != comparable(&field.kind, &current) {
                    let message = format!(
                        "{} is '{old}' but the export has '{current}': the {} column was edited; write the change in {}",
                        self.file.header[o], self.file.layout.old_prefix.trim(), self.file.header[field.new]
                    );
                    self.find(i, "old-changed", o, old, message);
                    continue;
                }
            }
            let old = old.unwrap_or_default();
            let value = match (new.as_str(), empty_new) {
                ("", EmptyNew::Unchanged) => continue,
                ("", EmptyNew::Erase) | (ERASE, _) if comparable(&field.kind, &old).is_empty() => {
                    continue
                }
                ("", EmptyNew::Erase) | (ERASE, _) => ERASE.to_string(),
                (new, _) if comparable(&field.kind, new) == comparable(&field.kind, &old) => {
                    continue
                }
                (new, _) => match field.kind {
                    FieldKind::Authorisation => authorisation_value(new).unwrap_or("").to_string(),
                    FieldKind::Criterion(_) => written_values(new),
                },
            };
            changes.push(Change { field: f, value });
        }
        changes
    }

    /// Whether `new` is a value the field takes; a finding when not.
    fn allowed(&mut self, i: usize, field: &Field, new: &str) -> bool {
        match &field.kind {
            FieldKind::Authorisation if authorisation_value(new).is_none() => {
                let message = format!(
                    "'{new}' is not an authorisation value: TRUE, FALSE (or true/T/t, false/F/f), '=' to erase, or empty"
                );
                self.find(i, "authorisation-value", field.new, new, message);
                false
            }
            FieldKind::Criterion(values) if !values.is_empty() && new != ERASE => {
                let unknown: Vec<&str> = new
                    .split('|')
                    .map(str::trim)
                    .filter(|v| !v.is_empty() && !values.iter().any(|a| a == v))
                    .collect();
                if unknown.is_empty() {
                    return true;
                }
                let shown: Vec<&str> = values.iter().take(12).map(String::as_str).collect();
                let message = format!(
                    "'{}' is not a value of criterion {} (its values, by internal code: {}{})",
                    unknown.join("|"),
                    field.name,
                    shown.join(", "),
                    if values.len() > shown.len() {
                        ", ..."
                    } else {
                        ""
                    }
                );
                self.find(i, "criterion-value", field.new, new, message);
                false
            }
            _ => true,
        }
    }

    /// Fields changed, per field name.
    pub fn changed_fields(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for (_, changes) in &self.changes {
            for c in changes {
                *out.entry(self.file.fields[c.field].name.clone())
                    .or_default() += 1;
            }
        }
        out
    }

    /// Whether the file can be applied as it is: no file error and no rejected row.
    pub fn passed(&self) -> bool {
        self.rejected.is_empty()
            && !self
                .file
                .problems
                .iter()
                .any(|p| p.severity == Severity::Error)
    }

    /// rejects.csv: the rejected rows in the template's shape, with the row, first rule,
    /// column and value, and every message.
    pub fn rejects_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.file.layout.delimiter)
            .from_writer(Vec::new());
        let mut header = self.file.header.clone();
        header.extend(
            [
                "stx_row",
                "stx_rule",
                "stx_column",
                "stx_value",
                "stx_message",
            ]
            .map(String::from),
        );
        writer.write_record(&header)?;
        for &row in &self.rejected {
            let found: Vec<&Finding> = self.findings.iter().filter(|f| f.row == row).collect();
            let Some(first) = found.first() else { continue };
            let mut record = self.file.rows[row].clone();
            record.resize(self.file.header.len(), String::new());
            record.extend([
                (row + 2).to_string(),
                first.rule.to_string(),
                first.column.clone(),
                first.value.clone(),
                found
                    .iter()
                    .map(|f| format!("{}: {}", f.column, f.message))
                    .collect::<Vec<_>>()
                    .join(" | "),
            ]);
            writer.write_record(&record)?;
        }
        writer.into_inner().map_err(|e| e.into_error().into())
    }

    /// The check's report: counts (read = written + rejected + unchanged, "written" being the
    /// rows that change something), fill of each `[new]` column, rule hits.
    pub fn report(&self, run_id: &str, migration_sha256: &str) -> crate::report::Report {
        let mut rules: BTreeMap<(String, &'static str), (u64, Vec<String>)> = BTreeMap::new();
        for f in &self.findings {
            let entry = rules.entry((f.column.clone(), f.rule)).or_default();
            entry.0 += 1;
            if entry.1.len() < crate::report::MAX_SAMPLES && !f.value.is_empty() {
                entry.1.push(f.value.clone());
            }
        }
        let mut report = crate::report::Report {
            title: format!(
                "bulk check {}",
                self.file
                    .path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
            ),
            run_id: run_id.into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            source: format!("bulk template {}", self.file.path.display()),
            migration_sha256: migration_sha256.into(),
            counts: crate::report::Counts {
                read: self.file.rows.len() as u64,
                written: self.changes.len() as u64,
                rejected: self.rejected.len() as u64,
                unchanged: self.unchanged,
                ..Default::default()
            },
            columns: self
                .file
                .fields
                .iter()
                .map(|f| crate::report::ColumnFill {
                    code: self.file.header[f.new].clone(),
                    section: match f.kind {
                        FieldKind::Criterion(_) => "Criterion".into(),
                        FieldKind::Authorisation => AUTHORISATION_SECTION.into(),
                    },
                    filled: self
                        .file
                        .rows
                        .iter()
                        .filter(|r| r.get(f.new).is_some_and(|v| !v.trim().is_empty()))
                        .count() as u64,
                })
                .collect(),
            rules: rules
                .into_iter()
                .map(
                    |((column, rule), (hits, samples))| crate::report::RuleHits {
                        column,
                        rule: rule.into(),
                        outcome: Outcome::Reject,
                        hits,
                        samples,
                    },
                )
                .collect(),
            mapping: Vec::new(),
            file_problems: self.file.problems.clone(),
            dedupe: None,
        };
        report.sort_rules();
        report
    }

    /// The input of the service run that applies the changes: a CONFIG row declaring the
    /// criteria's columns, then an UPDATE row per contact with its changed values.
    pub fn service_input(
        &self,
        profile: &FormatProfile,
        selection: SelectionRecord,
    ) -> Result<super::ServiceInput, ServiceError> {
        let criterion_columns: Vec<&str> = profile
            .codes()
            .into_iter()
            .filter(|c| crate::quality::codes::is_criterion(c))
            .collect();
        // Each changed field's SecuTix column: criteria take CRIT01, CRIT02 ... in field order.
        let mut target: Vec<Option<String>> = vec![None; self.file.fields.len()];
        let mut criteria = 0;
        for (i, f) in self.file.fields.iter().enumerate() {
            if !self
                .changes
                .iter()
                .any(|(_, c)| c.iter().any(|c| c.field == i))
            {
                continue;
            }
            target[i] = Some(match f.kind {
                FieldKind::Authorisation => f.name.to_ascii_uppercase(),
                FieldKind::Criterion(_) => {
                    let column = criterion_columns.get(criteria).ok_or_else(|| {
                        ServiceError::Config(format!(
                            "more criteria change than the format has criterion columns ({})",
                            criterion_columns.len()
                        ))
                    })?;
                    criteria += 1;
                    column.to_string()
                }
            });
        }
        let mut rows = Vec::new();
        let used: Vec<(usize, &String)> = target
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((i, t.as_ref()?)))
            .collect();
        if criteria > 0 {
            let mut config = vec![String::new(), String::new(), "CONFIG".into(), String::new()];
            for (i, _) in &used {
                let f = &self.file.fields[*i];
                config.push(match f.kind {
                    FieldKind::Criterion(_) => f.name.clone(),
                    FieldKind::Authorisation => String::new(),
                });
            }
            rows.push(config);
        }
        let key = self.file.key.unwrap_or(0);
        for (row, changes) in &self.changes {
            let mut out = vec![
                (row + 2).to_string(),
                String::new(),
                "UPDATE".into(),
                self.cell(*row, key).trim().to_string(),
            ];
            for (i, _) in &used {
                out.push(
                    changes
                        .iter()
                        .find(|c| c.field == *i)
                        .map(|c| c.value.clone())
                        .unwrap_or_default(),
                );
            }
            rows.push(out);
        }
        let mut values = BTreeMap::new();
        for (i, column) in &used {
            values.insert(
                (*column).clone(),
                format!(
                    "{} ({})",
                    self.file.header[self.file.fields[*i].new], self.file.fields[*i].name
                ),
            );
        }
        Ok(super::ServiceInput::from_rows(
            used.iter().map(|(_, c)| (*c).clone()).collect(),
            rows,
            selection,
            values,
            self.changes.len() as u64,
        ))
    }
}

/// Writes a template for the contacts of `selection` (rows of an export) and `fields`.
pub fn template_csv(
    layout: &Layout,
    fields: &[(String, FieldKind)],
    contacts: &[String],
    export: &ExportValues,
    empty_new: EmptyNew,
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(layout.delimiter)
        .from_writer(Vec::new());
    let mut header = vec![layout.key_column.clone()];
    for (name, _) in fields {
        header.push(format!("{}{name}", layout.old_prefix));
        header.push(format!("{}{name}", layout.new_prefix));
    }
    writer.write_record(&header)?;
    for contact in contacts {
        let mut record = vec![contact.clone()];
        for (name, kind) in fields {
            let old = export.value(contact, name, kind).unwrap_or_default();
            let new = match empty_new {
                EmptyNew::Unchanged => String::new(),
                EmptyNew::Erase => old.clone(),
            };
            record.push(old);
            record.push(new);
        }
        writer.write_record(&record)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_header_gives_the_spelling() {
        let layout = Layout::from_header("Contact number;[OLD] PREFCOL;[NEW] PREFCOL").unwrap();
        assert_eq!(layout.key_column, "Contact number");
        assert_eq!(layout.old_prefix, "[OLD] ");
        assert_eq!(layout.new_prefix, "[NEW] ");
        assert_eq!(layout.delimiter, b';');
        assert_eq!(
            layout.field("[new] PREFCOL", &layout.new_prefix),
            Some("PREFCOL")
        );
        assert_eq!(
            layout.field("[new]PREFCOL", &layout.new_prefix),
            Some("PREFCOL")
        );
        assert!(Layout::from_header("CONTACT_NR,PREFCOL").is_none());
    }

    #[test]
    fn authorisation_values_and_comparison() {
        for (given, want) in [
            ("t", Some("TRUE")),
            ("False", None),
            ("F", Some("FALSE")),
            ("", Some("")),
            ("=", Some("=")),
        ] {
            assert_eq!(authorisation_value(given), want, "{given}");
        }
        let crit = FieldKind::Criterion(vec![]);
        assert_eq!(comparable(&crit, "Red | Green|Red"), "Green|Red");
        assert_eq!(comparable(&FieldKind::Authorisation, "t"), "TRUE");
    }
}
