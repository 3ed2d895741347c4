//! The mapping engine: each SecuTix column gets an SQL-style expression over source columns,
//! compiled once into a polars expression and applied to whole columns of every batch.
//!
//! Expressions are parsed with `sqlparser` and translated here, so that errors name the
//! mapping line, the unknown column or function, and the domain functions (`date`, `lookup`,
//! `title_case` ...) behave exactly as documented in `reference.toml`. Every function that can
//! fail on a value (a date that matches no format, a code missing from a lookup table) adds a
//! [`Check`]: a boolean column that marks the failing rows, so the pipeline can reject the row
//! or drop the field, with the original value in the message.

mod compile;
mod functions;

use std::collections::BTreeMap;
use std::sync::Arc;

use polars::prelude::*;

pub use compile::{compile_expression, null_literal};
pub use functions::{date_format_to_chrono, title_case, FUNCTION_NAMES};

/// What happens to a row when a check of a column's expression fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnError {
    /// The whole row goes to the rejects file (default: nothing is lost silently).
    Reject,
    /// The field is left empty and the row is kept; the problem goes to the warnings file.
    Drop,
}

/// A condition over a batch that marks rows where a function could not do its job.
#[derive(Clone)]
pub struct Check {
    /// Function or rule that failed (`date`, `lookup`, `max-length` ...).
    pub rule: String,
    /// True on failing rows.
    pub failed: Expr,
    /// The offending input value as text (for the message and the rejects file).
    pub value: Expr,
    /// Message shown for each failing row; `{value}` is replaced by the value.
    pub message: String,
}

/// A compiled expression: its value and the checks its functions contribute.
#[derive(Clone)]
pub struct Compiled {
    /// The value.
    pub expr: Expr,
    /// Failure conditions of the functions used.
    pub checks: Vec<Check>,
}

/// Lookup tables by name: normalised key → value.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    tables: BTreeMap<String, Arc<LookupTable>>,
}

/// One lookup table (`[lookups.NAME]`).
#[derive(Debug, Clone, Default)]
pub struct LookupTable {
    /// Normalised key → value.
    pub entries: std::collections::HashMap<String, String>,
    /// Whether keys are compared case-insensitively (keys are stored lower-cased then).
    pub case_insensitive: bool,
}

impl LookupTable {
    /// Normalises a key the way the table's keys were stored: trimmed, and lower-cased when
    /// the table is case-insensitive.
    pub fn normalise(&self, key: &str) -> String {
        let key = key.trim();
        if self.case_insensitive {
            key.to_lowercase()
        } else {
            key.to_string()
        }
    }

    /// The value for a key, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        let key = key.trim();
        // Lower-case (and allocate) only when the key has upper-case letters.
        let found = if self.case_insensitive && key.chars().any(char::is_uppercase) {
            self.entries.get(&key.to_lowercase())
        } else {
            self.entries.get(key)
        };
        found.map(String::as_str)
    }
}

impl Lookups {
    /// Adds a table.
    pub fn insert(&mut self, name: &str, table: LookupTable) {
        self.tables.insert(name.to_string(), Arc::new(table));
    }

    /// A table by name.
    pub fn get(&self, name: &str) -> Option<Arc<LookupTable>> {
        self.tables.get(name).cloned()
    }

    /// Names of all tables.
    pub fn names(&self) -> Vec<&str> {
        self.tables.keys().map(String::as_str).collect()
    }
}

/// Why an expression does not compile; the caller adds the file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExpressionError {
    /// What is wrong, naming the column or function.
    pub message: String,
}

impl ExpressionError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ExpressionError {
            message: message.into(),
        }
    }
}

/// The output type of `expr` over frames of `schema`, found without reading a row.
pub fn output_dtype(expr: &Expr, schema: &Schema) -> Result<DataType, ExpressionError> {
    let frame = DataFrame::empty_with_schema(schema);
    let out = frame
        .lazy()
        .select([expr.clone().alias("__probe")])
        .collect()
        .map_err(|e| ExpressionError::new(clean_polars_error(&e)))?;
    Ok(out
        .column("__probe")
        .map(|c| c.dtype().clone())
        .unwrap_or(DataType::Null))
}

