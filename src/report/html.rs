//! `report.html`: one self-contained page, readable on screen and on paper.

use std::fmt::Write as _;

use super::escape::escape;
use super::svg::{self, outcome_colour, percent};
use super::{Outcome, Report, CHART_TOP_RULES, MAX_SAMPLES};

/// `2500000` → `2 500 000`, grouped with a narrow no-break space.
pub(super) fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(d);
    }
    out
}

/// `2025-03-14T09:12:41Z` → `2025-03-14 09:12 UTC`; a text that is no RFC 3339 date as it is.
fn display_date(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(date) if date.offset().local_minus_utc() == 0 => {
            date.format("%Y-%m-%d %H:%M UTC").to_string()
        }
        Ok(date) => date.format("%Y-%m-%d %H:%M (UTC%:z)").to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

const STYLE: &str = r#"
:root {
  --text: #1f2933; --muted: #616e7c; --faint: #9aa5b1; --line: #e4e7eb; --bg: #f5f6f8;
  --card: #ffffff; --accent: #4a6a96; --ok: #2f7d5b; --bad: #b9474b; --warn: #b7791f;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif;
}
.page { max-width: 1080px; margin: 0 auto; padding: 32px 28px 40px; }
code, .mono { font-family: var(--mono); font-size: 0.88em; }
h1 { font-size: 30px; line-height: 1.2; margin: 2px 0 14px; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 0 0 4px; font-weight: 620; }
.eyebrow { color: var(--muted); font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; }
header.top { border-bottom: 1px solid var(--line); padding-bottom: 18px; margin-bottom: 22px; }
dl.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, auto)); gap: 8px 32px; margin: 0; }
dl.meta > div { min-width: 0; }
dl.meta dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px 22px; margin: 0 0 20px; }
section.totals { background: none; border: 0; padding: 0; }
.note { color: var(--muted); margin: 0 0 14px; font-size: 14px; }
.cards { display: grid; gap: 12px; margin-bottom: 12px; }
.cards.primary { grid-template-columns: repeat(5, 1fr); }
.cards.secondary { grid-template-columns: repeat(3, 1fr); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px 12px; min-width: 0; }
.card .label { color: var(--muted); font-size: 13px; font-weight: 600; }
.card .num { font-size: 32px; font-weight: 650; line-height: 1.15; margin: 4px 0 2px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cards.secondary .num { font-size: 24px; }
.card .sub { color: var(--faint); font-size: 12.5px; }
.card.bad .num { color: var(--bad); }
.card.warn .num { color: var(--warn); }
.card.good .num { color: var(--ok); }
.accounting { display: flex; gap: 14px; align-items: flex-start; background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--ok); border-radius: 10px; padding: 14px 18px; }
.accounting.not-ok { border-left-color: var(--bad); background: #fdf3f3; }
.accounting p { margin: 0; }
.accounting p + p { margin-top: 4px; color: var(--muted); }
.accounting .plain { font-variant-numeric: tabular-nums; font-weight: 600; color: var(--text); }
.badge { display: inline-block; border-radius: 999px; padding: 2px 10px; font-size: 12px; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; white-space: nowrap; }
.accounting .badge { background: #e3f1ea; color: var(--ok); margin-top: 1px; }
.accounting.not-ok .badge { background: var(--bad); color: #fff; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 10px; font-size: 13px; color: var(--muted); padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { width: 12px; height: 12px; border-radius: 3px; display: inline-block; }
svg.chart { display: block; height: auto; max-width: 100%; overflow: visible; }
svg.chart text { font-family: inherit; font-size: 13px; fill: var(--text); dominant-baseline: central; }
svg.chart .code { font-family: var(--mono); font-size: 12px; }
svg.chart .rule { fill: var(--muted); }
svg.chart .value { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg.chart .axis { fill: var(--faint); font-size: 11px; }
svg.chart .section { fill: var(--muted); font-size: 11px; font-weight: 650; letter-spacing: 0.08em; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .track { fill: #eef1f5; }
svg.chart .row:hover .bar { opacity: 0.85; }
.empty { color: var(--muted); margin: 12px 0 0; font-size: 14px; }
details { margin-top: 6px; font-size: 14px; color: var(--muted); }
details summary { cursor: pointer; }
.codes { font-family: var(--mono); font-size: 12.5px; line-height: 1.8; margin: 8px 0 0; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); padding: 6px 10px 8px; }
td { border-bottom: 1px solid var(--line); padding: 8px 10px; vertical-align: baseline; }
tr:last-child td { border-bottom: 0; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.col { font-family: var(--mono); font-size: 13px; white-space: nowrap; }
td.rule { white-space: nowrap; }
td.expr code { white-space: pre-wrap; overflow-wrap: anywhere; color: #334e68; }
.outcome { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.samples { display: flex; flex-wrap: wrap; gap: 4px 6px; }
.sample { font-family: var(--mono); font-size: 12.5px; background: #f0f2f5; border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 100%; }
.sample.blank { color: var(--faint); font-style: italic; font-family: inherit; }
.none { color: var(--faint); }
footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 14px; margin-top: 8px; }
footer code { overflow-wrap: anywhere; color: var(--text); }
footer p { margin: 2px 0; }
@media screen and (max-width: 760px) {
  .cards.primary { grid-template-columns: repeat(2, 1fr); }
  .cards.secondary { grid-template-columns: repeat(3, 1fr); }
}
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 12px; }
  .card { padding: 10px 12px 8px; }
  .card .num { font-size: 24px; }
  .cards.secondary .num { font-size: 20px; }
  dl.meta { grid-template-columns: repeat(4, auto); }
  .page { max-width: none; padding: 0; }
  section, .card, .accounting { box-shadow: none; break-inside: avoid; }
  section { border-color: #d5d9de; }
  section.wide { break-inside: auto; }
  tr { break-inside: avoid; }
  details > :not(summary) { display: block; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders the whole page.
pub(super) fn render(report: &Report) -> String {
    let mut page = String::with_capacity(32 * 1024);
    let title = if report.title.trim().is_empty() {
        "Migration"
    } else {
        report.title.as_str()
    };
    let _ = write!(
        page,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light">
<meta name="generator" content="stx-migrate {version}">
<title>{title} · migration report · run {run}</title>
<style>{STYLE}</style>
</head>
<body>
<main class="page">
"#,
        version = escape(&report.tool_version),
        title = escape(title),
        run = escape(&report.run_id),
    );
    header(&mut page, report, title);
    totals(&mut page, report);
    file_problems(&mut page, report);
    rules_chart(&mut page, report);
    fill_chart(&mut page, report);
    rules_table(&mut page, report);
    if let Some(d) = &report.dedupe {
        page.push_str(&d.to_html());
    }
    mapping_table(&mut page, report);
    footer(&mut page, report);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn header(page: &mut String, report: &Report, title: &str) {
    let _ = write!(
        page,
        r#"<header class="top">
<div class="eyebrow">stx-migrate · migration report</div>
<h1 id="title">{title}</h1>
<dl class="meta">
<div><dt>Run</dt><dd class="mono" id="run-id">{run}</dd></div>
<div><dt>Generated</dt><dd><time id="generated-at" datetime="{at}">{at_display}</time></dd></div>
<div><dt>Tool</dt><dd id="tool-version">stx-migrate {version}</dd></div>
<div><dt>Source</dt><dd class="mono" id="source">{source}</dd></div>
</dl>
</header>
"#,
        title = escape(title),
        run = escape(&report.run_id),
        at = escape(&report.generated_at),
        at_display = escape(&display_date(&report.generated_at)),
        version = escape(&report.tool_version),
        source = escape(&report.source),
    );
}

/// A big-number card: formatted number; the plain digits are in `data-value`.
fn card(page: &mut String, name: &str, label: &str, value: u64, sub: &str, tone: &str) {
    let _ = write!(
        page,
        r#"<div class="card {tone}"><div class="label">{label}</div><div class="num" data-count="{name}" data-value="{value}">{grouped}</div><div class="sub">{sub}</div></div>"#,
        label = escape(label),
        grouped = group(value),
        sub = escape(sub),
    );
}

fn totals(page: &mut String, report: &Report) {
    let c = &report.counts;
    page.push_str(
        "<section class=\"totals\" aria-label=\"Totals\">\n<div class=\"cards primary\">",
    );
    card(page, "read", "Rows read", c.read, "from the source", "");
    card(
        page,
        "written",
        "Written",
        c.written,
        &format!("{} of read", percent(c.written, c.read)),
        if c.written > 0 { "good" } else { "" },
    );
    card(
        page,
        "rejected",
        "Rejected",
        c.rejected,
        &format!("{} of read", percent(c.rejected, c.read)),
        if c.rejected > 0 { "bad" } else { "" },
    );
    card(page, "merged", "Merged", c.merged, "into another row", "");
    card(
        page,
        "warnings",
        "Warnings",
        c.warnings,
        "fields dropped",
        if c.warnings > 0 { "warn" } else { "" },
    );
    page.push_str("</div>\n<div class=\"cards secondary\">");
    for (name, label, value) in [
        ("individuals", "Individuals", c.individuals),
        ("structures", "Structures", c.structures),
        ("relays", "Relays", c.relays),
    ] {
        let sub = format!("{} of written", percent(value, c.written));
        card(page, name, label, value, &sub, "");
    }
    page.push_str("</div>\n");

    let ok = report.accounting_ok();
    // A delta run's unchanged rows, only when there are any (a full run's page is as before).
    let unchanged = match c.unchanged {
        0 => String::new(),
        n => format!(
            r#" + <span class="plain" id="count-unchanged">{n}</span> unchanged (SecuTix holds them as they are)"#
        ),
    };
    let identity = format!(
        r#"<span class="plain" id="count-read">{}</span> rows read = <span class="plain" id="count-written">{}</span> written + <span class="plain" id="count-rejected">{}</span> rejected + <span class="plain" id="count-merged">{}</span> merged{unchanged}"#,
        c.read, c.written, c.rejected, c.merged
    );
    let verdict = if ok {
        format!("Every row read is accounted for: {identity}.")
    } else {
        let accounted = c.accounted();
        let read = u128::from(c.read);
        let gap = if read > accounted {
            format!(
                "{} rows read are missing from the outputs",
                read - accounted
            )
        } else {
            format!(
                "the outputs hold {} rows more than were read",
                accounted - read
            )
        };
        format!(
            "Rows are not accounted for: {identity} does not hold ({gap}). This is a bug: do not use the outputs, and report it with the migration file."
        )
    };
    let _ = write!(
        page,
        r#"<div class="accounting {class}" id="accounting" data-ok="{ok}"><span class="badge" id="accounting-status">{status}</span><div><p>{verdict}</p><p>Written rows by kind: <span class="plain" id="count-individuals">{individuals}</span> individuals, <span class="plain" id="count-structures">{structures}</span> structures, <span class="plain" id="count-relays">{relays}</span> relays. <span class="plain" id="count-warnings">{warnings}</span> warnings (fields dropped on written rows).</p></div></div>
</section>
"#,
        class = if ok { "ok" } else { "not-ok" },
        status = if ok { "ok" } else { "NOT OK" },
        individuals = c.individuals,
        structures = c.structures,
        relays = c.relays,
        warnings = c.warnings,
    );
}

fn rules_chart(page: &mut String, report: &Report) {
    page.push_str("<section id=\"rule-hits\">\n<h2>Rule hits</h2>\n");
    let fired = report.rules.iter().filter(|r| r.hits > 0).count();
    match svg::rules_chart(&report.rules) {
        Some(chart) => {
            let scope = if fired > CHART_TOP_RULES {
                format!(
                    "The {CHART_TOP_RULES} rules that fired most, of {fired}; the table below lists them all."
                )
            } else {
                "Every rule that fired, most frequent first.".to_string()
            };
            let _ = writeln!(
                page,
                "<p class=\"note\">{scope} Bars are scaled to the most frequent rule; the colour is what the rule did.</p>"
            );
            page.push_str("<ul class=\"legend\">");
            for outcome in Outcome::ALL {
                let _ = write!(
                    page,
                    r#"<li><span class="swatch" style="background:{colour}"></span>{name}</li>"#,
                    colour = outcome_colour(outcome),
                    name = outcome_label(outcome),
                );
            }
            page.push_str("</ul>\n");
            page.push_str(&chart);
            page.push('\n');
        }
        None => page.push_str("<p class=\"empty\">No rule fired in this run.</p>\n"),
    }
    page.push_str("</section>\n");
}

fn outcome_label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Reject => "reject row",
        Outcome::Drop => "drop field",
        Outcome::Repair => "repair",
        Outcome::Truncate => "truncate",
        Outcome::Normalise => "normalise",
        Outcome::Keep => "kept as written",
        Outcome::Collect => "kept, code to create",
    }
}

fn fill_chart(page: &mut String, report: &Report) {
    let written = report.counts.written;
    let _ = write!(
        page,
        "<section id=\"fill-rate\">\n<h2>Fill rate per column</h2>\n<p class=\"note\">Share of the {} written rows with a value in each SecuTix column, in file order.</p>\n",
        group(written)
    );
    let empty: Vec<&str> = report
        .columns
        .iter()
        .filter(|c| c.filled == 0)
        .map(|c| c.code.as_str())
        .collect();
    match svg::fill_chart(&report.columns, written) {
        Some(chart) => {
            page.push_str(&chart);
            page.push('\n');
        }
        None if written == 0 => page.push_str(
            "<p class=\"empty\">No row was written: there is no fill rate to show.</p>\n",
        ),
        None => page.push_str("<p class=\"empty\">No column has a value in any written row.</p>\n"),
    }
    let total = report.columns.len();
    let line = match empty.len() {
        0 => format!("All {total} columns have a value in at least one written row."),
        1 => format!("1 of {total} columns is empty in every written row."),
        n => format!("{n} of {total} columns are empty in every written row."),
    };
    let _ = write!(
        page,
        r#"<p class="empty" id="empty-columns" data-empty="{n}" data-total="{total}">{line}</p>"#,
        n = empty.len(),
    );
    if !empty.is_empty() {
        let codes: Vec<String> = empty.iter().map(|c| escape(c)).collect();
        let _ = write!(
            page,
            "\n<details><summary>Empty columns</summary><p class=\"codes\">{}</p></details>",
            codes.join(" · ")
        );
    }
    page.push_str("\n</section>\n");
}

fn rules_table(page: &mut String, report: &Report) {
    page.push_str("<section id=\"rules\" class=\"wide\">\n<h2>Rules and samples</h2>\n");
    if report.rules.is_empty() {
        page.push_str("<p class=\"empty\">No rule fired in this run.</p>\n</section>\n");
        return;
    }
    let mut rules: Vec<_> = report.rules.iter().collect();
    rules.sort_by(|a, b| super::rule_order(a, b));
    let _ = writeln!(
        page,
        "<p class=\"note\">Up to {MAX_SAMPLES} sample values per rule, masked: personal data shows only its first characters.</p>"
    );
    page.push_str(
        "<table>\n<thead><tr><th>Column</th><th>Rule</th><th>Outcome</th><th class=\"n\">Hits</th><th>Samples</th></tr></thead>\n<tbody>\n",
    );
    for rule in rules {
        let samples = if rule.samples.is_empty() {
            "<span class=\"none\">—</span>".to_string()
        } else {
            let chips: Vec<String> = rule
                .samples
                .iter()
                .take(MAX_SAMPLES)
                .map(|s| {
                    if s.trim().is_empty() {
                        "<span class=\"sample blank\">(blank)</span>".to_string()
                    } else {
                        format!("<span class=\"sample\">{}</span>", escape(s))
                    }
                })
                .collect();
            format!("<div class=\"samples\">{}</div>", chips.join(""))
        };
        let _ = writeln!(
            page,
            r#"<tr data-column="{column}" data-rule="{rule_name}" data-outcome="{outcome}" data-hits="{hits}"><td class="col">{column}</td><td class="rule">{rule_name}</td><td><span class="outcome"><span class="swatch" style="background:{colour}"></span>{outcome_label}</span></td><td class="n">{grouped}</td><td>{samples}</td></tr>"#,
            column = escape(&rule.column),
            rule_name = escape(&rule.rule),
            outcome = rule.outcome.as_str(),
            hits = rule.hits,
            colour = outcome_colour(rule.outcome),
            outcome_label = outcome_label(rule.outcome),
            grouped = group(rule.hits),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// Problems of the checked file as a whole (header rows, columns), before the row rules.
fn file_problems(page: &mut String, report: &Report) {
    if report.file_problems.is_empty() {
        return;
    }
    page.push_str("<section id=\"file-problems\" class=\"wide\">\n<h2>File problems</h2>\n");
    page.push_str(
        "<table>\n<thead><tr><th>Severity</th><th class=\"n\">Row</th><th>Column</th><th>Problem</th></tr></thead>\n<tbody>\n",
    );
    for p in &report.file_problems {
        let severity = p.severity.as_str();
        let _ = writeln!(
            page,
            r#"<tr data-severity="{severity}"><td>{severity}</td><td class="n">{row}</td><td class="col">{column}</td><td>{message}</td></tr>"#,
            row = p.row.map(|r| r.to_string()).unwrap_or_default(),
            column = escape(p.column.as_deref().unwrap_or("")),
            message = escape(&p.message),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn mapping_table(page: &mut String, report: &Report) {
    page.push_str("<section id=\"mapping\" class=\"wide\">\n<h2>Mapping</h2>\n");
    if report.mapping.is_empty() {
        page.push_str("<p class=\"empty\">The migration maps no column: every column takes the format's default.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        page,
        "<p class=\"note\">The <code>[map]</code> of the migration file: {} SecuTix columns and the expressions that fill them.</p>",
        report.mapping.len()
    );
    page.push_str("<table>\n<thead><tr><th>Column</th><th>Expression</th></tr></thead>\n<tbody>\n");
    for entry in &report.mapping {
        let _ = writeln!(
            page,
            r#"<tr><td class="col">{}</td><td class="expr"><code>{}</code></td></tr>"#,
            escape(&entry.column),
            escape(&entry.expression),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn footer(page: &mut String, report: &Report) {
    let _ = write!(
        page,
        r#"<footer>
<p>Migration file SHA-256 <code id="migration-sha256">{sha}</code></p>
<p>Generated by stx-migrate {version} on {at}. Sample values are masked; the full rows are in rejects.csv and warnings.csv of the run.</p>
</footer>
"#,
        sha = escape(&report.migration_sha256),
        version = escape(&report.tool_version),
        at = escape(&display_date(&report.generated_at)),
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample_report;
    use super::super::{Counts, MappingEntry, Outcome, Report, RuleHits};
    use super::*;

    /// The text of the element with this id (tags inside stripped).
    fn by_id(html: &str, id: &str) -> String {
        let at = html.find(&format!("id=\"{id}\"")).expect(id);
        let start = at + html[at..].find('>').unwrap() + 1;
        let end = start + html[start..].find("</").unwrap();
        html[start..end].to_string()
    }

    #[test]
    fn every_count_is_in_an_element_with_its_id_as_plain_digits() {
        let report = sample_report();
        let html = report.to_html();
        let c = &report.counts;
        for (name, value) in c.named() {
            assert_eq!(by_id(&html, &format!("count-{name}")), value.to_string());
            assert!(
                html.contains(&format!(
                    r#"data-count="{name}" data-value="{value}">{}<"#,
                    group(value)
                )),
                "big number of {name}"
            );
        }
        assert_eq!(by_id(&html, "accounting-status"), "ok");
        assert!(html.contains(">2\u{202F}500<"), "big numbers are grouped");
    }

    #[test]
    fn accounting_mismatch_says_not_ok() {
        let mut report = sample_report();
        report.counts.read += 3;
        let html = report.to_html();
        assert_eq!(by_id(&html, "accounting-status"), "NOT OK");
        assert!(
            html.contains("3 rows read are missing from the outputs"),
            "{html}"
        );
        assert!(html.contains(r#"data-ok="false""#));
    }

    #[test]
    fn every_text_is_escaped() {
        let evil = "<script>alert(1)</script>";
        let mut report = sample_report();
        report.title = format!("{evil}\"'&");
        report.run_id = evil.into();
        report.source = evil.into();
        report.tool_version = evil.into();
        report.generated_at = evil.into();
        report.migration_sha256 = evil.into();
        report.columns[1].code = evil.into();
        report.columns[1].section = evil.into();
        report.columns[2].code = format!("{evil}2");
        report.rules[0].samples = vec![evil.into(), "a & b \"quoted\" 'x'".into()];
        report.rules[0].rule = evil.into();
        report.rules[1].column = evil.into();
        report.mapping.push(MappingEntry {
            column: evil.into(),
            expression: format!("CASE WHEN a < 1 AND b > 2 THEN 'x' || \"y\" END {evil}"),
        });
        let html = report.to_html();
        assert!(!html.contains("<script"), "raw script tag in the page");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("a &amp; b &quot;quoted&quot; &#39;x&#39;"));
        assert!(html.contains("a &lt; 1 AND b &gt; 2 THEN &#39;x&#39; || &quot;y&quot;"));
        assert!(!html.contains("alert(1)</"), "no unescaped closing tag");
    }

    #[test]
    fn an_empty_report_renders_without_dividing_by_zero() {
        let mut report = sample_report();
        report.counts = Counts::default();
        for column in &mut report.columns {
            column.filled = 0;
        }
        report.rules.clear();
        report.mapping.clear();
        let html = report.to_html();
        assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
        assert!(!html.contains("<svg"), "no chart without data");
        assert_eq!(by_id(&html, "count-read"), "0");
        assert_eq!(by_id(&html, "accounting-status"), "ok");
        assert!(html.contains("No row was written"));
        assert!(html.contains("No rule fired"));
        assert!(html.contains("3 of 3 columns are empty"));

        let nothing = Report {
            title: String::new(),
            run_id: String::new(),
            tool_version: String::new(),
            generated_at: String::new(),
            source: String::new(),
            migration_sha256: String::new(),
            counts: Counts::default(),
            columns: vec![],
            rules: vec![],
            mapping: vec![],
            file_problems: vec![],
            dedupe: None,
        };
        let html = nothing.to_html();
        assert!(html.contains("<h1 id=\"title\">Migration</h1>"));
        assert!(html.contains("All 0 columns"));
    }

    #[test]
    fn page_has_charts_legend_tables_and_no_external_resources() {
        let mut report = sample_report();
        report.rules.push(RuleHits {
            column: "ZIPCODE".into(),
            rule: "max-length".into(),
            outcome: Outcome::Truncate,
            hits: 0,
            samples: vec![],
        });
        let html = report.to_html();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<svg id=\"chart-rules\""));
        assert!(html.contains("<svg id=\"chart-fill\""));
        for outcome in Outcome::ALL {
            assert!(html.contains(outcome_label(outcome)), "legend {outcome:?}");
        }
        assert!(html.contains("1 of 3 columns is empty"));
        assert!(html.contains(&format!(
            "<code id=\"migration-sha256\">{}</code>",
            "3f2a".repeat(16)
        )));
        assert!(html.contains("title_case(first_name)"));
        assert!(html.contains("2025-03-14 09:12 UTC"));
        for external in [
            "<script", "<link", "<img", "http://", "https://", "@import", "url(",
        ] {
            let allowed = "xmlns=\"http://www.w3.org/2000/svg\"";
            assert!(
                !html.replace(allowed, "").contains(external),
                "external resource {external}"
            );
        }
        // Rules table: hits descending, zero-hit rules listed too.
        let email = html.find("data-column=\"EMAIL1\" data-rule").unwrap();
        let birth = html.find("data-column=\"BIRTHDATE\" data-rule").unwrap();
        let zip = html.find("data-column=\"ZIPCODE\" data-rule").unwrap();
        assert!(email < birth && birth < zip);
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1\u{202F}000");
        assert_eq!(group(2_500_000), "2\u{202F}500\u{202F}000");
    }

    #[test]
    fn dates_are_shown_readably() {
        assert_eq!(display_date("2025-03-14T09:12:41Z"), "2025-03-14 09:12 UTC");
        assert_eq!(
            display_date("2025-03-14T10:12:41+01:00"),
            "2025-03-14 10:12 (UTC+01:00)"
        );
        assert_eq!(display_date("yesterday"), "yesterday");
    }
}
