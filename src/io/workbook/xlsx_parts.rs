//! Direct access to the parts of an `.xlsx` package the spreadsheet library
//! would make expensive: the unpacked size of the package (checked before
//! anything is unpacked), each sheet's merged cells, found by scanning only
//! the end of the sheet part, after its cell data, instead of parsing the
//! whole sheet a second time, its hidden columns, declared before the cell
//! data, and a copy of the package in which the parts
//! read twice are unpacked once.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use memchr::memmem;
use quick_xml::Reader as XmlReader;
use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use mokuhyo_core::grid::MergedRange;

pub(crate) type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// The workbook part, which names the sheets, and its relationships, which
/// give each sheet's part.
const WORKBOOK_PART: &str = "xl/workbook.xml";
const WORKBOOK_RELATIONSHIPS: &str = "xl/_rels/workbook.xml.rels";
/// How the shared-string part's path ends, wherever the package keeps it.
const SHARED_STRINGS_END: &str = "sharedStrings.xml";

/// A part of a package that cannot be read, named by its path in the
/// package (`xl/worksheets/sheet1.xml`).
#[derive(Debug, thiserror::Error)]
pub(crate) enum PartError {
    #[error("{part}: {source}")]
    Open {
        part: String,
        #[source]
        source: zip::result::ZipError,
    },
    #[error("{part} unpacks to {size} bytes")]
    TooBig { part: String, size: u64 },
    #[error("{part}: {source}")]
    Unpack {
        part: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{part}: merged cells: {source}")]
    MergedCells {
        part: String,
        #[source]
        source: quick_xml::Error,
    },
}

/// The total size the package's parts declare once unpacked. The zip
/// library refuses to unpack a part beyond its declared size, so this bounds
/// what reading the package can unpack.
pub(crate) fn declared_unpacked_size(archive: &mut Archive<'_>) -> u64 {
    (0..archive.len())
        .map(|i| archive.by_index_raw(i).map_or(0, |f| f.size()))
        .fold(0u64, u64::saturating_add)
}

/// Sheet name → part path (`xl/worksheets/sheet1.xml`), from
/// `xl/workbook.xml` and its relationships. `None` if the package does not
/// follow that layout.
pub(crate) fn sheet_parts(archive: &mut Archive<'_>) -> Option<HashMap<String, String>> {
    let workbook = read_part(archive, WORKBOOK_PART, u64::MAX).ok()?;
    let rels = read_part(archive, WORKBOOK_RELATIONSHIPS, u64::MAX).ok()?;
    let mut targets = HashMap::new();
    for_each_element(&rels, |e| {
        if e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target"))
        {
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
    })
    .ok()?;
    let mut parts = HashMap::new();
    for_each_element(&workbook, |e| {
        if e.local_name().as_ref() == "sheet"
            && let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id"))
            && let Some(path) = targets.get(&id)
        {
            parts.insert(name, path.clone());
        }
    })
    .ok()?;
    Some(parts)
}

/// What a sheet part says of its layout beside its cells.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct SheetLayout {
    pub merges: Vec<MergedRange>,
    /// Hidden columns, as 0-based inclusive ranges.
    pub hidden_columns: Vec<(u32, u32)>,
}

/// The merged cells and hidden columns of the sheet part at `path`.
pub(crate) fn sheet_layout(
    archive: &mut Archive<'_>,
    path: &str,
    max_bytes: u64,
) -> Result<SheetLayout, PartError> {
    let xml = read_part(archive, path, max_bytes)?;
    Ok(SheetLayout {
        merges: merged_cells(&xml, path)?,
        hidden_columns: hidden_columns(&xml),
    })
}

/// The hidden columns a sheet part's `cols` element declares, before its
/// cell data. One that cannot be parsed declares none: the cells are read
/// all the same.
fn hidden_columns(xml: &[u8]) -> Vec<(u32, u32)> {
    let head = match memmem::find(xml, b"sheetData") {
        Some(i) => &xml[..i],
        None => xml,
    };
    let Some(at) = memmem::find(head, b"<cols") else {
        return Vec::new();
    };
    let mut hidden = Vec::new();
    // What follows `cols` up to the cell data holds no `col`; the head ends
    // inside the `sheetData` tag, so the parse ends in an error, ignored.
    let _ = for_each_element(&head[at..], |e| {
        if e.local_name().as_ref() != "col"
            || !matches!(raw_attr(e, "hidden").as_deref(), Some("1" | "true"))
        {
            return;
        }
        let bound = |name| {
            raw_attr(e, name)
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|&n| (1..=MAX_COLUMNS).contains(&n))
        };
        if let (Some(min), Some(max)) = (bound("min"), bound("max"))
            && min <= max
        {
            hidden.push((min - 1, max - 1));
        }
    });
    hidden
}

