//! Reading catalog files: embedded at build time or from a directory.

use std::path::Path;

use include_dir::{include_dir, Dir};
use sha2::{Digest, Sha256};

pub use super::error::CatalogError;
use super::raw::{RawCatalogMeta, RawProgram};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

/// The files of a catalog, parsed but not yet checked as a whole.
pub struct RawCatalog {
    pub meta: RawCatalogMeta,
    /// (file name relative to the catalog root, program)
    pub programs: Vec<(String, RawProgram)>,
    /// SHA-256 of the file names and contents in name order (each followed by a NUL byte), the
    /// content hash; computed as the files are read rather than over a copy of them all.
    pub digest: [u8; 32],
    /// Errors of files that could not be read (the others are still checked, so one run lists
    /// every error of every file).
    pub errors: Vec<CatalogError>,
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, CatalogError> {
    parse_at(file, text).map_err(|(e, _)| e)
}

/// Parses a file; an error comes with its line when the reader gives one.
fn parse_at<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, (CatalogError, Option<usize>)> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut message = inner.message().trim().replace('\n', "; ");
        if message.contains("did not match any variant of untagged enum RawRate") {
            message = "expected a rate like \"1/2\" or { value = \"1/2\", source = … }".into();
        }
        let line = inner
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        // A value the TOML syntax itself rejects (a date such as 2024-13-01) has no path from
        // the reader: it is found from the line.
        let path = match (path.as_str(), line) {
            (".", Some(l)) => path_at_line(text, l),
            (".", None) => String::new(),
            _ => path,
        };
        let e = CatalogError {
            file: file.to_string(),
            path,
            message: match line {
                Some(l) => format!("{message} (line {l})"),
                None => message,
            },
        };
        (e, line)
    })
}

/// The key path of a line of a TOML file: its table header (`[[frames]]` and `[[frames.terms]]`
/// counted into `frames[1].terms[0]`) and the key the line sets.
pub fn path_at_line(text: &str, line: usize) -> String {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut table = String::new();
    let indexed = |name: &str, seen: &[(String, usize)]| {
        let mut out = String::new();
        let mut prefix = String::new();
        for part in name.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
                out.push('.');
            }
            prefix.push_str(part);
            out.push_str(part);
            if let Some((_, n)) = seen.iter().find(|(k, _)| *k == prefix) {
                out.push_str(&format!("[{}]", n.saturating_sub(1)));
            }
        }
        out
    };
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if i + 1 == line {
            let key = t
                .split_once('=')
                .map(|(k, _)| k.trim().trim_matches('"'))
                .filter(|k| !k.is_empty() && !t.starts_with('['));
            return match key {
                Some(k) if table.is_empty() => k.to_string(),
                Some(k) => format!("{table}.{k}"),
                None => table,
            };
        }
        if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
            let name = name.trim().to_string();
            // A new element restarts the counts of the arrays inside the previous one.
            seen.retain(|(k, _)| !k.starts_with(&format!("{name}.")));
            match seen.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => *n += 1,
                None => seen.push((name.clone(), 1)),
            }
            table = indexed(&name, &seen);
        } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            table = indexed(name.trim(), &seen);
        }
    }
    table
}

/// Syntax errors listed per file before the rest of it is given up.
const MAX_SYNTAX_ERRORS: usize = 20;

/// A program file: its money figures checked on the TOML tree, then read into the types. A
/// reading error under a figure already reported (the same bad rate) is not repeated.
fn program(name: &str, text: &str, errors: &mut Vec<CatalogError>) -> Option<RawProgram> {
    // The common case, a valid file: its text is read once, into the types, without tracking
    // key paths or setting lines aside, and its figures are checked on the types. Any error
    // (or a figure out of bounds) is reported by the reading below, which reads the text again
    // as a tree to give each error its path and line.
    if let Ok(mut p) = toml_fast::from_str::<RawProgram>(text) {
        if super::figures::within_bounds(&p) {
            fit(&mut p);
            return Some(p);
        }
    }
    program_with_errors(name, text, errors)
}

