//! The checked catalog: programs by id, each with its frames and dated terms.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::raw::{RawFrame, RawProgram, RawTerm, RawWindow, Str};

// The catalog's domain names for the shapes it is read from. Code outside the engine names these,
// never `raw`, so the on-disk layout can change behind them.
pub use super::raw::{
    RawCriterion as Criterion, RawFormula as Formula, RawNote as Note, RawTerm as Term,
    RawWindow as Window,
};

/// What follows a frame's last term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Ended,
    Unknown,
    Successor { program: String, frame: String },
}

impl After {
    pub fn parse(s: &str) -> Option<After> {
        match s {
            "ended" => Some(After::Ended),
            "unknown" => Some(After::Unknown),
            _ => {
                let rest = s.strip_prefix("successor:")?;
                let (program, frame) = rest.split_once('/')?;
                Some(After::Successor {
                    program: program.to_string(),
                    frame: frame.to_string(),
                })
            }
        }
    }
}

/// A validated program. Field names follow the data files.
#[derive(Debug)]
pub struct Program {
    pub def: RawProgram,
    pub frames: Vec<Frame>,
    /// Lower-cased ja/en names, summary and frame names, for `q`.
    pub search_text: String,
}

#[derive(Debug)]
pub struct Frame {
    pub def: RawFrame,
    pub after: After,
    /// The program's facility types and prefectures as criteria, unless the program or frame
    /// states its own (built once at load).
    pub implicit_criteria: Vec<(&'static str, Criterion)>,
    /// One line of the largest allowed amount in each category the frame accepts: the input
    /// of the frame's maximum for a facility (built once at load; eligibility asks for it on
    /// every frame).
    pub unlimited_lines: Vec<crate::engine::criteria::Line>,
    /// Prefecture criteria of the frame's prefecture-specific terms, by their dates: where every
    /// term of a period belongs to some prefectures, the facility must be in one of them, and
    /// elsewhere the answer is unknown (built at load; empty when the frame or program states
    /// its own prefecture criterion).
    pub local_criteria: Vec<LocalCriterion>,
}

/// The prefectures whose figures a period's terms hold, as a criterion.
#[derive(Debug)]
pub struct LocalCriterion {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub criterion: Criterion,
}

impl Frame {
    /// Every expense category the frame funds, each with an unlimited amount.
    pub fn unlimited_lines_of(def: &RawFrame) -> Vec<crate::engine::criteria::Line> {
        // A frame without categories funds no cost: its amount reads no lines.
        def.expense_categories
            .iter()
            .map(|&category| crate::engine::criteria::Line {
                category,
                amount_yen: crate::engine::input::MAX_AMOUNT_YEN,
                quantity: 1,
                asset_forming: Some(false),
            })
            .collect()
    }

    pub fn id(&self) -> &str {
        &self.def.id
    }
    pub fn terms(&self) -> &[RawTerm] {
        &self.def.terms
    }
    pub fn windows(&self) -> &[RawWindow] {
        &self.def.windows
    }

    /// The first date the frame is known from (its first term or window).
    pub fn starts_on(&self) -> Option<NaiveDate> {
        let t = self.def.terms.iter().map(|t| t.from.0).min();
        let w = self
            .def
            .windows
            .iter()
            .filter_map(|w| w.opens.map(|d| d.0))
            .min();
        match (t, w) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The prefecture criterion of the prefecture-specific terms in force at `as_of`, if any.
    pub fn local_criterion_at(&self, as_of: NaiveDate) -> Option<&Criterion> {
        self.local_criteria
            .iter()
            .find(|l| crate::engine::date::within(as_of, Some(l.from), l.until))
            .map(|l| &l.criterion)
    }

    /// Terms in force at `as_of` for the prefecture (None = prefecture unknown).
    pub fn terms_at<'a>(
        &'a self,
        as_of: NaiveDate,
        prefecture: Option<&'a str>,
    ) -> impl Iterator<Item = &'a RawTerm> + 'a {
        self.def.terms.iter().filter(move |t| {
            crate::engine::date::within(as_of, Some(t.from.0), t.until.map(|u| u.0))
                && match (&t.prefectures, prefecture) {
                    (None, _) => true,
                    (Some(list), Some(p)) => list.iter().any(|c| c == p),
                    (Some(_), None) => true,
                }
        })
    }

    /// The last term that started on or before `as_of` (for `no_term_in_force` answers).
    pub fn last_term_before(&self, as_of: NaiveDate) -> Option<&RawTerm> {
        self.def
            .terms
            .iter()
            .filter(|t| t.from.0 <= as_of)
            .max_by_key(|t| t.from.0)
    }
}

impl Program {
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// How far the program's public sources reach: its own date, else the catalog's.
    pub fn sources_checked_through(&self, catalog: &Catalog) -> Option<NaiveDate> {
        self.def
            .sources_checked_through
            .map(|d| d.0)
            .or(catalog.sources_checked_through)
    }

    /// The official page to check (the `official_page` source, else the first source).
    pub fn official_url(&self) -> Option<&str> {
        let by_id = self
            .def
            .official_page
            .as_ref()
            .and_then(|id| self.def.sources.iter().find(|s| &s.id == id));
        by_id.or(self.def.sources.first()).map(|s| s.url.as_str())
    }
    pub fn frame(&self, id: &str) -> Option<&Frame> {
        self.frames.iter().find(|f| f.def.id == id)
    }
}

/// The whole catalog, immutable once loaded.
#[derive(Debug)]
pub struct Catalog {
    pub schema_version: u32,
    pub edition: String,
    pub verified_on: NaiveDate,
    /// How far the public sources behind the catalog reach (`catalog.toml`).
    pub sources_checked_through: Option<NaiveDate>,
    /// Hex SHA-256 of the catalog files (first 16 characters).
    pub hash: String,
    pub programs: Vec<Program>,
    index: HashMap<Str, usize>,
}

impl Catalog {
    pub fn new(
        schema_version: u32,
        edition: String,
        verified_on: NaiveDate,
        hash: String,
        programs: Vec<Program>,
    ) -> Catalog {
        let index = programs
            .iter()
            .enumerate()
            .map(|(i, p)| (p.def.id.clone(), i))
            .collect();
        Catalog {
            schema_version,
            edition,
            verified_on,
            sources_checked_through: None,
            hash,
            programs,
            index,
        }
    }

    pub fn program(&self, id: &str) -> Option<&Program> {
        self.index.get(id).map(|&i| &self.programs[i])
    }

    /// The position of program `id` in `programs`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn frame_count(&self) -> usize {
        self.programs.iter().map(|p| p.frames.len()).sum()
    }
}
