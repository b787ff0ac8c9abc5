//! `mokuhyo mail test --to ADDRESS`: one short Japanese test mail through
//! the configured transport, each step of the SMTP session reported as it
//! goes (connect, STARTTLS with the server's certificate, AUTH, MAIL FROM,
//! the recipients accepted, DATA). Exits 1 naming the step that failed; an
//! untrusted server's certificate is shown, so that the administrator knows
//! which CA to put in `mail.smtp.ca_file`. Nothing is recorded in the
//! ledger, and the password is never shown.

use std::io::Write;
use std::process::ExitCode;

use crate::config::Settings;
use crate::i18n::t;
use crate::remind::config::SmtpSecurity;
use crate::remind::transport::{Progress, SessionStep, Transport, test_message};

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

fn test(args: &TestArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let mail = &settings.mail;
    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    let transport = match Transport::from_config(mail) {
        Ok(transport) => transport,
        Err(err) => {
            writeln!(
                out,
                "{}",
                t!("mail-test-failed-before", error = err.to_string())
            )?;
            return Ok(ExitCode::from(1));
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
            from = &mail.from,
            to = args.to.join(", ")
        )
    )?;
    let message = match test_message(&mail.from, &args.to, &route, crate::clock::now_utc()) {
        Ok(message) => message,
        Err(err) => {
            writeln!(
                out,
                "{}",
                t!("mail-test-failed-building", error = err.to_string())
            )?;
            return Ok(ExitCode::from(1));
        }
    };
    drop(out);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut current: Option<SessionStep> = None;
    let name = |step: SessionStep| step.name(security.unwrap_or(SmtpSecurity::None));
    let result =
        runtime.block_on(
            transport.deliver_reporting("mail-test", &message, &mut |progress| match progress {
                Progress::Started(step) => current = Some(step),
                Progress::Done(step, detail) => {
                    println!("  {:<10} {}  {detail}", name(step), t!("mail-test-step-ok"))
                }
            }),
        );

    let mut out = crate::logging::EscapedOutput::new(std::io::stdout().lock());
    match result {
        Ok(delivered) if delivered.refused.is_empty() => {
            if let Transport::Outbox(_) = transport {
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
                    step = name(SessionStep::Recipients),
                    count = delivered.refused.len()
                )
            )?;
            Ok(ExitCode::from(1))
        }
        Err(err) => {
            let step = current.map_or("connect", name);
            writeln!(out, "  {step:<10} {}  {err}", t!("mail-test-step-failed"))?;
            if current == Some(SessionStep::Tls)
                && let Transport::Smtp(server) = &transport
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
                        t!("mail-test-certificate-unreadable", error = e.to_string())
                    )?,
                }
            }
            writeln!(
                out,
                "{}",
                t!("mail-test-failed-at", step = step, error = err.to_string())
            )?;
            Ok(ExitCode::from(1))
        }
    }
}