/// Excel's columns: A to XFD.
const MAX_COLUMNS: u32 = 16_384;

/// The merged cells of a sheet part's XML (`path` names it in errors).
fn merged_cells(xml: &[u8], path: &str) -> Result<Vec<MergedRange>, PartError> {
    // Everything after the last mention of `sheetData` (its end tag, or the
    // empty element) follows the cell data; `mergeCells` is there.
    let tail = match memmem::rfind(xml, b"sheetData") {
        Some(i) => &xml[i..],
        None => xml,
    };
    // Parse from the `<` that opens `mergeCells` to its end tag.
    let Some(at) = memmem::find(tail, b"mergeCells") else {
        return Ok(Vec::new());
    };
    let open = tail[..at].iter().rposition(|&b| b == b'<').unwrap_or(0);
    let mut merges = Vec::new();
    let mut reader = XmlReader::from_reader(&tail[open..]);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                // A cell range is letters and digits: no entity to resolve.
                let range = raw_attr(&e, "ref").and_then(|r| parse_range(&r));
                if let Some(range) = range {
                    merges.push(range);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "mergeCells" => break,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(source) => {
                return Err(PartError::MergedCells {
                    part: path.to_string(),
                    source,
                });
            }
        }
    }
    Ok(merges)
}

/// The most the parts [`reading_copy`] unpacks may declare together (16
/// MiB): a larger package is read as it is, one part in memory at a time.
pub(crate) const READING_COPY_BYTES: u64 = 16 << 20;

/// A copy of the package to read instead of it, so that no part is
/// unpacked twice. The parts both the spreadsheet library and the scans of
/// this module read (the sheets, `xl/workbook.xml` and its relationships,
/// the shared strings) are unpacked once here and stored unpacked. The
/// theme is left out: the library reads it only to resolve colours, which
/// nothing here uses, and takes Office's default theme without it. Every
/// other part is copied as it is, still packed.
///
/// `None`, and the package is read as it is, when a part cannot be unpacked
/// or copied (its fault is then told where that part is read), or when the
/// parts to unpack declare more than `max_unpacked` bytes together.
pub(crate) fn reading_copy(archive: &mut Archive<'_>, max_unpacked: u64) -> Option<Vec<u8>> {
    let mut plan = Vec::with_capacity(archive.len());
    let (mut unpacked, mut packed) = (0u64, 0u64);
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).ok()?;
        let copy = copy_of(&part.name().ok()?, &part);
        match copy {
            PartCopy::Unpacked => unpacked = unpacked.saturating_add(part.size()),
            PartCopy::AsItIs => packed = packed.saturating_add(part.compressed_size()),
            PartCopy::LeftOut => {}
        }
        plan.push(copy);
    }
    if unpacked > max_unpacked {
        return None;
    }
    // Headers and directory entries take a few hundred bytes a part. The
    // sizes may lie: memory grows with what is copied, never past twice the
    // bound from what is declared.
    let room = unpacked
        .saturating_add(packed)
        .saturating_add(512 * archive.len() as u64)
        .min(max_unpacked.saturating_mul(2));
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(usize::try_from(room).ok()?)));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, copy) in plan.into_iter().enumerate() {
        match copy {
            PartCopy::Unpacked => {
                let mut part = archive.by_index(i).ok()?;
                out.start_file(part.name().ok()?, stored).ok()?;
                std::io::copy(&mut part, &mut out).ok()?;
            }
            PartCopy::AsItIs => out.raw_copy_file(archive.by_index_raw(i).ok()?).ok()?,
            PartCopy::LeftOut => {}
        }
    }
    out.finish().ok().map(Cursor::into_inner)
}

/// What [`reading_copy`] does with a part.
enum PartCopy {
    Unpacked,
    AsItIs,
    LeftOut,
}

fn copy_of<R: Read>(name: &str, part: &zip::read::ZipFile<'_, R>) -> PartCopy {
    let read_twice = name.starts_with("xl/worksheets/")
        || name == WORKBOOK_PART
        || name == WORKBOOK_RELATIONSHIPS
        || name.ends_with(SHARED_STRINGS_END);
    if name.starts_with("xl/theme/") {
        PartCopy::LeftOut
    } else if read_twice
        && part.compression() == zip::CompressionMethod::Deflated
        && !part.encrypted()
        && !part.is_dir()
    {
        PartCopy::Unpacked
    } else {
        PartCopy::AsItIs
    }
}

