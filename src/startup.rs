//! The one app factory (shared by `main` and the tests) and the server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Compress, Condition};
use actix_web::{web, App};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::http::state::AppState;
use crate::http::{self, MethodTable};

/// Server settings beyond the shared state.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub workers: Option<usize>,
    /// Origins allowed by CORS; empty = no CORS headers at all.
    pub cors_origins: Vec<String>,
    pub shutdown_grace_secs: u64,
    /// Plan deadline in milliseconds (0: the default).
    pub plan_deadline_ms: u64,
    /// Plans computed at once (None: one per core).
    pub plan_concurrency: Option<usize>,
    /// Time for each request's headers to arrive, in seconds (0: the default).
    pub header_timeout_secs: u64,
    /// An idle keep-alive connection closes after this many seconds (0: the default).
    pub keep_alive_secs: u64,
    /// Open connections at most (None: the default); more are answered 503 and closed.
    pub max_connections: Option<usize>,
    /// Origins that may frame `/embed/`; empty or `*` = any.
    pub embed_origins: Vec<String>,
    /// Serve MCP over streamable HTTP at `/mcp`.
    pub mcp: bool,
    /// Host names `/mcp` answers besides loopback (DNS-rebinding defence).
    pub mcp_allowed_hosts: Vec<String>,
}

/// The MCP endpoint, shared by every worker so sessions survive across them.
pub type McpService = rmcp_actix_web::transport::StreamableHttpService<
    crate::mcp::Hojokin,
    rmcp_actix_web::transport::LocalSessionManager,
>;

/// The streamable HTTP MCP service over the state, within the REST body limit.
pub fn mcp_service(state: &AppState, allowed_hosts: &[String]) -> McpService {
    let server = crate::mcp::Hojokin::new(state.clone());
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "::1"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    hosts.extend(
        allowed_hosts
            .iter()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty()),
    );
    rmcp_actix_web::transport::StreamableHttpService::builder()
        .service_factory(Arc::new(move || Ok(server.clone())))
        .session_manager(Arc::new(
            rmcp_actix_web::transport::LocalSessionManager::default(),
        ))
        .stateful_mode(true)
        .max_request_body_bytes(crate::http::body::MAX_BODY)
        .allowed_hosts(hosts)
        .build()
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "HEAD", "POST", "OPTIONS"])
        .allowed_headers(["content-type", "x-request-id", "if-none-match"])
        .expose_headers(["x-request-id", "x-catalog-edition", "etag", "retry-after"])
        .max_age(600);
    // `*`: a public read-only deployment (the API holds no user data). Any origin, answered
    // with the wildcard and never with credentials.
    if origins.iter().any(|o| o == "*") {
        return cors.allow_any_origin().send_wildcard();
    }
    for o in origins {
        cors = cors.allowed_origin(o);
    }
    cors
}

/// The application with every route, the Swagger UI and the fallbacks; `/embed/` may be
/// framed by any origin.
pub fn app(
    state: AppState,
    cors_origins: &[String],
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    app_with(state, cors_origins, &[], None)
}

