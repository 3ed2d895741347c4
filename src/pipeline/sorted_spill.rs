//! Rejects and warnings on disk as they come, read back sorted by source row: an external
//! sort.
//!
//! A run may reject millions of rows, each with its source values; held in memory until the
//! end, they made a run's peak grow with its rejects (1,048 MiB at 2 M rows with 107 k
//! rejects). Records are buffered up to [`BUFFER_BYTES`], sorted, and written as a *run* file
//! in a compact binary form; at the end the run files are merged (k-way, a heap of one record
//! per file). Memory holds one buffer, or one record per run file while merging.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::records::{Finding, RejectRecord, WarningRecord};
use super::spill::SpillDir;
use super::RunError;
use crate::writers::WriteError;

/// Bytes of records held before they are sorted and written as a run file.
pub(super) const BUFFER_BYTES: usize = 32 << 20;

/// Run files merged at once; more are first merged into one (a cascade), so that a run with
/// many rejects never holds more than this many open files and read buffers.
const MAX_FAN_IN: usize = 64;

/// Where a record sorts: source row, then `_seq`, then arrival order (keeps the order of
/// records with equal rows stable, as a stable in-memory sort would).
pub(super) type SortKey = (u64, u64, u64);

/// A record with its place in the sort and the run's bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry<T> {
    /// Sort key.
    pub key: SortKey,
    /// `_seq` of the row the record is about (`u64::MAX`: no row of the run).
    pub seq: u64,
    /// Rejected while reading: the row has no `_seq` of its own.
    pub read: bool,
    /// The record.
    pub record: T,
}

/// Source column names, interned: a reject lists its row's values by column, and writing the
/// name with each value would double the spill.
#[derive(Debug, Default)]
pub(super) struct ColumnNames {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl ColumnNames {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> io::Result<&str> {
        self.names
            .get(id as usize)
            .map(String::as_str)
            .ok_or_else(|| io::Error::other(format!("spill names an unknown column {id}")))
    }

    /// Every name seen, in first-seen order.
    pub(super) fn all(&self) -> &[String] {
        &self.names
    }
}

/// A record that can be spilled.
pub(super) trait SpillRecord: Sized {
    /// Writes the record's bytes (straight to the run file: a record of a 900 MB row is not
    /// copied into a buffer first).
    fn encode(&self, out: &mut impl Write, names: &mut ColumnNames) -> io::Result<()>;
    /// Reads a record written by `encode`.
    fn decode(input: &mut impl Read, names: &ColumnNames) -> io::Result<Self>;
    /// About how many bytes the record holds in memory.
    fn weight(&self) -> usize;
    /// Notes the column names the record lists values of.
    fn note_names(&self, _names: &mut ColumnNames) {}
}

/// Records spilled as they come; [`SortedSpill::finish`] reads them back sorted.
pub(super) struct SortedSpill<T> {
    what: &'static str,
    parent: PathBuf,
    dir: Option<SpillDir>,
    buffer: Vec<Entry<T>>,
    buffered: usize,
    runs: Vec<PathBuf>,
    names: ColumnNames,
    next_order: u64,
    next_run: usize,
    buffer_bytes: usize,
}

impl<T: SpillRecord> SortedSpill<T> {
    /// Records of kind `what` (`rejects`, `warnings`), spilled under `parent` once there are
    /// more than fit the buffer.
    pub(super) fn new(what: &'static str, parent: &Path) -> SortedSpill<T> {
        SortedSpill {
            what,
            parent: parent.to_path_buf(),
            dir: None,
            buffer: Vec::new(),
            buffered: 0,
            runs: Vec::new(),
            names: ColumnNames::default(),
            next_order: 0,
            next_run: 0,
            buffer_bytes: BUFFER_BYTES,
        }
    }

