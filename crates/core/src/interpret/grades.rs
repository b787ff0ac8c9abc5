//! Achievement rates read from self-assessment grades: a grade whose text
//! carries a percentage gives it (`目標としていた達成水準に到達した(100%)` →
//! 100 %; a range gives its lower bound, `(90%以上100%未満)` → 90 %, and a
//! bound below alone, `(60%未満)`, gives 0 %), and a letter grade gives the
//! rate its scale in config/grades.toml states (`achievement = [...]`).
//!
//! A sheet's letter grades are read with the first scale that has rates and
//! holds every grade the sheet uses (A/B/C fits both `abc` and `sabcx`; S
//! only the latter).

use super::dictionary::fold_width;
use super::text::folded;

/// A grade scale with an achievement rate for each grade.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GradeScale {
    /// The scale's name in the grades file (`abc`).
    pub name: String,
    /// Each grade as written, with its rate in percent.
    pub grades: Vec<(String, u32)>,
}

/// The rates of one sheet's grades.
#[derive(Debug)]
pub(crate) struct Rates<'s> {
    scale: Option<&'s GradeScale>,
}

impl<'s> Rates<'s> {
    /// Chooses the scale for the grades a sheet holds.
    pub(crate) fn new<'g>(grades: impl Iterator<Item = &'g str>, scales: &'s [GradeScale]) -> Self {
        let used: Vec<String> = grades
            .filter(|g| rate_in_text(g).is_none())
            .map(|g| folded(g).into_owned())
            .filter(|g| !g.is_empty())
            .collect();
        let scale = (!used.is_empty())
            .then(|| {
                scales.iter().find(|s| {
                    !s.grades.is_empty()
                        && used
                            .iter()
                            .all(|g| s.grades.iter().any(|(grade, _)| folded(grade) == *g))
                })
            })
            .flatten();
        Rates { scale }
    }

    /// The rate (1.0 = 100 %) a grade stands for.
    pub(crate) fn rate(&self, grade: &str) -> Option<f64> {
        rate_in_text(grade).or_else(|| {
            let wanted = folded(grade);
            self.scale?
                .grades
                .iter()
                .find(|(g, _)| folded(g) == wanted)
                .map(|(_, percent)| f64::from(*percent) / 100.0)
        })
    }
}

/// The percentage a grade's text carries: the lower bound of a range, 0
/// for an upper bound alone (`60%未満`, `60%以下`).
pub(crate) fn rate_in_text(text: &str) -> Option<f64> {
    let chars: Vec<char> = text.chars().map(fold_width).collect();
    let mut found: Vec<(f64, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        if chars.get(i) != Some(&'%') {
            continue;
        }
        let number: String = chars[start..i].iter().collect();
        let Ok(value) = number.parse::<f64>() else {
            continue;
        };
        let after: String = chars[i + 1..].iter().take(2).collect();
        let upper = after == "未満" || after == "以下";
        found.push((value, upper));
        i += 1;
    }
    let lower = found
        .iter()
        .filter(|(_, upper)| !upper)
        .map(|(v, _)| *v)
        .reduce(f64::min);
    let percent = match lower {
        Some(v) => v,
        None if !found.is_empty() => 0.0,
        None => return None,
    };
    percent.is_finite().then_some(percent / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("目標としていた達成水準を上回る成果を出した(100%超)", Some(1.0))]
    #[case("目標としていた達成水準に到達した(100%)", Some(1.0))]
    #[case("わずかに目標の達成水準に達しなかった(90%以上100%未満)", Some(0.9))]
    #[case("目標の達成水準には届かなかった(60%以上90%未満)", Some(0.6))]
    #[case("目標の達成水準までは遠い結果となった(60%未満)", Some(0.0))]
    #[case("概ね達成（８０％）", Some(0.8))]
    #[case("目標達成のための取り組みが見られなかった", None)]
    #[case("A", None)]
    #[case("2025年度に100件", None)]
    fn percentages_in_grade_text(#[case] text: &str, #[case] rate: Option<f64>) {
        assert_eq!(rate_in_text(text), rate);
    }

    fn scales() -> Vec<GradeScale> {
        let scale = |name: &str, grades: &[(&str, u32)]| GradeScale {
            name: name.into(),
            grades: grades.iter().map(|(g, r)| (g.to_string(), *r)).collect(),
        };
        vec![
            scale("abc", &[("A", 100), ("B", 70), ("C", 40)]),
            scale(
                "sabcx",
                &[("S", 120), ("A", 100), ("B", 80), ("C", 50), ("X", 0)],
            ),
        ]
    }

    #[test]
    fn letters_map_through_the_first_scale_holding_every_grade_of_the_sheet() {
        let scales = scales();
        let abc = Rates::new(["A", "B", "Ｃ"].into_iter(), &scales);
        assert_eq!(abc.rate("B"), Some(0.7));
        assert_eq!(abc.rate("Ｃ"), Some(0.4));
        let sabcx = Rates::new(["S", "B"].into_iter(), &scales);
        assert_eq!(sabcx.rate("B"), Some(0.8));
        assert_eq!(sabcx.rate("S"), Some(1.2));
        let none = Rates::new(["優"].into_iter(), &scales);
        assert_eq!(none.rate("優"), None);
        assert_eq!(none.rate("到達した(100%)"), Some(1.0));
    }
}
