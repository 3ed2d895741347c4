//! File sources for stx-migrate: CSV (and TSV, semicolon, pipe) in any encoding, spreadsheets,
//! and FileMaker XML exports (FMPXMLRESULT).
#![deny(missing_docs)]

mod csv_source;
mod encoding;
mod fmpxml_source;
mod xlsx_source;

pub use csv_source::{
    csv_head, csv_table_head, CsvFactory, CsvHead, CsvLayout, CsvOptions, CsvSource,
};
pub use encoding::{detect_encoding, EncodingChoice};
pub use fmpxml_source::{FmpXmlFactory, FmpXmlSource};
pub use xlsx_source::{XlsxFactory, XlsxOptions, XlsxSource};
