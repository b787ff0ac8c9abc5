//! Asides on when the result is reported. A deadline is often followed by
//! a bracket telling when the work is then reported, submitted, made
//! public or decided: `9月末まで（10月に報告）`, `12月末（1月公表予定）`,
//! `年度内【報告は4月】`. Such a date comes after the deadline it follows
//! and is not a second due date for the work. A date in brackets that
//! comes before it, or on it, is a step of the work and stays a deadline:
//! `年度内（最終報告 3/15）`, `12月末（11月に中間報告）`.

use chrono::NaiveDate;

use super::DeadlineKind;
use super::scan::{Found, Scanner};

/// How far past an opening bracket its closing one is looked for.
const ASIDE_REACH: usize = 64;
/// Words of telling the result.
const REPORTING: [&str; 12] = [
    "報告", "提出", "公表", "発表", "公開", "決定", "議決", "承認", "説明", "周知", "通知", "答申",
];

/// Drops the readings of dates inside a bracket that opens right after a
/// due date, when the bracket names a word of reporting and the date is
/// later than that due date. Each bracket is read once: linear in the text.
pub(super) fn drop_report_asides(
    chars: &[char],
    found: &[Found],
    readings: &mut [Option<DeadlineKind>],
) {
    let text = Scanner::new(chars);
    for p in 0..found.len() {
        let Some(DeadlineKind::Due { date: due, .. }) = readings[p] else {
            continue;
        };
        let open = text.skip_spaces(found[p].end);
        let Some(close) = report_aside(&text, open) else {
            continue;
        };
        for q in p + 1..found.len() {
            if found[q].start >= close {
                break;
            }
            if is_later(&readings[q], due) {
                readings[q] = None;
            }
        }
    }
}

/// Where the bracket opening at `open` closes, when it names a word of
/// reporting.
fn report_aside(text: &Scanner<'_>, open: usize) -> Option<usize> {
    let closer = match text.at(open)? {
        '(' => ')',
        '[' => ']',
        '【' => '】',
        '〔' => '〕',
        _ => return None,
    };
    let close = (open + 1..open + ASIDE_REACH).find(|&i| text.at(i).is_none_or(|c| c == closer))?;
    if !text.is(close, closer) {
        return None;
    }
    (open + 1..close)
        .any(|i| text.word(i, &REPORTING).is_some())
        .then_some(close)
}

fn is_later(reading: &Option<DeadlineKind>, due: NaiveDate) -> bool {
    matches!(reading, Some(DeadlineKind::Due { date, .. }) if *date > due)
}
