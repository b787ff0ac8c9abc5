//! Municipal business days (開庁日): weekdays that are neither national
//! holidays nor days the city hall is closed. The closed days are
//! configuration ([`ClosedDays`]): recurring periods such as the year-end
//! closure 12/29–1/3 and one-off closed dates.
//!
//! The searches for the nearest business day are bounded, so a configuration
//! that closes every day gives `None` instead of looping.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::holiday::is_national_holiday;

/// A closed-days value that could not be parsed; names the offending value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClosedDaysError {
    /// A recurring period that is not `MM/DD` or `MM/DD-MM/DD`.
    #[error("closed period {value:?}: {reason}")]
    Period { value: String, reason: &'static str },
    /// A closed date that is not a `YYYY-MM-DD` calendar date.
    #[error("closed date {value:?}: expected a date as YYYY-MM-DD")]
    Date { value: String },
}

/// A day of the year, recurring every year (`12/29`). `02/29` is allowed: as
/// a closed day it occurs in leap years only; as a date in a given year
/// ([`MonthDay::in_year`]) it is the last day of February.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    month: u32,
    day: u32,
}

impl MonthDay {
    /// The month-day, if `day` exists in `month` in some year.
    pub fn new(month: u32, day: u32) -> Option<Self> {
        let last_day = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => return None,
        };
        (1..=last_day)
            .contains(&day)
            .then_some(MonthDay { month, day })
    }

    /// The month-day of `date`.
    pub fn of(date: NaiveDate) -> Self {
        MonthDay {
            month: date.month(),
            day: date.day(),
        }
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.day
    }

    /// Its date in `year`, `02/29` being the last day of February: 28
    /// February in a year without a 29th. `None` only outside the years
    /// chrono holds.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day).or_else(|| {
            (self.month == 2 && self.day == 29)
                .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
                .flatten()
        })
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}", self.month, self.day)
    }
}

/// A recurring closed period, from `first` to `last` inclusive. When `last`
/// comes before `first` the period wraps the year end (`12/29-01/03`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClosedPeriod {
    first: MonthDay,
    last: MonthDay,
}

impl ClosedPeriod {
    /// The period from `first` to `last` inclusive.
    pub fn new(first: MonthDay, last: MonthDay) -> Self {
        ClosedPeriod { first, last }
    }

    /// The first day of the period.
    pub fn first(self) -> MonthDay {
        self.first
    }

    /// The last day of the period.
    pub fn last(self) -> MonthDay {
        self.last
    }

    /// Whether `date` falls in the period in its year.
    pub fn contains(self, date: NaiveDate) -> bool {
        let day = MonthDay::of(date);
        if self.first <= self.last {
            self.first <= day && day <= self.last
        } else {
            day >= self.first || day <= self.last
        }
    }
}

impl fmt::Display for ClosedPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

impl FromStr for ClosedPeriod {
    type Err = ClosedDaysError;

    /// Parses `MM/DD` (one day) or `MM/DD-MM/DD` (a span; `~`, `〜` and `～`
    /// also separate). Full-width digits and slashes are accepted.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let error = |reason| ClosedDaysError::Period {
            value: value.to_string(),
            reason,
        };
        let normalized = to_half_width(value.trim());
        let parts: Vec<&str> = normalized.split(['-', '~', '〜', '～']).collect();
        let (first, last) = match parts.as_slice() {
            [day] => (*day, *day),
            [first, last] => (*first, *last),
            _ => return Err(error("expected MM/DD or MM/DD-MM/DD")),
        };
        let first = parse_month_day(first).map_err(error)?;
        let last = parse_month_day(last).map_err(error)?;
        Ok(ClosedPeriod { first, last })
    }
}

