//! Rules the loader enforces for every program (issue 15): an introduction deadline stated on a
//! window is checked by a criterion; a frame that funds no expense category prices no lines; an
//! official page names a source of the file.

use std::path::{Path, PathBuf};
use std::process::Command;

fn catalog_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hojokin-rules-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("catalog");
    std::fs::create_dir_all(dir.join("programs")).unwrap();
    std::fs::copy(from.join("catalog.toml"), dir.join("catalog.toml")).unwrap();
    for e in std::fs::read_dir(from.join("programs")).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join("programs").join(e.file_name())).unwrap();
    }
    dir
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join("programs").join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} contains {from}");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

fn check(dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hojokin"))
        .args(["catalog", "check"])
        .arg(dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(dir);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn an_introduction_deadline_without_a_criterion_is_refused() {
    let dir = catalog_copy("deadline");
    edit(
        &dir,
        "denshi-karte-kyoyu.toml",
        "  [[frames.criteria]]\n  kind = \"completed_by\"\n  by = 2031-03-31\n",
        "",
    );
    let (ok, err) = check(&dir);
    assert!(!ok);
    assert!(
        err.contains("programs/denshi-karte-kyoyu.toml: frames[0].windows[0].complete_by"),
        "{err}"
    );
}

#[test]
fn a_frame_without_expense_categories_cannot_price_lines() {
    let dir = catalog_copy("no-categories");
    edit(
        &dir,
        "jma-cyber-shienkin.toml",
        "kind = \"fixed\", yen = 100_000",
        "kind = \"fixed\", yen = 100_000, limited_to_spend = true",
    );
    let (ok, err) = check(&dir);
    assert!(!ok);
    assert!(err.contains("list the frame's expense_categories"), "{err}");
}

#[test]
fn an_official_page_must_be_a_source_of_the_file() {
    let dir = catalog_copy("official-page");
    edit(
        &dir,
        "online-shikaku.toml",
        "official_page = \"portal-iryohi\"",
        "official_page = \"nowhere\"",
    );
    let (ok, err) = check(&dir);
    assert!(!ok);
    assert!(
        err.contains("programs/online-shikaku.toml: official_page"),
        "{err}"
    );
}
