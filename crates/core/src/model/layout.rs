//! The structures that recognised a sheet (`table`, `blocks`, `sections`
//! …): each a [`LayoutKind`], the set of them a [`Layouts`], written as
//! `check --json` and the stored reads write them, joined by `+`
//! (`table+excel_table`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One structure a sheet was recognised by (the README describes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayoutKind {
    Table,
    RepeatedHeaders,
    ProgressPeriods,
    ScheduleGrid,
    ReportSheet,
    Transposed,
    ExcelTable,
    Blocks,
    Sections,
    GoalList,
    Cards,
    /// Reports kept in another workbook beside the plan, joined to its
    /// items.
    ReportWorkbook,
}

impl LayoutKind {
    pub const ALL: [LayoutKind; 12] = [
        LayoutKind::Table,
        LayoutKind::RepeatedHeaders,
        LayoutKind::ProgressPeriods,
        LayoutKind::ScheduleGrid,
        LayoutKind::ReportSheet,
        LayoutKind::Transposed,
        LayoutKind::ExcelTable,
        LayoutKind::Blocks,
        LayoutKind::Sections,
        LayoutKind::GoalList,
        LayoutKind::Cards,
        LayoutKind::ReportWorkbook,
    ];

    /// Its name in the JSON (`repeated_headers`).
    pub fn as_str(self) -> &'static str {
        match self {
            LayoutKind::Table => "table",
            LayoutKind::RepeatedHeaders => "repeated_headers",
            LayoutKind::ProgressPeriods => "progress_periods",
            LayoutKind::ScheduleGrid => "schedule_grid",
            LayoutKind::ReportSheet => "report_sheet",
            LayoutKind::Transposed => "transposed",
            LayoutKind::ExcelTable => "excel_table",
            LayoutKind::Blocks => "blocks",
            LayoutKind::Sections => "sections",
            LayoutKind::GoalList => "goal_list",
            LayoutKind::Cards => "cards",
            LayoutKind::ReportWorkbook => "report_workbook",
        }
    }
}

/// The structures that recognised a sheet, in the order they were met;
/// never empty (a sheet recognised by none is read as a table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layouts(Vec<LayoutKind>);

/// A text that is not a `+`-joined list of layout names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown layout {name:?}")]
pub struct UnknownLayout {
    pub name: String,
}

impl Layouts {
    /// The kinds met, each once, in order; a table when there is none.
    pub fn of(kinds: impl IntoIterator<Item = LayoutKind>) -> Layouts {
        let mut met = Vec::new();
        for kind in kinds {
            if !met.contains(&kind) {
                met.push(kind);
            }
        }
        if met.is_empty() {
            met.push(LayoutKind::Table);
        }
        Layouts(met)
    }

    /// Whether `kind` recognised the sheet.
    pub fn contains(&self, kind: LayoutKind) -> bool {
        self.0.contains(&kind)
    }

    /// The kinds, in the order they were met.
    pub fn kinds(&self) -> &[LayoutKind] {
        &self.0
    }
}

impl Default for Layouts {
    /// A table.
    fn default() -> Layouts {
        Layouts::of([])
    }
}

impl From<LayoutKind> for Layouts {
    fn from(kind: LayoutKind) -> Layouts {
        Layouts(vec![kind])
    }
}

impl fmt::Display for Layouts {
    /// `table+excel_table`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, kind) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("+")?;
            }
            f.write_str(kind.as_str())?;
        }
        Ok(())
    }
}

impl FromStr for Layouts {
    type Err = UnknownLayout;

    fn from_str(text: &str) -> Result<Layouts, UnknownLayout> {
        let kinds = text
            .split('+')
            .map(|name| {
                LayoutKind::ALL
                    .into_iter()
                    .find(|kind| kind.as_str() == name)
                    .ok_or_else(|| UnknownLayout {
                        name: name.to_string(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Layouts::of(kinds))
    }
}

impl Serialize for Layouts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Layouts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Layouts, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case(&[], "table")]
    #[case(&[LayoutKind::Table, LayoutKind::ExcelTable], "table+excel_table")]
    #[case(&[LayoutKind::Blocks, LayoutKind::Sections, LayoutKind::Blocks], "blocks+sections")]
    #[case(&[LayoutKind::GoalList], "goal_list")]
    fn layouts_are_written_joined_by_plus(#[case] kinds: &[LayoutKind], #[case] text: &str) {
        let layouts = Layouts::of(kinds.iter().copied());
        assert_eq!(layouts.to_string(), text);
        assert_eq!(
            serde_json::to_string(&layouts).unwrap(),
            format!("\"{text}\"")
        );
    }

    #[test]
    fn an_unknown_name_is_refused() {
        let err = "table+pivot".parse::<Layouts>().unwrap_err();
        assert_eq!(err.name, "pivot");
        assert!(serde_json::from_str::<Layouts>("\"\"").is_err());
    }

    proptest! {
        /// The written form reads back as the same layouts.
        #[test]
        fn the_written_form_reads_back(kinds in proptest::collection::vec(0..LayoutKind::ALL.len(), 0..6)) {
            let layouts = Layouts::of(kinds.into_iter().map(|i| LayoutKind::ALL[i]));
            let read: Layouts = layouts.to_string().parse().unwrap();
            prop_assert_eq!(read, layouts);
        }
    }
}
