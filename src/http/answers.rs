//! Answers to GET requests kept per catalog edition. A GET answer depends only on the edition,
//! the request's path and query string, and today's date (the default `as_of`), so it is
//! computed, serialised and given its `ETag` once, and later requests for the same key are
//! answered from the stored bytes. The store belongs to its edition and goes with it when a
//! reload publishes another.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use actix_web::http::header::HeaderValue;
use actix_web::web::Bytes;

/// At most this many answers are kept per edition…
const MAX_ENTRIES: usize = 1024;
/// …holding at most this many bytes together; a store that would grow past either bound starts
/// over (the answers are recomputed on demand), so distinct queries cannot grow memory.
const MAX_BYTES: usize = 16 << 20;
/// Longer keys (long query strings) are not stored.
const MAX_KEY: usize = 1024;

/// One stored answer.
pub struct Stored {
    pub etag: HeaderValue,
    pub content_type: &'static str,
    pub body: Bytes,
}

#[derive(Default)]
struct Store {
    map: HashMap<Box<str>, Arc<Stored>>,
    bytes: usize,
}

/// The stored answers of one edition.
#[derive(Default)]
pub struct Answers(RwLock<Store>);

impl Answers {
    pub fn get(&self, key: &str) -> Option<Arc<Stored>> {
        // A poisoned lock only means a panic elsewhere while inserting; the map is still whole.
        let store = self.0.read().unwrap_or_else(|e| e.into_inner());
        store.map.get(key).cloned()
    }

    /// Keeps `answer` under `key` (within the bounds) and returns it.
    pub fn put(&self, key: &str, answer: Stored) -> Arc<Stored> {
        let answer = Arc::new(answer);
        let size = key.len() + answer.body.len();
        if key.len() > MAX_KEY || size > MAX_BYTES {
            return answer;
        }
        let mut store = self.0.write().unwrap_or_else(|e| e.into_inner());
        if store.map.len() >= MAX_ENTRIES || store.bytes + size > MAX_BYTES {
            store.map.clear();
            store.bytes = 0;
        }
        if store.map.insert(key.into(), answer.clone()).is_none() {
            store.bytes += size;
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(n: usize) -> Stored {
        Stored {
            etag: HeaderValue::from_static("\"x\""),
            content_type: "application/json",
            body: Bytes::from(vec![b' '; n]),
        }
    }

    #[test]
    fn keeps_answers_within_bounds() {
        let a = Answers::default();
        assert!(a.get("k").is_none());
        a.put("k", stored(10));
        assert_eq!(a.get("k").map(|s| s.body.len()), Some(10));
        for i in 0..MAX_ENTRIES + 5 {
            a.put(&format!("k{i}"), stored(1));
        }
        let store = a.0.read().unwrap_or_else(|e| e.into_inner());
        assert!(store.map.len() <= MAX_ENTRIES);
        drop(store);
        // Too large to keep: answered, not stored.
        a.put("big", stored(MAX_BYTES + 1));
        assert!(a.get("big").is_none());
        a.put(&"q".repeat(MAX_KEY + 1), stored(1));
        assert!(a.get(&"q".repeat(MAX_KEY + 1)).is_none());
    }
}
