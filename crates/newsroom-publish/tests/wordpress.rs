//! Pushing to a real WordPress on loopback (scripts/wordpress/start.sh; scripts/test.sh starts
//! it and passes its address and application password in NEWSROOM_TEST_WP_*). Faults that the
//! site cannot be made to produce on demand (an answer lost after the request arrived, a 500,
//! a hang) come from a small TCP proxy in front of it; everything else is the real site.

use std::io::Write;
use std::net::TcpListener;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use newsroom_core::photo::PhotoField;
use newsroom_core::workflow::WorkflowState;
use newsroom_publish::{
    send_due, send_now, Keychain, PushObserver, PushSettings, RecordProgress, WordPress,
};
use newsroom_store::sample::approved_story;
use newsroom_store::{OutboxEntry, OutboxState, RequestedStatus, Store, Target};
use serde_json::Value;

#[path = "../../../tests/support/fault_proxy.rs"]
mod fault_proxy;
#[path = "../../../tests/support/test_site.rs"]
mod test_site;
use fault_proxy::{read_request, Fault, FaultyProxy};
use test_site::{admin, posts_with_slug, site, Site};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");
const CREDIT: &str = "Photo: Alexander Zemlianichenko/Officiell pool via AP/TT";

fn public_page(url: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    agent
        .get(url)
        .call()
        .expect("the public page loads")
        .body_mut()
        .read_to_string()
        .expect("html")
}

fn photo(name: &str) -> (&str, Vec<u8>) {
    (
        name,
        std::fs::read(format!("{FIXTURES}{name}")).expect("fixture"),
    )
}

/// A desk with one approved story (three photos, the first the lead) and a target for `url`.
struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
    story: uuid::Uuid,
    editor: newsroom_store::Profile,
    target: Target,
}

fn unique(label: &str) -> String {
    format!("{label} {}", uuid::Uuid::now_v7().simple())
}

fn desk(site: &Site, url: &str, headline: &str) -> Desk {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let (story, editor) = approved_story(
        &mut store,
        headline,
        &[
            photo("photo-iptc-iim.jpg"),
            photo("photo-xmp-only.jpg"),
            photo("photo-plain.png"),
        ],
    )
    .expect("approved story");
    desk_with_target(site, url, dir, store, (story, editor))
}

/// A desk around `story` (approved by `editor`) with a target for `url`, added by the admin,
/// its password in the keychain.
fn desk_with_target(
    site: &Site,
    url: &str,
    dir: tempfile::TempDir,
    mut store: Store,
    (story, editor): (uuid::Uuid, newsroom_store::Profile),
) -> Desk {
    newsroom_store::sample::admin_at_desk(&mut store).expect("admin");
    let target = store
        .add_target(&unique("Test site"), url, &site.user, Utc::now())
        .expect("target");
    Keychain
        .store(target.id, &site.password)
        .expect("a keychain works here");
    Desk {
        _dir: dir,
        store,
        story,
        editor,
        target,
    }
}

fn settings() -> PushSettings {
    PushSettings {
        answer_timeout: Duration::from_secs(3),
    }
}

impl Desk {
    fn push(&mut self, status: RequestedStatus) -> OutboxEntry {
        let queued = self
            .store
            .enqueue_push(self.story, self.target.id, status, &self.editor, Utc::now())
            .expect("queued");
        send_now(&mut self.store, queued.id, settings(), &mut RecordProgress)
            .expect("not interrupted")
            .expect("it was waiting")
    }

    /// The editor approves `story` again (after a change to what its approval pinned).
    fn approve_again(&mut self, story: uuid::Uuid) {
        self.store
            .move_story(
                story,
                newsroom_core::workflow::WorkflowAction::Approve,
                &self.editor,
                newsroom_store::Seen::Unchecked,
                "",
                Utc::now(),
            )
            .expect("approved again");
    }

    fn slug(&self) -> String {
        self.store.export_story(self.story).expect("story").slug
    }
}

fn media_with_slug(site: &Site, slug: &str) -> usize {
    admin(site, "GET", &format!("/media?slug={slug}"), None)
        .as_array()
        .map_or(0, Vec::len)
}

