//! The compiled form of a migration: one final text expression per SecuTix column, and the
//! checks (function failures and format rules) evaluated over whole batches.

use polars::prelude::*;
use stx_connector_core::SOURCE_ROW_COLUMN;

use crate::format::{ColumnKind, ColumnSpec, FormatProfile, Mandatory};
use crate::mapping::{compile_expression, null_literal, output_dtype, Lookups, OnError};
use crate::migration::{Migration, OutputFormat, OutputSpec};
use crate::quality::rules::QualityRules;
use crate::report::Outcome;

/// Column of evaluated batches holding the source key as text.
pub const KEY_COLUMN: &str = "_key";

/// A mapping expression that does not compile, located in the migration file.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: [map] {column} = \"{expression}\": {message}")]
pub struct MappingError {
    /// Migration file.
    pub path: std::path::PathBuf,
    /// Line of the mapping entry.
    pub line: usize,
    /// SecuTix column being mapped.
    pub column: String,
    /// The expression as written.
    pub expression: String,
    /// What is wrong, with a hint.
    pub message: String,
}

/// A check of the plan with the column it belongs to and what failure does.
#[derive(Clone)]
pub struct PlannedCheck {
    /// Rule or function name (`date`, `lookup`, `max-length`, `names-required` ...).
    pub rule: String,
    /// SecuTix column concerned.
    pub column: String,
    /// What a failing row gets: `Reject` (the row), `Drop` (the field) or `Keep` (the value
    /// stays, with a warning).
    pub outcome: Outcome,
    /// True on failing rows.
    pub failed: Expr,
    /// Offending value as text.
    pub value: Expr,
    /// Message template (`{value}` is replaced).
    pub message: String,
}

/// Names of the columns that hold check `i`'s failure mask and offending value in an
/// evaluated batch: `_m{i}`/`_mv{i}` for mapping checks (`prefix` 'm'), `_f{i}`/`_fv{i}` for
/// format checks ('f').
pub(super) fn check_columns(prefix: char, i: usize) -> (String, String) {
    (format!("_{prefix}{i}"), format!("_{prefix}v{i}"))
}

/// The mask and value expressions of `checks`, named by [`check_columns`].
pub(super) fn check_exprs(checks: &[PlannedCheck], prefix: char) -> Vec<Expr> {
    let mut exprs = Vec::with_capacity(2 * checks.len());
    for (i, check) in checks.iter().enumerate() {
        let (mask, value) = check_columns(prefix, i);
        exprs.push(check.failed.clone().fill_null(lit(false)).alias(mask));
        exprs.push(check.value.clone().cast(DataType::String).alias(value));
    }
    exprs
}

/// A migration compiled against a source schema and a format profile.
pub struct MigrationPlan {
    /// Final expressions, in profile order: every one yields text or null.
    pub(super) outputs: Vec<(String, Expr)>,
    /// Checks of the mapping functions (over source columns).
    pub mapping_checks: Vec<PlannedCheck>,
    /// Checks of the format rules (over the SecuTix columns).
    pub format_checks: Vec<PlannedCheck>,
    /// Value rules of the format (normalise, repair, truncate, drop, reject), run between the
    /// mapping and the format checks.
    pub quality: QualityRules,
    /// Key column of the source, if declared.
    pub key: Option<String>,
    /// SecuTix columns in profile order.
    pub codes: Vec<String>,
    /// The SecuTix columns the migration fills (mapped or defaulted): the others are empty
    /// on every row.
    pub live: Vec<String>,
    /// Defaults of the format profile (`TITLE = UNDEFINED`, `ORGANIZATION = *` …), filled
    /// into empty cells of INSERT rows only: on UPDATE and CONFIG rows an empty cell means
    /// "leave unchanged", and a default would overwrite the stored value.
    pub(super) insert_defaults: Vec<(String, String)>,
    /// `check` of a file: a rejected row's warnings are listed too (the customer fixes the
    /// row once, for every problem).
    pub(super) warnings_of_rejects: bool,
    /// Spreadsheet damage of the values as mapped (before the value rules), empty.
    pub(super) damage: crate::quality::damage::DamageFinder,
}

