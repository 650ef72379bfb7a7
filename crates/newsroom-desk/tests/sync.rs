//! Laptops meeting on the desk: each a data folder of its own (its own SQLite file), synced
//! with the real PostgreSQL as the person it joined as.

mod common;

use chrono::Utc;
use common::TestDesk;
use newsroom_core::photo::PhotoField;
use newsroom_core::workflow::{Role, WorkflowAction, WorkflowState};
use newsroom_core::{ArticleContent, ArticlePatch};
use newsroom_desk::sync::{sync_once, SyncReport};
use newsroom_desk::{Connection, SharedDeskError};
use newsroom_store::{LeadChoice, Profile, Seen, Store};
use tempfile::TempDir;
use uuid::Uuid;

/// A laptop: its own data folder, joined to the desk as one person.
struct Laptop {
    _dir: TempDir,
    store: Store,
    desk: Connection,
    me: Profile,
}

impl Laptop {
    async fn join(desk: &TestDesk, name: &str, role: Role) -> Laptop {
        let (_, connection) = desk.person(name, role).await;
        Self::join_as(desk, connection).await
    }

    async fn join_as(desk: &TestDesk, connection: Connection) -> Laptop {
        Self::join_folder(desk, connection, TempDir::new().expect("a data folder")).await
    }

    /// Joins the laptop whose data folder is `dir` (what it holds goes up at the first sync).
    async fn join_folder(desk: &TestDesk, connection: Connection, dir: TempDir) -> Laptop {
        let (store, me) = common::join_folder(desk, &connection, dir.path()).await;
        Laptop {
            _dir: dir,
            store,
            desk: connection,
            me,
        }
    }

    async fn sync(&mut self) -> SyncReport {
        sync_once(&mut self.store, &mut self.desk)
            .await
            .unwrap_or_else(|e| panic!("{} syncs: {e}", self.me.name))
    }

    fn write(&mut self, headline: &str, body: &str) -> Uuid {
        let content = ArticleContent {
            headline: headline.into(),
            body: body.into(),
            ..ArticleContent::default()
        };
        self.store
            .create_article(&content, &self.me.name, Utc::now())
            .expect("create")
            .id
    }

    fn body(&self, story: Uuid) -> String {
        self.store.article(story).expect("story").content.body
    }

    fn has(&self, story: Uuid) -> bool {
        self.store.article(story).is_ok()
    }

    fn edit_body(&mut self, story: Uuid, from: &str, to: &str) {
        let body = self.body(story).replace(from, to);
        self.store
            .update_article(
                story,
                ArticlePatch {
                    body: Some(body),
                    ..ArticlePatch::default()
                },
                &self.me.name.clone(),
                Utc::now(),
            )
            .expect("edit");
    }

    fn move_story(&mut self, story: Uuid, action: WorkflowAction) {
        if action == WorkflowAction::Submit {
            return common::file_and_submit(&mut self.store, &self.me, story);
        }
        let me = self.me.clone();
        self.store
            .move_story(story, action, &me, Seen::Unchecked, "", Utc::now())
            .unwrap_or_else(|e| panic!("{} {action:?}: {e}", me.name));
    }

    fn state(&self, story: Uuid) -> WorkflowState {
        self.store.article(story).expect("story").status
    }

    fn embargo(&self, story: Uuid) -> Option<chrono::DateTime<Utc>> {
        self.store
            .list_articles(&Default::default(), 1000, 0)
            .expect("list")
            .into_iter()
            .find(|s| s.id == story)
            .and_then(|s| s.embargo_until)
    }

    fn digest(&self, story: Uuid) -> String {
        self.store.desk_digest(Some(story)).expect("digest")
    }
}

const STORY: &str = "Pyongyang sent troops.\n\nThe soldiers crossed on Monday.\n\nOfficials in Seoul said nine days.";

/// Ana, a reporter, and Erik, an editor, each on a laptop of their own; her story submitted
/// and both laptops synced since.
async fn submitted_story(desk: &TestDesk) -> (Laptop, Laptop, Uuid) {
    let mut ana = Laptop::join(desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(desk, "Erik", Role::Editor).await;
    let story = ana.write("Soldiers cross", STORY);
    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    erik.sync().await;
    (ana, erik, story)
}

#[tokio::test]
async fn a_draft_reaches_the_editor_only_once_submitted_and_the_comment_comes_back() {
    let desk = TestDesk::new().await;
    let (_, ana_login) = desk.person("Ana", Role::Reporter).await;
    // Ana drafts before her laptop joins: the draft goes up at the first sync.
    let dir = TempDir::new().expect("dir");
    let story = {
        let mut store = Store::open(dir.path()).expect("open");
        store
            .create_article(
                &ArticleContent {
                    headline: "Soldiers cross".into(),
                    body: STORY.into(),
                    ..ArticleContent::default()
                },
                "Ana",
                Utc::now(),
            )
            .expect("offline draft")
            .id
    };
    let mut ana = Laptop::join_folder(&desk, ana_login, dir).await;
    assert_eq!(ana.store.desk_waiting().expect("waiting").stories, 1);
    let mut bo = Laptop::join(&desk, "Bo", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;

    let sent = ana.sync().await;
    assert_eq!(sent.stories_sent, 1);
    assert_eq!(ana.store.desk_waiting().expect("waiting").total(), 0);
    bo.sync().await;
    erik.sync().await;
    assert!(!bo.has(story), "another reporter got Ana's draft");
    assert!(!erik.has(story), "the editor got a draft not submitted");

    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    erik.sync().await;
    bo.sync().await;
    assert!(!bo.has(story), "another reporter got Ana's story");
    assert_eq!(erik.body(story), STORY, "the editor reads Ana's text");
    assert_eq!(erik.state(story), WorkflowState::Submitted);
    assert_eq!(
        erik.store.article(story).expect("story").content.headline,
        "Soldiers cross"
    );

    erik.store
        .add_comment(
            story,
            None,
            "Erik",
            "Which officials?",
            "Officials in Seoul",
            None,
            Utc::now(),
        )
        .expect("comment");
    let sent = erik.sync().await;
    assert_eq!(
        (sent.changes_sent, sent.received),
        (1, 0),
        "his own comment, heard back, is not counted as received"
    );
    let heard = ana.sync().await;
    // (And the revision Erik's laptop put of the story as he read it.)
    assert!(heard.received >= 1, "Ana received Erik's comment");
    let comments = ana.store.comments(story).expect("comments");
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Which officials?");
    assert_eq!(comments[0].author, "Erik");
    assert_eq!(ana.digest(story), erik.digest(story));
    // Her submission, heard back from the desk, is the one in her trail, not a second one.
    let submits = |laptop: &Laptop| {
        laptop
            .store
            .workflow_events(story)
            .expect("trail")
            .iter()
            .filter(|e| e.action == WorkflowAction::Submit)
            .count()
    };
    assert_eq!(submits(&ana), 1);
    assert_eq!(submits(&erik), 1);
}

#[tokio::test]
async fn offline_edits_by_reporter_and_editor_merge_on_every_laptop() {
    let desk = TestDesk::new().await;
    let (mut ana, mut erik, story) = submitted_story(&desk).await;
    assert_eq!(erik.body(story), STORY);

    // Both offline: the reporter rewrites the third paragraph, the editor fixes a name in the
    // first.
    ana.edit_body(story, "nine days", "ten days, not nine");
    erik.edit_body(story, "Pyongyang", "North Korea");
    ana.sync().await;
    erik.sync().await;
    ana.sync().await;

    let merged = ana.body(story);
    assert_eq!(merged, erik.body(story), "both laptops hold one text");
    assert!(merged.contains("North Korea sent troops"), "{merged}");
    assert!(merged.contains("ten days, not nine"), "{merged}");
    assert_eq!(ana.digest(story), erik.digest(story));
    // Synced again, nothing moves: no change is applied twice.
    let before = ana.body(story);
    assert_eq!(ana.sync().await.stories_sent, 0);
    erik.sync().await;
    assert_eq!(ana.body(story), before);
    assert_eq!(erik.body(story), before);
}

#[tokio::test]
async fn an_approval_made_offline_is_refused_when_an_edit_reached_the_desk_first() {
    let desk = TestDesk::new().await;
    let (mut ana, mut erik, story) = submitted_story(&desk).await;

    // Ana's edit reaches the desk; Erik approves what he has, offline.
    ana.edit_body(story, "Monday", "Tuesday");
    ana.sync().await;
    erik.move_story(story, WorkflowAction::Approve);
    assert_eq!(erik.state(story), WorkflowState::Approved);
    let report = erik.sync().await;
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert!(
        report.refused[0]
            .1
            .contains("changed on the desk after you last saw it"),
        "{report:?}"
    );
    assert_eq!(
        erik.state(story),
        WorkflowState::Submitted,
        "the desk's answer is final"
    );
    assert!(
        erik.body(story).contains("Tuesday"),
        "and Erik now has the new text"
    );
    let refusals = erik.store.desk_refusals().expect("refusals");
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].story_id, story);
    assert_eq!(
        refusals[0].headline, "Soldiers cross",
        "named by its headline"
    );
    // Send again does not send a refused move: it leaves the list, the story as the desk has it.
    let again = erik.store.desk_send_refused_again().expect("again");
    assert_eq!((again.changes, again.moves_cleared), (0, 1));
    assert!(erik.store.desk_refusals().expect("refusals").is_empty());
    assert!(erik.sync().await.refused.is_empty(), "nothing went");
    assert_eq!(erik.state(story), WorkflowState::Submitted);

    // Read again, approved again: it holds.
    erik.move_story(story, WorkflowAction::Approve);
    let report = erik.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    ana.sync().await;
    assert_eq!(ana.state(story), WorkflowState::Approved);
    assert_eq!(ana.digest(story), erik.digest(story));
}

