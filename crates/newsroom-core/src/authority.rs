//! Who may do what on the desk, besides moving a story through the workflow
//! ([`crate::workflow::transition`]) and editing its text ([`crate::workflow::edit_rule`]).
//!
//! One rule for every way in: the store asks [`may`] before each of these actions, whoever
//! calls it (the window, the command line, a crafted IPC call, later the shared desk), and the
//! window asks the same function which buttons to offer. Nobody re-codes it. The rule is what a
//! newsroom expects: reporters write, file and set embargoes on their drafts; editors decide
//! what goes out and when (approve, lift an embargo, push, settle the outbox, keep the
//! vocabularies and the desk's rules); admins keep the desk's people and the sites it
//! publishes to (with their passwords), and are the only ones who destroy anything for good.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workflow::{
    edit_rule, transition, EditAfterApproval, EditRule, Role, WorkflowAction, WorkflowState,
};

/// An action on the desk that the authority rule decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeskAct {
    /// Add a reporter's profile.
    AddReporter,
    /// Add an editor's profile.
    AddEditor,
    /// Add an admin's profile.
    AddAdmin,
    /// Set an embargo or move it later on a story not yet approved (it only holds a story back).
    HoldBack,
    /// Lift an embargo, bring it earlier, or change it on an approved or published story.
    Release,
    /// Add, change or remove a site or folder the desk publishes to.
    ManageTargets,
    /// Send an approved story to a site or folder.
    Push,
    /// Retry, cancel or settle (overwrite the site's version) an outbox entry.
    SettleOutbox,
    /// Move a draft to the Trash.
    TrashDraft,
    /// Move a story past the draft stage to the Trash.
    TrashStory,
    /// Take a story out of the Trash.
    Restore,
    /// Delete everything in the Trash for good, published stories and their trail included.
    EmptyTrash,
    /// Change the sections, rename or merge tags, or import a vocabulary file.
    EditVocabulary,
    /// Change how the desk works: pre-flight limits, editing after approval, the maximum of tags.
    DeskRules,
    /// Change what the desk is: its name, the folder it watches for agency copy.
    DeskSetup,
    /// Add, change or remove a rule of the house style, or import a house style file.
    EditHouseStyle,
}

impl DeskAct {
    /// Adding a profile with `role`.
    pub fn add_profile(role: Role) -> Self {
        match role {
            Role::Reporter => DeskAct::AddReporter,
            Role::Editor => DeskAct::AddEditor,
            Role::Admin => DeskAct::AddAdmin,
        }
    }

    /// Every act.
    pub const ALL: [DeskAct; 16] = [
        DeskAct::AddReporter,
        DeskAct::AddEditor,
        DeskAct::AddAdmin,
        DeskAct::HoldBack,
        DeskAct::Release,
        DeskAct::ManageTargets,
        DeskAct::Push,
        DeskAct::SettleOutbox,
        DeskAct::TrashDraft,
        DeskAct::TrashStory,
        DeskAct::Restore,
        DeskAct::EmptyTrash,
        DeskAct::EditVocabulary,
        DeskAct::DeskRules,
        DeskAct::DeskSetup,
        DeskAct::EditHouseStyle,
    ];

