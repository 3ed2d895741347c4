//! The judge stage: the value rules and the checks of one mapped batch, turned into findings
//! row by row. Nothing is split off yet: that is the next stage's job.

use polars::prelude::*;
use stx_connector_core::{ReadAction, ReadReject, ReadWarning, SOURCE_ROW_COLUMN};

use super::account::Tallies;
use super::plan::{check_columns, check_exprs, MigrationPlan, PlannedCheck, KEY_COLUMN};
use super::records::{Finding, RejectRecord, WarningRecord};
use crate::quality::damage::DamageFinder;
use crate::quality::rules::{RuleFinding, RuleState};
use crate::report::Outcome;

/// What the rules said of one batch, by index in the batch.
pub(super) struct Judged {
    /// The mapped batch after the value rules, with the check columns.
    pub evaluated: DataFrame,
    /// `_src_row` of each row.
    pub rows: Vec<u64>,
    /// Source key of each row as text (null without `[read] key`); read only for the rows
    /// that have a finding, so a clean batch allocates no key text.
    pub keys: StringChunked,
    /// Findings that reject the row, per row.
    pub findings: Vec<Vec<Finding>>,
    /// Fields dropped, repaired or kept with a warning, with the row they belong to.
    pub warnings: Vec<(usize, WarningRecord)>,
    /// Codes kept under `unknown = "collect"`, for `missing-config.csv`.
    pub collected: Vec<RuleFinding>,
}

/// Judges batch after batch, carrying what the rules need across batches.
pub(super) struct Judge<'a> {
    plan: &'a MigrationPlan,
    /// Codes declared by CONFIG rows, carried from batch to batch.
    rule_state: RuleState,
    /// Spreadsheet damage seen so far.
    damage: DamageFinder,
}

impl<'a> Judge<'a> {
    pub(super) fn new(plan: &'a MigrationPlan) -> Judge<'a> {
        Judge {
            plan,
            rule_state: RuleState::default(),
            damage: plan.damage.clone(),
        }
    }

    /// The spreadsheet damage of the whole run, one problem per column and kind.
    pub(super) fn damage(&mut self) -> Vec<crate::report::FileProblem> {
        std::mem::take(&mut self.damage).problems()
    }

    /// Rows the connector could not read become rejects as they are.
    pub(super) fn read_rejects(
        &self,
        rejects: Vec<ReadReject>,
        tallies: &mut Tallies,
    ) -> Vec<RejectRecord> {
        rejects
            .into_iter()
            .map(|r| {
                tallies.hit(
                    r.column.as_deref().unwrap_or("(row)"),
                    "read",
                    Outcome::Reject,
                    r.value.as_deref().unwrap_or(""),
                );
                let key = self
                    .plan
                    .key
                    .as_ref()
                    .and_then(|k| r.values.iter().find(|(n, _)| n == k))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                RejectRecord {
                    row: r.src_row,
                    key,
                    findings: vec![Finding {
                        rule: "read".into(),
                        column: r.column.clone().unwrap_or_default(),
                        value: r.value.clone().unwrap_or_default(),
                        message: r.message.clone(),
                    }],
                    values: r.values,
                }
            })
            .collect()
    }

    /// Runs the value rules and the checks over a mapped batch and collects every finding.
    pub(super) fn judge(
        &mut self,
        mapped: DataFrame,
        read_warnings: Vec<ReadWarning>,
        tallies: &mut Tallies,
    ) -> PolarsResult<Judged> {
        let rows: Vec<u64> = mapped
            .column(SOURCE_ROW_COLUMN)?
            .u64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect();
        // As mapped, before any rule: what the spreadsheet left.
        self.damage.observe(&mapped, &rows)?;
        let mut evaluated = mapped;
        let rule_findings = self
            .plan
            .quality
            .apply(&mut evaluated, &mut self.rule_state)?;
        let evaluated = evaluate_checks(self.plan, evaluated)?;
        let keys = evaluated.column(KEY_COLUMN)?.str()?.clone();
        let mut judged = Judged {
            findings: vec![Vec::new(); rows.len()],
            warnings: Vec::new(),
            collected: Vec::new(),
            evaluated,
            rows,
            keys,
        };
        judged.add_read_warnings(read_warnings, tallies);
        for (check, (mask, value)) in self.planned_checks() {
            judged.add_check(check, &mask, &value, tallies)?;
        }
        judged.add_rule_findings(rule_findings, tallies);
        Ok(judged)
    }

    /// Every check with the names of its mask and value columns: mapping checks, then format
    /// checks (the order findings are listed in).
    fn planned_checks(&self) -> Vec<(&'a PlannedCheck, (String, String))> {
        let plan = self.plan;
        let mapping = plan
            .mapping_checks
            .iter()
            .enumerate()
            .map(|(i, c)| (c, check_columns('m', i)));
        let format = plan
            .format_checks
            .iter()
            .enumerate()
            .map(|(i, c)| (c, check_columns('f', i)));
        mapping.chain(format).collect()
    }
}

/// Characters of a value a message quotes: the value itself is in its own column once, and a
/// 15 MiB value quoted again in the message made rejects.csv three times its size.
pub(super) const MESSAGE_VALUE_CHARS: usize = 120;

/// Characters of a rejected value in the `value` column of `rejects.csv`: the value stands
/// whole in its source column, and a row of sixty 15 MiB fields held each twice more (as the
/// finding's value and in the file) peaked at 9.5 GB.
pub(super) const VALUE_CELL_CHARS: usize = 1_000;

/// `value` as a message quotes it: whole when short, else its beginning and its length.
pub(super) fn excerpt(value: &str) -> std::borrow::Cow<'_, str> {
    excerpt_to(value, MESSAGE_VALUE_CHARS)
}

