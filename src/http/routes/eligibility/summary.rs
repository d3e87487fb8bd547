//! The `detail = summary` answer, written directly from the engine's results.
//!
//! A summary is about 80 frames of ids and enum words: a generic serializer spends most of its
//! time on them, one short string at a time. The shape is the one the response types declare
//! (`EligibilityResponse` without the full answer's texts); the API tests check that a summary
//! is exactly the full answer with those fields left out.

use chrono::NaiveDate;

use crate::engine::catalog::Catalog;
use crate::engine::eligibility::{self, MissingInput, ProgramResult, Warning};
use crate::engine::text::{write_date, Text};
use crate::http::json_out::JsonOut;
use crate::http::request::pointer::{json_pointer, warning_message};

fn warnings(out: &mut JsonOut, list: &[Warning]) {
    out.list(list, |o, w| {
        let (ja, en) = warning_message(w);
        o.raw("{\"code\":")
            .str(w.code)
            .raw(",\"message\":")
            .text(&ja, &en)
            .raw("}");
    });
}

fn program(out: &mut JsonOut, r: &ProgramResult) {
    out.raw("{\"program_id\":")
        .str(&r.program.def.id)
        .raw(",\"verdict\":\"")
        .raw(r.verdict.as_str())
        .raw("\",\"status\":\"")
        .raw(r.status.as_str())
        .raw("\",\"status_reason\":")
        .text(&r.status_reason.ja, &r.status_reason.en)
        .raw(",\"frames\":")
        .list(&r.frames, |o, f| {
            o.raw("{\"frame_id\":")
                .str(&f.frame.def.id)
                .raw(",\"verdict\":\"")
                .raw(f.verdict.as_str())
                .raw("\",\"window\":{\"status\":\"")
                .raw(f.window.status.as_str())
                .raw("\"");
            if let Some((p, fr)) = f.window.successor {
                o.raw(",\"successor\":{\"program_id\":")
                    .str(p)
                    .raw(",\"frame_id\":")
                    .str(fr)
                    .raw("}");
            }
            o.raw("}}");
        })
        .raw(",\"prerequisites\":")
        .list(&r.prerequisites, |o, p| {
            o.raw("{\"system\":\"")
                .raw(p.system.as_str())
                .raw("\",\"program_id\":")
                .str(p.program_id)
                .raw(",\"state\":\"")
                .raw(p.state.as_str())
                .raw("\",\"order\":")
                .int(p.order)
                .raw("}");
        });
    if !r.warnings.is_empty() {
        out.raw(",\"warnings\":");
        warnings(out, &r.warnings);
    }
    out.raw("}");
}

/// The whole summary answer.
pub fn write(
    as_of: NaiveDate,
    catalog: &Catalog,
    results: &[ProgramResult],
    missing: &[MissingInput],
    next_cursor: Option<&str>,
    request_warnings: &[Warning],
) -> Vec<u8> {
    // About 900 bytes a program (its frames' verdicts and the status reason): one buffer of
    // that size saves regrowing and copying it as it is written.
    let mut out = JsonOut::with_capacity(2048 + results.len() * 1024);
    let mut date = String::with_capacity(10);
    // Writing into a String cannot fail.
    let _ = write_date(&mut date, as_of);
    out.raw("{\"as_of\":")
        .str(&date)
        .raw(",\"catalog\":{\"edition\":")
        .str(&catalog.edition)
        .raw(",\"hash\":")
        .str(&catalog.hash)
        .raw("},\"results\":")
        .list(results, program)
        .raw(",\"missing\":")
        .list(missing, |o, m| {
            let q: Text = eligibility::question(m.field);
            o.raw("{\"field\":")
                .str(&json_pointer(m.field))
                .raw(",\"frames\":")
                .int(m.frames)
                .raw(",\"question\":")
                .text(&q.ja, &q.en)
                .raw("}");
        });
    if let Some(c) = next_cursor {
        out.raw(",\"next_cursor\":").str(c);
    }
    out.raw(",\"warnings\":");
    warnings(&mut out, request_warnings);
    out.raw("}");
    out.into_bytes()
}
