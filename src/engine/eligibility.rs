//! Eligibility: for a facility at a date, each program's frames criterion by criterion.
//!
//! A frame is eligible when all its criteria are met, not eligible when one is not met, and
//! undetermined otherwise; a program takes the best of its frames. Preparation items are listed
//! and never change a verdict.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::calc;
use super::catalog::raw::{RawCriterion, RawTerm};
use super::catalog::{Catalog, Frame, Program};
use super::criteria::{self, Ctx, Outcome, Tri};
use super::facility::{Facility, SecurityAction};
use super::input_key::{FacilityField, InputKey};
use super::text::{DateText, Text};
use super::vocab::{FacilityType, NumberField, PreparationItem, System};
use super::window::{WindowAt, WindowStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Eligible,
    Undetermined,
    NotEligible,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Eligible => "eligible",
            Verdict::Undetermined => "undetermined",
            Verdict::NotEligible => "not_eligible",
        }
    }
}

/// A criterion with its place in the frame.
#[derive(Debug, Clone)]
pub struct CriterionResult<'a> {
    pub id: CriterionId,
    pub criterion: &'a RawCriterion,
    pub outcome: Outcome,
}

impl CriterionResult<'_> {
    /// The sentence, for the facility and date the criterion was evaluated for.
    pub fn reason(&self, facility: &Facility, as_of: NaiveDate) -> Text {
        criteria::reason(
            self.criterion,
            &Ctx {
                facility,
                as_of,
                lines: None,
            },
        )
    }
}

pub use super::warning::Warning;

#[derive(Debug, Clone)]
pub struct FrameResult<'a> {
    pub frame: &'a Frame,
    pub verdict: Verdict,
    pub criteria: Vec<CriterionResult<'a>>,
    pub window: WindowAt<'a>,
    pub term: Option<&'a RawTerm>,
    pub term_in_force: bool,
    pub max_subsidy_yen: Option<i64>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrereqState {
    Missing,
    Unknown,
}

impl PrereqState {
    pub fn as_str(self) -> &'static str {
        match self {
            PrereqState::Missing => "missing",
            PrereqState::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone)]
pub struct PrereqResult<'a> {
    pub system: System,
    pub program_id: &'a str,
    pub state: PrereqState,
    pub order: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrepState {
    Done,
    NotDone,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct PrepResult<'a> {
    pub item: PreparationItem,
    pub state: PrepState,
    pub lead_time_days: Option<u32>,
    pub note: Option<&'a Text>,
}

#[derive(Debug, Clone)]
pub struct ProgramResult<'a> {
    pub program: &'a Program,
    pub verdict: Verdict,
    pub status: WindowStatus,
    /// Why the program has this status (the deciding frame's window, in words).
    pub status_reason: std::sync::Arc<Text>,
    /// Why each frame's window has its status, in frame order.
    pub window_reasons: std::sync::Arc<[Text]>,
    pub frames: Vec<FrameResult<'a>>,
    pub prerequisites: Vec<PrereqResult<'a>>,
    pub preparation: Vec<PrepResult<'a>>,
    pub warnings: Vec<Warning>,
}

pub use super::dated::term_for;
use super::dated::{FrameDated, ProgramDated};

/// Where a criterion comes from; its id is rendered only when a response shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionId {
    /// The program's facility types or prefectures (`facility_type`, `prefecture`).
    Implicit(&'static str),
    Program(usize),
    Frame(usize),
    Term(usize),
}

impl CriterionId {
    /// Stable id within the frame: `facility_type`, `program.0.beds`, `frame.1.beds`, `term.0.completed_by`.
    pub fn render(self, code: &str) -> String {
        self.with_code(code).to_string()
    }

    /// The id, written where it is displayed.
    pub fn with_code(self, code: &str) -> IdText<'_> {
        IdText { id: self, code }
    }
}

/// A criterion id with its reason code, written on display.
#[derive(Debug, Clone, Copy)]
pub struct IdText<'a> {
    id: CriterionId,
    code: &'a str,
}

impl std::fmt::Display for IdText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (scope, i) = match self.id {
            CriterionId::Implicit(name) => return f.write_str(name),
            CriterionId::Program(i) => ("program.", i),
            CriterionId::Frame(i) => ("frame.", i),
            CriterionId::Term(i) => ("term.", i),
        };
        write!(f, "{scope}{i}.{}", self.code)
    }
}

