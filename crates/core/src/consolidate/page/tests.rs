//! Tests of the page: built from a fixed folder, its figures are the
//! book's (those its JSON and 概要 show).

use super::*;
use crate::consolidate::model::{ReportingDates, SourceFile, consolidate};
use crate::consolidate::sample::*;
use crate::history::{ChangeKind, Field, HistoryEntry, ItemChange};
use crate::model::{CellRef, Report};
use chrono::NaiveDate;

fn folder() -> Vec<SourceFile> {
    let mut a1 = item("S", 4, "空き家対策");
    a1.deadlines = vec![due(d(2026, 5, 31))];
    a1.interim = Report::Filled("実施中".into());
    a1.achievement = Some(0.7);
    let mut a2 = item("S", 5, "<script>alert('x')</script> & 窓口");
    a2.deadlines = vec![due(d(2026, 11, 20))];
    a2.achievement = Some(1.0);
    let mut b1 = item("T", 3, "道路補修");
    b1.deadlines = vec![due(d(2026, 11, 30))];
    let b2 = item("T", 4, "橋りょう点検");
    vec![
        source(
            "/share/企画部.xlsx",
            vec![report(
                "/share/企画部.xlsx",
                "S",
                2026,
                "企画部",
                vec![goal("1", "住みよいまち", vec![a1, a2])],
            )],
        ),
        source(
            "/share/建設部.xlsx",
            vec![report(
                "/share/建設部.xlsx",
                "T",
                2026,
                "建設部",
                vec![goal("1", "安全な道", vec![b1, b2])],
            )],
        ),
    ]
}

fn reporting(fy: crate::calendar::FiscalYear) -> ReportingDates {
    ReportingDates {
        interim_due: NaiveDate::from_ymd_opt(fy.0, 10, 31),
        year_end_due: NaiveDate::from_ymd_opt(fy.0 + 1, 4, 30),
    }
}

fn filled(department: &str, sheet: &str, row: u32, title: &str) -> HistoryEntry {
    HistoryEntry {
        seen_at: at(2026, 11, 10, 3),
        file: format!("/share/{department}.xlsx").into(),
        file_modified: None,
        modified_by: None,
        what: ItemChange {
            fiscal_year: crate::calendar::FiscalYear(2026),
            department: department.into(),
            sheet: Some(sheet.into()),
            cell: Some(CellRef::new(sheet, row, 4)),
            goal: None,
            item_number: None,
            item: Some(title.into()),
            field: Field::Interim,
            change: ChangeKind::Filled,
            before: None,
            after: Some("済".into()),
            before_dates: Vec::new(),
            after_dates: Vec::new(),
        },
    }
}

/// The page of the folder on 2026-11-12 (the interim report is late).
fn page(entries: &[HistoryEntry]) -> String {
    let files = folder();
    let books = consolidate(&files, d(2026, 11, 12), reporting);
    let history = BookHistory {
        entries,
        days: 30,
        until: None,
    };
    html_page(&PageInput {
        book: &books[0],
        generated_at: at(2026, 11, 12, 1),
        history: &history,
        years: &YearComparison::of(&books),
    })
}

/// The value of `name="…"` in the element starting at `from`.
fn attribute<'p>(page: &'p str, from: usize, name: &str) -> &'p str {
    let tag = &page[from..from + page[from..].find('>').unwrap()];
    let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    &tag[start..start + tag[start..].find('"').unwrap()]
}

#[test]
fn one_card_per_department_with_the_counts_of_the_overview() {
    let files = folder();
    let books = consolidate(&files, d(2026, 11, 12), reporting);
    let book = &books[0];
    let page = page(&[]);
    let cards: Vec<usize> = page
        .match_indices("<div class=\"card\"")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(cards.len(), book.overview.departments.len());
    for (at, dept) in cards.into_iter().zip(&book.overview.departments) {
        let c = &dept.counts;
        assert_eq!(attribute(&page, at, "data-department"), dept.department);
        for (name, count) in [
            ("data-goals", c.goals),
            ("data-items", c.items),
            ("data-interim-submitted", c.interim.submitted),
            ("data-interim-asked", c.interim.asked()),
            ("data-interim-late", c.interim.late),
            ("data-year-end-submitted", c.year_end.submitted),
            ("data-year-end-asked", c.year_end.asked()),
            ("data-year-end-late", c.year_end.late),
            ("data-overdue", c.overdue),
        ] {
            assert_eq!(attribute(&page, at, name), count.to_string(), "{name}");
        }
    }
    // 企画部: 2 items, 1 interim filled of 2, 1 late; 建設部: 2 late.
    let planning = page.find("data-department=\"企画部\" data-goals").unwrap();
    assert_eq!(attribute(&page, planning, "data-interim-late"), "1");
}

