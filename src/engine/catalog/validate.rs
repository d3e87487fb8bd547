//! Whole-catalog checks: ids, references, dated terms, sources, figures.
//!
//! Every error names the file and the key path, like
//! `programs/it-donyu-2025.toml: frames[0].terms[1]: overlaps terms[0] (2025-04-01..2026-03-31)`.

use std::collections::{HashMap, HashSet};

use super::load::{CatalogError, RawCatalog};
use super::model::{After, Catalog, Frame, Program};
use super::raw::{RawCriterion, RawFormula, RawFrame, RawLimit, RawProgram, RawRate, RawTerm, Str};
use crate::engine::date::Date;
use crate::engine::vocab::prefecture_code;

struct Ctx<'a> {
    file: &'a str,
    errors: &'a mut Vec<CatalogError>,
}

impl Ctx<'_> {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(CatalogError {
            file: self.file.to_string(),
            path: path.into(),
            message: message.into(),
        });
    }
}

/// `end` (at `path`) must not come before `start` (named `start_key`).
fn check_order(ctx: &mut Ctx, path: &str, start_key: &str, start: Date, end: Date) {
    if end < start {
        ctx.err(path, format!("{} is before {start_key} {}", end.0, start.0));
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Checks a parsed catalog and builds the model, or returns every error found.
pub fn validate(mut raw: RawCatalog) -> Result<Catalog, Vec<CatalogError>> {
    // Errors of files that could not be read come first; the files that were read are checked.
    let mut errors = std::mem::take(&mut raw.errors);
    let hash = {
        raw.digest
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };

    // Program and frame ids across files, for references.
    let mut frames_of: HashMap<Str, HashSet<Str>> = HashMap::new();
    for (file, p) in &raw.programs {
        let mut ctx = Ctx {
            file,
            errors: &mut errors,
        };
        let stem = file
            .trim_start_matches("programs/")
            .trim_end_matches(".toml");
        if p.id != stem {
            ctx.err(
                "id",
                format!("program id `{}` must equal the file name `{stem}`", p.id),
            );
        }
        if !is_kebab(&p.id) {
            ctx.err(
                "id",
                format!("`{}` is not lower-case ASCII kebab-case", p.id),
            );
        }
        if frames_of.contains_key(&p.id) {
            ctx.err("id", format!("duplicate program id `{}`", p.id));
        }
        frames_of.insert(
            p.id.clone(),
            p.frames.iter().map(|f| f.id.clone()).collect(),
        );
    }

    let mut programs = Vec::with_capacity(raw.programs.len());
    for (file, mut p) in raw.programs {
        let mut ctx = Ctx {
            file: &file,
            errors: &mut errors,
        };
        check_program(&mut ctx, &p, &frames_of);
        let mut search_text = format!(
            "{} {} {} {} {} {}",
            p.id, p.name.ja, p.name.en, p.summary.ja, p.summary.en, p.authority.ja
        );
        for f in &p.frames {
            search_text.push(' ');
            search_text.push_str(&f.name.ja);
            search_text.push(' ');
            search_text.push_str(&f.name.en);
        }
        // The checked frames replace the raw list, so each frame is held once.
        let program_criteria = p.criteria.clone();
        let facility_types = p.facility_types.clone();
        let prefectures = p.prefectures.clone();
        let frames = std::mem::take(&mut p.frames)
            .into_iter()
            .map(|f| {
                let stated = || program_criteria.iter().chain(f.criteria.iter());
                let mut implicit = Vec::new();
                if !stated().any(|c| matches!(c, RawCriterion::FacilityType { .. })) {
                    implicit.push((
                        "facility_type",
                        RawCriterion::FacilityType {
                            values: facility_types.clone(),
                        },
                    ));
                }
                if let Some(list) = &prefectures {
                    if !stated().any(|c| matches!(c, RawCriterion::Prefecture { .. })) {
                        implicit.push((
                            "prefecture",
                            RawCriterion::Prefecture {
                                values: list.clone(),
                                others: None,
                            },
                        ));
                    }
                }
                let states_prefecture = implicit.iter().any(|(n, _)| *n == "prefecture")
                    || stated().any(|c| matches!(c, RawCriterion::Prefecture { .. }));
                let mut local_criteria = if states_prefecture {
                    Vec::new()
                } else {
                    local_criteria_of(&f)
                };
                // Kept as long as the catalog: no spare capacity (docs/performance.md).
                implicit.shrink_to_fit();
                local_criteria.shrink_to_fit();
                Frame {
                    after: After::parse(&f.after).unwrap_or(After::Unknown),
                    local_criteria,
                    implicit_criteria: implicit,
                    unlimited_lines: Frame::unlimited_lines_of(&f),
                    def: f,
                }
            })
            .collect();
        programs.push(Program {
            search_text: search_text.to_lowercase(),
            frames,
            def: p,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut catalog = Catalog::new(
        raw.meta.schema_version,
        raw.meta.edition.to_string(),
        raw.meta.verified_on.0,
        hash,
        programs,
    );
    catalog.sources_checked_through = raw.meta.sources_checked_through.map(|d| d.0);
    Ok(catalog)
}

/// One prefecture criterion per period whose terms all belong to some prefectures (their union):
/// a facility elsewhere gets `unknown` (figures not researched there), never `not_met`.
fn local_criteria_of(f: &super::raw::RawFrame) -> Vec<super::model::LocalCriterion> {
    use super::raw::OthersVerdict;
    let mut out: Vec<super::model::LocalCriterion> = Vec::new();
    for t in &f.terms {
        let Some(list) = &t.prefectures else { continue };
        let (from, until) = (t.from.0, t.until.map(|u| u.0));
        // A term for everyone in the same period makes the figures national there.
        let national = f.terms.iter().any(|o| {
            o.prefectures.is_none()
                && crate::engine::date::within(from, Some(o.from.0), o.until.map(|u| u.0))
        });
        if national {
            continue;
        }
        match out.iter_mut().find(|l| l.from == from && l.until == until) {
            Some(l) => {
                if let RawCriterion::Prefecture { values, .. } = &mut l.criterion {
                    for p in list {
                        if !values.contains(p) {
                            values.push(p.clone());
                        }
                    }
                }
            }
            None => out.push(super::model::LocalCriterion {
                from,
                until,
                criterion: RawCriterion::Prefecture {
                    values: list.clone(),
                    others: Some(OthersVerdict::Unknown),
                },
            }),
        }
    }
    out
}

/// Whether a criterion (or one nested in it) checks completion by `by`.
fn checks_completion(c: &RawCriterion, by: Date) -> bool {
    match c {
        RawCriterion::CompletedBy { by: b } => *b == by,
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            of.iter().any(|x| checks_completion(x, by))
        }
        _ => false,
    }
}

fn check_program(ctx: &mut Ctx, p: &RawProgram, frames_of: &HashMap<Str, HashSet<Str>>) {
    let sources: HashSet<&str> = p.sources.iter().map(|s| s.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, s) in p.sources.iter().enumerate() {
        if !seen.insert(s.id.as_str()) {
            ctx.err(
                format!("sources[{i}].id"),
                format!("duplicate source id `{}`", s.id),
            );
        }
        if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
            ctx.err(format!("sources[{i}].url"), "must be an http(s) URL");
        }
    }
    let src = |ctx: &mut Ctx, path: String, id: &str| {
        if !sources.contains(id) {
            ctx.err(
                path,
                format!("source `{id}` is not in this file's [[sources]]"),
            );
        }
    };
    if p.frames.is_empty() {
        ctx.err("frames", "a program needs at least one frame");
    }
    if p.facility_types.is_empty() {
        ctx.err("facility_types", "list at least one facility type");
    }
    if let Some(list) = &p.prefectures {
        check_prefectures(ctx, "prefectures", list);
    }
    if let Some(id) = &p.official_page {
        if !sources.contains(id.as_str()) {
            ctx.err(
                "official_page",
                format!("source `{id}` is not in this file's [[sources]]"),
            );
        }
    }
    for (key, target) in [("predecessor", &p.predecessor), ("successor", &p.successor)] {
        if let Some(t) = target {
            if !frames_of.contains_key(t) {
                ctx.err(key, format!("program `{t}` does not exist"));
            }
        }
    }
    for (i, n) in p.notes.iter().enumerate() {
        if let Some(s) = &n.source {
            src(ctx, format!("notes[{i}].source"), s);
        }
    }
    for (i, pr) in p.prerequisites.iter().enumerate() {
        if !frames_of.contains_key(&pr.program_id) {
            ctx.err(
                format!("prerequisites[{i}].program_id"),
                format!("program `{}` does not exist", pr.program_id),
            );
        }
        src(ctx, format!("prerequisites[{i}].source"), &pr.source);
    }
    for (i, pr) in p.preparation.iter().enumerate() {
        if let Some(s) = &pr.source {
            src(ctx, format!("preparation[{i}].source"), s);
        }
    }
    for (i, c) in p.criteria.iter().enumerate() {
        check_criterion(ctx, &format!("criteria[{i}]"), c, frames_of);
    }
    let mut frame_ids = HashSet::new();
    for (fi, f) in p.frames.iter().enumerate() {
        let fp = format!("frames[{fi}]");
        if !is_kebab(&f.id) {
            ctx.err(
                format!("{fp}.id"),
                format!("`{}` is not lower-case ASCII kebab-case", f.id),
            );
        }
        if !frame_ids.insert(f.id.as_str()) {
            ctx.err(format!("{fp}.id"), format!("duplicate frame id `{}`", f.id));
        }
        // An introduction deadline stated on a window is a rule: some criterion of the frame
        // (program, frame or term, alone or inside any/all) must check it.
        for (wi, w) in f.windows.iter().enumerate() {
            if let Some(by) = w.complete_by {
                let checks = p
                    .criteria
                    .iter()
                    .chain(f.criteria.iter())
                    .chain(f.terms.iter().flat_map(|t| t.criteria.iter()))
                    .any(|c| checks_completion(c, by));
                if !checks {
                    ctx.err(
                        format!("{fp}.windows[{wi}].complete_by"),
                        format!(
                            "no criterion checks this introduction deadline: add {{ kind = \"completed_by\", by = {} }}",
                            by.0
                        ),
                    );
                }
            }
        }
        // A frame without expense categories funds no cost: its amount must not read expense
        // lines (every line sent to it is reported as not eligible).
        if f.expense_categories.is_empty() {
            for (ti, t) in f.terms.iter().enumerate() {
                let reads_lines = match &t.formula {
                    RawFormula::Fixed(x) => x.limited_to_spend,
                    RawFormula::PerDay(_)
                    | RawFormula::SumOfParts(_)
                    | RawFormula::InKind(_)
                    | RawFormula::Unknown(_) => false,
                    _ => true,
                };
                if reads_lines {
                    ctx.err(
                        format!("{fp}.terms[{ti}].formula"),
                        "this formula prices expense lines: list the frame's expense_categories",
                    );
                }
            }
        }
        check_unpriced(ctx, &fp, f);
        match After::parse(&f.after) {
            None => ctx.err(
                format!("{fp}.after"),
                format!(
                    "`{}` must be `ended`, `unknown` or `successor:<program>/<frame>`",
                    f.after
                ),
            ),
            Some(After::Successor { program, frame }) => {
                if !frames_of
                    .get(program.as_str())
                    .is_some_and(|fs| fs.contains(frame.as_str()))
                {
                    ctx.err(
                        format!("{fp}.after"),
                        format!("successor `{program}/{frame}` does not exist"),
                    );
                }
            }
            Some(_) => {}
        }
        for (i, c) in f.criteria.iter().enumerate() {
            check_criterion(ctx, &format!("{fp}.criteria[{i}]"), c, frames_of);
        }
        for (i, n) in f.notes.iter().enumerate() {
            if let Some(s) = &n.source {
                src(ctx, format!("{fp}.notes[{i}].source"), s);
            }
        }
        for (key, links) in [("stacks_with", &f.stacks_with), ("excludes", &f.excludes)] {
            for (i, link) in links.iter().enumerate() {
                let lp = format!("{fp}.{key}[{i}]");
                src(ctx, format!("{lp}.source"), &link.source);
                match link.frame.split_once('/') {
                    Some((program, frame))
                        if frames_of.get(program).is_some_and(|fs| fs.contains(frame)) =>
                    {
                        if program == p.id && frame == f.id {
                            ctx.err(format!("{lp}.frame"), "a frame cannot refer to itself");
                        }
                    }
                    Some(_) => ctx.err(
                        format!("{lp}.frame"),
                        format!("frame `{}` does not exist", link.frame),
                    ),
                    None => ctx.err(
                        format!("{lp}.frame"),
                        format!("`{}` must be `<program>/<frame>`", link.frame),
                    ),
                }
            }
        }
        check_windows(ctx, &fp, f, &sources);
        if f.terms.is_empty() {
            ctx.err(
                format!("{fp}.terms"),
                "a frame needs at least one dated term",
            );
        }
        check_terms(ctx, &fp, f, &sources, frames_of);
    }
}

/// Unpriced costs: each category once, and not also counted.
fn check_unpriced(ctx: &mut Ctx, fp: &str, f: &RawFrame) {
    for (i, u) in f.unpriced.iter().enumerate() {
        if f.unpriced[..i].iter().any(|x| x.category == u.category) {
            ctx.err(
                format!("{fp}.unpriced[{i}].category"),
                format!("`{}` is listed twice", u.category),
            );
        }
        if f.expense_categories.contains(&u.category) {
            ctx.err(
                format!("{fp}.unpriced[{i}].category"),
                format!(
                    "`{}` is also in expense_categories: a cost is either counted or unpriced",
                    u.category
                ),
            );
        }
        if let Some(m) = &u.max {
            check_limit(ctx, &format!("{fp}.unpriced[{i}].max"), m);
        }
    }
}

/// A source id must name one of the file's `[[sources]]`.
fn check_source(ctx: &mut Ctx, sources: &HashSet<&str>, path: String, id: &str) {
    if !sources.contains(id) {
        ctx.err(
            path,
            format!("source `{id}` is not in this file's [[sources]]"),
        );
    }
}

/// A frame's windows: sourced, identified once, dated in order.
fn check_windows(ctx: &mut Ctx, fp: &str, f: &RawFrame, sources: &HashSet<&str>) {
    for (wi, w) in f.windows.iter().enumerate() {
        let wp = format!("{fp}.windows[{wi}]");
        check_source(ctx, sources, format!("{wp}.source"), &w.source);
        if let Some(id) = &w.id {
            if !is_kebab(id) {
                ctx.err(
                    format!("{wp}.id"),
                    format!("`{id}` is not lower-case ASCII kebab-case"),
                );
            }
        }
        let id = crate::engine::window::window_id(w);
        if f.windows[..wi]
            .iter()
            .any(|other| crate::engine::window::window_id(other) == id)
        {
            ctx.err(
                format!("{wp}.id"),
                format!(
                    "window id `{id}` is used twice in this frame; give the window its own `id`"
                ),
            );
        }
        if w.opens.is_none() && w.closes.is_none() {
            ctx.err(wp.clone(), "a window needs `opens` or `closes`");
        }
        if let (Some(o), Some(c)) = (w.opens, w.closes) {
            check_order(ctx, &format!("{wp}.closes"), "opens", o, c);
        }
        if let Some(at) = w.closes_at {
            if w.closes.map(|c| c.0) != Some(at.0.date_naive()) {
                ctx.err(format!("{wp}.closes_at"), "its date must equal `closes`");
            }
        }
        if let Some(list) = &w.prefectures {
            check_prefectures(ctx, &format!("{wp}.prefectures"), list);
        }
    }
}

/// A frame's terms: sourced, dated in order, their criteria and formula valid, none overlapping.
fn check_terms(
    ctx: &mut Ctx,
    fp: &str,
    f: &RawFrame,
    sources: &HashSet<&str>,
    frames_of: &HashMap<Str, HashSet<Str>>,
) {
    for (ti, t) in f.terms.iter().enumerate() {
        let tp = format!("{fp}.terms[{ti}]");
        check_source(ctx, sources, format!("{tp}.source"), &t.source);
        if let Some(p) = t.spend_period {
            check_order(
                ctx,
                &format!("{tp}.spend_period.until"),
                "from",
                p.from,
                p.until,
            );
        }
        if let Some(u) = t.until {
            check_order(ctx, &format!("{tp}.until"), "from", t.from, u);
        }
        if let Some(list) = &t.prefectures {
            check_prefectures(ctx, &format!("{tp}.prefectures"), list);
        }
        for (i, c) in t.criteria.iter().enumerate() {
            check_criterion(ctx, &format!("{tp}.criteria[{i}]"), c, frames_of);
        }
        check_formula(
            ctx,
            &format!("{tp}.formula"),
            &t.formula,
            sources,
            frames_of,
        );
        for (tj, other) in f.terms.iter().enumerate().take(ti) {
            if overlaps(t, other) {
                ctx.err(
                    tp.clone(),
                    format!(
                        "overlaps terms[{tj}] ({}..{})",
                        other.from.0,
                        other.until.map(|u| u.0.to_string()).unwrap_or_default()
                    ),
                );
            }
        }
    }
}

fn overlaps(a: &RawTerm, b: &RawTerm) -> bool {
    let shared_place = match (&a.prefectures, &b.prefectures) {
        (Some(x), Some(y)) => x.iter().any(|p| y.contains(p)),
        _ => true,
    };
    if !shared_place {
        return false;
    }
    let a_end = a.until.map(|d| d.0);
    let b_end = b.until.map(|d| d.0);
    // Open-ended terms run until the next one starts, so only identical starts collide.
    match (a_end, b_end) {
        (None, None) => a.from == b.from,
        (Some(ae), None) => b.from.0 <= ae && a.from == b.from,
        (None, Some(be)) => a.from.0 <= be && a.from == b.from,
        (Some(ae), Some(be)) => a.from.0 <= be && b.from.0 <= ae,
    }
}

fn check_prefectures(ctx: &mut Ctx, path: &str, list: &[Str]) {
    for (i, p) in list.iter().enumerate() {
        if prefecture_code(p) != Some(p.as_str()) {
            ctx.err(
                format!("{path}[{i}]"),
                format!("`{p}` is not a JIS X 0401 prefecture code (\"01\"–\"47\")"),
            );
        }
    }
}

fn check_criterion(
    ctx: &mut Ctx,
    path: &str,
    c: &RawCriterion,
    frames_of: &HashMap<Str, HashSet<Str>>,
) {
    match c {
        RawCriterion::Prefecture { values, .. } => {
            check_prefectures(ctx, &format!("{path}.values"), values)
        }
        RawCriterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            ..
        } => match frames_of.get(program_id) {
            None => ctx.err(
                format!("{path}.program_id"),
                format!("program `{program_id}` does not exist"),
            ),
            Some(frames) => match frame_id {
                Some(f) if !frames.contains(f) => ctx.err(
                    format!("{path}.frame_id"),
                    format!("frame `{program_id}/{f}` does not exist"),
                ),
                _ => {}
            },
        },
        RawCriterion::PreviouslyGranted { program_id, .. }
            if !frames_of.contains_key(program_id) =>
        {
            ctx.err(
                format!("{path}.program_id"),
                format!("program `{program_id}` does not exist"),
            )
        }
        RawCriterion::FacilityType { values } if values.is_empty() => {
            ctx.err(format!("{path}.values"), "list at least one value")
        }
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            if of.is_empty() {
                ctx.err(format!("{path}.of"), "list at least one criterion");
            }
            for (i, c) in of.iter().enumerate() {
                check_criterion(ctx, &format!("{path}.of[{i}]"), c, frames_of);
            }
        }
        _ => {}
    }
}

fn check_limit(ctx: &mut Ctx, path: &str, l: &RawLimit) {
    if l.yen < 0 {
        ctx.err(format!("{path}.yen"), "must be 0 or more");
    }
}

fn check_rate_source(ctx: &mut Ctx, path: &str, r: &RawRate, sources: &HashSet<&str>) {
    if let RawRate::Sourced(s) = r {
        if let Some(id) = &s.source {
            if !sources.contains(id.as_str()) {
                ctx.err(
                    format!("{path}.source"),
                    format!("source `{id}` is not in this file's [[sources]]"),
                );
            }
        }
    }
}

fn check_formula(
    ctx: &mut Ctx,
    path: &str,
    f: &RawFormula,
    sources: &HashSet<&str>,
    frames_of: &HashMap<Str, HashSet<Str>>,
) {
    let src_ok = |ctx: &mut Ctx, p: String, id: &Option<Str>| {
        if let Some(id) = id {
            if !sources.contains(id.as_str()) {
                ctx.err(
                    p,
                    format!("source `{id}` is not in this file's [[sources]]"),
                );
            }
        }
    };
    match f {
        RawFormula::CostRate(c) => {
            for (k, l) in [
                ("cost_cap", &c.cost_cap),
                ("cost_min", &c.cost_min),
                ("subsidy_cap", &c.subsidy_cap),
                ("subsidy_min", &c.subsidy_min),
            ] {
                if let Some(l) = l {
                    check_limit(ctx, &format!("{path}.{k}"), l);
                }
            }
            if c.rounding.unit < 1 {
                ctx.err(format!("{path}.rounding.unit"), "must be 1 or more");
            }
            if let Some(r) = &c.rate {
                check_rate_source(ctx, &format!("{path}.rate"), r, sources);
            }
            if let Some(r) = &c.raised_rate {
                for (i, w) in r.when.iter().enumerate() {
                    check_criterion(ctx, &format!("{path}.raised_rate.when[{i}]"), w, frames_of);
                }
            }
            let mut ids = HashSet::new();
            for (i, t) in c.tiers.iter().enumerate() {
                let tp = format!("{path}.tiers[{i}]");
                if !ids.insert(t.id.as_str()) {
                    ctx.err(format!("{tp}.id"), format!("duplicate tier id `{}`", t.id));
                }
                src_ok(ctx, format!("{tp}.source"), &t.source);
                if c.rate.is_none() && t.rate.is_none() && !t.unknown {
                    ctx.err(
                        format!("{tp}.rate"),
                        "no rate: give the formula or the tier a rate, or mark the tier `unknown`",
                    );
                }
                for (j, w) in t.when.iter().enumerate() {
                    check_criterion(ctx, &format!("{tp}.when[{j}]"), w, frames_of);
                }
            }
            if c.rate.is_none() && c.tiers.is_empty() {
                ctx.err(format!("{path}.rate"), "a cost_rate formula needs a rate");
            }
        }
        RawFormula::TieredRate(t) => {
            check_limit(ctx, &format!("{path}.subsidy_cap"), &t.subsidy_cap);
            for (i, c) in t.category_caps.iter().enumerate() {
                check_limit(ctx, &format!("{path}.category_caps[{i}].cap"), &c.cap);
                src_ok(ctx, format!("{path}.category_caps[{i}].source"), &c.source);
            }
        }
        RawFormula::LesserOfGoals(l) => {
            check_limit(ctx, &format!("{path}.course_max"), &l.course_max);
            if l.goals.is_empty() {
                ctx.err(format!("{path}.goals"), "list at least one goal");
            }
        }
        RawFormula::PerDay(p) => check_limit(ctx, &format!("{path}.cap"), &p.cap),
        RawFormula::SumOfParts(s) => {
            for (i, part) in s.parts.iter().enumerate() {
                let pp = format!("{path}.parts[{i}]");
                src_ok(ctx, format!("{pp}.source"), &part.source);
                let kinds = [
                    part.per_unit.is_some(),
                    part.fixed_yen.is_some(),
                    !part.highest_of.is_empty(),
                    part.percent_of.is_some(),
                ]
                .iter()
                .filter(|b| **b)
                .count();
                if kinds != 1 {
                    ctx.err(
                        pp.clone(),
                        "a part needs exactly one of per_unit, fixed_yen, highest_of, percent_of",
                    );
                }
                if part.fixed_instead.is_some() && part.per_unit.is_none() {
                    ctx.err(format!("{pp}.fixed_instead"), "only with per_unit");
                }
            }
        }
        RawFormula::Unknown(u) => {
            if let Some(m) = &u.max {
                check_limit(ctx, &format!("{path}.max"), m);
            }
            for (i, t) in u.max_tiers.iter().enumerate() {
                check_limit(ctx, &format!("{path}.max_tiers[{i}].max"), &t.max);
                for (j, w) in t.when.iter().enumerate() {
                    check_criterion(
                        ctx,
                        &format!("{path}.max_tiers[{i}].when[{j}]"),
                        w,
                        frames_of,
                    );
                }
                if t.when.is_empty() {
                    ctx.err(
                        format!("{path}.max_tiers[{i}].when"),
                        "a tier needs conditions (without them it always applies)",
                    );
                }
                if u.max.is_none_or(|m| t.max.yen >= m.yen) {
                    ctx.err(
                        format!("{path}.max_tiers[{i}].max"),
                        "a tier's maximum must be below the general `max` (the bound while the facility is unknown)",
                    );
                }
            }
        }
        RawFormula::Fixed(_) | RawFormula::ClassRates(_) | RawFormula::InKind(_) => {}
    }
}
