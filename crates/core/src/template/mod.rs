//! Next year's department workbooks, as values: the layout a workbook is
//! written in ([`spec`]), what carries over from this year ([`carry`]) and
//! the cells to write ([`plan`]). Reading the sources and writing the files
//! are the shell's.

pub mod carry;
pub mod plan;
pub mod spec;

pub use carry::{carry_over, departments, previous_model, shift_deadline_text};
pub use plan::{TemplateModel, WorkbookPlan, blank_goals, plan_workbook};
pub use spec::{GradeScales, LayoutSpec, SpecError};
