//! Cost lines: an expense line of a calculation and a purchase of a plan.

use super::bounded::Bounded;
use super::facility::Yen;
use super::field::{request_object, Date, FreeText, Text};
use crate::engine::calc::Expense;
use crate::engine::plan::Purchase;
use crate::engine::vocab::{ExpenseCategory, System};

/// Units of one line.
pub type Quantity = Bounded<1, 1_000_000>;
/// The caller's id of a purchase.
pub type PurchaseId = Text<1, 100>;

request_object! {
    /// One planned expense line.
    "ExpenseLine" pub struct ExpenseLine {
        pub category: ExpenseCategory,
        /// The line total in yen, tax excluded (税抜).
        pub amount_yen: Yen,
        /// Unit count (default 1).
        pub quantity: Option<Quantity>,
        pub description: Option<FreeText>,
        /// Date of spending. A line dated outside the term's spend period is not counted (it is
        /// reported in `warnings` and counted in `ineligible_cost_yen`).
        pub spent_on: Option<Date>,
        /// 資産形成経費 (for 地域医療介護総合確保基金 区分6).
        pub asset_forming: Option<bool>,
    }
}

request_object! {
    /// One planned purchase (one cost line).
    "PurchaseLine" pub struct PurchaseLine {
        /// Your id for the purchase, unique within the request; the answer refers to it.
        pub id: PurchaseId,
        pub category: ExpenseCategory,
        /// The line total in yen, tax excluded (税抜).
        pub amount_yen: Yen,
        /// Unit count (default 1).
        pub quantity: Option<Quantity>,
        pub description: Option<FreeText>,
        /// The system this purchase brings into operation (`e_prescription`): purchases planned after it
        /// see the system in operation, and the system's own program funds it.
        pub introduces: Option<System>,
        /// Not before this date (default `as_of`).
        pub earliest_on: Option<Date>,
        /// Not after this date.
        pub latest_on: Option<Date>,
    }
}

impl From<ExpenseLine> for Expense {
    fn from(x: ExpenseLine) -> Expense {
        Expense {
            category: x.category,
            amount_yen: x.amount_yen.get(),
            quantity: x.quantity.map_or(1, Bounded::get),
            description: x.description.map(|d| d.0),
            spent_on: x.spent_on.map(|d| d.0),
            asset_forming: x.asset_forming,
        }
    }
}

impl From<PurchaseLine> for Purchase {
    fn from(x: PurchaseLine) -> Purchase {
        Purchase {
            id: x.id.0,
            category: x.category,
            amount_yen: x.amount_yen.get(),
            quantity: x.quantity.map_or(1, Bounded::get),
            description: x.description.map(|d| d.0),
            introduces: x.introduces,
            earliest_on: x.earliest_on.map(|d| d.0),
            latest_on: x.latest_on.map(|d| d.0),
        }
    }
}
