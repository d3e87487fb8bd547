//! `POST /v1/plans`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde_json::Value;

use crate::engine::catalog::Catalog;
use crate::engine::date::fiscal_year;
use crate::engine::plan::{self, Change, FrameRef, Plan};
use crate::http::body::read_json;
use crate::http::dto::calculation::response_of;
use crate::http::dto::common::{CatalogRef, LocalizedText, WindowStatusDto};
use crate::http::dto::plans::*;
use crate::http::dto::vocab::*;
use crate::http::problem::{ApiError, ErrorCode, Problem};
use crate::http::request::plan::{self as request, PlanRequest};
use crate::http::request::pointer::json_pointer;
use crate::http::respond::json;
use crate::http::state::{AppState, Snapshot};

fn frame_ref(r: FrameRef) -> FrameRefDto {
    FrameRefDto {
        program_id: r.program.def.id.to_string(),
        frame_id: r.frame.def.id.to_string(),
        program_name: (&r.program.def.name).into(),
        frame_name: (&r.frame.def.name).into(),
    }
}

fn change_dto(c: &plan::ChangeItem) -> ChangeDto {
    let mut d = ChangeDto {
        kind: String::new(),
        actionable: c.actionable,
        system: None,
        fee: None,
        by: None,
        field: None,
        code: None,
        text: (&c.text).into(),
    };
    match &c.change {
        Change::IntroduceSystem(s) => {
            d.kind = "introduce_system".into();
            d.system = Some(SystemV(s.as_str()));
        }
        Change::DeclareIntention(s) => {
            d.kind = "declare_intention".into();
            d.system = Some(SystemV(s.as_str()));
        }
        Change::NotifyFee(f, by) => {
            d.kind = "notify_fee".into();
            d.fee = Some(FeeV(f.as_str()));
            d.by = Some(by.to_string());
        }
        Change::ProvideInput(p) => {
            d.kind = "provide_input".into();
            d.field = Some(json_pointer(*p).into_owned());
        }
        Change::Fact(code) => {
            d.kind = "fact".into();
            d.code = Some(code.to_string());
        }
    }
    d
}

fn fiscal_label(y: i32) -> (LocalizedText, String, String) {
    let from = NaiveDate::from_ymd_opt(y, 4, 1).map(|d| d.to_string());
    let until = NaiveDate::from_ymd_opt(y + 1, 3, 31).map(|d| d.to_string());
    let (from, until) = (from.unwrap_or_default(), until.unwrap_or_default());
    (
        LocalizedText {
            ja: format!("{y}年度 ({from}〜{until})"),
            en: format!("fiscal year {y} ({from} to {until})"),
        },
        from,
        until,
    )
}

