//! The editorial workflow as a state machine: who may move a story from which state to which.
//!
//! Reporters write and submit; editors review, send back, approve, publish (by exporting), kill
//! and reopen. Every move is decided here, from the story's state, the action and the role of
//! the person asking, so the window, the command line and a crafted IPC call meet the same rule
//! and the same reason when refused. The store records each accepted move as a row (who, when,
//! from, to, at which revision); nothing about a story's state lives only in a window.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a story stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorkflowState {
    /// Being written.
    Draft,
    /// Sent to the desk, waiting for an editor.
    Submitted,
    /// An editor has opened it.
    InReview,
    /// An editor sent it back with a note.
    ChangesRequested,
    /// An editor approved a revision of it; that revision is what goes out.
    Approved,
    /// Exported to the CMS.
    Published,
    /// Withdrawn; kept, but never exported.
    Killed,
    /// A published story reopened: the published version stays out while this is edited and
    /// approved again.
    Correction,
}

impl WorkflowState {
    /// Every state, in the order a story usually passes them.
    pub const ALL: [WorkflowState; 8] = [
        WorkflowState::Draft,
        WorkflowState::Submitted,
        WorkflowState::InReview,
        WorkflowState::ChangesRequested,
        WorkflowState::Approved,
        WorkflowState::Published,
        WorkflowState::Killed,
        WorkflowState::Correction,
    ];

    /// The state in words, as the badge shows it.
    pub fn label(self) -> &'static str {
        match self {
            WorkflowState::Draft => "Draft",
            WorkflowState::Submitted => "Submitted",
            WorkflowState::InReview => "In review",
            WorkflowState::ChangesRequested => "Changes requested",
            WorkflowState::Approved => "Approved",
            WorkflowState::Published => "Published",
            WorkflowState::Killed => "Killed",
            WorkflowState::Correction => "Correction",
        }
    }

    /// The stored name (snake case, as serialised).
    pub fn key(self) -> &'static str {
        match self {
            WorkflowState::Draft => "draft",
            WorkflowState::Submitted => "submitted",
            WorkflowState::InReview => "in_review",
            WorkflowState::ChangesRequested => "changes_requested",
            WorkflowState::Approved => "approved",
            WorkflowState::Published => "published",
            WorkflowState::Killed => "killed",
            WorkflowState::Correction => "correction",
        }
    }

    /// The state stored as `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.key() == key)
    }
}

/// What a person can do with a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorkflowAction {
    /// Send it to the desk (pre-flight blockers stop this; the store checks them).
    Submit,
    /// Take a submitted story back to keep writing, until an editor opens it for review.
    TakeBack,
    /// Open it for review.
    Review,
    /// Send it back to the reporter with a note.
    RequestChanges,
    /// Approve the current revision.
    Approve,
    /// Mark it exported to the CMS.
    Publish,
    /// Withdraw it.
    Kill,
    /// Reopen a published story as a correction, or a killed one as a draft.
    Reopen,
}

impl WorkflowAction {
    /// Every action.
    pub const ALL: [WorkflowAction; 8] = [
        WorkflowAction::Submit,
        WorkflowAction::TakeBack,
        WorkflowAction::Review,
        WorkflowAction::RequestChanges,
        WorkflowAction::Approve,
        WorkflowAction::Publish,
        WorkflowAction::Kill,
        WorkflowAction::Reopen,
    ];

    /// The action in words, for a sentence ("approve").
    pub fn label(self) -> &'static str {
        match self {
            WorkflowAction::Submit => "submit",
            WorkflowAction::TakeBack => "take back",
            WorkflowAction::Review => "review",
            WorkflowAction::RequestChanges => "send back",
            WorkflowAction::Approve => "approve",
            WorkflowAction::Publish => "publish",
            WorkflowAction::Kill => "kill",
            WorkflowAction::Reopen => "reopen",
        }
    }

    /// The stored name (snake case, as serialised).
    pub fn key(self) -> &'static str {
        match self {
            WorkflowAction::Submit => "submit",
            WorkflowAction::TakeBack => "take_back",
            WorkflowAction::Review => "review",
            WorkflowAction::RequestChanges => "request_changes",
            WorkflowAction::Approve => "approve",
            WorkflowAction::Publish => "publish",
            WorkflowAction::Kill => "kill",
            WorkflowAction::Reopen => "reopen",
        }
    }

    /// The action stored as `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.key() == key)
    }

    /// True for the actions only editors and admins may take.
    pub fn needs_editor(self) -> bool {
        !matches!(self, WorkflowAction::Submit | WorkflowAction::TakeBack)
    }
}

