//! The shared desk's figures, for docs/PERFORMANCE.md, against the real PostgreSQL of
//! scripts/postgres/start.sh (NEWSROOM_TEST_PG_*): `cargo bench -p newsroom-desk --bench sync`.
//!
//! - Save on one laptop to visible on another, with 1, 10 and 50 laptops active at once on
//!   this machine. Every laptop is an editor's (each sees every story), has its own data
//!   folder and connection, listens to the feed and syncs when it hears something, and saves
//!   an edit to its own story every 3 s (jittered), sending it at once, as the app does. The
//!   laptop after it in the ring reads that story after each of its rounds; the time from the
//!   save (the local commit) to the marker being in its copy is one sample. With one laptop
//!   active, a second one only watches. All laptops run in this one process on this machine's
//!   two cores, beside PostgreSQL: the 50-laptop figure is a worst case for the desk's server
//!   side and the laptops' share of one machine, not 50 machines' experience.
//! - PostgreSQL's CPU (its processes' user and system time over the wall time) and its
//!   connections during the 50-laptop run.
//! - Joining a desk of 10,000 submitted stories (about 150 words each): an editor's laptop's
//!   first sync, from an empty data folder to every story and text kept; then a round that
//!   brings nothing on that desk (median of 10): what every laptop pays for each change anyone
//!   makes, which must not grow with what the desk holds.
//!
//! - One sync round over a far network (40 ms a round trip, the proxy of the fault runs holding
//!   each chunk 20 ms each way), with nothing new and with one edit to bring, against the same
//!   rounds straight to the loopback server in the same run: what a laptop on hotel wifi
//!   waits for each round. And the rounds that send fifty comments, and twenty new stories,
//!   an editor wrote offline, over the same far network.
//!
//! The short run (NEWSROOM_BENCH_SHORT=1) runs 1 and 10 laptops and joins 1,000 stories;
//! NEWSROOM_BENCH_LAPTOPS=50 (or a list, 1,10) runs only those save-to-visible runs.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
#[path = "../../../tests/support/tcp_cutter.rs"]
mod tcp_cutter;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{TestDesk, PASSWORD};
use figures::{count, ms, percentile, row, scale, short};
use newsroom_body::BodyDoc;
use newsroom_core::workflow::Role;
use newsroom_core::{ArticleContent, ArticlePatch};
use newsroom_desk::setup::who_am_i;
use newsroom_desk::sync::{listen_to_feed, sync_once};
use newsroom_desk::{connect, Connection};
use newsroom_store::{Profile, Store};
use tcp_cutter::TcpCutter;
use uuid::Uuid;

/// How often each active laptop saves.
const SAVE_EVERY: Duration = Duration::from_secs(3);
/// After a notification, a laptop gathers the others that follow before it syncs.
const GATHER: Duration = Duration::from_millis(10);

struct Laptop {
    _dir: tempfile::TempDir,
    store: Store,
    me: Profile,
    desk: Connection,
    story: Uuid,
}

async fn laptop(desk: &TestDesk, name: &str) -> Laptop {
    let (_, connection) = desk.person(name, Role::Editor).await;
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, me) = common::join_folder(desk, &connection, dir.path()).await;
    let story = store
        .create_article(
            &ArticleContent {
                headline: format!("{name}'s story"),
                body: "The first paragraph.".into(),
                ..ArticleContent::default()
            },
            &me.name,
            Utc::now(),
        )
        .expect("story")
        .id;
    common::file_and_submit(&mut store, &me, story);
    listen_to_feed(&connection, &desk.desk)
        .await
        .expect("listen");
    Laptop {
        _dir: dir,
        store,
        me,
        desk: connection,
        story,
    }
}

impl Laptop {
    /// Saves `text` at the end of this laptop's own story, as its person.
    fn append(&mut self, text: &str) {
        let body = self.store.article(self.story).expect("story").content.body + text;
        let name = self.me.name.clone();
        self.store
            .update_article(
                self.story,
                ArticlePatch {
                    body: Some(body),
                    ..ArticlePatch::default()
                },
                &name,
                Utc::now(),
            )
            .expect("save");
    }
}

