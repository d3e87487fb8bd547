//! The catalog: programs, frames and dated figures, loaded from TOML and validated whole.

pub mod load;
pub mod raw;

pub use load::{load_dir, load_embedded, CatalogError, RawCatalog};