#[tokio::test]
async fn a_story_filed_before_the_laptop_joined_reaches_the_editors_submitted() {
    let desk = TestDesk::new().await;
    let (_, ana_login) = desk.person("Ana", Role::Reporter).await;
    let dir = TempDir::new().expect("dir");
    let (filed, draft) = {
        // A laptop used alone until now: its admin, Ana, a story she filed and one she did not.
        let mut store = Store::open(dir.path()).expect("open");
        let admin = store
            .create_profile(
                "Laptop admin",
                "",
                Role::Admin,
                Some("staple battery horse"),
                Utc::now(),
            )
            .expect("admin");
        store.set_actor(Some(admin));
        let ana = store
            .create_profile("Ana", "", Role::Reporter, None, Utc::now())
            .expect("Ana");
        store.set_actor(Some(ana.clone()));
        let mut write = |headline: &str| {
            store
                .create_article(
                    &ArticleContent {
                        headline: headline.into(),
                        body: STORY.into(),
                        ..ArticleContent::default()
                    },
                    "Ana",
                    Utc::now(),
                )
                .expect("story")
                .id
        };
        let (filed, draft) = (write("Filed"), write("Still a draft"));
        let world = store.find_section("world").expect("find").expect("World");
        store
            .set_article_sections(filed, Some(world.id), &[], Utc::now())
            .expect("file");
        store
            .move_story(
                filed,
                WorkflowAction::Submit,
                &ana,
                Seen::Unchecked,
                "",
                Utc::now(),
            )
            .expect("submit");
        (filed, draft)
    };
    let mut ana = Laptop::join_folder(&desk, ana_login, dir).await;
    let waiting = ana.store.desk_waiting().expect("waiting");
    assert_eq!(
        (waiting.stories, waiting.changes),
        (2, 1),
        "two stories and one submit wait"
    );
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    ana.sync().await;
    erik.sync().await;
    assert_eq!(erik.state(filed), WorkflowState::Submitted);
    assert!(!erik.has(draft), "a draft stays Ana's");
    assert_eq!(ana.state(filed), WorkflowState::Submitted);
}

/// The editor approves; the reporter, offline, edits; after both synced the story is changed
/// since approval on the editor's laptop, its edit is kept, and what goes out is the approved
/// text.
#[tokio::test]
async fn an_edit_made_offline_after_approval_is_kept_and_the_approved_text_goes_out() {
    let desk = TestDesk::new().await;
    let (mut ana, mut erik, story) = submitted_story(&desk).await;
    erik.move_story(story, WorkflowAction::Approve);
    assert!(erik.sync().await.refused.is_empty(), "the approval holds");

    // Ana has not heard of the approval: she edits on the train.
    ana.edit_body(story, "nine days", "ten days");
    ana.sync().await;
    erik.sync().await;
    assert!(erik.body(story).contains("ten days"), "her edit is kept");
    assert_eq!(erik.state(story), WorkflowState::Approved);
    let changed = erik.store.changed_since_approval(story).expect("changed");
    assert!(!changed.is_empty(), "marked changed since approval");
    let out = erik
        .store
        .export_story(story)
        .expect("the approved revision goes out");
    assert!(out.content.body.contains("nine days") && !out.content.body.contains("ten days"));
    let on_desk: bool = desk
        .owner()
        .await
        .client
        .query_one(
            "SELECT changed_since_approval FROM desk.stories WHERE id = $1",
            &[&story],
        )
        .await
        .expect("story")
        .get(0);
    assert!(on_desk, "the desk marks it changed since approval");
}

