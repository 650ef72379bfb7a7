//! `newsroom desk …`: setting up the shared desk, joining it, and syncing with it, from a
//! terminal. The logic is in `newsroom-desk` (PostgreSQL) and `newsroom-store` (this laptop);
//! this file reads the arguments and passwords and says what happened.
//!
//! Passwords never go on the command line (shell history): the desk's owner's comes from
//! PGPASSWORD, as for every PostgreSQL tool, and a person's from NEWSROOM_DESK_PASSWORD, kept
//! in the keychain once this laptop joined.

use std::path::Path;

use chrono::{Local, Utc};
use clap::Subcommand;
use newsroom_core::workflow::Role;
use newsroom_desk::setup::{
    add_person, init, join_laptop, kept_password, keychain_name, NewPerson,
};
use newsroom_desk::sync::sync_once;
use newsroom_desk::{connect, Connection, DeskAddress};
use newsroom_publish::Keychain;
use newsroom_store::{DeskLink, Store};
use uuid::Uuid;

#[derive(Subcommand)]
pub enum DeskCommand {
    /// Set up the desk on an empty PostgreSQL database (or upgrade it), with its first admin
    /// NAME (password from NEWSROOM_DESK_PASSWORD), and join this laptop as them. URL names the
    /// database and a login that owns it and may create roles (its password from PGPASSWORD):
    /// postgres://OWNER@HOST:PORT/DATABASE?sslrootcert=CA.pem
    Init {
        /// The desk's database.
        url: String,
        /// The first admin's name.
        #[arg(long, value_name = "NAME")]
        admin: String,
        /// Their byline.
        #[arg(long, default_value = "")]
        byline: String,
    },
    /// Add a person to the desk with their own login (password from NEWSROOM_DESK_PASSWORD);
    /// an admin's laptop only.
    AddPerson {
        /// Their name.
        name: String,
        /// reporter, editor or admin.
        #[arg(long)]
        role: String,
        /// Their byline.
        #[arg(long, default_value = "")]
        byline: String,
    },
    /// Join this laptop to the desk at URL as the person named with --as (password from
    /// NEWSROOM_DESK_PASSWORD, then kept in the keychain). Its stories go up at the next sync.
    Join {
        /// postgres://HOST:PORT/DATABASE?sslrootcert=CA.pem
        url: String,
    },
    /// Online or not, what waits to go, when it last synced.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One full round: send what waits, apply what others did.
    Sync,
    /// Send again, with the next sync, the changes the desk refused (stories' edits, comments,
    /// authors) once the cause has passed; a refused move is not sent again but taken off the
    /// list (it was undone here).
    SendAgain,
    /// Say this person is at the desk for the next minute, with story ID open (for scripts;
    /// the app says so by itself while it runs).
    Here {
        /// The story open, if any.
        id: Option<Uuid>,
        /// Where the cursor is in its text (a character offset, as the editor counts them):
        /// the others with the story open see it there.
        #[arg(long, requires = "id", value_name = "OFFSET")]
        at: Option<u32>,
    },
    /// The authors of story ID on the desk: who sees and writes it before it is submitted.
    Authors {
        /// The story.
        id: Uuid,
    },
    /// Add COLLEAGUE (a person of the desk, by name) as an author of story ID, as the profile
    /// named with --as: the draft becomes theirs to see and write at the next sync. A story's
    /// authors may, and editors.
    AddAuthor {
        /// The story.
        id: Uuid,
        /// The colleague's name.
        colleague: String,
    },
    /// Take COLLEAGUE off the authors of story ID, as the profile named with --as: the draft
    /// is no longer theirs to see or write after the next sync. The person who started the
    /// story stays its author.
    RemoveAuthor {
        /// The story.
        id: Uuid,
        /// The colleague's name.
        colleague: String,
    },
    /// A hash of the shared state as this laptop holds it (of one story with its id): the same
    /// on every laptop that sees the same stories, once synced.
    Digest {
        /// One story only.
        id: Option<Uuid>,
    },
    /// Leave the desk: the stories stay on this laptop; nothing more is sent or heard.
    Leave {
        /// Leave although changes still wait to go (they stay here, unsent).
        #[arg(long)]
        discard_waiting: bool,
    },
}

