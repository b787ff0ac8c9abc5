//! The deadlines a workbook's texts state, each text read once: a table's
//! columns are weighed for deadlines ([`super::profile`]) before its items
//! are built from the same cells ([`super::items`]), the sheets of one
//! workbook repeat their deadline phrases (9月末, 年度末まで), and reading a
//! phrase costs more than looking it up.

use std::cell::RefCell;

use foldhash::HashMap;

use crate::calendar::{Deadline, FiscalYear, extract_deadlines};

/// The deadlines of the texts a workbook's sheets read so far, by the
/// fiscal year they were read in.
#[derive(Default)]
pub(crate) struct TextDeadlines {
    read: RefCell<HashMap<FiscalYear, HashMap<String, Vec<Deadline>>>>,
}

/// The deadlines of texts read in one sheet's fiscal year.
pub(crate) struct SheetDeadlines<'a> {
    fy: FiscalYear,
    texts: &'a TextDeadlines,
}

impl<'a> SheetDeadlines<'a> {
    pub(crate) fn new(fy: FiscalYear, texts: &'a TextDeadlines) -> Self {
        SheetDeadlines { fy, texts }
    }

    /// The fiscal year the deadlines are read in.
    pub(crate) fn fiscal_year(&self) -> FiscalYear {
        self.fy
    }

    /// What `f` makes of the deadlines `text` states.
    pub(crate) fn with<R>(&self, text: &str, f: impl FnOnce(&[Deadline]) -> R) -> R {
        if let Some(found) = self
            .texts
            .read
            .borrow()
            .get(&self.fy)
            .and_then(|year| year.get(text))
        {
            return f(found);
        }
        let found = extract_deadlines(text, self.fy);
        let result = f(&found);
        self.texts
            .read
            .borrow_mut()
            .entry(self.fy)
            .or_default()
            .insert(text.to_string(), found);
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
        let texts = TextDeadlines::default();
        let sheet = SheetDeadlines::new(FiscalYear(2026), &texts);
        let first = sheet.of("9月末まで");
        assert_eq!(first, extract_deadlines("9月末まで", FiscalYear(2026)));
        assert_eq!(sheet.of("9月末まで"), first);
        assert_eq!(sheet.with("9月末まで", <[Deadline]>::len), 1);
        assert!(sheet.of("検討する").is_empty());
    }

    #[test]
    fn a_text_read_in_another_fiscal_year_is_read_in_that_year() {
        let texts = TextDeadlines::default();
        let this_year = SheetDeadlines::new(FiscalYear(2026), &texts).of("9月末まで");
        let next_year = SheetDeadlines::new(FiscalYear(2027), &texts).of("9月末まで");
        assert_eq!(next_year, extract_deadlines("9月末まで", FiscalYear(2027)));
        assert_ne!(this_year, next_year);
    }
}