/// The caption and credit the site shows for the featured photo of `desk`'s post.
fn featured_text(site: &Site, desk: &Desk) -> (String, Value) {
    let posts = posts_with_slug(site, &desk.slug());
    let media = admin(
        site,
        "GET",
        &format!("/media/{}?context=edit", posts[0]["featured_media"]),
        None,
    );
    let caption = media["caption"]["raw"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (caption, media["meta"]["credit"].clone())
}

#[test]
fn a_picture_already_on_the_site_takes_the_credit_this_desk_gives_it() {
    let site = site();
    // A picture of this test's own (bytes after the PNG's end make its content address new):
    // the tests run at once on one site, and another test's push of a shared fixture would
    // change its credit under this one.
    let (name, mut bytes) = photo("photo-plain.png");
    bytes.extend_from_slice(unique("picture").as_bytes());
    let picture = (name, bytes);
    let desk_with_picture = |headline: &str, fields: &[(PhotoField, &str)]| {
        use newsroom_store::sample::{approved_story_of, model_content, people, SampleStory};
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(dir.path()).expect("open");
        let (reporter, editor) = people(&mut store).expect("people");
        let headline = unique(headline);
        let story = approved_story_of(
            &mut store,
            (&reporter, &editor),
            &SampleStory {
                content_of: &|in_text| model_content(&headline, in_text),
                photos: std::slice::from_ref(&picture),
                photo_fields: fields,
                tags: &[],
            },
        )
        .expect("approved story");
        desk_with_target(&site, &site.url, dir, store, (story, editor))
    };
    let credit_line = |desk: &Desk| {
        desk.store.article_photos(desk.story).expect("photos")[0]
            .photo
            .credit_line
            .clone()
            .expect("a credit line")
    };

    // Another desk put the picture on the site first, crediting it otherwise.
    let mut other = desk_with_picture(
        "Credited otherwise",
        &[(PhotoField::Credit, "Another agency")],
    );
    assert_eq!(
        other.push(RequestedStatus::Pending).state,
        OutboxState::Sent
    );
    let (caption, credit) = featured_text(&site, &other);
    assert!(caption.ends_with("/Another agency"), "{caption}");
    assert_eq!(credit, credit_line(&other));

    // This desk pushes the same picture with its own credit: the site's photo says it now.
    let mut desk = desk_with_picture("Credited here", &[]);
    assert_eq!(desk.push(RequestedStatus::Pending).state, OutboxState::Sent);
    let (caption, credit) = featured_text(&site, &desk);
    let ours = credit_line(&desk);
    assert!(
        !ours.ends_with("/Another agency") && caption.ends_with(&ours),
        "{caption}"
    );
    assert_eq!(credit, ours);
    assert_eq!(
        posts_with_slug(&site, &other.slug())[0]["featured_media"],
        posts_with_slug(&site, &desk.slug())[0]["featured_media"],
        "one picture on the site, not two"
    );
}

#[test]
fn a_story_becomes_one_post_with_its_terms_photos_and_credits_and_pushing_again_updates_it() {
    let site = site();
    let headline = unique("North Korean soldiers in combat");
    let mut desk = desk(&site, &site.url, &headline);
    let sent = desk.push(RequestedStatus::Pending);
    assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);
    assert_eq!(
        (sent.steps_done, sent.steps_total),
        (4, 4),
        "three photos and the post"
    );
    assert!(sent.bytes_total > 0 && sent.bytes_done == sent.bytes_total);

    let posts = posts_with_slug(&site, &desk.slug());
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    assert_eq!(post["status"], "pending", "review on the site");
    assert_eq!(post["title"]["raw"], headline);
    assert!(post["excerpt"]["raw"]
        .as_str()
        .unwrap_or_default()
        .starts_with("The first North Korean soldiers"));
    let content = post["content"]["raw"].as_str().unwrap_or_default();
    assert!(content.contains("<h2>Thousands of troops</h2>") && content.contains("By TT"));
    assert!(content.contains("This article has been altered and translated by the desk."));
    // The photos in the text load from the site's media, with their credit lines.
    assert!(
        content.contains(&format!("{}/wp-content/uploads/", site.url)),
        "{content}"
    );
    let category = admin(
        &site,
        "GET",
        &format!("/categories/{}", post["categories"][0]),
        None,
    );
    assert_eq!(category["name"], "World");
    let tag = admin(&site, "GET", &format!("/tags/{}", post["tags"][0]), None);
    assert_eq!(tag["name"], "North Korea");
    let featured = admin(
        &site,
        "GET",
        &format!("/media/{}?context=edit", post["featured_media"]),
        None,
    );
    assert!(
        featured["caption"]["raw"]
            .as_str()
            .unwrap_or_default()
            .contains(CREDIT),
        "{featured}"
    );
    assert_eq!(
        featured["meta"]["credit"], CREDIT,
        "the site registers a credit field"
    );
    assert!(!featured["alt_text"].as_str().unwrap_or_default().is_empty());
    assert_eq!(
        desk.store.article(desk.story).expect("a").status,
        WorkflowState::Approved,
        "pending is not published"
    );

    // Approved again with a new headline, pushed with "publish": the same post, updated; the
    // photos are not uploaded again; the story is Published and the credit is on the public page.
    let mut content_now = desk.store.article(desk.story).expect("article");
    content_now.content.headline = format!("{headline} (updated)");
    desk.store
        .save_article(
            desk.story,
            content_now.version,
            &content_now.content,
            newsroom_core::RevisionKind::Checkpoint,
            "Ana Reporter",
            Utc::now(),
        )
        .expect("edit");
    // The edit sent it back to Submitted; the editor approves the new text.
    desk.store
        .move_story(
            desk.story,
            newsroom_core::WorkflowAction::Approve,
            &desk.editor,
            newsroom_store::Seen::Unchecked,
            "",
            Utc::now(),
        )
        .expect("approve");
    let media_before = media_with_slug(&site, "cc8901198182388c");
    let sent = desk.push(RequestedStatus::Publish);
    assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);
    let posts = posts_with_slug(&site, &desk.slug());
    assert_eq!(posts.len(), 1, "updated, not duplicated");
    assert_eq!(posts[0]["id"], post["id"]);
    assert_eq!(posts[0]["title"]["raw"], format!("{headline} (updated)"));
    assert_eq!(posts[0]["status"], "publish");
    assert_eq!(media_with_slug(&site, "cc8901198182388c"), media_before);
    assert_eq!(
        desk.store.article(desk.story).expect("a").status,
        WorkflowState::Published
    );
    let page = public_page(posts[0]["link"].as_str().expect("link"));
    assert!(
        page.contains(CREDIT),
        "the credit is printed on the site's page"
    );
}

