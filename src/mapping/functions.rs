//! Domain functions of the mapping language. Each works on whole columns.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;
use sqlparser::ast::Expr as SqlExpr;

use super::compile::{integer_literal, null_literal, string_literal, Compiler};
use super::{output_dtype, Check, ExpressionError};

/// Every function name the mapping language knows, for help texts and error hints.
pub const FUNCTION_NAMES: &[&str] = &[
    "trim",
    "ltrim",
    "rtrim",
    "upper",
    "lower",
    "title_case",
    "collapse_spaces",
    "length",
    "concat",
    "concat_ws",
    "coalesce",
    "ifnull",
    "nvl",
    "nullif",
    "iif",
    "substring",
    "substr",
    "left",
    "lpad",
    "replace",
    "regex_replace",
    "regexp_replace",
    "regex_match",
    "digits",
    "date",
    "lookup",
    "fix_mojibake",
    "repair_mojibake",
    "reject_if",
];

/// Casts to text (no-op for text) so string functions accept numbers too.
pub(super) fn as_text(e: Expr) -> Expr {
    e.cast(DataType::String)
}

/// Empty or blank text counts as missing in legacy data.
fn blank_to_null(e: Expr) -> Expr {
    let text = as_text(e);
    when(text.clone().str().strip_chars(lit(NULL)).eq(lit("")))
        .then(null_literal())
        .otherwise(text)
}

/// True where the text is present and not blank.
fn present(text: Expr) -> Expr {
    text.clone()
        .is_not_null()
        .and(text.str().strip_chars(lit(NULL)).neq(lit("")))
}

fn arity(
    name: &str,
    args: &[SqlExpr],
    min: usize,
    max: usize,
    usage: &str,
) -> Result<(), ExpressionError> {
    if args.len() < min || args.len() > max {
        return Err(ExpressionError::new(format!(
            "{name}() takes {} argument{}, got {}; usage: {usage}",
            if min == max {
                min.to_string()
            } else if max == usize::MAX {
                format!("{min} or more")
            } else {
                format!("{min} to {max}")
            },
            if max == 1 { "" } else { "s" },
            args.len()
        )));
    }
    Ok(())
}

fn literal_arg(name: &str, what: &str, e: &SqlExpr) -> Result<String, ExpressionError> {
    string_literal(e).ok_or_else(|| {
        ExpressionError::new(format!(
            "{name}(): the {what} must be a quoted literal such as 'x', not {e}"
        ))
    })
}

fn string_map(
    input: Expr,
    f: impl for<'a> Fn(&'a str) -> Option<Cow<'a, str>> + Send + Sync + 'static,
) -> Expr {
    as_text(input).map(
        move |c: Column| {
            let out: StringChunked = c.str()?.iter().map(|v| v.and_then(&f)).collect();
            Ok(out.with_name(c.name().clone()).into_column())
        },
        |_, field| Ok(Field::new(field.name().clone(), DataType::String)),
    )
}