/// Gives the program's lists the room they use and no more. The reader grows a list as it reads
/// its items (a frame with one term held room for four, 1.9 KB instead of 488 bytes); a loaded
/// catalog keeps its lists for as long as it is served.
fn fit(p: &mut RawProgram) {
    use super::raw::RawFormula as F;
    p.categories.shrink_to_fit();
    p.facility_types.shrink_to_fit();
    fit_opt(&mut p.prefectures);
    p.notes.shrink_to_fit();
    p.prerequisites.shrink_to_fit();
    p.preparation.shrink_to_fit();
    fit_criteria(&mut p.criteria);
    p.sources.shrink_to_fit();
    p.frames.shrink_to_fit();
    for f in &mut p.frames {
        f.expense_categories.shrink_to_fit();
        f.unpriced.shrink_to_fit();
        fit_criteria(&mut f.criteria);
        f.windows.shrink_to_fit();
        for w in &mut f.windows {
            fit_opt(&mut w.prefectures);
        }
        f.notes.shrink_to_fit();
        f.stacks_with.shrink_to_fit();
        f.excludes.shrink_to_fit();
        f.terms.shrink_to_fit();
        for t in &mut f.terms {
            fit_opt(&mut t.prefectures);
            t.interpretations.shrink_to_fit();
            fit_criteria(&mut t.criteria);
            match &mut t.formula {
                F::CostRate(c) => {
                    if let Some(r) = &mut c.raised_rate {
                        fit_criteria(&mut r.when);
                    }
                    c.tiers.shrink_to_fit();
                    for tier in &mut c.tiers {
                        fit_criteria(&mut tier.when);
                    }
                }
                F::TieredRate(r) => {
                    r.categories.shrink_to_fit();
                    if let Some(r) = &mut r.lower_raised_rate {
                        fit_criteria(&mut r.when);
                    }
                    r.category_caps.shrink_to_fit();
                    for c in &mut r.category_caps {
                        c.categories.shrink_to_fit();
                    }
                }
                F::LesserOfGoals(g) => {
                    g.goals.shrink_to_fit();
                    if let Some(r) = &mut g.raised_rate {
                        fit_criteria(&mut r.when);
                    }
                }
                F::SumOfParts(s) => {
                    s.parts.shrink_to_fit();
                    for part in &mut s.parts {
                        fit_criteria(&mut part.when);
                        if let Some(x) = &mut part.fixed_instead {
                            fit_criteria(&mut x.when);
                        }
                        part.highest_of.shrink_to_fit();
                        for o in &mut part.highest_of {
                            fit_criteria(&mut o.when);
                        }
                    }
                }
                F::Unknown(u) => {
                    u.max_tiers.shrink_to_fit();
                    for t in &mut u.max_tiers {
                        fit_criteria(&mut t.when);
                    }
                }
                F::PerDay(_) | F::Fixed(_) | F::ClassRates(_) | F::InKind(_) => {}
            }
        }
    }
}

fn fit_opt<T>(list: &mut Option<Vec<T>>) {
    if let Some(l) = list {
        l.shrink_to_fit();
    }
}

fn fit_criteria(list: &mut Vec<super::raw::RawCriterion>) {
    use super::raw::RawCriterion as C;
    list.shrink_to_fit();
    for c in list {
        match c {
            C::FacilityType { values } => values.shrink_to_fit(),
            C::Prefecture { values, .. } => values.shrink_to_fit(),
            C::OperatorIn { values } | C::OperatorNotIn { values } => values.shrink_to_fit(),
            C::PreviouslyGranted { fiscal_years, .. } => fiscal_years.shrink_to_fit(),
            C::Incident { kinds, .. } => kinds.shrink_to_fit(),
            C::ExpenseTotal { categories, .. } => categories.shrink_to_fit(),
            C::All { of } | C::Any { of } => fit_criteria(of),
            _ => {}
        }
    }
}

/// `program` for a file with errors: every one of them, located.
fn program_with_errors(
    name: &str,
    text: &str,
    errors: &mut Vec<CatalogError>,
) -> Option<RawProgram> {
    // A syntax error stops the TOML reader; the line is set aside and the rest read again, so
    // one run lists every syntax error and every bad figure of the file.
    let mut lines: Vec<&str> = text.lines().collect();
    let mut syntax = Vec::new();
    let mut figures = Vec::new();
    for _ in 0..MAX_SYNTAX_ERRORS {
        match parse_at::<toml::Table>(name, &lines.join("\n")) {
            Ok(doc) => {
                figures = super::figures::check(name, &doc);
                break;
            }
            Err((e, line)) => {
                syntax.push(e);
                match line.and_then(|l| lines.get_mut(l - 1)) {
                    Some(l) if !l.is_empty() => *l = "",
                    _ => break,
                }
            }
        }
    }
    if !syntax.is_empty() {
        errors.extend(syntax);
        errors.extend(figures);
        return None;
    }
    let parsed = parse::<RawProgram>(name, text);
    if let Err(e) = &parsed {
        let covered = figures
            .iter()
            .any(|f| f.path.starts_with(&e.path) && !e.path.is_empty());
        if !covered {
            errors.push(e.clone());
        }
    }
    let clean = figures.is_empty();
    errors.extend(figures);
    parsed.ok().filter(|_| clean)
}

