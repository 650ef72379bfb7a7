//! One connection to the desk, as one person: TLS checked against the newsroom's certificate
//! authority (or the system's), SCRAM with channel binding required, short timeouts so a dead
//! network is noticed in seconds, not the two hours of TCP's defaults.

use std::sync::Arc;
use std::time::Duration;

use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use tokio_postgres::config::{ChannelBinding, SslMode};
use tokio_postgres::{AsyncMessage, Client};
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
    driver: tokio::task::JoinHandle<()>,
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
