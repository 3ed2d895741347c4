//! `[numbers]`: the contact numbers the written contacts get. SecuTix requires a new contact's
//! number not to exist yet; legacy numbers may be kept inside a range SecuTix reserved for
//! them, or numbers are allocated from such a range, the same source key always getting the
//! same number (kept in the run state), a number once given never given to another key.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::DeltaError;

/// How a contact gets its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberPolicy {
    /// The legacy number (`[map] CONTACT_NR`) as it is.
    Keep,
    /// `prefix` + the legacy number.
    Prefix,
    /// The legacy number + `offset`.
    Offset,
    /// The next free number of `from`..=`to`, once per source key.
    Allocate,
}

/// `[numbers]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NumbersSpec {
    /// keep, prefix, offset or allocate.
    pub policy: NumberPolicy,
    /// First number of the reserved range (allocate: required; others: numbers must be in).
    pub from: Option<u64>,
    /// Last number of the reserved range.
    pub to: Option<u64>,
    /// `prefix`: digits put before the legacy number.
    pub prefix: Option<String>,
    /// `offset`: added to the legacy number.
    pub offset: Option<u64>,
    /// Numbers already used in SecuTix: a plain list (one number per line) or a SecuTix
    /// contact file or export (its CONTACT_NR column), relative to the migration file.
    pub used: Option<PathBuf>,
}

impl NumbersSpec {
    /// The settings that contradict each other, in words.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                problems.push(format!("from = {from} is above to = {to}"));
            }
        }
        if self.from.is_some() != self.to.is_some() {
            problems.push("a range needs both `from` and `to`".into());
        }
        match self.policy {
            NumberPolicy::Allocate if self.from.is_none() || self.to.is_none() => {
                problems.push("policy = \"allocate\" needs `from` and `to`".into())
            }
            NumberPolicy::Prefix => match &self.prefix {
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {}
                _ => problems.push("policy = \"prefix\" needs `prefix`, digits only".into()),
            },
            NumberPolicy::Offset if self.offset.is_none() => {
                problems.push("policy = \"offset\" needs `offset`".into())
            }
            _ => {}
        }
        problems
    }

    /// Whether `n` is inside the reserved range (always, without one).
    pub fn in_range(&self, n: u64) -> bool {
        match (self.from, self.to) {
            (Some(from), Some(to)) => (from..=to).contains(&n),
            _ => true,
        }
    }

    /// The number a legacy number becomes (keep, prefix, offset), or why it cannot.
    pub fn from_legacy(&self, legacy: Option<&str>) -> Result<String, String> {
        let legacy = legacy.map(str::trim).unwrap_or("");
        if legacy.is_empty() {
            return Err("no legacy contact number to keep (CONTACT_NR is empty). Hint: map CONTACT_NR, or use policy = \"allocate\"".into());
        }
        if !legacy.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "the legacy contact number {legacy:?} is not digits only"
            ));
        }
        let number = match self.policy {
            NumberPolicy::Keep | NumberPolicy::Allocate => legacy.to_string(),
            NumberPolicy::Prefix => format!("{}{legacy}", self.prefix.as_deref().unwrap_or("")),
            NumberPolicy::Offset => {
                let n: u64 = legacy
                    .parse()
                    .map_err(|_| format!("the legacy contact number {legacy} is too large"))?;
                n.checked_add(self.offset.unwrap_or(0))
                    .ok_or_else(|| format!("{legacy} + offset is too large"))?
                    .to_string()
            }
        };
        let value: Option<u64> = number.parse().ok();
        if let Some(n) = value.filter(|n| !self.in_range(*n)) {
            return Err(format!(
                "contact number {n} is outside the reserved range {}..{}",
                self.from.unwrap_or(0),
                self.to.unwrap_or(0)
            ));
        }
        if value.is_none() && self.from.is_some() {
            return Err(format!(
                "contact number {number} is too large for the reserved range"
            ));
        }
        Ok(number)
    }
}

