//! Push figures for docs/PERFORMANCE.md, against the loopback WordPress of the tests
//! (`bash scripts/wordpress/start.sh`, then NEWSROOM_TEST_WP_URL/USER/PASSWORD from what it
//! prints): `cargo bench -p newsroom-publish --bench push`.
//!
//! Ten stories, each with three photos never seen by the site (a lead JPEG with IPTC credits,
//! a JPEG with XMP, a PNG; each made unique by bytes after its end), pushed for review: terms,
//! three uploads with caption and credit, the post. Then each is pushed again (an update:
//! photos already there, the post compared and rewritten).

use std::time::{Duration, Instant};

use chrono::Utc;
use newsroom_publish::{send_now, Keychain, PushSettings, RecordProgress};
use newsroom_store::sample::{approved_story_by, people};
use newsroom_store::{OutboxState, RequestedStatus, Store};

const STORIES: usize = 10;

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

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
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
    let target = store
        .add_target("Bench site", &url, &user, Utc::now())
        .expect("target");
    Keychain.store(target.id, &password).expect("keychain");
    let mut first = Vec::new();
    let mut again = Vec::new();
    let mut bytes = 0;
    for n in 0..STORIES {
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
    first.sort();
    again.sort();
    println!(
        "push of a story with three new photos ({} kB) to loopback WordPress: median {}, worst {}",
        bytes / 1024,
        ms(first[STORIES / 2]),
        ms(first[STORIES - 1])
    );
    println!(
        "push again (update, photos already on the site): median {}, worst {}",
        ms(again[STORIES / 2]),
        ms(again[STORIES - 1])
    );
}
