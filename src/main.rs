//! `hojokin`: serve the API, or check a catalog.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use hojokin::config::{CatalogCommand, Cli, Command};
use hojokin::engine::catalog::{self, Catalog, CatalogError};

// jemalloc: the engine allocates many short strings (reasons, breakdown sentences), where it is
// about twice as fast as the system allocator at a similar resident size (docs/performance.md).
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn load(dir: Option<&std::path::Path>) -> Result<Catalog, Vec<CatalogError>> {
    let loaded = match dir {
        Some(d) => catalog::from_dir(d),
        None => catalog::embedded(),
    };
    hojokin::memory::release_freed();
    loaded
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Catalog {
            command: CatalogCommand::Check { dir },
        }) => match load(dir.as_deref().or(cli.serve.catalog_dir.as_deref())) {
            Ok(c) => {
                println!(
                    "ok: {} programs, {} frames (edition {}, hash {})",
                    c.programs.len(),
                    c.frame_count(),
                    c.edition,
                    c.hash
                );
                ExitCode::SUCCESS
            }
            Err(errors) => {
                for e in &errors {
                    eprintln!("{e}");
                }
                eprintln!("{} error(s)", errors.len());
                ExitCode::FAILURE
            }
        },
        Some(Command::Catalog {
            command: CatalogCommand::Diff { old, new, format },
        }) => hojokin::catalog_diff::run(&old, &new, format),
        Some(Command::Openapi) => {
            match serde_json::to_string_pretty(&hojokin::http::openapi_document()) {
                Ok(s) => {
                    println!("{s}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::Mcp) => mcp(cli.serve),
        Some(Command::Serve) | None => serve(cli.serve),
    }
}

/// SIGHUP reloads a catalog directory; with the embedded catalog there is nothing to reload.
/// Also forgets idle rate-limit buckets every minute.
fn background_tasks(
    trigger: Option<hojokin::reload::Trigger>,
    state: hojokin::http::state::AppState,
) {
    use actix_web::rt::signal::unix::{signal, SignalKind};
    match signal(SignalKind::hangup()) {
        Ok(mut hup) => {
            actix_web::rt::spawn(async move {
                while hup.recv().await.is_some() {
                    match &trigger {
                        Some(t) => t.reload(),
                        None => tracing::info!(
                            "SIGHUP: the catalog is the embedded one; there is nothing to reload"
                        ),
                    }
                }
            });
        }
        Err(e) => tracing::warn!("SIGHUP cannot be handled: {e}"),
    }
    if let Some(limit) = state.rate_limit.clone() {
        actix_web::rt::spawn(async move {
            let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                limit.forget_idle();
            }
        });
    }
}

/// MCP over stdio: stdout carries the protocol, so logs go to stderr (JSON unless asked).
fn mcp(args: hojokin::config::ServeArgs) -> ExitCode {
    hojokin::telemetry::init(args.log_format);
    let catalog = match load(args.catalog_dir.as_deref()) {
        Ok(c) => Arc::new(c),
        Err(errors) => {
            for e in &errors {
                tracing::error!(file = %e.file, path = %e.path, "{}", e.message);
            }
            return ExitCode::FAILURE;
        }
    };
    let state = hojokin::startup::state(catalog, args.request_timeout_secs);
    match hojokin::mcp::serve_stdio(state) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("mcp: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: hojokin::config::ServeArgs) -> ExitCode {
    hojokin::telemetry::init(args.log_format);
    let started = std::time::Instant::now();
    let catalog = match load(args.catalog_dir.as_deref()) {
        Ok(c) => Arc::new(c),
        Err(errors) => {
            for e in &errors {
                tracing::error!(file = %e.file, path = %e.path, "{}", e.message);
            }
            tracing::error!(
                errors = errors.len(),
                "the catalog is invalid; refusing to start"
            );
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = hojokin::http::embed::Embed::check(&args.embed_origins) {
        tracing::error!("{e}");
        return ExitCode::FAILURE;
    }
    let listener = match hojokin::startup::bind(&args.host, args.port) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(host = %args.host, port = args.port, "cannot bind: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let mut state = hojokin::startup::state(catalog.clone(), args.request_timeout_secs);
    if let Some(rate) = args.rate_limit {
        let limit = hojokin::http::ratelimit::RateLimit::new(
            rate,
            args.rate_limit_burst,
            args.trusted_proxies.clone(),
        );
        tracing::info!(
            limit = %limit.describe(),
            trusted_proxies = args.trusted_proxies.len(),
            "rate limit per client address"
        );
        state.rate_limit = Some(Arc::new(limit));
    }
    let trigger = match &args.catalog_dir {
        Some(dir) => {
            let poll = (args.catalog_poll_secs > 0)
                .then(|| std::time::Duration::from_secs(args.catalog_poll_secs));
            match hojokin::reload::watch(dir.clone(), state.clone(), poll) {
                Ok(t) => Some(t),
                Err(e) => {
                    tracing::error!("cannot start the catalog watcher: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        None => None,
    };
    let system = actix_web::rt::System::new();
    let result = system.block_on(async move {
        background_tasks(trigger, state.clone());
        let options = hojokin::startup::Options {
            workers: args.workers,
            cors_origins: args.cors_origins.clone(),
            shutdown_grace_secs: args.shutdown_grace_secs,
            plan_deadline_ms: args.plan_deadline_ms,
            plan_concurrency: args.plan_concurrency,
            header_timeout_secs: args.header_timeout_secs,
            keep_alive_secs: args.keep_alive_secs,
            max_connections: Some(args.max_connections),
            embed_origins: args.embed_origins.clone(),
            mcp: args.mcp == hojokin::config::Switch::On,
            mcp_allowed_hosts: args.mcp_allowed_hosts.clone(),
        };
        let server = hojokin::startup::run(listener, state, options)?;
        tracing::info!(
            address = %addr,
            edition = %catalog.edition,
            hash = %catalog.hash,
            programs = catalog.programs.len(),
            ready_ms = started.elapsed().as_secs_f64() * 1000.0,
            "listening on http://{addr}"
        );
        server.await
    });
    match result {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}
