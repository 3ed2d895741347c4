//! Clusters: records linked at the threshold (strongest links first, never joining two
//! contacts already in SecuTix or two records a person kept apart), a guard against chaining,
//! records linked only in the review band attached for review, and ids derived from the
//! members' keys so that they survive re-runs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sha2::{Digest, Sha256};

/// A scored candidate pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Record index.
    pub a: u32,
    /// Record index.
    pub b: u32,
    /// Score in bits (`f64::INFINITY`: a person's `merge`).
    pub score: f64,
    /// A vetoing comparison says "different": never linked by score, listed for review.
    pub veto: bool,
}

/// What a person decided, as record indexes.
#[derive(Debug, Clone, Default)]
pub struct Constraints {
    /// Pairs to merge whatever their score.
    pub must: Vec<(u32, u32)>,
    /// Pairs never in one cluster.
    pub cannot: BTreeSet<(u32, u32)>,
    /// Records taken out of any cluster.
    pub alone: BTreeSet<u32>,
}

/// Why a cluster is not merged.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewReason {
    /// Linked only in the review band.
    Band,
    /// Its weakest pair scores below the chain floor.
    Chain {
        /// The weakest pair's score.
        weakest: f64,
    },
    /// More members than `max-cluster`.
    TooLarge,
}

impl ReviewReason {
    /// In words, for duplicates.csv and the report.
    pub fn describe(&self) -> String {
        match self {
            ReviewReason::Band => "scores between review-from and threshold, or a vetoing comparison (veto) says different".into(),
            ReviewReason::Chain { weakest } => {
                format!("weakest pair scores {weakest:.2}, below chain-floor: records linked only through others")
            }
            ReviewReason::TooLarge => "more members than max-cluster".into(),
        }
    }
}

/// A cluster of two or more records.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Members merged together (empty for a review-only cluster), sorted.
    pub merged: Vec<u32>,
    /// Members listed for review, with the member they are best linked to and that score.
    pub review: Vec<(u32, u32, f64)>,
    /// `None`: the merged members merge; otherwise why nothing in this cluster merges.
    pub held: Option<ReviewReason>,
    /// A person's `merge` decision joined it.
    pub decided: bool,
}

impl Group {
    /// Why nothing merges, or that a person's decision joined it; empty otherwise.
    pub fn reason(&self) -> String {
        match (&self.held, self.decided) {
            (Some(r), _) => r.describe(),
            (None, true) => "decisions.csv".into(),
            (None, false) => String::new(),
        }
    }

    /// Every member, sorted.
    pub fn members(&self) -> Vec<u32> {
        let mut m: Vec<u32> = self
            .merged
            .iter()
            .copied()
            .chain(self.review.iter().map(|r| r.0))
            .collect();
        m.sort_unstable();
        m
    }
}

/// Union-find with the contact already in SecuTix that a set holds, if any.
struct Sets {
    parent: Vec<u32>,
    existing: Vec<Option<u32>>,
    members: Vec<Vec<u32>>,
}

impl Sets {
    fn new(n: usize, is_existing: &dyn Fn(usize) -> bool) -> Sets {
        Sets {
            parent: (0..n as u32).collect(),
            existing: (0..n).map(|i| is_existing(i).then_some(i as u32)).collect(),
            members: (0..n as u32).map(|i| vec![i]).collect(),
        }
    }

    fn find(&mut self, x: u32) -> u32 {
        let mut root = x;
        while self.parent[root as usize] != root {
            root = self.parent[root as usize];
        }
        let mut x = x;
        while self.parent[x as usize] != root {
            let next = self.parent[x as usize];
            self.parent[x as usize] = root;
            x = next;
        }
        root
    }

