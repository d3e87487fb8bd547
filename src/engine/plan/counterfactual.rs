//! For each frame that could fund a purchase but that the facility does not qualify for: the
//! smallest change that would make it qualify, whether the facility can make it, and how much more
//! the best plan would pay with it (the plan solved again with the change made).

use std::collections::HashMap;

use super::model::{Diag, Problem};
use super::solve::{self, Solution};
use super::{Change, ChangeItem, Counterfactual, Request};
use crate::engine::catalog::raw::RawCriterion;
use crate::engine::catalog::Catalog;
use crate::engine::criteria::{self, Ctx, Tri};
use crate::engine::eligibility::{self, question};
use crate::engine::facility::{Facility, FeeNotification};
use crate::engine::text::Text;

fn fact(code: &'static str, reason: &Text) -> ChangeItem {
    ChangeItem {
        change: Change::Fact(code),
        actionable: false,
        text: reason.clone(),
    }
}

fn changes_for(c: &RawCriterion, ctx: &Ctx) -> Vec<ChangeItem> {
    let o = criteria::outcome(c, ctx);
    match o.verdict {
        Tri::Met => Vec::new(),
        Tri::Unknown => o
            .missing
            .iter()
            .map(|m| ChangeItem {
                change: Change::ProvideInput(*m),
                actionable: true,
                text: {
                    let q = question(*m);
                    Text::new(format!("入力: {}", q.ja), format!("Answer: {}", q.en))
                },
            })
            .collect(),
        Tri::NotMet => match c {
            RawCriterion::System {
                system,
                accepts_intention,
            } => {
                let l = system.label();
                vec![if *accepts_intention {
                    ChangeItem {
                        change: Change::DeclareIntention(*system),
                        actionable: true,
                        text: Text::new(
                            format!("{}の導入意思を表明する (導入予定で要件を満たします)", l.ja),
                            format!("declare the intention to introduce {} (an intention meets the requirement)", l.en),
                        ),
                    }
                } else {
                    ChangeItem {
                        change: Change::IntroduceSystem(*system),
                        actionable: true,
                        text: Text::new(
                            format!("先に{}を導入する", l.ja),
                            format!("introduce {} first", l.en),
                        ),
                    }
                }]
            }
            RawCriterion::FeeNotified { fee, by } if by.0 >= ctx.as_of => {
                let l = fee.label();
                vec![ChangeItem {
                    change: Change::NotifyFee(*fee, by.0),
                    actionable: true,
                    text: Text::new(
                        format!("{}を{}までに届け出る", l.ja, by.0),
                        format!("notify the {} by {}", l.en, by.0),
                    ),
                }]
            }
            RawCriterion::FeeNotified { .. } => {
                vec![fact("deadline_passed", &criteria::reason(c, ctx))]
            }
            RawCriterion::All { of } => of.iter().flat_map(|c| changes_for(c, ctx)).collect(),
            RawCriterion::Any { of } => {
                let options: Vec<Vec<ChangeItem>> =
                    of.iter().map(|c| changes_for(c, ctx)).collect();
                options
                    .iter()
                    .filter(|ch| !ch.is_empty() && ch.iter().all(|x| x.actionable))
                    .min_by_key(|ch| ch.len())
                    .or(options.first())
                    .cloned()
                    .unwrap_or_default()
            }
            _ => vec![fact(o.code, &criteria::reason(c, ctx))],
        },
    }
}

fn apply(
    facility: &Facility,
    changes: &[ChangeItem],
    as_of: chrono::NaiveDate,
) -> Option<Facility> {
    let mut f = facility.clone();
    for c in changes {
        match &c.change {
            Change::IntroduceSystem(s) => f.introduced.get_or_insert_with(Vec::new).push(*s),
            Change::DeclareIntention(s) => f.intends.get_or_insert_with(Vec::new).push(*s),
            Change::NotifyFee(fee, _) => {
                f.fee_notifications
                    .get_or_insert_with(Vec::new)
                    .push(FeeNotification {
                        fee: *fee,
                        notified_on: Some(as_of),
                    })
            }
            // The answer is not known, so neither is what it would unlock.
            Change::ProvideInput(_) | Change::Fact(_) => return None,
        }
    }
    Some(f)
}

