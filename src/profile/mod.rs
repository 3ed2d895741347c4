//! `stx-migrate profile SOURCE`: what a source nobody has seen holds, table by table and
//! column by column, read through the same connectors as a run (databases, ODBC, Access,
//! dumps, CSV, workbooks, FileMaker).
//!
//! ```text
//! per table    rows (all, or the first --sample rows, said so), likely keys, foreign keys
//!              inferred by value inclusion (the connectors read no catalog constraints)
//! per column   declared and decoded type, nulls, blanks, distinct, min/max length, top
//!              values (masked), patterns with their share (e-mail, phone by country, date
//!              formats, postcode, country, language, boolean, number, leading zeros),
//!              mojibake and replaced characters
//! ```
//!
//! Each distinct value is judged once (a memo beside its count, up to [`DISTINCT_CAP`]
//! distinct values per column; past it, values are judged as they come and distinct counts
//! are a lower bound).

pub mod html;
pub mod patterns;

use std::collections::{BTreeMap, HashMap};

use futures::StreamExt;
use polars::prelude::*;
use serde::Serialize;
use stx_connector_core::{ReadOptions, ReadRequest, Source, SourceError, SOURCE_ROW_COLUMN};

use patterns::{DATE_FORMATS, PATTERNS};

/// Distinct values remembered per column (with their counts and patterns).
pub const DISTINCT_CAP: usize = 100_000;
/// Top values listed per column.
const TOP_VALUES: usize = 8;
/// Rows profiled per table by default (`--sample`).
pub const DEFAULT_SAMPLE_ROWS: u64 = 200_000;

/// A pattern and the share of non-blank values that match it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Pattern, date format or phone country.
    pub name: String,
    /// Matching values / non-blank values.
    pub share: f64,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnProfile {
    /// As the source spells it.
    pub name: String,
    /// The source's own type.
    pub native_type: String,
    /// The type the connector decodes it to.
    pub dtype: String,
    /// NULL values.
    pub nulls: u64,
    /// Values that are empty or only white space.
    pub blanks: u64,
    /// Distinct non-blank values (a lower bound when `distinct_exact` is false).
    pub distinct: u64,
    /// Whether `distinct` is exact.
    pub distinct_exact: bool,
    /// Shortest and longest non-blank value, in characters.
    pub min_length: Option<usize>,
    /// See `min_length`.
    pub max_length: Option<usize>,
    /// Most frequent values, masked unless the column is a code list.
    pub top: Vec<(String, u64)>,
    /// A code list (at most 50 distinct values, at most half as many as values): every value
    /// with its count, most frequent first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<(String, u64)>,
    /// Patterns matched by at least 1 % of the non-blank values.
    pub patterns: Vec<Share>,
    /// Date formats that read the values, with their shares.
    pub date_formats: Vec<Share>,
    /// Countries of the phone numbers, with their shares.
    pub phone_countries: Vec<Share>,
    /// Values that look like UTF-8 read as Latin-1 (`Ã©`).
    pub mojibake: u64,
    /// Values holding U+FFFD (bytes that could not be decoded).
    pub replaced: u64,
    /// All values present and distinct: a candidate key.
    pub likely_key: bool,
}

/// A foreign key inferred by value inclusion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForeignKey {
    /// The referring column.
    pub column: String,
    /// The referred table.
    pub table: String,
    /// Its key column.
    pub key: String,
    /// Distinct values of `column`, all found in `table.key`.
    pub values: u64,
    /// The column is named like the key or its table (`cust_id` → `customer.cust_id`); else
    /// only its values say so (an identifier-named column whose values are all keys there).
    pub by_name: bool,
    /// The source's catalog declares it (then `values` may be 0: not checked).
    pub catalog: bool,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableProfile {
    /// Name as `[read] table` takes it.
    pub name: String,
    /// Rows the source reports (exact or estimated), when it does.
    pub rows: Option<u64>,
    /// Rows profiled.
    pub profiled: u64,
    /// Whether the profile covers only the first `profiled` rows.
    pub sampled: bool,
    /// Rows the connector could not read.
    pub unreadable: u64,
    /// Columns.
    pub columns: Vec<ColumnProfile>,
    /// Foreign keys inferred by value inclusion.
    pub foreign_keys: Vec<ForeignKey>,
}

impl TableProfile {
    /// The columns whose values are all present and distinct.
    pub fn likely_keys(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| c.likely_key)
            .map(|c| c.name.as_str())
            .collect()
    }

    /// How many rows were profiled, in words: all of them, or a sample of how many.
    pub fn rows_said(&self) -> String {
        match (self.rows, self.sampled) {
            (Some(r), true) => format!("{} of {r} rows profiled (the first ones)", self.profiled),
            (None, true) => format!("the first {} rows profiled", self.profiled),
            _ => format!("{} rows", self.profiled),
        }
    }
}

