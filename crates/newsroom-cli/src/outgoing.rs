//! What leaves the desk, from a terminal: file exports, CMS targets, pushes and the outbox.
//!
//! Secrets come from the environment only (NEWSROOM_CMS_PASSWORD for a target's application
//! password, NEWSROOM_PASSPHRASE for the editor pushing), never from arguments, which show in
//! the process list and the shell history.

use std::path::PathBuf;

use chrono::Utc;
use clap::Subcommand;
use newsroom_desk::ledger::SharedLedger;
use newsroom_export::{export_approved, export_to, Format, Replace};
use newsroom_publish::{
    add_wordpress_target, give_wordpress_login, send_due, send_now, test_target, Keychain,
    Progress, PushObserver, PushSettings,
};
use newsroom_store::{OutboxEntry, OutboxState, RequestedStatus, Store};
use uuid::Uuid;

use crate::{json, local_time};

/// `newsroom export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// The story's id (or --approved for every approved story).
    id: Option<Uuid>,
    /// Every approved or published story, into the folder --out.
    #[arg(long, conflicts_with = "id")]
    approved: bool,
    /// ninjs (JSON), newsml (NewsML-G2 XML) or html (a folder with index.html and its photos).
    #[arg(long, value_name = "FORMAT")]
    format: String,
    /// The file (ninjs, newsml) or folder (html, --approved) to write.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Replace files that are already there (without it, an existing file is left alone and
    /// named). A link is never written through.
    #[arg(long)]
    overwrite: bool,
}

/// `newsroom targets`.
#[derive(Subcommand)]
pub enum TargetsCommand {
    /// Add a WordPress site (the application password is read from NEWSROOM_CMS_PASSWORD and
    /// kept in the OS keychain), or a folder another system picks files up from.
    Add {
        /// What the desk calls it.
        name: String,
        /// The site's address (https; http only for this computer).
        #[arg(
            long,
            value_name = "URL",
            required_unless_present = "folder",
            conflicts_with = "folder"
        )]
        wordpress: Option<String>,
        /// The WordPress user the application password belongs to.
        #[arg(long, requires = "wordpress")]
        user: Option<String>,
        /// A folder to write files to.
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// The folder's file format: ninjs, newsml or html.
        #[arg(long, requires = "folder", default_value = "ninjs")]
        format: String,
    },
    /// Give your WordPress user and application password for a site (one that came from the
    /// shared desk arrives without them); the password is read from NEWSROOM_CMS_PASSWORD and
    /// kept in the OS keychain.
    Login {
        /// The target's name.
        name: String,
        /// Your WordPress user.
        #[arg(long)]
        user: String,
    },
    /// Check the address, the password and the user's role.
    Test {
        /// The target's name.
        name: String,
    },
    /// The targets, with where each password is kept.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a target and forget its password.
    Remove {
        /// The target's name.
        name: String,
    },
}

/// `newsroom push`.
#[derive(clap::Args)]
pub struct PushArgs {
    /// The story's id.
    id: Uuid,
    /// The target's name.
    #[arg(long)]
    target: String,
    /// pending (review on the site) or publish (at once, or at the embargo's end).
    #[arg(long, default_value = "pending")]
    status: String,
}

/// `newsroom outbox`.
#[derive(Subcommand, Clone, Copy)]
pub enum OutboxCommand {
    /// Send everything that is due now.
    Send,
    /// Send a failed or waiting export again now.
    Retry {
        /// The export's id.
        id: Uuid,
    },
    /// Do not send an export.
    Cancel {
        /// The export's id.
        id: Uuid,
    },
    /// After a conflict: replace the site's version with the desk's.
    Overwrite {
        /// The export's id.
        id: Uuid,
    },
}

/// Writes one story, or every approved one, as files.
pub fn export(store: &Store, args: &ExportArgs) -> Result<(), String> {
    let format = Format::from_name(&args.format).ok_or_else(|| {
        format!(
            "\"{}\" is not a format: use ninjs, newsml or html.",
            args.format
        )
    })?;
    let replace = if args.overwrite {
        Replace::Allowed
    } else {
        Replace::Never
    };
    match (args.id, args.approved) {
        (Some(id), false) => {
            let report =
                export_to(store, id, format, &args.out, replace).map_err(|e| e.to_string())?;
            println!(
                "Written {} ({} photo file(s) beside it)",
                report.main_file.display(),
                report.photo_files.len()
            );
        }
        (None, true) => {
            let (written, refused) =
                export_approved(store, format, &args.out, replace).map_err(|e| e.to_string())?;
            for report in &written {
                println!("Written {}", report.main_file.display());
            }
            for (id, why) in &refused {
                eprintln!("newsroom: {id} not exported: {why}");
            }
            println!(
                "{} stor(y/ies) exported to {}",
                written.len(),
                args.out.display()
            );
        }
        _ => return Err("Name a story's id, or give --approved.".into()),
    }
    Ok(())
}