    /// The act in words, for "Only an editor can …".
    pub fn label(self) -> &'static str {
        match self {
            DeskAct::AddReporter => "add a reporter",
            DeskAct::AddEditor => "add an editor",
            DeskAct::AddAdmin => "add an admin",
            DeskAct::HoldBack => "set an embargo",
            DeskAct::Release => "lift or bring forward an embargo",
            DeskAct::ManageTargets => "change the sites the desk publishes to",
            DeskAct::Push => "send a story to a site",
            DeskAct::SettleOutbox => "retry, cancel or settle an export",
            DeskAct::TrashDraft => "move a draft to the Trash",
            DeskAct::TrashStory => "move a story past the draft stage to the Trash",
            DeskAct::Restore => "take a story out of the Trash",
            DeskAct::EmptyTrash => "empty the Trash",
            DeskAct::EditVocabulary => "change the sections and tags",
            DeskAct::DeskRules => "change the desk's rules",
            DeskAct::DeskSetup => "change the desk's setup",
            DeskAct::EditHouseStyle => "change the house style",
        }
    }

    /// The least role that may take the act (on a desk that has people).
    pub fn least_role(self) -> Role {
        match self {
            DeskAct::HoldBack | DeskAct::TrashDraft | DeskAct::Restore => Role::Reporter,
            DeskAct::AddReporter
            | DeskAct::Release
            | DeskAct::Push
            | DeskAct::SettleOutbox
            | DeskAct::TrashStory
            | DeskAct::EditVocabulary
            | DeskAct::DeskRules
            | DeskAct::DeskSetup
            | DeskAct::EditHouseStyle => Role::Editor,
            DeskAct::AddEditor
            | DeskAct::AddAdmin
            | DeskAct::ManageTargets
            | DeskAct::EmptyTrash => Role::Admin,
        }
    }
}

/// Which act changing an embargo is: holding a story back is anyone's; releasing it sooner,
/// or touching the embargo of a story already approved, is an editor's.
pub fn embargo_act(
    state: WorkflowState,
    current: Option<chrono::DateTime<chrono::Utc>>,
    wanted: Option<chrono::DateTime<chrono::Utc>>,
) -> DeskAct {
    let settled = matches!(
        state,
        WorkflowState::Approved | WorkflowState::Published | WorkflowState::Killed
    );
    let later_or_same = match (current, wanted) {
        (_, None) => current.is_none(),
        (None, Some(_)) => true,
        (Some(now_until), Some(wanted_until)) => wanted_until >= now_until,
    };
    if !settled && later_or_same {
        DeskAct::HoldBack
    } else {
        DeskAct::Release
    }
}

/// Which act trashing a story in `state` is.
pub fn trash_act(state: WorkflowState) -> DeskAct {
    if state == WorkflowState::Draft {
        DeskAct::TrashDraft
    } else {
        DeskAct::TrashStory
    }
}

/// Why the desk refused, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorityError {
    /// Nobody is at the desk (no profile chosen, or none named on the command line).
    #[error("Choose your profile first to {act} (on the command line: --as NAME).")]
    NobodyAtTheDesk {
        /// The act, in words.
        act: &'static str,
    },
    /// The profile's role is not enough.
    #[error("Only {who} can {act}.")]
    NotAllowed {
        /// "an editor" or "an admin" (a reporter may do everything nobody else is refused).
        who: &'static str,
        /// The act, in words.
        act: &'static str,
    },
    /// The first profile of a desk must be its admin.
    #[error("This desk has nobody yet: its first profile is its admin, with a passphrase.")]
    FirstProfileIsAdmin,
}

fn who(role: Role) -> &'static str {
    match role {
        Role::Reporter => "a reporter",
        Role::Editor => "an editor",
        Role::Admin => "an admin",
    }
}

/// The rank of a role: reporter < editor < admin.
fn rank(role: Role) -> u8 {
    match role {
        Role::Reporter => 0,
        Role::Editor => 1,
        Role::Admin => 2,
    }
}

/// Whether `actor` (the role of the profile at the desk, `None` when nobody is) may take `act`
/// on a desk that has people (`desk_is_empty` false) or none yet. On an empty desk the only
/// thing anyone may do is add its first profile, an admin.
pub fn may(actor: Option<Role>, act: DeskAct, desk_is_empty: bool) -> Result<(), AuthorityError> {
    if desk_is_empty {
        return match act {
            DeskAct::AddAdmin => Ok(()),
            DeskAct::AddReporter | DeskAct::AddEditor => Err(AuthorityError::FirstProfileIsAdmin),
            _ => Err(AuthorityError::NobodyAtTheDesk { act: act.label() }),
        };
    }
    let least = act.least_role();
    match actor {
        None => Err(AuthorityError::NobodyAtTheDesk { act: act.label() }),
        Some(role) if rank(role) >= rank(least) => Ok(()),
        Some(_) => Err(AuthorityError::NotAllowed {
            who: who(least),
            act: act.label(),
        }),
    }
}

