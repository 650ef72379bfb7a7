//! Why a picture an agency item names by URL was not fetched: the answer the fetcher (on the
//! network, in `newsroom-publish`) gives the import (in the store), as a value both share.

/// Why a picture was not fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchFailure {
    /// Why, in words ("the server could not be reached").
    pub reason: String,
    /// True when trying again later may get it (no network, a timeout, a server error); false
    /// when the answer is final (refused address, 404, not a picture, too large).
    pub may_retry: bool,
}

impl FetchFailure {
    /// A failure a later try may get past: the picture waits.
    pub fn for_now(reason: impl Into<String>) -> Self {
        FetchFailure {
            reason: reason.into(),
            may_retry: true,
        }
    }

    /// A final answer: the picture is named as left out.
    pub fn for_good(reason: impl Into<String>) -> Self {
        FetchFailure {
            reason: reason.into(),
            may_retry: false,
        }
    }
}
