//! The story's body as a shared document.
//!
//! Why: a reporter rewrites the third paragraph on a train while the editor fixes a name in the
//! first. With whole-text saves one of them had to merge two versions by hand. Here the body is
//! a CRDT document (yrs, the Rust port of Yjs) holding one text, so any two copies of a story
//! merge with nothing lost, and the editor's yjs reads and writes the very same bytes.
//!
//! What this crate owns, and nothing else: the document's bytes in and out. Applying a change
//! answers with the part of it that was new (so a retried or replayed change is stored once),
//! a whole new text from outside the editor becomes the smallest edit that makes it (so it
//! merges with concurrent edits instead of replacing them), and the text is read from the
//! document. Where the bytes are kept, and who may change a story, are the store's business.
//!
//! Positions are UTF-16 code units, as CodeMirror and yjs count them: yrs counts bytes unless
//! told otherwise, and a body with "ö" or an emoji would then be cut in the wrong place. Line
//! breaks are `\n` only, as in the editor, so both sides count the same characters.
//!
//! Every change from elsewhere is read with limits: its size before it is decoded, the body's
//! size after it is applied, a change that depends on edits this copy never received is
//! refused rather than kept half-applied, and a decoder panic on malformed bytes is an error.
//! After an error the document may hold part of the refused change: drop it and load again
//! (the store does, as it rolls its transaction back).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};
use yrs::types::text::{ChangeKind, YChange};
use yrs::types::{Delta, Observable};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Assoc, ClientID, Doc, GetString, IndexedSequence, OffsetKind, Options, Out, ReadTxn,
    Snapshot, StateVector, StickyIndex, Text, TextRef, Transact, Update, WriteTxn,
};

/// The name of the one text in every story's document; the editor asks yjs for the same.
pub const TEXT_NAME: &str = "body";

/// The longest body, in bytes of UTF-8 (the same bound as a saved article's body).
pub const MAX_TEXT_BYTES: usize = 10 * 1024 * 1024;

/// The largest change or stored state read, in bytes. A whole document is about one and a half
/// to six times its text (more when it was typed in many places); this leaves room for a body
/// at the limit and refuses anything that could only be an attack or a mistake.
pub const MAX_UPDATE_BYTES: usize = 8 * MAX_TEXT_BYTES;

/// How long a whole-text change may spend finding the smallest edit. Past it the edit is still
/// correct, only coarser (a larger span replaced), which merges less finely.
const DIFF_DEADLINE: Duration = Duration::from_millis(250);

/// Why a change was not applied, in words for the person whose change it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The bytes are more than any story's body could need.
    #[error("The change to the text is {size} bytes, more than the {max} a story may carry")]
    TooLarge { size: usize, max: usize },
    /// The bytes are not a document change this version can read.
    #[error("The change to the text could not be read ({0})")]
    Unreadable(String),
    /// The change builds on edits this copy has not received (it would be kept half-applied).
    #[error("The change to the text builds on edits this copy of the story has not received")]
    Incomplete,
    /// Applied, the body would be longer than a story's body may be.
    #[error("The text would be {size} bytes, more than the {max} a story may carry")]
    TextTooLong { size: usize, max: usize },
}

/// One writer of documents: a client id of its own, random, never shared.
///
/// Every edit a writer makes is numbered after its previous one, so a writer may only write
/// into a document that holds all its earlier edits. A store keeps one writer while it is open
/// (each save loads the whole document inside its write transaction, so that holds); an editor
/// window is a new writer for each story it opens. Two writers with one id corrupt a document,
/// and yrs cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Writer(ClientID);

impl Writer {
    /// A new writer, with a random id.
    pub fn new() -> Self {
        Self(ClientID::random())
    }

    /// The writer's id, as yjs numbers clients.
    pub fn id(self) -> u64 {
        self.0.get()
    }
}

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

/// A run of a body's text written since some earlier state, and who wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    /// Where it starts, in UTF-16 code units of today's text.
    pub from: u32,
    /// Where it ends.
    pub to: u32,
    /// The writer's id (a yjs client id).
    pub writer: u64,
}