/// Whether `actor` may change who writes a story on the shared desk (add a colleague as an
/// author, so the draft is theirs to see and write too, or take one off): its authors may, and
/// so may editors, who see a story once it was submitted. The desk's `add_author` and
/// `remove_author` hold the same rule.
pub fn may_change_authors(actor: Option<Role>, is_author: bool) -> Result<(), AuthorityError> {
    const ACT: &str = "change who writes a story that is not theirs";
    match actor {
        None => Err(AuthorityError::NobodyAtTheDesk {
            act: "change who writes a story",
        }),
        Some(_) if is_author => Ok(()),
        Some(role) if rank(role) >= rank(Role::Editor) => Ok(()),
        Some(_) => Err(AuthorityError::NotAllowed {
            who: "its authors or an editor",
            act: ACT,
        }),
    }
}

/// A workflow move a profile may make: from a state, by an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AllowedMove {
    /// The story's state.
    pub from: WorkflowState,
    /// The action.
    pub action: WorkflowAction,
}

/// Everything the profile at the desk may do, worked out by the same rules the store enforces:
/// what the window offers (it never decides; a refusal from the store is still possible when
/// the story moved on meanwhile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Permissions {
    /// The desk acts allowed.
    pub acts: Vec<DeskAct>,
    /// The workflow moves allowed (none while nobody is at the desk).
    pub moves: Vec<AllowedMove>,
    /// The states in which the story's text may be edited, under the desk's policy.
    pub editable: Vec<WorkflowState>,
}

