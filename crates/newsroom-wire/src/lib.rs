//! Agency (wire) copy in: an IPTC ninjs item (1.x or 2.x) or a NewsML-G2 newsItem, read into
//! one [`WireItem`] that keeps what attribution needs: the agency, the original's uri and
//! version, language, headline, dateline, subjects, and pictures with their credits.
//!
//! Input comes from outside, so nothing here trusts it: a file over [`MAX_WIRE_BYTES`] is
//! refused before it is parsed, XML is read by quick-xml with no DTD processing (no external
//! entities, no entity expansion: an entity the XML standard does not define is an error),
//! and every refusal is a [`WireError`] that names what was wrong in words. The body becomes
//! Markdown (from the item's HTML by htmd, or its plain text by paragraphs).

#![warn(missing_docs)]

mod html;
mod newsml;
mod ninjs;

pub use html::html_to_markdown;
pub use html::MAX_HTML_DEPTH;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Largest wire file read.
pub const MAX_WIRE_BYTES: usize = 20 * 1024 * 1024;
/// Deepest nesting of XML elements read (a NewsML-G2 item with an XHTML body nests about 12).
pub const MAX_XML_DEPTH: usize = 256;
/// Most pictures imported from one item; the rest are named as left out.
pub const MAX_PICTURES_PER_ITEM: usize = 30;

/// The format an item came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum WireFormat {
    /// ninjs 1.x (`headline`, `body_html` …).
    Ninjs1,
    /// ninjs 2.x (`headlines`, `bodies` …).
    Ninjs2,
    /// A NewsML-G2 newsItem.
    NewsMl,
}

/// A subject of the original (its name and the agency's or IPTC's code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WireSubject {
    /// Its name.
    pub name: String,
    /// Its code or URI, as the agency gave it.
    pub code: String,
}

/// A picture the original carries, with its credits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WirePicture {
    /// Where the picture is: a URL, or a file name beside the item.
    pub href: String,
    /// Its caption.
    pub caption: String,
    /// Its credit line as the agency printed it ("Karl Melander/TT").
    pub credit: String,
    /// The photographer, where the item names one apart from the credit.
    pub creator: String,
}

/// Where a picture an item names is to be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureSource<'a> {
    /// On the web, at this http or https address.
    Web(&'a str),
    /// In a file in the item's own folder (or a folder inside it), by this relative path.
    Beside(&'a str),
    /// Nowhere the desk will look, and why, in words.
    Refused(&'static str),
}

impl WirePicture {
    /// Where the picture is to be had. An item is only trusted with its own folder and the
    /// web: an absolute path, a way up (`..`), a drive, a Windows share (`\\host\share`, which
    /// would make Windows connect to that host) or any other scheme (`file:`, `smb:`) is refused.
    pub fn source(&self) -> PictureSource<'_> {
        let href = self.href.trim();
        let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return PictureSource::Web(href);
        }
        if href.is_empty() {
            return PictureSource::Refused("names no file");
        }
        let before_slash = href.split('/').next().unwrap_or_default();
        if before_slash.contains(':') {
            return PictureSource::Refused(
                "names a place other than the web or the item's own folder",
            );
        }
        if href.starts_with('/') || href.contains('\\') {
            return PictureSource::Refused("names a file outside the item's own folder");
        }
        if href.split('/').any(|part| part == "..") {
            return PictureSource::Refused("names a file outside the item's own folder");
        }
        PictureSource::Beside(href)
    }
}

/// An agency's item, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WireItem {
    /// The format it came in.
    pub format: WireFormat,
    /// The original's identifier (ninjs `uri`, NewsML-G2 `guid`).
    pub uri: String,
    /// Its version (1 when the item gives none).
    pub version: u32,
    /// The agency ("TT").
    pub agency: String,
    /// The language, as a BCP 47 tag ("sv").
    pub language: String,
    /// The original headline.
    pub headline: String,
    /// The lede or summary, if the item has one.
    pub standfirst: String,
    /// The body as Markdown, paragraph by paragraph.
    pub body: String,
    /// The original's byline (`by`), if any.
    pub byline: String,
    /// The dateline: where the story was written (located, or the first place named).
    pub dateline: String,
    /// Subjects.
    pub subjects: Vec<WireSubject>,
    /// Pictures with their credits.
    pub pictures: Vec<WirePicture>,
    /// When this version was made, as the agency wrote it.
    pub version_created: String,
}

