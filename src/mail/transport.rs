//! How a rendered mail leaves: built as an RFC 5322 message (lettre), then
//! written into the outbox folder as an `.eml` file, or sent over SMTP.
//!
//! SMTP: STARTTLS, implicit TLS or plain; optional authentication with a
//! password read from an environment variable or a file (never from the
//! configuration, never logged). One session per mail through lettre's SMTP
//! client, one recipient at a time: a recipient the server refuses (5xx) is
//! recorded with its address and reply while the others get the mail. The
//! whole session — connect, TLS, auth, data — is bounded by `timeout_secs`.
//! Failures are classified: a 5xx reply to the message is permanent, a 4xx
//! reply transient; a server that cannot be reached, fails TLS or
//! authentication, or stops answering is a connection failure, which ends
//! the run (the mails left wait for the next one).
//!
//! TLS trusts the system's certificate store and `ca_file` ([`super::tls`]).
//! Each step of a session can be reported as it goes
//! ([`Transport::deliver_reporting`], for `mokuhyo mail test`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::{Address, Message};

use super::mailbox::sending_mailbox;
use super::render::RenderedMail;
use super::tls::{CaFile, CertificateInfo, inspection_parameters, tls_parameters};
use mokuhyo_core::mail_address::MailAddress;
use mokuhyo_core::remind::config::{MailConfig, SmtpConfig, SmtpSecurity, TransportKind};
use mokuhyo_core::remind::plan::stable_hash;

mod error;

pub use error::{AttachmentError, DeliveryError, DeliveryFailure, InspectionError, TransportError};

/// The content type of an `.xlsx` workbook.
pub(crate) const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A delivered mail: the server's reply, and the recipients it refused
/// (the others got the mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub detail: String,
    pub refused: Vec<Refused>,
}

/// A recipient the server refused, with its reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub address: String,
    pub reply: String,
}

impl std::fmt::Display for Refused {
    /// `kikakuka@city.example.jp: permanent error (550): no such user`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.address, self.reply)
    }
}

/// An attachment read from disk.
#[derive(Debug, Clone)]
pub(crate) struct AttachmentFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl AttachmentFile {
    /// Reads `path`; `.xlsx` files get the workbook content type.
    pub fn read(path: &Path) -> Result<AttachmentFile, AttachmentError> {
        let bytes = std::fs::read(path).map_err(|source| AttachmentError {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| mokuhyo_core::shown_text::header_text(&n.to_string_lossy()))
            .unwrap_or_else(|| "attachment".to_string());
        let content_type = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("xlsx") => XLSX_CONTENT_TYPE,
            Some(e) if e.eq_ignore_ascii_case("xlsm") => {
                "application/vnd.ms-excel.sheet.macroEnabled.12"
            }
            Some(e) if e.eq_ignore_ascii_case("csv") => "text/csv; charset=utf-8",
            _ => "application/octet-stream",
        };
        Ok(AttachmentFile {
            name,
            content_type: content_type.to_string(),
            bytes,
        })
    }
}

/// `<0123456789abcdef.1792713600@city.example.jp>`: unique per key and
/// time, in the sender's domain.
pub fn message_id(key: &str, from: &MailAddress, now: DateTime<Utc>) -> String {
    format!(
        "<{:016x}.{}@{}>",
        stable_hash(key),
        now.timestamp(),
        from.domain()
    )
}

