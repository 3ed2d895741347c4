//! `[dedupe]` of the migration file: what the defaults do, and every override.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

/// `[dedupe]`: deduplication of the SecuTix records before they are written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DedupeSpec {
    /// Turns the stage on; everything else has a default.
    #[serde(default)]
    pub enabled: bool,
    /// Match weight (bits: log2 of the odds) from which two records are the same contact.
    pub threshold: Option<f64>,
    /// Match weight from which a pair below `threshold` is listed for review.
    pub review_from: Option<f64>,
    /// A cluster whose weakest pair scores below this goes to review instead of merging
    /// (chaining guard: A~B and B~C but A and C nothing alike).
    pub chain_floor: Option<f64>,
    /// Largest cluster merged by itself; a larger one goes to review.
    pub max_cluster: Option<usize>,
    /// Blocking passes; `[]` or absent: the defaults (see `stx-migrate dedupe explain`).
    pub blocking: Option<Vec<BlockingSpec>>,
    /// Candidate pairs one blocking pass may produce before it is stopped.
    pub max_pairs_per_rule: Option<u64>,
    /// Window of the sorted-neighbourhood pass on the name key (0 turns it off).
    pub window: Option<usize>,
    /// Comparisons whose worst level ("different", both records having a value) keeps a pair
    /// from merging whatever its score: it is listed for review instead. Default:
    /// `first-name`, `last-name`, `birth-date`, `structure-name` (a household shares address,
    /// phone and last name; two people of one family are not one contact; two contact persons
    /// of one company are not one relay).
    pub veto: Option<Vec<String>>,
    /// Bits above `threshold` from which one vetoing "different" no longer keeps a pair
    /// apart, provided the e-mail or the birth date agrees exactly (a typo in a first name
    /// against the same e-mail, phone and address); two never merge by score.
    pub veto_margin: Option<f64>,
    /// Comparisons to leave out, by name (`first-name`, `email`, …).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// m and u probabilities set by hand, per comparison and level (`[dedupe.m.email] exact = 0.9`);
    /// levels not given are estimated.
    #[serde(default)]
    pub m: BTreeMap<String, BTreeMap<String, f64>>,
    /// See `m`.
    #[serde(default)]
    pub u: BTreeMap<String, BTreeMap<String, f64>>,
    /// Probability that two random records of one kind are one contact, set by hand instead
    /// of estimated.
    pub prior: Option<f64>,
    /// Iterations of EM at most.
    pub em_iterations: Option<usize>,
    /// Random pairs drawn to estimate u.
    pub u_sample_pairs: Option<usize>,
    /// Term-frequency adjustment of exact name agreements (default on).
    pub term_frequency: Option<bool>,
    /// A CSV of nicknames (`name,nickname`), added to the built-in table.
    pub nicknames: Option<PathBuf>,
    /// Only the nicknames of the file, not the built-in table.
    #[serde(default)]
    pub no_builtin_nicknames: bool,
    /// Decisions a person took (`decision,cluster,key,other,note`), replayed on every run.
    pub decisions: Option<PathBuf>,
    /// Which record of a cluster survives.
    pub survivor: Option<SurvivorRule>,
    /// Which contact number the survivor keeps.
    pub contact_number: Option<ContactNumberRule>,
    /// Source column (or SecuTix column) telling how recent a record is, for `most-recent`.
    pub recency: Option<String>,
    /// Per SecuTix column, where the survivor's value comes from.
    #[serde(default)]
    pub survivorship: BTreeMap<String, String>,
    /// Clusters shown with their waterfall in report.html at most.
    pub report_clusters: Option<usize>,
    /// Ground truth (`key,entity`), to print precision, recall and blocking recall.
    pub labels: Option<PathBuf>,
    /// Contacts already in SecuTix, matched against: a match becomes an UPDATE of that contact.
    pub existing: Option<ExistingSpec>,
}

/// One blocking pass: records agreeing on every key part are compared.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct BlockingSpec {
    /// Name in counts and messages.
    pub name: String,
    /// Key parts, each a block key function (see `BlockKey`): all must be non-empty.
    pub on: Vec<String>,
}

/// `[dedupe.existing]`: an export of the contacts already in SecuTix.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ExistingSpec {
    /// The file (a SecuTix contact file, or a CSV with CONTACT_NR and SecuTix column names).
    pub path: PathBuf,
    /// Connector type when the extension does not tell (`secutix`, `csv`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// Which record of a cluster survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SurvivorRule {
    /// The record with the most filled SecuTix columns (ties: first read).
    #[default]
    MostComplete,
    /// The most recent by `recency` (ties: last read).
    MostRecent,
    /// The first record read.
    FirstRead,
    /// The last record read.
    LastRead,
}

