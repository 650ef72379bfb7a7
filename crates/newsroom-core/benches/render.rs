//! Render figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-core --bench render`.
//!
//! - article page: a 5,000-word article with sub-headings, quotes, links and five photos (a lead
//!   photo and four in the text, each with caption and credit line), rendered by `article_page`
//!   (comrak, photo resolution, ammonia and the page template), 300 times (100 in the short
//!   run); p50 and p95. With NEWSROOM_BENCH_OUT set, the story's Markdown is written there as
//!   story.md for the peers measured in the same run.
//! - hostile Markdown: four documents of about 1 MB each (deep nesting, 40,000 list markers, a
//!   huge table, a long chain of links), each rendered once; the slowest.

use std::time::{Duration, Instant};

use newsroom_core::render::{article_page, PageContext, RenderOptions};
use newsroom_core::ArticleContent;

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
#[path = "support/story.rs"]
mod story;

/// The allocator of the released app and command line, which render these pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn main() {
    let (content, context) = story::story();
    let mut samples = Vec::new();
    for _ in 0..figures::scale(300, 100) {
        let started = Instant::now();
        let page = article_page(&content, &context, RenderOptions::default());
        samples.push(started.elapsed());
        assert!(page.len() > content.body.len());
        assert_eq!(page.matches("<figure class=\"photo").count(), 5);
    }
    let words = figures::count(newsroom_core::word_count(&content.body));
    // The same document for the peers measured in the same run (markdown-it).
    if let Some(out) = std::env::var_os("NEWSROOM_BENCH_OUT") {
        let path = std::path::Path::new(&out).join("story.md");
        std::fs::write(&path, &content.body).expect("write the story for the peers");
    }

    let mut slowest = (Duration::ZERO, "");
    for (name, document) in hostile_documents() {
        let hostile = ArticleContent {
            body: document,
            ..ArticleContent::default()
        };
        let started = Instant::now();
        article_page(&hostile, &PageContext::default(), RenderOptions::default());
        let took = started.elapsed();
        eprintln!(
            "{name}: {} bytes in {}",
            hostile.body.len(),
            figures::ms(took, 1)
        );
        if took > slowest.0 {
            slowest = (took, name);
        }
    }

    let page = format!("article page, {words} words, five photos");
    figures::row(
        &format!("{page}, p50"),
        &figures::ms(figures::percentile(&mut samples, 0.5), 2),
        "",
    );
    figures::row(
        &format!("{page}, p95"),
        &figures::ms(figures::percentile(&mut samples, 0.95), 2),
        "≤ 1 ms",
    );
    figures::row(
        &format!("hostile Markdown, ~1 MB, slowest ({})", slowest.1),
        &figures::ms(slowest.0, 0),
        "< 1 s",
    );
}
