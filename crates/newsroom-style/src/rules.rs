//! The rules file: what editors write, read as hostile, and each rule's examples run.

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::check::primary_language;
use crate::HouseStyle;

use crate::{
    MAX_COMPILED_BYTES, MAX_FILE_BYTES, MAX_PATTERN_CHARS, MAX_PATTERN_NESTING, MAX_RULES,
};

/// The longest rule id.
const MAX_ID_CHARS: usize = 64;

/// What a rules file says it is, so that another JSON file is refused by name.
pub const FORMAT: &str = "newsroom-house-style";
/// The version of the format this desk reads and writes.
pub const VERSION: u32 = 1;

/// The newsroom's rules, as kept in one file; with the newsroom's dictionary when the file
/// carries the whole house style from one desk to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The rules, in the order editors keep them.
    pub rules: Vec<Rule>,
    /// The newsroom's own words for spelling (names its dictionaries lack), when the file was
    /// exported from a desk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dictionary: Vec<String>,
}

/// One rule of the house style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Rule {
    /// A short name, unique in the file: lower-case letters, digits and hyphens ("kyiv",
    /// "sv-i-dagsläget").
    pub id: String,
    /// The language of the stories it applies to ("en", "sv"): a story in "en-GB" is "en".
    pub language: String,
    /// Where it belongs in the style book ("Names", "Numbers", "Words we do not use").
    pub category: String,
    /// A regular expression (the `regex` crate's syntax); or leave it out and give `words`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pattern: Option<String>,
    /// Whole words or phrases to flag, matched without regard to case unless
    /// `caseSensitive` says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub words: Vec<String>,
    /// Match `words` only as written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub case_sensitive: bool,
    /// What to write instead (`$1` names the pattern's first group); none when only a person
    /// can say what is right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub replacement: Option<String>,
    /// Why, in the words the reporter sees beside the underline.
    pub explanation: String,
    /// Sentences the rule must flag.
    #[serde(default)]
    pub matches: Vec<String>,
    /// Sentences the rule must leave alone (the names and uses it must not catch).
    #[serde(default)]
    pub does_not_match: Vec<String>,
}

/// Why a rules file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleFileError {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: usize },
    /// Not the JSON of a rules file; serde's sentence says where.
    NotRules(String),
    /// Another format or a newer version.
    WrongFormat { format: String, version: u32 },
    /// More than [`MAX_RULES`] rules.
    TooManyRules { rules: usize },
}

impl std::fmt::Display for StyleFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StyleFileError::TooLarge { bytes } => write!(
                f,
                "The rules file is {} MB; a house style file may be at most {} MB.",
                bytes / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            StyleFileError::NotRules(why) => {
                write!(f, "This is not a house style file the desk can read: {why}.")
            }
            StyleFileError::WrongFormat { format, version } => write!(
                f,
                "This file is \"{format}\" version {version}; the desk reads \"{FORMAT}\" version {VERSION}."
            ),
            StyleFileError::TooManyRules { rules } => write!(
                f,
                "The file has {rules} rules; a house style may have at most {MAX_RULES}."
            ),
        }
    }
}

impl std::error::Error for StyleFileError {}

/// Why one rule cannot be used, named by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The rule's id (or its place in the file, when it has none).
    pub rule: String,
    /// What is wrong, in words.
    pub reason: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule \"{}\": {}", self.rule, self.reason)
    }
}

/// An example a rule got wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule's id.
    pub rule: String,
    /// The example sentence.
    pub example: String,
    /// True when the rule should have flagged it and did not; false when it flagged a
    /// sentence it must leave alone.
    pub should_match: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.should_match {
            write!(
                f,
                "Rule \"{}\" does not flag its example \"{}\".",
                self.rule, self.example
            )
        } else {
            write!(
                f,
                "Rule \"{}\" flags \"{}\", which it must leave alone.",
                self.rule, self.example
            )
        }
    }
}

