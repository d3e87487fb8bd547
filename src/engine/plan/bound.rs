//! Upper bounds on what a frame can pay over a horizon: each term's bound comes from its formula
//! kind (`formula::bound`); the terms in force together are joined. They only prune the search
//! (an optimistic bound never loses the optimum); every amount the plan reports comes from the
//! engine's calculation.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::FrameRef;
use crate::engine::facility::Facility;
use crate::engine::formula::{self, BoundCtx};
use crate::engine::vocab::Interpretation;

pub use crate::engine::formula::FrameBound;

/// The bound over every term of the frame in force between `from` and `until`.
pub fn frame_bound(
    r: FrameRef,
    facility: &Facility,
    from: NaiveDate,
    until: NaiveDate,
    chosen: &BTreeMap<Interpretation, String>,
) -> FrameBound {
    let mut out: Option<FrameBound> = None;
    for term in r
        .frame
        .terms()
        .iter()
        .filter(|t| t.from.0 <= until && t.until.is_none_or(|u| u.0 >= from))
    {
        let ctx = BoundCtx {
            frame: r.frame,
            term,
            facility,
            from,
            chosen,
        };
        let b = formula::bound(&term.formula, &ctx);
        out = Some(match out {
            None => b,
            Some(a) => a.join(b),
        });
    }
    out.unwrap_or_else(FrameBound::nothing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog;
    use crate::engine::vocab::{ExpenseCategory, FacilityType, NumberField};

    #[test]
    fn karte_bound_is_its_cap_and_half_rate() {
        let c = catalog::embedded().unwrap();
        let p = c.program("denshi-karte-kyoyu").unwrap();
        let r = FrameRef {
            program: p,
            frame: p.frame("3bunsho-chusho").unwrap(),
        };
        let mut f = Facility::default();
        f.facility_type = Some(FacilityType::Hospital);
        f.set_number(NumberField::Beds, Some(150));
        let d = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let b = frame_bound(r, &f, d, d, &BTreeMap::new());
        assert!((b.rate.unwrap() - 0.5).abs() < 1e-9);
        // min(published cap 5,457,000, cost cap 10,913,000 × 1/2).
        assert!((b.max.unwrap() - 5_456_500.0).abs() < 1.0);
    }

    fn bound_of(program: &str, frame: &str, employees: Option<i64>) -> FrameBound {
        let c = catalog::embedded().unwrap();
        let p = c.program(program).unwrap();
        let r = FrameRef {
            program: p,
            frame: p.frame(frame).unwrap(),
        };
        let mut f = Facility::default();
        f.facility_type = Some(FacilityType::Hospital);
        f.set_number(NumberField::Beds, Some(150));
        f.set_number(NumberField::Employees, employees);
        let d = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        frame_bound(r, &f, d, d, &BTreeMap::new())
    }

    #[test]
    fn invoice_hardware_is_a_capped_share_beside_software() {
        let b = bound_of("it-donyu-2025", "invoice-taio", Some(180));
        let sw = b.part_of(ExpenseCategory::Software).unwrap();
        let hw = b.part_of(ExpenseCategory::HardwarePc).unwrap();
        assert_ne!(sw, hw);
        // 3/4: the 4/5 of small businesses (5 or fewer employees) can never apply to 180.
        assert!((b.parts[sw].rate - 0.75).abs() < 1e-9);
        assert!((b.parts[hw].rate - 0.5).abs() < 1e-9);
        assert_eq!(b.parts[hw].max, Some(100_000.0));
        assert_eq!(b.parts[hw].requires, Some(sw));
        assert_eq!(b.part_of(ExpenseCategory::Network), None);
        // Unknown headcount: the raised rate may apply.
        let b = bound_of("it-donyu-2025", "invoice-taio", None);
        let sw = b.part_of(ExpenseCategory::Software).unwrap();
        assert!((b.parts[sw].rate - 0.8).abs() < 1e-9);
    }

    #[test]
    fn units_follow_rounding_and_caps() {
        // ½ rounded down to ¥1,000 under a cap in thousands.
        assert_eq!(
            bound_of("iryo-setsubi-seibi", "enkaku-byori-shien", Some(180)).unit,
            1000
        );
        // Rounded to the yen.
        assert_eq!(bound_of("ict-kinmu-model", "model-2025", Some(180)).unit, 1);
        assert_eq!(bound_of("it-donyu-2025", "invoice-taio", Some(180)).unit, 1);
    }
}
