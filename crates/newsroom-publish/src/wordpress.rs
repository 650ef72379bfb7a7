//! A WordPress site over its REST API (`/wp-json/wp/v2`), with an application password.
//!
//! Only what the desk needs: who the password belongs to, categories and tags (a name that
//! exists answers 400 `term_exists` with its id, which is reused), media uploads (the raw file,
//! its caption and alt text in the same request, so a photo is never half-described), and
//! posts (created, found by slug, read, updated). Every failure becomes a [`WpError`] in words a
//! journalist understands, with the site's own message where it gave one, and says whether
//! trying again later can help.

use std::io::Read;
use std::time::Duration;

use base64::Engine as _;
use serde_json::Value;
use url::Url;

/// How long to wait for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for an answer once a request was sent.
pub const DEFAULT_ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a request to the site failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WpError {
    /// The address is not one the desk will send to.
    #[error("{0}")]
    BadUrl(String),
    /// No connection (offline, the site is down, DNS).
    #[error(
        "Cannot reach {host}: {detail}. The export waits and is sent when the site can be reached."
    )]
    Unreachable {
        /// The site's host.
        host: String,
        /// What failed.
        detail: String,
    },
    /// The site did not answer in time (the request may have arrived).
    #[error(
        "{host} did not answer in time. The export is tried again; it will not make a second post."
    )]
    Timeout {
        /// The site's host.
        host: String,
    },
    /// The user name or application password was refused.
    #[error(
        "WordPress refused the user name or application password ({0}). Check them in Settings."
    )]
    BadPassword(String),
    /// The address answers, but not as a WordPress REST API.
    #[error("There is no WordPress REST API at {0}. Check the address (it is the site's home page address), and that the REST API is not switched off.")]
    NoRestApi(String),
    /// The user may not publish other people's posts.
    #[error("The WordPress user \"{0}\" is not an editor on that site: ask for the Editor or Administrator role.")]
    NotAnEditor(String),
    /// The site answered with an error.
    #[error("The site answered {status}: {message}")]
    Site {
        /// HTTP status.
        status: u16,
        /// WordPress's error code ("rest_invalid_param").
        code: String,
        /// WordPress's own message.
        message: String,
    },
}

impl WpError {
    /// True when trying again later may succeed without anyone changing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            WpError::Unreachable { .. } | WpError::Timeout { .. } => true,
            WpError::Site { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            _ => false,
        }
    }
}

