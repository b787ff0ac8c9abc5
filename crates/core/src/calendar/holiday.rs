//! Japanese national holidays computed from the rules of the Holiday Act
//! (国民の祝日に関する法律) and the special laws that added or moved days:
//! the statutory holidays (国民の祝日), substitute holidays (振替休日) and
//! citizens' holidays (国民の休日).
//!
//! Coverage:
//! - The Act took effect on 1948-07-20. Earlier dates have no national
//!   holidays here ([`holidays_in_year`] is empty for years before 1948).
//! - 1948 onwards follows the Act as amended over time: the old fixed dates
//!   (成人の日 1/15, 体育の日 10/10, …), the Happy Monday moves of 2000 and
//!   2003, the renamings (みどりの日 → 昭和の日, 体育の日 → スポーツの日),
//!   the substitute-holiday rules of 1973 and 2007, the citizens'-holiday
//!   rule of 1985, and the one-off days (大喪の礼, 即位の日, the 2020/2021
//!   Olympic moves, …).
//! - Years after the last known amendment are computed by the current rules.
//! - The equinox days (春分の日, 秋分の日) are fixed each year by official
//!   announcement; here they come from the standard approximation formula,
//!   which matches the announced days for 1900–2099 and is given for
//!   2100–2150. After 2150 no formula is valid and the equinox days are
//!   omitted.
//!
//! Every function accepts any date or year and never panics.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The name of the holiday on `date`, or `None` on an ordinary day.
///
/// Substitute holidays are named 振替休日 and citizens' holidays 国民の休日.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    holidays_in_year(date.year())
        .into_iter()
        .find(|(day, _)| *day == date)
        .map(|(_, name)| name)
}

/// Whether `date` is a day off under the Holiday Act: a statutory holiday, a
/// substitute holiday or a citizens' holiday.
pub fn is_national_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// Every holiday of `year` with its name, in date order.
pub fn holidays_in_year(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let statutory = statutory_holidays(year);
    let mut all = statutory.clone();

    for &(day, _) in &statutory {
        if let Some(substitute) = substitute_for(day, &statutory) {
            all.push((substitute, SUBSTITUTE_HOLIDAY));
        }
    }

    for pair in statutory.windows(2) {
        let (before, after) = (pair[0].0, pair[1].0);
        let Some(middle) = before.checked_add_days(Days::new(1)) else {
            continue;
        };
        if middle.checked_add_days(Days::new(1)) != Some(after) {
            continue;
        }
        if middle < CITIZENS_HOLIDAY_FROM || all.iter().any(|(day, _)| *day == middle) {
            continue;
        }
        // Until 2006 a Sunday between two holidays stayed a plain Sunday.
        if middle < REVISION_2007 && middle.weekday() == Weekday::Sun {
            continue;
        }
        all.push((middle, CITIZENS_HOLIDAY));
    }

    all.sort_by_key(|(day, _)| *day);
    all.dedup_by_key(|(day, _)| *day);
    all
}

const SUBSTITUTE_HOLIDAY: &str = "振替休日";
const CITIZENS_HOLIDAY: &str = "国民の休日";

/// The Holiday Act took effect on 1948-07-20.
const ACT_IN_FORCE: NaiveDate = ymd_const(1948, 7, 20);
/// Substitute holidays exist from the 1973 amendment (1973-04-12).
const SUBSTITUTE_FROM: NaiveDate = ymd_const(1973, 4, 12);
/// Citizens' holidays exist from the 1985 amendment (1985-12-27).
const CITIZENS_HOLIDAY_FROM: NaiveDate = ymd_const(1985, 12, 27);
/// The 2005 amendment, in force from 2007: substitute holidays move past
/// consecutive holidays, and a Sunday can be a citizens' holiday.
const REVISION_2007: NaiveDate = ymd_const(2007, 1, 1);

const fn ymd_const(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid constant date"),
    }
}

/// The day that substitutes for a statutory holiday on `day`, if `day` is a
/// Sunday and the rule in force gives one.
fn substitute_for(day: NaiveDate, statutory: &[(NaiveDate, &str)]) -> Option<NaiveDate> {
    if day < SUBSTITUTE_FROM || day.weekday() != Weekday::Sun {
        return None;
    }
    let is_statutory = |date: NaiveDate| statutory.iter().any(|(d, _)| *d == date);
    let mut next = day.checked_add_days(Days::new(1))?;
    if day < REVISION_2007 {
        // Until 2006: the Monday only, and only if it is not itself a holiday.
        return (!is_statutory(next)).then_some(next);
    }
    // From 2007: the nearest following day that is not a statutory holiday.
    // A year has fewer than 30 statutory holidays, so this ends quickly.
    for _ in 0..32 {
        if !is_statutory(next) {
            return Some(next);
        }
        next = next.checked_add_days(Days::new(1))?;
    }
    None
}

