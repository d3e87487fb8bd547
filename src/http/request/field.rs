//! `Field`: how one request value is read and documented, from the same type.
//!
//! Each request type implements [`Field`] once: `read` checks a JSON value and records every
//! problem in the [`Reader`] with its JSON Pointer; `schema` is the OpenAPI schema of exactly
//! what `read` accepts. Objects are declared with [`request_object!`], which writes the struct,
//! its reader (unknown keys refused, each field read by its type) and its schema (properties,
//! `required`, descriptions from the doc comments) from one field list.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;

use super::reader::{full_date, FieldErrorKind, Reader, MAX_STRING};

/// Named schemas a request schema refers to (`components/schemas`).
pub type Components = Vec<(String, RefOr<Schema>)>;

/// A request value that reads itself from JSON and documents what it accepts.
pub trait Field: Sized {
    /// Whether the field must be present (and not `null`) in its object.
    const REQUIRED: bool = true;

    /// Reads a value that is present and not `null`; `None` when it is invalid (the reason is
    /// recorded in `r`).
    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self>;

    /// Reads the value of an object's key: absent or `null` is an error for a required field.
    fn read_key(r: &mut Reader, v: Option<&Value>, ptr: &str) -> Option<Self> {
        match v {
            None | Some(Value::Null) => {
                r.error(
                    ptr,
                    FieldErrorKind::InvalidField,
                    format!("{ptr} は必須です"),
                    format!("{ptr} is required"),
                );
                None
            }
            Some(v) => Self::read(r, v, ptr),
        }
    }

    /// Reads a value straight from the body's parser, without a `serde_json::Value` in
    /// between: the way a valid request is read. Any error, of any kind, only means "read the
    /// body again with [`Field::read`]", which names every problem with its pointer, so this
    /// reader needs no messages; it must accept nothing that `read` refuses and give what
    /// `read` gives (tested over the worked examples and generated bodies).
    ///
    /// The default reads the value as a `Value` and then with `read`. It refuses objects and
    /// arrays: `Value` would keep the last of two equal keys, where the body reader refuses
    /// them, so a type with such values writes its own (as `request_object!` and [`List`] do).
    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if v.is_object() || v.is_array() {
            return Err(refuse("nested"));
        }
        let mut r = Reader::default();
        match Self::read(&mut r, &v, "") {
            Some(x) if r.count() == 0 => Ok(x),
            _ => Err(refuse("invalid")),
        }
    }

    /// The value of an absent key, when it may be absent.
    fn absent() -> Option<Self> {
        None
    }

    /// The JSON Schema of the accepted values (without `null`), as JSON.
    fn schema() -> Value;

    /// Adds the named schemas `schema` refers to.
    fn components(_out: &mut Components) {}
}

/// Absent or `null` is unknown (`None`); an invalid value is reported and read as unknown, so
/// the rest of its object is still read and checked.
impl<T: Field> Field for Option<T> {
    const REQUIRED: bool = false;

    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        Some(T::read(r, v, ptr))
    }

    fn read_key(r: &mut Reader, v: Option<&Value>, ptr: &str) -> Option<Self> {
        match v {
            None | Some(Value::Null) => Some(None),
            Some(v) => Some(T::read(r, v, ptr)),
        }
    }

    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Field> Visitor<'de> for V<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::fast(d).map(Some)
            }
        }
        d.deserialize_option(V(std::marker::PhantomData))
    }

    fn absent() -> Option<Self> {
        Some(None)
    }

    fn schema() -> Value {
        nullable(T::schema())
    }

    fn components(out: &mut Components) {
        T::components(out)
    }
}

/// `schema` also allowing `null`: `type: [t, "null"]`, or `oneOf` a reference and `null`.
fn nullable(mut schema: Value) -> Value {
    if let Some(t) = schema.get("type").cloned() {
        schema["type"] = match t {
            Value::Array(mut ts) => {
                ts.push("null".into());
                Value::Array(ts)
            }
            t => json!([t, "null"]),
        };
        return schema;
    }
    json!({"oneOf": [schema, {"type": "null"}]})
}

/// A property's schema with its description (on the reference itself when it is one).
pub fn property(mut schema: Value, doc: Option<String>, deprecated: bool) -> Value {
    if let Some(d) = doc {
        let target = match schema.get_mut("oneOf") {
            Some(Value::Array(items)) if !items.is_empty() => &mut items[0],
            _ => &mut schema,
        };
        if let Value::Object(m) = target {
            m.insert("description".into(), Value::String(d));
        }
    }
    if deprecated {
        if let Value::Object(m) = &mut schema {
            m.insert("deprecated".into(), Value::Bool(true));
        }
    }
    schema
}