/// What a profile may do on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Writes and submits.
    Reporter,
    /// Also reviews, approves, exports, kills and reopens.
    Editor,
    /// An editor who also manages profiles and the desk's settings.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Reporter, Role::Editor, Role::Admin];

    /// The stored name (snake case, as serialised).
    pub fn key(self) -> &'static str {
        match self {
            Role::Reporter => "reporter",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// The role stored as `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.key() == key)
    }

    /// True for editors and admins.
    pub fn is_editor(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }
}

/// Why a move was refused, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The role may not take this action at all.
    #[error("Only an editor can {action} a story.")]
    NotAnEditor {
        /// The action, in words.
        action: &'static str,
    },
    /// The action does not apply in this state.
    #[error("A story that is {state} cannot be {done}.")]
    NotFromState {
        /// The current state, in words (lower case).
        state: String,
        /// The action as a past participle ("approved").
        done: &'static str,
    },
}

/// The past participle of an action, for refusals ("cannot be approved").
fn done(action: WorkflowAction) -> &'static str {
    match action {
        WorkflowAction::Submit => "submitted",
        WorkflowAction::TakeBack => "taken back",
        WorkflowAction::Review => "opened for review",
        WorkflowAction::RequestChanges => "sent back",
        WorkflowAction::Approve => "approved",
        WorkflowAction::Publish => "published",
        WorkflowAction::Kill => "killed",
        WorkflowAction::Reopen => "reopened",
    }
}

/// The state `action` by someone with `role` moves a story in `state` to, or why not.
pub fn transition(
    state: WorkflowState,
    action: WorkflowAction,
    role: Role,
) -> Result<WorkflowState, WorkflowError> {
    use WorkflowAction as A;
    use WorkflowState as S;
    if action.needs_editor() && !role.is_editor() {
        return Err(WorkflowError::NotAnEditor {
            action: action.label(),
        });
    }
    let next = match (action, state) {
        (A::Submit, S::Draft | S::ChangesRequested | S::Correction) => S::Submitted,
        // Back to Draft here; the store returns it to the state it was submitted from
        // ([`taken_back_to`]), so a correction stays a correction.
        (A::TakeBack, S::Submitted) => S::Draft,
        (A::Review, S::Submitted) => S::InReview,
        (A::RequestChanges, S::Submitted | S::InReview) => S::ChangesRequested,
        (A::Approve, S::Submitted | S::InReview) => S::Approved,
        (A::Publish, S::Approved) => S::Published,
        (A::Kill, from) if from != S::Killed => S::Killed,
        (A::Reopen, S::Published) => S::Correction,
        (A::Reopen, S::Killed) => S::Draft,
        (_, from) => {
            return Err(WorkflowError::NotFromState {
                state: from.label().to_lowercase(),
                done: done(action),
            })
        }
    };
    Ok(next)
}

/// Where a story taken back goes, given the state it was submitted from: that state again
/// (a draft, a story sent back, a correction), else a draft.
pub fn taken_back_to(submitted_from: WorkflowState) -> WorkflowState {
    match submitted_from {
        WorkflowState::ChangesRequested | WorkflowState::Correction => submitted_from,
        _ => WorkflowState::Draft,
    }
}

/// What the desk does when an approved story is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EditAfterApproval {
    /// The edit is kept and the story goes back to Submitted for another approval.
    #[default]
    BackToSubmitted,
    /// Only an editor may edit it, and the edit sends it back to Submitted too: an approval
    /// always names the exact revision that goes out.
    EditorsOnly,
}

/// Whether a text edit is accepted in a state, and what it does to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRule {
    /// Accepted; the state stays.
    Allowed,
    /// Accepted; the story goes back to Submitted (its approval no longer holds).
    Resubmits,
    /// Refused, with the reason.
    Refused(String),
}