/// A desk upgraded by a newer app: this laptop says so in words, sends nothing, and keeps what
/// waits.
#[tokio::test]
async fn a_desk_newer_than_the_app_is_refused_and_nothing_waiting_is_lost() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    ana.write("Waiting", STORY);
    desk.owner()
        .await
        .client
        .batch_execute(&format!(
            "SET ROLE {0}_owner; INSERT INTO desk.migrations VALUES (999, 'future', now())",
            desk.desk
        ))
        .await
        .expect("a newer app's schema");
    let said = sync_once(&mut ana.store, &mut ana.desk)
        .await
        .expect_err("a newer desk");
    assert!(
        said.to_string()
            .starts_with("The desk was set up by a newer version of the app"),
        "{said}"
    );
    assert_eq!(
        ana.store.desk_waiting().expect("waiting").stories,
        1,
        "the story still waits"
    );
    let link = ana.store.desk_link().expect("link").expect("joined");
    assert_eq!(link.last_error, said.to_string(), "the status says why");
}

/// A story's section and tags travel with it, both ways.
#[tokio::test]
async fn the_filing_travels_with_the_story() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let story = ana.write("Soldiers cross", STORY);
    for tag in ["North Korea", "Ukraine"] {
        ana.store
            .add_article_tag(story, tag, Utc::now())
            .expect("tag");
    }
    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    erik.sync().await;
    let filing = erik.store.article_filing(story).expect("filing");
    let world = erik
        .store
        .find_section("world")
        .expect("find")
        .expect("World");
    assert_eq!(filing.primary_section, Some(world.id), "filed under World");
    let tags: Vec<String> = filing.tags.iter().map(|t| t.name.clone()).collect();
    assert_eq!(tags, ["North Korea", "Ukraine"]);

    // The editor moves it to another section; the reporter's laptop follows.
    let business = erik
        .store
        .find_section("business")
        .expect("find")
        .expect("Business");
    erik.store
        .set_article_sections(story, Some(business.id), &[], Utc::now())
        .expect("refile");
    assert_eq!(erik.store.desk_waiting().expect("waiting").stories, 1);
    erik.sync().await;
    ana.sync().await;
    assert_eq!(
        ana.store
            .article_filing(story)
            .expect("filing")
            .primary_section,
        Some(business.id)
    );
    assert_eq!(ana.digest(story), erik.digest(story));

    // The editor holds it back until tomorrow morning; then lifts the embargo again.
    let until = "2026-12-01T06:00:00Z".parse().expect("time");
    erik.store
        .set_embargo(story, Some(until), Utc::now())
        .expect("embargo");
    assert_eq!(erik.store.desk_waiting().expect("waiting").stories, 1);
    erik.sync().await;
    ana.sync().await;
    assert_eq!(ana.embargo(story), Some(until), "the embargo reached Ana");
    assert_eq!(ana.digest(story), erik.digest(story));
    erik.store
        .set_embargo(story, None, Utc::now())
        .expect("lift");
    erik.sync().await;
    ana.sync().await;
    assert_eq!(ana.embargo(story), None, "lifted on Ana's laptop too");
}

const PHOTOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");

impl Laptop {
    fn attach(&mut self, story: Uuid, file: &str, lead: LeadChoice) -> Uuid {
        let bytes = std::fs::read(format!("{PHOTOS}{file}")).expect("fixture");
        let prepared = newsroom_store::photos::prepare_photo(file, bytes).expect("a photo");
        let name = self.me.name.clone();
        let id = self
            .store
            .attach_photo(story, &prepared, file, lead, &name, Utc::now())
            .expect("attach")
            .photo
            .id;
        self.store
            .set_photo_field(
                id,
                PhotoField::AltText,
                Some("Soldiers at the border"),
                Utc::now(),
            )
            .expect("alt text");
        id
    }

    /// The story's photos here: id, whether it leads, its credit in force.
    fn photos(&self, story: Uuid) -> Vec<(Uuid, bool, String)> {
        self.store
            .article_photos(story)
            .expect("photos")
            .into_iter()
            .map(|p| (p.photo.id, p.is_lead, p.photo.metadata.credit.value))
            .collect()
    }
}

#[tokio::test]
async fn photos_travel_with_their_credits_and_only_to_those_who_may_see_them() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let (_, bo) = desk.person("Bo", Role::Reporter).await;
    let story = ana.write("Soldiers cross", STORY);
    let lead = ana.attach(story, "photo-iptc-iim.jpg", LeadChoice::Lead);
    ana.store
        .set_photo_field(
            lead,
            PhotoField::Credit,
            Some("Photo: Anna Berg/TT"),
            Utc::now(),
        )
        .expect("credit");
    ana.sync().await;
    let sha = ana.store.photo(lead).expect("photo").sha256;

    // A draft's photo is its authors' alone, even to someone who knows its file's address.
    let refused = bo
        .client
        .query_one("SELECT desk.photo_file($1)", &[&sha])
        .await
        .expect_err("another reporter cannot fetch the draft's photo");
    assert!(matches!(
        SharedDeskError::from(refused),
        SharedDeskError::NotAllowed(_)
    ));

    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    assert_eq!(erik.sync().await.photos_fetched, 1);
    assert_eq!(
        erik.photos(story),
        [(lead, true, "Photo: Anna Berg/TT".to_owned())],
        "the same photo, leading, with the credit Ana typed"
    );
    let (original, _) = erik
        .store
        .photo_file(lead, newsroom_store::photos::PhotoFile::Original)
        .expect("the original is on Erik's laptop");
    assert_eq!(
        std::fs::read(original).expect("read"),
        std::fs::read(format!("{PHOTOS}photo-iptc-iim.jpg")).expect("fixture"),
        "byte for byte"
    );

    // Erik corrects the credit while Ana adds a second photo: both changes are kept.
    erik.store
        .set_photo_field(
            lead,
            PhotoField::Credit,
            Some("Photo: Anna Berg/TT News Agency"),
            Utc::now(),
        )
        .expect("credit");
    let second = ana.attach(story, "photo-xmp-only.jpg", LeadChoice::NotLead);
    erik.sync().await;
    ana.sync().await;
    erik.sync().await;
    for laptop in [&ana, &erik] {
        let photos = laptop.photos(story);
        let mut ids: Vec<Uuid> = photos.iter().map(|p| p.0).collect();
        ids.sort();
        let mut both = vec![lead, second];
        both.sort();
        assert_eq!(ids, both, "{} has both photos", laptop.me.name);
        let first = photos.iter().find(|p| p.0 == lead).expect("the lead photo");
        assert_eq!(
            (first.1, first.2.as_str()),
            (true, "Photo: Anna Berg/TT News Agency"),
            "{} has Erik's credit on the lead photo",
            laptop.me.name
        );
    }
    assert_eq!(ana.digest(story), erik.digest(story));

    // Ana takes the first photo off; it goes off Erik's copy too. He makes the other one the
    // lead photo, which Ana's laptop follows, and his approval sends it.
    ana.store
        .detach_photo(story, lead, Utc::now())
        .expect("detach");
    ana.sync().await;
    erik.sync().await;
    assert_eq!(
        erik.photos(story).iter().map(|p| p.0).collect::<Vec<_>>(),
        [second]
    );
    erik.store
        .set_lead_photo(story, Some(second), Utc::now())
        .expect("lead");
    erik.move_story(story, WorkflowAction::Approve);
    let out = erik.store.export_story(story).expect("export");
    assert_eq!(
        out.photos.iter().map(|p| p.photo.id).collect::<Vec<_>>(),
        [second]
    );
    erik.sync().await;
    ana.sync().await;
    assert_eq!(
        ana.photos(story)
            .iter()
            .map(|p| (p.0, p.1))
            .collect::<Vec<_>>(),
        [(second, true)]
    );
    assert_eq!(ana.digest(story), erik.digest(story));
}