    /// Adds a record about row `row` (`seq`: its `_seq`), sorted by `(row, sort_seq)` then
    /// arrival.
    pub(super) fn push(
        &mut self,
        row: u64,
        sort_seq: u64,
        seq: u64,
        read: bool,
        record: T,
    ) -> Result<(), RunError> {
        self.buffered += record.weight() + std::mem::size_of::<Entry<T>>();
        record.note_names(&mut self.names);
        self.buffer.push(Entry {
            key: (row, sort_seq, self.next_order),
            seq,
            read,
            record,
        });
        self.next_order += 1;
        if self.buffered > self.buffer_bytes {
            self.write_run()?;
        }
        Ok(())
    }

    /// How many entries were pushed so far.
    pub(super) fn pushed(&self) -> u64 {
        self.next_order
    }

    /// Sorts the buffer and writes it as a run file.
    fn write_run(&mut self) -> Result<(), RunError> {
        let mut entries = std::mem::take(&mut self.buffer);
        self.buffered = 0;
        entries.sort_by_key(|e| e.key);
        let path = self.new_run_path()?;
        let mut out = RunWriter::create(&path)?;
        for entry in &entries {
            out.write(entry, &mut self.names)?;
        }
        out.finish()?;
        self.runs.push(path);
        if self.runs.len() >= MAX_FAN_IN {
            self.cascade()?;
        }
        Ok(())
    }

    fn new_run_path(&mut self) -> Result<PathBuf, RunError> {
        if self.dir.is_none() {
            self.dir = Some(SpillDir::create(&self.parent)?);
        }
        let dir = self.dir.as_ref().expect("created above");
        self.next_run += 1;
        Ok(dir.file(&format!("{}-{:05}.run", self.what, self.next_run)))
    }

    /// Merges every run file into one.
    fn cascade(&mut self) -> Result<(), RunError> {
        let runs = std::mem::take(&mut self.runs);
        let path = self.new_run_path()?;
        let mut out = RunWriter::create(&path)?;
        let mut names = std::mem::take(&mut self.names);
        let mut merge = Merge::<T>::open(&runs, Vec::new(), &names)?;
        while let Some(entry) = merge.next_entry(&names)? {
            out.write(&entry, &mut names)?;
        }
        out.finish()?;
        self.names = names;
        drop(merge);
        for run in runs {
            let _ = std::fs::remove_file(run);
        }
        self.runs.push(path);
        Ok(())
    }

    /// Every record, sorted; the spill folder goes when the result is dropped.
    pub(super) fn finish(mut self) -> Result<Sorted<T>, RunError> {
        let mut last = std::mem::take(&mut self.buffer);
        last.sort_by_key(|e| e.key);
        // Popped from the end while merging.
        last.reverse();
        Ok(Sorted {
            merge: Merge::open(&self.runs, last, &self.names)?,
            names: self.names,
            _dir: self.dir,
        })
    }

    /// A smaller buffer, so that tests spill and cascade with few records.
    #[cfg(test)]
    fn with_buffer_bytes(mut self, bytes: usize) -> Self {
        self.buffer_bytes = bytes;
        self
    }
}

/// The records of a [`SortedSpill`], in order.
pub(super) struct Sorted<T> {
    merge: Merge<T>,
    names: ColumnNames,
    _dir: Option<SpillDir>,
}

impl<T: SpillRecord> Sorted<T> {
    /// The next record, or `None` at the end.
    pub(super) fn next_entry(&mut self) -> Result<Option<Entry<T>>, RunError> {
        self.merge.next_entry(&self.names)
    }

    /// Every source column name the records list values of, in first-seen order.
    pub(super) fn column_names(&self) -> &[String] {
        self.names.all()
    }

