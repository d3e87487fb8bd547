//! `POST /v1/eligibility` acceptance checks (as_of 2025-12-25).

use serde_json::{json, Value};

use crate::helpers::*;

async fn evaluate(facility: Value, programs: &[&str]) -> Value {
    let res = post_json(
        "/v1/eligibility",
        &json!({"as_of": "2025-12-25", "facility": facility, "programs": programs}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body
}

fn result<'a>(body: &'a Value, program: &str) -> &'a Value {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["program_id"] == program)
        .unwrap()
}

fn frame<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["frame_id"] == id)
        .unwrap()
}

#[actix_web::test]
async fn hospital_of_20_beds_gets_karte_sharing_through_the_mid_size_frame() {
    let body = evaluate(
        with(
            base_profile(),
            // 導入完了 (planned) before the 2031-03-31 deadline the frames check.
            json!({"facility_type": "hospital", "beds": 20, "completed_on": "2026-06-01"}),
        ),
        &["denshi-karte-kyoyu"],
    )
    .await;
    let r = result(&body, "denshi-karte-kyoyu");
    assert_eq!(r["verdict"], "eligible");
    assert_eq!(frame(r, "3bunsho-chusho")["verdict"], "eligible");
    assert_eq!(frame(r, "3bunsho-daikibo")["verdict"], "not_eligible");
}