/// The site's address, checked: http or https with a host, https unless it is this machine
/// (a CMS password never crosses a network in clear text). Returns it without a trailing slash.
pub fn check_site_url(typed: &str) -> Result<String, WpError> {
    let url = Url::parse(typed.trim()).map_err(|err| {
        WpError::BadUrl(format!(
            "\"{}\" is not a web address ({err}). Write it like https://news.example.com",
            typed.trim()
        ))
    })?;
    let host = url.host_str().unwrap_or_default().to_owned();
    if host.is_empty() || !matches!(url.scheme(), "http" | "https") {
        return Err(WpError::BadUrl(format!(
            "\"{}\" is not a web address. Write it like https://news.example.com",
            typed.trim()
        )));
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(WpError::BadUrl(format!(
            "\"{}\" uses http, which would send the password in clear text. Use https:// (http is allowed only for this computer, such as http://127.0.0.1).",
            typed.trim()
        )));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(WpError::BadUrl(
            "Give the site's address without a query, a # part or a user name.".into(),
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// True for an address on this machine (127.0.0.0/8, ::1, localhost): the only place plain
/// http is allowed to.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A post as the site holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePost {
    /// Its id.
    pub id: u64,
    /// Last modified (UTC, as WordPress writes it: "2026-11-25T14:03:22").
    pub modified_gmt: String,
    /// Its status (pending, publish, future, draft, private, trash).
    pub status: String,
    /// Its public address.
    pub link: String,
    /// Its title as stored.
    pub title: String,
    /// Its content as stored.
    pub content: String,
}

impl SitePost {
    fn from_json(value: &Value) -> Option<Self> {
        let raw_or_rendered = |field: &str| {
            value[field]["raw"]
                .as_str()
                .or_else(|| value[field]["rendered"].as_str())
                .unwrap_or_default()
                .to_owned()
        };
        Some(SitePost {
            id: value["id"].as_u64()?,
            modified_gmt: value["modified_gmt"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            status: value["status"].as_str().unwrap_or_default().to_owned(),
            link: value["link"].as_str().unwrap_or_default().to_owned(),
            title: raw_or_rendered("title"),
            content: raw_or_rendered("content"),
        })
    }
}

/// An uploaded photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteMedia {
    /// Its id.
    pub id: u64,
    /// The address of the full-size file.
    pub source_url: String,
    /// Its caption, alt text and credit as the site keeps them (raw, as they were sent: escaped
    /// text), when the answer held them; a `credit` the site does not keep is empty.
    pub kept_text: Option<[String; 3]>,
}

impl SiteMedia {
    fn from_json(value: &Value) -> Option<Self> {
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let kept_text = text(&value["caption"]["raw"])
            .zip(text(&value["alt_text"]))
            .map(|(caption, alt_text)| {
                [
                    caption,
                    alt_text,
                    text(&value["meta"]["credit"]).unwrap_or_default(),
                ]
            });
        Some(SiteMedia {
            id: value["id"].as_u64()?,
            source_url: value["source_url"].as_str().unwrap_or_default().to_owned(),
            kept_text,
        })
    }

    /// Whether the site's caption, alt text and credit are `text`'s (unknown counts as not).
    pub fn says(&self, text: &MediaText<'_>) -> bool {
        self.kept_text.as_ref() == Some(&text.as_sent())
    }
}

/// A photo's caption (credit line included), alt text and credit line alone, as plain text.
#[derive(Debug, Clone, Copy)]
pub struct MediaText<'a> {
    /// The caption, credit line included.
    pub caption: &'a str,
    /// The alt text.
    pub alt_text: &'a str,
    /// The credit line alone (for a `credit` meta field the site may register).
    pub credit: &'a str,
}

impl MediaText<'_> {
    /// The three as they go to the site. The caption is HTML on the site and printed as it
    /// is; the alt text and the credit are printed through WordPress's own escaping, which
    /// leaves an entity as it is. So each goes as escaped text, and a caption from an agency's
    /// file cannot become markup.
    fn as_sent(&self) -> [String; 3] {
        [self.caption, self.alt_text, self.credit]
            .map(|text| html_escape::encode_text(text).into_owned())
    }
}

/// A photo to upload.
pub struct MediaUpload<'a> {
    /// The file name on the site; its stem becomes the media's slug.
    pub file_name: &'a str,
    /// Its MIME type.
    pub mime: &'a str,
    /// The original bytes.
    pub bytes: &'a [u8],
    /// Its caption, alt text and credit (plain text, escaped when sent).
    pub text: MediaText<'a>,
}

/// One WordPress site, signed in with an application password.
pub struct WordPress {
    site: String,
    api: String,
    host: String,
    authorization: String,
    agent: ureq::Agent,
}

/// Counts bytes as the upload reads them.
struct CountingReader<'a, F: FnMut(u64)> {
    inner: &'a [u8],
    sent: u64,
    on_progress: F,
}

impl<F: FnMut(u64)> Read for CountingReader<'_, F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sent += n as u64;
        (self.on_progress)(self.sent);
        Ok(n)
    }
}

impl WordPress {
    /// A client for the site at `site` (checked by [`check_site_url`]), waiting at most
    /// `answer_timeout` for each answer.
    pub fn new(
        site: &str,
        user: &str,
        password: &str,
        answer_timeout: Duration,
    ) -> Result<Self, WpError> {
        let site = check_site_url(site)?;
        let host = Url::parse(&site)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_recv_response(Some(answer_timeout))
            .timeout_recv_body(Some(answer_timeout))
            .http_status_as_error(false)
            .user_agent(concat!("newsroom-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            user.trim(),
            password.trim()
        ));
        Ok(WordPress {
            api: format!("{site}/wp-json/wp/v2"),
            site,
            host,
            authorization: format!("Basic {token}"),
            agent,
        })
    }

