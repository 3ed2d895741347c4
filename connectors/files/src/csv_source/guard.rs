//! A pass over the (decoded) bytes on their way to the `csv` parser that follows its quoting
//! rules to learn what the parser cannot tell: where a quote that is never closed opened, and
//! which field is larger than any value a migration could use. Bytes of such a field beyond
//! [`MAX_FIELD_BYTES`] are not passed on, so one broken quote at the top of a 5 GB file, or a
//! 200 MB value, costs 16 MiB of memory rather than the whole file.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// The largest field kept whole; a row with a larger one is rejected (the same cap as the
/// other file readers').
pub(crate) const MAX_FIELD_BYTES: u64 = stx_connector_core::MAX_VALUE_BYTES as u64;

/// A field cut at [`MAX_FIELD_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cut {
    /// Offset, in the bytes passed on, of the first byte left out.
    pub at: u64,
    /// 0-based index of the field in its record.
    pub field: usize,
    /// The field's whole length in bytes (while it is still being read: so far).
    pub bytes: u64,
    /// Line (1-based) where the field starts.
    pub line: u64,
}

/// What the guard learnt, shared with the reader of the records.
#[derive(Debug, Default)]
pub(crate) struct GuardLog {
    /// Fields cut, in file order.
    pub cuts: Vec<Cut>,
    /// The input ended inside a quoted field: the line where its quote opened and the offset
    /// (in the bytes passed on) of that quote.
    pub open_quote_at_eof: Option<(u64, u64)>,
    /// Offset (in the bytes passed on) and line of each record start the parser has not
    /// taken yet: the parser's own line numbers are one short after a CRLF and miss the lines
    /// left out.
    pub record_starts: VecDeque<(u64, u64)>,
}