/// A run of text a change took out, and where: what "changed while you were away" shows
/// struck through, with the name of whoever took it out (a yjs document keeps no deleter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Where it was, in UTF-16 code units of the text right after the change that took it out.
    pub at: u32,
    /// The text taken out.
    pub text: String,
}

/// One step of a text's change as yrs reports it, in UTF-16 code units.
#[derive(Debug, Clone, Copy)]
enum Step {
    Keep(u32),
    Add(u32),
    Remove(u32),
}

/// One story's body as a document: its text, and the history that lets copies merge.
pub struct BodyDoc {
    doc: Doc,
    text: TextRef,
    /// While a change is applied or a text set: the steps of the text's change (yrs tells them
    /// to an observer only).
    noting: Arc<AtomicBool>,
    steps: Arc<Mutex<Vec<Step>>>,
    /// What the changes applied since the last [`Self::take_removed`] took out.
    removed: Vec<Removed>,
}

impl std::fmt::Debug for BodyDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodyDoc")
            .field("client", &self.doc.client_id())
            .finish_non_exhaustive()
    }
}

impl BodyDoc {
    /// An empty document, writing as a client id of its own. Every session that edits (an
    /// editor window opening a story, one command-line run) must be a new `BodyDoc`: two
    /// writers sharing a client id corrupt the document, and yrs cannot tell.
    pub fn empty() -> Self {
        Self::empty_as(Writer::new())
    }

    /// An empty document that `writer` writes into.
    pub fn empty_as(writer: Writer) -> Self {
        let doc = Doc::with_options(Options {
            client_id: writer.0,
            offset_kind: OffsetKind::Utf16,
            ..Options::default()
        });
        let text = doc.get_or_insert_text(TEXT_NAME);
        let noting = Arc::new(AtomicBool::new(false));
        let steps = Arc::new(Mutex::new(Vec::new()));
        let (noting_here, steps_here) = (Arc::clone(&noting), Arc::clone(&steps));
        text.observe("removed runs", move |txn, event| {
            if !noting_here.load(Ordering::Relaxed) {
                return;
            }
            let mut steps = steps_here.lock().unwrap_or_else(PoisonError::into_inner);
            steps.extend(event.delta(txn).iter().map(|delta| match delta {
                Delta::Retain(len, _) => Step::Keep(*len),
                Delta::Deleted(len) => Step::Remove(*len),
                Delta::Inserted(Out::Any(Any::String(text)), _) => Step::Add(utf16_len(text)),
                Delta::Inserted(..) => Step::Add(1),
            }));
        });
        Self {
            doc,
            text,
            noting,
            steps,
            removed: Vec::new(),
        }
    }

    /// A story's first document, holding `text`, and the change that makes it (its genesis).
    /// A story has exactly one genesis: two made independently from the same text would merge
    /// into the text twice.
    pub fn genesis(text: &str) -> (Self, Vec<u8>) {
        let mut doc = Self::empty();
        let change = doc.set_text(text).unwrap_or_else(|| doc.encode_state());
        (doc, change)
    }

