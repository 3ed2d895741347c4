//! Column rules of the SecuTix format that rewrite values: normalise (country names to ISO
//! codes, booleans to TRUE/FALSE, dates to dd.mm.yyyy, phones to one form), repair (e-mails,
//! web-site scheme, opt-in), truncate (where the spec truncates), drop the field with a warning
//! or reject the row. They run on the mapped SecuTix columns of a batch, before the format
//! checks (length, allowed values ...), one tight loop per column.
//!
//! What happens to an invalid value follows the specification where it speaks (an invalid
//! BIRTHDATE or EMAIL1 is ignored by SecuTix: `drop`; over-long names are truncated) and is
//! configurable under `[rules.COLUMN]` where it is silent.
//!
//! Which rule a column gets is data: the `rule` key of its `[[column]]` in the format profile
//! (`formats/secutix-contact.toml`; see [`ColumnSpec::value_rule`]). `rule_def` is the one
//! table from a rule to its builder and the `[rules.COLUMN]` keys it reads, so adding a column
//! or moving a rule is a profile edit.
//!
//! The code columns (TITLE, STRUCT_TYPE, COMMUNITY_TYPE, DEPARTMENT, ADMIN_NUMBER, CRIT01 ..
//! CRIT50) are checked against the institution's lists (see [`super::codes`]). Rows with
//! OPERATION = CONFIG are configuration lines: their ADMIN_NUMBER and CRITnn cells declare the
//! default code of the column for the rows that follow, across batches ([`RuleState`]), and
//! they get no other code or line-type rule.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;

use super::codes::{
    code_list, code_rule, is_criterion, list_name, shared_criteria, CodeRow, CodeRule, Criteria,
};
use super::config::{InvalidOutcome, LengthOutcome, RuleConfig, ValueOutcome};
use super::country::{country_code, country_suggestion, language_code};
use super::email::{check_email, EmailCheck, EmailRepairs};
use super::phone::{
    check_phone, fits_landline_column, fits_mobile_column, LineKind, PhoneCheck, PhoneStyle,
};
use super::verdict::Verdict;
use crate::format::{ColumnSpec, FormatProfile, ValueRule};
use crate::migration::InstitutionSpec;

/// What a rule did to a value (the report's vocabulary; value rules never `Normalise`
/// with a finding: silent normalisations are not findings).
pub use crate::report::Outcome;

/// A value a rule changed, dropped or rejected (defined in the leaf module `verdict`, which
/// `codes` shares).
pub use super::verdict::RuleFinding;

/// The `[rules]` section that applies to every criterion column CRIT01 ... CRIT50
/// (`[rules."CRIT*"]`); a key of a specific `[rules.CRIT07]` wins over it.
pub const CRITERIA_WILDCARD: &str = "CRIT*";

/// What the rules remember from one batch to the next of a file: the codes that the last
/// OPERATION = CONFIG row declared for ADMIN_NUMBER and the CRITnn columns. The caller owns
/// it, starts a file with `RuleState::default()`, and passes it to every
/// [`QualityRules::apply`] of that file, batches in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleState {
    /// A CONFIG row has been seen.
    seen_config: bool,
    /// Column → code declared by the last CONFIG row.
    declared: BTreeMap<String, String>,
}

impl RuleState {
    /// The code the last CONFIG row declared for `column`, if any.
    pub fn declared(&self, column: &str) -> Option<&str> {
        self.declared.get(column).map(String::as_str)
    }

    /// Whether a CONFIG row has been seen.
    pub fn seen_config(&self) -> bool {
        self.seen_config
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Country {
        invalid: InvalidOutcome,
        closest_name: bool,
    },
    Language {
        invalid: InvalidOutcome,
    },
    Email {
        invalid: InvalidOutcome,
        repairs: EmailRepairs,
    },
    Phone {
        invalid: InvalidOutcome,
        style: PhoneStyle,
        /// A number of the wrong line type (mobile in TELEPHONE/FAX, landline in CELLPHONE).
        line_type: ValueOutcome,
        /// CELLPHONE (else TELEPHONE or FAX).
        mobile_column: bool,
        /// Opt-in repairs of spreadsheet damage: the `+` (`restore-plus`) or the leading 0
        /// (`restore-zero`) a number stored as a number lost.
        restore_plus: bool,
        restore_zero: bool,
    },
    Postcode {
        /// `restore-zeros`: leading zeros a spreadsheet took put back.
        restore_zeros: bool,
    },
    Code(CodeRule),
    BirthDate {
        invalid: InvalidOutcome,
        future: InvalidOutcome,
    },
    Boolean,
    UpperCase,
    AddressType {
        invalid: InvalidOutcome,
    },
    WebSite {
        invalid: InvalidOutcome,
    },
    Digits {
        invalid: InvalidOutcome,
    },
    Length {
        max: usize,
        outcome: LengthOutcome,
    },
}

/// The value rules of one migration, in the order they run.
#[derive(Debug, Clone, Default)]
pub struct QualityRules {
    rules: Vec<(String, Kind)>,
    /// The column of the `country` rule: phones read their row's country from it.
    country_column: Option<String>,
    institution_country: Option<String>,
    today: Option<NaiveDate>,
    /// `check` of a file: values are judged as written (see [`QualityRules::as_written`]).
    as_written: bool,
}

/// A builder of the [`Kind`] of one column (`None`: the column gets no value rule).
type Builder = fn(&RuleColumn<'_>) -> Result<Option<Kind>, String>;

/// What a value rule of the profile (a column's `rule` key) builds, and which `[rules.COLUMN]`
/// keys it reads. [`rule_def`] is the one table from rule to both.
struct RuleDef {
    /// The `[rules.COLUMN]` keys the rule reads, in the order messages list them; `unknown`
    /// follows them for a code rule whose list is configured, `too-long` for every column
    /// with a max-length.
    keys: &'static [&'static str],
    /// Checks codes against the column's `[institution]` list (see [`code_rule`]).
    code: bool,
    /// Rules run by stage, then in profile order: the country first, because phones read
    /// their row's normalised country, then the language.
    stage: u8,
    /// The rule's [`Kind`].
    build: Builder,
}

/// One column as a rule builder sees it.
struct RuleColumn<'a> {
    code: &'a str,
    rule: ValueRule,
    /// `[rules.COLUMN]`, for a criterion column merged with `[rules."CRIT*"]`.
    cfg: &'a RuleConfig,
    /// `invalid`, by default `drop` (code rules default to `reject`: see [`code_rule`]).
    invalid: InvalidOutcome,
    lists: &'a InstitutionSpec,
    criteria: Option<&'a Arc<Criteria>>,
}

/// The table: each value rule of the profile with its keys and builder (a `match`, so a new
/// [`ValueRule`] does not compile without its row).
fn rule_def(rule: ValueRule) -> RuleDef {
    fn def(keys: &'static [&'static str], build: Builder) -> RuleDef {
        RuleDef {
            keys,
            code: false,
            stage: 2,
            build,
        }
    }
    fn code(keys: &'static [&'static str]) -> RuleDef {
        RuleDef {
            code: true,
            ..def(keys, |c| {
                let rule = code_rule(c.code, c.rule, c.cfg, c.lists, c.criteria)?;
                Ok(rule.map(Kind::Code))
            })
        }
    }
    use ValueRule as R;
    match rule {
        R::Country => RuleDef {
            stage: 0,
            ..def(&["invalid", "repairs"], country)
        },
        R::Language => RuleDef {
            stage: 1,
            ..def(&["invalid"], |c| {
                Ok(Some(Kind::Language { invalid: c.invalid }))
            })
        },
        R::Email => def(&["invalid", "repairs"], email),
        R::PhoneFixed | R::PhoneMobile => def(&["invalid", "style", "line-type", "repairs"], phone),
        R::Postcode => def(&["repairs"], |c| {
            let chosen = repairs_of(c.code, c.cfg, &["restore-zeros"])?;
            Ok(Some(Kind::Postcode {
                restore_zeros: !chosen.is_empty(),
            }))
        }),
        R::Title | R::Code => code(&[]),
        R::AdminNumber | R::Criterion => code(&["invalid"]),
        R::BirthDate => def(&["invalid", "future"], |c| {
            let future = c.cfg.future.unwrap_or(InvalidOutcome::Drop);
            Ok(Some(Kind::BirthDate {
                invalid: c.invalid,
                future,
            }))
        }),
        R::UpperCase => def(&[], |_| Ok(Some(Kind::UpperCase))),
        R::AddressType => def(&["invalid"], |c| {
            Ok(Some(Kind::AddressType { invalid: c.invalid }))
        }),
        R::WebSite => def(&["invalid"], |c| {
            Ok(Some(Kind::WebSite { invalid: c.invalid }))
        }),
        R::Digits => def(&["invalid"], |c| {
            Ok(Some(Kind::Digits { invalid: c.invalid }))
        }),
        R::Boolean => def(&[], |_| Ok(Some(Kind::Boolean))),
        R::None => def(&[], |_| Ok(None)),
    }
}

fn country(c: &RuleColumn<'_>) -> Result<Option<Kind>, String> {
    let closest_name =
        repairs_of(c.code, c.cfg, &["closest-name"])?.contains(&"closest-name".to_string());
    Ok(Some(Kind::Country {
        invalid: c.invalid,
        closest_name,
    }))
}

fn email(c: &RuleColumn<'_>) -> Result<Option<Kind>, String> {
    let names = [
        "inner-spaces",
        "trailing-dot",
        "doubled-at",
        "domain-typo",
        "first-of-several",
        "at-word",
        "all",
    ];
    let chosen = repairs_of(c.code, c.cfg, &names)?;
    let all = chosen.iter().any(|r| r == "all");
    let on = |name: &str| all || chosen.iter().any(|r| r == name);
    let repairs = EmailRepairs {
        inner_spaces: on("inner-spaces"),
        trailing_dot: on("trailing-dot"),
        doubled_at: on("doubled-at"),
        domain_typos: on("domain-typo"),
        first_of_several: on("first-of-several"),
        at_word: on("at-word"),
    };
    Ok(Some(Kind::Email {
        invalid: c.invalid,
        repairs,
    }))
}

