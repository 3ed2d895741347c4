use std::fmt;

/// Everything that can go wrong while opening or reading a source.
///
/// Every variant names the connector and where the problem is, and carries a hint that tells
/// the user what to do next.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The source file or database does not exist or cannot be opened.
    #[error("{connector} source {location}: cannot open: {message}{}", Hint(hint))]
    Open {
        /// Connector family (`sqlite`, `csv`, ...).
        connector: &'static str,
        /// File path or URL without secrets.
        location: String,
        /// What the driver said.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// The migration file's `[source]` section or a source URL is not usable.
    #[error("source configuration: {message}{}", Hint(hint))]
    Config {
        /// What is wrong.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// A `[source]` option the connector does not have, or whose value has the wrong type.
    #[error(
        "source configuration: [source] {}{problem} ({}){}",
        Key(key),
        AcceptedOptions { connector, accepted },
        Hint(hint)
    )]
    BadOption {
        /// The connector the spec picked (`csv`, `sqlite` ...), or [`ANY_CONNECTOR`] when none
        /// is known yet and `accepted` lists every connector's options.
        connector: &'static str,
        /// The offending top-level key of `[source]`, when one can be named.
        key: Option<String>,
        /// What is wrong with it (`no such option`, or the type error).
        problem: String,
        /// Every option the connector accepts, for the message.
        accepted: Vec<&'static str>,
        /// What to do about it.
        hint: Option<String>,
    },
    /// A table named in the migration or on the command line does not exist.
    #[error("{connector} source {location}: no table named '{table}' (tables: {available})")]
    UnknownTable {
        /// Connector family.
        connector: &'static str,
        /// File path or URL without secrets.
        location: String,
        /// The table asked for.
        table: String,
        /// The tables that exist, comma-separated.
        available: String,
    },
    /// The source rejected a query (syntax error, unknown column ...).
    #[error("{connector} source {location}: query failed: {message}{}", Hint(hint))]
    Query {
        /// Connector family.
        connector: &'static str,
        /// File path or URL without secrets.
        location: String,
        /// What the engine said.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// Reading failed in a way that stops the whole read (I/O error, lost connection).
    #[error(
        "{connector} source {location}: read failed{}: {message}{}",
        AtRow(row),
        Hint(hint)
    )]
    Read {
        /// Connector family.
        connector: &'static str,
        /// File path or table, without secrets.
        location: String,
        /// Source row where it happened, when known.
        row: Option<u64>,
        /// What happened.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
}

struct Hint<'a>(&'a Option<String>);

impl fmt::Display for Hint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(hint) => write!(f, ". Hint: {hint}"),
            None => Ok(()),
        }
    }
}

struct Key<'a>(&'a Option<String>);

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(key) => write!(f, "{key}: "),
            None => Ok(()),
        }
    }
}

/// The `connector` of a [`SourceError::BadOption`] when no connector is picked yet.
pub const ANY_CONNECTOR: &str = "any";

/// "options of the csv connector: tables, delimiter, …" (or "none"), for option errors.
pub struct AcceptedOptions<'a> {
    /// The connector, or [`ANY_CONNECTOR`].
    pub connector: &'a str,
    /// Its options.
    pub accepted: &'a [&'static str],
}

impl fmt::Display for AcceptedOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.connector {
            ANY_CONNECTOR => f.write_str("options of all connectors: ")?,
            name => write!(f, "options of the {name} connector: ")?,
        }
        if self.accepted.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&self.accepted.join(", "))
        }
    }
}

struct AtRow<'a>(&'a Option<u64>);

impl fmt::Display for AtRow<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(row) => write!(f, " at row {row}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_location_row_and_hint() {
        let err = SourceError::Read {
            connector: "csv",
            location: "people.csv".into(),
            row: Some(12),
            message: "unexpected end of file".into(),
            hint: Some("check the file is complete".into()),
        };
        assert_eq!(
            err.to_string(),
            "csv source people.csv: read failed at row 12: unexpected end of file. Hint: check the file is complete"
        );
        let err = SourceError::Config {
            message: "no url".into(),
            hint: None,
        };
        assert_eq!(err.to_string(), "source configuration: no url");
    }
}
