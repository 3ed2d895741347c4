use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use polars::prelude::{Column, DataFrame, DataType};
use sha2::{Digest, Sha256};

use super::*;
use crate::format::FormatProfile;

const SMALL_COLUMNS: &str = r#"
[[column]]
code = "CONTACT_NR"
section = "Contact"
label = "Contact number"
type = "text"
max-length = 20
mandatory = "conditional"

[[column]]
code = "LASTNAME"
section = "Individual"
label = "Last, name"
type = "text"
max-length = 100
mandatory = "yes"

[[column]]
code = "REMARK"
section = "Contact"
label = "Remark"
type = "text"
max-length = 2000
mandatory = "no"
"#;

fn small_profile() -> FormatProfile {
    FormatProfile::from_toml_str(&crate::format::test_profile(SMALL_COLUMNS), "small.toml").unwrap()
}

fn frame(columns: &[(&str, Vec<Option<&str>>)]) -> DataFrame {
    DataFrame::new_infer_height(
        columns
            .iter()
            .map(|(name, values)| Column::new((*name).into(), values.clone()))
            .collect(),
    )
    .unwrap()
}

fn three_rows() -> DataFrame {
    frame(&[
        ("CONTACT_NR", vec![Some("000123"), None, Some("0042")]),
        (
            "LASTNAME",
            vec![Some("Müller, \"Jo\""), Some("Ŝtraße 😀"), Some("plain")],
        ),
        (
            "REMARK",
            vec![Some("line1\nline2"), Some(""), Some("tab\there")],
        ),
    ])
}

fn options(dir: &Path) -> ContactFilesOptions {
    ContactFilesOptions::new(dir)
}

fn write(
    profile: &FormatProfile,
    options: ContactFilesOptions,
    batches: &[DataFrame],
) -> Result<Vec<WrittenFile>, WriteError> {
    let mut writer = ContactFilesWriter::create(profile, options)?;
    for batch in batches {
        writer.write_batch(batch)?;
    }
    writer.finish()
}

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read_sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    assert_eq!(workbook.sheet_names(), ["Contacts"]);
    let range = workbook.worksheet_range("Contacts").unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range.rows().map(|r| r.to_vec()).collect()
}

fn s(text: &str) -> Data {
    Data::String(text.to_string())
}

const GOLDEN_CSV: &str = "Contact,Individual,Contact\r\n\
Contact number,\"Last, name\",Remark\r\n\
Text 20 (conditional),Text 100 (mandatory),Text 2000\r\n\
CONTACT_NR,LASTNAME,REMARK\r\n\
000123,\"Müller, \"\"Jo\"\"\",\"line1\nline2\"\r\n\
,Ŝtraße 😀,\r\n\
0042,plain,tab\there\r\n";

#[test]
fn csv_golden_header_rows_and_quoting() {
    let dir = tempfile::tempdir().unwrap();
    let files = write(&small_profile(), options(dir.path()), &[three_rows()]).unwrap();
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(file.path, dir.path().join("contacts.csv"));
    assert_eq!((file.format, file.rows), ("csv", 3));
    let bytes = std::fs::read(&file.path).unwrap();
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), GOLDEN_CSV);
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    assert_eq!(file.bytes, bytes.len() as u64);
    assert_eq!(file.sha256, hex::encode(Sha256::digest(&bytes)));
    assert_eq!(dir_entries(dir.path()), ["contacts.csv"]);
}

#[test]
fn csv_lf_and_semicolon() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.delimiter = b';';
    opts.line_ending = LineEnding::Lf;
    let files = write(&small_profile(), opts, &[three_rows()]).unwrap();
    let text = std::fs::read_to_string(&files[0].path).unwrap();
    assert_eq!(
        text,
        "Contact;Individual;Contact\n\
         Contact number;Last, name;Remark\n\
         Text 20 (conditional);Text 100 (mandatory);Text 2000\n\
         CONTACT_NR;LASTNAME;REMARK\n\
         000123;\"Müller, \"\"Jo\"\"\";\"line1\nline2\"\n\
         ;Ŝtraße 😀;\n\
         0042;plain;tab\there\n"
    );
}

