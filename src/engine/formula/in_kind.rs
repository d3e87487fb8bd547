//! in_kind: support delivered in kind; no money.

use super::eval::{Env, Evaluated, Status};
use crate::engine::text::Text;

// The amount and its breakdown.

/// No amount: the support is delivered in kind.
pub(super) fn evaluate(env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    ev.status = Status::InKind;
    ev.warn("in_kind", || {
        (
            "金銭の補助ではなく、委託事業者による現物の支援です".into(),
            "support is delivered in kind by a contracted vendor, not paid in money".into(),
        )
    });
    ev
}

// The formula in words, its figures, its maxima and its rates.

/// Support in kind in words.
pub(super) fn text() -> Text {
    Text::new("現物支援 (金銭の補助なし)", "support in kind (no money)")
}
