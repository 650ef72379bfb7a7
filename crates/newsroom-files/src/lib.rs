//! Reading a file that came from outside (a dropped photo, a wire item in the watched folder, a
//! picture beside an item) without trusting what kind of file it is.
//!
//! A name ending in `.json` can be a FIFO that blocks the reader forever, a link to
//! `/dev/zero` that never ends, or a link out of the folder to a file the desk should not read.
//! [`read_regular_file`] opens without blocking and, where asked, without following a link,
//! then asks the *opened* file what it is (so it cannot be swapped between a check and the
//! read), refuses anything but a regular file, and never reads more than its cap.
//!
//! Writing a file a person asked for (an export, the vocabularies) is the mirror image:
//! [`write_file`] never writes through a link standing at the path, never replaces a file
//! without the person's word, and never leaves a half-written file there.

#![warn(missing_docs)]

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Whether a link in the file's place may be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Followed: a file a person chose in a dialog or dropped on the window.
    Follow,
    /// Refused: a file found in a watched folder or named by an agency's item.
    Refuse,
}

/// Why a file was not read, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadRefusal {
    /// Not a regular file: a folder, a link (where refused), a FIFO or a device.
    NotAFile(&'static str),
    /// Larger than the cap.
    TooLarge(u64),
    /// The file system's own error, in words.
    Io(String),
}

impl std::fmt::Display for ReadRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadRefusal::NotAFile(what) => write!(f, "it is {what}, not an ordinary file"),
            ReadRefusal::TooLarge(bytes) => {
                write!(
                    f,
                    "it is {} MB, more than the desk reads",
                    bytes.div_ceil(1 << 20)
                )
            }
            ReadRefusal::Io(words) => f.write_str(words),
        }
    }
}

/// The I/O error in a journalist's words.
fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist (it may have been moved)".into(),
        std::io::ErrorKind::PermissionDenied => {
            "the desk is not allowed to read it (check the file's permissions)".into()
        }
        _ => format!("it could not be read ({err})"),
    }
}

/// Opens `path` without blocking on a FIFO and, with [`Links::Refuse`], failing on a link.
#[cfg(unix)]
fn open(path: &Path, links: Links) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

/// Opens `path`; a link is refused by looking before opening (no race-free way here).
#[cfg(not(unix))]
fn open(path: &Path, links: Links) -> std::io::Result<File> {
    if links == Links::Refuse && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a link"));
    }
    File::open(path)
}

/// The bytes of the regular file at `path`, at most `max_bytes` of them.
pub fn read_regular_file(
    path: &Path,
    max_bytes: u64,
    links: Links,
) -> Result<Vec<u8>, ReadRefusal> {
    if links == Links::Refuse
        && std::fs::symlink_metadata(path)
            .map_err(|err| ReadRefusal::Io(describe_io(&err)))?
            .file_type()
            .is_symlink()
    {
        return Err(ReadRefusal::NotAFile("a link to another file"));
    }
    let file = open(path, links).map_err(|err| match err.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP) => ReadRefusal::NotAFile("a link to another file"),
        _ => ReadRefusal::Io(describe_io(&err)),
    })?;
    let metadata = file
        .metadata()
        .map_err(|err| ReadRefusal::Io(describe_io(&err)))?;
    let kind = metadata.file_type();
    if !kind.is_file() {
        return Err(ReadRefusal::NotAFile(if kind.is_dir() {
            "a folder"
        } else {
            "a pipe or a device"
        }));
    }
    if metadata.len() > max_bytes {
        return Err(ReadRefusal::TooLarge(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // The file may grow after the look: never read past the cap.
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| ReadRefusal::Io(describe_io(&err)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadRefusal::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("item.json");
        std::fs::write(&file, b"{}").expect("write");
        assert_eq!(
            read_regular_file(&file, 10, Links::Refuse),
            Ok(b"{}".to_vec())
        );
        assert_eq!(
            read_regular_file(&file, 1, Links::Refuse),
            Err(ReadRefusal::TooLarge(2))
        );

        let link = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        assert_eq!(
            read_regular_file(&link, 10, Links::Refuse),
            Err(ReadRefusal::NotAFile("a link to another file"))
        );
        // Followed where a person chose it, a link to a device is still not a file.
        assert_eq!(
            read_regular_file(&link, 10, Links::Follow),
            Err(ReadRefusal::NotAFile("a pipe or a device"))
        );

        let fifo = dir.path().join("fifo.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let started = std::time::Instant::now();
        assert_eq!(
            read_regular_file(&fifo, 10, Links::Refuse),
            Err(ReadRefusal::NotAFile("a pipe or a device"))
        );
        assert!(
            started.elapsed().as_secs() < 2,
            "a FIFO does not block the reader"
        );
    }
}

/// Whether a write may replace a file that is already where it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Only with the person's word (`--overwrite`, or a save dialog that asked).
    Never,
    /// Yes: the person said so, or the file is the desk's own earlier export of the same story
    /// (a folder target updated by a new push).
    Allowed,
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteRefusal {
    /// A file is there and replacing it was not allowed.
    Exists,
    /// A link stands where the file would go.
    Link,
    /// The file system's own error.
    Io(std::io::Error),
}

impl std::fmt::Display for WriteRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteRefusal::Exists => write!(f, "a file of that name is there already"),
            WriteRefusal::Link => write!(
                f,
                "it is a link to another file; the desk does not write through links"
            ),
            WriteRefusal::Io(err) => write!(f, "{err}"),
        }
    }
}

/// Writes `bytes` to `path` through a new file beside it and a rename, so that a link at
/// `path` is never written through (the rename replaces the link itself, and is refused
/// before that), a half-written file never stands at `path`, and an existing file is replaced
/// only when `replace` allows.
pub fn write_file(path: &Path, bytes: &[u8], replace: Replace) -> Result<(), WriteRefusal> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(WriteRefusal::Link),
        Ok(_) if replace == Replace::Never => return Err(WriteRefusal::Exists),
        _ => {}
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let temporary = folder.join(format!(".{name}.{}.part", uuid::Uuid::now_v7().simple()));
    let written = (|| {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(WriteRefusal::Io(source));
    }
    Ok(())
}
