//! Formulas in words ("min(経費, 13,158,000円) × 1/2, 上限 6,579,000円") and as a flat list of figures.

use crate::engine::catalog::raw::{
    RawClassRates, RawCostRate, RawFixed, RawFormula, RawLesserOfGoals, RawLimit, RawPerDay,
    RawRate, RawRounding, RawSumOfParts, RawTerm, RawTieredRate, RawUnknownFormula,
    RoundingDirection,
};
use crate::engine::money::Rate;
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, NumberField, Op};

/// One figure of a term, with its provenance.
#[derive(Debug, Clone)]
pub struct FigureItem {
    /// Path of the figure in the formula (`subsidy_cap`, `tiers.byoin-daikibo.rate`).
    pub name: String,
    pub label: Text,
    pub rate: Option<Rate>,
    pub yen: Option<i64>,
    pub op: Option<Op>,
    pub per: Option<NumberField>,
    pub source: String,
    pub confidence: Confidence,
    pub derived: bool,
}

/// A limit in Japanese: "1,500,000円未満".
pub fn limit_ja(l: &RawLimit) -> String {
    format!("{}円{}", yen(l.yen), l.op.ja())
}

/// A limit in English: "less than ¥1,500,000".
pub fn limit_en(l: &RawLimit) -> String {
    format!("{} ¥{}", l.op.en_before(), yen(l.yen))
}

/// A limit in both languages.
pub fn limit_text(l: &RawLimit) -> (String, String) {
    (limit_ja(l), limit_en(l))
}

fn rate_value(r: &RawRate) -> Rate {
    match r {
        RawRate::Plain(r) => *r,
        RawRate::Sourced(s) => s.value,
    }
}

fn rounding_text(r: &RawRounding) -> (String, String) {
    let (ja, en): (String, String) = match (r.unit, r.direction) {
        (1, RoundingDirection::Down) => {
            ("1円未満切り捨て".into(), "rounded down to the yen".into())
        }
        (1000, RoundingDirection::Down) => {
            ("千円未満切り捨て".into(), "rounded down to ¥1,000".into())
        }
        (u, RoundingDirection::Down) => (
            format!("{u}円未満切り捨て"),
            format!("rounded down to ¥{u}"),
        ),
        (u, RoundingDirection::Up) => (format!("{u}円単位切り上げ"), format!("rounded up to ¥{u}")),
        (u, RoundingDirection::HalfUp) => (
            format!("{u}円単位四捨五入"),
            format!("rounded half up to ¥{u}"),
        ),
    };
    if r.confidence.is_some_and(|c| !c.verified()) || r.derived {
        return (
            format!("{ja} (規則は未確認)"),
            format!("{en} (rule unconfirmed)"),
        );
    }
    (ja, en)
}

/// The formula of a term in words.
pub fn formula_text(f: &RawFormula) -> Text {
    match f {
        RawFormula::CostRate(c) => cost_rate_text(c),
        RawFormula::TieredRate(t) => tiered_rate_text(t),
        RawFormula::LesserOfGoals(l) => lesser_of_goals_text(l),
        RawFormula::PerDay(p) => per_day_text(p),
        RawFormula::Fixed(f) => fixed_text(f),
        RawFormula::ClassRates(c) => class_rates_text(c),
        RawFormula::SumOfParts(s) => sum_of_parts_text(s),
        RawFormula::InKind(_) => {
            Text::new("現物支援 (金銭の補助なし)", "support in kind (no money)")
        }
        RawFormula::Unknown(u) => unknown_text(u),
    }
}

