//! The `newsroom` binary on a real data folder, as a script or an administrator would use it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn newsroom(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(args)
        .env("NEWSROOM_DATA_DIR", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsroom");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Creates an article from `json` (as `articles create --json -` reads it); its id.
fn create_article(dir: &Path, json: &str) -> String {
    ok(&newsroom(
        dir,
        &["articles", "create", "--json", "-"],
        Some(json),
    ))
    .trim()
    .to_owned()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON output")
}

#[test]
fn create_show_update_list_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let created = newsroom(
        dir.path(),
        &["articles", "create", "--json", "-"],
        Some(
            r#"{"headline":"SpaceX lost spacecraft","body":"It broke up over the Gulf.","byline":"TT","language":"en"}"#,
        ),
    );
    let id = ok(&created).trim().to_owned();
    assert_eq!(id.len(), 36, "prints the new id: {id}");

    let shown = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", &id, "--json"],
        None,
    )));
    assert_eq!(shown["headline"], "SpaceX lost spacecraft");
    assert_eq!(shown["wordCount"], 6);
    assert_eq!(shown["byline"], "TT");

    // What `show --json` prints is accepted by `create --json`: a copy.
    let copy_id = create_article(dir.path(), &shown.to_string());
    assert_ne!(copy_id, id);

    let patch = dir.path().join("patch.json");
    std::fs::write(
        &patch,
        r#"{"editorsNote":"This article has been altered and translated by Sweden Herald"}"#,
    )
    .expect("write patch");
    ok(&newsroom(
        dir.path(),
        &[
            "articles",
            "update",
            &id,
            "--json",
            patch.to_str().expect("utf-8 path"),
        ],
        None,
    ));
    let updated = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", &id, "--json"],
        None,
    )));
    assert_eq!(
        updated["editorsNote"],
        "This article has been altered and translated by Sweden Herald"
    );
    assert_eq!(
        updated["headline"], "SpaceX lost spacecraft",
        "fields not given are kept"
    );
    assert_eq!(updated["version"], 2);

    let list = json(&ok(&newsroom(
        dir.path(),
        &["articles", "list", "--json"],
        None,
    )));
    let ids: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids, [id.as_str(), copy_id.as_str()], "newest change first");
    let table = ok(&newsroom(dir.path(), &["articles", "list"], None));
    assert!(table.contains("SpaceX lost spacecraft"), "{table}");
}

#[test]
fn doctor_and_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    ok(&newsroom(
        dir.path(),
        &["articles", "create", "--json", "-"],
        Some(r#"{"headline":"Kept"}"#),
    ));
    let report = json(&ok(&newsroom(dir.path(), &["doctor", "--json"], None)));
    assert_eq!(report["integrity"], serde_json::json!(["ok"]));
    assert_eq!(report["articles"], 1);
    assert_eq!(report["schemaVersion"], report["supportedSchemaVersion"]);

    let backup_dir = tempfile::tempdir().expect("tempdir");
    let backup = backup_dir.path().join("newsroom.sqlite3");
    ok(&newsroom(
        dir.path(),
        &["backup", backup.to_str().expect("utf-8 path")],
        None,
    ));
    let restored = json(&ok(&newsroom(
        backup_dir.path(),
        &["articles", "list", "--json"],
        None,
    )));
    assert_eq!(
        restored[0]["headline"], "Kept",
        "the backup opens as a desk of its own"
    );
}

#[test]
fn a_damaged_database_is_explained_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("newsroom.sqlite3");
    std::fs::write(&path, vec![0x5a; 8192]).expect("write garbage");
    let doctor = newsroom(dir.path(), &["doctor"], None);
    assert_eq!(doctor.status.code(), Some(1));
    let said = String::from_utf8_lossy(&doctor.stderr);
    assert!(
        said.contains("damaged or is not a Newsroom database"),
        "{said}"
    );
    let list = newsroom(dir.path(), &["articles", "list"], None);
    assert_eq!(list.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&path).expect("read"),
        vec![0x5a; 8192],
        "never altered"
    );
}

