//! The closed vocabularies shared by the catalog, the requests and the responses.
//!
//! Each enum carries its wire name and ja/en labels, so `/v1/vocabulary`, the OpenAPI enums
//! and the catalog loader all read the same list.

use serde::{Deserialize, Serialize};

use super::text::Text;

/// Defines a snake_case enum with `ALL`, `as_str()` and `label()`.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal, $ja:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $wire)] $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The wire names, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($wire,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            pub fn label(self) -> Text {
                Text::new(self.ja(), self.en())
            }

            /// Japanese label, without allocating.
            pub fn ja(self) -> &'static str {
                match self { $($name::$variant => $ja,)+ }
            }

            /// English label, without allocating.
            pub fn en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// 医療機関の種別.
    FacilityType {
        Hospital = "hospital", "病院", "hospital (20 or more beds)";
        MedicalClinic = "medical_clinic", "医科診療所", "medical clinic";
        DentalClinic = "dental_clinic", "歯科診療所", "dental clinic";
        Pharmacy = "pharmacy", "保険薬局", "insurance pharmacy";
        HomeNursingStation = "home_nursing_station", "訪問看護ステーション", "home-visit nursing station";
    }
);

vocabulary!(
    /// 開設者の種別.
    OperatorType {
        MedicalCorporation = "medical_corporation", "医療法人", "medical corporation";
        Individual = "individual", "個人", "individual";
        Company = "company", "株式会社等", "company";
        SocialWelfareCorporation = "social_welfare_corporation", "社会福祉法人", "social welfare corporation";
        PublicInterestCorporation = "public_interest_corporation", "公益法人等", "public interest corporation";
        National = "national", "国", "national government";
        LocalGovernment = "local_government", "自治体", "local government";
        IndependentAgency = "independent_agency", "独立行政法人", "independent administrative agency";
        NationalUniversity = "national_university", "国立大学法人", "national university corporation";
    }
);

vocabulary!(
    /// Systems of the national medical-information platform.
    System {
        OnlineEligibility = "online_eligibility", "オンライン資格確認", "online insurance eligibility check";
        EPrescription = "e_prescription", "電子処方箋", "electronic prescriptions";
        Ehr = "ehr", "電子カルテ", "electronic health record";
        EhrSharing = "ehr_sharing", "電子カルテ情報共有サービス", "EHR information sharing service";
        HealthCheckupSystem = "health_checkup_system", "健診部門システム", "health check-up department system";
    }
);

vocabulary!(
    /// 診療報酬上の届出.
    Fee {
        BaseUpEvaluation = "base_up_evaluation", "ベースアップ評価料", "base-up evaluation fee";
    }
);

vocabulary!(
    /// Designations a facility holds.
    Designation {
        RemoteAreaBaseHospital = "remote_area_base_hospital", "へき地医療拠点病院", "remote-area base hospital";
        SpecifiedLaborManagement = "specified_labor_management", "特定労務管理対象機関", "specified labour-management institution";
        Obstetrics = "obstetrics", "産科医療機関", "obstetric facility";
        WorkplaceClinic = "workplace_clinic", "職域診療所", "workplace clinic";
        ExemptOnlineEligibility = "exempt_online_eligibility", "オンライン資格確認 義務化対象外", "exempt from mandatory online eligibility";
        EligibilityDeferral = "eligibility_deferral", "オンライン資格確認 猶予届 受理 (類型1・4・5・6)", "online eligibility deferral notice accepted (types 1, 4, 5, 6)";
        JmaA1Member = "jma_a1_member", "日本医師会 A①会員", "Japan Medical Association A1 member";
        TertiaryEmergency = "tertiary_emergency", "三次救急医療機関", "tertiary emergency hospital";
        Pediatrics = "pediatrics", "小児医療施設", "pediatric facility";
    }
);

vocabulary!(
    /// Services a facility provides.
    Service {
        HomeVisits = "home_visits", "訪問診療等", "home visits";
        OnlineConsultation = "online_consultation", "オンライン診療等", "online consultations";
        SpecialOutpatient = "special_outpatient", "通常と異なる外来等", "non-standard outpatient settings";
    }
);