impl GuardLog {
    /// The line of the record the parser read from offset `at` (its start may be the LF of
    /// the previous CRLF, or blank lines before it); the starts before it are forgotten.
    pub fn take_record_line(&mut self, at: u64) -> Option<u64> {
        while let Some((offset, line)) = self.record_starts.pop_front() {
            if offset >= at {
                return Some(line);
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    Quoted,
    /// A quote inside a quoted field: the closing one, or the first of a doubled pair.
    QuoteInQuoted,
}

/// Wraps the byte stream the `csv` parser reads (default dialect: doubled quotes, no escape
/// character, CR, LF or CRLF ends a record).
pub(crate) struct FieldGuard<R> {
    inner: R,
    delimiter: u8,
    quote: u8,
    state: State,
    /// Line of the next byte.
    line: u64,
    field: usize,
    field_len: u64,
    field_line: u64,
    quote_open: (u64, u64),
    /// Bytes passed on so far.
    passed: u64,
    /// Index in `log.cuts` of the field being cut.
    cutting: Option<usize>,
    log: Arc<Mutex<GuardLog>>,
}

impl<R: Read> FieldGuard<R> {
    pub fn new(inner: R, delimiter: u8, quote: u8, log: Arc<Mutex<GuardLog>>) -> Self {
        FieldGuard {
            inner,
            delimiter,
            quote,
            state: State::StartField,
            line: 1,
            field: 0,
            field_len: 0,
            field_line: 1,
            quote_open: (1, 0),
            passed: 0,
            cutting: None,
            log,
        }
    }

    fn end_field(&mut self, log: &mut GuardLog) {
        if let Some(i) = self.cutting.take() {
            if let Some(cut) = log.cuts.get_mut(i) {
                cut.bytes = self.field_len;
            }
        }
        self.field += 1;
        self.field_len = 0;
        self.state = State::StartField;
    }

    /// Follows one byte; `false` when it is left out.
    fn step(&mut self, b: u8, log: &mut GuardLog) -> bool {
        let newline = b == b'\n' || b == b'\r';
        // Whether the byte is content that stays in its state (the only kind ever left out:
        // quotes, delimiters and line breaks must reach the parser so it parses the same).
        let mut content = false;
        if self.state == State::StartField && self.field == 0 && !newline {
            log.record_starts.push_back((self.passed, self.line));
        }
        match self.state {
            State::StartField | State::InField if b == self.delimiter => self.end_field(log),
            State::StartField | State::InField if newline => {
                self.end_field(log);
                self.field = 0;
            }
            State::StartField => {
                self.field_line = self.line;
                self.field_len = 1;
                if b == self.quote {
                    self.quote_open = (self.line, self.passed);
                    self.state = State::Quoted;
                } else {
                    self.state = State::InField;
                }
            }
            State::InField => {
                self.field_len += 1;
                content = b != self.quote;
            }
            State::Quoted => {
                self.field_len += 1;
                if b == self.quote {
                    self.state = State::QuoteInQuoted;
                } else {
                    content = true;
                }
            }
            State::QuoteInQuoted => {
                if b == self.quote {
                    self.field_len += 1;
                    self.state = State::Quoted;
                } else if b == self.delimiter {
                    self.end_field(log);
                } else if newline {
                    self.end_field(log);
                    self.field = 0;
                } else {
                    self.field_len += 1;
                    self.state = State::InField;
                }
            }
        }
        if !content || self.field_len <= MAX_FIELD_BYTES {
            return true;
        }
        let i = match self.cutting {
            Some(i) => i,
            None => {
                log.cuts.push(Cut {
                    at: self.passed,
                    field: self.field,
                    bytes: self.field_len,
                    line: self.field_line,
                });
                let i = log.cuts.len() - 1;
                self.cutting = Some(i);
                i
            }
        };
        if let Some(cut) = log.cuts.get_mut(i) {
            cut.bytes = self.field_len;
        }
        false
    }
}

impl<R: Read> Read for FieldGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let log = Arc::clone(&self.log);
        loop {
            let n = self.inner.read(buf)?;
            // A poisoned lock only means another thread panicked; the log itself is intact.
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            if n == 0 {
                if self.state == State::Quoted {
                    log.open_quote_at_eof = Some(self.quote_open);
                }
                return Ok(0);
            }
            let mut kept = 0;
            for i in 0..n {
                let b = buf[i];
                let pass = self.step(b, &mut log);
                if b == b'\n' {
                    self.line += 1;
                }
                if pass {
                    buf[kept] = b;
                    kept += 1;
                    self.passed += 1;
                }
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> (Vec<u8>, GuardLog) {
        let log = Arc::new(Mutex::new(GuardLog::default()));
        let mut out = Vec::new();
        FieldGuard::new(input, b',', b'"', Arc::clone(&log))
            .read_to_end(&mut out)
            .unwrap();
        let log = std::mem::take(&mut *log.lock().unwrap());
        (out, log)
    }

    #[test]
    fn passes_everything_and_finds_the_open_quote() {
        let input = b"a,b\n1,\"x\"\"y\"\n2,\"never\nclosed\n";
        let (out, log) = run(input);
        assert_eq!(out, input);
        assert!(log.cuts.is_empty());
        // The quote opens on line 3, at byte 15.
        assert_eq!(log.open_quote_at_eof, Some((3, 15)));
        let (_, log) = run(b"a,b\n1,\"closed\"\n");
        assert_eq!(log.open_quote_at_eof, None);
    }

    #[test]
    fn cuts_a_huge_field_but_keeps_the_quotes() {
        let mut input = b"a,b\n1,\"".to_vec();
        let big = MAX_FIELD_BYTES as usize + 100;
        input.extend(std::iter::repeat_n(b'x', big - 10));
        input.extend(b"\n\"\"zz\n\"\n2,ok\n");
        let (out, log) = run(&input);
        assert_eq!(log.cuts.len(), 1);
        let cut = log.cuts[0];
        assert_eq!(cut.field, 1);
        assert_eq!(cut.line, 2);
        assert_eq!(cut.at, 6 + MAX_FIELD_BYTES);
        // The opening quote, the x's, the newlines, "" and zz, and the closing quote.
        assert_eq!(cut.bytes, 1 + (big as u64 - 10) + 1 + 2 + 2 + 1 + 1);
        assert!(
            out.ends_with(b"\"\"\"\n2,ok\n"),
            "{:?}",
            &out[out.len() - 12..]
        );
        assert_eq!(out.len() as u64, 6 + MAX_FIELD_BYTES + 3 + 6);
    }
}