/// A reporter's offline edit to a story published meanwhile: the desk refuses it in words, the
/// text stays on her laptop, and it is not sent again round after round.
#[tokio::test]
async fn a_photo_the_desk_cannot_give_waits_its_turn_and_one_the_laptop_cannot_take_is_named() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let damaged = ana.write("Soldiers cross", STORY);
    let damaged_photo = ana.attach(damaged, "photo-iptc-iim.jpg", LeadChoice::Lead);
    let older = ana.write("Talks called off", STORY);
    let older_photo = ana.attach(older, "photo-xmp-only.jpg", LeadChoice::Lead);
    let newer = ana.write("Seoul answers", STORY);
    ana.attach(newer, "photo-xmp-only.jpg", LeadChoice::Lead);
    for story in [damaged, older, newer] {
        ana.move_story(story, WorkflowAction::Submit);
    }
    ana.sync().await;
    // On the desk, one file is replaced by bytes that are no photo (damaged, or a hostile
    // desk's), and the other is gone.
    let owner = desk.owner().await;
    owner
        .client
        .batch_execute(&format!("SET ROLE {}_owner", desk.desk))
        .await
        .expect("as the desk's owner");
    let damaged_sha = ana.store.photo(damaged_photo).expect("photo").sha256;
    let gone_sha = ana.store.photo(older_photo).expect("photo").sha256;
    owner
        .client
        .execute(
            "UPDATE desk.photo_files SET bytes = $2 WHERE sha256 = $1",
            &[&damaged_sha, &b"not a photo at all".to_vec()],
        )
        .await
        .expect("a damaged file");
    owner
        .client
        .execute(
            "DELETE FROM desk.photo_files WHERE sha256 = $1",
            &[&gone_sha],
        )
        .await
        .expect("a file gone");

    let round = erik.sync().await;
    assert_eq!((round.photos_fetched, round.photos_waiting), (0, 0));
    // The damaged one is named, with what to do.
    let refused = erik
        .store
        .export_story(damaged)
        .expect_err("the export waits for its photo")
        .to_string();
    assert!(
        refused.contains("“photo-iptc-iim.jpg” came as a file this laptop cannot take")
            && refused.contains("attach it again"),
        "named, with what to do: {refused}"
    );
    // The one the desk would not give says why, and is not asked for in every round.
    let refused = erik
        .store
        .export_story(older)
        .expect_err("the export waits for its photo")
        .to_string();
    assert!(
        refused.contains("has not reached the desk yet"),
        "the desk's words: {refused}"
    );
    let now = Utc::now();
    assert!(
        erik.store
            .desk_photos_to_fetch(None, now)
            .expect("queue")
            .is_empty(),
        "tried again later, not at once"
    );
    // At the next try, the story open in the window comes first, though the other is newer;
    // the damaged file is not asked for again (the same address brings the same bytes).
    let order = |open: Option<Uuid>| -> Vec<Uuid> {
        erik.store
            .desk_photos_to_fetch(open, now + chrono::Duration::hours(2))
            .expect("queue")
            .iter()
            .map(|fetch| fetch.article)
            .collect()
    };
    assert_eq!(order(None), [newer, older], "the newest story first");
    assert_eq!(order(Some(older)), [older, newer], "the open story first");
    // Opening the story asks for its photo again at once: its reader needs it now.
    erik.store.desk_photos_due_now(older).expect("due now");
    let due: Vec<Uuid> = erik
        .store
        .desk_photos_to_fetch(Some(older), now)
        .expect("queue")
        .iter()
        .map(|fetch| fetch.article)
        .collect();
    assert_eq!(
        due,
        [older],
        "the opened story's photo, and not the other's"
    );

    // The sender attaches the photo again (another file): the damaged one's story takes it.
    let again = ana.attach(damaged, "photo-xmp-only.jpg", LeadChoice::Lead);
    ana.store
        .detach_photo(damaged, damaged_photo, Utc::now())
        .expect("the damaged one taken off");
    ana.sync().await;
    erik.sync().await;
    let photos = erik.photos(damaged);
    assert_eq!(photos.len(), 1, "one photo on the story: {photos:?}");
    assert_eq!(photos[0].0, again);
    let refused = erik
        .store
        .export_story(damaged)
        .expect_err("not approved yet")
        .to_string();
    assert!(
        refused.contains("only a story an editor approved"),
        "nothing waits for a photo now: {refused}"
    );
}

