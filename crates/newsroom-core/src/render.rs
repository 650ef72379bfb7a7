//! The one renderer: Markdown to safe HTML, and the article page as the site shows it.
//!
//! Preview, `newsroom preview` and every export call these functions, so what an editor approves
//! is byte for byte what goes out. The body is CommonMark with the GFM extensions a newsroom
//! uses (tables, strikethrough, autolinks), parsed by comrak with raw HTML off, and the result is
//! passed through ammonia anyway (defence in depth): only ordinary text markup survives, and
//! links may only point to http, https and mailto. The page carries its own Content Security
//! Policy (no scripts, no remote loads) and is shown in a sandboxed iframe.
//!
//! Photos are written in the body as `![alt](photo:ID)` and resolved here, from the photos the
//! caller passes in: a photo alone in its paragraph becomes a figure with its caption and
//! credit line, one inside a sentence an inline picture. Where a photo's file is served from is
//! the caller's business (the app's `photo:` protocol, a file next to an exported page, a CMS
//! media URL); an image from anywhere else never loads: it is shown as its alt text.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::{mpsc, LazyLock};

use chrono::{DateTime, Utc};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{format_html, parse_document, Arena, Options};

use crate::article::ArticleContent;

/// A photo as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePhoto {
    /// Its id, as `photo:ID` in the body names it.
    pub id: uuid::Uuid,
    /// Where its picture is loaded from.
    pub src: String,
    /// Alt text.
    pub alt: String,
    /// Caption, printed under it.
    pub caption: String,
    /// "Photo: Creator/Credit".
    pub credit_line: Option<String>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The scheme prefix of a photo reference in the body.
const PHOTO_SCHEME: &str = "photo:";

/// The photo a body image points at, if it points at one of `photos`.
fn photo_of<'p>(url: &str, photos: &'p HashMap<String, &'p PagePhoto>) -> Option<&'p PagePhoto> {
    photos.get(url.strip_prefix(PHOTO_SCHEME)?.trim()).copied()
}

/// The text inside a node (an image's alt text, a link's words).
fn inner_text<'a>(node: &'a AstNode<'a>) -> String {
    node.descendants()
        .filter_map(|n| match &n.data.borrow().value {
            NodeValue::Text(t) => Some(t.to_string()),
            NodeValue::Code(code) => Some(code.literal.clone()),
            _ => None,
        })
        .collect()
}

/// A figure: the picture, its caption and its credit line.
fn figure_html(photo: &PagePhoto, alt: &str, class: &str) -> String {
    let alt = if alt.trim().is_empty() {
        &photo.alt
    } else {
        alt
    };
    let mut html = format!(
        "<figure class=\"{class}\"><img src=\"{PHOTO_SCHEME}{id}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\">",
        id = photo.id,
        alt = text(alt),
        w = photo.width,
        h = photo.height,
    );
    if !photo.caption.trim().is_empty() || photo.credit_line.is_some() {
        html.push_str("<figcaption>");
        if !photo.caption.trim().is_empty() {
            html.push_str(&format!(
                "<span class=\"caption\">{}</span>",
                text(photo.caption.trim())
            ));
        }
        if let Some(credit) = &photo.credit_line {
            html.push_str(&format!("<span class=\"credit\">{}</span>", text(credit)));
        }
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>\n");
    html
}

/// Resolves the body's images: a known photo alone in a paragraph becomes a figure, one in a
/// sentence stays an image (its `photo:` address is mapped by the sanitiser), anything else
/// becomes its alt text, so no picture loads from outside the desk.
fn resolve_images<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    photos: &HashMap<String, &PagePhoto>,
) {
    let images: Vec<_> = root
        .descendants()
        .filter(|node| matches!(node.data.borrow().value, NodeValue::Image(_)))
        .collect();
    for image in images {
        let url = match &image.data.borrow().value {
            NodeValue::Image(link) => link.url.clone(),
            _ => continue,
        };
        let alt = inner_text(image);
        let Some(photo) = photo_of(&url, photos) else {
            let shown = if url.starts_with(PHOTO_SCHEME) {
                format!("[Missing photo: {alt}]")
            } else {
                alt
            };
            image.insert_before(arena.alloc(AstNode::from(NodeValue::Text(shown.into()))));
            image.detach();
            continue;
        };
        let parent = image.parent();
        let alone = parent.is_some_and(|p| {
            matches!(p.data.borrow().value, NodeValue::Paragraph)
                && p.children().all(|child| {
                    std::ptr::eq(child, image)
                        || matches!(&child.data.borrow().value, NodeValue::Text(t) if t.trim().is_empty())
                        || matches!(child.data.borrow().value, NodeValue::SoftBreak | NodeValue::LineBreak)
                })
        });
        if let (true, Some(paragraph)) = (alone, parent) {
            let figure = arena.alloc(AstNode::from(NodeValue::Raw(figure_html(
                photo, &alt, "photo",
            ))));
            paragraph.insert_before(figure);
            paragraph.detach();
        }
    }
}

