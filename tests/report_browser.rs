//! `report.html` as a person sees it: rendered by headless Chromium.
//!
//! Needs `/usr/bin/chromium` (Debian: `apt-get install -y chromium`; another binary can be
//! named with `STX_CHROMIUM`). Without it the tests print why and pass, unless
//! `STX_REQUIRE_BROWSER=1`, when they fail. `STX_REPORT_KEEP_DIR=DIR` copies the rendered
//! `report.html`, `report.json` and `report.png` to DIR to look at them.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use stx_migrate::report::{
    mask_sample, ColumnFill, Counts, MappingEntry, Outcome, Report, RuleHits,
};

/// Longest a Chromium run may take before the test kills it and fails.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

/// The columns of the SecuTix contact format before the criteria, with their sections.
const COLUMNS: [(&str, &str); 43] = [
    ("INSTITUTION", "Global fields"),
    ("ORGANIZATION", "Global fields"),
    ("OPERATION", "Global fields"),
    ("CONTACT_NR", "Contact"),
    ("TITLE", "Contact"),
    ("LETTER_SALUTATION", "Contact"),
    ("ADDR_SALUTATION", "Contact"),
    ("FUNCTION", "Contact"),
    ("REMARK", "Contact"),
    ("FIRSTNAME", "Individual"),
    ("LASTNAME", "Individual"),
    ("BIRTHDATE", "Individual"),
    ("PREF_LANG", "Individual"),
    ("OFFICIAL_NAME", "Structure"),
    ("ADDRESS_NAME1", "Structure"),
    ("ADDRESS_NAME2", "Structure"),
    ("STRUCT_TYPE", "Structure"),
    ("COMMUNITY_TYPE", "Structure"),
    ("ADMIN_NUMBER", "Structure"),
    ("NB_EMPLOYEES", "Structure"),
    ("WEB_SITE", "Structure"),
    ("ADDR_TYPE", "Address"),
    ("LINE1", "Address"),
    ("LINE2", "Address"),
    ("LINE3", "Address"),
    ("ZIPCODE", "Address"),
    ("TOWN", "Address"),
    ("TOWN_COMPLEMENT", "Address"),
    ("DEPARTMENT", "Address"),
    ("COUNTRY", "Address"),
    ("TELEPHONE", "Communication means"),
    ("FAX", "Communication means"),
    ("CELLPHONE", "Communication means"),
    ("EMAIL1", "Communication means"),
    ("EMAIL2", "Communication means"),
    ("EMAIL3", "Communication means"),
    ("CNIL_O", "Authorization"),
    ("PARTNER", "Authorization"),
    ("CNIL_T", "Authorization"),
    ("SMS_MMS", "Authorization"),
    ("LETTER", "Authorization"),
    ("PHONE", "Authorization"),
    ("EMAIL", "Authorization"),
];