#[tokio::test]
async fn a_colleague_added_as_an_author_sees_and_writes_the_draft_until_taken_off() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut bo = Laptop::join(&desk, "Bo", Role::Reporter).await;
    let mut cy = Laptop::join(&desk, "Cy", Role::Reporter).await;
    let story = ana.write("Soldiers cross", STORY);
    for laptop in [&mut ana, &mut bo, &mut cy] {
        laptop.sync().await;
    }
    assert!(!bo.has(story), "a draft is its author's alone");
    let names = |authors: &[newsroom_store::StoryAuthor]| -> Vec<(String, bool)> {
        authors
            .iter()
            .map(|a| (a.name.clone(), a.waiting))
            .collect()
    };
    assert_eq!(
        names(&ana.store.story_authors(story).expect("authors")),
        [("Ana".to_owned(), false)]
    );
    let authors = ana.store.story_authors(story).expect("authors");
    let colleagues = ana.store.colleagues_to_add(&authors).expect("colleagues");
    let bo_id = colleagues
        .iter()
        .find(|c| c.name == "Bo")
        .expect("Bo is offered")
        .person;
    assert!(colleagues.iter().all(|c| c.name != "Ana"), "not herself");

    // Offline, Ana adds Bo: he shows as waiting until the desk took him.
    let authors = ana
        .store
        .add_story_author(story, bo_id, Utc::now())
        .expect("Ana adds Bo");
    assert_eq!(
        names(&authors),
        [("Ana".to_owned(), false), ("Bo".to_owned(), true)]
    );
    let again = ana
        .store
        .add_story_author(story, bo_id, Utc::now())
        .expect_err("once is enough")
        .to_string();
    assert!(
        again.contains("Bo is an author of this story already"),
        "{again}"
    );
    ana.sync().await;
    assert_eq!(
        names(&ana.store.story_authors(story).expect("authors")),
        [("Ana".to_owned(), false), ("Bo".to_owned(), false)],
        "the desk took him"
    );

    // Bo's laptop has the draft, whole, and his edit reaches Ana; Cy still sees nothing.
    let round = bo.sync().await;
    assert!(round.stories.contains(&story));
    assert_eq!(bo.body(story), ana.body(story));
    assert_eq!(
        names(&bo.store.story_authors(story).expect("authors")),
        [("Ana".to_owned(), false), ("Bo".to_owned(), false)]
    );
    bo.edit_body(story, "nine days", "ten days");
    bo.sync().await;
    ana.sync().await;
    assert!(
        ana.body(story).contains("ten days"),
        "Bo's edit on Ana's laptop"
    );
    cy.sync().await;
    assert!(!cy.has(story), "Cy is no author");

    // With her own login, Cy cannot make herself one.
    let cy_id: Uuid = cy
        .desk
        .client
        .query_one("SELECT (desk.me()).id", &[])
        .await
        .expect("me")
        .get(0);
    let refused = cy
        .desk
        .client
        .query_one(
            "SELECT desk.add_author($1, $2, $3)",
            &[&Uuid::now_v7(), &story, &cy_id],
        )
        .await
        .expect_err("not hers to add to");
    assert!(matches!(
        SharedDeskError::from(refused),
        SharedDeskError::NotAllowed(_)
    ));

    // Ana takes Bo off again. The one who started the story stays.
    let ana_id = ana
        .store
        .desk_link()
        .expect("link")
        .expect("joined")
        .person_id;
    let stays = bo
        .store
        .remove_story_author(story, ana_id, Utc::now())
        .expect_err("the creator stays")
        .to_string();
    assert!(
        stays.contains("Ana started the story and stays its author"),
        "{stays}"
    );
    let authors = ana
        .store
        .remove_story_author(story, bo_id, Utc::now())
        .expect("Ana takes Bo off");
    assert_eq!(names(&authors), [("Ana".to_owned(), false)]);
    ana.sync().await;
    // Bo's laptop hears it though it can no longer see the story: his copy stays, as it is,
    // and what he changes in it is not sent.
    assert_eq!(bo.store.no_longer_yours(story).expect("lost"), None);
    bo.sync().await;
    let lost = bo
        .store
        .no_longer_yours(story)
        .expect("lost")
        .expect("no longer his");
    assert_eq!(lost.by, "Ana");
    assert!(bo.body(story).contains("ten days"), "his copy stays");
    bo.edit_body(story, "ten days", "eleven days");
    assert_eq!(bo.store.desk_waiting().expect("waiting").total(), 0);
    assert_eq!(bo.sync().await.stories_sent, 0);
    ana.sync().await;
    assert!(
        !ana.body(story).contains("eleven"),
        "nothing of his copy reaches the desk"
    );
    let refused = bo
        .desk
        .client
        .query_one(
            "SELECT desk.push_body($1, $2, $3, now())",
            &[&Uuid::now_v7(), &story, &vec![0u8, 0u8]],
        )
        .await
        .expect_err("with his own login he cannot write it either");
    assert!(matches!(
        SharedDeskError::from(refused),
        SharedDeskError::NotAllowed(_)
    ));

    // Added again, it is his again.
    ana.store
        .add_story_author(story, bo_id, Utc::now())
        .expect("Ana adds Bo again");
    ana.sync().await;
    bo.sync().await;
    assert_eq!(bo.store.no_longer_yours(story).expect("lost"), None);
}

/// Erik approves and publishes Ana's story; her edit made after, not knowing, is refused by
/// the desk with its reason in words.
async fn refused_edit_to_a_published_story(desk: &TestDesk) -> (Laptop, Laptop, Uuid) {
    let (mut ana, mut erik, story) = submitted_story(desk).await;
    erik.move_story(story, WorkflowAction::Approve);
    erik.move_story(story, WorkflowAction::Publish);
    assert!(erik.sync().await.refused.is_empty());
    ana.edit_body(story, "nine days", "ten days");
    let first = ana.sync().await;
    assert_eq!(first.refused.len(), 1, "{first:?}");
    assert!(
        first.refused[0].1.contains("published"),
        "said in words: {}",
        first.refused[0].1
    );
    (ana, erik, story)
}

#[tokio::test]
async fn a_refused_edit_is_kept_and_not_sent_again_until_the_story_changes() {
    let desk = TestDesk::new().await;
    let (mut ana, erik, story) = refused_edit_to_a_published_story(&desk).await;
    assert!(ana.body(story).contains("ten days"), "her text is kept");
    let again = ana.sync().await;
    assert!(
        again.refused.is_empty() && again.stories_sent == 0,
        "not sent again: {again:?}"
    );
    let kept = ana.store.desk_refusals().expect("refusals");
    assert_eq!(kept.len(), 1, "the refusal stays for the window to show");
    assert!(erik.body(story).contains("nine days"));
}

/// The refusal's cause passes (the editor reopens the published story as a correction): the
/// reporter sends the refused edit again and it lands; sent again while still not allowed, it
/// comes back refused with its reason, and stays.
#[tokio::test]
async fn a_refused_edit_sent_again_lands_once_its_cause_has_passed() {
    let desk = TestDesk::new().await;
    let (mut ana, mut erik, story) = refused_edit_to_a_published_story(&desk).await;

    // Sent again too early: refused again, kept.
    assert_eq!(
        ana.store.desk_send_refused_again().expect("again").changes,
        1
    );
    let early = ana.sync().await;
    assert_eq!(early.refused.len(), 1, "still published: {early:?}");
    assert_eq!(ana.store.desk_refusals().expect("refusals").len(), 1);

    erik.move_story(story, WorkflowAction::Reopen);
    assert!(erik.sync().await.refused.is_empty());
    ana.sync().await;
    assert!(
        ana.sync().await.stories_sent == 0,
        "a refused edit waits for the person, not for each round"
    );
    assert_eq!(
        ana.store.desk_send_refused_again().expect("again").changes,
        1
    );
    let again = ana.sync().await;
    assert!(again.refused.is_empty(), "{again:?}");
    assert_eq!(again.stories_sent, 1);
    assert!(ana.store.desk_refusals().expect("refusals").is_empty());
    erik.sync().await;
    assert!(
        erik.body(story).contains("ten days"),
        "the edit reached the editor"
    );
    assert_eq!(ana.digest(story), erik.digest(story));
    assert_eq!(
        ana.store.desk_send_refused_again().expect("again").changes,
        0,
        "nothing left to send"
    );
}