    /// The document that `changes` (one whole document, or a genesis, and the changes since, in
    /// order; yjs updates as the editor sends them) make, with a new writer of its own.
    pub fn load<'a>(changes: impl IntoIterator<Item = &'a [u8]>) -> Result<Self, BodyError> {
        Self::load_as(Writer::new(), changes)
    }

    /// The document that `changes` make, written into by `writer`, whose earlier edits to this
    /// story must all be among `changes`.
    pub fn load_as<'a>(
        writer: Writer,
        changes: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<Self, BodyError> {
        Self::load_stored(writer, None, changes)
    }

    /// The document a store kept: its folded state (from [`Self::encode_stored_state`]) and
    /// the changes since, in order, replayed in one transaction (one each cost a tenth of a
    /// millisecond on a long story, and a story keeps hundreds), written into by `writer`.
    pub fn load_stored<'a>(
        writer: Writer,
        stored_state: Option<&[u8]>,
        changes: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<Self, BodyError> {
        let doc = Self::empty_as(writer);
        let loaded = catch_unwind(AssertUnwindSafe(|| {
            let mut txn = doc.doc.transact_mut();
            if let Some(state) = stored_state {
                let state = stored_form::inflate(state)?;
                apply_in(&mut txn, &state, Encoding::Stored)?;
            }
            for change in changes {
                apply_in(&mut txn, change, Encoding::Sent)?;
            }
            check_length(&doc.text, &txn)?;
            txn.commit();
            Ok(())
        }));
        loaded.unwrap_or_else(|_| Err(decoder_panicked()))?;
        Ok(doc)
    }

    /// Applies `change` (made by this document's [`Self::set_text`], the editor's yjs, or
    /// another copy of the story). Returns the part of it that was new to this copy, to be
    /// stored and passed on, or `None` when it changed nothing (it was here already).
    pub fn apply(&mut self, change: &[u8]) -> Result<Option<Vec<u8>>, BodyError> {
        let before = self.text();
        self.noting.store(true, Ordering::Relaxed);
        let text = &self.text;
        let doc = &self.doc;
        let applied = catch_unwind(AssertUnwindSafe(|| {
            let mut txn = doc.transact_mut();
            apply_in(&mut txn, change, Encoding::Sent)?;
            check_length(text, &txn)?;
            txn.commit();
            Ok(novel(&txn))
        }));
        self.note_removed(&before);
        applied.unwrap_or_else(|_| Err(decoder_panicked()))
    }

    /// What the changes applied and texts set since the last take took out of the text, in the
    /// order they did.
    pub fn take_removed(&mut self) -> Vec<Removed> {
        std::mem::take(&mut self.removed)
    }

    /// Stops noting the text's change, and keeps what it took out of `before`.
    fn note_removed(&mut self, before: &str) {
        self.noting.store(false, Ordering::Relaxed);
        let steps = std::mem::take(&mut *self.steps.lock().unwrap_or_else(PoisonError::into_inner));
        self.removed.extend(removed_runs(before, &steps));
    }

    /// Makes the text `new` by the smallest edit this document can find, and returns that edit
    /// as a change (or `None` when the text is already `new`). A whole text from outside the
    /// editor (the command line, a restored revision) arrives here, so that it merges with
    /// what others typed meanwhile instead of replacing it. `\r\n` and `\r` become `\n`.
    pub fn set_text(&mut self, new: &str) -> Option<Vec<u8>> {
        let new = normalize_line_breaks(new);
        let old = self.text();
        if old == new {
            return None;
        }
        self.noting.store(true, Ordering::Relaxed);
        let change = {
            let mut txn = self.doc.transact_mut();
            for edit in smallest_edit(&old, &new) {
                match edit {
                    Edit::Delete { at, len } => self.text.remove_range(&mut txn, at, len),
                    Edit::Insert { at, text } => self.text.insert(&mut txn, at, text),
                }
            }
            txn.commit();
            novel(&txn)
        };
        self.note_removed(&old);
        change
    }

    /// The body as text.
    pub fn text(&self) -> String {
        self.text.get_string(&self.doc.transact())
    }

    /// The whole document as one change: what a new copy needs to hold this one.
    pub fn encode_state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// The whole document as a store keeps it: yjs's second encoding (column by column, about a
    /// third smaller than [`Self::encode_state`] after a day of typing), deflated (half again:
    /// the text, the deleted runs' lengths and the writers' ids repeat). Read back only by
    /// [`Self::load_stored`], which also reads the undeflated form stores kept before.
    pub fn encode_stored_state(&self) -> Vec<u8> {
        let state = self
            .doc
            .transact()
            .encode_state_as_update_v2(&StateVector::default());
        stored_form::deflate(&state)
    }

    /// Which edits this copy holds (per writer, how many), to ask another copy for the rest.
    pub fn state_vector(&self) -> Vec<u8> {
        self.doc.transact().state_vector().encode_v1()
    }

    /// The document's exact state (which edits it holds, and which of them were deleted): two
    /// copies with equal snapshots hold the same text. Approval pins it.
    pub fn snapshot(&self) -> Vec<u8> {
        self.doc.transact().snapshot().encode_v1()
    }

    /// Where the passage from `from` to `to` (UTF-16 offsets) is, as two positions that follow
    /// it through everyone's edits: the start sticks to the passage's first character, the end
    /// to its last, so text typed just outside it stays outside. `None` for an empty or
    /// out-of-range passage.
    pub fn anchor(&self, from: u32, to: u32) -> Option<(Vec<u8>, Vec<u8>)> {
        let txn = self.doc.transact();
        if from >= to || to > self.text.len(&txn) {
            return None;
        }
        let start = self.text.sticky_index(&txn, from, Assoc::After)?;
        let end = self.text.sticky_index(&txn, to, Assoc::Before)?;
        Some((start.encode_v1(), end.encode_v1()))
    }

    /// A caret at `at` (a UTF-16 offset) that follows the text through everyone's edits,
    /// encoded as the editor's yjs encodes a relative position (what another person's window
    /// shows as this person's cursor). It sticks to the character after it, or at the very end
    /// to the one before (yrs has no position after the last character). `None` past the end
    /// of the text.
    pub fn caret(&self, at: u32) -> Option<Vec<u8>> {
        let txn = self.doc.transact();
        let len = self.text.len(&txn);
        if at > len {
            return None;
        }
        let assoc = if at == len {
            Assoc::Before
        } else {
            Assoc::After
        };
        Some(self.text.sticky_index(&txn, at, assoc)?.encode_v1())
    }

    /// Where the caret `caret` ([`Self::caret`], or the editor's yjs) is now, as a UTF-16
    /// offset; `None` when it is not a position in this document.
    pub fn caret_offset(&self, caret: &[u8]) -> Option<u32> {
        check_position(caret).ok()?;
        let caret = StickyIndex::decode_v1(caret).ok()?;
        let txn = self.doc.transact();
        Some(caret.get_offset(&txn)?.index)
    }

    /// Where the passage anchored at `start` and `end` ([`Self::anchor`], or the editor's yjs)
    /// is now, as UTF-16 offsets; `None` when it was deleted whole or the positions are not
    /// this document's.
    pub fn find(&self, start: &[u8], end: &[u8]) -> Option<(u32, u32)> {
        check_position(start).ok()?;
        check_position(end).ok()?;
        let start = StickyIndex::decode_v1(start).ok()?;
        let end = StickyIndex::decode_v1(end).ok()?;
        let txn = self.doc.transact();
        let from = start.get_offset(&txn)?.index;
        let to = end.get_offset(&txn)?.index;
        (from < to).then_some((from, to))
    }

    /// The runs of today's text written since the document held `snapshot` (from
    /// [`Self::snapshot`]), as UTF-16 offsets with the id of the writer of each. What was
    /// deleted since is not among them: its text is no longer kept.
    pub fn inserted_since(&self, snapshot: &[u8]) -> Result<Vec<Inserted>, BodyError> {
        if snapshot.len() > MAX_UPDATE_BYTES {
            return Err(BodyError::TooLarge {
                size: snapshot.len(),
                max: MAX_UPDATE_BYTES,
            });
        }
        let then = catch_unwind(|| Snapshot::decode_v1(snapshot))
            .map_err(|_| BodyError::Unreadable("not a snapshot".to_owned()))?
            .map_err(|err| BodyError::Unreadable(err.to_string()))?;
        let mut txn = self.doc.transact_mut();
        let now = txn.snapshot();
        let chunks = self
            .text
            .diff_range(&mut txn, Some(&now), Some(&then), YChange::identity);
        let mut runs: Vec<Inserted> = Vec::new();
        let mut at = 0u32;
        for chunk in chunks {
            let Out::Any(Any::String(text)) = &chunk.insert else {
                continue;
            };
            let len = utf16_len(text);
            if let Some(YChange {
                kind: ChangeKind::Added,
                id,
            }) = chunk.ychange
            {
                let writer = id.client.get();
                match runs.last_mut() {
                    Some(last) if last.to == at && last.writer == writer => last.to += len,
                    _ => runs.push(Inserted {
                        from: at,
                        to: at + len,
                        writer,
                    }),
                }
            }
            at += len;
        }
        Ok(runs)
    }

    /// The edits this copy holds that a copy at `state_vector` lacks, as one change.
    pub fn changes_since(&self, state_vector: &[u8]) -> Result<Vec<u8>, BodyError> {
        if state_vector.len() > MAX_UPDATE_BYTES {
            return Err(BodyError::TooLarge {
                size: state_vector.len(),
                max: MAX_UPDATE_BYTES,
            });
        }
        plausible_count(state_vector)?;
        // yrs asserts on some malformed bytes instead of answering an error.
        let remote = catch_unwind(|| StateVector::decode_v1(state_vector))
            .map_err(|_| BodyError::Unreadable("not a state vector".to_owned()))?
            .map_err(|err| BodyError::Unreadable(err.to_string()))?;
        Ok(self.doc.transact().encode_diff_v1(&remote))
    }
}

