//! Names and texts in one Unicode form, NFC, wherever they come from: a
//! file name stored decomposed (NFD, as macOS and some NAS shares store
//! it: `テ` + U+3099 for `デ`), a sheet's name or a cell holding such a
//! copy, and the configuration's names. Compared as they came, `デジタル推進部`
//! in NFD is another department than the configured one; in NFC they are
//! the same text. The grid's cells and sheet names are made NFC as they are
//! set ([`crate::grid::Grid`]), names taken from a path through
//! [`file_stem`] and [`file_name`], names compared through
//! [`crate::remind::config::normalize_name`]; each of these calls [`nfc`].

use std::borrow::Cow;
use std::path::Path;

use icu_normalizer::ComposingNormalizerBorrowed;

/// `text` in Unicode normalization form C; borrowed when it is already
/// (nearly every text: a quick check finds it).
pub fn nfc(text: &str) -> Cow<'_, str> {
    // Most cells hold ASCII, kana, kanji, full-width forms and the marks
    // of lists and schedules alone: none of them composes, decomposes or
    // combines, so the text is NFC as it is, which a range test tells at a
    // fraction of the normalizer's check (a text holding anything else is
    // left to the normalizer).
    if text.chars().all(stays_nfc) {
        return Cow::Borrowed(text);
    }
    ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// Whether `c` is NFC in any text, whatever stands before and after it:
/// below U+0300 (ASCII, Latin-1 and the Latin letters before the combining
/// marks); the dashes, bullets, ※ and … of general punctuation
/// (U+2010–U+2027, U+2030–U+205E: not its spaces, of which two decompose);
/// arrows (→ ⇒), enclosed numbers (① ⑳), box drawing, shapes and symbols
/// (─ ○ ◎ ▲ ★; U+2460–U+26FF), all of them starters (U+0338, which composes
/// with an arrow, is none of these); CJK punctuation but its combining tone
/// marks (U+302A–U+302F), kana but the two combining sound marks (U+3099,
/// U+309A), the unified ideographs, and the full- and half-width forms. No
/// two of them make a third when composed (a test over every character
/// checks it).
fn stays_nfc(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{02FF}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{2190}'..='\u{21FF}'
            | '\u{2460}'..='\u{26FF}'
            | '\u{3000}'..='\u{3029}'
            | '\u{3030}'..='\u{3098}'
            | '\u{309B}'..='\u{30FF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF01}'..='\u{FFEF}'
    )
}

/// [`nfc`] of an owned text, kept when it is already NFC.
pub fn nfc_string(text: String) -> String {
    match nfc(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(composed) => composed,
    }
}

/// What separates the parts of a file's name (`企画部_R8_計画`,
/// `計画 (修正前)`); a dash between digits, as in `7-9月`, is read as part
/// of a part by those who split names.
pub const NAME_PART_SEPARATORS: [char; 7] = ['_', '-', '－', ' ', '\u{3000}', '(', '（'];

/// The name of `path` without its extension as text, in NFC (a name not
/// in UTF-8 shown lossily).
pub fn file_stem(path: &Path) -> Option<String> {
    path.file_stem()
        .map(|stem| nfc_string(stem.to_string_lossy().into_owned()))
}

/// The name of `path` as text, in NFC (a name not in UTF-8 shown lossily);
/// empty for a path without one.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| nfc_string(name.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("テ\u{3099}シ\u{3099}タル推進部", "デジタル推進部")]
    #[case("ハ\u{309A}ソコン", "パソコン")]
    #[case("Cafe\u{301}", "Café")]
    #[case("総務部", "総務部")]
    fn decomposed_text_is_composed(#[case] text: &str, #[case] composed: &str) {
        assert_eq!(nfc(text), composed);
        assert_eq!(nfc_string(text.to_string()), composed);
    }

    #[test]
    fn composed_text_is_borrowed() {
        assert!(matches!(nfc("令和8年度_デジタル推進部"), Cow::Borrowed(_)));
    }

    /// What [`stays_nfc`] takes stays NFC beside whatever a text holds
    /// around it, the normalizer says.
    #[test]
    fn what_stays_nfc_is_nfc_beside_anything() {
        let normalizer = ComposingNormalizerBorrowed::new_nfc();
        let around = [
            'a', 'e', 'か', 'ｶ', '\u{3099}', '\u{0301}', '語', '\u{1100}', '\u{AC00}',
        ];
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| stays_nfc(c))
        {
            assert!(normalizer.is_normalized(&c.to_string()), "{c:?}");
            for &before in &around {
                let pair = format!("{before}{c}");
                assert_eq!(
                    normalizer.is_normalized(&pair),
                    normalizer.is_normalized(&before.to_string()),
                    "{pair:?}"
                );
            }
        }
    }

    /// No two characters [`stays_nfc`] takes compose into a third, and
    /// none of them is reordered among combining marks: a text of them
    /// alone is NFC whatever their order.
    #[test]
    fn what_stays_nfc_composes_with_nothing_of_its_own() {
        let decomposition = icu_normalizer::properties::CanonicalDecompositionBorrowed::new();
        let classes = icu_normalizer::properties::CanonicalCombiningClassMapBorrowed::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if stays_nfc(c) {
                assert_eq!(classes.get_u8(c), 0, "{c:?}");
            }
            if let icu_normalizer::properties::Decomposed::Expansion(first, second) =
                decomposition.decompose(c)
            {
                assert!(!(stays_nfc(first) && stays_nfc(second)), "{c:?}");
            }
        }
    }

    #[test]
    fn names_from_a_path_are_composed() {
        let path = Path::new("share/令和8年度_テ\u{3099}シ\u{3099}タル推進部.xlsx");
        assert_eq!(file_stem(path).as_deref(), Some("令和8年度_デジタル推進部"));
        assert_eq!(file_name(path), "令和8年度_デジタル推進部.xlsx");
    }
}
