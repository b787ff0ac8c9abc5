//! Who last saved a workbook and when, as the workbook itself says:
//! `lastModifiedBy` and `dcterms:modified` in `docProps/core.xml` (xlsx,
//! xlsm) or `dc:creator` and `dc:date` in `meta.xml` (ods, whose
//! `initial-creator` is the author), read from the package the sheets are
//! read from. Only that one small part is unpacked.

use std::io::Read;

use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;

use super::xlsx_parts::Archive;

/// A properties part larger than this is not read.
const MAX_PART_BYTES: u64 = 1 << 20;

/// Who last saved a workbook and on which day in Japan, as far as its
/// properties say.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Saved {
    pub by: Option<String>,
    pub on: Option<chrono::NaiveDate>,
}

/// Who last saved the workbook of this package and when, where it says.
/// Nothing for a package with no such part, an empty name or a date that
/// is none; never an error.
pub(crate) fn saved(archive: &mut Archive<'_>) -> Saved {
    let (part, by, on) = if archive.index_for_name("docProps/core.xml").is_some() {
        ("docProps/core.xml", "lastModifiedBy", "modified")
    } else {
        ("meta.xml", "creator", "date")
    };
    let Some(xml) = part_bytes(archive, part) else {
        return Saved::default();
    };
    Saved {
        by: element_text(&xml, by),
        on: element_text(&xml, on).and_then(|t| day_in_japan(&t)),
    }
}

/// A part's bytes, when it is there and small.
fn part_bytes(archive: &mut Archive<'_>, part: &str) -> Option<Vec<u8>> {
    let mut entry = archive.by_name(part).ok()?;
    if entry.size() > MAX_PART_BYTES {
        return None;
    }
    let mut xml = Vec::new();
    entry
        .by_ref()
        .take(MAX_PART_BYTES)
        .read_to_end(&mut xml)
        .ok()?;
    Some(xml)
}

/// The day in Japan of a W3C date and time (`2026-05-10T03:00:00Z`, with
/// an offset, or local as ods writes it: `2026-05-10T12:00:00.5`).
fn day_in_japan(text: &str) -> Option<chrono::NaiveDate> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(mokuhyo_core::calendar::japan_date(at.to_utc()));
    }
    chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// The trimmed text of the first element with this local name.
fn element_text(xml: &[u8], local: &str) -> Option<String> {
    let mut reader = XmlReader::from_reader(xml);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == local => inside = true,
            Ok(Event::Text(t)) if inside => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text.push_str(match &*r.xml10_content() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Ok(Event::End(e)) if inside && e.local_name().as_ref() == local => break,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(
        r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:creator>作成者</dc:creator><cp:lastModifiedBy>企画課 山田</cp:lastModifiedBy></cp:coreProperties>"#,
        "lastModifiedBy",
        Some("企画課 山田")
    )]
    #[case(
        r#"<cp:coreProperties xmlns:cp="c"><cp:lastModifiedBy>A &amp; B</cp:lastModifiedBy></cp:coreProperties>"#,
        "lastModifiedBy",
        Some("A & B")
    )]
    #[case(
        r#"<cp:coreProperties xmlns:cp="c"><cp:lastModifiedBy>  </cp:lastModifiedBy></cp:coreProperties>"#,
        "lastModifiedBy",
        None
    )]
    #[case(
        r#"<cp:coreProperties xmlns:cp="c"><cp:lastModifiedBy/></cp:coreProperties>"#,
        "lastModifiedBy",
        None
    )]
    #[case(r#"<office:meta><meta:initial-creator>最初</meta:initial-creator><dc:creator>最後</dc:creator></office:meta>"#, "creator", Some("最後"))]
    #[case("<not xml", "lastModifiedBy", None)]
    fn reads_the_named_element(
        #[case] xml: &str,
        #[case] element: &str,
        #[case] expected: Option<&str>,
    ) {
        assert_eq!(element_text(xml.as_bytes(), element).as_deref(), expected);
    }

    #[test]
    fn a_workbook_written_by_rust_xlsxwriter_names_its_author() {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.set_properties(&rust_xlsxwriter::DocProperties::new().set_author("総務課 佐藤"));
        book.add_worksheet().write(0, 0, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
        // rust_xlsxwriter writes the author as both creator and last modifier.
        assert_eq!(saved(&mut archive).by.as_deref(), Some("総務課 佐藤"));
    }

    #[rstest]
    // 2026-03-31 20:00 UTC is 1 April in Japan: the next fiscal year.
    #[case("2026-03-31T20:00:00Z", Some("2026-04-01"))]
    #[case("2026-05-10T03:00:00+09:00", Some("2026-05-10"))]
    #[case("2026-05-10T12:00:00.123456789", Some("2026-05-10"))]
    #[case("yesterday", None)]
    fn the_day_saved_is_the_day_in_japan(#[case] text: &str, #[case] day: Option<&str>) {
        assert_eq!(day_in_japan(text).map(|d| d.to_string()).as_deref(), day);
    }
}
