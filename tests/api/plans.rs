//! `POST /v1/plans` through HTTP: the acceptance checks of issue 7 and its problem answers.

use serde_json::{json, Value};

use crate::helpers::*;

async fn plan(body: Value) -> crate::helpers::Res {
    post_json("/v1/plans", &body).await
}

fn hospital(prefecture: &str) -> Value {
    json!({
        "facility_type": "hospital", "beds": 150, "operator_type": "medical_corporation", "employees": 180,
        "prefecture": prefecture, "introduced": ["online_eligibility", "health_checkup_system"],
        "intends": [], "previous_grants": [], "designations": [], "fee_notifications": []
    })
}

fn funded<'a>(res: &'a Value, id: &str) -> &'a Value {
    res["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["purchase_id"] == id)
        .unwrap()
}

fn step_position(res: &Value, pred: impl Fn(&Value) -> bool) -> Option<usize> {
    res["roadmap"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|fy| fy["steps"].as_array().unwrap().iter())
        .position(pred)
}

#[actix_web::test]
async fn hospital_in_a_top_up_prefecture_gets_both_steps_in_order_with_the_stack() {
    for prefecture in ["13", "31"] {
        let res = plan(json!({
            "as_of": "2025-06-01",
            "facility": hospital(prefecture),
            "purchases": [
                {"id": "karte-fhir", "category": "ehr_standardization", "amount_yen": 9_000_000},
                {"id": "eprescription", "category": "software", "amount_yen": 4_059_000, "introduces": "e_prescription"}
            ]
        }))
        .await;
        assert_eq!(res.status, 200, "{}", res.body);
        let b = &res.body;
        assert_eq!(b["solver"]["status"], "optimal");
        assert_eq!(b["solver"]["objective_yen"], b["total_subsidy_yen"]);
        let e = funded(b, "eprescription");
        assert_eq!(e["status"], "funded");
        assert_eq!(e["program_id"], "denshi-shohosen");
        assert_eq!(e["frame_id"], "kuni-doji");
        assert_eq!(
            e["stacked"]["frame_id"], "ken-doji",
            "{prefecture}: the top-up stack"
        );
        let k = funded(b, "karte-fhir");
        assert_eq!(k["status"], "funded");
        assert_eq!(k["program_id"], "denshi-karte-kyoyu");
        // National 1/3 + prefecture 1/6 = 1/2 of the hospital's cost.
        let apps = b["applications"].as_array().unwrap();
        let subsidy = |frame: &str| {
            apps.iter()
                .find(|a| a["frame_id"] == frame)
                .map(|a| a["subsidy_yen"].as_i64().unwrap())
        };
        assert_eq!(subsidy("kuni-doji"), Some(1_353_000));
        assert_eq!(subsidy("ken-doji"), Some(676_000));
        assert_eq!(subsidy("3bunsho-chusho"), Some(4_500_000));
        assert_eq!(b["total_subsidy_yen"], 6_529_000);
        assert_eq!(b["self_pay_yen"], 13_059_000 - 6_529_000);
        let top = apps.iter().find(|a| a["frame_id"] == "ken-doji").unwrap();
        assert_eq!(top["stacked_on"]["frame_id"], "kuni-doji");
        // Each application carries the /v1/calculations breakdown.
        let calc = &top["calculation"];
        assert_eq!(calc["subsidy_yen"], 676_000);
        assert_eq!(
            calc["breakdown"].as_array().unwrap().last().unwrap()["output_yen"],
            676_000
        );
        // The e-prescription step comes before the EHR-sharing step.
        let intro = step_position(b, |s| {
            s["kind"] == "introduce_system" && s["system"] == "e_prescription"
        });
        let karte = step_position(b, |s| {
            s["kind"] == "application" && s["program_id"] == "denshi-karte-kyoyu"
        });
        assert!(
            intro.is_some() && karte.is_some() && intro < karte,
            "{intro:?} < {karte:?}"
        );
        assert_eq!(b["roadmap"][0]["fiscal_year"], 2025);
        assert!(b["headroom"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["frame_id"] == "3bunsho-chusho"
                && h["spend_saturation_yen"] == 10_913_000
                && h["headroom_subsidy_yen"] == 956_500));
    }
}

