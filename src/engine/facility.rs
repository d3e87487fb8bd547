//! The facility profile (PRODUCT.md §2). Every field is optional: `None` is unknown, an empty
//! list is "known to be none". Requests are read into it by `http::request::facility`.

use chrono::NaiveDate;

use super::vocab::{
    Designation, FacilityType, Fee, IncidentKind, MinWageBasis, NumberField, OperatorType, Service,
    System,
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