/// A report like the demo migration's: 93 columns, 24 rules, the demo's mapping, and a
/// sample that tries to inject a script.
fn realistic_report() -> Report {
    let written = 2388;
    let filled = |code: &str| -> u64 {
        match code {
            "INSTITUTION" | "ORGANIZATION" | "OPERATION" | "CONTACT_NR" | "TITLE" => written,
            "FIRSTNAME" => 2214,
            "LASTNAME" => 2231,
            "BIRTHDATE" => 1540,
            "PREF_LANG" => 2301,
            "FUNCTION" => 96,
            "REMARK" => 312,
            "OFFICIAL_NAME" => 142,
            "LINE1" => 2196,
            "LINE2" => 403,
            "ZIPCODE" => 2190,
            "TOWN" => 2193,
            "COUNTRY" => 2188,
            "TELEPHONE" => 1422,
            "CELLPHONE" => 1675,
            "FAX" => 37,
            "EMAIL1" => 1987,
            "EMAIL" => 2012,
            _ => 0,
        }
    };
    let mut columns: Vec<ColumnFill> = COLUMNS
        .iter()
        .map(|&(code, section)| ColumnFill {
            code: code.into(),
            section: section.into(),
            filled: filled(code),
        })
        .collect();
    columns.extend((1..=50).map(|i| ColumnFill {
        code: format!("CRIT{i:02}"),
        section: "Criterion".into(),
        filled: 0,
    }));

    let rule = |column: &str, rule: &str, outcome: Outcome, hits: u64, raw: &[&str]| RuleHits {
        column: column.into(),
        rule: rule.into(),
        outcome,
        hits,
        samples: raw.iter().map(|v| mask_sample(column, v)).collect(),
    };
    let mut rules = vec![
        rule(
            "EMAIL1",
            "email-syntax",
            Outcome::Drop,
            118,
            &[
                "jean.dupont@gmail,com",
                "marie@@bluewin.ch",
                "p.muller@",
                "info at acme.ch",
                "x@y",
            ],
        ),
        rule(
            "BIRTHDATE",
            "date",
            Outcome::Drop,
            96,
            &[
                "31.02.1975",
                "1980-13-01",
                "12/3/64",
                "00.00.0000",
                "unknown",
            ],
        ),
        rule(
            "TELEPHONE",
            "phone-digits",
            Outcome::Normalise,
            412,
            &["+41 (0)79 123 45 67", "079/123.45.67", "0041 21 345 67 89"],
        ),
        rule(
            "CELLPHONE",
            "phone-digits",
            Outcome::Normalise,
            388,
            &["+33 6 12 34 56 78", "076 555 12 34"],
        ),
        rule(
            "LASTNAME",
            "title-case",
            Outcome::Repair,
            257,
            &["DUPONT", "o'neill", "VAN DER BERG"],
        ),
        rule(
            "FIRSTNAME",
            "fix-mojibake",
            Outcome::Repair,
            64,
            &["RenÃ©", "HÃ©lÃ¨ne"],
        ),
        rule(
            "CONTACT_NR",
            "unique",
            Outcome::Reject,
            25,
            &["100234", "100871"],
        ),
        rule(
            "CONTACT_NR",
            "digits-only",
            Outcome::Reject,
            31,
            &["A-10023", "10023b", " 10023"],
        ),
        rule(
            "LASTNAME",
            "name-required",
            Outcome::Reject,
            19,
            &["", "   "],
        ),
        rule(
            "COUNTRY",
            "lookup",
            Outcome::Drop,
            44,
            &[
                "Sviss",
                "<script>alert(1)</script>",
                "Deutschland & Co",
                "\"CH\"",
            ],
        ),
        rule("PREF_LANG", "lookup", Outcome::Drop, 12, &["ch", "de-CH"]),
        rule(
            "LINE1",
            "max-length",
            Outcome::Truncate,
            9,
            &["Chemin des Très-Longues-Allées-du-Château-de-la-Forêt 112b"],
        ),
        rule(
            "ZIPCODE",
            "max-length",
            Outcome::Reject,
            4,
            &["CH-1003 Lausanne"],
        ),
        rule(
            "REMARK",
            "max-length",
            Outcome::Truncate,
            3,
            &["VIP <since 1998> & friend of \"the director\""],
        ),
        rule(
            "TITLE",
            "lookup",
            Outcome::Normalise,
            163,
            &["Monsieur", "Mme", "Herr", "Dr."],
        ),
        rule(
            "TOWN",
            "title-case",
            Outcome::Repair,
            140,
            &["LAUSANNE", "geneve"],
        ),
        rule(
            "EMAIL1",
            "lower-case",
            Outcome::Normalise,
            131,
            &["Jean.Dupont@Gmail.com"],
        ),
        rule(
            "BIRTHDATE",
            "future-date",
            Outcome::Drop,
            2,
            &["12.03.2031"],
        ),
        rule(
            "OFFICIAL_NAME",
            "collapse-spaces",
            Outcome::Normalise,
            22,
            &["ACME  SA ", " Théâtre   du Jorat"],
        ),
        rule(
            "FAX",
            "phone-digits",
            Outcome::Normalise,
            21,
            &["021 345 67 00"],
        ),
        rule("EMAIL", "boolean", Outcome::Drop, 8, &["2", "yes"]),
        rule(
            "FUNCTION",
            "max-length",
            Outcome::Truncate,
            1,
            &["Directeur général adjoint chargé du développement"],
        ),
        rule(
            "LINE2",
            "collapse-spaces",
            Outcome::Normalise,
            57,
            &["c/o  Martin", "Case postale  12"],
        ),
        rule(
            "TOWN",
            "lookup-npa",
            Outcome::Reject,
            8,
            &["Lausane", "Genf"],
        ),
    ];
    rules.sort_by(|a, b| {
        b.hits
            .cmp(&a.hits)
            .then_with(|| a.column.cmp(&b.column))
            .then_with(|| a.rule.cmp(&b.rule))
    });

    let map = [
        ("CONTACT_NR", "trim(cust_no)"),
        ("TITLE", "lookup('titles', coalesce(civility, cp_civility))"),
        (
            "FIRSTNAME",
            "title_case(collapse_spaces(fix_mojibake(coalesce(first_name, cp_first_name))))",
        ),
        (
            "LASTNAME",
            "title_case(collapse_spaces(fix_mojibake(coalesce(last_name, cp_last_name))))",
        ),
        (
            "BIRTHDATE",
            "date(birth_date, 'yyyy-mm-dd', 'dd.mm.yyyy', 'dd/mm/yyyy', 'yyyymmdd')",
        ),
        ("PREF_LANG", "lookup('languages', lang)"),
        ("FUNCTION", "collapse_spaces(cp_job_title)"),
        ("REMARK", "remark"),
        ("OFFICIAL_NAME", "collapse_spaces(company)"),
        ("LINE1", "collapse_spaces(street)"),
        ("LINE2", "collapse_spaces(street2)"),
        ("ZIPCODE", "trim(zip)"),
        ("TOWN", "title_case(collapse_spaces(city))"),
        ("COUNTRY", "lookup('countries', country)"),
        (
            "TELEPHONE",
            r"regex_replace(regex_replace(replace(coalesce(phone, cp_phone), '(0)', ''), '^\((0[0-9]*)\)', '$1'), '[^0-9+()]', '')",
        ),
        (
            "CELLPHONE",
            r"regex_replace(regex_replace(replace(mobile, '(0)', ''), '^\((0[0-9]*)\)', '$1'), '[^0-9+()]', '')",
        ),
        (
            "FAX",
            r"regex_replace(regex_replace(replace(fax, '(0)', ''), '^\((0[0-9]*)\)', '$1'), '[^0-9+()]', '')",
        ),
        ("EMAIL1", "lower(trim(coalesce(email, cp_email)))"),
        (
            "EMAIL",
            "CASE newsletter WHEN 1 THEN TRUE WHEN 0 THEN FALSE END",
        ),
        (
            "CRIT01",
            "CASE WHEN revenue > 1000 AND revenue <= 5000 THEN 'GOLD' ELSE NULL END",
        ),
    ];

    Report {
        title: "acme-ticketing".into(),
        run_id: "20250314T091200Z".into(),
        tool_version: "0.1.0".into(),
        generated_at: "2025-03-14T09:12:41Z".into(),
        source: "sqlite /srv/migrations/acme/legacy.db".into(),
        migration_sha256: "9b1f6c0de4a2e83f5d7a0c1b2e3f4a5b6c7d8e9f00112233445566778899aabb".into(),
        counts: Counts {
            read: 2500,
            written,
            rejected: 87,
            merged: 25,
            unchanged: 0,
            warnings: 214,
            individuals: 2231,
            structures: 142,
            relays: 15,
        },
        columns,
        rules,
        mapping: map
            .iter()
            .map(|&(column, expression)| MappingEntry {
                column: column.into(),
                expression: expression.into(),
            })
            .collect(),
        file_problems: Vec::new(),
        dedupe: None,
    }
}

