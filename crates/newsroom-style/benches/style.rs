//! The house style at a large newsroom's size, for docs/PERFORMANCE.md:
//! `cargo bench -p newsroom-style --bench style`.
//!
//! 10,000 rules (the Guardian's set grew past 13,000 patterns): 6,000 word lists of one to
//! three words and 4,000 regular expressions of the shapes style books use (a name and its
//! wrong spellings, a word before a number, a phrase with optional words), all for English.
//! The text is a 5,000-word story made of the model article's paragraphs, with a wrong
//! spelling in some. Reported: compiling the rules (once, when the window opens or a rule
//! changes); checking the whole story (target ≤ 10 ms); checking one 100-word paragraph, what
//! is re-checked while it is typed (target ≤ 1 ms); and the same story against the 26 starter
//! rules, the control.
//!
//! Then spelling: the same story with the system's English Hunspell dictionary (target
//! ≤ 20 ms), and loading the dictionary.
//!
//! The short run (NEWSROOM_BENCH_SHORT=1) uses 2,000 rules and fails above four times the
//! targets.

use std::time::{Duration, Instant};

use newsroom_style::{starter, HouseStyle, Rule, RuleFile};

#[path = "../../../tests/support/bench_figures.rs"]
mod figures;
use figures::{count, ms, percentile, row, scale, short};

const PARAGRAPH: &str = "Ukraine's intelligence service GRU says it has evidence of North Korean presence in the Kursk region, where Ukraine has advanced. Putin avoided confirming, but did not deny, the North Korean presence when he held a final press conference in connection with the Brics group meeting in Russian Kazan. Around 3,000 soldiers have or are about to arrive, according to information from intelligence services, and NATO's spokesperson said it would mean a significant escalation.";

/// A made-up word no text holds ("zorbek417"), so most rules match nothing, as most do.
fn word(n: usize) -> String {
    const SYLLABLES: [&str; 8] = ["zor", "bek", "tal", "mir", "quo", "van", "lis", "dur"];
    format!("{}{}{n}", SYLLABLES[n % 8], SYLLABLES[(n / 8) % 8])
}

fn rules(how_many: usize) -> RuleFile {
    let rule = |n: usize, pattern: Option<String>, words: Vec<String>| Rule {
        id: format!("rule-{n}"),
        language: "en".into(),
        category: "Names".into(),
        pattern,
        words,
        case_sensitive: false,
        replacement: Some("the right word".into()),
        explanation: "The paper's spelling.".into(),
        matches: Vec::new(),
        does_not_match: Vec::new(),
    };
    let rules = (0..how_many)
        .map(|n| match n % 5 {
            0 => rule(n, Some(format!(r"\b{}(?:s|es)?\b", word(n))), Vec::new()),
            1 => rule(
                n,
                Some(format!(r"\b(?:Mr|Ms|Dr)\.? {}\b", capitalised(&word(n)))),
                Vec::new(),
            ),
            _ => rule(n, None, (0..1 + n % 3).map(|k| word(n * 3 + k)).collect()),
        })
        .chain([rule(how_many, Some(r"\bKiev\b".into()), Vec::new())])
        .collect();
    RuleFile::new(rules)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A 5,000-word story: the paragraph again and again, every tenth with "Kiev" in it.
fn story() -> String {
    let words_per_paragraph = PARAGRAPH.split_whitespace().count();
    (0..5_000 / words_per_paragraph + 1)
        .map(|n| {
            if n % 10 == 0 {
                PARAGRAPH.replace("Kursk", "Kiev")
            } else {
                PARAGRAPH.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn timed(runs: usize, mut run: impl FnMut() -> usize) -> (Vec<Duration>, usize) {
    let mut samples = Vec::with_capacity(runs);
    let mut found = 0;
    for _ in 0..runs {
        let started = Instant::now();
        found = run();
        samples.push(started.elapsed());
    }
    (samples, found)
}

fn main() {
    let how_many = scale(10_000, 2_000);
    let file = rules(how_many);
    let started = Instant::now();
    let style = HouseStyle::new(&file, "en").expect("the rules compile");
    let compiled = started.elapsed();
    let text = story();
    let words = text.split_whitespace().count();

    let (mut whole, found) = timed(scale(30, 10), || style.check(&text).len());
    let (mut paragraph, _) = timed(scale(500, 100), || style.check(PARAGRAPH).len());
    let control = HouseStyle::new(&starter(), "en").expect("the starter rules");
    let (mut starter_whole, _) = timed(scale(30, 10), || control.check(&text).len());
    assert!(found > 0, "the story's wrong spellings are found");

    let whole_p95 = percentile(&mut whole, 0.95);
    let paragraph_p95 = percentile(&mut paragraph, 0.95);
    row(
        &format!("house style: compiling {} rules", count(how_many as u64)),
        &ms(compiled, 0),
        "once, when a rule changes",
    );
    row(
        &format!(
            "house style: a {}-word story against {} rules, p95 ({found} findings)",
            count(words as u64),
            count(how_many as u64)
        ),
        &format!(
            "{} (p50 {})",
            ms(whole_p95, 2),
            ms(percentile(&mut whole, 0.5), 2)
        ),
        "≤ 10 ms",
    );
    row(
        &format!(
            "house style: re-checking the 100-word paragraph being typed, {} rules, p95",
            count(how_many as u64)
        ),
        &format!(
            "{} (p50 {})",
            ms(paragraph_p95, 3),
            ms(percentile(&mut paragraph, 0.5), 3)
        ),
        "≤ 1 ms",
    );
    row(
        "house style: the same story against the 26 starter rules (control), p95",
        &ms(percentile(&mut starter_whole, 0.95), 2),
        "",
    );
    // Spelling the same story with the system's English dictionary (hunspell-en-us).
    let (aff, dic) = newsroom_style::system_dictionary("en")
        .expect("an English dictionary (scripts/setup.sh installs it)");
    let started = Instant::now();
    let speller = newsroom_style::Speller::from_files(&aff, &dic).expect("the dictionary loads");
    let loaded = started.elapsed();
    let (mut spelled, unknown) = timed(scale(30, 10), || speller.check(&text).len());
    let spelled_p95 = percentile(&mut spelled, 0.95);
    row(
        "spelling: loading the English dictionary (en_US)",
        &ms(loaded, 0),
        "once, when the app starts",
    );
    row(
        &format!(
            "spelling: a {}-word story, p95 ({unknown} unknown words)",
            count(words as u64)
        ),
        &format!(
            "{} (p50 {})",
            ms(spelled_p95, 2),
            ms(percentile(&mut spelled, 0.5), 2)
        ),
        "≤ 20 ms",
    );
    if short() {
        assert!(
            spelled_p95 <= Duration::from_millis(80),
            "spelling the story took {spelled_p95:?}: over four times the target"
        );
        assert!(
            whole_p95 <= Duration::from_millis(40),
            "the whole story took {whole_p95:?}: over four times the target"
        );
        assert!(
            paragraph_p95 <= Duration::from_millis(4),
            "a paragraph took {paragraph_p95:?}: over four times the target"
        );
    }
}
