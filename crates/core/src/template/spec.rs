//! Layout specs: how a city's goal workbook looks, as data. A spec is a
//! TOML file (templates/workbook/*.toml, documented in
//! templates/workbook/README.md) listing sheets, and in each sheet parts
//! stacked top to bottom: fixed rows of labels and fields, or rows repeated
//! once per goal or per item. Grade scales for drop-down lists come from
//! config/grades.toml or from the spec's own `[scales]`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The Ueda-style 重点目標管理シート (built in).
pub(crate) const UEDA_SPEC: &str = include_str!("../../../../templates/workbook/ueda.toml");
/// The Ogori-style item blocks (built in).
pub(crate) const OGORI_SPEC: &str = include_str!("../../../../templates/workbook/ogori.toml");
/// The grade scales shipped with mokuhyo.
pub(crate) const DEFAULT_GRADES: &str = include_str!("../../../../config/grades.toml");

/// A whole layout.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Font of every cell.
    #[serde(default = "default_font")]
    pub font: String,
    /// The file name of a generated workbook, with placeholders
    /// (`{nendo}`, `{fy}`, `{department}`).
    #[serde(default = "default_file_name")]
    pub file_name: String,
    /// Goals and items of an empty workbook.
    #[serde(default)]
    pub blank: BlankCounts,
    #[serde(default)]
    pub styles: BTreeMap<String, StyleSpec>,
    /// Scales defined by the spec itself (added to config/grades.toml's).
    #[serde(default)]
    pub scales: BTreeMap<String, Scale>,
    #[serde(rename = "sheet")]
    pub sheets: Vec<SheetSpec>,
}

fn default_file_name() -> String {
    "{nendo}重点目標管理シート_{department}.xlsx".to_string()
}

fn default_font() -> String {
    "游ゴシック".to_string()
}

/// How many goals and items an empty workbook gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BlankCounts {
    pub goals: usize,
    pub items: usize,
}

impl Default for BlankCounts {
    fn default() -> Self {
        BlankCounts { goals: 3, items: 4 }
    }
}

/// A named cell style.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StyleSpec {
    /// Font size in points.
    pub size: f64,
    pub bold: bool,
    /// Background colour, `RRGGBB`.
    pub fill: Option<String>,
    /// Thin border all round.
    pub border: bool,
    pub align: HAlign,
    pub valign: VAlign,
    pub wrap: bool,
    /// Excel number format (`0%`).
    pub number_format: Option<String>,
}

impl Default for StyleSpec {
    fn default() -> Self {
        StyleSpec {
            size: 10.0,
            bold: false,
            fill: None,
            border: false,
            align: HAlign::Left,
            valign: VAlign::Top,
            wrap: false,
            number_format: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HAlign {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VAlign {
    Top,
    Center,
    Bottom,
}

/// A grade scale: the values a drop-down list offers, and optionally the
/// achievement rate (percent) each value stands for when a sheet is read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    #[serde(default)]
    pub label: String,
    pub values: Vec<String>,
    /// 達成度 of each value in percent, in the order of `values`.
    #[serde(default)]
    pub achievement: Vec<u32>,
}

/// The `[scale.NAME]` tables of config/grades.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeScales {
    #[serde(default, rename = "scale")]
    pub scales: BTreeMap<String, Scale>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// One sheet for the workbook.
    #[default]
    Workbook,
    /// One sheet per goal.
    Goal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    #[default]
    Landscape,
    Portrait,
}

/// One sheet (or one sheet per goal).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSpec {
    /// The sheet name; may hold placeholders (`重点目標管理シート{goal_index}`).
    pub name: String,
    #[serde(default)]
    pub per: Per,
    /// Column widths from A, in Excel's character units.
    #[serde(default)]
    pub columns: Vec<f64>,
    #[serde(default)]
    pub paper: Paper,
    #[serde(default)]
    pub orientation: Orientation,
    /// Print one page wide (as many pages tall as needed).
    #[serde(default = "yes")]
    pub fit_to_width: bool,
    /// Protect the sheet: labels locked, input cells open.
    #[serde(default = "yes")]
    pub protect: bool,
    /// Protection password; none by default.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(rename = "part")]
    pub parts: Vec<PartSpec>,
}

fn yes() -> bool {
    true
}

/// Rows of a sheet: fixed cells, or a repetition of nested parts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSpec {
    /// Rows the part's own cells take (fixed parts).
    #[serde(default = "one")]
    pub rows: u32,
    /// Minimum height of each row in points (0 = Excel's default).
    #[serde(default)]
    pub heights: Vec<f64>,
    #[serde(default, rename = "cell")]
    pub cells: Vec<CellSpec>,
    /// Repeat the nested parts once per goal or per item.
    #[serde(default)]
    pub repeat: Option<Over>,
    /// Empty rows after each repetition.
    #[serde(default)]
    pub gap: u32,
    #[serde(default, rename = "part")]
    pub parts: Vec<PartSpec>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Over {
    Goals,
    Items,
}

/// One cell (or merged range) of a part.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellSpec {
    /// `A1` or `B1:G1`, rows counted from the part's first row.
    pub at: String,
    /// A label, with placeholders.
    #[serde(default)]
    pub text: Option<String>,
    /// A value of the model (see README.md for the list).
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub style: Option<String>,
    /// Whether a person fills the cell in (unlocked). Default: true for
    /// fields, false for labels.
    #[serde(default)]
    pub input: Option<bool>,
    /// A drop-down list of this scale's values.
    #[serde(default)]
    pub scale: Option<String>,
    /// A note shown when the cell is selected (at most 255 characters).
    #[serde(default)]
    pub message: Option<String>,
    /// Title of the note (at most 32 characters).
    #[serde(default)]
    pub message_title: Option<String>,
}

