use super::*;

const STORY: &str = "Seoul (TT) – North Korean soldiers crossed the line.\n\n\
Kim Jong-un was not seen.\n\nThe talks in Malmö go on. 🇸🇪 Officials said little.";

/// A second copy of `doc`, as another laptop would hold it: its own writer, the same history.
fn copy_of(doc: &BodyDoc) -> BodyDoc {
    BodyDoc::load([doc.encode_state().as_slice()]).expect("a document's own state loads")
}

#[test]
fn a_genesis_holds_the_text_and_a_copy_made_from_it_reads_the_same() {
    let (doc, genesis) = BodyDoc::genesis(STORY);
    assert_eq!(doc.text(), STORY);
    let copy = BodyDoc::load([genesis.as_slice()]).expect("loads");
    assert_eq!(copy.text(), STORY);
}

#[test]
fn line_breaks_become_the_editors() {
    let (doc, _) = BodyDoc::genesis("one\r\ntwo\rthree\n");
    assert_eq!(doc.text(), "one\ntwo\nthree\n");
}

#[test]
fn edits_made_apart_in_two_copies_both_land_whichever_arrives_first() {
    let (reporter, _) = BodyDoc::genesis(STORY);
    let mut reporter = reporter;
    let mut editor = copy_of(&reporter);

    let on_the_train = reporter
        .set_text(&STORY.replace(
            "Kim Jong-un was not seen.",
            "Kim Jong-un was not seen in public.",
        ))
        .expect("the reporter changed the second paragraph");
    let at_the_desk = editor
        .set_text(&STORY.replace("North Korean", "North Korean (DPRK)"))
        .expect("the editor fixed a name in the first");

    reporter.apply(&at_the_desk).expect("merges");
    editor.apply(&on_the_train).expect("merges");
    let expected = STORY
        .replace(
            "Kim Jong-un was not seen.",
            "Kim Jong-un was not seen in public.",
        )
        .replace("North Korean", "North Korean (DPRK)");
    assert_eq!(reporter.text(), expected);
    assert_eq!(editor.text(), expected);
}

#[test]
fn a_change_applied_twice_is_new_only_once() {
    let (doc, _) = BodyDoc::genesis(STORY);
    let mut doc = doc;
    let mut other = copy_of(&doc);
    let change = doc.set_text("Nothing else.").expect("changed");
    assert!(other.apply(&change).expect("applies").is_some());
    assert_eq!(other.apply(&change).expect("applies again"), None);
    assert_eq!(other.text(), "Nothing else.");
}

#[test]
fn setting_the_same_text_is_no_change() {
    let (mut doc, _) = BodyDoc::genesis("a\r\nb");
    assert_eq!(doc.set_text("a\nb"), None);
    assert_eq!(doc.set_text("a\r\nb"), None);
}

#[test]
fn one_word_changed_in_a_long_story_is_a_small_change() {
    let long = STORY.repeat(2_000);
    let (mut doc, genesis) = BodyDoc::genesis(&long);
    let change = doc
        .set_text(&long.replacen("Malmö", "Lund", 1))
        .expect("changed");
    assert!(genesis.len() > 200_000, "genesis {} bytes", genesis.len());
    assert!(change.len() < 64, "one word took {} bytes", change.len());
}

#[test]
fn positions_count_as_the_editor_counts_past_accents_emoji_and_flags() {
    // A deletion after "ö" and "🇸🇪" lands on the right characters only when positions are
    // UTF-16 code units on both sides.
    let (mut doc, _) = BodyDoc::genesis(STORY);
    let target = STORY.replace("Officials said little.", "Officials said nothing.");
    doc.set_text(&target).expect("changed");
    assert_eq!(doc.text(), target);
    let mut copy = copy_of(&doc);
    let target = target.replace("🇸🇪 ", "");
    let change = doc.set_text(&target).expect("changed");
    copy.apply(&change).expect("applies");
    assert_eq!(copy.text(), target);
}

