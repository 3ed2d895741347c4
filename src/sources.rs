//! The connectors this build knows, behind one registry.

use stx_connector_core::{Registry, Source, SourceError, SourceSpec};

/// A registry with every connector compiled into this binary.
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

/// Opens a source from a spec whose paths are already resolved. A glob or a folder
/// (`path = "exports/*.csv"`) is one table over its files, each opened by its connector.
pub async fn open(spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
    let registry = registry();
    if stx_connector_files::is_multi_file(spec) {
        let source = stx_connector_files::MultiFileSource::open(spec, &registry).await?;
        return Ok(Box::new(source));
    }
    registry.open(spec).await
}
