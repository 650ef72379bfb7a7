//! The official examples in ../shared/standards and hostile files.

use super::*;

fn example(path: &str) -> Vec<u8> {
    let file = format!(
        "{}/../../../shared/standards/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&file).unwrap_or_else(|err| panic!("{file}: {err}"))
}

#[test]
fn tt_ninjs_keeps_agency_uri_version_language_subjects_and_the_picture_credit() {
    let item = read_wire(&example("ninjs/examples/tt_text_image_2.json")).expect("TT item");
    assert_eq!(item.format, WireFormat::Ninjs2);
    assert_eq!(item.agency, "TT");
    assert_eq!(
        item.uri,
        "http://tt.se/media/text/210526-militarovning-a0f2d045"
    );
    assert_eq!(item.version, 1);
    assert_eq!(item.language, "sv");
    assert_eq!(item.headline, "Militärövning i jätteformat hålls 2023");
    assert!(
        item.body.starts_with("Pandemin satte stopp"),
        "{}",
        item.body
    );
    assert!(
        item.body.contains("> Aurora 2023 kommer"),
        "quotes stay quotes: {}",
        item.body
    );
    assert!(
        !item.body.contains("Militärövning i jätteformat"),
        "the h1 is the headline, not body"
    );
    assert_eq!(item.subjects[0].name, "Krig, konflikter och oroligheter");
    assert_eq!(item.dateline, "Sverige");
    let picture = &item.pictures[0];
    assert_eq!(picture.credit, "Karl Melander/TT");
    assert!(picture
        .caption
        .starts_with("En stor internationell försvarsövning"));
    assert!(
        picture.href.ends_with("a001_NormalHires.jpg"),
        "the largest rendition"
    );
}

#[test]
fn the_other_agencies_examples_read() {
    let ntb = read_wire(&example("ninjs/examples/ntb_text.json")).expect("NTB");
    assert_eq!(
        (ntb.agency.as_str(), ntb.version, ntb.language.as_str()),
        ("NTB", 6, "nb-NO")
    );
    assert_eq!(ntb.headline, "Google har kjøpt giganttomt i Skien");
    let dpa = read_wire(&example("ninjs/examples/dpa_text.json")).expect("dpa");
    assert_eq!(dpa.agency, "dpa");
    assert!(dpa.body.starts_with("Für Lucien Favre"), "{}", dpa.body);
    let simple = read_wire(&example("ninjs/examples/ninjsExSimpleText_2.json")).expect("simple");
    assert!(!simple.body.is_empty());
}

#[test]
fn newsml_g2_text_and_photo_items_read() {
    let text = read_wire(&example(
        "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml",
    ))
    .expect("text item");
    assert_eq!(text.format, WireFormat::NewsMl);
    assert_eq!(text.uri, "urn:newsml:acmenews.com:20161121:US-FINANCE-FED");
    assert_eq!(text.version, 11);
    assert_eq!(text.agency, "Acme News and Media LLC");
    assert_eq!(text.language, "en-US");
    assert_eq!(text.headline, "Fed to halt QE to avert \"bubble\"");
    assert_eq!(text.dateline, "New York, NY");
    assert_eq!(text.byline, "Meredith Jameson");
    assert_eq!(text.subjects.len(), 3);
    assert_eq!(text.subjects[0].code, "medtop:04000000");
    assert_eq!(text.body.split("\n\n").count(), 2, "{}", text.body);
    let photo = read_wire(&example(
        "newsml-g2/examples/LISTING_3_Photo_in_NewsML-G2.xml",
    ))
    .expect("photo item");
    assert_eq!(photo.pictures.len(), 1);
    assert_eq!(photo.pictures[0].credit, "Getty Images");
    assert_eq!(photo.pictures[0].creator, "Spencer Platt");
}

#[test]
fn ninjs_1_reads() {
    let item = read_wire(
        br#"{"uri": "urn:ex:1", "version": "3", "headline": "Old style", "body_html": "<p>One.</p><p>Two.</p>",
            "byline": "AP", "associations": {"main": {"type": "picture", "renditions": {"original": {"href": "a.jpg", "width": 10}},
            "description_text": "A caption", "byline": "Jo Photographer/AP"}}}"#,
    )
    .expect("ninjs 1");
    assert_eq!(item.format, WireFormat::Ninjs1);
    assert_eq!((item.version, item.agency.as_str()), (3, "AP"));
    assert_eq!(item.body, "One.\n\nTwo.");
    assert_eq!(item.pictures[0].credit, "Jo Photographer/AP");
    assert_eq!(item.pictures[0].caption, "A caption");
}

#[test]
fn hostile_and_broken_files_are_refused_in_words() {
    let refused = |bytes: &[u8]| read_wire(bytes).expect_err("refused").to_string();
    assert!(refused(b"{\"uri\": ").contains("damaged"));
    assert!(refused(br#"{"headlines": [{"value": "No uri"}]}"#).contains("no uri"));
    assert!(refused(br#"{"uri": "x", "standard": {"name": "ninjs", "version": "3.0"}, "headlines": [{"value": "h"}]}"#)
        .contains("ninjs 3.0"));
    assert!(refused(b"%PDF-1.4").contains("not a ninjs"));
    assert!(refused(&vec![b' '; MAX_WIRE_BYTES + 1]).contains("over 20 MB"));
    let billion_laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
        <newsItem guid="x" version="1"><contentMeta><headline>&lol2;</headline></contentMeta></newsItem>"#;
    assert!(refused(billion_laughs).contains("DTD"));
    let xxe = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><newsItem guid="x">&xxe;</newsItem>"#;
    assert!(refused(xxe).contains("DTD"));
    let undeclared = br#"<newsItem guid="x" version="1"><contentMeta><headline>&xxe;</headline></contentMeta></newsItem>"#;
    assert!(refused(undeclared).contains("damaged"));
    assert!(refused(
        b"<newsItem version=\"1\"><contentMeta><headline>h</headline></contentMeta></newsItem>"
    )
    .contains("no guid"));
    let cut_short = refused(b"<newsItem guid=\"x\"><contentMeta><headline>h</headline>");
    assert!(cut_short.contains("cut short"), "{cut_short}");
}