/// The CMS targets.
pub fn targets(store: &mut Store, command: TargetsCommand) -> Result<(), String> {
    match command {
        TargetsCommand::Add {
            name,
            folder: Some(folder),
            format,
            ..
        } => {
            let folder = std::path::absolute(&folder).map_err(|e| e.to_string())?;
            let target = store
                .add_folder_target(&name, &folder.to_string_lossy(), &format, Utc::now())
                .map_err(|e| e.to_string())?;
            println!("{}", target.id);
        }
        TargetsCommand::Add {
            name,
            wordpress,
            user,
            ..
        } => {
            let wordpress = wordpress.unwrap_or_default();
            let user = user.ok_or("Give the WordPress user with --user.")?;
            let password = std::env::var("NEWSROOM_CMS_PASSWORD")
                .ok()
                .filter(|p| !p.trim().is_empty())
                .ok_or("Set NEWSROOM_CMS_PASSWORD to the site's application password (it is put in the keychain, never in the database).")?;
            let (target, kind) =
                add_wordpress_target(store, &name, &wordpress, &user, &password, Utc::now())?;
            println!("{}\nPassword kept in {}.", target.id, kind.describe());
        }
        TargetsCommand::Login { name, user } => {
            let target = store.target(&name).map_err(|e| e.to_string())?;
            let password = std::env::var("NEWSROOM_CMS_PASSWORD")
                .ok()
                .filter(|p| !p.trim().is_empty())
                .ok_or("Set NEWSROOM_CMS_PASSWORD to your application password for the site (it is put in the keychain, never in the database).")?;
            let kind = give_wordpress_login(store, &target, &user, &password)?;
            println!("Password kept in {}.", kind.describe());
        }
        TargetsCommand::Test { name } => {
            let target = store.target(&name).map_err(|e| e.to_string())?;
            println!("{}", test_target(&target)?);
        }
        TargetsCommand::List { json: as_json } => {
            let list = store.targets().map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&list)?);
            } else {
                for target in list {
                    let kept = Keychain
                        .kind(target.id)
                        .map_or("no password on this computer", |k| k.describe());
                    println!(
                        "{:<20} {:<40} {:<12} {kept}",
                        target.name, target.url, target.username
                    );
                }
            }
        }
        TargetsCommand::Remove { name } => {
            let target = store.target(&name).map_err(|e| e.to_string())?;
            store.remove_target(target.id).map_err(|e| e.to_string())?;
            Keychain.forget(target.id);
            println!("Removed {}.", target.name);
        }
    }
    Ok(())
}

/// Progress on stderr, one line a step.
struct PrintProgress;

impl PushObserver for PrintProgress {
    fn progress(&mut self, _entry: &OutboxEntry, progress: Progress) {
        if progress.bytes_done == 0 || progress.bytes_done == progress.bytes_total {
            eprintln!(
                "  {}/{} sent ({} of {} kB of photos)",
                progress.steps_done,
                progress.steps_total,
                progress.bytes_done / 1024,
                progress.bytes_total / 1024
            );
        }
    }
}

/// The ledger pushes go through: on a shared desk, it claims each story's post there, so two
/// editors' pushes make one post.
pub fn ledger(store: Store) -> SharedLedger {
    SharedLedger::new(store, crate::desk::password_for)
}

/// Queues a push and sends it at once; a push that cannot go now waits in the outbox.
pub fn push(ledger: &mut SharedLedger, args: &PushArgs) -> Result<(), String> {
    let store = ledger.store_mut();
    let status = RequestedStatus::from_key(&args.status).ok_or_else(|| {
        format!(
            "\"{}\" is not a status: use pending or publish.",
            args.status
        )
    })?;
    let editor = crate::acting(store, "send a story to a site")?;
    let target = store.target(&args.target).map_err(|e| e.to_string())?;
    let queued = store
        .enqueue_push(args.id, target.id, status, &editor, Utc::now())
        .map_err(|e| e.to_string())?;
    let entry = send_now(
        ledger,
        queued.id,
        PushSettings::default(),
        &mut PrintProgress,
    )?
    .unwrap_or(queued);
    report(&entry)
}

fn report(entry: &OutboxEntry) -> Result<(), String> {
    match entry.state {
        OutboxState::Sent => {
            println!("Sent to {}: {}", entry.target_name, entry.link);
            Ok(())
        }
        OutboxState::Waiting => {
            println!(
                "Waiting in the outbox ({}); next try {}.",
                entry.last_error,
                local_time(entry.next_attempt_at)
            );
            Ok(())
        }
        OutboxState::Conflict => Err(format!(
            "{} Compare them in the app's outbox, or run `newsroom outbox overwrite {}` to replace the site's version, or `newsroom outbox cancel {}`.",
            entry.last_error, entry.id, entry.id
        )),
        _ => Err(entry.last_error.clone()),
    }
}

/// The outbox: list it, or act on it.
pub fn outbox(
    ledger: &mut SharedLedger,
    command: Option<OutboxCommand>,
    as_json: bool,
) -> Result<(), String> {
    let now = Utc::now();
    let store = ledger.store_mut();
    match command {
        None => {
            let list = store.outbox(100).map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&list)?);
            } else if list.is_empty() {
                println!("The outbox is empty.");
            } else {
                for entry in list {
                    println!(
                        "{}  {}  {:<9} {:<16} {}  {}",
                        entry.id,
                        local_time(entry.created_at),
                        json(&entry.state)?.trim_matches('"'),
                        entry.target_name,
                        entry.headline,
                        entry.last_error
                    );
                }
            }
            Ok(())
        }
        Some(OutboxCommand::Send) => {
            for entry in send_due(ledger, PushSettings::default(), &mut PrintProgress)? {
                let _ = report(&entry).map_err(|why| eprintln!("newsroom: {why}"));
            }
            Ok(())
        }
        Some(OutboxCommand::Retry { id }) => {
            store.retry_outbox(id, now).map_err(|e| e.to_string())?;
            let entry = send_now(ledger, id, PushSettings::default(), &mut PrintProgress)?;
            entry.map_or(Ok(()), |e| report(&e))
        }
        Some(OutboxCommand::Cancel { id }) => {
            store.cancel_outbox(id, now).map_err(|e| e.to_string())?;
            println!("Cancelled.");
            Ok(())
        }
        Some(OutboxCommand::Overwrite { id }) => {
            store.overwrite_remote(id, now).map_err(|e| e.to_string())?;
            let entry = send_now(ledger, id, PushSettings::default(), &mut PrintProgress)?;
            entry.map_or(Ok(()), |e| report(&e))
        }
    }
}
