//! The dated roadmap, grouped by fiscal year (年度, April–March): preparation first, then system
//! introductions in the national order, purchases and applications in the order their timing
//! requires (approval-first: apply, 交付決定, then contract; after-completion: complete, pay, apply).

use chrono::{Days, NaiveDate};

use super::model::Problem;
pub use super::types::StepKind;
use super::{Application, Assignment, FiscalYear, FrameRef, Step};
use crate::engine::date::fiscal_year;
use crate::engine::eligibility::Warning;
use crate::engine::facility::SecurityAction;
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{PreparationItem, System, Timing};

/// Position of a system in the national roadmap (1 オン資 → 2 電子処方箋 → 3 電子カルテ共有).
pub fn system_order(s: System) -> u8 {
    match s {
        System::OnlineEligibility => 1,
        System::EPrescription => 2,
        System::EhrSharing => 3,
        System::Ehr | System::HealthCheckupSystem => 4,
    }
}

fn done(problem: &Problem, item: PreparationItem) -> bool {
    let Some(p) = problem.facility.preparation.as_ref() else {
        return false;
    };
    match item {
        PreparationItem::GbizidPrime => p.gbizid_prime == Some(true),
        PreparationItem::SecurityAction => {
            p.security_action.is_some_and(|s| s != SecurityAction::None)
        }
        PreparationItem::ItSupportVendor => p.it_support_vendor == Some(true),
        PreparationItem::LaborInsurance => p.labor_insurance == Some(true),
        PreparationItem::AnnualLeaveRules => p.annual_leave_rules == Some(true),
        PreparationItem::Article36Agreement => p.article36_agreement == Some(true),
        PreparationItem::PortalAccount => p.portal_account == Some(true),
        PreparationItem::BusinessPlan | PreparationItem::IntentSurvey => false,
    }
}

/// The last day an application can be filed in the window it uses.
fn deadline(app: &Application) -> Option<NaiveDate> {
    app.window.window.and_then(|w| w.closes).map(|d| d.0)
}

fn name(r: FrameRef) -> (String, String) {
    (
        format!("{} {}", r.program.def.name.ja, r.frame.def.name.ja),
        format!("{} — {}", r.program.def.name.en, r.frame.def.name.en),
    )
}

fn preparation_steps<'a>(
    problem: &Problem<'a>,
    applications: &[Application<'a>],
    warnings: &mut Vec<Warning>,
) -> Vec<Step<'a>> {
    let mut items: Vec<(PreparationItem, Option<u32>, Vec<&Application<'a>>)> = Vec::new();
    for app in applications {
        for p in &app.frame.program.def.preparation {
            match items.iter_mut().find(|x| x.0 == p.item) {
                Some(x) => {
                    x.1 = x.1.max(p.lead_time_days);
                    x.2.push(app);
                }
                None => items.push((p.item, p.lead_time_days, vec![app])),
            }
        }
    }
    let mut out = Vec::new();
    for (item, lead, apps) in items {
        if done(problem, item) {
            continue;
        }
        let first_application = apps.iter().map(|a| a.applied_on).min();
        let earliest_deadline = apps.iter().filter_map(|a| deadline(a)).min();
        let due = earliest_deadline.or(first_application);
        let due_by = match (due, lead) {
            (Some(d), Some(days)) => d.checked_sub_days(Days::new(days as u64)),
            (d, _) => d,
        };
        let label = item.label();
        let programs = {
            let mut v: Vec<String> = apps
                .iter()
                .map(|a| a.frame.program.def.name.ja.to_string())
                .collect();
            v.dedup();
            v.join("・")
        };
        let mut notes = Vec::new();
        if let Some(days) = lead {
            notes.push(Text::new(
                format!("発行・準備に約{days}日かかります。最も早い締切から逆算した開始日です"),
                format!("takes about {days} days; the start-by date counts back from the earliest deadline"),
            ));
        }
        match item {
            PreparationItem::SecurityAction => notes.push(Text::new(
                "IPA のサイトでオンライン・即日で宣言できます (IT導入補助金の必須要件)",
                "declared online on the IPA site the same day (required for the IT introduction subsidy)",
            )),
            PreparationItem::ItSupportVendor => notes.push(Text::new(
                "IT導入補助金は登録された IT導入支援事業者との共同申請です。申請前に選定してください",
                "the IT introduction subsidy is a joint application with a registered IT support vendor: choose one before applying",
            )),
            _ => {}
        }
        if let Some(d) = due_by {
            if d < problem.as_of {
                warnings.push(Warning::new(
                    "preparation_late",
                    Text::new(
                        format!(
                            "{}: 開始期限 {d} を過ぎています。すぐに着手してください",
                            label.ja
                        ),
                        format!("{}: the start-by date {d} has passed; start now", label.en),
                    ),
                ));
            }
        }
        out.push(Step {
            on: problem.as_of,
            kind: StepKind::Preparation,
            title: Text::new(
                format!("準備: {} ({programs})", label.ja),
                format!("Prepare: {}", label.en),
            ),
            notes,
            frame: None,
            purchases: Vec::new(),
            system: None,
            due_by,
            window: None,
        });
    }
    out
}

