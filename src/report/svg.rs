//! The inline SVG charts of the page: rule hits and fill rate per column.
//!
//! Both are horizontal bar charts in a fixed `viewBox` that the page scales to its width:
//! labels on the left, bars from [`BAR_X`], at most [`BAR_MAX`] wide, values on the right.

use std::fmt::Write as _;

use super::escape::escape;
use super::{rule_order, ColumnFill, Outcome, RuleHits, CHART_TOP_RULES};

/// Width of the `viewBox`.
pub(super) const CHART_WIDTH: f64 = 900.0;
/// Where bars start.
pub(super) const BAR_X: f64 = 250.0;
/// Width of the longest bar (rule hits) or of 100 % (fill rate).
pub(super) const BAR_MAX: f64 = 560.0;
/// Narrowest bar drawn for a non-zero value, so that 1 hit among thousands stays visible.
const BAR_MIN: f64 = 2.0;
/// Height of one row and of its bar.
const ROW_H: f64 = 26.0;
const BAR_H: f64 = 16.0;
/// Height of a section title row in the fill chart.
const SECTION_H: f64 = 28.0;
/// Labels longer than this many characters are cut (the row's tooltip has them whole).
const LABEL_MAX_CHARS: usize = 34;

/// Fill colour of an outcome: muted, distinguishable, and readable in print.
pub(super) fn outcome_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Reject => "#b9474b",
        Outcome::Drop => "#d4933a",
        Outcome::Repair => "#4a7bb0",
        Outcome::Truncate => "#8866a8",
        Outcome::Normalise => "#4c9a7a",
        Outcome::Keep => "#8a8f98",
        Outcome::Collect => "#a85a8c",
    }
}

/// Colour of the fill-rate bars.
const FILL_COLOUR: &str = "#4a6a96";

/// The rules drawn: hits > 0, most hits first, at most [`CHART_TOP_RULES`].
pub(super) fn charted_rules(rules: &[RuleHits]) -> Vec<&RuleHits> {
    let mut charted: Vec<&RuleHits> = rules.iter().filter(|r| r.hits > 0).collect();
    charted.sort_by(|a, b| rule_order(a, b));
    charted.truncate(CHART_TOP_RULES);
    charted
}

