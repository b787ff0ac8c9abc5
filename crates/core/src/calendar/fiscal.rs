//! `FiscalYear`: the Japanese fiscal year (年度) N, running from April 1 of N
//! to March 31 of N+1.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A fiscal year, identified by the calendar year it starts in
/// (`FiscalYear(2026)` is 令和8年度, 2026-04-01 to 2027-03-31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year that contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        if date.month() >= 4 {
            FiscalYear(date.year())
        } else {
            FiscalYear(date.year() - 1)
        }
    }

    /// The calendar year the fiscal year starts in.
    pub(crate) fn start_year(self) -> i32 {
        self.0
    }

    /// April 1 of the start year. `None` only for years outside chrono's range.
    pub fn start(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.0, 4, 1)
    }

    /// March 31 of the following year.
    pub fn end(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.0.checked_add(1)?, 3, 31)
    }

    /// Whether `date` lies inside this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::containing(date) == self
    }

    /// The date an Excel serial day number names (the 1900 date system),
    /// where that date lies within a year either side of this fiscal year.
    /// A date cell whose format was lost shows its serial (`46325`); in a
    /// deadline column no other reading of such a number is plausible, and
    /// a number far from the year (a count, an amount) is not a date.
    pub fn serial_date_near(self, serial: f64) -> Option<NaiveDate> {
        if !serial.is_finite() || serial.fract() != 0.0 || !(61.0..2_958_466.0).contains(&serial) {
            return None;
        }
        // Day 0 of the 1900 system is 1899-12-30 once Excel's 1900-02-29 is past.
        let date = NaiveDate::from_ymd_opt(1899, 12, 30)?
            .checked_add_days(chrono::Days::new(serial as u64))?;
        let near = self.previous().start()?..=self.next().end()?;
        near.contains(&date).then_some(date)
    }

    /// The calendar year in which `month` (1–12) falls inside this fiscal year:
    /// April–December in the start year, January–March in the next.
    pub(crate) fn year_of_month(self, month: u32) -> i32 {
        if month >= 4 { self.0 } else { self.0 + 1 }
    }

    /// The next fiscal year.
    pub fn next(self) -> Self {
        FiscalYear(self.0 + 1)
    }

    /// The previous fiscal year.
    pub fn previous(self) -> Self {
        FiscalYear(self.0 - 1)
    }

    /// `FY2026`.
    pub fn western(self) -> String {
        format!("FY{}", self.0)
    }

    /// `令和8年度` (元年 for the first year of an era; 平成31年度 for 2019,
    /// the year the fiscal year started under 平成).
    pub fn japanese(self) -> String {
        match NaiveDate::from_ymd_opt(self.0, 4, 1).and_then(crate::calendar::era::Era::at) {
            Some((era, year)) => format!("{}{}年度", era.kanji(), era_year_label(year)),
            None => format!("{}年度", self.0),
        }
    }
}

fn era_year_label(year: i32) -> String {
    if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    }
}

impl fmt::Display for FiscalYear {
    /// Displays as `令和8年度`; use [`FiscalYear::western`] for `FY2026`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.japanese())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[rstest]
    #[case(d(2026, 4, 1), 2026)]
    #[case(d(2026, 3, 31), 2025)]
    #[case(d(2027, 3, 31), 2026)]
    #[case(d(2026, 12, 31), 2026)]
    #[case(d(2027, 1, 1), 2026)]
    fn containing(#[case] date: NaiveDate, #[case] fy: i32) {
        assert_eq!(FiscalYear::containing(date), FiscalYear(fy));
    }

    #[test]
    fn bounds() {
        let fy = FiscalYear(2026);
        assert_eq!(fy.start(), Some(d(2026, 4, 1)));
        assert_eq!(fy.end(), Some(d(2027, 3, 31)));
        assert!(fy.contains(d(2027, 2, 28)));
        assert!(!fy.contains(d(2027, 4, 1)));
        assert_eq!(fy.year_of_month(1), 2027);
        assert_eq!(fy.year_of_month(12), 2026);
    }

    /// 46325 is 2026-10-30 in Excel's 1900 date system; counts, fractions
    /// and serials of far years are no date.
    #[rstest]
    #[case(46325.0, Some(d(2026, 10, 30)))]
    #[case(46223.0, Some(d(2026, 7, 20)))]
    #[case(46112.0, Some(d(2026, 3, 31)))]
    #[case(45748.0, Some(d(2025, 4, 1)))]
    #[case(45747.0, None)]
    #[case(46843.0, Some(d(2028, 3, 31)))]
    #[case(46844.0, None)]
    #[case(46325.5, None)]
    #[case(120.0, None)]
    #[case(f64::NAN, None)]
    fn serial_dates_near_the_year(#[case] serial: f64, #[case] date: Option<NaiveDate>) {
        assert_eq!(FiscalYear(2026).serial_date_near(serial), date);
    }

    #[rstest]
    #[case(2026, "令和8年度", "FY2026")]
    #[case(2019, "平成31年度", "FY2019")]
    #[case(2020, "令和2年度", "FY2020")]
    #[case(1988, "昭和63年度", "FY1988")]
    #[case(1989, "平成元年度", "FY1989")]
    fn display(#[case] year: i32, #[case] japanese: &str, #[case] western: &str) {
        assert_eq!(FiscalYear(year).to_string(), japanese);
        assert_eq!(FiscalYear(year).western(), western);
    }
}