fn application_step<'a>(problem: &Problem<'a>, app: &Application<'a>) -> Step<'a> {
    let (nj, ne) = name(app.frame);
    let mut notes = Vec::new();
    match app.frame.timing() {
        Timing::ApprovalFirst => notes.push(Text::new(
            "交付決定を受けてから契約・発注してください (決定前の契約は対象外)",
            "contract or order only after the grant decision (交付決定); earlier contracts are not covered",
        )),
        Timing::AfterCompletion => notes.push(Text::new(
            "導入完了・支払後に申請します。領収書と内訳書 (写し) を保管してください",
            "apply after completion and payment; keep the receipts (領収書) and the itemised breakdown (内訳書)",
        )),
    }
    if let Some(base) = app.stacked_on {
        let (bj, be) = name(base);
        notes.push(Text::new(
            format!("{bj} の交付決定の後に、同じ経費への上乗せとして申請します"),
            format!("a top-up on the same costs, filed after the grant decision of {be}"),
        ));
    }
    let deadline_text = match deadline(app) {
        Some(d) => (format!("締切 {d}"), format!("deadline {d}")),
        None => (
            "締切は未公表".to_string(),
            "deadline not published".to_string(),
        ),
    };
    let status = app.window.status.as_str();
    Step {
        on: app.applied_on,
        kind: StepKind::Application,
        title: Text::new(
            format!(
                "申請: {nj} (補助額 {}円、{}; {} 時点の受付状況: {status})",
                yen(app.subsidy_yen),
                deadline_text.0,
                problem.as_of
            ),
            format!(
                "Apply: {ne} (subsidy ¥{}, {}; window at {}: {status})",
                yen(app.subsidy_yen),
                deadline_text.1,
                problem.as_of
            ),
        ),
        notes,
        frame: Some(app.frame),
        purchases: app.purchases.clone(),
        system: None,
        due_by: deadline(app),
        window: Some(app.window.clone()),
    }
}

fn purchase_step<'a>(
    problem: &Problem<'a>,
    a: &Assignment<'a>,
    funded_by: Option<&Application<'a>>,
) -> Step<'a> {
    let p = &problem.purchases[a.purchase];
    let id: String = p.id.chars().take(100).collect();
    let mut notes = Vec::new();
    if let Some(app) = funded_by {
        if app.frame.timing() == Timing::ApprovalFirst {
            notes.push(Text::new(
                "契約・発注は交付決定の後",
                "contract only after the grant decision",
            ));
        }
    }
    let (kind, title) = match p.introduces {
        Some(s) => {
            let l = s.label();
            (
                StepKind::IntroduceSystem,
                Text::new(
                    format!("導入: {} ({id}, {}円)", l.ja, yen(p.amount_yen)),
                    format!("Introduce {} ({id}, ¥{})", l.en, yen(p.amount_yen)),
                ),
            )
        }
        None => {
            let l = p.category.label();
            (
                StepKind::Purchase,
                Text::new(
                    format!("購入: {id} ({}, {}円)", l.ja, yen(p.amount_yen)),
                    format!("Purchase {id} ({}, ¥{})", l.en, yen(p.amount_yen)),
                ),
            )
        }
    };
    Step {
        on: a.planned_on,
        kind,
        title,
        notes,
        frame: a.frame,
        purchases: vec![a.purchase],
        system: p.introduces,
        due_by: p.latest_on,
        window: None,
    }
}

/// Sort key: date, then phase (preparation; approval-first applications before their contracts;
/// introductions in roadmap order; after-completion applications last), then ids.
fn phase(s: &Step) -> (u8, u8) {
    match s.kind {
        StepKind::Preparation => (0, 0),
        StepKind::Application if s.frame.is_some_and(|f| f.timing() == Timing::ApprovalFirst) => {
            (1, 0)
        }
        StepKind::IntroduceSystem => (2, s.system.map_or(9, system_order)),
        StepKind::Purchase => (3, 0),
        StepKind::Application => (4, 0),
    }
}

pub fn build<'a>(
    problem: &Problem<'a>,
    applications: &[Application<'a>],
    assignments: &[Assignment<'a>],
    warnings: &mut Vec<Warning>,
) -> Vec<FiscalYear<'a>> {
    let mut steps = preparation_steps(problem, applications, warnings);
    for a in assignments {
        let app = applications
            .iter()
            .find(|x| x.stacked_on.is_none() && x.purchases.contains(&a.purchase));
        steps.push(purchase_step(problem, a, app));
    }
    for app in applications {
        steps.push(application_step(problem, app));
    }
    steps.sort_by(|a, b| {
        a.on.cmp(&b.on)
            .then(phase(a).cmp(&phase(b)))
            .then(a.stacked_first_key().cmp(&b.stacked_first_key()))
            .then(a.purchases.cmp(&b.purchases))
    });
    let mut years: Vec<FiscalYear<'a>> = Vec::new();
    for s in steps {
        let y = fiscal_year(s.on);
        match years.last_mut() {
            Some(fy) if fy.year == y => fy.steps.push(s),
            _ => years.push(FiscalYear {
                year: y,
                steps: vec![s],
            }),
        }
    }
    years
}

impl Step<'_> {
    /// Base applications before the top-ups stacked on them, on the same day.
    fn stacked_first_key(&self) -> u8 {
        match self.notes.len() {
            n if self.kind == StepKind::Application && n > 1 => 1,
            _ => 0,
        }
    }
}
