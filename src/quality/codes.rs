//! Code lists of the institution: TITLE, STRUCT_TYPE, COMMUNITY_TYPE, DEPARTMENT (one code
//! per cell), ADMIN_NUMBER (`TYPE=number`) and CRIT01..CRIT50 (`CODE=v1|v2`), the CONFIG rows
//! that declare a column's default code (spec §3.1), and `missing-config.csv`, the codes to
//! create in SecuTix before the import.
//!
//! The codes are the institution's own (its lists of values in SecuTix), so they come from
//! `[institution]` in the migration file; a list that is not configured means no code check
//! for its column. Codes compare case-sensitively, as SecuTix does; a value that matches a
//! configured code in another case is silently written in the configured spelling (`mr` →
//! `MR`). What happens to an unknown code is not documented by SecuTix (open point 8): it is
//! `[rules.COLUMN] unknown` (`reject` by default, `drop`, or `collect`: kept and listed in
//! `missing-config.csv`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::config::{InvalidOutcome, RuleConfig, ValueOutcome};
use super::verdict::{RuleFinding, Verdict};
use crate::format::ValueRule;
use crate::migration::InstitutionSpec;
use crate::report::Outcome;

/// The prefix the SecuTix list-of-values screen shows before title codes; the import file
/// wants the bare code (spec column 5).
pub const TITLE_PREFIX: &str = "CONTACT_TITLE/";

/// The columns checked against one `[institution]` list, with the list's key (in the order of
/// [`InstitutionSpec::code_lists`]). Column names, not profile data: each list is a key of the
/// migration file's `[institution]`, made for that one column.
const LIST_KEYS: [(&str, &str); 5] = [
    ("TITLE", "titles"),
    ("STRUCT_TYPE", "structure-types"),
    ("COMMUNITY_TYPE", "community-types"),
    ("DEPARTMENT", "departments"),
    ("ADMIN_NUMBER", "admin-number-types"),
];

/// The institution's code lists are the list fields of [`InstitutionSpec`] (`[institution]`);
/// `None` = not configured: no check.
impl InstitutionSpec {
    /// The lists of the columns of [`LIST_KEYS`], in that order.
    fn code_lists(&self) -> [&Option<Vec<String>>; 5] {
        [
            &self.titles,
            &self.structure_types,
            &self.community_types,
            &self.departments,
            &self.admin_number_types,
        ]
    }

    /// The list of a single-code column or ADMIN_NUMBER, with its key in the migration file.
    fn list_of(&self, column: &str) -> Option<(&'static str, Option<&Vec<String>>)> {
        LIST_KEYS
            .iter()
            .zip(self.code_lists())
            .find(|((c, _), _)| *c == column)
            .map(|((_, key), list)| (*key, list.as_ref()))
    }

    /// Whether the list that `column`'s code rule checks against is configured.
    pub fn configured_for(&self, column: &str) -> bool {
        if is_criterion(column) || column == "CRIT*" {
            return self.criteria.is_some();
        }
        self.list_of(column).is_some_and(|(_, l)| l.is_some())
    }

    /// Every code must be non-empty, without surrounding spaces, and appear once; codes and
    /// criterion values cannot hold `|` (the value separator), codes cannot hold `=`.
    pub fn check(&self) -> Result<(), String> {
        for ((_, key), list) in LIST_KEYS.iter().zip(self.code_lists()) {
            if let Some(list) = list {
                check_list(&format!("[institution] {key}"), list, true)?;
            }
        }
        if let Some(criteria) = &self.criteria {
            let codes: Vec<String> = criteria.keys().cloned().collect();
            check_list("[institution.criteria]", &codes, true)?;
            for (code, values) in criteria {
                check_list(&format!("[institution.criteria] {code}"), values, false)?;
            }
        }
        Ok(())
    }
}

