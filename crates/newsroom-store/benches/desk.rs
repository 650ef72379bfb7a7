//! Storage figures for docs/PERFORMANCE.md: `cargo bench -p newsroom-store --bench desk`.
//!
//! Percentiles, not means, because a journalist notices the slow save, not the average one.
//! Everything runs against a real database file with the production pragmas
//! (WAL, synchronous=FULL), on the disk NEWSROOM_BENCH_DIR points at (default: the temp folder).
//!
//! The short run (NEWSROOM_BENCH_SHORT=1) uses a tenth of the articles and tags and 100
//! samples of each.
//!
//! - autosave: 400 saves of a 5,000-word article, one word changed each time, one second apart
//!   (so revisions coalesce exactly as they do while typing). Time of `save_article`, which
//!   returns after the commit.
//! - search: 300 queries of one or two words (the last one as a prefix, as typed) over 100,000
//!   generated articles of about 150 words each.
//! - list: the first page (50 rows) of the article list over the same 100,000 articles.
//! - tag autocomplete: 300 half-typed names (1 to 5 letters of a word) against 50,000 tags,
//!   eight suggestions each with their usage counts, as the tag input asks on every keystroke;
//!   the 100,000 articles carry three tags each, popular tags far more often.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::{ArticleContent, RevisionKind};
use newsroom_store::{ListFilter, Store, DATABASE_FILE};

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
use figures::{count, percentile, row, scale};

const VOCABULARY_SIZE: usize = 4_000;

fn vocabulary(rng: &mut fastrand::Rng) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "sa", "tor", "vik", "berg", "an", "el", "is", "un", "rad", "hem",
        "ost", "ra", "ti", "mo", "sk", "gar", "den", "lin", "pe", "ju",
    ];
    (0..VOCABULARY_SIZE)
        .map(|_| {
            (0..rng.usize(2..=4))
                .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
                .collect()
        })
        .collect()
}

/// Picks words with a skewed (roughly Zipf) frequency, as in real text.
fn word<'a>(rng: &mut fastrand::Rng, words: &'a [String]) -> &'a str {
    let skewed = (rng.f64().powi(3) * words.len() as f64) as usize;
    &words[skewed.min(words.len() - 1)]
}

fn text(rng: &mut fastrand::Rng, words: &[String], count: usize) -> String {
    let mut out = String::with_capacity(count * 8);
    for i in 0..count {
        if i > 0 {
            out.push_str(if i % 90 == 0 { "\n\n" } else { " " });
        }
        out.push_str(word(rng, words));
    }
    out
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default() + TimeDelta::seconds(seconds)
}