fn parse_month_day(text: &str) -> Result<MonthDay, &'static str> {
    let text = text.trim();
    let (month, day) = text
        .split_once('/')
        .ok_or("expected MM/DD or MM/DD-MM/DD")?;
    let number = |part: &str| -> Option<u32> {
        let valid = (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        if valid { part.parse().ok() } else { None }
    };
    let (Some(month), Some(day)) = (number(month.trim()), number(day.trim())) else {
        return Err("expected MM/DD or MM/DD-MM/DD");
    };
    if !(1..=12).contains(&month) {
        return Err("month must be 1 to 12");
    }
    MonthDay::new(month, day).ok_or("no such day in that month")
}

/// Full-width digits, slash and hyphen to their ASCII forms.
fn to_half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '／' => '/',
            '－' | '‐' | '−' | '–' => '-',
            _ => c,
        })
        .collect()
}

fn parse_closed_date(value: &str) -> Result<NaiveDate, ClosedDaysError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| ClosedDaysError::Date {
        value: value.to_string(),
    })
}

/// The days the city hall is closed besides weekends and national holidays.
///
/// In configuration it is a table with two optional keys:
///
/// ```toml
/// recurring = ["12/29-01/03", "08/15"]   # default: ["12/29-01/03"]
/// dates = ["2026-05-07"]                 # default: []
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClosedDaysConfig", into = "ClosedDaysConfig")]
pub struct ClosedDays {
    recurring: Vec<ClosedPeriod>,
    dates: BTreeSet<NaiveDate>,
}

/// The year-end closure (年末年始), 12/29 to 1/3.
pub(crate) const YEAR_END_CLOSURE: &str = "12/29-01/03";

impl Default for ClosedDays {
    /// The year-end closure 12/29–1/3 only.
    fn default() -> Self {
        let year_end = ClosedPeriod {
            first: MonthDay { month: 12, day: 29 },
            last: MonthDay { month: 1, day: 3 },
        };
        ClosedDays {
            recurring: vec![year_end],
            dates: BTreeSet::new(),
        }
    }
}

impl ClosedDays {
    /// No closed days at all.
    pub fn none() -> Self {
        ClosedDays {
            recurring: Vec::new(),
            dates: BTreeSet::new(),
        }
    }

    /// Parses recurring periods (`"12/29-01/03"`, `"08/15"`) and closed dates
    /// (`"2026-05-07"`). The first bad value is the error.
    pub fn parse<R, D>(recurring: R, dates: D) -> Result<Self, ClosedDaysError>
    where
        R: IntoIterator,
        R::Item: AsRef<str>,
        D: IntoIterator,
        D::Item: AsRef<str>,
    {
        let recurring = recurring
            .into_iter()
            .map(|value| value.as_ref().parse())
            .collect::<Result<Vec<ClosedPeriod>, _>>()?;
        let dates = dates
            .into_iter()
            .map(|value| parse_closed_date(value.as_ref()))
            .collect::<Result<BTreeSet<NaiveDate>, _>>()?;
        Ok(ClosedDays { recurring, dates })
    }

    /// The one-off closed dates, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.dates.iter().copied()
    }

    /// Whether the city hall is closed on `date` by this configuration
    /// (weekends and national holidays are not considered here).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.dates.contains(&date) || self.recurring.iter().any(|period| period.contains(date))
    }
}

/// The configuration form of [`ClosedDays`]: plain strings, so that parse
/// errors can name the value as written.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosedDaysConfig {
    #[serde(default = "default_recurring")]
    recurring: Vec<String>,
    #[serde(default)]
    dates: Vec<String>,
}

fn default_recurring() -> Vec<String> {
    vec![YEAR_END_CLOSURE.to_string()]
}

impl TryFrom<ClosedDaysConfig> for ClosedDays {
    type Error = ClosedDaysError;

    fn try_from(config: ClosedDaysConfig) -> Result<Self, Self::Error> {
        ClosedDays::parse(&config.recurring, &config.dates)
    }
}

impl From<ClosedDays> for ClosedDaysConfig {
    fn from(closed: ClosedDays) -> Self {
        ClosedDaysConfig {
            recurring: closed.recurring.iter().map(ToString::to_string).collect(),
            dates: closed
                .dates
                .iter()
                .map(|date| date.format("%Y-%m-%d").to_string())
                .collect(),
        }
    }
}

