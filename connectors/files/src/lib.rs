//! File sources for stx-migrate: CSV (and TSV, semicolon, pipe) in any encoding, spreadsheets,
//! FileMaker XML exports (FMPXMLRESULT), fixed-width text, SecuTix contact files, and globs or
//! folders of files of one shape read as one table.
#![deny(missing_docs)]

mod csv_source;
mod encoding;
mod fixed_source;
mod fmpxml_source;
mod multi_source;
mod secutix_source;
#[cfg(test)]
mod test_support;
mod xlsx_guard;
mod xlsx_source;

pub use csv_source::{
    csv_head, csv_table_head, mapping_name, CsvConfig, CsvFactory, CsvHead, CsvLayout, CsvOptions,
    CsvSource,
};
pub use encoding::{
    detect_encoding, looks_like_mojibake, repair_mojibake, utf16_from_nuls, EncodingChoice,
};
pub use fixed_source::{
    FixedColumn, FixedConfig, FixedFactory, FixedField, FixedKind, FixedOptions, FixedSource,
};
pub use fmpxml_source::{FmpXmlFactory, FmpXmlSource};
pub use multi_source::{
    expand_files, is_multi_file, multi_file_table_name, MultiFileSource, SOURCE_FILE_COLUMN,
};
pub use secutix_source::{
    secutix_codes, SecutixConfig, SecutixFactory, SecutixSource, SECUTIX_HEADER_ROWS,
};
pub use xlsx_source::{XlsxConfig, XlsxFactory, XlsxOptions, XlsxSource};
