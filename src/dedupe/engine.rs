//! Deduplication from records to clusters: blocking, comparing, fitting the model, scoring,
//! replaying decisions, clustering; and, with labels, how good it was.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use rayon::prelude::*;

use super::block::{candidates, default_rules, parse_rules, unpack, PassCount};
use super::cluster::{cluster, cluster_id, ClusterSettings, Edge, Group};
use super::compare::{Comparer, Levels, COMPARISONS, N};
use super::config::DedupeSpec;
use super::decisions::{constraints, Decision};
use super::model::{Model, Scored};
use super::normalize::Nicknames;
use super::records::{Derived, Records};

/// Lowest bin of the score histogram (bits); lower scores count in it.
pub const HISTOGRAM_FROM: i32 = -30;
/// Highest bin; higher scores count in it.
pub const HISTOGRAM_TO: i32 = 50;

/// Precision, recall and F1 of the pairwise decisions against labels.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Quality {
    /// Pairs of records of one entity.
    pub true_pairs: u64,
    /// Of those, pairs blocking made candidates.
    pub reachable_pairs: u64,
    /// reachable / true: the recall blocking allows.
    pub blocking_recall: f64,
    /// Pairs put in one merged cluster.
    pub predicted_pairs: u64,
    /// Of those, pairs of one entity.
    pub correct_pairs: u64,
    /// correct / predicted.
    pub precision: f64,
    /// correct / true.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Records without a label (left out).
    pub unlabelled: u64,
}

/// What deduplication found.
pub struct Deduplicated {
    /// The fitted model.
    pub model: Model,
    /// Candidate pairs per blocking pass.
    pub passes: Vec<PassCount>,
    /// Candidate pairs compared.
    pub pairs_compared: u64,
    /// Scores of the compared pairs, one bin per bit from [`HISTOGRAM_FROM`].
    pub histogram: Vec<u64>,
    /// Clusters of two or more records.
    pub groups: Vec<Group>,
    /// Id of each group.
    pub ids: Vec<String>,
    /// Decisions naming what this run does not have.
    pub decision_warnings: Vec<String>,
    /// Milliseconds per step.
    pub timings: BTreeMap<&'static str, u128>,
    /// With labels: how good.
    pub quality: Option<Quality>,
    /// What was derived from the distinct values (phonetic codes, e-mail parts), for
    /// explaining pairs afterwards.
    pub derived: Derived,
}

/// Runs deduplication over `records`.
pub fn deduplicate(
    records: &Records,
    spec: &DedupeSpec,
    nicknames: &Nicknames,
    decisions: &[Decision],
    labels: Option<&HashMap<String, String>>,
    on_blocking: &mut dyn FnMut(&[PassCount]),
) -> Result<Deduplicated, String> {
    let mut timings = BTreeMap::new();
    let t = Instant::now();
    let derived = Derived::of(records);
    let comparer = comparer(records, &derived, nicknames, spec)?;
    timings.insert("derive", t.elapsed().as_millis());
    let t = Instant::now();
    let specs = match &spec.blocking {
        Some(rules) if !rules.is_empty() => rules.clone(),
        _ => default_rules(),
    };
    let rules = parse_rules(&specs)?;
    let found = candidates(
        records,
        &derived,
        &rules,
        spec.window(),
        spec.max_pairs_per_rule(),
    );
    timings.insert("block", t.elapsed().as_millis());
    on_blocking(&found.counts);
    let t = Instant::now();
    let patterns = level_patterns(&found.pairs, &comparer);
    timings.insert("compare", t.elapsed().as_millis());
    let t = Instant::now();
    let model = Model::fit(spec, &comparer, &patterns);
    timings.insert("fit", t.elapsed().as_millis());
    let t = Instant::now();
    let (edges, histogram) = score_pairs(&found.pairs, &comparer, &model, spec)?;
    timings.insert("score", t.elapsed().as_millis());
    let t = Instant::now();
    let settings = ClusterSettings {
        threshold: spec.threshold(),
        review_from: spec.review_from(),
        chain_floor: spec.chain_floor(),
        max_cluster: spec.max_cluster(),
    };
    let score_any = |a: u32, b: u32| {
        let (a, b) = (a as usize, b as usize);
        model.score_only(records, a, b, comparer.levels(a, b))
    };
    let (groups, decision_warnings) =
        cluster_with_decisions(records, &edges, decisions, settings, &score_any);
    let ids = groups.iter().map(|g| group_id(records, g)).collect();
    timings.insert("cluster", t.elapsed().as_millis());
    let quality = labels.map(|labels| evaluate(records, &found.pairs, &groups, labels));
    Ok(Deduplicated {
        model,
        passes: found.counts,
        pairs_compared: found.pairs.len() as u64,
        histogram,
        groups,
        ids,
        decision_warnings,
        timings,
        quality,
        derived,
    })
}

