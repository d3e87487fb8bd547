//! The shape of `src/`: no import circle between files, no route importing another route, no
//! function over 200 lines, no HTTP code naming the catalog's on-disk shapes.
//!
//! How a file depends on another: every path it names (`use` trees and paths in code) that starts
//! at `crate::`, `super::`, `self::`, a child module it declares or a module it imported is
//! resolved to the module that defines the item. A name a `mod.rs` re-exports (`pub use x::Y`)
//! resolves to the file that defines it, and the re-export itself is no dependency (it only
//! gives the item a shorter name) unless the re-exporting file uses the name itself. Declaring a child module (`mod x;`) is no dependency either;
//! using something from it is. `#[cfg(test)]` items are left out: tests may look anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FN_LINES: usize = 200;

/// Functions still over the limit, to be split; the list only shrinks.
const LONG_FUNCTIONS_LEFT: &[&str] = &[];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
    /// `::`
    Sep,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Identifiers and punctuation, without comments, strings and character literals.
fn tokenize(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let count = |s: &[char]| s.iter().filter(|&&x| x == '\n').count();
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            let start = i;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            line += count(&c[start..i.min(c.len())]);
        } else if ch == '"' {
            let start = i;
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            line += count(&c[start..i.min(c.len())]);
        } else if (ch == 'r' || ch == 'b')
            && !prev_is_ident(&c, i)
            && raw_string_hashes(&c, i).is_some()
        {
            let (open, hashes) = raw_string_hashes(&c, i).unwrap_or((0, 0));
            let start = i;
            i = open + 1;
            loop {
                if i >= c.len() {
                    break;
                }
                if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            line += count(&c[start..i.min(c.len())]);
        } else if ch == '\'' {
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                // A lifetime.
                i += 1;
            }
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let mut word: String = c[start..i].iter().collect();
            if word == "r" && c.get(i) == Some(&'#') {
                i += 1;
                let s = i;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
                word = c[s..i].iter().collect();
            }
            out.push(Token {
                tok: Tok::Ident(word),
                line,
            });
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(Token {
                tok: Tok::Sep,
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                tok: Tok::Punct(ch),
                line,
            });
            i += 1;
        }
    }
    out
}

fn prev_is_ident(c: &[char], i: usize) -> bool {
    i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_')
}

/// For `r"…"`, `r#"…"#`, `br"…"`: the index of the opening quote and the number of hashes.
fn raw_string_hashes(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((j, hashes))
}

fn is_ident(t: &Token, s: &str) -> bool {
    matches!(&t.tok, Tok::Ident(w) if w == s)
}
fn is_punct(t: &Token, p: char) -> bool {
    t.tok == Tok::Punct(p)
}

/// Index after the item that starts at `i`: its `;` or its closing brace.
fn skip_item(t: &[Token], mut i: usize) -> usize {
    let mut depth = 0i32;
    while i < t.len() {
        match t[i].tok {
            Tok::Punct('{') | Tok::Punct('(') | Tok::Punct('[') => depth += 1,
            Tok::Punct('}') | Tok::Punct(')') | Tok::Punct(']') => {
                depth -= 1;
                if depth == 0 && is_punct(&t[i], '}') {
                    return i + 1;
                }
            }
            Tok::Punct(';') if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// The tokens without `#[cfg(test)]` items.
fn without_tests(t: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let cfg_test = is_punct(&t[i], '#')
            && t.get(i + 1).is_some_and(|x| is_punct(x, '['))
            && t.get(i + 2).is_some_and(|x| is_ident(x, "cfg"))
            && t.get(i + 3).is_some_and(|x| is_punct(x, '('))
            && t.get(i + 4).is_some_and(|x| is_ident(x, "test"))
            && t.get(i + 5).is_some_and(|x| is_punct(x, ')'));
        if cfg_test {
            i = skip_item(&t, i + 7);
        } else {
            out.push(t[i].clone());
            i += 1;
        }
    }
    out
}

struct File {
    rel: String,
    module: Vec<String>,
    /// Whether the file is a `mod.rs`/`lib.rs` (its children live in its own directory).
    children: BTreeSet<String>,
    tokens: Vec<Token>,
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn load() -> Vec<File> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rs_files(&root, &mut paths);
    paths
        .into_iter()
        .filter(|p| !p.ends_with("main.rs"))
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let mut module: Vec<String> = vec!["crate".into()];
            let parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
            for (k, part) in parts.iter().enumerate() {
                let last = k + 1 == parts.len();
                if last && (*part == "mod" || *part == "lib") {
                    continue;
                }
                module.push((*part).to_string());
            }
            let src = std::fs::read_to_string(&p).expect("readable");
            let tokens = without_tests(tokenize(&src));
            let mut children = BTreeSet::new();
            for w in tokens.windows(3) {
                if is_ident(&w[0], "mod") && is_punct(&w[2], ';') {
                    if let Tok::Ident(n) = &w[1].tok {
                        children.insert(n.clone());
                    }
                }
            }
            File {
                rel,
                module,
                children,
                tokens,
            }
        })
        .collect()
}