#[test]
fn builtin_profile_rows_have_93_fields() {
    let profile = FormatProfile::builtin();
    let columns: Vec<(&str, Vec<Option<&str>>)> = profile
        .codes()
        .into_iter()
        .map(|code| (code, vec![(code == "CONTACT_NR").then_some("007")]))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let files = write(&profile, options(dir.path()), &[frame(&columns)]).unwrap();
    let text = std::fs::read_to_string(&files[0].path).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines.len(), 6, "4 header rows, 1 data row, final empty");
    assert!(lines[3].starts_with("INSTITUTION,ORGANIZATION,OPERATION,CONTACT_NR,TITLE,"));
    assert!(lines[3].ends_with(",CRIT49,CRIT50"));
    assert_eq!(lines[4], format!(",,,007{}", ",".repeat(89)));
    assert!(lines[2]
        .starts_with("Code (mandatory),Code (mandatory),Enum (mandatory),Text 20 (conditional),"));
}

#[test]
fn split_rows_across_batches_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.xlsx = true;
    opts.split_rows = Some(2);
    let second = frame(&[
        ("CONTACT_NR", vec![Some("4"), Some("5")]),
        ("LASTNAME", vec![Some("D"), Some("E")]),
        ("REMARK", vec![None, None]),
    ]);
    let files = write(&small_profile(), opts, &[three_rows(), second]).unwrap();
    let summary: Vec<(String, &str, usize)> = files
        .iter()
        .map(|f| {
            let name = f.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, f.format, f.rows)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("contacts-001.csv".to_string(), "csv", 2),
            ("contacts-001.xlsx".to_string(), "xlsx", 2),
            ("contacts-002.csv".to_string(), "csv", 2),
            ("contacts-002.xlsx".to_string(), "xlsx", 2),
            ("contacts-003.csv".to_string(), "csv", 1),
            ("contacts-003.xlsx".to_string(), "xlsx", 1),
        ]
    );
    let third = std::fs::read_to_string(dir.path().join("contacts-003.csv")).unwrap();
    assert_eq!(
        third,
        "Contact,Individual,Contact\r\nContact number,\"Last, name\",Remark\r\n\
         Text 20 (conditional),Text 100 (mandatory),Text 2000\r\nCONTACT_NR,LASTNAME,REMARK\r\n5,E,\r\n"
    );
    let second_csv = std::fs::read_to_string(dir.path().join("contacts-002.csv")).unwrap();
    assert!(second_csv.ends_with("CONTACT_NR,LASTNAME,REMARK\r\n0042,plain,tab\there\r\n4,D,\r\n"));
    let rows = read_sheet(&dir.path().join("contacts-002.xlsx"));
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[3], [s("CONTACT_NR"), s("LASTNAME"), s("REMARK")]);
    assert_eq!(rows[4][0], s("0042"));
    assert_eq!(rows[5][0], s("4"));
    assert_eq!(dir_entries(dir.path()).len(), 6, "no temporary file left");
}

#[test]
fn exact_multiple_of_split_rows_makes_no_empty_part() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.split_rows = Some(3);
    let files = write(&small_profile(), opts, &[three_rows()]).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, dir.path().join("contacts-001.csv"));
}

#[test]
fn zero_rows_still_write_the_header_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.xlsx = true;
    let files = write(&small_profile(), opts, &[]).unwrap();
    assert_eq!(files.len(), 2);
    assert!(files.iter().all(|f| f.rows == 0));
    let text = std::fs::read_to_string(&files[0].path).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.ends_with("CONTACT_NR,LASTNAME,REMARK\r\n"));
    assert_eq!(read_sheet(&files[1].path).len(), 4);
}

