//! Spelling with the system's Hunspell dictionaries (scripts/setup.sh installs them), on what
//! a newsroom writes: the model article, Swedish agency copy, and the names a desk allows.

use newsroom_style::{system_dictionary, Speller};

fn speller(language: &str) -> Speller {
    let (aff, dic) = system_dictionary(language)
        .unwrap_or_else(|| panic!("a {language} dictionary (scripts/setup.sh installs it)"));
    Speller::from_files(&aff, &dic).expect("the dictionary loads")
}

fn shared(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    std::fs::read_to_string(root.join(path)).expect("the shared fixtures beside the repository")
}

#[test]
fn a_misspelling_is_found_where_it_is_with_what_was_meant() {
    let english = speller("en");
    let text = "Putin avoided confirming the reprots, Ukraine's GRU says.";
    let found = english.check(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (&text[found[0].start..found[0].end], found[0].word.as_str()),
        ("reprots", "reprots")
    );
    assert!(
        english.suggest("reprots").iter().any(|s| s == "reports"),
        "{:?}",
        english.suggest("reprots")
    );
}

#[test]
fn the_model_article_is_spelt_right_once_the_desk_knows_its_names() {
    let mut english = speller("en");
    let article = shared("fixtures/seed-article-north-korean-soldiers.txt");
    let mut unknown: Vec<String> = english
        .check(&article)
        .into_iter()
        .map(|m| m.word)
        .collect();
    unknown.sort();
    unknown.dedup();
    // Only names: the people, places and groups a desk puts in its dictionary or its tags.
    // (The fixture's first line is the site's section menu as text, run together.)
    for word in &unknown {
        assert!(
            word.chars().next().is_some_and(char::is_uppercase) || word.contains('_'),
            "{word} is not a name: {unknown:?}"
        );
    }
    english.allow(unknown.iter().map(String::as_str));
    assert!(
        english.check(&article).is_empty(),
        "allowed names are not flagged"
    );
    // A name allowed as a tag ("Farah Dakhlallah") allows each of its words.
    let mut fresh = speller("en");
    fresh.allow(["Farah Dakhlallah"]);
    assert!(fresh.check("said Farah Dakhlallah").is_empty());
}

#[test]
fn swedish_copy_is_checked_in_swedish_compounds_and_all() {
    let swedish = speller("sv");
    assert!(swedish
        .check("Militärövningen i jätteformat samlar soldater från flera länder.")
        .is_empty());
    let found = swedish.check("Försvarsmakten bekräftar att övningen börjar imorgn.");
    assert_eq!(
        found.iter().map(|m| m.word.as_str()).collect::<Vec<_>>(),
        ["imorgn"]
    );
}

#[test]
fn what_the_house_style_writes_is_not_a_misspelling_once_allowed() {
    let mut english = speller("en");
    let unknown = |speller: &Speller| {
        speller
            .check("Kyiv and Kharkiv")
            .into_iter()
            .map(|m| m.word)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        unknown(&english),
        ["Kyiv"],
        "the 2020 dictionary has the Russian spelling only"
    );
    english.allow(newsroom_style::starter().written_words("en-GB"));
    assert!(unknown(&english).is_empty());
}
