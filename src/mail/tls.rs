//! Whom SMTP over TLS trusts: the operating system's certificate store
//! (Windows' store, the macOS keychain, `/etc/ssl/certs` and
//! `SSL_CERT_FILE`/`SSL_CERT_DIR` on Linux) plus the certificates of
//! `mail.smtp.ca_file`, a PEM file holding the city's own CA (an internal
//! relay's certificate is rarely issued by a public CA).
//!
//! Also what an administrator is shown of a certificate: subject, issuer
//! and validity, for the CA file (`config check`) and for the certificate a
//! server presents (`mail test`).

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use lettre::transport::smtp::client::{Certificate, CertificateStore, TlsParameters};
use x509_parser::prelude::{FromDer, X509Certificate};

/// Why a certificate, a CA file or TLS parameters could not be had; the
/// file and the certificate named, the cause kept.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("not a certificate: {0}")]
    NotACertificate(#[source] x509_parser::nom::Err<x509_parser::error::X509Error>),
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: PEM block {block}: {source}", path.display())]
    Pem {
        path: PathBuf,
        block: usize,
        #[source]
        source: x509_parser::error::PEMError,
    },
    #[error("{}: PEM block {block}: {source}", path.display())]
    Certificate {
        path: PathBuf,
        block: usize,
        #[source]
        source: Box<TlsError>,
    },
    #[error(
        "{}: no certificate in it (a PEM file with -----BEGIN CERTIFICATE----- blocks is expected)",
        path.display()
    )]
    NoCertificate { path: PathBuf },
    #[error("certificate {subject}: {source}")]
    Root {
        subject: String,
        #[source]
        source: lettre::transport::smtp::Error,
    },
    #[error("TLS {host}: {source}")]
    Parameters {
        host: String,
        #[source]
        source: lettre::transport::smtp::Error,
    },
}

/// What is shown of one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    pub not_before: Option<DateTime<Utc>>,
    pub not_after: Option<DateTime<Utc>>,
}

impl CertificateInfo {
    /// Reads a DER certificate.
    pub(crate) fn from_der(der: &[u8]) -> Result<CertificateInfo, TlsError> {
        let (_, cert) = X509Certificate::from_der(der).map_err(TlsError::NotACertificate)?;
        let time = |t: x509_parser::time::ASN1Time| DateTime::from_timestamp(t.timestamp(), 0);
        Ok(CertificateInfo {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            not_before: time(cert.validity().not_before),
            not_after: time(cert.validity().not_after),
        })
    }

    /// Why the certificate cannot be used at `now`, if it cannot.
    pub(crate) fn validity_problem(&self, now: DateTime<Utc>) -> Option<String> {
        match (self.not_before, self.not_after) {
            (_, Some(end)) if end < now => Some(format!(
                "certificate {} expired on {}",
                self.subject,
                day(end)
            )),
            (Some(start), _) if now < start => Some(format!(
                "certificate {} is not valid before {}",
                self.subject,
                day(start)
            )),
            _ => None,
        }
    }
}

impl fmt::Display for CertificateInfo {
    /// `subject CN=relay.city.example.jp, issuer CN=Example City CA, valid until 2027-03-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "subject {}, issuer {}", self.subject, self.issuer)?;
        match self.not_after {
            Some(end) => write!(f, ", valid until {}", day(end)),
            None => write!(f, ", validity unknown"),
        }
    }
}

fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The certificates of a CA file, each with its DER bytes.
#[derive(Debug, Clone)]
pub(crate) struct CaFile {
    pub certificates: Vec<(CertificateInfo, Vec<u8>)>,
}