/// Builds the message: plain text (and HTML as an alternative), attachments
/// in a mixed part, a Reply-To when one is configured. lettre encodes
/// non-ASCII headers (RFC 2047) and attachment names (RFC 2231).
pub(crate) fn build_message(
    mail: &RenderedMail,
    from: &MailAddress,
    reply_to: Option<&MailAddress>,
    message_id: &str,
    attachments: &[AttachmentFile],
    now: DateTime<Utc>,
) -> Result<Message, DeliveryError> {
    let mut b = Message::builder()
        .from(sending_mailbox(from))
        .subject(mail.subject.clone())
        .message_id(Some(message_id.to_string()))
        .date(std::time::SystemTime::from(now));
    if let Some(reply_to) = reply_to {
        b = b.reply_to(sending_mailbox(reply_to));
    }
    for to in &mail.recipients.to {
        b = b.to(sending_mailbox(to));
    }
    for cc in &mail.recipients.cc {
        b = b.cc(sending_mailbox(cc));
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.clone());
    let body = match &mail.html {
        Some(html) => MultiPart::alternative().singlepart(text).singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(html.clone()),
        ),
        None => MultiPart::mixed().singlepart(text),
    };
    let message = if attachments.is_empty() {
        b.multipart(body)
    } else {
        let mut mixed = if mail.html.is_some() {
            MultiPart::mixed().multipart(body)
        } else {
            body
        };
        for a in attachments {
            let ct = ContentType::parse(&a.content_type).map_err(|source| {
                DeliveryError::Permanent(DeliveryFailure::ContentType { source })
            })?;
            mixed = mixed.singlepart(Attachment::new(a.name.clone()).body(a.bytes.clone(), ct));
        }
        b.multipart(mixed)
    };
    message.map_err(|source| DeliveryError::Permanent(DeliveryFailure::Message { source }))
}

/// The short Japanese mail of `mokuhyo mail test`, sent through `route`.
pub fn test_message(
    from: &MailAddress,
    to: &[MailAddress],
    route: &str,
    now: DateTime<Utc>,
) -> Result<Message, DeliveryError> {
    let sent_at =
        mokuhyo_core::calendar::shown_in_japan(now, mokuhyo_core::calendar::TimeShown::Minute);
    let text = format!(
        "このメールは mokuhyo の送信テストです（mokuhyo mail test）。\n\
         届いていれば、[mail] の設定でリマインドメールを送ることができます。\n\
         このメールへの返信は不要です。\n\n\
         送信元: {from}\n送信経路: {route}\n送信日時: {sent_at}（日本時間）\n"
    );
    let mut b = Message::builder()
        .from(sending_mailbox(from))
        .subject("【mokuhyo】送信テスト")
        .message_id(Some(message_id("mail-test", from, now)))
        .date(std::time::SystemTime::from(now));
    for address in to {
        b = b.to(sending_mailbox(address));
    }
    b.singlepart(
        SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(text),
    )
    .map_err(|source| DeliveryError::Permanent(DeliveryFailure::Message { source }))
}

/// The longest readable part of an outbox file name, in bytes.
const OUTBOX_READABLE_BYTES: usize = 80;

/// The outbox file name of a key: its readable part (`/` and other unsafe
/// characters as `_`, cut to [`OUTBOX_READABLE_BYTES`]) and the key's hash,
/// so that keys that differ only in punctuation (市民・生活部, 市民&生活部)
/// never share a file, and no name is too long for a file system (at most
/// 101 bytes).
pub(crate) fn outbox_file_name(key: &str) -> String {
    let safe: String = key
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    let mut end = safe.len().min(OUTBOX_READABLE_BYTES);
    while !safe.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{:016x}.eml", &safe[..end], stable_hash(key))
}

/// Writes `message` into `dir` atomically (a temporary file renamed into place).
pub(crate) fn write_outbox(
    dir: &Path,
    key: &str,
    message: &Message,
) -> Result<PathBuf, DeliveryError> {
    let io = |step: &'static str, path: &Path, source: std::io::Error| {
        DeliveryError::Transient(DeliveryFailure::Outbox {
            step,
            path: path.to_path_buf(),
            source,
        })
    };
    std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
    let name = outbox_file_name(key);
    let target = dir.join(&name);
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, message.formatted()).map_err(|e| io("write", &tmp, e))?;
    std::fs::rename(&tmp, &target).map_err(|e| io("rename", &target, e))?;
    Ok(target)
}

/// Reads the SMTP password from the environment variable or file named in
/// the configuration. The error names the variable or file, never a value.
pub(crate) fn smtp_password(cfg: &SmtpConfig) -> Result<Option<String>, TransportError> {
    if let Some(variable) = &cfg.password_env {
        return match std::env::var(variable) {
            Ok(p) => Ok(Some(p)),
            Err(_) => Err(TransportError::PasswordVariable {
                variable: variable.clone(),
            }),
        };
    }
    if let Some(path) = &cfg.password_file {
        let text =
            std::fs::read_to_string(path).map_err(|source| TransportError::PasswordFile {
                path: path.clone(),
                source,
            })?;
        return Ok(Some(text.lines().next().unwrap_or("").to_string()));
    }
    Ok(None)
}

