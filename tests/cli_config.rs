//! `mokuhyo config check` on the shipped configuration and on broken ones.

use crate::common::harness::Capture;
use crate::common::mokuhyo;

#[test]
fn shipped_config_prints_the_effective_configuration() {
    let out = mokuhyo().args(["config", "check"]).capture();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("built-in config/mokuhyo.toml"), "{stdout}");
    assert!(stdout.contains("[folder]"), "{stdout}");
    assert!(
        stdout.contains("path = \"examples/shared-folder\""),
        "{stdout}"
    );
}

#[test]
fn config_with_two_bad_keys_names_both_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[folder]\nrecursive = \"yes\"\n[watch]\ndebounce = 5\n",
    )
    .unwrap();
    let out = mokuhyo()
        .args(["config", "check", "--config"])
        .arg(&path)
        .capture();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("folder.recursive = \"yes\""), "{stderr}");
    assert!(stderr.contains("watch.debounce = 5"), "{stderr}");
    assert!(stderr.contains("2 problems"), "{stderr}");
}

#[test]
fn environment_overrides_the_file_and_is_validated() {
    let out = mokuhyo()
        .args(["config", "check"])
        .env("MOKUHYO__WATCH__MODE", "poll")
        .capture();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("mode = \"poll\""), "{stdout}");
    assert!(stdout.contains("MOKUHYO__WATCH__MODE"), "{stdout}");

    let out = mokuhyo()
        .args(["config", "check"])
        .env("MOKUHYO__WATCH__MODE", "often")
        .capture();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("watch.mode = \"often\""));
}

#[test]
fn config_file_from_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.toml");
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let config = crate::common::write_config(dir.path(), &share, "");
    std::fs::rename(&config, &path).unwrap();
    let out = mokuhyo()
        .args(["config", "check"])
        .env("MOKUHYO_CONFIG", &path)
        .capture();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The effective configuration is TOML (a Windows path in a literal
    // string): read back, the folder is the one configured.
    let shown: toml::Table = String::from_utf8_lossy(&out.stdout).parse().unwrap();
    assert_eq!(
        shown["folder"]["path"].as_str(),
        Some(share.display().to_string().as_str())
    );
}

#[test]
fn a_missing_folder_and_an_output_folder_under_a_file_are_named_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    // The share as staff PCs reach it, a reply-to and a contact: no warning
    // of the first day's defaults names folder.path.
    let config = crate::common::write_config(
        dir.path(),
        &share,
        "reply_to = \"kikakuka@city.example.jp\"\n[mail.contact]\nsection = \"企画課企画係\"\n",
    );
    let text = std::fs::read_to_string(&config).unwrap().replacen(
        "[output]",
        "display_path = '\\\\fileserver\\目標管理'\n[output]",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let out = config_check(&config);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "folder.path = {}: フォルダがありません",
            share.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("output.dir"), "{stderr}");

    // The folder made; the output folder set beneath a regular file, which
    // no user (root included) can make a folder in.
    std::fs::create_dir_all(&share).unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let text = std::fs::read_to_string(&config).unwrap().replace(
        &format!("dir = {:?}", dir.path().join("out").display().to_string()),
        &format!("dir = {:?}", file.join("out").display().to_string()),
    );
    std::fs::write(&config, text).unwrap();
    let out = config_check(&config);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("folder.path"), "{stderr}");
    assert!(!stderr.contains("警告"), "{stderr}");
    assert!(
        stderr.contains("output.dir = ") && stderr.contains("フォルダではなくファイルです"),
        "{stderr}"
    );
    // Nothing left behind by the probes.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["a-file", "mokuhyo.toml", "share"]);
}

#[test]
fn a_department_of_a_workbook_without_an_address_is_warned_about() {
    let (dir, share) = crate::common::harness::folder(&["総務部", "建設部"]);
    let config = crate::common::write_config(
        dir.path(),
        &share,
        "[[departments]]\nname = \"総務部\"\nto = [\"somu@city.example.jp\"]\n",
    );
    let out = config_check(&config);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("警告: 建設部 にはメールの宛先がありません"),
        "{stderr}"
    );
    assert!(!stderr.contains("総務部 にはメール"), "{stderr}");
}