    /// Joins the sets of a and b unless that would put two SecuTix contacts, or a pair kept
    /// apart, in one set.
    fn union(&mut self, a: u32, b: u32, cannot: &BTreeSet<(u32, u32)>) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if self.existing[ra as usize].is_some() && self.existing[rb as usize].is_some() {
            return false;
        }
        if !cannot.is_empty() {
            let (small, large) =
                if self.members[ra as usize].len() <= self.members[rb as usize].len() {
                    (ra, rb)
                } else {
                    (rb, ra)
                };
            let large_set: BTreeSet<u32> = self.members[large as usize].iter().copied().collect();
            for &x in &self.members[small as usize] {
                for &y in &large_set {
                    if cannot.contains(&(x.min(y), x.max(y))) {
                        return false;
                    }
                }
            }
        }
        // Deterministic: the smaller index becomes the root.
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[child as usize] = root;
        let moved = std::mem::take(&mut self.members[child as usize]);
        self.members[root as usize].extend(moved);
        if self.existing[root as usize].is_none() {
            self.existing[root as usize] = self.existing[child as usize];
        }
        true
    }
}

/// Settings of the clustering.
#[derive(Debug, Clone, Copy)]
pub struct ClusterSettings {
    /// Score from which a pair is the same contact.
    pub threshold: f64,
    /// Score from which a pair is listed for review.
    pub review_from: f64,
    /// Weakest pair of a merged cluster, below which it goes to review.
    pub chain_floor: f64,
    /// Largest cluster merged.
    pub max_cluster: usize,
}

/// Builds the clusters. `score` scores any pair (the chaining guard compares members that
/// blocking never paired); `is_existing` tells the contacts already in SecuTix.
pub fn cluster(
    n: usize,
    edges: &[Edge],
    constraints: &Constraints,
    settings: ClusterSettings,
    is_existing: &dyn Fn(usize) -> bool,
    score: &dyn Fn(u32, u32) -> f64,
) -> Vec<Group> {
    let usable = |e: &Edge| {
        !constraints.alone.contains(&e.a)
            && !constraints.alone.contains(&e.b)
            && !constraints.cannot.contains(&(e.a.min(e.b), e.a.max(e.b)))
    };
    let mut strong: Vec<Edge> = edges
        .iter()
        .filter(|e| e.score >= settings.threshold && !e.veto && usable(e))
        .copied()
        .chain(constraints.must.iter().map(|&(a, b)| Edge {
            a,
            b,
            score: f64::INFINITY,
            veto: false,
        }))
        .collect();
    // Strongest first, then by pair: the same input links in the same order.
    strong.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a.min(x.b), x.a.max(x.b)).cmp(&(y.a.min(y.b), y.a.max(y.b))))
    });
    let mut sets = Sets::new(n, is_existing);
    let mut decided_roots: BTreeSet<u32> = BTreeSet::new();
    for e in &strong {
        if sets.union(e.a, e.b, &constraints.cannot) && e.score.is_infinite() {
            decided_roots.insert(e.a);
        }
    }
    let decided: BTreeSet<u32> = decided_roots.iter().map(|r| sets.find(*r)).collect();
    // Merged clusters, keyed by root.
    let mut groups: BTreeMap<u32, Group> = BTreeMap::new();
    for i in 0..n as u32 {
        let root = sets.find(i);
        if root == i && sets.members[root as usize].len() >= 2 {
            let mut merged = sets.members[root as usize].clone();
            merged.sort_unstable();
            let held = guard(&merged, settings, decided.contains(&root), score);
            groups.insert(
                root,
                Group {
                    merged,
                    review: Vec::new(),
                    held,
                    decided: decided.contains(&root),
                },
            );
        }
    }
    attach_review(
        n,
        edges,
        constraints,
        settings,
        &mut sets,
        &mut groups,
        is_existing,
    );
    let mut out: Vec<Group> = groups.into_values().collect();
    for g in &mut out {
        g.review.sort_by_key(|r| r.0);
    }
    out
}

