//! `newsroom`: the desk from a terminal, over the same crates and the same data folder as the
//! app (NEWSROOM_DATA_DIR, else the app's data folder). For scripts, backups and repair: every
//! listing has `--json`, errors go to stderr in the same words the app uses, and the exit code
//! is 0 on success, 1 on a refused or failed operation, 2 on a usage error.

mod desk;
mod input;
mod outgoing;
mod style;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, Utc};
use clap::{Parser, Subcommand};
use newsroom_core::photo::{MetadataSource, Photo, PhotoField};
use newsroom_core::preflight::Severity;
use newsroom_core::render::RenderOptions;
use newsroom_core::workflow::{Role, WorkflowAction};
use newsroom_core::ArticleContent;
use newsroom_files::Replace;
use newsroom_store::photos::load_photo_file;
use newsroom_store::{maintenance, LeadChoice, ListFilter, PhotoAddress, Seen, Store};
use uuid::Uuid;

/// mimalloc in release builds (see the workspace Cargo.toml): exports and pages render a
/// seventh faster. A command runs and ends, so its arenas held a little longer cost nothing.
#[cfg(not(debug_assertions))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The app's identifier in tauri.conf.json; Tauri's app data folder is the platform's data
/// folder joined with it, and so is the command line's.
const APP_IDENTIFIER: &str = "org.newsroom.desk";