/// `use` trees flattened: (path, name it binds, whether it is `pub`).
fn use_paths(t: &[Token]) -> Vec<(Vec<String>, Option<String>, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if is_ident(&t[i], "use") {
            let public =
                i > 0 && (is_ident(&t[i - 1], "pub") || (i >= 4 && is_ident(&t[i - 4], "pub")));
            let end = (i..t.len())
                .find(|&k| is_punct(&t[k], ';'))
                .unwrap_or(t.len());
            let mut pos = i + 1;
            tree(&t[..end], &mut pos, Vec::new(), public, &mut out);
            i = end;
        }
        i += 1;
    }
    out
}

fn tree(
    t: &[Token],
    pos: &mut usize,
    mut prefix: Vec<String>,
    public: bool,
    out: &mut Vec<(Vec<String>, Option<String>, bool)>,
) {
    while *pos < t.len() {
        match &t[*pos].tok {
            Tok::Ident(w) if w == "as" => {
                *pos += 1;
                if let Some(Tok::Ident(alias)) = t.get(*pos).map(|x| &x.tok) {
                    out.push((prefix.clone(), Some(alias.clone()), public));
                }
                *pos += 1;
                return;
            }
            Tok::Ident(w) => {
                prefix.push(w.clone());
                *pos += 1;
            }
            Tok::Sep => *pos += 1,
            Tok::Punct('{') => {
                *pos += 1;
                loop {
                    tree(t, pos, prefix.clone(), public, out);
                    match t.get(*pos).map(|x| &x.tok) {
                        Some(Tok::Punct(',')) => *pos += 1,
                        _ => {
                            *pos += 1;
                            break;
                        }
                    }
                    if t.get(*pos).is_some_and(|x| is_punct(x, '}')) {
                        *pos += 1;
                        break;
                    }
                }
                return;
            }
            Tok::Punct('*') => {
                *pos += 1;
                out.push((prefix.clone(), None, public));
                return;
            }
            _ => break,
        }
    }
    let name = prefix.last().cloned().filter(|n| n != "self");
    if prefix.last().is_some_and(|n| n == "self") {
        prefix.pop();
    }
    let name = name.or_else(|| prefix.last().cloned());
    if !prefix.is_empty() {
        out.push((prefix, name, public));
    }
}

/// Identifiers the file names outside its `use` declarations.
fn names_outside_use(t: &[Token]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_use = false;
    for x in t {
        match &x.tok {
            Tok::Ident(w) if w == "use" => in_use = true,
            Tok::Punct(';') => in_use = false,
            Tok::Ident(w) if !in_use => {
                out.insert(w.clone());
            }
            _ => {}
        }
    }
    out
}

struct Graph {
    files: Vec<File>,
    by_module: BTreeMap<Vec<String>, usize>,
}

impl Graph {
    fn new() -> Graph {
        let files = load();
        let by_module = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        Graph { files, by_module }
    }

