//! `newsroom desk …` on real data folders (one per laptop) against the loopback PostgreSQL
//! that scripts/postgres/start.sh runs: set up, add people, join, sync, status, leave.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use newsroom_desk::{connect, DeskAddress};
use uuid::Uuid;

struct Server {
    url: String,
    password: String,
    ca: String,
}

fn server() -> Server {
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(url), Some(password), Some(ca)) = (
        from_env("NEWSROOM_TEST_PG_URL"),
        from_env("NEWSROOM_TEST_PG_PASSWORD"),
        from_env("NEWSROOM_TEST_PG_CA"),
    ) else {
        panic!(
            "These tests need the loopback PostgreSQL: run `bash scripts/postgres/start.sh` and \
             set NEWSROOM_TEST_PG_URL, NEWSROOM_TEST_PG_PASSWORD and NEWSROOM_TEST_PG_CA."
        )
    };
    Server { url, password, ca }
}

/// A new empty database on the test server, named nrt_… (start.sh clears those).
fn fresh_database(server: &Server) -> String {
    let name = format!("nrt_{}", &Uuid::now_v7().simple().to_string()[22..]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut address = DeskAddress::parse(&server.url).expect("url");
        address.ca_file = Some(server.ca.clone().into());
        let login = address.login.clone().expect("login");
        let admin = connect(&address, &login, &server.password)
            .await
            .expect("the test login connects");
        admin
            .client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create database");
    });
    name
}

fn newsroom(dir: &Path, args: &[&str], password: Option<&str>, server: &Server) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command
        .args(args)
        .env("NEWSROOM_DATA_DIR", dir)
        .env("PGPASSWORD", &server.password)
        .env_remove("NEWSROOM_DESK_PASSWORD")
        .stdin(Stdio::null());
    if let Some(password) = password {
        command.env("NEWSROOM_DESK_PASSWORD", password);
    }
    command.output().expect("run newsroom")
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn refused(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const BOSS: &str = "boss's long password";
const ANA: &str = "ana's long password";
const ERIK: &str = "erik's long password";

#[test]
fn set_up_a_desk_add_people_join_laptops_and_sync_from_the_command_line() {
    let server = server();
    let database = fresh_database(&server);
    let (hub, ana, erik) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let owner_url = {
        let base = server.url.rsplit_once('/').expect("url").0;
        format!("{base}/{database}?sslrootcert={}", server.ca)
    };
    let url = owner_url.replacen("newsroom_test@", "", 1);

    let said = ok(&newsroom(
        hub.path(),
        &["desk", "init", &owner_url, "--admin", "Boss"],
        Some(BOSS),
        &server,
    ));
    assert!(
        said.contains(&format!(
            "is at version {} (was 0)",
            newsroom_desk::schema::newest_version()
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!("log in as {database}_boss")),
        "{said}"
    );
    let again = ok(&newsroom(
        hub.path(),
        &["desk", "init", &owner_url, "--admin", "Boss"],
        Some(BOSS),
        &server,
    ));
    assert!(again.contains("is up to date"), "{again}");

    ok(&newsroom(
        hub.path(),
        &["desk", "add-person", "Ana", "--role", "reporter"],
        Some(ANA),
        &server,
    ));
    ok(&newsroom(
        hub.path(),
        &["desk", "add-person", "Erik", "--role", "editor"],
        Some(ERIK),
        &server,
    ));

    // A reporter drafts before joining; the draft goes up at the first sync.
    let story =
        ok(&Command::new(env!("CARGO_BIN_EXE_newsroom"))
            .args(["articles", "create", "--json", "-"])
            .env("NEWSROOM_DATA_DIR", ana.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("stdin").write_all(
                    br#"{"headline":"Soldiers cross","body":"Pyongyang sent troops."}"#,
                )?;
                child.wait_with_output()
            })
            .expect("create"));
    let story = story.trim();

    let wrong = refused(&newsroom(
        ana.path(),
        &["desk", "join", &url, "--as", "Ana"],
        Some("not her password"),
        &server,
    ));
    assert!(
        wrong.contains("did not accept the name and password"),
        "{wrong}"
    );
    let joined = ok(&newsroom(
        ana.path(),
        &["desk", "join", &url, "--as", "Ana"],
        Some(ANA),
        &server,
    ));
    assert!(joined.contains("as Ana (reporter)"), "{joined}");
    assert!(joined.contains("1 story will go up"), "{joined}");
    ok(&newsroom(
        erik.path(),
        &["desk", "join", &url, "--as", "Erik"],
        Some(ERIK),
        &server,
    ));

    let status = ok(&newsroom(ana.path(), &["desk", "status"], None, &server));
    assert!(
        status.starts_with("Online: 1 change(s) waiting"),
        "{status}"
    );
    let leaving = refused(&newsroom(ana.path(), &["desk", "leave"], None, &server));
    assert!(leaving.contains("wait to go to the desk"), "{leaving}");

    let synced = ok(&newsroom(ana.path(), &["desk", "sync"], None, &server));
    assert!(synced.starts_with("Synced: 1 story"), "{synced}");
    let status: serde_json::Value = serde_json::from_str(&ok(&newsroom(
        ana.path(),
        &["desk", "status", "--json"],
        None,
        &server,
    )))
    .expect("json");
    assert_eq!(status["online"], true);
    assert_eq!(status["waiting"]["stories"], 0);

    // The editor's laptop does not get a draft.
    ok(&newsroom(erik.path(), &["desk", "sync"], None, &server));
    let shown = newsroom(erik.path(), &["articles", "show", story], None, &server);
    assert!(
        !shown.status.success(),
        "the editor's laptop has Ana's draft"
    );

    // Synced twice, the digest holds; leaving keeps the story here.
    let digest = ok(&newsroom(
        ana.path(),
        &["desk", "digest", story],
        None,
        &server,
    ));
    ok(&newsroom(ana.path(), &["desk", "sync"], None, &server));
    assert_eq!(
        ok(&newsroom(
            ana.path(),
            &["desk", "digest", story],
            None,
            &server
        )),
        digest
    );
    ok(&newsroom(ana.path(), &["desk", "leave"], None, &server));
    ok(&newsroom(
        ana.path(),
        &["articles", "show", story],
        None,
        &server,
    ));
    let gone = refused(&newsroom(ana.path(), &["desk", "status"], None, &server));
    assert!(gone.contains("not on a desk"), "{gone}");
}
