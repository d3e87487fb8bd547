//! Shapes shared by several responses.

use serde::Serialize;
use utoipa::ToSchema;

use super::vocab::{ConfidenceV, NumberFieldV, OpV, PrefectureCodeV, WarningCodeV, WindowStatusV};
use crate::engine::catalog::Catalog;
use crate::engine::catalog::Window;
use crate::engine::formula::FigureItem;
use crate::engine::money::Rate;
use crate::engine::text::DateText;
use crate::engine::window::WindowAt;
pub use crate::http::problem::LocalizedText;
use crate::http::request::pointer::warning_message;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// The catalog edition a response was computed from.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CatalogEdition)]
pub struct CatalogRef {
    /// Edition name of the catalog (`2025-12-25`).
    pub edition: String,
    /// Content hash of the catalog files (hex).
    pub hash: String,
}

impl CatalogRef {
    pub fn of(c: &Catalog) -> CatalogRef {
        CatalogRef {
            edition: c.edition.clone(),
            hash: c.hash.clone(),
        }
    }
}

/// Japanese and English text borrowed from the catalog or the vocabulary; serialized as
/// `LocalizedText` (the schema names that type), without copying the strings.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TextRef<'a> {
    pub ja: &'a str,
    pub en: &'a str,
}

impl<'a> From<&'a crate::engine::text::Text> for TextRef<'a> {
    fn from(t: &'a crate::engine::text::Text) -> Self {
        TextRef {
            ja: &t.ja,
            en: &t.en,
        }
    }
}

/// An exact rate, as published (never reduced, never a float).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"text": "1/2", "numerator": 1, "denominator": 2}))]
#[schema(as = Rate)]
pub struct RateDto {
    /// The fraction as text (`"9/10"`).
    pub text: String,
    pub numerator: i64,
    pub denominator: i64,
}

impl From<Rate> for RateDto {
    fn from(r: Rate) -> Self {
        RateDto {
            text: r.text(),
            numerator: r.numerator,
            denominator: r.denominator,
        }
    }
}

/// One figure of a dated term, with its provenance.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Figure)]
pub struct FigureDto {
    /// Path of the figure in the formula (`subsidy_cap`, `tiers.byoin-daikibo.rate`).
    pub name: String,
    /// What the figure is.
    pub label: LocalizedText,
    /// The rate, for rate figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateDto>,
    /// The amount in yen, for caps, minimums and per-unit amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yen: Option<i64>,
    /// Comparison operator of a cap or minimum (以上 ge, 以下 le, 未満 lt, 超 gt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<OpV>,
    /// For per-unit amounts: the profile number it is multiplied by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<NumberFieldV>,
    /// Source id (see the program's `sources`).
    pub source: String,
    pub confidence: ConfidenceV,
    /// True for high and medium confidence.
    pub verified: bool,
    /// Computed from confirmed figures rather than published.
    pub derived: bool,
}

impl From<FigureItem> for FigureDto {
    fn from(f: FigureItem) -> Self {
        FigureDto {
            name: f.name,
            label: f.label.into(),
            rate: f.rate.map(Into::into),
            yen: f.yen,
            op: f.op.map(|o| OpV(o.as_str())),
            per: f.per.map(|p| NumberFieldV(p.as_str())),
            source: f.source,
            confidence: ConfidenceV(f.confidence.as_str()),
            verified: f.confidence.verified(),
            derived: f.derived,
        }
    }
}

/// An application window (round).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Window)]
pub struct WindowDto {
    /// Name of the round (`1次`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// First day applications are accepted (JST).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub opens: Option<String>,
    /// Last day applications are accepted (JST).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub closes: Option<String>,
    /// Deadline with its time of day (RFC 3339, +09:00), when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub closes_at: Option<String>,
    /// Introduction must be completed by this date (導入完了期限).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub complete_by: Option<String>,
    /// Prefectures the window belongs to (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<PrefectureCodeV>>)]
    pub prefectures: Option<Vec<String>>,
    pub source: String,
    pub confidence: ConfidenceV,
    pub verified: bool,
}

impl From<&Window> for WindowDto {
    fn from(w: &Window) -> Self {
        WindowDto {
            name: w.name.as_ref().map(Into::into),
            opens: w.opens.map(|d| DateText(d.0).to_string()),
            closes: w.closes.map(|d| DateText(d.0).to_string()),
            closes_at: w.closes_at.map(|d| d.0.to_rfc3339()),
            complete_by: w.complete_by.map(|d| DateText(d.0).to_string()),
            prefectures: w
                .prefectures
                .as_ref()
                .map(|v| v.iter().map(|s| s.to_string()).collect()),
            source: w.source.to_string(),
            confidence: ConfidenceV(w.confidence.as_str()),
            verified: w.confidence.verified(),
        }
    }
}

