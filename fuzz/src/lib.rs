//! Fuzz targets of stx-migrate: see `fuzz_targets/` and README ("Fuzzing").

pub mod harness;
