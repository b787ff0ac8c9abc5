//! The language mokuhyo speaks to the people who run it (the command line
//! and the log): Japanese or English, and the one message catalog.
//!
//! **Which language.** `ui.language` in the configuration (`"ja"`, `"en"`,
//! or `"auto"`, the default); with `"auto"` the system's locale as
//! [`sys_locale`] reads it (on Unix `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
//! `LANG`; on Windows the user's UI language): Japanese for `ja*`, for
//! `C` / `POSIX` (a server's `C.UTF-8`) and when no locale is set, English
//! for any other. Help is printed before a configuration is read: it
//! follows `MOKUHYO__UI__LANGUAGE` when set, else the locale.
//!
//! **The catalog.** Project Fluent files embedded in the binary
//! (`src/i18n/ja.ftl`, `src/i18n/en.ftl`), each message written once per
//! language; the code names a message by its id through [`t!`]. The unit
//! tests check that both files hold the same ids with the same variables
//! and that every id the code names exists.
//!
//! Workbooks and mails are Japanese whatever the language: they are read by
//! the city's staff, not by whoever runs the program.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language of the command line and the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Japanese,
    English,
}

/// `ui.language`: a language, or the system's (`auto`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LanguageSetting {
    #[default]
    Auto,
    Ja,
    En,
}

/// `[ui]`: how mokuhyo speaks to the people who run it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// `"auto"` (the system's locale: Japanese for ja, C, POSIX or none;
    /// English otherwise), `"ja"` or `"en"`.
    pub language: LanguageSetting,
}

/// The environment variable that sets `ui.language`; also read for help,
/// which is printed before a configuration is loaded.
pub const LANGUAGE_ENV: &str = "MOKUHYO__UI__LANGUAGE";

impl LanguageSetting {
    /// The setting named by `text` (`ja`, `en`, `auto`; any case), if any.
    pub fn parse(text: &str) -> Option<LanguageSetting> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(LanguageSetting::Auto),
            "ja" => Some(LanguageSetting::Ja),
            "en" => Some(LanguageSetting::En),
            _ => None,
        }
    }

    /// The language this setting gives where the system's locale is
    /// `locale` (a BCP 47 tag such as `ja-JP`, or a POSIX name; `None`
    /// when no locale is set).
    pub fn resolve(self, locale: Option<&str>) -> Language {
        match self {
            LanguageSetting::Ja => Language::Japanese,
            LanguageSetting::En => Language::English,
            LanguageSetting::Auto => language_of_locale(locale),
        }
    }
}

/// Japanese for `ja*`, `C`, `POSIX` and no locale; English otherwise.
pub fn language_of_locale(locale: Option<&str>) -> Language {
    let Some(locale) = locale.map(str::trim).filter(|l| !l.is_empty()) else {
        return Language::Japanese;
    };
    // `C.UTF-8` as set, `C` as sys_locale gives it.
    let name = locale
        .split(['.', '@'])
        .next()
        .unwrap_or(locale)
        .to_ascii_lowercase();
    let primary = name.split(['-', '_']).next().unwrap_or(&name);
    match primary {
        "ja" | "c" | "posix" => Language::Japanese,
        _ => Language::English,
    }
}

/// The language for `setting` on this system.
pub fn system_language(setting: LanguageSetting) -> Language {
    setting.resolve(sys_locale::get_locale().as_deref())
}

/// The language for help and for what is said before a configuration is
/// loaded: `MOKUHYO__UI__LANGUAGE` when it names one, else the locale.
pub fn startup_language() -> Language {
    let setting = std::env::var(LANGUAGE_ENV)
        .ok()
        .and_then(|v| LanguageSetting::parse(&v))
        .unwrap_or_default();
    system_language(setting)
}

const JAPANESE: u8 = 0;
const ENGLISH: u8 = 1;

/// The language in force for this process.
static CURRENT: AtomicU8 = AtomicU8::new(JAPANESE);

