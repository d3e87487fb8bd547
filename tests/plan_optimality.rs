//! Property: on random small instances (≤ 6 purchases, ≤ 6 frames of the real catalog) the plan's
//! total equals the brute-force optimum over every assignment, and no line is funded twice outside
//! a declared stack. A second property crowds purchases in whole thousands into frames of equal
//! rates paid in ¥1,000 units, a capped full-rate frame and software-only hardware shares, where
//! ties, rounding and the count of applications decide.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use hojokin::engine::catalog::{self, Catalog};
use hojokin::engine::plan::model::{Opt, Problem};
use hojokin::engine::plan::{self, solve, Purchase};
use hojokin::engine::vocab::{ExpenseCategory, System};
use proptest::prelude::*;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| catalog::embedded().expect("valid catalog"))
}

const PROFILES: &[&str] = &[
    r#"{"facility_type": "hospital", "beds": 150, "operator_type": "medical_corporation", "employees": 180, "capital_yen": 0, "prefecture": "31",
        "introduced": ["online_eligibility", "health_checkup_system"], "intends": [], "previous_grants": [], "designations": [],
        "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}], "it_tool": {"processes": 2, "invoice_functions": 1}}"#,
    r#"{"facility_type": "medical_clinic", "beds": 0, "operator_type": "medical_corporation", "employees": 8, "capital_yen": 0, "prefecture": "13",
        "introduced": ["online_eligibility"], "intends": [], "previous_grants": [], "designations": [],
        "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}], "it_tool": {"processes": 1, "invoice_functions": 1}}"#,
    r#"{"facility_type": "hospital", "beds": 250, "operator_type": "medical_corporation", "employees": 300, "capital_yen": 0, "prefecture": "13",
        "introduced": ["online_eligibility", "e_prescription", "health_checkup_system"], "intends": [], "previous_grants": [], "designations": [],
        "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}], "it_tool": {"processes": 4, "invoice_functions": 2}}"#,
];

const CATEGORIES: &[ExpenseCategory] = &[
    ExpenseCategory::Software,
    ExpenseCategory::CloudService,
    ExpenseCategory::Implementation,
    ExpenseCategory::HardwarePc,
    ExpenseCategory::CardReader,
    ExpenseCategory::EhrStandardization,
    ExpenseCategory::IctEquipment,
    ExpenseCategory::SecurityService,
    ExpenseCategory::Network,
];

fn dates() -> [NaiveDate; 2] {
    [
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
    ]
}

fn profile(i: usize) -> hojokin::engine::facility::Facility {
    hojokin::http::request::facility::read_facility(&serde_json::from_str(PROFILES[i]).unwrap())
        .unwrap_or_else(|e| panic!("{:?}", e.errors))
}

/// Frames that fund at least one category for this profile and date (a probe plan over the whole
/// catalog), so random instances have real choices.
fn pool(profile_index: usize, date: usize) -> &'static Vec<String> {
    static POOLS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let pools = POOLS.get_or_init(|| {
        let mut out = Vec::new();
        for pi in 0..PROFILES.len() {
            for d in dates() {
                let facility = profile(pi);
                let purchases: Vec<Purchase> = CATEGORIES
                    .iter()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        [None, Some(System::EPrescription)]
                            .into_iter()
                            .map(move |intro| Purchase {
                                id: format!("probe-{i}-{}", intro.is_some()),
                                category: *c,
                                amount_yen: 1_000_000,
                                quantity: 1,
                                description: None,
                                introduces: intro,
                                earliest_on: None,
                                latest_on: None,
                            })
                    })
                    .collect();
                let interpretations = BTreeMap::new();
                let req = plan::Request {
                    as_of: d,
                    facility: &facility,
                    purchases: &purchases,
                    goals: &[],
                    horizon_years: 3,
                    interpretations: &interpretations,
                    only_frames: None,
                    node_budget: 1,
                    counterfactuals: false,
                    cancel: &plan::Cancel::never(),
                };
                let problem = Problem::build(catalog(), &req);
                let mut keys: Vec<String> = problem
                    .options
                    .iter()
                    .flatten()
                    .flat_map(|o| o.members())
                    .map(|f| problem.frames[f].r.key())
                    .collect();
                keys.sort();
                keys.dedup();
                out.push(keys);
            }
        }
        out
    });
    &pools[profile_index * 2 + date]
}

