//! Reading a plan request field by field, every problem with its JSON Pointer (shared by the HTTP
//! route and the plan cases, so both read requests the same way).

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};
use serde_json::Value;

use super::{Purchase, DEFAULT_HORIZON_YEARS, MAX_HORIZON_YEARS, MAX_PURCHASES};
use crate::engine::facility::Facility;
use crate::engine::input::{read_interpretations, FieldErrorKind, Reader, MAX_AMOUNT_YEN};
use crate::engine::vocab::{ExpenseCategory, Goal, Interpretation, System};

pub const REQUEST_KEYS: &[&str] = &[
    "as_of",
    "facility",
    "purchases",
    "goals",
    "horizon_years",
    "options",
];
pub const PURCHASE_KEYS: &[&str] = &[
    "id",
    "category",
    "amount_yen",
    "quantity",
    "description",
    "introduces",
    "earliest_on",
    "latest_on",
];
pub const MAX_ID: usize = 100;

/// A plan request, read.
pub struct Parsed {
    pub as_of: NaiveDate,
    pub facility: Facility,
    pub purchases: Vec<Purchase>,
    pub goals: Vec<Goal>,
    pub horizon_years: u32,
    pub interpretations: BTreeMap<Interpretation, String>,
}

fn names<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| f(*x)).collect()
}

fn required(r: &mut Reader, o: &serde_json::Map<String, Value>, p: &str, k: &str) {
    if o.get(k).is_none_or(Value::is_null) {
        r.error(
            &format!("{p}/{k}"),
            FieldErrorKind::InvalidField,
            format!("{p}/{k} は必須です"),
            format!("{p}/{k} is required"),
        );
    }
}

fn read_purchase(
    r: &mut Reader,
    item: &Value,
    p: &str,
    as_of: NaiveDate,
    horizon_end: NaiveDate,
) -> Option<Purchase> {
    if item.is_null() {
        r.error(
            p,
            FieldErrorKind::InvalidType,
            format!("{p}: 購入はオブジェクトで指定してください"),
            format!("{p}: expected an object"),
        );
        return None;
    }
    let o = r.object(item, p, PURCHASE_KEYS)?;
    let id = r.string(o.get("id"), &format!("{p}/id"));
    if let Some(s) = id {
        if s.chars().count() > MAX_ID || s.is_empty() {
            r.error(
                &format!("{p}/id"),
                FieldErrorKind::InvalidField,
                format!("{p}/id: 1〜{MAX_ID}文字で指定してください"),
                format!("{p}/id: 1 to {MAX_ID} characters"),
            );
        }
    } else {
        required(r, o, p, "id");
    }
    let category = r.enumerated(
        o.get("category"),
        &format!("{p}/category"),
        ExpenseCategory::parse,
        &names(ExpenseCategory::ALL, ExpenseCategory::as_str),
    );
    if category.is_none() {
        required(r, o, p, "category");
    }
    let amount = r.int(
        o.get("amount_yen"),
        &format!("{p}/amount_yen"),
        0,
        MAX_AMOUNT_YEN,
    );
    if amount.is_none() {
        required(r, o, p, "amount_yen");
    }
    let quantity = r
        .int(o.get("quantity"), &format!("{p}/quantity"), 1, 1_000_000)
        .unwrap_or(1);
    let description = r
        .string(o.get("description"), &format!("{p}/description"))
        .map(str::to_string);
    let introduces = r.enumerated(
        o.get("introduces"),
        &format!("{p}/introduces"),
        System::parse,
        &names(System::ALL, System::as_str),
    );
    let earliest_on = r.date(o.get("earliest_on"), &format!("{p}/earliest_on"));
    let latest_on = r.date(o.get("latest_on"), &format!("{p}/latest_on"));
    if let Some(e) = earliest_on {
        if e > horizon_end {
            r.error(
                &format!("{p}/earliest_on"),
                FieldErrorKind::InvalidField,
                format!("{p}/earliest_on: プラン期間の終わり ({horizon_end}) より後です"),
                format!("{p}/earliest_on: after the end of the horizon ({horizon_end})"),
            );
        }
    }
    if let Some(l) = latest_on {
        if l < as_of || earliest_on.is_some_and(|e| l < e) {
            r.error(
                &format!("{p}/latest_on"),
                FieldErrorKind::InvalidField,
                format!("{p}/latest_on: as_of と earliest_on 以降の日付を指定してください"),
                format!("{p}/latest_on: must not be before as_of or earliest_on"),
            );
        }
    }
    Some(Purchase {
        id: id?.to_string(),
        category: category?,
        amount_yen: amount?,
        quantity,
        description,
        introduces,
        earliest_on,
        latest_on,
    })
}

/// Reads the whole request; the caller turns `r.errors` into one problem response.
pub fn read(r: &mut Reader, body: &Value, today: NaiveDate) -> Parsed {
    let m = r.object(body, "", REQUEST_KEYS);
    let get = |k: &str| m.and_then(|m| m.get(k));
    let as_of = r.date(get("as_of"), "/as_of").unwrap_or(today);
    let facility = match get("facility") {
        Some(v) => Facility::read(r, v, "/facility"),
        None => Facility::default(),
    };
    let horizon = r.int(
        get("horizon_years"),
        "/horizon_years",
        1,
        MAX_HORIZON_YEARS as i64,
    );
    let horizon_years = horizon.map_or(DEFAULT_HORIZON_YEARS, |h| h as u32);
    let horizon_end = as_of
        .checked_add_months(Months::new(12 * horizon_years))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(as_of);
    let mut purchases: Vec<Purchase> = Vec::new();
    match r.list(get("purchases"), "/purchases", MAX_PURCHASES) {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("/purchases/{i}");
                if let Some(purchase) = read_purchase(r, item, &p, as_of, horizon_end) {
                    if purchases.iter().any(|x| x.id == purchase.id) {
                        let shown: String = purchase.id.chars().take(60).collect();
                        r.error(
                            &format!("{p}/id"),
                            FieldErrorKind::InvalidField,
                            format!("{p}/id: `{shown}` が重複しています"),
                            format!("{p}/id: `{shown}` is used by another purchase"),
                        );
                    } else {
                        purchases.push(purchase);
                    }
                }
            }
        }
        None if get("purchases").is_none_or(Value::is_null) => r.error(
            "/purchases",
            FieldErrorKind::InvalidField,
            "purchases は必須です".into(),
            "purchases is required".into(),
        ),
        None => {}
    }
    let goals = r
        .enum_list(
            get("goals"),
            "/goals",
            Goal::parse,
            &names(Goal::ALL, Goal::as_str),
        )
        .unwrap_or_default();
    let interpretations = read_interpretations(r, get("options"), "/options");
    Parsed {
        as_of,
        facility,
        purchases,
        goals,
        horizon_years,
        interpretations,
    }
}
