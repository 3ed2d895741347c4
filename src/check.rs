//! `stx-migrate check <file>`: validates a contact file a customer already produced in the
//! SecuTix format (CSV with `,` `;` TAB or `|`, UTF-8 or UTF-16, or a spreadsheet).
//!
//! First the file as a whole: the row of column codes (row 4), every column of the profile in
//! its order, header rows 1–3 against the profile's templates, the encoding. Then every row
//! goes through the same rules as a migration run: the file's columns are mapped onto
//! themselves, so a value is judged exactly as if a migration had produced it. The outputs
//! are those of a run without contact files: `rejects.csv` (in the input's own columns,
//! delimiter and encoding), `warnings.csv`, `report.json` and `report.html`.

use std::collections::BTreeMap;
use std::path::Path;

use stx_connector_core::SourceSpec;
use stx_connector_files::{
    csv_head, CsvLayout, CsvOptions, EncodingChoice, XlsxOptions, XlsxSource,
};
use toml::Spanned;

use crate::format::FormatProfile;
use crate::migration::{Migration, MigrationFile};
use crate::pipeline::{self, load_profile, RunError, RunOptions, RunSummary};
use crate::report::{FileProblem, Severity};

/// Row of the file that holds the column codes (the row the importer reads).
pub const CODES_ROW: usize = 4;

/// A checked file: the run's summary and the problems of the file as a whole.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// Counts and files, as for a run (no contact file is written).
    pub summary: RunSummary,
    /// Header, column and encoding problems.
    pub problems: Vec<FileProblem>,
}

impl CheckedFile {
    /// Whether a problem makes the file unfit for import as it is.
    pub fn has_file_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Checks `path`. `config` brings the institution's code lists, `[rules]`, `[gate]` and the
/// profile (`[output] profile`, `header-rows`) of a migration file; its source and mapping are
/// not used.
pub async fn check_file(
    path: &Path,
    config: Option<Migration>,
    options: RunOptions,
) -> Result<CheckedFile, RunError> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if !path.is_file() {
        return Err(RunError::Source(stx_connector_core::SourceError::Open {
            connector: "check",
            location: path.display().to_string(),
            message: "no such file".into(),
            hint: Some("give the path of a SecuTix contact file (.csv or .xlsx)".into()),
        }));
    }
    let base = match config {
        Some(m) => m,
        None => bare_migration(&path)?,
    };
    let profile = load_profile(&base)?;
    let spreadsheet = crate::runs::reconcile::is_workbook(&path);
    let mut workbook = None;
    let (head, layout, table) = if spreadsheet {
        let (head, sheet, source) = spreadsheet_head(&path)?;
        workbook = Some(source);
        (head, None, sheet)
    } else {
        let options = CsvOptions {
            encoding: EncodingChoice::Auto,
            ..CsvOptions::default()
        };
        let (layout, head) = csv_head(&path, &options, CODES_ROW)?;
        let table = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("data")
            .to_string();
        (head, Some(layout), table)
    };
    let mut analysis = analyse_header(&profile, &head, layout.as_ref());
    if let Some(found) = layout.and_then(|l| quotes_in_tab_file(&path, &l)) {
        analysis.problems.push(found);
    }
    if let (Some(workbook), Some(codes_row)) = (&workbook, analysis.codes_row) {
        let codes = &head[codes_row - 1];
        analysis
            .problems
            .extend(number_cells(workbook, &table, codes_row, codes, &profile)?);
    }
    let Some(codes_row) = analysis.codes_row else {
        return Err(RunError::NotAContactFile {
            path,
            message: analysis
                .problems
                .first()
                .map(|p| p.message.clone())
                .unwrap_or_default(),
        });
    };
    let mut migration = base;
    migration.as_written = true;
    let file = &mut migration.file;
    file.migration.name = format!(
        "check {}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file")
    );
    file.source = SourceSpec {
        path: Some(path.clone()),
        kind: Some(if spreadsheet { "xlsx" } else { "csv" }.into()),
        ..SourceSpec::default()
    }
    .with("skip-rows", codes_row - 1)
    .with("sheet", spreadsheet.then(|| table.clone()))
    .with(
        "encoding",
        layout.map(|l| l.encoding.name().to_ascii_lowercase()),
    )
    .with(
        "delimiter",
        layout.map(|l| char::from(l.delimiter).to_string()),
    );
    file.read.table = Some(table);
    file.read.query = None;
    // `check` writes no contact file: what a workbook or a TAB file of ours could not hold is
    // no concern of a file SecuTix reads as it is.
    file.output.formats = vec![crate::migration::OutputFormat::Csv];
    file.output.delimiter = ",".into();
    file.read.key = analysis
        .mapped
        .iter()
        .any(|c| c == "CONTACT_NR")
        .then(|| "CONTACT_NR".to_string());
    // Every column of the file is mapped onto itself, so its values meet the rules as written.
    file.map = analysis
        .mapped
        .iter()
        .map(|code| {
            (
                code.clone(),
                Spanned::new(0..0, format!("\"{}\"", code.replace('"', "\"\""))),
            )
        })
        .collect::<BTreeMap<_, _>>();
    file.on_error.clear();
    let options = RunOptions {
        check_only: true,
        file_problems: analysis.problems.clone(),
        ..options
    };
    let summary = pipeline::run(migration, &options).await?;
    Ok(CheckedFile {
        problems: summary.file_problems.clone(),
        summary,
    })
}

