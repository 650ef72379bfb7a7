//! Exports of a real approved story, validated against the official IPTC schemas in
//! ../shared/standards (ninjs 2.2 JSON Schema; NewsML-G2 2.35 XSD with xmllint --nonet).

use std::path::{Path, PathBuf};
use std::process::Command;

use newsroom_core::ArticleContent;
use newsroom_export::{bundle_page, export_approved, export_to, Format, Replace};
use newsroom_store::sample::approved_story;
use newsroom_store::Store;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");

fn standards() -> PathBuf {
    // CI clones the repository with ../shared beside it.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards");
    assert!(
        dir.is_dir(),
        "the IPTC standards are expected at {}",
        dir.display()
    );
    dir
}

fn photo(name: &str) -> (&str, Vec<u8>) {
    (
        name,
        std::fs::read(format!("{FIXTURES}{name}")).expect("fixture"),
    )
}

fn desk_with_story() -> (tempfile::TempDir, Store, uuid::Uuid) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    let (id, _) = approved_story(
        &mut store,
        "Ukraine: First North Korean soldiers in combat",
        &[photo("photo-iptc-iim.jpg"), photo("photo-xmp-only.jpg")],
    )
    .expect("approved story");
    (dir, store, id)
}

/// Hands the validator the GeoJSON schema ninjs refers to, from the standards folder: tests
/// never reach the network.
struct GeoJsonFromDisk(Value);

impl jsonschema::Retrieve for GeoJsonFromDisk {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri
            .as_str()
            .starts_with("https://geojson.org/schema/GeoJSON.json")
        {
            Ok(self.0.clone())
        } else {
            Err(format!("no network in tests: {uri}").into())
        }
    }
}

fn ninjs_validator() -> jsonschema::Validator {
    let dir = standards().join("ninjs");
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).expect("schema"))
            .expect("json")
    };
    jsonschema::options()
        .with_retriever(GeoJsonFromDisk(read("GeoJSON-schema.json")))
        .build(&read("ninjs-schema_2.2.json"))
        .expect("the ninjs schema compiles")
}

fn description<'v>(association: &'v Value, role: &str) -> &'v str {
    association["descriptions"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["role"] == role))
        .and_then(|d| d["value"].as_str())
        .unwrap_or_default()
}

#[test]
fn ninjs_is_valid_and_carries_every_credit_the_byline_and_the_note() {
    let (dir, store, id) = desk_with_story();
    let out = dir.path().join("out/story.json");
    let report = export_to(&store, id, Format::Ninjs, &out, Replace::Never).expect("export");
    let item: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    let errors: Vec<String> = ninjs_validator()
        .iter_errors(&item)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "ninjs invalid: {errors:#?}");
    // The validator does refuse what ninjs 2.2 does not define (so the check above means something).
    let mut invented = item.clone();
    invented["credit"] = Value::from("TT");
    assert!(!ninjs_validator().is_valid(&invented));

    assert_eq!(
        item["headlines"][0]["value"],
        "Ukraine: First North Korean soldiers in combat"
    );
    assert_eq!(item["descriptions"][0]["role"], "summary");
    assert_eq!(item["by"], "TT");
    assert_eq!(
        item["ednote"],
        "This article has been altered and translated by the desk."
    );
    assert_eq!(item["pubstatus"], "usable");
    let subjects: Vec<&str> = item["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .map(|s| s["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(subjects, ["World", "North Korea"]);
    let body = item["bodies"][0]["value"].as_str().expect("body");
    assert!(
        body.contains("<h2>Thousands of troops</h2>") && body.contains("<blockquote>"),
        "{body}"
    );
    let pictures = item["associations"].as_array().expect("associations");
    assert_eq!(pictures.len(), 2);
    assert_eq!(pictures[0]["name"], "featureimage");
    assert_eq!(
        description(&pictures[0], "creditline"),
        "Photo: Alexander Zemlianichenko/Officiell pool via AP/TT"
    );
    // The photo in the text is a figure with its credit, loading from the file beside the JSON.
    let href = pictures[1]["renditions"][0]["href"].as_str().expect("href");
    assert!(body.contains(&format!("src=\"{href}\"")), "{body}");
    assert!(dir.path().join("out").join(href).is_file());
    assert_eq!(report.photo_files.len(), 2);
    let credit = description(&pictures[1], "creditline");
    assert!(
        !credit.is_empty() && body.contains(credit),
        "the figure prints {credit:?}"
    );
    assert!(!description(&pictures[1], "alttext").is_empty());
}

