//! The HTML bundle: the article page exactly as the preview draws it (the same renderer and
//! template), with its photos in `images/` beside index.html, so it opens offline anywhere.

use newsroom_core::export::{ExportPhoto, ExportStory};
use newsroom_core::render::{article_page, PageContext, RelatedStory, RenderOptions};

use crate::page_photos;

/// The bundle's photo folder, beside index.html.
pub(crate) const IMAGES_DIR: &str = "images";

fn image_path(photo: &ExportPhoto) -> String {
    format!("{IMAGES_DIR}/{}", photo.file_name())
}

/// The bundle's index.html.
pub fn bundle_page(story: &ExportStory) -> String {
    let photos = page_photos(story, image_path);
    let lead_photo = story
        .photos
        .iter()
        .position(|p| p.is_lead)
        .map(|index| photos[index].clone());
    let context = PageContext {
        section: story.section_label.clone(),
        tags: story.tags.iter().map(|t| t.name.clone()).collect(),
        published: Some(story.embargo_until.unwrap_or(story.version_created)),
        related: story
            .related
            .iter()
            .map(|r| RelatedStory {
                headline: r.headline.clone(),
                reading_minutes: r.reading_minutes,
            })
            .collect(),
        lead_photo,
        photos,
    };
    article_page(&story.content, &context, RenderOptions::default())
}