    /// Every remaining record (for `preview`, whose records are few).
    pub(super) fn collect(mut self) -> Result<Vec<Entry<T>>, RunError> {
        let mut all = Vec::new();
        while let Some(e) = self.next_entry()? {
            all.push(e);
        }
        Ok(all)
    }
}

/// A k-way merge of sorted run files and of the last buffer (sorted, reversed: popped from
/// the end).
struct Merge<T> {
    readers: Vec<(PathBuf, BufReader<File>)>,
    heads: Vec<Option<Entry<T>>>,
    heap: BinaryHeap<Reverse<(SortKey, usize)>>,
    memory: Vec<Entry<T>>,
}

impl<T: SpillRecord> Merge<T> {
    fn open(
        runs: &[PathBuf],
        memory: Vec<Entry<T>>,
        names: &ColumnNames,
    ) -> Result<Merge<T>, RunError> {
        let mut merge = Merge {
            readers: Vec::with_capacity(runs.len()),
            heads: Vec::with_capacity(runs.len()),
            heap: BinaryHeap::new(),
            memory,
        };
        for path in runs {
            let file = File::open(path).map_err(|e| spill_io(path, e))?;
            merge
                .readers
                .push((path.clone(), BufReader::with_capacity(1 << 16, file)));
            merge.heads.push(None);
            merge.advance(merge.readers.len() - 1, names)?;
        }
        if let Some(next) = merge.memory.last() {
            merge.heap.push(Reverse((next.key, runs.len())));
        }
        Ok(merge)
    }

    /// Reads the next record of run file `i` into its head.
    fn advance(&mut self, i: usize, names: &ColumnNames) -> Result<(), RunError> {
        let (path, reader) = &mut self.readers[i];
        let entry = read_entry(reader, names).map_err(|e| spill_io(path, e))?;
        if let Some(entry) = &entry {
            self.heap.push(Reverse((entry.key, i)));
        }
        self.heads[i] = entry;
        Ok(())
    }

    fn next_entry(&mut self, names: &ColumnNames) -> Result<Option<Entry<T>>, RunError> {
        let Some(Reverse((_, i))) = self.heap.pop() else {
            return Ok(None);
        };
        if i == self.readers.len() {
            let entry = self.memory.pop();
            if let Some(next) = self.memory.last() {
                self.heap.push(Reverse((next.key, i)));
            }
            return Ok(entry);
        }
        let entry = self.heads[i].take();
        self.advance(i, names)?;
        Ok(entry)
    }
}

/// Writes entries to a run file.
struct RunWriter {
    path: PathBuf,
    out: BufWriter<File>,
}

impl RunWriter {
    fn create(path: &Path) -> Result<RunWriter, RunError> {
        let file = File::create(path).map_err(|e| spill_io(path, e))?;
        Ok(RunWriter {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, file),
        })
    }

    fn write<T: SpillRecord>(
        &mut self,
        entry: &Entry<T>,
        names: &mut ColumnNames,
    ) -> Result<(), RunError> {
        let out = &mut self.out;
        let written = (|| {
            out.write_all(&[ENTRY_MARK])?;
            for v in [entry.key.0, entry.key.1, entry.key.2, entry.seq] {
                put_u64(out, v)?;
            }
            out.write_all(&[entry.read as u8])?;
            entry.record.encode(out, names)
        })();
        written.map_err(|e| spill_io(&self.path, e))
    }

    fn finish(mut self) -> Result<(), RunError> {
        self.out.flush().map_err(|e| spill_io(&self.path, e))
    }
}

/// First byte of every entry in a run file; the end of the file ends the run.
const ENTRY_MARK: u8 = 0xE7;

fn read_entry<T: SpillRecord>(
    input: &mut impl Read,
    names: &ColumnNames,
) -> io::Result<Option<Entry<T>>> {
    let mut mark = [0u8; 1];
    if input.read(&mut mark)? == 0 {
        return Ok(None);
    }
    if mark[0] != ENTRY_MARK {
        return Err(io::Error::other("spill file damaged (no entry mark)"));
    }
    let key = (get_u64(input)?, get_u64(input)?, get_u64(input)?);
    let seq = get_u64(input)?;
    let read = get_u8(input)? != 0;
    let record = T::decode(input, names)?;
    Ok(Some(Entry {
        key,
        seq,
        read,
        record,
    }))
}

