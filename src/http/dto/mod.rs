//! Request and response shapes of the contract (utoipa schemas); the engine's types stay behind them.

pub mod calculation;
pub mod catalog;
pub mod common;
pub mod deadlines;
pub mod eligibility;
pub mod health;
pub mod plans;
pub mod programs;
pub mod vocab;
