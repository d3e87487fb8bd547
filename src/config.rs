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