#[test]
fn newsml_is_valid_against_the_xsd_and_carries_the_credits() {
    let (dir, store, id) = desk_with_story();
    let out = dir.path().join("story.xml");
    export_to(&store, id, Format::NewsMl, &out, Replace::Never).expect("export");
    let xsd = standards().join("newsml-g2/NewsML-G2_2.35-spec-All-Power.xsd");
    let check = Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(&xsd)
        .arg(&out)
        .output()
        .expect("xmllint (Debian libxml2-utils) runs");
    let xml = std::fs::read_to_string(&out).expect("xml");
    assert!(
        check.status.success(),
        "NewsML-G2 invalid:\n{}\n{xml}",
        String::from_utf8_lossy(&check.stderr)
    );
    for expected in [
        "<headline>Ukraine: First North Korean soldiers in combat</headline>",
        "<by>TT</by>",
        "<edNote>This article has been altered and translated by the desk.</edNote>",
        "<creditline>Photo: Alexander Zemlianichenko/Officiell pool via AP/TT</creditline>",
        "qcode=\"stat:usable\"",
        "<name>North Korea</name>",
    ] {
        assert!(xml.contains(expected), "missing {expected} in\n{xml}");
    }
}

#[test]
fn the_html_bundle_opens_offline_with_its_photos_and_credits() {
    let (dir, store, id) = desk_with_story();
    let out = dir.path().join("bundle");
    let report = export_to(&store, id, Format::Html, &out, Replace::Never).expect("export");
    let page = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert_eq!(report.photo_files.len(), 2);
    for file in &report.photo_files {
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(
            page.contains(&format!("src=\"images/{name}\"")),
            "{name} not shown in\n{page}"
        );
        assert!(file.is_file());
    }
    for expected in [
        "Photo: Alexander Zemlianichenko/Officiell pool via AP/TT",
        "By TT",
        "This article has been altered and translated by the desk.",
        "World",
        "North Korea",
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
    assert!(
        !page.contains("src=\"http"),
        "nothing loads from the network"
    );
}

#[test]
fn only_the_approved_revision_goes_out_and_a_draft_is_refused() {
    let (dir, mut store, id) = desk_with_story();
    // A draft beside it, and a second approved story.
    store
        .create_article(
            &ArticleContent {
                headline: "Draft".into(),
                ..ArticleContent::default()
            },
            "Ana Reporter",
            chrono::Utc::now(),
        )
        .expect("draft");
    let (second, _) = approved_story(
        &mut store,
        "Second approved story",
        &[photo("photo-plain.png")],
    )
    .expect("second");
    // Typed after approval: the first story goes back to Submitted and cannot go out.
    let article = store.article(id).expect("article");
    let mut changed = article.content.clone();
    changed.headline = "Changed after approval".into();
    store
        .save_article(
            id,
            article.version,
            &changed,
            newsroom_core::RevisionKind::Autosave,
            "Ana Reporter",
            chrono::Utc::now(),
        )
        .expect("save");
    let refused = export_to(
        &store,
        id,
        Format::Ninjs,
        &dir.path().join("x.json"),
        Replace::Never,
    )
    .expect_err("not approved any more");
    assert!(
        refused
            .to_string()
            .contains("only a story an editor approved can go out"),
        "{refused}"
    );
    let (written, refused) = export_approved(
        &store,
        Format::Ninjs,
        &dir.path().join("all"),
        Replace::Never,
    )
    .expect("export all");
    assert_eq!(written.len(), 1, "only the approved story");
    assert!(refused.is_empty());
    let item: Value =
        serde_json::from_str(&std::fs::read_to_string(&written[0].main_file).expect("file"))
            .expect("json");
    assert_eq!(item["uri"], format!("urn:uuid:{second}"));
    assert_eq!(item["headlines"][0]["value"], "Second approved story");
}

#[test]
fn agency_copy_keeps_its_attribution_and_related_stories_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    newsroom_store::sample::admin_at_desk(&mut store).expect("admin");
    store.set_newsroom_name("Newsroom Daily").expect("name");
    let tt = standards().join("ninjs/examples/tt_text_image_2.json");
    let outcome = store.import_wire_file(
        &tt,
        newsroom_store::files::Links::Follow,
        "Ana Reporter",
        chrono::Utc::now(),
        &newsroom_store::no_fetch,
    );
    let newsroom_store::ImportOutcome::Created { article_id: id, .. } = outcome else {
        panic!("imported: {outcome:?}")
    };
    let (related, editor) =
        approved_story(&mut store, "Soldiers seen in Kursk", &[]).expect("related story");
    store
        .set_related(id, &[related], chrono::Utc::now())
        .expect("related");
    let world = store.find_section("world").expect("s").map(|s| s.id);
    store
        .set_article_sections(id, world, &[], chrono::Utc::now())
        .expect("file");
    let reporter = store.authenticate("Ana Reporter", None).expect("reporter");
    for (actor, action) in [
        (&reporter, newsroom_core::WorkflowAction::Submit),
        (&editor, newsroom_core::WorkflowAction::Approve),
    ] {
        store
            .move_story(
                id,
                action,
                actor,
                newsroom_store::Seen::Unchecked,
                "",
                chrono::Utc::now(),
            )
            .expect("move");
    }

    let json = dir.path().join("tt.json");
    export_to(&store, id, Format::Ninjs, &json, Replace::Never).expect("ninjs");
    let item: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("f")).expect("json");
    let errors: Vec<String> = ninjs_validator()
        .iter_errors(&item)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(item["by"], "TT");
    assert_eq!(
        item["ednote"],
        "This article has been altered and translated by Newsroom Daily."
    );
    assert_eq!(item["infosources"][0]["name"], "TT");
    let text = item["associations"]
        .as_array()
        .expect("a")
        .iter()
        .find(|a| a["type"] == "text")
        .expect("related");
    assert_eq!(text["headlines"][0]["value"], "Soldiers seen in Kursk");

    let xml_path = dir.path().join("tt.xml");
    export_to(&store, id, Format::NewsMl, &xml_path, Replace::Never).expect("newsml");
    let check = Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(standards().join("newsml-g2/NewsML-G2_2.35-spec-All-Power.xsd"))
        .arg(&xml_path)
        .output()
        .expect("xmllint");
    let xml = std::fs::read_to_string(&xml_path).expect("xml");
    assert!(
        check.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&check.stderr)
    );
    for expected in [
        "<infoSource",
        "<name>TT</name>",
        "<by>TT</by>",
        "Newsroom Daily",
        "<title>Soldiers seen in Kursk</title>",
    ] {
        assert!(xml.contains(expected), "missing {expected}");
    }
    let page = bundle_page(&store.export_story(id).expect("story"));
    assert!(page.contains("Soldiers seen in Kursk") && page.contains("MIN READ"));
}