fn check_list(section: &str, list: &[String], is_code: bool) -> Result<(), String> {
    for (i, code) in list.iter().enumerate() {
        let what = if is_code { "code" } else { "value" };
        if code.trim().is_empty() {
            return Err(format!("{section}: an empty {what}"));
        }
        if code.trim() != code {
            return Err(format!(
                "{section}: '{code}' has spaces around it; write '{}'",
                code.trim()
            ));
        }
        if code.contains('|') || (is_code && code.contains('=')) {
            return Err(format!(
                "{section}: '{code}' holds '{}', which separates codes and values in the file",
                if code.contains('|') { '|' } else { '=' }
            ));
        }
        if list[..i].contains(code) {
            return Err(format!("{section}: '{code}' is listed twice"));
        }
    }
    Ok(())
}

/// Whether `column` is a criterion column (`CRIT01` ... `CRIT50`).
pub fn is_criterion(column: &str) -> bool {
    column
        .strip_prefix("CRIT")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Where the list of `column` is configured, for messages: `[institution] titles`,
/// `[institution.criteria]` ... (`None` for a column without code list).
pub fn list_name(column: &str) -> Option<String> {
    if is_criterion(column) || column == "CRIT*" {
        return Some("[institution.criteria]".into());
    }
    LIST_KEYS
        .iter()
        .find(|(c, _)| *c == column)
        .map(|(_, key)| format!("[institution] {key}"))
}

/// Codes in their configured spelling, looked up exactly, else ignoring case.
#[derive(Debug, Clone, Default)]
pub(super) struct CodeSet {
    /// In configured order (for messages).
    codes: Vec<String>,
    /// Lower-case code → index in `codes`; `None` when two codes differ only by case.
    folded: HashMap<String, Option<usize>>,
    exact: HashMap<String, usize>,
}

impl CodeSet {
    fn new(codes: &[String]) -> CodeSet {
        let mut set = CodeSet {
            codes: codes.to_vec(),
            ..Default::default()
        };
        for (i, code) in codes.iter().enumerate() {
            set.exact.insert(code.clone(), i);
            set.folded
                .entry(code.to_lowercase())
                .and_modify(|e| *e = None)
                .or_insert(Some(i));
        }
        set
    }

    /// The configured spelling of `value`, if it is a code of the set.
    fn find(&self, value: &str) -> Option<&str> {
        let i = match self.exact.get(value) {
            Some(i) => *i,
            None => (*self.folded.get(&value.to_lowercase())?)?,
        };
        Some(&self.codes[i])
    }

    /// A few codes, for messages.
    fn preview(&self) -> String {
        const SHOWN: usize = 8;
        let mut text = self
            .codes
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if self.codes.len() > SHOWN {
            text.push_str(&format!(" … ({} in all)", self.codes.len()));
        }
        if text.is_empty() {
            text = "none".into();
        }
        text
    }
}

/// The criteria of the institution, shared by the 50 criterion columns.
#[derive(Debug, Default)]
pub(super) struct Criteria {
    codes: CodeSet,
    /// Configured code → its values (`None`: free text).
    values: HashMap<String, Option<CodeSet>>,
}

/// The code rule of one column.
#[derive(Debug, Clone)]
pub(super) enum CodeRule {
    /// TITLE, STRUCT_TYPE, COMMUNITY_TYPE, DEPARTMENT: one code per cell.
    Single {
        /// The institution's codes; `None`: not configured (TITLE only: prefix repair).
        codes: Option<CodeSet>,
        /// `[institution] titles` ...
        list: String,
        unknown: ValueOutcome,
        /// TITLE: strip [`TITLE_PREFIX`].
        strip_prefix: bool,
    },
    /// ADMIN_NUMBER and CRITnn: `CODE=value`, or the value alone after a CONFIG row.
    CodeValue {
        kind: CodeValueKind,
        unknown: ValueOutcome,
        invalid: InvalidOutcome,
    },
}

/// The institution's criteria, built once for the 50 criterion columns.
pub(super) fn shared_criteria(lists: &InstitutionSpec) -> Option<Arc<Criteria>> {
    lists.criteria.as_ref().map(|c| Arc::new(criteria_of(c)))
}

/// The code rule of `column`, whose profile rule is `rule` (`title`, `code`, `admin-number`
/// or `criterion`), if it has one. `cfg` is the column's `[rules]` (for criteria already merged
/// with `[rules."CRIT*"]`); its keys are checked by the caller. `criteria` is
/// [`shared_criteria`] of `lists`. A `title`, `code` or `admin-number` column without an
/// `[institution]` list of its own is an error of the profile.
pub(super) fn code_rule(
    column: &str,
    rule: ValueRule,
    cfg: &RuleConfig,
    lists: &InstitutionSpec,
    criteria: Option<&Arc<Criteria>>,
) -> Result<Option<CodeRule>, String> {
    let unknown = cfg.unknown.unwrap_or(ValueOutcome::Reject);
    let invalid = cfg.invalid.unwrap_or(InvalidOutcome::Reject);
    if rule == ValueRule::Criterion {
        return Ok(Some(CodeRule::CodeValue {
            kind: CodeValueKind::Criterion(criteria.cloned()),
            unknown,
            invalid,
        }));
    }
    let Some((key, list)) = lists.list_of(column) else {
        let columns: Vec<&str> = LIST_KEYS.iter().map(|(c, _)| *c).collect();
        return Err(format!(
            "the format profile gives {column} the rule \"{rule}\", which checks codes against the column's [institution] list, but {column} has none (lists exist for {})",
            columns.join(", ")
        ));
    };
    let codes = list.map(|l| CodeSet::new(l));
    Ok(match rule {
        ValueRule::AdminNumber => Some(CodeRule::CodeValue {
            kind: CodeValueKind::AdminNumber(codes),
            unknown,
            invalid,
        }),
        // The title prefix goes even without a list; other codes need one to be checked.
        _ if codes.is_none() && rule != ValueRule::Title => None,
        _ => Some(CodeRule::Single {
            codes,
            list: format!("[institution] {key}"),
            unknown,
            strip_prefix: rule == ValueRule::Title,
        }),
    })
}

/// Where the list that a code rule (`rule`) of `column` checks against is configured
/// (`[institution] titles`, `[institution.criteria]` ...), and whether it is.
pub(super) fn code_list(
    column: &str,
    rule: ValueRule,
    lists: &InstitutionSpec,
) -> Option<(String, bool)> {
    if rule == ValueRule::Criterion {
        return Some((
            "[institution.criteria]".to_string(),
            lists.criteria.is_some(),
        ));
    }
    lists
        .list_of(column)
        .map(|(key, list)| (format!("[institution] {key}"), list.is_some()))
}

fn criteria_of(config: &BTreeMap<String, Vec<String>>) -> Criteria {
    let codes: Vec<String> = config.keys().cloned().collect();
    Criteria {
        codes: CodeSet::new(&codes),
        values: config
            .iter()
            .map(|(code, values)| {
                (
                    code.clone(),
                    (!values.is_empty()).then(|| CodeSet::new(values)),
                )
            })
            .collect(),
    }
}

/// The row a code rule judges a cell of.
pub(super) struct CodeRow<'a> {
    /// The row is a CONFIG row (OPERATION = CONFIG).
    pub config_row: bool,
    /// The code the last CONFIG row declared for this column; a CONFIG row sets it.
    pub declared: &'a mut Option<String>,
    /// Whether any CONFIG row came before (or is) this row.
    pub seen_config: bool,
}