/// Program, frame and term criteria with their ids, implicit ones first.
pub fn criteria_of<'a>(
    program: &'a Program,
    frame: &'a Frame,
    term: Option<&'a RawTerm>,
) -> impl Iterator<Item = (CriterionId, &'a RawCriterion)> + 'a {
    frame
        .implicit_criteria
        .iter()
        .map(|(name, c)| (CriterionId::Implicit(name), c))
        .chain(
            program
                .def
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (CriterionId::Program(i), c)),
        )
        .chain(
            frame
                .def
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (CriterionId::Frame(i), c)),
        )
        .chain(term.into_iter().flat_map(|t| {
            t.criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (CriterionId::Term(i), c))
        }))
}

/// Evaluates one frame.
pub fn evaluate_frame<'a>(
    catalog: &Catalog,
    program: &'a Program,
    frame: &'a Frame,
    facility: &Facility,
    as_of: NaiveDate,
    explain: bool,
) -> FrameResult<'a> {
    let dated = FrameDated::of(frame, as_of, facility.prefecture);
    evaluate_frame_dated(catalog, program, frame, &dated, facility, as_of, explain)
}

/// Evaluates one frame whose view at `as_of` for the facility's prefecture is `dated`.
pub fn evaluate_frame_dated<'a>(
    catalog: &Catalog,
    program: &'a Program,
    frame: &'a Frame,
    dated: &FrameDated,
    facility: &Facility,
    as_of: NaiveDate,
    explain: bool,
) -> FrameResult<'a> {
    let (term, in_force) = (dated.term(frame), dated.term_in_force);
    let ctx = Ctx {
        facility,
        as_of,
        lines: None,
    };
    let mut verdict = Tri::Met;
    let mut results = Vec::with_capacity(if explain {
        frame.implicit_criteria.len()
            + program.def.criteria.len()
            + frame.def.criteria.len()
            + term.map_or(0, |t| t.criteria.len())
            + 1
    } else {
        0
    });
    // Where the figures in force belong to some prefectures only, the facility's prefecture
    // decides whether they are its figures (unknown prefecture or another one: unknown).
    let local = frame.local_criterion_at(as_of);
    let local_verdict = local.map(|c| criteria::decide(c, &ctx));
    let local_iter = local.map(|c| (CriterionId::Implicit("prefecture"), c));
    for (id, c) in criteria_of(program, frame, term).chain(local_iter) {
        let decided = criteria::decide(c, &ctx);
        verdict = verdict.and(decided);
        // Without the reasons, only unknown criteria are kept (they name the missing inputs).
        if explain || decided == Tri::Unknown {
            results.push(CriterionResult {
                id,
                criterion: c,
                outcome: criteria::outcome(c, &ctx),
            });
        }
    }
    let mut warnings = Vec::new();
    // Frame warnings are part of full answers only.
    // A term of another prefecture is in force: the figures are not known here (not a gap in time).
    let other_prefecture = !in_force && local_verdict.is_some();
    if other_prefecture && explain {
        warnings.push(Warning::new(
            "prefecture_not_covered",
            Text::new(
                "この都道府県の数値はカタログにありません (掲載は他の都道府県の数値のみ)",
                "the catalog has figures of other prefectures only, not this one's",
            ),
        ));
    }
    if !in_force && !other_prefecture && explain {
        warnings.push(Warning::new(
            "no_term_in_force",
            Text::new(
                format!(
                    "{} 時点で有効な条件・金額がありません。直近の条件で判定しました",
                    DateText(as_of)
                ),
                format!(
                    "no term is in force at {}; the last known terms were used",
                    DateText(as_of)
                ),
            ),
        ));
    }
    // The maximum is only worth computing where the facility may get something, and only in
    // full answers (a summary is verdicts and missing inputs).
    let max_subsidy_yen = if explain
        && in_force
        && verdict != Tri::NotMet
        && local_verdict.is_none_or(|v| v == Tri::Met)
    {
        term.and_then(|t| calc::max_subsidy(program, frame, t, facility, as_of))
    } else {
        None
    };
    let verdict = match verdict {
        Tri::Met => Verdict::Eligible,
        Tri::NotMet => Verdict::NotEligible,
        Tri::Unknown => Verdict::Undetermined,
    };
    let _ = catalog;
    FrameResult {
        frame,
        verdict,
        criteria: results,
        window: dated.window(frame),
        term,
        term_in_force: in_force,
        max_subsidy_yen,
        warnings,
    }
}