/// What happens to a text edit by `role` of a story in `state` under the desk's `policy`.
pub fn edit_rule(state: WorkflowState, role: Role, policy: EditAfterApproval) -> EditRule {
    use WorkflowState as S;
    match state {
        S::Draft | S::Submitted | S::InReview | S::ChangesRequested | S::Correction => {
            EditRule::Allowed
        }
        S::Approved => match policy {
            EditAfterApproval::BackToSubmitted => EditRule::Resubmits,
            EditAfterApproval::EditorsOnly if role.is_editor() => EditRule::Resubmits,
            EditAfterApproval::EditorsOnly => EditRule::Refused(
                "This story is approved; only an editor can change it now.".into(),
            ),
        },
        S::Published => EditRule::Refused(
            "This story is published; reopen it as a correction to change it.".into(),
        ),
        S::Killed => EditRule::Refused("This story was killed; reopen it to change it.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WorkflowAction as A;
    use WorkflowState as S;

    /// The transition table, written out independently of `transition`: (from, action, to).
    /// Every move not listed here must be refused, for every role.
    const TABLE: [(S, A, S); 19] = [
        (S::Draft, A::Submit, S::Submitted),
        (S::Submitted, A::TakeBack, S::Draft),
        (S::ChangesRequested, A::Submit, S::Submitted),
        (S::Correction, A::Submit, S::Submitted),
        (S::Submitted, A::Review, S::InReview),
        (S::Submitted, A::RequestChanges, S::ChangesRequested),
        (S::InReview, A::RequestChanges, S::ChangesRequested),
        (S::Submitted, A::Approve, S::Approved),
        (S::InReview, A::Approve, S::Approved),
        (S::Approved, A::Publish, S::Published),
        (S::Published, A::Reopen, S::Correction),
        (S::Killed, A::Reopen, S::Draft),
        (S::Draft, A::Kill, S::Killed),
        (S::Submitted, A::Kill, S::Killed),
        (S::InReview, A::Kill, S::Killed),
        (S::ChangesRequested, A::Kill, S::Killed),
        (S::Approved, A::Kill, S::Killed),
        (S::Published, A::Kill, S::Killed),
        (S::Correction, A::Kill, S::Killed),
    ];

    fn expected(from: S, action: A, role: Role) -> Option<S> {
        if action.needs_editor() && !role.is_editor() {
            return None;
        }
        TABLE
            .iter()
            .find(|(f, a, _)| *f == from && *a == action)
            .map(|(_, _, to)| *to)
    }

    #[test]
    fn every_state_action_and_role_follows_the_table() {
        let mut allowed = 0;
        for from in S::ALL {
            for action in A::ALL {
                for role in Role::ALL {
                    let got = transition(from, action, role);
                    assert_eq!(
                        got.as_ref().ok().copied(),
                        expected(from, action, role),
                        "{from:?} --{action:?}--> as {role:?}: {got:?}"
                    );
                    allowed += usize::from(got.is_ok());
                }
            }
        }
        // Reporters may take the 3 submits and the take-back; editors and admins all 19 moves.
        assert_eq!(allowed, 4 + 19 + 19);
    }

    #[test]
    fn refusals_say_why_in_words() {
        assert_eq!(
            transition(S::Submitted, A::Approve, Role::Reporter)
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("Only an editor can approve a story.")
        );
        assert_eq!(
            transition(S::Draft, A::Approve, Role::Editor)
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("A story that is draft cannot be approved.")
        );
        assert_eq!(
            transition(S::Killed, A::Kill, Role::Admin)
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("A story that is killed cannot be killed.")
        );
    }

    #[test]
    fn editing_an_approved_story_follows_the_desk_policy() {
        assert_eq!(
            edit_rule(
                S::Approved,
                Role::Reporter,
                EditAfterApproval::BackToSubmitted
            ),
            EditRule::Resubmits
        );
        assert!(matches!(
            edit_rule(S::Approved, Role::Reporter, EditAfterApproval::EditorsOnly),
            EditRule::Refused(_)
        ));
        assert_eq!(
            edit_rule(S::Approved, Role::Editor, EditAfterApproval::EditorsOnly),
            EditRule::Resubmits
        );
        assert!(matches!(
            edit_rule(
                S::Published,
                Role::Admin,
                EditAfterApproval::BackToSubmitted
            ),
            EditRule::Refused(_)
        ));
        for state in [
            S::Draft,
            S::Submitted,
            S::InReview,
            S::ChangesRequested,
            S::Correction,
        ] {
            assert_eq!(
                edit_rule(state, Role::Reporter, EditAfterApproval::default()),
                EditRule::Allowed
            );
        }
    }

    #[test]
    fn stored_keys_round_trip_and_match_the_json() {
        for state in S::ALL {
            assert_eq!(S::from_key(state.key()), Some(state));
            assert_eq!(
                serde_json::to_value(state).ok(),
                Some(serde_json::Value::String(state.key().into()))
            );
        }
        for action in A::ALL {
            assert_eq!(A::from_key(action.key()), Some(action));
            assert_eq!(
                serde_json::to_value(action).ok(),
                Some(serde_json::Value::String(action.key().into()))
            );
        }
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
            assert_eq!(
                serde_json::to_value(role).ok(),
                Some(serde_json::Value::String(role.key().into()))
            );
        }
    }
}
