//! OpenAPI schemas of the engine's closed vocabularies. The engine stays free of utoipa: each
//! wrapper carries the wire string and documents the enum from the engine's own list.

use std::borrow::Cow;

use serde::Serialize;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};

use crate::engine::calc::{AmountStatus, StepKind};
use crate::engine::criteria::REASON_CODES;
use crate::engine::vocab;
use crate::engine::window::WindowStatus;

fn string_enum(values: Vec<&'static str>, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .description(Some(description))
        .into()
}

macro_rules! vocab_schema {
    ($name:ident, $schema:literal, $desc:literal, $values:expr) => {
        #[doc = $desc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub &'static str);

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                string_enum($values, $desc)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($schema)
            }
        }
    };
}

fn names<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| f(*x)).collect()
}

vocab_schema!(
    FacilityTypeV,
    "FacilityType",
    "施設の種別 (facility type).",
    names(vocab::FacilityType::ALL, vocab::FacilityType::as_str)
);
vocab_schema!(
    OperatorTypeV,
    "OperatorType",
    "開設者の種別 (operator type).",
    names(vocab::OperatorType::ALL, vocab::OperatorType::as_str)
);
vocab_schema!(
    SystemV,
    "System",
    "医療DXのシステム (system of the national platform).",
    names(vocab::System::ALL, vocab::System::as_str)
);
vocab_schema!(
    FeeV,
    "Fee",
    "診療報酬の届出 (fee notification).",
    names(vocab::Fee::ALL, vocab::Fee::as_str)
);
vocab_schema!(
    DesignationV,
    "Designation",
    "施設が受けている指定 (designation).",
    names(vocab::Designation::ALL, vocab::Designation::as_str)
);
vocab_schema!(
    ServiceV,
    "Service",
    "提供しているサービス (service).",
    names(vocab::Service::ALL, vocab::Service::as_str)
);
vocab_schema!(
    ExpenseCategoryV,
    "ExpenseCategory",
    "経費の区分 (expense category).",
    names(vocab::ExpenseCategory::ALL, vocab::ExpenseCategory::as_str)
);
vocab_schema!(
    CategoryV,
    "Category",
    "制度の分類 (program category).",
    names(vocab::Category::ALL, vocab::Category::as_str)
);
vocab_schema!(ConfidenceV, "Confidence", "数値の確度: high (公的資料), medium (複数資料), low (第三者資料1件・資料間の矛盾), article_only (記事のみ).", names(vocab::Confidence::ALL, vocab::Confidence::as_str));
vocab_schema!(
    OpV,
    "Operator",
    "比較演算子: ge 以上, le 以下, lt 未満, gt 超.",
    names(vocab::Op::ALL, vocab::Op::as_str)
);
vocab_schema!(
    TimingV,
    "Timing",
    "契約・申請のタイミング (approval_first: 交付決定後に契約, after_completion: 完了後に申請).",
    names(vocab::Timing::ALL, vocab::Timing::as_str)
);
vocab_schema!(
    PreparationItemV,
    "PreparationItem",
    "申請準備の項目 (preparation item).",
    names(vocab::PreparationItem::ALL, vocab::PreparationItem::as_str)
);
vocab_schema!(
    IncidentKindV,
    "IncidentKind",
    "被害の種類 (incident kind).",
    names(vocab::IncidentKind::ALL, vocab::IncidentKind::as_str)
);
vocab_schema!(
    MinWageBasisV,
    "MinWageBasis",
    "最低賃金近傍の基準 (plus_50_yen: 地域別最低賃金+50円以内, fy2025_revised: 令和7年度改定後の地域別最低賃金未満).",
    names(vocab::MinWageBasis::ALL, vocab::MinWageBasis::as_str)
);
vocab_schema!(
    InterpretationV,
    "InterpretationId",
    "解釈の分かれる規則の ID (Q1–Q16).",
    names(vocab::Interpretation::ALL, vocab::Interpretation::as_str)
);
vocab_schema!(
    NumberFieldV,
    "NumberField",
    "施設プロファイルの数値項目.",
    names(vocab::NumberField::ALL, vocab::NumberField::as_str)
);
vocab_schema!(
    WindowStatusV,
    "WindowStatus",
    "申請受付の状態: open 受付中, upcoming 予定, closed 回と回の間, ended 終了, unknown 不明.",
    names(WindowStatus::ALL, WindowStatus::as_str)
);
vocab_schema!(AmountStatusV, "AmountStatus", "金額の状態: computed 計算済み, missing_input 入力不足, unknown_figure 数値未確認, no_term_in_force 有効な期間なし, in_kind 現物支援.", names(AmountStatus::ALL, AmountStatus::as_str));
vocab_schema!(
    StepKindV,
    "StepKind",
    "計算過程の手順の種類.",
    names(StepKind::ALL, StepKind::as_str)
);
vocab_schema!(
    ReasonCodeV,
    "ReasonCode",
    "要件の理由コード (one per criterion kind; number criteria use the field name).",
    REASON_CODES.to_vec()
);
vocab_schema!(
    VerdictV,
    "Verdict",
    "判定: eligible 対象, not_eligible 対象外, undetermined 未確定.",
    vec!["eligible", "not_eligible", "undetermined"]
);
vocab_schema!(
    CriterionVerdictV,
    "CriterionVerdict",
    "要件ごとの判定: met 充足, not_met 不充足, unknown 不明.",
    vec!["met", "not_met", "unknown"]
);
vocab_schema!(
    PrefectureCodeV,
    "PrefectureCode",
    "都道府県コード (JIS X 0401).",
    vocab::PREFECTURES.iter().map(|p| p.0).collect()
);
vocab_schema!(
    PrefectureNameV,
    "PrefectureName",
    "都道府県名 (\"東京都\").",
    vocab::PREFECTURES.iter().map(|p| p.1).collect()
);