    /// The absolute path of `path` as written in file `f` (None: another crate).
    fn absolute(&self, f: usize, path: &[String]) -> Option<Vec<String>> {
        let file = &self.files[f];
        let first = path.first()?;
        let (mut abs, rest) = match first.as_str() {
            "crate" | "hojokin" => (vec!["crate".to_string()], &path[1..]),
            "self" => (file.module.clone(), &path[1..]),
            "super" => {
                let mut m = file.module.clone();
                m.pop();
                (m, &path[1..])
            }
            _ if file.children.contains(first) => (file.module.clone(), path),
            _ => return None,
        };
        for seg in rest {
            if seg == "super" {
                abs.pop();
            } else {
                abs.push(seg.clone());
            }
        }
        Some(abs)
    }

    /// The file defining the item at `path` (following re-exports), if it is in this crate.
    fn resolve(&self, path: &[String], depth: usize) -> Option<usize> {
        let mut k = path.len();
        while k > 0 {
            if let Some(&file) = self.by_module.get(&path[..k]) {
                if k == path.len() {
                    // The module itself.
                    return Some(file);
                }
                let item = &path[k];
                if depth < 8 {
                    for (target, name, public) in use_paths(&self.files[file].tokens) {
                        if public && name.as_deref() == Some(item.as_str()) {
                            if let Some(abs) = self.absolute(file, &target) {
                                let mut full = abs;
                                full.extend(path[k + 1..].iter().cloned());
                                if let Some(r) = self.resolve(&full, depth + 1) {
                                    return Some(r);
                                }
                            }
                        }
                    }
                }
                return Some(file);
            }
            k -= 1;
        }
        None
    }

    /// Files each file depends on.
    fn edges(&self) -> Vec<BTreeSet<usize>> {
        (0..self.files.len())
            .map(|f| {
                let file = &self.files[f];
                let mut out = BTreeSet::new();
                // Local names bound to modules of this crate: `use super::calc;`.
                let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
                let used = names_outside_use(&file.tokens);
                for (path, name, public) in use_paths(&file.tokens) {
                    let Some(abs) = self.absolute(f, &path) else {
                        continue;
                    };
                    if self.by_module.contains_key(&abs) {
                        if let Some(n) = name {
                            aliases.insert(n, abs);
                        }
                        continue;
                    }
                    // A re-export is a dependency only when the file itself uses the name.
                    if public && !name.as_ref().is_some_and(|n| used.contains(n)) {
                        continue;
                    }
                    if let Some(to) = self.resolve(&abs, 0) {
                        out.insert(to);
                    }
                }
                // Paths in code: `crate::a::b`, `super::x`, `child::y`, `alias::z`.
                let t = &file.tokens;
                let mut i = 0;
                let mut in_use = false;
                while i < t.len() {
                    if is_ident(&t[i], "use") {
                        in_use = true;
                    } else if is_punct(&t[i], ';') {
                        in_use = false;
                    }
                    let starts = !in_use
                        && matches!(&t[i].tok, Tok::Ident(_))
                        && t.get(i + 1).is_some_and(|x| x.tok == Tok::Sep)
                        && (i == 0 || t[i - 1].tok != Tok::Sep);
                    if !starts {
                        i += 1;
                        continue;
                    }
                    let mut path = Vec::new();
                    let mut k = i;
                    while let Some(Tok::Ident(w)) = t.get(k).map(|x| &x.tok) {
                        path.push(w.clone());
                        if t.get(k + 1).is_some_and(|x| x.tok == Tok::Sep) {
                            k += 2;
                        } else {
                            break;
                        }
                    }
                    let abs = match aliases.get(&path[0]) {
                        Some(m) => {
                            let mut a = m.clone();
                            a.extend(path[1..].iter().cloned());
                            Some(a)
                        }
                        None => self.absolute(f, &path),
                    };
                    if let Some(to) = abs.and_then(|a| self.resolve(&a, 0)) {
                        out.insert(to);
                    }
                    i = k + 1;
                }
                out.remove(&f);
                out
            })
            .collect()
    }
}

