//! `mokuhyo check --propose FILE...`: the `[[parse.layouts]]` mapping of
//! every table read (or shaped like a table and not read), as TOML ready to
//! append to the configuration: with it in force, `check` reads each table
//! exactly so. Comments give each reading's confidence and each column's
//! score and runner-up; standard output holds nothing but TOML.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::io::catalog::Parser;
use crate::io::workbook::read::read_workbook;
use mokuhyo_core::consolidate::SourceFile;
use mokuhyo_core::grid::Grid;
use mokuhyo_core::interpret::companions::{JoinKey, Period};
use mokuhyo_core::interpret::{Join, WorkbookOutcome, companion_joins, interpret_workbook};
use mokuhyo_core::model::{Origin, ReportPeriod, Role, SheetReport, TableReading};

/// One table to propose a mapping for.
pub(crate) struct Proposal<'a> {
    pub file: &'a Path,
    pub sheet: &'a str,
    pub reading: &'a TableReading,
    /// Why it was not read as a table of items, when it was not.
    pub unread: Option<&'a str>,
}

/// Prints the proposals for `files` (each read and interpreted once);
/// a file that cannot be read is named on standard error. A workbook named
/// as a copy (`copy_marks`) beside its original is joined to none.
pub(crate) fn run(
    files: &[PathBuf],
    parser: &Parser,
    copy_marks: &[String],
) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    let mut read: Vec<SourceFile> = Vec::new();
    for file in files {
        let workbook = match read_workbook(file, &parser.limits) {
            Ok(workbook) => workbook,
            Err(err) => {
                eprintln!("mokuhyo: {}: {}", err.path().display(), err.reason());
                failed = true;
                continue;
            }
        };
        let outcome =
            interpret_workbook(file, &workbook.sheets, &parser.dictionary, &parser.options);
        let mut proposals = Vec::new();
        match &outcome {
            WorkbookOutcome::Reports(reports) => {
                let mut seen: Vec<(&str, &str)> = Vec::new();
                for report in reports {
                    for reading in &report.reading.tables {
                        // A sheet read into several reports repeats its tables.
                        let key = (report.sheet.as_str(), reading.range.as_str());
                        if seen.contains(&key) {
                            continue;
                        }
                        seen.push(key);
                        proposals.push(Proposal {
                            file,
                            sheet: &report.sheet,
                            reading,
                            unread: None,
                        });
                    }
                }
            }
            WorkbookOutcome::NotAGoalSheet { unread, .. } => {
                proposals.extend(unread.iter().map(|u| Proposal {
                    file,
                    sheet: &u.sheet,
                    reading: &u.reading,
                    unread: Some(&u.reason),
                }));
            }
            WorkbookOutcome::NoFiscalYear { .. } => {}
        }
        if proposals.is_empty() {
            writeln!(out, "# {}: 表が見つかりません\n", file.display())?;
        }
        for proposal in &proposals {
            out.write_all(render(proposal).as_bytes())?;
        }
        if let WorkbookOutcome::Reports(reports) = outcome {
            out.write_all(render_sheets(file, &workbook.sheets, &reports).as_bytes())?;
            read.push(SourceFile {
                path: file.clone(),
                modified: None,
                reports: reports.into(),
                problems: Vec::new(),
                stale: false,
            });
        }
    }
    for join in companion_joins(&read, &parser.dictionary, &parser.options, copy_marks) {
        out.write_all(render_companion(&join).as_bytes())?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One `[[parse.layouts]]` block.
pub(crate) fn render(p: &Proposal<'_>) -> String {
    let r = p.reading;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — シート「{}」の表 {}（見出し {} 行）",
        p.file.display(),
        p.sheet,
        r.range,
        r.header_rows
    );
    match p.unread {
        Some(reason) => {
            let _ = writeln!(
                s,
                "# 取組の表として読めませんでした: {reason}。各列の役割を直してから設定に加えてください。"
            );
        }
        None => {
            let _ = writeln!(
                s,
                "# 読み取りの確信度: {}。この対応表を設定に加えると、同じ見出しの表はこのとおりに読まれます。",
                r.confidence.label()
            );
        }
    }
    let _ = writeln!(
        s,
        "# 役割: item 取組項目 / number 番号 / goal 目標 / goal_number 目標番号 / deadline 期限 / target 数値目標 /"
    );
    let _ = writeln!(
        s,
        "#       interim 中間報告 / year_end 期末報告 / achievement 達成度 / self_assessment 自己評価 /"
    );
    let _ = writeln!(
        s,
        "#       reason 理由 / owner 担当課 / department 部局 / detail 取組内容 / extra その他 /"
    );
    let _ = writeln!(
        s,
        "#       report_period 区分（1件を報告ごとの行に書く表で、各行がどの報告かを書く列）"
    );
    s.push_str("[[parse.layouts]]\n");
    let _ = writeln!(s, "sheet = {}", quoted(p.sheet));
    let _ = writeln!(s, "fingerprint = {}", quoted(&r.fingerprint));
    s.push_str("[parse.layouts.columns]\n");
    for column in &r.columns {
        let key = column_key(r, column);
        let mut comment = format!("{} {:.2}", column.place(), column.score);
        if let Some(next) = column.runner_up {
            let _ = write!(comment, "（次点 {} {:.2}）", next.role.key(), next.score);
        }
        let _ = writeln!(
            s,
            "{} = {}  # {comment}",
            quoted(&key),
            quoted(column.role.key())
        );
    }
    if !r.report_periods.is_empty() {
        let _ = writeln!(
            s,
            "# 区分の列の値ごとに、どの報告の行か（interim 中間報告 / year_end 期末報告）"
        );
        s.push_str("[parse.layouts.report_periods]\n");
        for (value, period) in &r.report_periods {
            let role = match period {
                ReportPeriod::Interim => Role::Interim,
                ReportPeriod::YearEnd => Role::YearEnd,
            };
            let _ = writeln!(s, "{} = {}", quoted(value), quoted(role.key()));
        }
    }
    s.push('\n');
    s
}