#[derive(Parser)]
#[command(
    name = "newsroom",
    version,
    about = "The newsroom desk from the command line"
)]
struct Cli {
    /// Act as this profile (its passphrase from NEWSROOM_PASSPHRASE). The desk decides what a
    /// profile may do, the same as in the window: moving stories, embargoes, sites, the outbox,
    /// the Trash, the vocabularies and the desk's people and settings need one.
    #[arg(long = "as", value_name = "PROFILE", global = true)]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List, show, create and update articles.
    #[command(subcommand)]
    Articles(ArticlesCommand),
    /// The site's sections.
    #[command(subcommand)]
    Sections(SectionsCommand),
    /// The tag vocabulary.
    #[command(subcommand)]
    Tags(TagsCommand),
    /// Share sections and tags between desks as a JSON file.
    #[command(subcommand)]
    Vocabularies(VocabulariesCommand),
    /// Attach photos and read their credits.
    #[command(subcommand)]
    Photos(PhotosCommand),
    /// The people who use the desk.
    #[command(subcommand)]
    Profiles(ProfilesCommand),
    /// Move stories through the editorial workflow.
    #[command(subcommand)]
    Workflow(WorkflowCommand),
    /// Write the article page as the site will show it to FILE (same renderer as the app), its
    /// photos inside the page so it can be mailed or opened anywhere.
    Preview {
        /// The article's id.
        id: Uuid,
        /// The HTML file to write.
        #[arg(long = "out", value_name = "FILE")]
        out: PathBuf,
        /// Turn straight quotes into typographic ones.
        #[arg(long)]
        typographic_quotes: bool,
        /// Point the photos at the desk's files instead of putting them in the page.
        #[arg(long)]
        link_photos: bool,
    },
    /// The house style: test or try a rules file, import or export the desk's, the
    /// newsroom's dictionary.
    #[command(subcommand)]
    Style(style::StyleCommand),
    /// The pre-flight checks, spelling and the house style among the warnings; exits 1 when a
    /// blocker stops submission.
    Check {
        /// The article's id.
        id: Uuid,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export a story (or every approved one) as ninjs, NewsML-G2 or an HTML bundle.
    Export(outgoing::ExportArgs),
    /// The CMS sites stories are pushed to.
    #[command(subcommand)]
    Targets(outgoing::TargetsCommand),
    /// Send an approved story to a WordPress target (editors); it waits in the outbox when the
    /// site cannot be reached.
    Push(outgoing::PushArgs),
    /// What waits to be sent, was sent or failed; send, retry, cancel, overwrite.
    Outbox {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        command: Option<outgoing::OutboxCommand>,
    },
    /// Import agency items (ninjs or NewsML-G2): a draft each, or a newer version kept beside
    /// its story. Exits 1 when a file was refused.
    Import {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the database: integrity, schema version, counts. Changes nothing.
    Doctor {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The shared desk on PostgreSQL: set it up, add people, join, sync, status.
    #[command(subcommand)]
    Desk(desk::DeskCommand),
    /// Write a consistent copy of the database to FILE, while the app may be running.
    Backup {
        /// Where to write the copy.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ProfilesCommand {
    /// Add a profile (an admin adds editors and admins, an editor reporters; a desk's first
    /// profile is its admin). The new editor's or admin's passphrase is read from
    /// NEWSROOM_NEW_PASSPHRASE (for the first admin, where nobody acts with --as, also from
    /// NEWSROOM_PASSPHRASE), never from an argument: arguments show in the process list.
    Add {
        /// The name shown on the desk.
        name: String,
        /// What they may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The byline their stories start with.
        #[arg(long, default_value = "")]
        byline: String,
    },
    /// Every profile.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    Reporter,
    Editor,
    Admin,
}

/// Who moves which story, and why.
#[derive(clap::Args)]
struct MoveArgs {
    /// The article's id.
    id: Uuid,
    /// A note for the trail (the reason for sending back, say).
    #[arg(long, default_value = "")]
    note: String,
    /// The revision the editor read: approving refuses if the story changed since.
    #[arg(long)]
    revision: Option<Uuid>,
}

#[derive(Subcommand)]
enum WorkflowCommand {
    /// Stories waiting for an editor, the longest-waiting first.
    Queue {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Send a story to the desk (pre-flight blockers stop it).
    Submit(MoveArgs),
    /// Take a submitted story back to keep writing, until an editor opens it for review.
    TakeBack(MoveArgs),
    /// Open a submitted story for review (editors).
    Review(MoveArgs),
    /// Approve the story's newest revision (editors).
    Approve(MoveArgs),
    /// Send a story back with a note (editors).
    RequestChanges(MoveArgs),
    /// Mark an approved story published (editors; export does this).
    Publish(MoveArgs),
    /// Kill a story: withdraw it from publication for good (editors).
    Kill(MoveArgs),
    /// Reopen a published story as a correction, or a killed one as a draft (editors).
    Reopen(MoveArgs),
}

#[derive(Subcommand)]
enum PhotosCommand {
    /// Attach the photo FILE (JPEG, PNG or WebP) to an article; prints the photo's id.
    Add {
        /// The article's id.
        article_id: Uuid,
        /// The photo file.
        file: PathBuf,
        /// Make it the article's lead photo.
        #[arg(long)]
        lead: bool,
    },
    /// One photo: its credit line and each field with where its value came from.
    Show {
        /// The photo's id.
        photo_id: Uuid,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set a field of a photo (caption, altText, creator, credit, source, copyright, headline);
    /// without VALUE, the field goes back to what the file says.
    Set {
        /// The photo's id.
        photo_id: Uuid,
        /// The field.
        field: String,
        /// The new value.
        value: Option<String>,
    },
    /// Remove from the library every photo no article uses.
    CleanUp,
    /// Wire pictures that could not be fetched yet (offline, or the agency's server was
    /// down), with the credit each waits with.
    Waiting {
        /// Only this story's.
        article_id: Option<Uuid>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fetch the waiting wire pictures now, given-up ones too; each that arrives is attached
    /// with its agency credit. Exits 1 when some still wait.
    FetchWaiting {
        /// Only this story's.
        article_id: Option<Uuid>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum SectionsCommand {
    /// The section tree with article counts.
    List {
        /// Print JSON instead of a tree.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TagsCommand {
    /// Every tag with its usage.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Merge tag FROM into tag INTO (by name or slug): every article follows.
    Merge {
        /// The tag that goes away.
        from: String,
        /// The tag that stays.
        into: String,
    },
}

#[derive(Subcommand)]
enum VocabulariesCommand {
    /// Write sections and tags to the JSON file FILE (`-` for stdout). A file there is kept
    /// unless --overwrite; a link there is never written through.
    Export {
        /// The JSON file.
        file: PathBuf,
        /// Replace a file that is there already.
        #[arg(long)]
        overwrite: bool,
    },
    /// Merge sections and tags from the JSON file FILE by slug; prints what changed. All or nothing.
    Import {
        /// The JSON file.
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ArticlesCommand {
    /// Articles outside the Trash, most recently changed first.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One article with all its fields.
    Show {
        /// The article's id.
        id: Uuid,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create an article from a JSON file (fields as in `show --json`; `-` reads stdin). Prints the id.
    Create {
        /// The JSON file.
        #[arg(long = "json", value_name = "FILE")]
        file: PathBuf,
    },
    /// Change the fields given in a JSON file (`-` reads stdin); makes a revision.
    Update {
        /// The article's id.
        id: Uuid,
        /// The JSON file.
        #[arg(long = "json", value_name = "FILE")]
        file: PathBuf,
    },
    /// File an article under the section with slug SLUG (its primary section).
    SetSection {
        /// The article's id.
        id: Uuid,
        /// The section's slug, as `sections list` prints it.
        slug: String,
    },
    /// Embargo a story: it may not go out before TIME (RFC 3339, e.g. 2026-11-26T06:00:00Z);
    /// without --until, the embargo is lifted.
    Embargo {
        /// The article's id.
        id: Uuid,
        /// Not before this time.
        #[arg(long)]
        until: Option<chrono::DateTime<Utc>>,
    },
    /// Add tags to an article (created when the vocabulary lacks them).
    Tag {
        /// The article's id.
        id: Uuid,
        /// Tag names.
        #[arg(required = true)]
        tags: Vec<String>,
    },
}

fn data_dir() -> Result<PathBuf, String> {
    match std::env::var_os("NEWSROOM_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => dirs::data_dir()
            .map(|dir| dir.join(APP_IDENTIFIER))
            .ok_or_else(|| {
                "No data folder is known on this system; set NEWSROOM_DATA_DIR.".to_owned()
            }),
    }
}

/// The name revisions are signed with: the profile named by `--as`, else the OS user's.
pub(crate) fn author(store: &Store) -> String {
    store
        .actor()
        .map_or_else(whoami::username, |profile| profile.name.clone())
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|err| err.to_string())
}

fn local_time(at: chrono::DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Opens the store in `dir` with the profile named by `--as` at the desk, its passphrase
/// checked (from NEWSROOM_PASSPHRASE).
pub(crate) fn open_as(dir: &Path, actor: Option<&str>) -> Result<Store, String> {
    let mut store = Store::open(dir).map_err(|e| e.to_string())?;
    if let Some(name) = actor {
        let profile = store
            .authenticate(name, passphrase().as_deref())
            .map_err(|e| e.to_string())?;
        store.set_actor(Some(profile));
    }
    Ok(store)
}

fn run(cli: Cli) -> Result<(), String> {
    let dir = data_dir()?;
    let actor = cli.actor.as_deref();
    match cli.command {
        Command::Doctor { json: as_json } => doctor(&dir, as_json),
        Command::Style(command) => style::run(&dir, actor, command),
        Command::Desk(command) => desk::run(&dir, actor, command),
        Command::Backup { file } => {
            let store = open_as(&dir, actor)?;
            store.backup_to(&file).map_err(|e| e.to_string())?;
            println!("Backup written to {}", file.display());
            Ok(())
        }
        Command::Articles(command) => {
            let mut store = open_as(&dir, actor)?;
            articles(&mut store, command)
        }
        Command::Sections(SectionsCommand::List { json: as_json }) => {
            let store = open_as(&dir, actor)?;
            let sections = store.sections(true).map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&sections)?);
            } else {
                for s in sections {
                    let indent = if s.parent_id.is_some() { "  " } else { "" };
                    let retired = if s.retired_at.is_some() {
                        " (retired)"
                    } else {
                        ""
                    };
                    println!(
                        "{indent}{:<24} {:<16} {:>5} articles{retired}",
                        s.name, s.slug, s.article_count
                    );
                }
            }
            Ok(())
        }
        Command::Tags(command) => {
            let mut store = open_as(&dir, actor)?;
            tags(&mut store, command)
        }
        Command::Vocabularies(command) => {
            let mut store = open_as(&dir, actor)?;
            vocabularies(&mut store, command)
        }
        Command::Photos(command) => {
            let mut store = open_as(&dir, actor)?;
            photos(&mut store, command)
        }
        Command::Profiles(command) => {
            let mut store = open_as(&dir, actor)?;
            profiles(&mut store, command)
        }
        Command::Workflow(command) => {
            let mut store = open_as(&dir, actor)?;
            workflow(&mut store, command)
        }
        Command::Preview {
            id,
            out,
            typographic_quotes,
            link_photos,
        } => {
            let store = open_as(&dir, actor)?;
            preview(&store, id, &out, typographic_quotes, link_photos)
        }
        Command::Import {
            files,
            json: as_json,
        } => {
            let mut store = open_as(&dir, actor)?;
            import(&mut store, &files, as_json)
        }
        Command::Export(args) => {
            let store = open_as(&dir, actor)?;
            outgoing::export(&store, &args)
        }
        Command::Targets(command) => {
            let mut store = open_as(&dir, actor)?;
            outgoing::targets(&mut store, command)
        }
        Command::Push(args) => {
            let mut ledger = outgoing::ledger(open_as(&dir, actor)?);
            outgoing::push(&mut ledger, &args)
        }
        Command::Outbox {
            json: as_json,
            command,
        } => {
            let mut ledger = outgoing::ledger(open_as(&dir, actor)?);
            outgoing::outbox(&mut ledger, command, as_json)
        }
        Command::Check { id, json: as_json } => {
            let store = open_as(&dir, actor)?;
            check(&store, id, as_json)
        }
    }
}

/// Imports wire files, one line (or JSON object) each.
fn import(store: &mut Store, files: &[PathBuf], as_json: bool) -> Result<(), String> {
    let outcomes: Vec<_> = files
        .iter()
        .map(|file| {
            store.import_wire_file(
                file,
                newsroom_files::Links::Follow,
                &author(store),
                Utc::now(),
                &newsroom_publish::fetch_picture,
            )
        })
        .collect();
    if as_json {
        println!("{}", json(&outcomes)?);
    } else {
        for outcome in &outcomes {
            println!("{}", outcome.message());
        }
    }
    let refused = outcomes
        .iter()
        .filter(|o| matches!(o, newsroom_store::ImportOutcome::Refused { .. }))
        .count();
    if refused > 0 {
        return Err(format!(
            "{refused} of {} file(s) were not imported.",
            outcomes.len()
        ));
    }
    Ok(())
}

/// The passphrase from NEWSROOM_PASSPHRASE, if set.
fn passphrase() -> Option<String> {
    std::env::var("NEWSROOM_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
}

fn profiles(store: &mut Store, command: ProfilesCommand) -> Result<(), String> {
    match command {
        ProfilesCommand::Add { name, role, byline } => {
            let role = match role {
                RoleArg::Reporter => Role::Reporter,
                RoleArg::Editor => Role::Editor,
                RoleArg::Admin => Role::Admin,
            };
            let secret = std::env::var("NEWSROOM_NEW_PASSPHRASE")
                .ok()
                .filter(|p| !p.is_empty())
                .or_else(|| passphrase().filter(|_| store.actor().is_none()));
            let profile = store
                .create_profile(&name, &byline, role, secret.as_deref(), Utc::now())
                .map_err(|e| e.to_string())?;
            println!("{}", profile.id);
        }
        ProfilesCommand::List { json: as_json } => {
            let list = store.profiles().map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&list)?);
            } else {
                for p in list {
                    println!(
                        "{:<24} {:<9} {}",
                        p.name,
                        json(&p.role)?.trim_matches('"'),
                        p.byline
                    );
                }
            }
        }
    }
    Ok(())
}

fn workflow(store: &mut Store, command: WorkflowCommand) -> Result<(), String> {
    match command {
        WorkflowCommand::Queue { json: as_json } => {
            let queue = store.review_queue().map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&queue)?);
            } else if queue.is_empty() {
                println!("Nothing waits for review.");
            } else {
                for item in queue {
                    println!(
                        "{}  {}  {:<17} {:>6} words  {:<12} {}",
                        item.article_id,
                        local_time(item.submitted_at),
                        item.state.label(),
                        item.word_count,
                        item.section.as_deref().unwrap_or("-"),
                        item.headline
                    );
                }
            }
        }
        WorkflowCommand::Submit(args) => move_story(store, WorkflowAction::Submit, &args)?,
        WorkflowCommand::Review(args) => move_story(store, WorkflowAction::Review, &args)?,
        WorkflowCommand::Approve(args) => move_story(store, WorkflowAction::Approve, &args)?,
        WorkflowCommand::RequestChanges(args) => {
            move_story(store, WorkflowAction::RequestChanges, &args)?;
        }
        WorkflowCommand::Publish(args) => move_story(store, WorkflowAction::Publish, &args)?,
        WorkflowCommand::Kill(args) => move_story(store, WorkflowAction::Kill, &args)?,
        WorkflowCommand::TakeBack(args) => move_story(store, WorkflowAction::TakeBack, &args)?,
        WorkflowCommand::Reopen(args) => move_story(store, WorkflowAction::Reopen, &args)?,
    }
    Ok(())
}

/// The profile at the desk (named by `--as`), or a sentence asking for one.
fn acting(store: &Store, to_do: &str) -> Result<newsroom_store::Profile, String> {
    store.actor().cloned().ok_or_else(|| {
        format!("Say who you are to {to_do}: --as PROFILE (its passphrase in NEWSROOM_PASSPHRASE).")
    })
}

/// Moves a story as the profile at the desk (`--as`).
fn move_story(store: &mut Store, action: WorkflowAction, args: &MoveArgs) -> Result<(), String> {
    let profile = acting(store, &format!("{} a story", action.label()))?;
    let event = store
        .move_story(
            args.id,
            action,
            &profile,
            args.revision.map_or(Seen::Unchecked, Seen::Revision),
            &args.note,
            Utc::now(),
        )
        .map_err(|e| e.to_string())?;
    println!(
        "{} → {} (revision {})",
        event.from_state.label(),
        event.to_state.label(),
        event.revision_id
    );
    Ok(())
}

/// The section, tags, photos with their credit lines, embargo and related stories of story
/// `id`, a line each (only those it has).
fn print_story_parts(store: &Store, id: Uuid) -> Result<(), String> {
    let parts = store.story_parts(id).map_err(|e| e.to_string())?;
    if let Some(label) = parts.section_label.as_deref() {
        println!("Section: {label}");
    }
    if !parts.tags.is_empty() {
        let names: Vec<&str> = parts.tags.iter().map(|t| t.name.as_str()).collect();
        println!("Tags: {}", names.join(", "));
    }
    for photo in &parts.photos {
        println!(
            "{}: {} ({}) {}",
            if photo.is_lead { "Lead photo" } else { "Photo" },
            photo.photo.display_name(),
            photo.photo.id,
            photo
                .photo
                .credit_line
                .as_deref()
                .unwrap_or("no credit yet")
        );
    }
    if let Some(until) = parts.embargo_until {
        println!("Embargoed until {}", local_time(until));
    }
    if !parts.related.is_empty() {
        let headlines: Vec<&str> = parts.related.iter().map(|r| r.headline.as_str()).collect();
        println!("More news: {}", headlines.join(" · "));
    }
    Ok(())
}

/// Writes the article page to `out` (same renderer as the app), its photos inside the page
/// unless `link_photos` points them at the desk's files.
fn preview(
    store: &Store,
    id: Uuid,
    out: &Path,
    typographic_quotes: bool,
    link_photos: bool,
) -> Result<(), String> {
    let content = store.article(id).map_err(|e| e.to_string())?.content;
    let options = RenderOptions {
        typographic_quotes,
        ..RenderOptions::default()
    };
    let address = if link_photos {
        PhotoAddress::LocalFile
    } else {
        PhotoAddress::Embedded
    };
    let page = store
        .preview_page(id, &content, options, &address)
        .map_err(|e| e.to_string())?;
    std::fs::write(out, page).map_err(|err| format!("Cannot write {}: {err}", out.display()))?;
    println!("Preview written to {}", out.display());
    Ok(())
}

/// Prints the pre-flight findings; an error (exit 1) when a blocker stops submission.
fn check(store: &Store, id: Uuid, as_json: bool) -> Result<(), String> {
    let content = store.article(id).map_err(|e| e.to_string())?.content;
    let mut items = store
        .preflight(id, &content, Utc::now())
        .map_err(|e| e.to_string())?;
    // Spelling and the house style as warnings, as the window's pre-flight lists them.
    let (right, marks) = store.left_alone_in(id).map_err(|e| e.to_string())?;
    let allowed: Vec<&str> = right.iter().map(String::as_str).collect();
    let rules = store.house_style().map_err(|e| e.to_string())?;
    items.extend(
        newsroom_style::LanguageChecks::load(&content.language, &rules).warnings(
            &content.headline,
            &content.standfirst,
            &content.body,
            &allowed,
            &marks,
        ),
    );
    if as_json {
        println!("{}", json(&items)?);
    } else if items.is_empty() {
        println!("Ready: nothing to fix.");
    } else {
        for item in &items {
            let label = if item.severity == Severity::Blocker {
                "BLOCKER"
            } else {
                "warning"
            };
            println!("{label:<8} {}", item.message);
        }
    }
    let blockers = items
        .iter()
        .filter(|i| i.severity == Severity::Blocker)
        .count();
    if blockers > 0 {
        return Err(format!(
            "{blockers} blocker(s) stop this story from being submitted."
        ));
    }
    Ok(())
}

fn source_name(source: Option<MetadataSource>) -> &'static str {
    match source {
        Some(MetadataSource::Typed) => "typed",
        Some(MetadataSource::Xmp) => "XMP",
        Some(MetadataSource::Iim) => "IPTC IIM",
        Some(MetadataSource::Exif) => "EXIF",
        None => "-",
    }
}

fn print_photo(photo: &Photo) {
    println!(
        "{}  {}  {} × {}  {}",
        photo.id,
        photo.media_type.mime(),
        photo.width,
        photo.height,
        photo.original_name
    );
    println!(
        "{}",
        photo.credit_line.as_deref().unwrap_or("(no credit line)")
    );
    for field in PhotoField::ALL {
        let value = photo.metadata.get(field);
        println!(
            "  {:<10} {:<9} {}",
            field.key(),
            source_name(value.source),
            value.value
        );
    }
}

fn photos(store: &mut Store, command: PhotosCommand) -> Result<(), String> {
    match command {
        PhotosCommand::Add {
            article_id,
            file,
            lead,
        } => {
            let (name, prepared) = load_photo_file(&file).map_err(|e| e.to_string())?;
            let choice = if lead {
                LeadChoice::Lead
            } else {
                LeadChoice::NotLead
            };
            let receipt = store
                .attach_photo(
                    article_id,
                    &prepared,
                    &name,
                    choice,
                    &author(store),
                    Utc::now(),
                )
                .map_err(|e| e.to_string())?;
            for warning in &receipt.warnings {
                eprintln!("warning: {warning}");
            }
            println!("{}", receipt.photo.id);
        }
        PhotosCommand::Show {
            photo_id,
            json: as_json,
        } => {
            let photo = store.photo(photo_id).map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&photo)?);
            } else {
                print_photo(&photo);
            }
        }
        PhotosCommand::Set {
            photo_id,
            field,
            value,
        } => {
            let field = PhotoField::from_key(&field).ok_or_else(|| {
                format!("There is no photo field \"{field}\"; the fields are caption, altText, creator, credit, source, copyright and headline.")
            })?;
            let photo = store
                .set_photo_field(photo_id, field, value.as_deref(), Utc::now())
                .map_err(|e| e.to_string())?;
            print_photo(&photo);
        }
        PhotosCommand::CleanUp => {
            let report = store.clean_up_unused_photos().map_err(|e| e.to_string())?;
            println!(
                "Removed {} unused photo(s), {} KB freed.",
                report.removed,
                report.bytes_freed / 1024
            );
        }
        PhotosCommand::Waiting {
            article_id,
            json: as_json,
        } => {
            let waiting = store
                .waiting_pictures(article_id)
                .map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&waiting)?);
            }
            for picture in waiting.iter().filter(|_| !as_json) {
                let when = if picture.given_up {
                    "given up".to_owned()
                } else {
                    format!("next try {}", local_time(picture.next_try_at))
                };
                println!(
                    "{}  {}  credit: {}  ({} tries, {when}: {})",
                    picture.article_id,
                    picture.url,
                    newsroom_store::wire::credit_or_not_given(&picture.credit),
                    picture.tries,
                    picture.last_error
                );
            }
        }
        PhotosCommand::FetchWaiting {
            article_id,
            json: as_json,
        } => {
            store
                .fetch_waiting_pictures_now(article_id, Utc::now())
                .map_err(|e| e.to_string())?;
            let arrivals = store
                .fetch_due_pictures(&newsroom_publish::fetch_picture, &author(store))
                .map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&arrivals)?);
            } else {
                for arrival in &arrivals {
                    println!("{}", arrival.message());
                }
            }
            let still = store
                .waiting_pictures(article_id)
                .map_err(|e| e.to_string())?
                .len();
            if still > 0 {
                return Err(format!("{still} picture(s) still wait."));
            }
        }
    }
    Ok(())
}