/// A whole source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceProfile {
    /// Connector and location, without secrets.
    pub source: String,
    /// Rows profiled per table at most.
    pub sample_rows: u64,
    /// Tables.
    pub tables: Vec<TableProfile>,
}

/// What one distinct value is: its count and what it matched.
#[derive(Debug, Clone, Default)]
struct Judged {
    count: u64,
    /// Bits of [`PATTERNS`].
    patterns: u16,
    /// Bits of [`DATE_FORMATS`].
    dates: u8,
    phone: Option<&'static str>,
}

fn judge(value: &str) -> Judged {
    let (found, dates, phone) = patterns::matches(value);
    let bits = |names: &[&str], all: &[&str]| -> u16 {
        names
            .iter()
            .filter_map(|n| all.iter().position(|a| a == n))
            .fold(0, |acc, i| acc | (1 << i))
    };
    Judged {
        count: 0,
        patterns: bits(&found, PATTERNS),
        dates: bits(&dates, DATE_FORMATS) as u8,
        phone,
    }
}

/// A column's counts as batches go by.
#[derive(Default)]
struct ColumnStats {
    nulls: u64,
    blanks: u64,
    values: HashMap<String, Judged>,
    /// Judged past the cap (not remembered).
    overflow: Judged,
    overflow_values: u64,
    pattern_counts: [u64; 16],
    date_counts: [u64; 8],
    phone_counts: BTreeMap<&'static str, u64>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    mojibake: u64,
    replaced: u64,
}

impl ColumnStats {
    fn add(&mut self, value: Option<&str>) {
        let Some(raw) = value else {
            self.nulls += 1;
            return;
        };
        let v = raw.trim();
        if v.is_empty() {
            self.blanks += 1;
            return;
        }
        let length = v.chars().count();
        self.min_length = Some(self.min_length.map_or(length, |m| m.min(length)));
        self.max_length = Some(self.max_length.map_or(length, |m| m.max(length)));
        // A value seen before is found without a copy of it; a new one is copied once.
        let known = self.values.contains_key(v);
        let judged = if known {
            self.values.get_mut(v).expect("found above")
        } else if self.values.len() < DISTINCT_CAP {
            self.values.entry(v.to_string()).or_insert_with(|| judge(v))
        } else {
            self.overflow = judge(v);
            self.overflow_values += 1;
            &mut self.overflow
        };
        judged.count += 1;
        let (patterns, dates, phone) = (judged.patterns, judged.dates, judged.phone);
        for (i, count) in self.pattern_counts.iter_mut().enumerate() {
            *count += u64::from(patterns >> i & 1);
        }
        for (i, count) in self.date_counts.iter_mut().enumerate() {
            *count += u64::from(dates >> i & 1);
        }
        if let Some(country) = phone {
            *self.phone_counts.entry(country).or_default() += 1;
        }
        if stx_connector_files::looks_like_mojibake(v) {
            self.mojibake += 1;
        }
        if v.contains('\u{FFFD}') {
            self.replaced += 1;
        }
    }

