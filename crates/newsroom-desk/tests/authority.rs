//! PostgreSQL is the authority: with each role's own login, and any SQL it likes, a person can
//! do no more than the app lets them. These tests log in as each person, as psql would, and
//! try the ways around the rules.

mod common;

use common::{TestDesk, PASSWORD};
use newsroom_core::workflow::{taken_back_to, transition, Role, WorkflowAction, WorkflowState};
use newsroom_desk::schema::newest_version;
use newsroom_desk::setup::{add_person, init, NewPerson};
use newsroom_desk::{Connection, SharedDeskError};
use tokio_postgres::types::ToSql;
use uuid::Uuid;

/// Runs `sql` and returns the desk's refusal, failing the test when it was allowed.
async fn refused(who: &Connection, sql: &str, params: &[&(dyn ToSql + Sync)]) -> String {
    match who.client.execute(sql, params).await {
        Ok(_) => panic!("{} was allowed: {sql}", who.login),
        Err(err) => SharedDeskError::from(err).to_string(),
    }
}

async fn count(who: &Connection, table: &str) -> i64 {
    who.client
        .query_one(&format!("SELECT count(*) FROM desk.{table}"), &[])
        .await
        .expect("count")
        .get(0)
}

async fn create_story(who: &Connection, headline: &str) -> Uuid {
    let story = Uuid::now_v7();
    who.client
        .execute(
            "SELECT desk.create_story($1, $2, $3, now())",
            &[
                &Uuid::now_v7(),
                &story,
                &serde_json::json!({ "headline": headline }),
            ],
        )
        .await
        .expect("create a story");
    story
}

async fn push_body(
    who: &Connection,
    story: Uuid,
    update: &[u8],
) -> Result<Option<i64>, SharedDeskError> {
    push_body_as(who, Uuid::now_v7(), story, update).await
}

async fn push_body_as(
    who: &Connection,
    change: Uuid,
    story: Uuid,
    update: &[u8],
) -> Result<Option<i64>, SharedDeskError> {
    Ok(who
        .client
        .query_one(
            "SELECT desk.push_body($1, $2, $3, now())",
            &[&change, &story, &update],
        )
        .await?
        .get(0))
}

async fn move_story(
    who: &Connection,
    story: Uuid,
    action: &str,
    seen_version: Option<i64>,
) -> Result<Option<i64>, SharedDeskError> {
    Ok(who
        .client
        .query_one(
            "SELECT desk.move_story($1, $2, $3, '', $4, NULL, now())",
            &[&Uuid::now_v7(), &story, &action, &seen_version],
        )
        .await?
        .get(0))
}

async fn clock(who: &Connection) -> i64 {
    who.client
        .query_one("SELECT v FROM desk.clock", &[])
        .await
        .expect("clock")
        .get(0)
}