/// How the body is rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Straight quotes become the typographic ones of the article's language ("…" → “…” in
    /// English, ”…” in Swedish, „…“ in German, «…» in Norwegian and French), ... → ….
    pub typographic_quotes: bool,
    /// Each top-level block of the body starts with an empty `<span id="line-N">`, N its first
    /// line in the Markdown, so the preview can show the part the cursor is in. Off for exports.
    pub line_anchors: bool,
}

/// The id of the anchor before the body block that starts on `line` (see
/// [`RenderOptions::line_anchors`]).
pub fn line_anchor(line: usize) -> String {
    format!("line-{line}")
}

/// Puts an anchor before each top-level block, named after the line it starts on.
fn add_line_anchors<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let blocks: Vec<_> = root.children().collect();
    for block in blocks {
        let line = block.data.borrow().sourcepos.start.line;
        let anchor = format!("<span id=\"{}\"></span>", line_anchor(line));
        block.insert_before(arena.alloc(AstNode::from(NodeValue::Raw(anchor))));
    }
}

/// The double quotation marks of a language (by its primary subtag), and whether its single
/// quotes are ‘…’ like English (else single quotes are left as comrak makes them, because an
/// apostrophe and a closing single quote are the same character there).
fn quotation_marks(language: &str) -> (char, char, Option<(char, char)>) {
    let primary = language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match primary.as_str() {
        "sv" | "fi" => ('”', '”', Some(('’', '’'))),
        "de" | "cs" | "pl" => ('„', '“', None),
        "nb" | "nn" | "no" | "fr" => ('«', '»', None),
        "da" => ('»', '«', None),
        _ => ('“', '”', Some(('‘', '’'))),
    }
}

/// Rewrites comrak's English typographic quotes into those of `language`.
fn localise_quotes<'a>(root: &'a AstNode<'a>, language: &str) {
    let (open, close, single) = quotation_marks(language);
    if (open, close) == ('“', '”') {
        return;
    }
    for node in root.descendants() {
        if let NodeValue::Text(text) = &mut node.data.borrow_mut().value {
            if text.contains(['“', '”', '‘']) {
                let localised: String = text
                    .chars()
                    .map(|c| match (c, single) {
                        ('“', _) => open,
                        ('”', _) => close,
                        ('‘', Some((single_open, _))) => single_open,
                        ('’', Some((_, single_close))) => single_close,
                        (other, _) => other,
                    })
                    .collect();
                *text = localised.into();
            }
        }
    }
}

/// A story listed under "More news".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedStory {
    /// Its headline.
    pub headline: String,
    /// Its reading time in minutes.
    pub reading_minutes: u32,
}

/// Everything the article page shows besides the text itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageContext {
    /// The section label ("Sports › Soccer"), if the article is filed.
    pub section: Option<String>,
    /// Tag names, in order.
    pub tags: Vec<String>,
    /// When it was published; `None` shows "Not published yet".
    pub published: Option<DateTime<Utc>>,
    /// "More news".
    pub related: Vec<RelatedStory>,
    /// The lead photo, shown under the publication date.
    pub lead_photo: Option<PagePhoto>,
    /// Every photo the body may show (the lead photo may be among them).
    pub photos: Vec<PagePhoto>,
}

/// Deepest nesting of Markdown elements rendered as such (quotes in lists in quotes …). Real
/// stories nest three or four deep; html5ever, under ammonia, slows down more than linearly with
/// depth (1.3 s at 20,000 levels, minutes at 250,000), so anything deeper is kept as plain text.
const MAX_NESTING: usize = 32;