/// Compiles a call of a domain function.
pub(super) fn call(
    c: &mut Compiler<'_>,
    name: &str,
    args: &[SqlExpr],
) -> Result<Expr, ExpressionError> {
    let arg = |i: usize, c: &mut Compiler<'_>| c.expr(&args[i]);
    Ok(match name {
        "trim" | "ltrim" | "rtrim" => {
            arity(name, args, 1, 1, "trim(x)")?;
            let x = as_text(arg(0, c)?);
            match name {
                "trim" => x.str().strip_chars(lit(NULL)),
                "ltrim" => x.str().strip_chars_start(lit(NULL)),
                _ => x.str().strip_chars_end(lit(NULL)),
            }
        }
        "upper" => {
            arity(name, args, 1, 1, "upper(x)")?;
            as_text(arg(0, c)?).str().to_uppercase()
        }
        "lower" => {
            arity(name, args, 1, 1, "lower(x)")?;
            as_text(arg(0, c)?).str().to_lowercase()
        }
        "title_case" => {
            arity(name, args, 1, 1, "title_case(x)")?;
            string_map(arg(0, c)?, |s| Some(Cow::Owned(title_case(s))))
        }
        "collapse_spaces" => {
            arity(name, args, 1, 1, "collapse_spaces(x)")?;
            string_map(arg(0, c)?, |s| Some(collapse_spaces(s)))
        }
        "length" => {
            arity(name, args, 1, 1, "length(x)")?;
            as_text(arg(0, c)?).str().len_chars()
        }
        "concat" | "concat_ws" => {
            let (sep, first) = if name == "concat_ws" {
                arity(name, args, 2, usize::MAX, "concat_ws(' ', a, b, ...)")?;
                (literal_arg(name, "separator", &args[0])?, 1)
            } else {
                arity(name, args, 1, usize::MAX, "concat(a, b, ...)")?;
                (String::new(), 0)
            };
            let mut parts = Vec::new();
            for i in first..args.len() {
                parts.push(blank_to_null(arg(i, c)?));
            }
            blank_to_null(concat_str(parts, &sep, true))
        }
        "coalesce" | "ifnull" | "nvl" => coalesce(c, name, args)?,
        "nullif" => {
            arity(name, args, 2, 2, "nullif(x, value)")?;
            let (x, v) = (arg(0, c)?, arg(1, c)?);
            when(x.clone().eq(v)).then(lit(NULL)).otherwise(x)
        }
        "iif" => {
            arity(name, args, 3, 3, "iif(condition, then, else)")?;
            let (cond, a, b) = (arg(0, c)?, arg(1, c)?, arg(2, c)?);
            when(cond).then(a).otherwise(b)
        }
        "substring" | "substr" => substring(c, name, args)?,
        "left" => {
            arity(name, args, 2, 2, "left(x, n)")?;
            let n = integer_literal(&args[1])
                .ok_or_else(|| ExpressionError::new("left(): n must be a whole number"))?;
            as_text(arg(0, c)?)
                .str()
                .slice(lit(0i64), lit(n.max(0) as u64))
        }
        "lpad" => lpad(c, name, args)?,
        "replace" => {
            arity(name, args, 3, 3, "replace(x, 'from', 'to')")?;
            let from = literal_arg(name, "text to replace", &args[1])?;
            let to = literal_arg(name, "replacement", &args[2])?;
            as_text(arg(0, c)?)
                .str()
                .replace_all(lit(from), lit(to), true)
        }
        "regex_replace" | "regexp_replace" => regex_replace(c, name, args)?,
        "regex_match" => {
            arity(name, args, 2, 2, "regex_match(x, 'pattern')")?;
            let pattern = literal_arg(name, "pattern", &args[1])?;
            regex::Regex::new(&pattern).map_err(|e| {
                ExpressionError::new(format!("{name}(): invalid regular expression: {e}"))
            })?;
            as_text(arg(0, c)?).str().contains(lit(pattern), true)
        }
        "digits" => {
            arity(name, args, 1, 1, "digits(x)")?;
            blank_to_null(
                as_text(arg(0, c)?)
                    .str()
                    .replace_all(lit("[^0-9]"), lit(""), false),
            )
        }
        // `repair_mojibake` is the same function under the name the warnings of a source use.
        "fix_mojibake" | "repair_mojibake" => {
            arity(name, args, 1, 1, "fix_mojibake(x)")?;
            string_map(arg(0, c)?, |s| Some(fix_mojibake(s)))
        }
        "date" => date(c, args)?,
        "lookup" => lookup(c, args)?,
        "reject_if" => reject_if(c, args)?,
        other => {
            let hint = FUNCTION_NAMES
                .iter()
                .filter(|f| f.starts_with(&other[..other.len().min(3)]))
                .copied()
                .collect::<Vec<_>>();
            return Err(ExpressionError::new(format!(
                "unknown function '{other}()'; {}",
                if hint.is_empty() {
                    format!("the functions are: {}", FUNCTION_NAMES.join(", "))
                } else {
                    format!("did you mean {}?", hint.join(" or "))
                }
            )));
        }
    })
}

/// Converts a date pattern written the way users know it (`dd.mm.yyyy`, `yyyy-mm-dd hh:mi:ss`)
/// into a chrono format; a pattern that already contains `%` is taken as a chrono format.
pub fn date_format_to_chrono(pattern: &str) -> String {
    if pattern.contains('%') {
        return pattern.to_string();
    }
    let mut out = String::new();
    let lower = pattern.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while !rest.is_empty() {
        let (token, replacement) = [
            ("yyyy", "%Y"),
            ("yy", "%y"),
            ("mm", "%m"),
            ("dd", "%d"),
            ("hh24", "%H"),
            ("hh", "%H"),
            ("mi", "%M"),
            ("ss", "%S"),
        ]
        .into_iter()
        .find(|(t, _)| rest.starts_with(t))
        .unwrap_or(("", ""));
        if token.is_empty() {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        } else {
            out.push_str(replacement);
            rest = &rest[token.len()..];
        }
    }
    out
}

