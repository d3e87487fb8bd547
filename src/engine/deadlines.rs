//! Deadlines: every known window opening and closing in a date range, and the programs whose
//! next window the catalog does not know (`GET /v1/deadlines`, the calendar, `list_deadlines`).
//!
//! Nothing is invented: an event exists only where the catalog gives a date. The status of a
//! window comes from [`window::status_at`], so the rules of window status live in one place.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::catalog::raw::RawWindow;
use super::catalog::{Criterion, Frame, Program};
use super::date::within;
use super::text::Text;
use super::vocab::FacilityType;
use super::window::{self, WindowStatus};

/// An opening or a closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Opens,
    Closes,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Opens => "opens",
            EventKind::Closes => "closes",
        }
    }
}

/// One dated event of one window.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub program: &'a Program,
    pub frame: &'a Frame,
    pub window: &'a RawWindow,
    /// Stable id of the window within the frame ([`window::window_id`]).
    pub window_id: String,
    pub kind: EventKind,
    pub date: NaiveDate,
    /// The deadline's time of day, when published (closings only).
    pub closes_at: Option<DateTime<FixedOffset>>,
    /// The window's status at `as_of`.
    pub status: WindowStatus,
}

impl Event<'_> {
    /// `<program>/<frame>/<window>/<opens|closes>`: stable across catalog editions (no date in it).
    pub fn key(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.program.def.id,
            self.frame.def.id,
            self.window_id,
            self.kind.as_str()
        )
    }
}

/// A program with no known window ahead.
#[derive(Debug, Clone)]
pub struct UnknownNext<'a> {
    pub program: &'a Program,
    /// The program's status at `from` (`unknown`, or `closed` between rounds).
    pub status: WindowStatus,
    pub reason: Text,
}

/// The question: a range and who is asking.
#[derive(Debug, Clone, Copy)]
pub struct Range<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The date statuses are computed at (today in Japan).
    pub as_of: NaiveDate,
    pub prefecture: Option<&'a str>,
    pub facility_type: Option<FacilityType>,
}

#[derive(Debug, Clone, Default)]
pub struct Deadlines<'a> {
    /// Sorted by date, then closings before openings, then program, frame and window.
    pub events: Vec<Event<'a>>,
    /// In the order the programs were given.
    pub unknown: Vec<UnknownNext<'a>>,
}

/// Whether a frame is open to the facility type by its own `facility_type` criteria (the
/// program's list is the caller's filter).
fn frame_admits(frame: &Frame, facility_type: Option<FacilityType>) -> bool {
    let Some(ft) = facility_type else {
        return true;
    };
    frame.def.criteria.iter().all(|c| match c {
        Criterion::FacilityType { values } => values.contains(&ft),
        _ => true,
    })
}

/// The status of one window at `as_of`: the frame's status when it refers to this window (the
/// engine's rules), else where this window stands relative to `as_of`.
fn window_status(
    frame: &Frame,
    w: &RawWindow,
    as_of: NaiveDate,
    prefecture: Option<&str>,
) -> WindowStatus {
    let at = window::status_at(frame, as_of, prefecture);
    if at.window.is_some_and(|x| std::ptr::eq(x, w)) {
        return at.status;
    }
    if w.opens.is_some_and(|o| o.0 > as_of) {
        return WindowStatus::Upcoming;
    }
    if within(as_of, w.opens.map(|d| d.0), w.closes.map(|d| d.0)) {
        return WindowStatus::Open;
    }
    // A past window: the frame says whether rounds are over (`ended`) or between (`closed`).
    match at.status {
        WindowStatus::Ended | WindowStatus::Unknown | WindowStatus::Closed => at.status,
        WindowStatus::Open | WindowStatus::Upcoming => WindowStatus::Closed,
    }
}

fn unknown_reason(program: &Program, prefecture: Option<&str>, from: NaiveDate) -> Text {
    let windows: Vec<&RawWindow> = program
        .frames
        .iter()
        .flat_map(|f| f.windows())
        .filter(|w| window::applies(w, prefecture))
        .collect();
    let last = windows
        .iter()
        .filter_map(|w| w.closes.map(|c| c.0))
        .filter(|c| *c < from)
        .max();
    match last {
        _ if windows.is_empty() => Text::new(
            "カタログに申請期間 (公募の回) の情報がありません。公募要領の公表を確認してください",
            "the catalog knows no application window for this program; check for a published call",
        ),
        Some(d) => Text::new(
            format!("最後に分かっている申請期間は {d} に締め切られ、次の期間は公表されていません"),
            format!("the last known window closed on {d}; the next one has not been announced"),
        ),
        None => Text::new(
            "次の申請期間の日付は公表されていません",
            "the dates of the next window have not been announced",
        ),
    }
}

