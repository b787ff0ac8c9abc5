//! Recurring work, a schedule with no end: 毎月, 毎週, 毎月末, 毎月15日,
//! 毎週月曜, 毎月第2日曜日, 毎年度, 隔月, 月1回, 週2回程度, 月に1回, 年4回.
//! Like the other words of ongoing work it must stand as a schedule of its
//! own: it ends in a separator, で / に or a noun of doing (月1回開催), not
//! in a compound (毎月2回の定例会議).

use super::{DEADLINE_NOUNS, Scanner};

/// What 毎 (every) and 隔 (every other) may go with.
const EVERY_UNITS: [&str; 6] = ["四半期", "年度", "年", "月", "週", "日"];
/// What a count of times may be counted in (月1回, 年に2回).
pub(super) const COUNT_UNITS: [&str; 3] = ["年", "月", "週"];
/// Words after a count of times (週1回程度).
const AFTER_COUNT: [&str; 4] = ["程度", "以上", "ずつ", "ほど"];

impl Scanner<'_> {
    /// Recurring work at `j`, and where it ends.
    pub(super) fn recurring(&self, j: usize) -> Option<usize> {
        let end = if self.is(j, '毎') || self.is(j, '隔') {
            let (_, e) = self.word(j + 1, &EVERY_UNITS)?;
            self.every_tail(e)
        } else {
            let (_, e) = self.word(j, &COUNT_UNITS)?;
            let e = if self.is(e, 'に') { e + 1 } else { e };
            self.times(e)?
        };
        let stands = self.ends_schedule(end) || self.word(end, &DEADLINE_NOUNS).is_some();
        stands.then_some(end)
    }

    /// What may follow 毎月 / 毎年 (ending before `e`): its end (毎月末), a
    /// day (毎月15日), a day of the week (毎週月曜, 毎月第2日曜日) or a
    /// count (毎月2回); where that ends.
    fn every_tail(&self, e: usize) -> usize {
        if let Some((_, k)) = self.word(e, &["末日", "末"]) {
            return k;
        }
        let nth = if self.is(e, '第') {
            self.number(e + 1, 1).map(|(_, k)| k)
        } else {
            Some(e)
        };
        if let Some(k) = nth.and_then(|k| self.day_of_week(k)) {
            return k;
        }
        if let Some((_, k)) = self.number(e, 2)
            && self.is(k, '日')
        {
            return k + 1;
        }
        self.times(e).unwrap_or(e)
    }

    /// A day of the week at `e` (月曜, 日曜日), and where it ends.
    fn day_of_week(&self, e: usize) -> Option<usize> {
        let day = self.at(e)?;
        if !"月火水木金土日".contains(day) || !self.is(e + 1, '曜') {
            return None;
        }
        Some(if self.is(e + 2, '日') { e + 3 } else { e + 2 })
    }

    /// A count of times at `e` (2回, 一回, 1回程度), and where it ends.
    fn times(&self, e: usize) -> Option<usize> {
        let (_, k) = self.number(e, 2)?;
        if !self.is(k, '回') {
            return None;
        }
        Some(self.word(k + 1, &AFTER_COUNT).map_or(k + 1, |(_, e)| e))
    }
}