/// The form a stored state is kept in, told by its first byte. yjs's second encoding always
/// starts with a zero (its feature flag), so a state kept before deflating is read as it is.
mod stored_form {
    use std::borrow::Cow;
    use std::io::{Read, Write};

    use flate2::{read::DeflateDecoder, write::DeflateEncoder, Compression};

    use super::{BodyError, MAX_UPDATE_BYTES};

    /// yjs's second encoding, as it is (how stores kept states before they were deflated).
    const PLAIN: u8 = 0;
    /// This byte, then yjs's second encoding deflated (RFC 1951).
    const DEFLATED: u8 = 1;

    /// `state` (yjs's second encoding) in the deflated form. The fastest level: a state is
    /// deflated inside a save's transaction, and the best level saves a tenth more in six
    /// times the time.
    pub(super) fn deflate(state: &[u8]) -> Vec<u8> {
        let mut out = DeflateEncoder::new(vec![DEFLATED], Compression::fast());
        // Writing into a Vec cannot fail.
        let _ = out.write_all(state);
        out.finish().unwrap_or_default()
    }

    /// The yjs bytes of a stored state in either form, inflated to at most the largest state
    /// read (a stored state is this laptop's own, but a damaged one must not fill the memory).
    pub(super) fn inflate(stored: &[u8]) -> Result<Cow<'_, [u8]>, BodyError> {
        match stored.split_first() {
            Some((&DEFLATED, deflated)) => {
                let mut state = Vec::with_capacity(deflated.len() * 3);
                DeflateDecoder::new(deflated)
                    .take(MAX_UPDATE_BYTES as u64 + 1)
                    .read_to_end(&mut state)
                    .map_err(|err| BodyError::Unreadable(format!("stored state: {err}")))?;
                Ok(Cow::Owned(state))
            }
            Some((&PLAIN, _)) => Ok(Cow::Borrowed(stored)),
            _ => Err(BodyError::Unreadable(
                "a stored state in a form this version does not know".to_owned(),
            )),
        }
    }
}

