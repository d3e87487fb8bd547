//! The facility profile (PRODUCT.md §2) as a request reads and documents it, and its
//! conversion into the engine's [`Facility`].

use serde_json::Value;
use utoipa::ToSchema;

use super::bounded::Bounded;
use super::field::{
    one_of, reference, request_object, string, vocabulary_field, Components, Date, Field, FreeText,
    List,
};
use super::reader::{FieldErrorKind, Reader};
use crate::engine::facility::{self as engine, Facility};
use crate::engine::input::{MAX_AMOUNT_YEN, MAX_LIST};
use crate::engine::vocab::{
    prefecture_code, Designation, ExpenseCategory, FacilityType, Fee, Goal, IncidentKind,
    MinWageBasis, NumberField, OperatorType, Service, System, PREFECTURES,
};
use crate::http::dto::vocab::{
    DesignationV, ExpenseCategoryV, FacilityTypeV, FeeV, GoalV, IncidentKindV, MinWageBasisV,
    OperatorTypeV, PrefectureInputV, ServiceV, SystemV,
};

vocabulary_field!(
    FacilityType => FacilityTypeV,
    OperatorType => OperatorTypeV,
    System => SystemV,
    Fee => FeeV,
    Designation => DesignationV,
    Service => ServiceV,
    IncidentKind => IncidentKindV,
    MinWageBasis => MinWageBasisV,
    ExpenseCategory => ExpenseCategoryV,
    Goal => GoalV,
);

/// Beds of one kind (licensed, in use, cut, idled, for children).
pub type BedCount = Bounded<0, 10_000>;
/// A count per year (ambulances, surgeries, deliveries), or of employees.
pub type Count = Bounded<0, 1_000_000>;
pub type CapitalYen = Bounded<0, 1_000_000_000_000_000>;
pub type CardReaders = Bounded<1, 3>;
pub type ItProcesses = Bounded<0, 100>;
pub type InvoiceFunctions = Bounded<0, 10>;
pub type DaysClosed = Bounded<0, 3_660>;
pub type GroupStores = Bounded<1, 100_000>;
/// A whole percent.
pub type Percent = Bounded<0, 100>;
pub type Months = Bounded<0, 120>;
pub type FiscalYear = Bounded<2000, 2100>;
/// An amount in yen.
pub type Yen = Bounded<0, MAX_AMOUNT_YEN>;
/// A list of the profile (systems, designations, grants…).
pub type ProfileList<T> = List<T, MAX_LIST>;

/// Range of each number of the profile, from the type of its field.
pub fn number_range(f: NumberField) -> (i64, i64) {
    fn of<const MIN: i64, const MAX: i64>(_: Option<Bounded<MIN, MAX>>) -> (i64, i64) {
        (MIN, MAX)
    }
    let p = FacilityProfile::empty();
    match f {
        NumberField::Beds => of(p.beds),
        NumberField::BedsInUseMax => of(p.beds_in_use_max),
        NumberField::BedsCut => of(p.beds_cut),
        NumberField::BedsIdled => of(p.beds_idled),
        NumberField::PediatricBeds => of(p.pediatric_beds),
        NumberField::Employees => of(p.employees),
        NumberField::CapitalYen => of(p.capital_yen),
        NumberField::CardReadersFree => of(p.card_readers_free),
        NumberField::ItProcesses => of(None::<ItProcesses>),
        NumberField::InvoiceFunctions => of(None::<InvoiceFunctions>),
        NumberField::DaysClosed => of(None::<DaysClosed>),
        NumberField::AmbulanceAcceptances => of(p.ambulance_acceptances),
        NumberField::SurgeriesDeliveries => of(p.surgeries_deliveries),
        NumberField::AnesthesiaSurgeries => of(p.anesthesia_surgeries),
        NumberField::Deliveries => of(p.deliveries),
        NumberField::DeliveriesHalfYear => of(p.deliveries_half_year),
        NumberField::PharmacyGroupStores => of(p.pharmacy_group_stores),
        NumberField::OccupancyPercent => of(p.occupancy_percent),
        NumberField::DeliveryDeclinePercent => of(p.delivery_decline_percent),
        NumberField::InpatientDeclinePercent => of(p.inpatient_decline_percent),
    }
}

