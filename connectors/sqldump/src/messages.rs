//! The connector's name and the hints that both the COPY reader (`source`) and the INSERT
//! reader (`insert`) give: a leaf module, so that neither imports the other for them.

/// The connector's name in messages.
pub(crate) const CONNECTOR: &str = "sqldump";

/// What to do about a dump that ends inside a statement or a COPY block.
pub(crate) const CUT_HINT: &str =
    "the dump is incomplete (cut off while copying or while pg_dump ran?): \
     dump again; the rows before this point were read";
