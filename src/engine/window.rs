//! Application window status per frame at a date, and why (PRODUCT.md §2, docs/catalog.md).
//!
//! The one rule, applied to every frame of every program (the deadlines feature reads it too):
//!
//! 1. **Not started.** Before the frame's first known date (its first term's `from` or first
//!    window's `opens`) the frame is `upcoming` when that date is known, else `unknown` — never
//!    `open`. A window without `opens` is open only from that first date on.
//! 2. **Open.** A window covers `as_of`.
//! 3. **Upcoming.** A later window is dated.
//! 4. **Ended.** The frame says what follows it and `as_of` is past it: `after = "ended"` and
//!    no term is in force (or its last window has closed); or `after = "successor:…"` and every
//!    term has ended (the answer names the successor).
//! 5. **Closed.** Between windows: a `recurring` frame within the fiscal year of its last
//!    window, or a frame with a named successor whose term is still in force.
//! 6. **Unknown.** Otherwise: no dated window covers `as_of` and nothing says the frame ended.
//!
//! Every status comes with a reason (`reason`): the window it refers to and its dates, what is
//! not confirmed and since when, and the successor.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::raw::RawWindow;
use super::catalog::{After, Catalog, Frame};
use super::date::{fiscal_year, within};
use super::text::{write_date, Text};

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

/// The window status of a frame, the window it refers to, and the facts its reason names.
#[derive(Debug, Clone)]
pub struct WindowAt<'a> {
    /// The frame this status is of.
    pub frame: &'a Frame,
    pub status: WindowStatus,
    /// The window that is open or next (or the last one, once closed).
    pub window: Option<&'a RawWindow>,
    /// The frame has no term or window yet at this date (it does not count toward the program).
    pub not_started: bool,
    /// A term or window of the frame starts after this date (a program with such a frame has
    /// not ended).
    pub starts_later: bool,
    /// The frame's first known date (first term or window), when known.
    pub starts_on: Option<NaiveDate>,
    /// The last day of the frame's last term, when every term has an end.
    pub last_until: Option<NaiveDate>,
    /// The frame named as successor by the last term's `after` (program id, frame id).
    pub successor: Option<(&'a str, &'a str)>,
}

/// Whether a window belongs to the prefecture (None = any prefecture).
pub fn applies(w: &RawWindow, prefecture: Option<&str>) -> bool {
    match (&w.prefectures, prefecture) {
        (None, _) | (_, None) => true,
        (Some(list), Some(p)) => list.iter().any(|c| c == p),
    }
}

/// Window status of `frame` at `as_of` for the facility's prefecture (None = any).
/// The frame its last term names as successor (program id, frame id).
pub fn successor_of(frame: &Frame) -> Option<(&str, &str)> {
    match &frame.after {
        After::Successor { program, frame } => Some((program.as_str(), frame.as_str())),
        _ => None,
    }
}

