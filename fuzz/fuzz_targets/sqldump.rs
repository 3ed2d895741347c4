//! Arbitrary bytes as a SQL dump: indexed, then every table read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| stx_migrate_fuzz::harness::sqldump(data));
