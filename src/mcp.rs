//! The Model Context Protocol server: six tools, each a thin call into the function the REST
//! route uses after parsing its request, so an assistant gets exactly the REST answer.
//!
//! Input schemas come from the OpenAPI document (the request types and query parameters of
//! the same operations); results are the REST JSON as structured content plus a short ja/en
//! text naming the catalog edition and the sources; failures are tool errors whose structured
//! content is the problem+json the REST route would answer (same `code`, same pointers).

use std::collections::BTreeSet;
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{json, Map, Value};

use crate::http::body::{Body, MAX_BODY};
use crate::http::problem::{ApiError, ErrorCode};
use crate::http::query::Query;
use crate::http::request::reader::{depth, MAX_DEPTH};
use crate::http::routes::{calculations, deadlines, eligibility, plans, programs};
use crate::http::state::AppState;

/// The tools: name, REST operation id, description.
const TOOLS: &[(&str, &str, &str)] = &[
    (
        "search_programs",
        "listPrograms",
        "Search the catalog of Japanese medical-DX subsidies (医療DX 補助金) with the filters of GET /v1/programs: free text, category, facility type, prefecture, status, as_of. Returns programs with status, largest amount and rates.",
    ),
    (
        "get_program",
        "getProgram",
        "One subsidy program (GET /v1/programs/{program_id}): frames, criteria, the formula in words, figures with sources and confidence, windows.",
    ),
    (
        "check_eligibility",
        "evaluateEligibility",
        "Which programs and frames a facility can get (POST /v1/eligibility), criterion by criterion with ja/en reasons, and the inputs still missing. `detail`: full (default) or summary.",
    ),
    (
        "calculate_subsidy",
        "calculateSubsidy",
        "The exact subsidy in integer yen for planned expenses under one program and frame (POST /v1/calculations), with the step-by-step breakdown and each figure's source.",
    ),
    (
        "plan_funding",
        "planFunding",
        "The best funding plan for planned purchases (POST /v1/plans): which frame funds each purchase, in which order and by which dates, proved optimal.",
    ),
    (
        "list_deadlines",
        "listDeadlines",
        "Known application openings and deadlines in a date range (GET /v1/deadlines), with programs whose next window is unknown and why.",
    ),
];

/// Rewrites OpenAPI component references into the schema's own `$defs`.
fn rewrite_refs(v: &mut Value, used: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(name) = r.strip_prefix("#/components/schemas/") {
                    used.insert(name.to_string());
                    *r = format!("#/$defs/{name}");
                }
            }
            for x in map.values_mut() {
                rewrite_refs(x, used);
            }
        }
        Value::Array(items) => {
            for x in items {
                rewrite_refs(x, used);
            }
        }
        _ => {}
    }
}

/// A self-contained JSON Schema: `root` with every component it reaches under `$defs`.
fn with_defs(mut root: Value, components: &Map<String, Value>) -> Value {
    let mut used = BTreeSet::new();
    rewrite_refs(&mut root, &mut used);
    let mut defs = Map::new();
    let mut todo: Vec<String> = used.iter().cloned().collect();
    while let Some(name) = todo.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let Some(schema) = components.get(&name) else {
            continue;
        };
        let mut schema = schema.clone();
        let mut more = BTreeSet::new();
        rewrite_refs(&mut schema, &mut more);
        todo.extend(more.into_iter().filter(|m| !defs.contains_key(m)));
        defs.insert(name, schema);
    }
    if let (Value::Object(obj), false) = (&mut root, defs.is_empty()) {
        obj.insert("$defs".into(), Value::Object(defs));
    }
    root
}

