//! The two ways a request body is read give the same request: the typed reader that reads a
//! valid body straight from its bytes (`body::fast`), and the slow reader that builds a JSON
//! value first and names every problem (`body::slow`). Bodies: every worked example of
//! `tests/cases` as an eligibility and a calculation request, and the OpenAPI examples; each
//! must be read by the typed reader. Then bodies at the edges (escapes, doubled keys at every
//! level, number forms, lists at their limits), and the example bodies changed at random (values
//! replaced, also by raw text such as `1e2`, `-0` or an escaped string; keys dropped, doubled,
//! spelt with an escape or unknown; values wrapped in an array; text after the body): when the
//! typed reader accepts one, the slow reader must accept it and read the same request.

use std::fmt::Write as _;

use hojokin::http::body::{fast, slow};
use hojokin::http::request::calculation::CalculationRequest;
use hojokin::http::request::eligibility::EligibilityRequest;
use hojokin::http::request::Field;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};

use crate::helpers::{calculation_body, worked_examples};

/// Eligibility and calculation bodies: the worked examples and the OpenAPI examples.
fn bodies() -> (Vec<Value>, Vec<Value>) {
    let mut elig = Vec::new();
    let mut calc = Vec::new();
    for (_, c) in worked_examples() {
        elig.push(json!({
            "as_of": c["as_of"],
            "facility": c.get("facility").cloned().unwrap_or(json!({})),
            "programs": [c["program"]],
            "detail": "full",
        }));
        calc.push(calculation_body(&c));
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

/// Bodies at the edges of what the readers accept (escapes, doubled keys at every level and
/// inside values, `null`, number forms, list lengths at their limit, trailing text): the
/// typed reader never accepts a body the slow one refuses or reads differently.
#[test]
fn edge_bodies_are_read_alike() {
    let calc = [
        r#"{"program_id":"x"}"#,
        r#"{"program_id":"x"} "#,
        r#"{"program_id":"x"}x"#,
        r#"{"program_id":"x"}{}"#,
        r#"{"\u0070rogram_id":"x"}"#,
        r#"{"program_id":"x","program\u005fid":"x"}"#,
        r#"{"program_id":null}"#,
        r#"{}"#,
        r#"{"program_id":"x","frame_id":null}"#,
        r#"{"program_id":"x","facility":{}}"#,
        r#"{"program_id":"x","facility":null}"#,
        r#"{"program_id":"x","facility":{"beds":1e2}}"#,
        r#"{"program_id":"x","facility":{"beds":150.0}}"#,
        r#"{"program_id":"x","facility":{"beds":-0}}"#,
        r#"{"program_id":"x","facility":{"beds":-0.0}}"#,
        r#"{"program_id":"x","facility":{"beds":1e400}}"#,
        r#"{"program_id":"x","facility":{"beds":18446744073709551616}}"#,
        r#"{"program_id":"x","facility":{"beds":10001}}"#,
        r#"{"program_id":"x","facility":{"beds":10,"beds":10}}"#,
        r#"{"program_id":"x","facility":{"beds":10,"beds_cut":11}}"#,
        r#"{"program_id":"x","facility":{"introduced":["ehr_sharing"]}}"#,
        r#"{"program_id":"x","facility":{"introduced":[null]}}"#,
        r#"{"program_id":"x","facility":{"introduced":null}}"#,
        r#"{"program_id":"x","facility":{"surgeries_deliveries":5}}"#,
        r#"{"program_id":"x","facility":{"incident":{"kind":"leak_only","leak":false}}}"#,
        r#"{"program_id":"x","facility":{"incident":{}}}"#,
        r#"{"program_id":"x","facility":{"it_tool":{"processes":1,"processes":1}}}"#,
        r#"{"program_id":"x","facility":{"fee_notifications":[{"fee":"base_up_evaluation"}]}}"#,
        r#"{"program_id":"x","facility":{"fee_notifications":[{"fee":null}]}}"#,
        r#"{"program_id":"x","facility":{"fee_notifications":[{}]}}"#,
        r#"{"program_id":"x","facility":{"prefecture":"13"}}"#,
        r#"{"program_id":"x","facility":{"prefecture":{"a":1,"a":2}}}"#,
        r#"{"program_id":"x","as_of":{"a":1,"a":2}}"#,
        r#"{"program_id":"x","as_of":"2025-02-29"}"#,
        r#"{"program_id":"x","options":{}}"#,
        r#"{"program_id":"x","options":{"interpretations":{}}}"#,
        r#"{"program_id":"x","options":{"interpretations":null}}"#,
        r#"{"program_id":"x","options":{"interpretations":{"invoice_band":"cost_band"}}}"#,
        r#"{"program_id":"x","options":{"interpretations":{"invoice_band":"cost_band","invoice_band":"cost_band"}}}"#,
        r#"{"program_id":"x","options":{"interpretations":{"invoice_band":null}}}"#,
        r#"{"program_id":"x","options":{"interpretations":{"Q1":"cost_band"}}}"#,
        r#"{"program_id":"x","options":{"interpretations":{"invoice\u005fband":"cost\u005fband"}}}"#,
        r#"{"program_id":"x","expenses":[]}"#,
        r#"{"program_id":"x","expenses":[null]}"#,
        r#"{"program_id":"x","expenses":[{"category":"software","amount_yen":1}]}"#,
    ];
    let elig = [
        r#"{}"#,
        r#"{"programs":[]}"#,
        r#"{"programs":["a","a"]}"#,
        r#"{"programs":[null]}"#,
        r#"{"limit":0}"#,
        r#"{"limit":100}"#,
        r#"{"limit":101}"#,
        r#"{"limit":1.0}"#,
        r#"{"cursor":"o5"}"#,
        r#"{"cursor":null}"#,
        r#"{"detail":"list","detail":"list"}"#,
        r#"{"include_ended":null}"#,
        r#"{"include_ended":0}"#,
        r#"[]"#,
        r#"null"#,
        "",
    ];
    let mut failures = Vec::new();
    let mut both = |text: String, is_calc: bool| {
        let read = if is_calc {
            agree::<CalculationRequest>(&text)
        } else {
            agree::<EligibilityRequest>(&text)
        };
        if let Err(e) = read {
            failures.push(e);
        }
    };
    for b in calc {
        both(b.to_string(), true);
    }
    for b in elig {
        both(b.to_string(), false);
    }
    let line = r#"{"category":"software","amount_yen":1}"#;
    for n in [199usize, 200, 201] {
        both(
            format!(
                r#"{{"program_id":"x","expenses":[{}]}}"#,
                vec![line; n].join(",")
            ),
            true,
        );
    }
    let max = hojokin::engine::input::MAX_LIST;
    for n in [max, max + 1] {
        let services = vec!["\"home_visits\""; n].join(",");
        both(
            format!(r#"{{"facility":{{"services":[{services}]}}}}"#),
            false,
        );
        both(
            format!(r#"{{"programs":[{}]}}"#, vec!["\"p\""; n].join(",")),
            false,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The doubled keys are refused by the typed reader itself, not only by the slow one.
    for doubled in [
        r#"{"program_id":"x","facility":{"beds":10,"beds":10}}"#,
        r#"{"program_id":"x","options":{"interpretations":{"invoice_band":"cost_band","invoice_band":"cost_band"}}}"#,
    ] {
        assert!(
            fast::<CalculationRequest>(doubled.as_bytes()).is_none(),
            "{doubled}"
        );
    }
}

/// One change to a body, at the `at`-th value in document order.
#[derive(Debug, Clone)]
enum Change {
    Replace(usize, Value),
    /// The value written as this text (forms a `Value` would not write: `1e2`, `-0`, escapes,
    /// doubled keys inside a value, broken JSON).
    Raw(usize, &'static str),
    Drop(usize),
    /// The key written twice, first with `Value`.
    Double(usize, Value),
    /// The key written with its first letter as a `\u` escape.
    Escape(usize),
    Unknown(usize),
    Wrap(usize),
    /// Text after the body.
    Trailing(&'static str),
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

const RAW: &[&str] = &[
    "1e2",
    "1E2",
    "-0",
    "100.0",
    "2e0",
    "\"\\u0031\\u0033\"",
    "\"\\u6771\\u4eac\\u90fd\"",
    "\"2025-12-2\\u0035\"",
    "{\"a\":1,\"a\":2}",
    "[{\"a\":1,\"a\":2}]",
    "{\"fee\":\"base_up_evaluation\",\"fee\":\"base_up_evaluation\",\"notified_on\":\"2024-06-01\"}",
    "[1,",
    "\"unterminated",
];

fn change() -> impl Strategy<Value = Change> {
    let s = scalars();
    let n = s.len();
    let pick = move |i: usize| s[i % n].clone();
    let (p1, p2) = (pick.clone(), pick);
    prop_oneof![
        3 => (0..400usize, 0..1000usize).prop_map(move |(a, i)| Change::Replace(a, p1(i))),
        1 => (0..400usize, 0..RAW.len()).prop_map(|(a, i)| Change::Raw(a, RAW[i])),
        1 => (0..400usize).prop_map(Change::Drop),
        1 => (0..400usize, 0..1000usize).prop_map(move |(a, i)| Change::Double(a, p2(i))),
        1 => (0..400usize).prop_map(Change::Escape),
        1 => (0..400usize).prop_map(Change::Unknown),
        1 => (0..400usize).prop_map(Change::Wrap),
        1 => prop_oneof![Just(" "), Just("x"), Just("{}"), Just(",")].prop_map(Change::Trailing),
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
            Change::Raw(at, x) => Change::Raw(at % n, x),
            Change::Drop(at) => Change::Drop(at % n),
            Change::Double(at, x) => Change::Double(at % n, x),
            Change::Escape(at) => Change::Escape(at % n),
            Change::Unknown(at) => Change::Unknown(at % n),
            Change::Wrap(at) => Change::Wrap(at % n),
            Change::Trailing(t) => Change::Trailing(t),
        }
    }
}

/// `v` written as JSON text with every change applied (all in one pass, so none is undone
/// by another); `seen` counts values in document order.
fn write(v: &Value, changes: &[Change], seen: &mut usize, out: &mut String) {
    let me = *seen;
    *seen += 1;
    for c in changes {
        match c {
            Change::Replace(at, x) if *at == me => {
                *seen += count(v) - 1;
                return out.push_str(&x.to_string());
            }
            Change::Raw(at, x) if *at == me => {
                *seen += count(v) - 1;
                return out.push_str(x);
            }
            Change::Wrap(at) if *at == me => {
                *seen += count(v) - 1;
                out.push('[');
                out.push_str(&v.to_string());
                out.push(']');
                return;
            }
            _ => {}
        }
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
            if changes
                .iter()
                .any(|c| matches!(c, Change::Unknown(at) if *at == me))
            {
                sep(out);
                out.push_str("\"unknown_key\":1");
            }
            for (k, x) in m {
                let child = *seen;
                if changes
                    .iter()
                    .any(|c| matches!(c, Change::Drop(at) if *at == child))
                {
                    *seen += count(x);
                    continue;
                }
                for c in changes {
                    if let Change::Double(at, first_value) = c {
                        if *at == child {
                            sep(out);
                            let _ = write!(out, "{}:{}", json!(k), first_value);
                        }
                    }
                }
                sep(out);
                if changes
                    .iter()
                    .any(|c| matches!(c, Change::Escape(at) if *at == child))
                {
                    let mut cs = k.chars();
                    let c = cs.next().unwrap_or('a');
                    let _ = write!(out, "\"\\u{:04x}{}\":", c as u32, cs.as_str());
                } else {
                    let _ = write!(out, "{}:", json!(k));
                }
                write(x, changes, seen, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, changes, seen, out);
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
            let n = count(base);
            let changes: Vec<Change> = changes.into_iter().map(|c| c.within(n)).collect();
            let mut text = String::new();
            write(base, &changes, &mut 0, &mut text);
            for c in &changes {
                if let Change::Trailing(t) = c {
                    text.push_str(t);
                }
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
