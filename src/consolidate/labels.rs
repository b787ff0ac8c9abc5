//! Every Japanese word the consolidated workbook shows: sheet names, column
//! headers, status words and titles, kept in one place; beside each list's
//! headers, how its columns are laid out.

/// How a column of a list is laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ColumnLayout {
    /// The widest the column grows, in Excel's column units (the width of
    /// `0`); longer text wraps onto more lines.
    pub max_width: f64,
    /// Centred (numbers, dates, status words), or Excel's general alignment.
    pub centred: bool,
    /// Printed, or shown on screen only. Screen-only columns come last: the
    /// print area ends at the last printed column.
    pub printed: bool,
}

const fn layout(max_width: f64, centred: bool) -> ColumnLayout {
    ColumnLayout {
        max_width,
        centred,
        printed: true,
    }
}

/// Department and section names.
const NAME: ColumnLayout = layout(14.0, false);
/// Goal and item numbers (`1`, `①`).
const NUMBER: ColumnLayout = layout(9.0, true);
/// Goal and item titles, targets.
const PROSE: ColumnLayout = layout(26.0, false);
/// Titles on the narrower lists (期限一覧, 未提出), which have room.
const WIDE_PROSE: ColumnLayout = layout(36.0, false);
/// Report texts.
const REPORT: ColumnLayout = layout(30.0, false);
/// Deadlines as written (`(1) 6月\n(2) 11月`).
const TERM: ColumnLayout = layout(14.0, false);
/// A date.
const DATE: ColumnLayout = layout(12.0, true);
/// Several dates: two to a line, so that none is broken.
const DATES: ColumnLayout = layout(23.0, true);
/// Short words: status, kind, month, grade, yes.
const WORD: ColumnLayout = layout(11.0, true);
/// Counts and rates.
const FIGURE: ColumnLayout = layout(9.0, false);
/// Times (`2026/06/01 09:30`).
const TIME: ColumnLayout = layout(17.0, true);
/// Long paths and messages.
const PATH: ColumnLayout = layout(40.0, false);
/// The link to the source cell: on screen only, a long path.
const LINK: ColumnLayout = ColumnLayout {
    max_width: 50.0,
    centred: false,
    printed: false,
};
/// The source's time of modification: on screen only.
const SCREEN_TIME: ColumnLayout = ColumnLayout {
    printed: false,
    ..TIME
};
/// Values under headers the model has no field for (`見出し：値` lines):
/// on screen only, so the printed list keeps its width.
const EXTRAS: ColumnLayout = ColumnLayout {
    max_width: 40.0,
    centred: false,
    printed: false,
};

/// Sheet names, in the order the workbook lists them.
pub const SHEET_OVERVIEW: &str = "概要";
pub const SHEET_ITEMS: &str = "全庁一覧";
pub const SHEET_DEADLINES: &str = "期限一覧";
pub const SHEET_MISSING: &str = "未提出";
pub const SHEET_PROBLEMS: &str = "取込エラー";
pub const SHEET_CHANGES: &str = "変更履歴";

/// Columns of 全庁一覧, in order (see `ItemRow::values`).
pub const ITEM_HEADERS: [&str; 18] = [
    "部局",
    "担当課",
    "目標No",
    "目標",
    "取組No",
    "取組項目",
    "期限",
    "期限日",
    "期限日(全て)",
    "状態",
    "数値目標",
    "中間報告",
    "期末報告",
    "達成度",
    "自己評価",
    "その他",
    "出典",
    "更新日時",
];

/// Layout of the columns of 全庁一覧, as [`ITEM_HEADERS`].
pub(crate) const ITEM_LAYOUT: [ColumnLayout; 18] = [
    NAME,        // 部局
    NAME,        // 担当課
    NUMBER,      // 目標No
    PROSE,       // 目標
    NUMBER,      // 取組No
    PROSE,       // 取組項目
    TERM,        // 期限
    DATE,        // 期限日
    DATES,       // 期限日(全て)
    WORD,        // 状態
    PROSE,       // 数値目標
    REPORT,      // 中間報告
    REPORT,      // 期末報告
    FIGURE,      // 達成度
    WORD,        // 自己評価
    EXTRAS,      // その他
    LINK,        // 出典
    SCREEN_TIME, // 更新日時
];

/// Columns of 期限一覧, in order (see `ConsolidatedBook::deadline_values`).
pub const DEADLINE_HEADERS: [&str; 11] = [
    "年月",
    "期限日",
    "状態",
    "部局",
    "担当課",
    "目標No",
    "取組No",
    "取組項目",
    "期限",
    "期末報告",
    "全庁一覧",
];

