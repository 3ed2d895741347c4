//! Fellegi–Sunter: m and u per comparison level, u from random pairs, m and the share of
//! matches by EM over the candidate pairs (no labels), weights in bits, term-frequency
//! adjustment of exact names, and the score of a pair as a sum of printed contributions.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::compare::{Comparer, Levels, COMPARISONS, N};
use super::config::DedupeSpec;
use super::records::Records;

/// Probabilities of one comparison, per level (index 0 unused: "no value" weighs nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct LevelProbabilities {
    /// P(level | same contact).
    pub m: Vec<f64>,
    /// P(level | different contacts).
    pub u: Vec<f64>,
    /// Set in the migration file, per level (not estimated).
    pub m_fixed: Vec<bool>,
}

/// The fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Per comparison.
    pub levels: Vec<LevelProbabilities>,
    /// Probability that two records of one kind, drawn at random, are one contact: the
    /// expected matches among the candidate pairs over all pairs. Scores do not depend on how
    /// strict the blocking is, and grow stricter as the data grows (more namesakes around).
    pub prior: f64,
    /// Share of the candidate pairs that are matches (EM with m and u fixed).
    pub candidate_prior: f64,
    /// Whether exact name agreements are weighted by the value's frequency.
    pub term_frequency: bool,
    /// EM iterations run, and whether it converged.
    pub em_iterations: usize,
    /// Whether EM stopped because the parameters stopped moving.
    pub converged: bool,
    /// Random pairs u was estimated on.
    pub u_pairs: usize,
}

