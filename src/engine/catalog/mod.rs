//! The catalog: programs, frames and dated figures, loaded from TOML and validated whole.

pub mod diff;
pub mod error;
pub mod figures;
pub mod load;
pub mod model;
pub mod raw;
pub mod validate;

use std::path::Path;

pub use error::CatalogError;
pub use model::{After, Catalog, Criterion, Formula, Frame, Note, Program, Term, Window};

/// The catalog compiled into the binary, checked.
pub fn embedded() -> Result<Catalog, Vec<CatalogError>> {
    validate::validate(load::load_embedded()?)
}

/// A catalog directory, checked.
pub fn from_dir(dir: &Path) -> Result<Catalog, Vec<CatalogError>> {
    validate::validate(load::load_dir(dir)?)
}
