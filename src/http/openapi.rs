//! The OpenAPI document's frame: info, servers, tags and shared components.

use utoipa::OpenApi;

use super::problem::{ErrorCode, FieldProblem, LocalizedText, Problem};

/// `info`, `servers`, `tags` and the problem components; paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "hojokin",
        // The contract's own semantic version (CHANGELOG.md), not the crate's.
        version = "1.0.0",
        description = "医療DX 補助金 API: which subsidies a Japanese hospital, clinic or pharmacy can get, why or why not, and exactly how much.\n\nMoney is integer yen; rates are exact fractions; dates are Japan time. Every error is `application/problem+json` with a stable `code` and the invalid fields as JSON Pointers.\n\nEvery answer is compressed when the request's `Accept-Encoding` asks for it (`br`, `gzip` or `zstd`). Origins allowed by `HOJOKIN_CORS_ORIGINS` (or `*`: any origin, without credentials) may call the API from a browser.",
        license(name = "MIT", identifier = "MIT"),
        contact(name = "hojokin", url = "https://hojokin.dev")
    ),
    // Relative, so Swagger UI's "Try it out" and generated clients work on any host and port.
    servers((url = "/", description = "This server")),
    // A public, read-only API: no authentication (an empty requirement says so explicitly).
    security(()),
    tags(
        (name = "catalog", description = "Programs, frames, dated figures and vocabularies"),
        (name = "eligibility", description = "Which programs a facility can get, criterion by criterion"),
        (name = "calculation", description = "Exact subsidy in yen with a breakdown"),
        (name = "planning", description = "The best funding plan for planned purchases: assignments, dated roadmap, counterfactuals"),
        (name = "operations", description = "Health and readiness"),
    ),
    components(schemas(Problem, ErrorCode, FieldProblem, LocalizedText))
)]
pub struct ApiDoc;

/// Every `/v1` operation may answer 429 `rate_limited` with `Retry-After` when a rate limit is
/// configured; added here once rather than to each route.
pub fn document_rate_limit(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::header::HeaderBuilder;
    use utoipa::openapi::{Content, Object, Ref, ResponseBuilder, Type};
    let response = ResponseBuilder::new()
        .description(
            "Too many requests from this client (only when the deployment sets HOJOKIN_RATE_LIMIT)",
        )
        .header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(Object::with_type(Type::Integer)))
                .description(Some("Seconds to wait before retrying"))
                .build(),
        )
        .content(
            "application/problem+json",
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
        .build();
    for (path, item) in api.paths.paths.iter_mut() {
        if !path.starts_with("/v1/") {
            continue;
        }
        for op in [&mut item.get, &mut item.post].into_iter().flatten() {
            op.responses
                .responses
                .insert("429".into(), response.clone().into());
        }
    }
}

/// The published document: the derived one with the conventions every operation shares, in
/// the shapes clients type (see `contract`).
pub fn document(mut api: utoipa::openapi::OpenApi) -> Value {
    document_rate_limit(&mut api);
    let mut doc = serde_json::to_value(&api).unwrap_or(Value::Null);
    contract(&mut doc);
    doc
}

use serde_json::{json, Map, Value};

/// A tagged union: the tag's value, the variant's schema name, the properties only it has and
/// which of them it always has.
type Variant = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Response objects whose properties depend on a tag, published as `oneOf` with a
/// discriminator so a client narrows on the tag (the Rust structs stay flat).
const UNIONS: [(&str, &str, &[Variant]); 4] = [
    (
        "RoadmapStep",
        "kind",
        &[
            ("preparation", "PreparationStep", &["due_by"], &[]),
            (
                "application",
                "ApplicationStep",
                &["program_id", "frame_id", "due_by", "window"],
                &["program_id", "frame_id", "window"],
            ),
            (
                "introduce_system",
                "IntroduceSystemStep",
                &["program_id", "frame_id", "system", "due_by"],
                &["system"],
            ),
            (
                "purchase",
                "PurchaseStep",
                &["program_id", "frame_id", "due_by"],
                &[],
            ),
        ],
    ),
    (
        "Assignment",
        "status",
        &[
            (
                "funded",
                "FundedAssignment",
                &["program_id", "frame_id", "stacked"],
                &["program_id", "frame_id"],
            ),
            (
                "unfunded",
                "UnfundedAssignment",
                &["reason", "message"],
                &["reason", "message"],
            ),
        ],
    ),
    (
        "StepFigure",
        "kind",
        &[
            ("rate", "RateFigure", &["rate"], &["rate"]),
            ("limit", "LimitFigure", &["yen", "op"], &["yen", "op"]),
            ("per_unit", "PerUnitFigure", &["yen"], &["yen"]),
            (
                "rounding",
                "RoundingFigure",
                &["unit", "direction"],
                &["unit", "direction"],
            ),
        ],
    ),
    (
        "Change",
        "kind",
        &[
            (
                "introduce_system",
                "IntroduceSystemChange",
                &["system"],
                &["system"],
            ),
            (
                "declare_intention",
                "DeclareIntentionChange",
                &["system"],
                &["system"],
            ),
            (
                "notify_fee",
                "NotifyFeeChange",
                &["fee", "by"],
                &["fee", "by"],
            ),
            (
                "provide_input",
                "ProvideInputChange",
                &["field"],
                &["field"],
            ),
            ("fact", "FactChange", &["code"], &["code"]),
        ],
    ),
];