/// How a change's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// yjs's first encoding (`encodeStateAsUpdate`, the editor's updates): every change that
    /// travels.
    Sent,
    /// yjs's second encoding: the state a store folds its changes into.
    Stored,
}

/// Applies `change` inside `txn`, refusing a change too large, unreadable, or with a gap in a
/// writer's edits (checked before anything is applied).
fn apply_in(
    txn: &mut yrs::TransactionMut<'_>,
    change: &[u8],
    encoding: Encoding,
) -> Result<(), BodyError> {
    if change.len() > MAX_UPDATE_BYTES {
        return Err(BodyError::TooLarge {
            size: change.len(),
            max: MAX_UPDATE_BYTES,
        });
    }
    let update = match encoding {
        Encoding::Sent => {
            plausible_count(change)?;
            Update::decode_v1(change)
        }
        Encoding::Stored => Update::decode_v2(change),
    }
    .map_err(|err| BodyError::Unreadable(err.to_string()))?;
    // Each writer's edits must follow on from the ones this copy holds. yrs would keep a gap as
    // pending (or, for some gaps, let it through), so it is checked first.
    let held = txn.state_vector();
    if update
        .state_vector_lower()
        .iter()
        .any(|(client, &first)| first > held.get(client))
    {
        return Err(BodyError::Incomplete);
    }
    txn.apply_update(update)
        .map_err(|err| BodyError::Unreadable(err.to_string()))?;
    if txn.has_missing_updates() {
        txn.prune_pending();
        return Err(BodyError::Incomplete);
    }
    Ok(())
}