impl CodeRule {
    /// What to do with one non-empty cell (`=`, the erase marker, never comes here).
    pub(super) fn judge(&self, column: &str, value: &str, row: CodeRow<'_>) -> Verdict {
        match self {
            CodeRule::Single {
                codes,
                list,
                unknown,
                strip_prefix,
            } => {
                if row.config_row {
                    return Verdict::Keep; // a configuration line, not a contact
                }
                judge_single(column, value, codes.as_ref(), list, *unknown, *strip_prefix)
            }
            CodeRule::CodeValue {
                kind,
                unknown,
                invalid,
            } => judge_code_value(column, value, row, *unknown, *invalid, kind),
        }
    }
}

fn changed(value: &str, new: String) -> Verdict {
    if new == value {
        Verdict::Keep
    } else {
        Verdict::Normalise(new)
    }
}

/// The finding for an unknown code or value: `missing` is listed in `missing-config.csv`
/// when the outcome is `collect`; `kept` is the cell written when the value is kept.
fn unknown_verdict(
    column: &str,
    rule: &'static str,
    outcome: ValueOutcome,
    message: String,
    kept: String,
    missing: Vec<(String, String)>,
) -> Verdict {
    let outcome = Outcome::from(outcome);
    let collect = outcome == Outcome::Collect;
    let message = if collect {
        format!("{message}; kept and listed in missing-config.csv: create it in SecuTix before the import")
    } else {
        format!(
            "{message} (to keep it and list it for SecuTix: [rules.{column}] unknown = \"collect\")"
        )
    };
    Verdict::Flag {
        rule,
        outcome,
        message,
        new: Some(kept),
        missing: if collect { missing } else { Vec::new() },
    }
}

