//! The connectors this build knows, behind one registry.
//!
//! Adding a connector: its crate (a `SourceFactory` declaring names, extensions and options),
//! and one `register` line below.

use std::path::Path;

use stx_connector_core::{Registry, Source, SourceError, SourceSpec};

/// A registry with every connector compiled into this binary. Where two connectors claim the
/// same option as picking them (none do today), the one registered first wins.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    registry
        .register(Box::new(stx_connector_sqlite::SqliteFactory))
        .register(Box::new(stx_connector_files::CsvFactory))
        .register(Box::new(stx_connector_files::XlsxFactory))
        .register(Box::new(stx_connector_files::FmpXmlFactory))
        .register(Box::new(stx_connector_files::FixedFactory))
        .register(Box::new(stx_connector_files::SecutixFactory))
        .register(Box::new(stx_connector_postgres::PostgresFactory))
        .register(Box::new(stx_connector_mysql::MysqlFactory))
        .register(Box::new(stx_connector_mssql::MssqlFactory))
        .register(Box::new(stx_connector_odbc::OdbcFactory))
        .register(Box::new(stx_connector_access::AccessFactory))
        .register(Box::new(stx_connector_sqldump::SqlDumpFactory));
    registry
}

/// The spec with its connector picked and relative file paths made relative to `base` (the
/// migration's folder; `.` for a source given on the command line).
pub fn resolve(spec: &SourceSpec, base: &Path) -> SourceSpec {
    registry().resolve(spec, base)
}

/// Opens a source from a spec whose paths are already resolved. A glob or a folder
/// (`path = "exports/*.csv"`) is one table over its files, each opened by its connector.
pub async fn open(spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
    let registry = registry();
    // A spec built in code (bench-db) has not been through the registry: identify it, so that
    // a server URL is never taken for a folder.
    let identified;
    let spec = if spec.resolution.is_some() {
        spec
    } else {
        identified = registry.identify(spec);
        &identified
    };
    if stx_connector_files::is_multi_file(spec) {
        let source = stx_connector_files::MultiFileSource::open(spec, &registry).await?;
        return Ok(Box::new(source));
    }
    registry.open(spec).await
}
