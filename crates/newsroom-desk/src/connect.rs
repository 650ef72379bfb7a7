//! One connection to the desk, as one person: TLS checked against the newsroom's certificate
//! authority (or the system's), SCRAM with channel binding required, short timeouts so a dead
//! network is noticed in seconds, not the two hours of TCP's defaults.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use tokio_postgres::config::{ChannelBinding, SslMode};
use tokio_postgres::{AsyncMessage, Client, Statement};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::{DeskAddress, SharedDeskError};

/// How long connecting may take before the desk counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How soon a silent connection is probed, and given up.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(15);
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(20);

/// A connection to the desk as one person. The connection's own task runs on the tokio
/// runtime the caller is in, and passes on every notification (a channel this connection
/// LISTENs to); dropping this closes it.
pub struct Connection {
    /// The client to send queries on.
    pub client: Client,
    /// The login it is connected as.
    pub login: String,
    /// The payloads of the notifications heard; ends (`None`) when the connection is lost.
    pub notifications: tokio::sync::mpsc::UnboundedReceiver<String>,
    /// The round's statements, prepared once on this connection ([`Statements`]).
    pub statements: Statements,
    driver: tokio::task::JoinHandle<()>,
}

/// The statements a connection prepared, by their text. A sync round asks the same twenty
/// queries every time; sent as text, PostgreSQL parsed, analysed and rewrote each of them
/// (row-level security's policies included) in every round, on every laptop, for every change
/// anyone made. Prepared once, each round sends only the statement's name and the cursor.
/// (Named statements live as long as the connection; a pooler in transaction mode must pass
/// them on, as PgBouncer does from 1.21 with `max_prepared_statements`.)
#[derive(Clone, Default)]
pub struct Statements(Arc<Mutex<HashMap<String, Statement>>>);

impl Statements {
    /// The statement for `sql`, prepared on `client` (the connection's, or a transaction of
    /// it) the first time it is asked for.
    pub async fn get(
        &self,
        client: &impl tokio_postgres::GenericClient,
        sql: &str,
    ) -> Result<Statement, tokio_postgres::Error> {
        if let Some(statement) = self.lock().get(sql) {
            return Ok(statement.clone());
        }
        let statement = client.prepare(sql).await?;
        self.lock().insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Forgets them all: after an error a statement may be what failed (PostgreSQL plans a
    /// prepared statement again when its tables change, but refuses one whose result an
    /// upgrade of the desk changed), and the next round prepares afresh.
    pub fn forget(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Statement>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// Connects to the desk at `address` as `login` with `password`.
pub async fn connect(
    address: &DeskAddress,
    login: &str,
    password: &str,
) -> Result<Connection, SharedDeskError> {
    let mut config = tokio_postgres::Config::new();
    config
        .host(&address.host)
        .port(address.port)
        .dbname(&address.database)
        .user(login)
        .password(password)
        .application_name("newsroom")
        .ssl_mode(SslMode::Require)
        .channel_binding(ChannelBinding::Require)
        .connect_timeout(CONNECT_TIMEOUT)
        .keepalives_idle(KEEPALIVE_IDLE)
        .tcp_user_timeout(TCP_USER_TIMEOUT);
    let tls = MakeRustlsConnect::new(tls_config(address)?);
    let (client, connection) = match config.connect(tls).await {
        Ok(connected) => connected,
        Err(err) => {
            let code = err.as_db_error().map(|db| db.code().code().to_owned());
            return Err(match code.as_deref() {
                // invalid_password, invalid_authorization_specification
                Some("28P01" | "28000") => SharedDeskError::WrongPassword {
                    login: login.to_owned(),
                },
                _ => err.into(),
            });
        }
    };
    // The connection is driven message by message (awaiting it as a plain future would drop
    // the notifications), and they are passed on.
    let (heard, notifications) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut connection = connection;
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(AsyncMessage::Notification(notification))) => {
                    let _ = heard.send(notification.payload().to_owned());
                }
                Some(Ok(_)) => {}
                Some(Err(err)) => {
                    tracing::info!(%err, "desk connection ended");
                    return;
                }
                None => return,
            }
        }
    });
    Ok(Connection {
        client,
        login: login.to_owned(),
        notifications,
        statements: Statements::default(),
        driver,
    })
}

/// TLS that trusts only the desk's certificate authority when the address names one, else
/// the system's authorities; the server's name is checked either way.
fn tls_config(address: &DeskAddress) -> Result<rustls::ClientConfig, SharedDeskError> {
    let mut roots = RootCertStore::empty();
    match &address.ca_file {
        Some(path) => {
            let unreadable = |why: String| {
                SharedDeskError::CertificateNotTrusted(format!(
                    "the certificate authority file {} cannot be read: {why}",
                    path.display()
                ))
            };
            let certificates = CertificateDer::pem_file_iter(path)
                .map_err(|e| unreadable(e.to_string()))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| unreadable(e.to_string()))?;
            if certificates.is_empty() {
                return Err(unreadable("it holds no certificate".into()));
            }
            for certificate in certificates {
                roots
                    .add(certificate)
                    .map_err(|e| unreadable(e.to_string()))?;
            }
        }
        None => {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SharedDeskError::CertificateNotTrusted(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}
