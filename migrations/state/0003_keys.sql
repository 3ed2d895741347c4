-- What each run changed per source key (`[read] key`), so that the next run can be a delta
-- (`run --since`), keep contact numbers stable, and tell what changed between two runs. A run
-- writes a row only for a key whose state changed (new, other values, other number, gone,
-- back): a key as the run before left it has no row.
--   op          INSERT, UPDATE, SAME (back in the extraction, unchanged: nothing emitted), GONE (listed in gone.csv),
--               INVALIDATE (an INVALIDATE row written)
--   contact_nr  the contact number the key has in SecuTix (given, kept or allocated)
--   hashes      4 bytes per column of `runs.columns` (xxh3 of the value, low half, big-endian);
--               NULL when equal to the key's previous row
--   changes     for UPDATE: the changed columns with masked new values (`diff`'s samples)
--   not_imported `reconcile` found the row missing in SecuTix: the next delta sends it again
CREATE TABLE key_history (
    run_id         TEXT NOT NULL REFERENCES runs (run_id),
    migration_name TEXT NOT NULL,
    key            TEXT NOT NULL,
    op             TEXT NOT NULL,
    contact_nr     TEXT,
    hashes         BLOB,
    changes        TEXT,
    not_imported   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (run_id, key)
);
CREATE INDEX key_history_key ON key_history (migration_name, key);

-- The order of the runs of a migration (run ids sort by time, but `--out` names them freely),
-- the columns their hashes cover (tab-separated), and the run a delta was taken against.
ALTER TABLE runs ADD COLUMN run_order BIGINT;
ALTER TABLE runs ADD COLUMN columns TEXT;
ALTER TABLE runs ADD COLUMN since_run TEXT;