#[actix_web::test]
async fn clinic_of_19_beds_is_not_eligible_citing_the_hospital_criterion() {
    let body = evaluate(
        with(
            base_profile(),
            json!({"facility_type": "medical_clinic", "beds": 19}),
        ),
        &["denshi-karte-kyoyu"],
    )
    .await;
    let r = result(&body, "denshi-karte-kyoyu");
    assert_eq!(r["verdict"], "not_eligible");
    let f = frame(r, "3bunsho-chusho");
    let failed: Vec<&str> = f["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "not_met")
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(failed.contains(&"facility_type"), "{failed:?}");
    let c = f["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "facility_type")
        .unwrap();
    assert!(c["reason"]["ja"].as_str().unwrap().contains("病院"));
}

#[actix_web::test]
async fn prerequisites_decide_in_roadmap_order() {
    let hospital = with(
        base_profile(),
        json!({"facility_type": "hospital", "beds": 20, "introduced": ["online_eligibility", "health_checkup_system"],
               "completed_on": "2026-06-01"}),
    );
    let body = evaluate(hospital.clone(), &["denshi-karte-kyoyu"]).await;
    let r = result(&body, "denshi-karte-kyoyu");
    assert_eq!(r["verdict"], "not_eligible");
    let pre = &r["prerequisites"][0];
    assert_eq!(pre["system"], "e_prescription");
    assert_eq!(pre["order"], 2);
    assert_eq!(pre["program_id"], "denshi-shohosen");

    let body = evaluate(
        with(hospital.clone(), json!({"intends": ["e_prescription"]})),
        &["denshi-karte-kyoyu"],
    )
    .await;
    assert_eq!(result(&body, "denshi-karte-kyoyu")["verdict"], "eligible");

    let body = evaluate(
        with(hospital, json!({"introduced": null})),
        &["denshi-karte-kyoyu"],
    )
    .await;
    assert_eq!(
        result(&body, "denshi-karte-kyoyu")["verdict"],
        "undetermined"
    );
    let missing: Vec<&str> = body["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["field"].as_str().unwrap())
        .collect();
    assert!(missing.contains(&"/facility/introduced"), "{missing:?}");
}

#[actix_web::test]
async fn tokyo_ai_depends_on_prefecture_type_and_operator() {
    let h150 = with(
        base_profile(),
        json!({"facility_type": "hospital", "beds": 150}),
    );
    let verdict = |b: &Value| {
        result(b, "tokyo-ai-katsuyo")["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        verdict(&evaluate(h150.clone(), &["tokyo-ai-katsuyo"]).await),
        "eligible"
    );
    assert_eq!(
        verdict(
            &evaluate(
                with(h150.clone(), json!({"prefecture": "27"})),
                &["tokyo-ai-katsuyo"]
            )
            .await
        ),
        "not_eligible"
    );
    assert_eq!(
        verdict(
            &evaluate(
                with(
                    base_profile(),
                    json!({"facility_type": "medical_clinic", "beds": 0})
                ),
                &["tokyo-ai-katsuyo"]
            )
            .await
        ),
        "not_eligible"
    );
    assert_eq!(
        verdict(
            &evaluate(
                with(h150, json!({"operator_type": "local_government"})),
                &["tokyo-ai-katsuyo"]
            )
            .await
        ),
        "not_eligible"
    );
}

#[actix_web::test]
async fn a_bare_hospital_profile_is_undetermined_with_ranked_questions() {
    let res = post_json(
        "/v1/eligibility",
        &json!({"as_of": "2025-12-25", "facility": {"facility_type": "hospital"}}),
    )
    .await;
    assert_eq!(res.status, 200);
    let results = res.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 20, "every program");
    for r in results {
        for f in r["frames"].as_array().unwrap() {
            let any_unknown = f["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["verdict"] == "unknown");
            if any_unknown {
                assert_ne!(
                    f["verdict"], "eligible",
                    "{} {}",
                    r["program_id"], f["frame_id"]
                );
            }
        }
    }
    let missing = res.body["missing"].as_array().unwrap();
    assert!(missing.len() >= 3);
    let counts: Vec<u64> = missing
        .iter()
        .map(|m| m["frames"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "ranked: {counts:?}"
    );
    assert!(missing[0]["question"]["ja"].as_str().unwrap().len() > 3);
}

/// The full answer without what a summary leaves out (PRODUCT.md §2: verdicts and missing
/// inputs only): names, criteria, windows' details and reasons, amounts, preparation and frame
/// warnings (the program's status reason stays).
fn summary_of(full: &Value) -> Value {
    let mut v = full.clone();
    for r in v["results"].as_array_mut().unwrap() {
        let r = r.as_object_mut().unwrap();
        for key in ["name", "max_subsidy_yen", "next_deadline", "preparation"] {
            r.remove(key);
        }
        for f in r["frames"].as_array_mut().unwrap() {
            let f = f.as_object_mut().unwrap();
            for key in ["name", "criteria", "max_subsidy_yen", "warnings"] {
                f.remove(key);
            }
            let w = f["window"].as_object_mut().unwrap();
            w.remove("window");
            w.remove("status_reason");
        }
    }
    v
}

#[actix_web::test]
async fn summary_is_the_full_answer_without_its_texts() {
    let profiles = [
        with(
            base_profile(),
            json!({"facility_type": "hospital", "beds": 120}),
        ),
        json!({"facility_type": "pharmacy", "prefecture": "27", "introduced": ["online_eligibility"]}),
        json!({"facility_type": "medical_clinic", "beds": 0, "prefecture": "東京都", "intends": ["e_prescription"]}),
        json!({"facility_type": "hospital", "beds": 10}),
        json!({}),
    ];
    let shapes = [
        json!({}),
        json!({"include_ended": false}),
        json!({"limit": 3, "cursor": "o6"}),
        json!({"programs": ["online-shikaku", "denshi-shohosen", "denshi-karte-kyoyu"]}),
    ];
    let mut compared = 0;
    for facility in &profiles {
        for as_of in ["2024-06-01", "2025-12-25", "2026-11-25"] {
            for shape in &shapes {
                let mut body = with(shape.clone(), json!({"as_of": as_of, "facility": facility}));
                body["detail"] = json!("full");
                let full = post_json("/v1/eligibility", &body).await;
                body["detail"] = json!("summary");
                let summary = post_json("/v1/eligibility", &body).await;
                assert_eq!(full.status, 200, "{}", full.body);
                assert_eq!(summary.status, 200, "{}", summary.body);
                assert_eq!(summary.body, summary_of(&full.body), "{body}");
                compared += summary.body["results"].as_array().unwrap().len();
            }
        }
    }
    assert!(compared > 200, "{compared} program results compared");
}

#[actix_web::test]
async fn invalid_input_names_every_bad_field_at_once() {
    let grants: Vec<Value> = (0..101)
        .map(|_| json!({"program_id": "denshi-shohosen"}))
        .collect();
    let res = post_json(
        "/v1/eligibility",
        &json!({"as_of": "25/12/2025", "facility": {"beds": -1, "facility_type": "castle", "colour": "red", "previous_grants": grants}}),
    )
    .await;
    let body = res.assert_problem(422, "invalid_field");
    let pointers: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    for p in [
        "/as_of",
        "/facility/beds",
        "/facility/facility_type",
        "/facility/colour",
        "/facility/previous_grants",
    ] {
        assert!(pointers.contains(&p), "{p} in {pointers:?}");
    }
    let codes: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"unknown_field") && codes.contains(&"too_many_items"));
}

#[actix_web::test]
async fn unknown_program_in_the_list_is_404_with_pointer() {
    let res = post_json(
        "/v1/eligibility",
        &json!({"facility": {}, "programs": ["denshi-shohosen", "nope"]}),
    )
    .await;
    let body = res.assert_problem(404, "program_not_found");
    assert_eq!(body["errors"][0]["pointer"], "/programs/1");
}

#[actix_web::test]
async fn eligibility_pages_over_the_catalog() {
    let res = post_json("/v1/eligibility", &json!({"facility": {}, "limit": 5})).await;
    assert_eq!(res.body["results"].as_array().unwrap().len(), 5);
    let next = res.body["next_cursor"].as_str().unwrap().to_string();
    let res2 = post_json(
        "/v1/eligibility",
        &json!({"facility": {}, "limit": 5, "cursor": next}),
    )
    .await;
    assert_ne!(
        res.body["results"][0]["program_id"],
        res2.body["results"][0]["program_id"]
    );
}

#[actix_web::test]
async fn ended_programs_can_be_left_out() {
    let res = post_json("/v1/eligibility", &json!({"as_of": "2025-12-25", "facility": {"facility_type": "hospital"}, "include_ended": false})).await;
    assert!(res.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] != "ended"));
}

/// The sentences are written while the answer is serialized; these pin them, kind by kind, in
/// both languages, with the facility's input.
#[actix_web::test]
async fn reasons_name_the_rule_and_the_input_in_both_languages() {
    let body = post_json(
        "/v1/eligibility",
        &json!({"as_of": "2025-12-25", "detail": "full", "facility": {
            "facility_type": "hospital", "beds": 250, "operator_type": "medical_corporation", "employees": 280,
            "capital_yen": 0, "prefecture": "13",
            "introduced": ["online_eligibility", "e_prescription", "ehr", "health_checkup_system"], "intends": [],
            "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}],
            "designations": [], "services": ["home_visits"], "large_chain_pharmacy": false,
            "it_tool": {"processes": 4, "invoice_functions": 2}, "previous_grants": []}}),
    )
    .await;
    assert_eq!(body.status, 200, "{}", body.body);
    let expected = [
        ("chinage-bukka-2026", "yusho-shinryojo", "frame.1.beds",
            "許可病床数が1床以上 (入力: 250床)", "licensed beds at least 1 bed (input: 250 beds)"),
        // The fee notified, or (issue 15) a pledge to notify the revised fee by 2026-06-01.
        ("chinage-bukka-2026", "homon-kango", "frame.1.any_of",
            "(ベースアップ評価料の届出が2026-03-01までに受理 (入力: 2024-06-01 受理) または ベースアップ評価料を2026-06-01までに届け出る誓約 (未入力))",
            "(base-up evaluation fee notified (received) by 2026-03-01 (input: received 2024-06-01) or pledge to notify base-up evaluation fee by 2026-06-01 (not given))"),
        ("denshi-karte-kyoyu", "3bunsho-daikibo", "program.3.not_previously_granted",
            "denshi-karte-kyoyu の交付を過去に受けていないこと (入力: 交付実績なし)",
            "no earlier grant of denshi-karte-kyoyu (input: not granted before)"),
        ("denshi-karte-kyoyu", "2bunsho-daikibo", "frame.1.system_not_in_operation",
            "健診部門システムが未導入 (入力: 導入済み)",
            "health check-up department system not yet in operation (input: in operation)"),
        ("denshi-shohosen", "kuni-shoki", "term.0.completed_by",
            "導入完了が2026-09-30以前 (未入力)", "introduction completed on or before 2026-09-30 (not given)"),
        ("denshi-shohosen", "ken-shoki", "frame.0.prefecture",
            "所在地: 東京都・広島県・鳥取県・群馬県・山口県・福島県 (入力: 東京都)",
            "located in: Tokyo, Hiroshima, Tottori, Gunma, Yamaguchi, Fukushima (input: Tokyo)"),
        // The fiscal year in each language's words (the English sentence said 年度).
        ("denshi-shohosen", "ken-shoki", "term.1.not_previously_granted",
            "denshi-shohosen/ken-shoki (2024年度) の交付を過去に受けていないこと (入力: 交付実績なし)",
            "no earlier grant of denshi-shohosen/ken-shoki in fiscal year 2024 (input: not granted before)"),
        ("denshi-shohosen", "ken-shoki", "frame.1.previously_granted",
            "denshi-shohosen の交付実績 (2022, 2023, 2024, 2025年度) があること",
            "granted denshi-shohosen in fiscal year 2022, 2023, 2024, 2025"),
        ("digital-ai-2026", "tsujo-1process", "program.0.operator_excluded",
            "開設者が国・自治体・独立行政法人・国立大学法人でないこと (入力: 医療法人)",
            "operator is not: national government, local government, independent administrative agency, national university corporation (input: medical corporation)"),
        ("iryo-setsubi-seibi", "hekichi-kyoten", "frame.1.designation",
            "へき地医療拠点病院であること (入力: 非該当)", "is a remote-area base hospital (input: not held)"),
        ("jma-cyber-shienkin", "cyber-rouei", "frame.0.incident",
            "被害の種類: サイバー攻撃による個人情報漏えい (未入力)、2022-06-01以降に発生 (未入力)",
            "incident: cyber attack with a personal-data leak (not given); occurred on or after 2022-06-01 (not given)"),
        ("online-shikaku", "core-yakkyoku", "frame.1.large_chain_pharmacy",
            "大型チェーン薬局以外 (入力: 大型チェーン以外)", "not a large chain pharmacy (input: not a large chain)"),
        ("byosho-tekiseika", "sakugen", "program.0.any_of",
            "(対象施設: 病院 (入力: 病院) または (対象施設: 医科診療所 (入力: 病院) かつ 許可病床数が1床以上 (入力: 250床)))",
            "(eligible facility types: hospital (20 or more beds) (input: hospital (20 or more beds)) or (eligible facility types: medical clinic (input: hospital (20 or more beds)) and licensed beds at least 1 bed (input: 250 beds)))"),
    ];
    for (program, frame_id, id, ja, en) in expected {
        let f = frame(result(&body.body, program), frame_id);
        let c = f["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{program}/{frame_id}: no criterion {id}"));
        assert_eq!(c["reason"]["ja"], ja, "{program}/{frame_id}/{id}");
        assert_eq!(c["reason"]["en"], en, "{program}/{frame_id}/{id}");
    }
}
