//! HTTP tests through the real app, in process.

mod calculations;
mod calendar;
mod catalog_errors;
mod deadlines;
mod eligibility;
mod errors;
mod helpers;
mod mcp;
mod openapi;
mod operations;
mod plans;
mod programs;
mod worked_examples_http;