/// Tag enums that only the unions used; each variant now states its own value.
const TAG_ENUMS: [&str; 4] = [
    "RoadmapStepKind",
    "AssignmentStatus",
    "StepFigureKind",
    "ChangeKind",
];

/// Conventions applied once rather than on each route:
/// - in responses an absent value is omitted, never `null`, so no response schema is nullable
///   (requests still accept `null` for "not given");
/// - every JSON operation shows a real answer as its example;
/// - every operation documents 500 and 503, `x-request-id` and `x-catalog-edition` on its
///   answers, and the cached GETs `ETag` with `If-None-Match`;
/// - the tagged unions above.
pub fn contract(doc: &mut Value) {
    let (responses, requests) = reachable(doc);
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in responses.difference(&requests) {
            if let Some(s) = schemas.get_mut(name) {
                strip_null(s);
            }
        }
        for (name, tag, variants) in UNIONS {
            split(schemas, name, tag, variants);
        }
        for name in TAG_ENUMS {
            schemas.remove(name);
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            for method in ["get", "post"] {
                if let Some(op) = item.get_mut(method) {
                    operation_conventions(op);
                }
            }
        }
    }
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "headers": {"x-request-id": request_id_header()},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn request_id_header() -> Value {
    json!({
        "description": "Id of this request (also `request_id` in problem answers); quote it when reporting a problem.",
        "schema": {"type": "string"}
    })
}

/// A real answer of each JSON operation, lists cut to two items (`scripts/contract-examples.py`).
const EXAMPLES: [(&str, &str); 10] = [
    ("getHealth", include_str!("examples/getHealth.json")),
    ("getReadiness", include_str!("examples/getReadiness.json")),
    ("getCatalog", include_str!("examples/getCatalog.json")),
    (
        "listVocabulary",
        include_str!("examples/listVocabulary.json"),
    ),
    ("listPrograms", include_str!("examples/listPrograms.json")),
    ("getProgram", include_str!("examples/getProgram.json")),
    ("listDeadlines", include_str!("examples/listDeadlines.json")),
    (
        "evaluateEligibility",
        include_str!("examples/evaluateEligibility.json"),
    ),
    (
        "calculateSubsidy",
        include_str!("examples/calculateSubsidy.json"),
    ),
    ("planFunding", include_str!("examples/planFunding.json")),
];

