//! Catalog updates without a restart: a served catalog directory is reloaded on SIGHUP and when
//! its files change (including Kubernetes' ConfigMap update, which swaps the `..data` symlink).
//! A reload validates the whole new catalog before anything changes; an invalid one is logged
//! with its file and key path, counted, and the old edition keeps being served.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::engine::catalog::{self, CatalogError};
use crate::http::state::AppState;

/// What one reload did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new edition is served: (old edition and hash, new edition and hash).
    Swapped { from: String, to: String },
    /// The files changed but their catalog is the one already served.
    Unchanged,
}

/// Loads and validates `dir`; publishes it when valid and different. On errors nothing changes.
/// Whatever the outcome, the memory the load used and freed is given back afterwards (an
/// unchanged or refused catalog is freed whole).
pub fn reload(dir: &Path, state: &AppState, why: &str) -> Result<Outcome, Vec<CatalogError>> {
    let outcome = load_and_publish(dir, state, why);
    crate::memory::release_freed();
    outcome
}

fn load_and_publish(dir: &Path, state: &AppState, why: &str) -> Result<Outcome, Vec<CatalogError>> {
    let started = std::time::Instant::now();
    match catalog::from_dir(dir) {
        Ok(new) => {
            state.metrics.reload_succeeded();
            let old = state.snapshot();
            if old.hash == new.hash && old.edition == new.edition {
                tracing::info!(
                    trigger = why,
                    edition = %old.edition,
                    hash = %old.hash,
                    "catalog reloaded: unchanged"
                );
                return Ok(Outcome::Unchanged);
            }
            let from = format!("{} ({})", old.edition, old.hash);
            let to = format!("{} ({})", new.edition, new.hash);
            tracing::info!(
                trigger = why,
                from = %from,
                to = %to,
                programs = new.programs.len(),
                reload_ms = started.elapsed().as_secs_f64() * 1000.0,
                "catalog reloaded: new edition served"
            );
            state.publish(Arc::new(new));
            Ok(Outcome::Swapped { from, to })
        }
        Err(errors) => {
            state.metrics.reload_failed();
            let old = state.snapshot();
            for e in &errors {
                tracing::error!(trigger = why, file = %e.file, path = %e.path, "{}", e.message);
            }
            tracing::error!(
                trigger = why,
                errors = errors.len(),
                edition = %old.edition,
                hash = %old.hash,
                "catalog reload refused: the new catalog is invalid; still serving the old edition"
            );
            Err(errors)
        }
    }
}

/// What the watcher sees of a catalog directory without reading the files: the target of the
/// `..data` link (Kubernetes swaps it on a ConfigMap update) and each file's size and mtime.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint(Vec<(String, u64, Option<SystemTime>)>);

impl Fingerprint {
    pub fn of(dir: &Path) -> Fingerprint {
        let mut out = Vec::new();
        if let Ok(target) = std::fs::read_link(dir.join("..data")) {
            out.push((format!("..data -> {}", target.display()), 0, None));
        }
        let mut add = |name: String, path: &Path| {
            // metadata() follows symlinks: the ConfigMap's files are links into `..data`.
            if let Ok(m) = std::fs::metadata(path) {
                out.push((name, m.len(), m.modified().ok()));
            }
        };
        add("catalog.toml".into(), &dir.join("catalog.toml"));
        if let Ok(entries) = std::fs::read_dir(dir.join("programs")) {
            let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            names.sort();
            for p in names {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                add(format!("programs/{name}"), &p);
            }
        }
        Fingerprint(out)
    }
}

/// Asks the watcher thread for a reload (SIGHUP).
#[derive(Clone)]
pub struct Trigger(Sender<()>);

impl Trigger {
    pub fn reload(&self) {
        let _ = self.0.send(());
    }
}

/// Starts the thread that reloads `dir` when asked and when its fingerprint changes (checked
/// every `poll`; `None` = only when asked). Reloads run on this thread, never on a worker.
pub fn watch(dir: PathBuf, state: AppState, poll: Option<Duration>) -> std::io::Result<Trigger> {
    let (tx, rx) = mpsc::channel::<()>();
    // The thread keeps a sender itself, so it watches for the whole process even when no
    // signal handler holds a trigger.
    let keep = tx.clone();
    std::thread::Builder::new()
        .name("catalog-reload".into())
        .spawn(move || {
            let _keep = keep;
            let mut seen = Fingerprint::of(&dir);
            let wait = poll.unwrap_or(Duration::from_secs(3600));
            loop {
                match rx.recv_timeout(wait) {
                    Ok(()) => {
                        seen = Fingerprint::of(&dir);
                        let _ = reload(&dir, &state, "SIGHUP");
                    }
                    Err(RecvTimeoutError::Timeout) if poll.is_some() => {
                        let now = Fingerprint::of(&dir);
                        if now == seen {
                            continue;
                        }
                        // Let a copy in progress finish: load once the files hold still.
                        let mut settled = now;
                        for _ in 0..20 {
                            std::thread::sleep(Duration::from_millis(100));
                            let again = Fingerprint::of(&dir);
                            if again == settled {
                                break;
                            }
                            settled = again;
                        }
                        seen = settled;
                        let _ = reload(&dir, &state, "directory changed");
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        })?;
    Ok(Trigger(tx))
}