impl RuleFile {
    /// A file holding `rules`, of this format and version, with no dictionary.
    pub fn new(rules: Vec<Rule>) -> RuleFile {
        RuleFile {
            format: FORMAT.into(),
            version: VERSION,
            rules,
            dictionary: Vec::new(),
        }
    }

    /// Reads a rules file, refusing what is too large, not a rules file, or of another format.
    /// The rules themselves are checked when compiled ([`crate::HouseStyle::new`]) or tested
    /// ([`RuleFile::test_examples`]).
    pub fn parse(bytes: &[u8]) -> Result<RuleFile, StyleFileError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(StyleFileError::TooLarge { bytes: bytes.len() });
        }
        // serde_json stops at 128 levels of nesting: a deep file is refused, not followed.
        let file: RuleFile = serde_json::from_slice(bytes)
            .map_err(|err| StyleFileError::NotRules(err.to_string()))?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(StyleFileError::WrongFormat {
                format: file.format,
                version: file.version,
            });
        }
        if file.rules.len() > MAX_RULES {
            return Err(StyleFileError::TooManyRules {
                rules: file.rules.len(),
            });
        }
        Ok(file)
    }

    /// The words the rules of `language` write (their replacements, where they name no group):
    /// right by the newsroom's own rule, so the speller must not flag them ("Kyiv").
    pub fn written_words(&self, language: &str) -> Vec<&str> {
        let wanted = primary_language(language);
        self.rules
            .iter()
            .filter(|rule| primary_language(&rule.language).eq_ignore_ascii_case(wanted))
            .filter_map(|rule| rule.replacement.as_deref())
            .filter(|replacement| !replacement.contains('$'))
            .collect()
    }

    /// The file as editors read it (pretty JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Runs every rule's examples against that rule alone. `Err` lists the rules that cannot
    /// be used at all; `Ok` the examples that came out wrong (none: every rule does what its
    /// examples say).
    pub fn test_examples(&self) -> Result<Vec<ExampleFailure>, Vec<RuleError>> {
        let mut failures = Vec::new();
        let mut errors = Vec::new();
        for (place, rule) in self.rules.iter().enumerate() {
            let regex = match rule.compile(place) {
                Ok(regex) => regex,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            for example in &rule.matches {
                if !regex.is_match(example) {
                    failures.push(rule.failure(example, true));
                }
            }
            for example in &rule.does_not_match {
                if regex.is_match(example) {
                    failures.push(rule.failure(example, false));
                }
            }
        }
        errors.extend(self.duplicate_ids());
        if errors.is_empty() {
            Ok(failures)
        } else {
            Err(errors)
        }
    }

    /// Whether the file may become the desk's house style, all or nothing: every rule
    /// compiles, does what its examples say, and each language's rules compile together.
    /// `Err` says every reason, in words, so an editor mends them at once.
    pub fn usable(&self) -> Result<(), Vec<String>> {
        let failures = self
            .test_examples()
            .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        if !failures.is_empty() {
            return Err(failures.iter().map(ToString::to_string).collect());
        }
        let mut languages: Vec<&str> = self
            .rules
            .iter()
            .map(|rule| primary_language(&rule.language))
            .collect();
        languages.sort_unstable();
        languages.dedup();
        for language in languages {
            HouseStyle::new(self, language)
                .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        }
        Ok(())
    }

    /// The ids used by more than one rule.
    pub(crate) fn duplicate_ids(&self) -> Vec<RuleError> {
        let mut seen = std::collections::HashSet::new();
        self.rules
            .iter()
            .filter(|rule| !seen.insert(rule.id.as_str()))
            .map(|rule| RuleError {
                rule: rule.id.clone(),
                reason: "another rule has the same id; each needs its own.".into(),
            })
            .collect()
    }
}

impl Rule {
    /// The rule's name in messages: its id, or its place when it has none.
    pub(crate) fn name(&self, place: usize) -> String {
        if self.id.trim().is_empty() {
            format!("number {}", place + 1)
        } else {
            self.id.clone()
        }
    }

