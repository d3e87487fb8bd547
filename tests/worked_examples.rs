//! The single harness for `tests/cases/*.toml`: every worked example through the engine.
//!
//! All cases run; failures are listed together as `file › case › key: expected …, got …`.
//! `every_boundary_has_cases_on_both_sides` checks that the cases reach every threshold of the
//! catalog from both sides (see the comment above it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use hojokin::engine::calc::{self, Expense, Figure, Step, StepKind};
use hojokin::engine::catalog::raw::{
    RawCostRate, RawCriterion, RawFormula, RawLimit, RawRate, RawTerm, RawTier, RoundingDirection,
};
use hojokin::engine::catalog::{self, Catalog, Frame};
use hojokin::engine::criteria::{Ctx, Line, Tri};
use hojokin::engine::date::Date;
use hojokin::engine::eligibility::{self, Verdict};
use hojokin::engine::facility::Facility;
use hojokin::engine::money::Rate;
use hojokin::engine::vocab::{ExpenseCategory, Interpretation, NumberField, Op};
use hojokin::http::request::facility::{number_range, read_facility};
use hojokin::http::request::pointer::json_pointer;
use serde::Deserialize;

#[path = "common/toml_json.rs"]
mod toml_json;
use toml_json::to_json;

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
    #[serde(default)]
    spent_on: Option<toml::value::Datetime>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    verdict: Option<String>,
    amount_status: Option<String>,
    subsidy_yen: Option<i64>,
    eligible_cost_yen: Option<i64>,
    /// Exact yen, or `"absent"` where the frame co-funds no cost.
    self_pay_yen: Option<toml::Value>,
    known_max_yen: Option<i64>,
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
    successor: Option<String>,
    reason_contains: Option<Vec<String>>,
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

/// The case's facility profile, read as the API reads it.
fn facility_of(case: &Case) -> Result<Facility, String> {
    let json = case
        .facility
        .as_ref()
        .map(to_json)
        .unwrap_or(serde_json::json!({}));
    read_facility(&json).map_err(|e| format!("{:?}", e.errors))
}