/// Markup typed into every field a post carries, each able to run script if printed as it is.
const HOSTILE_HEADLINE: &str = "<img src=x onerror=alert(1)> Strike ends";

#[test]
fn hostile_text_in_every_field_is_text_on_the_public_page() {
    use newsroom_store::sample::{approved_story_of, people, SampleStory};
    let site = site();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let (reporter, editor) = people(&mut store).expect("people");
    let tag = unique("<i onclick=alert(6)>Strikes</i>");
    let marker = unique("strike");
    let story = approved_story_of(
        &mut store,
        (&reporter, &editor),
        &SampleStory {
            content_of: &|_| newsroom_core::ArticleContent {
                headline: format!("{HOSTILE_HEADLINE} {marker}"),
                standfirst: "<script>alert(2)</script> Talks resume".into(),
                body: "The dockworkers went back on Monday after nine days.\n".repeat(12),
                byline: "<b onmouseover=alert(7)>TT</b>".into(),
                editors_note: "<svg onload=alert(8)>".into(),
                language: "en".into(),
            },
            photos: &[photo("photo-plain.png")],
            photo_fields: &[
                (
                    PhotoField::Caption,
                    "<svg onload=alert(3)>Pickets at the gate</svg>",
                ),
                (PhotoField::AltText, "\"><img src=y onerror=alert(4)>"),
                (PhotoField::Credit, "<b onmouseover=alert(5)>Agency</b>"),
                (PhotoField::Creator, "<u onclick=alert(9)>Kim</u>"),
            ],
            tags: &[tag.as_str()],
        },
    )
    .expect("approved story");
    let mut desk = desk_with_target(&site, &site.url, dir, store, (story, editor));
    let sent = desk.push(RequestedStatus::Publish);
    assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);

    let slug = desk.slug();
    let posts = posts_with_slug(&site, &slug);
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    // What WordPress keeps is the escaped text, so every theme and feed prints it as text.
    assert_eq!(
        post["title"]["raw"],
        format!("&lt;img src=x onerror=alert(1)&gt; Strike ends {marker}")
    );
    let live = [
        "<img src=x",
        "<script>alert",
        "<svg onload",
        "<img src=y",
        "<b onmouseover",
        "<u onclick",
        "<i onclick",
    ];
    let featured = admin(
        &site,
        "GET",
        &format!("/media/{}?context=edit", post["featured_media"]),
        None,
    );
    let page = public_page(post["link"].as_str().expect("link"));
    let attachment_page = public_page(featured["link"].as_str().expect("media link"));
    for (what, html) in [
        ("the post's page", page.as_str()),
        ("the photo's page", attachment_page.as_str()),
        (
            "the excerpt",
            post["excerpt"]["rendered"].as_str().unwrap_or_default(),
        ),
        (
            "the photo's caption",
            featured["caption"]["rendered"].as_str().unwrap_or_default(),
        ),
    ] {
        for markup in live {
            assert!(
                !html.contains(markup),
                "{what} has live markup {markup}:\n{html}"
            );
        }
    }
    assert!(
        page.contains("Strike ends") && page.contains(&marker),
        "the headline is there as text"
    );
    assert!(
        page.contains("Pickets at the gate"),
        "the lead photo's caption is there as text"
    );
}

