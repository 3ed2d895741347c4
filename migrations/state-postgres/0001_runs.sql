-- The runs of migrations: one row per `stx-migrate run`, and the files each wrote.
CREATE TABLE runs (
    run_id           TEXT PRIMARY KEY,
    migration_name   TEXT NOT NULL,
    migration_sha256 TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('in-progress', 'completed', 'failed', 'interrupted')),
    started_at       TEXT NOT NULL,
    ended_at         TEXT,
    host             TEXT NOT NULL,
    pid              BIGINT NOT NULL,
    tool_version     TEXT NOT NULL,
    source           TEXT NOT NULL,
    out_dir          TEXT NOT NULL,
    rows_read        BIGINT,
    rows_written     BIGINT,
    rows_rejected    BIGINT,
    rows_merged      BIGINT,
    gate_ok          BOOLEAN,
    message          TEXT
);

CREATE TABLE run_files (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    path   TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    rows   BIGINT NOT NULL,
    bytes  BIGINT NOT NULL,
    PRIMARY KEY (run_id, path)
);
