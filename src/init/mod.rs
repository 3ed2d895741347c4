//! `stx-migrate init SOURCE`: a starter migration file drafted from a source's profile.
//!
//! ```text
//! contact table   the table with the most person- or company-like columns (by name and content)
//! joins           tables whose key column refers to it (profile's foreign keys) and that have a
//!                 "main" row per contact (is_main = 1, kind = 'MAIN'): LEFT JOINed; others are
//!                 named in a comment (joining them would repeat contacts)
//! columns         each SecuTix column from a source column's name (EN/FR/DE/IT/ES, prefixes)
//!                 and content (a column of e-mails is EMAIL1 whatever its name), with the
//!                 function its values need and a comment giving the evidence and confidence
//! lookups         titles and languages found in the data, drafted as lookup CSVs
//! ```

pub mod names;

use std::collections::HashSet;
use std::fmt::Write;

use serde::Serialize;

use crate::profile::{ColumnProfile, SourceProfile, TableProfile};

/// How sure a drafted line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Only a weak hint.
    Low,
    /// The name or the content, not both.
    Medium,
    /// Name and content agree, or the name is unmistakable.
    High,
}

impl Confidence {
    /// As a word: low, medium, high.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// A drafted `[map]` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapped {
    /// SecuTix column.
    pub code: &'static str,
    /// The source column it reads (as the read gives it).
    pub column: String,
    /// The expression.
    pub expression: String,
    /// How sure.
    pub confidence: Confidence,
    /// Why, in words.
    pub evidence: String,
}

/// A LEFT JOIN of a table holding one main row per contact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Join {
    /// Table joined.
    pub table: String,
    /// Its alias.
    pub alias: String,
    /// Its column referring to the contact table's key.
    pub column: String,
    /// The condition that picks the main row.
    pub main: String,
}

/// A drafted migration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    /// The contact table.
    pub table: String,
    /// Its key.
    pub key: Option<String>,
    /// Tables joined.
    pub joins: Vec<Join>,
    /// The SELECT list of a joined read (empty when the table is read as it is).
    pub select: Vec<String>,
    /// Tables referring to the contact table that were not joined, and why.
    pub not_joined: Vec<String>,
    /// `[map]` lines.
    pub mapped: Vec<Mapped>,
    /// Source columns left unmapped, with what they look like.
    pub unmatched: Vec<String>,
    /// Lookup files: (file name, CSV text).
    pub lookups: Vec<(String, String)>,
}

/// A candidate source column: where it comes from and its profile.
struct Candidate<'a> {
    /// As the read gives it (the column, or `alias_column` from a join).
    output: String,
    /// In the query: `c.col`.
    select: String,
    /// Read from a joined table.
    joined: bool,
    profile: &'a ColumnProfile,
}

fn share(c: &ColumnProfile, pattern: &str) -> f64 {
    c.patterns
        .iter()
        .find(|p| p.name == pattern)
        .map_or(0.0, |p| p.share)
}

/// What a column's content says it is, with the share that says so.
fn content_meaning(c: &ColumnProfile) -> Option<(&'static str, f64)> {
    let name = names::fold(&c.name);
    let by = |p: &str| share(c, p);
    if by("email") >= 0.8 {
        return Some(("EMAIL1", by("email")));
    }
    if by("phone") >= 0.8 {
        let code = if ["mobile", "mobil", "natel", "handy", "cell", "portable"]
            .iter()
            .any(|m| name.contains(m))
        {
            "CELLPHONE"
        } else if name.contains("fax") {
            "FAX"
        } else {
            "TELEPHONE"
        };
        return Some((code, by("phone")));
    }
    let birthish = ["birth", "geb", "naiss", "nasc", "dob", "born"]
        .iter()
        .any(|m| name.contains(m));
    if by("date") >= 0.8 && birthish {
        return Some(("BIRTHDATE", by("date")));
    }
    None
}

/// How person- or company-like a table is: SecuTix columns its names or content give.
fn contact_score(t: &TableProfile) -> usize {
    let mut codes = HashSet::new();
    for c in &t.columns {
        if let Some((code, _)) = names::meaning(&c.name) {
            codes.insert(code);
        }
        if let Some((code, _)) = content_meaning(c) {
            codes.insert(code);
        }
    }
    codes.len()
}