/// 都道府県: a JIS X 0401 code or a Japanese name, read as the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefecture(pub &'static str);

impl Field for Prefecture {
    fn fast<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::field::fast_str(d, |s| prefecture_code(s).map(Prefecture))
    }

    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        let s = string(r, v, ptr)?;
        if let Some(code) = prefecture_code(s) {
            return Some(Prefecture(code));
        }
        let shown: String = s.chars().take(20).collect();
        r.error(
            ptr,
            FieldErrorKind::InvalidField,
            format!("都道府県コード (\"01\"〜\"47\") または都道府県名 (\"東京都\") を指定してください (入力: {shown})"),
            format!("expected a JIS X 0401 code (\"01\"–\"47\") or a Japanese prefecture name such as \"{}\" (got {shown})", PREFECTURES[12].1),
        );
        None
    }

    fn schema() -> Value {
        reference(&PrefectureInputV::name())
    }

    fn components(out: &mut Components) {
        out.push((
            PrefectureInputV::name().into_owned(),
            <PrefectureInputV as utoipa::PartialSchema>::schema(),
        ));
        // The schemas the input refers to (the prefecture code and name).
        <PrefectureInputV as utoipa::ToSchema>::schemas(out);
    }
}

/// SECURITY ACTION level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToSchema)]
#[schema(rename_all = "snake_case", as = SecurityAction)]
pub enum SecurityAction {
    None,
    OneStar,
    TwoStar,
}

impl SecurityAction {
    const NAMES: &'static [&'static str] = &["none", "one_star", "two_star"];
    const ALL: [SecurityAction; 3] = [
        SecurityAction::None,
        SecurityAction::OneStar,
        SecurityAction::TwoStar,
    ];

    fn parse(s: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }
}

vocabulary_field!(SecurityAction => SecurityAction);