const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn parse_date(s: &str, formats: &[String]) -> Option<i32> {
    use chrono::Datelike;
    if s.is_empty() {
        return None;
    }
    formats.iter().find_map(|f| {
        let date = if f.contains("%H") {
            chrono::NaiveDateTime::parse_from_str(s, f)
                .ok()
                .map(|dt| dt.date())
        } else {
            NaiveDate::parse_from_str(s, f).ok()
        }?;
        Some(date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE)
    })
}

/// Title case for names: the first letter of each word upper case, the rest lower case; words
/// are separated by spaces, hyphens, apostrophes and dots (`jean-pierre` → `Jean-Pierre`,
/// `o'neill` → `O'Neill`).
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start_of_word = true;
    for c in s.chars() {
        if start_of_word {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = matches!(c, ' ' | '-' | '\'' | '’' | '.' | '(' | '/' | '"');
    }
    out
}

/// `s` with each run of whitespace made one space and none at either end. One pass that
/// copies only the values it changes: a regex `\s+` → ` ` and then a trim built two new
/// columns of every value (8 % of a demo run's CPU, seven mapped columns use it).
pub fn collapse_spaces(s: &str) -> Cow<'_, str> {
    if is_collapsed(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// No whitespace but single spaces between words.
fn is_collapsed(s: &str) -> bool {
    // At the start, a space would be one too many.
    let mut after_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    s.is_empty() || !after_space
}

/// Repairs UTF-8 text that was once decoded as windows-1252 (`RenÃ©` → `René`, `â‚¬` → `€`);
/// text that is not such mojibake is returned unchanged. The CSV source uses the same test
/// to flag such columns, so it lives with the encodings in the files connector.
pub fn fix_mojibake(s: &str) -> Cow<'_, str> {
    stx_connector_files::repair_mojibake(s)
}

/// `coalesce(a, b, ...)` (`ifnull`, `nvl`): the first value present and not blank.
fn coalesce(c: &mut Compiler<'_>, name: &str, args: &[SqlExpr]) -> Result<Expr, ExpressionError> {
    let arg = |i: usize, c: &mut Compiler<'_>| c.expr(&args[i]);
    arity(name, args, 1, usize::MAX, "coalesce(a, b, ...)")?;
    let mut parts = Vec::new();
    for i in 0..args.len() {
        parts.push(arg(i, c)?);
    }
    let dtypes: Vec<DataType> = parts
        .iter()
        .map(|p| output_dtype(p, c.scope.schema))
        .collect::<Result<_, _>>()?;
    let uniform = dtypes
        .iter()
        .all(|d| d == &dtypes[0] || d == &DataType::Null);
    let parts: Vec<Expr> = parts
        .into_iter()
        .zip(&dtypes)
        .map(|(p, d)| {
            if !uniform || d == &DataType::String {
                blank_to_null(p)
            } else {
                p
            }
        })
        .collect();
    let mut out = parts.last().cloned().unwrap_or_else(null_literal);
    for p in parts.iter().rev().skip(1) {
        out = when(p.clone().is_not_null()).then(p.clone()).otherwise(out);
    }
    Ok(out)
}

/// `substring(x, start[, length])` (`substr`): start counts from 1.
fn substring(c: &mut Compiler<'_>, name: &str, args: &[SqlExpr]) -> Result<Expr, ExpressionError> {
    let arg = |i: usize, c: &mut Compiler<'_>| c.expr(&args[i]);
    arity(
        name,
        args,
        2,
        3,
        "substring(x, start, length) (start counts from 1)",
    )?;
    let x = as_text(arg(0, c)?);
    let start = integer_literal(&args[1])
        .ok_or_else(|| ExpressionError::new(format!("{name}(): start must be a whole number")))?;
    let length = match args.get(2) {
        Some(e) => lit(integer_literal(e)
            .ok_or_else(|| {
                ExpressionError::new(format!("{name}(): length must be a whole number"))
            })?
            .max(0) as u64),
        None => lit(NULL),
    };
    Ok(x.str().slice(lit((start - 1).max(0)), length))
}

/// `lpad(x, n, 'c')`: padded on the left to n characters.
fn lpad(c: &mut Compiler<'_>, name: &str, args: &[SqlExpr]) -> Result<Expr, ExpressionError> {
    let arg = |i: usize, c: &mut Compiler<'_>| c.expr(&args[i]);
    arity(name, args, 2, 3, "lpad(x, width, '0')")?;
    let width = integer_literal(&args[1])
        .ok_or_else(|| ExpressionError::new("lpad(): width must be a whole number"))?
        .max(0) as usize;
    let fill = match args.get(2) {
        Some(e) => literal_arg(name, "fill character", e)?,
        None => " ".into(),
    };
    let fill = fill.chars().next().unwrap_or(' ');
    Ok(string_map(arg(0, c)?, move |s| {
        let n = s.chars().count();
        Some(if n >= width {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(
                std::iter::repeat_n(fill, width - n)
                    .chain(s.chars())
                    .collect(),
            )
        })
    }))
}

