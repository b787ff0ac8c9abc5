//! SMTP servers on loopback that the tests start: one (the
//! `mailin-embedded` crate) that refuses a chosen recipient and can hold its
//! reply to a message back, the same speaking STARTTLS with a certificate
//! of the test's own CA and asking for a password, and one that accepts
//! connections and never says a word.

use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin_embedded::{AuthMechanism, Handler, Response, Server, SslConfig, response};

use super::pki::TestPki;

/// A message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub rcpt: Vec<String>,
    pub data: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data[..])
            .unwrap()
    }
}

/// What the tests see of a running server and tell it.
#[derive(Default)]
pub struct Shared {
    received: Mutex<Vec<Received>>,
    /// Milliseconds the reply to a message's end is held back.
    reply_delay_ms: AtomicU64,
}

impl Shared {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn hold_replies(&self, delay: Duration) {
        self.reply_delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }
}

#[derive(Clone)]
struct Session {
    shared: Arc<Shared>,
    refuse: Option<String>,
    /// The password AUTH accepts (for any user).
    password: Option<String>,
    rcpt: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Session {
    fn auth_plain(&mut self, _authz: &str, _user: &str, password: &str) -> Response {
        match &self.password {
            Some(accepted) if accepted == password => response::AUTH_OK,
            _ => response::INVALID_CREDENTIALS,
        }
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.auth_plain("", user, password)
    }

    fn rcpt(&mut self, to: &str) -> Response {
        match &self.refuse {
            Some(refused) if to.contains(refused.as_str()) => response::NO_MAILBOX,
            _ => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.rcpt = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    /// Stores the message, then replies (after the delay, if one is set).
    fn data_end(&mut self) -> Response {
        self.shared.received.lock().unwrap().push(Received {
            rcpt: std::mem::take(&mut self.rcpt),
            data: std::mem::take(&mut self.data),
        });
        let delay = self.shared.reply_delay_ms.load(Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(delay));
        response::OK
    }
}

/// Starts a server on a free loopback port; recipients containing
/// `refuse` get 550.
pub fn server(refuse: Option<&str>) -> (u16, Arc<Shared>) {
    start(refuse, None, None)
}

/// A server on a free loopback port that speaks STARTTLS with the
/// certificate of `pki` and takes AUTH PLAIN/LOGIN with `password`;
/// recipients containing `refuse` get 550.
pub fn tls_server(pki: &TestPki, refuse: Option<&str>, password: &str) -> (u16, Arc<Shared>) {
    start(refuse, Some(pki), Some(password))
}

fn start(
    refuse: Option<&str>,
    pki: Option<&TestPki>,
    password: Option<&str>,
) -> (u16, Arc<Shared>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let shared = Arc::new(Shared::default());
    let mut server = Server::new(Session {
        shared: shared.clone(),
        refuse: refuse.map(str::to_string),
        password: password.map(str::to_string),
        rcpt: Vec::new(),
        data: Vec::new(),
    });
    server
        .with_name("test.example.jp")
        .with_tcp_listener(listener);
    if let Some(pki) = pki {
        // Both of rustls' providers are compiled into the tests: pick one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        server
            .with_ssl(SslConfig::Trusted {
                cert_path: pki.cert.display().to_string(),
                key_path: pki.key.display().to_string(),
                chain_path: pki.ca.display().to_string(),
            })
            .unwrap()
            .with_auth(AuthMechanism::Plain)
            .with_auth(AuthMechanism::Login);
    }
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, shared)
}

/// A server that accepts connections, keeps them open and never answers;
/// returns its port and the number of connections accepted.
pub fn silent_server() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            open.push(stream);
        }
    });
    (port, accepted)
}