/// A description from doc comment lines, as utoipa writes it: trailing spaces and the common
/// indentation removed, lines joined with `\n`.
pub fn doc(lines: &[&str]) -> Option<String> {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    if lines.is_empty() {
        return None;
    }
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = lines
        .iter()
        .map(|l| if l.is_empty() { *l } else { &l[indent..] })
        .collect();
    Some(text.join("\n"))
}

/// A reference to a named schema.
pub fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A schema written as JSON, as utoipa's type. The JSON is built by this module, so a shape
/// utoipa cannot hold is a bug here: it shows as an empty schema in the contract test.
pub fn to_schema(v: Value) -> RefOr<Schema> {
    serde_json::from_value(v).unwrap_or_else(|_| RefOr::T(Schema::default()))
}

/// `{base}/{key}` written into a reused buffer.
pub fn at<'b>(buf: &'b mut String, base: &str, key: &str) -> &'b str {
    buf.clear();
    buf.push_str(base);
    buf.push('/');
    buf.push_str(key);
    buf
}

impl Field for bool {
    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        bool::deserialize(d)
    }

    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                r.wrong_type(ptr, "真偽値", "a boolean", other);
                None
            }
        }
    }

    fn schema() -> Value {
        json!({"type": "boolean"})
    }
}

/// A string of `MIN` to `MAX` characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<const MIN: usize, const MAX: usize>(pub String);

/// The string of a value, or a type error.
pub fn string<'a>(r: &mut Reader, v: &'a Value, ptr: &str) -> Option<&'a str> {
    match v {
        Value::String(s) => Some(s),
        other => {
            r.wrong_type(ptr, "文字列", "a string", other);
            None
        }
    }
}

impl<const MIN: usize, const MAX: usize> Field for Text<MIN, MAX> {
    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        fast_str(d, |s| {
            let n = s.chars().count();
            (n <= MAX && n >= MIN).then(|| Text(s.to_string()))
        })
    }

    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        let s = string(r, v, ptr)?;
        let n = s.chars().count();
        if n <= MAX && n >= MIN {
            return Some(Text(s.to_string()));
        }
        let (ja, en) = if MIN == 0 {
            (
                format!("{ptr}: {MAX}文字以内で指定してください"),
                format!("{ptr}: at most {MAX} characters"),
            )
        } else {
            (
                format!("{ptr}: {MIN}〜{MAX}文字で指定してください"),
                format!("{ptr}: {MIN} to {MAX} characters"),
            )
        };
        r.error(ptr, FieldErrorKind::InvalidField, ja, en);
        None
    }

    fn schema() -> Value {
        let mut s = json!({"type": "string", "maxLength": MAX});
        if MIN > 0 {
            s["minLength"] = MIN.into();
        }
        s
    }
}

/// Free text of a request (a description, an id): at most 500 characters.
pub type FreeText = Text<0, MAX_STRING>;

/// A date `YYYY-MM-DD` (RFC 3339 full-date) that exists in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl Field for Date {
    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `full_date` takes exactly ten bytes, so a longer string is refused as `read` refuses it.
        fast_str(d, |s| full_date(s).map(Date))
    }

    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        let s = string(r, v, ptr)?;
        if s.chars().count() > MAX_STRING {
            r.error(
                ptr,
                FieldErrorKind::InvalidField,
                format!("{ptr}: {MAX_STRING}文字以内で指定してください"),
                format!("{ptr}: at most {MAX_STRING} characters"),
            );
            return None;
        }
        match full_date(s) {
            Some(d) => Some(Date(d)),
            None => {
                let shown: String = s.chars().take(40).collect();
                r.error(
                    ptr,
                    FieldErrorKind::InvalidField,
                    format!("{ptr}: 日付は YYYY-MM-DD で指定してください (入力: {shown})"),
                    format!("{ptr}: expected a date YYYY-MM-DD (got {shown})"),
                );
                None
            }
        }
    }

    fn schema() -> Value {
        json!({"type": "string", "format": "date", "maxLength": 10})
    }
}

/// A list of at most `MAX` items, none `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List<T, const MAX: usize>(pub Vec<T>);

