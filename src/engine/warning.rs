//! Warnings: what an answer flags without changing its verdict or its amount. One type for
//! eligibility, calculations and plans, so every answer writes them alike.

use super::text::Text;

#[derive(Debug, Clone)]
pub struct Warning {
    /// Stable code (the contract's `WarningCode`).
    pub code: &'static str,
    pub message: Text,
    /// The expense line the warning is about, by its position among the lines given: the engine
    /// knows lines, not the request's shape, so the HTTP layer names the line in its own terms.
    pub line: Option<usize>,
}

impl Warning {
    pub fn new(code: &'static str, message: Text) -> Warning {
        Warning {
            code,
            message,
            line: None,
        }
    }

    /// A warning about expense line `i`.
    pub fn on_line(i: usize, code: &'static str, message: Text) -> Warning {
        Warning {
            code,
            message,
            line: Some(i),
        }
    }
}
