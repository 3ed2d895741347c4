//! What CREATE TABLE declares, as the statement parser (`parse`) finds it and the index
//! (`index`) keeps it: a leaf module, so that neither imports the other for it.

/// A column as CREATE TABLE declares it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DeclaredColumn {
    pub name: String,
    /// The type as written (`numeric(12,2)`, `character varying(40)`).
    pub native: String,
}
