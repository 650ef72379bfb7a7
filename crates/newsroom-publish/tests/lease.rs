//! Two senders on one data folder (the app and `newsroom outbox send`, or two windows) never
//! send the same outbox entry: each entry is leased to the connection that claimed it, and a
//! crashed sender's entry is taken again only once its lease has run out.

use chrono::{TimeDelta, Utc};
use newsroom_publish::{send_due, PushSettings, RecordProgress};
use newsroom_store::outbox::OUTBOX_LEASE;
use newsroom_store::sample::{approved_story_by, people};
use newsroom_store::{OutboxOutcome, OutboxState, RequestedStatus, Store};

/// A folder target writing ninjs into `dir`/out, added by the desk's admin (left at the desk).
fn folder_target(store: &mut Store, dir: &std::path::Path) -> newsroom_store::Target {
    newsroom_store::sample::admin_at_desk(store).expect("admin");
    store
        .add_folder_target(
            "Out",
            &dir.join("out").to_string_lossy(),
            "ninjs",
            Utc::now(),
        )
        .expect("target")
}

#[test]
fn a_leased_entry_is_one_senders_until_its_lease_runs_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let mut first = Store::open(&data).expect("open");
    let mut second = Store::open(&data).expect("open");
    let (reporter, editor) = people(&mut first).expect("people");
    let story = approved_story_by(&mut first, (&reporter, &editor), "Leased", &[]).expect("story");
    let target = folder_target(&mut first, dir.path());
    let entry = first
        .enqueue_push(
            story,
            target.id,
            RequestedStatus::Publish,
            &editor,
            Utc::now(),
        )
        .expect("queued")
        .id;

    let now = Utc::now();
    let claimed = first
        .claim_outbox(entry, now)
        .expect("claim")
        .expect("first");
    assert_eq!(claimed.state, OutboxState::Sending);
    // The other sender can neither claim it, nor see it as due, nor reset it at its start.
    assert!(second.claim_outbox(entry, now).expect("claim").is_none());
    assert!(second.due_outbox(now).expect("due").is_empty());
    assert_eq!(second.recover_outbox(now).expect("recover"), 0);
    // Progress renews the lease: still the first sender's after most of a lease has passed.
    let renewed_at = now + OUTBOX_LEASE - TimeDelta::seconds(10);
    assert!(first
        .outbox_progress(entry, (0, 1), (0, 0), renewed_at)
        .expect("progress"));
    assert!(second
        .claim_outbox(entry, now + OUTBOX_LEASE + TimeDelta::seconds(1))
        .expect("claim")
        .is_none());

    // The first sender goes silent (a crash): after its lease, the second takes it over ...
    let later = renewed_at + OUTBOX_LEASE + TimeDelta::seconds(1);
    assert_eq!(second.due_outbox(later).expect("due"), [entry]);
    let taken = second
        .claim_outbox(entry, later)
        .expect("claim")
        .expect("taken over");
    assert_eq!(taken.attempts, 2);
    // ... and the first one, waking up, can neither renew nor finish what is no longer its.
    assert!(!first
        .outbox_progress(entry, (1, 1), (0, 0), later)
        .expect("progress"));
    let ignored = first
        .finish_outbox(entry, OutboxOutcome::Failed("late".into()), later)
        .expect("finish");
    assert_eq!(
        ignored.state,
        OutboxState::Sending,
        "the second sender's attempt stands"
    );
    let sent = second
        .finish_outbox(entry, OutboxOutcome::Sent, later)
        .expect("finish");
    assert_eq!(sent.state, OutboxState::Sent);
}

#[test]
fn two_processes_sending_one_outbox_send_each_entry_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let mut store = Store::open(&data).expect("open");
    let (reporter, editor) = people(&mut store).expect("people");
    let target = folder_target(&mut store, dir.path());
    let stories = 12;
    for n in 0..stories {
        let story = approved_story_by(&mut store, (&reporter, &editor), &format!("Story {n}"), &[])
            .expect("story");
        store
            .enqueue_push(
                story,
                target.id,
                RequestedStatus::Pending,
                &editor,
                Utc::now(),
            )
            .expect("queued");
    }
    drop(store);
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let data = data.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&data).expect("open");
                send_due(&mut store, PushSettings::default(), &mut RecordProgress)
                    .expect("send")
                    .len()
            })
        })
        .collect();
    let sent: usize = senders.into_iter().map(|s| s.join().expect("sender")).sum();
    assert_eq!(sent, stories, "every entry finished by exactly one sender");
    let store = Store::open(&data).expect("open");
    let outbox = store.outbox(100).expect("outbox");
    assert_eq!(outbox.len(), stories);
    for entry in outbox {
        assert_eq!(
            (entry.state, entry.attempts),
            (OutboxState::Sent, 1),
            "{}",
            entry.last_error
        );
    }
}
