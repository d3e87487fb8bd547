//! Calculation options: the chosen readings of ambiguous rules.

use std::collections::BTreeMap;

use serde_json::Value;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};

use serde::de::{Deserializer, MapAccess, Visitor};

use super::field::{next_key, reference, refuse, request_object, string, Components, Field, Key};
use super::reader::{FieldErrorKind, Reader};
use crate::engine::vocab::Interpretation;

/// Readings chosen per interpretation id; each value is one of that question's readings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterpretationChoices(pub BTreeMap<Interpretation, String>);

impl utoipa::PartialSchema for InterpretationChoices {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let mut obj = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("Chosen readings by interpretation id (Q1–Q16); the first reading of each is the default."))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for q in Interpretation::ALL {
            obj = obj.property(
                q.as_str(),
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(q.readings().to_vec()))
                    .description(Some(q.label().en)),
            );
        }
        obj.into()
    }
}

impl utoipa::ToSchema for InterpretationChoices {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("InterpretationChoices")
    }
}

impl Field for InterpretationChoices {
    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        let ids: Vec<&str> = Interpretation::ALL.iter().map(|i| i.as_str()).collect();
        let map = r.object(v, ptr, &ids)?;
        let mut out = BTreeMap::new();
        for (k, v) in map {
            let Some(q) = Interpretation::parse(k) else {
                continue;
            };
            let p = format!("{ptr}/{k}");
            if v.is_null() {
                r.error(
                    &p,
                    FieldErrorKind::InvalidType,
                    format!("{p}: 解釈を文字列で指定してください"),
                    format!("{p}: expected a string"),
                );
                continue;
            }
            let Some(s) = string(r, v, &p) else {
                continue;
            };
            if q.readings().contains(&s) {
                out.insert(q, s.to_string());
            } else {
                r.error(
                    &p,
                    FieldErrorKind::InvalidField,
                    format!("{p}: 使える解釈: {}", q.readings().join(", ")),
                    format!("{p}: expected one of: {}", q.readings().join(", ")),
                );
            }
        }
        Some(InterpretationChoices(out))
    }

    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = InterpretationChoices;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("InterpretationChoices")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = next_key(&mut m)? {
                    let q = Interpretation::parse(&key.0).ok_or_else(|| refuse("unknown key"))?;
                    let reading = m.next_value::<Key<'de>>()?;
                    if !q.readings().contains(&&*reading.0) {
                        return Err(refuse("not a reading"));
                    }
                    if out.insert(q, reading.0.into_owned()).is_some() {
                        return Err(refuse("duplicate key"));
                    }
                }
                Ok(InterpretationChoices(out))
            }
        }
        d.deserialize_map(V)
    }

    fn schema() -> Value {
        reference("InterpretationChoices")
    }

    fn components(out: &mut Components) {
        use utoipa::ToSchema;
        out.push((
            Self::name().into_owned(),
            <Self as utoipa::PartialSchema>::schema(),
        ));
    }
}

request_object! {
    /// Calculation options.
    "CalculationOptions" pub struct CalculationOptions {
        /// Chosen readings of ambiguous rules, by interpretation id (`{"invoice_band": "cost_band"}`); see `/v1/vocabulary`.
        pub interpretations: Option<InterpretationChoices>,
    }
}

impl CalculationOptions {
    /// The chosen readings of `options`, none when absent.
    pub fn interpretations(
        options: Option<CalculationOptions>,
    ) -> BTreeMap<Interpretation, String> {
        options
            .and_then(|o| o.interpretations)
            .map(|c| c.0)
            .unwrap_or_default()
    }
}