/// The statutory holidays (国民の祝日 and the days special laws treat as
/// such) of `year`, sorted, without substitute or citizens' holidays.
fn statutory_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    if year < ACT_IN_FORCE.year() || NaiveDate::from_ymd_opt(year, 12, 31).is_none() {
        return Vec::new();
    }
    let fixed = |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
    let monday =
        |month: u32, n: u8| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n);

    let mut days: Vec<(Option<NaiveDate>, &'static str)> = vec![
        (fixed(1, 1), "元日"),
        (fixed(5, 3), "憲法記念日"),
        (fixed(5, 5), "こどもの日"),
        (fixed(11, 3), "文化の日"),
        (fixed(11, 23), "勤労感謝の日"),
    ];

    days.push((
        if year < 2000 {
            fixed(1, 15)
        } else {
            monday(1, 2)
        },
        "成人の日",
    ));

    if year >= 1967 {
        days.push((fixed(2, 11), "建国記念の日"));
    }

    match year {
        ..=1988 => days.push((fixed(4, 29), "天皇誕生日")),
        1989..=2006 => days.push((fixed(4, 29), "みどりの日")),
        _ => {
            days.push((fixed(4, 29), "昭和の日"));
            days.push((fixed(5, 4), "みどりの日"));
        }
    }
    match year {
        1989..=2018 => days.push((fixed(12, 23), "天皇誕生日")),
        2020.. => days.push((fixed(2, 23), "天皇誕生日")),
        _ => {}
    }

    match year {
        ..=1995 => {}
        1996..=2002 => days.push((fixed(7, 20), "海の日")),
        2020 => days.push((fixed(7, 23), "海の日")),
        2021 => days.push((fixed(7, 22), "海の日")),
        _ => days.push((monday(7, 3), "海の日")),
    }

    match year {
        ..=2015 => {}
        2020 => days.push((fixed(8, 10), "山の日")),
        2021 => days.push((fixed(8, 8), "山の日")),
        _ => days.push((fixed(8, 11), "山の日")),
    }

    match year {
        ..=1965 => {}
        1966..=2002 => days.push((fixed(9, 15), "敬老の日")),
        _ => days.push((monday(9, 3), "敬老の日")),
    }

    match year {
        ..=1965 => {}
        1966..=1999 => days.push((fixed(10, 10), "体育の日")),
        2000..=2019 => days.push((monday(10, 2), "体育の日")),
        2020 => days.push((fixed(7, 24), "スポーツの日")),
        2021 => days.push((fixed(7, 23), "スポーツの日")),
        _ => days.push((monday(10, 2), "スポーツの日")),
    }

    if let Some(day) = vernal_equinox_day(year) {
        days.push((fixed(3, day), "春分の日"));
    }
    if let Some(day) = autumnal_equinox_day(year) {
        days.push((fixed(9, day), "秋分の日"));
    }

    // One-off holidays set by special laws.
    let one_off: &[(i32, u32, u32, &'static str)] = &[
        (1959, 4, 10, "皇太子明仁親王の結婚の儀"),
        (1989, 2, 24, "昭和天皇の大喪の礼"),
        (1990, 11, 12, "即位礼正殿の儀"),
        (1993, 6, 9, "皇太子徳仁親王の結婚の儀"),
        (2019, 5, 1, "即位の日"),
        (2019, 10, 22, "即位礼正殿の儀"),
    ];
    for &(y, month, day, name) in one_off {
        if y == year {
            days.push((fixed(month, day), name));
        }
    }

    let mut holidays: Vec<(NaiveDate, &'static str)> = days
        .into_iter()
        .filter_map(|(date, name)| date.map(|date| (date, name)))
        .filter(|(date, _)| *date >= ACT_IN_FORCE)
        .collect();
    holidays.sort_by_key(|(date, _)| *date);
    holidays
}

/// The March day of 春分の日 by the standard approximation formula.
fn vernal_equinox_day(year: i32) -> Option<u32> {
    let base = match year {
        1900..=1979 => 20.8357,
        1980..=2099 => 20.8431,
        2100..=2150 => 21.8510,
        _ => return None,
    };
    Some(equinox_day(year, base))
}

/// The September day of 秋分の日 by the standard approximation formula.
fn autumnal_equinox_day(year: i32) -> Option<u32> {
    let base = match year {
        1900..=1979 => 23.2588,
        1980..=2099 => 23.2488,
        2100..=2150 => 24.2488,
        _ => return None,
    };
    Some(equinox_day(year, base))
}

/// `int(base + 0.242194 × (Y − 1980) − int((Y − L) / 4))`, where L is 1983
/// before 1980 and 1980 from then on; both `int`s truncate towards zero.
/// Only called for years 1900–2150, so the result is a small positive day.
fn equinox_day(year: i32, base: f64) -> u32 {
    let leap_base = if year < 1980 { 1983 } else { 1980 };
    let drift = 0.242194 * f64::from(year - 1980);
    let leap_correction = f64::from((year - leap_base) / 4);
    // Truncation is the formula's `int`; the value lies between 19 and 25.
    (base + drift - leap_correction) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The holidays of a year as listed by the Cabinet Office (内閣府
    /// 「国民の祝日について」), substitute holidays named 振替休日 and
    /// citizens' holidays 国民の休日.
    fn official(year: i32) -> Vec<(NaiveDate, &'static str)> {
        let list: &[(u32, u32, &str)] = match year {
            2019 => &[
                (1, 1, "元日"),
                (1, 14, "成人の日"),
                (2, 11, "建国記念の日"),
                (3, 21, "春分の日"),
                (4, 29, "昭和の日"),
                (4, 30, "国民の休日"),
                (5, 1, "即位の日"),
                (5, 2, "国民の休日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (5, 6, "振替休日"),
                (7, 15, "海の日"),
                (8, 11, "山の日"),
                (8, 12, "振替休日"),
                (9, 16, "敬老の日"),
                (9, 23, "秋分の日"),
                (10, 14, "体育の日"),
                (10, 22, "即位礼正殿の儀"),
                (11, 3, "文化の日"),
                (11, 4, "振替休日"),
                (11, 23, "勤労感謝の日"),
            ],
            2020 => &[
                (1, 1, "元日"),
                (1, 13, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 23, "天皇誕生日"),
                (2, 24, "振替休日"),
                (3, 20, "春分の日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (5, 6, "振替休日"),
                (7, 23, "海の日"),
                (7, 24, "スポーツの日"),
                (8, 10, "山の日"),
                (9, 21, "敬老の日"),
                (9, 22, "秋分の日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日"),
            ],
            2021 => &[
                (1, 1, "元日"),
                (1, 11, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 23, "天皇誕生日"),
                (3, 20, "春分の日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (7, 22, "海の日"),
                (7, 23, "スポーツの日"),
                (8, 8, "山の日"),
                (8, 9, "振替休日"),
                (9, 20, "敬老の日"),
                (9, 23, "秋分の日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日"),
            ],
            2022 => &[
                (1, 1, "元日"),
                (1, 10, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 23, "天皇誕生日"),
                (3, 21, "春分の日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (7, 18, "海の日"),
                (8, 11, "山の日"),
                (9, 19, "敬老の日"),
                (9, 23, "秋分の日"),
                (10, 10, "スポーツの日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日"),
            ],
            2023 => &[
                (1, 1, "元日"),
                (1, 2, "振替休日"),
                (1, 9, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 23, "天皇誕生日"),
                (3, 21, "春分の日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (7, 17, "海の日"),
                (8, 11, "山の日"),
                (9, 18, "敬老の日"),
                (9, 23, "秋分の日"),
                (10, 9, "スポーツの日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日"),
            ],
            2024 => &[
                (1, 1, "元日"),
                (1, 8, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 12, "振替休日"),
                (2, 23, "天皇誕生日"),
                (3, 20, "春分の日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (5, 6, "振替休日"),
                (7, 15, "海の日"),
                (8, 11, "山の日"),
                (8, 12, "振替休日"),
                (9, 16, "敬老の日"),
                (9, 22, "秋分の日"),
                (9, 23, "振替休日"),
                (10, 14, "スポーツの日"),
                (11, 3, "文化の日"),
                (11, 4, "振替休日"),
                (11, 23, "勤労感謝の日"),
            ],
            2025 => &[
                (1, 1, "元日"),
                (1, 13, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 23, "天皇誕生日"),
                (2, 24, "振替休日"),
                (3, 20, "春分の日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (5, 6, "振替休日"),
                (7, 21, "海の日"),
                (8, 11, "山の日"),
                (9, 15, "敬老の日"),
                (9, 23, "秋分の日"),
                (10, 13, "スポーツの日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日"),
                (11, 24, "振替休日"),
            ],
            2026 => &[
                (1, 1, "元日"),
                (1, 12, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 23, "天皇誕生日"),
                (3, 20, "春分の日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (5, 6, "振替休日"),
                (7, 20, "海の日"),
                (8, 11, "山の日"),
                (9, 21, "敬老の日"),
                (9, 22, "国民の休日"),
                (9, 23, "秋分の日"),
                (10, 12, "スポーツの日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日"),
            ],
            2027 => &[
                (1, 1, "元日"),
                (1, 11, "成人の日"),
                (2, 11, "建国記念の日"),
                (2, 23, "天皇誕生日"),
                (3, 21, "春分の日"),
                (3, 22, "振替休日"),
                (4, 29, "昭和の日"),
                (5, 3, "憲法記念日"),
                (5, 4, "みどりの日"),
                (5, 5, "こどもの日"),
                (7, 19, "海の日"),
                (8, 11, "山の日"),
                (9, 20, "敬老の日"),
                (9, 23, "秋分の日"),
                (10, 11, "スポーツの日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日"),
            ],
            _ => panic!("no official list written for {year}"),
        };
        list.iter()
            .map(|&(m, day, name)| (d(year, m, day), name))
            .collect()
    }

    #[rstest]
    fn matches_the_official_list(
        #[values(2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027)] year: i32,
    ) {
        assert_eq!(holidays_in_year(year), official(year));
    }

    #[test]
    fn official_substitute_holidays_fall_on_weekdays_after_sunday_holidays() {
        // A cross-check of the written lists themselves: each 振替休日 follows
        // a run of holidays that starts on a Sunday.
        for year in 2019..=2027 {
            let list = official(year);
            for (date, name) in &list {
                if *name == "振替休日" {
                    assert_ne!(date.weekday(), Weekday::Sun, "{date}");
                    let mut back = date.pred_opt().unwrap();
                    while back.weekday() != Weekday::Sun {
                        assert!(
                            list.iter().any(|(d, _)| *d == back),
                            "{date}: gap at {back}"
                        );
                        back = back.pred_opt().unwrap();
                    }
                    assert!(
                        list.iter().any(|(d, _)| *d == back),
                        "{date}: Sunday {back} is no holiday"
                    );
                }
            }
        }
    }

    #[rstest]
    #[case(2019, 21, 23)]
    #[case(2020, 20, 22)]
    #[case(2021, 20, 23)]
    #[case(2022, 21, 23)]
    #[case(2023, 21, 23)]
    #[case(2024, 20, 22)]
    #[case(2025, 20, 23)]
    #[case(2026, 20, 23)]
    #[case(2027, 21, 23)]
    // Announced days outside the tested lists.
    #[case(1960, 20, 23)]
    #[case(1978, 21, 23)]
    #[case(1979, 21, 24)]
    #[case(2012, 20, 22)]
    fn equinox_days(#[case] year: i32, #[case] march: u32, #[case] september: u32) {
        assert_eq!(vernal_equinox_day(year), Some(march));
        assert_eq!(autumnal_equinox_day(year), Some(september));
        assert_eq!(holiday_name(d(year, 3, march)), Some("春分の日"));
        assert_eq!(holiday_name(d(year, 9, september)), Some("秋分の日"));
    }

    #[rstest]
    // One-off days set by special laws.
    #[case(d(1959, 4, 10), Some("皇太子明仁親王の結婚の儀"))]
    #[case(d(1989, 2, 24), Some("昭和天皇の大喪の礼"))]
    #[case(d(1990, 11, 12), Some("即位礼正殿の儀"))]
    #[case(d(1993, 6, 9), Some("皇太子徳仁親王の結婚の儀"))]
    // Old fixed dates and renamings.
    #[case(d(1988, 4, 29), Some("天皇誕生日"))]
    #[case(d(1989, 4, 29), Some("みどりの日"))]
    #[case(d(2007, 4, 29), Some("昭和の日"))]
    #[case(d(2007, 5, 4), Some("みどりの日"))]
    #[case(d(2018, 12, 23), Some("天皇誕生日"))]
    #[case(d(2019, 12, 23), None)]
    #[case(d(2019, 2, 23), None)]
    #[case(d(1999, 1, 15), Some("成人の日"))]
    #[case(d(2000, 1, 10), Some("成人の日"))]
    #[case(d(2000, 1, 15), None)]
    #[case(d(1999, 10, 10), Some("体育の日"))]
    #[case(d(2000, 10, 9), Some("体育の日"))]
    #[case(d(1996, 7, 20), Some("海の日"))]
    #[case(d(1995, 7, 20), None)]
    #[case(d(2003, 7, 21), Some("海の日"))]
    #[case(d(2002, 9, 15), Some("敬老の日"))]
    #[case(d(2003, 9, 15), Some("敬老の日"))]
    #[case(d(2004, 9, 20), Some("敬老の日"))]
    #[case(d(2015, 8, 11), None)]
    #[case(d(2016, 8, 11), Some("山の日"))]
    #[case(d(1966, 2, 11), None)]
    #[case(d(1967, 2, 11), Some("建国記念の日"))]
    #[case(d(1964, 10, 10), None)]
    #[case(d(1966, 10, 10), Some("体育の日"))]
    // No October holiday in the Olympic years.
    #[case(d(2020, 10, 12), None)]
    #[case(d(2021, 10, 11), None)]
    // Substitute holidays: from 1973; only the Monday until 2006; past
    // consecutive holidays from 2007.
    #[case(d(1973, 4, 30), Some("振替休日"))]
    #[case(d(1967, 1, 16), None)]
    #[case(d(1998, 5, 4), Some("振替休日"))]
    #[case(d(1998, 5, 6), None)]
    #[case(d(2009, 5, 6), Some("振替休日"))]
    #[case(d(2006, 1, 2), Some("振替休日"))]
    #[case(d(2008, 5, 6), Some("振替休日"))]
    #[case(d(2003, 5, 6), None)]
    // Citizens' holidays: from 1988; never a Sunday until 2006.
    #[case(d(1988, 5, 4), Some("国民の休日"))]
    #[case(d(2006, 5, 4), Some("国民の休日"))]
    #[case(d(2009, 9, 22), Some("国民の休日"))]
    #[case(d(2015, 9, 22), Some("国民の休日"))]
    #[case(d(1986, 5, 4), None)]
    #[case(d(1987, 5, 4), Some("振替休日"))]
    // The Act was not yet in force.
    #[case(d(1948, 1, 1), None)]
    #[case(d(1948, 5, 5), None)]
    #[case(d(1948, 9, 23), Some("秋分の日"))]
    #[case(d(1948, 11, 3), Some("文化の日"))]
    // Ordinary days.
    #[case(d(2026, 6, 15), None)]
    #[case(d(2026, 12, 29), None)]
    fn names_across_the_acts_history(#[case] date: NaiveDate, #[case] name: Option<&str>) {
        assert_eq!(holiday_name(date), name);
        assert_eq!(is_national_holiday(date), name.is_some());
    }

    #[test]
    fn no_holidays_before_the_act() {
        assert!(holidays_in_year(1947).is_empty());
        assert!(holidays_in_year(1900).is_empty());
        assert_eq!(
            holidays_in_year(1948),
            vec![
                (d(1948, 9, 23), "秋分の日"),
                (d(1948, 11, 3), "文化の日"),
                (d(1948, 11, 23), "勤労感謝の日")
            ]
        );
    }

    #[test]
    fn equinoxes_end_with_the_formula() {
        let names = |year| {
            holidays_in_year(year)
                .into_iter()
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
        };
        assert!(names(2150).contains(&"春分の日"));
        assert!(names(2150).contains(&"秋分の日"));
        assert!(!names(2151).contains(&"春分の日"));
        assert!(!names(2151).contains(&"秋分の日"));
        assert!(names(2151).contains(&"元日"));
    }

    #[test]
    fn extreme_years_do_not_panic() {
        for year in [i32::MIN, -1, 0, 9999, 262_143, 262_144, i32::MAX] {
            let _ = holidays_in_year(year);
        }
        assert_eq!(holiday_name(NaiveDate::MAX), None);
        assert_eq!(holiday_name(NaiveDate::MIN), None);
    }

    proptest! {
        #[test]
        fn years_never_panic_and_are_sorted_and_unique(year in any::<i32>()) {
            let list = holidays_in_year(year);
            prop_assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
            prop_assert!(list.iter().all(|(date, _)| date.year() == year));
        }

        #[test]
        fn substitute_holidays_are_never_sundays(year in 1948i32..2200) {
            for (date, name) in holidays_in_year(year) {
                if name == SUBSTITUTE_HOLIDAY {
                    prop_assert_ne!(date.weekday(), Weekday::Sun);
                }
            }
        }
    }
}
