//! HTTP tests through the real app, in process.

mod abuse;
mod calculations;
mod catalog_errors;
mod catalog_rules;
mod eligibility;
mod error_table;
mod embed;
mod errors;
mod helpers;
mod openapi;
mod operations;
mod plans;
mod programs;
mod rules;
mod status_reasons;
mod ratelimit;
mod worked_examples_http;
