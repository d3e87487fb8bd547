//! Which input of a request would settle an unknown verdict or amount: a typed key into the
//! facility profile or the expense lines. The engine reports these; the HTTP layer decides how a
//! client sees them (as JSON Pointers today).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::vocab::NumberField;

/// One input the engine lacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKey {
    Expenses(ExpenseField),
    Facility(FacilityField),
    /// The cap of the `i`-th achieved work-style goal, listed without it.
    GoalCap(usize),
}

/// What of the expense lines is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpenseField {
    /// The lines themselves.
    Lines,
    /// Whether a line is asset-forming.
    AssetForming,
}

/// A field of the facility profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FacilityField {
    FacilityType,
    OperatorType,
    Prefecture,
    Introduced,
    Intends,
    FeeNotifications,
    FeePledges,
    Designations,
    Services,
    LargeChainPharmacy,
    PreviousGrants,
    CompletedOn,
    ContractedOn,
    IncidentKind,
    IncidentOccurredOn,
    MinWageNear,
    WorkStyleGoals,
    Number(NumberField),
}

impl From<FacilityField> for InputKey {
    fn from(f: FacilityField) -> Self {
        InputKey::Facility(f)
    }
}

impl From<NumberField> for InputKey {
    fn from(n: NumberField) -> Self {
        InputKey::Facility(FacilityField::Number(n))
    }
}

impl FacilityField {
    /// The field's path inside the profile, `/`-separated for nested fields.
    pub fn path(self) -> &'static str {
        match self {
            FacilityField::FacilityType => "facility_type",
            FacilityField::OperatorType => "operator_type",
            FacilityField::Prefecture => "prefecture",
            FacilityField::Introduced => "introduced",
            FacilityField::Intends => "intends",
            FacilityField::FeeNotifications => "fee_notifications",
            FacilityField::FeePledges => "fee_pledges",
            FacilityField::Designations => "designations",
            FacilityField::Services => "services",
            FacilityField::LargeChainPharmacy => "large_chain_pharmacy",
            FacilityField::PreviousGrants => "previous_grants",
            FacilityField::CompletedOn => "completed_on",
            FacilityField::ContractedOn => "contracted_on",
            FacilityField::IncidentKind => "incident/kind",
            FacilityField::IncidentOccurredOn => "incident/occurred_on",
            FacilityField::MinWageNear => "min_wage_near",
            FacilityField::WorkStyleGoals => "work_style_goals",
            FacilityField::Number(n) => match n {
                NumberField::ItProcesses => "it_tool/processes",
                NumberField::InvoiceFunctions => "it_tool/invoice_functions",
                NumberField::DaysClosed => "incident/days_closed",
                NumberField::Beds => "beds",
                NumberField::BedsInUseMax => "beds_in_use_max",
                NumberField::Employees => "employees",
                NumberField::CapitalYen => "capital_yen",
                NumberField::CardReadersFree => "card_readers_free",
                NumberField::AmbulanceAcceptances => "ambulance_acceptances",
                NumberField::SurgeriesDeliveries => "surgeries_deliveries",
                NumberField::AnesthesiaSurgeries => "anesthesia_surgeries",
                NumberField::Deliveries => "deliveries",
                NumberField::PharmacyGroupStores => "pharmacy_group_stores",
                NumberField::BedsCut => "beds_cut",
                NumberField::BedsIdled => "beds_idled",
                NumberField::OccupancyPercent => "occupancy_percent",
                NumberField::DeliveriesHalfYear => "deliveries_half_year",
                NumberField::DeliveryDeclinePercent => "delivery_decline_percent",
                NumberField::InpatientDeclinePercent => "inpatient_decline_percent",
                NumberField::PediatricBeds => "pediatric_beds",
            },
        }
    }
}

impl InputKey {
    /// Part of the request (`expenses` before `facility`), field path, goal position: the order
    /// of `Ord`, which lists missing inputs by name.
    fn order_key(&self) -> (u8, &'static str, Option<usize>) {
        match self {
            InputKey::Expenses(ExpenseField::Lines) => (0, "", None),
            InputKey::Expenses(ExpenseField::AssetForming) => (0, "asset_forming", None),
            InputKey::Facility(f) => (1, f.path(), None),
            InputKey::GoalCap(i) => (1, FacilityField::WorkStyleGoals.path(), Some(*i)),
        }
    }
}

impl Ord for InputKey {
    /// By name, as a reader scans a list: goal positions compare as written ("10" before "2"),
    /// so the order stays the one clients have always seen.
    fn cmp(&self, other: &Self) -> Ordering {
        let (ap, an, ag) = self.order_key();
        let (bp, bn, bg) = other.order_key();
        ap.cmp(&bp).then(an.cmp(bn)).then_with(|| match (ag, bg) {
            (Some(a), Some(b)) if a != b => a.to_string().cmp(&b.to_string()),
            _ => ag.cmp(&bg),
        })
    }
}