/// The blocks naming what a workbook's sheets were read with beyond their
/// tables: a sheet's fiscal year read from its name (sheets of several
/// years),
/// a schedule grid read from the fills of its cells.
pub(crate) fn render_sheets(file: &Path, sheets: &[Grid], reports: &[SheetReport]) -> String {
    let mut s = String::new();
    let name = file_name(file);
    let mut seen: Vec<&str> = Vec::new();
    for report in reports {
        if seen.contains(&report.sheet.as_str()) {
            continue;
        }
        seen.push(&report.sheet);
        // One sheet per fiscal year: each sheet's year, as its name gave it.
        let years_per_sheet = reports.iter().any(|r| r.fiscal_year != report.fiscal_year);
        if years_per_sheet && report.reading.fiscal_year_from == Origin::SheetName {
            let _ = writeln!(
                s,
                "# {} — シート「{}」は {}（シート名から）として読みました。違う年度なら直してください。",
                file.display(),
                report.sheet,
                report.fiscal_year.japanese()
            );
            s.push_str("[[parse.layouts]]\n");
            let _ = writeln!(s, "file = {}", quoted(&name));
            let _ = writeln!(s, "sheet = {}", quoted(&report.sheet));
            let _ = writeln!(s, "fiscal_year = {}\n", report.fiscal_year.0);
        }
        let Some(grid) = sheets.iter().find(|g| g.name == report.sheet) else {
            continue;
        };
        let filled = report.items().any(|(_, i)| {
            i.cells.deadline().is_some_and(|c| {
                grid.get(c.row, c.col).is_empty() && grid.shade_at(c.row, c.col).is_some()
            })
        });
        if filled {
            let _ = writeln!(
                s,
                "# {} — シート「{}」の工程表は、塗りつぶした月を期間として読みました（\"marks\" にすると塗りつぶしを読みません）。",
                file.display(),
                report.sheet
            );
            s.push_str("[[parse.layouts]]\n");
            let _ = writeln!(s, "file = {}", quoted(&name));
            let _ = writeln!(s, "sheet = {}", quoted(&report.sheet));
            s.push_str("schedule = \"fill\"\n\n");
        }
    }
    s
}