/// Checks a migration: every rule of a run, no contact file written.
pub async fn check_migration(
    migration: Migration,
    options: RunOptions,
) -> Result<RunSummary, RunError> {
    let options = RunOptions {
        check_only: true,
        ..options
    };
    pipeline::run(migration, &options).await
}

/// Cells of text columns that the workbook stores as numbers or dates: a spreadsheet keeps no
/// leading zero or `+` of a number, so each such cell may have been changed (the values'
/// shapes tell more, see `quality::damage`).
fn number_cells(
    source: &XlsxSource,
    sheet: &str,
    codes_row: usize,
    codes: &[String],
    profile: &FormatProfile,
) -> Result<Vec<FileProblem>, RunError> {
    use crate::format::ColumnKind as K;
    let found = source.number_cells(sheet, codes_row)?;
    let mut problems = Vec::new();
    for (col, (count, first_row)) in found {
        let Some(code) = codes.get(col as usize).map(|c| c.trim()) else {
            continue;
        };
        let numeric = profile
            .column(code)
            .is_some_and(|c| matches!(c.kind, K::Number | K::Amount | K::Percentage));
        if numeric || profile.column(code).is_none() {
            continue;
        }
        problems.push(problem(
            Severity::Warning,
            Some(first_row as usize),
            Some(code),
            format!(
                "spreadsheet damage: {count} cell(s) of {code}, a text column, are stored as numbers or dates (first on row {first_row}): a spreadsheet drops leading zeros and '+', and writes dates its own way; format the column as text before saving"
            ),
        ));
    }
    Ok(problems)
}