#[test]
fn tab_delimiter_refuses_tabs_and_never_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.delimiter = b'\t';
    let mut writer = ContactFilesWriter::create(&small_profile(), opts.clone()).unwrap();
    let err = writer.write_batch(&three_rows()).unwrap_err();
    let msg = err.to_string();
    // Row 1 already fails: its REMARK holds a line feed.
    assert!(
        matches!(&err, WriteError::Value(v)
            if v.column == "REMARK" && v.location.starts_with("row 5 (data row 1")),
        "{msg}"
    );
    assert!(
        msg.contains("contacts.csv") && msg.contains("hint:"),
        "{msg}"
    );
    let again = writer.write_batch(&three_rows()).unwrap_err();
    assert!(matches!(again, WriteError::Stopped), "{again}");
    assert!(matches!(writer.finish(), Err(WriteError::Stopped)));
    assert!(dir_entries(dir.path()).is_empty(), "temporary file removed");

    let ok = frame(&[
        ("CONTACT_NR", vec![Some("01")]),
        ("LASTNAME", vec![Some("say \"hi\", ok")]),
        ("REMARK", vec![None]),
    ]);
    let files = write(&small_profile(), opts.clone(), &[ok]).unwrap();
    let text = std::fs::read_to_string(&files[0].path).unwrap();
    assert!(text.contains("Last, name\tRemark\r\n"));
    assert!(text.ends_with("01\tsay \"hi\", ok\t\r\n"), "{text:?}");

    let tab = frame(&[
        ("CONTACT_NR", vec![Some("1"), Some("2")]),
        ("LASTNAME", vec![Some("a"), Some("b\tc")]),
        ("REMARK", vec![None, None]),
    ]);
    let err = write(&small_profile(), opts, &[tab]).unwrap_err();
    assert!(
        matches!(&err, WriteError::Value(v)
            if v.column == "LASTNAME" && v.location.starts_with("row 6 (data row 2")),
        "{err}"
    );
}

#[test]
fn output_is_byte_identical_when_written_twice() {
    let profile = small_profile();
    let run = |dir: &Path| {
        let mut opts = options(dir);
        opts.xlsx = true;
        write(&profile, opts, &[three_rows(), three_rows()]).unwrap()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = run(a.path());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = run(b.path());
    assert_eq!(first.len(), 2);
    for (x, y) in first.iter().zip(&second) {
        assert_eq!(
            std::fs::read(&x.path).unwrap(),
            std::fs::read(&y.path).unwrap(),
            "{}",
            x.format
        );
        assert_eq!((&x.sha256, x.bytes, x.rows), (&y.sha256, y.bytes, y.rows));
    }
    let xlsx = &first[1];
    assert_eq!(
        xlsx.sha256,
        hex::encode(Sha256::digest(std::fs::read(&xlsx.path).unwrap()))
    );
}

#[test]
fn the_workbook_deflate_level_is_a_setting_with_the_same_cells() {
    let write_at = |level: u8| {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = options(dir.path());
        opts.csv = false;
        opts.xlsx = true;
        opts.xlsx_compression = level;
        let rows: Vec<DataFrame> = (0..20).map(|_| three_rows()).collect();
        write(&small_profile(), opts, &rows).map(|files| {
            let sheet = read_sheet(&files[0].path);
            (files[0].bytes, sheet)
        })
    };
    let (fast, fast_rows) = write_at(1).unwrap();
    let (small, small_rows) = write_at(9).unwrap();
    assert_eq!(fast_rows, small_rows);
    assert!(fast > small, "level 1: {fast} bytes, level 9: {small}");
    for level in [0, 10] {
        let error = write_at(level).unwrap_err().to_string();
        assert!(error.contains("xlsx-compression"), "{error}");
    }
}

#[test]
fn xlsx_cells_are_strings_with_leading_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.csv = false;
    opts.xlsx = true;
    let files = write(&small_profile(), opts, &[three_rows()]).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, dir.path().join("contacts.xlsx"));
    let rows = read_sheet(&files[0].path);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0], [s("Contact"), s("Individual"), s("Contact")]);
    assert_eq!(rows[1], [s("Contact number"), s("Last, name"), s("Remark")]);
    assert_eq!(
        rows[2],
        [
            s("Text 20 (conditional)"),
            s("Text 100 (mandatory)"),
            s("Text 2000")
        ]
    );
    assert_eq!(rows[3], [s("CONTACT_NR"), s("LASTNAME"), s("REMARK")]);
    assert_eq!(
        rows[4],
        [s("000123"), s("Müller, \"Jo\""), s("line1\nline2")]
    );
    assert_eq!(rows[5], [Data::Empty, s("Ŝtraße 😀"), Data::Empty]);
    assert_eq!(rows[6], [s("0042"), s("plain"), s("tab\there")]);
}

