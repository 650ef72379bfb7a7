//! The shared desk's faults, against the real PostgreSQL (NEWSROOM_TEST_PG_*):
//!
//! (j) a laptop's process killed (kill -9) at random moments while it edits, comments and
//!     syncs: every edit and comment it was told were kept ends on the desk and on the
//!     editor's laptop exactly once;
//! (k) PostgreSQL restarted while two laptops edit and sync: nothing lost or applied twice,
//!     digests equal after;
//! (l) a soak: four laptops making random changes, each behind a proxy that partitions it at
//!     random; at the end every laptop holds every change made, once, and every story has one
//!     digest on every laptop.

#[path = "../../../../crates/newsroom-desk/tests/common/mod.rs"]
mod desk_common;
#[path = "../../../support/tcp_cutter.rs"]
mod tcp_cutter;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use desk_common::{TestDesk, PASSWORD};
use newsroom_core::workflow::{Role, WorkflowAction, WorkflowState};
use newsroom_core::{ArticleContent, ArticlePatch};
use newsroom_desk::sync::sync_once;
use newsroom_desk::{connect, Connection, DeskAddress};
use newsroom_store::{Profile, Seen, Store};
use tcp_cutter::TcpCutter;
use uuid::Uuid;

use super::Row;

/// Whether the test PostgreSQL is there (scripts/test.sh starts it).
fn have_server() -> bool {
    [
        "NEWSROOM_TEST_PG_URL",
        "NEWSROOM_TEST_PG_PASSWORD",
        "NEWSROOM_TEST_PG_CA",
    ]
    .iter()
    .all(|name| std::env::var(name).is_ok_and(|v| !v.is_empty()))
}

