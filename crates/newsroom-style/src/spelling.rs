//! Spelling in the story's language, offline: the Hunspell dictionaries the system has
//! (Debian and Ubuntu: hunspell-en-us, hunspell-en-gb, hunspell-sv; their licences are the
//! packages'), read by spellbook, a Rust reimplementation of Nuspell's checking and
//! suggestions (helix-editor's; pure Rust, no C library to link or ship).
//!
//! Why not the WebView's own checker: WebKitGTK's goes through enchant with whatever the
//! system offers, it cannot be asked from Rust (so neither the command line nor pre-flight
//! could use it), and it knows nothing of the newsroom's dictionary or a story's tags.
//!
//! What is not a misspelling here: a word in the newsroom's dictionary or among the names the
//! caller allows (the story's tags, the desk's people), a word in capitals (GRU, NATO), a word
//! with a digit, and anything in a web or mail address or a photo's reference.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use spellbook::Dictionary;

/// The largest dictionary file read (Swedish's word list is about 4 MB).
const MAX_DICTIONARY_BYTES: u64 = 64 * 1024 * 1024;
/// The most suggestions offered for one word.
const MAX_SUGGESTIONS: usize = 5;
/// Where the system keeps its Hunspell dictionaries.
const SYSTEM_DICTIONARIES: &str = "/usr/share/hunspell";

/// A word the dictionary does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misspelling {
    /// Where, in bytes of the checked text.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The word as written.
    pub word: String,
}

/// Why a dictionary could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryError(pub String);

impl std::fmt::Display for DictionaryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DictionaryError {}

/// A language's dictionary with the words the newsroom allows besides.
pub struct Speller {
    dictionary: Dictionary,
    /// Allowed words, lower-cased.
    allowed: HashSet<String>,
}

/// The system's dictionary files for a story in `language` ("en", "en-GB", "sv"): the
/// region's own when it has one, else the language's usual one.
pub fn system_dictionary(language: &str) -> Option<(PathBuf, PathBuf)> {
    dictionary_in(Path::new(SYSTEM_DICTIONARIES), language)
}

fn dictionary_in(folder: &Path, language: &str) -> Option<(PathBuf, PathBuf)> {
    let mut parts = language.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    let region = parts.next().map(str::to_ascii_uppercase);
    let usual = match primary.as_str() {
        "en" => ["en_US", "en_GB"].as_slice(),
        "sv" => ["sv_SE", "sv_FI"].as_slice(),
        _ => [].as_slice(),
    };
    let wanted = region.map(|region| format!("{primary}_{region}"));
    wanted
        .iter()
        .map(String::as_str)
        .chain(usual.iter().copied())
        .map(|name| {
            (
                folder.join(format!("{name}.aff")),
                folder.join(format!("{name}.dic")),
            )
        })
        .find(|(aff, dic)| aff.is_file() && dic.is_file())
}

impl Speller {
    /// A speller from a dictionary's two files, read within the size limit.
    pub fn from_files(aff: &Path, dic: &Path) -> Result<Speller, DictionaryError> {
        let read = |path: &Path| {
            let bytes = newsroom_files::read_regular_file(
                path,
                MAX_DICTIONARY_BYTES,
                newsroom_files::Links::Follow,
            )
            .map_err(|refusal| {
                DictionaryError(format!(
                    "The dictionary {} cannot be read: {refusal}",
                    path.display()
                ))
            })?;
            // Hunspell files in an old 8-bit encoding are read as well as UTF-8 allows.
            Ok::<String, DictionaryError>(String::from_utf8_lossy(&bytes).into_owned())
        };
        Speller::from_text(&read(aff)?, &read(dic)?)
    }

    /// A speller from a dictionary's text.
    pub fn from_text(aff: &str, dic: &str) -> Result<Speller, DictionaryError> {
        let dictionary = Dictionary::new(aff, dic)
            .map_err(|err| DictionaryError(format!("The dictionary cannot be used: {err}")))?;
        Ok(Speller {
            dictionary,
            allowed: HashSet::new(),
        })
    }