fn judge_single(
    column: &str,
    value: &str,
    codes: Option<&CodeSet>,
    list: &str,
    unknown: ValueOutcome,
    strip_prefix: bool,
) -> Verdict {
    let trimmed = value.trim();
    let bare = trimmed
        .get(..TITLE_PREFIX.len())
        .filter(|p| strip_prefix && p.eq_ignore_ascii_case(TITLE_PREFIX))
        .map(|_| trimmed[TITLE_PREFIX.len()..].trim())
        .filter(|rest| !rest.is_empty());
    let code = bare.unwrap_or(trimmed);
    let canonical = match codes {
        None => Some(code),
        Some(set) => set.find(code),
    };
    match (canonical, bare) {
        (Some(c), Some(_)) => Verdict::Repair(
            "title-prefix",
            c.to_string(),
            format!("'{value}': SecuTix wants the bare code without the {TITLE_PREFIX} prefix: written '{c}'"),
        ),
        (Some(c), None) => changed(value, c.to_string()),
        (None, _) => unknown_verdict(
            column,
            "unknown-code",
            unknown,
            format!(
                "'{code}' is not a {column} code of the institution ({list}: {})",
                codes.map(CodeSet::preview).unwrap_or_default()
            ),
            code.to_string(),
            vec![(code.to_string(), String::new())],
        ),
    }
}

/// What a `CODE=value` cell holds, with the institution's list (`None`: not configured).
#[derive(Debug, Clone)]
pub(super) enum CodeValueKind {
    /// ADMIN_NUMBER: `TYPE=number`.
    AdminNumber(Option<CodeSet>),
    /// CRITnn: `CODE=v1|v2`; shared by the 50 columns.
    Criterion(Option<Arc<Criteria>>),
}

impl CodeValueKind {
    fn what(&self) -> &'static str {
        match self {
            CodeValueKind::AdminNumber(_) => "administrative number type",
            CodeValueKind::Criterion(_) => "criterion code",
        }
    }

    fn example(&self) -> &'static str {
        match self {
            CodeValueKind::AdminNumber(_) => "SIRET=404 833 048 00022",
            CodeValueKind::Criterion(_) => "PREFCOL=Red|Green",
        }
    }

    /// The code set the code is checked against, and where it is configured.
    fn codes(&self) -> Option<(&CodeSet, &'static str)> {
        match self {
            CodeValueKind::AdminNumber(types) => types
                .as_ref()
                .map(|t| (t, "[institution] admin-number-types")),
            CodeValueKind::Criterion(c) => {
                c.as_deref().map(|c| (&c.codes, "[institution.criteria]"))
            }
        }
    }
}

