//! `POST /v1/eligibility`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;

use crate::engine::catalog::Catalog;
use crate::engine::criteria::{Ctx, Tri};
use crate::engine::eligibility::{self, PrepState, ProgramResult};
use crate::engine::window::WindowStatus;
use crate::http::body::{read_post, Body};
use crate::http::dto::common::{CatalogRef, LocalizedText, TextRef, ThresholdDto, WindowStatusRef};
use crate::http::dto::vocab::*;
use crate::http::problem::{ApiError, ErrorCode, FieldProblem, Problem};
use crate::http::query::encode_cursor;
use crate::http::request::eligibility::{self as request, Detail, EligibilityRequest};
use crate::http::request::pointer::json_pointer;
use crate::http::respond::{json_bytes, to_json};
use crate::http::state::{AppState, Snapshot};

mod summary;

use crate::http::dto::eligibility::{
    CriterionResultDto, EligibilityResponse, FrameEligibility, MissingDto, PreparationDto,
    PrerequisiteDto, ProgramEligibility, ReasonText,
};

/// The earliest closing date of an open or upcoming window among the program's frames.
fn next_deadline(r: &ProgramResult, as_of: NaiveDate) -> Option<NaiveDate> {
    r.frames
        .iter()
        .filter(|f| matches!(f.window.status, WindowStatus::Open | WindowStatus::Upcoming))
        .filter_map(|f| f.window.window.and_then(|w| w.closes).map(|d| d.0))
        .filter(|d| *d >= as_of)
        .min()
}

fn program_dto<'a>(r: &'a ProgramResult<'a>, ctx: Ctx<'a>, list: bool) -> ProgramEligibility<'a> {
    let max_subsidy_yen = r
        .frames
        .iter()
        .filter(|f| f.verdict != eligibility::Verdict::NotEligible)
        .filter_map(|f| f.max_subsidy_yen)
        .max();
    let frames: Vec<FrameEligibility> = r
        .frames
        .iter()
        .enumerate()
        .map(|(i, f)| FrameEligibility {
            frame_id: &f.frame.def.id,
            name: (!list).then(|| (&f.frame.def.name).into()),
            verdict: VerdictV(f.verdict.as_str()),
            criteria: (!list).then(|| {
                f.criteria
                    .iter()
                    .map(|c| CriterionResultDto {
                        id: c.id.with_code(c.outcome.code),
                        code: ReasonCodeV(c.outcome.code),
                        verdict: CriterionVerdictV(match c.outcome.verdict {
                            Tri::Met => "met",
                            Tri::NotMet => "not_met",
                            Tri::Unknown => "unknown",
                        }),
                        reason: ReasonText {
                            criterion: c.criterion,
                            ctx,
                        },
                        value: c.outcome.value,
                        threshold: c.outcome.threshold.as_ref().map(|t| ThresholdDto {
                            op: OpV(t.op.as_str()),
                            value: t.value,
                        }),
                        missing: c.outcome.missing.iter().map(|k| json_pointer(*k)).collect(),
                    })
                    .collect()
            }),
            window: {
                let mut w: WindowStatusRef = (&f.window).into();
                if list {
                    // A list keeps each frame's status; the window's details and why it has that
                    // status stay in the full answer (the program's own reason is kept).
                    w.window = None;
                } else {
                    w.status_reason = r.window_reasons.get(i).map(Into::into);
                }
                w
            },
            max_subsidy_yen: f.max_subsidy_yen,
            warnings: f
                .warnings
                .iter()
                .filter(|_| !list)
                .map(Into::into)
                .collect(),
        })
        .collect();
    ProgramEligibility {
        program_id: &r.program.def.id,
        name: Some((&r.program.def.name).into()),
        verdict: VerdictV(r.verdict.as_str()),
        status: WindowStatusV(r.status.as_str()),
        status_reason: (&*r.status_reason).into(),
        max_subsidy_yen,
        next_deadline: next_deadline(r, ctx.as_of),
        frames,
        prerequisites: r
            .prerequisites
            .iter()
            .map(|p| PrerequisiteDto {
                system: SystemV(p.system.as_str()),
                program_id: p.program_id,
                state: p.state.as_str(),
                order: p.order,
            })
            .collect(),
        preparation: r
            .preparation
            .iter()
            .filter(|_| !list)
            .map(|p| PreparationDto {
                item: PreparationItemV(p.item.as_str()),
                label: TextRef {
                    ja: p.item.ja(),
                    en: p.item.en(),
                },
                state: match p.state {
                    PrepState::Done => "done",
                    PrepState::NotDone => "not_done",
                    PrepState::Unknown => "unknown",
                },
                lead_time_days: p.lead_time_days,
                note: p.note.map(Into::into),
            })
            .collect(),
        warnings: r.warnings.iter().map(Into::into).collect(),
    }
}

