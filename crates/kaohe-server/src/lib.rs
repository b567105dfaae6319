//! `kaohe serve`: the REST API and the web pages over the store.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests call it
//! without a socket; [`serve_on`] serves a bound listener until a shutdown
//! future resolves, finishing the requests in flight. `api/` and `pages/`
//! are thin adapters over the use cases in `service/`.
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
//! - Uploaded files are read only after the permission check, on blocking
//!   threads, a few at a time and within the readers' limits, so hostile
//!   uploads cannot starve other requests (see `docs/security.md`).
//! - Every response carries the security headers of [`security_headers`].

pub mod api;
pub mod auth;
pub mod cache;
pub mod config;
pub mod demo;
pub mod error;
pub mod metrics;
pub mod pages;
pub mod service;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kaohe_store::Store;
use serde_json::json;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use config::Config;
pub use state::AppState;

/// The Content-Security-Policy of every response: the pages load only
/// their own script, styles and images, run no inline script, and may not
/// be framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The longest a request may take, upload included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The whole application.
pub fn app(state: AppState) -> Router {
    let limit = state.config.max_upload_bytes();
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_guarded))
        .nest("/api/v1", api::router())
        .merge(pages::router())
        .fallback(pages::not_found_page)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ));
    security_headers(router, &state)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state)
}

/// The router that serves only `/metrics`, for a separate address
/// (`metrics_addr`) that needs no token.
pub fn metrics_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics_text))
        .with_state(state)
}

/// Serves [`metrics_app`] on its own listener until the process ends.
pub async fn serve_metrics_on(listener: tokio::net::TcpListener, state: AppState) {
    if let Err(e) = axum::serve(listener, metrics_app(state)).await {
        tracing::error!(error = %e, "metrics listener stopped");
    }
}

/// Adds the security headers: the [`CONTENT_SECURITY_POLICY`], no framing,
/// no MIME sniffing, no referrer sent to other sites, and
/// Strict-Transport-Security when the request came over HTTPS.
pub fn security_headers(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    let fixed: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    let router = fixed.into_iter().fold(router, |r, (name, value)| {
        r.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ))
    });
    router.layer(axum::middleware::from_fn_with_state(state.clone(), hsts))
}

/// HSTS only over HTTPS: sent over plain HTTP it would be ignored anyway,
/// and on a test machine it would pin the browser to HTTPS.
async fn hsts(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let https = auth::secure(&state, req.headers());
    let mut res = next.run(req).await;
    if https {
        res.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// A state over a store, with fresh metrics.
pub fn state(store: Arc<dyn Store>, config: Config) -> AppState {
    let import_slots = config.import_slots();
    AppState {
        store,
        config: Arc::new(config),
        metrics: Arc::new(metrics::Metrics::default()),
        views: Arc::new(cache::ViewCache::default()),
        readers: Arc::new(service::readers::Readers::new(import_slots)),
        password_checks: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
        )),
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

/// `/metrics` on the main address: with the configured `metrics_token` as
/// a bearer token, or for a logged-in administrator.
async fn metrics_guarded(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, error::ApiError> {
    let (parts, _) = req.into_parts();
    let token = state.config.metrics_token.trim();
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let allowed = match bearer {
        Some(sent) if !token.is_empty() && auth::same_secret(sent, token) => true,
        _ => auth::identify(&state, &parts)
            .await
            .ok()
            .flatten()
            .is_some_and(|a| a.user.role == kaohe_store::Role::Admin),
    };
    if !allowed {
        return Err(error::ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "查看 /metrics 需要管理员登录，或带上配置的 metrics_token（Authorization: Bearer 令牌）",
        ));
    }
    Ok(metrics_text(State(state)).await.into_response())
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
