//! The words the criterion sentences share: the language, lists, and the facility's input in
//! brackets.

use std::fmt;

use chrono::NaiveDate;

use crate::engine::text::write_date;

/// The language of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub(super) fn pick(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

pub(super) fn write_int<W: fmt::Write>(out: &mut W, v: i64) -> fmt::Result {
    write!(out, "{v}")
}

pub(super) fn write_list<W: fmt::Write, T: Copy>(
    out: &mut W,
    lang: Lang,
    items: &[T],
    label: fn(T) -> (&'static str, &'static str),
) -> fmt::Result {
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.write_str(lang.pick("・", ", "))?;
        }
        let (ja, en) = label(*t);
        out.write_str(lang.pick(ja, en))?;
    }
    Ok(())
}

/// ` (入力: …)` / ` (input: …)` with a fixed word per language.
pub(super) fn write_input<W: fmt::Write>(
    out: &mut W,
    lang: Lang,
    word: (&'static str, &'static str),
) -> fmt::Result {
    out.write_str(lang.pick(" (入力: ", " (input: "))?;
    out.write_str(lang.pick(word.0, word.1))?;
    out.write_str(")")
}

pub(super) fn write_not_given<W: fmt::Write>(out: &mut W, lang: Lang) -> fmt::Result {
    out.write_str(lang.pick(" (未入力)", " (not given)"))
}

/// ` (入力: 2025-04-01)`, or that the date was not given.
pub(super) fn write_date_input<W: fmt::Write>(
    out: &mut W,
    lang: Lang,
    d: Option<NaiveDate>,
) -> fmt::Result {
    match d {
        Some(d) => {
            out.write_str(lang.pick(" (入力: ", " (input: "))?;
            write_date(out, d)?;
            out.write_str(")")
        }
        None => write_not_given(out, lang),
    }
}