fn spill_io(path: &Path, source: io::Error) -> RunError {
    RunError::Write(WriteError::Io {
        path: path.to_path_buf(),
        action: "write or read the rejects and warnings spill",
        source,
    })
}

fn put_u64(out: &mut impl Write, v: u64) -> io::Result<()> {
    out.write_all(&v.to_le_bytes())
}

fn put_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    put_u64(out, s.len() as u64)?;
    out.write_all(s.as_bytes())
}

fn get_u8(input: &mut impl Read) -> io::Result<u8> {
    let mut b = [0u8; 1];
    input.read_exact(&mut b)?;
    Ok(b[0])
}

fn get_u64(input: &mut impl Read) -> io::Result<u64> {
    let mut b = [0u8; 8];
    input.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn get_str(input: &mut impl Read) -> io::Result<String> {
    let len = get_u64(input)? as usize;
    let mut bytes = vec![0u8; len];
    input.read_exact(&mut bytes)?;
    String::from_utf8(bytes).map_err(|_| io::Error::other("spill file damaged (not UTF-8)"))
}

fn put_finding(out: &mut impl Write, f: &Finding) -> io::Result<()> {
    for s in [&f.rule, &f.column, &f.value, &f.message] {
        put_str(out, s)?;
    }
    Ok(())
}

fn get_finding(input: &mut impl Read) -> io::Result<Finding> {
    Ok(Finding {
        rule: get_str(input)?,
        column: get_str(input)?,
        value: get_str(input)?,
        message: get_str(input)?,
    })
}

fn finding_weight(f: &Finding) -> usize {
    f.rule.len() + f.column.len() + f.value.len() + f.message.len() + 4 * 24
}

impl SpillRecord for RejectRecord {
    fn encode(&self, out: &mut impl Write, names: &mut ColumnNames) -> io::Result<()> {
        put_u64(out, self.row)?;
        put_str(out, &self.key)?;
        put_u64(out, self.findings.len() as u64)?;
        for f in &self.findings {
            put_finding(out, f)?;
        }
        put_u64(out, self.values.len() as u64)?;
        for (column, value) in &self.values {
            out.write_all(&names.id(column).to_le_bytes())?;
            put_str(out, value)?;
        }
        Ok(())
    }

    fn decode(input: &mut impl Read, names: &ColumnNames) -> io::Result<Self> {
        let row = get_u64(input)?;
        let key = get_str(input)?;
        let findings = (0..get_u64(input)?)
            .map(|_| get_finding(input))
            .collect::<io::Result<Vec<_>>>()?;
        let count = get_u64(input)?;
        let mut values = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let mut id = [0u8; 4];
            input.read_exact(&mut id)?;
            let column = names.name(u32::from_le_bytes(id))?.to_string();
            values.push((column, get_str(input)?));
        }
        Ok(RejectRecord {
            row,
            key,
            findings,
            values,
        })
    }

    fn note_names(&self, names: &mut ColumnNames) {
        for (column, _) in &self.values {
            names.id(column);
        }
    }

    fn weight(&self) -> usize {
        let findings: usize = self.findings.iter().map(finding_weight).sum();
        let values: usize = self
            .values
            .iter()
            .map(|(c, v)| c.len() + v.len() + 48)
            .sum();
        self.key.len() + findings + values + 64
    }
}

impl SpillRecord for WarningRecord {
    fn encode(&self, out: &mut impl Write, _names: &mut ColumnNames) -> io::Result<()> {
        put_u64(out, self.row)?;
        put_str(out, &self.key)?;
        put_str(out, self.outcome)?;
        put_finding(out, &self.finding)
    }

    fn decode(input: &mut impl Read, _names: &ColumnNames) -> io::Result<Self> {
        let row = get_u64(input)?;
        let key = get_str(input)?;
        let outcome = outcome_name(&get_str(input)?)?;
        let finding = get_finding(input)?;
        Ok(WarningRecord {
            row,
            key,
            outcome,
            finding,
        })
    }

