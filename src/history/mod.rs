//! The history of every report cell: what changed in a workbook between two
//! good reads, item by item.
//!
//! - [`diff`], [`entry`], [`recent`] and the change types: the pure part,
//!   from the core crate.
//! - [`store`]: what goes into the state file's `history` table
//!   ([`crate::state::HistoryRows`]) at each read that changed something,
//!   and how long it stays; read by `mokuhyo history`, the planning digest
//!   and the consolidated workbook.
//!
//! Items are matched across versions by what they are, not where they are:
//! the sheet (and fiscal year), the goal, the item's number and title.
//! Inserting a row above an item, sorting rows or renaming a goal changes no
//! item; a renamed goal is one change of the goal.

pub mod store;

pub use store::HistoryFilter;
