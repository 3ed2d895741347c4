//! What a value rule decides for one value ([`Verdict`]) and the finding it becomes
//! ([`RuleFinding`]). A leaf module: `rules` (the column rules) and `codes` (the institution's
//! code lists) both produce verdicts, and neither imports the other for them.

use super::config::{InvalidOutcome, ValueOutcome};
use crate::report::Outcome;

impl From<InvalidOutcome> for Outcome {
    fn from(o: InvalidOutcome) -> Outcome {
        match o {
            InvalidOutcome::Reject => Outcome::Reject,
            InvalidOutcome::Drop => Outcome::Drop,
            InvalidOutcome::Keep => Outcome::Keep,
        }
    }
}

impl From<ValueOutcome> for Outcome {
    fn from(o: ValueOutcome) -> Outcome {
        match o {
            ValueOutcome::Reject => Outcome::Reject,
            ValueOutcome::Drop => Outcome::Drop,
            ValueOutcome::Keep => Outcome::Keep,
            ValueOutcome::Collect => Outcome::Collect,
        }
    }
}

/// A value a rule changed, dropped or rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleFinding {
    /// Row index within the batch.
    pub index: usize,
    /// SecuTix column.
    pub column: String,
    /// Rule name (`email`, `phone`, `country`, `birthdate-future`, `max-length` ...).
    pub rule: &'static str,
    /// What happened.
    pub outcome: Outcome,
    /// The value before the rule.
    pub value: String,
    /// Explanation for the customer.
    pub message: String,
    /// For [`Outcome::Collect`]: the `(code, value)` pairs to list in `missing-config.csv`
    /// under [`column`](Self::column) (value empty for single-code columns and ADMIN_NUMBER
    /// types; one pair per unknown criterion value). Empty for every other outcome. See
    /// [`super::codes::MissingConfig::add_finding`].
    pub missing: Vec<(String, String)>,
}

/// What a rule decides for one value.
pub(super) enum Verdict {
    /// Valid as written.
    Keep,
    /// Valid; written in its canonical form, silently.
    Normalise(String),
    /// Repaired: rule, new value, message.
    Repair(&'static str, String, String),
    /// Cut to the maximum length: new value, message.
    Truncate(String, String),
    /// Invalid: rule, outcome, message (a dropped field is emptied, other values unchanged).
    Invalid(&'static str, InvalidOutcome, String),
    /// Too long, dropped: message.
    TooLongDrop(String),
    /// A finding with any outcome: `Drop` empties the field, `Reject` leaves it, other
    /// outcomes write `new` (when given). `missing` goes to the finding.
    Flag {
        rule: &'static str,
        outcome: Outcome,
        message: String,
        new: Option<String>,
        missing: Vec<(String, String)>,
    },
}