#[test]
fn an_exported_item_imported_on_another_desk_brings_its_photos_with_their_credits() {
    let (dir, store, id) = desk_with_story();
    let out = dir.path().join("out/story.json");
    export_to(&store, id, Format::Ninjs, &out, Replace::Never).expect("export");
    let other = tempfile::tempdir().expect("tempdir");
    let mut other_desk = Store::open(other.path()).expect("open");
    let outcome = other_desk.import_wire_file(
        &out,
        newsroom_store::files::Links::Follow,
        "Ana",
        chrono::Utc::now(),
        &newsroom_store::no_fetch,
    );
    let newsroom_store::ImportOutcome::Created {
        article_id,
        pictures_left_out,
        ..
    } = outcome
    else {
        panic!("imported: {outcome:?}")
    };
    assert!(pictures_left_out.is_empty(), "{pictures_left_out:?}");
    let photos = other_desk.article_photos(article_id).expect("photos");
    assert_eq!(photos.len(), 2);
    let lead = photos.iter().find(|p| p.is_lead).expect("lead");
    assert_eq!(
        lead.photo.credit_line.as_deref(),
        Some("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT")
    );
}

#[test]
fn an_approval_pins_credits_filing_and_embargo_and_says_what_changed_since() {
    use newsroom_core::photo::PhotoField;
    use newsroom_core::workflow::{EditAfterApproval, WorkflowState};
    let (_dir, mut store, id) = desk_with_story();
    let approved = store.export_story(id).expect("story");
    let lead = approved.lead_photo().expect("lead").photo.clone();
    let credit_then = approved
        .lead_photo()
        .expect("lead")
        .photo
        .credit_line
        .clone();
    assert!(store
        .changed_since_approval(id)
        .expect("changes")
        .is_empty());

    // The photo's credit is changed in the library (not through the story): the story stays
    // approved, what goes out is what the editor approved, and the desk says what changed.
    newsroom_store::sample::admin_at_desk(&mut store).expect("admin");
    store
        .set_photo_field(
            lead.id,
            PhotoField::Credit,
            Some("Someone Else"),
            chrono::Utc::now(),
        )
        .expect("credit");
    assert_eq!(
        store.article(id).expect("a").status,
        WorkflowState::Approved
    );
    let story = store.export_story(id).expect("story");
    assert_eq!(
        story.lead_photo().expect("lead").photo.credit_line,
        credit_then
    );
    let ninjs = newsroom_export::ninjs(&story).to_string();
    assert!(
        !ninjs.contains("Someone Else"),
        "the pinned credit goes out"
    );
    let changed = store.changed_since_approval(id).expect("changes");
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        changed[0].starts_with("the credit of the photo"),
        "{changed:?}"
    );

    // Changing the story itself after approval follows the desk's rule for approved stories:
    // a reporter is refused when only editors may change them ...
    let (reporter, editor) = newsroom_store::sample::people(&mut store).expect("people");
    store.set_actor(Some(editor.clone()));
    store
        .set_edit_after_approval(EditAfterApproval::EditorsOnly)
        .expect("policy");
    store.set_actor(Some(reporter));
    let refused = store
        .add_article_tag(id, "Kursk", chrono::Utc::now())
        .expect_err("refused")
        .to_string();
    assert!(
        refused.contains("only an editor can change it"),
        "{refused}"
    );
    assert!(store
        .article_filing(id)
        .expect("filing")
        .tags
        .iter()
        .all(|t| t.name != "Kursk"));
    // ... and an editor's embargo sends the story back for approval, the trail says why.
    store.set_actor(Some(editor));
    let later = chrono::Utc::now() + chrono::TimeDelta::days(1);
    store
        .set_embargo(id, Some(later), chrono::Utc::now())
        .expect("embargo");
    assert_eq!(
        store.article(id).expect("a").status,
        WorkflowState::Submitted
    );
    let trail = store.workflow_events(id).expect("trail");
    assert_eq!(
        trail.last().expect("event").note,
        "The embargo changed after approval; approve it again."
    );
    assert!(
        store.export_story(id).is_err(),
        "nothing goes out unapproved"
    );
    assert!(store
        .changed_since_approval(id)
        .expect("changes")
        .is_empty());
}

