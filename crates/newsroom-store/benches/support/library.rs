//! A photo library of any size for the benches: [`seed_library`] fills a store with photos that
//! share one tiny picture (each under its own address) and carry varied captions, so that the
//! library's queries, not JPEG decoding, are measured. Shared by `benches/photos.rs` and
//! `examples/seed-photos.rs` (which the window bench runs).

use chrono::Utc;
use newsroom_core::photo::{MetadataSource, PhotoField};
use newsroom_core::ArticleContent;
use newsroom_store::photos::prepare_photo;
use newsroom_store::{LeadChoice, Store};

/// A 24 × 16 JPEG, encoded once; every library photo is a copy under its own address.
fn small_jpeg() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([x as u8 * 9, y as u8 * 13, 90]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .expect("encode");
    bytes
}

/// The caption vocabulary: 400 words.
pub fn caption_words() -> Vec<String> {
    (0..400)
        .map(|i| {
            let stem = [
                "kazan", "seoul", "brics", "nato", "kyiv", "putin", "duda", "yoon",
            ][i % 8];
            format!("{stem}{i}")
        })
        .collect()
}

/// Adds `photos` photos to `store`, spread over 1,000 new articles, each captioned with four
/// words of [`caption_words`].
pub fn seed_library(store: &mut Store, photos: usize) {
    let mut rng = fastrand::Rng::with_seed(7);
    let words = caption_words();
    let template = prepare_photo("library.jpg", small_jpeg()).expect("prepare");
    let articles: Vec<_> = (0..1_000)
        .map(|i| {
            let content = ArticleContent {
                headline: format!("Story {i}"),
                ..ArticleContent::default()
            };
            store
                .create_article(&content, "bench", Utc::now())
                .expect("article")
                .id
        })
        .collect();
    for n in 0..photos {
        let mut photo = template.clone();
        photo.sha256 = format!("{n:064x}");
        let caption: Vec<&str> = (0..4)
            .map(|_| words[rng.usize(..words.len())].as_str())
            .collect();
        let embedded = &mut photo.embedded;
        embedded.add(PhotoField::Caption, MetadataSource::Iim, &caption.join(" "));
        let creator = format!("Photographer {}", n % 300);
        embedded.add(PhotoField::Creator, MetadataSource::Xmp, &creator);
        embedded.add(PhotoField::Credit, MetadataSource::Xmp, "AP/TT");
        store
            .attach_photo(
                articles[n % articles.len()],
                &photo,
                "library.jpg",
                LeadChoice::NotLead,
                "bench",
                Utc::now(),
            )
            .expect("attach");
    }
}
