//! Arbitrary bytes as a CSV file, read with encoding and delimiter detection, every row.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| stx_migrate_fuzz::harness::csv_source(data));
