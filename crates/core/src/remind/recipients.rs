//! Who a mail goes to: its To and CC addresses, and the one form the
//! ledger records them in, `to=a@x,b@x;cc=c@x` (each address as written),
//! written by [`Recipients::stored`] and read back by
//! [`Recipients::from_stored`]. A mail that failed for good is tried again
//! when its recipients change: the recipients read back are compared as
//! addresses, not as text.

use serde::Serialize;

use crate::mail_address::{AddressError, MailAddress, joined};

/// The To and CC addresses of a mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Recipients {
    pub to: Vec<MailAddress>,
    pub cc: Vec<MailAddress>,
}

/// Recorded recipients that do not read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredRecipientsError {
    #[error("the recorded recipients {text:?} are not of the form to=…;cc=…")]
    Form { text: String },
    #[error("the recorded recipients {text:?}: {source}")]
    Address {
        text: String,
        #[source]
        source: AddressError,
    },
}

impl Recipients {
    /// `to=a@x,b@x;cc=c@x`: how the ledger records them.
    pub fn stored(&self) -> String {
        format!("to={};cc={}", joined(&self.to, ","), joined(&self.cc, ","))
    }

    /// Reads [`Recipients::stored`]'s form back. An address is read as a
    /// mailbox, or as a bare address (the roster's).
    pub fn from_stored(text: &str) -> Result<Recipients, StoredRecipientsError> {
        let form = || StoredRecipientsError::Form {
            text: text.to_string(),
        };
        let lists = text.strip_prefix("to=").ok_or_else(form)?;
        let (to, cc) = match split_outside_quotes(lists, ';').as_slice() {
            [to, cc] => (*to, cc.strip_prefix("cc=").ok_or_else(form)?),
            _ => return Err(form()),
        };
        let list = |part: &str| -> Result<Vec<MailAddress>, StoredRecipientsError> {
            if part.is_empty() {
                return Ok(Vec::new());
            }
            split_outside_quotes(part, ',')
                .into_iter()
                .map(|address| {
                    address
                        .parse()
                        .or_else(|err| MailAddress::bare(address).map_err(|_| err))
                        .map_err(|source| StoredRecipientsError::Address {
                            text: text.to_string(),
                            source,
                        })
                })
                .collect()
        };
        Ok(Recipients {
            to: list(to)?,
            cc: list(cc)?,
        })
    }
}

/// `text` cut at each `separator` outside double quotes (a quoted `"`
/// after a backslash stays quoted). A mail address has no `,` nor `;`
/// outside quotes.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn addresses(texts: &[&str]) -> Vec<MailAddress> {
        texts.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[rstest]
    #[case("to=;cc=", &[], &[])]
    #[case("to=kikaku@city.example.jp;cc=", &["kikaku@city.example.jp"], &[])]
    #[case(
        "to=a@x.jp,総務課 <b@x.jp>;cc=c@x.jp",
        &["a@x.jp", "総務課 <b@x.jp>"],
        &["c@x.jp"]
    )]
    #[case(
        "to=\"Yamada, Taro; 係長\" <t@x.jp>;cc=\"a\\\"; b\" <c@x.jp>",
        &["\"Yamada, Taro; 係長\" <t@x.jp>"],
        &["\"a\\\"; b\" <c@x.jp>"]
    )]
    fn the_stored_form_reads_back(#[case] text: &str, #[case] to: &[&str], #[case] cc: &[&str]) {
        let read = Recipients::from_stored(text).unwrap();
        assert_eq!(read.to, addresses(to));
        assert_eq!(read.cc, addresses(cc));
        assert_eq!(read.stored(), text);
    }

    #[test]
    fn a_roster_address_that_is_only_bare_reads_back() {
        let bare = MailAddress::bare("\"a(b\"@c.jp").unwrap();
        let recipients = Recipients {
            to: vec![bare],
            cc: Vec::new(),
        };
        let text = recipients.stored();
        assert_eq!(text, "to=\"a(b\"@c.jp;cc=");
        assert_eq!(Recipients::from_stored(&text).unwrap(), recipients);
    }

    #[rstest]
    #[case("")]
    #[case("to=a@x.jp")]
    #[case("cc=;to=")]
    #[case("to=a@x.jp;cc=;cc=")]
    #[case("to=oops;cc=")]
    #[case("to=a@x.jp,;cc=")]
    fn what_is_not_the_stored_form_does_not_read(#[case] text: &str) {
        assert!(Recipients::from_stored(text).is_err(), "{text}");
    }

    #[test]
    fn the_same_addresses_written_otherwise_are_the_same_recipients() {
        let a = Recipients::from_stored("to=総務課 <somu@x.jp>;cc=").unwrap();
        let b = Recipients::from_stored("to=\"総務課\"  <somu@x.jp>;cc=").unwrap();
        let c = Recipients::from_stored("to=somu@x.jp;cc=").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    fn mailbox() -> impl Strategy<Value = MailAddress> {
        (
            proptest::option::of("(\"[a-z ,;総]{1,6}\"|[a-z総]{1,6})"),
            "[a-z0-9]{1,6}",
            "[a-z]{1,6}\\.(jp|example\\.jp)",
        )
            .prop_map(|(name, user, domain)| {
                let text = match name {
                    Some(name) => format!("{name} <{user}@{domain}>"),
                    None => format!("{user}@{domain}"),
                };
                text.parse().unwrap()
            })
    }

    proptest! {
        /// What is stored reads back as the same recipients, and stores
        /// again as the same text.
        #[test]
        fn the_stored_form_round_trips(
            to in proptest::collection::vec(mailbox(), 0..4),
            cc in proptest::collection::vec(mailbox(), 0..4),
        ) {
            let recipients = Recipients { to, cc };
            let text = recipients.stored();
            let read = Recipients::from_stored(&text).unwrap();
            prop_assert_eq!(&read, &recipients);
            prop_assert_eq!(read.stored(), text);
        }
    }
}
