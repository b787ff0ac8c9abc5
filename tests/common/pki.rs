//! A certificate authority of the test's own (rcgen) and a server
//! certificate it issued for the loopback address, written as PEM files.

use std::path::PathBuf;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

pub const CA_NAME: &str = "Mokuhyo Test City CA";
pub const SERVER_NAME: &str = "relay.test.example.jp";

/// The PEM files of a test CA and of a server certificate for 127.0.0.1.
pub struct TestPki {
    _dir: tempfile::TempDir,
    /// The CA certificate: what `mail.smtp.ca_file` names.
    pub ca: PathBuf,
    /// The server's certificate (issued by the CA) and its key.
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// A fresh CA, valid from 2020 to 2099, and a server certificate issued by
/// it for `127.0.0.1` and `localhost`.
pub fn pki() -> TestPki {
    let dir = tempfile::tempdir().unwrap();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, CA_NAME);
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    ca_params.not_after = rcgen::date_time_ymd(2099, 12, 31);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, SERVER_NAME);
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(2099, 12, 31);
    let cert = params.signed_by(&key, &issuer).unwrap();

    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    TestPki {
        ca: write("ca.pem", ca_cert.pem()),
        cert: write("server.pem", cert.pem()),
        key: write("server.key", key.serialize_pem()),
        _dir: dir,
    }
}
