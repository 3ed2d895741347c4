//! Translation of parsed SQL expressions into polars expressions.

use polars::prelude::*;
use sqlparser::ast::{
    BinaryOperator, CastKind, DataType as SqlType, Expr as SqlExpr, FunctionArg, FunctionArgExpr,
    FunctionArguments, ObjectNamePart, UnaryOperator, Value,
};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::functions;
use super::{output_dtype, Check, Compiled, ExpressionError, Lookups};

/// What an expression can refer to: the source's columns and the migration's lookup tables.
pub struct Scope<'a> {
    /// Columns of the rows being mapped.
    pub schema: &'a Schema,
    /// Lookup tables of the migration.
    pub lookups: &'a Lookups,
}

/// Parses and compiles one mapping expression; type errors surface here, before any row is
/// read.
pub fn compile_expression(
    text: &str,
    schema: &Schema,
    lookups: &Lookups,
) -> Result<Compiled, ExpressionError> {
    let ast = parse(text)?;
    let scope = Scope { schema, lookups };
    let mut compiler = Compiler {
        scope: &scope,
        checks: Vec::new(),
    };
    let expr = compiler.expr(&ast)?;
    output_dtype(&expr, schema)?;
    for check in &compiler.checks {
        output_dtype(&check.failed, schema)?;
    }
    Ok(Compiled {
        expr,
        checks: compiler.checks,
    })
}

fn parse(text: &str) -> Result<SqlExpr, ExpressionError> {
    let dialect = GenericDialect {};
    let syntax =
        |e: sqlparser::parser::ParserError| ExpressionError::new(format!("syntax error: {e}"));
    let mut parser = Parser::new(&dialect).try_with_sql(text).map_err(syntax)?;
    let expr = parser.parse_expr().map_err(syntax)?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(ExpressionError::new(format!(
            "syntax error: unexpected '{}' after the end of the expression (a missing operator or comma?)",
            next.token
        )));
    }
    Ok(expr)
}

pub(super) struct Compiler<'a> {
    pub(super) scope: &'a Scope<'a>,
    pub(super) checks: Vec<Check>,
}

/// The forms a date literal may take in a comparison with a date (`date(x, ...) < '2019-01-01'`).
const DATE_LITERAL_FORMATS: [&str; 3] = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"];

