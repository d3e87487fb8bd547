//! Three-valued evaluation of catalog criteria against a facility profile.
//!
//! Each evaluation produces its verdict, a stable reason code, the inputs it needed when they
//! were missing, and the ja/en sentence, all at once, so the explanation cannot disagree with
//! the verdict.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::raw::{OthersVerdict, RawCriterion};
use super::facility::Facility;
use super::text::{push_yen, yen, Text};
use super::vocab::{prefecture_name, ExpenseCategory, NumberField, Op};

/// Verdict of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    Met,
    NotMet,
    Unknown,
}

impl Tri {
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::NotMet, _) | (_, Tri::NotMet) => Tri::NotMet,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::Met,
        }
    }
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Met, _) | (_, Tri::Met) => Tri::Met,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::NotMet,
        }
    }
    fn from_opt(b: Option<bool>) -> Tri {
        match b {
            Some(true) => Tri::Met,
            Some(false) => Tri::NotMet,
            None => Tri::Unknown,
        }
    }
}

/// The published reason codes, one per criterion kind (number criteria use the field name).
pub const REASON_CODES: &[&str] = &[
    "facility_type",
    "beds",
    "beds_in_use_max",
    "employees",
    "capital_yen",
    "card_readers_free",
    "it_processes",
    "invoice_functions",
    "days_closed",
    "ambulance_acceptances",
    "surgeries_deliveries",
    "pharmacy_group_stores",
    "beds_cut",
    "beds_idled",
    "occupancy_percent",
    "deliveries_half_year",
    "delivery_decline_percent",
    "inpatient_decline_percent",
    "prefecture",
    "system_in_operation",
    "system_not_in_operation",
    "fee_notified",
    "designation",
    "not_designation",
    "operator_type",
    "operator_excluded",
    "service",
    "large_chain_pharmacy",
    "not_previously_granted",
    "previously_granted",
    "completed_by",
    "completed_from",
    "contracted_between",
    "incident",
    "min_wage_near",
    "expense_total",
    "expense_category",
    "all_of",
    "any_of",
    "minimum",
];

/// One expense line as the criteria and formulas see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub category: ExpenseCategory,
    pub amount_yen: i64,
    pub quantity: i64,
    pub asset_forming: Option<bool>,
}

/// What a criterion is evaluated against.
pub struct Ctx<'a> {
    pub facility: &'a Facility,
    pub as_of: NaiveDate,
    /// Expense lines, in a calculation; `None` in eligibility.
    pub lines: Option<&'a [Line]>,
}

/// The result of one criterion.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub code: &'static str,
    pub verdict: Tri,
    pub reason: Text,
    /// The facility value the criterion read, when known.
    pub value: Option<serde_json::Value>,
    /// The threshold with its operator, for number criteria.
    pub threshold: Option<Threshold>,
    /// JSON Pointers of inputs that would settle an unknown verdict.
    pub missing: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Threshold {
    pub op: Op,
    pub value: i64,
}

fn push_amount_ja(out: &mut String, f: NumberField, v: i64, unit: &str) {
    push_yen(out, v);
    out.push_str(if f == NumberField::CapitalYen {
        "円"
    } else {
        unit
    });
}

fn push_amount_en(out: &mut String, f: NumberField, v: i64, unit: &str) {
    if f == NumberField::CapitalYen {
        out.push('¥');
        push_yen(out, v);
    } else {
        push_yen(out, v);
        out.push(' ');
        out.push_str(unit);
    }
}

fn input_suffix(known: Option<String>, unknown_ja: &str) -> (String, String) {
    match known {
        Some(v) => (format!(" (入力: {v})"), format!(" (input: {v})")),
        None => (format!(" ({unknown_ja})"), " (not given)".to_string()),
    }
}

fn join<T: Copy>(items: &[T], label: fn(T) -> &'static str, sep: &str) -> String {
    let mut out = String::with_capacity(items.len() * 16);
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(label(*t));
    }
    out
}

fn list_ja<T: Copy>(items: &[T], label: fn(T) -> &'static str) -> String {
    join(items, label, "・")
}

fn list_en<T: Copy>(items: &[T], label: fn(T) -> &'static str) -> String {
    join(items, label, ", ")
}

