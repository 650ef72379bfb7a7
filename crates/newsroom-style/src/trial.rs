//! What rules would flag across the desk's stories, before they go live: "flags 37 stories",
//! with examples, for the editor about to save a rule and for `newsroom style try`.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use crate::check::primary_language;
use crate::marks::MarkedCorrect;
use crate::rules::{RuleError, RuleFile};
use crate::HouseStyle;

/// Examples kept for each rule.
const MAX_EXAMPLES: usize = 5;

/// One story's text, as the trial reads it.
pub struct StoryText<'a> {
    /// The story's id, to open it from an example.
    pub id: &'a str,
    /// Its headline, to name it.
    pub headline: &'a str,
    /// Its language ("en-GB"): only the rules of that language are tried on it.
    pub language: &'a str,
    /// Headline, standfirst and body, one paragraph each at least.
    pub text: &'a str,
}

/// What one rule would flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleTrial {
    /// The rule's id.
    pub rule: String,
    /// How many stories it flags.
    pub stories: u32,
    /// How many places in all.
    pub places: u32,
    /// The first few places, one a story.
    pub examples: Vec<TrialExample>,
}

/// One place a rule would flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrialExample {
    /// The story's id.
    pub story: String,
    /// Its headline.
    pub headline: String,
    /// The text flagged and the words around it.
    pub place: MarkedCorrect,
    /// What the rule would write instead.
    pub suggestion: Option<String>,
}

/// A trial of a rules file over stories, one story at a time (a desk's stories need not
/// all be in memory at once).
pub struct Trial<'f> {
    file: &'f RuleFile,
    trials: Vec<RuleTrial>,
    place_of: HashMap<String, usize>,
    styles: HashMap<String, HouseStyle>,
}

impl<'f> Trial<'f> {
    /// A trial of `file`'s rules: `Err` names the rules that cannot be used at all.
    pub fn new(file: &'f RuleFile) -> Result<Trial<'f>, Vec<RuleError>> {
        // A rule that cannot be used is refused; examples that come out wrong are the
        // editor's to see on saving, not a reason to hide what the rule would flag.
        file.test_examples()?;
        Ok(Trial {
            file,
            trials: file
                .rules
                .iter()
                .map(|rule| RuleTrial {
                    rule: rule.id.clone(),
                    stories: 0,
                    places: 0,
                    examples: Vec::new(),
                })
                .collect(),
            place_of: file
                .rules
                .iter()
                .enumerate()
                .map(|(place, rule)| (rule.id.clone(), place))
                .collect(),
            styles: HashMap::new(),
        })
    }

    /// Tries the rules of the story's language on `story`.
    pub fn add(&mut self, story: &StoryText<'_>) -> Result<(), Vec<RuleError>> {
        let language = primary_language(story.language).to_ascii_lowercase();
        if !self.styles.contains_key(&language) {
            let style = HouseStyle::new(self.file, &language)?;
            self.styles.insert(language.clone(), style);
        }
        let mut counted = std::collections::HashSet::new();
        for finding in self.styles[&language].check(story.text) {
            let Some(&place) = self.place_of.get(&finding.rule) else {
                continue;
            };
            let trial = &mut self.trials[place];
            trial.places += 1;
            if counted.insert(place) {
                trial.stories += 1;
                if trial.examples.len() < MAX_EXAMPLES {
                    trial.examples.push(TrialExample {
                        story: story.id.to_owned(),
                        headline: story.headline.to_owned(),
                        place: MarkedCorrect::of(
                            &finding.rule,
                            story.text,
                            finding.start,
                            finding.end,
                        ),
                        suggestion: finding.suggestion,
                    });
                }
            }
        }
        Ok(())
    }

    /// What each rule would flag, in the file's order (a rule that flags nothing is there
    /// with zeros).
    pub fn finish(self) -> Vec<RuleTrial> {
        self.trials
    }
}
