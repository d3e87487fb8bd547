//! The single harness for `tests/cases/*.toml`: every worked example through the engine.
//!
//! All cases run; failures are listed together as `file › case › key: expected …, got …`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use hojokin::engine::calc::{self, Expense};
use hojokin::engine::catalog::{self, Catalog};
use hojokin::engine::criteria::Tri;
use hojokin::engine::date::Date;
use hojokin::engine::eligibility::{self, Verdict};
use hojokin::engine::facility::Facility;
use hojokin::engine::input::Reader;
use hojokin::engine::vocab::{ExpenseCategory, Interpretation};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    kind: String,
    as_of: Date,
    program: String,
    #[serde(default)]
    frame: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    facility: Option<toml::Value>,
    #[serde(default)]
    expenses: Vec<CaseExpense>,
    #[serde(default)]
    interpretations: BTreeMap<String, String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseExpense {
    category: ExpenseCategory,
    amount_yen: i64,
    #[serde(default)]
    quantity: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    asset_forming: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    verdict: Option<String>,
    amount_status: Option<String>,
    subsidy_yen: Option<i64>,
    eligible_cost_yen: Option<i64>,
    steps: Option<Vec<String>>,
    warnings: Option<Vec<String>>,
    interpretations: Option<Vec<String>>,
    frame: Option<String>,
    frame_verdicts: Option<BTreeMap<String, String>>,
    eligible_frames: Option<Vec<String>>,
    not_met: Option<Vec<String>>,
    prerequisites: Option<Vec<String>>,
    missing: Option<Vec<String>>,
    window: Option<String>,
    status: Option<String>,
    max_subsidy_yen: Option<i64>,
}

fn to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
        }
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.iter().map(to_json).collect::<Vec<_>>().into(),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn load_cases() -> Vec<(String, CaseFile)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).expect("readable case file");
            let parsed: CaseFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, parsed)
        })
        .collect()
}

struct Failures(Vec<String>);

impl Failures {
    fn check<T: PartialEq + std::fmt::Debug>(
        &mut self,
        at: &str,
        key: &str,
        expected: &T,
        got: &T,
    ) {
        if expected != got {
            self.0
                .push(format!("{at} › {key}: expected {expected:?}, got {got:?}"));
        }
    }
}

