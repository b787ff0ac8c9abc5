//! Next year's department workbooks: the goals of a department (carried
//! over from last year's workbook, or blank) laid out in a city's own
//! layout, described as data in templates/workbook/*.toml.
//!
//! Pure: [`spec`] (the layout format), [`plan`] (model + layout → every
//! cell), [`carry`] (last year's goals → this year's, deadline dates moved
//! on). Shell: [`source`] (reads what to carry over), [`write`] (saves the
//! .xlsx atomically).

pub mod carry;
pub mod plan;
pub mod source;
pub mod spec;
pub mod write;

pub use carry::{carry_over, departments, previous_model, shift_deadline_text};
pub use plan::{TemplateModel, WorkbookPlan, blank_goals, plan_workbook};
pub use source::{Source, read_source};
pub use spec::{GradeScales, LayoutSpec, SpecError};
pub use write::write_template;
