//! Rejected rows and field warnings, and the CSV side files that list them.

use std::path::{Path, PathBuf};

use serde::Serialize;
use stx_connector_files::CsvHead;

use crate::quality::codes::MissingCode;
use crate::writers::{formula_like, spreadsheet_safe, AtomicFile, WriteError, WrittenFile};

/// One problem found on a source row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Rule or function (`date`, `lookup`, `max-length`, `read` ...).
    pub rule: String,
    /// SecuTix column (or source column for read problems), if any.
    pub column: String,
    /// The offending value.
    pub value: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// A source row that is not imported.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectRecord {
    /// Source row number.
    pub row: u64,
    /// Source key, when the migration declares one.
    pub key: String,
    /// Every problem of the row; the first is shown in the rule/column/value columns.
    pub findings: Vec<Finding>,
    /// The row's source values as read: `(column, value)`.
    pub values: Vec<(String, String)>,
}

/// A field left empty on an imported row (its column's `[on-error]` is `drop`).
#[derive(Debug, Clone, PartialEq)]
pub struct WarningRecord {
    /// Source row number.
    pub row: u64,
    /// Source key.
    pub key: String,
    /// What was done to the field: `drop`, `repair` or `truncate`.
    pub outcome: &'static str,
    /// The problem.
    pub finding: Finding,
}

/// Columns appended to the input's own columns in the rejects of a file input; the prefix keeps
/// them apart from the input's column names.
pub const FILE_REJECT_COLUMNS: [&str; 5] = [
    "stx_row",
    "stx_rule",
    "stx_column",
    "stx_value",
    "stx_message",
];

/// `rejects.csv`, written record by record. For a database source: row, key, rule, column,
/// value, message, then the source columns as read, so the customer sees the row as it was
/// and why it was not imported. For a CSV file (`layout`): the input's own header rows,
/// columns, delimiter and encoding, followed by [`FILE_REJECT_COLUMNS`], so the customer can
/// fix the rows in place, delete those columns and send the file again.
///
/// Every cell is made safe to open in a spreadsheet (see [`spreadsheet_safe`]).
pub struct RejectsFile {
    out: SideCsv,
    columns: Vec<String>,
    position: std::collections::HashMap<String, usize>,
    in_input_layout: bool,
}

impl RejectsFile {
    /// Starts `path` with its header; `columns` are the source columns, then those only some
    /// rows carry (ragged CSV rows read with extra fields).
    pub fn create(
        path: &Path,
        columns: Vec<String>,
        layout: Option<&CsvHead>,
    ) -> Result<RejectsFile, WriteError> {
        let position = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        let mut file = RejectsFile {
            out: SideCsv::create(path, layout.map(|l| &l.layout))?,
            columns,
            position,
            in_input_layout: layout.is_some(),
        };
        match layout {
            Some(layout) => file.input_header(layout)?,
            None => {
                let mut header = vec!["row", "key", "rule", "column", "value", "message"];
                header.extend(file.columns.iter().map(String::as_str));
                file.out.record(&header)?;
            }
        }
        Ok(file)
    }

    fn input_header(&mut self, layout: &CsvHead) -> Result<(), WriteError> {
        let width = self.columns.len();
        let last_head = layout.rows.len().saturating_sub(1);
        for (i, row) in layout.rows.iter().enumerate() {
            let mut record: Vec<&str> = row.iter().map(String::as_str).collect();
            record.resize(width.max(record.len()), "");
            if i == last_head {
                record.extend(FILE_REJECT_COLUMNS);
            } else {
                record.extend([""; FILE_REJECT_COLUMNS.len()]);
            }
            self.out.record(&record)?;
        }
        Ok(())
    }

    /// Appends a rejected row.
    pub fn write(&mut self, r: &RejectRecord) -> Result<(), WriteError> {
        let first = r.findings.first();
        let message = joined_message(r);
        let row = r.row.to_string();
        let mut values: Vec<&str> = vec![""; self.columns.len()];
        for (name, value) in &r.values {
            if let Some(i) = self.position.get(name) {
                values[*i] = value;
            }
        }
        let what = [
            first.map(|f| f.rule.as_str()).unwrap_or(""),
            first.map(|f| f.column.as_str()).unwrap_or(""),
            first.map(|f| f.value.as_str()).unwrap_or(""),
            message.as_str(),
        ];
        let (record, message_at): (Vec<&str>, usize) = if self.in_input_layout {
            let at = values.len() + 4;
            (
                values
                    .into_iter()
                    .chain([row.as_str()])
                    .chain(what)
                    .collect(),
                at,
            )
        } else {
            let record = [row.as_str(), r.key.as_str()]
                .into_iter()
                .chain(what)
                .chain(values)
                .collect();
            (record, 5)
        };
        self.out.record_with_message(&record, Some(message_at))?;
        self.out.rows += 1;
        Ok(())
    }

