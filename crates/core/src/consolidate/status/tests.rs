//! Tests of `status`.

use super::*;
use crate::consolidate::sample::*;
use crate::model::Report;
use rstest::rstest;

fn today() -> NaiveDate {
    d(2026, 6, 1)
}

/// Reporting dates of 令和8年度: 中間報告 10-30, 期末報告 2027-04-30.
fn reporting() -> ReportingDates {
    ReportingDates {
        interim_due: Some(d(2026, 10, 30)),
        year_end_due: Some(d(2027, 4, 30)),
    }
}

fn cover(interim_filled: bool, year_end_filled: bool) -> ReportCover {
    ReportCover {
        interim_filled,
        year_end_filled,
        interim_asked: true,
        reporting: reporting(),
    }
}

#[rstest]
#[case::past_uncovered_report_due(
    Some(d(2026, 5, 31)),
    false,
    false,
    d(2026, 11, 2),
    Some(DueStatus::Overdue)
)]
#[case::past_uncovered_report_not_due(
    Some(d(2026, 5, 31)),
    false,
    false,
    today(),
    Some(DueStatus::AwaitingReport)
)]
#[case::past_covered(Some(d(2026, 5, 31)), false, true, today(), Some(DueStatus::Reported))]
#[case::today(Some(d(2026, 6, 1)), false, false, today(), Some(DueStatus::DueSoon))]
#[case::in_14_days(Some(d(2026, 6, 15)), false, false, today(), Some(DueStatus::DueSoon))]
#[case::in_15_days(
    Some(d(2026, 6, 16)),
    false,
    false,
    today(),
    Some(DueStatus::Scheduled)
)]
#[case::date_wins_over_ongoing(
    Some(d(2026, 9, 30)),
    true,
    false,
    today(),
    Some(DueStatus::Scheduled)
)]
#[case::ongoing_without_date(None, true, false, today(), Some(DueStatus::Ongoing))]
#[case::nothing(None, false, false, today(), None)]
fn status_of_a_date(
    #[case] due: Option<NaiveDate>,
    #[case] ongoing: bool,
    #[case] covered: bool,
    #[case] on: NaiveDate,
    #[case] expected: Option<DueStatus>,
) {
    assert_eq!(
        due_status(due, ongoing, &cover(covered, false), on),
        expected
    );
    if covered {
        assert_eq!(
            due_status(due, ongoing, &cover(false, true), on),
            expected,
            "the year-end report tells of every date"
        );
    }
}

#[rstest]
#[case::nothing_filled(false, false, d(2026, 7, 31), false)]
#[case::year_end_tells_of_every_date(false, true, d(2027, 3, 31), true)]
#[case::interim_tells_of_dates_up_to_its_due_date(true, false, d(2026, 10, 30), true)]
#[case::interim_tells_nothing_of_later_dates(true, false, d(2026, 10, 31), false)]
fn reports_cover_their_dates(
    #[case] interim_filled: bool,
    #[case] year_end_filled: bool,
    #[case] date: NaiveDate,
    #[case] covered: bool,
) {
    let cover = cover(interim_filled, year_end_filled);
    assert_eq!(cover.covers(date), covered);
    let no_interim_date = ReportCover {
        reporting: ReportingDates {
            interim_due: None,
            ..reporting()
        },
        ..cover
    };
    assert_eq!(no_interim_date.covers(date), year_end_filled);
}

#[rstest]
// A date up to the interim report's due date is told of by the interim
// report; a later one, or any when the layout has no interim report, by
// the year-end report.
#[case::interim_tells(d(2026, 7, 31), true, Some(d(2026, 10, 30)))]
#[case::interim_due_day(d(2026, 10, 30), true, Some(d(2026, 10, 30)))]
#[case::after_the_interim(d(2026, 10, 31), true, Some(d(2027, 4, 30)))]
#[case::no_interim_in_the_layout(d(2026, 7, 31), false, Some(d(2027, 4, 30)))]
fn the_report_that_tells_of_a_date(
    #[case] date: NaiveDate,
    #[case] interim_asked: bool,
    #[case] due: Option<NaiveDate>,
) {
    let cover = ReportCover {
        interim_asked,
        ..cover(false, false)
    };
    assert_eq!(cover.telling_due(date), due);
}

