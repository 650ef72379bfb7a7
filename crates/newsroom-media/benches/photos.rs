//! Photo figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-media --bench photos`.
//!
//! - metadata of a 24-megapixel JPEG (6000 × 4000, about 10 MB, with IIM, XMP and EXIF blocks):
//!   `read_metadata`, 50 times; p50 and p95.
//! - ready thumbnail of the same JPEG: `prepare` (type check, full decode under the limits,
//!   EXIF orientation, display rendition and thumbnail, sha256), 8 times; p50 and worst.

use std::time::{Duration, Instant};

use newsroom_core::photo::PhotoType;

#[path = "support/big_jpeg.rs"]
mod big_jpeg;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let photo = big_jpeg::twenty_four_megapixels();
    println!(
        "24-megapixel JPEG: {:.1} MB",
        photo.len() as f64 / 1_048_576.0
    );

    let mut metadata = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let (found, _) = newsroom_media::read_metadata(&photo, PhotoType::Jpeg);
        metadata.push(started.elapsed());
        assert!(!found.values.is_empty());
    }
    println!(
        "metadata read: p50 {}, p95 {}",
        ms(percentile(&mut metadata, 0.5)),
        ms(percentile(&mut metadata, 0.95))
    );

    let mut ready = Vec::new();
    for _ in 0..8 {
        let started = Instant::now();
        let prepared = newsroom_media::prepare(photo.clone()).expect("a good photo");
        ready.push(started.elapsed());
        assert_eq!((prepared.width, prepared.height), (6000, 4000));
    }
    println!(
        "thumbnail ready (decode, renditions, sha256): p50 {}, worst {}",
        ms(percentile(&mut ready, 0.5)),
        ms(percentile(&mut ready, 1.0))
    );
}