/// The input schema of an operation: its JSON request body, or an object of its parameters.
fn input_schema(doc: &Value, operation_id: &str) -> JsonObject {
    let components = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let op = doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .flat_map(|item| ["get", "post"].into_iter().filter_map(move |m| item.get(m)))
        .find(|op| op["operationId"] == operation_id)
        .cloned()
        .unwrap_or(Value::Null);
    let body = &op["requestBody"]["content"]["application/json"]["schema"];
    let root = if !body.is_null() {
        // The body is one `$ref`; inline it so the root is an object schema.
        let name = body["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .unwrap_or_default();
        components
            .get(name)
            .cloned()
            .unwrap_or_else(|| body.clone())
    } else {
        let mut props = Map::new();
        let mut required = Vec::new();
        for p in op["parameters"].as_array().into_iter().flatten() {
            // Headers (`If-None-Match`) are HTTP's, not the tool's arguments.
            if p["in"] == "header" {
                continue;
            }
            let Some(name) = p["name"].as_str() else {
                continue;
            };
            let mut schema = p["schema"].clone();
            if let (Value::Object(s), Some(d)) = (&mut schema, p["description"].as_str()) {
                s.insert("description".into(), Value::String(d.to_string()));
            }
            props.insert(name.to_string(), schema);
            if p["required"] == true {
                required.push(Value::String(name.to_string()));
            }
        }
        json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
    };
    match with_defs(root, &components) {
        Value::Object(o) => o,
        _ => JsonObject::new(),
    }
}

/// The six tools with their input schemas.
pub fn tools() -> Vec<Tool> {
    let doc = serde_json::to_value(crate::http::openapi_document()).unwrap_or(Value::Null);
    TOOLS
        .iter()
        .map(|(name, op, description)| {
            let mut t = Tool::new(*name, *description, input_schema(&doc, op));
            t.annotations = Some(rmcp::model::ToolAnnotations::new().read_only(true));
            t
        })
        .collect()
}

/// Arguments of a GET operation as query pairs (scalars as their text), for the same checks as
/// a query string.
fn pairs(args: &Map<String, Value>, skip: &[&str]) -> Vec<(String, String)> {
    args.iter()
        .filter(|(k, v)| !skip.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

/// Runs one tool: the same function the REST route calls after parsing, the same JSON out.
pub async fn call(state: &AppState, name: &str, args: Value) -> Result<Value, ApiError> {
    // The same bounds as a request body: size and nesting before any field is read.
    let size = serde_json::to_vec(&args).map(|v| v.len()).unwrap_or(0);
    if size > MAX_BODY {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the arguments are larger than {MAX_BODY} bytes"),
        ));
    }
    if depth(&args) > MAX_DEPTH {
        return Err(ApiError::new(
            ErrorCode::MalformedJson,
            format!("the arguments are nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    let obj = args.as_object().cloned().unwrap_or_default();
    // One catalog edition for the whole call, as a REST request takes one.
    let catalog = state.snapshot();
    match name {
        "search_programs" => {
            let q = Query::from_args(pairs(&obj, &[]), programs::LIST_PARAMETERS)?;
            to_value(&programs::list(state, &catalog, &q)?)
        }
        "get_program" => {
            let q = Query::from_args(pairs(&obj, &["program_id"]), &["as_of"])?;
            let as_of = q.as_of((state.today)())?;
            let id = match obj.get("program_id") {
                Some(Value::String(s)) => s.clone(),
                _ => {
                    return Err(ApiError::parameter(
                        "program_id",
                        "program_id (文字列) は必須です".into(),
                        "program_id (a string) is required".into(),
                    ))
                }
            };
            to_value(&programs::get(&catalog, &id, as_of)?)
        }
        "check_eligibility" => {
            let bytes = eligibility::evaluate(state, &catalog, &Body::Value(args))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
        }
        "calculate_subsidy" => {
            to_value(&calculations::compute(state, &catalog, &Body::Value(args))?)
        }
        "plan_funding" => to_value(&plans::run(state.clone(), catalog, args, None).await?),
        "list_deadlines" => {
            let q = Query::from_args(pairs(&obj, &[]), deadlines::PARAMETERS)?;
            let f = deadlines::Filters::read(&q, (state.today)(), &catalog)?;
            to_value(&deadlines::list(&catalog, &f))
        }
        other => {
            let shown: String = other.chars().take(60).collect();
            Err(ApiError::new(
                ErrorCode::NotFound,
                format!("no tool `{shown}`"),
            ))
        }
    }
}

/// Every `source` id and `source_url`/`url` in an answer, in order of first appearance.
fn sources(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if let (true, Value::String(s)) =
                    (matches!(k.as_str(), "source" | "source_url" | "url"), x)
                {
                    if !out.contains(s) {
                        out.push(s.clone());
                    }
                } else {
                    sources(x, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| sources(x, out)),
        _ => {}
    }
}

fn yen(v: &Value) -> String {
    let mut s = String::new();
    let _ = crate::engine::text::write_yen(&mut s, v.as_i64().unwrap_or(0));
    s
}

/// A short ja/en text a model can quote: the headline figure, the catalog edition, the sources.
pub fn summary_text(name: &str, v: &Value) -> String {
    let len = |k: &str| v[k].as_array().map_or(0, Vec::len);
    let (ja, en) = match name {
        "search_programs" => (
            format!(
                "該当する制度 {} 件 (基準日 {})",
                v["total"],
                v["as_of"].as_str().unwrap_or("")
            ),
            format!(
                "{} matching programs (as of {})",
                v["total"],
                v["as_of"].as_str().unwrap_or("")
            ),
        ),
        "get_program" => (
            format!(
                "{} (状態: {})",
                v["name"]["ja"].as_str().unwrap_or(""),
                v["status"].as_str().unwrap_or("")
            ),
            format!(
                "{} (status: {})",
                v["name"]["en"].as_str().unwrap_or(""),
                v["status"].as_str().unwrap_or("")
            ),
        ),
        "check_eligibility" => (
            format!(
                "{} 制度を判定しました (基準日 {})",
                len("results"),
                v["as_of"].as_str().unwrap_or("")
            ),
            format!(
                "{} programs evaluated (as of {})",
                len("results"),
                v["as_of"].as_str().unwrap_or("")
            ),
        ),
        "calculate_subsidy" => (
            format!(
                "補助額 {}円 ({}/{}, 判定 {}, 金額 {})",
                yen(&v["subsidy_yen"]),
                v["program_id"].as_str().unwrap_or(""),
                v["frame_id"].as_str().unwrap_or(""),
                v["verdict"].as_str().unwrap_or(""),
                v["amount_status"].as_str().unwrap_or("")
            ),
            format!(
                "Subsidy ¥{} ({}/{}, verdict {}, amount {})",
                yen(&v["subsidy_yen"]),
                v["program_id"].as_str().unwrap_or(""),
                v["frame_id"].as_str().unwrap_or(""),
                v["verdict"].as_str().unwrap_or(""),
                v["amount_status"].as_str().unwrap_or("")
            ),
        ),
        "plan_funding" => (
            format!(
                "補助額合計 {}円 / 費用 {}円 (自己負担 {}円)",
                yen(&v["total_subsidy_yen"]),
                yen(&v["total_cost_yen"]),
                yen(&v["self_pay_yen"])
            ),
            format!(
                "Total subsidy ¥{} of ¥{} (self-pay ¥{})",
                yen(&v["total_subsidy_yen"]),
                yen(&v["total_cost_yen"]),
                yen(&v["self_pay_yen"])
            ),
        ),
        "list_deadlines" => (
            format!(
                "{}〜{} の受付・締切 {} 件、次の期間が不明な制度 {} 件",
                v["from"].as_str().unwrap_or(""),
                v["to"].as_str().unwrap_or(""),
                len("deadlines"),
                len("unknown")
            ),
            format!(
                "{} openings and deadlines from {} to {}; {} programs with no known next window",
                len("deadlines"),
                v["from"].as_str().unwrap_or(""),
                v["to"].as_str().unwrap_or(""),
                len("unknown")
            ),
        ),
        _ => (String::new(), String::new()),
    };
    let edition = v["catalog"]["edition"].as_str().unwrap_or("");
    let mut src = Vec::new();
    sources(v, &mut src);
    let shown = src.len().min(8);
    let more = if src.len() > shown {
        format!(" … (+{})", src.len() - shown)
    } else {
        String::new()
    };
    let (list_ja, list_en) = if src.is_empty() {
        (
            "各制度の sources (get_program)".to_string(),
            "each program's sources (get_program)".to_string(),
        )
    } else {
        let list = format!("{}{more}", src[..shown].join(", "));
        (list.clone(), list)
    };
    format!(
        "{ja}。カタログ版 {edition}。出典: {list_ja}\n{en}. Catalog edition {edition}. Sources: {list_en}"
    )
}

/// A tool error carrying the problem+json the REST route would answer.
pub fn error_result(name: &str, e: &ApiError) -> CallToolResult {
    let request_id = uuid::Uuid::new_v4().to_string();
    let problem = e.problem(&request_id, &format!("mcp:tools/{name}"));
    let value = serde_json::to_value(&problem).unwrap_or(Value::Null);
    let mut r = CallToolResult::structured_error(value);
    r.content = vec![ContentBlock::text(format!(
        "{}: {}",
        e.code.as_str(),
        e.detail
    ))];
    r
}

/// The MCP server over the shared state.
#[derive(Clone)]
pub struct Hojokin {
    state: AppState,
    tools: Arc<Vec<Tool>>,
}

impl Hojokin {
    pub fn new(state: AppState) -> Hojokin {
        Hojokin {
            state,
            tools: Arc::new(tools()),
        }
    }

    /// One tool call as an MCP result (never a protocol error for a bad input).
    pub async fn run(&self, name: &str, args: Value) -> CallToolResult {
        match call(&self.state, name, args).await {
            Ok(v) => {
                let text = summary_text(name, &v);
                let mut r = CallToolResult::structured(v);
                r.content = vec![ContentBlock::text(text)];
                r
            }
            Err(e) => {
                tracing::info!(tool = name, code = e.code.as_str(), "tool error");
                error_result(name, &e)
            }
        }
    }
}

impl ServerHandler for Hojokin {
    fn get_info(&self) -> ServerConfig {
        let mut info = Implementation::new("hojokin", env!("CARGO_PKG_VERSION"));
        info.title = Some("医療DX 補助金 (hojokin)".into());
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(info)
            .with_instructions(format!(
                "Japanese medical-DX subsidies (医療DX 補助金): search, eligibility, exact amounts in yen, funding plans and deadlines, from catalog edition {}. Dates are Japan time; money is integer yen; absent profile fields are unknown.",
                self.state.snapshot().edition
            ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.as_ref().clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if !self.tools.iter().any(|t| t.name == request.name) {
            return Err(ErrorData::invalid_params(
                format!("no tool `{}`", request.name),
                None,
            ));
        }
        let args = Value::Object(request.arguments.unwrap_or_default());
        Ok(self.run(&request.name, args).await.into())
    }
}

/// Serves MCP over stdin/stdout until the client closes it.
pub fn serve_stdio(state: AppState) -> std::io::Result<()> {
    use rmcp::ServiceExt;
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let service = Hojokin::new(state)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(std::io::Error::other)?;
        service.waiting().await.map_err(std::io::Error::other)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_tools_with_object_schemas_and_no_openapi_refs() {
        let tools = tools();
        assert_eq!(tools.len(), 6);
        for t in &tools {
            assert_eq!(t.input_schema["type"], "object", "{}", t.name);
            let text = serde_json::to_string(&*t.input_schema).unwrap();
            assert!(!text.contains("#/components/"), "{}", t.name);
        }
        let calc = tools
            .iter()
            .find(|t| t.name == "calculate_subsidy")
            .unwrap();
        assert!(calc.input_schema["properties"]["expenses"].is_object());
        assert!(calc.input_schema["$defs"]["FacilityProfile"].is_object());
        let elig = tools
            .iter()
            .find(|t| t.name == "check_eligibility")
            .unwrap();
        assert!(elig.input_schema["properties"]["detail"].is_object());
        let get = tools.iter().find(|t| t.name == "get_program").unwrap();
        assert_eq!(get.input_schema["required"], json!(["program_id"]));
    }
}