/// Interrupts a push after its photos, before the post, as a crash would.
struct CrashBeforePost;

impl PushObserver for CrashBeforePost {
    fn progress(&mut self, _entry: &OutboxEntry, _progress: newsroom_publish::Progress) {}
    fn before_post(&mut self, _entry: &OutboxEntry) -> Result<(), String> {
        Err("the desk crashed".into())
    }
}

#[test]
fn a_crash_between_the_photos_and_the_post_then_a_retry_makes_no_duplicate() {
    let site = site();
    let mut desk = desk(&site, &site.url, &unique("Crash in the middle"));
    let queued = desk
        .store
        .enqueue_push(
            desk.story,
            desk.target.id,
            RequestedStatus::Pending,
            &desk.editor,
            Utc::now(),
        )
        .expect("queued");
    let crashed = send_now(&mut desk.store, queued.id, settings(), &mut CrashBeforePost);
    assert!(crashed.is_err());
    assert_eq!(
        desk.store.outbox_entry(queued.id).expect("e").state,
        OutboxState::Sending
    );
    // Another desk on the folder starts at once: the entry is still leased to the crashed
    // sender (it might be alive and sending), so it is left alone.
    let mut other_desk = Store::open(desk._dir.path()).expect("open");
    assert_eq!(other_desk.recover_outbox(Utc::now()).expect("recover"), 0);
    assert!(send_due(&mut other_desk, settings(), &mut RecordProgress)
        .expect("send")
        .is_empty());
    // Once the lease has run out, the interrupted push waits again and is sent, once.
    let later = Utc::now() + newsroom_store::outbox::OUTBOX_LEASE + TimeDelta::seconds(1);
    assert_eq!(other_desk.recover_outbox(later).expect("recover"), 1);
    let finished = [
        send_now(&mut other_desk, queued.id, settings(), &mut RecordProgress)
            .expect("send")
            .expect("it waits"),
    ];
    assert_eq!(
        finished[0].state,
        OutboxState::Sent,
        "{}",
        finished[0].last_error
    );
    assert_eq!(finished[0].attempts, 2);
    assert_eq!(posts_with_slug(&site, &desk.slug()).len(), 1);
}

#[test]
fn an_answer_lost_after_the_post_was_made_is_retried_without_a_duplicate() {
    let site = site();
    let proxy = FaultyProxy::start(&site.url);
    let mut desk = desk(&site, &proxy.url, &unique("Lost answer"));
    proxy.set(Fault::LoseAnswerToNewPost);
    let first = desk.push(RequestedStatus::Pending);
    assert_eq!(
        first.state,
        OutboxState::Waiting,
        "queued for a retry: {}",
        first.last_error
    );
    assert!(first.next_attempt_at > Utc::now(), "backs off");
    assert_eq!(
        posts_with_slug(&site, &desk.slug()).len(),
        1,
        "the site did make the post"
    );
    proxy.set(Fault::None);
    let retried = desk
        .store
        .retry_outbox(first.id, Utc::now())
        .expect("retry");
    let sent = send_now(&mut desk.store, retried.id, settings(), &mut RecordProgress)
        .expect("ok")
        .expect("waiting");
    assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);
    assert_eq!(
        posts_with_slug(&site, &desk.slug()).len(),
        1,
        "found by its slug, not made twice"
    );
}