/// Business days of a city hall: Monday to Friday, except national holidays
/// and the configured closed days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessCalendar {
    pub closed: ClosedDays,
}

impl BusinessCalendar {
    /// How many days the searches for a business day look at before giving
    /// up (three years, so any realistic closure is crossed).
    pub(crate) const SEARCH_LIMIT_DAYS: usize = 1096;

    /// A calendar with the given closed days.
    pub fn new(closed: ClosedDays) -> Self {
        BusinessCalendar { closed }
    }

    /// Whether `date` is a business day.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.closed.contains(date)
            && !is_national_holiday(date)
    }

    /// `date` itself if it is a business day, else the nearest earlier one.
    /// `None` if none lies within [`Self::SEARCH_LIMIT_DAYS`] days.
    pub(crate) fn previous_business_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.search(Some(date), NaiveDate::pred_opt)
    }

    /// The nearest business day strictly before `date`.
    /// `None` if none lies within [`Self::SEARCH_LIMIT_DAYS`] days.
    pub fn last_business_day_before(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.search(date.pred_opt(), NaiveDate::pred_opt)
    }

    /// `date` itself if it is a business day, else the nearest later one.
    /// `None` if none lies within [`Self::SEARCH_LIMIT_DAYS`] days.
    pub(crate) fn next_business_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.search(Some(date), NaiveDate::succ_opt)
    }

    /// The nearest business day strictly after `date`.
    /// `None` if none lies within [`Self::SEARCH_LIMIT_DAYS`] days.
    pub fn first_business_day_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.search(date.succ_opt(), NaiveDate::succ_opt)
    }

    /// The first business day from `start` on, stepping with `step`.
    fn search(
        &self,
        start: Option<NaiveDate>,
        step: fn(&NaiveDate) -> Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let mut date = start?;
        for _ in 0..Self::SEARCH_LIMIT_DAYS {
            if self.is_business_day(date) {
                return Some(date);
            }
            date = step(&date)?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn default_calendar() -> BusinessCalendar {
        BusinessCalendar::default()
    }

    #[rstest]
    // Weekdays and weekends.
    #[case(d(2026, 6, 12), true)] // Friday
    #[case(d(2026, 6, 13), false)] // Saturday
    #[case(d(2026, 6, 14), false)] // Sunday
    #[case(d(2026, 6, 15), true)] // Monday
    // National, substitute and citizens' holidays.
    #[case(d(2026, 4, 29), false)]
    #[case(d(2026, 5, 6), false)]
    #[case(d(2026, 9, 22), false)]
    #[case(d(2027, 3, 22), false)]
    // The year-end closure wraps the new year.
    #[case(d(2026, 12, 28), true)]
    #[case(d(2026, 12, 29), false)]
    #[case(d(2026, 12, 30), false)]
    #[case(d(2026, 12, 31), false)]
    #[case(d(2027, 1, 1), false)]
    #[case(d(2027, 1, 2), false)]
    #[case(d(2027, 1, 3), false)]
    #[case(d(2027, 1, 4), true)]
    #[case(d(2025, 12, 26), true)]
    #[case(d(2025, 12, 29), false)]
    #[case(d(2026, 1, 5), true)]
    fn business_days_by_default(#[case] date: NaiveDate, #[case] expected: bool) {
        assert_eq!(default_calendar().is_business_day(date), expected);
    }

    #[rstest]
    // Golden Week 2026: 4/29 (Wed); 5/2 (Sat) to 5/6 (Wed, 振替休日).
    #[case(d(2026, 4, 29), d(2026, 4, 28), d(2026, 4, 30), d(2026, 4, 30))]
    #[case(d(2026, 5, 1), d(2026, 5, 1), d(2026, 5, 1), d(2026, 5, 7))]
    #[case(d(2026, 5, 2), d(2026, 5, 1), d(2026, 5, 7), d(2026, 5, 7))]
    #[case(d(2026, 5, 4), d(2026, 5, 1), d(2026, 5, 7), d(2026, 5, 7))]
    #[case(d(2026, 5, 6), d(2026, 5, 1), d(2026, 5, 7), d(2026, 5, 7))]
    #[case(d(2026, 5, 7), d(2026, 5, 7), d(2026, 5, 7), d(2026, 5, 8))]
    // New Year 2026/2027: closed 12/29 (Tue) to 1/3 (Sun).
    #[case(d(2026, 12, 28), d(2026, 12, 28), d(2026, 12, 28), d(2027, 1, 4))]
    #[case(d(2026, 12, 29), d(2026, 12, 28), d(2027, 1, 4), d(2027, 1, 4))]
    #[case(d(2027, 1, 1), d(2026, 12, 28), d(2027, 1, 4), d(2027, 1, 4))]
    #[case(d(2027, 1, 3), d(2026, 12, 28), d(2027, 1, 4), d(2027, 1, 4))]
    #[case(d(2027, 1, 4), d(2027, 1, 4), d(2027, 1, 4), d(2027, 1, 5))]
    // Silver week 2026: 9/19 (Sat) to 9/23 (Wed).
    #[case(d(2026, 9, 19), d(2026, 9, 18), d(2026, 9, 24), d(2026, 9, 24))]
    fn nearest_business_days(
        #[case] date: NaiveDate,
        #[case] previous: NaiveDate,
        #[case] next: NaiveDate,
        #[case] after: NaiveDate,
    ) {
        let calendar = default_calendar();
        assert_eq!(calendar.previous_business_day(date), Some(previous));
        assert_eq!(calendar.next_business_day(date), Some(next));
        assert_eq!(calendar.first_business_day_after(date), Some(after));
    }

    #[rstest]
    #[case(d(2026, 5, 7), d(2026, 5, 1))]
    #[case(d(2026, 5, 8), d(2026, 5, 7))]
    #[case(d(2027, 1, 4), d(2026, 12, 28))]
    fn last_business_day_before(#[case] date: NaiveDate, #[case] expected: NaiveDate) {
        assert_eq!(
            default_calendar().last_business_day_before(date),
            Some(expected)
        );
    }

    #[test]
    fn extra_closed_dates_and_periods() {
        let closed = ClosedDays::parse(["12/29-01/03", "08/14-08/16"], ["2026-05-07"]).unwrap();
        let calendar = BusinessCalendar::new(closed);
        assert!(!calendar.is_business_day(d(2026, 5, 7)));
        assert!(calendar.is_business_day(d(2027, 5, 7)));
        assert!(!calendar.is_business_day(d(2026, 8, 14)));
        assert_eq!(
            calendar.next_business_day(d(2026, 5, 2)),
            Some(d(2026, 5, 8))
        );
        assert_eq!(
            calendar.next_business_day(d(2026, 8, 12)),
            Some(d(2026, 8, 12))
        );
        assert_eq!(
            calendar.next_business_day(d(2026, 8, 13)),
            Some(d(2026, 8, 13))
        );
        assert_eq!(
            calendar.first_business_day_after(d(2026, 8, 13)),
            Some(d(2026, 8, 17))
        );
    }

    #[test]
    fn no_closed_days_leaves_the_year_end_open() {
        let calendar = BusinessCalendar::new(ClosedDays::none());
        assert!(calendar.is_business_day(d(2026, 12, 29)));
        assert!(!calendar.is_business_day(d(2027, 1, 1)));
        assert!(!calendar.is_business_day(d(2027, 1, 2))); // Saturday
        assert_eq!(
            calendar.next_business_day(d(2027, 1, 1)),
            Some(d(2027, 1, 4))
        );
        assert_eq!(
            calendar.previous_business_day(d(2027, 1, 1)),
            Some(d(2026, 12, 31))
        );
    }

    #[rstest]
    #[case("01/01-12/31")]
    #[case("01/02-01/01")]
    fn a_calendar_closed_every_day_gives_none(#[case] period: &str) {
        let closed = ClosedDays::parse([period], [] as [&str; 0]).unwrap();
        let calendar = BusinessCalendar::new(closed);
        let date = d(2026, 6, 15);
        assert!(!calendar.is_business_day(date));
        assert_eq!(calendar.previous_business_day(date), None);
        assert_eq!(calendar.next_business_day(date), None);
        assert_eq!(calendar.first_business_day_after(date), None);
        assert_eq!(calendar.last_business_day_before(date), None);
    }

    #[test]
    fn searches_stop_at_the_ends_of_the_calendar() {
        let calendar = BusinessCalendar::new(ClosedDays::none());
        assert_eq!(calendar.first_business_day_after(NaiveDate::MAX), None);
        assert_eq!(calendar.last_business_day_before(NaiveDate::MIN), None);
        let _ = calendar.next_business_day(NaiveDate::MAX);
        let _ = calendar.previous_business_day(NaiveDate::MIN);
    }

    #[rstest]
    #[case("12/29-01/03", (12, 29), (1, 3))]
    #[case("08/15", (8, 15), (8, 15))]
    #[case(" 8/15 ", (8, 15), (8, 15))]
    #[case("12/29 - 1/3", (12, 29), (1, 3))]
    #[case("12/29〜01/03", (12, 29), (1, 3))]
    #[case("１２／２９～１／３", (12, 29), (1, 3))]
    #[case("02/29", (2, 29), (2, 29))]
    fn periods_parse(#[case] text: &str, #[case] first: (u32, u32), #[case] last: (u32, u32)) {
        let period: ClosedPeriod = text.parse().unwrap();
        assert_eq!(period.first(), MonthDay::new(first.0, first.1).unwrap());
        assert_eq!(period.last(), MonthDay::new(last.0, last.1).unwrap());
    }

    #[rstest]
    #[case("", "expected MM/DD or MM/DD-MM/DD")]
    #[case("abc", "expected MM/DD or MM/DD-MM/DD")]
    #[case("12-29", "expected MM/DD or MM/DD-MM/DD")]
    #[case("12/29-", "expected MM/DD or MM/DD-MM/DD")]
    #[case("12/29-01/03-02/01", "expected MM/DD or MM/DD-MM/DD")]
    #[case("1229", "expected MM/DD or MM/DD-MM/DD")]
    #[case("+1/03", "expected MM/DD or MM/DD-MM/DD")]
    #[case("001/03", "expected MM/DD or MM/DD-MM/DD")]
    #[case("13/01", "month must be 1 to 12")]
    #[case("00/10", "month must be 1 to 12")]
    #[case("12/32", "no such day in that month")]
    #[case("02/30", "no such day in that month")]
    #[case("04/31-05/01", "no such day in that month")]
    #[case("12/00", "no such day in that month")]
    fn bad_periods_name_the_value(#[case] text: &str, #[case] reason: &'static str) {
        let error = text.parse::<ClosedPeriod>().unwrap_err();
        assert_eq!(
            error,
            ClosedDaysError::Period {
                value: text.to_string(),
                reason,
            }
        );
        assert!(error.to_string().contains(&format!("{text:?}")), "{error}");
        assert!(error.to_string().contains(reason), "{error}");
    }

    #[rstest]
    #[case("2026-13-01")]
    #[case("2026/05/07")]
    #[case("2026-02-29")]
    #[case("May 7")]
    #[case("")]
    fn bad_dates_name_the_value(#[case] text: &str) {
        let error = ClosedDays::parse([YEAR_END_CLOSURE], [text]).unwrap_err();
        assert_eq!(
            error,
            ClosedDaysError::Date {
                value: text.to_string()
            }
        );
        assert!(error.to_string().contains(&format!("{text:?}")), "{error}");
    }

    #[test]
    fn periods_display_as_they_parse() {
        for text in ["12/29-01/03", "08/15", "02/29"] {
            let period: ClosedPeriod = text.parse().unwrap();
            assert_eq!(period.to_string(), text);
        }
    }

    #[test]
    fn config_defaults_to_the_year_end_closure() {
        let closed: ClosedDays = serde_json::from_str("{}").unwrap();
        assert_eq!(closed, ClosedDays::default());
        assert_eq!(closed.recurring[0].to_string(), YEAR_END_CLOSURE);
        assert_eq!(closed.dates().count(), 0);

        let none: ClosedDays = serde_json::from_str(r#"{"recurring": []}"#).unwrap();
        assert_eq!(none, ClosedDays::none());
    }

    #[test]
    fn config_round_trips() {
        let json = r#"{"recurring":["12/29-01/03","08/15"],"dates":["2026-05-07"]}"#;
        let closed: ClosedDays = serde_json::from_str(json).unwrap();
        assert!(closed.contains(d(2026, 8, 15)));
        assert!(closed.contains(d(2026, 5, 7)));
        assert!(!closed.contains(d(2026, 5, 8)));
        assert_eq!(serde_json::to_string(&closed).unwrap(), json);
    }

    #[test]
    fn config_errors_name_the_bad_value() {
        let error = serde_json::from_str::<ClosedDays>(r#"{"recurring":["12/29-13/03"]}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("\"12/29-13/03\""), "{error}");

        let error = serde_json::from_str::<ClosedDays>(r#"{"dates":["2026-5-77"]}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("\"2026-5-77\""), "{error}");

        let error = serde_json::from_str::<ClosedDays>(r#"{"closed":[]}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("closed"), "{error}");
    }

    const DAYS_1900_TO_2200: i64 = 109_937;

    fn day_in_1900_to_2200() -> impl Strategy<Value = NaiveDate> {
        (0..=DAYS_1900_TO_2200).prop_map(|offset| d(1900, 1, 1) + chrono::Duration::days(offset))
    }

    fn any_closed_days() -> impl Strategy<Value = ClosedDays> {
        let month_day =
            (1u32..=12, 1u32..=31).prop_filter_map("no such day", |(m, day)| MonthDay::new(m, day));
        (
            prop::collection::vec((month_day.clone(), month_day), 0..4),
            prop::collection::btree_set(day_in_1900_to_2200(), 0..4),
        )
            .prop_map(|(periods, dates)| ClosedDays {
                recurring: periods
                    .into_iter()
                    .map(|(first, last)| ClosedPeriod::new(first, last))
                    .collect(),
                dates,
            })
    }

    proptest! {
        #[test]
        fn searches_never_panic_and_find_business_days(
            date in day_in_1900_to_2200(),
            closed in any_closed_days(),
        ) {
            let calendar = BusinessCalendar::new(closed);
            let is_business = calendar.is_business_day(date);
            if let Some(previous) = calendar.previous_business_day(date) {
                prop_assert!(previous <= date && calendar.is_business_day(previous));
                prop_assert_eq!(previous == date, is_business);
            }
            if let Some(next) = calendar.next_business_day(date) {
                prop_assert!(next >= date && calendar.is_business_day(next));
                prop_assert_eq!(next == date, is_business);
            }
            if let Some(after) = calendar.first_business_day_after(date) {
                prop_assert!(after > date && calendar.is_business_day(after));
            }
            if let Some(before) = calendar.last_business_day_before(date) {
                prop_assert!(before < date && calendar.is_business_day(before));
            }
        }

        #[test]
        fn the_default_calendar_always_finds_a_business_day(date in day_in_1900_to_2200()) {
            let calendar = default_calendar();
            prop_assert!(calendar.previous_business_day(date).is_some());
            prop_assert!(calendar.next_business_day(date).is_some());
            prop_assert!(calendar.first_business_day_after(date).is_some());
            prop_assert!(calendar.last_business_day_before(date).is_some());
        }

        #[test]
        fn period_parsing_never_panics(text in "\\PC{0,16}") {
            let _ = text.parse::<ClosedPeriod>();
        }
    }
}
