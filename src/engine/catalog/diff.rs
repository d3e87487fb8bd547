//! What a catalog update changes, for the operator reviewing it: programs and frames added or
//! removed, and every changed value with its key path, old → new, classed as a figure, window,
//! criterion, status, source or text.
//!
//! Both catalogs are validated first (a diff of an invalid catalog would review something that
//! cannot be served). The comparison walks the files as parsed TOML, so every key the format
//! has, now or later, is compared without a list to keep in step with `raw.rs`; lists of tables
//! are matched by their identity (`id`, a term's `from`, a window's opening) rather than by
//! position, so inserting a term does not show every later term as changed.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Value;

use super::load::{self, CatalogError};

/// Which side of a diff a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// A catalog that cannot be compared: its errors, with file and key path.
#[derive(Debug)]
pub struct Invalid {
    pub side: Side,
    pub errors: Vec<CatalogError>,
}

/// The kind of a changed value, from its place in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An amount, rate, cap, rounding or formula (anything under a term).
    Figure,
    /// An application window.
    Window,
    /// An eligibility condition (criteria, tier and part conditions, prerequisites).
    Criterion,
    /// What is in force when: a term's dates, `after`, `recurring`, timing, successors.
    Status,
    /// Where a figure comes from and how sure it is: sources, `source`, `confidence`, `derived`.
    Source,
    /// Names, summaries, notes and labels.
    Text,
    /// Anything else (facility types, categories, links between frames).
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Figure => "figure",
            Kind::Window => "window",
            Kind::Criterion => "criterion",
            Kind::Status => "status",
            Kind::Source => "source",
            Kind::Text => "text",
            Kind::Other => "other",
        }
    }
}

/// One changed, added or removed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The program id, or `None` for `catalog.toml`.
    pub program: Option<String>,
    /// The file of the new catalog (of the old one for a removed value).
    pub file: String,
    /// Key path inside the program (`frames[3bunsho-daikibo].terms[from=2025-04-01].formula.subsidy_cap.yen`).
    pub path: String,
    pub kind: Kind,
    /// `None` when the value was added.
    pub old: Option<Value>,
    /// `None` when the value was removed.
    pub new: Option<Value>,
}

/// A frame named by its program.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FrameRef {
    pub program: String,
    pub frame: String,
}

/// The edition and content hash of one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub edition: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CatalogDiff {
    pub old: Edition,
    pub new: Edition,
    pub programs_added: Vec<String>,
    pub programs_removed: Vec<String>,
    pub frames_added: Vec<FrameRef>,
    pub frames_removed: Vec<FrameRef>,
    pub changes: Vec<Change>,
}

impl CatalogDiff {
    /// Nothing differs but possibly the edition's content hash of identical files.
    pub fn is_empty(&self) -> bool {
        self.programs_added.is_empty()
            && self.programs_removed.is_empty()
            && self.frames_added.is_empty()
            && self.frames_removed.is_empty()
            && self.changes.is_empty()
    }
}

/// Compares two catalog directories; both must be valid.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<CatalogDiff, Invalid> {
    let (old_cat, old_files) = checked(old, Side::Old)?;
    let (new_cat, new_files) = checked(new, Side::New)?;
    let mut d = CatalogDiff {
        old: old_cat,
        new: new_cat,
        programs_added: Vec::new(),
        programs_removed: Vec::new(),
        frames_added: Vec::new(),
        frames_removed: Vec::new(),
        changes: Vec::new(),
    };
    let meta = Place {
        program: None,
        file: "catalog.toml",
    };
    diff_tables(&mut d, &meta, "", &old_files.meta, &new_files.meta);
    for (id, (_, old_p)) in &old_files.programs {
        match new_files.programs.get(id) {
            None => d.programs_removed.push(id.clone()),
            Some((file, new_p)) => {
                let at = Place {
                    program: Some(id),
                    file,
                };
                diff_program(&mut d, &at, old_p, new_p)
            }
        }
    }
    for id in new_files.programs.keys() {
        if !old_files.programs.contains_key(id) {
            d.programs_added.push(id.clone());
        }
    }
    Ok(d)
}

