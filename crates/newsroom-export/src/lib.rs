//! Approved stories as files other systems read: IPTC ninjs 2.2 JSON, a NewsML-G2 2.35
//! newsItem, and an HTML bundle (index.html and its photos) that opens offline.
//!
//! Every format is made from one [`ExportStory`] (the approved revision, read from the desk
//! through [`StorySource`]) and its body HTML from the one renderer the preview uses, so the
//! byline, the editor's note and every photo's caption and credit line reach every output.
//! Photos travel as their unmodified originals, beside the file, under stable names.

#![warn(missing_docs)]

mod html;
mod newsml;
mod ninjs;

use std::fs;
use std::path::{Path, PathBuf};

use newsroom_core::desk::{DeskError, StorySource};
use newsroom_core::export::{ExportPhoto, ExportStory};
use newsroom_core::render::{body_html_with_photos, PagePhoto, RenderOptions};
use newsroom_files::WriteRefusal;
use thiserror::Error;
use uuid::Uuid;

pub use html::bundle_page;
pub use newsml::news_item;
pub use ninjs::ninjs;

/// A file format stories are exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// IPTC ninjs 2.2 JSON (`.json`).
    Ninjs,
    /// IPTC NewsML-G2 2.35 newsItem (`.xml`).
    NewsMl,
    /// A folder with index.html and the photos.
    Html,
}

impl Format {
    /// The format for its command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "ninjs" | "json" => Some(Format::Ninjs),
            "newsml" | "newsml-g2" | "xml" => Some(Format::NewsMl),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// The file extension of a single-file export ("" for the HTML folder).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Ninjs => "json",
            Format::NewsMl => "xml",
            Format::Html => "",
        }
    }
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The desk refused or failed (not approved, not found …); its message says why.
    #[error(transparent)]
    Desk(#[from] DeskError),
    /// A file could not be written.
    #[error("Cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is there already and replacing it was not asked for.
    #[error(
        "{0} exists already; choose another name, or say that it may be replaced (--overwrite)"
    )]
    Exists(PathBuf),
    /// A link stands where the file would go: the desk never writes through one.
    #[error("{0} is a link to another file; the desk does not write through links")]
    Link(PathBuf),
}

pub use newsroom_files::Replace;

/// Writes `bytes` to `path` the desk's safe way ([`newsroom_files::write_file`]).
fn write_file(path: &Path, bytes: &[u8], replace: Replace) -> Result<(), ExportError> {
    newsroom_files::write_file(path, bytes, replace).map_err(|refusal| match refusal {
        WriteRefusal::Exists => ExportError::Exists(path.to_owned()),
        WriteRefusal::Link => ExportError::Link(path.to_owned()),
        WriteRefusal::Io(source) => ExportError::Write {
            path: path.to_owned(),
            source,
        },
    })
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// The story's file (or the bundle's index.html).
    pub main_file: PathBuf,
    /// The photo files written beside it.
    pub photo_files: Vec<PathBuf>,
}

/// The body as HTML, the same as the preview's, its photos loading from `src_of(photo)`.
pub fn body_html(story: &ExportStory, src_of: impl Fn(&ExportPhoto) -> String) -> String {
    body_html_with_photos(
        &story.content.body,
        RenderOptions::default(),
        &story.content.language,
        &page_photos(story, src_of),
    )
}

/// The story's photos as the renderer takes them.
pub fn page_photos(story: &ExportStory, src_of: impl Fn(&ExportPhoto) -> String) -> Vec<PagePhoto> {
    story
        .photos
        .iter()
        .map(|p| PagePhoto {
            id: p.photo.id,
            src: src_of(p),
            alt: p.photo.metadata.alt_text.value.clone(),
            caption: p.photo.metadata.caption.value.clone(),
            credit_line: p.photo.credit_line.clone(),
            width: p.photo.width,
            height: p.photo.height,
        })
        .collect()
}