#[test]
fn a_server_error_or_a_hang_queues_the_export_and_it_goes_when_the_site_is_back() {
    let site = site();
    let proxy = FaultyProxy::start(&site.url);
    let mut desk = desk(&site, &proxy.url, &unique("Bad day on the site"));
    proxy.set(Fault::ServerError);
    let failed = desk.push(RequestedStatus::Pending);
    assert_eq!(failed.state, OutboxState::Waiting);
    assert!(
        failed.last_error.contains("The site is having a bad day."),
        "the site's own words: {}",
        failed.last_error
    );
    let backoff = failed.next_attempt_at - Utc::now();
    assert!(
        backoff > TimeDelta::seconds(2) && backoff <= TimeDelta::seconds(5),
        "{backoff}"
    );

    proxy.set(Fault::Hang);
    desk.store
        .retry_outbox(failed.id, Utc::now())
        .expect("retry");
    let hung = send_due(&mut desk.store, settings(), &mut RecordProgress).expect("send");
    assert_eq!(hung[0].state, OutboxState::Waiting);
    assert!(
        hung[0].last_error.contains("did not answer in time"),
        "{}",
        hung[0].last_error
    );
    assert!(
        hung[0].next_attempt_at - Utc::now() > TimeDelta::seconds(5),
        "the wait doubles"
    );

    proxy.set(Fault::None);
    desk.store
        .retry_outbox(failed.id, Utc::now())
        .expect("retry");
    let sent = send_due(&mut desk.store, settings(), &mut RecordProgress).expect("send");
    assert_eq!(sent[0].state, OutboxState::Sent, "{}", sent[0].last_error);
    assert_eq!(sent[0].attempts, 3);
    assert_eq!(posts_with_slug(&site, &desk.slug()).len(), 1);
}

#[test]
fn an_edit_made_on_the_site_stops_the_push_until_a_person_chooses() {
    let site = site();
    let mut desk = desk(&site, &site.url, &unique("Edited on the site"));
    assert_eq!(desk.push(RequestedStatus::Pending).state, OutboxState::Sent);
    let post = posts_with_slug(&site, &desk.slug())[0].clone();
    // Someone fixes the title on the site (WordPress's modified_gmt has one-second steps).
    std::thread::sleep(Duration::from_millis(1100));
    admin(
        &site,
        "POST",
        &format!("/posts/{}", post["id"]),
        Some(serde_json::json!({ "title": "Fixed on the site" })),
    );

    let conflict = desk.push(RequestedStatus::Pending);
    assert_eq!(conflict.state, OutboxState::Conflict);
    let remote = conflict.conflict.clone().expect("both versions");
    assert_eq!(remote.title, "Fixed on the site");
    assert!(remote.our_title.starts_with("Edited on the site"));
    assert_eq!(
        admin(
            &site,
            "GET",
            &format!("/posts/{}?context=edit", post["id"]),
            None
        )["title"]["raw"],
        "Fixed on the site",
        "nothing overwritten"
    );

    // The editor chooses the desk's version.
    desk.store
        .overwrite_remote(conflict.id, Utc::now())
        .expect("choose ours");
    let sent = send_now(
        &mut desk.store,
        conflict.id,
        settings(),
        &mut RecordProgress,
    )
    .expect("ok")
    .expect("waiting");
    assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);
    assert_eq!(
        admin(
            &site,
            "GET",
            &format!("/posts/{}?context=edit", post["id"]),
            None
        )["title"]["raw"],
        remote.our_title
    );
}