/// Every cycle's files, one strongly connected component of more than one file each.
fn cycles(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    // Tarjan's algorithm.
    struct S<'a> {
        edges: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut S, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on[v] = true;
        for &w in s.edges[v].iter() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let n = edges.len();
    let mut s = S {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn no_import_circle_between_files() {
    let g = Graph::new();
    let edges = g.edges();
    let found: Vec<String> = cycles(&edges)
        .into_iter()
        .map(|comp| {
            let names: BTreeSet<usize> = comp.iter().copied().collect();
            comp.iter()
                .map(|&f| {
                    let to: Vec<&str> = edges[f]
                        .iter()
                        .filter(|t| names.contains(t))
                        .map(|&t| g.files[t].rel.as_str())
                        .collect();
                    format!("{} → {}", g.files[f].rel, to.join(", "))
                })
                .collect::<Vec<_>>()
                .join("\n    ")
        })
        .collect();
    assert!(
        found.is_empty(),
        "import circles between files:\n  {}",
        found.join("\n  ")
    );
}

/// `http/routes/eligibility/summary.rs` belongs to the route `eligibility`.
fn route_of(rel: &str) -> Option<&str> {
    let rest = rel.strip_prefix("http/routes/")?;
    if rest == "mod.rs" {
        return None;
    }
    Some(rest.split('/').next()?.trim_end_matches(".rs"))
}

#[test]
fn no_route_imports_another_route() {
    let g = Graph::new();
    let mut found = Vec::new();
    for (f, to) in g.edges().iter().enumerate() {
        let Some(from) = route_of(&g.files[f].rel) else {
            continue;
        };
        for &t in to {
            if let Some(other) = route_of(&g.files[t].rel) {
                if other != from {
                    found.push(format!("{} → {}", g.files[f].rel, g.files[t].rel));
                }
            }
        }
    }
    assert!(found.is_empty(), "routes importing routes: {found:?}");
}

/// Route files hold handlers and the assembly of their answers; the shapes clients see (types
/// deriving `Serialize` or `ToSchema`) live in `http/dto` and `http/request`, one place to read
/// the contract from.
#[test]
fn route_files_declare_no_contract_types() {
    let mut found = Vec::new();
    for f in load() {
        if route_of(&f.rel).is_none() {
            continue;
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(&f.rel);
        let text = std::fs::read_to_string(path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("#[derive(") && (l.contains("Serialize") || l.contains("ToSchema")) {
                found.push(format!("{}:{}", f.rel, n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "contract types declared in route files: {found:?}"
    );
}

#[test]
fn no_function_over_200_lines() {
    let mut found = Vec::new();
    let mut still_long = BTreeSet::new();
    for file in load() {
        let t = &file.tokens;
        for i in 0..t.len() {
            if !is_ident(&t[i], "fn") {
                continue;
            }
            let Some(Tok::Ident(name)) = t.get(i + 1).map(|x| &x.tok) else {
                continue;
            };
            // The body: the first `{` outside parentheses and brackets, unless a `;` ends a
            // declaration first.
            let mut depth = 0i32;
            let mut k = i + 2;
            let mut open = None;
            while k < t.len() {
                match t[k].tok {
                    Tok::Punct('(') | Tok::Punct('[') | Tok::Punct('<') => depth += 1,
                    Tok::Punct(')') | Tok::Punct(']') => depth -= 1,
                    Tok::Punct('>') if !is_punct(&t[k - 1], '-') && !is_punct(&t[k - 1], '=') => {
                        depth -= 1
                    }
                    Tok::Punct(';') if depth <= 0 => break,
                    Tok::Punct('{') if depth <= 0 => {
                        open = Some(k);
                        break;
                    }
                    _ => {}
                }
                k += 1;
            }
            let Some(open) = open else { continue };
            let mut depth = 0;
            let mut close = open;
            for (j, tok) in t.iter().enumerate().skip(open) {
                if is_punct(tok, '{') {
                    depth += 1;
                } else if is_punct(tok, '}') {
                    depth -= 1;
                    if depth == 0 {
                        close = j;
                        break;
                    }
                }
            }
            let lines = t[close].line - t[i].line + 1;
            let at = format!("{}: {name}", file.rel);
            if lines > MAX_FN_LINES {
                still_long.insert(at.clone());
                if !LONG_FUNCTIONS_LEFT.contains(&at.as_str()) {
                    found.push(format!("{at} ({lines} lines)"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "functions over {MAX_FN_LINES} lines:\n  {}",
        found.join("\n  ")
    );
    let done: Vec<&&str> = LONG_FUNCTIONS_LEFT
        .iter()
        .filter(|f| !still_long.contains(**f))
        .collect();
    assert!(
        done.is_empty(),
        "no longer over {MAX_FN_LINES} lines, take them off LONG_FUNCTIONS_LEFT: {done:?}"
    );
}

/// The on-disk shapes (`catalog::raw`) stay behind the catalog's domain names: the HTTP layer and
/// the MCP tools never name them.
#[test]
fn http_never_names_the_catalog_files_shapes() {
    let mut found = Vec::new();
    for file in load() {
        if !(file.rel.starts_with("http/") || file.rel == "mcp.rs") {
            continue;
        }
        for w in file.tokens.windows(3) {
            if is_ident(&w[0], "catalog") && w[1].tok == Tok::Sep && is_ident(&w[2], "raw") {
                found.push(format!("{}:{}", file.rel, w[0].line));
            }
        }
    }
    assert!(found.is_empty(), "catalog::raw named in {found:?}");
}

/// `Criterion::Kind` (or `RawCriterion::Kind`) at `k`: the kind's name.
fn criterion_kind_at(t: &[Token], k: usize) -> Option<String> {
    let named = t
        .get(k)
        .is_some_and(|x| is_ident(x, "Criterion") || is_ident(x, "RawCriterion"));
    if !named || t.get(k + 1).is_none_or(|x| x.tok != Tok::Sep) {
        return None;
    }
    match t.get(k + 2).map(|x| &x.tok) {
        Some(Tok::Ident(kind)) if kind.starts_with(|c: char| c.is_ascii_uppercase()) => {
            Some(kind.clone())
        }
        _ => None,
    }
}

/// Index after the balanced group that opens at `k` (`{…}`, `(…)`), or `k` when none opens there.
fn skip_group(t: &[Token], k: usize) -> usize {
    if !t
        .get(k)
        .is_some_and(|x| is_punct(x, '{') || is_punct(x, '('))
    {
        return k;
    }
    let mut depth = 0i32;
    for (j, x) in t.iter().enumerate().skip(k) {
        match x.tok {
            Tok::Punct('{') | Tok::Punct('(') | Tok::Punct('[') => depth += 1,
            Tok::Punct('}') | Tok::Punct(')') | Tok::Punct(']') => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    t.len()
}

/// Each criterion kind reads in one file: `engine/criteria/mod.rs` only dispatches, every arm
/// of its matches sending a kind (or a kind and its negation) to a child module, each kind always
/// to the same one; and no other file of `engine/criteria/` names a kind it is not the home of.
/// So a second match by aspect (all sentences in one function, all outcomes in another) cannot
/// come back. Files outside `engine/criteria/` name kinds for their own ends (loading checks,
/// planning bounds) and are not held to this.
#[test]
fn each_criterion_kind_is_matched_in_its_own_file() {
    const DISPATCH: &str = "engine/criteria/mod.rs";
    let files = load();
    let dispatch = files
        .iter()
        .find(|f| f.rel == DISPATCH)
        .unwrap_or_else(|| panic!("{DISPATCH} dispatches criterion kinds to their own files"));
    // Kind → the files its arms in the dispatcher lead to.
    let mut home: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let t = &dispatch.tokens;
    let mut i = 0;
    while i < t.len() {
        // An arm: `Criterion::A { .. } | Criterion::B { .. } =>`, then its body up to the
        // arm's `,` or the match's closing brace.
        let mut kinds = Vec::new();
        let mut k = i;
        while let Some(kind) = criterion_kind_at(t, k) {
            kinds.push(kind);
            k = skip_group(t, k + 3);
            if t.get(k).is_some_and(|x| is_punct(x, '|')) {
                k += 1;
            } else {
                break;
            }
        }
        let arrow = t.get(k).is_some_and(|x| is_punct(x, '='))
            && t.get(k + 1).is_some_and(|x| is_punct(x, '>'));
        if kinds.is_empty() || !arrow {
            i += 1;
            continue;
        }
        let mut depth = 0i32;
        let mut target = None;
        let mut j = k + 2;
        while j < t.len() {
            match &t[j].tok {
                Tok::Punct('{') | Tok::Punct('(') | Tok::Punct('[') => depth += 1,
                Tok::Punct('}') | Tok::Punct(')') | Tok::Punct(']') => {
                    depth -= 1;
                    if depth < 0 {
                        break;
                    }
                }
                Tok::Punct(',') if depth == 0 => break,
                Tok::Ident(m)
                    if target.is_none()
                        && dispatch.children.contains(m)
                        && t.get(j + 1).is_some_and(|x| x.tok == Tok::Sep) =>
                {
                    target = Some(m.clone());
                }
                _ => {}
            }
            j += 1;
        }
        let to = match target {
            Some(m) => {
                let file = format!("engine/criteria/{m}.rs");
                let dir = format!("engine/criteria/{m}/mod.rs");
                if files.iter().any(|f| f.rel == dir) {
                    dir
                } else {
                    file
                }
            }
            None => DISPATCH.to_string(),
        };
        for kind in kinds {
            home.entry(kind).or_default().insert(to.clone());
        }
        i = j;
    }
    let mut found = Vec::new();
    if home.is_empty() {
        found.push(format!("{DISPATCH} dispatches no criterion kind"));
    }
    for (kind, to) in &home {
        if to.contains(DISPATCH) {
            found.push(format!(
                "{kind} is evaluated or worded in {DISPATCH} itself"
            ));
        }
        if to.len() > 1 {
            found.push(format!("{kind} is dispatched to several files: {to:?}"));
        }
    }
    for file in &files {
        if !file.rel.starts_with("engine/criteria/") || file.rel == DISPATCH {
            continue;
        }
        for k in 0..file.tokens.len() {
            if let Some(kind) = criterion_kind_at(&file.tokens, k) {
                if !home.get(&kind).is_some_and(|to| to.contains(&file.rel)) {
                    found.push(format!(
                        "{}:{} names {kind}, which {DISPATCH} sends to {:?}",
                        file.rel,
                        file.tokens[k].line,
                        home.get(&kind).cloned().unwrap_or_default()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "criterion kinds matched outside their own file:\n  {}",
        found.join("\n  ")
    );
}

/// The variants of the formula enum (`RawFormula`, named `Formula` in the domain) as
/// `catalog/raw.rs` declares them.
fn formula_variants(files: &[File]) -> Vec<String> {
    let raw = files
        .iter()
        .find(|f| f.rel == "engine/catalog/raw.rs")
        .expect("engine/catalog/raw.rs");
    let t = &raw.tokens;
    let start = t
        .windows(3)
        .position(|w| {
            is_ident(&w[0], "enum") && is_ident(&w[1], "RawFormula") && is_punct(&w[2], '{')
        })
        .expect("enum RawFormula in catalog/raw.rs")
        + 3;
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut expect_variant = true;
    for (k, x) in t.iter().enumerate().skip(start) {
        match &x.tok {
            Tok::Punct('{') | Tok::Punct('(') | Tok::Punct('[') => depth += 1,
            Tok::Punct('}') if depth == 0 => break,
            Tok::Punct('}') | Tok::Punct(')') | Tok::Punct(']') => depth -= 1,
            Tok::Punct(',') if depth == 0 => expect_variant = true,
            Tok::Ident(w) if depth == 0 && expect_variant && !is_punct(&t[k - 1], '#') => {
                out.push(w.clone());
                expect_variant = false;
            }
            _ => {}
        }
    }
    out
}

/// `CostRate` → `cost_rate`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

/// Where the tokens name a formula kind's variant (`RawFormula::CostRate`,
/// `catalog::Formula::Fixed`, an alias of either): the line and the variant, or `None` for an
/// import of the variants (`RawFormula::*`, `RawFormula::{…}`). `Formula` counts when it is the
/// catalog's: written `catalog::Formula` or imported from `catalog`.
fn formula_variant_uses(t: &[Token], variants: &[String]) -> Vec<(usize, Option<String>)> {
    let mut names: BTreeSet<String> = ["RawFormula".to_string()].into();
    for (path, name, _) in use_paths(t) {
        let Some(last) = path.last() else { continue };
        let catalogs = path.iter().any(|s| s == "catalog");
        if last == "RawFormula" || (last == "Formula" && catalogs) {
            if let Some(n) = name {
                names.insert(n);
            }
        }
    }
    let mut out = Vec::new();
    for (i, w) in t.windows(3).enumerate() {
        let Tok::Ident(n) = &w[0].tok else { continue };
        let after_catalog = i >= 2 && t[i - 1].tok == Tok::Sep && is_ident(&t[i - 2], "catalog");
        let ours = names.contains(n) || (n == "Formula" && after_catalog);
        if !ours || w[1].tok != Tok::Sep {
            continue;
        }
        match &w[2].tok {
            Tok::Ident(v) if variants.contains(v) => out.push((w[0].line, Some(v.clone()))),
            Tok::Punct('*') | Tok::Punct('{') => out.push((w[0].line, None)),
            _ => {}
        }
    }
    out
}

/// Each formula kind reads in one file: its arithmetic, description and plan bound live in
/// `engine/formula/<kind>.rs`, and only the dispatcher `engine/formula/mod.rs` matches the
/// kinds to hand over to them. No other file names a kind's variant, except the catalog's
/// loading, which handles the on-disk shapes field by field once, at load: its checks
/// (`catalog/validate.rs`, the money bounds of `catalog/figures.rs`) and the fitting of each
/// shape's lists to their length (`catalog/load.rs`).
#[test]
fn formula_kinds_are_matched_only_by_the_dispatcher_and_their_own_file() {
    const DISPATCHER: &str = "engine/formula/mod.rs";
    const LOADING_CHECKS: &[&str] = &[
        "engine/catalog/validate.rs",
        "engine/catalog/figures.rs",
        "engine/catalog/load.rs",
    ];
    let files = load();
    let variants = formula_variants(&files);
    assert!(
        variants.len() >= 2 && variants.iter().any(|v| v == "CostRate"),
        "the formula kinds were not found in catalog/raw.rs: {variants:?}"
    );
    let own_file = |v: &str| format!("engine/formula/{}.rs", snake(v));
    // The rule bites: a match outside the kinds' files is found.
    let probe = tokenize("fn f(x: &RawFormula) -> bool { matches!(x, RawFormula::CostRate(_)) }");
    assert_eq!(
        formula_variant_uses(&probe, &variants),
        vec![(1, Some("CostRate".to_string()))]
    );
    let mut found = Vec::new();
    for v in &variants {
        if !files.iter().any(|f| f.rel == own_file(v)) {
            found.push(format!("{v}: no file {}", own_file(v)));
        }
    }
    for file in &files {
        if file.rel == DISPATCHER || LOADING_CHECKS.contains(&file.rel.as_str()) {
            continue;
        }
        for (line, variant) in formula_variant_uses(&file.tokens, &variants) {
            if variant.as_ref().is_none_or(|v| file.rel != own_file(v)) {
                let what = variant.unwrap_or_else(|| "the variants".to_string());
                found.push(format!("{}:{line} names {what}", file.rel));
            }
        }
    }
    assert!(
        found.is_empty(),
        "formula kinds matched outside engine/formula/mod.rs and their own files \
         (move the aspect into the kind's file and call it from the dispatcher):\n  {}",
        found.join("\n  ")
    );
}
