//! Every Japanese word the consolidated workbook shows: sheet names, column
//! headers, status words and titles, kept in one place; beside each list's
//! headers, how its columns are laid out.

/// How a column of a list is laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnLayout {
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
/// The cell to fill on 未提出, printed (a department works from the
/// printed list): a link showing its sheet and cell, in one line.
const CELL_TO_FILL: ColumnLayout = layout(36.0, false);
/// The file of the cell to fill on 未提出: its name, wrapped.
const FILE_NAME: ColumnLayout = layout(24.0, false);
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
pub const SHEET_YEARS: &str = "年度比較";

/// Columns of 年度比較, in order (see `YearRow::values`).
pub const YEAR_HEADERS: [&str; 7] = [
    "部局",
    "年度",
    "取組数",
    "中間報告\n提出率",
    "期末報告\n提出率",
    "達成度\n(平均)",
    "翌年度へ\n継続",
];

/// Layout of the columns of 年度比較, as [`YEAR_HEADERS`].
pub const YEAR_LAYOUT: [ColumnLayout; 7] = [NAME, WORD, FIGURE, FIGURE, FIGURE, FIGURE, FIGURE];

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
pub const ITEM_LAYOUT: [ColumnLayout; 18] = [
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
pub const DEADLINE_HEADERS: [&str; 12] = [
    "年月",
    "期限日",
    "状態",
    "部局",
    "担当課",
    "目標No",
    "取組No",
    "取組項目",
    "期限",
    "中間報告",
    "期末報告",
    "全庁一覧",
];

/// Layout of the columns of 期限一覧, as [`DEADLINE_HEADERS`].
pub const DEADLINE_LAYOUT: [ColumnLayout; 12] = [
    WORD,   // 年月
    DATE,   // 期限日
    WORD,   // 状態
    NAME,   // 部局
    NAME,   // 担当課
    NUMBER, // 目標No
    NUMBER, // 取組No
    PROSE,  // 取組項目
    TERM,   // 期限
    REPORT, // 中間報告
    REPORT, // 期末報告
    LINK,   // 全庁一覧 (the item's row there)
];

/// Columns of 変更履歴, in order (see `ChangeRow::values`).
pub const CHANGE_HEADERS: [&str; 13] = [
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
pub const CHANGE_LAYOUT: [ColumnLayout; 13] = [
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

/// 変更後 of a file read for the first time: `取組 13件`.
pub(crate) fn items_read(count: &str) -> String {
    format!("取組 {count}件")
}

/// 変更履歴 when nothing changed in the days it covers.
pub fn no_changes(days: u32) -> String {
    format!("直近{days}日間の変更はありません")
}

/// 概要's line on the last days: `直近7日間：報告の記入 3件、期限の変更 1件`.
pub fn recent_changes(days: i64, filled: u64, moved: u64) -> String {
    format!("直近{days}日間：報告の記入 {filled}件、期限の変更 {moved}件")
}

/// Columns of 未提出, in order (see `ConsolidatedBook::missing_values`).
pub const MISSING_HEADERS: [&str; 13] = [
    "報告",
    "提出状況",
    "提出期限",
    "残り日数",
    "部局",
    "担当課",
    "目標No",
    "目標",
    "取組No",
    "取組項目",
    "期限",
    "記入するセル",
    "ファイル",
];

/// Layout of the columns of 未提出, as [`MISSING_HEADERS`].
pub const MISSING_LAYOUT: [ColumnLayout; 13] = [
    WORD,         // 報告
    WORD,         // 提出状況
    DATE,         // 提出期限
    WORD,         // 残り日数
    NAME,         // 部局
    NAME,         // 担当課
    NUMBER,       // 目標No
    WIDE_PROSE,   // 目標
    NUMBER,       // 取組No
    WIDE_PROSE,   // 取組項目
    TERM,         // 期限
    CELL_TO_FILL, // 記入するセル
    FILE_NAME,    // ファイル
];

/// Columns of 取込エラー, in order (see `ProblemRow::values`).
pub const PROBLEM_HEADERS: [&str; 8] = [
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
pub const PROBLEM_LAYOUT: [ColumnLayout; 8] = [
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
pub const OVERVIEW_HEADERS: [&str; 14] = [
    "部局",
    "目標数",
    "取組数",
    "中間報告\n提出",
    "中間報告\n対象",
    "中間報告\n提出率",
    "期末報告\n提出",
    "期末報告\n対象",
    "期末報告\n提出率",
    "提出遅れ",
    "期限超過",
    "報告待ち",
    "エラーの\nあるファイル",
    "最終更新",
];

pub const TOTAL: &str = "合計";

/// The text of a link to a row of 全庁一覧: `12行目`.
pub(crate) fn items_row(row: usize) -> String {
    format!("{row}行目")
}

/// 状態 words.
pub const STATUS_OVERDUE: &str = "期限超過";
pub const STATUS_DUE_SOON: &str = "14日以内";
pub const STATUS_AWAITING_REPORT: &str = "報告待ち";
pub(crate) const STATUS_SCHEDULED: &str = "予定";
pub(crate) const STATUS_REPORTED: &str = "報告済";
pub(crate) const STATUS_ONGOING: &str = "通年";
pub(crate) const STATUS_UNDECIDED: &str = "未定";

/// What a report column shows when the sheet's layout has no such column.
pub const REPORT_NOT_IN_LAYOUT: &str = "（欄なし）";
/// What a report column shows when the layout has the report but the item
/// has no cell to write it in (a multi-year plan without the year's 実績 row).
pub const REPORT_NO_CELL: &str = "（記入欄なし）";

/// 提出状況 of an empty report on 未提出: its due date has passed, or not.
pub const SUBMISSION_LATE: &str = "提出遅れ";
pub const SUBMISSION_MISSING: &str = "未提出";
/// 提出状況 of a filled report.
pub const SUBMISSION_DONE: &str = "提出済";
/// 提出状況 of a report the layout has no column for (shown in a report's
/// cell as [`REPORT_NOT_IN_LAYOUT`]).
pub const NOT_IN_LAYOUT: &str = "欄なし";
/// 提出状況 of a report the layout has no cell for (shown in a report's
/// cell as [`REPORT_NO_CELL`]).
pub const NO_CELL: &str = "記入欄なし";
/// A milestone no item is asked to report on.
pub const NO_REPORTS: &str = "対象なし";

/// Kinds of rows on 取込エラー.
pub const PROBLEM_ERROR: &str = "エラー";
pub(crate) const PROBLEM_SKIPPED: &str = "対象外";
pub(crate) const PROBLEM_WARNING: &str = "警告";
/// A cell inside an item table that nothing was read from.
pub(crate) const PROBLEM_UNUSED: &str = "未使用セル";
/// Items whose report has no cell to be written in.
pub(crate) const PROBLEM_NO_CELL: &str = NO_CELL;
/// A file holding the same items as another: a copy, not counted.
pub const PROBLEM_COPY: &str = "重複";

/// What a row of 取込エラー says of a copy: which file is counted instead,
/// and why that one.
pub(crate) fn copy_of(department: &str, nendo: &str, kept: &str, differs: bool) -> String {
    let why = if differs {
        "内容が異なるため、報告の記入が多いほう（同じなら最後に保存されたほう）"
    } else {
        "内容が同じため、名前がコピーでないほう（同じなら最後に保存されたほう）"
    };
    format!(
        "{nendo}の{department}の取組が、別のファイル {kept} と同じです（コピーとみなしました）。\
         集計とメールには{why}の {kept} を使い、このファイルは数えていません。\
         不要なコピーなら削除するか、共有フォルダの外へ移してください。"
    )
}

/// What a row of 取込エラー says of an earlier version of a workbook kept
/// beside the latest (`…_20260515` beside `…_20261016`, `…_修正前` beside
/// `…`).
pub(crate) fn earlier_version_of(department: &str, nendo: &str, kept: &str) -> String {
    format!(
        "{nendo}の{department}の取組のこのファイルは、名前（日付・版・「修正前」など）から {kept} の\
         以前の版とみなしました。集計とメールには {kept} を使い、このファイルは数えていません。\
         不要なら削除するか、共有フォルダの外へ移してください。"
    )
}

/// What a row of 取込エラー says of a file summing up others (総括表):
/// the files its items are counted from instead.
pub(crate) fn summary_of(department: &str, nendo: &str, sources: &[String]) -> String {
    format!(
        "{nendo}の{department}の取組は、どれも別のファイル（{}）にある取組と同じです\
         （それらをまとめた総括表とみなしました）。集計とメールにはそれぞれのファイルを使い、\
         このファイルは数えていません。各取組の報告は元のファイルに記入してください。",
        sources.join(LIST_SEPARATOR)
    )
}

/// What a row of 取込エラー says of the items of a sheet whose report has
/// no cell to be written in.
pub(crate) fn no_report_cell(milestone: &str, nendo: &str, items: &[&str]) -> String {
    const SHOWN: usize = 10;
    let mut names = items
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(LIST_SEPARATOR);
    if items.len() > SHOWN {
        names.push_str(&format!(" ほか{}件", items.len() - SHOWN));
    }
    format!(
        "{nendo}の{milestone}を記入する欄（行・列）がない取組が{}件あります（{names}）。\
         記入するセルを示せないため督促メールの対象外とし、未提出・提出率にも数えていません。\
         報告を求める場合は、この年度の{milestone}の欄（例: 「R8年度実績」の行）をシートに加えてください。",
        items.len()
    )
}

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
pub const ACHIEVEMENT_NONE: &str = "未記入";

/// Titles and captions.
pub fn book_title(nendo: &str) -> String {
    format!("{nendo} 重点目標 全庁集約")
}
pub const CAPTION_TODAY: &str = "集計日";
pub const CAPTION_GENERATED: &str = "作成日時";
pub const CAPTION_DEADLINES: &str = "報告期限";
pub const CAPTION_DUE_DATE: &str = "提出期限";
pub const CAPTION_DAYS_LEFT: &str = "残り日数";
pub const CAPTION_NEXT: &str = "次の報告";
pub const CAPTION_NOT_SET: &str = "未設定";
pub const CAPTION_DEPARTMENTS: &str = "部局別の状況";
pub const CAPTION_ACHIEVEMENT: &str = "達成度の分布";
pub const CAPTION_ACHIEVEMENT_RANGE: &str = "達成度";
pub const CAPTION_ITEM_COUNT: &str = "取組数";
pub const CHART_COMPLETION: &str = "部局別 報告提出率";
pub(crate) const CHART_ACHIEVEMENT: &str = "達成度の分布";
pub const CAPTION_UNFILLED: &str = "空欄の報告";

/// `提出遅れ 9件`.
pub fn count_of(word: &str, count: u64) -> String {
    format!("{word} {count}件")
}
pub const NO_PROBLEMS: &str = "取込エラーはありません";
pub const NO_MILESTONE: &str = "報告期限が設定されていません";
pub const NO_REPORT_COLUMNS: &str = "中間報告・期末報告を記入する欄のある取組はありません";

/// The 凡例 on 概要: each word the lists use, and what it means there.
pub const CAPTION_LEGEND: &str = "凡例";
pub const LEGEND: [(&str, &str); 12] = [
    (
        STATUS_OVERDUE,
        "取組の期限日を過ぎ、その時期を報告する報告（期限日が中間報告の提出期限以前なら中間報告、以後なら期末報告）の提出期限も過ぎたが、報告が空欄。全庁一覧・期限一覧で赤、概要の「期限超過」は件数（取組数）",
    ),
    (
        STATUS_AWAITING_REPORT,
        "取組の期限日を過ぎたが、その時期を報告する報告の提出期限がまだ来ていない（遅れではない。提出期限を過ぎても空欄なら期限超過）",
    ),
    (
        STATUS_REPORTED,
        "取組の期限日を過ぎ、その時期の報告が記入済み",
    ),
    (STATUS_DUE_SOON, "期限日まで14日以内（黄）"),
    (STATUS_SCHEDULED, "期限日まで15日以上"),
    (STATUS_ONGOING, "期限日のない通年の取組"),
    (
        STATUS_UNDECIDED,
        "期限の時期が未定（未定・調整中など。期限一覧の最後）",
    ),
    (SUBMISSION_DONE, "中間報告・期末報告の報告欄が記入済み"),
    (
        SUBMISSION_LATE,
        "中間報告・期末報告の提出期限を過ぎて、報告欄が空欄（督促メールの対象）。未提出シートに部局ごとの一覧",
    ),
    (
        SUBMISSION_MISSING,
        "報告の提出期限前（当日を含む）で、報告欄が空欄",
    ),
    (
        REPORT_NOT_IN_LAYOUT,
        "様式にその報告の欄がない（提出率の対象外）",
    ),
    (
        REPORT_NO_CELL,
        "様式に報告欄はあるが、この年度の記入欄がない（督促メール・提出率の対象外。取込エラーシートに一覧）",
    ),
];

/// `あと 12 日`, `本日`, `5 日経過`.
pub fn days_left(days: i64) -> String {
    match days {
        0 => "本日".to_string(),
        d if d > 0 => format!("あと {d} 日"),
        d => format!("{} 日経過", -d),
    }
}

/// The title of the achievement chart, which leaves out the items without
/// a rate: `達成度の分布（未記入 58件）`.
pub fn achievement_chart_title(unfilled: u64) -> String {
    if unfilled == 0 {
        CHART_ACHIEVEMENT.to_string()
    } else {
        format!("{CHART_ACHIEVEMENT}（{ACHIEVEMENT_NONE} {unfilled}件）")
    }
}

/// The right side of every page header: `集計日 2026/10/23`.
pub fn page_header_today(today: &str) -> String {
    format!("{CAPTION_TODAY} {today}")
}

/// The title of 未提出.
pub fn missing_title(nendo: &str, today: &str) -> String {
    format!("{nendo} 報告の提出状況（集計日 {today}）")
}

/// The heading of a milestone's section on 未提出:
/// `中間報告 提出遅れ 9件（提出期限 2026/10/15、40 日経過）`.
pub fn missing_section(
    milestone: &str,
    status: &str,
    count: usize,
    due: &str,
    days: i64,
) -> String {
    format!(
        "{milestone} {status} {count}件（提出期限 {due}、{}）",
        days_left(days)
    )
}

/// A section of 未提出 with nothing missing.
pub fn nothing_missing(milestone: &str, late: bool) -> String {
    if late {
        format!("提出期限を過ぎた{milestone}の未提出はありません")
    } else {
        format!("{milestone}はすべて提出済みです")
    }
}

/// A department heading on 未提出.
pub fn missing_group(department: &str, count: usize) -> String {
    format!("{department}（{count}件）")
}

/// `2026年9月`.
pub(crate) fn month_label(year: i32, month: u32) -> String {
    format!("{year}年{month}月")
}