fn phone(c: &RuleColumn<'_>) -> Result<Option<Kind>, String> {
    let style = match c.cfg.style.as_deref() {
        None | Some("e164") => PhoneStyle::E164,
        Some("forced-country") => PhoneStyle::ForcedCountry,
        Some("national") => PhoneStyle::National,
        Some(other) => {
            return Err(format!(
                "[rules.{}] style '{other}' is unknown (e164, forced-country, national)",
                c.code
            ))
        }
    };
    let repairs = repairs_of(c.code, c.cfg, &["restore-plus", "restore-zero"])?;
    Ok(Some(Kind::Phone {
        invalid: c.invalid,
        style,
        line_type: c.cfg.line_type.unwrap_or(ValueOutcome::Keep),
        mobile_column: c.rule == ValueRule::PhoneMobile,
        restore_plus: repairs.iter().any(|r| r == "restore-plus"),
        restore_zero: repairs.iter().any(|r| r == "restore-zero"),
    }))
}

impl QualityRules {
    /// The rules for the SecuTix columns in `live` (those the migration fills): each column's
    /// value rule from the profile ([`ColumnSpec::value_rule`]), with the overrides of `[rules]`
    /// (`[rules."CRIT*"]` for every criterion column) and the institution's code lists.
    /// Errors name the column and the key.
    pub fn build(
        profile: &FormatProfile,
        live: &[&str],
        config: &BTreeMap<String, RuleConfig>,
        institution_country: Option<&str>,
        codes: &InstitutionSpec,
    ) -> Result<QualityRules, String> {
        codes.check()?;
        check_sections(profile, config, codes)?;
        let wildcard = config.get(CRITERIA_WILDCARD);
        let none = RuleConfig::default();
        let criteria = shared_criteria(codes);
        let mut columns: Vec<(&ColumnSpec, RuleDef)> = profile
            .columns()
            .iter()
            .filter(|c| live.contains(&c.code.as_str()))
            .map(|c| (c, rule_def(c.value_rule())))
            .collect();
        columns.sort_by_key(|(_, def)| def.stage);
        let mut rules: Vec<(String, Kind)> = Vec::new();
        for (spec, def) in columns {
            let code = spec.code.as_str();
            let specific = config.get(code).unwrap_or(&none);
            let merged;
            // [rules."CRIT*"] covers the columns named CRITnn, as its name says: a pattern on
            // names, like the section itself, not on the criterion rule.
            let cfg = match wildcard.filter(|_| is_criterion(code)) {
                Some(w) => {
                    merged = merge_rules(specific, w);
                    &merged
                }
                None => specific,
            };
            let column = RuleColumn {
                code,
                rule: spec.value_rule(),
                cfg,
                invalid: cfg.invalid.unwrap_or(InvalidOutcome::Drop),
                lists: codes,
                criteria: criteria.as_ref(),
            };
            if let Some(kind) = (def.build)(&column)? {
                rules.push((code.to_string(), kind));
            }
            // Length: the profile's too-long (the spec truncates structure names); elsewhere
            // the default stays `reject` (a format check) unless configured.
            if let (Some(max), Some(outcome)) = (spec.max_length, cfg.too_long.or(spec.too_long()))
            {
                if outcome != LengthOutcome::Reject {
                    rules.push((code.to_string(), Kind::Length { max, outcome }));
                }
            }
            let list = def
                .code
                .then(|| code_list(code, spec.value_rule(), codes))
                .flatten();
            let mut allowed: Vec<&str> = def.keys.to_vec();
            if list.as_ref().is_some_and(|(_, configured)| *configured) {
                allowed.push("unknown");
            }
            if spec.max_length.is_some() {
                allowed.push("too-long");
            }
            // The keys of [rules."CRIT*"] were checked above, on their own.
            let list = list.map(|(name, _)| name);
            check_keys(&format!("[rules.{code}]"), code, specific, &allowed, list)?;
        }
        Ok(QualityRules {
            rules,
            country_column: profile
                .columns()
                .iter()
                .find(|c| c.value_rule() == ValueRule::Country)
                .map(|c| c.code.clone()),
            institution_country: institution_country.map(str::to_uppercase),
            today: None,
            as_written: false,
        })
    }

    /// Judges values as written, for `check` of a file SecuTix will import cell for cell: a
    /// value a rule would normalise or repair stays as it is (so the length checks see it as
    /// written) and becomes a warning naming the form SecuTix needs.
    pub fn as_written(mut self) -> QualityRules {
        self.as_written = true;
        self
    }

    /// Fixes "today" for the future-date rule (tests; by default the run's date).
    pub fn with_today(mut self, today: NaiveDate) -> QualityRules {
        self.today = Some(today);
        self
    }

    /// Applies every rule to the batch's SecuTix columns (text), rewriting them in place, and
    /// returns what each rule did. `state` carries the CONFIG rows' declarations from one
    /// batch of a file to the next: pass the same one for every batch, in order.
    pub fn apply(
        &self,
        frame: &mut DataFrame,
        state: &mut RuleState,
    ) -> PolarsResult<Vec<RuleFinding>> {
        let mut findings = Vec::new();
        let today = self
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        // CONFIG rows are the import format's own (spec §3.1), marked in OPERATION whatever
        // the profile's rules: a literal, not data.
        let config_rows: Vec<bool> = match frame.column("OPERATION") {
            Ok(operation) => operation
                .str()?
                .iter()
                .map(|op| op.is_some_and(|op| op.trim().eq_ignore_ascii_case("CONFIG")))
                .collect(),
            Err(_) => vec![false; frame.height()],
        };
        // As written (`check`), COUNTRY keeps its cells, but phones and postcodes still read
        // the country a row means (`Schweiz` → CH), as in a run.
        let mut meant_countries: Option<StringChunked> = None;
        for (code, kind) in &self.rules {
            let values = frame.column(code)?.str()?.clone();
            let judged = match kind {
                Kind::Code(rule) => {
                    judge_codes(rule, code, &values, &config_rows, state, self.as_written)
                }
                _ => {
                    // Only phones and postcodes read the country.
                    let countries = match kind {
                        Kind::Phone { .. } | Kind::Postcode { .. } => {
                            meant_countries.clone().or_else(|| {
                                self.country_column
                                    .as_ref()
                                    .and_then(|country| frame.column(country).ok())
                                    .and_then(|c| c.str().ok().cloned())
                            })
                        }
                        _ => None,
                    };
                    let rows = Rows {
                        values: &values,
                        countries: countries.as_ref(),
                        config_rows: &config_rows,
                    };
                    self.judge_values(kind, code, rows, today)
                }
            };
            findings.extend(judged.findings);
            if matches!(kind, Kind::Country { .. }) && !judged.meant.is_empty() {
                meant_countries = Some(rewrite(&values, &judged.meant));
            }
            if !judged.changes.is_empty() {
                let rewritten = rewrite(&values, &judged.changes);
                frame.with_column(rewritten.with_name(code.as_str().into()).into_column())?;
            }
        }
        state.seen_config |= config_rows.iter().any(|c| *c);
        findings.sort_by_key(|f| f.index);
        Ok(findings)
    }
}

/// Rows a rule task judges per piece: enough that a piece outweighs handing it to a thread,
/// few enough that both cores get several pieces of a batch.
const ROWS_PER_TASK: usize = 4_096;

/// One column's values with what a rule reads beside them, for [`QualityRules::judge_values`].
struct Rows<'a> {
    values: &'a StringChunked,
    /// The country each row means (phones and postcodes only).
    countries: Option<&'a StringChunked>,
    config_rows: &'a [bool],
}

/// What a rule made of a column (or of a piece of it), by row index in the batch.
#[derive(Default)]
struct JudgedColumn {
    findings: Vec<RuleFinding>,
    /// Cells to rewrite (`None`: emptied).
    changes: Vec<(usize, Option<String>)>,
    /// Judging as written: what a run would write instead.
    meant: Vec<(usize, Option<String>)>,
}

impl JudgedColumn {
    /// Records what `verdict` does to `value` in row `index`.
    fn record(
        &mut self,
        index: usize,
        column: &str,
        value: &str,
        verdict: Verdict,
        as_written: bool,
    ) {
        let Applied {
            finding,
            change,
            meant,
        } = applied(verdict, value, as_written);
        if let Some((rule, outcome, message, missing)) = finding {
            self.findings.push(RuleFinding {
                index,
                column: column.to_string(),
                rule,
                outcome,
                value: value.to_string(),
                message,
                missing,
            });
        }
        if let Some(change) = change {
            self.changes.push((index, change));
        }
        if let Some(new) = meant {
            self.meant.push((index, Some(new)));
        }
    }

    /// `pieces` in row order as one column's outcome.
    fn concat(pieces: Vec<JudgedColumn>) -> JudgedColumn {
        let mut whole = JudgedColumn::default();
        for piece in pieces {
            whole.findings.extend(piece.findings);
            whole.changes.extend(piece.changes);
            whole.meant.extend(piece.meant);
        }
        whole
    }
}

impl QualityRules {
    /// A rule whose verdict depends on the value and its row alone (every rule but the code
    /// rules), judged piece by piece of [`ROWS_PER_TASK`] rows on every core; the pieces come
    /// back in row order, so findings and changes are the same as judged in one go.
    fn judge_values(
        &self,
        kind: &Kind,
        code: &str,
        rows: Rows<'_>,
        today: NaiveDate,
    ) -> JudgedColumn {
        let height = rows.values.len();
        let pieces: Vec<JudgedColumn> = (0..height.div_ceil(ROWS_PER_TASK))
            .into_par_iter()
            .map(|piece| {
                let start = piece * ROWS_PER_TASK;
                let len = ROWS_PER_TASK.min(height - start);
                let values = rows.values.slice(start as i64, len);
                let countries = rows.countries.map(|c| c.slice(start as i64, len));
                let mut country_of = countries.as_ref().map(|c| c.iter());
                let mut judged = JudgedColumn::default();
                for (offset, value) in values.iter().enumerate() {
                    let index = start + offset;
                    let row_country = country_of.as_mut().and_then(|c| c.next().flatten());
                    let Some(value) = value else { continue };
                    if value == "=" {
                        continue; // "erase the stored value": passed through untouched
                    }
                    let country = row_country.or(self.institution_country.as_deref());
                    let config_row = rows.config_rows.get(index).copied().unwrap_or(false);
                    let verdict = judge(kind, code, value, country, today, config_row);
                    judged.record(index, code, value, verdict, self.as_written);
                }
                judged
            })
            .collect();
        JudgedColumn::concat(pieces)
    }
}

