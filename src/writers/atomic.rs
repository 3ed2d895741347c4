//! Files written under a temporary name and renamed into place once complete.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::WriteError;

/// A file an output step has written (its final name, size and checksum).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrittenFile {
    /// Final path of the file.
    pub path: PathBuf,
    /// Kind of file: `"csv"`, `"xlsx"`, `"json"`, `"html"`, `"txt"` or `"file"`.
    pub format: &'static str,
    /// Number of data rows (header rows not counted); 0 for files that are not row-oriented or
    /// when the writer does not know (set it yourself after [`write_atomic`]).
    pub rows: usize,
    /// Size in bytes.
    pub bytes: u64,
    /// Lower-hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// The kind of file a path names, from its extension (see [`WrittenFile::format`]).
pub fn format_of(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => "csv",
        Some("xlsx") => "xlsx",
        Some("json") => "json",
        Some("html") => "html",
        Some("txt") => "txt",
        _ => "file",
    }
}

/// Temporary name of `path` while it is written: `.name.partial` in the same directory, so
/// that the final rename never crosses file systems.
pub fn temp_path_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

/// Creates `temp` for writing, new and readable by the owner only (outputs hold personal
/// data). A regular file left there by an interrupted run is removed first; anything else at
/// that name (a symbolic link someone placed there, a folder) is refused, never followed:
/// `create_new` fails on an existing name, links included.
pub(crate) fn create_private(temp: &Path) -> Result<File, WriteError> {
    if let Ok(meta) = std::fs::symlink_metadata(temp) {
        if meta.file_type().is_file() {
            std::fs::remove_file(temp).map_err(|e| io_error(temp, "remove the stale", e))?;
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(temp).map_err(|e| io_error(temp, "create", e))
}

fn io_error(path: &Path, action: &'static str, source: io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// Removes a temporary file when dropped, unless it has been renamed into place.
#[derive(Debug)]
pub(crate) struct TempGuard {
    temp: Option<PathBuf>,
}

impl TempGuard {
    pub(crate) fn new(temp: PathBuf) -> Self {
        TempGuard { temp: Some(temp) }
    }

    pub(crate) fn path(&self) -> &Path {
        self.temp.as_deref().unwrap_or(Path::new(""))
    }

    /// Renames the temporary file to `path`; the guard no longer removes it.
    pub(crate) fn rename_to(mut self, path: &Path) -> Result<(), WriteError> {
        if let Some(temp) = &self.temp {
            std::fs::rename(temp, path).map_err(|e| io_error(path, "rename into place", e))?;
            self.temp = None;
        }
        Ok(())
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            // Best effort: the file may never have been created.
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// A complete file under its temporary name, waiting to be renamed into place.
#[derive(Debug)]
pub(crate) struct StagedFile {
    guard: TempGuard,
    path: PathBuf,
    format: &'static str,
    rows: usize,
    bytes: u64,
    sha256: String,
}

impl StagedFile {
    /// Stages a temporary file already written and closed: syncs it and hashes its bytes.
    pub(crate) fn from_closed(
        guard: TempGuard,
        path: PathBuf,
        format: &'static str,
        rows: usize,
    ) -> Result<Self, WriteError> {
        let temp = guard.path().to_path_buf();
        let mut file = File::open(&temp).map_err(|e| io_error(&temp, "reopen", e))?;
        file.sync_all()
            .map_err(|e| io_error(&temp, "sync to disk", e))?;
        let mut hasher = Sha256::new();
        let bytes =
            io::copy(&mut file, &mut hasher).map_err(|e| io_error(&temp, "read back", e))?;
        Ok(StagedFile {
            guard,
            path,
            format,
            rows,
            bytes,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    /// Final path of the file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Gives the file another final name (a part of a split decided after it was written).
    pub(crate) fn set_path(&mut self, path: PathBuf) {
        self.path = path;
    }

    /// Kind of file, see [`WrittenFile::format`].
    pub(crate) fn format(&self) -> &'static str {
        self.format
    }

    /// Data rows of the file.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Renames the file into place.
    pub(crate) fn publish(self) -> Result<WrittenFile, WriteError> {
        self.guard.rename_to(&self.path)?;
        Ok(WrittenFile {
            path: self.path,
            format: self.format,
            rows: self.rows,
            bytes: self.bytes,
            sha256: self.sha256,
        })
    }
}

/// A file written under a temporary name (`.name.partial`) and renamed to its final name by
/// [`commit`](Self::commit); dropped without commit, the temporary file is removed.
///
/// Bytes are hashed as they are written, so committing does not read the file back.
#[derive(Debug)]
pub struct AtomicFile {
    // Declared before `guard` so that the file is closed before the guard removes it.
    out: Option<BufWriter<File>>,
    guard: TempGuard,
    path: PathBuf,
    hasher: Sha256,
    bytes: u64,
    rows: usize,
}

impl AtomicFile {
    /// Creates the temporary file for `path` (its directory must exist).
    pub fn create(path: &Path) -> Result<AtomicFile, WriteError> {
        let temp = temp_path_for(path);
        let file = create_private(&temp)?;
        Ok(AtomicFile {
            out: Some(BufWriter::with_capacity(1 << 16, file)),
            guard: TempGuard::new(temp),
            path: path.to_path_buf(),
            hasher: Sha256::new(),
            bytes: 0,
            rows: 0,
        })
    }

    /// Final path of the file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Sets the data row count reported by [`commit`](Self::commit).
    pub fn set_rows(&mut self, rows: usize) {
        self.rows = rows;
    }

    /// Flushes, syncs and closes the file, without renaming it yet.
    pub(crate) fn stage(self) -> Result<StagedFile, WriteError> {
        let AtomicFile {
            out,
            guard,
            path,
            hasher,
            bytes,
            rows,
        } = self;
        if let Some(out) = out {
            let file = out
                .into_inner()
                .map_err(|e| io_error(guard.path(), "write", e.into_error()))?;
            file.sync_all()
                .map_err(|e| io_error(guard.path(), "sync to disk", e))?;
        }
        Ok(StagedFile {
            guard,
            format: format_of(&path),
            path,
            rows,
            bytes,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    /// Flushes and closes the file and renames it to its final name.
    pub fn commit(self) -> Result<WrittenFile, WriteError> {
        self.stage()?.publish()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("file already closed"))?;
        let n = out.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.out.as_mut() {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

/// Writes `bytes` to `path` atomically: to `.name.partial` in the same directory, then renamed.
///
/// For side files such as `rejects.csv` or `protocol.json`; `rows` of the result is 0. For
/// large files written piece by piece, use [`AtomicFile`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<WrittenFile, WriteError> {
    let mut file = AtomicFile::create(path)?;
    let temp = temp_path_for(path);
    file.write_all(bytes)
        .map_err(|e| io_error(&temp, "write", e))?;
    file.commit()
}
