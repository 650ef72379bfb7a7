//! The house style as the desk keeps it, on the real database: editors change rules with a
//! reason on record, a broken rule is never taken, a trial says what a rule would flag across
//! the desk, a style book moves between desks as one file (all or nothing), and a place
//! marked as correct stays so with its story.

mod support;

use chrono::Utc;
use newsroom_core::workflow::Role;
use newsroom_core::ArticleContent;
use newsroom_store::{Store, StoreError};
use newsroom_style::{LanguageChecks, MarkedCorrect, Marks, Rule, RuleFile};

fn desk() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = support::as_admin(Store::open(dir.path()).expect("open"));
    (dir, store)
}

fn message(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    result.err().map(|e| e.to_string()).unwrap_or_default()
}

fn rule(id: &str, words: &[&str], replacement: &str) -> Rule {
    Rule {
        id: id.into(),
        language: "en".into(),
        category: "Names".into(),
        pattern: None,
        words: words.iter().map(|w| (*w).to_owned()).collect(),
        case_sensitive: true,
        replacement: Some(replacement.into()),
        explanation: format!("The paper writes {replacement}."),
        matches: vec![format!("They met in {}.", words[0])],
        does_not_match: vec![format!("They met in {replacement}.")],
    }
}

fn story(store: &mut Store, headline: &str, body: &str, language: &str) -> uuid::Uuid {
    let content = ArticleContent {
        headline: headline.into(),
        body: body.into(),
        language: language.into(),
        ..ArticleContent::default()
    };
    store
        .create_article(&content, "Desk Admin", Utc::now())
        .expect("create")
        .id
}