impl MigrationPlan {
    /// Compiles every `[map]` entry and derives the format rules from the profile.
    pub fn build(
        migration: &Migration,
        profile: &FormatProfile,
        schema: &Schema,
        lookups: &Lookups,
    ) -> Result<MigrationPlan, MappingError> {
        let file = &migration.file;
        let codes: Vec<String> = profile.columns().iter().map(|c| c.code.clone()).collect();
        for (column, expression) in &file.map {
            if profile.column(column).is_none() {
                let similar: Vec<&str> = codes
                    .iter()
                    .map(String::as_str)
                    .filter(|c| {
                        c.replace('_', "")
                            .eq_ignore_ascii_case(&column.replace('_', ""))
                            || c.starts_with(&column.to_uppercase())
                    })
                    .collect();
                return Err(MappingError {
                    path: migration.path.clone(),
                    line: migration.line_of(expression.span().start),
                    column: column.clone(),
                    expression: expression.get_ref().clone(),
                    message: format!(
                        "'{column}' is not a column of the {} format{}",
                        profile.name(),
                        if similar.is_empty() {
                            "; `stx-migrate columns` lists them".to_string()
                        } else {
                            format!("; did you mean {}?", similar.join(" or "))
                        }
                    ),
                });
            }
        }
        if let Some(key) = &file.read.key {
            if !schema.contains(key) {
                let names: Vec<&str> = schema
                    .iter_names()
                    .map(|n| n.as_str())
                    .filter(|n| *n != SOURCE_ROW_COLUMN)
                    .collect();
                return Err(MappingError {
                    path: migration.path.clone(),
                    line: 0,
                    column: "[read] key".into(),
                    expression: key.clone(),
                    message: format!(
                        "the source has no column '{key}' (columns: {})",
                        names.join(", ")
                    ),
                });
            }
        }
        let mut outputs = Vec::with_capacity(profile.columns().len());
        let mut mapping_checks = Vec::new();
        let mut insert_defaults = Vec::new();
        for spec in profile.columns() {
            let default = match default_for(spec, migration) {
                Some(ColumnDefault::InsertRows(d)) => {
                    insert_defaults.push((spec.code.clone(), d));
                    None
                }
                Some(ColumnDefault::AllRows(d)) => Some(d),
                None => None,
            };
            let value = match file.map.get(&spec.code) {
                Some(expression) => {
                    let located = |message: String| MappingError {
                        path: migration.path.clone(),
                        line: migration.line_of(expression.span().start),
                        column: spec.code.clone(),
                        expression: expression.get_ref().clone(),
                        message,
                    };
                    let compiled = compile_expression(expression.get_ref(), schema, lookups)
                        .map_err(|e| located(e.message))?;
                    let dtype =
                        output_dtype(&compiled.expr, schema).map_err(|e| located(e.message))?;
                    let on_error = file
                        .on_error
                        .get(&spec.code)
                        .map(|s| *s.get_ref())
                        .unwrap_or(OnError::Reject);
                    let mut value = to_text(compiled.expr, &dtype, spec.kind);
                    for check in compiled.checks {
                        if on_error == OnError::Drop {
                            value = when(check.failed.clone())
                                .then(null_literal())
                                .otherwise(value);
                        }
                        mapping_checks.push(PlannedCheck {
                            rule: check.rule,
                            column: spec.code.clone(),
                            outcome: match on_error {
                                OnError::Reject => Outcome::Reject,
                                OnError::Drop => Outcome::Drop,
                            },
                            failed: check.failed,
                            value: check.value,
                            message: check.message,
                        });
                    }
                    match default {
                        Some(d) => value.fill_null(lit(d)),
                        None => value,
                    }
                }
                None => match default {
                    Some(d) => lit(d),
                    None => null_literal(),
                },
            };
            outputs.push((spec.code.clone(), value));
        }
        // A column that is neither mapped nor defaulted is empty on every row: its rules
        // cannot fail, so they are not evaluated.
        let live: Vec<&str> = profile
            .columns()
            .iter()
            .filter(|c| file.map.contains_key(&c.code) || default_for(c, migration).is_some())
            .map(|c| c.code.as_str())
            .collect();
        let mut format_checks = format_rules(profile, &live, &file.institution.code);
        format_checks.extend(output_rules(profile, &live, &file.output));
        let quality = quality_rules(migration, profile, &live)?;
        Ok(MigrationPlan {
            outputs,
            quality,
            mapping_checks,
            format_checks,
            key: file.read.key.clone(),
            codes,
            live: live.iter().map(|c| c.to_string()).collect(),
            insert_defaults,
            warnings_of_rejects: migration.as_written,
            damage: crate::quality::damage::DamageFinder::new(
                profile,
                file.institution.country.clone(),
            ),
        })
    }
}

