//! Why the core refuses an input. Each message is written for the journalist who typed it.

use thiserror::Error;

/// An article that cannot be stored as it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    /// A one-line field is longer than the desk accepts.
    #[error("The {field} is {chars} characters long; the most the desk keeps is {max}.")]
    TooLong {
        /// Which field, in words ("headline").
        field: &'static str,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The body is larger than the desk accepts.
    #[error("The body is {bytes} bytes; the most the desk keeps in one article is {max} bytes.")]
    BodyTooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// A field holds an invisible control character (often pasted from another program).
    #[error("The {field} contains an invisible control character; remove it and try again.")]
    ControlCharacter {
        /// Which field, in words.
        field: &'static str,
    },
    /// The language is not a language tag such as "en" or "sv".
    #[error("\"{0}\" is not a language code; use a code such as \"en\", \"sv\" or \"en-GB\".")]
    Language(String),
    /// A section or tag name that is empty or only spaces.
    #[error("The {kind} needs a name.")]
    EmptyName {
        /// "section" or "tag".
        kind: &'static str,
    },
    /// A section or tag whose name (ignoring case and accents) is already taken.
    #[error("There is already a {kind} called \"{existing}\".")]
    DuplicateName {
        /// "section" or "tag".
        kind: &'static str,
        /// The existing term's name.
        existing: String,
    },
    /// Not an IPTC Media Topic code.
    #[error("\"{0}\" is not an IPTC Media Topic code; use the form medtop:20000538.")]
    MediaTopic(String),
    /// More tags than the desk allows on one article.
    #[error("An article can carry at most {max} tags; remove one first.")]
    TooManyTags {
        /// The limit.
        max: u32,
    },
    /// A sub-section was to get a sub-section of its own.
    #[error("Sections go two levels deep: a section and its sub-sections.")]
    SectionDepth,
    /// Pre-flight limits that contradict each other.
    #[error("The limits do not fit together: a long headline must be shorter than a blocked one, and limits must be at least 10 characters.")]
    PreflightLimits,
}
