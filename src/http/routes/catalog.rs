//! `GET /v1/catalog`, `GET /v1/vocabulary`.

use actix_web::{get, HttpRequest, HttpResponse};

use crate::engine::calc::{AmountStatus, StepKind};
use crate::engine::criteria::REASON_CODES;
use crate::engine::text::Text;
use crate::engine::vocab;
use crate::engine::window::WindowStatus;
use crate::http::dto::common::{CatalogRef, LocalizedText};
use crate::http::dto::programs::CatalogInfo;
use crate::http::problem::{ApiError, ErrorCode, Problem};
use crate::http::query::Query;
use crate::http::respond::cached_json;
use crate::http::state::Snapshot;

/// The catalog edition, hash and counts.
#[utoipa::path(
    get,
    path = "/catalog",
    operation_id = "getCatalog",
    tag = "catalog",
    responses(
        (status = 200, description = "The catalog", body = CatalogInfo),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Invalid query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/catalog")]
pub async fn get_catalog(req: HttpRequest, catalog: Snapshot) -> Result<HttpResponse, ApiError> {
    Query::parse(&req, &[])?;
    let c = &catalog;
    let body = CatalogInfo {
        edition: c.edition.clone(),
        hash: c.hash.clone(),
        schema_version: c.schema_version,
        programs: c.programs.len(),
        frames: c.frame_count(),
        verified_on: c.verified_on.to_string(),
        sources_checked_through: c.sources_checked_through.map(|d| d.to_string()),
        sources: c.programs.iter().map(|p| p.def.sources.len()).sum(),
    };
    Ok(cached_json(&req, &catalog, None, &body))
}

use crate::http::dto::catalog::{InterpretationTerm, PrefectureTerm, Vocabulary, VocabularyTerm};

fn terms<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> Text,
) -> Vec<VocabularyTerm> {
    all.iter()
        .map(|t| VocabularyTerm {
            value: value(*t).to_string(),
            label: label(*t).into(),
        })
        .collect()
}

fn fixed(list: &[(&str, &str, &str)]) -> Vec<VocabularyTerm> {
    list.iter()
        .map(|(v, ja, en)| VocabularyTerm {
            value: v.to_string(),
            label: LocalizedText {
                ja: ja.to_string(),
                en: en.to_string(),
            },
        })
        .collect()
}

/// Every enum with ja/en labels.
#[utoipa::path(
    get,
    path = "/vocabulary",
    operation_id = "listVocabulary",
    tag = "catalog",
    responses(
        (status = 200, description = "The vocabularies", body = Vocabulary),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Invalid query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/vocabulary")]
pub async fn list_vocabulary(
    req: HttpRequest,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    Query::parse(&req, &[])?;
    use vocab::*;
    let mut goals: Vec<VocabularyTerm> = Vec::new();
    for p in &catalog.programs {
        for f in &p.frames {
            for t in f.terms() {
                for g in crate::engine::formula::goals(&t.formula) {
                    if !goals.iter().any(|x| x.value == g.goal) {
                        goals.push(VocabularyTerm {
                            value: g.goal.to_string(),
                            label: (&g.label).into(),
                        });
                    }
                }
            }
        }
    }
    let body = Vocabulary {
        catalog: CatalogRef::of(&catalog),
        facility_types: terms(FacilityType::ALL, FacilityType::as_str, FacilityType::label),
        operator_types: terms(OperatorType::ALL, OperatorType::as_str, OperatorType::label),
        systems: terms(System::ALL, System::as_str, System::label),
        fees: terms(Fee::ALL, Fee::as_str, Fee::label),
        designations: terms(Designation::ALL, Designation::as_str, Designation::label),
        services: terms(Service::ALL, Service::as_str, Service::label),
        expense_categories: terms(
            ExpenseCategory::ALL,
            ExpenseCategory::as_str,
            ExpenseCategory::label,
        ),
        categories: terms(Category::ALL, Category::as_str, Category::label),
        prefectures: PREFECTURES
            .iter()
            .map(|(c, ja, en)| PrefectureTerm {
                code: c.to_string(),
                name: LocalizedText {
                    ja: ja.to_string(),
                    en: en.to_string(),
                },
            })
            .collect(),
        preparation_items: terms(
            PreparationItem::ALL,
            PreparationItem::as_str,
            PreparationItem::label,
        ),
        incident_kinds: terms(IncidentKind::ALL, IncidentKind::as_str, IncidentKind::label),
        min_wage_bases: terms(MinWageBasis::ALL, MinWageBasis::as_str, MinWageBasis::label),
        number_fields: terms(NumberField::ALL, NumberField::as_str, NumberField::label),
        confidences: terms(Confidence::ALL, Confidence::as_str, Confidence::label),
        operators: terms(Op::ALL, Op::as_str, Op::label),
        timings: terms(Timing::ALL, Timing::as_str, Timing::label),
        window_statuses: fixed(&[
            ("open", "受付中", "accepting applications"),
            ("upcoming", "受付予定", "a dated window is ahead"),
            (
                "closed",
                "受付の合間",
                "between windows of a recurring program",
            ),
            ("unknown", "不明", "no dated window covers the date"),
            ("ended", "終了", "ended, no successor"),
        ]),
        amount_statuses: fixed(&[
            ("computed", "計算済み", "computed"),
            (
                "missing_input",
                "入力不足",
                "an input of the formula is missing",
            ),
            (
                "unknown_figure",
                "数値未確認",
                "the catalog has no confirmed figure",
            ),
            (
                "no_term_in_force",
                "有効な期間なし",
                "no term covers the date",
            ),
            ("in_kind", "現物支援", "support in kind, not money"),
        ]),
        verdicts: fixed(&[
            ("eligible", "対象", "eligible"),
            ("not_eligible", "対象外", "not eligible"),
            ("undetermined", "未確定", "undetermined"),
        ]),
        criterion_verdicts: fixed(&[
            ("met", "充足", "met"),
            ("not_met", "不充足", "not met"),
            ("unknown", "不明", "unknown"),
        ]),
        reason_codes: REASON_CODES.iter().map(|s| s.to_string()).collect(),
        step_kinds: StepKind::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        interpretations: Interpretation::ALL
            .iter()
            .map(|i| InterpretationTerm {
                value: i.as_str().to_string(),
                label: i.label().into(),
                readings: i.readings().iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
        error_codes: ErrorCode::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        work_style_goals: goals,
        plan_goals: terms(Goal::ALL, Goal::as_str, Goal::label),
        unfunded_reasons: crate::engine::plan::Unfunded::ALL
            .iter()
            .map(|u| VocabularyTerm {
                value: u.as_str().to_string(),
                label: crate::engine::plan::explain::reason_text(*u).into(),
            })
            .collect(),
    };
    let _ = (WindowStatus::ALL, AmountStatus::ALL);
    Ok(cached_json(&req, &catalog, None, &body))
}