/// The value rules of the columns the migration fills, with `[rules]`; an error names the
/// `[rules.X]` section's line.
fn quality_rules(
    migration: &Migration,
    profile: &FormatProfile,
    live: &[&str],
) -> Result<QualityRules, MappingError> {
    let file = &migration.file;
    let rule_config = file
        .rules
        .iter()
        .map(|(k, v)| (k.clone(), v.get_ref().clone()))
        .collect();
    QualityRules::build(
        profile,
        live,
        &rule_config,
        file.institution.country.as_deref(),
        &file.institution,
    )
    .map(|rules| {
        if migration.as_written {
            rules.as_written()
        } else {
            rules
        }
    })
    .map_err(|message| {
        let line = file
            .rules
            .iter()
            .find(|(k, _)| message.contains(&format!("[rules.{k}]")))
            .map(|(_, v)| migration.line_of(v.span().start))
            .unwrap_or(0);
        MappingError {
            path: migration.path.clone(),
            line,
            column: "[rules]".into(),
            expression: String::new(),
            message,
        }
    })
}

/// A value written when the mapping gives nothing, and the rows it is written on.
enum ColumnDefault {
    /// Every row: the migration's own institution and organisation, and OPERATION (empty
    /// means INSERT).
    AllRows(String),
    /// INSERT rows only: the format profile's defaults.
    InsertRows(String),
}

fn default_for(spec: &ColumnSpec, migration: &Migration) -> Option<ColumnDefault> {
    let institution = &migration.file.institution;
    // `check` of a file judges what SecuTix will read: the migration fills nothing in.
    let own = |value: Option<String>| value.filter(|_| !migration.as_written);
    match spec.code.as_str() {
        // Empty under `check` without a migration: the file's own values are checked.
        "INSTITUTION" => own(Some(institution.code.clone()))
            .filter(|c| !c.is_empty())
            .map(ColumnDefault::AllRows),
        "ORGANIZATION" => match own(institution.organization.clone()) {
            Some(o) => Some(ColumnDefault::AllRows(o)),
            None => spec.default.clone().map(ColumnDefault::InsertRows),
        },
        OPERATION => spec.default.clone().map(ColumnDefault::AllRows),
        _ => spec.default.clone().map(ColumnDefault::InsertRows),
    }
}

/// The column that says what SecuTix does with a row.
pub const OPERATION: &str = "OPERATION";