    fn finish(self, name: &str, native_type: &str, dtype: &str) -> ColumnProfile {
        let present: u64 =
            self.values.values().map(|j| j.count).sum::<u64>() + self.overflow_values;
        let share = |n: u64| {
            if present == 0 {
                0.0
            } else {
                n as f64 / present as f64
            }
        };
        let listed = |names: &[&str], counts: &[u64]| -> Vec<Share> {
            let mut out: Vec<Share> = names
                .iter()
                .zip(counts)
                .filter(|(_, n)| share(**n) >= 0.01)
                .map(|(n, c)| Share {
                    name: n.to_string(),
                    share: round(share(*c)),
                })
                .collect();
            out.sort_by(|a, b| b.share.total_cmp(&a.share));
            out
        };
        let patterns = listed(PATTERNS, &self.pattern_counts);
        let date_formats = listed(DATE_FORMATS, &self.date_counts);
        let countries: Vec<&str> = self.phone_counts.keys().copied().collect();
        let counts: Vec<u64> = self.phone_counts.values().copied().collect();
        let phone_countries = listed(&countries, &counts);
        let distinct_exact = self.overflow_values == 0;
        let distinct = self.values.len() as u64;
        // Few distinct values, each used about twice or more: codes, not names.
        let code_list = distinct <= 50 && distinct * 2 <= present.max(1);
        let kind = patterns.first().map(|p| p.name.as_str());
        let mut top: Vec<(&String, u64)> = self.values.iter().map(|(v, j)| (v, j.count)).collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let codes = match code_list {
            true => top.iter().map(|(v, n)| (v.to_string(), *n)).collect(),
            false => Vec::new(),
        };
        let top = top
            .into_iter()
            .take(TOP_VALUES)
            .map(|(v, n)| (mask(v, kind, code_list), n))
            .collect();
        ColumnProfile {
            name: name.to_string(),
            native_type: native_type.to_string(),
            dtype: dtype.to_string(),
            nulls: self.nulls,
            blanks: self.blanks,
            distinct,
            distinct_exact,
            min_length: self.min_length,
            max_length: self.max_length,
            top,
            codes,
            patterns,
            date_formats,
            phone_countries,
            mojibake: self.mojibake,
            replaced: self.replaced,
            likely_key: distinct_exact
                && self.nulls == 0
                && self.blanks == 0
                && present > 0
                && distinct == present,
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A sample value as a report may show it: code lists and coarse kinds as they are, the rest
/// masked as the report masks SecuTix columns of that kind.
fn mask(value: &str, kind: Option<&str>, code_list: bool) -> String {
    if code_list {
        return value.to_string();
    }
    let as_column = match kind {
        Some("email") => "EMAIL1",
        Some("phone") => "TELEPHONE",
        Some("date") => "BIRTHDATE",
        // Codes, flags and numbers (ids, customer numbers) are not personal on their own.
        Some("postcode" | "country" | "language" | "boolean" | "number") => "COUNTRY",
        _ => "REMARK",
    };
    crate::report::mask_sample(as_column, value)
}

/// Profiles `tables` of an open source (all when `None`), at most `sample_rows` rows each.
pub async fn profile(
    source: &mut dyn Source,
    only: Option<&str>,
    sample_rows: u64,
    progress: bool,
) -> Result<SourceProfile, SourceError> {
    let description = source.description();
    let mut tables = source.list_tables().await?;
    if let Some(t) = only {
        tables.retain(|x| x.name == t);
        if tables.is_empty() {
            return Err(SourceError::Open {
                connector: "profile",
                location: description.location.clone(),
                message: format!("no table named '{t}'"),
                hint: Some("`stx-migrate inspect SOURCE` lists the tables".into()),
            });
        }
    }
    let mut out = Vec::new();
    let mut key_values: Vec<(String, String, std::collections::HashSet<String>)> = Vec::new();
    let mut referring: Vec<(usize, String, std::collections::HashSet<String>)> = Vec::new();
    for info in &tables {
        let request = ReadRequest::Table(info.name.clone());
        let declared = source.describe(&request).await?;
        let bar =
            crate::progress::rows_bar(progress, info.rows.map(|r| r.min(sample_rows)), "profiling");
        bar.set_message(format!("profiling {}", info.name));
        let mut stats: Vec<ColumnStats> = declared.iter().map(|_| ColumnStats::default()).collect();
        let (mut profiled, mut unreadable, mut sampled) = (0u64, 0u64, false);
        {
            let mut stream = source.read(&request, &ReadOptions::batch(10_000)).await?;
            while let Some(batch) = stream.next().await {
                let batch = batch?;
                unreadable += batch.rejects.len() as u64;
                let frame = batch.data;
                let take = (sample_rows - profiled).min(frame.height() as u64) as usize;
                let frame = frame.slice(0, take);
                for (c, column) in declared.iter().enumerate() {
                    let Ok(values) = frame.column(&column.name) else {
                        continue;
                    };
                    let Ok(text) = values.cast(&DataType::String) else {
                        continue;
                    };
                    let Ok(text) = text.str() else { continue };
                    for v in text.iter() {
                        stats[c].add(v);
                    }
                }
                profiled += take as u64;
                bar.set_position(profiled);
                if profiled >= sample_rows {
                    sampled = true;
                    break;
                }
            }
        }
        bar.finish_and_clear();
        let columns: Vec<ColumnProfile> = stats
            .into_iter()
            .zip(&declared)
            .filter(|(_, d)| d.name != SOURCE_ROW_COLUMN)
            .map(|(s, d)| {
                let exact: Option<std::collections::HashSet<String>> =
                    (s.overflow_values == 0).then(|| s.values.keys().cloned().collect());
                let profile = s.finish(&d.name, &d.native_type, &d.dtype.to_string());
                if let Some(values) = exact {
                    if profile.likely_key {
                        key_values.push((info.name.clone(), d.name.clone(), values.clone()));
                    }
                    if profile.distinct >= 2 && !profile.likely_key {
                        referring.push((out.len(), d.name.clone(), values));
                    }
                }
                profile
            })
            .collect();
        out.push(TableProfile {
            name: info.name.clone(),
            rows: info.rows,
            profiled,
            // Rows the connector could not read were read all the same: not a sample.
            sampled: sampled || info.rows.is_some_and(|r| r > profiled + unreadable),
            unreadable,
            columns,
            foreign_keys: Vec::new(),
        });
    }
    for (t, column, values) in referring {
        for (table, key, keys) in &key_values {
            let by_name = named_alike(&column, table, key);
            // An identifier-like name (`company_id`) with enough distinct values to mean
            // something when they are all keys of another table.
            let idlike = values.len() >= 3 && {
                let n = column.to_ascii_lowercase();
                n.ends_with("id") || n.ends_with("_nr") || n.ends_with("_no")
            };
            if table == &out[t].name || !(by_name || idlike) {
                continue;
            }
            if values.iter().all(|v| keys.contains(v)) {
                out[t].foreign_keys.push(ForeignKey {
                    column: column.clone(),
                    table: table.clone(),
                    key: key.clone(),
                    values: values.len() as u64,
                    by_name,
                    catalog: false,
                });
            }
        }
    }
    add_catalog_keys(&mut out, source.foreign_keys().await?);
    Ok(SourceProfile {
        source: format!("{} {}", description.connector, description.location),
        sample_rows,
        tables: out,
    })
}

/// Adds the foreign keys the catalog declares (marking those the values found already).
fn add_catalog_keys(
    tables: &mut [TableProfile],
    declared: Vec<stx_connector_core::CatalogForeignKey>,
) {
    for fk in declared {
        // `REFERENCES t` without a column names t's primary key: its likely key here.
        let key = if fk.key.is_empty() {
            tables
                .iter()
                .find(|t| t.name == fk.references)
                .and_then(|t| t.columns.iter().find(|c| c.likely_key))
                .map(|c| c.name.clone())
                .unwrap_or_default()
        } else {
            fk.key.clone()
        };
        let Some(t) = tables.iter_mut().find(|t| t.name == fk.table) else {
            continue;
        };
        if let Some(found) = t
            .foreign_keys
            .iter_mut()
            .find(|f| f.column == fk.column && f.table == fk.references && f.key == key)
        {
            found.catalog = true;
            continue;
        }
        let values = t
            .columns
            .iter()
            .find(|c| c.name == fk.column)
            .map_or(0, |c| c.distinct);
        t.foreign_keys.push(ForeignKey {
            column: fk.column,
            table: fk.references,
            key,
            values,
            by_name: false,
            catalog: true,
        });
    }
    // Where the catalog says what a column refers to, what its values alone suggest goes.
    for t in tables {
        let declared: Vec<String> = t
            .foreign_keys
            .iter()
            .filter(|f| f.catalog)
            .map(|f| f.column.clone())
            .collect();
        t.foreign_keys
            .retain(|f| f.catalog || f.by_name || !declared.contains(&f.column));
    }
}

/// Whether a column's name refers to a table's key: `cust_id` → `customer.cust_id`,
/// `customer_id`/`customerid` → `customer.id`, `company_id` → any key when the column ends in
/// `id` and its stem starts the table's name or the key's.
fn named_alike(column: &str, table: &str, key: &str) -> bool {
    let fold = |s: &str| s.to_ascii_lowercase().replace(['_', ' ', '-'], "");
    let (column, table, key) = (fold(column), fold(table), fold(key));
    let table = table.rsplit('.').next().unwrap_or(&table).to_string();
    if column == key {
        return true;
    }
    let Some(stem) = column.strip_suffix("id").filter(|s| s.len() >= 2) else {
        return false;
    };
    table.starts_with(stem) || stem.starts_with(&table) || key.starts_with(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_counted_judged_and_masked() {
        let mut s = ColumnStats::default();
        for v in [
            Some("anna@example.ch"),
            Some("beat@example.ch"),
            Some("anna@example.ch"),
            None,
            Some("  "),
            Some("JosÃ©@example.ch"),
        ] {
            s.add(v);
        }
        let p = s.finish("mail", "TEXT", "str");
        assert_eq!((p.nulls, p.blanks, p.distinct, p.mojibake), (1, 1, 3, 1));
        assert_eq!(p.patterns[0].name, "email");
        assert_eq!(p.patterns[0].share, 1.0);
        assert_eq!(p.top[0], ("a***@example.ch".to_string(), 2));
        assert!(!p.likely_key);
    }

    #[test]
    fn names_that_refer_to_a_table() {
        assert!(named_alike("cust_id", "customer", "cust_id"));
        assert!(!named_alike("company_id", "customer", "cust_id"));
        assert!(named_alike("customer_id", "customer", "id"));
        assert!(named_alike("CustomerID", "Customers", "CustomerID"));
        assert!(!named_alike("zip", "address", "addr_id"));
    }
}
