//! The duplicates section of report.json and report.html: counts per blocking pass, the
//! score histogram with the thresholds, the model's parameters, and for the first clusters
//! their members (masked) and a waterfall per pair whose bars sum exactly to the score.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::cluster::Group;
use super::compare::COMPARISONS;
use super::config::DedupeSpec;
use super::engine::{Deduplicated, Quality, HISTOGRAM_FROM};
use super::output::{status, MemberLine};
use super::records::{Origin, Records};
use super::stage::MemberValues;
use crate::report::{escape_html as escape, mask_sample};
use crate::writers::WrittenFile;

/// What deduplication did, for the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DedupeReport {
    /// Records compared (with a name).
    pub records: u64,
    /// Records without any name (never compared).
    pub nameless: u64,
    /// Contacts already in SecuTix matched against.
    pub existing: u64,
    /// Match weight for "same".
    pub threshold: f64,
    /// Match weight from which pairs are listed for review.
    pub review_from: f64,
    /// Chaining guard.
    pub chain_floor: f64,
    /// Probability that two random records of one kind are one contact.
    pub prior: f64,
    /// Share of the candidate pairs that are matches (EM).
    pub candidate_prior: f64,
    /// EM iterations.
    pub em_iterations: usize,
    /// Whether EM converged.
    pub em_converged: bool,
    /// Random pairs u was estimated on.
    pub u_pairs: usize,
    /// Per blocking pass.
    pub passes: Vec<PassReport>,
    /// Candidate pairs compared.
    pub pairs_compared: u64,
    /// Score histogram: (lowest bit of the bin, pairs).
    pub histogram: Vec<(i32, u64)>,
    /// m, u and weight per comparison level.
    pub parameters: Vec<Parameter>,
    /// Clusters merged.
    pub merged_clusters: u64,
    /// Clusters that update a contact already in SecuTix.
    pub update_clusters: u64,
    /// Clusters held for review.
    pub review_clusters: u64,
    /// Records merged into another.
    pub records_merged: u64,
    /// Records listed for review.
    pub records_review: u64,
    /// Clusters shown below.
    pub clusters: Vec<ClusterView>,
    /// Decisions naming keys or clusters this run does not have.
    pub decision_warnings: Vec<String>,
    /// With labels.
    pub quality: Option<Quality>,
    /// Milliseconds per step.
    pub timings: Vec<(String, u128)>,
    /// duplicates.csv.
    #[serde(skip)]
    pub file: Option<WrittenFile>,
}

/// The counts of a deduplication, for the run's summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupeTotals {
    /// Clusters merged.
    pub merged_clusters: u64,
    /// Clusters that update a contact already in SecuTix.
    pub update_clusters: u64,
    /// Clusters held for review.
    pub review_clusters: u64,
    /// Records listed for review.
    pub records_review: u64,
    /// Candidate pairs compared.
    pub pairs_compared: u64,
    /// Against the labels.
    pub quality: Option<Quality>,
}

impl DedupeReport {
    /// The counts.
    pub fn totals(&self) -> DedupeTotals {
        DedupeTotals {
            merged_clusters: self.merged_clusters,
            update_clusters: self.update_clusters,
            review_clusters: self.review_clusters,
            records_review: self.records_review,
            pairs_compared: self.pairs_compared,
            quality: self.quality.clone(),
        }
    }
}

/// One blocking pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassReport {
    /// Rule.
    pub rule: String,
    /// Pairs it made.
    pub pairs: u64,
    /// Pairs no earlier pass had made.
    pub new_pairs: u64,
    /// Largest block.
    pub largest_block: u64,
    /// Stopped at the cap.
    pub stopped: bool,
}

/// One level's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Comparison.
    pub comparison: String,
    /// Level.
    pub level: String,
    /// P(level | match).
    pub m: f64,
    /// P(level | non-match).
    pub u: f64,
    /// log2(m/u).
    pub weight: f64,
    /// Set in the migration file rather than estimated.
    pub fixed: bool,
}

/// A cluster as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterView {
    /// Its id.
    pub id: String,
    /// merged, update, review.
    pub status: String,
    /// Why it is held, or `decisions.csv`.
    pub reason: String,
    /// Members, first the survivor.
    pub members: Vec<MemberView>,
}