fn articles(store: &mut Store, command: ArticlesCommand) -> Result<(), String> {
    match command {
        ArticlesCommand::List { json: as_json } => {
            let list = store
                .list_articles(&ListFilter::default(), u32::MAX, 0)
                .map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&list)?);
            } else {
                for a in list {
                    let headline = if a.headline.is_empty() {
                        "(no headline)"
                    } else {
                        &a.headline
                    };
                    println!(
                        "{}  {}  {:>6} words  {:<6}  {}",
                        a.id,
                        local_time(a.updated_at),
                        a.word_count,
                        a.status.key(),
                        headline
                    );
                }
            }
        }
        ArticlesCommand::Show { id, json: as_json } => {
            let article = store.article(id).map_err(|e| e.to_string())?;
            if as_json {
                // The article with its approved revision and its audit trail.
                let mut document = serde_json::to_value(&article).map_err(|err| err.to_string())?;
                document["approvedRevisionId"] =
                    serde_json::to_value(store.approved_revision(id).map_err(|e| e.to_string())?)
                        .map_err(|err| err.to_string())?;
                document["workflow"] =
                    serde_json::to_value(store.workflow_events(id).map_err(|e| e.to_string())?)
                        .map_err(|err| err.to_string())?;
                document["changedSinceApproval"] = serde_json::to_value(
                    store
                        .changed_since_approval(id)
                        .map_err(|e| e.to_string())?,
                )
                .map_err(|err| err.to_string())?;
                let parts = store.story_parts(id).map_err(|e| e.to_string())?;
                document["section"] = parts.section.as_ref().map_or(serde_json::Value::Null, |s| {
                    serde_json::json!({
                        "slug": s.slug,
                        "name": s.name,
                        "label": parts.section_label,
                    })
                });
                document["tags"] = parts.tags.iter().map(|t| t.name.clone()).collect();
                document["photos"] = parts
                    .photos
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "id": p.photo.id,
                            "isLead": p.is_lead,
                            "caption": p.photo.metadata.caption.value,
                            "creditLine": p.photo.credit_line,
                            "altText": p.photo.metadata.alt_text.value,
                        })
                    })
                    .collect();
                document["embargoUntil"] =
                    serde_json::to_value(parts.embargo_until).map_err(|err| err.to_string())?;
                document["comments"] =
                    serde_json::to_value(store.comments(id).map_err(|e| e.to_string())?)
                        .map_err(|err| err.to_string())?;
                document["related"] = parts
                    .related
                    .iter()
                    .map(|r| serde_json::json!({ "id": r.id, "headline": r.headline }))
                    .collect();
                println!("{}", json(&document)?);
            } else {
                let c = &article.content;
                println!(
                    "{}\n\n{}\n\n{}\n\nBy {}\n{}",
                    c.headline, c.standfirst, c.body, c.byline, c.editors_note
                );
                println!(
                    "\n[{} · {} words · {} min read · version {} · saved {}]",
                    article.status.key(),
                    article.word_count,
                    article.reading_minutes,
                    article.version,
                    local_time(article.updated_at)
                );
                print_story_parts(store, id)?;
                let changed = store
                    .changed_since_approval(id)
                    .map_err(|e| e.to_string())?;
                if !changed.is_empty() {
                    println!(
                        "Changed since approval (goes out only when approved again): {}",
                        changed.join(", ")
                    );
                }
            }
        }
        ArticlesCommand::Create { file } => {
            let patch = input::article_patch(&read_input(&file)?)?;
            let mut content = ArticleContent::default();
            content.apply(patch);
            let article = store
                .create_article(&content, &author(store), Utc::now())
                .map_err(|e| e.to_string())?;
            println!("{}", article.id);
        }
        ArticlesCommand::Embargo { id, until } => {
            store
                .set_embargo(id, until, Utc::now())
                .map_err(|e| e.to_string())?;
            match until {
                Some(at) => println!("Embargoed until {}", local_time(at)),
                None => println!("Embargo lifted"),
            }
        }
        ArticlesCommand::SetSection { id, slug } => {
            let section = store
                .find_section(&slug)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("There is no section with the slug \"{slug}\"; `newsroom sections list` shows them."))?;
            let filing = store.article_filing(id).map_err(|e| e.to_string())?;
            let secondary: Vec<Uuid> = filing
                .secondary_sections
                .into_iter()
                .filter(|s| *s != section.id)
                .collect();
            store
                .set_article_sections(id, Some(section.id), &secondary, Utc::now())
                .map_err(|e| e.to_string())?;
            println!("Filed under {}", section.name);
        }
        ArticlesCommand::Tag { id, tags } => {
            let mut filing = None;
            for tag in &tags {
                filing = Some(
                    store
                        .add_article_tag(id, tag, Utc::now())
                        .map_err(|e| e.to_string())?,
                );
            }
            let names: Vec<String> = filing
                .map(|f| f.tags.into_iter().map(|t| t.name).collect())
                .unwrap_or_default();
            println!("Tags: {}", names.join(", "));
        }
        ArticlesCommand::Update { id, file } => {
            let patch = input::article_patch(&read_input(&file)?)?;
            let article = store
                .update_article(id, patch, &author(store), Utc::now())
                .map_err(|e| e.to_string())?;
            println!("Updated {} (version {})", article.id, article.version);
        }
    }
    Ok(())
}