/// The key to read by: a likely key named like an identifier, else the first likely key.
fn choose_key(t: &TableProfile) -> Option<String> {
    let keys: Vec<&ColumnProfile> = t.columns.iter().filter(|c| c.likely_key).collect();
    let idlike = |c: &&&ColumnProfile| {
        let n = names::fold(&c.name);
        n == "id"
            || n.ends_with("id")
            || n.ends_with("nr")
            || n.ends_with("no")
            || n.ends_with("key")
    };
    keys.iter()
        .find(idlike)
        .or(keys.first())
        .map(|c| c.name.clone())
}

/// The condition that picks one main row of a table per contact, when it has one.
fn main_row(t: &TableProfile, alias: &str) -> Option<String> {
    for c in &t.columns {
        let n = names::fold(&c.name);
        let flag = [
            "main",
            "primary",
            "principal",
            "haupt",
            "default",
            "standard",
        ]
        .iter()
        .any(|m| n.contains(m));
        if flag && share(c, "boolean") >= 0.99 {
            let one = c.codes.iter().any(|(v, _)| v == "1");
            let value = if one { "1" } else { "TRUE" };
            return Some(format!("{alias}.{} = {value}", ident(&c.name)));
        }
        let kind = ["kind", "type", "typ", "art", "genre", "tipo"]
            .iter()
            .any(|m| n.contains(m));
        if kind {
            if let Some((v, _)) = c.codes.iter().find(|(v, _)| {
                matches!(
                    v.to_ascii_uppercase().as_str(),
                    "MAIN" | "PRIMARY" | "HOME" | "DEFAULT" | "PRINCIPAL" | "HAUPT" | "M" | "P"
                )
            }) {
                return Some(format!(
                    "{alias}.{} = '{}'",
                    ident(&c.name),
                    v.replace('\'', "''")
                ));
            }
        }
    }
    None
}

/// The condition that marks a contact table's organisations, from a kind-like column with a
/// value that means a company (`kind = 'C'`, `typ = 'FIRMA'`).
fn organisation_rows(t: &TableProfile) -> Option<String> {
    for c in &t.columns {
        let n = names::fold(&c.name);
        let kindish = [
            "kind",
            "type",
            "typ",
            "art",
            "category",
            "categorie",
            "kategorie",
            "genre",
            "tipo",
        ]
        .iter()
        .any(|m| n.contains(m));
        if !kindish || c.codes.len() < 2 || c.codes.len() > 6 {
            continue;
        }
        let company = c.codes.iter().find(|(v, _)| {
            matches!(
                names::fold(v).as_str(),
                "c" | "company"
                    | "firma"
                    | "f"
                    | "org"
                    | "organisation"
                    | "organization"
                    | "s"
                    | "structure"
                    | "b"
                    | "business"
                    | "entreprise"
                    | "societe"
                    | "societa"
                    | "azienda"
                    | "empresa"
                    | "corporate"
                    | "k"
                    | "institution"
            )
        });
        // `F` is a company (Firma) only beside a person value.
        let person = c.codes.iter().any(|(v, _)| {
            matches!(
                names::fold(v).as_str(),
                "p" | "person"
                    | "personne"
                    | "persona"
                    | "private"
                    | "privat"
                    | "prive"
                    | "i"
                    | "individual"
                    | "individu"
                    | "h"
            )
        });
        if let (Some((v, _)), true) = (company, person) {
            return Some(format!("{} = '{}'", ident(&c.name), v.replace('\'', "''")));
        }
    }
    None
}

/// An identifier as SQL and `[map]` read it: quoted unless plain.
fn ident(name: &str) -> String {
    stx_connector_files::mapping_name(name)
}

fn alias_of(table: &str, taken: &HashSet<String>) -> String {
    let base: String = names::fold(table).chars().take(1).collect();
    let base = if base.is_empty() || base == "c" {
        "t".to_string()
    } else {
        base
    };
    let mut alias = base.clone();
    let mut n = 2;
    while taken.contains(&alias) {
        alias = format!("{base}{n}");
        n += 1;
    }
    alias
}

