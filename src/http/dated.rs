//! Each program's view at a date for a prefecture (`engine::dated`), kept per catalog edition.
//! The view does not depend on the rest of the facility, so eligibility answers at the same date
//! from the same prefecture share it instead of working out every window status and status
//! reason again. A program's view is computed the first time an answer needs it; the store
//! holds at most [`MAX_KEYS`] dates × prefectures and starts over when full, so requests with
//! ever new dates cost what they cost without it, and memory stays bounded.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use chrono::NaiveDate;

use crate::engine::catalog::Catalog;
use crate::engine::dated::ProgramDated;

/// Dates × prefectures kept per edition.
pub const MAX_KEYS: usize = 32;

type Key = (NaiveDate, Option<&'static str>);

/// The views of one edition.
#[derive(Default)]
pub struct DatedViews(RwLock<HashMap<Key, Arc<Views>>>);

/// Every program's view at one date for one prefecture, each filled on first use.
pub struct Views {
    key: Key,
    programs: Vec<OnceLock<Box<ProgramDated>>>,
}

impl DatedViews {
    /// The views at `as_of` for `prefecture`, for a catalog of `programs` programs.
    pub fn at(
        &self,
        programs: usize,
        as_of: NaiveDate,
        prefecture: Option<&'static str>,
    ) -> Arc<Views> {
        let key = (as_of, prefecture);
        // A poisoned lock only means a panic elsewhere while inserting; the map is still whole.
        if let Some(v) = self.0.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return v.clone();
        }
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_KEYS {
            map.clear();
        }
        map.entry(key)
            .or_insert_with(|| {
                Arc::new(Views {
                    key,
                    programs: (0..programs).map(|_| OnceLock::new()).collect(),
                })
            })
            .clone()
    }
}

impl Views {
    /// The view of the catalog's program at `index` (`catalog` is the edition's).
    pub fn program(&self, catalog: &Catalog, index: usize) -> &ProgramDated {
        let (as_of, prefecture) = self.key;
        self.programs[index].get_or_init(|| {
            Box::new(ProgramDated::of(
                catalog,
                &catalog.programs[index],
                as_of,
                prefecture,
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog;

    /// Views asked in turn for dates and prefectures, twice over, are each the view computed
    /// afresh: with prefecture-specific windows (大分県 44, until 2024-09-02) and terms (宮崎県 45,
    /// FY2023) among them, a view kept under the wrong key would differ.
    #[test]
    fn a_kept_view_is_the_view_of_its_date_and_prefecture() {
        let catalog = catalog::embedded().expect("catalog");
        let views = DatedViews::default();
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let mut differs = 0;
        for _ in 0..2 {
            for as_of in ["2023-10-01", "2024-08-01", "2025-12-25", "2026-12-02"].map(date) {
                for prefecture in [None, Some("13"), Some("44"), Some("45")] {
                    let at = views.at(catalog.programs.len(), as_of, prefecture);
                    for (k, p) in catalog.programs.iter().enumerate() {
                        let fresh = ProgramDated::of(&catalog, p, as_of, prefecture);
                        assert_eq!(
                            at.program(&catalog, k),
                            &fresh,
                            "{} {as_of} {prefecture:?}",
                            p.def.id
                        );
                        if fresh != ProgramDated::of(&catalog, p, as_of, None) {
                            differs += 1;
                        }
                    }
                }
            }
        }
        // The dates and prefectures do exercise views that depend on the prefecture.
        assert!(differs > 0);
    }

    /// Dates beyond the bound start the store over instead of growing it.
    #[test]
    fn the_store_is_bounded() {
        let catalog = catalog::embedded().expect("catalog");
        let views = DatedViews::default();
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        for d in 0..(3 * MAX_KEYS as u64) {
            let as_of = start + chrono::Days::new(d);
            let at = views.at(catalog.programs.len(), as_of, None);
            let _ = at.program(&catalog, 0);
            assert!(views.0.read().expect("lock").len() <= MAX_KEYS);
        }
    }
}