/// Replaces what is nested deeper than [`MAX_NESTING`] by its text, so no input can make
/// sanitising slow; nothing the journalist wrote disappears.
fn cap_nesting<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, depth: usize) {
    if depth < MAX_NESTING {
        for child in node.children() {
            cap_nesting(arena, child, depth + 1);
        }
        return;
    }
    let text: String = node
        .descendants()
        .filter_map(|n| match &n.data.borrow().value {
            NodeValue::Text(t) => Some(t.to_string()),
            NodeValue::Code(code) => Some(code.literal.clone()),
            NodeValue::SoftBreak | NodeValue::LineBreak => Some(" ".to_owned()),
            _ => None,
        })
        .collect();
    let children: Vec<_> = node.children().collect();
    for child in children {
        child.detach();
    }
    let leaf = arena.alloc(AstNode::from(NodeValue::Text(text.into())));
    if node.data.borrow().value.block() {
        let paragraph = arena.alloc(AstNode::from(NodeValue::Paragraph));
        paragraph.append(leaf);
        node.append(paragraph);
    } else {
        node.append(leaf);
    }
}

/// The schemes a link in a story may use, and that the app will offer to open.
pub const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// True when `url` may be opened from the preview (in the system browser or mail program).
pub fn is_openable_link(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, rest)| {
        LINK_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) && !rest.is_empty()
    })
}

/// The Markdown body as sanitised HTML, in English typography.
pub fn body_html(markdown: &str, options: RenderOptions) -> String {
    body_html_in(markdown, options, "en")
}

/// The Markdown body as sanitised HTML, with the quotation marks of `language`.
pub fn body_html_in(markdown: &str, options: RenderOptions, language: &str) -> String {
    body_html_with_photos(markdown, options, language, &[])
}

/// The Markdown body as sanitised HTML, with `photos` resolved (see the module doc).
pub fn body_html_with_photos(
    markdown: &str,
    options: RenderOptions,
    language: &str,
    photos: &[PagePhoto],
) -> String {
    let by_id: HashMap<String, &PagePhoto> = photos.iter().map(|p| (p.id.to_string(), p)).collect();
    let mut comrak = Options::default();
    comrak.extension.strikethrough = true;
    comrak.extension.table = true;
    comrak.extension.autolink = true;
    comrak.parse.smart = options.typographic_quotes;
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &comrak);
    if options.line_anchors {
        add_line_anchors(&arena, root);
    }
    cap_nesting(&arena, root, 0);
    if options.typographic_quotes {
        localise_quotes(root, language);
    }
    resolve_images(&arena, root, &by_id);
    let sources = photo_sources(photos);
    let Some(later) = split_off_later_half(&arena, root, markdown.len()) else {
        return sanitise(&html_of(root, &comrak), &sources);
    };
    // The halves are sanitised at once, on two threads: ammonia is most of a page's time, and
    // each half is whole top-level blocks, so each is balanced HTML on its own.
    let later = html_of(later, &comrak);
    let later_clean = sanitise_on_helper(later.clone(), sources.clone());
    let mut page = sanitise(&html_of(root, &comrak), &sources);
    match later_clean.recv() {
        Ok(clean) => page.push_str(&clean),
        // The helper is gone or could not start: the half is sanitised here.
        Err(_) => page.push_str(&sanitise(&later, &sources)),
    }
    page
}

type SanitiseJob = Box<dyn FnOnce() + Send>;