/// An EM session: the comparisons it leaves out, and which pairs it takes.
type Session = (&'static [usize], fn(&[u8; N]) -> bool);

/// Smallest probability a level gets: an unseen level is rare, not impossible.
const FLOOR: f64 = 1e-6;

/// Pairs' worth of belief in the starting m and prior: EM on a few dozen candidate pairs
/// stays near the defaults instead of fitting noise; on thousands it follows the data.
const PSEUDO_PAIRS: f64 = 20.0;

/// Seed of the random pairs (fixed: runs are repeatable).
const SEED: u64 = 0x5ec0_7d1c;

impl Model {
    /// Weight in bits of a level without term frequency.
    pub fn weight(&self, comparison: usize, level: u8) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let p = &self.levels[comparison];
        (p.m[level as usize] / p.u[level as usize]).log2()
    }

    /// Prior weight: log2 of the odds that a candidate pair is a match.
    pub fn prior_weight(&self) -> f64 {
        (self.prior / (1.0 - self.prior)).log2()
    }

    /// The starting model: m from the comparisons' defaults, u uniform.
    fn start(spec: &DedupeSpec) -> Model {
        let levels = COMPARISONS
            .iter()
            .map(|c| {
                let k = c.levels.len() + 1;
                let mut m = vec![0.0; k];
                let mut u = vec![0.0; k];
                let mut m_fixed = vec![false; k];
                for l in 1..k {
                    m[l] = c.m_start[l - 1];
                    u[l] = 1.0 / (k - 1) as f64;
                    if let Some(v) = spec.m.get(c.name).and_then(|t| t.get(c.levels[l - 1])) {
                        m[l] = v.clamp(FLOOR, 1.0);
                        m_fixed[l] = true;
                    }
                }
                LevelProbabilities { m, u, m_fixed }
            })
            .collect();
        Model {
            levels,
            prior: spec.prior.unwrap_or(0.1).clamp(1e-12, 0.999),
            candidate_prior: 0.1,
            term_frequency: spec.term_frequency(),
            em_iterations: 0,
            converged: false,
            u_pairs: 0,
        }
    }

    /// u per level from `pairs` random pairs (set ones kept), then m and the prior by EM on
    /// the level patterns of the candidate pairs.
    pub fn fit(spec: &DedupeSpec, comparer: &Comparer, patterns: &BTreeMap<u32, u64>) -> Model {
        let mut model = Model::start(spec);
        model.estimate_u(spec, comparer);
        model.em(spec, patterns);
        if spec.prior.is_none() {
            let candidates: u64 = patterns.values().sum();
            let all = pairs_of_a_kind(comparer.records);
            let expected = model.candidate_prior * candidates as f64;
            model.prior = (expected / all.max(1) as f64).clamp(1e-12, 0.5);
        }
        model
    }

    fn estimate_u(&mut self, spec: &DedupeSpec, comparer: &Comparer) {
        let n = comparer.records.len();
        // A small run has few distinct pairs: ten draws of each are plenty.
        let distinct = (n as u64).saturating_mul(n.saturating_sub(1) as u64) / 2;
        let wanted = spec
            .u_sample_pairs()
            .min(distinct.saturating_mul(10).min(usize::MAX as u64) as usize);
        let mut counts = vec![vec![0u64; 8]; N];
        let mut drawn = 0usize;
        if n >= 2 {
            let mut rng = ChaCha8Rng::seed_from_u64(SEED);
            let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(wanted);
            while pairs.len() < wanted {
                let a = rng.random_range(0..n);
                let b = rng.random_range(0..n);
                if a != b && comparer.records.kind[a] == comparer.records.kind[b] {
                    pairs.push((a, b));
                }
                // A run of one kind only still ends: kinds are checked, not required.
                if pairs.is_empty() && drawn > 1000 * wanted {
                    break;
                }
                drawn += 1;
            }
            use rayon::prelude::*;
            let levels: Vec<Levels> = pairs
                .par_iter()
                .map(|&(a, b)| comparer.levels(a, b))
                .collect();
            for l in &levels {
                for (c, level) in l.level.iter().enumerate() {
                    counts[c][*level as usize] += 1;
                }
            }
            self.u_pairs = pairs.len();
        }
        for (c, p) in self.levels.iter_mut().enumerate() {
            let k = p.u.len();
            let total: u64 = counts[c][1..k].iter().sum();
            for (l, (u, seen)) in p.u.iter_mut().zip(&counts[c]).enumerate().skip(1) {
                let fixed = spec
                    .u
                    .get(COMPARISONS[c].name)
                    .and_then(|t| t.get(COMPARISONS[c].levels[l - 1]));
                *u = match fixed {
                    Some(v) => v.clamp(FLOOR, 1.0),
                    // Half a pair where none was seen.
                    None if total > 0 => ((*seen as f64).max(0.5) / total as f64).max(FLOOR),
                    None => 1.0 / (k - 1) as f64,
                };
            }
        }
    }

    /// m by EM in sessions, then the prior with m and u fixed.
    ///
    /// One EM over every candidate pair finds the wrong classes: blocking makes most
    /// candidates share a last name, and EM calls that sharing "match" (seen on the generated
    /// data: a prior of 0.89 and first names that differ in most "matches"). So, as Splink
    /// trains, each session takes the pairs agreeing exactly on something strong (an e-mail,
    /// both names, a structure name, a phone), leaves that comparison out, and estimates the
    /// others' m; each comparison's m is then pooled over the sessions where it was free.
    fn em(&mut self, spec: &DedupeSpec, patterns: &BTreeMap<u32, u64>) {
        use super::compare::idx;
        let unpacked: Vec<([u8; N], f64)> = patterns
            .iter()
            .map(|(p, n)| (Levels::from_pattern(*p), *n as f64))
            .collect();
        // Each session's condition must leave few non-matches: a shared phone alone is a
        // household, a shared name alone a namesake, so those come with a second agreement.
        let sessions: [Session; 4] = [
            (&[idx::EMAIL], |l| l[idx::EMAIL] == 1),
            (&[idx::FIRST, idx::LAST, idx::BIRTH], |l| {
                l[idx::FIRST] == 1 && l[idx::LAST] == 1 && l[idx::BIRTH] == 1
            }),
            (&[idx::STRUCTURE, idx::POSTCODE], |l| {
                l[idx::STRUCTURE] == 1 && l[idx::POSTCODE] == 1
            }),
            (&[idx::PHONE, idx::FIRST], |l| {
                l[idx::PHONE] == 1 && l[idx::FIRST] == 1
            }),
        ];
        let mut pooled = vec![vec![0.0f64; 8]; N];
        for (held, condition) in sessions {
            let pairs: Vec<([u8; N], f64)> = unpacked
                .iter()
                .filter(|(l, _)| condition(l))
                .copied()
                .collect();
            let (m_sum, iterations, converged) = self.session(spec, &pairs, held);
            self.em_iterations = self.em_iterations.max(iterations);
            self.converged = self.em_iterations == 0 || converged;
            for c in 0..N {
                if held.contains(&c) {
                    continue;
                }
                for (slot, v) in pooled[c].iter_mut().zip(&m_sum[c]) {
                    *slot += v;
                }
            }
        }
        for (c, p) in self.levels.iter_mut().enumerate() {
            let k = p.m.len();
            let seen: f64 = pooled[c][1..k].iter().sum();
            for (l, (m, expected)) in p.m.iter_mut().zip(&pooled[c]).enumerate().skip(1) {
                if !p.m_fixed[l] {
                    let start = COMPARISONS[c].m_start[l - 1];
                    *m = ((expected + PSEUDO_PAIRS * start) / (seen + PSEUDO_PAIRS)).max(FLOOR);
                }
            }
        }
        if spec.prior.is_none() {
            self.fit_prior(spec, &unpacked);
        }
    }

    /// One EM session over `pairs`, the comparisons `held` left out: the expected matches per
    /// level of every other comparison, the iterations, whether it converged.
    fn session(
        &self,
        spec: &DedupeSpec,
        pairs: &[([u8; N], f64)],
        held: &[usize],
    ) -> (Vec<Vec<f64>>, usize, bool) {
        let mut model = self.clone();
        model.prior = 0.5;
        let mut m_sum = vec![vec![0.0f64; 8]; N];
        let total: f64 = pairs.iter().map(|(_, n)| n).sum();
        if total == 0.0 {
            return (m_sum, 0, true);
        }
        for iteration in 0..spec.em_iterations() {
            m_sum = vec![vec![0.0f64; 8]; N];
            let mut match_total = 0.0;
            for (levels, n) in pairs {
                let mut odds = model.prior_weight();
                for (c, l) in levels.iter().enumerate() {
                    if !held.contains(&c) {
                        odds += model.weight(c, *l);
                    }
                }
                let p = 1.0 / (1.0 + (-odds).exp2());
                match_total += p * n;
                for (c, l) in levels.iter().enumerate() {
                    m_sum[c][*l as usize] += p * n;
                }
            }
            let mut moved = 0.0f64;
            for (c, p) in model.levels.iter_mut().enumerate() {
                let k = p.m.len();
                let seen: f64 = m_sum[c][1..k].iter().sum();
                if held.contains(&c) || seen <= 0.0 {
                    continue;
                }
                for (l, (m, expected)) in p.m.iter_mut().zip(&m_sum[c]).enumerate().skip(1) {
                    if !p.m_fixed[l] {
                        let new = (expected / seen).max(FLOOR);
                        moved = moved.max((new - *m).abs());
                        *m = new;
                    }
                }
            }
            let prior = (match_total / total).clamp(1e-6, 0.999);
            moved = moved.max((prior - model.prior).abs());
            model.prior = prior;
            if moved < 1e-5 {
                return (m_sum, iteration + 1, true);
            }
        }
        (m_sum, spec.em_iterations(), false)
    }

    /// The share of matches among all candidate pairs, m and u fixed.
    fn fit_prior(&mut self, spec: &DedupeSpec, pairs: &[([u8; N], f64)]) {
        let total: f64 = pairs.iter().map(|(_, n)| n).sum();
        if total == 0.0 {
            self.candidate_prior = 0.0;
            return;
        }
        self.prior = self.candidate_prior;
        let weights: Vec<f64> = pairs
            .iter()
            .map(|(levels, _)| {
                levels
                    .iter()
                    .enumerate()
                    .map(|(c, l)| self.weight(c, *l))
                    .sum()
            })
            .collect();
        for _ in 0..spec.em_iterations() * 4 {
            let prior_weight = self.prior_weight();
            let matches: f64 = pairs
                .iter()
                .zip(&weights)
                .map(|((_, n), w)| n / (1.0 + (-(prior_weight + w)).exp2()))
                .sum();
            let new = ((matches + PSEUDO_PAIRS * 0.1) / (total + PSEUDO_PAIRS)).clamp(1e-6, 0.999);
            let moved = (new - self.prior).abs();
            self.prior = new;
            if moved < 1e-7 {
                break;
            }
        }
        self.candidate_prior = self.prior;
    }
}