/// Runs a desk command on the data folder `dir`; `name` is the global --as (who joins).
pub fn run(dir: &Path, name: Option<&str>, command: DeskCommand) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(run_async(dir, name, command))
}

async fn run_async(dir: &Path, name: Option<&str>, command: DeskCommand) -> Result<(), String> {
    let mut store = Store::open(dir).map_err(|e| e.to_string())?;
    match command {
        DeskCommand::Init { url, admin, byline } => {
            let address = DeskAddress::parse(&url).map_err(|e| e.to_string())?;
            let owner_password = env_password("PGPASSWORD", "the database owner's")?;
            let password = env_password("NEWSROOM_DESK_PASSWORD", "the admin's")?;
            let report = init(
                &address,
                &owner_password,
                &NewPerson {
                    name: &admin,
                    role: Role::Admin,
                    byline: &byline,
                    password: &password,
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            if report.from_version == report.to_version {
                println!(
                    "The desk {} is up to date (version {}).",
                    report.desk, report.to_version
                );
            } else {
                println!(
                    "The desk {} is at version {} (was {}).",
                    report.desk, report.to_version, report.from_version
                );
            }
            if let Some(login) = report.admin_login {
                println!("{admin} is its admin; they log in as {login}.");
                if store.desk_link().map_err(|e| e.to_string())?.is_none() {
                    join(&mut store, &address, &admin, &password).await?;
                }
            }
            Ok(())
        }
        DeskCommand::Join { url } => {
            let name = name.ok_or("Say who joins: newsroom desk join URL --as NAME")?;
            let address = DeskAddress::parse(&url).map_err(|e| e.to_string())?;
            let password = env_password("NEWSROOM_DESK_PASSWORD", "your desk")?;
            join(&mut store, &address, name, &password).await
        }
        DeskCommand::AddPerson { name, role, byline } => {
            let role = Role::from_key(&role.to_lowercase())
                .ok_or("The role is reporter, editor or admin.")?;
            let password = env_password("NEWSROOM_DESK_PASSWORD", "the new person's")?;
            let (link, desk) = connect_linked(&store).await?;
            let (_, login) = add_person(
                &desk.client,
                &link.desk,
                &NewPerson {
                    name: &name,
                    role,
                    byline: &byline,
                    password: &password,
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "{name} is on the desk as {} and logs in as {login}.",
                role.key()
            );
            Ok(())
        }
        DeskCommand::Status { json } => status(&store, json).await,
        DeskCommand::SendAgain => {
            let again = store.desk_send_refused_again().map_err(|e| e.to_string())?;
            println!(
                "{} refused change(s) go again with the next sync (newsroom desk sync).",
                again.changes
            );
            if again.moves_cleared > 0 {
                println!(
                    "{} refused move(s) taken off the list: undone here, not sent again.",
                    again.moves_cleared
                );
            }
            Ok(())
        }
        DeskCommand::Sync => {
            let (_, mut desk) = match connect_linked(&store).await {
                Ok(connected) => connected,
                Err(why) => {
                    let _ = store.record_desk_sync(Some(&why), Utc::now());
                    return Err(why);
                }
            };
            let report = sync_once(&mut store, &mut desk)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "Synced: {} stor{}, {} change(s) and {} revision(s) sent, {} received from others.",
                report.stories_sent,
                if report.stories_sent == 1 { "y" } else { "ies" },
                report.changes_sent,
                report.revisions_sent,
                report.received
            );
            if report.photos_fetched + report.photos_waiting > 0 {
                println!(
                    "Photos: {} fetched, {} still to fetch (the next sync goes on).",
                    report.photos_fetched, report.photos_waiting
                );
            }
            for (story, why) in &report.refused {
                println!("The desk refused a change to {story}: {why}");
            }
            if report.refused.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{} change(s) refused by the desk.",
                    report.refused.len()
                ))
            }
        }
        DeskCommand::Here { id, at } => {
            let (link, desk) = connect_linked(&store).await?;
            let cursor = match (id, at) {
                (Some(id), Some(at)) => Some(
                    store
                        .body_caret(id, at)
                        .map_err(|e| e.to_string())?
                        .ok_or_else(|| {
                            format!("The story's text is shorter than {at} characters.")
                        })?,
                ),
                _ => None,
            };
            let said = match cursor {
                Some(cursor) => {
                    newsroom_desk::presence::announce_at(&desk, id, Some(&cursor)).await
                }
                None => newsroom_desk::presence::announce(&desk, id).await,
            };
            said.map_err(|e| e.to_string())?;
            println!("{} is at the desk for the next minute.", link.login);
            Ok(())
        }
        DeskCommand::Authors { id } => {
            linked(&store)?;
            print_authors(&store.story_authors(id).map_err(|e| e.to_string())?);
            if let Some(lost) = store.no_longer_yours(id).map_err(|e| e.to_string())? {
                println!(
                    "{} took you off this story: this laptop keeps its copy and sends nothing of it.",
                    lost.by
                );
            }
            Ok(())
        }
        DeskCommand::RemoveAuthor { id, colleague } => {
            act_as(&mut store, name, "remove-author")?;
            let person = store
                .story_authors(id)
                .map_err(|e| e.to_string())?
                .into_iter()
                .find(|a| a.name.eq_ignore_ascii_case(colleague.trim()))
                .ok_or_else(|| format!("{colleague} is not an author of this story."))?
                .person;
            let authors = store
                .remove_story_author(id, person, Utc::now())
                .map_err(|e| e.to_string())?;
            print_authors(&authors);
            Ok(())
        }
        DeskCommand::AddAuthor { id, colleague } => {
            act_as(&mut store, name, "add-author")?;
            let authors = store.story_authors(id).map_err(|e| e.to_string())?;
            let person = store
                .colleagues_to_add(&authors)
                .map_err(|e| e.to_string())?
                .into_iter()
                .find(|c| c.name.eq_ignore_ascii_case(colleague.trim()))
                .ok_or_else(|| {
                    format!("{colleague} is not one of the desk's people, or is an author already.")
                })?
                .person;
            let authors = store
                .add_story_author(id, person, Utc::now())
                .map_err(|e| e.to_string())?;
            print_authors(&authors);
            Ok(())
        }
        DeskCommand::Digest { id } => {
            println!("{}", store.desk_digest(id).map_err(|e| e.to_string())?);
            Ok(())
        }
        DeskCommand::Leave { discard_waiting } => {
            let link = linked(&store)?;
            store
                .leave_desk(discard_waiting)
                .map_err(|e| e.to_string())?;
            Keychain.forget_secret(&keychain_name(&link.login, &link.address));
            println!(
                "This laptop left the desk {}; its stories stay here.",
                link.address
            );
            Ok(())
        }
    }
}