#[test]
fn any_text_becomes_any_other_exactly() {
    let alphabet: Vec<char> = "ab cö\n👍é–".chars().collect();
    let random_text = |rng: &mut fastrand::Rng| -> String {
        let len = rng.usize(0..40);
        (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect()
    };
    let mut rng = fastrand::Rng::with_seed(16);
    for _ in 0..500 {
        let from = random_text(&mut rng);
        let to = random_text(&mut rng);
        let (mut doc, genesis) = BodyDoc::genesis(&from);
        let mut copy = BodyDoc::load([genesis.as_slice()]).expect("loads");
        let change = doc.set_text(&to);
        assert_eq!(doc.text(), to, "from {from:?}");
        if let Some(change) = change {
            copy.apply(&change).expect("applies");
        }
        assert_eq!(copy.text(), to, "from {from:?}");
    }
}

#[test]
fn a_change_that_needs_edits_this_copy_never_saw_is_refused() {
    let (mut doc, genesis) = BodyDoc::genesis(STORY);
    let first = doc.set_text("first").expect("changed");
    let second = doc.set_text("first, second").expect("changed");
    let mut behind = BodyDoc::load([genesis.as_slice()]).expect("loads");
    assert_eq!(behind.apply(&second), Err(BodyError::Incomplete));

    // Loaded again and given both, in order, it is whole.
    let mut again = BodyDoc::load([genesis.as_slice(), first.as_slice()]).expect("loads");
    again.apply(&second).expect("applies");
    assert_eq!(again.text(), "first, second");
}

#[test]
fn changes_since_a_state_vector_bring_a_copy_up_to_date() {
    let (mut doc, genesis) = BodyDoc::genesis(STORY);
    let mut copy = BodyDoc::load([genesis.as_slice()]).expect("loads");
    doc.set_text("A new start.").expect("changed");
    let missing = doc
        .changes_since(&copy.state_vector())
        .expect("a state vector reads");
    copy.apply(&missing).expect("applies");
    assert_eq!(copy.text(), "A new start.");
    assert_eq!(copy.snapshot(), doc.snapshot());
}

#[test]
fn a_deletion_alone_changes_the_snapshot() {
    // Deletions add no clock: approval must notice them all the same.
    let (mut doc, _) = BodyDoc::genesis("keep this, drop this");
    let before = (doc.state_vector(), doc.snapshot());
    doc.set_text("keep this").expect("changed");
    assert_eq!(doc.state_vector(), before.0);
    assert_ne!(doc.snapshot(), before.1);
}

#[test]
fn garbage_truncated_and_damaged_changes_are_errors_not_panics() {
    let (mut doc, _) = BodyDoc::genesis(STORY);
    let change = doc
        .set_text("Another text entirely, with ö.")
        .expect("changed");
    let fresh = || BodyDoc::load([BodyDoc::genesis(STORY).1.as_slice()]).expect("loads");
    for cut in 0..change.len() {
        let _ = fresh().apply(&change[..cut]);
    }
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..2_000 {
        // Noise, and a real change with a few bytes damaged (which reaches deeper).
        let len = rng.usize(0..64);
        let noise: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        let mut damaged = change.clone();
        for _ in 0..rng.usize(1..4) {
            let at = rng.usize(..damaged.len());
            damaged[at] = rng.u8(..);
        }
        let mut target = BodyDoc::empty();
        let _ = target.apply(&noise);
        let _ = target.changes_since(&noise);
        let _ = fresh().apply(&damaged);
    }
}

#[test]
fn a_count_larger_than_the_bytes_is_refused_before_anything_is_reserved() {
    // Five bytes that declare 200 million writers: yrs would reserve a table for them.
    let bomb = [0x80, 0x84, 0xaf, 0x5f, 0x00];
    let mut doc = BodyDoc::empty();
    assert!(matches!(doc.apply(&bomb), Err(BodyError::Unreadable(_))));
    assert!(matches!(
        doc.changes_since(&bomb),
        Err(BodyError::Unreadable(_))
    ));
}

#[test]
fn oversized_changes_are_refused_before_they_are_read() {
    let mut doc = BodyDoc::empty();
    let huge = vec![0u8; MAX_UPDATE_BYTES + 1];
    assert!(matches!(
        doc.apply(&huge),
        Err(BodyError::TooLarge { size, .. }) if size == MAX_UPDATE_BYTES + 1
    ));
}

#[test]
fn a_body_past_the_limit_is_refused() {
    let (_, genesis) = BodyDoc::genesis(&"x".repeat(MAX_TEXT_BYTES + 1));
    let mut doc = BodyDoc::empty();
    assert!(matches!(
        doc.apply(&genesis),
        Err(BodyError::TextTooLong { .. })
    ));
}

#[test]
fn a_day_of_scattered_typing_replays_into_the_same_text() {
    // Deep, not wide: 5,000 separate edits all over a long body, each its own change, as a
    // day in the editor leaves them. Loading them back must give the text exactly.
    let body = STORY.repeat(50);
    let (mut doc, genesis) = BodyDoc::genesis(&body);
    let mut changes = vec![genesis];
    let mut text = body;
    let mut rng = fastrand::Rng::with_seed(3);
    for n in 0..5_000 {
        let mut at = rng.usize(..=text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if n % 3 == 0 && at < text.len() {
            let mut end = at + 1;
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, "");
        } else {
            text.insert(at, 'k');
        }
        changes.push(doc.set_text(&text).expect("changed"));
    }
    let replayed = BodyDoc::load(changes.iter().map(Vec::as_slice)).expect("replays");
    assert_eq!(replayed.text(), text);
    let compacted = BodyDoc::load([doc.encode_state().as_slice()]).expect("loads");
    assert_eq!(compacted.text(), text);
}

#[test]
fn a_writer_continues_its_own_numbering_across_loads() {
    // The store keeps one writer while open and loads the document for each save.
    let writer = Writer::new();
    let (genesis_doc, genesis) = BodyDoc::genesis("one");
    let mut log = vec![genesis];
    for text in ["one two", "one two three", "two three"] {
        let mut doc = BodyDoc::load_as(writer, log.iter().map(Vec::as_slice)).expect("loads");
        log.push(doc.set_text(text).expect("changed"));
    }
    let replayed = BodyDoc::load(log.iter().map(Vec::as_slice)).expect("replays");
    assert_eq!(replayed.text(), "two three");
    assert_eq!(writers_of(&log[1]).expect("reads"), vec![writer.id()]);
    drop(genesis_doc);
}

#[test]
fn the_stored_state_is_smaller_and_loads_with_the_changes_since() {
    let (mut doc, _) = BodyDoc::genesis(&STORY.repeat(20));
    let mut text = STORY.repeat(20);
    let mut rng = fastrand::Rng::with_seed(5);
    for _ in 0..300 {
        let at = rng.usize(..text.len());
        if text.is_char_boundary(at) {
            text.insert(at, 'x');
            doc.set_text(&text);
        }
    }
    let stored = doc.encode_stored_state();
    assert!(stored.len() < doc.encode_state().len());
    text.push_str(" The end.");
    let since = doc.set_text(&text).expect("changed");
    let writer = Writer::new();
    let loaded = BodyDoc::load_stored(writer, Some(&stored), [since.as_slice()]).expect("loads");
    assert_eq!(loaded.text(), text);
}

#[test]
fn a_state_stored_before_deflating_still_loads_and_a_damaged_one_is_refused() {
    let (doc, _) = BodyDoc::genesis(&STORY.repeat(50));
    // What stores kept before states were deflated: yjs's second encoding as it is.
    let plain = doc
        .doc
        .transact()
        .encode_state_as_update_v2(&StateVector::default());
    let stored = doc.encode_stored_state();
    assert!(
        stored.len() * 2 < plain.len(),
        "deflated {} of {}",
        stored.len(),
        plain.len()
    );
    for kept in [&plain, &stored] {
        let loaded = BodyDoc::load_stored(Writer::new(), Some(kept), []).expect("loads");
        assert_eq!(loaded.text(), STORY.repeat(50));
    }
    let mut damaged = stored.clone();
    damaged.truncate(stored.len() / 2);
    assert!(matches!(
        BodyDoc::load_stored(Writer::new(), Some(&damaged), []),
        Err(BodyError::Unreadable(_))
    ));
    let mut unknown = stored;
    unknown[0] = 7;
    assert!(matches!(
        BodyDoc::load_stored(Writer::new(), Some(&unknown), []),
        Err(BodyError::Unreadable(_))
    ));
}

#[test]
fn a_passage_is_found_through_others_edits_around_and_inside_it() {
    let (mut doc, _) = BodyDoc::genesis(STORY);
    let passage = "Kim Jong-un was not seen.";
    let from = utf16_len(&STORY[..STORY.find(passage).expect("there")]);
    let (start, end) = doc
        .anchor(from, from + utf16_len(passage))
        .expect("anchored");
    assert!(check_position(&start).is_ok());

    // Elsewhere: a new first paragraph, a word changed inside the passage, text typed right
    // after it.
    let mut elsewhere = copy_of(&doc);
    let mut edited = STORY.to_owned();
    for (old, new) in [
        ("Seoul (TT)", "Breaking.\n\nSeoul (TT)"),
        ("not seen", "not seen in public"),
        ("seen in public.", "seen in public. More."),
    ] {
        edited = edited.replace(old, new);
        let change = elsewhere.set_text(&edited).expect("changed");
        doc.apply(&change).expect("merges");
    }

    let (found_from, found_to) = doc.find(&start, &end).expect("still there");
    let text: Vec<u16> = doc.text().encode_utf16().collect();
    let found = String::from_utf16(&text[found_from as usize..found_to as usize]).expect("text");
    assert_eq!(found, "Kim Jong-un was not seen in public.");

    // Deleted whole, it is gone.
    let gone = doc
        .text()
        .replace("Kim Jong-un was not seen in public.", "");
    doc.set_text(&gone);
    assert_eq!(doc.find(&start, &end), None);
    assert!(check_position(&[0xff; 3]).is_err());
    assert!(check_position(&[0; 65]).is_err());
}

/// One replica of a story in the property test: its document, and the texts it held (to
/// restore one, as a journalist restores a revision).
struct Replica {
    doc: BodyDoc,
    history: Vec<String>,
}

/// A change in flight to `to`, maybe delivered twice, late, or never.
struct Message {
    to: usize,
    change: Vec<u8>,
}

/// The marker the `n`th edit types: one character of its own (from a private use plane, so a
/// UTF-16 pair too), so that no diff can build it from characters of another, and no other
/// edit can split it.
fn marker(n: u32) -> char {
    char::from_u32(0xF_0000 + n).expect("private use")
}

fn is_marker(c: char) -> bool {
    ('\u{F0000}'..='\u{FFFFD}').contains(&c)
}

#[test]
fn replicas_exchanging_changes_out_of_order_with_losses_and_resends_all_end_the_same() {
    let mut next_marker = 0;
    for seed in 0..400 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let replicas_count = rng.usize(3..=5);
        let (_, genesis) = BodyDoc::genesis("Seoul (TT) – filler text to delete from, Malmö 👍.");
        let mut replicas: Vec<Replica> = (0..replicas_count)
            .map(|_| Replica {
                doc: BodyDoc::load([genesis.as_slice()]).expect("loads"),
                history: Vec::new(),
            })
            .collect();
        let mut in_flight: Vec<Message> = Vec::new();
        // Every marker typed; the ones an edit took out while its replica held them; and the
        // ones a restore may have moved (a whole text can reach its target by taking a marker
        // out and typing it elsewhere, and two such moves made apart leave two).
        let mut typed: Vec<char> = Vec::new();
        let mut taken_out: std::collections::HashSet<char> = Default::default();
        let mut moved: std::collections::HashSet<char> = Default::default();

        for _ in 0..60 {
            let who = rng.usize(..replicas_count);
            let replica = &mut replicas[who];
            let before = replica.doc.text();
            replica.history.push(before.clone());
            let after = match rng.usize(..4) {
                // Type a marker somewhere.
                0 | 1 => {
                    let typed_now = marker(next_marker);
                    next_marker += 1;
                    typed.push(typed_now);
                    let spots: Vec<usize> = (0..=before.len())
                        .filter(|&at| before.is_char_boundary(at))
                        .collect();
                    let at = spots[rng.usize(..spots.len())];
                    format!("{}{typed_now}{}", &before[..at], &before[at..])
                }
                // Delete a run of filler (no marker in it).
                2 => delete_filler(&mut rng, &before),
                // Restore an older text of this replica (a whole text through the diff path).
                _ => {
                    moved.extend(before.chars().filter(|&c| is_marker(c)));
                    replica.history[rng.usize(..replica.history.len())].clone()
                }
            };
            for gone in before
                .chars()
                .filter(|&c| is_marker(c) && !after.contains(c))
            {
                taken_out.insert(gone);
            }
            if let Some(change) = replica.doc.set_text(&after) {
                for to in (0..replicas_count).filter(|&to| to != who) {
                    // Lost one time in five; sent twice one time in five.
                    if rng.usize(..5) > 0 {
                        in_flight.push(Message {
                            to,
                            change: change.clone(),
                        });
                    }
                    if rng.usize(..5) == 0 {
                        in_flight.push(Message {
                            to,
                            change: change.clone(),
                        });
                    }
                }
            }
            // Deliver some of what is in flight, in any order; a change that came before the
            // ones it builds on waits for a later turn.
            for _ in 0..rng.usize(0..=in_flight.len()) {
                let message = in_flight.swap_remove(rng.usize(..in_flight.len()));
                match replicas[message.to].doc.apply(&message.change) {
                    Ok(_) => {}
                    Err(BodyError::Incomplete) => in_flight.push(message),
                    Err(other) => panic!("seed {seed}: {other}"),
                }
            }
        }
        // What was lost is sent again: each replica asks each other for what it lacks, twice
        // round, so that what one learnt from a third reaches everyone.
        for _ in 0..2 {
            for to in 0..replicas_count {
                for from in 0..replicas_count {
                    let missing = replicas[from]
                        .doc
                        .changes_since(&replicas[to].doc.state_vector())
                        .expect("state vector");
                    replicas[to].doc.apply(&missing).expect("applies");
                }
            }
        }
        let first = replicas[0].doc.text();
        for (n, replica) in replicas.iter().enumerate() {
            assert_eq!(
                replica.doc.text(),
                first,
                "seed {seed}: replica {n} differs"
            );
        }
        // What no one took out is there; once, unless a restore may have moved it.
        for kept in typed.iter().filter(|m| !taken_out.contains(*m)) {
            let copies = first.matches(*kept).count();
            assert!(
                copies >= 1,
                "seed {seed}: marker {kept:?} lost in {first:?}"
            );
            assert!(
                copies == 1 || moved.contains(kept),
                "seed {seed}: marker {kept:?} doubled in {first:?}"
            );
        }
    }
}