/// Drafts a migration from a profile (see the module documentation).
pub fn draft(profile: &SourceProfile) -> Option<Draft> {
    // Among the tables nearly as contact-like as the best, the one with the most rows: a
    // customer table beats a table of a few employees with a birth date more.
    let best = profile.tables.iter().map(contact_score).max()?;
    let contact = profile
        .tables
        .iter()
        .filter(|t| contact_score(t) * 10 >= best * 6)
        .max_by_key(|t| (t.profiled, contact_score(t)))?;
    let key = choose_key(contact);
    let mut joins = Vec::new();
    let mut not_joined = Vec::new();
    let mut taken: HashSet<String> = ["c".to_string()].into();
    for t in &profile.tables {
        if t.name == contact.name {
            continue;
        }
        let refers = |f: &&crate::profile::ForeignKey| {
            f.table == contact.name && Some(&f.key) == key.as_ref()
        };
        let Some(fk) = t
            .foreign_keys
            .iter()
            .filter(refers)
            .max_by_key(|f| (f.catalog, f.by_name))
        else {
            continue;
        };
        if contact_score(t) == 0 {
            not_joined.push(format!(
                "{} (refers to {}, but holds no contact column)",
                t.name, contact.name
            ));
            continue;
        }
        let alias = alias_of(&t.name, &taken);
        match main_row(t, &alias) {
            Some(main) => {
                taken.insert(alias.clone());
                joins.push(Join {
                    table: t.name.clone(),
                    alias,
                    column: fk.column.clone(),
                    main,
                });
            }
            None => not_joined.push(format!(
                "{} (refers to {}.{} through {}, with no column that marks one main row per contact: joining it would repeat contacts)",
                t.name, contact.name, fk.key, fk.column
            )),
        }
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    let joined = !joins.is_empty();
    for c in &contact.columns {
        candidates.push(Candidate {
            output: c.name.clone(),
            select: format!("c.{}", ident(&c.name)),
            joined: false,
            profile: c,
        });
    }
    for j in &joins {
        let t = profile.tables.iter().find(|t| t.name == j.table)?;
        for c in &t.columns {
            if c.name == j.column || c.likely_key {
                continue;
            }
            candidates.push(Candidate {
                output: format!("{}_{}", j.alias, c.name),
                joined: true,
                select: format!(
                    "{}.{} AS {}",
                    j.alias,
                    ident(&c.name),
                    ident(&format!("{}_{}", j.alias, c.name))
                ),
                profile: c,
            });
        }
    }
    let (mut mapped, unmatched, lookups) = map_columns(&candidates, key.as_deref());
    // A column telling persons from organisations keeps the structure name to organisations.
    if let Some(condition) = organisation_rows(contact) {
        if let Some(m) = mapped.iter_mut().find(|m| m.code == "OFFICIAL_NAME") {
            m.expression = format!("CASE WHEN {condition} THEN {} END", m.expression);
            let _ = write!(m.evidence, "; kept to the rows where {condition}");
        }
    }
    let select = match joined {
        true => candidates.iter().map(|c| c.select.clone()).collect(),
        false => Vec::new(),
    };
    Some(Draft {
        table: contact.name.clone(),
        key,
        joins,
        select,
        not_joined,
        mapped,
        unmatched,
        lookups,
    })
}

/// Each SecuTix column from the best candidate, best evidence first.
fn map_columns(
    candidates: &[Candidate],
    key: Option<&str>,
) -> (Vec<Mapped>, Vec<String>, Vec<(String, String)>) {
    // (code, candidate index, confidence, evidence)
    let mut proposals: Vec<(&'static str, usize, Confidence, String)> = Vec::new();
    for (i, cand) in candidates.iter().enumerate() {
        let c = cand.profile;
        let by_name = names::meaning(&c.name);
        let by_content = content_meaning(c);
        match (by_name, by_content) {
            (Some((n, _)), Some((k, s))) if n == k => proposals.push((
                n,
                i,
                Confidence::High,
                format!(
                    "name '{}' and content ({:.0} % {})",
                    c.name,
                    s * 100.0,
                    content_word(k)
                ),
            )),
            (_, Some((k, s))) => proposals.push((
                k,
                i,
                if s >= 0.95 {
                    Confidence::High
                } else {
                    Confidence::Medium
                },
                format!("content: {:.0} % {}", s * 100.0, content_word(k)),
            )),
            (Some((n, exact)), None) => {
                if let Some(why) = contradiction(n, c) {
                    proposals.push((
                        n,
                        i,
                        Confidence::Low,
                        format!("name '{}', but {why}", c.name),
                    ));
                    // A "title" that holds no salutations is a job title.
                    if n == "TITLE" {
                        proposals.push((
                            "FUNCTION",
                            i,
                            Confidence::Medium,
                            format!("name '{}' holds no salutations: a job title", c.name),
                        ));
                    }
                } else {
                    let confidence = if exact {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    };
                    proposals.push((n, i, confidence, format!("name '{}'", c.name)));
                }
            }
            (None, None) => {}
        }
    }
    // Best proposals first; each SecuTix column and each source column used once.
    proposals.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    let proposed: Vec<(&'static str, usize, Confidence)> =
        proposals.iter().map(|p| (p.0, p.1, p.2)).collect();
    let mut used_codes = HashSet::new();
    let mut used_columns = HashSet::new();
    let mut mapped = Vec::new();
    let mut lookups = Vec::new();
    for (code, i, confidence, evidence) in proposals {
        if confidence == Confidence::Low || used_codes.contains(code) || used_columns.contains(&i) {
            continue;
        }
        let cand = &candidates[i];
        // The read key as CONTACT_NR only when it is a customer number, not a row id.
        if code == "CONTACT_NR"
            && Some(cand.profile.name.as_str()) == key
            && names::fold(&cand.profile.name).ends_with("id")
        {
            continue;
        }
        // The same column of a joined table (a company's main contact person's first name)
        // fills in where the contact's own is empty.
        let fallback = later_alike(&proposed, code, i, candidates);
        let x = match &fallback {
            Some(j) => format!(
                "coalesce({}, {})",
                ident(&cand.output),
                ident(&candidates[*j].output)
            ),
            None => ident(&cand.output),
        };
        let Some(expression) = expression_for(code, cand, &x, &mut lookups) else {
            continue;
        };
        if let Some(j) = fallback {
            used_columns.insert(j);
        }
        used_codes.insert(code);
        used_columns.insert(i);
        mapped.push(Mapped {
            code,
            column: cand.output.clone(),
            expression,
            confidence,
            evidence,
        });
    }
    let order = |code: &str| names::SYNONYMS.iter().position(|(c, _)| *c == code);
    mapped.sort_by_key(|m| order(m.code));
    let unmatched = candidates
        .iter()
        .enumerate()
        .filter(|(i, _)| !used_columns.contains(i))
        .map(|(_, c)| {
            let what: Vec<String> = c
                .profile
                .patterns
                .iter()
                .take(2)
                .map(|p| format!("{} {:.0} %", p.name, p.share * 100.0))
                .collect();
            if what.is_empty() {
                c.output.clone()
            } else {
                format!("{} ({})", c.output, what.join(", "))
            }
        })
        .collect();
    (mapped, unmatched, lookups)
}

/// A candidate of a joined table proposed with high confidence for the same SecuTix column as
/// candidate `i` of the contact table.
fn later_alike(
    proposed: &[(&'static str, usize, Confidence)],
    code: &str,
    i: usize,
    candidates: &[Candidate],
) -> Option<usize> {
    let joined = |k: usize| candidates[k].joined;
    if joined(i) {
        return None;
    }
    proposed
        .iter()
        .find(|(c, k, conf)| *c == code && *k != i && *conf == Confidence::High && joined(*k))
        .map(|(_, k, _)| *k)
}

fn content_word(code: &str) -> &'static str {
    match code {
        "EMAIL1" => "e-mail addresses",
        "TELEPHONE" | "CELLPHONE" | "FAX" => "phone numbers",
        "BIRTHDATE" => "dates",
        _ => "matching values",
    }
}

/// Why a column's content rules out what its name says, if it does.
fn contradiction(code: &str, c: &ColumnProfile) -> Option<String> {
    let numbers = share(c, "number");
    match code {
        "CONTACT_NR" if numbers < 0.95 => Some(format!("only {:.0} % digits", numbers * 100.0)),
        "FIRSTNAME" | "LASTNAME" | "TOWN" | "OFFICIAL_NAME" if numbers > 0.5 => {
            Some(format!("{:.0} % numbers", numbers * 100.0))
        }
        "EMAIL" if share(c, "boolean") < 0.95 => Some("not a yes/no column".into()),
        "ZIPCODE" if share(c, "postcode") + share(c, "number") < 0.3 => {
            Some("few postcodes".into())
        }
        "TITLE" if salutations(c) < 0.5 => Some("its values are not salutations".into()),
        _ => None,
    }
}

/// The `[map]` expression of a SecuTix column read from `cand`, drafting lookup files.
fn expression_for(
    code: &str,
    cand: &Candidate,
    x: &str,
    lookups: &mut Vec<(String, String)>,
) -> Option<String> {
    let c = cand.profile;
    let x = x.to_string();
    let upper = share(c, "upper-case") >= 0.8;
    let text = |x: String| {
        let mut e = format!("collapse_spaces({x})");
        if c.mojibake > 0 {
            e = format!("collapse_spaces(fix_mojibake({x}))");
        }
        e
    };
    Some(match code {
        "FIRSTNAME" | "LASTNAME" | "TOWN" => {
            let e = text(x);
            if upper || code != "TOWN" {
                format!("title_case({e})")
            } else {
                e
            }
        }
        "OFFICIAL_NAME" | "FUNCTION" | "LINE1" | "LINE2" => text(x),
        "BIRTHDATE" => {
            if c.dtype.starts_with("date") {
                x
            } else {
                let mut formats: Vec<&str> =
                    c.date_formats.iter().map(|f| f.name.as_str()).collect();
                // Europe first: a date that reads both ways is read day first.
                formats.sort_by_key(|f| *f == "mm/dd/yyyy");
                if formats.is_empty() {
                    return None;
                }
                let list: Vec<String> = formats.iter().map(|f| format!("'{f}'")).collect();
                format!("date({x}, {})", list.join(", "))
            }
        }
        "EMAIL1" => format!("lower(trim({x}))"),
        "ZIPCODE" | "CONTACT_NR" => format!("trim({x})"),
        "TITLE" => {
            lookups.push(("titles".into(), titles_csv(c)));
            format!("lookup('titles', {x}, 'UNDEFINED')")
        }
        "PREF_LANG" => {
            lookups.push(("languages".into(), languages_csv(c)));
            format!("lookup('languages', {x})")
        }
        "EMAIL" => {
            // A boolean column is written TRUE/FALSE as it is.
            if c.dtype == "bool" || c.codes.iter().all(|(v, _)| v == "true" || v == "false") {
                x
            } else if c.codes.iter().all(|(v, _)| v == "0" || v == "1") {
                format!("CASE {x} WHEN 1 THEN TRUE WHEN 0 THEN FALSE END")
            } else {
                return None;
            }
        }
        _ => x,
    })
}

/// The share of a column's values that are salutations (0 when it is no code list).
fn salutations(c: &ColumnProfile) -> f64 {
    let total: u64 = c.codes.iter().map(|(_, n)| n).sum();
    let known: u64 = c
        .codes
        .iter()
        .filter(|(v, _)| title_code(v).is_some())
        .map(|(_, n)| n)
        .sum();
    if total == 0 {
        0.0
    } else {
        known as f64 / total as f64
    }
}

/// The SecuTix title code of a salutation.
fn title_code(v: &str) -> Option<&'static str> {
    Some(match names::fold(v).as_str() {
        "m" | "mr" | "monsieur" | "herr" | "hr" | "sig" | "signor" | "signore" | "sr" | "senor"
        | "mister" | "dr" | "prof" => "MR",
        "mme" | "madame" | "frau" | "fr" | "mrs" | "ms" | "sigra" | "signora" | "sra"
        | "senora" => "MRS",
        "mlle" | "mademoiselle" | "miss" | "frl" | "fraulein" | "signorina" | "srta" => "MISS",
        "mmm" | "mrandmrs" | "herrundfrau" | "monsieuretmadame" => "MR_AND_MRS",
        _ => return None,
    })
}

/// A lookup file: `from,to` and the pairs.
fn lookup_csv(pairs: impl Iterator<Item = (String, &'static str)>) -> String {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let _ = csv.write_record(["from", "to"]);
    for (from, to) in pairs {
        let _ = csv.write_record([from.as_str(), to]);
    }
    String::from_utf8(csv.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// SecuTix title codes for the salutations found in the data.
fn titles_csv(c: &ColumnProfile) -> String {
    lookup_csv(
        c.codes
            .iter()
            .filter_map(|(v, _)| title_code(v).map(|to| (v.clone(), to))),
    )
}

/// ISO 639-1 codes for the languages found in the data.
fn languages_csv(c: &ColumnProfile) -> String {
    lookup_csv(c.codes.iter().filter_map(|(v, _)| {
        let code = crate::quality::country::language_code(v).or(match v.trim() {
            "D" | "d" => Some("de"),
            "F" | "f" => Some("fr"),
            "I" | "i" => Some("it"),
            "E" | "e" => Some("en"),
            _ => None,
        });
        code.map(|code| (v.clone(), code))
    }))
}

/// A TOML string value, quoted and escaped as the `toml` crate writes it.
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The migration file of a draft. `source` is the `[source]` section's body.
pub fn render(draft: &Draft, source: &str, described: &str, name: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Drafted by `stx-migrate init` from {described}. Every mapped line says why and how sure;\n# review it, set [institution], then `stx-migrate preview` and `stx-migrate check`.\n"
    );
    let _ = writeln!(
        t,
        "[migration]\nname = {}\ndescription = {}\n",
        toml_string(name),
        toml_string(&format!(
            "Draft for {described}, contacts from table {}",
            draft.table
        ))
    );
    let _ = writeln!(t, "[source]\n{source}\n");
    t.push_str("[read]\n");
    if let Some(key) = &draft.key {
        let _ = writeln!(t, "key = {}", toml_string(key));
    }
    if draft.joins.is_empty() {
        let _ = writeln!(t, "table = {}", toml_string(&draft.table));
    } else {
        let mut from = format!("FROM {} c", ident(&draft.table));
        for j in &draft.joins {
            let _ = write!(
                from,
                "\nLEFT JOIN {} {a} ON {a}.{} = c.{} AND {}",
                ident(&j.table),
                ident(&j.column),
                ident(draft.key.as_deref().unwrap_or("id")),
                j.main,
                a = j.alias
            );
        }
        let _ = writeln!(
            t,
            "query = \"\"\"\nSELECT {}\n{from}\n\"\"\"",
            draft.select.join(",\n       ")
        );
    }
    for n in &draft.not_joined {
        let _ = writeln!(t, "# not joined: {n}");
    }
    t.push_str("\n[institution]\n# Your SecuTix institution's code (and organization, country, code lists: see reference.toml).\ncode = \"CHANGE_ME\"\n\n[map]\n");
    let person = draft
        .mapped
        .iter()
        .any(|m| m.code == "FIRSTNAME" || m.code == "LASTNAME");
    for m in &draft.mapped {
        if m.code == "OFFICIAL_NAME" && person {
            t.push_str(
                "# SecuTix reads a row by what it fills: a first or last name alone is an individual, a\n\
                 # structure name alone a structure, both a structure with its relay (the person acting\n\
                 # for it). A person's employer in this column would make every such person a relay:\n\
                 # keep it to the rows that are organisations (CASE WHEN … THEN … END).\n",
            );
        }
        let _ = writeln!(t, "# {}: {}", m.confidence.as_str(), m.evidence);
        let _ = writeln!(t, "{} = {}", m.code, toml_string(&m.expression));
    }
    if !draft.unmatched.is_empty() {
        t.push_str("# Not mapped (map them, or leave them out):\n");
        for u in &draft.unmatched {
            let _ = writeln!(t, "#   {u}");
        }
    }
    t.push_str("\n# A value these functions cannot read empties the field (a warning) instead of rejecting the row.\n[on-error]\n");
    for code in ["BIRTHDATE", "TITLE", "PREF_LANG"] {
        if draft.mapped.iter().any(|m| m.code == code) {
            let _ = writeln!(t, "{code} = \"drop\"");
        }
    }
    for (name, _) in &draft.lookups {
        let _ = writeln!(t, "\n[lookups.{name}]\nfile = \"lookups/{name}.csv\"");
    }
    t.push_str("\n[output]\ndir = \"out\"\nformats = [\"csv\", \"xlsx\"]\n");
    t
}