/// Turns a mapped value into the text SecuTix expects for the column's type: dates as
/// dd.mm.yyyy (the only format every SecuTix page accepts), booleans as TRUE/FALSE, numbers
/// without decoration; blank text becomes an empty cell.
fn to_text(expr: Expr, dtype: &DataType, kind: ColumnKind) -> Expr {
    match dtype {
        DataType::Date => expr.dt().strftime("%d.%m.%Y"),
        DataType::Datetime(_, _) => {
            if kind == ColumnKind::Date {
                expr.dt().strftime("%d.%m.%Y")
            } else {
                expr.dt().strftime("%d.%m.%Y %H:%M:%S")
            }
        }
        DataType::Boolean => when(expr.clone().is_null())
            .then(null_literal())
            .when(expr)
            .then(lit("TRUE"))
            .otherwise(lit("FALSE")),
        DataType::Null => null_literal(),
        DataType::String => when(expr.clone().str().strip_chars(lit(NULL)).eq(lit("")))
            .then(null_literal())
            .otherwise(expr),
        _ => expr.cast(DataType::String),
    }
}

/// Values a spreadsheet would run as a formula (see [`crate::writers::formula_like`]), as a
/// regular expression over a cell; exactly `=` (SecuTix's "erase this field") is not one.
pub(super) const FORMULA_LIKE_PATTERN: &str = r"(?s)^(?:=.|[@\t\r]|[+-].*[^0-9 .,/()\-])";

/// What the chosen output files cannot hold, found as row rejects before any row is written
/// (the writers would otherwise stop the run on the first such value): TAB, CR or LF in a
/// TAB-delimited CSV (SecuTix forbids quoting there), and more characters than an Excel cell
/// holds in a workbook. Values of the CSV file that a spreadsheet would run as a formula are
/// kept (SecuTix reads them as text) with a warning.
fn output_rules(profile: &FormatProfile, live: &[&str], output: &OutputSpec) -> Vec<PlannedCheck> {
    let csv = output.formats.contains(&OutputFormat::Csv);
    let tab_csv = csv && output.delimiter == "\t";
    let xlsx = output.formats.contains(&OutputFormat::Xlsx);
    let mut checks = Vec::new();
    for spec in profile
        .columns()
        .iter()
        .filter(|c| live.contains(&c.code.as_str()))
    {
        let c = || col(spec.code.as_str());
        if tab_csv {
            checks.push(PlannedCheck {
                rule: "tab-file".into(),
                column: spec.code.clone(),
                outcome: Outcome::Reject,
                failed: c().str().contains(lit("[\t\r\n]"), false),
                value: c(),
                message: "the value holds a TAB or a line break, which a TAB-delimited file cannot hold (SecuTix forbids quotes with TAB): replace them in the mapping (regexp_replace(x, '[\t\r\n]', ' ')) or choose another delimiter".into(),
            });
        }
        let fits_a_cell = spec
            .max_length
            .is_some_and(|max| max <= crate::writers::EXCEL_MAX_STRING_CHARS);
        if csv {
            checks.push(PlannedCheck {
                rule: "formula-like".into(),
                column: spec.code.clone(),
                outcome: Outcome::Keep,
                failed: c().str().contains(lit(FORMULA_LIKE_PATTERN), false),
                value: c(),
                message: "the value starts like a spreadsheet formula; SecuTix imports it as text, but a spreadsheet opening the CSV file would run it: kept as is, check that it is meant ({value})".into(),
            });
        }
        if xlsx && !fits_a_cell {
            checks.push(PlannedCheck {
                rule: "excel-cell-limit".into(),
                column: spec.code.clone(),
                outcome: Outcome::Reject,
                failed: c()
                    .str()
                    .len_chars()
                    .gt(lit(crate::writers::EXCEL_MAX_STRING_CHARS as u32)),
                value: c(),
                message: format!(
                    "the value is longer than the {} characters an Excel cell holds: write CSV only ([output] formats) or cut it in the mapping",
                    crate::writers::EXCEL_MAX_STRING_CHARS
                ),
            });
        }
    }
    checks
}

