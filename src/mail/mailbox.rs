//! The core's checked [`MailAddress`] as lettre's `Mailbox`, where a mail
//! is built. The core reads an address as lettre reads it (the tests here
//! compare the two on a table and on generated text), so the conversion
//! has no failure path.
//!
//! What is sent differs from what was read in two ways only: a domain in
//! Japanese goes as its IDNA A-labels (`xn--…`), as mail clients and
//! Postfix send it to a server without SMTPUTF8, and the display name
//! leaves out the control and bidirectional formatting characters a
//! roster's name may hold.

use lettre::Address;
use lettre::message::Mailbox;

use mokuhyo_core::mail_address::MailAddress;

/// `address` as the mailbox a mail is sent to or from: its display name
/// and user, its domain in ASCII ([`MailAddress::ascii_domain`]).
pub(crate) fn sending_mailbox(address: &MailAddress) -> Mailbox {
    // The core checked the user and the domain with lettre's own checks.
    let email = Address::new_dangerous(address.user(), address.ascii_domain());
    let name = address.name().map(|name| {
        name.chars()
            .filter(|c| !mokuhyo_core::shown_text::is_steering(*c))
            .collect()
    });
    Mailbox::new(name, email)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    /// `address` as lettre's mailbox, as it was read.
    fn lettre_mailbox(address: &MailAddress) -> Mailbox {
        let email = Address::new_dangerous(address.user(), address.domain());
        Mailbox::new(address.name().map(str::to_string), email)
    }

    #[rstest]
    #[case("somu@city.example.jp", "somu@city.example.jp")]
    #[case("somu@市役所.example.jp", "somu@xn--7sto6a74d.example.jp")]
    #[case("総務課 <somu@市役所.Example.jp>", "somu@xn--7sto6a74d.example.jp")]
    fn a_domain_in_japanese_is_sent_in_ascii(#[case] text: &str, #[case] sent: &str) {
        let address: MailAddress = text.parse().unwrap();
        assert_eq!(sending_mailbox(&address).email.to_string(), sent);
    }

    #[test]
    fn a_display_name_is_sent_without_steering_characters() {
        let address: MailAddress = "\"総務\u{202E}課\" <somu@city.example.jp>".parse().unwrap();
        assert_eq!(sending_mailbox(&address).name.as_deref(), Some("総務課"));
    }

    /// Where lettre and the core part on `text` as a mailbox (both must
    /// refuse it, or both read the same name and address); none when they
    /// agree.
    fn disagreement_as_mailbox(text: &str) -> Option<String> {
        let theirs = text.parse::<Mailbox>().ok();
        let ours = text.parse::<MailAddress>().ok();
        let ours_as_lettre = ours.as_ref().map(lettre_mailbox);
        (theirs != ours_as_lettre).then(|| format!("{text:?}: lettre {theirs:?}, core {ours:?}"))
    }

    /// The same for a bare address (the roster's).
    fn disagreement_as_bare(text: &str) -> Option<String> {
        let theirs = text.parse::<Address>().ok();
        let ours = MailAddress::bare(text).ok();
        let ours_as_lettre = ours.as_ref().map(|a| lettre_mailbox(a).email);
        (theirs != ours_as_lettre).then(|| format!("{text:?}: lettre {theirs:?}, core {ours:?}"))
    }

    #[rstest]
    #[case("somu@city.example.jp")]
    #[case("総務課 <somu@city.example.jp>")]
    #[case("企画課（目標管理システム） <mokuhyo@city.example.jp>")]
    #[case("企画課 企画係 <kikakuka@city.example.jp>")]
    #[case("\"企画課, 企画係\" <kikakuka@city.example.jp>")]
    #[case("\"  a   b  \" <k@x.jp>")]
    #[case("T. Yamada <k@x.jp>")]
    #[case("Yamada  Taro<k@x.jp>")]
    #[case("<somu@city.example.jp>")]
    #[case("  somu@city.example.jp\u{3000}")]
    #[case("\"k.x\"@x.jp")]
    #[case("\"a b\"@x.jp")]
    #[case("\"a\\\"b\" <k@x.jp>")]
    #[case("a@市役所.jp")]
    #[case("a@☃.jp")]
    #[case("a@1.2.3.4")]
    #[case("a@[1.2.3.4]")]
    #[case("mokuhyo@localhost")]
    #[case("oops")]
    #[case("")]
    #[case("kikaku at city")]
    #[case("zaisei@@city")]
    #[case("a b@c")]
    #[case("a..b@c.jp")]
    #[case("a@-c.jp")]
    #[case("a@c.jp>")]
    #[case("Name <a@c.jp")]
    #[case("a, b <k@x.jp>")]
    #[case("a@b\nc")]
    fn the_core_reads_a_mailbox_as_lettre_does(#[case] text: &str) {
        assert_eq!(disagreement_as_mailbox(text), None);
    }

    #[rstest]
    #[case("somu@city.example.jp")]
    #[case("\"a(b\"@c.jp")]
    #[case("\"a b\"@c.jp")]
    #[case("総務課 <somu@city.example.jp>")]
    #[case(" somu@city.example.jp")]
    #[case("somu")]
    #[case("a@b@c.jp")]
    #[case("a@[::1]")]
    #[case("a@☃.jp")]
    fn the_core_reads_a_bare_address_as_lettre_does(#[case] text: &str) {
        assert_eq!(disagreement_as_bare(text), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any text of the characters that matter to the grammar.
        #[test]
        fn any_text_reads_the_same(
            text in "[a-z0-9@.<>\" \\\\\t,;()\\[\\]:!#_-総課\u{3000}]{0,24}",
        ) {
            prop_assert_eq!(disagreement_as_mailbox(&text), None);
            prop_assert_eq!(disagreement_as_bare(&text), None);
        }

        /// Texts shaped like addresses, so that many of them are ones.
        #[test]
        fn address_shaped_text_reads_the_same(
            name in "(\"[a-z 総,.\\\\\"]{0,6}\" ?|[a-z総.]{1,5} {0,2}){0,2}",
            user in "(\"[a-z .()]{0,5}\"|[a-z0-9.+-]{0,6})",
            domain in "[a-z0-9.☃-]{0,10}",
            angled in any::<bool>(),
            space in "[ \t]{0,2}",
        ) {
            let text = if angled {
                format!("{space}{name}<{user}@{domain}>{space}")
            } else {
                format!("{space}{user}@{domain}{space}")
            };
            prop_assert_eq!(disagreement_as_mailbox(&text), None);
            prop_assert_eq!(disagreement_as_bare(&text), None);
        }
    }
}