#[test]
fn bad_input_gets_a_sentence_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (input, expected) in [
        ("{not json", "not valid JSON"),
        (r#"{"headine":"typo"}"#, "unknown field `headine`"),
        (r#"{"language":"english"}"#, "is not a language code"),
        (r#"{"byline":"TT\u0007"}"#, "invisible control character"),
    ] {
        let out = newsroom(
            dir.path(),
            &["articles", "create", "--json", "-"],
            Some(input),
        );
        assert_eq!(out.status.code(), Some(1), "{input}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(expected), "{input}: {said}");
    }
    let missing = newsroom(
        dir.path(),
        &["articles", "show", "01890a5d-ac96-774b-bcce-b302099a8057"],
        None,
    );
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
    assert!(json(&ok(&newsroom(
        dir.path(),
        &["articles", "list", "--json"],
        None
    )))
    .as_array()
    .expect("array")
    .is_empty());
}

#[test]
fn sections_tags_and_vocabulary_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = create_article(dir.path(), r#"{"headline":"Derby"}"#);
    ok(&newsroom(
        dir.path(),
        &["articles", "set-section", &id, "soccer"],
        None,
    ));
    let tagged = ok(&newsroom(
        dir.path(),
        &["articles", "tag", &id, "N. Korea", "North Korea", "Malmö"],
        None,
    ));
    assert_eq!(tagged.trim(), "Tags: N. Korea, North Korea, Malmö");
    // `show` tells what the other commands set, and what it prints goes back in whole.
    let shown = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", &id, "--json"],
        None,
    )));
    assert_eq!(shown["section"]["slug"], "soccer");
    assert_eq!(
        shown["tags"],
        serde_json::json!(["N. Korea", "North Korea", "Malmö"])
    );
    assert_eq!(shown["embargoUntil"], serde_json::Value::Null);
    let text = ok(&newsroom(dir.path(), &["articles", "show", &id], None));
    assert!(text.contains("Section: Sports › Soccer"), "{text}");
    assert!(
        text.contains("Tags: N. Korea, North Korea, Malmö"),
        "{text}"
    );
    ok(&newsroom(
        dir.path(),
        &["articles", "create", "--json", "-"],
        Some(&shown.to_string()),
    ));

    let sections = json(&ok(&newsroom(
        dir.path(),
        &["sections", "list", "--json"],
        None,
    )));
    let soccer = sections
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["slug"] == "soccer")
        .expect("soccer");
    assert_eq!(soccer["articleCount"], 1);

    add_admin(dir.path());
    let merged = ok(&as_admin(
        dir.path(),
        &["tags", "merge", "N. Korea", "north-korea"],
        &[],
    ));
    assert!(
        merged.contains("Merged \"N. Korea\" into \"North Korea\""),
        "{merged}"
    );
    let tags = json(&ok(&newsroom(
        dir.path(),
        &["tags", "list", "--json"],
        None,
    )));
    let names: Vec<&str> = tags
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["Malmö", "North Korea"]);

    let file = dir.path().join("vocabularies.json");
    let path = file.to_str().expect("utf-8 path");
    ok(&newsroom(
        dir.path(),
        &["vocabularies", "export", path],
        None,
    ));
    // A second export keeps the file unless asked; a link there is never written through.
    let again = newsroom(dir.path(), &["vocabularies", "export", path], None);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("there already"));
    ok(&newsroom(
        dir.path(),
        &["vocabularies", "export", path, "--overwrite"],
        None,
    ));
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "keep me").expect("write");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&precious, &link).expect("symlink");
    let through = newsroom(
        dir.path(),
        &[
            "vocabularies",
            "export",
            link.to_str().expect("utf-8"),
            "--overwrite",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&through.stderr).contains("does not write through links"));
    assert_eq!(std::fs::read_to_string(&precious).expect("read"), "keep me");
    let other = tempfile::tempdir().expect("tempdir");
    add_admin(other.path());
    let report = json(&ok(&as_admin(
        other.path(),
        &["vocabularies", "import", path, "--json"],
        &[],
    )));
    assert_eq!(
        report["tagsAdded"],
        serde_json::json!(["malmo", "north-korea"])
    );
    assert_eq!(
        report["sectionsAdded"],
        serde_json::json!([]),
        "the seeded sections are already there"
    );
}

#[test]
fn a_bad_vocabulary_file_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    add_admin(dir.path());
    let file = dir.path().join("bad.json");
    let path = file.to_str().expect("utf-8 path");
    for (content, expected) in [
        ("{ not json", "is not a vocabulary file Newsroom can read"),
        (r#"{"format":7,"sections":[],"tags":[]}"#, "format 7"),
        (
            r#"{"format":1,"sections":[],"tags":[{"slug":"ok","name":"Fine"},{"slug":"bad","name":"  "}]}"#,
            "needs a name",
        ),
    ] {
        std::fs::write(&file, content).expect("write");
        let out = as_admin(dir.path(), &["vocabularies", "import", path], &[]);
        assert_eq!(out.status.code(), Some(1), "{content}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(expected), "{content}: {said}");
    }
    let tags = json(&ok(&newsroom(
        dir.path(),
        &["tags", "list", "--json"],
        None,
    )));
    assert!(
        tags.as_array().expect("array").is_empty(),
        "nothing half-imported"
    );
    let unknown = newsroom(
        dir.path(),
        &[
            "articles",
            "set-section",
            "01890a5d-ac96-774b-bcce-b302099a8057",
            "nope",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no section with the slug \"nope\""));
}

#[test]
fn preview_writes_the_page_and_check_exits_1_on_blockers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let story = serde_json::json!({
        "headline": "Ukraine: First North Korean soldiers in combat",
        "body": "## Significant escalation\n\n> \"A provocation\"",
        "byline": "TT",
        "editorsNote": "This article has been altered and translated by Sweden Herald",
    });
    let id = create_article(dir.path(), &story.to_string());
    let out = dir.path().join("story.html");
    ok(&newsroom(
        dir.path(),
        &[
            "preview",
            &id,
            "--out",
            out.to_str().expect("utf-8 path"),
            "--typographic-quotes",
        ],
        None,
    ));
    let page = std::fs::read_to_string(&out).expect("page written");
    for part in [
        "<h1>Ukraine: First North Korean soldiers in combat</h1>",
        "<h2>Significant escalation</h2>",
        "“A provocation”",
        "By TT",
        "altered and translated by Sweden Herald",
    ] {
        assert!(page.contains(part), "missing {part}");
    }

    let check = newsroom(dir.path(), &["check", &id], None);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout)
        .contains("BLOCKER  Choose the section the story runs in."));
    assert!(String::from_utf8_lossy(&check.stderr).contains("1 blocker(s) stop this story"));
    ok(&newsroom(
        dir.path(),
        &["articles", "set-section", &id, "world"],
        None,
    ));
    let items = json(&ok(&newsroom(dir.path(), &["check", &id, "--json"], None)));
    assert!(
        items
            .as_array()
            .expect("array")
            .iter()
            .all(|i| i["severity"] == "warning"),
        "{items}"
    );
}