/// Exports story `article_id` as `format` to `out`: a file for ninjs and NewsML-G2 (the
/// photos beside it), a folder for HTML (index.html and images/). A file already at `out` is
/// replaced only as `replace` allows; a link there is never written through.
pub fn export_to<S: StorySource + ?Sized>(
    store: &S,
    article_id: Uuid,
    format: Format,
    out: &Path,
    replace: Replace,
) -> Result<ExportReport, ExportError> {
    write_story(
        store,
        &store.export_story(article_id)?,
        format,
        out,
        replace,
    )
}

/// Writes `story` as `format` to `out`, its photos' originals beside it (named by content: a
/// photo already there is the same photo and is kept).
pub fn write_story<S: StorySource + ?Sized>(
    store: &S,
    story: &ExportStory,
    format: Format,
    out: &Path,
    replace: Replace,
) -> Result<ExportReport, ExportError> {
    let (main_file, photo_dir, document) = match format {
        Format::Ninjs => {
            let json = serde_json::to_string_pretty(&ninjs(story)).unwrap_or_default();
            (out.to_owned(), parent_of(out), json)
        }
        Format::NewsMl => (out.to_owned(), parent_of(out), news_item(story)),
        Format::Html => (
            out.join("index.html"),
            out.join(html::IMAGES_DIR),
            bundle_page(story),
        ),
    };
    let mut photo_files = Vec::new();
    if !story.photos.is_empty() {
        create_dir(&photo_dir)?;
    }
    for photo in &story.photos {
        let source = store.photo_original(photo.photo.id)?;
        let destination = photo_dir.join(photo.file_name());
        // Named by content: a file of that name and size is this photo already (a batch export
        // of stories sharing a photo writes it once).
        let present = fs::symlink_metadata(&destination)
            .is_ok_and(|m| m.is_file() && m.len() == photo.photo.byte_size);
        if !present {
            let bytes = fs::read(&source).map_err(|source| ExportError::Write {
                path: destination.clone(),
                source,
            })?;
            write_file(&destination, &bytes, Replace::Allowed)?;
        }
        photo_files.push(destination);
    }
    if let Some(parent) = main_file.parent() {
        create_dir(parent)?;
    }
    write_file(&main_file, document.as_bytes(), replace)?;
    Ok(ExportReport {
        main_file,
        photo_files,
    })
}

/// What a batch export wrote, and the stories it could not export with the reason.
pub type BatchReport = (Vec<ExportReport>, Vec<(Uuid, String)>);

/// Where a story goes in a folder of exports: `<slug>.json`, `<slug>.xml`, or `<slug>/` for HTML.
pub fn path_in_folder(dir: &Path, story: &ExportStory, format: Format) -> PathBuf {
    match format {
        Format::Html => dir.join(&story.slug),
        _ => dir.join(format!("{}.{}", story.slug, format.extension())),
    }
}

/// Exports every approved or published story into `dir`, one file (or folder) each, named by
/// the story's slug (a file already there replaced as `replace` allows). Returns what was
/// written, and the stories that could not be exported with the reason.
pub fn export_approved<S: StorySource + ?Sized>(
    store: &S,
    format: Format,
    dir: &Path,
    replace: Replace,
) -> Result<BatchReport, ExportError> {
    create_dir(dir)?;
    let mut written = Vec::new();
    let mut refused = Vec::new();
    for id in store.approved_stories()? {
        let story = match store.export_story(id) {
            Ok(story) => story,
            Err(err) => {
                refused.push((id, err.to_string()));
                continue;
            }
        };
        let out = path_in_folder(dir, &story, format);
        match write_story(store, &story, format, &out, replace) {
            Ok(report) => written.push(report),
            Err(ExportError::Desk(err)) => refused.push((id, err.to_string())),
            Err(err @ (ExportError::Exists(_) | ExportError::Link(_))) => {
                refused.push((id, err.to_string()));
            }
            Err(other) => return Err(other),
        }
    }
    Ok((written, refused))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn create_dir(dir: &Path) -> Result<(), ExportError> {
    fs::create_dir_all(dir).map_err(|source| ExportError::Write {
        path: dir.to_owned(),
        source,
    })
}