#[tokio::test]
async fn a_reporter_with_psql_can_do_no_more_than_the_app_lets_them() {
    let desk = TestDesk::new().await;
    let (_, ana) = desk.person("Ana", Role::Reporter).await;
    let (bo_id, bo) = desk.person("Bo", Role::Reporter).await;
    let (_, erik) = desk.person("Erik", Role::Editor).await;
    let story = create_story(&ana, "Soldiers cross the border").await;
    push_body(&ana, story, b"\x01\x02")
        .await
        .expect("the author writes");

    // Another reporter's draft: not visible, not writable, not commentable, not movable.
    assert_eq!(count(&bo, "stories").await, 0, "Bo sees Ana's draft");
    assert_eq!(count(&bo, "body_updates").await, 0, "Bo reads Ana's text");
    let said = push_body(&bo, story, b"\x01")
        .await
        .expect_err("Bo writes in Ana's draft");
    assert!(
        said.to_string().contains("Only the story's authors"),
        "{said}"
    );
    refused(
        &bo,
        "SELECT desk.add_comment($1, $2, NULL, 'hi', '', NULL, NULL, now())",
        &[&Uuid::now_v7(), &story],
    )
    .await;
    refused(
        &bo,
        "SELECT desk.save_fields($1, $2, '{\"headline\":\"mine\"}', now())",
        &[&Uuid::now_v7(), &story],
    )
    .await;
    refused(
        &bo,
        "SELECT desk.add_author($1, $2, $3)",
        &[&Uuid::now_v7(), &story, &bo_id],
    )
    .await;
    let said = move_story(&bo, story, "submit", None)
        .await
        .expect_err("Bo submits");
    assert!(matches!(said, SharedDeskError::NotAllowed(_)), "{said}");

    // Fields too large for the desk: refused in words, before anything is written.
    let huge = serde_json::json!({ "headline": "x".repeat(100_000) });
    let said = ana
        .client
        .execute(
            "SELECT desk.save_fields($1, $2, $3, now())",
            &[&Uuid::now_v7(), &story, &huge],
        )
        .await
        .map_err(SharedDeskError::from)
        .expect_err("100 KB of headline");
    assert!(
        said.to_string().contains("longer than the desk keeps"),
        "{said}"
    );

    // An editor does not see a draft before it is submitted.
    assert_eq!(count(&erik, "stories").await, 0, "Erik sees a draft");

    // The tables themselves: read-only, and only what row-level security shows.
    for sql in [
        "INSERT INTO desk.stories (id, created_by, created_at, version) \
         SELECT gen_random_uuid(), id, now(), 1 FROM desk.people LIMIT 1",
        "UPDATE desk.stories SET state = 'approved'",
        "DELETE FROM desk.body_updates",
        "UPDATE desk.people SET role = 'admin'",
        "INSERT INTO desk.applied_changes SELECT gen_random_uuid(), id, 1 FROM desk.people",
        "UPDATE desk.clock SET v = 0",
        "TRUNCATE desk.comments",
    ] {
        let said = refused(&ana, sql, &[]).await;
        assert!(said.contains("permission denied"), "{sql}: {said}");
    }
    // The desk's inner functions, other roles, other people's credentials, new objects.
    for sql in [
        "SELECT desk.tick()",
        "SELECT desk.enrol(gen_random_uuid(), gen_random_uuid(), 'x', 'X', 'admin', '', 'SCRAM-SHA-256$x', NULL)",
        "SELECT desk.refuse('x')",
        "SELECT rolpassword FROM pg_authid",
        "SELECT passwd FROM pg_shadow",
        "CREATE TABLE public.mine (a int)",
        "CREATE TEMP TABLE mine (a int)",
        "CREATE FUNCTION desk.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    ] {
        let said = refused(&ana, sql, &[]).await;
        assert!(said.contains("permission denied"), "{sql}: {said}");
    }
    let owner_role = format!("{}_owner", desk.desk);
    refused(&ana, &format!("SET ROLE {owner_role}"), &[]).await;
    refused(
        &ana,
        &format!("SET SESSION AUTHORIZATION {}_boss", desk.desk),
        &[],
    )
    .await;

    // Only editors approve, send back, publish and kill; only admins add people.
    move_story(&ana, story, "submit", None)
        .await
        .expect("Ana submits");
    for action in ["review", "approve", "request_changes", "kill"] {
        let said = move_story(&ana, story, action, Some(clock(&ana).await))
            .await
            .expect_err(action);
        assert!(
            said.to_string().starts_with("Only an editor can"),
            "{action}: {said}"
        );
    }
    let said = add_person(
        &ana.client,
        &desk.desk,
        &NewPerson {
            name: "Mallory",
            role: Role::Admin,
            byline: "",
            password: PASSWORD,
        },
    )
    .await
    .expect_err("a reporter adds an admin");
    assert_eq!(
        said.to_string(),
        "Only an admin can add people to the desk."
    );
    let said = add_person(
        &erik.client,
        &desk.desk,
        &NewPerson {
            name: "Mallory",
            role: Role::Reporter,
            byline: "",
            password: PASSWORD,
        },
    )
    .await
    .expect_err("an editor adds a reporter");
    assert!(matches!(said, SharedDeskError::NotAllowed(_)), "{said}");

    // Submitted: now the editors see it, with the text written before.
    assert_eq!(count(&erik, "stories").await, 1);
    assert_eq!(count(&erik, "body_updates").await, 1);
    assert_eq!(count(&bo, "stories").await, 0, "still not Bo's");
    move_story(&erik, story, "approve", Some(clock(&erik).await))
        .await
        .expect("the editor approves");
}

