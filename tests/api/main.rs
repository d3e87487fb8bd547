//! HTTP tests through the real app, in process.

mod abuse;
mod calculations;
mod calendar;
mod catalog_errors;
mod catalog_rules;
mod deadlines;
mod eligibility;
mod embed;
mod error_table;
mod errors;
mod helpers;
mod mcp;
mod openapi;
mod operations;
mod plans;
mod programs;
mod ratelimit;
mod request_reading;
mod rules;
mod status_reasons;
#[path = "../common/toml_json.rs"]
mod toml_json;
mod worked_examples_http;
