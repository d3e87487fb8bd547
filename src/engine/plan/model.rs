//! The planning problem: the frames that can fund each purchase, on which dates, and the value
//! of any set of lines in a frame (the engine's calculation, memoised).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use chrono::{Days, Months, NaiveDate};

use super::bound::frame_bound;
use super::frame::{fits, PFrame};
use super::{schedule, FrameRef, Purchase, Request};
use crate::engine::calc;
use crate::engine::catalog::raw::RawCriterion;
use crate::engine::catalog::Catalog;
use crate::engine::criteria::{Line, Tri};
use crate::engine::date::fiscal_year;
use crate::engine::eligibility::{self, Verdict, Warning};
use crate::engine::facility::{Facility, Grant};
use crate::engine::input_key::InputKey;
use crate::engine::text::Text;
use crate::engine::vocab::{Interpretation, Timing};
use crate::engine::window::{self, WindowStatus};

/// A set of purchase indices (at most 256; requests allow 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bits(pub [u64; 4]);

impl Bits {
    pub fn with(mut self, i: usize) -> Bits {
        self.0[i / 64] |= 1 << (i % 64);
        self
    }
    pub fn without(mut self, i: usize) -> Bits {
        self.0[i / 64] &= !(1 << (i % 64));
        self
    }
    pub fn contains(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..256).filter(move |i| self.contains(*i))
    }
}

/// A frame that can fund a purchase, and when.
#[derive(Debug, Clone, Copy)]
pub struct Cand {
    pub frame: usize,
    /// Application date for this line alone.
    pub applied_on: NaiveDate,
    /// Contract (approval-first) or completion (after-completion) date of the line.
    pub effective_on: NaiveDate,
    /// Fundable without a stack.
    pub alone: bool,
}

/// One way to fund a purchase: a frame, or a base frame with a top-up on the same cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opt {
    pub frame: usize,
    pub topup: Option<usize>,
}

impl Opt {
    pub fn members(&self) -> impl Iterator<Item = usize> {
        std::iter::once(self.frame).chain(self.topup)
    }
}

/// Why a frame that accepts a purchase's category does not fund it on its own.
#[derive(Debug, Clone)]
pub enum Diag {
    WindowClosed,
    NotEligible(Vec<Text>),
    Undetermined(Vec<InputKey>),
    AmountUnknown,
    /// Fundable; the subsidy of the line alone.
    Fundable(i64),
}

/// The facility as it will be for one application.
pub struct Context {
    pub applied_on: NaiveDate,
    pub completed_on: NaiveDate,
    pub facility: Facility,
}

type ValueKey = (u32, Bits, u32);
type StateKey = (NaiveDate, NaiveDate, Option<usize>);

/// Everything the search needs, built once per request.
pub struct Problem<'a> {
    pub catalog: &'a Catalog,
    pub as_of: NaiveDate,
    pub horizon_end: NaiveDate,
    pub facility: Facility,
    pub purchases: Vec<Purchase>,
    pub interpretations: BTreeMap<Interpretation, String>,
    pub frames: Vec<PFrame<'a>>,
    /// Planned date of each purchase (see `schedule`).
    pub planned: Vec<NaiveDate>,
    pub cands: Vec<Vec<Cand>>,
    pub options: Vec<Vec<Opt>>,
    /// Per purchase: every frame accepting its category, with the diagnosis for the line alone.
    pub diags: Vec<Vec<(usize, Diag)>>,
    schedule_warnings: Vec<Warning>,
    values: RefCell<HashMap<ValueKey, i64>>,
    states: RefCell<HashMap<StateKey, Rc<Facility>>>,
    verdicts: RefCell<HashMap<(usize, StateKey), Verdict>>,
    pub evaluations: Cell<u64>,
    /// Stops every phase of the work on this problem.
    pub cancel: super::Cancel,
}

fn term_window_date(
    r: FrameRef,
    from: NaiveDate,
    horizon_end: NaiveDate,
    prefecture: Option<&str>,
) -> Option<NaiveDate> {
    // Move forward through upcoming windows and later terms; a few hops at most.
    let mut t = from;
    for _ in 0..8 {
        if t > horizon_end {
            return None;
        }
        let at = window::status_at(r.frame, t, prefecture);
        match at.status {
            WindowStatus::Open => return Some(t),
            WindowStatus::Upcoming => t = at.window.and_then(|w| w.opens).map(|d| d.0)?,
            WindowStatus::Unknown => {
                if r.frame.terms_at(t, prefecture).next().is_some() {
                    return Some(t);
                }
                let later = r
                    .frame
                    .terms()
                    .iter()
                    .filter(|x| x.from.0 > t)
                    .filter(|x| match (&x.prefectures, prefecture) {
                        (Some(list), Some(p)) => list.iter().any(|c| c == p),
                        _ => true,
                    })
                    .map(|x| x.from.0)
                    .min();
                match later {
                    Some(d) => t = d,
                    // No figures for this place at any date: eligibility and the amount say so.
                    None => return Some(t),
                }
            }
            WindowStatus::Closed | WindowStatus::Ended => return None,
        }
    }
    None
}

