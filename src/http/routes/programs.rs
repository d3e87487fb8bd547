//! `GET /v1/programs`, `GET /v1/programs/{program_id}`.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;

use crate::engine::catalog::{Catalog, Frame, Program, Term};
use crate::engine::criteria;
use crate::engine::eligibility::{criteria_of, term_for, CriterionId};
use crate::engine::formula;
use crate::engine::money::Rate;
use crate::engine::vocab::{self, Confidence, Timing};
use crate::engine::window::{self, WindowStatus};
use crate::http::dto::common::{CatalogRef, ThresholdDto, WindowDto, WindowStatusDto};
use crate::http::dto::programs::*;
use crate::http::dto::vocab::*;
use crate::http::problem::{ApiError, Problem};
use crate::http::query::{encode_cursor, Query};
use crate::http::respond::stored_json;
use crate::http::state::{AppState, Snapshot};

pub use crate::http::filters::{
    facility_type_param, filter, names, prefecture_param, program_not_found,
};

fn confidence_rank(c: Confidence) -> u8 {
    match c {
        Confidence::High => 3,
        Confidence::Medium => 2,
        Confidence::Low => 1,
        Confidence::ArticleOnly => 0,
    }
}

fn in_force_terms<'a>(
    program: &'a Program,
    as_of: NaiveDate,
) -> impl Iterator<Item = &'a Term> + 'a {
    program
        .frames
        .iter()
        .flat_map(move |f| f.terms_at(as_of, None))
}

fn rate_cmp(a: &Rate, b: &Rate) -> std::cmp::Ordering {
    ((a.numerator as i128) * (b.denominator as i128))
        .cmp(&((b.numerator as i128) * (a.denominator as i128)))
}

/// The summary of a program at a date.
pub fn summary(catalog: &Catalog, program: &Program, as_of: NaiveDate) -> ProgramSummary {
    let def = &program.def;
    let windows: Vec<_> = program
        .frames
        .iter()
        .map(|f| window::status_at(f, as_of, None))
        .collect();
    let refs: Vec<_> = windows.iter().collect();
    let (status, status_reason) = window::program_status(catalog, program, &refs, as_of);
    let next_deadline = windows
        .iter()
        .filter(|w| matches!(w.status, WindowStatus::Open | WindowStatus::Upcoming))
        .filter_map(|w| w.window.and_then(|x| x.closes).map(|d| d.0))
        .filter(|d| *d >= as_of)
        .min();
    let mut max_amount = None;
    let mut rates: Vec<Rate> = Vec::new();
    let mut lowest: Option<Confidence> = None;
    // One facility's maximum: a group total is no facility's, and a frame paying per bed (or
    // per unit) without a cap has none, so the program states none either.
    let mut per_unit = false;
    for f in &program.frames {
        for t in f.terms_at(as_of, None) {
            match formula::frame_max(&f.def, &t.formula) {
                Some(formula::MaxAmount::Facility(m)) => {
                    max_amount = Some(max_amount.map_or(m, |x: i64| x.max(m)));
                }
                Some(formula::MaxAmount::PerUnit { .. }) => per_unit = true,
                Some(formula::MaxAmount::Group(_)) | None => {}
            }
        }
    }
    if per_unit {
        max_amount = None;
    }
    for t in in_force_terms(program, as_of) {
        rates.extend(formula::rates(&t.formula));
        for fig in formula::figures(t) {
            if lowest.is_none_or(|l| confidence_rank(fig.confidence) < confidence_rank(l)) {
                lowest = Some(fig.confidence);
            }
        }
    }
    rates.sort_by(rate_cmp);
    ProgramSummary {
        program_id: def.id.to_string(),
        name: (&def.name).into(),
        authority: (&def.authority).into(),
        categories: def
            .categories
            .iter()
            .map(|c| CategoryV(c.as_str()))
            .collect(),
        facility_types: def
            .facility_types
            .iter()
            .map(|f| FacilityTypeV(f.as_str()))
            .collect(),
        prefectures: def
            .prefectures
            .as_ref()
            .map(|v| v.iter().map(|s| s.to_string()).collect()),
        status: WindowStatusV(status.as_str()),
        status_reason: status_reason.into(),
        sources_checked_through: program
            .sources_checked_through(catalog)
            .map(|d| d.to_string()),
        max_amount_yen: max_amount,
        rate_min: rates.first().copied().map(Into::into),
        rate_max: rates.last().copied().map(Into::into),
        next_deadline: next_deadline.map(|d| d.to_string()),
        confidence: lowest.map(|c| ConfidenceV(c.as_str())),
        frames: program.frames.len(),
        not_in_article: def.not_in_article,
        successor: def.successor.as_deref().map(str::to_string),
        predecessor: def.predecessor.as_deref().map(str::to_string),
    }
}

