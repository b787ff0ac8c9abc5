//! Japanese eras (元号): 明治, 大正, 昭和, 平成, 令和, their start dates, and the
//! conversion of an era year to a Western year.
//!
//! Era years past an era's end are accepted as if the era had continued
//! (平成32年 = 2020), as documents written before a change of era do.

use chrono::{Datelike, NaiveDate};

/// One of the five modern eras.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    /// All eras, oldest first.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The era's name in kanji.
    pub fn kanji(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The one-letter abbreviation (M, T, S, H, R).
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The era named by its kanji or its letter (upper or lower case,
    /// half- or full-width).
    pub(crate) fn from_name(name: &str) -> Option<Era> {
        Era::ALL.into_iter().find(|era| {
            name == era.kanji() || {
                let mut chars = name.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        let c = fold_fullwidth_letter(c).to_ascii_uppercase();
                        c == era.letter()
                    }
                    _ => false,
                }
            }
        })
    }

    /// The first day of the era.
    pub fn start(self) -> NaiveDate {
        let (y, m, d) = match self {
            Era::Meiji => (1868, 10, 23),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        // The dates above are valid constants.
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// The Western year of the era's year `year` (1 = 元年). Years past the
    /// era's end continue the count (平成32 → 2020).
    pub(crate) fn western_year(self, year: i32) -> i32 {
        self.start().year() + year - 1
    }

    /// The era in force on `date` and the era year of that date.
    pub fn at(date: NaiveDate) -> Option<(Era, i32)> {
        Era::ALL
            .into_iter()
            .rev()
            .find(|era| date >= era.start())
            .map(|era| (era, date.year() - era.start().year() + 1))
    }
}

/// A date in the era of its day, as city documents write it:
/// `令和8年10月30日` (`令和元年5月1日` in an era's first year); a date before
/// 明治 in the Western year.
pub fn japanese_date(date: NaiveDate) -> String {
    match Era::at(date) {
        Some((era, 1)) => format!("{}元年{}月{}日", era.kanji(), date.month(), date.day()),
        Some((era, year)) => format!("{}{year}年{}月{}日", era.kanji(), date.month(), date.day()),
        None => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

fn fold_fullwidth_letter(c: char) -> char {
    match c {
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case((2026, 10, 30), "令和8年10月30日")]
    #[case((2019, 5, 1), "令和元年5月1日")]
    #[case((2019, 4, 30), "平成31年4月30日")]
    #[case((1800, 1, 2), "1800年1月2日")]
    fn dates_are_written_in_their_era(#[case] date: (i32, u32, u32), #[case] text: &str) {
        let date = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
        assert_eq!(japanese_date(date), text);
    }
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[rstest]
    #[case(Era::Reiwa, 1, 2019)]
    #[case(Era::Reiwa, 8, 2026)]
    #[case(Era::Heisei, 1, 1989)]
    #[case(Era::Heisei, 31, 2019)]
    #[case(Era::Heisei, 32, 2020)]
    #[case(Era::Showa, 64, 1989)]
    #[case(Era::Taisho, 15, 1926)]
    #[case(Era::Meiji, 45, 1912)]
    fn western_year(#[case] era: Era, #[case] year: i32, #[case] western: i32) {
        assert_eq!(era.western_year(year), western);
    }

    #[rstest]
    #[case(d(2019, 4, 30), Era::Heisei, 31)]
    #[case(d(2019, 5, 1), Era::Reiwa, 1)]
    #[case(d(1989, 1, 7), Era::Showa, 64)]
    #[case(d(1989, 1, 8), Era::Heisei, 1)]
    #[case(d(1926, 12, 24), Era::Taisho, 15)]
    #[case(d(1926, 12, 25), Era::Showa, 1)]
    #[case(d(1912, 7, 29), Era::Meiji, 45)]
    #[case(d(1912, 7, 30), Era::Taisho, 1)]
    fn boundaries(#[case] date: NaiveDate, #[case] era: Era, #[case] year: i32) {
        assert_eq!(Era::at(date), Some((era, year)));
    }

    #[rstest]
    #[case("令和", Era::Reiwa)]
    #[case("R", Era::Reiwa)]
    #[case("r", Era::Reiwa)]
    #[case("Ｒ", Era::Reiwa)]
    #[case("H", Era::Heisei)]
    #[case("平成", Era::Heisei)]
    #[case("S", Era::Showa)]
    #[case("大正", Era::Taisho)]
    #[case("明治", Era::Meiji)]
    fn names(#[case] name: &str, #[case] era: Era) {
        assert_eq!(Era::from_name(name), Some(era));
    }

    #[test]
    fn before_meiji_has_no_era() {
        assert_eq!(Era::at(d(1800, 1, 1)), None);
        assert_eq!(Era::from_name("X"), None);
    }
}