#[tokio::test]
async fn an_author_adds_a_colleague_who_then_sees_and_writes_the_draft_until_taken_off() {
    let desk = TestDesk::new().await;
    let (_, ana) = desk.person("Ana", Role::Reporter).await;
    let (bo_id, bo) = desk.person("Bo", Role::Reporter).await;
    let story = create_story(&ana, "Two bylines").await;
    ana.client
        .execute(
            "SELECT desk.add_author($1, $2, $3)",
            &[&Uuid::now_v7(), &story, &bo_id],
        )
        .await
        .expect("Ana adds Bo");
    assert_eq!(count(&bo, "stories").await, 1);
    push_body(&bo, story, b"\x01").await.expect("Bo writes");
    assert_eq!(count(&ana, "body_updates").await, 1);

    // Taking an author off: not the creator, not by someone who is no author, and afterwards
    // the story is gone from their sight; they read only that they were taken off.
    let (_, cy) = desk.person("Cy", Role::Reporter).await;
    let ana_id: Uuid = ana
        .client
        .query_one("SELECT (desk.me()).id", &[])
        .await
        .expect("me")
        .get(0);
    let remove = "SELECT desk.remove_author($1, $2, $3)";
    assert!(refused(&bo, remove, &[&Uuid::now_v7(), &story, &ana_id])
        .await
        .contains("stays its author"));
    assert!(refused(&cy, remove, &[&Uuid::now_v7(), &story, &bo_id])
        .await
        .contains("not yours to see"));
    ana.client
        .execute(remove, &[&Uuid::now_v7(), &story, &bo_id])
        .await
        .expect("Ana takes Bo off");
    assert_eq!(count(&bo, "stories").await, 0, "Bo no longer sees it");
    assert_eq!(count(&bo, "body_updates").await, 0);
    assert_eq!(
        count(&bo, "author_removals").await,
        1,
        "but reads that he was taken off"
    );
    assert_eq!(count(&cy, "author_removals").await, 0, "nobody else's");
    assert!(
        push_body(&bo, story, b"\x02").await.is_err(),
        "nor writes it"
    );
}

/// Puts a revision of `story` with this body, as `who`.
async fn put_revision(
    who: &Connection,
    revision: Uuid,
    story: Uuid,
    body: &str,
    updated_at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<i64>, SharedDeskError> {
    Ok(who
        .client
        .query_one(
            "SELECT desk.put_revision($1, $2, 'checkpoint', now(), $3, 'Headline', '', $4, '',
                                      '', 'en', 2)",
            &[&revision, &story, &updated_at, &body],
        )
        .await?
        .get(0))
}

