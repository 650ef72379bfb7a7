//! Render figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-core --bench render`.
//!
//! - article page: a 5,000-word article with sub-headings, quotes and links, rendered by
//!   `article_page` (comrak, ammonia and the page template), 300 times; p50 and p95.
//! - hostile Markdown: four documents of about 1 MB each (deep nesting, 40,000 list markers, a
//!   huge table, a long chain of links), each rendered once; the slowest.

use std::time::{Duration, Instant};

use newsroom_core::render::{article_page, PageContext, RenderOptions};
use newsroom_core::ArticleContent;

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
    let content = ArticleContent {
        headline: "Ukraine: First North Korean soldiers in combat".into(),
        standfirst: "Putin does not deny reports.".into(),
        body: story(),
        byline: "TT".into(),
        ..ArticleContent::default()
    };
    let context = PageContext {
        section: Some("World".into()),
        tags: vec!["Ukraine".into()],
        ..PageContext::default()
    };
    let mut samples = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        let page = article_page(&content, &context, RenderOptions::default());
        samples.push(started.elapsed());
        assert!(page.len() > content.body.len());
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
        "| article page, {words} words, p50 | {} | |",
        ms(percentile(&mut samples, 0.5))
    );
    println!(
        "| article page, {words} words, p95 | {} | ≤ 1 ms |",
        ms(percentile(&mut samples, 0.95))
    );
    println!(
        "| hostile Markdown, ~1 MB, slowest ({}) | {} | < 1 s |",
        slowest.1,
        ms(slowest.0)
    );
}