/// Quote characters in a TAB-delimited file: the format asks for none there (SecuTix does
/// not unquote TAB files, so a quote is part of the value it imports).
fn quotes_in_tab_file(path: &Path, layout: &CsvLayout) -> Option<FileProblem> {
    if layout.delimiter != b'\t' {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = layout.encoding.decode(&bytes).0;
    let (line, _) = text.lines().enumerate().find(|(_, l)| l.contains('"'))?;
    let count = text.matches('"').count();
    Some(problem(
        Severity::Warning,
        Some(line + 1),
        None,
        format!(
            "{count} quote character(s) in a TAB-delimited file, the first on row {}: the format asks for no quotes with TAB, and SecuTix imports them as part of the value",
            line + 1
        ),
    ))
}

/// A migration with no institution lists and no rules, for a check without `--migration`.
fn bare_migration(path: &Path) -> Result<Migration, RunError> {
    // Parsed from text so that every default is the one a migration file gets.
    let text = "[migration]\nname = \"check\"\n[source]\ntype = \"csv\"\n[read]\ntable = \"t\"\n[institution]\ncode = \"-\"\n[map]\n";
    let file: MigrationFile = toml::from_str(text).map_err(|e| {
        RunError::Config(crate::migration::ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    })?;
    let mut file = file;
    // No institution is known: INSTITUTION is checked as written, not defaulted.
    file.institution.code = String::new();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Migration {
        file,
        path: path.to_path_buf(),
        dir,
        text: String::new(),
        sha256: String::new(),
        as_written: true,
    })
}

/// The first [`CODES_ROW`] rows of the first sheet of a workbook (empty rows included), the
/// sheet's name, and the workbook (opened once for every look at it).
fn spreadsheet_head(path: &Path) -> Result<(Vec<Vec<String>>, String, XlsxSource), RunError> {
    let source = XlsxSource::open(path, XlsxOptions::default())?;
    let sheet = source.sheet_names().first().cloned().ok_or_else(|| {
        RunError::Source(stx_connector_core::SourceError::Open {
            connector: "xlsx",
            location: path.display().to_string(),
            message: "the workbook has no worksheet".into(),
            hint: None,
        })
    })?;
    Ok((source.head(&sheet, CODES_ROW)?, sheet, source))
}

/// What the header rows say.
#[derive(Debug, Clone, PartialEq)]
struct HeaderAnalysis {
    /// Row (1-based) holding the column codes, if one does.
    codes_row: Option<usize>,
    /// Columns of the file that are columns of the profile (first occurrence), file order.
    mapped: Vec<String>,
    /// Problems found.
    problems: Vec<FileProblem>,
}

fn problem(
    severity: Severity,
    row: Option<usize>,
    column: Option<&str>,
    message: String,
) -> FileProblem {
    FileProblem {
        severity,
        row: row.map(|r| r as u64),
        column: column.map(String::from),
        message,
    }
}

/// A code written loosely (`Crit1`, `first name`, `E-Mail 1`) reduced to compare with codes.
fn loose(code: &str) -> String {
    let letters: String = code
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    // Crit1 → CRIT01: criteria are numbered on two digits.
    match letters.strip_prefix("CRIT") {
        Some(n) if !n.is_empty() && n.len() < 2 && n.chars().all(|c| c.is_ascii_digit()) => {
            format!("CRIT0{n}")
        }
        _ => letters,
    }
}

/// The codes row itself: empty, repeated, unknown and missing codes, and the template's
/// order. Returns the file's known codes, in file order.
fn check_codes(
    profile: &FormatProfile,
    file_codes: &[String],
    codes_row: usize,
    problems: &mut Vec<FileProblem>,
) -> Vec<String> {
    let codes = profile.codes();
    let mut mapped: Vec<String> = Vec::new();
    for (i, code) in file_codes.iter().enumerate() {
        let position = format!("column {} ('{code}')", i + 1);
        if code.is_empty() {
            problems.push(problem(
                Severity::Error,
                Some(codes_row),
                Some(&(i + 1).to_string()),
                format!("column {} has no code", i + 1),
            ));
        } else if codes.contains(&code.as_str()) {
            if mapped.contains(code) {
                problems.push(problem(
                    Severity::Error,
                    Some(codes_row),
                    Some(code),
                    format!("{position} appears twice; only the first is checked"),
                ));
            } else {
                mapped.push(code.clone());
            }
        } else {
            let suggestion = codes.iter().find(|c| loose(c) == loose(code));
            problems.push(problem(
                Severity::Error,
                Some(codes_row),
                Some(code),
                format!(
                    "{position} is not a column of the {} format{}",
                    profile.name(),
                    suggestion
                        .map(|s| format!("; did you mean {s}?"))
                        .unwrap_or_else(|| "; `stx-migrate columns` lists them".into())
                ),
            ));
        }
    }
    let missing: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|c| !mapped.iter().any(|m| m == c))
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().copied().take(10).collect();
        problems.push(problem(
            Severity::Error,
            Some(codes_row),
            None,
            format!(
                "{} column{} of the template {} missing: {}{}; SecuTix asks for every column of the template, even empty ones",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "is" } else { "are" },
                shown.join(", "),
                if missing.len() > shown.len() {
                    format!(" and {} more", missing.len() - shown.len())
                } else {
                    String::new()
                }
            ),
        ));
    }
    // Order: the file's known columns must come in the profile's order.
    let expected: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|c| mapped.iter().any(|m| m == c))
        .collect();
    if let Some(k) = (0..expected.len()).find(|&k| mapped[k] != expected[k]) {
        let found = &mapped[k];
        let column = file_codes.iter().position(|c| c == found).unwrap_or(k) + 1;
        problems.push(problem(
            Severity::Error,
            Some(codes_row),
            Some(found),
            format!(
                "column {column} is {found} where the template has {}: SecuTix requires the template's column order",
                expected[k]
            ),
        ));
    }
    mapped
}