    /// The regular expression the rule stands for: its pattern, or its words as whole words.
    pub(crate) fn source(&self, place: usize) -> Result<String, RuleError> {
        let refuse = |reason: String| RuleError {
            rule: self.name(place),
            reason,
        };
        if self.id.trim().is_empty() {
            return Err(refuse("it has no id.".into()));
        }
        if self.id.len() > MAX_ID_CHARS
            || !self
                .id
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(refuse(format!(
                "its id may hold only lower-case letters, digits and hyphens, at most \
                 {MAX_ID_CHARS} of them (\"kyiv\", \"numbers-under-ten\")."
            )));
        }
        if self.language.trim().is_empty() {
            return Err(refuse("it names no language (\"en\", \"sv\").".into()));
        }
        if self.explanation.trim().is_empty() {
            return Err(refuse("it has no explanation for the reporter.".into()));
        }
        let source = match (&self.pattern, self.words.is_empty()) {
            (Some(pattern), true) => pattern.clone(),
            (None, false) => {
                if self.words.iter().any(|word| word.trim().is_empty()) {
                    return Err(refuse("one of its words is empty.".into()));
                }
                let alternatives: Vec<String> = self
                    .words
                    .iter()
                    .map(|word| regex::escape(word.trim()))
                    .collect();
                let flags = if self.case_sensitive { "" } else { "(?i)" };
                format!(r"{flags}\b(?:{})\b", alternatives.join("|"))
            }
            (Some(_), false) => {
                return Err(refuse("it has both a pattern and words; give one.".into()))
            }
            (None, true) => return Err(refuse("it has neither a pattern nor words.".into())),
        };
        if source.chars().count() > MAX_PATTERN_CHARS {
            return Err(refuse(format!(
                "its pattern is longer than {MAX_PATTERN_CHARS} characters."
            )));
        }
        Ok(source)
    }

    /// The rule compiled on its own, within the limits, its replacement naming only groups
    /// the pattern has.
    pub(crate) fn compile(&self, place: usize) -> Result<Regex, RuleError> {
        let source = self.source(place)?;
        let regex = build_regex(&source).map_err(|err| RuleError {
            rule: self.name(place),
            reason: format!(
                "its pattern cannot be used: {}",
                what_is_wrong(&err.to_string())
            ),
        })?;
        if let Some(replacement) = &self.replacement {
            for group in groups_named(replacement) {
                let known = match group.parse::<usize>() {
                    Ok(number) => number < regex.captures_len(),
                    Err(_) => regex.capture_names().flatten().any(|name| name == group),
                };
                if !known {
                    return Err(RuleError {
                        rule: self.name(place),
                        reason: format!(
                            "its replacement names the group \"{group}\", which the pattern \
                             does not have (write ${{1}}hile, not $1hile, when letters follow)."
                        ),
                    });
                }
            }
        }
        Ok(regex)
    }

    fn failure(&self, example: &str, should_match: bool) -> ExampleFailure {
        ExampleFailure {
            rule: self.id.clone(),
            example: example.to_owned(),
            should_match,
        }
    }
}

/// A rule's pattern (as [`Rule::source`] writes it) compiled within the limits.
pub(crate) fn build_regex(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .size_limit(MAX_COMPILED_BYTES)
        .nest_limit(MAX_PATTERN_NESTING)
        .build()
}

/// The groups a replacement names, as the regex crate reads it: `$name` takes the longest
/// run of letters, digits and underscores; `${name}` what is in the braces; `$$` is a dollar.
fn groups_named(replacement: &str) -> Vec<&str> {
    let mut groups = Vec::new();
    let mut rest = replacement;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            rest = after;
        } else if let Some(braced) = rest.strip_prefix('{') {
            let Some(end) = braced.find('}') else { break };
            groups.push(&braced[..end]);
            rest = &braced[end + 1..];
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end > 0 {
                groups.push(&rest[..end]);
            }
            rest = &rest[end..];
        }
    }
    groups
}

/// The regex crate's message is several lines with a caret under the pattern; its last line
/// says what is wrong.
fn what_is_wrong(message: &str) -> &str {
    message
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or(message)
        .trim()
}
