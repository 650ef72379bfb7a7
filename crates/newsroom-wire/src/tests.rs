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

#[test]
fn deep_and_large_items_are_read_within_their_limits() {
    // 50,000 nested divs (550 kB) in a ninjs body: the text arrives, at once, without a crash.
    let depth = 50_000;
    let body = format!(
        "{}<p>Dockworkers went back on Monday.</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let json = serde_json::json!({"uri": "deep", "headline": "Deep", "body_html": body});
    let started = std::time::Instant::now();
    let item = read_wire(json.to_string().as_bytes()).expect("read");
    assert!(started.elapsed().as_secs() < 3, "{:?}", started.elapsed());
    assert_eq!(item.body, "Dockworkers went back on Monday.");

    // The same depth as XML is refused in words, quickly.
    let xml = format!(
        "<newsItem guid=\"x\" version=\"1\"><contentSet><inlineXML>{}{}</inlineXML></contentSet></newsItem>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let started = std::time::Instant::now();
    let refused = read_wire(xml.as_bytes()).expect_err("too deep").to_string();
    assert!(refused.contains("levels deep"), "{refused}");
    assert!(started.elapsed().as_secs() < 2);

    // JSON nested past serde_json's limit is damaged, not a stack overflow.
    let nested = format!("{{\"uri\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
    assert!(read_wire(nested.as_bytes())
        .expect_err("refused")
        .to_string()
        .contains("damaged"));

    // A headline of 1 MB is cut to the desk's limit, a caption of 5 MB too.
    let long = "word ".repeat(200_000);
    let json = serde_json::json!({"uri": "long", "headline": long, "associations": {"main": {
        "type": "picture", "description_text": long, "renditions": {"original": {"href": "a.jpg"}}}}});
    let item = read_wire(json.to_string().as_bytes()).expect("read");
    assert!(item.headline.chars().count() <= 2_000);
    assert!(item.pictures[0].caption.chars().count() <= 2_000);
}

#[test]
fn control_and_override_characters_do_not_survive_the_reading() {
    let json = serde_json::json!({
        "uri": "x\u{1}", "headline": "Strike\u{0} ends\u{202E}dne", "body_text": "One\u{7}\n\nTwo",
        "byline": "TT\u{2066}",
    });
    let item = read_wire(json.to_string().as_bytes()).expect("read");
    assert_eq!(item.uri, "x");
    assert_eq!(item.headline, "Strike endsdne");
    assert_eq!(item.body, "One\n\nTwo");
    assert_eq!(item.byline, "TT");
}

#[test]
fn pictures_come_from_the_web_or_the_items_own_folder_only() {
    use crate::{PictureSource, WirePicture};
    let source = |href: &str| {
        let picture = WirePicture {
            href: href.into(),
            caption: String::new(),
            credit: String::new(),
            creator: String::new(),
        };
        match picture.source() {
            PictureSource::Web(_) => "web",
            PictureSource::Beside(_) => "beside",
            PictureSource::Refused(_) => "refused",
        }
    };
    assert_eq!(source("https://tt.se/a.jpg"), "web");
    assert_eq!(source("HTTP://tt.se/a.jpg"), "web");
    assert_eq!(source("a001.jpg"), "beside");
    assert_eq!(source("pictures/a001.jpg"), "beside");
    for hostile in [
        "/home/alice/Pictures/id.jpg",
        "../../etc/passwd",
        "pictures/../../id.jpg",
        "file:///home/alice/id.jpg",
        "\\\\host\\share\\p.jpg",
        "//host/share/p.jpg",
        "C:\\Users\\alice\\id.jpg",
        "c:/Users/alice/id.jpg",
        "smb://host/p.jpg",
        "ftp://host/p.jpg",
        "data:image/png;base64,AAAA",
        "",
    ] {
        assert_eq!(source(hostile), "refused", "{hostile}");
    }
}