/// `regex_replace(x, 'pattern', 'to')`: every match replaced.
fn regex_replace(
    c: &mut Compiler<'_>,
    name: &str,
    args: &[SqlExpr],
) -> Result<Expr, ExpressionError> {
    let arg = |i: usize, c: &mut Compiler<'_>| c.expr(&args[i]);
    arity(
        name,
        args,
        3,
        3,
        "regex_replace(x, 'pattern', 'replacement')",
    )?;
    let pattern = literal_arg(name, "pattern", &args[1])?;
    regex::Regex::new(&pattern)
        .map_err(|e| ExpressionError::new(format!("{name}(): invalid regular expression: {e}")))?;
    let to = literal_arg(name, "replacement", &args[2])?;
    Ok(as_text(arg(0, c)?)
        .str()
        .replace_all(lit(pattern), lit(to), false))
}

/// `date(x, 'format', ...)`: text parsed in the first format that fits; a present value that
/// fits none fails the row.
fn date(c: &mut Compiler<'_>, args: &[SqlExpr]) -> Result<Expr, ExpressionError> {
    let name = "date";
    let arg = |i: usize, c: &mut Compiler<'_>| c.expr(&args[i]);
    arity(
        name,
        args,
        2,
        usize::MAX,
        "date(x, 'dd.mm.yyyy', 'yyyy-mm-dd', ...)",
    )?;
    let input = arg(0, c)?;
    let input_type = output_dtype(&input, c.scope.schema)?;
    if matches!(input_type, DataType::Date) {
        return Ok(input);
    }
    if matches!(input_type, DataType::Datetime(_, _)) {
        return Ok(input.cast(DataType::Date));
    }
    let mut formats = Vec::new();
    let mut shown = Vec::new();
    for e in &args[1..] {
        let f = literal_arg(name, "format", e)?;
        formats.push(date_format_to_chrono(&f));
        shown.push(f);
    }
    let formats = Arc::new(formats);
    let text = as_text(input);
    let parsed = text.clone().map(
        move |col: Column| {
            let out: Int32Chunked = col
                .str()?
                .iter()
                .map(|v| v.and_then(|s| parse_date(s.trim(), &formats)))
                .collect();
            Ok(out.into_date().into_column().with_name(col.name().clone()))
        },
        |_, field| Ok(Field::new(field.name().clone(), DataType::Date)),
    );
    c.checks.push(Check {
        rule: "date".into(),
        failed: present(text.clone()).and(parsed.clone().is_null()),
        value: text,
        message: format!(
            "'{{value}}' is not a real date in any of the formats {}",
            shown.join(", ")
        ),
    });
    Ok(parsed)
}

/// `lookup('table', x[, 'default'])`: a value of a `[lookups]` table; a present value not in
/// it fails the row unless a default is given.
fn lookup(c: &mut Compiler<'_>, args: &[SqlExpr]) -> Result<Expr, ExpressionError> {
    let name = "lookup";
    let arg = |i: usize, c: &mut Compiler<'_>| c.expr(&args[i]);
    arity(
        name,
        args,
        2,
        3,
        "lookup('table', x) or lookup('table', x, 'default')",
    )?;
    let table_name = literal_arg(name, "table name", &args[0])?;
    let table = c.scope.lookups.get(&table_name).ok_or_else(|| {
        let known = c.scope.lookups.names();
        ExpressionError::new(format!(
            "lookup(): no lookup table '{table_name}'; declare it under [lookups.{table_name}]{}",
            if known.is_empty() {
                String::new()
            } else {
                format!(" (declared: {})", known.join(", "))
            }
        ))
    })?;
    let default = args
        .get(2)
        .map(|e| literal_arg(name, "default", e))
        .transpose()?;
    let text = as_text(arg(1, c)?);
    let mapped = {
        let table = table.clone();
        let default = default.clone();
        string_map(text.clone(), move |s| {
            table.get(s).map(|v| Cow::Owned(v.to_string())).or_else(|| {
                // A blank input stays empty rather than taking the default.
                if s.trim().is_empty() {
                    None
                } else {
                    default.clone().map(Cow::Owned)
                }
            })
        })
    };
    if default.is_none() {
        c.checks.push(Check {
            rule: "lookup".into(),
            failed: present(text.clone()).and(mapped.clone().is_null()),
            value: text,
            message: format!(
                "'{{value}}' is not in lookup table '{table_name}'; add it to the table, or give lookup() a default"
            ),
        });
    }
    Ok(mapped)
}

