//! The connector's name and the hints that both the COPY reader (`source`) and the INSERT
//! reader (`insert`) give: a leaf module, so that neither imports the other for them.

use stx_connector_core::MAX_VALUE_BYTES;

/// The connector's name in messages.
pub(crate) const CONNECTOR: &str = "sqldump";

/// What to do about a dump that ends inside a statement or a COPY block.
pub(crate) const CUT_HINT: &str =
    "the dump is incomplete (cut off while copying or while pg_dump ran?): \
     dump again; the rows before this point were read";

/// Characters of an over-long value a reject keeps.
const SHOWN_CHARS: usize = 200;

/// Why a value above [`MAX_VALUE_BYTES`] rejects its row, and what to do about it.
pub(crate) fn too_long_message(column: &str, bytes: u64) -> String {
    format!(
        "column '{column}' holds a value of {bytes} bytes, more than the {} MiB a value may \
         hold (only its start is kept here); usually a document or file stored in a text \
         column, or a quote closed much later than meant: leave the column out of the dump \
         or shorten the value at the source",
        MAX_VALUE_BYTES >> 20
    )
}

/// An over-long value as a reject shows it: its first characters and its length.
pub(crate) fn too_long_shown(head: &str, bytes: u64) -> String {
    let start: String = head.chars().take(SHOWN_CHARS).collect();
    format!("{start}… ({bytes} bytes)")
}