#[tokio::test]
async fn a_storys_revisions_are_read_only_by_those_who_see_it_and_each_is_its_makers() {
    let desk = TestDesk::new().await;
    let (_, ana) = desk.person("Ana", Role::Reporter).await;
    let (_, bo) = desk.person("Bo", Role::Reporter).await;
    let (_, erik) = desk.person("Erik", Role::Editor).await;
    let story = create_story(&ana, "History").await;
    let first = Uuid::now_v7();
    let now = chrono::Utc::now();
    put_revision(&ana, first, story, "nine days", now)
        .await
        .expect("Ana puts her revision");
    assert_eq!(
        count(&bo, "revisions").await,
        0,
        "another reporter reads none"
    );
    assert_eq!(
        count(&erik, "revisions").await,
        0,
        "nor an editor before it is submitted"
    );
    assert!(put_revision(&bo, Uuid::now_v7(), story, "mine", now)
        .await
        .is_err_and(|e| e.to_string().contains("not yours to see")));

    move_story(&ana, story, "submit", None)
        .await
        .expect("submitted");
    assert_eq!(
        count(&erik, "revisions").await,
        1,
        "the editors read it once submitted"
    );
    // Nobody rewrites another's revision: not Erik, not under Ana's id.
    assert!(put_revision(
        &erik,
        first,
        story,
        "rewritten",
        now + chrono::TimeDelta::seconds(1)
    )
    .await
    .is_err_and(|e| e.to_string().contains("someone else's")));
    // Ana's own older copy changes nothing; a newer one does.
    assert_eq!(
        put_revision(
            &ana,
            first,
            story,
            "older",
            now - chrono::TimeDelta::seconds(1)
        )
        .await
        .expect("taken"),
        None
    );
    put_revision(
        &ana,
        first,
        story,
        "ten days",
        now + chrono::TimeDelta::seconds(1),
    )
    .await
    .expect("grown");
    let body: String = erik
        .client
        .query_one("SELECT body FROM desk.revisions WHERE id = $1", &[&first])
        .await
        .expect("read")
        .get(0);
    assert_eq!(body, "ten days");
    // And none is written around the function: the refusal is PostgreSQL's own.
    for sql in [
        "UPDATE desk.revisions SET body = 'x'",
        "INSERT INTO desk.revisions SELECT * FROM desk.revisions",
    ] {
        assert!(
            refused(&ana, sql, &[]).await.contains("permission"),
            "{sql}"
        );
    }
}

#[tokio::test]
async fn only_an_editor_puts_an_export_and_only_those_who_see_the_story_read_it() {
    let desk = TestDesk::new().await;
    let (_, ana) = desk.person("Ana", Role::Reporter).await;
    let (_, bo) = desk.person("Bo", Role::Reporter).await;
    let (_, erik) = desk.person("Erik", Role::Editor).await;
    let (_, frida) = desk.person("Frida", Role::Editor).await;
    let story = create_story(&ana, "Out").await;
    move_story(&ana, story, "submit", None)
        .await
        .expect("submitted");
    let put = "SELECT desk.put_outbox_entry($1, $2, 'https://news.example', 'publish', 'waiting',
                                             0, '', now(), $3)";
    let entry = Uuid::now_v7();
    let at = chrono::Utc::now();
    assert!(refused(&ana, put, &[&entry, &story, &at])
        .await
        .contains("Only editors"));
    erik.client
        .execute(put, &[&entry, &story, &at])
        .await
        .expect("Erik's export");
    assert_eq!(count(&frida, "outbox").await, 1, "another editor sees it");
    assert_eq!(count(&ana, "outbox").await, 1, "so does the story's author");
    assert_eq!(count(&bo, "outbox").await, 0, "another reporter does not");
    assert!(refused(
        &frida,
        put,
        &[&entry, &story, &(at + chrono::TimeDelta::seconds(1))]
    )
    .await
    .contains("someone else's"));
}

