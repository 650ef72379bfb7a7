//! The editorial workflow on the real database: profiles, the moves and their refusals, the
//! approval that pins a revision, and the audit trail.

use chrono::Utc;
use newsroom_core::workflow::{Role, WorkflowAction as A, WorkflowState as S};
use newsroom_core::{ArticleContent, RevisionKind};
use newsroom_store::{Profile, Seen, Store, StoreError};
use uuid::Uuid;

fn desk() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    (dir, store)
}

/// The desk's admin, its first profile, made on the empty desk and put at the desk.
fn admin(store: &mut Store) -> Profile {
    let admin = store
        .create_profile(
            "Desk Admin",
            "",
            Role::Admin,
            Some("staple battery horse"),
            Utc::now(),
        )
        .expect("the first profile is the admin");
    store.set_actor(Some(admin.clone()));
    admin
}

/// A reporter and an editor, added by the desk's admin; nobody is left at the desk.
fn people(store: &mut Store) -> (Profile, Profile) {
    admin(store);
    let reporter = store
        .create_profile(
            "Ana Reporter",
            "Ana Reporter/TT",
            Role::Reporter,
            None,
            Utc::now(),
        )
        .expect("reporter");
    store
        .create_profile(
            "Erik Editor",
            "",
            Role::Editor,
            Some("correct horse battery"),
            Utc::now(),
        )
        .expect("editor");
    let editor = store
        .authenticate("erik editor", Some("correct horse battery"))
        .expect("the editor's passphrase opens the profile");
    store.set_actor(None);
    (reporter, editor)
}

/// A story ready to submit: headline, body, byline, filed under World.
fn ready_story(store: &mut Store) -> Uuid {
    let content = ArticleContent {
        headline: "Ukraine: First North Korean soldiers in combat".into(),
        body: "word ".repeat(80),
        byline: "TT".into(),
        ..ArticleContent::default()
    };
    let id = store
        .create_article(&content, "Ana Reporter", Utc::now())
        .expect("create")
        .id;
    let world = store
        .find_section("world")
        .expect("find")
        .expect("seeded section")
        .id;
    store
        .set_article_sections(id, Some(world), &[], Utc::now())
        .expect("file");
    id
}

fn edit(store: &mut Store, id: Uuid, words: &str) -> Result<(), StoreError> {
    let article = store.article(id).expect("article");
    let mut content = article.content;
    content.body.push_str(words);
    store
        .save_article(
            id,
            article.version,
            &content,
            RevisionKind::Autosave,
            "Ana Reporter",
            Utc::now(),
        )
        .map(|_| ())
}

fn message(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    result.err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn profiles_keep_only_a_hash_and_check_the_passphrase() {
    let (dir, mut store) = desk();
    people(&mut store);
    admin_at_desk(&mut store);
    assert!(
        message(store.create_profile("Eva", "", Role::Admin, Some("short"), Utc::now()))
            .contains("at least 8 characters")
    );
    assert!(
        message(store.create_profile("ERIK editor", "", Role::Reporter, None, Utc::now()))
            .contains("already a profile called \"Erik Editor\"")
    );
    assert_eq!(
        message(store.authenticate("Erik Editor", Some("wrong horse"))),
        "That passphrase is not right for this profile."
    );
    assert!(message(store.authenticate("Erik Editor", None)).contains("not right"));
    assert_eq!(
        store
            .authenticate("ana reporter", None)
            .expect("no passphrase")
            .role,
        Role::Reporter
    );
    let names: Vec<String> = store
        .profiles()
        .expect("list")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Ana Reporter", "Desk Admin", "Erik Editor"]);
    drop(store);
    let raw =
        rusqlite::Connection::open(dir.path().join(newsroom_store::DATABASE_FILE)).expect("raw");
    let stored: String = raw
        .query_row(
            "SELECT passphrase_hash FROM profiles WHERE role = 'editor'",
            [],
            |r| r.get(0),
        )
        .expect("hash");
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("correct horse"));
}

