//! The two ways a request body is read give the same request: the typed reader that reads a
//! valid body straight from its bytes (`body::fast`), and the slow reader that builds a JSON
//! value first and names every problem (`body::slow`). Bodies: every worked example of
//! `tests/cases` as an eligibility and a calculation request, and the OpenAPI examples; each
//! must be read by the typed reader. Then the same bodies changed at random (a value replaced,
//! a key dropped, doubled, spelt with an escape or unknown, a value wrapped in an array): when
//! the typed reader accepts one, the slow reader must accept it and read the same request.

use std::fmt::Write as _;

use hojokin::http::body::{fast, slow};
use hojokin::http::request::calculation::CalculationRequest;
use hojokin::http::request::eligibility::EligibilityRequest;
use hojokin::http::request::Field;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};

use crate::toml_json::to_json;

/// Eligibility and calculation bodies: the worked examples and the OpenAPI examples.
fn bodies() -> (Vec<Value>, Vec<Value>) {
    let mut elig = Vec::new();
    let mut calc = Vec::new();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in files {
        let doc: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in doc
            .get("case")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            let c = to_json(case);
            let facility = c.get("facility").cloned().unwrap_or(json!({}));
            elig.push(json!({
                "as_of": c["as_of"],
                "facility": facility,
                "programs": [c["program"]],
                "detail": "full",
            }));
            let mut body = json!({
                "program_id": c["program"],
                "as_of": c["as_of"],
                "facility": facility,
                "expenses": c.get("expenses").cloned().unwrap_or(json!([])),
            });
            if let Some(f) = c.get("frame") {
                body["frame_id"] = f.clone();
            }
            if let Some(i) = c.get("interpretations") {
                body["options"] = json!({ "interpretations": i });
            }
            calc.push(body);
        }
    }
    let doc: Value =
        serde_json::from_str(include_str!("../../openapi/openapi.json")).expect("openapi.json");
    for (path, out) in [
        ("/v1/eligibility", &mut elig),
        ("/v1/calculations", &mut calc),
    ] {
        let examples =
            &doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["examples"];
        for (_, e) in examples.as_object().expect("request examples") {
            out.push(e["value"].clone());
        }
    }
    (elig, calc)
}

/// Both readers on `text`: when the typed one reads it, the slow one reads the same.
fn agree<T: Field + PartialEq + std::fmt::Debug>(text: &str) -> Result<bool, String> {
    let Some(quick) = fast::<T>(text.as_bytes()) else {
        return Ok(false);
    };
    match slow::<T>(text.as_bytes()) {
        Ok(read) if read == quick => Ok(true),
        Ok(read) => Err(format!("{text}\n typed: {quick:?}\n slow: {read:?}")),
        Err(e) => Err(format!("{text}\n typed read it, slow refused it: {e:?}")),
    }
}