/// Polars errors carry a backtrace hint and plan dumps; keep the first line.
pub fn clean_polars_error(e: &PolarsError) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or("").trim();
    first.trim_end_matches(':').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> DataFrame {
        df!(
            "name" => [Some("  jean-PIERRE  "), Some("RenÃ©"), None, Some("")],
            "city" => [Some("Genève"), None, Some("Bern"), Some("Zug")],
            "born" => [Some("14.03.1975"), Some("1980-02-30"), Some("1990-12-01"), None],
            "civ" => [Some("mme"), Some(" HERR "), Some("Dr"), None],
            "n" => [Some(1i64), Some(0), None, Some(42)],
            "nr" => [Some("123"), Some("0000456"), Some("7"), None]
        )
        .unwrap()
    }

    fn lookups() -> Lookups {
        let mut l = Lookups::default();
        let mut t = LookupTable {
            case_insensitive: true,
            ..Default::default()
        };
        t.entries.insert("mme".into(), "MRS".into());
        t.entries.insert("herr".into(), "MR".into());
        l.insert("titles", t);
        l
    }

    fn eval(text: &str) -> (Vec<Option<String>>, Vec<Vec<bool>>) {
        let df = frame();
        let compiled = compile_expression(text, df.schema(), &lookups())
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let mut exprs = vec![compiled.expr.cast(DataType::String).alias("out")];
        for (i, c) in compiled.checks.iter().enumerate() {
            exprs.push(
                c.failed
                    .clone()
                    .fill_null(lit(false))
                    .alias(format!("c{i}")),
            );
        }
        let out = df
            .lazy()
            .select(exprs)
            .collect()
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let values = out
            .column("out")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(String::from))
            .collect();
        let checks = (0..compiled.checks.len())
            .map(|i| {
                out.column(&format!("c{i}"))
                    .unwrap()
                    .bool()
                    .unwrap()
                    .iter()
                    .map(|v| v.unwrap_or(false))
                    .collect()
            })
            .collect();
        (values, checks)
    }

    fn s(v: &[Option<&str>]) -> Vec<Option<String>> {
        v.iter().map(|x| x.map(String::from)).collect()
    }

    #[test]
    fn text_functions() {
        let cases: &[(&str, &[Option<&str>])] = &[
            (
                "trim(name)",
                &[Some("jean-PIERRE"), Some("RenÃ©"), None, Some("")],
            ),
            (
                "upper(city)",
                &[Some("GENÈVE"), None, Some("BERN"), Some("ZUG")],
            ),
            (
                "title_case(trim(name))",
                &[Some("Jean-Pierre"), Some("Renã©"), None, Some("")],
            ),
            (
                "fix_mojibake(name)",
                &[Some("  jean-PIERRE  "), Some("René"), None, Some("")],
            ),
            (
                "repair_mojibake(name)",
                &[Some("  jean-PIERRE  "), Some("René"), None, Some("")],
            ),
            (
                "collapse_spaces(concat(name, '   x '))",
                &[Some("jean-PIERRE x"), Some("RenÃ© x"), Some("x"), Some("x")],
            ),
            (
                "concat(trim(name), '/', city)",
                &[
                    Some("jean-PIERRE/Genève"),
                    Some("RenÃ©/"),
                    Some("/Bern"),
                    Some("/Zug"),
                ],
            ),
            (
                "concat_ws(' ', trim(name), city)",
                &[
                    Some("jean-PIERRE Genève"),
                    Some("RenÃ©"),
                    Some("Bern"),
                    Some("Zug"),
                ],
            ),
            (
                "name || city",
                &[Some("  jean-PIERRE  Genève"), None, None, Some("Zug")],
            ),
            (
                "coalesce(name, city)",
                &[
                    Some("  jean-PIERRE  "),
                    Some("RenÃ©"),
                    Some("Bern"),
                    Some("Zug"),
                ],
            ),
            (
                "substring(city, 2, 3)",
                &[Some("enè"), None, Some("ern"), Some("ug")],
            ),
            (
                "SUBSTRING(city FROM 1 FOR 2)",
                &[Some("Ge"), None, Some("Be"), Some("Zu")],
            ),
            ("left(city, 1)", &[Some("G"), None, Some("B"), Some("Z")]),
            (
                "lpad(nr, 7, '0')",
                &[Some("0000123"), Some("0000456"), Some("0000007"), None],
            ),
            (
                "replace(city, 'e', 'E')",
                &[Some("GEnèvE"), None, Some("BErn"), Some("Zug")],
            ),
            (
                "regex_replace(city, '[aeiou]', '')",
                &[Some("Gnèv"), None, Some("Brn"), Some("Zg")],
            ),
            (
                "digits(concat('+41 (22) ', nr))",
                &[
                    Some("4122123"),
                    Some("41220000456"),
                    Some("41227"),
                    Some("4122"),
                ],
            ),
            (
                "nullif(city, 'Bern')",
                &[Some("Genève"), None, None, Some("Zug")],
            ),
            ("length(city)", &[Some("6"), None, Some("4"), Some("3")]),
            (
                "TRIM(LEADING name)",
                &[Some("jean-PIERRE  "), Some("RenÃ©"), None, Some("")],
            ),
            (
                "CAST(n AS TEXT) || '!'",
                &[Some("1!"), Some("0!"), None, Some("42!")],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(eval(text).0, s(expected), "{text}");
        }
    }

    #[test]
    fn conditions() {
        let cases: &[(&str, &[Option<&str>])] = &[
            (
                "CASE n WHEN 1 THEN 'one' WHEN 0 THEN 'zero' ELSE 'other' END",
                &[Some("one"), Some("zero"), Some("other"), Some("other")],
            ),
            (
                "CASE WHEN n > 10 THEN 'big' WHEN n IS NULL THEN 'none' END",
                &[None, None, Some("none"), Some("big")],
            ),
            (
                "CASE n WHEN 1 THEN TRUE WHEN 0 THEN FALSE END",
                &[Some("true"), Some("false"), None, None],
            ),
            (
                "iif(city IN ('Bern', 'Zug'), 'CH-DE', 'other')",
                &[Some("other"), Some("other"), Some("CH-DE"), Some("CH-DE")],
            ),
            // A NULL condition takes the ELSE branch, as in SQL's CASE.
            (
                "iif(city LIKE 'G%', 'g', 'x')",
                &[Some("g"), Some("x"), Some("x"), Some("x")],
            ),
            (
                "iif(city ILIKE 'b_rn', 'b', 'x')",
                &[Some("x"), Some("x"), Some("b"), Some("x")],
            ),
            (
                "iif(n BETWEEN 1 AND 41, 'in', 'out')",
                &[Some("in"), Some("out"), Some("out"), Some("out")],
            ),
            (
                "iif(NOT regex_match(city, '^[A-Z][a-z]+$'), 'odd', 'ok')",
                &[Some("odd"), Some("ok"), Some("ok"), Some("ok")],
            ),
            ("n * 2 + 1", &[Some("3"), Some("1"), None, Some("85")]),
        ];
        for (text, expected) in cases {
            assert_eq!(eval(text).0, s(expected), "{text}");
        }
    }

    #[test]
    fn dates_and_lookups_flag_failures() {
        let (values, checks) = eval("date(born, 'dd.mm.yyyy', 'yyyy-mm-dd')");
        assert_eq!(
            values,
            s(&[Some("1975-03-14"), None, Some("1990-12-01"), None])
        );
        assert_eq!(
            checks,
            vec![vec![false, true, false, false]],
            "30 February fails, NULL does not"
        );

        let (values, checks) = eval("lookup('titles', civ)");
        assert_eq!(values, s(&[Some("MRS"), Some("MR"), None, None]));
        assert_eq!(
            checks,
            vec![vec![false, false, true, false]],
            "Dr is missing from the table"
        );

        let (values, checks) = eval("lookup('titles', civ, 'UNDEFINED')");
        assert_eq!(
            values,
            s(&[Some("MRS"), Some("MR"), Some("UNDEFINED"), None])
        );
        assert!(checks.is_empty(), "a default means nothing can fail");
    }

    #[test]
    fn reject_if_keeps_the_value_and_fails_where_the_condition_holds() {
        let (values, checks) =
            eval("reject_if(nr, city = 'Bern' OR nr = '123', 'test contact {value}')");
        assert_eq!(values, s(&[Some("123"), Some("0000456"), Some("7"), None]));
        // An unknown condition (the NULL city of row 2) rejects nothing.
        assert_eq!(checks, vec![vec![true, false, true, false]]);
        let df = frame();
        let compiled = compile_expression(
            "reject_if(name, city = 'Zug', 'no {value}', 'internal')",
            df.schema(),
            &lookups(),
        )
        .unwrap();
        assert_eq!(compiled.checks[0].rule, "internal");
        assert_eq!(compiled.checks[0].message, "no {value}");
        let not_a_condition =
            compile_expression("reject_if(name, city, 'x')", df.schema(), &lookups())
                .err()
                .unwrap()
                .message;
        assert!(
            not_a_condition.contains("must be true or false"),
            "{not_a_condition}"
        );
    }

    #[test]
    fn a_date_compares_with_a_date_literal() {
        let (values, _) =
            eval("iif(date(born, 'dd.mm.yyyy', 'yyyy-mm-dd') < '1985-01-01', 'old', 'new')");
        assert_eq!(
            values,
            s(&[Some("old"), Some("new"), Some("new"), Some("new")])
        );
        let (values, _) = eval("iif('01.01.1985' > date(born, 'dd.mm.yyyy'), 'old', 'new')");
        assert_eq!(values[0], Some("old".into()));
        let df = frame();
        let e = compile_expression("date(born, 'dd.mm.yyyy') < 'soon'", df.schema(), &lookups())
            .err()
            .unwrap()
            .message;
        assert!(e.contains("'soon' is compared with a date"), "{e}");
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let df = frame();
        let err = |text: &str| {
            compile_expression(text, df.schema(), &lookups())
                .err()
                .unwrap()
                .message
        };
        assert!(
            err("upper(nmae)").contains("unknown column 'nmae'; did you mean name?"),
            "{}",
            err("upper(nmae)")
        );
        assert!(
            err("upper(zzzzzz)").contains("the source columns are: name, city"),
            "{}",
            err("upper(zzzzzz)")
        );
        assert!(
            err("uper(name)").contains("unknown function 'uper()'"),
            "{}",
            err("uper(name)")
        );
        assert!(err("lookup('nope', civ)").contains("no lookup table 'nope'"));
        assert!(
            err("date(born)").contains("date() takes 2 or more arguments"),
            "{}",
            err("date(born)")
        );
        assert!(err("date(born, city)").contains("must be a quoted literal"));
        assert!(err("regex_replace(city, '(', '')").contains("invalid regular expression"));
        assert!(err("trim(name").contains("syntax error"));
        assert!(err("substring(city, n, 2)").contains("start must be a whole number"));
    }
}
