//! Files the commands write: atomic replacement, scratch directories.

use super::error::CliError;
use std::path::Path;

/// Replaces a file's contents through a temporary file in the same
/// directory, renamed over it: a reader never sees half a file. The
/// permissions are kept, and a symbolic link stays a link.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // through a symbolic link, the file it points to is replaced, not the link
    let resolved = std::fs::canonicalize(path)?;
    let path = resolved.as_path();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.boussole-fmt-{}", std::process::id()));
    let result = (|| {
        std::fs::write(&tmp, bytes)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A fresh scratch directory (spec tests' CSV files, diff's revisions),
/// made with an unpredictable name and removed when dropped.
pub fn scratch_dir() -> Result<tempfile::TempDir, CliError> {
    tempfile::Builder::new()
        .prefix("boussole-")
        .tempdir()
        .map_err(|e| CliError::io_doing(boussole::msg!("cli-cannot-make-temp"), e))
}
