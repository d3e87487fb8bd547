//! Three-valued evaluation of catalog criteria against a facility profile.
//!
//! Each evaluation produces its verdict, a stable reason code, the inputs it needed when they
//! were missing, and the ja/en sentence, all at once, so the explanation cannot disagree with
//! the verdict.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::raw::{OthersVerdict, RawCriterion};
use super::facility::Facility;
use super::text::{yen, Text};
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

fn unit_text(f: NumberField, v: i64) -> (String, String) {
    let (ja, en) = f.unit();
    if f == NumberField::CapitalYen {
        (format!("{}円", yen(v)), format!("¥{}", yen(v)))
    } else {
        (format!("{}{ja}", yen(v)), format!("{} {en}", yen(v)))
    }
}

fn ja_op(op: Op) -> &'static str {
    match op {
        Op::Ge => "以上",
        Op::Le => "以下",
        Op::Lt => "未満",
        Op::Gt => "超",
    }
}

fn en_op(op: Op) -> &'static str {
    match op {
        Op::Ge => "or more",
        Op::Le => "or less",
        Op::Lt => "less than",
        Op::Gt => "more than",
    }
}

fn input_suffix(known: Option<String>, unknown_ja: &str) -> (String, String) {
    match known {
        Some(v) => (format!(" (入力: {v})"), format!(" (input: {v})")),
        None => (format!(" ({unknown_ja})"), " (not given)".to_string()),
    }
}

fn list_ja<T: Copy>(items: &[T], label: fn(T) -> Text) -> String {
    items
        .iter()
        .map(|t| label(*t).ja)
        .collect::<Vec<_>>()
        .join("・")
}

