//! Stories that cross crates and the app's configuration.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::{ArticleContent, RevisionKind};
use newsroom_store::{maintenance, Store};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default() + TimeDelta::seconds(seconds)
}

/// A reporter's long read: 50,000 words save, count, and are found by search.
#[test]
fn a_fifty_thousand_word_article_saves_and_is_searchable() {
    let paragraph =
        "Around three thousand soldiers have arrived according to intelligence services in Seoul. ";
    let body = paragraph.repeat(50_000 / 12) + "The final word is Kazan.";
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let article = store
        .create_article(&ArticleContent::default(), "ana", at(0))
        .expect("create");
    let content = ArticleContent {
        headline: "Long read".into(),
        body,
        ..ArticleContent::default()
    };
    let receipt = store
        .save_article(
            article.id,
            article.version,
            &content,
            RevisionKind::Autosave,
            "ana",
            at(1),
        )
        .expect("save");
    assert_eq!(receipt.word_count, 50_000 / 12 * 12 + 5);
    assert_eq!(receipt.reading_minutes, 250);
    let hits = store.search("kazan", 5).expect("search");
    assert_eq!(hits.len(), 1);
    drop(store);
    let reopened = Store::open(dir.path()).expect("reopen");
    assert_eq!(
        reopened.article(article.id).expect("read").content.body,
        content.body
    );
}

/// Every file in migrations/ is applied: a new database reaches the newest schema.
#[test]
fn every_migration_file_is_applied() {
    let files = std::fs::read_dir(repo().join("migrations"))
        .expect("migrations/")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "sql"))
        .count();
    let dir = tempfile::tempdir().expect("tempdir");
    drop(Store::open(dir.path()).expect("open"));
    let report = maintenance::doctor(dir.path()).expect("doctor");
    assert_eq!(
        usize::try_from(report.schema_version).expect("version"),
        files
    );
    assert_eq!(report.schema_version, report.supported_schema_version);
}

/// The security settings of the window: a strict CSP, no shell, only the desk's own commands.
#[test]
fn the_window_runs_under_a_strict_csp_with_minimal_capabilities() {
    let config = read_json(&repo().join("tauri.conf.json"));
    let csp = &config["app"]["security"]["csp"];
    assert_eq!(csp["script-src"], "'self'", "no inline or remote scripts");
    assert_eq!(csp["object-src"], "'none'");
    for (directive, value) in csp.as_object().expect("csp object") {
        let value = value.as_str().unwrap_or_default();
        assert!(!value.contains("unsafe-eval"), "{directive}: {value}");
        assert!(
            !value.contains("http://*") && !value.contains("https:"),
            "{directive} allows remote loads: {value}"
        );
    }
    assert!(
        config["app"]
            .get("withGlobalTauri")
            .is_none_or(|v| v == false),
        "no global Tauri object"
    );

    let capability = read_json(&repo().join("src-tauri/capabilities/main.json"));
    let permissions: Vec<&str> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        permissions
            .iter()
            .all(|p| !p.starts_with("shell:") && !p.starts_with("fs:")),
        "{permissions:?}"
    );
    assert!(
        !permissions.contains(&"core:default"),
        "only the core permissions the window uses"
    );
    assert_eq!(capability["windows"], serde_json::json!(["main"]));

    // The detached preview window may render and listen, and nothing else: no saving, no files.
    let preview = read_json(&repo().join("src-tauri/capabilities/preview.json"));
    assert_eq!(preview["windows"], serde_json::json!(["preview"]));
    let granted: Vec<&str> = preview["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    for permission in &granted {
        assert!(
            permission.starts_with("core:event:")
                || ["allow-preview-page", "allow-preflight-check"].contains(permission)
                || permission.ends_with("-preflight-limits"),
            "the preview window does not need {permission}"
        );
    }
}

/// The command line finds the app's data: its default folder is named by the app's identifier.
#[test]
fn the_command_line_and_the_app_share_the_data_folder() {
    let config = read_json(&repo().join("tauri.conf.json"));
    let cli = std::fs::read_to_string(repo().join("crates/newsroom-cli/src/main.rs"))
        .expect("cli source");
    let identifier = config["identifier"].as_str().expect("identifier");
    assert!(
        cli.contains(&format!("const APP_IDENTIFIER: &str = \"{identifier}\";")),
        "the CLI's APP_IDENTIFIER must be {identifier}"
    );
}