/// Whether any term of the frame within the horizon has a computable formula.
fn fundable_in(r: FrameRef, from: NaiveDate, until: NaiveDate) -> bool {
    !r.frame.def.expense_categories.is_empty()
        && r.frame.terms().iter().any(|t| {
            t.from.0 <= until
                && t.until.is_none_or(|u| u.0 >= from)
                && crate::engine::formula::pays_money(&t.formula)
        })
}

fn resolve(frames: &[PFrame], key: &str) -> Option<usize> {
    frames.iter().position(|f| f.r.key() == key)
}

impl<'a> Problem<'a> {
    pub fn build(catalog: &'a Catalog, req: &Request) -> Problem<'a> {
        let as_of = req.as_of;
        let years = req.horizon_years.clamp(1, super::MAX_HORIZON_YEARS);
        let horizon_end = as_of
            .checked_add_months(Months::new(12 * years))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .unwrap_or(as_of);
        let mut frames: Vec<PFrame<'a>> = Vec::new();
        for program in &catalog.programs {
            for frame in &program.frames {
                let r = FrameRef { program, frame };
                if let Some(only) = req.only_frames {
                    if !only.iter().any(|k| *k == r.key()) {
                        continue;
                    }
                }
                if !fundable_in(r, as_of, horizon_end) {
                    continue;
                }
                frames.push(PFrame {
                    r,
                    bound: frame_bound(r, req.facility, as_of, horizon_end, req.interpretations),
                    bases: Vec::new(),
                    excludes: Vec::new(),
                });
            }
        }
        // Stacks and exclusions between frames that are both considered.
        for i in 0..frames.len() {
            let def = &frames[i].r.frame.def;
            let bases: Vec<usize> = def
                .stacks_with
                .iter()
                .filter_map(|l| resolve(&frames, &l.frame))
                .collect();
            let mut excl: Vec<usize> = def
                .excludes
                .iter()
                .filter_map(|l| resolve(&frames, &l.frame))
                .collect();
            // One application per program where the program says so (not previously granted).
            let program = frames[i].r.program;
            let once = program.def.criteria.iter().any(|c| {
                matches!(c, RawCriterion::NotPreviouslyGranted { program_id, frame_id: None, .. } if *program_id == program.def.id)
            });
            if once {
                excl.extend(
                    (0..frames.len())
                        .filter(|&j| j != i && frames[j].r.program.def.id == program.def.id),
                );
            }
            frames[i].bases = bases;
            for j in excl {
                if !frames[i].excludes.contains(&j) {
                    frames[i].excludes.push(j);
                }
                if !frames[j].excludes.contains(&i) {
                    frames[j].excludes.push(i);
                }
            }
        }
        let (planned, schedule_warnings) = schedule::planned_dates(
            catalog,
            as_of,
            horizon_end,
            req.facility,
            req.purchases,
            &frames,
        );
        let mut problem = Problem {
            catalog,
            as_of,
            horizon_end,
            facility: req.facility.clone(),
            purchases: req.purchases.to_vec(),
            interpretations: req.interpretations.clone(),
            frames,
            planned,
            cands: Vec::new(),
            options: Vec::new(),
            diags: Vec::new(),
            schedule_warnings,
            values: RefCell::new(HashMap::new()),
            states: RefCell::new(HashMap::new()),
            verdicts: RefCell::new(HashMap::new()),
            evaluations: Cell::new(0),
            cancel: req.cancel.clone(),
        };
        problem.find_candidates();
        problem
    }

    fn find_candidates(&mut self) {
        let prefecture = self.facility.prefecture;
        let mut all_cands = Vec::new();
        let mut all_diags = Vec::new();
        for (i, p) in self.purchases.iter().enumerate() {
            let mut cands = Vec::new();
            let mut diags = Vec::new();
            // A stopped plan leaves the remaining purchases without candidates (the caller
            // answers that nothing was found in time).
            let frames = if self.cancel.is_cancelled() {
                &[][..]
            } else {
                &self.frames[..]
            };
            for (f, pf) in frames.iter().enumerate() {
                if !pf.r.frame.def.expense_categories.contains(&p.category)
                    || !fits(self.catalog, &self.frames, pf.r, p)
                {
                    continue;
                }
                let s = self.planned[i];
                let Some(applied_on) = term_window_date(pf.r, s, self.horizon_end, prefecture)
                else {
                    diags.push((f, Diag::WindowClosed));
                    continue;
                };
                let effective_on = match pf.r.timing() {
                    Timing::AfterCompletion => s,
                    Timing::ApprovalFirst => applied_on.max(s),
                };
                // An approval-first line waits for its window; an introduction keeps its date,
                // because later purchases were scheduled after it.
                let moved = effective_on > s;
                if moved
                    && (p.introduces.is_some() || p.latest_on.is_some_and(|l| effective_on > l))
                {
                    diags.push((f, Diag::WindowClosed));
                    continue;
                }
                let key = (applied_on, effective_on, None);
                let alone = self.frame_verdict(f, key);
                let line = [self.line(i)];
                let diag = match alone {
                    Verdict::Eligible => {
                        match calc::subsidy_for(
                            pf.r.frame,
                            &self.state(key),
                            applied_on,
                            &line,
                            &self.interpretations,
                        ) {
                            Some(v) => Diag::Fundable(v),
                            None => Diag::AmountUnknown,
                        }
                    }
                    Verdict::Undetermined => Diag::Undetermined(self.unknown_inputs(f, key)),
                    Verdict::NotEligible => Diag::NotEligible(self.failed_criteria(f, key)),
                };
                let fundable_alone = matches!(diag, Diag::Fundable(_));
                let stacked = pf.bases.iter().any(|&b| {
                    self.frame_verdict(f, (applied_on, effective_on, Some(b))) == Verdict::Eligible
                });
                if fundable_alone || stacked {
                    cands.push(Cand {
                        frame: f,
                        applied_on,
                        effective_on,
                        alone: fundable_alone,
                    });
                }
                diags.push((f, diag));
            }
            all_cands.push(cands);
            all_diags.push(diags);
        }
        self.options = all_cands
            .iter()
            .map(|cands: &Vec<Cand>| {
                let mut opts = Vec::new();
                for c in cands {
                    if c.alone {
                        opts.push(Opt {
                            frame: c.frame,
                            topup: None,
                        });
                    }
                    for &b in &self.frames[c.frame].bases {
                        let base_ok = cands.iter().any(|x| x.frame == b && x.alone);
                        let stacked_ok = self
                            .frame_verdict(c.frame, (c.applied_on, c.effective_on, Some(b)))
                            == Verdict::Eligible;
                        if base_ok && stacked_ok {
                            opts.push(Opt {
                                frame: b,
                                topup: Some(c.frame),
                            });
                        }
                    }
                }
                opts
            })
            .collect();
        self.cands = all_cands;
        self.diags = all_diags;
    }

    pub fn line(&self, i: usize) -> Line {
        let p = &self.purchases[i];
        Line {
            category: p.category,
            amount_yen: p.amount_yen,
            quantity: p.quantity,
            asset_forming: None,
        }
    }

    pub fn cand(&self, i: usize, f: usize) -> Option<&Cand> {
        self.cands[i].iter().find(|c| c.frame == f)
    }

    /// The line's contract or completion date when frame `f` funds it.
    pub fn effective_on(&self, i: usize, f: usize) -> NaiveDate {
        self.cand(i, f).map_or(self.planned[i], |c| c.effective_on)
    }

    /// The facility on an application date: systems introduced by purchases planned before it,
    /// the completion / contract date of its lines and, for a stacked top-up, the base grant.
    pub fn state(&self, key: StateKey) -> Rc<Facility> {
        if let Some(f) = self.states.borrow().get(&key) {
            return f.clone();
        }
        let (applied_on, completed_on, base) = key;
        let mut f = self.facility.clone();
        if let Some(list) = f.introduced.as_mut() {
            for (j, p) in self.purchases.iter().enumerate() {
                if let Some(s) = p.introduces {
                    if self.planned[j] < applied_on && !list.contains(&s) {
                        list.push(s);
                    }
                }
            }
        }
        f.completed_on = Some(completed_on);
        f.contracted_on = Some(completed_on);
        if let (Some(b), Some(grants)) = (base, f.previous_grants.as_mut()) {
            let r = self.frames[b].r;
            grants.push(Grant {
                program_id: r.program.def.id.to_string(),
                frame_id: Some(r.frame.def.id.to_string()),
                fiscal_year: Some(fiscal_year(applied_on)),
            });
        }
        let f = Rc::new(f);
        self.states.borrow_mut().insert(key, f.clone());
        f
    }

    fn frame_verdict(&self, f: usize, key: StateKey) -> Verdict {
        if let Some(v) = self.verdicts.borrow().get(&(f, key)) {
            return *v;
        }
        let r = self.frames[f].r;
        let state = self.state(key);
        let v = eligibility::evaluate_frame(self.catalog, r.program, r.frame, &state, key.0, false)
            .verdict;
        self.verdicts.borrow_mut().insert((f, key), v);
        v
    }

    fn failed_criteria(&self, f: usize, key: StateKey) -> Vec<Text> {
        let r = self.frames[f].r;
        let state = self.state(key);
        eligibility::evaluate_frame(self.catalog, r.program, r.frame, &state, key.0, true)
            .criteria
            .iter()
            .filter(|c| c.outcome.verdict == Tri::NotMet)
            .map(|c| c.reason(&state, key.0))
            .collect()
    }

    fn unknown_inputs(&self, f: usize, key: StateKey) -> Vec<InputKey> {
        let r = self.frames[f].r;
        let state = self.state(key);
        let mut out = Vec::new();
        // Without reasons, only the unknown criteria are kept, which is all this needs.
        for c in eligibility::evaluate_frame(self.catalog, r.program, r.frame, &state, key.0, false)
            .criteria
        {
            if c.outcome.verdict == Tri::Unknown {
                for m in c.outcome.missing {
                    if !out.contains(&m) {
                        out.push(m);
                    }
                }
            }
        }
        out
    }

    /// Application date, completion date and facility for frame `f` funding `set`.
    pub fn context(&self, f: usize, set: &Bits, stacked: Option<usize>) -> Option<Context> {
        let key = self.key_of(f, set, stacked)?;
        Some(Context {
            applied_on: key.0,
            completed_on: key.1,
            facility: (*self.state(key)).clone(),
        })
    }

    fn key_of(&self, f: usize, set: &Bits, stacked: Option<usize>) -> Option<StateKey> {
        let mut applied: Option<NaiveDate> = None;
        let mut completed: Option<NaiveDate> = None;
        for i in set.iter() {
            let c = self.cand(i, f)?;
            applied = Some(applied.map_or(c.applied_on, |a| a.max(c.applied_on)));
            completed = Some(completed.map_or(c.effective_on, |a| a.max(c.effective_on)));
        }
        Some((applied?, completed?, stacked))
    }

    /// The subsidy frame `f` pays for `set` (0 when not eligible or not computed), memoised.
    pub fn value(&self, f: usize, set: &Bits, stacked: Option<usize>) -> i64 {
        if set.is_empty() {
            return 0;
        }
        let mkey = (f as u32, *set, stacked.map_or(u32::MAX, |b| b as u32));
        if let Some(v) = self.values.borrow().get(&mkey) {
            return *v;
        }
        let v = self.compute(f, set, stacked);
        self.values.borrow_mut().insert(mkey, v);
        v
    }

    fn compute(&self, f: usize, set: &Bits, stacked: Option<usize>) -> i64 {
        self.evaluations.set(self.evaluations.get() + 1);
        let Some(key) = self.key_of(f, set, stacked) else {
            return 0;
        };
        if self.frame_verdict(f, key) != Verdict::Eligible {
            return 0;
        }
        let lines: Vec<Line> = set.iter().map(|i| self.line(i)).collect();
        calc::subsidy_for(
            self.frames[f].r.frame,
            &self.state(key),
            key.0,
            &lines,
            &self.interpretations,
        )
        .unwrap_or(0)
    }

    /// The subsidy for `set` with an extra line of `extra` yen in category `cat` (headroom).
    pub fn value_with_spend(
        &self,
        f: usize,
        set: &Bits,
        stacked: Option<usize>,
        lines: &[Line],
    ) -> i64 {
        let Some(key) = self.key_of(f, set, stacked) else {
            return 0;
        };
        if self.frame_verdict(f, key) != Verdict::Eligible {
            return 0;
        }
        calc::subsidy_for(
            self.frames[f].r.frame,
            &self.state(key),
            key.0,
            lines,
            &self.interpretations,
        )
        .unwrap_or(0)
    }

    pub fn schedule_warnings(&self) -> Vec<Warning> {
        self.schedule_warnings.clone()
    }

    /// Whether two frames cannot both be used.
    pub fn excluded(&self, a: usize, b: usize) -> bool {
        self.frames[a].excludes.contains(&b)
    }
}
