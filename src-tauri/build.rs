//! src-tauri/tauri.conf.json is a symlink to ../tauri.conf.json (the real file, at the repo root);
//! paths inside it are relative to src-tauri/.
//!
//! The app's commands are declared here so that Tauri generates one `allow-<command>`
//! permission each, and the window's capability (capabilities/main.json) grants exactly those.

/// Every command the UI may call; keep in step with `generate_handler!` in src/lib.rs.
const COMMANDS: &[&str] = &[
    "desk_status",
    "list_articles",
    "list_trash",
    "get_article",
    "create_article",
    "save_article",
    "duplicate_article",
    "trash_article",
    "restore_from_trash",
    "empty_trash",
    "search_articles",
    "text_stats",
    "list_revisions",
    "revision_diff",
    "restore_revision",
    "quit_app",
    "open_link",
    "list_sections",
    "create_section",
    "rename_section",
    "move_section",
    "set_section_retired",
    "delete_section",
    "suggest_tags",
    "list_tags",
    "rename_tag",
    "merge_tags",
    "get_filing",
    "set_article_sections",
    "add_article_tag",
    "remove_article_tag",
    "get_max_tags",
    "set_max_tags",
    "export_vocabularies",
    "import_vocabularies",
    "set_section_media_topic",
    "set_tag_media_topic",
    "preview_page",
    "preflight_check",
    "get_preflight_limits",
    "set_preflight_limits",
    "open_preview_window",
    "desk_people",
    "switch_profile",
    "add_profile",
    "move_story",
    "workflow_events",
    "review_queue",
    "list_comments",
    "add_comment",
    "set_comment_resolved",
    "set_embargo",
    "desk_overview",
    "attach_photo_files",
    "attach_photo_bytes",
    "attach_clipboard_photo",
    "article_photos",
    "set_photo_field",
    "set_lead_photo",
    "detach_photo",
    "photo_library",
    "attach_library_photo",
    "clean_up_unused_photos",
    "list_targets",
    "add_target",
    "remove_target",
    "test_target",
    "export_story_file",
    "push_story",
    "list_outbox",
    "settle_export",
];

fn main() {
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
