//! The mailbox grammar lettre reads (`lettre::message::Mailbox`'s
//! `FromStr`, its RFC 2822 subset: no comments, no domain literals, UTF-8
//! allowed in atoms and quoted strings), written again here so that the
//! core can read an address the way sending will. Each function follows
//! lettre's parser of the same name, with its ordered choices and greedy
//! repetitions (a choice that matched is never taken back); the shell's
//! tests compare the two on a table and on generated text.
//!
//! Parsers take the input and give what is left after what they read.

/// What a mailbox is made of, before the user and domain are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MailboxParts {
    /// The display name: quotes removed, words joined as lettre joins them.
    pub name: Option<String>,
    pub user: String,
    pub domain: String,
}

/// `mailbox = name-addr / addr-spec`, with white space around it.
pub(super) fn mailbox(input: &str) -> Option<MailboxParts> {
    let input = input.trim_start_matches(char::is_whitespace);
    // lettre's `alt`: a name-addr that reads is kept even when what
    // follows it is not the end.
    let (rest, name, (user, domain)) = match name_addr(input) {
        Some(read) => read,
        None => {
            let (rest, address) = addr_spec(input)?;
            (rest, None, address)
        }
    };
    rest.trim_start_matches(char::is_whitespace)
        .is_empty()
        .then_some(MailboxParts { name, user, domain })
}

/// `FWS`: spaces and tabs, and the first of them (lettre keeps one).
fn fws(input: &str) -> (&str, Option<char>) {
    let first = input.chars().next().filter(|c| matches!(c, ' ' | '\t'));
    (input.trim_start_matches([' ', '\t']), first)
}

/// `atext`, with any character beyond ASCII allowed.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii()
}

/// The length in bytes of the run of `atext` `input` starts with, when
/// there is one.
fn atext_run(input: &str) -> Option<usize> {
    let end = input.find(|c| !is_atext(c)).unwrap_or(input.len());
    (end > 0).then_some(end)
}

/// `atom = [CFWS] 1*atext` (no trailing white space, as in lettre).
fn atom(input: &str) -> Option<(&str, &str)> {
    let input = fws(input).0;
    let end = atext_run(input)?;
    Some((&input[end..], &input[..end]))
}

/// `dot-atom = [CFWS] 1*atext *("." 1*atext)`: a dot not followed by an
/// atext is left unread.
fn dot_atom(input: &str) -> Option<(&str, &str)> {
    let input = fws(input).0;
    let mut end = atext_run(input)?;
    while let Some(more) = input[end..].strip_prefix('.').and_then(atext_run) {
        end += 1 + more;
    }
    Some((&input[end..], &input[..end]))
}

/// `qtext`: the printable ASCII but `"` and `\`, and the controls other
/// than white space.
fn is_qtext(c: char) -> bool {
    matches!(u32::from(c), 1..=8 | 11 | 12 | 14..=31 | 33 | 35..=91 | 93..=127)
}

/// `text`: any ASCII character but NUL, CR and LF.
fn is_text(c: char) -> bool {
    matches!(u32::from(c), 1..=9 | 11 | 12 | 14..=127)
}

/// `qcontent = qtext / quoted-pair / UTF8-non-ascii`.
fn qcontent(input: &str) -> Option<(&str, char)> {
    let mut chars = input.chars();
    let c = chars.next()?;
    if is_qtext(c) || !c.is_ascii() {
        return Some((chars.as_str(), c));
    }
    let quoted = chars.next().filter(|&q| c == '\\' && is_text(q))?;
    Some((chars.as_str(), quoted))
}

/// `quoted-string = DQUOTE *([FWS] qcontent) [FWS] DQUOTE`, unquoted: of
/// the white space before a character, its first is kept; white space
/// before the closing quote is dropped.
fn quoted_string(input: &str) -> Option<(&str, String)> {
    let mut rest = input.strip_prefix('"')?;
    let mut text = String::new();
    loop {
        let (after_space, space) = fws(rest);
        let Some((after, c)) = qcontent(after_space) else {
            break;
        };
        text.extend(space);
        text.push(c);
        rest = after;
    }
    let rest = fws(rest).0.strip_prefix('"')?;
    Some((rest, text))
}