fn prereqs<'a>(program: &'a Program, facility: &Facility) -> Vec<PrereqResult<'a>> {
    let mut out = Vec::new();
    for p in &program.def.prerequisites {
        let has = facility.has_system(p.system);
        let intends = facility.intends_system(p.system);
        let state = match (has, intends) {
            (Some(true), _) => None,
            (_, Some(true)) if p.accepts_intention => None,
            (None, _) => Some(PrereqState::Unknown),
            (Some(false), None) if p.accepts_intention => Some(PrereqState::Unknown),
            (Some(false), _) => Some(PrereqState::Missing),
        };
        if let Some(state) = state {
            out.push(PrereqResult {
                system: p.system,
                program_id: &p.program_id,
                state,
                order: p.order,
            });
        }
    }
    out.sort_by_key(|p| p.order);
    out
}

fn preparation<'a>(program: &'a Program, facility: &Facility) -> Vec<PrepResult<'a>> {
    let prep = facility.preparation.as_ref();
    program
        .def
        .preparation
        .iter()
        .map(|p| {
            let done = prep.and_then(|x| match p.item {
                PreparationItem::GbizidPrime => x.gbizid_prime,
                PreparationItem::SecurityAction => {
                    x.security_action.map(|s| s != SecurityAction::None)
                }
                PreparationItem::ItSupportVendor => x.it_support_vendor,
                PreparationItem::LaborInsurance => x.labor_insurance,
                PreparationItem::AnnualLeaveRules => x.annual_leave_rules,
                PreparationItem::Article36Agreement => x.article36_agreement,
                PreparationItem::PortalAccount => x.portal_account,
                PreparationItem::BusinessPlan | PreparationItem::IntentSurvey => None,
            });
            PrepResult {
                item: p.item,
                state: match done {
                    Some(true) => PrepState::Done,
                    Some(false) => PrepState::NotDone,
                    None => PrepState::Unknown,
                },
                lead_time_days: p.lead_time_days,
                note: p.note.as_ref(),
            }
        })
        .collect()
}

/// Warnings that concern the whole request.
pub fn request_warnings(catalog: &Catalog, facility: &Facility, as_of: NaiveDate) -> Vec<Warning> {
    let mut out = Vec::new();
    if (as_of - catalog.verified_on).num_days() > 180 {
        out.push(Warning::new(
            "catalog_outdated",
            Text::new(
                format!(
                    "カタログの数値は {} に確認したものです。{} 時点では古い可能性があります",
                    catalog.verified_on, as_of
                ),
                format!(
                    "the catalog was last verified on {}; figures may be outdated at {as_of}",
                    catalog.verified_on
                ),
            ),
        ));
    }
    for (code, ja, en) in facility.oddities(as_of) {
        out.push(Warning::new(code, Text::new(ja, en)));
    }
    let beds = facility.beds_value();
    match (facility.facility_type, beds) {
        (Some(FacilityType::Hospital), Some(b)) if b < 20 => out.push(Warning::new(
            "profile_inconsistent",
            Text::new(
                format!("病院は20床以上の施設です (入力: {b}床)"),
                format!("a hospital has 20 or more beds (input: {b})"),
            ),
        )),
        (Some(FacilityType::MedicalClinic | FacilityType::DentalClinic), Some(b)) if b > 19 => out
            .push(Warning::new(
                "profile_inconsistent",
                Text::new(
                    format!("診療所は19床以下の施設です (入力: {b}床)"),
                    format!("a clinic has 19 beds or fewer (input: {b})"),
                ),
            )),
        _ => {}
    }
    out
}

