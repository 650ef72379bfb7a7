//! An agency item's HTML body to Markdown on arbitrary text, deep nesting included (the fuzzer
//! is given inputs up to 200 kB): text or nothing, never a panic or a stack overflow, and never
//! more text out than came in (plus Markdown's own marks).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let markdown = newsroom_wire::html_to_markdown(&html);
    assert!(markdown.len() <= html.len() * 4 + 64, "the Markdown grew out of proportion");
});
