//! Two editors' laptops pushing the same story to the same real WordPress (the loopback site
//! of scripts/wordpress/start.sh) through the real desk: one post, whoever pushes first, and
//! every laptop hears its id and state.

mod common;

#[path = "../../../tests/support/test_site.rs"]
mod test_site;

use std::sync::mpsc;
use std::time::Duration;

use chrono::Utc;
use common::TestDesk;
use newsroom_core::outbox::{site_key, OutboxEntry, OutboxState, RequestedStatus};
use newsroom_core::workflow::{Role, WorkflowAction, WorkflowState};
use newsroom_core::ArticleContent;
use newsroom_desk::ledger::SharedLedger;
use newsroom_desk::sync::sync_once;
use newsroom_desk::{Connection, SharedDeskError};
use newsroom_publish::{
    add_wordpress_target, give_wordpress_login, send_due, Progress, PushObserver, PushSettings,
    RecordProgress,
};
use newsroom_store::{Profile, Seen, Store};
use tempfile::TempDir;
use test_site::{posts_with_slug, site, Site};
use uuid::Uuid;

/// A laptop on the desk. Its sync runs on the test's runtime; its pushes' ledgers run their
/// own, as the outbox worker's thread does.
struct Laptop {
    dir: TempDir,
    store: Store,
    desk: Connection,
    me: Profile,
    target: Option<Uuid>,
}

impl Laptop {
    /// A laptop joined as a new person of the desk. With `site`, the laptop was set up with
    /// that site as its target first (by its own admin, before it joined the desk).
    fn join(
        desk: &TestDesk,
        runtime: &tokio::runtime::Runtime,
        name: &str,
        role: Role,
        site: Option<&Site>,
    ) -> Laptop {
        let dir = TempDir::new().expect("a data folder");
        let target = site.map(|site| {
            let mut store = Store::open(dir.path()).expect("open");
            newsroom_store::sample::admin_at_desk(&mut store).expect("the laptop's admin");
            let (target, _) = add_wordpress_target(
                &mut store,
                "Main site",
                &site.url,
                &site.user,
                &site.password,
                Utc::now(),
            )
            .expect("the site is added");
            target.id
        });
        let (store, me, desk_connection) = runtime.block_on(async {
            let (_, connection) = desk.person(name, role).await;
            let (store, me) = common::join_folder(desk, &connection, dir.path()).await;
            (store, me, connection)
        });
        Laptop {
            dir,
            store,
            desk: desk_connection,
            me,
            target,
        }
    }

    /// The laptop of the desk's first admin, Boss.
    fn boss(desk: &TestDesk, runtime: &tokio::runtime::Runtime) -> Laptop {
        let dir = TempDir::new().expect("a data folder");
        let (store, me, desk_connection) = runtime.block_on(async {
            let connection = desk.boss().await;
            let (store, me) = common::join_folder(desk, &connection, dir.path()).await;
            (store, me, connection)
        });
        Laptop {
            dir,
            store,
            desk: desk_connection,
            me,
            target: None,
        }
    }

    fn sync(&mut self, runtime: &tokio::runtime::Runtime) {
        runtime
            .block_on(sync_once(&mut self.store, &mut self.desk))
            .unwrap_or_else(|e| panic!("{} syncs: {e}", self.me.name));
    }

    fn queue_push(&mut self, story: Uuid) -> OutboxEntry {
        let me = self.me.clone();
        self.store
            .enqueue_push(
                story,
                self.target.expect("a site"),
                RequestedStatus::Publish,
                &me,
                Utc::now(),
            )
            .expect("queued")
    }

    /// The push's ledger, as the outbox worker opens it: this laptop's folder, the desk's
    /// password from where the laptop keeps it (here: given).
    fn ledger(&self) -> SharedLedger {
        let mut store = Store::open(self.dir.path()).expect("open");
        store.set_actor(Some(self.me.clone()));
        SharedLedger::new(store, |_| Some(common::PASSWORD.to_owned()))
    }