#[test]
fn xlsx_cells_have_the_text_number_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.csv = false;
    opts.xlsx = true;
    let files = write(&small_profile(), opts, &[three_rows()]).unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&files[0].path).unwrap();
    let styles = workbook.worksheet_style("Contacts").unwrap();
    let rows = read_sheet(&files[0].path);
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if *value == Data::Empty {
                continue;
            }
            let format = styles
                .get((r as u32, c as u32))
                .and_then(|style| style.number_format.as_ref());
            assert!(
                format.is_some_and(|f| f.format_code == "@" || f.format_id == Some(49)),
                "cell ({r}, {c}): {format:?}"
            );
        }
    }
}

#[test]
fn xlsx_inline_strings_round_trip_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.csv = false;
    opts.xlsx = true;
    let values = [
        "a & b <c> \"d\" 'e'",
        " leading and trailing ",
        "_x0041_ stays literal",
        "bell\u{7}",
    ];
    let batch = frame(&[
        ("CONTACT_NR", values.iter().map(|v| Some(*v)).collect()),
        ("LASTNAME", vec![Some("x"); values.len()]),
        ("REMARK", vec![None; values.len()]),
    ]);
    let files = write(&small_profile(), opts, &[batch]).unwrap();
    let rows = read_sheet(&files[0].path);
    let read: Vec<Data> = rows[HEADER_ROWS..].iter().map(|r| r[0].clone()).collect();
    let expected: Vec<Data> = values.iter().map(|v| s(v)).collect();
    assert_eq!(read, expected);
    assert_eq!(dir_entries(dir.path()), ["contacts.xlsx"]);
}

#[test]
fn xlsx_cell_size_estimate_is_an_upper_bound() {
    use super::contacts::xlsx_cell_xml_bytes;
    // Longest cell element without value: <c r="XFD1048576" s="65535" t="inlineStr"><is>
    // <t xml:space="preserve"></t></is></c>.
    let shell =
        r#"<c r="XFD1048576" s="65535" t="inlineStr"><is><t xml:space="preserve"></t></is></c>"#;
    for (value, escaped) in [
        ("plain", "plain"),
        ("&", "&amp;"),
        ("<>", "&lt;&gt;"),
        ("\u{1}", "_x0001_"),
        ("_x0041_", "_x005F_x0041_"),
        ("Ŝtraße 😀", "Ŝtraße 😀"),
    ] {
        assert!(
            xlsx_cell_xml_bytes(value) >= (shell.len() + escaped.len()) as u64,
            "{value:?}"
        );
    }
}

