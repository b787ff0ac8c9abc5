//! A1 notation, in one place: column letters, cell names, parsing them
//! back ([`CellPosition`] holds one), and sheet names quoted for a
//! reference (`'部長''s シート'!B12`).
//! Rows and columns are 0-based here, as everywhere in the code; A1 counts
//! from 1. rust_xlsxwriter's `utility` module does the same for the shell's
//! writing, but the core names no crate that writes files.

/// Excel's last column (XFD) and row, 1-based.
const MAX_COLUMNS: u32 = 16_384;
const MAX_ROWS: u32 = 1_048_576;

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_name(col: u32) -> String {
    let mut name = String::with_capacity(3);
    push_column(&mut name, col);
    name
}

/// `D12` for row 11, column 3.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut name = String::with_capacity(10);
    push_cell_name(&mut name, row, col);
    name
}

/// The letters of column `col`, written at the end of `out`.
pub fn push_column(out: &mut String, col: u32) {
    out.push_str(NameOnStack::column(col).as_str());
}

/// The name of the cell at `row` and `col` (`D12`), written at the end of
/// `out`.
pub fn push_cell_name(out: &mut String, row: u32, col: u32) {
    out.push_str(NameOnStack::cell(row, col).as_str());
}

/// A column's letters or a cell's name, made on the stack from its end: a
/// `u32` column has at most seven letters (Excel's own, at most three), a
/// row's number at most ten digits.
struct NameOnStack {
    bytes: [u8; 17],
    start: usize,
}

impl NameOnStack {
    fn column(col: u32) -> Self {
        let mut name = NameOnStack {
            bytes: [b'A'; 17],
            start: 17,
        };
        name.put_letters(col);
        name
    }

