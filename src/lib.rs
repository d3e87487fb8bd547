//! hojokin: 医療DX 補助金 catalog, eligibility and exact subsidy calculation.
//!
//! `engine` knows nothing of HTTP; `http` maps it to the REST contract.

// A panic on an input path is a bug: no unwrap, expect or panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod catalog_diff;
pub mod config;
pub mod engine;
pub mod http;
pub mod mcp;
pub mod memory;
pub mod reload;
pub mod startup;
pub mod telemetry;