/// The CPU time of each PostgreSQL process on the machine, in seconds, by process id.
fn postgres_cpu() -> HashMap<u32, f64> {
    let ticks = 100.0; // USER_HZ on Linux
    let mut times = HashMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let path = entry.path();
        let Some(pid) = path
            .file_name()
            .and_then(|n| n.to_str()?.parse::<u32>().ok())
        else {
            continue;
        };
        let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        if comm.trim() != "postgres" {
            continue;
        }
        let stat = std::fs::read_to_string(path.join("stat")).unwrap_or_default();
        // The fields after the command's closing parenthesis: utime and stime are the 12th and
        // 13th of them.
        if let Some(rest) = stat.rsplit_once(')').map(|(_, rest)| rest) {
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let time = |i: usize| {
                fields
                    .get(i)
                    .and_then(|f| f.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            times.insert(pid, (time(11) + time(12)) / ticks);
        }
    }
    times
}

/// The CPU PostgreSQL spent between `before` and now (processes that ended meanwhile are
/// missed: each laptop's connection is kept open until this is read).
fn postgres_cpu_since(before: &HashMap<u32, f64>) -> f64 {
    postgres_cpu()
        .into_iter()
        .map(|(pid, now)| now - before.get(&pid).copied().unwrap_or(0.0))
        .sum()
}

/// One run with `active` laptops saving (and one more watching when only one saves); the
/// save-to-visible samples, and PostgreSQL's CPU share and connections.
async fn save_to_visible(active: usize, seconds: u64) -> (Vec<Duration>, f64, i64) {
    let desk = TestDesk::new().await;
    let total = active.max(2);
    let mut laptops = Vec::new();
    for i in 0..total {
        laptops.push(laptop(&desk, &format!("Editor {i}")).await);
    }
    // Everyone has everyone's story before the clock starts.
    for _ in 0..2 {
        for laptop in laptops.iter_mut() {
            sync_once(&mut laptop.store, &mut laptop.desk)
                .await
                .expect("sync");
        }
    }
    let stories: Vec<Uuid> = laptops.iter().map(|l| l.story).collect();
    let saved_at: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let samples: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let owner = desk.owner().await;
    let cpu_before = postgres_cpu();
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (i, mut laptop) in laptops.into_iter().enumerate() {
        let watched = stories[(i + total - 1) % total];
        let (saved_at, samples) = (Arc::clone(&saved_at), Arc::clone(&samples));
        let saves = i < active;
        tasks.push(tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(i as u64);
            let mut next_save =
                Instant::now() + Duration::from_millis(rng.u64(0..SAVE_EVERY.as_millis() as u64));
            let mut seen = 0usize;
            let mut n = 0;
            while Instant::now() < until {
                let wait = next_save.saturating_duration_since(Instant::now());
                let save_now = tokio::select! {
                    heard = laptop.desk.notifications.recv() => {
                        if heard.is_none() { break; }
                        tokio::time::sleep(GATHER).await;
                        while laptop.desk.notifications.try_recv().is_ok() {}
                        false
                    }
                    () = tokio::time::sleep(wait) => saves,
                };
                if save_now {
                    let marker = format!("«{i}-{n}»");
                    n += 1;
                    laptop.append(&format!(" {marker}"));
                    saved_at
                        .lock()
                        .expect("lock")
                        .insert(marker, Instant::now());
                    next_save = Instant::now() + SAVE_EVERY.mul_f64(0.5 + rng.f64());
                } else if !saves && wait.is_zero() {
                    next_save = until;
                }
                if sync_once(&mut laptop.store, &mut laptop.desk)
                    .await
                    .is_err()
                {
                    continue;
                }
                let text = laptop.store.article(watched).expect("watched").content.body;
                let markers: Vec<&str> = text.split('«').skip(1).collect();
                let now = Instant::now();
                for marker in &markers[seen.min(markers.len())..] {
                    let marker = format!("«{}", marker.split_once('»').map_or(*marker, |m| m.0));
                    let marker = format!("{marker}»");
                    if let Some(at) = saved_at.lock().expect("lock").get(&marker) {
                        samples.lock().expect("lock").push(now - *at);
                    }
                }
                seen = markers.len();
            }
            // Kept (and its connection open) until PostgreSQL's CPU is read: a backend that
            // ended is not counted.
            laptop
        }));
    }
    let mut connections = 0;
    let mut done = Vec::new();
    for task in tasks {
        if connections == 0 {
            connections = owner
                .client
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()",
                    &[],
                )
                .await
                .map(|row| row.get(0))
                .unwrap_or(0);
        }
        done.extend(task.await);
    }
    let cpu = postgres_cpu_since(&cpu_before) / started.elapsed().as_secs_f64();
    drop(done);
    let samples = samples.lock().expect("lock").clone();
    (samples, cpu, connections)
}

