//! A department's goals wherever the folder keeps them, through the real
//! binary: reports kept in workbooks beside the plan, CSV exports in
//! Shift_JIS or UTF-8, files whose name says another format than their
//! content. Header words are mostly ones the dictionary does not hold.

use std::path::Path;

use crate::common::harness::{Capture, Daemon, problems_of, sheets_of, wait_until};
use crate::common::{mokuhyo, write_config};

/// A workbook of one sheet written from rows of texts (an empty string an
/// empty cell).
fn write_xlsx(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// A plan of 令和8年度 kept by くらし部, three items.
fn write_plan(path: &Path) {
    write_xlsx(
        path,
        "計画",
        &[
            &["令和8年度 くらし部 取組計画"],
            &["番号", "やること", "いつまで", "受け持ち"],
            &["1", "窓口サービスの見直し", "9月末", "市民課"],
            &["2", "文書台帳の電子化", "年度末", "総務課"],
            &["3", "職員研修の充実", "12月", "人事課"],
        ],
    );
}

/// The rows of a sheet of the consolidated workbook, read back with calamine.
fn sheet_rows(workbook: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(workbook).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    crate::common::xlsx_check::assert_well_formed(workbook);
    range
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn a_shift_jis_csv_with_quoted_line_breaks_reaches_the_consolidated_workbook_through_the_daemon() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let csv = "令和8年度 まちづくり部 進行管理\r\n\
               番号,やること,いつまで,受け持ち,前半どうだった\r\n\
               1,\"空き家の実態調査\r\n（市内全域, 3地区から）\",9月末,住宅課,調査を終えた\r\n\
               2,公園トイレの改修,年度末,公園課,\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(csv);
    assert!(!unmappable);
    std::fs::write(share.join("進行管理_まちづくり部.csv"), &bytes).unwrap();
    // A CSV holding no goals is skipped like any other file.
    std::fs::write(share.join("職員名簿.csv"), "氏名,内線\r\n山田,1234\r\n").unwrap();
    // Named for a workbook, it is skipped too, its name warned about.
    std::fs::write(share.join("連絡先.xlsx"), "名前,部署\n山田,総務課\n").unwrap();

    let daemon = Daemon::start(dir.path(), &share, "poll", "rescan_schedule = \"\"");
    daemon.wait_for("まちづくり部 read from the CSV", |j| {
        sheets_of(j, "まちづくり部") > 0
    });
    let json = daemon.json();
    let kinds: Vec<&str> = problems_of(&json, "連絡先.xlsx")
        .iter()
        .filter_map(|p| p["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["skipped", "warning"], "{json}");
    assert!(problems_of(&json, "職員名簿.csv")[0]["kind"] == "skipped");
    let workbook = daemon.out.join("全庁目標一覧_令和8年度.xlsx");
    wait_until("the consolidated workbook", || {
        workbook.exists().then_some(())
    });
    let rows = sheet_rows(&workbook, "全庁一覧");
    let header = &rows[0];
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.contains(name))
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let items: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "まちづくり部").collect();
    assert_eq!(items.len(), 2, "{rows:?}");
    let item = column("取組項目");
    assert_eq!(items[0][item], "空き家の実態調査\n（市内全域, 3地区から）");
    assert_eq!(items[0][column("中間報告")], "調査を終えた");
    assert_eq!(items[1][column("担当課")], "公園課");

    // A report workbook saved beside the plan reaches its items; saved
    // again, the plan (not read again) shows the new report.
    let report = |text: &str| {
        let csv = format!(
            "令和8年度 年度末の実績,,\r\n番号,項目（略）,進捗状況\r\n1,空き家調査,\r\n2,トイレ改修,{text}\r\n"
        );
        let bytes = [&b"\xEF\xBB\xBF"[..], csv.as_bytes()].concat();
        std::fs::write(share.join("進行管理_まちづくり部_年度末.csv"), bytes).unwrap();
    };
    let year_end_of = |j: &serde_json::Value, n: usize| -> String {
        j["sheets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["department"] == "まちづくり部")
            .flat_map(|s| s["goals"].as_array().into_iter().flatten())
            .flat_map(|g| g["items"].as_array().into_iter().flatten())
            .nth(n)
            .map(|i| {
                i["year_end"]["status"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_default()
    };
    report("");
    daemon.wait_for("the year-end report workbook joined", |j| {
        year_end_of(j, 1) == "empty"
    });
    std::thread::sleep(std::time::Duration::from_millis(1100));
    report("改修を終えた");
    daemon.wait_for("the report saved again", |j| year_end_of(j, 1) == "filled");
    assert_eq!(sheets_of(&daemon.json(), "まちづくり部"), 1);
    daemon.terminate();
}

#[test]
fn a_report_workbook_beside_the_plan_is_where_the_mail_asks_the_report_to_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    write_plan(&share.join("R8_くらし部.xlsx"));
    write_xlsx(
        &share.join("R8_くらし部_中間報告.xlsx"),
        "報告",
        &[
            &["番号", "項目（略）", "進み具合"],
            &["1", "窓口見直し", "受付の流れを9月に改めた"],
            &["2", "台帳電子化", ""],
        ],
    );
    let config = write_config(
        dir.path(),
        &share,
        "[[departments]]\nname = \"くらし部\"\nto = [\"kurashi@city.example.jp\"]\n",
    );
    let out = mokuhyo()
        .args(["remind", "--dry-run", "--today", "2026-10-23", "--config"])
        .arg(&config)
        .capture();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    // Item 2's empty report is asked for in its row of the report workbook.
    assert!(
        text.contains("R8_くらし部_中間報告.xlsx の 報告!C3"),
        "{text}"
    );
    // Item 1's report is written; item 3 has no row to write in.
    assert!(!text.contains("報告!C2"), "{text}");
    assert!(!text.contains("職員研修の充実"), "{text}");

    // check on the plan alone reads the report workbook beside it.
    let check = mokuhyo()
        .args(["check", "--json", "--config"])
        .arg(&config)
        .arg(share.join("R8_くらし部.xlsx"))
        .capture();
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let items = &json["files"][0]["sheets"][0]["goals"][0]["items"];
    assert_eq!(items[0]["interim"]["status"], "filled", "{json}");
    assert_eq!(
        items[1]["cells"]["interim"],
        "[R8_くらし部_中間報告.xlsx]報告!C3"
    );
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_file_named_for_another_format_is_read_by_its_content_and_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head>\
        <body><table><tr><td colspan=3>令和8年度 こども部</td></tr>\
        <tr><th>番号</th><th>やること</th><th>いつまで</th></tr>\
        <tr><td>1</td><td>放課後教室の拡充<br>（2校）</td><td>12月</td></tr></table></body></html>";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(html);
    let path = dir.path().join("出力_こども部.xls");
    std::fs::write(&path, &bytes).unwrap();
    let check = mokuhyo().args(["check", "--json"]).arg(&path).capture();
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["status"], "ok", "{json}");
    assert_eq!(
        file["sheets"][0]["goals"][0]["items"][0]["text"],
        "放課後教室の拡充\n（2校）"
    );
    let warned = file["left_out"][0]["text"].as_str().unwrap_or_default();
    assert!(warned.contains(".xls") && warned.contains("HTML"), "{json}");
}

#[test]
fn an_excel_97_file_named_xlsx_and_a_csv_in_no_encoding_are_told_apart() {
    use mokuhyo::io::workbook::{Format, ReadError, ReadLimits, read_workbook};
    let dir = tempfile::tempdir().unwrap();
    let biff = dir.path().join("古い様式.xlsx");
    std::fs::copy(crate::common::fixture("peer/date.xls"), &biff).unwrap();
    let book = read_workbook(&biff, &ReadLimits::default()).unwrap();
    assert_eq!(book.format, Format::Xls);
    assert!(
        book.problems
            .iter()
            .any(|p| p.shown().contains("Excel 97-2003")),
        "{:?}",
        book.problems
    );
    let garbage = dir.path().join("出力.csv");
    std::fs::write(&garbage, b"a,b\r\n1,2\r\n\x81\x20\xff\xfe\r\n").unwrap();
    match read_workbook(&garbage, &ReadLimits::default()) {
        Err(err @ ReadError::Undecodable { line: 3, .. }) => {
            assert!(err.japanese().contains("3 行目"), "{err}")
        }
        other => panic!("{other:?}"),
    }
}

/// Excel's 「Unicode テキスト」 (UTF-16 with its byte order mark, tabs,
/// CRLF) and 「テキスト (タブ区切り)」 (Shift_JIS) exports are read as the
/// table they hold; a note saved as text beside them is no goal sheet and
/// no error.
#[test]
fn tab_separated_text_exports_are_read_and_a_note_in_text_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let table = "令和8年度\tみなと部\t\t\t\r\n\
        \t\t\t\t\r\n\
        No\tやること\tいつまで\t前半のようす\t締めのようす\r\n\
        1\t桟橋の塗り替え\t10月末\t塗装を終えた。\t\r\n\
        2\t案内所の移転\t令和9年2月\t\t\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(table.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("みなと部_取組.txt"), &utf16).unwrap();
    let other = table.replace("みなと部", "おか部");
    let (shift_jis, _, _) = encoding_rs::SHIFT_JIS.encode(&other);
    std::fs::write(dir.path().join("おか部_取組.tsv"), &shift_jis).unwrap();
    std::fs::write(
        dir.path().join("ファイル名のきまり.txt"),
        "ファイル名は「部名_取組.xlsx」としてください。\r\n保存したら係長に連絡すること。\r\n",
    )
    .unwrap();
    let check = mokuhyo()
        .args(["check", "--json"])
        .arg(dir.path())
        .capture();
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f["file"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("{name}: {json}"))
    };
    for (name, department) in [
        ("みなと部_取組.txt", "みなと部"),
        ("おか部_取組.tsv", "おか部"),
    ] {
        let read = file(name);
        assert_eq!(read["status"], "ok", "{name}: {read}");
        let sheet = &read["sheets"][0];
        assert_eq!(sheet["department"], department, "{sheet}");
        let items = &sheet["goals"][0]["items"];
        assert_eq!(items[0]["title"], "桟橋の塗り替え", "{sheet}");
        assert_eq!(items[0]["interim"]["status"], "filled", "{sheet}");
        assert_eq!(items[1]["interim"]["status"], "empty", "{sheet}");
        assert_eq!(items[1]["due"][0], "2027-02-28", "{sheet}");
    }
    let note = file("ファイル名のきまり.txt");
    assert_ne!(note["status"], "ok", "{note}");
    assert_ne!(note["status"], "error", "{note}");
}

/// Reads grids as the workbook `file` with `opts`.
fn read_grids(
    file: &str,
    sheets: &[mokuhyo_core::grid::Grid],
    opts: &mokuhyo_core::interpret::InterpretOptions,
) -> Vec<mokuhyo_core::model::SheetReport> {
    use mokuhyo_core::interpret::{FieldDictionary, WorkbookOutcome, interpret_workbook};
    match interpret_workbook(Path::new(file), sheets, &FieldDictionary::default(), opts) {
        WorkbookOutcome::Reports(r) => r,
        other => panic!("{file}: {other:?}"),
    }
}

#[test]
fn a_sheet_named_for_a_year_is_that_year_s_whatever_its_body_says() {
    use mokuhyo_core::grid::Grid;
    use mokuhyo_core::interpret::{InterpretOptions, LayoutMapping};
    // Each year's sheet a copy of the form, its title not changed.
    let year_sheet = |name: &str, item: &str| {
        Grid::from_texts(
            name,
            &[
                &["令和8年度 みどり部 取組シート"],
                &["やること", "いつまで", "前半どうだった"],
                &[item, "9月末", "済み"],
            ],
        )
    };
    let sheets = [
        year_sheet("R7", "花壇の植え替え"),
        year_sheet("R8", "街路樹の点検"),
        year_sheet("2028", "緑地の再整備"),
    ];
    let reports = read_grids("みどり部_取組.xlsx", &sheets, &InterpretOptions::default());
    let years: Vec<(String, i32, String)> = reports
        .iter()
        .flat_map(|r| {
            r.items()
                .map(move |(_, i)| (r.sheet.clone(), r.fiscal_year.0, i.title().to_string()))
        })
        .collect();
    assert_eq!(
        years,
        [
            ("R7".into(), 2025, "花壇の植え替え".into()),
            ("R8".into(), 2026, "街路樹の点検".into()),
            ("2028".into(), 2028, "緑地の再整備".into()),
        ]
    );
    // The R7 sheet's deadline is that year's September.
    let r7 = reports[0].items().next().unwrap().1;
    assert_eq!(r7.due_dates()[0].to_string(), "2025-09-30");

    // The configuration names a sheet's year where its name does not.
    let opts = InterpretOptions {
        layouts: vec![LayoutMapping {
            sheet: Some("前年度分".into()),
            fiscal_year: Some(2025),
            ..Default::default()
        }],
        ..Default::default()
    };
    let reports = read_grids(
        "みどり部_取組.xlsx",
        &[year_sheet("前年度分", "花壇の植え替え")],
        &opts,
    );
    assert_eq!(reports[0].fiscal_year.0, 2025);
    assert_eq!(
        reports[0].reading.fiscal_year_from,
        mokuhyo_core::model::Origin::Config {
            key: "parse.layouts[0].fiscal_year".into()
        }
    );
}

/// A 工程表 whose bars are shaded cells: `bars` gives each item's shaded
/// month columns (0 = 4月), `background` shades every month of every row.
fn write_fill_schedule(path: &Path, bars: &[(&str, &[u16])], background: bool) {
    use rust_xlsxwriter::{Color, Format, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("工程表").unwrap();
    let bar = Format::new().set_background_color(Color::RGB(0x4F81BD));
    let pale = Format::new().set_background_color(Color::RGB(0xF2F2F2));
    ws.write_string(0, 0, "令和8年度 すまい部 工程表").unwrap();
    ws.write_string(1, 0, "番号").unwrap();
    ws.write_string(1, 1, "やること").unwrap();
    for m in 0..12u16 {
        let month = (m + 3) % 12 + 1;
        ws.write_string(1, 2 + m, format!("{month}月")).unwrap();
    }
    for (i, (title, months)) in bars.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string(row, 0, (i + 1).to_string()).unwrap();
        ws.write_string(row, 1, *title).unwrap();
        for m in 0..12u16 {
            if months.contains(&m) {
                ws.write_blank(row, 2 + m, &bar).unwrap();
            } else if background {
                ws.write_blank(row, 2 + m, &pale).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// The items of a workbook as read: title, deadline text, due dates.
fn deadlines_read(path: &Path) -> Vec<(String, Option<String>, Vec<String>)> {
    use mokuhyo::io::workbook::{ReadLimits, read_workbook};
    use mokuhyo_core::interpret::{FieldDictionary, InterpretOptions, WorkbookOutcome};
    let book = read_workbook(path, &ReadLimits::default()).unwrap();
    let outcome = mokuhyo_core::interpret::interpret_workbook(
        path,
        &book.sheets,
        &FieldDictionary::default(),
        &InterpretOptions::default(),
    );
    let WorkbookOutcome::Reports(reports) = outcome else {
        panic!("{outcome:?}");
    };
    reports
        .iter()
        .flat_map(|r| r.items())
        .map(|(_, i)| {
            (
                i.title().to_string(),
                i.deadline_text().map(str::to_string),
                i.due_dates().iter().map(|d| d.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn a_schedule_drawn_with_fill_alone_gives_its_last_shaded_month_as_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("R8_すまい部_工程表.xlsx");
    write_fill_schedule(
        &path,
        &[
            ("空き家バンクの開設", &[1, 2, 3]),
            ("耐震診断の受付", &[0, 1, 6, 7]),
            ("住宅相談会", &[11]),
        ],
        false,
    );
    let s = |t: &str| t.to_string();
    assert_eq!(
        deadlines_read(&path),
        [
            (
                s("空き家バンクの開設"),
                Some(s("5月～7月")),
                vec![s("2026-07-31")]
            ),
            (
                s("耐震診断の受付"),
                Some(s("4月～5月、10月～11月")),
                vec![s("2026-11-30")]
            ),
            (s("住宅相談会"), Some(s("3月")), vec![s("2027-03-31")]),
        ]
    );
    // A pale fill over the whole grid is its background, not a bar.
    let shaded = dir.path().join("R8_すまい部_工程表2.xlsx");
    write_fill_schedule(
        &shaded,
        &[
            ("空き家バンクの開設", &[1, 2]),
            ("耐震診断の受付", &[]),
            ("住宅相談会", &[]),
        ],
        true,
    );
    let read = deadlines_read(&shaded);
    assert_eq!(read[0].1.as_deref(), Some("5月～6月"));
    assert_eq!(read[1].1, None, "{read:?}");
}

#[test]
fn progress_workbooks_per_quarter_give_the_plan_its_interim_and_year_end_reports() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    write_xlsx(
        &share.join("市民協働部_アクションプラン2026.xlsx"),
        "計画",
        &[
            &["番号", "やること", "いつまで", "受け持ち"],
            &["1", "窓口サービスの見直し", "9月末", "市民課"],
            &["2", "文書台帳の電子化", "年度末", "総務課"],
        ],
    );
    let done = [
        "案内を作った",
        "受付の流れを改めた",
        "予約を試した",
        "手順が定着した",
    ];
    for (q, text) in (1..=4).zip(done) {
        write_xlsx(
            &share.join(format!(
                "市民協働部_アクションプラン2026_進捗_第{q}四半期.xlsx"
            )),
            "進捗",
            &[
                &["No", "アクション（略）", "進捗状況", "次の四半期の予定"],
                &["1", "窓口見直し", text, "次にやること"],
                &["2", "台帳電子化", "", "着手する"],
            ],
        );
    }
    let config = write_config(dir.path(), &share, "");
    let check = mokuhyo()
        .args(["check", "--json", "--config"])
        .arg(&config)
        .capture();
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    let with_items: Vec<&serde_json::Value> = files
        .iter()
        .filter(|f| f["sheets"].as_array().is_some_and(|s| !s.is_empty()))
        .collect();
    // The plan alone holds items; the quarters' rows are its reports.
    assert_eq!(with_items.len(), 1, "{json}");
    let items = &with_items[0]["sheets"][0]["goals"][0]["items"];
    assert_eq!(items.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(items[0]["interim"]["text"], "受付の流れを改めた", "{json}");
    assert_eq!(
        items[0]["cells"]["interim"],
        "[市民協働部_アクションプラン2026_進捗_第2四半期.xlsx]進捗!C2"
    );
    assert_eq!(items[0]["year_end"]["text"], "手順が定着した", "{json}");
    assert_eq!(
        items[1]["cells"]["year_end"],
        "[市民協働部_アクションプラン2026_進捗_第4四半期.xlsx]進捗!C3"
    );
}