impl Compiler<'_> {
    /// A date compared with a quoted literal: the literal is read as a date, so that
    /// `date(LAST_ACTIVITY, 'dd.mm.yyyy') < '2019-01-01'` compares dates, not text.
    fn dates_compared_with_text(
        &self,
        l: Expr,
        left: &SqlExpr,
        r: Expr,
        right: &SqlExpr,
        op: &BinaryOperator,
    ) -> Result<(Expr, Expr), ExpressionError> {
        use BinaryOperator as B;
        if !matches!(op, B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq) {
            return Ok((l, r));
        }
        let is_date = |e: &Expr| {
            matches!(
                output_dtype(e, self.scope.schema),
                Ok(DataType::Date | DataType::Datetime(_, _))
            )
        };
        let as_date = |text: String| -> Result<Expr, ExpressionError> {
            DATE_LITERAL_FORMATS
                .iter()
                .find_map(|f| chrono::NaiveDate::parse_from_str(text.trim(), f).ok())
                .map(|d| lit(d).cast(DataType::Date))
                .ok_or_else(|| {
                    ExpressionError::new(format!(
                        "'{text}' is compared with a date but is not one: write it 'yyyy-mm-dd' (or 'dd.mm.yyyy')"
                    ))
                })
        };
        match (string_literal(left), string_literal(right)) {
            (None, Some(text)) if is_date(&l) => Ok((l.cast(DataType::Date), as_date(text)?)),
            (Some(text), None) if is_date(&r) => Ok((as_date(text)?, r.cast(DataType::Date))),
            _ => Ok((l, r)),
        }
    }

    pub(super) fn expr(&mut self, e: &SqlExpr) -> Result<Expr, ExpressionError> {
        Ok(match e {
            SqlExpr::Identifier(ident) => self.column(&ident.value)?,
            SqlExpr::CompoundIdentifier(parts) => {
                // `c.name`: result columns are unqualified, the last part names the column.
                let last = parts.last().map(|p| p.value.as_str()).unwrap_or("");
                self.column(last)?
            }
            SqlExpr::Value(v) => literal(&v.value)?,
            SqlExpr::Nested(inner) => self.expr(inner)?,
            SqlExpr::BinaryOp { left, op, right } => {
                let (l, r) = (self.expr(left)?, self.expr(right)?);
                let (l, r) = self.dates_compared_with_text(l, left, r, right, op)?;
                binary(l, op, r)?
            }
            SqlExpr::UnaryOp { op, expr } => {
                let inner = self.expr(expr)?;
                match op {
                    UnaryOperator::Not => inner.not(),
                    UnaryOperator::Minus => lit(0) - inner,
                    UnaryOperator::Plus => inner,
                    other => return Err(unsupported(&format!("the operator {other}"))),
                }
            }
            SqlExpr::IsNull(inner) => self.expr(inner)?.is_null(),
            SqlExpr::IsNotNull(inner) => self.expr(inner)?.is_not_null(),
            SqlExpr::InList {
                expr,
                list,
                negated,
            } => {
                let value = self.expr(expr)?;
                let mut any: Option<Expr> = None;
                for item in list {
                    let eq = value.clone().eq(self.expr(item)?);
                    any = Some(match any {
                        None => eq,
                        Some(acc) => acc.or(eq),
                    });
                }
                let any = any.unwrap_or_else(|| lit(false));
                if *negated {
                    any.not()
                } else {
                    any
                }
            }
            SqlExpr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let v = self.expr(expr)?;
                let inside = v
                    .clone()
                    .gt_eq(self.expr(low)?)
                    .and(v.lt_eq(self.expr(high)?));
                if *negated {
                    inside.not()
                } else {
                    inside
                }
            }
            SqlExpr::Like {
                negated,
                expr,
                pattern,
                ..
            } => self.like(expr, pattern, *negated, false)?,
            SqlExpr::ILike {
                negated,
                expr,
                pattern,
                ..
            } => self.like(expr, pattern, *negated, true)?,
            SqlExpr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let operand = operand.as_ref().map(|o| self.expr(o)).transpose()?;
                let otherwise = match else_result {
                    Some(e) => self.expr(e)?,
                    // Untyped, so CASE ... THEN TRUE stays boolean.
                    None => lit(NULL),
                };
                // Build from the last WHEN backwards so the first match wins.
                let mut out = otherwise;
                for case in conditions.iter().rev() {
                    let mut cond = self.expr(&case.condition)?;
                    if let Some(op) = &operand {
                        cond = op.clone().eq(cond);
                    }
                    let result = self.expr(&case.result)?;
                    out = when(cond).then(result).otherwise(out);
                }
                out
            }
            SqlExpr::Function(f) => {
                let name = f
                    .name
                    .0
                    .last()
                    .and_then(ObjectNamePart::as_ident)
                    .map(|i| i.value.to_ascii_lowercase())
                    .unwrap_or_default();
                let args = match &f.args {
                    FunctionArguments::None => Vec::new(),
                    FunctionArguments::List(list) => list
                        .args
                        .iter()
                        .map(|a| match a {
                            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Ok(e.clone()),
                            other => {
                                Err(unsupported(&format!("the argument '{other}' of {name}()")))
                            }
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                    FunctionArguments::Subquery(_) => {
                        return Err(unsupported("a subquery as function argument"))
                    }
                };
                functions::call(self, &name, &args)?
            }
            SqlExpr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let mut args = vec![(**expr).clone()];
                args.extend(substring_from.iter().map(|b| (**b).clone()));
                args.extend(substring_for.iter().map(|b| (**b).clone()));
                functions::call(self, "substring", &args)?
            }
            SqlExpr::Trim {
                expr,
                trim_where,
                trim_what,
                ..
            } => {
                if trim_what.is_some() {
                    return Err(unsupported("TRIM(... FROM ...); use regex_replace"));
                }
                let name = match trim_where {
                    Some(sqlparser::ast::TrimWhereField::Leading) => "ltrim",
                    Some(sqlparser::ast::TrimWhereField::Trailing) => "rtrim",
                    _ => "trim",
                };
                functions::call(self, name, std::slice::from_ref(&**expr))?
            }
            SqlExpr::Cast {
                kind,
                expr,
                data_type,
                ..
            } => {
                let inner = self.expr(expr)?;
                let target = match data_type {
                    SqlType::Text
                    | SqlType::Varchar(_)
                    | SqlType::Char(_)
                    | SqlType::String(_)
                    | SqlType::Nvarchar(_)
                    | SqlType::CharacterVarying(_) => DataType::String,
                    SqlType::Int(_)
                    | SqlType::Integer(_)
                    | SqlType::BigInt(_)
                    | SqlType::SmallInt(_) => DataType::Int64,
                    SqlType::Double(_)
                    | SqlType::Float(_)
                    | SqlType::Real
                    | SqlType::DoublePrecision => DataType::Float64,
                    SqlType::Boolean | SqlType::Bool => DataType::Boolean,
                    other => return Err(unsupported(&format!("CAST to {other}"))),
                };
                match kind {
                    CastKind::Cast
                    | CastKind::TryCast
                    | CastKind::SafeCast
                    | CastKind::DoubleColon => inner.cast(target),
                }
            }
            other => return Err(unsupported(&format!("the expression '{other}'"))),
        })
    }

    fn like(
        &mut self,
        expr: &SqlExpr,
        pattern: &SqlExpr,
        negated: bool,
        case_insensitive: bool,
    ) -> Result<Expr, ExpressionError> {
        let value = functions::as_text(self.expr(expr)?);
        let pattern = string_literal(pattern)
            .ok_or_else(|| ExpressionError::new("LIKE needs a quoted pattern, e.g. x LIKE 'A%'"))?;
        let regex = like_to_regex(&pattern, case_insensitive);
        let matched = value.str().contains(lit(regex), true);
        Ok(if negated { matched.not() } else { matched })
    }

    fn column(&self, name: &str) -> Result<Expr, ExpressionError> {
        if self.scope.schema.contains(name) {
            return Ok(col(name));
        }
        let lower = name.to_lowercase();
        let similar: Vec<&str> = self
            .scope
            .schema
            .iter_names()
            .map(|n| n.as_str())
            .filter(|n| {
                let n = n.to_lowercase();
                n == lower
                    || (n.len() >= 3
                        && lower.len() >= 3
                        && (n.contains(&lower) || lower.contains(&n)))
                    || edit_distance(&n, &lower) <= 2
            })
            .collect();
        let hint = if similar.is_empty() {
            let all: Vec<&str> = self.scope.schema.iter_names().map(|n| n.as_str()).collect();
            format!("the source columns are: {}", all.join(", "))
        } else {
            format!("did you mean {}?", similar.join(" or "))
        };
        Err(ExpressionError::new(format!(
            "unknown column '{name}'; {hint}"
        )))
    }
}