pub fn status_at<'a>(frame: &'a Frame, as_of: NaiveDate, prefecture: Option<&str>) -> WindowAt<'a> {
    // Walked a few times rather than collected: this runs for every frame of every answer.
    let windows = || frame.windows().iter().filter(|w| applies(w, prefecture));
    let starts_on = frame.starts_on();
    let last_until = frame
        .terms()
        .iter()
        .map(|t| t.until.map(|u| u.0))
        .try_fold(None, |acc: Option<NaiveDate>, u| {
            u.map(|u| Some(acc.map_or(u, |a| a.max(u))))
        })
        .flatten();
    let successor = successor_of(frame);
    let at = |status, window, not_started, starts_later| WindowAt {
        frame,
        status,
        window,
        not_started,
        starts_later,
        starts_on,
        last_until,
        successor,
    };
    // 1. Not started: nothing is open before the frame's first known date.
    if starts_on.is_none_or(|s| s > as_of) {
        let next = windows()
            .filter(|w| w.opens.is_some_and(|o| o.0 > as_of))
            .min_by_key(|w| w.opens.map(|d| d.0));
        // A window that only says "until" and closes before the first term: its opening is
        // not known, so neither is whether it accepts applications now.
        let undated = windows()
            .filter(|w| {
                w.opens.is_none()
                    && w.closes
                        .is_some_and(|c| c.0 >= as_of && starts_on.is_none_or(|s| c.0 < s))
            })
            .min_by_key(|w| w.closes.map(|d| d.0));
        let status = match (undated, starts_on) {
            (None, Some(_)) => WindowStatus::Upcoming,
            _ => WindowStatus::Unknown,
        };
        return at(status, undated.or(next), true, starts_on.is_some());
    }
    // 2. Open: a window covers as_of (an undated opening counts from the frame's start).
    let open = windows()
        .filter(|w| within(as_of, w.opens.map(|d| d.0), w.closes.map(|d| d.0)))
        .min_by_key(|w| w.closes.map(|d| d.0).unwrap_or(NaiveDate::MAX));
    if let Some(w) = open {
        return at(WindowStatus::Open, Some(w), false, false);
    }
    // 3. Upcoming: a later dated window.
    let next = windows()
        .filter(|w| w.opens.is_some_and(|o| o.0 > as_of))
        .min_by_key(|w| w.opens.map(|d| d.0));
    if let Some(w) = next {
        return at(WindowStatus::Upcoming, Some(w), false, false);
    }
    let last = windows()
        .filter(|w| w.closes.is_some_and(|c| c.0 < as_of))
        .max_by_key(|w| w.closes.map(|d| d.0));
    let term_in_force = frame.terms_at(as_of, prefecture).next().is_some();
    let past_terms = last_until.is_some_and(|u| u < as_of);
    let has_windows = windows().next().is_some();
    // 4–6. Ended, closed or unknown.
    let status = match &frame.after {
        After::Ended if has_windows && (!term_in_force || last.is_some()) => WindowStatus::Ended,
        After::Ended if !has_windows && past_terms => WindowStatus::Ended,
        After::Successor { .. } if past_terms || (!term_in_force && !has_windows) => {
            WindowStatus::Ended
        }
        After::Successor { .. } if has_windows => WindowStatus::Closed,
        // Between windows of a recurring frame, within the fiscal year of the last one; a
        // later year with no known window may already have one open.
        _ if frame.def.recurring
            && last.and_then(|w| w.closes).map(|c| fiscal_year(c.0))
                == Some(fiscal_year(as_of)) =>
        {
            WindowStatus::Closed
        }
        _ => WindowStatus::Unknown,
    };
    at(status, last, false, false)
}

/// The best status among frames that have started (open > upcoming > closed > unknown > ended).
/// A program whose started frames have all ended, but with a frame still to start, has not ended.
pub fn best<'a>(statuses: impl Iterator<Item = &'a WindowAt<'a>>) -> WindowStatus {
    let all: Vec<&WindowAt> = statuses.collect();
    best_of(&all).0
}

/// The program status of its frames' statuses and the index of the frame that decides it (its
/// reason is the program's).
pub fn best_of(statuses: &[&WindowAt]) -> (WindowStatus, Option<usize>) {
    let started = statuses
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.not_started)
        .min_by_key(|(_, s)| s.status);
    // The frame that starts first among those still to start.
    let later = statuses
        .iter()
        .enumerate()
        .filter(|(_, s)| s.not_started)
        .min_by_key(|(_, s)| (s.status, s.starts_on.unwrap_or(NaiveDate::MAX)));
    match (started, later) {
        // The frames that ran have ended and another is still to start: the program has not
        // ended, but a term's start is not an application window, so its status is unknown.
        (Some((_, s)), Some((j, _))) if s.status == WindowStatus::Ended => {
            (WindowStatus::Unknown, Some(j))
        }
        (Some((i, s)), _) => (s.status, Some(i)),
        (None, Some((j, l))) => (l.status, Some(j)),
        (None, None) => (WindowStatus::Unknown, None),
    }
}

/// A window's name and dates: `申請受付 (2025-06-06〜2026-01-15)`.
fn write_window(ja: &mut String, en: &mut String, w: &RawWindow, starts_on: Option<NaiveDate>) {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    match &w.name {
        Some(n) => {
            ja.push_str(&n.ja);
            en.push_str(&n.en);
        }
        None => {
            ja.push_str("申請受付");
            en.push_str("applications");
        }
    }
    // An undated opening is the frame's start, unless the window closes before it.
    let from_start = starts_on.filter(|s| w.closes.is_none_or(|c| c.0 >= *s));
    // A name that already states the dates (`福島県 申請受付 (2025-12-01〜2026-02-16)`) is not repeated.
    let said = |d: Option<NaiveDate>| {
        d.is_none_or(|d| {
            let t = super::text::DateText(d).to_string();
            w.name.as_ref().is_some_and(|n| n.ja.contains(&t))
        })
    };
    if w.closes.is_some()
        && said(w.closes.map(|c| c.0))
        && said(w.opens.map(|o| o.0).or(from_start))
    {
        if let Some(c) = w.complete_by {
            let _ = write!(ja, "、導入完了期限 {}", super::text::DateText(c.0));
            let _ = write!(en, ", introduction by {}", super::text::DateText(c.0));
        }
        return;
    }
    ja.push_str(" (");
    en.push_str(" (");
    match w.opens.map(|d| d.0).or(from_start) {
        Some(o) => {
            let _ = write_date(ja, o);
            let _ = write_date(en, o);
        }
        None => {
            ja.push_str("開始日未公表");
            en.push_str("opening not published");
        }
    }
    ja.push('〜');
    en.push_str(" to ");
    match w.closes {
        Some(c) => {
            let _ = write_date(ja, c.0);
            let _ = write_date(en, c.0);
        }
        None => {
            ja.push_str("締切未公表");
            en.push_str("closing not published");
        }
    }
    ja.push(')');
    en.push(')');
    if let Some(c) = w.complete_by {
        let _ = write!(ja, "、導入完了期限 {}", super::text::DateText(c.0));
        let _ = write!(en, ", introduction by {}", super::text::DateText(c.0));
    }
}

