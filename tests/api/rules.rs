//! Rule defects of issue 15 as they show over HTTP.

use serde_json::{json, Value};

use crate::helpers::*;

fn frame<'a>(body: &'a Value, program: &str, frame: &str) -> &'a Value {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["program_id"] == program)
        .and_then(|r| {
            r["frames"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["frame_id"] == frame)
        })
        .unwrap_or_else(|| panic!("{program}/{frame} in {body}"))
}

#[actix_web::test]
async fn one_prefectures_figures_need_the_prefecture() {
    let profile = json!({"facility_type": "hospital", "beds": 160, "beds_in_use_max": 150,
                         "operator_type": "medical_corporation"});
    // No prefecture: the 宮崎 term is not applied; the prefecture is asked for, no maximum shown.
    let res = post_json(
        "/v1/eligibility",
        &json!({"as_of": "2023-06-01", "programs": ["chiiki-iryo-kikin"], "facility": profile}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let f = frame(&res.body, "chiiki-iryo-kikin", "kubun-6");
    assert_eq!(f["verdict"], "undetermined", "{f}");
    assert!(f.get("max_subsidy_yen").is_none(), "{f}");
    let pref = f["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "prefecture")
        .unwrap_or_else(|| panic!("{f}"));
    assert_eq!(pref["verdict"], "unknown");
    assert_eq!(pref["missing"], json!(["/facility/prefecture"]));
    assert!(res.body["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["field"] == "/facility/prefecture"));
    // In 宮崎: the maximum is 150 × 133,000.
    let mut miyazaki = profile.clone();
    miyazaki["prefecture"] = json!("45");
    let res = post_json(
        "/v1/eligibility",
        &json!({"as_of": "2023-06-01", "programs": ["chiiki-iryo-kikin"], "facility": miyazaki}),
    )
    .await;
    assert_eq!(
        frame(&res.body, "chiiki-iryo-kikin", "kubun-6")["max_subsidy_yen"],
        19_950_000
    );
    // Elsewhere: unknown figure, the prefecture criterion unknown (not not_met).
    let mut oita = profile;
    oita["prefecture"] = json!("44");
    let calc = post_json(
        "/v1/calculations",
        &json!({"program_id": "chiiki-iryo-kikin", "frame_id": "kubun-6", "as_of": "2023-06-01",
                "facility": oita,
                "expenses": [{"category": "ict_equipment", "amount_yen": 10000000, "asset_forming": true}]}),
    )
    .await;
    assert_eq!(calc.status, 200, "{}", calc.body);
    assert_eq!(calc.body["amount_status"], "unknown_figure");
    assert_eq!(calc.body["verdict"], "undetermined");
}

#[actix_web::test]
async fn self_pay_is_never_negative() {
    let calc = post_json(
        "/v1/calculations",
        &json!({"program_id": "chiiki-iryo-kikin", "frame_id": "kubun-1-2", "as_of": "2026-11-25",
                "facility": {"facility_type": "hospital", "beds": 120, "beds_cut": 10, "occupancy_percent": 50,
                             "prefecture": "40"},
                "expenses": [{"category": "construction", "amount_yen": 5000000}]}),
    )
    .await;
    assert_eq!(calc.status, 200, "{}", calc.body);
    assert_eq!(calc.body["subsidy_yen"], 13_680_000);
    assert_eq!(calc.body["eligible_cost_yen"], 0);
    assert_eq!(calc.body["ineligible_cost_yen"], 5_000_000);
    assert!(
        calc.body.get("self_pay_yen").is_none_or(Value::is_null),
        "{}",
        calc.body
    );
    assert!(calc.body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "expense_not_eligible"));
}

fn pointers(res: &Res) -> Vec<String> {
    res.body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["pointer"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn impossible_profiles_are_field_errors() {
    let ask = |facility: Value| async move {
        post_json(
            "/v1/eligibility",
            &json!({"as_of": "2026-11-25", "programs": ["byosho-tekiseika"], "facility": facility, "detail": "summary"}),
        )
        .await
    };
    // As many beds cut as licensed: possible.
    let res = ask(json!({"facility_type": "hospital", "beds": 50, "beds_cut": 50})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // One more: impossible.
    let res = ask(json!({"facility_type": "hospital", "beds": 50, "beds_cut": 51})).await;
    res.assert_problem(422, "invalid_field");
    assert_eq!(pointers(&res), ["/facility/beds_cut"]);
    // Cut and idled beds together beyond the licensed beds.
    let res =
        ask(json!({"facility_type": "hospital", "beds": 50, "beds_cut": 30, "beds_idled": 21}))
            .await;
    res.assert_problem(422, "invalid_field");
    assert_eq!(pointers(&res), ["/facility/beds_idled"]);
    let res =
        ask(json!({"facility_type": "hospital", "beds": 50, "beds_cut": 30, "beds_idled": 20}))
            .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // The sharing service without an EHR.
    let res = ask(
        json!({"facility_type": "hospital", "introduced": ["online_eligibility", "ehr_sharing"]}),
    )
    .await;
    res.assert_problem(422, "invalid_field");
    assert_eq!(pointers(&res), ["/facility/introduced"]);
    let res = ask(json!({"facility_type": "hospital", "introduced": ["ehr", "ehr_sharing"]})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Beds designated for children beyond the licensed beds.
    let res = ask(json!({"facility_type": "hospital", "beds": 40, "pediatric_beds": 41})).await;
    res.assert_problem(422, "invalid_field");
    assert_eq!(pointers(&res), ["/facility/pediatric_beds"]);
    let res = ask(json!({"facility_type": "hospital", "beds": 40, "pediatric_beds": 40})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // A leak kind said not to be a leak.
    let res = ask(json!({"incident": {"kind": "attack_with_leak", "leak": false}})).await;
    res.assert_problem(422, "invalid_field");
    assert_eq!(pointers(&res), ["/facility/incident/leak"]);
}

#[actix_web::test]
async fn odd_profiles_are_answered_with_a_warning() {
    let ask = |occurred_on: &str| {
        let body = json!({"as_of": "2025-12-25", "programs": ["jma-cyber-shienkin"], "detail": "summary",
            "facility": {"facility_type": "medical_clinic", "designations": ["jma_a1_member"],
                         "incident": {"kind": "attack_closure", "occurred_on": occurred_on, "days_closed": 1}}});
        async move { post_json("/v1/eligibility", &body).await }
    };
    let codes = |res: &Res| -> Vec<String> {
        res.body["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w["code"].as_str().map(str::to_string))
            .collect()
    };
    let same_day = ask("2025-12-25").await;
    assert_eq!(same_day.status, 200);
    assert!(!codes(&same_day).contains(&"profile_inconsistent".to_string()));
    let next_day = ask("2025-12-26").await;
    assert_eq!(next_day.status, 200, "{}", next_day.body);
    assert!(
        codes(&next_day).contains(&"profile_inconsistent".to_string()),
        "{}",
        next_day.body
    );
}

#[actix_web::test]
async fn list_maxima_are_one_facilitys() {
    let item = |body: &Value, id: &str| {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["program_id"] == id)
            .unwrap()
            .clone()
    };
    let frame_max = |body: &Value, id: &str| {
        body["frames"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["frame_id"] == id)
            .unwrap()["max_amount"]
            .clone()
    };
    // digital-ai-2026: the group total of 複数者連携 (¥30,000,000) is no facility's maximum.
    let list = get("/v1/programs?limit=100&as_of=2026-06-01").await;
    assert_eq!(
        item(&list.body, "digital-ai-2026")["max_amount_yen"],
        4_500_000
    );
    let d = get("/v1/programs/digital-ai-2026?as_of=2026-06-01").await;
    assert_eq!(
        frame_max(&d.body, "fukusu-renkei"),
        json!({"yen": 30_000_000, "per": "group"})
    );
    assert_eq!(
        frame_max(&d.body, "tsujo-4process"),
        json!({"yen": 4_500_000, "per": "facility"})
    );
    // chinage-bukka-2026: hospitals are paid per bed, so no program-level maximum; each frame says its own.
    let list = get("/v1/programs?limit=100&as_of=2026-03-01").await;
    assert!(item(&list.body, "chinage-bukka-2026")
        .get("max_amount_yen")
        .is_none());
    let d = get("/v1/programs/chinage-bukka-2026?as_of=2026-03-01").await;
    assert_eq!(
        frame_max(&d.body, "byoin"),
        json!({"yen": 195_000, "per": "beds"})
    );
    assert_eq!(
        frame_max(&d.body, "musho-shinryojo"),
        json!({"yen": 320_000, "per": "facility"})
    );
    // Pharmacies: the best store-count tier (≤ 5 stores: 145,000 + 85,000), not the sum of all tiers.
    assert_eq!(
        frame_max(&d.body, "yakkyoku"),
        json!({"yen": 230_000, "per": "facility"})
    );
}

#[actix_web::test]
async fn missing_inputs_point_at_the_exact_field() {
    let calc = post_json(
        "/v1/calculations",
        &json!({"program_id": "hatarakikata-kaikaku", "frame_id": "jitan-nenkyu", "as_of": "2025-06-01",
                "facility": {"facility_type": "medical_clinic", "beds": 0, "operator_type": "medical_corporation",
                             "employees": 40, "work_style_goals": [{"goal": "planned_leave"}, {"goal": "overtime_60h"}]},
                "expenses": [{"category": "consulting", "amount_yen": 500000}]}),
    )
    .await;
    assert_eq!(calc.status, 200, "{}", calc.body);
    assert_eq!(
        calc.body["missing"],
        json!(["/facility/work_style_goals/1/cap_yen"])
    );
    // Every line ineligible: ¥0, and nothing asked.
    let calc = post_json(
        "/v1/calculations",
        &json!({"program_id": "online-shikaku", "frame_id": "core-byoin", "as_of": "2022-03-01",
                "facility": {"facility_type": "hospital", "beds": 120, "completed_on": "2022-03-01"},
                "expenses": [{"category": "construction", "amount_yen": 3000000}]}),
    )
    .await;
    assert_eq!(calc.status, 200, "{}", calc.body);
    assert_eq!(calc.body["subsidy_yen"], 0);
    assert_eq!(calc.body["missing"], json!([]));
}
