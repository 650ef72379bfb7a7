//! An item's HTML body as Markdown, within limits a hostile item cannot get past.
//!
//! htmd builds the whole document tree and walks it recursively, and html5ever's tree builder
//! checks the open elements' scope on every tag: 50,000 nested `<div>` took 76 s and then
//! overflowed the stack. So the HTML is first read by html5ever's *tokenizer* alone (linear,
//! no tree) to measure how deeply its elements can nest, counted so that it never counts less
//! than the tree builder would build (an end tag closes only what it could close there). Within
//! [`MAX_HTML_DEPTH`] the body goes through htmd as before; deeper, its text is kept paragraph
//! by paragraph from the same tokens, so the story still arrives, without its formatting.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The deepest nesting of elements converted with its formatting. Agency HTML nests a few
/// levels (article, section, p, a, em); anything near this is not a story's markup.
pub const MAX_HTML_DEPTH: usize = 128;

/// Elements that never hold others (they do not nest).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements an end tag of another name cannot close past (HTML's "special" category, for the
/// elements a story's HTML uses): `</span>` inside `<div>` inside `<span>` is ignored by the
/// tree builder, so the `<div>` stays open, and the count must keep it open too.
const SPECIAL: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "html",
    "iframe",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "object",
    "applet",
    "marquee",
    "template",
    "caption",
    "select",
    "textarea",
    "button",
    "noscript",
    "plaintext",
    "xmp",
    "noframes",
    "noembed",
    "frameset",
    "frame",
    "script",
    "style",
    "title",
];

/// Elements whose end (or start) ends a paragraph of the plain-text fallback.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "dd",
    "dt",
    "figure",
    "table",
    "ul",
    "ol",
    "hr",
];

/// Elements whose text is not the story's.
const SKIPPED: &[&str] = &[
    "script", "style", "head", "title", "h1", "figure", "iframe", "object", "noscript",
];

/// What the tokens say: how deep elements nest, and the text by paragraphs.
#[derive(Default)]
struct Reading {
    open: Vec<String>,
    deepest: usize,
    paragraphs: Vec<String>,
    current: String,
    /// Depth inside elements whose text is left out.
    skipping: usize,
}

impl Reading {
    fn end_paragraph(&mut self) {
        let text = self
            .current
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !text.is_empty() {
            self.paragraphs.push(text);
        }
        self.current.clear();
    }

    fn start(&mut self, name: &str, self_closing: bool) {
        if BLOCK.contains(&name) {
            self.end_paragraph();
        }
        if VOID.contains(&name) || self_closing {
            return;
        }
        // A new paragraph or item closes the one open at the top, as the tree builder does.
        if matches!(name, "p" | "li") && self.open.last().is_some_and(|top| top == name) {
            self.open.pop();
        } else if SKIPPED.contains(&name) {
            self.skipping += 1;
        }
        self.open.push(name.to_owned());
        self.deepest = self.deepest.max(self.open.len());
    }

    fn end(&mut self, name: &str) {
        if BLOCK.contains(&name) {
            self.end_paragraph();
        }
        for index in (0..self.open.len()).rev() {
            if self.open[index] == name {
                let closed = self.open.split_off(index);
                self.skipping -= closed
                    .iter()
                    .filter(|n| SKIPPED.contains(&n.as_str()))
                    .count()
                    .min(self.skipping);
                return;
            }
            if SPECIAL.contains(&self.open[index].as_str()) {
                return;
            }
        }
    }
}

struct Sink(RefCell<Reading>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut reading = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                // The tokenizer gives tag names in lower case.
                let name: &str = &tag.name;
                match tag.kind {
                    TagKind::StartTag => {
                        reading.start(name, tag.self_closing);
                        // The text of these is raw: `<` inside a script is not a tag.
                        return match name {
                            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                                TokenSinkResult::RawData(RawKind::Rawtext)
                            }
                            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                            _ => TokenSinkResult::Continue,
                        };
                    }
                    TagKind::EndTag => reading.end(name),
                }
            }
            Token::CharacterTokens(text) if reading.skipping == 0 => {
                reading.current.push_str(&text);
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads `html`'s tokens once: how deep it nests, and its text by paragraphs.
fn read_tokens(html: &str) -> Reading {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Reading::default())),
        TokenizerOpts::default(),
    );
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut reading = tokenizer.sink.0.take();
    reading.end_paragraph();
    reading
}

/// HTML from an item as Markdown paragraphs (headings, quotes, lists and links kept; scripts,
/// styles, the headline's h1 and figures left out: pictures come in as photos). HTML nested
/// deeper than [`MAX_HTML_DEPTH`] keeps its text only.
pub fn html_to_markdown(html: &str) -> String {
    let reading = read_tokens(html);
    if reading.deepest > MAX_HTML_DEPTH {
        return crate::text_to_markdown(&reading.paragraphs.join("\n"));
    }
    formatted_markdown(html)
}

/// htmd's conversion, for HTML known to nest within the limit.
fn formatted_markdown(html: &str) -> String {
    use htmd::element_handler::{HandlerResult, Handlers};
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec![
            "script", "style", "head", "title", "h1", "figure", "img", "iframe", "object",
        ])
        // The dateline block agencies put above the text (TT: `<div class="dat">`) is not body.
        .add_handler(
            vec!["div", "span", "p"],
            |handlers: &dyn Handlers, element: htmd::Element| -> Option<HandlerResult> {
                let dateline = element.attrs.iter().any(|a| {
                    &*a.name.local == "class"
                        && a.value
                            .split_whitespace()
                            .any(|c| c == "dat" || c == "dateline")
                });
                if dateline {
                    None
                } else {
                    handlers.fallback(element)
                }
            },
        )
        .build();
    converter
        .convert(html)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_counted_as_the_tree_builder_would_build_it() {
        assert_eq!(read_tokens("<p>a<p>b<p>c").deepest, 1);
        assert_eq!(read_tokens("<div><span><em>x</em></span></div>").deepest, 3);
        // `</span>` cannot close past a `<div>`: the divs stay open and nest.
        let sneaky = "<span><div></span>".repeat(200);
        assert!(read_tokens(&sneaky).deepest >= 200);
        // A `<` in a script is not a tag.
        assert_eq!(read_tokens("<script>if (a <b) {}</script><p>x").deepest, 1);
    }

    #[test]
    fn deep_html_keeps_its_text_and_returns_at_once() {
        let depth = 50_000;
        let html = format!(
            "{}<p>Dockworkers went back on Monday.</p><p>Talks resume.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let started = std::time::Instant::now();
        let markdown = html_to_markdown(&html);
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        assert_eq!(
            markdown,
            "Dockworkers went back on Monday.\n\nTalks resume."
        );
    }

    #[test]
    fn ordinary_html_keeps_its_formatting() {
        let markdown = html_to_markdown(
            "<div class=\"dat\">STOCKHOLM</div><p>One <em>two</em></p><h2>Three</h2>",
        );
        assert_eq!(markdown, "One *two*\n\n## Three");
    }
}
