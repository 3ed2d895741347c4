-- A tag names one run of a migration (`stx-migrate run --tag j-7`): the later run with the same
-- tag takes it over.
ALTER TABLE runs ADD COLUMN tag TEXT;
CREATE UNIQUE INDEX runs_tag ON runs (migration_name, tag) WHERE tag IS NOT NULL;