/// Layout of the columns of 期限一覧, as [`DEADLINE_HEADERS`].
pub(crate) const DEADLINE_LAYOUT: [ColumnLayout; 11] = [
    WORD,       // 年月
    DATE,       // 期限日
    WORD,       // 状態
    NAME,       // 部局
    NAME,       // 担当課
    NUMBER,     // 目標No
    NUMBER,     // 取組No
    WIDE_PROSE, // 取組項目
    TERM,       // 期限
    REPORT,     // 期末報告
    LINK,       // 全庁一覧 (the item's row there)
];

/// Columns of 変更履歴, in order (see `ChangeRow::values`).
pub(crate) const CHANGE_HEADERS: [&str; 13] = [
    "確認日時",
    "部局",
    "目標",
    "取組No",
    "取組項目",
    "項目",
    "変更",
    "変更前",
    "変更後",
    "セル",
    "ファイル",
    "保存者",
    "全庁一覧",
];

/// Layout of the columns of 変更履歴, as [`CHANGE_HEADERS`].
pub(crate) const CHANGE_LAYOUT: [ColumnLayout; 13] = [
    TIME,   // 確認日時
    NAME,   // 部局
    PROSE,  // 目標
    NUMBER, // 取組No
    PROSE,  // 取組項目
    WORD,   // 項目
    WORD,   // 変更
    REPORT, // 変更前
    REPORT, // 変更後
    NAME,   // セル
    NAME,   // ファイル
    NAME,   // 保存者
    LINK,   // 全庁一覧 (the item's row there)
];

/// 変更履歴 when nothing changed in the days it covers.
pub(crate) fn no_changes(days: u32) -> String {
    format!("直近{days}日間の変更はありません")
}

/// 概要's line on the last days: `直近7日間：報告の記入 3件、期限の変更 1件`.
pub(crate) fn recent_changes(days: i64, filled: u64, moved: u64) -> String {
    format!("直近{days}日間：報告の記入 {filled}件、期限の変更 {moved}件")
}

/// Columns of 未提出, in order (see `ConsolidatedBook::missing_values`).
pub(crate) const MISSING_HEADERS: [&str; 9] = [
    "部局",
    "担当課",
    "目標No",
    "目標",
    "取組No",
    "取組項目",
    "期限",
    "期限日",
    "出典",
];

/// Layout of the columns of 未提出, as [`MISSING_HEADERS`].
pub(crate) const MISSING_LAYOUT: [ColumnLayout; 9] = [
    NAME,       // 部局
    NAME,       // 担当課
    NUMBER,     // 目標No
    WIDE_PROSE, // 目標
    NUMBER,     // 取組No
    WIDE_PROSE, // 取組項目
    TERM,       // 期限
    DATE,       // 期限日
    LINK,       // 出典
];

/// Columns of 取込エラー, in order (see `ProblemRow::values`).
pub(crate) const PROBLEM_HEADERS: [&str; 8] = [
    "種別",
    "部局",
    "ファイル",
    "シート",
    "セル",
    "内容",
    "発生日時",
    "前回データ使用",
];

/// Layout of the columns of 取込エラー, as [`PROBLEM_HEADERS`].
pub(crate) const PROBLEM_LAYOUT: [ColumnLayout; 8] = [
    WORD, // 種別
    NAME, // 部局
    PATH, // ファイル
    NAME, // シート
    WORD, // セル
    PATH, // 内容
    TIME, // 発生日時
    WORD, // 前回データ使用
];

/// Columns of the department table on 概要, in order.
pub(crate) const OVERVIEW_HEADERS: [&str; 12] = [
    "部局",
    "目標数",
    "取組数",
    "中間報告\n提出",
    "中間報告\n対象",
    "中間報告\n提出率",
    "期末報告\n提出",
    "期末報告\n対象",
    "期末報告\n提出率",
    "期限超過",
    "エラーの\nあるファイル",
    "最終更新",
];

pub const TOTAL: &str = "合計";

/// The text of a link to a row of 全庁一覧: `12行目`.
pub(crate) fn items_row(row: usize) -> String {
    format!("{row}行目")
}

/// 状態 words.
pub(crate) const STATUS_OVERDUE: &str = "期限超過";
pub(crate) const STATUS_DUE_SOON: &str = "14日以内";
pub(crate) const STATUS_SCHEDULED: &str = "予定";
pub(crate) const STATUS_REPORTED: &str = "報告済";
pub(crate) const STATUS_ONGOING: &str = "通年";
pub(crate) const STATUS_UNDECIDED: &str = "未定";

/// What a report column shows when the sheet's layout has no such column.
pub(crate) const REPORT_NOT_IN_LAYOUT: &str = "（欄なし）";

