//! SMTP over STARTTLS with a certificate from a CA of the test's own
//! (tests/common/pki.rs) on a real server on loopback (mailin-embedded):
//! the system's store alone does not trust it, `mail.smtp.ca_file` does;
//! `mokuhyo mail test` reports each step, the server's certificate and the
//! recipients accepted, and names the step that fails; `config check`
//! shows the CA file's certificates.

use std::path::Path;

use crate::common::harness::{run, run_with, text};
use crate::common::pki::{CA_NAME, SERVER_NAME, TestPki, pki};
use crate::common::{mokuhyo, smtp, write_config};
use chrono::{TimeZone, Utc};
use mokuhyo::mail::transport::{DeliveryError, Transport, test_message};
use mokuhyo_core::remind::config::{MailConfig, SmtpConfig, SmtpSecurity, TransportKind};

const PASSWORD: &str = "s3cret-Pa55-for-the-relay";
const TO: &str = "kikakuka@city.example.jp";

fn mail_config(port: u16, ca_file: Option<&Path>, password_file: &Path) -> MailConfig {
    MailConfig {
        from: "mokuhyo@city.example.jp".parse().unwrap(),
        transport: TransportKind::Smtp,
        smtp: SmtpConfig {
            host: "127.0.0.1".into(),
            port: Some(port),
            security: SmtpSecurity::Starttls,
            username: Some("mokuhyo".into()),
            password_file: Some(password_file.to_path_buf()),
            ca_file: ca_file.map(Path::to_path_buf),
            timeout_secs: 20,
            ..SmtpConfig::default()
        },
        ..MailConfig::default()
    }
}

fn deliver(cfg: &MailConfig) -> Result<(), DeliveryError> {
    let transport = Transport::from_config(cfg).unwrap();
    let message = test_message(
        &cfg.from,
        &[TO.parse().unwrap()],
        "test",
        Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(transport.deliver("k", &message)).map(|_| ())
}

#[test]
fn delivery_fails_with_the_system_store_alone_and_succeeds_with_ca_file() {
    let pki = pki();
    let (port, server) = smtp::tls_server(&pki, None, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let password = dir.path().join("password");
    std::fs::write(&password, format!("{PASSWORD}\n")).unwrap();

    let err = deliver(&mail_config(port, None, &password)).unwrap_err();
    let DeliveryError::Connection(failure) = &err else {
        panic!("not a connection failure: {err:?}");
    };
    let message = failure.to_string();
    assert!(message.contains("UnknownIssuer"), "{message}");
    assert!(message.contains("mail.smtp.ca_file"), "{message}");
    assert!(server.received().is_empty());

    deliver(&mail_config(port, Some(&pki.ca), &password)).unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt, [TO]);
    assert_eq!(
        received[0].parsed().subject(),
        Some("【mokuhyo】送信テスト")
    );
}

/// A configuration for `mail test` against the server on `port`.
fn config(dir: &Path, port: u16, ca_file: Option<&Path>) -> std::path::PathBuf {
    let ca = ca_file.map_or(String::new(), |p| {
        format!("ca_file = {:?}\n", p.display().to_string())
    });
    write_config(
        dir,
        &dir.join("share"),
        &format!(
            // Continues the [mail] section the common configuration opens.
            "from = \"mokuhyo@city.example.jp\"\ntransport = \"smtp\"\n\
             [mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"starttls\"\n\
             username = \"mokuhyo\"\npassword_env = \"MOKUHYO_TEST_SMTP_PASSWORD\"\n\
             timeout_secs = 20\n{ca}"
        ),
    )
}

/// `mokuhyo mail test --to …` with `password` in the configured variable
/// and no certificates from the environment; asserts that the password is
/// never printed.
fn mail_test(config: &Path, password: &str, to: &[&str]) -> (bool, String) {
    let mut command = mokuhyo();
    command
        .env("MOKUHYO_TEST_SMTP_PASSWORD", password)
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR");
    let mut args = vec!["mail", "test"];
    for address in to {
        args.extend(["--to", address]);
    }
    let out = run_with(command, config, &args);
    let printed = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !printed.contains(password),
        "the password was printed:\n{printed}"
    );
    (out.status.success(), printed)
}

#[test]
fn mail_test_reports_every_step_and_records_nothing() {
    let pki = pki();
    let (port, server) = smtp::tls_server(&pki, None, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), port, Some(&pki.ca));

    let (ok, printed) = mail_test(&config, PASSWORD, &[TO]);
    assert!(ok, "{printed}");
    for expected in [
        format!("connect    ok  127.0.0.1:{port}"),
        format!(
            "STARTTLS   ok  server certificate subject CN={SERVER_NAME}, issuer CN={CA_NAME}, valid until 2099-12-31"
        ),
        "AUTH       ok  accepted the configured username and password".to_string(),
        "MAIL FROM  ok  mokuhyo@city.example.jp".to_string(),
        format!("RCPT TO    ok  accepted {TO}"),
        "DATA       ok  250".to_string(),
        format!("test mail sent to {TO}"),
    ] {
        assert!(printed.contains(&expected), "{expected:?} in:\n{printed}");
    }
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = received[0].parsed();
    assert_eq!(mail.subject(), Some("【mokuhyo】送信テスト"));
    assert!(mail.body_text(0).unwrap().contains("送信テストです"));
    assert!(
        !dir.path().join("state.sqlite").exists(),
        "a test mail is not recorded in the ledger"
    );
}

