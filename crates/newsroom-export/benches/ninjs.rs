//! Export figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-export --bench ninjs`.
//!
//! 1,000 approved stories in a real database (each the shortened model story with its lead
//! photo, filed and tagged, submitted and approved through the store), exported to ninjs with
//! `newsroom export --approved` (the same function): one JSON file a story and the photo's
//! original beside it. Five runs into fresh folders; the target is 2 s for the 1,000. The short
//! run (NEWSROOM_BENCH_SHORT=1): 100 stories, three runs.

use std::time::Instant;

use newsroom_export::{export_approved, Format};
use newsroom_store::sample::{approved_story_by, people};
use newsroom_store::Store;

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
use figures::{count, row, scale};

fn main() {
    let stories = scale(1_000, 100);
    let runs_wanted = scale(5, 3);
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
    for n in 0..stories {
        approved_story_by(
            &mut store,
            (&desk.0, &desk.1),
            &format!("Story number {n} from the desk"),
            &[("lead.jpg", photo.clone())],
        )
        .expect("approved story");
    }
    eprintln!(
        "seeded {stories} approved stories in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut runs = Vec::new();
    for run in 0..runs_wanted {
        let out = dir.path().join(format!("out-{run}"));
        let t = Instant::now();
        let (written, refused) = export_approved(
            &store,
            Format::Ninjs,
            &out,
            newsroom_export::Replace::Allowed,
        )
        .expect("export");
        runs.push(t.elapsed());
        assert_eq!((written.len(), refused.len()), (stories, 0));
    }
    runs.sort();
    let ms = |d| figures::ms(d, 0);
    let export = format!(
        "ninjs export of {} approved stories with their photos",
        count(stories as u64)
    );
    row(
        &format!("{export}, median of {runs_wanted}"),
        &ms(runs[runs_wanted / 2]),
        // 2 s for 1,000 stories.
        &format!("≤ {} s", stories as f64 * 0.002),
    );
    row(
        &format!("{export}, best / worst"),
        &format!("{} / {}", ms(runs[0]), ms(runs[runs_wanted - 1])),
        "",
    );
}