/// How many candidate pairs show each pattern of levels (what EM fits). Levels are computed
/// here and again in [`score_pairs`] rather than kept: 10 bytes a pair is most of the memory
/// at tens of millions of pairs.
fn level_patterns(pairs: &[u64], comparer: &Comparer) -> BTreeMap<u32, u64> {
    pairs
        .par_iter()
        .fold(BTreeMap::new, |mut counts: BTreeMap<u32, u64>, p| {
            let (a, b) = unpack(*p);
            *counts.entry(comparer.levels(a, b).pattern()).or_default() += 1;
            counts
        })
        .reduce(BTreeMap::new, |mut x, y| {
            for (k, v) in y {
                *x.entry(k).or_default() += v;
            }
            x
        })
}

/// Scores every candidate pair: the edges from `review-from` on (with their veto), and the
/// score histogram.
fn score_pairs(
    pairs: &[u64],
    comparer: &Comparer,
    model: &Model,
    spec: &DedupeSpec,
) -> Result<(Vec<Edge>, Vec<u64>), String> {
    let records = comparer.records;
    let review_from = spec.review_from();
    let vetoes = vetoes(spec)?;
    let override_from = spec.threshold() + spec.veto_margin();
    let bins = (HISTOGRAM_TO - HISTOGRAM_FROM + 1) as usize;
    let (mut edges, histogram) = pairs
        .par_iter()
        .fold(
            || (Vec::new(), vec![0u64; bins]),
            |(mut edges, mut histogram): (Vec<Edge>, Vec<u64>), p| {
                let (a, b) = unpack(*p);
                let l = comparer.levels(a, b);
                let s = model.score_only(records, a, b, l);
                let bin = (s.floor() as i32).clamp(HISTOGRAM_FROM, HISTOGRAM_TO) - HISTOGRAM_FROM;
                histogram[bin as usize] += 1;
                if s >= review_from {
                    edges.push(Edge {
                        a: a as u32,
                        b: b as u32,
                        score: s,
                        veto: match vetoed(&vetoes, &l) {
                            0 => false,
                            1 => s < override_from || !personal_identifier_agrees(&vetoes, &l),
                            _ => true,
                        },
                    });
                }
                (edges, histogram)
            },
        )
        .reduce(
            || (Vec::new(), vec![0u64; bins]),
            |(mut e1, mut h1), (e2, h2)| {
                e1.extend(e2);
                for (x, y) in h1.iter_mut().zip(h2) {
                    *x += y;
                }
                (e1, h1)
            },
        );
    // The folds' order depends on the threads: sort so that clustering sees one order.
    edges.sort_by_key(|e| (e.a, e.b));
    Ok((edges, histogram))
}

/// Clusters with the decisions replayed, and a warning for each decision naming what this run
/// does not have. Cluster decisions name clusters as a run without them sees them, so the
/// edges are clustered once with the pair decisions, then again with all.
fn cluster_with_decisions(
    records: &Records,
    edges: &[Edge],
    decisions: &[Decision],
    settings: ClusterSettings,
    score_any: &dyn Fn(u32, u32) -> f64,
) -> (Vec<Group>, Vec<String>) {
    let is_existing = |i: usize| records.is_existing(i);
    let index_of_key: HashMap<&str, u32> = records
        .key
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_ref(), i as u32))
        .collect();
    let pair_decisions: Vec<Decision> = decisions
        .iter()
        .filter(|d| d.cluster.is_none())
        .cloned()
        .collect();
    let (first, warnings) = constraints(&pair_decisions, &index_of_key, &HashMap::new());
    let groups = cluster(
        records.len(),
        edges,
        &first,
        settings,
        &is_existing,
        score_any,
    );
    if !decisions.iter().any(|d| d.cluster.is_some()) {
        return (groups, warnings);
    }
    let members: HashMap<String, Vec<u32>> = groups
        .iter()
        .map(|g| (group_id(records, g), g.members()))
        .collect();
    let (all, warnings) = constraints(decisions, &index_of_key, &members);
    let groups = cluster(
        records.len(),
        edges,
        &all,
        settings,
        &is_existing,
        score_any,
    );
    (groups, warnings)
}

