//! The OpenAPI document's frame: info, servers, tags and shared components.

use utoipa::OpenApi;

use super::problem::{ErrorCode, FieldProblem, LocalizedText, Problem};

/// `info`, `servers`, `tags` and the problem components; paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "hojokin",
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
