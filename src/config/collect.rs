//! Every problem of a configuration at once: a tree deserialized again
//! and again, each failing key reported with its value and removed, and
//! serde's and the TOML parser's messages said in the language in force.

use std::collections::BTreeMap;

use serde_json::Value;

use super::ConfigError;
use crate::i18n::t;
use mokuhyo_core::remind::config::InvalidReason;

/// Deserializes `tree`, collecting every error: each failing key is
/// reported with its value, removed, and deserialization tried again. The
/// value is what the tree gives without the failing keys (`None` when even
/// that fails). A key of `texts` (dotted, as an environment variable gave
/// it) where a text is expected takes its text as given.
pub(crate) fn deserialize_collecting<T: serde::de::DeserializeOwned>(
    mut tree: Value,
    texts: &BTreeMap<String, String>,
) -> (Option<T>, Vec<ConfigError>) {
    let mut errors = Vec::new();
    // Each round removes or mends one key, so the loop ends; the bound is a guard.
    for _ in 0..256 {
        match serde_path_to_error::deserialize::<_, T>(&tree) {
            Ok(value) => return (Some(value), errors),
            Err(err) => {
                let segments = path_segments(err.path());
                let message = err.inner().to_string();
                if message.ends_with("expected a string")
                    && let Some(text) = texts.get(&dotted(&segments))
                    && lookup(&tree, &segments).is_some_and(|v| !v.is_string())
                    && replace(&mut tree, &segments, Value::String(text.clone()))
                {
                    continue;
                }
                let unknown = unknown_field_name(&message);
                let mut key_path = segments.clone();
                if let Some(name) = &unknown
                    && key_path.last() != Some(&PathSegment::Key(name.clone()))
                {
                    key_path.push(PathSegment::Key(name.clone()));
                }
                let value = lookup(&tree, &key_path).map(render_value);
                errors.push(ConfigError {
                    key: dotted(&key_path),
                    value,
                    message: if unknown.is_some() {
                        t!("config-unknown-key")
                    } else {
                        serde_message(&message)
                    },
                });
                if !remove(&mut tree, &key_path) {
                    return (None, errors);
                }
            }
        }
    }
    (None, errors)
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum PathSegment {
    Key(String),
    Index(usize),
}

fn path_segments(path: &serde_path_to_error::Path) -> Vec<PathSegment> {
    path.iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Map { key } => Some(PathSegment::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(PathSegment::Index(*index)),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {
                None
            }
        })
        .collect()
}

fn unknown_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next().map(str::to_string)
}

pub(super) fn dotted(path: &[PathSegment]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSegment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        "(top level)".to_string()
    } else {
        out
    }
}

pub(super) fn lookup<'a>(tree: &'a Value, path: &[PathSegment]) -> Option<&'a Value> {
    path.iter().try_fold(tree, |node, seg| match seg {
        PathSegment::Key(k) => node.get(k),
        PathSegment::Index(i) => node.get(i),
    })
}

