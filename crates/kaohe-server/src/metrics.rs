//! Request counts and latencies in the Prometheus text format, and one log
//! line per request.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Latency bucket bounds in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    /// (method, route, status) → latencies.
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
    in_flight: AtomicI64,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut map = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let s = map
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        s.count += 1;
        s.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                s.buckets[i] += 1;
            }
        }
    }

    /// The Prometheus exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP kaohe_http_requests_in_flight Requests being served.\n");
        out.push_str("# TYPE kaohe_http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "kaohe_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out.push_str("# HELP kaohe_http_requests_total Requests served.\n");
        out.push_str("# TYPE kaohe_http_requests_total counter\n");
        let map = self.series.lock().unwrap_or_else(|p| p.into_inner());
        for ((method, route, status), s) in map.iter() {
            let _ = writeln!(
                out,
                "kaohe_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str("# HELP kaohe_http_request_duration_seconds Time to serve a request.\n");
        out.push_str("# TYPE kaohe_http_request_duration_seconds histogram\n");
        for ((method, route, status), s) in map.iter() {
            let labels = format!("method=\"{method}\",route=\"{route}\",status=\"{status}\"");
            for (bound, n) in BUCKETS.iter().zip(s.buckets) {
                let _ = writeln!(
                    out,
                    "kaohe_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "kaohe_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "kaohe_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "kaohe_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        out
    }
}

/// Middleware: counts, times and logs every request.
pub async fn track(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    // The route pattern, not the path, so ids do not explode the series.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let path = req.uri().path().to_string();
    metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let response = next.run(req).await;
    metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    let seconds = start.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    metrics.observe(&method, &route, status, seconds);
    if status >= 500 {
        tracing::warn!(%method, %path, status, ms = seconds * 1000.0, "request failed");
    } else {
        tracing::debug!(%method, %path, status, ms = seconds * 1000.0, "request");
    }
    response
}