fn not_run(part: &'static str, what: &str) -> Row {
    Row {
        part,
        what: what.to_owned(),
        result: "not run: no test PostgreSQL (NEWSROOM_TEST_PG_*)".into(),
        ok: false,
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A laptop: a data folder joined to the desk as one person, reaching the desk at `port`.
struct Laptop {
    dir: tempfile::TempDir,
    store: Store,
    me: Profile,
    login: String,
    address: DeskAddress,
    desk: Option<Connection>,
}

impl Laptop {
    async fn join(desk: &TestDesk, name: &str, role: Role, port: u16) -> Laptop {
        let (_, connection) = desk.person(name, role).await;
        let dir = tempfile::tempdir().expect("dir");
        let (store, me) = desk_common::join_folder(desk, &connection, dir.path()).await;
        let mut address = desk.address.clone();
        address.port = port;
        Laptop {
            dir,
            store,
            me,
            login: connection.login.clone(),
            address,
            desk: None,
        }
    }

    /// One round; false when the desk could not be reached (the next try connects again).
    async fn sync(&mut self) -> bool {
        if self.desk.is_none() {
            self.desk = connect(&self.address, &self.login, PASSWORD).await.ok();
        }
        let Some(desk) = self.desk.as_mut() else {
            return false;
        };
        match sync_once(&mut self.store, desk).await {
            Ok(_) => true,
            Err(_) => {
                self.desk = None;
                false
            }
        }
    }

    fn body(&self, story: Uuid) -> String {
        self.store
            .article(story)
            .map(|a| a.content.body)
            .unwrap_or_default()
    }

    fn append(&mut self, story: Uuid, words: &str) -> bool {
        let body = format!("{} {words}", self.body(story));
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
            .is_ok()
    }

    fn write_and_file(&mut self, headline: &str) -> Uuid {
        let id = self
            .store
            .create_article(
                &ArticleContent {
                    headline: headline.into(),
                    body: format!("{headline}."),
                    ..ArticleContent::default()
                },
                &self.me.name,
                Utc::now(),
            )
            .expect("create")
            .id;
        desk_common::file_and_submit(&mut self.store, &self.me, id);
        id
    }

    fn stories(&self) -> Vec<Uuid> {
        self.store
            .list_articles(&newsroom_store::ListFilter::default(), 10_000, 0)
            .expect("list")
            .into_iter()
            .map(|a| a.id)
            .collect()
    }
}

/// The child process of (j): edits, comments and syncs story `story` in the joined data
/// folder `dir` until it is killed, saying "saved N" and "commented N" once each is kept here.
pub fn syncer(dir: &Path, story: Uuid) -> ! {
    let mut store = Store::open(dir).expect("open");
    let link = store.desk_link().expect("link").expect("joined");
    let me = store
        .profiles()
        .expect("profiles")
        .into_iter()
        .find(|p| p.id == link.profile_id)
        .expect("me");
    store.set_actor(Some(me.clone()));
    let address = DeskAddress::parse(&link.address).expect("address");
    let runtime = runtime();
    runtime.block_on(async {
        let mut desk = None;
        let mut n = store
            .article(story)
            .expect("story")
            .content
            .body
            .matches('«')
            .count();
        loop {
            let body = format!(
                "{} «e{n}»",
                store.article(story).expect("story").content.body
            );
            store
                .update_article(
                    story,
                    ArticlePatch {
                        body: Some(body),
                        ..ArticlePatch::default()
                    },
                    &me.name,
                    Utc::now(),
                )
                .expect("edit");
            println!("saved {n}");
            store
                .add_comment(
                    story,
                    None,
                    &me.name,
                    &format!("c{n}"),
                    "",
                    None,
                    Utc::now(),
                )
                .expect("comment");
            println!("commented {n}");
            if desk.is_none() {
                desk = connect(&address, &link.login, PASSWORD).await.ok();
            }
            if let Some(connection) = desk.as_mut() {
                if sync_once(&mut store, connection).await.is_err() {
                    desk = None;
                }
            }
            n += 1;
        }
    })
}

/// (j) `rounds` kills of a syncing laptop's process.
pub fn killed_mid_sync(rounds: u32) -> Row {
    const WHAT: &str =
        "kill -9 of a laptop mid-sync: acknowledged edits and comments on the desk once";
    if !have_server() {
        return not_run("j", WHAT);
    }
    let started = Instant::now();
    let runtime = runtime();
    let desk = runtime.block_on(TestDesk::new());
    let (mut ana, mut erik) = runtime.block_on(async {
        let port = desk.address.port;
        (
            Laptop::join(&desk, "Ana", Role::Reporter, port).await,
            Laptop::join(&desk, "Erik", Role::Editor, port).await,
        )
    });
    let story = ana.write_and_file("Killed mid-sync");
    assert!(runtime.block_on(ana.sync()), "the first sync");
    let dir = ana.dir.path().to_owned();
    drop(ana.store);
    let exe = std::env::current_exe().expect("exe");
    let mut rng = fastrand::Rng::with_seed(17);
    let (mut saved, mut commented) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let mut child = Command::new(&exe)
            .args([
                "desk-syncer",
                &dir.display().to_string(),
                &story.to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the syncer");
        let out = child.stdout.take().expect("stdout");
        let lines = std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.u64(30..400)));
        let _ = child.kill();
        let _ = child.wait();
        for line in lines.join().unwrap_or_default() {
            if let Some(n) = line.strip_prefix("saved ") {
                saved.push(n.to_owned());
            } else if let Some(n) = line.strip_prefix("commented ") {
                commented.push(n.to_owned());
            }
        }
    }
    // The laptop again, whole: one round sends what waits; the editor hears it.
    ana.store = Store::open(&dir).expect("reopen");
    let (mut problems, mut settled) = (Vec::new(), false);
    runtime.block_on(async {
        for _ in 0..3 {
            settled = ana.sync().await && erik.sync().await;
        }
    });
    if !settled {
        problems.push("a last sync failed".to_owned());
    }
    let (text, editors) = (ana.body(story), erik.body(story));
    if text != editors {
        problems.push("the two laptops' texts differ".into());
    }
    for n in &saved {
        let marker = format!("«e{n}»");
        if editors.matches(&marker).count() != 1 {
            problems.push(format!(
                "{marker} is {} times in the text",
                editors.matches(&marker).count()
            ));
        }
    }
    let on_desk: Vec<String> = runtime.block_on(async {
        desk.owner()
            .await
            .client
            .query("SELECT text FROM desk.comments", &[])
            .await
            .expect("comments")
            .iter()
            .map(|row| row.get(0))
            .collect()
    });
    for n in &commented {
        let count = on_desk.iter().filter(|t| **t == format!("c{n}")).count();
        if count != 1 {
            problems.push(format!("comment c{n} is on the desk {count} times"));
        }
    }
    let distinct: std::collections::BTreeSet<&String> = on_desk.iter().collect();
    if distinct.len() != on_desk.len() {
        problems.push("a comment is on the desk twice".into());
    }
    Row {
        part: "j",
        what: WHAT.into(),
        result: format!(
            "{rounds} kills; {} edits and {} comments acknowledged, all on the desk once; {}; {:.1} s",
            saved.len(),
            commented.len(),
            if problems.is_empty() { "texts equal".to_owned() } else { problems.join("; ") },
            started.elapsed().as_secs_f64()
        ),
        ok: problems.is_empty() && !saved.is_empty(),
    }
}

/// (k) PostgreSQL restarted (fast shutdown: open transactions roll back) while two laptops
/// edit and sync.
pub fn server_restarted() -> Row {
    const WHAT: &str =
        "PostgreSQL restarted while laptops sync: nothing lost or twice, digests equal";
    let (data, bin) = (
        std::env::var("NEWSROOM_TEST_PG_DATA").unwrap_or_default(),
        std::env::var("NEWSROOM_TEST_PG_BIN").unwrap_or_default(),
    );
    if !have_server() || data.is_empty() || bin.is_empty() {
        return not_run("k", WHAT);
    }
    let started = Instant::now();
    let runtime = runtime();
    let desk = runtime.block_on(TestDesk::new());
    let port = desk.address.port;
    let (mut ana, mut erik) = runtime.block_on(async {
        (
            Laptop::join(&desk, "Ana", Role::Reporter, port).await,
            Laptop::join(&desk, "Erik", Role::Editor, port).await,
        )
    });
    let story = ana.write_and_file("Restarted");
    let restart = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        Command::new("runuser")
            .args([
                "-u",
                "postgres",
                "--",
                &format!("{bin}/pg_ctl"),
                "-D",
                &data,
            ])
            .args(["-m", "fast", "-w", "-t", "60", "restart"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    });
    let mut markers = Vec::new();
    let mut failed_rounds = 0;
    runtime.block_on(async {
        for n in 0..60 {
            let marker = format!("«r{n}»");
            let written = if n % 2 == 0 {
                ana.append(story, &marker)
            } else {
                erik.has_story(story) && erik.append(story, &marker)
            };
            if written {
                markers.push(marker);
            }
            if !ana.sync().await {
                failed_rounds += 1;
            }
            if !erik.sync().await {
                failed_rounds += 1;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let restarted = restart.join().unwrap_or(false);
    let settled = runtime.block_on(async {
        let mut ok = false;
        for _ in 0..50 {
            ok = ana.sync().await && erik.sync().await && ana.sync().await;
            if ok {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        ok
    });
    let mut problems = Vec::new();
    if !restarted {
        problems.push("the server did not restart".to_owned());
    }
    if !settled {
        problems.push("the laptops never synced again".to_owned());
    }
    let text = ana.body(story);
    if text != erik.body(story) {
        problems.push("the texts differ".into());
    }
    for marker in &markers {
        if text.matches(marker.as_str()).count() != 1 {
            problems.push(format!(
                "{marker} is {} times in the text",
                text.matches(marker.as_str()).count()
            ));
        }
    }
    let digests = (
        ana.store.desk_digest(Some(story)).unwrap_or_default(),
        erik.store.desk_digest(Some(story)).unwrap_or_default(),
    );
    if digests.0 != digests.1 {
        problems.push("the digests differ".into());
    }
    Row {
        part: "k",
        what: WHAT.into(),
        result: format!(
            "{} edits on two laptops, {failed_rounds} rounds cut by the restart; {}; {:.1} s",
            markers.len(),
            if problems.is_empty() {
                "all there once, digests equal".to_owned()
            } else {
                problems.join("; ")
            },
            started.elapsed().as_secs_f64()
        ),
        ok: problems.is_empty() && failed_rounds > 0,
    }
}

impl Laptop {
    fn has_story(&self, story: Uuid) -> bool {
        self.store.article(story).is_ok()
    }
}

/// (l) Four laptops (a reporter and three editors) making random changes for `seconds`, each
/// behind a proxy that partitions it at random.
pub fn soak(seconds: u64) -> Row {
    const WHAT: &str =
        "soak: four laptops, random changes, random partitions: every change everywhere, once";
    if !have_server() {
        return not_run("l", WHAT);
    }
    let started = Instant::now();
    let runtime = runtime();
    let desk = runtime.block_on(TestDesk::new());
    let upstream = format!("{}:{}", desk.address.host, desk.address.port)
        .parse()
        .expect("address");
    let cutters: Vec<TcpCutter> = (0..4).map(|_| TcpCutter::start(upstream)).collect();
    let mut laptops = runtime.block_on(async {
        let mut laptops = Vec::new();
        for (i, (name, role)) in [
            ("Rita", Role::Reporter),
            ("Ed One", Role::Editor),
            ("Ed Two", Role::Editor),
            ("Ed Three", Role::Editor),
        ]
        .into_iter()
        .enumerate()
        {
            laptops.push(Laptop::join(&desk, name, role, cutters[i].port).await);
        }
        laptops
    });
    let mut rng = fastrand::Rng::with_seed(12);
    // What was made: each marker's story, and each comment.
    let mut markers: BTreeMap<String, Uuid> = BTreeMap::new();
    let mut comments: BTreeMap<String, Uuid> = BTreeMap::new();
    let (mut rounds, mut cut_rounds, mut partitions, mut stories_made, mut reviews) =
        (0, 0, 0, 0, 0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    runtime.block_on(async {
        let mut n = 0;
        while Instant::now() < deadline {
            n += 1;
            let who = rng.usize(0..4);
            if rng.u8(0..10) == 0 {
                let online = rng.bool();
                cutters[who].set_online(online);
                if !online {
                    partitions += 1;
                }
            }
            let laptop = &mut laptops[who];
            let stories = laptop.stories();
            match rng.u8(0..10) {
                0 | 1 if who == 0 => {
                    laptop.write_and_file(&format!("Story {n}"));
                    stories_made += 1;
                }
                0..=4 if !stories.is_empty() => {
                    let story = stories[rng.usize(0..stories.len())];
                    let marker = format!("«{n}»");
                    if laptop.append(story, &marker) {
                        markers.insert(marker, story);
                    }
                }
                5 if !stories.is_empty() => {
                    let story = stories[rng.usize(0..stories.len())];
                    let text = format!("note {n}");
                    let name = laptop.me.name.clone();
                    if laptop
                        .store
                        .add_comment(story, None, &name, &text, "", None, Utc::now())
                        .is_ok()
                    {
                        comments.insert(text, story);
                    }
                }
                6 if !stories.is_empty() => {
                    let story = stories[rng.usize(0..stories.len())];
                    let _ = laptop.store.update_article(
                        story,
                        ArticlePatch {
                            headline: Some(format!("Headline {n}")),
                            ..ArticlePatch::default()
                        },
                        &laptop.me.name.clone(),
                        Utc::now(),
                    );
                }
                7 if who > 0 && !stories.is_empty() => {
                    // An editor takes a story into review; two doing it apart: the desk keeps
                    // the first, refuses the other, and that laptop takes the desk's state.
                    let story = stories[rng.usize(0..stories.len())];
                    let me = laptop.me.clone();
                    if laptop
                        .store
                        .move_story(
                            story,
                            WorkflowAction::Review,
                            &me,
                            Seen::Unchecked,
                            "",
                            Utc::now(),
                        )
                        .is_ok()
                    {
                        reviews += 1;
                    }
                }
                _ => {
                    rounds += 1;
                    if !laptop.sync().await {
                        cut_rounds += 1;
                    }
                }
            }
        }
        // Everyone back; rounds until every laptop has nothing to send and heard everything.
        for cutter in &cutters {
            cutter.set_online(true);
        }
        for _ in 0..4 {
            for laptop in laptops.iter_mut() {
                laptop.sync().await;
            }
        }
    });
    let mut problems = Vec::new();
    for laptop in &laptops {
        if laptop.store.desk_waiting().map(|w| w.total()).unwrap_or(1) != 0 {
            problems.push(format!("{} still has changes waiting", laptop.me.name));
        }
    }
    let all_stories = laptops[0].stories();
    for laptop in &laptops[1..] {
        if laptop.stories().len() != all_stories.len() {
            problems.push(format!(
                "{} holds {} stories, not {}",
                laptop.me.name,
                laptop.stories().len(),
                all_stories.len()
            ));
        }
    }
    for story in &all_stories {
        let digests: std::collections::BTreeSet<String> = laptops
            .iter()
            .map(|l| l.store.desk_digest(Some(*story)).unwrap_or_default())
            .collect();
        if digests.len() != 1 {
            problems.push(format!("story {story} has {} digests", digests.len()));
        }
    }
    for (marker, story) in &markers {
        for laptop in &laptops {
            let count = laptop.body(*story).matches(marker.as_str()).count();
            if count != 1 {
                problems.push(format!("{marker} is {count} times on {}", laptop.me.name));
            }
        }
    }
    for (text, story) in &comments {
        for laptop in &laptops {
            let count = laptop
                .store
                .comments(*story)
                .map(|c| c.iter().filter(|c| c.body == *text).count())
                .unwrap_or(0);
            if count != 1 {
                problems.push(format!(
                    "comment {text:?} is {count} times on {}",
                    laptop.me.name
                ));
            }
        }
    }
    let states: Vec<WorkflowState> = all_stories
        .iter()
        .filter_map(|s| laptops[0].store.article(*s).ok().map(|a| a.status))
        .collect();
    problems.truncate(5);
    Row {
        part: "l",
        what: WHAT.into(),
        result: format!(
            "{seconds} s: {stories_made} stories, {} edits, {} comments, {reviews} reviews, {rounds} rounds ({cut_rounds} cut), {partitions} partitions; {}; {} stories all {}; {:.1} s",
            markers.len(),
            comments.len(),
            if problems.is_empty() { "every change on every laptop once, one digest per story".to_owned() } else { problems.join("; ") },
            states.len(),
            if states.iter().all(|s| *s == WorkflowState::Submitted) { "submitted" } else { "in their states" },
            started.elapsed().as_secs_f64()
        ),
        ok: problems.is_empty() && !markers.is_empty() && cut_rounds > 0,
    }
}