/// Pairs of records of one kind, leaving out the records taken out of the run.
fn pairs_of_a_kind(records: &Records) -> u64 {
    let mut by_kind = std::collections::HashMap::new();
    for (kind, skipped) in records.kind.iter().zip(&records.skipped) {
        if !skipped {
            *by_kind.entry(*kind).or_insert(0u64) += 1;
        }
    }
    by_kind.values().map(|n| n * n.saturating_sub(1) / 2).sum()
}

/// One bar of a waterfall: what a comparison added to a pair's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Comparison name, or `prior`.
    pub comparison: &'static str,
    /// Level name (`no value` at level 0).
    pub level: &'static str,
    /// Bits, rounded to hundredths: the score is the sum of these as printed.
    pub weight: f64,
    /// The part of `weight` that is the term-frequency adjustment (0 when none).
    pub term_frequency: f64,
}

/// A scored pair: its contributions and their sum.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The levels compared.
    pub levels: Levels,
    /// Prior first, then each comparison in order.
    pub contributions: Vec<Contribution>,
    /// Σ contributions.
    pub score: f64,
}

/// Rounds to hundredths: what is printed is what is summed.
pub fn hundredths(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The match probability of a score in bits.
pub fn probability(score: f64) -> f64 {
    1.0 / (1.0 + (-score).exp2())
}

impl Model {
    /// The score of records `a`, `b` with their levels, every contribution rounded first.
    pub fn score(&self, records: &Records, a: usize, b: usize, levels: Levels) -> Scored {
        let mut contributions = Vec::with_capacity(N + 1);
        contributions.push(Contribution {
            comparison: "prior",
            level: "",
            weight: hundredths(self.prior_weight()),
            term_frequency: 0.0,
        });
        for (c, comparison) in COMPARISONS.iter().enumerate() {
            let level = levels.level[c];
            let (weight, tf) = self.contribution(records, c, a, b, levels);
            contributions.push(Contribution {
                comparison: comparison.name,
                level: if level == 0 {
                    "no value"
                } else {
                    comparison.levels[level as usize - 1]
                },
                weight,
                term_frequency: tf,
            });
        }
        let mut total = 0.0;
        for c in &contributions {
            total += c.weight;
        }
        let score = hundredths(total);
        Scored {
            levels,
            contributions,
            score,
        }
    }

    /// [`Model::score`]'s score without its contributions (the same additions in the same
    /// order, so the same number), for the millions of candidate pairs.
    pub fn score_only(&self, records: &Records, a: usize, b: usize, levels: Levels) -> f64 {
        let mut total = 0.0;
        total += hundredths(self.prior_weight());
        for c in 0..N {
            total += self.contribution(records, c, a, b, levels).0;
        }
        hundredths(total)
    }

    /// What comparison `c` adds to a pair's score, rounded to hundredths, and the part of it
    /// that is the term-frequency adjustment.
    fn contribution(
        &self,
        records: &Records,
        c: usize,
        a: usize,
        b: usize,
        levels: Levels,
    ) -> (f64, f64) {
        let level = levels.level[c];
        let base = self.weight(c, level);
        let tf = if level == 1 && COMPARISONS[c].term_frequency && self.term_frequency {
            self.tf_adjustment(records, c, a, b, levels.swapped)
        } else {
            0.0
        };
        (hundredths(base + tf), hundredths(tf))
    }

    /// log2(u / frequency of the shared value), bounded: two `Müller`s weigh less than two
    /// `Zwicky`s.
    fn tf_adjustment(
        &self,
        records: &Records,
        c: usize,
        a: usize,
        _b: usize,
        swapped: bool,
    ) -> f64 {
        use super::compare::idx;
        let (values, other, id) = match c {
            idx::FIRST => (
                &records.first_values,
                &records.last_values,
                records.first[a],
            ),
            idx::LAST => (&records.last_values, &records.first_values, records.last[a]),
            idx::STRUCTURE => (
                &records.structure_values,
                &records.structure_values,
                records.structure[a],
            ),
            _ => return 0.0,
        };
        if id == 0 {
            return 0.0;
        }
        let mut f = values.frequency(id);
        if swapped {
            // One of the two records holds this name in the other field: take the commoner
            // reading, so that a swap never makes a name look rare.
            f = f.max(other.frequency_of(&values.text[id as usize]));
        }
        let f = f.max(1.0 / values.filled.max(1) as f64);
        let u = self.levels[c].u[1];
        (u / f).log2().clamp(-8.0, 8.0)
    }
}
