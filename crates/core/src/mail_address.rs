//! A mail address as the configuration and the roster write it, checked
//! once where it is read: `総務課 <somu@city.example.jp>` (a mailbox, with
//! its display name) or `somu@city.example.jp`.
//!
//! It reads what lettre reads, so that an address that loads is one that
//! sending takes: a mailbox as `lettre::message::Mailbox` parses it
//! ([`grammar`]), a bare address as `lettre::Address` does, the user and
//! the domain checked with the same crates lettre checks them with
//! (`email_address`, and `idna` for a domain that is valid once in ASCII).
//! The shell's tests compare the two.
//!
//! An address shows (and is recorded in the ledger) as it was written; two
//! addresses are the same when their display names and addresses are,
//! however they were quoted or spaced.

mod grammar;

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use email_address::EmailAddress;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A checked mail address, with its display name when one was written.
#[derive(Debug, Clone)]
pub struct MailAddress {
    /// As written: how it is shown and recorded.
    written: String,
    /// The display name, unquoted (`総務課`).
    name: Option<String>,
    /// `user@domain`, as lettre puts it together.
    address: String,
    /// Where the `@` between the user and the domain is in `address`.
    at: usize,
}

/// Why a text is not a mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a mail address: {reason}")]
pub struct AddressError {
    /// The text as given.
    pub text: String,
    pub reason: AddressProblem,
}

/// What is wrong with a text that is not a mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressProblem {
    #[error("not of the form user@domain or Name <user@domain>")]
    Form,
    #[error("the part before @ is not a mail user")]
    User,
    #[error("the part after @ is not a domain")]
    Domain,
}

impl MailAddress {
    /// Reads a bare address (`somu@city.example.jp`), as `lettre::Address`
    /// reads one: no display name, no white space around it.
    pub fn bare(text: &str) -> Result<MailAddress, AddressError> {
        let error = |reason| AddressError {
            text: text.to_string(),
            reason,
        };
        let (user, domain) = text.rsplit_once('@').ok_or(error(AddressProblem::Form))?;
        check_user(user).map_err(error)?;
        check_domain(domain).map_err(error)?;
        Ok(MailAddress {
            written: text.to_string(),
            name: None,
            address: text.to_string(),
            at: user.len(),
        })
    }

    /// The display name, unquoted, when one was written.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// `user@domain`, without the display name.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The part before the `@`.
    pub fn user(&self) -> &str {
        &self.address[..self.at]
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        &self.address[self.at + 1..]
    }

    /// The domain as it goes on the wire: in ASCII, a domain in Japanese
    /// (`市役所.example.jp`) as its IDNA A-labels (`xn--…`), which every mail
    /// server takes; SMTPUTF8 is then needed for a user part in Unicode
    /// alone. The check on reading made sure the conversion succeeds.
    pub fn ascii_domain(&self) -> std::borrow::Cow<'_, str> {
        let domain = self.domain();
        if domain.is_ascii() {
            return std::borrow::Cow::Borrowed(domain);
        }
        idna::domain_to_ascii(domain).map_or(std::borrow::Cow::Borrowed(domain), Into::into)
    }

    /// The text it was read from.
    pub fn as_written(&self) -> &str {
        &self.written
    }

    /// An address known to be one, for built-in defaults.
    pub(crate) fn known(user: &str, domain: &str) -> MailAddress {
        let address = format!("{user}@{domain}");
        MailAddress {
            written: address.clone(),
            name: None,
            address,
            at: user.len(),
        }
    }
}

/// Addresses as written, between `separator`s (`a@x, b@x`).
pub fn joined(addresses: &[MailAddress], separator: &str) -> String {
    let written: Vec<&str> = addresses.iter().map(MailAddress::as_written).collect();
    written.join(separator)
}

/// lettre's check of the user part.
fn check_user(user: &str) -> Result<(), AddressProblem> {
    if EmailAddress::is_valid_local_part(user) {
        Ok(())
    } else {
        Err(AddressProblem::User)
    }
}

/// lettre's check of the domain: a domain name or an IP address, as
/// written or once in ASCII (IDNA).
fn check_domain(domain: &str) -> Result<(), AddressProblem> {
    let ascii = |domain: &str| {
        let ip = domain
            .strip_prefix('[')
            .and_then(|ip| ip.strip_suffix(']'))
            .unwrap_or(domain);
        EmailAddress::is_valid_domain(domain) || ip.parse::<core::net::IpAddr>().is_ok()
    };
    let valid = ascii(domain) || idna::domain_to_ascii(domain).is_ok_and(|d| ascii(&d));
    if valid {
        Ok(())
    } else {
        Err(AddressProblem::Domain)
    }
}

impl FromStr for MailAddress {
    type Err = AddressError;

    /// Reads a mailbox (`総務課 <somu@city.example.jp>`, or an address
    /// alone), as `lettre::message::Mailbox` reads one.
    fn from_str(text: &str) -> Result<MailAddress, AddressError> {
        let error = |reason| AddressError {
            text: text.to_string(),
            reason,
        };
        let parts = grammar::mailbox(text).ok_or(error(AddressProblem::Form))?;
        check_user(&parts.user).map_err(error)?;
        check_domain(&parts.domain).map_err(error)?;
        Ok(MailAddress {
            written: text.to_string(),
            name: parts.name,
            at: parts.user.len(),
            address: format!("{}@{}", parts.user, parts.domain),
        })
    }
}

