//! Every mail address of the configuration checked before the settings
//! are built from it, each problem with its key (`departments[2].to[0]`):
//! the sender, Reply-To, the planning section's and every department's
//! and division's To and CC may carry a display name
//! (`企画課 <kikakuka@city.example.jp>`, as sending reads them); the
//! contact's `email`, shown as written at the foot of every mail, is a bare
//! address. Caught here, a mistyped address is not first seen as a
//! permanent delivery error on the day the mail is due.
//!
//! The addresses that are not ones are taken out of the tree, so that the
//! settings are still built and the rest of their values checked: every
//! problem is reported in one run, each under the key it was written at.

use serde_json::Value;

use super::ConfigError;
use super::collect::{PathSegment, dotted, lookup, remove, render_value};
use crate::i18n::t;
use mokuhyo_core::mail_address::MailAddress;

/// How an address of the configuration is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// With a display name if wanted.
    Mailbox,
    /// The address alone (empty: none).
    Bare,
}

/// The problems with the addresses of `tree`, in the order of the keys
/// (the sender, Reply-To, the planning section, the departments, the
/// divisions, the contact), each taken out of `tree`.
pub(super) fn take_invalid_addresses(tree: &mut Value) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    let mut invalid = Vec::new();
    for (path, form) in address_keys(tree) {
        let Some(Value::String(text)) = lookup(tree, &path) else {
            continue;
        };
        let problem = match form {
            Form::Mailbox => text
                .parse::<MailAddress>()
                .err()
                .map(|_| t!("config-mail-address")),
            Form::Bare if text.is_empty() => None,
            Form::Bare => MailAddress::bare(text)
                .err()
                .map(|_| t!("config-bare-mail-address")),
        };
        if let Some(message) = problem {
            errors.push(ConfigError {
                key: dotted(&path),
                value: Some(render_value(&Value::String(text.clone()))),
                message,
            });
            invalid.push(path);
        }
    }
    // The last first: an element taken out of a list leaves the indices
    // before it as they were.
    for path in invalid.iter().rev() {
        remove(tree, path);
    }
    errors
}

/// Where the configuration holds mail addresses, as far as `tree` has them.
fn address_keys(tree: &Value) -> Vec<(Vec<PathSegment>, Form)> {
    let key = |parts: &[&str]| -> Vec<PathSegment> {
        parts
            .iter()
            .map(|p| PathSegment::Key(p.to_string()))
            .collect()
    };
    let indexed = |path: Vec<PathSegment>| -> Vec<Vec<PathSegment>> {
        let count = lookup(tree, &path)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        (0..count)
            .map(|i| {
                let mut at = path.clone();
                at.push(PathSegment::Index(i));
                at
            })
            .collect()
    };
    let mut keys = vec![key(&["mail", "from"]), key(&["mail", "reply_to"])];
    keys.extend(indexed(key(&["mail", "planning"])));
    for section in ["departments", "divisions"] {
        for recipient in indexed(key(&[section])) {
            for list in ["to", "cc"] {
                let mut path = recipient.clone();
                path.push(PathSegment::Key(list.to_string()));
                keys.extend(indexed(path));
            }
        }
    }
    let mut out: Vec<(Vec<PathSegment>, Form)> =
        keys.into_iter().map(|path| (path, Form::Mailbox)).collect();
    out.push((key(&["mail", "contact", "email"]), Form::Bare));
    out
}
