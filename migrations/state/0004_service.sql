-- Service operations (`stx-migrate service`, `bulk apply`) are runs too: `operation` names what
-- the run's file asks SecuTix to do (UPDATE, INVALIDATE, DELETE, ANONYMIZE, DROP ...; NULL for a
-- migration run), and `service_contacts` lists the contact numbers its file touched, so that a
-- later DROP knows which contacts were changed after the import it undoes.
ALTER TABLE runs ADD COLUMN operation TEXT;
CREATE TABLE service_contacts (
    run_id         TEXT NOT NULL REFERENCES runs (run_id),
    migration_name TEXT NOT NULL,
    contact_nr     TEXT NOT NULL,
    PRIMARY KEY (run_id, contact_nr)
);
CREATE INDEX service_contacts_nr ON service_contacts (migration_name, contact_nr);