vocabulary!(
    /// Expense categories of a calculation line.
    ExpenseCategory {
        Software = "software", "ソフトウェア購入・改修", "software purchase or modification";
        CloudService = "cloud_service", "クラウド利用料", "cloud service fees";
        Implementation = "implementation", "導入関連費 (SE作業・システム適用作業)", "implementation work";
        HardwarePc = "hardware_pc", "PC・タブレット・プリンター・スキャナー・複合機", "PC, tablet, printer, scanner";
        HardwareRegister = "hardware_register", "POSレジ・モバイルPOS・券売機", "POS register, ticket machine";
        CardReader = "card_reader", "顔認証付きカードリーダー等", "card reader";
        ReceptionTerminal = "reception_terminal", "再来受付機", "reception terminal";
        SecurityService = "security_service", "セキュリティサービス・対策", "security service";
        EhrStandardization = "ehr_standardization", "電子カルテ標準規格化 (HL7 FHIR)", "EHR standardisation (HL7 FHIR)";
        CheckupIntegration = "checkup_integration", "健診部門システム連携", "check-up system integration";
        Network = "network", "ネットワーク", "network";
        IctEquipment = "ict_equipment", "ICT機器・通信機器", "ICT and communication equipment";
        LaborManagement = "labor_management", "労務管理ソフト・機器", "labour-management software and devices";
        MedicalEquipment = "medical_equipment", "医療機器", "medical equipment";
        Consulting = "consulting", "コンサルティング", "consulting";
        Training = "training", "研修・周知", "training";
        WageImprovement = "wage_improvement", "賃金改善", "wage improvement";
        Staffing = "staffing", "新規人材配置 (タスクシフト)", "new hires for task shifting";
        Construction = "construction", "施設整備 (工事)", "construction";
    }
);

vocabulary!(
    /// Program categories for search.
    Category {
        ItTools = "it_tools", "ITツール導入", "IT tools";
        OnlineEligibility = "online_eligibility", "オンライン資格確認", "online eligibility check";
        EPrescription = "e_prescription", "電子処方箋", "electronic prescriptions";
        EhrSharing = "ehr_sharing", "電子カルテ情報共有", "EHR information sharing";
        Ehr = "ehr", "電子カルテ導入", "EHR introduction";
        Productivity = "productivity", "生産性向上", "productivity";
        WorkStyle = "work_style", "働き方改革", "work-style reform";
        Ai = "ai", "AI活用", "AI adoption";
        Equipment = "equipment", "設備整備", "equipment";
        Telemedicine = "telemedicine", "遠隔医療", "telemedicine";
        Facility = "facility", "施設整備", "facility construction";
        RegionalFund = "regional_fund", "地域医療介護総合確保基金", "regional medical fund";
        Security = "security", "サイバーセキュリティ", "cyber security";
        IncidentSupport = "incident_support", "被害時支援", "incident support";
        WageSupport = "wage_support", "賃上げ・物価対策", "wage and price support";
        BedReduction = "bed_reduction", "病床削減・再編", "bed reduction";
        MaternityPediatrics = "maternity_pediatrics", "産科・小児科", "maternity and pediatrics";
    }
);

vocabulary!(
    /// Confidence of a figure (PRODUCT.md §3).
    Confidence {
        High = "high", "公的資料で確認", "confirmed by an official source";
        Medium = "medium", "複数資料で確認", "confirmed by two sources, or one official source with a gap";
        Low = "low", "単一の第三者資料", "single third-party source or conflicting sources";
        ArticleOnly = "article_only", "記事のみ・未確認", "in the article only, unconfirmed";
    }
);

impl Confidence {
    /// `verified` in the API: true for high and medium only.
    pub fn verified(self) -> bool {
        matches!(self, Confidence::High | Confidence::Medium)
    }
}

vocabulary!(
    /// Comparison operators, kept as published.
    Op {
        Ge = "ge", "以上", "or more";
        Le = "le", "以下", "or less";
        Lt = "lt", "未満", "less than";
        Gt = "gt", "超", "more than";
    }
);

