//! Where an input the engine lacked sits in a request: its JSON Pointer, as answers name it
//! (`missing`, `provide_input`).

use std::borrow::Cow;

use crate::engine::input_key::{ExpenseField, InputKey};

/// JSON Pointer of an input key in a request body.
pub fn json_pointer(key: InputKey) -> Cow<'static, str> {
    match key {
        InputKey::Expenses(ExpenseField::Lines) => Cow::Borrowed("/expenses"),
        InputKey::Expenses(ExpenseField::AssetForming) => Cow::Borrowed("/expenses/asset_forming"),
        InputKey::Facility(f) => Cow::Owned(format!("/facility/{}", f.path())),
        InputKey::GoalCap(i) => Cow::Owned(format!("/facility/work_style_goals/{i}/cap_yen")),
    }
}

/// JSON Pointer of expense line `i` of a calculation request.
pub fn expense_line(i: usize) -> String {
    format!("/expenses/{i}")
}

/// A warning's message as answers show it: one about an expense line starts with that line's
/// pointer.
pub fn warning_message(w: &crate::engine::warning::Warning) -> (Cow<'_, str>, Cow<'_, str>) {
    match w.line {
        None => (Cow::Borrowed(&w.message.ja), Cow::Borrowed(&w.message.en)),
        Some(i) => {
            let at = expense_line(i);
            (
                Cow::Owned(format!("{at}: {}", w.message.ja)),
                Cow::Owned(format!("{at}: {}", w.message.en)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::input_key::FacilityField;
    use crate::engine::vocab::NumberField;

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
    fn pointers_name_the_request_fields() {
        assert_eq!(
            json_pointer(FacilityField::Prefecture.into()),
            "/facility/prefecture"
        );
        assert_eq!(json_pointer(NumberField::Beds.into()), "/facility/beds");
        assert_eq!(
            json_pointer(NumberField::ItProcesses.into()),
            "/facility/it_tool/processes"
        );
        assert_eq!(
            json_pointer(FacilityField::IncidentKind.into()),
            "/facility/incident/kind"
        );
        assert_eq!(
            json_pointer(InputKey::GoalCap(3)),
            "/facility/work_style_goals/3/cap_yen"
        );
        assert_eq!(
            json_pointer(InputKey::Expenses(ExpenseField::AssetForming)),
            "/expenses/asset_forming"
        );
    }
}
