//! The engine: catalog, eligibility and calculation. It knows nothing of HTTP.

pub mod catalog;
pub mod text;
pub mod vocab;
