//! The request context: request id, the catalog snapshot, one tracing span per request, problem bodies completed with
//! the request id, the early 413, and the headers every response carries.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use tracing::Instrument;

use super::body::MAX_BODY;
use super::problem::{ApiError, ErrorCode, PendingProblem};
use super::ratelimit;
use super::state::AppState;
use crate::http::request::reader::{clip, MAX_ECHO_CHARS};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
pub const CATALOG_EDITION: HeaderName = HeaderName::from_static("x-catalog-edition");

/// A client-supplied id is echoed when it is 1–128 characters of `[A-Za-z0-9._-]`.
fn valid_request_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 128
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// The method as a metric label and log field: a standard method, else `other`.
pub fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        Method::TRACE => "TRACE",
        Method::CONNECT => "CONNECT",
        _ => "other",
    }
}

/// Bodies declared over the limit are answered 413 from `Content-Length` without reading them.
/// Runs inside CORS, so a browser can read the answer.
pub async fn early_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        let err = ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the body is larger than {MAX_BODY} bytes"),
        );
        return Ok(req.into_response(err.error_response()));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The request id, made available to handlers.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub async fn request_context(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let start = Instant::now();
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| valid_request_id(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // The one edition this request is answered from, whatever a reload publishes meanwhile:
    // handlers read it through their `Snapshot`, and the header below names it.
    let snapshot = state.as_ref().map(|s| s.snapshot());
    if let Some(s) = &snapshot {
        req.extensions_mut().insert(s.clone());
    }
    let path = req.path().to_string();
    // Metrics and logs name only the standard methods: a client that invents methods must not
    // invent label values (each one a new series) or long log fields.
    let method = method_label(req.method());
    let asked = req.method().clone();
    if req.method() == Method::HEAD {
        // HEAD is served wherever GET is: routed as GET; the connection writes the headers
        // (with the length GET would send) and no body, as it knows the request was HEAD.
        req.head_mut().method = Method::GET;
    }
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method,
        route = tracing::field::Empty,
        status = tracing::field::Empty,
        code = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    );
    let mut res = match next.call(req).instrument(span.clone()).await {
        Ok(res) => res.map_into_boxed_body(),
        // An error from a middleware (a CORS rejection) has no request left to answer with:
        // it is answered by a complete problem response carried in the error.
        Err(e) => {
            let status = e.as_response_error().status_code();
            let code = match status.as_u16() {
                400 => ErrorCode::CorsRejected,
                _ => ErrorCode::Internal,
            };
            let err = ApiError::new(code, clip(&e.to_string(), MAX_ECHO_CHARS));
            let text = serde_json::to_string(&err.problem(&id, &path)).unwrap_or_default();
            let mut answer = actix_web::HttpResponse::build(err.code.status());
            answer
                .insert_header((header::CONTENT_TYPE, "application/problem+json"))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .insert_header((REQUEST_ID, id.clone()));
            let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
            span.record("status", err.code.status().as_u16());
            span.record("code", err.code.as_str());
            if let Some(s) = &state {
                s.metrics.observe(
                    "unmatched",
                    method,
                    err.code.status().as_u16(),
                    latency_ms / 1000.0,
                );
            }
            span.in_scope(|| tracing::info!(latency_ms, "request refused: {}", err.code.as_str()));
            return Err(actix_web::error::InternalError::from_response(
                err.detail,
                answer.body(text),
            )
            .into());
        }
    };

    let mut pending = res.response().extensions().get::<PendingProblem>().cloned();
    if pending.is_none() && matches!(res.status().as_u16(), 404 | 405) {
        // Routing answered by itself (a resource whose method guard failed): give the same
        // problem answer as the fallback, with `Allow` when the path exists.
        let table = res
            .request()
            .app_data::<web::Data<super::MethodTable>>()
            .cloned();
        let err = super::route_error(asked.as_str(), &path, table.as_ref().map(|t| t.get_ref()));
        let mut fresh = err.error_response();
        if let Some(allow) = &err.allow {
            if let Ok(v) = HeaderValue::from_str(allow) {
                fresh.headers_mut().insert(header::ALLOW, v);
            }
        }
        res = res.into_response(fresh);
        pending = Some(PendingProblem(err));
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if pending.is_none() && res.status().as_u16() >= 400 && !is_problem {
        // An error answered by a library (the CORS preflight rejection is a bare text 400)
        // becomes a problem like the service's own.
        let cors = res.request().headers().contains_key(header::ORIGIN);
        let code = match res.status().as_u16() {
            400 if cors => Some(ErrorCode::CorsRejected),
            400 => Some(ErrorCode::BadRequest),
            408 => Some(ErrorCode::RequestTimeout),
            413 => Some(ErrorCode::PayloadTooLarge),
            415 => Some(ErrorCode::UnsupportedMediaType),
            431 => Some(ErrorCode::HeadersTooLarge),
            500 => Some(ErrorCode::Internal),
            _ => None,
        };
        if let Some(code) = code {
            let detail = match code {
                ErrorCode::CorsRejected => {
                    "the CORS policy does not allow this origin, method or header"
                }
                _ => code.title(),
            };
            let err = ApiError::new(code, detail);
            res = res.into_response(err.error_response());
            pending = Some(PendingProblem(err));
        }
    }
    if let Some(PendingProblem(err)) = &pending {
        let problem = err.problem(&id, &path);
        let text = serde_json::to_string(&problem).unwrap_or_default();
        res = res.map_body(|head, _| {
            head.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            );
            head.headers.remove(header::CONTENT_LENGTH);
            // An error answer describes one request; no cache should keep it.
            head.headers
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            BoxBody::new(text)
        });
    }
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        headers.insert(REQUEST_ID, v);
    }
    if let Some(s) = &snapshot {
        headers.insert(CATALOG_EDITION, s.header().clone());
    }
    security_headers(headers, &path, pending.is_some());

    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    span.record("route", route.as_str());
    span.record("status", status);
    span.record("latency_ms", latency_ms);
    if let Some(PendingProblem(err)) = &pending {
        span.record("code", err.code.as_str());
    }
    if let Some(s) = &state {
        s.metrics
            .observe(&route, method, status, latency_ms / 1000.0);
    }
    span.in_scope(|| {
        // Only the service's own failure is an error; what a client causes (bad requests,
        // overload, deadlines) is at most a warning.
        if status == 500 {
            tracing::error!(status, route = %route, latency_ms, "request failed");
        } else if status >= 500 {
            tracing::warn!(status, route = %route, latency_ms, "request refused");
        } else {
            tracing::info!(status, route = %route, latency_ms, "request");
        }
    });
    Ok(res)
}

