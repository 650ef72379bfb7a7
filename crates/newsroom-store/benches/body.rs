//! The body as a shared document, for docs/PERFORMANCE.md:
//! `cargo bench -p newsroom-store --bench body`.
//!
//! - A day of typing: 100,000 keystrokes (the cursor jumping elsewhere every 60 keys) on a
//!   5,000-word story, twice: "typed", 15 % of keys deleting (about the share of backspaces in
//!   writing; the story grows), and "rewritten", 45 % deleting (the story stays near its
//!   length while much of it is replaced: the hard case for a document that remembers edits);
//!   each over 20 editing sessions (each a
//!   new writer, as each time a window opens the story), saved every 40 keystrokes as the
//!   editor's autosave sends them: one change each, through `Store::apply_body_change` on a
//!   real database file. Reported: the commit's p50 and p99; opening the story afterwards (its
//!   document as the window receives it, loaded and read back as text) against reading the
//!   same text from its row (the control: what opening cost before documents); the stored
//!   size of the document (state and changes kept) against the text's; and, as the control
//!   for the commit, 200 whole-text saves of the same story (`save_article`, one word changed
//!   each time: what the editor's autosave cost before documents). The saves leave the search
//!   index behind (migration 0024); the first search after the day brings it up to date, and
//!   its time is reported beside the next search's.
//! - Two offline hours: two copies of the story each make 5,000 edits apart, then the second
//!   copy's edits arrive in the store as one change (what catching up sends). Reported: the
//!   time of that `apply_body_change`, commit included.
//!
//! The short run (NEWSROOM_BENCH_SHORT=1) types a tenth as much.

use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_body::BodyDoc;
use newsroom_core::{ArticleContent, RevisionKind};
use newsroom_store::Store;

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
use figures::{count, ms, percentile, row, scale};

const WORDS: [&str; 12] = [
    "soldiers",
    "crossed",
    "the",
    "line",
    "at",
    "dawn",
    "and",
    "Malmö",
    "officials",
    "said",
    "little",
    "överallt",
];

fn story(rng: &mut fastrand::Rng, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push_str(if i % 90 == 0 { "\n\n" } else { " " });
        }
        out.push_str(WORDS[rng.usize(..WORDS.len())]);
    }
    out
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default() + TimeDelta::seconds(seconds)
}

/// One keystroke at `cursor` (a byte offset, moved along): a typed letter or, `deletions` times
/// in a hundred, a deletion.
fn keystroke(rng: &mut fastrand::Rng, text: &mut String, cursor: &mut usize, deletions: usize) {
    if rng.usize(..60) == 0 {
        *cursor = rng.usize(..=text.len());
    }
    while !text.is_char_boundary(*cursor) {
        *cursor -= 1;
    }
    if rng.usize(..100) < deletions && *cursor > 0 {
        let mut from = *cursor - 1;
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        text.replace_range(from..*cursor, "");
        *cursor = from;
    } else {
        let letter = if rng.usize(..6) == 0 {
            ' '
        } else {
            rng.lowercase()
        };
        text.insert(*cursor, letter);
        *cursor += letter.len_utf8();
    }
}

fn stored_bytes(store: &Store) -> i64 {
    let conn = rusqlite::Connection::open(store.path()).expect("open");
    conn.query_row(
        "SELECT (SELECT coalesce(sum(length(state)), 0) FROM body_docs)
              + (SELECT coalesce(sum(length(change)), 0) FROM body_changes)",
        [],
        |row| row.get(0),
    )
    .expect("sizes")
}

fn main() {
    day("typed", 15);
    day("rewritten", 45);
}