/// The window status of a frame at `as_of`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FrameWindow)]
pub struct WindowStatusDto {
    /// open 受付中, upcoming 予定, closed 回と回の間, ended 終了, unknown 不明.
    pub status: WindowStatusV,
    /// Why: the window it refers to and its dates, what is not confirmed and since when, the
    /// successor (omitted with eligibility `detail = summary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<LocalizedText>,
    /// The frame that replaced this one (`after = "successor:…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<FrameLinkDto>,
    /// The window that is open, the next one, or the last one that closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowDto>,
}

/// A frame of a program, by ids.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FrameLink)]
pub struct FrameLinkDto {
    pub program_id: String,
    pub frame_id: String,
}

impl WindowStatusDto {
    /// The status with its reason; `checked_through` is how far the program's sources reach.
    pub fn of(
        catalog: &crate::engine::catalog::Catalog,
        w: &WindowAt<'_>,
        as_of: NaiveDate,
        checked_through: Option<NaiveDate>,
    ) -> Self {
        WindowStatusDto {
            status: WindowStatusV(w.status.as_str()),
            status_reason: Some(
                crate::engine::window::reason(catalog, w, as_of, checked_through).into(),
            ),
            successor: w.successor.map(|(p, f)| FrameLinkDto {
                program_id: p.to_string(),
                frame_id: f.to_string(),
            }),
            window: w.window.map(Into::into),
        }
    }
}

/// A frame's window status borrowed from the catalog, serialized exactly as `WindowStatusDto`
/// (eligibility writes one per frame; this spares copying every window's strings).
#[derive(Debug, Clone, Serialize)]
pub struct WindowStatusRef<'a> {
    pub status: WindowStatusV,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<TextRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<FrameLinkRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowRef<'a>>,
}

/// A frame by ids, borrowed; serialized as `FrameLinkDto`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FrameLinkRef<'a> {
    pub program_id: &'a str,
    pub frame_id: &'a str,
}

/// A window borrowed from the catalog; serialized as `WindowDto`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WindowRef<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<TextRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_date")]
    opens: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_date")]
    closes: Option<NaiveDate>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_rfc3339"
    )]
    closes_at: Option<DateTime<FixedOffset>>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_date")]
    complete_by: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefectures: Option<&'a [crate::engine::text::Str]>,
    source: &'a str,
    confidence: ConfidenceV,
    verified: bool,
}

fn opt_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(&DateText(*d)),
        None => s.serialize_none(),
    }
}

fn opt_rfc3339<S: serde::Serializer>(
    d: &Option<DateTime<FixedOffset>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_rfc3339()),
        None => s.serialize_none(),
    }
}

impl<'a> From<&WindowAt<'a>> for WindowStatusRef<'a> {
    fn from(w: &WindowAt<'a>) -> Self {
        WindowStatusRef {
            status: WindowStatusV(w.status.as_str()),
            status_reason: None,
            successor: w.successor.map(|(program_id, frame_id)| FrameLinkRef {
                program_id,
                frame_id,
            }),
            window: w.window.map(|w| WindowRef {
                name: w.name.as_ref().map(Into::into),
                opens: w.opens.map(|d| d.0),
                closes: w.closes.map(|d| d.0),
                closes_at: w.closes_at.map(|d| d.0),
                complete_by: w.complete_by.map(|d| d.0),
                prefectures: w.prefectures.as_deref(),
                source: &w.source,
                confidence: ConfidenceV(w.confidence.as_str()),
                verified: w.confidence.verified(),
            }),
        }
    }
}

/// A threshold with its operator (`{"op": "ge", "value": 20}` = 20以上).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Threshold)]
pub struct ThresholdDto {
    pub op: OpV,
    pub value: i64,
}

/// A warning code with its text.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Warning)]
pub struct WarningDto {
    /// Stable warning code (every value is listed in `WarningCode`).
    #[schema(value_type = WarningCodeV)]
    pub code: String,
    pub message: LocalizedText,
}

/// A warning borrowed from an engine result; serialized as `WarningDto`.
#[derive(Debug, Clone, Serialize)]
pub struct WarningRef<'a> {
    pub code: &'static str,
    pub message: MessageRef<'a>,
}

/// A message borrowed from the engine, or written for the answer (a warning about an expense
/// line names the line).
#[derive(Debug, Clone, Serialize)]
pub struct MessageRef<'a> {
    pub ja: std::borrow::Cow<'a, str>,
    pub en: std::borrow::Cow<'a, str>,
}

impl<'a> From<&'a crate::engine::warning::Warning> for WarningRef<'a> {
    fn from(w: &'a crate::engine::warning::Warning) -> Self {
        let (ja, en) = warning_message(w);
        WarningRef {
            code: w.code,
            message: MessageRef { ja, en },
        }
    }
}

impl From<&crate::engine::warning::Warning> for WarningDto {
    fn from(w: &crate::engine::warning::Warning) -> Self {
        let (ja, en) = warning_message(w);
        WarningDto {
            code: w.code.to_string(),
            message: LocalizedText {
                ja: ja.into_owned(),
                en: en.into_owned(),
            },
        }
    }
}
