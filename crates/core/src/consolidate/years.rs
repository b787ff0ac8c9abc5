//! 年度比較: the fiscal years the folder (or the last good data) holds, side
//! by side — per department and year, the items, each report's rate, the
//! mean 達成度 and the items carried over into the next year (the same item
//! title in the department's book of the next year). Shown on the page and
//! as the workbook's sheet 年度比較, each book with the years up to its own.
//!
//! Pure: made from the books of every year.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{ConsolidatedBook, Value};
use crate::calendar::FiscalYear;

/// One department in one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearRow {
    pub department: String,
    pub fiscal_year: FiscalYear,
    pub items: u64,
    pub interim_rate: Option<f64>,
    pub year_end_rate: Option<f64>,
    /// The mean 達成度 of the items with one.
    pub achievement: Option<f64>,
    /// Items whose title is among the department's items of the next year
    /// (none when the next year has no book).
    pub carried_over: Option<u64>,
}

impl YearRow {
    /// The cells of a 年度比較 row, in the order of
    /// [`super::labels::YEAR_HEADERS`].
    pub fn values(&self) -> Vec<Value<'static>> {
        let pct = |r: Option<f64>| r.map_or(Value::Blank, Value::Percent);
        vec![
            Value::Text(self.department.clone().into()),
            Value::Text(self.fiscal_year.japanese().into()),
            Value::Integer(self.items),
            pct(self.interim_rate),
            pct(self.year_end_rate),
            pct(self.achievement),
            self.carried_over.map_or(Value::Blank, Value::Integer),
        ]
    }
}

/// What a department's items of one year hold for the comparison.
#[derive(Default)]
struct DepartmentYear<'b> {
    titles: BTreeSet<&'b str>,
    /// The 達成度 of its items that have one, in the book's order.
    achievements: Vec<f64>,
}

/// Every department's rows, by department, then year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearComparison {
    pub years: Vec<FiscalYear>,
    pub rows: Vec<YearRow>,
}

impl YearComparison {
    /// The comparison of `books` (one per fiscal year).
    pub fn of(books: &[ConsolidatedBook<'_>]) -> Self {
        let years: BTreeSet<FiscalYear> = books.iter().map(|b| b.fiscal_year).collect();
        // Each department's item titles and 達成度, per year, in one pass
        // over the items.
        let mut seen: BTreeMap<(FiscalYear, &str), DepartmentYear<'_>> = BTreeMap::new();
        for book in books {
            for row in &book.items {
                let entry = seen.entry((book.fiscal_year, row.department)).or_default();
                entry.titles.insert(row.item.title());
                if let Some(a) = row.achievement.filter(|a| a.is_finite()) {
                    entry.achievements.push(a);
                }
            }
        }
        let mut rows = Vec::new();
        for book in books {
            let next = FiscalYear(book.fiscal_year.0 + 1);
            for dept in &book.overview.departments {
                let name: &str = &dept.department;
                let mine = seen.get(&(book.fiscal_year, name));
                let carried_over = years.contains(&next).then(|| {
                    let later = seen.get(&(next, name));
                    mine.into_iter()
                        .flat_map(|m| &m.titles)
                        .filter(|t| later.is_some_and(|l| l.titles.contains(*t)))
                        .count() as u64
                });
                let rates = mine.map_or(&[][..], |m| m.achievements.as_slice());
                let achievement =
                    (!rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64);
                rows.push(YearRow {
                    department: name.to_string(),
                    fiscal_year: book.fiscal_year,
                    items: dept.counts.items,
                    interim_rate: dept.counts.interim.rate(),
                    year_end_rate: dept.counts.year_end.rate(),
                    achievement,
                    carried_over,
                });
            }
        }
        rows.sort_by(|a, b| (&a.department, a.fiscal_year).cmp(&(&b.department, b.fiscal_year)));
        YearComparison {
            years: years.into_iter().collect(),
            rows,
        }
    }

    /// The years up to `fiscal_year`, as its book shows them.
    pub fn up_to(&self, fiscal_year: FiscalYear) -> Self {
        YearComparison {
            years: self
                .years
                .iter()
                .copied()
                .filter(|y| *y <= fiscal_year)
                .collect(),
            rows: self
                .rows
                .iter()
                .filter(|r| r.fiscal_year <= fiscal_year)
                .cloned()
                .collect(),
        }
    }

    /// More than one year: something to compare.
    pub fn compares(&self) -> bool {
        self.years.len() > 1
    }

    /// The caption of the comparison: `令和7年度〜令和8年度`.
    pub fn span(&self) -> String {
        match (self.years.first(), self.years.last()) {
            (Some(first), Some(last)) => {
                format!("{}〜{}", first.japanese(), last.japanese())
            }
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::model::{ReportingDates, consolidate};
    use crate::consolidate::sample::*;
    use crate::model::Report;

    fn reporting(fy: FiscalYear) -> ReportingDates {
        ReportingDates {
            interim_due: chrono::NaiveDate::from_ymd_opt(fy.0, 10, 31),
            year_end_due: chrono::NaiveDate::from_ymd_opt(fy.0 + 1, 4, 30),
        }
    }

    #[test]
    fn each_department_and_year_with_its_rates_and_the_items_carried_over() {
        let mut kept = item("S", 4, "空き家対策");
        kept.interim = Report::Filled("済".into());
        kept.year_end = Report::Filled("済".into());
        kept.achievement = Some(0.8);
        let mut done = item("S", 5, "窓口改善");
        done.interim = Report::Filled("済".into());
        done.achievement = Some(0.4);
        let last = report(
            "/s/a7.xlsx",
            "S",
            2025,
            "企画部",
            vec![goal("1", "g", vec![kept, done])],
        );
        let again = item("S", 4, "空き家対策");
        let new = item("S", 5, "移住促進");
        let this = report(
            "/s/a8.xlsx",
            "S",
            2026,
            "企画部",
            vec![goal("1", "g", vec![again, new])],
        );
        let files = vec![
            source("/s/a7.xlsx", vec![last]),
            source("/s/a8.xlsx", vec![this]),
        ];
        let books = consolidate(&files, d(2026, 6, 1), reporting);
        let years = YearComparison::of(&books);
        assert_eq!(years.years, [FiscalYear(2025), FiscalYear(2026)]);
        assert!(years.compares());
        assert_eq!(years.span(), "令和7年度〜令和8年度");
        let [r7, r8] = &years.rows[..] else {
            panic!("{:?}", years.rows)
        };
        assert_eq!(
            (r7.items, r7.interim_rate, r7.year_end_rate),
            (2, Some(1.0), Some(0.5))
        );
        assert!((r7.achievement.unwrap() - 0.6).abs() < 1e-9);
        assert_eq!(r7.carried_over, Some(1));
        assert_eq!(
            (r8.items, r8.interim_rate, r8.achievement),
            (2, Some(0.0), None)
        );
        assert_eq!(r8.carried_over, None);
        // The book of 令和7年度 compares nothing.
        assert!(!years.up_to(FiscalYear(2025)).compares());
        assert_eq!(years.up_to(FiscalYear(2025)).rows.len(), 1);
    }
}