#[test]
fn schema_is_checked_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = ContactFilesWriter::create(&small_profile(), options(dir.path())).unwrap();
    let swapped = frame(&[
        ("LASTNAME", vec![Some("a")]),
        ("CONTACT_NR", vec![Some("1")]),
        ("REMARK", vec![None]),
    ]);
    let msg = writer.write_batch(&swapped).unwrap_err().to_string();
    assert!(
        msg.contains("column #1 is \"LASTNAME\"") && msg.contains("profile t"),
        "{msg}"
    );
    let missing = frame(&[("CONTACT_NR", vec![Some("1")]), ("REMARK", vec![None])]);
    let msg = writer.write_batch(&missing).unwrap_err().to_string();
    assert!(msg.contains("missing: [\"LASTNAME\"]"), "{msg}");
    let typed = DataFrame::new_infer_height(vec![
        Column::new("CONTACT_NR".into(), [1i64]),
        Column::new("LASTNAME".into(), [Some("a")]),
        Column::new("REMARK".into(), [Some("b")]),
    ])
    .unwrap();
    let msg = writer.write_batch(&typed).unwrap_err().to_string();
    assert!(msg.contains("CONTACT_NR has dtype i64"), "{msg}");
    let nulls = DataFrame::new_infer_height(vec![
        Column::full_null("CONTACT_NR".into(), 2, &DataType::String),
        Column::full_null("LASTNAME".into(), 2, &DataType::String),
        Column::full_null("REMARK".into(), 2, &DataType::String),
    ])
    .unwrap();
    writer.write_batch(&nulls).unwrap();
    let files = writer.finish().unwrap();
    assert_eq!(files[0].rows, 2);
    let text = std::fs::read_to_string(&files[0].path).unwrap();
    assert!(text.ends_with("REMARK\r\n,,\r\n,,\r\n"));
}

#[test]
fn a_workbook_that_outgrows_a_sheet_is_split_into_parts_csv_alike() {
    let dir = tempfile::tempdir().unwrap();
    // An earlier run's single files in the folder: they must not stay beside the parts.
    std::fs::write(dir.path().join("contacts.csv"), "old").unwrap();
    std::fs::write(dir.path().join("contacts.xlsx"), "old").unwrap();
    let mut opts = options(dir.path());
    opts.xlsx = true;
    opts.sheet_rows = 2;
    let second = frame(&[
        ("CONTACT_NR", vec![Some("4"), Some("5")]),
        ("LASTNAME", vec![Some("D"), Some("E")]),
        ("REMARK", vec![None, None]),
    ]);
    let files = write(&small_profile(), opts, &[three_rows(), second]).unwrap();
    let summary: Vec<(String, usize)> = files
        .iter()
        .map(|f| {
            let name = f.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, f.rows)
        })
        .collect();
    let expected: Vec<(String, usize)> = [
        ("contacts-001.csv", 2),
        ("contacts-001.xlsx", 2),
        ("contacts-002.csv", 2),
        ("contacts-002.xlsx", 2),
        ("contacts-003.csv", 1),
        ("contacts-003.xlsx", 1),
    ]
    .iter()
    .map(|(n, r)| (n.to_string(), *r))
    .collect();
    assert_eq!(summary, expected);
    assert_eq!(
        dir_entries(dir.path()).len(),
        6,
        "{:?}",
        dir_entries(dir.path())
    );
    let first = read_sheet(&dir.path().join("contacts-001.xlsx"));
    assert_eq!(first[4][0], s("000123"));
    assert_eq!(first.len(), 6);
}

