//! Character folding for deadline scanning: full-width digits, letters and
//! punctuation become their ASCII forms, wave dashes become `~`, and every
//! folded character keeps the byte offset of the original character it came
//! from, so spans found in the folded text map back to the original text.

use std::ops::Range;

/// Text folded one character for one character, with the original byte
/// offset of each character.
pub(super) struct FoldedText {
    pub chars: Vec<char>,
    /// `offsets[i]` is the byte offset in the original text of `chars[i]`;
    /// one extra entry holds the original text's length.
    offsets: Vec<usize>,
}

impl FoldedText {
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len() + 1);
        for (offset, c) in text.char_indices() {
            chars.push(fold(c));
            offsets.push(offset);
        }
        offsets.push(text.len());
        FoldedText { chars, offsets }
    }

    /// The byte range in the original text of the folded characters `range`.
    pub(crate) fn byte_range(&self, range: Range<usize>) -> Range<usize> {
        let last = self.offsets.len() - 1;
        let start = self.offsets[range.start.min(last)];
        let end = self.offsets[range.end.min(last)];
        start..end.max(start)
    }
}

/// Folds one character: full-width ASCII forms to ASCII, the ideographic
/// space, tabs and carriage returns to a space, wave dashes to `~`,
/// half-width katakana punctuation to the full-width forms.
pub(super) fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\t' | '\r' | '\u{00A0}' => ' ',
        '〜' | '\u{2053}' | '\u{223C}' => '~',
        '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2013}' => '-',
        '\u{FF61}' => '。',
        '\u{FF64}' => '、',
        '\u{FF65}' => '・',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case('９', '9')]
    #[case('Ｒ', 'R')]
    #[case('（', '(')]
    #[case('）', ')')]
    #[case('～', '~')]
    #[case('〜', '~')]
    #[case('：', ':')]
    #[case('\u{3000}', ' ')]
    #[case('月', '月')]
    #[case('①', '①')]
    fn folds(#[case] c: char, #[case] folded: char) {
        assert_eq!(fold(c), folded);
    }

    #[test]
    fn byte_ranges_point_into_the_original_text() {
        let text = "（１）９月末";
        let folded = FoldedText::new(text);
        assert_eq!(folded.chars.iter().collect::<String>(), "(1)9月末");
        let range = folded.byte_range(3..6);
        assert_eq!(&text[range], "９月末");
        assert_eq!(folded.byte_range(0..0), 0..0);
        assert_eq!(folded.byte_range(6..6), text.len()..text.len());
    }
}
