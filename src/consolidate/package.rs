//! Puts the long lists' rows ([`ListRows`]) into the package rust_xlsxwriter
//! wrote around them: each list's sheet gets its rows, merged cells and
//! hyperlinks, and a relationships part for its links to files, compressed
//! on a thread of its own; every other part is copied as rust_xlsxwriter
//! compressed it.

use std::borrow::Cow;
use std::io::{Cursor, Read, Seek, Write};

use zip::ZipArchive;
use zip::result::ZipError;
use zip::write::{PreparedZipFile, SimpleFileOptions, ZipFileBuilder};
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::list_xml::ListRows;

/// Why the package could not be put together.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("{0}")]
    Zip(#[from] ZipError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the sheet {part} is not laid out as expected: {what}")]
    Layout { part: String, what: &'static str },
}

/// A list and the sheet it goes into: `sheet` is the sheet's number in
/// the package (`xl/worksheets/sheet3.xml` for 3), `last_col` its last
/// column (0-based).
#[derive(Debug, Clone, Copy)]
pub(super) struct ListSheet<'r> {
    pub sheet: usize,
    pub last_col: u16,
    pub rows: &'r ListRows,
}

fn sheet_part(sheet: usize) -> String {
    format!("xl/worksheets/sheet{sheet}.xml")
}

fn rels_part(sheet: usize) -> String {
    format!("xl/worksheets/_rels/sheet{sheet}.xml.rels")
}

/// Writes the package `base` (as rust_xlsxwriter saved it) to `out` with
/// the lists spliced in, deflated at `level`.
pub(super) fn assemble<W: Write + Seek>(
    base: &[u8],
    lists: &[ListSheet<'_>],
    level: i64,
    out: W,
) -> Result<W, PackageError> {
    let mut archive = ZipArchive::new(Cursor::new(base))?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default());

    let mut sheets = Vec::with_capacity(lists.len());
    for list in lists {
        let part = sheet_part(list.sheet);
        let mut xml = String::new();
        archive.by_name(&part)?.read_to_string(&mut xml)?;
        if !list.rows.relationships_xml.is_empty()
            && archive.index_for_name(&rels_part(list.sheet)).is_some()
        {
            return Err(PackageError::Layout {
                part,
                what: "it already has relationships",
            });
        }
        sheets.push(xml);
    }

    // Each list's parts are compressed on a thread of their own.
    let prepared: Vec<Result<Vec<PreparedZipFile>, PackageError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = lists
            .iter()
            .zip(&sheets)
            .map(|(list, xml)| scope.spawn(move || prepare(list, xml, options)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(PackageError::Io(std::io::Error::other(
                        "a list could not be compressed",
                    )))
                })
            })
            .collect()
    });
    let mut prepared = prepared.into_iter().collect::<Result<Vec<_>, _>>()?;

    let mut zip = ZipWriter::new(out);
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index)?;
        let name = file.name()?.into_owned();
        let list = lists.iter().position(|l| sheet_part(l.sheet) == name);
        match list.and_then(|i| prepared.get_mut(i)) {
            Some(parts) => {
                drop(file);
                for part in parts.drain(..) {
                    zip.add_prepared_file(part)?;
                }
            }
            None => zip.raw_copy_file(file)?,
        }
    }
    Ok(zip.finish()?)
}

/// The sheet's part (and its relationships' part) compressed.
fn prepare(
    list: &ListSheet<'_>,
    xml: &str,
    options: SimpleFileOptions,
) -> Result<Vec<PreparedZipFile>, PackageError> {
    let part = sheet_part(list.sheet);
    let pieces = splice(&part, xml, list)?;
    let mut builder = ZipFileBuilder::new(&part, options)?;
    for piece in &pieces {
        builder.write_all(piece)?;
    }
    let mut parts = vec![builder.finish()?];
    if !list.rows.relationships_xml.is_empty() {
        let mut builder = ZipFileBuilder::new(rels_part(list.sheet), options)?;
        builder.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        )?;
        builder.write_all(&list.rows.relationships_xml)?;
        builder.write_all(b"</Relationships>")?;
        parts.push(builder.finish()?);
    }
    Ok(parts)
}

