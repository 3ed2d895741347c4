//! `duplicates.csv`: one line per member of every cluster of two or more.
//!
//! The first five columns (`cluster,key,row,role,score`) are a promise: reviewers script on
//! them. Then the match probability, the cluster's status, the member the shown pair links
//! to, the compared values as written, and for each comparison its level and its
//! contribution in bits: the contributions (prior included) sum exactly to `score`.

use std::path::Path;

use super::cluster::Group;
use super::compare::COMPARISONS;
use super::engine::Deduplicated;
use super::model::{probability, Scored};
use super::records::{Origin, Records, COMPARED_COLUMNS};
use super::report::ReportBuilder;
use super::stage::{MemberValues, Settlement};
use crate::pipeline::RunError;
use crate::writers::spreadsheet_safe;
use crate::writers::{AtomicFile, WriteError, WrittenFile};

/// A member's line: its role and the pair shown for it.
#[derive(Debug, Clone)]
pub struct MemberLine {
    /// Record index.
    pub record: u32,
    /// survivor, merged, review, existing.
    pub role: &'static str,
    /// The other record of the pair shown, and its score.
    pub pair: Option<(u32, Scored)>,
}

/// The lines of a group, in file order: the survivor (or the first member), merged members,
/// members for review, the SecuTix contact.
pub fn member_lines(
    records: &Records,
    group: &Group,
    survivor: Option<u32>,
    explain: &dyn Fn(u32, u32) -> Scored,
) -> Vec<MemberLine> {
    let existing = |m: &u32| records.is_existing(*m as usize);
    let held = group.held.is_some();
    let members = group.members();
    let anchor = survivor
        .or_else(|| members.iter().copied().find(|m| !existing(m)))
        .unwrap_or(members[0]);
    let mut lines = Vec::with_capacity(members.len());
    let mut rest: Vec<MemberLine> = Vec::new();
    for m in group.merged.iter().copied().filter(|m| *m != anchor) {
        let role = match (existing(&m), held) {
            (true, _) => "existing",
            (false, true) => "review",
            (false, false) => "merged",
        };
        rest.push(MemberLine {
            record: m,
            role,
            pair: Some((anchor, explain(m, anchor))),
        });
    }
    for &(m, other, _) in &group.review {
        if m == anchor {
            continue;
        }
        let other = if other == m { anchor } else { other };
        rest.push(MemberLine {
            record: m,
            role: "review",
            pair: Some((other, explain(m, other))),
        });
    }
    let best = rest
        .iter()
        .filter(|l| l.pair.as_ref().is_some_and(|(o, _)| *o == anchor))
        .filter_map(|l| l.pair.as_ref().map(|(_, s)| (l.record, s.clone())))
        .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then(b.0.cmp(&a.0)));
    let anchor_role = if survivor.is_some() {
        "survivor"
    } else if existing(&anchor) {
        "existing"
    } else {
        "review"
    };
    lines.push(MemberLine {
        record: anchor,
        role: anchor_role,
        pair: best,
    });
    rest.sort_by_key(|l| (role_rank(l.role), records.key[l.record as usize].clone()));
    lines.extend(rest);
    lines
}

fn role_rank(role: &str) -> u8 {
    match role {
        "survivor" => 0,
        "merged" => 1,
        "review" => 2,
        _ => 3,
    }
}

/// What a group is, in one word.
pub fn status(group: &Group, update: bool) -> &'static str {
    match (&group.held, update) {
        (Some(_), _) => "review",
        (None, true) => "update",
        (None, false) => "merged",
    }
}