#[test]
fn self_contained_japanese_and_readable_without_script() {
    let page = page(&[]);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    for outside in [
        "http:", "https:", "<link", "<img", " src=", "@import", "url(",
    ] {
        assert!(!page.contains(outside), "{outside}");
    }
    // The script only shows the filter: every section and row is there
    // without it.
    assert!(page.contains("<form id=\"filter\" class=\"filter\" hidden"));
    assert_eq!(page.matches("<tr data-status=").count(), 4);
}

#[test]
fn user_text_is_escaped() {
    let page = page(&[]);
    assert!(!page.contains("<script>alert"));
    // As an element's content, quotes are text as they are.
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; 窓口"));
}

/// The cells (`<td…>…`, without `</td>`) of the item row holding `text`.
fn item_cells<'p>(page: &'p str, text: &str) -> Vec<&'p str> {
    let row = page
        .split("<tr data-status=")
        .skip(1)
        .map(|row| &row[..row.find("</tr>").unwrap()])
        .find(|row| row.contains(text))
        .unwrap();
    row.split("</td>")
        .filter_map(|cell| cell.find("<td").map(|i| &cell[i..]))
        .collect()
}

#[test]
fn an_item_row_has_a_cell_per_header_and_a_class_only_for_a_colour() {
    let page = page(&[]);
    let table = &page[page.find("<table class=\"items\">").unwrap()..];
    let headers: Vec<&str> = table[..table.find("</thead>").unwrap()]
        .split("<th scope=\"col\">")
        .skip(1)
        .map(|h| &h[..h.find("</th>").unwrap()])
        .collect();
    assert_eq!(
        headers,
        [
            "担当課",
            "目標No",
            "目標",
            "取組No",
            "取組項目",
            "期限",
            "状態",
            "中間報告",
            "期末報告",
            "達成度",
            "出典"
        ]
    );
    let cells = item_cells(&page, "空き家対策");
    assert_eq!(cells.len(), headers.len(), "{cells:?}");
    assert_eq!(cells[0], "<td>企画課");
    assert_eq!(cells[4], "<td>空き家対策");
    assert_eq!(cells[6], "<td>報告済");
    assert_eq!(cells[7], "<td class=\"green\">実施中");
    assert_eq!(cells[9], "<td>70%");
    assert!(cells[10].starts_with("<td><a href=\"file:////share/企画部.xlsx#&#39;S&#39;!"));
    // The style sheet sets each column's width and alignment by its place:
    // 状態 (the 7th) centred and bold, 達成度 (the 10th) to the right.
    for nth in [2, 3, 4, 5, 6, 7, 8, 9, 10] {
        assert!(
            STYLE.contains(&format!("table.items td:nth-child({nth})")),
            "{nth}"
        );
    }
    assert!(STYLE.contains("table.items td:nth-child(7) { font-weight: bold; }"));
    assert!(STYLE.contains("table.items td:nth-child(10) { text-align: right;"));
}

#[test]
fn each_item_links_its_source_cell() {
    let files = folder();
    let books = consolidate(&files, d(2026, 11, 12), reporting);
    let page = page(&[]);
    for item in &books[0].items {
        let mut shown = String::new();
        markup::escape_text(&mut shown, item.item_text);
        let cells = item_cells(&page, &shown);
        let mut expected = String::new();
        markup::link(&mut expected, &item.source.text(), &item.source.url());
        assert_eq!(cells[10], format!("<td>{expected}"));
    }
}

#[test]
fn every_status_word_is_written_beside_its_colour_and_in_the_legend() {
    let page = page(&[]);
    for (word, _) in labels::LEGEND {
        assert!(page.contains(&format!(">{word}</dt>")), "{word}");
    }
    // 空き家対策 is past its date with its interim report filled: 報告済;
    // the late interim reports are red and say 提出遅れ.
    assert_eq!(item_cells(&page, "空き家対策")[6], "<td>報告済");
    assert!(page.contains("<span class=\"status red\">（提出遅れ）</span>"));
    assert_eq!(item_cells(&page, "窓口")[6], "<td class=\"amber\">14日以内");
    for colour in ["red", "amber", "green"] {
        for (at, _) in page.match_indices(&format!("class=\"status {colour}\">")) {
            let rest = &page[at..];
            let text = &rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()];
            assert!(!text.trim().is_empty(), "a {colour} status without a word");
        }
    }
}

#[test]
fn the_late_list_links_each_cell_to_fill() {
    let page = page(&[]);
    let late = page.find("<table class=\"missing\">").unwrap();
    let end = late + page[late..].find("</table>").unwrap();
    let list = &page[late..end];
    assert!(list.contains("<td class=\"w status red\">提出遅れ</td>"));
    assert!(list.contains("<td class=\"w status\">未提出</td>"));
    // 提出遅れ before 未提出.
    assert!(list.find("提出遅れ</td>") < list.find("未提出</td>"));
    assert!(list.contains("<a href=\"file:////share/企画部.xlsx#&#39;S&#39;!E6\">S!E6</a>"));
}

