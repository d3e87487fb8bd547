//! The single harness for `tests/plans/*.toml`: plan cases run through the engine's planner.
//!
//! Each case is a plan request (the same fields as `POST /v1/plans`, read by the same reader) and
//! partial expectations. All cases run; failures are listed together as `file › case › key: …`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use hojokin::engine::catalog::{self, Catalog};
use hojokin::engine::date::Date;
use hojokin::engine::plan::{self, roadmap::StepKind, Plan};
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
    /// The request body of `POST /v1/plans`, as TOML.
    request: toml::Value,
    /// Restricts the catalog to these `program/frame` ids (default: the whole catalog).
    #[serde(default)]
    frames: Option<Vec<String>>,
    expect: Expect,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    status: Option<String>,
    total_subsidy_yen: Option<i64>,
    /// purchase id → `program/frame` or `program/frame+program/frame` (base + top-up).
    #[serde(default)]
    funded: BTreeMap<String, String>,
    /// purchase id → reason code.
    #[serde(default)]
    unfunded: BTreeMap<String, String>,
    applications: Option<usize>,
    /// `program/frame` → subsidy of its application.
    #[serde(default)]
    subsidies: BTreeMap<String, i64>,
    /// `program/frame` → a cap its subsidy never exceeds.
    #[serde(default)]
    at_most: BTreeMap<String, i64>,
    /// Roadmap: these purchase ids' steps appear in this order.
    #[serde(default)]
    order: Vec<String>,
    /// Roadmap: these frames' application steps appear in this order.
    #[serde(default)]
    application_order: Vec<String>,
    /// Frames listed among the counterfactuals, with `actionable`.
    #[serde(default)]
    counterfactuals: BTreeMap<String, bool>,
    /// Warning codes that must be present.
    #[serde(default)]
    warnings: Vec<String>,
    /// Preparation items the roadmap lists.
    #[serde(default)]
    preparation: Vec<String>,
}

fn cases() -> Vec<(String, CaseFile)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/plans");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/plans exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let parsed: CaseFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, parsed)
        })
        .collect()
}

fn funded_key(plan: &Plan, i: usize) -> Option<String> {
    let a = &plan.assignments[i];
    let f = a.frame?;
    Some(match a.stacked {
        Some(t) => format!("{}+{}", f.key(), t.key()),
        None => f.key(),
    })
}

fn step_index(plan: &Plan, pred: impl Fn(&plan::Step) -> bool) -> Option<usize> {
    plan.roadmap
        .iter()
        .flat_map(|fy| fy.steps.iter())
        .position(pred)
}

