//! The newsroom's house style, checked offline: the rules its editors keep in one file, each a
//! pattern (a regular expression or a list of words) with a replacement, a category, an
//! explanation in words a reporter understands, and examples it must and must not match.
//!
//! Why a file of rules and not code: the sub-editors own the style book. They add "Kyiv, not
//! Kiev" on a Tuesday night without a release, and the examples keep a rule honest: a rule
//! whose examples fail is refused with the example that failed ([`RuleFile::test_examples`]).
//!
//! Why the `regex` crate: its matching is linear in the text whatever the pattern (no
//! backtracking, so no rule can hang the editor), it takes size and nesting limits on every
//! pattern, and a [`regex::RegexSet`] answers "which of these thousands of rules match this
//! paragraph" in one pass. A style book grows: the Guardian's passed 13,000 patterns.
//!
//! The rules file is hostile until checked, as any file from outside: its size, the number of
//! rules, each pattern's length, compiled size and nesting are capped, and a bad rule is
//! refused by its id with the reason.

mod check;
mod marks;
mod preflight;
mod rules;
mod spelling;
mod trial;

pub use check::{Finding, HouseStyle};
pub use marks::{MarkedCorrect, Marks, SPELLING};
pub use preflight::{Flagged, LanguageChecks};
pub use rules::{ExampleFailure, Rule, RuleError, RuleFile, StyleFileError, FORMAT, VERSION};
pub use spelling::{system_dictionary, DictionaryError, Misspelling, Speller};
pub use trial::{RuleTrial, StoryText, Trial, TrialExample};

/// The starter rules a new desk begins with (rules/starter.json): names, numbers, dates,
/// words the paper does not use, typography, in English and Swedish, each with examples.
pub fn starter() -> RuleFile {
    RuleFile::parse(include_bytes!("../rules/starter.json"))
        .unwrap_or_else(|_| RuleFile::new(Vec::new()))
}

/// The largest rules file read, in bytes.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// The most rules in one file.
pub const MAX_RULES: usize = 50_000;
/// The longest pattern, in characters (a word list counts its words joined).
pub const MAX_PATTERN_CHARS: usize = 4_000;
/// How deep a pattern's groups and repetitions may nest.
pub const MAX_PATTERN_NESTING: u32 = 32;
/// The largest one pattern may grow to once compiled, in bytes.
pub const MAX_COMPILED_BYTES: usize = 1024 * 1024;
