//! Request and response shapes of the contract (utoipa schemas); the engine's types stay behind them.

pub mod calculation;
pub mod common;
pub mod plans;
pub mod programs;
pub mod vocab;