fn judge_code_value(
    column: &str,
    value: &str,
    row: CodeRow<'_>,
    unknown: ValueOutcome,
    invalid: InvalidOutcome,
    kind: &CodeValueKind,
) -> Verdict {
    let judging = CodeJudging {
        column,
        value,
        unknown,
        invalid,
        kind,
    };
    if row.config_row {
        return judging.config_row(row);
    }
    let v = value.trim();
    let (written_code, rest) = match v.split_once('=') {
        Some((code, rest)) => (Some(code.trim()), rest.trim()),
        None => (None, v),
    };
    let (code, declared) = match written_code {
        Some("") => {
            return judging.malformed(format!(
                "'{value}' has no {} before '=' (write e.g. '{}')",
                kind.what(),
                kind.example()
            ))
        }
        Some(code) => (code.to_string(), false),
        None => match row.declared.as_ref() {
            Some(code) => (code.clone(), true),
            None => {
                return judging.malformed(format!(
                    "'{value}' has no {}: write e.g. '{}', or declare the code of {column} on a CONFIG row before ({})",
                    kind.what(),
                    kind.example(),
                    if row.seen_config {
                        "the last CONFIG row declared none for this column"
                    } else {
                        "no CONFIG row came before this one"
                    }
                ))
            }
        },
    };
    let write = |code: &str, rest: &str| match written_code {
        Some(_) => format!("{code}={rest}"),
        None => rest.to_string(),
    };
    let cell = CodeCell {
        code,
        declared,
        rest,
        write: &write,
    };
    match kind {
        CodeValueKind::AdminNumber(types) => judging.admin_number(types.as_ref(), cell),
        CodeValueKind::Criterion(criteria) => judging.criterion(criteria.as_deref(), cell),
    }
}

/// A code cell split up: its code (written, or declared by a CONFIG row), the rest after
/// `=`, and how to write the cell back (with the code only when it was written).
struct CodeCell<'a> {
    code: String,
    declared: bool,
    rest: &'a str,
    write: &'a dyn Fn(&str, &str) -> String,
}

/// What judging one code cell needs to know.
struct CodeJudging<'a> {
    column: &'a str,
    value: &'a str,
    unknown: ValueOutcome,
    invalid: InvalidOutcome,
    kind: &'a CodeValueKind,
}

impl CodeJudging<'_> {
    fn malformed(&self, message: String) -> Verdict {
        Verdict::Invalid("code-value", self.invalid, message)
    }

    fn unknown_code(
        &self,
        code: &str,
        declared: bool,
        missing: Vec<(String, String)>,
        kept: String,
    ) -> Verdict {
        let (column, kind) = (self.column, self.kind);
        let (set, list) = kind.codes().expect("only called with a configured list");
        unknown_verdict(
            column,
            "unknown-code",
            self.unknown,
            format!(
                "{} '{code}'{} is not in {list} ({})",
                kind.what(),
                if declared {
                    format!(" (declared for {column} by a CONFIG row)")
                } else {
                    String::new()
                },
                set.preview()
            ),
            kept,
            missing,
        )
    }

    /// A CONFIG row: a bare code declares the column's default code.
    fn config_row(&self, row: CodeRow<'_>) -> Verdict {
        let (column, value, kind) = (self.column, self.value, self.kind);
        let v = value.trim();
        if v.contains('=') {
            *row.declared = None;
            return self.malformed(format!(
                "'{value}': a CONFIG row declares the {} of {column} alone (e.g. '{}'), not a code=value pair",
                kind.what(),
                kind.example().split('=').next().unwrap_or_default()
            ));
        }
        let found = kind.codes().map(|(set, _)| set.find(v));
        match found {
            None => {
                *row.declared = Some(v.to_string());
                changed(value, v.to_string())
            }
            Some(Some(c)) => {
                *row.declared = Some(c.to_string());
                changed(value, c.to_string())
            }
            Some(None) => {
                // Kept as declared: the rows that rely on it get the same outcome.
                *row.declared = Some(v.to_string());
                self.unknown_code(
                    v,
                    false,
                    vec![(v.to_string(), String::new())],
                    v.to_string(),
                )
            }
        }
    }

    /// ADMIN_NUMBER: TYPE=number.
    fn admin_number(&self, types: Option<&CodeSet>, cell: CodeCell<'_>) -> Verdict {
        let (value, code, rest, write) = (self.value, &cell.code, cell.rest, cell.write);
        if rest.is_empty() {
            return self.malformed(format!("'{value}' has no number after '='"));
        }
        match types.map(|t| t.find(code)) {
            None => changed(value, write(code, rest)),
            Some(Some(c)) => changed(value, write(c, rest)),
            Some(None) => self.unknown_code(
                code,
                cell.declared,
                vec![(code.clone(), String::new())],
                write(code, rest),
            ),
        }
    }

    /// CRITnn: CODE=value1|value2, each value checked against the criterion's list.
    fn criterion(&self, criteria: Option<&Criteria>, cell: CodeCell<'_>) -> Verdict {
        let (column, value, kind, unknown) = (self.column, self.value, self.kind, self.unknown);
        let CodeCell {
            code,
            declared,
            rest,
            write,
        } = cell;
        let parts: Vec<&str> = rest.split('|').map(str::trim).collect();
        if parts.iter().any(|p| p.is_empty()) {
            return self.malformed(format!(
                "'{value}' has an empty criterion value (values are separated by '|', e.g. '{}')",
                kind.example()
            ));
        }
        let Some(criteria) = criteria else {
            return changed(value, write(&code, &parts.join("|")));
        };
        let Some(canonical) = criteria.codes.find(&code) else {
            let missing = parts
                .iter()
                .map(|p| (code.clone(), p.to_string()))
                .collect();
            return self.unknown_code(&code, declared, missing, write(&code, &parts.join("|")));
        };
        let allowed = criteria.values.get(canonical).and_then(Option::as_ref);
        let mut written = Vec::with_capacity(parts.len());
        let mut missing = Vec::new();
        for part in parts {
            match allowed.map(|a| a.find(part)) {
                None => written.push(part),
                Some(Some(c)) => written.push(c),
                Some(None) => {
                    written.push(part);
                    missing.push((canonical.to_string(), part.to_string()));
                }
            }
        }
        let new = write(canonical, &written.join("|"));
        if missing.is_empty() {
            return changed(value, new);
        }
        let names: Vec<String> = missing.iter().map(|(_, v)| format!("'{v}'")).collect();
        unknown_verdict(
            column,
            "unknown-value",
            unknown,
            format!(
                "{} {} not {} of criterion {canonical} ([institution.criteria] {canonical}: {})",
                names.join(", "),
                if names.len() == 1 { "is" } else { "are" },
                if names.len() == 1 {
                    "a value"
                } else {
                    "values"
                },
                allowed.map(CodeSet::preview).unwrap_or_default()
            ),
            new,
            missing,
        )
    }
}