#[test]
fn photos_add_prints_the_id_and_show_gives_each_value_with_its_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");
    let article = create_article(dir.path(), r#"{"headline":"Putin in Kazan"}"#);
    let kazan = format!("{fixtures}photo-iptc-iim.jpg");
    let photo = ok(&newsroom(
        dir.path(),
        &["photos", "add", &article, &kazan, "--lead"],
        None,
    ))
    .trim()
    .to_owned();
    assert_eq!(photo.len(), 36, "prints the photo id: {photo}");

    let shown = json(&ok(&newsroom(
        dir.path(),
        &["photos", "show", &photo, "--json"],
        None,
    )));
    assert_eq!(
        shown["creditLine"],
        "Photo: Alexander Zemlianichenko/Officiell pool via AP/TT"
    );
    assert_eq!(shown["metadata"]["creator"]["source"], "iim");
    assert_eq!(
        shown["metadata"]["altText"]["source"],
        serde_json::Value::Null
    );
    assert_eq!(shown["width"], 1600);

    ok(&newsroom(
        dir.path(),
        &["photos", "set", &photo, "credit", "TT"],
        None,
    ));
    let again = ok(&newsroom(
        dir.path(),
        &["photos", "add", &article, &kazan],
        None,
    ));
    assert_eq!(again.trim(), photo, "the same file is the same photo");
    let text = ok(&newsroom(dir.path(), &["photos", "show", &photo], None));
    assert!(
        text.contains("Photo: Alexander Zemlianichenko/TT") && text.contains("credit     typed"),
        "{text}"
    );

    let refused = newsroom(
        dir.path(),
        &[
            "photos",
            "add",
            &article,
            concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
        ],
        None,
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("\"Cargo.toml\" was not attached: it is not a JPEG, PNG or WebP photo"));
    let unknown = newsroom(
        dir.path(),
        &["photos", "set", &photo, "colour", "red"],
        None,
    );
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("There is no photo field \"colour\""));
}

/// Payloads that would run script, load something or navigate if they became markup.
const HOSTILE: &str = r#"<script>alert('x')</script><img src=x onerror=alert(1)><svg onload=alert(2)><iframe src="javascript:alert(3)"></iframe><a href="javascript:alert(4)">go</a><style>body{background:url(http://127.0.0.1:9/css)}</style>"#;

#[test]
fn hostile_text_in_every_field_stays_text_in_the_preview_file_and_photos_travel_inside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");
    let fields = serde_json::json!({
        "headline": HOSTILE,
        "standfirst": HOSTILE,
        "byline": HOSTILE,
        "editorsNote": HOSTILE,
        "body": format!("{HOSTILE}\n\n[link](javascript:alert(5)) ![remote](http://127.0.0.1:9/pixel.gif) <http://127.0.0.1:9/auto>\n\n> {HOSTILE}"),
    });
    let id = create_article(dir.path(), &fields.to_string());
    ok(&newsroom(
        dir.path(),
        &["articles", "tag", &id, "<img src=x onerror=alert(6)>"],
        None,
    ));
    let photo = ok(&newsroom(
        dir.path(),
        &[
            "photos",
            "add",
            &id,
            &format!("{fixtures}photo-iptc-iim.jpg"),
            "--lead",
        ],
        None,
    ))
    .trim()
    .to_owned();
    for field in ["caption", "credit", "creator", "altText"] {
        ok(&newsroom(
            dir.path(),
            &["photos", "set", &photo, field, HOSTILE],
            None,
        ));
    }
    let out = dir.path().join("page.html");
    ok(&newsroom(
        dir.path(),
        &["preview", &id, "--out", out.to_str().expect("utf-8 path")],
        None,
    ));
    let page = std::fs::read_to_string(&out).expect("page written");
    // Every element in the page is one the template or the Markdown makes; payloads are text.
    let tags: Vec<(&str, &str)> = page
        .match_indices('<')
        .map(|(at, _)| {
            let tag = &page[at + 1..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .find(|part| !part.is_empty())
                .unwrap_or_default();
            (name, tag)
        })
        .collect();
    const TEMPLATE: [&str; 24] = [
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "article",
        "p",
        "h1",
        "h2",
        "div",
        "figure",
        "img",
        "figcaption",
        "span",
        "blockquote",
        "section",
        "ul",
        "li",
        "aside",
        "a",
        "strong",
        "em",
    ];
    for (name, tag) in &tags {
        let shown: String = tag.chars().take(120).collect();
        assert!(TEMPLATE.contains(name), "<{shown}> became markup");
        // Attribute names and unquoted values only: quoted values are inert text.
        let outside_values: String = tag.split('"').step_by(2).collect();
        assert!(
            !outside_values.contains(" on"),
            "an event handler in <{shown}>"
        );
        for address in ["href=\"javascript", "src=\"javascript"] {
            assert!(!tag.contains(address), "a script address in <{shown}>");
        }
        if *name == "img" {
            assert!(
                tag.starts_with("img src=\"data:image/"),
                "<{shown}> loads from outside"
            );
        }
    }
    assert_eq!(
        tags.iter()
            .filter(|(name, tag)| *name == "style" && !tag.starts_with('/'))
            .count(),
        1,
        "only the page's own style element"
    );
    assert!(
        page.contains("&lt;script&gt;alert("),
        "the payload is shown as text"
    );
    assert!(
        page.contains("<figure class=\"photo lead\"><img src=\"data:image/jpeg;base64,"),
        "the lead photo travels inside the page"
    );
    assert!(
        page.contains("img-src data:"),
        "and the page's CSP loads nothing else"
    );
}

