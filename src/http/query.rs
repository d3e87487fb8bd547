//! Query parameters: every known parameter validated, unknown ones ignored, errors named.

use actix_web::HttpRequest;
use chrono::NaiveDate;

use super::problem::ApiError;

/// The parsed query string of a request.
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses the query string, keeps the parameters in `allowed` and rejects repeated ones.
    pub fn parse(req: &HttpRequest, allowed: &[&str]) -> Result<Query, ApiError> {
        let pairs: Vec<(String, String)> =
            match actix_web::web::Query::<Vec<(String, String)>>::from_query(req.query_string()) {
                Ok(q) => q.into_inner(),
                Err(_) => {
                    return Err(ApiError::parameter(
                        "query",
                        "クエリ文字列を解釈できません".into(),
                        "the query string cannot be parsed".into(),
                    ))
                }
            };
        Query::from_pairs(pairs, allowed)
    }

    /// A tool's arguments: the same checks, and an unknown argument is refused — a tool's input
    /// schema is closed, and a model that sends a misspelt filter should hear so, not get an
    /// unfiltered answer.
    pub fn from_args(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Query, ApiError> {
        if let Some((k, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            let shown: String = k.chars().take(60).collect();
            return Err(ApiError::parameter(
                &shown,
                format!(
                    "未知の引数 `{shown}` です。使える引数: {}",
                    allowed.join(", ")
                ),
                format!(
                    "unknown argument `{shown}`; expected one of: {}",
                    allowed.join(", ")
                ),
            ));
        }
        Query::from_pairs(pairs, allowed)
    }

    /// The same checks on parameters that did not come from a URL (the MCP tools' arguments).
    pub fn from_pairs(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Query, ApiError> {
        // Unknown parameters are ignored, as HTTP APIs conventionally do (`?utm_source=` from a
        // portal's link must not break a request); a known parameter given twice is an error,
        // since it is ambiguous which value the client meant.
        let pairs: Vec<(String, String)> = pairs
            .into_iter()
            .filter(|(k, _)| allowed.contains(&k.as_str()))
            .collect();
        for (i, (k, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(k2, _)| k2 == k) {
                return Err(ApiError::parameter(
                    k,
                    format!("パラメータ `{k}` が重複しています"),
                    format!("parameter `{k}` is given more than once"),
                ));
            }
        }
        Ok(Query { pairs })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `as_of`, defaulting to today in Japan time.
    pub fn as_of(&self, today: NaiveDate) -> Result<NaiveDate, ApiError> {
        match self.get("as_of") {
            None => Ok(today),
            Some(s) => parse_date(s).ok_or_else(|| {
                let shown: String = s.chars().take(40).collect();
                ApiError::parameter(
                    "as_of",
                    format!("as_of は YYYY-MM-DD 形式の日付で指定してください (入力: {shown})"),
                    format!("as_of must be a date YYYY-MM-DD (got {shown})"),
                )
            }),
        }
    }

    /// An integer parameter within bounds.
    pub fn int(&self, key: &str, min: i64, max: i64, default: i64) -> Result<i64, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some(s) => {
                match s.parse::<i64>() {
                    Ok(v) if v >= min && v <= max => Ok(v),
                    _ => {
                        let shown: String = s.chars().take(40).collect();
                        Err(ApiError::parameter(
                        key,
                        format!("{key} は{min}以上{max}以下の整数で指定してください (入力: {shown})"),
                        format!("{key} must be an integer from {min} to {max} (got {shown})"),
                    ))
                    }
                }
            }
        }
    }

    /// A value from a closed list.
    pub fn choice<'a>(&'a self, key: &str, allowed: &[&str]) -> Result<Option<&'a str>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(s) if allowed.contains(&s) => Ok(Some(s)),
            Some(s) => {
                let shown: String = s.chars().take(40).collect();
                let list = if allowed.len() > 12 {
                    format!("{}, …", allowed[..12].join(", "))
                } else {
                    allowed.join(", ")
                };
                Err(ApiError::parameter(
                    key,
                    format!("{key} に `{shown}` は使えません。使える値: {list}"),
                    format!("{key}: `{shown}` is not allowed; expected one of: {list}"),
                ))
            }
        }
    }

    /// A free text parameter up to 500 characters.
    pub fn text(&self, key: &str) -> Result<Option<&str>, ApiError> {
        match self.get(key) {
            Some(s) if s.chars().count() > super::request::reader::MAX_STRING => {
                Err(ApiError::parameter(
                    key,
                    format!("{key} は500文字以内で指定してください"),
                    format!("{key} must be at most 500 characters"),
                ))
            }
            other => Ok(other),
        }
    }

    /// The opaque page cursor: an offset.
    pub fn cursor(&self) -> Result<usize, ApiError> {
        match self.get("cursor") {
            None => Ok(0),
            Some(s) => decode_cursor(s).ok_or_else(|| {
                ApiError::parameter(
                    "cursor",
                    "cursor は前のページの next_cursor をそのまま指定してください".into(),
                    "cursor must be the next_cursor of a previous page".into(),
                )
            }),
        }
    }
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    super::request::reader::full_date(s)
}

pub fn encode_cursor(offset: usize) -> String {
    format!("o{offset}")
}

pub fn decode_cursor(s: &str) -> Option<usize> {
    let n = s.strip_prefix('o')?;
    if n.is_empty() || n.len() > 9 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}
