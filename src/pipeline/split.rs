//! The split stage: a judged batch becomes the records that go on (kept) and those that stop
//! here (rejects), with the warnings and collected codes of the kept ones.

use polars::prelude::*;
use stx_connector_core::SOURCE_ROW_COLUMN;

use super::judge::Judged;
use super::plan::KEY_COLUMN;
use super::records::{RejectRecord, WarningRecord};
use crate::quality::rules::RuleFinding;

/// Column of kept records numbering them in read order across the run (`_src_row` counts per
/// file for a glob of files, so it cannot order a run).
pub const SEQ_COLUMN: &str = "_seq";

/// Name of the kept records' column holding source column `i`, for rejects decided later.
pub fn source_column_name(i: usize) -> String {
    format!("_s{i}")
}

/// A batch after the split.
pub(super) struct Split {
    /// Kept records: `_seq`, `_src_row`, `_key`, the SecuTix columns in profile order, then,
    /// when asked for, the source columns as `_s0`, `_s1` ….
    pub kept: DataFrame,
    /// Rejected rows, each with its `_seq`.
    pub rejects: Vec<(u64, RejectRecord)>,
    /// Warnings of kept rows, each with the row's `_seq`.
    pub warnings: Vec<(u64, WarningRecord)>,
    /// Codes to create found on kept rows, with the row's `_seq` and `_src_row`.
    pub collected: Vec<(u64, u64, RuleFinding)>,
    /// Under `check` (`warnings_of_rejects`): the rejected rows as records (`_seq`,
    /// `_src_row`, `_key`, the SecuTix columns), for the whole-run stages to count.
    pub rejected: Option<DataFrame>,
}

/// Splits a judged batch. `data` is the batch as read (its values are listed in rejects),
/// `first_seq` the `_seq` of its first row; `with_source` keeps the source columns in the
/// kept records (a whole-run stage may still reject them, and a reject lists them);
/// `warnings_of_rejects` keeps the warnings of rejected rows too (`check`).
pub(super) fn split(
    judged: Judged,
    data: &DataFrame,
    source_columns: &[String],
    codes: &[String],
    first_seq: u64,
    with_source: bool,
    warnings_of_rejects: bool,
) -> PolarsResult<Split> {
    let Judged {
        evaluated,
        rows,
        keys,
        findings,
        warnings,
        collected,
    } = judged;
    let seq = |i: usize| first_seq + i as u64;
    let keep: Vec<bool> = findings.iter().map(Vec::is_empty).collect();
    let mut rejects = Vec::new();
    for (i, found) in findings.into_iter().enumerate() {
        if found.is_empty() {
            continue;
        }
        let values = source_values(data, i, source_columns, |_, name| name.to_string());
        let record = RejectRecord {
            row: rows[i],
            key: keys.get(i).unwrap_or("").to_string(),
            findings: found,
            values,
        };
        rejects.push((seq(i), record));
    }
    // Warnings of rejected rows would mostly repeat what the reject says (in a run; `check`
    // lists them, for the customer fixes the row once).
    let warnings = warnings
        .into_iter()
        .filter(|(i, _)| warnings_of_rejects || keep[*i])
        .map(|(i, w)| (seq(i), w))
        .collect();
    let collected = collected
        .into_iter()
        .filter(|f| keep[f.index])
        .map(|f| (seq(f.index), rows[f.index], f))
        .collect();
    let source = with_source.then_some(source_columns);
    let kept = kept_records(&evaluated, data, &keep, codes, first_seq, source)?;
    let rejected = if warnings_of_rejects && keep.contains(&false) {
        let flipped: Vec<bool> = keep.iter().map(|k| !k).collect();
        Some(kept_records(
            &evaluated, data, &flipped, codes, first_seq, None,
        )?)
    } else {
        None
    };
    Ok(Split {
        kept,
        rejects,
        warnings,
        collected,
        rejected,
    })
}

fn kept_records(
    evaluated: &DataFrame,
    data: &DataFrame,
    keep: &[bool],
    codes: &[String],
    first_seq: u64,
    source_columns: Option<&[String]>,
) -> PolarsResult<DataFrame> {
    let seq: Vec<u64> = (first_seq..first_seq + keep.len() as u64).collect();
    let mut columns = vec![Column::new(SEQ_COLUMN.into(), seq)];
    for name in [SOURCE_ROW_COLUMN, KEY_COLUMN]
        .into_iter()
        .chain(codes.iter().map(String::as_str))
    {
        columns.push(evaluated.column(name)?.clone());
    }
    for (i, name) in source_columns.unwrap_or_default().iter().enumerate() {
        let renamed = source_column_name(i);
        columns.push(match data.column(name) {
            Ok(c) => c.clone().with_name(renamed.into()),
            Err(_) => Column::full_null(renamed.into(), keep.len(), &DataType::String),
        });
    }
    let mask = BooleanChunked::from_slice("keep".into(), keep);
    DataFrame::new(keep.len(), columns)?.filter(&mask)
}

/// Row `i`'s source values as rejects.csv lists them: `(source column, text)`. `column_in`
/// names the frame's column holding source column `c` (its own name in a batch as read,
/// `_s{c}` in kept records).
pub(super) fn source_values(
    frame: &DataFrame,
    i: usize,
    source_columns: &[String],
    column_in: impl Fn(usize, &str) -> String,
) -> Vec<(String, String)> {
    source_columns
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let text = frame
                .column(&column_in(c, name))
                .ok()
                .and_then(|column| column.get(i).ok())
                .map(stx_connector_core::value_text)
                .unwrap_or_default();
            (name.clone(), text)
        })
        .collect()
}