/// Why a merged cluster is held for review, if it is.
fn guard(
    merged: &[u32],
    settings: ClusterSettings,
    decided: bool,
    score: &dyn Fn(u32, u32) -> f64,
) -> Option<ReviewReason> {
    if decided {
        return None;
    }
    if merged.len() > settings.max_cluster {
        return Some(ReviewReason::TooLarge);
    }
    if merged.len() >= 3 {
        let mut weakest = f64::INFINITY;
        for (x, &a) in merged.iter().enumerate() {
            for &b in &merged[x + 1..] {
                weakest = weakest.min(score(a, b));
            }
        }
        if weakest < settings.chain_floor {
            return Some(ReviewReason::Chain { weakest });
        }
    }
    None
}

/// Pairs in the review band: a record alone joins, for review, the cluster it is best linked
/// to; records alone linked to each other form review clusters.
fn attach_review(
    n: usize,
    edges: &[Edge],
    constraints: &Constraints,
    settings: ClusterSettings,
    sets: &mut Sets,
    groups: &mut BTreeMap<u32, Group>,
    is_existing: &dyn Fn(usize) -> bool,
) {
    let mut best: HashMap<u32, (u32, f64)> = HashMap::new();
    let mut loose: Vec<Edge> = Vec::new();
    for e in edges {
        if (e.score >= settings.threshold && !e.veto)
            || e.score < settings.review_from
            || constraints.alone.contains(&e.a)
            || constraints.alone.contains(&e.b)
            || constraints.cannot.contains(&(e.a.min(e.b), e.a.max(e.b)))
        {
            continue;
        }
        let (ra, rb) = (sets.find(e.a), sets.find(e.b));
        if ra == rb {
            continue;
        }
        let a_alone = !groups.contains_key(&ra);
        let b_alone = !groups.contains_key(&rb);
        match (a_alone, b_alone) {
            (true, true) => loose.push(*e),
            (true, false) | (false, true) => {
                let (single, other) = if a_alone { (e.a, e.b) } else { (e.b, e.a) };
                let better = best
                    .get(&single)
                    .is_none_or(|(o, s)| e.score > *s || (e.score == *s && other < *o));
                if better {
                    best.insert(single, (other, e.score));
                }
            }
            (false, false) => {}
        }
    }
    for (single, (other, score)) in {
        let mut v: Vec<_> = best.into_iter().collect();
        v.sort_by_key(|(s, _)| *s);
        v
    } {
        let root = sets.find(other);
        if let Some(g) = groups.get_mut(&root) {
            g.review.push((single, other, score));
        }
    }
    let attached: BTreeSet<u32> = groups
        .values()
        .flat_map(|g| g.review.iter().map(|r| r.0))
        .collect();
    // Records alone linked only to each other: review clusters of their own.
    let mut review_sets = Sets::new(n, is_existing);
    let mut strongest: HashMap<u32, (u32, f64)> = HashMap::new();
    loose.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    for e in &loose {
        if attached.contains(&e.a) || attached.contains(&e.b) {
            continue;
        }
        if review_sets.union(e.a, e.b, &constraints.cannot) {
            for (x, y) in [(e.a, e.b), (e.b, e.a)] {
                strongest.entry(x).or_insert((y, e.score));
            }
        }
    }
    for i in 0..n as u32 {
        let root = review_sets.find(i);
        if root == i && review_sets.members[root as usize].len() >= 2 {
            let mut members = review_sets.members[root as usize].clone();
            members.sort_unstable();
            let review = members
                .iter()
                .map(|m| {
                    let (o, s) = strongest.get(m).copied().unwrap_or((*m, 0.0));
                    (*m, o, s)
                })
                .collect();
            // Keyed past every record index: never collides with a merged cluster's root.
            groups.insert(
                n as u32 + root,
                Group {
                    merged: Vec::new(),
                    review,
                    held: Some(ReviewReason::Band),
                    decided: false,
                },
            );
        }
    }
}

