//! Settings: flags, each also an `HOJOKIN_*` environment variable.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Json,
    Pretty,
}

/// 医療DX 補助金 API: catalog, eligibility and exact subsidy calculation.
#[derive(Debug, Parser)]
#[command(name = "hojokin", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the default).
    Serve,
    /// Catalog tools.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Print the OpenAPI document generated from the code.
    Openapi,
    /// Serve the Model Context Protocol over stdin/stdout (for AI assistants).
    Mcp,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate a catalog directory (default: the embedded catalog); exits 1 with every error.
    Check {
        /// Directory with catalog.toml and programs/.
        dir: Option<PathBuf>,
    },
    /// What an update changes: programs and frames added or removed, and every changed figure,
    /// window, criterion, status and source with its key path, old → new. Exits 0 when the
    /// catalogs are identical, 1 when they differ, 2 when either is invalid.
    Diff {
        /// The catalog directory served now.
        old: PathBuf,
        /// The catalog directory to review.
        new: PathBuf,
        /// `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "HOJOKIN_HOST", default_value = "127.0.0.1", global = true)]
    pub host: String,
    /// Port to listen on (0 = any free port; the bound address is logged).
    #[arg(long, env = "HOJOKIN_PORT", default_value_t = 8080, global = true)]
    pub port: u16,
    /// Log format.
    #[arg(long, env = "HOJOKIN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty, global = true)]
    pub log_format: LogFormat,
    /// Catalog directory to serve instead of the embedded catalog.
    #[arg(long, env = "HOJOKIN_CATALOG_DIR", global = true)]
    pub catalog_dir: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, env = "HOJOKIN_WORKERS", global = true)]
    pub workers: Option<usize>,
    /// Origins allowed by CORS, comma-separated (default: none, no CORS headers).
    #[arg(
        long,
        env = "HOJOKIN_CORS_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub cors_origins: Vec<String>,
    /// Longest time a request may take, in seconds, before it is answered 503.
    #[arg(
        long,
        env = "HOJOKIN_REQUEST_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub request_timeout_secs: u64,
    /// Grace period for in-flight requests on SIGTERM/SIGINT, in seconds.
    #[arg(
        long,
        env = "HOJOKIN_SHUTDOWN_GRACE_SECS",
        default_value_t = 30,
        global = true
    )]
    pub shutdown_grace_secs: u64,
    /// Longest time a plan searches, in milliseconds; then the best plan found so far is
    /// answered (`solver.status` `time_limit`), or 503 `deadline_exceeded` when none was found.
    #[arg(
        long,
        env = "HOJOKIN_PLAN_DEADLINE_MS",
        default_value_t = crate::http::state::DEFAULT_PLAN_DEADLINE_MS,
        global = true
    )]
    pub plan_deadline_ms: u64,
    /// Plans computed at once (default: one per core); more are answered 503 `overloaded`.
    #[arg(long, env = "HOJOKIN_PLAN_CONCURRENCY", global = true)]
    pub plan_concurrency: Option<usize>,
    /// Time for each request's headers to arrive, in seconds; then the connection closes.
    #[arg(
        long,
        env = "HOJOKIN_HEADER_TIMEOUT_SECS",
        default_value_t = crate::startup::DEFAULT_HEADER_TIMEOUT_SECS,
        global = true
    )]
    pub header_timeout_secs: u64,
    /// An idle keep-alive connection closes after this many seconds.
    #[arg(
        long,
        env = "HOJOKIN_KEEP_ALIVE_SECS",
        default_value_t = crate::startup::DEFAULT_KEEP_ALIVE_SECS,
        global = true
    )]
    pub keep_alive_secs: u64,
    /// Open connections at most; more are answered 503 and closed.
    #[arg(
        long,
        env = "HOJOKIN_MAX_CONNECTIONS",
        default_value_t = crate::startup::DEFAULT_MAX_CONNECTIONS,
        global = true
    )]
    pub max_connections: usize,
    /// With a catalog directory: seconds between checks for changed files (0 = reload on
    /// SIGHUP only).
    #[arg(
        long,
        env = "HOJOKIN_CATALOG_POLL_SECS",
        default_value_t = 2,
        global = true
    )]
    pub catalog_poll_secs: u64,
    /// Requests per client address, `N/s`, `N/min` or `N/hour` (default: no limit).
    #[arg(long, env = "HOJOKIN_RATE_LIMIT", global = true)]
    pub rate_limit: Option<crate::http::ratelimit::Rate>,
    /// Requests a client may send at once before the rate applies (default: N of the rate).
    #[arg(long, env = "HOJOKIN_RATE_LIMIT_BURST", global = true)]
    pub rate_limit_burst: Option<std::num::NonZeroU32>,
    /// Proxies whose `X-Forwarded-For` names the client: addresses or CIDRs, comma-separated.
    #[arg(
        long,
        env = "HOJOKIN_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = crate::http::ratelimit::parse_net,
        global = true
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Origins that may frame the checker at /embed/, comma-separated, or `*` (default: any).
    #[arg(
        long,
        env = "HOJOKIN_EMBED_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub embed_origins: Vec<String>,
    /// Serve MCP over streamable HTTP at `/mcp` (`on` or `off`).
    #[arg(long, env = "HOJOKIN_MCP", value_enum, default_value_t = Switch::Off, global = true)]
    pub mcp: Switch,
    /// Host names (or host:port) `/mcp` answers besides loopback, comma-separated.
    #[arg(
        long,
        env = "HOJOKIN_MCP_ALLOWED_HOSTS",
        value_delimiter = ',',
        global = true
    )]
    pub mcp_allowed_hosts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}