/// Ana's laptop straight to a new desk, and the editor Erik's behind the fault runs' proxy (to
/// be given its latency), both synced once: each has the other's stories.
struct FarEditor {
    _desk: TestDesk,
    ana: Laptop,
    cutter: TcpCutter,
    _dir: tempfile::TempDir,
    store: Store,
    me: Profile,
    erik: Connection,
}

async fn far_editor() -> FarEditor {
    let desk = TestDesk::new().await;
    let mut ana = laptop(&desk, "Ana").await;
    let upstream = format!("{}:{}", desk.address.host, desk.address.port)
        .parse()
        .expect("the test server's address");
    let cutter = TcpCutter::start(upstream);
    let (_, direct) = desk.person("Erik", Role::Editor).await;
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, me) = common::join_folder(&desk, &direct, dir.path()).await;
    let mut far = desk.address.clone();
    far.port = cutter.port;
    let mut erik = connect(&far, &direct.login, PASSWORD)
        .await
        .expect("Erik connects through the proxy");
    sync_once(&mut ana.store, &mut ana.desk)
        .await
        .expect("sync");
    sync_once(&mut store, &mut erik).await.expect("sync");
    FarEditor {
        _desk: desk,
        ana,
        cutter,
        _dir: dir,
        store,
        me,
        erik,
    }
}

/// How long one sync round takes for an editor whose laptop is `one_way` from the desk (and
/// straight to it, `one_way` zero): the median of `rounds` quiet rounds (nothing new), and of
/// `rounds` rounds that each bring one edit of another laptop's story.
async fn round_over(one_way: Duration, rounds: usize) -> (Duration, Duration) {
    // (The desk and the data folder are bound, not left in `..`: they must live to the end.)
    let FarEditor {
        _desk,
        mut ana,
        cutter,
        _dir,
        mut store,
        me: _,
        mut erik,
    } = far_editor().await;
    cutter.set_latency(one_way);
    let mut quiet = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        sync_once(&mut store, &mut erik).await.expect("quiet round");
        quiet.push(started.elapsed());
    }
    let mut bringing = Vec::new();
    for n in 0..rounds {
        ana.append(&format!(" Edit {n}."));
        sync_once(&mut ana.store, &mut ana.desk)
            .await
            .expect("send");
        let started = Instant::now();
        sync_once(&mut store, &mut erik).await.expect("round");
        bringing.push(started.elapsed());
        assert!(
            store
                .article(ana.story)
                .expect("story")
                .content
                .body
                .ends_with(&format!("Edit {n}.")),
            "the round brought the edit"
        );
    }
    (percentile(&mut quiet, 0.5), percentile(&mut bringing, 0.5))
}

/// How long the round takes that sends `comments` comments an editor wrote offline on a
/// story, from a laptop `one_way` from the desk: a laptop back from a flight.
async fn catch_up_over(one_way: Duration, comments: usize) -> Duration {
    let mut far = far_editor().await;
    for n in 0..comments {
        far.store
            .add_comment(
                far.ana.story,
                None,
                &far.me.name,
                &format!("Note {n}."),
                "",
                None,
                Utc::now(),
            )
            .expect("comment");
    }
    let (round, elapsed) = round_behind(&mut far, one_way).await;
    assert_eq!(round.changes_sent as usize, comments, "every comment sent");
    elapsed
}