/// Search the catalog.
///
/// Programs whose frames match the filters, with their status and largest amount at `as_of`.
/// National programs always match a `prefecture` filter.
#[utoipa::path(
    get,
    path = "/programs",
    operation_id = "listPrograms",
    tag = "catalog",
    params(
        ("q" = Option<String>, Query, description = "Free text in Japanese or English (names, summaries, frame names); words are ANDed.", max_length = 500, example = "電子処方箋"),
        ("category" = Option<CategoryV>, Query, description = "Program category."),
        ("facility_type" = Option<FacilityTypeV>, Query, description = "Programs open to this facility type."),
        ("prefecture" = Option<PrefectureInputV>, Query, description = "Programs available in this prefecture (code or name); national programs always match."),
        ("status" = Option<WindowStatusV>, Query, description = "Program status at `as_of`."),
        ("as_of" = Option<String>, Query, description = "Date to evaluate (YYYY-MM-DD, Japan time); default today.", format = Date, example = "2025-12-25"),
        ("limit" = Option<i64>, Query, description = "Page size, 1–100 (default 20).", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the previous page.", max_length = 20, pattern = "^o[0-9]{1,9}$"),
    ),
    responses(
        (status = 200, description = "A page of programs", body = ProgramList),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Invalid query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programs")]
pub async fn list_programs(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    // Answered from the edition's stored answers after the first request with this query.
    let today = (state.today)();
    stored_json(&req, &catalog, today, || {
        let query = Query::parse(&req, LIST_PARAMETERS)?;
        let as_of = query.as_of(today)?;
        Ok((as_of, list(&state, &catalog, &query)?))
    })
}

/// The parameters of `GET /v1/programs`.
pub const LIST_PARAMETERS: &[&str] = &[
    "q",
    "category",
    "facility_type",
    "prefecture",
    "status",
    "as_of",
    "limit",
    "cursor",
];

/// One page of the catalog search for validated parameters (shared by the route and the MCP
/// tool `search_programs`).
pub fn list(state: &AppState, catalog: &Catalog, query: &Query) -> Result<ProgramList, ApiError> {
    let as_of = query.as_of((state.today)())?;
    let q = query.text("q")?;
    let category = query
        .choice(
            "category",
            &names(vocab::Category::ALL, vocab::Category::as_str),
        )?
        .and_then(vocab::Category::parse);
    let facility_type = facility_type_param(query)?;
    let prefecture = prefecture_param(query)?;
    let status = query
        .choice(
            "status",
            &WindowStatus::ALL
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>(),
        )?
        .and_then(WindowStatus::parse);
    let limit = query.int("limit", 1, 100, 20)? as usize;
    let offset = query.cursor()?;
    let matched = filter(
        catalog,
        as_of,
        q,
        category,
        facility_type,
        prefecture,
        status,
    );
    let total = matched.len();
    let items: Vec<ProgramSummary> = matched
        .iter()
        .skip(offset)
        .take(limit)
        .map(|p| summary(catalog, p, as_of))
        .collect();
    let next_cursor = (offset + limit < total).then(|| encode_cursor(offset + limit));
    Ok(ProgramList {
        catalog: CatalogRef::of(catalog),
        as_of: as_of.to_string(),
        total,
        items,
        next_cursor,
    })
}

fn criterion_desc(
    id: CriterionId,
    c: &crate::engine::catalog::Criterion,
    as_of: NaiveDate,
) -> CriterionDesc {
    let (o, text) = criteria::describe(c, as_of);
    CriterionDesc {
        id: id.render(o.code),
        code: ReasonCodeV(o.code),
        text: text.into(),
        threshold: o.threshold.map(|t| ThresholdDto {
            op: OpV(t.op.as_str()),
            value: t.value,
        }),
    }
}

fn term_dto(t: &Term, in_force: bool, as_of: NaiveDate) -> TermDto {
    TermDto {
        from: t.from.0.to_string(),
        until: t.until.map(|d| d.0.to_string()),
        prefectures: t
            .prefectures
            .as_ref()
            .map(|v| v.iter().map(|s| s.to_string()).collect()),
        in_force,
        formula_kind: formula::kind_name(&t.formula).to_string(),
        formula: formula::formula_text(&t.formula).into(),
        figures: formula::figures(t).into_iter().map(Into::into).collect(),
        source: t.source.to_string(),
        confidence: ConfidenceV(t.confidence.as_str()),
        verified: t.confidence.verified(),
        derived: t.derived,
        interpretations: t
            .interpretations
            .iter()
            .map(|i| InterpretationV(i.as_str()))
            .collect(),
        note: t.note.as_ref().map(Into::into),
        criteria: t
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| criterion_desc(CriterionId::Term(i), c, as_of))
            .collect(),
        spend_period: t.spend_period.map(|p| PeriodDto {
            from: p.from.0.to_string(),
            until: p.until.0.to_string(),
        }),
    }
}

fn note_dto(n: &crate::engine::catalog::Note) -> NoteDto {
    NoteDto {
        text: crate::http::problem::LocalizedText {
            ja: n.ja.to_string(),
            en: n.en.to_string(),
        },
        discrepancy: n.discrepancy.as_deref().map(str::to_string),
        article: n.article.as_deref().map(str::to_string),
        source: n.source.as_deref().map(str::to_string),
    }
}

fn frame_detail(
    catalog: &Catalog,
    program: &Program,
    frame: &Frame,
    as_of: NaiveDate,
) -> FrameDetail {
    let (term, in_force) = term_for(frame, as_of, None);
    let in_force_terms: Vec<&Term> = frame.terms_at(as_of, None).collect();
    let criteria = criteria_of(program, frame, None)
        .map(|(id, c)| criterion_desc(id, c, as_of))
        .collect();
    let mut terms: Vec<&Term> = frame.terms().iter().collect();
    terms.sort_by_key(|t| t.from.0);
    FrameDetail {
        frame_id: frame.def.id.to_string(),
        name: (&frame.def.name).into(),
        description: frame.def.description.as_ref().map(Into::into),
        timing: TimingV(
            frame
                .def
                .timing
                .or(program.def.timing)
                .unwrap_or(Timing::ApprovalFirst)
                .as_str(),
        ),
        after: frame.def.after.to_string(),
        recurring: frame.def.recurring,
        expense_categories: frame
            .def
            .expense_categories
            .iter()
            .map(|c| ExpenseCategoryV(c.as_str()))
            .collect(),
        unpriced_costs: frame
            .def
            .unpriced
            .iter()
            .map(|u| UnpricedCostDto {
                category: ExpenseCategoryV(u.category.as_str()),
                max_yen: u.max.map(|m| m.yen),
            })
            .collect(),
        criteria,
        max_amount: term
            .filter(|_| in_force)
            .and_then(|t| formula::frame_max(&frame.def, &t.formula))
            .map(|m| match m {
                formula::MaxAmount::Facility(yen) => MaxAmountDto {
                    yen,
                    per: "facility".to_string(),
                },
                formula::MaxAmount::Group(yen) => MaxAmountDto {
                    yen,
                    per: "group".to_string(),
                },
                formula::MaxAmount::PerUnit { yen, per } => MaxAmountDto {
                    yen,
                    per: per.as_str().to_string(),
                },
            }),
        window: WindowStatusDto::of(
            catalog,
            &window::status_at(frame, as_of, None),
            as_of,
            program.sources_checked_through(catalog),
        ),
        windows: frame.windows().iter().map(WindowDto::from).collect(),
        in_force: if in_force {
            term.map(|t| term_dto(t, true, as_of))
        } else {
            None
        },
        terms: terms
            .into_iter()
            .map(|t| term_dto(t, in_force_terms.iter().any(|x| std::ptr::eq(*x, t)), as_of))
            .collect(),
        notes: frame.def.notes.iter().map(note_dto).collect(),
    }
}

/// The detail of a program at a date.
pub fn detail(catalog: &Catalog, program: &Program, as_of: NaiveDate) -> ProgramDetail {
    let def = &program.def;
    let windows: Vec<_> = program
        .frames
        .iter()
        .map(|f| window::status_at(f, as_of, None))
        .collect();
    let refs: Vec<_> = windows.iter().collect();
    let (status, status_reason) = window::program_status(catalog, program, &refs, as_of);
    ProgramDetail {
        catalog: CatalogRef::of(catalog),
        as_of: as_of.to_string(),
        program_id: def.id.to_string(),
        name: (&def.name).into(),
        authority: (&def.authority).into(),
        summary: (&def.summary).into(),
        categories: def
            .categories
            .iter()
            .map(|c| CategoryV(c.as_str()))
            .collect(),
        facility_types: def
            .facility_types
            .iter()
            .map(|f| FacilityTypeV(f.as_str()))
            .collect(),
        prefectures: def
            .prefectures
            .as_ref()
            .map(|v| v.iter().map(|s| s.to_string()).collect()),
        timing: TimingV(def.timing.unwrap_or(Timing::ApprovalFirst).as_str()),
        status: WindowStatusV(status.as_str()),
        status_reason: status_reason.into(),
        sources_checked_through: program
            .sources_checked_through(catalog)
            .map(|d| d.to_string()),
        warnings: crate::engine::eligibility::sources_outdated(catalog, program, as_of)
            .iter()
            .map(Into::into)
            .collect(),
        predecessor: def.predecessor.as_deref().map(str::to_string),
        successor: def.successor.as_deref().map(str::to_string),
        not_in_article: def.not_in_article,
        prerequisites: def
            .prerequisites
            .iter()
            .map(|p| PrerequisiteDesc {
                system: SystemV(p.system.as_str()),
                program_id: p.program_id.to_string(),
                order: p.order,
                accepts_intention: p.accepts_intention,
                source: p.source.to_string(),
            })
            .collect(),
        preparation: def
            .preparation
            .iter()
            .map(|p| PreparationDesc {
                item: PreparationItemV(p.item.as_str()),
                label: p.item.label().into(),
                lead_time_days: p.lead_time_days,
                note: p.note.as_ref().map(Into::into),
            })
            .collect(),
        notes: def.notes.iter().map(note_dto).collect(),
        sources: def
            .sources
            .iter()
            .map(|s| SourceDto {
                id: s.id.to_string(),
                title: s.title.to_string(),
                url: s.url.to_string(),
                retrieved: s.retrieved.0.to_string(),
            })
            .collect(),
        frames: program
            .frames
            .iter()
            .map(|f| frame_detail(catalog, program, f, as_of))
            .collect(),
    }
}

/// One program.
///
/// Frames with their criteria, the formula in words, the figures in force at `as_of` and their
/// history, the window per frame, prerequisites, preparation, sources, confidence and notes.
#[utoipa::path(
    get,
    path = "/programs/{program_id}",
    operation_id = "getProgram",
    tag = "catalog",
    params(
        ("program_id" = String, Path, description = "Program id.", max_length = 100, example = "denshi-karte-kyoyu"),
        ("as_of" = Option<String>, Query, description = "Date to evaluate (YYYY-MM-DD, Japan time); default today.", format = Date, example = "2025-12-25"),
    ),
    responses(
        (status = 200, description = "The program", body = ProgramDetail),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Invalid query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown program", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programs/{program_id}")]
pub async fn get_program(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let today = (state.today)();
    stored_json(&req, &catalog, today, || {
        let query = Query::parse(&req, &["as_of"])?;
        let as_of = query.as_of(today)?;
        Ok((as_of, get(&catalog, &id, as_of)?))
    })
}

/// One program at a date (shared by the route and the MCP tool `get_program`).
pub fn get(catalog: &Catalog, id: &str, as_of: NaiveDate) -> Result<ProgramDetail, ApiError> {
    let program = catalog.program(id).ok_or_else(|| program_not_found(id))?;
    Ok(detail(catalog, program, as_of))
}
