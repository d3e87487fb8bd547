//! `hojokin catalog diff OLD NEW`: the engine's comparison as text for people or JSON for tools.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{json, Value as Json};

use crate::config::DiffFormat;
use crate::engine::catalog::diff::{self, CatalogDiff, Change, Invalid, Side};

/// Runs the command: prints the report, returns 0 (identical), 1 (different) or 2 (invalid).
pub fn run(old: &Path, new: &Path, format: DiffFormat) -> ExitCode {
    match diff::diff_dirs(old, new) {
        Ok(d) => {
            let out = match format {
                DiffFormat::Text => text(&d),
                DiffFormat::Json => {
                    serde_json::to_string_pretty(&to_json(&d)).unwrap_or_default() + "\n"
                }
            };
            print!("{out}");
            if d.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(invalid) => {
            let dir = match invalid.side {
                Side::Old => old,
                Side::New => new,
            };
            match format {
                DiffFormat::Text => {
                    for e in &invalid.errors {
                        eprintln!("{}: {e}", dir.display());
                    }
                    eprintln!(
                        "{} is not a valid catalog: {} error(s)",
                        dir.display(),
                        invalid.errors.len()
                    );
                }
                DiffFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&invalid_json(dir, &invalid)).unwrap_or_default()
                ),
            }
            ExitCode::from(2)
        }
    }
}

fn shown(v: &Option<toml::Value>) -> String {
    match v {
        None => "(none)".to_string(),
        Some(v) => inline(v),
    }
}

/// A value as inline TOML on one line: strings quoted, dates bare, `1_500_000` as 1500000.
fn inline(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Array(a) => {
            format!("[{}]", a.iter().map(inline).collect::<Vec<_>>().join(", "))
        }
        toml::Value::Table(t) => format!(
            "{{ {} }}",
            t.iter()
                .map(|(k, v)| format!("{k} = {}", inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => diff::scalar_text(other),
    }
}

fn place(c: &Change) -> String {
    match &c.program {
        Some(p) => format!("{p}: {}", c.path),
        None => format!("{}: {}", c.file, c.path),
    }
}

/// The report for people: a summary line, the lists, then one line per change.
pub fn text(d: &CatalogDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "catalog {} (hash {}) → {} (hash {})",
        d.old.edition, d.old.hash, d.new.edition, d.new.hash
    );
    if d.is_empty() {
        let _ = writeln!(out, "identical");
        return out;
    }
    for (label, list) in [
        ("programs added", &d.programs_added),
        ("programs removed", &d.programs_removed),
    ] {
        for p in list {
            let _ = writeln!(out, "{label}: {p}");
        }
    }
    for (label, list) in [
        ("frame added", &d.frames_added),
        ("frame removed", &d.frames_removed),
    ] {
        for f in list {
            let _ = writeln!(out, "{label}: {}/{}", f.program, f.frame);
        }
    }
    for c in &d.changes {
        let what = match (&c.old, &c.new) {
            (Some(_), Some(_)) => format!("{} → {}", shown(&c.old), shown(&c.new)),
            (None, _) => format!("added {}", shown(&c.new)),
            (_, None) => format!("removed {}", shown(&c.old)),
        };
        let _ = writeln!(out, "{:<9} {}: {what}", c.kind.as_str(), place(c));
    }
    let _ = writeln!(
        out,
        "{} program(s) added, {} removed; {} frame(s) added, {} removed; {} value(s) changed",
        d.programs_added.len(),
        d.programs_removed.len(),
        d.frames_added.len(),
        d.frames_removed.len(),
        d.changes.len()
    );
    out
}

fn value(v: &Option<toml::Value>) -> Json {
    v.as_ref().map(toml_json).unwrap_or(Json::Null)
}

/// TOML as JSON, dates as their `YYYY-MM-DD` text (serde would wrap them in a private key).
fn toml_json(v: &toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::from(s.as_str()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => Json::from(*f),
        toml::Value::Boolean(b) => Json::from(*b),
        toml::Value::Datetime(d) => Json::from(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.iter().map(toml_json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.iter().map(|(k, v)| (k.clone(), toml_json(v))).collect())
        }
    }
}

/// The report for tools.
pub fn to_json(d: &CatalogDiff) -> Json {
    json!({
        "identical": d.is_empty(),
        "old": {"edition": d.old.edition, "hash": d.old.hash},
        "new": {"edition": d.new.edition, "hash": d.new.hash},
        "programs_added": d.programs_added,
        "programs_removed": d.programs_removed,
        "frames_added": d.frames_added.iter().map(|f| json!({"program": f.program, "frame": f.frame})).collect::<Vec<_>>(),
        "frames_removed": d.frames_removed.iter().map(|f| json!({"program": f.program, "frame": f.frame})).collect::<Vec<_>>(),
        "changes": d.changes.iter().map(|c| json!({
            "program": c.program,
            "file": c.file,
            "path": c.path,
            "kind": c.kind.as_str(),
            "change": match (&c.old, &c.new) { (None, _) => "added", (_, None) => "removed", _ => "changed" },
            "old": value(&c.old),
            "new": value(&c.new),
        })).collect::<Vec<_>>(),
    })
}

fn invalid_json(dir: &Path, invalid: &Invalid) -> Json {
    json!({
        "invalid": dir.display().to_string(),
        "side": match invalid.side { Side::Old => "old", Side::New => "new" },
        "errors": invalid.errors.iter().map(|e| json!({"file": e.file, "path": e.path, "message": e.message})).collect::<Vec<_>>(),
    })
}