/// One round of the far editor's laptop, timed, the proxy holding each chunk `one_way`.
async fn round_behind(
    far: &mut FarEditor,
    one_way: Duration,
) -> (newsroom_desk::sync::SyncReport, Duration) {
    far.cutter.set_latency(one_way);
    let started = Instant::now();
    let round = sync_once(&mut far.store, &mut far.erik)
        .await
        .expect("catch up");
    (round, started.elapsed())
}

/// The round that sends `stories` new stories an editor wrote offline, over a network
/// `one_way` from the desk.
async fn stories_over(one_way: Duration, stories: usize) -> Duration {
    let mut far = far_editor().await;
    for n in 0..stories {
        far.store
            .create_article(
                &ArticleContent {
                    headline: format!("Story {n}"),
                    body: format!("The first paragraph of story {n}."),
                    ..ArticleContent::default()
                },
                &far.me.name,
                Utc::now(),
            )
            .expect("story");
    }
    let (round, elapsed) = round_behind(&mut far, one_way).await;
    assert_eq!(round.stories_sent as usize, stories, "every story sent");
    elapsed
}

/// A desk holding `stories` submitted stories of about 150 words, written straight to its
/// tables as its owner (what years of work would leave), and the editor who joins.
async fn big_desk(stories: usize) -> (TestDesk, Connection) {
    let desk = TestDesk::new().await;
    let (_, editor) = desk.person("Erik", Role::Editor).await;
    let owner = desk.owner().await;
    let boss: Uuid = owner
        .client
        .query_one("SELECT id FROM desk.people WHERE name = 'Boss'", &[])
        .await
        .expect("boss")
        .get(0);
    let paragraph = "Officials in Seoul said the soldiers crossed at dawn on Monday, and that \
                     the talks planned for the week were off. ";
    for batch in 0..stories.div_ceil(1000) {
        let (mut ids, mut fields, mut updates) = (Vec::new(), Vec::new(), Vec::new());
        for i in batch * 1000..((batch + 1) * 1000).min(stories) {
            ids.push(Uuid::now_v7());
            fields.push(serde_json::json!({ "headline": format!("Story {i}"), "language": "en" }));
            updates.push(BodyDoc::genesis(&paragraph.repeat(6)).1);
        }
        owner
            .client
            .batch_execute(&format!("SET ROLE {}_owner", desk.desk))
            .await
            .expect("as the owner");
        owner
            .client
            .execute(
                "WITH v AS (UPDATE desk.clock SET v = v + 1 RETURNING v),
                      s AS (INSERT INTO desk.stories (id, created_by, created_at, state, fields,
                                                      shared_version, version)
                            SELECT id, $4, now(), 'submitted', f, v.v, v.v
                              FROM unnest($1::uuid[], $2::jsonb[]) AS x(id, f), v
                            RETURNING id)
                 INSERT INTO desk.body_updates (id, story, author, \"update\", at, version)
                 SELECT gen_random_uuid(), id, $4, u, now(), v.v
                   FROM unnest($1::uuid[], $3::bytea[]) AS y(id, u), v",
                &[&ids, &fields, &updates, &boss],
            )
            .await
            .expect("stories");
        owner
            .client
            .execute(
                "INSERT INTO desk.story_authors SELECT id, $2, $2, 1 FROM unnest($1::uuid[]) id",
                &[&ids, &boss],
            )
            .await
            .expect("authors");
        owner
            .client
            .batch_execute("RESET ROLE")
            .await
            .expect("reset");
    }
    (desk, editor)
}

fn main() {
    if std::env::var("NEWSROOM_TEST_PG_URL").is_err() {
        eprintln!("this bench needs the loopback PostgreSQL (scripts/bench.sh starts it)");
        std::process::exit(1);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let seconds = if short() { 8 } else { 30 };
    // NEWSROOM_BENCH_LAPTOPS=50 runs that many alone (to profile one run).
    let chosen: Option<Vec<usize>> = std::env::var("NEWSROOM_BENCH_LAPTOPS").ok().map(|list| {
        list.split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect()
    });
    let runs: &[usize] = match &chosen {
        Some(chosen) => chosen,
        None if short() => &[1, 10],
        None => &[1, 10, 50],
    };
    for &active in runs {
        let (mut samples, cpu, connections) = runtime.block_on(save_to_visible(active, seconds));
        if samples.is_empty() {
            row(
                &format!("save to visible on another laptop, {active} active"),
                "no samples",
                "≤ 300 ms p95 at 50",
            );
            continue;
        }
        let p50 = percentile(&mut samples, 0.5);
        let p95 = percentile(&mut samples, 0.95);
        row(
            &format!("save to visible on another laptop, {active} active, p50"),
            &ms(p50, 0),
            "(p95 is the target)",
        );
        row(
            &format!(
                "save to visible on another laptop, {active} active, p95 ({} samples)",
                count(samples.len() as u64)
            ),
            &ms(p95, 0),
            "≤ 300 ms",
        );
        if active == *runs.last().unwrap_or(&active) {
            row(
                &format!("PostgreSQL at {active} laptops: CPU, connections"),
                &format!("{:.0} % of a core, {connections} connections", cpu * 100.0),
                "recorded",
            );
        }
    }
    if chosen.is_some() {
        return;
    }
    let rounds = scale(30, 10);
    let (near_quiet, near_bringing) = runtime.block_on(round_over(Duration::ZERO, rounds));
    let (far_quiet, far_bringing) = runtime.block_on(round_over(Duration::from_millis(20), rounds));
    row(
        "one sync round, nothing new: 40 ms round trip / loopback (median)",
        &format!("{} / {}", ms(far_quiet, 0), ms(near_quiet, 0)),
        "recorded",
    );
    row(
        "one sync round bringing an edit: 40 ms round trip / loopback (median)",
        &format!("{} / {}", ms(far_bringing, 0), ms(near_bringing, 0)),
        "recorded",
    );
    let caught_up = runtime.block_on(catch_up_over(Duration::from_millis(20), 50));
    row(
        "the round that sends 50 comments written offline, over a 40 ms round trip",
        &ms(caught_up, 0),
        "recorded",
    );
    let written = runtime.block_on(stories_over(Duration::from_millis(20), 20));
    row(
        "the round that sends 20 stories written offline, over a 40 ms round trip",
        &ms(written, 0),
        "recorded",
    );
    let stories = scale(10_000, 1_000);
    let (desk, mut editor) = runtime.block_on(big_desk(stories));
    let dir = tempfile::tempdir().expect("dir");
    let joined = runtime.block_on(async {
        let started = Instant::now();
        let mut store = Store::open(dir.path()).expect("open");
        let person = who_am_i(&editor.client).await.expect("who");
        store
            .join_desk(
                &desk.address.without_login(),
                &desk.desk,
                &editor.login,
                &person,
                PASSWORD,
                Utc::now(),
            )
            .expect("join");
        sync_once(&mut store, &mut editor)
            .await
            .expect("first sync");
        let elapsed = started.elapsed();
        let held = store
            .list_articles(&newsroom_store::ListFilter::default(), 100_000, 0)
            .expect("list")
            .len();
        assert_eq!(held, stories, "every story on the laptop");
        // Every round after it brings nothing new, and must cost little however much the
        // desk holds: each laptop runs one for every change anyone makes. (The round after the
        // join hears back what the join itself put on the desk.)
        sync_once(&mut store, &mut editor).await.expect("a round");
        let mut rounds = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            let report = sync_once(&mut store, &mut editor).await.expect("a round");
            rounds.push(started.elapsed());
            assert_eq!(
                report.received, 0,
                "a round after the join brought something"
            );
        }
        rounds.sort();
        (elapsed, rounds[rounds.len() / 2])
    });
    row(
        &format!(
            "joining a desk of {} stories: the first sync, every text kept",
            count(stories as u64)
        ),
        &ms(joined.0, 0),
        "≤ 30 s",
    );
    row(
        &format!(
            "a round bringing nothing, on that desk of {} stories (median of 10)",
            count(stories as u64)
        ),
        &ms(joined.1, 1),
        "recorded",
    );
}