#[cfg(unix)]
#[test]
fn an_export_never_writes_through_a_link_nor_replaces_a_file_unasked() {
    let (dir, store, id) = desk_with_story();
    let elsewhere = dir.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, "someone's file").expect("write");
    let link = dir.path().join("story.json");
    std::os::unix::fs::symlink(&elsewhere, &link).expect("symlink");
    for replace in [Replace::Never, Replace::Allowed] {
        let refused = export_to(&store, id, Format::Ninjs, &link, replace)
            .expect_err("a link")
            .to_string();
        assert!(refused.contains("is a link"), "{refused}");
    }
    assert_eq!(
        std::fs::read_to_string(&elsewhere).expect("read"),
        "someone's file",
        "the file behind the link is untouched"
    );

    let out = dir.path().join("out.json");
    std::fs::write(&out, "an older file").expect("write");
    let refused = export_to(&store, id, Format::Ninjs, &out, Replace::Never)
        .expect_err("exists")
        .to_string();
    assert!(refused.contains("exists already"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("read"),
        "an older file"
    );
    export_to(&store, id, Format::Ninjs, &out, Replace::Allowed).expect("replaced when asked");
    assert!(std::fs::read_to_string(&out)
        .expect("read")
        .contains("\"headlines\""));
    // No half-written file is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty());
}
