//! Shared application state, and the catalog edition a request is answered from.

use std::ops::Deref;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header::HeaderValue;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use arc_swap::ArcSwap;
use chrono::NaiveDate;

use crate::engine::catalog::Catalog;

use super::admission::Slots;
use super::answers::Answers;
use super::dated::DatedViews;
use super::metrics::Metrics;
use super::problem::{ApiError, ErrorCode};
use super::ratelimit::RateLimit;

/// Default plan deadline (`HOJOKIN_PLAN_DEADLINE_MS`).
pub const DEFAULT_PLAN_DEADLINE_MS: u64 = 5000;

/// One published catalog edition with its `x-catalog-edition` value.
pub struct Edition {
    pub catalog: Arc<Catalog>,
    /// `x-catalog-edition` value: edition and hash.
    pub header: HeaderValue,
    /// GET answers computed from this edition.
    pub answers: Answers,
    /// Programs' views at the dates and prefectures asked (window statuses, status reasons).
    pub dated: DatedViews,
}

impl Edition {
    fn new(catalog: Arc<Catalog>) -> Edition {
        let text = format!("{}; hash={}", catalog.edition, catalog.hash);
        // Editions and hashes are checked printable ASCII; an unrepresentable one gets no value.
        let header = HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""));
        Edition {
            catalog,
            header,
            answers: Answers::default(),
            dated: DatedViews::default(),
        }
    }
}

/// The edition one request is answered from, taken once when the request starts (by the
/// request-context middleware) so a catalog swapped in meanwhile never mixes into its answer.
/// It is an extractor: a handler takes `catalog: Snapshot` and reads it as a `&Catalog`.
#[derive(Clone)]
pub struct Snapshot(Arc<Edition>);

impl Snapshot {
    /// The `x-catalog-edition` value of this edition.
    pub fn header(&self) -> &HeaderValue {
        &self.0.header
    }

    /// The GET answers computed from this edition.
    pub fn answers(&self) -> &Answers {
        &self.0.answers
    }

    /// The programs' views at dates and prefectures computed from this edition.
    pub fn dated(&self) -> &DatedViews {
        &self.0.dated
    }

    /// The catalog, shared (for work moved to another thread).
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.0.catalog
    }

    /// The request's snapshot (the current edition when no middleware took one, as in a
    /// handler called without the app).
    pub fn of(req: &HttpRequest) -> Option<Snapshot> {
        if let Some(s) = req.extensions().get::<Snapshot>() {
            return Some(s.clone());
        }
        req.app_data::<web::Data<AppState>>().map(|s| s.snapshot())
    }
}

impl Deref for Snapshot {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        &self.0.catalog
    }
}

impl FromRequest for Snapshot {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Snapshot, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            Snapshot::of(req)
                .ok_or_else(|| ApiError::new(ErrorCode::Internal, "no catalog is configured")),
        )
    }
}

/// What handlers share: the catalog being served (swapped whole on a reload), the clock that
/// says what "today" is in Japan, metrics and limits.
#[derive(Clone)]
pub struct AppState {
    /// The edition being served; read it through [`AppState::snapshot`] (or a handler's
    /// [`Snapshot`]), replace it with [`AppState::publish`].
    editions: Arc<ArcSwap<Edition>>,
    /// Today's date in Japan time (UTC+9); tests fix it.
    pub today: Arc<dyn Fn() -> NaiveDate + Send + Sync>,
    pub metrics: Arc<Metrics>,
    /// Longest time a request body may take to arrive before it is answered 408.
    pub request_timeout: std::time::Duration,
    /// Longest time a plan may search; then the best plan so far is answered.
    pub plan_deadline: std::time::Duration,
    /// Plans computed at once (the rest are answered 503 `overloaded`).
    pub plan_slots: Arc<Slots>,
    /// Requests per client address; `None` = no limit.
    pub rate_limit: Option<Arc<RateLimit>>,
}

impl AppState {
    pub fn new(catalog: Arc<Catalog>) -> AppState {
        AppState::with_clock(catalog, Arc::new(today_jst))
    }

    pub fn with_clock(
        catalog: Arc<Catalog>,
        today: Arc<dyn Fn() -> NaiveDate + Send + Sync>,
    ) -> AppState {
        let metrics = Arc::new(Metrics::new(&catalog.edition, &catalog.hash));
        AppState {
            editions: Arc::new(ArcSwap::from_pointee(Edition::new(catalog))),
            today,
            metrics,
            request_timeout: std::time::Duration::from_secs(10),
            plan_deadline: std::time::Duration::from_millis(DEFAULT_PLAN_DEADLINE_MS),
            plan_slots: Slots::per_core(),
            rate_limit: None,
        }
    }

    /// The edition being served now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(self.editions.load_full())
    }

    /// Serves `catalog` from now on: requests already started keep the edition they took.
    pub fn publish(&self, catalog: Arc<Catalog>) {
        self.metrics.catalog_served(&catalog.edition, &catalog.hash);
        self.editions.store(Arc::new(Edition::new(catalog)));
    }
}

/// Today in Japan time (UTC+9): the date a request without `as_of` is answered for. The engine
/// never reads the clock; it is given this date.
pub fn today_jst() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive()
}
