//! The paths people read are the ones they can open: on Windows the folder
//! as configured (`C:\…`, `\\fileserver\…`), never the `\\?\C:\…` or
//! `\\?\UNC\…` form the system returns for a resolved path — in the mails,
//! the consolidated workbook's links and cells, its JSON and the log. (On
//! Unix no such prefix exists; the test holds there trivially.)

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::harness::{run, sample_folder, text};
use crate::common::write_config;
use calamine::{Reader, Xlsx, open_workbook};

/// The prefix of Windows' extended-length paths.
const PREFIX: &str = r"\\?\";

/// Every part of the package at `path` whose name ends in `suffix`, as text.
fn parts(path: &Path, suffix: &str) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names
        .into_iter()
        .filter(|n| n.ends_with(suffix))
        .map(|n| {
            let mut text = String::new();
            zip.by_name(&n).unwrap().read_to_string(&mut text).unwrap();
            (n, text)
        })
        .collect()
}

/// Every string of a JSON value.
fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn no_extended_length_prefix_in_mails_links_cells_json_or_log() {
    let (dir, share) = sample_folder();
    let config = write_config(
        dir.path(),
        &share,
        "planning = [\"kikakuka@city.example.jp\"]\n",
    );
    let out = run(&config, &["remind", "--today", "2026-11-24"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = text(&out.stderr);
    assert!(!log.contains(PREFIX), "{log}");
    // The folder as configured, as the staff's links, cells and mails show it.
    let shown_folder = share.display().to_string();
    let shown_file = share
        .join("令和8年度重点目標管理シート_建設部.xlsx")
        .display()
        .to_string();

    // Mails: text and HTML parts.
    let mails: Vec<PathBuf> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert!(!mails.is_empty());
    let mut named = 0;
    for path in &mails {
        let bytes = std::fs::read(path).unwrap();
        let mail = mail_parser::MessageParser::default()
            .parse(&bytes[..])
            .unwrap();
        let body = mail.body_text(0).unwrap_or_default();
        let html = mail.body_html(0).unwrap_or_default().replace("&#x2f;", "/");
        assert!(!body.contains(PREFIX), "{}: {body}", path.display());
        assert!(!html.contains(PREFIX), "{}: {html}", path.display());
        if body.contains(&shown_file) {
            named += 1;
        }
    }
    assert!(named > 0, "no mail names {shown_file}");

    // The consolidated workbook: hyperlink targets and cell texts.
    let workbook = dir.path().join("out/全庁目標一覧_令和8年度.xlsx");
    let rels = parts(&workbook, ".rels");
    assert!(
        rels.iter()
            .any(|(_, t)| t.contains("TargetMode=\"External\"")),
        "no links to the sources"
    );
    for (name, text) in rels {
        assert!(!text.contains(PREFIX), "{name}: {text}");
    }
    let mut book: Xlsx<_> = open_workbook(&workbook).unwrap();
    let mut cells_naming_the_folder = 0;
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).unwrap();
        for cell in range.cells() {
            let text = cell.2.to_string();
            assert!(!text.contains(PREFIX), "{sheet}: {text}");
            cells_naming_the_folder += usize::from(text.starts_with(&shown_folder));
        }
    }
    // 取込エラー names the files with warnings.
    assert!(cells_naming_the_folder > 0, "no cell names {shown_folder}");

    // The JSON beside it.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/全庁目標一覧_令和8年度.json")).unwrap(),
    )
    .unwrap();
    let mut all = Vec::new();
    strings(&json, &mut all);
    assert!(
        all.contains(&shown_file),
        "the JSON does not name {shown_file}"
    );
    let prefixed: Vec<&String> = all.iter().filter(|s| s.contains(PREFIX)).collect();
    assert!(prefixed.is_empty(), "{prefixed:?}");
}
