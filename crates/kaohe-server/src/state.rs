//! What every handler shares: the store, the configuration, the metrics,
//! the cached table views, and the turns for the expensive work (reading
//! uploads, checking passwords).

use std::sync::Arc;

use kaohe_store::Store;

use crate::config::Config;
use crate::metrics::Metrics;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    /// Serialized table views by revision (see `api::tables::get`).
    pub views: Arc<crate::cache::ViewCache>,
    /// Turns to read an uploaded file (`import_workers`).
    pub readers: Arc<crate::service::readers::Readers>,
    /// Turns to check a password with argon2 (~19 MB each).
    pub password_checks: Arc<tokio::sync::Semaphore>,
}