/// A spec that cannot be used; `origin` names it (a path or `ueda`).
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{origin}: {source}")]
    Toml {
        origin: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error("{origin}: sheet {sheet}: {source}")]
    SheetName {
        origin: String,
        /// The sheet name, expanded.
        sheet: String,
        #[source]
        source: SheetNameError,
    },
    #[error("{origin}: {cell}: {source}")]
    Style {
        origin: String,
        /// The cell of the spec (`B3`).
        cell: String,
        #[source]
        source: StyleError,
    },
}

/// Why a sheet name is not one Excel takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SheetNameError {
    #[error("a sheet name has 1 to 31 characters")]
    Length,
    #[error("a sheet name cannot hold [ ] : * ? / \\")]
    Character,
    #[error("not a valid sheet name")]
    Reserved,
}

/// Why a cell style of the spec cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StyleError {
    #[error("fill {hex} is not RRGGBB")]
    Fill { hex: String },
    #[error("font size {size} out of range")]
    FontSize { size: f64 },
}

impl LayoutSpec {
    /// Parses a spec; `origin` names it in errors (a path or `ueda`).
    pub fn parse(text: &str, origin: &str) -> Result<LayoutSpec, SpecError> {
        let spec: LayoutSpec = toml::from_str(text).map_err(|source| SpecError::Toml {
            origin: origin.to_string(),
            source,
        })?;
        Ok(spec)
    }

    /// The built-in spec of that name (`ueda`, `ogori`).
    pub fn builtin(name: &str) -> Option<Result<LayoutSpec, SpecError>> {
        match name {
            "ueda" => Some(LayoutSpec::parse(UEDA_SPEC, "ueda")),
            "ogori" => Some(LayoutSpec::parse(OGORI_SPEC, "ogori")),
            _ => None,
        }
    }
}

impl GradeScales {
    pub fn parse(text: &str, origin: &str) -> Result<GradeScales, SpecError> {
        let scales: GradeScales = toml::from_str(text).map_err(|source| SpecError::Toml {
            origin: origin.to_string(),
            source,
        })?;
        for (name, scale) in &scales.scales {
            if !scale.achievement.is_empty() && scale.achievement.len() != scale.values.len() {
                return Err(SpecError::Invalid {
                    origin: origin.to_string(),
                    message: format!(
                        "scale.{name}.achievement: {} rates for {} values",
                        scale.achievement.len(),
                        scale.values.len()
                    ),
                });
            }
        }
        Ok(scales)
    }

    /// The scales that give each grade an achievement rate, for reading
    /// sheets.
    pub fn achievement_scales(&self) -> Vec<crate::interpret::GradeScale> {
        self.scales
            .iter()
            .filter(|(_, s)| !s.achievement.is_empty())
            .map(|(name, s)| crate::interpret::GradeScale {
                name: name.clone(),
                grades: s
                    .values
                    .iter()
                    .cloned()
                    .zip(s.achievement.clone())
                    .collect(),
            })
            .collect()
    }

    /// The scales shipped in config/grades.toml.
    pub fn builtin() -> Result<GradeScales, SpecError> {
        GradeScales::parse(DEFAULT_GRADES, "config/grades.toml")
    }
}

/// `A1` → (row 0, col 0); `B12` → (11, 1).
pub(crate) fn parse_a1(text: &str) -> Option<(u32, u16)> {
    let (row, col) = crate::a1::parse_cell(text)?;
    Some((row, u16::try_from(col).ok()?))
}

/// `B1:G1` → ((0, 1), (0, 6)); `A3` → ((2, 0), (2, 0)).
pub(crate) fn parse_range(text: &str) -> Option<((u32, u16), (u32, u16))> {
    match text.split_once(':') {
        Some((a, b)) => {
            let first = parse_a1(a.trim())?;
            let last = parse_a1(b.trim())?;
            (first.0 <= last.0 && first.1 <= last.1).then_some((first, last))
        }
        None => parse_a1(text.trim()).map(|c| (c, c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("A1", Some(((0, 0), (0, 0))))]
    #[case("B1:G1", Some(((0, 1), (0, 6))))]
    #[case("AA12", Some(((11, 26), (11, 26))))]
    #[case("G1:B1", None)]
    #[case("A0", None)]
    #[case("1A", None)]
    fn ranges(#[case] text: &str, #[case] expected: Option<((u32, u16), (u32, u16))>) {
        assert_eq!(parse_range(text), expected);
    }

    #[test]
    fn builtin_specs_and_scales_parse() {
        for name in ["ueda", "ogori"] {
            let spec = LayoutSpec::builtin(name).unwrap().unwrap();
            assert_eq!(spec.name, name);
            assert!(!spec.sheets.is_empty());
        }
        let grades = GradeScales::builtin().unwrap();
        assert_eq!(grades.scales["iga_achievement"].values.len(), 6);
        assert_eq!(grades.scales["abc"].values, ["A", "B", "C"]);
        let rated = grades.achievement_scales();
        let abc = rated.iter().find(|s| s.name == "abc").unwrap();
        assert_eq!(abc.grades[0], ("A".to_string(), 100));
        let err = GradeScales::parse(
            "[scale.x]\nvalues = [\"A\", \"B\"]\nachievement = [100]\n",
            "grades.toml",
        )
        .unwrap_err();
        assert!(err.to_string().contains("scale.x.achievement"), "{err}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = LayoutSpec::parse("name = \"x\"\nfoo = 1\n[[sheet]]\nname = \"s\"\n", "t");
        assert!(err.is_err());
    }
}
