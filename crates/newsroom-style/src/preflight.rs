//! Spelling and the house style as pre-flight warnings: what the window lists above the
//! preview and `newsroom check` prints, each pointing at the field to fix. One function for
//! both, so the app and the command line say the same.

use newsroom_core::preflight::{PreflightField, PreflightItem, Severity};

use crate::{starter, system_dictionary, HouseStyle, Speller};

/// The most findings of one kind listed for one field: past that, a count.
const MAX_LISTED: usize = 5;

/// A language's dictionary (none when the system has none) and house style, loaded together.
pub struct LanguageChecks {
    speller: Option<Speller>,
    style: Option<HouseStyle>,
}

impl LanguageChecks {
    /// The system's dictionary for `language`, allowed the words the house style writes, and
    /// the starter house style's rules for it.
    pub fn load(language: &str) -> LanguageChecks {
        let rules = starter();
        let speller = system_dictionary(language)
            .and_then(|(aff, dic)| Speller::from_files(&aff, &dic).ok())
            .map(|mut speller| {
                speller.allow(rules.written_words(language));
                speller
            });
        LanguageChecks {
            speller,
            style: HouseStyle::new(&rules, language).ok(),
        }
    }

    /// The dictionary, when the system has one for this language.
    pub fn speller(&self) -> Option<&Speller> {
        self.speller.as_ref()
    }

    /// The house style's rules for this language.
    pub fn style(&self) -> Option<&HouseStyle> {
        self.style.as_ref()
    }

    /// Warnings for the headline, standfirst and body: the house style's matches, then the
    /// words the dictionary does not know (`allowed`: the story's tags).
    pub fn warnings(
        &self,
        headline: &str,
        standfirst: &str,
        body: &str,
        allowed: &[&str],
    ) -> Vec<PreflightItem> {
        let mut items = Vec::new();
        for (field, name, text) in [
            (PreflightField::Headline, "headline", headline),
            (PreflightField::Standfirst, "standfirst", standfirst),
            (PreflightField::Body, "text", body),
        ] {
            if let Some(style) = &self.style {
                let found = style.check(text);
                items.extend(found.iter().take(MAX_LISTED).map(|finding| PreflightItem {
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
                }));
                if found.len() > MAX_LISTED {
                    items.push(more(
                        field,
                        found.len() - MAX_LISTED,
                        "house-style matches",
                        name,
                    ));
                }
            }
            if let Some(speller) = &self.speller {
                let mut seen = std::collections::HashSet::new();
                let unknown: Vec<String> = speller
                    .check_allowing(text, allowed.iter().copied())
                    .into_iter()
                    .map(|m| m.word)
                    .filter(|word| seen.insert(word.clone()))
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
                    });
                }
            }
        }
        items
    }
}

fn more(field: PreflightField, count: usize, what: &str, name: &str) -> PreflightItem {
    PreflightItem {
        severity: Severity::Warning,
        field,
        message: format!("And {count} more {what} in the {name}."),
    }
}
