//! Setting a desk up on an empty database, upgrading it forward, and adding its people.
//!
//! `init` runs as the login the address names: the database's owner, allowed to create roles
//! (what a newsroom's database administrator gives the desk; docs/DESK.md). It creates the
//! desk's two group roles, applies the schema files it has not applied yet, and enrols the
//! first admin. Passwords never reach the server in the clear: the laptop computes the SCRAM
//! verifier and the desk stores only that.

use newsroom_core::workflow::Role;
use tokio_postgres::Client;
use uuid::Uuid;

use crate::schema::{desk_name, login_for, newest_version, MIGRATIONS};
use crate::{connect, DeskAddress, SharedDeskError};

/// A person to add to the desk.
#[derive(Debug, Clone, Copy)]
pub struct NewPerson<'a> {
    /// Their name, as the desk shows it ("Anna Lindqvist").
    pub name: &'a str,
    /// Reporter, editor or admin.
    pub role: Role,
    /// Their byline ("" for their name).
    pub byline: &'a str,
    /// Their password, from NEWSROOM_DESK_PASSWORD.
    pub password: &'a str,
}

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    /// The desk's name (the prefix of its roles).
    pub desk: String,
    /// The schema version before.
    pub from_version: i32,
    /// The schema version now.
    pub to_version: i32,
    /// The first admin's login, when this run enrolled them.
    pub admin_login: Option<String>,
}

/// Shortest password the desk takes (PostgreSQL itself has no rule).
const MIN_PASSWORD_CHARS: usize = 12;
/// Holds `init` runs on one database one at a time.
const INIT_LOCK: i64 = 0x6e65_7773_726f_6f6d; // "newsroom"

/// Sets up the desk at `address` (on an empty database) or upgrades it forward, as the
/// address's login with `owner_password`; on a desk with nobody yet, enrols `admin`.
pub async fn init(
    address: &DeskAddress,
    owner_password: &str,
    admin: &NewPerson<'_>,
) -> Result<InitReport, SharedDeskError> {
    let owner = address.login.as_deref().ok_or_else(|| {
        SharedDeskError::BadAddress(
            "name the database owner's login in the address: postgres://OWNER@server/database"
                .into(),
        )
    })?;
    let desk = desk_name(&address.database)?;
    check_password(admin.password)?;
    let mut connection = connect(address, owner, owner_password).await?;
    check_may_set_up(&connection.client, owner).await?;
    let transaction = connection.client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])
        .await?;
    let applied = applied_versions(&transaction).await?;
    let from_version = applied.last().map_or(0, |(version, _)| *version);
    if from_version > newest_version() {
        return Err(SharedDeskError::SchemaNewer {
            desk: from_version,
            app: newest_version(),
        });
    }
    for (version, checksum) in &applied {
        let known = MIGRATIONS.iter().find(|m| m.version == *version);
        if known.map(|m| m.checksum()).as_deref() != Some(checksum.as_str()) {
            return Err(SharedDeskError::SchemaDiffers { version: *version });
        }
    }
    if applied.is_empty() {
        create_roles(&transaction, &desk, &address.database).await?;
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > from_version) {
        transaction.batch_execute(&migration.sql_for(&desk)).await?;
        transaction
            .execute(
                "INSERT INTO desk.migrations (version, checksum) VALUES ($1, $2)",
                &[&migration.version, &migration.checksum()],
            )
            .await?;
    }
    let nobody_yet: bool = transaction
        .query_one("SELECT NOT EXISTS (SELECT FROM desk.people)", &[])
        .await?
        .get(0);
    let mut admin_login = None;
    if nobody_yet {
        let login = login_for(&desk, admin.name)?;
        transaction
            .execute(
                "SELECT desk.enrol($1, $2, $3, $4, 'admin', $5, $6, NULL)",
                &[
                    &Uuid::now_v7(),
                    &Uuid::now_v7(),
                    &login,
                    &admin.name,
                    &admin.byline,
                    &verifier(admin.password),
                ],
            )
            .await?;
        admin_login = Some(login);
    }
    transaction.commit().await?;
    Ok(InitReport {
        desk,
        from_version,
        to_version: newest_version(),
        admin_login,
    })
}

/// Adds `person` to the desk `desk` with their own login; the caller's login must be an
/// admin's (the desk checks). Returns their id and login.
pub async fn add_person(
    client: &Client,
    desk: &str,
    person: &NewPerson<'_>,
) -> Result<(Uuid, String), SharedDeskError> {
    check_password(person.password)?;
    let login = login_for(desk, person.name)?;
    let id = Uuid::now_v7();
    client
        .execute(
            "SELECT desk.add_person($1, $2, $3, $4, $5, $6, $7)",
            &[
                &Uuid::now_v7(),
                &id,
                &login,
                &person.name,
                &person.role.key(),
                &person.byline,
                &verifier(person.password),
            ],
        )
        .await?;
    Ok((id, login))
}