#[test]
fn each_report_to_fill_links_its_cell() {
    let files = folder();
    let books = consolidate(&files, d(2026, 11, 12), reporting);
    let book = &books[0];
    let page = page(&[]);
    let mut expected = Vec::new();
    for dept in &book.overview.departments {
        for reports in &book.missing {
            for group in reports
                .groups
                .iter()
                .filter(|g| g.department == dept.department)
            {
                for &item in &group.items {
                    let mut cell = String::from("<td>");
                    markup::value(&mut cell, &book.missing_cell(reports, item));
                    expected.push(cell);
                }
            }
        }
    }
    let shown: Vec<&str> = page
        .split("<table class=\"missing\">")
        .skip(1)
        .flat_map(|table| {
            let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
            body.split("</td></tr>")
                .filter_map(|row| row.rfind("<td>").map(|i| &row[i..]))
        })
        .collect();
    // 企画部 3 (E6, F5, F6), 建設部 4: both reports, in two workbooks.
    assert_eq!(shown.len(), 7, "{shown:?}");
    assert_eq!(shown, expected);
}

#[test]
fn cards_count_the_changes_of_their_department() {
    let entries = [
        filled("企画部", "S", 4, "空き家対策"),
        filled("企画部", "S", 5, "窓口"),
        filled("建設部", "T", 3, "道路補修"),
    ];
    let page = page(&entries);
    assert!(page.contains("報告の記入 3件、期限の変更 0件"));
    let planning = page.find("data-department=\"企画部\" data-goals").unwrap();
    let roads = page.find("data-department=\"建設部\" data-goals").unwrap();
    assert!(page[planning..roads].contains("報告の記入 2件"));
    assert!(page[roads..].contains("報告の記入 1件"));
}

#[test]
fn every_department_section_names_the_day_for_print() {
    let page = page(&[]);
    assert_eq!(page.matches("<section class=\"dept\"").count(), 2);
    assert_eq!(
        page.matches("<span class=\"asof\">集計日 2026/11/12</span>")
            .count(),
        2
    );
    assert!(page.contains("@top-right { content: \"集計日 2026/11/12\""));
}

#[test]
fn one_year_has_no_comparison_and_two_years_are_side_by_side() {
    let page = page(&[]);
    assert!(!page.contains("id=\"years\""));
    let mut files = folder();
    files.push(source(
        "/share/企画部_R7.xlsx",
        vec![report(
            "/share/企画部_R7.xlsx",
            "S",
            2025,
            "企画部",
            vec![goal("1", "住みよいまち", vec![item("S", 4, "空き家対策")])],
        )],
    ));
    let books = consolidate(&files, d(2026, 11, 12), reporting);
    let years = YearComparison::of(&books);
    let history = BookHistory::default();
    let page = html_page(&PageInput {
        book: &books[1],
        generated_at: at(2026, 11, 12, 1),
        history: &history,
        years: &years.up_to(books[1].fiscal_year),
    });
    let section = &page[page.find("<section id=\"years\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("令和7年度〜令和8年度"));
    // 企画部 in both years (空き家対策 carried over), 建設部 in 令和8年度.
    assert_eq!(section.matches("<tr><th scope=\"row\">").count(), 3);
    assert!(section.contains(
        "<th scope=\"row\">企画部</th><td class=\"w\">令和7年度</td><td class=\"n\">1</td>"
    ));
    assert!(section.contains("<td class=\"n\">1</td></tr>"));
    assert!(section.contains("<svg class=\"chart\""));
}

/// A writer that writes each part as it comes holds one department's
/// section at a time: the head and summary, each section, then the footer.
#[test]
fn the_page_comes_in_parts_a_department_s_section_each() {
    let files = folder();
    let books = consolidate(&files, d(2026, 11, 12), reporting);
    let history = BookHistory {
        entries: &[],
        days: 30,
        until: None,
    };
    let mut parts: Vec<String> = Vec::new();
    html_page_in_parts(
        &PageInput {
            book: &books[0],
            generated_at: at(2026, 11, 12, 1),
            history: &history,
            years: &YearComparison::of(&books),
        },
        &mut |part| parts.push(part.to_string()),
    );
    assert_eq!(parts.len(), 4, "head, 企画部, 建設部, footer");
    assert!(parts[0].starts_with("<!DOCTYPE html>") && !parts[0].contains("class=\"dept\""));
    for (part, department) in parts[1..3].iter().zip(["企画部", "建設部"]) {
        assert!(part.starts_with("<section class=\"dept\""), "{part}");
        assert!(part.contains(&format!("data-department=\"{department}\"")));
        assert_eq!(part.matches("<section class=\"dept\"").count(), 1);
    }
    assert!(parts[3].starts_with("</main><footer>") && parts[3].ends_with("</html>\n"));
    assert_eq!(parts.concat(), page(&[]));
}
