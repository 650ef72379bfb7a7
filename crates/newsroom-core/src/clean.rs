//! Text from outside the desk (an agency's item, a photo's IPTC, XMP or EXIF fields) made safe
//! to keep, show and export, the same way whatever it came in.
//!
//! Outside text can carry characters nobody sees but every output trips on: C0 and C1 control
//! characters (which XML 1.0 forbids, so one of them in a caption makes a NewsML-G2 file
//! malformed), bidirectional overrides and isolates (which make a credit read backwards on the
//! page: "Trojan Source" spoofing), and Unicode non-characters. It can also be of any length: a
//! photo's XMP caption of 40 MB is as valid XML as one of 40 words. [`clean_outside_text`] drops
//! the first, caps the second, and keeps everything a journalist would call text, including the
//! right-to-left and left-to-right marks (U+200E, U+200F) that Arabic and Hebrew names need.

/// True for a character that reorders the text around it without being seen: the
/// bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True for a character XML 1.0 allows in a document (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// True for a Unicode non-character (U+FDD0–U+FDEF and the last two code points of each plane).
fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// `raw` as the desk keeps it: line breaks made `\n` (kept only when `multiline`, otherwise a
/// space), tabs a space, control, bidirectional-override and non-characters dropped, runs of
/// spaces in a line made one, trimmed, and at most `max_chars` characters (cut at a word where
/// one is near, so a cap never leaves half a word).
pub fn clean_outside_text(raw: &str, max_chars: usize, multiline: bool) -> String {
    let mut cleaned = String::with_capacity(raw.len().min(max_chars.saturating_mul(4)));
    let mut chars = 0usize;
    let mut pending_space = false;
    let mut pending_break = false;
    let mut source = raw.chars().peekable();
    while let Some(c) = source.next() {
        let c = match c {
            '\r' => {
                if source.peek() == Some(&'\n') {
                    source.next();
                }
                '\n'
            }
            '\t' => ' ',
            other => other,
        };
        if c == '\n' {
            if multiline {
                pending_break = true;
                pending_space = false;
            } else {
                pending_space = true;
            }
            continue;
        }
        if c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}' {
            pending_space = true;
            continue;
        }
        if c.is_control() || is_bidi_control(c) || is_noncharacter(c) {
            continue;
        }
        if !cleaned.is_empty() {
            let gap = if pending_break {
                Some('\n')
            } else if pending_space {
                Some(' ')
            } else {
                None
            };
            if let Some(gap) = gap {
                if chars + 2 > max_chars {
                    break;
                }
                cleaned.push(gap);
                chars += 1;
            }
        }
        pending_space = false;
        pending_break = false;
        if chars + 1 > max_chars {
            cut_at_word(&mut cleaned);
            break;
        }
        cleaned.push(c);
        chars += 1;
    }
    cleaned
}

/// Drops a word the cap cut in two, where the text has an earlier space to cut at.
fn cut_at_word(text: &mut String) {
    let keep_from = text.len().saturating_sub(80);
    if let Some(space) = text[..].rfind([' ', '\n']).filter(|&at| at >= keep_from) {
        text.truncate(space);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_go_marks_stay() {
        let raw =
            "Photo:\u{1} Kim\u{202E}gnoJ\u{202C} \u{200F}\u{5E9}\u{5DC}\u{5D5}\u{5DD}\u{FFFF}";
        assert_eq!(
            clean_outside_text(raw, 500, false),
            "Photo: KimgnoJ \u{200F}\u{5E9}\u{5DC}\u{5D5}\u{5DD}"
        );
    }

    #[test]
    fn lines_are_kept_only_where_they_belong() {
        let raw = "  One\r\ntwo\rthree\n\n\tfour  ";
        assert_eq!(clean_outside_text(raw, 500, true), "One\ntwo\nthree\nfour");
        assert_eq!(clean_outside_text(raw, 500, false), "One two three four");
    }

    #[test]
    fn a_cap_cuts_between_words() {
        let long = "word ".repeat(10_000);
        let capped = clean_outside_text(&long, 2_000, false);
        assert!(capped.chars().count() <= 2_000);
        assert!(capped.ends_with("word"), "{}", &capped[capped.len() - 10..]);
        // One endless word is cut where the cap falls.
        let endless = "x".repeat(5_000);
        assert_eq!(clean_outside_text(&endless, 100, false).len(), 100);
    }

    #[test]
    fn xml_chars_follow_the_standard() {
        assert!(is_xml_char('\t') && is_xml_char('å') && is_xml_char('\u{1F600}'));
        assert!(!is_xml_char('\u{1}') && !is_xml_char('\u{FFFE}') && !is_xml_char('\u{B}'));
    }
}