/// What `actor` may do on a desk with people (or none, `desk_is_empty`) under `policy`.
pub fn permissions(
    actor: Option<Role>,
    desk_is_empty: bool,
    policy: EditAfterApproval,
) -> Permissions {
    let acts = DeskAct::ALL
        .into_iter()
        .filter(|act| may(actor, *act, desk_is_empty).is_ok())
        .collect();
    let moves = actor.map_or_else(Vec::new, |role| {
        WorkflowState::ALL
            .into_iter()
            .flat_map(|from| {
                WorkflowAction::ALL
                    .into_iter()
                    .filter(move |action| transition(from, *action, role).is_ok())
                    .map(move |action| AllowedMove { from, action })
            })
            .collect()
    });
    let editor = actor.unwrap_or(Role::Reporter);
    let editable = WorkflowState::ALL
        .into_iter()
        .filter(|state| !matches!(edit_rule(*state, editor, policy), EditRule::Refused(_)))
        .collect();
    Permissions {
        acts,
        moves,
        editable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, Utc};

    /// Who may do what, written out apart from `least_role`: (act, reporter, editor, admin).
    const TABLE: [(DeskAct, bool, bool, bool); 16] = [
        (DeskAct::AddReporter, false, true, true),
        (DeskAct::AddEditor, false, false, true),
        (DeskAct::AddAdmin, false, false, true),
        (DeskAct::HoldBack, true, true, true),
        (DeskAct::Release, false, true, true),
        (DeskAct::ManageTargets, false, false, true),
        (DeskAct::Push, false, true, true),
        (DeskAct::SettleOutbox, false, true, true),
        (DeskAct::TrashDraft, true, true, true),
        (DeskAct::TrashStory, false, true, true),
        (DeskAct::Restore, true, true, true),
        (DeskAct::EmptyTrash, false, false, true),
        (DeskAct::EditVocabulary, false, true, true),
        (DeskAct::DeskRules, false, true, true),
        (DeskAct::DeskSetup, false, true, true),
        (DeskAct::EditHouseStyle, false, true, true),
    ];

    #[test]
    fn every_act_follows_the_table_for_every_role() {
        for (act, reporter, editor, admin) in TABLE {
            for (role, allowed) in [
                (Role::Reporter, reporter),
                (Role::Editor, editor),
                (Role::Admin, admin),
            ] {
                assert_eq!(
                    may(Some(role), act, false).is_ok(),
                    allowed,
                    "{act:?} by {role:?}"
                );
            }
            assert!(may(None, act, false).is_err(), "{act:?} by nobody");
        }
        assert_eq!(TABLE.len(), DeskAct::ALL.len());
    }

    #[test]
    fn the_windows_permissions_are_the_rules_answers() {
        let reporter = permissions(Some(Role::Reporter), false, EditAfterApproval::EditorsOnly);
        assert!(reporter.acts.contains(&DeskAct::HoldBack));
        assert!(!reporter.acts.contains(&DeskAct::Push));
        assert_eq!(
            reporter.moves,
            [
                AllowedMove {
                    from: WorkflowState::Draft,
                    action: WorkflowAction::Submit
                },
                AllowedMove {
                    from: WorkflowState::Submitted,
                    action: WorkflowAction::TakeBack
                },
                AllowedMove {
                    from: WorkflowState::ChangesRequested,
                    action: WorkflowAction::Submit
                },
                AllowedMove {
                    from: WorkflowState::Correction,
                    action: WorkflowAction::Submit
                },
            ]
        );
        assert!(!reporter.editable.contains(&WorkflowState::Approved));
        let editor = permissions(Some(Role::Editor), false, EditAfterApproval::EditorsOnly);
        assert!(editor.editable.contains(&WorkflowState::Approved));
        assert!(editor.moves.contains(&AllowedMove {
            from: WorkflowState::InReview,
            action: WorkflowAction::Approve
        }));
        let nobody = permissions(None, false, EditAfterApproval::BackToSubmitted);
        assert!(nobody.acts.is_empty() && nobody.moves.is_empty());
        assert_eq!(
            permissions(None, true, EditAfterApproval::BackToSubmitted).acts,
            [DeskAct::AddAdmin]
        );
    }

    #[test]
    fn an_empty_desk_takes_only_its_first_admin() {
        assert!(may(None, DeskAct::AddAdmin, true).is_ok());
        assert_eq!(
            may(None, DeskAct::AddReporter, true),
            Err(AuthorityError::FirstProfileIsAdmin)
        );
        assert!(may(Some(Role::Admin), DeskAct::EmptyTrash, true).is_err());
    }

    #[test]
    fn holding_back_is_anyones_releasing_is_an_editors() {
        let now = Utc::now();
        let later = now + TimeDelta::hours(2);
        use WorkflowState as S;
        assert_eq!(embargo_act(S::Draft, None, Some(later)), DeskAct::HoldBack);
        assert_eq!(
            embargo_act(S::Draft, Some(now), Some(later)),
            DeskAct::HoldBack
        );
        assert_eq!(
            embargo_act(S::Draft, Some(later), Some(now)),
            DeskAct::Release
        );
        assert_eq!(embargo_act(S::Draft, Some(later), None), DeskAct::Release);
        assert_eq!(embargo_act(S::Draft, None, None), DeskAct::HoldBack);
        assert_eq!(
            embargo_act(S::Approved, None, Some(later)),
            DeskAct::Release
        );
        assert_eq!(trash_act(S::Draft), DeskAct::TrashDraft);
        assert_eq!(trash_act(S::Published), DeskAct::TrashStory);
    }

    #[test]
    fn authors_change_who_writes_and_so_do_editors_but_no_other_reporter() {
        assert!(may_change_authors(Some(Role::Reporter), true).is_ok());
        assert!(may_change_authors(Some(Role::Editor), false).is_ok());
        assert!(may_change_authors(Some(Role::Admin), false).is_ok());
        let refused = may_change_authors(Some(Role::Reporter), false).expect_err("not hers");
        assert_eq!(
            refused.to_string(),
            "Only its authors or an editor can change who writes a story that is not theirs."
        );
        assert!(may_change_authors(None, true).is_err());
    }
}