/// Writes duplicates.csv (atomically) and hands each group to the report.
pub fn write_duplicates(
    path: &Path,
    records: &Records,
    found: &Deduplicated,
    plan: &Settlement,
    members: &MemberValues,
    explain: &dyn Fn(u32, u32) -> Scored,
    report: &mut ReportBuilder,
) -> Result<WrittenFile, RunError> {
    // Written as it goes: hundreds of thousands of lines at a million contacts.
    let mut out = csv::WriterBuilder::new().from_writer(AtomicFile::create(path)?);
    let mut header: Vec<String> = [
        "cluster",
        "key",
        "row",
        "role",
        "score",
        "probability",
        "status",
        "kind",
        "linked_to",
        "swapped",
        "reason",
        "CONTACT_NR",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(COMPARED_COLUMNS.iter().map(|c| c.to_string()));
    header.push("w:prior".into());
    for c in COMPARISONS {
        header.push(format!("l:{}", c.name));
        header.push(format!("w:{}", c.name));
    }
    let csv_error = |e: csv::Error| {
        RunError::Write(WriteError::Io {
            path: path.to_path_buf(),
            action: "write",
            source: std::io::Error::other(e.to_string()),
        })
    };
    out.write_record(&header).map_err(csv_error)?;
    let mut order: Vec<usize> = (0..found.groups.len()).collect();
    order.sort_by(|a, b| found.ids[*a].cmp(&found.ids[*b]));
    let mut rows = 0usize;
    for g in order {
        let group = &found.groups[g];
        let id = &found.ids[g];
        let update = plan.updates[g].is_some() && group.held.is_none();
        let lines = member_lines(records, group, plan.survivor[g], explain);
        let reason = group.reason();
        for line in &lines {
            let i = line.record as usize;
            let (row, values): (String, Vec<Option<String>>) = match &records.origin[i] {
                Origin::Run { seq, row } => {
                    let get = |name: &str| members.named(*seq, name).map(str::to_string);
                    let mut values = vec![get("CONTACT_NR")];
                    values.extend(COMPARED_COLUMNS.iter().map(|c| get(c)));
                    (row.to_string(), values)
                }
                Origin::Existing { contact_nr, row } => {
                    let mut values = vec![Some(contact_nr.clone())];
                    values.extend(existing_values(records, i));
                    (format!("secutix:{row}"), values)
                }
            };
            let mut record: Vec<String> = vec![
                id.clone(),
                records.key[i].to_string(),
                row,
                line.role.to_string(),
            ];
            match &line.pair {
                Some((other, scored)) => {
                    record.push(format!("{:.2}", scored.score));
                    record.push(format!("{:.4}", probability(scored.score)));
                    record.push(status(group, update).into());
                    record.push(records.kind[i].as_str().into());
                    record.push(records.key[*other as usize].to_string());
                    record.push(scored.levels.swapped.to_string());
                }
                None => {
                    record.extend(["".into(), "".into(), status(group, update).into()]);
                    record.push(records.kind[i].as_str().into());
                    record.extend(["".into(), "".into()]);
                }
            }
            record.push(reason.clone());
            record.extend(values.into_iter().map(|v| v.unwrap_or_default()));
            match &line.pair {
                Some((_, scored)) => {
                    record.push(format!("{:.2}", scored.contributions[0].weight));
                    for c in &scored.contributions[1..] {
                        record.push(c.level.to_string());
                        record.push(format!("{:.2}", c.weight));
                    }
                }
                None => record.extend(std::iter::repeat_n(
                    String::new(),
                    1 + 2 * COMPARISONS.len(),
                )),
            }
            let safe: Vec<String> = record
                .iter()
                .map(|v| spreadsheet_safe(v).into_owned())
                .collect();
            out.write_record(&safe).map_err(csv_error)?;
            rows += 1;
        }
        report.group(records, id, group, &lines, update, members);
    }
    let mut file = out
        .into_inner()
        .map_err(|e| csv_error(e.into_error().into()))?;
    file.set_rows(rows);
    Ok(file.commit()?)
}

/// What is known of a SecuTix contact's compared values: the folded forms.
fn existing_values(records: &Records, i: usize) -> Vec<Option<String>> {
    let text = |values: &super::records::Values, id: u32| {
        (id != 0).then(|| values.text[id as usize].clone())
    };
    let birth = (records.birth[i] != 0).then(|| {
        let b = records.birth[i];
        format!("{:02}.{:02}.{:04}", b % 100, b / 100 % 100, b / 10_000)
    });
    let e = records.emails[i];
    let p = records.phones[i];
    vec![
        text(&records.first_values, records.first[i]),
        text(&records.last_values, records.last[i]),
        text(&records.structure_values, records.structure[i]),
        birth,
        text(&records.email_values, e[0]),
        text(&records.email_values, e[1]),
        text(&records.email_values, e[2]),
        text(&records.phone_values, p[0]),
        text(&records.phone_values, p[1]),
        text(&records.phone_values, p[2]),
        text(&records.address_values, records.address[i]),
        text(&records.zip_values, records.zip[i]),
        text(&records.town_values, records.town[i]),
        text(&records.country_values, records.country[i]),
    ]
}