#[test]
fn the_desk_starts_with_the_starter_rules_and_records_each_change_with_who_and_why() {
    let (_dir, mut store) = desk();
    let starter = newsroom_style::starter();
    assert_eq!(store.house_style().expect("rules"), starter);
    assert_eq!(store.house_style_version().expect("version"), 0);

    store
        .save_style_rule(
            &rule("bombay", &["Bombay"], "Mumbai"),
            None,
            "Reader complaint",
            Utc::now(),
        )
        .expect("an editor's rule");
    let mut changed = rule("bombay", &["Bombay", "BOMBAY"], "Mumbai");
    changed.explanation = "Mumbai since 1995.".into();
    store
        .save_style_rule(&changed, Some("bombay"), "Capitals too", Utc::now())
        .expect("changed");
    store
        .remove_style_rule("okay", "We allow okay now", Utc::now())
        .expect("removed");

    let rules = store.house_style().expect("rules");
    assert_eq!(rules.rules.len(), starter.rules.len());
    assert_eq!(rules.rules.last(), Some(&changed));
    assert!(!rules.rules.iter().any(|r| r.id == "okay"));
    assert_eq!(store.house_style_version().expect("version"), 3);

    let record = store.house_style_changes(10).expect("record");
    let summary: Vec<(&str, Option<&str>, &str, &str)> = record
        .iter()
        .map(|c| {
            (
                c.change.as_str(),
                c.rule_id.as_deref(),
                c.why.as_str(),
                c.changed_by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("removed", Some("okay"), "We allow okay now", "Desk Admin"),
            ("changed", Some("bombay"), "Capitals too", "Desk Admin"),
            ("added", Some("bombay"), "Reader complaint", "Desk Admin"),
        ]
    );
    assert_eq!(record[1].after.as_ref(), Some(&changed));
    assert_eq!(
        record[1].before.as_ref().map(|r| r.words.len()),
        Some(1),
        "the rule before the change is kept"
    );
}

#[test]
fn a_broken_rule_a_taken_id_a_missing_reason_or_a_reporter_changes_nothing() {
    let (_dir, mut store) = desk();
    let mut broken = rule("bombay", &["Bombay"], "Mumbai");
    broken.matches = vec!["They met in Mumbai.".into()];
    let refused = message(store.save_style_rule(&broken, None, "why", Utc::now()));
    assert!(
        refused.contains("does not flag its example \"They met in Mumbai.\""),
        "{refused}"
    );
    let mut bad_pattern = rule("bombay", &["x"], "Mumbai");
    bad_pattern.words.clear();
    bad_pattern.pattern = Some("(Bombay".into());
    let refused = message(store.save_style_rule(&bad_pattern, None, "why", Utc::now()));
    assert!(refused.contains("its pattern cannot be used"), "{refused}");
    let refused =
        message(store.save_style_rule(&rule("kyiv", &["Kiev"], "Kyiv"), None, "again", Utc::now()));
    assert!(
        refused.contains("Another rule is called \"kyiv\""),
        "{refused}"
    );
    let refused = message(store.save_style_rule(
        &rule("bombay", &["Bombay"], "Mumbai"),
        None,
        "  ",
        Utc::now(),
    ));
    assert!(refused.contains("Say why"), "{refused}");

    store
        .create_profile("Ana Reporter", "", Role::Reporter, None, Utc::now())
        .expect("reporter");
    let ana = store.authenticate("Ana Reporter", None).expect("ana");
    store.set_actor(Some(ana));
    let refused = message(store.save_style_rule(
        &rule("bombay", &["Bombay"], "Mumbai"),
        None,
        "mine",
        Utc::now(),
    ));
    assert_eq!(refused, "Only an editor can change the house style.");
    let refused = message(store.remove_style_rule("kyiv", "mine", Utc::now()));
    assert_eq!(refused, "Only an editor can change the house style.");
    assert_eq!(store.house_style_version().expect("version"), 0);
    assert_eq!(
        store.house_style().expect("rules"),
        newsroom_style::starter()
    );
}

#[test]
fn a_trial_says_how_many_stories_a_rule_would_flag_with_examples_in_their_language() {
    let (_dir, mut store) = desk();
    for n in 0..3 {
        story(
            &mut store,
            &format!("Floods {n}"),
            "Rain fell on Bombay. Bombay's trains stopped.",
            "en-GB",
        );
    }
    story(&mut store, "Clean", "Rain fell on Mumbai.", "en");
    story(&mut store, "Svensk", "Regn i Bombay.", "sv");
    let trashed = story(&mut store, "Old", "Bombay", "en");
    store.trash_article(trashed, Utc::now()).expect("trash");

    let trials = store
        .try_house_style(&RuleFile::new(vec![rule("bombay", &["Bombay"], "Mumbai")]))
        .expect("tried");
    assert_eq!(trials.len(), 1);
    assert_eq!((trials[0].stories, trials[0].places), (3, 6));
    let example = &trials[0].examples[0];
    assert_eq!(example.place.matched, "Bombay");
    assert_eq!(
        example.place.context,
        "Rain fell on …. Bombay's trains stopped."
    );
    assert_eq!(example.suggestion.as_deref(), Some("Mumbai"));
    assert!(example.headline.starts_with("Floods"));
}

#[test]
fn a_house_style_file_moves_between_desks_all_or_nothing() {
    let (_dir, mut from) = desk();
    from.save_style_rule(
        &rule("bombay", &["Bombay"], "Mumbai"),
        None,
        "ours",
        Utc::now(),
    )
    .expect("rule");
    from.add_newsroom_word("Dakhlallah", "Desk Admin", Utc::now())
        .expect("word");
    let file = from.export_house_style().expect("export").to_json();

    let (_dir2, mut to) = desk();
    to.add_newsroom_word("Brics", "Desk Admin", Utc::now())
        .expect("word");
    // A file with one broken rule changes nothing, and says which.
    let mut broken: serde_json::Value = serde_json::from_str(&file).expect("json");
    broken["rules"][0]["matches"] = serde_json::json!(["Nothing to flag here."]);
    let refused =
        message(to.import_house_style(broken.to_string().as_bytes(), "from Malmö", Utc::now()));
    assert!(
        refused.contains("Rule \"kyiv\" does not flag its example"),
        "{refused}"
    );
    assert_eq!(to.house_style_version().expect("version"), 0);
    assert_eq!(to.newsroom_words().expect("words"), ["Brics"]);
    let refused = message(to.import_house_style(b"{\"rules\": 3}", "x", Utc::now()));
    assert!(refused.contains("not a house style file"), "{refused}");

    let imported = to
        .import_house_style(file.as_bytes(), "The Malmö desk's style", Utc::now())
        .expect("imported");
    assert_eq!(imported.words_added, 1);
    assert_eq!(
        imported.rules as usize,
        to.house_style().expect("r").rules.len()
    );
    assert_eq!(
        to.house_style().expect("rules"),
        from.house_style().expect("rules")
    );
    assert_eq!(to.newsroom_words().expect("words"), ["Brics", "Dakhlallah"]);
    let record = to.house_style_changes(1).expect("record");
    assert_eq!(
        (record[0].change.as_str(), record[0].why.as_str()),
        ("imported", "The Malmö desk's style")
    );
}

#[test]
fn a_place_marked_as_correct_is_not_flagged_again_while_its_words_stay() {
    let (_dir, mut store) = desk();
    let body = "He said Kiev in 1991. Troops left Kiev today.";
    let id = story(&mut store, "Quotes", body, "en");
    let first = body.find("Kiev").expect("there");
    store
        .mark_correct(
            id,
            &MarkedCorrect::of("kyiv", body, first, first + 4),
            Utc::now(),
        )
        .expect("marked");
    let checks = LanguageChecks::with_speller(None, "en", &store.house_style().expect("r"));
    let marks = Marks::new(store.marked_correct(id).expect("marks"));
    let flagged: Vec<usize> = checks
        .flags(body, &[], &marks)
        .iter()
        .map(|flag| flag.start())
        .collect();
    assert_eq!(
        flagged,
        [body.rfind("Kiev").expect("second")],
        "only the second"
    );

    // Reopened (another connection): the mark is the story's.
    let reopened = Store::open(_dir.path()).expect("reopen");
    assert_eq!(reopened.marked_correct(id).expect("marks").len(), 1);
}
