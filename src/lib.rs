//! hojokin: 医療DX 補助金 catalog, eligibility and exact subsidy calculation.
//!
//! `engine` knows nothing of HTTP; `http` maps it to the REST contract.

pub mod config;
pub mod engine;
pub mod http;
pub mod startup;
pub mod telemetry;