/// Numbers already used in SecuTix, read from `[numbers] used`: a SecuTix contact file or
/// export (the CONTACT_NR column of its code row), or one number per line.
pub fn read_used(path: &Path) -> Result<HashSet<String>, DeltaError> {
    let bad = |message: String| DeltaError::UsedNumbers {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let text = String::from_utf8_lossy(&bytes);
    let digits = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    // A contact file or export: the CONTACT_NR column of its codes row.
    if let Some(table) = super::reconcile::parse_contact_table(&text).map_err(&bad)? {
        let column = table.column("CONTACT_NR").expect("the codes row names it");
        return Ok(table
            .rows
            .iter()
            .filter_map(|r| r.get(column).map(|v| v.trim()))
            .filter(|v| digits(v))
            .map(str::to_string)
            .collect());
    }
    let mut used = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let v = line.trim().trim_matches('"');
        if v.is_empty() {
            continue;
        }
        if !digits(v) {
            return Err(bad(format!(
                "line {}: {v:?} is not a contact number, and the file has no CONTACT_NR column",
                i + 1
            )));
        }
        used.insert(v.to_string());
    }
    Ok(used)
}

/// Hands out numbers of the reserved range in order, past every number given before and
/// around the numbers used in SecuTix.
pub struct Allocator {
    next: u64,
    to: u64,
    /// Numbers handed out by this run.
    pub handed: u64,
}

impl Allocator {
    /// Starts after the highest number of the range given before.
    pub fn new(from: u64, to: u64, given: impl Iterator<Item = u64>) -> Allocator {
        let highest = given.filter(|n| (from..=to).contains(n)).max();
        Allocator {
            next: highest.map_or(from, |h| h + 1),
            to,
            handed: 0,
        }
    }

    /// The next free number, or `None` when the range is used up.
    pub fn next(&mut self, used: &HashSet<String>) -> Option<u64> {
        while self.next <= self.to {
            let n = self.next;
            self.next += 1;
            if !used.contains(&n.to_string()) {
                self.handed += 1;
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(policy: NumberPolicy) -> NumbersSpec {
        NumbersSpec {
            policy,
            from: Some(900_000),
            to: Some(999_999),
            prefix: Some("9".into()),
            offset: Some(900_000),
            used: None,
        }
    }

    #[test]
    fn legacy_numbers_are_validated_and_moved_into_the_range() {
        assert_eq!(
            spec(NumberPolicy::Prefix).from_legacy(Some("12345")),
            Ok("912345".into())
        );
        assert_eq!(
            spec(NumberPolicy::Offset).from_legacy(Some("42")),
            Ok("900042".into())
        );
        assert!(spec(NumberPolicy::Keep)
            .from_legacy(Some("42"))
            .unwrap_err()
            .contains("outside the reserved range"));
        assert!(spec(NumberPolicy::Keep)
            .from_legacy(Some("9A1"))
            .unwrap_err()
            .contains("not digits only"));
        assert!(spec(NumberPolicy::Keep).from_legacy(None).is_err());
        assert!(spec(NumberPolicy::Keep).problems().is_empty());
        let mut no_range = spec(NumberPolicy::Allocate);
        no_range.to = None;
        assert_eq!(no_range.problems().len(), 2);
    }

    #[test]
    fn allocation_goes_past_given_numbers_and_around_used_ones() {
        let used: HashSet<String> = ["12".to_string()].into_iter().collect();
        let mut a = Allocator::new(10, 13, [10, 5, 99].into_iter());
        assert_eq!(a.next(&used), Some(11));
        assert_eq!(a.next(&used), Some(13));
        assert_eq!(a.next(&used), None);
        assert_eq!(a.handed, 2);
    }

    #[test]
    fn used_numbers_come_from_a_list_or_a_contact_file() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("used.txt");
        std::fs::write(&list, "100\n101\n\n").unwrap();
        assert_eq!(read_used(&list).unwrap().len(), 2);
        let file = dir.path().join("export.csv");
        std::fs::write(
            &file,
            "Contact,,\nINSTITUTION;CONTACT_NR;LASTNAME\nX;500;Doe\nX;;Roe\n",
        )
        .unwrap();
        let used = read_used(&file).unwrap();
        assert_eq!(
            used.into_iter().collect::<Vec<_>>(),
            vec!["500".to_string()]
        );
        std::fs::write(&list, "100\nabc\n").unwrap();
        assert!(read_used(&list).unwrap_err().to_string().contains("line 2"));
    }
}