fn expenses_of(case: &Case) -> Vec<Expense> {
    case.expenses
        .iter()
        .map(|x| Expense {
            category: x.category,
            amount_yen: x.amount_yen,
            quantity: x.quantity.unwrap_or(1),
            description: x.description.clone(),
            spent_on: x.spent_on.map(|d| {
                chrono::NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d").expect("a date")
            }),
            asset_forming: x.asset_forming,
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
    let facility = match facility_of(case) {
        Ok(f) => f,
        Err(errors) => {
            fails
                .0
                .push(format!("{at} › facility: invalid profile: {errors}"));
            return;
        }
    };
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
            let expenses = expenses_of(case);
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
            if let Some(v) = &e.self_pay_yen {
                let want = match v {
                    toml::Value::Integer(n) => Some(*n),
                    _ => None,
                };
                fails.check(&at, "self_pay_yen", &want, &c.self_pay_yen);
            }
            if let Some(v) = e.eligible_cost_yen {
                fails.check(&at, "eligible_cost_yen", &v, &c.eligible_cost_yen);
            }
            if let Some(v) = e.known_max_yen {
                fails.check(&at, "known_max_yen", &Some(v), &c.known_max_yen);
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
            if let Some(v) = &e.missing {
                let want: Vec<&str> = v.iter().map(String::as_str).collect();
                let got: Vec<String> = c
                    .missing
                    .iter()
                    .map(|k| json_pointer(*k).into_owned())
                    .collect();
                let got: Vec<&str> = got.iter().map(String::as_str).collect();
                fails.check(&at, "missing", &want, &got);
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
                ("status", e.status.is_some()),
                ("max_subsidy_yen", e.max_subsidy_yen.is_some()),
                ("successor", e.successor.is_some()),
                ("reason_contains", e.reason_contains.is_some()),
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
                let got: Vec<String> = got
                    .iter()
                    .map(|m| json_pointer(m.field).into_owned())
                    .collect();
                let got: Vec<&str> = got.iter().map(String::as_str).collect();
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
            if let Some(v) = &e.successor {
                let got = frame
                    .and_then(|f| f.window.successor)
                    .map(|(p, f)| format!("{p}/{f}"));
                fails.check(&at, "successor", &Some(v.clone()), &got);
            }
            if let Some(v) = &e.reason_contains {
                // The frame's window reason, or the program's status reason.
                let got = match frame {
                    Some(f) => hojokin::engine::window::reason(
                        catalog,
                        &f.window,
                        as_of,
                        program.sources_checked_through(catalog),
                    ),
                    None => (*r.status_reason).clone(),
                };
                for w in v {
                    if !got.ja.contains(w.as_str()) && !got.en.contains(w.as_str()) {
                        fails.0.push(format!(
                            "{at} › reason_contains: `{w}` not in {:?} / {:?}",
                            got.ja, got.en
                        ));
                    }
                }
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
                ("self_pay_yen", e.self_pay_yen.is_some()),
                ("known_max_yen", e.known_max_yen.is_some()),
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

// ---------------------------------------------------------------------------------------------
// Boundary meta-test (PRODUCT.md §4: every boundary at the value and one unit on each side).
//
// Number criteria: every `kind = "number"` criterion of the catalog — program, frame and term
// criteria (inside any/all too) and the conditions inside formulas (cost_rate tiers and raised
// rates, tiered_rate and lesser_of raised rates, sum_of_parts parts, fixed_instead and highest_of
// options) — with threshold v needs cases of its program whose facility has the field at v−1, v
// and v+1 (each value the profile accepts). Program criteria: any case of the program. Frame
// criteria: a case that evaluates the frame (an eligibility case without `frame` evaluates all).
// Term criteria: the same, at a date whose term carries the criterion. Formula conditions: a
// calculation case of the frame, with a computed amount, whose term in force carries the
// condition.
//
// Yen limits of cost_rate formulas (base figures and each tier's): `cost_min` needs calculation
// cases whose eligible cost is M−1, M, M+1; `subsidy_cap` needs cases whose amount before the
// cap (the input of the subsidy_cap step) is C−u, C, C+u, u being the rounding unit; and
// `subsidy_min` cases whose amount at the minimum step is M−u, M, M+u. A value the formula
// cannot produce (above rate × cost cap, or off the rounding unit) is not required; when the
// published cap itself is out of reach, the case at the computed maximum is required instead,
// which shows the cap does not bind. `expense_total` conditions inside formulas (働き方改革 4/5)
// need cases whose total in those categories is at T−1, T and T+1. For these the case must be a
// calculation of that frame and tier (the first tier whose conditions hold).
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Program,
    Frame,
    Term,
    Formula,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct NumberBoundary {
    program: String,
    frame: Option<String>,
    place: Place,
    field: NumberField,
    op: Op,
    value: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum YenKind {
    CostMin,
    SubsidyCap,
    SubsidyMin,
    ExpenseTotal,
}

impl YenKind {
    fn as_str(self) -> &'static str {
        match self {
            YenKind::CostMin => "cost_min (eligible cost)",
            YenKind::SubsidyCap => "subsidy_cap (amount before the cap)",
            YenKind::SubsidyMin => "subsidy_min (amount at the minimum)",
            YenKind::ExpenseTotal => "expense_total (total of the categories)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct YenBoundary {
    program: String,
    frame: String,
    /// The tier whose figure it is (`None`: the formula's base figure).
    tier: Option<String>,
    kind: YenKind,
    yen: i64,
    op: Op,
    needed: BTreeSet<i64>,
    /// Why some of v−u, v, v+u are not required.
    note: Option<String>,
}

fn numbers_in(c: &RawCriterion, out: &mut Vec<(NumberField, Op, i64)>) {
    match c {
        RawCriterion::Number { field, op, value } => out.push((*field, *op, *value)),
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            for x in of {
                numbers_in(x, out);
            }
        }
        _ => {}
    }
}

fn numbers_of<'a>(cs: impl IntoIterator<Item = &'a RawCriterion>) -> Vec<(NumberField, Op, i64)> {
    let mut out = Vec::new();
    for c in cs {
        numbers_in(c, &mut out);
    }
    out
}

/// The conditions inside a formula.
fn formula_conditions(f: &RawFormula) -> Vec<&RawCriterion> {
    match f {
        RawFormula::CostRate(c) => c
            .tiers
            .iter()
            .flat_map(|t| t.when.iter())
            .chain(c.raised_rate.iter().flat_map(|r| r.when.iter()))
            .collect(),
        RawFormula::TieredRate(t) => t
            .lower_raised_rate
            .iter()
            .flat_map(|r| r.when.iter())
            .collect(),
        RawFormula::LesserOfGoals(l) => l.raised_rate.iter().flat_map(|r| r.when.iter()).collect(),
        RawFormula::SumOfParts(s) => s
            .parts
            .iter()
            .flat_map(|p| {
                p.when
                    .iter()
                    .chain(p.fixed_instead.iter().flat_map(|f| f.when.iter()))
                    .chain(p.highest_of.iter().flat_map(|o| o.when.iter()))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn expense_totals_in(c: &RawCriterion, out: &mut Vec<RawCriterion>) {
    match c {
        RawCriterion::ExpenseTotal { .. } => out.push(c.clone()),
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            for x in of {
                expense_totals_in(x, out);
            }
        }
        _ => {}
    }
}

fn rate_value(r: &RawRate) -> Rate {
    match r {
        RawRate::Plain(r) => *r,
        RawRate::Sourced(s) => s.value,
    }
}

/// `value op limit` as the largest amount it lets through (`lt` stops one yen below).
fn limit_max(l: &RawLimit) -> i64 {
    if l.op == Op::Lt {
        l.yen - 1
    } else {
        l.yen
    }
}

/// n × rate rounded to the unit, in exact integers.
fn apply_rounded(n: i64, rate: Rate, unit: i64, dir: RoundingDirection) -> i64 {
    let num = i128::from(n) * i128::from(rate.numerator);
    let den = i128::from(rate.denominator) * i128::from(unit);
    let q = match dir {
        RoundingDirection::Down => num / den,
        RoundingDirection::Up => (num + den - 1) / den,
        RoundingDirection::HalfUp => (2 * num + den) / (2 * den),
    };
    i64::try_from(q * i128::from(unit)).expect("fits")
}

/// The figures a cost_rate formula uses with a tier.
struct Effective {
    cost_cap: Option<RawLimit>,
    per_unit: bool,
    rates: Vec<Rate>,
    subsidy_cap: Option<RawLimit>,
    subsidy_min: Option<RawLimit>,
}

fn effective(c: &RawCostRate, tier: Option<&RawTier>) -> Effective {
    let mut rates: Vec<Rate> = tier
        .and_then(|t| t.rate.as_ref())
        .or(c.rate.as_ref())
        .map(rate_value)
        .into_iter()
        .collect();
    if let Some(r) = &c.raised_rate {
        rates.push(rate_value(&r.rate));
    }
    Effective {
        cost_cap: tier.and_then(|t| t.cost_cap).or(c.cost_cap),
        per_unit: tier.is_some_and(|t| t.cost_cap_per_unit.is_some())
            || c.cost_cap_per_unit.is_some(),
        rates,
        subsidy_cap: tier.and_then(|t| t.subsidy_cap).or(c.subsidy_cap),
        subsidy_min: tier.and_then(|t| t.subsidy_min).or(c.subsidy_min),
    }
}

fn yen_text(v: i64) -> String {
    hojokin::engine::text::yen(v)
}

/// Each yen boundary with the indices of the frame's terms that carry it (terms that differ only
/// by prefecture share their boundaries).
type YenBoundaries = BTreeMap<YenBoundary, BTreeSet<usize>>;

fn yen_boundaries(program: &str, frame: &Frame, all: &mut YenBoundaries) {
    for (ti, term) in frame.terms().iter().enumerate() {
        let mut found = BTreeSet::new();
        let mut boundary = |tier: Option<String>, kind, limit: (i64, Op), needed, note| {
            found.insert(YenBoundary {
                program: program.into(),
                frame: frame.id().into(),
                tier,
                kind,
                yen: limit.0,
                op: limit.1,
                needed,
                note,
            });
        };
        let mut totals = Vec::new();
        for c in formula_conditions(&term.formula) {
            expense_totals_in(c, &mut totals);
        }
        for t in totals {
            if let RawCriterion::ExpenseTotal { op, yen, .. } = t {
                let needed = [yen - 1, yen, yen + 1].into_iter().collect();
                boundary(None, YenKind::ExpenseTotal, (yen, op), needed, None);
            }
        }
        if let RawFormula::CostRate(c) = &term.formula {
            let unit = c.rounding.unit.max(1);
            if let Some(m) = c.cost_min {
                let needed = [m.yen - 1, m.yen, m.yen + 1].into_iter().collect();
                boundary(None, YenKind::CostMin, (m.yen, m.op), needed, None);
            }
            let tiers: Vec<Option<&RawTier>> = if c.tiers.is_empty() {
                vec![None]
            } else {
                c.tiers.iter().filter(|t| !t.unknown).map(Some).collect()
            };
            for tier in tiers {
                let eff = effective(c, tier);
                assert!(
                    !eff.rates.is_empty(),
                    "{program}/{}: a tier without a rate",
                    frame.id()
                );
                // The largest amount before the cap the formula can produce.
                let max = match (eff.cost_cap, eff.per_unit) {
                    (Some(cc), false) => eff
                        .rates
                        .iter()
                        .map(|r| apply_rounded(limit_max(&cc), *r, unit, c.rounding.direction))
                        .max(),
                    _ => None,
                };
                let reachable = |x: i64| x >= 0 && x % unit == 0 && max.is_none_or(|m| x <= m);
                let tier_id = tier.map(|t| t.id.to_string());
                if let Some(sc) = eff.subsidy_cap {
                    let mut needed: BTreeSet<i64> = [sc.yen - unit, sc.yen, sc.yen + unit]
                        .into_iter()
                        .filter(|x| reachable(*x))
                        .collect();
                    let mut note = None;
                    if let Some(m) = max {
                        if m < sc.yen {
                            needed.insert(m);
                            note = Some(format!(
                                "cap {}円 out of reach: the computed maximum is {}円 × rate = {}円",
                                yen_text(sc.yen),
                                yen_text(eff.cost_cap.map_or(0, |l| l.yen)),
                                yen_text(m)
                            ));
                        } else if needed.len() < 3 {
                            note = Some(format!(
                                "{}円 out of reach: the computed maximum is {}円",
                                yen_text(sc.yen + unit),
                                yen_text(m)
                            ));
                        }
                    }
                    let limit = (sc.yen, sc.op);
                    boundary(tier_id.clone(), YenKind::SubsidyCap, limit, needed, note);
                }
                if let Some(sm) = eff.subsidy_min {
                    let top = eff.subsidy_cap.map(|l| limit_max(&l));
                    let needed: BTreeSet<i64> = [sm.yen - unit, sm.yen, sm.yen + unit]
                        .into_iter()
                        .filter(|x| reachable(*x) && top.is_none_or(|t| *x <= t))
                        .collect();
                    let limit = (sm.yen, sm.op);
                    boundary(tier_id.clone(), YenKind::SubsidyMin, limit, needed, None);
                }
            }
        }
        for b in found {
            all.entry(b).or_default().insert(ti);
        }
    }
}

/// What one case exercises.
struct Exercised<'a> {
    program: &'a str,
    facility: Facility,
    /// Frames evaluated, each with the term its criteria came from.
    frames: Vec<(&'a Frame, Option<&'a RawTerm>)>,
    /// Calculation with a computed amount: the frame, the term in force and the breakdown.
    calc: Option<(&'a Frame, &'a RawTerm, Vec<Step>, Vec<Line>)>,
}

fn exercised<'a>(catalog: &'a Catalog, case: &'a Case) -> Option<Exercised<'a>> {
    let facility = facility_of(case).ok()?;
    let program = catalog.program(&case.program)?;
    let as_of = case.as_of.0;
    let mut frames = Vec::new();
    let mut calc_ctx = None;
    match case.kind.as_str() {
        "eligibility" => {
            for f in &program.frames {
                if case.frame.as_deref().is_none_or(|id| id == f.id()) {
                    let term = eligibility::term_for(f, as_of, facility.prefecture).0;
                    frames.push((f, term));
                }
            }
        }
        "calculation" => {
            let expenses = expenses_of(case);
            let chosen = case
                .interpretations
                .iter()
                .filter_map(|(k, v)| Interpretation::parse(k).map(|q| (q, v.clone())))
                .collect();
            let req = calc::Request {
                program_id: &case.program,
                frame_id: case.frame.as_deref(),
                as_of,
                facility: &facility,
                expenses: &expenses,
                interpretations: &chosen,
            };
            let c = calc::calculate(catalog, &req).ok()?;
            let frame = c.frame_result.frame;
            frames.push((frame, c.frame_result.term));
            if c.amount_status == calc::AmountStatus::Computed {
                if let Some(term) = c.term {
                    let accepted = &frame.def.expense_categories;
                    let lines = expenses
                        .iter()
                        .filter(|e| accepted.is_empty() || accepted.contains(&e.category))
                        .map(|e| Line {
                            category: e.category,
                            amount_yen: e.amount_yen,
                            quantity: e.quantity,
                            asset_forming: e.asset_forming,
                        })
                        .collect();
                    calc_ctx = Some((frame, term, c.steps.clone(), lines));
                }
            }
        }
        _ => return None,
    }
    Some(Exercised {
        program: &case.program,
        facility,
        frames,
        calc: calc_ctx,
    })
}

fn number_covered(b: &NumberBoundary, x: i64, e: &Exercised) -> bool {
    if e.program != b.program || e.facility.number(b.field) != Some(x) {
        return false;
    }
    let key = (b.field, b.op, b.value);
    match b.place {
        Place::Program => true,
        Place::Frame => e
            .frames
            .iter()
            .any(|(f, _)| Some(f.id()) == b.frame.as_deref()),
        Place::Term => e.frames.iter().any(|(f, t)| {
            Some(f.id()) == b.frame.as_deref()
                && t.is_some_and(|t| numbers_of(&t.criteria).contains(&key))
        }),
        Place::Formula => e.calc.as_ref().is_some_and(|(f, t, _, _)| {
            Some(f.id()) == b.frame.as_deref()
                && numbers_of(formula_conditions(&t.formula)).contains(&key)
        }),
    }
}

/// The tier the engine's rule selects: the first whose conditions all hold.
fn selected_tier<'a>(
    c: &'a RawCostRate,
    facility: &Facility,
    lines: &[Line],
) -> Option<&'a RawTier> {
    let ctx = Ctx {
        facility,
        as_of: chrono::NaiveDate::MIN,
        lines: Some(lines),
    };
    for t in &c.tiers {
        match hojokin::engine::criteria::all_hold(&t.when, &ctx) {
            Tri::Met => return Some(t),
            Tri::Unknown => return None,
            Tri::NotMet => {}
        }
    }
    None
}

fn step_input(s: &Step, name: &str) -> Option<i64> {
    s.inputs
        .iter()
        .find(|i| i.name == name)
        .and_then(|i| i.value.as_i64())
}

fn yen_covered(b: &YenBoundary, terms: &BTreeSet<usize>, x: i64, e: &Exercised) -> bool {
    let Some((frame, term, steps, lines)) = &e.calc else {
        return false;
    };
    if e.program != b.program || frame.id() != b.frame {
        return false;
    }
    let in_force = frame.terms().iter().position(|t| std::ptr::eq(t, *term));
    if !in_force.is_some_and(|i| terms.contains(&i)) {
        return false;
    }
    let limit_is = |s: &Step| matches!(s.figure, Some(Figure::Limit { yen, op }) if yen == b.yen && op == b.op);
    match b.kind {
        YenKind::ExpenseTotal => {
            let mut totals = Vec::new();
            for c in formula_conditions(&term.formula) {
                expense_totals_in(c, &mut totals);
            }
            totals.iter().any(|t| match t {
                RawCriterion::ExpenseTotal {
                    categories,
                    op,
                    yen,
                } if *yen == b.yen && *op == b.op => {
                    lines
                        .iter()
                        .filter(|l| categories.contains(&l.category))
                        .map(|l| l.amount_yen)
                        .sum::<i64>()
                        == x
                }
                _ => false,
            })
        }
        YenKind::CostMin | YenKind::SubsidyCap | YenKind::SubsidyMin => {
            let RawFormula::CostRate(c) = &term.formula else {
                return false;
            };
            if b.kind != YenKind::CostMin {
                let tier = selected_tier(c, &e.facility, lines);
                if !c.tiers.is_empty() && tier.map(|t| t.id.as_str()) != b.tier.as_deref() {
                    return false;
                }
            }
            let (kind, input) = match b.kind {
                YenKind::CostMin => (StepKind::Minimum, "eligible_cost"),
                YenKind::SubsidyCap => (StepKind::SubsidyCap, "amount"),
                _ => (StepKind::Minimum, "amount"),
            };
            steps
                .iter()
                .any(|s| s.kind == kind && limit_is(s) && step_input(s, input) == Some(x))
        }
    }
}

#[test]
fn every_boundary_has_cases_on_both_sides() {
    let catalog = catalog::embedded().unwrap_or_else(|e| panic!("catalog invalid: {e:?}"));
    let mut numbers: BTreeSet<NumberBoundary> = BTreeSet::new();
    let mut yens: YenBoundaries = BTreeMap::new();
    for p in &catalog.programs {
        let mut add = |frame: Option<&str>, place: Place, list: Vec<(NumberField, Op, i64)>| {
            for (field, op, value) in list {
                numbers.insert(NumberBoundary {
                    program: p.id().into(),
                    frame: frame.map(Into::into),
                    place,
                    field,
                    op,
                    value,
                });
            }
        };
        add(None, Place::Program, numbers_of(&p.def.criteria));
        for f in &p.frames {
            add(Some(f.id()), Place::Frame, numbers_of(&f.def.criteria));
            for t in f.terms() {
                add(Some(f.id()), Place::Term, numbers_of(&t.criteria));
                add(
                    Some(f.id()),
                    Place::Formula,
                    numbers_of(formula_conditions(&t.formula)),
                );
            }
            yen_boundaries(p.id(), f, &mut yens);
        }
    }
    assert!(
        numbers.len() > 50,
        "only {} number boundaries",
        numbers.len()
    );
    assert!(yens.len() > 30, "only {} yen boundaries", yens.len());

    let all_cases: Vec<(String, CaseFile)> = load_cases();
    let exercised: Vec<Exercised> = all_cases
        .iter()
        .flat_map(|(_, f)| f.case.iter())
        .filter_map(|c| exercised(&catalog, c))
        .collect();

    let mut missing = Vec::new();
    for b in &numbers {
        let (lo, hi) = number_range(b.field);
        let needed: Vec<i64> = [b.value - 1, b.value, b.value + 1]
            .into_iter()
            .filter(|x| (lo..=hi).contains(x))
            .collect();
        let absent: Vec<String> = needed
            .iter()
            .filter(|x| !exercised.iter().any(|e| number_covered(b, **x, e)))
            .map(|x| x.to_string())
            .collect();
        if !absent.is_empty() {
            let at = match (&b.frame, b.place) {
                (None, _) => "program criteria".to_string(),
                (Some(f), Place::Frame) => format!("frame {f}"),
                (Some(f), Place::Term) => format!("frame {f}, term criteria"),
                (Some(f), _) => format!("frame {f}, formula condition (calculation)"),
            };
            missing.push(format!(
                "{} › {at} › {} {} {}: no case with {} = {}",
                b.program,
                b.field.as_str(),
                b.op.as_str(),
                b.value,
                b.field.as_str(),
                absent.join(", ")
            ));
        }
    }
    for (b, terms) in &yens {
        let absent: Vec<String> = b
            .needed
            .iter()
            .filter(|x| !exercised.iter().any(|e| yen_covered(b, terms, **x, e)))
            .map(|x| yen_text(*x))
            .collect();
        if let Some(n) = &b.note {
            eprintln!(
                "{} › {} › {}: {n}",
                b.program,
                b.frame,
                b.tier.as_deref().unwrap_or("-")
            );
        }
        if !absent.is_empty() {
            missing.push(format!(
                "{} › frame {}{} › {} {} {}円: no calculation case at {}{}",
                b.program,
                b.frame,
                b.tier
                    .as_ref()
                    .map(|t| format!(", tier {t}"))
                    .unwrap_or_default(),
                b.kind.as_str(),
                b.op.as_str(),
                yen_text(b.yen),
                absent.join(" / "),
                b.note
                    .as_ref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "{} boundaries lack cases ({} number, {} yen boundaries checked):\n{}",
        missing.len(),
        numbers.len(),
        yens.len(),
        missing.join("\n")
    );
}
