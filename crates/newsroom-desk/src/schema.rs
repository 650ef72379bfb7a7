//! The desk's schema in PostgreSQL, applied forward only: each file in `schema/` once, in a
//! transaction, its checksum recorded so a file edited after it landed is noticed (a test pins
//! every landed file's checksum, as the laptop's SQLite migrations are pinned).
//!
//! Role names belong to the whole server, not one database, so every role of a desk carries
//! the desk's name: `<desk>_owner` (no login; owns the tables and the functions),
//! `<desk>_people` (no login; what every person's login is a member of), and one login per
//! person, `<desk>_<name>`. The desk's name comes from its database's name.

use sha2::{Digest, Sha256};

use crate::SharedDeskError;

/// A schema file of the desk.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its version: the files apply in this order.
    pub version: i32,
    /// Its file name under `schema/`.
    pub name: &'static str,
    /// Its text, with `__DESK__` standing for the desk's name.
    pub sql: &'static str,
}

/// Every schema file, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_desk.sql",
        sql: include_str!("../schema/0001_desk.sql"),
    },
    Migration {
        version: 2,
        name: "0002_presence.sql",
        sql: include_str!("../schema/0002_presence.sql"),
    },
    Migration {
        version: 3,
        name: "0003_posts.sql",
        sql: include_str!("../schema/0003_posts.sql"),
    },
    Migration {
        version: 4,
        name: "0004_photos.sql",
        sql: include_str!("../schema/0004_photos.sql"),
    },
    Migration {
        version: 5,
        name: "0005_sections.sql",
        sql: include_str!("../schema/0005_sections.sql"),
    },
    Migration {
        version: 6,
        name: "0006_cursors.sql",
        sql: include_str!("../schema/0006_cursors.sql"),
    },
    Migration {
        version: 7,
        name: "0007_sites.sql",
        sql: include_str!("../schema/0007_sites.sql"),
    },
    Migration {
        version: 8,
        name: "0008_tags.sql",
        sql: include_str!("../schema/0008_tags.sql"),
    },
    Migration {
        version: 9,
        name: "0009_author_removals.sql",
        sql: include_str!("../schema/0009_author_removals.sql"),
    },
    Migration {
        version: 10,
        name: "0010_revisions.sql",
        sql: include_str!("../schema/0010_revisions.sql"),
    },
    Migration {
        version: 11,
        name: "0011_outbox.sql",
        sql: include_str!("../schema/0011_outbox.sql"),
    },
    Migration {
        version: 12,
        name: "0012_house_style.sql",
        sql: include_str!("../schema/0012_house_style.sql"),
    },
    Migration {
        version: 13,
        name: "0013_kept_as_written.sql",
        sql: include_str!("../schema/0013_kept_as_written.sql"),
    },
    Migration {
        version: 14,
        name: "0014_round_indexes.sql",
        sql: include_str!("../schema/0014_round_indexes.sql"),
    },
    Migration {
        version: 15,
        name: "0015_checks_planned_once.sql",
        sql: include_str!("../schema/0015_checks_planned_once.sql"),
    },
];

/// The newest schema this app knows.
pub fn newest_version() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

