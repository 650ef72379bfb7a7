//! Photo figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-media --bench photos`.
//!
//! - metadata of a 24-megapixel JPEG (6000 × 4000, about 10 MB, with IIM, XMP and EXIF blocks):
//!   `read_metadata`, 50 times; p50 and p95.
//! - ready thumbnail of the same JPEG: `prepare` (type check, full decode under the limits,
//!   EXIF orientation, display rendition and thumbnail, sha256), 8 times; p50 and worst.
//!
//! The short run (NEWSROOM_BENCH_SHORT=1): 20 and 3 times.

use std::time::Instant;

use newsroom_core::photo::PhotoType;

#[path = "support/big_jpeg.rs"]
mod big_jpeg;

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
use figures::{percentile, row, scale};

fn main() {
    let photo = big_jpeg::twenty_four_megapixels();
    eprintln!(
        "24-megapixel JPEG: {:.1} MB",
        photo.len() as f64 / 1_048_576.0
    );

    let mut metadata = Vec::new();
    for _ in 0..scale(50, 20) {
        let started = Instant::now();
        let (found, _) = newsroom_media::read_metadata(&photo, PhotoType::Jpeg);
        metadata.push(started.elapsed());
        assert!(!found.values.is_empty());
    }
    let ms = |d| figures::ms(d, 1);
    let metadata_read = "photo metadata read, 24-megapixel JPEG (IIM, XMP, EXIF)";
    row(
        &format!("{metadata_read}, p50"),
        &ms(percentile(&mut metadata, 0.5)),
        "",
    );
    row(
        &format!("{metadata_read}, p95"),
        &ms(percentile(&mut metadata, 0.95)),
        "≤ 50 ms",
    );

    let mut ready = Vec::new();
    for _ in 0..scale(8, 3) {
        let started = Instant::now();
        let prepared = newsroom_media::prepare(photo.clone()).expect("a good photo");
        ready.push(started.elapsed());
        assert_eq!((prepared.width, prepared.height), (6000, 4000));
    }
    let thumbnail = "thumbnail ready, 24-megapixel JPEG (decode, renditions, sha256)";
    row(
        &format!("{thumbnail}, p50"),
        &ms(percentile(&mut ready, 0.5)),
        "",
    );
    row(
        &format!("{thumbnail}, worst"),
        &ms(percentile(&mut ready, 1.0)),
        "≤ 1 s",
    );
}