/// Runs `newsroom` with NEWSROOM_PASSPHRASE set, as an editor would.
fn newsroom_with_passphrase(dir: &Path, args: &[&str], passphrase: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(args)
        .env("NEWSROOM_DATA_DIR", dir)
        .env("NEWSROOM_PASSPHRASE", passphrase)
        .output()
        .expect("run newsroom")
}

/// The passphrase of the desk's admin in these tests.
const ADMIN_PASSPHRASE: &str = "staple battery horse";

/// Adds the desk's first profile, its admin "Desk Admin".
fn add_admin(dir: &Path) {
    ok(&newsroom_env(
        dir,
        &["profiles", "add", "Desk Admin", "--role", "admin"],
        &[("NEWSROOM_NEW_PASSPHRASE", ADMIN_PASSPHRASE)],
    ));
}

/// `newsroom --as "Desk Admin" ARGS`, with `env` besides the admin's passphrase.
fn as_admin(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut all = vec!["--as", "Desk Admin"];
    all.extend_from_slice(args);
    let mut env = env.to_vec();
    env.push(("NEWSROOM_PASSPHRASE", ADMIN_PASSPHRASE));
    newsroom_env(dir, &all, &env)
}

#[test]
fn only_the_desks_admin_adds_editors_and_admins() {
    let dir = tempfile::tempdir().expect("tempdir");
    // An empty desk: its first profile is its admin.
    let reporter_first = newsroom(
        dir.path(),
        &["profiles", "add", "Ana", "--role", "reporter"],
        None,
    );
    assert!(String::from_utf8_lossy(&reporter_first.stderr).contains("first profile is its admin"));
    add_admin(dir.path());
    // Anyone with a made-up passphrase: refused, and nobody was added.
    for args in [
        vec!["profiles", "add", "mallory", "--role", "admin"],
        vec![
            "--as", "mallory", "profiles", "add", "mallory", "--role", "admin",
        ],
        vec![
            "--as",
            "Desk Admin",
            "profiles",
            "add",
            "mallory",
            "--role",
            "admin",
        ],
    ] {
        let out = newsroom_env(
            dir.path(),
            &args,
            &[
                ("NEWSROOM_PASSPHRASE", "anything"),
                ("NEWSROOM_NEW_PASSPHRASE", "anything at all"),
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}");
    }
    // Nor can anyone set or lift embargoes, change sites or empty the Trash without a profile.
    let id = create_article(dir.path(), r#"{"headline":"Strike ends"}"#);
    let embargo = newsroom(
        dir.path(),
        &[
            "articles",
            "embargo",
            &id,
            "--until",
            "2030-01-01T06:00:00Z",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&embargo.stderr).contains("Choose your profile first"));
    let listed = json(&ok(&newsroom(
        dir.path(),
        &["profiles", "list", "--json"],
        None,
    )));
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(1),
        "only the admin: {listed}"
    );
}

#[test]
fn profiles_and_workflow_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    add_admin(dir.path());
    ok(&as_admin(
        dir.path(),
        &[
            "profiles", "add", "Ana", "--role", "reporter", "--byline", "Ana/TT",
        ],
        &[],
    ));
    let no_passphrase = as_admin(
        dir.path(),
        &["profiles", "add", "Erik", "--role", "editor"],
        &[],
    );
    assert!(String::from_utf8_lossy(&no_passphrase.stderr).contains("needs a passphrase"));
    ok(&as_admin(
        dir.path(),
        &["profiles", "add", "Erik", "--role", "editor"],
        &[("NEWSROOM_NEW_PASSPHRASE", "correct horse battery")],
    ));
    let listed = json(&ok(&newsroom(
        dir.path(),
        &["profiles", "list", "--json"],
        None,
    )));
    assert_eq!(listed[2]["role"], "editor");

    let id = create_article(
        dir.path(),
        &serde_json::json!({"headline": "Kazan", "body": "word ".repeat(60), "byline": "TT"})
            .to_string(),
    );
    let blocked = newsroom(
        dir.path(),
        &["workflow", "submit", &id, "--as", "Ana"],
        None,
    );
    assert_eq!(blocked.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("Choose the section"));
    ok(&newsroom(
        dir.path(),
        &["articles", "set-section", &id, "world"],
        None,
    ));
    assert!(ok(&newsroom(
        dir.path(),
        &["workflow", "submit", &id, "--as", "Ana", "--note", "Ready"],
        None
    ))
    .starts_with("Draft → Submitted"));
    let queue = json(&ok(&newsroom(
        dir.path(),
        &["workflow", "queue", "--json"],
        None,
    )));
    assert_eq!(queue[0]["submittedBy"], "Ana");

    let reporter_approves = newsroom(
        dir.path(),
        &["workflow", "approve", &id, "--as", "Ana"],
        None,
    );
    assert!(
        String::from_utf8_lossy(&reporter_approves.stderr).contains("Only an editor can approve")
    );
    let wrong = newsroom_with_passphrase(
        dir.path(),
        &["workflow", "approve", &id, "--as", "Erik"],
        "wrong one",
    );
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("passphrase is not right"));
    assert!(ok(&newsroom_with_passphrase(
        dir.path(),
        &["workflow", "approve", &id, "--as", "Erik"],
        "correct horse battery",
    ))
    .starts_with("Submitted → Approved"));

    let shown = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", &id, "--json"],
        None,
    )));
    assert_eq!(shown["status"], "approved");
    assert_eq!(shown["workflow"][0]["note"], "Ready");
    assert_eq!(shown["workflow"][1]["actor"], "Erik");
    assert_eq!(
        shown["approvedRevisionId"],
        shown["workflow"][1]["revisionId"]
    );
    // The story is approved: its embargo is an editor's to set.
    let by_reporter = newsroom(
        dir.path(),
        &[
            "articles",
            "embargo",
            &id,
            "--until",
            "2030-01-02T06:30:00Z",
            "--as",
            "Ana",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&by_reporter.stderr).contains("Only an editor"));
    assert!(ok(&newsroom_with_passphrase(
        dir.path(),
        &[
            "articles",
            "embargo",
            &id,
            "--until",
            "2030-01-02T06:30:00Z",
            "--as",
            "Erik"
        ],
        "correct horse battery",
    ))
    .starts_with("Embargoed until"));
    let listed = json(&ok(&newsroom(
        dir.path(),
        &["articles", "list", "--json"],
        None,
    )));
    assert_eq!(listed[0]["embargoUntil"], "2030-01-02T06:30:00Z");
    // The document show prints is still accepted back, trail and all.
    ok(&newsroom(
        dir.path(),
        &["articles", "create", "--json", "-"],
        Some(&shown.to_string()),
    ));
}

