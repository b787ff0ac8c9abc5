//! Deadline cells that point elsewhere instead of stating a deadline
//! (同上, 〃, 左記のとおり, 内容欄のとおり, 別紙のとおり): where they
//! point, so the caller can take the deadline from there.

use serde::{Deserialize, Serialize};

use super::normalise::fold;

/// Where a deadline cell says its deadline is written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeadlineReference {
    /// The item before this one has the same deadline: ditto marks
    /// (〃, ″, "), 同上, 仝上, 同前, and 上 / 前 / 前項 / 上欄 / 上段 with a
    /// word of reference (上に同じ, 前項のとおり). The caller takes the
    /// deadlines of the previous item of the same table or record list, as
    /// resolved there (itself a reference when that one is too).
    RowAbove,
    /// The item's own text states the deadline: 左記 / 同左 (the cell to the
    /// left in the same row), 上記 / 前記 (written above in the same item,
    /// as in a record block), 本文, or a field named by its heading
    /// (取組内容に記載, 内容欄のとおり, 実施内容参照, 各項目に記載). The
    /// caller extracts the deadlines of the item's title and text. A cell
    /// that means the row above writes 同上 or 〃.
    ItemText,
    /// A document outside the workbook: 別紙, 別添, 別表, 別冊, 別記,
    /// 添付資料, 資料 with a number, as written with widths folded and
    /// spaces taken out (`別紙2`, `別紙「工程表」`). Nothing in the workbook
    /// states the deadline.
    Document { name: String },
}

/// Characters that repeat the cell above.
const DITTO: [char; 3] = ['〃', '″', '"'];
/// Words naming the schedule that may open the cell (期限は別紙のとおり).
const LEADS: [&str; 6] = ["実施時期", "スケジュール", "期限", "期間", "時期", "日程"];
/// Words of reference that end the cell, longest first where one ends
/// another.
const ENDINGS: [&str; 17] = [
    "に記載のとおり",
    "に記載の通り",
    "記載のとおり",
    "記載の通り",
    "に記載",
    "に記入",
    "のとおり",
    "の通り",
    "とおり",
    "通り",
    "を参照",
    "参照",
    "に同じ",
    "と同じ",
    "による",
    "に示す",
    "欄",
];
/// The previous item, standing alone.
const ROW_ABOVE_ALONE: [&str; 3] = ["同上", "仝上", "同前"];
/// The previous item, with a word of reference after it.
const ROW_ABOVE: [&str; 7] = ["上", "前", "前項", "前項目", "上欄", "上段", "上の行"];
/// The item's own text, standing alone.
const ITEM_TEXT_ALONE: [&str; 4] = ["左記", "同左", "上記", "前記"];
/// How the heading of one of the item's own fields ends (取組内容,
/// 内容欄, 各取組, 各項目), with a word of reference after it.
const ITEM_FIELDS: [&str; 8] = [
    "欄",
    "内容",
    "取組",
    "取り組み",
    "項目",
    "本文",
    "左",
    "左記",
];
/// How a document outside the workbook is named.
const DOCUMENTS: [&str; 7] = [
    "別紙",
    "別添",
    "別表",
    "別冊",
    "別記",
    "添付資料",
    "添付書類",
];

/// Where a deadline cell points when it consists of nothing but a
/// reference (spaces, brackets, ※ and a closing 。 aside); `None` when it
/// says anything else, dates included (同上（9月末）states 9月末).
pub fn deadline_reference(text: &str) -> Option<DeadlineReference> {
    let folded: String = text
        .chars()
        .map(fold)
        .filter(|c| !matches!(c, ' ' | '\n'))
        .collect();
    let body = folded
        .trim_start_matches(['※', '*', '・'])
        .trim_end_matches(['。', '.']);
    let body = unbracket(body);
    if body.chars().all(|c| DITTO.contains(&c)) {
        return (!body.is_empty()).then_some(DeadlineReference::RowAbove);
    }
    let body = LEADS
        .iter()
        .find_map(|w| body.strip_prefix(w))
        .map_or(body, |rest| rest.trim_start_matches(['は', ':']));
    let body = body
        .strip_suffix("のこと")
        .or_else(|| body.strip_suffix("こと"))
        .unwrap_or(body);
    let (referent, ended) = match ENDINGS.iter().find_map(|w| body.strip_suffix(w)) {
        Some(referent) => (referent, true),
        None => (body, false),
    };
    classify(referent, ended)
}

fn classify(referent: &str, ended: bool) -> Option<DeadlineReference> {
    if ROW_ABOVE_ALONE.contains(&referent) || ended && ROW_ABOVE.contains(&referent) {
        return Some(DeadlineReference::RowAbove);
    }
    if ITEM_TEXT_ALONE.contains(&referent)
        || ended && ITEM_FIELDS.iter().any(|w| referent.ends_with(w))
    {
        return Some(DeadlineReference::ItemText);
    }
    let document = DOCUMENTS
        .iter()
        .find_map(|w| referent.strip_prefix(w))
        .or_else(|| {
            referent
                .strip_prefix("資料")
                .filter(|n| ended || !n.is_empty())
        })?;
    names_a_document(document).then(|| DeadlineReference::Document {
        name: referent.to_string(),
    })
}

/// What may follow 別紙 in a document's name: 資料, a number (2, ２－１,
/// ③), a title in 「」.
fn names_a_document(rest: &str) -> bool {
    // 別添資料2, 別紙資料
    let rest = rest.strip_prefix("資料").unwrap_or(rest);
    let number = rest.trim_start_matches(|c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '①'..='⑳' | '第' | '号')
    });
    number.is_empty()
        || number.starts_with('「') && number.ends_with('」') && !number.contains('月')
}

/// `body` without one pair of brackets around it: （同上）, 「同上」, 【別紙】.
fn unbracket(body: &str) -> &str {
    for (open, close) in [
        ('(', ')'),
        ('「', '」'),
        ('【', '】'),
        ('[', ']'),
        ('『', '』'),
    ] {
        if let Some(inner) = body
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            return inner;
        }
    }
    body
}