    fn weight(&self) -> usize {
        self.key.len() + finding_weight(&self.finding) + 48
    }
}

/// The `'static` name of a warning's outcome read back from a spill.
fn outcome_name(text: &str) -> io::Result<&'static str> {
    crate::report::Outcome::ALL
        .into_iter()
        .map(|o| o.as_str())
        .find(|name| *name == text)
        .ok_or_else(|| io::Error::other(format!("spill names an unknown outcome {text}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(row: u64, value: &str) -> RejectRecord {
        RejectRecord {
            row,
            key: format!("k{row}"),
            findings: vec![Finding {
                rule: "date".into(),
                column: "BIRTHDATE".into(),
                value: value.into(),
                message: "not a date".into(),
            }],
            values: vec![("name".into(), value.into()), ("born".into(), "x".into())],
        }
    }

    fn sorted_rows(spill: SortedSpill<RejectRecord>) -> Vec<(u64, u64, bool)> {
        let sorted = spill.finish().unwrap();
        sorted
            .collect()
            .unwrap()
            .into_iter()
            .map(|e| (e.record.row, e.seq, e.read))
            .collect()
    }

    #[test]
    fn records_come_back_sorted_by_row_then_seq_then_arrival_across_runs_and_cascades() {
        let dir = tempfile::tempdir().unwrap();
        // A tiny buffer: every few records a run file, and more than MAX_FAN_IN of them.
        let mut spill =
            SortedSpill::<RejectRecord>::new("rejects", dir.path()).with_buffer_bytes(600);
        let mut expected = Vec::new();
        for i in 0..500u64 {
            // Rows arrive out of order (late rejects come at the end of a run).
            let row = (i * 7919) % 251;
            let read = i % 5 == 0;
            spill.push(row, i / 3, i, read, reject(row, "v")).unwrap();
            expected.push((row, i / 3, i, read));
        }
        assert!(spill.runs.len() > 1, "the test must spill");
        assert!(spill.next_run > MAX_FAN_IN, "the test must cascade");
        expected.sort_by_key(|(row, sort_seq, order, _)| (*row, *sort_seq, *order));
        let want: Vec<_> = expected
            .iter()
            .map(|(r, _, s, read)| (*r, *s, *read))
            .collect();
        assert_eq!(sorted_rows(spill), want);
    }

    #[test]
    fn a_reject_comes_back_as_it_went_in_and_the_folder_goes_with_the_result() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill =
            SortedSpill::<RejectRecord>::new("rejects", dir.path()).with_buffer_bytes(1);
        let record = reject(3, "Zoë \u{1F600} \"quoted\"\n");
        spill.push(3, 0, 0, false, record.clone()).unwrap();
        let sorted = spill.finish().unwrap();
        assert_eq!(sorted.column_names(), ["name", "born"]);
        let back = sorted.collect().unwrap();
        assert_eq!(back[0].record, record);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn warnings_round_trip_with_their_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill =
            SortedSpill::<WarningRecord>::new("warnings", dir.path()).with_buffer_bytes(1);
        let warning = WarningRecord {
            row: 9,
            key: String::new(),
            outcome: "truncate",
            finding: reject(9, "v").findings.remove(0),
        };
        spill.push(9, 0, 4, false, warning.clone()).unwrap();
        spill.push(2, 0, 5, false, warning.clone()).unwrap();
        let back = spill.finish().unwrap().collect().unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].seq, 5);
        assert_eq!(back[1].record, warning);
    }
}

#[cfg(all(test, unix))]
mod mode_tests {
    use super::SpillDir;

    #[test]
    fn the_spill_folder_is_its_owners_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let spill = SpillDir::create(dir.path()).unwrap();
        let mode = std::fs::metadata(spill.file(""))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