/// A member and the waterfall of its pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    /// Key.
    pub key: String,
    /// Source row (or `secutix:N`).
    pub row: String,
    /// Role.
    pub role: String,
    /// Score of its pair.
    pub score: Option<f64>,
    /// Key of the other record of the pair.
    pub linked_to: Option<String>,
    /// Masked name, e-mail, phone, place.
    pub summary: String,
    /// (comparison, level, bits): prior first; sums to `score`.
    pub waterfall: Vec<(String, String, f64)>,
}

/// Collects the report while duplicates.csv is written.
pub struct ReportBuilder {
    report: DedupeReport,
    limit: usize,
    shown: Vec<(String, ClusterView)>,
}

impl ReportBuilder {
    /// Starts from the model and the passes.
    pub fn new(spec: &DedupeSpec, records: &Records, found: &Deduplicated) -> ReportBuilder {
        let existing = (0..records.len())
            .filter(|i| records.is_existing(*i))
            .count() as u64;
        let model = &found.model;
        let mut parameters = Vec::new();
        for (c, comparison) in COMPARISONS.iter().enumerate() {
            for (l, level) in comparison.levels.iter().enumerate() {
                let p = &model.levels[c];
                parameters.push(Parameter {
                    comparison: comparison.name.into(),
                    level: level.to_string(),
                    m: p.m[l + 1],
                    u: p.u[l + 1],
                    weight: super::model::hundredths(model.weight(c, (l + 1) as u8)),
                    fixed: p.m_fixed[l + 1],
                });
            }
        }
        let report = DedupeReport {
            records: records.len() as u64 - existing,
            nameless: records.nameless,
            existing,
            threshold: spec.threshold(),
            review_from: spec.review_from(),
            chain_floor: spec.chain_floor(),
            prior: model.prior,
            candidate_prior: model.candidate_prior,
            em_iterations: model.em_iterations,
            em_converged: model.converged,
            u_pairs: model.u_pairs,
            passes: found
                .passes
                .iter()
                .map(|p| PassReport {
                    rule: p.rule.clone(),
                    pairs: p.pairs,
                    new_pairs: p.new_pairs,
                    largest_block: p.largest_block,
                    stopped: p.stopped,
                })
                .collect(),
            pairs_compared: found.pairs_compared,
            histogram: found
                .histogram
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| (HISTOGRAM_FROM + i as i32, *n))
                .collect(),
            parameters,
            decision_warnings: found.decision_warnings.clone(),
            quality: found.quality.clone(),
            timings: found
                .timings
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            ..DedupeReport::default()
        };
        ReportBuilder {
            report,
            limit: spec.report_clusters(),
            shown: Vec::new(),
        }
    }

    /// Counts a group and keeps its view (the first `report-clusters` by id are shown).
    pub fn group(
        &mut self,
        records: &Records,
        id: &str,
        group: &Group,
        lines: &[MemberLine],
        update: bool,
        values: &MemberValues,
    ) {
        let status = status(group, update);
        match status {
            "review" => self.report.review_clusters += 1,
            "update" => self.report.update_clusters += 1,
            _ => self.report.merged_clusters += 1,
        }
        self.report.records_merged += lines.iter().filter(|l| l.role == "merged").count() as u64;
        self.report.records_review += lines.iter().filter(|l| l.role == "review").count() as u64;
        if self.shown.len() >= self.limit {
            return;
        }
        self.shown.push((
            id.to_string(),
            ClusterView {
                id: id.to_string(),
                status: status.into(),
                reason: group.reason(),
                members: Vec::new(),
            },
        ));
        self.members(records, lines, values);
    }

    /// Fills the shown clusters' members (values masked) and finishes.
    pub fn finish(mut self) -> DedupeReport {
        self.report.clusters = self.shown.into_iter().map(|(_, v)| v).collect();
        self.report
    }

    /// Adds the members of the cluster shown last.
    fn members(&mut self, records: &Records, lines: &[MemberLine], values: &MemberValues) {
        let Some((_, view)) = self.shown.last_mut() else {
            return;
        };
        if !view.members.is_empty() {
            return;
        }
        for line in lines {
            let i = line.record as usize;
            let (row, summary) = match &records.origin[i] {
                Origin::Run { seq, row } => {
                    let get = |name: &str| {
                        values
                            .named(*seq, name)
                            .map(|x| mask_sample(name, x))
                            .unwrap_or_default()
                    };
                    let parts = [
                        get("FIRSTNAME"),
                        get("LASTNAME"),
                        get("OFFICIAL_NAME"),
                        get("EMAIL1"),
                        get("TELEPHONE"),
                        get("ZIPCODE"),
                        get("TOWN"),
                    ];
                    (
                        row.to_string(),
                        parts
                            .into_iter()
                            .filter(|p| !p.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · "),
                    )
                }
                Origin::Existing { contact_nr, row } => (
                    format!("secutix:{row}"),
                    format!("SecuTix contact {contact_nr}"),
                ),
            };
            view.members.push(MemberView {
                key: records.key[i].to_string(),
                row,
                role: line.role.into(),
                score: line.pair.as_ref().map(|(_, s)| s.score),
                linked_to: line
                    .pair
                    .as_ref()
                    .map(|(o, _)| records.key[*o as usize].to_string()),
                summary,
                waterfall: line
                    .pair
                    .as_ref()
                    .map(|(_, s)| {
                        s.contributions
                            .iter()
                            .map(|c| (c.comparison.to_string(), c.level.to_string(), c.weight))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
}

impl DedupeReport {
    /// The section of report.html.
    pub fn to_html(&self) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<section class="wide" id="duplicates"><h2>Duplicates</h2>
<p>{records} records compared ({nameless} without a name left out{existing}); {pairs} candidate pairs scored. <strong>{merged}</strong> clusters merged ({rows} records merged into their survivor), <strong>{updates}</strong> matched a contact already in SecuTix (written as UPDATE), <strong>{review}</strong> held for review ({rev_rows} records). Threshold {threshold:.2} bits (probability {p_t:.3}), review from {review_from:.2} bits, chain floor {floor:.2}. Prior: {prior:.3e} that two random records are one contact ({cand:.4} of the candidate pairs; EM, {iters} iterations{conv}).</p>
"#,
            records = self.records,
            nameless = self.nameless,
            existing = if self.existing > 0 {
                format!("; {} contacts already in SecuTix", self.existing)
            } else {
                String::new()
            },
            pairs = self.pairs_compared,
            merged = self.merged_clusters,
            rows = self.records_merged,
            updates = self.update_clusters,
            review = self.review_clusters,
            rev_rows = self.records_review,
            threshold = self.threshold,
            p_t = super::model::probability(self.threshold),
            review_from = self.review_from,
            floor = self.chain_floor,
            iters = self.em_iterations,
            conv = if self.em_converged {
                ", converged"
            } else {
                ", not converged"
            },
            prior = self.prior,
            cand = self.candidate_prior,
        );
        if let Some(q) = &self.quality {
            let _ = writeln!(
                s,
                r#"<p id="dedupe-quality">Against the labels: precision {:.4}, recall {:.4}, F1 {:.4}; blocking reaches {:.4} of the {} true pairs.</p>"#,
                q.precision, q.recall, q.f1, q.blocking_recall, q.true_pairs
            );
        }
        for w in &self.decision_warnings {
            let _ = writeln!(s, r#"<p class="warn">{}</p>"#, escape(w));
        }
        s.push_str("<table id=\"dedupe-passes\"><thead><tr><th>Blocking pass</th><th>Pairs</th><th>New pairs</th><th>Largest block</th><th></th></tr></thead><tbody>\n");
        for p in &self.passes {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                escape(&p.rule),
                p.pairs,
                p.new_pairs,
                p.largest_block,
                if p.stopped { "stopped: over max-pairs-per-rule" } else { "" }
            );
        }
        s.push_str("</tbody></table>\n");
        s.push_str(&self.histogram_svg());
        s.push_str("<details><summary>Model parameters</summary><table id=\"dedupe-parameters\"><thead><tr><th>Comparison</th><th>Level</th><th>m</th><th>u</th><th>Weight (bits)</th></tr></thead><tbody>\n");
        for p in &self.parameters {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.4}{}</td><td class=\"n\">{:.6}</td><td class=\"n\">{:.2}</td></tr>",
                escape(&p.comparison),
                escape(&p.level),
                p.m,
                if p.fixed { " (set)" } else { "" },
                p.u,
                p.weight
            );
        }
        s.push_str("</tbody></table></details>\n");
        for c in &self.clusters {
            let _ = write!(
                s,
                "<details class=\"cluster\" id=\"cluster-{id}\"><summary>{id} · {status}{reason} · {n} records</summary>\n<table><thead><tr><th>Key</th><th>Row</th><th>Role</th><th>Score</th><th>Values (masked)</th><th>Waterfall</th></tr></thead><tbody>\n",
                id = escape(&c.id),
                status = escape(&c.status),
                reason = if c.reason.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", escape(&c.reason))
                },
                n = c.members.len()
            );
            for m in &c.members {
                let _ = writeln!(
                    s,
                    "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td class=\"n score\">{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&m.key),
                    escape(&m.row),
                    escape(&m.role),
                    m.score.map(|v| format!("{v:.2}")).unwrap_or_default(),
                    escape(&m.summary),
                    waterfall_svg(&m.waterfall, m.score)
                );
            }
            s.push_str("</tbody></table></details>\n");
        }
        s.push_str("</section>\n");
        s
    }

    fn histogram_svg(&self) -> String {
        if self.histogram.is_empty() {
            return String::new();
        }
        let lo = self
            .histogram
            .first()
            .map(|h| h.0)
            .unwrap_or(0)
            .min(self.review_from.floor() as i32);
        let hi = self
            .histogram
            .last()
            .map(|h| h.0)
            .unwrap_or(0)
            .max(self.threshold.ceil() as i32);
        let max = self.histogram.iter().map(|h| h.1).max().unwrap_or(1).max(1) as f64;
        let bins = (hi - lo + 1) as f64;
        let (w, h) = (720.0, 160.0);
        let bw = w / bins;
        let x_of = |bit: f64| (bit - lo as f64) * bw;
        let mut s = format!(
            r#"<figure><svg id="dedupe-histogram" viewBox="0 0 {w} {h2}" width="100%" role="img" aria-label="Scores of the candidate pairs">"#,
            h2 = h + 20.0
        );
        for (bit, n) in &self.histogram {
            // Square-root scale: the many non-matches do not flatten the matches.
            let bar = ((*n as f64).sqrt() / max.sqrt()) * h;
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#4a78b5"><title>{bit} to {} bits: {n} pairs</title></rect>"##,
                x_of(*bit as f64),
                h - bar,
                (bw - 1.0).max(1.0),
                bar,
                bit + 1
            );
        }
        for (value, label, colour) in [
            (self.threshold, "threshold", "#b3261e"),
            (self.review_from, "review from", "#c77700"),
        ] {
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" x2="{x:.1}" y1="0" y2="{h}" stroke="{colour}" stroke-width="2" data-threshold="{label}" data-value="{value}"/><text x="{x:.1}" y="{ty}" font-size="11" fill="{colour}">{label} {value:.2}</text>"##,
                x = x_of(value),
                ty = h + 14.0
            );
        }
        s.push_str("</svg><figcaption>Scores of the candidate pairs (bits, square-root scale) with the thresholds.</figcaption></figure>\n");
        s
    }
}