/// Why a wire file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// Larger than [`MAX_WIRE_BYTES`].
    #[error("is {0} MB; wire items over 20 MB are not imported")]
    TooLarge(usize),
    /// Neither ninjs JSON nor a NewsML-G2 newsItem.
    #[error("is not a ninjs (JSON) or NewsML-G2 (XML) item")]
    UnknownFormat,
    /// JSON or XML that does not parse.
    #[error("is damaged: {0}")]
    Malformed(String),
    /// A field every item must have is missing.
    #[error("has no {0}, which every wire item must have")]
    Missing(&'static str),
    /// A ninjs version this desk does not read.
    #[error("is ninjs {0}; this desk reads ninjs 1.x and 2.x")]
    UnsupportedVersion(String),
    /// XML nested deeper than [`MAX_XML_DEPTH`].
    #[error("nests its XML more than {MAX_XML_DEPTH} levels deep, which no news item does; it was not read")]
    TooDeep,
    /// XML declaring entities or a DTD (which could expand or fetch).
    #[error("declares a DTD or entities, which wire items never need; it was not read")]
    Doctype,
}

/// Reads a wire file: ninjs JSON or a NewsML-G2 newsItem, by content.
pub fn read_wire(bytes: &[u8]) -> Result<WireItem, WireError> {
    if bytes.len() > MAX_WIRE_BYTES {
        return Err(WireError::TooLarge(bytes.len().div_ceil(1024 * 1024)));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| WireError::Malformed("the file is not UTF-8 text".into()))?;
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let item = if start.starts_with('{') {
        ninjs::read(start)
    } else if start.starts_with('<') {
        newsml::read(start)
    } else {
        Err(WireError::UnknownFormat)
    }?;
    Ok(cleaned(&item))
}

/// Longest line field kept from an item (the desk's own limit for a headline).
const MAX_LINE_CHARS: usize = 2_000;
/// Longest name, code, credit or address kept from an item.
const MAX_SHORT_CHARS: usize = 500;

/// Every field of `item` cleaned and capped as all outside text is (no control characters or
/// bidirectional overrides, line fields on one line), so what an agency sends can be stored,
/// shown and exported by the same rules as what a journalist types.
fn cleaned(item: &WireItem) -> WireItem {
    use newsroom_core::clean::{clean_outside_text, is_bidi_control};
    let line = |text: &str| clean_outside_text(text, MAX_LINE_CHARS, false);
    let short = |text: &str| clean_outside_text(text, MAX_SHORT_CHARS, false);
    WireItem {
        format: item.format,
        uri: short(&item.uri),
        version: item.version,
        agency: short(&item.agency),
        language: short(&item.language),
        headline: line(&item.headline),
        standfirst: line(&item.standfirst),
        body: item
            .body
            .chars()
            .filter(|c| (!c.is_control() || matches!(c, '\n' | '\t')) && !is_bidi_control(*c))
            .collect(),
        byline: short(&item.byline),
        dateline: short(&item.dateline),
        subjects: item
            .subjects
            .iter()
            .map(|subject| WireSubject {
                name: short(&subject.name),
                code: short(&subject.code),
            })
            .collect(),
        pictures: item
            .pictures
            .iter()
            .map(|picture| WirePicture {
                href: clean_outside_text(&picture.href, MAX_LINE_CHARS, false),
                caption: clean_outside_text(&picture.caption, MAX_LINE_CHARS, true),
                credit: short(&picture.credit),
                creator: short(&picture.creator),
            })
            .collect(),
        version_created: short(&item.version_created),
    }
}

/// Plain text as Markdown paragraphs: one paragraph per non-empty line, Markdown's own
/// characters at a line's start kept as text.
pub(crate) fn text_to_markdown(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            if line.starts_with(['#', '>', '-', '*', '+']) {
                format!("\\{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The version number of an item ("6" → 6; none or not a number → 1).
pub(crate) fn version_number(text: Option<&str>) -> u32 {
    text.and_then(|v| v.trim().parse().ok()).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests;