/// The block naming a report workbook joined to a plan
/// ([`mokuhyo_core::interpret::companions`]): its plan, its period and its key.
/// A workbook named for a part of the year that is no milestone (第1四半期)
/// gives no report: its period is left out, a comment saying why.
pub(crate) fn render_companion(join: &Join) -> String {
    let mut s = String::new();
    let book = file_name(&join.report);
    let plan = file_name(&join.plan);
    let part = join
        .part
        .as_deref()
        .map(|p| format!("（{p}）"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "# {book} — {plan} の報告{part}のブックとして各取組に結合しました。"
    );
    if join.periods.is_empty() {
        let _ = writeln!(
            s,
            "# 名前の示す時期{part}が中間報告・期末報告のどちらにもあたらないため、報告としては使っていません（行は取組として数えていません）。"
        );
    }
    s.push_str("[[parse.layouts]]\n");
    let _ = writeln!(s, "file = {}", quoted(&book));
    s.push_str("[parse.layouts.companion]\n");
    let _ = writeln!(s, "plan = {}", quoted(&plan));
    match join.periods.as_slice() {
        [] => {
            let _ = writeln!(
                s,
                "# period を書いていないので、報告を持たないブックとして結合します。中間報告または期末報告として使うなら、次の行の # を外して値を選んでください（interim 中間報告 / year_end 期末報告）。"
            );
            s.push_str("# period = \"interim\"\n");
        }
        [period] => {
            let period = match period {
                Period::Interim => "interim",
                Period::YearEnd => "year_end",
            };
            let _ = writeln!(s, "period = {}", quoted(period));
        }
        _ => {}
    }
    let key = match join.key {
        JoinKey::Number => "number",
        JoinKey::Title => "title",
    };
    let _ = writeln!(s, "key = {}\n", quoted(key));
    s
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The key of a column: its header as `check` shows it, or its letter when
/// it has none or another column of the table has the same header.
fn column_key(reading: &TableReading, column: &mokuhyo_core::model::ColumnReading) -> String {
    let same = reading
        .columns
        .iter()
        .filter(|c| c.header == column.header)
        .count();
    if column.header.is_empty() || same > 1 {
        column.column.clone()
    } else {
        column.header.clone()
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mokuhyo_core::model::{ColumnReading, Confidence, ReadingSource, RoleScore};

    fn reading() -> TableReading {
        let column = |letter: &str, header: &str, role: Role| ColumnReading {
            column: letter.into(),
            header: header.into(),
            role,
            score: 1.5,
            runner_up: Some(RoleScore {
                role: Role::Extra,
                score: 0.2,
            }),
            hidden: false,
        };
        TableReading {
            range: "B3:F9".into(),
            header_rows: 1,
            confidence: Confidence::Low,
            fingerprint: "0a1b2c3d".into(),
            source: ReadingSource::Content,
            columns: vec![
                column("B", "No.", Role::Number),
                column("C", "やること \"主\"", Role::Item),
                column("D", "メモ", Role::Extra),
                column("E", "メモ", Role::Extra),
                column("F", "", Role::Deadline),
            ],
            report_periods: Default::default(),
        }
    }

    #[test]
    fn a_proposal_is_toml_that_maps_every_column() {
        let r = reading();
        let text = render(&Proposal {
            file: Path::new("令和8年度_目標.xlsx"),
            sheet: "目標",
            reading: &r,
            unread: None,
        });
        #[derive(serde::Deserialize)]
        struct Parse {
            layouts: Vec<mokuhyo_core::interpret::LayoutMapping>,
        }
        #[derive(serde::Deserialize)]
        struct Config {
            parse: Parse,
        }
        let config: Config = toml::from_str(&text).unwrap();
        let layout = &config.parse.layouts[0];
        assert_eq!(layout.sheet.as_deref(), Some("目標"));
        assert_eq!(layout.fingerprint.as_deref(), Some("0a1b2c3d"));
        // Same headers and no header are named by their letters.
        assert_eq!(layout.columns["D"], Role::Extra);
        assert_eq!(layout.columns["E"], Role::Extra);
        assert_eq!(layout.columns["F"], Role::Deadline);
        assert_eq!(layout.columns["やること \"主\""], Role::Item);
        assert_eq!(layout.columns.len(), r.columns.len());
        assert!(text.contains("確信度: 低"), "{text}");
    }
}
