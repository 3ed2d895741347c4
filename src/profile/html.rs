//! `profile.html`: the profile as one self-contained page (no external asset, no script),
//! bars drawn in CSS, samples masked as in the run report.

use std::fmt::Write;

use super::{ColumnProfile, Share, SourceProfile, TableProfile};
use crate::report::escape_html as escape;

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}\
main{max-width:1200px;margin:0 auto;padding:24px}h1{font-size:22px}h2{font-size:18px;margin-top:32px}\
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e3e6ea;padding:6px 8px;text-align:left;vertical-align:top}\
th{background:#eef1f4;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}\
.bar{display:inline-block;height:8px;background:#3b7dd8;border-radius:2px;vertical-align:middle;margin-right:6px}\
.null{background:#c9ced6}.warn{color:#a4471c}.muted{color:#68707c}.tag{display:inline-block;background:#eef1f4;border-radius:3px;padding:0 5px;margin:1px}";

/// The page.
pub fn render(profile: &SourceProfile) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Profile of {source}</title><style>{STYLE}</style></head><body><main>\n<h1>Profile of {source}</h1>\n<p class=\"muted\">{n} table(s); at most {sample} rows profiled per table; stx-migrate {version}. Samples are masked; code lists (few distinct values) are shown as they are.</p>\n",
        source = escape(&profile.source),
        n = profile.tables.len(),
        sample = profile.sample_rows,
        version = env!("CARGO_PKG_VERSION"),
    );
    for table in &profile.tables {
        table_section(&mut page, table);
    }
    page.push_str("</main></body></html>\n");
    page
}

fn table_section(page: &mut String, t: &TableProfile) {
    let rows = t.rows_said();
    let _ = write!(
        page,
        "<h2 id=\"table-{id}\">{name}</h2>\n<p>{rows}{unreadable}</p>\n",
        id = escape(&t.name),
        name = escape(&t.name),
        unreadable = if t.unreadable > 0 {
            format!(
                " — <span class=\"warn\">{} rows could not be read</span>",
                t.unreadable
            )
        } else {
            String::new()
        }
    );
    let keys = t.likely_keys();
    if !keys.is_empty() {
        let _ = writeln!(page, "<p>Likely keys: {}</p>", tags(keys.iter().copied()));
    }
    for fk in &t.foreign_keys {
        let evidence = match (fk.catalog, fk.values) {
            (true, _) => "declared in the catalog".to_string(),
            (false, n) => format!("every one of {n} distinct values found"),
        };
        let _ = writeln!(
            page,
            "<p>Foreign key ({}): <code>{}</code> → <code>{}.{}</code></p>",
            evidence,
            escape(&fk.column),
            escape(&fk.table),
            escape(&fk.key)
        );
    }
    page.push_str("<table><thead><tr><th>column</th><th>type</th><th class=\"num\">null / blank</th><th class=\"num\">distinct</th><th class=\"num\">length</th><th>patterns</th><th>top values</th></tr></thead><tbody>\n");
    for c in &t.columns {
        column_row(page, c, t.profiled);
    }
    page.push_str("</tbody></table>\n");
}

fn tags<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|i| format!("<span class=\"tag\">{}</span>", escape(i)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn bars(shares: &[Share]) -> String {
    shares
        .iter()
        .map(|s| {
            format!(
                "<div><span class=\"bar\" style=\"width:{:.0}px\"></span>{} {:.1} %</div>",
                (s.share * 80.0).max(1.0),
                escape(&s.name),
                s.share * 100.0
            )
        })
        .collect()
}

fn column_row(page: &mut String, c: &ColumnProfile, rows: u64) {
    let empty = c.nulls + c.blanks;
    let empty_share = if rows == 0 {
        0.0
    } else {
        empty as f64 / rows as f64
    };
    let mut patterns = bars(&c.patterns);
    if !c.date_formats.is_empty() {
        let _ = write!(
            patterns,
            "<div class=\"muted\">dates: {}</div>",
            bars(&c.date_formats)
        );
    }
    if !c.phone_countries.is_empty() {
        let _ = write!(
            patterns,
            "<div class=\"muted\">phones: {}</div>",
            bars(&c.phone_countries)
        );
    }
    if c.mojibake > 0 || c.replaced > 0 {
        let _ = write!(
            patterns,
            "<div class=\"warn\">{} mojibake, {} replaced characters</div>",
            c.mojibake, c.replaced
        );
    }
    let top: String = c
        .top
        .iter()
        .map(|(v, n)| format!("<div>{} <span class=\"muted\">×{n}</span></div>", escape(v)))
        .collect();
    let length = match (c.min_length, c.max_length) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    };
    let _ = writeln!(
        page,
        "<tr><td><strong>{name}</strong>{key}</td><td>{native}<div class=\"muted\">{dtype}</div></td><td class=\"num\"><span class=\"bar null\" style=\"width:{w:.0}px\"></span>{nulls} / {blanks}</td><td class=\"num\">{distinct}{approx}</td><td class=\"num\">{length}</td><td>{patterns}</td><td>{top}</td></tr>",
        name = escape(&c.name),
        key = if c.likely_key { " <span class=\"tag\">key</span>" } else { "" },
        native = escape(&c.native_type),
        dtype = escape(&c.dtype),
        w = empty_share * 60.0,
        nulls = c.nulls,
        blanks = c.blanks,
        distinct = c.distinct,
        approx = if c.distinct_exact { "" } else { "+" },
    );
}
