//! Engine benchmarks: the whole catalog for one profile, one calculation per formula kind, and
//! loading the catalog. Run with `cargo bench --bench engine`.

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use hojokin::engine::calc::{self, Expense};
use hojokin::engine::catalog;
use hojokin::engine::criteria::{self, Ctx, Lang};
use hojokin::engine::eligibility;
use hojokin::engine::facility::Facility;
use hojokin::engine::vocab::ExpenseCategory;

// The same allocator as the server binary.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn facility(json: serde_json::Value) -> Facility {
    hojokin::http::request::facility::read_facility(&json).expect("a valid profile")
}

fn full_profile() -> Facility {
    facility(serde_json::json!({
        "facility_type": "hospital", "beds": 250, "beds_in_use_max": 230, "operator_type": "medical_corporation",
        "employees": 280, "capital_yen": 0, "prefecture": "13",
        "introduced": ["online_eligibility", "e_prescription", "ehr", "health_checkup_system"], "intends": [],
        "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}],
        "designations": [], "services": ["home_visits"], "large_chain_pharmacy": false, "card_readers_free": 3,
        "it_tool": {"processes": 4, "invoice_functions": 2}, "previous_grants": [],
        "work_style_goals": [{"goal": "overtime_60h", "cap_yen": 1500000}],
        "ambulance_acceptances": 1200, "surgeries_deliveries": 500,
        "preparation": {"gbizid_prime": true, "security_action": "two_star"}
    }))
}

fn bench_eligibility(c: &mut Criterion) {
    let cat = catalog::embedded().expect("catalog");
    let f = full_profile();
    let as_of = date(2025, 12, 25);
    c.bench_function(
        "eligibility: whole catalog, full profile, verdicts only (summary)",
        |b| {
            b.iter(|| {
                let results: Vec<_> = cat
                    .programs
                    .iter()
                    .map(|p| eligibility::evaluate_program(&cat, p, black_box(&f), as_of, false))
                    .collect();
                black_box(results.len())
            })
        },
    );
    // Reasons are written where an answer shows them; here into one buffer, as the response
    // body receives them, so the figure includes every ja/en sentence.
    let mut text = String::with_capacity(128 << 10);
    c.bench_function(
        "eligibility: whole catalog, full profile, reasons rendered",
        |b| {
            b.iter(|| {
                let results: Vec<_> = cat
                    .programs
                    .iter()
                    .map(|p| eligibility::evaluate_program(&cat, p, black_box(&f), as_of, true))
                    .collect();
                let missing = eligibility::missing_inputs(&results);
                let ctx = Ctx {
                    facility: &f,
                    as_of,
                    lines: None,
                };
                text.clear();
                for c in results
                    .iter()
                    .flat_map(|r| &r.frames)
                    .flat_map(|fr| &fr.criteria)
                {
                    for lang in [Lang::Ja, Lang::En] {
                        let _ = criteria::write_reason(&mut text, c.criterion, &ctx, lang, true);
                    }
                }
                black_box((results.len(), missing.len(), text.len()))
            })
        },
    );
}

fn line(category: ExpenseCategory, amount_yen: i64) -> Expense {
    Expense {
        category,
        amount_yen,
        quantity: 1,
        description: None,
        spent_on: None,
        asset_forming: Some(true),
    }
}

