//! A fresh desk per test on the loopback PostgreSQL that scripts/postgres/start.sh runs (TLS
//! with its test certificate authority, SCRAM): its own database and, through the desk's name,
//! its own roles, so tests running at once share nothing.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use newsroom_core::workflow::Role;
use newsroom_desk::setup::{add_person, init, who_am_i, NewPerson};
use newsroom_desk::{connect, Connection, DeskAddress};
use uuid::Uuid;

/// Everyone's password in these tests (at least twelve characters, as the desk asks).
pub const PASSWORD: &str = "correct horse battery";

/// The test server, from what start.sh printed.
pub struct Server {
    pub address: DeskAddress,
    pub password: String,
}

pub fn server() -> Server {
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(url), Some(password), Some(ca)) = (
        from_env("NEWSROOM_TEST_PG_URL"),
        from_env("NEWSROOM_TEST_PG_PASSWORD"),
        from_env("NEWSROOM_TEST_PG_CA"),
    ) else {
        panic!(
            "These tests need the loopback PostgreSQL: run `bash scripts/postgres/start.sh` and \
             set NEWSROOM_TEST_PG_URL, NEWSROOM_TEST_PG_PASSWORD and NEWSROOM_TEST_PG_CA from \
             what it prints (PG_URL, PG_PASSWORD, PG_CA); scripts/test.sh does this."
        )
    };
    let mut address = DeskAddress::parse(&url).expect("NEWSROOM_TEST_PG_URL parses");
    address.ca_file = Some(PathBuf::from(ca));
    Server { address, password }
}

/// A desk set up by `desk init` on a database of its own, with its first admin, "Boss".
pub struct TestDesk {
    pub server: Server,
    pub address: DeskAddress,
    pub desk: String,
}

impl TestDesk {
    pub async fn new() -> TestDesk {
        let server = server();
        let database = format!("nrt_{}", &Uuid::now_v7().simple().to_string()[22..]);
        let admin = connect(&server.address, login(&server), &server.password)
            .await
            .expect("the test login connects");
        admin
            .client
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .await
            .expect("create the test database");
        let mut address = server.address.clone();
        address.database = database.clone();
        let report = init(
            &address,
            &server.password,
            &NewPerson {
                name: "Boss",
                role: Role::Admin,
                byline: "",
                password: PASSWORD,
            },
        )
        .await
        .expect("desk init");
        TestDesk {
            server,
            address,
            desk: report.desk,
        }
    }

    /// Connects as the desk's owner (the login `desk init` ran as).
    pub async fn owner(&self) -> Connection {
        connect(&self.address, login(&self.server), &self.server.password)
            .await
            .expect("the owner connects")
    }

    /// Connects as the person whose login is `login`.
    pub async fn as_login(&self, login: &str) -> Connection {
        connect(&self.address, login, PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("{login} connects: {e}"))
    }

    /// The first admin's connection.
    pub async fn boss(&self) -> Connection {
        self.as_login(&format!("{}_boss", self.desk)).await
    }

    /// Adds a person (as Boss) and connects as them; returns their id and connection.
    pub async fn person(&self, name: &str, role: Role) -> (Uuid, Connection) {
        let boss = self.boss().await;
        let (id, login) = add_person(
            &boss.client,
            &self.desk,
            &NewPerson {
                name,
                role,
                byline: "",
                password: PASSWORD,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("add {name}: {e}"));
        (id, self.as_login(&login).await)
    }
}

/// Joins the laptop whose data folder is `dir` to `desk` as `connection`'s person (what it
/// holds goes up at its first sync), and puts their profile there at the desk.
pub async fn join_folder(
    desk: &TestDesk,
    connection: &Connection,
    dir: &Path,
) -> (newsroom_store::Store, newsroom_store::Profile) {
    let mut store = newsroom_store::Store::open(dir).expect("open the laptop's folder");
    let person = who_am_i(&connection.client).await.expect("who am I");
    let link = store
        .join_desk(
            &desk.address.without_login(),
            &desk.desk,
            &connection.login,
            &person,
            PASSWORD,
            chrono::Utc::now(),
        )
        .expect("join");
    let me = store
        .profiles()
        .expect("profiles")
        .into_iter()
        .find(|p| p.id == link.profile_id)
        .expect("my profile");
    store.set_actor(Some(me.clone()));
    (store, me)
}

fn login(server: &Server) -> &str {
    server
        .address
        .login
        .as_deref()
        .expect("the test URL names a login")
}

/// Files `story` under World (every laptop starts with the same sections) and submits it as
/// `me`, as a reporter does when the story is ready for the editors.
pub fn file_and_submit(
    store: &mut newsroom_store::Store,
    me: &newsroom_store::Profile,
    story: Uuid,
) {
    let world = store.find_section("world").expect("find").expect("World");
    store
        .set_article_sections(story, Some(world.id), &[], chrono::Utc::now())
        .expect("file under World");
    store
        .move_story(
            story,
            newsroom_core::workflow::WorkflowAction::Submit,
            me,
            newsroom_store::Seen::Unchecked,
            "",
            chrono::Utc::now(),
        )
        .unwrap_or_else(|e| panic!("{} submits: {e}", me.name));
}