/// One section list for the whole desk: an editor's new section reaches every laptop before the
/// stories filed under it, renames follow, and a reporter's login cannot change the list.
#[tokio::test]
async fn the_section_list_is_one_for_the_whole_desk() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    erik.sync().await;
    ana.sync().await;

    let elections = erik
        .store
        .create_section("Elections", None, "")
        .expect("an editor adds a section");
    erik.sync().await;
    ana.sync().await;
    let hers = ana
        .store
        .find_section(&elections.slug)
        .expect("find")
        .expect("the new section reached Ana's laptop");
    assert_eq!(hers.name, "Elections");

    let story = ana.write("Polls close", STORY);
    ana.store
        .set_article_sections(story, Some(hers.id), &[], Utc::now())
        .expect("file");
    let me = ana.me.clone();
    ana.store
        .move_story(
            story,
            WorkflowAction::Submit,
            &me,
            Seen::Unchecked,
            "",
            Utc::now(),
        )
        .expect("submit");
    ana.sync().await;
    erik.sync().await;
    assert_eq!(
        erik.store
            .article_filing(story)
            .expect("filing")
            .primary_section,
        Some(elections.id),
        "filed under the same section on Erik's laptop"
    );

    erik.store
        .rename_section(elections.id, "Elections 2026")
        .expect("rename");
    erik.sync().await;
    ana.sync().await;
    let renamed = ana
        .store
        .find_section(&elections.slug)
        .expect("find")
        .expect("section");
    assert_eq!(renamed.name, "Elections 2026");

    let refused = ana
        .desk
        .client
        .query_one(
            "SELECT desk.save_section($1, $2, NULL)",
            &[&Uuid::now_v7(), &elections.slug],
        )
        .await
        .expect_err("a reporter cannot change the section list");
    assert!(matches!(
        SharedDeskError::from(refused),
        SharedDeskError::NotAllowed(_)
    ));
}

/// Two people in one story see each other's caret: said as it moves, heard by the laptops with
/// the story open (the feed names the story), following the text through the other's edits, and
/// shown to nobody who may not see the story.
#[tokio::test]
async fn a_cursor_reaches_the_others_in_the_story_and_follows_the_text() {
    use newsroom_desk::presence::{announce_at, cursor_moved_in, who_is_where};
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let (_, bo) = desk.person("Bo", Role::Reporter).await;
    let story = ana.write("Soldiers cross", STORY);
    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    erik.sync().await;
    newsroom_desk::sync::listen_to_feed(&erik.desk, &desk.desk)
        .await
        .expect("listen");
    announce_at(&ana.desk, Some(story), None)
        .await
        .expect("Ana opens the story");

    let at = u32::try_from(STORY.find("crossed").expect("word")).expect("offset");
    let caret = ana
        .store
        .body_caret(story, at)
        .expect("caret")
        .expect("in the text");
    announce_at(&ana.desk, Some(story), Some(&caret))
        .await
        .expect("Ana's cursor moves");
    let heard = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            let payload = erik.desk.notifications.recv().await.expect("the feed");
            if cursor_moved_in(&payload) == Some(story) {
                return;
            }
        }
    })
    .await;
    assert!(
        heard.is_ok(),
        "Erik's laptop hears that a cursor moved in the story"
    );
    let cursor_seen_by_erik = || async {
        who_is_where(&erik.desk)
            .await
            .expect("where")
            .into_iter()
            .find(|p| p.name == "Ana")
            .and_then(|p| p.cursor)
            .expect("Ana's cursor")
    };
    let seen = cursor_seen_by_erik().await;
    assert_eq!(
        erik.store.body_caret_offset(story, &seen).expect("offset"),
        Some(at),
        "at the same word in Erik's copy"
    );

    // Erik writes above it; her caret stays at her word in his text.
    erik.edit_body(story, "Pyongyang", "North Korea's capital Pyongyang");
    let moved_by = u32::try_from("North Korea's capital ".len()).expect("len");
    assert_eq!(
        erik.store.body_caret_offset(story, &seen).expect("offset"),
        Some(at + moved_by)
    );

    // Another reporter sees Ana at the desk, not where.
    let ana_for_bo = who_is_where(&bo)
        .await
        .expect("where")
        .into_iter()
        .find(|p| p.name == "Ana")
        .expect("Ana is at the desk");
    assert_eq!((ana_for_bo.story, ana_for_bo.cursor), (None, None));
}

/// A field another changed on their laptop is shown as changed while you were away, with what
/// it was and who changed it, until seen; your own changes are not.
#[tokio::test]
async fn a_headline_changed_on_another_laptop_shows_as_changed_while_you_were_away() {
    let desk = TestDesk::new().await;
    let (mut ana, mut erik, story) = submitted_story(&desk).await;
    ana.store
        .mark_body_seen(story, "Ana", Utc::now())
        .expect("Ana has seen it");

    erik.store
        .update_article(
            story,
            ArticlePatch {
                headline: Some("North Korean soldiers cross the border".into()),
                ..ArticlePatch::default()
            },
            "Erik",
            Utc::now(),
        )
        .expect("Erik sharpens the headline");
    erik.sync().await;
    ana.sync().await;
    let away = ana
        .store
        .changed_while_away(story, "Ana")
        .expect("away")
        .expect("something changed while Ana was away");
    assert_eq!(away.fields.len(), 1, "{away:?}");
    let headline = &away.fields[0];
    assert_eq!(
        (
            headline.field.as_str(),
            headline.was.as_str(),
            headline.by.as_str()
        ),
        ("headline", "Soldiers cross", "Erik")
    );
    assert_eq!(headline.now, "North Korean soldiers cross the border");
    assert!(
        away.segments
            .iter()
            .all(|s| s.tag == newsroom_core::DiffTag::Equal),
        "the text did not change"
    );
    assert_eq!(
        away.by
            .iter()
            .map(|b| b.author.as_str())
            .collect::<Vec<_>>(),
        ["Erik"]
    );

    // Seen: nothing is marked any more; her own change next is not "while away".
    ana.store
        .mark_body_seen(story, "Ana", Utc::now())
        .expect("seen");
    assert!(ana
        .store
        .changed_while_away(story, "Ana")
        .expect("away")
        .is_none());
    assert!(erik
        .store
        .changed_while_away(story, "Erik")
        .expect("away")
        .is_none());
}

/// A tag an editor renames is renamed on every laptop; a reporter's login cannot change tags.
#[tokio::test]
async fn a_tag_renamed_by_an_editor_is_renamed_everywhere() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let story = ana.write("Soldiers cross", STORY);
    ana.store
        .add_article_tag(story, "N. Korea", Utc::now())
        .expect("tag");
    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    erik.sync().await;
    let tag = erik
        .store
        .find_tag("N. Korea")
        .expect("find")
        .expect("the tag came with the story");
    erik.store
        .rename_tag(tag.id, "North Korea")
        .expect("an editor renames it");
    erik.sync().await;
    ana.sync().await;
    let hers: Vec<String> = ana
        .store
        .article_filing(story)
        .expect("filing")
        .tags
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(hers, ["North Korea"], "renamed on Ana's laptop too");
    assert!(ana.store.find_tag("N. Korea").expect("find").is_none());
    assert_eq!(ana.digest(story), erik.digest(story));

    let refused = ana
        .desk
        .client
        .query_one(
            "SELECT desk.save_tag($1, $2, NULL)",
            &[&Uuid::now_v7(), &tag.slug],
        )
        .await
        .expect_err("a reporter cannot change the tags");
    assert!(matches!(
        SharedDeskError::from(refused),
        SharedDeskError::NotAllowed(_)
    ));
}