/// Runs `newsroom` with extra environment variables.
fn newsroom_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command.args(args).env("NEWSROOM_DATA_DIR", dir);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run newsroom")
}

/// An approved story made through the command line: (id, the data folder).
/// The desk's people, added on the command line: its admin, the reporter Ana and the editor
/// Erik (passphrase "correct horse battery").
fn add_people(dir: &Path) {
    add_admin(dir);
    ok(&as_admin(
        dir,
        &["profiles", "add", "Ana", "--role", "reporter"],
        &[],
    ));
    ok(&as_admin(
        dir,
        &["profiles", "add", "Erik", "--role", "editor"],
        &[("NEWSROOM_NEW_PASSPHRASE", "correct horse battery")],
    ));
}

fn approved_story_on_the_command_line(dir: &Path, headline: &str) -> String {
    add_people(dir);
    let id = create_article(
        dir,
        &serde_json::json!({"headline": headline, "standfirst": "Kyiv says so.", "body": "word ".repeat(60), "byline": "TT", "editorsNote": "Translated by the desk."})
            .to_string(),
    );
    ok(&newsroom(
        dir,
        &["articles", "set-section", &id, "world"],
        None,
    ));
    ok(&newsroom(
        dir,
        &["workflow", "submit", &id, "--as", "Ana"],
        None,
    ));
    ok(&newsroom_with_passphrase(
        dir,
        &["workflow", "approve", &id, "--as", "Erik"],
        "correct horse battery",
    ));
    id
}

