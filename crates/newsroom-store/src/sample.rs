//! A desk with an approved story on it, for the tests and benchmarks of the crates that send
//! stories out (feature `sample`; not in the app). Real rows through the real store: profiles,
//! a filed and tagged story with its lead photo and a photo in the text, submitted and approved.

use chrono::Utc;
use newsroom_core::photo::PhotoField;
use newsroom_core::workflow::{Role, WorkflowAction};
use newsroom_core::ArticleContent;
use uuid::Uuid;

use crate::photos::prepare_photo;
use crate::{LeadChoice, Profile, Seen, Store, StoreResult};

/// The passphrase of the sample editor.
pub const EDITOR_PASSPHRASE: &str = "correct horse battery";
/// The passphrase of the sample desk's admin.
pub const ADMIN_PASSPHRASE: &str = "staple battery horse";

/// The sample desk's admin (its first profile, made on an empty desk), authenticated.
pub fn admin(store: &mut Store) -> StoreResult<Profile> {
    if store.desk_is_empty()? {
        store.create_profile(
            "Desk Admin",
            "",
            Role::Admin,
            Some(ADMIN_PASSPHRASE),
            Utc::now(),
        )?;
    }
    store.authenticate("Desk Admin", Some(ADMIN_PASSPHRASE))
}

/// Puts the sample desk's admin at the desk (for the sites, the outbox and the settings).
pub fn admin_at_desk(store: &mut Store) -> StoreResult<Profile> {
    let admin = admin(store)?;
    store.set_actor(Some(admin.clone()));
    Ok(admin)
}

/// The sample desk's people: a reporter and an editor (authenticated), added by its admin.
/// The store is left with nobody at the desk.
pub fn people(store: &mut Store) -> StoreResult<(Profile, Profile)> {
    let reporter = match store.authenticate("Ana Reporter", None) {
        Ok(profile) => profile,
        Err(_) => {
            let admin = admin(store)?;
            store.set_actor(Some(admin));
            let made = store.create_profile(
                "Ana Reporter",
                "Ana Reporter/TT",
                Role::Reporter,
                None,
                Utc::now(),
            );
            store.set_actor(None);
            made?
        }
    };
    if store
        .authenticate("Erik Editor", Some(EDITOR_PASSPHRASE))
        .is_err()
    {
        let admin = admin(store)?;
        store.set_actor(Some(admin));
        let made = store.create_profile(
            "Erik Editor",
            "",
            Role::Editor,
            Some(EDITOR_PASSPHRASE),
            Utc::now(),
        );
        store.set_actor(None);
        made?;
    }
    let editor = store.authenticate("Erik Editor", Some(EDITOR_PASSPHRASE))?;
    Ok((reporter, editor))
}

/// The model story of the shared fixture, shortened: headline, standfirst, a body with a
/// sub-heading, a quote and `body_photos` photos in the text, byline "TT" and the editor's note.
pub fn model_content(headline: &str, body_photos: &[Uuid]) -> ArticleContent {
    let mut body = String::from(
        "North Korean troops have been deployed in Russia's Kursk region, according to \
         Ukraine's military intelligence.\n\n## Thousands of troops\n\n> \"They are there,\" \
         the spokesman said.\n\nSeoul says about 3,000 soldiers have been sent.\n",
    );
    for id in body_photos {
        body.push_str(&format!("\n![Soldiers at a parade](photo:{id})\n"));
    }
    ArticleContent {
        headline: headline.to_owned(),
        standfirst: "The first North Korean soldiers have been in combat in Ukraine, according \
                     to Kyiv."
            .to_owned(),
        body,
        byline: "TT".to_owned(),
        editors_note: "This article has been altered and translated by the desk.".to_owned(),
        language: "en".to_owned(),
    }
}