fn brute_force(problem: &Problem) -> solve::Solution {
    let n = problem.purchases.len();
    let choices: Vec<Vec<Option<Opt>>> = (0..n)
        .map(|i| {
            std::iter::once(None)
                .chain(problem.options[i].iter().copied().map(Some))
                .collect()
        })
        .collect();
    let mut idx = vec![0usize; n];
    let mut best: Option<solve::Solution> = None;
    loop {
        let choice: Vec<Option<Opt>> = (0..n).map(|i| choices[i][idx[i]]).collect();
        let used: Vec<usize> = choice.iter().flatten().flat_map(|o| o.members()).collect();
        let excluded = used
            .iter()
            .any(|&a| used.iter().any(|&b| a != b && problem.excluded(a, b)));
        if !excluded {
            let s = solve::evaluate(problem, &choice);
            let key = |s: &solve::Solution| (s.value, -(s.apps as i64), -s.days);
            if best.as_ref().is_none_or(|b| key(&s) > key(b)) {
                best = Some(s);
            }
        }
        let mut k = 0;
        loop {
            if k == n {
                return best.expect("the empty plan is always possible");
            }
            idx[k] += 1;
            if idx[k] < choices[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

#[derive(Debug, Clone)]
struct Instance {
    profile: usize,
    date: usize,
    purchases: Vec<(usize, i64, bool)>,
    frames: Vec<usize>,
}

fn instance() -> impl Strategy<Value = Instance> {
    (
        0..PROFILES.len(),
        0..2usize,
        prop::collection::vec(
            (0..CATEGORIES.len(), 10_000i64..12_000_000, any::<bool>()),
            1..=6,
        ),
        prop::collection::vec(0..1000usize, 1..=6),
    )
        .prop_map(|(profile, date, purchases, frames)| Instance {
            profile,
            date,
            purchases,
            frames,
        })
}

/// Frames that pay hardware, network and ICT equipment at ½ in ¥1,000 units, in full up to a
/// cap, or only beside software (invoice types), for the first profile on the first date.
const CROWDED: &[&str] = &[
    "iryo-setsubi-seibi/enkaku-byori-shien",
    "iryo-setsubi-seibi/enkaku-gazo-shien",
    "iryo-setsubi-seibi/enkaku-online-shinryo",
    "iryo-setsubi-seibi/enkaku-zaitaku",
    "seisansei-kojo/byoin",
    "it-donyu-2025/invoice-taio",
    "digital-ai-2026/invoice-taio",
    "ict-kinmu-model/model-2025",
];

const CROWDED_CATEGORIES: &[ExpenseCategory] = &[
    ExpenseCategory::HardwarePc,
    ExpenseCategory::Network,
    ExpenseCategory::IctEquipment,
    ExpenseCategory::Software,
];

/// The plan, checked against the brute-force optimum (subsidy, then applications and days) and
/// reported optimal; the optimum's subsidy.
fn check_against_brute_force(req: &plan::Request) -> Result<i64, TestCaseError> {
    let problem = Problem::build(catalog(), req);
    let (solution, report) = solve::solve(&problem, req.node_budget);
    let brute = brute_force(&problem);
    if std::env::var_os("PLAN_DEBUG").is_some() {
        let options: usize = problem.options.iter().map(|o| o.len()).sum();
        let stacked = brute.choice.iter().flatten().any(|o| o.topup.is_some());
        eprintln!(
            "n={} options={options} value={} apps={} stacked={stacked} nodes={}",
            problem.purchases.len(),
            brute.value,
            brute.apps,
            report.nodes
        );
    }
    prop_assert_eq!(report.status, plan::SolverStatus::Optimal);
    prop_assert_eq!(
        solution.value,
        brute.value,
        "B&B {:?} vs brute force {:?}",
        solution.choice,
        brute.choice
    );
    prop_assert_eq!((solution.apps, solution.days), (brute.apps, brute.days));
    Ok(brute.value)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn crowded_frames_in_units_match_the_brute_force_optimum(
        purchases in prop::collection::vec((0..CROWDED_CATEGORIES.len(), 0i64..100), 2..=6),
        frames in prop::collection::vec(0..CROWDED.len(), 2..=5),
    ) {
        let mut keys: Vec<String> = frames.iter().map(|&i| CROWDED[i].to_string()).collect();
        keys.sort();
        keys.dedup();
        let facility = profile(0);
        let purchases: Vec<Purchase> = purchases
            .iter()
            .enumerate()
            .map(|(i, (c, k))| Purchase {
                id: format!("p{i}"),
                category: CROWDED_CATEGORIES[*c],
                // ¥60,000 to about ¥6,100,000 in steps of ¥61,000: odd thousands half the time.
                amount_yen: 60_000 + k * 61_000,
                quantity: 1,
                description: None,
                introduces: None,
                earliest_on: None,
                latest_on: None,
            })
            .collect();
        let interpretations = BTreeMap::new();
        let req = plan::Request {
            as_of: dates()[0],
            facility: &facility,
            purchases: &purchases,
            goals: &[],
            horizon_years: 3,
            interpretations: &interpretations,
            only_frames: Some(&keys),
            node_budget: plan::DEFAULT_NODE_BUDGET,
            counterfactuals: false,
            cancel: &plan::Cancel::never(),
        };
        check_against_brute_force(&req)?;
    }

    #[test]
    fn plan_total_equals_the_brute_force_optimum(inst in instance()) {
        let pool = pool(inst.profile, inst.date);
        prop_assume!(!pool.is_empty());
        let mut frames: Vec<String> = inst.frames.iter().map(|&i| pool[i % pool.len()].clone()).collect();
        // Often include a national frame with its top-up, so stacks are exercised.
        if inst.purchases.len() % 2 == 0 {
            frames.truncate(4);
            frames.push("denshi-shohosen/kuni-doji".into());
            frames.push("denshi-shohosen/ken-doji".into());
        }
        frames.sort();
        frames.dedup();
        let facility = profile(inst.profile);
        let purchases: Vec<Purchase> = inst
            .purchases
            .iter()
            .enumerate()
            .map(|(i, (c, amount, intro))| {
                let category = CATEGORIES[*c];
                let introduces = (*intro
                    && matches!(category, ExpenseCategory::Software | ExpenseCategory::CardReader))
                    .then_some(System::EPrescription);
                Purchase {
                    id: format!("p{i}"),
                    category,
                    amount_yen: *amount,
                    quantity: 1,
                    description: None,
                    introduces,
                    earliest_on: None,
                    latest_on: None,
                }
            })
            .collect();
        let interpretations = BTreeMap::new();
        let req = plan::Request {
            as_of: dates()[inst.date],
            facility: &facility,
            purchases: &purchases,
            goals: &[],
            horizon_years: 3,
            interpretations: &interpretations,
            only_frames: Some(&frames),
            node_budget: plan::DEFAULT_NODE_BUDGET,
            counterfactuals: false,
            cancel: &plan::Cancel::never(),
        };
        let best = check_against_brute_force(&req)?;
        let planned = plan::plan(catalog(), &req).expect("no deadline");
        prop_assert_eq!(planned.total_subsidy_yen, best);
        for (i, a) in planned.assignments.iter().enumerate() {
            let funding: Vec<&plan::Application> =
                planned.applications.iter().filter(|x| x.purchases.contains(&i)).collect();
            match funding.len() {
                0 | 1 => {}
                2 => {
                    let top = funding.iter().find(|x| x.stacked_on.is_some());
                    prop_assert!(top.is_some() && a.stacked.is_some(), "line {} funded twice without a stack", i);
                    let top = top.unwrap();
                    let declared = top.frame.frame.def.stacks_with.iter().any(|l| {
                        funding.iter().any(|x| x.stacked_on.is_none() && l.frame == x.frame.key())
                    });
                    prop_assert!(declared, "the stack is declared in the catalog");
                }
                n => prop_assert!(false, "line {} funded {} times", i, n),
            }
        }
    }
}
