//! Reading JSON bodies: media type, size limit, syntax and depth, before any field is read.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use std::cell::RefCell;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::problem::{ApiError, ErrorCode, FieldProblem, LocalizedText};
use super::request::field::Field;
use super::request::read_body;
use super::request::reader::{
    clip, depth, escape, FieldError, FieldErrorKind, MAX_DEPTH, MAX_ECHO_CHARS,
};

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

/// A request body: the bytes of a REST request, or the arguments of an MCP tool (already
/// parsed by the MCP server).
pub enum Body {
    Bytes(web::Bytes),
    Value(Value),
}

impl Body {
    /// The body read as the request type `T`.
    ///
    /// Bytes are read straight into `T` ([`Field::fast`]); when that fails for any reason,
    /// they are read again the slow way (syntax, duplicate keys, depth, then `T`'s reader on a
    /// `Value`), which names every problem. So a valid request costs one typed parse, and an
    /// invalid one gets exactly the answer it always got.
    pub fn read<T: Field>(&self) -> Result<T, ApiError> {
        match self {
            Body::Value(v) => read_body(v),
            Body::Bytes(bytes) => match fast(bytes) {
                Some(t) => Ok(t),
                None => slow(bytes),
            },
        }
    }
}

/// `bytes` read straight into `T` when they are a valid request (`None` otherwise: nothing
/// says why, [`Body::read`] then reads them again to name every problem).
pub fn fast<T: Field>(bytes: &[u8]) -> Option<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    T::fast(&mut de).and_then(|t| de.end().map(|()| t)).ok()
}

/// `bytes` read the slow way: as a JSON object (syntax, duplicate keys, depth), then by `T`'s
/// reader, every problem named.
pub fn slow<T: Field>(bytes: &[u8]) -> Result<T, ApiError> {
    read_body(&object(bytes)?)
}

/// The body of a POST operation, within the size limit and the request timeout (query
/// parameters, which no POST operation takes, are ignored); read as JSON by [`Body::read`].
pub async fn read_post(
    req: &HttpRequest,
    payload: web::Payload,
    state: &super::state::AppState,
) -> Result<Body, ApiError> {
    let timeout = state.request_timeout;
    match actix_web::rt::time::timeout(timeout, read_bytes(req, payload)).await {
        Ok(r) => r.map(Body::Bytes),
        Err(_) => Err(timed_out(timeout)),
    }
}

fn timed_out(timeout: std::time::Duration) -> ApiError {
    ApiError::new(
        ErrorCode::RequestTimeout,
        format!(
            "the body was not received within {} ms",
            timeout.as_millis()
        ),
    )
}

/// Reads the body as a JSON object: its bytes within the request timeout (a client that trickles
/// its body is answered 408 rather than holding a worker), then parsed and checked.
pub async fn read_json(
    req: &HttpRequest,
    payload: web::Payload,
    timeout: std::time::Duration,
) -> Result<Value, ApiError> {
    match actix_web::rt::time::timeout(timeout, read_bytes(req, payload)).await {
        Ok(r) => object(&r?),
        Err(_) => Err(timed_out(timeout)),
    }
}

/// The bytes of a JSON body: media type and size checked, syntax not yet.
async fn read_bytes(req: &HttpRequest, mut payload: web::Payload) -> Result<web::Bytes, ApiError> {
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
    Ok(body.freeze())
}