/// The warning for an answer at a date past the program's public sources: its figures and
/// windows are those confirmed up to then; the official page says what holds now.
pub fn sources_outdated(catalog: &Catalog, program: &Program, as_of: NaiveDate) -> Option<Warning> {
    let through = program.sources_checked_through(catalog)?;
    if as_of <= through {
        return None;
    }
    let url = program.official_url().unwrap_or_default();
    let month = |d: NaiveDate| {
        format!(
            "{}-{:02}",
            chrono::Datelike::year(&d),
            chrono::Datelike::month(&d)
        )
    };
    Some(Warning::new("sources_outdated", Text::new(
            format!(
                "{}の数値・受付は {} までの公表資料で確認したものです。公式ページで現在の内容を確認してください: {url}",
                program.def.name.ja,
                month(through)
            ),
            format!(
                "{}: figures and windows confirmed to {}; check the official page: {url}",
                program.def.name.en,
                month(through)
            ),
        )))
}

/// Evaluates one program.
pub fn evaluate_program<'a>(
    catalog: &Catalog,
    program: &'a Program,
    facility: &Facility,
    as_of: NaiveDate,
    explain: bool,
) -> ProgramResult<'a> {
    let dated = ProgramDated::of(catalog, program, as_of, facility.prefecture);
    evaluate_program_dated(catalog, program, &dated, facility, as_of, explain)
}

/// Evaluates one program whose view at `as_of` for the facility's prefecture is `dated` (see
/// `engine::dated`: callers that evaluate many facilities at one date share it).
pub fn evaluate_program_dated<'a>(
    catalog: &Catalog,
    program: &'a Program,
    dated: &ProgramDated,
    facility: &Facility,
    as_of: NaiveDate,
    explain: bool,
) -> ProgramResult<'a> {
    let frames: Vec<FrameResult> = program
        .frames
        .iter()
        .zip(&dated.frames)
        .map(|(f, d)| evaluate_frame_dated(catalog, program, f, d, facility, as_of, explain))
        .collect();
    // Frames not started at as_of do not decide the program unless nothing else does.
    let any_started = frames.iter().any(|f| !f.window.not_started);
    let verdict = frames
        .iter()
        .filter(|f| !any_started || !f.window.not_started)
        .map(|f| f.verdict)
        .min()
        .unwrap_or(Verdict::NotEligible);
    let (status, status_reason) = (dated.status, dated.status_reason.clone());
    let mut warnings = Vec::new();
    if let Some(w) = sources_outdated(catalog, program, as_of) {
        warnings.push(w);
    }
    if frames.iter().all(|f| !f.term_in_force) {
        warnings.push(Warning::new(
            "no_term_in_force",
            Text::new(
                format!("{} 時点で有効な条件・金額がありません", DateText(as_of)),
                format!("no term of this program is in force at {}", DateText(as_of)),
            ),
        ));
    }
    ProgramResult {
        program,
        verdict,
        status,
        status_reason,
        window_reasons: dated.window_reasons.clone(),
        prerequisites: prereqs(program, facility),
        // Preparation is part of full answers only.
        preparation: if explain {
            preparation(program, facility)
        } else {
            Vec::new()
        },
        frames,
        warnings,
    }
}

/// Inputs that would settle undetermined frames, most useful first.
#[derive(Debug, Clone)]
pub struct MissingInput {
    pub field: InputKey,
    pub frames: usize,
}

pub fn missing_inputs(results: &[ProgramResult]) -> Vec<MissingInput> {
    let mut counts: BTreeMap<InputKey, usize> = BTreeMap::new();
    for r in results {
        for f in &r.frames {
            if f.verdict != Verdict::Undetermined {
                continue;
            }
            let mut seen: Vec<InputKey> = Vec::new();
            for c in &f.criteria {
                if c.outcome.verdict == Tri::Unknown {
                    for m in &c.outcome.missing {
                        if !seen.contains(m) {
                            seen.push(*m);
                        }
                    }
                }
            }
            for m in seen {
                *counts.entry(m).or_default() += 1;
            }
        }
    }
    let mut out: Vec<MissingInput> = counts
        .into_iter()
        .map(|(field, frames)| MissingInput { field, frames })
        .collect();
    out.sort_by(|a, b| b.frames.cmp(&a.frames).then(a.field.cmp(&b.field)));
    out
}

