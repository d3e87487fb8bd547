//! Prometheus metrics: requests by route pattern and status, latency, the catalog edition and
//! its reloads, rate-limited requests.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

/// The service's metrics, one registry per process (no global state, so tests stay isolated).
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    catalog: IntGaugeVec,
    reloads: IntCounter,
    reload_failures: IntCounter,
    rate_limited: IntCounter,
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
        let reloads = IntCounter::new(
            "hojokin_catalog_reloads_total",
            "Catalog reloads that validated (the edition served is the new one)",
        )?;
        let reload_failures = IntCounter::new(
            "hojokin_catalog_reload_failures_total",
            "Catalog reloads refused because the new catalog is invalid (the old edition stays)",
        )?;
        let rate_limited = IntCounter::new(
            "hojokin_rate_limited_total",
            "Requests answered 429 because their client was over the rate limit",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(catalog.clone()))?;
        registry.register(Box::new(reloads.clone()))?;
        registry.register(Box::new(reload_failures.clone()))?;
        registry.register(Box::new(rate_limited.clone()))?;
        catalog.with_label_values(&[edition, hash]).set(1);
        Ok(Metrics {
            registry,
            requests,
            latency,
            catalog,
            reloads,
            reload_failures,
            rate_limited,
        })
    }

    /// The edition now served: one `hojokin_catalog_info` series, the old one removed.
    pub fn catalog_served(&self, edition: &str, hash: &str) {
        self.catalog.reset();
        self.catalog.with_label_values(&[edition, hash]).set(1);
    }

    pub fn reload_succeeded(&self) {
        self.reloads.inc();
    }

    pub fn reload_failed(&self) {
        self.reload_failures.inc();
    }

    pub fn rate_limited(&self) {
        self.rate_limited.inc();
    }

    /// Counter values, for tests and logs: (reloads, reload failures, rate-limited).
    pub fn counts(&self) -> (u64, u64, u64) {
        (
            self.reloads.get(),
            self.reload_failures.get(),
            self.rate_limited.get(),
        )
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