/// `value` whole when it has at most `chars` characters, else its first `chars` and its
/// length.
pub(super) fn excerpt_to(value: &str, chars: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(chars) {
        None => std::borrow::Cow::Borrowed(value),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters)",
            &value[..cut],
            value.chars().count()
        )),
    }
}

/// The value a reject's finding keeps: long values cut to [`VALUE_CELL_CHARS`].
fn rejected_value(value: String) -> String {
    match excerpt_to(&value, VALUE_CELL_CHARS) {
        std::borrow::Cow::Borrowed(_) => value,
        std::borrow::Cow::Owned(short) => short,
    }
}

/// `message` with every quote of a long `value` replaced by its excerpt.
fn shorten_in(message: String, value: &str) -> String {
    match excerpt(value) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(short) => message.replace(value, &short),
    }
}

/// How a warning of the connector is counted: what it did to the value.
pub(super) fn read_outcome(action: ReadAction) -> Outcome {
    match action {
        ReadAction::Dropped => Outcome::Drop,
        ReadAction::Replaced => Outcome::Repair,
        ReadAction::Kept => Outcome::Keep,
    }
}

impl Judged {
    /// The source key of row `i` as text (`""` without a key).
    fn key_of(&self, i: usize) -> String {
        self.keys.get(i).unwrap_or("").to_string()
    }

    fn warning(&self, i: usize, outcome: Outcome, finding: Finding) -> (usize, WarningRecord) {
        let record = WarningRecord {
            row: self.rows[i],
            key: self.key_of(i),
            outcome: outcome.as_str(),
            finding,
        };
        (i, record)
    }

    /// Values the connector changed while reading (a zero date read as NULL).
    fn add_read_warnings(&mut self, read_warnings: Vec<ReadWarning>, tallies: &mut Tallies) {
        for w in read_warnings {
            let Ok(i) = self.rows.binary_search(&w.src_row) else {
                continue;
            };
            let outcome = read_outcome(w.action);
            tallies.hit(&w.column, "read", outcome, &w.value);
            let finding = Finding {
                rule: "read".into(),
                column: w.column,
                value: w.value,
                message: w.message,
            };
            let warning = self.warning(i, outcome, finding);
            self.warnings.push(warning);
        }
    }

    /// The rows a check's mask marks: a finding each, rejecting the row, dropping the field
    /// or keeping it with a warning.
    fn add_check(
        &mut self,
        check: &PlannedCheck,
        mask_name: &str,
        value_name: &str,
        tallies: &mut Tallies,
    ) -> PolarsResult<()> {
        let mask = self.evaluated.column(mask_name)?.bool()?.clone();
        // Most checks pass on every row: skip the walk.
        if !mask.any() {
            return Ok(());
        }
        let values = self.evaluated.column(value_name)?.str()?.clone();
        let outcome = check.outcome;
        for (i, failed) in mask.iter().enumerate() {
            if failed != Some(true) {
                continue;
            }
            let value = values.get(i).unwrap_or("").to_string();
            tallies.hit(&check.column, &check.rule, outcome, &value);
            let finding = Finding {
                rule: check.rule.clone(),
                column: check.column.clone(),
                message: check.message.replace("{value}", &excerpt(&value)),
                value,
            };
            if outcome == Outcome::Reject {
                let value = rejected_value(finding.value);
                self.findings[i].push(Finding { value, ..finding });
            } else {
                let warning = self.warning(i, outcome, finding);
                self.warnings.push(warning);
            }
        }
        Ok(())
    }

    /// Findings of the value rules: rejects, or warnings for what they repaired or dropped.
    fn add_rule_findings(&mut self, rule_findings: Vec<RuleFinding>, tallies: &mut Tallies) {
        for f in rule_findings {
            let outcome = f.outcome;
            // Codes to create are listed once the row is known to be imported (a rejected
            // row's codes may be wrong in other ways, e.g. too long).
            if outcome == Outcome::Collect {
                self.collected.push(f.clone());
            }
            tallies.hit(&f.column, f.rule, outcome, &f.value);
            let i = f.index;
            let message = shorten_in(f.message, &f.value);
            let finding = Finding {
                rule: f.rule.to_string(),
                column: f.column,
                value: f.value,
                message,
            };
            match outcome {
                Outcome::Reject => {
                    let value = rejected_value(finding.value);
                    self.findings[i].push(Finding { value, ..finding });
                }
                other => {
                    let warning = self.warning(i, other, finding);
                    self.warnings.push(warning);
                }
            }
        }
    }
}

/// Stage 2, after the value rules: for each format check `i` the columns `_f{i}` (failed)
/// and `_fv{i}` (value).
fn evaluate_checks(plan: &MigrationPlan, frame: DataFrame) -> PolarsResult<DataFrame> {
    if plan.format_checks.is_empty() {
        return Ok(frame);
    }
    let exprs = check_exprs(&plan.format_checks, 'f');
    frame.lazy().with_columns(exprs).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_quote_long_values_by_an_excerpt() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(500);
        let quoted = excerpt(&long);
        assert!(quoted.starts_with(&"é".repeat(MESSAGE_VALUE_CHARS)));
        assert!(quoted.ends_with("… (500 characters)"), "{quoted}");
        let message = format!("'{long}' is not a valid e-mail address");
        let short = shorten_in(message, &long);
        assert!(short.chars().count() < 200, "{short}");
        assert_eq!(shorten_in("'a' is bad".into(), "a"), "'a' is bad");
    }
}