fn bench_calculations(c: &mut Criterion) {
    let cat = catalog::embedded().expect("catalog");
    let none = BTreeMap::new();
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        NaiveDate,
        Facility,
        Vec<Expense>,
    );
    let cases: Vec<Case> = vec![
        (
            "cost_rate",
            "denshi-karte-kyoyu",
            "3bunsho-daikibo",
            date(2025, 12, 25),
            full_profile(),
            vec![line(ExpenseCategory::EhrStandardization, 20_000_000)],
        ),
        (
            "tiered_rate",
            "it-donyu-2025",
            "invoice-taio",
            date(2025, 6, 1),
            facility(
                serde_json::json!({"facility_type": "medical_clinic", "operator_type": "medical_corporation", "employees": 12, "it_tool": {"processes": 1, "invoice_functions": 2}}),
            ),
            vec![
                line(ExpenseCategory::Software, 1_000_000),
                line(ExpenseCategory::HardwarePc, 300_000),
                line(ExpenseCategory::HardwareRegister, 300_000),
            ],
        ),
        (
            "lesser_of_goals",
            "hatarakikata-kaikaku",
            "jitan-nenkyu",
            date(2025, 6, 1),
            facility(
                serde_json::json!({"facility_type": "medical_clinic", "operator_type": "medical_corporation", "employees": 25, "capital_yen": 0, "work_style_goals": [{"goal": "overtime_60h", "cap_yen": 1000000}]}),
            ),
            vec![line(ExpenseCategory::LaborManagement, 400_000)],
        ),
        (
            "per_day",
            "jma-cyber-shienkin",
            "kyugyo",
            date(2025, 12, 25),
            facility(
                serde_json::json!({"facility_type": "hospital", "designations": ["jma_a1_member"], "incident": {"kind": "attack_closure", "occurred_on": "2025-12-01", "days_closed": 2}}),
            ),
            vec![],
        ),
        (
            "fixed",
            "jma-cyber-shienkin",
            "cyber-rouei",
            date(2025, 12, 25),
            facility(
                serde_json::json!({"facility_type": "hospital", "designations": ["jma_a1_member"], "incident": {"kind": "attack_with_leak"}}),
            ),
            vec![],
        ),
        (
            "class_rates",
            "chiiki-iryo-kikin",
            "kubun-6",
            date(2023, 6, 1),
            facility(
                serde_json::json!({"facility_type": "hospital", "beds": 160, "beds_in_use_max": 150, "prefecture": "45"}),
            ),
            vec![line(ExpenseCategory::IctEquipment, 10_000_000)],
        ),
        (
            "sum_of_parts",
            "chinage-bukka-2026",
            "byoin",
            date(2026, 3, 1),
            facility(
                serde_json::json!({"facility_type": "hospital", "beds": 100, "ambulance_acceptances": 1200, "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2026-01-10"}]}),
            ),
            vec![],
        ),
    ];
    for (kind, program, frame, as_of, f, expenses) in &cases {
        let req = calc::Request {
            program_id: program,
            frame_id: Some(frame),
            as_of: *as_of,
            facility: f,
            expenses,
            interpretations: &none,
        };
        let probe = calc::calculate(&cat, &req).expect("known frame");
        assert!(
            probe.subsidy_yen.is_some(),
            "{kind}: the benchmark computes an amount"
        );
        c.bench_function(&format!("calculation: {kind} ({program}/{frame})"), |b| {
            b.iter(|| {
                black_box(
                    calc::calculate(&cat, black_box(&req))
                        .map(|c| c.subsidy_yen)
                        .ok(),
                )
            })
        });
    }
}

