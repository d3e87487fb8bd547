//! The serde shapes of the catalog TOML files, exactly as written on disk.
//!
//! Every struct denies unknown fields so that a typo in a data file is a load error, never a
//! silently ignored rule. `load.rs` turns these into the checked model of `model.rs`; the
//! format is described for data authors in `docs/catalog.md`.

use serde::Deserialize;

use crate::engine::date::{Date, DateTimeJst};
use crate::engine::money::Rate;
pub use crate::engine::money::RoundingDirection;
use crate::engine::vocab::{
    Category, Confidence, Designation, ExpenseCategory, FacilityType, Fee, IncidentKind,
    Interpretation, MinWageBasis, NumberField, Op, OperatorType, PreparationItem, Service, System,
    Timing,
};

/// `catalog/catalog.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogMeta {
    pub schema_version: u32,
    pub edition: Str,
    pub verified_on: Date,
    /// How far the public sources behind the catalog reach (the newest period they were searched
    /// for), unlike `verified_on`, the day the figures were checked. Absent: not stated.
    #[serde(default)]
    pub sources_checked_through: Option<Date>,
}

pub use crate::engine::text::Str;
/// Japanese and English text (unknown keys rejected).
pub use crate::engine::text::Text as RawText;

/// `catalog/programs/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgram {
    pub id: Str,
    pub name: RawText,
    pub authority: RawText,
    pub summary: RawText,
    #[serde(default)]
    pub categories: Vec<Category>,
    pub facility_types: Vec<FacilityType>,
    /// Prefecture codes the program is limited to; absent = nationwide.
    #[serde(default)]
    pub prefectures: Option<Vec<Str>>,
    #[serde(default)]
    pub timing: Option<Timing>,
    #[serde(default)]
    pub predecessor: Option<Str>,
    #[serde(default)]
    pub successor: Option<Str>,
    /// How far this program's public sources reach, when it differs from the catalog's.
    #[serde(default)]
    pub sources_checked_through: Option<Date>,
    /// The source id of the program's official page (the page to check once the catalog's
    /// sources are older than `as_of`).
    #[serde(default)]
    pub official_page: Option<Str>,
    /// Set only when the source article does not describe the program.
    #[serde(default)]
    pub not_in_article: bool,
    #[serde(default)]
    pub notes: Vec<RawNote>,
    #[serde(default)]
    pub prerequisites: Vec<RawPrerequisite>,
    #[serde(default)]
    pub preparation: Vec<RawPreparation>,
    /// Criteria that apply to every frame.
    #[serde(default)]
    pub criteria: Vec<RawCriterion>,
    pub sources: Vec<RawSource>,
    pub frames: Vec<RawFrame>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    pub ja: Str,
    pub en: Str,
    /// Discrepancy id of domain research (`D6`), when the note records one.
    #[serde(default)]
    pub discrepancy: Option<Str>,
    /// The article's own figure or wording, kept when the catalog follows another source.
    #[serde(default)]
    pub article: Option<Str>,
    #[serde(default)]
    pub source: Option<Str>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrerequisite {
    pub system: System,
    /// The program that funds introducing that system.
    pub program_id: Str,
    /// Position in the national roadmap (1 オン資 → 2 電子処方箋 → 3 電子カルテ共有).
    pub order: u8,
    /// A declared intention (`intends`) satisfies the prerequisite.
    #[serde(default)]
    pub accepts_intention: bool,
    pub source: Str,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPreparation {
    pub item: PreparationItem,
    #[serde(default)]
    pub lead_time_days: Option<u32>,
    #[serde(default)]
    pub note: Option<RawText>,
    #[serde(default)]
    pub source: Option<Str>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Str,
    pub title: Str,
    pub url: Str,
    pub retrieved: Date,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrame {
    pub id: Str,
    pub name: RawText,
    #[serde(default)]
    pub description: Option<RawText>,
    /// What follows the last term: `ended`, `unknown` or `successor:<program>/<frame>`.
    pub after: Str,
    /// The frame runs in recurring rounds (between two windows it is `closed`, not `unknown`).
    #[serde(default)]
    pub recurring: bool,
    #[serde(default)]
    pub timing: Option<Timing>,
    /// Whom the frame's stated maximum is for: one facility (default) or a group of applicants
    /// together (複数者連携: 連携体の合計上限), which is no facility's maximum.
    #[serde(default)]
    pub max_scope: MaxScope,
    #[serde(default)]
    pub expense_categories: Vec<ExpenseCategory>,
    /// Eligible costs whose subsidy rule is not published (a card reader "up to 99,000円", no
    /// rate): reported with their stated maximum, never counted.
    #[serde(default)]
    pub unpriced: Vec<RawUnpriced>,
    #[serde(default)]
    pub criteria: Vec<RawCriterion>,
    #[serde(default)]
    pub windows: Vec<RawWindow>,
    pub terms: Vec<RawTerm>,
    #[serde(default)]
    pub notes: Vec<RawNote>,
    /// Frames that may fund the same cost as this one (a prefectural top-up on the national
    /// grant). Without a declared stack a cost line is funded by one frame at most.
    #[serde(default)]
    pub stacks_with: Vec<RawFrameLink>,
    /// Frames that cannot be used together with this one by the same facility (one
    /// introduction, one national grant).
    #[serde(default)]
    pub excludes: Vec<RawFrameLink>,
}

/// A sourced reference from one frame to another, `program/frame`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrameLink {
    /// `<program-id>/<frame-id>`.
    pub frame: Str,
    pub source: Str,
    #[serde(default)]
    pub note: Option<RawText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    /// Stable id within the frame (kebab-case); default: the English name as kebab-case. Never
    /// derived from a date, so a moved date keeps the id (calendar UIDs are built from it).
    #[serde(default)]
    pub id: Option<Str>,
    #[serde(default)]
    pub name: Option<RawText>,
    #[serde(default)]
    pub opens: Option<Date>,
    /// Last day (JST) applications are accepted.
    #[serde(default)]
    pub closes: Option<Date>,
    /// Deadline with a time of day, RFC 3339 with +09:00 (closes must be its date).
    #[serde(default)]
    pub closes_at: Option<DateTimeJst>,
    /// Introduction / completion deadline (導入完了期限) tied to this window.
    #[serde(default)]
    pub complete_by: Option<Date>,
    #[serde(default)]
    pub prefectures: Option<Vec<Str>>,
    pub source: Str,
    pub confidence: Confidence,
    #[serde(default)]
    pub derived: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub from: Date,
    /// Last day in force (inclusive); absent = until the next term.
    #[serde(default)]
    pub until: Option<Date>,
    /// Prefecture codes this term's figures belong to (prefecture-run programs); absent = all.
    #[serde(default)]
    pub prefectures: Option<Vec<Str>>,
    pub source: Str,
    pub confidence: Confidence,
    #[serde(default)]
    pub derived: bool,
    #[serde(default)]
    pub interpretations: Vec<Interpretation>,
    #[serde(default)]
    pub note: Option<RawText>,
    /// Criteria in force only during this term (added to the frame's criteria).
    #[serde(default)]
    pub criteria: Vec<RawCriterion>,
    /// Period in which costs must be spent (inclusive); lines dated outside it are not counted.
    #[serde(default)]
    pub spend_period: Option<RawPeriod>,
    pub formula: RawFormula,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub from: Date,
    pub until: Date,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnpriced {
    pub category: ExpenseCategory,
    #[serde(default)]
    pub max: Option<RawLimit>,
}

/// A yen limit with its comparison operator: `{ yen = 1_500_000, op = "lt" }` = 150万円未満.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLimit {
    pub yen: i64,
    pub op: Op,
}

/// A rate `"1/2"` or a rate with its own provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawRate {
    Plain(Rate),
    Sourced(RawSourcedRate),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSourcedRate {
    pub value: Rate,
    #[serde(default)]
    pub source: Option<Str>,
    #[serde(default)]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    pub derived: bool,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRounding {
    /// 1 or 1000 (千円未満切り捨て).
    pub unit: i64,
    pub direction: RoundingDirection,
    /// Grade of the rounding rule when it differs from the term's (e.g. a practice assumed where
    /// the program's text states none).
    #[serde(default)]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    pub derived: bool,
}

/// A per-unit amount: `{ yen = 40_000, basis = "beds" }` (基準額 = beds × 40,000).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerUnit {
    pub yen: i64,
    pub basis: NumberField,
}