impl SurvivorRule {
    /// As written in the migration file.
    pub fn as_str(self) -> &'static str {
        match self {
            SurvivorRule::MostComplete => "most-complete",
            SurvivorRule::MostRecent => "most-recent",
            SurvivorRule::FirstRead => "first-read",
            SurvivorRule::LastRead => "last-read",
        }
    }
}

/// Which contact number the survivor keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ContactNumberRule {
    /// The survivor's own.
    #[default]
    Survivor,
    /// The numerically lowest of the cluster.
    Lowest,
    /// The oldest record's (by `recency`, else first read).
    Oldest,
}

impl ContactNumberRule {
    /// As written in the migration file.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactNumberRule::Survivor => "survivor",
            ContactNumberRule::Lowest => "lowest",
            ContactNumberRule::Oldest => "oldest",
        }
    }
}

/// Defaults, in one place: `explain` prints them.
pub mod defaults {
    /// Match weight for "same".
    pub const THRESHOLD: f64 = 5.0;
    /// Match weight from which a pair is listed for review.
    pub const REVIEW_FROM: f64 = 0.0;
    /// Weakest pair of a cluster, below which it goes to review.
    pub const CHAIN_FLOOR: f64 = 0.0;
    /// Largest cluster merged without review.
    pub const MAX_CLUSTER: usize = 20;
    /// Candidate pairs per blocking pass.
    pub const MAX_PAIRS_PER_RULE: u64 = 50_000_000;
    /// Sorted-neighbourhood window.
    pub const WINDOW: usize = 4;
    /// EM iterations.
    pub const EM_ITERATIONS: usize = 25;
    /// Random pairs for u.
    pub const U_SAMPLE_PAIRS: usize = 1_000_000;
    /// Comparisons whose "different" keeps a pair from merging.
    pub const VETO: &[&str] = &["first-name", "last-name", "birth-date", "structure-name"];
    /// Bits above the threshold that outweigh one veto.
    pub const VETO_MARGIN: f64 = 24.0;
    /// Clusters with a waterfall in the report.
    pub const REPORT_CLUSTERS: usize = 50;
}

impl DedupeSpec {
    /// `threshold`, else the default.
    pub fn threshold(&self) -> f64 {
        self.threshold.unwrap_or(defaults::THRESHOLD)
    }
    /// `review-from`, else the default (never above the threshold).
    pub fn review_from(&self) -> f64 {
        self.review_from
            .unwrap_or(defaults::REVIEW_FROM)
            .min(self.threshold())
    }
    /// `chain-floor`, else the default.
    pub fn chain_floor(&self) -> f64 {
        self.chain_floor.unwrap_or(defaults::CHAIN_FLOOR)
    }
    /// `max-cluster`, else the default.
    pub fn max_cluster(&self) -> usize {
        self.max_cluster.unwrap_or(defaults::MAX_CLUSTER).max(2)
    }
    /// `max-pairs-per-rule`, else the default.
    pub fn max_pairs_per_rule(&self) -> u64 {
        self.max_pairs_per_rule
            .unwrap_or(defaults::MAX_PAIRS_PER_RULE)
    }
    /// `window`, else the default.
    pub fn window(&self) -> usize {
        self.window.unwrap_or(defaults::WINDOW)
    }
    /// `em-iterations`, else the default.
    pub fn em_iterations(&self) -> usize {
        self.em_iterations.unwrap_or(defaults::EM_ITERATIONS)
    }
    /// `u-sample-pairs`, else the default.
    pub fn u_sample_pairs(&self) -> usize {
        self.u_sample_pairs.unwrap_or(defaults::U_SAMPLE_PAIRS)
    }
    /// `term-frequency`, else on.
    pub fn term_frequency(&self) -> bool {
        self.term_frequency.unwrap_or(true)
    }
    /// `veto`, else the default.
    pub fn veto(&self) -> Vec<String> {
        self.veto
            .clone()
            .unwrap_or_else(|| defaults::VETO.iter().map(|s| s.to_string()).collect())
    }
    /// `veto-margin`, else the default.
    pub fn veto_margin(&self) -> f64 {
        self.veto_margin.unwrap_or(defaults::VETO_MARGIN)
    }
    /// `report-clusters`, else the default.
    pub fn report_clusters(&self) -> usize {
        self.report_clusters.unwrap_or(defaults::REPORT_CLUSTERS)
    }
}