/// One code (or criterion value) to create in SecuTix: a line of `missing-config.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingCode {
    /// SecuTix column, e.g. `TITLE`, `CRIT07`.
    pub column: String,
    /// The code (title, structure type, admin-number type, criterion code ...).
    pub code: String,
    /// The criterion value; empty for single-code columns, ADMIN_NUMBER types and a
    /// criterion code declared on a CONFIG row.
    pub value: String,
    /// How many cells held it.
    pub rows: u64,
    /// The first source row that held it.
    pub first_row: u64,
}

/// Collects the codes kept by `unknown = "collect"` over a run (see
/// `RuleFinding::missing`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingConfig {
    /// (column, code, value) → (rows, first row).
    entries: BTreeMap<(String, String, String), (u64, u64)>,
}

impl MissingConfig {
    /// Counts one cell of source row `src_row` that holds `code` (and criterion `value`).
    pub fn add(&mut self, column: &str, code: &str, value: &str, src_row: u64) {
        let entry = self
            .entries
            .entry((column.to_string(), code.to_string(), value.to_string()))
            .or_insert((0, src_row));
        entry.0 += 1;
        entry.1 = entry.1.min(src_row);
    }

    /// Adds every `(code, value)` pair of a finding's `missing` for its column.
    pub fn add_finding(&mut self, finding: &RuleFinding, src_row: u64) {
        for (code, value) in &finding.missing {
            self.add(&finding.column, code, value, src_row);
        }
    }

