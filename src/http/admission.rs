//! Admission control for expensive work: a fixed number of slots, taken without waiting. A
//! request that finds them all taken is answered at once (503 `overloaded` with `Retry-After`)
//! instead of queueing work the machine cannot do in time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Slots for concurrent work.
#[derive(Debug)]
pub struct Slots {
    used: AtomicUsize,
    max: usize,
}

/// A taken slot, given back when dropped (when the work ends, not when its client leaves).
#[derive(Debug)]
pub struct Slot(Arc<Slots>);

impl Slots {
    pub fn new(max: usize) -> Arc<Slots> {
        Arc::new(Slots {
            used: AtomicUsize::new(0),
            max: max.max(1),
        })
    }

    /// One slot per core: plan work is CPU-bound.
    pub fn per_core() -> Arc<Slots> {
        Slots::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// A slot, or `None` when all are taken.
    pub fn try_take(self: &Arc<Self>) -> Option<Slot> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(self.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.used.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_taken_up_to_the_limit_and_given_back() {
        let slots = Slots::new(2);
        let a = slots.try_take();
        let b = slots.try_take();
        assert!(a.is_some() && b.is_some());
        assert!(slots.try_take().is_none());
        drop(a);
        assert!(slots.try_take().is_some());
    }
}