/// The Chromium binary, or `None` (after saying why) when the test is to be skipped.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("STX_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "{} not found: install Chromium to run the browser tests of report.html \
         (Debian: `apt-get update && apt-get install -y chromium`), or name it with STX_CHROMIUM",
        path.display()
    );
    if std::env::var("STX_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("STX_REQUIRE_BROWSER=1: {message}");
    }
    eprintln!("skipped: {message}");
    None
}

/// Writes the report into a fresh temporary folder: `report.html` and `report.json`.
fn render(report: &Report) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("report.html"), report.to_html()).unwrap();
    fs::write(dir.path().join("report.json"), report.to_json()).unwrap();
    dir
}

/// Runs headless Chromium on the page with a fresh profile; returns its stdout.
fn run_chromium(chromium: &Path, work: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let page = work.join("report.html");
    let stdout_path = work.join(format!("chromium-{}.out", extra.len()));
    let stderr_path = work.join(format!("chromium-{}.err", extra.len()));
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap());
    let started = Instant::now();
    let mut child = command.spawn().expect("start chromium");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish in {BROWSER_TIMEOUT:?}; stderr:\n{}",
                fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    eprintln!("chromium {extra:?} took {:.1?}", started.elapsed());
    let stdout = fs::read_to_string(&stdout_path).unwrap();
    assert!(
        status.success(),
        "chromium failed ({status}); stderr:\n{}",
        fs::read_to_string(&stderr_path).unwrap_or_default()
    );
    stdout
}

