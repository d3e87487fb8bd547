//! problem+json (RFC 9457, formerly RFC 7807) and the one table of error codes.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use super::request::reader::{
    clip, FieldError, FieldErrorKind, Reader, MAX_ECHO_CHARS, MAX_FIELD_ERRORS,
};
use crate::engine::text::Text;

/// Stable error codes: never renamed, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    MalformedJson,
    InvalidType,
    InvalidParameter,
    NotFound,
    ProgramNotFound,
    FrameNotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
    InvalidField,
    UnknownField,
    TooManyItems,
    FrameAmbiguous,
    RequestTimeout,
    RateLimited,
    Internal,
    DuplicateKey,
    Overloaded,
    DeadlineExceeded,
    CorsRejected,
    BadRequest,
    HeadersTooLarge,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::MalformedJson,
        ErrorCode::InvalidType,
        ErrorCode::InvalidParameter,
        ErrorCode::NotFound,
        ErrorCode::ProgramNotFound,
        ErrorCode::FrameNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::InvalidField,
        ErrorCode::UnknownField,
        ErrorCode::TooManyItems,
        ErrorCode::FrameAmbiguous,
        ErrorCode::RequestTimeout,
        ErrorCode::RateLimited,
        ErrorCode::Internal,
        ErrorCode::DuplicateKey,
        ErrorCode::Overloaded,
        ErrorCode::DeadlineExceeded,
        ErrorCode::CorsRejected,
        ErrorCode::BadRequest,
        ErrorCode::HeadersTooLarge,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::NotFound => "not_found",
            ErrorCode::ProgramNotFound => "program_not_found",
            ErrorCode::FrameNotFound => "frame_not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::TooManyItems => "too_many_items",
            ErrorCode::FrameAmbiguous => "frame_ambiguous",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::DuplicateKey => "duplicate_key",
            ErrorCode::Overloaded => "overloaded",
            ErrorCode::DeadlineExceeded => "deadline_exceeded",
            ErrorCode::CorsRejected => "cors_rejected",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::HeadersTooLarge => "headers_too_large",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::MalformedJson
            | ErrorCode::InvalidType
            | ErrorCode::InvalidParameter
            | ErrorCode::DuplicateKey
            | ErrorCode::CorsRejected
            | ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ErrorCode::NotFound | ErrorCode::ProgramNotFound | ErrorCode::FrameNotFound => {
                StatusCode::NOT_FOUND
            }
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidField
            | ErrorCode::UnknownField
            | ErrorCode::TooManyItems
            | ErrorCode::FrameAmbiguous => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Overloaded | ErrorCode::DeadlineExceeded => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "Malformed JSON",
            ErrorCode::InvalidType => "Invalid type",
            ErrorCode::InvalidParameter => "Invalid query parameter",
            ErrorCode::NotFound => "Not found",
            ErrorCode::ProgramNotFound => "Program not found",
            ErrorCode::FrameNotFound => "Frame not found",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::PayloadTooLarge => "Payload too large",
            ErrorCode::UnsupportedMediaType => "Unsupported media type",
            ErrorCode::InvalidField => "Invalid field",
            ErrorCode::UnknownField => "Unknown field",
            ErrorCode::TooManyItems => "Too many items",
            ErrorCode::FrameAmbiguous => "Frame ambiguous",
            ErrorCode::RequestTimeout => "Request timeout",
            ErrorCode::RateLimited => "Too many requests",
            ErrorCode::Internal => "Internal error",
            ErrorCode::DuplicateKey => "Duplicate key",
            ErrorCode::Overloaded => "Overloaded",
            ErrorCode::DeadlineExceeded => "Deadline exceeded",
            ErrorCode::CorsRejected => "CORS request rejected",
            ErrorCode::BadRequest => "Bad request",
            ErrorCode::HeadersTooLarge => "Request headers too large",
        }
    }

    pub fn type_uri(self) -> String {
        format!("https://hojokin.dev/problems/{}", self.as_str())
    }

    fn from_field(kind: FieldErrorKind) -> ErrorCode {
        match kind {
            FieldErrorKind::InvalidType => ErrorCode::InvalidType,
            FieldErrorKind::InvalidField => ErrorCode::InvalidField,
            FieldErrorKind::UnknownField => ErrorCode::UnknownField,
            FieldErrorKind::TooManyItems => ErrorCode::TooManyItems,
        }
    }
}

/// One invalid field (`pointer` into the body) or query parameter (`parameter`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// JSON Pointer of the field in the request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Name of the query or path parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Error code of this field.
    pub code: ErrorCode,
    /// What is wrong and how to fix it.
    pub message: LocalizedText,
}

/// Japanese and English text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocalizedText {
    /// 日本語.
    pub ja: String,
    /// English.
    pub en: String,
}

impl From<Text> for LocalizedText {
    fn from(t: Text) -> Self {
        LocalizedText {
            ja: t.ja.into(),
            en: t.en.into(),
        }
    }
}