/// Header rows 1–3 against the profile's templates, cell by cell: a warning per row that
/// differs.
fn check_header_rows(
    profile: &FormatProfile,
    head: &[Vec<String>],
    file_codes: &[String],
    problems: &mut Vec<FileProblem>,
) {
    let templates = profile.header_rows();
    for (r, row) in head.iter().take(CODES_ROW - 1).enumerate() {
        let mut differing = Vec::new();
        for (i, code) in file_codes.iter().enumerate() {
            let Some(p) = profile.position(code) else {
                continue;
            };
            let found = row.get(i).map(|s| s.trim()).unwrap_or("");
            let wanted = templates[r][p].trim();
            if found != wanted {
                differing.push((code.as_str(), found, wanted));
            }
        }
        if let Some((code, found, wanted)) = differing.first() {
            problems.push(problem(
                Severity::Warning,
                Some(r + 1),
                Some(code),
                format!(
                    "header row {} differs from the profile in {} of {} columns, first {code}: '{found}' where the profile has '{wanted}'. The importer reads row {CODES_ROW} only; if the file follows SecuTix's own template, give its rows in [output] header-rows",
                    r + 1,
                    differing.len(),
                    file_codes.len()
                ),
            ));
        }
    }
}

fn analyse_header(
    profile: &FormatProfile,
    head: &[Vec<String>],
    layout: Option<&CsvLayout>,
) -> HeaderAnalysis {
    let codes = profile.codes();
    let mut problems = Vec::new();
    if let Some(layout) = layout {
        let e = layout.encoding;
        if e != encoding_rs::UTF_8 && e != encoding_rs::UTF_16LE && e != encoding_rs::UTF_16BE {
            problems.push(problem(
                Severity::Error,
                None,
                None,
                format!(
                    "the file is encoded in {}; SecuTix reads UTF-8 or UTF-16: save it as UTF-8 (its rows were checked as decoded from {})",
                    e.name(),
                    e.name()
                ),
            ));
        }
        if layout.bom && e == encoding_rs::UTF_8 {
            problems.push(problem(
                Severity::Warning,
                None,
                None,
                "the file starts with a UTF-8 byte-order mark, which the format does not ask for: SecuTix may read it as part of the first code (INSTITUTION); save it as UTF-8 without BOM".into(),
            ));
        }
    }
    let score = |row: &Vec<String>| row.iter().filter(|c| codes.contains(&c.trim())).count();
    // The codes row is the row with most codes; row 4 wins a tie, then the earliest.
    let best = (0..head.len())
        .map(|i| (score(&head[i]), i == CODES_ROW - 1, usize::MAX - i))
        .enumerate()
        .max_by_key(|(_, key)| *key)
        .filter(|(_, (s, _, _))| *s > 0)
        .map(|(i, _)| i);
    let Some(best) = best else {
        let first = head
            .first()
            .map(|r| r.iter().take(5).cloned().collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        problems.insert(
            0,
            problem(
                Severity::Error,
                None,
                None,
                format!(
                    "no row among the first {} holds SecuTix column codes (INSTITUTION, OPERATION, CONTACT_NR ...); the file starts with: {first}. A SecuTix contact file has 3 header rows, then the codes on row 4",
                    head.len().min(CODES_ROW)
                ),
            ),
        );
        return HeaderAnalysis {
            codes_row: None,
            mapped: Vec::new(),
            problems,
        };
    };
    let codes_row = best + 1;
    if codes_row != CODES_ROW {
        problems.push(problem(
            Severity::Error,
            Some(codes_row),
            None,
            format!(
                "the column codes are on row {codes_row}; SecuTix reads them on row {CODES_ROW}: keep the template's 3 header rows above them (rows were checked from row {})",
                codes_row + 1
            ),
        ));
    }
    let file_codes: Vec<String> = head[best].iter().map(|c| c.trim().to_string()).collect();
    let mapped = check_codes(profile, &file_codes, codes_row, &mut problems);
    // Rows 1–3 against the profile's templates, when they sit where SecuTix expects them.
    if codes_row == CODES_ROW {
        check_header_rows(profile, head, &file_codes, &mut problems);
    }
    HeaderAnalysis {
        codes_row: Some(codes_row),
        mapped,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> FormatProfile {
        FormatProfile::from_toml_str(
            &crate::format::test_profile(
                r#"
[[column]]
code = "INSTITUTION"
section = "Global"
label = "Institution"
type = "code"
mandatory = "yes"
[[column]]
code = "CONTACT_NR"
section = "Contact"
label = "Contact number"
type = "text"
max-length = 20
mandatory = "conditional"
[[column]]
code = "CRIT01"
section = "Criterion"
label = "Criterion 1"
type = "code-value"
mandatory = "no"
"#,
            ),
            "test",
        )
        .unwrap()
    }

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn messages(a: &HeaderAnalysis) -> Vec<String> {
        a.problems
            .iter()
            .map(|p| format!("{:?} {:?}: {}", p.severity, p.row, p.message))
            .collect()
    }

    #[test]
    fn a_file_with_the_profile_header_has_no_problem() {
        let p = profile();
        let [r1, r2, r3, r4] = p.header_rows();
        let a = analyse_header(&p, &[r1, r2, r3, r4], None);
        assert_eq!(a.codes_row, Some(4));
        assert_eq!(a.mapped, vec!["INSTITUTION", "CONTACT_NR", "CRIT01"]);
        assert!(a.problems.is_empty(), "{:?}", messages(&a));
    }

    #[test]
    fn codes_on_row_one_missing_renamed_and_reordered_columns() {
        let p = profile();
        let a = analyse_header(
            &p,
            &rows(&[&["CONTACT_NR", "Crit1", "INSTITUTION"], &["1", "x", "DEMO"]]),
            None,
        );
        assert_eq!(a.codes_row, Some(1));
        let m = messages(&a);
        assert!(
            m[0].contains("codes are on row 1; SecuTix reads them on row 4"),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|x| x.contains("column 2 ('Crit1') is not a column")
                    && x.contains("did you mean CRIT01?")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|x| x.contains("1 column of the template is missing: CRIT01")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|x| x.contains("column 1 is CONTACT_NR where the template has INSTITUTION")),
            "{m:?}"
        );
        assert_eq!(a.mapped, vec!["CONTACT_NR", "INSTITUTION"]);
    }

    #[test]
    fn changed_header_rows_warn_and_legacy_encodings_are_errors() {
        let p = profile();
        let [r1, mut r2, r3, r4] = p.header_rows();
        r2[1] = "Numéro".into();
        let layout = CsvLayout {
            encoding: encoding_rs::WINDOWS_1252,
            bom: false,
            delimiter: b';',
            quote: b'"',
        };
        let a = analyse_header(&p, &[r1, r2, r3, r4], Some(&layout));
        let m = messages(&a);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m[0].starts_with("Error None: the file is encoded in windows-1252"),
            "{m:?}"
        );
        assert!(m[1].starts_with("Warning Some(2): header row 2 differs from the profile in 1 of 3 columns, first CONTACT_NR: 'Numéro' where the profile has 'Contact number'"), "{m:?}");
    }

    #[test]
    fn a_file_without_codes_is_not_a_contact_file() {
        let a = analyse_header(
            &profile(),
            &rows(&[&["name", "city"], &["Zoé", "Genève"]]),
            None,
        );
        assert_eq!(a.codes_row, None);
        assert!(messages(&a)[0].contains("the file starts with: name, city"));
    }

    #[test]
    fn loose_codes() {
        assert_eq!(loose("Crit1"), "CRIT01");
        assert_eq!(loose("crit12"), "CRIT12");
        assert_eq!(loose("E-Mail 1"), "EMAIL1");
        assert_eq!(loose("first_name"), "FIRSTNAME");
    }
}
