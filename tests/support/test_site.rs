//! The loopback WordPress the test command starts (scripts/wordpress/start.sh, which prints
//! NEWSROOM_TEST_WP_URL, _USER and _PASSWORD), and its REST API as an administrator, for tests
//! to check what a push did and to edit posts on the site.

#![allow(dead_code)]

use serde_json::Value;

/// The test site: its address, user and application password.
#[derive(Clone)]
pub struct Site {
    pub url: String,
    pub user: String,
    pub password: String,
}

pub fn site() -> Site {
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let (Some(url), Some(user), Some(password)) = (
        from_env("NEWSROOM_TEST_WP_URL"),
        from_env("NEWSROOM_TEST_WP_USER"),
        from_env("NEWSROOM_TEST_WP_PASSWORD"),
    ) {
        return Site {
            url,
            user,
            password,
        };
    }
    panic!(
        "These tests need the loopback WordPress: run `bash scripts/wordpress/start.sh` and set \
         NEWSROOM_TEST_WP_URL, NEWSROOM_TEST_WP_USER and NEWSROOM_TEST_WP_PASSWORD from what it \
         prints (scripts/test.sh does both)."
    );
}

/// The site's REST API as an administrator, to check what the desk did and to edit on the site.
pub fn admin(site: &Site, method: &str, path: &str, body: Option<Value>) -> Value {
    use base64::Engine as _;
    let auth = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", site.user, site.password));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/wp-json/wp/v2{path}", site.url);
    let response = match (method, body) {
        ("GET", _) => agent
            .get(&url)
            .header("Authorization", &format!("Basic {auth}"))
            .call(),
        (_, body) => agent
            .post(&url)
            .header("Authorization", &format!("Basic {auth}"))
            .header("Content-Type", "application/json")
            .send(body.unwrap_or(Value::Null).to_string()),
    };
    let text = response
        .expect("the test site answers")
        .body_mut()
        .read_to_string()
        .expect("body");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The posts on the site with `slug`, whatever their status.
pub fn posts_with_slug(site: &Site, slug: &str) -> Vec<Value> {
    admin(
        site,
        "GET",
        &format!("/posts?slug={slug}&status=publish,future,draft,pending,private&context=edit"),
        None,
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}
