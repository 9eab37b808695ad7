//! The operator's HTTP endpoint: `/metrics` (Prometheus text exposition), `/healthz` (the
//! process serves) and `/readyz` (at least one M3UA association is ASP-ACTIVE and the store is
//! open: the switch can be sent here).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::metrics::Metrics;

/// What `/readyz` looks at.
#[derive(Debug, Default)]
pub struct Readiness {
    /// Associations in ASP-ACTIVE.
    pub active_associations: AtomicUsize,
    /// The store is open and the service takes calls.
    pub serving: AtomicBool,
}

impl Readiness {
    /// Ready for traffic.
    pub fn ready(&self) -> bool {
        self.serving.load(Ordering::Relaxed) && self.active_associations.load(Ordering::Relaxed) > 0
    }
}

#[derive(Clone)]
struct AppState {
    metrics: Metrics,
    readiness: Arc<Readiness>,
}

/// The routes.
pub fn router(metrics: Metrics, readiness: Arc<Readiness>) -> Router {
    Router::new()
        .route("/metrics", get(metrics_handler))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready_handler))
        .with_state(AppState { metrics, readiness })
}

async fn metrics_handler(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        s.metrics.encode(),
    )
}

async fn ready_handler(State(s): State<AppState>) -> impl IntoResponse {
    if s.readiness.ready() {
        (StatusCode::OK, "ready\n")
    } else if !s.readiness.serving.load(Ordering::Relaxed) {
        (StatusCode::SERVICE_UNAVAILABLE, "not serving\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "no active association\n")
    }
}

/// Binds `addr` and serves until `shutdown` resolves; returns the bound address at once.
pub async fn serve(
    addr: SocketAddr,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, "HTTP server failed");
        }
    });
    Ok(local)
}