/// A code column (ADMIN_NUMBER, CRITnn …) in row order on one thread: a CONFIG row declares
/// the codes of the rows after it, and `state` carries the last declaration to the next batch.
fn judge_codes(
    rule: &CodeRule,
    code: &str,
    values: &StringChunked,
    config_rows: &[bool],
    state: &mut RuleState,
    as_written: bool,
) -> JudgedColumn {
    let mut judged = JudgedColumn::default();
    // The code the last CONFIG row declared for this column; a CONFIG row replaces the whole
    // configuration, so it clears the column's code even when its cell is empty.
    let mut declared = state.declared.get(code).cloned();
    let mut seen_config = state.seen_config;
    for (i, value) in values.iter().enumerate() {
        let config_row = config_rows.get(i).copied().unwrap_or(false);
        if config_row {
            seen_config = true;
            declared = None;
        }
        let Some(value) = value else { continue };
        if value == "=" {
            continue; // "erase the stored value": passed through untouched
        }
        let row = CodeRow {
            config_row,
            declared: &mut declared,
            seen_config,
        };
        let verdict = rule.judge(code, value, row);
        judged.record(i, code, value, verdict, as_written);
    }
    match declared {
        Some(d) => state.declared.insert(code.to_string(), d),
        None => state.declared.remove(code),
    };
    judged
}

/// What a verdict does to its value: the finding it makes, the change to the cell (`None`
/// inside: emptied), and, judging as written, what a run would have written instead.
struct Applied {
    finding: Option<Found>,
    change: Option<Option<String>>,
    meant: Option<String>,
}

/// A finding's rule, outcome, message and codes to create.
type Found = (&'static str, Outcome, String, Vec<(String, String)>);

fn applied(verdict: Verdict, value: &str, as_written: bool) -> Applied {
    let found = |rule, outcome, message| Some((rule, outcome, message, Vec::new()));
    let none = Applied {
        finding: None,
        change: None,
        meant: None,
    };
    match verdict {
        Verdict::Keep => none,
        Verdict::Normalise(new) if as_written => Applied {
            finding: found(
                "as-written",
                Outcome::Normalise,
                as_written_message(value, &new),
            ),
            meant: Some(new),
            ..none
        },
        Verdict::Repair(rule, new, _) if as_written => Applied {
            finding: found(rule, Outcome::Repair, as_written_message(value, &new)),
            meant: Some(new),
            ..none
        },
        Verdict::Normalise(new) => Applied {
            change: Some(Some(new)),
            ..none
        },
        Verdict::Repair(rule, new, message) => Applied {
            finding: found(rule, Outcome::Repair, message),
            change: Some(Some(new)),
            ..none
        },
        Verdict::Truncate(new, message) => Applied {
            finding: found("max-length", Outcome::Truncate, message),
            change: Some(Some(new)),
            ..none
        },
        Verdict::Invalid(rule, outcome, message) => {
            let outcome = Outcome::from(outcome);
            Applied {
                finding: found(rule, outcome, message),
                change: (outcome == Outcome::Drop).then_some(None),
                ..none
            }
        }
        Verdict::TooLongDrop(message) => Applied {
            finding: found("max-length", Outcome::Drop, message),
            change: Some(None),
            ..none
        },
        Verdict::Flag {
            rule,
            outcome,
            message,
            new,
            missing,
        } => {
            let change = match (outcome, new) {
                (Outcome::Drop, _) => Some(None),
                (Outcome::Reject, _) | (_, None) => None,
                (_, Some(new)) => (new != value).then_some(Some(new)),
            };
            Applied {
                finding: Some((rule, outcome, message, missing)),
                change,
                ..none
            }
        }
    }
}

/// What `check` says of a value a rule would change: SecuTix imports the cell as it is.
fn as_written_message(value: &str, needed: &str) -> String {
    format!("SecuTix imports '{value}' as written; the form it needs is '{needed}'")
}

/// Every `[rules.X]` names a column of the profile, or is `[rules."CRIT*"]` with keys that
/// some criterion column uses.
fn check_sections(
    profile: &FormatProfile,
    config: &BTreeMap<String, RuleConfig>,
    codes: &InstitutionSpec,
) -> Result<(), String> {
    for column in config.keys() {
        if column != CRITERIA_WILDCARD && profile.column(column).is_none() {
            return Err(format!(
                "[rules.{column}]: {column} is not a column of the format{}",
                if column.contains('*') {
                    " (the one wildcard is [rules.\"CRIT*\"], for CRIT01 ... CRIT50)"
                } else {
                    ""
                }
            ));
        }
    }
    if let Some(w) = config.get(CRITERIA_WILDCARD) {
        let section = format!("[rules.\"{CRITERIA_WILDCARD}\"]");
        let mut allowed = vec!["invalid"];
        if codes.configured_for(CRITERIA_WILDCARD) {
            allowed.push("unknown");
        }
        if profile
            .columns()
            .iter()
            .any(|c| is_criterion(&c.code) && c.max_length.is_some())
        {
            allowed.push("too-long");
        }
        let list = list_name(CRITERIA_WILDCARD);
        check_keys(&section, CRITERIA_WILDCARD, w, &allowed, list)?;
    }
    Ok(())
}

/// A specific `[rules.CRITnn]` over `[rules."CRIT*"]`: each key set in `specific` wins.
fn merge_rules(specific: &RuleConfig, wildcard: &RuleConfig) -> RuleConfig {
    RuleConfig {
        invalid: specific.invalid.or(wildcard.invalid),
        too_long: specific.too_long.or(wildcard.too_long),
        future: specific.future.or(wildcard.future),
        repairs: specific
            .repairs
            .clone()
            .or_else(|| wildcard.repairs.clone()),
        style: specific.style.clone().or_else(|| wildcard.style.clone()),
        unknown: specific.unknown.or(wildcard.unknown),
        line_type: specific.line_type.or(wildcard.line_type),
    }
}

/// Every key `cfg` sets must be one a rule of `code` uses, with a value it accepts. `list` is
/// where the list of a code rule is configured, named when `unknown` is set without it.
fn check_keys(
    section: &str,
    code: &str,
    cfg: &RuleConfig,
    allowed: &[&str],
    list: Option<String>,
) -> Result<(), String> {
    for (key, set) in [
        ("invalid", cfg.invalid.is_some()),
        ("too-long", cfg.too_long.is_some()),
        ("future", cfg.future.is_some()),
        ("repairs", cfg.repairs.is_some()),
        ("style", cfg.style.is_some()),
        ("unknown", cfg.unknown.is_some()),
        ("line-type", cfg.line_type.is_some()),
    ] {
        if !set || allowed.contains(&key) {
            continue;
        }
        if key == "unknown" {
            if let Some(list) = &list {
                return Err(format!(
                    "{section} sets unknown, but {list} is not configured: without the institution's codes no code of {code} is unknown"
                ));
            }
        }
        return Err(format!(
            "{section} sets {key}, which no rule of {code} uses (it uses: {})",
            if allowed.is_empty() {
                "nothing".to_string()
            } else {
                allowed.join(", ")
            }
        ));
    }
    for (key, value, accepted) in [
        (
            "unknown",
            cfg.unknown,
            &[
                ValueOutcome::Reject,
                ValueOutcome::Drop,
                ValueOutcome::Collect,
            ][..],
        ),
        (
            "line-type",
            cfg.line_type,
            &[ValueOutcome::Keep, ValueOutcome::Drop, ValueOutcome::Reject][..],
        ),
    ] {
        if let Some(v) = value.filter(|v| !accepted.contains(v)) {
            let names: Vec<&str> = accepted.iter().map(|a| a.as_str()).collect();
            return Err(format!(
                "{section} {key} = \"{}\" is not allowed here (use {})",
                v.as_str(),
                names.join(", ")
            ));
        }
    }
    Ok(())
}

fn repairs_of(code: &str, cfg: &RuleConfig, known: &[&str]) -> Result<Vec<String>, String> {
    let chosen = cfg.repairs.clone().unwrap_or_default();
    for r in &chosen {
        if !known.contains(&r.as_str()) {
            return Err(format!(
                "[rules.{code}] repairs: unknown repair '{r}' (known: {})",
                known.join(", ")
            ));
        }
    }
    Ok(chosen)
}

fn judge(
    kind: &Kind,
    column: &str,
    value: &str,
    country: Option<&str>,
    today: NaiveDate,
    config_row: bool,
) -> Verdict {
    match kind {
        Kind::Country { invalid, closest_name } => judge_country(value, *invalid, *closest_name),
        Kind::Language { invalid } => match language_code(value) {
            Some(code) => changed(value, code.to_string()),
            None => Verdict::Invalid("language", *invalid, format!("'{value}' is not an ISO 639-1 language code or a language name")),
        },
        Kind::Email { invalid, repairs } => judge_email(value, *invalid, repairs),
        Kind::Phone {
            invalid,
            style,
            line_type,
            mobile_column,
            restore_plus,
            restore_zero,
        } => {
            let rule = PhoneRule {
                column,
                invalid: *invalid,
                style: *style,
                line_type: *line_type,
                mobile_column: *mobile_column,
            };
            let restored = restore_plus
                .then(|| super::damage::restore_plus(value).map(|v| (v, "restore-plus")))
                .flatten()
                .or_else(|| {
                    restore_zero
                        .then(|| super::damage::restore_zero(value, country).map(|v| (v, "restore-zero")))
                        .flatten()
                });
            match restored {
                Some((fixed, repair)) => restored_phone(value, &fixed, repair, rule, country, config_row),
                None => judge_phone(value, rule, country, config_row),
            }
        }
        Kind::Postcode { restore_zeros } => match country
            .filter(|_| *restore_zeros)
            .and_then(|c| super::damage::restore_postcode(value, c))
        {
            Some(fixed) => Verdict::Repair(
                "restore-zeros",
                fixed.clone(),
                format!("'{value}' lost its leading zeros (stored as a number, by a spreadsheet or a numeric column): restored '{fixed}'"),
            ),
            None => Verdict::Keep,
        },
        Kind::BirthDate { invalid, future } => match parse_birth_date(value) {
            Some(d) if d > today => Verdict::Invalid(
                "birthdate-future",
                *future,
                format!("birth date '{value}' is in the future"),
            ),
            Some(d) => changed(value, d.format("%d.%m.%Y").to_string()),
            None => Verdict::Invalid(
                "birthdate",
                *invalid,
                format!("'{value}' is not a real date (dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd)"),
            ),
        },
        Kind::Boolean => match value.trim().to_lowercase().as_str() {
            "true" | "t" | "1" | "yes" | "y" | "oui" | "ja" => changed(value, "TRUE".into()),
            "false" | "f" | "0" | "no" | "n" | "non" | "nein" => changed(value, "FALSE".into()),
            // Left as is: the format check rejects it with its own message.
            _ => Verdict::Keep,
        },
        Kind::UpperCase => changed(value, value.trim().to_uppercase()),
        Kind::AddressType { invalid } => judge_address_type(value, *invalid),
        Kind::WebSite { invalid } => judge_web_site(value, *invalid),
        Kind::Digits { invalid } => judge_digits(value, *invalid),
        // Judged by `CodeRule::judge` in `judge_codes`, which knows the CONFIG rows.
        Kind::Code(_) => Verdict::Keep,
        Kind::Length { max, outcome } => judge_length(value, *max, *outcome),
    }
}

/// A phone number whose spreadsheet damage `repair` restored as `fixed`: the restored number
/// goes through the phone rule, and the repair is the finding (the rule's own verdict when it
/// still finds something wrong).
fn restored_phone(
    value: &str,
    fixed: &str,
    repair: &'static str,
    rule: PhoneRule<'_>,
    country: Option<&str>,
    config_row: bool,
) -> Verdict {
    match judge_phone(fixed, rule, country, config_row) {
        Verdict::Keep => Verdict::Repair(repair, fixed.to_string(), restored_message(value, fixed)),
        Verdict::Normalise(new) => Verdict::Repair(repair, new, restored_message(value, fixed)),
        other => other,
    }
}

fn restored_message(value: &str, fixed: &str) -> String {
    format!("'{value}' was stored as a number (by a spreadsheet or a numeric column): restored '{fixed}'")
}

/// `value` rewritten as `new`, or kept when it is already that.
fn changed(value: &str, new: String) -> Verdict {
    if new == value {
        Verdict::Keep
    } else {
        Verdict::Normalise(new)
    }
}

/// What the phone rule of a column says, for [`judge_phone`].
struct PhoneRule<'a> {
    column: &'a str,
    invalid: InvalidOutcome,
    style: PhoneStyle,
    line_type: ValueOutcome,
    mobile_column: bool,
}

