//! Where the desk is: `postgres://LOGIN@HOST:PORT/DATABASE?sslrootcert=CA.pem`, the form every
//! PostgreSQL tool reads. A password in the address is refused: it would end up in the shell's
//! history; it comes from NEWSROOM_DESK_PASSWORD or the keychain instead.

use std::path::PathBuf;

use url::Url;

use crate::SharedDeskError;

/// The default PostgreSQL port.
const DEFAULT_PORT: u16 = 5432;

/// A desk's address, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskAddress {
    /// The server's host name or address (checked against its certificate).
    pub host: String,
    /// Its port.
    pub port: u16,
    /// The database that holds the desk.
    pub database: String,
    /// The login named in the address, if any (`desk init` uses the database owner's).
    pub login: Option<String>,
    /// The certificate authority the server's certificate must come from; without one, the
    /// system's trusted authorities (a managed PostgreSQL with a public certificate).
    pub ca_file: Option<PathBuf>,
}

impl DeskAddress {
    /// Reads `postgres://[LOGIN@]HOST[:PORT]/DATABASE[?sslrootcert=PATH]`.
    pub fn parse(text: &str) -> Result<Self, SharedDeskError> {
        let bad = |why: &str| SharedDeskError::BadAddress(format!("{text}: {why}"));
        let url = Url::parse(text.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(bad("a desk's address starts with postgres://"));
        }
        if url.password().is_some() {
            return Err(bad(
                "leave the password out of the address; give it in NEWSROOM_DESK_PASSWORD",
            ));
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no server named"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let database = url.path().trim_start_matches('/').to_owned();
        if database.is_empty() || database.contains('/') {
            return Err(bad("name the desk's database after the server: …/newsroom"));
        }
        let mut ca_file = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "sslrootcert" => ca_file = Some(PathBuf::from(value.as_ref())),
                // Anything weaker than checking the certificate is not offered.
                "sslmode" if value != "verify-full" => {
                    return Err(bad("the desk always checks the server's certificate \
                                    (sslmode=verify-full)"))
                }
                "sslmode" => {}
                other => return Err(bad(&format!("unknown setting {other}"))),
            }
        }
        let login = Some(url.username().to_owned()).filter(|l| !l.is_empty());
        Ok(DeskAddress {
            host,
            port: url.port().unwrap_or(DEFAULT_PORT),
            database,
            login,
            ca_file,
        })
    }

    /// The address again, without a login (what a laptop keeps and shows).
    pub fn without_login(&self) -> String {
        let mut text = format!("postgres://{}:{}/{}", self.host, self.port, self.database);
        if let Some(ca) = &self.ca_file {
            text.push_str("?sslrootcert=");
            text.push_str(&ca.display().to_string());
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_psql_reads() {
        let address =
            DeskAddress::parse("postgres://owner@127.0.0.1:54329/newsroom?sslrootcert=/ca.crt")
                .expect("parses");
        assert_eq!(address.host, "127.0.0.1");
        assert_eq!(address.port, 54329);
        assert_eq!(address.database, "newsroom");
        assert_eq!(address.login.as_deref(), Some("owner"));
        assert_eq!(address.ca_file, Some(PathBuf::from("/ca.crt")));
        assert_eq!(
            address.without_login(),
            "postgres://127.0.0.1:54329/newsroom?sslrootcert=/ca.crt"
        );
    }

    #[test]
    fn refuses_a_password_a_weaker_mode_and_no_database() {
        for (text, says) in [
            ("postgres://a:secret@host/db", "leave the password out"),
            ("postgres://host/db?sslmode=disable", "always checks"),
            ("postgres://host/", "name the desk's database"),
            ("https://host/db", "starts with postgres://"),
        ] {
            let err = DeskAddress::parse(text).expect_err(text).to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
