//! The facility profile (PRODUCT.md §2). Every field is optional: absent or `null` is unknown,
//! `[]` is "known to be none". Unknown keys are rejected.

use chrono::NaiveDate;
use serde_json::Value;

use super::input::{FieldErrorKind, Reader, MAX_LIST};
use super::vocab::{
    prefecture_code, Designation, FacilityType, Fee, IncidentKind, MinWageBasis, NumberField,
    OperatorType, Service, System, PREFECTURES,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeNotification {
    pub fee: Fee,
    pub notified_on: Option<NaiveDate>,
}

/// A pledge (誓約) to notify a fee by a date (賃上げ support for clinics and pharmacies that
/// cannot notify the base-up fee yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeePledge {
    pub fee: Fee,
    pub notify_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinWageNear {
    pub share_percent: Option<i64>,
    pub months: Option<i64>,
    pub basis: Option<MinWageBasis>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalAchieved {
    pub goal: String,
    pub cap_yen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub kind: Option<IncidentKind>,
    pub occurred_on: Option<NaiveDate>,
    pub days_closed: Option<i64>,
    /// Personal data leaked; absent = as `kind` says.
    pub leak: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub program_id: String,
    pub frame_id: Option<String>,
    pub fiscal_year: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityAction {
    None,
    OneStar,
    TwoStar,
}

/// What the applicant already has prepared; never changes a verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preparation {
    pub gbizid_prime: Option<bool>,
    pub security_action: Option<SecurityAction>,
    pub it_support_vendor: Option<bool>,
    pub labor_insurance: Option<bool>,
    pub annual_leave_rules: Option<bool>,
    pub article36_agreement: Option<bool>,
    pub portal_account: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facility {
    pub facility_type: Option<FacilityType>,
    pub operator_type: Option<OperatorType>,
    /// JIS X 0401 code.
    pub prefecture: Option<&'static str>,
    numbers: [Option<i64>; NUMBER_FIELDS],
    pub introduced: Option<Vec<System>>,
    pub intends: Option<Vec<System>>,
    pub fee_notifications: Option<Vec<FeeNotification>>,
    /// Pledges to notify a fee by a date; `[]` = none made.
    pub fee_pledges: Option<Vec<FeePledge>>,
    pub designations: Option<Vec<Designation>>,
    pub services: Option<Vec<Service>>,
    pub large_chain_pharmacy: Option<bool>,
    pub min_wage_near: Option<MinWageNear>,
    pub work_style_goals: Option<Vec<GoalAchieved>>,
    pub incident: Option<Incident>,
    pub preparation: Option<Preparation>,
    pub previous_grants: Option<Vec<Grant>>,
    pub completed_on: Option<NaiveDate>,
    pub contracted_on: Option<NaiveDate>,
}

const NUMBER_FIELDS: usize = NumberField::ALL.len();

fn slot(f: NumberField) -> usize {
    NumberField::ALL.iter().position(|x| *x == f).unwrap_or(0)
}

/// Top-level keys of the profile (for the schema and unknown-field errors).
pub const FACILITY_KEYS: &[&str] = &[
    "facility_type",
    "beds",
    "beds_in_use_max",
    "operator_type",
    "employees",
    "capital_yen",
    "prefecture",
    "introduced",
    "intends",
    "fee_notifications",
    "fee_pledges",
    "designations",
    "services",
    "large_chain_pharmacy",
    "card_readers_free",
    "min_wage_near",
    "it_tool",
    "work_style_goals",
    "incident",
    "preparation",
    "previous_grants",
    "completed_on",
    "contracted_on",
    "ambulance_acceptances",
    "surgeries_deliveries",
    "anesthesia_surgeries",
    "deliveries",
    "pharmacy_group_stores",
    "beds_cut",
    "beds_idled",
    "occupancy_percent",
    "deliveries_half_year",
    "delivery_decline_percent",
    "inpatient_decline_percent",
    "pediatric_beds",
];

/// Range of each number field.
pub fn number_range(f: NumberField) -> (i64, i64) {
    match f {
        NumberField::Beds
        | NumberField::BedsInUseMax
        | NumberField::BedsCut
        | NumberField::BedsIdled
        | NumberField::PediatricBeds => (0, 10_000),
        NumberField::Employees => (0, 1_000_000),
        NumberField::CapitalYen => (0, 1_000_000_000_000_000),
        NumberField::CardReadersFree => (1, 3),
        NumberField::ItProcesses => (0, 100),
        NumberField::InvoiceFunctions => (0, 10),
        NumberField::DaysClosed => (0, 3_660),
        NumberField::AmbulanceAcceptances
        | NumberField::SurgeriesDeliveries
        | NumberField::AnesthesiaSurgeries
        | NumberField::Deliveries
        | NumberField::DeliveriesHalfYear => (0, 1_000_000),
        NumberField::PharmacyGroupStores => (1, 100_000),
        NumberField::OccupancyPercent
        | NumberField::DeliveryDeclinePercent
        | NumberField::InpatientDeclinePercent => (0, 100),
    }
}

/// `{base}/{key}` written into a reused buffer.
fn at<'b>(buf: &'b mut String, base: &str, key: &str) -> &'b str {
    buf.clear();
    buf.push_str(base);
    buf.push('/');
    buf.push_str(key);
    buf
}

impl Facility {
    pub fn beds_value(&self) -> Option<i64> {
        self.number(NumberField::Beds)
    }

    pub fn number(&self, f: NumberField) -> Option<i64> {
        self.numbers[slot(f)]
    }

    pub fn set_number(&mut self, f: NumberField, v: Option<i64>) {
        self.numbers[slot(f)] = v;
    }

    /// Reads a profile at `ptr` (e.g. `/facility`), reporting every invalid field.
    pub fn read(r: &mut Reader, v: &Value, ptr: &str) -> Facility {
        let mut f = Facility::default();
        let Some(m) = r.object(v, ptr, FACILITY_KEYS) else {
            return f;
        };
        let p = |k: &str| format!("{ptr}/{k}");
        // One buffer for the pointers handed to the reader: they are only kept on error.
        let mut pb = String::with_capacity(ptr.len() + 32);
        f.facility_type = r.enumerated(
            m.get("facility_type"),
            at(&mut pb, ptr, "facility_type"),
            FacilityType::parse,
            FacilityType::NAMES,
        );
        f.operator_type = r.enumerated(
            m.get("operator_type"),
            at(&mut pb, ptr, "operator_type"),
            OperatorType::parse,
            OperatorType::NAMES,
        );
        if let Some(s) = r.string(m.get("prefecture"), at(&mut pb, ptr, "prefecture")) {
            match prefecture_code(s) {
                Some(code) => f.prefecture = Some(code),
                None => {
                    let shown: String = s.chars().take(20).collect();
                    r.error(
                        at(&mut pb, ptr, "prefecture"),
                        super::input::FieldErrorKind::InvalidField,
                        format!("都道府県コード (\"01\"〜\"47\") または都道府県名 (\"東京都\") を指定してください (入力: {shown})"),
                        format!("expected a JIS X 0401 code (\"01\"–\"47\") or a Japanese prefecture name such as \"{}\" (got {shown})", PREFECTURES[12].1),
                    );
                }
            }
        }
        for nf in NumberField::ALL {
            let (key, sub) = match nf {
                NumberField::ItProcesses => ("it_tool", Some("processes")),
                NumberField::InvoiceFunctions => ("it_tool", Some("invoice_functions")),
                NumberField::DaysClosed => ("incident", Some("days_closed")),
                other => (other.as_str(), None),
            };
            if sub.is_some() {
                continue; // read with their objects below
            }
            // Most profiles give a few of these; absent ones stay unknown without a pointer built.
            let Some(raw) = m.get(key) else {
                continue;
            };
            let (min, max) = number_range(*nf);
            let v = r.int(Some(raw), &p(key), min, max);
            f.set_number(*nf, v);
        }
        let systems = System::NAMES;
        f.introduced = r.enum_list(
            m.get("introduced"),
            at(&mut pb, ptr, "introduced"),
            System::parse,
            systems,
        );
        f.intends = r.enum_list(
            m.get("intends"),
            at(&mut pb, ptr, "intends"),
            System::parse,
            systems,
        );
        f.designations = r.enum_list(
            m.get("designations"),
            at(&mut pb, ptr, "designations"),
            Designation::parse,
            Designation::NAMES,
        );
        f.services = r.enum_list(
            m.get("services"),
            at(&mut pb, ptr, "services"),
            Service::parse,
            Service::NAMES,
        );
        f.large_chain_pharmacy = r.bool(
            m.get("large_chain_pharmacy"),
            at(&mut pb, ptr, "large_chain_pharmacy"),
        );
        f.completed_on = r.date(m.get("completed_on"), at(&mut pb, ptr, "completed_on"));
        f.contracted_on = r.date(m.get("contracted_on"), at(&mut pb, ptr, "contracted_on"));

        if let Some(items) = r.list(
            m.get("fee_notifications"),
            at(&mut pb, ptr, "fee_notifications"),
            MAX_LIST,
        ) {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{}/{i}", p("fee_notifications"));
                if let Some(o) = r.object(item, &ip, &["fee", "notified_on"]) {
                    let fee =
                        r.enumerated(o.get("fee"), &format!("{ip}/fee"), Fee::parse, Fee::NAMES);
                    let notified_on = r.date(o.get("notified_on"), &format!("{ip}/notified_on"));
                    match fee {
                        Some(fee) => out.push(FeeNotification { fee, notified_on }),
                        None if o.get("fee").is_none_or(Value::is_null) => r.error(
                            &format!("{ip}/fee"),
                            super::input::FieldErrorKind::InvalidField,
                            "届出の種類 (fee) を指定してください".into(),
                            "fee is required".into(),
                        ),
                        None => {}
                    }
                }
            }
            f.fee_notifications = Some(out);
        }
        if let Some(items) = r.list(
            m.get("fee_pledges"),
            at(&mut pb, ptr, "fee_pledges"),
            MAX_LIST,
        ) {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{}/{i}", p("fee_pledges"));
                if let Some(o) = r.object(item, &ip, &["fee", "notify_by"]) {
                    let fee =
                        r.enumerated(o.get("fee"), &format!("{ip}/fee"), Fee::parse, Fee::NAMES);
                    let notify_by = r.date(o.get("notify_by"), &format!("{ip}/notify_by"));
                    match fee {
                        Some(fee) => out.push(FeePledge { fee, notify_by }),
                        None if o.get("fee").is_none_or(Value::is_null) => r.error(
                            &format!("{ip}/fee"),
                            FieldErrorKind::InvalidField,
                            "誓約する届出の種類 (fee) を指定してください".into(),
                            "fee is required".into(),
                        ),
                        None => {}
                    }
                }
            }
            f.fee_pledges = Some(out);
        }
        if let Some(o) = m.get("min_wage_near").and_then(|v| {
            r.object(
                v,
                at(&mut pb, ptr, "min_wage_near"),
                &["share_percent", "months", "basis"],
            )
        }) {
            let mp = p("min_wage_near");
            f.min_wage_near = Some(MinWageNear {
                share_percent: r.int(
                    o.get("share_percent"),
                    &format!("{mp}/share_percent"),
                    0,
                    100,
                ),
                months: r.int(o.get("months"), &format!("{mp}/months"), 0, 120),
                basis: r.enumerated(
                    o.get("basis"),
                    &format!("{mp}/basis"),
                    MinWageBasis::parse,
                    MinWageBasis::NAMES,
                ),
            });
        }
        if let Some(o) = m.get("it_tool").and_then(|v| {
            r.object(
                v,
                at(&mut pb, ptr, "it_tool"),
                &["processes", "invoice_functions"],
            )
        }) {
            let ip = p("it_tool");
            for (nf, k) in [
                (NumberField::ItProcesses, "processes"),
                (NumberField::InvoiceFunctions, "invoice_functions"),
            ] {
                let (min, max) = number_range(nf);
                let v = r.int(o.get(k), &format!("{ip}/{k}"), min, max);
                f.set_number(nf, v);
            }
        }
        if let Some(items) = r.list(
            m.get("work_style_goals"),
            at(&mut pb, ptr, "work_style_goals"),
            MAX_LIST,
        ) {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{}/{i}", p("work_style_goals"));
                if let Some(o) = r.object(item, &ip, &["goal", "cap_yen"]) {
                    let goal = r.string(o.get("goal"), &format!("{ip}/goal"));
                    let cap_yen = r.int(
                        o.get("cap_yen"),
                        &format!("{ip}/cap_yen"),
                        0,
                        super::input::MAX_AMOUNT_YEN,
                    );
                    match goal {
                        Some(g) => out.push(GoalAchieved {
                            goal: g.to_string(),
                            cap_yen,
                        }),
                        None if o.get("goal").is_none_or(Value::is_null) => r.error(
                            &format!("{ip}/goal"),
                            super::input::FieldErrorKind::InvalidField,
                            "成果目標 (goal) を指定してください".into(),
                            "goal is required".into(),
                        ),
                        None => {}
                    }
                }
            }
            f.work_style_goals = Some(out);
        }
        if let Some(o) = m.get("incident").and_then(|v| {
            r.object(
                v,
                at(&mut pb, ptr, "incident"),
                &["kind", "occurred_on", "days_closed", "leak"],
            )
        }) {
            let ip = p("incident");
            let (min, max) = number_range(NumberField::DaysClosed);
            let days = r.int(o.get("days_closed"), &format!("{ip}/days_closed"), min, max);
            f.set_number(NumberField::DaysClosed, days);
            let kind = r.enumerated(
                o.get("kind"),
                &format!("{ip}/kind"),
                IncidentKind::parse,
                IncidentKind::NAMES,
            );
            let leak = r.bool(o.get("leak"), &format!("{ip}/leak"));
            if leak == Some(false)
                && matches!(
                    kind,
                    Some(IncidentKind::AttackWithLeak | IncidentKind::LeakOnly)
                )
            {
                r.error(
                    &format!("{ip}/leak"),
                    FieldErrorKind::InvalidField,
                    "漏えいを伴う被害の種類 (kind) で leak = false は矛盾します".into(),
                    "leak = false contradicts a kind that is a leak".into(),
                );
            }
            f.incident = Some(Incident {
                kind,
                occurred_on: r.date(o.get("occurred_on"), &format!("{ip}/occurred_on")),
                days_closed: days,
                leak,
            });
        }
        if let Some(o) = m.get("preparation").and_then(|v| {
            r.object(
                v,
                at(&mut pb, ptr, "preparation"),
                &[
                    "gbizid_prime",
                    "security_action",
                    "it_support_vendor",
                    "labor_insurance",
                    "annual_leave_rules",
                    "article36_agreement",
                    "portal_account",
                ],
            )
        }) {
            let pp = p("preparation");
            let b = |r: &mut Reader, k: &str| r.bool(o.get(k), &format!("{pp}/{k}"));
            f.preparation = Some(Preparation {
                gbizid_prime: b(r, "gbizid_prime"),
                security_action: r.enumerated(
                    o.get("security_action"),
                    &format!("{pp}/security_action"),
                    |s| match s {
                        "none" => Some(SecurityAction::None),
                        "one_star" => Some(SecurityAction::OneStar),
                        "two_star" => Some(SecurityAction::TwoStar),
                        _ => None,
                    },
                    &["none", "one_star", "two_star"],
                ),
                it_support_vendor: b(r, "it_support_vendor"),
                labor_insurance: b(r, "labor_insurance"),
                annual_leave_rules: b(r, "annual_leave_rules"),
                article36_agreement: b(r, "article36_agreement"),
                portal_account: b(r, "portal_account"),
            });
        }
        if let Some(items) = r.list(
            m.get("previous_grants"),
            at(&mut pb, ptr, "previous_grants"),
            MAX_LIST,
        ) {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{}/{i}", p("previous_grants"));
                if let Some(o) = r.object(item, &ip, &["program_id", "frame_id", "fiscal_year"]) {
                    let program_id = r.string(o.get("program_id"), &format!("{ip}/program_id"));
                    let frame_id = r.string(o.get("frame_id"), &format!("{ip}/frame_id"));
                    let fiscal_year = r.int(
                        o.get("fiscal_year"),
                        &format!("{ip}/fiscal_year"),
                        2000,
                        2100,
                    );
                    match program_id {
                        Some(pid) => out.push(Grant {
                            program_id: pid.to_string(),
                            frame_id: frame_id.map(str::to_string),
                            fiscal_year: fiscal_year.map(|y| y as i32),
                        }),
                        None if o.get("program_id").is_none_or(Value::is_null) => r.error(
                            &format!("{ip}/program_id"),
                            super::input::FieldErrorKind::InvalidField,
                            "program_id を指定してください".into(),
                            "program_id is required".into(),
                        ),
                        None => {}
                    }
                }
            }
            f.previous_grants = Some(out);
        }
        f.check_impossible(r, ptr);
        f
    }

    /// Profiles that cannot be (docs: "Implausible profiles"): each a 422 field error, since no
    /// answer for them would mean anything. Merely odd profiles are warnings (`oddities`).
    fn check_impossible(&self, r: &mut Reader, ptr: &str) {
        let beds = self.beds_value();
        let cut = self.number(NumberField::BedsCut);
        let idled = self.number(NumberField::BedsIdled);
        if let (Some(b), Some(c)) = (beds, cut) {
            if c > b {
                r.error(
                    &format!("{ptr}/beds_cut"),
                    FieldErrorKind::InvalidField,
                    format!("削減病床数 ({c}床) が許可病床数 ({b}床) を超えています"),
                    format!("beds_cut ({c}) exceeds the licensed beds ({b})"),
                );
            }
        }
        if let (Some(b), Some(c), Some(i)) = (beds, cut, idled) {
            if c <= b && c + i > b {
                r.error(
                    &format!("{ptr}/beds_idled"),
                    FieldErrorKind::InvalidField,
                    format!(
                        "削減病床数 ({c}床) と休床 ({i}床) の合計が許可病床数 ({b}床) を超えています"
                    ),
                    format!("beds_cut ({c}) plus beds_idled ({i}) exceed the licensed beds ({b})"),
                );
            }
        }
        if let (Some(b), Some(i), None) = (beds, idled, cut) {
            if i > b {
                r.error(
                    &format!("{ptr}/beds_idled"),
                    FieldErrorKind::InvalidField,
                    format!("休床 ({i}床) が許可病床数 ({b}床) を超えています"),
                    format!("beds_idled ({i}) exceeds the licensed beds ({b})"),
                );
            }
        }
        if let (Some(b), Some(k)) = (beds, self.number(NumberField::PediatricBeds)) {
            if k > b {
                r.error(
                    &format!("{ptr}/pediatric_beds"),
                    FieldErrorKind::InvalidField,
                    format!("小児専用病床数 ({k}床) が許可病床数 ({b}床) を超えています"),
                    format!("pediatric_beds ({k}) exceeds the licensed beds ({b})"),
                );
            }
        }
        // The sharing service runs through the EHR: in operation without one cannot be.
        if let Some(list) = &self.introduced {
            if list.contains(&System::EhrSharing) && !list.contains(&System::Ehr) {
                r.error(
                    &format!("{ptr}/introduced"),
                    FieldErrorKind::InvalidField,
                    "電子カルテ情報共有サービスは電子カルテなしでは運用できません (ehr を含めてください)".into(),
                    "ehr_sharing cannot be in operation without ehr (list ehr too)".into(),
                );
            }
        }
    }

    /// Profile facts that are possible but odd at `as_of`, each as (code, ja, en): the answer
    /// is given, with a warning saying what to check.
    pub fn oddities(&self, as_of: NaiveDate) -> Vec<(&'static str, String, String)> {
        let mut out = Vec::new();
        if let Some(d) = self.incident.as_ref().and_then(|i| i.occurred_on) {
            if d > as_of {
                out.push((
                    "profile_inconsistent",
                    format!("被害の発生日 ({d}) が判定日 ({as_of}) より後です。発生日を確認してください"),
                    format!("the incident date ({d}) is after as_of ({as_of}); check the date"),
                ));
            }
        }
        if let (Some(b), Some(u)) = (self.beds_value(), self.number(NumberField::BedsInUseMax)) {
            if u > b {
                out.push((
                    "profile_inconsistent",
                    format!("最大使用病床数 ({u}床) が許可病床数 ({b}床) を超えています"),
                    format!("beds_in_use_max ({u}) exceeds the licensed beds ({b})"),
                ));
            }
        }
        out
    }

    /// Whether a system is in operation (None = unknown).
    pub fn has_system(&self, s: System) -> Option<bool> {
        self.introduced.as_ref().map(|l| l.contains(&s))
    }

    pub fn intends_system(&self, s: System) -> Option<bool> {
        self.intends.as_ref().map(|l| l.contains(&s))
    }

    pub fn has_designation(&self, d: Designation) -> Option<bool> {
        self.designations.as_ref().map(|l| l.contains(&d))
    }
}