impl Op {
    /// The operator as an English word placed before the number ("at least 20 beds"); the
    /// vocabulary labels ("or more") follow it, as 以上 does in Japanese.
    pub fn en_before(self) -> &'static str {
        match self {
            Op::Ge => "at least",
            Op::Le => "at most",
            Op::Lt => "less than",
            Op::Gt => "more than",
        }
    }

    /// `value op limit`.
    pub fn holds<T: PartialOrd>(self, value: T, limit: T) -> bool {
        match self {
            Op::Ge => value >= limit,
            Op::Le => value <= limit,
            Op::Lt => value < limit,
            Op::Gt => value > limit,
        }
    }

    /// Symbol for formulas and sentences.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Gt => ">",
        }
    }
}

vocabulary!(
    /// When a facility may contract and pay (PRODUCT.md §3).
    Timing {
        ApprovalFirst = "approval_first", "交付決定後に契約・発注", "contract only after the grant decision";
        AfterCompletion = "after_completion", "導入完了後に申請 (精算払い)", "apply after completion and payment";
    }
);

vocabulary!(
    /// Application preparation items; they never change a verdict.
    PreparationItem {
        GbizidPrime = "gbizid_prime", "gBizIDプライムの取得", "obtain a gBizID Prime account";
        SecurityAction = "security_action", "SECURITY ACTIONの宣言", "declare SECURITY ACTION";
        ItSupportVendor = "it_support_vendor", "IT導入支援事業者の選定", "choose a registered IT support vendor";
        LaborInsurance = "labor_insurance", "労災保険の適用", "be covered by workers' accident insurance";
        AnnualLeaveRules = "annual_leave_rules", "就業規則 (年5日の年休取得)", "work rules for five days of annual leave";
        Article36Agreement = "article36_agreement", "36協定の締結・届出", "conclude and file an Article 36 agreement";
        PortalAccount = "portal_account", "医療機関等向け総合ポータルサイトの登録", "register on the medical institutions portal";
        BusinessPlan = "business_plan", "事業計画・業務効率化計画の作成", "draw up the business or efficiency plan";
        IntentSurvey = "intent_survey", "都道府県の意向調査への回答", "answer the prefecture's intent survey";
    }
);

vocabulary!(
    /// What a facility wants from its investment (the article's step 1: map goals to subsidies).
    Goal {
        WorkHours = "work_hours", "医師・職員の労働時間短縮", "shorter working hours";
        Efficiency = "efficiency", "診療業務の効率化", "more efficient clinical work";
        AdminCost = "admin_cost", "事務コストの削減", "lower administrative cost";
        Security = "security", "サイバーセキュリティ対策", "cyber security";
        InformationSharing = "information_sharing", "医療情報の共有・連携", "sharing medical information";
    }
);

impl Goal {
    /// Program categories that serve the goal.
    pub fn categories(self) -> &'static [Category] {
        match self {
            Goal::WorkHours => &[
                Category::WorkStyle,
                Category::Productivity,
                Category::Ai,
                Category::Telemedicine,
            ],
            Goal::Efficiency => &[
                Category::ItTools,
                Category::Productivity,
                Category::Ai,
                Category::Ehr,
                Category::EPrescription,
            ],
            Goal::AdminCost => &[
                Category::ItTools,
                Category::OnlineEligibility,
                Category::EPrescription,
                Category::Ai,
            ],
            Goal::Security => &[Category::Security],
            Goal::InformationSharing => &[
                Category::EhrSharing,
                Category::EPrescription,
                Category::OnlineEligibility,
                Category::Ehr,
                Category::Telemedicine,
            ],
        }
    }
}

vocabulary!(
    /// 日本医師会 支援金 incident kinds.
    IncidentKind {
        AttackWithLeak = "attack_with_leak", "サイバー攻撃による個人情報漏えい", "cyber attack with a personal-data leak";
        AttackClosure = "attack_closure", "サイバー攻撃による休業", "closure caused by a cyber attack";
        LeakOnly = "leak_only", "攻撃によらない個人情報漏えい", "personal-data leak not caused by an attack";
    }
);