fn tags(store: &mut Store, command: TagsCommand) -> Result<(), String> {
    match command {
        TagsCommand::List { json: as_json } => {
            let tags = store.tags().map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&tags)?);
            } else {
                for t in tags {
                    println!("{:<32} {:<24} {:>5} articles", t.name, t.slug, t.usage);
                }
            }
        }
        TagsCommand::Merge { from, into } => {
            let find = |name: &str| {
                store
                    .find_tag(name)
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| format!("There is no tag called \"{name}\"."))
            };
            let (from, into) = (find(&from)?, find(&into)?);
            let merged = store
                .merge_tags(from.id, into.id)
                .map_err(|e| e.to_string())?;
            println!(
                "Merged \"{}\" into \"{}\" ({} articles).",
                from.name, merged.name, merged.usage
            );
        }
    }
    Ok(())
}

fn vocabularies(store: &mut Store, command: VocabulariesCommand) -> Result<(), String> {
    match command {
        VocabulariesCommand::Export { file, overwrite } => {
            if file == Path::new("-") {
                println!(
                    "{}",
                    json(&store.export_vocabularies().map_err(|e| e.to_string())?)?
                );
            } else {
                store
                    .export_vocabularies_file(
                        &file,
                        if overwrite {
                            Replace::Allowed
                        } else {
                            Replace::Never
                        },
                    )
                    .map_err(|e| e.to_string())?;
            }
        }
        VocabulariesCommand::Import {
            file,
            json: as_json,
        } => {
            let report = store
                .import_vocabularies_file(&file, Utc::now())
                .map_err(|e| e.to_string())?;
            if as_json {
                println!("{}", json(&report)?);
            } else {
                let line = |what: &str, items: &[String]| {
                    println!(
                        "{what}: {}",
                        if items.is_empty() {
                            "none".to_owned()
                        } else {
                            items.join(", ")
                        }
                    );
                };
                line("Sections added", &report.sections_added);
                line("Sections updated", &report.sections_updated);
                line("Tags added", &report.tags_added);
                line("Tags updated", &report.tags_updated);
            }
        }
    }
    Ok(())
}

