//! File sources for stx-migrate. For now: CSV (and TSV, semicolon, pipe) in any encoding.
#![deny(missing_docs)]

mod csv_source;
mod encoding;

pub use csv_source::{CsvFactory, CsvOptions, CsvSource};
pub use encoding::{detect_encoding, EncodingChoice};
