//! One file from the share cannot crash or freeze the city hall: a small
//! `.ods` whose rows repeat a million times (99 million cells, under the
//! library's own limit of 100 million, some 5 GB as it expands them), a
//! shared-string table that
//! declares 2^31 entries — each read by `check` under a 1 GiB address-space
//! limit (what a memory-limited service has), refused with its reason; and,
//! as root, a file on a share whose read never returns (a FUSE mount): the
//! daemon reports it, other saves reach the outputs while its read is
//! still within its time limit, SIGTERM stops it.

#[cfg(unix)]
use std::io::Write;
use std::path::Path;
#[cfg(unix)]
use std::path::PathBuf;
#[cfg(unix)]
use std::process::Command;

#[cfg(unix)]
use crate::common::fixture;
#[cfg(unix)]
use crate::common::harness::Capture;
use crate::common::harness::text;
#[cfg(unix)]
use crate::common::harness::{
    Daemon, edit_workbook, folder, fy2026, problems_of, sheets_of, wait_until,
};

/// `mokuhyo check --json FILE` with at most 1 GiB of address space (`ulimit`:
/// Unix only; Windows limits a process's memory through a job object, which
/// needs unsafe code or another program).
#[cfg(unix)]
fn check_limited(file: &Path) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" check --json \"$1\"")
        .arg(env!("CARGO_BIN_EXE_mokuhyo"))
        .arg(file)
        .env_remove("MOKUHYO_CONFIG")
        .capture()
}

/// An `.ods` package whose `content.xml` holds `tables`.
#[cfg(unix)]
fn write_ods(path: &Path, tables: &str) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    )
    .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap();
}

/// The error `check --json` reports for its one file.
#[cfg(unix)]
fn file_error(out: &std::process::Output) -> String {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    json["files"][0]["errors"][0]["message"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no error: {json}"))
}

// Unix only: run under a memory limit (see `check_limited`).
#[cfg(unix)]
#[test]
fn an_ods_whose_rows_repeat_a_million_times_is_refused_without_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("令和8年度_目標_総務部.ods");
    write_ods(
        &bomb,
        r#"<table:table table:name="目標"><table:table-row><table:table-cell office:value-type="string"><text:p>令和8年度 総務部</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="99" office:value-type="string"><text:p>重点目標</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 16 * 1024);
    let out = check_limited(&bomb);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let error = file_error(&out);
    assert!(
        error.contains("its sheet 目標 declares 99000099 cells through repeated rows or columns"),
        "{error}"
    );
}

// Unix only: run under a memory limit (see `check_limited`).
#[cfg(unix)]
#[test]
fn a_shared_string_table_declaring_two_billion_entries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lying = dir.path().join("建設部.xlsx");
    edit_workbook(&fixture("peer/any_sheets.xlsx"), &lying, |part, xml| {
        if part == "xl/sharedStrings.xml" {
            let start = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + xml[start..].find('"').unwrap();
            format!("{}2147483648{}", &xml[..start], &xml[end..])
        } else {
            xml
        }
    });
    let out = check_limited(&lying);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let error = file_error(&out);
    assert!(
        error.contains("xl/sharedStrings.xml declares 2147483648 strings"),
        "{error}"
    );
}

/// Fails unless the test runs as root: a root-only case is never skipped
/// silently where it is run (`.ci/run` runs them with `--ignored`).
#[cfg(unix)]
pub(super) fn assert_root(what: &str) {
    let id = Command::new("id").arg("-u").output().unwrap();
    assert_eq!(text(&id.stdout).trim(), "0", "{what} needs root");
}

/// A FUSE mount of `hung_share.py`, unmounted when dropped.
#[cfg(unix)]
struct HungShare {
    server: std::process::Child,
    mount: std::path::PathBuf,
}

#[cfg(unix)]
impl HungShare {
    fn mount(at: &Path) -> HungShare {
        std::fs::create_dir_all(at).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fault_matrix/hung_share.py");
        let server = Command::new("python3").arg(script).arg(at).spawn().unwrap();
        let share = HungShare {
            server,
            mount: at.to_path_buf(),
        };
        wait_until("the hung share mounted", || {
            at.join("hung.xlsx").metadata().is_ok().then_some(())
        });
        share
    }
}

#[cfg(unix)]
impl Drop for HungShare {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
        let _ = Command::new("umount").arg("-l").arg(&self.mount).status();
    }
}

/// Whether the consolidated JSON reports 建設部.xlsx's read as hung.
#[cfg(unix)]
fn reported_hung(json: &serde_json::Value) -> bool {
    problems_of(json, "建設部.xlsx").iter().any(|p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("the read has not ended after"))
    })
}

