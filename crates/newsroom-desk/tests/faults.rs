//! The network failing mid-sync: a proxy between the laptop and the real PostgreSQL cuts the
//! connection after a growing number of bytes, so rounds break in the handshake, while
//! sending, after the desk committed but before its answer arrived, and while hearing. Edits
//! keep being made between the tries. At the end nothing made is lost and nothing is applied
//! twice: every comment and move is on the desk once, every edit is in the text once, and the
//! editor's laptop holds what the reporter's holds.

#[path = "../../../tests/support/tcp_cutter.rs"]
mod tcp_cutter;

mod common;

use chrono::Utc;
use common::{TestDesk, PASSWORD};
use newsroom_core::workflow::Role;
use newsroom_core::{ArticleContent, ArticlePatch};
use newsroom_desk::sync::sync_once;
use newsroom_desk::{connect, Connection, DeskAddress};
use newsroom_store::{Profile, Store};
use tcp_cutter::TcpCutter;
use tempfile::TempDir;
use uuid::Uuid;

struct Laptop {
    _dir: TempDir,
    store: Store,
    me: Profile,
    login: String,
}

async fn laptop(desk: &TestDesk, name: &str, role: Role) -> Laptop {
    let (_, connection) = desk.person(name, role).await;
    let dir = TempDir::new().expect("dir");
    let (store, me) = common::join_folder(desk, &connection, dir.path()).await;
    Laptop {
        _dir: dir,
        store,
        me,
        login: connection.login.clone(),
    }
}

impl Laptop {
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

    fn append(&mut self, story: Uuid, words: &str) {
        let body = format!(
            "{}\n\n{words}",
            self.store.article(story).expect("story").content.body
        );
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

    fn submit(&mut self, story: Uuid) {
        common::file_and_submit(&mut self.store, &self.me, story);
    }

    fn comment(&mut self, story: Uuid, text: &str) {
        let name = self.me.name.clone();
        self.store
            .add_comment(story, None, &name, text, "", None, Utc::now())
            .expect("comment");
    }

    fn body(&self, story: Uuid) -> String {
        self.store.article(story).expect("story").content.body
    }

    async fn connect_via(&self, desk: &TestDesk, port: u16) -> Option<Connection> {
        let mut address: DeskAddress = desk.address.clone();
        address.port = port;
        connect(&address, &self.login, PASSWORD).await.ok()
    }
}

#[tokio::test]
async fn a_connection_cut_anywhere_in_a_sync_loses_nothing_and_applies_nothing_twice() {
    let desk = TestDesk::new().await;
    let upstream = format!("{}:{}", desk.address.host, desk.address.port)
        .parse()
        .expect("the server's address");
    let cutter = TcpCutter::start(upstream);
    let mut ana = laptop(&desk, "Ana", Role::Reporter).await;
    let mut erik = laptop(&desk, "Erik", Role::Editor).await;

    let stories: Vec<Uuid> = (0..3)
        .map(|i| {
            ana.write(
                &format!("Story {i}"),
                &format!("First paragraph of story {i}."),
            )
        })
        .collect();
    for story in &stories {
        ana.submit(*story);
    }
    ana.comment(stories[0], "Check the figures");

    // Cut after more and more bytes, an edit and a comment between every two tries, until a
    // round gets through whole.
    let mut made = 0;
    let mut limit = 64;
    let mut broken_rounds = 0;
    loop {
        cutter.cut_after(limit);
        let finished = match ana.connect_via(&desk, cutter.port).await {
            None => false,
            Some(mut connection) => match sync_once(&mut ana.store, &mut connection).await {
                Ok(_) => true,
                Err(err) => {
                    assert!(
                        err.is_transient(),
                        "a cut connection is a passing failure: {err}"
                    );
                    false
                }
            },
        };
        if finished {
            break;
        }
        broken_rounds += 1;
        let story = stories[made % stories.len()];
        ana.append(story, &format!("Edit number {made} made offline."));
        ana.comment(story, &format!("Comment number {made}"));
        made += 1;
        limit = limit * 3 / 2;
        assert!(limit < 50_000_000, "no round ever got through");
    }
    assert!(
        broken_rounds >= 10,
        "the cuts broke only {broken_rounds} rounds"
    );

    // Once more with no cut, then the editor hears it all.
    cutter.cut_after(0);
    let mut connection = ana
        .connect_via(&desk, cutter.port)
        .await
        .expect("connects through the proxy");
    sync_once(&mut ana.store, &mut connection)
        .await
        .expect("a whole round");
    assert_eq!(ana.store.desk_waiting().expect("waiting").total(), 0);
    let mut direct = desk.as_login(&erik.login).await;
    sync_once(&mut erik.store, &mut direct)
        .await
        .expect("the editor syncs");

    for story in &stories {
        let text = ana.body(*story);
        assert_eq!(erik.body(*story), text, "one text on both laptops");
        assert_eq!(
            ana.store.desk_digest(Some(*story)).expect("digest"),
            erik.store.desk_digest(Some(*story)).expect("digest")
        );
    }
    for n in 0..made {
        let story = stories[n % stories.len()];
        let edit = format!("Edit number {n} made offline.");
        assert_eq!(ana.body(story).matches(&edit).count(), 1, "{edit} once");
    }
    let owner = desk.owner().await;
    let count = |sql: &'static str| {
        let client = &owner.client;
        async move {
            client
                .query_one(sql, &[])
                .await
                .expect(sql)
                .get::<_, i64>(0)
        }
    };
    assert_eq!(
        count("SELECT count(*) FROM desk.comments").await,
        made as i64 + 1
    );
    assert_eq!(
        count("SELECT count(*) FROM desk.events WHERE action = 'submit'").await,
        stories.len() as i64,
        "each story submitted once"
    );
    assert_eq!(
        count("SELECT count(*) FROM desk.stories").await,
        stories.len() as i64
    );
    let comments_here: usize = stories
        .iter()
        .map(|s| erik.store.comments(*s).expect("comments").len())
        .sum();
    assert_eq!(
        comments_here,
        made + 1,
        "every comment on the editor's laptop, once"
    );
}

#[tokio::test]
async fn offline_for_a_while_then_back_everything_made_meanwhile_arrives_in_order() {
    let desk = TestDesk::new().await;
    let upstream = format!("{}:{}", desk.address.host, desk.address.port)
        .parse()
        .expect("address");
    let cutter = TcpCutter::start(upstream);
    let mut ana = laptop(&desk, "Ana", Role::Reporter).await;
    let mut erik = laptop(&desk, "Erik", Role::Editor).await;
    let story = ana.write("Offline", "Filed from the train.");
    ana.submit(story);

    cutter.set_online(false);
    assert!(
        ana.connect_via(&desk, cutter.port).await.is_none(),
        "the network is gone"
    );
    for n in 0..5 {
        ana.append(story, &format!("Line {n}."));
    }
    let waiting = ana.store.desk_waiting().expect("waiting");
    assert_eq!(
        (waiting.stories, waiting.changes),
        (1, 1),
        "the story and its submit wait"
    );

    cutter.set_online(true);
    let mut connection = ana
        .connect_via(&desk, cutter.port)
        .await
        .expect("back online");
    sync_once(&mut ana.store, &mut connection)
        .await
        .expect("sync");
    let mut direct = desk.as_login(&erik.login).await;
    sync_once(&mut erik.store, &mut direct)
        .await
        .expect("editor");
    let text = erik.body(story);
    let positions: Vec<usize> = (0..5)
        .map(|n| text.find(&format!("Line {n}.")).expect("every line"))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in the order written: {text}"
    );
}
