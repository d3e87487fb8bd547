//! Reading JSON bodies: media type, size limit, syntax and depth, before any field is read.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use serde_json::Value;

use super::problem::{ApiError, ErrorCode};
use crate::engine::input::{depth, MAX_DEPTH};

/// Largest accepted body (1 MiB).
pub const MAX_BODY: usize = 1024 * 1024;

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

/// The body of a POST operation: a JSON object read within the request timeout (query
/// parameters, which no POST operation takes, are ignored).
pub async fn read_post(
    req: &HttpRequest,
    payload: web::Payload,
    state: &super::state::AppState,
) -> Result<Value, ApiError> {
    read_json(req, payload, state.request_timeout).await
}

/// Reads the body as a JSON object, within the request timeout (a client that trickles its body
/// is answered 503 rather than holding a worker).
pub async fn read_json(
    req: &HttpRequest,
    payload: web::Payload,
    timeout: std::time::Duration,
) -> Result<Value, ApiError> {
    match actix_web::rt::time::timeout(timeout, read_json_now(req, payload)).await {
        Ok(r) => r,
        Err(_) => Err(ApiError::new(
            ErrorCode::RequestTimeout,
            format!(
                "the body was not received within {} ms",
                timeout.as_millis()
            ),
        )),
    }
}

async fn read_json_now(req: &HttpRequest, mut payload: web::Payload) -> Result<Value, ApiError> {
    if !is_json(req) {
        let given = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(60).collect::<String>())
            .unwrap_or_else(|| "none".into());
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("send the body as application/json (got {given})"),
        ));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(
                ErrorCode::MalformedJson,
                "the request body could not be read",
            )
        })?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("the body is larger than {MAX_BODY} bytes"),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!(
                "the body is not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if depth(&value) > MAX_DEPTH {
        return Err(ApiError::new(
            ErrorCode::MalformedJson,
            format!("the body is nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    if !value.is_object() {
        return Err(ApiError::from_fields(vec![
            crate::engine::input::FieldError {
                pointer: String::new(),
                kind: crate::engine::input::FieldErrorKind::InvalidType,
                message: crate::engine::text::Text::new(
                    "本文は JSON オブジェクトで送ってください",
                    "the body must be a JSON object",
                ),
            },
        ]));
    }
    Ok(value)
}
