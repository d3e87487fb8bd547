//! Prometheus metrics: requests by route pattern and status, latency, catalog edition.

use actix_web::{get, web, HttpResponse};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

use super::state::AppState;

/// The service's metrics, one registry per process (no global state, so tests stay isolated).
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

impl Metrics {
    /// Metric names and labels are constants, so building them cannot fail at run time; the
    /// tests build them too.
    #[allow(clippy::expect_used)]
    pub fn new(edition: &str, hash: &str) -> Metrics {
        Metrics::build(edition, hash).expect("metric definitions are valid")
    }

    fn build(edition: &str, hash: &str) -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "hojokin_http_requests_total",
                "HTTP requests by route pattern, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "hojokin_http_request_duration_seconds",
                "HTTP request latency by route pattern",
            )
            .buckets(vec![
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
            ]),
            &["route"],
        )?;
        let catalog = IntGaugeVec::new(
            Opts::new("hojokin_catalog_info", "The catalog being served (value 1)"),
            &["edition", "hash"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(catalog.clone()))?;
        catalog.with_label_values(&[edition, hash]).set(1);
        Ok(Metrics {
            registry,
            requests,
            latency,
        })
    }

    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    pub fn render(&self) -> String {
        let mut out = Vec::new();
        let encoder = TextEncoder::new();
        if encoder.encode(&self.registry.gather(), &mut out).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Prometheus text exposition (not part of the JSON contract).
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("content-type", "text/plain; version=0.0.4; charset=utf-8"))
        .insert_header(("cache-control", "no-store"))
        .body(state.metrics.render())
}