/// A body read as a JSON object: syntax, duplicate keys and depth checked.
fn object(body: &[u8]) -> Result<Value, ApiError> {
    let value = parse(body)?;
    if depth(&value) > MAX_DEPTH {
        return Err(ApiError::new(
            ErrorCode::MalformedJson,
            format!("the body is nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    if !value.is_object() {
        return Err(ApiError::from_fields(vec![FieldError {
            pointer: String::new(),
            kind: FieldErrorKind::InvalidType,
            message: crate::engine::text::Text::new(
                "本文は JSON オブジェクトで送ってください",
                "the body must be a JSON object",
            ),
        }]));
    }
    Ok(value)
}

/// Parses a body into a JSON value, refusing duplicate keys: `{"beds":10,"beds":250}` would
/// otherwise mean 250 here and 10 to a validator that reads the first.
pub fn parse(body: &[u8]) -> Result<Value, ApiError> {
    let duplicate = RefCell::new(None);
    let crowded = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed = Node {
        at: Crumb::Root,
        duplicate: &duplicate,
        crowded: &crowded,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    match parsed {
        Ok(v) => Ok(v),
        Err(e) => Err(match (duplicate.into_inner(), crowded.into_inner()) {
            (_, Some(pointer)) => {
                let shown = clip(&pointer, MAX_ECHO_CHARS);
                let mut err = ApiError::new(
                    ErrorCode::TooManyItems,
                    format!("{shown}: more than {MAX_KEYS} keys in one object"),
                );
                err.errors.push(FieldProblem {
                    pointer: Some(shown.clone()),
                    parameter: None,
                    code: ErrorCode::TooManyItems,
                    message: LocalizedText {
                        ja: format!("{shown}: 1つのオブジェクトの項目は最大{MAX_KEYS}個です"),
                        en: format!("{shown}: at most {MAX_KEYS} keys in one object"),
                    },
                });
                err
            }
            (Some(pointer), None) => {
                let shown = clip(&pointer, MAX_ECHO_CHARS);
                let mut err = ApiError::new(
                    ErrorCode::DuplicateKey,
                    format!("{shown}: the key appears more than once in its object"),
                );
                err.errors.push(FieldProblem {
                    pointer: Some(shown.clone()),
                    parameter: None,
                    code: ErrorCode::DuplicateKey,
                    message: LocalizedText {
                        ja: format!("{shown}: 同じオブジェクトに同じ項目が2回以上あります"),
                        en: format!("{shown}: the key appears more than once in its object"),
                    },
                });
                err
            }
            (None, None) => ApiError::new(
                ErrorCode::MalformedJson,
                format!(
                    "the body is not valid JSON: {} (line {}, column {})",
                    clip(&e.to_string(), MAX_ECHO_CHARS),
                    e.line(),
                    e.column()
                ),
            ),
        }),
    }
}

/// Where a value sits in the body, for the pointer of a duplicate key (built only then).
#[derive(Clone, Copy)]
enum Crumb<'a> {
    Root,
    Key(&'a Crumb<'a>, &'a str),
    Index(&'a Crumb<'a>, usize),
}

impl Crumb<'_> {
    fn pointer(&self) -> String {
        match self {
            Crumb::Root => String::new(),
            Crumb::Key(up, k) => format!("{}/{}", up.pointer(), escape(k)),
            Crumb::Index(up, i) => format!("{}/{i}", up.pointer()),
        }
    }
}

/// Keys one object may have: no request object has a tenth of them, and a body of 100,000
/// keys is refused as it is read instead of being held whole.
pub const MAX_KEYS: usize = 1000;

/// One value of the body; objects refuse a key they already hold, and keys beyond
/// [`MAX_KEYS`].
struct Node<'a> {
    at: Crumb<'a>,
    duplicate: &'a RefCell<Option<String>>,
    crowded: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element_seed(Node {
            at: Crumb::Index(&self.at, out.len()),
            duplicate: self.duplicate,
            crowded: self.crowded,
        })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.len() >= MAX_KEYS {
                *self.crowded.borrow_mut() = Some(self.at.pointer());
                return Err(serde::de::Error::custom("too many keys"));
            }
            if out.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(Crumb::Key(&self.at, &key).pointer());
                return Err(serde::de::Error::custom("duplicate key"));
            }
            let v = map.next_value_seed(Node {
                at: Crumb::Key(&self.at, &key),
                duplicate: self.duplicate,
                crowded: self.crowded,
            })?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}
