//! Every way talking to the desk can fail, in words a journalist can act on. The laptop keeps
//! working on its own copy whatever the desk answers: none of these loses what was typed.

use std::error::Error as _;

use thiserror::Error;

/// Why the desk could not be used, or said no.
#[derive(Debug, Error)]
pub enum SharedDeskError {
    /// The address cannot be read.
    #[error("The desk's address is not right ({0}).")]
    BadAddress(String),
    /// No answer from the server: no network, wrong address, server down. The laptop works
    /// offline and tries again.
    #[error("The desk cannot be reached ({0}). You are working offline; your changes wait on this laptop.")]
    Unreachable(String),
    /// The server's certificate does not come from the newsroom's authority (or names another
    /// server): someone may be in the way, so nothing is sent.
    #[error(
        "The desk's certificate is not trusted ({0}). Nothing was sent; ask whoever runs the desk."
    )]
    CertificateNotTrusted(String),
    /// The server refused the login and password.
    #[error("The desk did not accept the name and password for {login}.")]
    WrongPassword {
        /// The login that was tried.
        login: String,
    },
    /// The desk was set up by a newer version of the app.
    #[error("The desk was set up by a newer version of the app (desk version {desk}, this app knows {app}). Update the app to use it.")]
    SchemaNewer {
        /// The desk's schema version.
        desk: i32,
        /// The newest this app knows.
        app: i32,
    },
    /// A landed schema file differs from what the desk recorded when it applied it.
    #[error("The desk's version {version} is not the one this app knows; it was changed by hand. Ask whoever runs the desk.")]
    SchemaDiffers {
        /// The version whose checksum differs.
        version: i32,
    },
    /// Not this person's to do (the desk's rules).
    #[error("{0}")]
    NotAllowed(String),
    /// An approval of a version that is no longer the desk's latest.
    #[error("{0}")]
    ChangedMeanwhile(String),
    /// The desk refused the change, and says why.
    #[error("The desk refused the change: {0}")]
    Refused(String),
    /// This laptop's own store failed during a sync (a full disk, say); nothing was lost.
    #[error("This laptop could not keep what the desk sent: {0}")]
    Local(String),
    /// Anything else the server said.
    #[error("The desk answered with an error: {0}")]
    Server(String),
}

impl SharedDeskError {
    /// True when trying again later may work (the network, a restarting server).
    pub fn is_transient(&self) -> bool {
        matches!(self, SharedDeskError::Unreachable(_))
    }
}

impl From<tokio_postgres::Error> for SharedDeskError {
    fn from(err: tokio_postgres::Error) -> Self {
        if let Some(db) = err.as_db_error() {
            let message = db.message().to_owned();
            return match db.code().code() {
                "42501" => SharedDeskError::NotAllowed(message),
                "NR409" => SharedDeskError::ChangedMeanwhile(message),
                "P0001" => SharedDeskError::Refused(message),
                // The server is shutting down or restarting.
                "57P01" | "57P02" | "57P03" | "53300" => SharedDeskError::Unreachable(message),
                _ => SharedDeskError::Server(message),
            };
        }
        if err.is_closed() {
            return SharedDeskError::Unreachable("the connection was closed".into());
        }
        // TLS and socket failures are in the source chain.
        let mut source = err.source();
        while let Some(cause) = source {
            if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
                return SharedDeskError::CertificateNotTrusted(tls.to_string());
            }
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                if let Some(tls) = io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                {
                    return SharedDeskError::CertificateNotTrusted(tls.to_string());
                }
                return SharedDeskError::Unreachable(io.to_string());
            }
            source = cause.source();
        }
        SharedDeskError::Server(err.to_string())
    }
}

/// A failure of this laptop's own store during a sync, in its words.
impl From<newsroom_store::StoreError> for SharedDeskError {
    fn from(err: newsroom_store::StoreError) -> Self {
        SharedDeskError::Local(err.to_string())
    }
}
