//! A frame the plan may use, and which purchases its purpose fits: what both the problem and
//! the schedule read.

use super::bound::FrameBound;
use super::{FrameRef, Purchase};
use crate::engine::catalog::Catalog;
use crate::engine::vocab::{Category, System};

/// A frame the plan may use.
#[derive(Debug)]
pub struct PFrame<'a> {
    pub r: FrameRef<'a>,
    pub bound: FrameBound,
    /// Frames this one is a top-up on (it declares `stacks_with` them).
    pub bases: Vec<usize>,
    /// Frames that cannot be used together with this one.
    pub excludes: Vec<usize>,
}

/// The platform system a program is dedicated to (its category names the system).
pub fn dedicated_system(program: &crate::engine::catalog::Program) -> Option<System> {
    program.def.categories.iter().find_map(|c| match c {
        Category::OnlineEligibility => Some(System::OnlineEligibility),
        Category::EPrescription => Some(System::EPrescription),
        Category::EhrSharing => Some(System::EhrSharing),
        _ => None,
    })
}

/// Whether a frame's purpose fits a purchase. The platform systems have their own grants: a
/// purchase that introduces one is funded by that system's program, and a system's program funds
/// only its introduction or costs no other program takes (HL7 FHIR work, 健診 integration).
pub fn fits(catalog: &Catalog, frames: &[PFrame], r: FrameRef, p: &Purchase) -> bool {
    match (dedicated_system(r.program), p.introduces) {
        (Some(s), Some(t)) => s == t,
        (Some(_), None) => frames.iter().all(|f| {
            dedicated_system(f.r.program).is_some()
                || !f.r.frame.def.expense_categories.contains(&p.category)
        }),
        (None, Some(t)) => !catalog
            .programs
            .iter()
            .any(|q| dedicated_system(q) == Some(t)),
        (None, None) => true,
    }
}