impl<T: Field, const MAX: usize> Field for List<T, MAX> {
    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        let items = match v {
            Value::Array(items) => items,
            other => {
                r.wrong_type(ptr, "配列", "an array", other);
                return None;
            }
        };
        if items.len() > MAX {
            r.error(
                ptr,
                FieldErrorKind::TooManyItems,
                format!("{ptr}: 最大{MAX}件です (入力: {}件)", items.len()),
                format!("{ptr}: at most {MAX} items (got {})", items.len()),
            );
            return None;
        }
        // A `null` item is named and the list not read further: no item is meant to be unknown.
        let before = r.count();
        for (i, item) in items.iter().enumerate() {
            if item.is_null() {
                r.wrong_type(
                    &format!("{ptr}/{i}"),
                    "null 以外の値",
                    "a value (not null)",
                    item,
                );
            }
        }
        if r.count() != before {
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut p = String::with_capacity(ptr.len() + 4);
        for (i, item) in items.iter().enumerate() {
            p.clear();
            p.push_str(ptr);
            p.push('/');
            p.push_str(itoa::Buffer::new().format(i));
            // Invalid items are reported and left out; the valid ones are still checked
            // together (duplicate purchase ids).
            if let Some(x) = T::read(r, item, &p) {
                out.push(x);
            }
        }
        Some(List(out))
    }

    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(std::marker::PhantomData<T>);
        impl<'de, T: Field, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = List<T, MAX>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX));
                while let Some(x) = seq.next_element_seed(Fast::<T>::new())? {
                    if out.len() == MAX {
                        return Err(refuse("too many items"));
                    }
                    out.push(x);
                }
                Ok(List(out))
            }
        }
        d.deserialize_seq(V::<T, MAX>(std::marker::PhantomData))
    }

    fn schema() -> Value {
        json!({"type": "array", "items": T::schema(), "maxItems": MAX})
    }

    fn components(out: &mut Components) {
        T::components(out)
    }
}

/// A string value read straight from the parser and turned into `T` by `f` (`None`: refused).
/// Any other JSON type is refused too, as the slow readers do.
pub fn fast_str<'de, D: Deserializer<'de>, T>(
    d: D,
    f: impl FnOnce(&str) -> Option<T>,
) -> Result<T, D::Error> {
    struct V<F>(F);
    impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for V<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).ok_or_else(|| refuse("refused string"))
        }
    }
    d.deserialize_str(V(f))
}

/// [`Field::fast`] as a serde seed, for the values of a sequence or a map.
pub struct Fast<T>(std::marker::PhantomData<T>);

impl<T> Fast<T> {
    pub fn new() -> Self {
        Fast(std::marker::PhantomData)
    }
}

impl<T> Default for Fast<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Field> DeserializeSeed<'de> for Fast<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::fast(d)
    }
}

/// An object's key as the body spells it, borrowed from the body when it has no escapes.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The next key of an object read by [`Field::fast`].
pub fn next_key<'de, A: MapAccess<'de>>(m: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    m.next_key::<Key<'de>>()
}

/// The error of [`Field::fast`]: its message is never shown (the body is read again).
pub fn refuse<E: serde::de::Error>(why: &'static str) -> E {
    E::custom(why)
}

/// A closed vocabulary of the engine read from its wire names and documented as the named enum
/// schema built from the same list (`http::dto::vocab`).
macro_rules! vocabulary_field {
    ($($ty:ty => $doc:ty),+ $(,)?) => {$(
        impl Field for $ty {
            fn fast<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::http::request::field::fast_str(d, <$ty>::parse)
            }

            fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
                let s = string(r, v, ptr)?;
                one_of(r, s, ptr, <$ty>::parse, <$ty>::NAMES)
            }

            fn schema() -> Value {
                reference(&<$doc as utoipa::ToSchema>::name())
            }

            fn components(out: &mut Components) {
                out.push((
                    <$doc as utoipa::ToSchema>::name().into_owned(),
                    <$doc as utoipa::PartialSchema>::schema(),
                ));
            }
        }
    )+};
}
pub(crate) use vocabulary_field;

/// `s` as one of `names`, or an error listing them.
pub fn one_of<T>(
    r: &mut Reader,
    s: &str,
    ptr: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: &[&str],
) -> Option<T> {
    if let Some(t) = parse(s) {
        return Some(t);
    }
    if s.chars().count() > MAX_STRING {
        r.error(
            ptr,
            FieldErrorKind::InvalidField,
            format!("{ptr}: {MAX_STRING}文字以内で指定してください"),
            format!("{ptr}: at most {MAX_STRING} characters"),
        );
        return None;
    }
    let shown: String = s.chars().take(60).collect();
    let list = if names.len() > 12 {
        format!("{}, … (GET /v1/vocabulary)", names[..12].join(", "))
    } else {
        names.join(", ")
    };
    r.error(
        ptr,
        FieldErrorKind::InvalidField,
        format!("{ptr}: `{shown}` は使えません。使える値: {list}"),
        format!("{ptr}: `{shown}` is not allowed; expected one of: {list}"),
    );
    None
}

