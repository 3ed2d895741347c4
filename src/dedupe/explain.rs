//! `stx-migrate dedupe explain migration.toml`: what `[dedupe]` does, defaults included.

use std::fmt::Write;

use super::block::default_rules;
use super::compare::COMPARISONS;
use super::config::DedupeSpec;
use super::model::probability;
use super::normalize::Nicknames;
use super::survive::{ValueRule, AUTHORISATIONS};

fn rule_text(rule: &ValueRule) -> String {
    match rule {
        ValueRule::Survivor => "survivor".into(),
        ValueRule::NonEmpty => "non-empty".into(),
        ValueRule::MostRecent => "most-recent".into(),
        ValueRule::Longest => "longest".into(),
        ValueRule::Prefer(v) => format!("prefer:{v}"),
    }
}

/// `set` when the file sets a key, else `default`.
fn given(set: bool) -> &'static str {
    if set {
        "set"
    } else {
        "default"
    }
}

/// The explanation, as printed.
pub fn explain(spec: &DedupeSpec, nicknames: &Nicknames, decisions: usize) -> String {
    let mut s = String::new();
    thresholds(&mut s, spec);
    blocking(&mut s, spec);
    comparisons(&mut s, spec, nicknames);
    survivorship(&mut s, spec);
    inputs(&mut s, spec, decisions);
    s
}

/// Whether it is on, and the scores that decide.
fn thresholds(s: &mut String, spec: &DedupeSpec) {
    let _ = writeln!(
        s,
        "[dedupe] {}",
        if spec.enabled {
            "enabled"
        } else {
            "NOT enabled (enabled = true turns it on)"
        }
    );
    let _ = writeln!(
        s,
        "\nScores are match weights in bits (log2 of the odds that two records are one contact);\nthe score of a pair is the prior plus one weight per comparison, each rounded to hundredths."
    );
    let _ = writeln!(
        s,
        "  threshold      {:>7.2}  ({}; probability {:.4}): same contact, merged",
        spec.threshold(),
        given(spec.threshold.is_some()),
        probability(spec.threshold())
    );
    let _ = writeln!(
        s,
        "  review-from    {:>7.2}  ({}; probability {:.4}): listed for review, not merged",
        spec.review_from(),
        given(spec.review_from.is_some()),
        probability(spec.review_from())
    );
    let _ = writeln!(
        s,
        "  chain-floor    {:>7.2}  ({}): a cluster whose weakest pair scores lower goes to review",
        spec.chain_floor(),
        given(spec.chain_floor.is_some())
    );
    let _ = writeln!(
        s,
        "  max-cluster    {:>7}  ({}): larger clusters go to review",
        spec.max_cluster(),
        given(spec.max_cluster.is_some())
    );
    let _ = writeln!(s, "  veto           {} ({}): when one of these says \"different\", the pair is reviewed, unless it scores threshold + {} (veto-margin, {}) with the e-mail or birth date agreeing; when two do, always", spec.veto().join(", "), given(spec.veto.is_some()), spec.veto_margin(), given(spec.veto_margin.is_some()));
}

/// The blocking passes.
fn blocking(s: &mut String, spec: &DedupeSpec) {
    let _ = writeln!(s, "\nBlocking: pairs of one kind (individual, structure, relay) agreeing on a pass's key are compared;\na pass that would compare more than {} pairs is stopped and named ({}).", spec.max_pairs_per_rule(), given(spec.max_pairs_per_rule.is_some()));
    let rules = match &spec.blocking {
        Some(r) if !r.is_empty() => r.clone(),
        _ => default_rules(),
    };
    let from_file = spec.blocking.as_ref().is_some_and(|r| !r.is_empty());
    for r in &rules {
        let _ = writeln!(
            s,
            "  {:<26} on {}{}",
            r.name,
            r.on.join(" + "),
            if from_file { "" } else { "   (default)" }
        );
    }
    if spec.window() > 1 {
        let _ = writeln!(
            s,
            "  {:<26} names sorted, each record with the next {} ({})",
            "sorted-neighbourhood",
            spec.window() - 1,
            given(spec.window.is_some())
        );
    } else {
        let _ = writeln!(
            s,
            "  sorted-neighbourhood       off (window = {})",
            spec.window()
        );
    }
}