/// Files of the photo fixtures to attach: (file name, bytes).
pub type PhotoFiles<'a> = &'a [(&'a str, Vec<u8>)];

/// An approved story on `store` with `photos` (the first is the lead; the others are shown
/// in the text), filed under World and tagged "North Korea". Every photo gets alt text, and a
/// credit where its file has none, so that it passes pre-flight. Returns the story and the
/// editor who approved it.
pub fn approved_story(
    store: &mut Store,
    headline: &str,
    photos: PhotoFiles<'_>,
) -> StoreResult<(Uuid, Profile)> {
    let (reporter, editor) = people(store)?;
    let id = approved_story_by(store, (&reporter, &editor), headline, photos)?;
    Ok((id, editor))
}

/// [`approved_story`] written by `people.0` and approved by `people.1` (from [`people`]),
/// without checking a passphrase again: for seeding many stories.
pub fn approved_story_by(
    store: &mut Store,
    people: (&Profile, &Profile),
    headline: &str,
    photos: PhotoFiles<'_>,
) -> StoreResult<Uuid> {
    approved_story_of(
        store,
        people,
        &SampleStory {
            content_of: &|in_text| model_content(headline, in_text),
            photos,
            photo_fields: &[],
            tags: &["North Korea"],
        },
    )
}

/// What a sample story holds besides the defaults of [`approved_story`].
pub struct SampleStory<'a> {
    /// Its text, given the photos shown in it.
    pub content_of: &'a dyn Fn(&[Uuid]) -> ArticleContent,
    /// Its photos (the first the lead).
    pub photos: PhotoFiles<'a>,
    /// Values typed into every photo's fields, after the defaults.
    pub photo_fields: &'a [(PhotoField, &'a str)],
    /// Its tags.
    pub tags: &'a [&'a str],
}

/// An approved story as `story` describes it, filed under World, written by `people.0` and
/// approved by `people.1`.
pub fn approved_story_of(
    store: &mut Store,
    (reporter, editor): (&Profile, &Profile),
    story: &SampleStory<'_>,
) -> StoreResult<Uuid> {
    let id = store
        .create_article(&(story.content_of)(&[]), &reporter.name, Utc::now())?
        .id;
    let mut in_text = Vec::new();
    for (index, (name, bytes)) in story.photos.iter().enumerate() {
        let prepared = prepare_photo(name, bytes.clone())?;
        let lead = if index == 0 {
            LeadChoice::Lead
        } else {
            LeadChoice::NotLead
        };
        let photo = store
            .attach_photo(id, &prepared, name, lead, &reporter.name, Utc::now())?
            .photo;
        if photo.metadata.alt_text.value.trim().is_empty() {
            store.set_photo_field(
                photo.id,
                PhotoField::AltText,
                Some("Soldiers marching in a parade"),
                Utc::now(),
            )?;
        }
        if photo.credit_line.is_none() {
            store.set_photo_field(
                photo.id,
                PhotoField::Credit,
                Some("TT Nyhetsbyrån"),
                Utc::now(),
            )?;
            store.set_photo_field(
                photo.id,
                PhotoField::Creator,
                Some("Karl Melander"),
                Utc::now(),
            )?;
        }
        for (field, value) in story.photo_fields {
            store.set_photo_field(photo.id, *field, Some(value), Utc::now())?;
        }
        if index > 0 {
            in_text.push(photo.id);
        }
    }
    let article = store.article(id)?;
    store.save_article(
        id,
        article.version,
        &(story.content_of)(&in_text),
        newsroom_core::RevisionKind::Checkpoint,
        &reporter.name,
        Utc::now(),
    )?;
    let world = store.find_section("world")?.map(|s| s.id);
    store.set_article_sections(id, world, &[], Utc::now())?;
    for tag in story.tags {
        store.add_article_tag(id, tag, Utc::now())?;
    }
    store.move_story(
        id,
        WorkflowAction::Submit,
        reporter,
        Seen::Unchecked,
        "",
        Utc::now(),
    )?;
    store.move_story(
        id,
        WorkflowAction::Approve,
        editor,
        Seen::Unchecked,
        "",
        Utc::now(),
    )?;
    Ok(id)
}
