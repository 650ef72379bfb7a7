//! The rules of one language compiled together, and a story's text checked against them.
//!
//! A few [`RegexSet`]s over every rule say, a pass each, which rules match the text at all;
//! only those are then run on their own to say where, and what to write instead. A paragraph
//! being typed is checked alone (the caller passes it), so a key costs one paragraph's pass.
//!
//! A rule's own regex is compiled when the set first finds it in a story, not before: each
//! is tens of kilobytes (a word list under `(?i)` and Unicode `\b`), and a story meets a
//! handful of them. The starter's 53 English rules, loaded, held 2.7 MB with every regex kept,
//! and hold 0.4 MB so (peak 4.1 → 1.8 MB). Every rule is still compiled once up front, and
//! dropped, so a rule that cannot be used is named when the rules load.

use std::sync::OnceLock;

use regex::{Regex, RegexSet, RegexSetBuilder};

use crate::rules::{build_regex, RuleError, RuleFile};
use crate::MAX_PATTERN_NESTING;

/// How large the set of every rule may grow once compiled, in bytes (10,000 rules fit).
const MAX_SET_BYTES: usize = 512 * 1024 * 1024;
/// Rules compiled into one set. Building a set takes more than twice as long when it holds
/// twice as many patterns (10,000 in one: 12 s; in sets of 250: 1.2 s), and each set is one
/// more pass over the text (sets of 100 checked a 5,000-word story in 9 ms, of 250 in 3.5 ms).
const RULES_PER_SET: usize = 250;
/// The set's lazy automaton cache: larger than the default, since thousands of rules share it.
const SET_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// One place where the text goes against a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// The rule's category ("Names").
    pub category: String,
    /// Why, for the reporter.
    pub explanation: String,
    /// Where, in bytes of the checked text (start inclusive, end exclusive).
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The text matched.
    pub matched: String,
    /// What to write instead, when the rule says.
    pub suggestion: Option<String>,
}

struct CompiledRule {
    id: String,
    category: String,
    explanation: String,
    replacement: Option<String>,
    /// The pattern as compiled (a word list's expression).
    source: String,
    /// Compiled on first use; `None` only if a pattern that compiled at load did not again.
    regex: OnceLock<Option<Regex>>,
}

impl CompiledRule {
    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| build_regex(&self.source).ok())
            .as_ref()
    }
}

/// The house style of one language, ready to check text.
pub struct HouseStyle {
    language: String,
    rules: Vec<CompiledRule>,
    /// The rules' patterns, [`RULES_PER_SET`] to a set, in the rules' order.
    sets: Vec<RegexSet>,
}

/// "en" for "en-GB": rules are kept by language, stories may name a region too.
pub(crate) fn primary_language(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

impl HouseStyle {
    /// The rules of `file` for stories in `language` ("en", "en-GB", "sv"), compiled. `Err`
    /// names every rule that cannot be used, so an editor can mend them all at once.
    pub fn new(file: &RuleFile, language: &str) -> Result<HouseStyle, Vec<RuleError>> {
        let wanted = primary_language(language);
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        for (place, rule) in file.rules.iter().enumerate() {
            if !primary_language(&rule.language).eq_ignore_ascii_case(wanted) {
                continue;
            }
            match rule.compile(place) {
                Ok(regex) => {
                    rules.push(CompiledRule {
                        id: rule.id.clone(),
                        category: rule.category.clone(),
                        explanation: rule.explanation.clone(),
                        replacement: rule.replacement.clone(),
                        source: regex.as_str().to_owned(),
                        regex: OnceLock::new(),
                    });
                }
                Err(error) => errors.push(error),
            }
        }
        errors.extend(file.duplicate_ids());
        if !errors.is_empty() {
            return Err(errors);
        }
        let sets = rules
            .chunks(RULES_PER_SET)
            .map(|chunk| {
                RegexSetBuilder::new(chunk.iter().map(|rule| &rule.source))
                    .size_limit(MAX_SET_BYTES)
                    .dfa_size_limit(SET_CACHE_BYTES)
                    .nest_limit(MAX_PATTERN_NESTING)
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| {
                vec![RuleError {
                    rule: "(all)".into(),
                    reason: format!("the rules together are too large to use: {err}"),
                }]
            })?;
        Ok(HouseStyle {
            language: wanted.to_ascii_lowercase(),
            rules,
            sets,
        })
    }

    /// The language these rules are for ("en").
    pub fn language(&self) -> &str {
        &self.language
    }

    /// How many rules apply.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when no rule applies to this language.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every place in `text` that goes against a rule, in the order of the text (then of the
    /// rules, where two flag the same place).
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let mut findings = Vec::new();
        let matched = self.sets.iter().enumerate().flat_map(|(n, set)| {
            set.matches(text)
                .into_iter()
                .map(move |index| n * RULES_PER_SET + index)
        });
        for index in matched {
            let rule = &self.rules[index];
            let Some(regex) = rule.regex() else {
                continue;
            };
            for captures in regex.captures_iter(text) {
                let Some(whole) = captures.get(0) else {
                    continue;
                };
                if whole.is_empty() {
                    continue; // a pattern that can match nothing flags nothing
                }
                let suggestion = rule.replacement.as_ref().map(|replacement| {
                    let mut written = String::new();
                    captures.expand(replacement, &mut written);
                    written
                });
                findings.push(Finding {
                    rule: rule.id.clone(),
                    category: rule.category.clone(),
                    explanation: rule.explanation.clone(),
                    start: whole.start(),
                    end: whole.end(),
                    matched: whole.as_str().to_owned(),
                    suggestion,
                });
            }
        }
        findings.sort_by_key(|finding| (finding.start, finding.end));
        findings
    }
}
