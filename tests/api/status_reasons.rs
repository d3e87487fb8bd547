//! Status reasons (issue 15): every program and frame status carries `status_reason` {ja, en}
//! at any date, superseded frames name their successor, and answers past the catalog's sources
//! say so with the official page.

use serde_json::{json, Value};

use crate::helpers::*;

fn assert_reason(v: &Value, what: &str) {
    let r = &v["status_reason"];
    for lang in ["ja", "en"] {
        let t = r[lang].as_str().unwrap_or_default();
        assert!(t.chars().count() > 8, "{what}: status_reason.{lang} is {r}");
    }
}

#[actix_web::test]
async fn every_status_has_a_reason_today_and_at_the_article_date() {
    for as_of in ["2026-12-02", "2025-12-25"] {
        let list = get(&format!("/v1/programs?limit=100&as_of={as_of}")).await;
        assert_eq!(list.status, 200);
        let items = list.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 20);
        for p in items {
            let id = p["program_id"].as_str().unwrap();
            assert_reason(p, &format!("list {as_of} {id}"));
            assert_eq!(p["sources_checked_through"], "2026-03-31", "{id}");
            let detail = get(&format!("/v1/programs/{id}?as_of={as_of}")).await;
            assert_eq!(detail.status, 200);
            assert_reason(&detail.body, &format!("detail {as_of} {id}"));
            assert_eq!(
                detail.body["status"], p["status"],
                "{id}: list and detail agree"
            );
            for f in detail.body["frames"].as_array().unwrap() {
                assert_reason(
                    &f["window"],
                    &format!("detail {as_of} {id}/{}", f["frame_id"]),
                );
            }
        }
        let elig = post_json(
            "/v1/eligibility",
            &json!({"as_of": as_of, "facility": {"facility_type": "hospital", "beds": 120}}),
        )
        .await;
        assert_eq!(elig.status, 200, "{}", elig.body);
        let results = elig.body["results"].as_array().unwrap();
        assert_eq!(results.len(), 20);
        for r in results {
            let id = r["program_id"].as_str().unwrap();
            assert_reason(r, &format!("eligibility {as_of} {id}"));
            for f in r["frames"].as_array().unwrap() {
                assert_reason(
                    &f["window"],
                    &format!("eligibility {as_of} {id}/{}", f["frame_id"]),
                );
            }
        }
    }
}

#[actix_web::test]
async fn catalog_states_how_far_its_sources_reach() {
    let res = get("/v1/catalog").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body["sources_checked_through"], "2026-03-31");
    assert_ne!(res.body["sources_checked_through"], res.body["verified_on"]);
}

#[actix_web::test]
async fn answers_past_the_sources_warn_with_the_official_page() {
    // Today (2026-12-02) is past 2026-03-31: every program used carries the warning.
    let elig = post_json(
        "/v1/eligibility",
        &json!({"as_of": "2026-12-02", "programs": ["denshi-shohosen"], "facility": {"facility_type": "medical_clinic"}}),
    )
    .await;
    let w = elig.body["results"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "sources_outdated")
        .unwrap_or_else(|| panic!("no sources_outdated in {}", elig.body))
        .clone();
    let en = w["message"]["en"].as_str().unwrap();
    assert!(en.contains("2026-03"), "{en}");
    assert!(
        en.contains("https://www.wic-net.com/material/document/21955/2"),
        "{en}"
    );
    // On the last day the sources cover there is no warning.
    let elig = post_json(
        "/v1/eligibility",
        &json!({"as_of": "2026-03-31", "programs": ["denshi-shohosen"], "facility": {"facility_type": "medical_clinic"}}),
    )
    .await;
    let codes: Vec<&str> = elig.body["results"][0]["warnings"]
        .as_array()
        .map(|a| a.iter().filter_map(|w| w["code"].as_str()).collect())
        .unwrap_or_default();
    assert!(!codes.contains(&"sources_outdated"), "{codes:?}");
    // A calculation and a program's detail past the sources say it too.
    let calc = post_json(
        "/v1/calculations",
        &json!({"program_id": "jma-cyber-shienkin", "frame_id": "kyugyo", "as_of": "2026-04-01",
                "facility": {"facility_type": "medical_clinic", "designations": ["jma_a1_member"],
                             "incident": {"kind": "attack_closure", "occurred_on": "2026-03-01", "days_closed": 2}},
                "expenses": []}),
    )
    .await;
    assert_eq!(calc.status, 200, "{}", calc.body);
    assert!(
        calc.body["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "sources_outdated"),
        "{}",
        calc.body
    );
    let detail = get("/v1/programs/jma-cyber-shienkin?as_of=2026-12-02").await;
    assert!(
        detail.body["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "sources_outdated"
                && w["message"]["en"]
                    .as_str()
                    .unwrap()
                    .contains("https://www1.med.or.jp/")),
        "{}",
        detail.body
    );
}

#[actix_web::test]
async fn superseded_frames_end_and_name_their_successor() {
    let res = get("/v1/programs/ict-kinmu-model?as_of=2026-12-02").await;
    let model = res.body["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["frame_id"] == "model-2025")
        .unwrap();
    assert_eq!(model["window"]["status"], "ended", "{}", model["window"]);
    assert_eq!(
        model["window"]["successor"],
        json!({"program_id": "ict-kinmu-model", "frame_id": "koritsuka-2026"})
    );
    let reason = model["window"]["status_reason"]["ja"].as_str().unwrap();
    assert!(
        reason.contains("koritsuka-2026") && reason.contains("2026-03-31"),
        "{reason}"
    );
    // The list says the same of it-donyu-2025: ended, its successor named.
    let list = get("/v1/programs?as_of=2026-12-02&limit=100").await;
    let it = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["program_id"] == "it-donyu-2025")
        .unwrap();
    assert_eq!(it["status"], "ended");
    assert!(it["status_reason"]["en"]
        .as_str()
        .unwrap()
        .contains("digital-ai-2026"));
}

#[actix_web::test]
async fn a_frame_before_its_term_is_never_open() {
    // tokyo-shinryo-digital's window only says "until 2026-03-31"; its term starts 2025-04-01.
    for (as_of, want) in [
        ("2024-06-01", "upcoming"),
        ("2025-03-31", "upcoming"),
        ("2025-04-01", "open"),
    ] {
        let list = get(&format!("/v1/programs?as_of={as_of}&limit=100")).await;
        let p = list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["program_id"] == "tokyo-shinryo-digital")
            .unwrap()
            .clone();
        assert_eq!(p["status"], want, "{as_of}: {p}");
    }
    let open_at = get("/v1/programs?as_of=2024-06-01&status=open&limit=100").await;
    let ids: Vec<&str> = open_at.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["program_id"].as_str())
        .collect();
    assert!(!ids.contains(&"tokyo-shinryo-digital"), "{ids:?}");
    assert!(!ids.contains(&"online-shikaku"), "{ids:?}");
}
