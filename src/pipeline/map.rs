//! The map stage: every SecuTix column of a batch computed from the source columns by the
//! compiled `[map]` expressions, with the mapping functions' checks beside them.

use polars::prelude::*;
use stx_connector_core::SOURCE_ROW_COLUMN;

use super::plan::{check_exprs, MigrationPlan, KEY_COLUMN, OPERATION};
use crate::mapping::null_literal;

/// Stage 1 on a batch: `_src_row`, `_key`, every SecuTix column as text, and for each
/// mapping check `i` the columns `_m{i}` (failed) and `_mv{i}` (value).
pub(super) fn evaluate_mapping(plan: &MigrationPlan, batch: &DataFrame) -> PolarsResult<DataFrame> {
    let mut exprs = Vec::with_capacity(plan.outputs.len() + 2 + 2 * plan.mapping_checks.len());
    exprs.push(col(SOURCE_ROW_COLUMN));
    exprs.push(match &plan.key {
        Some(k) => col(k.as_str()).cast(DataType::String).alias(KEY_COLUMN),
        None => null_literal().alias(KEY_COLUMN),
    });
    for (code, expr) in &plan.outputs {
        exprs.push(expr.clone().alias(code.as_str()));
    }
    exprs.extend(check_exprs(&plan.mapping_checks, 'm'));
    let mapped = batch.clone().lazy().select(exprs);
    if plan.insert_defaults.is_empty() {
        return mapped.collect();
    }
    // Written as the rules will read it: OPERATION is upper-cased and trimmed by its rule.
    let operation = col(OPERATION)
        .str()
        .strip_chars(lit(NULL))
        .str()
        .to_uppercase();
    let insert = col(OPERATION).is_null().or(operation.eq(lit("INSERT")));
    let defaults: Vec<Expr> = plan
        .insert_defaults
        .iter()
        .map(|(code, value)| {
            when(insert.clone())
                .then(col(code.as_str()).fill_null(lit(value.as_str())))
                .otherwise(col(code.as_str()))
                .alias(code.as_str())
        })
        .collect();
    mapped.with_columns(defaults).collect()
}