/// The rules of the format that hold for every row, whatever the mapping: lengths, allowed
/// values, the name rule for creation, contact-number form, boolean and date forms.
fn format_rules(profile: &FormatProfile, live: &[&str], institution: &str) -> Vec<PlannedCheck> {
    let mut checks = Vec::new();
    let reject = reject_check;
    let has = |code: &str| profile.column(code).is_some();
    // Rows that create a contact (OPERATION empty or INSERT; the rules have upper-cased it).
    let creates = if has(OPERATION) {
        col(OPERATION)
            .is_null()
            .or(col(OPERATION).eq(lit("INSERT")))
    } else {
        lit(true)
    };
    for spec in profile
        .columns()
        .iter()
        .filter(|c| live.contains(&c.code.as_str()))
    {
        let c = || col(spec.code.as_str());
        if spec.mandatory == Mandatory::Yes {
            // A column the profile defaults is filled on INSERT rows; on UPDATE and CONFIG
            // rows its empty cell means "leave unchanged".
            let empty = if spec.default.is_some() && spec.code != OPERATION {
                c().is_null().and(creates.clone())
            } else {
                c().is_null()
            };
            checks.push(reject(
                "mandatory",
                &spec.code,
                empty,
                lit(""),
                format!("{} is mandatory and empty", spec.code),
            ));
        }
        if spec.code == "INSTITUTION" && !institution.is_empty() {
            checks.push(reject(
                "institution",
                &spec.code,
                c().is_not_null().and(c().neq(lit(institution.to_string()))),
                c(),
                format!("'{{value}}' is not the migration's institution {institution}; a file imports into one institution"),
            ));
        }
        if let Some(max) = spec.max_length {
            checks.push(reject(
                "max-length",
                &spec.code,
                c().str().len_chars().gt(lit(max as u32)),
                c(),
                format!(
                    "'{{value}}' is longer than the {max} characters {} allows",
                    spec.code
                ),
            ));
        }
        if !spec.values.is_empty() {
            let mut allowed = lit(false);
            for v in &spec.values {
                allowed = allowed.or(c().eq(lit(v.clone())));
            }
            checks.push(reject(
                "allowed-values",
                &spec.code,
                c().is_not_null().and(allowed.not()),
                c(),
                format!(
                    "'{{value}}' is not one of {} for {}",
                    spec.values.join(", "),
                    spec.code
                ),
            ));
        }
        match spec.kind {
            ColumnKind::Boolean => checks.push(reject(
                "boolean",
                &spec.code,
                c().is_not_null()
                    .and(c().neq(lit("TRUE")))
                    .and(c().neq(lit("FALSE")))
                    .and(c().neq(lit("="))),
                c(),
                format!(
                    "'{{value}}' is not TRUE or FALSE ({}); map it with CASE or lookup()",
                    spec.code
                ),
            )),
            ColumnKind::Date => checks.push(reject(
                "date-format",
                &spec.code,
                c().is_not_null().and(c().neq(lit("="))).and(
                    c().str()
                        .contains(lit(r"^\d{2}\.\d{2}\.\d{4}$"), true)
                        .not(),
                ),
                c(),
                format!(
                    "'{{value}}' is not a date dd.mm.yyyy ({}); map it with date(x, 'format')",
                    spec.code
                ),
            )),
            _ => {}
        }
    }
    checks.extend(row_rules(profile, live, creates));
    checks
}

