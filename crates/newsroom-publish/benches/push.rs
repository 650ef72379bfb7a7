//! Push figures for docs/PERFORMANCE.md, against the loopback WordPress of the tests
//! (`bash scripts/wordpress/start.sh`, then NEWSROOM_TEST_WP_URL/USER/PASSWORD from what it
//! prints): `cargo bench -p newsroom-publish --bench push`.
//!
//! Ten stories, each with three photos never seen by the site (a lead JPEG with IPTC credits,
//! a JPEG with XMP, a PNG; each made unique by bytes after its end), pushed for review: terms,
//! three uploads with caption and credit, the post. Then each is pushed again (an update:
//! photos already there, the post compared and rewritten). The short run
//! (NEWSROOM_BENCH_SHORT=1): two stories.
//!
//! Then the peers of the desk's save and page (see [`wordpress_itself`]).

use std::time::{Duration, Instant};

use chrono::Utc;
use newsroom_core::render::{body_html_with_photos, RenderOptions};
use newsroom_publish::{send_now, Keychain, PushSettings, RecordProgress, WordPress};
use newsroom_store::sample::{approved_story_by, people};
use newsroom_store::{OutboxState, RequestedStatus, Store};

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
#[path = "../../newsroom-core/benches/support/story.rs"]
mod story;
use figures::{count, percentile, row, scale};

fn fixture(name: &str, n: usize) -> Vec<u8> {
    let mut bytes = std::fs::read(format!(
        "{}/../../tests/fixtures/photos/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    bytes.extend_from_slice(
        format!(
            "bench {n} {}",
            Utc::now().timestamp_nanos_opt().unwrap_or(0)
        )
        .as_bytes(),
    );
    bytes
}

fn main() {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| panic!("set {name} (see the module doc)"))
    };
    let (url, user, password) = (
        var("NEWSROOM_TEST_WP_URL"),
        var("NEWSROOM_TEST_WP_USER"),
        var("NEWSROOM_TEST_WP_PASSWORD"),
    );
    let dir = tempfile::tempdir().expect("folder");
    let mut store = Store::open(dir.path()).expect("open");
    let desk = people(&mut store).expect("people");
    newsroom_store::sample::admin_at_desk(&mut store).expect("admin");
    let target = store
        .add_target("Bench site", &url, &user, Utc::now())
        .expect("target");
    Keychain.store(target.id, &password).expect("keychain");
    let mut first = Vec::new();
    let mut again = Vec::new();
    let mut bytes = 0;
    let stories = scale(10, 2);
    for n in 0..stories {
        let photos = [
            ("lead.jpg", fixture("photo-iptc-iim.jpg", n)),
            ("xmp.jpg", fixture("photo-xmp-only.jpg", n)),
            ("plain.png", fixture("photo-plain.png", n)),
        ];
        bytes = photos.iter().map(|(_, b)| b.len()).sum();
        let id = approved_story_by(
            &mut store,
            (&desk.0, &desk.1),
            &format!("Bench story {n} {}", Utc::now().timestamp()),
            &photos,
        )
        .expect("story");
        for times in [&mut first, &mut again] {
            let queued = store
                .enqueue_push(id, target.id, RequestedStatus::Pending, &desk.1, Utc::now())
                .expect("queue");
            let t = Instant::now();
            let sent = send_now(
                &mut store,
                queued.id,
                PushSettings::default(),
                &mut RecordProgress,
            )
            .expect("push")
            .expect("waiting");
            times.push(t.elapsed());
            assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);
        }
    }
    let ms = |d| figures::ms(d, 0);
    let push = format!(
        "push of a story with three new photos ({} kB) to loopback WordPress",
        bytes / 1024
    );
    row(
        &format!("{push}, median of {stories}"),
        &ms(percentile(&mut first, 0.5)),
        "",
    );
    row(
        &format!("{push}, worst"),
        &ms(percentile(&mut first, 1.0)),
        "",
    );
    row(
        "push again (update; photos already on the site), median / worst",
        &format!(
            "{} / {}",
            ms(percentile(&mut again, 0.5)),
            ms(percentile(&mut again, 1.0))
        ),
        "",
    );
    wordpress_itself(&url, &user, &password);
}

/// The peers of the desk's autosave and page render, measured on the same site in the same
/// run: WordPress saving the render bench's 5,132-word story (a REST update of the post, one
/// word changed each time, as its editor saves), and WordPress showing that story's page (the
/// theme's single-post page, fetched as a reader's browser would, PHP's rendering included).
fn wordpress_itself(url: &str, user: &str, password: &str) {
    let site = WordPress::new(url, user, password, Duration::from_secs(60)).expect("site");
    let (content, context) = story::story();
    let html = body_html_with_photos(
        &content.body,
        RenderOptions::default(),
        "en",
        &context.photos,
    );
    let words = count(newsroom_core::word_count(&content.body));
    let fields = |n: usize| {
        serde_json::json!({
            "title": content.headline,
            "content": html.replacen("Wednesday", &format!("Wednesday {n}"), 1),
            "status": "publish",
        })
    };
    let post = site.write_post(None, &fields(0)).expect("a post");
    let samples = scale(30, 10);
    let mut saves = Vec::new();
    for n in 1..=samples {
        let t = Instant::now();
        site.write_post(Some(post.id), &fields(n)).expect("saved");
        saves.push(t.elapsed());
    }
    let reader = ureq::Agent::new_with_defaults();
    let mut pages = Vec::new();
    for _ in 0..samples {
        let t = Instant::now();
        let page = reader
            .get(&post.link)
            .call()
            .expect("the page")
            .body_mut()
            .read_to_string()
            .expect("its text");
        pages.push(t.elapsed());
        assert!(
            page.contains("Sub-heading 28"),
            "the whole story is on the page"
        );
    }
    let ms = |d| figures::ms(d, 1);
    row(
        &format!("WordPress saving the same {words}-word story (REST update), p50"),
        &ms(percentile(&mut saves, 0.5)),
        "peer",
    );
    row(
        "WordPress showing the same story's page (theme, PHP), p50",
        &ms(percentile(&mut pages, 0.5)),
        "peer",
    );
}