vocabulary!(
    /// Which 最低賃金近傍事業者 test the figures of `min_wage_near` answer: the test changed between
    /// IT導入補助金 2025's rounds 1–6 and round 7 (and デジタル化・AI導入補助金 2026).
    MinWageBasis {
        Plus50Yen = "plus_50_yen", "地域別最低賃金+50円以内", "within the regional minimum wage + ¥50";
        Fy2025Revised = "fy2025_revised", "令和7年度改定後の地域別最低賃金未満", "below the FY2025 revised regional minimum wage";
    }
);

vocabulary!(
    /// Open interpretation questions of the domain research (Q1–Q16).
    Interpretation {
        InvoiceBand = "invoice_band", "インボイス枠「50万円以下の部分」の基準 (Q1)", "invoice frame: which 500,000 band (Q1)";
        HardwareCapScope = "hardware_cap_scope", "ハードウェア上限の単位 (Q2)", "hardware cap per unit or per application (Q2)";
        TsujoTwoThirdsBand = "tsujo_two_thirds_band", "通常枠 2/3 の対象類型 (Q3)", "regular frame: which band gets 2/3 (Q3)";
        TsujoBandUpper = "tsujo_band_upper", "1プロセス 150万円未満の扱い (Q4)", "1-process frame at the 1,500,000 limit (Q4)";
        ShokiboIryohojin = "shokibo_iryohojin", "医療法人の小規模事業者基準 (Q5)", "small-business row for medical corporations (Q5)";
        Karte2bunshoCaps = "karte_2bunsho_caps", "2文書6情報の上限 (Q6)", "caps of the 2-document frames (Q6)";
        CapBasis = "cap_basis", "事業額上限×補助率 と公表上限 (Q7)", "cost-cap rule versus the published cap (Q7)";
        BedBasis = "bed_basis", "病床数の基準 (Q8)", "which bed count (Q8)";
        ShohosenDerived = "shohosen_derived", "電子処方箋 未公表上限の推計 (Q9)", "derived e-prescription caps (Q9)";
        HatarakikataCaps = "hatarakikata_caps", "働き方改革 成果目標上限 (Q10)", "work-style goal caps (Q10)";
        SeisanseiFlat = "seisansei_flat", "生産性向上 定額か実費か (Q11)", "productivity grant: flat or lesser of (Q11)";
        KikinKubun6Mix = "kikin_kubun6_mix", "区分6 補助率の混在 (Q12)", "fund category 6 mixed rates (Q12)";
        JmaStacking = "jma_stacking", "日本医師会 支援金の併給 (Q13)", "JMA payments stacking (Q13)";
        SFigures = "s_figures", "記事のみの数値での計算 (Q14)", "computing with article-only figures (Q14)";
        KarteClinics = "karte_clinics", "電子カルテ共有 診療所・薬局 (Q15)", "EHR sharing for clinics and pharmacies (Q15)";
        EnkakuMinScope = "enkaku_min_scope", "遠隔医療 30万円下限の単位 (Q16)", "telemedicine 300,000 minimum scope (Q16)";
    }
);

