//! What each program is at a date, for a prefecture, before any other fact of the facility:
//! every frame's window status and the term whose figures apply, and the program's status with
//! its reason. Every facility that asks at the same date from the same prefecture gets the same
//! view, so a caller may compute it once and share it (the HTTP layer keeps one per edition, date
//! and prefecture); the view holds positions, not references, so it outlives no catalog borrow.

use std::sync::Arc;

use chrono::NaiveDate;

use super::catalog::raw::RawTerm;
use super::catalog::{Catalog, Frame, Program};
use super::text::Text;
use super::window::{self, WindowAt, WindowStatus};

/// One frame at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameDated {
    status: WindowStatus,
    /// Position of the window in `frame.windows()`.
    window: Option<usize>,
    not_started: bool,
    starts_later: bool,
    starts_on: Option<NaiveDate>,
    last_until: Option<NaiveDate>,
    /// Position of the term in `frame.terms()`.
    term: Option<usize>,
    pub term_in_force: bool,
}

impl FrameDated {
    pub fn of(frame: &Frame, as_of: NaiveDate, prefecture: Option<&'static str>) -> FrameDated {
        let w = window::status_at(frame, as_of, prefecture);
        let (term, term_in_force) = term_for(frame, as_of, prefecture);
        FrameDated {
            status: w.status,
            window: w.window.and_then(|x| position(frame.windows(), x)),
            not_started: w.not_started,
            starts_later: w.starts_later,
            starts_on: w.starts_on,
            last_until: w.last_until,
            term: term.and_then(|t| position(frame.terms(), t)),
            term_in_force,
        }
    }

    /// The window status, borrowing from `frame` (the frame this view was computed for).
    pub fn window<'a>(&self, frame: &'a Frame) -> WindowAt<'a> {
        WindowAt {
            frame,
            status: self.status,
            window: self.window.and_then(|i| frame.windows().get(i)),
            not_started: self.not_started,
            starts_later: self.starts_later,
            starts_on: self.starts_on,
            last_until: self.last_until,
            successor: window::successor_of(frame),
        }
    }

    /// The term whose criteria and figures apply (see `eligibility::term_for`).
    pub fn term<'a>(&self, frame: &'a Frame) -> Option<&'a RawTerm> {
        self.term.and_then(|i| frame.terms().get(i))
    }
}

fn position<T>(all: &[T], item: &T) -> Option<usize> {
    all.iter().position(|x| std::ptr::eq(x, item))
}

/// One program at a date: its frames in order, and its status with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramDated {
    pub frames: Vec<FrameDated>,
    pub status: WindowStatus,
    pub status_reason: Arc<Text>,
    /// Why each frame's window has its status, in frame order.
    pub window_reasons: Arc<[Text]>,
}

impl ProgramDated {
    pub fn of(
        catalog: &Catalog,
        program: &Program,
        as_of: NaiveDate,
        prefecture: Option<&'static str>,
    ) -> ProgramDated {
        let frames: Vec<FrameDated> = program
            .frames
            .iter()
            .map(|f| FrameDated::of(f, as_of, prefecture))
            .collect();
        let windows: Vec<WindowAt> = frames
            .iter()
            .zip(&program.frames)
            .map(|(d, f)| d.window(f))
            .collect();
        let refs: Vec<&WindowAt> = windows.iter().collect();
        let (status, status_reason) = window::program_status(catalog, program, &refs, as_of);
        let checked = program.sources_checked_through(catalog);
        let window_reasons = windows
            .iter()
            .map(|w| window::reason(catalog, w, as_of, checked))
            .collect();
        ProgramDated {
            frames,
            status,
            status_reason: Arc::new(status_reason),
            window_reasons,
        }
    }
}

/// Every program of the catalog at a date, in catalog order.
pub fn catalog_at(
    catalog: &Catalog,
    as_of: NaiveDate,
    prefecture: Option<&'static str>,
) -> Vec<ProgramDated> {
    catalog
        .programs
        .iter()
        .map(|p| ProgramDated::of(catalog, p, as_of, prefecture))
        .collect()
}

/// The term whose criteria and figures apply at `as_of`: the one in force, else the last one
/// before, else the first one.
pub fn term_for<'a>(
    frame: &'a Frame,
    as_of: NaiveDate,
    prefecture: Option<&'a str>,
) -> (Option<&'a RawTerm>, bool) {
    if let Some(t) = frame.terms_at(as_of, prefecture).next() {
        return (Some(t), true);
    }
    let t = frame
        .last_term_before(as_of)
        .or_else(|| frame.terms().iter().min_by_key(|t| t.from.0));
    (t, false)
}
