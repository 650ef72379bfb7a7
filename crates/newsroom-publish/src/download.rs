//! Pictures an agency item names by URL, fetched for the import. The address comes from an
//! outside file, so it is treated as an attacker's: it must not reach the newsroom's own
//! network (a router's admin page, an intranet, a cloud metadata service) or this machine.
//!
//! - https only, on the standard ports or any other (http is refused: a picture's bytes
//!   travel unchecked otherwise);
//! - every address the name resolves to must be public: no loopback, private, link-local,
//!   shared (CGNAT), multicast or unspecified address, checked by the resolver the connection
//!   itself uses, so a name that resolves differently a second time (DNS rebinding) is caught
//!   at the connection, not only at a look beforehand;
//! - a redirect is followed only to the same scheme and host, at most [`MAX_REDIRECTS`] times;
//! - at most the desk's photo size, 10 s to connect and [`FETCH_TIME_LIMIT`] in all.
//!
//! Each failure says whether a later try may succeed ([`FetchFailure::may_retry`]): no network,
//! a timeout or a server error (408, 429, 5xx) may pass, and the import keeps the picture
//! waiting; a refused address or scheme, a redirect elsewhere, another 4xx or a picture over
//! the size limit will not.
//!
//! The one switch: `NEWSROOM_FETCH_ALLOW_LOOPBACK=1` lets the tests' picture servers on
//! 127.0.0.1 answer (over http too). Private and link-local addresses stay refused with it.

use std::net::IpAddr;
use std::time::Duration;

use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use url::Url;

pub use newsroom_core::fetch::FetchFailure;

/// Largest picture fetched (the desk's photo limit).
pub const MAX_PICTURE_BYTES: u64 = 50 * 1024 * 1024;
/// Longest a picture may take, from the first byte sent to the last received.
pub const FETCH_TIME_LIMIT: Duration = Duration::from_secs(60);
/// Most redirects followed (each to the same scheme and host).
pub const MAX_REDIRECTS: usize = 3;
/// The switch that lets the tests' servers on this machine answer.
pub const ALLOW_LOOPBACK_VARIABLE: &str = "NEWSROOM_FETCH_ALLOW_LOOPBACK";

/// Where a fetch may connect to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchPolicy {
    /// True to let addresses on this machine answer (the tests' switch).
    pub allow_loopback: bool,
}

impl FetchPolicy {
    /// The policy in force: loopback only where [`ALLOW_LOOPBACK_VARIABLE`] is `1`.
    pub fn from_env() -> Self {
        FetchPolicy {
            allow_loopback: std::env::var(ALLOW_LOOPBACK_VARIABLE).is_ok_and(|v| v == "1"),
        }
    }

    /// True when a connection to `ip` is allowed.
    pub fn allows(self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        if ip.is_loopback() {
            return self.allow_loopback;
        }
        match ip {
            IpAddr::V4(v4) => {
                let [a, b, ..] = v4.octets();
                !(v4.is_private()
                    || v4.is_link_local()
                    || v4.is_unspecified()
                    || v4.is_broadcast()
                    || v4.is_multicast()
                    || v4.is_documentation()
                    || a == 0
                    || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
                    || (a == 198 && (b == 18 || b == 19)) // benchmarking
                    || a >= 240) // reserved
            }
            IpAddr::V6(v6) => {
                let first = v6.segments()[0];
                !(v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00 // unique local
                    || (first & 0xffc0) == 0xfe80 // link-local
                    || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
                    || first == 0x2001 && v6.segments()[1] == 0x0db8 // documentation
                    || first == 0x0064 && v6.segments()[1] == 0xff9b) // NAT64 to any IPv4
            }
        }
    }
}

/// The system's resolver, with every answer checked against the policy before a connection.
#[derive(Debug)]
struct CheckedResolver {
    policy: FetchPolicy,
    inner: DefaultResolver,
}

impl Resolver for CheckedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addresses = self.inner.resolve(uri, config, timeout)?;
        if let Some(refused) = addresses.iter().find(|a| !self.policy.allows(a.ip())) {
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "its address {} is inside a private network or this computer, which the desk never fetches from",
                    refused.ip()
                ),
            )));
        }
        Ok(addresses)
    }
}