/// Puts `language` in force for what is printed and logged from now on.
pub fn set_language(language: Language) {
    CURRENT.store(
        match language {
            Language::Japanese => JAPANESE,
            Language::English => ENGLISH,
        },
        Ordering::Relaxed,
    );
}

/// The language in force.
pub fn language() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        ENGLISH => Language::English,
        _ => Language::Japanese,
    }
}

const JA_FTL: &str = include_str!("i18n/ja.ftl");
const EN_FTL: &str = include_str!("i18n/en.ftl");

type Bundle = FluentBundle<FluentResource>;

fn bundle(source: &str, tag: &str) -> Bundle {
    let lang: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Terminals and log files show the text as is: no Unicode isolation
    // marks around the variables.
    bundle.set_use_isolating(false);
    // The files are checked by the tests below; what parses is used.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, _)| res);
    let _ = bundle.add_resource(resource);
    bundle
}

fn bundle_of(language: Language) -> &'static Bundle {
    static JA: OnceLock<Bundle> = OnceLock::new();
    static EN: OnceLock<Bundle> = OnceLock::new();
    match language {
        Language::Japanese => JA.get_or_init(|| bundle(JA_FTL, "ja")),
        Language::English => EN.get_or_init(|| bundle(EN_FTL, "en")),
    }
}

/// The message `id` in `language` with `args`; the id itself when the
/// catalog lacks it (the tests keep that from happening).
pub fn text_in(language: Language, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle_of(language);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// Whether the catalog holds the message `id`.
pub fn has_message(id: &str) -> bool {
    bundle_of(Language::Japanese).has_message(id)
}

/// The message `id` in the language in force.
pub fn text(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    text_in(language(), id, args)
}

/// `t!("id")` or `t!("id", name = value, …)`: the message in the language
/// in force. Values are strings or numbers (`Path`s as `.display()`).
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::text($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text(
            $id,
            &[$((stringify!($name), $crate::i18n::arg($value))),+],
        )
    };
}
pub(crate) use t;

/// What went wrong in an input or output, in the language in force: in
/// English the system's own words; in Japanese what went wrong by its kind,
/// with the system's error number (its own words, which are English on a
/// Linux server, for a kind not named here).
pub fn io_error(error: &std::io::Error) -> String {
    io_error_in(language(), error)
}

/// [`io_error`] in `language`.
pub fn io_error_in(language: Language, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if language == Language::English {
        return error.to_string();
    }
    let id = match error.kind() {
        ErrorKind::NotFound => "io-not-found",
        ErrorKind::PermissionDenied => "io-permission-denied",
        ErrorKind::AlreadyExists => "io-already-exists",
        ErrorKind::NotADirectory => "io-not-a-directory",
        ErrorKind::IsADirectory => "io-is-a-directory",
        ErrorKind::DirectoryNotEmpty => "io-directory-not-empty",
        ErrorKind::StorageFull => "io-storage-full",
        ErrorKind::QuotaExceeded => "io-quota-exceeded",
        ErrorKind::ReadOnlyFilesystem => "io-read-only",
        ErrorKind::ResourceBusy => "io-busy",
        ErrorKind::FileTooLarge => "io-too-large",
        ErrorKind::TimedOut => "io-timed-out",
        _ => return error.to_string(),
    };
    let what = text_in(language, id, &[]);
    match error.raw_os_error() {
        Some(code) => text_in(
            language,
            "io-error-code",
            &[("what", arg(what)), ("code", arg(i64::from(code)))],
        ),
        None => what,
    }
}

/// A message argument: text, or a number (for plural forms).
pub fn arg<'a>(value: impl Into<Arg<'a>>) -> FluentValue<'a> {
    value.into().0
}

/// What [`t!`] takes as a value.
pub struct Arg<'a>(FluentValue<'a>);