/// The headers every answer carries: no sniffing, no referrer, and a content security policy
/// (the API forbids everything; the docs page may run its own script; the embeddable checker
/// keeps its own policy unless the answer is an error).
fn security_headers(headers: &mut HeaderMap, path: &str, is_problem: bool) {
    let is_docs = path.starts_with("/swagger-ui");
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let csp = if is_docs {
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"
    } else {
        "default-src 'none'; frame-ancestors 'none'"
    };
    // The embeddable checker sets its own policy (framing by the allowed origins); every other
    // answer, including an embed path's error, forbids framing.
    let own = super::embed::is_embed_path(path)
        && !is_problem
        && headers.contains_key(header::CONTENT_SECURITY_POLICY);
    if !own {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        );
    }
}

/// The middleware: 429 `rate_limited` with `Retry-After` when the client is over its limit.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let Some((state, limit)) = state.and_then(|s| s.rate_limit.clone().map(|l| (s, l))) else {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    };
    if ratelimit::EXEMPT.contains(&req.path()) {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    }
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>();
    let client = limit.client(peer, forwarded.into_iter());
    let verdict = client.map(|c| limit.check(c)).unwrap_or(Ok(()));
    match verdict {
        Ok(()) => next.call(req).await.map(|r| r.map_into_boxed_body()),
        Err(wait) => {
            state.metrics.rate_limited();
            // Whole seconds, at least one: a client retrying sooner is refused again.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let secs = secs.max(1);
            let err = ApiError::new(
                ErrorCode::RateLimited,
                format!(
                    "over the limit of {} for this client; retry after {secs} s",
                    limit.describe()
                ),
            );
            let mut res = err.error_response();
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(req.into_response(res))
        }
    }
}
