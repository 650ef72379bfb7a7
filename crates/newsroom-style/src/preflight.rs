//! A language's checks together (its dictionary and the desk's house style), as the window's
//! underlines, pre-flight and `newsroom check` use them: one function finds what is flagged
//! in a text, so the app and the command line flag the same places, and pass over the same
//! places a person marked as correct.

use std::sync::Arc;

use newsroom_core::preflight::{PreflightField, PreflightItem, PreflightPlace, Severity};

use crate::marks::{Marks, SPELLING};
use crate::{system_dictionary, Finding, HouseStyle, Misspelling, RuleFile, Speller};

/// The most findings of one kind listed for one field: past that, a count.
const MAX_LISTED: usize = 5;

/// One flagged place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flagged {
    /// A word the dictionary does not know.
    Spelling(Misspelling),
    /// A place that goes against a rule.
    Style(Finding),
}

impl Flagged {
    /// Where it starts, in bytes.
    pub fn start(&self) -> usize {
        match self {
            Flagged::Spelling(m) => m.start,
            Flagged::Style(f) => f.start,
        }
    }

    /// Where it ends, in bytes.
    pub fn end(&self) -> usize {
        match self {
            Flagged::Spelling(m) => m.end,
            Flagged::Style(f) => f.end,
        }
    }

    /// The rule's id, or [`SPELLING`].
    pub fn flagged_by(&self) -> &str {
        match self {
            Flagged::Spelling(_) => SPELLING,
            Flagged::Style(f) => &f.rule,
        }
    }
}

/// A language's dictionary (none when the system has none) and house style, loaded together.
pub struct LanguageChecks {
    speller: Option<Arc<Speller>>,
    style: Option<HouseStyle>,
    /// The words the rules write ("Kyiv"): right by the newsroom's own rule.
    written: Vec<String>,
}

impl LanguageChecks {
    /// The system's dictionary for `language` and the rules of `rules` for it.
    pub fn load(language: &str, rules: &RuleFile) -> LanguageChecks {
        LanguageChecks::with_speller(LanguageChecks::system_speller(language), language, rules)
    }

    /// The system's dictionary for `language`, when it has one (loading takes a moment:
    /// keep it).
    pub fn system_speller(language: &str) -> Option<Arc<Speller>> {
        system_dictionary(language)
            .and_then(|(aff, dic)| Speller::from_files(&aff, &dic).ok())
            .map(Arc::new)
    }

    /// `speller` (already loaded) with the rules of `rules` for `language`. A rule set that
    /// cannot be compiled checks no style (the desk refuses to save one; see
    /// [`RuleFile::usable`]).
    pub fn with_speller(
        speller: Option<Arc<Speller>>,
        language: &str,
        rules: &RuleFile,
    ) -> LanguageChecks {
        LanguageChecks {
            speller,
            style: HouseStyle::new(rules, language).ok(),
            written: rules
                .written_words(language)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Whether a dictionary was found for the language.
    pub fn speller(&self) -> Option<&Speller> {
        self.speller.as_deref()
    }

    /// Every place in `text` against the house style or not in the dictionary, in the order
    /// of the text, but for the places `marks` keeps. `allowed`: words right in this story
    /// (its tags, the newsroom's dictionary).
    pub fn flags(&self, text: &str, allowed: &[&str], marks: &Marks) -> Vec<Flagged> {
        let mut flagged: Vec<Flagged> = Vec::new();
        if let Some(style) = &self.style {
            flagged.extend(style.check(text).into_iter().map(Flagged::Style));
        }
        if let Some(speller) = &self.speller {
            let also = allowed
                .iter()
                .copied()
                .chain(self.written.iter().map(String::as_str));
            flagged.extend(
                speller
                    .check_allowing(text, also)
                    .into_iter()
                    .map(Flagged::Spelling),
            );
        }
        flagged.retain(|flag| !marks.keeps(flag.flagged_by(), text, flag.start(), flag.end()));
        flagged.sort_by_key(|flag| (flag.start(), flag.end()));
        flagged
    }

    /// Warnings for the headline, standfirst and body: the house style's matches, then the
    /// words the dictionary does not know.
    pub fn warnings(
        &self,
        headline: &str,
        standfirst: &str,
        body: &str,
        allowed: &[&str],
        marks: &Marks,
    ) -> Vec<PreflightItem> {
        let mut items = Vec::new();
        for (field, name, text) in [
            (PreflightField::Headline, "headline", headline),
            (PreflightField::Standfirst, "standfirst", standfirst),
            (PreflightField::Body, "text", body),
        ] {
            let flags = self.flags(text, allowed, marks);
            let style: Vec<&Finding> = flags
                .iter()
                .filter_map(|flag| match flag {
                    Flagged::Style(finding) => Some(finding),
                    Flagged::Spelling(_) => None,
                })
                .collect();
            items.extend(style.iter().take(MAX_LISTED).map(|finding| PreflightItem {
                severity: Severity::Warning,
                field,
                message: match &finding.suggestion {
                    Some(instead) => format!(
                        "House style in the {name}: “{}” → “{instead}”. {}",
                        finding.matched, finding.explanation
                    ),
                    None => format!(
                        "House style in the {name}: “{}”. {}",
                        finding.matched, finding.explanation
                    ),
                },
                place: Some(PreflightPlace::of(text, finding.start, finding.end)),
            }));
            if style.len() > MAX_LISTED {
                items.push(PreflightItem {
                    severity: Severity::Warning,
                    field,
                    message: format!(
                        "And {} more house-style matches in the {name}.",
                        style.len() - MAX_LISTED
                    ),
                    place: style
                        .get(MAX_LISTED)
                        .map(|next| PreflightPlace::of(text, next.start, next.end)),
                });
            }
            let mut seen = std::collections::HashSet::new();
            let misspelt: Vec<&Misspelling> = flags
                .iter()
                .filter_map(|flag| match flag {
                    Flagged::Spelling(m) => Some(m),
                    Flagged::Style(_) => None,
                })
                .collect();
            let unknown: Vec<&str> = misspelt
                .iter()
                .map(|m| m.word.as_str())
                .filter(|word| seen.insert(*word))
                .collect();
            if !unknown.is_empty() {
                let listed: Vec<String> = unknown
                    .iter()
                    .take(MAX_LISTED)
                    .map(|word| format!("“{word}”"))
                    .collect();
                let rest = unknown.len().saturating_sub(MAX_LISTED);
                items.push(PreflightItem {
                    severity: Severity::Warning,
                    field,
                    message: format!(
                        "Spelling in the {name}: {}{} not in the dictionary.",
                        listed.join(", "),
                        if rest > 0 {
                            format!(" and {rest} more")
                        } else {
                            String::new()
                        },
                    ),
                    // The first: a click there, Ctrl+. and the next.
                    place: misspelt
                        .first()
                        .map(|m| PreflightPlace::of(text, m.start, m.end)),
                });
            }
        }
        items
    }
}
