//! The demo migration (`examples/demo/`), embedded so `stx-migrate demo` works anywhere.
//!
//! The files stay under the repository's `examples/`, where a reader looks for an example
//! migration; they belong to this crate because they read the tables the generator writes.

use std::path::Path;

/// Files of the demo migration: path relative to the demo folder, content.
pub const DEMO_FILES: &[(&str, &str)] = &[
    (
        "migration.toml",
        include_str!("../../../examples/demo/migration.toml"),
    ),
    (
        "lookups/titles.csv",
        include_str!("../../../examples/demo/lookups/titles.csv"),
    ),
    (
        "lookups/languages.csv",
        include_str!("../../../examples/demo/lookups/languages.csv"),
    ),
];

/// Writes the demo migration files into `dir` (overwriting them).
pub fn write_demo_files(dir: &Path) -> std::io::Result<()> {
    for (name, content) in DEMO_FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, content)?;
    }
    Ok(())
}

/// Files of the duplicates demo migration (`examples/duplicates/`), path relative to the demo
/// folder, content.
pub const DUPLICATES_FILES: &[(&str, &str)] = &[(
    "migration.toml",
    include_str!("../../../examples/duplicates/migration.toml"),
)];

/// Writes the duplicates demo migration into `dir` (overwriting it).
pub fn write_duplicates_files(dir: &Path) -> std::io::Result<()> {
    for (name, content) in DUPLICATES_FILES {
        std::fs::write(dir.join(name), content)?;
    }
    Ok(())
}