/// A catalog file to read: its text at hand (embedded) or its path.
enum Source {
    Text(String),
    Path(std::path::PathBuf),
}

impl Source {
    /// The file's text. An unreadable `catalog.toml` is named by its path, as when it is
    /// missing (`list`), a program file by its name in the catalog (`programs/…`).
    fn read(self, name: String) -> Result<(String, String), CatalogError> {
        match self {
            Source::Text(t) => Ok((name, t)),
            Source::Path(p) => match std::fs::read_to_string(&p) {
                Ok(t) => Ok((name, t)),
                Err(e) => Err(CatalogError {
                    file: if name == "catalog.toml" {
                        p.display().to_string()
                    } else {
                        name
                    },
                    path: String::new(),
                    message: format!("cannot read: {e}"),
                }),
            },
        }
    }
}

fn from_files(files: Vec<(String, String)>) -> Result<RawCatalog, Vec<CatalogError>> {
    let files = files
        .into_iter()
        .map(|(name, text)| (name, Source::Text(text)))
        .collect();
    from_sources(files)
}

/// Reads the files in name order on this thread (the content hash is one pass over them in that
/// order) and hands each program file to a reader thread as soon as it is read; a reader drops
/// a file's text once it has read it. At most a few texts are held at once, not the whole
/// catalog (170 MB for 10,000 programs), and the results (programs and errors) are taken in
/// name order, as one reader would give them.
fn from_sources(mut files: Vec<(String, Source)>) -> Result<RawCatalog, Vec<CatalogError>> {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let programs_count = files.iter().filter(|(name, _)| is_program(name)).count();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(programs_count.max(1));
    let mut errors = Vec::new();
    let mut unreadable = Vec::new();
    let mut meta = None;
    let mut hash = Sha256::new();
    type Read = (usize, String, Option<RawProgram>, Vec<CatalogError>);
    // Each reader keeps every distinct string once (the files repeat source ids, publishers,
    // notes and category words), so the loaded catalog shares them.
    let read_one = |i: usize, name: String, text: String| -> Read {
        let mut errs = Vec::new();
        let p = program(&name, &text, &mut errs);
        (i, name, p, errs)
    };
    let mut results: Vec<Read> = std::thread::scope(|s| {
        let mut senders = Vec::new();
        let mut handles = Vec::new();
        if threads > 1 {
            for _ in 0..threads {
                let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, String, String)>(16);
                senders.push(tx);
                handles.push(s.spawn(move || {
                    crate::engine::text::interning(|| {
                        rx.into_iter()
                            .map(|(i, name, text)| read_one(i, name, text))
                            .collect::<Vec<_>>()
                    })
                }));
            }
        }
        let mut here = Vec::new();
        crate::engine::text::interning(|| {
            for (i, (name, source)) in files.into_iter().enumerate() {
                let (name, text) = match source.read(name) {
                    Ok(read) => read,
                    Err(e) => {
                        unreadable.push(e);
                        continue;
                    }
                };
                hash.update(name.as_bytes());
                hash.update([0]);
                hash.update(text.as_bytes());
                hash.update([0]);
                if name == "catalog.toml" {
                    match parse::<RawCatalogMeta>(&name, &text) {
                        Ok(m) => meta = Some(m),
                        Err(e) => errors.push(e),
                    }
                } else if is_program(&name) {
                    match senders.get(i % threads.max(1)) {
                        // A reader that stopped has panicked: its join below reports it.
                        Some(tx) => {
                            let _ = tx.send((i, name, text));
                        }
                        None => here.push(read_one(i, name, text)),
                    }
                }
            }
        });
        drop(senders);
        here.extend(
            handles
                .into_iter()
                // A reader that panicked is a bug: it fails the load as it would on one thread.
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        here
    });
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    results.sort_by_key(|r| r.0);
    let mut programs = Vec::with_capacity(results.len());
    for (_, name, p, errs) in results {
        errors.extend(errs);
        if let Some(p) = p {
            programs.push((name, p));
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
        Some(meta) => Ok(RawCatalog {
            meta,
            programs,
            digest: hash.finalize().into(),
            errors,
        }),
        None => Err(errors),
    }
}

fn is_program(name: &str) -> bool {
    name.starts_with("programs/") && name.ends_with(".toml")
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
    from_sources(list_dir(root)?)
}

/// The catalog files of a directory, listed, not read: `catalog.toml` and `programs/*.toml`.
fn list_dir(root: &Path) -> Result<Vec<(String, Source)>, Vec<CatalogError>> {
    let (files, errors) = list(root);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(files)
}

/// The files of a directory with the errors of listing it (`catalog.toml` unreadable, no
/// `programs` directory).
fn list(root: &Path) -> (Vec<(String, Source)>, Vec<CatalogError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let meta = root.join("catalog.toml");
    if meta.is_file() {
        files.push(("catalog.toml".to_string(), Source::Path(meta)));
    } else {
        // The message of the reading error itself (not found, not a file, no permission).
        match std::fs::read_to_string(&meta) {
            Ok(t) => files.push(("catalog.toml".to_string(), Source::Text(t))),
            Err(e) => errors.push(CatalogError {
                file: meta.display().to_string(),
                path: String::new(),
                message: format!("cannot read: {e}"),
            }),
        }
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
                files.push((name, Source::Path(p)));
            }
        }
        Err(e) => errors.push(CatalogError {
            file: programs.display().to_string(),
            path: String::new(),
            message: format!("cannot read directory: {e}"),
        }),
    }
    (files, errors)
}