impl From<&Text> for LocalizedText {
    fn from(t: &Text) -> Self {
        LocalizedText {
            ja: t.ja.to_string(),
            en: t.en.to_string(),
        }
    }
}

/// The keys an object allows, listed once per answer for the objects that had unknown keys.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllowedFields {
    /// The objects (JSON Pointers) with an unknown key among `errors`.
    pub pointers: Vec<String>,
    /// The keys these objects allow.
    pub fields: Vec<String>,
}

/// Largest problem body in bytes: whatever the input, an error answer stays below it.
pub const MAX_PROBLEM_BYTES: usize = 64 * 1024;
/// What the listed errors and allowed fields may take of it; the rest is counted.
const LIST_BUDGET: usize = 48 * 1024;
/// Errors whose messages make up `detail`.
const DETAIL_ERRORS: usize = 5;

/// An RFC 9457 problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://hojokin.dev/problems/invalid_field",
    "title": "Invalid field",
    "status": 422,
    "detail": "/facility/beds: must be an integer from 0 to 10000 (got -1)",
    "instance": "/v1/eligibility",
    "code": "invalid_field",
    "request_id": "3f2b0c4e-8a51-4d8e-9a57-0d6c1b2e4f10",
    "errors": [{"pointer": "/facility/beds", "code": "invalid_field", "message": {"ja": "/facility/beds: 0以上10000以下の整数を指定してください (入力: -1)", "en": "/facility/beds: must be an integer from 0 to 10000 (got -1)"}}]
}))]
pub struct Problem {
    /// URI identifying the problem type.
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request path.
    pub instance: String,
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// The request id (also in the `x-request-id` header).
    pub request_id: String,
    /// The invalid fields or parameters: at most 100, and within 64 KB in all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 100)]
    pub errors: Vec<FieldProblem>,
    /// How many more invalid fields were found than `errors` lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omitted_errors: Option<u64>,
    /// For `unknown_field` errors: the keys each object allows, once per answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_fields: Vec<AllowedFields>,
    /// Frames that match when `frame_id` was omitted (`frame_ambiguous`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// An error on its way to becoming a problem response; the request id and path are filled in
/// by the request middleware.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldProblem>,
    /// Errors found beyond those listed.
    pub omitted: u32,
    pub allowed: Box<[AllowedFields]>,
    pub candidates: Vec<String>,
    pub allow: Option<Box<str>>,
    /// `Retry-After` in seconds (503 `overloaded`).
    pub retry_after_secs: Option<u32>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            omitted: 0,
            allowed: Box::default(),
            candidates: Vec::new(),
            allow: None,
            retry_after_secs: None,
        }
    }

    /// From collected field errors: 400 when any is a type error, else 422 with the most
    /// specific shared code.
    pub fn from_fields(errors: Vec<FieldError>) -> ApiError {
        ApiError::from_reader(Reader {
            errors,
            ..Reader::default()
        })
    }

    /// From a request reader: its listed errors, the count of the rest, and the allowed keys
    /// of objects with unknown keys.
    pub fn from_reader(r: Reader) -> ApiError {
        let errors = r.errors;
        let code = if errors.iter().any(|e| e.kind == FieldErrorKind::InvalidType) {
            ErrorCode::InvalidType
        } else {
            let first = errors
                .first()
                .map(|e| e.kind)
                .unwrap_or(FieldErrorKind::InvalidField);
            if errors.iter().all(|e| e.kind == first) {
                ErrorCode::from_field(first)
            } else {
                ErrorCode::InvalidField
            }
        };
        let total = errors.len() + r.omitted;
        let mut detail = errors
            .iter()
            .take(DETAIL_ERRORS)
            .map(|e| e.message.en.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        if total > DETAIL_ERRORS {
            detail.push_str(&format!("; and {} more", total - DETAIL_ERRORS));
        }
        ApiError {
            detail,
            errors: errors
                .into_iter()
                .map(|e| FieldProblem {
                    pointer: Some(e.pointer),
                    parameter: None,
                    code: ErrorCode::from_field(e.kind),
                    message: e.message.into(),
                })
                .collect(),
            omitted: u32::try_from(r.omitted).unwrap_or(u32::MAX),
            allowed: r
                .allowed
                .into_iter()
                .map(|a| AllowedFields {
                    pointers: a.pointers,
                    fields: a.fields,
                })
                .collect(),
            ..ApiError::new(code, "")
        }
    }

    pub fn parameter(name: &str, ja: String, en: String) -> ApiError {
        let detail = en.clone();
        ApiError {
            errors: vec![FieldProblem {
                pointer: None,
                parameter: Some(name.to_string()),
                code: ErrorCode::InvalidParameter,
                message: LocalizedText { ja, en },
            }],
            ..ApiError::new(ErrorCode::InvalidParameter, detail)
        }
    }

    /// The problem body, bounded whatever the error holds: at most [`MAX_FIELD_ERRORS`] errors
    /// with clipped pointers and messages, listed while they fit in the budget and counted
    /// beyond it, so the answer stays under [`MAX_PROBLEM_BYTES`].
    pub fn problem(&self, request_id: &str, instance: &str) -> Problem {
        let mut used = 0usize;
        let mut omitted = self.omitted;
        let mut errors = Vec::new();
        for e in &self.errors {
            let e = FieldProblem {
                pointer: e.pointer.as_deref().map(|p| clip(p, MAX_ECHO_CHARS)),
                parameter: e.parameter.as_deref().map(|p| clip(p, MAX_ECHO_CHARS)),
                code: e.code,
                message: LocalizedText {
                    ja: clip(&e.message.ja, 2 * MAX_ECHO_CHARS),
                    en: clip(&e.message.en, 2 * MAX_ECHO_CHARS),
                },
            };
            let size = serde_json::to_vec(&e).map_or(usize::MAX, |v| v.len() + 1);
            if errors.len() >= MAX_FIELD_ERRORS || used.saturating_add(size) > LIST_BUDGET {
                omitted += 1;
                continue;
            }
            used += size;
            errors.push(e);
        }
        let mut allowed = Vec::new();
        for a in &self.allowed {
            let a = AllowedFields {
                pointers: a
                    .pointers
                    .iter()
                    .take(MAX_FIELD_ERRORS)
                    .map(|p| clip(p, MAX_ECHO_CHARS))
                    .collect(),
                fields: a.fields.clone(),
            };
            let size = serde_json::to_vec(&a).map_or(usize::MAX, |v| v.len() + 1);
            if used.saturating_add(size) > LIST_BUDGET {
                break;
            }
            used += size;
            allowed.push(a);
        }
        Problem {
            type_uri: self.code.type_uri(),
            title: self.code.title().to_string(),
            status: self.code.status().as_u16(),
            detail: clip(&self.detail, 5 * MAX_ECHO_CHARS),
            instance: clip(instance, MAX_ECHO_CHARS),
            code: self.code,
            request_id: request_id.to_string(),
            errors,
            omitted_errors: (omitted > 0).then_some(u64::from(omitted)),
            allowed_fields: allowed,
            candidates: self
                .candidates
                .iter()
                .take(MAX_FIELD_ERRORS)
                .map(|c| clip(c, MAX_ECHO_CHARS))
                .collect(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)
    }
}

/// Extension set on error responses so the request middleware can render the problem with the
/// request id and log the code.
#[derive(Debug, Clone)]
pub struct PendingProblem(pub ApiError);

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.code.status());
        if let Some(allow) = &self.allow {
            res.insert_header((header::ALLOW, allow.to_string()));
        }
        if let Some(secs) = self.retry_after_secs {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        res.insert_header((header::CACHE_CONTROL, "no-store"));
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        let mut out = res.body(serde_json::to_string(&self.problem("", "")).unwrap_or_default());
        out.extensions_mut().insert(PendingProblem(self.clone()));
        out
    }
}