/// Fetches the picture at `url` under the policy of the environment ([`FetchPolicy::from_env`]);
/// `Err` says why not, in words, and whether a later try may get it.
pub fn fetch_picture(url: &str) -> Result<Vec<u8>, FetchFailure> {
    fetch_picture_with(url, FetchPolicy::from_env())
}

/// Fetches the picture at `url` under `policy`.
pub fn fetch_picture_with(url: &str, policy: FetchPolicy) -> Result<Vec<u8>, FetchFailure> {
    let first = Url::parse(url)
        .map_err(|err| FetchFailure::for_good(format!("not a web address: {err}")))?;
    check_scheme(&first, policy)?;
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(10)))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("newsroom-desk/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::with_parts(
        config,
        DefaultConnector::default(),
        CheckedResolver {
            policy,
            inner: DefaultResolver::default(),
        },
    );
    let started = std::time::Instant::now();
    let mut current = first.clone();
    for _ in 0..=MAX_REDIRECTS {
        // One time limit for the whole picture: each request (a redirect's too) gets what is
        // left of it, so three redirects cannot make it four.
        let remaining = FETCH_TIME_LIMIT.saturating_sub(started.elapsed());
        if remaining.is_zero() {
            return Err(FetchFailure::for_now("the server did not answer in time"));
        }
        let mut response = agent
            .get(current.as_str())
            .config()
            .timeout_global(Some(remaining))
            .build()
            .call()
            .map_err(|err| match err {
                ureq::Error::Timeout(_) => {
                    FetchFailure::for_now("the server did not answer in time")
                }
                ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                    FetchFailure::for_good(io.to_string())
                }
                other => FetchFailure::for_now(format!("the server could not be reached: {other}")),
            })?;
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| {
                    FetchFailure::for_good(format!(
                        "the server answered {status} without saying where to"
                    ))
                })?;
            let next = current.join(location).map_err(|_| {
                FetchFailure::for_good(format!("the server sent it to a bad address ({location})"))
            })?;
            if next.scheme() != first.scheme() || next.host_str() != first.host_str() {
                return Err(FetchFailure::for_good(format!(
                    "the server sent it on to another place ({}), which the desk does not follow",
                    next.host_str().unwrap_or(next.scheme())
                )));
            }
            current = next;
            continue;
        }
        if status >= 400 {
            let reason = format!("the server answered {status}");
            // Busy, rate-limited or broken for now; any other 4xx is the server's last word.
            return Err(if matches!(status, 408 | 425 | 429) || status >= 500 {
                FetchFailure::for_now(reason)
            } else {
                FetchFailure::for_good(reason)
            });
        }
        return response
            .body_mut()
            .with_config()
            .limit(MAX_PICTURE_BYTES)
            .read_to_vec()
            .map_err(|err| match err {
                ureq::Error::Timeout(_) => {
                    FetchFailure::for_now("the server did not send it in time")
                }
                ureq::Error::BodyExceedsLimit(_) => {
                    FetchFailure::for_good("the picture is over 50 MB, more than the desk takes")
                }
                other => FetchFailure::for_now(format!("the picture could not be read: {other}")),
            });
    }
    Err(FetchFailure::for_good(format!(
        "the server sent it on more than {MAX_REDIRECTS} times"
    )))
}

fn check_scheme(url: &Url, policy: FetchPolicy) -> Result<(), FetchFailure> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if policy.allow_loopback && crate::wordpress::is_loopback(url) => Ok(()),
        "http" => Err(FetchFailure::for_good(
            "http addresses are not fetched, only https",
        )),
        other => Err(FetchFailure::for_good(format!(
            "{other} addresses are not fetched, only https"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_allowed() {
        let policy = FetchPolicy {
            allow_loopback: false,
        };
        for refused in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.1.1",
            "::ffff:127.0.0.1",
        ] {
            let ip: IpAddr = refused.parse().expect("ip");
            assert!(!policy.allows(ip), "{refused}");
        }
        for allowed in [
            "93.184.216.34",
            "2606:2800:220:1::1",
            "::ffff:93.184.216.34",
        ] {
            let ip: IpAddr = allowed.parse().expect("ip");
            assert!(policy.allows(ip), "{allowed}");
        }
        let tests = FetchPolicy {
            allow_loopback: true,
        };
        assert!(tests.allows("127.0.0.1".parse().expect("ip")));
        assert!(!tests.allows("192.168.1.1".parse().expect("ip")));
    }
}