    /// Approves `story` on this laptop (an editor's).
    fn approve(&mut self, story: Uuid) {
        let me = self.me.clone();
        self.store
            .move_story(
                story,
                WorkflowAction::Approve,
                &me,
                Seen::Unchecked,
                "",
                Utc::now(),
            )
            .unwrap_or_else(|e| panic!("{} approves: {e}", me.name));
    }

    fn entry(&self, id: Uuid) -> OutboxEntry {
        self.store.outbox_entry(id).expect("entry")
    }
}

fn settings() -> PushSettings {
    PushSettings {
        answer_timeout: Duration::from_secs(10),
    }
}

/// Stops a push just before it writes the post, until told to go on.
struct HoldBeforePost {
    at_post: mpsc::Sender<()>,
    go: mpsc::Receiver<()>,
}

impl PushObserver for HoldBeforePost {
    fn progress(&mut self, _entry: &OutboxEntry, _progress: Progress) {}
    fn before_post(&mut self, _entry: &OutboxEntry) -> Result<(), String> {
        let _ = self.at_post.send(());
        self.go
            .recv_timeout(Duration::from_secs(60))
            .map_err(|_| "never told to go on".to_owned())
    }
}

fn write_and_submit(ana: &mut Laptop, headline: &str) -> Uuid {
    let story = ana
        .store
        .create_article(
            &ArticleContent {
                headline: headline.into(),
                standfirst: "Seoul says the troops crossed on Monday.".into(),
                body: "Pyongyang sent troops.\n\nThe soldiers crossed on Monday.".into(),
                ..ArticleContent::default()
            },
            &ana.me.name,
            Utc::now(),
        )
        .expect("create")
        .id;
    common::file_and_submit(&mut ana.store, &ana.me, story);
    story
}

