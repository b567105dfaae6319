//! `kaohe serve`: the REST API (and, later, the pages) over the store.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests call it
//! without a socket; [`serve`] binds, logs and shuts down gracefully.
//!
//! **Invariants**
//! - Every route that touches a table goes through [`auth::check_table`];
//!   every admin route through [`auth::require_admin`].
//! - A cookie-authenticated request that changes state carries the session's
//!   CSRF token; token-authenticated requests do not need one.
//! - Errors reach the client as `{"error": {"code", "message"}}` in Chinese;
//!   internal errors are logged and replaced by a generic message.
//! - Nothing lives only in this process: sessions, throttling and files are
//!   in the store, so several servers can share one PostgreSQL.

pub mod api;
pub mod auth;
pub mod cache;
pub mod config;
pub mod demo;
pub mod error;
pub mod metrics;
pub mod pages;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use kaohe_store::Store;
use serde_json::json;

pub use auth::AppState;
pub use config::Config;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let limit = state.config.max_upload_bytes();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .nest("/api/v1", api::router())
        .merge(pages::router())
        .fallback(pages::not_found_page)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// A state over a store, with fresh metrics.
pub fn state(store: Arc<dyn Store>, config: Config) -> AppState {
    AppState {
        store,
        config: Arc::new(config),
        metrics: Arc::new(metrics::Metrics::default()),
        views: Arc::new(cache::ViewCache::default()),
    }
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (
            axum::http::StatusCode::OK,
            Json(
                json!({"status": "ok", "database": format!("{:?}", state.store.backend()).to_lowercase()}),
            ),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "message": "数据库无法访问"})),
            )
        }
    }
}

async fn metrics_text(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}

/// Sets up logging as configured (once per process).
pub fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KAOHE_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!(
            "kaohe={0},kaohe_server={0},kaohe_store={0},warn",
            config.log_level
        ))
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = if config.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Resolves when the process is asked to stop (SIGTERM or Ctrl-C).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Serves on an already-bound listener until `shutdown` resolves; requests
/// in flight are finished first.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