impl<'a> From<&'a str> for Arg<'a> {
    fn from(value: &'a str) -> Self {
        Arg(FluentValue::from(value))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(value: &'a String) -> Self {
        Arg(FluentValue::from(value.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(value: String) -> Self {
        Arg(FluentValue::from(value))
    }
}

impl From<std::path::Display<'_>> for Arg<'_> {
    fn from(value: std::path::Display<'_>) -> Self {
        Arg(FluentValue::from(value.to_string()))
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(value: $t) -> Self {
                Arg(FluentValue::from(value))
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use rstest::rstest;
    use std::collections::{BTreeMap, BTreeSet};

    #[rstest]
    #[case::not_a_folder(
        std::io::Error::from(std::io::ErrorKind::NotADirectory),
        "フォルダではありません"
    )]
    #[case::kind_alone(
        std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        "権限がありません"
    )]
    #[case::kind_not_named(std::io::Error::other("disk on fire"), "disk on fire")]
    fn a_system_error_is_said_in_japanese_by_its_kind(
        #[case] error: std::io::Error,
        #[case] japanese: &str,
    ) {
        assert_eq!(io_error_in(Language::Japanese, &error), japanese);
        assert_eq!(io_error_in(Language::English, &error), error.to_string());
    }

    /// The system's error number is kept (ENOTDIR, 20 on Linux).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_system_error_keeps_its_number() {
        let error = std::io::Error::from_raw_os_error(20);
        assert_eq!(
            io_error_in(Language::Japanese, &error),
            "フォルダではありません（OS エラー 20）"
        );
    }

    #[rstest]
    #[case(None, Language::Japanese)]
    #[case(Some(""), Language::Japanese)]
    #[case(Some("ja-JP"), Language::Japanese)]
    #[case(Some("ja_JP.UTF-8"), Language::Japanese)]
    #[case(Some("ja"), Language::Japanese)]
    #[case(Some("C"), Language::Japanese)]
    #[case(Some("C.UTF-8"), Language::Japanese)]
    #[case(Some("POSIX"), Language::Japanese)]
    #[case(Some("en-US"), Language::English)]
    #[case(Some("en_GB.UTF-8"), Language::English)]
    #[case(Some("de-DE"), Language::English)]
    #[case(Some("jv-ID"), Language::English)]
    fn the_locale_decides_under_auto(#[case] locale: Option<&str>, #[case] expected: Language) {
        assert_eq!(LanguageSetting::Auto.resolve(locale), expected);
    }

    #[rstest]
    #[case(LanguageSetting::Ja, Some("en-US"), Language::Japanese)]
    #[case(LanguageSetting::En, Some("ja-JP"), Language::English)]
    #[case(LanguageSetting::En, None, Language::English)]
    fn a_set_language_overrides_the_locale(
        #[case] setting: LanguageSetting,
        #[case] locale: Option<&str>,
        #[case] expected: Language,
    ) {
        assert_eq!(setting.resolve(locale), expected);
    }

    #[test]
    fn settings_are_parsed_in_any_case() {
        assert_eq!(LanguageSetting::parse(" EN "), Some(LanguageSetting::En));
        assert_eq!(LanguageSetting::parse("ja"), Some(LanguageSetting::Ja));
        assert_eq!(LanguageSetting::parse("Auto"), Some(LanguageSetting::Auto));
        assert_eq!(LanguageSetting::parse("fr"), None);
    }

    /// Every message id of a catalog with the variables its text uses.
    fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = match fluent_syntax::parser::parse(source) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("catalog does not parse: {errors:?}"),
        };
        let mut found = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_variables(pattern, &mut variables);
                }
                assert!(
                    message.attributes.is_empty(),
                    "{}: attributes are not used",
                    message.id.name
                );
                assert!(
                    found
                        .insert(message.id.name.to_string(), variables)
                        .is_none(),
                    "{} is defined twice",
                    message.id.name
                );
            }
        }
        found
    }

    fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, out);
            }
        }
    }

    fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, out);
                for variant in variants {
                    pattern_variables(&variant.value, out);
                }
            }
            ast::Expression::Inline(inline) => inline_variables(inline, out),
        }
    }

    fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, out)
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_variables(a, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn both_catalogs_hold_the_same_messages_with_the_same_variables() {
        let ja = messages(JA_FTL);
        let en = messages(EN_FTL);
        let only_ja: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
        assert!(only_ja.is_empty(), "only in ja.ftl: {only_ja:?}");
        assert!(only_en.is_empty(), "only in en.ftl: {only_en:?}");
        for (id, variables) in &ja {
            assert_eq!(Some(variables), en.get(id), "variables of {id} differ");
        }
    }

    /// The ids named in `t!("…"` and `text_in(…, "…"` calls of the source
    /// files under `src/`, with the argument names given.
    fn ids_used() -> Vec<(String, String, BTreeSet<String>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = Vec::new();
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            // This file names the macro in its documentation.
            if entry.path().extension().is_none_or(|e| e != "rs")
                || entry.path().ends_with("i18n.rs")
            {
                continue;
            }
            let source = std::fs::read_to_string(entry.path()).unwrap();
            let file = entry.path().display().to_string();
            let mut rest = source.as_str();
            while let Some(at) = rest.find("t!(\"") {
                // `t!(` preceded by a letter is another macro (`print!`…).
                let before = rest[..at].chars().next_back();
                rest = &rest[at + 4..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(end) = rest.find('"') else { break };
                let id = rest[..end].to_string();
                // The arguments up to the closing parenthesis of the call.
                let mut depth = 1;
                let mut call_end = rest.len();
                for (i, c) in rest.char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                call_end = i;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let names = top_level_names(&rest[end + 1..call_end]);
                used.push((file.clone(), id, names));
            }
        }
        used
    }

    /// `name` of each `, name = value` at the top level of a call's arguments.
    fn top_level_names(arguments: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let mut depth = 0;
        let mut part = String::new();
        let mut parts = Vec::new();
        let mut in_string = false;
        for c in arguments.chars() {
            match c {
                '"' => in_string = !in_string,
                '(' | '[' | '{' if !in_string => depth += 1,
                ')' | ']' | '}' if !in_string => depth -= 1,
                ',' if depth == 0 && !in_string => {
                    parts.push(std::mem::take(&mut part));
                    continue;
                }
                _ => {}
            }
            part.push(c);
        }
        parts.push(part);
        for part in parts {
            if let Some((name, _)) = part.split_once('=') {
                let name = name.trim();
                if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    names.insert(name.to_string());
                }
            }
        }
        names
    }

    #[test]
    fn every_message_the_code_names_exists_with_its_variables() {
        let ja = messages(JA_FTL);
        let used = ids_used();
        assert!(used.len() > 20, "the scan found only {} uses", used.len());
        let mut problems = Vec::new();
        for (file, id, names) in used {
            match ja.get(&id) {
                None => problems.push(format!("{file}: {id} is not in the catalog")),
                Some(variables) if !variables.is_subset(&names) => {
                    problems.push(format!("{file}: {id} needs {variables:?}, given {names:?}"))
                }
                Some(_) => {}
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn messages_are_formatted_without_isolation_marks() {
        let text = text_in(
            Language::Japanese,
            "status-files-kept",
            &[("count", arg(3_u64))],
        );
        assert!(
            !text.contains('\u{2068}') && !text.contains('\u{2069}'),
            "{text:?}"
        );
        assert!(text.contains('3'), "{text}");
        assert_eq!(text, "前回正常に読めたデータを保持しているファイル：3 件");
    }

    #[test]
    fn english_plural_forms_follow_the_count() {
        let with = |count: usize| {
            let args = [("count", arg(count)), ("origin", arg("a.toml"))];
            text_in(Language::English, "config-problems", &args)
        };
        assert_eq!(with(1), "1 problem in the configuration (a.toml):");
        assert_eq!(with(2), "2 problems in the configuration (a.toml):");
        assert_eq!(
            text_in(
                Language::English,
                "config-outside-fiscal-year",
                &[("year", arg(2026_i32))]
            ),
            "outside fiscal year 2026",
            "numbers without grouping"
        );
    }

    #[test]
    fn a_missing_id_gives_the_id() {
        assert_eq!(
            text_in(Language::English, "no-such-message", &[]),
            "no-such-message"
        );
    }
}