/// `text` with a short run of characters other than markers taken out.
fn delete_filler(rng: &mut fastrand::Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let filler: Vec<usize> = (0..chars.len()).filter(|&n| !is_marker(chars[n])).collect();
    if filler.is_empty() {
        return text.to_owned();
    }
    let start = filler[rng.usize(..filler.len())];
    let mut end = start;
    while end + 1 < chars.len() && end - start < 4 && !is_marker(chars[end + 1]) {
        end += 1;
    }
    chars[..start].iter().chain(&chars[end + 1..]).collect()
}

#[test]
fn runs_written_since_a_snapshot_are_found_with_their_writers() {
    let (doc, _) = BodyDoc::genesis("The minister was not seen. Malmö 👍 talks.");
    let seen = doc.snapshot();
    let mut eva = copy_of(&doc);
    let eva_writes = eva
        .set_text("The minister was not seen in public. Malmö 👍 talks.")
        .expect("changed");
    let mut erik = BodyDoc::load([doc.encode_state().as_slice()]).expect("loads");
    erik.apply(&eva_writes).expect("merges");
    let erik_writes = erik
        .set_text("The minister was not seen in public. Malmö 👍 talks go on.")
        .expect("changed");
    let mut mine = copy_of(&doc);
    mine.apply(&eva_writes).expect("merges");
    mine.apply(&erik_writes).expect("merges");

    let text: Vec<u16> = mine.text().encode_utf16().collect();
    let runs = mine.inserted_since(&seen).expect("snapshot");
    let written: Vec<(String, u64)> = runs
        .iter()
        .map(|run| {
            let piece =
                String::from_utf16(&text[run.from as usize..run.to as usize]).expect("text");
            (piece, run.writer)
        })
        .collect();
    let eva_id = writers_of(&eva_writes).expect("reads")[0];
    let erik_id = writers_of(&erik_writes).expect("reads")[0];
    assert!(
        written
            .iter()
            .any(|(piece, who)| piece == " in public" && *who == eva_id),
        "{written:?}"
    );
    assert!(
        written
            .iter()
            .any(|(piece, who)| piece == " go on" && *who == erik_id),
        "{written:?}"
    );
    assert!(mine.inserted_since(b"not a snapshot").is_err());
}