/// Refuses a body longer than [`MAX_TEXT_BYTES`]. Its length in UTF-16 units is at hand; the
/// text is only made when that length leaves the answer open (a UTF-16 unit is 1 to 3 bytes).
fn check_length(text: &TextRef, txn: &yrs::TransactionMut<'_>) -> Result<(), BodyError> {
    let units = text.len(txn) as usize;
    if units.saturating_mul(3) <= MAX_TEXT_BYTES {
        return Ok(());
    }
    let size = if units > MAX_TEXT_BYTES {
        units
    } else {
        text.get_string(txn).len()
    };
    if size > MAX_TEXT_BYTES {
        return Err(BodyError::TextTooLong {
            size,
            max: MAX_TEXT_BYTES,
        });
    }
    Ok(())
}

fn decoder_panicked() -> BodyError {
    BodyError::Unreadable("the document library could not decode it".to_owned())
}

/// Refuses bytes whose leading count (of writers, in a change or a state vector) is more than
/// the bytes could hold. yrs reserves a table of that many entries before reading them: five
/// hostile bytes cost a gigabyte and a tenth of a second, or more, without this check.
fn plausible_count(bytes: &[u8]) -> Result<(), BodyError> {
    let mut count: u64 = 0;
    for (at, byte) in bytes.iter().take(10).enumerate() {
        count |= u64::from(byte & 0x7f) << (7 * at);
        if byte & 0x80 == 0 {
            return if count <= bytes.len() as u64 {
                Ok(())
            } else {
                Err(BodyError::Unreadable(
                    "it names more parts than it has bytes".to_owned(),
                ))
            };
        }
    }
    Err(BodyError::Unreadable("it is empty or cut short".to_owned()))
}

/// The writers whose edits `change` carries (not those whose edits it only deletes).
pub fn writers_of(change: &[u8]) -> Result<Vec<u64>, BodyError> {
    plausible_count(change)?;
    let update = catch_unwind(|| Update::decode_v1(change))
        .map_err(|_| BodyError::Unreadable("not a change".to_owned()))?
        .map_err(|err| BodyError::Unreadable(err.to_string()))?;
    let mut writers: Vec<u64> = update
        .state_vector_lower()
        .iter()
        .map(|(client, _)| client.get())
        .collect();
    writers.sort_unstable();
    Ok(writers)
}

/// The longest encoded position in a document accepted from elsewhere (a writer's id, a clock
/// and a flag take a dozen bytes; a position naming its type by name a few more).
pub const MAX_POSITION_BYTES: usize = 64;

/// Checks that `bytes` are a position in a document (a yjs relative position, as the editor's
/// `Y.encodeRelativePosition` writes it), before anyone stores them.
pub fn check_position(bytes: &[u8]) -> Result<(), BodyError> {
    if bytes.len() > MAX_POSITION_BYTES {
        return Err(BodyError::TooLarge {
            size: bytes.len(),
            max: MAX_POSITION_BYTES,
        });
    }
    catch_unwind(|| StickyIndex::decode_v1(bytes))
        .map_err(|_| BodyError::Unreadable("not a position in the text".to_owned()))?
        .map_err(|err| BodyError::Unreadable(err.to_string()))?;
    Ok(())
}