/// A day of typing on one story, `deletions` keystrokes in a hundred being deletions;
/// `kind` names the day in the rows.
fn day(kind: &str, deletions: usize) {
    let dir = tempfile::tempdir_in(
        std::env::var_os("NEWSROOM_BENCH_DIR").unwrap_or_else(|| std::env::temp_dir().into()),
    )
    .expect("bench folder");
    let mut rng = fastrand::Rng::with_seed(16);
    let mut store = Store::open(dir.path()).expect("store");
    let mut text = story(&mut rng, 5_000);
    let id = store
        .create_article(
            &ArticleContent {
                headline: "A day of typing".into(),
                body: text.clone(),
                ..ArticleContent::default()
            },
            "ana",
            at(0),
        )
        .expect("create")
        .id;

    let keystrokes = scale(100_000, 10_000);
    let sessions = 20;
    let per_save = 40;
    let mut commits = Vec::with_capacity(keystrokes / per_save);
    let mut cursor = text.len() / 2;
    let mut second = 1;
    for session in 0..sessions {
        let mut window =
            BodyDoc::load([store.body_document(id).expect("document").as_slice()]).expect("loads");
        for _ in 0..keystrokes / sessions / per_save {
            for _ in 0..per_save {
                keystroke(&mut rng, &mut text, &mut cursor, deletions);
            }
            let Some(change) = window.set_text(&text) else {
                continue;
            };
            second += 10;
            let started = Instant::now();
            store
                .apply_body_change(id, &change, RevisionKind::Autosave, "ana", at(second))
                .expect("save");
            commits.push(started.elapsed());
        }
        assert_eq!(window.text(), text, "session {session}");
    }
    assert_eq!(store.article(id).expect("read").content.body, text);

    // The search index was left behind by the saves: the first search brings it up to date
    // (the cost that left every save), the next finds it so.
    let started = Instant::now();
    assert!(!store.search("Malmö", 5).expect("search").is_empty());
    let first_search = started.elapsed();
    let started = Instant::now();
    assert!(!store.search("Malmö", 5).expect("search").is_empty());
    let next_search = started.elapsed();

    let opens = scale(50, 20);
    let mut open_document = Vec::with_capacity(opens);
    let mut open_row = Vec::with_capacity(opens);
    for _ in 0..opens {
        let reopened = Store::open(dir.path()).expect("store");
        let started = Instant::now();
        let document = reopened.body_document(id).expect("document");
        let opened = BodyDoc::load([document.as_slice()]).expect("loads").text();
        open_document.push(started.elapsed());
        assert_eq!(opened, text);
        let started = Instant::now();
        let plain = reopened.article(id).expect("read").content.body;
        open_row.push(started.elapsed());
        assert_eq!(plain, text);
    }

    // Two offline hours: both copies start from the stored story.
    let offline_edits = scale(5_000, 1_000);
    let base = store.body_document(id).expect("document");
    let mut copies: Vec<(BodyDoc, String, usize)> = (0..2)
        .map(|_| {
            (
                BodyDoc::load([base.as_slice()]).expect("loads"),
                text.clone(),
                0,
            )
        })
        .collect();
    for (doc, copy_text, copy_cursor) in &mut copies {
        *copy_cursor = rng.usize(..=copy_text.len());
        for _ in 0..offline_edits {
            keystroke(&mut rng, copy_text, copy_cursor, deletions);
            doc.set_text(copy_text);
        }
    }
    let [(first, _, _), (late, _, _)] = &copies[..] else {
        unreachable!("two copies")
    };
    let first_changes = first
        .changes_since(&state_vector_of(&base))
        .expect("changes");
    store
        .apply_body_change(
            id,
            &first_changes,
            RevisionKind::Autosave,
            "ana",
            at(second + 10),
        )
        .expect("first copy");
    let late_changes = late
        .changes_since(&state_vector_of(&base))
        .expect("changes");
    let started = Instant::now();
    store
        .apply_body_change(
            id,
            &late_changes,
            RevisionKind::Autosave,
            "eva",
            at(second + 20),
        )
        .expect("second copy merges");
    let merge = started.elapsed();

    // The control: whole-text saves of the same story, as before documents.
    let mut whole_text = Vec::with_capacity(200);
    let mut version = store.article(id).expect("read").version;
    for n in 0..scale(200, 50) {
        // One word added, then taken away again.
        let content = ArticleContent {
            headline: "A day of typing".into(),
            body: if n % 2 == 0 {
                format!("{text} more")
            } else {
                text.clone()
            },
            ..ArticleContent::default()
        };
        second += 10;
        let started = Instant::now();
        version = store
            .save_article(
                id,
                version,
                &content,
                RevisionKind::Autosave,
                "ana",
                at(second),
            )
            .expect("whole-text save")
            .version;
        whole_text.push(started.elapsed());
    }

    let text_bytes = text.len() as u64;
    // The story left at the end of the day (its changes folded into its state).
    store
        .mark_body_seen(id, "ana", at(second + 30))
        .expect("left");
    let stored = u64::try_from(stored_bytes(&store)).unwrap_or_default();
    // The same document as yjs itself would send it whole, undeflated: the reference for what
    // deflating the stored form wins.
    let whole_update = BodyDoc::load([store.body_document(id).expect("document").as_slice()])
        .expect("loads")
        .encode_state()
        .len() as u64;
    let label = format!(
        "{} keystrokes {kind} into 5,000 words ({} at the end)",
        count(keystrokes as u64),
        count(text.split_whitespace().count() as u64)
    );
    row(
        &format!("body change commit, {label}, p50"),
        &ms(percentile(&mut commits, 0.5), 2),
        "",
    );
    row(
        &format!("body change commit, {label}, p99"),
        &format!(
            "{} (whole-text save of the same story: {})",
            ms(percentile(&mut commits, 0.99), 2),
            ms(percentile(&mut whole_text, 0.99), 2)
        ),
        "≤ 10 ms",
    );
    row(
        &format!("first search after {label} (brings the story's index up to date)"),
        &format!(
            "{} (the next search: {})",
            ms(first_search, 2),
            ms(next_search, 2)
        ),
        "",
    );
    let document_p50 = percentile(&mut open_document, 0.5);
    let row_p50 = percentile(&mut open_row, 0.5);
    row(
        &format!("open the story after {label}: document to text, p50"),
        &format!(
            "{} (reading the text row: {})",
            ms(document_p50, 2),
            ms(row_p50, 2)
        ),
        "≤ 20 ms",
    );
    row(
        &format!("stored document after {label}, left (folded)"),
        &format!(
            "{:.2}× the text ({} of {} bytes; the document as one yjs update: {:.2}×)",
            stored as f64 / text_bytes as f64,
            count(stored),
            count(text_bytes),
            whole_update as f64 / text_bytes as f64
        ),
        "≤ 2×",
    );
    row(
        &format!(
            "merge two offline sessions of {} edits each, {kind} story",
            count(offline_edits as u64)
        ),
        &ms(merge, 2),
        "≤ 50 ms",
    );
}

/// The state vector of a document given as one update.
fn state_vector_of(document: &[u8]) -> Vec<u8> {
    BodyDoc::load([document]).expect("loads").state_vector()
}