/// COUNTRY: an ISO code or a country name in one of five languages.
fn judge_country(value: &str, invalid: InvalidOutcome, closest_name: bool) -> Verdict {
    match country_code(value) {
        Some(code) => changed(value, code.to_string()),
        None => match (closest_name, country_suggestion(value)) {
            (true, Some((code, name))) => Verdict::Repair(
                "country",
                code.to_string(),
                format!(
                    "'{value}' is not a country name; taken as {name} ({code}), the closest name"
                ),
            ),
            (_, suggestion) => Verdict::Invalid(
                "country",
                invalid,
                format!(
                    "'{value}' is not an ISO 3166 country code or a country name{}",
                    suggestion
                        .map(|(c, n)| format!(
                            " (closest: {n} = {c}; enable repairs = [\"closest-name\"] or map it)"
                        ))
                        .unwrap_or_default()
                ),
            ),
        },
    }
}

/// EMAIL1–3: valid as written, repaired by the chosen repairs, or invalid with the repair
/// that would fix it.
fn judge_email(value: &str, invalid: InvalidOutcome, repairs: &EmailRepairs) -> Verdict {
    match check_email(value, repairs) {
        EmailCheck::Valid(v) => changed(value, v),
        EmailCheck::Repaired { value: v, repairs } => {
            let names: Vec<String> = repairs
                .iter()
                .map(|r| {
                    serde_json::to_value(r)
                        .ok()
                        .and_then(|j| j.as_str().map(String::from))
                        .unwrap_or_default()
                })
                .collect();
            Verdict::Repair(
                "email-repair",
                v.clone(),
                format!("'{value}' repaired to '{v}' ({})", names.join(", ")),
            )
        }
        EmailCheck::Invalid {
            reason,
            repairable_with,
        } => Verdict::Invalid(
            "email",
            invalid,
            format!(
                "'{value}' is not a valid e-mail address: {reason}{}",
                repairable_with
                    .and_then(|r| serde_json::to_value(r).ok())
                    .and_then(|j| j.as_str().map(|s| format!(
                        " (the repair '{s}' would fix it: [rules.COLUMN] repairs)"
                    )))
                    .unwrap_or_default()
            ),
        ),
    }
}

/// TELEPHONE, FAX and CELLPHONE: a valid number in the chosen style, and whether its line
/// type fits the column.
fn judge_phone(
    value: &str,
    rule: PhoneRule<'_>,
    country: Option<&str>,
    config_row: bool,
) -> Verdict {
    let PhoneRule {
        column,
        invalid,
        style,
        line_type,
        mobile_column,
    } = rule;
    match check_phone(value, country, style) {
        PhoneCheck::Valid(p) => {
            // Only what the numbering plan knows for sure: a mobile in a landline column,
            // a landline (or toll-free) number in CELLPHONE. MobileOrLandline (USA ...)
            // and other types (VoIP, UAN ...) pass.
            let misfit = if mobile_column {
                !fits_mobile_column(p.kind) && p.kind != LineKind::Other
            } else {
                !fits_landline_column(p.kind)
            };
            if !misfit || config_row {
                return changed(value, p.value);
            }
            // Words for the customer: the SecuTix columns such a number belongs in.
            let (found, fits) = match p.kind {
                LineKind::Mobile => ("a mobile number", "CELLPHONE"),
                LineKind::TollFree => ("a toll-free number", "TELEPHONE"),
                _ => ("a landline number", "TELEPHONE"),
            };
            let region = p
                .region
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            let hint = if line_type == ValueOutcome::Keep {
                format!("; kept ([rules.{column}] line-type = \"drop\" or \"reject\" refuses it)")
            } else {
                String::new()
            };
            Verdict::Flag {
                rule: "phone-line-type",
                outcome: Outcome::from(line_type),
                message: format!(
                    "'{value}' is {found}{region}: it would fit {fits}, not {column}{hint}"
                ),
                new: Some(p.value),
                missing: Vec::new(),
            }
        }
        PhoneCheck::Invalid { reason } => Verdict::Invalid(
            "phone",
            invalid,
            format!("'{value}' is not a valid phone number: {reason}"),
        ),
    }
}

/// ADDR_TYPE: M, S and B, each at most once.
fn judge_address_type(value: &str, invalid: InvalidOutcome) -> Verdict {
    let upper = value.trim().to_uppercase();
    let mut seen = String::new();
    let ok = !upper.is_empty()
        && upper.chars().all(|c| {
            let fresh = matches!(c, 'M' | 'S' | 'B') && !seen.contains(c);
            seen.push(c);
            fresh
        });
    if ok {
        changed(value, upper)
    } else {
        Verdict::Invalid(
                    "address-type",
                    invalid,
                    format!("'{value}' is not an address type: M (main), S (shipment), B (billing), each at most once, e.g. MB"),
                )
    }
}

/// WEB_SITE: an address, given the http:// prefix SecuTix requires when it has none. A
/// scheme already there is recognised in any case (`HTTP://ACME.CH` gets a lower-case
/// scheme, never a second one); another scheme (`ftp://`) or a damaged one (`http:/acme.ch`)
/// is not a web address SecuTix can link to.
fn judge_web_site(value: &str, invalid: InvalidOutcome) -> Verdict {
    let v = value.trim();
    if v.contains(char::is_whitespace) || !v.contains('.') {
        return Verdict::Invalid(
            "web-site",
            invalid,
            format!("'{value}' is not a web address"),
        );
    }
    let Some((scheme, rest)) = url_scheme(v) else {
        let fixed = format!("http://{v}");
        return Verdict::Repair(
            "web-site-scheme",
            fixed.clone(),
            format!("'{value}' has no http:// prefix, which SecuTix requires: written '{fixed}'"),
        );
    };
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    match rest.strip_prefix("//") {
        Some(address) if web && !address.is_empty() => changed(
            value,
            format!("{}://{address}", scheme.to_ascii_lowercase()),
        ),
        _ if web => Verdict::Invalid(
            "web-site",
            invalid,
            format!(
                "'{value}' has a damaged {scheme}: prefix: write {}://",
                scheme.to_ascii_lowercase()
            ),
        ),
        _ => Verdict::Invalid(
            "web-site",
            invalid,
            format!("'{value}' is a {scheme}: address, not a web address (http:// or https://)"),
        ),
    }
}

/// The scheme of a URL-like text and what follows its colon: letters (then letters, digits,
/// `+`, `-`) before a `:` that starts `/`, or a well-known scheme name (`mailto:x@y.ch`);
/// `www.acme.ch:8080` has none.
fn url_scheme(v: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = v.split_once(':')?;
    let mut chars = scheme.chars();
    let shaped = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-');
    let known = ["http", "https", "ftp", "ftps", "mailto", "file", "tel"]
        .iter()
        .any(|k| scheme.eq_ignore_ascii_case(k));
    (shaped && (rest.starts_with('/') || known)).then_some((scheme, rest))
}

/// NB_EMPLOYEES: digits, thousands separators removed.
fn judge_digits(value: &str, invalid: InvalidOutcome) -> Verdict {
    let cleaned: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '\'' | '’' | '\u{a0}' | '\u{202f}'))
        .collect();
    if !cleaned.is_empty() && cleaned.chars().all(|c| c.is_ascii_digit()) {
        changed(value, cleaned)
    } else {
        Verdict::Invalid(
            "number",
            invalid,
            format!("'{value}' is not a whole number (digits only)"),
        )
    }
}

/// Any column with a maximum length: truncated or dropped as configured (a reject is a
/// format check).
fn judge_length(value: &str, max: usize, outcome: LengthOutcome) -> Verdict {
    let n = value.chars().count();
    if n <= max {
        return Verdict::Keep;
    }
    match outcome {
        LengthOutcome::Truncate => {
            let cut: String = value.chars().take(max).collect();
            Verdict::Truncate(cut, format!("{n} characters, cut to the {max} allowed"))
        }
        LengthOutcome::Drop => {
            Verdict::TooLongDrop(format!("{n} characters, more than the {max} allowed"))
        }
        LengthOutcome::Reject => Verdict::Keep,
    }
}

/// A birth date in one of the forms SecuTix accepts (dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy) or
/// ISO (yyyy-mm-dd).
pub fn parse_birth_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    ["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
        .filter(|d| chrono::Datelike::year(d) >= 1000)
}

