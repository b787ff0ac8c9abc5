//! Next year's department workbooks: the goals of a department (carried
//! over from last year's workbook, or blank) laid out in a city's own
//! layout, described as data in templates/workbook/*.toml.
//!
//! Pure: [`spec`] (the layout format), [`plan`] (model + layout → every
//! cell), [`carry`] (last year's goals → this year's, deadline dates moved
//! on). Shell: [`source`] (reads what to carry over), [`write`] (saves the
//! .xlsx atomically).

pub mod source;
pub mod write;

pub use source::{Source, read_source};
pub use write::write_template;
