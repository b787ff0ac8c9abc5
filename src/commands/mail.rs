//! `mokuhyo mail test --to ADDRESS`: one short Japanese test mail through
//! the configured transport, each step of the SMTP session reported as it
//! goes (connect, STARTTLS with the server's certificate, AUTH, MAIL FROM,
//! the recipients accepted, DATA). Exits 1 naming the step that failed; an
//! untrusted server's certificate is shown, so that the administrator knows
//! which CA to put in `mail.smtp.ca_file`. Nothing is recorded in the
//! ledger, and the password is never shown.

use std::io::Write;
use std::process::ExitCode;

use lettre::Message;

use crate::config::Settings;
use crate::i18n::t;
use crate::mail::transport::{
    DeliveryError, DeliveryFailure, Progress, SessionStep, Transport, test_message,
};
use mokuhyo_core::mail_address::{AddressError, MailAddress};
use mokuhyo_core::remind::config::{MailConfig, SmtpSecurity};

#[derive(Debug, clap::Subcommand)]
pub enum MailCommand {
    /// Send one test mail with the configured transport, reporting each step.
    Test(TestArgs),
}

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Recipient of the test mail (repeat for several).
    #[arg(long, required = true, value_name = "ADDRESS")]
    pub to: Vec<String>,
}

pub fn run(command: &MailCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    match command {
        MailCommand::Test(args) => test(args, settings),
    }
}

/// `mail test`: sends the test mail, printing each step of the session as
/// it is done; exits 1 at the first step that fails.
fn test(args: &TestArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    let Some(test) = TestMail::prepare(args, &settings.mail, &mut out)? else {
        return Ok(ExitCode::from(1));
    };
    drop(out);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut current: Option<SessionStep> = None;
    let result = runtime.block_on(test.transport.deliver_reporting(
        "mail-test",
        &test.message,
        &mut |progress| match progress {
            Progress::Started(step) => current = Some(step),
            Progress::Done(step, detail) => {
                let _ = writeln!(
                    std::io::stdout(),
                    "  {:<10} {}  {detail}",
                    test.name(step),
                    t!("mail-test-step-ok")
                );
            }
        },
    ));

    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    match result {
        Ok(delivered) if delivered.refused.is_empty() => {
            if let Transport::Outbox(_) = test.transport {
                writeln!(out, "  {}", delivered.detail)?;
            }
            writeln!(out, "{}", t!("mail-test-sent", to = args.to.join(", ")))?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(delivered) => {
            writeln!(
                out,
                "{}",
                t!(
                    "mail-test-refused",
                    step = test.name(SessionStep::Recipients),
                    count = delivered.refused.len()
                )
            )?;
            Ok(ExitCode::from(1))
        }
        Err(err) => {
            test.print_failure(&mut out, &runtime, current, &err)?;
            Ok(ExitCode::from(1))
        }
    }
}

/// The test mail and the transport it goes by.
struct TestMail {
    transport: Transport,
    message: Message,
    /// How the SMTP session is secured, which names its steps.
    security: SmtpSecurity,
}

/// The `--to` addresses; the first that is not one makes the test mail
/// impossible to build.
fn recipients(to: &[String]) -> Result<Vec<MailAddress>, DeliveryError> {
    to.iter()
        .map(|text| {
            text.parse().map_err(|source: AddressError| {
                DeliveryError::Permanent(DeliveryFailure::Address { source })
            })
        })
        .collect()
}

impl TestMail {
    /// The transport of the configuration and the test mail, with a line
    /// saying where it goes; none (the failure printed) when either cannot
    /// be made.
    fn prepare(
        args: &TestArgs,
        mail: &MailConfig,
        out: &mut impl Write,
    ) -> std::io::Result<Option<TestMail>> {
        let transport = match Transport::from_config(mail) {
            Ok(transport) => transport,
            Err(err) => {
                writeln!(
                    out,
                    "{}",
                    t!(
                        "mail-test-failed-before",
                        error = crate::logging::causes(&err)
                    )
                )?;
                return Ok(None);
            }
        };
        let (route, security) = match &transport {
            Transport::Outbox(dir) => (format!("outbox {}", dir.display()), None),
            Transport::Smtp(server) => (
                format!("SMTP {}", server.describe()),
                Some(server.security()),
            ),
        };
        writeln!(
            out,
            "{}",
            t!(
                "mail-test-start",
                route = &route,
                from = mail.from.to_string(),
                to = args.to.join(", ")
            )
        )?;
        let message = recipients(&args.to)
            .and_then(|to| test_message(&mail.from, &to, &route, crate::clock::now_utc()));
        let message = match message {
            Ok(message) => message,
            Err(err) => {
                writeln!(
                    out,
                    "{}",
                    t!(
                        "mail-test-failed-building",
                        error = crate::logging::causes(&err)
                    )
                )?;
                return Ok(None);
            }
        };
        Ok(Some(TestMail {
            transport,
            message,
            security: security.unwrap_or(SmtpSecurity::None),
        }))
    }

    /// A step's name as the session is secured (STARTTLS, TLS, none).
    fn name(&self, step: SessionStep) -> &'static str {
        step.name(self.security)
    }

    /// Prints the step that failed (`current`, or connect before any) and
    /// why; at TLS, the certificate the server presented.
    fn print_failure(
        &self,
        out: &mut impl Write,
        runtime: &tokio::runtime::Runtime,
        current: Option<SessionStep>,
        err: &DeliveryError,
    ) -> std::io::Result<()> {
        let step = current.map_or("connect", |s| self.name(s));
        writeln!(out, "  {step:<10} {}  {err}", t!("mail-test-step-failed"))?;
        if current == Some(SessionStep::Tls)
            && let Transport::Smtp(server) = &self.transport
        {
            match runtime.block_on(server.presented_certificate()) {
                Ok(info) => writeln!(
                    out,
                    "  {}",
                    t!("mail-test-presented", certificate = info.to_string())
                )?,
                Err(e) => writeln!(
                    out,
                    "  {}",
                    t!(
                        "mail-test-certificate-unreadable",
                        error = crate::logging::causes(&e)
                    )
                )?,
            }
        }
        writeln!(
            out,
            "{}",
            t!(
                "mail-test-failed-at",
                step = step,
                error = crate::logging::causes(&err)
            )
        )
    }
}