/// For each comparison, the level that vetoes a merge (0: none).
fn vetoes(spec: &DedupeSpec) -> Result<[u8; N], String> {
    let mut out = [0u8; N];
    for name in spec.veto() {
        match COMPARISONS.iter().position(|c| c.name == name) {
            Some(i) => out[i] = COMPARISONS[i].levels.len() as u8,
            None => {
                return Err(format!(
                    "veto: `{name}` is not a comparison; one of {}",
                    COMPARISONS
                        .iter()
                        .map(|c| c.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
    }
    Ok(out)
}

/// How many vetoing comparisons say "different".
pub fn vetoed(vetoes: &[u8; N], levels: &Levels) -> usize {
    vetoes
        .iter()
        .zip(levels.level)
        .filter(|(v, l)| **v != 0 && *l == **v)
        .count()
}

/// Whether an identifier of one person agrees exactly: the e-mail, or the birth date when it
/// is not what vetoes. A household shares address, phone and last name, not these.
fn personal_identifier_agrees(vetoes: &[u8; N], levels: &Levels) -> bool {
    use super::compare::idx;
    let birth_vetoes = vetoes[idx::BIRTH] != 0 && levels.level[idx::BIRTH] == vetoes[idx::BIRTH];
    levels.level[idx::EMAIL] == 1 || (!birth_vetoes && levels.level[idx::BIRTH] == 1)
}

/// The comparer for a spec (unknown names in `ignore`, `m` or `u` are errors).
pub fn comparer<'a>(
    records: &'a Records,
    derived: &'a Derived,
    nicknames: &'a Nicknames,
    spec: &DedupeSpec,
) -> Result<Comparer<'a>, String> {
    let mut ignored = [false; N];
    let known = || {
        COMPARISONS
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    for name in &spec.ignore {
        match COMPARISONS.iter().position(|c| c.name == name) {
            Some(i) => ignored[i] = true,
            None => {
                return Err(format!(
                    "[dedupe] ignore: `{name}` is not a comparison; one of {}",
                    known()
                ))
            }
        }
    }
    for (table, what) in [(&spec.m, "m"), (&spec.u, "u")] {
        for (name, levels) in table {
            let Some(c) = COMPARISONS.iter().find(|c| c.name == name) else {
                return Err(format!(
                    "[dedupe.{what}.{name}]: not a comparison; one of {}",
                    known()
                ));
            };
            for level in levels.keys() {
                if !c.levels.contains(&level.as_str()) {
                    return Err(format!(
                        "[dedupe.{what}.{name}] {level}: not a level of {name}; one of {}",
                        c.levels.join(", ")
                    ));
                }
            }
        }
    }
    Ok(Comparer {
        records,
        derived,
        nicknames,
        ignored,
    })
}

/// A group's id from the keys of its records of this run (contacts already in SecuTix
/// only when it has no other).
pub fn group_id(records: &Records, group: &Group) -> String {
    let members = group.members();
    let run: Vec<&str> = members
        .iter()
        .filter(|m| !records.is_existing(**m as usize))
        .map(|m| records.key[*m as usize].as_ref())
        .collect();
    if run.is_empty() {
        let all: Vec<&str> = members
            .iter()
            .map(|m| records.key[*m as usize].as_ref())
            .collect();
        cluster_id(&all)
    } else {
        cluster_id(&run)
    }
}

/// The full score of a pair (for duplicates.csv and the report).
pub fn explain_pair(
    records: &Records,
    comparer: &Comparer,
    model: &Model,
    a: u32,
    b: u32,
) -> Scored {
    let (a, b) = (a as usize, b as usize);
    model.score(records, a, b, comparer.levels(a, b))
}

/// Pairwise precision and recall against labels (`key` → entity).
fn evaluate(
    records: &Records,
    candidate_pairs: &[u64],
    groups: &[Group],
    labels: &HashMap<String, String>,
) -> Quality {
    let entity: Vec<Option<&str>> = records
        .key
        .iter()
        .map(|k| labels.get(k.as_ref()).map(String::as_str))
        .collect();
    let unlabelled = entity.iter().filter(|e| e.is_none()).count() as u64;
    let mut sizes: HashMap<&str, u64> = HashMap::new();
    for e in entity.iter().flatten() {
        *sizes.entry(e).or_default() += 1;
    }
    let true_pairs: u64 = sizes.values().map(|n| n * (n - 1) / 2).sum();
    let same = |a: usize, b: usize| matches!((entity[a], entity[b]), (Some(x), Some(y)) if x == y);
    let reachable_pairs = candidate_pairs
        .iter()
        .filter(|p| {
            let (a, b) = unpack(**p);
            same(a, b)
        })
        .count() as u64;
    let (mut predicted, mut correct) = (0u64, 0u64);
    for g in groups.iter().filter(|g| g.held.is_none()) {
        let run: Vec<usize> = g
            .merged
            .iter()
            .map(|m| *m as usize)
            .filter(|m| !records.is_existing(*m))
            .collect();
        for (x, &a) in run.iter().enumerate() {
            for &b in &run[x + 1..] {
                predicted += 1;
                correct += same(a, b) as u64;
            }
        }
    }
    let ratio = |x: u64, y: u64| if y == 0 { 1.0 } else { x as f64 / y as f64 };
    let precision = ratio(correct, predicted);
    let recall = ratio(correct, true_pairs);
    Quality {
        true_pairs,
        reachable_pairs,
        blocking_recall: ratio(reachable_pairs, true_pairs),
        predicted_pairs: predicted,
        correct_pairs: correct,
        precision,
        recall,
        f1: if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        },
        unlabelled,
    }
}