/// The schema name of a request object (what [`request_object!`] registers).
pub fn name_of(name: &'static str) -> Cow<'static, str> {
    Cow::Borrowed(name)
}

/// An object of the request: the struct, its reader and its schema from one list of fields.
///
/// ```ignore
/// request_object! {
///     /// Doc of the object (its schema's description).
///     "SchemaName" pub struct Name {
///         /// Doc of the field.
///         pub field: Option<Bounded<0, 100>>,
///     }
///     check = Name::check;   // optional: cross-field rules, run when every field was read
/// }
/// ```
///
/// A field written `pub name: T => deprecated,` is documented as deprecated (it is not marked
/// so in Rust: the conversion into the engine still reads it).
macro_rules! request_object {
    (
        $(#[doc = $doc:literal])*
        $schema:literal pub struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                pub $field:ident : $ty:ty $(=> $flag:ident)?,
            )*
        }
        $(check = $check:expr;)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// The keys this object allows.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];

            fn object_schema() -> serde_json::Value {
                let mut props = serde_json::Map::new();
                let mut required: Vec<&str> = Vec::new();
                $(
                    props.insert(
                        stringify!($field).to_string(),
                        $crate::http::request::field::property(
                            <$ty as $crate::http::request::field::Field>::schema(),
                            $crate::http::request::field::doc(&[$($fdoc),*]),
                            false $(|| stringify!($flag) == "deprecated")?,
                        ),
                    );
                    if <$ty as $crate::http::request::field::Field>::REQUIRED {
                        required.push(stringify!($field));
                    }
                )*
                let mut s = serde_json::json!({"type": "object"});
                if let Some(d) = $crate::http::request::field::doc(&[$($doc),*]) {
                    s["description"] = d.into();
                }
                if !required.is_empty() {
                    s["required"] = required.into();
                }
                s["properties"] = serde_json::Value::Object(props);
                s["additionalProperties"] = false.into();
                s
            }
        }

        impl $crate::http::request::field::Field for $name {
            fn read(
                r: &mut $crate::http::request::reader::Reader,
                v: &serde_json::Value,
                ptr: &str,
            ) -> Option<Self> {
                let m = r.object(v, ptr, Self::KEYS)?;
                // One buffer for the fields' pointers: they are kept only on error.
                let mut p = String::with_capacity(ptr.len() + 32);
                $(
                    let $field = <$ty as $crate::http::request::field::Field>::read_key(
                        r,
                        m.get(stringify!($field)),
                        $crate::http::request::field::at(&mut p, ptr, stringify!($field)),
                    );
                )*
                let out = $name { $($field: $field?,)* };
                $( ($check)(&out, r, ptr); )?
                Some(out)
            }

            fn fast<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($schema)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut m: A,
                    ) -> Result<$name, A::Error> {
                        use $crate::http::request::field::{refuse, Fast, Field};
                        $( let mut $field: Option<$ty> = None; )*
                        while let Some(key) = $crate::http::request::field::next_key(&mut m)? {
                            match &*key.0 {
                                $(
                                    stringify!($field) => {
                                        if $field.is_some() {
                                            return Err(refuse("duplicate key"));
                                        }
                                        $field = Some(m.next_value_seed(Fast::<$ty>::new())?);
                                    }
                                )*
                                _ => return Err(refuse("unknown key")),
                            }
                        }
                        let out = $name {
                            $(
                                $field: match $field {
                                    Some(x) => x,
                                    None => <$ty as Field>::absent()
                                        .ok_or_else(|| refuse("missing key"))?,
                                },
                            )*
                        };
                        $(
                            let mut r = $crate::http::request::reader::Reader::default();
                            ($check)(&out, &mut r, "");
                            if r.count() != 0 {
                                return Err(refuse("invalid object"));
                            }
                        )?
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }

            fn schema() -> serde_json::Value {
                $crate::http::request::field::reference($schema)
            }

            fn components(out: &mut $crate::http::request::field::Components) {
                out.push((
                    $schema.to_string(),
                    $crate::http::request::field::to_schema(Self::object_schema()),
                ));
                $( <$ty as $crate::http::request::field::Field>::components(out); )*
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::http::request::field::to_schema(Self::object_schema())
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                $crate::http::request::field::name_of($schema)
            }

            fn schemas(out: &mut $crate::http::request::field::Components) {
                $( <$ty as $crate::http::request::field::Field>::components(out); )*
            }
        }
    };
}
pub(crate) use request_object;