fn operation_conventions(op: &mut Value) {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if let Some((_, text)) = EXAMPLES.iter().find(|(name, _)| *name == id) {
        if let (Some(media), Ok(value)) = (
            op.pointer_mut("/responses/200/content/application~1json"),
            serde_json::from_str::<Value>(text),
        ) {
            media["examples"] = json!({"answer": {"summary": "A real answer (lists cut to two items)", "value": value}});
        }
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    let cached = responses.contains_key("304");
    responses.entry("500").or_insert_with(|| {
        problem_response(
            "Internal error (`internal`): a fault of the service, never of the request",
        )
    });
    responses.entry("503").or_insert_with(|| {
        problem_response("Too many open connections (`overloaded`, with `Retry-After`)")
    });
    for (status, response) in responses.iter_mut() {
        let Some(r) = response.as_object_mut() else {
            continue;
        };
        let headers = r
            .entry("headers")
            .or_insert_with(|| json!({}))
            .as_object_mut();
        let Some(headers) = headers else { continue };
        headers
            .entry("x-request-id")
            .or_insert_with(request_id_header);
        if status.starts_with('2') || status == "304" {
            headers.entry("x-catalog-edition").or_insert_with(|| {
                json!({
                    "description": "The catalog edition the answer was computed from: `EDITION; hash=H` (edition name, then the catalog's content hash).",
                    "schema": {"type": "string", "pattern": "^[^;]+; hash=[0-9a-f]+$"}
                })
            });
        }
        if cached && (status == "200" || status == "304") {
            headers.entry("ETag").or_insert_with(|| {
                json!({
                    "description": "Tag of this answer for this catalog edition, request and date; send it back in `If-None-Match` to get 304 while it holds.",
                    "schema": {"type": "string"}
                })
            });
        }
    }
    if cached {
        let params = op
            .as_object_mut()
            .map(|o| o.entry("parameters").or_insert_with(|| json!([])));
        if let Some(Value::Array(params)) = params {
            params.push(json!({
                "name": "If-None-Match",
                "in": "header",
                "required": false,
                "description": "An `ETag` from an earlier answer: 304 without a body while the answer is the same.",
                "schema": {"type": "string"}
            }));
        }
    }
}

/// Names of component schemas reachable from responses, and from request bodies and parameters.
fn reachable(
    doc: &Value,
) -> (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
) {
    let mut responses = std::collections::BTreeSet::new();
    let mut requests = std::collections::BTreeSet::new();
    let empty = Map::new();
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for op in item.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(r) = op.get("responses") {
                    collect_refs(r, schemas, &mut responses);
                }
                for key in ["requestBody", "parameters"] {
                    if let Some(r) = op.get(key) {
                        collect_refs(r, schemas, &mut requests);
                    }
                }
            }
        }
    }
    (responses, requests)
}

fn collect_refs(
    v: &Value,
    schemas: &Map<String, Value>,
    out: &mut std::collections::BTreeSet<String>,
) {
    match v {
        Value::Object(o) => {
            if let Some(name) = o
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                if out.insert(name.to_string()) {
                    if let Some(s) = schemas.get(name) {
                        collect_refs(s, schemas, out);
                    }
                }
            }
            for x in o.values() {
                collect_refs(x, schemas, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, schemas, out)),
        _ => {}
    }
}

/// Removes `null` from every type and `oneOf` in a response schema.
fn strip_null(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(types)) = o.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let t = types[0].clone();
                    o.insert("type".into(), t);
                }
            }
            let single = match o.get_mut("oneOf") {
                Some(Value::Array(items)) => {
                    items.retain(|i| i.get("type").and_then(Value::as_str) != Some("null"));
                    if items.len() == 1 {
                        items.pop()
                    } else {
                        None
                    }
                }
                _ => None,
            };
            if let Some(Value::Object(inner)) = single {
                o.remove("oneOf");
                for (k, x) in inner {
                    o.entry(k).or_insert(x);
                }
            }
            o.values_mut().for_each(strip_null);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_null),
        _ => {}
    }
}

fn split(schemas: &mut Map<String, Value>, name: &str, tag: &str, variants: &[Variant]) {
    let Some(base) = schemas.get(name).cloned() else {
        return;
    };
    let specific: Vec<&str> = variants.iter().flat_map(|v| v.2.iter().copied()).collect();
    let empty = Map::new();
    let props = base
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required: Vec<&str> = base
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let description = base.get("description").cloned();
    let mut one_of = Vec::new();
    let mut mapping = Map::new();
    for (value, variant, own, always) in variants {
        let mut p = Map::new();
        for (k, s) in props {
            if !specific.contains(&k.as_str()) || own.contains(&k.as_str()) {
                p.insert(k.clone(), s.clone());
            }
        }
        let mut tag_schema = json!({"type": "string", "enum": [value]});
        if let Some(d) = props.get(tag).and_then(|s| s.get("description")) {
            tag_schema["description"] = d.clone();
        }
        p.insert(tag.to_string(), tag_schema);
        let mut req: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| p.contains_key(*r))
            .collect();
        for r in always.iter().copied().chain([tag]) {
            if !req.contains(&r) {
                req.push(r);
            }
        }
        let mut s = json!({"type": "object", "properties": p, "required": req});
        if let Some(d) = &description {
            s["description"] = json!(format!(
                "{} (`{tag}` = `{value}`)",
                d.as_str().unwrap_or_default()
            ));
        }
        let reference = format!("#/components/schemas/{variant}");
        schemas.insert(variant.to_string(), s);
        one_of.push(json!({"$ref": reference}));
        mapping.insert(value.to_string(), json!(reference));
    }
    let mut union = json!({
        "oneOf": one_of,
        "discriminator": {"propertyName": tag, "mapping": mapping}
    });
    if let Some(d) = description {
        union["description"] = d;
    }
    schemas.insert(name.to_string(), union);
}