impl PartialEq for MailAddress {
    fn eq(&self, other: &MailAddress) -> bool {
        (&self.name, &self.address) == (&other.name, &other.address)
    }
}

impl Eq for MailAddress {}

impl PartialOrd for MailAddress {
    fn partial_cmp(&self, other: &MailAddress) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MailAddress {
    /// By display name, then address.
    fn cmp(&self, other: &MailAddress) -> std::cmp::Ordering {
        (&self.name, &self.address).cmp(&(&other.name, &other.address))
    }
}

impl Hash for MailAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.name, &self.address).hash(state);
    }
}

impl fmt::Display for MailAddress {
    /// As written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl Serialize for MailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written)
    }
}

impl<'de> Deserialize<'de> for MailAddress {
    /// A mailbox, as [`FromStr`] reads it.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<MailAddress, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Bare addresses, as [`MailAddress::bare`] reads them: for
/// `#[serde(deserialize_with)]` on a list of them (the roster's).
pub fn deserialize_bare<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<MailAddress>, D::Error> {
    Vec::<String>::deserialize(deserializer)?
        .iter()
        .map(|text| MailAddress::bare(text).map_err(serde::de::Error::custom))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("somu@city.example.jp", None, "somu@city.example.jp")]
    #[case(
        "総務課 <somu@city.example.jp>",
        Some("総務課"),
        "somu@city.example.jp"
    )]
    #[case(
        "企画課（目標管理システム） <mokuhyo@city.example.jp>",
        Some("企画課（目標管理システム）"),
        "mokuhyo@city.example.jp"
    )]
    #[case("\"Yamada, Taro\" <t@x.jp>", Some("Yamada, Taro"), "t@x.jp")]
    #[case("a@市役所.jp", None, "a@市役所.jp")]
    fn mailboxes_keep_their_name_and_address(
        #[case] text: &str,
        #[case] name: Option<&str>,
        #[case] address: &str,
    ) {
        let parsed: MailAddress = text.parse().unwrap();
        assert_eq!((parsed.name(), parsed.address()), (name, address));
        assert_eq!(parsed.to_string(), text);
        assert_eq!(format!("{}@{}", parsed.user(), parsed.domain()), address);
    }

    #[rstest]
    #[case("oops", AddressProblem::Form)]
    #[case("", AddressProblem::Form)]
    #[case("a b@c", AddressProblem::Form)]
    #[case("zaisei@@city", AddressProblem::Form)]
    #[case("kikaku at city", AddressProblem::Form)]
    #[case("a..b@c.jp", AddressProblem::Form)]
    #[case("\"a b\"@c.jp", AddressProblem::User)]
    #[case("a@-c.jp", AddressProblem::Domain)]
    fn what_is_not_a_mailbox_says_why(#[case] text: &str, #[case] reason: AddressProblem) {
        let err = text.parse::<MailAddress>().unwrap_err();
        assert_eq!(err.reason, reason, "{err}");
    }

    #[rstest]
    #[case("somu@city.example.jp", true)]
    #[case("\"a(b\"@c.jp", true)]
    #[case("総務課 <somu@city.example.jp>", false)]
    #[case(" somu@city.example.jp", false)]
    #[case("somu", false)]
    fn bare_addresses_have_no_name_nor_space(#[case] text: &str, #[case] valid: bool) {
        assert_eq!(MailAddress::bare(text).is_ok(), valid);
    }

    #[test]
    fn the_same_mailbox_however_quoted_or_spaced_is_the_same() {
        let a: MailAddress = "総務課 <somu@city.example.jp>".parse().unwrap();
        let b: MailAddress = "\"総務課\"   <somu@city.example.jp>".parse().unwrap();
        let c: MailAddress = "総務部 <somu@city.example.jp>".parse().unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a.to_string(), b.to_string());
    }

    #[test]
    fn serde_writes_and_reads_the_text_as_written() {
        let a: MailAddress = "総務課 <somu@city.example.jp>".parse().unwrap();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"総務課 <somu@city.example.jp>\"");
        let back: MailAddress = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_string(), a.to_string());
        assert!(serde_json::from_str::<MailAddress>("\"oops\"").is_err());
    }

    proptest! {
        /// What is read shows as written and reads again as the same.
        #[test]
        fn a_mailbox_reads_back_from_its_text(
            name in proptest::option::of("[a-zA-Z総務課 ]{1,12}"),
            user in "[a-z0-9][a-z0-9._+-]{0,10}[a-z0-9]",
            domain in "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9]{0,8}){0,3}",
        ) {
            let text = match &name {
                Some(name) => format!("{name} <{user}@{domain}>"),
                None => format!("{user}@{domain}"),
            };
            if let Ok(parsed) = text.parse::<MailAddress>() {
                prop_assert_eq!(parsed.to_string(), text.clone());
                let again: MailAddress = parsed.to_string().parse().unwrap();
                prop_assert_eq!(&again, &parsed);
                prop_assert_eq!(again.address(), format!("{user}@{domain}"));
            } else {
                // Only a user with two dots in a row fails.
                prop_assert!(user.contains(".."), "{}", text);
            }
        }
    }
}
