//! Export figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-export --bench ninjs`.
//!
//! 1,000 approved stories in a real database (each the shortened model story with its lead
//! photo, filed and tagged, submitted and approved through the store), exported to ninjs with
//! `newsroom export --approved` (the same function): one JSON file a story and the photo's
//! original beside it. Five runs into fresh folders; the target is 2 s for the 1,000.

use std::time::Instant;

use newsroom_export::{export_approved, Format};
use newsroom_store::sample::{approved_story_by, people};
use newsroom_store::Store;

const STORIES: usize = 1_000;

fn main() {
    let base = std::env::var_os("NEWSROOM_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    let dir = tempfile::tempdir_in(base).expect("bench folder");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    let photo = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/photos/photo-iptc-iim.jpg"
    ))
    .expect("fixture");
    let desk = people(&mut store).expect("people");
    let started = Instant::now();
    for n in 0..STORIES {
        approved_story_by(
            &mut store,
            (&desk.0, &desk.1),
            &format!("Story number {n} from the desk"),
            &[("lead.jpg", photo.clone())],
        )
        .expect("approved story");
    }
    println!(
        "seeded {STORIES} approved stories in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut runs = Vec::new();
    for run in 0..5 {
        let out = dir.path().join(format!("out-{run}"));
        let t = Instant::now();
        let (written, refused) = export_approved(&store, Format::Ninjs, &out).expect("export");
        runs.push(t.elapsed());
        assert_eq!((written.len(), refused.len()), (STORIES, 0));
    }
    runs.sort();
    println!(
        "ninjs export of {STORIES} approved stories (files and photos written): best {:.0} ms, median {:.0} ms, worst {:.0} ms",
        runs[0].as_secs_f64() * 1000.0,
        runs[2].as_secs_f64() * 1000.0,
        runs[4].as_secs_f64() * 1000.0
    );
}
