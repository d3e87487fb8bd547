//! Which input of a request would settle an unknown verdict or amount: a typed key into the
//! facility profile or the expense lines. The engine reports these; the HTTP layer decides how a
//! client sees them (as JSON Pointers today).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goal_positions_compare_as_written() {
        assert!(InputKey::GoalCap(10) < InputKey::GoalCap(2));
        assert!(InputKey::Expenses(ExpenseField::Lines) < FacilityField::Prefecture.into());
    }
}