#[test]
fn submit_is_stopped_by_preflight_blockers_and_lands_in_the_queue() {
    let (_dir, mut store) = desk();
    let (reporter, _) = people(&mut store);
    let bare = store
        .create_article(&ArticleContent::default(), "Ana Reporter", Utc::now())
        .expect("create")
        .id;
    let refused =
        message(store.move_story(bare, A::Submit, &reporter, Seen::Unchecked, "", Utc::now()));
    assert!(
        refused.starts_with("The story cannot be submitted yet: The story has no headline.")
            && refused.contains("Choose the section"),
        "{refused}"
    );
    assert_eq!(store.article(bare).expect("article").status, S::Draft);

    let story = ready_story(&mut store);
    let event = store
        .move_story(
            story,
            A::Submit,
            &reporter,
            Seen::Unchecked,
            "Ready",
            Utc::now(),
        )
        .expect("submit");
    assert_eq!((event.from_state, event.to_state), (S::Draft, S::Submitted));
    let queue = store.review_queue().expect("queue");
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].submitted_by, "Ana Reporter");
    assert_eq!(queue[0].section.as_deref(), Some("World"));
    assert_eq!(queue[0].word_count, 80);
}

#[test]
fn a_reporter_cannot_approve_and_an_approval_pins_the_revision_it_saw() {
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let story = ready_story(&mut store);
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    assert_eq!(
        message(store.move_story(
            story,
            A::Approve,
            &reporter,
            Seen::Unchecked,
            "",
            Utc::now()
        )),
        "Only an editor can approve a story."
    );
    let opened = store
        .move_story(story, A::Review, &editor, Seen::Unchecked, "", Utc::now())
        .expect("review");
    let seen = opened.revision_id;

    // The reporter changes the text while the editor reads: the editor's approval is refused.
    edit(&mut store, story, " and a late change").expect("edit in review");
    let refused = message(store.move_story(
        story,
        A::Approve,
        &editor,
        Seen::Revision(seen),
        "",
        Utc::now(),
    ));
    assert!(refused.contains("changed since you read it"), "{refused}");
    let newest = store.revisions(story).expect("revisions")[0].id;
    assert!(
        refused.contains(&newest.to_string()),
        "names the newer revision: {refused}"
    );

    let approved = store
        .move_story(
            story,
            A::Approve,
            &editor,
            Seen::Revision(newest),
            "Good",
            Utc::now(),
        )
        .expect("approve what was read");
    assert_eq!(approved.to_state, S::Approved);
    assert_eq!(
        store.approved_revision(story).expect("pinned"),
        Some(newest)
    );
    let approved_body = store.article(story).expect("article").content.body;

    // An edit after approval keeps the approved revision as it was and sends the story back.
    edit(&mut store, story, " and one more").expect("edit after approval");
    let after = store.article(story).expect("article");
    assert_eq!(after.status, S::Submitted);
    assert_eq!(store.approved_revision(story).expect("no pin"), None);
    let pinned = store.revision(newest).expect("the approved revision");
    assert_eq!(
        pinned.1.content.body, approved_body,
        "what was approved stays what was approved"
    );
    let trail = store.workflow_events(story).expect("trail");
    let last = trail.last().expect("an event");
    assert_eq!(
        (last.from_state, last.to_state),
        (S::Approved, S::Submitted)
    );
    assert_eq!(last.actor, "Ana Reporter");
    assert!(last.note.contains("Edited after approval"));
}

