//! Breakdown steps: one per operation, each with its inputs, output, figure and provenance.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::money::{decimal_text, Rate};
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, Op};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Sum,
    CostCap,
    PerUnit,
    PerCategoryCap,
    Rate,
    TieredRate,
    Fixed,
    Round,
    SubsidyCap,
    Minimum,
    LesserOf,
}

impl StepKind {
    pub const ALL: &'static [StepKind] = &[
        StepKind::Sum,
        StepKind::CostCap,
        StepKind::PerUnit,
        StepKind::PerCategoryCap,
        StepKind::Rate,
        StepKind::TieredRate,
        StepKind::Fixed,
        StepKind::Round,
        StepKind::SubsidyCap,
        StepKind::Minimum,
        StepKind::LesserOf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Sum => "sum",
            StepKind::CostCap => "cost_cap",
            StepKind::PerUnit => "per_unit",
            StepKind::PerCategoryCap => "per_category_cap",
            StepKind::Rate => "rate",
            StepKind::TieredRate => "tiered_rate",
            StepKind::Fixed => "fixed",
            StepKind::Round => "round",
            StepKind::SubsidyCap => "subsidy_cap",
            StepKind::Minimum => "minimum",
            StepKind::LesserOf => "lesser_of",
        }
    }
}

/// One named input of a step. `value` is exact: an integer, or a decimal string for fractions.
#[derive(Debug, Clone, Serialize)]
pub struct StepInput {
    pub name: String,
    pub value: StepValue,
    pub unit: &'static str,
}

/// An exact input value: a whole number, or a decimal written out when it has a fraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum StepValue {
    Int(i64),
    Decimal(String),
}

impl StepValue {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            StepValue::Int(n) => Some(*n),
            StepValue::Decimal(_) => None,
        }
    }
}

impl StepInput {
    pub fn yen(name: &str, v: i64) -> StepInput {
        StepInput {
            name: name.into(),
            value: StepValue::Int(v),
            unit: "yen",
        }
    }
    pub fn decimal(name: &str, v: Decimal) -> StepInput {
        let value = if v.fract().is_zero() {
            StepValue::Int(crate::engine::money::decimal_to_yen(v))
        } else {
            StepValue::Decimal(v.round_dp(6).normalize().to_string())
        };
        StepInput {
            name: name.into(),
            value,
            unit: "yen",
        }
    }
    pub fn count(name: &str, v: i64, unit: &'static str) -> StepInput {
        StepInput {
            name: name.into(),
            value: StepValue::Int(v),
            unit,
        }
    }
}

/// The figure a step used.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Figure {
    Rate { rate: Rate },
    Limit { yen: i64, op: Op },
    PerUnit { yen: i64 },
    Rounding { unit: i64, direction: &'static str },
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub inputs: Vec<StepInput>,
    pub output_yen: i64,
    /// Exact value before rounding, when it has a fraction (e.g. "49999.5").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    pub figure: Option<Figure>,
    pub source: Option<String>,
    pub confidence: Option<Confidence>,
    pub derived: bool,
    pub text: Text,
}

/// Provenance attached to steps.
#[derive(Debug, Clone)]
pub struct Prov {
    pub source: String,
    pub confidence: Confidence,
    pub derived: bool,
}

impl Prov {
    /// The provenance of a figure that may name its own source and grade (a sourced rate, a
    /// tier, a part, a rounding rule); what it leaves out comes from `self`, and it is derived
    /// when either is.
    pub fn overridden(
        &self,
        source: Option<&str>,
        confidence: Option<Confidence>,
        derived: bool,
    ) -> Prov {
        Prov {
            source: source.unwrap_or(&self.source).to_string(),
            confidence: confidence.unwrap_or(self.confidence),
            derived: derived || self.derived,
        }
    }

    /// Provenance for an amount-only evaluation, which shows no figures.
    pub fn quiet() -> Prov {
        Prov {
            source: String::new(),
            confidence: Confidence::High,
            derived: false,
        }
    }
}

impl Step {
    pub fn new(kind: StepKind, output_yen: i64, text: Text) -> Step {
        Step {
            kind,
            inputs: Vec::new(),
            output_yen,
            exact: None,
            figure: None,
            source: None,
            confidence: None,
            derived: false,
            text,
        }
    }
    pub fn input(mut self, i: StepInput) -> Step {
        self.inputs.push(i);
        self
    }
    pub fn figure(mut self, f: Figure, prov: &Prov) -> Step {
        self.figure = Some(f);
        self.source = Some(prov.source.clone());
        self.confidence = Some(prov.confidence);
        self.derived = prov.derived;
        self
    }
    pub fn exact(mut self, d: Decimal) -> Step {
        if !d.fract().is_zero() {
            self.exact = Some(d.round_dp(6).normalize().to_string());
        }
        self
    }
}

pub fn y(v: i64) -> String {
    yen(v)
}

pub fn d(v: Decimal) -> String {
    decimal_text(v)
}