fn successor_name(catalog: &Catalog, program: &str, frame: &str) -> Text {
    match catalog.program(program) {
        Some(p) => match p.frame(frame) {
            Some(f) if p.frames.len() > 1 => Text::new(
                format!("{} {} ({program}/{frame})", p.def.name.ja, f.def.name.ja),
                format!("{} — {} ({program}/{frame})", p.def.name.en, f.def.name.en),
            ),
            _ => Text::new(
                format!("{} ({program}/{frame})", p.def.name.ja),
                format!("{} ({program}/{frame})", p.def.name.en),
            ),
        },
        None => Text::new(format!("{program}/{frame}"), format!("{program}/{frame}")),
    }
}

/// Why the frame has this status, in words: the window it refers to and its dates, what is not
/// confirmed and since when, and the successor. `checked_through` is how far the public sources
/// behind the catalog reach.
pub fn reason(
    catalog: &Catalog,
    w: &WindowAt,
    as_of: NaiveDate,
    checked_through: Option<NaiveDate>,
) -> Text {
    use std::fmt::Write;
    let frame = w.frame;
    let mut ja = String::with_capacity(160);
    let mut en = String::with_capacity(200);
    let d = super::text::DateText;
    // Writing into a String cannot fail.
    match w.status {
        WindowStatus::Open => {
            ja.push_str("受付中: ");
            en.push_str("open: ");
            if let Some(win) = w.window {
                write_window(&mut ja, &mut en, win, w.starts_on);
            }
            if w.window.is_some_and(|x| x.closes.is_none()) {
                ja.push_str("。締切は未公表");
                en.push_str("; no deadline published");
            }
        }
        WindowStatus::Upcoming => match (w.not_started, w.window, w.starts_on) {
            (false, Some(win), _) | (true, Some(win), None) => {
                ja.push_str("次の受付: ");
                en.push_str("next window: ");
                write_window(&mut ja, &mut en, win, w.starts_on);
            }
            (_, win, Some(s)) => {
                let _ = write!(ja, "この枠は {} から (最初の条件・受付の開始日)", d(s));
                let _ = write!(
                    en,
                    "this frame starts on {} (its first term or window)",
                    d(s)
                );
                if let Some(win) = win {
                    ja.push_str("。次の受付: ");
                    en.push_str("; next window: ");
                    write_window(&mut ja, &mut en, win, w.starts_on);
                }
            }
            (_, None, None) => {
                ja.push_str("開始日は未公表");
                en.push_str("start not published");
            }
        },
        WindowStatus::Closed => {
            ja.push_str("受付終了: ");
            en.push_str("closed: ");
            if let Some(win) = w.window {
                write_window(&mut ja, &mut en, win, w.starts_on);
            }
            if w.successor.is_none() {
                let fy = fiscal_year(as_of);
                let _ = write!(ja, "。{fy}年度内の次の受付は未公表");
                let _ = write!(en, "; no later window published in FY{fy}");
            }
        }
        WindowStatus::Ended => {
            ja.push_str("終了");
            en.push_str("ended");
            match (w.window, w.last_until) {
                (Some(win), _) => {
                    ja.push_str(": 最後の受付 ");
                    en.push_str(": last window ");
                    write_window(&mut ja, &mut en, win, w.starts_on);
                }
                (None, Some(u)) => {
                    let _ = write!(ja, ": 最後の条件は {} まで", d(u));
                    let _ = write!(en, ": the last term ran until {}", d(u));
                }
                (None, None) => {}
            }
            if w.successor.is_none() {
                ja.push_str("。継続・後継は公表されていない");
                en.push_str("; no continuation or successor is published");
            }
        }
        WindowStatus::Unknown => {
            if w.not_started {
                match w.window {
                    Some(win) => {
                        ja.push_str("開始日未公表の受付: ");
                        en.push_str("window with an unpublished opening: ");
                        write_window(&mut ja, &mut en, win, None);
                    }
                    None => {
                        ja.push_str("開始日は未公表");
                        en.push_str("start not published");
                    }
                }
            } else {
                match w.window {
                    Some(win) => {
                        ja.push_str("最後に確認された受付: ");
                        en.push_str("last known window: ");
                        write_window(&mut ja, &mut en, win, w.starts_on);
                        if let Some(c) = win.closes {
                            let _ = write!(ja, "。{} の締切以降の受付は未確認", d(c.0));
                            let _ = write!(
                                en,
                                "; no window after the {} deadline is confirmed",
                                d(c.0)
                            );
                        }
                    }
                    None => {
                        ja.push_str("受付期間は公表資料で確認できない");
                        en.push_str("no application window is confirmed by the sources");
                        let term = frame
                            .terms()
                            .iter()
                            .filter(|t| t.from.0 <= as_of)
                            .max_by_key(|t| t.from.0);
                        if let Some(t) = term {
                            match t.until {
                                Some(u) if u.0 < as_of => {
                                    let _ = write!(
                                        ja,
                                        "。最後の条件 ({}〜{}) 以降の継続は未確認",
                                        d(t.from.0),
                                        d(u.0)
                                    );
                                    let _ = write!(
                                        en,
                                        "; nothing after the last term ({} to {}) is confirmed",
                                        d(t.from.0),
                                        d(u.0)
                                    );
                                }
                                Some(u) => {
                                    let _ =
                                        write!(ja, "。条件は {}〜{} に有効", d(t.from.0), d(u.0));
                                    let _ = write!(
                                        en,
                                        "; terms in force {} to {}",
                                        d(t.from.0),
                                        d(u.0)
                                    );
                                }
                                None => {
                                    let _ = write!(ja, "。条件は {} から有効", d(t.from.0));
                                    let _ = write!(en, "; terms in force from {}", d(t.from.0));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some((p, f)) = w.successor {
        let s = successor_name(catalog, p, f);
        let _ = write!(ja, "。後継: {}", s.ja);
        let _ = write!(en, "; succeeded by {}", s.en);
    }
    if let Some(c) = checked_through.filter(|c| *c < as_of) {
        if matches!(
            w.status,
            WindowStatus::Unknown
                | WindowStatus::Closed
                | WindowStatus::Open
                | WindowStatus::Upcoming
        ) {
            let _ = write!(ja, "。公表資料は {} までを確認済み", d(c));
            let _ = write!(en, " (public sources checked through {})", d(c));
        }
    }
    ja.push('。');
    Text::new(ja, en)
}

/// A program's status at `as_of` from its frames' statuses, with the reason of the frame that
/// decides it (named when the program has several frames).
pub fn program_status(
    catalog: &Catalog,
    program: &super::catalog::Program,
    windows: &[&WindowAt],
    as_of: NaiveDate,
) -> (WindowStatus, Text) {
    let (status, decider) = best_of(windows);
    let checked = program.sources_checked_through(catalog);
    let Some(i) = decider else {
        return (
            status,
            Text::new("枠の受付情報がない。", "no frame has window information."),
        );
    };
    let frame = &program.frames[i];
    let r = reason(catalog, windows[i], as_of, checked);
    let ended_before = windows.iter().any(|w| !w.not_started) && windows[i].not_started;
    let (mut ja, mut en) = (String::new(), String::new());
    if ended_before {
        ja.push_str("開始済みの枠は終了。");
        en.push_str("the frames that started have ended; ");
    }
    if program.frames.len() > 1 {
        ja.push_str(&frame.def.name.ja);
        ja.push_str(": ");
        en.push_str(&frame.def.name.en);
        en.push_str(": ");
    }
    ja.push_str(&r.ja);
    en.push_str(&r.en);
    (status, Text::new(ja, en))
}

/// The stable id of a window within its frame: the catalog's `id`, else its English name as
/// kebab-case (`Round 1` → `round-1`), else `applications`. Never its dates: a window whose date
/// moves keeps its id, so calendar entries built from it update instead of duplicating.
pub fn window_id(w: &RawWindow) -> String {
    if let Some(id) = &w.id {
        return id.to_string();
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