/// The desk's workflow and the laptop's are one table of rules: every move, by every role,
/// from every state, gives the same answer in PostgreSQL and in newsroom_core.
#[tokio::test]
async fn the_desk_and_the_laptop_keep_one_workflow() {
    let desk = TestDesk::new().await;
    let owner = desk.owner().await;
    let mut compared = 0;
    for state in WorkflowState::ALL {
        for action in WorkflowAction::ALL {
            for role in Role::ALL {
                for submitted_from in WorkflowState::ALL {
                    let laptop = transition(state, action, role).ok().map(|next| {
                        if action == WorkflowAction::TakeBack {
                            taken_back_to(submitted_from)
                        } else {
                            next
                        }
                    });
                    let desk_says: Option<String> = owner
                        .client
                        .query_one(
                            "SELECT desk.next_state($1, $2, $3, $4)",
                            &[
                                &state.key(),
                                &action.key(),
                                &role.key(),
                                &submitted_from.key(),
                            ],
                        )
                        .await
                        .expect("next_state")
                        .get(0);
                    assert_eq!(
                        desk_says.as_deref(),
                        laptop.map(WorkflowState::key),
                        "{action:?} from {state:?} by {role:?} (submitted from {submitted_from:?})"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 8 * 8 * 3 * 8);
}

#[tokio::test]
async fn a_change_sent_twice_is_applied_once() {
    let desk = TestDesk::new().await;
    let (_, ana) = desk.person("Ana", Role::Reporter).await;
    let story = create_story(&ana, "Retry").await;
    let change = Uuid::now_v7();
    let first = push_body_as(&ana, change, story, b"\x01")
        .await
        .expect("first");
    let again = push_body_as(&ana, change, story, b"\x01")
        .await
        .expect("again");
    assert!(first.is_some());
    assert_eq!(again, None, "the retry is a no-op");
    assert_eq!(count(&ana, "body_updates").await, 1);
}

/// An approval is for the state the editor saw: an edit that reached the desk first makes it
/// fail with words the editor understands; an edit after it marks the story changed since
/// approval and leaves it approved.
#[tokio::test]
async fn an_approval_holds_only_for_what_the_editor_saw() {
    let desk = TestDesk::new().await;
    let (_, ana) = desk.person("Ana", Role::Reporter).await;
    let (_, erik) = desk.person("Erik", Role::Editor).await;
    let story = create_story(&ana, "Approval").await;
    move_story(&ana, story, "submit", None)
        .await
        .expect("submit");
    let seen = clock(&erik).await;
    push_body(&ana, story, b"\x05").await.expect("Ana edits");
    let said = move_story(&erik, story, "approve", Some(seen))
        .await
        .expect_err("an approval of an older version");
    assert!(
        matches!(said, SharedDeskError::ChangedMeanwhile(_)),
        "{said}"
    );
    assert!(
        said.to_string()
            .contains("changed on the desk after you last saw it"),
        "{said}"
    );
    // The editor's own fix, sent just before the approval, is what they saw.
    let seen = clock(&erik).await;
    erik.client
        .execute(
            "SELECT desk.save_fields($1, $2, '{\"headline\":\"Fixed\"}', now())",
            &[&Uuid::now_v7(), &story],
        )
        .await
        .expect("the editor fixes the headline");
    move_story(&erik, story, "approve", Some(seen))
        .await
        .expect("approve what is there now");
    push_body(&ana, story, b"\x06")
        .await
        .expect("an edit after approval is kept");
    let row = erik
        .client
        .query_one(
            "SELECT state, changed_since_approval FROM desk.stories WHERE id = $1",
            &[&story],
        )
        .await
        .expect("story");
    assert_eq!(row.get::<_, String>(0), "approved");
    assert!(row.get::<_, bool>(1), "marked changed since approval");

    move_story(&erik, story, "publish", Some(clock(&erik).await))
        .await
        .expect("publish");
    let said = push_body(&ana, story, b"\x07")
        .await
        .expect_err("an edit of a published story");
    assert_eq!(
        said.to_string(),
        "The desk refused the change: This story is published; reopen it as a correction to change it."
    );
}

#[tokio::test]
async fn init_upgrades_forward_and_refuses_a_newer_or_edited_desk() {
    let desk = TestDesk::new().await;
    let boss = NewPerson {
        name: "Boss",
        role: Role::Admin,
        byline: "",
        password: PASSWORD,
    };
    let again = init(&desk.address, &desk.server.password, &boss)
        .await
        .expect("init again");
    assert_eq!(
        (again.from_version, again.to_version, again.admin_login),
        (newest_version(), newest_version(), None)
    );
    let owner = desk.owner().await;
    owner
        .client
        .batch_execute(&format!(
            "SET ROLE {0}_owner; INSERT INTO desk.migrations VALUES (999, 'future', now())",
            desk.desk
        ))
        .await
        .expect("a newer app's schema");
    let said = init(&desk.address, &desk.server.password, &boss)
        .await
        .expect_err("a newer desk");
    assert!(
        matches!(said, SharedDeskError::SchemaNewer { desk: 999, .. }),
        "{said}"
    );
    owner
        .client
        .batch_execute(
            "DELETE FROM desk.migrations WHERE version = 999;
             UPDATE desk.migrations SET checksum = 'edited' WHERE version = 1",
        )
        .await
        .expect("an edited schema file");
    let said = init(&desk.address, &desk.server.password, &boss)
        .await
        .expect_err("an edited desk");
    assert!(
        matches!(said, SharedDeskError::SchemaDiffers { version: 1 }),
        "{said}"
    );
}

#[tokio::test]
async fn a_wrong_password_an_untrusted_certificate_and_no_server_say_so() {
    let desk = TestDesk::new().await;
    let login = format!("{}_boss", desk.desk);
    let said = newsroom_desk::connect(&desk.address, &login, "not the password at all")
        .await
        .err()
        .expect("a wrong password");
    assert_eq!(
        said.to_string(),
        format!("The desk did not accept the name and password for {login}.")
    );

    // The system's authorities do not know the newsroom's test CA.
    let mut untrusted = desk.address.clone();
    untrusted.ca_file = None;
    let said = newsroom_desk::connect(&untrusted, &login, PASSWORD)
        .await
        .err()
        .expect("an untrusted certificate");
    assert!(
        matches!(said, SharedDeskError::CertificateNotTrusted(_)),
        "{said}"
    );
    assert!(
        said.to_string()
            .starts_with("The desk's certificate is not trusted"),
        "{said}"
    );

    let mut nobody = desk.address.clone();
    nobody.port = 9; // discard: nothing listens
    let said = newsroom_desk::connect(&nobody, &login, PASSWORD)
        .await
        .err()
        .expect("no server");
    assert!(said.is_transient(), "{said}");
    assert!(
        said.to_string().contains("You are working offline"),
        "{said}"
    );
}

/// Presence shows who is at the desk to everyone, and the story they have open only to those
/// who may see it: a draft's title and existence stay its authors'.
#[tokio::test]
async fn presence_never_shows_a_story_to_someone_who_may_not_see_it() {
    use newsroom_desk::presence::{announce, who_is_here};
    let desk = TestDesk::new().await;
    let (_, ana) = desk.person("Ana", Role::Reporter).await;
    let (_, bo) = desk.person("Bo", Role::Reporter).await;
    let (_, erik) = desk.person("Erik", Role::Editor).await;
    let story = create_story(&ana, "A draft").await;
    announce(&ana, Some(story))
        .await
        .expect("Ana is in her draft");
    // Bo claims to be in it too: not recorded.
    announce(&bo, Some(story)).await.expect("Bo says so");
    let seen_by = |who: &'static str, list: Vec<newsroom_desk::presence::Present>| {
        list.into_iter()
            .map(|p| (p.name, p.story.is_some()))
            .collect::<Vec<_>>()
            .into_iter()
            .map(move |(name, story)| (who, name, story))
            .collect::<Vec<_>>()
    };
    let by_bo = seen_by("Bo", who_is_here(&bo).await.expect("who"));
    assert_eq!(
        by_bo,
        [("Bo", "Ana".into(), false), ("Bo", "Bo".into(), false)]
    );
    let by_erik = seen_by("Erik", who_is_here(&erik).await.expect("who"));
    assert_eq!(
        by_erik,
        [("Erik", "Ana".into(), false), ("Erik", "Bo".into(), false)]
    );
    let by_ana = who_is_here(&ana).await.expect("who");
    assert_eq!(
        by_ana
            .iter()
            .find(|p| p.name == "Ana")
            .and_then(|p| p.story),
        Some(story)
    );
    // Submitted, the editors see where she is.
    move_story(&ana, story, "submit", None)
        .await
        .expect("submit");
    let by_erik = who_is_here(&erik).await.expect("who");
    assert_eq!(
        by_erik
            .iter()
            .find(|p| p.name == "Ana")
            .and_then(|p| p.story),
        Some(story)
    );
    // The table itself is nobody's to read.
    let said = refused(&bo, "SELECT * FROM desk.presence", &[]).await;
    assert!(said.contains("permission denied"), "{said}");
}