/// `reject_if(x, condition, 'message'[, 'rule'])`: `x` unchanged, and the row fails where the
/// condition holds (rejected, or the field dropped under `[on-error] COLUMN = "drop"`), with the
/// message (`{value}` = x) under the rule's name (default `reject-if`). A whole-column way to
/// keep rows out of the file: test contacts, internal accounts ...
fn reject_if(c: &mut Compiler<'_>, args: &[SqlExpr]) -> Result<Expr, ExpressionError> {
    let name = "reject_if";
    arity(
        name,
        args,
        3,
        4,
        "reject_if(x, condition, 'message') or reject_if(x, condition, 'message', 'rule')",
    )?;
    let value = c.expr(&args[0])?;
    let condition = c.expr(&args[1])?;
    let condition_type = output_dtype(&condition, c.scope.schema)?;
    if condition_type != DataType::Boolean {
        return Err(ExpressionError::new(format!(
            "reject_if(): the condition must be true or false (a comparison such as x = 'TEST'), not {condition_type}"
        )));
    }
    let message = literal_arg(name, "message", &args[2])?;
    let rule = match args.get(3) {
        Some(e) => literal_arg(name, "rule name", e)?,
        None => "reject-if".into(),
    };
    c.checks.push(Check {
        rule,
        // An unknown condition (NULL) rejects nothing: only a row where it holds.
        failed: condition.fill_null(lit(false)),
        value: as_text(value.clone()),
        message,
    });
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_patterns() {
        assert_eq!(date_format_to_chrono("dd.mm.yyyy"), "%d.%m.%Y");
        assert_eq!(
            date_format_to_chrono("YYYY-MM-DD hh24:mi:ss"),
            "%Y-%m-%d %H:%M:%S"
        );
        assert_eq!(date_format_to_chrono("yyyymmdd"), "%Y%m%d");
        assert_eq!(date_format_to_chrono("%d/%m/%y"), "%d/%m/%y");
        let f = vec!["%d.%m.%Y".to_string(), "%Y-%m-%d".to_string()];
        assert_eq!(parse_date("01.01.1970", &f), Some(0));
        assert_eq!(parse_date("1970-01-02", &f), Some(1));
        assert_eq!(parse_date("31.02.1980", &f), None);
        assert_eq!(parse_date("1969-12-31", &f), Some(-1));
        assert_eq!(parse_date("", &f), None);
    }

    /// The same as the regex and trim it replaced, Unicode whitespace included (`\s` and
    /// `char::is_whitespace` are both Unicode's White_Space).
    #[test]
    fn collapse_spaces_is_the_regex_and_trim() {
        let regex = regex::Regex::new(r"\s+").unwrap();
        for value in [
            "",
            " ",
            "   ",
            "a",
            "a b",
            " a b ",
            "a  b",
            "a\tb",
            "a\r\nb",
            "rue\u{00A0}du Lac",
            "\u{3000}Zoé\u{2003}\u{2003}Müller\u{0085}",
            "no\u{200B}break",
            "x \n",
        ] {
            let expected = regex.replace_all(value, " ").trim().to_string();
            assert_eq!(collapse_spaces(value), expected, "{value:?}");
        }
        assert!(matches!(collapse_spaces("a b c"), Cow::Borrowed(_)));
    }

    #[test]
    fn names_and_mojibake() {
        assert_eq!(title_case("JEAN-PIERRE"), "Jean-Pierre");
        assert_eq!(title_case("o'neill"), "O'Neill");
        assert_eq!(title_case("zoé de la tour"), "Zoé De La Tour");
        assert_eq!(fix_mojibake("RenÃ©"), "René");
        assert_eq!(fix_mojibake("MÃ¼ller"), "Müller");
        assert_eq!(fix_mojibake("René"), "René");
        assert_eq!(
            fix_mojibake("Ã"),
            "Ã",
            "not valid UTF-8 once re-encoded: unchanged"
        );
        assert_eq!(fix_mojibake("â‚¬ 12, Å“uvre"), "€ 12, œuvre");
        assert_eq!(fix_mojibake("Zoé MÃ¼ller"), "Zoé Müller");
        assert_eq!(fix_mojibake("JOÃO Ãlvaro"), "JOÃO Ãlvaro");
    }
}
