//! The facility profile as documented in the contract. Requests are read field by field by
//! `engine::facility::Facility::read`; this type only describes them.

use serde::Serialize;
use utoipa::ToSchema;

use super::vocab::{
    DesignationV, FacilityTypeV, FeeV, IncidentKindV, MinWageBasisV, OperatorTypeV,
    PrefectureInputV, ServiceV, SystemV,
};

/// A facility profile. Every field is optional: absent or `null` means unknown, `[]` means "known
/// to be none". Unknown fields are rejected.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityProfile {
    /// 施設の種別. A `hospital` with fewer than 20 beds is not rejected; the criteria decide and a `profile_inconsistent` warning is added.
    pub facility_type: Option<FacilityTypeV>,
    /// 許可病床数 (licensed beds). A clinic with beds > 0 is 有床診療所.
    #[schema(minimum = 0, maximum = 10000)]
    pub beds: Option<i64>,
    /// 最大使用病床数 (for 地域医療介護総合確保基金 区分6).
    #[schema(minimum = 0, maximum = 10000)]
    pub beds_in_use_max: Option<i64>,
    /// 開設者の種別.
    pub operator_type: Option<OperatorTypeV>,
    /// 常時使用する従業員数 / 労働者数. 小規模事業者 is derived from it.
    #[schema(minimum = 0, maximum = 1000000)]
    pub employees: Option<i64>,
    /// 資本金・出資の額 (yen).
    #[schema(minimum = 0, maximum = 1000000000000000_i64)]
    pub capital_yen: Option<i64>,
    /// 都道府県: JIS X 0401 code (`"13"`) or Japanese name (`"東京都"`).
    pub prefecture: Option<PrefectureInputV>,
    /// Systems in operation.
    #[schema(max_items = 100)]
    pub introduced: Option<Vec<SystemV>>,
    /// Systems the facility has declared it will introduce (電子カルテ共有 accepts a declared intention for 電子処方箋).
    #[schema(max_items = 100)]
    pub intends: Option<Vec<SystemV>>,
    /// 診療報酬の届出 (ベースアップ評価料) with the date the 厚生局 received it.
    #[schema(max_items = 100)]
    pub fee_notifications: Option<Vec<FeeNotificationDoc>>,
    /// Pledges (誓約) to notify a fee by a date: clinics that cannot notify the ベースアップ評価料 yet, and pharmacies,
    /// qualify for the 賃上げ part of `chinage-bukka-2026` by pledging to notify the revised fee by 2026-06-01.
    /// `[]` = no pledge.
    #[schema(max_items = 100)]
    pub fee_pledges: Option<Vec<FeePledgeDoc>>,
    /// Designations held.
    #[schema(max_items = 100)]
    pub designations: Option<Vec<DesignationV>>,
    /// Services provided.
    #[schema(max_items = 100)]
    pub services: Option<Vec<ServiceV>>,
    /// グループで処方箋受付 月4万回以上 (大型チェーン薬局).
    pub large_chain_pharmacy: Option<bool>,
    /// The free 顔認証付きカードリーダー a hospital chose (オン資 core): 1–3.
    #[schema(minimum = 1, maximum = 3)]
    pub card_readers_free: Option<i64>,
    /// 最低賃金近傍 test of IT導入補助金.
    pub min_wage_near: Option<MinWageNearDoc>,
    /// IT導入補助金: 業務プロセス数, インボイス機能数.
    pub it_tool: Option<ItToolDoc>,
    /// 働き方改革 成果目標 achieved; `cap_yen` where the cap depends on a setting the catalog does not know.
    #[schema(max_items = 100)]
    pub work_style_goals: Option<Vec<WorkStyleGoalDoc>>,
    /// 日本医師会 支援金: the incident.
    pub incident: Option<IncidentDoc>,
    /// What the applicant already has prepared; never changes a verdict.
    pub preparation: Option<PreparationDoc>,
    /// Grants received before (one application only, 2回目以降 rules).
    #[schema(max_items = 100)]
    pub previous_grants: Option<Vec<PreviousGrantDoc>>,
    /// Date the introduction was (or will be) completed (導入完了日).
    #[schema(format = Date, max_length = 10)]
    pub completed_on: Option<String>,
    /// Date of contract or order.
    #[schema(format = Date, max_length = 10)]
    pub contracted_on: Option<String>,
    /// 救急車受入件数 (per year, 病床機能報告).
    #[schema(minimum = 0, maximum = 1000000)]
    pub ambulance_acceptances: Option<i64>,
    /// 全身麻酔手術件数 + 分娩件数×3 (per year). Deprecated: the 手術 and 分娩 add-ons compare
    /// each count on its own, so no rule reads this sum; send `anesthesia_surgeries` and
    /// `deliveries`.
    #[schema(minimum = 0, maximum = 1000000)]
    #[deprecated]
    pub surgeries_deliveries: Option<i64>,
    /// 全身麻酔手術件数 (per year, 病床機能報告).
    #[schema(minimum = 0, maximum = 1000000)]
    pub anesthesia_surgeries: Option<i64>,
    /// 分娩件数 (per year, 病床機能報告).
    #[schema(minimum = 0, maximum = 1000000)]
    pub deliveries: Option<i64>,
    /// Stores in the pharmacy's group.
    #[schema(minimum = 1, maximum = 100000)]
    pub pharmacy_group_stores: Option<i64>,
    /// Beds cut (病床数適正化).
    #[schema(minimum = 0, maximum = 10000)]
    pub beds_cut: Option<i64>,
    /// Beds idled (休床).
    #[schema(minimum = 0, maximum = 10000)]
    pub beds_idled: Option<i64>,
    /// 病床稼働率 (%), a whole number: round a fraction down (59.8% → 59). The bands change at
    /// whole percents (50%未満 / 50%以上60%未満 …), so the band is the same.
    #[schema(minimum = 0, maximum = 100)]
    pub occupancy_percent: Option<i64>,
    /// 分娩件数 2025-04 to 2025-09.
    #[schema(minimum = 0, maximum = 1000000)]
    pub deliveries_half_year: Option<i64>,
    /// 分娩件数減少率 (%).
    #[schema(minimum = 0, maximum = 100)]
    pub delivery_decline_percent: Option<i64>,
    /// 入院患者減少率 (%), a whole number (小数点以下切り捨て).
    #[schema(minimum = 0, maximum = 100)]
    pub inpatient_decline_percent: Option<i64>,
    /// 小児専用病床数: beds designated for children among those notified for 小児入院医療管理料1〜3 (小児医療施設支援;
    /// 実施要綱 2026-02-06). Not more than `beds`.
    #[schema(minimum = 0, maximum = 10000)]
    pub pediatric_beds: Option<i64>,
}