/// The daemon (polling, rescans every 2 s, reads limited to `limit`
/// seconds) on a folder of 総務部's workbook and 建設部.xlsx, a link to the
/// hung share's workbook; with the share, to unmount when dropped.
#[cfg(unix)]
fn daemon_beside_a_hung_share(limit: u64) -> (tempfile::TempDir, PathBuf, HungShare, Daemon) {
    assert_root("mounting a FUSE file system");
    let (dir, share) = folder(&["総務部"]);
    let hung = HungShare::mount(&dir.path().join("mnt"));
    std::os::unix::fs::symlink(hung.mount.join("hung.xlsx"), share.join("建設部.xlsx")).unwrap();
    let daemon = Daemon::start(
        dir.path(),
        &share,
        "poll",
        &format!("rescan_schedule = \"*/2 * * * * *\"\n[limits]\nread_timeout_secs = {limit}"),
    );
    (dir, share, hung, daemon)
}

/// SIGTERM stops the daemon, whatever read hangs.
#[cfg(unix)]
fn assert_stops(daemon: Daemon) {
    let stopped = daemon.terminate();
    assert!(
        stopped.success() || stopped.code() == Some(143),
        "{stopped:?}"
    );
}

// Unix only: a FUSE mount (Windows has none without a driver).
#[cfg(unix)]
#[test]
#[ignore = "root only: mounts a FUSE file system (python3-fusepy); run by .ci/run"]
fn a_read_that_never_returns_is_reported_while_other_saves_reach_the_output() {
    let (_dir, share, _hung, daemon) = daemon_beside_a_hung_share(2);
    daemon.wait_for("the hung file reported", reported_hung);
    assert!(sheets_of(&daemon.json(), "総務部") > 0);
    // Another department saves: the consolidated outputs follow.
    std::fs::copy(fy2026("企画部"), share.join("企画部.xlsx")).unwrap();
    daemon.wait_for("the other save", |j| sheets_of(j, "企画部") > 0);
    let log = daemon.log();
    assert!(
        log.lines().any(|l| l.contains("WARN")
            && l.contains("建設部.xlsx")
            && l.contains("has not ended")),
        "{log}"
    );
    assert_stops(daemon);
}

// Unix only: a FUSE mount (Windows has none without a driver).
#[cfg(unix)]
#[test]
#[ignore = "root only: mounts a FUSE file system (python3-fusepy); run by .ci/run"]
fn a_hung_read_delays_only_its_own_file() {
    // A time limit far beyond what the rest takes: the others must not
    // wait for it.
    let (_dir, share, _hung, daemon) = daemon_beside_a_hung_share(30);
    daemon.wait_for("the folder's other workbook", |j| {
        sheets_of(j, "総務部") > 0
    });
    let json = daemon.json();
    assert!(!reported_hung(&json), "{}", json["problems"]);
    // Another department saves while the read is still under way.
    std::fs::copy(fy2026("企画部"), share.join("企画部.xlsx")).unwrap();
    daemon.wait_for("the other save", |j| sheets_of(j, "企画部") > 0);
    let json = daemon.json();
    assert!(!reported_hung(&json), "{}", json["problems"]);
    // Once its time limit is past, the hung read is reported.
    daemon.wait_for("the hung file reported", reported_hung);
    assert_stops(daemon);
}

#[test]
fn a_roster_of_twenty_thousand_rows_is_read_whole_and_checked() {
    // Once quadratic: 55 s for 20,000 rows in a release build (the figures
    // are the benchmark's business; here the harness's two-minute guard
    // would stop it).
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("名簿.csv");
    let mut csv = String::from("\u{feff}名称,別名,宛先,CC,有効開始日,有効終了日,上位部局\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "第{i}課,旧第{i}課,ka{i}@city.example.jp,,2026/4/1,,\n"
        ));
    }
    // The last row claims an alias of the first, in the same period.
    csv.push_str("新設課,旧第0課,shinsetsu@city.example.jp,,2026/4/1,,\n");
    std::fs::write(&roster, csv).unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let config = crate::common::write_config(
        dir.path(),
        &share,
        &format!("[roster]\npath = {:?}\n", roster.display().to_string()),
    );
    let out = crate::common::harness::run(&config, &["roster", "check", "--on", "2026-10-23"]);
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        shown.contains(
            "problem: 名簿.csv!B20002: \"旧第0課\" is claimed by both 第0課 (row at 名簿.csv!A2) and 新設課"
        ),
        "{}",
        &shown[..shown.len().min(2000)]
    );
}

