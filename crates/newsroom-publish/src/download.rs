//! Pictures an agency item names by URL, fetched for the import: https only (http only from
//! this machine), at most the photo size the desk accepts, with timeouts, so a slow or hostile
//! server cannot hold the import or fill the disk.

use std::time::Duration;

use url::Url;

use crate::wordpress::is_loopback;

/// Largest picture fetched (the desk's photo limit).
const MAX_PICTURE_BYTES: u64 = 50 * 1024 * 1024;

/// Fetches the picture at `url`; `Err` says why not, in words.
pub fn fetch_picture(url: &str) -> Result<Vec<u8>, String> {
    let parsed = Url::parse(url).map_err(|err| format!("not a web address: {err}"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(&parsed) => {}
        other => return Err(format!("{other} addresses are not fetched, only https")),
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("newsroom-desk/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|err| match err {
        ureq::Error::StatusCode(code) => format!("the server answered {code}"),
        ureq::Error::Timeout(_) => "the server did not answer in time".to_owned(),
        other => format!("the server could not be reached: {other}"),
    })?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_PICTURE_BYTES)
        .read_to_vec()
        .map_err(|err| format!("the picture could not be read (over 50 MB?): {err}"))
}