/// The worksheet's elements after `sheetData`, in the order the schema
/// gives them.
const AFTER_SHEET_DATA: [&str; 33] = [
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

/// Where `<name …>` starts in `xml` at or after `from`.
fn find_element(xml: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = xml.as_bytes();
    let mut at = from;
    while let Some(found) = xml.get(at..)?.find('<') {
        let start = at + found;
        let rest = &bytes[start + 1..];
        if rest.starts_with(name.as_bytes())
            && matches!(rest.get(name.len()), Some(b' ' | b'>' | b'/'))
        {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Where an element `name` goes after `sheetData`: before the first
/// element that comes after it in the schema, or before `</worksheet>`.
fn insertion_point(xml: &str, tail: usize, name: &str) -> Option<usize> {
    let later = AFTER_SHEET_DATA.iter().skip_while(|n| **n != name).skip(1);
    later
        .filter_map(|n| find_element(xml, tail, n))
        .min()
        .or_else(|| xml[tail..].find("</worksheet>").map(|p| tail + p))
}

/// A range of the sheet's XML (start, end) and what replaces it.
type Edit<'a> = (usize, usize, Vec<Cow<'a, [u8]>>);

/// The sheet's XML in pieces, with the list's rows, merged cells and
/// hyperlinks in their places and the dimension widened to them.
fn splice<'a>(
    part: &str,
    xml: &'a str,
    list: &ListSheet<'a>,
) -> Result<Vec<Cow<'a, [u8]>>, PackageError> {
    let layout = |what| PackageError::Layout {
        part: part.to_string(),
        what,
    };
    let rows = list.rows;
    let mut edits: Vec<Edit<'a>> = Vec::new();

    if let Some(last_row) = rows.last_row {
        let start = xml
            .find("<dimension ref=\"")
            .map(|p| p + "<dimension ref=\"".len())
            .ok_or_else(|| layout("no dimension"))?;
        let end = xml[start..]
            .find('"')
            .map(|p| start + p)
            .ok_or_else(|| layout("no dimension"))?;
        let dimension = format!(
            "A1:{}{}",
            crate::model::column_name(u32::from(list.last_col)),
            last_row + 1
        );
        edits.push((start, end, vec![Cow::Owned(dimension.into_bytes())]));
    }

    let data_end = xml
        .find("</sheetData>")
        .ok_or_else(|| layout("no sheetData"))?;
    edits.push((data_end, data_end, vec![Cow::Borrowed(&rows.rows_xml)]));
    let tail = data_end;

    if rows.merges > 0 {
        match find_element(xml, tail, "mergeCells") {
            Some(open) => {
                let count_at = xml[open..]
                    .find("count=\"")
                    .map(|p| open + p + "count=\"".len())
                    .ok_or_else(|| layout("mergeCells without a count"))?;
                let count_end = xml[count_at..]
                    .find('"')
                    .map(|p| count_at + p)
                    .ok_or_else(|| layout("mergeCells without a count"))?;
                let count: usize = xml[count_at..count_end]
                    .parse()
                    .map_err(|_| layout("mergeCells without a count"))?;
                edits.push((
                    count_at,
                    count_end,
                    vec![Cow::Owned((count + rows.merges).to_string().into_bytes())],
                ));
                let close = xml[open..]
                    .find("</mergeCells>")
                    .map(|p| open + p)
                    .ok_or_else(|| layout("mergeCells not closed"))?;
                edits.push((close, close, vec![Cow::Borrowed(&rows.merges_xml)]));
            }
            None => {
                let at = insertion_point(xml, tail, "mergeCells")
                    .ok_or_else(|| layout("no end of worksheet"))?;
                edits.push((
                    at,
                    at,
                    vec![
                        Cow::Owned(format!("<mergeCells count=\"{}\">", rows.merges).into_bytes()),
                        Cow::Borrowed(&rows.merges_xml),
                        Cow::Borrowed(b"</mergeCells>"),
                    ],
                ));
            }
        }
    }

    if !rows.hyperlinks_xml.is_empty() {
        if find_element(xml, tail, "hyperlinks").is_some() {
            return Err(layout("it already has hyperlinks"));
        }
        let at = insertion_point(xml, tail, "hyperlinks")
            .ok_or_else(|| layout("no end of worksheet"))?;
        edits.push((
            at,
            at,
            vec![
                Cow::Borrowed(b"<hyperlinks>"),
                Cow::Borrowed(&rows.hyperlinks_xml),
                Cow::Borrowed(b"</hyperlinks>"),
            ],
        ));
    }

    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut pieces = Vec::with_capacity(edits.len() * 3 + 1);
    let mut at = 0;
    for (start, end, replacement) in edits {
        if start < at {
            return Err(layout("overlapping elements"));
        }
        pieces.push(Cow::Borrowed(&xml.as_bytes()[at..start]));
        pieces.extend(replacement);
        at = end;
    }
    pieces.push(Cow::Borrowed(&xml.as_bytes()[at..]));
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::labels;
    use crate::consolidate::list_xml::sample_styles;
    use crate::consolidate::model::Value;

    fn rows() -> ListRows {
        let layouts = [labels::ITEM_LAYOUT[0]; 3];
        ListRows::new(&sample_styles(), &["部局", "取組項目", "出典"], &layouts)
    }

    fn spliced(xml: &str, rows: &ListRows) -> Result<String, PackageError> {
        let list = ListSheet {
            sheet: 2,
            last_col: 2,
            rows,
        };
        let pieces = splice("sheet2.xml", xml, &list)?;
        Ok(String::from_utf8(pieces.concat()).unwrap())
    }

    const SHEET: &str = concat!(
        r#"<worksheet><dimension ref="A1:C2"/><sheetData><row r="1"/><row r="2"/></sheetData>"#,
        r#"<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>"#,
        r#"<conditionalFormatting sqref="A3:C9"/><pageMargins left="0.4"/></worksheet>"#
    );

    #[test]
    fn rows_merges_and_links_go_where_the_schema_puts_them() {
        let mut rows = rows();
        rows.heading(2, "総務部（1件）", 2);
        rows.row(
            3,
            &[
                Value::Text("総務部".into()),
                Value::Text("取組".into()),
                Value::Link {
                    text: "a.xlsx!B9".into(),
                    url: "file:///a.xlsx#'シート'!B9".into(),
                },
            ],
        );
        let xml = spliced(SHEET, &rows).unwrap();
        assert!(xml.starts_with(r#"<worksheet><dimension ref="A1:C4"/><sheetData><row r="1"/><row r="2"/><row r="3">"#), "{xml}");
        assert!(xml.contains(r#"</row></sheetData><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="A3:C3"/></mergeCells><conditionalFormatting"#), "{xml}");
        assert!(xml.contains(r#"<conditionalFormatting sqref="A3:C9"/><hyperlinks><hyperlink ref="C4" r:id="rId1" location="'シート'!B9"/></hyperlinks><pageMargins"#), "{xml}");
        assert!(xml.ends_with("</worksheet>"));
    }

    #[test]
    fn merges_make_their_own_element_where_there_was_none() {
        let mut rows = rows();
        rows.heading(1, "総務部（0件）", 2);
        let xml = concat!(
            r#"<worksheet><dimension ref="A1"/><sheetData><row r="1"/></sheetData>"#,
            r#"<autoFilter ref="A1:C1"/><pageMargins left="0.4"/></worksheet>"#
        );
        let out = spliced(xml, &rows).unwrap();
        assert!(out.contains(r#"<dimension ref="A1:C2"/>"#), "{out}");
        assert!(out.contains(r#"<autoFilter ref="A1:C1"/><mergeCells count="1"><mergeCell ref="A2:C2"/></mergeCells><pageMargins"#), "{out}");
    }

    #[test]
    fn a_list_without_rows_leaves_the_sheet_as_it_was() {
        assert_eq!(spliced(SHEET, &rows()).unwrap(), SHEET);
    }

    #[test]
    fn a_sheet_that_is_not_as_expected_is_an_error_not_a_broken_file() {
        let mut rows = rows();
        rows.row(
            1,
            &[Value::Link {
                text: "a".into(),
                url: "file:///a.xlsx".into(),
            }],
        );
        let with_links = SHEET.replace("<pageMargins", "<hyperlinks/><pageMargins");
        for xml in [SHEET.replace("</sheetData>", ""), with_links] {
            assert!(matches!(
                spliced(&xml, &rows),
                Err(PackageError::Layout { .. })
            ));
        }
    }
}