/// The application, with the origins that may frame `/embed/` (empty or `*` = any) and MCP at
/// `/mcp` when given.
pub fn app_with(
    state: AppState,
    cors_origins: &[String],
    embed_origins: &[String],
    mcp: Option<McpService>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(http::openapi::ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .configure(http::configure)
        .split_for_parts();
    let table = MethodTable::from_document(&api);
    let api = http::openapi::document(api);
    let origins: Vec<String> = cors_origins
        .iter()
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect();
    app.app_data(web::Data::new(table))
        .configure(|cfg| {
            if let Some(service) = mcp {
                cfg.service(web::scope("/mcp").service(service.scope()));
            }
        })
        .service(http::routes::health::metrics)
        .service(
            SwaggerUi::new("/swagger-ui/{_:.*}")
                .external_url_unchecked("/openapi.json", api)
                .config(
                    // No validator badge: it would call validator.swagger.io from the browser.
                    Config::default()
                        .validator_url("none")
                        .try_it_out_enabled(true)
                        .display_operation_id(true),
                ),
        )
        .configure(|cfg| http::embed::configure(cfg, http::embed::Embed::new(embed_origins)))
        .default_service(web::to(http::fallback))
        // Inside CORS, so a 429 carries the CORS headers a browser needs to read it.
        .wrap(from_fn(http::middleware::rate_limit))
        // Inside CORS too, so an early 413 can be read by a browser.
        .wrap(from_fn(http::middleware::early_limit))
        .wrap(Condition::new(!origins.is_empty(), cors(&origins)))
        .wrap(from_fn(http::middleware::request_context))
        // Outermost, so that it compresses the body the request context wrote (problem bodies
        // included); gzip, brotli or zstd by `Accept-Encoding`, identity otherwise.
        .wrap(Compress::default())
}

/// Starts the server on a bound listener. SIGTERM and SIGINT stop it gracefully: in-flight
/// requests finish within the grace period.
///
/// Assembled from actix-web's parts rather than `HttpServer` so that each socket is wrapped
/// (`http::conn`): every request's headers are bounded in time, not only the first one's, and
/// connections past the cap are answered 503.
pub fn run(
    listener: TcpListener,
    mut state: AppState,
    options: Options,
) -> std::io::Result<Server> {
    use actix_http::{HttpService, KeepAlive, Protocol};
    use actix_service::{fn_service, map_config, IntoServiceFactory, ServiceFactoryExt};
    use actix_web::dev::AppConfig;
    use std::time::Duration;

    if options.plan_deadline_ms > 0 {
        state.plan_deadline = Duration::from_millis(options.plan_deadline_ms);
    }
    if let Some(n) = options.plan_concurrency {
        state.plan_slots = crate::http::admission::Slots::new(n);
    }
    let origins = options.cors_origins.clone();
    let embed = options.embed_origins.clone();
    // Made after the plan settings, so MCP's plan_funding shares the REST admission slots.
    let mcp = options
        .mcp
        .then(|| mcp_service(&state, &options.mcp_allowed_hosts));
    let addr = listener.local_addr()?;
    let secs = |s: u64, default: u64| Duration::from_secs(if s == 0 { default } else { s });
    let head_timeout = secs(options.header_timeout_secs, DEFAULT_HEADER_TIMEOUT_SECS);
    let keep_alive = secs(options.keep_alive_secs, DEFAULT_KEEP_ALIVE_SECS);
    let gate = crate::http::conn::Gate::new(
        options.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS),
        head_timeout,
    );
    let mut builder = actix_web::dev::Server::build().shutdown_timeout(options.shutdown_grace_secs);
    if let Some(w) = options.workers {
        builder = builder.workers(w.clamp(1, 512));
    }
    let shutdown = builder.graceful_shutdown_signal();
    let builder = builder.listen("hojokin", listener, move || {
        let gate = gate.clone();
        let shutdown = shutdown.clone();
        let factory = app_with(state.clone(), &origins, &embed, mcp.clone())
            .into_factory()
            .map_err(|e: actix_web::Error| e.error_response());
        let http = HttpService::build()
            .keep_alive(KeepAlive::Timeout(keep_alive))
            .client_request_timeout(head_timeout)
            .client_disconnect_timeout(Duration::from_secs(1))
            .local_addr(addr)
            .on_connect_ext(|io: &crate::http::conn::Guarded, ext| {
                ext.insert(io.client_gone());
            })
            .graceful_shutdown_signal(move || {
                let signal = shutdown.clone();
                async move { signal.notified().await }
            })
            .finish(map_config(factory, move |_| AppConfig::default()));
        fn_service(move |io: actix_web::rt::net::TcpStream| {
            let gate = gate.clone();
            async move {
                let _ = io.set_nodelay(true);
                let peer = io.peer_addr().ok();
                Ok((gate.admit(io).await, Protocol::Http1, peer))
            }
        })
        .and_then(http)
    })?;
    Ok(builder.run())
}

/// Defaults of the connection settings.
pub const DEFAULT_HEADER_TIMEOUT_SECS: u64 = 5;
pub const DEFAULT_KEEP_ALIVE_SECS: u64 = 5;
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// Binds the address.
pub fn bind(host: &str, port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind((host, port))
}

pub fn state(catalog: Arc<crate::engine::catalog::Catalog>, request_timeout_secs: u64) -> AppState {
    let mut state = AppState::new(catalog);
    state.request_timeout = std::time::Duration::from_secs(request_timeout_secs.max(1));
    state
}