#[test]
fn what_a_change_takes_out_is_told_with_its_place_in_the_text_after() {
    let (mut mine, genesis) = BodyDoc::genesis("Malmö 😀 harbour: three ships, two cranes.");
    let mut theirs = BodyDoc::load([genesis.as_slice()]).expect("loads");
    assert!(
        mine.take_removed().is_empty(),
        "a genesis takes nothing out"
    );

    // Another copy takes out "three ships, two ".
    let change = theirs
        .set_text("Malmö 😀 harbour: cranes.")
        .expect("changed");
    assert_eq!(
        theirs
            .take_removed()
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>(),
        ["three ships, two "],
        "the copy that set the text knows it too"
    );
    mine.apply(&change).expect("applies");
    let removed = mine.take_removed();
    assert_eq!(mine.text(), "Malmö 😀 harbour: cranes.");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].text, "three ships, two ");
    // Its place: after "Malmö 😀 harbour: " in UTF-16 units (the emoji is two).
    assert_eq!(removed[0].at, utf16_len("Malmö 😀 harbour: "));
    assert!(mine.take_removed().is_empty(), "taken once");

    // The same change again takes nothing out.
    mine.apply(&change).expect("applies");
    assert!(mine.take_removed().is_empty());

    // Several runs in one change, each at its place in the text after: put back there, last
    // first, they make the text before.
    let before = mine.text();
    let change = theirs.set_text("Malmö harbour.").expect("changed");
    mine.apply(&change).expect("applies");
    let removed = mine.take_removed();
    assert!(removed.len() > 1, "{removed:?}");
    let mut units: Vec<u16> = mine.text().encode_utf16().collect();
    for run in removed.iter().rev() {
        let at = run.at as usize;
        units.splice(at..at, run.text.encode_utf16());
    }
    assert_eq!(String::from_utf16(&units).expect("text"), before);
}

#[test]
fn a_caret_at_the_very_end_stays_there_as_text_is_added_before_it() {
    let (mut doc, _) = BodyDoc::genesis("Kyiv");
    let end = doc.caret(4).expect("a caret at the end");
    assert_eq!(doc.caret_offset(&end), Some(4));
    doc.set_text("In Kyiv").expect("changed");
    assert_eq!(doc.caret_offset(&end), Some(7));
    let (empty, _) = BodyDoc::genesis("");
    let start = empty.caret(0).expect("a caret in an empty text");
    assert_eq!(empty.caret_offset(&start), Some(0));
    assert_eq!(doc.caret(8), None, "past the end");
}