#[test]
fn mail_test_names_the_failing_step() {
    let pki = pki();
    let (port, server) = smtp::tls_server(&pki, Some("nobody"), PASSWORD);
    let dir = tempfile::tempdir().unwrap();

    // The system's store alone: STARTTLS fails, and the certificate the
    // server presented is shown.
    let (ok, printed) = mail_test(&config(dir.path(), port, None), PASSWORD, &[TO]);
    assert!(!ok);
    assert!(printed.contains("FAILED at STARTTLS: "), "{printed}");
    assert!(printed.contains("UnknownIssuer"), "{printed}");
    assert!(
        printed.contains(&format!(
            "the server presented: subject CN={SERVER_NAME}, issuer CN={CA_NAME}"
        )),
        "{printed}"
    );

    let config = config(dir.path(), port, Some(&pki.ca));
    // A wrong password.
    let (ok, printed) = mail_test(&config, "wrong-password-123", &[TO]);
    assert!(!ok);
    assert!(printed.contains("STARTTLS   ok"), "{printed}");
    assert!(printed.contains("FAILED at AUTH: "), "{printed}");
    assert!(printed.contains("535"), "{printed}");

    // A refused recipient: the other one gets the mail, the test fails.
    let (ok, printed) = mail_test(&config, PASSWORD, &[TO, "nobody@city.example.jp"]);
    assert!(!ok);
    assert!(
        printed.contains(&format!("RCPT TO    ok  accepted {TO}")),
        "{printed}"
    );
    assert!(
        printed.contains("; refused nobody@city.example.jp: permanent error (550)"),
        "{printed}"
    );
    assert!(
        printed.contains("FAILED at RCPT TO: 1 recipient(s) refused"),
        "{printed}"
    );

    // Every recipient refused.
    let (ok, printed) = mail_test(&config, PASSWORD, &["nobody@city.example.jp"]);
    assert!(!ok);
    assert!(
        printed.contains("FAILED at RCPT TO: every recipient was refused"),
        "{printed}"
    );

    assert_eq!(server.received().len(), 1);
    assert!(!dir.path().join("state.sqlite").exists());
}

#[test]
fn the_system_store_is_trusted() {
    // On Linux the system's store may be given by SSL_CERT_FILE, as OpenSSL does.
    if !cfg!(target_os = "linux") {
        return;
    }
    let pki = pki();
    let (port, server) = smtp::tls_server(&pki, None, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let mut command = mokuhyo();
    command
        .env("SSL_CERT_FILE", &pki.ca)
        .env("MOKUHYO_TEST_SMTP_PASSWORD", PASSWORD);
    let config = config(dir.path(), port, None);
    let out = run_with(command, &config, &["mail", "test", "--to", TO]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert_eq!(server.received().len(), 1);
}

fn write_ca(dir: &Path, name: &str, pki: &TestPki) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::copy(&pki.ca, &path).unwrap();
    path
}

#[test]
fn config_check_shows_the_ca_file_and_names_its_problems() {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let ca = write_ca(dir.path(), "city-ca.pem", &pki);
    // The shared folder there, so that `config check` finds the machine ready.
    std::fs::create_dir_all(dir.path().join("share")).unwrap();
    let out = run(&config(dir.path(), 25, Some(&ca)), &["config", "check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(
        printed.contains(&format!(
            "#   subject CN={CA_NAME}, issuer CN={CA_NAME}, valid until 2099-12-31"
        )),
        "{printed}"
    );
    assert!(printed.contains("ca_file = "), "{printed}");

    // Not a certificate, missing: problems naming the key.
    let broken = dir.path().join("broken.pem");
    std::fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    for (path, why) in [
        (broken, "PEM block 1"),
        (dir.path().join("missing.pem"), "cannot read"),
    ] {
        let out = run(&config(dir.path(), 25, Some(&path)), &["config", "check"]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(err.contains("mail.smtp.ca_file = "), "{err}");
        assert!(err.contains(why), "{err}");
    }

    // Expired: a warning with the certificate's subject and date.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Old City CA");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.not_before = rcgen::date_time_ymd(2015, 4, 1);
    params.not_after = rcgen::date_time_ymd(2020, 3, 31);
    let expired = dir.path().join("expired.pem");
    std::fs::write(&expired, params.self_signed(&key).unwrap().pem()).unwrap();
    let out = run(
        &config(dir.path(), 25, Some(&expired)),
        &["config", "check"],
    );
    let printed = text(&out.stdout);
    assert!(
        printed.contains("# warning: mail.smtp.ca_file")
            && printed.contains("certificate CN=Old City CA expired on 2020-03-31"),
        "{printed}"
    );
}