/// A waterfall: one bar per contribution from the running total; the last bar is the score.
fn waterfall_svg(bars: &[(String, String, f64)], score: Option<f64>) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let (mut lo, mut hi, mut run) = (0.0f64, 0.0f64, 0.0f64);
    for (_, _, w) in bars {
        run += w;
        lo = lo.min(run);
        hi = hi.max(run);
    }
    let span = (hi - lo).max(1.0);
    let (w, row) = (260.0, 12.0);
    let x_of = |v: f64| (v - lo) / span * (w - 60.0);
    let mut s = format!(
        r#"<svg class="waterfall" viewBox="0 0 {w} {}" width="{w}" role="img" data-sum="{:.2}">"#,
        row * (bars.len() as f64 + 1.0),
        score.unwrap_or(0.0)
    );
    let mut run = 0.0;
    for (i, (c, l, weight)) in bars.iter().enumerate() {
        let (a, b) = (x_of(run), x_of(run + weight));
        run += weight;
        let colour = if *weight >= 0.0 { "#2e7d32" } else { "#b3261e" };
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}" data-weight="{weight:.2}"><title>{} {}: {weight:+.2}</title></rect>"##,
            a.min(b),
            i as f64 * row,
            (a - b).abs().max(0.5),
            row - 2.0,
            escape(c),
            escape(l)
        );
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="10">= {:.2}</text></svg>"##,
        x_of(run) + 2.0,
        bars.len() as f64 * row + 10.0,
        score.unwrap_or(run)
    );
    s
}