/// Reporting milestones.
pub const MILESTONE_INTERIM: &str = "中間報告";
pub(crate) const MILESTONE_YEAR_END: &str = "期末報告";

/// Kinds of rows on 取込エラー.
pub(crate) const PROBLEM_ERROR: &str = "エラー";
pub(crate) const PROBLEM_SKIPPED: &str = "対象外";
pub(crate) const PROBLEM_WARNING: &str = "警告";
/// A cell inside an item table that nothing was read from.
pub(crate) const PROBLEM_UNUSED: &str = "未使用セル";

/// What a row of 取込エラー says of a cell not used inside an item table.
pub(crate) fn unused_cell(text: &str) -> String {
    format!(
        "「{text}」は項目表の中にありますが、どの項目にも取り込まれていません（見出しの語を辞書に加えると取り込めます）"
    )
}

/// Separates a header from its value in その他 of 全庁一覧.
pub(crate) const EXTRA_SEPARATOR: &str = "：";
pub(crate) const YES: &str = "はい";

/// The month group of 期限一覧 for items with no date but ongoing work.
pub(crate) const MONTH_ONGOING: &str = "通年";
/// The month group of 期限一覧 for items whose date is not set yet.
pub(crate) const MONTH_UNDECIDED: &str = "未定";

/// Separator between several dates or owners in one cell.
pub(crate) const LIST_SEPARATOR: &str = "、";

/// Achievement distribution on 概要: label and lower bound (inclusive), the
/// last one catches everything above; items without a rate go to `未記入`.
pub(crate) const ACHIEVEMENT_BINS: [(&str, f64); 5] = [
    ("50%未満", f64::NEG_INFINITY),
    ("50〜69%", 0.5),
    ("70〜89%", 0.7),
    ("90〜99%", 0.9),
    ("100%以上", 1.0),
];
pub(crate) const ACHIEVEMENT_NONE: &str = "未記入";

/// Titles and captions.
pub(crate) fn book_title(nendo: &str) -> String {
    format!("{nendo} 重点目標 全庁集約")
}
pub(crate) const CAPTION_TODAY: &str = "集計日";
pub(crate) const CAPTION_GENERATED: &str = "作成日時";
pub(crate) const CAPTION_DEADLINES: &str = "報告期限";
pub(crate) const CAPTION_DUE_DATE: &str = "提出期限";
pub(crate) const CAPTION_DAYS_LEFT: &str = "残り日数";
pub(crate) const CAPTION_NEXT: &str = "次の報告";
pub(crate) const CAPTION_NOT_SET: &str = "未設定";
pub(crate) const CAPTION_DEPARTMENTS: &str = "部局別の状況";
pub(crate) const CAPTION_ACHIEVEMENT: &str = "達成度の分布";
pub(crate) const CAPTION_ACHIEVEMENT_RANGE: &str = "達成度";
pub(crate) const CAPTION_ITEM_COUNT: &str = "取組数";
pub(crate) const CHART_COMPLETION: &str = "部局別 報告提出率";
pub(crate) const CHART_ACHIEVEMENT: &str = "達成度の分布";
pub(crate) const NO_PROBLEMS: &str = "取込エラーはありません";
pub(crate) const NO_MILESTONE: &str = "報告期限が設定されていません";
pub(crate) const NO_MISSING: &str = "未提出の取組はありません";

/// `あと 12 日`, `本日`, `5 日経過`.
pub(crate) fn days_left(days: i64) -> String {
    match days {
        0 => "本日".to_string(),
        d if d > 0 => format!("あと {d} 日"),
        d => format!("{} 日経過", -d),
    }
}

/// The title of the achievement chart, which leaves out the items without
/// a rate: `達成度の分布（未記入 58件）`.
pub(crate) fn achievement_chart_title(unfilled: u64) -> String {
    if unfilled == 0 {
        CHART_ACHIEVEMENT.to_string()
    } else {
        format!("{CHART_ACHIEVEMENT}（{ACHIEVEMENT_NONE} {unfilled}件）")
    }
}

/// The right side of every page header: `集計日 2026/10/23`.
pub(crate) fn page_header_today(today: &str) -> String {
    format!("{CAPTION_TODAY} {today}")
}

/// The heading of 未提出.
pub(crate) fn missing_title(milestone: &str, due: &str, days: i64) -> String {
    format!(
        "{milestone} 未提出一覧（提出期限 {due}、{}）",
        days_left(days)
    )
}

/// A department heading on 未提出.
pub(crate) fn missing_group(department: &str, count: usize) -> String {
    format!("{department}（{count}件）")
}

/// `2026年9月`.
pub(crate) fn month_label(year: i32, month: u32) -> String {
    format!("{year}年{month}月")
}