request_object! {
    /// A facility profile. Every field is optional: absent or `null` means unknown, `[]` means "known
    /// to be none". Unknown fields are rejected.
    "FacilityProfile" pub struct FacilityProfile {
        /// 施設の種別. A `hospital` with fewer than 20 beds is not rejected; the criteria decide and a `profile_inconsistent` warning is added.
        pub facility_type: Option<FacilityType>,
        /// 許可病床数 (licensed beds). A clinic with beds > 0 is 有床診療所.
        pub beds: Option<BedCount>,
        /// 最大使用病床数 (for 地域医療介護総合確保基金 区分6).
        pub beds_in_use_max: Option<BedCount>,
        /// 開設者の種別.
        pub operator_type: Option<OperatorType>,
        /// 常時使用する従業員数 / 労働者数. 小規模事業者 is derived from it.
        pub employees: Option<Count>,
        /// 資本金・出資の額 (yen).
        pub capital_yen: Option<CapitalYen>,
        /// 都道府県: JIS X 0401 code (`"13"`) or Japanese name (`"東京都"`).
        pub prefecture: Option<Prefecture>,
        /// Systems in operation.
        pub introduced: Option<ProfileList<System>>,
        /// Systems the facility has declared it will introduce (電子カルテ共有 accepts a declared intention for 電子処方箋).
        pub intends: Option<ProfileList<System>>,
        /// 診療報酬の届出 (ベースアップ評価料) with the date the 厚生局 received it.
        pub fee_notifications: Option<ProfileList<FeeNotification>>,
        /// Pledges (誓約) to notify a fee by a date: clinics that cannot notify the ベースアップ評価料 yet, and pharmacies,
        /// qualify for the 賃上げ part of `chinage-bukka-2026` by pledging to notify the revised fee by 2026-06-01.
        /// `[]` = no pledge.
        pub fee_pledges: Option<ProfileList<FeePledge>>,
        /// Designations held.
        pub designations: Option<ProfileList<Designation>>,
        /// Services provided.
        pub services: Option<ProfileList<Service>>,
        /// グループで処方箋受付 月4万回以上 (大型チェーン薬局).
        pub large_chain_pharmacy: Option<bool>,
        /// The free 顔認証付きカードリーダー a hospital chose (オン資 core): 1–3.
        pub card_readers_free: Option<CardReaders>,
        /// 最低賃金近傍 test of IT導入補助金.
        pub min_wage_near: Option<MinWageNear>,
        /// IT導入補助金: 業務プロセス数, インボイス機能数.
        pub it_tool: Option<ItTool>,
        /// 働き方改革 成果目標 achieved; `cap_yen` where the cap depends on a setting the catalog does not know.
        pub work_style_goals: Option<ProfileList<WorkStyleGoal>>,
        /// 日本医師会 支援金: the incident.
        pub incident: Option<Incident>,
        /// What the applicant already has prepared; never changes a verdict.
        pub preparation: Option<Preparation>,
        /// Grants received before (one application only, 2回目以降 rules).
        pub previous_grants: Option<ProfileList<PreviousGrant>>,
        /// Date the introduction was (or will be) completed (導入完了日).
        pub completed_on: Option<Date>,
        /// Date of contract or order.
        pub contracted_on: Option<Date>,
        /// 救急車受入件数 (per year, 病床機能報告).
        pub ambulance_acceptances: Option<Count>,
        /// 全身麻酔手術件数 + 分娩件数×3 (per year). Deprecated: the 手術 and 分娩 add-ons compare
        /// each count on its own, so no rule reads this sum; send `anesthesia_surgeries` and
        /// `deliveries`.
        pub surgeries_deliveries: Option<Count> => deprecated,
        /// 全身麻酔手術件数 (per year, 病床機能報告).
        pub anesthesia_surgeries: Option<Count>,
        /// 分娩件数 (per year, 病床機能報告).
        pub deliveries: Option<Count>,
        /// Stores in the pharmacy's group.
        pub pharmacy_group_stores: Option<GroupStores>,
        /// Beds cut (病床数適正化).
        pub beds_cut: Option<BedCount>,
        /// Beds idled (休床).
        pub beds_idled: Option<BedCount>,
        /// 病床稼働率 (%), a whole number: round a fraction down (59.8% → 59). The bands change at
        /// whole percents (50%未満 / 50%以上60%未満 …), so the band is the same.
        pub occupancy_percent: Option<Percent>,
        /// 分娩件数 2025-04 to 2025-09.
        pub deliveries_half_year: Option<Count>,
        /// 分娩件数減少率 (%).
        pub delivery_decline_percent: Option<Percent>,
        /// 入院患者減少率 (%), a whole number (小数点以下切り捨て).
        pub inpatient_decline_percent: Option<Percent>,
        /// 小児専用病床数: beds designated for children among those notified for 小児入院医療管理料1〜3 (小児医療施設支援;
        /// 実施要綱 2026-02-06). Not more than `beds`.
        pub pediatric_beds: Option<BedCount>,
    }
    check = FacilityProfile::check_impossible;
}

request_object! {
    /// A fee notification.
    "FeeNotification" pub struct FeeNotification {
        pub fee: Fee,
        /// Date the notification was received (受理日).
        pub notified_on: Option<Date>,
    }
}

request_object! {
    /// A pledge to notify a fee.
    "FeePledge" pub struct FeePledge {
        pub fee: Fee,
        /// The date by which the facility pledged to notify it.
        pub notify_by: Option<Date>,
    }
}

request_object! {
    /// 最低賃金近傍事業者 test.
    "MinWageNear" pub struct MinWageNear {
        /// Share of employees paid near the minimum wage (%).
        pub share_percent: Option<Percent>,
        /// Number of months.
        pub months: Option<Months>,
        /// Which test the figures answer; a raised rate applies only when it is the program's test.
        pub basis: Option<MinWageBasis>,
    }
}

request_object! {
    /// IT導入補助金 tool facts.
    "ItTool" pub struct ItTool {
        /// 業務プロセス数.
        pub processes: Option<ItProcesses>,
        /// インボイス機能数 (会計・受発注・決済).
        pub invoice_functions: Option<InvoiceFunctions>,
    }
}

request_object! {
    /// An achieved 成果目標.
    "WorkStyleGoal" pub struct WorkStyleGoal {
        /// Goal id of the catalog (`overtime_60h`, `overtime_80h`, `planned_leave`, `hourly_leave`).
        pub goal: FreeText,
        /// The goal's cap where it depends on the prior setting (yen).
        pub cap_yen: Option<Yen>,
    }
}

