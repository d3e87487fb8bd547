//! `hojokin catalog diff OLD NEW` on edited copies of the embedded catalog: what changed, with
//! its key path and old → new, as text and JSON; exit 0 identical, 1 different, 2 invalid.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hojokin-diff-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("programs")).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    std::fs::copy(src.join("catalog.toml"), dir.join("catalog.toml")).unwrap();
    for entry in std::fs::read_dir(src.join("programs")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.join("programs").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// Replaces the first occurrence of `from` (which must be there) in a file of the copy.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} contains {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn diff(old: &Path, new: &Path, json: bool) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hojokin"));
    cmd.args(["catalog", "diff"]).arg(old).arg(new);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(old: &Path, new: &Path) -> (i32, Value) {
    let (code, out, _) = diff(old, new, true);
    (code, serde_json::from_str(&out).expect("JSON report"))
}

#[test]
fn identical_catalogs_exit_zero() {
    let (a, b) = (copy("same-a"), copy("same-b"));
    let (code, out, _) = diff(&a, &b, false);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("identical"));
    let (code, v) = json(&a, &b);
    assert_eq!(code, 0);
    assert_eq!(v["identical"], true);
    assert_eq!(v["changes"].as_array().unwrap().len(), 0);
}

#[test]
fn a_changed_cap_is_shown_with_its_key_path_and_both_values() {
    let (old, new) = (copy("cap-old"), copy("cap-new"));
    edit(
        &new,
        "programs/denshi-karte-kyoyu.toml",
        "subsidy_cap = { yen = 6_579_000",
        "subsidy_cap = { yen = 7_000_000",
    );
    edit(
        &new,
        "catalog.toml",
        "edition = \"2026-11-25\"",
        "edition = \"2026-12-01\"",
    );
    let (code, out, _) = diff(&old, &new, false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("figure    denshi-karte-kyoyu: frames[3bunsho-daikibo].terms[from=2024-03-01].formula.subsidy_cap.yen: 6579000 → 7000000"),
        "{out}"
    );
    assert!(out.contains("catalog.toml: edition: \"2026-11-25\" → \"2026-12-01\""));
    assert!(out.contains("2 value(s) changed"), "{out}");

    let (code, v) = json(&old, &new);
    assert_eq!(code, 1);
    assert_eq!(v["old"]["edition"], "2026-11-25");
    assert_eq!(v["new"]["edition"], "2026-12-01");
    let cap = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["program"] == "denshi-karte-kyoyu")
        .expect("the cap change");
    assert_eq!(cap["kind"], "figure");
    assert_eq!(cap["change"], "changed");
    assert_eq!(cap["file"], "programs/denshi-karte-kyoyu.toml");
    assert_eq!(
        cap["path"],
        "frames[3bunsho-daikibo].terms[from=2024-03-01].formula.subsidy_cap.yen"
    );
    assert_eq!(cap["old"], 6_579_000);
    assert_eq!(cap["new"], 7_000_000);
}

#[test]
fn windows_criteria_status_and_sources_are_classed() {
    let (old, new) = (copy("kinds-old"), copy("kinds-new"));
    let f = "programs/byosho-tekiseika.toml";
    edit(
        &new,
        f,
        "{ kind = \"number\", field = \"beds_cut\", op = \"ge\", value = 1 }",
        "{ kind = \"number\", field = \"beds_cut\", op = \"ge\", value = 2 }",
    );
    edit(&new, f, "after = \"unknown\"", "after = \"ended\"");
    edit(
        &new,
        f,
        "https://wic-net.com/material/document/19427/4",
        "https://www.mhlw.go.jp/byosho",
    );
    edit(
        &new,
        "programs/online-shikaku.toml",
        "closes = 2023-09-30",
        "closes = 2023-10-31",
    );
    let (code, v) = json(&old, &new);
    assert_eq!(code, 1);
    let found = |kind: &str, path: &str| {
        v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind && c["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind} change at {path}: {v:#}"))
    };
    let c = found("criterion", "frames[sakugen].criteria[0].of[0].value");
    assert_eq!((c["old"].as_i64(), c["new"].as_i64()), (Some(1), Some(2)));
    let s = found("status", "frames[sakugen].after");
    assert_eq!(
        (s["old"].as_str(), s["new"].as_str()),
        (Some("unknown"), Some("ended"))
    );
    found("source", "sources[mhlw-r6-byosho].url");
    let w = found("window", "frames[core-byoin].windows[applications].closes");
    assert_eq!(w["old"], "2023-09-30");
    assert_eq!(w["new"], "2023-10-31");
    assert_eq!(v["changes"].as_array().unwrap().len(), 4, "{v:#}");
}

#[test]
fn programs_and_frames_added_and_removed() {
    let (old, new) = (copy("struct-old"), copy("struct-new"));
    std::fs::remove_file(new.join("programs/tokyo-cyber.toml")).unwrap();
    // byosho-tekiseika has one frame, from its `[[frames]]` to the end of the file: a copy under
    // another id is a second frame.
    let p = new.join("programs/byosho-tekiseika.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let frame = &text[text.find("[[frames]]").unwrap()..];
    let copy = frame.replacen("id = \"sakugen\"", "id = \"sakugen-2\"", 1);
    std::fs::write(&p, format!("{text}\n{copy}")).unwrap();

    let (code, out, _) = diff(&old, &new, false);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("programs removed: tokyo-cyber"), "{out}");
    assert!(
        out.contains("frame added: byosho-tekiseika/sakugen-2"),
        "{out}"
    );
    assert!(
        out.contains(
            "0 program(s) added, 1 removed; 1 frame(s) added, 0 removed; 0 value(s) changed"
        ),
        "{out}"
    );
    let (_, v) = json(&new, &old);
    assert_eq!(v["programs_added"], serde_json::json!(["tokyo-cyber"]));
    assert_eq!(
        v["frames_removed"],
        serde_json::json!([{"program": "byosho-tekiseika", "frame": "sakugen-2"}])
    );
}

#[test]
fn an_invalid_catalog_exits_two_with_file_and_key_path() {
    let (old, new) = (copy("bad-old"), copy("bad-new"));
    edit(
        &new,
        "programs/denshi-karte-kyoyu.toml",
        "subsidy_cap = { yen = 6_579_000, op = \"le\" }",
        "subsidy_cap = { yen = 6_579_000, op = \"le\", typo = 1 }",
    );
    let (code, out, err) = diff(&old, &new, false);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("programs/denshi-karte-kyoyu.toml"), "{err}");
    assert!(err.contains("typo"), "{err}");
    assert!(err.contains("frames"), "the key path: {err}");
    let (code, v) = json(&old, &new);
    assert_eq!(code, 2);
    assert_eq!(v["side"], "new");
    assert_eq!(v["errors"][0]["file"], "programs/denshi-karte-kyoyu.toml");
    // Either side can be the invalid one.
    let (code, _, _) = diff(&new, &old, false);
    assert_eq!(code, 2);
}