#[test]
fn an_embargoed_story_becomes_a_scheduled_post() {
    let site = site();
    let mut desk = desk(&site, &site.url, &unique("Embargoed"));
    let until = (Utc::now() + TimeDelta::days(2)).with_nanosecond_zero();
    desk.store
        .set_embargo(desk.story, Some(until), Utc::now())
        .expect("embargo");
    // The embargo is part of what an approval pins: the story is approved again with it.
    assert_eq!(
        desk.store.article(desk.story).expect("a").status,
        WorkflowState::Submitted
    );
    desk.approve_again(desk.story);
    let sent = desk.push(RequestedStatus::Publish);
    assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);
    let post = &posts_with_slug(&site, &desk.slug())[0];
    assert_eq!(post["status"], "future");
    assert_eq!(
        post["date_gmt"],
        until.format("%Y-%m-%dT%H:%M:%S").to_string()
    );
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for chrono::DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap_or(self)
    }
}

#[test]
fn test_connection_says_what_is_wrong() {
    let site = site();
    let ok = WordPress::new(
        &site.url,
        &site.user,
        &site.password,
        Duration::from_secs(5),
    )
    .expect("client")
    .test_connection()
    .expect("connected");
    assert!(
        ok.contains(&format!("as {}", site.user)) || ok.starts_with("Connected"),
        "{ok}"
    );
    let wrong = WordPress::new(
        &site.url,
        &site.user,
        "wrong wrong wrong wrong",
        Duration::from_secs(5),
    )
    .expect("client")
    .test_connection()
    .expect_err("refused")
    .to_string();
    assert!(
        wrong.contains("refused the user name or application password"),
        "{wrong}"
    );

    // A pushed story with the wrong password fails (it is not retried on its own).
    let mut desk = desk(&site, &site.url, &unique("Wrong password"));
    Keychain
        .store(desk.target.id, "wrong wrong wrong wrong")
        .expect("keychain");
    let failed = desk.push(RequestedStatus::Pending);
    assert_eq!(failed.state, OutboxState::Failed);
    assert!(
        failed
            .last_error
            .contains("refused the user name or application password"),
        "{}",
        failed.last_error
    );

    // Something that is not WordPress.
    let not_wordpress = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", not_wordpress.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for mut client in not_wordpress.incoming().flatten() {
            let _ = read_request(&mut client);
            let _ = client.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\nNot Found");
        }
    });
    let none = WordPress::new(&address, "x", "y", Duration::from_secs(5))
        .expect("client")
        .test_connection()
        .expect_err("no API")
        .to_string();
    assert!(none.contains("There is no WordPress REST API"), "{none}");

    // An author (not an editor) on the real site.
    let login = format!("author{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let user = admin(
        &site,
        "POST",
        "/users",
        Some(
            serde_json::json!({"username": login, "email": format!("{login}@example.test"), "password": "A-long-password-1234", "roles": ["author"]}),
        ),
    );
    let app = admin(
        &site,
        "POST",
        &format!("/users/{}/application-passwords", user["id"]),
        Some(serde_json::json!({"name": "desk"})),
    );
    let author = WordPress::new(
        &site.url,
        &login,
        app["password"].as_str().expect("app password"),
        Duration::from_secs(5),
    )
    .expect("client")
    .test_connection()
    .expect_err("not an editor")
    .to_string();
    assert!(author.contains("is not an editor"), "{author}");
}

#[test]
fn more_news_links_the_related_stories_the_site_has() {
    let site = site();
    let mut desk = desk(&site, &site.url, &unique("Earlier story"));
    assert_eq!(desk.push(RequestedStatus::Publish).state, OutboxState::Sent);
    let earlier = desk.story;
    let earlier_link = posts_with_slug(&site, &desk.slug())[0]["link"]
        .as_str()
        .expect("link")
        .to_owned();
    let (later, _) = approved_story(&mut desk.store, &unique("Later story"), &[]).expect("later");
    desk.store
        .set_related(later, &[earlier], Utc::now())
        .expect("related");
    // Related stories are part of what an approval pins: approved again with them.
    desk.approve_again(later);
    desk.story = later;
    assert_eq!(desk.push(RequestedStatus::Pending).state, OutboxState::Sent);
    let post = &posts_with_slug(&site, &desk.slug())[0];
    let content = post["content"]["raw"].as_str().unwrap_or_default();
    assert!(
        content.contains("More news") && content.contains(&earlier_link),
        "{content}"
    );
}