/// The parsed files of a valid catalog: `catalog.toml` and programs by id.
struct Files {
    meta: toml::Table,
    /// By program id: (file name, content).
    programs: BTreeMap<String, (String, toml::Table)>,
}

fn checked(dir: &Path, side: Side) -> Result<(Edition, Files), Invalid> {
    let invalid = |errors| Invalid { side, errors };
    let catalog = super::from_dir(dir).map_err(invalid)?;
    let mut files = Files {
        meta: toml::Table::new(),
        programs: BTreeMap::new(),
    };
    // The directory validated a moment ago; reading it again can still fail if it changes
    // meanwhile, which is reported like any other invalid catalog.
    for (name, text) in load::read_dir(dir).map_err(invalid)? {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            invalid(vec![CatalogError {
                file: name.clone(),
                path: String::new(),
                message: e.message().to_string(),
            }])
        })?;
        if name == "catalog.toml" {
            files.meta = table;
        } else {
            let id = table
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or(&name)
                .to_string();
            files.programs.insert(id, (name, table));
        }
    }
    Ok((
        Edition {
            edition: catalog.edition,
            hash: catalog.hash,
        },
        files,
    ))
}

/// Where the values being compared live.
struct Place<'a> {
    program: Option<&'a str>,
    file: &'a str,
}

fn diff_program(d: &mut CatalogDiff, at: &Place, old: &toml::Table, new: &toml::Table) {
    let id = at.program.unwrap_or_default();
    // Frames added or removed are listed as such, not as every value they hold.
    let frames = |t: &toml::Table| -> Vec<(String, Value)> {
        t.get("frames")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|f| (key_of("frames", f).unwrap_or_default(), f.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_frames, new_frames) = (frames(old), frames(new));
    for (key, _) in &old_frames {
        if !new_frames.iter().any(|(k, _)| k == key) {
            d.frames_removed.push(FrameRef {
                program: id.to_string(),
                frame: key.clone(),
            });
        }
    }
    for (key, new_f) in &new_frames {
        match old_frames.iter().find(|(k, _)| k == key) {
            None => d.frames_added.push(FrameRef {
                program: id.to_string(),
                frame: key.clone(),
            }),
            Some((_, old_f)) => diff_value(d, at, &format!("frames[{key}]"), old_f, new_f),
        }
    }
    let strip = |t: &toml::Table| {
        let mut t = t.clone();
        t.remove("frames");
        t
    };
    diff_tables(d, at, "", &strip(old), &strip(new));
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn diff_tables(
    d: &mut CatalogDiff,
    program: &Place,
    path: &str,
    old: &toml::Table,
    new: &toml::Table,
) {
    for (k, o) in old {
        let p = join(path, k);
        match new.get(k) {
            Some(n) => diff_value(d, program, &p, o, n),
            None => push(d, program, p, Some(o.clone()), None),
        }
    }
    for (k, n) in new {
        if !old.contains_key(k) {
            push(d, program, join(path, k), None, Some(n.clone()));
        }
    }
}

/// How an element of a list of tables is recognised across editions, by the list's key.
fn key_of(list: &str, item: &Value) -> Option<String> {
    let t = item.as_table()?;
    let text = |k: &str| t.get(k).map(scalar_text);
    if let Some(id) = text("id") {
        return Some(id);
    }
    match list {
        "terms" => {
            let from = text("from")?;
            Some(match t.get("prefectures") {
                Some(p) => format!("from={from},prefectures={}", scalar_text(p)),
                None => format!("from={from}"),
            })
        }
        "windows" => {
            let opens = text("opens").map(|o| format!("opens={o}"));
            let name = t
                .get("name")
                .and_then(|n| n.get("ja"))
                .and_then(Value::as_str)
                .map(|n| format!("name={n}"));
            match (name, opens) {
                (Some(n), _) => Some(n),
                (None, o) => o,
            }
        }
        "goals" => text("goal"),
        "prerequisites" => text("system"),
        "preparation" => text("item"),
        "stacks_with" | "excludes" => text("frame"),
        "unpriced" => text("category"),
        _ => None,
    }
}

/// A scalar as written in a key path: strings unquoted, dates as `YYYY-MM-DD`.
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(a) => a.iter().map(scalar_text).collect::<Vec<_>>().join("+"),
        other => other.to_string(),
    }
}

