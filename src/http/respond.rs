//! JSON responses with the headers portals cache by.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::answers::Stored;
use super::problem::{ApiError, ErrorCode};
use super::state::Snapshot;
use crate::engine::catalog::Catalog;

/// A GET response: `ETag` from the hash of the request's catalog edition, the request and the
/// effective date, and `Cache-Control` for portals; `If-None-Match` answers 304.
pub fn cached_json<T: Serialize>(
    req: &HttpRequest,
    catalog: &Catalog,
    as_of: Option<NaiveDate>,
    body: &T,
) -> HttpResponse {
    match serde_json::to_vec(body) {
        Ok(bytes) => cached_bytes(req, catalog, as_of, "application/json", bytes),
        // The answer types serialize infallibly; a failure is a bug, answered as one.
        Err(e) => actix_web::error::ErrorInternalServerError(e.to_string()).error_response(),
    }
}

/// A GET response of any media type, with the same `ETag` and `Cache-Control` as JSON ones.
pub fn cached_bytes(
    req: &HttpRequest,
    catalog: &Catalog,
    as_of: Option<NaiveDate>,
    content_type: &str,
    body: Vec<u8>,
) -> HttpResponse {
    let tag = etag(req, catalog, as_of);
    if let Some(not_modified) = not_modified(req, &tag) {
        return not_modified;
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, CACHE))
        .insert_header((header::CONTENT_TYPE, content_type.to_string()))
        .body(body)
}

/// A JSON GET answer from the edition's stored answers (`http::answers`), computed by `make`
/// (which also gives the effective date) the first time its path, query string and `today` are
/// asked. The bytes and `ETag` are those `cached_json` gives; errors are not stored.
pub fn stored_json<T: Serialize>(
    req: &HttpRequest,
    snapshot: &Snapshot,
    today: NaiveDate,
    make: impl FnOnce() -> Result<(NaiveDate, T), ApiError>,
) -> Result<HttpResponse, ApiError> {
    let mut key = String::with_capacity(req.path().len() + req.query_string().len() + 12);
    key.push_str(req.path());
    key.push('?');
    key.push_str(req.query_string());
    key.push('#');
    key.push_str(&today.to_string());
    let stored = match snapshot.answers().get(&key) {
        Some(s) => s,
        None => {
            let (as_of, body) = make()?;
            let bytes = serde_json::to_vec(&body)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            let tag = etag(req, snapshot, Some(as_of));
            let stored = Stored {
                // A tag is quoted hex, always a valid header value.
                etag: HeaderValue::from_str(&tag)
                    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?,
                content_type: "application/json",
                body: Bytes::from(bytes),
            };
            snapshot.answers().put(&key, stored)
        }
    };
    let tag = stored.etag.to_str().unwrap_or_default();
    if let Some(not_modified) = not_modified(req, tag) {
        return Ok(not_modified);
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, stored.etag.clone()))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static(CACHE)))
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static(stored.content_type),
        ))
        .body(stored.body.clone()))
}

const CACHE: &str = "public, max-age=300";

/// The strong `ETag` of a GET answer: the hash of the catalog edition, the path and query
/// string, and the effective date.
fn etag(req: &HttpRequest, catalog: &Catalog, as_of: Option<NaiveDate>) -> String {
    let mut h = Sha256::new();
    h.update(catalog.hash.as_bytes());
    h.update(req.path().as_bytes());
    h.update(b"?");
    h.update(req.query_string().as_bytes());
    if let Some(d) = as_of {
        h.update(d.to_string().as_bytes());
    }
    let digest = h.finalize();
    format!(
        "\"{}\"",
        digest
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// The 304 answer when `If-None-Match` names `tag` (or `*`).
fn not_modified(req: &HttpRequest, tag: &str) -> Option<HttpResponse> {
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|t| {
                t.trim() == tag || t.trim() == "*" || t.trim().trim_start_matches("W/") == tag
            })
        });
    matches.then(|| {
        HttpResponse::NotModified()
            .insert_header((header::ETAG, tag.to_string()))
            .insert_header((header::CACHE_CONTROL, CACHE))
            .finish()
    })
}

/// A POST response (not cacheable: it depends on the body).
pub fn json<T: Serialize>(body: &T) -> HttpResponse {
    json_sized(body, 4 << 10)
}

/// A POST response serialized into a buffer of the expected size.
pub fn json_sized<T: Serialize>(body: &T, capacity: usize) -> HttpResponse {
    match to_json(body, capacity) {
        Ok(buf) => json_bytes(buf),
        // The answer types serialize infallibly; a failure is a bug, answered as one.
        Err(e) => actix_web::error::ErrorInternalServerError(e.to_string()).error_response(),
    }
}

/// JSON bytes of an answer, written into a buffer of the expected size.
pub fn to_json<T: Serialize>(body: &T, capacity: usize) -> Result<Vec<u8>, sonic_rs::Error> {
    let mut buf = Vec::with_capacity(capacity);
    sonic_rs::to_writer(&mut buf, body)?;
    Ok(buf)
}

/// A POST response whose JSON is already written.
pub fn json_bytes(json: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type(header::ContentType::json())
        .body(json)
}