#[test]
fn a_change_merged_from_another_copy_after_approval_sends_the_story_back() {
    let (dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let story = ready_story(&mut store);
    // A copy of the story taken before approval (a laptop that was offline).
    let mut offline =
        newsroom_body::BodyDoc::load([store.body_document(story).expect("document").as_slice()])
            .expect("loads");
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    store
        .move_story(story, A::Review, &editor, Seen::Unchecked, "", Utc::now())
        .expect("review");
    store
        .move_story(story, A::Approve, &editor, Seen::Unchecked, "", Utc::now())
        .expect("approve");
    assert!(store.export_story(story).is_ok());

    // The offline copy's edit arrives: not a word is lost, and the approval no longer holds.
    let late = offline
        .set_text(&format!("{} late", "word ".repeat(80)))
        .expect("changed");
    store.set_actor(Some(reporter.clone()));
    store
        .apply_body_change(
            story,
            &late,
            RevisionKind::Autosave,
            "Ana Reporter",
            Utc::now(),
        )
        .expect("merges");
    assert_eq!(store.article(story).expect("article").status, S::Submitted);
    assert!(store.export_story(story).is_err());

    // Approved again, then a change that takes the same words out and puts them back in (the
    // text reads the same, the document does not) still shows: the approval pins the document.
    store
        .move_story(story, A::Review, &editor, Seen::Unchecked, "", Utc::now())
        .expect("review");
    store
        .move_story(story, A::Approve, &editor, Seen::Unchecked, "", Utc::now())
        .expect("approve again");
    let approved_text = store.article(story).expect("article").content.body;
    let mut copy =
        newsroom_body::BodyDoc::load([store.body_document(story).expect("document").as_slice()])
            .expect("loads");
    let out = copy.set_text("").expect("cut");
    let back = copy.set_text(&approved_text).expect("pasted back");
    // Written as a sync that skips the desk's rules would write it: straight to the tables.
    let conn = rusqlite::Connection::open(store.path()).expect("open");
    let mut doc =
        newsroom_body::BodyDoc::load([store.body_document(story).expect("document").as_slice()])
            .expect("loads");
    doc.apply(&out).expect("applies");
    doc.apply(&back).expect("applies");
    conn.execute(
        "UPDATE body_docs SET snapshot = ?2 WHERE article_id = ?1",
        rusqlite::params![story.to_string(), doc.snapshot()],
    )
    .expect("tampered");
    assert_eq!(
        store.article(story).expect("article").content.body,
        approved_text
    );
    assert_eq!(
        store.changed_since_approval(story).expect("changed"),
        vec!["the text".to_owned()],
        "the change shows though the words read the same"
    );
    // What goes out is what the editor approved.
    let out = store
        .export_story(story)
        .expect("the approved revision goes out");
    assert_eq!(out.content.body, approved_text);
    drop(dir);
}

#[test]
fn published_stories_refuse_edits_until_reopened_and_the_trail_keeps_every_move() {
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let story = ready_story(&mut store);
    for (action, who) in [
        (A::Submit, &reporter),
        (A::Approve, &editor),
        (A::Publish, &editor),
    ] {
        store
            .move_story(story, action, who, Seen::Unchecked, "", Utc::now())
            .expect("move");
    }
    assert!(message(edit(&mut store, story, " typo")).contains("reopen it as a correction"));
    store
        .move_story(
            story,
            A::Reopen,
            &editor,
            Seen::Unchecked,
            "Wrong figure",
            Utc::now(),
        )
        .expect("reopen");
    assert_eq!(store.article(story).expect("article").status, S::Correction);
    edit(&mut store, story, " corrected").expect("a correction can be edited");
    store
        .move_story(
            story,
            A::Kill,
            &editor,
            Seen::Unchecked,
            "Withdrawn",
            Utc::now(),
        )
        .expect("kill");
    assert!(
        message(store.move_story(story, A::Kill, &editor, Seen::Unchecked, "", Utc::now()))
            .contains("cannot be killed")
    );
    let moves: Vec<(A, S, S)> = store
        .workflow_events(story)
        .expect("trail")
        .into_iter()
        .map(|e| (e.action, e.from_state, e.to_state))
        .collect();
    assert_eq!(
        moves,
        [
            (A::Submit, S::Draft, S::Submitted),
            (A::Approve, S::Submitted, S::Approved),
            (A::Publish, S::Approved, S::Published),
            (A::Reopen, S::Published, S::Correction),
            (A::Kill, S::Correction, S::Killed),
        ]
    );
}

#[test]
fn approve_and_edit_from_two_windows_one_wins_the_other_is_told() {
    let (dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let story = ready_story(&mut store);
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    let seen = store.revisions(story).expect("revisions")[0].id;
    let loaded = store.article(story).expect("article");

    // The editor's window approves first, on its own connection.
    let mut editors_desk = Store::open(dir.path()).expect("second connection");
    editors_desk
        .move_story(
            story,
            A::Approve,
            &editor,
            Seen::Revision(seen),
            "",
            Utc::now(),
        )
        .expect("approve");

    // The reporter's window saves from the version it had loaded: the text is kept, and the
    // approval it overtook is withdrawn in the open, not silently.
    let mut content = loaded.content;
    content.body.push_str(" late");
    store
        .save_article(
            story,
            loaded.version,
            &content,
            RevisionKind::Autosave,
            "Ana Reporter",
            Utc::now(),
        )
        .expect("save");
    assert_eq!(store.article(story).expect("article").status, S::Submitted);
    let trail = store.workflow_events(story).expect("trail");
    assert_eq!(
        trail.len(),
        3,
        "submit, approve, and the edit that withdrew the approval"
    );
}

#[test]
fn an_approval_from_a_window_is_refused_when_the_story_moved_past_its_version() {
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let story = ready_story(&mut store);
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    let held = store.article(story).expect("article").version;
    edit(&mut store, story, " changed in another window").expect("edit");
    let refused = message(store.move_story(
        story,
        A::Approve,
        &editor,
        Seen::Version(held),
        "",
        Utc::now(),
    ));
    assert!(refused.contains("changed since you read it"), "{refused}");
    let current = store.article(story).expect("article").version;
    store
        .move_story(
            story,
            A::Approve,
            &editor,
            Seen::Version(current),
            "",
            Utc::now(),
        )
        .expect("approve the version read");
}

#[test]
fn a_photo_without_credit_or_alt_text_blocks_submission() {
    let (_dir, mut store) = desk();
    let (reporter, _) = people(&mut store);
    let story = ready_story(&mut store);
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/photos/photo-plain.png"
    );
    let (name, prepared) =
        newsroom_store::photos::load_photo_file(std::path::Path::new(fixture)).expect("photo");
    let photo = store
        .attach_photo(
            story,
            &prepared,
            &name,
            newsroom_store::LeadChoice::Lead,
            "Ana Reporter",
            Utc::now(),
        )
        .expect("attach")
        .photo
        .id;
    let refused =
        message(store.move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now()));
    assert!(
        refused.contains("has no credit") && refused.contains("no alt text"),
        "{refused}"
    );
    for (field, value) in [
        (newsroom_core::PhotoField::Credit, "TT"),
        (newsroom_core::PhotoField::AltText, "A grey test card"),
    ] {
        store
            .set_photo_field(photo, field, Some(value), Utc::now())
            .expect("typed");
    }
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("credited, it goes");
}