/// A ready transport.
#[derive(Debug)]
pub enum Transport {
    Outbox(PathBuf),
    Smtp(SmtpServer),
}

/// Where and how SMTP mail is handed over.
pub struct SmtpServer {
    host: String,
    port: u16,
    security: SmtpSecurity,
    credentials: Option<Credentials>,
    ca_file: Option<CaFile>,
    timeout: Duration,
}

impl std::fmt::Debug for SmtpServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credentials hold the password: never shown.
        f.debug_struct("SmtpServer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// A step of an SMTP session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStep {
    Connect,
    /// STARTTLS, or the handshake of implicit TLS.
    Tls,
    Auth,
    Sender,
    Recipients,
    Message,
}

impl SessionStep {
    /// `connect`, `STARTTLS`, `AUTH`, `MAIL FROM`, `RCPT TO`, `DATA`.
    pub fn name(self, security: SmtpSecurity) -> &'static str {
        match self {
            SessionStep::Connect => "connect",
            SessionStep::Tls if security == SmtpSecurity::Tls => "TLS",
            SessionStep::Tls => "STARTTLS",
            SessionStep::Auth => "AUTH",
            SessionStep::Sender => "MAIL FROM",
            SessionStep::Recipients => "RCPT TO",
            SessionStep::Message => "DATA",
        }
    }
}

/// What a session reports as it goes (`mokuhyo mail test` prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Started(SessionStep),
    Done(SessionStep, String),
}

impl Transport {
    /// Builds the configured transport. Reads the password (env or file)
    /// and the CA file.
    pub fn from_config(cfg: &MailConfig) -> Result<Transport, TransportError> {
        match cfg.transport {
            TransportKind::Outbox => Ok(Transport::Outbox(cfg.outbox_dir.clone())),
            TransportKind::Smtp => {
                let s = &cfg.smtp;
                let credentials = match &s.username {
                    Some(user) => Some(Credentials::new(
                        user.clone(),
                        smtp_password(s)?.unwrap_or_default(),
                    )),
                    None => None,
                };
                let ca_file = match &s.ca_file {
                    Some(path) => Some(
                        CaFile::read(path).map_err(|source| TransportError::CaFile { source })?,
                    ),
                    None => None,
                };
                Ok(Transport::Smtp(SmtpServer {
                    host: s.host.clone(),
                    port: s.effective_port(),
                    security: s.security,
                    credentials,
                    ca_file,
                    timeout: Duration::from_secs(s.timeout_secs.max(1)),
                }))
            }
        }
    }

    /// Delivers one message (one attempt).
    pub async fn deliver(&self, key: &str, message: &Message) -> Result<Delivered, DeliveryError> {
        self.deliver_reporting(key, message, &mut |_| {}).await
    }

    /// [`Transport::deliver`], telling `report` each step of an SMTP session.
    pub(crate) async fn deliver_reporting(
        &self,
        key: &str,
        message: &Message,
        report: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Delivered, DeliveryError> {
        match self {
            Transport::Outbox(dir) => write_outbox(dir, key, message).map(|p| Delivered {
                detail: crate::i18n::t!("mail-test-written", path = p.display()),
                refused: Vec::new(),
            }),
            Transport::Smtp(server) => {
                match tokio::time::timeout(server.timeout, server.send(message, report)).await {
                    Ok(result) => result,
                    Err(_) => Err(DeliveryError::Connection(DeliveryFailure::NoAnswer {
                        host: server.host.clone(),
                        port: server.port,
                        seconds: server.timeout.as_secs(),
                    })),
                }
            }
        }
    }
}

impl SmtpServer {
    /// `relay.city.example.jp:587 (starttls)`.
    pub(crate) fn describe(&self) -> String {
        let security = match self.security {
            SmtpSecurity::Starttls => "STARTTLS",
            SmtpSecurity::Tls => "implicit TLS",
            SmtpSecurity::None => "no encryption",
        };
        format!("{}:{} ({security})", self.host, self.port)
    }

    pub fn security(&self) -> SmtpSecurity {
        self.security
    }

    fn tls(&self) -> Result<TlsParameters, DeliveryError> {
        tls_parameters(&self.host, self.ca_file.as_ref())
            .map_err(|e| DeliveryError::Connection(DeliveryFailure::Trust(e)))
    }