/// A thread kept for sanitising the later half of long bodies: starting a thread for every
/// render cost more, and less predictably, than waking this one. `None` if it could not start.
static SANITISING_HELPER: LazyLock<Option<mpsc::Sender<SanitiseJob>>> = LazyLock::new(|| {
    let (jobs, queue) = mpsc::channel::<SanitiseJob>();
    std::thread::Builder::new()
        .name("sanitiser".into())
        .spawn(move || {
            for job in queue {
                // A job that panics drops its answer channel; its caller does the work itself.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        })
        .ok()
        .map(|_| jobs)
});

/// Sanitises `raw` on the helper thread; the clean HTML arrives on the returned channel, which
/// closes without it if the helper cannot do the job.
fn sanitise_on_helper(raw: String, sources: HashMap<String, String>) -> mpsc::Receiver<String> {
    let (answer, clean) = mpsc::sync_channel(1);
    let job: SanitiseJob = Box::new(move || {
        let _ = answer.send(sanitise(&raw, &sources));
    });
    if let Some(jobs) = SANITISING_HELPER.as_ref() {
        // A send fails only once the helper has stopped; the dropped job closes the channel.
        let _ = jobs.send(job);
    }
    clean
}

/// Below this much Markdown a body is sanitised on one thread (a thread costs more than the
/// half it would take over).
const SPLIT_FROM_BYTES: usize = 16 * 1024;

/// Moves the top-level blocks of the body's later half (by source line) under a document of
/// their own, and returns it; `None` for a short body or one of a single block.
fn split_off_later_half<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    markdown_bytes: usize,
) -> Option<&'a AstNode<'a>> {
    if markdown_bytes < SPLIT_FROM_BYTES {
        return None;
    }
    let last_line = root.last_child()?.data.borrow().sourcepos.start.line;
    let middle = root
        .children()
        .skip(1)
        .find(|block| block.data.borrow().sourcepos.start.line * 2 >= last_line)?;
    // A block's line anchor goes with it, so that the halves join as one pass writes them.
    let first_moved = match middle.previous_sibling() {
        Some(anchor) if matches!(anchor.data.borrow().value, NodeValue::Raw(_)) => anchor,
        _ => middle,
    };
    let later = arena.alloc(AstNode::from(NodeValue::Document));
    let mut next = Some(first_moved);
    while let Some(block) = next {
        next = block.next_sibling();
        block.detach();
        later.append(block);
    }
    Some(later)
}

/// comrak's HTML of a document.
fn html_of<'a>(root: &'a AstNode<'a>, comrak: &Options) -> String {
    let mut raw = String::new();
    // Writing into a String cannot fail.
    let _ = format_html(root, comrak, &mut raw);
    raw
}

/// True for the places a photo may be served from: the app's protocol, the web, a local file,
/// an embedded picture, or a file beside the page (an export's "images/ab12.jpg").
fn is_photo_source(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    ["photo://", "http://", "https://", "file://", "data:image/"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
        || is_file_beside_page(src)
}

/// A relative path below the page's folder: no scheme, no "..", no leading slash.
fn is_file_beside_page(src: &str) -> bool {
    !src.is_empty()
        && !src.starts_with('/')
        && src
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
        && src
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
}

thread_local! {
    /// The `photo:ID` → address map of the page being sanitised on this thread (the sanitiser
    /// is built once and shared; what varies per page is only this map).
    static PHOTO_SOURCES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The sanitiser, built once: building ammonia's tag and attribute tables for every render
/// cost more than a tenth of the whole page's time.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut schemes = HashSet::from(LINK_SCHEMES);
    schemes.insert(PHOTO_SCHEME.trim_end_matches(':'));
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer nofollow"))
        // A link asks for a new window, which the app turns into "open in your browser?".
        .set_tag_attribute_value("a", "target", "_blank")
        .add_allowed_classes("figure", &["photo", "lead"])
        .add_allowed_classes("span", &["caption", "credit"])
        .add_tag_attributes("span", &["id"])
        .attribute_filter(|element, attribute, value| {
            match (element, attribute) {
                // Only the desk's own photos load, from where the caller serves them.
                ("img", "src") => PHOTO_SOURCES
                    .with(|sources| sources.borrow().get(value).cloned())
                    .map(Into::into),
                // `photo:` is for pictures; a link to one goes nowhere.
                (_, "href") if value.starts_with(PHOTO_SCHEME) => None,
                // Only the preview's line anchors carry an id.
                ("span", "id") => value
                    .strip_prefix("line-")
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                    .then(|| value.into()),
                _ => Some(value.into()),
            }
        });
    builder
});

/// ammonia over rendered HTML: ordinary text markup, links to http, https and mailto, and
/// pictures of `sources` only, their `photo:ID` addresses mapped to where they are served.
fn sanitise(raw: &str, sources: &HashMap<String, String>) -> String {
    PHOTO_SOURCES.with(|current| current.borrow_mut().clone_from(sources));
    let clean = SANITISER.clean(raw).to_string();
    PHOTO_SOURCES.with(|current| current.borrow_mut().clear());
    clean
}

/// The `photo:ID` → address map of `photos` that may load (see [`is_photo_source`]).
fn photo_sources(photos: &[PagePhoto]) -> HashMap<String, String> {
    photos
        .iter()
        .filter(|p| is_photo_source(&p.src))
        .map(|p| (format!("{PHOTO_SCHEME}{}", p.id), p.src.clone()))
        .collect()
}

/// `value` as HTML text (for element content and double-quoted attributes).
fn text(value: &str) -> String {
    html_escape::encode_double_quoted_attribute(value).into_owned()
}

/// The article page as the site shows it: section label, headline, standfirst, publication
/// date, body, tags, byline, editor's note and "More news" with reading times.
pub fn article_page(
    content: &ArticleContent,
    context: &PageContext,
    options: RenderOptions,
) -> String {
    let mut page = String::with_capacity(content.body.len() * 2 + 4096);
    page.push_str(&format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src {img_src}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n<article>\n",
        lang = text(&content.language),
        img_src = text(&image_sources(context)),
        title = text(&content.headline),
        css = PAGE_CSS,
    ));
    if let Some(section) = &context.section {
        page.push_str(&format!("<p class=\"section\">{}</p>\n", text(section)));
    }
    page.push_str(&format!("<h1>{}</h1>\n", text(&content.headline)));
    if !content.standfirst.trim().is_empty() {
        page.push_str(&format!(
            "<p class=\"standfirst\">{}</p>\n",
            text(&content.standfirst)
        ));
    }
    let published = match context.published {
        Some(at) => format!("» Published: {}", at.format("%-d %B %Y")),
        None => "Not published yet".to_owned(),
    };
    page.push_str(&format!("<p class=\"published\">{published}</p>\n"));
    if let Some(lead) = &context.lead_photo {
        page.push_str(&sanitise(
            &figure_html(lead, &lead.alt, "photo lead"),
            &photo_sources(std::slice::from_ref(lead)),
        ));
    }
    page.push_str("<div class=\"body\">\n");
    page.push_str(&body_html_with_photos(
        &content.body,
        options,
        &content.language,
        &context.photos,
    ));
    page.push_str("</div>\n");
    if !context.tags.is_empty() {
        page.push_str("<section class=\"tags\"><h2>Tags</h2><ul>");
        for tag in &context.tags {
            page.push_str(&format!("<li>{}</li>", text(tag)));
        }
        page.push_str("</ul></section>\n");
    }
    if !content.byline.trim().is_empty() {
        page.push_str(&format!(
            "<p class=\"byline\">By {}</p>\n",
            text(&content.byline)
        ));
    }
    if !content.editors_note.trim().is_empty() {
        page.push_str(&format!(
            "<p class=\"ednote\">{}</p>\n",
            text(&content.editors_note)
        ));
    }
    page.push_str("</article>\n");
    if !context.related.is_empty() {
        page.push_str("<aside class=\"more\"><h2>More news</h2><ul>");
        for story in &context.related {
            page.push_str(&format!(
                "<li><span class=\"related-headline\">{}</span><span class=\"read\">{} MIN READ</span></li>",
                text(&story.headline),
                story.reading_minutes
            ));
        }
        page.push_str("</ul></aside>\n");
    }
    page.push_str("</body>\n</html>\n");
    page
}

