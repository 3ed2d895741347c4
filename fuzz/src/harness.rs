//! What the fuzz targets run on one input, shared with the root test `tests/fuzz_corpus.rs`
//! (which includes this file by path), so that every corpus file is replayed through exactly
//! the code the fuzzer ran. Only the connectors' public API; any error is a fine outcome, a
//! panic (or a hang) is the bug.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::StreamExt;
use stx_connector_core::{ReadOptions, ReadRequest, Source};
use stx_connector_files::{csv_head, CsvOptions, CsvSource, EncodingChoice};

/// Small batches, so that batch boundaries fall inside the short fuzz inputs too.
const BATCH_ROWS: usize = 3;

/// A scratch file holding `data`, removed when dropped. The sources read files, so each input
/// goes through one (unique per process and call: `cargo test` replays on several threads).
struct Scratch(PathBuf);

impl Scratch {
    fn new(data: &[u8], extension: &str) -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("stx-fuzz-{}-{n}.{extension}", std::process::id()));
        // The harness cannot go on without its file: this is the environment, not the input.
        std::fs::write(&path, data).expect("writing the fuzz scratch file");
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Lists, describes and reads every table of `source` to its end, ignoring errors.
async fn read_everything(source: &mut dyn Source) {
    let _ = source.list_tables().await;
    let Ok(tables) = source.table_names().await else {
        return;
    };
    let options = ReadOptions::batch(BATCH_ROWS);
    for table in tables {
        let request = ReadRequest::Table(table);
        let _ = source.describe(&request).await;
        let Ok(mut stream) = source.read(&request, &options).await else {
            continue;
        };
        while let Some(batch) = stream.next().await {
            match batch {
                Ok(batch) => {
                    // Every row is accounted for: kept in the frame or rejected.
                    let _ = batch.rows_read();
                }
                Err(_) => break,
            }
        }
    }
}

/// CSV source on `data` as a file, with detection of encoding and delimiter. The input's
/// length picks one of four option sets, so that the corpus keeps its bytes as they are
/// (no option byte in front) and still covers headerless files and skipped title rows.
pub fn csv_source(data: &[u8]) {
    let scratch = Scratch::new(data, "csv");
    let options = match data.len() % 4 {
        0 => CsvOptions {
            encoding: EncodingChoice::Auto,
            ..CsvOptions::default()
        },
        1 => CsvOptions {
            encoding: EncodingChoice::Auto,
            header: false,
            ..CsvOptions::default()
        },
        2 => CsvOptions {
            encoding: EncodingChoice::Auto,
            skip_rows: 2,
            ..CsvOptions::default()
        },
        _ => CsvOptions::default(),
    };
    let _ = csv_head(&scratch.0, &options, 3);
    let tables = BTreeMap::from([("t".to_string(), scratch.0.clone())]);
    let Ok(mut source) = CsvSource::new(tables, options) else {
        return;
    };
    futures::executor::block_on(read_everything(&mut source));
}

/// SQL dump source on `data`, through the sqldump crate's fuzzing entry point: opened (the
/// indexing pass, dialect detected), then every table listed, described and read to its end.
/// Inputs of odd length are also opened in every dialect, whatever detection says.
pub fn sqldump(data: &[u8]) {
    let _ = stx_connector_sqldump::fuzzing::read_dump_bytes(data, data.len() % 2 == 1);
}
