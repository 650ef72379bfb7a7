//! Every export format on a story whose every field is arbitrary text (as an agency, a photo's
//! metadata or a journalist could put there): ninjs stays JSON that parses back, NewsML-G2
//! stays well-formed XML, the HTML bundle is made; never a panic.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use newsroom_core::export::{ExportPhoto, ExportStory, ExportSubject};
use newsroom_core::photo::{EmbeddedMetadata, Photo, PhotoField, PhotoMetadata, PhotoType, TypedMetadata};
use newsroom_core::workflow::WorkflowState;
use newsroom_core::ArticleContent;
use quick_xml::events::Event;
use uuid::Uuid;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\u{1}').map(str::to_owned);
    let mut next = || fields.next().unwrap_or_default();
    let content = ArticleContent {
        headline: next(),
        standfirst: next(),
        body: next(),
        byline: next(),
        editors_note: next(),
        language: "en".to_owned(),
    };
    let mut typed = TypedMetadata::default();
    for field in [PhotoField::Caption, PhotoField::Credit, PhotoField::Creator, PhotoField::AltText] {
        typed.set(field, Some(next()));
    }
    let metadata = PhotoMetadata::resolve(&EmbeddedMetadata::default(), &typed);
    let photo = Photo {
        id: Uuid::from_u128(1),
        sha256: "ab".repeat(32),
        media_type: PhotoType::Jpeg,
        width: 10,
        height: 10,
        byte_size: 100,
        original_name: next(),
        credit_line: metadata.credit_line(),
        metadata,
        used_by: 1,
    };
    let subject = |name: String| ExportSubject {
        slug: "s".to_owned(),
        name,
        media_topic: None,
    };
    let at = Utc.timestamp_opt(1_764_000_000, 0).single().unwrap_or_default();
    let story = ExportStory {
        article_id: Uuid::from_u128(2),
        revision_id: Uuid::from_u128(3),
        version: 1,
        content,
        state: WorkflowState::Approved,
        slug: "story".to_owned(),
        section: Some(subject(next())),
        section_label: Some(next()),
        tags: vec![subject(next())],
        photos: vec![ExportPhoto { photo, is_lead: true }],
        embargo_until: None,
        first_created: at,
        version_created: at,
        source: None,
        related: Vec::new(),
    };
    let ninjs = newsroom_export::ninjs(&story).to_string();
    assert!(serde_json::from_str::<serde_json::Value>(&ninjs).is_ok(), "ninjs parses back");
    let xml = newsroom_export::news_item(&story);
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Text(text)) => {
                assert!(text.xml_content().is_ok(), "the text is well-formed");
            }
            Ok(_) => {}
            Err(err) => panic!("NewsML-G2 is not well-formed: {err}"),
        }
    }
    assert!(xml.chars().all(newsroom_core::clean::is_xml_char), "only XML 1.0 characters");
    let _ = newsroom_export::bundle_page(&story);
});