/// The CSP `img-src` of a page: data: and the origins its photos load from, nothing else.
fn image_sources(context: &PageContext) -> String {
    let mut sources = vec!["data:".to_owned()];
    for photo in context.lead_photo.iter().chain(&context.photos) {
        let origin = match photo.src.split_once("://") {
            Some(("file", _)) => "file:".to_owned(),
            Some((scheme, rest)) => {
                let host = rest.split('/').next().unwrap_or_default();
                format!("{scheme}://{host}")
            }
            None if is_file_beside_page(&photo.src) => "'self' file:".to_owned(),
            None => continue,
        };
        if !sources.contains(&origin) {
            sources.push(origin);
        }
    }
    sources.join(" ")
}

/// The site's article style, kept in the page so a saved preview looks the same anywhere.
const PAGE_CSS: &str = "body{margin:0;background:#fff;color:#161616;font:18px/1.6 Georgia,'Times New Roman',serif}\
article,.more{max-width:680px;margin:0 auto;padding:24px 20px}\
.section{font:700 13px/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em;color:#b3261e;margin:0 0 14px}\
h1{font-size:34px;line-height:1.15;margin:0 0 14px}\
.standfirst{font-size:20px;line-height:1.45;color:#333;margin:0 0 14px}\
.published{font:13px system-ui,sans-serif;color:#6b6b6b;margin:0 0 24px}\
.body h2{font-size:22px;margin:30px 0 8px}\
.body blockquote{margin:18px 0;padding:0 0 0 16px;border-left:3px solid #b3261e;color:#333;font-style:italic}\
.body a{color:#1f4e8c}\
figure.photo{margin:0 0 22px}figure.photo img{display:block;width:100%;height:auto;background:#eee}\
figure.photo figcaption{font:14px/1.45 system-ui,sans-serif;color:#444;margin-top:6px}\
figure.photo .caption{display:block}figure.photo .credit{display:block;color:#6b6b6b;font-size:12px;margin-top:2px}\
.body table{border-collapse:collapse}.body td,.body th{border:1px solid #ddd;padding:4px 8px}\
.tags h2,.more h2{font:700 13px system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em;margin:28px 0 8px}\
.tags ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}\
.tags li{font:13px system-ui,sans-serif;border:1px solid #ddd;border-radius:999px;padding:2px 10px}\
.byline{font:700 15px system-ui,sans-serif;margin:24px 0 4px}\
.ednote{font:italic 15px Georgia,serif;color:#555;margin:0}\
.more{border-top:1px solid #eee}.more ul{list-style:none;padding:0;margin:0}\
.more li{display:flex;flex-direction:column;padding:10px 0;border-bottom:1px solid #eee}\
.related-headline{font-weight:700}.read{font:12px system-ui,sans-serif;color:#6b6b6b;letter-spacing:.05em}";

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        let content = ArticleContent {
            headline: "Ukraine: First North Korean soldiers in combat".into(),
            standfirst: "Putin does not deny it.".into(),
            body: body.into(),
            byline: "TT".into(),
            editors_note: "This article has been altered and translated by Sweden Herald".into(),
            ..ArticleContent::default()
        };
        let context = PageContext {
            section: Some("World".into()),
            tags: vec!["Ukraine".into(), "North Korea".into()],
            published: DateTime::from_timestamp(1_729_764_000, 0),
            related: vec![RelatedStory {
                headline: "SpaceX lost spacecraft".into(),
                reading_minutes: 1,
            }],
            ..PageContext::default()
        };
        article_page(&content, &context, RenderOptions::default())
    }

    #[test]
    fn the_page_has_every_part_of_the_model_article() {
        let html = page("Text.\n\n## Significant escalation\n\n> \"A provocation\"");
        for part in [
            "<p class=\"section\">World</p>",
            "<h1>Ukraine: First North Korean soldiers in combat</h1>",
            "<p class=\"standfirst\">Putin does not deny it.</p>",
            "» Published: 24 October 2024",
            "<h2>Significant escalation</h2>",
            "<blockquote>",
            "<li>Ukraine</li><li>North Korea</li>",
            "<p class=\"byline\">By TT</p>",
            "This article has been altered and translated by Sweden Herald",
            "SpaceX lost spacecraft</span><span class=\"read\">1 MIN READ",
        ] {
            assert!(html.contains(part), "missing {part}\n{html}");
        }
    }

    #[test]
    fn scripts_raw_html_and_dangerous_links_do_not_survive() {
        let html = body_html(
            "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) [data](data:text/html,x) <a href=\"https://x\" onclick=\"alert(4)\">y</a>",
            RenderOptions::default(),
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "data:text",
            "onclick",
            "<img",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }

    #[test]
    fn headline_fields_are_text_not_markup() {
        let content = ArticleContent {
            headline: "<b>Bold</b> & \"quoted\"".into(),
            ..ArticleContent::default()
        };
        let html = article_page(&content, &PageContext::default(), RenderOptions::default());
        assert!(
            html.contains("<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</h1>"),
            "{html}"
        );
        assert!(!html.contains("<b>Bold</b>"));
        assert!(html.contains("Not published yet"));
    }

    #[test]
    fn links_keep_http_https_and_mailto_and_typographic_quotes_are_an_option() {
        let html = body_html(
            "[a](https://example.com) [b](mailto:desk@example.com) \"quoted\"",
            RenderOptions::default(),
        );
        assert!(
            html.contains("href=\"https://example.com\"")
                && html.contains("href=\"mailto:desk@example.com\""),
            "{html}"
        );
        assert!(html.contains("\"quoted\"") || html.contains("&quot;quoted&quot;"));
        let smart = body_html(
            "\"quoted\" ...",
            RenderOptions {
                typographic_quotes: true,
                ..RenderOptions::default()
            },
        );
        assert!(smart.contains("“quoted” …"), "{smart}");
    }

    #[test]
    fn deep_nesting_is_capped_and_its_text_kept() {
        let html = body_html(
            &format!("{}the innermost words", "> ".repeat(5_000)),
            RenderOptions::default(),
        );
        assert_eq!(
            html.matches("<blockquote>").count(),
            MAX_NESTING,
            "nesting stops at the cap"
        );
        assert!(
            html.contains("the innermost words"),
            "nothing written is dropped"
        );
    }

    #[test]
    fn hostile_markdown_renders_without_panicking() {
        for document in [
            "- ".repeat(40_000) + "x\n" + &"- item\n".repeat(40_000),
            format!(
                "| {} |\n| {} |\n{}",
                "h |".repeat(50),
                "--- |".repeat(50),
                format!("| {} |\n", "cell |".repeat(50)).repeat(2_500)
            ),
            "[a](https://e.com/".repeat(40_000) + &")".repeat(40_000),
            "*".repeat(100_000) + &"_".repeat(100_000),
            "\u{0}\u{202e}\u{fffd}".repeat(10_000),
        ] {
            let html = body_html(&document, RenderOptions::default());
            assert!(!html.contains("<script"));
        }
    }

    #[test]
    fn typographic_quotes_follow_the_language() {
        let smart = RenderOptions {
            typographic_quotes: true,
            ..RenderOptions::default()
        };
        let quoted = "\"Vi samarbetar\", sa han. 'Det' är klart.";
        assert!(
            body_html_in(quoted, smart, "sv").contains("”Vi samarbetar”, sa han. ’Det’ är klart.")
        );
        assert!(
            body_html_in("\"Wir\" geht's", smart, "de").contains("„Wir“ geht’s"),
            "apostrophes stay"
        );
        assert!(body_html_in("\"Vi\"", smart, "nb").contains("«Vi»"));
        assert!(body_html_in("\"We\" don't", smart, "en-GB").contains("“We” don’t"));
        assert!(
            body_html_in("\"Vi\"", RenderOptions::default(), "sv").contains("\"Vi\"")
                || body_html_in("\"Vi\"", RenderOptions::default(), "sv")
                    .contains("&quot;Vi&quot;"),
            "off means straight"
        );
    }

    #[test]
    fn only_web_and_mail_links_can_be_opened() {
        for ok in [
            "https://afp.com/x",
            "http://example.com",
            "mailto:desk@example.com",
            "HTTPS://A.SE",
        ] {
            assert!(is_openable_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "tauri://localhost",
            "https:",
            "nothing",
        ] {
            assert!(!is_openable_link(bad), "{bad}");
        }
        assert!(
            body_html("[a](https://a.se)", RenderOptions::default()).contains("target=\"_blank\"")
        );
    }

    #[test]
    fn gfm_tables_strikethrough_and_autolinks() {
        let html = body_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com",
            RenderOptions::default(),
        );
        assert!(
            html.contains("<table>")
                && html.contains("<del>gone</del>")
                && html.contains("href=\"http://www.example.com\""),
            "{html}"
        );
    }

    fn kazan() -> PagePhoto {
        PagePhoto {
            id: uuid::Uuid::from_u128(0x0193),
            src: "photo://localhost/00000000-0000-0000-0000-000000000193/display".into(),
            alt: "Putin at a lectern".into(),
            caption: "Vladimir Putin in Kazan.".into(),
            credit_line: Some("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT".into()),
            width: 1600,
            height: 1067,
        }
    }

    #[test]
    fn the_lead_photo_has_its_caption_and_credit_under_the_date() {
        let content = ArticleContent {
            headline: "Ukraine".into(),
            body: "Text.".into(),
            ..ArticleContent::default()
        };
        let context = PageContext {
            lead_photo: Some(kazan()),
            ..PageContext::default()
        };
        let html = article_page(&content, &context, RenderOptions::default());
        let figure = html
            .find("<figure class=\"photo lead\">")
            .expect("lead figure");
        assert!(html
            .find("Not published yet")
            .is_some_and(|date| date < figure));
        assert!(html
            .find("<div class=\"body\">")
            .is_some_and(|body| figure < body));
        for part in [
            "src=\"photo://localhost/00000000-0000-0000-0000-000000000193/display\"",
            "alt=\"Putin at a lectern\"",
            "<span class=\"caption\">Vladimir Putin in Kazan.</span>",
            "<span class=\"credit\">Photo: Alexander Zemlianichenko/Officiell pool via AP/TT</span>",
            "img-src data: photo://localhost\"",
        ] {
            assert!(html.contains(part), "missing {part}\n{html}");
        }
    }

    #[test]
    fn body_photos_become_figures_or_inline_pictures_and_strangers_their_alt_text() {
        let id = kazan().id;
        let body = format!(
            "Before.\n\n![Putin speaking](photo:{id})\n\nInline ![small](photo:{id}) here. \
             ![tracker](https://evil.example/pixel.gif) ![gone](photo:{}) [link](photo:{id})",
            uuid::Uuid::from_u128(9)
        );
        let html = body_html_with_photos(&body, RenderOptions::default(), "en", &[kazan()]);
        assert_eq!(
            html.matches("<figure class=\"photo\">").count(),
            1,
            "{html}"
        );
        assert!(
            html.contains("alt=\"Putin speaking\""),
            "the body's alt text wins: {html}"
        );
        assert_eq!(html.matches("<img").count(), 2, "figure and inline: {html}");
        assert!(!html.contains("evil.example"), "no remote picture: {html}");
        assert!(html.contains("tracker"), "its alt text is kept: {html}");
        assert!(html.contains("[Missing photo: gone]"), "{html}");
        assert!(!html.contains("href=\"photo:"), "{html}");
        assert!(
            !html.contains("src=\"photo:0"),
            "every src is resolved: {html}"
        );
    }

    #[test]
    fn captions_credits_and_alt_text_cannot_inject_markup() {
        let hostile = PagePhoto {
            alt: "\" onerror=\"alert(1)".into(),
            caption: "<script>alert(2)</script><img src=x onerror=alert(3)>".into(),
            credit_line: Some("Photo: </figcaption><iframe src=javascript:alert(4)>".into()),
            src: "javascript:alert(5)".into(),
            ..kazan()
        };
        let content = ArticleContent {
            body: format!("![](photo:{})", hostile.id),
            ..ArticleContent::default()
        };
        let context = PageContext {
            lead_photo: Some(hostile.clone()),
            photos: vec![hostile],
            ..PageContext::default()
        };
        let html = article_page(&content, &context, RenderOptions::default());
        for bad in [
            "<script",
            "\" onerror",
            "<iframe",
            "<img src=x",
            "src=\"javascript",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn a_long_body_sanitised_in_two_halves_is_the_page_one_pass_makes() {
        let photo = kazan();
        let mut markdown = String::new();
        for n in 0..200 {
            markdown.push_str(&format!(
                "## Part {n}\n\nText with a [link](https://example.com/{n}) and <b>tags</b>.\n\n\
                 > A quote\n> - in a list\n\n| a | b |\n|---|---|\n| {n} | x |\n\n"
            ));
            if n == 150 {
                markdown.push_str(&format!("![Kazan](photo:{})\n\n", photo.id));
            }
        }
        assert!(markdown.len() > SPLIT_FROM_BYTES);
        for line_anchors in [true, false] {
            let options = RenderOptions {
                typographic_quotes: false,
                line_anchors,
            };
            let halves =
                body_html_with_photos(&markdown, options, "en", std::slice::from_ref(&photo));

            let mut comrak = Options::default();
            comrak.extension.strikethrough = true;
            comrak.extension.table = true;
            comrak.extension.autolink = true;
            let arena = Arena::new();
            let root = parse_document(&arena, &markdown, &comrak);
            if line_anchors {
                add_line_anchors(&arena, root);
            }
            let by_id = HashMap::from([(photo.id.to_string(), &photo)]);
            resolve_images(&arena, root, &by_id);
            let one_pass = sanitise(
                &html_of(root, &comrak),
                &photo_sources(std::slice::from_ref(&photo)),
            );

            assert_eq!(halves, one_pass);
            assert_eq!(halves.matches("<h2>").count(), 200);
            // The photo is in the later half: the helper thread resolved its address too.
            assert!(
                halves.contains(&format!("src=\"{}\"", photo.src)),
                "{halves}"
            );
            assert!(halves.contains("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT"));
            assert!(!halves.contains("<b>"));
        }
    }

    #[test]
    fn line_anchors_mark_where_each_block_starts_and_only_when_asked() {
        let markdown = "First paragraph.\n\n## Heading\n\nThird\nstill third.\n\n> quote";
        let anchored = body_html(
            markdown,
            RenderOptions {
                line_anchors: true,
                ..RenderOptions::default()
            },
        );
        for line in [1, 3, 5, 8] {
            assert!(
                anchored.contains(&format!("<span id=\"line-{line}\"></span>")),
                "line {line}: {anchored}"
            );
        }
        assert_eq!(anchored.matches("<span id=").count(), 4);
        let plain = body_html(markdown, RenderOptions::default());
        assert!(!plain.contains("id="), "exports carry no anchors: {plain}");
        let forged = body_html("[x](https://a.se)", RenderOptions::default());
        assert!(!forged.contains("id="));
    }
}