fn bench_dir() -> tempfile::TempDir {
    match std::env::var_os("NEWSROOM_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("bench folder")
}

fn autosave(rng: &mut fastrand::Rng, words: &[String]) -> (Duration, Duration) {
    let dir = bench_dir();
    let mut store = Store::open(dir.path()).expect("open");
    let mut body: Vec<String> = text(rng, words, 5_000)
        .split(' ')
        .map(str::to_owned)
        .collect();
    let article = store
        .create_article(&ArticleContent::default(), "bench", at(0))
        .expect("create");
    let mut version = article.version;
    let mut samples = Vec::new();
    for i in 0..scale(400, 100) as i64 {
        let at_word = rng.usize(..body.len());
        body[at_word] = word(rng, words).to_owned();
        let content = ArticleContent {
            headline: "A 5,000-word story".into(),
            body: body.join(" "),
            ..ArticleContent::default()
        };
        let started = Instant::now();
        let receipt = store
            .save_article(
                article.id,
                version,
                &content,
                RevisionKind::Autosave,
                "bench",
                at(i + 1),
            )
            .expect("save");
        samples.push(started.elapsed());
        version = receipt.version;
    }
    (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
    )
}

/// Fills a database with `count` articles in one transaction (fixture generation, not measured).
fn generate_desk(dir: &std::path::Path, count: usize, rng: &mut fastrand::Rng, words: &[String]) {
    drop(Store::open(dir).expect("create schema"));
    let mut conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).expect("raw open");
    let tx = conn.transaction().expect("tx");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO articles (id, headline, standfirst, body, byline, word_count, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'TT', 150, ?5, ?5)",
            )
            .expect("prepare");
        for i in 0..count {
            let when = at(i64::try_from(i).unwrap_or_default())
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            insert
                .execute(rusqlite::params![
                    uuid::Uuid::now_v7().to_string(),
                    text(rng, words, 8),
                    text(rng, words, 25),
                    text(rng, words, 120),
                    when
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

/// Adds `count` distinct two-word tags in one transaction and puts three of them on every
/// article, popular ones more often (fixture generation, not measured).
fn generate_tags(
    dir: &std::path::Path,
    count: usize,
    rng: &mut fastrand::Rng,
    words: &[String],
) -> Vec<String> {
    let mut conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).expect("raw open");
    let tx = conn.transaction().expect("tx");
    let mut names = std::collections::HashSet::new();
    while names.len() < count {
        names.insert(format!(
            "{} {}",
            words[rng.usize(..words.len())],
            words[rng.usize(..words.len())]
        ));
    }
    {
        let mut insert = tx
            .prepare("INSERT INTO tags (id, name, name_key, slug, created_at) VALUES (?1, ?2, ?2, ?3, '2026-11-25T00:00:00.000Z')")
            .expect("prepare");
        for name in &names {
            insert
                .execute(rusqlite::params![
                    uuid::Uuid::now_v7().to_string(),
                    name,
                    name.replace(' ', "-")
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    names.into_iter().collect()
}

fn main() {
    let mut rng = fastrand::Rng::with_seed(20_241_024);
    let words = vocabulary(&mut rng);
    let (articles, tags, queries) = (
        scale(100_000, 10_000),
        scale(50_000, 5_000),
        scale(300, 100),
    );

    let (save_p50, save_p99) = autosave(&mut rng, &words);

    let dir = bench_dir();
    let generated = Instant::now();
    generate_desk(dir.path(), articles, &mut rng, &words);
    eprintln!(
        "generated {} articles in {:.1} s",
        count(articles as u64),
        generated.elapsed().as_secs_f64()
    );
    let mut store = Store::open(dir.path()).expect("open");

    let mut search = Vec::new();
    let mut hits = 0;
    for i in 0..queries {
        let mut query = word(&mut rng, &words).to_owned();
        if i % 2 == 0 {
            query = format!("{query} {}", word(&mut rng, &words));
        }
        let typed = &query[..query.len() - 1]; // still typing the last word
        let started = Instant::now();
        hits += store.search(typed, 50).expect("search").len();
        search.push(started.elapsed());
    }
    let mut list = Vec::new();
    for _ in 0..queries {
        let started = Instant::now();
        let page = store
            .list_articles(&ListFilter::default(), 50, 0)
            .expect("list");
        list.push(started.elapsed());
        assert_eq!(page.len(), 50);
    }

    drop(store);
    let tag_names = generate_tags(dir.path(), tags, &mut rng, &words);
    let store = Store::open(dir.path()).expect("open");
    let mut suggest = Vec::new();
    for i in 0..queries {
        let name = &tag_names[rng.usize(..tag_names.len())];
        let word = if i % 3 == 0 {
            name.split(' ').nth(1).unwrap_or(name)
        } else {
            name.as_str()
        };
        let typed: String = word.chars().take(1 + i % 5).collect();
        let started = Instant::now();
        let found = store.suggest_tags(&typed, 8).expect("suggest");
        suggest.push(started.elapsed());
        assert!(!found.is_empty(), "{typed:?} finds its tag");
    }

    let ms = |d| figures::ms(d, 2);
    let (articles, tags) = (count(articles as u64), count(tags as u64));
    row("autosave commit, 5,000 words, p50", &ms(save_p50), "");
    row(
        "autosave commit, 5,000 words, p99",
        &ms(save_p99),
        "≤ 10 ms",
    );
    let search_in = format!("full-text search, {articles} articles");
    row(
        &format!("{search_in}, p50"),
        &ms(percentile(&mut search, 0.5)),
        "",
    );
    row(
        &format!("{search_in}, p95"),
        &ms(percentile(&mut search, 0.95)),
        "≤ 20 ms",
    );
    row(
        &format!("article list first page, {articles} articles, p95"),
        &ms(percentile(&mut list, 0.95)),
        "≤ 50 ms",
    );
    let suggest_in = format!("tag autocomplete, {tags} tags");
    row(
        &format!("{suggest_in}, p50"),
        &ms(percentile(&mut suggest, 0.5)),
        "",
    );
    row(
        &format!("{suggest_in}, p95"),
        &ms(percentile(&mut suggest, 0.95)),
        "≤ 5 ms",
    );
    eprintln!("(search returned {hits} hits over {queries} queries)");
}