#[test]
fn two_editors_pushing_one_story_make_one_post_and_every_laptop_sees_it() {
    let site = site();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let desk = runtime.block_on(TestDesk::new());
    let mut ana = Laptop::join(&desk, &runtime, "Ana", Role::Reporter, None);
    let mut erik = Laptop::join(&desk, &runtime, "Erik", Role::Editor, Some(&site));
    let mut frida = Laptop::join(&desk, &runtime, "Frida", Role::Editor, Some(&site));
    let headline = format!("Soldiers cross {}", Uuid::now_v7().simple());
    let story = write_and_submit(&mut ana, &headline);
    ana.sync(&runtime);
    erik.sync(&runtime);
    erik.approve(story);
    erik.sync(&runtime);
    frida.sync(&runtime);
    assert_eq!(
        frida.store.article(story).expect("story").status,
        WorkflowState::Approved
    );
    let slug = frida
        .store
        .export_story(story)
        .expect("the approval heard from the desk lets Frida's laptop send it")
        .slug;

    // Erik's push stops just before it writes the post; Frida pushes meanwhile.
    let erik_entry = erik.queue_push(story);
    let frida_entry = frida.queue_push(story);
    // Each sees the other's export waiting, before any post exists (the outbox is shared).
    erik.sync(&runtime);
    frida.sync(&runtime);
    let others = frida.store.desk_pushes().expect("the desk's outbox");
    assert_eq!(others.len(), 1, "Erik's, not her own: {others:?}");
    assert_eq!(others[0].id, erik_entry.id);
    assert_eq!(
        (others[0].queued_by.as_str(), others[0].site_name.as_str()),
        ("Erik", "Main site")
    );
    assert_eq!(others[0].state, OutboxState::Waiting);
    let (at_post, erik_at_post) = mpsc::channel();
    let (go, erik_go) = mpsc::channel();
    let mut erik_ledger = erik.ledger();
    let erik_push = std::thread::spawn(move || {
        send_due(
            &mut erik_ledger,
            settings(),
            &mut HoldBeforePost {
                at_post,
                go: erik_go,
            },
        )
        .expect("Erik's push runs")
    });
    erik_at_post
        .recv_timeout(Duration::from_secs(60))
        .expect("Erik's push reaches the post");
    let mut frida_ledger = frida.ledger();
    send_due(&mut frida_ledger, settings(), &mut RecordProgress).expect("Frida's push runs");
    let waiting = frida.entry(frida_entry.id);
    assert_eq!(waiting.state, OutboxState::Waiting, "{waiting:?}");
    assert!(
        waiting.last_error.contains("Erik is sending this story"),
        "Frida is told who is sending it: {}",
        waiting.last_error
    );
    assert!(posts_with_slug(&site, &slug).is_empty(), "no post yet");

    go.send(()).expect("Erik goes on");
    erik_push.join().expect("Erik's push ends");
    let sent = erik.entry(erik_entry.id);
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");

    // Frida's export goes again (she presses Retry): it updates Erik's post.
    frida
        .store
        .retry_outbox(frida_entry.id, Utc::now())
        .expect("retry");
    send_due(&mut frida_ledger, settings(), &mut RecordProgress).expect("Frida's push runs");
    let resent = frida.entry(frida_entry.id);
    assert_eq!(resent.state, OutboxState::Sent, "{resent:?}");
    let posts = posts_with_slug(&site, &slug);
    assert_eq!(
        posts.len(),
        1,
        "one post of the story on the site: {posts:?}"
    );
    let post_id = posts[0]["id"].as_u64().expect("post id");

    // Every laptop that sees the story hears the post, and agrees on the shared state.
    for laptop in [&mut ana, &mut erik, &mut frida] {
        laptop.sync(&runtime);
    }
    erik.sync(&runtime);
    ana.sync(&runtime);
    let erik_sees = erik.store.desk_pushes().expect("the desk's outbox");
    assert_eq!(erik_sees.len(), 1, "{erik_sees:?}");
    assert_eq!(
        (erik_sees[0].queued_by.as_str(), erik_sees[0].state),
        ("Frida", OutboxState::Sent),
        "her export went, as her laptop said"
    );
    let ana_sees = ana.store.desk_pushes().expect("the desk's outbox");
    assert!(
        ana_sees.len() == 2 && ana_sees.iter().all(|p| p.state == OutboxState::Sent),
        "the story's reporter sees where it went too: {ana_sees:?}"
    );
    for laptop in [&ana, &erik, &frida] {
        let on_sites = laptop.store.posts_on_sites(story).expect("posts");
        assert_eq!(on_sites.len(), 1, "{}: {on_sites:?}", laptop.me.name);
        assert_eq!(on_sites[0].post_id, post_id, "{}", laptop.me.name);
        assert_eq!(on_sites[0].site, site_key(&site.url));
        assert_eq!(on_sites[0].status, "publish");
        assert_eq!(on_sites[0].sent_by, "Frida", "the last push was hers");
        assert_eq!(
            laptop.store.article(story).expect("story").status,
            WorkflowState::Published,
            "{}",
            laptop.me.name
        );
    }
    assert_eq!(
        ana.store.desk_digest(Some(story)).expect("digest"),
        frida.store.desk_digest(Some(story)).expect("digest")
    );

    // A second story, both editors pressing Send at the same moment: still one post.
    let headline = format!("Seoul answers {}", Uuid::now_v7().simple());
    let second = write_and_submit(&mut ana, &headline);
    ana.sync(&runtime);
    erik.sync(&runtime);
    erik.approve(second);
    erik.sync(&runtime);
    frida.sync(&runtime);
    let slug = erik.store.export_story(second).expect("story").slug;
    let entries = [erik.queue_push(second), frida.queue_push(second)];
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let pushes: Vec<_> = [erik.ledger(), frida.ledger()]
        .into_iter()
        .map(|mut ledger| {
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                send_due(&mut ledger, settings(), &mut RecordProgress).expect("push runs");
                ledger
            })
        })
        .collect();
    let mut ledgers: Vec<SharedLedger> = pushes
        .into_iter()
        .map(|push| push.join().expect("push ends"))
        .collect();
    // The one that found the story held waits; sent again, it updates the same post.
    for (ledger, entry) in ledgers.iter_mut().zip(&entries) {
        let now = ledger.store().outbox_entry(entry.id).expect("entry");
        if now.state == OutboxState::Waiting {
            ledger
                .store_mut()
                .retry_outbox(entry.id, Utc::now())
                .expect("retry");
            send_due(ledger, settings(), &mut RecordProgress).expect("push runs");
        }
        let now = ledger.store().outbox_entry(entry.id).expect("entry");
        assert_eq!(now.state, OutboxState::Sent, "{now:?}");
    }
    assert_eq!(
        posts_with_slug(&site, &slug).len(),
        1,
        "two editors at once make one post"
    );
}