/// The rule-hits chart, or `None` when no rule fired.
pub(super) fn rules_chart(rules: &[RuleHits]) -> Option<String> {
    let charted = charted_rules(rules);
    let max = charted.first()?.hits;
    let top = 6.0;
    let height = top + ROW_H * charted.len() as f64 + 4.0;
    let mut svg = open_svg("chart-rules", height, "Rule hits, most frequent first");
    for (i, rule) in charted.iter().enumerate() {
        let y = top + ROW_H * i as f64;
        let width = bar_width(rule.hits as f64 / max as f64);
        let name = format!("{} / {}", rule.column, rule.rule);
        let _ = write!(
            svg,
            r#"<g class="row"><title>{tip}</title>"#,
            tip = escape(&format!(
                "{name}: {} hits ({})",
                rule.hits,
                rule.outcome.as_str()
            )),
        );
        label(&mut svg, y, &rule.column, Some(&rule.rule));
        let _ = write!(
            svg,
            r#"<rect class="bar o-{outcome}" x="{x}" y="{by}" width="{w}" height="{h}" rx="2" fill="{fill}" data-rule="{rule}" data-hits="{hits}"/><text class="value" x="{vx}" y="{ty}">{hits}</text></g>"#,
            outcome = rule.outcome.as_str(),
            x = num(BAR_X),
            by = num(y + (ROW_H - BAR_H) / 2.0),
            w = num(width),
            h = num(BAR_H),
            fill = outcome_colour(rule.outcome),
            rule = escape(&name),
            hits = rule.hits,
            vx = num(BAR_X + width + 6.0),
            ty = num(y + ROW_H / 2.0),
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// The fill-rate chart: the columns with a value in at least one written row, in file order,
/// under their section titles; `None` when there is no such column or no written row.
pub(super) fn fill_chart(columns: &[ColumnFill], written: u64) -> Option<String> {
    if written == 0 {
        return None;
    }
    let filled: Vec<&ColumnFill> = columns.iter().filter(|c| c.filled > 0).collect();
    if filled.is_empty() {
        return None;
    }
    let sections = {
        let mut n = 0;
        let mut last: Option<&str> = None;
        for column in &filled {
            if last != Some(column.section.as_str()) {
                n += 1;
                last = Some(&column.section);
            }
        }
        n
    };
    let top = 22.0;
    let height = top + SECTION_H * sections as f64 + ROW_H * filled.len() as f64 + 4.0;
    let mut svg = open_svg(
        "chart-fill",
        height,
        "Fill rate per column: share of written rows with a value",
    );
    // Grid: 0, 25, 50, 75 and 100 %.
    for quarter in 0..=4 {
        let x = BAR_X + BAR_MAX * f64::from(quarter) / 4.0;
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/><text class="axis" x="{x}" y="12" text-anchor="middle">{p} %</text>"#,
            x = num(x),
            y1 = num(top - 4.0),
            y2 = num(height - 2.0),
            p = quarter * 25,
        );
    }
    let mut y = top;
    let mut last_section: Option<&str> = None;
    for column in filled {
        if last_section != Some(column.section.as_str()) {
            last_section = Some(&column.section);
            let _ = write!(
                svg,
                r#"<text class="section" x="0" y="{ty}">{section}</text>"#,
                ty = num(y + SECTION_H - 8.0),
                section = escape(&cut(&column.section.to_uppercase(), LABEL_MAX_CHARS + 6)),
            );
            y += SECTION_H;
        }
        let ratio = (column.filled as f64 / written as f64).min(1.0);
        let width = bar_width(ratio);
        let percent = percent(column.filled, written);
        let _ = write!(
            svg,
            r#"<g class="row"><title>{tip}</title>"#,
            tip = escape(&format!(
                "{} ({}): {} of {} written rows, {percent}",
                column.code, column.section, column.filled, written
            )),
        );
        label(&mut svg, y, &column.code, None);
        let _ = write!(
            svg,
            r#"<rect class="track" x="{x}" y="{by}" width="{max}" height="{h}" rx="2"/><rect class="bar" x="{x}" y="{by}" width="{w}" height="{h}" rx="2" fill="{FILL_COLOUR}" data-column="{code}" data-filled="{filled}"/><text class="value" x="{vx}" y="{ty}">{percent}</text></g>"#,
            x = num(BAR_X),
            by = num(y + (ROW_H - BAR_H) / 2.0),
            max = num(BAR_MAX),
            w = num(width),
            h = num(BAR_H),
            code = escape(&column.code),
            filled = column.filled,
            vx = num(BAR_X + BAR_MAX + 10.0),
            ty = num(y + ROW_H / 2.0),
            percent = escape(&percent),
        );
        y += ROW_H;
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// `<svg …><title>…</title>`.
fn open_svg(id: &str, height: f64, title: &str) -> String {
    format!(
        r#"<svg id="{id}" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{title}</title>"#,
        w = num(CHART_WIDTH),
        h = num(height),
        title = escape(title),
    )
}

/// The right-aligned label of a row: the column code, then the rule in a lighter tone.
fn label(svg: &mut String, y: f64, column: &str, rule: Option<&str>) {
    let ty = num(y + ROW_H / 2.0);
    let x = num(BAR_X - 10.0);
    match rule {
        Some(rule) => {
            let column = cut(column, LABEL_MAX_CHARS / 2);
            let rule = cut(rule, LABEL_MAX_CHARS - column.chars().count());
            let _ = write!(
                svg,
                r#"<text class="label" x="{x}" y="{ty}" text-anchor="end"><tspan class="code">{column}</tspan><tspan class="rule"> {rule}</tspan></text>"#,
                column = escape(&column),
                rule = escape(&rule),
            );
        }
        None => {
            let _ = write!(
                svg,
                r#"<text class="label" x="{x}" y="{ty}" text-anchor="end"><tspan class="code">{column}</tspan></text>"#,
                column = escape(&cut(column, LABEL_MAX_CHARS)),
            );
        }
    }
}

/// Bar width for a share of the longest bar: 0 → 0, otherwise at least [`BAR_MIN`].
fn bar_width(ratio: f64) -> f64 {
    if ratio <= 0.0 || ratio.is_nan() {
        0.0
    } else {
        (BAR_MAX * ratio.min(1.0)).max(BAR_MIN)
    }
}

/// `part` of `whole` in percent, rounded down to a tenth so that only all is `100 %` and
/// only nothing is `0 %`: `100 %`, `99.9 %`, `< 0.1 %`, `0 %`; `–` when `whole` is 0.
pub(super) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    if part >= whole {
        return if part == whole {
            "100 %".to_string()
        } else {
            format!("{:.1} %", part as f64 * 100.0 / whole as f64)
        };
    }
    if part == 0 {
        return "0 %".to_string();
    }
    let tenths = u128::from(part) * 1000 / u128::from(whole);
    if tenths == 0 {
        "< 0.1 %".to_string()
    } else {
        format!("{}.{} %", tenths / 10, tenths % 10)
    }
}

/// A coordinate with at most two decimals and no trailing zeros.
fn num(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// At most `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    let max = max.max(2);
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(column: &str, outcome: Outcome, hits: u64) -> RuleHits {
        RuleHits {
            column: column.into(),
            rule: "r".into(),
            outcome,
            hits,
            samples: vec![],
        }
    }

    /// `(data-… value, width)` of every bar of a chart.
    fn bars(svg: &str, data: &str) -> Vec<(String, f64)> {
        svg.split("<rect ")
            .skip(1)
            .filter(|rect| rect.starts_with("class=\"bar"))
            .map(|rect| {
                let attr = |name: &str| {
                    let start = rect.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    rect[start..start + rect[start..].find('"').unwrap()].to_string()
                };
                (attr(data), attr("width").parse().unwrap())
            })
            .collect()
    }

    #[test]
    fn rule_bars_scale_to_the_longest() {
        let rules = [
            rule("A", Outcome::Reject, 50),
            rule("B", Outcome::Drop, 200),
            rule("C", Outcome::Repair, 0),
            rule("D", Outcome::Normalise, 100),
        ];
        let svg = rules_chart(&rules).unwrap();
        let bars = bars(&svg, "data-rule");
        assert_eq!(
            bars,
            [
                ("B / r".to_string(), BAR_MAX),
                ("D / r".to_string(), BAR_MAX / 2.0),
                ("A / r".to_string(), BAR_MAX / 4.0),
            ],
            "most hits first, the longest has the full width, zero hits has no bar"
        );
        assert!(!svg.contains(">C<"), "no label for a rule without hits");
        assert!(svg.contains(r##"fill="#b9474b""##), "coloured by outcome");
        assert!(svg.contains("class=\"bar o-drop\""));
    }

    #[test]
    fn tiny_counts_stay_visible_and_only_the_top_rules_are_drawn() {
        let mut rules = vec![rule("BIG", Outcome::Reject, 1_000_000)];
        rules.extend((0..30).map(|i| rule(&format!("C{i:02}"), Outcome::Drop, 1)));
        let svg = rules_chart(&rules).unwrap();
        let bars = bars(&svg, "data-rule");
        assert_eq!(bars.len(), CHART_TOP_RULES);
        assert_eq!(bars[0].1, BAR_MAX);
        assert_eq!(bars[1], ("C00 / r".to_string(), BAR_MIN));
    }

    #[test]
    fn no_rule_hits_no_chart() {
        assert_eq!(rules_chart(&[]), None);
        assert_eq!(rules_chart(&[rule("A", Outcome::Reject, 0)]), None);
    }

    #[test]
    fn fill_bars_are_shares_of_the_written_rows() {
        let fill = |code: &str, section: &str, filled: u64| ColumnFill {
            code: code.into(),
            section: section.into(),
            filled,
        };
        let columns = [
            fill("CONTACT_NR", "Contact", 400),
            fill("TITLE", "Contact", 0),
            fill("FIRSTNAME", "Individual", 100),
            fill("LASTNAME", "Individual", 500),
        ];
        let svg = fill_chart(&columns, 400).unwrap();
        assert_eq!(
            bars(&svg, "data-column"),
            [
                ("CONTACT_NR".to_string(), BAR_MAX),
                ("FIRSTNAME".to_string(), BAR_MAX / 4.0),
                ("LASTNAME".to_string(), BAR_MAX),
            ],
            "file order; empty columns left out; more than written is capped at 100 %"
        );
        assert!(
            svg.contains(">CONTACT<") && svg.contains(">INDIVIDUAL<"),
            "{svg}"
        );
        assert!(svg.contains(">25 %<"));
        assert_eq!(fill_chart(&columns, 0), None, "no written row: no division");
        assert_eq!(fill_chart(&columns[1..2], 400), None, "nothing filled");
    }

    #[test]
    fn percentages_are_rounded_down_to_a_tenth() {
        assert_eq!(percent(0, 0), "–");
        assert_eq!(percent(0, 10), "0 %");
        assert_eq!(percent(10, 10), "100 %");
        assert_eq!(percent(9999, 10000), "99.9 %");
        assert_eq!(percent(1, 3), "33.3 %");
        assert_eq!(percent(1, 100_000), "< 0.1 %");
        assert_eq!(percent(15, 10), "150.0 %");
        assert_eq!(percent(u64::MAX - 1, u64::MAX), "99.9 %");
    }

    #[test]
    fn numbers_and_labels() {
        assert_eq!(num(560.0), "560");
        assert_eq!(num(140.0), "140");
        assert_eq!(num(186.666), "186.67");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