/// A calculation the engine could not start: the program or frame asked for is not in the
/// catalog, or the profile matches several frames. Ids are echoed to at most 100 characters.
impl From<crate::engine::calc::CalcError> for ApiError {
    fn from(e: crate::engine::calc::CalcError) -> ApiError {
        use crate::engine::calc::CalcError;
        let shown = |s: &str| s.chars().take(100).collect::<String>();
        let (mut err, pointer, code, ja, en) = match e {
            CalcError::ProgramNotFound { program_id } => {
                let id = shown(&program_id);
                (
                    ApiError::new(
                        ErrorCode::ProgramNotFound,
                        format!("no program `{id}`; see GET /v1/programs"),
                    ),
                    "/program_id",
                    ErrorCode::ProgramNotFound,
                    format!("制度 `{id}` はカタログにありません"),
                    format!("no program `{id}` in the catalog"),
                )
            }
            CalcError::FrameNotFound {
                program_id,
                frame_id,
            } => {
                let fid = shown(&frame_id);
                (
                    ApiError::new(
                        ErrorCode::FrameNotFound,
                        format!("program `{program_id}` has no frame `{fid}`"),
                    ),
                    "/frame_id",
                    ErrorCode::FrameNotFound,
                    format!("制度 `{program_id}` に枠 `{fid}` はありません"),
                    format!("program `{program_id}` has no frame `{fid}`"),
                )
            }
            CalcError::FrameAmbiguous(candidates) => {
                let listed = candidates.join(", ");
                let mut err = ApiError::new(
                    ErrorCode::FrameAmbiguous,
                    format!(
                        "the profile does not select exactly one frame; give frame_id, one of: {listed}"
                    ),
                );
                err.candidates = candidates;
                (
                    err,
                    "/frame_id",
                    ErrorCode::FrameAmbiguous,
                    format!(
                        "枠を一つに決められません。frame_id を指定してください (候補: {listed})"
                    ),
                    format!(
                        "the profile matches several frames; give frame_id (candidates: {listed})"
                    ),
                )
            }
        };
        err.errors.push(FieldProblem {
            pointer: Some(pointer.into()),
            parameter: None,
            code,
            message: LocalizedText { ja, en },
        });
        err
    }
}