/// Joins `store` to the desk at `address` as `name`, and keeps the password in the keychain.
async fn join(
    store: &mut Store,
    address: &DeskAddress,
    name: &str,
    password: &str,
) -> Result<(), String> {
    let (link, me) = join_laptop(store, address, name, password)
        .await
        .map_err(|e| e.to_string())?;
    let kept = Keychain
        .store_secret(&keychain_name(&link.login, &link.address), password)
        .map_err(|e| e.to_string())?;
    let waiting = store.desk_waiting().map_err(|e| e.to_string())?;
    println!(
        "This laptop is on the desk {} as {} ({}); the password is kept in {}. {} stor{} will go \
         up at the next sync.",
        link.address,
        me.name,
        me.role.key(),
        kept.describe(),
        waiting.stories,
        if waiting.stories == 1 { "y" } else { "ies" }
    );
    Ok(())
}

async fn status(store: &Store, json: bool) -> Result<(), String> {
    let link = linked(store)?;
    let waiting = store.desk_waiting().map_err(|e| e.to_string())?;
    let refusals = store.desk_refusals().map_err(|e| e.to_string())?;
    let online = connect_linked(store).await;
    let present: Vec<String> = match &online {
        Ok((_, desk)) => newsroom_desk::presence::who_is_here(desk)
            .await
            .map(|people| people.into_iter().map(|p| p.name).collect())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let last_sync = link
        .last_sync_at
        .map(|at| at.with_timezone(&Local).format("%H:%M").to_string());
    if json {
        let value = serde_json::json!({
            "address": link.address,
            "login": link.login,
            "online": online.is_ok(),
            "offlineBecause": online.as_ref().err(),
            "waiting": waiting,
            "lastSyncAt": link.last_sync_at,
            "lastError": link.last_error,
            "feedCursor": link.feed_cursor,
            "atTheDesk": present,
            "refused": refusals,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return Ok(());
    }
    let mut line = match (&online, waiting.total()) {
        (Ok(_), 0) => "Online".to_owned(),
        (Ok(_), n) => format!("Online: {n} change(s) waiting"),
        (Err(_), n) => format!("Offline: {n} change(s) waiting"),
    };
    if let Some(at) = last_sync {
        line.push_str(&format!(" · Synced {at}"));
    }
    println!("{line}");
    println!("Desk {} as {}", link.address, link.login);
    if !present.is_empty() {
        println!("At the desk: {}", present.join(", "));
    }
    if let Err(why) = online {
        println!("{why}");
    }
    if !refusals.is_empty() {
        println!(
            "The desk refused, kept here (newsroom desk send-again once the cause has passed):"
        );
        for refusal in &refusals {
            let headline = match refusal.headline.as_str() {
                "" => "Untitled story",
                headline => headline,
            };
            println!("  {headline} ({}): {}", refusal.story_id, refusal.why);
        }
    }
    Ok(())
}

/// This laptop's password for its desk: kept in the keychain, or NEWSROOM_DESK_PASSWORD.
pub fn password_for(link: &DeskLink) -> Option<String> {
    kept_password(link).or_else(|| {
        std::env::var("NEWSROOM_DESK_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty())
    })
}

fn linked(store: &Store) -> Result<DeskLink, String> {
    store
        .desk_link()
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "This laptop is not on a desk: newsroom desk join URL --as NAME".to_owned())
}

/// Connects as this laptop's person, with the password from the keychain (or
/// NEWSROOM_DESK_PASSWORD).
async fn connect_linked(store: &Store) -> Result<(DeskLink, Connection), String> {
    let link = linked(store)?;
    let password = password_for(&link).ok_or_else(|| {
        "The desk's password is not kept on this computer (a restart clears it where no \
         desktop keychain runs): set NEWSROOM_DESK_PASSWORD, or leave and join again."
            .to_owned()
    })?;
    let address = DeskAddress::parse(&link.address).map_err(|e| e.to_string())?;
    let desk = connect(&address, &link.login, &password)
        .await
        .map_err(|e| e.to_string())?;
    Ok((link, desk))
}

fn env_password(variable: &str, whose: &str) -> Result<String, String> {
    std::env::var(variable)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| format!("Give {whose} password in {variable}."))
}

/// One line an author: their name, and whether the desk has taken them yet.
fn print_authors(authors: &[newsroom_store::StoryAuthor]) {
    for author in authors {
        match (&author.refused, author.waiting) {
            (Some(why), _) => println!("{} (the desk refused: {why})", author.name),
            (None, true) => println!("{} (goes to the desk with the next sync)", author.name),
            (None, false) => println!("{}", author.name),
        }
    }
}

/// Puts the profile named with --as at this laptop (its passphrase from NEWSROOM_PASSPHRASE)
/// for `newsroom desk COMMAND`, on a laptop that joined a desk.
fn act_as(store: &mut Store, name: Option<&str>, command: &str) -> Result<(), String> {
    linked(store)?;
    let name =
        name.ok_or_else(|| format!("Say who you are: newsroom desk {command} ID NAME --as YOU"))?;
    let profile = store
        .authenticate(name, crate::passphrase().as_deref())
        .map_err(|e| e.to_string())?;
    store.set_actor(Some(profile));
    Ok(())
}