fn last_key(path: &str) -> &str {
    let tail = path.rsplit('.').next().unwrap_or(path);
    tail.split('[').next().unwrap_or(tail)
}

fn diff_value(d: &mut CatalogDiff, program: &Place, path: &str, old: &Value, new: &Value) {
    match (old, new) {
        (Value::Table(o), Value::Table(n)) => diff_tables(d, program, path, o, n),
        (Value::Array(o), Value::Array(n)) if o == n => {}
        (Value::Array(o), Value::Array(n)) => {
            let list = last_key(path);
            let keyed = |a: &[Value]| -> Option<Vec<(String, Value)>> {
                let keys: Vec<(String, Value)> = a
                    .iter()
                    .map(|v| key_of(list, v).map(|k| (k, v.clone())))
                    .collect::<Option<_>>()?;
                // Keys must tell the elements apart, or matching by them would lose some.
                let mut names: Vec<&String> = keys.iter().map(|(k, _)| k).collect();
                names.sort();
                names.dedup();
                (names.len() == keys.len()).then_some(keys)
            };
            match (keyed(o), keyed(n)) {
                (Some(ok), Some(nk)) => {
                    for (k, ov) in &ok {
                        let p = format!("{path}[{k}]");
                        match nk.iter().find(|(x, _)| x == k) {
                            Some((_, nv)) => diff_value(d, program, &p, ov, nv),
                            None => push(d, program, p, Some(ov.clone()), None),
                        }
                    }
                    for (k, nv) in &nk {
                        if !ok.iter().any(|(x, _)| x == k) {
                            push(d, program, format!("{path}[{k}]"), None, Some(nv.clone()));
                        }
                    }
                }
                _ if o.iter().chain(n).all(Value::is_table) => {
                    // Tables without an identity (criteria): compared by position.
                    for i in 0..o.len().max(n.len()) {
                        let p = format!("{path}[{i}]");
                        match (o.get(i), n.get(i)) {
                            (Some(ov), Some(nv)) => diff_value(d, program, &p, ov, nv),
                            (ov, nv) => push(d, program, p, ov.cloned(), nv.cloned()),
                        }
                    }
                }
                // A list of values (facility types, prefectures): one change, old → new.
                _ => push(
                    d,
                    program,
                    path.to_string(),
                    Some(old.clone()),
                    Some(new.clone()),
                ),
            }
        }
        (o, n) if o == n => {}
        (o, n) => push(
            d,
            program,
            path.to_string(),
            Some(o.clone()),
            Some(n.clone()),
        ),
    }
}

fn push(
    d: &mut CatalogDiff,
    program: &Place,
    path: String,
    old: Option<Value>,
    new: Option<Value>,
) {
    d.changes.push(Change {
        program: program.program.map(str::to_string),
        file: program.file.to_string(),
        kind: classify(&path),
        path,
        old,
        new,
    });
}