/// Evaluates the request and writes the answer as JSON (shared by the route and the MCP tool
/// `check_eligibility`). The answer borrows the engine's results and the facility, and its
/// sentences are written during serialization, so it is built and serialized here.
pub fn evaluate(state: &AppState, snapshot: &Snapshot, body: &Body) -> Result<Vec<u8>, ApiError> {
    let catalog: &Catalog = snapshot;
    let p = request::read(body, (state.today)())?;
    let (selected, next_cursor) = match &p.programs {
        Some(ids) => {
            let mut errors = Vec::new();
            let mut out = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                match catalog.index_of(id) {
                    Some(k) => {
                        if !out.contains(&k) {
                            out.push(k)
                        }
                    }
                    None => {
                        let shown: String = id.chars().take(100).collect();
                        errors.push(FieldProblem {
                            pointer: Some(format!("/programs/{i}")),
                            parameter: None,
                            code: ErrorCode::ProgramNotFound,
                            message: LocalizedText {
                                ja: format!("制度 `{shown}` はカタログにありません"),
                                en: format!("no program `{shown}` in the catalog"),
                            },
                        })
                    }
                }
            }
            if !errors.is_empty() {
                let mut e = ApiError::new(
                    ErrorCode::ProgramNotFound,
                    "unknown program ids; see GET /v1/programs",
                );
                e.errors = errors;
                return Err(e);
            }
            (out, None)
        }
        None => {
            let all = catalog.programs.len();
            let page: Vec<usize> =
                (p.offset.min(all)..p.offset.saturating_add(p.limit).min(all)).collect();
            let next = (p.offset + p.limit < all).then(|| encode_cursor(p.offset + p.limit));
            (page, next)
        }
    };
    let views = snapshot
        .dated()
        .at(catalog.programs.len(), p.as_of, p.facility.prefecture);
    let results: Vec<ProgramResult> = selected
        .into_iter()
        .map(|k| {
            eligibility::evaluate_program_dated(
                catalog,
                &catalog.programs[k],
                views.program(catalog, k),
                &p.facility,
                p.as_of,
                p.detail != Detail::Summary,
            )
        })
        .filter(|r| p.include_ended || r.status != WindowStatus::Ended)
        .collect();
    let missing = eligibility::missing_inputs(&results);
    let request_warnings = eligibility::request_warnings(catalog, &p.facility, p.as_of);
    if p.detail == Detail::Summary {
        return Ok(summary::write(
            p.as_of,
            catalog,
            &results,
            &missing,
            next_cursor.as_deref(),
            &request_warnings,
        ));
    }
    let ctx = Ctx {
        facility: &p.facility,
        as_of: p.as_of,
        lines: None,
    };
    let answer = EligibilityResponse {
        as_of: p.as_of.to_string(),
        catalog: CatalogRef::of(catalog),
        warnings: request_warnings.iter().map(Into::into).collect(),
        results: results
            .iter()
            .map(|r| program_dto(r, ctx, p.detail == Detail::List))
            .collect(),
        missing: missing
            .into_iter()
            .map(|m| MissingDto {
                field: json_pointer(m.field).into_owned(),
                frames: m.frames,
                question: eligibility::question(m.field).into(),
            })
            .collect(),
        next_cursor,
    };
    // Full answers run to about 120 KB: one buffer of that size saves the regrowing.
    to_json(&answer, 128 << 10).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

/// Which programs a facility can get, frame by frame and criterion by criterion.
///
/// Absent profile fields are unknown: the criteria that need them are `unknown` and the frame
/// `undetermined`, never a default. `missing` ranks the inputs that would settle the most frames.
///
/// `detail = list` is sized for result lists: names, verdicts, window status and why, the next
/// deadline and the maximum per program, without criteria and reasons (a quarter of the full answer or less; send
/// `Accept-Encoding: br` or `gzip` for a compressed answer).
#[utoipa::path(
    post,
    path = "/eligibility",
    operation_id = "evaluateEligibility",
    tag = "eligibility",
    request_body(content = EligibilityRequest, content_type = "application/json", examples(
        ("large_hospital" = (summary = "大規模病院 (full profile)", value = json!({
            "as_of": "2025-12-25",
            "facility": {"facility_type": "hospital", "beds": 250, "operator_type": "medical_corporation", "employees": 280, "capital_yen": 0, "prefecture": "13",
                "introduced": ["online_eligibility", "e_prescription", "ehr", "health_checkup_system"], "intends": [],
                "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}], "designations": [], "services": ["home_visits"],
                "large_chain_pharmacy": false, "card_readers_free": 3, "previous_grants": [],
                "preparation": {"gbizid_prime": true, "security_action": "two_star", "it_support_vendor": false}},
            "detail": "full"
        }))),
        ("tokyo_clinic" = (summary = "東京都の無床診療所", value = json!({
            "as_of": "2025-12-25",
            "facility": {"facility_type": "medical_clinic", "beds": 0, "operator_type": "individual", "employees": 8, "prefecture": "東京都",
                "introduced": ["online_eligibility"], "intends": ["e_prescription"], "designations": [], "previous_grants": [],
                "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-09-10"}]}
        }))),
        ("pharmacy_partial" = (summary = "プロファイルが半分の薬局", value = json!({
            "facility": {"facility_type": "pharmacy", "prefecture": "27", "introduced": ["online_eligibility"]},
            "detail": "summary"
        }))),
        ("portal_list" = (summary = "A portal's result list (detail = list)", value = json!({
            "as_of": "2025-12-25",
            "facility": {"facility_type": "hospital", "beds": 250, "prefecture": "13", "introduced": ["online_eligibility", "e_prescription"]},
            "detail": "list"
        }))),
    )),
    responses(
        (status = 200, description = "Verdicts per program and frame", body = EligibilityResponse),
        (status = 400, description = "Malformed JSON or wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown program id in `programs`", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or unknown field, list too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/eligibility")]
pub async fn evaluate_eligibility(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    let body = read_post(&req, payload, &state).await?;
    Ok(json_bytes(evaluate(&state, &catalog, &body)?))
}
