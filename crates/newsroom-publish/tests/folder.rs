//! A folder target: pushed stories are written there as files for another system, through the
//! same outbox (so a folder that cannot be written waits and is tried again).

use chrono::Utc;
use newsroom_core::workflow::WorkflowState;
use newsroom_publish::{send_now, PushSettings, RecordProgress};
use newsroom_store::sample::approved_story;
use newsroom_store::{OutboxState, RequestedStatus, Store};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");

#[test]
fn a_pushed_story_lands_in_the_folder_and_a_folder_that_cannot_be_written_waits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    let photo = std::fs::read(format!("{FIXTURES}photo-iptc-iim.jpg")).expect("fixture");
    let (id, editor) =
        approved_story(&mut store, "Sent as a file", &[("lead.jpg", photo)]).expect("story");
    newsroom_store::sample::admin_at_desk(&mut store).expect("admin");
    // The folder is not there yet (a share not mounted): the push waits.
    let folder = dir.path().join("wire-out");
    std::fs::write(&folder, b"a file where the folder should be").expect("blocker");
    let target = store
        .add_folder_target("Wire out", &folder.to_string_lossy(), "ninjs", Utc::now())
        .expect("target");
    let queued = store
        .enqueue_push(id, target.id, RequestedStatus::Publish, &editor, Utc::now())
        .expect("queued");
    let waiting = send_now(
        &mut store,
        queued.id,
        PushSettings::default(),
        &mut RecordProgress,
    )
    .expect("ok")
    .expect("waiting");
    assert_eq!(
        waiting.state,
        OutboxState::Waiting,
        "{}",
        waiting.last_error
    );
    assert!(
        waiting.last_error.contains("wire-out"),
        "{}",
        waiting.last_error
    );

    std::fs::remove_file(&folder).expect("unblock");
    store.retry_outbox(queued.id, Utc::now()).expect("retry");
    let sent = send_now(
        &mut store,
        queued.id,
        PushSettings::default(),
        &mut RecordProgress,
    )
    .expect("ok")
    .expect("waiting");
    assert_eq!(sent.state, OutboxState::Sent, "{}", sent.last_error);
    let slug = store.export_story(id).expect("story").slug;
    let item: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join(format!("{slug}.json"))).expect("the ninjs file"),
    )
    .expect("json");
    assert_eq!(item["headlines"][0]["value"], "Sent as a file");
    assert!(sent.link.starts_with("file://"));
    assert_eq!(
        store.article(id).expect("a").status,
        WorkflowState::Published
    );
    assert!(store
        .add_folder_target("Bad", "/tmp", "pdf", Utc::now())
        .is_err());
}