/// The shortest a shared string can be written: `<si><t/></si>`.
const SHORTEST_SHARED_STRING: u64 = 12;

/// The shared-string table's declared count (`<sst uniqueCount="…">`),
/// when it claims more strings than its part could hold: the library
/// reserves room for that many as it opens the file (a 2^31 claim is a 48
/// GiB allocation). Only the start of the part, up to the end of its root
/// element, is unpacked: 1 KiB holds it, a padded root is read on up to 64
/// KiB.
pub(crate) fn implausible_shared_strings(archive: &mut Archive<'_>) -> Option<String> {
    let index = (0..archive.len()).find(|&i| {
        archive
            .name_for_index(i)
            .is_some_and(|name| name.is_ok_and(|name| name.ends_with(SHARED_STRINGS_END)))
    })?;
    let mut part = archive.by_index(index).ok()?;
    let name = part.name().ok()?.to_string();
    let size = part.size();
    let mut start = Vec::new();
    let mut declared = None;
    for limit in [1usize << 10, 1 << 16] {
        fill(&mut part, &mut start, limit).ok()?;
        match root_of(&start) {
            RootScan::Found(count) => {
                declared = count;
                break;
            }
            RootScan::Cut if start.len() == limit => {}
            RootScan::Cut => return None,
        }
    }
    let declared = declared?;
    (declared > size / SHORTEST_SHARED_STRING + 1).then(|| {
        format!("{name} declares {declared} strings in {size} bytes, more than it can hold")
    })
}

/// Reads on into `buf` until it holds `limit` bytes or the reader ends, in
/// reads as large as the room left: each read of a decompressing reader
/// costs about as much, however small.
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<()> {
    let mut filled = buf.len();
    buf.resize(limit, 0);
    while filled < limit {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled);
    Ok(())
}

/// What the start of a shared-string part says of its root element.
enum RootScan {
    /// The root ends here: the count an `sst` root declares, if any.
    Found(Option<u64>),
    /// The root element does not end within these bytes.
    Cut,
}

fn root_of(start: &[u8]) -> RootScan {
    let mut reader = XmlReader::from_reader(start);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let count = (e.local_name().as_ref() == "sst")
                    .then(|| attr(&e, "uniqueCount"))
                    .flatten()
                    .and_then(|n| n.trim().parse::<u64>().ok());
                return RootScan::Found(count);
            }
            Ok(Event::Eof) | Err(_) => return RootScan::Cut,
            Ok(_) => {}
        }
    }
}

/// The most room made for a part before it is unpacked (4 MiB).
const PRESIZED_PART_BYTES: usize = 1 << 22;

/// The part at `path`, unpacked; refused when it declares more than
/// `max_bytes`. Memory grows with what is unpacked, never from the declared
/// size.
pub(crate) fn read_part(
    archive: &mut Archive<'_>,
    path: &str,
    max_bytes: u64,
) -> Result<Vec<u8>, PartError> {
    let part = || path.to_string();
    let file = archive.by_name(path).map_err(|source| PartError::Open {
        part: part(),
        source,
    })?;
    if file.size() > max_bytes {
        return Err(PartError::TooBig {
            part: part(),
            size: file.size(),
        });
    }
    // Room for what the part declares, up to a bound: the declared size may
    // lie, and memory grows with what is unpacked.
    let declared = usize::try_from(file.size()).unwrap_or(usize::MAX);
    let mut buf = Vec::with_capacity(declared.min(PRESIZED_PART_BYTES));
    file.take(max_bytes)
        .read_to_end(&mut buf)
        .map_err(|source| PartError::Unpack {
            part: part(),
            source,
        })?;
    Ok(buf)
}

/// Calls `f` on every start or empty element; text, comments and malformed
/// leading fragments are skipped, an XML error ends the scan.
fn for_each_element(
    xml: &[u8],
    mut f: impl FnMut(&BytesStart<'_>),
) -> Result<(), quick_xml::Error> {
    let mut reader = XmlReader::from_reader(xml);
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) => f(&e),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An attribute by local name (`r:id` is `id`).
fn attribute<'e>(e: &'e BytesStart<'_>, local: &str) -> Option<Attribute<'e>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
}