/// Every known opening and closing in `[from, to]` of the given programs' frames open to the
/// facility type, for the prefecture; and, once per program, the programs whose status at
/// `from` is `unknown` or `closed` with no known event ahead.
pub fn deadlines<'a>(programs: &[&'a Program], r: Range<'_>) -> Deadlines<'a> {
    let mut out = Deadlines::default();
    for &program in programs {
        let mut ahead = false;
        for frame in program
            .frames
            .iter()
            .filter(|f| frame_admits(f, r.facility_type))
        {
            for w in frame
                .windows()
                .iter()
                .filter(|w| window::applies(w, r.prefecture))
            {
                let dated = [
                    (EventKind::Opens, w.opens.map(|d| d.0)),
                    (EventKind::Closes, w.closes.map(|d| d.0)),
                ];
                for (kind, date) in dated {
                    let Some(date) = date else { continue };
                    ahead |= date >= r.from;
                    if date < r.from || date > r.to {
                        continue;
                    }
                    out.events.push(Event {
                        program,
                        frame,
                        window: w,
                        window_id: window::window_id(w),
                        kind,
                        date,
                        closes_at: match kind {
                            EventKind::Closes => w.closes_at.map(|t| t.0),
                            EventKind::Opens => None,
                        },
                        status: window_status(frame, w, r.as_of, r.prefecture),
                    });
                }
            }
        }
        if ahead {
            continue;
        }
        let statuses: Vec<_> = program
            .frames
            .iter()
            .filter(|f| frame_admits(f, r.facility_type))
            .map(|f| window::status_at(f, r.from, r.prefecture))
            .collect();
        let status = window::best(statuses.iter());
        if matches!(status, WindowStatus::Unknown | WindowStatus::Closed) {
            out.unknown.push(UnknownNext {
                program,
                status,
                reason: unknown_reason(program, r.prefecture, r.from),
            });
        }
    }
    // Closings first on a day: a deadline matters more than an opening.
    out.events.sort_by(|a, b| {
        (a.date, b.kind, a.program.id(), a.frame.id(), &a.window_id).cmp(&(
            b.date,
            a.kind,
            b.program.id(),
            b.frame.id(),
            &b.window_id,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn range(from: &str, to: &str) -> Range<'static> {
        Range {
            from: d(from),
            to: d(to),
            as_of: d(from),
            prefecture: None,
            facility_type: None,
        }
    }

    #[test]
    fn events_are_sorted_within_range_and_keyed_without_dates() {
        let c = catalog::embedded().unwrap();
        let all: Vec<&Program> = c.programs.iter().collect();
        let r = range("2026-03-01", "2026-09-30");
        let out = deadlines(&all, r);
        assert!(!out.events.is_empty());
        for pair in out.events.windows(2) {
            assert!(pair[0].date <= pair[1].date);
        }
        for e in &out.events {
            assert!(e.date >= r.from && e.date <= r.to);
            let own = [e.window.opens, e.window.closes];
            for date in own.iter().flatten() {
                let text = date.0.to_string();
                assert!(!e.key().contains(&text), "{}", e.key());
            }
        }
        // digital-ai-2026 round 1 closes 2026-05-12 17:00 JST.
        let round1 = out
            .events
            .iter()
            .find(|e| e.key() == "digital-ai-2026/tsujo-1process/round-1/closes")
            .unwrap();
        assert_eq!(round1.date, d("2026-05-12"));
        assert_eq!(
            round1.closes_at.unwrap().to_rfc3339(),
            "2026-05-12T17:00:00+09:00"
        );
        assert_eq!(round1.status, WindowStatus::Upcoming);
    }

    #[test]
    fn prefecture_windows_only_for_that_prefecture() {
        let c = catalog::embedded().unwrap();
        let p = c.program("denshi-shohosen").unwrap();
        let mut r = range("2025-04-01", "2026-03-31");
        r.prefecture = Some("13");
        let out = deadlines(&[p], r);
        assert!(out.events.iter().any(|e| e.window_id == "tokyo"));
        assert!(!out.events.iter().any(|e| e.window_id == "yamaguchi"));
        r.prefecture = Some("35");
        let out = deadlines(&[p], r);
        assert!(!out.events.iter().any(|e| e.window_id == "tokyo"));
        assert!(out.events.iter().any(|e| e.window_id == "yamaguchi"));
    }

    #[test]
    fn program_without_windows_is_listed_once_as_unknown() {
        let c = catalog::embedded().unwrap();
        let p = c.program("ict-kinmu-model").unwrap();
        assert!(p.frames.iter().all(|f| f.windows().is_empty()));
        let out = deadlines(&[p], range("2025-12-25", "2026-12-25"));
        assert!(out.events.is_empty());
        assert_eq!(out.unknown.len(), 1);
        assert!(out.unknown[0].reason.en.contains("no application window"));
    }

    #[test]
    fn an_open_program_with_its_deadline_beyond_the_range_is_not_unknown() {
        let c = catalog::embedded().unwrap();
        let p = c.program("denshi-karte-kyoyu").unwrap();
        let out = deadlines(&[p], range("2025-12-25", "2026-12-25"));
        assert!(out.events.is_empty());
        assert!(out.unknown.is_empty());
    }
}