#[test]
fn export_files_and_push_to_wordpress_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let headline = format!("Command line story {}", uuid_tail());
    let id = approved_story_on_the_command_line(dir.path(), &headline);

    let out = dir.path().join("files");
    ok(&newsroom(
        dir.path(),
        &[
            "export",
            &id,
            "--format",
            "ninjs",
            "--out",
            out.join("story.json").to_str().expect("path"),
        ],
        None,
    ));
    let item = json(&std::fs::read_to_string(out.join("story.json")).expect("ninjs"));
    assert_eq!(item["headlines"][0]["value"], headline.as_str());
    // Exporting again to the same file asks first: refused, then replaced with --overwrite.
    let story_file = out.join("story.json");
    let story_path = story_file.to_str().expect("path");
    let again = newsroom(
        dir.path(),
        &["export", &id, "--format", "ninjs", "--out", story_path],
        None,
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    ok(&newsroom(
        dir.path(),
        &[
            "export",
            &id,
            "--format",
            "ninjs",
            "--out",
            story_path,
            "--overwrite",
        ],
        None,
    ));
    assert_eq!(item["ednote"], "Translated by the desk.");
    ok(&newsroom(
        dir.path(),
        &[
            "export",
            "--approved",
            "--format",
            "html",
            "--out",
            out.join("all").to_str().expect("path"),
        ],
        None,
    ));
    let bundles: Vec<_> = std::fs::read_dir(out.join("all")).expect("dir").collect();
    assert_eq!(bundles.len(), 1);
    let bad = newsroom(
        dir.path(),
        &["export", &id, "--format", "pdf", "--out", "x"],
        None,
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a format"));

    // A target: the password from the environment only; plain http to another machine refused.
    let no_password = newsroom(
        dir.path(),
        &[
            "targets",
            "add",
            "Site",
            "--wordpress",
            "http://127.0.0.1:9",
            "--user",
            "admin",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&no_password.stderr).contains("NEWSROOM_CMS_PASSWORD"));
    let clear_text = newsroom_env(
        dir.path(),
        &[
            "targets",
            "add",
            "Site",
            "--wordpress",
            "http://news.example.com",
            "--user",
            "admin",
        ],
        &[("NEWSROOM_CMS_PASSWORD", "x")],
    );
    assert!(String::from_utf8_lossy(&clear_text.stderr).contains("clear text"));

    let (Ok(url), Ok(user), Ok(password)) = (
        std::env::var("NEWSROOM_TEST_WP_URL"),
        std::env::var("NEWSROOM_TEST_WP_USER"),
        std::env::var("NEWSROOM_TEST_WP_PASSWORD"),
    ) else {
        panic!(
            "NEWSROOM_TEST_WP_* are not set: run scripts/wordpress/start.sh (scripts/test.sh does)"
        );
    };
    let by_editor = newsroom_env(
        dir.path(),
        &[
            "targets",
            "add",
            "Test site",
            "--wordpress",
            &url,
            "--user",
            &user,
            "--as",
            "Erik",
        ],
        &[
            ("NEWSROOM_CMS_PASSWORD", &password),
            ("NEWSROOM_PASSPHRASE", "correct horse battery"),
        ],
    );
    assert!(
        String::from_utf8_lossy(&by_editor.stderr).contains("Only an admin can change the sites")
    );
    ok(&as_admin(
        dir.path(),
        &[
            "targets",
            "add",
            "Test site",
            "--wordpress",
            &url,
            "--user",
            &user,
        ],
        &[("NEWSROOM_CMS_PASSWORD", &password)],
    ));
    let database = std::fs::read(dir.path().join("newsroom.sqlite3")).expect("db");
    assert!(
        !database
            .windows(password.len())
            .any(|w| w == password.as_bytes()),
        "the password is not in the database"
    );
    assert!(ok(&newsroom(
        dir.path(),
        &["targets", "test", "Test site"],
        None
    ))
    .contains("Connected"));

    let reporter_push = newsroom(
        dir.path(),
        &["push", &id, "--target", "Test site", "--as", "Ana"],
        None,
    );
    assert!(String::from_utf8_lossy(&reporter_push.stderr).contains("Only an editor"));
    let pushed = ok(&newsroom_with_passphrase(
        dir.path(),
        &[
            "push",
            &id,
            "--target",
            "Test site",
            "--status",
            "publish",
            "--as",
            "Erik",
        ],
        "correct horse battery",
    ));
    assert!(pushed.starts_with("Sent to Test site: http"), "{pushed}");
    let outbox = json(&ok(&newsroom(dir.path(), &["outbox", "--json"], None)));
    assert_eq!(outbox[0]["state"], "sent");
    let shown = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", &id, "--json"],
        None,
    )));
    assert_eq!(shown["status"], "published");

    // A folder target: the same push writes a NewsML-G2 file there for another system.
    let wire_out = dir.path().join("wire-out");
    std::fs::create_dir(&wire_out).expect("folder");
    ok(&as_admin(
        dir.path(),
        &[
            "targets",
            "add",
            "Wire out",
            "--folder",
            wire_out.to_str().expect("path"),
            "--format",
            "newsml",
        ],
        &[],
    ));
    assert!(ok(&newsroom(
        dir.path(),
        &["targets", "test", "Wire out"],
        None
    ))
    .contains("can be written to"));
    let written = ok(&newsroom_with_passphrase(
        dir.path(),
        &["push", &id, "--target", "Wire out", "--as", "Erik"],
        "correct horse battery",
    ));
    assert!(
        written.starts_with("Sent to Wire out: file://"),
        "{written}"
    );
    let files: Vec<_> = std::fs::read_dir(&wire_out)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        files.iter().any(|f| f.to_string_lossy().ends_with(".xml")),
        "{files:?}"
    );
}

fn uuid_tail() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    )
}

#[test]
fn import_prints_what_was_created_and_refuses_bad_files_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let standards = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards");
    let tt = standards.join("ninjs/examples/tt_text_image_2.json");
    let newsml = standards.join("newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml");
    let printed = ok(&newsroom(
        dir.path(),
        &[
            "import",
            tt.to_str().expect("p"),
            newsml.to_str().expect("p"),
            "--json",
        ],
        None,
    ));
    let outcomes = json(&printed);
    assert_eq!(outcomes[0]["kind"], "created");
    assert_eq!(outcomes[0]["agency"], "TT");
    assert_eq!(outcomes[1]["kind"], "created");
    assert_eq!(outcomes[1]["agency"], "Acme News and Media LLC");
    let id = outcomes[0]["articleId"].as_str().expect("id");
    let shown = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", id, "--json"],
        None,
    )));
    assert_eq!(shown["byline"], "TT");
    assert_eq!(
        shown["editorsNote"],
        "This article has been altered and translated by the newsroom."
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"uri\": ").expect("write");
    let again = newsroom(
        dir.path(),
        &[
            "import",
            tt.to_str().expect("p"),
            broken.to_str().expect("p"),
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(1));
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(out.contains("version 1 is on the desk already"), "{out}");
    assert!(
        out.contains("broken.json was not imported: it is damaged"),
        "{out}"
    );
}