/// An attribute's unescaped value, by local name.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    attribute(e, local).and_then(|a| {
        a.normalized_value(XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// An attribute's value as written, by local name, for the scans of a
/// sheet part's merged cells and hidden columns. Excel writes no element
/// with an attribute twice, so the attributes are not checked for one
/// (checking costs a comparison with each earlier attribute); where one
/// is doubled all the same, the first is taken, as with the check.
fn raw_attr<'e>(e: &'e BytesStart<'_>, local: &str) -> Option<std::borrow::Cow<'e, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value)
}

/// `B9:C10` or `B9` (0-based, inclusive).
fn parse_range(range: &str) -> Option<MergedRange> {
    let (first, last) = range.split_once(':').unwrap_or((range, range));
    let (r1, c1) = parse_cell(first)?;
    let (r2, c2) = parse_cell(last)?;
    Some(MergedRange {
        first_row: r1.min(r2),
        first_col: c1.min(c2),
        last_row: r1.max(r2),
        last_col: c1.max(c2),
    })
}

use mokuhyo_core::a1::parse_cell;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn shared_strings_lie(xml: &str) -> Option<String> {
        let bytes = package(&[("xl/sharedStrings.xml", xml, true)]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
        implausible_shared_strings(&mut archive)
    }

    #[test]
    fn a_shared_string_count_beyond_what_the_part_holds_is_told() {
        let sst = |attrs: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"{attrs}><si><t>総務課</t></si><si><t>防災</t></si></sst>"#
            )
        };
        assert_eq!(
            shared_strings_lie(&sst(r#" count="2" uniqueCount="2""#)),
            None
        );
        let lie = shared_strings_lie(&sst(r#" count="2" uniqueCount="2147483648""#));
        assert!(lie.is_some_and(|l| l.contains("declares 2147483648 strings")));
        // A root padded past the first kilobyte is read to its end.
        let padding = format!(r#" xmlns:x="urn:{}""#, "a".repeat(5000));
        let padded = shared_strings_lie(&sst(&format!(r#"{padding} uniqueCount="2147483648""#)));
        assert!(padded.is_some_and(|l| l.contains("declares 2147483648 strings")));
        // A root still open after 64 KiB names no count: the library is left
        // to refuse what it cannot read.
        let endless = format!(r#" xmlns:x="urn:{}""#, "a".repeat(70_000));
        assert_eq!(shared_strings_lie(&sst(&endless)), None);
    }

    /// A package in memory holding `parts` (name, text, deflated or stored).
    fn package(parts: &[(&str, &str, bool)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for &(name, text, deflated) in parts {
            let method = if deflated {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// Each part of a package: name → (method, text).
    fn parts_of(bytes: &[u8]) -> BTreeMap<String, (zip::CompressionMethod, String)> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut part = archive.by_index(i).unwrap();
                let mut text = String::new();
                part.read_to_string(&mut text).unwrap();
                (part.name().unwrap().to_string(), (part.compression(), text))
            })
            .collect()
    }

    const SHEET: &str = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>"#;

    #[test]
    fn the_reading_copy_unpacks_the_parts_read_twice_and_leaves_out_the_theme() {
        use zip::CompressionMethod::{Deflated, Stored};
        let original = package(&[
            ("[Content_Types].xml", "<Types/>", true),
            ("xl/workbook.xml", "<workbook/>", true),
            ("xl/_rels/workbook.xml.rels", "<Relationships/>", true),
            ("xl/worksheets/sheet1.xml", SHEET, true),
            (
                "xl/sharedStrings.xml",
                "<sst><si><t>総務課</t></si></sst>",
                true,
            ),
            ("xl/theme/theme1.xml", "<a:theme/>", true),
            ("docProps/core.xml", "<cp:coreProperties/>", true),
            ("xl/media/image1.png", "not really a picture", false),
        ]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original.as_slice())).unwrap();
        let copy = reading_copy(&mut archive, READING_COPY_BYTES).unwrap();
        let before = parts_of(&original);
        let after = parts_of(&copy);
        assert!(!after.contains_key("xl/theme/theme1.xml"));
        let methods: Vec<(&str, zip::CompressionMethod)> =
            after.iter().map(|(n, (m, _))| (n.as_str(), *m)).collect();
        assert_eq!(
            methods,
            vec![
                ("[Content_Types].xml", Deflated),
                ("docProps/core.xml", Deflated),
                ("xl/_rels/workbook.xml.rels", Stored),
                ("xl/media/image1.png", Stored),
                ("xl/sharedStrings.xml", Stored),
                ("xl/workbook.xml", Stored),
                ("xl/worksheets/sheet1.xml", Stored),
            ]
        );
        for (name, (_, text)) in &after {
            assert_eq!(Some(text), before.get(name).map(|(_, t)| t), "{name}");
        }
        // The scans read the copy as they read the package.
        let mut copied = zip::ZipArchive::new(std::io::Cursor::new(copy.as_slice())).unwrap();
        let layout = sheet_layout(&mut copied, "xl/worksheets/sheet1.xml", u64::MAX).unwrap();
        assert_eq!(layout.merges, vec![parse_range("A1:B2").unwrap()]);
    }

    #[test]
    fn a_merge_with_its_range_written_twice_takes_the_first() {
        let sheet = r#"<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="B2:C3" ref="A1:A2"/><mergeCell x:ref="D4" ref="E5:F5"/></mergeCells></worksheet>"#;
        let original = package(&[("xl/worksheets/sheet1.xml", sheet, true)]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original.as_slice())).unwrap();
        let layout = sheet_layout(&mut archive, "xl/worksheets/sheet1.xml", u64::MAX).unwrap();
        assert_eq!(
            layout.merges,
            vec![parse_range("B2:C3").unwrap(), parse_range("D4").unwrap()]
        );
    }

    #[rstest::rstest]
    #[case::one_and_a_run(
        r#"<cols><col min="3" max="3" width="12" hidden="1"/><col min="4" max="4" width="9"/><col min="8" max="10" hidden="true" customWidth="1"/></cols>"#,
        vec![(2, 2), (7, 9)]
    )]
    #[case::none_hidden(r#"<cols><col min="1" max="2" width="20"/></cols>"#, vec![])]
    #[case::no_cols("", vec![])]
    #[case::doubled_attributes_give_the_first(
        r#"<cols><col min="2" max="2" min="5" hidden="1" hidden="0"/><col min="3" max="3" hidden="0" hidden="1"/></cols>"#,
        vec![(1, 1)]
    )]
    #[case::out_of_bounds(r#"<cols><col min="0" max="2" hidden="1"/><col min="5" max="4" hidden="1"/><col min="2" max="99999" hidden="1"/></cols>"#, vec![])]
    fn hidden_columns_are_read_before_the_cell_data(
        #[case] cols: &str,
        #[case] hidden: Vec<(u32, u32)>,
    ) {
        let sheet = format!(
            r#"<worksheet><sheetFormatPr defaultRowHeight="13.5"/>{cols}<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#
        );
        let original = package(&[("xl/worksheets/sheet1.xml", &sheet, true)]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original.as_slice())).unwrap();
        let layout = sheet_layout(&mut archive, "xl/worksheets/sheet1.xml", u64::MAX).unwrap();
        assert_eq!(layout.hidden_columns, hidden);
    }

    #[test]
    fn a_package_whose_parts_to_unpack_exceed_the_bound_is_read_as_it_is() {
        let original = package(&[("xl/worksheets/sheet1.xml", SHEET, true)]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original.as_slice())).unwrap();
        let bound = SHEET.len() as u64;
        assert!(reading_copy(&mut archive, bound).is_some());
        assert_eq!(reading_copy(&mut archive, bound - 1), None);
    }

    #[test]
    fn a_part_that_cannot_be_unpacked_leaves_the_package_as_it_is() {
        let mut damaged = package(&[
            ("xl/workbook.xml", "<workbook/>", true),
            ("xl/worksheets/sheet1.xml", SHEET, true),
        ]);
        let at = {
            let mut archive =
                zip::ZipArchive::new(std::io::Cursor::new(damaged.as_slice())).unwrap();
            let part = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
            (part.data_start().unwrap() + part.compressed_size() / 2) as usize
        };
        damaged[at] ^= 0xFF;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(damaged.as_slice())).unwrap();
        assert_eq!(reading_copy(&mut archive, READING_COPY_BYTES), None);
    }

    #[test]
    fn parses_ranges() {
        assert_eq!(
            parse_range("A9:B9"),
            Some(MergedRange {
                first_row: 8,
                first_col: 0,
                last_row: 8,
                last_col: 1
            })
        );
        assert_eq!(
            parse_range("C3").map(|m| (m.first_row, m.last_col)),
            Some((2, 2))
        );
        assert_eq!(parse_range("A1:"), None);
    }

    proptest! {
        #[test]
        fn range_parsing_never_panics(s in ".{0,20}") {
            let _ = parse_range(&s);
        }
    }
}
