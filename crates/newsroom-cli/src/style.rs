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
}

pub fn run(command: StyleCommand) -> Result<(), String> {
    match command {
        StyleCommand::Test { rules } => test(&rules),
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
