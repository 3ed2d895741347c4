//! The map stage: every SecuTix column of a batch computed from the source columns by the
//! compiled `[map]` expressions, with the mapping functions' checks beside them.

use polars::prelude::*;
use stx_connector_core::SOURCE_ROW_COLUMN;

use super::plan::{check_exprs, MigrationPlan, KEY_COLUMN};
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
    batch.clone().lazy().select(exprs).collect()
}