    /// A connection with its greeting and EHLO (and the handshake of
    /// implicit TLS, given its parameters).
    async fn connect(
        &self,
        hello: &ClientId,
        implicit: Option<TlsParameters>,
    ) -> Result<AsyncSmtpConnection, lettre::transport::smtp::Error> {
        AsyncSmtpConnection::connect_tokio1(
            (self.host.as_str(), self.port),
            Some(self.timeout),
            hello,
            implicit,
            None,
        )
        .await
    }

    /// One session: connect, secure, authenticate, hand the message over.
    async fn send(
        &self,
        message: &Message,
        report: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Delivered, DeliveryError> {
        let hello = ClientId::default();
        let implicit = match self.security {
            SmtpSecurity::Tls => Some(self.tls()?),
            SmtpSecurity::Starttls | SmtpSecurity::None => None,
        };
        report(Progress::Started(SessionStep::Connect));
        if implicit.is_some() {
            // The handshake is part of the connection.
            report(Progress::Started(SessionStep::Tls));
        }
        let mut conn = self
            .connect(&hello, implicit)
            .await
            .map_err(|e| match self.security {
                SmtpSecurity::Tls => tls_failed(&self.host, e),
                _ => session_failed(&format!("{}:{}", self.host, self.port), e),
            })?;
        report(Progress::Done(
            SessionStep::Connect,
            format!("{}:{}, server {}", self.host, self.port, conn.server_info()),
        ));
        if self.security == SmtpSecurity::Starttls {
            report(Progress::Started(SessionStep::Tls));
            conn.starttls(self.tls()?, &hello)
                .await
                .map_err(|e| tls_failed(&self.host, e))?;
        }
        if self.security != SmtpSecurity::None {
            report(Progress::Done(SessionStep::Tls, server_certificate(&conn)));
        }
        let result = self.transaction(&mut conn, message, report).await;
        match &result {
            Ok(_) => {
                let _ = conn.quit().await;
            }
            Err(_) => conn.abort().await,
        }
        result
    }

    /// Authentication, sender, each recipient, the message.
    async fn transaction(
        &self,
        conn: &mut AsyncSmtpConnection,
        message: &Message,
        report: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Delivered, DeliveryError> {
        report(Progress::Started(SessionStep::Auth));
        match &self.credentials {
            Some(credentials) => {
                conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                    .await
                    .map_err(|e| session_failed("authentication", e))?;
                report(Progress::Done(
                    SessionStep::Auth,
                    "accepted the configured username and password".into(),
                ));
            }
            None => report(Progress::Done(
                SessionStep::Auth,
                "not used (no mail.smtp.username)".into(),
            )),
        }
        let envelope = message.envelope();
        let bytes = message.formatted();
        let mut parameters = Vec::new();
        let non_ascii = envelope
            .from()
            .into_iter()
            .chain(envelope.to())
            .any(|a| !a.to_string().is_ascii());
        report(Progress::Started(SessionStep::Sender));
        if non_ascii {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(DeliveryError::Permanent(DeliveryFailure::NoSmtpUtf8));
            }
            parameters.push(MailParameter::SmtpUtfEight);
        }
        if !bytes.is_ascii() {
            if !conn.server_info().supports_feature(Extension::EightBitMime) {
                return Err(DeliveryError::Permanent(DeliveryFailure::NoEightBitMime));
            }
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let from = envelope.from().cloned();
        conn.command(Mail::new(from.clone(), parameters))
            .await
            .map_err(|e| session_failed("sender", e))?;
        report(Progress::Done(
            SessionStep::Sender,
            from.map_or_else(|| "<>".to_string(), |a| a.to_string()),
        ));
        report(Progress::Started(SessionStep::Recipients));
        let refused = offer_recipients(conn, envelope.to()).await?;
        let accepted: Vec<String> = envelope
            .to()
            .iter()
            .map(Address::to_string)
            .filter(|a| !refused.iter().any(|r| &r.address == a))
            .collect();
        let mut detail = format!("accepted {}", accepted.join(", "));
        for r in &refused {
            detail.push_str(&format!("; refused {r}"));
        }
        report(Progress::Done(SessionStep::Recipients, detail));
        report(Progress::Started(SessionStep::Message));
        conn.command(Data).await.map_err(message_failed)?;
        let reply = conn.message(&bytes).await.map_err(message_failed)?;
        let detail = format!(
            "{} {}",
            reply.code(),
            reply.message().collect::<Vec<_>>().join(" ")
        );
        report(Progress::Done(SessionStep::Message, detail.clone()));
        Ok(Delivered { detail, refused })
    }

    /// The certificate the server presents, read over a connection that
    /// trusts anything and is closed right after the handshake: to show an
    /// administrator what an untrusted server presented.
    pub(crate) async fn presented_certificate(&self) -> Result<CertificateInfo, InspectionError> {
        let inspect = async {
            let hello = ClientId::default();
            let params = inspection_parameters(&self.host)?;
            let (implicit, starttls) = match self.security {
                SmtpSecurity::Tls => (Some(params), None),
                _ => (None, Some(params)),
            };
            let mut conn = self.connect(&hello, implicit).await?;
            if let Some(params) = starttls {
                conn.starttls(params, &hello).await?;
            }
            let der = conn.peer_certificate();
            conn.abort().await;
            Ok(CertificateInfo::from_der(&der?)?)
        };
        tokio::time::timeout(self.timeout, inspect)
            .await
            .unwrap_or(Err(InspectionError::NoAnswer))
    }
}

/// `subject …, issuer …, valid until …` of the server's certificate.
fn server_certificate(conn: &AsyncSmtpConnection) -> String {
    match conn
        .peer_certificate()
        .map_err(|e| e.to_string())
        .and_then(|der| CertificateInfo::from_der(&der).map_err(|e| e.to_string()))
    {
        Ok(info) => format!("server certificate {info}"),
        Err(e) => format!("server certificate not readable: {e}"),
    }
}

/// Offers each recipient; returns those refused (5xx). A temporary refusal
/// (4xx) fails the whole mail, to be retried for everyone; so does the
/// refusal of every recipient.
async fn offer_recipients(
    conn: &mut AsyncSmtpConnection,
    recipients: &[Address],
) -> Result<Vec<Refused>, DeliveryError> {
    let mut refused = Vec::new();
    for to in recipients {
        match conn.command(Rcpt::new(to.clone(), Vec::new())).await {
            Ok(_) => {}
            Err(e) if e.is_permanent() => refused.push(Refused {
                address: to.to_string(),
                reply: e.to_string(),
            }),
            Err(source) if source.is_transient() => {
                return Err(DeliveryError::Transient(
                    DeliveryFailure::RecipientDeferred {
                        address: to.clone(),
                        source,
                    },
                ));
            }
            Err(e) => return Err(session_failed("recipient", e)),
        }
    }
    if refused.len() == recipients.len() {
        return Err(DeliveryError::Permanent(DeliveryFailure::AllRefused {
            refused,
        }));
    }
    Ok(refused)
}

/// A failed TLS handshake: the run stops. An unknown issuer gets a hint.
fn tls_failed(host: &str, source: lettre::transport::smtp::Error) -> DeliveryError {
    let hint = if source.to_string().contains("UnknownIssuer") {
        " (the certificate's issuer is in neither the system's trust store nor mail.smtp.ca_file)"
    } else {
        ""
    };
    DeliveryError::Connection(DeliveryFailure::Handshake {
        host: host.to_string(),
        source,
        hint,
    })
}

/// A failure of the session itself: the run stops.
fn session_failed(step: &str, source: lettre::transport::smtp::Error) -> DeliveryError {
    DeliveryError::Connection(DeliveryFailure::Session {
        step: step.to_string(),
        source,
    })
}

/// A failure of one message: a reply to it, else a lost connection.
fn message_failed(source: lettre::transport::smtp::Error) -> DeliveryError {
    if source.is_permanent() {
        DeliveryError::Permanent(DeliveryFailure::Reply(source))
    } else if source.is_transient() {
        DeliveryError::Transient(DeliveryFailure::Reply(source))
    } else {
        DeliveryError::Connection(DeliveryFailure::MessageLost { source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rendered() -> RenderedMail {
        RenderedMail {
            key: "2026/interim/市民生活部/before-7".into(),
            kind: mokuhyo_core::remind::plan::MailKind::Reminder,
            recipients: mokuhyo_core::remind::plan::Recipients {
                to: vec!["shimin@city.example.jp".parse().unwrap()],
                cc: vec![],
            },
            reason: mokuhyo_core::remind::MailReason::PlanningDigest {
                planning: "企画課".into(),
                departments: 1,
                unreadable: 0,
            },
            subject: "【中間報告のお願い】令和8年度 市民生活部".into(),
            text: "本文です。\n".into(),
            html: Some("<p>本文です。</p>".into()),
            attachments: vec![],
        }
    }

    #[test]
    fn outbox_names_are_safe_unique_and_short() {
        let key = "2026/interim/市民生活部/before-7";
        assert_eq!(
            outbox_file_name(key),
            format!(
                "2026_interim_市民生活部_before-7-{:016x}.eml",
                stable_hash(key)
            )
        );
        assert!(outbox_file_name("../x").starts_with("_x-"));
        // Departments whose names differ only in punctuation.
        let names: std::collections::BTreeSet<String> =
            ["市民・生活部", "市民&生活部", "市民+生活部"]
                .iter()
                .map(|d| outbox_file_name(&format!("2026/interim/{d}/before-7")))
                .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        // A 96-character department name.
        let long = format!("2026/interim/{}/overdue-2026-11-02", "総".repeat(96));
        let name = outbox_file_name(&long);
        assert!(name.len() <= 101, "{} bytes: {name}", name.len());
        assert!(name.starts_with("2026_interim_総"), "{name}");
    }

    #[test]
    fn message_id_uses_the_sender_domain() {
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        let from: MailAddress = "企画課 <mokuhyo@city.example.jp>".parse().unwrap();
        let id = message_id("k", &from, now);
        assert!(
            id.starts_with('<') && id.ends_with("@city.example.jp>"),
            "{id}"
        );
        assert_ne!(id, message_id("k2", &from, now));
    }

    #[test]
    fn outbox_eml_parses_with_a_standard_parser() {
        let now = Utc.with_ymd_and_hms(2026, 10, 23, 0, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let m = rendered();
        let att = AttachmentFile {
            name: "令和8年度_集約.xlsx".into(),
            content_type: XLSX_CONTENT_TYPE.into(),
            bytes: b"PK\x03\x04rest".to_vec(),
        };
        let from: MailAddress = "企画課（目標管理） <mokuhyo@city.example.jp>"
            .parse()
            .unwrap();
        let reply_to: MailAddress = "企画課 企画係 <kikakuka@city.example.jp>".parse().unwrap();
        let msg = build_message(
            &m,
            &from,
            Some(&reply_to),
            "<1@city.example.jp>",
            &[att],
            now,
        )
        .unwrap();
        let path = write_outbox(dir.path(), &m.key, &msg).unwrap();
        assert!(path.ends_with(outbox_file_name(&m.key)));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
        let bytes = std::fs::read(&path).unwrap();
        let parsed = mail_parser::MessageParser::default()
            .parse(&bytes[..])
            .unwrap();
        assert_eq!(parsed.subject(), Some(m.subject.as_str()));
        // Lines travel as CRLF, as RFC 5322 requires.
        assert_eq!(
            parsed.body_text(0).unwrap().replace("\r\n", "\n"),
            "本文です。\n"
        );
        assert!(parsed.body_html(0).unwrap().contains("本文です。"));
        use mail_parser::MimeHeaders;
        let a = parsed.attachment(0).unwrap();
        assert!(a.is_content_type(
            "application",
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ));
        assert_eq!(a.attachment_name(), Some("令和8年度_集約.xlsx"));
        assert!(a.contents().starts_with(b"PK\x03\x04"));
        assert_eq!(parsed.message_id(), Some("1@city.example.jp"));
        // The sender's and the Reply-To's display names survive encoding.
        let from = parsed.from().and_then(|a| a.first()).unwrap();
        assert_eq!(from.name(), Some("企画課（目標管理）"));
        assert_eq!(from.address(), Some("mokuhyo@city.example.jp"));
        let reply = parsed.reply_to().and_then(|a| a.first()).unwrap();
        assert_eq!(reply.name(), Some("企画課 企画係"));
        assert_eq!(reply.address(), Some("kikakuka@city.example.jp"));
    }
}