fn run(catalog: &Catalog, file: &str, case: &Case, fails: &mut Vec<String>) {
    let at = format!("{file} › {}", case.name);
    let body = to_json(&case.request);
    let today = Date(chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()).0;
    let parsed = match hojokin::http::request::plan::read(&body, today) {
        Ok(p) => p,
        Err(e) => {
            fails.push(format!("{at} › request: {:?}", e.errors));
            return;
        }
    };
    let req = plan::Request {
        as_of: parsed.as_of,
        facility: &parsed.facility,
        purchases: &parsed.purchases,
        goals: &parsed.goals,
        horizon_years: parsed.horizon_years,
        interpretations: &parsed.interpretations,
        only_frames: case.frames.as_deref(),
        node_budget: plan::DEFAULT_NODE_BUDGET,
        counterfactuals: true,
        cancel: &plan::Cancel::never(),
    };
    let plan = plan::plan(catalog, &req).expect("no deadline");
    let mut check = |key: &str, ok: bool, detail: String| {
        if !ok {
            fails.push(format!("{at} › {key}: {detail}"));
        }
    };
    let e = &case.expect;
    if let Some(s) = &e.status {
        check(
            "status",
            plan.solver.status.as_str() == s,
            format!("expected {s}, got {:?}", plan.solver.status),
        );
    }
    if let Some(t) = e.total_subsidy_yen {
        check(
            "total_subsidy_yen",
            plan.total_subsidy_yen == t,
            format!("expected {t}, got {}", plan.total_subsidy_yen),
        );
    }
    check(
        "objective",
        plan.total_subsidy_yen == plan.solver.objective_yen,
        format!(
            "the applications' calculations sum to {} but the solver's objective is {}",
            plan.total_subsidy_yen, plan.solver.objective_yen
        ),
    );
    let index = |id: &str| parsed.purchases.iter().position(|p| p.id == id);
    for (id, frame) in &e.funded {
        let got = index(id).and_then(|i| funded_key(&plan, i));
        check(
            "funded",
            got.as_deref() == Some(frame.as_str()),
            format!("{id}: expected {frame}, got {got:?}"),
        );
    }
    for (id, reason) in &e.unfunded {
        let got = index(id)
            .and_then(|i| plan.assignments[i].unfunded)
            .map(|u| u.as_str());
        check(
            "unfunded",
            got == Some(reason.as_str()),
            format!("{id}: expected {reason}, got {got:?}"),
        );
    }
    if let Some(n) = e.applications {
        check(
            "applications",
            plan.applications.len() == n,
            format!("expected {n}, got {}", plan.applications.len()),
        );
    }
    let subsidy_of = |frame: &str| {
        plan.applications
            .iter()
            .find(|a| a.frame.key() == frame)
            .map(|a| a.subsidy_yen)
    };
    for (frame, yen) in &e.subsidies {
        let got = subsidy_of(frame);
        check(
            "subsidies",
            got == Some(*yen),
            format!("{frame}: expected {yen}, got {got:?}"),
        );
    }
    for (frame, cap) in &e.at_most {
        let got = subsidy_of(frame);
        check(
            "at_most",
            got.is_some_and(|g| g <= *cap),
            format!("{frame}: expected ≤ {cap}, got {got:?}"),
        );
    }
    let positions: Vec<Option<usize>> = e
        .order
        .iter()
        .map(|id| {
            let i = index(id)?;
            step_index(&plan, |s| {
                matches!(s.kind, StepKind::Purchase | StepKind::IntroduceSystem)
                    && s.purchases.contains(&i)
            })
        })
        .collect();
    // Every step found, each after the one before.
    let in_order =
        |p: &[Option<usize>]| p.iter().all(Option::is_some) && p.windows(2).all(|w| w[0] < w[1]);
    check(
        "order",
        in_order(&positions),
        format!("{:?} at roadmap positions {positions:?}", e.order),
    );
    let positions: Vec<Option<usize>> = e
        .application_order
        .iter()
        .map(|k| {
            step_index(&plan, |s| {
                s.kind == StepKind::Application && s.frame.is_some_and(|f| f.key() == *k)
            })
        })
        .collect();
    check(
        "application_order",
        in_order(&positions),
        format!(
            "{:?} at roadmap positions {positions:?}",
            e.application_order
        ),
    );
    for (frame, actionable) in &e.counterfactuals {
        let got = plan
            .counterfactuals
            .iter()
            .find(|c| c.frame.key() == *frame)
            .map(|c| c.actionable);
        check(
            "counterfactuals",
            got == Some(*actionable),
            format!("{frame}: expected actionable = {actionable}, got {got:?}"),
        );
    }
    for w in &e.warnings {
        check(
            "warnings",
            plan.warnings.iter().any(|x| x.code == w),
            format!(
                "{w} missing from {:?}",
                plan.warnings.iter().map(|x| x.code).collect::<Vec<_>>()
            ),
        );
    }
    for item in &e.preparation {
        let found = step_index(&plan, |s| {
            s.kind == StepKind::Preparation && s.title.en.contains(item.as_str())
        });
        check(
            "preparation",
            found.is_some(),
            format!("{item} not in the roadmap"),
        );
    }
    // Never fund a line twice outside a declared stack.
    for (i, a) in plan.assignments.iter().enumerate() {
        let funding: Vec<&plan::Application> = plan
            .applications
            .iter()
            .filter(|x| x.purchases.contains(&i))
            .collect();
        let ok = match funding.len() {
            0 | 1 => true,
            2 => funding.iter().any(|x| x.stacked_on.is_some()) && a.stacked.is_some(),
            _ => false,
        };
        check(
            "double_funding",
            ok,
            format!(
                "{} funded by {} applications",
                parsed.purchases[i].id,
                funding.len()
            ),
        );
    }
    if std::env::var_os("PLAN_DEBUG").is_some() {
        eprintln!("== {at}\n{}", debug(&plan, &parsed.purchases));
    }
}

fn debug(plan: &Plan, purchases: &[plan::Purchase]) -> String {
    let mut s = format!(
        "total {} solver {:?}\n",
        plan.total_subsidy_yen, plan.solver
    );
    for a in &plan.assignments {
        s += &format!(
            "  {} → {:?} {:?} {:?} on {}\n",
            purchases[a.purchase].id,
            a.frame.map(|f| f.key()),
            a.stacked.map(|f| f.key()),
            a.unfunded,
            a.planned_on
        );
        for (f, t) in &a.considered {
            s += &format!("      {}: {}\n", f.key(), t.en);
        }
    }
    for app in &plan.applications {
        s += &format!(
            "  app {} {} on {} lines {:?}\n",
            app.frame.key(),
            app.subsidy_yen,
            app.applied_on,
            app.purchases
        );
    }
    for fy in &plan.roadmap {
        s += &format!("  FY{}\n", fy.year);
        for st in &fy.steps {
            s += &format!("    {} {:?} {}\n", st.on, st.kind, st.title.en);
        }
    }
    for c in &plan.counterfactuals {
        s += &format!(
            "  cf {} actionable={} extra={:?} {:?}\n",
            c.frame.key(),
            c.actionable,
            c.extra_subsidy_yen,
            c.changes
                .iter()
                .map(|x| x.text.en.clone())
                .collect::<Vec<_>>()
        );
    }
    for w in &plan.warnings {
        s += &format!("  warn {} {}\n", w.code, w.message.en);
    }
    for h in &plan.headroom {
        s += &format!(
            "  headroom {:?}\n",
            (
                h.frame.key(),
                h.spend_yen,
                h.subsidy_yen,
                h.max_subsidy_yen,
                h.cap_yen,
                h.spend_to_reach_cap_yen,
                h.spend_saturation_yen
            )
        );
    }
    s
}

#[test]
fn every_plan_case_holds() {
    let catalog = catalog::embedded().expect("embedded catalog is valid");
    let mut fails = Vec::new();
    let mut count = 0;
    for (file, cf) in cases() {
        for case in &cf.case {
            count += 1;
            run(&catalog, &file, case, &mut fails);
        }
    }
    assert!(count >= 5, "plan cases found: {count}");
    assert!(
        fails.is_empty(),
        "{} failing:\n{}",
        fails.len(),
        fails.join("\n")
    );
}