/// Labels borrowed from a vocabulary, without allocating.
struct Label {
    ja: &'static str,
    en: &'static str,
}

/// The verdict of one criterion, without any text: the single place where criteria decide.
pub fn decide(c: &RawCriterion, ctx: &Ctx) -> Tri {
    let f = ctx.facility;
    match c {
        RawCriterion::FacilityType { values } => {
            Tri::from_opt(f.facility_type.map(|t| values.contains(&t)))
        }
        RawCriterion::Number { field, op, value } => {
            Tri::from_opt(f.number(*field).map(|x| op.holds(x, *value)))
        }
        RawCriterion::Prefecture { values, others } => match f.prefecture {
            None => Tri::Unknown,
            Some(p) if values.iter().any(|c| c == p) => Tri::Met,
            Some(_) if *others == Some(OthersVerdict::Unknown) => Tri::Unknown,
            Some(_) => Tri::NotMet,
        },
        RawCriterion::System {
            system,
            accepts_intention,
        } => match (f.has_system(*system), f.intends_system(*system)) {
            (Some(true), _) => Tri::Met,
            (_, Some(true)) if *accepts_intention => Tri::Met,
            (Some(false), Some(false)) => Tri::NotMet,
            (Some(false), None) if *accepts_intention => Tri::Unknown,
            (Some(false), _) => Tri::NotMet,
            (None, _) => Tri::Unknown,
        },
        RawCriterion::NoSystem { system } => Tri::from_opt(f.has_system(*system).map(|h| !h)),
        RawCriterion::FeeNotified { fee, by } => match f.fee_notifications.as_ref() {
            None => Tri::Unknown,
            Some(list) => {
                let mut found = list.iter().filter(|n| n.fee == *fee).peekable();
                if found.peek().is_none() {
                    return Tri::NotMet;
                }
                let mut unknown = false;
                for n in found {
                    match n.notified_on {
                        Some(d) if d <= by.0 => return Tri::Met,
                        None => unknown = true,
                        Some(_) => {}
                    }
                }
                if unknown {
                    Tri::Unknown
                } else {
                    Tri::NotMet
                }
            }
        },
        RawCriterion::Designation { designation } => Tri::from_opt(f.has_designation(*designation)),
        RawCriterion::NotDesignation { designation } => {
            Tri::from_opt(f.has_designation(*designation).map(|h| !h))
        }
        RawCriterion::OperatorIn { values } => {
            Tri::from_opt(f.operator_type.map(|o| values.contains(&o)))
        }
        RawCriterion::OperatorNotIn { values } => {
            Tri::from_opt(f.operator_type.map(|o| !values.contains(&o)))
        }
        RawCriterion::Service { service } => {
            Tri::from_opt(f.services.as_ref().map(|l| l.contains(service)))
        }
        RawCriterion::LargeChainPharmacy { value } => {
            Tri::from_opt(f.large_chain_pharmacy.map(|b| b == *value))
        }
        RawCriterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            fiscal_year,
        } => Tri::from_opt(f.previous_grants.as_ref().map(|l| {
            !l.iter().any(|g| {
                g.program_id == *program_id
                    && frame_id
                        .as_ref()
                        .is_none_or(|fid| g.frame_id.as_ref().is_none_or(|gf| gf == fid))
                    && fiscal_year.is_none_or(|y| g.fiscal_year.is_none_or(|gy| gy == y))
            })
        })),
        RawCriterion::PreviouslyGranted {
            program_id,
            fiscal_years,
        } => Tri::from_opt(f.previous_grants.as_ref().map(|l| {
            l.iter().any(|g| {
                g.program_id == *program_id
                    && g.fiscal_year.is_none_or(|y| fiscal_years.contains(&y))
            })
        })),
        RawCriterion::CompletedBy { by } => Tri::from_opt(f.completed_on.map(|d| d <= by.0)),
        RawCriterion::CompletedFrom { from } => Tri::from_opt(f.completed_on.map(|d| d >= from.0)),
        RawCriterion::ContractedBetween { from, until } => {
            Tri::from_opt(f.contracted_on.map(|d| d >= from.0 && d <= until.0))
        }
        RawCriterion::Incident { kinds } => Tri::from_opt(
            f.incident
                .as_ref()
                .and_then(|i| i.kind)
                .map(|k| kinds.contains(&k)),
        ),
        RawCriterion::MinWageNear {
            share_percent,
            months,
        } => match f.min_wage_near.as_ref() {
            None => Tri::Unknown,
            Some(m) => match (m.share_percent, m.months) {
                (Some(s), Some(mo)) => Tri::from_opt(Some(s >= *share_percent && mo >= *months)),
                (Some(s), _) if s < *share_percent => Tri::NotMet,
                (_, Some(mo)) if mo < *months => Tri::NotMet,
                _ => Tri::Unknown,
            },
        },
        RawCriterion::ExpenseTotal {
            categories,
            op,
            yen,
        } => Tri::from_opt(ctx.lines.map(|ls| {
            let total: i64 = ls
                .iter()
                .filter(|l| categories.contains(&l.category))
                .map(|l| l.amount_yen)
                .sum();
            op.holds(total, *yen)
        })),
        RawCriterion::ExpenseCategory { category } => Tri::from_opt(
            ctx.lines
                .map(|ls| ls.iter().any(|l| l.category == *category)),
        ),
        RawCriterion::All { of } => of.iter().fold(Tri::Met, |acc, c| acc.and(decide(c, ctx))),
        RawCriterion::Any { of } => of.iter().fold(Tri::NotMet, |acc, c| acc.or(decide(c, ctx))),
    }
}

