//! Checks an xlsx workbook before calamine opens it. calamine reserves memory for the number
//! of shared strings `xl/sharedStrings.xml` declares (`<sst uniqueCount="…">`), so a 2 KB
//! file declaring 10^11 of them aborted the process, and 2^64−1 made it panic. A declared
//! count larger than its part could hold is refused here, naming the file, the part and the
//! number; a panic inside calamine becomes an error instead of ending the run.
//!
//! Sheets' `<dimension ref="…">` are not checked: calamine 0.38 reserves cells from it only
//! below 100,000, and writers that declare a loose range are common.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use quick_xml::events::Event;
use stx_connector_core::SourceError;

/// Most shared strings a workbook may declare: over 60 times the rows of a full Excel sheet,
/// and a reservation (24 bytes each) that any machine running a migration can make.
pub(crate) const MAX_SHARED_STRINGS: u64 = 1 << 26;
/// Bytes of the smallest shared string, `<si/>`: a part of n bytes holds at most n / 5.
const MIN_STRING_BYTES: u64 = 5;
/// Deflate expands data at most about 1032 times, whatever size a zip header claims.
const MAX_DEFLATE_RATIO: u64 = 1032;
/// Bytes of the part read to find its `<sst>` start tag.
const HEAD_BYTES: u64 = 64 << 10;

const HINT: &str = "the workbook is damaged or was not written by a spreadsheet program: \
     open it in one and save it again, or export the sheet as CSV";

/// A shared strings part whose declared count is larger than it could hold.
struct Overdeclared {
    part: String,
    /// The `uniqueCount` attribute as written.
    declared: String,
    /// Why the number cannot be right.
    limit: String,
}

/// Refuses an xlsx/xlsm file whose shared strings part declares more strings than it can
/// hold or than [`MAX_SHARED_STRINGS`]. Files that are no zip archive are left to calamine,
/// which says what they are.
pub(crate) fn check_declared_sizes(
    path: &Path,
    connector: &'static str,
) -> Result<(), SourceError> {
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    match overdeclared(&mut zip) {
        None => Ok(()),
        Some(o) => Err(SourceError::Open {
            connector,
            location: path.display().to_string(),
            message: format!(
                "{} declares uniqueCount=\"{}\" shared strings, {}: reading it would reserve \
                 memory for all of them",
                o.part, o.declared, o.limit
            ),
            hint: Some(HINT.into()),
        }),
    }
}

/// The first shared strings part (any folder, any case) whose count cannot be right.
fn overdeclared<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Option<Overdeclared> {
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    parts.into_iter().find_map(|part| {
        let entry = zip.by_name(&part).ok()?;
        let size = entry
            .size()
            .min(entry.compressed_size().saturating_mul(MAX_DEFLATE_RATIO));
        let declared = unique_count(entry)?;
        let count = parse_count(&declared)?;
        let room = size / MIN_STRING_BYTES;
        let limit = if count > room {
            format!("more than its {size} bytes could hold (at most {room})")
        } else if count > MAX_SHARED_STRINGS {
            format!("more than the {MAX_SHARED_STRINGS} a workbook may hold here")
        } else {
            return None;
        };
        Some(Overdeclared {
            part,
            declared,
            limit,
        })
    })
}

/// The `uniqueCount` attribute of the part's `<sst>` tag, as written.
fn unique_count(part: impl Read) -> Option<String> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part.take(HEAD_BYTES)));
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                let value = e.try_get_attribute("uniqueCount").ok()??.value;
                return Some(value.chars().take(40).collect());
            }
            Event::Eof => return None,
            _ => buf.clear(),
        }
    }
}

/// A declared count: digits, saturating at `u64::MAX` (calamine takes such a number as
/// usize::MAX); anything else calamine ignores, so does this check.
fn parse_count(text: &str) -> Option<u64> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// Runs a calamine call; a panic in it becomes `error(panic message)` instead of ending the
/// process.
pub(crate) fn without_panic<T>(
    call: impl FnOnce() -> Result<T, SourceError>,
    error: impl FnOnce(String) -> SourceError,
) -> Result<T, SourceError> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(error(message))
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::PathBuf;

    use rust_xlsxwriter::Workbook;
    use stx_connector_core::{ReadRequest, SourceFactory, SourceSpec};

    use super::*;
    use crate::XlsxFactory;

    /// A workbook with two strings, written by rust_xlsxwriter into `dir`.
    fn genuine(dir: &Path) -> PathBuf {
        let path = dir.join("genuine.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "name").unwrap();
        sheet.write_string(1, 0, "Zoë").unwrap();
        book.save(&path).unwrap();
        path
    }

    /// A copy of `from` whose shared strings declare `unique_count`.
    fn with_unique_count(from: &Path, unique_count: &str) -> PathBuf {
        let to = from.with_file_name(format!("declared-{unique_count}.xlsx"));
        let mut zip = zip::ZipArchive::new(File::open(from).unwrap()).unwrap();
        let mut out = zip::ZipWriter::new(File::create(&to).unwrap());
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            if name == "xl/sharedStrings.xml" {
                let text = String::from_utf8(bytes).unwrap();
                let at = text.find("uniqueCount=\"").unwrap() + 13;
                let end = at + text[at..].find('"').unwrap();
                bytes = format!("{}{unique_count}{}", &text[..at], &text[end..]).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&bytes).unwrap();
        }
        out.finish().unwrap();
        to
    }

    async fn open(path: &Path) -> Result<Box<dyn stx_connector_core::Source>, SourceError> {
        let spec = SourceSpec {
            path: Some(path.to_path_buf()),
            ..SourceSpec::default()
        };
        XlsxFactory.open(&spec).await
    }

    #[tokio::test]
    async fn a_shared_string_count_the_part_cannot_hold_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let genuine = genuine(dir.path());
        for declared in [
            "100000000000",
            "18446744073709551615",
            "99999999999999999999999",
        ] {
            let path = with_unique_count(&genuine, declared);
            assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
            let message = match open(&path).await {
                Ok(_) => panic!("{declared}: opened"),
                Err(e) => e.to_string(),
            };
            for part in [
                path.display().to_string(),
                "xl/sharedStrings.xml".into(),
                format!("uniqueCount=\"{declared}\""),
                "save it again".into(),
            ] {
                assert!(message.contains(&part), "{part} not in {message}");
            }
        }
    }

    #[tokio::test]
    async fn a_count_the_part_can_hold_opens_and_reads() {
        let dir = tempfile::tempdir().unwrap();
        // The genuine count, and one that a part of this size could still hold.
        for path in [
            genuine(dir.path()),
            with_unique_count(&genuine(dir.path()), "20"),
        ] {
            let mut source = open(&path).await.unwrap();
            let request = ReadRequest::Table("Sheet1".into());
            let columns = source.describe(&request).await.unwrap();
            assert_eq!(columns[0].name, "name");
        }
    }

    #[test]
    fn a_panic_in_the_call_is_an_error() {
        let error = |message: String| SourceError::Config {
            message,
            hint: None,
        };
        let result: Result<(), SourceError> = without_panic(|| panic!("capacity overflow"), error);
        let message = result.unwrap_err().to_string();
        assert!(message.contains("capacity overflow"), "{message}");
        let fine = without_panic(|| Ok(7), error);
        assert_eq!(fine.unwrap(), 7);
    }
}