    fn transport_error(&self, err: &ureq::Error) -> WpError {
        match err {
            ureq::Error::Timeout(_) => WpError::Timeout {
                host: self.host.clone(),
            },
            other => WpError::Unreachable {
                host: self.host.clone(),
                detail: other.to_string(),
            },
        }
    }

    /// Reads an answer: JSON on 2xx, a [`WpError`] with the site's own words otherwise.
    fn answer(
        &self,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Value, WpError> {
        let mut response = result.map_err(|err| self.transport_error(&err))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .map_err(|err| self.transport_error(&err))?;
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            if json.is_null() {
                return Err(WpError::NoRestApi(self.site.clone()));
            }
            return Ok(json);
        }
        let code = json["code"].as_str().unwrap_or_default().to_owned();
        let message = json["message"].as_str().map_or_else(
            || {
                let start: String = text.chars().take(200).collect();
                if start.trim().is_empty() {
                    "no explanation".to_owned()
                } else {
                    start
                }
            },
            str::to_owned,
        );
        Err(match (status, code.as_str()) {
            (401, _) | (403, "invalid_username" | "incorrect_password" | "rest_not_logged_in") => {
                WpError::BadPassword(message)
            }
            (404, "rest_no_route") => WpError::NoRestApi(self.site.clone()),
            (404, "") => WpError::NoRestApi(self.site.clone()),
            _ => WpError::Site {
                status,
                code,
                message,
            },
        })
    }

    fn get(&self, path_and_query: &str) -> Result<Value, WpError> {
        let call = self
            .agent
            .get(&format!("{}{path_and_query}", self.api))
            .header("Authorization", &self.authorization)
            .call();
        self.answer(call)
    }

    fn post_json(&self, path: &str, body: &Value) -> Result<Value, WpError> {
        let call = self
            .agent
            .post(&format!("{}{path}", self.api))
            .header("Authorization", &self.authorization)
            .header("Content-Type", "application/json")
            .send(body.to_string());
        self.answer(call)
    }

    /// Checks the address, the password and the role; returns "Connected as NAME".
    pub fn test_connection(&self) -> Result<String, WpError> {
        let me = self.get("/users/me?context=edit")?;
        let name = me["name"].as_str().unwrap_or("?").to_owned();
        let can = |capability: &str| me["capabilities"][capability].as_bool().unwrap_or(false);
        if !(can("edit_others_posts") && can("publish_posts") && can("upload_files")) {
            return Err(WpError::NotAnEditor(name));
        }
        Ok(format!("Connected to {} as {name}.", self.site))
    }

    /// The id of the category or tag called `name`, made when the site has none.
    pub fn term(&self, taxonomy: &str, name: &str, slug: &str) -> Result<u64, WpError> {
        match self.post_json(
            &format!("/{taxonomy}"),
            &serde_json::json!({ "name": name, "slug": slug }),
        ) {
            Ok(made) => made["id"].as_u64().ok_or_else(|| self.odd_answer("term")),
            Err(WpError::Site { code, .. }) if code == "term_exists" => {
                // WordPress names the existing term in data.term_id; read it again to be sure.
                let found = self.get(&format!("/{taxonomy}?slug={}", urlencode(slug)))?;
                found[0]["id"]
                    .as_u64()
                    .ok_or_else(|| self.odd_answer("term"))
            }
            Err(other) => Err(other),
        }
    }

    fn odd_answer(&self, what: &str) -> WpError {
        WpError::Site {
            status: 200,
            code: "unexpected_answer".into(),
            message: format!("the site's answer about the {what} had no id"),
        }
    }

    /// A photo uploaded earlier, found by its slug (its file name's stem).
    pub fn find_media(&self, slug: &str) -> Result<Option<SiteMedia>, WpError> {
        let found = self.get(&format!("/media?slug={}&context=edit", urlencode(slug)))?;
        Ok(found.get(0).and_then(SiteMedia::from_json))
    }

    /// Sets the caption, alt text and credit of photo `id` on the site: a photo found there
    /// (uploaded earlier, from another desk or before a correction) says what the desk says now.
    pub fn set_media_text(&self, id: u64, text: &MediaText<'_>) -> Result<SiteMedia, WpError> {
        let [caption, alt_text, credit] = text.as_sent();
        let media = self.post_json(
            &format!("/media/{id}?context=edit"),
            &serde_json::json!({ "caption": caption, "alt_text": alt_text, "meta": { "credit": credit } }),
        )?;
        SiteMedia::from_json(&media).ok_or_else(|| self.odd_answer("photo"))
    }

