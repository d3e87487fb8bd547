//! Shared application state.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::engine::catalog::Catalog;

use super::admission::Slots;
use super::metrics::Metrics;

/// Default plan deadline (`HOJOKIN_PLAN_DEADLINE_MS`).
pub const DEFAULT_PLAN_DEADLINE_MS: u64 = 5000;

/// What handlers share: the immutable catalog and the clock that says what "today" is in Japan.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<Catalog>,
    /// Today's date in Japan time (UTC+9); tests fix it.
    pub today: Arc<dyn Fn() -> NaiveDate + Send + Sync>,
    /// `x-catalog-edition` value: edition and hash.
    pub edition_header: String,
    pub metrics: Arc<Metrics>,
    /// Longest time a request body may take to arrive before it is answered 408.
    pub request_timeout: std::time::Duration,
    /// Longest time a plan may search; then the best plan so far is answered.
    pub plan_deadline: std::time::Duration,
    /// Plans computed at once (the rest are answered 503 `overloaded`).
    pub plan_slots: Arc<Slots>,
}

impl AppState {
    pub fn new(catalog: Arc<Catalog>) -> AppState {
        AppState::with_clock(catalog, Arc::new(crate::engine::date::today_jst))
    }

    pub fn with_clock(
        catalog: Arc<Catalog>,
        today: Arc<dyn Fn() -> NaiveDate + Send + Sync>,
    ) -> AppState {
        let edition_header = format!("{}; hash={}", catalog.edition, catalog.hash);
        let metrics = Arc::new(Metrics::new(&catalog.edition, &catalog.hash));
        AppState {
            catalog,
            today,
            edition_header,
            metrics,
            request_timeout: std::time::Duration::from_secs(10),
            plan_deadline: std::time::Duration::from_millis(DEFAULT_PLAN_DEADLINE_MS),
            plan_slots: Slots::per_core(),
        }
    }
}