/// What a committed transaction added to the document, or `None` when it added nothing.
fn novel(txn: &yrs::TransactionMut<'_>) -> Option<Vec<u8>> {
    let changed = !txn.delete_set().is_empty() || txn.after_state() != txn.before_state();
    changed.then(|| txn.encode_update_v1())
}

/// `text` with every `\r\n` and lone `\r` made `\n`, as the editor keeps line breaks.
pub fn normalize_line_breaks(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// One step of an edit, at a position in UTF-16 code units of the text as it stands when the
/// step is made (the steps are made in order).
#[derive(Debug, PartialEq, Eq)]
enum Edit<'a> {
    Delete { at: u32, len: u32 },
    Insert { at: u32, text: &'a str },
}

/// The runs that `steps` (a change of the text `before`, in UTF-16 code units) took out of it,
/// each where it was in the text after.
fn removed_runs(before: &str, steps: &[Step]) -> Vec<Removed> {
    let mut removed = Vec::new();
    let mut chars = before.char_indices().peekable();
    // Moves `chars` on by `units` UTF-16 code units; answers the byte range passed.
    let mut advance = |units: u32| {
        let start = chars.peek().map_or(before.len(), |&(at, _)| at);
        let mut passed = 0;
        while passed < units {
            let Some((_, c)) = chars.next() else { break };
            passed += u32::try_from(c.len_utf16()).unwrap_or(1);
        }
        let end = chars.peek().map_or(before.len(), |&(at, _)| at);
        start..end
    };
    let mut after = 0u32;
    for &step in steps {
        match step {
            Step::Keep(len) => {
                advance(len);
                after += len;
            }
            Step::Add(len) => after += len,
            Step::Remove(len) => {
                let run = advance(len);
                removed.push(Removed {
                    at: after,
                    text: before[run].to_owned(),
                });
            }
        }
    }
    removed
}

fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The steps that turn `old` into `new`, character by character where that is cheap to find:
/// the common start and end are skipped at once, the middle is diffed within a deadline.
fn smallest_edit<'a>(old: &str, new: &'a str) -> Vec<Edit<'a>> {
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(&old[prefix..], &new[prefix..]);
    let old_middle = &old[prefix..old.len() - suffix];
    let new_middle = &new[prefix..new.len() - suffix];
    let start = utf16_len(&old[..prefix]);

    // Byte offsets of each character, so the diff's character ranges become string slices.
    let old_chars: Vec<char> = old_middle.chars().collect();
    let new_chars: Vec<char> = new_middle.chars().collect();
    let old_offsets = char_offsets(old_middle);
    let new_offsets = char_offsets(new_middle);
    let deadline = Instant::now() + DIFF_DEADLINE;
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_chars,
        &new_chars,
        Some(deadline),
    );

    let mut edits = Vec::new();
    let mut cursor = start;
    let old_slice =
        |from: usize, len: usize| &old_middle[old_offsets[from]..old_offsets[from + len]];
    let new_slice =
        |from: usize, len: usize| &new_middle[new_offsets[from]..new_offsets[from + len]];
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                cursor += utf16_len(old_slice(old_index, len));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                let len = utf16_len(old_slice(old_index, old_len));
                edits.push(Edit::Delete { at: cursor, len });
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                let text = new_slice(new_index, new_len);
                edits.push(Edit::Insert { at: cursor, text });
                cursor += utf16_len(text);
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let len = utf16_len(old_slice(old_index, old_len));
                edits.push(Edit::Delete { at: cursor, len });
                let text = new_slice(new_index, new_len);
                edits.push(Edit::Insert { at: cursor, text });
                cursor += utf16_len(text);
            }
        }
    }
    edits
}

/// The byte offset where each character of `text` starts, and the text's length last.
fn char_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// How many bytes `a` and `b` share at their start, ending on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((at, _), _)| at)
}

/// How many bytes `a` and `b` share at their end, ending on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

#[cfg(test)]
mod tests;