/// The run writes CSV and XLSX on two threads: a CSV writer cut like the workbook and a
/// workbook writer, their files interleaved, must give what one writer of both gives.
#[test]
fn csv_and_workbook_written_apart_match_one_writer_of_both() {
    let second = frame(&[
        ("CONTACT_NR", vec![Some("4"), Some("5")]),
        ("LASTNAME", vec![Some("D"), Some("E")]),
        ("REMARK", vec![None, None]),
    ]);
    let batches = [three_rows(), second];
    for sheet_rows in [2, 10] {
        let together = tempfile::tempdir().unwrap();
        let mut both = options(together.path());
        both.xlsx = true;
        both.sheet_rows = sheet_rows;
        let expected = write(&small_profile(), both.clone(), &batches).unwrap();

        let apart = tempfile::tempdir().unwrap();
        let csv = ContactFilesOptions {
            dir: apart.path().to_path_buf(),
            xlsx: false,
            parts_of_a_workbook: true,
            ..both.clone()
        };
        let xlsx = ContactFilesOptions {
            dir: apart.path().to_path_buf(),
            csv: false,
            ..both
        };
        let staged = |options: ContactFilesOptions| {
            let mut writer = ContactFilesWriter::create(&small_profile(), options).unwrap();
            for batch in &batches {
                writer.write_batch(batch).unwrap();
            }
            writer.stage().unwrap()
        };
        let files = StagedContactFiles::interleave(staged(csv), staged(xlsx))
            .publish()
            .unwrap();
        let summary = |files: &[WrittenFile]| -> Vec<(String, usize)> {
            files
                .iter()
                .map(|f| {
                    let name = f.path.file_name().unwrap().to_string_lossy().into_owned();
                    (name, f.rows)
                })
                .collect()
        };
        assert_eq!(
            summary(&files),
            summary(&expected),
            "sheet_rows {sheet_rows}"
        );
        for file in &expected {
            let name = file.path.file_name().unwrap();
            let other = apart.path().join(name);
            if name.to_string_lossy().ends_with(".csv") {
                assert_eq!(
                    std::fs::read(&file.path).unwrap(),
                    std::fs::read(&other).unwrap()
                );
            } else {
                assert_eq!(read_sheet(&file.path), read_sheet(&other));
            }
        }
    }
}

#[test]
fn a_workbook_that_fits_a_sheet_keeps_its_single_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.xlsx = true;
    opts.sheet_rows = 3;
    let files = write(&small_profile(), opts, &[three_rows()]).unwrap();
    let names: Vec<_> = files
        .iter()
        .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["contacts.csv", "contacts.xlsx"]);
}

#[test]
fn invalid_options_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let profile = small_profile();
    let check = |change: &dyn Fn(&mut ContactFilesOptions), option: &str| {
        let mut opts = options(dir.path());
        change(&mut opts);
        let err = ContactFilesWriter::create(&profile, opts).err().unwrap();
        assert!(
            matches!(&err, WriteError::Options { option: o, .. } if *o == option),
            "{err}"
        );
    };
    check(&|o| o.delimiter = b':', "delimiter");
    check(&|o| o.csv = false, "format");
    check(&|o| o.split_rows = Some(0), "split-rows");
    check(
        &|o| {
            o.xlsx = true;
            o.split_rows = Some(EXCEL_MAX_DATA_ROWS + 1);
        },
        "split-rows",
    );
    check(&|o| o.file_stem = "../x".into(), "file-stem");
    assert!(dir_entries(dir.path()).is_empty());
}

#[test]
fn dropping_an_unfinished_writer_removes_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.xlsx = true;
    opts.split_rows = Some(1);
    let mut writer = ContactFilesWriter::create(&small_profile(), opts).unwrap();
    writer.write_batch(&three_rows()).unwrap();
    assert_eq!(writer.rows_written(), 3);
    assert!(dir_entries(dir.path())
        .iter()
        .all(|n| n.ends_with(".partial")));
    drop(writer);
    assert!(dir_entries(dir.path()).is_empty());
}

