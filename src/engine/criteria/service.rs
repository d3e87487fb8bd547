//! `service`: the facility provides a service (`services`).

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_input, write_not_given, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::vocab::Service;

/// Whether the facility provides the service (`None`: services not given).
fn provides(ctx: &Ctx, service: Service) -> Option<bool> {
    ctx.facility.services.as_ref().map(|l| l.contains(&service))
}

pub fn decide(ctx: &Ctx, service: Service) -> Tri {
    Tri::from_opt(provides(ctx, service))
}

pub fn outcome(ctx: &Ctx, service: Service) -> Outcome {
    Outcome::plain(
        "service",
        decide(ctx, service),
        read(
            provides(ctx, service),
            Fact::Bool,
            FacilityField::Services.into(),
        ),
    )
}

/// `<service>を実施` / `provides <service>`.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    service: Service,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str(service.ja())?;
        out.write_str("を実施")?;
    } else {
        out.write_str("provides ")?;
        out.write_str(service.en())?;
    }
    if input {
        match provides(ctx, service) {
            Some(true) => write_input(out, lang, ("実施", "provided"))?,
            Some(false) => write_input(out, lang, ("未実施", "not provided"))?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}