fn run_case(catalog: &Catalog, file: &str, case: &Case, fails: &mut Failures) {
    let at = format!("{file} › {}", case.name);
    let stem = file.trim_end_matches(".toml");
    if case.program != stem {
        fails.0.push(format!(
            "{at} › program: case files hold the cases of `{stem}` only"
        ));
    }
    let mut reader = Reader::default();
    let facility_json = case
        .facility
        .as_ref()
        .map(to_json)
        .unwrap_or(serde_json::json!({}));
    let facility = Facility::read(&mut reader, &facility_json, "/facility");
    if !reader.errors.is_empty() {
        fails.0.push(format!(
            "{at} › facility: invalid profile: {:?}",
            reader.errors
        ));
        return;
    }
    let Some(program) = catalog.program(&case.program) else {
        fails.0.push(format!(
            "{at} › program `{}` not in the catalog",
            case.program
        ));
        return;
    };
    let e = &case.expect;
    let as_of = case.as_of.0;
    match case.kind.as_str() {
        "calculation" => {
            let expenses: Vec<Expense> = case
                .expenses
                .iter()
                .map(|x| Expense {
                    category: x.category,
                    amount_yen: x.amount_yen,
                    quantity: x.quantity.unwrap_or(1),
                    description: x.description.clone(),
                    spent_on: None,
                    asset_forming: x.asset_forming,
                })
                .collect();
            let mut chosen = BTreeMap::new();
            for (k, v) in &case.interpretations {
                match Interpretation::parse(k) {
                    Some(q) => {
                        chosen.insert(q, v.clone());
                    }
                    None => fails
                        .0
                        .push(format!("{at} › interpretations: unknown id `{k}`")),
                }
            }
            let req = calc::Request {
                program_id: &case.program,
                frame_id: case.frame.as_deref(),
                as_of,
                facility: &facility,
                expenses: &expenses,
                interpretations: &chosen,
            };
            let c = match calc::calculate(catalog, &req) {
                Ok(c) => c,
                Err(err) => {
                    fails.0.push(format!("{at} › calculation failed: {err:?}"));
                    return;
                }
            };
            if let Some(v) = &e.verdict {
                fails.check(&at, "verdict", &v.as_str(), &c.verdict.as_str());
            }
            if let Some(v) = &e.amount_status {
                fails.check(&at, "amount_status", &v.as_str(), &c.amount_status.as_str());
            }
            if let Some(v) = e.subsidy_yen {
                fails.check(&at, "subsidy_yen", &Some(v), &c.subsidy_yen);
            }
            if let Some(v) = e.eligible_cost_yen {
                fails.check(&at, "eligible_cost_yen", &v, &c.eligible_cost_yen);
            }
            if let Some(v) = &e.steps {
                let got: Vec<&str> = c.steps.iter().map(|s| s.kind.as_str()).collect();
                fails.check(
                    &at,
                    "steps",
                    &v.iter().map(String::as_str).collect::<Vec<_>>(),
                    &got,
                );
            }
            if let (Some(last), Some(s)) = (c.steps.last(), c.subsidy_yen) {
                if c.verdict != Verdict::NotEligible && last.output_yen != s {
                    fails.0.push(format!(
                        "{at} › last step {} ≠ subsidy_yen {s}",
                        last.output_yen
                    ));
                }
            }
            if let Some(v) = &e.warnings {
                let got: Vec<&str> = c.warnings.iter().map(|w| w.code).collect();
                for w in v {
                    if !got.contains(&w.as_str()) {
                        fails
                            .0
                            .push(format!("{at} › warnings: expected `{w}` in {got:?}"));
                    }
                }
            }
            if let Some(v) = &e.interpretations {
                let got: Vec<&str> = c.interpretations.iter().map(|a| a.id.as_str()).collect();
                for w in v {
                    if !got.contains(&w.as_str()) {
                        fails
                            .0
                            .push(format!("{at} › interpretations: expected `{w}` in {got:?}"));
                    }
                }
            }
            if let Some(v) = &e.frame {
                fails.check(&at, "frame", &v.as_str(), &c.frame_result.frame.id());
            }
            if let Some(v) = &e.window {
                fails.check(
                    &at,
                    "window",
                    &v.as_str(),
                    &c.frame_result.window.status.as_str(),
                );
            }
            for (key, present) in [
                ("frame_verdicts", e.frame_verdicts.is_some()),
                ("eligible_frames", e.eligible_frames.is_some()),
                ("not_met", e.not_met.is_some()),
                ("prerequisites", e.prerequisites.is_some()),
                ("missing", e.missing.is_some()),
                ("status", e.status.is_some()),
                ("max_subsidy_yen", e.max_subsidy_yen.is_some()),
            ] {
                if present {
                    fails
                        .0
                        .push(format!("{at} › {key} is an eligibility expectation"));
                }
            }
        }
        "eligibility" => {
            let r = eligibility::evaluate_program(catalog, program, &facility, as_of, true);
            let frame = case
                .frame
                .as_deref()
                .map(|id| r.frames.iter().find(|f| f.frame.id() == id));
            if let Some(None) = frame {
                fails.0.push(format!(
                    "{at} › frame `{}` not in the program",
                    case.frame.as_deref().unwrap_or("")
                ));
                return;
            }
            let frame = frame.flatten();
            if let Some(v) = &e.verdict {
                let got = frame.map_or(r.verdict, |f| f.verdict);
                fails.check(&at, "verdict", &v.as_str(), &got.as_str());
            }
            if let Some(v) = &e.frame_verdicts {
                for (fid, want) in v {
                    match r.frames.iter().find(|f| f.frame.id() == fid) {
                        Some(f) => fails.check(
                            &at,
                            &format!("frame_verdicts.{fid}"),
                            &want.as_str(),
                            &f.verdict.as_str(),
                        ),
                        None => fails
                            .0
                            .push(format!("{at} › frame_verdicts: no frame `{fid}`")),
                    }
                }
            }
            if let Some(v) = &e.eligible_frames {
                let mut got: Vec<&str> = r
                    .frames
                    .iter()
                    .filter(|f| f.verdict == Verdict::Eligible)
                    .map(|f| f.frame.id())
                    .collect();
                let mut want: Vec<&str> = v.iter().map(String::as_str).collect();
                got.sort();
                want.sort();
                fails.check(&at, "eligible_frames", &want, &got);
            }
            if let Some(v) = &e.not_met {
                let got: Vec<&str> = r
                    .frames
                    .iter()
                    .filter(|f| frame.is_none_or(|x| x.frame.id() == f.frame.id()))
                    .flat_map(|f| f.criteria.iter())
                    .filter(|c| c.outcome.verdict == Tri::NotMet)
                    .map(|c| c.outcome.code)
                    .collect();
                for w in v {
                    if !got.contains(&w.as_str()) {
                        fails
                            .0
                            .push(format!("{at} › not_met: expected `{w}` in {got:?}"));
                    }
                }
            }
            if let Some(v) = &e.prerequisites {
                let got: Vec<&str> = r.prerequisites.iter().map(|p| p.system.as_str()).collect();
                let want: Vec<&str> = v.iter().map(String::as_str).collect();
                fails.check(&at, "prerequisites", &want, &got);
            }
            if let Some(v) = &e.missing {
                let got = eligibility::missing_inputs(std::slice::from_ref(&r));
                let got: Vec<&str> = got.iter().map(|m| m.field).collect();
                for w in v {
                    if !got.contains(&w.as_str()) {
                        fails
                            .0
                            .push(format!("{at} › missing: expected `{w}` in {got:?}"));
                    }
                }
            }
            if let Some(v) = &e.window {
                let got = frame.map_or(r.status, |f| f.window.status);
                fails.check(&at, "window", &v.as_str(), &got.as_str());
            }
            if let Some(v) = &e.status {
                fails.check(&at, "status", &v.as_str(), &r.status.as_str());
            }
            if let Some(v) = &e.warnings {
                let mut got: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
                for f in &r.frames {
                    got.extend(f.warnings.iter().map(|w| w.code));
                }
                got.extend(
                    eligibility::request_warnings(catalog, &facility, as_of)
                        .iter()
                        .map(|w| w.code),
                );
                for w in v {
                    if !got.contains(&w.as_str()) {
                        fails
                            .0
                            .push(format!("{at} › warnings: expected `{w}` in {got:?}"));
                    }
                }
            }
            if let Some(v) = e.max_subsidy_yen {
                let got = match frame {
                    Some(f) => f.max_subsidy_yen,
                    None => r.frames.iter().filter_map(|f| f.max_subsidy_yen).max(),
                };
                fails.check(&at, "max_subsidy_yen", &Some(v), &got);
            }
            for (key, present) in [
                ("amount_status", e.amount_status.is_some()),
                ("subsidy_yen", e.subsidy_yen.is_some()),
                ("steps", e.steps.is_some()),
                ("eligible_cost_yen", e.eligible_cost_yen.is_some()),
                ("interpretations", e.interpretations.is_some()),
                ("frame", e.frame.is_some()),
            ] {
                if present {
                    fails
                        .0
                        .push(format!("{at} › {key} is a calculation expectation"));
                }
            }
        }
        other => fails.0.push(format!(
            "{at} › kind `{other}` must be calculation or eligibility"
        )),
    }
    let _ = &case.label;
}