#[tokio::test]
async fn a_storys_revisions_are_in_its_history_on_every_laptop_that_sees_it() {
    let desk = TestDesk::new().await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let mut bo = Laptop::join(&desk, "Bo", Role::Reporter).await;
    let story = ana.write("Soldiers cross", STORY);
    ana.sync().await;
    // A version Ana saved on purpose, then a rewrite.
    ana.store
        .save_article(
            story,
            1,
            &ArticleContent {
                headline: "Soldiers cross".into(),
                body: STORY.replace("nine days", "ten days"),
                ..ArticleContent::default()
            },
            newsroom_core::RevisionKind::Checkpoint,
            "Ana",
            Utc::now(),
        )
        .expect("a checkpoint");
    let checkpoint_id = |store: &Store| {
        store
            .revisions(story)
            .expect("history")
            .into_iter()
            .find(|r| r.kind == newsroom_core::RevisionKind::Checkpoint)
            .expect("the checkpoint")
            .id
    };
    let saved = checkpoint_id(&ana.store);
    ana.edit_body(story, "ten days", "eleven days");
    // An autosave still growing goes when it settles, not with every save.
    let version = ana.store.article(story).expect("story").version;
    ana.store
        .save_article(
            story,
            version,
            &ArticleContent {
                headline: "Soldiers cross".into(),
                body: ana.body(story).replace("Monday", "Sunday"),
                ..ArticleContent::default()
            },
            newsroom_core::RevisionKind::Autosave,
            "Ana",
            Utc::now(),
        )
        .expect("an autosave");
    let growing = ana.store.revisions(story).expect("history")[0].id;
    let to_send = |store: &Store, at| -> Vec<Uuid> {
        store
            .desk_revisions_to_send(at)
            .expect("to send")
            .iter()
            .map(|r| r.id)
            .collect()
    };
    let now = Utc::now();
    assert!(
        !to_send(&ana.store, now).contains(&growing),
        "not while it grows"
    );
    assert_eq!(
        to_send(&ana.store, now).len(),
        2,
        "the checkpoint and the rewrite"
    );
    assert!(
        to_send(&ana.store, now + chrono::TimeDelta::minutes(4)).contains(&growing),
        "it goes once it can grow no more"
    );
    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    assert!(
        to_send(&ana.store, Utc::now()).is_empty(),
        "a newer revision settled it"
    );

    erik.sync().await;
    bo.sync().await;
    let heard = erik.store.revisions(story).expect("Erik's history");
    let anas: Vec<_> = heard.iter().filter(|r| r.elsewhere).collect();
    assert!(anas.iter().any(|r| r.id == saved), "{heard:?}");
    assert!(anas.iter().all(|r| r.author == "Ana" && !r.text_here));
    let err = erik.store.revision(saved).expect_err("no text yet");
    assert!(
        err.to_string()
            .starts_with("This revision was made on Ana's laptop"),
        "{err}"
    );
    assert!(!bo.has(story), "another reporter hears nothing of it");

    // Erik opens the story: the round reads the texts of its revisions.
    let round = newsroom_desk::sync::sync_round(&mut erik.store, &mut erik.desk, Some(story))
        .await
        .expect("a round with the story open");
    assert!(round.stories.contains(&story));
    let (_, checkpoint) = erik.store.revision(saved).expect("its text is here");
    assert!(checkpoint.content.body.contains("ten days"));
    assert!(checkpoint.summary.text_here && checkpoint.summary.elsewhere);

    // Restoring it on Erik's laptop is an edit like any other: it reaches Ana.
    let version = erik.store.article(story).expect("story").version;
    erik.store
        .restore_revision(saved, version, "Erik", Utc::now())
        .expect("restores");
    assert!(erik.body(story).contains("ten days"));
    erik.sync().await;
    ana.sync().await;
    assert!(ana.body(story).contains("ten days"), "{}", ana.body(story));
    let mine: Vec<_> = ana
        .store
        .revisions(story)
        .expect("Ana's history")
        .into_iter()
        .filter(|r| r.elsewhere)
        .collect();
    assert!(
        mine.iter()
            .any(|r| r.author == "Erik" && r.kind == newsroom_core::RevisionKind::Restore),
        "Erik's restore is in Ana's history: {mine:?}"
    );
    assert!(
        mine.iter().all(|r| r.author != "Ana"),
        "her own revisions are hers, not heard back"
    );
}

#[tokio::test]
async fn tags_an_editor_adds_reach_every_laptop_before_any_story_carries_them() {
    let desk = TestDesk::new().await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    // The newsroom's tag list, a hundred and fifty of them (more than one batch goes out).
    let tags: Vec<newsroom_core::vocabulary::VocabularyTag> = (0..150)
        .map(|n| newsroom_core::vocabulary::VocabularyTag {
            slug: format!("place-{n}"),
            name: format!("Place {n}"),
            media_topic: None,
        })
        .collect();
    erik.store
        .import_vocabularies(
            &newsroom_core::VocabularyFile {
                format: newsroom_core::vocabulary::VOCABULARY_FORMAT,
                sections: Vec::new(),
                tags,
            },
            Utc::now(),
        )
        .expect("Erik imports the newsroom's tags");
    erik.sync().await;
    ana.sync().await;
    for n in [0, 63, 64, 149] {
        assert!(
            ana.store
                .find_tag(&format!("Place {n}"))
                .expect("find")
                .is_some(),
            "Place {n} reached Ana's laptop"
        );
    }
    assert!(
        erik.store.desk_tags_to_send().expect("waiting").is_empty(),
        "nothing left to send"
    );
    // Heard back, nothing is sent again.
    erik.sync().await;
    assert!(erik.store.desk_tags_to_send().expect("waiting").is_empty());
}

