//! The Japanese fiscal calendar: fiscal years (年度), era years (和暦),
//! deadline phrases found in goal sheets, national holidays and business days.
//!
//! Everything here is pure: values in, values out, no clock and no I/O.

pub mod business;
pub mod cron;
pub mod deadline;
pub mod era;
pub mod fiscal;
pub mod holiday;
pub mod japan;
pub mod timetable;

pub use business::{BusinessCalendar, ClosedDays, ClosedDaysError, ClosedPeriod, MonthDay};
pub use cron::{CronError, CronSchedule};
pub use deadline::{
    Deadline, DeadlineKind, DeadlineReference, OutsideYear, Precision, deadline_reference,
    extract_deadlines, may_state_deadline, month_end_deadline, month_of_date_deadline,
};
pub(crate) use deadline::{is_ideograph, is_kanji_numeral, kanji_numeral};
pub use fiscal::FiscalYear;
pub use holiday::{holiday_name, holidays_in_year, is_national_holiday};
pub use japan::{
    TimeShown, end_of_day_in_japan, japan_date, japan_time, log_time, shown_in_japan,
    start_of_day_in_japan,
};
pub use timetable::{Timed, Timetable};
