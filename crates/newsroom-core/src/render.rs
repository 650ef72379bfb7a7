//! The one renderer: Markdown to safe HTML, and the article page as the site shows it.
//!
//! Preview, `newsroom preview` and every export call these functions, so what an editor approves
//! is byte for byte what goes out. The body is CommonMark with the GFM extensions a newsroom
//! uses (tables, strikethrough, autolinks), parsed by comrak with raw HTML off, and the result is
//! passed through ammonia anyway (defence in depth): only ordinary text markup survives, and
//! links may only point to http, https and mailto. The page carries its own Content Security
//! Policy (no scripts, no remote loads) and is shown in a sandboxed iframe.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{format_html, parse_document, Arena, Options};

use crate::article::ArticleContent;

/// How the body is rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Straight quotes become the typographic ones of the article's language ("…" → “…” in
    /// English, ”…” in Swedish, „…“ in German, «…» in Norwegian and French), ... → ….
    pub typographic_quotes: bool,
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
    let mut comrak = Options::default();
    comrak.extension.strikethrough = true;
    comrak.extension.table = true;
    comrak.extension.autolink = true;
    comrak.parse.smart = options.typographic_quotes;
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &comrak);
    cap_nesting(&arena, root, 0);
    if options.typographic_quotes {
        localise_quotes(root, language);
    }
    let mut raw = String::with_capacity(markdown.len() * 2);
    // Writing into a String cannot fail.
    let _ = format_html(root, &comrak, &mut raw);
    ammonia::Builder::default()
        .url_schemes(HashSet::from(LINK_SCHEMES))
        .link_rel(Some("noopener noreferrer nofollow"))
        // A link asks for a new window, which the app turns into "open in your browser?".
        .set_tag_attribute_value("a", "target", "_blank")
        .rm_tags(&["img"])
        .clean(&raw)
        .to_string()
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
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n<article>\n",
        lang = text(&content.language),
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
    page.push_str("<div class=\"body\">\n");
    page.push_str(&body_html_in(&content.body, options, &content.language));
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
}