/// A rate that replaces the base rate when all its conditions hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRaisedRate {
    pub rate: RawRate,
    pub when: Vec<RawCriterion>,
    pub label: RawText,
}

/// The amount formula of a term, from a closed vocabulary (PRODUCT.md §3).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RawFormula {
    /// rate × min(eligible cost, cost cap), rounded, clamped to the subsidy cap; band minimum.
    CostRate(RawCostRate),
    /// インボイス枠: a lower rate on the first band of subsidy, an upper rate above, plus
    /// per-category hardware lines that need the primary software.
    TieredRate(RawTieredRate),
    /// 働き方改革: lesser of Σ achieved goal caps (within the course maximum) and cost × rate.
    LesserOfGoals(RawLesserOfGoals),
    /// Amount per day of an incident, with a cap.
    PerDay(RawPerDay),
    /// A fixed amount.
    Fixed(RawFixed),
    /// Rates by expense class (区分6: asset-forming 9/10, other 10/10), clamped to a per-unit 基準額.
    ClassRates(RawClassRates),
    /// Sum of parts: per-unit amounts (with a small-facility fixed alternative), fixed amounts
    /// and a highest-of add-on.
    SumOfParts(RawSumOfParts),
    /// Support delivered in kind; no money.
    InKind(RawEmpty),
    /// The amount rule is not confirmed; known partial figures are kept for display only.
    Unknown(RawUnknownFormula),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmpty {}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnknownFormula {
    /// A published maximum whose rule is unknown (e.g. an article-only 最大500万円).
    #[serde(default)]
    pub max: Option<RawLimit>,
    #[serde(default)]
    pub rate: Option<RawRate>,
    /// Maxima that depend on the facility (病院 411,000円 / 診療所 128,000円): the first whose
    /// conditions hold replaces `max`.
    #[serde(default)]
    pub max_tiers: Vec<RawMaxTier>,
    /// Why the amount cannot be computed.
    pub reason: RawText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaxTier {
    pub label: RawText,
    pub when: Vec<RawCriterion>,
    pub max: RawLimit,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCostRate {
    /// 事業額上限 / 基準額: caps the cost base before the rate.
    #[serde(default)]
    pub cost_cap: Option<RawLimit>,
    /// 基準額 per unit (e.g. per bed); the cost cap is units × yen.
    #[serde(default)]
    pub cost_cap_per_unit: Option<RawPerUnit>,
    /// Minimum total eligible cost (事業費 30万円未満は対象外 → `{ yen = 300_000, op = "ge" }`).
    #[serde(default)]
    pub cost_min: Option<RawLimit>,
    #[serde(default)]
    pub rate: Option<RawRate>,
    #[serde(default)]
    pub raised_rate: Option<RawRaisedRate>,
    pub rounding: RawRounding,
    /// 補助上限 (published cap of the subsidy).
    #[serde(default)]
    pub subsidy_cap: Option<RawLimit>,
    /// Band minimum of the subsidy (below it the frame is not eligible).
    #[serde(default)]
    pub subsidy_min: Option<RawLimit>,
    /// Figures that depend on the facility; the first tier whose conditions all hold applies.
    #[serde(default)]
    pub tiers: Vec<RawTier>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    pub id: Str,
    pub label: RawText,
    pub when: Vec<RawCriterion>,
    #[serde(default)]
    pub cost_cap: Option<RawLimit>,
    #[serde(default)]
    pub cost_cap_per_unit: Option<RawPerUnit>,
    #[serde(default)]
    pub rate: Option<RawRate>,
    #[serde(default)]
    pub subsidy_cap: Option<RawLimit>,
    #[serde(default)]
    pub subsidy_min: Option<RawLimit>,
    /// The tier is known to exist but its figures are not confirmed.
    #[serde(default)]
    pub unknown: bool,
    #[serde(default)]
    pub source: Option<Str>,
    #[serde(default)]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    pub derived: bool,
    #[serde(default)]
    pub note: Option<RawText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTieredRate {
    /// Categories priced with the tiered rate (the primary software).
    pub categories: Vec<ExpenseCategory>,
    /// Subsidy amount up to which the lower rate applies (「50万円以下の部分」).
    pub band_yen: i64,
    pub lower_rate: RawRate,
    #[serde(default)]
    pub lower_raised_rate: Option<RawRaisedRate>,
    pub upper_rate: RawRate,
    /// Cap on the primary software subsidy, by number of functions.
    pub subsidy_cap: RawLimit,
    /// Cap when only one function is covered (`it_tool.invoice_functions` = 1).
    #[serde(default)]
    pub subsidy_cap_single_function: Option<RawLimit>,
    #[serde(default)]
    pub category_caps: Vec<RawCategoryCap>,
    pub rounding: RawRounding,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategoryCap {
    pub id: Str,
    pub label: RawText,
    pub categories: Vec<ExpenseCategory>,
    pub rate: RawRate,
    pub cap: RawLimit,
    /// Only counted alongside an eligible primary line in the same application.
    #[serde(default)]
    pub requires_primary: bool,
    #[serde(default)]
    pub source: Option<Str>,
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLesserOfGoals {
    pub goals: Vec<RawGoalCap>,
    /// Course maximum for Σ goal caps (before 賃金加算).
    pub course_max: RawLimit,
    pub rate: RawRate,
    #[serde(default)]
    pub raised_rate: Option<RawRaisedRate>,
    pub rounding: RawRounding,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoalCap {
    pub goal: Str,
    pub label: RawText,
    /// Fixed cap of the goal, when published as one figure.
    #[serde(default)]
    pub cap_yen: Option<i64>,
    /// Range of the cap when it depends on a setting the catalog does not know; the caller supplies it.
    #[serde(default)]
    pub cap_min_yen: Option<i64>,
    #[serde(default)]
    pub cap_max_yen: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerDay {
    pub yen_per_day: i64,
    pub cap: RawLimit,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFixed {
    pub yen: i64,
    /// When true the amount is limited to actual spend (lesser of).
    #[serde(default)]
    pub limited_to_spend: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClassRates {
    /// 基準額 per unit; clamps the subsidy.
    pub cap_per_unit: RawPerUnit,
    /// Rate for lines with `asset_forming = true`.
    pub asset_rate: RawRate,
    /// Rate for the other lines.
    pub other_rate: RawRate,
    pub rounding: RawRounding,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSumOfParts {
    pub parts: Vec<RawPart>,
    pub rounding: RawRounding,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    pub id: Str,
    pub label: RawText,
    /// Conditions for the part to count at all.
    #[serde(default)]
    pub when: Vec<RawCriterion>,
    #[serde(default)]
    pub per_unit: Option<RawPerUnit>,
    /// Replaces the per-unit amount when its condition holds (≤ 2床 → 150,000/施設).
    #[serde(default)]
    pub fixed_instead: Option<RawFixedInstead>,
    #[serde(default)]
    pub fixed_yen: Option<i64>,
    /// The single highest option whose conditions hold (not combined).
    #[serde(default)]
    pub highest_of: Vec<RawOption>,
    /// Percentage-based amount: base × min(percent, cap) / 100.
    #[serde(default)]
    pub percent_of: Option<RawPercentOf>,
    #[serde(default)]
    pub source: Option<Str>,
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFixedInstead {
    pub when: Vec<RawCriterion>,
    pub yen: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: Str,
    pub label: RawText,
    pub yen: i64,
    pub when: Vec<RawCriterion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPercentOf {
    /// Base amount per percentage point (基準額).
    pub yen_per_percent: i64,
    /// Multiplied by this count too when present (小児: × 病床数).
    #[serde(default)]
    pub times: Option<NumberField>,
    pub percent: NumberField,
    pub percent_cap: i64,
    pub rate: RawRate,
}

/// A structural condition on the facility (and, inside formulas, on the expense lines).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawCriterion {
    /// The facility type is one of `values`.
    FacilityType {
        values: Vec<FacilityType>,
    },
    /// A number of the profile compared with `value` (`beds ge 20` = 20床以上).
    Number {
        field: NumberField,
        op: Op,
        value: i64,
    },
    /// The prefecture is one of `values`; elsewhere the criterion is `not_met`, or `unknown`
    /// when `others = "unknown"` (a top-up the catalog has not researched there).
    Prefecture {
        values: Vec<Str>,
        #[serde(default)]
        others: Option<OthersVerdict>,
    },
    /// A system is in operation (or, where accepted, declared as intended).
    System {
        system: System,
        #[serde(default)]
        accepts_intention: bool,
    },
    /// A system is known not to be in operation (a first introduction only).
    NoSystem {
        system: System,
    },
    /// A fee was notified (date received) on or before `by`.
    FeeNotified {
        fee: Fee,
        by: Date,
    },
    /// A pledge to notify a fee on or before `by` (`fee_pledges`).
    FeePledged {
        fee: Fee,
        by: Date,
    },
    Designation {
        designation: Designation,
    },
    NotDesignation {
        designation: Designation,
    },
    OperatorIn {
        values: Vec<OperatorType>,
    },
    OperatorNotIn {
        values: Vec<OperatorType>,
    },
    Service {
        service: Service,
    },
    LargeChainPharmacy {
        value: bool,
    },
    /// No earlier grant of this program (and frame / fiscal year, when given).
    NotPreviouslyGranted {
        program_id: Str,
        #[serde(default)]
        frame_id: Option<Str>,
        #[serde(default)]
        fiscal_year: Option<i32>,
    },
    /// An earlier grant of this program exists in one of the fiscal years.
    PreviouslyGranted {
        program_id: Str,
        fiscal_years: Vec<i32>,
    },
    /// Introduction completed on or before `by` (`completed_on`).
    CompletedBy {
        by: Date,
    },
    /// Introduction completed on or after `from`.
    CompletedFrom {
        from: Date,
    },
    /// Contract / order date (`contracted_on`) between `from` and `until` inclusive.
    ContractedBetween {
        from: Date,
        until: Date,
    },
    /// An incident of one of `kinds`, occurred on or after `from` when given.
    Incident {
        kinds: Vec<IncidentKind>,
        #[serde(default)]
        from: Option<Date>,
    },
    /// 最低賃金近傍事業者: at least `share_percent` of staff for `months` months.
    MinWageNear {
        share_percent: i64,
        months: i64,
        /// The program's test; the profile's `basis` must be the same.
        #[serde(default)]
        basis: Option<MinWageBasis>,
    },
    /// Sum of expense lines in `categories` compared with `yen` (only inside formulas).
    ExpenseTotal {
        categories: Vec<ExpenseCategory>,
        op: Op,
        yen: i64,
    },
    /// Some expense line is in `category` (only inside formulas).
    ExpenseCategory {
        category: ExpenseCategory,
    },
    All {
        of: Vec<RawCriterion>,
    },
    Any {
        of: Vec<RawCriterion>,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxScope {
    #[default]
    Facility,
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OthersVerdict {
    NotMet,
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_formula_rejects_unknown_fields() {
        let bad = r#"kind = "fixed"
yen = 1
oops = 2"#;
        assert!(toml::from_str::<RawFormula>(bad).is_err());
        let good = r#"kind = "fixed"
yen = 1"#;
        assert!(toml::from_str::<RawFormula>(good).is_ok());
    }

    #[test]
    fn frame_links_reject_unknown_fields() {
        let good = r#"frame = "denshi-shohosen/kuni-doji"
source = "tokyo""#;
        assert!(toml::from_str::<RawFrameLink>(good).is_ok());
        let bad = r#"frame = "denshi-shohosen/kuni-doji"
source = "tokyo"
rate = "1/2""#;
        assert!(toml::from_str::<RawFrameLink>(bad).is_err());
    }

    #[test]
    fn tagged_criterion_rejects_unknown_fields() {
        let bad = r#"kind = "number"
field = "beds"
op = "ge"
value = 20
extra = 1"#;
        assert!(toml::from_str::<RawCriterion>(bad).is_err());
    }
}
