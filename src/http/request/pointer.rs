//! Where an input the engine lacked sits in a request: its JSON Pointer, as answers name it
//! (`missing`, `provide_input`).

use std::borrow::Cow;

use crate::engine::input_key::{ExpenseField, FacilityField, InputKey};
use crate::engine::vocab::NumberField;

/// JSON Pointer of an input key in a request body.
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