    /// Nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The codes, sorted by column name, code, then value.
    pub fn entries(&self) -> Vec<MissingCode> {
        self.entries
            .iter()
            .map(|((column, code, value), (rows, first_row))| MissingCode {
                column: column.clone(),
                code: code.clone(),
                value: value.clone(),
                rows: *rows,
                first_row: *first_row,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_config_counts_rows_keeps_the_first_row_and_sorts() {
        let mut m = MissingConfig::default();
        assert!(m.is_empty());
        m.add("TITLE", "DR", "", 12);
        m.add("CRIT07", "PREFCOL", "Blue", 30);
        m.add("TITLE", "DR", "", 5);
        m.add("CRIT07", "PREFCOL", "Amber", 40);
        m.add("TITLE", "DR", "", 90);
        m.add("ADMIN_NUMBER", "SIREN", "", 7);
        let got: Vec<(String, String, String, u64, u64)> = m
            .entries()
            .into_iter()
            .map(|e| (e.column, e.code, e.value, e.rows, e.first_row))
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                (s("ADMIN_NUMBER"), s("SIREN"), s(""), 1, 7),
                (s("CRIT07"), s("PREFCOL"), s("Amber"), 1, 40),
                (s("CRIT07"), s("PREFCOL"), s("Blue"), 1, 30),
                (s("TITLE"), s("DR"), s(""), 3, 5),
            ]
        );
    }

    #[test]
    fn missing_config_csv_bytes() {
        use crate::pipeline::write_missing_config;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-config.csv");
        let entries = vec![
            MissingCode {
                column: "CRIT07".into(),
                code: "PREFCOL".into(),
                value: "Red, dark".into(),
                rows: 2,
                first_row: 14,
            },
            MissingCode {
                column: "TITLE".into(),
                code: "DR".into(),
                value: String::new(),
                rows: 1,
                first_row: 3,
            },
        ];
        let written = write_missing_config(&path, &entries).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"column,code,value,rows,first_row\r\nCRIT07,PREFCOL,\"Red, dark\",2,14\r\nTITLE,DR,,1,3\r\n"
        );
        assert_eq!(written.rows, 2);
        assert_eq!(written.path, path);
        let empty = dir.path().join("empty.csv");
        write_missing_config(&empty, &[]).unwrap();
        assert_eq!(
            std::fs::read(&empty).unwrap(),
            b"column,code,value,rows,first_row\r\n"
        );
    }

    #[test]
    fn code_lists_are_checked() {
        let ok = InstitutionSpec {
            titles: Some(vec!["MR".into(), "MRS".into()]),
            criteria: Some(BTreeMap::from([
                ("PREFCOL".to_string(), vec!["Red".to_string()]),
                ("NOTE".to_string(), vec![]),
            ])),
            ..Default::default()
        };
        ok.check().unwrap();
        let bad = |lists: InstitutionSpec| lists.check().unwrap_err();
        let e = bad(InstitutionSpec {
            titles: Some(vec!["MR".into(), "MR".into()]),
            ..Default::default()
        });
        assert!(
            e.contains("[institution] titles") && e.contains("twice"),
            "{e}"
        );
        let e = bad(InstitutionSpec {
            departments: Some(vec![" 75".into()]),
            ..Default::default()
        });
        assert!(e.contains("[institution] departments"), "{e}");
        let e = bad(InstitutionSpec {
            criteria: Some(BTreeMap::from([(
                "PREFCOL".to_string(),
                vec!["Red|Green".to_string()],
            )])),
            ..Default::default()
        });
        assert!(e.contains("[institution.criteria] PREFCOL"), "{e}");
        let e = bad(InstitutionSpec {
            admin_number_types: Some(vec!["".into()]),
            ..Default::default()
        });
        assert!(e.contains("admin-number-types: an empty code"), "{e}");
    }

    #[test]
    fn code_sets_match_exactly_then_ignoring_case() {
        let set = CodeSet::new(&["MR".into(), "Red".into(), "RED".into()]);
        assert_eq!(set.find("MR"), Some("MR"));
        assert_eq!(set.find("mr"), Some("MR"));
        assert_eq!(set.find("RED"), Some("RED"));
        assert_eq!(set.find("Red"), Some("Red"));
        assert_eq!(set.find("red"), None, "ambiguous ignoring case");
        assert_eq!(set.find("MRS"), None);
        assert!(is_criterion("CRIT07") && !is_criterion("CRIT") && !is_criterion("CRITX"));
        assert_eq!(list_name("CRIT12").unwrap(), "[institution.criteria]");
        assert_eq!(
            list_name("DEPARTMENT").unwrap(),
            "[institution] departments"
        );
        assert_eq!(list_name("LASTNAME"), None);
    }
}