/// A cluster's id: `D` and 12 hex digits of SHA-256 of the smallest member key, so that
/// re-runs on the same or grown data give the same id (unless a record of smaller key joins).
pub fn cluster_id(keys: &[&str]) -> String {
    let smallest = keys.iter().min().copied().unwrap_or("");
    let digest = Sha256::digest(smallest.as_bytes());
    format!("D{}", &hex::encode(digest)[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTINGS: ClusterSettings = ClusterSettings {
        threshold: 6.0,
        review_from: 0.0,
        chain_floor: -8.0,
        max_cluster: 20,
    };

    /// Clusters without decisions or SecuTix contacts, every other pair scoring `other`.
    fn plain(n: usize, edges: &[Edge], other: f64) -> Vec<Group> {
        cluster(
            n,
            edges,
            &Constraints::default(),
            SETTINGS,
            &|_| false,
            &|_, _| other,
        )
    }

    fn e(a: u32, b: u32, score: f64) -> Edge {
        Edge {
            a,
            b,
            score,
            veto: false,
        }
    }

    #[test]
    fn a_vetoed_pair_is_reviewed_whatever_its_score() {
        let edges = [Edge {
            a: 0,
            b: 1,
            score: 30.0,
            veto: true,
        }];
        let groups = plain(2, &edges, 0.0);
        assert_eq!(groups.len(), 1);
        assert!(groups[0].merged.is_empty());
        assert_eq!(groups[0].held, Some(ReviewReason::Band));
    }

    #[test]
    fn links_at_the_threshold_with_review_attached() {
        let edges = [e(0, 1, 12.0), e(1, 2, 3.0), e(3, 4, 2.0), e(5, 6, -3.0)];
        let groups = plain(7, &edges, 0.0);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].merged, vec![0, 1]);
        assert_eq!(groups[0].review, vec![(2, 1, 3.0)]);
        assert_eq!(groups[0].held, None);
        assert!(groups[1].merged.is_empty());
        assert_eq!(groups[1].members(), vec![3, 4]);
        assert_eq!(groups[1].held, Some(ReviewReason::Band));
    }

    #[test]
    fn a_chain_whose_ends_differ_goes_to_review() {
        let edges = [e(0, 1, 10.0), e(1, 2, 10.0)];
        let score = |a: u32, b: u32| if (a, b) == (0, 2) { -20.0 } else { 10.0 };
        let groups = cluster(
            3,
            &edges,
            &Constraints::default(),
            SETTINGS,
            &|_| false,
            &score,
        );
        assert_eq!(groups[0].held, Some(ReviewReason::Chain { weakest: -20.0 }));
        let ok = plain(3, &edges, 1.0);
        assert_eq!(ok[0].held, None);
    }

    #[test]
    fn decisions_and_existing_contacts_bound_the_links() {
        let edges = [e(0, 1, 10.0), e(1, 2, 9.0), e(2, 3, 1.0)];
        let constraints = Constraints {
            must: vec![(3, 4)],
            cannot: [(0, 2)].into_iter().collect(),
            alone: BTreeSet::new(),
        };
        let groups = cluster(5, &edges, &constraints, SETTINGS, &|_| false, &|_, _| 1.0);
        let merged: Vec<Vec<u32>> = groups.iter().map(|g| g.merged.clone()).collect();
        assert_eq!(merged, vec![vec![0, 1], vec![3, 4]]);
        assert!(groups[1].decided);
        // Two contacts already in SecuTix never join, even through a record of the run.
        let edges = [e(0, 2, 10.0), e(1, 2, 9.0)];
        let groups = cluster(
            3,
            &edges,
            &Constraints::default(),
            SETTINGS,
            &|i| i < 2,
            &|_, _| 1.0,
        );
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].merged, vec![0, 2]);
        assert_eq!(groups[0].review, vec![]);
    }

    #[test]
    fn ids_follow_the_smallest_key() {
        assert_eq!(cluster_id(&["b", "a"]), cluster_id(&["a", "c", "b"]));
        assert_ne!(cluster_id(&["b"]), cluster_id(&["a"]));
        assert_eq!(cluster_id(&["x"]).len(), 13);
    }
}