vocabulary!(
    /// Numbers of the facility profile that criteria and formulas compare or multiply.
    NumberField {
        Beds = "beds", "許可病床数", "licensed beds";
        BedsInUseMax = "beds_in_use_max", "最大使用病床数", "maximum beds in use";
        Employees = "employees", "常時使用する従業員数", "regular employees";
        CapitalYen = "capital_yen", "資本金・出資の額", "capital";
        CardReadersFree = "card_readers_free", "無償提供のカードリーダー台数", "free card readers";
        ItProcesses = "it_processes", "ITツールの業務プロセス数", "business processes of the IT tool";
        InvoiceFunctions = "invoice_functions", "インボイス機能数", "invoice functions";
        DaysClosed = "days_closed", "休業日数", "days closed";
        AmbulanceAcceptances = "ambulance_acceptances", "救急車受入件数 (年間)", "ambulance acceptances per year";
        SurgeriesDeliveries = "surgeries_deliveries", "全身麻酔手術件数 + 分娩件数×3 (年間)", "general-anaesthesia surgeries plus deliveries × 3 per year";
        AnesthesiaSurgeries = "anesthesia_surgeries", "全身麻酔手術件数 (年間)", "general-anaesthesia surgeries per year";
        Deliveries = "deliveries", "分娩件数 (年間)", "deliveries per year";
        PharmacyGroupStores = "pharmacy_group_stores", "同一グループの店舗数", "stores in the pharmacy group";
        BedsCut = "beds_cut", "削減病床数", "beds cut";
        BedsIdled = "beds_idled", "休床病床数", "beds idled";
        OccupancyPercent = "occupancy_percent", "病床稼働率 (%)", "bed occupancy (%)";
        DeliveriesHalfYear = "deliveries_half_year", "分娩件数 (2025年4–9月)", "deliveries April–September 2025";
        DeliveryDeclinePercent = "delivery_decline_percent", "分娩件数減少率 (%)", "decline in deliveries (%)";
        InpatientDeclinePercent = "inpatient_decline_percent", "入院患者減少率 (%)", "decline in inpatients (%)";
        PediatricBeds = "pediatric_beds", "小児専用病床数 (小児入院医療管理料の届出病床)", "beds designated for children (paediatric inpatient fee)";
    }
);

impl NumberField {
    /// The English unit for a count of `n` ("1 bed", "20 beds").
    pub fn unit_en(self, n: i64) -> &'static str {
        let plural = self.unit().1;
        if n != 1 {
            return plural;
        }
        match plural {
            "beds" => "bed",
            "employees" => "employee",
            "readers" => "reader",
            "processes" => "process",
            "functions" => "function",
            "days" => "day",
            "cases" => "case",
            "stores" => "store",
            other => other,
        }
    }

    /// Unit word for sentences.
    pub fn unit(self) -> (&'static str, &'static str) {
        match self {
            NumberField::Beds
            | NumberField::BedsInUseMax
            | NumberField::BedsCut
            | NumberField::BedsIdled
            | NumberField::PediatricBeds => ("床", "beds"),
            NumberField::Employees => ("人", "employees"),
            NumberField::CapitalYen => ("円", "yen"),
            NumberField::CardReadersFree => ("台", "readers"),
            NumberField::ItProcesses => ("プロセス", "processes"),
            NumberField::InvoiceFunctions => ("機能", "functions"),
            NumberField::DaysClosed => ("日", "days"),
            NumberField::AmbulanceAcceptances
            | NumberField::SurgeriesDeliveries
            | NumberField::AnesthesiaSurgeries
            | NumberField::Deliveries
            | NumberField::DeliveriesHalfYear => ("件", "cases"),
            NumberField::PharmacyGroupStores => ("店舗", "stores"),
            NumberField::OccupancyPercent
            | NumberField::DeliveryDeclinePercent
            | NumberField::InpatientDeclinePercent => ("%", "%"),
        }
    }
}

/// The 47 prefectures: JIS X 0401 code and Japanese name, in code order.
pub const PREFECTURES: [(&str, &str, &str); 47] = [
    ("01", "北海道", "Hokkaido"),
    ("02", "青森県", "Aomori"),
    ("03", "岩手県", "Iwate"),
    ("04", "宮城県", "Miyagi"),
    ("05", "秋田県", "Akita"),
    ("06", "山形県", "Yamagata"),
    ("07", "福島県", "Fukushima"),
    ("08", "茨城県", "Ibaraki"),
    ("09", "栃木県", "Tochigi"),
    ("10", "群馬県", "Gunma"),
    ("11", "埼玉県", "Saitama"),
    ("12", "千葉県", "Chiba"),
    ("13", "東京都", "Tokyo"),
    ("14", "神奈川県", "Kanagawa"),
    ("15", "新潟県", "Niigata"),
    ("16", "富山県", "Toyama"),
    ("17", "石川県", "Ishikawa"),
    ("18", "福井県", "Fukui"),
    ("19", "山梨県", "Yamanashi"),
    ("20", "長野県", "Nagano"),
    ("21", "岐阜県", "Gifu"),
    ("22", "静岡県", "Shizuoka"),
    ("23", "愛知県", "Aichi"),
    ("24", "三重県", "Mie"),
    ("25", "滋賀県", "Shiga"),
    ("26", "京都府", "Kyoto"),
    ("27", "大阪府", "Osaka"),
    ("28", "兵庫県", "Hyogo"),
    ("29", "奈良県", "Nara"),
    ("30", "和歌山県", "Wakayama"),
    ("31", "鳥取県", "Tottori"),
    ("32", "島根県", "Shimane"),
    ("33", "岡山県", "Okayama"),
    ("34", "広島県", "Hiroshima"),
    ("35", "山口県", "Yamaguchi"),
    ("36", "徳島県", "Tokushima"),
    ("37", "香川県", "Kagawa"),
    ("38", "愛媛県", "Ehime"),
    ("39", "高知県", "Kochi"),
    ("40", "福岡県", "Fukuoka"),
    ("41", "佐賀県", "Saga"),
    ("42", "長崎県", "Nagasaki"),
    ("43", "熊本県", "Kumamoto"),
    ("44", "大分県", "Oita"),
    ("45", "宮崎県", "Miyazaki"),
    ("46", "鹿児島県", "Kagoshima"),
    ("47", "沖縄県", "Okinawa"),
];