#[test]
fn write_atomic_writes_and_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("protocol.json");
    let file = write_atomic(&path, b"{\"ok\":true}\n").unwrap();
    assert_eq!(file.path, path);
    assert_eq!(file.format, "json");
    assert_eq!(file.bytes, 12);
    assert_eq!(file.sha256, hex::encode(Sha256::digest(b"{\"ok\":true}\n")));
    assert_eq!(std::fs::read(&path).unwrap(), b"{\"ok\":true}\n");
    assert_eq!(dir_entries(dir.path()), ["protocol.json"]);

    let missing = dir.path().join("no-such-dir").join("x.csv");
    let msg = write_atomic(&missing, b"x").unwrap_err().to_string();
    assert!(
        msg.contains("no-such-dir") && msg.contains("hint:"),
        "{msg}"
    );

    use std::io::Write as _;
    let mut streamed = AtomicFile::create(&dir.path().join("rejects.csv")).unwrap();
    streamed.write_all(b"a,b\r\n1,2\r\n").unwrap();
    streamed.set_rows(1);
    assert_eq!(
        dir_entries(dir.path()),
        [".rejects.csv.partial", "protocol.json"]
    );
    let written = streamed.commit().unwrap();
    assert_eq!(
        (written.format, written.rows, written.bytes),
        ("csv", 1, 10)
    );
    assert_eq!(dir_entries(dir.path()), ["protocol.json", "rejects.csv"]);
    let abandoned = AtomicFile::create(&dir.path().join("gone.csv")).unwrap();
    drop(abandoned);
    assert_eq!(dir_entries(dir.path()), ["protocol.json", "rejects.csv"]);
}

#[test]
fn error_types_stay_small() {
    // Large error types make every `Result` that carries them large (clippy::result_large_err).
    assert!(std::mem::size_of::<WriteError>() <= 72);
    assert!(std::mem::size_of::<crate::format::FormatError>() <= 104);
}

#[cfg(unix)]
#[test]
fn temporary_files_are_private_and_never_follow_a_planted_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let target = dir.path().join("contacts.csv");
    std::os::unix::fs::symlink(&victim, temp_path_for(&target)).unwrap();
    let error = AtomicFile::create(&target).unwrap_err().to_string();
    assert!(error.contains(".contacts.csv.partial"), "{error}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");

    // A stale regular file of an interrupted run is replaced; the result is owner-only.
    std::fs::remove_file(temp_path_for(&target)).unwrap();
    std::fs::write(temp_path_for(&target), b"stale").unwrap();
    let written = write_atomic(&target, b"a,b\r\n").unwrap();
    assert_eq!(std::fs::read(&written.path).unwrap(), b"a,b\r\n");
    let mode = std::fs::metadata(&written.path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // The workbook goes through the same door.
    let mut opts = options(dir.path());
    opts.xlsx = true;
    std::os::unix::fs::symlink(&victim, dir.path().join(".contacts.xlsx.partial")).unwrap();
    std::fs::remove_file(&target).unwrap();
    let mut writer = ContactFilesWriter::create(&small_profile(), opts).unwrap();
    writer.write_batch(&three_rows()).unwrap();
    assert!(writer.finish().is_err());
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
}

#[test]
fn a_rerun_into_the_same_folder_leaves_only_its_own_contact_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path());
    opts.split_rows = Some(1);
    let mut writer = ContactFilesWriter::create(&small_profile(), opts.clone()).unwrap();
    writer.write_batch(&three_rows()).unwrap();
    writer.finish().unwrap();
    std::fs::write(dir.path().join("notes.csv"), b"kept").unwrap();
    assert_eq!(
        dir_entries(dir.path()),
        [
            "contacts-001.csv",
            "contacts-002.csv",
            "contacts-003.csv",
            "notes.csv"
        ]
    );
    opts.split_rows = Some(2);
    let mut writer = ContactFilesWriter::create(&small_profile(), opts.clone()).unwrap();
    writer.write_batch(&three_rows()).unwrap();
    writer.finish().unwrap();
    assert_eq!(
        dir_entries(dir.path()),
        ["contacts-001.csv", "contacts-002.csv", "notes.csv"]
    );
    opts.split_rows = None;
    let mut writer = ContactFilesWriter::create(&small_profile(), opts).unwrap();
    writer.write_batch(&three_rows()).unwrap();
    writer.finish().unwrap();
    assert_eq!(dir_entries(dir.path()), ["contacts.csv", "notes.csv"]);
}