fn unsupported(what: &str) -> ExpressionError {
    ExpressionError::new(format!("{what} is not supported in mappings"))
}

/// NULL, typed as text so it combines with any string branch.
pub fn null_literal() -> Expr {
    lit(NULL).cast(DataType::String)
}

fn literal(v: &Value) -> Result<Expr, ExpressionError> {
    Ok(match v {
        Value::SingleQuotedString(s)
        | Value::EscapedStringLiteral(s)
        | Value::NationalStringLiteral(s) => lit(s.clone()),
        Value::Number(n, _) => match n.parse::<i64>() {
            Ok(i) => lit(i),
            Err(_) => lit(n
                .parse::<f64>()
                .map_err(|_| ExpressionError::new(format!("'{n}' is not a number")))?),
        },
        Value::Boolean(b) => lit(*b),
        Value::Null => lit(NULL),
        other => return Err(unsupported(&format!("the literal {other}"))),
    })
}

/// The text of a quoted string literal argument, if `e` is one.
pub(super) fn string_literal(e: &SqlExpr) -> Option<String> {
    match e {
        SqlExpr::Value(v) => match &v.value {
            Value::SingleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::NationalStringLiteral(s) => Some(s.clone()),
            _ => None,
        },
        SqlExpr::Nested(inner) => string_literal(inner),
        _ => None,
    }
}

/// The value of an integer literal argument, if `e` is one.
pub(super) fn integer_literal(e: &SqlExpr) -> Option<i64> {
    match e {
        SqlExpr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        SqlExpr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => integer_literal(expr).map(|n| -n),
        SqlExpr::Nested(inner) => integer_literal(inner),
        _ => None,
    }
}

fn binary(l: Expr, op: &BinaryOperator, r: Expr) -> Result<Expr, ExpressionError> {
    Ok(match op {
        // SQL `||`: NULL if either side is NULL (use concat() to skip NULLs).
        BinaryOperator::StringConcat => {
            concat_str([functions::as_text(l), functions::as_text(r)], "", false)
        }
        BinaryOperator::Eq => l.eq(r),
        BinaryOperator::NotEq => l.neq(r),
        BinaryOperator::Lt => l.lt(r),
        BinaryOperator::LtEq => l.lt_eq(r),
        BinaryOperator::Gt => l.gt(r),
        BinaryOperator::GtEq => l.gt_eq(r),
        BinaryOperator::And => l.and(r),
        BinaryOperator::Or => l.or(r),
        BinaryOperator::Plus => l + r,
        BinaryOperator::Minus => l - r,
        BinaryOperator::Multiply => l * r,
        BinaryOperator::Divide => l / r,
        BinaryOperator::Modulo => l % r,
        other => return Err(unsupported(&format!("the operator {other}"))),
    })
}

/// SQL LIKE pattern → anchored regular expression (`%` any run, `_` one character).
pub(super) fn like_to_regex(pattern: &str, case_insensitive: bool) -> String {
    let mut out = String::from(if case_insensitive { "(?si)^" } else { "(?s)^" });
    for c in pattern.chars() {
        match c {
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

/// Levenshtein distance, for "did you mean" hints on short column names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_and_distances() {
        assert_eq!(like_to_regex("A%b_", false), "(?s)^A.*b.$");
        assert_eq!(like_to_regex("1.5%", true), "(?si)^1\\.5.*$");
        assert_eq!(edit_distance("first_name", "fist_name"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(parse("upper(name")
            .unwrap_err()
            .message
            .contains("syntax error"));
        let e = parse("upper(name) lower(name)").unwrap_err();
        assert!(
            e.message.contains("after the end of the expression"),
            "{}",
            e.message
        );
        assert!(parse("CASE WHEN a = 1 THEN 'x' END").is_ok());
    }
}