#[test]
fn comments_thread_keep_their_passage_and_resolve() {
    let (_dir, mut store) = desk();
    let story = ready_story(&mut store);
    let other = ready_story(&mut store);
    let first = store
        .add_comment(
            story,
            None,
            "Erik Editor",
            "Which service?",
            "intelligence services",
            None,
            Utc::now(),
        )
        .expect("comment");
    let second = store
        .add_comment(
            story,
            None,
            "Erik Editor",
            "Headline is long.",
            "",
            None,
            Utc::now(),
        )
        .expect("comment");
    store
        .add_comment(
            story,
            Some(first.id),
            "Ana Reporter",
            "GRU, added.",
            "",
            None,
            Utc::now(),
        )
        .expect("reply");
    let order: Vec<(&str, Option<Uuid>)> = store
        .comments(story)
        .expect("comments")
        .iter()
        .map(|c| {
            (
                if c.body.starts_with("Which") {
                    "first"
                } else if c.body.starts_with("GRU") {
                    "reply"
                } else {
                    "second"
                },
                c.parent_id,
            )
        })
        .collect();
    assert_eq!(
        order,
        [("first", None), ("reply", Some(first.id)), ("second", None)],
        "a reply follows its thread"
    );
    assert_eq!(
        store.comments(story).expect("comments")[0].passage,
        "intelligence services"
    );
    store
        .set_comment_resolved(first.id, true, "Ana Reporter", Utc::now())
        .expect("resolve");
    let resolved = &store.comments(story).expect("comments")[0];
    assert_eq!(resolved.resolved_by.as_deref(), Some("Ana Reporter"));
    store
        .set_comment_resolved(first.id, false, "Erik Editor", Utc::now())
        .expect("reopen");
    assert!(store.comments(story).expect("comments")[0]
        .resolved_at
        .is_none());

    assert_eq!(
        message(store.add_comment(story, None, "Erik Editor", "   ", "", None, Utc::now())),
        "Write the comment first."
    );
    assert!(matches!(
        store.add_comment(
            other,
            Some(second.id),
            "Erik Editor",
            "Wrong story",
            "",
            None,
            Utc::now()
        ),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn an_embargo_is_set_shown_in_the_list_and_lifted() {
    let (_dir, mut store) = desk();
    let (_, editor) = people(&mut store);
    store.set_actor(Some(editor));
    let story = ready_story(&mut store);
    let version = store.article(story).expect("article").version;
    let until = chrono::DateTime::parse_from_rfc3339("2026-11-26T06:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    store
        .set_embargo(story, Some(until), Utc::now())
        .expect("embargo");
    let listed = store
        .list_articles(&newsroom_store::ListFilter::default(), 10, 0)
        .expect("list");
    assert_eq!(listed[0].embargo_until, Some(until));
    assert_eq!(
        store.article(story).expect("article").version,
        version,
        "an embargo is not a text change: the open editor's version still holds"
    );
    store.set_embargo(story, None, Utc::now()).expect("lift");
    let listed = store
        .list_articles(&newsroom_store::ListFilter::default(), 10, 0)
        .expect("list");
    assert_eq!(listed[0].embargo_until, None);
    assert!(matches!(
        store.set_embargo(Uuid::now_v7(), None, Utc::now()),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn the_overview_counts_states_and_sections_and_lists_my_stories() {
    let (_dir, mut store) = desk();
    let (reporter, _) = people(&mut store);
    let story = ready_story(&mut store);
    store
        .create_article(&ArticleContent::default(), "Someone Else", Utc::now())
        .expect("another");
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    let overview = store.desk_overview("Ana Reporter").expect("overview");
    let count = |state: S| {
        overview
            .by_state
            .iter()
            .find(|c| c.key == state)
            .map(|c| c.stories)
    };
    assert_eq!(
        (count(S::Draft), count(S::Submitted), count(S::Approved)),
        (Some(1), Some(1), Some(0))
    );
    let sections: Vec<(&str, u32)> = overview
        .by_section
        .iter()
        .map(|c| (c.name.as_str(), c.stories))
        .collect();
    assert_eq!(sections, [("World", 1), ("No section", 1)]);
    // Each section's figure is what the list shows when filtered by it.
    let world = overview.by_section[0].section.expect("a section");
    let filtered = store
        .list_articles(
            &newsroom_store::ListFilter {
                section: Some(world),
                ..Default::default()
            },
            100,
            0,
        )
        .expect("list");
    assert_eq!(filtered.len(), 1);
    assert_eq!(overview.mine.len(), 1, "only the stories Ana started");
    assert_eq!(overview.mine[0].id, story);
    assert_eq!(overview.waiting.len(), 1);
}

#[test]
fn the_desk_chooses_whether_reporters_may_edit_an_approved_story() {
    use newsroom_core::workflow::EditAfterApproval;
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let id = ready_story(&mut store);
    assert_eq!(
        store.edit_after_approval().expect("policy"),
        EditAfterApproval::BackToSubmitted
    );
    store.set_actor(Some(reporter.clone()));
    assert!(
        message(store.set_edit_after_approval(EditAfterApproval::EditorsOnly))
            .contains("Only an editor")
    );
    store.set_actor(Some(editor.clone()));
    store
        .set_edit_after_approval(EditAfterApproval::EditorsOnly)
        .expect("an editor sets it");
    store.set_actor(None);
    store
        .move_story(id, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    store
        .move_story(id, A::Approve, &editor, Seen::Unchecked, "", Utc::now())
        .expect("approve");
    // The reporter's edit is refused and changes nothing; the editor's goes back to Submitted.
    let refused = message(edit(&mut store, id, " A reporter's late change."));
    assert!(
        refused.contains("only an editor can change it"),
        "{refused}"
    );
    assert_eq!(store.article(id).expect("a").status, S::Approved);
    assert!(!store
        .article(id)
        .expect("a")
        .content
        .body
        .contains("late change"));
    // Signing with an editor's name is not being one: the role is the profile's at the desk.
    let article = store.article(id).expect("article");
    let mut content = article.content;
    content.body.push_str(" An editor's fix.");
    assert!(message(store.save_article(
        id,
        article.version,
        &content,
        RevisionKind::Autosave,
        "Erik Editor",
        Utc::now(),
    ))
    .contains("only an editor can change it"));
    store.set_actor(Some(editor.clone()));
    store
        .save_article(
            id,
            article.version,
            &content,
            RevisionKind::Autosave,
            "Erik Editor",
            Utc::now(),
        )
        .expect("the editor may");
    assert_eq!(store.article(id).expect("a").status, S::Submitted);
    assert_eq!(
        store.edit_after_approval().expect("policy"),
        EditAfterApproval::EditorsOnly,
        "the setting is kept"
    );
}

/// Puts the desk's admin at the desk again.
fn admin_at_desk(store: &mut Store) {
    let admin = store
        .authenticate("Desk Admin", Some("staple battery horse"))
        .expect("admin");
    store.set_actor(Some(admin));
}

#[test]
fn the_first_profile_is_the_admin_and_only_an_admin_adds_editors() {
    let (_dir, mut store) = desk();
    // An empty desk: its first profile must be its admin.
    assert!(
        message(store.create_profile("Ana", "", Role::Reporter, None, Utc::now()))
            .contains("first profile is its admin")
    );
    let admin = admin(&mut store);
    assert_eq!(admin.role, Role::Admin);
    // Now nobody at the desk can add anyone; a reporter cannot add an editor, nor an
    // editor an admin; an editor adds reporters.
    store.set_actor(None);
    assert!(message(store.create_profile(
        "Mallory",
        "",
        Role::Admin,
        Some("anything at all"),
        Utc::now()
    ))
    .contains("Choose your profile first"));
    store.set_actor(Some(admin));
    let reporter = store
        .create_profile("Ana", "", Role::Reporter, None, Utc::now())
        .expect("reporter");
    let editor = store
        .create_profile(
            "Erik",
            "",
            Role::Editor,
            Some("correct horse battery"),
            Utc::now(),
        )
        .expect("editor");
    store.set_actor(Some(reporter));
    assert_eq!(
        message(store.create_profile(
            "Mallory",
            "",
            Role::Editor,
            Some("anything at all"),
            Utc::now()
        )),
        "Only an admin can add an editor."
    );
    store.set_actor(Some(editor));
    assert_eq!(
        message(store.create_profile(
            "Mallory",
            "",
            Role::Admin,
            Some("anything at all"),
            Utc::now()
        )),
        "Only an admin can add an admin."
    );
    store
        .create_profile("Bo", "", Role::Reporter, None, Utc::now())
        .expect("an editor adds a reporter");
}

#[test]
fn embargoes_trash_and_settings_follow_the_roles() {
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let id = ready_story(&mut store);
    let later = Utc::now() + chrono::TimeDelta::hours(6);
    // Nobody at the desk: refused, saying who may.
    assert!(message(store.set_embargo(id, Some(later), Utc::now())).contains("Choose your profile"));
    // A reporter holds a draft back, but cannot lift or shorten the embargo.
    store.set_actor(Some(reporter.clone()));
    store
        .set_embargo(id, Some(later), Utc::now())
        .expect("a reporter embargoes a draft");
    assert_eq!(
        message(store.set_embargo(id, None, Utc::now())),
        "Only an editor can lift or bring forward an embargo."
    );
    assert!(message(store.set_embargo(id, Some(Utc::now()), Utc::now())).contains("Only an editor"));
    // Once approved, the embargo is an editor's.
    store
        .move_story(id, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    store
        .move_story(id, A::Approve, &editor, Seen::Unchecked, "", Utc::now())
        .expect("approve");
    assert!(
        message(store.set_embargo(id, Some(later + chrono::TimeDelta::hours(1)), Utc::now()))
            .contains("Only an editor")
    );
    // A reporter trashes a draft, not an approved story; only an admin empties the Trash.
    let draft = store
        .create_article(&ArticleContent::default(), "Ana Reporter", Utc::now())
        .expect("draft")
        .id;
    store
        .trash_article(draft, Utc::now())
        .expect("a reporter trashes a draft");
    assert!(message(store.trash_article(id, Utc::now())).contains("Only an editor"));
    assert!(message(store.merge_tags(Uuid::now_v7(), Uuid::now_v7())).contains("Only an editor"));
    store.set_actor(Some(editor.clone()));
    store
        .set_embargo(id, None, Utc::now())
        .expect("an editor lifts it");
    store
        .trash_article(id, Utc::now())
        .expect("an editor trashes it");
    assert_eq!(
        message(store.empty_trash()),
        "Only an admin can empty the Trash."
    );
    admin_at_desk(&mut store);
    assert_eq!(store.empty_trash().expect("the admin empties it"), 2);
}

#[test]
fn wrong_passphrases_slow_down_and_the_count_survives_a_restart() {
    let (dir, mut store) = desk();
    people(&mut store);
    for _ in 0..newsroom_store::workflow::FREE_PASSPHRASE_TRIES {
        assert!(
            message(store.authenticate("Erik Editor", Some("guess guess"))).contains("not right")
        );
    }
    drop(store);
    let store = Store::open(dir.path()).expect("reopen");
    // Even the right passphrase waits now: the guesser cannot tell.
    let refused = message(store.authenticate("Erik Editor", Some("correct horse battery")));
    assert!(refused.contains("Too many wrong passphrases"), "{refused}");
    assert!(
        refused.contains("try again in 1 second") || refused.contains("try again in 2 seconds"),
        "{refused}"
    );
    assert_eq!(
        newsroom_store::workflow::passphrase_wait(10),
        chrono::TimeDelta::seconds(256)
    );
    assert_eq!(
        newsroom_store::workflow::passphrase_wait(40),
        chrono::TimeDelta::minutes(5)
    );
}

#[test]
fn a_new_story_starts_with_its_writers_byline() {
    let (_dir, mut store) = desk();
    let (reporter, _) = people(&mut store);
    store.set_actor(Some(reporter));
    let empty = store
        .create_article(&ArticleContent::default(), "Ana Reporter", Utc::now())
        .expect("create");
    assert_eq!(empty.content.byline, "Ana Reporter/TT");
    // A byline that is given stays; nobody at the desk means no byline to fill.
    let given = store
        .create_article(
            &ArticleContent {
                byline: "TT".into(),
                ..ArticleContent::default()
            },
            "Ana Reporter",
            Utc::now(),
        )
        .expect("create");
    assert_eq!(given.content.byline, "TT");
    store.set_actor(None);
    let nobody = store
        .create_article(&ArticleContent::default(), "someone", Utc::now())
        .expect("create");
    assert_eq!(nobody.content.byline, "");
}

#[test]
fn a_submitted_story_is_taken_back_until_an_editor_opens_it() {
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let story = ready_story(&mut store);
    let go = |store: &mut Store, action: A, who: &Profile| {
        store.move_story(story, action, who, Seen::Unchecked, "", Utc::now())
    };
    go(&mut store, A::Submit, &reporter).expect("submit");
    let back = go(&mut store, A::TakeBack, &reporter).expect("take back");
    assert_eq!(back.to_state, S::Draft);
    go(&mut store, A::Submit, &reporter).expect("submit again");
    go(&mut store, A::Review, &editor).expect("the editor opens it");
    assert_eq!(
        message(go(&mut store, A::TakeBack, &reporter)),
        "A story that is in review cannot be taken back."
    );
    // A correction taken back stays a correction.
    go(&mut store, A::Approve, &editor).expect("approve");
    go(&mut store, A::Publish, &editor).expect("publish");
    go(&mut store, A::Reopen, &editor).expect("reopen");
    go(&mut store, A::Submit, &reporter).expect("submit the correction");
    let back = go(&mut store, A::TakeBack, &reporter).expect("take back");
    assert_eq!(back.to_state, S::Correction);
}

#[test]
fn a_queue_row_says_what_the_story_is_and_when_it_may_run() {
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    let story = ready_story(&mut store);
    let mut article = store.article(story).expect("article");
    article.content.standfirst = "The first soldiers have been in combat.".into();
    store
        .save_article(
            story,
            article.version,
            &article.content,
            RevisionKind::Autosave,
            "Ana Reporter",
            Utc::now(),
        )
        .expect("save");
    let until = Utc::now() + chrono::Duration::hours(6);
    store.set_actor(Some(editor));
    store
        .set_embargo(story, Some(until), Utc::now())
        .expect("embargo");
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    let queue = store.review_queue().expect("queue");
    assert_eq!(queue.len(), 1);
    assert_eq!(
        queue[0].standfirst,
        "The first soldiers have been in combat."
    );
    assert_eq!(
        queue[0].embargo_until.map(|at| at.timestamp_millis()),
        Some(until.timestamp_millis())
    );
}

#[test]
fn a_story_waits_on_its_editor_when_submitted_and_on_its_reporter_when_sent_back() {
    let (_dir, mut store) = desk();
    let (reporter, editor) = people(&mut store);
    store.set_actor(Some(editor.clone()));
    let colleague = store
        .create_profile("Bo Reporter", "", Role::Reporter, None, Utc::now())
        .expect("another reporter");
    store.set_actor(None);
    let story = ready_story(&mut store);
    let waiting_on = |store: &mut Store, profile: &Profile| {
        store.set_actor(Some(profile.clone()));
        let waiting = store.stories_waiting_on_actor().expect("waiting");
        store.set_actor(None);
        waiting
    };
    assert!(
        waiting_on(&mut store, &reporter).is_empty(),
        "a draft waits on nobody"
    );

    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    assert_eq!(
        waiting_on(&mut store, &editor),
        [story],
        "submitted: the editor's turn"
    );
    assert!(waiting_on(&mut store, &reporter).is_empty());

    store
        .move_story(story, A::Review, &editor, Seen::Unchecked, "", Utc::now())
        .expect("review");
    store
        .move_story(
            story,
            A::RequestChanges,
            &editor,
            Seen::Unchecked,
            "Say who confirmed it.",
            Utc::now(),
        )
        .expect("send back");
    assert_eq!(
        waiting_on(&mut store, &reporter),
        [story],
        "sent back: its reporter's turn"
    );
    assert!(waiting_on(&mut store, &editor).is_empty());
    assert!(
        waiting_on(&mut store, &colleague).is_empty(),
        "another reporter's story waits on them not at all"
    );
    store.set_actor(None);
    assert!(store.stories_waiting_on_actor().expect("nobody").is_empty());
}

#[test]
fn a_watch_on_its_own_connection_sees_moves_comments_and_new_stories_but_not_typing() {
    let (dir, mut store) = desk();
    let (reporter, _) = people(&mut store);
    let story = ready_story(&mut store);
    let watcher = Store::open(dir.path()).expect("the watch's own connection");
    let mut watch = newsroom_store::ListsWatch::default();
    assert!(
        !watch.changed(&watcher).expect("first look"),
        "the first look is the start"
    );
    assert!(!watch.changed(&watcher).expect("nothing new"));

    for _ in 0..3 {
        edit(&mut store, story, " more words").expect("typing");
        assert!(
            !watch.changed(&watcher).expect("typing"),
            "typing alone moves no list"
        );
    }
    store
        .move_story(story, A::Submit, &reporter, Seen::Unchecked, "", Utc::now())
        .expect("submit");
    assert!(watch.changed(&watcher).expect("a move"), "a move is seen");
    assert!(
        !watch.changed(&watcher).expect("seen once"),
        "and seen once"
    );
    store
        .add_comment(
            story,
            None,
            "Erik Editor",
            "Who said so?",
            "",
            None,
            Utc::now(),
        )
        .expect("comment");
    assert!(
        watch.changed(&watcher).expect("a comment"),
        "a comment is seen"
    );
    store
        .create_article(&ArticleContent::default(), "Ana Reporter", Utc::now())
        .expect("create");
    assert!(
        watch.changed(&watcher).expect("a new story"),
        "a new story is seen"
    );
    let draft = store
        .create_article(&ArticleContent::default(), "Ana Reporter", Utc::now())
        .expect("another");
    watch.changed(&watcher).expect("the other new story");
    store.set_actor(Some(reporter.clone()));
    store.trash_article(draft.id, Utc::now()).expect("trash");
    assert!(
        watch.changed(&watcher).expect("trash"),
        "a story to the Trash is seen"
    );
}

#[test]
fn the_newsroom_keeps_its_own_words_once_each() {
    let (_dir, mut store) = desk();
    store
        .add_newsroom_word(" Dakhlallah ", "Erik Editor", Utc::now())
        .expect("a name");
    store
        .add_newsroom_word("dakhlallah", "Ana Reporter", Utc::now())
        .expect("again, any case: nothing changes");
    store
        .add_newsroom_word("Brics", "Ana Reporter", Utc::now())
        .expect("another");
    assert_eq!(
        store.newsroom_words().expect("words"),
        ["Brics", "Dakhlallah"]
    );
    for bad in ["", "two words", &"x".repeat(101)] {
        let refused = message(store.add_newsroom_word(bad, "Ana Reporter", Utc::now()));
        assert!(
            refused.contains("cannot go in the newsroom's dictionary"),
            "{refused}"
        );
    }
}