impl PartialOrd for InputKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// JSON Pointer of an input key in a request body. Kept beside the key until the HTTP layer owns
/// request parsing; it belongs there.
pub fn json_pointer(key: InputKey) -> Cow<'static, str> {
    match key {
        InputKey::Expenses(ExpenseField::Lines) => Cow::Borrowed("/expenses"),
        InputKey::Expenses(ExpenseField::AssetForming) => Cow::Borrowed("/expenses/asset_forming"),
        InputKey::Facility(f) => Cow::Borrowed(facility_pointer(f)),
        InputKey::GoalCap(i) => Cow::Owned(format!("/facility/work_style_goals/{i}/cap_yen")),
    }
}

fn facility_pointer(f: FacilityField) -> &'static str {
    match f {
        FacilityField::FacilityType => "/facility/facility_type",
        FacilityField::OperatorType => "/facility/operator_type",
        FacilityField::Prefecture => "/facility/prefecture",
        FacilityField::Introduced => "/facility/introduced",
        FacilityField::Intends => "/facility/intends",
        FacilityField::FeeNotifications => "/facility/fee_notifications",
        FacilityField::FeePledges => "/facility/fee_pledges",
        FacilityField::Designations => "/facility/designations",
        FacilityField::Services => "/facility/services",
        FacilityField::LargeChainPharmacy => "/facility/large_chain_pharmacy",
        FacilityField::PreviousGrants => "/facility/previous_grants",
        FacilityField::CompletedOn => "/facility/completed_on",
        FacilityField::ContractedOn => "/facility/contracted_on",
        FacilityField::IncidentKind => "/facility/incident/kind",
        FacilityField::IncidentOccurredOn => "/facility/incident/occurred_on",
        FacilityField::MinWageNear => "/facility/min_wage_near",
        FacilityField::WorkStyleGoals => "/facility/work_style_goals",
        FacilityField::Number(n) => match n {
            NumberField::ItProcesses => "/facility/it_tool/processes",
            NumberField::InvoiceFunctions => "/facility/it_tool/invoice_functions",
            NumberField::DaysClosed => "/facility/incident/days_closed",
            NumberField::Beds => "/facility/beds",
            NumberField::BedsInUseMax => "/facility/beds_in_use_max",
            NumberField::Employees => "/facility/employees",
            NumberField::CapitalYen => "/facility/capital_yen",
            NumberField::CardReadersFree => "/facility/card_readers_free",
            NumberField::AmbulanceAcceptances => "/facility/ambulance_acceptances",
            NumberField::SurgeriesDeliveries => "/facility/surgeries_deliveries",
            NumberField::AnesthesiaSurgeries => "/facility/anesthesia_surgeries",
            NumberField::Deliveries => "/facility/deliveries",
            NumberField::PharmacyGroupStores => "/facility/pharmacy_group_stores",
            NumberField::BedsCut => "/facility/beds_cut",
            NumberField::BedsIdled => "/facility/beds_idled",
            NumberField::OccupancyPercent => "/facility/occupancy_percent",
            NumberField::DeliveriesHalfYear => "/facility/deliveries_half_year",
            NumberField::DeliveryDeclinePercent => "/facility/delivery_decline_percent",
            NumberField::InpatientDeclinePercent => "/facility/inpatient_decline_percent",
            NumberField::PediatricBeds => "/facility/pediatric_beds",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<InputKey> {
        use FacilityField::*;
        let mut v = vec![
            InputKey::Expenses(ExpenseField::Lines),
            InputKey::Expenses(ExpenseField::AssetForming),
        ];
        for f in [
            FacilityType,
            OperatorType,
            Prefecture,
            Introduced,
            Intends,
            FeeNotifications,
            FeePledges,
            Designations,
            Services,
            LargeChainPharmacy,
            PreviousGrants,
            CompletedOn,
            ContractedOn,
            IncidentKind,
            IncidentOccurredOn,
            MinWageNear,
            WorkStyleGoals,
        ] {
            v.push(f.into());
        }
        v.extend(NumberField::ALL.iter().map(|n| InputKey::from(*n)));
        v.extend([0, 1, 2, 9, 10, 11, 99].map(InputKey::GoalCap));
        v
    }

    #[test]
    fn order_is_the_pointers_order() {
        let keys = all();
        for a in &keys {
            for b in &keys {
                assert_eq!(
                    a.cmp(b),
                    json_pointer(*a).cmp(&json_pointer(*b)),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn pointer_is_the_path() {
        for k in all() {
            if let InputKey::Facility(f) = k {
                assert_eq!(json_pointer(k), format!("/facility/{}", f.path()));
            }
        }
    }
}
