//! Catalog filters read from query parameters, shared by the program list, the deadlines, the
//! calendar and the MCP tools.

use chrono::{Months, NaiveDate};

use crate::engine::catalog::{Catalog, Program};
use crate::engine::deadlines::{self, Deadlines, Range};
use crate::engine::vocab::{self, Category, FacilityType};
use crate::engine::window::{self, WindowStatus};
use crate::http::problem::{ApiError, ErrorCode};
use crate::http::query::{parse_date, Query};

/// The parameters of `GET /v1/deadlines`.
pub const PARAMETERS: &[&str] = &["from", "to", "prefecture", "facility_type", "program_id"];

/// Validated filters (shared with the calendar and the MCP tool `list_deadlines`).
#[derive(Debug, Clone)]
pub struct Filters {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Today in Japan: the date statuses are computed at.
    pub today: NaiveDate,
    pub prefecture: Option<&'static str>,
    pub facility_type: Option<FacilityType>,
    pub program_id: Option<String>,
}

fn date_param(query: &Query, key: &str) -> Result<Option<NaiveDate>, ApiError> {
    match query.get(key) {
        None => Ok(None),
        Some(s) => parse_date(s).map(Some).ok_or_else(|| {
            let shown: String = s.chars().take(40).collect();
            ApiError::parameter(
                key,
                format!("{key} は YYYY-MM-DD 形式の日付で指定してください (入力: {shown})"),
                format!("{key} must be a date YYYY-MM-DD (got {shown})"),
            )
        }),
    }
}

impl Filters {
    /// Reads the filters: `from` defaults to today in Japan, `to` to one year after `from`.
    pub fn read(query: &Query, today: NaiveDate, catalog: &Catalog) -> Result<Filters, ApiError> {
        let from = date_param(query, "from")?.unwrap_or(today);
        let to = match date_param(query, "to")? {
            Some(t) => t,
            None => from.checked_add_months(Months::new(12)).unwrap_or(from),
        };
        if to < from {
            // Each date is valid on its own; the pair is not (422, like other rules the schema
            // cannot state).
            let mut e = ApiError::parameter(
                "to",
                format!("to ({to}) は from ({from}) 以降の日付を指定してください"),
                format!("to ({to}) must not be before from ({from})"),
            );
            e.code = ErrorCode::InvalidField;
            for f in &mut e.errors {
                f.code = ErrorCode::InvalidField;
            }
            return Err(e);
        }
        let program_id = match query.text("program_id")? {
            None => None,
            Some(id) if catalog.program(id).is_some() => Some(id.to_string()),
            Some(id) => return Err(program_not_found(id)),
        };
        Ok(Filters {
            from,
            to,
            today,
            prefecture: prefecture_param(query)?,
            facility_type: facility_type_param(query)?,
            program_id,
        })
    }

    /// The programs these filters select, in catalog order.
    pub fn programs<'a>(&self, catalog: &'a Catalog) -> Vec<&'a Program> {
        filter(
            catalog,
            self.today,
            None,
            None,
            self.facility_type,
            self.prefecture,
            None,
        )
        .into_iter()
        .filter(|p| self.program_id.as_deref().is_none_or(|id| p.id() == id))
        .collect()
    }

    /// The events and unknown programs, from the engine.
    pub fn compute<'a>(&self, catalog: &'a Catalog) -> Deadlines<'a> {
        deadlines::deadlines(
            &self.programs(catalog),
            Range {
                from: self.from,
                to: self.to,
                as_of: self.today,
                prefecture: self.prefecture,
                facility_type: self.facility_type,
            },
        )
    }
}

/// The URL of a program's source id.
pub fn source_url<'a>(program: &'a Program, id: &str) -> Option<&'a str> {
    program
        .def
        .sources
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.url.as_str())
}

/// Programs matching the list filters, in catalog order.
pub fn filter<'a>(
    catalog: &'a Catalog,
    as_of: NaiveDate,
    q: Option<&str>,
    category: Option<Category>,
    facility_type: Option<FacilityType>,
    prefecture: Option<&str>,
    status: Option<WindowStatus>,
) -> Vec<&'a Program> {
    let q = q.map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
    catalog
        .programs
        .iter()
        .filter(|p| {
            q.as_ref()
                .is_none_or(|q| q.split_whitespace().all(|w| p.search_text.contains(w)))
        })
        .filter(|p| category.is_none_or(|c| p.def.categories.contains(&c)))
        .filter(|p| facility_type.is_none_or(|f| p.def.facility_types.contains(&f)))
        .filter(|p| {
            prefecture.is_none_or(|code| {
                p.def
                    .prefectures
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|c| c == code))
            })
        })
        .filter(|p| {
            status.is_none_or(|s| {
                let ws: Vec<_> = p
                    .frames
                    .iter()
                    .map(|f| window::status_at(f, as_of, prefecture))
                    .collect();
                window::best(ws.iter()) == s
            })
        })
        .collect()
}

/// The names of a vocabulary, for a parameter's allowed values.
pub fn names<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| f(*x)).collect()
}

/// `prefecture` as a code, from a code or a Japanese name.
pub fn prefecture_param(query: &Query) -> Result<Option<&'static str>, ApiError> {
    match query.get("prefecture") {
        None => Ok(None),
        Some(p) => vocab::prefecture_code(p).map(Some).ok_or_else(|| {
            let shown: String = p.chars().take(20).collect();
            ApiError::parameter(
                "prefecture",
                format!("都道府県コード (\"01\"〜\"47\") または都道府県名を指定してください (入力: {shown})"),
                format!("prefecture must be a JIS X 0401 code (\"01\"–\"47\") or a Japanese prefecture name (got {shown})"),
            )
        }),
    }
}

/// `facility_type` from the vocabulary.
pub fn facility_type_param(query: &Query) -> Result<Option<FacilityType>, ApiError> {
    Ok(query
        .choice(
            "facility_type",
            &names(vocab::FacilityType::ALL, vocab::FacilityType::as_str),
        )?
        .and_then(vocab::FacilityType::parse))
}

/// The 404 of an unknown program id given as a path or query parameter.
pub fn program_not_found(id: &str) -> ApiError {
    let shown: String = id.chars().take(100).collect();
    let mut e = ApiError::new(
        ErrorCode::ProgramNotFound,
        format!("no program `{shown}`; see GET /v1/programs"),
    );
    e.errors.push(crate::http::problem::FieldProblem {
        pointer: None,
        parameter: Some("program_id".into()),
        code: ErrorCode::ProgramNotFound,
        message: crate::http::problem::LocalizedText {
            ja: format!(
                "制度 `{shown}` はカタログにありません。GET /v1/programs で一覧を確認してください"
            ),
            en: format!("no program `{shown}` in the catalog; see GET /v1/programs"),
        },
    });
    e
}