/// The catalog files of a directory: (name relative to the root, text), `catalog.toml` and
/// `programs/*.toml`, every file read.
pub fn read_dir(root: &Path) -> Result<Vec<(String, String)>, Vec<CatalogError>> {
    let (listed, mut errors) = list(root);
    let mut files = Vec::new();
    for (name, source) in listed {
        match source.read(name) {
            Ok(read) => files.push(read),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every program file of the catalog is read by the fast reader and its figures pass, so a
    /// valid catalog is never read twice, and it reads exactly what the document reader reads.
    #[test]
    fn valid_program_files_take_the_fast_reader() {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        let programs: Vec<_> = files
            .iter()
            .filter(|(name, _)| name.starts_with("programs/"))
            .collect();
        assert!(programs.len() >= 20);
        for (name, text) in programs {
            let fast = toml_fast::from_str::<RawProgram>(text);
            assert!(fast.is_ok(), "{name}: {:?}", fast.err());
            let slow = toml::from_str::<RawProgram>(text).expect("valid");
            assert_eq!(
                format!("{:?}", fast.ok()),
                format!("{:?}", Some(slow)),
                "{name}"
            );
        }
    }

    /// A file that cannot be read is named the same way by the loader (`load_dir`) and by the
    /// reader of whole directories (`read_dir`): `catalog.toml` by its path, as when it is
    /// missing, a program file by its name in the catalog.
    #[test]
    fn unreadable_files_are_named_alike_by_both_readers() {
        let root = std::env::temp_dir().join(format!("hojokin-unreadable-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("programs")).expect("temp dir");
        let not_utf8 = [b'a', 0xff, 0xfe];
        std::fs::write(root.join("catalog.toml"), not_utf8).expect("write");
        std::fs::write(root.join("programs/x.toml"), not_utf8).expect("write");
        let named = |errors: Vec<CatalogError>| -> Vec<(String, String)> {
            errors.into_iter().map(|e| (e.file, e.message)).collect()
        };
        let meta = root.join("catalog.toml").display().to_string();
        let why = "cannot read: stream did not contain valid UTF-8".to_string();
        let want = vec![(meta, why.clone()), ("programs/x.toml".to_string(), why)];
        let loaded = load_dir(&root).err().map(named);
        let read = read_dir(&root).err().map(named);
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(loaded.as_ref(), Some(&want));
        assert_eq!(read.as_ref(), Some(&want));
    }
}