#[test]
fn only_an_editor_claims_a_push_on_the_desk() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let desk = TestDesk::new().await;
        let (_, ana) = desk.person("Ana", Role::Reporter).await;
        let refused = ana
            .client
            .query_one(
                "SELECT outcome FROM desk.claim_post($1, 'https://news.example.com', 'x', $2, 60)",
                &[&Uuid::now_v7(), &Uuid::now_v7()],
            )
            .await
            .expect_err("a reporter cannot claim a push");
        let refused = SharedDeskError::from(refused);
        assert!(
            matches!(&refused, SharedDeskError::NotAllowed(why) if why.contains("Only an editor")),
            "{refused}"
        );
        let (_, erik) = desk.person("Erik", Role::Editor).await;
        let hidden = erik
            .client
            .query_one("SELECT claim_token FROM desk.posts LIMIT 1", &[])
            .await
            .expect_err("nobody reads a claim's token");
        let hidden = SharedDeskError::from(hidden);
        assert!(matches!(hidden, SharedDeskError::NotAllowed(_)), "{hidden}");
    });
}

/// The admin adds the newsroom's site once; every editor's laptop lists it, each editor gives
/// their own WordPress login for it on their laptop (never through the desk), and a site the
/// admin removes leaves their lists.
#[test]
fn a_site_the_admin_adds_reaches_every_editor_who_sends_with_their_own_login() {
    let site = site();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let desk = runtime.block_on(TestDesk::new());
    let mut boss = Laptop::boss(&desk, &runtime);
    let mut ana = Laptop::join(&desk, &runtime, "Ana", Role::Reporter, None);
    let mut erik = Laptop::join(&desk, &runtime, "Erik", Role::Editor, None);
    add_wordpress_target(
        &mut boss.store,
        "Main site",
        &site.url,
        &site.user,
        &site.password,
        Utc::now(),
    )
    .expect("the admin adds the site");
    boss.sync(&runtime);
    erik.sync(&runtime);
    let listed = erik
        .store
        .target("Main site")
        .expect("Erik's laptop lists the site");
    assert_eq!(listed.url, site.url);
    assert_eq!(listed.username, "", "no login comes through the desk");

    let story = write_and_submit(
        &mut ana,
        &format!("Troops arrive {}", Uuid::now_v7().simple()),
    );
    ana.sync(&runtime);
    erik.sync(&runtime);
    erik.approve(story);
    erik.sync(&runtime);
    erik.target = Some(listed.id);
    let entry = erik.queue_push(story);
    let mut ledger = erik.ledger();
    send_due(&mut ledger, settings(), &mut RecordProgress).expect("the push runs");
    let failed = erik.entry(entry.id);
    assert_eq!(failed.state, OutboxState::Failed, "{failed:?}");
    assert!(
        failed.last_error.contains("No password"),
        "he is told to give his login: {}",
        failed.last_error
    );

    give_wordpress_login(&mut erik.store, &listed, &site.user, &site.password)
        .expect("Erik gives his login");
    erik.store
        .retry_outbox(entry.id, Utc::now())
        .expect("retry");
    send_due(&mut ledger, settings(), &mut RecordProgress).expect("the push runs");
    let sent = erik.entry(entry.id);
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");

    let boss_target = boss.store.target("Main site").expect("target");
    boss.store
        .remove_target(boss_target.id)
        .expect("the admin removes the site");
    boss.sync(&runtime);
    erik.sync(&runtime);
    assert!(
        erik.store.target("Main site").is_err(),
        "the site left Erik's list"
    );
}