/// The comparisons, their levels, and how m, u and the prior are found.
fn comparisons(s: &mut String, spec: &DedupeSpec, nicknames: &Nicknames) {
    let _ = writeln!(s, "\nComparisons (levels best first; m before EM; a level set in [dedupe.m.NAME] / [dedupe.u.NAME] is not estimated):");
    for c in COMPARISONS {
        let ignored = spec.ignore.iter().any(|i| i == c.name);
        let levels: Vec<String> = c
            .levels
            .iter()
            .zip(c.m_start)
            .map(|(l, m)| {
                let fixed_m = spec.m.get(c.name).and_then(|t| t.get(*l));
                let fixed_u = spec.u.get(c.name).and_then(|t| t.get(*l));
                let mut text = format!(
                    "{l} m={}",
                    fixed_m
                        .map(|v| format!("{v} (set)"))
                        .unwrap_or(format!("{m}"))
                );
                if let Some(u) = fixed_u {
                    let _ = write!(text, " u={u} (set)");
                }
                text
            })
            .collect();
        let _ = writeln!(
            s,
            "  {:<15}{} {}{}",
            c.name,
            if ignored { " IGNORED" } else { "" },
            levels.join(", "),
            if c.term_frequency && spec.term_frequency() {
                "; exact weighted by the value's frequency"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        s,
        "\nu: from {} random pairs ({}); m and the prior: EM over the candidate pairs, at most {} iterations ({}){}.",
        spec.u_sample_pairs(),
        given(spec.u_sample_pairs.is_some()),
        spec.em_iterations(),
        given(spec.em_iterations.is_some()),
        spec.prior.map(|p| format!("; prior set to {p}")).unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "Nicknames: {} names known ({}{}).",
        nicknames.len(),
        if spec.no_builtin_nicknames {
            "built-in table off"
        } else {
            "built-in table"
        },
        spec.nicknames
            .as_ref()
            .map(|p| format!(" + {}", p.display()))
            .unwrap_or_default()
    );
}

/// Which record survives and where its values come from.
fn survivorship(s: &mut String, spec: &DedupeSpec) {
    let _ = writeln!(
        s,
        "\nSurvivor: {} ({}); contact number: {} ({}){}.",
        spec.survivor.unwrap_or_default().as_str(),
        given(spec.survivor.is_some()),
        spec.contact_number.unwrap_or_default().as_str(),
        given(spec.contact_number.is_some()),
        spec.recency
            .as_ref()
            .map(|r| format!("; recency from {r}"))
            .unwrap_or_else(|| "; no recency column: most-recent falls back to read order".into())
    );
    let _ = writeln!(s, "Values of the merged contact: non-empty (the survivor's, else the next member's) for every column, except:");
    let _ = writeln!(
        s,
        "  INSTITUTION, ORGANIZATION, OPERATION  survivor (default)"
    );
    let _ = writeln!(
        s,
        "  {}  prefer:FALSE (default: a refusal of consent survives)",
        AUTHORISATIONS.join(", ")
    );
    for (column, rule) in &spec.survivorship {
        let text = ValueRule::parse(rule)
            .map(|r| rule_text(&r))
            .unwrap_or_else(|e| e);
        let _ = writeln!(s, "  {column}  {text} (set)");
    }
}

/// The decisions and the contacts already in SecuTix.
fn inputs(s: &mut String, spec: &DedupeSpec, decisions: usize) {
    let _ = writeln!(
        s,
        "\nDecisions: {}.",
        match &spec.decisions {
            Some(p) => format!("{} ({decisions} decisions replayed)", p.display()),
            None => "none (decisions = \"decisions.csv\" replays a reviewer's merge / split / keep-apart)".into(),
        }
    );
    let _ = writeln!(
        s,
        "Contacts already in SecuTix: {}.",
        match &spec.existing {
            Some(e) => format!(
                "{} (a match turns the INSERT into an UPDATE of that contact)",
                e.path.display()
            ),
            None => "none ([dedupe.existing] path = \"export.csv\")".into(),
        }
    );
}