fn response(catalog: &Catalog, p: &Plan, horizon_years: u32) -> PlanResponse {
    let ids = |list: &[usize]| -> Vec<String> { list.iter().map(|&i| purchase_id(p, i)).collect() };
    PlanResponse {
        as_of: p.as_of.to_string(),
        catalog: CatalogRef::of(catalog),
        horizon: HorizonDto {
            years: horizon_years,
            until: p.horizon_end.to_string(),
        },
        solver: SolverDto {
            status: SolverStatusV(p.solver.status.as_str()),
            objective_yen: p.solver.objective_yen,
            bound_yen: p.solver.bound_yen,
            nodes: p.solver.nodes,
            evaluations: p.solver.evaluations,
        },
        total_subsidy_yen: p.total_subsidy_yen,
        total_cost_yen: p.total_cost_yen,
        self_pay_yen: p.self_pay_yen,
        assignments: p
            .assignments
            .iter()
            .map(|a| AssignmentDto {
                purchase_id: purchase_id(p, a.purchase),
                status: if a.frame.is_some() {
                    "funded"
                } else {
                    "unfunded"
                }
                .into(),
                planned_on: a.planned_on.to_string(),
                program_id: a.frame.map(|f| f.program.def.id.to_string()),
                frame_id: a.frame.map(|f| f.frame.def.id.to_string()),
                stacked: a.stacked.map(frame_ref),
                reason: a.unfunded.map(|u| UnfundedV(u.as_str())),
                message: a.message.as_ref().map(Into::into),
                considered: a
                    .considered
                    .iter()
                    .map(|(f, t)| ConsideredDto {
                        program_id: f.program.def.id.to_string(),
                        frame_id: f.frame.def.id.to_string(),
                        note: t.into(),
                    })
                    .collect(),
            })
            .collect(),
        applications: p
            .applications
            .iter()
            .map(|a| ApplicationDto {
                program_id: a.frame.program.def.id.to_string(),
                frame_id: a.frame.frame.def.id.to_string(),
                program_name: (&a.frame.program.def.name).into(),
                frame_name: (&a.frame.frame.def.name).into(),
                stacked_on: a.stacked_on.map(frame_ref),
                purchase_ids: ids(&a.purchases),
                applied_on: a.applied_on.to_string(),
                fiscal_year: fiscal_year(a.applied_on),
                completed_on: a.completed_on.to_string(),
                timing: TimingV(a.frame.timing().as_str()),
                window: WindowStatusDto::of(
                    catalog,
                    &a.window,
                    a.applied_on,
                    a.frame.program.sources_checked_through(catalog),
                ),
                subsidy_yen: a.subsidy_yen,
                goals: a.goals.iter().map(|g| GoalV(g.as_str())).collect(),
                calculation: response_of(catalog, &a.calculation, a.applied_on),
            })
            .collect(),
        roadmap: p
            .roadmap
            .iter()
            .map(|fy| {
                let (label, from, until) = fiscal_label(fy.year);
                FiscalYearDto {
                    fiscal_year: fy.year,
                    label,
                    from,
                    until,
                    steps: fy
                        .steps
                        .iter()
                        .map(|s| RoadmapStepDto {
                            on: s.on.to_string(),
                            kind: RoadmapStepKindV(s.kind.as_str()),
                            title: (&s.title).into(),
                            notes: s.notes.iter().map(Into::into).collect(),
                            program_id: s.frame.map(|f| f.program.def.id.to_string()),
                            frame_id: s.frame.map(|f| f.frame.def.id.to_string()),
                            purchase_ids: ids(&s.purchases),
                            system: s.system.map(|x| SystemV(x.as_str())),
                            due_by: s.due_by.map(|d| d.to_string()),
                            window: s.window.as_ref().map(|w| {
                                let program = s.frame.map(|f| f.program);
                                WindowStatusDto::of(
                                    catalog,
                                    w,
                                    s.on,
                                    program.and_then(|p| p.sources_checked_through(catalog)),
                                )
                            }),
                        })
                        .collect(),
                }
            })
            .collect(),
        counterfactuals: p
            .counterfactuals
            .iter()
            .map(|c| CounterfactualDto {
                program_id: c.frame.program.def.id.to_string(),
                frame_id: c.frame.frame.def.id.to_string(),
                frame_name: (&c.frame.frame.def.name).into(),
                actionable: c.actionable,
                changes: c.changes.iter().map(change_dto).collect(),
                extra_subsidy_yen: c.extra_subsidy_yen,
                purchase_ids: ids(&c.purchases),
            })
            .collect(),
        headroom: p
            .headroom
            .iter()
            .map(|h| HeadroomDto {
                program_id: h.frame.program.def.id.to_string(),
                frame_id: h.frame.frame.def.id.to_string(),
                spend_yen: h.spend_yen,
                subsidy_yen: h.subsidy_yen,
                max_subsidy_yen: h.max_subsidy_yen,
                cap_yen: h.cap_yen,
                spend_to_reach_cap_yen: h.spend_to_reach_cap_yen,
                spend_saturation_yen: h.spend_saturation_yen,
                headroom_spend_yen: (h.spend_saturation_yen - h.spend_yen).max(0),
                headroom_subsidy_yen: (h.max_subsidy_yen - h.subsidy_yen).max(0),
            })
            .collect(),
        goals: p
            .goals
            .iter()
            .map(|g| GoalDto {
                goal: GoalV(g.goal.as_str()),
                label: g.goal.label().into(),
                frames: g.frames.iter().copied().map(frame_ref).collect(),
                subsidy_yen: g.subsidy_yen,
            })
            .collect(),
        warnings: p.warnings.iter().map(Into::into).collect(),
    }
}

fn purchase_id(p: &Plan, i: usize) -> String {
    p.purchase_ids.get(i).cloned().unwrap_or_default()
}

/// Plans one request, stopping when `cancel` says so.
pub fn compute(
    state: &AppState,
    catalog: &Catalog,
    body: &Value,
    cancel: &plan::Cancel,
) -> Result<PlanResponse, ApiError> {
    let parsed = request::read(body, (state.today)())?;
    let req = plan::Request {
        as_of: parsed.as_of,
        facility: &parsed.facility,
        purchases: &parsed.purchases,
        goals: &parsed.goals,
        horizon_years: parsed.horizon_years,
        interpretations: &parsed.interpretations,
        only_frames: None,
        node_budget: plan::DEFAULT_NODE_BUDGET,
        counterfactuals: true,
        cancel,
    };
    let p = plan::plan(catalog, &req).map_err(|plan::DeadlineExceeded| {
        ApiError::new(
            ErrorCode::DeadlineExceeded,
            format!(
                "no plan was found within {} ms; send fewer purchases or narrower dates",
                state.plan_deadline.as_millis()
            ),
        )
    })?;
    Ok(response(catalog, &p, parsed.horizon_years))
}