    /// Allows `words` besides the dictionary's: the newsroom's own, the story's tags (each
    /// word of a tag), the desk's people.
    pub fn allow<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for phrase in words {
            for word in words_of(phrase) {
                self.allowed.insert(word.2.to_lowercase());
            }
        }
    }

    /// Every word of `text` the dictionary does not know, in order.
    pub fn check(&self, text: &str) -> Vec<Misspelling> {
        self.check_allowing(text, [])
    }

    /// Every word of `text` neither the dictionary nor `also` knows (a story's tags: names
    /// that are right in this story), in order.
    pub fn check_allowing<'a>(
        &self,
        text: &str,
        also: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Misspelling> {
        let also: HashSet<String> = also
            .into_iter()
            .flat_map(words_of)
            .map(|(_, _, word)| word.to_lowercase())
            .collect();
        words_of(text)
            .filter(|(_, _, word)| !self.known(word) && !also.contains(&word.to_lowercase()))
            .map(|(start, end, word)| Misspelling {
                start,
                end,
                word: word.to_owned(),
            })
            .collect()
    }

    /// Whether `word` is spelt as the dictionary or the newsroom has it.
    pub fn known(&self, word: &str) -> bool {
        is_exempt(word)
            || self.allowed.contains(&word.to_lowercase())
            || self.dictionary.check(word)
    }

    /// What the writer may have meant, the likeliest first.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut suggestions = Vec::new();
        self.dictionary.suggest(word, &mut suggestions);
        suggestions.truncate(MAX_SUGGESTIONS);
        suggestions
    }
}

/// Capitals (GRU, NATO, TT), and anything with a digit, are not spelling.
fn is_exempt(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || (word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase()))
}

/// The words of `text` with their byte ranges: letters with apostrophes inside ("don't",
/// "Ukraine's" stays one word and is checked as written), skipping web and mail addresses and
/// photo references, whose parts are not words.
fn words_of(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut words = Vec::new();
    for (chunk_start, chunk) in chunks(text) {
        if chunk.contains("://")
            || chunk.contains("www.")
            || chunk.contains('@')
            || chunk.contains("photo:")
        {
            continue;
        }
        let mut start: Option<usize> = None;
        let mut last_letter_end = 0;
        for (at, c) in chunk.char_indices() {
            let inside_apostrophe = matches!(c, '\'' | '’') && start.is_some();
            if c.is_alphabetic() || c.is_ascii_digit() {
                start.get_or_insert(at);
                last_letter_end = at + c.len_utf8();
            } else if !inside_apostrophe {
                if let Some(begun) = start.take() {
                    words.push((chunk_start + begun, chunk_start + last_letter_end));
                }
            }
        }
        if let Some(begun) = start {
            words.push((chunk_start + begun, chunk_start + last_letter_end));
        }
    }
    words
        .into_iter()
        .map(move |(start, end)| (start, end, &text[start..end]))
}

/// `text` split at whitespace, each piece with where it starts.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|chunk| !chunk.is_empty())
        .map(move |chunk| (chunk.as_ptr() as usize - text.as_ptr() as usize, chunk))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        words_of(text).map(|(_, _, word)| word).collect()
    }

    #[test]
    fn words_keep_their_apostrophes_and_leave_addresses_out() {
        assert_eq!(
            words("Ukraine's GRU — see https://afp.com/story or ![x](photo:123) and ‘quotes’."),
            ["Ukraine's", "GRU", "see", "or", "and", "quotes"]
        );
        assert_eq!(
            words("Malmö, Göteborg; 3,000 soldiers"),
            ["Malmö", "Göteborg", "3", "000", "soldiers"]
        );
    }

    #[test]
    fn capitals_and_numbers_are_not_spelling() {
        assert!(is_exempt("NATO") && is_exempt("GRU") && is_exempt("3000") && is_exempt("B52"));
        assert!(!is_exempt("Kyiv") && !is_exempt("a"));
    }

    #[test]
    fn a_region_is_asked_for_first_then_the_languages_usual_dictionary() {
        let folder = tempfile::tempdir().expect("tempdir");
        for name in ["en_US", "en_GB", "sv_SE"] {
            for extension in ["aff", "dic"] {
                std::fs::write(folder.path().join(format!("{name}.{extension}")), "")
                    .expect("write");
            }
        }
        let name = |language: &str| {
            dictionary_in(folder.path(), language).map(|(aff, _)| {
                aff.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
        };
        assert_eq!(name("en-GB").as_deref(), Some("en_GB"));
        assert_eq!(name("en").as_deref(), Some("en_US"));
        assert_eq!(name("en-AU").as_deref(), Some("en_US"));
        assert_eq!(name("sv").as_deref(), Some("sv_SE"));
        assert_eq!(name("uk"), None);
    }
}