/// A fee notification.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeNotificationDoc {
    pub fee: FeeV,
    /// Date the notification was received (受理日).
    #[schema(format = Date, max_length = 10)]
    pub notified_on: Option<String>,
}

/// A pledge to notify a fee.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeePledgeDoc {
    pub fee: FeeV,
    /// The date by which the facility pledged to notify it.
    #[schema(format = Date, max_length = 10)]
    pub notify_by: Option<String>,
}

/// 最低賃金近傍事業者 test.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinWageNearDoc {
    /// Share of employees paid near the minimum wage (%).
    #[schema(minimum = 0, maximum = 100)]
    pub share_percent: Option<i64>,
    /// Number of months.
    #[schema(minimum = 0, maximum = 120)]
    pub months: Option<i64>,
    /// Which test the figures answer; a raised rate applies only when it is the program's test.
    pub basis: Option<MinWageBasisV>,
}

/// IT導入補助金 tool facts.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItToolDoc {
    /// 業務プロセス数.
    #[schema(minimum = 0, maximum = 100)]
    pub processes: Option<i64>,
    /// インボイス機能数 (会計・受発注・決済).
    #[schema(minimum = 0, maximum = 10)]
    pub invoice_functions: Option<i64>,
}

/// An achieved 成果目標.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkStyleGoalDoc {
    /// Goal id of the catalog (`overtime_60h`, `overtime_80h`, `planned_leave`, `hourly_leave`).
    #[schema(max_length = 500)]
    pub goal: String,
    /// The goal's cap where it depends on the prior setting (yen).
    #[schema(minimum = 0, maximum = 1000000000000_i64)]
    pub cap_yen: Option<i64>,
}

/// An incident (日本医師会 支援金).
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentDoc {
    pub kind: Option<IncidentKindV>,
    #[schema(format = Date, max_length = 10)]
    pub occurred_on: Option<String>,
    /// Days closed (休業日数). An `attack_with_leak` with `days_closed` ≥ 1 also qualifies for the 休業 payment.
    #[schema(minimum = 0, maximum = 3660)]
    pub days_closed: Option<i64>,
    /// Personal data leaked (個人情報漏えい). Absent: as `kind` says (`attack_with_leak` and `leak_only` are
    /// leaks, `attack_closure` is not); `true` with `attack_closure` also qualifies for the 漏えい payment;
    /// `false` with a leak kind is refused.
    pub leak: Option<bool>,
}

/// Preparation already done.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreparationDoc {
    /// gBizIDプライム obtained (issuance can take several weeks).
    pub gbizid_prime: Option<bool>,
    /// SECURITY ACTION declaration: `none`, `one_star`, `two_star`.
    pub security_action: Option<SecurityActionDoc>,
    /// A registered IT導入支援事業者 chosen.
    pub it_support_vendor: Option<bool>,
    /// 労災保険の適用事業主.
    pub labor_insurance: Option<bool>,
    /// 就業規則 for 年5日の年休取得.
    pub annual_leave_rules: Option<bool>,
    /// 36協定 concluded and filed.
    pub article36_agreement: Option<bool>,
    /// Registered on the 医療機関等向け総合ポータルサイト.
    pub portal_account: Option<bool>,
}

/// SECURITY ACTION level.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SecurityActionDoc {
    None,
    OneStar,
    TwoStar,
}

/// A grant received before.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousGrantDoc {
    /// Program id.
    #[schema(max_length = 500)]
    pub program_id: String,
    /// Frame id, when known.
    #[schema(max_length = 500)]
    pub frame_id: Option<String>,
    /// Fiscal year (年度) of the grant.
    #[schema(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i64>,
}
