//! The deadlines a sheet's texts state, each text read once: a table's
//! columns are weighed for deadlines ([`super::profile`]) before its items
//! are built from the same cells ([`super::items`]), and reading a phrase
//! costs more than looking it up.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::calendar::{Deadline, FiscalYear, extract_deadlines};

/// The deadlines of the texts read so far on one sheet, in its fiscal year.
pub(crate) struct SheetDeadlines {
    fy: FiscalYear,
    read: RefCell<HashMap<String, Vec<Deadline>>>,
}

impl SheetDeadlines {
    pub(crate) fn new(fy: FiscalYear) -> Self {
        SheetDeadlines {
            fy,
            read: RefCell::new(HashMap::new()),
        }
    }

    /// What `f` makes of the deadlines `text` states.
    pub(crate) fn with<R>(&self, text: &str, f: impl FnOnce(&[Deadline]) -> R) -> R {
        if let Some(found) = self.read.borrow().get(text) {
            return f(found);
        }
        let found = extract_deadlines(text, self.fy);
        let result = f(&found);
        self.read.borrow_mut().insert(text.to_string(), found);
        result
    }

    /// The deadlines `text` states.
    pub(crate) fn of(&self, text: &str) -> Vec<Deadline> {
        self.with(text, <[Deadline]>::to_vec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_read_again_gives_what_it_gave_the_first_time() {
        let sheet = SheetDeadlines::new(FiscalYear(2026));
        let first = sheet.of("9月末まで");
        assert_eq!(first, extract_deadlines("9月末まで", FiscalYear(2026)));
        assert_eq!(sheet.of("9月末まで"), first);
        assert_eq!(sheet.with("9月末まで", <[Deadline]>::len), 1);
        assert!(sheet.of("検討する").is_empty());
    }
}
