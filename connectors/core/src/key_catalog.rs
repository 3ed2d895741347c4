//! What a server's catalog says about a `[read] key` column, asked before a keyed read. A
//! resumed read continues `WHERE key > last`, which loses or repeats rows unless the key is
//! unique and never NULL. The streaming check of [`crate::resume::BatchSink`] stops such a read
//! when it meets the problem; the catalog says before the read whether it can meet one.

/// What the catalog declares about the key column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyDeclared {
    /// The column alone is the table's primary key.
    PrimaryKey {
        /// The table, as messages name it.
        table: String,
    },
    /// A unique index on the column alone, and the column is NOT NULL.
    UniqueNotNull {
        /// The table, as messages name it.
        table: String,
        /// The index.
        index: String,
    },
    /// Neither: no such index, or a unique index on a column that allows NULL.
    Undeclared {
        /// The table (or "the query's result"), as messages name it.
        table: String,
    },
    /// The catalog could not tell: its query failed, or the key is computed by a query.
    Unknown,
}

/// Logs what a keyed read relies on: a debug note when the catalog guarantees a unique key
/// without NULLs, a warning on stderr when it does not, nothing when it cannot tell (the
/// streaming check covers every case). `through_query`: the read is a query (or a view), so
/// a join may repeat even a primary key; the streaming check still catches that.
pub fn report_key(declared: &KeyDeclared, key: &str, through_query: bool) {
    let caveat = if through_query {
        "; the query could still repeat it (a join), which the streaming check catches"
    } else {
        ""
    };
    match declared {
        KeyDeclared::PrimaryKey { table } => {
            tracing::debug!("[read] key {key} is the primary key of {table}{caveat}");
        }
        KeyDeclared::UniqueNotNull { table, index } => {
            tracing::debug!(
                "[read] key {key} is unique and NOT NULL in {table} (index {index}){caveat}"
            );
        }
        KeyDeclared::Undeclared { table } => tracing::warn!("{}", undeclared_warning(key, table)),
        KeyDeclared::Unknown => {}
    }
}

/// The warning for a key the catalog does not declare unique and NOT NULL.
pub fn undeclared_warning(key: &str, table: &str) -> String {
    format!(
        "[read] key {key}: {table} declares no primary key or unique NOT NULL index on {key} \
         alone, so the key is checked only while streaming (a NULL or repeated key stops the \
         read part-way, exit 3); declare as key the table's primary key or a unique NOT NULL \
         column"
    )
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing::Level;

    use super::*;

    /// A log writer into a shared buffer.
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What `report` logs at `level` and above.
    fn logged(level: Level, report: impl FnOnce()) -> String {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&buffer);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(level)
            .with_ansi(false)
            .with_writer(move || Buffer(Arc::clone(&shared)))
            .finish();
        tracing::subscriber::with_default(subscriber, report);
        let text = buffer.lock().unwrap().clone();
        String::from_utf8(text).unwrap()
    }

    #[test]
    fn an_undeclared_key_warns_a_declared_one_is_a_debug_note() {
        let table = || "crm.customer".to_string();
        let undeclared = KeyDeclared::Undeclared { table: table() };
        let warning = logged(Level::WARN, || report_key(&undeclared, "cust_id", false));
        assert!(warning.contains("WARN"), "{warning}");
        assert!(warning.contains(&undeclared_warning("cust_id", "crm.customer")));
        let primary = KeyDeclared::PrimaryKey { table: table() };
        assert_eq!(
            logged(Level::WARN, || report_key(&primary, "id", false)),
            ""
        );
        let note = logged(Level::DEBUG, || report_key(&primary, "id", true));
        assert!(note.contains("DEBUG") && note.contains("primary key of crm.customer"));
        assert!(note.contains("streaming check"), "{note}");
        let unique = KeyDeclared::UniqueNotNull {
            table: table(),
            index: "customer_no_key".into(),
        };
        let note = logged(Level::DEBUG, || report_key(&unique, "no", false));
        assert!(note.contains("customer_no_key") && !note.contains("WARN"));
        let unknown = logged(Level::TRACE, || {
            report_key(&KeyDeclared::Unknown, "id", false)
        });
        assert_eq!(unknown, "");
    }
}