#[actix_web::test]
async fn a_capped_frame_never_pays_over_its_cap_and_the_second_purchase_moves() {
    let res = plan(json!({
        "as_of": "2025-06-01",
        "facility": {"facility_type": "medical_clinic", "beds": 0, "operator_type": "medical_corporation", "employees": 8, "capital_yen": 0,
            "prefecture": "13", "introduced": ["online_eligibility"], "intends": [], "previous_grants": [],
            "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}], "it_tool": {"processes": 1, "invoice_functions": 0}},
        "purchases": [
            {"id": "reservation", "category": "software", "amount_yen": 180_000},
            {"id": "monshin", "category": "software", "amount_yen": 160_000}
        ]
    }))
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let b = &res.body;
    let seisansei: Vec<&Value> = b["applications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["program_id"] == "seisansei-kojo")
        .collect();
    assert_eq!(seisansei.len(), 1);
    assert!(seisansei[0]["subsidy_yen"].as_i64().unwrap() <= 180_000);
    assert_eq!(funded(b, "reservation")["program_id"], "seisansei-kojo");
    // Over the whole catalog the second purchase goes to the IT introduction subsidy's
    // electronic-transaction type (2/3), which pays more than the cap has left (¥0).
    assert_eq!(funded(b, "monshin")["program_id"], "it-donyu-2025");
    assert_eq!(b["total_subsidy_yen"], 180_000 + 106_666);
}

#[actix_web::test]
async fn invalid_plans_are_problems_naming_every_field() {
    let purchases: Vec<Value> = (0..201)
        .map(|i| json!({"id": format!("p{i}"), "category": "software", "amount_yen": 1}))
        .collect();
    let res = plan(json!({"as_of": "2025-06-01", "purchases": purchases})).await;
    let body = res.assert_problem(422, "too_many_items");
    assert_eq!(body["errors"][0]["pointer"], "/purchases");

    let res = plan(json!({
        "as_of": "2025-06-01", "horizon_years": 9,
        "purchases": [
            {"id": "a", "category": "software", "amount_yen": 100, "introduces": "teleportation"},
            {"id": "a", "category": "software", "amount_yen": 100},
            {"id": "b", "category": "software", "amount_yen": -5}
        ]
    }))
    .await;
    let body = res.assert_problem(422, "invalid_field");
    let pointers: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    for p in [
        "/horizon_years",
        "/purchases/0/introduces",
        "/purchases/1/id",
        "/purchases/2/amount_yen",
    ] {
        assert!(pointers.contains(&p), "{p} in {pointers:?}");
    }

    plan(json!({"purchases": [], "colour": "red"}))
        .await
        .assert_problem(422, "unknown_field");
    plan(json!({"purchases": "many"}))
        .await
        .assert_problem(400, "invalid_type");
    let res = call(actix_web::test::TestRequest::get().uri("/v1/plans")).await;
    res.assert_problem(405, "method_not_allowed");
    assert_eq!(res.header("allow").as_deref(), Some("POST"));
}

#[actix_web::test]
async fn the_vocabulary_lists_plan_goals_and_reasons() {
    let res = get("/v1/vocabulary").await;
    let goals: Vec<&str> = res.body["plan_goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        goals,
        [
            "work_hours",
            "efficiency",
            "admin_cost",
            "security",
            "information_sharing"
        ]
    );
    assert!(res.body["unfunded_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["value"] == "excluded_by_other_assignment"));
}

#[actix_web::test]
async fn both_openapi_examples_plan_optimally() {
    let doc = serde_json::to_value(hojokin::http::openapi_document()).unwrap();
    let examples = doc["paths"]["/v1/plans"]["post"]["requestBody"]["content"]["application/json"]
        ["examples"]
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(examples.len(), 2);
    for (name, ex) in examples {
        let res = plan(ex["value"].clone()).await;
        assert_eq!(res.status, 200, "{name}: {}", res.body);
        assert_eq!(res.body["solver"]["status"], "optimal", "{name}");
        assert!(
            res.body["total_subsidy_yen"].as_i64().unwrap() > 0,
            "{name}"
        );
    }
}
