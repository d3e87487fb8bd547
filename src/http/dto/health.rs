//! The `/healthz` and `/readyz` answer.

use serde::Serialize;
use utoipa::ToSchema;

/// Health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// Catalog edition (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog_edition: Option<String>,
    /// Number of programs loaded (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programs: Option<usize>,
}
