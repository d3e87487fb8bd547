//! Reading catalog files: embedded at build time or from a directory.

use std::path::Path;

use include_dir::{include_dir, Dir};

use super::raw::{RawCatalogMeta, RawProgram};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

/// One problem in the catalog, located by file and key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

/// The files of a catalog, parsed but not yet checked as a whole.
pub struct RawCatalog {
    pub meta: RawCatalogMeta,
    /// (file name relative to the catalog root, program)
    pub programs: Vec<(String, RawProgram)>,
    /// Concatenated file contents in name order, for the content hash.
    pub bytes: Vec<u8>,
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, CatalogError> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.message().to_string();
        let line = inner
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        CatalogError {
            file: file.to_string(),
            path: if path == "." { String::new() } else { path },
            message: match line {
                Some(l) => format!("{message} (line {l})"),
                None => message,
            },
        }
    })
}

fn from_files(mut files: Vec<(String, String)>) -> Result<RawCatalog, Vec<CatalogError>> {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut errors = Vec::new();
    let mut meta = None;
    let mut programs = Vec::new();
    let mut bytes = Vec::new();
    for (name, text) in &files {
        bytes.extend_from_slice(name.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(0);
        if name == "catalog.toml" {
            match parse::<RawCatalogMeta>(name, text) {
                Ok(m) => meta = Some(m),
                Err(e) => errors.push(e),
            }
        } else if name.starts_with("programs/") && name.ends_with(".toml") {
            match parse::<RawProgram>(name, text) {
                Ok(p) => programs.push((name.clone(), p)),
                Err(e) => errors.push(e),
            }
        }
    }
    if meta.is_none() && !errors.iter().any(|e| e.file == "catalog.toml") {
        errors.push(CatalogError {
            file: "catalog.toml".into(),
            path: String::new(),
            message: "missing catalog.toml".into(),
        });
    }
    match meta {
        Some(meta) if errors.is_empty() => Ok(RawCatalog {
            meta,
            programs,
            bytes,
        }),
        _ => Err(errors),
    }
}

/// The catalog compiled into the binary.
pub fn load_embedded() -> Result<RawCatalog, Vec<CatalogError>> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    from_files(files)
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push((
                file.path().to_string_lossy().replace('\\', "/"),
                text.to_string(),
            ));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// A catalog directory (same layout as `catalog/`).
pub fn load_dir(root: &Path) -> Result<RawCatalog, Vec<CatalogError>> {
    from_files(read_dir(root)?)
}

/// The catalog files of a directory: (name relative to the root, text), `catalog.toml` and
/// `programs/*.toml`.
pub fn read_dir(root: &Path) -> Result<Vec<(String, String)>, Vec<CatalogError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let meta = root.join("catalog.toml");
    match std::fs::read_to_string(&meta) {
        Ok(t) => files.push(("catalog.toml".to_string(), t)),
        Err(e) => errors.push(CatalogError {
            file: meta.display().to_string(),
            path: String::new(),
            message: format!("cannot read: {e}"),
        }),
    }
    let programs = root.join("programs");
    match std::fs::read_dir(&programs) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let p = entry.path();
                if p.extension().and_then(|e| e.to_str()) != Some("toml") {
                    continue;
                }
                let name = format!(
                    "programs/{}",
                    p.file_name().and_then(|n| n.to_str()).unwrap_or_default()
                );
                match std::fs::read_to_string(&p) {
                    Ok(t) => files.push((name, t)),
                    Err(e) => errors.push(CatalogError {
                        file: name,
                        path: String::new(),
                        message: format!("cannot read: {e}"),
                    }),
                }
            }
        }
        Err(e) => errors.push(CatalogError {
            file: programs.display().to_string(),
            path: String::new(),
            message: format!("cannot read directory: {e}"),
        }),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(files)
}
