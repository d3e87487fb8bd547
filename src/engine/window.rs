//! Application window status per frame at a date (PRODUCT.md §2).

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::raw::RawWindow;
use super::catalog::{After, Frame};
use super::date::{fiscal_year, within};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowStatus {
    Open,
    Upcoming,
    Closed,
    Unknown,
    Ended,
}

impl WindowStatus {
    pub const ALL: &'static [WindowStatus] = &[
        WindowStatus::Open,
        WindowStatus::Upcoming,
        WindowStatus::Closed,
        WindowStatus::Unknown,
        WindowStatus::Ended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WindowStatus::Open => "open",
            WindowStatus::Upcoming => "upcoming",
            WindowStatus::Closed => "closed",
            WindowStatus::Unknown => "unknown",
            WindowStatus::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<WindowStatus> {
        WindowStatus::ALL.iter().copied().find(|w| w.as_str() == s)
    }
}

/// The window status of a frame and the window it refers to.
#[derive(Debug, Clone)]
pub struct WindowAt<'a> {
    pub status: WindowStatus,
    /// The window that is open or next (or the last one, once closed).
    pub window: Option<&'a RawWindow>,
    /// The frame has no term or window yet at this date (it does not count toward the program).
    pub not_started: bool,
    /// A term or window of the frame starts after this date (a program with such a frame has
    /// not ended).
    pub starts_later: bool,
}

fn applies(w: &RawWindow, prefecture: Option<&str>) -> bool {
    match (&w.prefectures, prefecture) {
        (None, _) | (_, None) => true,
        (Some(list), Some(p)) => list.iter().any(|c| c == p),
    }
}

/// Window status of `frame` at `as_of` for the facility's prefecture (None = any).
pub fn status_at<'a>(frame: &'a Frame, as_of: NaiveDate, prefecture: Option<&str>) -> WindowAt<'a> {
    // Walked a few times rather than collected: this runs for every frame of every answer.
    let windows = || frame.windows().iter().filter(|w| applies(w, prefecture));
    let open = windows()
        .filter(|w| within(as_of, w.opens.map(|d| d.0), w.closes.map(|d| d.0)))
        .min_by_key(|w| w.closes.map(|d| d.0).unwrap_or(NaiveDate::MAX));
    if let Some(w) = open {
        return WindowAt {
            status: WindowStatus::Open,
            window: Some(w),
            not_started: false,
            starts_later: false,
        };
    }
    let next = windows()
        .filter(|w| w.opens.is_some_and(|o| o.0 > as_of))
        .min_by_key(|w| w.opens.map(|d| d.0));
    let starts_on = frame.starts_on();
    let not_started = starts_on.is_none_or(|s| s > as_of);
    if let Some(w) = next {
        return WindowAt {
            status: WindowStatus::Upcoming,
            window: Some(w),
            not_started: false,
            starts_later: false,
        };
    }
    if not_started {
        return WindowAt {
            status: WindowStatus::Unknown,
            window: None,
            not_started: true,
            starts_later: starts_on.is_some_and(|s| s > as_of),
        };
    }
    let last = windows()
        .filter(|w| w.closes.is_some_and(|c| c.0 < as_of))
        .max_by_key(|w| w.closes.map(|d| d.0));
    let term_in_force = frame.terms_at(as_of, prefecture).next().is_some();
    let status = if windows().next().is_some() {
        match &frame.after {
            After::Ended if !term_in_force || last.is_some() => WindowStatus::Ended,
            After::Successor { .. } => WindowStatus::Closed,
            // Between windows of a recurring frame, within the fiscal year of the last one;
            // a later year with no known window may already have one open.
            _ if frame.def.recurring
                && last.and_then(|w| w.closes).map(|c| fiscal_year(c.0))
                    == Some(fiscal_year(as_of)) =>
            {
                WindowStatus::Closed
            }
            _ => WindowStatus::Unknown,
        }
    } else {
        let all_over = frame
            .terms()
            .iter()
            .all(|t| t.until.is_some_and(|u| u.0 < as_of));
        if all_over && frame.after == After::Ended {
            WindowStatus::Ended
        } else {
            WindowStatus::Unknown
        }
    };
    WindowAt {
        status,
        window: last,
        not_started: false,
        starts_later: false,
    }
}

/// The best status among frames that have started (open > upcoming > closed > unknown > ended).
/// A program whose started frames have all ended, but with a frame still to start, has not ended.
pub fn best<'a>(statuses: impl Iterator<Item = &'a WindowAt<'a>>) -> WindowStatus {
    let (best, later) = statuses.fold((None, false), |(best, later), s| {
        if s.not_started {
            (best, later || s.starts_later)
        } else {
            (
                Some(best.map_or(s.status, |b: WindowStatus| b.min(s.status))),
                later,
            )
        }
    });
    match best {
        Some(WindowStatus::Ended) if later => WindowStatus::Unknown,
        Some(s) => s,
        None => WindowStatus::Unknown,
    }
}

/// The stable id of a window within its frame: the catalog's `id`, else its English name as
/// kebab-case (`Round 1` → `round-1`), else `applications`. Never its dates: a window whose date
/// moves keeps its id, so calendar entries built from it update instead of duplicating.
pub fn window_id(w: &RawWindow) -> String {
    if let Some(id) = &w.id {
        return id.clone();
    }
    let mut out = String::new();
    if let Some(name) = &w.name {
        for c in name.en.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("applications");
    }
    out
}

/// Whether a window belongs to the prefecture (None = any prefecture).
pub fn window_applies(w: &RawWindow, prefecture: Option<&str>) -> bool {
    applies(w, prefecture)
}
