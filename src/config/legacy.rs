//! Keys of earlier releases that name a time instead of a schedule:
//! `reminders.send_time`, `digest.weekday` and `watch.rescan_interval_secs`.
//! Each is rewritten into its cron schedule before the configuration is
//! read, and the rewrite is reported (at start and by `config check`) with
//! the line to write instead. A file that sets both the old and the new key
//! keeps the new one, and that is reported too.

use serde_json::{Map, Value};

use super::ScheduleKind;

/// Rewrites the old keys of `tree` in place; returns one notice per key.
pub(crate) fn upgrade(tree: &mut Value) -> Vec<String> {
    let mut notices = Vec::new();
    let send_time = section(tree, "reminders")
        .and_then(|s| s.get("send_time"))
        .and_then(Value::as_str)
        .and_then(hour_minute);
    if let Some(reminders) = section_mut(tree, "reminders")
        && let Some(old) = reminders.remove("send_time")
    {
        let new = send_time.map(|(h, m)| format!("0 {m} {h} * * Mon-Fri"));
        replace(
            reminders,
            "reminders",
            "send_time",
            &old,
            ScheduleKind::Reminders.name(),
            new,
            &mut notices,
        );
    }
    if let Some(digest) = section_mut(tree, "digest")
        && let Some(old) = digest.remove("weekday")
    {
        let (h, m) = send_time.unwrap_or((9, 0));
        let new = old
            .as_str()
            .and_then(weekday)
            .map(|day| format!("0 {m} {h} * * {day}"));
        replace(
            digest,
            "digest",
            "weekday",
            &old,
            ScheduleKind::PlanningDigest.name(),
            new,
            &mut notices,
        );
    }
    if let Some(watch) = section_mut(tree, "watch")
        && let Some(old) = watch.remove("rescan_interval_secs")
    {
        let new = as_seconds(&old).and_then(every);
        replace(
            watch,
            "watch",
            "rescan_interval_secs",
            &old,
            ScheduleKind::Rescan.name(),
            new,
            &mut notices,
        );
    }
    notices
}

fn replace(
    section: &mut Map<String, Value>,
    name: &str,
    old_key: &str,
    old: &Value,
    new_key: &str,
    new: Option<String>,
    notices: &mut Vec<String>,
) {
    let old_text = match old {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    if section.contains_key(new_key) {
        notices.push(format!(
            "{name}.{old_key} = {old_text} is ignored: {name}.{new_key} is set, and replaces it"
        ));
        return;
    }
    match new {
        Some(expr) => {
            notices.push(format!(
                "{name}.{old_key} = {old_text} is read as {name}.{new_key} = {expr:?}; write that instead"
            ));
            section.insert(new_key.to_string(), Value::String(expr));
        }
        None => {
            // Left for the reader to report with its key and value.
            section.insert(old_key.to_string(), old.clone());
        }
    }
}

fn section<'a>(tree: &'a Value, name: &str) -> Option<&'a Map<String, Value>> {
    tree.get(name)?.as_object()
}

fn section_mut<'a>(tree: &'a mut Value, name: &str) -> Option<&'a mut Map<String, Value>> {
    tree.get_mut(name)?.as_object_mut()
}

/// `09:00` → (9, 0).
fn hour_minute(text: &str) -> Option<(u32, u32)> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// `mon` … `sun` (any case, long names too) → `Mon` … `Sun`.
fn weekday(text: &str) -> Option<&'static str> {
    let day: chrono::Weekday = text.trim().parse().ok()?;
    Some(match day {
        chrono::Weekday::Mon => "Mon",
        chrono::Weekday::Tue => "Tue",
        chrono::Weekday::Wed => "Wed",
        chrono::Weekday::Thu => "Thu",
        chrono::Weekday::Fri => "Fri",
        chrono::Weekday::Sat => "Sat",
        chrono::Weekday::Sun => "Sun",
    })
}

/// A number of seconds, also as text (environment variables are text).
fn as_seconds(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// The schedule that fires every `secs` seconds on the clock: `""` for 0
/// (never); seconds, minutes or hours that divide the next unit evenly.
/// `None` for an interval no cron step expresses.
fn every(secs: u64) -> Option<String> {
    let step = |n: u64| {
        if n == 1 {
            "*".to_string()
        } else {
            format!("*/{n}")
        }
    };
    let (hours, minutes) = (secs / 3600, secs / 60);
    if secs == 0 {
        Some(String::new())
    } else if secs.is_multiple_of(3600) && 24u64.is_multiple_of(hours) {
        Some(format!("0 0 {} * * *", step(hours)))
    } else if secs.is_multiple_of(60) && 60u64.is_multiple_of(minutes) {
        Some(format!("0 {} * * * *", step(minutes)))
    } else if 60u64.is_multiple_of(secs) {
        Some(format!("{} * * * * *", step(secs)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[test]
    fn old_keys_become_schedules_with_a_notice_each() {
        let mut tree = json!({
            "reminders": {"send_time": "08:30"},
            "digest": {"weekday": "fri"},
            "watch": {"rescan_interval_secs": 600}
        });
        let notices = upgrade(&mut tree);
        assert_eq!(
            tree,
            json!({
                "reminders": {"send_schedule": "0 30 8 * * Mon-Fri"},
                "digest": {"schedule": "0 30 8 * * Fri"},
                "watch": {"rescan_schedule": "0 */10 * * * *"}
            })
        );
        assert_eq!(notices.len(), 3);
        assert!(
            notices[0].contains("reminders.send_time = \"08:30\" is read as reminders.send_schedule = \"0 30 8 * * Mon-Fri\""),
            "{notices:?}"
        );
    }

    #[test]
    fn the_new_key_wins() {
        let mut tree = json!({"watch": {"rescan_interval_secs": 60, "rescan_schedule": ""}});
        let notices = upgrade(&mut tree);
        assert_eq!(tree, json!({"watch": {"rescan_schedule": ""}}));
        assert!(notices[0].contains("is ignored"), "{notices:?}");
    }

    #[test]
    fn a_value_with_no_schedule_is_left_for_the_reader_to_refuse() {
        let mut tree =
            json!({"watch": {"rescan_interval_secs": 7}, "digest": {"weekday": "someday"}});
        assert!(upgrade(&mut tree).is_empty());
        assert_eq!(tree["watch"]["rescan_interval_secs"], 7);
        assert_eq!(tree["digest"]["weekday"], "someday");
    }

    #[rstest]
    #[case(0, Some(""))]
    #[case(1, Some("* * * * * *"))]
    #[case(2, Some("*/2 * * * * *"))]
    #[case(600, Some("0 */10 * * * *"))]
    #[case(60, Some("0 * * * * *"))]
    #[case(3600, Some("0 0 * * * *"))]
    #[case(7200, Some("0 0 */2 * * *"))]
    #[case(7, None)]
    #[case(86400 * 2, None)]
    fn intervals(#[case] secs: u64, #[case] expected: Option<&str>) {
        assert_eq!(every(secs).as_deref(), expected);
    }
}