/// A prefecture as the request gives it: its JIS X 0401 code or its name (two schemas, so a
/// client types each closed list once rather than one list of 94 values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PrefectureInputV(pub &'static str);

impl utoipa::PartialSchema for PrefectureInputV {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(Ref::from_schema_name("PrefectureCode"))
            .item(Ref::from_schema_name("PrefectureName"))
            .description(Some(
                "都道府県: JIS X 0401 コード (\"13\") または名称 (\"東京都\").",
            ))
            .into()
    }
}

impl utoipa::ToSchema for PrefectureInputV {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PrefectureInput")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        use utoipa::PartialSchema;
        schemas.push(("PrefectureCode".into(), PrefectureCodeV::schema()));
        schemas.push(("PrefectureName".into(), PrefectureNameV::schema()));
    }
}
vocab_schema!(
    GoalV,
    "PlanGoal",
    "プランの目的 (work_hours 労働時間短縮, efficiency 業務効率化, admin_cost 事務コスト削減, security, information_sharing 情報共有).",
    names(vocab::Goal::ALL, vocab::Goal::as_str)
);
vocab_schema!(
    UnfundedV,
    "UnfundedReason",
    "補助されない理由: no_eligible_frame 対象の枠なし, window_closed 受付期間外, below_minimum 下限未満, excluded_by_other_assignment 他の購入に割当, amount_unknown 金額未確認, undetermined 判定不能.",
    names(crate::engine::plan::Unfunded::ALL, crate::engine::plan::Unfunded::as_str)
);
vocab_schema!(
    RoadmapStepKindV,
    "RoadmapStepKind",
    "ロードマップの手順: preparation 準備, application 申請, introduce_system システム導入, purchase 購入.",
    names(
        crate::engine::plan::roadmap::StepKind::ALL,
        crate::engine::plan::roadmap::StepKind::as_str
    )
);
vocab_schema!(
    SolverStatusV,
    "SolverStatus",
    "最適化の状態: optimal 最適 (証明済み), feasible 実行可能 (探索上限に到達、bound_yen が上限), time_limit 時間切れ (期限までに見つかった最良のプラン; counterfactuals と headroom は省略).",
    vec!["optimal", "feasible", "time_limit"]
);

/// Every warning code the engine writes (a test reads the engine's sources to keep this complete).
pub const WARNING_CODES: [&str; 23] = [
    "band_upper_clamped",
    "catalog_outdated",
    "conditional_on_unknown_criteria",
    "cost_above_cap",
    "expense_amount_unknown",
    "expense_not_eligible",
    "expense_outside_period",
    "figure_unconfirmed",
    "figure_unverified",
    "goal_cap_out_of_range",
    "hardware_requires_software",
    "higher_amount_condition_unknown",
    "in_kind",
    "no_term_in_force",
    "part_condition_unknown",
    "prefecture_not_covered",
    "preparation_late",
    "prerequisite_order_not_possible",
    "profile_inconsistent",
    "published_cap_differs",
    "raised_rate_condition_unknown",
    "sources_outdated",
    "threshold_proximity",
];

