//! Request and response shapes of the contract (utoipa schemas); the engine's types stay behind them.

pub mod calculations;
pub mod common;
pub mod facility;
pub mod plans;
pub mod programs;
pub mod vocab;
