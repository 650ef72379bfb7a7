//! Render figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-core --bench render`.
//!
//! - article page: a 5,000-word article with sub-headings, quotes, links and five photos (a lead
//!   photo and four in the text, each with caption and credit line), rendered by `article_page`
//!   (comrak, photo resolution, ammonia and the page template), 300 times; p50 and p95.
//! - hostile Markdown: four documents of about 1 MB each (deep nesting, 40,000 list markers, a
//!   huge table, a long chain of links), each rendered once; the slowest.

use std::time::{Duration, Instant};

use newsroom_core::render::{article_page, PageContext, PagePhoto, RenderOptions};
use newsroom_core::ArticleContent;

/// The allocator of the app and the command line, which render these pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A 5,000-word story in the shape of the model article.
fn story() -> String {
    let paragraph = "The USA, South Korea, and NATO have all confirmed that North Korean soldiers have been \
                     deployed to Russia, according to [intelligence services](https://example.com/report) \
                     quoted by **AFP** on Wednesday.";
    let mut body = String::new();
    for section in 0..29 {
        body.push_str(&format!("## Sub-heading {section}\n\n"));
        for _ in 0..6 {
            body.push_str(paragraph);
            body.push_str("\n\n");
        }
        body.push_str(
            "> \"The first units have already arrived in the combat zone,\" GRU reports.\n\n",
        );
    }
    body
}

/// Five photos as the store hands them to the renderer: an address, never the picture itself.
fn photos() -> Vec<PagePhoto> {
    (1..=5u128)
        .map(|n| PagePhoto {
            id: uuid::Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0000 + n),
            src: format!("photo://localhost/{n}/display"),
            alt: format!("Soldiers at a border crossing, photo {n}"),
            caption: "Ukrainian soldiers near the Russian border in the Kursk region.".into(),
            credit_line: Some("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT".into()),
            width: 1600,
            height: 1067,
        })
        .collect()
}

/// Documents built to make a Markdown renderer slow or crash, about 1 MB each.
pub fn hostile_documents() -> Vec<(&'static str, String)> {
    vec![
        ("deep nesting", format!("{}deep", "> ".repeat(250_000))),
        (
            "40,000 list markers",
            "- ".repeat(40_000) + "x\n" + &"- item\n".repeat(40_000),
        ),
        (
            "huge table",
            format!(
                "| {} |\n| {} |\n{}",
                "h |".repeat(50),
                "--- |".repeat(50),
                format!("| {} |\n", "cell |".repeat(50)).repeat(2_500)
            ),
        ),
        (
            "link chain",
            "[a](https://e.com/".repeat(40_000) + &")".repeat(40_000),
        ),
    ]
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let photos = photos();
    let mut body = story();
    // Four photos in the text, a quarter of the way apart, each alone in its paragraph.
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    let step = paragraphs.len() / 5;
    let mut with_photos = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        with_photos.push((*paragraph).to_owned());
        if index > 0 && index % step == 0 && index / step <= 4 {
            let photo = &photos[index / step];
            with_photos.push(format!("![{}](photo:{})", photo.alt, photo.id));
        }
    }
    body = with_photos.join("\n\n");
    let content = ArticleContent {
        headline: "Ukraine: First North Korean soldiers in combat".into(),
        standfirst: "Putin does not deny reports.".into(),
        body,
        byline: "TT".into(),
        ..ArticleContent::default()
    };
    let context = PageContext {
        section: Some("World".into()),
        tags: vec!["Ukraine".into()],
        lead_photo: Some(photos[0].clone()),
        photos: photos.clone(),
        ..PageContext::default()
    };
    let mut samples = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        let page = article_page(&content, &context, RenderOptions::default());
        samples.push(started.elapsed());
        assert!(page.len() > content.body.len());
        assert_eq!(page.matches("<figure class=\"photo").count(), 5);
    }
    let words = newsroom_core::word_count(&content.body);

    let mut slowest = (Duration::ZERO, "");
    for (name, document) in hostile_documents() {
        let hostile = ArticleContent {
            body: document,
            ..ArticleContent::default()
        };
        let started = Instant::now();
        article_page(&hostile, &PageContext::default(), RenderOptions::default());
        let took = started.elapsed();
        eprintln!("{name}: {} bytes in {}", hostile.body.len(), ms(took));
        if took > slowest.0 {
            slowest = (took, name);
        }
    }

    println!("| measure | figure | target |");
    println!("|---|---|---|");
    println!(
        "| article page, {words} words, five photos, p50 | {} | |",
        ms(percentile(&mut samples, 0.5))
    );
    println!(
        "| article page, {words} words, five photos, p95 | {} | ≤ 1 ms |",
        ms(percentile(&mut samples, 0.95))
    );
    println!(
        "| hostile Markdown, ~1 MB, slowest ({}) | {} | < 1 s |",
        slowest.1,
        ms(slowest.0)
    );
}
