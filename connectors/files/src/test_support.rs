//! Helpers shared by the tests of the fixed-width, SecuTix and multi-file sources.

use std::path::{Path, PathBuf};

use futures::StreamExt;
use polars::prelude::{AnyValue, DataFrame};
use stx_connector_core::{
    ReadOptions, ReadReject, ReadRequest, ReadWarning, Source, SourceError, SOURCE_ROW_COLUMN,
};

/// A file under `tests/fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(path)
}

/// Everything one read delivered.
pub struct Read {
    pub all: DataFrame,
    pub batches: usize,
    pub rejects: Vec<ReadReject>,
    #[allow(dead_code)]
    pub warnings: Vec<ReadWarning>,
    pub error: Option<SourceError>,
}

/// Reads `table` in batches of `batch` rows and stacks the frames.
pub async fn read_all(source: &mut dyn Source, table: &str, batch: usize) -> Read {
    let mut stream = source
        .read(
            &ReadRequest::Table(table.into()),
            &ReadOptions::batch(batch),
        )
        .await
        .unwrap();
    let mut frames: Vec<DataFrame> = Vec::new();
    let mut out = Read {
        all: DataFrame::empty(),
        batches: 0,
        rejects: Vec::new(),
        warnings: Vec::new(),
        error: None,
    };
    while let Some(b) = stream.next().await {
        match b {
            Ok(b) => {
                out.batches += 1;
                frames.push(b.data);
                out.rejects.extend(b.rejects);
                out.warnings.extend(b.warnings);
            }
            Err(e) => {
                out.error = Some(e);
                assert!(
                    stream.next().await.is_none(),
                    "the stream ends after an error"
                );
                break;
            }
        }
    }
    if let Some(first) = frames.first() {
        let mut all = first.clone();
        for f in &frames[1..] {
            all.vstack_mut(f).unwrap();
        }
        out.all = all;
    }
    out
}

/// Column `name` as optional strings.
pub fn texts(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap()
        .as_materialized_series()
        .iter()
        .map(|v| match v {
            AnyValue::Null => None,
            AnyValue::String(s) => Some(s.to_string()),
            AnyValue::StringOwned(s) => Some(s.to_string()),
            other => panic!("not text: {other:?}"),
        })
        .collect()
}

/// The `_src_row` column.
pub fn src_rows(df: &DataFrame) -> Vec<u64> {
    df.column(SOURCE_ROW_COLUMN)
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

/// `Some(v.to_string())`.
pub fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// The column names of a frame.
pub fn names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}