#[test]
fn an_item_cannot_make_a_file_elsewhere_on_this_computer_its_photo() {
    // A ninjs item whose pictures name this computer's files (an absolute path, a way up, a
    // file: URL) and one picture that really is beside it.
    let dir = tempfile::tempdir().expect("tempdir");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("inbox");
    let private = dir.path().join("id-card.jpg");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/photos/");
    std::fs::copy(fixture.join("photo-iptc-iim.jpg"), &private).expect("copy");
    std::fs::copy(fixture.join("photo-plain.png"), inbox.join("beside.png")).expect("copy");
    let picture = |key: &str, href: &str| {
        (
            key.to_owned(),
            serde_json::json!({"type": "picture", "description_text": key,
                "renditions": {"original": {"href": href}}}),
        )
    };
    let associations: serde_json::Map<_, _> = [
        picture("absolute", private.to_str().expect("p")),
        picture("up", "../id-card.jpg"),
        picture("url", &format!("file://{}", private.display())),
        picture("beside", "beside.png"),
    ]
    .into_iter()
    .collect();
    let item = inbox.join("item.json");
    std::fs::write(
        &item,
        serde_json::json!({"uri": "urn:hostile:1", "headline": "Strike ends",
            "body_text": "Dockworkers went back on Monday.", "associations": associations})
        .to_string(),
    )
    .expect("write");
    let printed = ok(&newsroom(
        dir.path(),
        &["import", item.to_str().expect("p"), "--json"],
        None,
    ));
    let outcome = &json(&printed)[0];
    assert_eq!(outcome["kind"], "created", "{printed}");
    let left_out = outcome["picturesLeftOut"].to_string();
    let absolute = private.display().to_string();
    for href in [
        absolute.as_str(),
        "Picture ../id-card.jpg",
        "Picture file://",
    ] {
        assert!(
            left_out.contains(href),
            "{href} named as left out: {left_out}"
        );
    }
    assert!(!left_out.contains("beside.png"), "{left_out}");
    // Only the picture beside the item is the story's photo.
    let id = outcome["articleId"].as_str().expect("id");
    let article = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", id, "--json"],
        None,
    )));
    let originals: Vec<_> = walk(&dir.path().join("photos/originals"));
    assert_eq!(originals.len(), 1, "{originals:?} for {article}");
    assert_eq!(
        originals[0].extension().and_then(|e| e.to_str()),
        Some("png")
    );
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

#[test]
fn a_credit_changed_after_approval_does_not_go_out_until_approved_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    add_people(dir.path());
    let id = create_article(
        dir.path(),
        &serde_json::json!({"headline": "Strike ends", "body": "word ".repeat(60), "byline": "TT"})
            .to_string(),
    );
    ok(&newsroom(
        dir.path(),
        &["articles", "set-section", &id, "world"],
        None,
    ));
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/photos/photo-plain.png");
    let photo = ok(&newsroom(
        dir.path(),
        &[
            "photos",
            "add",
            &id,
            fixture.to_str().expect("path"),
            "--lead",
        ],
        None,
    ))
    .trim()
    .to_owned();
    for (field, value) in [
        ("credit", "Karl Melander/TT"),
        ("altText", "Dockworkers at the gate"),
    ] {
        ok(&newsroom(
            dir.path(),
            &["photos", "set", &photo, field, value],
            None,
        ));
    }
    ok(&newsroom(
        dir.path(),
        &["workflow", "submit", &id, "--as", "Ana"],
        None,
    ));
    ok(&newsroom_with_passphrase(
        dir.path(),
        &["workflow", "approve", &id, "--as", "Erik"],
        "correct horse battery",
    ));
    // After approval, the credit is changed in the library.
    ok(&newsroom(
        dir.path(),
        &["photos", "set", &photo, "credit", "Somebody Else"],
        None,
    ));
    let out = dir.path().join("story.json");
    ok(&newsroom(
        dir.path(),
        &[
            "export",
            &id,
            "--format",
            "ninjs",
            "--out",
            out.to_str().expect("path"),
        ],
        None,
    ));
    let exported = std::fs::read_to_string(&out).expect("ninjs");
    assert!(exported.contains("Karl Melander/TT") && !exported.contains("Somebody Else"));
    let shown = json(&ok(&newsroom(
        dir.path(),
        &["articles", "show", &id, "--json"],
        None,
    )));
    assert_eq!(shown["status"], "approved");
    assert!(
        shown["changedSinceApproval"][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("the credit of the photo"),
        "{shown}"
    );
}

