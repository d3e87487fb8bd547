//! JSON responses with the headers portals cache by.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

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
    let mut h = Sha256::new();
    h.update(catalog.hash.as_bytes());
    h.update(req.path().as_bytes());
    h.update(b"?");
    h.update(req.query_string().as_bytes());
    if let Some(d) = as_of {
        h.update(d.to_string().as_bytes());
    }
    let digest = h.finalize();
    let tag = format!(
        "\"{}\"",
        digest
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|t| {
                t.trim() == tag || t.trim() == "*" || t.trim().trim_start_matches("W/") == tag
            })
        });
    let cache = "public, max-age=300";
    if matches {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::CONTENT_TYPE, content_type.to_string()))
        .body(body)
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