vocab_schema!(
    WarningCodeV,
    "WarningCode",
    "警告コード (stable; never renamed, never reused): band_upper_clamped, catalog_outdated, conditional_on_unknown_criteria, cost_above_cap, expense_amount_unknown, expense_not_eligible, expense_outside_period, figure_unconfirmed, figure_unverified, goal_cap_out_of_range, hardware_requires_software, higher_amount_condition_unknown, in_kind, no_term_in_force, part_condition_unknown, prefecture_not_covered, preparation_late, prerequisite_order_not_possible, profile_inconsistent, published_cap_differs (the published cap differs from the computed one), raised_rate_condition_unknown, sources_outdated, threshold_proximity.",
    WARNING_CODES.to_vec()
);
vocab_schema!(
    AssignmentStatusV,
    "AssignmentStatus",
    "購入の割当: funded 補助あり, unfunded 補助なし.",
    vec!["funded", "unfunded"]
);
vocab_schema!(
    ChangeKindV,
    "ChangeKind",
    "変更の種類: introduce_system システム導入, declare_intention 導入の意思表明, notify_fee 診療報酬の届出, provide_input 入力の追加, fact 変えられない事実.",
    vec!["introduce_system", "declare_intention", "notify_fee", "provide_input", "fact"]
);
vocab_schema!(
    ChangeCodeV,
    "ChangeCode",
    "変えられない事実のコード: a criterion's reason code, or window_closed.",
    REASON_CODES
        .iter()
        .copied()
        .chain(["window_closed"])
        .collect()
);
vocab_schema!(
    StepFigureKindV,
    "StepFigureKind",
    "計算に使った数値の種類: rate 補助率, limit 上限・下限, per_unit 単価, rounding 端数処理.",
    vec!["rate", "limit", "per_unit", "rounding"]
);
vocab_schema!(
    RoundingDirectionV,
    "RoundingDirection",
    "端数処理の方向: down 切り捨て, up 切り上げ, half_up 四捨五入.",
    vec!["down", "up", "half_up"]
);
vocab_schema!(
    PrerequisiteStateV,
    "PrerequisiteState",
    "前提システムの状態: missing 未導入, unknown 不明.",
    vec!["missing", "unknown"]
);
vocab_schema!(
    PreparationStateV,
    "PreparationState",
    "申請準備の状態: done 済, not_done 未, unknown 不明.",
    vec!["done", "not_done", "unknown"]
);
vocab_schema!(
    FormulaKindV,
    "FormulaKind",
    "算定式の種類.",
    vec![
        "cost_rate",
        "tiered_rate",
        "lesser_of_goals",
        "per_day",
        "fixed",
        "class_rates",
        "sum_of_parts",
        "in_kind",
        "unknown",
    ]
);
vocab_schema!(
    MaxAmountPerV,
    "MaxAmountPer",
    "上限額の単位: facility 1施設, group グループ, or the profile number it is multiplied by.",
    ["facility", "group"]
        .into_iter()
        .chain(names(vocab::NumberField::ALL, vocab::NumberField::as_str))
        .collect()
);
vocab_schema!(
    DeadlineKindV,
    "DeadlineKind",
    "期日の種類: opens 受付開始, closes 締切.",
    vec!["opens", "closes"]
);

/// The facility value a criterion read: an integer, a yes/no, a vocabulary word or a date
/// (YYYY-MM-DD).
pub struct CriterionValue;

impl utoipa::PartialSchema for CriterionValue {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Integer).format(Some(
                utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64),
            )))
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(ObjectBuilder::new().schema_type(Type::String))
            .description(Some(
                "The facility value the criterion read: an integer, a boolean, a vocabulary word or a date (YYYY-MM-DD).",
            ))
            .into()
    }
}

impl utoipa::ToSchema for CriterionValue {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("CriterionValue")
    }
}

/// A breakdown input: integer yen or a count, or a decimal string when it has a fraction.
pub struct StepValue;

impl utoipa::PartialSchema for StepValue {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Integer).format(Some(
                utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64),
            )))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^-?[0-9]+\\.[0-9]+$")),
            )
            .description(Some(
                "An integer, or a decimal string (\"2.5\") when the value has a fraction.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for StepValue {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("StepValue")
    }
}

/// The calendar's language, as the query parameter `lang` documents it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CalendarLang {
    /// 日本語 (default).
    Ja,
    /// English.
    En,
}