pub fn find<'a>(
    catalog: &'a Catalog,
    req: &Request,
    problem: &Problem<'a>,
    solution: &Solution,
    _total: i64,
) -> Vec<Counterfactual<'a>> {
    let used: Vec<usize> = solution
        .frame_sets(problem)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    let mut extra_cache: HashMap<Vec<Change>, Option<i64>> = HashMap::new();
    let mut out = Vec::new();
    for (f, pf) in problem.frames.iter().enumerate() {
        if problem.cancel.is_cancelled() {
            break;
        }
        if used.contains(&f) {
            continue;
        }
        // Purchases this frame could fund, and whether any is held back by eligibility.
        let mut purchases = Vec::new();
        let mut blocked = false;
        let mut window_only = true;
        for (i, diags) in problem.diags.iter().enumerate() {
            if let Some((_, d)) = diags.iter().find(|(g, _)| *g == f) {
                purchases.push(i);
                match d {
                    Diag::NotEligible(_) | Diag::Undetermined(_) => {
                        blocked = true;
                        window_only = false;
                    }
                    Diag::WindowClosed => blocked = true,
                    _ => window_only = false,
                }
            }
        }
        if purchases.is_empty() || !blocked {
            continue;
        }
        let first = purchases[0];
        let on = problem.planned[first];
        let changes = if window_only {
            vec![ChangeItem {
                change: Change::Fact("window_closed"),
                actionable: false,
                text: Text::new(
                    "プラン期間内に申請できる受付期間がありません (締切経過または期間外)",
                    "no application window within the plan's horizon (deadline passed or later)",
                ),
            }]
        } else {
            // A top-up is judged as it would be used: on its base's grant.
            let state = problem.state((on, on, pf.bases.first().copied()));
            let ctx = Ctx {
                facility: &state,
                as_of: on,
                lines: None,
            };
            let (term, _) = eligibility::term_for(pf.r.frame, on, state.prefecture);
            let mut list: Vec<ChangeItem> = Vec::new();
            for (_, c) in eligibility::criteria_of(pf.r.program, pf.r.frame, term) {
                for ch in changes_for(c, &ctx) {
                    if !list.iter().any(|x| x.change == ch.change) {
                        list.push(ch);
                    }
                }
            }
            list
        };
        if changes.is_empty() {
            continue;
        }
        let actionable = changes.iter().all(|c| c.actionable);
        let extra_subsidy_yen = if actionable {
            let mut key: Vec<Change> = changes.iter().map(|c| c.change.clone()).collect();
            key.sort();
            *extra_cache.entry(key).or_insert_with(|| {
                if problem.cancel.is_cancelled() {
                    return None;
                }
                let facility = apply(req.facility, &changes, req.as_of)?;
                let r = Request {
                    facility: &facility,
                    counterfactuals: false,
                    ..*req
                };
                let p = Problem::build(catalog, &r);
                // A smaller budget: a counterfactual is an estimate next to the plan itself. The
                // plan itself is where the search starts (the frames are the same; a change only
                // adds or removes options), so it only looks for more.
                let (s, _) =
                    solve::solve_from(&p, (req.node_budget / 4).max(1), Some(&solution.choice));
                Some((s.value - solution.value).max(0))
            })
        } else {
            None
        };
        out.push(Counterfactual {
            frame: pf.r,
            changes,
            actionable,
            extra_subsidy_yen,
            purchases,
        });
    }
    out.sort_by(|a, b| {
        b.actionable
            .cmp(&a.actionable)
            .then(b.extra_subsidy_yen.cmp(&a.extra_subsidy_yen))
            .then(a.frame.key().cmp(&b.frame.key()))
    });
    out
}