/// The kind of a change, from the keys on its path.
pub fn classify(path: &str) -> Kind {
    let keys: Vec<&str> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .collect();
    let last = keys.last().copied().unwrap_or("");
    let has = |k: &str| keys.contains(&k);
    if has("sources") || matches!(last, "source" | "confidence" | "derived") {
        Kind::Source
    } else if has("windows") {
        Kind::Window
    } else if has("criteria") || has("when") || has("prerequisites") {
        Kind::Criterion
    } else if matches!(
        last,
        "after" | "recurring" | "until" | "from" | "timing" | "successor" | "predecessor"
    ) && !has("formula")
    {
        Kind::Status
    } else if matches!(
        last,
        "name"
            | "summary"
            | "description"
            | "note"
            | "notes"
            | "label"
            | "reason"
            | "authority"
            | "ja"
            | "en"
    ) || has("notes")
    {
        Kind::Text
    } else if has("terms") || has("formula") {
        Kind::Figure
    } else if matches!(last, "edition" | "verified_on" | "schema_version") {
        Kind::Status
    } else {
        Kind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classed_by_their_keys() {
        let cases = [
            (
                "frames[a].terms[from=2025-04-01].formula.subsidy_cap.yen",
                Kind::Figure,
            ),
            (
                "frames[a].terms[from=2025-04-01].formula.rate",
                Kind::Figure,
            ),
            ("frames[a].terms[from=2025-04-01]", Kind::Figure),
            ("frames[a].terms[from=2025-04-01].until", Kind::Status),
            ("frames[a].terms[from=2025-04-01].source", Kind::Source),
            ("frames[a].terms[from=2025-04-01].confidence", Kind::Source),
            ("frames[a].windows[opens=2025-05-01].closes", Kind::Window),
            ("frames[a].criteria[0].value", Kind::Criterion),
            (
                "frames[a].terms[from=2025-04-01].formula.tiers[t].when[0].value",
                Kind::Criterion,
            ),
            ("frames[a].after", Kind::Status),
            ("sources[mhlw].url", Kind::Source),
            ("name.ja", Kind::Text),
            ("frames[a].notes[0].en", Kind::Text),
            ("facility_types", Kind::Other),
            ("edition", Kind::Status),
        ];
        for (path, kind) in cases {
            assert_eq!(classify(path), kind, "{path}");
        }
    }

    const AT: Place = Place {
        program: Some("p"),
        file: "programs/p.toml",
    };

    fn value(text: &str) -> Value {
        Value::Table(text.parse().unwrap())
    }

    fn empty() -> CatalogDiff {
        let e = Edition {
            edition: String::new(),
            hash: String::new(),
        };
        CatalogDiff {
            old: e.clone(),
            new: e,
            programs_added: vec![],
            programs_removed: vec![],
            frames_added: vec![],
            frames_removed: vec![],
            changes: vec![],
        }
    }

    #[test]
    fn lists_of_tables_match_by_identity_not_position() {
        let old = value(
            r#"
[[terms]]
from = 2024-04-01
formula = { kind = "fixed", yen = 100 }
[[terms]]
from = 2025-04-01
formula = { kind = "fixed", yen = 200 }
"#,
        );
        // A term inserted before the others, and one figure changed.
        let new = value(
            r#"
[[terms]]
from = 2023-04-01
formula = { kind = "fixed", yen = 50 }
[[terms]]
from = 2024-04-01
formula = { kind = "fixed", yen = 100 }
[[terms]]
from = 2025-04-01
formula = { kind = "fixed", yen = 250 }
"#,
        );
        let mut d = empty();
        diff_value(&mut d, &AT, "", &old, &new);
        let paths: Vec<(&str, Kind)> = d
            .changes
            .iter()
            .map(|c| (c.path.as_str(), c.kind))
            .collect();
        assert_eq!(
            paths,
            vec![
                ("terms[from=2025-04-01].formula.yen", Kind::Figure),
                ("terms[from=2023-04-01]", Kind::Figure),
            ]
        );
        assert_eq!(d.changes[0].old, Some(Value::Integer(200)));
        assert_eq!(d.changes[0].new, Some(Value::Integer(250)));
        assert!(d.changes[1].old.is_none());
    }

    #[test]
    fn lists_of_values_change_as_a_whole() {
        let old = value(r#"facility_types = ["hospital"]"#);
        let new = value(r#"facility_types = ["hospital", "medical_clinic"]"#);
        let mut d = empty();
        diff_value(&mut d, &AT, "", &old, &new);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].path, "facility_types");
        assert_eq!(d.changes[0].kind, Kind::Other);
    }
}
