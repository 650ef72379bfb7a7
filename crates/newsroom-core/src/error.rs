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
}
