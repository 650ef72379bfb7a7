//! What leaves the desk: an approved story with everything every output needs.
//!
//! The store builds one [`ExportStory`] from the revision an editor approved (never the text as
//! it is now), and every output is made from it: ninjs, NewsML-G2, the HTML bundle and the
//! WordPress post. That is how a photo credit, the byline and the editor's note reach every
//! output: there is one place that gathers them.
//!
//! An approval pins everything that goes out, not only the text: the [`ApprovalPin`] taken
//! when an editor approves holds the section, tags, photos with every credit and caption, the
//! lead photo, the embargo and the related stories as they were then. What changed since is
//! named in words ([`ApprovalPin::differences`]) and goes out only after another approval.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::article::ArticleContent;
use crate::photo::{Photo, PhotoField};
use crate::workflow::WorkflowState;

/// A section or tag as outputs name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSubject {
    /// The name as the desk shows it ("North Korea").
    pub name: String,
    /// Its slug ("north-korea").
    pub slug: String,
    /// Its IPTC Media Topic code ("11000000"), if an editor set one.
    pub media_topic: Option<String>,
}

/// A photo of the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPhoto {
    /// The photo with its resolved credits.
    pub photo: Photo,
    /// True for the lead photo.
    pub is_lead: bool,
}

impl ExportPhoto {
    /// The file name its original travels under ("<sha256 prefix>.jpg"): stable, so the same
    /// photo is the same file in every bundle and on every site.
    pub fn file_name(&self) -> String {
        format!(
            "{}.{}",
            &self.photo.sha256[..self.photo.sha256.len().min(16)],
            self.photo.media_type.extension()
        )
    }
}

/// The agency item a story was made from: what attribution names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSource {
    /// The agency ("TT").
    pub agency: String,
    /// The original's identifier.
    pub uri: String,
    /// The original's version the story was last compared with.
    pub version: u32,
}

/// A story picked for "More news".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRelated {
    /// Its id.
    pub id: Uuid,
    /// Its headline.
    pub headline: String,
    /// Its reading time in minutes.
    pub reading_minutes: u32,
}

/// An approved story, ready to go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportStory {
    /// The story's id.
    pub article_id: Uuid,
    /// The approved revision: the text below is exactly its text.
    pub revision_id: Uuid,
    /// How many revisions the story had up to the approved one (its version number).
    pub version: u32,
    /// The approved text.
    pub content: ArticleContent,
    /// Its state when exported (approved, published, killed …).
    pub state: WorkflowState,
    /// The stable slug the story is known by on every site.
    pub slug: String,
    /// The primary section.
    pub section: Option<ExportSubject>,
    /// The section's label as the page prints it ("World › Asia").
    pub section_label: Option<String>,
    /// Tags, in order.
    pub tags: Vec<ExportSubject>,
    /// The lead photo first, then the photos the text shows.
    pub photos: Vec<ExportPhoto>,
    /// Not before this time.
    pub embargo_until: Option<DateTime<Utc>>,
    /// When the story was first created.
    pub first_created: DateTime<Utc>,
    /// When the approved revision was written.
    pub version_created: DateTime<Utc>,
    /// The agency item it was made from, if any.
    pub source: Option<ExportSource>,
    /// The stories picked for "More news".
    pub related: Vec<ExportRelated>,
}

impl ExportStory {
    /// The lead photo, if any.
    pub fn lead_photo(&self) -> Option<&ExportPhoto> {
        self.photos.iter().find(|p| p.is_lead)
    }

    /// True while the embargo has not passed at `now`.
    pub fn is_embargoed(&self, now: DateTime<Utc>) -> bool {
        self.embargo_until.is_some_and(|until| until > now)
    }
}

/// Everything besides the text that an approval pins: what goes out is what the editor saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalPin {
    /// The primary section.
    pub section: Option<ExportSubject>,
    /// The section's label as the page prints it.
    pub section_label: Option<String>,
    /// Tags, in order.
    pub tags: Vec<ExportSubject>,
    /// The lead photo first, then the photos the text shows, each with its credits then.
    pub photos: Vec<ExportPhoto>,
    /// The embargo then.
    pub embargo_until: Option<DateTime<Utc>>,
    /// The stories picked for "More news" then.
    pub related: Vec<ExportRelated>,
}

impl ApprovalPin {
    /// What differs between this pin and `now` (the same parts as they are now), each in
    /// words for "Changed since approval: …", in the order the page shows them.
    pub fn differences(&self, now: &ApprovalPin) -> Vec<String> {
        let mut changed = Vec::new();
        let names = |subjects: &[ExportSubject]| -> Vec<String> {
            subjects.iter().map(|s| s.name.clone()).collect()
        };
        if self.section_label != now.section_label
            || self.section.as_ref().map(|s| &s.slug) != now.section.as_ref().map(|s| &s.slug)
        {
            changed.push("the section".to_owned());
        }
        if names(&self.tags) != names(&now.tags) {
            changed.push("the tags".to_owned());
        }
        let lead = |pin: &ApprovalPin| pin.photos.iter().find(|p| p.is_lead).map(|p| p.photo.id);
        if lead(self) != lead(now) {
            changed.push("the lead photo".to_owned());
        }
        let ids = |pin: &ApprovalPin| -> Vec<Uuid> {
            let mut ids: Vec<Uuid> = pin.photos.iter().map(|p| p.photo.id).collect();
            ids.sort();
            ids
        };
        if ids(self) != ids(now) {
            changed.push("the photos".to_owned());
        }
        for pinned in &self.photos {
            let Some(current) = now.photos.iter().find(|p| p.photo.id == pinned.photo.id) else {
                continue;
            };
            for field in PhotoField::ALL {
                if pinned.photo.metadata.get(field).value != current.photo.metadata.get(field).value
                {
                    changed.push(format!(
                        "the {} of the photo “{}”",
                        field.label(),
                        pinned.photo.display_name()
                    ));
                }
            }
        }
        if self.embargo_until != now.embargo_until {
            changed.push("the embargo".to_owned());
        }
        let related =
            |pin: &ApprovalPin| -> Vec<Uuid> { pin.related.iter().map(|r| r.id).collect() };
        if related(self) != related(now) {
            changed.push("the related stories".to_owned());
        }
        changed
    }
}

/// The slug a story is known by on a site: its headline's slug (at most 60 characters, cut at
/// a word) and the last 8 characters of its id, so that two stories with the same headline
/// never share one and a retry finds the same post.
pub fn story_slug(headline: &str, article_id: Uuid) -> String {
    let words = slug::slugify(headline);
    let mut short = String::new();
    for word in words.split('-').filter(|w| !w.is_empty()) {
        if short.len() + word.len() + 1 > 60 {
            break;
        }
        if !short.is_empty() {
            short.push('-');
        }
        short.push_str(word);
    }
    let id = article_id.simple().to_string();
    let tail = &id[id.len() - 8..];
    if short.is_empty() {
        format!("story-{tail}")
    } else {
        format!("{short}-{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_the_headline_and_the_id_tail() {
        let id = Uuid::parse_str("0193a5b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b").expect("uuid");
        assert_eq!(
            story_slug("North Korean soldiers seen in Kursk, Ukraine says", id),
            "north-korean-soldiers-seen-in-kursk-ukraine-says-2e3f4a5b"
        );
        assert_eq!(story_slug("", id), "story-2e3f4a5b");
        let long = "word ".repeat(40);
        assert!(story_slug(&long, id).len() <= 60 + 9);
    }
}
