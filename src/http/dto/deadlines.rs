//! The `GET /v1/deadlines` answer.

use serde::Serialize;
use utoipa::ToSchema;

use crate::http::dto::common::{CatalogRef, LocalizedText};
use crate::http::dto::vocab::*;

/// One opening or closing of a window.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineItem {
    /// Stable id of this event: `<program>/<frame>/<window>/<opens|closes>` (no date in it; the
    /// calendar's UID is built from it).
    #[schema(example = "digital-ai-2026/tsujo-1process/round-1/closes")]
    pub id: String,
    /// `opens` (first day applications are accepted) or `closes` (last day, JST).
    #[schema(example = "closes", value_type = DeadlineKindV)]
    pub kind: String,
    /// The date (YYYY-MM-DD, Japan time).
    #[schema(format = Date, example = "2026-05-12")]
    pub date: String,
    /// The deadline with its time of day (RFC 3339, +09:00), when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2026-05-12T17:00:00+09:00", format = DateTime)]
    pub closes_at: Option<String>,
    pub program_id: String,
    pub program_name: LocalizedText,
    pub frame_id: String,
    pub frame_name: LocalizedText,
    /// Stable id of the window within its frame.
    pub window_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_name: Option<LocalizedText>,
    /// The window's status today (Japan time).
    pub status: WindowStatusV,
    /// Introduction must be completed by this date (導入完了期限), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub complete_by: Option<String>,
    /// Prefectures the window belongs to (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<PrefectureCodeV>>)]
    pub prefectures: Option<Vec<String>>,
    /// Source id (see the program's `sources`).
    pub source: String,
    /// The source's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    pub confidence: ConfidenceV,
    /// True for high and medium confidence.
    pub verified: bool,
}

/// A program whose next window the catalog does not know.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnknownDeadline {
    pub program_id: String,
    pub program_name: LocalizedText,
    /// The program's status at `from`: `unknown`, or `closed` between rounds.
    pub status: WindowStatusV,
    /// Why no date is given.
    pub reason: LocalizedText,
}

/// Deadlines in a range.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "catalog": {"edition": "2026-11-25", "hash": "0123456789abcdef"},
    "as_of": "2026-03-01", "from": "2026-03-01", "to": "2026-06-30",
    "deadlines": [{"id": "digital-ai-2026/tsujo-1process/round-1/closes", "kind": "closes", "date": "2026-05-12",
        "closes_at": "2026-05-12T17:00:00+09:00",
        "program_id": "digital-ai-2026", "program_name": {"ja": "デジタル化・AI導入補助金2026", "en": "Digitalisation & AI Introduction Subsidy 2026"},
        "frame_id": "tsujo-1process", "frame_name": {"ja": "通常枠 1プロセス以上", "en": "Regular frame, 1+ business processes"},
        "window_id": "round-1", "window_name": {"ja": "1次締切", "en": "Round 1"}, "status": "upcoming",
        "source": "samurai-sec", "source_url": "https://samurai-match.jp/subsidylist/116105/subsidydetail", "confidence": "medium", "verified": true}],
    "unknown": [{"program_id": "ict-kinmu-model",
        "program_name": {"ja": "ICT機器を活用した勤務環境改善の先駆的取組を行うモデル医療機関調査支援事業", "en": "Model Medical Institutions for ICT-based Workplace Improvement (survey support programme)"},
        "status": "unknown",
        "reason": {"ja": "カタログに申請期間 (公募の回) の情報がありません。公募要領の公表を確認してください",
                   "en": "the catalog knows no application window for this program; check for a published call"}}]
}))]
pub struct DeadlineList {
    pub catalog: CatalogRef,
    /// Today in Japan: the date statuses are computed at.
    #[schema(format = Date)]
    pub as_of: String,
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    /// Openings and closings in `[from, to]`, by date (closings first on a day).
    pub deadlines: Vec<DeadlineItem>,
    /// Programs with no known window ahead, each once, with the reason.
    pub unknown: Vec<UnknownDeadline>,
}
