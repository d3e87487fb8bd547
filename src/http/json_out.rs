//! A small JSON writer for answers made of many short strings that are mostly keys, ids and
//! enum words (eligibility summaries). A generic serializer checks every one of them for
//! characters to escape; here keys and punctuation are written as they are, and only values
//! that may hold such characters are checked.

/// JSON text being written into a byte buffer.
pub struct JsonOut {
    buf: Vec<u8>,
}

impl JsonOut {
    pub fn with_capacity(capacity: usize) -> JsonOut {
        JsonOut {
            buf: Vec::with_capacity(capacity),
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// JSON text written as it is: punctuation and keys such as `{"program_id":`.
    pub fn raw(&mut self, json: &str) -> &mut Self {
        self.buf.extend_from_slice(json.as_bytes());
        self
    }

    /// A string value, escaped as JSON requires.
    pub fn str(&mut self, s: &str) -> &mut Self {
        // A fold over every byte, not `all`: without the early exit the check runs many bytes
        // at a time, and most strings need no escape anyway.
        let plain = !s.bytes().fold(false, |esc, b| {
            esc | (b < 0x20) | (b == b'"') | (b == b'\\')
        });
        if plain {
            self.buf.reserve(s.len() + 2);
            self.buf.push(b'"');
            self.buf.extend_from_slice(s.as_bytes());
            self.buf.push(b'"');
        } else {
            // Writing a string into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut self.buf, s);
        }
        self
    }

    pub fn int<I: itoa::Integer>(&mut self, n: I) -> &mut Self {
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        self
    }

    /// `{"ja":…,"en":…}`.
    pub fn text(&mut self, ja: &str, en: &str) -> &mut Self {
        self.raw("{\"ja\":")
            .str(ja)
            .raw(",\"en\":")
            .str(en)
            .raw("}")
    }

    /// A list: `[` then each item written by `item`, separated by commas, then `]`.
    pub fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut item: impl FnMut(&mut Self, T),
    ) -> &mut Self {
        self.buf.push(b'[');
        for (i, x) in items.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            item(self, x);
        }
        self.buf.push(b']');
        self
    }
}

#[cfg(test)]
mod tests {
    use super::JsonOut;

    fn written(f: impl FnOnce(&mut JsonOut)) -> serde_json::Value {
        let mut out = JsonOut::with_capacity(0);
        f(&mut out);
        serde_json::from_slice(&out.into_bytes()).unwrap_or(serde_json::Value::Null)
    }

    #[test]
    fn strings_are_escaped_only_when_they_need_it() {
        for s in [
            "plain-id",
            "東京都の診療所",
            "quote \" and backslash \\",
            "line\nbreak\tand \u{1} control",
            "",
        ] {
            assert_eq!(
                written(|o| {
                    o.str(s);
                }),
                serde_json::Value::String(s.to_string()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lists_texts_and_numbers() {
        let v = written(|o| {
            o.raw("{\"n\":")
                .int(-42i64)
                .raw(",\"t\":")
                .text("日本語", "English")
                .raw(",\"l\":")
                .list([1u8, 2, 3], |o, x| {
                    o.int(x);
                })
                .raw(",\"e\":")
                .list(std::iter::empty::<u8>(), |_, _| {})
                .raw("}");
        });
        assert_eq!(
            v,
            serde_json::json!({"n": -42, "t": {"ja": "日本語", "en": "English"}, "l": [1, 2, 3], "e": []})
        );
    }
}