impl Migration {
    /// The SHA-256 of the file as it landed (before the desk's name is put in).
    pub fn checksum(&self) -> String {
        Sha256::digest(self.sql.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The file for the desk `desk`.
    pub fn sql_for(&self, desk: &str) -> String {
        self.sql.replace("__DESK__", desk)
    }
}

/// Longest desk name: a role name is at most 63 bytes, and a person's login adds to it.
const MAX_DESK_NAME: usize = 20;
/// Longest part of a login made from a person's name.
const MAX_LOGIN_NAME: usize = 40;

/// The desk's name, from its database's name: lowercase ASCII letters, digits and underscores,
/// starting with a letter.
pub fn desk_name(database: &str) -> Result<String, SharedDeskError> {
    let name = identifier_part(database, MAX_DESK_NAME);
    match name.chars().next() {
        Some(first) if first.is_ascii_lowercase() => Ok(name),
        _ => Err(SharedDeskError::BadAddress(format!(
            "the desk's database name {database:?} must start with a letter"
        ))),
    }
}

/// The PostgreSQL login of the person called `person_name` on desk `desk`: "Anna Lindqvist"
/// on desk "newsroom" logs in as `newsroom_anna_lindqvist`. The laptop works it out from the
/// name when it joins, the admin's laptop when it adds the person; the desk checks its form.
pub fn login_for(desk: &str, person_name: &str) -> Result<String, SharedDeskError> {
    let part = identifier_part(person_name, MAX_LOGIN_NAME);
    if part.is_empty() {
        return Err(SharedDeskError::Refused(format!(
            "{person_name:?} has no letters or digits to make a login from"
        )));
    }
    Ok(format!("{desk}_{part}"))
}

fn identifier_part(text: &str, max: usize) -> String {
    let slug = slug::slugify(text).replace('-', "_");
    let mut part: String = slug.chars().take(max).collect();
    while part.ends_with('_') {
        part.pop();
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Landed schema files are never edited: a change to the desk's schema is a new file.
    /// (The checksums the desks recorded would no longer match, and `desk init` would refuse.)
    #[test]
    fn landed_schema_files_are_pinned() {
        let pinned = [
            (
                1,
                "0001_desk.sql",
                "3729b23b18d76faf2b748a955309a8813cde5d2b4c6baf904cc1538186836b03",
            ),
            (
                2,
                "0002_presence.sql",
                "4576490770c857db63852edbe93aa6537d8b72efe804d14911633ded158433a2",
            ),
            (
                3,
                "0003_posts.sql",
                "d39f05f77bcc5f28e0d6ea0468213bdc3ad46cce6a21f86c1927b60fa3b35673",
            ),
            (
                4,
                "0004_photos.sql",
                "cce98ffeeb3e6ce9044332d8041411ed852a35b6190ca948e34465381d660d8f",
            ),
            (
                5,
                "0005_sections.sql",
                "9d0eb3d97904ce790cc1ef6b55bc884b45ecb837267346d6365751fafdf2b62e",
            ),
            (
                6,
                "0006_cursors.sql",
                "76f1e488be1bcbe9febf38a91bfc9607b6e284379465b4a93ac29583d39dc0ec",
            ),
            (
                7,
                "0007_sites.sql",
                "1fcb2bf25348d4a360a91ca9c29337b6338a2bda6d0a30e6710f89a8d3ad2387",
            ),
            (
                8,
                "0008_tags.sql",
                "2b8ce1a2f869cc94075d240ebb0886a745579897bbe3a6a807a2de203fae9a0d",
            ),
            (
                9,
                "0009_author_removals.sql",
                "9a465f3bb69b6e72730cd8328e99c1c132f6f3969f047631f2c3c16cc9d29b8a",
            ),
            (
                10,
                "0010_revisions.sql",
                "a5cf2574db2f9b5cd2bc34ed2ce9b18d2562107f52a30eb92e74e3d8ff1865e2",
            ),
            (
                11,
                "0011_outbox.sql",
                "c6cb6f4d255aa84bfd06a7ebc05d2970476f6f21ddd205ec74895a279c3f3def",
            ),
            (
                12,
                "0012_house_style.sql",
                "d6eff3c7e30938a9ad504a8ba2ae379dcda2ad9ab345a11ea7d226c018b90f25",
            ),
            (
                13,
                "0013_kept_as_written.sql",
                "e824a9a01e66e034bff633c1a1420a28c56993e9c7fb1a14f5c7f51b9bbcb7d4",
            ),
            (
                14,
                "0014_round_indexes.sql",
                "0fb10d7a6bd897a565fd7e9d3c0581aeb43768277260dbe44632c17aa3c890f0",
            ),
            (
                15,
                "0015_checks_planned_once.sql",
                "63a05be6cb944be599207da3e3f8b153caa270170dae5625005d021fdf268e86",
            ),
        ];
        assert_eq!(
            MIGRATIONS.len(),
            pinned.len(),
            "pin the new file's checksum here"
        );
        for (migration, (version, name, checksum)) in MIGRATIONS.iter().zip(pinned) {
            assert_eq!((migration.version, migration.name), (version, name));
            assert_eq!(
                migration.checksum(),
                checksum,
                "{name} was edited after it landed"
            );
        }
    }

    #[test]
    fn names_become_logins() {
        assert_eq!(desk_name("Newsroom-Desk").expect("name"), "newsroom_desk");
        assert!(desk_name("1desk").is_err());
        assert_eq!(
            login_for("newsroom", "Anna Lindqvist").expect("login"),
            "newsroom_anna_lindqvist"
        );
        assert_eq!(login_for("nr", "Åsa Öberg").expect("login"), "nr_asa_oberg");
        assert!(login_for("nr", "—").is_err());
    }
}
