//! Preview and pre-flight with the desk's facts, on a real database.

mod support;

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::preflight::{PreflightField, PreflightLimits, Severity};
use newsroom_core::render::RenderOptions;
use newsroom_core::ArticleContent;
use newsroom_store::Store;

fn at(days: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default() + TimeDelta::days(days)
}

fn content(headline: &str, body: &str) -> ArticleContent {
    ArticleContent {
        headline: headline.into(),
        body: body.into(),
        byline: "TT".into(),
        ..ArticleContent::default()
    }
}

#[test]
fn the_preview_shows_section_tags_and_more_news_from_the_same_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = support::as_admin(Store::open(dir.path()).expect("open"));
    let soccer = store
        .find_section("soccer")
        .expect("find")
        .expect("seeded")
        .id;
    let story = store
        .create_article(&content("Derby ends in a draw", ""), "ana", at(0))
        .expect("create");
    let other = store
        .create_article(
            &content("Coach resigns", &"word ".repeat(450)),
            "ana",
            at(0),
        )
        .expect("create");
    store
        .create_article(&content("Unrelated world story", ""), "ana", at(0))
        .expect("create");
    store
        .set_article_sections(story.id, Some(soccer), &[], at(0))
        .expect("file");
    store
        .set_article_sections(other.id, Some(soccer), &[], at(0))
        .expect("file");
    store
        .add_article_tag(story.id, "Malmö FF", at(0))
        .expect("tag");

    let editing = content("Derby ends in a draw", "Typed but **not saved** yet.");
    let html = store
        .preview_page(
            story.id,
            &editing,
            RenderOptions::default(),
            &newsroom_store::PhotoAddress::LocalFile,
        )
        .expect("preview");
    assert!(
        html.contains("<p class=\"section\">Sports › Soccer</p>"),
        "{html}"
    );
    assert!(
        html.contains("<strong>not saved</strong>"),
        "the editor's text, not the stored one"
    );
    assert!(html.contains("<li>Malmö FF</li>"));
    assert!(
        html.contains("Coach resigns</span><span class=\"read\">3 MIN READ"),
        "{html}"
    );
    assert!(
        !html.contains("Unrelated world story"),
        "More news keeps to the section"
    );
}

#[test]
fn preflight_knows_the_section_and_recent_headlines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = support::as_admin(Store::open(dir.path()).expect("open"));
    store
        .create_article(
            &content("Prime Minister Survives Vote of No Confidence", ""),
            "ana",
            at(0),
        )
        .expect("create");
    let story = store
        .create_article(&ArticleContent::default(), "ana", at(0))
        .expect("create");
    let same = content(
        "prime minister survives vote of no confidence ",
        &"word ".repeat(80),
    );

    let items = store.preflight(story.id, &same, at(10)).expect("preflight");
    let found: Vec<(Severity, PreflightField)> =
        items.iter().map(|i| (i.severity, i.field)).collect();
    assert_eq!(
        found,
        [
            (Severity::Blocker, PreflightField::Section),
            (Severity::Warning, PreflightField::Headline)
        ]
    );

    let later = store.preflight(story.id, &same, at(40)).expect("preflight");
    assert_eq!(
        later.len(),
        1,
        "a headline from 40 days ago is not flagged: {later:?}"
    );
    let world = store
        .find_section("world")
        .expect("find")
        .expect("seeded")
        .id;
    store
        .set_article_sections(story.id, Some(world), &[], at(40))
        .expect("file");
    assert!(store
        .preflight(story.id, &same, at(40))
        .expect("preflight")
        .is_empty());
}

#[test]
fn the_desk_sets_its_own_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = support::as_admin(Store::open(dir.path()).expect("open"));
    let world = store
        .find_section("world")
        .expect("find")
        .expect("seeded")
        .id;
    let story = store
        .create_article(&ArticleContent::default(), "ana", at(0))
        .expect("create");
    store
        .set_article_sections(story.id, Some(world), &[], at(0))
        .expect("file");
    let long = content(&"x".repeat(65), &"word ".repeat(80));
    assert!(
        store
            .preflight(story.id, &long, at(0))
            .expect("preflight")
            .is_empty(),
        "65 characters pass the default 70"
    );

    let tighter = PreflightLimits {
        headline_warn: 50,
        headline_block: 60,
        ..PreflightLimits::default()
    };
    store.set_preflight_limits(tighter).expect("set");
    assert_eq!(store.preflight_limits().expect("read"), tighter);
    assert_eq!(
        store.preflight(story.id, &long, at(0)).expect("preflight")[0].severity,
        Severity::Blocker
    );
    let nonsense = PreflightLimits {
        headline_warn: 90,
        headline_block: 80,
        ..PreflightLimits::default()
    };
    assert!(store
        .set_preflight_limits(nonsense)
        .expect_err("refused")
        .to_string()
        .contains("do not fit together"));
}
