//! Limits on what a request may ask of the engine (PRODUCT.md §5); the HTTP layer reads
//! requests within them, and the engine sizes its own lists by them.

/// Items in one list of a request (systems, designations, goals…).
pub const MAX_LIST: usize = 100;
/// Largest amount in yen a request or the catalog may state.
pub const MAX_AMOUNT_YEN: i64 = 1_000_000_000_000;
