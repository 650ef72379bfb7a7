//! `newsroom style`: the house style's rules file, tested and tried across the desk before it
//! goes live; the desk's own rules carried to another desk and back as one file; the
//! newsroom's dictionary. The rules live in the store, which decides who may change them.

use std::path::{Path, PathBuf};

use newsroom_files::{read_regular_file, Links};
use newsroom_style::{RuleFile, MAX_FILE_BYTES};

/// The house style's rules.
#[derive(clap::Subcommand)]
pub enum StyleCommand {
    /// Run every rule's examples (what it must flag, what it must leave alone); exits 1 when
    /// a rule cannot be used or an example comes out wrong.
    Test {
        /// The rules file (JSON, "newsroom-house-style").
        rules: PathBuf,
    },
    /// What each rule of RULES_FILE would flag across the desk's stories ("flags 37 stories"),
    /// with examples; the desk's own rules when no file is named.
    Try {
        /// The rules file; leave it out to try the desk's rules as they stand.
        rules: Option<PathBuf>,
        /// Print the trial as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the desk's house style (its rules and the newsroom's dictionary) to FILE, for
    /// another desk to import.
    Export {
        /// Where to write it (JSON).
        file: PathBuf,
    },
    /// Make FILE the desk's house style, all or nothing: its rules replace the desk's (each
    /// must pass its examples) and its words join the dictionary. Editors only.
    Import {
        /// A house style file ("newsroom-house-style").
        file: PathBuf,
        /// Why, for the record of changes.
        #[arg(long)]
        why: String,
    },
    /// The record of changes to the rules: who, when, why, newest first.
    History,
    /// Add WORD to the newsroom's dictionary: never a misspelling again, in any story.
    AddWord {
        /// One word (a name, a place).
        word: String,
    },
    /// The newsroom's dictionary, a word a line.
    Words,
}

pub fn run(dir: &Path, actor: Option<&str>, command: StyleCommand) -> Result<(), String> {
    match command {
        StyleCommand::Test { rules } => test(&rules),
        StyleCommand::Try { rules, json } => {
            let store = crate::open_as(dir, actor)?;
            let file = match rules {
                Some(path) => read(&path)?,
                None => store.house_style().map_err(|e| e.to_string())?,
            };
            let trials = store.try_house_style(&file).map_err(|e| e.to_string())?;
            if json {
                println!("{}", crate::json(&trials)?);
                return Ok(());
            }
            for trial in trials.iter().filter(|t| t.places > 0) {
                println!(
                    "{}: flags {} {} ({} {})",
                    trial.rule,
                    trial.stories,
                    if trial.stories == 1 {
                        "story"
                    } else {
                        "stories"
                    },
                    trial.places,
                    if trial.places == 1 { "place" } else { "places" },
                );
                for example in &trial.examples {
                    println!(
                        "  “{}” in “{}”: {}",
                        example.place.matched,
                        example.headline,
                        example
                            .place
                            .context
                            .replace('…', &format!("[{}]", example.place.matched))
                    );
                }
            }
            let quiet = trials.iter().filter(|t| t.places == 0).count();
            println!(
                "{} of {} rules flag something; {quiet} flag nothing.",
                trials.len() - quiet,
                trials.len()
            );
            Ok(())
        }
        StyleCommand::Export { file } => {
            let store = crate::open_as(dir, actor)?;
            let style = store
                .export_house_style_file(&file, newsroom_files::Replace::Allowed)
                .map_err(|e| e.to_string())?;
            println!(
                "The house style ({} rules, {} words) is in {}.",
                style.rules.len(),
                style.dictionary.len(),
                file.display()
            );
            Ok(())
        }
        StyleCommand::Import { file, why } => {
            let mut store = crate::open_as(dir, actor)?;
            let imported = store
                .import_house_style_file(&file, &why, chrono::Utc::now())
                .map_err(|e| e.to_string())?;
            println!(
                "The desk's house style is the file's: {} rules; {} new words in the dictionary.",
                imported.rules, imported.words_added
            );
            Ok(())
        }
        StyleCommand::History => {
            let store = crate::open_as(dir, actor)?;
            for change in store
                .house_style_changes(1_000)
                .map_err(|e| e.to_string())?
            {
                println!(
                    "{}  {} {}{} — “{}”",
                    change.changed_at.format("%Y-%m-%d %H:%M"),
                    change.changed_by,
                    change.change,
                    change
                        .rule_id
                        .map(|id| format!(" {id}"))
                        .unwrap_or_else(|| " the whole file".into()),
                    change.why
                );
            }
            Ok(())
        }
        StyleCommand::AddWord { word } => {
            let mut store = crate::open_as(dir, actor)?;
            let by = crate::author(&store);
            store
                .add_newsroom_word(&word, &by, chrono::Utc::now())
                .map_err(|e| e.to_string())?;
            println!("“{}” is in the newsroom's dictionary.", word.trim());
            Ok(())
        }
        StyleCommand::Words => {
            let store = crate::open_as(dir, actor)?;
            for word in store.newsroom_words().map_err(|e| e.to_string())? {
                println!("{word}");
            }
            Ok(())
        }
    }
}

/// A rules file, read within its size limit.
fn read(path: &Path) -> Result<RuleFile, String> {
    let bytes = read_regular_file(path, MAX_FILE_BYTES as u64 + 1, Links::Follow)
        .map_err(|refusal| format!("Cannot read {}: {refusal}", path.display()))?;
    RuleFile::parse(&bytes).map_err(|err| err.to_string())
}

fn test(path: &Path) -> Result<(), String> {
    let file = read(path)?;
    let examples: usize = file
        .rules
        .iter()
        .map(|r| r.matches.len() + r.does_not_match.len())
        .sum();
    match file.test_examples() {
        Err(errors) => {
            for error in &errors {
                println!("{error}");
            }
            Err(format!("{} rule(s) cannot be used.", errors.len()))
        }
        Ok(failures) if failures.is_empty() => {
            println!(
                "{} rules, {examples} examples: every rule does what its examples say.",
                file.rules.len()
            );
            Ok(())
        }
        Ok(failures) => {
            for failure in &failures {
                println!("{failure}");
            }
            Err(format!(
                "{} of {examples} examples came out wrong.",
                failures.len()
            ))
        }
    }
}