request_object! {
    /// An incident (日本医師会 支援金).
    "Incident" pub struct Incident {
        /// Days closed (休業日数). An `attack_with_leak` with `days_closed` ≥ 1 also qualifies for the 休業 payment.
        pub days_closed: Option<DaysClosed>,
        pub kind: Option<IncidentKind>,
        /// Personal data leaked (個人情報漏えい). Absent: as `kind` says (`attack_with_leak` and `leak_only` are
        /// leaks, `attack_closure` is not); `true` with `attack_closure` also qualifies for the 漏えい payment;
        /// `false` with a leak kind is refused.
        pub leak: Option<bool>,
        pub occurred_on: Option<Date>,
    }
    check = Incident::check;
}

request_object! {
    /// Preparation already done.
    "Preparation" pub struct Preparation {
        /// gBizIDプライム obtained (issuance can take several weeks).
        pub gbizid_prime: Option<bool>,
        /// SECURITY ACTION declaration: `none`, `one_star`, `two_star`.
        pub security_action: Option<SecurityAction>,
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
}

request_object! {
    /// A grant received before.
    "PreviousGrant" pub struct PreviousGrant {
        /// Program id.
        pub program_id: FreeText,
        /// Frame id, when known.
        pub frame_id: Option<FreeText>,
        /// Fiscal year (年度) of the grant.
        pub fiscal_year: Option<FiscalYear>,
    }
}

impl Incident {
    fn check(&self, r: &mut Reader, ptr: &str) {
        let leaks = matches!(
            self.kind,
            Some(IncidentKind::AttackWithLeak | IncidentKind::LeakOnly)
        );
        if self.leak == Some(false) && leaks {
            r.error(
                &format!("{ptr}/leak"),
                FieldErrorKind::InvalidField,
                "漏えいを伴う被害の種類 (kind) で leak = false は矛盾します".into(),
                "leak = false contradicts a kind that is a leak".into(),
            );
        }
    }
}

fn n<const MIN: i64, const MAX: i64>(b: Option<Bounded<MIN, MAX>>) -> Option<i64> {
    b.map(Bounded::get)
}

impl FacilityProfile {
    /// The profile with every field unknown.
    pub fn empty() -> FacilityProfile {
        FacilityProfile {
            facility_type: None,
            beds: None,
            beds_in_use_max: None,
            operator_type: None,
            employees: None,
            capital_yen: None,
            prefecture: None,
            introduced: None,
            intends: None,
            fee_notifications: None,
            fee_pledges: None,
            designations: None,
            services: None,
            large_chain_pharmacy: None,
            card_readers_free: None,
            min_wage_near: None,
            it_tool: None,
            work_style_goals: None,
            incident: None,
            preparation: None,
            previous_grants: None,
            completed_on: None,
            contracted_on: None,
            ambulance_acceptances: None,
            surgeries_deliveries: None,
            anesthesia_surgeries: None,
            deliveries: None,
            pharmacy_group_stores: None,
            beds_cut: None,
            beds_idled: None,
            occupancy_percent: None,
            deliveries_half_year: None,
            delivery_decline_percent: None,
            inpatient_decline_percent: None,
            pediatric_beds: None,
        }
    }

    /// Profiles that cannot be (docs: "Implausible profiles"): each a 422 field error, since no
    /// answer for them would mean anything. Merely odd profiles are warnings (the engine's
    /// `oddities`).
    fn check_impossible(&self, r: &mut Reader, ptr: &str) {
        let beds = n(self.beds);
        let cut = n(self.beds_cut);
        let idled = n(self.beds_idled);
        if let (Some(b), Some(c)) = (beds, cut) {
            if c > b {
                r.error(
                    &format!("{ptr}/beds_cut"),
                    FieldErrorKind::InvalidField,
                    format!("削減病床数 ({c}床) が許可病床数 ({b}床) を超えています"),
                    format!("beds_cut ({c}) exceeds the licensed beds ({b})"),
                );
            }
        }
        if let (Some(b), Some(c), Some(i)) = (beds, cut, idled) {
            if c <= b && c + i > b {
                r.error(
                    &format!("{ptr}/beds_idled"),
                    FieldErrorKind::InvalidField,
                    format!(
                        "削減病床数 ({c}床) と休床 ({i}床) の合計が許可病床数 ({b}床) を超えています"
                    ),
                    format!("beds_cut ({c}) plus beds_idled ({i}) exceed the licensed beds ({b})"),
                );
            }
        }
        if let (Some(b), Some(i), None) = (beds, idled, cut) {
            if i > b {
                r.error(
                    &format!("{ptr}/beds_idled"),
                    FieldErrorKind::InvalidField,
                    format!("休床 ({i}床) が許可病床数 ({b}床) を超えています"),
                    format!("beds_idled ({i}) exceeds the licensed beds ({b})"),
                );
            }
        }
        if let (Some(b), Some(k)) = (beds, n(self.pediatric_beds)) {
            if k > b {
                r.error(
                    &format!("{ptr}/pediatric_beds"),
                    FieldErrorKind::InvalidField,
                    format!("小児専用病床数 ({k}床) が許可病床数 ({b}床) を超えています"),
                    format!("pediatric_beds ({k}) exceeds the licensed beds ({b})"),
                );
            }
        }
        // The sharing service runs through the EHR: in operation without one cannot be.
        if let Some(List(list)) = &self.introduced {
            if list.contains(&System::EhrSharing) && !list.contains(&System::Ehr) {
                r.error(
                    &format!("{ptr}/introduced"),
                    FieldErrorKind::InvalidField,
                    "電子カルテ情報共有サービスは電子カルテなしでは運用できません (ehr を含めてください)".into(),
                    "ehr_sharing cannot be in operation without ehr (list ehr too)".into(),
                );
            }
        }
    }
}

/// Each item once, in the order first given.
fn distinct<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for x in items {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

fn date(d: Option<Date>) -> Option<chrono::NaiveDate> {
    d.map(|d| d.0)
}

impl From<FacilityProfile> for Facility {
    fn from(p: FacilityProfile) -> Facility {
        let mut f = Facility::default();
        f.facility_type = p.facility_type;
        f.operator_type = p.operator_type;
        f.prefecture = p.prefecture.map(|x| x.0);
        f.introduced = p.introduced.map(|l| distinct(l.0));
        f.intends = p.intends.map(|l| distinct(l.0));
        f.fee_notifications = p.fee_notifications.map(|l| {
            l.0.into_iter()
                .map(|x| engine::FeeNotification {
                    fee: x.fee,
                    notified_on: date(x.notified_on),
                })
                .collect()
        });
        f.fee_pledges = p.fee_pledges.map(|l| {
            l.0.into_iter()
                .map(|x| engine::FeePledge {
                    fee: x.fee,
                    notify_by: date(x.notify_by),
                })
                .collect()
        });
        f.designations = p.designations.map(|l| distinct(l.0));
        f.services = p.services.map(|l| distinct(l.0));
        f.large_chain_pharmacy = p.large_chain_pharmacy;
        f.min_wage_near = p.min_wage_near.map(|m| engine::MinWageNear {
            share_percent: n(m.share_percent),
            months: n(m.months),
            basis: m.basis,
        });
        f.work_style_goals = p.work_style_goals.map(|l| {
            l.0.into_iter()
                .map(|g| engine::GoalAchieved {
                    goal: g.goal.0,
                    cap_yen: n(g.cap_yen),
                })
                .collect()
        });
        f.incident = p.incident.as_ref().map(|i| engine::Incident {
            kind: i.kind,
            occurred_on: date(i.occurred_on),
            days_closed: n(i.days_closed),
            leak: i.leak,
        });
        f.preparation = p.preparation.map(|x| engine::Preparation {
            gbizid_prime: x.gbizid_prime,
            security_action: x.security_action.map(|s| match s {
                SecurityAction::None => engine::SecurityAction::None,
                SecurityAction::OneStar => engine::SecurityAction::OneStar,
                SecurityAction::TwoStar => engine::SecurityAction::TwoStar,
            }),
            it_support_vendor: x.it_support_vendor,
            labor_insurance: x.labor_insurance,
            annual_leave_rules: x.annual_leave_rules,
            article36_agreement: x.article36_agreement,
            portal_account: x.portal_account,
        });
        f.previous_grants = p.previous_grants.map(|l| {
            l.0.into_iter()
                .map(|g| engine::Grant {
                    program_id: g.program_id.0,
                    frame_id: g.frame_id.map(|x| x.0),
                    fiscal_year: g.fiscal_year.map(|y| y.0 as i32),
                })
                .collect()
        });
        f.completed_on = date(p.completed_on);
        f.contracted_on = date(p.contracted_on);

        let it = p.it_tool.as_ref();
        for (field, value) in [
            (NumberField::Beds, n(p.beds)),
            (NumberField::BedsInUseMax, n(p.beds_in_use_max)),
            (NumberField::Employees, n(p.employees)),
            (NumberField::CapitalYen, n(p.capital_yen)),
            (NumberField::CardReadersFree, n(p.card_readers_free)),
            (NumberField::ItProcesses, it.and_then(|t| n(t.processes))),
            (
                NumberField::InvoiceFunctions,
                it.and_then(|t| n(t.invoice_functions)),
            ),
            (
                NumberField::DaysClosed,
                p.incident.as_ref().and_then(|i| n(i.days_closed)),
            ),
            (
                NumberField::AmbulanceAcceptances,
                n(p.ambulance_acceptances),
            ),
            (NumberField::SurgeriesDeliveries, n(p.surgeries_deliveries)),
            (NumberField::AnesthesiaSurgeries, n(p.anesthesia_surgeries)),
            (NumberField::Deliveries, n(p.deliveries)),
            (NumberField::PharmacyGroupStores, n(p.pharmacy_group_stores)),
            (NumberField::BedsCut, n(p.beds_cut)),
            (NumberField::BedsIdled, n(p.beds_idled)),
            (NumberField::OccupancyPercent, n(p.occupancy_percent)),
            (NumberField::DeliveriesHalfYear, n(p.deliveries_half_year)),
            (
                NumberField::DeliveryDeclinePercent,
                n(p.delivery_decline_percent),
            ),
            (
                NumberField::InpatientDeclinePercent,
                n(p.inpatient_decline_percent),
            ),
            (NumberField::PediatricBeds, n(p.pediatric_beds)),
        ] {
            f.set_number(field, value);
        }
        f
    }
}

/// Reads a profile given alone (the worked examples, benches and property tests read their
/// profiles as the API does).
pub fn read_facility(v: &Value) -> Result<Facility, crate::http::problem::ApiError> {
    let mut r = Reader::default();
    let p = FacilityProfile::read(&mut r, v, "/facility");
    match p {
        Some(p) if r.errors.is_empty() => Ok(p.into()),
        _ => Err(crate::http::problem::ApiError::from_reader(r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collects_every_bad_field() {
        let mut r = Reader::default();
        let v = json!({"beds": -1, "employees": "many", "oops": 1});
        assert!(FacilityProfile::read(&mut r, &v, "/facility").is_some());
        let ptrs: Vec<_> = r.errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            ptrs,
            ["/facility/oops", "/facility/beds", "/facility/employees"]
        );
        assert_eq!(r.errors[1].kind, FieldErrorKind::InvalidField);
        assert_eq!(r.errors[2].kind, FieldErrorKind::InvalidType);
    }

    /// The documented range of every number is the one the reader enforces: the bounds are
    /// read, one past them is refused at the field's pointer.
    #[test]
    fn documented_ranges_are_the_enforced_ones() {
        let schema = FacilityProfile::object_schema();
        let mut checked = 0;
        for (name, s) in schema["properties"].as_object().unwrap() {
            let (Some(min), Some(max)) = (s["minimum"].as_i64(), s["maximum"].as_i64()) else {
                continue;
            };
            for (v, ok) in [(min, true), (max, true), (min - 1, false), (max + 1, false)] {
                let mut r = Reader::default();
                FacilityProfile::read(&mut r, &json!({ name.as_str(): v }), "/facility");
                let ptrs: Vec<_> = r.errors.iter().map(|e| e.pointer.as_str()).collect();
                let want: Vec<String> = if ok {
                    vec![]
                } else {
                    vec![format!("/facility/{name}")]
                };
                assert_eq!(ptrs, want, "{name} = {v}");
            }
            checked += 1;
        }
        assert_eq!(checked, 17, "every top-level number of the profile");
    }

    #[test]
    fn every_number_field_has_its_range() {
        assert_eq!(number_range(NumberField::Beds), (0, 10_000));
        assert_eq!(number_range(NumberField::CardReadersFree), (1, 3));
        assert_eq!(number_range(NumberField::DaysClosed), (0, 3_660));
    }
}