/// A mail address that is not one is refused at load, with its key and
/// value, every one at once, whichever section or layer it comes from: it
/// is not first seen as a permanent delivery error on the day a mail is due.
#[test]
fn addresses_that_are_not_mail_addresses_are_refused_with_their_keys() {
    let (dir, share) = crate::common::harness::folder(&["総務部"]);
    let config = crate::common::write_config(
        dir.path(),
        &share,
        "[[departments]]\nname = \"総務部\"\nto = [\"somu@city.example.jp\"]\n\
         [[departments]]\nname = \"建設部\"\nto = [\"kensetsu@city.example.jp\", \"oops\"]\n\
         [[divisions]]\nname = \"財政課\"\nto = []\ncc = [\"zaisei@@city\"]\n",
    );
    let out = mokuhyo()
        .env("MOKUHYO__UI__LANGUAGE", "ja")
        .env("MOKUHYO__MAIL__REPLY_TO", "kikaku at city")
        .args(["config", "check", "--config"])
        .arg(&config)
        .capture();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("問題が 3 件"), "{stderr}");
    for line in [
        "departments[1].to[1] = \"oops\": メールアドレスを指定してください",
        "divisions[0].cc[0] = \"zaisei@@city\": メールアドレスを指定してください",
        "mail.reply_to = \"kikaku at city\": メールアドレスを指定してください",
    ] {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
    assert!(!stderr.contains("departments[0]"), "{stderr}");

    // With a display name, as sending reads it, an address is one.
    let config = crate::common::write_config(
        dir.path(),
        &share,
        "[[departments]]\nname = \"総務部\"\nto = [\"総務課 <somu@city.example.jp>\"]\n",
    );
    let out = config_check(&config);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The daemon's scheduler keeps the UTC offset it started with: a time
/// zone with daylight saving is warned about, naming the key and when the
/// offset next changes; Asia/Tokyo is not.
#[test]
fn a_time_zone_with_daylight_saving_is_warned_about() {
    let (dir, share) = crate::common::harness::folder(&["総務部"]);
    let warned = |zone: &str| {
        let config = crate::common::write_config(
            dir.path(),
            &share,
            &format!("[reminders]\ntimezone = \"{zone}\"\n"),
        );
        let out = config_check(&config);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        stderr
            .lines()
            .find(|l| l.contains("夏時間"))
            .map(str::to_string)
    };
    let berlin = warned("Europe/Berlin").expect("Europe/Berlin is warned about");
    assert!(
        berlin.contains("警告: reminders.timezone = \"Europe/Berlin\" には夏時間があります"),
        "{berlin}"
    );
    assert!(
        berlin.contains("+01:00") || berlin.contains("+02:00"),
        "the new offset: {berlin}"
    );
    assert_eq!(warned("Asia/Tokyo"), None);
}

/// `mokuhyo config check --config <config>`.
/// `config check` in Japanese, the language of an admin's machine.
fn config_check(config: &std::path::Path) -> std::process::Output {
    mokuhyo()
        .env("MOKUHYO__UI__LANGUAGE", "ja")
        .args(["config", "check", "--config"])
        .arg(config)
        .capture()
}

/// `config check` on the shipped defaults, in Japanese, run beside a copy
/// of the sample folder the defaults name, as on a first day.
fn shipped_defaults_checked(dir: &std::path::Path, env: &[(&str, &str)]) -> (Vec<String>, String) {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shared-folder");
    let share = dir.join("examples/shared-folder");
    std::fs::create_dir_all(&share).unwrap();
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, share.join(path.file_name().unwrap())).unwrap();
    }
    let out = mokuhyo()
        .args(["config", "check"])
        .env("MOKUHYO__UI__LANGUAGE", "ja")
        .env_remove("MOKUHYO_SMTP_PASSWORD")
        .envs(env.iter().copied())
        .current_dir(dir)
        .capture();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let warnings = stdout
        .lines()
        .filter(|l| l.starts_with("# 警告: ") || l.starts_with("# 問題: "))
        .map(|l| l["# ".len()..].to_string())
        .collect();
    (warnings, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_shipped_defaults_warn_in_japanese_of_exactly_the_settings_a_first_day_needs() {
    let display_path = "警告: folder.path = \"examples/shared-folder\" はこのサーバーから見た場所です。メールと集約ブックのファイル欄・リンクにこのパスが示されますが、職員のパソコンでは開けません。folder.display_path に職員のパソコンから見た共有フォルダの場所（例：'\\\\fileserver\\目標管理'）を設定してください";
    let reply_to = "警告: mail.reply_to が設定されていません。部局がメールに返信すると差出人 \"企画課（目標管理システム） <mokuhyo@city.example.jp>\" に届きます。企画課の担当者のアドレスを mail.reply_to に設定してください";
    let contact = "警告: [mail.contact] が設定されていません。メールの末尾の問い合わせ先が「企画課」だけになります。mail.contact.section（係）、mail.contact.person（担当者）、mail.contact.extension（内線）、mail.contact.email（問い合わせ用アドレス）を設定してください";
    let password = "警告: mail.transport = \"smtp\" で mail.smtp.username = \"mokuhyo\" ですが、mail.smtp.password_env が示す環境変数 MOKUHYO_SMTP_PASSWORD が設定されていません。このままではメールを送るときに認証できません。環境変数 MOKUHYO_SMTP_PASSWORD を設定するか、mail.smtp.password_file を指定してください";
    let unaddressed = "警告: 部局不明 にはメールの宛先がありません（取組 12 件、ファイル 1 件）。この部局あてのメールは企画課あてに送られます";

    let dir = tempfile::tempdir().unwrap();
    let (warnings, stderr) = shipped_defaults_checked(dir.path(), &[]);
    assert_eq!(warnings, [display_path, reply_to, contact, unaddressed]);
    // Each is said on standard error too, for a log.
    let said: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("mokuhyo: "))
        .collect();
    assert_eq!(said, warnings);

    // Mail through SMTP with the password's variable unset: one more.
    let dir = tempfile::tempdir().unwrap();
    let (warnings, _) =
        shipped_defaults_checked(dir.path(), &[("MOKUHYO__MAIL__TRANSPORT", "smtp")]);
    assert_eq!(
        warnings,
        [display_path, reply_to, contact, password, unaddressed]
    );

    // Set as the warnings ask, nothing is left to warn of but the
    // department no address reaches.
    let dir = tempfile::tempdir().unwrap();
    let (warnings, _) = shipped_defaults_checked(
        dir.path(),
        &[
            ("MOKUHYO__FOLDER__DISPLAY_PATH", "\\\\fileserver\\目標管理"),
            ("MOKUHYO__MAIL__REPLY_TO", "kikakuka@city.example.jp"),
            ("MOKUHYO__MAIL__CONTACT__SECTION", "企画課 企画係"),
        ],
    );
    assert_eq!(warnings, [unaddressed]);
}