#[test]
fn every_example_body_is_read_typed_and_the_same() {
    let (elig, calc) = bodies();
    assert!(
        elig.len() > 100 && calc.len() > 100,
        "{} {}",
        elig.len(),
        calc.len()
    );
    let mut failures = Vec::new();
    for b in &elig {
        match agree::<EligibilityRequest>(&b.to_string()) {
            Ok(true) => {}
            Ok(false) => failures.push(format!("not read typed: {b}")),
            Err(e) => failures.push(e),
        }
    }
    for b in &calc {
        match agree::<CalculationRequest>(&b.to_string()) {
            Ok(true) => {}
            Ok(false) => failures.push(format!("not read typed: {b}")),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One change to a body, at the `at`-th value in document order.
#[derive(Debug, Clone)]
enum Change {
    Replace(usize, Value),
    Drop(usize),
    /// The key written twice, first with `Value`.
    Double(usize, Value),
    /// The key written with its first letter as a `\u` escape.
    Escape(usize),
    Unknown(usize),
    Wrap(usize),
}

fn scalars() -> Vec<Value> {
    let mut v: Vec<Value> = vec![
        Value::Null,
        true.into(),
        false.into(),
        json!(150.0),
        json!(1.5),
        json!(1e20),
        json!(-0.0),
        json!(i64::MIN),
        json!(u64::MAX),
        "".into(),
        "x".into(),
        "13".into(),
        "東京都".into(),
        "2025-02-29".into(),
        "2024-02-29".into(),
        "2025-12-25".into(),
        "hospital".into(),
        "clinic".into(),
        "summary".into(),
        "o5".into(),
        "ehr_standardization".into(),
        // Lengths around the 500-character limit of free text, in bytes and in characters.
        "x".repeat(500).into(),
        "x".repeat(501).into(),
        "あ".repeat(200).into(),
        "あ".repeat(501).into(),
        json!([]),
        json!({}),
        json!([null]),
        json!(["online_eligibility"]),
        json!([1]),
    ];
    for n in [
        -1i64,
        0,
        1,
        2,
        19,
        20,
        99,
        100,
        199,
        200,
        201,
        299,
        300,
        1000,
        100_000_000,
        1_000_000_000,
        100_000_000_000,
    ] {
        v.push(n.into());
    }
    v
}

fn change() -> impl Strategy<Value = Change> {
    let s = scalars();
    let n = s.len();
    let pick = move |i: usize| s[i % n].clone();
    let (p1, p2) = (pick.clone(), pick);
    prop_oneof![
        3 => (0..400usize, 0..1000usize).prop_map(move |(a, i)| Change::Replace(a, p1(i))),
        1 => (0..400usize).prop_map(Change::Drop),
        1 => (0..400usize, 0..1000usize).prop_map(move |(a, i)| Change::Double(a, p2(i))),
        1 => (0..400usize).prop_map(Change::Escape),
        1 => (0..400usize).prop_map(Change::Unknown),
        1 => (0..400usize).prop_map(Change::Wrap),
    ]
}

/// Values in `v`, itself included.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Object(m) => m.values().map(count).sum(),
        Value::Array(a) => a.iter().map(count).sum(),
        _ => 0,
    }
}

impl Change {
    /// The change at a value that exists in a body of `n` values.
    fn within(self, n: usize) -> Change {
        match self {
            Change::Replace(at, x) => Change::Replace(at % n, x),
            Change::Drop(at) => Change::Drop(at % n),
            Change::Double(at, x) => Change::Double(at % n, x),
            Change::Escape(at) => Change::Escape(at % n),
            Change::Unknown(at) => Change::Unknown(at % n),
            Change::Wrap(at) => Change::Wrap(at % n),
        }
    }
}

/// `v` written as JSON text with `change` applied; `seen` counts values in document order.
fn write(v: &Value, change: &Change, seen: &mut usize, out: &mut String) {
    let me = *seen;
    *seen += 1;
    match change {
        Change::Replace(at, x) if *at == me => return out.push_str(&x.to_string()),
        Change::Wrap(at) if *at == me => {
            out.push('[');
            out.push_str(&v.to_string());
            out.push(']');
            return;
        }
        _ => {}
    }
    match v {
        Value::Object(m) => {
            out.push('{');
            let mut first = true;
            let mut sep = |out: &mut String| {
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
            };
            if matches!(change, Change::Unknown(at) if *at == me) {
                sep(out);
                out.push_str("\"unknown_key\":1");
            }
            for (k, x) in m {
                let child = *seen;
                match change {
                    Change::Drop(at) if *at == child => {
                        write(x, change, seen, &mut String::new());
                        continue;
                    }
                    Change::Double(at, first_value) if *at == child => {
                        sep(out);
                        let _ = write!(out, "{}:{}", json!(k), first_value);
                    }
                    _ => {}
                }
                sep(out);
                match change {
                    Change::Escape(at) if *at == child => {
                        let mut cs = k.chars();
                        let c = cs.next().unwrap_or('a');
                        let _ = write!(out, "\"\\u{:04x}{}\":", c as u32, cs.as_str());
                    }
                    _ => {
                        let _ = write!(out, "{}:", json!(k));
                    }
                }
                write(x, change, seen, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, change, seen, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[test]
fn a_changed_body_read_typed_is_read_the_same_by_the_slow_reader() {
    let (elig, calc) = bodies();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let typed = [std::cell::Cell::new(0usize), std::cell::Cell::new(0usize)];
    let strategy = (
        any::<bool>(),
        0..elig.len().max(calc.len()),
        proptest::collection::vec(change(), 1..3),
    );
    runner
        .run(&strategy, |(is_calc, i, changes)| {
            let base = if is_calc {
                &calc[i % calc.len()]
            } else {
                &elig[i % elig.len()]
            };
            let mut text = base.to_string();
            for c in &changes {
                let v: Value = match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(_) => break,
                };
                text.clear();
                write(&v, &c.clone().within(count(&v)), &mut 0, &mut text);
            }
            let read = if is_calc {
                agree::<CalculationRequest>(&text)
            } else {
                agree::<EligibilityRequest>(&text)
            };
            match read {
                Ok(true) => typed[usize::from(is_calc)].set(typed[usize::from(is_calc)].get() + 1),
                Ok(false) => {}
                Err(e) => return Err(TestCaseError::fail(e)),
            }
            Ok(())
        })
        .unwrap();
    // Both readers were compared on changed bodies that the typed reader accepted, not only
    // on bodies it refused.
    let typed = typed.map(|c| c.get());
    assert!(typed[0] > 50 && typed[1] > 50, "typed reads: {typed:?}");
}