/// 総務部's workbook in `share` whose one item has two columns the
/// dictionary does not know, each within a cell's limit, together beyond
/// it in その他 (39,011 characters with their headings); the two texts.
fn write_long_other(share: &Path) -> (String, String) {
    let long = "予算の内訳。".repeat(3_500);
    let memo = "備考の記載。".repeat(3_000);
    assert_eq!(long.chars().count() + memo.chars().count(), 39_000);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("目標").unwrap();
    let rows: [&[&str]; 4] = [
        &["令和8年度 重点目標管理シート"],
        &["重点目標", "窓口サービスの向上", "", "部局名", "総務部"],
        &[
            "No",
            "取組項目",
            "期間・期限",
            "関連予算",
            "中間報告",
            "期末報告",
            "予算メモ",
        ],
        &["1", "○窓口の電子化", "9月末まで", &long, "着手", "", &memo],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    wb.save(share.join("総務部.xlsx")).unwrap();
    (long, memo)
}

/// The consolidated outputs in `out` hold その他 cut visibly at a cell's
/// limit, warned about on 取込エラー, and whole in the JSON.
fn assert_cut_and_warned(out: &Path, long: &str, memo: &str) {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let book = out.join("全庁目標一覧_令和8年度.xlsx");
    let mut xlsx: Xlsx<_> = open_workbook(&book).unwrap();
    let items = xlsx.worksheet_range("全庁一覧").unwrap();
    let other = crate::common::column_of(&items, "その他");
    let cell = match items.get((1, other)) {
        Some(Data::String(s)) => s.clone(),
        found => panic!("{found:?}"),
    };
    assert_eq!(cell.chars().count(), 32_767);
    assert!(
        cell.starts_with("関連予算：予算の内訳。"),
        "{}",
        &cell[..60]
    );
    assert!(cell.ends_with("文字省略〕"), "{}", &cell[cell.len() - 60..]);
    let errors = xlsx.worksheet_range("取込エラー").unwrap();
    let warned = errors.rows().any(|row| {
        row.iter().any(
            |c| matches!(c, Data::String(s) if s.contains("その他") && s.contains("39011文字")),
        )
    });
    assert!(warned, "{errors:?}");
    // The JSON keeps the whole text.
    let json = std::fs::read_to_string(out.join("全庁目標一覧_令和8年度.json")).unwrap();
    assert!(json.contains(long) && json.contains(memo));
}

#[test]
fn text_longer_than_a_cell_is_marked_as_cut_and_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let (long, memo) = write_long_other(&share);
    let config = crate::common::write_config(dir.path(), &share, "");
    let out = crate::common::harness::run(&config, &["consolidate", "--today", "2026-10-23"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_cut_and_warned(&dir.path().join("out"), &long, &memo);
}

#[test]
fn text_longer_than_a_cell_is_marked_as_cut_and_warned_about_by_the_daemon() {
    use crate::common::harness::{Daemon, wait_until};
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let (long, memo) = write_long_other(&share);
    // Started, then started again on what its state file kept, its
    // outputs gone.
    for start in ["first", "again"] {
        let daemon = Daemon::start(dir.path(), &share, "poll", "");
        wait_until(&format!("the outputs written ({start})"), || {
            (daemon.out.join("全庁目標一覧_令和8年度.xlsx").exists()
                && daemon.out.join("全庁目標一覧_令和8年度.json").exists())
            .then_some(())
        });
        assert_cut_and_warned(&daemon.out, &long, &memo);
        assert!(daemon.terminate().success());
        std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    }
}

/// An item's text longer than a cell holds (a workbook written by another
/// program than Excel, as openpyxl writes one: Excel's limit is Excel's):
/// cut with the mark in 取組項目, warned about on 取込エラー with its cell.
#[test]
fn an_item_text_longer_than_a_cell_is_marked_as_cut_and_warned_about() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let long = format!(
        "人材育成基本方針の改定{}",
        "（研修体系の見直し）".repeat(4_000)
    );
    crate::common::harness::edit_workbook(
        &crate::common::harness::fy2026("総務部"),
        &share.join("総務部.xlsx"),
        |_, xml| xml.replace("人材育成基本方針の改定", &long),
    );
    let config = crate::common::write_config(dir.path(), &share, "");
    let out = crate::common::harness::run(&config, &["consolidate", "--today", "2026-10-23"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut xlsx: Xlsx<_> =
        open_workbook(dir.path().join("out/全庁目標一覧_令和8年度.xlsx")).unwrap();
    let items = xlsx.worksheet_range("全庁一覧").unwrap();
    let column = crate::common::column_of(&items, "取組項目");
    let cut = items
        .rows()
        .find_map(|row| match &row[column] {
            Data::String(s) if s.contains("人材育成基本方針の改定") => Some(s.clone()),
            _ => None,
        })
        .expect("the item listed");
    assert_eq!(cut.chars().count(), 32_767);
    assert!(cut.ends_with("文字省略〕"), "{}", &cut[cut.len() - 60..]);
    let errors = xlsx.worksheet_range("取込エラー").unwrap();
    let warned = errors.rows().any(|row| {
        row.iter().any(|c| {
            matches!(c, Data::String(s) if s.contains("!B12 の取組項目は40") && s.contains("文字省略"))
        })
    });
    assert!(warned, "{errors:?}");
}