/// A cost rate in words: the capped cost times the rate, rounding, limits and tiers.
fn cost_rate_text(c: &RawCostRate) -> Text {
    let mut ja;
    let mut en;
    let cost_ja = match (&c.cost_cap, &c.cost_cap_per_unit) {
        (Some(cap), _) => format!("min(経費, {}円)", yen(cap.yen)),
        (None, Some(pu)) => {
            format!("min(経費, {} × {}円)", pu.basis.label().ja, yen(pu.yen))
        }
        (None, None) => "経費".to_string(),
    };
    let cost_en = match (&c.cost_cap, &c.cost_cap_per_unit) {
        (Some(cap), _) => format!("min(cost, ¥{})", yen(cap.yen)),
        (None, Some(pu)) => {
            format!("min(cost, {} × ¥{})", pu.basis.label().en, yen(pu.yen))
        }
        (None, None) => "cost".to_string(),
    };
    match &c.rate {
        Some(r) => {
            let r = rate_value(r);
            ja = format!("{cost_ja} × {}", r.text());
            en = format!("{cost_en} × {}", r.text());
        }
        None => {
            ja = format!("{cost_ja} × 区分別の補助率");
            en = format!("{cost_en} × the tier's rate");
        }
    }
    if let Some(rr) = &c.raised_rate {
        let r = rate_value(&rr.rate);
        ja.push_str(&format!(" ({}: {})", rr.label.ja, r.text()));
        en.push_str(&format!(" ({}: {})", rr.label.en, r.text()));
    }
    let (rj, re) = rounding_text(&c.rounding);
    ja.push_str(&format!("、{rj}"));
    en.push_str(&format!(", {re}"));
    if let Some(cap) = &c.subsidy_cap {
        ja.push_str(&format!("、上限 {}", limit_ja(cap)));
        en.push_str(&format!(", subsidy {}", limit_en(cap)));
    }
    if let Some(min) = &c.subsidy_min {
        ja.push_str(&format!("、補助額 {}", limit_ja(min)));
        en.push_str(&format!(", subsidy {}", limit_en(min)));
    }
    if let Some(min) = &c.cost_min {
        ja.push_str(&format!("、事業費 {}", limit_ja(min)));
        en.push_str(&format!(", cost {}", limit_en(min)));
    }
    if !c.tiers.is_empty() {
        let tj = c
            .tiers
            .iter()
            .map(|t| {
                let mut s = t.label.ja.to_string();
                if t.unknown {
                    s.push_str(": 未確認");
                } else {
                    let mut parts = Vec::new();
                    if let Some(cc) = &t.cost_cap {
                        parts.push(format!("事業額上限 {}円", yen(cc.yen)));
                    }
                    if let Some(r) = &t.rate {
                        parts.push(rate_value(r).text());
                    }
                    if let Some(sc) = &t.subsidy_cap {
                        parts.push(format!("上限 {}", limit_ja(sc)));
                    }
                    s.push_str(&format!(": {}", parts.join("・")));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" / ");
        let te = c
            .tiers
            .iter()
            .map(|t| {
                let mut s = t.label.en.to_string();
                if t.unknown {
                    s.push_str(": unconfirmed");
                } else {
                    let mut parts = Vec::new();
                    if let Some(cc) = &t.cost_cap {
                        parts.push(format!("cost cap ¥{}", yen(cc.yen)));
                    }
                    if let Some(r) = &t.rate {
                        parts.push(rate_value(r).text());
                    }
                    if let Some(sc) = &t.subsidy_cap {
                        parts.push(format!("subsidy {}", limit_en(sc)));
                    }
                    s.push_str(&format!(": {}", parts.join(", ")));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" / ");
        ja.push_str(&format!(" [区分: {tj}]"));
        en.push_str(&format!(" [tiers: {te}]"));
    }
    Text::new(ja, en)
}

/// A tiered rate in words: the lower and upper bands and the category lines.
fn tiered_rate_text(t: &RawTieredRate) -> Text {
    let lower = rate_value(&t.lower_rate);
    let upper = rate_value(&t.upper_rate);
    let raised = t
        .lower_raised_rate
        .as_ref()
        .map(|r| {
            (
                format!(" ({}: {})", r.label.ja, rate_value(&r.rate).text()),
                format!(" ({}: {})", r.label.en, rate_value(&r.rate).text()),
            )
        })
        .unwrap_or_default();
    let mut ja = format!(
        "ソフトウェア: 補助額{}円以下の部分 × {}{}、超える部分 × {}、上限 {}",
        yen(t.band_yen),
        lower.text(),
        raised.0,
        upper.text(),
        limit_ja(&t.subsidy_cap)
    );
    let mut en = format!(
        "software: subsidy up to ¥{} at {}{}, above at {}, subsidy {}",
        yen(t.band_yen),
        lower.text(),
        raised.1,
        upper.text(),
        limit_en(&t.subsidy_cap)
    );
    if let Some(s) = &t.subsidy_cap_single_function {
        ja.push_str(&format!(" (1機能のみ {})", limit_ja(s)));
        en.push_str(&format!(" (one function only: {})", limit_en(s)));
    }
    for c in &t.category_caps {
        let r = rate_value(&c.rate);
        ja.push_str(&format!(
            "; {}: × {}、上限 {}",
            c.label.ja,
            r.text(),
            limit_ja(&c.cap)
        ));
        en.push_str(&format!(
            "; {}: × {}, {}",
            c.label.en,
            r.text(),
            limit_en(&c.cap)
        ));
    }
    Text::new(ja, en)
}

/// The lesser of achieved goals and cost × rate, in words.
fn lesser_of_goals_text(l: &RawLesserOfGoals) -> Text {
    let r = rate_value(&l.rate);
    let raised = l
        .raised_rate
        .as_ref()
        .map(|x| {
            (
                format!(" ({}: {})", x.label.ja, rate_value(&x.rate).text()),
                format!(" ({}: {})", x.label.en, rate_value(&x.rate).text()),
            )
        })
        .unwrap_or_default();
    Text::new(
        format!(
            "min(達成した成果目標の上限額の合計 (コース上限 {}円), 経費 × {}{})",
            yen(l.course_max.yen),
            r.text(),
            raised.0
        ),
        format!(
            "min(sum of achieved goal caps (course maximum ¥{}), cost × {}{})",
            yen(l.course_max.yen),
            r.text(),
            raised.1
        ),
    )
}

/// An amount per day closed, in words.
fn per_day_text(p: &RawPerDay) -> Text {
    Text::new(
        format!(
            "休業日数 × {}円、上限 {}",
            yen(p.yen_per_day),
            limit_ja(&p.cap)
        ),
        format!(
            "days closed × ¥{}, {}",
            yen(p.yen_per_day),
            limit_en(&p.cap)
        ),
    )
}

/// A fixed amount in words, or the lesser of it and the spend.
fn fixed_text(f: &RawFixed) -> Text {
    if f.limited_to_spend {
        Text::new(
            format!("min({}円, 実支出額)", yen(f.yen)),
            format!("min(¥{}, spend)", yen(f.yen)),
        )
    } else {
        Text::new(
            format!("定額 {}円", yen(f.yen)),
            format!("fixed ¥{}", yen(f.yen)),
        )
    }
}

/// Rates by expense class in words.
fn class_rates_text(c: &RawClassRates) -> Text {
    Text::new(
        format!(
            "資産形成経費 × {} + その他経費 × {}、上限 {} × {}円",
            rate_value(&c.asset_rate).text(),
            rate_value(&c.other_rate).text(),
            c.cap_per_unit.basis.label().ja,
            yen(c.cap_per_unit.yen)
        ),
        format!(
            "asset-forming costs × {} + other costs × {}, capped at {} × ¥{}",
            rate_value(&c.asset_rate).text(),
            rate_value(&c.other_rate).text(),
            c.cap_per_unit.basis.label().en,
            yen(c.cap_per_unit.yen)
        ),
    )
}

/// A sum of parts in words, one part after another.
fn sum_of_parts_text(s: &RawSumOfParts) -> Text {
    let ja = s
        .parts
        .iter()
        .map(|p| {
            if let Some(pu) = &p.per_unit {
                let mut t = format!(
                    "{}: {} × {}円",
                    p.label.ja,
                    pu.basis.label().ja,
                    yen(pu.yen)
                );
                if let Some(fi) = &p.fixed_instead {
                    t.push_str(&format!(" (小規模は定額 {}円)", yen(fi.yen)));
                }
                t
            } else if let Some(y) = p.fixed_yen {
                format!("{}: {}円", p.label.ja, yen(y))
            } else if !p.highest_of.is_empty() {
                let max = p.highest_of.iter().map(|o| o.yen).max().unwrap_or(0);
                format!(
                    "{}: 該当区分のうち最も高い額 (最大 {}円)",
                    p.label.ja,
                    yen(max)
                )
            } else if let Some(po) = &p.percent_of {
                format!(
                    "{}: {}円 × 減少率 (上限{}%) × {}",
                    p.label.ja,
                    yen(po.yen_per_percent),
                    po.percent_cap,
                    rate_value(&po.rate).text()
                )
            } else {
                p.label.ja.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" + ");
    let en = s
        .parts
        .iter()
        .map(|p| {
            if let Some(pu) = &p.per_unit {
                let mut t = format!("{}: {} × ¥{}", p.label.en, pu.basis.label().en, yen(pu.yen));
                if let Some(fi) = &p.fixed_instead {
                    t.push_str(&format!(" (small facilities: fixed ¥{})", yen(fi.yen)));
                }
                t
            } else if let Some(y) = p.fixed_yen {
                format!("{}: ¥{}", p.label.en, yen(y))
            } else if !p.highest_of.is_empty() {
                let max = p.highest_of.iter().map(|o| o.yen).max().unwrap_or(0);
                format!(
                    "{}: the highest applicable tier (up to ¥{})",
                    p.label.en,
                    yen(max)
                )
            } else if let Some(po) = &p.percent_of {
                format!(
                    "{}: ¥{} × decline % (max {}%) × {}",
                    p.label.en,
                    yen(po.yen_per_percent),
                    po.percent_cap,
                    rate_value(&po.rate).text()
                )
            } else {
                p.label.en.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" + ");
    Text::new(ja, en)
}

/// An unconfirmed amount in words, with any stated maximum.
fn unknown_text(u: &RawUnknownFormula) -> Text {
    let (mj, me) = match &u.max {
        Some(m) => (
            format!(" (最大 {}円とされる)", yen(m.yen)),
            format!(" (stated maximum ¥{})", yen(m.yen)),
        ),
        None => (String::new(), String::new()),
    };
    Text::new(
        format!("金額未確認: {}{mj}", u.reason.ja),
        format!("amount unconfirmed: {}{me}", u.reason.en),
    )
}

fn limit_item(
    name: &str,
    label: Text,
    l: &RawLimit,
    src: &str,
    conf: Confidence,
    derived: bool,
) -> FigureItem {
    FigureItem {
        name: name.to_string(),
        label,
        rate: None,
        yen: Some(l.yen),
        op: Some(l.op),
        per: None,
        source: src.to_string(),
        confidence: conf,
        derived,
    }
}

fn rate_item(
    name: &str,
    label: Text,
    r: &RawRate,
    src: &str,
    conf: Confidence,
    derived: bool,
) -> FigureItem {
    let (rate, src, conf, derived) = match r {
        RawRate::Plain(r) => (*r, src.to_string(), conf, derived),
        RawRate::Sourced(s) => (
            s.value,
            s.source.as_deref().unwrap_or(src).to_string(),
            s.confidence.unwrap_or(conf),
            s.derived || derived,
        ),
    };
    FigureItem {
        name: name.to_string(),
        label,
        rate: Some(rate),
        yen: None,
        op: None,
        per: None,
        source: src,
        confidence: conf,
        derived,
    }
}

/// Every figure of a term, flattened.
pub fn figures(term: &RawTerm) -> Vec<FigureItem> {
    let src = term.source.as_str();
    let conf = term.confidence;
    let der = term.derived;
    let mut out = Vec::new();
    match &term.formula {
        RawFormula::CostRate(c) => cost_rate_figures(&mut out, c, src, conf, der),
        RawFormula::TieredRate(t) => tiered_rate_figures(&mut out, t, src, conf, der),
        RawFormula::LesserOfGoals(l) => lesser_of_goals_figures(&mut out, l, src, conf, der),
        RawFormula::PerDay(p) => per_day_figures(&mut out, p, src, conf, der),
        RawFormula::Fixed(f) => fixed_figures(&mut out, f, src, conf, der),
        RawFormula::ClassRates(c) => class_rates_figures(&mut out, c, src, conf, der),
        RawFormula::SumOfParts(s) => sum_of_parts_figures(&mut out, s, src, conf, der),
        RawFormula::InKind(_) => {}
        RawFormula::Unknown(u) => unknown_figures(&mut out, u, src, conf, der),
    }
    out
}

/// The figures of a cost rate: cost caps, rates, subsidy limits, then each tier's.
fn cost_rate_figures(
    out: &mut Vec<FigureItem>,
    c: &RawCostRate,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    push_limit(
        out,
        "cost_cap",
        Text::new("事業額上限 (基準額)", "cost cap"),
        &c.cost_cap,
        src,
        conf,
        der,
    );
    if let Some(pu) = &c.cost_cap_per_unit {
        out.push(FigureItem {
            name: "cost_cap_per_unit".into(),
            label: Text::new("基準額 (単位あたり)", "base amount per unit"),
            rate: None,
            yen: Some(pu.yen),
            op: None,
            per: Some(pu.basis),
            source: src.into(),
            confidence: conf,
            derived: der,
        });
    }
    push_limit(
        out,
        "cost_min",
        Text::new("事業費の下限", "minimum cost"),
        &c.cost_min,
        src,
        conf,
        der,
    );
    if let Some(r) = &c.rate {
        out.push(rate_item(
            "rate",
            Text::new("補助率", "rate"),
            r,
            src,
            conf,
            der,
        ));
    }
    if let Some(rr) = &c.raised_rate {
        out.push(rate_item(
            "raised_rate",
            rr.label.clone(),
            &rr.rate,
            src,
            conf,
            der,
        ));
    }
    push_limit(
        out,
        "subsidy_cap",
        Text::new("補助上限", "subsidy cap"),
        &c.subsidy_cap,
        src,
        conf,
        der,
    );
    push_limit(
        out,
        "subsidy_min",
        Text::new("補助額の下限", "minimum subsidy"),
        &c.subsidy_min,
        src,
        conf,
        der,
    );
    for t in &c.tiers {
        let ts = t.source.as_deref().unwrap_or(src);
        let tc = t.confidence.unwrap_or(conf);
        let td = t.derived || der;
        let p = format!("tiers.{}", t.id);
        push_limit(
            out,
            &format!("{p}.cost_cap"),
            Text::new(
                format!("{} 事業額上限", t.label.ja),
                format!("{} cost cap", t.label.en),
            ),
            &t.cost_cap,
            ts,
            tc,
            td,
        );
        if let Some(r) = &t.rate {
            out.push(rate_item(
                &format!("{p}.rate"),
                Text::new(
                    format!("{} 補助率", t.label.ja),
                    format!("{} rate", t.label.en),
                ),
                r,
                ts,
                tc,
                td,
            ));
        }
        push_limit(
            out,
            &format!("{p}.subsidy_cap"),
            Text::new(
                format!("{} 補助上限", t.label.ja),
                format!("{} subsidy cap", t.label.en),
            ),
            &t.subsidy_cap,
            ts,
            tc,
            td,
        );
        push_limit(
            out,
            &format!("{p}.subsidy_min"),
            Text::new(
                format!("{} 補助額の下限", t.label.ja),
                format!("{} minimum subsidy", t.label.en),
            ),
            &t.subsidy_min,
            ts,
            tc,
            td,
        );
        if let Some(pu) = &t.cost_cap_per_unit {
            out.push(FigureItem {
                name: format!("{p}.cost_cap_per_unit"),
                label: Text::new(
                    format!("{} 基準額 (単位あたり)", t.label.ja),
                    format!("{} base amount per unit", t.label.en),
                ),
                rate: None,
                yen: Some(pu.yen),
                op: None,
                per: Some(pu.basis),
                source: ts.into(),
                confidence: tc,
                derived: td,
            });
        }
    }
}

/// The figures of a tiered rate: both rates, the band, the caps and each category line.
fn tiered_rate_figures(
    out: &mut Vec<FigureItem>,
    t: &RawTieredRate,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(rate_item(
        "lower_rate",
        Text::new("下位部分の補助率", "rate on the lower band"),
        &t.lower_rate,
        src,
        conf,
        der,
    ));
    if let Some(r) = &t.lower_raised_rate {
        out.push(rate_item(
            "lower_raised_rate",
            r.label.clone(),
            &r.rate,
            src,
            conf,
            der,
        ));
    }
    out.push(rate_item(
        "upper_rate",
        Text::new("上位部分の補助率", "rate above the band"),
        &t.upper_rate,
        src,
        conf,
        der,
    ));
    out.push(limit_item(
        "band",
        Text::new("下位部分の上限 (補助額)", "lower band (subsidy)"),
        &RawLimit {
            yen: t.band_yen,
            op: Op::Le,
        },
        src,
        conf,
        der,
    ));
    out.push(limit_item(
        "subsidy_cap",
        Text::new("補助上限", "subsidy cap"),
        &t.subsidy_cap,
        src,
        conf,
        der,
    ));
    push_limit(
        out,
        "subsidy_cap_single_function",
        Text::new("補助上限 (1機能のみ)", "subsidy cap (one function)"),
        &t.subsidy_cap_single_function,
        src,
        conf,
        der,
    );
    for c in &t.category_caps {
        let cs = c.source.as_deref().unwrap_or(src);
        let cc = c.confidence.unwrap_or(conf);
        out.push(rate_item(
            &format!("category_caps.{}.rate", c.id),
            Text::new(
                format!("{} 補助率", c.label.ja),
                format!("{} rate", c.label.en),
            ),
            &c.rate,
            cs,
            cc,
            der,
        ));
        out.push(limit_item(
            &format!("category_caps.{}.cap", c.id),
            Text::new(
                format!("{} 上限", c.label.ja),
                format!("{} cap", c.label.en),
            ),
            &c.cap,
            cs,
            cc,
            der,
        ));
    }
}

/// The figures of the lesser of goals: the rates, the course maximum and each goal's cap.
fn lesser_of_goals_figures(
    out: &mut Vec<FigureItem>,
    l: &RawLesserOfGoals,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(rate_item(
        "rate",
        Text::new("補助率", "rate"),
        &l.rate,
        src,
        conf,
        der,
    ));
    if let Some(r) = &l.raised_rate {
        out.push(rate_item(
            "raised_rate",
            r.label.clone(),
            &r.rate,
            src,
            conf,
            der,
        ));
    }
    out.push(limit_item(
        "course_max",
        Text::new("コース上限", "course maximum"),
        &l.course_max,
        src,
        conf,
        der,
    ));
    for g in &l.goals {
        if let Some(y) = g.cap_yen {
            out.push(limit_item(
                &format!("goals.{}", g.goal),
                g.label.clone(),
                &RawLimit { yen: y, op: Op::Le },
                src,
                conf,
                der,
            ));
        }
    }
}

/// The figures of an amount per day: the daily amount and its cap.
fn per_day_figures(
    out: &mut Vec<FigureItem>,
    p: &RawPerDay,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(FigureItem {
        name: "yen_per_day".into(),
        label: Text::new("1日あたり", "per day"),
        rate: None,
        yen: Some(p.yen_per_day),
        op: None,
        per: Some(NumberField::DaysClosed),
        source: src.into(),
        confidence: conf,
        derived: der,
    });
    out.push(limit_item(
        "cap",
        Text::new("上限", "cap"),
        &p.cap,
        src,
        conf,
        der,
    ));
}

/// The figure of a fixed amount.
fn fixed_figures(out: &mut Vec<FigureItem>, f: &RawFixed, src: &str, conf: Confidence, der: bool) {
    out.push(limit_item(
        "fixed",
        Text::new("定額", "fixed amount"),
        &RawLimit {
            yen: f.yen,
            op: Op::Le,
        },
        src,
        conf,
        der,
    ));
}

/// The figures of rates by expense class: the per-unit base and both rates.
fn class_rates_figures(
    out: &mut Vec<FigureItem>,
    c: &RawClassRates,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(FigureItem {
        name: "cap_per_unit".into(),
        label: Text::new("基準額 (単位あたり)", "base amount per unit"),
        rate: None,
        yen: Some(c.cap_per_unit.yen),
        op: None,
        per: Some(c.cap_per_unit.basis),
        source: src.into(),
        confidence: conf,
        derived: der,
    });
    out.push(rate_item(
        "asset_rate",
        Text::new("資産形成経費の補助率", "asset-forming rate"),
        &c.asset_rate,
        src,
        conf,
        der,
    ));
    out.push(rate_item(
        "other_rate",
        Text::new("その他経費の補助率", "other costs rate"),
        &c.other_rate,
        src,
        conf,
        der,
    ));
}

/// The figures of a sum of parts, part by part.
fn sum_of_parts_figures(
    out: &mut Vec<FigureItem>,
    s: &RawSumOfParts,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    for p in &s.parts {
        let ps = p.source.as_deref().unwrap_or(src);
        let pc = p.confidence.unwrap_or(conf);
        if let Some(pu) = &p.per_unit {
            out.push(FigureItem {
                name: format!("parts.{}", p.id),
                label: p.label.clone(),
                rate: None,
                yen: Some(pu.yen),
                op: None,
                per: Some(pu.basis),
                source: ps.into(),
                confidence: pc,
                derived: der,
            });
            if let Some(fi) = &p.fixed_instead {
                out.push(limit_item(
                    &format!("parts.{}.fixed_instead", p.id),
                    Text::new(
                        format!("{} (定額)", p.label.ja),
                        format!("{} (fixed)", p.label.en),
                    ),
                    &RawLimit {
                        yen: fi.yen,
                        op: Op::Le,
                    },
                    ps,
                    pc,
                    der,
                ));
            }
        }
        if let Some(y) = p.fixed_yen {
            out.push(limit_item(
                &format!("parts.{}", p.id),
                p.label.clone(),
                &RawLimit { yen: y, op: Op::Le },
                ps,
                pc,
                der,
            ));
        }
        for o in &p.highest_of {
            out.push(limit_item(
                &format!("parts.{}.{}", p.id, o.id),
                Text::new(
                    format!("{}: {}", p.label.ja, o.label.ja),
                    format!("{}: {}", p.label.en, o.label.en),
                ),
                &RawLimit {
                    yen: o.yen,
                    op: Op::Le,
                },
                ps,
                pc,
                der,
            ));
        }
        if let Some(po) = &p.percent_of {
            out.push(FigureItem {
                name: format!("parts.{}", p.id),
                label: p.label.clone(),
                rate: None,
                yen: Some(po.yen_per_percent),
                op: None,
                per: Some(po.percent),
                source: ps.into(),
                confidence: pc,
                derived: der,
            });
            out.push(rate_item(
                &format!("parts.{}.rate", p.id),
                Text::new(
                    format!("{} 補助率", p.label.ja),
                    format!("{} rate", p.label.en),
                ),
                &po.rate,
                ps,
                pc,
                der,
            ));
        }
    }
}

/// The figures kept with an unconfirmed amount: stated maxima and any rate.
fn unknown_figures(
    out: &mut Vec<FigureItem>,
    u: &RawUnknownFormula,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    if let Some(m) = &u.max {
        out.push(limit_item(
            "max",
            Text::new("上限 (未確認の規則)", "stated maximum (rule unconfirmed)"),
            m,
            src,
            conf,
            der,
        ));
    }
    for (i, t) in u.max_tiers.iter().enumerate() {
        out.push(limit_item(
            &format!("max_tiers.{i}"),
            Text::new(
                format!("上限: {}", t.label.ja),
                format!("stated maximum: {}", t.label.en),
            ),
            &t.max,
            src,
            conf,
            der,
        ));
    }
    if let Some(r) = &u.rate {
        out.push(rate_item(
            "rate",
            Text::new("補助率", "rate"),
            r,
            src,
            conf,
            der,
        ));
    }
}

/// Pushes the figure of a limit when the catalog gives one.
fn push_limit(
    out: &mut Vec<FigureItem>,
    name: &str,
    label: Text,
    l: &Option<RawLimit>,
    src: &str,
    conf: Confidence,
    derived: bool,
) {
    if let Some(l) = l {
        out.push(limit_item(name, label, l, src, conf, derived));
    }
}

/// The largest published amount of a formula (caps, fixed amounts, stated maxima), or the
/// computed maximum of a cost cap × rate when no cap is published.
pub fn max_amount(f: &RawFormula) -> Option<i64> {
    use crate::engine::money::round;
    use rust_decimal::Decimal;
    let cost_rate_max = |cost_cap: Option<&RawLimit>,
                         rate: Option<&RawRate>,
                         cap: Option<&RawLimit>,
                         rounding: &RawRounding| {
        cap.map(|c| c.yen).or_else(|| match (cost_cap, rate) {
            (Some(cc), Some(r)) => Some(round(
                rate_value(r).apply(Decimal::from(cc.yen)),
                rounding.unit,
                rounding.direction,
            )),
            _ => None,
        })
    };
    match f {
        RawFormula::CostRate(c) => {
            let top = cost_rate_max(
                c.cost_cap.as_ref(),
                c.rate.as_ref(),
                c.subsidy_cap.as_ref(),
                &c.rounding,
            );
            let tiers = c.tiers.iter().filter(|t| !t.unknown).filter_map(|t| {
                cost_rate_max(
                    t.cost_cap.as_ref().or(c.cost_cap.as_ref()),
                    t.rate.as_ref().or(c.rate.as_ref()),
                    t.subsidy_cap.as_ref().or(c.subsidy_cap.as_ref()),
                    &c.rounding,
                )
            });
            top.into_iter().chain(tiers).max()
        }
        RawFormula::TieredRate(t) => {
            Some(t.subsidy_cap.yen + t.category_caps.iter().map(|c| c.cap.yen).sum::<i64>())
        }
        RawFormula::LesserOfGoals(l) => Some(l.course_max.yen),
        RawFormula::PerDay(p) => Some(p.cap.yen),
        RawFormula::Fixed(x) => Some(x.yen),
        RawFormula::ClassRates(_) | RawFormula::InKind(_) => None,
        RawFormula::SumOfParts(s) => {
            if s.parts
                .iter()
                .any(|p| p.per_unit.is_some() || p.percent_of.is_some())
            {
                return None;
            }
            // Parts with the same conditions are paid together; parts with different conditions
            // are the facility tiers (店舗数 ≤ 5 / 6–19 / ≥ 20): one facility gets the parts without
            // conditions plus one tier, the best.
            let amount = |p: &super::super::catalog::raw::RawPart| {
                p.fixed_yen.unwrap_or(0) + p.highest_of.iter().map(|o| o.yen).max().unwrap_or(0)
            };
            let mut tiers: Vec<(String, i64)> = Vec::new();
            // Tiers are told apart by their number conditions (店舗数, 病床数); other conditions
            // (a fee notified, a pledge) are ones a facility can meet.
            let tier_key = |p: &super::super::catalog::raw::RawPart| {
                let numbers: Vec<_> = p
                    .when
                    .iter()
                    .filter(|c| {
                        matches!(c, super::super::catalog::raw::RawCriterion::Number { .. })
                    })
                    .collect();
                format!("{numbers:?}")
            };
            let always: i64 = s
                .parts
                .iter()
                .filter(|p| tier_key(p) == "[]")
                .map(amount)
                .sum();
            for p in s.parts.iter().filter(|p| tier_key(p) != "[]") {
                let key = tier_key(p);
                match tiers.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, y)) => *y += amount(p),
                    None => tiers.push((key, amount(p))),
                }
            }
            let best = always + tiers.iter().map(|(_, y)| *y).max().unwrap_or(0);
            (best > 0).then_some(best)
        }
        RawFormula::Unknown(u) => u.max.map(|m| m.yen),
    }
}

/// What a frame's maximum is: one facility's, a group's total, or an amount per unit (per bed…)
/// that grows with the facility and so is no maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxAmount {
    Facility(i64),
    Group(i64),
    PerUnit {
        yen: i64,
        per: crate::engine::vocab::NumberField,
    },
}

/// The maximum of a frame under one term's formula, with what it is a maximum of.
pub fn frame_max(
    frame: &super::super::catalog::raw::RawFrame,
    f: &RawFormula,
) -> Option<MaxAmount> {
    use super::super::catalog::raw::MaxScope;
    use crate::engine::money::round;
    use rust_decimal::Decimal;
    let per_unit = match f {
        RawFormula::SumOfParts(s) => {
            let first = s.parts.iter().find_map(|p| p.per_unit.as_ref());
            first.map(|u| {
                let yen = s
                    .parts
                    .iter()
                    .filter_map(|p| p.per_unit.as_ref())
                    .filter(|x| x.basis == u.basis)
                    .map(|x| x.yen)
                    .sum();
                (yen, u.basis)
            })
        }
        RawFormula::CostRate(c) if c.subsidy_cap.is_none() => {
            match (c.cost_cap_per_unit.as_ref(), c.rate.as_ref()) {
                (Some(u), Some(r)) => Some((
                    round(
                        rate_value(r).apply(Decimal::from(u.yen)),
                        c.rounding.unit,
                        c.rounding.direction,
                    ),
                    u.basis,
                )),
                _ => None,
            }
        }
        RawFormula::ClassRates(c) => Some((c.cap_per_unit.yen, c.cap_per_unit.basis)),
        _ => None,
    };
    if let Some((yen, per)) = per_unit {
        return Some(MaxAmount::PerUnit { yen, per });
    }
    let m = max_amount(f)?;
    Some(match frame.max_scope {
        MaxScope::Facility => MaxAmount::Facility(m),
        MaxScope::Group => MaxAmount::Group(m),
    })
}

/// Every rate of a formula (for rate ranges).
pub fn rates(f: &RawFormula) -> Vec<Rate> {
    let mut out = Vec::new();
    match f {
        RawFormula::CostRate(c) => {
            out.extend(c.rate.as_ref().map(rate_value));
            out.extend(c.raised_rate.as_ref().map(|r| rate_value(&r.rate)));
            out.extend(
                c.tiers
                    .iter()
                    .filter_map(|t| t.rate.as_ref().map(rate_value)),
            );
        }
        RawFormula::TieredRate(t) => {
            out.push(rate_value(&t.lower_rate));
            out.push(rate_value(&t.upper_rate));
            out.extend(t.lower_raised_rate.as_ref().map(|r| rate_value(&r.rate)));
            out.extend(t.category_caps.iter().map(|c| rate_value(&c.rate)));
        }
        RawFormula::LesserOfGoals(l) => {
            out.push(rate_value(&l.rate));
            out.extend(l.raised_rate.as_ref().map(|r| rate_value(&r.rate)));
        }
        RawFormula::ClassRates(c) => {
            out.push(rate_value(&c.asset_rate));
            out.push(rate_value(&c.other_rate));
        }
        RawFormula::Unknown(u) => out.extend(u.rate.as_ref().map(rate_value)),
        RawFormula::SumOfParts(s) => out.extend(
            s.parts
                .iter()
                .filter_map(|p| p.percent_of.as_ref().map(|po| rate_value(&po.rate))),
        ),
        RawFormula::PerDay(_) | RawFormula::Fixed(_) | RawFormula::InKind(_) => {}
    }
    out
}

/// The formula kind's wire name.
pub fn kind_name(f: &RawFormula) -> &'static str {
    match f {
        RawFormula::CostRate(_) => "cost_rate",
        RawFormula::TieredRate(_) => "tiered_rate",
        RawFormula::LesserOfGoals(_) => "lesser_of_goals",
        RawFormula::PerDay(_) => "per_day",
        RawFormula::Fixed(_) => "fixed",
        RawFormula::ClassRates(_) => "class_rates",
        RawFormula::SumOfParts(_) => "sum_of_parts",
        RawFormula::InKind(_) => "in_kind",
        RawFormula::Unknown(_) => "unknown",
    }
}