/// Copies the named files of `dir` to `STX_REPORT_KEEP_DIR`, when it is set.
fn keep(dir: &Path, names: &[&str]) {
    if let Some(keep) = std::env::var_os("STX_REPORT_KEEP_DIR") {
        let keep = PathBuf::from(keep);
        fs::create_dir_all(&keep).unwrap();
        for name in names {
            fs::copy(dir.join(name), keep.join(name)).unwrap();
        }
        eprintln!("kept {names:?} in {}", keep.display());
    }
}

/// The text of the element with this id in a serialised DOM, tags inside it stripped.
fn text_by_id(dom: &str, id: &str) -> Option<String> {
    let at = dom.find(&format!(" id=\"{id}\""))?;
    let start = at + dom[at..].find('>')? + 1;
    let end = start + dom[start..].find("</")?;
    Some(dom[start..end].to_string())
}

#[test]
fn rendered_dom_holds_every_count_and_the_charts() {
    let Some(chromium) = chromium() else { return };
    let report = realistic_report();
    let dir = render(&report);
    let dom = run_chromium(&chromium, dir.path(), &["--dump-dom".to_string()]);
    fs::write(dir.path().join("dom.html"), &dom).unwrap();
    keep(dir.path(), &["report.html", "report.json", "dom.html"]);

    assert!(dom.contains("<body"), "not a DOM:\n{dom}");
    let c = &report.counts;
    for (name, value) in c.named() {
        let id = format!("count-{name}");
        assert_eq!(
            text_by_id(&dom, &id).as_deref(),
            Some(value.to_string().as_str()),
            "#{id} in the rendered DOM"
        );
        assert!(
            dom.contains(&format!("data-count=\"{name}\" data-value=\"{value}\"")),
            "big number {name}"
        );
    }
    assert_eq!(text_by_id(&dom, "accounting-status").as_deref(), Some("ok"));

    // Both charts, parsed as SVG by the browser, with their bars.
    for chart in ["chart-rules", "chart-fill"] {
        assert!(dom.contains(&format!("<svg id=\"{chart}\"")), "{chart}");
    }
    let rule_bars = dom.matches("<rect class=\"bar o-").count();
    assert_eq!(rule_bars, 20, "top 20 rules drawn");
    let fill_bars = dom.matches("data-column=\"").count() - report.rules.len();
    let filled = report.columns.iter().filter(|c| c.filled > 0).count();
    assert_eq!(fill_bars, filled, "one fill bar per filled column");
    assert!(dom.contains("71 of 93 columns are empty"));

    // The hostile sample stayed text: no script element was created.
    assert!(!dom.contains("<script"), "a sample became markup");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Masked samples, never the raw personal values.
    assert!(dom.contains("j***@gmail,com") && !dom.contains("jean.dupont@gmail,com"));
    assert!(dom.contains("**.**.1975") && !dom.contains("31.02.1975"));
    assert!(dom.contains("+41**************67"));
}

#[test]
fn screenshot_shows_the_page() {
    let Some(chromium) = chromium() else { return };
    let dir = render(&realistic_report());
    let png = dir.path().join("report.png");
    run_chromium(
        &chromium,
        dir.path(),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".to_string(),
            "--force-device-scale-factor=1".to_string(),
        ],
    );
    let bytes = fs::read(&png).expect("chromium wrote no screenshot");
    keep(dir.path(), &["report.html", "report.png"]);
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "not a PNG: {} bytes",
        bytes.len()
    );
    let (width, height) = (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    );
    assert_eq!((width, height), (1280, 2000), "window size");
    assert!(
        bytes.len() > 20_000,
        "screenshot of {} bytes: an empty page?",
        bytes.len()
    );
}
