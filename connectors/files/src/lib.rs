//! File sources for stx-migrate. For now: CSV (and TSV, semicolon, pipe) in any encoding.
#![deny(missing_docs)]

mod csv_source;
mod encoding;
mod xlsx_source;

pub use csv_source::{
    csv_head, csv_table_head, CsvFactory, CsvHead, CsvLayout, CsvOptions, CsvSource,
};
pub use encoding::{detect_encoding, EncodingChoice};
pub use xlsx_source::{XlsxFactory, XlsxOptions, XlsxSource};