/// Evaluates one criterion with its reason in words.
pub fn evaluate(c: &RawCriterion, ctx: &Ctx) -> Outcome {
    let f = ctx.facility;
    match c {
        RawCriterion::FacilityType { values } => {
            let v = f.facility_type;
            let verdict = decide(c, ctx);
            let mut ja = String::with_capacity(96);
            let mut en = String::with_capacity(96);
            ja.push_str("対象施設: ");
            en.push_str("eligible facility types: ");
            for (i, t) in values.iter().enumerate() {
                if i > 0 {
                    ja.push('・');
                    en.push_str(", ");
                }
                ja.push_str(t.ja());
                en.push_str(t.en());
            }
            match v {
                Some(t) => {
                    ja.push_str(" (入力: ");
                    ja.push_str(t.ja());
                    ja.push(')');
                    en.push_str(" (input: ");
                    en.push_str(t.en());
                    en.push(')');
                }
                None => {
                    ja.push_str(" (未入力)");
                    en.push_str(" (not given)");
                }
            }
            Outcome {
                code: "facility_type",
                verdict,
                reason: Text { ja, en },
                value: v.map(|t| t.as_str().into()),
                threshold: None,
                missing: if v.is_none() {
                    vec!["/facility/facility_type"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::Number { field, op, value } => {
            let v = f.number(*field);
            let verdict = decide(c, ctx);
            // One buffer per language: this is the most frequent criterion.
            let (uj, ue) = field.unit();
            let mut ja = String::with_capacity(64);
            let mut en = String::with_capacity(64);
            ja.push_str(field.ja());
            ja.push('が');
            push_amount_ja(&mut ja, *field, *value, uj);
            ja.push_str(op.ja());
            en.push_str(field.en());
            en.push(' ');
            en.push_str(op.en());
            en.push(' ');
            push_amount_en(&mut en, *field, *value, ue);
            match v {
                Some(x) => {
                    ja.push_str(" (入力: ");
                    push_amount_ja(&mut ja, *field, x, uj);
                    ja.push(')');
                    en.push_str(" (input: ");
                    push_amount_en(&mut en, *field, x, ue);
                    en.push(')');
                }
                None => {
                    ja.push_str(" (未入力)");
                    en.push_str(" (not given)");
                }
            }
            Outcome {
                code: field.as_str(),
                verdict,
                reason: Text { ja, en },
                value: v.map(Into::into),
                threshold: Some(Threshold {
                    op: *op,
                    value: *value,
                }),
                missing: if v.is_none() {
                    vec![field.pointer()]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::Prefecture { values, others } => {
            let names_ja = values
                .iter()
                .filter_map(|c| prefecture_name(c))
                .map(|t| t.ja)
                .collect::<Vec<_>>()
                .join("・");
            let names_en = values
                .iter()
                .filter_map(|c| prefecture_name(c))
                .map(|t| t.en)
                .collect::<Vec<_>>()
                .join(", ");
            let v = f.prefecture;
            let verdict = decide(c, ctx);
            let shown = v.and_then(prefecture_name);
            let (sj, se) = match &shown {
                Some(t) => (format!(" (入力: {})", t.ja), format!(" (input: {})", t.en)),
                None => (" (未入力)".into(), " (not given)".into()),
            };
            let (xj, xe) = if *others == Some(OthersVerdict::Unknown)
                && verdict == Tri::Unknown
                && v.is_some()
            {
                (
                    "。この都道府県の事業はカタログ未調査です".to_string(),
                    "; this prefecture's program is not in the catalog".to_string(),
                )
            } else {
                (String::new(), String::new())
            };
            Outcome {
                code: "prefecture",
                verdict,
                reason: Text::new(
                    format!("所在地: {names_ja}{sj}{xj}"),
                    format!("located in: {names_en}{se}{xe}"),
                ),
                value: v.map(Into::into),
                threshold: None,
                missing: if v.is_none() {
                    vec!["/facility/prefecture"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::System {
            system,
            accepts_intention,
        } => {
            let has = f.has_system(*system);
            let intends = f.intends_system(*system);
            let verdict = decide(c, ctx);
            let label = Label {
                ja: system.ja(),
                en: system.en(),
            };
            let (cj, ce) = if *accepts_intention {
                (
                    "導入済み (導入予定の表明も可)",
                    "in operation (a declared intention also counts)",
                )
            } else {
                ("導入済み", "in operation")
            };
            let state = match (has, intends) {
                (Some(true), _) => Some(("導入済み", "in operation")),
                (_, Some(true)) => Some(("導入予定", "intended")),
                (Some(false), _) => Some(("未導入", "not in operation")),
                _ => None,
            };
            let (sj, se) = match state {
                Some((j, e)) => (format!(" (入力: {j})"), format!(" (input: {e})")),
                None => (" (未入力)".into(), " (not given)".into()),
            };
            let mut missing = Vec::new();
            if has.is_none() {
                missing.push("/facility/introduced");
            } else if verdict == Tri::Unknown {
                missing.push("/facility/intends");
            }
            Outcome {
                code: "system_in_operation",
                verdict,
                reason: Text::new(
                    format!("{}が{cj}{sj}", label.ja),
                    format!("{} {ce}{se}", label.en),
                ),
                value: state.map(|(_, e)| e.into()),
                threshold: None,
                missing,
            }
        }
        RawCriterion::NoSystem { system } => {
            let has = f.has_system(*system);
            let label = Label {
                ja: system.ja(),
                en: system.en(),
            };
            let (sj, se) = match has {
                Some(true) => (" (入力: 導入済み)", " (input: in operation)"),
                Some(false) => (" (入力: 未導入)", " (input: not in operation)"),
                None => (" (未入力)", " (not given)"),
            };
            Outcome {
                code: "system_not_in_operation",
                verdict: decide(c, ctx),
                reason: Text::new(
                    format!("{}が未導入{sj}", label.ja),
                    format!("{} not yet in operation{se}", label.en),
                ),
                value: has.map(Into::into),
                threshold: None,
                missing: if has.is_none() {
                    vec!["/facility/introduced"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::FeeNotified { fee, by } => {
            let label = Label {
                ja: fee.ja(),
                en: fee.en(),
            };
            let notes = f.fee_notifications.as_ref();
            let found = notes.map(|l| l.iter().filter(|n| n.fee == *fee).collect::<Vec<_>>());
            let verdict = decide(c, ctx);
            let date = found
                .as_ref()
                .and_then(|l| l.iter().filter_map(|n| n.notified_on).min());
            let (sj, se) = match (&found, date) {
                (Some(_), Some(d)) => (
                    format!(" (入力: {d} 受理)"),
                    format!(" (input: received {d})"),
                ),
                (Some(l), None) if l.is_empty() => {
                    (" (入力: 届出なし)".into(), " (input: not notified)".into())
                }
                _ => (" (未入力)".into(), " (not given)".into()),
            };
            Outcome {
                code: "fee_notified",
                verdict,
                reason: Text::new(
                    format!("{}の届出が{}までに受理{sj}", label.ja, by.0),
                    format!("{} notified (received) by {}{se}", label.en, by.0),
                ),
                value: date.map(|d| d.to_string().into()),
                threshold: None,
                missing: if verdict == Tri::Unknown {
                    vec!["/facility/fee_notifications"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::Designation { designation }
        | RawCriterion::NotDesignation { designation } => {
            let negate = matches!(c, RawCriterion::NotDesignation { .. });
            let has = f.has_designation(*designation);
            let verdict = decide(c, ctx);
            let label = Label {
                ja: designation.ja(),
                en: designation.en(),
            };
            let (sj, se) = match has {
                Some(true) => (" (入力: 該当)", " (input: held)"),
                Some(false) => (" (入力: 非該当)", " (input: not held)"),
                None => (" (未入力)", " (not given)"),
            };
            Outcome {
                code: if negate {
                    "not_designation"
                } else {
                    "designation"
                },
                verdict,
                reason: if negate {
                    Text::new(
                        format!("{}でないこと{sj}", label.ja),
                        format!("not a {}{se}", label.en),
                    )
                } else {
                    Text::new(
                        format!("{}であること{sj}", label.ja),
                        format!("is a {}{se}", label.en),
                    )
                },
                value: has.map(Into::into),
                threshold: None,
                missing: if has.is_none() {
                    vec!["/facility/designations"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::OperatorIn { values } | RawCriterion::OperatorNotIn { values } => {
            let negate = matches!(c, RawCriterion::OperatorNotIn { .. });
            let v = f.operator_type;
            let verdict = decide(c, ctx);
            let (sj, se) = match v {
                Some(o) => (
                    format!(" (入力: {})", o.label().ja),
                    format!(" (input: {})", o.label().en),
                ),
                None => (" (未入力)".into(), " (not given)".into()),
            };
            Outcome {
                code: if negate {
                    "operator_excluded"
                } else {
                    "operator_type"
                },
                verdict,
                reason: if negate {
                    Text::new(
                        format!("開設者が{}でないこと{sj}", list_ja(values, |o| o.ja())),
                        format!("operator is not: {}{se}", list_en(values, |o| o.en())),
                    )
                } else {
                    Text::new(
                        format!("開設者が{}であること{sj}", list_ja(values, |o| o.ja())),
                        format!("operator is one of: {}{se}", list_en(values, |o| o.en())),
                    )
                },
                value: v.map(|o| o.as_str().into()),
                threshold: None,
                missing: if v.is_none() {
                    vec!["/facility/operator_type"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::Service { service } => {
            let has = f.services.as_ref().map(|l| l.contains(service));
            let label = Label {
                ja: service.ja(),
                en: service.en(),
            };
            let (sj, se) = match has {
                Some(true) => (" (入力: 実施)", " (input: provided)"),
                Some(false) => (" (入力: 未実施)", " (input: not provided)"),
                None => (" (未入力)", " (not given)"),
            };
            Outcome {
                code: "service",
                verdict: decide(c, ctx),
                reason: Text::new(
                    format!("{}を実施{sj}", label.ja),
                    format!("provides {}{se}", label.en),
                ),
                value: has.map(Into::into),
                threshold: None,
                missing: if has.is_none() {
                    vec!["/facility/services"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::LargeChainPharmacy { value } => {
            let v = f.large_chain_pharmacy;
            let (wj, we) = if *value {
                (
                    "大型チェーン薬局 (グループで月4万回以上)",
                    "a large chain pharmacy (40,000+ prescriptions a month in the group)",
                )
            } else {
                ("大型チェーン薬局以外", "not a large chain pharmacy")
            };
            let (sj, se) = match v {
                Some(true) => (" (入力: 大型チェーン)", " (input: large chain)"),
                Some(false) => (" (入力: 大型チェーン以外)", " (input: not a large chain)"),
                None => (" (未入力)", " (not given)"),
            };
            Outcome {
                code: "large_chain_pharmacy",
                verdict: decide(c, ctx),
                reason: Text::new(format!("{wj}{sj}"), format!("{we}{se}")),
                value: v.map(Into::into),
                threshold: None,
                missing: if v.is_none() {
                    vec!["/facility/large_chain_pharmacy"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            fiscal_year,
        } => {
            let grants = f.previous_grants.as_ref();
            let hit = grants.map(|l| {
                l.iter().any(|g| {
                    g.program_id == *program_id
                        && frame_id
                            .as_ref()
                            .is_none_or(|fid| g.frame_id.as_ref().is_none_or(|gf| gf == fid))
                        && fiscal_year.is_none_or(|y| g.fiscal_year.is_none_or(|gy| gy == y))
                })
            });
            let scope = match (frame_id, fiscal_year) {
                (Some(fr), Some(y)) => format!("{program_id}/{fr} ({y}年度)"),
                (Some(fr), None) => format!("{program_id}/{fr}"),
                (None, Some(y)) => format!("{program_id} ({y}年度)"),
                (None, None) => program_id.clone(),
            };
            let (sj, se) = match hit {
                Some(true) => (" (入力: 交付実績あり)", " (input: granted before)"),
                Some(false) => (" (入力: 交付実績なし)", " (input: not granted before)"),
                None => (" (未入力)", " (not given)"),
            };
            Outcome {
                code: "not_previously_granted",
                verdict: decide(c, ctx),
                reason: Text::new(
                    format!("{scope} の交付を過去に受けていないこと{sj}"),
                    format!("no earlier grant of {scope}{se}"),
                ),
                value: hit.map(Into::into),
                threshold: None,
                missing: if hit.is_none() {
                    vec!["/facility/previous_grants"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::PreviouslyGranted {
            program_id,
            fiscal_years,
        } => {
            let hit = f.previous_grants.as_ref().map(|l| {
                l.iter().any(|g| {
                    g.program_id == *program_id
                        && g.fiscal_year.is_none_or(|y| fiscal_years.contains(&y))
                })
            });
            let years = fiscal_years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            Outcome {
                code: "previously_granted",
                verdict: decide(c, ctx),
                reason: Text::new(
                    format!("{program_id} の交付実績 ({years}年度) があること"),
                    format!("granted {program_id} in fiscal year {years}"),
                ),
                value: hit.map(Into::into),
                threshold: None,
                missing: if hit.is_none() {
                    vec!["/facility/previous_grants"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::CompletedBy { by } | RawCriterion::CompletedFrom { from: by } => {
            let before = matches!(c, RawCriterion::CompletedBy { .. });
            let v = f.completed_on;
            let verdict = decide(c, ctx);
            let (sj, se) = input_suffix(v.map(|d| d.to_string()), "未入力");
            Outcome {
                code: if before {
                    "completed_by"
                } else {
                    "completed_from"
                },
                verdict,
                reason: if before {
                    Text::new(
                        format!("導入完了が{}以前{sj}", by.0),
                        format!("introduction completed on or before {}{se}", by.0),
                    )
                } else {
                    Text::new(
                        format!("導入完了が{}以降{sj}", by.0),
                        format!("introduction completed on or after {}{se}", by.0),
                    )
                },
                value: v.map(|d| d.to_string().into()),
                threshold: None,
                missing: if v.is_none() {
                    vec!["/facility/completed_on"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::ContractedBetween { from, until } => {
            let v = f.contracted_on;
            let verdict = decide(c, ctx);
            let (sj, se) = input_suffix(v.map(|d| d.to_string()), "未入力");
            Outcome {
                code: "contracted_between",
                verdict,
                reason: Text::new(
                    format!("契約・発注日が{}〜{}{sj}", from.0, until.0),
                    format!("contract or order dated {} to {}{se}", from.0, until.0),
                ),
                value: v.map(|d| d.to_string().into()),
                threshold: None,
                missing: if v.is_none() {
                    vec!["/facility/contracted_on"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::Incident { kinds } => {
            let v = f.incident.as_ref().and_then(|i| i.kind);
            let (sj, se) = match v {
                Some(k) => (
                    format!(" (入力: {})", k.label().ja),
                    format!(" (input: {})", k.label().en),
                ),
                None => (" (未入力)".into(), " (not given)".into()),
            };
            Outcome {
                code: "incident",
                verdict: decide(c, ctx),
                reason: Text::new(
                    format!("被害の種類: {}{sj}", list_ja(kinds, |k| k.ja())),
                    format!("incident: {}{se}", list_en(kinds, |k| k.en())),
                ),
                value: v.map(|k| k.as_str().into()),
                threshold: None,
                missing: if v.is_none() {
                    vec!["/facility/incident/kind"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::MinWageNear {
            share_percent,
            months,
        } => {
            let m = f.min_wage_near.as_ref();
            let verdict = decide(c, ctx);
            Outcome {
                code: "min_wage_near",
                verdict,
                reason: Text::new(
                    format!("最低賃金近傍の従業員が{share_percent}%以上、{months}か月以上"),
                    format!("at least {share_percent}% of staff near the minimum wage for {months}+ months"),
                ),
                value: m.and_then(|m| m.share_percent).map(Into::into),
                threshold: Some(Threshold { op: Op::Ge, value: *share_percent }),
                missing: if verdict == Tri::Unknown { vec!["/facility/min_wage_near"] } else { vec![] },
            }
        }
        RawCriterion::ExpenseTotal {
            categories,
            op,
            yen: limit,
        } => {
            let total = ctx.lines.map(|ls| {
                ls.iter()
                    .filter(|l| categories.contains(&l.category))
                    .map(|l| l.amount_yen)
                    .sum::<i64>()
            });
            let (sj, se) = input_suffix(total.map(|t| format!("{}円", yen(t))), "経費未入力");
            Outcome {
                code: "expense_total",
                verdict: decide(c, ctx),
                reason: Text::new(
                    format!(
                        "{}の経費が{}円{}{sj}",
                        list_ja(categories, |c| c.ja()),
                        yen(*limit),
                        op.ja()
                    ),
                    format!(
                        "{} costs {} ¥{}{se}",
                        list_en(categories, |c| c.en()),
                        op.en(),
                        yen(*limit)
                    ),
                ),
                value: total.map(Into::into),
                threshold: Some(Threshold {
                    op: *op,
                    value: *limit,
                }),
                missing: if total.is_none() {
                    vec!["/expenses"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::ExpenseCategory { category } => {
            let has = ctx
                .lines
                .map(|ls| ls.iter().any(|l| l.category == *category));
            Outcome {
                code: "expense_category",
                verdict: decide(c, ctx),
                reason: Text::new(
                    format!("{}の経費を含む", category.ja()),
                    format!("includes {} costs", category.en()),
                ),
                value: has.map(Into::into),
                threshold: None,
                missing: if has.is_none() {
                    vec!["/expenses"]
                } else {
                    vec![]
                },
            }
        }
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            let any = matches!(c, RawCriterion::Any { .. });
            let parts: Vec<Outcome> = of.iter().map(|c| evaluate(c, ctx)).collect();
            let verdict = decide(c, ctx);
            let sep_ja = if any { " または " } else { " かつ " };
            let sep_en = if any { " or " } else { " and " };
            let ja = parts
                .iter()
                .map(|p| p.reason.ja.as_str())
                .collect::<Vec<_>>()
                .join(sep_ja);
            let en = parts
                .iter()
                .map(|p| p.reason.en.as_str())
                .collect::<Vec<_>>()
                .join(sep_en);
            let mut missing = Vec::new();
            if verdict == Tri::Unknown {
                for p in &parts {
                    for m in &p.missing {
                        if !missing.contains(m) {
                            missing.push(*m);
                        }
                    }
                }
            }
            Outcome {
                code: if any { "any_of" } else { "all_of" },
                verdict,
                reason: Text::new(format!("({ja})"), format!("({en})")),
                value: None,
                threshold: None,
                missing,
            }
        }
    }
}

/// All criteria must hold.
pub fn all_hold(criteria: &[RawCriterion], ctx: &Ctx) -> Tri {
    criteria
        .iter()
        .fold(Tri::Met, |acc, c| acc.and(decide(c, ctx)))
}

/// A criterion in words, without any facility's input (for the catalog endpoints).
pub fn describe(c: &RawCriterion, as_of: NaiveDate) -> Outcome {
    let empty = Facility::default();
    let ctx = Ctx {
        facility: &empty,
        as_of,
        lines: None,
    };
    let mut o = evaluate(c, &ctx);
    for suffix in [" (未入力)", " (not given)", " (経費未入力)"] {
        o.reason.ja = o.reason.ja.replace(suffix, "");
        o.reason.en = o.reason.en.replace(suffix, "");
    }
    o.missing.clear();
    o
}