/// The stages of a `POST /v1/eligibility` answer that do not involve the network: the body
/// parsed, then read, evaluated and serialized, for the body `benches/load.sh` sends.
fn bench_request(c: &mut Criterion) {
    let state = hojokin::http::state::AppState::new(std::sync::Arc::new(
        catalog::embedded().expect("catalog"),
    ));
    let full = br#"{"as_of":"2025-12-25","detail":"full","facility":{"facility_type":"hospital","beds":250,"beds_in_use_max":230,"operator_type":"medical_corporation","employees":280,"capital_yen":0,"prefecture":"13","introduced":["online_eligibility","e_prescription","ehr","health_checkup_system"],"intends":[],"fee_notifications":[{"fee":"base_up_evaluation","notified_on":"2024-06-01"}],"designations":[],"services":["home_visits"],"large_chain_pharmacy":false,"card_readers_free":3,"it_tool":{"processes":4,"invoice_functions":2},"previous_grants":[],"work_style_goals":[{"goal":"overtime_60h","cap_yen":1500000}],"ambulance_acceptances":1200,"surgeries_deliveries":500,"preparation":{"gbizid_prime":true,"security_action":"two_star"}}}"#;
    let summary =
        String::from_utf8_lossy(full).replace(r#""detail":"full""#, r#""detail":"summary""#);
    c.bench_function("request: JSON body parsed (summary body)", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_slice::<serde_json::Value>(black_box(summary.as_bytes())).is_ok(),
            )
        })
    });
    bench_body_readers::<hojokin::http::request::eligibility::EligibilityRequest>(
        c,
        "summary",
        summary.as_bytes(),
    );
    for (name, body) in [("summary", summary.as_bytes()), ("full", &full[..])] {
        let v = hojokin::http::body::Body::Bytes(actix_web::web::Bytes::copy_from_slice(body));
        c.bench_function(
            &format!("request: eligibility {name} answered from the body"),
            |b| {
                b.iter(|| {
                    let res = hojokin::http::routes::eligibility::evaluate(
                        &state,
                        &state.snapshot(),
                        black_box(&v),
                    );
                    black_box(res.map(|r| r.len()).ok())
                })
            },
        );
    }
}

/// The two readers of a request body, one after the other: the slow one (a `Value`, then the
/// request types, which name every problem) and the typed one a valid body takes.
fn bench_body_readers<T: hojokin::http::request::Field>(
    c: &mut Criterion,
    name: &str,
    body: &[u8],
) {
    c.bench_function(
        &format!("request: {name} body read the slow way (Value, then the request types)"),
        |b| b.iter(|| black_box(hojokin::http::body::slow::<T>(black_box(body)).is_ok())),
    );
    c.bench_function(&format!("request: {name} body read typed"), |b| {
        b.iter(|| black_box(hojokin::http::body::fast::<T>(black_box(body)).is_some()))
    });
}

/// The stages of a `POST /v1/calculations` answer that do not involve the network, for the body
/// `benches/load.sh` sends: parsed, read, calculated and serialized.
fn bench_calculation_request(c: &mut Criterion) {
    let state = hojokin::http::state::AppState::new(std::sync::Arc::new(
        catalog::embedded().expect("catalog"),
    ));
    let body = br#"{"program_id":"denshi-karte-kyoyu","frame_id":"3bunsho-daikibo","as_of":"2025-12-25","facility":{"facility_type":"hospital","beds":250,"operator_type":"medical_corporation","prefecture":"13","introduced":["online_eligibility","e_prescription","health_checkup_system"],"intends":[],"previous_grants":[]},"expenses":[{"category":"ehr_standardization","amount_yen":18000000},{"category":"checkup_integration","amount_yen":2000000}]}"#;
    c.bench_function("request: calculation body parsed", |b| {
        b.iter(|| black_box(hojokin::http::body::parse(black_box(body)).is_ok()))
    });
    bench_body_readers::<hojokin::http::request::calculation::CalculationRequest>(
        c,
        "calculation",
        body,
    );
    let v = hojokin::http::body::Body::Bytes(actix_web::web::Bytes::from_static(body));
    c.bench_function("request: calculation answered from the body", |b| {
        b.iter(|| {
            let res = hojokin::http::routes::calculations::compute(
                &state,
                &state.snapshot(),
                black_box(&v),
            );
            black_box(
                res.ok()
                    .and_then(|r| hojokin::http::respond::to_json(&r, 4 << 10).ok())
                    .map(|b| b.len()),
            )
        })
    });
}

fn bench_catalog(c: &mut Criterion) {
    c.bench_function("catalog: load and validate the embedded catalog", |b| {
        b.iter(|| black_box(catalog::embedded().map(|c| c.programs.len()).ok()))
    });
}

criterion_group!(
    benches,
    bench_eligibility,
    bench_calculations,
    bench_request,
    bench_calculation_request,
    bench_catalog
);
criterion_main!(benches);
