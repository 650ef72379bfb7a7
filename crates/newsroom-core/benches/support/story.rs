//! The long story the benchmarks render and send: 5,132 words in the shape of the model article
//! (29 sub-headings, quotes, links, bold) with a lead photo and four photos in the text, each
//! with caption and credit line. Shared by the render bench and the WordPress comparison of the
//! push bench, so both measure the same document.

#![allow(dead_code)] // Each bench uses what it needs.

use newsroom_core::render::{PageContext, PagePhoto};
use newsroom_core::ArticleContent;

/// Five photos as the store hands them to the renderer: an address, never the picture itself.
pub fn photos() -> Vec<PagePhoto> {
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

/// The story's Markdown, with four of `photos` in the text, a fifth of the way apart, each
/// alone in its paragraph.
pub fn markdown(photos: &[PagePhoto]) -> String {
    let paragraph = "The USA, South Korea, and NATO have all confirmed that North Korean soldiers have been \
                     deployed to Russia, according to [intelligence services](https://example.com/report) \
                     quoted by **AFP** on Wednesday.";
    let mut blocks = Vec::new();
    for section in 0..29 {
        blocks.push(format!("## Sub-heading {section}"));
        for _ in 0..6 {
            blocks.push(paragraph.to_owned());
        }
        blocks.push(
            "> \"The first units have already arrived in the combat zone,\" GRU reports.".into(),
        );
    }
    let step = blocks.len() / 5;
    let mut body = Vec::new();
    for (index, block) in blocks.into_iter().enumerate() {
        body.push(block);
        if index > 0 && index % step == 0 && index / step <= 4 {
            let photo = &photos[index / step];
            body.push(format!("![{}](photo:{})", photo.alt, photo.id));
        }
    }
    body.join("\n\n") + "\n"
}

/// The story as the editor holds it, and what the page shows around it.
pub fn story() -> (ArticleContent, PageContext) {
    let photos = photos();
    let content = ArticleContent {
        headline: "Ukraine: First North Korean soldiers in combat".into(),
        standfirst: "Putin does not deny reports.".into(),
        body: markdown(&photos),
        byline: "TT".into(),
        ..ArticleContent::default()
    };
    let context = PageContext {
        section: Some("World".into()),
        tags: vec!["Ukraine".into()],
        lead_photo: Some(photos[0].clone()),
        photos,
        ..PageContext::default()
    };
    (content, context)
}
