//! The shared desk: every laptop's stories meet on one PostgreSQL, and PostgreSQL decides who
//! may do what.
//!
//! There is no server of our own. Each person logs in to PostgreSQL as their own role, over TLS
//! that is checked against the newsroom's certificate authority and bound to the channel (SCRAM
//! with channel binding, so a man in the middle with another certificate learns nothing). What
//! a login may read is decided by row-level security, and every write goes through the desk's
//! SQL functions, which check the caller against the same rules as the laptop
//! (`newsroom_core::authority` and `::workflow`): a reporter with psql can do no more than the
//! app lets them. The schema lives in `schema/` and is applied forward only, checksummed.
//!
//! This crate is the client side: the desk's address, connecting ([`connect`]), setting a desk
//! up and upgrading it ([`setup::init`]), adding people ([`setup::add_person`]), and the
//! words for each way it can fail ([`SharedDeskError`]).

#![warn(missing_docs)]

mod address;
mod connect;
mod error;
pub mod ledger;
pub mod presence;
pub mod schema;
pub mod setup;
pub mod sync;

pub use address::DeskAddress;
pub use connect::{connect, Connection, Statements};
pub use error::SharedDeskError;
