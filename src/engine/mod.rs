//! The engine: catalog, eligibility and calculation. It knows nothing of HTTP.
//!
//! Every function takes its date (`as_of`) as an argument and never reads the clock, the
//! environment or files (except the catalog loader).

pub mod calc;
pub mod catalog;
pub mod criteria;
pub mod date;
pub mod dated;
pub mod deadlines;
pub mod eligibility;
pub mod facility;
pub mod formula;
pub mod input;
pub mod input_key;
pub mod money;
pub mod plan;
pub mod text;
pub mod vocab;
pub mod warning;
pub mod window;