/// `word = quoted-string / atom`.
fn word(input: &str) -> Option<(&str, String)> {
    quoted_string(input).or_else(|| atom(input).map(|(rest, a)| (rest, a.to_string())))
}

/// `phrase`, read as lettre reads it, through `obs-phrase = word *(word /
/// "." / CFWS)`: a space between two parts when white space separated
/// them. (lettre's other choice, `1*word`, can only read what this one
/// reads first.)
fn phrase(input: &str) -> Option<(&str, String)> {
    let (mut rest, mut text) = word(input)?;
    loop {
        let (after_space, space) = fws(rest);
        let part = word(after_space)
            .or_else(|| after_space.strip_prefix('.').map(|r| (r, ".".to_string())));
        let Some((after, part)) = part else {
            break;
        };
        if space.is_some() {
            text.push(' ');
        }
        text.push_str(&part);
        rest = after;
    }
    Some((rest, text))
}

type UserDomain = (String, String);

/// `name-addr = [display-name] angle-addr`; a display name that reads is
/// kept even when no angle address follows it (then this fails).
fn name_addr(input: &str) -> Option<(&str, Option<String>, UserDomain)> {
    let (rest, name) = match phrase(input) {
        Some((rest, name)) => (rest, Some(name)),
        None => (input, None),
    };
    let (rest, address) = angle_addr(rest)?;
    Some((rest, name, address))
}

/// `angle-addr = [CFWS] "<" addr-spec ">" [CFWS]`.
fn angle_addr(input: &str) -> Option<(&str, UserDomain)> {
    let inner = fws(input).0.strip_prefix('<')?;
    let (rest, address) = addr_spec(inner)?;
    let rest = rest.strip_prefix('>')?;
    Some((fws(rest).0, address))
}

/// `addr-spec = local-part "@" domain`. lettre's `obs-local-part` and
/// `obs-domain` come after choices that read whatever they could, so they
/// are left out.
fn addr_spec(input: &str) -> Option<(&str, UserDomain)> {
    let (rest, user) = match dot_atom(input) {
        Some((rest, user)) => (rest, user.to_string()),
        None => quoted_string(input)?,
    };
    let (rest, domain) = dot_atom(rest.strip_prefix('@')?)?;
    Some((rest, (user, domain.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn parts(name: Option<&str>, user: &str, domain: &str) -> Option<MailboxParts> {
        Some(MailboxParts {
            name: name.map(str::to_string),
            user: user.to_string(),
            domain: domain.to_string(),
        })
    }

    #[rstest]
    #[case("somu@city.example.jp", parts(None, "somu", "city.example.jp"))]
    #[case("  somu@city.example.jp\t", parts(None, "somu", "city.example.jp"))]
    #[case(
        "総務課 <somu@city.example.jp>",
        parts(Some("総務課"), "somu", "city.example.jp")
    )]
    #[case("<somu@city.example.jp>", parts(None, "somu", "city.example.jp"))]
    #[case(
        "\"企画課 企画係\" <k@x.jp>",
        parts(Some("企画課 企画係"), "k", "x.jp")
    )]
    #[case("\"  a   b  \" <k@x.jp>", parts(Some(" a b"), "k", "x.jp"))]
    #[case("Yamada  Taro<k@x.jp>", parts(Some("Yamada Taro"), "k", "x.jp"))]
    #[case("T. Yamada <k@x.jp>", parts(Some("T. Yamada"), "k", "x.jp"))]
    #[case("\"a\\\"b\" <k@x.jp>", parts(Some("a\"b"), "k", "x.jp"))]
    #[case("\"k.x\"@x.jp", parts(None, "k.x", "x.jp"))]
    #[case("< k@x.jp>", parts(None, "k", "x.jp"))]
    #[case("k@x.", None)]
    #[case("k@x.jp junk", None)]
    #[case("k@x.jp>", None)]
    #[case("Name <k@x.jp", None)]
    #[case("Name", None)]
    #[case("a, b <k@x.jp>", None)]
    #[case("", None)]
    fn mailboxes_read_as_lettre_reads_them(
        #[case] text: &str,
        #[case] expected: Option<MailboxParts>,
    ) {
        assert_eq!(mailbox(text), expected);
    }
}
