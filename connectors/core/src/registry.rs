use async_trait::async_trait;

use crate::{Source, SourceError, SourceSpec};

/// Opens sources of one connector family.
#[async_trait]
pub trait SourceFactory: Send + Sync {
    /// Connector names (URL schemes and `type =` values) this factory answers to.
    fn names(&self) -> &'static [&'static str];

    /// Opens the source; relative paths in `spec` are already resolved.
    async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError>;
}

/// Picks the connector for a [`SourceSpec`] from its `type`, URL scheme or file extension.
#[derive(Default)]
pub struct Registry {
    factories: Vec<Box<dyn SourceFactory>>,
}

impl Registry {
    /// An empty registry; the application registers the connectors it was built with.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Adds a connector family.
    pub fn register(&mut self, factory: Box<dyn SourceFactory>) -> &mut Self {
        self.factories.push(factory);
        self
    }

    /// Every connector name known, for messages and `--help`.
    pub fn names(&self) -> Vec<&'static str> {
        self.factories
            .iter()
            .flat_map(|f| f.names().iter().copied())
            .collect()
    }

    /// Opens the source the spec describes.
    pub async fn open(&self, spec: &SourceSpec) -> Result<Box<dyn Source>, SourceError> {
        let name = spec.connector()?;
        let factory = self
            .factories
            .iter()
            .find(|f| f.names().contains(&name.as_str()))
            .ok_or_else(|| SourceError::Config {
                message: format!("no connector named '{name}' in this build"),
                hint: Some(format!("known connectors: {}", self.names().join(", "))),
            })?;
        factory.open(spec).await
    }
}
