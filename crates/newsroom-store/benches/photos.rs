//! Photo library figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-store --bench photos`.
//!
//! A library of 10,000 photos in a real database and data folder (each photo attached to one of
//! 1,000 articles, with a caption of four words from a 400-word vocabulary). The library view
//! asks for pages of 100 rows as they scroll into view and on each keystroke of its search:
//!
//! The short run (NEWSROOM_BENCH_SHORT=1): 1,000 photos, 100 requests of each.
//!
//! - first page, unfiltered: 200 requests; p50 and p95.
//! - a page deep in the library (offset 9,000): 200 requests; p95.
//! - search by one caption word: 200 requests; p95.

use std::time::Instant;

use newsroom_store::Store;

#[path = "support/library.rs"]
mod library;

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
use figures::{count, percentile, row, scale};

fn main() {
    let photos = scale(10_000, 1_000);
    let deep_offset = u32::try_from(photos - photos / 10).expect("a page offset");
    let base = std::env::var_os("NEWSROOM_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    let dir = tempfile::tempdir_in(base).expect("bench folder");
    let mut store = Store::open(dir.path()).expect("open");
    let words = library::caption_words();
    let mut rng = fastrand::Rng::with_seed(8);
    let started = Instant::now();
    library::seed_library(&mut store, photos);
    eprintln!(
        "seeded {} photos in {:.1} s",
        count(photos as u64),
        started.elapsed().as_secs_f64()
    );

    let mut first = Vec::new();
    let mut deep = Vec::new();
    let mut search = Vec::new();
    for _ in 0..scale(200, 100) {
        let t = Instant::now();
        assert_eq!(
            store.photo_library("", 0, 100).expect("page").photos.len(),
            100
        );
        first.push(t.elapsed());
        let t = Instant::now();
        assert_eq!(
            store
                .photo_library("", deep_offset, 100)
                .expect("page")
                .photos
                .len(),
            100
        );
        deep.push(t.elapsed());
        let word = &words[rng.usize(..words.len())];
        let t = Instant::now();
        store.photo_library(word, 0, 100).expect("search");
        search.push(t.elapsed());
    }
    let ms = |d| figures::ms(d, 2);
    let library = format!("photo library, {} photos", count(photos as u64));
    row(
        &format!("{library}, page of 100, p50"),
        &ms(percentile(&mut first, 0.5)),
        "",
    );
    row(
        &format!("{library}, page of 100, p95"),
        &ms(percentile(&mut first, 0.95)),
        "",
    );
    row(
        &format!("{library}, page at row {}, p95", count(deep_offset)),
        &ms(percentile(&mut deep, 0.95)),
        "",
    );
    row(
        &format!("{library}, search by one caption word, p95"),
        &ms(percentile(&mut search, 0.95)),
        "",
    );
}