#[test]
fn every_worked_example_holds() {
    let catalog = catalog::embedded().unwrap_or_else(|e| panic!("catalog invalid: {e:?}"));
    let mut fails = Failures(Vec::new());
    let mut count = 0;
    for (file, cases) in load_cases() {
        for case in &cases.case {
            count += 1;
            run_case(&catalog, &file, case, &mut fails);
        }
    }
    assert!(count > 0, "no cases found");
    if !fails.0.is_empty() {
        panic!(
            "{} of {count} cases failed:\n{}",
            fails.0.len(),
            fails.0.join("\n")
        );
    }
}

#[test]
fn every_program_has_calculation_and_eligibility_cases() {
    let catalog = catalog::embedded().unwrap_or_else(|e| panic!("catalog invalid: {e:?}"));
    let files: BTreeMap<String, CaseFile> = load_cases()
        .into_iter()
        .map(|(f, c)| (f.trim_end_matches(".toml").to_string(), c))
        .collect();
    let mut problems = Vec::new();
    for p in &catalog.programs {
        match files.get(p.id()) {
            None => problems.push(format!("{}: no tests/cases/{}.toml", p.id(), p.id())),
            Some(f) => {
                if !f.case.iter().any(|c| c.kind == "eligibility") {
                    problems.push(format!("{}: no eligibility case", p.id()));
                }
                if f.case.is_empty() {
                    problems.push(format!("{}: empty case file", p.id()));
                }
            }
        }
    }
    for name in files.keys() {
        if catalog.program(name).is_none() {
            problems.push(format!(
                "tests/cases/{name}.toml: no such program in the catalog"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn case_names_are_unique_within_a_file() {
    for (file, cases) in load_cases() {
        let mut seen = std::collections::HashSet::new();
        for c in &cases.case {
            assert!(
                seen.insert(c.name.as_str()),
                "{file}: duplicate case name `{}`",
                c.name
            );
        }
    }
}
