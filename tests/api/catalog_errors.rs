//! A broken catalog is refused with the file and key path, by `catalog check` and by the server.

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_catalog(to: &Path) {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("catalog");
    std::fs::create_dir_all(to.join("programs")).unwrap();
    std::fs::copy(from.join("catalog.toml"), to.join("catalog.toml")).unwrap();
    for e in std::fs::read_dir(from.join("programs")).unwrap().flatten() {
        std::fs::copy(e.path(), to.join("programs").join(e.file_name())).unwrap();
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hojokin-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn break_file(dir: &Path, file: &str, edit: impl Fn(String) -> String) {
    let p = dir.join("programs").join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    let changed = edit(text.clone());
    assert_ne!(text, changed, "the edit changed {file}");
    std::fs::write(p, changed).unwrap();
}

fn check(dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hojokin"))
        .args(["catalog", "check"])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn the_embedded_catalog_checks_clean() {
    let out = Command::new(env!("CARGO_BIN_EXE_hojokin"))
        .args(["catalog", "check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn broken_catalogs_fail_with_file_and_key_path() {
    type Edit = Box<dyn Fn(String) -> String>;
    let cases: [(&str, &str, Edit, &str); 7] = [
        (
            "unknown-field",
            "denshi-karte-kyoyu.toml",
            Box::new(|t: String| t.replacen("[[frames]]\n", "[[frames]]\ncolour = \"red\"\n", 1)),
            "frames[0]",
        ),
        (
            "overlap",
            "tokyo-cyber.toml",
            Box::new(|t: String| {
                let i = t.find("[[frames.terms]]").unwrap();
                let j = t[i + 1..]
                    .find("\n[[")
                    .map(|x| x + i + 1)
                    .unwrap_or(t.len());
                let term = t[i..j].to_string();
                format!("{}{}\n{}", &t[..j], term, &t[j..])
            }),
            "overlaps terms[0]",
        ),
        (
            "dangling",
            "denshi-karte-kyoyu.toml",
            Box::new(|t: String| {
                t.replacen(
                    "program_id = \"online-shikaku\"",
                    "program_id = \"online-shikaku-x\"",
                    1,
                )
            }),
            "prerequisites[0].program_id",
        ),
        (
            "missing-source",
            "jma-cyber-shienkin.toml",
            Box::new(|t: String| {
                let i = t.find("[[frames.terms]]").unwrap();
                let k = t[i..].find("source = \"").unwrap() + i;
                format!(
                    "{}source = \"no-such-source\"{}",
                    &t[..k],
                    &t[k + t[k..].find('\n').unwrap()..]
                )
            }),
            "terms[0].source",
        ),
        (
            "spend-period-backwards",
            "seisansei-kojo.toml",
            Box::new(|t: String| {
                t.replacen(
                    "spend_period = { from = 2024-04-01, until = 2026-03-31 }",
                    "spend_period = { from = 2026-03-31, until = 2024-04-01 }",
                    1,
                )
            }),
            "spend_period.until",
        ),
        (
            "max-tier-without-conditions",
            "online-shikaku.toml",
            Box::new(|t: String| {
                t.replacen(
                    "when = [{ kind = \"facility_type\", values = [\"medical_clinic\", \"dental_clinic\"] }], max = { yen = 128_000",
                    "when = [], max = { yen = 128_000",
                    1,
                )
            }),
            "max_tiers[0].when",
        ),
        (
            "unpriced-and-counted",
            "online-shikaku.toml",
            Box::new(|t: String| {
                t.replacen(
                    "unpriced = [{ category = \"card_reader\"",
                    "unpriced = [{ category = \"software\"",
                    1,
                )
            }),
            "unpriced[0].category",
        ),
    ];
    for (name, file, edit, expected) in cases {
        let dir = temp_dir(name);
        copy_catalog(&dir);
        break_file(&dir, file, edit);
        let (ok, stderr) = check(&dir);
        assert!(!ok, "{name}: check must fail");
        assert!(
            stderr.contains(&format!("programs/{file}")),
            "{name}: names the file: {stderr}"
        );
        assert!(
            stderr.contains(expected),
            "{name}: names `{expected}`: {stderr}"
        );
        let served = Command::new(env!("CARGO_BIN_EXE_hojokin"))
            .env("HOJOKIN_CATALOG_DIR", &dir)
            .env("HOJOKIN_PORT", "0")
            .env("HOJOKIN_LOG_FORMAT", "json")
            .output()
            .unwrap();
        assert!(
            !served.status.success(),
            "{name}: the server refuses to start"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn stack_links_must_resolve_and_cite_a_source() {
    let cases: [(&str, &str, &str); 2] = [
        (
            "stack-dangling",
            "frame = \"denshi-shohosen/kuni-doji\"",
            "frame = \"denshi-shohosen/kuni-doji-x\"",
        ),
        (
            "stack-source",
            "frame = \"denshi-shohosen/kuni-doji\"\n  source = \"hiroshima\"",
            "frame = \"denshi-shohosen/kuni-doji\"\n  source = \"nowhere\"",
        ),
    ];
    for (name, from, to) in cases {
        let dir = temp_dir(name);
        copy_catalog(&dir);
        break_file(&dir, "denshi-shohosen.toml", |t| t.replacen(from, to, 1));
        let (ok, stderr) = check(&dir);
        assert!(!ok, "{name}: check must fail");
        assert!(
            stderr.contains("programs/denshi-shohosen.toml") && stderr.contains("stacks_with[0]"),
            "{name}: names file and key path: {stderr}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn impossible_money_and_broken_files_are_all_listed_in_one_run() {
    let dir = temp_dir("impossible-money");
    copy_catalog(&dir);
    // A negative cost cap and a rate of 0/3 (valid TOML, impossible money).
    break_file(&dir, "denshi-karte-kyoyu.toml", |t| {
        t.replacen(
            "cost_cap = { yen = 13_158_000",
            "cost_cap = { yen = -1_622_000",
            1,
        )
        .replacen(
            "cost_cap = { yen = 10_913_000, op = \"le\" }, rate = \"1/2\"",
            "cost_cap = { yen = 10_913_000, op = \"le\" }, rate = \"0/3\"",
            1,
        )
    });
    // i64::MAX yen, a rate over 1 and a per-unit amount of 0.
    break_file(&dir, "tokyo-cyber.toml", |t| {
        t.replacen(
            "cost_cap = { yen = 5_000_000",
            "cost_cap = { yen = 9_223_372_036_854_775_807",
            1,
        )
        .replacen(
            "cost_cap = { yen = 12_500_000, op = \"le\" }, rate = \"1/2\"",
            "cost_cap = { yen = 12_500_000, op = \"le\" }, rate = \"3/2\"",
            1,
        )
    });
    break_file(&dir, "byosho-tekiseika.toml", |t| {
        t.replacen("per_unit = { yen = 4_104_000", "per_unit = { yen = 0", 1)
    });
    // Two files the TOML reader rejects: a date that does not exist, and a broken line; the
    // second also has a bad figure after the broken line.
    break_file(&dir, "online-shikaku.toml", |t| {
        let i = t.find("from = 20").unwrap();
        format!("{}from = 2024-13-01{}", &t[..i], &t[i + 15..])
    });
    break_file(&dir, "tokyo-ai-katsuyo.toml", |t| {
        let i = t.find("[[frames]]").unwrap();
        let t = format!("{}colour = = 1\n{}", &t[..i], &t[i..]);
        t.replacen("max = { yen = 5_000_000", "max = { yen = -5", 1)
    });
    let (ok, stderr) = check(&dir);
    assert!(!ok, "check must fail");
    for expected in [
        "programs/denshi-karte-kyoyu.toml: frames[0].terms[0].formula.cost_cap.yen: a yen figure must be from 0",
        "programs/denshi-karte-kyoyu.toml: frames[1].terms[0].formula.rate: rate `0/3` must be more than 0",
        "programs/tokyo-cyber.toml: frames[0].terms[0].formula.cost_cap.yen: a yen figure must be from 0 to 10000000000000 (got 9223372036854775807)",
        "programs/tokyo-cyber.toml: frames[1].terms[0].formula.rate: rate `3/2`",
        "per_unit.yen: a per-unit amount must be from 1",
        "programs/online-shikaku.toml: frames[0].terms[0].from:",
        "programs/tokyo-ai-katsuyo.toml: sources[2].colour:",
        "programs/tokyo-ai-katsuyo.toml: frames[0].terms[0].formula.max.yen: a yen figure must be from 0",
    ] {
        assert!(stderr.contains(expected), "lists `{expected}`:\n{stderr}");
    }
    assert!(
        !stderr.contains("untagged enum"),
        "a bad rate is named as a rate: {stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn window_ids_must_be_kebab_case_and_unique_in_their_frame() {
    let cases: [(&str, &str, &str, &str); 2] = [
        // Two windows of the frame `tsujo-1process` named alike: their derived ids collide.
        (
            "window-id-twice",
            "name = { ja = \"2次締切\", en = \"Round 2\" }",
            "name = { ja = \"1次締切\", en = \"Round 1\" }",
            "is used twice",
        ),
        (
            "window-id-case",
            "name = { ja = \"1次締切\", en = \"Round 1\" }",
            "id = \"Round_1\"\n  name = { ja = \"1次締切\", en = \"Round 1\" }",
            "kebab-case",
        ),
    ];
    for (name, from, to, message) in cases {
        let dir = temp_dir(name);
        copy_catalog(&dir);
        break_file(&dir, "digital-ai-2026.toml", |t| t.replacen(from, to, 1));
        let (ok, stderr) = check(&dir);
        assert!(!ok, "{name}: check must fail");
        assert!(
            stderr.contains("programs/digital-ai-2026.toml")
                && stderr.contains(".windows[")
                && stderr.contains(".id")
                && stderr.contains(message),
            "{name}: names file, key path and the rule: {stderr}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
