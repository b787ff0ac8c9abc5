//! Why a mail did not leave, and why no transport could be made: each
//! failure says where (the outbox file, the server and the step of the
//! session, the recipient) and keeps its cause. The texts are the ones the
//! ledger records and `status` and `mail test` show.

use std::path::PathBuf;

use lettre::Address;
use lettre::transport::smtp::Error as SmtpError;

use super::Refused;
use crate::mail::tls::TlsError;
use mokuhyo_core::mail_address::AddressError;

/// A failed delivery, by what it means for the run; the failure itself is
/// its [`DeliveryFailure`].
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// Worth retrying: a 4xx reply, outbox I/O.
    #[error(transparent)]
    Transient(DeliveryFailure),
    /// Not worth retrying with the same message: 5xx, a message that cannot
    /// be built.
    #[error(transparent)]
    Permanent(DeliveryFailure),
    /// The server could not be reached, refused the session (TLS,
    /// authentication, sender) or stopped answering: worth retrying, but
    /// not with further mails in the same run.
    #[error(transparent)]
    Connection(DeliveryFailure),
}

impl DeliveryError {
    /// What went wrong, whatever it means for the run.
    pub fn failure(&self) -> &DeliveryFailure {
        match self {
            DeliveryError::Transient(failure)
            | DeliveryError::Permanent(failure)
            | DeliveryError::Connection(failure) => failure,
        }
    }
}

/// What went wrong with one mail, where, with its cause.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryFailure {
    /// The outbox folder or file could not be written (`step`: create,
    /// write, rename).
    #[error("outbox {step} {}: {source}", path.display())]
    Outbox {
        step: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the SMTP server {host}:{port} did not answer within {seconds}s")]
    NoAnswer {
        host: String,
        port: u16,
        seconds: u64,
    },
    /// The trust of TLS could not be set up (the CA file).
    #[error(transparent)]
    Trust(TlsError),
    /// The TLS handshake failed; `hint` says what to check.
    #[error("SMTP TLS with {host}: {source}{hint}")]
    Handshake {
        host: String,
        #[source]
        source: SmtpError,
        hint: &'static str,
    },
    /// A step of the session failed (`step`: the server's `host:port` for
    /// the connection, `authentication`, `sender`, `recipient`).
    #[error("SMTP {step}: {source}")]
    Session {
        step: String,
        #[source]
        source: SmtpError,
    },
    /// A recipient was refused for now (4xx): the whole mail waits.
    #[error("{address}: {source}")]
    RecipientDeferred {
        address: Address,
        #[source]
        source: SmtpError,
    },
    /// Every recipient was refused (5xx), each with its reply.
    #[error("every recipient was refused: {}", refused_list(refused))]
    AllRefused { refused: Vec<Refused> },
    #[error("an address is not ASCII and the server does not take SMTPUTF8")]
    NoSmtpUtf8,
    #[error("the message is not ASCII and the server does not take 8BITMIME")]
    NoEightBitMime,
    /// The server's reply to the message.
    #[error(transparent)]
    Reply(SmtpError),
    /// The connection was lost while the message was handed over.
    #[error("SMTP message: {source}")]
    MessageLost {
        #[source]
        source: SmtpError,
    },
    /// An attachment's content type is not one.
    #[error("content type: {source}")]
    ContentType {
        #[source]
        source: lettre::message::header::ContentTypeErr,
    },
    /// The message could not be put together.
    #[error("message: {source}")]
    Message {
        #[source]
        source: lettre::error::Error,
    },
    /// An address given on the command line is not one.
    #[error("invalid address {:?}: {}", source.text, source.reason)]
    Address {
        #[source]
        source: AddressError,
    },
    /// Not tried: the run stopped before.
    #[error("not attempted")]
    NotAttempted,
}

/// `a@x: reply; b@x: reply`.
fn refused_list(refused: &[Refused]) -> String {
    let all: Vec<String> = refused.iter().map(Refused::to_string).collect();
    all.join("; ")
}

/// Why the configured transport could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The variable is unset (or holds no text): the message says all
    /// there is to say, so no cause follows it.
    #[error("{}", crate::i18n::t!("transport-password-unset", variable = variable.as_str()))]
    PasswordVariable { variable: String },
    #[error("[mail.smtp] password_file {}: {source}", path.display())]
    PasswordFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("[mail.smtp] ca_file {source}")]
    CaFile {
        #[source]
        source: TlsError,
    },
}

/// An attachment that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("attachment {}: {source}", path.display())]
pub struct AttachmentError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Why the certificate a server presents could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InspectionError {
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error(transparent)]
    Smtp(#[from] SmtpError),
    #[error("no answer")]
    NoAnswer,
}