fn list_en<T: Copy>(items: &[T], label: fn(T) -> Text) -> String {
    items
        .iter()
        .map(|t| label(*t).en)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Evaluates one criterion.
pub fn evaluate(c: &RawCriterion, ctx: &Ctx) -> Outcome {
    let f = ctx.facility;
    match c {
        RawCriterion::FacilityType { values } => {
            let v = f.facility_type;
            let verdict = match v {
                Some(t) => Tri::from_opt(Some(values.contains(&t))),
                None => Tri::Unknown,
            };
            let (sj, _) = input_suffix(v.map(|t| t.label().ja), "未入力");
            let (_, se) = input_suffix(v.map(|t| t.label().en), "未入力");
            Outcome {
                code: "facility_type",
                verdict,
                reason: Text::new(
                    format!("対象施設: {}{sj}", list_ja(values, |t| t.label())),
                    format!(
                        "eligible facility types: {}{se}",
                        list_en(values, |t| t.label())
                    ),
                ),
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
            let verdict = match v {
                Some(x) => Tri::from_opt(Some(op.holds(x, *value))),
                None => Tri::Unknown,
            };
            let label = field.label();
            let (tj, te) = unit_text(*field, *value);
            let known = v.map(|x| unit_text(*field, x));
            let (sj, se) = match &known {
                Some((j, e)) => (format!(" (入力: {j})"), format!(" (input: {e})")),
                None => (" (未入力)".to_string(), " (not given)".to_string()),
            };
            Outcome {
                code: field.as_str(),
                verdict,
                reason: Text::new(
                    format!("{}が{tj}{}{sj}", label.ja, ja_op(*op)),
                    format!("{} {} {te}{se}", label.en, en_op(*op)),
                ),
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
            let verdict = match v {
                None => Tri::Unknown,
                Some(p) if values.iter().any(|c| c == p) => Tri::Met,
                Some(_) if *others == Some(OthersVerdict::Unknown) => Tri::Unknown,
                Some(_) => Tri::NotMet,
            };
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
            let verdict = match (has, intends) {
                (Some(true), _) => Tri::Met,
                (_, Some(true)) if *accepts_intention => Tri::Met,
                (Some(false), Some(false)) => Tri::NotMet,
                (Some(false), None) if *accepts_intention => Tri::Unknown,
                (Some(false), _) => Tri::NotMet,
                (None, _) => Tri::Unknown,
            };
            let label = system.label();
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
            let label = system.label();
            let (sj, se) = match has {
                Some(true) => (" (入力: 導入済み)", " (input: in operation)"),
                Some(false) => (" (入力: 未導入)", " (input: not in operation)"),
                None => (" (未入力)", " (not given)"),
            };
            Outcome {
                code: "system_not_in_operation",
                verdict: Tri::from_opt(has.map(|h| !h)),
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
            let label = fee.label();
            let notes = f.fee_notifications.as_ref();
            let found = notes.map(|l| l.iter().filter(|n| n.fee == *fee).collect::<Vec<_>>());
            let verdict = match &found {
                None => Tri::Unknown,
                Some(list) if list.is_empty() => Tri::NotMet,
                Some(list) => {
                    if list
                        .iter()
                        .any(|n| n.notified_on.is_some_and(|d| d <= by.0))
                    {
                        Tri::Met
                    } else if list.iter().any(|n| n.notified_on.is_none()) {
                        Tri::Unknown
                    } else {
                        Tri::NotMet
                    }
                }
            };
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
            let verdict = Tri::from_opt(has.map(|h| h != negate));
            let label = designation.label();
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
            let verdict = Tri::from_opt(v.map(|o| values.contains(&o) != negate));
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
                        format!("開設者が{}でないこと{sj}", list_ja(values, |o| o.label())),
                        format!("operator is not: {}{se}", list_en(values, |o| o.label())),
                    )
                } else {
                    Text::new(
                        format!("開設者が{}であること{sj}", list_ja(values, |o| o.label())),
                        format!("operator is one of: {}{se}", list_en(values, |o| o.label())),
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
            let label = service.label();
            let (sj, se) = match has {
                Some(true) => (" (入力: 実施)", " (input: provided)"),
                Some(false) => (" (入力: 未実施)", " (input: not provided)"),
                None => (" (未入力)", " (not given)"),
            };
            Outcome {
                code: "service",
                verdict: Tri::from_opt(has),
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
                verdict: Tri::from_opt(v.map(|b| b == *value)),
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
                verdict: Tri::from_opt(hit.map(|h| !h)),
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
                verdict: Tri::from_opt(hit),
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
            let verdict = Tri::from_opt(v.map(|d| if before { d <= by.0 } else { d >= by.0 }));
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
            let verdict = Tri::from_opt(v.map(|d| d >= from.0 && d <= until.0));
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
                verdict: Tri::from_opt(v.map(|k| kinds.contains(&k))),
                reason: Text::new(
                    format!("被害の種類: {}{sj}", list_ja(kinds, |k| k.label())),
                    format!("incident: {}{se}", list_en(kinds, |k| k.label())),
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
            let verdict = match m {
                None => Tri::Unknown,
                Some(m) => match (m.share_percent, m.months) {
                    (Some(s), Some(mo)) => {
                        Tri::from_opt(Some(s >= *share_percent && mo >= *months))
                    }
                    (Some(s), _) if s < *share_percent => Tri::NotMet,
                    (_, Some(mo)) if mo < *months => Tri::NotMet,
                    _ => Tri::Unknown,
                },
            };
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
                verdict: Tri::from_opt(total.map(|t| op.holds(t, *limit))),
                reason: Text::new(
                    format!(
                        "{}の経費が{}円{}{sj}",
                        list_ja(categories, |c| c.label()),
                        yen(*limit),
                        ja_op(*op)
                    ),
                    format!(
                        "{} costs {} ¥{}{se}",
                        list_en(categories, |c| c.label()),
                        en_op(*op),
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
                verdict: Tri::from_opt(has),
                reason: Text::new(
                    format!("{}の経費を含む", category.label().ja),
                    format!("includes {} costs", category.label().en),
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
            let verdict = parts
                .iter()
                .fold(if any { Tri::NotMet } else { Tri::Met }, |acc, p| {
                    if any {
                        acc.or(p.verdict)
                    } else {
                        acc.and(p.verdict)
                    }
                });
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
        .fold(Tri::Met, |acc, c| acc.and(evaluate(c, ctx).verdict))
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
