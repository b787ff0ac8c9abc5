//! File-name patterns with `*` (any run of characters) and `?` (one
//! character), as used in the configuration (`*総務部*.xlsx`).

/// Whether `name` matches `pattern`. Matching is case-insensitive for ASCII
/// and compares full-width and half-width forms as written (no folding).
pub fn matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let n: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Iterative matcher with backtracking to the last `*`: O(|p|·|n|) worst case.
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether a file matches a glob-like pattern (`*`, `?`), by name or, when
/// the pattern contains `/`, by whole path.
pub fn file_matches(pattern: &str, file: &std::path::Path) -> bool {
    let subject = if pattern.contains('/') {
        file.to_string_lossy().into_owned()
    } else {
        crate::nfc::file_name(file)
    };
    matches(&crate::nfc::nfc(pattern), &crate::nfc::nfc(&subject))
}

#[cfg(test)]
mod tests {
    use super::matches;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("*総務部*", "令和8年度重点目標管理シート_総務部.xlsx", true)]
    #[case("*総務部*", "令和8年度重点目標管理シート_建設部.xlsx", false)]
    #[case("*.XLSX", "a.xlsx", true)]
    #[case("?.xlsx", "ab.xlsx", false)]
    #[case("??.xlsx", "ab.xlsx", true)]
    #[case("", "", true)]
    #[case("*", "", true)]
    #[case("a*b*c", "axxbyyc", true)]
    #[case("a*b*c", "axxbyy", false)]
    fn table(#[case] pattern: &str, #[case] name: &str, #[case] expected: bool) {
        assert_eq!(matches(pattern, name), expected);
    }

    proptest! {
        #[test]
        fn never_panics(pattern in ".{0,12}", name in ".{0,24}") {
            let _ = matches(&pattern, &name);
        }

        #[test]
        fn star_matches_everything(name in ".{0,24}") {
            prop_assert!(matches("*", &name));
        }
    }
}