pub(super) fn remove(tree: &mut Value, path: &[PathSegment]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = tree;
    for seg in parents {
        let next = match seg {
            PathSegment::Key(k) => node.get_mut(k),
            PathSegment::Index(i) => node.get_mut(*i),
        };
        match next {
            Some(n) => node = n,
            None => return false,
        }
    }
    match (last, node) {
        (PathSegment::Key(k), Value::Object(map)) => map.remove(k).is_some(),
        (PathSegment::Index(i), Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        _ => false,
    }
}

/// Puts `value` at `path` of `tree`; whether there was one to replace.
fn replace(tree: &mut Value, path: &[PathSegment], value: Value) -> bool {
    let node = path.iter().try_fold(tree, |node, seg| match seg {
        PathSegment::Key(k) => node.get_mut(k),
        PathSegment::Index(i) => node.get_mut(*i),
    });
    match node {
        Some(node) => {
            *node = value;
            true
        }
        None => false,
    }
}

pub(super) fn render_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// The TOML parser's report in the language in force: in Japanese, the
/// line and column, the line as written and what is wrong (a backslash in
/// double quotes, as in a Windows path, with the hint to use single
/// quotes); in English, the parser's own words.
pub(super) fn syntax_message(message: &str) -> String {
    const AT: &str = "TOML parse error at line ";
    if crate::i18n::language() == crate::i18n::Language::English {
        return message.to_string();
    }
    let Some((line, column)) = message
        .split_once(AT)
        .and_then(|(_, rest)| rest.lines().next())
        .and_then(|place| place.split_once(", column "))
    else {
        return message.to_string();
    };
    let reason = message
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    // The line as written: `18 | path = "C:\Users\…"`.
    let written = message
        .lines()
        .find_map(|l| {
            l.split_once(" | ")
                .filter(|(n, _)| n.trim() == line)
                .map(|(_, text)| text.to_string())
        })
        .unwrap_or_default();
    let what = if reason.contains("escape") || reason.contains("unicode") {
        t!("config-toml-backslash")
    } else if reason.starts_with("duplicate key") {
        t!("config-toml-duplicate")
    } else if reason.starts_with("unclosed table") || reason.starts_with("unclosed array") {
        t!("config-toml-unclosed")
    } else if reason.contains("string") || reason.contains("expected `\"`") {
        t!("config-toml-string")
    } else if reason.starts_with("expected") || reason.starts_with("invalid") {
        t!("config-toml-value")
    } else {
        t!("config-toml-other", reason = reason)
    };
    t!(
        "config-toml-syntax",
        line = line,
        column = column,
        written = written,
        what = what
    )
}

/// serde's type words (`string "soon"`, `u64`, `a boolean`) in the language
/// in force.
fn serde_kind(text: &str) -> String {
    if crate::i18n::language() == crate::i18n::Language::English {
        return text.to_string();
    }
    let (head, rest) = text.split_once(' ').unwrap_or((text, ""));
    let value = rest
        .strip_prefix("point ")
        .unwrap_or(rest)
        .trim_matches('`');
    let value = value.to_string();
    match head {
        "string" => t!("config-kind-string", value = value),
        "integer" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            t!("config-kind-integer", value = value)
        }
        "floating" | "f32" | "f64" => t!("config-kind-float", value = value),
        "boolean" => t!("config-kind-boolean", value = value),
        "sequence" => t!("config-kind-sequence", value = value),
        "map" => t!("config-kind-map", value = value),
        "u8" | "u16" | "u32" | "u64" | "usize" => {
            t!("config-kind-unsigned", value = value)
        }
        "a" | "an" => serde_kind(rest),
        _ => text.to_string(),
    }
}

/// serde's message in the language in force, for the messages a
/// configuration file meets (a wrong type, an unknown variant); others as
/// serde gives them.
fn serde_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return t!(
            "config-invalid-type",
            found = serde_kind(found),
            expected = serde_kind(expected)
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return t!("config-unknown-variant", found = found, expected = expected);
    }
    if let Some(text) = message.strip_prefix("not a month/day (MM/DD): ") {
        return t!("config-not-month-day", text = text);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return t!("config-invalid-value", found = found, expected = expected);
    }
    message.to_string()
}

/// Checks of values that parse but make no sense.
/// Why a reminders value cannot be used, in the user's language.
pub(super) fn invalid_reason(reason: InvalidReason) -> String {
    match reason {
        InvalidReason::NotAFiscalYear => t!("config-not-a-fiscal-year"),
        InvalidReason::OutsideFiscalYear(year) => t!("config-outside-fiscal-year", year = year),
        InvalidReason::NotNearFiscalYear(year) => t!("config-not-near-fiscal-year", year = year),
        InvalidReason::UnknownTimeZone => t!("config-unknown-time-zone"),
        InvalidReason::AtLeast(min) => t!("config-at-least", min = min),
    }
}
