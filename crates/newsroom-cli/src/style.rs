//! `newsroom style`: the house style's rules file, tested before it goes live.

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

fn test(path: &Path) -> Result<(), String> {
    let bytes = read_regular_file(path, MAX_FILE_BYTES as u64 + 1, Links::Follow)
        .map_err(|refusal| format!("Cannot read {}: {refusal}", path.display()))?;
    let file = RuleFile::parse(&bytes).map_err(|err| err.to_string())?;
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
