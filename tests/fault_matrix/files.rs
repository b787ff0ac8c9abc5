//! One file from the share cannot crash or freeze the city hall: a small
//! `.ods` whose rows repeat a million times (99 million cells, under the
//! library's own limit of 100 million, some 5 GB as it expands them), a
//! shared-string table that
//! declares 2^31 entries — each read by `check` under a 1 GiB address-space
//! limit (what a memory-limited service has), refused with its reason.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::common::fixture;
use crate::common::harness::{edit_workbook, text};

/// `mokuhyo check --json FILE` with at most 1 GiB of address space.
fn check_limited(file: &Path) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" check --json \"$1\"")
        .arg(env!("CARGO_BIN_EXE_mokuhyo"))
        .arg(file)
        .env_remove("MOKUHYO_CONFIG")
        .output()
        .unwrap()
}

/// An `.ods` package whose `content.xml` holds `tables`.
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
fn file_error(out: &std::process::Output) -> String {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    json["files"][0]["errors"][0]["message"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no error: {json}"))
}

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