fn read_input(file: &Path) -> Result<String, String> {
    let read = if file == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(file)
    };
    read.map_err(|err| format!("Cannot read {}: {err}", file.display()))
}

fn doctor(dir: &Path, as_json: bool) -> Result<(), String> {
    let report = match maintenance::doctor(dir) {
        Ok(report) => report,
        Err(err) => {
            return Err(format!(
                "{err}\nDetail: {}",
                std::error::Error::source(&err)
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ));
        }
    };
    if as_json {
        println!("{}", json(&report)?);
    } else {
        println!(
            "Database:   {} ({} bytes)",
            report.path.display(),
            report.size_bytes
        );
        println!("Integrity:  {}", report.integrity.join("; "));
        println!(
            "Schema:     version {} (this build knows up to {})",
            report.schema_version, report.supported_schema_version
        );
        println!(
            "Articles:   {} ({} in the Trash), {} revisions",
            report.articles, report.in_trash, report.revisions
        );
        for id in &report.text_not_document {
            println!("Text:       article {id}: its stored text is not its document's");
        }
    }
    if report.is_healthy() {
        Ok(())
    } else if report.schema_version > report.supported_schema_version {
        Err("The database was written by a newer version of Newsroom; install that version to open it.".to_owned())
    } else if report.integrity == ["ok"] {
        Err(format!(
            "The text of {} stor{} does not match its document. Nothing was changed; restore a backup \
             (newsroom backup makes one), or open each story and save it again.",
            report.text_not_document.len(),
            if report.text_not_document.len() == 1 { "y" } else { "ies" }
        ))
    } else {
        Err("The database is damaged. Restore a backup (newsroom backup makes one); the damaged file was not changed.".to_owned())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("newsroom: {message}");
            ExitCode::FAILURE
        }
    }
}