#[rstest]
// Work due in July, told of in the interim report, is done: 報告済.
#[case::reported_in_the_interim(vec![d(2026, 7, 31)], true, d(2026, 11, 24), (Some(d(2026, 7, 31)), Some(DueStatus::Reported)))]
#[case::passed_without_report(vec![d(2026, 7, 31)], false, d(2026, 11, 24), (Some(d(2026, 7, 31)), Some(DueStatus::Overdue)))]
// Before the interim report is due, work due in July awaits it.
#[case::awaiting_the_interim(vec![d(2026, 7, 31)], false, d(2026, 8, 10), (Some(d(2026, 7, 31)), Some(DueStatus::AwaitingReport)))]
#[case::awaiting_on_the_interim_day(vec![d(2026, 7, 31)], false, d(2026, 10, 30), (Some(d(2026, 7, 31)), Some(DueStatus::AwaitingReport)))]
#[case::overdue_the_day_after(vec![d(2026, 7, 31)], false, d(2026, 10, 31), (Some(d(2026, 7, 31)), Some(DueStatus::Overdue)))]
// Work due in March awaits the year-end report of April: on 04-10 it is
// not late.
#[case::march_work_awaits_the_year_end(vec![d(2027, 3, 31)], true, d(2027, 4, 10), (Some(d(2027, 3, 31)), Some(DueStatus::AwaitingReport)))]
#[case::march_work_late_after_the_year_end(vec![d(2027, 3, 31)], true, d(2027, 5, 1), (Some(d(2027, 3, 31)), Some(DueStatus::Overdue)))]
// A passed date past its report's due date makes the item 期限超過, shown
// with that date, whatever is still to come.
#[case::an_earlier_date_overdue(vec![d(2027, 1, 31), d(2026, 8, 31)], false, d(2026, 11, 24), (Some(d(2026, 8, 31)), Some(DueStatus::Overdue)))]
#[case::an_earlier_date_reported(vec![d(2027, 1, 31), d(2026, 8, 31)], true, d(2026, 11, 24), (Some(d(2027, 1, 31)), Some(DueStatus::Scheduled)))]
#[case::overdue_before_awaiting(vec![d(2026, 12, 31), d(2026, 8, 31)], false, d(2027, 1, 10), (Some(d(2026, 8, 31)), Some(DueStatus::Overdue)))]
#[case::awaiting_before_later_dates(vec![d(2027, 2, 28), d(2026, 12, 31)], true, d(2027, 1, 10), (Some(d(2026, 12, 31)), Some(DueStatus::AwaitingReport)))]
fn status_of_an_item_with_its_dates(
    #[case] dates: Vec<NaiveDate>,
    #[case] interim_filled: bool,
    #[case] on: NaiveDate,
    #[case] expected: (Option<NaiveDate>, Option<DueStatus>),
) {
    let cover = cover(interim_filled, false);
    assert_eq!(item_status(&dates, false, &cover, on), expected);
}

#[rstest]
#[case::none(vec![], None)]
#[case::single_past(vec![d(2026, 4, 30)], Some(d(2026, 4, 30)))]
#[case::earliest_not_passed(vec![d(2026, 12, 31), d(2026, 8, 31), d(2026, 5, 1)], Some(d(2026, 8, 31)))]
#[case::today_counts_as_not_passed(vec![d(2026, 6, 1), d(2026, 7, 1)], Some(d(2026, 6, 1)))]
#[case::all_passed_latest(vec![d(2026, 4, 30), d(2026, 5, 31), d(2026, 5, 1)], Some(d(2026, 5, 31)))]
fn chosen_due_date(#[case] dates: Vec<NaiveDate>, #[case] expected: Option<NaiveDate>) {
    assert_eq!(choose_due(&dates, today()), expected);
}

#[rstest]
#[case::filled(Report::Filled("済".into()), d(2026, 11, 2), ReportStatus::Submitted)]
#[case::empty_before(Report::Empty, d(2026, 10, 29), ReportStatus::NotSubmitted)]
#[case::empty_on_the_day(Report::Empty, d(2026, 10, 30), ReportStatus::NotSubmitted)]
#[case::empty_after(Report::Empty, d(2026, 10, 31), ReportStatus::Late)]
#[case::not_in_layout(Report::NotInLayout, d(2026, 10, 31), ReportStatus::NotInLayout)]
fn a_report_is_late_only_after_its_date(
    #[case] report: Report,
    #[case] on: NaiveDate,
    #[case] expected: ReportStatus,
) {
    let mut item = item("S", 5, "取組");
    item.interim = report;
    if matches!(item.interim, Report::NotInLayout) {
        item.cells = Default::default();
    }
    assert_eq!(
        ReportStatus::of_item(&item, Milestone::Interim, &reporting(), on),
        expected
    );
}

#[test]
fn counts_add_up_the_reports_and_states_of_items() {
    let mut late = item("S", 5, "遅れ");
    late.deadlines = vec![due(d(2026, 7, 31))];
    let mut waiting = item("S", 6, "待ち");
    waiting.deadlines = vec![due(d(2026, 10, 31))];
    let mut done = item("S", 7, "済");
    done.interim = Report::Filled("実施した".into());
    let on = d(2026, 11, 2);
    let mut counts = Counts::default();
    for item in [&late, &waiting, &done] {
        let (_, status) = item_state(item, &reporting(), on);
        counts.add_item(item, status, &reporting(), on);
    }
    assert_eq!(counts.items, 3);
    assert_eq!(
        counts.interim,
        ReportCounts {
            submitted: 1,
            late: 2,
            ..Default::default()
        }
    );
    assert_eq!(counts.year_end.not_submitted, 3);
    assert_eq!((counts.overdue, counts.awaiting_report), (1, 1));
    assert_eq!(counts.interim.rate(), Some(1.0 / 3.0));
    assert_eq!(
        counts.interim.shown(),
        vec![(ReportStatus::Submitted, 1), (ReportStatus::Late, 2)]
    );
}

#[test]
fn every_word_is_in_the_legend() {
    let legend: Vec<&str> = labels::LEGEND.iter().map(|(w, _)| *w).collect();
    for status in DueStatus::ALL {
        assert!(legend.contains(&status.label()), "{}", status.label());
    }
    for status in [
        ReportStatus::Submitted,
        ReportStatus::NotSubmitted,
        ReportStatus::Late,
    ] {
        assert!(legend.contains(&status.label()), "{}", status.label());
    }
    assert!(legend.contains(&labels::REPORT_NOT_IN_LAYOUT));
    assert!(legend.contains(&labels::REPORT_NO_CELL));
}