impl CaFile {
    /// Reads every `CERTIFICATE` block of a PEM file. Fails naming the file
    /// when it cannot be read, holds no certificate, or a block does not
    /// parse.
    pub fn read(path: &Path) -> Result<CaFile, TlsError> {
        let bytes = std::fs::read(path).map_err(|source| TlsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut certificates = Vec::new();
        for (n, block) in x509_parser::pem::Pem::iter_from_buffer(&bytes).enumerate() {
            let block = block.map_err(|source| TlsError::Pem {
                path: path.to_path_buf(),
                block: n + 1,
                source,
            })?;
            if block.label != "CERTIFICATE" {
                continue;
            }
            let info =
                CertificateInfo::from_der(&block.contents).map_err(|e| TlsError::Certificate {
                    path: path.to_path_buf(),
                    block: n + 1,
                    source: Box::new(e),
                })?;
            certificates.push((info, block.contents));
        }
        if certificates.is_empty() {
            return Err(TlsError::NoCertificate {
                path: path.to_path_buf(),
            });
        }
        Ok(CaFile { certificates })
    }

    /// The certificates that cannot be used at `now` (expired, not yet valid).
    pub(crate) fn validity_problems(&self, now: DateTime<Utc>) -> Vec<String> {
        self.certificates
            .iter()
            .filter_map(|(info, _)| info.validity_problem(now))
            .collect()
    }
}

/// TLS parameters for `host`: the system's trust store plus `ca_file`.
pub(crate) fn tls_parameters(
    host: &str,
    ca_file: Option<&CaFile>,
) -> Result<TlsParameters, TlsError> {
    let mut builder =
        TlsParameters::builder(host.to_string()).certificate_store(CertificateStore::Default);
    for (info, der) in ca_file.iter().flat_map(|f| &f.certificates) {
        let cert = Certificate::from_der(der.clone()).map_err(|source| TlsError::Root {
            subject: info.subject.clone(),
            source,
        })?;
        builder = builder.add_root_certificate(cert);
    }
    builder
        .build_rustls()
        .map_err(|source| TlsError::Parameters {
            host: host.to_string(),
            source,
        })
}

/// Parameters that accept any certificate: only to show an administrator
/// what a server presents when it is not trusted. Nothing is sent over a
/// connection made with them.
pub(crate) fn inspection_parameters(host: &str) -> Result<TlsParameters, TlsError> {
    TlsParameters::builder(host.to_string())
        .certificate_store(CertificateStore::None)
        .dangerous_accept_invalid_certs(true)
        .build_rustls()
        .map_err(|source| TlsError::Parameters {
            host: host.to_string(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ca_pem(not_after: (i32, u8, u8)) -> String {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Example City CA");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
        let key = rcgen::KeyPair::generate().unwrap();
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn a_ca_file_shows_subject_and_expiry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, ca_pem((2036, 3, 31))).unwrap();
        let file = CaFile::read(&path).unwrap();
        assert_eq!(file.certificates.len(), 1);
        let info = &file.certificates[0].0;
        assert_eq!(info.subject, "CN=Example City CA");
        assert_eq!(info.issuer, "CN=Example City CA");
        assert!(
            info.to_string().contains("valid until 2036-03-31"),
            "{info}"
        );
        let now = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        assert!(file.validity_problems(now).is_empty());
        assert!(tls_parameters("relay.example.jp", Some(&file)).is_ok());
    }

    #[test]
    fn an_expired_ca_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, ca_pem((2025, 3, 31))).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        let problems = CaFile::read(&path).unwrap().validity_problems(now);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("CN=Example City CA expired on 2025-03-31"));
    }

    #[test]
    fn unreadable_empty_and_broken_files_fail_with_their_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let err = CaFile::read(&missing).unwrap_err();
        assert!(err.to_string().contains("cannot read"), "{err}");
        assert!(
            std::error::Error::source(&err).is_some(),
            "the cause is kept"
        );
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "just text\n").unwrap();
        assert!(
            CaFile::read(&empty)
                .unwrap_err()
                .to_string()
                .contains("no certificate")
        );
        let broken = dir.path().join("broken.pem");
        std::fs::write(
            &broken,
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let err = CaFile::read(&broken).unwrap_err().to_string();
        assert!(err.contains("broken.pem: PEM block 1"), "{err}");
    }
}
