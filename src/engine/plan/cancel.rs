//! When plan work must stop: a deadline, or a flag set from outside (the caller has gone). Every
//! phase of a plan (candidate search, branch and bound, improvement, counterfactual re-solves,
//! explanation) asks the same `Cancel`, so a stopped plan stops all its work, not only its answer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A shared stop signal with an optional deadline. Cloning shares the signal.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    deadline: Option<Instant>,
    /// A flag set by someone else (the connection, when its client has gone).
    also: Option<Arc<AtomicBool>>,
}

impl Cancel {
    /// Never stops unless `cancel` is called.
    pub fn never() -> Cancel {
        Cancel::default()
    }

    /// Stops `after` from now (or when `cancel` is called).
    pub fn after(after: Duration) -> Cancel {
        Cancel {
            flag: Arc::default(),
            deadline: Instant::now().checked_add(after),
            also: None,
        }
    }

    /// Stops also when `flag` is set.
    pub fn or_when(mut self, flag: Arc<AtomicBool>) -> Cancel {
        self.also = Some(flag);
        self
    }

    /// Stops the work (from any thread).
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether the work must stop: cancelled, or the deadline has passed. Cheap enough to ask
    /// at every search node.
    pub fn is_cancelled(&self) -> bool {
        if self.flag.load(Ordering::Relaxed)
            || self
                .also
                .as_ref()
                .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            return true;
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            self.flag.store(true, Ordering::Relaxed);
            return true;
        }
        false
    }
}

/// Cancels when dropped unless disarmed: held by whoever waits for the work, so the work stops
/// when the waiter is dropped (a client that has gone).
#[derive(Debug)]
pub struct CancelOnDrop(pub Option<Cancel>);

impl CancelOnDrop {
    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_deadline_or_when_cancelled() {
        assert!(!Cancel::never().is_cancelled());
        let c = Cancel::after(Duration::from_millis(0));
        assert!(c.is_cancelled());
        let c = Cancel::after(Duration::from_secs(3600));
        let shared = c.clone();
        assert!(!c.is_cancelled());
        shared.cancel();
        assert!(c.is_cancelled());
        let c = Cancel::never();
        drop(CancelOnDrop(Some(c.clone())));
        assert!(c.is_cancelled());
        let c = Cancel::never();
        CancelOnDrop(Some(c.clone())).disarm();
        assert!(!c.is_cancelled());
        let gone = Arc::new(AtomicBool::new(false));
        let c = Cancel::after(Duration::from_secs(3600)).or_when(gone.clone());
        assert!(!c.is_cancelled());
        gone.store(true, Ordering::Relaxed);
        assert!(c.is_cancelled());
    }
}