/// A place one person kept as written is flagged on no other laptop that sees the story: the
/// reporter keeps a name the dictionary lacks (before her laptop joined, even), the editor keeps
/// a word the house style would change, and each finds the other's place kept. A reporter who
/// may not see the story can neither read its places nor keep one, even with his own login.
#[tokio::test]
async fn a_place_kept_as_written_is_kept_on_every_laptop_that_sees_the_story() {
    use newsroom_style::{MarkedCorrect, SPELLING};
    const TEXT: &str = "Ri Dakhlallah said the crossing was okay.";
    let desk = TestDesk::new().await;
    let (_, ana_login) = desk.person("Ana", Role::Reporter).await;
    let place = |flagged_by: &str, word: &str| {
        let start = TEXT.find(word).expect("in the text");
        MarkedCorrect::of(flagged_by, TEXT, start, start + word.len())
    };
    let dir = TempDir::new().expect("dir");
    let story = {
        let mut store = Store::open(dir.path()).expect("open");
        let content = ArticleContent {
            headline: "Crossing".into(),
            body: TEXT.into(),
            ..ArticleContent::default()
        };
        let id = store
            .create_article(&content, "Ana", Utc::now())
            .expect("draft")
            .id;
        store
            .mark_correct(id, &place(SPELLING, "Dakhlallah"), Utc::now())
            .expect("kept before joining");
        id
    };
    let mut ana = Laptop::join_folder(&desk, ana_login, dir).await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let mut ben = Laptop::join(&desk, "Ben", Role::Reporter).await;
    ana.sync().await;
    ana.move_story(story, WorkflowAction::Submit);
    ana.sync().await;
    erik.sync().await;
    assert_eq!(
        erik.store.marked_correct(story).expect("places"),
        [place(SPELLING, "Dakhlallah")],
        "the editor's spelling still flags the name Ana kept"
    );

    erik.store
        .mark_correct(story, &place("okay", "okay"), Utc::now())
        .expect("the editor keeps a word");
    let sent = erik.sync().await;
    assert_eq!(sent.changes_sent, 1);
    ana.sync().await;
    let mut kept = ana.store.marked_correct(story).expect("places");
    kept.sort_by(|a, b| a.flagged_by.cmp(&b.flagged_by));
    assert_eq!(kept, [place(SPELLING, "Dakhlallah"), place("okay", "okay")]);
    assert_eq!(ana.digest(story), erik.digest(story));
    assert_eq!(ana.store.desk_waiting().expect("waiting").total(), 0);
    assert!(ana
        .store
        .desk_kept_to_send(false)
        .expect("waiting")
        .is_empty());

    // Ben's own login, outside the app: Ana's story is not his to see.
    let seen: i64 = ben
        .desk
        .client
        .query_one("SELECT count(*) FROM desk.kept_as_written", &[])
        .await
        .expect("a count")
        .get(0);
    assert_eq!(
        seen, 0,
        "another reporter reads the places of a story not his"
    );
    let refused = ben
        .desk
        .client
        .query_one(
            "SELECT desk.keep_as_written($1, $2, $3, $4, $5)",
            &[
                &Uuid::now_v7(),
                &story,
                &SPELLING,
                &"Ri",
                &"… Dakhlallah said",
            ],
        )
        .await
        .expect_err("a reporter keeps a place of a story not his");
    assert!(matches!(
        SharedDeskError::from(refused),
        SharedDeskError::NotAllowed(_)
    ));
    ben.sync().await;
    assert!(!ben.has(story));
    assert_eq!(erik.store.marked_correct(story).expect("places").len(), 2);
}

/// A rule of the house style as an editor writes it.
fn bombay_rule() -> newsroom_style::Rule {
    newsroom_style::Rule {
        id: "bombay".into(),
        language: "en".into(),
        category: "Names".into(),
        pattern: None,
        words: vec!["Bombay".into()],
        case_sensitive: true,
        replacement: Some("Mumbai".into()),
        explanation: "Mumbai since 1995.".into(),
        matches: vec!["In Bombay.".into()],
        does_not_match: vec!["In Mumbai.".into()],
    }
}

/// The house style and the newsroom's dictionary are one for the desk: an editor's rule, with
/// the reason in every laptop's record, and a reporter's word reach every laptop; a reporter's
/// login cannot change a rule, and a rule that cannot be used is not taken from the desk.
#[tokio::test]
async fn the_house_style_and_the_dictionary_are_one_for_the_whole_desk() {
    let desk = TestDesk::new().await;
    let mut erik = Laptop::join(&desk, "Erik", Role::Editor).await;
    let mut ana = Laptop::join(&desk, "Ana", Role::Reporter).await;
    erik.store
        .save_style_rule(&bombay_rule(), None, "Readers wrote in", Utc::now())
        .expect("an editor's rule");
    erik.store
        .remove_style_rule("okay", "We allow okay now", Utc::now())
        .expect("removed");
    ana.store
        .add_newsroom_word("Dakhlallah", "Ana", Utc::now())
        .expect("a reporter's word");
    let whole_desk = |laptop: &Laptop| laptop.store.desk_digest(None).expect("digest");
    assert_ne!(
        whole_desk(&ana),
        whole_desk(&erik),
        "each has a change of the other's to hear"
    );
    erik.sync().await;
    ana.sync().await;
    erik.sync().await;
    // No stories between them: the digest is the desk's people, vocabularies and house style.
    assert_eq!(
        whole_desk(&ana),
        whole_desk(&erik),
        "the same desk-wide state on both"
    );

    let rules = ana.store.house_style().expect("rules");
    assert_eq!(rules, erik.store.house_style().expect("rules"));
    assert!(rules.rules.iter().any(|r| *r == bombay_rule()));
    assert!(!rules.rules.iter().any(|r| r.id == "okay"));
    let record: Vec<(String, Option<String>, String, String)> = ana
        .store
        .house_style_changes(10)
        .expect("record")
        .into_iter()
        .map(|c| (c.change, c.rule_id, c.why, c.changed_by))
        .collect();
    assert!(
        record.contains(&(
            "added".into(),
            Some("bombay".into()),
            "Readers wrote in".into(),
            "Erik".into()
        )) && record.contains(&(
            "removed".into(),
            Some("okay".into()),
            "We allow okay now".into(),
            "Erik".into()
        )),
        "{record:?}"
    );
    assert_eq!(erik.store.newsroom_words().expect("words"), ["Dakhlallah"]);
    assert!(erik
        .store
        .desk_style_rules_to_send()
        .expect("waiting")
        .is_empty());
    assert!(ana
        .store
        .desk_words_to_send(false)
        .expect("waiting")
        .is_empty());

    // Ana's own login, outside the app: no rule of hers is taken.
    let refused = ana
        .desk
        .client
        .query_one(
            "SELECT desk.save_style_rule($1, $2, $3)",
            &[
                &Uuid::now_v7(),
                &"kyiv",
                &serde_json::json!({"rule": null, "why": "mine"}),
            ],
        )
        .await
        .expect_err("a reporter cannot change the house style");
    assert!(matches!(
        SharedDeskError::from(refused),
        SharedDeskError::NotAllowed(_)
    ));
    // A rule that cannot be used, put on the desk by a login outside the app, is left out.
    let mut broken = serde_json::to_value(bombay_rule()).expect("json");
    broken["id"] = "broken".into();
    broken["words"] = serde_json::json!([]);
    broken["pattern"] = "(Bombay".into();
    erik.desk
        .client
        .query_one(
            "SELECT desk.save_style_rule($1, $2, $3)",
            &[
                &Uuid::now_v7(),
                &"broken",
                &serde_json::json!({"rule": broken, "why": "oops"}),
            ],
        )
        .await
        .expect("the desk keeps what an editor sends");
    ana.sync().await;
    assert!(!ana
        .store
        .house_style()
        .expect("rules")
        .rules
        .iter()
        .any(|r| r.id == "broken"));
}