    /// Completes the file and renames it into place.
    pub fn finish(self) -> Result<WrittenFile, WriteError> {
        self.out.finish()
    }
}

/// The source columns, then those only rows read with extra fields (ragged CSV) carry.
pub fn reject_columns(source_columns: &[String], seen: &[String]) -> Vec<String> {
    let mut columns: Vec<String> = source_columns.to_vec();
    for name in seen {
        if !columns.contains(name) {
            columns.push(name.clone());
        }
    }
    columns
}

/// Every finding of a reject in one text, column first.
fn joined_message(r: &RejectRecord) -> String {
    r.findings
        .iter()
        .map(|f| {
            if f.column.is_empty() {
                f.message.clone()
            } else {
                format!("{}: {}", f.column, f.message)
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// `warnings.csv`, written record by record: row, key, rule, column, outcome, value, message.
pub struct WarningsFile {
    out: SideCsv,
}

impl WarningsFile {
    /// Starts `path` with its header.
    pub fn create(path: &Path) -> Result<WarningsFile, WriteError> {
        let mut out = SideCsv::create(path, None)?;
        out.record(&[
            "row", "key", "rule", "column", "outcome", "value", "message",
        ])?;
        Ok(WarningsFile { out })
    }

    /// Appends a warning.
    pub fn write(&mut self, w: &WarningRecord) -> Result<(), WriteError> {
        let row = w.row.to_string();
        let f = &w.finding;
        self.out.record_with_message(
            &[
                &row, &w.key, &f.rule, &f.column, w.outcome, &f.value, &f.message,
            ],
            Some(6),
        )?;
        self.out.rows += 1;
        Ok(())
    }

    /// Completes the file and renames it into place.
    pub fn finish(self) -> Result<WrittenFile, WriteError> {
        self.out.finish()
    }
}

/// Writes `missing-config.csv`: column, code, value, rows, first_row — the codes kept by
/// `unknown = "collect"`, to create in SecuTix before the import.
pub fn write_missing_config(
    path: &Path,
    entries: &[MissingCode],
) -> Result<WrittenFile, WriteError> {
    let mut out = SideCsv::create(path, None)?;
    out.record(&["column", "code", "value", "rows", "first_row"])?;
    for e in entries {
        let (rows, first_row) = (e.rows.to_string(), e.first_row.to_string());
        out.record(&[&e.column, &e.code, &e.value, &rows, &first_row])?;
        out.rows += 1;
    }
    out.finish()
}

/// A side file meant for a spreadsheet, written as it goes: RFC 4180 quoting, CRLF, comma
/// (or the input's delimiter, quote and encoding for rejects in the input's layout), every
/// cell made [`spreadsheet_safe`].
struct SideCsv {
    csv: csv::Writer<SideSink>,
    /// The same sink, to encode whole records and to close the file.
    sink: SideSink,
    path: PathBuf,
    /// Data rows written (the caller counts).
    rows: usize,
}

/// Encoded bytes are handed to the file in pieces of about this size.
const SIDE_CHUNK_BYTES: usize = 1 << 16;

impl SideCsv {
    fn create(
        path: &Path,
        layout: Option<&stx_connector_files::CsvLayout>,
    ) -> Result<SideCsv, WriteError> {
        let mut builder = csv::WriterBuilder::new();
        builder.terminator(csv::Terminator::CRLF);
        if let Some(layout) = layout {
            builder
                .delimiter(layout.delimiter)
                .quote(layout.quote)
                .flexible(true);
        }
        let mut file = AtomicFile::create(path)?;
        if let Some(bom) = layout.and_then(byte_order_mark) {
            write_to(&mut file, &bom)?;
        }
        // UTF-8 goes to the file as the CSV writer makes it; another encoding is converted a
        // whole record at a time, so that no character is cut in two.
        let transcode = layout.filter(|l| l.encoding != encoding_rs::UTF_8).copied();
        let sink = SideSink(std::rc::Rc::new(std::cell::RefCell::new(Sink {
            file: Some(file),
            pending: Vec::new(),
            transcode,
        })));
        Ok(SideCsv {
            csv: builder.from_writer(sink.clone()),
            sink,
            path: path.to_path_buf(),
            rows: 0,
        })
    }

    fn record(&mut self, cells: &[&str]) -> Result<(), WriteError> {
        self.record_with_message(cells, None)
    }

    /// A record whose cell `message_at` is a message of ours: neutralised only when formula
    /// like (a message that starts by quoting a value, `'x' is not …`, stays as it is), where
    /// value cells also get an apostrophe before a leading one, so that they can be
    /// recovered.
    fn record_with_message(
        &mut self,
        cells: &[&str],
        message_at: Option<usize>,
    ) -> Result<(), WriteError> {
        let csv_error = |e: csv::Error| csv_io(&self.path, e);
        let safe: Vec<std::borrow::Cow<'_, str>> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if Some(i) == message_at && !formula_like(c) {
                    std::borrow::Cow::Borrowed(*c)
                } else {
                    spreadsheet_safe(c)
                }
            })
            .collect();
        self.csv
            .write_record(safe.iter().map(|c| c.as_bytes()))
            .map_err(csv_error)?;
        if self.sink.transcodes() {
            // Whole records only reach the encoder: a character is never cut in two.
            self.csv.flush().map_err(|e| csv_io(&self.path, e.into()))?;
            if self.sink.pending_len() >= SIDE_CHUNK_BYTES {
                self.sink
                    .encode_pending()
                    .map_err(|e| io_write(&self.path, e))?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<WrittenFile, WriteError> {
        let SideCsv {
            csv,
            sink,
            path,
            rows,
        } = self;
        let csv_error = |e: csv::Error| csv_io(&path, e);
        drop(
            csv.into_inner()
                .map_err(|e| csv_error(e.into_error().into()))?,
        );
        sink.encode_pending().map_err(|e| io_write(&path, e))?;
        let mut file = sink
            .take_file()
            .ok_or_else(|| io_write(&path, std::io::Error::other("side file closed twice")))?;
        file.set_rows(rows);
        file.commit()
    }
}

/// Where a side file's CSV writer writes: the file itself, or (another encoding) a buffer of
/// whole records encoded on their way to it. Shared with [`SideCsv`] because the csv crate
/// lends no mutable access to its writer's target.
#[derive(Clone)]
struct SideSink(std::rc::Rc<std::cell::RefCell<Sink>>);

struct Sink {
    file: Option<AtomicFile>,
    pending: Vec<u8>,
    transcode: Option<stx_connector_files::CsvLayout>,
}

impl SideSink {
    fn transcodes(&self) -> bool {
        self.0.borrow().transcode.is_some()
    }

    fn pending_len(&self) -> usize {
        self.0.borrow().pending.len()
    }

    /// Encodes the pending records into the file.
    fn encode_pending(&self) -> std::io::Result<()> {
        use std::io::Write;
        let mut sink = self.0.borrow_mut();
        let Some(layout) = sink.transcode else {
            return Ok(());
        };
        let utf8 = std::mem::take(&mut sink.pending);
        let bytes = encode_like_input(&utf8, &layout);
        match sink.file.as_mut() {
            Some(file) => file.write_all(&bytes),
            None => Err(std::io::Error::other("side file closed")),
        }
    }

    fn take_file(&self) -> Option<AtomicFile> {
        self.0.borrow_mut().file.take()
    }
}

impl std::io::Write for SideSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut sink = self.0.borrow_mut();
        if sink.transcode.is_some() {
            sink.pending.extend_from_slice(buf);
            return Ok(buf.len());
        }
        match sink.file.as_mut() {
            Some(file) => file.write(buf),
            None => Err(std::io::Error::other("side file closed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn write_to(file: &mut AtomicFile, bytes: &[u8]) -> Result<(), WriteError> {
    use std::io::Write;
    let path = file.path().to_path_buf();
    file.write_all(bytes).map_err(|e| io_write(&path, e))
}

fn io_write(path: &Path, source: std::io::Error) -> WriteError {
    WriteError::Io {
        path: crate::writers::temp_path_for(path),
        action: "write",
        source,
    }
}

fn csv_io(path: &Path, e: csv::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        action: "write",
        source: std::io::Error::other(e.to_string()),
    }
}

/// The byte-order mark of an input that had one, in its encoding.
fn byte_order_mark(layout: &stx_connector_files::CsvLayout) -> Option<Vec<u8>> {
    if !layout.bom {
        return None;
    }
    let encoding = layout.encoding;
    if encoding == encoding_rs::UTF_16LE {
        Some(vec![0xFF, 0xFE])
    } else if encoding == encoding_rs::UTF_16BE {
        Some(vec![0xFE, 0xFF])
    } else if encoding == encoding_rs::UTF_8 {
        Some(vec![0xEF, 0xBB, 0xBF])
    } else {
        None
    }
}

/// UTF-8 text (whole records) re-encoded in the input's encoding. encoding_rs only decodes
/// UTF-16 (its encoder writes UTF-8 for it, as the WHATWG standard says), so UTF-16 is
/// encoded here.
fn encode_like_input(utf8: &[u8], layout: &stx_connector_files::CsvLayout) -> Vec<u8> {
    let text = String::from_utf8_lossy(utf8);
    let encoding = layout.encoding;
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        let little = encoding == encoding_rs::UTF_16LE;
        let mut out = Vec::with_capacity(utf8.len() * 2);
        for unit in text.encode_utf16() {
            out.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        return out;
    }
    if encoding == encoding_rs::UTF_8 {
        return utf8.to_vec();
    }
    // Values came from this encoding, so every character maps back; one that does not (a
    // replacement character from an undecodable byte) becomes an HTML reference, visibly.
    let (bytes, _, _) = encoding.encode(&text);
    bytes.into_owned()
}