#[test]
fn style_test_runs_each_rules_examples_and_names_the_one_that_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let starter =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../newsroom-style/rules/starter.json");
    let passed = ok(&newsroom(
        dir.path(),
        &["style", "test", &starter.to_string_lossy()],
        None,
    ));
    assert!(
        passed.contains("every rule does what its examples say"),
        "{passed}"
    );

    let rules = dir.path().join("rules.json");
    std::fs::write(
        &rules,
        r#"{"format": "newsroom-house-style", "version": 1, "rules": [
            {"id": "kiev", "language": "en", "category": "Names", "pattern": "\\bKiev\\b",
             "replacement": "Kyiv", "explanation": "Kyiv.", "matches": ["in Kyiv"], "doesNotMatch": []}]}"#,
    )
    .expect("write");
    let failed = newsroom(
        dir.path(),
        &["style", "test", &rules.to_string_lossy()],
        None,
    );
    assert!(!failed.status.success(), "a wrong example fails the run");
    assert_eq!(
        String::from_utf8_lossy(&failed.stdout).trim(),
        "Rule \"kiev\" does not flag its example \"in Kyiv\"."
    );
    assert!(String::from_utf8_lossy(&failed.stderr).contains("1 of 1 examples came out wrong"));
}

#[test]
fn check_lists_the_house_style_and_spelling_as_warnings_and_a_tag_is_a_right_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = create_article(
        dir.path(),
        r#"{"headline":"Troops left Kiev","body":"The reprots say 12000 soldiers met Dakhlallah.","byline":"TT"}"#,
    );
    let said =
        String::from_utf8_lossy(&newsroom(dir.path(), &["check", &id], None).stdout).into_owned();
    for line in [
        "warning  House style in the headline: “Kiev” → “Kyiv”.",
        "warning  House style in the text: “12000” → “12,000”.",
        "warning  Spelling in the text: “reprots”, “Dakhlallah” not in the dictionary.",
    ] {
        assert!(said.contains(line), "{line} in:\n{said}");
    }
    ok(&newsroom(
        dir.path(),
        &["articles", "tag", &id, "Farah Dakhlallah"],
        None,
    ));
    let said =
        String::from_utf8_lossy(&newsroom(dir.path(), &["check", &id], None).stdout).into_owned();
    assert!(
        said.contains("warning  Spelling in the text: “reprots” not in the dictionary."),
        "{said}"
    );
    // A word in the newsroom's dictionary is right in every story.
    ok(&newsroom(
        dir.path(),
        &["style", "add-word", "reprots"],
        None,
    ));
    assert_eq!(
        ok(&newsroom(dir.path(), &["style", "words"], None)).trim(),
        "reprots"
    );
    let said =
        String::from_utf8_lossy(&newsroom(dir.path(), &["check", &id], None).stdout).into_owned();
    assert!(!said.contains("Spelling"), "{said}");
    let refused = newsroom(dir.path(), &["style", "add-word", "two words"], None);
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("cannot go in the newsroom's dictionary")
    );
}

#[test]
fn style_try_import_export_and_history_on_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    create_article(
        dir.path(),
        r#"{"headline":"Floods","body":"Rain fell on Bombay. Bombay's trains stopped.","byline":"TT"}"#,
    );
    let rules = dir.path().join("rules.json");
    std::fs::write(
        &rules,
        r#"{"format": "newsroom-house-style", "version": 1, "dictionary": ["Dakhlallah"], "rules": [
            {"id": "bombay", "language": "en", "category": "Names", "words": ["Bombay"],
             "caseSensitive": true, "replacement": "Mumbai", "explanation": "Mumbai since 1995.",
             "matches": ["In Bombay."], "doesNotMatch": ["In Mumbai."]}]}"#,
    )
    .expect("write");
    let tried = ok(&newsroom(
        dir.path(),
        &["style", "try", &rules.to_string_lossy()],
        None,
    ));
    assert!(
        tried.contains("bombay: flags 1 story (2 places)"),
        "{tried}"
    );
    assert!(
        tried.contains("“Bombay” in “Floods”: Rain fell on [Bombay]. Bombay's trains stopped."),
        "{tried}"
    );

    // Only an editor makes a file the desk's house style; the reason is kept with the name.
    add_admin(dir.path());
    let refused = newsroom(
        dir.path(),
        &[
            "style",
            "import",
            &rules.to_string_lossy(),
            "--why",
            "Mumbai",
        ],
        None,
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Choose your profile first"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let imported = ok(&as_admin(
        dir.path(),
        &[
            "style",
            "import",
            &rules.to_string_lossy(),
            "--why",
            "The Mumbai desk's style",
        ],
        &[],
    ));
    assert!(imported.contains("1 rules; 1 new words"), "{imported}");
    let history = ok(&newsroom(dir.path(), &["style", "history"], None));
    assert!(
        history.contains("Desk Admin imported the whole file — “The Mumbai desk's style”"),
        "{history}"
    );
    let desk_rules = ok(&newsroom(dir.path(), &["style", "try"], None));
    assert!(
        desk_rules.starts_with("bombay: flags 1 story"),
        "{desk_rules}"
    );

    let exported = dir.path().join("exported.json");
    ok(&newsroom(
        dir.path(),
        &["style", "export", &exported.to_string_lossy()],
        None,
    ));
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).expect("written")).expect("json");
    assert_eq!(file["rules"][0]["id"], "bombay");
    assert_eq!(file["dictionary"], serde_json::json!(["Dakhlallah"]));
}
