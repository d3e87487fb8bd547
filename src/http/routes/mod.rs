//! One file per resource.

pub mod calculations;
pub mod calendar;
pub mod catalog;
pub mod deadlines;
pub mod eligibility;
pub mod health;
pub mod plans;
pub mod programs;