    /// Uploads a photo with its caption, alt text and credit in one request; `on_progress`
    /// hears the bytes sent so far.
    pub fn upload_media(
        &self,
        upload: &MediaUpload<'_>,
        on_progress: impl FnMut(u64),
    ) -> Result<SiteMedia, WpError> {
        let [caption, alt_text, credit] = upload.text.as_sent();
        let query = format!(
            "caption={}&alt_text={}&title={}&meta%5Bcredit%5D={}",
            urlencode(&caption),
            urlencode(&alt_text),
            urlencode(
                upload
                    .file_name
                    .split('.')
                    .next()
                    .unwrap_or(upload.file_name)
            ),
            urlencode(&credit),
        );
        let mut reader = CountingReader {
            inner: upload.bytes,
            sent: 0,
            on_progress,
        };
        let call = self
            .agent
            .post(&format!("{}/media?{query}", self.api))
            .header("Authorization", &self.authorization)
            .header("Content-Type", upload.mime)
            .header(
                "Content-Disposition",
                &format!("attachment; filename=\"{}\"", upload.file_name),
            )
            .header("Content-Length", &upload.bytes.len().to_string())
            .send(ureq::SendBody::from_reader(&mut reader));
        let media = self.answer(call)?;
        SiteMedia::from_json(&media).ok_or_else(|| self.odd_answer("photo"))
    }

    /// The post with `slug`, whatever its status, if the site has one.
    pub fn find_post(&self, slug: &str) -> Result<Option<SitePost>, WpError> {
        let found = self.get(&format!(
            "/posts?slug={}&status=publish,future,draft,pending,private&context=edit",
            urlencode(slug)
        ))?;
        Ok(found.get(0).and_then(SitePost::from_json))
    }

    /// Post `id` as the site holds it now; `None` when it was deleted.
    pub fn post(&self, id: u64) -> Result<Option<SitePost>, WpError> {
        match self.get(&format!("/posts/{id}?context=edit")) {
            Ok(post) if post["status"] != "trash" => Ok(SitePost::from_json(&post)),
            Ok(_) => Ok(None),
            Err(WpError::Site {
                status: 404 | 410, ..
            }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Creates a post (`id` None) or updates post `id` with `fields`.
    pub fn write_post(&self, id: Option<u64>, fields: &Value) -> Result<SitePost, WpError> {
        let path = match id {
            Some(id) => format!("/posts/{id}?context=edit"),
            None => "/posts?context=edit".to_owned(),
        };
        let post = self.post_json(&path, fields)?;
        SitePost::from_json(&post).ok_or_else(|| self.odd_answer("post"))
    }
}

/// `value` for a URL query.
fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_except_on_this_computer() {
        assert_eq!(
            check_site_url("https://news.example.com/").expect("https"),
            "https://news.example.com"
        );
        assert_eq!(
            check_site_url("http://127.0.0.1:8080").expect("loopback"),
            "http://127.0.0.1:8080"
        );
        assert!(check_site_url("http://localhost/wp").is_ok());
        assert!(check_site_url("http://[::1]:8080").is_ok());
        let clear = check_site_url("http://news.example.com")
            .expect_err("clear text refused")
            .to_string();
        assert!(clear.contains("clear text"), "{clear}");
        assert!(check_site_url("news.example.com").is_err());
        assert!(check_site_url("ftp://news.example.com").is_err());
        assert!(check_site_url("https://user@news.example.com").is_err());
    }

    #[test]
    fn only_what_may_pass_is_retried() {
        let site = |status| WpError::Site {
            status,
            code: String::new(),
            message: String::new(),
        };
        assert!(site(500).is_transient() && site(503).is_transient() && site(429).is_transient());
        assert!(!site(400).is_transient() && !site(403).is_transient());
        assert!(WpError::Timeout { host: "x".into() }.is_transient());
        assert!(!WpError::BadPassword("x".into()).is_transient());
    }
}