/// The question to ask for a missing input.
pub fn question(field: InputKey) -> Text {
    let (ja, en) = match field {
        InputKey::Facility(FacilityField::FacilityType) => (
            "施設の種別 (病院・診療所・薬局など) は何ですか",
            "What type of facility is it (hospital, clinic, pharmacy…)?",
        ),
        InputKey::Facility(FacilityField::Number(NumberField::Beds)) => (
            "許可病床数は何床ですか",
            "How many licensed beds does the facility have?",
        ),
        InputKey::Facility(FacilityField::Number(NumberField::BedsInUseMax)) => (
            "最大使用病床数は何床ですか",
            "What is the maximum number of beds in use?",
        ),
        InputKey::Facility(FacilityField::OperatorType) => (
            "開設者の種別 (医療法人・個人・自治体など) は何ですか",
            "Who operates the facility (medical corporation, individual, local government…)?",
        ),
        InputKey::Facility(FacilityField::Number(NumberField::Employees)) => (
            "常時使用する従業員数は何人ですか",
            "How many regular employees are there?",
        ),
        InputKey::Facility(FacilityField::Number(NumberField::CapitalYen)) => ("資本金・出資の額はいくらですか", "What is the capital?"),
        InputKey::Facility(FacilityField::Prefecture) => (
            "所在地の都道府県はどこですか",
            "In which prefecture is the facility?",
        ),
        InputKey::Facility(FacilityField::Introduced) => (
            "導入済みのシステム (オンライン資格確認・電子処方箋など) は何ですか",
            "Which systems are already in operation (online eligibility, e-prescription…)?",
        ),
        InputKey::Facility(FacilityField::Intends) => (
            "導入予定を表明しているシステムはありますか",
            "Which systems has the facility declared it will introduce?",
        ),
        InputKey::Facility(FacilityField::FeeNotifications) => (
            "ベースアップ評価料の届出日 (受理日) はいつですか",
            "When was the base-up evaluation fee notified (date received)?",
        ),
        InputKey::Facility(FacilityField::FeePledges) => (
            "ベースアップ評価料を期限までに届け出る誓約をしていますか (誓約した届出期限)",
            "Has the facility pledged to notify the base-up evaluation fee, and by when?",
        ),
        InputKey::Facility(FacilityField::Designations) => (
            "受けている指定 (へき地医療拠点病院・特定労務管理対象機関など) はありますか",
            "Which designations does the facility hold?",
        ),
        InputKey::Facility(FacilityField::Services) => (
            "訪問診療やオンライン診療を実施していますか",
            "Does the facility provide home visits or online consultations?",
        ),
        InputKey::Facility(FacilityField::LargeChainPharmacy) => (
            "グループで月4万回以上の処方箋を受け付けていますか",
            "Does the pharmacy group receive 40,000+ prescriptions a month?",
        ),
        InputKey::Facility(FacilityField::PreviousGrants) => (
            "過去に受けた補助金 (制度・年度) はありますか",
            "Which grants has the facility received before (program, year)?",
        ),
        InputKey::Facility(FacilityField::CompletedOn) => (
            "導入完了日 (予定) はいつですか",
            "When is (or was) the introduction completed?",
        ),
        InputKey::Facility(FacilityField::ContractedOn) => (
            "契約・発注日はいつですか",
            "When was the contract or order signed?",
        ),
        InputKey::Facility(FacilityField::IncidentKind) => ("被害の種類は何ですか", "What kind of incident occurred?"),
        InputKey::Facility(FacilityField::IncidentOccurredOn) => {
            ("被害はいつ発生しましたか", "When did the incident occur?")
        }
        InputKey::Facility(FacilityField::MinWageNear) => (
            "最低賃金近傍の従業員の割合と期間、その基準 (basis) は",
            "What share of staff is paid near the minimum wage, for how long, and on which test (basis)?",
        ),
        InputKey::Facility(FacilityField::WorkStyleGoals) => (
            "達成した成果目標は何ですか",
            "Which work-style goals were achieved?",
        ),
        InputKey::GoalCap(_) => (
            "この成果目標の上限額 (cap_yen) はいくらですか",
            "What is the cap (cap_yen) of this work-style goal?",
        ),
        InputKey::Facility(FacilityField::Number(n)) => {
            let l = n.label();
            return Text::new(
                format!("{}を入力してください", l.ja),
                format!("What is the {}?", l.en),
            );
        }
        InputKey::Expenses(_) => ("この項目を入力してください", "Please provide this input."),
    };
    Text::new(ja, en)
}