/// The rules that read several columns of a row: contact numbers, names on new contacts,
/// erase markers where none is allowed, the town's combined length. `creates` marks the rows
/// that create a contact.
fn row_rules(profile: &FormatProfile, live: &[&str], creates: Expr) -> Vec<PlannedCheck> {
    let mut checks = Vec::new();
    let reject = reject_check;
    let has = |code: &str| profile.column(code).is_some();
    if has("CONTACT_NR") {
        let nr = || col("CONTACT_NR");
        checks.push(reject(
            "contact-number",
            "CONTACT_NR",
            nr().is_not_null().and(nr().str().contains(lit("^[0-9]+$"), true).not()),
            nr(),
            "'{value}' is not a valid CONTACT_NR: digits only (leading zeros kept), no letters, '-', '_' or '.'".into(),
        ));
        if has("OPERATION") {
            let op = || col("OPERATION");
            // CONFIG rows are configuration lines, not contacts: no number.
            checks.push(reject(
                "contact-number-required",
                "CONTACT_NR",
                nr().is_null()
                    .and(op().is_not_null())
                    .and(op().neq(lit("INSERT")))
                    .and(op().neq(lit("CONFIG"))),
                op(),
                "operation {value} needs a CONTACT_NR".into(),
            ));
        }
    }
    if has("FIRSTNAME") && has("LASTNAME") && has("OFFICIAL_NAME") {
        // `=` erases a stored value; on a new contact it is no name at all.
        let no_name = |c: &str| col(c).is_null().or(col(c).eq(lit(ERASE)));
        checks.push(reject(
            "names-required",
            "FIRSTNAME",
            creates
                .and(no_name("FIRSTNAME"))
                .and(no_name("LASTNAME"))
                .and(no_name("OFFICIAL_NAME")),
            lit(""),
            "no FIRSTNAME, LASTNAME or OFFICIAL_NAME (an erase marker '=' is none): SecuTix cannot create a contact without a name".into(),
        ));
    }
    for code in ["INSTITUTION", "ORGANIZATION"] {
        if live.contains(&code) {
            checks.push(reject(
                "erase-not-allowed",
                code,
                col(code).eq(lit(ERASE)),
                col(code),
                format!("{code} cannot be erased ('='): every row belongs to an institution and an organisation"),
            ));
        }
    }
    if live.contains(&"TOWN") && live.contains(&"TOWN_COMPLEMENT") {
        let chars = |c: &str| col(c).str().len_chars().fill_null(lit(0u32));
        checks.push(reject(
            "town-length",
            "TOWN",
            (chars("TOWN") + chars("TOWN_COMPLEMENT")).gt_eq(lit(TOWN_CHARS)),
            concat_str([col("TOWN").fill_null(lit("")), col("TOWN_COMPLEMENT").fill_null(lit(""))], " + ", false),
            format!("TOWN and TOWN_COMPLEMENT together must stay below {TOWN_CHARS} characters: '{{value}}'"),
        ));
    }
    checks
}

/// A check that rejects the rows where `failed` holds.
fn reject_check(
    rule: &str,
    column: &str,
    failed: Expr,
    value: Expr,
    message: String,
) -> PlannedCheck {
    PlannedCheck {
        rule: rule.into(),
        column: column.into(),
        outcome: Outcome::Reject,
        failed,
        value,
        message,
    }
}

/// SecuTix's erase marker: the stored value is emptied.
pub(super) const ERASE: &str = "=";

/// TOWN and TOWN_COMPLEMENT together stay below this many characters ([EXT]).
const TOWN_CHARS: u32 = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_pattern_agrees_with_the_writers_test_except_for_the_erase_marker() {
        let values = [
            "=HYPERLINK(\"x\")",
            "=cmd|' /C calc'!A0",
            "@SUM(A1)",
            "+1+1",
            "-2+3",
            "\tx",
            "\r\n=1",
            "=",
            "+41 22 345 67 89",
            "+33 (0)7 18 60 73 47",
            "-12.5",
            "-",
            "Müller",
            "",
            "a=b",
        ];
        let column = Column::new("v".into(), values);
        let frame = DataFrame::new(values.len(), vec![column]).unwrap();
        let flagged = frame
            .lazy()
            .select([col("v")
                .str()
                .contains(lit(FORMULA_LIKE_PATTERN), false)
                .alias("f")])
            .collect()
            .unwrap();
        let flagged: Vec<bool> = flagged
            .column("f")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .map(|f| f == Some(true))
            .collect();
        for (value, flagged) in values.into_iter().zip(flagged) {
            let expected = crate::writers::formula_like(value) && value != "=";
            assert_eq!(flagged, expected, "{value:?}");
        }
    }
}