/// The best multi-year funding plan for planned purchases: which frame funds each purchase (no
/// cost funded twice unless the catalog declares the stack), in which order and by which dates.
///
/// The assignment is exact: a branch-and-bound search proves that no other assignment pays more
/// (ties: fewer applications, then earlier ones); `solver` reports it. Each application carries
/// the same calculation `/v1/calculations` gives. The roadmap follows the national order
/// (オンライン資格確認 → 電子処方箋 → 電子カルテ情報共有サービス) and each program's timing.
#[utoipa::path(
    post,
    path = "/plans",
    operation_id = "planFunding",
    tag = "planning",
    request_body(content = PlanRequest, content_type = "application/json", examples(
        ("hospital_three_steps" = (summary = "150床の病院 (鳥取県): 電子処方箋 → 電子カルテ共有 → AI (2026年度)", value = json!({
            "as_of": "2025-06-01",
            "facility": {"facility_type": "hospital", "beds": 150, "operator_type": "medical_corporation", "employees": 180, "capital_yen": 0, "prefecture": "31",
                "introduced": ["online_eligibility", "health_checkup_system"], "intends": [], "previous_grants": [], "designations": [], "fee_notifications": [],
                "it_tool": {"processes": 4, "invoice_functions": 0}},
            "purchases": [
                {"id": "eprescription", "category": "software", "amount_yen": 4059000, "introduces": "e_prescription", "description": "電子処方箋 同時導入 (レセコン・電子カルテ改修)"},
                {"id": "karte-fhir", "category": "ehr_standardization", "amount_yen": 9000000, "description": "電子カルテ HL7 FHIR 標準規格化"},
                {"id": "ai-monshin", "category": "software", "amount_yen": 3000000, "earliest_on": "2026-04-01", "description": "AI問診・音声入力"}
            ],
            "goals": ["information_sharing", "work_hours"],
            "horizon_years": 3
        }))),
        ("clinic_five_small" = (summary = "無床診療所 (東京都): 小さな購入 5件", value = json!({
            "as_of": "2025-06-01",
            "facility": {"facility_type": "medical_clinic", "beds": 0, "operator_type": "medical_corporation", "employees": 8, "capital_yen": 0, "prefecture": "13",
                "introduced": ["online_eligibility"], "intends": [], "previous_grants": [], "designations": [],
                "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}], "it_tool": {"processes": 1, "invoice_functions": 1}},
            "purchases": [
                {"id": "reservation", "category": "software", "amount_yen": 180000, "description": "予約システム"},
                {"id": "web-monshin", "category": "cloud_service", "amount_yen": 120000, "description": "Web問診 (1年分)"},
                {"id": "tablet", "category": "hardware_pc", "amount_yen": 150000, "description": "受付タブレット"},
                {"id": "eprescription", "category": "software", "amount_yen": 387000, "introduces": "e_prescription", "description": "電子処方箋 初期導入"},
                {"id": "security", "category": "security_service", "amount_yen": 200000, "description": "UTM・セキュリティサービス"}
            ],
            "goals": ["admin_cost", "security"]
        }))),
    )),
    responses(
        (status = 200, description = "The optimal plan", body = PlanResponse),
        (status = 400, description = "Malformed JSON or wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown route", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or unknown field, or more than 200 purchases", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The body did not arrive within the request timeout (`request_timeout`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Every plan slot is busy (`overloaded`, with `Retry-After`), or no plan was found before the plan deadline (`deadline_exceeded`; when a plan was found by then it is answered 200 with `solver.status` `time_limit`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/plans")]
pub async fn plan_funding(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    // Read whole before admission, so a malformed body is told so even when every plan slot
    // is taken.
    let body = read_json(&req, payload, state.request_timeout).await?;
    let gone = req
        .conn_data::<crate::http::conn::ClientGone>()
        .map(|g| g.0.clone());
    let plan = run(state.get_ref().clone(), catalog, body, gone).await?;
    Ok(json(&plan))
}

/// Plans a request body off the request thread, shared by the route and the MCP tool
/// `plan_funding`, so both get the same admission and deadline.
pub async fn run(
    state: AppState,
    catalog: Snapshot,
    body: Value,
    gone: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
) -> Result<PlanResponse, ApiError> {
    // Plans are CPU-bound: at most one per slot (one per core by default); the rest are told
    // at once to come back rather than queued behind work that would miss its deadline.
    let Some(slot) = state.plan_slots.try_take() else {
        let mut e = ApiError::new(
            ErrorCode::Overloaded,
            format!(
                "{} plans are being computed, the most this server runs at once; retry in a second",
                state.plan_slots.max()
            ),
        );
        e.retry_after_secs = Some(1);
        return Err(e);
    };
    // A plan is a search: it runs on the blocking pool so a large one never stalls the worker
    // that serves other requests. It stops at its deadline with the best plan so far, and as
    // soon as its client has gone (this future dropped, or the connection closed); the slot is
    // given back when the work ends, not when the client leaves.
    let deadline = state.plan_deadline;
    let mut cancel = plan::Cancel::after(deadline);
    if let Some(gone) = gone {
        cancel = cancel.or_when(gone);
    }
    let _stop_when_dropped = plan::CancelOnDrop(Some(cancel.clone()));
    let search = web::block(move || {
        let _slot = slot;
        compute(&state, &catalog, &body, &cancel)
    });
    // The search checks its deadline itself; this only guards against a phase that does not.
    let grace = deadline + std::time::Duration::from_secs(2);
    match actix_web::rt::time::timeout(grace, search).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(ApiError::new(ErrorCode::Internal, "the plan search failed")),
        Err(_) => Err(ApiError::new(
            ErrorCode::DeadlineExceeded,
            format!(
                "no plan was found within {} ms; send fewer purchases",
                deadline.as_millis()
            ),
        )),
    }
}