fn rewrite(values: &StringChunked, changes: &[(usize, Option<String>)]) -> StringChunked {
    let mut next = changes.iter().peekable();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| match next.peek() {
            Some((j, new)) if *j == i => {
                next.next();
                new.clone()
            }
            _ => v.map(str::to_string),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn run(
        config: &[(&str, RuleConfig)],
        columns: &[(&str, Vec<Option<&str>>)],
    ) -> (DataFrame, Vec<RuleFinding>) {
        run_with(config, &InstitutionSpec::default(), columns)
    }

    fn rules_for(
        config: &[(&str, RuleConfig)],
        codes: &InstitutionSpec,
        live: &[&str],
    ) -> QualityRules {
        let profile = FormatProfile::builtin();
        let config: BTreeMap<String, RuleConfig> = config
            .iter()
            .map(|(c, r)| (c.to_string(), r.clone()))
            .collect();
        QualityRules::build(&profile, live, &config, Some("CH"), codes)
            .unwrap()
            .with_today(today())
    }

    fn frame_of(columns: &[(&str, Vec<Option<&str>>)]) -> DataFrame {
        DataFrame::new_infer_height(
            columns
                .iter()
                .map(|(c, v)| Column::new((*c).into(), v.clone()))
                .collect(),
        )
        .unwrap()
    }

    fn run_with(
        config: &[(&str, RuleConfig)],
        codes: &InstitutionSpec,
        columns: &[(&str, Vec<Option<&str>>)],
    ) -> (DataFrame, Vec<RuleFinding>) {
        let live: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        let rules = rules_for(config, codes, &live);
        let mut frame = frame_of(columns);
        let findings = rules.apply(&mut frame, &mut RuleState::default()).unwrap();
        (frame, findings)
    }

    fn col(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
        frame
            .column(name)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(String::from))
            .collect()
    }

    /// Rules run in pieces of `ROWS_PER_TASK` rows on every core: across piece boundaries,
    /// each row gets what it gets judged alone, and findings come back in row order.
    #[test]
    fn rules_judged_in_pieces_match_rules_judged_row_by_row() {
        let countries = [Some("Schweiz"), Some("FR"), Some("zz"), None];
        let phones = [Some("022 123 45 67"), Some("not a phone"), None];
        let cycle = countries.len() * phones.len();
        let height = 3 * ROWS_PER_TASK + 17;
        let column = |values: &[Option<&'static str>], n: usize| -> Vec<Option<&'static str>> {
            (0..n).map(|i| values[i % values.len()]).collect()
        };
        let judged = |n: usize| {
            run(
                &[],
                &[
                    ("COUNTRY", column(&countries, n)),
                    ("TELEPHONE", column(&phones, n)),
                ],
            )
        };
        let (one_cycle, cycle_findings) = judged(cycle);
        let (whole, findings) = judged(height);
        for name in ["COUNTRY", "TELEPHONE"] {
            let expected: Vec<Option<String>> = (0..height)
                .map(|i| col(&one_cycle, name)[i % cycle].clone())
                .collect();
            assert_eq!(col(&whole, name), expected, "{name}");
        }
        let expected: Vec<(usize, String, &str)> = (0..height / cycle + 1)
            .flat_map(|round| {
                cycle_findings
                    .iter()
                    .map(move |f| (round * cycle + f.index, f.column.clone(), f.rule))
            })
            .filter(|(i, _, _)| *i < height)
            .collect();
        let got: Vec<(usize, String, &str)> = findings
            .iter()
            .map(|f| (f.index, f.column.clone(), f.rule))
            .collect();
        assert!(!cycle_findings.is_empty());
        assert_eq!(got, expected);
    }

    #[test]
    fn birth_dates_booleans_operation_and_erase_marker() {
        let (frame, findings) = run(
            &[],
            &[
                (
                    "BIRTHDATE",
                    vec![
                        Some("1975-03-14"),
                        Some("14/03/1975"),
                        Some("31.02.1980"),
                        Some("01.01.2031"),
                        Some("="),
                        None,
                    ],
                ),
                (
                    "CNIL_O",
                    vec![
                        Some("true"),
                        Some("F"),
                        Some("oui"),
                        Some("0"),
                        Some("maybe"),
                        None,
                    ],
                ),
                (
                    "OPERATION",
                    vec![
                        Some("insert"),
                        Some(" update "),
                        Some("INSERT"),
                        None,
                        None,
                        None,
                    ],
                ),
            ],
        );
        assert_eq!(
            col(&frame, "BIRTHDATE"),
            vec![
                Some("14.03.1975".into()),
                Some("14.03.1975".into()),
                None,
                None,
                Some("=".into()),
                None
            ]
        );
        assert_eq!(
            col(&frame, "CNIL_O"),
            vec![
                Some("TRUE".into()),
                Some("FALSE".into()),
                Some("TRUE".into()),
                Some("FALSE".into()),
                Some("maybe".into()),
                None
            ]
        );
        assert_eq!(
            col(&frame, "OPERATION")[..3],
            [
                Some("INSERT".into()),
                Some("UPDATE".into()),
                Some("INSERT".into())
            ]
        );
        let rules: Vec<(usize, &str, Outcome)> = findings
            .iter()
            .map(|f| (f.index, f.rule, f.outcome))
            .collect();
        assert_eq!(
            rules,
            vec![
                (2, "birthdate", Outcome::Drop),
                (3, "birthdate-future", Outcome::Drop)
            ]
        );
    }

    #[test]
    fn configured_outcomes_truncation_and_structure_names() {
        let long = "x".repeat(120);
        let reject = RuleConfig {
            future: Some(InvalidOutcome::Reject),
            ..Default::default()
        };
        let (frame, findings) = run(
            &[
                ("BIRTHDATE", reject),
                (
                    "LINE1",
                    RuleConfig {
                        too_long: Some(LengthOutcome::Drop),
                        ..Default::default()
                    },
                ),
            ],
            &[
                ("BIRTHDATE", vec![Some("2030-01-01"), None]),
                ("OFFICIAL_NAME", vec![Some(long.as_str()), Some("Short SA")]),
                ("LINE1", vec![None, Some(long.as_str())]),
            ],
        );
        assert_eq!(
            col(&frame, "BIRTHDATE")[0].as_deref(),
            Some("2030-01-01"),
            "rejected rows keep their value"
        );
        assert_eq!(
            col(&frame, "OFFICIAL_NAME")[0].as_ref().map(|s| s.len()),
            Some(100)
        );
        assert_eq!(col(&frame, "LINE1")[1], None);
        let got: Vec<(usize, &str, Outcome)> = findings
            .iter()
            .map(|f| (f.index, f.rule, f.outcome))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "birthdate-future", Outcome::Reject),
                (0, "max-length", Outcome::Truncate),
                (1, "max-length", Outcome::Drop)
            ]
        );
    }

    #[test]
    fn address_type_web_site_and_employee_numbers() {
        let (frame, findings) = run(
            &[],
            &[
                (
                    "ADDR_TYPE",
                    vec![Some("mb"), Some("MM"), Some("X"), Some("BSM")],
                ),
                (
                    "WEB_SITE",
                    vec![
                        Some("www.theatre.ch"),
                        Some("https://x.ch"),
                        Some("not a site"),
                        None,
                    ],
                ),
                (
                    "NB_EMPLOYEES",
                    vec![Some("1'200"), Some("12"), Some("about 10"), None],
                ),
            ],
        );
        assert_eq!(
            col(&frame, "ADDR_TYPE"),
            vec![Some("MB".into()), None, None, Some("BSM".into())]
        );
        assert_eq!(
            col(&frame, "WEB_SITE"),
            vec![
                Some("http://www.theatre.ch".into()),
                Some("https://x.ch".into()),
                None,
                None
            ]
        );
        assert_eq!(
            col(&frame, "NB_EMPLOYEES"),
            vec![Some("1200".into()), Some("12".into()), None, None]
        );
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.outcome == Outcome::Repair)
                .count(),
            1
        );
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.outcome == Outcome::Drop)
                .count(),
            4
        );
    }

    #[test]
    fn invalid_values_can_be_kept_as_written_with_a_warning() {
        let keep = RuleConfig {
            invalid: Some(InvalidOutcome::Keep),
            ..Default::default()
        };
        let (frame, findings) = run(
            &[("TELEPHONE", keep)],
            &[
                ("TELEPHONE", vec![Some("n/a"), Some("+41 22 123 45 67")]),
                ("CELLPHONE", vec![Some("n/a"), None]),
            ],
        );
        assert_eq!(
            col(&frame, "TELEPHONE")[0].as_deref(),
            Some("n/a"),
            "kept as written"
        );
        assert_eq!(col(&frame, "CELLPHONE")[0], None, "the default drops");
        let got: Vec<(&str, Outcome)> = findings
            .iter()
            .map(|f| (f.column.as_str(), f.outcome))
            .collect();
        assert_eq!(
            got,
            vec![("TELEPHONE", Outcome::Keep), ("CELLPHONE", Outcome::Drop)]
        );
    }

    /// A profile of text columns, each `(code, extra keys)`.
    fn own_profile(columns: &[(&str, &str)]) -> FormatProfile {
        let entries: String = columns
            .iter()
            .map(|(code, extra)| {
                format!(
                    "[[column]]\ncode = \"{code}\"\nsection = \"S\"\nlabel = \"L\"\ntype = \"text\"\nmandatory = \"no\"\n{extra}\n"
                )
            })
            .collect();
        FormatProfile::from_toml_str(&crate::format::test_profile(&entries), "own.toml").unwrap()
    }

    #[test]
    fn a_rule_moves_with_the_profile() {
        let profile = own_profile(&[
            ("COUNTRY", ""),
            ("EMAIL1", "rule = \"none\""),
            ("MOBILE2", "rule = \"phone-mobile\""),
        ]);
        let live = ["COUNTRY", "EMAIL1", "MOBILE2"];
        let none = InstitutionSpec::default();
        let rules = QualityRules::build(&profile, &live, &BTreeMap::new(), None, &none).unwrap();
        let mut frame = frame_of(&[
            ("COUNTRY", vec![Some("Suisse")]),
            ("EMAIL1", vec![Some("not an e-mail")]),
            ("MOBILE2", vec![Some("022 123 45 67")]),
        ]);
        let findings = rules.apply(&mut frame, &mut RuleState::default()).unwrap();
        assert_eq!(
            col(&frame, "COUNTRY"),
            opt(&[Some("CH")]),
            "the built-in rule"
        );
        assert_eq!(col(&frame, "EMAIL1"), opt(&[Some("not an e-mail")]));
        assert_eq!(
            col(&frame, "MOBILE2"),
            opt(&[Some("+41221234567")]),
            "read with the row's normalised country"
        );
        assert_eq!(
            summary(&findings),
            vec![(0, "MOBILE2".into(), "phone-line-type", Outcome::Keep)]
        );
        // The keys follow the rule too.
        let config = BTreeMap::from([(
            "EMAIL1".to_string(),
            RuleConfig {
                repairs: Some(vec!["all".into()]),
                ..Default::default()
            },
        )]);
        let e = QualityRules::build(&profile, &live, &config, None, &none).unwrap_err();
        assert!(
            e.contains("[rules.EMAIL1] sets repairs, which no rule of EMAIL1 uses"),
            "{e}"
        );
    }

    #[test]
    fn a_code_rule_needs_a_column_with_an_institution_list() {
        let profile = own_profile(&[("SEGMENT", "rule = \"code\"")]);
        let e = QualityRules::build(
            &profile,
            &["SEGMENT"],
            &BTreeMap::new(),
            None,
            &InstitutionSpec::default(),
        )
        .unwrap_err();
        assert!(
            e.contains("SEGMENT the rule \"code\"") && e.contains("TITLE, STRUCT_TYPE"),
            "{e}"
        );
    }

    #[test]
    fn configuration_errors_name_column_and_key() {
        let profile = FormatProfile::builtin();
        let bad = |column: &str, cfg: RuleConfig| {
            let config = BTreeMap::from([(column.to_string(), cfg)]);
            QualityRules::build(
                &profile,
                &[column],
                &config,
                None,
                &InstitutionSpec::default(),
            )
            .unwrap_err()
        };
        assert!(bad("NOPE", RuleConfig::default()).contains("[rules.NOPE]"));
        let e = bad(
            "FIRSTNAME",
            RuleConfig {
                future: Some(InvalidOutcome::Drop),
                ..Default::default()
            },
        );
        assert!(e.contains("[rules.FIRSTNAME] sets future"), "{e}");
        let e = bad(
            "EMAIL1",
            RuleConfig {
                repairs: Some(vec!["magic".into()]),
                ..Default::default()
            },
        );
        assert!(e.contains("unknown repair 'magic'"), "{e}");
    }
    // ---- institution codes, CONFIG rows, phone line types ----

    /// The finding a case expects: (rule, outcome).
    type Expected = Option<(&'static str, Outcome)>;
    /// (code, value) pairs.
    type Pairs = &'static [(&'static str, &'static str)];
    /// (line-type, column, value, country, written, outcome).
    type PhoneCase = (
        Option<ValueOutcome>,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<Outcome>,
    );

    fn strings(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|s| s.to_string()).collect())
    }

    fn lists() -> InstitutionSpec {
        InstitutionSpec {
            titles: strings(&["MR", "MRS", "UNDEFINED"]),
            structure_types: strings(&["ASSOC", "COMPANY"]),
            community_types: strings(&["SCHOOL"]),
            departments: strings(&["75", "GE"]),
            admin_number_types: strings(&["SIRET", "UID"]),
            criteria: Some(BTreeMap::from([
                ("PREFCOL".to_string(), strings(&["Red", "Green"]).unwrap()),
                ("NOTE".to_string(), vec![]),
                ("VIP".to_string(), strings(&["TRUE", "FALSE"]).unwrap()),
            ])),
            ..Default::default()
        }
    }

    fn unknown(outcome: ValueOutcome) -> RuleConfig {
        RuleConfig {
            unknown: Some(outcome),
            ..Default::default()
        }
    }

    fn opt(v: &[Option<&str>]) -> Vec<Option<String>> {
        v.iter().map(|v| v.map(String::from)).collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(c, v)| (c.to_string(), v.to_string()))
            .collect()
    }

    /// (index, column, rule, outcome) of each finding.
    fn summary(findings: &[RuleFinding]) -> Vec<(usize, String, &'static str, Outcome)> {
        findings
            .iter()
            .map(|f| (f.index, f.column.clone(), f.rule, f.outcome))
            .collect()
    }

    #[test]
    fn single_code_columns_check_the_institution_lists() {
        let cases = [
            ("TITLE", "MRS", "mrs", "MRS", "DR"),
            ("STRUCT_TYPE", "ASSOC", "Assoc", "ASSOC", "CLUB"),
            ("COMMUNITY_TYPE", "SCHOOL", "school", "SCHOOL", "CHURCH"),
            ("DEPARTMENT", "GE", " ge ", "GE", "VD"),
        ];
        for (column, known, variant, canonical, unknown_code) in cases {
            for (setting, outcome, kept) in [
                (None, Outcome::Reject, Some(unknown_code)),
                (
                    Some(ValueOutcome::Reject),
                    Outcome::Reject,
                    Some(unknown_code),
                ),
                (Some(ValueOutcome::Drop), Outcome::Drop, None),
                (
                    Some(ValueOutcome::Collect),
                    Outcome::Collect,
                    Some(unknown_code),
                ),
            ] {
                let cfg = RuleConfig {
                    unknown: setting,
                    ..Default::default()
                };
                let (frame, findings) = run_with(
                    &[(column, cfg)],
                    &lists(),
                    &[(
                        column,
                        vec![
                            Some(known),
                            Some(variant),
                            Some(unknown_code),
                            None,
                            Some("="),
                        ],
                    )],
                );
                assert_eq!(
                    col(&frame, column),
                    opt(&[Some(known), Some(canonical), kept, None, Some("=")]),
                    "{column} {setting:?}"
                );
                assert_eq!(
                    summary(&findings),
                    vec![(2, column.to_string(), "unknown-code", outcome)],
                    "{column} {setting:?}: the case variant is normalised silently"
                );
                let f = &findings[0];
                let expected = if outcome == Outcome::Collect {
                    pairs(&[(unknown_code, "")])
                } else {
                    vec![]
                };
                assert_eq!(f.missing, expected, "{column} {setting:?}");
                assert_eq!(f.value, unknown_code);
                let list = super::super::codes::list_name(column).unwrap();
                assert!(
                    f.message.contains(&format!("'{unknown_code}'")) && f.message.contains(&list),
                    "{}",
                    f.message
                );
            }
            // No list configured: no check at all.
            let (frame, findings) = run_with(
                &[],
                &InstitutionSpec::default(),
                &[(column, vec![Some(unknown_code), Some(variant)])],
            );
            assert!(findings.is_empty(), "{column}: {findings:?}");
            assert_eq!(
                col(&frame, column),
                opt(&[Some(unknown_code), Some(variant)])
            );
        }
    }

    #[test]
    fn title_prefix_is_stripped_as_a_counted_repair() {
        let values = vec![
            Some("CONTACT_TITLE/MR"),
            Some("contact_title/mrs"),
            Some("CONTACT_TITLE/DR"),
            Some("MR"),
        ];
        // With the institution's titles.
        let (frame, findings) = run_with(
            &[("TITLE", unknown(ValueOutcome::Collect))],
            &lists(),
            &[("TITLE", values.clone())],
        );
        assert_eq!(
            col(&frame, "TITLE"),
            opt(&[Some("MR"), Some("MRS"), Some("DR"), Some("MR")])
        );
        assert_eq!(
            summary(&findings),
            vec![
                (0, "TITLE".into(), "title-prefix", Outcome::Repair),
                (1, "TITLE".into(), "title-prefix", Outcome::Repair),
                (2, "TITLE".into(), "unknown-code", Outcome::Collect),
            ]
        );
        assert_eq!(
            findings[2].missing,
            pairs(&[("DR", "")]),
            "bare code collected"
        );
        // Without a list, only the prefix goes.
        let (frame, findings) = run_with(&[], &InstitutionSpec::default(), &[("TITLE", values)]);
        assert_eq!(
            col(&frame, "TITLE"),
            opt(&[Some("MR"), Some("mrs"), Some("DR"), Some("MR")])
        );
        assert_eq!(
            findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
            ["title-prefix"; 3]
        );
    }

    #[test]
    fn admin_number_forms() {
        // (cell, written, finding)
        let cases: [(&str, Option<&str>, Expected); 9] = [
            (
                "SIRET=404 833 048 00022",
                Some("SIRET=404 833 048 00022"),
                None,
            ),
            (" siret = 404 833 ", Some("SIRET=404 833"), None),
            ("uid=CHE-123.456.789", Some("UID=CHE-123.456.789"), None),
            (
                "TVA=FR123",
                Some("TVA=FR123"),
                Some(("unknown-code", Outcome::Reject)),
            ),
            (
                "=404 833",
                Some("=404 833"),
                Some(("code-value", Outcome::Reject)),
            ),
            (
                "SIRET=",
                Some("SIRET="),
                Some(("code-value", Outcome::Reject)),
            ),
            (
                "404 833",
                Some("404 833"),
                Some(("code-value", Outcome::Reject)),
            ),
            ("=", Some("="), None),
            ("SIRET=1=2", Some("SIRET=1=2"), None),
        ];
        let cells: Vec<Option<&str>> = cases.iter().map(|c| Some(c.0)).collect();
        let (frame, findings) = run_with(&[], &lists(), &[("ADMIN_NUMBER", cells.clone())]);
        let written: Vec<Option<&str>> = cases.iter().map(|c| c.1).collect();
        assert_eq!(col(&frame, "ADMIN_NUMBER"), opt(&written));
        let expected: Vec<_> = cases
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.2.map(|(r, o)| (i, "ADMIN_NUMBER".to_string(), r, o)))
            .collect();
        assert_eq!(summary(&findings), expected);
        assert!(
            findings[3].message.contains("no CONFIG row came before"),
            "{}",
            findings[3].message
        );
        // Types not configured: any type; malformed cells still count, here dropped.
        let (frame, findings) = run_with(
            &[(
                "ADMIN_NUMBER",
                RuleConfig {
                    invalid: Some(InvalidOutcome::Drop),
                    ..Default::default()
                },
            )],
            &InstitutionSpec::default(),
            &[("ADMIN_NUMBER", vec![Some("TVA=FR123"), Some("404 833")])],
        );
        assert_eq!(col(&frame, "ADMIN_NUMBER"), opt(&[Some("TVA=FR123"), None]));
        assert_eq!(
            summary(&findings),
            vec![(1, "ADMIN_NUMBER".into(), "code-value", Outcome::Drop)]
        );
        // Collected types carry the type, no value.
        let (_, findings) = run_with(
            &[("ADMIN_NUMBER", unknown(ValueOutcome::Collect))],
            &lists(),
            &[("ADMIN_NUMBER", vec![Some("TVA=FR123")])],
        );
        assert_eq!(findings[0].outcome, Outcome::Collect);
        assert_eq!(findings[0].missing, pairs(&[("TVA", "")]));
    }

    #[test]
    fn criterion_cells() {
        // (cell, written with unknown = collect, finding)
        let cases: [(&str, Option<&str>, Expected, Pairs); 12] = [
            ("PREFCOL=Red|Green", Some("PREFCOL=Red|Green"), None, &[]),
            ("prefcol = red| green", Some("PREFCOL=Red|Green"), None, &[]),
            (
                "NOTE=anything, at all",
                Some("NOTE=anything, at all"),
                None,
                &[],
            ),
            ("VIP=true", Some("VIP=TRUE"), None, &[]),
            (
                "COLOUR=Red|Blue",
                Some("COLOUR=Red|Blue"),
                Some(("unknown-code", Outcome::Collect)),
                &[("COLOUR", "Red"), ("COLOUR", "Blue")],
            ),
            (
                "PREFCOL=red|Blue|Amber",
                Some("PREFCOL=Red|Blue|Amber"),
                Some(("unknown-value", Outcome::Collect)),
                &[("PREFCOL", "Blue"), ("PREFCOL", "Amber")],
            ),
            (
                "Red|Green",
                Some("Red|Green"),
                Some(("code-value", Outcome::Reject)),
                &[],
            ),
            (
                "PREFCOL=",
                Some("PREFCOL="),
                Some(("code-value", Outcome::Reject)),
                &[],
            ),
            (
                "PREFCOL=Red||Green",
                Some("PREFCOL=Red||Green"),
                Some(("code-value", Outcome::Reject)),
                &[],
            ),
            (
                "=Red",
                Some("=Red"),
                Some(("code-value", Outcome::Reject)),
                &[],
            ),
            ("=", Some("="), None, &[]),
            ("VIP=FALSE", Some("VIP=FALSE"), None, &[]),
        ];
        let cells: Vec<Option<&str>> = cases.iter().map(|c| Some(c.0)).collect();
        let (frame, findings) = run_with(
            &[("CRIT03", unknown(ValueOutcome::Collect))],
            &lists(),
            &[("CRIT03", cells.clone())],
        );
        let written: Vec<Option<&str>> = cases.iter().map(|c| c.1).collect();
        assert_eq!(col(&frame, "CRIT03"), opt(&written));
        let expected: Vec<_> = cases
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.2.map(|(r, o)| (i, "CRIT03".to_string(), r, o)))
            .collect();
        assert_eq!(summary(&findings), expected);
        for f in &findings {
            let case = cases[f.index];
            assert_eq!(f.missing, pairs(case.3), "{}", case.0);
        }
        // With the default (reject), unknown codes and values reject and collect nothing.
        let (frame, findings) = run_with(&[], &lists(), &[("CRIT03", cells.clone())]);
        assert_eq!(col(&frame, "CRIT03")[4].as_deref(), Some("COLOUR=Red|Blue"));
        assert!(findings.iter().all(|f| f.outcome == Outcome::Reject));
        assert!(findings.iter().all(|f| f.missing.is_empty()));
        assert_eq!(findings.len(), 6);
        // Without [institution.criteria], only the form is checked.
        let (_, findings) = run_with(&[], &InstitutionSpec::default(), &[("CRIT03", cells)]);
        assert_eq!(
            findings.iter().map(|f| f.index).collect::<Vec<_>>(),
            [6, 7, 8, 9],
            "{findings:?}"
        );
        assert!(findings.iter().all(|f| f.rule == "code-value"));
    }

    #[test]
    fn config_rows_declare_codes_across_batches_until_the_next_config_row() {
        let live = ["OPERATION", "ADMIN_NUMBER", "CRIT01", "CRIT02", "TITLE"];
        let rules = rules_for(&[], &lists(), &live);
        let mut state = RuleState::default();
        let batch = |rows: &[[Option<&str>; 5]]| {
            frame_of(
                &live
                    .iter()
                    .enumerate()
                    .map(|(c, name)| (*name, rows.iter().map(|r| r[c]).collect()))
                    .collect::<Vec<_>>(),
            )
        };
        // Batch 1.
        let mut frame = batch(&[
            [Some("INSERT"), None, Some("Red"), None, Some("MR")],
            [
                Some("config"),
                Some("siret"),
                Some("prefcol"),
                None,
                Some("UNDEFINED"),
            ],
            [
                Some("INSERT"),
                Some("404 833"),
                Some("red|Green"),
                Some("TRUE"),
                Some("MR"),
            ],
            [
                Some("UPDATE"),
                None,
                Some("Blue"),
                Some("VIP=TRUE"),
                Some("MR"),
            ],
        ]);
        let findings = rules.apply(&mut frame, &mut state).unwrap();
        assert_eq!(
            summary(&findings),
            vec![
                (0, "CRIT01".into(), "code-value", Outcome::Reject),
                (2, "CRIT02".into(), "code-value", Outcome::Reject),
                (3, "CRIT01".into(), "unknown-value", Outcome::Reject),
            ]
        );
        assert!(findings[0].message.contains("no CONFIG row came before"));
        assert!(
            findings[1]
                .message
                .contains("the last CONFIG row declared none"),
            "{}",
            findings[1].message
        );
        assert_eq!(
            col(&frame, "CRIT01"),
            opt(&[
                Some("Red"),
                Some("PREFCOL"),
                Some("Red|Green"),
                Some("Blue")
            ])
        );
        assert_eq!(col(&frame, "ADMIN_NUMBER")[1].as_deref(), Some("SIRET"));
        assert_eq!(state.declared("CRIT01"), Some("PREFCOL"));
        assert_eq!(state.declared("ADMIN_NUMBER"), Some("SIRET"));
        assert!(state.seen_config());
        // Batch 2: the declarations hold; a second CONFIG row replaces all of them.
        let mut frame = batch(&[
            [Some("INSERT"), Some("404 834"), Some("Green"), None, None],
            [Some("CONFIG"), None, Some("VIP"), Some("PREFCOL=Red"), None],
            [
                Some("INSERT"),
                Some("404 835"),
                Some("false"),
                Some("Red"),
                None,
            ],
            [Some("INSERT"), Some("UID=CHE-1"), Some("="), None, None],
        ]);
        let findings = rules.apply(&mut frame, &mut state).unwrap();
        assert_eq!(
            summary(&findings),
            vec![
                (1, "CRIT02".into(), "code-value", Outcome::Reject),
                (2, "ADMIN_NUMBER".into(), "code-value", Outcome::Reject),
                (2, "CRIT02".into(), "code-value", Outcome::Reject),
            ]
        );
        assert!(findings[0].message.contains("a CONFIG row declares"));
        assert_eq!(
            col(&frame, "CRIT01"),
            opt(&[Some("Green"), Some("VIP"), Some("FALSE"), Some("=")])
        );
        assert_eq!(state.declared("CRIT01"), Some("VIP"));
        assert_eq!(state.declared("ADMIN_NUMBER"), None);
        // A fresh state (another file) knows nothing.
        let mut frame = batch(&[[Some("INSERT"), None, Some("Green"), None, None]]);
        let findings = rules.apply(&mut frame, &mut RuleState::default()).unwrap();
        assert_eq!(findings.len(), 1);
    }

    #[test]
    fn an_unknown_code_declared_by_a_config_row_follows_the_unknown_outcome() {
        let live = ["OPERATION", "CRIT05"];
        let cases = [
            (ValueOutcome::Collect, Outcome::Collect, Some("Red")),
            (ValueOutcome::Drop, Outcome::Drop, None),
            (ValueOutcome::Reject, Outcome::Reject, Some("Red")),
        ];
        for (setting, outcome, kept) in cases {
            let rules = rules_for(&[("CRIT05", unknown(setting))], &lists(), &live);
            let mut frame = frame_of(&[
                ("OPERATION", vec![Some("CONFIG"), Some("INSERT")]),
                ("CRIT05", vec![Some("COLOUR"), Some("Red")]),
            ]);
            let findings = rules.apply(&mut frame, &mut RuleState::default()).unwrap();
            assert_eq!(
                summary(&findings),
                vec![
                    (0, "CRIT05".into(), "unknown-code", outcome),
                    (1, "CRIT05".into(), "unknown-code", outcome),
                ],
                "{setting:?}"
            );
            let collected = |p: &[(&str, &str)]| {
                if outcome == Outcome::Collect {
                    pairs(p)
                } else {
                    vec![]
                }
            };
            assert_eq!(findings[0].missing, collected(&[("COLOUR", "")]));
            assert_eq!(findings[1].missing, collected(&[("COLOUR", "Red")]));
            assert!(findings[1]
                .message
                .contains("declared for CRIT05 by a CONFIG row"));
            assert_eq!(col(&frame, "CRIT05")[1].as_deref(), kept, "{setting:?}");
        }
    }

    #[test]
    fn criteria_wildcard_rules_and_a_specific_column_override() {
        let wildcard = RuleConfig {
            unknown: Some(ValueOutcome::Collect),
            invalid: Some(InvalidOutcome::Keep),
            ..Default::default()
        };
        let (frame, findings) = run_with(
            &[
                (CRITERIA_WILDCARD, wildcard),
                ("CRIT07", unknown(ValueOutcome::Drop)),
            ],
            &lists(),
            &[
                ("CRIT01", vec![Some("COLOUR=Red"), Some("Red")]),
                ("CRIT07", vec![Some("COLOUR=Red"), Some("Red")]),
                ("CRIT50", vec![Some("PREFCOL=Blue"), None]),
            ],
        );
        let mut got = summary(&findings);
        got.sort();
        assert_eq!(
            got,
            vec![
                (0, "CRIT01".into(), "unknown-code", Outcome::Collect),
                (0, "CRIT07".into(), "unknown-code", Outcome::Drop),
                (0, "CRIT50".into(), "unknown-value", Outcome::Collect),
                (1, "CRIT01".into(), "code-value", Outcome::Keep),
                (1, "CRIT07".into(), "code-value", Outcome::Keep),
            ]
        );
        assert_eq!(col(&frame, "CRIT07"), opt(&[None, Some("Red")]));
        assert_eq!(
            col(&frame, "CRIT01"),
            opt(&[Some("COLOUR=Red"), Some("Red")])
        );
    }

    #[test]
    fn code_and_line_type_configuration_errors_name_column_and_key() {
        let profile = FormatProfile::builtin();
        let build = |column: &str, cfg: RuleConfig, codes: &InstitutionSpec| {
            let config = BTreeMap::from([(column.to_string(), cfg)]);
            let live = if column == CRITERIA_WILDCARD {
                "CRIT01"
            } else {
                column
            };
            QualityRules::build(&profile, &[live], &config, None, codes).map(|_| ())
        };
        let none = InstitutionSpec::default();
        let known = lists();
        let cases: Vec<(&str, RuleConfig, &InstitutionSpec, &str)> = vec![
            (
                "TITLE",
                unknown(ValueOutcome::Drop),
                &none,
                "[rules.TITLE] sets unknown, but [institution] titles is not configured",
            ),
            (
                "CRIT*",
                unknown(ValueOutcome::Drop),
                &none,
                "[rules.\"CRIT*\"] sets unknown, but [institution.criteria] is not configured",
            ),
            (
                "FIRSTNAME",
                unknown(ValueOutcome::Drop),
                &none,
                "[rules.FIRSTNAME] sets unknown, which no rule of FIRSTNAME uses",
            ),
            (
                "LASTNAME",
                RuleConfig {
                    line_type: Some(ValueOutcome::Drop),
                    ..Default::default()
                },
                &none,
                "[rules.LASTNAME] sets line-type",
            ),
            (
                "TITLE",
                unknown(ValueOutcome::Keep),
                &known,
                "[rules.TITLE] unknown = \"keep\" is not allowed here (use reject, drop, collect)",
            ),
            (
                "CRIT*",
                unknown(ValueOutcome::Keep),
                &known,
                "[rules.\"CRIT*\"] unknown = \"keep\" is not allowed",
            ),
            (
                "TELEPHONE",
                RuleConfig {
                    line_type: Some(ValueOutcome::Collect),
                    ..Default::default()
                },
                &none,
                "[rules.TELEPHONE] line-type = \"collect\" is not allowed here (use keep, drop, reject)",
            ),
            (
                "CRIT*",
                RuleConfig {
                    style: Some("e164".into()),
                    ..Default::default()
                },
                &none,
                "[rules.\"CRIT*\"] sets style",
            ),
            (
                "STRUCT_TYPE",
                RuleConfig {
                    invalid: Some(InvalidOutcome::Drop),
                    ..Default::default()
                },
                &known,
                "[rules.STRUCT_TYPE] sets invalid",
            ),
        ];
        for (column, cfg, codes, expected) in cases {
            let e = build(column, cfg, codes).unwrap_err();
            assert!(e.contains(expected), "{column}: {e}");
        }
        let e = build("CRIT1*", RuleConfig::default(), &none).unwrap_err();
        assert!(e.contains("[rules.CRIT1*]") && e.contains("CRIT*"), "{e}");
        let dup = InstitutionSpec {
            titles: strings(&["MR", "MR"]),
            ..Default::default()
        };
        let e = build("TITLE", RuleConfig::default(), &dup).unwrap_err();
        assert!(e.contains("[institution] titles"), "{e}");
        // Allowed: the wildcard with the criteria, unknown on a configured list.
        build(CRITERIA_WILDCARD, unknown(ValueOutcome::Collect), &lists()).unwrap();
        build("DEPARTMENT", unknown(ValueOutcome::Drop), &lists()).unwrap();
        build("ADMIN_NUMBER", unknown(ValueOutcome::Collect), &lists()).unwrap();
        build(
            "CELLPHONE",
            RuleConfig {
                line_type: Some(ValueOutcome::Reject),
                ..Default::default()
            },
            &none,
        )
        .unwrap();
    }

    #[test]
    fn phone_line_types() {
        let line = |o: ValueOutcome| RuleConfig {
            line_type: Some(o),
            ..Default::default()
        };
        let swiss_mobile = "079 123 45 67";
        let swiss_landline = "022 123 45 67";
        let us = "(212) 555-1234";
        // (config, column, value, country, written, finding)
        let cases: Vec<PhoneCase> = vec![
            (
                None,
                "TELEPHONE",
                swiss_mobile,
                "CH",
                Some("+41791234567"),
                Some(Outcome::Keep),
            ),
            (
                None,
                "FAX",
                swiss_mobile,
                "CH",
                Some("+41791234567"),
                Some(Outcome::Keep),
            ),
            (
                Some(ValueOutcome::Drop),
                "TELEPHONE",
                swiss_mobile,
                "CH",
                None,
                Some(Outcome::Drop),
            ),
            (
                Some(ValueOutcome::Reject),
                "TELEPHONE",
                swiss_mobile,
                "CH",
                Some(swiss_mobile),
                Some(Outcome::Reject),
            ),
            (
                None,
                "CELLPHONE",
                swiss_landline,
                "CH",
                Some("+41221234567"),
                Some(Outcome::Keep),
            ),
            (
                Some(ValueOutcome::Drop),
                "CELLPHONE",
                swiss_landline,
                "CH",
                None,
                Some(Outcome::Drop),
            ),
            (
                None,
                "CELLPHONE",
                "0800 123 456",
                "CH",
                Some("+41800123456"),
                Some(Outcome::Keep),
            ),
            (
                None,
                "CELLPHONE",
                swiss_mobile,
                "CH",
                Some("+41791234567"),
                None,
            ),
            (
                None,
                "TELEPHONE",
                swiss_landline,
                "CH",
                Some("+41221234567"),
                None,
            ),
            (
                Some(ValueOutcome::Reject),
                "TELEPHONE",
                us,
                "US",
                Some("+12125551234"),
                None,
            ),
            (
                Some(ValueOutcome::Reject),
                "CELLPHONE",
                us,
                "US",
                Some("+12125551234"),
                None,
            ),
            (
                Some(ValueOutcome::Reject),
                "CELLPHONE",
                "058 123 45 67",
                "CH",
                Some("+41581234567"),
                None,
            ),
        ];
        for (setting, column, value, country, written, outcome) in cases {
            let config: Vec<(&str, RuleConfig)> =
                setting.map(|o| (column, line(o))).into_iter().collect();
            let (frame, findings) = run(
                &config,
                &[
                    ("COUNTRY", vec![Some(country)]),
                    (column, vec![Some(value)]),
                ],
            );
            assert_eq!(col(&frame, column), opt(&[written]), "{column} {value}");
            let got: Vec<(&str, Outcome)> = findings.iter().map(|f| (f.rule, f.outcome)).collect();
            let expected: Vec<(&str, Outcome)> = outcome
                .map(|o| ("phone-line-type", o))
                .into_iter()
                .collect();
            assert_eq!(got, expected, "{column} {value} {setting:?}");
            if let Some(f) = findings.first() {
                let (kind, fits) = if column == "CELLPHONE" {
                    (
                        if value.starts_with("0800") {
                            "toll-free"
                        } else {
                            "landline"
                        },
                        "TELEPHONE",
                    )
                } else {
                    ("mobile", "CELLPHONE")
                };
                assert!(
                    f.message.contains(value)
                        && f.message.contains(kind)
                        && f.message
                            .contains(&format!("would fit {fits}, not {column}")),
                    "{}",
                    f.message
                );
            }
        }
        // CONFIG rows get no line-type rule.
        let (_, findings) = run(
            &[],
            &[
                ("OPERATION", vec![Some("CONFIG")]),
                ("TELEPHONE", vec![Some("+41 79 123 45 67")]),
            ],
        );
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn a_web_site_scheme_is_recognised_in_any_case_and_never_doubled() {
        let outcome = |v: &str| match judge_web_site(v, InvalidOutcome::Reject) {
            Verdict::Keep => "keep".to_string(),
            Verdict::Normalise(new) => format!("normalise {new}"),
            Verdict::Repair(_, new, _) => format!("repair {new}"),
            Verdict::Invalid(..) => "invalid".to_string(),
            _ => "other".to_string(),
        };
        let cases = [
            ("acme.ch", "repair http://acme.ch"),
            ("www.acme.ch:8080/x", "repair http://www.acme.ch:8080/x"),
            ("http://acme.ch", "keep"),
            ("HTTP://ACME.CH", "normalise http://ACME.CH"),
            ("Https://acme.ch/x", "normalise https://acme.ch/x"),
            ("ftp://files.acme.ch", "invalid"),
            ("http:/acme.ch", "invalid"),
            ("HTTP:acme.ch", "invalid"),
            ("mailto:a@b.ch", "invalid"),
        ];
        for (given, expected) in cases {
            assert_eq!(outcome(given), expected, "{given}");
        }
    }

    /// One value per rule that a run would rewrite: as written (`check`), each stays as it is
    /// and is one finding naming the form SecuTix needs; in a run, each is rewritten.
    #[test]
    fn every_rewriting_rule_names_the_needed_form_as_written_and_rewrites_in_a_run() {
        let columns: Vec<(&str, Vec<Option<&str>>)> = vec![
            ("COUNTRY", vec![Some("Schweiz")]),
            ("PREF_LANG", vec![Some("de-CH")]),
            ("TELEPHONE", vec![Some("022 345 67 89")]),
            ("BIRTHDATE", vec![Some("1970-03-15")]),
            ("OPERATION", vec![Some("insert")]),
            ("ADDR_TYPE", vec![Some("m")]),
            ("WEB_SITE", vec![Some("acme.ch")]),
            ("NB_EMPLOYEES", vec![Some("1'200")]),
            ("LETTER", vec![Some("oui")]),
            ("TITLE", vec![Some("CONTACT_TITLE/MR")]),
        ];
        let live: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        let none = InstitutionSpec::default();
        for as_written in [true, false] {
            let mut rules = rules_for(&[], &none, &live);
            if as_written {
                rules = rules.as_written();
            }
            let mut frame = frame_of(&columns);
            let findings = rules.apply(&mut frame, &mut RuleState::default()).unwrap();
            for (column, values) in &columns {
                let now = frame.column(column).unwrap().str().unwrap().get(0);
                let found = findings.iter().find(|f| f.column == *column);
                if as_written {
                    assert_eq!(now, values[0], "{column} changed under check");
                    let f = found.unwrap_or_else(|| panic!("{column}: no finding"));
                    assert!(
                        f.message.contains("the form it needs is"),
                        "{column}: {}",
                        f.message
                    );
                    assert_ne!(f.outcome, Outcome::Reject, "{column}");
                } else {
                    assert_ne!(now, values[0], "{column} not rewritten in a run");
                }
            }
        }
    }
}