    fn cell(row: u32, col: u32) -> Self {
        let mut name = NameOnStack {
            bytes: [b'A'; 17],
            start: 17,
        };
        let mut n = u64::from(row) + 1;
        loop {
            name.start -= 1;
            name.bytes[name.start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        name.put_letters(col);
        name
    }

    /// Puts the letters of `col` before what is written.
    fn put_letters(&mut self, col: u32) {
        let mut n = u64::from(col) + 1;
        while n > 0 {
            self.start -= 1;
            self.bytes[self.start] = b'A' + ((n - 1) % 26) as u8;
            n = (n - 1) / 26;
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII capitals and digits are written.
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }
}

/// `D12` (or `$D$12`, `d12`) → `(11, 3)`; `None` for anything else or a
/// cell beyond Excel's last (XFD1048576).
pub fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim();
    let text = text.strip_prefix('$').unwrap_or(text);
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (letters, digits) = text.split_at(letters);
    let digits = digits.strip_prefix('$').unwrap_or(digits);
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = letters.bytes().fold(0u32, |col, b| {
        col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > MAX_ROWS || col > MAX_COLUMNS {
        return None;
    }
    Some((row - 1, col - 1))
}

/// A cell's place within its sheet, written `D12` (and read back so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellPosition {
    pub row: u32,
    pub col: u32,
}

/// A text that is not a cell name within Excel's sheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a cell name (A1 to XFD1048576): {text:?}")]
pub struct NotACell {
    pub text: String,
}

impl std::fmt::Display for CellPosition {
    /// `D12`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(NameOnStack::cell(self.row, self.col).as_str())
    }
}

impl std::str::FromStr for CellPosition {
    type Err = NotACell;

    fn from_str(text: &str) -> Result<CellPosition, NotACell> {
        let (row, col) = parse_cell(text).ok_or_else(|| NotACell {
            text: text.to_string(),
        })?;
        Ok(CellPosition { row, col })
    }
}

impl serde::Serialize for CellPosition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for CellPosition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<CellPosition, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A sheet name as a reference writes it: in single quotes, a quote inside
/// doubled (`部長's` → `'部長''s'`).
pub fn quoted_sheet(name: &str) -> String {
    let mut quoted = String::with_capacity(name.len() + 2);
    push_quoted_sheet(&mut quoted, name);
    quoted
}

/// [`quoted_sheet`], written at the end of `out`.
pub fn push_quoted_sheet(out: &mut String, name: &str) {
    out.push('\'');
    let mut rest = name;
    while let Some(at) = rest.find('\'') {
        out.push_str(&rest[..=at]);
        out.push('\'');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    #[test]
    fn a_cell_position_is_written_and_read_as_its_name() {
        let cell: CellPosition = "XFD1048576".parse().unwrap();
        assert_eq!((cell.row, cell.col), (1_048_575, 16_383));
        assert_eq!(serde_json::to_string(&cell).unwrap(), "\"XFD1048576\"");
        let back: CellPosition = serde_json::from_str("\"C9\"").unwrap();
        assert_eq!(back.to_string(), "C9");
        assert!("XFE1".parse::<CellPosition>().is_err());
    }

    proptest! {
        #[test]
        fn a_cell_position_reads_back_from_its_name(row in 0u32..MAX_ROWS, col in 0u32..MAX_COLUMNS) {
            let cell = CellPosition { row, col };
            prop_assert_eq!(cell.to_string().parse::<CellPosition>(), Ok(cell));
        }
    }

    #[rstest]
    #[case(0, "A")]
    #[case(25, "Z")]
    #[case(26, "AA")]
    #[case(701, "ZZ")]
    #[case(702, "AAA")]
    #[case(16_383, "XFD")]
    fn column_names(#[case] col: u32, #[case] name: &str) {
        assert_eq!(column_name(col), name);
    }

    #[rstest]
    #[case("A1", Some((0, 0)))]
    #[case("D12", Some((11, 3)))]
    #[case("$D$12", Some((11, 3)))]
    #[case("d12", Some((11, 3)))]
    #[case(" XFD1048576 ", Some((1_048_575, 16_383)))]
    #[case("XFE1", None)]
    #[case("A1048577", None)]
    #[case("A0", None)]
    #[case("12", None)]
    #[case("A", None)]
    #[case("A1B", None)]
    #[case("AAAA1", None)]
    #[case("Ａ1", None)]
    #[case("", None)]
    fn cells_parse(#[case] text: &str, #[case] expected: Option<(u32, u32)>) {
        assert_eq!(parse_cell(text), expected);
    }

    #[test]
    fn a_quote_in_a_sheet_name_is_doubled() {
        assert_eq!(quoted_sheet("部長's シート"), "'部長''s シート'");
        assert_eq!(quoted_sheet("一覧"), "'一覧'");
        assert_eq!(quoted_sheet("'"), "''''");
        assert_eq!(quoted_sheet("a''b'"), "'a''''b'''");
        assert_eq!(quoted_sheet(""), "''");
    }

    #[test]
    fn names_are_written_after_what_a_text_holds() {
        let mut text = String::from("報告!");
        push_cell_name(&mut text, 8, 2);
        push_quoted_sheet(&mut text, "部長's");
        push_column(&mut text, 16_383);
        assert_eq!(text, "報告!C9'部長''s'XFD");
    }

    proptest! {
        #[test]
        fn a_cell_name_is_its_column_then_its_row(row: u32, col: u32) {
            let name = cell_name(row, col);
            prop_assert_eq!(&name, &format!("{}{}", column_name(col), u64::from(row) + 1));
            prop_assert_eq!(&CellPosition { row, col }.to_string(), &name);
        }

        #[test]
        fn column_letters_count_in_base_26_without_zero(col: u32) {
            // A = 1 … Z = 26, AA = 27: the letters read back to the column.
            let name = column_name(col);
            prop_assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase()));
            let back = name
                .bytes()
                .fold(0u64, |n, b| n * 26 + u64::from(b - b'A' + 1));
            prop_assert_eq!(back, u64::from(col) + 1);
        }
    }

    proptest! {
        #[test]
        fn every_cell_name_parses_back(row in 0u32..MAX_ROWS, col in 0u32..MAX_COLUMNS) {
            prop_assert_eq!(parse_cell(&cell_name(row, col)), Some((row, col)));
        }
    }
}
