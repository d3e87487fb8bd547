//! `POST /v1/calculations` through HTTP.

use serde_json::{json, Value};

use crate::helpers::*;

async fn calc(body: Value) -> crate::helpers::Res {
    post_json("/v1/calculations", &body).await
}

fn karte_hospital(beds: i64) -> Value {
    with(
        base_profile(),
        json!({"facility_type": "hospital", "beds": beds}),
    )
}

#[actix_web::test]
async fn karte_daikibo_breakdown_reproduces_the_amount() {
    let res = calc(json!({
        "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-daikibo", "as_of": "2025-12-25",
        "facility": karte_hospital(250),
        "expenses": [{"category": "ehr_standardization", "amount_yen": 18_000_000}, {"category": "checkup_integration", "amount_yen": 2_000_000}]
    }))
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["subsidy_yen"], 6_579_000);
    assert_eq!(res.body["amount_status"], "computed");
    assert_eq!(res.body["self_pay_yen"], 20_000_000 - 6_579_000);
    let steps = res.body["breakdown"].as_array().unwrap();
    assert_eq!(steps.last().unwrap()["output_yen"], 6_579_000);
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["sum", "cost_cap", "rate", "round", "subsidy_cap"]);
    assert!(steps
        .iter()
        .all(|s| s["text"]["ja"].as_str().unwrap().contains('円')));
    assert!(steps[2]["source"].is_string() && steps[2]["confidence"].is_string());
}

#[actix_web::test]
async fn lines_outside_the_frame_are_reported_not_counted() {
    let res = calc(json!({
        "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-chusho", "as_of": "2025-12-25",
        "facility": karte_hospital(120),
        "expenses": [{"category": "ehr_standardization", "amount_yen": 8_000_000}, {"category": "card_reader", "amount_yen": 500_000}]
    }))
    .await;
    assert_eq!(res.body["subsidy_yen"], 4_000_000);
    assert_eq!(res.body["ineligible_cost_yen"], 500_000);
    let codes: Vec<&str> = res.body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"expense_not_eligible"));
}

#[actix_web::test]
async fn alternative_reading_is_returned_when_chosen() {
    let body = |reading: Option<&str>| {
        let mut b = json!({
            "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-chusho", "as_of": "2025-12-25",
            "facility": karte_hospital(120),
            "expenses": [{"category": "ehr_standardization", "amount_yen": 12_000_000}]
        });
        if let Some(r) = reading {
            b["options"] = json!({"interpretations": {"cap_basis": r}});
        }
        b
    };
    let default = calc(body(None)).await;
    assert_eq!(default.body["subsidy_yen"], 5_456_500);
    let alt = calc(body(Some("published_cap"))).await;
    assert_eq!(alt.body["subsidy_yen"], 5_457_000);
    let applied = alt.body["interpretations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "cap_basis")
        .unwrap();
    assert_eq!(applied["applied"], "published_cap");
}

#[actix_web::test]
async fn amount_statuses() {
    let karte = calc(json!({"program_id": "denshi-karte-kyoyu", "frame_id": "2bunsho-chusho", "as_of": "2025-12-25",
        "facility": with(karte_hospital(150), json!({"introduced": ["online_eligibility", "e_prescription"]})),
        "expenses": [{"category": "ehr_standardization", "amount_yen": 5_000_000}]}))
    .await;
    assert_eq!(karte.body["amount_status"], "unknown_figure");
    assert!(karte.body["subsidy_yen"].is_null());
    let cyber = calc(json!({"program_id": "cyber-kakuho", "frame_id": "in-kind", "as_of": "2025-06-01", "facility": {"facility_type": "hospital"}})).await;
    assert_eq!(cyber.body["amount_status"], "in_kind");
    let tokyo = calc(json!({"program_id": "tokyo-cyber", "frame_id": "byoin-200-499", "as_of": "2025-12-25",
        "facility": {"facility_type": "hospital", "beds": 300, "prefecture": "13"}, "expenses": [{"category": "security_service", "amount_yen": 20_000_000}]}))
    .await;
    assert_eq!(tokyo.body["amount_status"], "no_term_in_force");
    let seisansei = calc(json!({"program_id": "seisansei-kojo", "frame_id": "byoin", "as_of": "2025-12-25",
        "facility": {"facility_type": "hospital"}, "expenses": [{"category": "ict_equipment", "amount_yen": 1_000_000}]}))
    .await;
    assert_eq!(seisansei.body["amount_status"], "missing_input");
    assert!(seisansei.body["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "/facility/beds"));
}

#[actix_web::test]
async fn invalid_calculation_input_names_each_field() {
    let lines: Vec<Value> = (0..201)
        .map(|_| json!({"category": "software", "amount_yen": 1}))
        .collect();
    let res = calc(json!({"program_id": "it-donyu-2025", "expenses": lines})).await;
    let body = res.assert_problem(422, "too_many_items");
    assert_eq!(body["errors"][0]["pointer"], "/expenses");

    let res = calc(
        json!({"program_id": "it-donyu-2025", "frame_id": "tsujo-1process", "expenses": [
            {"category": "software", "amount_yen": -1},
            {"category": "software", "amount_yen": 1_000_000_000_001_i64},
            {"category": "spaceship", "amount_yen": 1}
        ]}),
    )
    .await;
    let body = res.assert_problem(422, "invalid_field");
    let pointers: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        [
            "/expenses/0/amount_yen",
            "/expenses/1/amount_yen",
            "/expenses/2/category"
        ]
    );

    calc(json!({"program_id": "it-donyu-2025", "frame_id": "no-such-frame"}))
        .await
        .assert_problem(404, "frame_not_found");
    calc(json!({"program_id": "no-such-program"}))
        .await
        .assert_problem(404, "program_not_found");
    let res =
        calc(json!({"program_id": "it-donyu-2025", "as_of": "2025-06-01", "facility": {}})).await;
    let body = res.assert_problem(422, "frame_ambiguous");
    assert!(body["candidates"].as_array().unwrap().len() >= 2);
}

#[actix_web::test]
async fn omitted_frame_is_chosen_by_the_profile() {
    let res = calc(json!({"program_id": "seisansei-kojo", "as_of": "2025-12-25",
        "facility": {"facility_type": "medical_clinic", "beds": 4, "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}]},
        "expenses": [{"category": "ict_equipment", "amount_yen": 500_000}]}))
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["frame_id"], "yusho-4sho-ika");
    assert_eq!(res.body["subsidy_yen"], 180_000);
    let res = calc(json!({"program_id": "seisansei-kojo", "as_of": "2025-12-25",
        "facility": {"facility_type": "medical_clinic", "beds": 5, "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}]},
        "expenses": [{"category": "ict_equipment", "amount_yen": 500_000}]}))
    .await;
    assert_eq!(res.body["frame_id"], "yusho-5sho-ijo");
    assert_eq!(res.body["subsidy_yen"], 200_000);
}
