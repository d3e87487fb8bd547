//! `expense_total` and `expense_category`, read only inside formulas: the expense lines of some
//! categories add up to more or less than an amount, or some line is in a category.

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Threshold, Tri};
use super::words::{write_list, Lang};
use crate::engine::input_key::{ExpenseField, InputKey};
use crate::engine::text::write_yen;
use crate::engine::vocab::{ExpenseCategory, Op};

/// The sum of the lines in `categories` (`None`: no lines, as in eligibility).
fn expense_total(ctx: &Ctx, categories: &[ExpenseCategory]) -> Option<i64> {
    ctx.lines.map(|ls| {
        ls.iter()
            .filter(|l| categories.contains(&l.category))
            .map(|l| l.amount_yen)
            .sum()
    })
}

pub fn decide_total(ctx: &Ctx, categories: &[ExpenseCategory], op: Op, yen: i64) -> Tri {
    Tri::from_opt(expense_total(ctx, categories).map(|total| op.holds(total, yen)))
}

pub fn outcome_total(ctx: &Ctx, categories: &[ExpenseCategory], op: Op, yen: i64) -> Outcome {
    let (value, missing) = read(
        expense_total(ctx, categories),
        Fact::Int,
        InputKey::Expenses(ExpenseField::Lines),
    );
    Outcome {
        code: "expense_total",
        verdict: decide_total(ctx, categories, op, yen),
        value,
        threshold: Some(Threshold { op, value: yen }),
        missing,
    }
}

/// `<categories>の経費が500,000円以上` / `<categories> costs at least ¥500,000`.
pub fn write_total<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    categories: &[ExpenseCategory],
    op: Op,
    yen: i64,
) -> fmt::Result {
    write_list(out, lang, categories, |c| (c.ja(), c.en()))?;
    if lang == Lang::Ja {
        out.write_str("の経費が")?;
        write_yen(out, yen)?;
        out.write_str("円")?;
        out.write_str(op.ja())?;
    } else {
        out.write_str(" costs ")?;
        out.write_str(op.en_before())?;
        out.write_str(" ¥")?;
        write_yen(out, yen)?;
    }
    if input {
        match expense_total(ctx, categories) {
            Some(t) => {
                out.write_str(lang.pick(" (入力: ", " (input: "))?;
                write_yen(out, t)?;
                out.write_str("円)")?;
            }
            None => out.write_str(lang.pick(" (経費未入力)", " (not given)"))?,
        }
    }
    Ok(())
}

/// Whether some line is in `category` (`None`: no lines).
fn has_category(ctx: &Ctx, category: ExpenseCategory) -> Option<bool> {
    ctx.lines
        .map(|ls| ls.iter().any(|l| l.category == category))
}

pub fn decide_category(ctx: &Ctx, category: ExpenseCategory) -> Tri {
    Tri::from_opt(has_category(ctx, category))
}

pub fn outcome_category(ctx: &Ctx, category: ExpenseCategory) -> Outcome {
    Outcome::plain(
        "expense_category",
        decide_category(ctx, category),
        read(
            has_category(ctx, category),
            Fact::Bool,
            InputKey::Expenses(ExpenseField::Lines),
        ),
    )
}

/// `<category>の経費を含む` / `includes <category> costs`; the lines are not repeated.
pub fn write_category<W: fmt::Write>(
    out: &mut W,
    lang: Lang,
    category: ExpenseCategory,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str(category.ja())?;
        out.write_str("の経費を含む")
    } else {
        out.write_str("includes ")?;
        out.write_str(category.en())?;
        out.write_str(" costs")
    }
}