/// Normalises a prefecture code (`"13"`) or Japanese name (`"東京都"`) to its code.
pub fn prefecture_code(input: &str) -> Option<&'static str> {
    PREFECTURES
        .iter()
        .find(|(code, name, _)| *code == input || *name == input)
        .map(|(code, _, _)| *code)
}

/// Japanese and English names of a prefecture code.
pub fn prefecture_name(code: &str) -> Option<Text> {
    PREFECTURES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, ja, en)| Text::new(*ja, *en))
}

impl Interpretation {
    /// The readings of an open question; the first is the default.
    pub fn readings(self) -> &'static [&'static str] {
        match self {
            Interpretation::InvoiceBand => &["subsidy_band", "cost_band"],
            Interpretation::HardwareCapScope => &["per_application", "per_unit"],
            Interpretation::TsujoTwoThirdsBand => &["band_1", "band_2"],
            Interpretation::TsujoBandUpper => &["clamp", "reject"],
            Interpretation::ShokiboIryohojin => &["service_5", "other_20"],
            Interpretation::Karte2bunshoCaps => &["amount_unknown"],
            Interpretation::CapBasis => &["cost_cap", "published_cap"],
            Interpretation::BedBasis => &["licensed_beds", "beds_in_use"],
            Interpretation::ShohosenDerived => &["derived", "not_computed"],
            Interpretation::HatarakikataCaps => &["clamp_course_max"],
            Interpretation::SeisanseiFlat => &["lesser_of", "flat"],
            Interpretation::KikinKubun6Mix => &["class_rates", "capped_cost"],
            Interpretation::JmaStacking => &["separate"],
            Interpretation::SFigures => &["compute_unverified"],
            Interpretation::KarteClinics => &["ineligible"],
            Interpretation::EnkakuMinScope => &["per_application", "per_type"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_keep_the_published_boundary() {
        assert!(Op::Ge.holds(20, 20));
        assert!(!Op::Gt.holds(20, 20));
        assert!(Op::Le.holds(300, 300));
        assert!(!Op::Lt.holds(1_500_000, 1_500_000));
        assert!(Op::Lt.holds(1_499_999, 1_500_000));
    }

    #[test]
    fn prefectures_accept_code_or_name() {
        assert_eq!(prefecture_code("13"), Some("13"));
        assert_eq!(prefecture_code("東京都"), Some("13"));
        assert_eq!(prefecture_code("大阪府"), Some("27"));
        assert_eq!(prefecture_code("48"), None);
        assert_eq!(prefecture_code("Tokyo"), None);
    }

    #[test]
    fn wire_names_round_trip() {
        for f in FacilityType::ALL {
            assert_eq!(FacilityType::parse(f.as_str()), Some(*f));
        }
        for c in ExpenseCategory::ALL {
            assert_eq!(ExpenseCategory::parse(c.as_str()), Some(*c));
        }
    }
}