/// The SCRAM-SHA-256 verifier PostgreSQL keeps instead of the password.
fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

fn check_password(password: &str) -> Result<(), SharedDeskError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(SharedDeskError::Refused(format!(
            "a desk password has at least {MIN_PASSWORD_CHARS} characters \
             (give it in NEWSROOM_DESK_PASSWORD)"
        )));
    }
    Ok(())
}

async fn check_may_set_up(client: &Client, owner: &str) -> Result<(), SharedDeskError> {
    let row = client
        .query_one(
            "SELECT d.datdba = r.oid, r.rolcreaterole OR r.rolsuper
               FROM pg_database d, pg_roles r
              WHERE d.datname = current_database() AND r.rolname = current_user",
            &[],
        )
        .await?;
    let (owns, creates_roles): (bool, bool) = (row.get(0), row.get(1));
    if !owns || !creates_roles {
        return Err(SharedDeskError::NotAllowed(format!(
            "{owner} must own the desk's database and be allowed to create roles to set the \
             desk up (ALTER DATABASE … OWNER TO {owner}; ALTER ROLE {owner} CREATEROLE)."
        )));
    }
    Ok(())
}

async fn applied_versions(
    client: &impl tokio_postgres::GenericClient,
) -> Result<Vec<(i32, String)>, SharedDeskError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('desk.migrations') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(Vec::new());
    }
    let rows = client
        .query(
            "SELECT version, checksum FROM desk.migrations ORDER BY version",
            &[],
        )
        .await?;
    Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}

/// The desk's group roles, and the database closed to everyone but the desk's people. The
/// names are checked identifiers (`desk_name`), so they go into the statements as they are.
async fn create_roles(
    client: &impl tokio_postgres::GenericClient,
    desk: &str,
    database: &str,
) -> Result<(), SharedDeskError> {
    let database = format!("\"{}\"", database.replace('"', "\"\""));
    client
        .batch_execute(&format!(
            "DO $$ BEGIN
                 IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{desk}_owner') THEN
                     CREATE ROLE {desk}_owner NOLOGIN CREATEROLE;
                 END IF;
                 IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{desk}_people') THEN
                     CREATE ROLE {desk}_people NOLOGIN;
                 END IF;
             END $$;
             GRANT {desk}_owner TO CURRENT_USER;
             GRANT {desk}_people TO {desk}_owner WITH ADMIN OPTION;
             REVOKE ALL ON DATABASE {database} FROM PUBLIC;
             GRANT CONNECT ON DATABASE {database} TO {desk}_people;"
        ))
        .await?;
    Ok(())
}

/// Who the connection's login is on the desk (the person row of `session_user`).
pub async fn who_am_i(client: &Client) -> Result<newsroom_store::DeskPerson, SharedDeskError> {
    let row = client
        .query_opt(
            "SELECT id, name, role, byline FROM desk.people WHERE login = session_user",
            &[],
        )
        .await?
        .ok_or_else(|| {
            SharedDeskError::NotAllowed("This login is not one of the desk's people.".into())
        })?;
    let role: String = row.get(2);
    Ok(newsroom_store::DeskPerson {
        id: row.get(0),
        name: row.get(1),
        role: Role::from_key(&role).unwrap_or(Role::Reporter),
        byline: row.get(3),
    })
}

/// Joins the laptop whose store is `store` to the desk at `address` as the person called
/// `person_name` (their login worked out from the name), checking the password by logging in.
/// The caller keeps the password in the keychain under [`keychain_name`].
pub async fn join_laptop(
    store: &mut newsroom_store::Store,
    address: &DeskAddress,
    person_name: &str,
    password: &str,
) -> Result<(newsroom_store::DeskLink, newsroom_store::DeskPerson), SharedDeskError> {
    let desk = desk_name(&address.database)?;
    let login = login_for(&desk, person_name)?;
    let connection = connect(address, &login, password).await?;
    let me = who_am_i(&connection.client).await?;
    let mut address = address.clone();
    address.login = None;
    let link = store.join_desk(
        &address.without_login(),
        &desk,
        &login,
        &me,
        password,
        chrono::Utc::now(),
    )?;
    Ok((link, me))
}

/// The keychain entry that holds the password of `login` on the desk at `address`.
pub fn keychain_name(login: &str, address: &str) -> String {
    format!("desk-{login}@{address}")
}

/// This laptop's password for the desk it joined, from the keychain where `desk join` put it
/// (`None` once the keychain forgot it, as the kernel's store does at a restart).
pub fn kept_password(link: &newsroom_store::DeskLink) -> Option<String> {
    newsroom_publish::Keychain
        .secret(&keychain_name(&link.login, &link.address))
        .ok()
}
